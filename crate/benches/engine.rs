//! `check` on a 200-event history (and with 1,000 recipients, the most a message may
//! name) and `status` over 1,000 opportunities with 50,000 events (the same workload as
//! the WebAssembly benchmark: `too_soon::fixtures`).

use std::hint::black_box;

use chrono_tz::America::New_York;
use criterion::{criterion_group, criterion_main, Criterion};
use too_soon::{fixtures, policy};

fn check_200_events(c: &mut Criterion) {
    let data = fixtures::synthetic(1, 200);
    let query = fixtures::check_query(&data);
    assert!(policy::check(&data, &query, &New_York).is_some());
    c.bench_function("check (200 events)", |b| {
        b.iter(|| policy::check(black_box(&data), black_box(&query), &New_York))
    });
}

fn check_1000_recipients(c: &mut Criterion) {
    let data = fixtures::synthetic(100, 2_000);
    let mut query = fixtures::check_query(&data);
    query
        .to
        .extend((1..1_000).map(|i| format!("r{i}@else.example")));
    assert_eq!(query.to.len(), too_soon::protocol::MAX_RECIPIENTS);
    assert!(policy::check(&data, &query, &New_York).is_some());
    c.bench_function("check (1,000 recipients)", |b| {
        b.iter(|| policy::check(black_box(&data), black_box(&query), &New_York))
    });
}

fn status_1000_opportunities(c: &mut Criterion) {
    let data = fixtures::synthetic(1_000, 50_000);
    let at = fixtures::moment(&data);
    assert_eq!(policy::status(&data, at, &New_York).len(), 1_000);
    let mut group = c.benchmark_group("status");
    group.sample_size(20);
    group.bench_function("status (1,000 opportunities, 50,000 events)", |b| {
        b.iter(|| policy::status(black_box(&data), at, &New_York))
    });
    group.finish();
}

criterion_group!(
    benches,
    check_200_events,
    check_1000_recipients,
    status_1000_opportunities
);
criterion_main!(benches);
