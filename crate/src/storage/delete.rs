//! Deleting what the user tracks, and putting it back (undo). An opportunity goes with
//! its contacts and events; a contact leaves the events it took part in (which are
//! rewritten without it). What was removed or rewritten comes back in the answer, as it
//! was, so that [`put_back`] can restore it exactly.

use serde::Serialize;
use serde_json::Value;

use super::{
    clones_where, items, retain_where, Kind, Writes, SCHEMA_KEY, SYNC_PREFIX, TEST_PREFIX,
};
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

/// Deletes the entity `kind` `id`; `None` when nothing has that id.
pub fn delete(data: &Data, kind: Kind, id: &str) -> Option<(Removed, Writes)> {
    let mut removed = Removed::default();
    let mut writes = Writes::default();
    match kind {
        Kind::Opportunity => {
            removed.opportunities.push(data.opportunity(id)?.clone());
            removed.contacts = clones_where(&data.contacts, &|c| c.opportunity == id);
            removed.events = clones_where(&data.events, &|e| e.opportunity == id);
            writes.remove.push(Kind::Opportunity.key(id));
        }
        Kind::Contact => {
            removed.contacts.push(data.contact(id)?.clone());
            for e in &data.events {
                if !e.contacts.iter().any(|c| c == id) {
                    continue;
                }
                removed.events.push(e.clone());
                let mut without = e.clone();
                retain_where(&mut without.contacts, &|c| c != id);
                writes.put(Kind::Event.key(&e.id), &without);
            }
        }
        Kind::Event => {
            removed
                .events
                .push(data.events.iter().find(|e| e.id == id)?.clone());
        }
    }
    for c in &removed.contacts {
        writes.remove.push(Kind::Contact.key(&c.id));
    }
    if kind != Kind::Contact {
        for e in &removed.events {
            writes.remove.push(Kind::Event.key(&e.id));
        }
    }
    Some((removed, writes))
}

/// Where a put-back keeps entities of one kind in the history, and each one's id.
type Slot<T> = (fn(&mut Data) -> &mut Vec<T>, fn(&T) -> &String);

/// What a put-back has read so far: the history with it, its writes, its problems.
struct PutBack {
    merged: Data,
    writes: Writes,
    problems: Problems,
}

impl PutBack {
    /// Reads the list `removed.<name>` entity by entity, each replacing its id.
    fn take<T: Serialize>(
        &mut self,
        removed: &Value,
        (name, kind): (&str, Kind),
        parse: fn(&Value, &str) -> Result<T, Problems>,
        (list, id): Slot<T>,
    ) {
        for (i, v) in items(removed, name).iter().enumerate() {
            match parse(v, &format!("removed.{name}[{i}]")) {
                Ok(entity) => {
                    self.writes.put(kind.key(id(&entity)), &entity);
                    let stored = list(&mut self.merged);
                    retain_where(stored, &|x| id(x) != id(&entity));
                    stored.push(entity);
                }
                Err(p) => self.problems.extend(p),
            }
        }
    }
}

/// Puts back what a delete removed (`{opportunities, contacts, events}`, as a delete
/// answered it): every entity is checked like an entry of a file, and the result must
/// hold together (references), or nothing is written.
pub fn put_back(data: &Data, removed: &Value) -> Result<Writes, Problems> {
    let mut back = PutBack {
        merged: data.clone(),
        writes: Writes::default(),
        problems: Problems::default(),
    };
    back.take(
        removed,
        ("opportunities", Kind::Opportunity),
        format::parse_opportunity,
        (|d| &mut d.opportunities, |o| &o.id),
    );
    back.take(
        removed,
        ("contacts", Kind::Contact),
        format::parse_contact,
        (|d| &mut d.contacts, |c| &c.id),
    );
    back.take(
        removed,
        ("events", Kind::Event),
        format::parse_event,
        (|d| &mut d.events, |e| &e.id),
    );
    back.problems.extend(format::check_refs(&back.merged));
    if back.problems.is_empty() {
        Ok(back.writes)
    } else {
        Err(back.problems)
    }
}

/// Removes everything stored but the schema (and the tests' clock, and the sync state,
/// which records the delete for the other computers: crate::sync): `keys` is every key
/// in storage.
pub fn delete_all(mut keys: Vec<String>) -> Writes {
    retain_where(&mut keys, &|k| {
        k != SCHEMA_KEY && !k.starts_with(TEST_PREFIX) && !k.starts_with(SYNC_PREFIX)
    });
    Writes {
        set: Default::default(),
        remove: keys,
    }
}
