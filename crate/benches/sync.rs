//! Sync: merging a change from another computer into a history of 1,000 opportunities
//! and 50,000 events (the step that records local changes, merges, repairs, and plans
//! the local writes with their published views), and the size in storage.sync of 100
//! open opportunities with three people and twenty events each. Prints its numbers.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use too_soon::storage::Stored;
use too_soon::sync::{self, Replica};
use too_soon::{fixtures, format};

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
    let items = sync::packed(&remote, usize::MAX, sync::ITEM_TEXT);
    let one: Vec<&sync::Item> = items
        .iter()
        .filter(|i| i.text.contains("send-from-the-other-computer"))
        .collect();
    let stored = Stored::from_data(data.clone());
    let mut writes = 0;
    let mut phases = [Duration::ZERO; 3];
    let mut times = Vec::new();
    for _ in 0..21 {
        let base = base.clone(); // this computer's replica, as the step receives it
        let t0 = Instant::now();
        let read = sync::unpack(one.iter().map(|i| (i.key.as_str(), i.text.as_str())));
        let t1 = Instant::now();
        let step = sync::step(base, &data, &read.replica, "here", ms + 2_000, false);
        let t2 = Instant::now();
        let planned = sync::plan(&stored, step.writes, now, &New_York).unwrap_or_default();
        phases = [t1 - t0, t2 - t1, t2.elapsed()];
        times.push(t0.elapsed());
        writes = planned.set.len() + planned.remove.len();
    }
    times.sort();
    let time = times[times.len() / 2];
    if std::env::var("SYNC_PHASES").is_ok() {
        println!(
            "  read {:?}, step {:?}, plan {:?}",
            phases[0], phases[1], phases[2]
        );
    }
    println!(
        "merge a remote change (1,000 opportunities, 50,000 events): {:.1} ms ({} writes; target: under 50 ms)",
        time.as_secs_f64() * 1e3,
        writes
    );
}

fn packed_size() {
    let data = sync::sample::realistic(100, 0x5eed);
    let step = sync::step(
        Replica::default(),
        &data,
        &Replica::default(),
        "k3j9x2pq",
        1_790_000_000_000,
        false,
    );
    let items = sync::packed(&step.replica, usize::MAX, sync::ITEM_TEXT);
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
