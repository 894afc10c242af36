//! The WebAssembly face of the engine: a thin layer that converts JavaScript values at
//! the edge (serde-wasm-bindgen) and calls the same functions as the CLI, so both give
//! the same JSON shapes. Time always comes in from JavaScript (`Date.now()`); the time
//! zone is the browser's own ([`BrowserZone`]).

#[cfg(feature = "bench")]
mod bench;
mod zone;

pub use zone::BrowserZone;

use chrono::{DateTime, Utc};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::model::Data;
use crate::protocol::{self, Answer, ErrorCode};
use crate::{format, policy};

/// Values leave as plain JSON-like objects (maps as objects, `None` as `null`).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn from_js(value: JsValue) -> Result<serde_json::Value, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
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

/// What `new Engine(…)` throws for a history that is not valid: every problem, with its path.
#[derive(Serialize)]
struct Unreadable {
    problems: format::Problems,
}

/// The engine's version (the crate's).
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    crate::ENGINE_VERSION.to_string()
}

/// The user's history, parsed and validated once, answering questions about it.
#[wasm_bindgen]
pub struct Engine {
    data: Data,
}

#[wasm_bindgen]
impl Engine {
    /// Loads a history in the file format (`undefined` or `null`: nothing tracked yet).
    /// Throws an object `{problems: [{path, message}]}` when it is not valid.
    #[wasm_bindgen(constructor)]
    pub fn new(stored: JsValue) -> Result<Engine, JsValue> {
        let data = if stored.is_undefined() || stored.is_null() {
            Data::default()
        } else {
            let value = from_js(stored).map_err(|e| JsValue::from_str(&e))?;
            format::parse_value(value)
                .map_err(|problems| to_js(&Unreadable { problems }).unwrap_or_else(|e| e))?
        };
        Ok(Engine { data })
    }

    /// Answers one protocol message (see `protocol.rs`) at `now_ms`; never throws.
    pub fn handle(&self, message: JsValue, now_ms: f64) -> JsValue {
        let answer = match (from_js(message), instant(now_ms)) {
            (Ok(message), Ok(now)) => protocol::handle(&self.data, message, now, &BrowserZone),
            (Err(e), _) => Answer::error(ErrorCode::Malformed, e),
            (_, Err(e)) => Answer::error(ErrorCode::Malformed, e.as_string().unwrap_or_default()),
        };
        to_js(&answer).unwrap_or(JsValue::NULL)
    }

    /// Every opportunity's status at `now_ms`, as the CLI's `status --format json`.
    pub fn status(&self, now_ms: f64) -> Result<JsValue, JsValue> {
        to_js(&policy::status(&self.data, instant(now_ms)?, &BrowserZone))
    }

    /// How many contacts are tracked.
    #[wasm_bindgen(getter, js_name = contactCount)]
    pub fn contact_count(&self) -> usize {
        self.data.contacts.len()
    }
}
