//! Reads a file's text without building the whole JSON value first: the top-level
//! fields are kept as values, but each entry of `opportunities`, `contacts` and
//! `events` is validated as it is read and only its typed form is kept. Before that,
//! [`entries`] counts the entries in one pass over the bytes, so that a hostile file of
//! millions of tiny entries is refused ([`MAX_ENTRIES`]) before anything is built.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

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

/// Reads one file from `de` (then the caller checks that nothing follows).
pub(super) fn read<'de, D: de::Deserializer<'de>>(de: D) -> Result<Top, D::Error> {
    de.deserialize_any(TopVisitor)
}

/// A visitor's methods for JSON's scalars (but null): each value as a JSON value, handed
/// to `$wrap` (the three visitors here keep a scalar to report it by its kind).
macro_rules! scalars {
    ($out:ty, $wrap:expr) => {
        fn visit_bool<E>(self, v: bool) -> Result<$out, E> {
            $wrap(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<$out, E> {
            $wrap(Value::from(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<$out, E> {
            $wrap(Value::from(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<$out, E> {
            $wrap(Value::from(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<$out, E> {
            $wrap(Value::from(v))
        }
    };
}

struct TopVisitor;

/// A value that is not an object: only its kind matters (it is reported as such).
fn other<E>(value: Value) -> Result<Top, E> {
    Ok(Top {
        value,
        lists: Lists::default(),
        twice: Vec::new(),
    })
}

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Too Soon? file")
    }

    scalars!(Top, other);
    fn visit_unit<E>(self) -> Result<Top, E> {
        other(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
        // Read (and dropped) element by element, within serde_json's nesting limit.
        while seq.next_element::<Value>()?.is_some() {}
        other(Value::Array(Vec::new()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut fields = Map::new();
        let mut lists = Lists::default();
        let mut seen: Vec<String> = Vec::new();
        let mut twice = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                twice.push(key.clone());
            } else {
                seen.push(key.clone());
            }
            match key.as_str() {
                "opportunities" => {
                    let listed = list(&mut map, "opportunities", validate::opportunity)?;
                    place(listed, key, &mut lists.opportunities, &mut fields);
                }
                "contacts" => {
                    let listed = list(&mut map, "contacts", validate::contact)?;
                    place(listed, key, &mut lists.contacts, &mut fields);
                }
                "events" => {
                    let listed = list(&mut map, "events", validate::event)?;
                    place(listed, key, &mut lists.events, &mut fields);
                }
                _ => {
                    fields.insert(key, map.next_value::<Value>()?);
                }
            }
        }
        Ok(Top {
            value: Value::Object(fields),
            lists,
            twice,
        })
    }
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

/// The next value of `map` as the list `name`, each entry read by `read`.
fn list<'de, A: MapAccess<'de>, T>(
    map: &mut A,
    name: &'static str,
    read: Read<T>,
) -> Result<Listed<T>, A::Error> {
    let mut items = Vec::new();
    let listed = map.next_value_seed(ListSeed {
        name,
        each: &mut |value, path, problems| items.extend(read(value, path, problems)),
    })?;
    Ok(listed.map(|list| list.map(|problems| (items, problems))))
}

/// One list, entry by entry, each handed to `each` (one seed for every kind of entry:
/// serde_json's reader is compiled once for it, not once a kind); `None` when it is not
/// a list (then the value read in its place is kept among the fields, to be reported).
struct ListSeed<'a> {
    name: &'static str,
    each: &'a mut dyn FnMut(&Value, &str, &mut Problems),
}

/// The problems of a list's entries; or the value found instead of a list.
type Seen = Option<Result<Problems, Value>>;

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = Seen;

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Seen, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = Seen;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
        let mut problems = Problems::default();
        let mut i = 0;
        while let Some(Entry { value, twice }) = seq.next_element_seed(EntrySeed)? {
            let path = format!("{}[{i}]", self.name);
            (self.each)(&value, &path, &mut problems);
            for key in twice {
                problems.add(&format!("{path}.{key}"), "twice", value!({}));
            }
            i += 1;
        }
        Ok(Some(Ok(problems)))
    }

    // Anything else is kept as a value of its kind, to be reported as not a list.
    scalars!(Seen, |value| Ok(Some(Err(value))));
    fn visit_unit<E>(self) -> Result<Seen, E> {
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
        while map.next_entry::<IgnoredAny, Value>()?.is_some() {}
        Ok(Some(Err(Value::Object(Map::new()))))
    }
}

/// One entry of a list as a JSON value, with the fields it gives twice.
struct Entry {
    value: Value,
    twice: Vec<String>,
}

struct EntrySeed;

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = Entry;

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Entry, D::Error> {
        de.deserialize_any(self)
    }
}

/// An entry that is not an object: its value as it is (reported by its kind).
fn plain<E>(value: Value) -> Result<Entry, E> {
    Ok(Entry {
        value,
        twice: Vec::new(),
    })
}

impl<'de> Visitor<'de> for EntrySeed {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let mut fields = Map::new();
        let mut twice = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Value>()?;
            if fields.insert(key.clone(), value).is_some() && !twice.contains(&key) {
                twice.push(key);
            }
        }
        plain(Value::Object(fields)).map(|entry| Entry { twice, ..entry })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        plain(Value::Array(items))
    }
    scalars!(Entry, plain);
    fn visit_unit<E>(self) -> Result<Entry, E> {
        plain(Value::Null)
    }
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
