//! Reads a file's text without building the whole JSON value first: the top-level
//! fields are kept as values, but each entry of `opportunities`, `contacts` and
//! `events` is validated as it is read and only its typed form is kept. Before that,
//! [`entries`] counts the entries in one pass over the bytes, so that a hostile file of
//! millions of tiny entries is refused ([`MAX_ENTRIES`]) before anything is built.

use serde_json::{Map, Value};

use super::json::{Error, Reader};
use super::problems::Problems;
use super::validate::{self, Lists};
use crate::format::value;

/// A file holds at most this many entries (opportunities, contacts and events together).
pub const MAX_ENTRIES: usize = 500_000;

/// How many entries the lists of the file `text` hold (the values in the arrays of its
/// top-level object), counted over the bytes without reading anything; for text that is
/// not JSON, a number that means nothing (the parser then says what is wrong).
pub(super) fn entries(text: &str) -> usize {
    let (mut depth, mut count) = (0usize, 0usize);
    // In a top-level list; no value seen in it yet.
    let (mut in_list, mut empty) = (false, false);
    let mut strings = Strings::default();
    for &b in text.as_bytes() {
        if strings.inside(b) {
            continue;
        }
        if b.is_ascii_whitespace() || b == b']' || b == b'}' {
            depth = depth.saturating_sub(usize::from(!b.is_ascii_whitespace()));
            continue;
        }
        if depth == 2 && in_list && (empty || b == b',') {
            count += 1;
            empty = false;
        }
        match b {
            b'"' => strings.open(),
            b'[' | b'{' => {
                depth += 1;
                if depth == 2 {
                    (in_list, empty) = (b == b'[', true);
                }
            }
            _ => {}
        }
    }
    count
}

/// Where a scan over JSON text's bytes is with regard to its strings.
#[derive(Default)]
pub(super) struct Strings {
    inside: bool,
    escaped: bool,
}

impl Strings {
    /// A string's opening quote was just seen.
    pub(super) fn open(&mut self) {
        self.inside = true;
    }

    /// Is byte `b` part of the string being scanned (its closing quote included)?
    pub(super) fn inside(&mut self, b: u8) -> bool {
        if !self.inside {
            return false;
        }
        match b {
            _ if self.escaped => self.escaped = false,
            b'\\' => self.escaped = true,
            b'"' => self.inside = false,
            _ => {}
        }
        true
    }
}

/// The top of a file: its fields but the lists, the lists read entry by entry, and the
/// fields given twice (a JSON value keeps the last one silently; a file's reader says so).
pub(super) struct Top {
    pub value: Value,
    pub lists: Lists,
    pub twice: Vec<String>,
}

/// Reads one file from `reader` (then the caller checks that nothing follows). A top
/// value that is not an object is kept by its kind only (it is reported as such).
pub(super) fn read(reader: &mut Reader) -> Result<Top, Error> {
    let mut top = Top {
        value: Value::Null,
        lists: Lists::default(),
        twice: Vec::new(),
    };
    if !reader.open(b'{')? {
        top.value = kind_of(reader)?;
        return Ok(top);
    }
    let mut fields = Map::new();
    let mut seen: Vec<String> = Vec::new();
    let mut first = true;
    while reader.more(b'}', &mut first)? {
        let key = reader.key()?;
        if seen.contains(&key) {
            top.twice.push(key.clone());
        } else {
            seen.push(key.clone());
        }
        let lists = &mut top.lists;
        match key.as_str() {
            "opportunities" => {
                let listed = list(reader, "opportunities", validate::opportunity)?;
                place(listed, key, &mut lists.opportunities, &mut fields);
            }
            "contacts" => {
                let listed = list(reader, "contacts", validate::contact)?;
                place(listed, key, &mut lists.contacts, &mut fields);
            }
            "events" => {
                let listed = list(reader, "events", validate::event)?;
                place(listed, key, &mut lists.events, &mut fields);
            }
            _ => {
                fields.insert(key, reader.value()?);
            }
        }
    }
    top.value = Value::Object(fields);
    Ok(top)
}

/// A list read entry by entry goes to its slot; anything else stays among the fields,
/// where it is reported as not a list.
fn place<T>(
    listed: Listed<T>,
    key: String,
    slot: &mut Option<(Vec<T>, Problems)>,
    fields: &mut Map<String, Value>,
) {
    match listed {
        Some(Ok(list)) => {
            *slot = Some(list);
            crate::format::without(fields, &[&key]);
        }
        Some(Err(value)) => {
            *slot = None;
            fields.insert(key, value);
        }
        None => {
            *slot = None;
            crate::format::without(fields, &[&key]);
        }
    }
}

type Read<T> = fn(&Value, &str, &mut Problems) -> Option<T>;

/// The entries of a list and their problems; or the value found instead of a list.
pub(super) type Listed<T> = Option<Result<(Vec<T>, Problems), Value>>;

/// The next value of the file's object as the list `name`, each entry read by `read`.
fn list<T>(reader: &mut Reader, name: &'static str, read: Read<T>) -> Result<Listed<T>, Error> {
    let mut items = Vec::new();
    let listed = entries_of(reader, name, &mut |value, path, problems| {
        items.extend(read(value, path, problems))
    })?;
    Ok(listed.map(|list| list.map(|problems| (items, problems))))
}

/// The problems of a list's entries; or the value found instead of a list.
type Seen = Option<Result<Problems, Value>>;

/// One list, entry by entry, each handed to `each` (one function for every kind of
/// entry, compiled once); `None` for null, and for anything else that is not a list
/// the value read in its place, by its kind (kept among the fields, to be reported).
fn entries_of(
    reader: &mut Reader,
    name: &str,
    each: &mut dyn FnMut(&Value, &str, &mut Problems),
) -> Result<Seen, Error> {
    if !reader.open(b'[')? {
        return Ok(match kind_of(reader)? {
            Value::Null => None,
            value => Some(Err(value)),
        });
    }
    let mut problems = Problems::default();
    let mut i = 0;
    let mut first = true;
    while reader.more(b']', &mut first)? {
        let (value, twice) = entry(reader)?;
        let path = format!("{name}[{i}]");
        each(&value, &path, &mut problems);
        for key in twice {
            problems.add(&format!("{path}.{key}"), "twice", value!({}));
        }
        i += 1;
    }
    Ok(Some(Ok(problems)))
}

/// The value that comes next, where only its kind matters: a list or an object is read
/// item by item, each dropped once read (an empty one stands for it), so that a file's
/// huge list in the wrong place is never held whole; anything else as it is.
fn kind_of(reader: &mut Reader) -> Result<Value, Error> {
    let list = reader.open(b'[')?;
    if !list && !reader.open(b'{')? {
        return reader.value();
    }
    let mut first = true;
    while reader.more(if list { b']' } else { b'}' }, &mut first)? {
        if !list {
            reader.key()?;
        }
        reader.value()?;
    }
    Ok(if list {
        Value::Array(Vec::new())
    } else {
        Value::Object(Map::new())
    })
}

/// One entry of a list as a JSON value, with the fields it gives twice.
fn entry(reader: &mut Reader) -> Result<(Value, Vec<String>), Error> {
    let mut twice = Vec::new();
    if !reader.open(b'{')? {
        return Ok((reader.value()?, twice));
    }
    let mut fields = Map::new();
    let mut first = true;
    while reader.more(b'}', &mut first)? {
        let key = reader.key()?;
        let value = reader.value()?;
        if fields.insert(key.clone(), value).is_some() && !twice.contains(&key) {
            twice.push(key);
        }
    }
    Ok((Value::Object(fields), twice))
}

#[cfg(test)]
mod tests {
    use super::entries;

    #[test]
    fn entries_are_the_values_of_the_top_level_lists() {
        for (text, n) in [
            (r#"{"events": []}"#, 0),
            (r#"{"events": [ ]}"#, 0),
            (r#"{"events": [{}]}"#, 1),
            (
                r#"{"events": [{"a": [1, 2, 3]}, {"b": {"c": [4, 5]}}], "x": 1}"#,
                2,
            ),
            (
                r#"{"contacts": ["a,b", "c\"],[", 3], "events": [[], [[1, 2]]]}"#,
                5,
            ),
            (
                r#"{"settings": {"a": [1, 2, 3]}, "opportunities": [1,2,3,4]}"#,
                4,
            ),
            (r#"[1, 2, 3]"#, 0),
        ] {
            assert_eq!(entries(text), n, "{text}");
        }
    }
}
