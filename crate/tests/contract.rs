//! `extension/shared/contract.js` is what the engine's definitions say today.
#![cfg(not(target_arch = "wasm32"))]

use too_soon::contract::{javascript, PATH};

#[test]
fn the_generated_contract_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(PATH);
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == javascript(),
        "{PATH} is stale: run ./build.sh (or cargo run -p too-soon --example contract > {PATH})"
    );
}
