//! Nothing a page, a crash or a bad file does can lock the user out of their history:
//! moments outside the years the engine keeps are refused before they are stored, and
//! storage that cannot be read can still be exported (what can be read), replaced by a
//! backup, or deleted.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::TimeZone;
use chrono_tz::America::New_York;
use chrono_tz::Europe::Berlin;
use common::*;
use serde_json::{json, Value};
use too_soon::protocol::{self, Outcome};
use too_soon::storage::{Dump, Stored};
use too_soon::{fixtures, format};

/// Answers `message` against `dump` at `now()` in `tz` and applies the writes, as the
/// background does.
fn send_in<Tz: TimeZone>(dump: &mut Dump, message: Value, tz: &Tz) -> Value {
    let stored = Stored::load(dump);
    let Outcome { answer, writes } = protocol::respond(&stored, message, now(), tz);
    if let Some(writes) = writes {
        apply(dump, &writes);
    }
    serde_json::to_value(answer).unwrap()
}

fn readable(dump: &Dump) -> bool {
    Stored::load(dump).data.is_ok()
}

fn refused_naming(a: &Value, field: &str) {
    assert_eq!(a["ok"], false, "{a}");
    let code = a["code"].as_str().unwrap();
    assert!(code == "invalid" || code == "malformed", "{a}");
    assert!(a["message"].as_str().unwrap().contains(field), "{a}");
}

#[test]
fn a_send_at_the_end_of_year_9999_in_berlin_is_refused_and_storage_stays_readable() {
    let mut d = acme();
    let a = send_in(
        &mut d,
        json!({"v": 1, "type": "log_send", "send":
            {"id": "send-1", "to": ["dana@acme.example"], "at": "9999-12-31T23:30:00Z"}}),
        &Berlin,
    );
    assert!(readable(&d), "storage became unreadable: {a}");
    refused_naming(&a, "send.at");
    assert!(!d.contains_key("event:send-1"));
}

#[test]
fn a_reply_in_year_0_west_of_utc_is_refused_and_storage_stays_readable() {
    let mut d = acme();
    let a = send_in(
        &mut d,
        json!({"v": 1, "type": "log_reply", "reply":
            {"id": "reply-1", "from": "dana@acme.example", "at": "0000-01-01T00:00:00Z"}}),
        &New_York,
    );
    assert!(readable(&d), "storage became unreadable: {a}");
    refused_naming(&a, "reply.at");
}

#[test]
fn moments_outside_1970_to_2199_are_refused_everywhere_they_enter() {
    let mut d = acme();
    for at in [
        "1969-12-31T23:59:59Z",
        "2200-01-01T00:00:00Z",
        "2199-12-31T23:30:00-05:00",
        "1970-01-01T00:30:00+01:00",
        "9999-12-31T23:59:59Z",
    ] {
        let a = send(&mut d, event("far", "reply", at, &["dana"]));
        refused_naming(&a, "event.at");
        assert_eq!(a["problems"][0]["code"], "out_of_range", "{a}");
        // The same event in a file.
        let mut file: Value =
            serde_json::from_str(&format::to_json(&fixtures::synthetic(1, 3))).unwrap();
        file["events"][0]["at"] = json!(at);
        let problems = format::parse(&file.to_string()).unwrap_err().to_string();
        assert!(problems.contains("events[0].at"), "{problems}");
    }
    // The edges are kept (an interview: the one kind logged ahead of now).
    for (id, at) in [
        ("lo", "1970-01-01T00:00:00-05:00"),
        ("hi", "2199-12-31T18:59:59-05:00"),
    ] {
        let a = send(&mut d, event(id, "interview", at, &["dana"]));
        assert_eq!(a["ok"], true, "{a}");
    }
    assert!(readable(&d));
    // Dates (decision, check-in) are held to the same years.
    let mut m = opportunity("globex");
    m["opportunity"]["decision_date"] = json!("2300-01-01");
    refused_naming(&send(&mut d, m), "opportunity.decision_date");
}

#[test]
fn a_moment_that_leaves_the_years_in_the_users_zone_is_refused() {
    // 2199-12-31T23:30Z is 2200 in Berlin; 1970-01-01T00:30Z is 1969 in New York.
    let mut d = acme();
    let a = send_in(
        &mut d,
        json!({"v": 1, "type": "log_event", "event":
            {"id": "e9", "opportunity": "acme", "kind": "reply", "at": "2199-12-31T23:30:00Z"}}),
        &Berlin,
    );
    refused_naming(&a, "event.at");
    let a = send_in(
        &mut d,
        json!({"v": 1, "type": "log_event", "event":
            {"id": "e9", "opportunity": "acme", "kind": "reply", "at": "1970-01-01T00:30:00Z"}}),
        &New_York,
    );
    refused_naming(&a, "event.at");
    assert!(readable(&d));
}

#[test]
fn a_reply_from_the_future_or_from_before_the_opportunity_is_refused() {
    let mut d = acme(); // now: 2026-11-05T15:00Z; the interview: 2026-11-03T15:00Z
    let reply = |id: &str, at: &str| json!({"v": 1, "type": "log_reply", "reply": {"id": id, "from": "dana@acme.example", "at": at}});
    refused_naming(
        &send(&mut d, reply("r1", "2026-11-05T15:06:00Z")),
        "reply.at",
    );
    refused_naming(
        &send(&mut d, reply("r2", "2026-11-03T14:59:00Z")),
        "reply.at",
    );
    // A little clock skew is fine, and so is a reply any time after the first event.
    for (id, at) in [
        ("r3", "2026-11-05T15:04:00Z"),
        ("r4", "2026-11-03T15:00:00Z"),
    ] {
        let a = send(&mut d, reply(id, at));
        assert_eq!(a["events"][0]["kind"], "reply", "{a}");
    }
}

#[test]
fn a_send_more_than_a_year_ahead_or_long_past_is_refused() {
    let mut d = acme(); // now: 2026-11-05T15:00Z
    let send_at = |id: &str, at: &str| json!({"v": 1, "type": "log_send", "send": {"id": id, "to": ["dana@acme.example"], "at": at}});
    refused_naming(
        &send(&mut d, send_at("send-1", "2027-11-05T15:01:00Z")),
        "send.at",
    );
    refused_naming(
        &send(&mut d, send_at("send-2", "2026-11-05T13:59:00Z")),
        "send.at",
    );
    // Scheduled within the year, or logged a little late: kept.
    for (id, at) in [
        ("send-3", "2027-11-05T14:59:00Z"),
        ("send-4", "2026-11-05T14:10:00Z"),
    ] {
        let a = send(&mut d, send_at(id, at));
        assert_eq!(a["events"].as_array().map(Vec::len), Some(1), "{a}");
    }
}

/// Storage holding acme (dana, the interview) and one more entry that cannot be read.
fn broken(key: &str, value: Value) -> Dump {
    let mut d = acme();
    d.insert(key.to_string(), value);
    assert!(!readable(&d), "{key} should make storage unreadable");
    d
}

fn breakages() -> Vec<(&'static str, Dump)> {
    let event = |at: Value| json!({"id": "bad", "opportunity": "acme", "kind": "reply", "at": at});
    let mut no_schema = acme();
    no_schema.insert("schema".into(), json!("one"));
    let mut legacy = Dump::new();
    legacy.insert(
        "history".into(),
        json!({"format": "too-soon", "version": 1,
            "opportunities": [{"id": "acme", "company": "Acme"}],
            "contacts": [{"id": "dana", "opportunity": "acme", "name": "Dana", "addresses": ["dana@acme.example"]}],
            "events": [{"id": "e1", "opportunity": "acme", "kind": "interview", "at": "2026-11-03T10:00:00-05:00"},
                       {"id": "bad", "opportunity": "acme", "kind": "reply", "at": "+10000-01-01T00:30:00+01:00"}]}),
    );
    vec![
        (
            "berlin",
            broken("event:bad", event(json!("+10000-01-01T00:30:00+01:00"))),
        ),
        (
            "west",
            broken("event:bad", event(json!("-0001-12-31T19:04:00-04:56"))),
        ),
        ("not a date", broken("event:bad", event(json!(5)))),
        (
            "no such opportunity",
            broken(
                "contact:sam",
                json!({"id": "sam", "opportunity": "gone", "name": "Sam", "addresses": ["sam@x.example"]}),
            ),
        ),
        (
            "key and id differ",
            broken(
                "event:e2",
                json!({"id": "e3", "opportunity": "acme", "kind": "reply", "at": "2026-11-04T10:00:00-05:00"}),
            ),
        ),
        (
            "settings",
            broken("settings", json!({"profile": "reckless"})),
        ),
        ("schema", no_schema),
        ("legacy", legacy),
    ]
}

#[test]
fn unreadable_storage_still_exports_what_can_be_read_and_says_what_was_left_out() {
    for (name, mut d) in breakages() {
        let a = send_in(&mut d, json!({"v": 1, "type": "export"}), &New_York);
        assert_eq!(a["ok"], true, "{name}: {a}");
        assert_eq!(a["type"], "backup", "{name}: {a}");
        let data = format::parse(a["file"].as_str().unwrap())
            .unwrap_or_else(|p| panic!("{name}: the export does not read back: {p}"));
        assert_eq!(data.opportunities.len(), 1, "{name}");
        assert_eq!(data.opportunities[0].id, "acme", "{name}");
        assert!(data.events.iter().all(|e| e.id != "bad"), "{name}");
        let problems = a["problems"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: {a}"));
        assert!(!problems.is_empty(), "{name}: {a}");
        assert!(
            problems.iter().all(|p| p["code"].is_string()),
            "{name}: {a}"
        );
    }
}

#[test]
fn unreadable_storage_still_answers_ping() {
    for (name, mut d) in breakages() {
        let a = send_in(&mut d, json!({"v": 1, "type": "ping"}), &New_York);
        assert_eq!(a["type"], "pong", "{name}: {a}");
        let status = send_in(&mut d, json!({"v": 1, "type": "status"}), &New_York);
        assert_eq!(status["code"], "data_unreadable", "{name}: {status}");
    }
}

#[test]
fn unreadable_storage_can_be_replaced_by_a_backup() {
    let file = format::to_json(&fixtures::synthetic(2, 10));
    for (name, mut d) in breakages() {
        let merge = send_in(
            &mut d,
            json!({"v": 1, "type": "import", "file": file, "mode": "merge"}),
            &New_York,
        );
        assert_eq!(merge["code"], "data_unreadable", "{name}: {merge}");
        let a = send_in(
            &mut d,
            json!({"v": 1, "type": "import", "file": file, "mode": "replace"}),
            &New_York,
        );
        assert_eq!(a["ok"], true, "{name}: {a}");
        let stored = Stored::load(&d);
        let data = stored
            .data
            .as_ref()
            .unwrap_or_else(|p| panic!("{name}: still unreadable: {p}"));
        assert_eq!(data.events.len(), 10, "{name}");
        assert_eq!(data.opportunities.len(), 2, "{name}");
        assert!(data.opportunity("acme").is_none(), "{name}");
        assert!(!d.contains_key("history"), "{name}");
    }
}

#[test]
fn unreadable_storage_can_be_deleted() {
    for (name, mut d) in breakages() {
        let put = send_in(&mut d, opportunity("globex"), &New_York);
        assert_eq!(put["code"], "data_unreadable", "{name}: {put}");
        let a = send_in(&mut d, json!({"v": 1, "type": "delete_all"}), &New_York);
        assert_eq!(a["ok"], true, "{name}: {a}");
        assert_eq!(a["type"], "cleared", "{name}: {a}");
        let stored = Stored::load(&d);
        let data = stored
            .data
            .as_ref()
            .unwrap_or_else(|p| panic!("{name}: still unreadable: {p}"));
        assert_eq!(
            data.events.len() + data.contacts.len() + data.opportunities.len(),
            0
        );
        // And it can be used again.
        assert_eq!(
            send_in(&mut d, opportunity("globex"), &New_York)["ok"],
            true,
            "{name}"
        );
    }
}

#[test]
fn what_cannot_be_read_of_an_entry_is_left_out_not_the_entry() {
    // Stored before the limits: a decision date outside the years kept, an address with
    // a comma. The opportunity, the contact and the interview all stay in the export.
    let mut d = acme();
    d.get_mut("opportunity:acme").unwrap()["decision_date"] = json!("2300-01-01");
    d.get_mut("contact:dana").unwrap()["addresses"] =
        json!(["dana@acme.example", "dana,hill@acme.example"]);
    assert!(!readable(&d));
    let a = send_in(&mut d, json!({"v": 1, "type": "export"}), &New_York);
    let data = format::parse(a["file"].as_str().unwrap()).unwrap();
    assert_eq!(data.opportunities[0].id, "acme");
    assert_eq!(data.opportunities[0].decision_date, None);
    assert_eq!(data.contacts[0].addresses, ["dana@acme.example"]);
    assert_eq!(data.events[0].contacts, ["dana"]);
    let mut left_out: Vec<&str> = a["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    left_out.sort();
    assert_eq!(
        left_out,
        [
            "contact:dana.addresses[1]",
            "opportunity:acme.decision_date"
        ]
    );
}
