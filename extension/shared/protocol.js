// The message vocabulary between the extension's contexts, version 1.
// The authoritative definition is Rust (crate/src/protocol.rs, serde), whose message types
// and error codes reach here through the generated contract.js; this module only builds
// requests so every context writes them the same way (the background imports it; the
// pages and the content scripts have it bundled in).
import { KEY, MESSAGE as M, PREFIX, VERSION } from './contract.js';

export { VERSION };
const request = (type, fields) => Object.assign({ v: VERSION, type }, fields);

/** The storage.local key under which the background keeps its last `status` answer (JSON text) for the popup. */
export const LAST_STATUS = 'last-status';
/**
 * Test builds only (build.sh defines `globalThis.TOO_SOON_TEST_HOOKS`; the shipped build
 * has this null and no trace of the key): the storage key of a number of milliseconds the
 * tests add to the extension's clock, to move time past a due moment. Nothing in the
 * extension writes it.
 */
export const CLOCK_OFFSET = globalThis.TOO_SOON_TEST_HOOKS ? 'test:clock_offset_ms' : null; // written out: tests/unit/shipped.test.js looks for it
/**
 * Test builds only (null in the shipped build): the storage.session key under which the
 * background keeps what it passed to `notifications.create` (`[{id, title, message}]`),
 * since `notifications.getAll` gives the tests ids only.
 */
export const NOTIFIED = globalThis.TOO_SOON_TEST_HOOKS ? 'test:notified' : null;
/**
 * Test builds only (null in the shipped build): the storage.session key under which the
 * background keeps the `reason` of the last `runtime.onInstalled` (install, update).
 */
export const INSTALLED = globalThis.TOO_SOON_TEST_HOOKS ? 'test:installed' : null;
/**
 * Is this storage key one of what the background publishes for content scripts (the
 * compose views, the contact-name index, the settings; in test builds the clock offset)?
 */
export const isPublished = (key) =>
  key.startsWith(PREFIX.view) || key === KEY.viewNames || key === KEY.settings || (CLOCK_OFFSET !== null && key === CLOCK_OFFSET);
/** In storage.session: the published keys were mirrored there (Chromium; see background/mirror.js). */
export const MIRRORED = 'views-mirrored';
/**
 * An error answer, as the background sends when it cannot answer (see protocol.rs): the
 * message for logs, and the problem the pages word (`say_problem_<code>`).
 */
export const error = (code, message) => ({ v: VERSION, ok: false, type: 'error', code, message, problems: [{ path: '', code, values: {} }] });
/** Is the background up, and which engine does it run? */
export const ping = () => request(M.ping);
/** Judge a proposed contact to these addresses now. */
export const check = (to, channel = 'email', words = null) =>
  request(M.check, words == null ? { to, channel } : { to, channel, words });
/** Every opportunity's follow-up status now. */
export const status = () => request(M.status);
/** Counts of what is stored. */
export const summary = () => request(M.summary);
/** What is due now and when something next becomes due; shows what was not shown yet. */
export const reminders = () => request(M.reminders);
/** Adds or replaces an opportunity (by its id). */
export const putOpportunity = (opportunity) => request(M.putOpportunity, { opportunity });
/** Adds or replaces a contact (by its id). */
export const putContact = (contact) => request(M.putContact, { contact });
/** Logs an event; its `id` is chosen by the sender, so a retry is never stored twice. */
export const logEvent = (event) => request(M.logEvent, { event });
/** Replaces a stored event by an edited one (the same id); its answer's `previous` undoes it. */
export const editEvent = (event) => request(M.editEvent, { event });
/** The events of one opportunity, newest first (its timeline). */
export const events = (opportunity) => request(M.events, { opportunity });
/** Changes the settings given (`{profile?, notifications?, ask_before_send?, providers?, own_addresses?}`); the others stay. */
export const putSettings = (settings) => request(M.putSettings, { settings });
/** Several of the changes above as one: each planned over the ones before it, all stored or none. */
export const batch = (changes) => request(M.batch, { changes });
/** The whole history as a backup file (its text, in the file format). */
export const exportBackup = () => request(M.export);
/** Restores a backup file's text: `merge` (add what is new) or `replace` (everything). */
/** Restores `file`; with `dryRun`, says what it would do (counts, or every problem of the file) and writes nothing. */
export const importBackup = (file, mode, dryRun = false) => request(M.import, { file, mode, ...(dryRun ? { dry_run: true } : {}) });
/**
 * The next follow-up moments as an iCalendar (.ics) file's text, each event worded by
 * `texts`: `{"<opportunity id>": {title, description}}` (the engine writes no prose).
 */
export const calendar = (texts) => request(M.calendar, { texts });
/** Logs an email sent from a webmail page: `{id, to: [addresses], at?}` (RFC 3339). */
export const logSend = (send) => request(M.logSend, { send });
/** The webmail's Undo of send `id`: removes what it was logged as. */
export const forgetSend = (id) => request(M.forgetSend, { id });
/**
 * Logs a reply from the tracked contacts with an address: `{id, from, at?, provider?,
 * message?}` (`provider` and `message`: the webmail and its message the reply was seen in).
 */
export const logReply = (reply) => request(M.logReply, { reply });
/** A name a webmail shows `address` under (a tracked contact's alias from then on). */
export const learnAlias = (address, name) => request(M.learnAlias, { address, name });
/** An address the user sends from (a webmail compose's From): never logged as a reply. */
export const learnOwnAddress = (address) => request(M.learnOwnAddress, { address });
/** Records whether a webmail provider's layout is recognized right now. */
export const reportProvider = (provider, recognized) => request(M.reportProvider, { provider, recognized });
/** Deletes an opportunity (with its people and events), a contact or an event. */
export const deleteRecord = (kind, id) => request(M.delete, { kind, id });
/** Puts back what a delete answered as `removed` (undo). */
export const putBack = (removed) => request(M.putBack, { removed });
/** Deletes everything stored. */
export const deleteAll = () => request(M.deleteAll);
/** Asks a compose window's content script (in a tab: `tabs.sendMessage`) for its recipients. */
export const composeRecipients = () => request(M.composeRecipients);
/** The content script's answer to `composeRecipients`: `[{address, name}]`, either may be null. */
export const recipientsFound = (recipients) => ({ v: VERSION, ok: true, type: M.composeRecipients, recipients });
