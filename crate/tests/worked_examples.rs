//! The seven worked examples of docs/policy.md (Balanced, America/New_York, 2026).
//! Runs natively and in the browser (wasm-bindgen-test): no files are read.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use serde_json::{json, Value};
use too_soon::format;
use too_soon::model::{Classification, Data, Level};
use too_soon::policy::{self, Query, Verdict};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("test date")
        .with_timezone(&Utc)
}

/// Acme, with a hiring manager, an interviewer and a recruiter, and these events.
fn acme(events: Value, decision_date: Option<&str>) -> Data {
    let mut opportunity =
        json!({"id": "acme", "company": "Acme", "role": "Engineer", "stage": "interviewing"});
    if let Some(d) = decision_date {
        opportunity["decision_date"] = json!(d);
    }
    let file = json!({
        "format": "too-soon",
        "version": 1,
        "settings": {"profile": "balanced"},
        "opportunities": [opportunity],
        "contacts": [
            {"id": "hm", "opportunity": "acme", "name": "Dana Hill", "role": "hiring_manager", "addresses": ["dana@acme.example"]},
            {"id": "int", "opportunity": "acme", "name": "Sam Lee", "role": "interviewer", "addresses": ["sam@acme.example"]},
            {"id": "rec", "opportunity": "acme", "name": "Riley Park", "role": "recruiter", "addresses": ["riley@acme.example"]}
        ],
        "events": events
    });
    format::parse_value(file).expect("valid test data")
}

fn ev(id: &str, kind: &str, at: &str, contacts: &[&str]) -> Value {
    json!({"id": id, "opportunity": "acme", "kind": kind, "at": at, "contacts": contacts, "channel": if kind == "thank_you" || kind == "follow_up" { json!("email") } else { Value::Null }})
}

fn email(data: &Data, to: &str, when: &str) -> Verdict {
    policy::check(data, &Query::email([to], at(when)), &New_York).expect("tracked")
}

fn rules(v: &Verdict) -> Vec<&'static str> {
    v.reasons.iter().map(|r| r.rule).collect()
}

fn interview_with_notes() -> Vec<Value> {
    vec![
        ev(
            "i1",
            "interview",
            "2026-11-03T10:00:00-05:00",
            &["hm", "int"],
        ),
        ev("t1", "thank_you", "2026-11-03T15:00:00-05:00", &["hm"]),
        ev("t2", "thank_you", "2026-11-03T15:05:00-05:00", &["int"]),
    ]
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn example_1_apply_wait() {
    let data = acme(
        json!([ev("a", "application", "2026-11-02T09:00:00-05:00", &["hm"])]),
        None,
    );
    let v = email(&data, "dana@acme.example", "2026-11-05T10:00:00-05:00");
    assert_eq!(v.level, Level::TooSoon);
    assert!(v.warn);
    assert_eq!(rules(&v), ["R-APPLY-WAIT"]);
    assert_eq!(v.next_ok_at.as_deref(), Some("2026-11-09T00:00:00-05:00"));
    assert_eq!(v.reasons[0].message, "apply_wait");
    let d = &v.reasons[0].data;
    assert_eq!(
        d.since_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-02")
    );
    assert_eq!(d.until.as_deref(), Some("2026-11-09T00:00:00-05:00"));
    assert_eq!(d.days, Some(7));
    assert_eq!(v.reasons[0].sources, &[1, 3]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn example_2_thank_you_note() {
    let data = acme(
        json!([ev(
            "i1",
            "interview",
            "2026-11-03T10:00:00-05:00",
            &["hm", "int"]
        )]),
        None,
    );
    let query = Query::email(["Sam@Acme.example"], at("2026-11-03T16:00:00-05:00"));
    let v = policy::check(&data, &query, &New_York).expect("tracked");
    assert_eq!(v.level, Level::Encouraged);
    assert!(!v.warn);
    assert_eq!(rules(&v), ["R-THANK-YOU"]);
    assert_eq!(v.classification, Classification::ThankYou);
    assert_eq!(v.heading.id, "thank_you");
    assert_eq!(v.heading.data.reason, None);
    let logged = policy::classify(&data, &query, &New_York);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].classification, Classification::ThankYou);
    assert_eq!(logged[0].thank_you_for, ["int"]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn example_3_interview_wait() {
    let data = acme(json!(interview_with_notes()), None);
    let v = email(&data, "dana@acme.example", "2026-11-06T10:00:00-05:00");
    assert_eq!(v.level, Level::TooSoon);
    assert_eq!(rules(&v), ["R-INTERVIEW-WAIT"]);
    assert_eq!(v.next_ok_at.as_deref(), Some("2026-11-10T00:00:00-05:00"));
    assert_eq!(v.reasons[0].message, "interview_wait");
    let d = &v.reasons[0].data;
    assert_eq!(d.since.as_deref(), Some("2026-11-03T10:00:00-05:00"));
    assert_eq!(d.until.as_deref(), Some("2026-11-10T00:00:00-05:00"));
    assert_eq!(d.days, Some(7));
    assert_eq!(v.heading.id, "too_soon_until");
    let reason = v.heading.data.reason.as_ref().expect("the deciding reason");
    assert_eq!(reason.message, "interview_wait");
    assert_eq!(reason.data, *d);
    assert_eq!(
        v.heading.data.next.as_deref(),
        Some("2026-11-10T09:00:00-05:00"),
        "the badge's wait ends at the suggested moment, as the popup's"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn example_4_decision_date() {
    let data = acme(json!(interview_with_notes()), Some("2026-11-12"));
    let v = email(&data, "dana@acme.example", "2026-11-11T10:00:00-05:00");
    assert_eq!(v.level, Level::TooSoon);
    assert_eq!(rules(&v), ["R-DECISION-DATE"]);
    assert_eq!(v.next_ok_at.as_deref(), Some("2026-11-13T00:00:00-05:00"));
}

fn example_5_events() -> Vec<Value> {
    let mut events = interview_with_notes();
    events.push(ev("f1", "follow_up", "2026-11-16T10:00:00-05:00", &["hm"]));
    events.push(ev("f2", "follow_up", "2026-11-17T10:00:00-05:00", &["rec"]));
    events
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn example_5_week_cap() {
    let data = acme(json!(example_5_events()), None);
    let v = email(&data, "dana@acme.example", "2026-11-18T10:00:00-05:00");
    assert_eq!(v.level, Level::Stop);
    assert!(v.warn);
    let fired = rules(&v);
    for rule in ["R-WEEK-CAP", "R-CADENCE", "R-SHARED"] {
        assert!(fired.contains(&rule), "{rule} missing from {fired:?}");
    }
    assert_eq!(fired[0], "R-WEEK-CAP");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn example_6_reply() {
    let mut events = example_5_events();
    events.push(ev("r1", "reply", "2026-11-18T09:00:00-05:00", &["hm"]));
    let data = acme(json!(events), None);
    let v = email(&data, "dana@acme.example", "2026-11-18T11:00:00-05:00");
    assert_eq!(v.level, Level::Ok);
    assert!(!v.warn);
    assert_eq!(rules(&v), ["R-REPLY"]);
    assert_eq!(v.classification, Classification::Answer);
    assert_eq!(v.next_ok_at, None);
}

fn example_7_data() -> Data {
    acme(
        json!([
            ev(
                "i1",
                "interview",
                "2026-11-02T10:00:00-05:00",
                &["hm", "int"]
            ),
            ev("t1", "thank_you", "2026-11-02T15:00:00-05:00", &["hm"]),
            ev("t2", "thank_you", "2026-11-02T15:05:00-05:00", &["int"]),
            ev("f1", "follow_up", "2026-11-16T10:00:00-05:00", &["hm"]),
            ev("f2", "follow_up", "2026-12-01T10:00:00-05:00", &["hm"]),
        ]),
        None,
    )
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn example_7_move_on() {
    let data = example_7_data();
    let v = email(&data, "dana@acme.example", "2026-12-16T10:00:00-05:00");
    assert_eq!(v.level, Level::MoveOn);
    assert!(!v.warn);
    assert_eq!(rules(&v), ["R-MOVE-ON"]);
    assert_eq!(v.next_ok_at, None);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn example_7_move_on_wait() {
    let data = example_7_data();
    let v = email(&data, "dana@acme.example", "2026-12-14T10:00:00-05:00");
    assert_eq!(v.level, Level::TooSoon);
    assert_eq!(rules(&v), ["R-MOVE-ON"]);
    assert_eq!(v.next_ok_at.as_deref(), Some("2026-12-15T00:00:00-05:00"));
}
