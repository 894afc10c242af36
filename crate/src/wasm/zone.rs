//! The browser's time zone, for the engine's calendar arithmetic.
//!
//! chrono's `Local` (feature `wasmbind`) asks JavaScript's `Date` for the offset on every
//! conversion, and the engine converts often (every local midnight it reasons about).
//! `BrowserZone` asks `Local` once per quarter hour of time and remembers the answer: every
//! real zone changes its offset on a quarter hour, so a quarter hour has one offset.
//! A small direct-mapped cache sits in front of the map: the module is optimized for size,
//! so the map's hashing and probing are calls, not inlined code, and offsets are asked for
//! on the engine's hottest paths.

use std::cell::RefCell;

use crate::hash::Map;
use chrono::{FixedOffset, Local, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone};

/// Seconds in the slices the cache remembers an offset for.
const SLICE: i64 = 15 * 60;
/// A bound on remembered slices (about 14 years of quarter hours per direction is far more
/// than a history needs); past it the cache starts over.
const MAX_REMEMBERED: usize = 500_000;

/// What a slice remembers: the offsets a local time there has. A UTC time has one
/// (`Single`); both directions keep this one type, so that the module compiles one hash
/// map for them rather than two.
type Offsets = MappedLocalTime<FixedOffset>;

type SliceMap = Map<i64, Offsets>;

/// Slots of the direct-mapped cache in front of each map: a lookup there is an index and a
/// comparison, cheap even where the module's code is optimized for size.
const FRONT: usize = 1024;

struct Remembered {
    from_utc: Slices,
    from_local: Slices,
}

/// Offsets remembered by quarter hour: the last one asked for in each front slot, then all.
/// (Both are made on first use, so that the thread-local is a constant: no lazy
/// initialization to check on every lookup.)
struct Slices {
    front: Vec<Option<(i64, Offsets)>>,
    all: Option<SliceMap>,
}

impl Slices {
    const fn new() -> Self {
        Slices {
            front: Vec::new(),
            all: None,
        }
    }

    fn get(&mut self, key: i64, ask: impl FnOnce() -> Offsets) -> Offsets {
        if self.front.is_empty() {
            self.front.resize(FRONT, None);
        }
        let slot = key.rem_euclid(FRONT as i64) as usize;
        if let Some((k, v)) = self.front[slot] {
            if k == key {
                return v;
            }
        }
        let v = remember(self.all.get_or_insert_with(SliceMap::default), key, ask);
        self.front[slot] = Some((key, v));
        v
    }
}

thread_local! {
    static REMEMBERED: RefCell<Remembered> = const {
        RefCell::new(Remembered {
            from_utc: Slices::new(),
            from_local: Slices::new(),
        })
    };
}

fn slice_of(moment: &NaiveDateTime) -> i64 {
    moment.and_utc().timestamp().div_euclid(SLICE)
}

fn remember(map: &mut SliceMap, key: i64, ask: impl FnOnce() -> Offsets) -> Offsets {
    if map.len() >= MAX_REMEMBERED {
        map.clear();
    }
    *map.entry(key).or_insert_with(ask)
}

/// The browser's local time zone, with its offsets remembered (see the module's notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrowserZone;

impl TimeZone for BrowserZone {
    type Offset = FixedOffset;

    fn from_offset(_: &FixedOffset) -> Self {
        BrowserZone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
        self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
        REMEMBERED.with(|r| {
            r.borrow_mut().from_local.get(slice_of(local), || {
                Local.offset_from_local_datetime(local).map(|o| o.fix())
            })
        })
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        let offsets = REMEMBERED.with(|r| {
            r.borrow_mut().from_utc.get(slice_of(utc), || {
                MappedLocalTime::Single(Local.offset_from_utc_datetime(utc).fix())
            })
        });
        match offsets {
            MappedLocalTime::Single(offset) => offset,
            _ => Local.offset_from_utc_datetime(utc).fix(), // never remembered so
        }
    }
}
