//! Too Soon? — the follow-up etiquette engine.
//!
//! Pure Rust (serde, serde_json, chrono): it never reads a clock (every moment is an
//! argument) and works on local calendar dates in any [`chrono::TimeZone`], so the same
//! code runs natively (CLI, tests) and as WebAssembly in the browser.
//!
//! - [`model`]: the data (opportunities, contacts, events, settings).
//! - [`english`]: the English words of the engine's data, from the extension's
//!   catalogue (the CLI's rendering, and the tests'). Nothing the WebAssembly module
//!   exports calls it, so the module carries none of it (`tests/unit/module.test.js`).
//! - `contract` (native only): `extension/shared/contract.js`, what the extension's
//!   JavaScript shares with the engine, written from the definitions here.
//! - [`format`]: the versioned JSON file format: validating parser and writer.
//! - [`ics`]: the next follow-up moments as an iCalendar file.
//! - [`policy`]: the rules of `docs/policy.md`: verdicts, status, moments ahead, classification.
//! - [`protocol`]: the messages between the extension's parts.
//! - [`storage`]: the extension's storage schema: reading it, planning writes, migrations.
//! - [`sync`]: opt-in sync through the browser's `storage.sync`: the replicated history and its merge.

#[cfg(not(target_arch = "wasm32"))]
pub mod contract;
pub mod english;
pub mod format;
pub mod ics;
pub mod model;
pub mod policy;
pub mod protocol;
pub mod storage;
pub mod sync;

mod hash;
mod sort;
pub mod text;

#[doc(hidden)]
pub mod fixtures;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The engine's version (the crate's).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
