//! The packed sync data of a big job search fits `storage.sync`: 100 open opportunities
//! with three people and twenty events each, made as the extension makes them, compressed
//! as the browser compresses (deflate), fit in 102,400 bytes, 8,192 per item, 512 items.
#![cfg(not(target_arch = "wasm32"))]

use too_soon::format;
use too_soon::sync;

fn compressed(text: &str) -> usize {
    miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6).len()
}

#[test]
fn a_hundred_open_opportunities_fit_storage_sync() {
    let (data, replica) = sync::sample::realistic_replica(100, 0x5eed);
    assert_eq!(data.opportunities.len(), 100);
    assert_eq!(data.contacts.len(), 300);
    assert!(data.events.len() >= 2000, "{} events", data.events.len());
    assert!(data.events.iter().any(|e| e.id.starts_with("send-")));
    assert!(data.events.iter().any(|e| e.id.starts_with("reply-")));
    let items = sync::packed(&replica, usize::MAX, sync::ITEM_TEXT);
    let sizes: Vec<usize> = items
        .iter()
        .map(|i| sync::stored_size(&i.key, compressed(&i.text)))
        .collect();
    let total: usize = sizes.iter().sum();
    let raw: usize = items.iter().map(|i| i.text.len()).sum();
    let file = format::to_json(&data).len();
    println!(
        "100 opportunities, {} events: {} items, {total} bytes in storage.sync \
         (largest item {} bytes; {raw} bytes of JSON before compression; backup file {file} bytes)",
        data.events.len(),
        items.len(),
        sizes.iter().max().unwrap_or(&0)
    );
    assert!(total <= sync::QUOTA_BYTES, "{total} bytes");
    assert!(
        sizes.iter().all(|s| *s <= sync::QUOTA_BYTES_PER_ITEM),
        "{sizes:?}"
    );
    assert!(items.len() <= sync::MAX_ITEMS);
    // And they read back as exactly that history.
    let read = sync::unpack(items.iter().map(|i| (i.key.as_str(), i.text.as_str())));
    assert!(read.problems.is_empty(), "{}", read.problems);
    assert_eq!(read.replica, replica);
}
