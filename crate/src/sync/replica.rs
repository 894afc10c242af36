//! The replicated history: every entity's latest version (a tombstone when deleted),
//! the settings' latest version, and the epoch (the moment of the last delete-all or
//! replace-restore: versions stamped before it are gone). [`Replica::merge`] is a join:
//! commutative, associative and idempotent, so replicas that have seen the same versions
//! hold the same state, in whatever order they saw them.

use super::stamp::{Clock, Stamp};
use crate::model::{Contact, Event, Opportunity, Settings};
use crate::sort::SortedMap;

/// One entity's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entity {
    Opportunity(Opportunity),
    Contact(Contact),
    Event(Event),
}

impl Entity {
    /// The opportunity it belongs to (an opportunity's own id).
    pub fn opportunity(&self) -> &str {
        match self {
            Entity::Opportunity(o) => &o.id,
            Entity::Contact(c) => &c.opportunity,
            Entity::Event(e) => &e.opportunity,
        }
    }

    /// Its file-format JSON (what decides between two versions with the same stamp).
    fn json(&self) -> String {
        match self {
            Entity::Opportunity(o) => serde_json::to_string(o),
            Entity::Contact(c) => serde_json::to_string(c),
            Entity::Event(e) => serde_json::to_string(e),
        }
        .unwrap_or_default()
    }
}

/// One version of an entity: `value` `None` is a tombstone (deleted). `group` is the
/// opportunity it belongs to (kept for tombstones, to pack them with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub stamp: Stamp,
    pub group: String,
    pub value: Option<Entity>,
}

/// Is `a` the version that wins over `b`? The later stamp; on equal stamps (never made
/// by a well-behaved device, but possible in what is read from sync) the larger value,
/// a tombstone being the smallest, so that the choice is the same everywhere.
fn wins(a: &Version, b: &Version) -> bool {
    match a.stamp.cmp(&b.stamp) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            let json = |v: &Version| v.value.as_ref().map(Entity::json);
            (json(a), &a.group) > (json(b), &b.group)
        }
    }
}

/// The replicated history. Entities are keyed as in storage (`event:<id>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replica {
    /// The last delete-all or replace-restore: versions stamped before it are gone.
    pub epoch: Option<Stamp>,
    pub settings: Option<(Stamp, Settings)>,
    /// Boxed: a version added among 50,000 moves the ones after it, a pointer each.
    entities: SortedMap<String, Box<Version>>,
}

impl Replica {
    /// The version held for the entity `key`.
    pub fn get(&self, key: &str) -> Option<&Version> {
        self.entities.get(key).map(|v| &**v)
    }

    /// Every entity's version, in key order.
    pub fn versions(&self) -> impl Iterator<Item = (&String, &Version)> {
        self.entities.iter().map(|(k, v)| (k, &**v))
    }

    /// Would [`Replica::put`] add `version` of the entity `key`? Unless the one held wins
    /// over it or it is older than the epoch.
    pub fn takes(&self, key: &str, version: &Version) -> bool {
        !self.before_epoch(version)
            && self
                .entities
                .get(key)
                .map_or(true, |held| wins(version, held))
    }

    fn before_epoch(&self, version: &Version) -> bool {
        self.epoch.as_ref().is_some_and(|e| version.stamp < *e)
    }

    /// Adds `version` of the entity `key` if it [`takes`](Replica::takes) it; true when
    /// it was added.
    pub fn put(&mut self, key: &str, version: Version) -> bool {
        let takes = self.takes(key, &version);
        if takes {
            self.entities.insert(key.to_string(), Box::new(version));
        }
        takes
    }

    /// [`Replica::put`] of every version of `versions`, in order, at once (one sort
    /// however many there are; one by one, each would move the entities after it).
    pub fn put_all(&mut self, versions: Vec<(String, Version)>) {
        let mut boxed = Vec::with_capacity(versions.len());
        for (key, version) in versions {
            if !self.before_epoch(&version) {
                boxed.push((key, Box::new(version)));
            }
        }
        self.entities.merge(boxed, |held, new| wins(new, held));
    }

    /// Adds the settings version `stamp` unless the one held is later (or equal with a
    /// larger value) or it is older than the epoch.
    pub fn put_settings(&mut self, stamp: Stamp, settings: Settings) -> bool {
        if self.epoch.as_ref().is_some_and(|e| stamp < *e) {
            return false;
        }
        let newer = match &self.settings {
            None => true,
            Some((held, value)) => {
                stamp > *held
                    || (stamp == *held
                        && serde_json::to_string(&settings).ok()
                            > serde_json::to_string(value).ok())
            }
        };
        if newer {
            self.settings = Some((stamp, settings));
        }
        newer
    }

    /// Starts the epoch `stamp` (if later than the one held): every version stamped
    /// before it goes. True when it changed anything.
    pub fn begin_epoch(&mut self, stamp: Stamp) -> bool {
        if self.epoch.as_ref().is_some_and(|e| stamp <= *e) {
            return false;
        }
        self.entities.retain(|_, v| v.stamp >= stamp);
        if self.settings.as_ref().is_some_and(|(s, _)| *s < stamp) {
            self.settings = None;
        }
        self.epoch = Some(stamp);
        true
    }

    /// Joins `other` into this replica; true when this one changed.
    pub fn merge(&mut self, other: &Replica) -> bool {
        let mut changed = false;
        if let Some(epoch) = &other.epoch {
            changed |= self.begin_epoch(epoch.clone());
        }
        if let Some((stamp, settings)) = &other.settings {
            changed |= self.put_settings(stamp.clone(), settings.clone());
        }
        let taken: Vec<(String, Version)> = other
            .versions()
            .filter(|(key, version)| self.takes(key, version))
            .map(|(key, version)| (key.clone(), version.clone()))
            .collect();
        changed |= !taken.is_empty();
        self.put_all(taken);
        changed
    }

    /// The latest stamp held (the epoch included).
    pub fn latest(&self) -> Option<&Stamp> {
        let mut latest = self.epoch.as_ref();
        let mut saw = |stamp| {
            if latest.map_or(true, |l| stamp > l) {
                latest = Some(stamp);
            }
        };
        if let Some((stamp, _)) = &self.settings {
            saw(stamp);
        }
        for version in self.entities.values() {
            saw(&version.stamp);
        }
        latest
    }

    /// A clock for `device` that stamps after everything held.
    pub fn clock(&self, device: &str) -> Clock {
        let mut clock = Clock::new(device);
        if let Some(latest) = self.latest() {
            clock.observe(latest);
        }
        clock
    }
}
