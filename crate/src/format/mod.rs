//! The file format: one JSON object
//! `{"format": "too-soon", "version": 1, "settings": …, "opportunities": […], "contacts": […], "events": […]}`
//! (documented in `docs/engine.md`). The same format is the extension's backup.
//!
//! [`parse`] validates everything and reports every problem with its path
//! (`events[3].at: not a date …`); it never panics, whatever the input.

pub mod json;
mod problems;
mod refs;
mod stream;
mod validate;

pub use problems::{Problem, Problems, MAX_PROBLEMS};
pub use stream::MAX_ENTRIES;

use crate::model::{Contact, Data, Event, Opportunity, Settings};
use serde_json::Value;

pub use refs::{contact_refs, event_refs, typed_address_texts, typed_addresses};

/// A file is at most this large (64 MB; a history of years is a few MB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Reads a file's bytes, as the command line does: larger than [`MAX_FILE_BYTES`] or not
/// UTF-8 text is a problem of its own (`too_large`, `not_utf8`), else see [`parse`]. The
/// options page reads a file the same way (its text decoded strictly as UTF-8).
pub fn parse_bytes(bytes: &[u8]) -> Result<Data, Problems> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(_) => Err(Problems::one("", "not_utf8", value!({}))),
    }
}

fn too_large() -> Problems {
    Problems::one("", "too_large", value!({"limit_mb": MAX_FILE_BYTES >> 20}))
}

/// Reads a file's text (a UTF-8 byte order mark before it is skipped). Files larger than
/// [`MAX_FILE_BYTES`] or with more than [`MAX_ENTRIES`] entries are refused before they
/// are read; the entries are then validated one by one as they are read, so that the
/// whole file is never held as one JSON value.
pub fn parse(text: &str) -> Result<Data, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Problems::one("", "empty_file", value!({})));
    }
    if text.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let entries = stream::entries(text);
    if entries > MAX_ENTRIES {
        return Err(Problems::one(
            "",
            "too_many",
            value!({"limit": MAX_ENTRIES}),
        ));
    }
    let mut reader = json::Reader::new(text);
    let top = stream::read(&mut reader).and_then(|top| reader.end().map(|()| top));
    match top {
        Ok(top) => {
            let mut problems = Problems::default();
            for key in &top.twice {
                problems.add(key, "twice", value!({}));
            }
            checked(&top.value, top.lists, problems)
        }
        Err(e) => {
            let code = match e.fault {
                json::Fault::Syntax => "not_json",
                json::Fault::Eof => "truncated",
                json::Fault::TooDeep => "too_deep",
            };
            Err(Problems::one("", code, value!({"line": e.line})))
        }
    }
}

/// Reads an already-decoded JSON value (what the extension stores).
pub fn parse_value(value: Value) -> Result<Data, Problems> {
    checked(&value, validate::Lists::default(), Problems::default())
}

/// The data of a file's `value` and `lists`, unless they or `problems` (found while
/// reading it) have problems.
fn checked(
    value: &Value,
    lists: validate::Lists,
    mut problems: Problems,
) -> Result<Data, Problems> {
    let data = validate::data(value, lists, &mut problems);
    if let Some(data) = &data {
        refs::check(data, &mut problems);
    }
    match data {
        Some(data) if problems.is_empty() => Ok(data),
        _ => Err(problems),
    }
}

/// Reads one entity on its own (a stored entry or a message's payload): the same checks
/// as in a file, with problems under `path` (`event.at: …`). References to other
/// entities are checked by [`contact_refs`] and [`event_refs`].
fn entity<T>(
    read: fn(&Value, &str, &mut Problems) -> Option<T>,
    value: &Value,
    path: &str,
) -> Result<T, Problems> {
    let mut problems = Problems::default();
    match read(value, path, &mut problems) {
        Some(entity) if problems.is_empty() => Ok(entity),
        _ => Err(problems),
    }
}

/// One opportunity (see [`entity`]).
pub fn parse_opportunity(value: &Value, path: &str) -> Result<Opportunity, Problems> {
    entity(validate::opportunity, value, path)
}

/// One contact (see [`entity`]).
pub fn parse_contact(value: &Value, path: &str) -> Result<Contact, Problems> {
    entity(validate::contact, value, path)
}

/// One event (see [`entity`]).
pub fn parse_event(value: &Value, path: &str) -> Result<Event, Problems> {
    entity(validate::event, value, path)
}

/// The settings (see [`entity`]).
pub fn parse_settings(value: &Value, path: &str) -> Result<Settings, Problems> {
    entity(
        |v, path, p| Some(validate::settings(v, path, p)),
        value,
        path,
    )
}

/// The checks between entities of `data` (unique ids, references), as in a file.
pub fn check_refs(data: &Data) -> Problems {
    let mut problems = Problems::default();
    refs::check(data, &mut problems);
    problems
}

/// Writes data in the file format (pretty-printed JSON).
pub fn to_json(data: &Data) -> String {
    pretty(&serde_json::to_string(data).unwrap_or_default())
}

/// Compact JSON text (no space outside strings) laid out as serde_json's pretty printer
/// lays it out (two spaces a level, `"key": value`, `[]` and `{}` when empty): the types
/// are then serialized by the one serializer the module has (the compact one) rather
/// than by a second, pretty one.
fn pretty(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut depth = 0usize;
    let mut strings = stream::Strings::default();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat(' ').take(2 * depth));
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        match b {
            b'"' => {
                // The whole string at once, as text: everything outside strings is ASCII,
                // so the result is built as a `String` without checking it again as UTF-8
                // (and `get` rather than slicing: no char-boundary panic path).
                let start = i - 1;
                strings.open();
                while i < bytes.len() && strings.inside(bytes[i]) {
                    i += 1;
                }
                out.push_str(compact.get(start..i).unwrap_or_default());
            }
            b'{' | b'[' => {
                out.push(char::from(b));
                let close = if b == b'{' { b'}' } else { b']' };
                if bytes.get(i) == Some(&close) {
                    out.push(char::from(close));
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(char::from(b));
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            _ => out.push(char::from(b)),
        }
    }
    out
}

/// A JSON value as compact text (what its `Display` writes), by the serializer the module
/// already holds for strings: `Display` would compile serde_json's serializer once more.
pub(crate) fn text(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A JSON object with literal keys, or an array, as `serde_json::json!` builds it, each
/// value (or reference: it is copied) converted with `Value::from`: `value!({"id": id})`,
/// `value!([stamp, 0])`.
///
/// Not `json!`, which converts each value with `to_value(…).unwrap()`: the panic path of
/// that `unwrap` formats serde_json's error with `Debug`, and with it `str`'s `Debug`
/// (its escaping, Unicode tables and slicing checks, about 5 KB of WebAssembly).
/// `Value::from` cannot fail.
macro_rules! value {
    ({ $($key:literal : $value:expr),* $(,)? }) => {{
        #[allow(unused_mut)]
        let mut map = serde_json::Map::new();
        $(map.insert($key.into(), serde_json::Value::from($value.to_owned()));)*
        serde_json::Value::Object(map)
    }};
    ([ $($value:expr),* $(,)? ]) => {
        serde_json::Value::Array(vec![$(serde_json::Value::from($value.to_owned())),*])
    };
}
pub(crate) use value;

/// `value` as a JSON value: written as text and read back, which for the engine's own
/// types (no floating point numbers) gives what `serde_json::to_value` gives. Each type
/// is then serialized by one serializer, the string one (storage, sync's tie-breaks
/// and the answers need it), not by a second one building values: several KB less
/// WebAssembly. Not for hot paths (it parses). `None` when it cannot be written.
pub(crate) fn to_value<T: serde::Serialize + ?Sized>(value: &T) -> Option<Value> {
    json::from_str(&serde_json::to_string(value).ok()?).ok()
}

/// `map` without the fields `keys` (rebuilt: serde_json's map removes through a B-tree's
/// removal code, which nothing else needs).
pub(crate) fn without(map: &mut serde_json::Map<String, Value>, keys: &[&str]) {
    let all = std::mem::take(map);
    for (k, v) in all {
        if !keys.contains(&k.as_str()) {
            map.insert(k, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn without_leaves_the_other_fields() {
        let mut v = serde_json::json!({"a": 1, "b": [2], "c": {"d": 3}});
        super::without(v.as_object_mut().expect("object"), &["b", "x"]);
        assert_eq!(v, serde_json::json!({"a": 1, "c": {"d": 3}}));
    }

    #[test]
    fn pretty_lays_out_as_serde_json_does() {
        let data = crate::fixtures::synthetic(3, 12);
        assert_eq!(to_json(&data), serde_json::to_string_pretty(&data).unwrap());
        let tricky = json!({
            "a": [], "b": {}, "c": [[], {}, [1, {"d": null}]],
            "e": "quotes \" and \\ , : { } [ ] inside, é ✓",
            "f": {"g": [true, false, -1.5e300, "\\"]},
        });
        assert_eq!(
            pretty(&tricky.to_string()),
            serde_json::to_string_pretty(&tricky).unwrap()
        );
        assert_eq!(pretty("[]"), "[]");
        assert_eq!(pretty("\"x\""), "\"x\"");
    }
    /// A file's text, read part by part, gives what its whole value gives: the lists and
    /// the top read item by item (a list given as an object, a file that is a list) are
    /// reported by their kind, as the value would be.
    #[test]
    fn a_file_read_part_by_part_reads_as_its_whole_value() {
        let file = to_json(&crate::fixtures::synthetic(2, 3));
        let mut texts = vec![
            file.clone(),
            "[]".into(),
            "[1, [2], {\"a\": 3}]".into(),
            "7".into(),
        ];
        for list in ["opportunities", "contacts", "events"] {
            for instead in [
                "{\"a\": [1, 2], \"b\": {}}",
                "{}",
                "null",
                "3",
                "\"x\"",
                "[1, null]",
            ] {
                let value = format!("\"{list}\": {instead}");
                let at = file.find(&format!("\"{list}\": [")).expect(list);
                let end = at + file[at..].find("\n  ]").expect("the list's end") + 4;
                texts.push(format!("{}{value}{}", &file[..at], &file[end..]));
            }
        }
        for text in texts {
            let whole = json::from_str(&text).map_err(|e| e.line).expect(&text);
            assert_eq!(parse(&text), parse_value(whole), "{text}");
        }
    }
}
