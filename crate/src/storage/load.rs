//! Reading `storage.local` (schema 1 or 2, or the provisional `history` key) into a
//! [`Stored`], with the migration to schema 2 when it is older.

use serde_json::Value;

use crate::format::value;

use super::salvage::salvage;
use super::views::{is_view_key, META_KEY};
use super::{
    retain_where, Dump, Kind, Stored, Writes, LEGACY_KEY, PROVIDER_PREFIX, REMINDERS_KEY,
    SCHEMA_KEY, SCHEMA_VERSION, SETTINGS_KEY,
};
use crate::format::{self, Problems};
use crate::hash::Map;
use crate::model::Data;
use crate::sort::{SortedMap, SortedSet};

pub(super) fn load(dump: &Dump) -> Stored {
    let schema = match dump.get(SCHEMA_KEY) {
        None => None,
        Some(value) => match value.get("version").and_then(Value::as_u64) {
            Some(v) => Some(u32::try_from(v).unwrap_or(u32::MAX)),
            None => {
                let mut problems = Problems::default();
                problems.add(SCHEMA_KEY, "schema", value!({}));
                return Stored {
                    schema: None,
                    data: Err(problems),
                    migration: None,
                    notified: Vec::new(),
                    keys: other_keys(dump),
                    providers: providers(dump),
                    view_meta: None,
                    salvage: Some(salvage(dump)),
                };
            }
        },
    };
    let newer = schema.is_some_and(|v| v > SCHEMA_VERSION);
    let legacy = match dump.get(LEGACY_KEY) {
        Some(value) if !newer => Some(format::parse_value(value.clone())),
        _ => None,
    };
    let (data, migration) = match (schema, legacy) {
        // Only the provisional key: read it, and move it into schema 1.
        (None, Some(Ok(history))) => {
            let migration = migrate(dump, &history, schema);
            (Ok(history), migration)
        }
        // An unreadable provisional history is left as it is (nothing is ever dropped).
        (None, Some(Err(problems))) => (Err(problems), None),
        // Schema 1 and a provisional history beside it (a migration that stopped half-way,
        // or a history restored by an older build): finish moving it when nothing conflicts.
        (Some(_), Some(Ok(history))) => (assemble(dump), migrate(dump, &history, schema)),
        (Some(_), Some(Err(_))) => (assemble(dump), None),
        (None, None) => (assemble(dump), Some(schema_writes())),
        (Some(_), None) => (assemble(dump), None),
    };
    // Schema 1 → 2: the fields schema 2 added are optional; sends logged from a webmail
    // page (ids `send-…`) are marked as logged by a compose.
    let migration = match (&data, schema) {
        (Ok(data), Some(v)) if v < SCHEMA_VERSION => {
            Some(migration.unwrap_or_default().then(upgrade(data)))
        }
        (Ok(data), None) => migration.map(|m| m.then(upgrade(data))),
        _ => migration,
    };
    let salvage = data.is_err().then(|| salvage(dump));
    Stored {
        schema,
        data,
        salvage,
        migration,
        notified: dump.get(REMINDERS_KEY).map(notified).unwrap_or_default(),
        keys: other_keys(dump),
        providers: providers(dump),
        view_meta: dump.get(META_KEY).cloned(),
    }
}

/// The stored keys that are not entities.
fn other_keys(dump: &Dump) -> SortedSet<String> {
    let mut keys = Vec::new();
    for k in dump.keys() {
        if Kind::of_key(k).is_none() {
            keys.push(k.clone());
        }
    }
    keys.into_iter().collect()
}

/// `provider:<id>` → recognized (what cannot be read counts as never reported).
fn providers(dump: &Dump) -> SortedMap<String, bool> {
    let mut providers = SortedMap::default();
    for (key, value) in dump {
        let id = key.strip_prefix(PROVIDER_PREFIX);
        if let (Some(id), Some(recognized)) = (id, value.get("recognized").and_then(Value::as_bool))
        {
            providers.insert(id.to_string(), recognized);
        }
    }
    providers
}

/// The keys in a `reminders` entry; bookkeeping only, so what cannot be read counts as
/// nothing shown yet.
fn notified(value: &Value) -> Vec<String> {
    let mut keys = Vec::new();
    for key in super::items(value, "notified") {
        if let Some(key) = key.as_str() {
            keys.push(key.to_string());
        }
    }
    keys
}

/// Schema 2's writes over `data` read from schema 1 (or the provisional key): the new
/// version, and each send logged from a webmail page marked as such.
fn upgrade(data: &Data) -> Writes {
    let mut writes = schema_writes();
    for e in &data.events {
        let mut marked = e.clone();
        if marked.mark_version_1_send() {
            writes.put(Kind::Event.key(&e.id), &marked);
        }
    }
    writes
}

/// The write of the schema this build stores (`{"version": SCHEMA_VERSION}` under `schema`).
pub(super) fn schema_writes() -> Writes {
    let mut writes = Writes::default();
    writes
        .set
        .insert(SCHEMA_KEY.into(), value!({ "version": SCHEMA_VERSION }));
    writes
}

/// The history from the entity keys; problems name the key (`event:e1.at: …`).
fn assemble(dump: &Dump) -> Result<Data, Problems> {
    let mut problems = Problems::default();
    let mut data = Data::default();
    if let Some(value) = dump.get(SETTINGS_KEY) {
        match format::parse_settings(value, SETTINGS_KEY) {
            Ok(settings) => data.settings = settings,
            Err(p) => problems.extend(p),
        }
    }
    for (key, value) in dump {
        let Some((kind, id)) = Kind::of_key(key) else {
            continue; // not an entity (or one a newer schema added)
        };
        let stored_id = match kind {
            Kind::Opportunity => format::parse_opportunity(value, key).map(|o| {
                data.opportunities.push(o);
                &data.opportunities[data.opportunities.len() - 1].id
            }),
            Kind::Contact => format::parse_contact(value, key).map(|c| {
                data.contacts.push(c);
                &data.contacts[data.contacts.len() - 1].id
            }),
            Kind::Event => format::parse_event(value, key).map(|e| {
                data.events.push(e);
                &data.events[data.events.len() - 1].id
            }),
        };
        match stored_id {
            Ok(stored) if stored != id => {
                problems.add(&format!("{key}.id"), "key_mismatch", value!({"id": stored}))
            }
            Ok(_) => {}
            Err(p) => problems.extend(p),
        }
    }
    problems.extend(format::check_refs(&data));
    if problems.is_empty() {
        Ok(data)
    } else {
        Err(problems)
    }
}

/// Moves a provisional history into schema 1: every entity whose key is free (or holds
/// the same value already), then the `history` key is removed. `None` when an entity's
/// key holds something else: then nothing moves, so nothing can be lost.
fn migrate(dump: &Dump, history: &Data, schema: Option<u32>) -> Option<Writes> {
    let mut writes = if schema.is_none() {
        schema_writes()
    } else {
        Writes::default()
    };
    if !dump.contains_key(SETTINGS_KEY) {
        let settings = crate::format::to_value(&history.settings)?;
        writes.set.insert(SETTINGS_KEY.into(), settings);
    }
    let mut entities = Vec::new();
    for o in &history.opportunities {
        entities.push((Kind::Opportunity.key(&o.id), crate::format::to_value(o)));
    }
    for c in &history.contacts {
        entities.push((Kind::Contact.key(&c.id), crate::format::to_value(c)));
    }
    for e in &history.events {
        entities.push((Kind::Event.key(&e.id), crate::format::to_value(e)));
    }
    for (key, value) in entities {
        let value = value?;
        match dump.get(&key) {
            None => {
                writes.set.insert(key, value);
            }
            Some(stored) if *stored == value => {}
            Some(_) => return None,
        }
    }
    writes.remove.push(LEGACY_KEY.into());
    Some(writes)
}

pub(super) fn apply(stored: &mut Stored, writes: &Writes) -> bool {
    let Ok(data) = &mut stored.data else {
        return false;
    };
    // The entities set, each kind stored in one pass after the loop (a restore sets tens
    // of thousands: looking each up in the list would take quadratic time).
    let (mut opportunities, mut contacts, mut events) = (Vec::new(), Vec::new(), Vec::new());
    for (key, value) in &writes.set {
        let kind = Kind::of_key(key);
        let applied = match kind {
            Some((Kind::Opportunity, _)) => format::parse_opportunity(value, key)
                .map(|o| opportunities.push(o))
                .is_ok(),
            Some((Kind::Contact, _)) => format::parse_contact(value, key)
                .map(|c| contacts.push(c))
                .is_ok(),
            Some((Kind::Event, _)) => format::parse_event(value, key)
                .map(|e| events.push(e))
                .is_ok(),
            None if key == SETTINGS_KEY => format::parse_settings(value, key)
                .map(|s| data.settings = s)
                .is_ok(),
            None if key == REMINDERS_KEY => {
                stored.notified = notified(value);
                true
            }
            None if key == SCHEMA_KEY => {
                stored.schema = Some(SCHEMA_VERSION);
                *value == value!({ "version": SCHEMA_VERSION })
            }
            None if key == META_KEY => {
                stored.view_meta = Some(value.clone());
                true
            }
            None if is_view_key(key) => true,
            None => match (key.strip_prefix(PROVIDER_PREFIX), value.get("recognized")) {
                (Some(id), Some(Value::Bool(recognized))) => {
                    stored.providers.insert(id.to_string(), *recognized);
                    true
                }
                _ => false,
            },
        };
        if !applied {
            return false;
        }
        if kind.is_none() {
            stored.keys.insert(key.clone());
        }
    }
    upsert_all(&mut data.opportunities, opportunities, |o| &o.id);
    upsert_all(&mut data.contacts, contacts, |c| &c.id);
    upsert_all(&mut data.events, events, |e| &e.id);
    // The entities removed, by kind: each list filtered once.
    let mut gone: [Map<&str, usize>; 3] = Default::default();
    for key in &writes.remove {
        match Kind::of_key(key) {
            Some((Kind::Opportunity, id)) => _ = gone[0].insert(id, 0),
            Some((Kind::Contact, id)) => _ = gone[1].insert(id, 0),
            Some((Kind::Event, id)) => _ = gone[2].insert(id, 0),
            None => {
                match key.as_str() {
                    SETTINGS_KEY => data.settings = Default::default(),
                    REMINDERS_KEY => stored.notified.clear(),
                    // Without it, storage reads as nothing stored yet: read it again.
                    SCHEMA_KEY => return false,
                    META_KEY => stored.view_meta = None,
                    _ => {}
                }
                if let Some(id) = key.strip_prefix(PROVIDER_PREFIX) {
                    stored.providers.remove(id);
                }
                // The provisional history's content is what the migration just stored.
                stored.keys.remove(key);
            }
        }
    }
    let [o, c, e] = &gone;
    remove_all(&mut data.opportunities, o, |o| &o.id);
    remove_all(&mut data.contacts, c, |c| &c.id);
    remove_all(&mut data.events, e, |e| &e.id);
    stored.migration = None;
    true
}

/// Every item whose id is in `gone` removed, the list filtered once.
fn remove_all<T>(items: &mut Vec<T>, gone: &Map<&str, usize>, id: fn(&T) -> &String) {
    if !gone.is_empty() {
        retain_where(items, &|x| !gone.contains_key(id(x).as_str()));
    }
}

/// Each of `new` in place of the item with its id, else added at the end, in order (what
/// [`upsert`] does one at a time; a restore sets tens of thousands, and looking each up in
/// the list would take quadratic time).
fn upsert_all<T>(items: &mut Vec<T>, new: Vec<T>, id: fn(&T) -> &String) {
    if new.len() < 16 {
        for item in new {
            upsert(items, item, id);
        }
        return;
    }
    let slots = slots(
        (items.len(), &|p| id(&items[p])),
        (new.len(), &|i| id(&new[i])),
    );
    for (item, slot) in new.into_iter().zip(slots) {
        match items.get_mut(slot) {
            Some(old) => *old = item,
            None => items.push(item),
        }
    }
}

/// The ids of a list: how many, and the one at each position.
type Ids<'a, 'f> = (usize, &'f dyn Fn(usize) -> &'a String);

/// Each new item's position (of `new`, among `stored`): its id's first in the list, or
/// the next one at the end. One copy for every item type.
fn slots(stored: Ids, new: Ids) -> Vec<usize> {
    let mut at: Map<&str, usize> = Map::default();
    for p in 0..stored.0 {
        at.entry(stored.1(p)).or_insert(p);
    }
    let mut end = stored.0;
    let mut slots = Vec::with_capacity(new.0);
    for i in 0..new.0 {
        let slot = *at.entry(new.1(i)).or_insert(end);
        if slot == end {
            end += 1;
        }
        slots.push(slot);
    }
    slots
}

fn upsert<T>(items: &mut Vec<T>, item: T, id: fn(&T) -> &String) {
    match items.iter().position(|x| id(x) == id(&item)) {
        Some(i) => items[i] = item,
        None => items.push(item),
    }
}

#[cfg(test)]
mod tests {
    use super::{upsert, upsert_all};

    /// Many at once, with ids stored already, new ones and ids given twice: what one at a
    /// time gives, the stored list's order kept.
    #[test]
    fn upsert_all_is_upsert_one_at_a_time() {
        fn id(x: &(String, u32)) -> &String {
            &x.0
        }
        let stored: Vec<(String, u32)> = (0..40).map(|i| (format!("k{}", i % 37), i)).collect();
        for n in [3, 16, 50, 200] {
            let new: Vec<(String, u32)> = (0..n)
                .map(|i| (format!("k{}", (i * 7) % 61), 1000 + i))
                .collect();
            let mut one = stored.clone();
            for item in new.clone() {
                upsert(&mut one, item, id);
            }
            let mut all = stored.clone();
            upsert_all(&mut all, new, id);
            assert_eq!(all, one, "{n}");
        }
    }
}
