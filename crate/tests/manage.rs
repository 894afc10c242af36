//! Managing what is tracked, as the popup and options page do: deleting with undo,
//! deleting everything, the calendar export, and the status list in order of attention.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
use serde_json::{json, Value};
use too_soon::storage::{Dump, Stored};

fn entities(d: &Dump) -> Vec<(String, Value)> {
    d.iter()
        .filter(|(k, _)| {
            k.starts_with("opportunity:") || k.starts_with("contact:") || k.starts_with("event:")
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn delete(kind: &str, id: &str) -> Value {
    json!({"v": 1, "type": "delete", "kind": kind, "id": id})
}

#[test]
fn deleting_then_putting_back_restores_exactly_what_was_there() {
    for (kind, id) in [
        ("opportunity", "acme"),
        ("contact", "dana"),
        ("event", "e1"),
    ] {
        let mut d = acme();
        let before = entities(&d);
        let views = d[&"view:dana@acme.example".to_string()].clone();
        let a = send(&mut d, delete(kind, id));
        assert_eq!(a["type"], "deleted", "{a}");
        assert_ne!(entities(&d), before, "{kind}");
        if kind == "contact" {
            assert_eq!(
                d["event:e1"].get("contacts"),
                None,
                "the event no longer names dana"
            );
        }
        let a = send(
            &mut d,
            json!({"v": 1, "type": "put_back", "removed": a["removed"]}),
        );
        assert_eq!(a["type"], "put_back", "{a}");
        assert_eq!(entities(&d), before, "{kind}");
        assert_eq!(d["view:dana@acme.example"], views, "{kind}");
    }
}

#[test]
fn deleting_what_does_not_exist_or_putting_back_what_does_not_hold_together_is_refused() {
    let d = acme();
    let stored = Stored::load(&d);
    let (a, _) = respond(&stored, delete("event", "nope"));
    assert_eq!(a["code"], "invalid", "{a}");
    let (a, _) = respond(&stored, delete("person", "dana"));
    assert_eq!(a["code"], "malformed", "{a}");
    let orphan = json!({"v": 1, "type": "put_back", "removed": {"contacts": [
        {"id": "zed", "opportunity": "gone", "name": "Zed", "addresses": ["zed@x.example"]}]}});
    let (a, writes) = respond(&stored, orphan);
    assert_eq!(a["code"], "invalid", "{a}");
    assert!(
        common::words(&a).contains("No opportunity has the id gone."),
        "{a}"
    );
    assert!(writes.is_none());
}

#[test]
fn deleting_everything_leaves_only_the_schema() {
    let mut d = acme();
    d.insert("test:clock_offset_ms".into(), json!(0));
    send(
        &mut d,
        json!({"v": 1, "type": "report_provider", "provider": "yahoo", "recognized": false}),
    );
    send(
        &mut d,
        json!({"v": 1, "type": "put_settings", "settings": {"profile": "gentle"}}),
    );
    let a = send(&mut d, json!({"v": 1, "type": "delete_all"}));
    assert_eq!(
        a,
        json!({"v": 1, "ok": true, "type": "cleared", "opportunities": 1, "contacts": 1, "events": 1})
    );
    let keys: Vec<&String> = d.keys().collect();
    assert_eq!(keys, ["schema", "test:clock_offset_ms"]);
}

/// Three opportunities: one waiting, one whose follow-up is fine now, one closed.
fn three() -> Dump {
    let mut d = acme();
    for m in [
        json!({"v": 1, "type": "put_opportunity", "opportunity": {"id": "zeta", "company": "Zeta, Inc.; \"Ünïcødé\"\nLabs \\ 東京"}}),
        json!({"v": 1, "type": "put_contact", "contact": {"id": "zoe", "opportunity": "zeta", "name": "Zoë\nNewline", "addresses": ["zoe@zeta.example"]}}),
        json!({"v": 1, "type": "log_event", "event": {"id": "z1", "opportunity": "zeta", "kind": "application", "at": "2026-10-01T09:00:00-04:00"}}),
        json!({"v": 1, "type": "put_opportunity", "opportunity": {"id": "old", "company": "Old Co"}}),
        json!({"v": 1, "type": "log_event", "event": {"id": "o1", "opportunity": "old", "kind": "closed", "at": "2026-10-02T09:00:00-04:00", "reason": "filled"}}),
    ] {
        let a = send(&mut d, m);
        assert_eq!(a["ok"], true, "{a}");
    }
    d
}

#[test]
fn status_comes_in_order_of_attention_with_the_count_due_today() {
    let d = three();
    let (a, _) = respond(&Stored::load(&d), json!({"v": 1, "type": "status"}));
    let order: Vec<&str> = a["opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["opportunity"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["zeta", "acme", "old"], "{a}");
    assert_eq!(a["due_today"], 1, "zeta can be followed up today");
}

#[test]
fn the_calendar_parses_back_with_each_start_at_the_engines_next_moment() {
    let d = three();
    let stored = Stored::load(&d);
    let (status, _) = respond(&stored, json!({"v": 1, "type": "status"}));
    let (a, _) = respond(&stored, json!({"v": 1, "type": "calendar"}));
    let text = a["file"].as_str().unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "lines are folded");
    let calendar: Calendar = text.parse().expect("a valid calendar");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 2, "one per open opportunity");
    let waits = status["opportunities"].as_array().unwrap();
    assert!(
        waits.iter().any(|o| o["next_ok_at"].is_string()),
        "{status}"
    );
    for o in status["opportunities"].as_array().unwrap() {
        let id = o["opportunity"].as_str().unwrap();
        let event = events
            .iter()
            .find(|e| e.get_uid() == Some(&format!("{id}@too-soon.invalid")));
        if o["closed"] == true {
            assert!(event.is_none());
            continue;
        }
        let event = event.unwrap_or_else(|| panic!("no event for {id}"));
        // The suggested moment (never midnight: 09:00 local on a business day, or later).
        let expected = o["suggested_at"].as_str().or(o["from"].as_str()).unwrap();
        let local = chrono::DateTime::parse_from_rfc3339(expected).unwrap();
        if let Some(next) = o["next_ok_at"].as_str() {
            assert_eq!(o["suggested_at"].as_str(), Some(expected));
            assert!(local >= chrono::DateTime::parse_from_rfc3339(next).unwrap());
            assert_ne!(chrono::Timelike::hour(&local), 0, "{id}: not at midnight");
        }
        let expected = local.to_utc();
        match event.get_start() {
            Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => {
                assert_eq!(t, expected, "{id}")
            }
            other => panic!("{id}: {other:?}"),
        }
        let summary = event.get_summary().unwrap();
        assert!(
            summary.contains(o["company"].as_str().unwrap()),
            "{summary}"
        );
    }
}

/// The options page sends the setting it changes; a page opened before the webmail learned
/// the user's address (or before sync merged another computer's settings) must not
/// write over what it never saw.
#[test]
fn put_settings_changes_only_the_fields_sent() {
    let mut d = acme();
    let a = send(
        &mut d,
        json!({"v": 1, "type": "learn_own_address", "address": "Me@Home.example"}),
    );
    assert_eq!(a["ok"], true, "{a}");
    send(
        &mut d,
        json!({"v": 1, "type": "put_settings", "settings": {"notifications": false}}),
    );
    let a = send(
        &mut d,
        json!({"v": 1, "type": "put_settings", "settings": {"profile": "gentle"}}),
    );
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(
        d["settings"],
        json!({"profile": "gentle", "notifications": false, "own_addresses": ["me@home.example"]})
    );
    // A field given replaces the stored one whole (the list as the page shows it, less one).
    send(
        &mut d,
        json!({"v": 1, "type": "put_settings", "settings": {"own_addresses": []}}),
    );
    assert_eq!(
        d["settings"],
        json!({"profile": "gentle", "notifications": false})
    );
    // Each webmail's switch on its own: Gmail then Outlook switched off quickly, from one
    // page's copy that saw neither (found by a reviewer).
    for provider in ["gmail", "outlook"] {
        let a = send(
            &mut d,
            json!({"v": 1, "type": "put_settings", "settings": {"providers": {provider: false}}}),
        );
        assert_eq!(a["ok"], true, "{a}");
    }
    assert_eq!(
        d["settings"]["providers"],
        json!({"gmail": false, "outlook": false})
    );
    // A bad value is still refused, with its field's path.
    let a = send(
        &mut d,
        json!({"v": 1, "type": "put_settings", "settings": {"profile": "reckless"}}),
    );
    assert_eq!(a["ok"], false, "{a}");
    assert_eq!(a["problems"][0]["path"], "settings.profile", "{a}");
}

/// A person typed with an empty name and an address cut short: both problems at once (the
/// address was reported only once the name was given; found by a Spanish tester).
#[test]
fn a_contact_with_several_problems_gets_them_all_at_once() {
    let mut d = acme();
    let answer = send(
        &mut d,
        json!({"v": 1, "type": "put_contact", "contact": {"id": "pablo", "opportunity": "acme", "name": "", "addresses": ["pablo@glovo.example", "pablo@"]}}),
    );
    assert_eq!(answer["ok"], false, "{answer}");
    let paths: Vec<&str> = (answer["problems"].as_array().expect("problems").iter())
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert_eq!(paths, ["contact.name", "contact.addresses[1]"], "{answer}");
}
