//! Opt-in sync through the browser's own `storage.sync` (docs/sync.md), as pure logic.
//!
//! The history is a replicated data type: every entity's versions are stamped by a
//! hybrid logical clock with the device's id ([`stamp`]), the latest version wins per
//! entity, deletes are tombstones, and a delete-all or replace-restore starts an epoch
//! ([`replica`]). The local store stays the source of truth for the page: each sync
//! step records what changed here since the last one as new versions, merges what
//! `storage.sync` holds, and gives the history the merged replica holds ([`repair`]) as
//! one change of the local store. The background keeps a [`Session`] between steps, so
//! that a step costs about what changed ([`session`]); [`step`] is one step of a fresh
//! one. The replica is packed into items ([`pack`]) and read back from them as an
//! imported file is read ([`unpack`]).

pub mod api;
mod local;
mod pack;
mod repair;
mod replica;
mod session;
mod stamp;
mod unpack;

#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub mod sample;

pub use pack::{
    items, stored_size, Item, ITEM_PREFIX, ITEM_TEXT, MAX_ITEMS, META_ITEM, PACK_VERSION,
    QUOTA_BYTES, QUOTA_BYTES_PER_ITEM,
};
pub use repair::materialize;
pub use replica::{Entity, Replica, Version};
pub use session::{Session, Touched};
pub use stamp::{is_device, Clock, Stamp};
pub use unpack::{is_item, unpack, Unpacked};

use chrono::{DateTime, TimeZone, Utc};

use crate::model::Data;
use crate::storage::{Stored, Writes};

/// What one sync step gives.
#[derive(Debug, Clone)]
pub struct Step {
    /// The replica after the step: kept here as the last history synced, and packed.
    pub replica: Replica,
    /// The writes that make the local store hold its history (without the published
    /// views): [`materialize`] of `replica`.
    pub writes: Writes,
}

/// One sync step on device `device` at `now_ms`: what changed in `local` since `base`
/// (the replica of the last step) becomes new versions, a new epoch first when `epoch`
/// (a delete-all or replace-restore was made here), then `remote` (what `storage.sync`
/// holds) is merged.
pub fn step(
    base: Replica,
    local: &Data,
    remote: &Replica,
    device: &str,
    now_ms: u64,
    epoch: bool,
) -> Step {
    let mut session = Session::new(base);
    let (writes, _) = session.step(local, None, remote, device, now_ms, epoch);
    Step {
        replica: session.into_replica(),
        writes,
    }
}

/// Can the local store be written now (readable, not newer, no migration due first)?
pub fn writable(stored: &Stored) -> bool {
    !stored.read_only() && stored.data.is_ok() && stored.migration.is_none()
}

/// The writes of a step planned over what is stored, with the published views they
/// alter (like any change: [`crate::storage::plan`]). `None` when storage cannot be
/// written now (unreadable, newer, or a migration due first).
pub fn plan<Tz: TimeZone>(
    stored: &Stored,
    writes: Writes,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Option<Writes> {
    if !writable(stored) {
        return None;
    }
    if writes.is_empty() {
        return Some(writes);
    }
    Some(crate::storage::refresh_views(stored, writes, now, tz))
}

/// Which groups (opportunity ids) to pack: every open one (and every group of
/// tombstones), and of the closed ones the `closed_kept` with the latest activity. Also
/// how many closed ones there are.
pub fn selection(
    replica: &Replica,
    closed_kept: usize,
) -> (std::collections::BTreeSet<String>, usize) {
    let groups = pack::groups(replica);
    let mut closed: Vec<(i64, &str)> = Vec::new();
    let mut keep = std::collections::BTreeSet::new();
    for (id, group) in &groups {
        if pack::closed(group) {
            closed.push((pack::last_activity(group), id));
        } else {
            keep.insert(id.to_string());
        }
    }
    crate::sort::sort_by(&mut closed, |a, b| b.cmp(a));
    let total = closed.len();
    keep.extend(
        closed
            .into_iter()
            .take(closed_kept)
            .map(|(_, id)| id.to_string()),
    );
    (keep, total)
}

/// The items of `replica` with the closed opportunities of [`selection`].
pub fn packed(replica: &Replica, closed_kept: usize, max_text: usize) -> Vec<Item> {
    let (keep, _) = selection(replica, closed_kept);
    items(replica, |id| keep.contains(id), max_text)
}

/// The replica kept as the last history synced, from its items (`None`: none kept).
pub fn base<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>) -> Replica {
    unpack(items).replica
}
