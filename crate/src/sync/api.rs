//! What the background asks of sync, as JSON in and out (the WebAssembly bindings pass
//! it through): one step over what is stored, and the items to write for a choice of
//! closed opportunities.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::pack::{self, Item};
use super::stamp::device_problem;
use super::unpack::{unpack, Unpacked};
use super::Replica;
use crate::format::Problems;
use crate::storage::{Stored, Writes};

/// A step's answer: the local writes (null when none), the new replica's items (the
/// last history synced, kept in storage.local), what was wrong in storage.sync (each
/// item or entry skipped), items of a newer format (then nothing may be written to
/// storage.sync), and how many closed opportunities the replica holds.
#[derive(Debug, Serialize)]
pub struct StepAnswer {
    pub writes: Option<Writes>,
    pub base: Map<String, Value>,
    pub problems: Problems,
    pub newer: Vec<String>,
    pub closed: usize,
    /// Why no step was made (storage unreadable, newer, migrating; a bad device id).
    pub refused: Option<String>,
}

/// Reads items given as an object `{key: text}` (null: none).
fn read(items: &Value) -> Unpacked {
    let Value::Object(map) = items else {
        return Unpacked::default();
    };
    unpack(
        map.iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?))),
    )
}

fn as_object(items: &[Item]) -> Map<String, Value> {
    items
        .iter()
        .map(|i| (i.key.clone(), Value::String(i.text.clone())))
        .collect()
}

fn refused(why: impl Into<String>) -> StepAnswer {
    StepAnswer {
        writes: None,
        base: Map::new(),
        problems: Problems::default(),
        newer: Vec::new(),
        closed: 0,
        refused: Some(why.into()),
    }
}

/// One sync step over `stored` (see [`super::step`]): `base` the items kept from the
/// last step, `remote` what storage.sync holds (decompressed), on `device` at `now`.
pub fn step<Tz: TimeZone>(
    stored: &Stored,
    base: &Value,
    remote: &Value,
    device: &str,
    now: DateTime<Utc>,
    epoch: bool,
    tz: &Tz,
) -> StepAnswer {
    if let Some(problem) = device_problem(device) {
        return refused(problem);
    }
    let Ok(local) = &stored.data else {
        return refused("the history stored here cannot be read");
    };
    let base = read(base).replica;
    let remote = read(remote);
    let step = super::step(
        base,
        local,
        &remote.replica,
        device,
        u64::try_from(now.timestamp_millis()).unwrap_or(0),
        epoch,
    );
    let Some(writes) = super::plan(stored, step.writes, now, tz) else {
        return refused("the history stored here cannot be changed now");
    };
    let items = pack::items(&step.replica, |_| true, usize::MAX);
    StepAnswer {
        writes: (!writes.is_empty()).then_some(writes),
        base: as_object(&items),
        problems: remote.problems,
        newer: remote.newer,
        closed: super::selection(&step.replica, 0).1,
        refused: None,
    }
}

/// The items for storage.sync of the replica kept as `base`, with the `closed_kept`
/// closed opportunities of latest activity, cut at `max_text` bytes.
pub fn packed(base: &Value, closed_kept: usize, max_text: usize) -> Vec<Item> {
    let replica: Replica = read(base).replica;
    super::packed(&replica, closed_kept, max_text.max(1_000))
}
