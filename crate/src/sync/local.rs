//! Between the replica and the local store (`storage.local`, the source of truth for the
//! page): what the user changed here since the last sync becomes new versions
//! ([`observe`]); what the merged replica holds becomes one change of the local store
//! ([`writes_to`]), planned with the published views like any other change.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::repair::materialize;
use super::replica::{Entity, Replica, Version};
use super::stamp::Clock;
use crate::model::Data;
use crate::storage::{Kind, Writes, SETTINGS_KEY};

/// The entities of `data` by storage key.
fn keyed(data: &Data) -> HashMap<String, Entity> {
    let mut out =
        HashMap::with_capacity(data.opportunities.len() + data.contacts.len() + data.events.len());
    for o in &data.opportunities {
        out.insert(Kind::Opportunity.key(&o.id), Entity::Opportunity(o.clone()));
    }
    for c in &data.contacts {
        out.insert(Kind::Contact.key(&c.id), Entity::Contact(c.clone()));
    }
    for e in &data.events {
        out.insert(Kind::Event.key(&e.id), Entity::Event(e.clone()));
    }
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
    let mut record = |replica: &mut Replica, key: String, entity: Entity| {
        if before.remove(&key).as_ref() == Some(&entity) {
            return;
        }
        let version = Version {
            stamp: clock.tick(now_ms),
            group: entity.opportunity().to_string(),
            value: Some(entity),
        };
        changed |= replica.put(&key, version);
    };
    for o in &local.opportunities {
        record(
            replica,
            Kind::Opportunity.key(&o.id),
            Entity::Opportunity(o.clone()),
        );
    }
    for c in &local.contacts {
        record(
            replica,
            Kind::Contact.key(&c.id),
            Entity::Contact(c.clone()),
        );
    }
    for e in &local.events {
        record(replica, Kind::Event.key(&e.id), Entity::Event(e.clone()));
    }
    let mut gone: Vec<(String, Entity)> = before.into_iter().collect();
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
    let mut write = |key: String, entity: Entity, value: Value| {
        if before.remove(&key).as_ref() != Some(&entity) {
            writes.set.insert(key, value);
        }
    };
    for o in &target.opportunities {
        write(
            Kind::Opportunity.key(&o.id),
            Entity::Opportunity(o.clone()),
            json(o),
        );
    }
    for c in &target.contacts {
        write(
            Kind::Contact.key(&c.id),
            Entity::Contact(c.clone()),
            json(c),
        );
    }
    for e in &target.events {
        write(Kind::Event.key(&e.id), Entity::Event(e.clone()), json(e));
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
