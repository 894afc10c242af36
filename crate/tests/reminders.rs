//! Reminders against storage: what is due and not shown yet, the record of what was
//! shown (so nothing is shown twice, also after the background restarts), the off
//! switch, read-only storage, the `reminders` message and the setting in files.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use serde_json::{json, Value};
use too_soon::protocol;
use too_soon::storage::{self, Dump, Stored, Writes};
use too_soon::{format, model::Data};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// Schema 1 storage: two applications (Acme on 2 Nov, Globex on 4 Nov), one closed job.
fn dump(settings: Value) -> Dump {
    let Value::Object(map) = json!({
        "schema": {"version": 1},
        "settings": settings,
        "opportunity:acme": {"id": "acme", "company": "Acme", "stage": "applied"},
        "opportunity:globex": {"id": "globex", "company": "Globex", "stage": "applied"},
        "opportunity:initech": {"id": "initech", "company": "Initech", "stage": "closed"},
        "event:e1": {"id": "e1", "opportunity": "acme", "kind": "application", "at": "2026-11-02T09:00:00-05:00"},
        "event:e2": {"id": "e2", "opportunity": "globex", "kind": "application", "at": "2026-11-04T09:00:00-05:00"},
        "event:e3": {"id": "e3", "opportunity": "initech", "kind": "application", "at": "2026-10-01T09:00:00-04:00"}
    }) else {
        unreachable!()
    };
    map
}

fn apply(dump: &mut Dump, writes: &Writes) {
    for (k, v) in &writes.set {
        dump.insert(k.clone(), v.clone());
    }
    for k in &writes.remove {
        dump.remove(k);
    }
}

fn keys(remind: &storage::Remind) -> Vec<&str> {
    remind.due.iter().map(|r| r.key.as_str()).collect()
}

#[test]
fn each_due_item_is_shown_once_then_recorded() {
    let mut d = dump(json!({"profile": "balanced"}));
    // Before any wait ends: nothing due, the alarm for Acme's on Mon 9 Nov.
    let early = storage::remind(&Stored::load(&d), at("2026-11-05T12:00:00Z"), &New_York);
    assert!(early.due.is_empty());
    assert_eq!(early.writes, None);
    assert_eq!(early.next_at.as_deref(), Some("2026-11-09T09:00:00-05:00"));
    assert_eq!(
        early.next_at_ms,
        Some(at("2026-11-09T14:00:00Z").timestamp_millis())
    );

    // Past Acme's wait: one reminder, and the write that records it.
    let now = at("2026-11-09T15:00:00Z");
    let first = storage::remind(&Stored::load(&d), now, &New_York);
    assert_eq!(keys(&first), ["acme@2026-11-09T05:00:00+00:00"]);
    assert_eq!(first.due[0].what, "follow_up");
    assert_eq!(first.next_at.as_deref(), Some("2026-11-11T09:00:00-05:00"));
    let writes = first.writes.clone().expect("recorded");
    assert_eq!(
        writes.set.get("reminders"),
        Some(&json!({"notified": ["acme@2026-11-09T05:00:00+00:00"]}))
    );

    // Followed in memory, or read again from storage (a restarted background): not again.
    let mut followed = Stored::load(&d);
    assert!(followed.apply(&writes));
    assert!(storage::remind(&followed, now, &New_York).due.is_empty());
    apply(&mut d, &writes);
    let restarted = Stored::load(&d);
    assert_eq!(restarted.data, Stored::load(&d).data);
    let again = storage::remind(&restarted, at("2026-11-10T12:00:00Z"), &New_York);
    assert!(again.due.is_empty(), "{again:?}");
    assert_eq!(again.writes, None);

    // Globex becomes due later; only it is new, and the record keeps both.
    let later = storage::remind(&restarted, at("2026-11-12T12:00:00Z"), &New_York);
    assert_eq!(keys(&later), ["globex@2026-11-11T05:00:00+00:00"]);
    assert_eq!(
        later.writes.unwrap().set["reminders"]["notified"],
        json!([
            "acme@2026-11-09T05:00:00+00:00",
            "globex@2026-11-11T05:00:00+00:00"
        ])
    );
}

#[test]
fn notifications_off_show_nothing_and_set_no_alarm() {
    let d = dump(json!({"profile": "balanced", "notifications": false}));
    let stored = Stored::load(&d);
    let off = storage::remind(&stored, at("2026-11-20T12:00:00Z"), &New_York);
    assert_eq!(off, storage::Remind::default());
    // The engine still knows what is due (the `reminders` message says it, and that
    // notifications are off).
    let data = stored.data.unwrap();
    let answer = protocol::handle(
        &data,
        json!({"v": 1, "type": "reminders"}),
        at("2026-11-20T12:00:00Z"),
        &New_York,
    );
    let answer = serde_json::to_value(answer).unwrap();
    assert_eq!(answer["type"], "reminders");
    assert_eq!(answer["notifications"], false);
    assert_eq!(answer["due"].as_array().unwrap().len(), 2, "{answer}");
    assert_eq!(answer["due"][0]["what"], "follow_up");
    assert_eq!(answer["due"][0]["company"], "Acme");
}

#[test]
fn the_record_is_what_is_due_now() {
    // Keys of items no longer due are forgotten, however many there were; what is due
    // now is recorded, so it is not shown again.
    let mut d = dump(json!({}));
    let old: Vec<String> = (0..500)
        .map(|i| format!("globex@2026-10-{:02}T00:{:02}:00+00:00", i % 28 + 1, i % 60))
        .collect();
    d.insert("reminders".into(), json!({ "notified": old }));
    let r = storage::remind(&Stored::load(&d), at("2026-11-09T15:00:00Z"), &New_York);
    assert_eq!(r.due.len(), 1);
    let record = r.writes.unwrap().set["reminders"].clone();
    assert_eq!(
        record,
        json!({"notified": ["acme@2026-11-09T05:00:00+00:00"]})
    );
    d.insert("reminders".into(), record);
    let again = storage::remind(&Stored::load(&d), at("2026-11-10T12:00:00Z"), &New_York);
    assert!(again.due.is_empty(), "still due, already shown");
    assert_eq!(again.writes, None, "nothing to write");
}

#[test]
fn keys_of_opportunities_no_longer_stored_are_forgotten() {
    let mut d = dump(json!({}));
    d.insert(
        "reminders".into(),
        json!({"notified": ["gone@2026-10-01T00:00:00+00:00", "acme@2026-11-09T05:00:00+00:00", "x@y@2026-10-01T00:00:00+00:00"]}),
    );
    let r = storage::remind(&Stored::load(&d), at("2026-11-09T15:00:00Z"), &New_York);
    assert!(r.due.is_empty(), "Acme's was shown already");
    assert_eq!(
        r.writes.unwrap().set["reminders"],
        json!({"notified": ["acme@2026-11-09T05:00:00+00:00"]})
    );
}

#[test]
fn unreadable_records_or_newer_schemas() {
    // A record that cannot be read counts as nothing shown (it is only bookkeeping).
    let mut d = dump(json!({}));
    d.insert("reminders".into(), json!("junk"));
    let stored = Stored::load(&d);
    assert!(stored.data.is_ok());
    assert_eq!(
        storage::remind(&stored, at("2026-11-09T15:00:00Z"), &New_York)
            .due
            .len(),
        1
    );
    // Storage of a newer schema is never written: nothing is shown (it could not be recorded).
    d.insert("schema".into(), json!({"version": 99}));
    let newer = Stored::load(&d);
    assert_eq!(
        storage::remind(&newer, at("2026-11-20T12:00:00Z"), &New_York),
        storage::Remind::default()
    );
}

#[test]
fn a_pending_migration_is_written_with_the_record() {
    let mut d = dump(json!({}));
    d.remove("schema");
    let r = storage::remind(&Stored::load(&d), at("2026-11-09T15:00:00Z"), &New_York);
    let writes = r.writes.unwrap();
    assert_eq!(
        writes.set["schema"],
        json!({"version": storage::SCHEMA_VERSION})
    );
    assert!(writes.set.contains_key("reminders"));
}

#[test]
fn the_setting_is_optional_in_files_and_kept_when_off() {
    let file = |settings: Value| {
        json!({"format": "too-soon", "version": 1, "settings": settings,
               "opportunities": [], "contacts": [], "events": []})
    };
    let on: Data = format::parse_value(file(json!({"profile": "gentle"}))).unwrap();
    assert!(on.settings.notifications);
    // On is the default and is not written, so files stay as they were.
    assert!(!format::to_json(&on).contains("notifications"));
    let off = format::parse_value(file(json!({"notifications": false}))).unwrap();
    assert!(!off.settings.notifications);
    let again = format::parse_value(serde_json::from_str(&format::to_json(&off)).unwrap()).unwrap();
    assert!(!again.settings.notifications);
    let bad = format::parse_value(file(json!({"notifications": "no"}))).unwrap_err();
    assert!(bad.to_string().contains("settings.notifications"), "{bad}");
}

#[test]
fn put_settings_turns_reminders_off() {
    let d = dump(json!({}));
    let stored = Stored::load(&d);
    let outcome = protocol::respond(
        &stored,
        json!({"v": 1, "type": "put_settings", "settings": {"profile": "balanced", "notifications": false}}),
        at("2026-11-09T15:00:00Z"),
        &New_York,
    );
    let writes = outcome.writes.unwrap();
    assert_eq!(
        writes.set["settings"],
        json!({"profile": "balanced", "notifications": false})
    );
    let mut followed = stored.clone();
    assert!(followed.apply(&writes));
    assert!(
        storage::remind(&followed, at("2026-11-20T12:00:00Z"), &New_York)
            .due
            .is_empty()
    );
}
