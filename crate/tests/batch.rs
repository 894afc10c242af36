//! A `batch` is one change: every part planned over the ones before it, all written in one
//! set, or nothing when one part is refused ("track someone" in the popup).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use serde_json::{json, Value};
use too_soon::storage::{Dump, Stored};

fn track(address: &str) -> Value {
    json!({"v": 1, "type": "batch", "changes": [
        {"v": 1, "type": "put_opportunity", "opportunity": {"id": "hooli", "company": "Hooli"}},
        {"v": 1, "type": "put_contact", "contact": {"id": "lee", "opportunity": "hooli",
            "name": "Lee", "addresses": [address]}},
        {"v": 1, "type": "log_event", "event": {"id": "e-hooli", "opportunity": "hooli",
            "kind": "application", "at": "2026-11-02T09:00:00-05:00"}}
    ]})
}

#[test]
fn a_refused_part_stores_nothing() {
    let mut dump = Dump::new();
    send(&mut dump, json!({"v": 1, "type": "summary"}));
    let before = dump.clone();
    let a = send(&mut dump, track("lee at hooli"));
    assert_eq!(a["code"], "invalid", "{a}");
    assert!(
        a["message"]
            .as_str()
            .unwrap()
            .contains("contact.addresses[0]"),
        "{a}"
    );
    assert_eq!(dump, before, "nothing written");
}

#[test]
fn the_parts_are_planned_in_order_and_written_together() {
    let mut dump = Dump::new();
    // The contact refers to the opportunity the same batch adds, the event to both.
    let a = send(&mut dump, track("lee@hooli.example"));
    assert_eq!(a["type"], "batch", "{a}");
    let kinds: Vec<&str> = a["done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["opportunity", "contact", "event"]);
    for key in [
        "opportunity:hooli",
        "contact:lee",
        "event:e-hooli",
        "view:lee@hooli.example",
    ] {
        assert!(dump.contains_key(key), "{key} missing");
    }
    assert!(Stored::load(&dump).data.is_ok());
}

#[test]
fn only_entity_changes_go_in_a_batch() {
    let mut dump = Dump::new();
    for change in [
        json!({"v": 1, "type": "delete_all"}),
        json!({"v": 1, "type": "import", "file": "{}", "mode": "replace"}),
        json!({"v": 1, "type": "batch", "changes": [{"v": 1, "type": "delete_all"}]}),
        json!({"v": 1, "type": "status"}),
    ] {
        let a = send(
            &mut dump,
            json!({"v": 1, "type": "batch", "changes": [change]}),
        );
        assert_eq!(a["code"], "malformed", "{a}");
    }
    let empty = send(&mut dump, json!({"v": 1, "type": "batch", "changes": []}));
    assert_eq!(empty["code"], "malformed", "{empty}");
}

#[test]
fn every_parts_problems_come_at_once() {
    let mut dump = Dump::new();
    send(&mut dump, json!({"v": 1, "type": "summary"}));
    let before = dump.clone();
    // No company, and an address that is not one: both said, each with its path.
    let a = send(
        &mut dump,
        json!({"v": 1, "type": "batch", "changes": [
            {"v": 1, "type": "put_opportunity", "opportunity": {"id": "hooli", "company": ""}},
            {"v": 1, "type": "put_contact", "contact": {"id": "lee", "opportunity": "hooli",
                "name": "Lee", "addresses": ["lee at hooli"]}}
        ]}),
    );
    assert_eq!(a["code"], "invalid", "{a}");
    let paths: Vec<&str> = a["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["opportunity.company", "contact.addresses[0]"],
        "{a}"
    );
    assert_eq!(dump, before, "nothing written");
}

/// Reopening a closed opportunity (the popup's Undo of a close) is one change: its stage
/// put back and its closed event deleted, or nothing (it was a put, then a delete per
/// closed event, each on its own; found by a reviewer).
#[test]
fn a_delete_goes_in_a_batch_and_a_refused_one_stores_nothing() {
    let mut dump = Dump::new();
    assert_eq!(send(&mut dump, track("lee@hooli.example"))["ok"], true);
    let close = json!({"v": 1, "type": "batch", "changes": [
        {"v": 1, "type": "log_event", "event": {"id": "c1", "opportunity": "hooli", "kind": "closed",
            "at": "2026-11-03T09:00:00-05:00", "reason": "withdrawn"}},
        {"v": 1, "type": "put_opportunity", "opportunity": {"id": "hooli", "company": "Hooli", "stage": "closed"}}
    ]});
    assert_eq!(send(&mut dump, close)["ok"], true);
    let reopen = |id: &str| {
        json!({"v": 1, "type": "batch", "changes": [
            {"v": 1, "type": "put_opportunity", "opportunity": {"id": "hooli", "company": "Hooli", "stage": "applied"}},
            {"v": 1, "type": "delete", "kind": "event", "id": id}
        ]})
    };
    let before = dump.clone();
    let a = send(&mut dump, reopen("no-such-event"));
    assert_eq!(a["ok"], false, "{a}");
    assert_eq!(dump, before, "nothing written");
    let a = send(&mut dump, reopen("c1"));
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(a["done"][1]["type"], "deleted", "{a}");
    assert!(!dump.contains_key("event:c1"));
    assert_eq!(dump["opportunity:hooli"]["stage"], "applied");
}
