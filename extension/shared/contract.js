// Generated from the engine's Rust definitions (crate/src/contract.rs) by build.sh:
// do not edit. `cargo run -p too-soon --example contract > extension/shared/contract.js`
// writes it again; crate/tests/contract.rs fails while it is stale.

/** The message protocol's version (crate/src/protocol.rs). */
export const VERSION = 1;

/** Every message's `type` (protocol.rs, MessageType). */
export const MESSAGE = {
  ping: "ping",
  check: "check",
  status: "status",
  summary: "summary",
  reminders: "reminders",
  export: "export",
  calendar: "calendar",
  events: "events",
  putOpportunity: "put_opportunity",
  putContact: "put_contact",
  logEvent: "log_event",
  editEvent: "edit_event",
  putSettings: "put_settings",
  batch: "batch",
  import: "import",
  delete: "delete",
  putBack: "put_back",
  deleteAll: "delete_all",
  logSend: "log_send",
  forgetSend: "forget_send",
  logReply: "log_reply",
  learnAlias: "learn_alias",
  learnOwnAddress: "learn_own_address",
  reportProvider: "report_provider",
  composeRecipients: "compose_recipients",
};

/** Every error answer's `code` (protocol.rs, ErrorCode). */
export const ERROR = {
  malformed: "malformed",
  unknownType: "unknown_type",
  unsupportedVersion: "unsupported_version",
  dataUnreadable: "data_unreadable",
  engineUnavailable: "engine_unavailable",
  forbidden: "forbidden",
  invalid: "invalid",
  readOnly: "read_only",
  conflict: "conflict",
  quotaExceeded: "quota_exceeded",
  storageFailed: "storage_failed",
};

/** The storage schema this build writes; newer ones are read-only (storage/mod.rs). */
export const SCHEMA_VERSION = 2;

/** storage.local keys (storage/mod.rs, storage/views.rs). */
export const KEY = {
  schema: "schema",
  settings: "settings",
  reminders: "reminders",
  viewNames: "view-names",
  viewMeta: "view-meta",
};

/** storage.local key prefixes: a view's, a provider's, the extension's sync state, the tests' (storage/). */
export const PREFIX = {
  view: "view:",
  provider: "provider:",
  sync: "sync:",
  test: "test:",
};

/** The kinds of entity, each stored under its own key `<kind>:<id>` (storage/mod.rs, Kind). */
export const ENTITIES = ["opportunity", "contact", "event"];

/** storage.sync: the engine's items (`meta`, `<prefix><id>`), the text an item is cut at, the browser's limits (sync/pack.rs). */
export const SYNC = {
  meta: "ts",
  prefix: "t:",
  itemText: 24000,
  quotaBytes: 102400,
  quotaBytesPerItem: 8192,
  maxItems: 512,
};

/** The largest backup file the engine reads (format/mod.rs): the options page refuses a larger one itself, as the browser might not even deliver it. */
export const MAX_FILE_BYTES = 67108864;

/** How far ahead of now a send may be scheduled and a reply dated, in ms (storage/sends.rs): the webmail pages log nothing the engine would refuse. */
export const AHEAD_AT_MOST_MS = {
  send: 31536000000,
  reply: 300000,
};

/** The characters that change the order or the lines text is shown in (text.rs `reorders`), as ranges of code points: never part of an address. */
export const REORDERING = [[1564,1564],[8206,8207],[8232,8238],[8294,8297]];

/** A verdict's levels, mildest first (model/level.rs). */
export const LEVELS = ["encouraged", "ok", "move_on", "too_soon", "stop"];

/** What a send was (model/kinds.rs). */
export const CLASSIFICATIONS = ["thank_you", "answer", "initiated"];

/** The webmail providers (model/kinds.rs). */
export const PROVIDERS = ["gmail", "outlook", "proton", "yahoo"];

/** How strict the engine is (model/kinds.rs). */
export const PROFILES = ["gentle", "balanced", "persistent"];

/** Each profile's numbers of the rules (policy/numbers.rs). */
export const NUMBERS = {
  gentle: {"answers_per_day":3,"apply_wait_days":14,"cadence_days":14,"conversation_days":14,"counted_call_attempt":3,"interview_wait_days":14,"move_on_after":1,"move_on_wait_days":14,"short_words":150,"thank_you_hours":24,"week_cap":1},
  balanced: {"answers_per_day":3,"apply_wait_days":7,"cadence_days":10,"conversation_days":14,"counted_call_attempt":3,"interview_wait_days":7,"move_on_after":2,"move_on_wait_days":14,"short_words":150,"thank_you_hours":48,"week_cap":2},
  persistent: {"answers_per_day":3,"apply_wait_days":7,"cadence_days":7,"conversation_days":14,"counted_call_attempt":3,"interview_wait_days":7,"move_on_after":3,"move_on_wait_days":14,"short_words":150,"thank_you_hours":48,"week_cap":2},
};

/** Where an opportunity stands (model/kinds.rs). */
export const STAGES = ["applied", "interviewing", "offer", "closed"];

/** A contact's roles (model/kinds.rs). */
export const ROLES = ["hiring_manager", "recruiter", "interviewer", "assistant", "other"];

/** What happened (model/kinds.rs). */
export const EVENT_KINDS = ["application", "interview", "thank_you", "follow_up", "call_attempt", "reply", "closed"];

/** How a contact is made (model/kinds.rs). */
export const CHANNELS = ["email", "call", "voicemail", "message", "linkedin", "in_person", "other"];

/** Why an opportunity closed (model/kinds.rs). */
export const CLOSED_REASONS = ["rejected", "withdrawn", "filled", "offer_accepted", "other"];
