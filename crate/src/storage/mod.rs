//! The extension's storage (`storage.local`), schema version 1, as pure logic: the
//! background reads the whole area, hands it to [`Stored::load`], and applies the
//! [`Writes`] that [`plan`] (a change) or [`Stored::migration`] (start-up) return. Only
//! the background writes, one change at a time.
//!
//! Every entity lives under its own key, so logging one event writes one small entry
//! however long the history is:
//!
//! | key | value |
//! |---|---|
//! | `schema` | `{"version": 1}` |
//! | `settings` | the file format's `settings` |
//! | `opportunity:<id>`, `contact:<id>`, `event:<id>` | one entity, in the file format's shape |
//! | `reminders` | `{"notified": [keys]}`: the reminders already shown ([`remind`]) |
//! | `view:<address>`, `view-names`, `view-meta` | published for the content script ([`views`]) |
//! | `provider:<id>` | `{"recognized": bool, "since": RFC 3339}`: is that webmail's layout recognized |
//!
//! `history` is the provisional key of before schema 1 (the whole file): it is migrated
//! into the keys above and then removed. Storage of a newer schema is read as far as
//! this build understands it and never written ([`Stored::read_only`]).

mod delete;
mod done;
mod learned;
mod load;
mod plan;
mod remind;
mod restore;
mod salvage;
mod sends;
mod views;

pub use crate::model::{is_send, SEND_PREFIX};
pub use delete::Removed;
pub use done::{Done, Refusal, Refused};
pub use plan::{plan, Write};
pub use remind::{remind, Remind};
pub use restore::{Counts, ImportMode};
pub use salvage::Salvage;
pub use sends::{Logged, REPLY_AHEAD_AT_MOST, SEND_AHEAD_AT_MOST};
pub(crate) use views::refresh as refresh_views;
pub use views::{publish, stale, View, META_KEY, NAMES_KEY, VIEW_PREFIX};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::format::Problems;
use crate::model::{Data, Event};
use crate::sort::{SortedMap, SortedSet};

/// The storage schema this build reads and writes.
pub const SCHEMA_VERSION: u32 = 2;
/// `{"version": N}`: the schema of everything stored.
pub const SCHEMA_KEY: &str = "schema";
/// The user's settings.
pub const SETTINGS_KEY: &str = "settings";
/// The provisional key of before schema 1: the whole history in the file format.
pub const LEGACY_KEY: &str = "history";
/// The reminders already shown: `{"notified": ["<opportunity>@<due moment>", …]}`.
pub const REMINDERS_KEY: &str = "reminders";
/// The prefix of a webmail provider's state: `provider:gmail`.
pub const PROVIDER_PREFIX: &str = "provider:";
/// The prefix of the extension's own sync state (`sync:settings`, …): never part of the
/// history, kept by "delete everything" (`background/sync.js`).
pub const SYNC_PREFIX: &str = "sync:";
/// The prefix of what the test builds store (`test:clock_offset_ms`): never part of the history.
pub const TEST_PREFIX: &str = "test:";

/// Writes of more entries than this are not followed in memory ([`Stored::apply`]).
const FOLLOW_LIMIT: usize = 500;

/// Everything in `storage.local`: key → value.
pub type Dump = Map<String, Value>;

/// What kind of entity a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Opportunity,
    Contact,
    Event,
}

impl Kind {
    /// Every kind (the test below keeps it complete).
    pub const ALL: &'static [Kind] = &[Kind::Opportunity, Kind::Contact, Kind::Event];

    /// The name used in keys and answers: `opportunity`, `contact`, `event`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Opportunity => "opportunity",
            Kind::Contact => "contact",
            Kind::Event => "event",
        }
    }

    /// The key of the entity of this kind with this id: `event:e42`.
    pub fn key(self, id: &str) -> String {
        format!("{}:{id}", self.name())
    }

    /// The kind and id of an entity key; `None` for other keys.
    pub fn of_key(key: &str) -> Option<(Kind, &str)> {
        let (prefix, id) = key.split_once(':')?;
        for &kind in Kind::ALL {
            if kind.name() == prefix {
                return Some((kind, id));
            }
        }
        None
    }
}

/// Changes to make to `storage.local`: first `set` (one `storage.local.set` call, which
/// browsers apply as a whole), then `remove`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Writes {
    pub set: Map<String, Value>,
    pub remove: Vec<String>,
}

impl Writes {
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.remove.is_empty()
    }

    /// Sets `key` to `value` as JSON; false (nothing set) when it cannot be written as JSON.
    pub(crate) fn put<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> bool {
        self.put_value(key, crate::format::to_value(value))
    }

    /// [`Writes::put`]'s part that is the same for every type (compiled once).
    fn put_value(&mut self, key: String, value: Option<Value>) -> bool {
        let Some(value) = value else {
            return false;
        };
        self.set.insert(key, value);
        true
    }

    /// These writes, then `later`'s.
    fn then(mut self, later: Writes) -> Writes {
        retain_where(&mut self.remove, &|k| !later.set.contains_key(k));
        self.set.extend(later.set);
        self.remove.extend(later.remove);
        self
    }

    /// The size of the values written, as JSON (what a change costs).
    pub fn size(&self) -> usize {
        self.set
            .iter()
            .map(|(k, v)| k.len() + serde_json::to_string(v).map_or(0, |s| s.len()))
            .sum()
    }
}

/// The items of `list` that `keep` keeps, cloned, in order. One loop per item type for
/// every filter (a `filter().cloned().collect()` compiles its iterators once per closure).
fn clones_where<T: Clone>(list: &[T], keep: &dyn Fn(&T) -> bool) -> Vec<T> {
    let mut kept = Vec::new();
    for item in list {
        if keep(item) {
            kept.push(item.clone());
        }
    }
    kept
}

/// The earliest moment of the `events` that `keep` keeps (`None`: there are none).
fn earliest(events: &[Event], keep: &dyn Fn(&Event) -> bool) -> Option<DateTime<Utc>> {
    let mut first = None;
    for e in events {
        if keep(e) {
            let at = e.at.to_utc();
            first = Some(first.map_or(at, |first: DateTime<Utc>| first.min(at)));
        }
    }
    first
}

/// The items of the list `field` of `value`; none when it is not a list.
fn items<'v>(value: &'v Value, field: &str) -> &'v [Value] {
    match value.get(field) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// Keeps the items of `list` that `keep` keeps: one `retain` per item type, not one per
/// closure.
fn retain_where<T>(list: &mut Vec<T>, keep: &dyn Fn(&T) -> bool) {
    list.retain(|item| keep(item));
}

/// What is stored, as the engine sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// The schema found (`None`: nothing stored yet, or only the provisional `history`).
    pub schema: Option<u32>,
    /// The history, or every problem that keeps it from being read (with the key).
    pub data: Result<Data, Problems>,
    /// The writes that bring the storage to schema 1 (the `schema` key, the provisional
    /// `history` moved into its keys), if any are due and can be made without losing
    /// anything.
    pub migration: Option<Writes>,
    /// The keys of the reminders already shown, oldest first (see [`remind`]).
    pub notified: Vec<String>,
    /// Every stored key that is not an entity (settings, views, provider states…).
    pub keys: SortedSet<String>,
    /// The webmail providers last reported: recognized or not.
    pub providers: SortedMap<String, bool>,
    /// What the published views were computed with ([`views::META_KEY`]).
    pub view_meta: Option<Value>,
    /// When `data` is an error: what can still be read ([`Salvage`]).
    pub salvage: Option<Salvage>,
}

impl Stored {
    /// The storage of a history that is already in memory (a file, tests).
    pub fn from_data(data: Data) -> Stored {
        Stored {
            schema: Some(SCHEMA_VERSION),
            data: Ok(data),
            migration: None,
            notified: Vec::new(),
            keys: SortedSet::default(),
            providers: SortedMap::default(),
            view_meta: None,
            salvage: None,
        }
    }

    /// The keys of the published views stored now.
    pub fn view_keys(&self) -> SortedSet<String> {
        let mut keys = Vec::new();
        for k in &self.keys {
            if views::is_view_key(k) {
                keys.push(k.clone());
            }
        }
        keys.into_iter().collect()
    }

    /// Reads everything stored (see the module documentation).
    pub fn load(dump: &Dump) -> Stored {
        load::load(dump)
    }

    /// Brings this view up to date with `writes` just applied to storage (planned by
    /// [`plan`] or [`Stored::migration`]), without reading storage again: logging one
    /// event costs the same however long the history is. False when the view cannot
    /// follow (then read storage again).
    pub fn apply(&mut self, writes: &Writes) -> bool {
        // A big batch (a restored backup) is cheaper to read again than to follow.
        if writes.set.len() + writes.remove.len() > FOLLOW_LIMIT {
            return false;
        }
        load::apply(self, writes)
    }

    /// Stored by a newer build: shown as far as understood, never written.
    pub fn read_only(&self) -> bool {
        self.schema.is_some_and(|v| v > SCHEMA_VERSION)
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_kind_is_listed() {
        // A new kind is a compile error here until it is listed.
        let listed = |kind: Kind| match kind {
            Kind::Opportunity | Kind::Contact | Kind::Event => Kind::ALL.contains(&kind),
        };
        for kind in [Kind::Opportunity, Kind::Contact, Kind::Event] {
            assert!(listed(kind), "{kind:?}");
            assert_eq!(Kind::of_key(&kind.key("x")), Some((kind, "x")));
        }
    }
}
