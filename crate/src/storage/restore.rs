//! Restoring a backup (a file in the file format) into storage. The whole file is read
//! and validated first ([`format::parse`]); nothing is written unless all of it is valid.
//!
//! - `merge` adds what is new, by id. An entity already stored with the same content is
//!   skipped; one stored with different content is a conflict: every conflict is
//!   reported (with its path in the file) and nothing is written. The stored settings
//!   are kept, with the file's own addresses added (the answer says where the file's
//!   differ); when they hold nothing the user chose (after "delete everything": at most
//!   the addresses a webmail learned since), the file's are taken, with those.
//! - `replace` makes storage hold exactly the file: its entities and settings are
//!   written, every stored entity the file does not hold is removed.
//!
//! Pure: the writes come back as one [`Writes`], which the background applies.

use crate::hash::Map;

use serde::Serialize;
use serde_json::Value;

use super::done::{Done, Refusal, Refused};
use super::learned::{self, Own};
use super::{Kind, Writes, SETTINGS_KEY};
use crate::format::{self, Problems};
use crate::model::{lowercase, Contact, Data, Settings};

/// How a backup is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Add what is new; conflicts refuse the whole import.
    Merge,
    /// Storage holds exactly the file afterwards.
    Replace,
}

impl ImportMode {
    /// `merge` or `replace`.
    pub fn from_name(name: &str) -> Option<ImportMode> {
        match name {
            "merge" => Some(ImportMode::Merge),
            "replace" => Some(ImportMode::Replace),
            _ => None,
        }
    }
}

/// What an import did, entity by entity (settings are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Ids that were not stored.
    pub added: usize,
    /// Already stored with the same content: nothing written.
    pub skipped: usize,
    /// Stored with other content, overwritten (`replace` only).
    pub replaced: usize,
    /// Stored but not in the file, removed (`replace` only).
    pub removed: usize,
}

/// One entity of a file: where it is in the file, its storage key, its stored value.
struct Entry {
    path: String,
    key: String,
    value: Value,
}

fn entries(data: &Data) -> Vec<Entry> {
    fn each<T: Serialize>(
        all: &mut Vec<Entry>,
        list: &[T],
        name: &str,
        kind: Kind,
        id: fn(&T) -> &str,
    ) {
        for (i, item) in list.iter().enumerate() {
            all.push(Entry {
                path: format!("{name}[{i}]"),
                key: kind.key(id(item)),
                value: crate::format::to_value(item).unwrap_or(Value::Null),
            });
        }
    }
    let mut all = Vec::new();
    each(
        &mut all,
        &data.opportunities,
        "opportunities",
        Kind::Opportunity,
        |o| &o.id,
    );
    each(&mut all, &data.contacts, "contacts", Kind::Contact, |c| {
        &c.id
    });
    each(&mut all, &data.events, "events", Kind::Event, |e| &e.id);
    all
}

/// Each entry's position by its key (`Map<&str, usize>`: a map type the module has).
fn by_key(entries: &[Entry]) -> Map<&str, usize> {
    let mut at = Map::default();
    at.reserve(entries.len());
    for (i, e) in entries.iter().enumerate() {
        at.insert(e.key.as_str(), i);
    }
    at
}

/// Whether `settings` hold anything the user chose, own addresses aside (which a webmail
/// may have taught).
fn chosen(settings: &Settings) -> bool {
    let chosen = Settings {
        own_addresses: Vec::new(),
        ..settings.clone()
    };
    chosen != Settings::default()
}

/// The settings a merge takes from the file, if any: when the stored ones hold nothing
/// the user chose (all defaults but the own addresses a webmail learned, as after "delete
/// everything"), the file's, with those addresses too.
fn settings_taken(stored: &Settings, file: &Settings, contacts: &[&Contact]) -> Option<Settings> {
    if chosen(stored) {
        return None;
    }
    let mut taken = file.clone();
    add_own(&mut taken.own_addresses, &stored.own_addresses, contacts);
    (taken != *stored).then_some(taken)
}

/// The settings a merge keeps when the user chose some: the stored ones with the file's
/// own addresses added, and without any address of a person now tracked (as tracking by
/// hand does: `learned::not_own`); how many were added, and whether the file chose other
/// settings (not applied).
fn settings_kept(
    stored: &Settings,
    file: &Settings,
    contacts: &[&Contact],
) -> (Settings, usize, bool) {
    let mut kept = stored.clone();
    learned::untracked(&mut kept.own_addresses, contacts);
    let added = add_own(&mut kept.own_addresses, &file.own_addresses, contacts);
    // A file without settings (all defaults) has none to apply.
    let differ = chosen(file)
        && Settings {
            own_addresses: kept.own_addresses.clone(),
            ..file.clone()
        } != kept;
    (kept, added, differ)
}

/// Adds to the own addresses `list` each of `new` that it does not hold (compared
/// normalized: two forms of one address would make the settings unreadable), that is no
/// tracked contact's (`contacts`: their messages would no longer be replies), while there
/// is room (as learning one checks: [`super::learned::own_address`]); how many it added.
fn add_own(list: &mut Vec<String>, new: &[String], contacts: &[&Contact]) -> usize {
    let mut added = 0;
    for address in new {
        if let Own::New(address) = learned::own(list, contacts, address) {
            list.push(address);
            added += 1;
        }
    }
    added
}

/// A file's entry stored with other content, named as the user knows the stored one: an
/// opportunity by its company, a contact by their name, an event by its moment.
fn differently(entry: &Entry, ours: &Value) -> (&'static str, Value) {
    let (kind, id) = Kind::of_key(&entry.key).unwrap_or((Kind::Event, ""));
    // The stored field that names it, and that value's name in the problem.
    let (code, field, shown) = match kind {
        Kind::Opportunity => ("stored_differently", "company", "name"),
        Kind::Contact => ("stored_differently", "name", "name"),
        Kind::Event => ("stored_differently_event", "at", "date"),
    };
    let mut values = serde_json::Map::new();
    values.insert("id".into(), id.into());
    values.insert(
        shown.into(),
        ours.get(field).cloned().unwrap_or(Value::Null),
    );
    (code, Value::Object(values))
}

/// The companies of the stored opportunities that a file's new opportunity looks like:
/// the same company (case aside) and a person with an address in common.
fn look_alike(stored: &Data, file: &Data) -> Vec<String> {
    let addresses = |data: &Data, opportunity: &str| -> Vec<String> {
        let mut all = Vec::new();
        for c in &data.contacts {
            if c.opportunity == opportunity {
                all.extend(c.normalized_addresses());
            }
        }
        all
    };
    // Companies compared first (once lower-cased): the addresses only of the few alike.
    let mut companies = Vec::new();
    for s in &stored.opportunities {
        companies.push(lowercase(&s.company));
    }
    let mut found: Vec<String> = Vec::new();
    for o in &file.opportunities {
        if stored.opportunity(&o.id).is_some() {
            continue;
        }
        let company = lowercase(&o.company);
        let mut theirs = None;
        for (s, c) in stored.opportunities.iter().zip(&companies) {
            if *c != company {
                continue;
            }
            let theirs = theirs.get_or_insert_with(|| addresses(file, &o.id));
            let alike = addresses(stored, &s.id).iter().any(|a| theirs.contains(a));
            // One name a company ("Acme" and "ACME" are one).
            if alike && !found.iter().any(|f| lowercase(f) == company) {
                found.push(s.company.clone());
            }
        }
    }
    found
}

/// A refusal: what was refused (`code`, `values`), then every problem.
fn refusal(why: Refused, code: &'static str, values: Value, problems: Problems) -> Refusal {
    let mut all = Problems::one("", code, values);
    all.extend(problems);
    (why, all)
}

/// The answer and the writes that restore the backup `file` over `stored`, or why
/// nothing may be written: a file that is not valid (`invalid`, every problem with its
/// path in the file), or, for `merge`, ids stored with other content (`conflict`).
pub fn import(stored: &Data, file: &str, mode: ImportMode) -> Result<(Done, Writes), Refusal> {
    let incoming = format::parse(file).map_err(|p| (Refused::Invalid, p))?;
    let ours = entries(stored);
    let stored_at = by_key(&ours);
    let is_stored = |key: String| stored_at.contains_key(key.as_str());
    let theirs = entries(&incoming);
    let mut counts = Counts::default();
    let mut writes = Writes::default();
    let mut conflicts = Problems::default();
    for entry in &theirs {
        match stored_at.get(entry.key.as_str()).map(|&i| &ours[i].value) {
            None => counts.added += 1,
            Some(value) if *value == entry.value => {
                counts.skipped += 1;
                continue;
            }
            Some(ours) if mode == ImportMode::Merge => {
                let (code, values) = differently(entry, ours);
                conflicts.add(&entry.path, code, values);
                continue;
            }
            Some(_) => counts.replaced += 1,
        }
        writes.set.insert(entry.key.clone(), entry.value.clone());
    }
    if !conflicts.is_empty() {
        let n = conflicts.len();
        return Err(refusal(
            Refused::Conflict,
            "conflict",
            crate::format::value!({ "count": n }),
            conflicts,
        ));
    }
    let (mut settings, mut settings_differ, mut own_added) = (false, false, 0);
    match mode {
        ImportMode::Merge => {
            let mut contacts: Vec<&Contact> = Vec::new();
            for c in stored.contacts.iter().chain(&incoming.contacts) {
                contacts.push(c);
            }
            if let Some(taken) = settings_taken(&stored.settings, &incoming.settings, &contacts) {
                writes.put(SETTINGS_KEY.to_string(), &taken);
                settings = true;
            } else {
                let (kept, added, differ) =
                    settings_kept(&stored.settings, &incoming.settings, &contacts);
                if kept != stored.settings {
                    writes.put(SETTINGS_KEY.to_string(), &kept);
                }
                (settings_differ, own_added) = (differ, added);
            }
            // The file is valid on its own; what is added must also fit what is stored
            // (an address may belong to one contact per opportunity).
            let mut merged = stored.clone();
            for o in &incoming.opportunities {
                if !is_stored(Kind::Opportunity.key(&o.id)) {
                    merged.opportunities.push(o.clone());
                }
            }
            let mut new_contacts = Vec::new();
            for (i, c) in incoming.contacts.iter().enumerate() {
                if !is_stored(Kind::Contact.key(&c.id)) {
                    new_contacts.push(i);
                    merged.contacts.push(c.clone());
                }
            }
            let mut problems = Problems::default();
            for &i in &new_contacts {
                problems.extend(format::contact_refs(
                    &merged,
                    &incoming.contacts[i],
                    &format!("contacts[{i}]"),
                ));
            }
            if !problems.is_empty() {
                return Err(refusal(
                    Refused::Invalid,
                    "does_not_fit",
                    crate::format::value!({}),
                    problems,
                ));
            }
        }
        ImportMode::Replace => {
            let keep = by_key(&theirs);
            let mut gone = Vec::new();
            for e in &ours {
                if !keep.contains_key(e.key.as_str()) {
                    gone.push(e.key.clone());
                }
            }
            crate::sort::sort(&mut gone);
            counts.removed = gone.len();
            writes.remove = gone;
            writes.put(SETTINGS_KEY.to_string(), &incoming.settings);
        }
    }
    Ok((
        Done::Imported {
            mode,
            added: counts.added,
            skipped: counts.skipped,
            replaced: counts.replaced,
            removed: counts.removed,
            settings,
            settings_kept: settings_differ,
            own_addresses_added: own_added,
            look_alike: match mode {
                ImportMode::Merge => look_alike(stored, &incoming),
                ImportMode::Replace => Vec::new(),
            },
        },
        writes,
    ))
}
