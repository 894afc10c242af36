//! What the extension's JavaScript shares with the engine, written as one JavaScript module
//! from the Rust definitions themselves: `extension/shared/contract.js`. `build.sh`
//! writes it (`cargo run -p too-soon --example contract`) and a test
//! (`crate/tests/contract.rs`) fails when the file checked in is not what this writes.
//! Every list comes from an enum's `ALL` (complete by construction, see
//! `model/kinds.rs`), so a new variant reaches the extension by itself.

use serde_json::{json, Value};

use crate::model::{
    Channel, Classification, ClosedReason, ContactRole, EventKind, Level, Profile, Provider, Stage,
};
use crate::policy::Numbers;
use crate::protocol::{ErrorCode, MessageType, VERSION};
use crate::storage::{
    Kind, META_KEY, NAMES_KEY, PROVIDER_PREFIX, REMINDERS_KEY, REPLY_AHEAD_AT_MOST, SCHEMA_KEY,
    SCHEMA_VERSION, SEND_AHEAD_AT_MOST, SETTINGS_KEY, SYNC_PREFIX, TEST_PREFIX, VIEW_PREFIX,
};
use crate::sync::{
    ITEM_PREFIX, ITEM_TEXT, MAX_ITEMS, META_ITEM, QUOTA_BYTES, QUOTA_BYTES_PER_ITEM,
};

/// The file's path from the repository's root.
pub const PATH: &str = "extension/shared/contract.js";

/// `snake_case` → `camelCase` (the names of an object's keys in JavaScript).
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' | '-' => upper = true,
            _ if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            _ => out.push(c),
        }
    }
    out
}

/// A JavaScript object literal, one entry a line, keys in camelCase.
fn object<'a>(entries: impl IntoIterator<Item = (&'a str, Value)>) -> String {
    let lines: Vec<String> = entries
        .into_iter()
        .map(|(key, value)| format!("  {}: {value},\n", camel(key)))
        .collect();
    format!("{{\n{}}}", lines.concat())
}

/// The JSON names of an enum's values as a JavaScript array.
fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> String {
    json!(all.iter().map(|v| name(*v)).collect::<Vec<_>>())
        .to_string()
        .replace("\",\"", "\", \"")
}

/// Each name to itself, keyed in camelCase (`putOpportunity: "put_opportunity"`).
fn named<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> String {
    object(all.iter().map(|v| (name(*v), json!(name(*v)))))
}

/// The code points `text::reorders` matches, as `[[from, to], …]`.
fn reordering() -> String {
    let mut ranges: Vec<[u32; 2]> = Vec::new();
    for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
        if !crate::text::reorders(c) {
            continue;
        }
        match ranges.last_mut() {
            Some(last) if last[1] + 1 == c as u32 => last[1] = c as u32,
            _ => ranges.push([c as u32, c as u32]),
        }
    }
    json!(ranges).to_string()
}

/// The module's text.
pub fn javascript() -> String {
    let constants: &[(&str, &str, String)] = &[
        (
            "VERSION",
            "The message protocol's version (crate/src/protocol.rs).",
            VERSION.to_string(),
        ),
        (
            "MESSAGE",
            "Every message's `type` (protocol.rs, MessageType).",
            named(MessageType::ALL, MessageType::as_str),
        ),
        (
            "ERROR",
            "Every error answer's `code` (protocol.rs, ErrorCode).",
            named(ErrorCode::ALL, ErrorCode::as_str),
        ),
        (
            "SCHEMA_VERSION",
            "The storage schema this build writes; newer ones are read-only (storage/mod.rs).",
            SCHEMA_VERSION.to_string(),
        ),
        (
            "KEY",
            "storage.local keys (storage/mod.rs, storage/views.rs).",
            object([
                ("schema", json!(SCHEMA_KEY)),
                ("settings", json!(SETTINGS_KEY)),
                ("reminders", json!(REMINDERS_KEY)),
                ("view_names", json!(NAMES_KEY)),
                ("view_meta", json!(META_KEY)),
            ]),
        ),
        (
            "PREFIX",
            "storage.local key prefixes: a view's, a provider's, the extension's sync state, the tests' (storage/).",
            object([
                ("view", json!(VIEW_PREFIX)),
                ("provider", json!(PROVIDER_PREFIX)),
                ("sync", json!(SYNC_PREFIX)),
                ("test", json!(TEST_PREFIX)),
            ]),
        ),
        (
            "ENTITIES",
            "The kinds of entity, each stored under its own key `<kind>:<id>` (storage/mod.rs, Kind).",
            names(Kind::ALL, Kind::name),
        ),
        (
            "SYNC",
            "storage.sync: the engine's items (`meta`, `<prefix><id>`), the text an item is cut at, the browser's limits (sync/pack.rs).",
            object([
                ("meta", json!(META_ITEM)),
                ("prefix", json!(ITEM_PREFIX)),
                ("item_text", json!(ITEM_TEXT)),
                ("quota_bytes", json!(QUOTA_BYTES)),
                ("quota_bytes_per_item", json!(QUOTA_BYTES_PER_ITEM)),
                ("max_items", json!(MAX_ITEMS)),
            ]),
        ),
        (
            "MAX_FILE_BYTES",
            "The largest backup file the engine reads (format/mod.rs): the options page refuses a larger one itself, as the browser might not even deliver it.",
            crate::format::MAX_FILE_BYTES.to_string(),
        ),
        (
            "AHEAD_AT_MOST_MS",
            "How far ahead of now a send may be scheduled and a reply dated, in ms (storage/sends.rs): the webmail pages log nothing the engine would refuse.",
            object([
                ("send", json!(SEND_AHEAD_AT_MOST.num_milliseconds())),
                ("reply", json!(REPLY_AHEAD_AT_MOST.num_milliseconds())),
            ]),
        ),
        (
            "REORDERING",
            "The characters that change the order or the lines text is shown in (text.rs `reorders`), as ranges of code points: never part of an address.",
            reordering(),
        ),
        (
            "LEVELS",
            "A verdict's levels, mildest first (model/level.rs).",
            names(Level::ALL, Level::as_str),
        ),
        (
            "CLASSIFICATIONS",
            "What a send was (model/kinds.rs).",
            names(Classification::ALL, Classification::as_str),
        ),
        (
            "PROVIDERS",
            "The webmail providers (model/kinds.rs).",
            names(Provider::ALL, Provider::as_str),
        ),
        (
            "PROFILES",
            "How strict the engine is (model/kinds.rs).",
            names(Profile::ALL, Profile::as_str),
        ),
        (
            "NUMBERS",
            "Each profile's numbers of the rules (policy/numbers.rs).",
            object(Profile::ALL.iter().map(|p| {
                let numbers = serde_json::to_value(Numbers::of(*p)).expect("numbers are JSON");
                (p.as_str(), numbers)
            })),
        ),
        (
            "STAGES",
            "Where an opportunity stands (model/kinds.rs).",
            names(Stage::ALL, Stage::as_str),
        ),
        (
            "ROLES",
            "A contact's roles (model/kinds.rs).",
            names(ContactRole::ALL, ContactRole::as_str),
        ),
        (
            "EVENT_KINDS",
            "What happened (model/kinds.rs).",
            names(EventKind::ALL, EventKind::as_str),
        ),
        (
            "CHANNELS",
            "How a contact is made (model/kinds.rs).",
            names(Channel::ALL, Channel::as_str),
        ),
        (
            "CLOSED_REASONS",
            "Why an opportunity closed (model/kinds.rs).",
            names(ClosedReason::ALL, ClosedReason::as_str),
        ),
    ];
    let mut out = String::from(
        "// Generated from the engine's Rust definitions (crate/src/contract.rs) by build.sh:\n\
         // do not edit. `cargo run -p too-soon --example contract > extension/shared/contract.js`\n\
         // writes it again; crate/tests/contract.rs fails while it is stale.\n",
    );
    for (name, doc, value) in constants {
        out.push_str(&format!("\n/** {doc} */\nexport const {name} = {value};\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_camel_case() {
        assert_eq!(camel("learn_own_address"), "learnOwnAddress");
        assert_eq!(camel("ping"), "ping");
        assert_eq!(camel("view-names"), "viewNames");
    }
}
