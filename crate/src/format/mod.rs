//! The file format: one JSON object
//! `{"format": "too-soon", "version": 1, "settings": …, "opportunities": […], "contacts": […], "events": […]}`
//! (documented in `docs/engine.md`). The same format is the extension's backup.
//!
//! [`parse`] validates everything and reports every problem with its path
//! (`events[3].at: not a date …`); it never panics, whatever the input.

mod problems;
mod refs;
mod validate;

pub use problems::{Problem, Problems, MAX_PROBLEMS};

use crate::model::Data;
use serde_json::Value;

/// Reads a file's text.
pub fn parse(text: &str) -> Result<Data, Problems> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => parse_value(value),
        Err(e) => Err(Problems::one("", json_error_message(&e))),
    }
}

/// Reads an already-decoded JSON value (what the extension stores).
pub fn parse_value(value: Value) -> Result<Data, Problems> {
    let mut problems = Problems::default();
    let data = validate::data(&value, &mut problems);
    if let Some(data) = &data {
        refs::check(data, &mut problems);
    }
    match data {
        Some(data) if problems.is_empty() => Ok(data),
        _ => Err(problems),
    }
}

/// Writes data in the file format (pretty-printed JSON).
pub fn to_json(data: &Data) -> String {
    serde_json::to_string_pretty(data).unwrap_or_default()
}

fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if text.contains("recursion limit") {
        return format!(
            "nested too deeply to be a Too Soon? file (line {}, column {})",
            e.line(),
            e.column()
        );
    }
    match e.classify() {
        serde_json::error::Category::Eof => format!(
            "the file ends too early: it looks truncated (line {}, column {})",
            e.line(),
            e.column()
        ),
        _ => format!("not valid JSON: {text}"),
    }
}
