//! The message protocol between the extension's contexts and the background, version 1.
//!
//! Every message is a JSON object `{"v": 1, "type": "...", ...fields}`; every answer is
//! `{"v": 1, "ok": true, "type": "...", ...}` or `{"v": 1, "ok": false, "type": "error",
//! "code": "...", "message": "..."}`. This module is the one definition: the background
//! hands each message to [`handle`] (through the WebAssembly bindings) and sends back what
//! it returns; `extension/shared/protocol.js` only builds requests.

use crate::hash::{Groups, Map};

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::format::Problems;
use crate::model::{named_enum, Data, Provider};
use crate::policy::{self, Channel, OpportunityStatus, Query, Reminder, Verdict};
use crate::storage::{self, Done, ImportMode, Kind, Refused, Stored, Write, Writes};

/// The protocol version this build speaks.
pub const VERSION: u32 = 1;

/// Values in a message nest at most this deep (a message is a few levels deep; a page
/// that sends thousands must not exhaust the engine's stack).
pub const MAX_DEPTH: usize = 64;

/// A message names at most this many recipients (`check`, `log_send`).
pub const MAX_RECIPIENTS: usize = 1_000;
/// The longest message id a `log_reply` may carry (a webmail's id, or a sender and a time),
/// and the longest id of a send or a reply a page may give.
pub const MAX_MESSAGE_ID: usize = 300;

/// A compose window's recipient, as its chip shows it: an address (normalized) or a
/// name, or both (`{"address": "dana@acme.example", "name": "Dana Hill"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Recipient {
    pub address: Option<String>,
    pub name: Option<String>,
}

/// Why a message cannot be answered: a code for programs, a reason for people.
pub type Refusal = (ErrorCode, String);

named_enum! {
    /// Every message's `type`: [`decode`] reads each (an exhaustive match), and
    /// `extension/shared/contract.js` lists them for the extension's builders.
    MessageType {
        Ping = "ping",
        Check = "check",
        Status = "status",
        Summary = "summary",
        Reminders = "reminders",
        Export = "export",
        Calendar = "calendar",
        Events = "events",
        PutOpportunity = "put_opportunity",
        PutContact = "put_contact",
        LogEvent = "log_event",
        EditEvent = "edit_event",
        PutSettings = "put_settings",
        Batch = "batch",
        Import = "import",
        Delete = "delete",
        PutBack = "put_back",
        DeleteAll = "delete_all",
        LogSend = "log_send",
        ForgetSend = "forget_send",
        LogReply = "log_reply",
        LearnAlias = "learn_alias",
        LearnOwnAddress = "learn_own_address",
        ReportProvider = "report_provider",
        /// The popup asks a compose window's content script (not the background) for its
        /// recipients, to prefill "Track someone" (`popup/prefill.js`).
        ComposeRecipients = "compose_recipients",
    }
}

/// A request, after the envelope's version was checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Is the background up, and which engine does it run?
    Ping,
    /// Judge a proposed contact to these addresses, now.
    Check {
        to: Vec<String>,
        channel: Option<Channel>,
        words: Option<u32>,
    },
    /// Every opportunity's follow-up status, now.
    Status,
    /// How much is stored.
    Summary,
    /// What is due now (reminders) and when something next becomes due.
    Reminders,
    /// The whole history as a backup file (the file format).
    Export,
    /// The next follow-up moments as an iCalendar file, each event worded by `texts`
    /// (`{"<opportunity id>": {"title", "description"}}`, written by the caller).
    Calendar {
        texts: crate::sort::SortedMap<String, crate::ics::EventText>,
    },
    /// The events of one opportunity, newest first (its timeline).
    Events { opportunity: String },
    /// The recipients of the compose windows open in a tab: asked of the content script
    /// there, which answers [`Response::ComposeRecipients`]; the background has no compose
    /// and answers none.
    ComposeRecipients,
    /// A change to the stored history (`put_opportunity`, `put_contact`, `log_event`,
    /// `put_settings`, `import`), planned by [`storage::plan`].
    Write(Write),
    /// A change planned but not made (`import` with `dry_run: true`): its answer as if it
    /// were made (what a restore would add, replace and remove, or every problem of the
    /// file), nothing written; asked before "Replace" is confirmed.
    Preview(Write),
}

impl Request {
    /// Does it change what is stored? (Those go through the background's one writer.)
    pub fn is_write(&self) -> bool {
        matches!(self, Request::Write(_))
    }
}

/// An answer's body; [`Answer`] wraps it in the envelope.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    Pong {
        engine: &'static str,
    },
    /// `verdict` is null when no recipient is a tracked contact.
    Verdict {
        verdict: Option<Box<Verdict>>,
    },
    /// Sorted by what needs attention first ([`policy::attention`]); `due_today`: how
    /// many cards say "now" or "due" ([`policy::due_now`]: the toolbar icon's count).
    Status {
        opportunities: Vec<OpportunityStatus>,
        due_today: usize,
    },
    Summary {
        opportunities: usize,
        contacts: usize,
        events: usize,
    },
    /// Everything due now (shown or not), when something next becomes due, and whether
    /// reminders are shown as notifications.
    Reminders {
        due: Vec<Reminder>,
        next_at: Option<String>,
        notifications: bool,
    },
    /// The whole history in the file format (`file`: its text, as the CLI reads it).
    /// From storage that cannot be read as a whole, what can be read: `left_out` lists
    /// the entries that are not in the file (their storage keys) and `problems` every
    /// problem found (both absent when everything is in the file).
    Backup {
        file: String,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        left_out: Vec<String>,
        #[serde(skip_serializing_if = "Problems::is_empty")]
        problems: Problems,
    },
    /// The next follow-up moments, one event per opportunity (RFC 5545 text).
    Calendar {
        file: String,
    },
    /// An opportunity's events, newest first (the same moment: the later logged first).
    Events {
        opportunity: String,
        events: Vec<crate::model::Event>,
    },
    /// `message`: for logs, no words (each problem's path and code, or what is wrong
    /// with a malformed message); `problems`: `{path, code, values}` each, for the pages
    /// and the CLI to word and place (absent when the message itself was malformed).
    Error {
        code: ErrorCode,
        message: String,
        #[serde(skip_serializing_if = "Problems::is_empty")]
        problems: Problems,
    },
    /// The recipients of the compose windows in a tab (the content script's answer), each
    /// with its address or the name its chip shows, or both.
    ComposeRecipients {
        recipients: Vec<Recipient>,
    },
    /// A change was made: what it did (the storage's own answer, see [`Done`]).
    #[serde(untagged)]
    Changed(Done),
}

named_enum! {
    /// Why a message was not answered.
    ErrorCode {
        /// Not an object, or fields of the wrong type.
        Malformed = "malformed",
        /// A `type` this version does not know.
        UnknownType = "unknown_type",
        /// A `v` other than [`VERSION`].
        UnsupportedVersion = "unsupported_version",
        /// The stored history could not be read (every problem with its key or path); changes
        /// are refused too, so nothing is written over it.
        DataUnreadable = "data_unreadable",
        /// The WebAssembly module did not load (reported by the glue, never by [`handle`]).
        EngineUnavailable = "engine_unavailable",
        /// A content script asked for more than the badge needs (reported by the
        /// background, `background/senders.js`, never by [`handle`]).
        Forbidden = "forbidden",
        /// A write whose payload is not valid or does not fit what is stored (every problem
        /// with its path, one per line).
        Invalid = "invalid",
        /// A write to storage of a newer schema, which this build never changes.
        ReadOnly = "read_only",
        /// A merged backup holds ids stored with other content (every one with its path in
        /// the file); nothing was written.
        Conflict = "conflict",
        /// The browser refused the write: storage is full (reported by the glue).
        QuotaExceeded = "quota_exceeded",
        /// The browser refused the write for another reason (reported by the glue).
        StorageFailed = "storage_failed",
    }
}

impl From<Refused> for ErrorCode {
    fn from(why: Refused) -> Self {
        match why {
            Refused::Invalid => ErrorCode::Invalid,
            Refused::ReadOnly => ErrorCode::ReadOnly,
            Refused::DataUnreadable => ErrorCode::DataUnreadable,
            Refused::Conflict => ErrorCode::Conflict,
        }
    }
}

/// The envelope every answer travels in.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub v: u32,
    pub ok: bool,
    #[serde(flatten)]
    pub body: Response,
}

impl Answer {
    fn ok(body: Response) -> Self {
        Answer {
            v: VERSION,
            ok: true,
            body,
        }
    }

    /// An error answer.
    pub fn error(code: ErrorCode, message: impl Into<String>) -> Self {
        Answer {
            v: VERSION,
            ok: false,
            body: Response::Error {
                code,
                message: message.into(),
                problems: Problems::default(),
            },
        }
    }

    /// An error answer for `problems` (its message: their paths and codes, for logs; the
    /// pages word the problems themselves).
    pub fn refused(code: ErrorCode, problems: Problems) -> Self {
        Answer {
            v: VERSION,
            ok: false,
            body: Response::Error {
                code,
                message: problems.codes(),
                problems,
            },
        }
    }
}

fn malformed(message: impl Into<String>) -> Refusal {
    (ErrorCode::Malformed, message.into())
}

/// The refusal of a field that is not what it must be: "`path` must be `what`".
fn must_be(path: &str, what: &str) -> Refusal {
    malformed(format!("`{path}` must be {what}"))
}

/// Reads a raw message into a [`Request`], or says exactly what is wrong with it.
/// (Read by hand rather than with serde's derive: the messages are few and small, the
/// errors read better, and the WebAssembly module stays smaller.)
pub fn decode(message: Value) -> Result<Request, Refusal> {
    if deeper_than(&message, MAX_DEPTH) {
        return Err(too_deep());
    }
    let Value::Object(fields) = &message else {
        return Err(malformed("a message must be a JSON object"));
    };
    version(fields.get("v"))?;
    let kind = fields.get("type").and_then(Value::as_str);
    let kind = kind.ok_or_else(|| malformed("missing message `type`"))?;
    request(kind, &message)
}

/// The envelope's `v`: this build's [`VERSION`].
fn version(v: Option<&Value>) -> Result<(), Refusal> {
    match v {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(VERSION)) => Ok(()),
        Some(other) => Err((
            ErrorCode::UnsupportedVersion,
            format!(
                "protocol version {} is not supported; this build speaks {VERSION}",
                crate::format::text(other)
            ),
        )),
        None => Err(malformed("missing protocol version `v`")),
    }
}

/// The request of type `kind`, its fields read from `message`.
fn request(kind: &str, message: &Value) -> Result<Request, Refusal> {
    let payload = |name: &str| object(field(message, name), name);
    let write = Request::Write;
    let Some(kind) = MessageType::from_name(kind) else {
        return Err((
            ErrorCode::UnknownType,
            format!("unknown message type `{kind}`"),
        ));
    };
    Ok(match kind {
        MessageType::Ping => Request::Ping,
        MessageType::Status => Request::Status,
        MessageType::Summary => Request::Summary,
        MessageType::Reminders => Request::Reminders,
        MessageType::Export => Request::Export,
        MessageType::Calendar => calendar(message)?,
        MessageType::Events => Request::Events {
            opportunity: text(message, "opportunity")?,
        },
        MessageType::Check => check(message)?,
        MessageType::ComposeRecipients => Request::ComposeRecipients,
        MessageType::DeleteAll => write(Write::DeleteAll),
        MessageType::LogSend => write(log_send(&payload("send")?)?),
        MessageType::ForgetSend => write(Write::ForgetSend {
            id: send_id(message, "id")?,
        }),
        MessageType::LogReply => write(log_reply(&payload("reply")?)?),
        MessageType::ReportProvider => write(report_provider(message)?),
        MessageType::LearnAlias => write(learn_alias(message)?),
        MessageType::LearnOwnAddress => write(Write::OwnAddress {
            address: text(message, "address")?,
        }),
        MessageType::Delete => write(delete(message)?),
        MessageType::PutBack => write(Write::PutBack(payload("removed")?)),
        MessageType::Import => match field(message, "dry_run") {
            None | Some(Value::Bool(false)) => write(import(message)?),
            Some(Value::Bool(true)) => Request::Preview(import(message)?),
            Some(_) => return Err(malformed("`dry_run` must be true or false")),
        },
        MessageType::PutOpportunity => write(Write::Opportunity(payload("opportunity")?)),
        MessageType::PutContact => write(Write::Contact(payload("contact")?)),
        MessageType::LogEvent => write(Write::Event(payload("event")?)),
        MessageType::EditEvent => write(Write::EditEvent(payload("event")?)),
        MessageType::PutSettings => write(Write::Settings(payload("settings")?)),
        MessageType::Batch => write(batch(message)?),
    })
}

/// `check`: `to`, optional `channel` and `words`.
fn check(message: &Value) -> Result<Request, Refusal> {
    let to = addresses(message, "to")?;
    let channel = match field(message, "channel") {
        None => None,
        Some(v) => Some(
            v.as_str()
                .and_then(Channel::from_name)
                .ok_or_else(|| must_be("channel", &("one of ".to_owned() + &Channel::names())))?,
        ),
    };
    let words = match field(message, "words") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| malformed("`words` must be a whole number"))?,
        ),
    };
    Ok(Request::Check { to, channel, words })
}

/// `calendar`: optional `texts`, `{"<opportunity id>": {"title": "…", "description": "…"}}`.
fn calendar(message: &Value) -> Result<Request, Refusal> {
    let mut texts = crate::sort::SortedMap::default();
    let Some(given) = field(message, "texts") else {
        return Ok(Request::Calendar { texts });
    };
    let bad = || malformed("`texts` must map opportunity ids to {title, description} strings");
    for (id, t) in given.as_object().ok_or_else(bad)? {
        let words = |name: &str| match t.get(name) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(bad()),
        };
        let text = crate::ics::EventText {
            title: words("title")?,
            description: words("description")?,
        };
        texts.insert(id.clone(), text);
    }
    Ok(Request::Calendar { texts })
}

/// `log_send`'s `send`: `{id, to, at?, provider?}`.
fn log_send(send: &Value) -> Result<Write, Refusal> {
    Ok(Write::Send {
        id: send_id(send, "send.id")?,
        to: addresses(send, "send.to")?,
        at: instant(send, "send.at")?,
        provider: optional_provider(send, "send.provider")?,
    })
}

/// `log_reply`'s `reply`: `{id, from, at?, provider?, message?}`.
fn log_reply(reply: &Value) -> Result<Write, Refusal> {
    let message = match field(reply, "reply.message") {
        None => None,
        Some(_) => Some(text(reply, "reply.message")?),
    };
    if message
        .as_ref()
        .is_some_and(|m| m.chars().count() > MAX_MESSAGE_ID)
    {
        return Err(malformed(format!(
            "`reply.message` is longer than {MAX_MESSAGE_ID} characters: it is a message's id, not its text"
        )));
    }
    Ok(Write::Reply {
        id: page_id(reply, "reply.id")?,
        from: text(reply, "reply.from")?,
        at: instant(reply, "reply.at")?,
        provider: optional_provider(reply, "reply.provider")?,
        message,
    })
}

/// `learn_alias`: `address` and `name`.
fn learn_alias(message: &Value) -> Result<Write, Refusal> {
    Ok(Write::Alias {
        address: text(message, "address")?,
        name: text(message, "name")?,
    })
}

/// A webmail provider's name at `path` (`provider` of `value`).
fn provider(value: &Value, path: &str) -> Result<Provider, Refusal> {
    field(value, "provider")
        .and_then(Value::as_str)
        .and_then(Provider::from_name)
        .ok_or_else(|| must_be(path, &("one of ".to_owned() + &Provider::names())))
}

/// As [`provider`], absent (or null) allowed.
fn optional_provider(value: &Value, path: &str) -> Result<Option<Provider>, Refusal> {
    match field(value, "provider") {
        None | Some(Value::Null) => Ok(None),
        Some(_) => provider(value, path).map(Some),
    }
}

/// `report_provider`: `provider` and `recognized`.
fn report_provider(message: &Value) -> Result<Write, Refusal> {
    let provider = provider(message, "provider")?;
    let recognized = field(message, "recognized")
        .and_then(Value::as_bool)
        .ok_or_else(|| malformed("`recognized` must be true or false"))?;
    Ok(Write::Provider {
        provider,
        recognized,
    })
}

/// `delete`: `kind` and `id`.
fn delete(message: &Value) -> Result<Write, Refusal> {
    let kind = field(message, "kind")
        .and_then(Value::as_str)
        .and_then(|k| Kind::of_key(&(k.to_owned() + ":")).map(|(kind, _)| kind))
        .ok_or_else(|| malformed("`kind` must be \"opportunity\", \"contact\" or \"event\""))?;
    Ok(Write::Delete {
        kind,
        id: text(message, "id")?,
    })
}

/// The most changes one `batch` holds.
pub const MAX_BATCH: usize = 100;

/// `batch`: `changes`, a list of `put_opportunity`, `put_contact`, `log_event`,
/// `put_settings` and `delete` messages (each with its `v`), made as one change.
fn batch(message: &Value) -> Result<Write, Refusal> {
    let changes = field(message, "changes")
        .and_then(Value::as_array)
        .filter(|c| !c.is_empty() && c.len() <= MAX_BATCH)
        .ok_or_else(|| {
            malformed(format!(
                "`changes` must be a list of 1 to {MAX_BATCH} change messages"
            ))
        })?;
    let mut writes = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        match decode(change.clone()) {
            Ok(Request::Write(write)) if write.batches() => writes.push(write),
            Ok(_) => return Err(malformed(format!(
                "changes[{i}]: only put_opportunity, put_contact, log_event, put_settings and delete go in a batch"
            ))),
            Err((code, reason)) => return Err((code, format!("changes[{i}]: {reason}"))),
        }
    }
    Ok(Write::Batch(writes))
}

/// `import`: the backup `file`'s text and the `mode` (merge by default).
fn import(message: &Value) -> Result<Write, Refusal> {
    let file = field(message, "file")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("`file` must be the backup file's text"))?
        .to_owned();
    let mode = match field(message, "mode") {
        None => ImportMode::Merge,
        Some(v) => v
            .as_str()
            .and_then(ImportMode::from_name)
            .ok_or_else(|| malformed("`mode` must be \"merge\" or \"replace\""))?,
    };
    Ok(Write::Import { file, mode })
}

/// The field at the end of `path` (`send.id`: field `id` of `value`), when present.
fn field<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let name = path.rsplit('.').next().unwrap_or(path);
    value.get(name).filter(|v| !v.is_null())
}

/// A non-empty string field.
fn text(value: &Value, path: &str) -> Result<String, Refusal> {
    field(value, path)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
        .ok_or_else(|| must_be(path, "a non-empty string"))
}

/// The refusal of a message nested deeper than [`MAX_DEPTH`].
pub fn too_deep() -> Refusal {
    malformed(format!(
        "the message is nested too deeply (more than {MAX_DEPTH} levels): it is not a Too Soon? message"
    ))
}

/// Does `value` nest deeper than `limit` levels (a scalar is one level)? Counted
/// without recursion, so any depth is safe to ask about.
pub fn deeper_than(value: &Value, limit: usize) -> bool {
    let mut stack = vec![(value, 1)];
    while let Some((v, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        match v {
            Value::Array(items) => {
                for v in items {
                    stack.push((v, depth + 1));
                }
            }
            Value::Object(map) => {
                for v in map.values() {
                    stack.push((v, depth + 1));
                }
            }
            _ => {}
        }
    }
    false
}

/// The id a page gives a send or a reply: one that fits a storage key (`event:<id>`, see
/// [`crate::model::id_fits_key`]), of at most [`MAX_MESSAGE_ID`] characters.
fn page_id(value: &Value, path: &str) -> Result<String, Refusal> {
    let id = text(value, path)?;
    if !crate::model::id_fits_key(&id) || id.chars().count() > MAX_MESSAGE_ID {
        return Err(malformed(format!(
            "`{path}` must be an id of at most {MAX_MESSAGE_ID} characters without control characters"
        )));
    }
    Ok(id)
}

/// The id of a send logged from a webmail page (`send-…`, see [`storage::is_send`]).
fn send_id(value: &Value, path: &str) -> Result<String, Refusal> {
    let id = page_id(value, path)?;
    if storage::is_send(&id) {
        Ok(id)
    } else {
        Err(malformed(format!(
            "`{path}` must be the id of a send from a webmail page, \"send-\" and more, not {}",
            crate::text::quoted(&id)
        )))
    }
}

/// A list of addresses, at most [`MAX_RECIPIENTS`].
fn addresses(value: &Value, path: &str) -> Result<Vec<String>, Refusal> {
    let items = field(value, path).and_then(Value::as_array);
    if items.is_some_and(|items| items.len() > MAX_RECIPIENTS) {
        return Err(malformed(format!(
            "`{path}` names more than {MAX_RECIPIENTS} recipients: Too Soon? judges at most {MAX_RECIPIENTS} at once"
        )));
    }
    let not_addresses = || must_be(path, "a list of addresses");
    let mut addresses = Vec::new();
    for a in items.ok_or_else(not_addresses)? {
        addresses.push(a.as_str().ok_or_else(not_addresses)?.to_owned());
    }
    Ok(addresses)
}

/// An optional RFC 3339 moment.
fn instant(value: &Value, path: &str) -> Result<Option<DateTime<Utc>>, Refusal> {
    match field(value, path) {
        None => Ok(None),
        Some(v) => {
            let t = v
                .as_str()
                .and_then(crate::model::parse_instant)
                .ok_or_else(|| must_be(path, "a moment like 2026-11-10T09:30:00-05:00"))?;
            if crate::model::moment_kept(t.to_utc(), t.offset()) {
                Ok(Some(t.to_utc()))
            } else {
                Err(malformed(format!(
                    "`{path}` is outside the years {}-{}",
                    crate::model::FIRST_YEAR,
                    crate::model::LAST_YEAR
                )))
            }
        }
    }
}

fn object(value: Option<&Value>, name: &str) -> Result<Value, Refusal> {
    match value {
        Some(v @ Value::Object(_)) => Ok(v.clone()),
        _ => Err(must_be(name, "an object")),
    }
}

/// Answers one message against a history in memory at `now` in the user's time zone.
/// Writes are refused (`read_only`): they are planned against storage by [`respond`].
pub fn handle<Tz: TimeZone>(data: &Data, message: Value, now: DateTime<Utc>, tz: &Tz) -> Answer {
    match decode(message) {
        Ok(Request::Write(_) | Request::Preview(_)) => Answer::error(
            ErrorCode::ReadOnly,
            "this engine reads a history file; changes go to the extension's storage",
        ),
        Ok(request) => Answer::ok(read(data, request, now, tz)),
        Err((code, message)) => Answer::error(code, message),
    }
}

/// An answer, and the writes to make to storage before sending it (changes only).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub answer: Answer,
    pub writes: Option<Writes>,
}

/// Answers one message against what is stored: reads from the history, changes by
/// planning their writes ([`storage::plan`]), which the caller applies before answering.
pub fn respond<Tz: TimeZone>(
    stored: &Stored,
    message: Value,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Outcome {
    let refused = |(code, message): Refusal| Outcome {
        answer: Answer::error(code, message),
        writes: None,
    };
    let request = decode(message);
    // A preview is planned as the change is, and answered as it, with no writes.
    let made = !matches!(request, Ok(Request::Preview(_)));
    match request {
        Err(refusal) => refused(refusal),
        Ok(Request::Write(write) | Request::Preview(write)) => {
            match storage::plan(stored, &write, now, tz) {
                Ok((response, writes)) => Outcome {
                    answer: Answer::ok(Response::Changed(response)),
                    writes: made.then_some(writes),
                },
                Err((why, problems)) => Outcome {
                    answer: Answer::refused(ErrorCode::from(why), problems),
                    writes: None,
                },
            }
        }
        Ok(request) => match &stored.data {
            Ok(data) => Outcome {
                answer: Answer::ok(read(data, request, now, tz)),
                writes: None,
            },
            Err(problems) => match (request, &stored.salvage) {
                // Whether the background is up does not depend on what is stored.
                (Request::Ping, _) => Outcome {
                    answer: Answer::ok(read(&Data::default(), Request::Ping, now, tz)),
                    writes: None,
                },
                // The way out: a backup of what can be read.
                (Request::Export, Some(salvage)) => Outcome {
                    answer: Answer::ok(Response::Backup {
                        file: crate::format::to_json(&salvage.data),
                        left_out: salvage.left_out.clone(),
                        problems: problems.clone(),
                    }),
                    writes: None,
                },
                _ => {
                    let mut why = Problems::one("", "data_unreadable", crate::format::value!({}));
                    why.extend(problems.clone());
                    Outcome {
                        answer: Answer::refused(ErrorCode::DataUnreadable, why),
                        writes: None,
                    }
                }
            },
        },
    }
}

fn read<Tz: TimeZone>(data: &Data, request: Request, now: DateTime<Utc>, tz: &Tz) -> Response {
    match request {
        Request::Ping => Response::Pong {
            engine: crate::ENGINE_VERSION,
        },
        Request::Check { to, channel, words } => {
            let query = Query {
                to,
                opportunity: None,
                channel: channel.unwrap_or_default(),
                words,
                at: now,
                profile: None,
            };
            Response::Verdict {
                verdict: policy::check(data, &query, tz).map(Box::new),
            }
        }
        Request::Status => {
            let mut opportunities = policy::status(data, now, tz);
            crate::sort::sort_by_key(&mut opportunities, policy::attention);
            let due_today = policy::due_now(&opportunities);
            // (Map types the module has already: see `crate::hash`.)
            let mut people = Groups::default();
            for c in &data.contacts {
                people.group(&c.opportunity).push(c.clone());
            }
            let details: Map<&str, usize> = (data.opportunities.iter().enumerate())
                .map(|(i, o)| (o.id.as_str(), i))
                .collect();
            for s in &mut opportunities {
                s.details =
                    (details.get(s.opportunity.as_str())).map(|&i| data.opportunities[i].clone());
                s.people = Some(people.take(&s.opportunity));
            }
            Response::Status {
                opportunities,
                due_today,
            }
        }
        Request::Calendar { texts } => Response::Calendar {
            file: crate::ics::calendar(&policy::status(data, now, tz), now, &texts, tz),
        },
        Request::Events { opportunity } => {
            let mut events = Vec::new();
            for e in data.events.iter().rev() {
                if e.opportunity == opportunity {
                    events.push(e.clone());
                }
            }
            crate::sort::sort_by_key(&mut events, |e| std::cmp::Reverse(e.at.to_utc()));
            Response::Events {
                opportunity,
                events,
            }
        }
        Request::Summary => Response::Summary {
            opportunities: data.opportunities.len(),
            contacts: data.contacts.len(),
            events: data.events.len(),
        },
        Request::Reminders => {
            let reminders = policy::reminders(data, now, tz);
            Response::Reminders {
                due: reminders.due,
                next_at: reminders.next.map(|t| policy::local_rfc3339(t, tz)),
                notifications: data.settings.notifications,
            }
        }
        Request::Export => Response::Backup {
            file: crate::format::to_json(data),
            left_out: Vec::new(),
            problems: Problems::default(),
        },
        Request::ComposeRecipients => Response::ComposeRecipients {
            recipients: Vec::new(),
        },
        Request::Write(_) | Request::Preview(_) => unreachable!("writes are planned, not read"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(message: Value) -> Value {
        let now = DateTime::parse_from_rfc3339("2026-11-05T15:00:00Z")
            .unwrap()
            .to_utc();
        serde_json::to_value(handle(&Data::default(), message, now, &Utc)).unwrap()
    }

    #[test]
    fn ping_answers_with_the_engine_version() {
        let a = answer(json!({"v": 1, "type": "ping"}));
        assert_eq!(
            a,
            json!({"v": 1, "ok": true, "type": "pong", "engine": crate::ENGINE_VERSION})
        );
    }

    #[test]
    fn check_of_untracked_addresses_has_no_verdict() {
        let a = answer(json!({"v": 1, "type": "check", "to": ["nobody@example.com"]}));
        assert_eq!(
            a,
            json!({"v": 1, "ok": true, "type": "verdict", "verdict": null})
        );
    }

    #[test]
    fn status_lists_every_opportunity() {
        let data = crate::fixtures::synthetic(3, 12);
        let now = DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .unwrap()
            .to_utc();
        let a = serde_json::to_value(handle(&data, json!({"v": 1, "type": "status"}), now, &Utc))
            .unwrap();
        assert_eq!(a["type"], "status");
        let ids: Vec<&str> = a["opportunities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["opportunity"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 3);
        for id in ["o0", "o1", "o2"] {
            assert!(ids.contains(&id), "{ids:?}");
        }
    }

    #[test]
    fn summary_counts_what_is_stored() {
        let a = answer(json!({"v": 1, "type": "summary"}));
        assert_eq!(a["opportunities"], 0);
        assert_eq!(a["contacts"], 0);
        assert_eq!(a["events"], 0);
    }

    #[test]
    fn check_reads_every_field() {
        let message =
            json!({"v": 1, "type": "check", "to": ["a@b.co"], "channel": "call", "words": 200});
        let expected = Request::Check {
            to: vec!["a@b.co".into()],
            channel: Some(Channel::Call),
            words: Some(200),
        };
        assert_eq!(decode(message), Ok(expected));
        let bare = json!({"v": 1, "type": "check", "to": [], "channel": null});
        assert_eq!(
            decode(bare),
            Ok(Request::Check {
                to: vec![],
                channel: None,
                words: None
            })
        );
    }

    #[test]
    fn every_message_type_is_read() {
        for kind in MessageType::ALL {
            let a = answer(json!({"v": 1, "type": kind.as_str()}));
            assert_ne!(a["code"], "unknown_type", "{kind}");
        }
    }

    #[test]
    fn compose_recipients_is_a_message_like_every_other() {
        let message = json!({"v": 1, "type": "compose_recipients"});
        assert_eq!(decode(message.clone()), Ok(Request::ComposeRecipients));
        // The background has no compose window: it knows of no recipients.
        assert_eq!(
            answer(message),
            json!({"v": 1, "ok": true, "type": "compose_recipients", "recipients": []})
        );
        // The content script's answer, in the shape the popup reads.
        let recipients = vec![
            Recipient {
                address: Some("dana@acme.example".into()),
                name: Some("Dana Hill".into()),
            },
            Recipient {
                address: None,
                name: Some("Carol Partner".into()),
            },
        ];
        let answered = json!({"v": 1, "ok": true, "type": "compose_recipients", "recipients": [
            {"address": "dana@acme.example", "name": "Dana Hill"},
            {"address": null, "name": "Carol Partner"}]});
        let body = Response::ComposeRecipients {
            recipients: recipients.clone(),
        };
        assert_eq!(serde_json::to_value(Answer::ok(body)).unwrap(), answered);
        let read: Vec<Recipient> = serde_json::from_value(answered["recipients"].clone()).unwrap();
        assert_eq!(read, recipients);
    }

    #[test]
    fn bad_messages_get_an_error_code_and_a_reason() {
        let cases = [
            (json!("ping"), "malformed"),
            (json!({"type": "ping"}), "malformed"),
            (json!({"v": 2, "type": "ping"}), "unsupported_version"),
            (json!({"v": "1", "type": "ping"}), "unsupported_version"),
            (json!({"v": 1}), "malformed"),
            (json!({"v": 1, "type": "delete_everything"}), "unknown_type"),
            (json!({"v": 1, "type": "check"}), "malformed"),
            (json!({"v": 1, "type": "check", "to": "a@b.c"}), "malformed"),
            (
                json!({"v": 1, "type": "check", "to": [], "channel": "pigeon"}),
                "malformed",
            ),
        ];
        for (message, code) in cases {
            let a = answer(message.clone());
            assert_eq!(a["ok"], false, "{message}");
            assert_eq!(a["type"], "error", "{message}");
            assert_eq!(a["code"], code, "{message}");
            assert!(!a["message"].as_str().unwrap().is_empty(), "{message}");
        }
    }
}
