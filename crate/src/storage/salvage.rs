//! What can still be read of storage that cannot be read as a whole: the way out. A
//! history with one entry that cannot be read (a crash half-way, a bug of an older build,
//! an edited file) must never lock the user out, so when [`super::Stored::data`] is an
//! error the engine still offers:
//!
//! - `export`: a backup of every entry that reads on its own and fits with the rest,
//!   without the optional fields, addresses and participants that do not (what is left
//!   out is listed, with every problem);
//! - `import` with mode `replace`: storage holds exactly the file afterwards;
//! - `delete_all`: storage holds nothing afterwards.
//!
//! Every other change stays refused, so nothing is written over what cannot be read.

use serde_json::Value;

use super::{Dump, Kind, LEGACY_KEY, SETTINGS_KEY};
use crate::format::{self, Problems};
use crate::model::{Contact, Data, Event, Opportunity};

/// The readable part of storage that cannot be read as a whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Salvage {
    /// Every entry that reads on its own and fits with the others: a valid history.
    pub data: Data,
    /// What was left out: whole entries (`event:e1`, `history.events[3]`, `settings`)
    /// and parts of entries kept (`opportunity:o1.decision_date`, `contact:c1.addresses[1]`).
    pub left_out: Vec<String>,
    /// The key of every entity stored, read or not (what a replace or delete removes).
    pub keys: Vec<String>,
}

/// Reads what can be read of `dump`: the schema-1 entries, then the provisional history's
/// entries whose keys are free. Entries are kept in order (opportunities, contacts,
/// events) as long as each fits the ones kept before it.
pub(super) fn salvage(dump: &Dump) -> Salvage {
    let mut s = Salvage::default();
    let mut opportunities: Vec<(String, Opportunity)> = Vec::new();
    let mut contacts: Vec<(String, Contact)> = Vec::new();
    let mut events: Vec<(String, Event)> = Vec::new();
    for (key, value) in dump {
        let Some((kind, id)) = Kind::of_key(key) else {
            continue;
        };
        s.keys.push(key.clone());
        let left_out = &mut s.left_out;
        let read = match kind {
            Kind::Opportunity => repaired(value, key, format::parse_opportunity, left_out)
                .filter(|o| o.id == id)
                .map(|o| opportunities.push((key.clone(), o))),
            Kind::Contact => repaired(value, key, format::parse_contact, left_out)
                .filter(|c| c.id == id)
                .map(|c| contacts.push((key.clone(), c))),
            Kind::Event => repaired(value, key, format::parse_event, left_out)
                .filter(|e| e.id == id)
                .map(|e| events.push((key.clone(), e))),
        };
        if read.is_none() {
            s.left_out.push(key.clone());
        }
    }
    if let Some(value) = dump.get(SETTINGS_KEY) {
        match format::parse_settings(value, SETTINGS_KEY) {
            Ok(settings) => s.data.settings = settings,
            Err(_) => s.left_out.push(SETTINGS_KEY.to_string()),
        }
    }
    if let Some(history) = dump.get(LEGACY_KEY) {
        legacy(
            history,
            dump,
            &mut s.left_out,
            (&mut opportunities, &mut contacts, &mut events),
        );
    }
    for (_, o) in opportunities {
        s.data.opportunities.push(o);
    }
    for (key, mut c) in contacts {
        // An address that is not one (or is another contact's) goes; the contact stays.
        let bad = indexes(&format::contact_refs(&s.data, &c, &key), &key, "addresses");
        retain_but(&mut c.addresses, &bad, &key, "addresses", &mut s.left_out);
        if format::contact_refs(&s.data, &c, &key).is_empty() {
            s.data.contacts.push(c);
        } else {
            s.left_out.push(key);
        }
    }
    for (key, mut e) in events {
        // A participant no longer there goes; the event stays.
        let gone = indexes(&format::event_refs(&s.data, &e, &key), &key, "contacts");
        retain_but(&mut e.contacts, &gone, &key, "contacts", &mut s.left_out);
        if format::event_refs(&s.data, &e, &key).is_empty() {
            s.data.events.push(e);
        } else {
            s.left_out.push(key);
        }
    }
    s
}

/// Fields an entity cannot be read without.
const REQUIRED: [&str; 6] = ["id", "opportunity", "company", "name", "kind", "at"];

/// The entity stored under `key`; when it does not read, the same without the optional
/// fields its problems name (each noted in `left_out` as `key.field`): a decision date
/// outside the years kept costs that date, not the opportunity and all it holds.
fn repaired<T>(
    value: &Value,
    key: &str,
    parse: fn(&Value, &str) -> Result<T, Problems>,
    left_out: &mut Vec<String>,
) -> Option<T> {
    let problems = match parse(value, key) {
        Ok(entity) => return Some(entity),
        Err(problems) => problems,
    };
    let (without, fields) = optional_fields(value, key, &problems)?;
    let entity = parse(&without, key).ok()?;
    for f in fields {
        left_out.push(format!("{key}.{f}"));
    }
    Some(entity)
}

/// `value` without the optional fields `problems` name, and those fields; `None` when
/// they name a field an entity cannot be read without (or a path not under `key`).
fn optional_fields<'p>(
    value: &Value,
    key: &str,
    problems: &'p Problems,
) -> Option<(Value, Vec<&'p str>)> {
    let mut fields: Vec<&str> = Vec::new();
    for p in problems.iter() {
        let field = p.path.strip_prefix(key)?.strip_prefix('.')?;
        let field = field.split(['.', '[']).next().unwrap_or(field);
        if REQUIRED.contains(&field) {
            return None;
        }
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    let mut without = value.clone();
    let map = without.as_object_mut()?;
    crate::format::without(map, &fields);
    Some((without, fields))
}

/// The indexes in the list `field` of `key` that `problems` name (`key.field[3]`).
fn indexes(problems: &Problems, key: &str, field: &str) -> Vec<usize> {
    let prefix = format!("{key}.{field}[");
    let mut found = Vec::new();
    for p in problems.iter() {
        let index = p
            .path
            .strip_prefix(&prefix)
            .and_then(|i| i.strip_suffix(']'));
        if let Some(Ok(i)) = index.map(str::parse::<usize>) {
            found.push(i);
        }
    }
    found
}

/// Leaves out the items of `list` at `bad` (each noted in `left_out`).
fn retain_but(
    list: &mut Vec<String>,
    bad: &[usize],
    key: &str,
    field: &str,
    left_out: &mut Vec<String>,
) {
    // From the end, so that the positions still to look at do not move.
    for i in (0..list.len()).rev() {
        if bad.contains(&i) {
            list.remove(i);
        }
    }
    for j in bad {
        left_out.push(format!("{key}.{field}[{j}]"));
    }
}

type Lists<'a> = (
    &'a mut Vec<(String, Opportunity)>,
    &'a mut Vec<(String, Contact)>,
    &'a mut Vec<(String, Event)>,
);

/// The entries of the provisional `history` (the file format) whose keys are not stored.
fn legacy(history: &Value, dump: &Dump, left_out: &mut Vec<String>, lists: Lists) {
    let (opportunities, contacts, events) = lists;
    let mut old = Legacy {
        history,
        dump,
        left_out,
        seen: Dump::new(),
    };
    old.take(
        "opportunities",
        Kind::Opportunity,
        format::parse_opportunity,
        |o| &o.id,
        opportunities,
    );
    old.take(
        "contacts",
        Kind::Contact,
        format::parse_contact,
        |c| &c.id,
        contacts,
    );
    old.take(
        "events",
        Kind::Event,
        format::parse_event,
        |e| &e.id,
        events,
    );
}

/// Reading the provisional history list by list.
struct Legacy<'a> {
    history: &'a Value,
    dump: &'a Dump,
    left_out: &'a mut Vec<String>,
    /// The keys taken so far (the first of two entries with one id wins), to null: a
    /// [`Dump`]'s map type, so that the module compiles no other.
    seen: Dump,
}

impl Legacy<'_> {
    fn take<T>(
        &mut self,
        name: &str,
        kind: Kind,
        parse: fn(&Value, &str) -> Result<T, crate::format::Problems>,
        id: fn(&T) -> &String,
        into: &mut Vec<(String, T)>,
    ) {
        for (i, v) in super::items(self.history, name).iter().enumerate() {
            let path = format!("{LEGACY_KEY}.{name}[{i}]");
            match parse(v, &path) {
                Ok(entity) => {
                    if self.first(kind.key(id(&entity))) {
                        into.push((path, entity));
                    }
                }
                Err(_) => self.left_out.push(path),
            }
        }
    }

    /// Whether `key` is the first entry with its key, and not stored under it already
    /// (then it is read from there).
    fn first(&mut self, key: String) -> bool {
        !self.dump.contains_key(&key) && self.seen.insert(key, Value::Null).is_none()
    }
}
