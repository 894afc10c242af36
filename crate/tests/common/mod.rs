//! What the storage tests share: an in-memory `storage.local` (a dump) that messages are
//! answered against and whose writes are applied exactly as the background applies them.
#![allow(dead_code)] // each test file uses its own part

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use serde_json::{json, Value};
use too_soon::protocol::{self, Outcome};
use too_soon::storage::{Dump, Stored, Writes};

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-05T15:00:00Z")
        .unwrap()
        .to_utc()
}

pub fn dump(value: Value) -> Dump {
    match value {
        Value::Object(map) => map,
        _ => panic!("a dump is an object"),
    }
}

/// What `storage.local.set(set)` then `storage.local.remove(remove)` do.
pub fn apply(dump: &mut Dump, writes: &Writes) {
    for (k, v) in &writes.set {
        dump.insert(k.clone(), v.clone());
    }
    for k in &writes.remove {
        dump.remove(k);
    }
}

pub fn respond(stored: &Stored, message: Value) -> (Value, Option<Writes>) {
    let Outcome { answer, writes } = protocol::respond(stored, message, now(), &New_York);
    (serde_json::to_value(answer).unwrap(), writes)
}

/// The data with every list in id order (storage has no order).
pub fn sorted(stored: &Stored) -> Option<too_soon::model::Data> {
    let mut data = stored.data.clone().ok()?;
    data.opportunities.sort_by(|a, b| a.id.cmp(&b.id));
    data.contacts.sort_by(|a, b| a.id.cmp(&b.id));
    data.events.sort_by(|a, b| a.id.cmp(&b.id));
    Some(data)
}

/// Sends `message` to what `dump` holds and applies its writes, like the background;
/// checks that the engine following the writes in memory sees what reading storage
/// again would.
pub fn send(dump: &mut Dump, message: Value) -> Value {
    let mut stored = Stored::load(dump);
    let (answer, writes) = respond(&stored, message);
    if let Some(writes) = writes {
        apply(dump, &writes);
        assert!(stored.apply(&writes), "{writes:?}");
        let reread = Stored::load(dump);
        assert_eq!(sorted(&stored), sorted(&reread));
        assert_eq!(
            (stored.schema, &stored.migration),
            (reread.schema, &reread.migration)
        );
    }
    answer
}

pub fn summary(dump: &Dump) -> (u64, u64, u64) {
    let (a, _) = respond(&Stored::load(dump), json!({"v": 1, "type": "summary"}));
    assert_eq!(a["ok"], true, "{a}");
    let n = |k: &str| a[k].as_u64().unwrap();
    (n("opportunities"), n("contacts"), n("events"))
}

pub fn opportunity(id: &str) -> Value {
    json!({"v": 1, "type": "put_opportunity", "opportunity": {"id": id, "company": "Acme"}})
}

pub fn contact(id: &str, opportunity: &str, address: &str) -> Value {
    json!({"v": 1, "type": "put_contact", "contact":
        {"id": id, "opportunity": opportunity, "name": "Dana Hill", "addresses": [address]}})
}

pub fn event(id: &str, kind: &str, at: &str, contacts: &[&str]) -> Value {
    json!({"v": 1, "type": "log_event", "event":
        {"id": id, "opportunity": "acme", "kind": kind, "at": at, "contacts": contacts}})
}

/// Acme with Dana, interviewed on Tue 3 Nov 2026 at 10:00 New York time.
pub fn acme() -> Dump {
    let mut d = Dump::new();
    for m in [
        opportunity("acme"),
        contact("dana", "acme", "dana@acme.example"),
        event("e1", "interview", "2026-11-03T10:00:00-05:00", &["dana"]),
    ] {
        let a = send(&mut d, m);
        assert_eq!(a["ok"], true, "{a}");
    }
    d
}

/// An answer's problems in the CLI's English (`too_soon::english`, from the extension's
/// catalogue), `path: words` one a line: the engine itself answers with codes and data.
pub fn words(answer: &Value) -> String {
    let mut a = answer.clone();
    too_soon::english::annotate(&mut a);
    let lines: Vec<String> = a["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| match (p["path"].as_str(), p["message"].as_str()) {
            (Some(""), Some(m)) => m.to_string(),
            (Some(path), Some(m)) => format!("{path}: {m}"),
            _ => panic!("a problem without path or words: {p}"),
        })
        .collect();
    lines.join("\n")
}
