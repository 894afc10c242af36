//! The parser's error paths: every problem with its path and its code (worded in every
//! language of the extension), never a panic.

use serde_json::json;
use too_soon::format::{self, Problems};
use too_soon::model::{Data, EventKind};

fn valid() -> serde_json::Value {
    json!({
        "format": "too-soon",
        "version": 1,
        "settings": {"profile": "gentle"},
        "opportunities": [
            {"id": "acme", "company": "Acme", "role": "Engineer", "stage": "interviewing",
             "decision_date": "2026-11-12", "agreed_checkin_date": "2026-11-20", "no_calls": true, "notes": "met at a fair"}
        ],
        "contacts": [
            {"id": "dana", "opportunity": "acme", "name": "Dana Hill", "role": "hiring_manager",
             "addresses": ["dana@acme.example", "D.Hill@Acme.example"]}
        ],
        "events": [
            {"id": "e1", "opportunity": "acme", "kind": "application", "at": "2026-11-02T09:00:00-05:00"},
            {"id": "e2", "opportunity": "acme", "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": ["dana"]},
            {"id": "e3", "opportunity": "acme", "kind": "thank_you", "at": "2026-11-03T16:00:00-05:00", "contacts": ["dana"], "channel": "email", "classification": "thank_you"},
            {"id": "e4", "opportunity": "acme", "kind": "closed", "at": "2026-11-20T16:00:00-05:00", "reason": "filled"}
        ]
    })
}

fn problems(value: serde_json::Value) -> Problems {
    worded(format::parse_value(value).expect_err("should be rejected"))
}

/// `p`, once each problem is checked to have a code of its own whose words
/// (`say_problem_<code>`) every catalogue renders from the problem's values.
fn worded(p: Problems) -> Problems {
    #[cfg(not(target_arch = "wasm32"))]
    words_in_every_language(&p);
    p
}

#[cfg(not(target_arch = "wasm32"))]
fn words_in_every_language(p: &Problems) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../extension/_locales");
    for lang in ["en", "de", "fr", "es"] {
        let text = std::fs::read_to_string(dir.join(lang).join("messages.json")).unwrap();
        let catalogue = too_soon::english::Catalogue::parse(&text).unwrap();
        for x in p.iter() {
            assert_ne!(
                x.code, "invalid",
                "{x}: a problem without a code of its own"
            );
            let values = serde_json::Value::Object(x.values.clone());
            let words = catalogue.say(&format!("problem_{}", x.code), &values);
            assert!(words.is_ok(), "{lang} {x}: {words:?}");
        }
    }
}

/// Is there a problem `code` at `path` whose values include `values`?
fn has(p: &Problems, path: &str, code: &str, values: serde_json::Value) -> bool {
    p.iter().any(|x| {
        x.path == path
            && x.code == code
            && values
                .as_object()
                .unwrap()
                .iter()
                .all(|(k, v)| x.values.get(k) == Some(v))
    })
}

#[test]
fn a_valid_file_reads_and_round_trips() {
    let data = format::parse_value(valid()).expect("valid");
    assert_eq!(data.events.len(), 4);
    assert_eq!(data.events[3].kind, EventKind::Closed);
    let text = format::to_json(&data);
    assert_eq!(format::parse(&text).expect("round trip"), data);
    assert!(text.contains("\"format\": \"too-soon\""));
}

#[test]
fn an_empty_default_file_is_valid() {
    let text = format::to_json(&Data::default());
    assert_eq!(format::parse(&text).expect("valid"), Data::default());
    assert!(format::parse(r#"{"format":"too-soon","version":1}"#).is_ok());
}

#[test]
fn truncated_file() {
    let text = serde_json::to_string_pretty(&valid()).expect("json");
    let p = worded(format::parse(&text[..text.len() / 2]).expect_err("truncated"));
    assert_eq!(p.len(), 1);
    assert!(p.to_string().contains("truncated"), "{p}");
}

#[test]
fn an_empty_file_is_said_to_be_empty() {
    for text in ["", "  \n", "\u{feff}"] {
        let p = worded(format::parse(text).expect_err("empty"));
        assert_eq!(p.to_string(), "The file is empty.", "{text:?}");
    }
}

#[test]
fn wrong_types_are_reported_with_their_paths_all_at_once() {
    let mut v = valid();
    v["events"][0]["at"] = json!(42);
    v["events"][1]["at"] = json!("yesterday");
    v["events"][2]["kind"] = json!("lunch");
    v["opportunities"][0]["stage"] = json!(3);
    v["opportunities"][0]["decision_date"] = json!("12/11/2026");
    v["opportunities"][0]["no_calls"] = json!("yes");
    v["contacts"][0]["addresses"][1] = json!(5);
    v["settings"]["profile"] = json!("strict");
    let p = problems(v);
    assert!(
        has(
            &p,
            "events[0].at",
            "wrong_type",
            json!({"expected": "string", "found": "number"})
        ),
        "{p}"
    );
    assert!(has(&p, "events[1].at", "not_instant", json!({})), "{p}");
    assert!(
        has(
            &p,
            "events[2].kind",
            "unknown_value",
            json!({"value": "lunch"})
        ),
        "{p}"
    );
    assert!(
        has(
            &p,
            "opportunities[0].stage",
            "wrong_type",
            json!({"expected": "string", "found": "number"})
        ),
        "{p}"
    );
    assert!(
        has(
            &p,
            "opportunities[0].decision_date",
            "not_date",
            json!({"value": "12/11/2026"})
        ),
        "{p}"
    );
    assert!(
        has(
            &p,
            "opportunities[0].no_calls",
            "wrong_type",
            json!({"expected": "boolean", "found": "string"})
        ),
        "{p}"
    );
    assert!(
        has(
            &p,
            "contacts[0].addresses[1]",
            "wrong_type",
            json!({"expected": "string"})
        ),
        "{p}"
    );
    assert!(
        has(
            &p,
            "settings.profile",
            "unknown_value",
            json!({"value": "strict"})
        ),
        "{p}"
    );
    assert_eq!(p.len(), 8, "{p}");
    // Display (the CLI's words, from the English catalogue): one line per problem,
    // `path: words`.
    assert_eq!(p.to_string().lines().count(), 8);
    assert!(p
        .to_string()
        .lines()
        .any(|l| l.starts_with("events[2].kind: “lunch” is not one of: ")));
    // Serialize: a list of {path, code, values}, without words.
    let json = serde_json::to_value(&p).expect("serializes");
    assert!(json
        .as_array()
        .expect("array")
        .iter()
        .any(|x| x["path"] == "opportunities[0].stage"));
}

#[test]
fn missing_fields_and_references() {
    let mut v = valid();
    v["events"][0].as_object_mut().expect("object").remove("at");
    v["events"][1]["contacts"] = json!(["nobody"]);
    v["events"][2]["opportunity"] = json!("initech");
    v["contacts"][0]["id"] = json!("");
    v["opportunities"][0]["colour"] = json!("blue");
    v["events"][3]["id"] = json!("e1");
    v["events"][0]["classification"] = json!("answer");
    let p = problems(v);
    assert!(has(&p, "events[0].at", "missing", json!({})), "{p}");
    assert!(
        has(
            &p,
            "events[1].contacts[0]",
            "no_contact",
            json!({"id": "nobody"})
        ),
        "{p}"
    );
    assert!(
        has(
            &p,
            "events[2].opportunity",
            "no_opportunity",
            json!({"id": "initech"})
        ),
        "{p}"
    );
    assert!(has(&p, "contacts[0].id", "empty", json!({})), "{p}");
    assert!(
        has(&p, "opportunities[0].colour", "unknown_field", json!({})),
        "{p}"
    );
    assert!(
        has(&p, "events[3].id", "duplicate_id", json!({"id": "e1"})),
        "{p}"
    );
    assert!(
        has(&p, "events[0].classification", "not_for_kind", json!({})),
        "{p}"
    );
}

#[test]
fn bad_addresses() {
    let mut v = valid();
    v["contacts"][0]["addresses"] = json!([
        "not an address",
        "  ",
        "dana@acme.example",
        "DANA@acme.example"
    ]);
    let p = problems(v);
    assert!(
        has(
            &p,
            "contacts[0].addresses[0]",
            "not_email",
            json!({"value": "not an address"})
        ),
        "{p}"
    );
    assert!(
        has(
            &p,
            "contacts[0].addresses[1]",
            "not_email",
            json!({"value": "  "})
        ),
        "{p}"
    );
    assert!(
        has(
            &p,
            "contacts[0].addresses[3]",
            "address_twice",
            json!({"value": "DANA@acme.example"})
        ),
        "{p}"
    );
}

#[test]
fn newer_version_is_rejected_clearly() {
    let mut v = valid();
    v["version"] = json!(3);
    let p = problems(v);
    assert_eq!(p.len(), 1);
    assert_eq!(
        p.to_string(),
        "version: This file comes from a newer Too Soon? (version 3); this one reads up to version 2."
    );
    // Even when the rest would not be understood.
    let p = format::parse(r#"{"format":"too-soon","version":3,"events":"whatever"}"#)
        .expect_err("newer");
    assert!(p.to_string().contains("newer Too Soon? (version 3)"), "{p}");
}

#[test]
fn version_and_format_problems() {
    for version in [json!(0), json!("1"), json!(1.5), json!(-1)] {
        let mut v = valid();
        v["version"] = version.clone();
        let p = problems(v);
        assert!(
            has(&p, "version", "bad_version", json!({})),
            "{version}: {p}"
        );
    }
    let mut v = valid();
    v["format"] = json!("something-else");
    assert!(has(&problems(v), "format", "not_a_file", json!({})));
    let mut v = valid();
    v.as_object_mut().expect("object").remove("format");
    assert!(has(&problems(v), "format", "not_a_file", json!({})));
    let mut v = valid();
    v.as_object_mut().expect("object").remove("version");
    assert!(has(&problems(v), "version", "missing", json!({})));
}

#[test]
fn huge_numbers() {
    let p = format::parse(r#"{"format":"too-soon","version":1e400}"#).expect_err("out of range");
    assert_eq!(p.len(), 1, "{p}");
    let p =
        format::parse(r#"{"format":"too-soon","version":18446744073709551616}"#).expect_err("huge");
    assert!(p.to_string().contains("newer"), "{p}");
    let p = format::parse(r#"{"format":"too-soon","version":1,"events":[{"id":"e","opportunity":"o","kind":"reply","at":99999999999999999999999999}]}"#)
        .expect_err("wrong type");
    assert!(p.iter().any(|x| x.path == "events[0].at"), "{p}");
}

#[test]
fn ten_thousand_nested_arrays_is_a_clean_problem() {
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let p = worded(format::parse(&text).expect_err("too deep"));
    assert_eq!(p.len(), 1);
    assert!(p.to_string().contains("nested too deeply"), "{p}");
    let inside = format!(
        r#"{{"format":"too-soon","version":1,"events":{}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(format::parse(&inside).is_err());
}

#[test]
fn garbage() {
    for text in [
        "",
        "   ",
        "null",
        "[]",
        "\"too-soon\"",
        "42",
        "{",
        "}{",
        "\u{feff}{}",
        "{\"format\":",
        "\0\0\0",
    ] {
        let p = worded(format::parse(text).expect_err(text));
        assert!(!p.is_empty(), "{text:?}");
    }
    // Five megabytes of noise.
    let mut state: u32 = 12345;
    let noise: String = (0..5_000_000)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let alphabet = b"{}[]\",:0123456789abcdefnulltrue -.eE\\";
            char::from(alphabet[(state >> 16) as usize % alphabet.len()])
        })
        .collect();
    assert!(format::parse(&noise).is_err());
    let big_valid_prefix = format!(
        "{{\"format\":\"too-soon\",\"version\":1,\"events\":[{}",
        "{},".repeat(1_000_000)
    );
    assert!(format::parse(&big_valid_prefix).is_err());
}

#[test]
fn many_problems_are_capped() {
    let events: Vec<_> = (0..1000).map(|_| json!({"kind": 1})).collect();
    let p = problems(json!({"format": "too-soon", "version": 1, "events": events}));
    assert_eq!(p.len(), format::MAX_PROBLEMS);
}

/// A field given twice is a problem where it is (a JSON value would keep the last one
/// silently: a second "events" list would replace the first, a second "id" the first).
#[test]
fn a_field_given_twice_is_a_problem() {
    let text = r#"{"format": "too-soon", "version": 1,
        "opportunities": [{"id": "acme", "company": "Acme", "id": "other"}],
        "events": [{"id": "e1", "opportunity": "acme", "kind": "application", "at": "2026-11-02T09:00:00-05:00"}],
        "events": []}"#;
    let p = worded(format::parse(text).expect_err("refused"));
    let found: Vec<(&str, &str)> = p.iter().map(|p| (p.path.as_str(), p.code)).collect();
    assert_eq!(
        found,
        [("events", "twice"), ("opportunities[0].id", "twice")]
    );
    // Given once, the same file is read.
    let once = text
        .replace(r#", "id": "other""#, "")
        .replace(",\n        \"events\": []", "");
    assert!(format::parse(&once).is_ok(), "{once}");
}

/// An entity's id is its storage key's tail (`opportunity:<id>`); Chromium cuts a key at a
/// NUL, so a restored `o1\0` overwrote the stored `o1`. An id may hold no control
/// character (one referring to an entity holds none either: it then names none).
#[test]
fn an_id_with_a_control_character_is_refused() {
    for bad in ["o1\u{0}", "o\n1", "o1\u{1b}[2J", "o1\u{85}"] {
        let mut file = valid();
        file["opportunities"][0]["id"] = json!(bad);
        file["contacts"][0]["id"] = json!(bad);
        file["events"][0]["id"] = json!(bad);
        let p = problems(file);
        for path in ["opportunities[0].id", "contacts[0].id", "events[0].id"] {
            assert!(
                has(&p, path, "control_character", json!({})),
                "{bad:?} {path}: {p:?}"
            );
        }
    }
}

/// An event whose kind cannot be read gets that one problem: its reason was also said not
/// to fit "an event of this kind (follow_up)", a kind the file never names (found by a
/// Firefox tester).
#[test]
fn an_unreadable_kind_is_the_only_problem_of_its_event() {
    for kind in [json!("lunch"), serde_json::Value::Null] {
        let mut file = valid();
        file["events"][3]["kind"] = kind.clone();
        let p = problems(file);
        let paths: Vec<&str> = p.iter().map(|q| q.path.as_str()).collect();
        assert_eq!(paths, ["events[3].kind"], "{kind}: {}", p.codes());
    }
}

/// Another program's JSON (a browser's bookmarks) is "not a Too Soon? backup file", once:
/// it also got one problem for each of its fields, and one for its version (found by a
/// Firefox tester).
#[test]
fn another_programs_file_is_one_problem() {
    for other in [
        json!({"checksum": "abc", "roots": {"bookmark_bar": {}}, "version": 1}),
        json!({"checksum": "abc", "version": 3}),
        json!({"format": "other", "version": 1, "items": []}),
    ] {
        let p = problems(other.clone());
        assert_eq!(p.len(), 1, "{other}: {}", p.codes());
        assert!(has(&p, "format", "not_a_file", json!({})), "{other}: {p}");
    }
}
