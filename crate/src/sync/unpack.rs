//! Reading `storage.sync` items back into a replica. What is read there is untrusted
//! (any script of the extension could have written it): every entity is checked like an
//! entry of an imported file, and what is wrong is reported (with the item's key and the
//! path in it) and skipped, never read.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use crate::format::value;

use super::pack::{ITEM_PREFIX, META_ITEM, PACK_VERSION};
use super::replica::{Entity, Replica, Version};
use super::stamp::{base36, is_device, Stamp};
use crate::format::{self, Problems};
use crate::model::{Contact, Data};

/// What the items read hold.
#[derive(Debug, Default)]
pub struct Unpacked {
    pub replica: Replica,
    /// Every problem, under `<item key>` and the path in it; the entries are skipped.
    pub problems: Problems,
    /// Items of a newer format (written by a newer version of the extension): nothing may
    /// be written over them.
    pub newer: Vec<String>,
    /// The entities' versions read, put in the replica at the end, at once.
    versions: Vec<(String, Version)>,
}

/// Is `key` one of the sync items?
pub fn is_item(key: &str) -> bool {
    key == META_ITEM || key.starts_with(ITEM_PREFIX)
}

/// The problem of every part of an item that cannot be read (the options page lists
/// them as skipped).
const NOT_SYNC_ITEM: &str = "not_sync_item";

/// Reads the items `(key, text)`.
pub fn unpack<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>) -> Unpacked {
    let mut out = Unpacked::default();
    for (key, text) in items {
        if !is_item(key) {
            continue;
        }
        let value = match crate::format::json::from_str(text) {
            Ok(v) => v,
            Err(_) => {
                out.problems.add(key, NOT_SYNC_ITEM, value!({}));
                continue;
            }
        };
        match value.get("v").and_then(Value::as_u64) {
            Some(PACK_VERSION) => {}
            Some(v) if v > PACK_VERSION => {
                out.newer.push(key.to_string());
                continue;
            }
            _ => {
                not_read(&mut out, key, "v", "");
                continue;
            }
        }
        Item::read(key, &value, &mut out);
    }
    let versions = std::mem::take(&mut out.versions);
    out.replica.put_all(versions);
    out
}

/// Reading one item: its device list, and where problems go.
struct Item<'a> {
    key: &'a str,
    devices: Vec<String>,
}

impl Item<'_> {
    fn read(key: &str, value: &Value, out: &mut Unpacked) {
        let Some(devices) = value
            .get("d")
            .and_then(Value::as_array)
            .and_then(|d| devices(d))
        else {
            not_read(out, key, "d", "");
            return;
        };
        let item = Item { key, devices };
        if let Some(epoch) = value.get("epoch") {
            match item.stamp(epoch) {
                Some(stamp) => {
                    out.replica.begin_epoch(stamp);
                }
                None => item.problem(out, "epoch"),
            }
        }
        if let Some(settings) = value.get("settings") {
            item.settings(settings, out);
        }
        match value.get("g") {
            Some(Value::Array(groups)) => {
                for (i, group) in groups.iter().enumerate() {
                    item.group(group, &indexed("g", "", i), out);
                }
            }
            None if key == META_ITEM => {}
            _ => item.problem(out, "g"),
        }
    }

    /// What at `path` of this item cannot be read.
    fn problem(&self, out: &mut Unpacked, path: &str) {
        self.problem_at(out, path, "");
    }

    /// What at `path` followed by `index` (`[3]`) of this item cannot be read.
    fn problem_at(&self, out: &mut Unpacked, path: &str, index: &str) {
        not_read(out, self.key, path, index);
    }

    /// The whole path of `path` followed by `tail` in this item.
    fn full(&self, path: &str, tail: &str) -> String {
        full_path(self.key, path, tail)
    }

    fn stamp(&self, value: &Value) -> Option<Stamp> {
        let text = value.as_str()?;
        let mut parts = text.split('.');
        let ms = base36(parts.next()?)?;
        let n = parts.next().map_or(Some(0), base36)?;
        let d = parts.next().map_or(Some(0), |d| d.parse::<usize>().ok())?;
        if parts.next().is_some() {
            return None;
        }
        Stamp::checked(ms, u32::try_from(n).ok()?, self.devices.get(d)?)
    }

    fn settings(&self, value: &Value, out: &mut Unpacked) {
        let pair = value.as_array().filter(|a| a.len() == 2);
        let Some(stamp) = pair.and_then(|p| self.stamp(&p[0])) else {
            self.problem(out, "settings");
            return;
        };
        let path = self.full("settings", "[1]");
        match format::parse_settings(&value[1], &path) {
            Ok(settings) => {
                out.replica.put_settings(stamp, settings);
            }
            Err(p) => out.problems.extend(p),
        }
    }

    fn group(&self, group: &Value, path: &str, out: &mut Unpacked) {
        let parts = group.as_array().filter(|g| g.len() == 4);
        let Some((id, parts)) = parts.and_then(|g| Some((g[0].as_str()?, g))) else {
            self.problem(out, path);
            return;
        };
        let mut contact_ids: Vec<Option<String>> = Vec::new();
        // The opportunity.
        match &parts[1] {
            Value::Number(n) if n.as_u64() == Some(0) => {}
            Value::Array(v) if !v.is_empty() && v.len() <= 2 => match self.stamp(&v[0]) {
                None => self.problem_at(out, path, "[1]"),
                Some(stamp) => match v.get(1) {
                    None => self.version(out, "opportunity", id, id, stamp, None),
                    Some(fields) => {
                        let value = with_ids(fields.clone(), id, None);
                        let full = self.full(path, "[1][1]");
                        match format::parse_opportunity(&value, &full) {
                            Ok(o) => {
                                self.version(
                                    out,
                                    "opportunity",
                                    id,
                                    id,
                                    stamp,
                                    Some(Entity::Opportunity(o)),
                                );
                            }
                            Err(p) => out.problems.extend(p),
                        }
                    }
                },
            },
            _ => self.problem_at(out, path, "[1]"),
        }
        for (j, row) in parts[2].as_array().into_iter().flatten().enumerate() {
            let at = indexed(path, "[2]", j);
            let read = self.contact(row, id, &at, out);
            contact_ids.push(read);
        }
        for (j, row) in parts[3].as_array().into_iter().flatten().enumerate() {
            self.event(row, id, &contact_ids, &indexed(path, "[3]", j), out);
        }
    }

    fn version(
        &self,
        out: &mut Unpacked,
        kind: &str,
        id: &str,
        group: &str,
        stamp: Stamp,
        value: Option<Entity>,
    ) {
        out.versions.push((
            format!("{kind}:{id}"),
            Version {
                stamp,
                group: group.to_string(),
                value,
            },
        ));
    }

    /// A contact row; its id (for events naming it by position).
    fn contact(&self, row: &Value, group: &str, path: &str, out: &mut Unpacked) -> Option<String> {
        let row = row.as_array().filter(|r| r.len() == 2 || r.len() == 3);
        let head = row.and_then(|r| Some((r[0].as_str()?, self.stamp(&r[1])?)));
        let (Some(row), Some((id, stamp))) = (row, head) else {
            self.problem(out, path);
            return None;
        };
        if id.trim().is_empty() {
            self.problem(out, path);
            return None;
        }
        let Some(fields) = row.get(2) else {
            self.version(out, "contact", id, group, stamp, None);
            return Some(id.to_string());
        };
        let value = with_ids(fields.clone(), id, Some(group));
        let full = self.full(path, "[2]");
        match format::parse_contact(&value, &full).and_then(|c| checked_contact(c, &full)) {
            Ok(c) => {
                self.version(out, "contact", id, group, stamp, Some(Entity::Contact(c)));
                Some(id.to_string())
            }
            Err(p) => {
                out.problems.extend(p);
                None
            }
        }
    }

    fn event(
        &self,
        row: &Value,
        group: &str,
        contacts: &[Option<String>],
        path: &str,
        out: &mut Unpacked,
    ) {
        let row = row
            .as_array()
            .filter(|r| r.len() == 2 || r.len() == 5 || r.len() == 6);
        let head = row.and_then(|r| Some((r[0].as_str()?, self.stamp(&r[1])?)));
        let (Some(row), Some((id, stamp))) = (row, head) else {
            self.problem(out, path);
            return;
        };
        if id.trim().is_empty() {
            self.problem(out, path);
            return;
        }
        if row.len() == 2 {
            self.version(out, "event", id, group, stamp, None);
            return;
        }
        let mut fields = match row.get(5) {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => {
                self.problem_at(out, path, "[5]");
                return;
            }
        };
        let Some(at) = row[3].as_str().and_then(expand_at) else {
            self.problem_at(out, path, "[3]");
            return;
        };
        let Some(names) = row[4]
            .as_array()
            .and_then(|refs| contact_names(refs, contacts))
        else {
            self.problem_at(out, path, "[4]");
            return;
        };
        fields.insert("kind".into(), row[2].clone());
        fields.insert("at".into(), Value::String(at));
        if !names.is_empty() {
            fields.insert("contacts".into(), Value::Array(names));
        }
        let value = with_ids(Value::Object(fields), id, Some(group));
        let full = self.full(path, "");
        let checked = format::parse_event(&value, &full).and_then(|e| {
            // The checks of an event's own fields against its kind (as in a file).
            let p = format::event_refs(&stub(&e.opportunity, &e.contacts), &e, &full);
            if p.is_empty() {
                Ok(e)
            } else {
                Err(p)
            }
        });
        match checked {
            Ok(e) => self.version(out, "event", id, group, stamp, Some(Entity::Event(e))),
            Err(p) => out.problems.extend(p),
        }
    }
}

/// The path of what a problem is about: `<item key>.<path><tail>` (`t:o1.g[0][3]`).
fn full_path(key: &str, path: &str, tail: &str) -> String {
    format!("{key}.{path}{tail}")
}

/// `path`, then `tail`, then `[i]` (`g[0][3][2]`).
fn indexed(path: &str, tail: &str, i: usize) -> String {
    format!("{path}{tail}[{i}]")
}

/// Reports what at `path` followed by `tail` in the item `key` cannot be read.
fn not_read(out: &mut Unpacked, key: &str, path: &str, tail: &str) {
    out.problems
        .add(&full_path(key, path, tail), NOT_SYNC_ITEM, value!({}));
}

/// An item's device list (`d`): `None` unless each is a device id.
fn devices(list: &[Value]) -> Option<Vec<String>> {
    let mut devices = Vec::new();
    for d in list {
        devices.push(d.as_str().filter(|s| is_device(s))?.to_string());
    }
    Some(devices)
}

/// The contacts an event row names, by id or by position in its group's `contacts`
/// (`None` there: a contact row that was not read); `None` when one cannot be named.
/// (A loop: `collect` into an `Option` compiles an iterator adapter of its own.)
fn contact_names(refs: &[Value], contacts: &[Option<String>]) -> Option<Vec<Value>> {
    let mut names = Vec::new();
    for r in refs {
        let name = match r {
            Value::String(s) => s.clone(),
            Value::Number(n) => contacts.get(usize::try_from(n.as_u64()?).ok()?)?.clone()?,
            _ => return None,
        };
        names.push(Value::String(name));
    }
    Some(names)
}

/// A contact's addresses are addresses, each listed once (as in a file).
fn checked_contact(c: Contact, path: &str) -> Result<Contact, Problems> {
    let p = format::contact_refs(&stub(&c.opportunity, &[]), &c, path);
    if p.is_empty() {
        Ok(c)
    } else {
        Err(p)
    }
}

/// A history of the opportunity `id` and the contacts `contacts` in it, nothing else:
/// what an entity read on its own is checked against (the checks that need no other).
fn stub(id: &str, contacts: &[String]) -> Data {
    let mut data = Data::default();
    data.opportunities
        .extend(format::parse_opportunity(&value!({ "id": id, "company": "-" }), "").ok());
    for c in contacts {
        data.contacts.extend(
            format::parse_contact(&value!({ "id": c, "opportunity": id, "name": "-" }), "").ok(),
        );
    }
    data
}

/// The fields with `id` (and `opportunity`) put back.
fn with_ids(mut v: Value, id: &str, opportunity: Option<&str>) -> Value {
    if let Value::Object(map) = &mut v {
        map.insert("id".into(), Value::String(id.to_string()));
        if let Some(o) = opportunity {
            map.insert("opportunity".into(), Value::String(o.to_string()));
        }
    }
    v
}

/// A compact `at` (see [`super::pack`]) in RFC 3339; an RFC 3339 one as it is.
fn expand_at(text: &str) -> Option<String> {
    if text.contains('T') {
        return Some(text.to_string());
    }
    // `split_once` rather than slicing at `find`'s index: a slice's check of char boundaries
    // brings its panic message's formatting (about 4 KB) into the module.
    let (secs, minutes) = text.split_once(['+', '-'])?;
    let negative = text.as_bytes()[secs.len()] == b'-';
    let secs = i64::try_from(base36(secs)?).ok()?;
    let minutes = i32::try_from(base36(minutes)?).ok()?;
    let minutes = if negative { -minutes } else { minutes };
    let offset = FixedOffset::east_opt(minutes.checked_mul(60)?)?;
    let at = DateTime::from_timestamp(secs, 0)?.with_timezone(&offset);
    // Written as every stored moment is (not with chrono's formatter, kept out of the module).
    crate::format::to_value(&at)?.as_str().map(str::to_string)
}
