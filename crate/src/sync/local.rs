//! Between the replica and the local store (`storage.local`, the source of truth for the
//! page): what the user changed here since the last sync becomes new versions
//! ([`observe`]); what the merged replica holds becomes one change of the local store
//! ([`writes_to`]), planned with the published views like any other change.
//!
//! Both compare the local history with the replica entity by entity, without making the
//! replica's history first: a sync step costs little more than reading both once.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use super::repair::Repair;
use super::replica::{Entity, Replica, Version};
use super::stamp::Clock;
use crate::hash::Map;
use crate::model::{Contact, Data, Event, Opportunity};
use crate::storage::{Kind, Writes, SETTINGS_KEY};

/// One entity of a history, borrowed.
#[derive(Clone, Copy)]
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

    fn is(self, entity: &Entity) -> bool {
        match (self, entity) {
            (Ref::Opportunity(a), Entity::Opportunity(b)) => a == b,
            (Ref::Contact(a), Entity::Contact(b)) => a == b,
            (Ref::Event(a), Entity::Event(b)) => a == b,
            _ => false,
        }
    }
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn entity_json(entity: &Entity) -> Value {
    match entity {
        Entity::Opportunity(o) => json(o),
        Entity::Contact(c) => json(c),
        Entity::Event(e) => json(e),
    }
}

/// The entities of a local history by kind and id.
struct Local<'a>([Map<&'a str, Ref<'a>>; 3]);

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Opportunity => 0,
        Kind::Contact => 1,
        Kind::Event => 2,
    }
}

impl<'a> Local<'a> {
    fn new(data: &'a Data) -> Local<'a> {
        let mut maps: [Map<&str, Ref>; 3] = Default::default();
        maps[0].extend(
            data.opportunities
                .iter()
                .map(|o| (o.id.as_str(), Ref::Opportunity(o))),
        );
        maps[1].extend(
            data.contacts
                .iter()
                .map(|c| (c.id.as_str(), Ref::Contact(c))),
        );
        maps[2].extend(data.events.iter().map(|e| (e.id.as_str(), Ref::Event(e))));
        Local(maps)
    }

    /// The local entity with the storage key `key`.
    fn get(&self, key: &str) -> Option<Ref<'a>> {
        let (kind, id) = Kind::of_key(key)?;
        self.0[slot(kind)].get(id).copied()
    }

    fn all(&self) -> impl Iterator<Item = (Kind, &&'a str, &Ref<'a>)> {
        [Kind::Opportunity, Kind::Contact, Kind::Event]
            .into_iter()
            .flat_map(move |kind| self.0[slot(kind)].iter().map(move |(id, r)| (kind, id, r)))
    }
}

/// Records what differs between the local history `local` and what `replica` holds
/// (the last history synced here) as new versions stamped by `clock` at `now_ms`: an
/// entity added or changed here, a tombstone for one deleted here, the settings. True
/// when anything was recorded.
pub fn observe(replica: &mut Replica, local: &Data, clock: &mut Clock, now_ms: u64) -> bool {
    let here = Local::new(local);
    let mut changed: Vec<(String, Option<Entity>, String)> = Vec::new();
    {
        let repair = Repair::new(replica);
        // One pass over the replica: changed here, or deleted here (there in the
        // replica's history, not here); then what is only here.
        let mut added: Vec<(String, Ref)> = Vec::new();
        let mut seen: [Map<&str, ()>; 3] = Default::default();
        for (key, version) in &replica.entities {
            let Some((kind, id)) = Kind::of_key(key) else {
                continue;
            };
            let held = repair.value(version);
            match here.0[slot(kind)].get(id) {
                Some(entity) => {
                    seen[slot(kind)].insert(id, ());
                    if !held.is_some_and(|h| entity.is(&h)) {
                        added.push((key.clone(), *entity));
                    }
                }
                None => {
                    if let Some(entity) = held {
                        changed.push((key.clone(), None, entity.opportunity().to_string()));
                    }
                }
            }
        }
        for (kind, id, entity) in here.all() {
            if !seen[slot(kind)].contains_key(*id) {
                added.push((kind.key(id), *entity));
            }
        }
        // Stamped in key order, so that the same changes get the same stamps.
        crate::sort::sort_by(&mut added, |a, b| a.0.cmp(&b.0));
        for (key, entity) in added {
            let entity = entity.owned();
            let group = entity.opportunity().to_string();
            changed.push((key, Some(entity), group));
        }
    }
    let mut any = false;
    for (key, value, group) in changed {
        let version = Version {
            stamp: clock.tick(now_ms),
            group,
            value,
        };
        any |= replica.put(&key, version);
    }
    let held = replica
        .settings
        .as_ref()
        .map(|(_, s)| Cow::Borrowed(s))
        .unwrap_or_default();
    if local.settings != *held {
        any |= replica.put_settings(clock.tick(now_ms), local.settings.clone());
    }
    any
}

/// The writes that make the local history `local` hold what `replica` holds (entities
/// written only where they differ, removed where the replica's history has none).
pub fn writes_to(local: &Data, replica: &Replica) -> Writes {
    let here = Local::new(local);
    let repair = Repair::new(replica);
    let mut writes = Writes::default();
    let mut there: [Map<&str, ()>; 3] = Default::default();
    for (key, version) in &replica.entities {
        let Some(entity) = repair.value(version) else {
            continue;
        };
        if let Some((kind, id)) = Kind::of_key(key) {
            there[slot(kind)].insert(id, ());
        }
        if !here.get(key).is_some_and(|h| h.is(&entity)) {
            writes.set.insert(key.clone(), entity_json(&entity));
        }
    }
    let mut gone: Vec<String> = here
        .all()
        .filter(|(kind, id, _)| !there[slot(*kind)].contains_key(**id))
        .map(|(kind, id, _)| kind.key(id))
        .collect();
    crate::sort::sort(&mut gone);
    writes.remove = gone;
    let settings = replica
        .settings
        .as_ref()
        .map(|(_, s)| Cow::Borrowed(s))
        .unwrap_or_default();
    if local.settings != *settings {
        writes
            .set
            .insert(SETTINGS_KEY.to_string(), json(&*settings));
    }
    writes
}
