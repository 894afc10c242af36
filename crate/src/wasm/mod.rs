//! The WebAssembly face of the engine: a thin layer that converts JavaScript values at
//! the edge (JSON) and calls the same functions as the CLI, so both give
//! the same JSON shapes. Time always comes in from JavaScript (`Date.now()`); the time
//! zone is the browser's own ([`BrowserZone`]).

#[cfg(feature = "bench")]
mod bench;
mod zone;

pub use zone::BrowserZone;

use chrono::{DateTime, Utc};
use js_sys::{Array, ArrayBuffer, JsString, Map, Number, Object, Symbol, Uint8Array};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::protocol::{self, Answer, ErrorCode, Outcome};
use crate::storage::{self, Dump, Stored, Writes};

/// The allocator std itself uses in WebAssembly (dlmalloc), called directly rather than
/// through std's `System`, whose realloc and locking wrappers cost 2.5 KB of the module.
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// Values leave as plain JSON-like objects (maps as objects, `None` as `null`): written as
/// JSON text once and read by `JSON.parse`, so that every answer type is serialized by one
/// serializer (serde_json's), the one the file format and storage already use.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// A JavaScript value as JSON, read the way serde-wasm-bindgen reads it into a
/// `serde_json::Value` (its `deserialize_any`): `null` and `undefined` as null, numbers
/// that are safe integers as integers, arrays, plain objects and `Map`s with string keys.
///
/// Values nested deeper than [`protocol::MAX_DEPTH`] are refused before they are read
/// (a page's message of thousands of levels would exhaust the module's stack).
fn from_js(value: JsValue) -> Result<Value, String> {
    read_js(&value, 1).map_err(|e| match e {
        Unread::TooDeep => protocol::too_deep().1,
        Unread::Other(e) => format!("Error: {e}"),
    })
}

/// Why a JavaScript value was not read.
enum Unread {
    TooDeep,
    Other(String),
}

impl From<String> for Unread {
    fn from(e: String) -> Self {
        Unread::Other(e)
    }
}

fn read_js(value: &JsValue, depth: usize) -> Result<Value, Unread> {
    if depth > protocol::MAX_DEPTH {
        return Err(Unread::TooDeep);
    }
    if value.loose_eq(&JsValue::NULL) {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if value.is_bigint() {
        return match i64::try_from(value.clone()) {
            Ok(n) => Ok(Value::from(n)),
            Err(value) => u64::try_from(value).map(Value::from).map_err(|_| {
                Unread::Other(
                    "Couldn't deserialize i64 or u64 from a BigInt outside i64::MIN..u64::MAX bounds"
                        .to_string(),
                )
            }),
        };
    }
    if let Some(n) = value.as_f64() {
        return Ok(if Number::is_safe_integer(value) {
            Value::from(n as i64)
        } else {
            serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
        });
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut items = Vec::new();
        for v in array.iter() {
            items.push(read_js(&v, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_instance_of::<Uint8Array>() || value.is_instance_of::<ArrayBuffer>() {
        return Err(invalid("byte array".to_string(), ANY_JSON).into());
    }
    if let Some(pairs) = pairs(value) {
        let mut map = serde_json::Map::new();
        for (key, v) in pairs? {
            let Some(key) = key.as_string() else {
                return Err(invalid(unexpected(&key), "a string").into());
            };
            map.insert(key, read_js(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    Err(invalid(unexpected(value), ANY_JSON).into())
}

/// The key-value pairs of a plain object or a `Map`; `None` for other values.
fn pairs(value: &JsValue) -> Option<Result<Vec<(JsValue, JsValue)>, String>> {
    if !value.is_object() || (Symbol::iterator().js_in(value) && !value.is_instance_of::<Map>()) {
        return None;
    }
    let mut pairs = Vec::new();
    let mut add = |pair: JsValue| {
        let pair: Array = pair.unchecked_into();
        pairs.push((pair.get(0), pair.get(1)));
    };
    match js_sys::try_iter(value) {
        Err(e) => return Some(Err(format!("{e:?}"))),
        Ok(Some(entries)) => {
            for pair in entries {
                match pair {
                    Ok(pair) => add(pair),
                    Err(e) => return Some(Err(format!("{e:?}"))),
                }
            }
        }
        Ok(None) => Object::entries(value.unchecked_ref()).iter().for_each(add),
    }
    Some(Ok(pairs))
}

const ANY_JSON: &str = "any valid JSON value";

/// serde's "invalid type" message.
fn invalid(unexpected: String, expected: &str) -> String {
    format!("invalid type: {unexpected}, expected {expected}")
}

/// How serde names a value of the wrong type (numbers written by JavaScript).
fn unexpected(value: &JsValue) -> String {
    if value.loose_eq(&JsValue::NULL) {
        "unit value".to_string()
    } else if let Some(b) = value.as_bool() {
        format!("boolean `{b}`")
    } else if value.as_f64().is_some() {
        let n = String::from(JsString::from(value.clone()));
        let point = if n.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            ".0"
        } else {
            ""
        };
        format!("floating point `{n}{point}`")
    } else if value.is_instance_of::<Uint8Array>() || value.is_instance_of::<ArrayBuffer>() {
        "byte array".to_string()
    } else {
        format!("{value:?}")
    }
}

fn instant(ms: f64) -> Result<DateTime<Utc>, JsValue> {
    if !ms.is_finite() {
        return Err(JsValue::from_str(
            "time must be a finite number of milliseconds",
        ));
    }
    DateTime::from_timestamp_millis(ms as i64)
        .ok_or_else(|| JsValue::from_str("time is out of range"))
}

/// Writes coming back from JavaScript to [`Engine::apply`]: `{set, remove}` (or, as a
/// derived `Deserialize` reads a struct, `[set, remove]`), `set` an object and `remove` a
/// list of keys; other fields are ignored.
fn writes_in(value: Value) -> Option<Writes> {
    let (set, remove) = match value {
        Value::Object(mut fields) => (
            std::mem::take(fields.get_mut("set")?),
            std::mem::take(fields.get_mut("remove")?),
        ),
        Value::Array(items) if items.len() == 2 => {
            let mut items = items.into_iter();
            (items.next()?, items.next()?)
        }
        _ => return None,
    };
    let Value::Object(set) = set else {
        return None;
    };
    let Value::Array(remove) = remove else {
        return None;
    };
    let mut keys = Vec::new();
    for key in remove {
        let Value::String(key) = key else {
            return None;
        };
        keys.push(key);
    }
    Some(Writes { set, remove: keys })
}

/// Is this message a change to what is stored? (The background sends those through its
/// one writer.) Messages that cannot be read are not.
#[wasm_bindgen(js_name = isWrite)]
pub fn is_write(message: JsValue) -> bool {
    from_js(message)
        .ok()
        .and_then(|m| protocol::decode(m).ok())
        .is_some_and(|r| r.is_write())
}

/// The user's history, parsed and validated once, answering questions about it.
#[wasm_bindgen]
pub struct Engine {
    stored: Stored,
}

#[wasm_bindgen]
impl Engine {
    /// Loads everything in `storage.local` (the object `storage.local.get(null)` gives),
    /// schema 1 or the provisional `history` key. Never throws: a history that cannot be
    /// read is reported by `problems` and by the answers.
    #[wasm_bindgen(js_name = fromStorage)]
    pub fn from_storage(dump: JsValue) -> Result<Engine, JsValue> {
        let dump: Dump = if dump.is_undefined() || dump.is_null() {
            Dump::new()
        } else {
            // Key by key: a value that cannot be read (nested too deeply, bytes) is read
            // as null, so that its entry is reported as unreadable (and can be replaced
            // or deleted) instead of the whole storage failing to load.
            let pairs = pairs(&dump)
                .ok_or_else(|| JsValue::from_str("storage must be an object"))?
                .map_err(|e| JsValue::from_str(&e))?;
            let mut map = Dump::new();
            for (key, value) in pairs {
                if let Some(key) = key.as_string() {
                    map.insert(key, read_js(&value, 2).unwrap_or(Value::Null));
                }
            }
            map
        };
        Ok(Engine {
            stored: Stored::load(&dump),
        })
    }

    /// Answers one protocol message (see `protocol.rs`) at `now_ms`; never throws.
    /// Changes are refused here: they go through [`Engine::respond`].
    pub fn handle(&self, message: JsValue, now_ms: f64) -> JsValue {
        let outcome = self.outcome(message, now_ms);
        let answer = match outcome.writes {
            None => outcome.answer,
            Some(_) => Answer::error(
                ErrorCode::ReadOnly,
                "changes go through the background's writer",
            ),
        };
        to_js(&answer).unwrap_or(JsValue::NULL)
    }

    /// Answers one protocol message at `now_ms` as `{answer, writes}`: `writes` (`{set,
    /// remove}`, or null) must be applied to `storage.local` before `answer` is sent.
    /// Never throws.
    pub fn respond(&self, message: JsValue, now_ms: f64) -> JsValue {
        to_js(&self.outcome(message, now_ms)).unwrap_or(JsValue::NULL)
    }

    fn outcome(&self, message: JsValue, now_ms: f64) -> Outcome {
        let refused = |message: String| Outcome {
            answer: Answer::error(ErrorCode::Malformed, message),
            writes: None,
        };
        match (from_js(message), instant(now_ms)) {
            (Ok(message), Ok(now)) => protocol::respond(&self.stored, message, now, &BrowserZone),
            (Err(e), _) => refused(e),
            (_, Err(e)) => refused(e.as_string().unwrap_or_default()),
        }
    }

    /// Follows writes just applied to storage (`{set, remove}` from `respond` or
    /// `migration`) without reading storage again; false when it cannot (read again).
    pub fn apply(&mut self, writes: JsValue) -> bool {
        let Ok(value) = from_js(writes) else {
            return false;
        };
        match writes_in(value) {
            Some(writes) => self.stored.apply(&writes),
            None => false,
        }
    }

    /// The writes that bring storage to the current schema (`{set, remove}`), or null.
    #[wasm_bindgen(getter)]
    pub fn migration(&self) -> JsValue {
        match &self.stored.migration {
            Some(writes) if !writes.is_empty() => to_js(writes).unwrap_or(JsValue::NULL),
            _ => JsValue::NULL,
        }
    }

    /// The reminders to show at `now_ms`: `{due: [{key, opportunity, what, due, company,
    /// data}], next_at, next_at_ms, writes}`. `due` holds only what was not shown yet;
    /// `writes` (`{set, remove}`, or null) records them as shown, through the writer.
    pub fn reminders(&self, now_ms: f64) -> Result<JsValue, JsValue> {
        to_js(&storage::remind(
            &self.stored,
            instant(now_ms)?,
            &BrowserZone,
        ))
    }

    /// One step of the sync session `session` (`crate::sync::api::step`): `remote` the
    /// storage.sync items changed since its last step, decompressed (`{key: text}`),
    /// `dirty` the storage keys written here since (null: not known);
    /// `{writes, kept, problems, newer, closed, refused}`. `writes` go through the writer.
    #[cfg(feature = "sync")]
    #[wasm_bindgen(js_name = syncStep)]
    #[allow(clippy::too_many_arguments)]
    pub fn sync_step(
        &self,
        session: &mut SyncSession,
        remote: JsValue,
        dirty: Option<Vec<String>>,
        device: &str,
        now_ms: f64,
        epoch: bool,
    ) -> Result<JsValue, JsValue> {
        let remote = from_js(remote).map_err(|e| JsValue::from_str(&e))?;
        let now = instant(now_ms)?;
        to_js(&crate::sync::api::step(
            &mut session.0,
            &self.stored,
            &remote,
            dirty.as_deref(),
            device,
            now,
            epoch,
            &BrowserZone,
        ))
    }

    /// The writes that publish every per-address view again (`{set, remove}`), when the
    /// published ones were computed by another engine or in another time zone than
    /// `zone` (the browser's IANA name), or never; else null.
    pub fn publication(&self, now_ms: f64, zone: &str) -> Result<JsValue, JsValue> {
        if !storage::stale(&self.stored, zone) {
            return Ok(JsValue::NULL);
        }
        to_js(&storage::publish(
            &self.stored,
            zone,
            instant(now_ms)?,
            &BrowserZone,
        ))
    }
}

/// Sync's session: the replica of the last step, kept between steps (`crate::sync::Session`).
#[cfg(feature = "sync")]
#[wasm_bindgen]
pub struct SyncSession(crate::sync::Session);

#[cfg(feature = "sync")]
#[wasm_bindgen]
impl SyncSession {
    /// A session over the items the replica was kept as (`{key: text}`, or null).
    #[wasm_bindgen(constructor)]
    pub fn new(kept: JsValue) -> Result<SyncSession, JsValue> {
        let kept = from_js(kept).map_err(|e| JsValue::from_str(&e))?;
        Ok(SyncSession(crate::sync::api::session(&kept)))
    }

    /// Every item the replica is kept as (`{key: text}`).
    pub fn kept(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::sync::api::kept(&self.0))
    }

    /// The items for storage.sync (`[{key, text}]`), with the `closedKept` closed
    /// opportunities of latest activity, cut at `maxText` bytes.
    pub fn pack(&mut self, closed_kept: f64, max_text: f64) -> Result<JsValue, JsValue> {
        let count = |n: f64| {
            if n.is_finite() && n > 0.0 {
                n as usize
            } else if n > 0.0 {
                usize::MAX
            } else {
                0
            }
        };
        to_js(&crate::sync::api::packed(
            &mut self.0,
            count(closed_kept),
            count(max_text),
        ))
    }
}
