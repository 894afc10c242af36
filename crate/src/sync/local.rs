//! Between the replica and the local store (`storage.local`, the source of truth for the
//! page): what the user changed here since the last sync becomes new versions
//! ([`observe`]); what the merged replica holds becomes one change of the local store
//! ([`writes_to`]), planned with the published views like any other change.

use serde::Serialize;
use serde_json::Value;

use super::repair::materialize;
use super::replica::{Entity, Replica, Version};
use super::stamp::Clock;
use crate::hash::Map;
use crate::model::{Contact, Data, Event, Opportunity};
use crate::storage::{Kind, Writes, SETTINGS_KEY};

/// One entity of a history, borrowed.
#[derive(Clone, Copy, PartialEq)]
enum Ref<'a> {
    Opportunity(&'a Opportunity),
    Contact(&'a Contact),
    Event(&'a Event),
}

impl<'a> Ref<'a> {
    fn owned(self) -> Entity {
        match self {
            Ref::Opportunity(o) => Entity::Opportunity(o.clone()),
            Ref::Contact(c) => Entity::Contact(c.clone()),
            Ref::Event(e) => Entity::Event(e.clone()),
        }
    }

    fn opportunity(self) -> &'a str {
        match self {
            Ref::Opportunity(o) => &o.id,
            Ref::Contact(c) => &c.opportunity,
            Ref::Event(e) => &e.opportunity,
        }
    }

    fn json(self) -> Value {
        match self {
            Ref::Opportunity(o) => json(o),
            Ref::Contact(c) => json(c),
            Ref::Event(e) => json(e),
        }
    }
}

/// The entities of `data`, each with its storage key.
fn entities(data: &Data) -> impl Iterator<Item = (String, Ref<'_>)> {
    let o = data
        .opportunities
        .iter()
        .map(|o| (Kind::Opportunity.key(&o.id), Ref::Opportunity(o)));
    let c = data
        .contacts
        .iter()
        .map(|c| (Kind::Contact.key(&c.id), Ref::Contact(c)));
    let e = data
        .events
        .iter()
        .map(|e| (Kind::Event.key(&e.id), Ref::Event(e)));
    o.chain(c).chain(e)
}

/// The entities of `data` by storage key.
fn keyed(data: &Data) -> Map<String, Ref<'_>> {
    let mut out = Map::default();
    out.reserve(data.opportunities.len() + data.contacts.len() + data.events.len());
    out.extend(entities(data));
    out
}

/// Records what differs between the local history `local` and what `replica` holds
/// (the last history synced here) as new versions stamped by `clock` at `now_ms`: an
/// entity added or changed here, a tombstone for one deleted here, the settings. True
/// when anything was recorded.
pub fn observe(replica: &mut Replica, local: &Data, clock: &mut Clock, now_ms: u64) -> bool {
    let held = materialize(replica);
    let mut before = keyed(&held);
    let mut changed = false;
    for (key, entity) in entities(local) {
        if before.remove(&key) == Some(entity) {
            continue;
        }
        let entity = entity.owned();
        let version = Version {
            stamp: clock.tick(now_ms),
            group: entity.opportunity().to_string(),
            value: Some(entity),
        };
        changed |= replica.put(&key, version);
    }
    let mut gone: Vec<(String, Ref)> = before.into_iter().collect();
    crate::sort::sort_by(&mut gone, |a, b| a.0.cmp(&b.0));
    for (key, entity) in gone {
        let version = Version {
            stamp: clock.tick(now_ms),
            group: entity.opportunity().to_string(),
            value: None,
        };
        changed |= replica.put(&key, version);
    }
    if local.settings != held.settings {
        changed |= replica.put_settings(clock.tick(now_ms), local.settings.clone());
    }
    changed
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The writes that make the local history `local` hold `target` (entities written only
/// where they differ, removed where `target` has none).
pub fn writes_to(local: &Data, target: &Data) -> Writes {
    let mut writes = Writes::default();
    let mut before = keyed(local);
    for (key, entity) in entities(target) {
        if before.remove(&key) != Some(entity) {
            writes.set.insert(key, entity.json());
        }
    }
    let mut gone: Vec<String> = before.into_keys().collect();
    crate::sort::sort(&mut gone);
    writes.remove = gone;
    if local.settings != target.settings {
        writes
            .set
            .insert(SETTINGS_KEY.to_string(), json(&target.settings));
    }
    writes
}
