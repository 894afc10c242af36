//! The native half of `tests/bench/wasm-vs-native.js`: times the same workload, the same
//! way (rounds of back-to-back calls, the median round), as the WebAssembly half does in a
//! browser, and prints it as JSON: `{"check_us": …, "status_ms": …}`.
//! Run: `cargo run --release -p too-soon --example bench_workload`.

use std::hint::black_box;
use std::time::Instant;

use chrono_tz::America::New_York;
use too_soon::{fixtures, policy};

/// Median over `rounds` of the mean time of `calls` calls, in milliseconds.
fn time(rounds: usize, calls: usize, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..calls {
                f();
            }
            started.elapsed().as_secs_f64() * 1000.0 / calls as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[rounds / 2]
}

fn main() {
    let small = fixtures::synthetic(1, 200);
    let query = fixtures::check_query(&small);
    let check = time(15, 2_000, || {
        black_box(policy::check(black_box(&small), &query, &New_York));
    });
    let large = fixtures::synthetic(1_000, 50_000);
    let at = fixtures::moment(&large);
    let status = time(7, 3, || {
        black_box(policy::status(black_box(&large), at, &New_York));
    });
    println!(
        "{{\"check_us\": {:.3}, \"status_ms\": {:.3}}}",
        check * 1000.0,
        status
    );
}
