//! The extension's storage, schema 1: loading what is stored, planning the writes of each
//! change (ids, retries, validation with paths, read-only newer schemas, bounded writes)
//! and migrating the provisional `history` key. The writes are applied to an in-memory
//! dump exactly as the background applies them to `storage.local`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono_tz::America::New_York;
use common::*;
use serde_json::{json, Value};
use too_soon::protocol;
use too_soon::storage::{Dump, Kind, Stored, SCHEMA_VERSION};
use too_soon::{fixtures, format};

#[test]
fn keys_name_the_kind_and_the_id() {
    assert_eq!(Kind::Event.key("e:1"), "event:e:1");
    assert_eq!(Kind::of_key("event:e:1"), Some((Kind::Event, "e:1")));
    assert_eq!(Kind::of_key("contact:dana"), Some((Kind::Contact, "dana")));
    assert_eq!(Kind::of_key("opportunity:"), Some((Kind::Opportunity, "")));
    assert_eq!(Kind::of_key("schema"), None);
    assert_eq!(Kind::of_key("reminder:r1"), None);
}

#[test]
fn an_empty_storage_gets_its_schema_with_the_first_write() {
    let stored = Stored::load(&Dump::new());
    assert_eq!(stored.schema, None);
    assert_eq!(stored.data.as_ref().unwrap().events.len(), 0);
    let migration = stored.migration.clone().unwrap();
    assert_eq!(migration.set["schema"], json!({"version": SCHEMA_VERSION}));
    let mut d = Dump::new();
    let a = send(&mut d, opportunity("acme"));
    assert_eq!(
        a,
        json!({"v": 1, "ok": true, "type": "saved", "kind": "opportunity", "id": "acme", "duplicate": false})
    );
    assert_eq!(d["schema"], json!({"version": SCHEMA_VERSION}));
    assert_eq!(d["opportunity:acme"]["company"], "Acme");
    assert_eq!(Stored::load(&d).migration, None);
}

#[test]
fn each_entity_is_stored_under_its_own_key() {
    let d = acme();
    let keys: Vec<&str> = d.keys().map(String::as_str).collect();
    let view = keys.iter().find(|k| k.starts_with("view:")).copied();
    let entities: Vec<&str> = keys
        .into_iter()
        .filter(|k| !k.starts_with("view"))
        .collect();
    assert_eq!(
        entities,
        ["contact:dana", "event:e1", "opportunity:acme", "schema"]
    );
    assert!(view.is_some(), "a view is published for dana's address");
    assert_eq!(summary(&d), (1, 1, 1));
    assert_eq!(d["event:e1"]["contacts"], json!(["dana"]));
}

#[test]
fn a_retried_event_is_stored_once() {
    let mut d = acme();
    let before = d.clone();
    let stored = Stored::load(&d);
    let (a, writes) = respond(
        &stored,
        event("e1", "interview", "2026-11-03T10:00:00-05:00", &["dana"]),
    );
    assert_eq!(
        a,
        json!({"v": 1, "ok": true, "type": "saved", "kind": "event", "id": "e1", "duplicate": true})
    );
    assert!(writes.unwrap().is_empty());
    // A retry is recognised by its id alone.
    let a = send(
        &mut d,
        event("e1", "reply", "2026-11-04T10:00:00-05:00", &[]),
    );
    assert_eq!(a["duplicate"], true);
    assert_eq!(d, before);
    assert_eq!(summary(&d), (1, 1, 1));
}

#[test]
fn a_logged_send_records_its_classification() {
    let mut d = acme();
    let a = send(
        &mut d,
        event("e2", "thank_you", "2026-11-03T16:00:00-05:00", &["dana"]),
    );
    assert_eq!(a["classification"], "thank_you", "{a}");
    assert_eq!(d["event:e2"]["classification"], "thank_you");
    let a = send(
        &mut d,
        event("e3", "follow_up", "2026-11-05T09:00:00-05:00", &["dana"]),
    );
    assert_eq!(a["classification"], "initiated", "{a}");
    assert_eq!(d["event:e3"]["classification"], "initiated");
    // A classification the sender gives is kept; other kinds get none.
    let mut m = event("e4", "follow_up", "2026-11-05T09:30:00-05:00", &["dana"]);
    m["event"]["classification"] = json!("answer");
    assert_eq!(send(&mut d, m)["classification"], "answer");
    let a = send(
        &mut d,
        event("e5", "reply", "2026-11-05T09:45:00-05:00", &["dana"]),
    );
    assert_eq!(a.get("classification"), None);
    assert_eq!(d["event:e5"].get("classification"), None);
}

fn refused(d: &mut Dump, message: Value) -> (String, String) {
    let before = d.clone();
    let a = send(d, message);
    assert_eq!(a["ok"], false, "{a}");
    assert_eq!(a["type"], "error");
    assert_eq!(*d, before, "a refused write changes nothing");
    (a["code"].as_str().unwrap().to_string(), common::words(&a))
}

#[test]
fn invalid_writes_are_refused_with_every_problem_and_its_path() {
    let mut d = acme();
    let (code, message) = refused(
        &mut d,
        json!({"v": 1, "type": "log_event", "event": {"id": "e9", "opportunity": "initech", "kind": "lunch"}}),
    );
    assert_eq!(code, "invalid");
    assert!(
        message.contains("event.kind: “lunch” is not one of:"),
        "{message}"
    );
    assert!(message.contains("event.at: This is required."), "{message}");
    let (code, message) = refused(
        &mut d,
        event("e9", "follow_up", "2026-11-04T09:00:00-05:00", &["sam"]),
    );
    assert_eq!(code, "invalid");
    assert_eq!(message, "event.contacts[0]: No person has the id sam.");
    let mut m = event("e9", "application", "2026-11-04T09:00:00-05:00", &[]);
    m["event"]["opportunity"] = json!("initech");
    assert_eq!(
        refused(&mut d, m).1,
        "event.opportunity: No opportunity has the id initech."
    );
    let (_, message) = refused(&mut d, contact("sam", "acme", "DANA@acme.example "));
    assert_eq!(
        message,
        "contact.addresses[0]: “DANA@acme.example ” already belongs to someone else at this opportunity."
    );
    let (_, message) = refused(&mut d, contact("sam", "acme", "not an address"));
    assert_eq!(
        message,
        "contact.addresses[0]: “not an address” is not an email address."
    );
    let (_, message) = refused(
        &mut d,
        json!({"v": 1, "type": "put_opportunity", "opportunity": {"id": "", "compnay": "x"}}),
    );
    assert!(
        message.contains("opportunity.id: This cannot be empty."),
        "{message}"
    );
    assert!(
        message.contains("opportunity.company: This is required."),
        "{message}"
    );
    assert!(
        message.contains("opportunity.compnay: Too Soon? does not know this field"),
        "{message}"
    );
    // Not an object at all: the envelope is malformed.
    let (code, _) = refused(&mut d, json!({"v": 1, "type": "log_event", "event": "e9"}));
    assert_eq!(code, "malformed");
    // A contact named in events cannot move to another opportunity.
    send(&mut d, opportunity("globex"));
    let (_, message) = refused(&mut d, contact("dana", "globex", "dana@acme.example"));
    assert!(message.starts_with("contact.opportunity: dana is part of this opportunity's history"));
}

#[test]
fn replacing_an_entity_keeps_its_key() {
    let mut d = acme();
    let a = send(&mut d, contact("dana", "acme", "dana.hill@acme.example"));
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(
        d["contact:dana"]["addresses"],
        json!(["dana.hill@acme.example"])
    );
    assert_eq!(summary(&d), (1, 1, 1));
    let a = send(
        &mut d,
        json!({"v": 1, "type": "put_settings", "settings": {"profile": "gentle"}}),
    );
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(d["settings"], json!({"profile": "gentle"}));
}

#[test]
fn a_newer_schema_is_read_but_never_written() {
    let mut d = acme();
    d.insert("schema".into(), json!({"version": SCHEMA_VERSION + 1}));
    d.insert(
        "reminder:r1".into(),
        json!({"what": "a key a newer schema added"}),
    );
    let stored = Stored::load(&d);
    assert!(stored.read_only());
    assert_eq!(stored.migration, None);
    assert_eq!(summary(&d), (1, 1, 1));
    for m in [
        opportunity("globex"),
        event("e2", "reply", "2026-11-04T10:00:00-05:00", &[]),
        event("e1", "interview", "2026-11-03T10:00:00-05:00", &["dana"]),
    ] {
        let (code, message) = refused(&mut d, m);
        assert_eq!(code, "read_only");
        assert!(
            message.contains("a newer version of Too Soon?"),
            "{message}"
        );
    }
}

#[test]
fn an_unreadable_storage_is_never_written() {
    let mut d = acme();
    d.insert(
        "event:e1".into(),
        json!({"id": "e1", "opportunity": "acme", "kind": "interview", "at": "yesterday"}),
    );
    d.insert("event:e2".into(), json!({"id": "e3", "opportunity": "acme", "kind": "reply", "at": "2026-11-04T10:00:00-05:00"}));
    let stored = Stored::load(&d);
    let problems: Vec<String> = stored
        .data
        .as_ref()
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        problems[0].starts_with("event:e1.at: “yesterday” is not a date and time."),
        "{problems:?}"
    );
    assert_eq!(
        problems[1],
        "event:e2.id: A stored entry does not match its key."
    );
    let (code, _) = refused(&mut d, opportunity("globex"));
    assert_eq!(code, "data_unreadable");
    let (a, _) = respond(&stored, json!({"v": 1, "type": "summary"}));
    assert_eq!(a["code"], "data_unreadable");
}

fn legacy_file() -> Value {
    json!({
        "format": "too-soon", "version": 1, "settings": {"profile": "persistent"},
        "opportunities": [{"id": "acme", "company": "Acme"}],
        "contacts": [{"id": "dana", "opportunity": "acme", "name": "Dana", "addresses": ["dana@acme.example"]}],
        "events": [
            {"id": "e1", "opportunity": "acme", "kind": "application", "at": "2026-10-20T09:00:00-04:00"},
            {"id": "e2", "opportunity": "acme", "kind": "follow_up", "at": "2026-10-30T09:00:00-04:00",
             "contacts": ["dana"], "classification": "initiated"}
        ]
    })
}

#[test]
fn the_provisional_history_key_is_migrated_without_loss() {
    let mut d = dump(json!({ "history": legacy_file() }));
    let stored = Stored::load(&d);
    let before = stored.data.clone().unwrap();
    let migration = stored.migration.clone().unwrap();
    assert_eq!(migration.remove, ["history"]);
    apply(&mut d, &migration);
    let mut followed = stored.clone();
    assert!(followed.apply(&migration));
    assert_eq!(sorted(&followed), sorted(&Stored::load(&d)));
    assert!(!d.contains_key("history"));
    assert_eq!(d["schema"], json!({"version": SCHEMA_VERSION}));
    assert_eq!(d["settings"], json!({"profile": "persistent"}));
    let after = Stored::load(&d);
    assert_eq!(after.migration, None);
    let mut after = after.data.unwrap();
    after.events.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(after, before);
    // Migrating again (a migration that stopped before removing the key) changes nothing.
    d.insert("history".into(), legacy_file());
    let again = Stored::load(&d).migration.unwrap();
    assert!(again.set.is_empty(), "{again:?}");
    assert_eq!(again.remove, ["history"]);
}

#[test]
fn a_write_before_the_migration_makes_it_first() {
    let mut d = dump(json!({ "history": legacy_file() }));
    let a = send(
        &mut d,
        event("e3", "reply", "2026-11-02T09:00:00-05:00", &["dana"]),
    );
    assert_eq!(a["ok"], true, "{a}");
    assert!(!d.contains_key("history"));
    assert_eq!(summary(&d), (1, 1, 3));
}

#[test]
fn a_provisional_history_that_conflicts_or_is_unreadable_stays_where_it_is() {
    // Beside schema 1, with an event of the same id but other content: nothing moves.
    let mut d = acme();
    d.insert("history".into(), legacy_file());
    let stored = Stored::load(&d);
    assert_eq!(stored.migration, None);
    assert_eq!(summary(&d), (1, 1, 1));
    // Unreadable, alone: it is reported, kept, and nothing is written over it.
    let mut bad = legacy_file();
    bad["events"][0]["at"] = json!("yesterday");
    let mut d = dump(json!({ "history": bad }));
    let stored = Stored::load(&d);
    assert_eq!(stored.migration, None);
    assert!(stored.data.is_err());
    let (code, _) = refused(&mut d, opportunity("globex"));
    assert_eq!(code, "data_unreadable");
    assert!(d.contains_key("history"));
}

/// The addresses of an opportunity's people, sorted.
fn stored_addresses(stored: &Stored, opportunity: &str) -> Vec<String> {
    let data = stored.data.as_ref().unwrap();
    let mut out: Vec<String> = data
        .contacts
        .iter()
        .filter(|c| c.opportunity == opportunity)
        .flat_map(|c| c.addresses.iter().map(|a| a.trim().to_lowercase()))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn logging_one_event_writes_under_10_kb_with_50_000_events_stored() {
    let data = fixtures::synthetic(1000, 50_000);
    let opportunity = data.opportunities[0].id.clone();
    let contact = data
        .contacts
        .iter()
        .find(|c| c.opportunity == opportunity)
        .unwrap()
        .id
        .clone();
    let stored = Stored::from_data(data);
    let message = json!({"v": 1, "type": "log_event", "event": {
        "id": "new-1", "opportunity": opportunity, "kind": "follow_up",
        "at": "2026-11-05T10:00:00-05:00", "contacts": [contact], "channel": "email",
        "note": "asked about the timeline"}});
    let (a, writes) = respond(&stored, message);
    assert_eq!(a["ok"], true, "{a}");
    let writes = writes.unwrap();
    // The event, and the views of the addresses of its opportunity's people.
    let keys: Vec<&String> = writes.set.keys().collect();
    assert_eq!(keys[0], "event:new-1");
    let addresses: Vec<String> = stored_addresses(&stored, &opportunity);
    assert!(!addresses.is_empty());
    let views: Vec<String> = keys[1..].iter().map(|k| k.to_string()).collect();
    let expected: Vec<String> = addresses.iter().map(|a| format!("view:{a}")).collect();
    assert_eq!(views, expected);
    assert!(writes.remove.is_empty());
    let bytes = serde_json::to_string(&writes.set).unwrap().len();
    eprintln!("{bytes} bytes for {} keys", keys.len());
    assert!(bytes < 10_000, "{bytes} bytes");
    assert!(writes.size() < 10_000, "{} bytes", writes.size());
}

#[test]
fn the_committed_v1_sample_still_loads() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/storage/v1.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let d = dump(serde_json::from_str(&text).unwrap());
    let stored = Stored::load(&d);
    assert_eq!(stored.schema, Some(1));
    assert!(!stored.read_only());
    // Schema 2 only adds optional fields: the migration writes the version, nothing else
    // (the sample has no send logged from a webmail page).
    let migration = stored.migration.clone().unwrap();
    assert_eq!(
        migration.set.keys().collect::<Vec<_>>(),
        ["schema"],
        "{migration:?}"
    );
    assert_eq!(migration.set["schema"], json!({"version": 2}));
    let data = stored.data.clone().unwrap();
    assert_eq!(
        (
            data.opportunities.len(),
            data.contacts.len(),
            data.events.len()
        ),
        (2, 3, 5)
    );
    // The same history as a file reads the same.
    let file = format::parse(&format::to_json(&data)).unwrap();
    assert_eq!(file, data);
    let (a, _) = respond(
        &stored,
        json!({"v": 1, "type": "check", "to": ["sam@acme.example"]}),
    );
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(a["verdict"]["recipients"], json!(["sam@acme.example"]));
}

#[test]
fn only_changes_are_writes_and_handle_refuses_them() {
    let data = format::parse_value(legacy_file()).unwrap();
    let a = serde_json::to_value(protocol::handle(
        &data,
        opportunity("globex"),
        now(),
        &New_York,
    ))
    .unwrap();
    assert_eq!(a["code"], "read_only");
    for (m, write) in [
        (opportunity("x"), true),
        (event("x", "reply", "2026-11-04T10:00:00-05:00", &[]), true),
        (
            json!({"v": 1, "type": "put_settings", "settings": {}}),
            true,
        ),
        (json!({"v": 1, "type": "summary"}), false),
    ] {
        assert_eq!(
            protocol::decode(m.clone()).unwrap().is_write(),
            write,
            "{m}"
        );
    }
}

#[test]
fn schema_1_moves_to_2_marking_the_sends_logged_from_a_webmail_page() {
    let mut d = acme();
    d.insert("schema".into(), json!({"version": 1}));
    let send = json!({"id": "send-5b1e", "opportunity": "acme", "kind": "follow_up",
        "at": "2026-11-20T10:00:00-05:00", "contacts": ["dana"], "channel": "email",
        "classification": "initiated"});
    d.insert("event:send-5b1e".into(), send.clone());
    let before = Stored::load(&d);
    let migration = before.migration.clone().expect("a migration to schema 2");
    assert_eq!(migration.set["schema"], json!({"version": 2}));
    let mut marked = send.clone();
    marked["logged"] = json!({"by": "compose"});
    assert_eq!(migration.set["event:send-5b1e"], marked);
    // Events logged by hand stay as they were.
    assert_eq!(migration.set.len(), 2, "{migration:?}");
    assert!(migration.remove.is_empty());
    apply(&mut d, &migration);
    let after = Stored::load(&d);
    assert_eq!(after.schema, Some(2));
    assert_eq!(after.migration, None);
    let mut followed = before.clone();
    assert!(followed.apply(&migration));
    assert_eq!(followed.data, after.data);
    // The next change writes nothing more for the migration.
    let (_, writes) = respond(&after, opportunity("globex"));
    assert!(!writes.unwrap().set.contains_key("schema"));
}

#[test]
fn schema_2_fields_round_trip_through_storage_and_files() {
    let mut d = Dump::new();
    let mut contact = json!({"id": "carol", "opportunity": "acme", "name": "Carol Partner",
        "addresses": ["carol@acme.example"], "aliases": ["Carol P."]});
    for m in [
        opportunity("acme"),
        json!({"v": 1, "type": "put_contact", "contact": contact.clone()}),
        json!({"v": 1, "type": "put_settings", "settings": {"own_addresses": ["me@home.example"]}}),
        json!({"v": 1, "type": "log_send", "send": {"id": "send-1", "to": ["carol@acme.example"],
            "at": now().to_rfc3339(), "provider": "outlook"}}),
    ] {
        let a = send(&mut d, m);
        assert_eq!(a["ok"], true, "{a}");
    }
    contact["role"] = json!("other");
    assert_eq!(d["contact:carol"], contact);
    assert_eq!(d["settings"]["own_addresses"], json!(["me@home.example"]));
    assert_eq!(
        d["event:send-1"]["logged"],
        json!({"by": "compose", "provider": "outlook"})
    );
    let data = Stored::load(&d).data.unwrap();
    let text = format::to_json(&data);
    assert!(text.contains(r#""version": 2"#), "{text}");
    assert_eq!(format::parse(&text).unwrap(), data);
    // Each new field is checked like the others.
    for (m, path) in [
        (
            json!({"v": 1, "type": "put_settings", "settings": {"own_addresses": ["me at home"]}}),
            "own_addresses[0]",
        ),
        (
            json!({"v": 1, "type": "put_contact", "contact": {"id": "x", "opportunity": "acme",
                "name": "X", "aliases": ["  "]}}),
            "aliases[0]",
        ),
        (
            json!({"v": 1, "type": "log_event", "event": {"id": "e9", "opportunity": "acme",
                "kind": "reply", "at": "2026-11-20T10:00:00-05:00", "logged": {"by": "pigeon"}}}),
            "logged.by",
        ),
        (
            json!({"v": 1, "type": "log_send", "send": {"id": "send-2", "to": ["carol@acme.example"],
                "provider": "hotmail"}}),
            "provider",
        ),
    ] {
        let before = d.clone();
        let a = send(&mut d, m);
        assert_eq!(a["ok"], false, "{a}");
        assert!(a["message"].as_str().unwrap().contains(path), "{path}: {a}");
        assert_eq!(d, before);
    }
}
