//! What the background asks of sync, as JSON in and out (the WebAssembly bindings pass
//! it through): a session over the items the replica was kept as, its steps over what is
//! stored, and the items to write for a choice of closed opportunities.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::pack::Item;
use super::stamp::is_device;
use super::unpack::{unpack, Unpacked};
use super::Session;
use crate::format::Problems;
use crate::storage::{Stored, Writes};

/// A step's answer: the local writes (null when none), the changes of the items the
/// replica is kept as in storage.local (`set` by key, `remove`d keys), what was wrong in
/// the storage.sync items read (each item or entry skipped), items of a newer format
/// (then nothing may be written to storage.sync), and how many closed opportunities the
/// replica holds.
#[derive(Debug, Serialize)]
pub struct StepAnswer {
    pub writes: Option<Writes>,
    pub kept: Kept,
    pub problems: Problems,
    pub newer: Vec<String>,
    pub closed: usize,
    /// Why no step was made, as a code: `not_writable` (the history stored here is
    /// unreadable, of a newer schema, or migrating) or `bad_device` (a bad device id).
    pub refused: Option<&'static str>,
}

/// Changes of the items the replica is kept as (`{set: {key: text}, remove: [key]}`):
/// writes to storage.local like any other, of the same shape (serialized by the same code).
pub type Kept = Writes;

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

fn as_object(items: Vec<Item>) -> Map<String, Value> {
    // Inserted one by one: `collect` would compile std's sort for these pairs.
    let mut map = Map::new();
    for i in items {
        map.insert(i.key, Value::String(i.text));
    }
    map
}

fn refused(why: &'static str) -> StepAnswer {
    StepAnswer {
        writes: None,
        kept: Kept::default(),
        problems: Problems::default(),
        newer: Vec::new(),
        closed: 0,
        refused: Some(why),
    }
}

/// A session over the items `{key: text}` the replica was kept as (null: none).
pub fn session(kept: &Value) -> Session {
    Session::new(read(kept).replica)
}

/// The items the session's replica is kept as, all of them.
pub fn kept(session: &Session) -> Map<String, Value> {
    as_object(session.items())
}

/// One sync step of `session` over `stored` (see [`Session::step`]): `remote` the
/// storage.sync items changed since the last step (decompressed, `{key: text}`),
/// `dirty` the storage keys written here since (null: not known), on `device` at `now`.
/// Nothing changes in the session when it is refused.
#[allow(clippy::too_many_arguments)]
pub fn step<Tz: TimeZone>(
    session: &mut Session,
    stored: &Stored,
    remote: &Value,
    dirty: Option<&[String]>,
    device: &str,
    now: DateTime<Utc>,
    epoch: bool,
    tz: &Tz,
) -> StepAnswer {
    if !is_device(device) {
        return refused("bad_device");
    }
    let (Ok(local), true) = (&stored.data, super::writable(stored)) else {
        return refused("not_writable");
    };
    let remote = read(remote);
    let (writes, touched) = session.step(
        local,
        dirty,
        &remote.replica,
        device,
        u64::try_from(now.timestamp_millis()).unwrap_or(0),
        epoch,
    );
    let writes = super::plan(stored, writes, now, tz).unwrap_or_default();
    let (set, remove) = session.changed_items(&touched);
    StepAnswer {
        writes: (!writes.is_empty()).then_some(writes),
        kept: Kept {
            set: as_object(set),
            remove,
        },
        problems: remote.problems,
        newer: remote.newer,
        closed: session.closed(),
        refused: None,
    }
}

/// The items for storage.sync of the session's replica, with the `closed_kept` closed
/// opportunities of latest activity, cut at `max_text` bytes.
pub fn packed(session: &mut Session, closed_kept: usize, max_text: usize) -> Vec<Item> {
    session.packed(closed_kept, max_text.max(1_000))
}
