//! Property-based fuzzing of everything that comes in from outside: protocol messages
//! (`protocol::respond`) and backup files (`format::parse`), arbitrary and mutated from
//! valid ones of every type. Whatever comes in, the engine never panics, and every change
//! it accepts leaves storage readable (`Stored::load`), so the user is never locked out.
//! `PROPTEST_CASES=20000 cargo test --test fuzz` hunts longer.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use common::{acme, apply, now};
use proptest::prelude::*;
use serde_json::{json, Value};
use too_soon::protocol::{self, Outcome};
use too_soon::storage::{Dump, Stored};
use too_soon::{fixtures, format};

/// A tiny deterministic generator driven by proptest's seeds.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ZONES: [Tz; 5] = [
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Pacific::Kiritimati,
    chrono_tz::Pacific::Pago_Pago,
    chrono_tz::UTC,
];

/// Moments near the ends of what RFC 3339 can write (where a conversion to a time zone
/// runs over: year 10000, year -1), near the ends of the years kept, and ordinary ones.
const DATES: [&str; 20] = [
    "0000-01-01T00:00:00Z",
    "0000-01-01T03:00:00Z",
    "0000-01-01T00:30:00+01:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:30:00Z",
    "9999-12-31T22:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T20:00:00-02:00",
    "+10000-01-01T00:30:00+01:00",
    "-0001-12-31T19:04:00-04:56",
    "1969-12-31T23:59:59Z",
    "1970-01-01T00:30:00Z",
    "2199-12-31T23:30:00Z",
    "2200-01-01T00:00:00Z",
    "2026-11-05T15:00:00Z",
    "2026-11-05T15:04:00Z",
    "2026-11-03T09:00:00-05:00",
    "2027-11-05T15:00:00Z",
    "2026-02-30",
    "9999-12-31",
];

const STRINGS: [&str; 16] = [
    "acme",
    "dana",
    "e1",
    "gone",
    "",
    " ",
    "send-1",
    "send-1-2",
    "dana@acme.example",
    "DANA@ACME.EXAMPLE",
    "b\u{fc}cher@b\u{fc}cher.example",
    "dana\u{202e}@acme.example",
    "a,b@acme.example",
    "x@y\u{0}",
    "\u{10ffff}\u{fffd}é",
    "interview",
];

/// The messages of every type, each valid against [`acme`] at [`now`].
fn valid_messages() -> Vec<Value> {
    let file = format::to_json(&fixtures::synthetic(2, 8));
    vec![
        json!({"v": 1, "type": "ping"}),
        json!({"v": 1, "type": "status"}),
        json!({"v": 1, "type": "summary"}),
        json!({"v": 1, "type": "reminders"}),
        json!({"v": 1, "type": "export"}),
        json!({"v": 1, "type": "calendar"}),
        json!({"v": 1, "type": "check", "to": ["dana@acme.example"], "channel": "email", "words": 120}),
        json!({"v": 1, "type": "log_send", "send": {"id": "send-1", "to": ["dana@acme.example"], "at": "2026-11-05T15:00:00Z"}}),
        json!({"v": 1, "type": "forget_send", "id": "send-1"}),
        json!({"v": 1, "type": "log_reply", "reply": {"id": "reply-1", "from": "dana@acme.example", "at": "2026-11-04T09:00:00-05:00"}}),
        json!({"v": 1, "type": "report_provider", "provider": "gmail", "recognized": false}),
        json!({"v": 1, "type": "delete", "kind": "event", "id": "e1"}),
        json!({"v": 1, "type": "put_back", "removed": {"opportunities": [], "contacts": [],
            "events": [{"id": "e1", "opportunity": "acme", "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": ["dana"]}]}}),
        json!({"v": 1, "type": "import", "file": file, "mode": "merge"}),
        json!({"v": 1, "type": "import", "file": file, "mode": "replace"}),
        json!({"v": 1, "type": "put_opportunity", "opportunity":
            {"id": "globex", "company": "Globex", "stage": "interviewing", "decision_date": "2026-12-01"}}),
        json!({"v": 1, "type": "put_contact", "contact":
            {"id": "sam", "opportunity": "acme", "name": "Sam", "role": "recruiter", "addresses": ["sam@acme.example"]}}),
        json!({"v": 1, "type": "log_event", "event":
            {"id": "e2", "opportunity": "acme", "kind": "follow_up", "at": "2026-11-05T09:00:00-05:00", "contacts": ["dana"], "channel": "email"}}),
        json!({"v": 1, "type": "put_settings", "settings": {"profile": "gentle", "notifications": false}}),
        json!({"v": 1, "type": "delete_all"}),
    ]
}

/// Every place in `value` (as a path of keys and indexes).
fn places(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match value {
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                here.push(Step::Index(i));
                places(v, here, out);
                here.pop();
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                here.push(Step::Key(k.clone()));
                places(v, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

fn nested(depth: usize, object: bool) -> Value {
    let mut v = json!(1);
    for _ in 0..depth {
        // (Not `json!`, which would copy `v` at every level.)
        v = if object {
            Value::Object([("a".to_string(), v)].into_iter().collect())
        } else {
            Value::Array(vec![v])
        };
    }
    v
}

/// A replacement for a value: extreme dates, numbers, other types, deep nesting, huge
/// strings, awkward text, known and unknown ids.
fn replacement(r: &mut Rng, old: &Value) -> Value {
    let date_like = old
        .as_str()
        .is_some_and(|s| s.len() >= 10 && s.as_bytes()[4] == b'-');
    let choice = if date_like && r.below(3) > 0 {
        0
    } else {
        r.below(9)
    };
    match choice {
        0 => json!(r.pick(&DATES)),
        1 => json!(*r.pick(&[-1i64, 0, 1, i64::MIN, i64::MAX, 4_294_967_296])),
        2 => json!(*r.pick(&[-0.5f64, 1e308, 2.5])),
        3 => r
            .pick(&[json!(null), json!(true), json!([]), json!({}), json!("x")])
            .clone(),
        4 => nested(1 + r.below(300), r.below(2) == 0),
        5 => json!("x".repeat(1 + r.below(200_000))),
        6 | 7 => json!(r.pick(&STRINGS)),
        _ => match old {
            Value::Array(items) if !items.is_empty() => {
                let mut items = items.clone();
                items.push(items[r.below(items.len())].clone());
                Value::Array(items)
            }
            _ => json!(r.pick(&STRINGS)),
        },
    }
}

/// Changes one place of `value` (or removes it from its object).
fn mutate(r: &mut Rng, value: &mut Value) {
    let mut all = Vec::new();
    places(value, &mut Vec::new(), &mut all);
    // Moments are where the engine meets the calendar's ends: a third of the mutations
    // go to one.
    let moments: Vec<Vec<Step>> = all
        .iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(k)) if k == "at"))
        .cloned()
        .collect();
    let path = if !moments.is_empty() && r.below(3) == 0 {
        r.pick(&moments).clone()
    } else {
        r.pick(&all).clone()
    };
    if let (Some(Step::Key(key)), false) = (path.last(), r.below(8) > 0) {
        if let Some(map) = at(value, &path[..path.len() - 1]).as_object_mut() {
            map.remove(key);
            return;
        }
    }
    let target = at(value, &path);
    // A backup file's text is mutated as the file it holds.
    if let Some(Ok(mut file)) = target.as_str().map(serde_json::from_str::<Value>) {
        if file.is_object() && r.below(4) > 0 {
            for _ in 0..=r.below(3) {
                mutate(r, &mut file);
            }
            *target = json!(file.to_string());
            return;
        }
    }
    *target = replacement(r, target);
}

/// Storage reads; or the start of why not.
fn loadable(dump: &Dump) -> Result<(), String> {
    Stored::load(dump).data.map(|_| ()).map_err(|p| {
        let p = p.to_string();
        p.chars().take(600).collect()
    })
}

/// Sends `messages` one after another at about `now`; after every accepted change
/// storage must still be readable.
fn run(messages: Vec<Value>, tz: &Tz, skew: i64) -> Result<(), TestCaseError> {
    let mut dump = acme();
    let now: DateTime<Utc> = now() + Duration::minutes(skew);
    for message in messages {
        let stored = Stored::load(&dump);
        let Outcome { answer, writes } = protocol::respond(&stored, message.clone(), now, tz);
        if let Some(writes) = writes {
            prop_assert!(answer.ok, "writes with a refusal: {:?}", answer);
            apply(&mut dump, &writes);
            let shown: String = message.to_string().chars().take(600).collect();
            prop_assert!(
                loadable(&dump).is_ok(),
                "{} in {} locked storage: {}",
                shown,
                tz,
                loadable(&dump).unwrap_err()
            );
        }
        if let Some(file) = message.get("file").and_then(Value::as_str) {
            if let Ok(data) = format::parse(file) {
                prop_assert!(format::parse(&format::to_json(&data)).is_ok());
            }
        }
    }
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // Modest by default to keep `cargo test` fast; PROPTEST_CASES=20000 hunts longer.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(600),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_messages_never_panic_nor_lock_storage(
        seeds in prop::collection::vec(any::<u64>(), 1..5),
        zone in 0usize..ZONES.len(),
        skew in -90i64..90,
    ) {
        let valid = valid_messages();
        let dated: Vec<Value> = valid
            .iter()
            .filter(|m| ["log_send", "log_reply", "log_event", "import"].contains(&m["type"].as_str().unwrap()))
            .cloned()
            .collect();
        let messages = seeds
            .iter()
            .map(|&seed| {
                let mut r = Rng(seed);
                // Half of them carry a moment (the other half: any type).
                let mut m = if r.below(2) == 0 { r.pick(&dated) } else { r.pick(&valid) }.clone();
                for _ in 0..=r.below(3) {
                    mutate(&mut r, &mut m);
                }
                m
            })
            .collect();
        run(messages, &ZONES[zone], skew)?;
    }

    #[test]
    fn arbitrary_messages_never_panic(text in ".{0,300}", zone in 0usize..ZONES.len()) {
        let message = serde_json::from_str(&text).unwrap_or(Value::String(text));
        run(vec![message], &ZONES[zone], 0)?;
    }

    #[test]
    fn mutated_files_never_panic_and_what_reads_writes_back(
        seed in any::<u64>(), cut in 0usize..3000, byte in any::<u8>(),
    ) {
        let mut r = Rng(seed);
        let mut file: Value =
            serde_json::from_str(&format::to_json(&fixtures::synthetic(2, 8))).unwrap();
        for _ in 0..=r.below(4) {
            mutate(&mut r, &mut file);
        }
        let text = file.to_string();
        if let Ok(data) = format::parse(&text) {
            prop_assert!(format::parse(&format::to_json(&data)).is_ok(), "{}", text);
        }
        let mut bytes = text.into_bytes();
        let i = cut % bytes.len();
        bytes[i] = byte;
        let _ = format::parse(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn deeply_nested_messages_and_files_are_refused_not_crashed() {
    // Building, cloning and dropping a value 5,000 levels deep recurses in serde_json
    // itself (a test's concern: in the browser the bindings refuse such a message before
    // a value is built), so this runs on a thread with room for that.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(deeply_nested)
        .unwrap()
        .join()
        .unwrap();
}

fn deeply_nested() {
    for depth in [200, 5_000] {
        for object in [false, true] {
            let deep = nested(depth, object);
            let mut message = json!({"v": 1, "type": "log_event"});
            message["event"] = deep.clone();
            let stored = Stored::load(&acme());
            let Outcome { answer, .. } =
                protocol::respond(&stored, message, now(), &chrono_tz::UTC);
            let answer = serde_json::to_value(answer).unwrap();
            assert_eq!(answer["code"], "malformed", "{depth}");
            let reason = answer["message"].as_str().unwrap();
            assert!(reason.contains("nested too deeply"), "{reason}");
            let mut file = json!({"format": "too-soon", "version": 1});
            file["events"] = Value::Array(vec![deep]);
            let text = file.to_string();
            let problems = format::parse(&text).unwrap_err().to_string();
            assert!(problems.contains("nested too deeply"), "{problems}");
        }
    }
}
