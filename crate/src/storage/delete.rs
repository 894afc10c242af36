//! Deleting what the user tracks, and putting it back (undo). An opportunity goes with
//! its contacts and events; a contact leaves the events it took part in (which are
//! rewritten without it). What was removed or rewritten comes back in the answer, as it
//! was, so that [`put_back`] can restore it exactly.

use serde::Serialize;
use serde_json::Value;

use super::{Kind, Writes, SCHEMA_KEY};
use crate::format::{self, Problems};
use crate::model::{Contact, Data, Event, Opportunity};

/// Entities as they were before a delete.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Removed {
    pub opportunities: Vec<Opportunity>,
    pub contacts: Vec<Contact>,
    /// Events removed, and events rewritten without a deleted contact (as they were).
    pub events: Vec<Event>,
}

fn set<T: Serialize>(writes: &mut Writes, key: String, value: &T) {
    if let Ok(value) = serde_json::to_value(value) {
        writes.set.insert(key, value);
    }
}

/// Deletes the entity `kind` `id`; `None` when nothing has that id.
pub fn delete(data: &Data, kind: Kind, id: &str) -> Option<(Removed, Writes)> {
    let mut removed = Removed::default();
    let mut writes = Writes::default();
    match kind {
        Kind::Opportunity => {
            removed.opportunities.push(data.opportunity(id)?.clone());
            removed.contacts = data
                .contacts
                .iter()
                .filter(|c| c.opportunity == id)
                .cloned()
                .collect();
            removed.events = data
                .events
                .iter()
                .filter(|e| e.opportunity == id)
                .cloned()
                .collect();
            writes.remove.push(Kind::Opportunity.key(id));
        }
        Kind::Contact => {
            removed.contacts.push(data.contact(id)?.clone());
            for e in data
                .events
                .iter()
                .filter(|e| e.contacts.iter().any(|c| c == id))
            {
                removed.events.push(e.clone());
                let mut without = e.clone();
                without.contacts.retain(|c| c != id);
                set(&mut writes, Kind::Event.key(&e.id), &without);
            }
        }
        Kind::Event => {
            removed
                .events
                .push(data.events.iter().find(|e| e.id == id)?.clone());
        }
    }
    writes.remove.extend(
        removed
            .contacts
            .iter()
            .map(|c| Kind::Contact.key(&c.id))
            .chain(
                (kind != Kind::Contact)
                    .then_some(&removed.events)
                    .into_iter()
                    .flatten()
                    .map(|e| Kind::Event.key(&e.id)),
            ),
    );
    Some((removed, writes))
}

/// Puts back what a delete removed (`{opportunities, contacts, events}`, as a delete
/// answered it): every entity is checked like an entry of a file, and the result must
/// hold together (references), or nothing is written.
pub fn put_back(data: &Data, value: &Value) -> Result<Writes, Problems> {
    let mut problems = Problems::default();
    let list = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mut merged = data.clone();
    let mut writes = Writes::default();
    for (i, v) in list("opportunities").iter().enumerate() {
        match format::parse_opportunity(v, &format!("removed.opportunities[{i}]")) {
            Ok(o) => {
                set(&mut writes, Kind::Opportunity.key(&o.id), &o);
                merged.opportunities.retain(|x| x.id != o.id);
                merged.opportunities.push(o);
            }
            Err(p) => problems.extend(p),
        }
    }
    for (i, v) in list("contacts").iter().enumerate() {
        match format::parse_contact(v, &format!("removed.contacts[{i}]")) {
            Ok(c) => {
                set(&mut writes, Kind::Contact.key(&c.id), &c);
                merged.contacts.retain(|x| x.id != c.id);
                merged.contacts.push(c);
            }
            Err(p) => problems.extend(p),
        }
    }
    for (i, v) in list("events").iter().enumerate() {
        match format::parse_event(v, &format!("removed.events[{i}]")) {
            Ok(e) => {
                set(&mut writes, Kind::Event.key(&e.id), &e);
                merged.events.retain(|x| x.id != e.id);
                merged.events.push(e);
            }
            Err(p) => problems.extend(p),
        }
    }
    problems.extend(format::check_refs(&merged));
    if problems.is_empty() {
        Ok(writes)
    } else {
        Err(problems)
    }
}

/// Removes everything stored but the schema (and the tests' clock): `keys` is every key
/// in storage.
pub fn delete_all<'a>(keys: impl Iterator<Item = &'a String>) -> Writes {
    Writes {
        set: Default::default(),
        remove: keys
            .filter(|k| *k != SCHEMA_KEY && !k.starts_with("test:"))
            .cloned()
            .collect(),
    }
}
