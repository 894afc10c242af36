//! The replica packed into `storage.sync` items (before compression, which the extension
//! adds). Entities are grouped by opportunity (the opportunity, its contacts, its
//! events, their tombstones), groups are sorted by id and cut into items at boundaries
//! chosen by the ids themselves, so that a change rewrites one item and an opportunity
//! added moves no other. The `ts` item holds the epoch and the settings.
//!
//! An item is JSON: `{"v": 1, "d": [devices], "g": [groups], "epoch"?: stamp,
//! "settings"?: [stamp, settings]}`. A group is `[opportunity id, opportunity, contacts,
//! events]`: the opportunity `0` (not in this item), `[stamp]` (deleted) or `[stamp,
//! fields]`; a contact `[id, stamp]` (deleted) or `[id, stamp, fields]`; an event
//! `[id, stamp]` (deleted) or `[id, stamp, kind, at, contacts, fields?]`, its contacts
//! as positions in the group's contacts (or ids), `at` as `<seconds base 36><±><offset
//! minutes base 36>`. Fields are the file format's, without `id` and `opportunity`.
//! Stamps are `ms[.n[.d]]`, `d` the device's position in `d`.

use serde_json::{Map, Value};

use super::replica::{Entity, Replica, Version};
use super::stamp::{to_base36, Stamp};
use crate::model::{Event, EventKind, Stage};
use crate::sort::SortedMap;
use crate::text::push_digits;

/// The item format version.
pub const PACK_VERSION: u64 = 1;
/// The key of the item with the epoch and the settings.
pub const META_ITEM: &str = "ts";
/// The prefix of the other items' keys (`t:<first opportunity id>`).
pub const ITEM_PREFIX: &str = "t:";
/// An item's JSON text is cut at about this many bytes (before compression).
pub const ITEM_TEXT: usize = 24_000;

/// `storage.sync`'s limits (Chrome's; Firefox documents the same three): bytes in all,
/// bytes per item (its key and its value as JSON), items.
pub const QUOTA_BYTES: usize = 102_400;
pub const QUOTA_BYTES_PER_ITEM: usize = 8_192;
pub const MAX_ITEMS: usize = 512;

/// What an item costs in `storage.sync`: its key and its value, the compressed text
/// written with 5 characters for every 4 bytes (the extension's base-85 text, no
/// character JSON escapes) within quotes.
pub fn stored_size(key: &str, compressed: usize) -> usize {
    let chars = compressed / 4 * 5
        + if compressed % 4 == 0 {
            0
        } else {
            compressed % 4 + 1
        };
    key.len() + chars + 2
}

/// One item to store: its key and its JSON text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    pub key: String,
    pub text: String,
}

/// The key of the item of the group `id` (or of its first part): `t:<id>`.
pub(super) fn item_key(id: &str) -> String {
    let mut key = String::from(ITEM_PREFIX);
    key.push_str(id);
    key
}

/// The groups of a replica by opportunity id.
pub(super) type Groups<'a> = SortedMap<&'a str, Vec<(&'a String, &'a Version)>>;

pub(super) fn groups(replica: &Replica) -> Groups<'_> {
    let mut out: Groups = SortedMap::default();
    for (key, version) in replica.versions() {
        out.or_default(version.group.as_str()).push((key, version));
    }
    out
}

/// Is the group an opportunity that is closed (stage or `closed` event)? Only those may
/// stay on this computer when the history does not fit.
pub(super) fn closed(group: &[(&String, &Version)]) -> bool {
    let (mut opportunity, mut closed) = (false, false);
    for (_, v) in group {
        match &v.value {
            Some(Entity::Opportunity(o)) => {
                opportunity = true;
                closed |= o.stage == Stage::Closed;
            }
            Some(Entity::Event(e)) => closed |= e.kind == EventKind::Closed,
            _ => {}
        }
    }
    opportunity && closed
}

/// The last activity of a group (its latest event, else its latest version), in ms.
pub(super) fn last_activity(group: &[(&String, &Version)]) -> i64 {
    let mut last = None;
    for (_, v) in group {
        let at = match &v.value {
            Some(Entity::Event(e)) => e.at.timestamp_millis(),
            _ => i64::try_from(v.stamp.ms).unwrap_or(i64::MAX),
        };
        last = Some(last.map_or(at, |l: i64| l.max(at)));
    }
    last.unwrap_or(0)
}

/// Writes stamps relative to an item's device list.
#[derive(Default)]
struct Devices(Vec<String>);

impl Devices {
    fn stamp(&mut self, s: &Stamp) -> String {
        let d = match self.0.iter().position(|d| *d == s.device) {
            Some(d) => d,
            None => {
                self.0.push(s.device.clone());
                self.0.len() - 1
            }
        };
        // `ms`, `ms.n` or `ms.n.d`: `n` in base 36, `d` in base 10.
        let mut out = to_base36(s.ms);
        if s.n != 0 || d != 0 {
            out.push('.');
            push_digits(&mut out, u64::from(s.n), 36, 1);
        }
        if d != 0 {
            out.push('.');
            push_digits(&mut out, d as u64, 10, 1);
        }
        out
    }
}

/// The fields of an entity's JSON but `id` and `opportunity`.
fn fields<T: serde::Serialize>(value: &T, drop: &[&str]) -> Value {
    let mut v = crate::format::to_value(value).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        crate::format::without(map, drop);
    }
    v
}

/// `at` in the compact form, when it is whole seconds after 1970.
pub(super) fn compact_at(e: &Event) -> Value {
    let secs = e.at.timestamp();
    if e.at.timestamp_subsec_nanos() != 0 || secs < 0 {
        return crate::format::to_value(&e.at).unwrap_or(Value::Null);
    }
    let offset = e.at.offset().local_minus_utc() / 60;
    let mut at = to_base36(secs as u64);
    at.push(if offset < 0 { '-' } else { '+' });
    push_digits(&mut at, u64::from(offset.unsigned_abs()), 36, 1);
    Value::String(at)
}

fn event_row(id: &str, stamp: String, e: &Event, contacts: &[&str]) -> Value {
    let mut refs = Vec::new();
    for c in &e.contacts {
        refs.push(match contacts.iter().position(|k| k == c) {
            Some(i) => Value::from(i),
            None => Value::from(c.as_str()),
        });
    }
    let mut row = vec![
        Value::from(id),
        Value::from(stamp),
        Value::from(e.kind.as_str()),
        compact_at(e),
        Value::Array(refs),
    ];
    let rest = fields(e, &["id", "opportunity", "kind", "at", "contacts"]);
    if rest.as_object().is_some_and(|m| !m.is_empty()) {
        row.push(rest);
    }
    Value::Array(row)
}

/// A JSON array of `values` (moved in: `value!` would copy each of them).
fn row(values: Vec<Value>) -> Value {
    Value::Array(values)
}

/// One part of a group: its opportunity's version (if in this part), contacts, events.
fn group_part(devices: &mut Devices, id: &str, part: &[(&String, &Version)]) -> Value {
    let mut opportunity = Value::from(0);
    let mut contacts = Vec::new();
    let mut contact_ids: Vec<&str> = Vec::new();
    let mut events = Vec::new();
    for (key, v) in part {
        let stamp = devices.stamp(&v.stamp);
        let entity_id = key.split_once(':').map_or("", |(_, id)| id);
        match (&v.value, key.split_once(':').map(|(k, _)| k)) {
            (Some(Entity::Opportunity(o)), _) => {
                opportunity = row(vec![stamp.into(), fields(o, &["id"])])
            }
            (None, Some("opportunity")) => opportunity = row(vec![stamp.into()]),
            (Some(Entity::Contact(c)), _) => {
                contact_ids.push(&c.id);
                contacts.push(row(vec![
                    c.id.as_str().into(),
                    stamp.into(),
                    fields(c, &["id", "opportunity"]),
                ]));
            }
            (None, Some("contact")) => {
                contact_ids.push(entity_id);
                contacts.push(row(vec![entity_id.into(), stamp.into()]));
            }
            (None, _) => events.push(row(vec![entity_id.into(), stamp.into()])),
            (Some(Entity::Event(e)), _) => {
                events.push(event_row(&e.id, stamp, e, &contact_ids));
            }
        }
    }
    row(vec![id.into(), opportunity, row(contacts), row(events)])
}

/// Sorts a group: the opportunity, then contacts, then events (so that events can name
/// contacts by position).
fn ordered<'a>(group: &[(&'a String, &'a Version)]) -> Vec<(&'a String, &'a Version)> {
    let rank = |key: &str| match key.split_once(':').map(|(k, _)| k) {
        Some("opportunity") => 0,
        Some("contact") => 1,
        _ => 2,
    };
    let mut out = group.to_vec();
    crate::sort::sort_by(&mut out, |a, b| (rank(a.0), a.0).cmp(&(rank(b.0), b.0)));
    out
}

fn text(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// An item's text: `map` (the meta item's fields, or none) with the version, the device
/// list and the groups.
fn item(devices: Devices, groups: Vec<Value>, mut map: Map<String, Value>) -> String {
    map.insert("v".into(), Value::from(PACK_VERSION));
    map.insert("d".into(), Value::from(devices.0));
    map.insert("g".into(), Value::Array(groups));
    text(&Value::Object(map))
}

/// The meta item: the epoch and the settings.
pub(super) fn meta_item(replica: &Replica) -> Item {
    let mut meta = Map::new();
    let mut devices = Devices::default();
    if let Some(epoch) = &replica.epoch {
        meta.insert("epoch".into(), Value::from(devices.stamp(epoch)));
    }
    if let Some((stamp, settings)) = &replica.settings {
        let settings = crate::format::to_value(settings).unwrap_or(Value::Null);
        meta.insert(
            "settings".into(),
            row(vec![devices.stamp(stamp).into(), settings]),
        );
    }
    Item {
        key: META_ITEM.into(),
        text: item(devices, Vec::new(), meta),
    }
}

/// The item of one whole group, `t:<id>` (how the replica is kept here: a change
/// rewrites the items of the groups it touched, nothing else).
pub(super) fn group_item(id: &str, group: &[(&String, &Version)]) -> Item {
    let group = ordered(group);
    let mut devices = Devices::default();
    let part = group_part(&mut devices, id, &group);
    Item {
        key: item_key(id),
        text: item(devices, vec![part], Map::new()),
    }
}

/// Does an item end after the group `id`? (About one in four ids, so that boundaries
/// stay where they are when a group is added or removed.)
pub(super) fn boundary(id: &str) -> bool {
    let mut h: u32 = 2_166_136_261;
    for b in id.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    h % 8 == 0
}

/// The items of the groups of `replica` that `keep` selects (by opportunity id), and the
/// meta item; an item's text is cut at about `max_text` bytes (a group larger than that
/// is split into parts `t:<id>#2`, …).
pub fn items(replica: &Replica, keep: impl Fn(&str) -> bool, max_text: usize) -> Vec<Item> {
    let mut out = vec![meta_item(replica)];
    let kept: Vec<(&str, Vec<(&String, &Version)>)> = groups(replica)
        .into_iter()
        .filter(|(id, _)| keep(id))
        .collect();
    for run in kept.split_inclusive(|(id, _)| boundary(id)) {
        out.extend(run_items(run, max_text));
    }
    out
}

/// The items of one run of groups (in id order, the last one's id a [`boundary`], or the
/// last group): the items of each run depend on its groups alone.
pub(super) fn run_items(run: &[(&str, Vec<(&String, &Version)>)], max_text: usize) -> Vec<Item> {
    let mut out = Vec::new();
    let mut current: Option<(String, Devices, Vec<Value>, usize)> = None;
    let flush = |current: &mut Option<(String, Devices, Vec<Value>, usize)>,
                 out: &mut Vec<Item>| {
        if let Some((key, devices, parts, _)) = current.take() {
            out.push(Item {
                key,
                text: item(devices, parts, Map::new()),
            });
        }
    };
    for (id, group) in run {
        let id = *id;
        let group = ordered(group);
        let mut devices = Devices::default();
        let whole = group_part(&mut devices, id, &group);
        let size = text(&whole).len();
        if size > max_text {
            flush(&mut current, &mut out);
            // Split: as many entities per part as fit (at least one).
            let mut start = 0;
            let mut n = 1;
            while start < group.len() {
                let mut end = start + 1;
                while end < group.len() {
                    let mut d = Devices::default();
                    if text(&group_part(&mut d, id, &group[start..=end])).len() > max_text {
                        break;
                    }
                    end += 1;
                }
                let mut d = Devices::default();
                let part = group_part(&mut d, id, &group[start..end]);
                let mut key = item_key(id);
                if n > 1 {
                    key.push('#');
                    push_digits(&mut key, n, 10, 1);
                }
                out.push(Item {
                    key,
                    text: item(d, vec![part], Map::new()),
                });
                start = end;
                n += 1;
            }
            continue;
        }
        if current.as_ref().is_some_and(|c| c.3 + size > max_text) {
            flush(&mut current, &mut out);
        }
        let (_, item_devices, parts, used) =
            current.get_or_insert_with(|| (item_key(id), Devices::default(), Vec::new(), 0));
        // Stamps are written again with the item's own device list.
        let part = group_part(item_devices, id, &group);
        *used += text(&part).len() + 1;
        parts.push(part);
        if boundary(id) || *used >= max_text / 2 {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}
