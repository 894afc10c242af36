//! Sync: merging a change from another computer into a history of 1,000 opportunities
//! and 50,000 events as the background does it (`sync::api::step` on the session kept
//! in memory between steps: read the storage.sync items that changed, record what
//! changed here, merge, repair, plan the local writes with their published views, and
//! the items the replica is kept as that changed), then the packing of the replica for
//! storage.sync that follows it; and the size in storage.sync of 100 open opportunities
//! with three people and twenty events each. Prints its numbers.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use serde_json::{Map, Value};
use too_soon::storage::Stored;
use too_soon::sync::{self, api, Replica, Session};
use too_soon::{fixtures, format};

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e3
}

/// The packings `fit()` (background/sync.js) asks for when the history does not fit
/// storage.sync: every closed opportunity, none, then a binary search over how many fit
/// (here as if `fitting` did).
fn attempts(closed: usize, fitting: usize) -> Vec<usize> {
    let mut out = vec![closed, 0];
    let (mut low, mut high) = (1, closed.saturating_sub(1));
    while low <= high {
        let middle = (low + high) / 2;
        out.push(middle);
        if middle <= fitting {
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    out
}

fn merge_a_remote_change() {
    let data = fixtures::synthetic(1_000, 50_000);
    let now: DateTime<Utc> = fixtures::moment(&data);
    let ms = now.timestamp_millis() as u64;
    // This computer's replica after its last sync, and the other computer's, with one
    // event more (a follow-up logged there).
    let base = sync::step(
        Replica::default(),
        &data,
        &Replica::default(),
        "here",
        ms,
        false,
    )
    .replica;
    let mut theirs = data.clone();
    let mut event = data.events[0].clone();
    event.id = "send-from-the-other-computer".into();
    event.at = now.fixed_offset();
    theirs.events.push(event);
    let remote = sync::step(
        base.clone(),
        &theirs,
        &Replica::default(),
        "there",
        ms + 1_000,
        false,
    )
    .replica;
    // The storage.sync items that changed (the background passes only those).
    let changed: Map<String, Value> = sync::packed(&remote, usize::MAX, sync::ITEM_TEXT)
        .into_iter()
        .filter(|i| i.text.contains("send-from-the-other-computer"))
        .map(|i| (i.key, Value::String(i.text)))
        .collect();
    let changed = Value::Object(changed);
    let stored = Stored::from_data(data.clone());
    // The session as the background holds it: made from the items kept, one step made.
    let mut kept = Session::new(base);
    let first = api::step(
        &mut kept,
        &stored,
        &Value::Null,
        None,
        "here",
        now,
        false,
        &New_York,
    );
    assert!(
        first.writes.is_none(),
        "the first step changes nothing here"
    );
    let attempts = attempts(first.closed, first.closed / 10);
    for &n in &attempts {
        api::packed(&mut kept, n, sync::ITEM_TEXT);
    }
    let mut writes = 0;
    let mut phases = [Duration::ZERO; 2];
    let (mut steps, mut packs, mut totals) = (Vec::new(), Vec::new(), Vec::new());
    let mut items = 0;
    for _ in 0..21 {
        let mut session = kept.clone(); // the session before the change arrives
        let t0 = Instant::now();
        let step = api::step(
            &mut session,
            &stored,
            &changed,
            Some(&[]),
            "here",
            now + chrono::Duration::seconds(2),
            false,
            &New_York,
        );
        let t1 = Instant::now();
        // What storage.sync gets: the packings fit() asks for.
        let mut packed = Vec::new();
        for &n in &attempts {
            packed = api::packed(&mut session, n, sync::ITEM_TEXT);
        }
        let t2 = Instant::now();
        phases = [t1 - t0, t2 - t1];
        steps.push(t1 - t0);
        packs.push(t2 - t1);
        totals.push(t2 - t0);
        assert!(step.refused.is_none() && step.problems.is_empty());
        writes = step.writes.map_or(0, |w| w.set.len() + w.remove.len());
        items = packed.len();
    }
    // After the service worker restarts: the session made again from the items kept in
    // storage.local, and its first step, which compares every entity.
    let kept_items = Value::Object(api::kept(&kept));
    let mut restarts = Vec::new();
    for _ in 0..5 {
        let t0 = Instant::now();
        let mut session = api::session(&kept_items);
        let step = api::step(
            &mut session,
            &stored,
            &changed,
            None,
            "here",
            now + chrono::Duration::seconds(2),
            false,
            &New_York,
        );
        restarts.push(t0.elapsed());
        assert!(step.writes.is_some());
    }
    if std::env::var("SYNC_PHASES").is_ok() {
        println!("  last run: step {:?}, pack {:?}", phases[0], phases[1]);
    }
    println!(
        "merge a remote change (1,000 opportunities, 50,000 events): {:.1} ms \
         ({} local writes; target: under 50 ms); then packing it for storage.sync \
         as the background fits it ({} packings, {} closed opportunities, the last one \
         {} items before compression): {:.1} ms; in all {:.1} ms (medians of 21)",
        median(steps),
        writes,
        attempts.len(),
        kept.closed(),
        items,
        median(packs),
        median(totals),
    );
    println!(
        "  after a restart of the background (the session read back from its {} kept items, \
         its first step comparing every entity): {:.1} ms (median of 5)",
        kept_items.as_object().map_or(0, |m| m.len()),
        median(restarts)
    );
}

fn packed_size() {
    let (data, replica) = sync::sample::realistic_replica(100, 0x5eed);
    let items = sync::packed(&replica, usize::MAX, sync::ITEM_TEXT);
    let sizes: Vec<usize> = items
        .iter()
        .map(|i| {
            let compressed = miniz_oxide::deflate::compress_to_vec(i.text.as_bytes(), 6).len();
            sync::stored_size(&i.key, compressed)
        })
        .collect();
    println!(
        "packed sync data, 100 open opportunities, {} events: {} bytes in {} items, largest {} bytes \
         (limits: {} in all, {} per item, {} items; the backup file: {} bytes)",
        data.events.len(),
        sizes.iter().sum::<usize>(),
        items.len(),
        sizes.iter().max().unwrap_or(&0),
        sync::QUOTA_BYTES,
        sync::QUOTA_BYTES_PER_ITEM,
        sync::MAX_ITEMS,
        format::to_json(&data).len()
    );
}

fn main() {
    merge_a_remote_change();
    packed_size();
}
