//! Backup and restore: `export` gives the whole history in the file format; `import`
//! validates the whole file first, then merges it (adds by id, skips identical entries,
//! refuses on conflicts) or replaces everything. Nothing is written unless all is valid.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use serde_json::{json, Value};
use too_soon::protocol::{self, Outcome};
use too_soon::storage::{Dump, Stored, Writes};
use too_soon::{fixtures, format};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-05T15:00:00Z")
        .unwrap()
        .to_utc()
}

fn apply(dump: &mut Dump, writes: &Writes) {
    for (k, v) in &writes.set {
        dump.insert(k.clone(), v.clone());
    }
    for k in &writes.remove {
        dump.remove(k);
    }
}

fn respond(dump: &Dump, message: Value) -> (Value, Option<Writes>) {
    let Outcome { answer, writes } =
        protocol::respond(&Stored::load(dump), message, now(), &New_York);
    (serde_json::to_value(answer).unwrap(), writes)
}

/// Sends like the background: plans, applies the writes, answers.
fn send(dump: &mut Dump, message: Value) -> Value {
    let (answer, writes) = respond(dump, message);
    if let Some(w) = writes {
        apply(dump, &w);
    }
    answer
}

fn import(dump: &mut Dump, file: &str, mode: &str) -> Value {
    send(
        dump,
        json!({"v": 1, "type": "import", "file": file, "mode": mode}),
    )
}

fn export(dump: &Dump) -> String {
    let (a, writes) = respond(dump, json!({"v": 1, "type": "export"}));
    assert!(writes.is_none());
    assert_eq!(
        (a["ok"].clone(), a["type"].clone()),
        (json!(true), json!("backup")),
        "{a}"
    );
    a["file"].as_str().unwrap().to_string()
}

fn counts(a: &Value) -> [u64; 4] {
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(a["type"], "imported", "{a}");
    ["added", "skipped", "replaced", "removed"].map(|k| a[k].as_u64().unwrap())
}

/// The file of a small history: Acme with Dana and an interview.
fn acme() -> Value {
    json!({
        "format": "too-soon", "version": 1, "settings": {"profile": "gentle"},
        "opportunities": [{"id": "acme", "company": "Acme", "role": "Backend Engineer", "stage": "interviewing"}],
        "contacts": [{"id": "dana", "opportunity": "acme", "name": "Dana Hill", "role": "hiring_manager",
                      "addresses": ["dana@acme.example"]}],
        "events": [{"id": "e1", "opportunity": "acme", "kind": "interview",
                    "at": "2026-11-03T10:00:00-05:00", "contacts": ["dana"]}]
    })
}

/// A dump holding `file`, restored into empty storage.
fn stored(file: &Value) -> Dump {
    let mut d = Dump::new();
    let a = import(&mut d, &file.to_string(), "replace");
    counts(&a);
    d
}

/// Refused with `code`, and storage untouched (the dump is compared whole).
fn refused(dump: &mut Dump, file: &str, mode: &str, code: &str) -> String {
    let before = dump.clone();
    let (a, writes) = respond(
        dump,
        json!({"v": 1, "type": "import", "file": file, "mode": mode}),
    );
    assert!(writes.is_none(), "{a}");
    assert_eq!(
        (a["ok"].clone(), a["code"].clone()),
        (json!(false), json!(code)),
        "{a}"
    );
    assert_eq!(*dump, before);
    common::words(&a)
}

#[test]
fn export_gives_the_file_format_the_cli_reads() {
    let d = stored(&acme());
    let file = export(&d);
    let data = format::parse(&file).expect("the export is a valid file");
    assert_eq!(data, format::parse(&acme().to_string()).unwrap());
    assert_eq!(file, format::to_json(&data));
    let empty = export(&Dump::new());
    assert_eq!(
        format::parse(&empty).unwrap(),
        too_soon::model::Data::default()
    );
}

#[test]
fn export_then_replace_gives_identical_storage() {
    let data = fixtures::synthetic(20, 400);
    let d = stored(&serde_json::to_value(&data).unwrap());
    let file = export(&d);
    let mut other = stored(&acme());
    let a = import(&mut other, &file, "replace");
    let [added, skipped, replaced, removed] = counts(&a);
    let total = (20 + data.contacts.len() + 400) as u64;
    assert_eq!(added + skipped + replaced, total);
    assert_eq!(
        (skipped, replaced + removed),
        (0, 3),
        "acme's 3 entries replaced or removed"
    );
    assert!(other == d, "byte for byte the same storage");
    assert_eq!(export(&other), file);
}

#[test]
fn merge_adds_new_ids_and_skips_identical_ones() {
    let mut d = stored(&acme());
    let mut file = acme();
    file["settings"]["profile"] = json!("persistent");
    file["opportunities"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "globex", "company": "Globex"}));
    file["contacts"].as_array_mut().unwrap().push(
        json!({"id": "gina", "opportunity": "globex", "name": "Gina", "addresses": ["gina@globex.example"]}),
    );
    file["events"].as_array_mut().unwrap().push(
        json!({"id": "e2", "opportunity": "globex", "kind": "application", "at": "2026-11-02T09:00:00-05:00"}),
    );
    let a = import(&mut d, &file.to_string(), "merge");
    assert_eq!(a["mode"], "merge");
    assert_eq!(counts(&a), [3, 3, 0, 0]);
    assert_eq!(d["contact:gina"]["name"], "Gina");
    assert_eq!(
        d["settings"]["profile"], "gentle",
        "merge keeps the stored settings"
    );
    // The same file again: everything is already there, nothing is written.
    let (a, writes) = respond(
        &d,
        json!({"v": 1, "type": "import", "file": file.to_string(), "mode": "merge"}),
    );
    assert_eq!(counts(&a), [0, 6, 0, 0]);
    assert!(writes.unwrap().is_empty());
    // The mode defaults to merge.
    let a = send(
        &mut d,
        json!({"v": 1, "type": "import", "file": file.to_string()}),
    );
    assert_eq!(a["mode"], "merge");
}

/// Asked before "Replace" is confirmed: what the restore would do, or why it could not,
/// with nothing written.
#[test]
fn a_dry_run_says_what_a_restore_would_do_and_writes_nothing() {
    let d = stored(&acme());
    let mut file = acme();
    file["opportunities"][0]["company"] = json!("Acme Corp");
    file["events"] = json!([]);
    let (a, writes) = respond(
        &d,
        json!({"v": 1, "type": "import", "file": file.to_string(), "mode": "replace", "dry_run": true}),
    );
    assert!(writes.is_none(), "{a}");
    assert_eq!(a["type"], "imported", "{a}");
    assert_eq!(
        (a["replaced"].clone(), a["removed"].clone()),
        (json!(1), json!(1)),
        "{a}"
    );
    let (a, writes) = respond(
        &d,
        json!({"v": 1, "type": "import", "file": "{\"format\": \"too-soon\", \"vers", "mode": "replace", "dry_run": true}),
    );
    assert!(writes.is_none());
    assert_eq!(a["code"], "invalid", "{a}");
    let (a, _) = respond(
        &d,
        json!({"v": 1, "type": "import", "file": "{}", "dry_run": "yes"}),
    );
    assert_eq!(a["code"], "malformed", "{a}");
}

/// Tracked again on a new computer, then the old backup merged: the file's opportunity
/// at the same company with the same person's address is added beside the new one (both
/// are kept: nothing is lost), and the answer names the company so the page can say so.
#[test]
fn a_merge_names_the_opportunities_that_look_tracked_already() {
    let mut again = acme();
    again["opportunities"][0]["id"] = json!("o-new");
    again["contacts"][0]["id"] = json!("c-new");
    again["contacts"][0]["opportunity"] = json!("o-new");
    again["contacts"][0]["addresses"] = json!(["DANA@acme.example"]);
    again["events"] = json!([]);
    let mut d = stored(&again);
    let a = import(&mut d, &acme().to_string(), "merge");
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(a["look_alike"], json!(["Acme"]), "{a}");
    assert!(d.contains_key("opportunity:acme") && d.contains_key("opportunity:o-new"));
    // Another company, or nobody in common: nothing said.
    let mut other = acme();
    other["opportunities"][0]["id"] = json!("hooli");
    other["opportunities"][0]["company"] = json!("Hooli");
    other["contacts"][0]["id"] = json!("dana-h");
    other["contacts"][0]["opportunity"] = json!("hooli");
    other["events"][0]["id"] = json!("e-h");
    other["events"][0]["opportunity"] = json!("hooli");
    other["events"][0]["contacts"] = json!(["dana-h"]);
    let a = import(&mut d, &other.to_string(), "merge");
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(a.get("look_alike"), None, "{a}");
    // The same company, nobody in common: nothing said either.
    let mut stranger = acme();
    stranger["opportunities"][0]["id"] = json!("acme-2");
    stranger["contacts"][0]["id"] = json!("kim");
    stranger["contacts"][0]["opportunity"] = json!("acme-2");
    stranger["contacts"][0]["addresses"] = json!(["kim@acme.example"]);
    stranger["events"] = json!([]);
    let a = import(&mut d, &stranger.to_string(), "merge");
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(a.get("look_alike"), None, "{a}");
}

#[test]
fn merge_reports_every_conflict_and_writes_nothing() {
    let mut d = stored(&acme());
    let mut file = acme();
    file["opportunities"][0]["company"] = json!("Acme Corp");
    file["contacts"][0]["name"] = json!("Dana H.");
    file["opportunities"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "new", "company": "New"}));
    let message = refused(&mut d, &file.to_string(), "merge", "conflict");
    assert!(
        message.starts_with("Nothing was restored: 2 entries of the file conflict"),
        "{message}"
    );
    // Each named as the user knows it (the stored company or name), never by its id.
    assert!(
        message.contains("\nopportunities[0]: Another version of Acme is already stored"),
        "{message}"
    );
    assert!(
        message.contains("\ncontacts[0]: Another version of Dana Hill is already stored"),
        "{message}"
    );
    assert!(
        !message.contains("acme is") && !message.contains("dana is"),
        "{message}"
    );
    assert!(!d.contains_key("opportunity:new"));
    // An event by its moment.
    let mut file = acme();
    file["events"][0]["note"] = json!("edited");
    let message = refused(&mut d, &file.to_string(), "merge", "conflict");
    assert!(
        message.contains("\nevents[0]: Another version of the event of "),
        "{message}"
    );
}

#[test]
fn merge_refuses_an_address_already_held_by_another_contact() {
    let mut d = stored(&acme());
    let mut file = acme();
    file["contacts"] = json!([{"id": "dana2", "opportunity": "acme", "name": "Dana again",
                               "addresses": ["DANA@acme.example"]}]);
    file["events"] = json!([]);
    let message = refused(&mut d, &file.to_string(), "merge", "invalid");
    assert!(
        message.contains(
            "contacts[0].addresses[0]: “DANA@acme.example” already belongs to someone else"
        ),
        "{message}"
    );
}

#[test]
fn replace_swaps_everything() {
    let mut d = stored(&acme());
    let extra = send(
        &mut d,
        json!({"v": 1, "type": "put_opportunity", "opportunity": {"id": "old", "company": "Old"}}),
    );
    assert_eq!(extra["ok"], true);
    let mut file = acme();
    file["settings"]["profile"] = json!("persistent");
    file["opportunities"][0]["company"] = json!("Acme Corp");
    file["opportunities"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "new", "company": "New"}));
    let a = import(&mut d, &file.to_string(), "replace");
    assert_eq!(a["mode"], "replace");
    assert_eq!(counts(&a), [1, 2, 1, 1]);
    assert_eq!(d["opportunity:acme"]["company"], "Acme Corp");
    assert!(!d.contains_key("opportunity:old"));
    assert_eq!(d["settings"]["profile"], "persistent");
    assert_eq!(
        format::parse(&export(&d)).unwrap(),
        format::parse(&file.to_string()).unwrap()
    );
}

#[test]
fn an_invalid_file_of_any_kind_writes_nothing() {
    let mut d = stored(&acme());
    let text = acme().to_string();
    let cases: Vec<(String, &str)> = vec![
        (text[..text.len() / 2].to_string(), "looks truncated"),
        (String::new(), "The file is empty."),
        (
            json!({"format": "too-soon", "version": 1, "opportunities": [{"id": 5, "company": true}],
                   "events": "none"}).to_string(),
            "opportunities[0].id",
        ),
        (json!({"format": "too-soon", "version": 3}).to_string(), "version"),
        (json!({"format": "other", "version": 1}).to_string(), "format"),
        ("x".repeat(5 << 20), "not valid JSON"),
        (
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            "nested too deeply",
        ),
        (json!([1, 2, 3]).to_string(), ""),
        (
            json!({"format": "too-soon", "version": 1,
                   "contacts": [{"id": "x", "opportunity": "nowhere", "name": "<img src=x onerror=alert(1)>"}]})
            .to_string(),
            "contacts[0].opportunity: No opportunity has the id nowhere.",
        ),
    ];
    for mode in ["merge", "replace"] {
        for (file, expected) in &cases {
            let message = refused(&mut d, file, mode, "invalid");
            assert!(message.contains(expected), "{mode}: {message}");
            assert!(message.len() < 40_000, "a readable report");
        }
    }
    let newer = refused(&mut d, &cases[3].0, "replace", "invalid");
    assert!(newer.contains("newer"), "{newer}");
}

#[test]
fn hostile_names_are_data_like_any_other() {
    let mut file = acme();
    file["contacts"][0]["name"] = json!("<img src=x onerror=alert(1)>");
    file["opportunities"][0]["company"] = json!("</script><script>alert(1)</script>");
    let d = stored(&file);
    assert_eq!(d["contact:dana"]["name"], "<img src=x onerror=alert(1)>");
    assert!(export(&d).contains("</script><script>alert(1)</script>"));
}

#[test]
fn imports_are_refused_by_read_only_storage_and_merges_by_unreadable_storage() {
    let mut d = stored(&acme());
    d.insert("schema".into(), json!({"version": 3}));
    let message = refused(&mut d, &acme().to_string(), "replace", "read_only");
    assert!(message.contains("saved by a newer version"), "{message}");
    // Unreadable storage takes no merge; a replace is the way out (tests/lockout.rs).
    let mut broken = stored(&acme());
    broken.insert("event:e9".into(), json!({"id": "e9"}));
    refused(&mut broken, &acme().to_string(), "merge", "data_unreadable");
}

#[test]
fn malformed_import_messages_are_refused() {
    let d = stored(&acme());
    for message in [
        json!({"v": 1, "type": "import"}),
        json!({"v": 1, "type": "import", "file": {"format": "too-soon"}}),
        json!({"v": 1, "type": "import", "file": "{}", "mode": "overwrite"}),
    ] {
        let (a, writes) = respond(&d, message.clone());
        assert!(writes.is_none());
        assert_eq!(a["code"], "malformed", "{message}: {a}");
    }
}

#[test]
fn a_big_import_is_read_again_rather_than_followed() {
    let data = fixtures::synthetic(10, 1000);
    let (_, writes) = respond(
        &Dump::new(),
        json!({"v": 1, "type": "import", "file": format::to_json(&data), "mode": "replace"}),
    );
    let writes = writes.unwrap();
    let mut view = Stored::load(&Dump::new());
    assert!(!view.apply(&writes), "too big to follow in memory");
}

/// A backup written before the version 2 upgrade holds sends without `logged`; storage
/// upgraded them (marked as logged at Send). Merging that backup back is "nothing new",
/// not a conflict on every send that only "Replace" would get past (reported by a German
/// tester).
#[test]
fn a_version_1_backup_merges_into_the_upgraded_history_as_nothing_new() {
    let mut file = acme();
    file["events"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "send-1a2b", "opportunity": "acme",
        "kind": "follow_up", "at": "2026-11-04T10:00:00-05:00", "contacts": ["dana"]}));
    // Storage of schema 1, upgraded when read: its send is marked.
    let mut d = Dump::new();
    d.insert("schema".into(), json!({"version": 1}));
    d.insert("settings".into(), file["settings"].clone());
    for (list, kind) in [
        ("opportunities", "opportunity"),
        ("contacts", "contact"),
        ("events", "event"),
    ] {
        for item in file[list].as_array().unwrap() {
            d.insert(
                format!("{kind}:{}", item["id"].as_str().unwrap()),
                item.clone(),
            );
        }
    }
    let stored = Stored::load(&d);
    apply(&mut d, stored.migration.as_ref().expect("an upgrade"));
    assert_eq!(d["event:send-1a2b"]["logged"], json!({"by": "compose"}));
    let a = import(&mut d, &file.to_string(), "merge");
    assert_eq!(counts(&a), [0, 4, 0, 0], "{a}");
}

/// After "delete everything", nothing the user chose is stored: a merge takes the file's
/// settings (their own addresses, the profile) and says so, where it kept the defaults
/// (reported by the same tester).
#[test]
fn a_merge_into_no_stored_settings_takes_the_files() {
    let mut file = acme();
    file["settings"] =
        json!({"profile": "gentle", "notifications": false, "own_addresses": ["me@home.example"]});
    let mut d = stored(&file);
    send(&mut d, json!({"v": 1, "type": "delete_all"}));
    assert!(!d.contains_key("settings"));
    // A webmail open meanwhile learned the From address (found by a reviewer): still
    // nothing the user chose, and that address is kept beside the file's.
    let a = send(
        &mut d,
        json!({"v": 1, "type": "learn_own_address", "address": "me@work.example"}),
    );
    assert_eq!(a["ok"], true, "{a}");
    let a = import(&mut d, &file.to_string(), "merge");
    assert_eq!(counts(&a), [3, 0, 0, 0], "{a}");
    assert_eq!(a["settings"], true, "{a}");
    assert_eq!(
        d["settings"],
        json!({"profile": "gentle", "notifications": false, "own_addresses": ["me@home.example", "me@work.example"]})
    );
    // Settings the user chose (asking before a too-soon send): a merge keeps them and says
    // so (it said nothing: found by a Firefox tester), and adds the file's own addresses,
    // without which the user's own messages would be logged as their replies.
    send(
        &mut d,
        json!({"v": 1, "type": "put_settings", "settings": {"profile": "balanced", "notifications": true, "ask_before_send": true, "own_addresses": []}}),
    );
    let a = import(&mut d, &file.to_string(), "merge");
    assert_eq!(a.get("settings"), None, "{a}");
    assert_eq!(a["settings_kept"], true, "{a}");
    assert_eq!(a["own_addresses_added"], 1, "{a}");
    assert_eq!(
        d["settings"],
        json!({"profile": "balanced", "ask_before_send": true, "own_addresses": ["me@home.example"]})
    );
    // The same file again: its addresses are there, its other settings still differ.
    let a = import(&mut d, &file.to_string(), "merge");
    assert_eq!(a["settings_kept"], true, "{a}");
    assert_eq!(a.get("own_addresses_added"), None, "{a}");
    // Another form of a stored address is that address (two would make the settings
    // unreadable), and a tracked person's address is never the user's (their messages
    // would no longer be replies): neither is added (found by a reviewer).
    let contact_address = file["contacts"][0]["addresses"][0].clone();
    file["settings"]["own_addresses"] = json!([" Me@Home.EXAMPLE", contact_address]);
    let a = import(&mut d, &file.to_string(), "merge");
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(a.get("own_addresses_added"), None, "{a}");
    assert_eq!(d["settings"]["own_addresses"], json!(["me@home.example"]));
    let (answer, _) = respond(&d, json!({"v": 1, "type": "status"}));
    assert_eq!(answer["ok"], true, "still readable: {answer}");
    // A file whose settings are the stored ones, or one without settings: nothing said.
    file["settings"] = d["settings"].clone();
    let a = import(&mut d, &file.to_string(), "merge");
    assert_eq!(a.get("settings_kept"), None, "{a}");
    file.as_object_mut().expect("a file").remove("settings");
    let a = import(&mut d, &file.to_string(), "merge");
    assert_eq!(a.get("settings_kept"), None, "{a}");
}

/// A page taught Dana's address as the user's own on the new computer; the old backup,
/// which tracks her, is merged: her address is hers again, not the user's (her replies
/// would be ignored), as when she is tracked by hand.
#[test]
fn a_merge_takes_a_tracked_persons_address_out_of_the_users_own() {
    let mut d = Dump::new();
    let learn = json!({"v": 1, "type": "learn_own_address", "address": "dana@acme.example"});
    assert_eq!(send(&mut d, learn)["ok"], true);
    let settings = json!({"v": 1, "type": "put_settings", "settings": {"profile": "gentle"}});
    assert_eq!(send(&mut d, settings)["ok"], true);
    let a = import(&mut d, &acme().to_string(), "merge");
    assert_eq!(a["ok"], true, "{a}");
    let own = d["settings"].get("own_addresses").cloned();
    assert_eq!(own.unwrap_or(json!([])), json!([]), "{a}");
    assert_eq!(
        d["settings"]["profile"], "gentle",
        "the user's settings kept"
    );
}
