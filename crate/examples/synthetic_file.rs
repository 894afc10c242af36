//! Prints a synthetic history in the file format (`too_soon::fixtures::synthetic`):
//! `cargo run --release -p too-soon --example synthetic_file -- OPPORTUNITIES EVENTS`.
//! The backup benchmark (tests/bench/backup.js) restores it in the browser.

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let opportunities = args.next().and_then(Result::ok).unwrap_or(1000);
    let events = args.next().and_then(Result::ok).unwrap_or(50_000);
    let data = too_soon::fixtures::synthetic(opportunities, events);
    println!("{}", too_soon::format::to_json(&data));
}
