//! A sync session: the replica of the last step, kept in memory between steps (the
//! background keeps one until its service worker stops), indexed by group (opportunity),
//! so that a step costs about what changed, not what is held.
//!
//! A step records what changed here as new versions, merges what `storage.sync` holds,
//! and gives the writes that make the local store hold the merged history. It looks only
//! at the groups whose versions changed (the group a version left included): the repairs
//! of a group depend on that group alone ([`Repair::of`]), so the history an untouched
//! group holds is the one it held after the last step, which the local store holds since
//! (its writes were made), but for the keys changed here since, which the step is told
//! (`dirty`). The first step of a session, or one not told, compares every entity.

use super::local::{entity_json, json, Local};
use super::pack::{self, Item};
use super::repair::Repair;
use super::replica::{Entity, Replica, Version};
use super::stamp::{Clock, Stamp};
use crate::model::Data;
use crate::sort::{SortedMap, SortedSet};
use crate::storage::{Kind, Writes, SETTINGS_KEY};

/// A run of groups packed for storage.sync ([`pack::run_items`]): its groups' ids with
/// their generations.
type Run = Vec<(String, u64)>;

/// The storage.sync items of runs packed, by the text size they were cut at, then by run.
/// (By size first: the runs of one packing come in order, so each is added last.)
type Packed = SortedMap<usize, SortedMap<Run, Vec<Item>>>;

/// What a step changed in the replica.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Touched {
    /// The groups (opportunity ids) whose versions changed, or that a version left.
    pub groups: SortedSet<String>,
    /// The keys whose version changed or went (an epoch).
    pub keys: SortedSet<String>,
}

/// The replica of the last step, with its keys by group.
#[derive(Debug, Clone, Default)]
pub struct Session {
    replica: Replica,
    groups: SortedMap<String, SortedSet<String>>,
    latest: Option<Stamp>,
    /// The closed opportunities' groups ([`pack::closed`]) with their last activity.
    closed: SortedMap<String, i64>,
    /// Each group's generation: a new one every time its versions change.
    generations: SortedMap<String, u64>,
    generation: u64,
    /// The storage.sync items of runs of groups packed since the step before the last
    /// ([`Packed`]): a step packs again only the runs whose groups changed.
    packed: [Packed; 2],
    /// A step compared every local entity with this replica since it was made.
    checked: bool,
}

impl Session {
    /// A session over the replica kept from the last step (read back from its items).
    pub fn new(replica: Replica) -> Session {
        let mut groups: SortedMap<String, SortedSet<String>> = SortedMap::default();
        for (key, version) in replica.versions() {
            groups.or_default(version.group.clone()).insert(key.clone());
        }
        let latest = replica.latest().cloned();
        let mut session = Session {
            replica,
            groups,
            latest,
            closed: SortedMap::default(),
            generations: SortedMap::default(),
            generation: 0,
            packed: Default::default(),
            checked: false,
        };
        let all = SortedSet::from_iter(session.groups.keys().cloned());
        session.classify(&all);
        session
    }

    /// Keeps [`Session::closed`] for `groups`.
    fn classify(&mut self, groups: &SortedSet<String>) {
        for g in groups {
            let versions = self.group(g).unwrap_or_default();
            if pack::closed(&versions) {
                self.closed
                    .insert(g.clone(), pack::last_activity(&versions));
            } else {
                self.closed.remove(g);
            }
            self.generation += 1;
            self.generations.insert(g.clone(), self.generation);
        }
    }

    /// The versions of the group `g` (an opportunity id), in key order; `None` when it
    /// has none.
    fn group(&self, g: &str) -> Option<Vec<(&String, &Version)>> {
        let mut versions = Vec::new();
        for key in self.groups.get(g)? {
            if let Some(version) = self.replica.get(key) {
                versions.push((key, version));
            }
        }
        Some(versions)
    }

    /// How many closed opportunities the replica holds.
    pub fn closed(&self) -> usize {
        self.closed.len()
    }

    pub fn replica(&self) -> &Replica {
        &self.replica
    }

    pub fn into_replica(self) -> Replica {
        self.replica
    }

    fn saw(&mut self, stamp: &Stamp) {
        if self.latest.as_ref().map_or(true, |l| stamp > l) {
            self.latest = Some(stamp.clone());
        }
    }

    /// [`Replica::put_all`] of `versions` (of distinct keys), keeping the index.
    fn put_all(&mut self, versions: Vec<(String, Version)>, touched: &mut Touched) {
        let mut taken = Vec::new();
        let mut groups = Vec::new();
        let mut keys = Vec::new();
        for (key, version) in versions {
            if !self.replica.takes(&key, &version) {
                continue;
            }
            self.saw(&version.stamp);
            let group = &version.group;
            let old = self.replica.get(&key).map(|v| v.group.clone());
            if let Some(old) = old.filter(|o| o != group) {
                self.unindex(&old, &key);
                groups.push(old);
            }
            self.groups.or_default(group.clone()).insert(key.clone());
            groups.push(group.clone());
            keys.push(key.clone());
            taken.push((key, version));
        }
        touched.groups.extend(groups);
        touched.keys.extend(keys);
        self.replica.put_all(taken);
    }

    fn unindex(&mut self, group: &str, key: &str) {
        if let Some(keys) = self.groups.get_mut(group) {
            keys.remove(key);
            if keys.is_empty() {
                self.groups.remove(group);
            }
        }
    }

    /// [`Replica::begin_epoch`], keeping the index.
    fn epoch(&mut self, stamp: Stamp, touched: &mut Touched) {
        if self.replica.epoch.as_ref().is_some_and(|e| stamp <= *e) {
            return;
        }
        let mut gone = Vec::new();
        for (key, version) in self.replica.versions() {
            if version.stamp < stamp {
                gone.push((key.clone(), version.group.clone()));
            }
        }
        self.replica.begin_epoch(stamp.clone());
        self.saw(&stamp);
        for (key, group) in gone {
            self.unindex(&group, &key);
            touched.groups.insert(group);
            touched.keys.insert(key);
        }
    }

    fn settings(&mut self, stamp: Stamp, settings: crate::model::Settings) {
        if self.replica.put_settings(stamp.clone(), settings) {
            self.saw(&stamp);
        }
    }

    /// The versions of `groups`, in key order.
    fn versions<'a>(&'a self, groups: &'a SortedSet<String>) -> impl Iterator<Item = &'a Version> {
        groups
            .iter()
            .filter_map(|g| self.groups.get(g))
            .flatten()
            .filter_map(|k| self.replica.get(k))
    }

    /// Records as new versions what differs between the local history and the replica's
    /// history at `keys` (storage keys; others are left out).
    fn observe(
        &mut self,
        here: &Local,
        keys: SortedSet<String>,
        clock: &mut Clock,
        now_ms: u64,
        touched: &mut Touched,
    ) {
        let mut groups = Vec::new();
        for key in &keys {
            if let Some(version) = self.replica.get(key) {
                groups.push(version.group.clone());
            }
        }
        let groups = SortedSet::from_iter(groups);
        // Stamped in key order, so that the same changes get the same stamps.
        let mut versions = Vec::new();
        let mut version = |value: Option<Entity>, group: String| Version {
            stamp: clock.tick(now_ms),
            group,
            value,
        };
        {
            let repair = Repair::of(self.versions(&groups));
            for key in keys {
                let held = self.replica.get(&key).and_then(|v| repair.value(v));
                match (here.get(&key), held) {
                    (Some(entity), held) => {
                        if !held.is_some_and(|h| entity.is(&h)) {
                            let entity = entity.owned();
                            let group = entity.opportunity().to_string();
                            versions.push((key, version(Some(entity), group)));
                        }
                    }
                    (None, Some(held)) => {
                        let group = held.opportunity().to_string();
                        versions.push((key, version(None, group)));
                    }
                    (None, None) => {}
                }
            }
        }
        self.put_all(versions, touched);
    }

    /// One sync step on device `device` at `now_ms` (see [`super::step`]). `dirty`: the
    /// storage keys changed here since the last step of this session (`None`: not known;
    /// every entity is compared then, as in a session's first step or with `epoch`). Gives the writes
    /// that make `local` hold the merged history, and what changed in the replica.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        local: &Data,
        dirty: Option<&[String]>,
        remote: &Replica,
        device: &str,
        now_ms: u64,
        epoch: bool,
    ) -> (Writes, Touched) {
        let mut touched = Touched::default();
        let mut clock = Clock::new(device);
        for stamp in self.latest.iter().chain(remote.latest()) {
            clock.observe(stamp);
        }
        if epoch {
            let stamp = clock.tick(now_ms);
            self.epoch(stamp, &mut touched);
        }
        let here = Local::new(local);
        // An epoch begun here (everything here replaced) records every entity again.
        let mut keys = Vec::new();
        match dirty.filter(|_| self.checked && !epoch) {
            Some(dirty) => {
                for key in dirty {
                    if Kind::of_key(key).is_some() {
                        keys.push(key.clone());
                    }
                }
            }
            None => {
                for (key, _) in self.replica.versions() {
                    keys.push(key.clone());
                }
                for (kind, id, _) in here.all() {
                    keys.push(kind.key(id));
                }
            }
        }
        let keys = SortedSet::from_iter(keys);
        self.observe(&here, keys, &mut clock, now_ms, &mut touched);
        let held = self.replica.settings.as_ref().map(|(_, s)| s);
        if held.map_or(local.settings != Default::default(), |s| {
            *s != local.settings
        }) {
            let stamp = clock.tick(now_ms);
            self.settings(stamp, local.settings.clone());
        }
        self.checked = true;
        // What storage.sync holds.
        if let Some(e) = &remote.epoch {
            self.epoch(e.clone(), &mut touched);
        }
        if let Some((stamp, settings)) = &remote.settings {
            self.settings(stamp.clone(), settings.clone());
        }
        let mut versions = Vec::new();
        for (key, version) in remote.versions() {
            versions.push((key.clone(), version.clone()));
        }
        self.put_all(versions, &mut touched);
        self.classify(&touched.groups);
        let [now, before] = &mut self.packed;
        *before = std::mem::take(now);
        let writes = self.writes(&here, local, &touched);
        (writes, touched)
    }

    /// The writes that make `local` hold the history of the touched groups (entities
    /// written only where they differ, removed where the history has none).
    fn writes(&self, here: &Local, local: &Data, touched: &Touched) -> Writes {
        let mut writes = Writes::default();
        let repair = Repair::of(self.versions(&touched.groups));
        let mut write = |key: &String| {
            let value = self.replica.get(key).and_then(|v| repair.value(v));
            match (value, here.get(key)) {
                (Some(value), held) => {
                    if !held.is_some_and(|h| h.is(&value)) {
                        writes.set.insert(key.clone(), entity_json(&value));
                    }
                }
                (None, Some(_)) => writes.remove.push(key.clone()),
                (None, None) => {}
            }
        };
        for g in &touched.groups {
            for key in self.groups.get(g).into_iter().flatten() {
                write(key);
            }
        }
        for key in &touched.keys {
            write(key);
        }
        crate::sort::sort(&mut writes.remove);
        writes.remove.dedup();
        let settings = self
            .replica
            .settings
            .as_ref()
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
        if local.settings != settings {
            writes.set.insert(SETTINGS_KEY.to_string(), json(&settings));
        }
        writes
    }

    /// The items this replica is kept as (`t:<id>` for each group, and `ts`).
    pub fn items(&self) -> Vec<Item> {
        let mut out = vec![pack::meta_item(&self.replica)];
        out.extend(self.groups.keys().filter_map(|g| self.group_item(g)));
        out
    }

    fn group_item(&self, id: &str) -> Option<Item> {
        Some(pack::group_item(id, &self.group(id)?))
    }

    /// The items of [`Session::items`] that `touched` changed (and the small `ts`, the
    /// epoch and settings, always), and the keys of those that went.
    pub fn changed_items(&self, touched: &Touched) -> (Vec<Item>, Vec<String>) {
        let mut set = vec![pack::meta_item(&self.replica)];
        let mut gone = Vec::new();
        for g in &touched.groups {
            match self.group_item(g) {
                Some(item) => set.push(item),
                None => gone.push(pack::item_key(g)),
            }
        }
        (set, gone)
    }

    /// The items for storage.sync, as [`super::packed`] gives them for this replica:
    /// runs of groups none of which changed since they were packed last are not packed
    /// again.
    pub fn packed(&mut self, closed_kept: usize, max_text: usize) -> Vec<Item> {
        let mut closed: Vec<(i64, &str)> = Vec::new();
        for (g, at) in &self.closed {
            closed.push((*at, g.as_str()));
        }
        crate::sort::sort_by(&mut closed, |a, b| b.cmp(a));
        let mut left = Vec::new();
        for (_, g) in closed.iter().skip(closed_kept) {
            left.push(g.to_string());
        }
        let left = SortedSet::from_iter(left);
        let mut kept: Vec<&String> = Vec::new();
        for g in self.groups.keys() {
            if !left.contains(g) {
                kept.push(g);
            }
        }
        let mut out = vec![pack::meta_item(&self.replica)];
        // Taken out while runs are added, put back after.
        let mut now = self.packed[0].remove(&max_text).unwrap_or_default();
        let before = self.packed[1].get(&max_text);
        for run in kept.split_inclusive(|g| pack::boundary(g)) {
            let mut key: Run = Vec::new();
            for g in run {
                let generation = self.generations.get(*g).copied().unwrap_or(0);
                key.push(((*g).clone(), generation));
            }
            let items = match now.get(&key).or_else(|| before?.get(&key)) {
                Some(items) => items.clone(),
                None => {
                    let mut groups = Vec::new();
                    for g in run {
                        groups.push((g.as_str(), self.group(g).unwrap_or_default()));
                    }
                    pack::run_items(&groups, max_text)
                }
            };
            out.extend(items.iter().cloned());
            now.insert(key, items);
        }
        self.packed[0].insert(max_text, now);
        out
    }
}
