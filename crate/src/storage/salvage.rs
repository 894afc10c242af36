//! What can still be read of storage that cannot be read as a whole: the way out. A
//! history with one entry that cannot be read (a crash half-way, a bug of an older build,
//! an edited file) must never lock the user out, so when [`super::Stored::data`] is an
//! error the engine still offers:
//!
//! - `export`: a backup of every entry that reads on its own and fits with the rest
//!   (the others are listed, with every problem);
//! - `import` with mode `replace`: storage holds exactly the file afterwards;
//! - `delete_all`: storage holds nothing afterwards.
//!
//! Every other change stays refused, so nothing is written over what cannot be read.

use serde_json::Value;

use super::{Dump, Kind, LEGACY_KEY, SETTINGS_KEY};
use crate::format;
use crate::model::{Contact, Data, Event, Opportunity};

/// The readable part of storage that cannot be read as a whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Salvage {
    /// Every entry that reads on its own and fits with the others: a valid history.
    pub data: Data,
    /// The keys of the entries left out (`event:e1`, `history.events[3]`, `settings`).
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
        let read = match kind {
            Kind::Opportunity => format::parse_opportunity(value, key)
                .ok()
                .filter(|o| o.id == id)
                .map(|o| opportunities.push((key.clone(), o))),
            Kind::Contact => format::parse_contact(value, key)
                .ok()
                .filter(|c| c.id == id)
                .map(|c| contacts.push((key.clone(), c))),
            Kind::Event => format::parse_event(value, key)
                .ok()
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
    s.data.opportunities = opportunities.into_iter().map(|(_, o)| o).collect();
    for (key, c) in contacts {
        if format::contact_refs(&s.data, &c, &key).is_empty() {
            s.data.contacts.push(c);
        } else {
            s.left_out.push(key);
        }
    }
    for (key, e) in events {
        if format::event_refs(&s.data, &e, &key).is_empty() {
            s.data.events.push(e);
        } else {
            s.left_out.push(key);
        }
    }
    s
}

type Lists<'a> = (
    &'a mut Vec<(String, Opportunity)>,
    &'a mut Vec<(String, Contact)>,
    &'a mut Vec<(String, Event)>,
);

/// The entries of the provisional `history` (the file format) whose keys are not stored.
fn legacy(history: &Value, dump: &Dump, left_out: &mut Vec<String>, lists: Lists) {
    let (opportunities, contacts, events) = lists;
    let list = |name: &'static str| {
        history
            .get(name)
            .and_then(Value::as_array)
            .map(|items| items.iter().enumerate())
            .into_iter()
            .flatten()
            .map(move |(i, v)| (format!("{LEGACY_KEY}.{name}[{i}]"), v))
    };
    let free = |key: &str| !dump.contains_key(key);
    let mut seen = std::collections::BTreeSet::new();
    for (path, v) in list("opportunities") {
        match format::parse_opportunity(v, &path) {
            Ok(o) => {
                let key = Kind::Opportunity.key(&o.id);
                // An entry stored under its own key already is read from there.
                if free(&key) && seen.insert(key) {
                    opportunities.push((path, o));
                }
            }
            Err(_) => left_out.push(path),
        }
    }
    for (path, v) in list("contacts") {
        match format::parse_contact(v, &path) {
            Ok(c) => {
                let key = Kind::Contact.key(&c.id);
                // An entry stored under its own key already is read from there.
                if free(&key) && seen.insert(key) {
                    contacts.push((path, c));
                }
            }
            Err(_) => left_out.push(path),
        }
    }
    for (path, v) in list("events") {
        match format::parse_event(v, &path) {
            Ok(e) => {
                let key = Kind::Event.key(&e.id);
                // An entry stored under its own key already is read from there.
                if free(&key) && seen.insert(key) {
                    events.push((path, e));
                }
            }
            Err(_) => left_out.push(path),
        }
    }
}
