//! The WebAssembly bindings, run in real browsers by wasm-bindgen-test
//! (`./build.sh test` runs them in headless Chromium and Firefox).
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use too_soon::wasm::Engine;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn js(value: Value) -> JsValue {
    serde_wasm_bindgen::to_value(&value).unwrap()
}

fn rust(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap()
}

fn history() -> Value {
    json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "o1", "company": "Example Corp", "role": "Engineer", "stage": "applied"}],
        "contacts": [{"id": "c1", "opportunity": "o1", "name": "Ann", "role": "recruiter", "addresses": ["ann@example.com"]}],
        "events": [{"id": "e1", "opportunity": "o1", "kind": "application", "at": "2026-11-02T09:00:00-05:00"}]
    })
}

const NOV_5_2026_MS: f64 = 1_793_890_800_000.0; // Thu 5 Nov 2026 15:00 UTC, three days after applying

#[wasm_bindgen_test]
fn version_is_the_crates() {
    let engine = Engine::from_storage(JsValue::UNDEFINED).unwrap();
    let pong = rust(engine.handle(js(json!({"v": 1, "type": "ping"})), NOV_5_2026_MS));
    assert_eq!(pong["engine"], env!("CARGO_PKG_VERSION"));
}

/// What the engine holds, by the protocol's `summary`.
fn contacts(engine: &Engine) -> Value {
    rust(engine.handle(js(json!({"v": 1, "type": "summary"})), NOV_5_2026_MS))["contacts"].clone()
}

/// An engine over storage that holds `history` under the provisional key (read as is).
fn over(history: Value) -> Engine {
    Engine::from_storage(js(json!({ "history": history }))).unwrap()
}

/// Why storage cannot be read: the `data_unreadable` answer's reason.
fn unreadable(engine: &Engine) -> String {
    let answer = rust(engine.handle(js(json!({"v": 1, "type": "status"})), NOV_5_2026_MS));
    assert_eq!(answer["code"], "data_unreadable", "{answer}");
    answer["message"].as_str().unwrap().to_string()
}

#[wasm_bindgen_test]
fn nothing_stored_means_nothing_tracked() {
    let engine = Engine::from_storage(JsValue::UNDEFINED).unwrap();
    assert_eq!(contacts(&engine), 0);
    let answer = rust(engine.handle(
        js(json!({"v": 1, "type": "check", "to": ["a@b.co"]})),
        NOV_5_2026_MS,
    ));
    assert_eq!(answer["verdict"], Value::Null);
}

#[wasm_bindgen_test]
fn a_tracked_recipient_gets_a_verdict_from_the_engine() {
    let engine = over(history());
    assert_eq!(contacts(&engine), 1);
    let message = json!({"v": 1, "type": "check", "to": [" ANN@example.com"]});
    let answer = rust(engine.handle(js(message), NOV_5_2026_MS));
    assert_eq!(answer["ok"], true);
    assert_eq!(answer["verdict"]["level"], "too_soon");
    assert_eq!(answer["verdict"]["warn"], true);
    assert_eq!(answer["verdict"]["heading"]["id"], "too_soon_until");
    assert!(answer["verdict"]["reasons"][0]["message"].is_string());
    assert!(
        answer["verdict"]["reasons"][0].get("sentence").is_none(),
        "no prose in the module"
    );
}

#[wasm_bindgen_test]
fn an_invalid_history_is_refused_with_every_problem() {
    let mut bad = history();
    bad["events"][0]["at"] = json!("yesterday");
    bad["contacts"][0]["addresses"] = json!("ann@example.com");
    let reason = unreadable(&over(bad));
    assert!(reason.contains("events[0].at"), "{reason}");
    assert!(reason.contains("contacts[0].addresses"), "{reason}");
}

#[wasm_bindgen_test]
fn malformed_messages_are_answered_not_thrown() {
    let engine = Engine::from_storage(JsValue::NULL).unwrap();
    let answer = rust(engine.handle(JsValue::from_str("junk"), NOV_5_2026_MS));
    assert_eq!(answer["code"], "malformed");
    let answer = rust(engine.handle(js(json!({"v": 1, "type": "ping"})), f64::NAN));
    assert_eq!(answer["code"], "malformed");
}

/// What the background does with storage: plan a change, apply it, follow it in memory.
#[wasm_bindgen_test]
fn storage_changes_are_planned_and_followed() {
    use too_soon::wasm::is_write;
    let empty = Engine::from_storage(JsValue::UNDEFINED).unwrap();
    assert_eq!(
        rust(empty.migration())["set"]["schema"],
        json!({"version": too_soon::storage::SCHEMA_VERSION})
    );
    let mut engine = Engine::from_storage(js(json!({ "history": history() }))).unwrap();
    let migration = rust(engine.migration());
    assert_eq!(migration["remove"], json!(["history"]));
    assert!(engine.apply(js(migration)));
    assert!(engine.migration().is_null());
    let message = json!({"v": 1, "type": "log_event", "event": {"id": "e2", "opportunity": "o1",
        "kind": "follow_up", "at": "2026-11-04T09:00:00-05:00", "contacts": ["c1"]}});
    assert!(is_write(js(message.clone())));
    assert!(!is_write(js(json!({"v": 1, "type": "summary"}))));
    let outcome = rust(engine.respond(js(message.clone()), NOV_5_2026_MS));
    assert_eq!(
        outcome["answer"]["classification"], "initiated",
        "{outcome}"
    );
    assert_eq!(
        outcome["writes"]["set"]["event:e2"]["classification"],
        "initiated"
    );
    // `handle` never plans a write.
    assert_eq!(
        rust(engine.handle(js(message.clone()), NOV_5_2026_MS))["code"],
        "read_only"
    );
    assert!(engine.apply(js(outcome["writes"].clone())));
    let again = rust(engine.respond(js(message), NOV_5_2026_MS));
    assert_eq!(again["answer"]["duplicate"], true);
    let summary = rust(engine.handle(js(json!({"v": 1, "type": "summary"})), NOV_5_2026_MS));
    assert_eq!(summary["events"], 2);
    let newer = Engine::from_storage(js(json!({"schema": {"version": 7}}))).unwrap();
    let refused = rust(newer.respond(
        js(json!({"v": 1, "type": "put_opportunity",
        "opportunity": {"id": "o2", "company": "X"}})),
        NOV_5_2026_MS,
    ));
    assert_eq!(refused["answer"]["code"], "read_only");
    assert!(refused["writes"].is_null());
}

#[wasm_bindgen_test]
fn views_are_published_once_per_engine_and_zone() {
    let mut engine = Engine::from_storage(js(json!({ "history": history() }))).unwrap();
    assert!(engine.apply(engine.migration()));
    let writes = rust(
        engine
            .publication(NOV_5_2026_MS, "America/New_York")
            .unwrap(),
    );
    let view = &writes["set"]["view:ann@example.com"];
    assert_eq!(view["contacts"][0]["id"], "c1", "{writes}");
    assert_eq!(view["segments"][0]["verdict"]["level"], "too_soon");
    assert_eq!(
        writes["set"]["view-names"],
        json!({"ann": ["ann@example.com"]})
    );
    assert!(engine.apply(js(writes)));
    assert!(engine
        .publication(NOV_5_2026_MS, "America/New_York")
        .unwrap()
        .is_null());
    assert!(!engine
        .publication(NOV_5_2026_MS, "Europe/Berlin")
        .unwrap()
        .is_null());
}

#[wasm_bindgen_test]
fn reminders_are_shown_once_and_recorded() {
    let mut engine = Engine::from_storage(js(json!({ "history": history() }))).unwrap();
    assert!(engine.apply(engine.migration()));
    // Three days after applying: nothing due; the follow-up is fine from Mon 9 Nov,
    // midnight in the browser's zone (New York in the tests), and reminded at the
    // suggested moment, 09:00 that Monday.
    let early = rust(engine.reminders(NOV_5_2026_MS).unwrap());
    assert_eq!(early["due"], json!([]));
    assert_eq!(early["next_at_ms"], json!(1_794_232_800_000_i64), "{early}");
    assert!(early["writes"].is_null());
    let nov_20 = NOV_5_2026_MS + 15.0 * 86_400_000.0;
    let due = rust(engine.reminders(nov_20).unwrap());
    assert_eq!(
        due["due"][0]["key"], "o1@2026-11-09T05:00:00+00:00",
        "{due}"
    );
    assert_eq!(due["due"][0]["what"], "follow_up");
    assert_eq!(due["due"][0]["company"], "Example Corp");
    assert!(engine.apply(js(due["writes"].clone())));
    let again = rust(engine.reminders(nov_20).unwrap());
    assert_eq!(again["due"], json!([]));
    assert!(again["writes"].is_null());
}

/// The remembered offsets agree with asking the browser every time, at 7-minute steps
/// through 2026 (build.sh runs the browser in America/New_York, so both DST changes are
/// crossed), for UTC → local and local → UTC alike.
#[wasm_bindgen_test]
fn browser_zone_agrees_with_the_browser_across_a_year() {
    use chrono::{Local, NaiveDate, Offset, TimeZone};
    use too_soon::wasm::BrowserZone;
    let start = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let mut offsets = std::collections::BTreeSet::new();
    for step in 0..(365 * 24 * 60 / 7) {
        let moment = start + chrono::Duration::minutes(7 * step);
        let asked = Local.offset_from_utc_datetime(&moment).fix();
        assert_eq!(
            BrowserZone.offset_from_utc_datetime(&moment),
            asked,
            "UTC {moment}"
        );
        let local = Local.offset_from_local_datetime(&moment).map(|o| o.fix());
        assert_eq!(
            BrowserZone.offset_from_local_datetime(&moment),
            local,
            "local {moment}"
        );
        offsets.insert(asked.local_minus_utc());
    }
    assert_eq!(
        offsets.len(),
        2,
        "the browser must run in a zone with daylight saving time (build.sh sets TZ=America/New_York)"
    );
}

#[wasm_bindgen_test]
fn the_browser_reads_json_numbers_to_the_nearest_float() {
    // Numbers with a fraction or an exponent are read by the browser's parseFloat in the
    // module: the nearest float, as Rust's parser gives it (serde_json's may be one off).
    for text in [
        "0.1",
        "-2.25",
        "1e5",
        "1E-3",
        "2e+2",
        "-0.0",
        "123456789012345678901234567890.5e3",
        "18446744073709551616",
        "4.9e-324",
        "1e-400",
        "1.7976931348623157e308",
        "0.30000000000000004",
    ] {
        let read = too_soon::format::json::from_str(text).map_err(|e| e.line);
        let nearest: f64 = text.parse().unwrap();
        assert_eq!(read, Ok(Value::from(nearest)), "{text}");
        assert_eq!(
            read.unwrap().as_f64().map(f64::to_bits),
            Some(nearest.to_bits()),
            "{text}"
        );
    }
    let too_large = too_soon::format::json::from_str("1e400").map_err(|e| e.fault);
    assert_eq!(too_large, Err(too_soon::format::json::Fault::Syntax));
}

#[wasm_bindgen_test]
fn the_browsers_lower_casing_is_rusts() {
    // Non-ASCII text is lowered by JavaScript's toLowerCase in the module (no Unicode
    // tables in it): every character, and words that end in a capital sigma.
    let mut differ = Vec::new();
    for c in (0x80..=0x10_FFFF).filter_map(char::from_u32) {
        let text = format!("A{c}");
        if too_soon::model::lowercase(&text) != text.to_lowercase() {
            differ.push(c);
        }
    }
    assert!(differ.is_empty(), "lowered differently: {differ:?}");
    for text in [
        "ΟΔΟΣ",
        "ΟΔΟΣ ΣΑΣ",
        "Σ",
        "ἈΣ.",
        "İstanbul",
        "ÅNGSTRÖM@EXAMPLE.COM",
    ] {
        assert_eq!(
            too_soon::model::lowercase(text),
            text.to_lowercase(),
            "{text}"
        );
    }
}

#[wasm_bindgen_test]
fn messages_are_read_as_serde_wasm_bindgen_read_them() {
    use wasm_bindgen::JsCast;
    let engine = over(history());
    // `undefined` fields are null, whole numbers are integers, arrays and objects nest.
    let message =
        js_sys::JSON::parse(r#"{"v": 1.0, "type": "check", "to": ["ann@example.com"]}"#).unwrap();
    js_sys::Reflect::set(&message, &"words".into(), &JsValue::UNDEFINED).unwrap();
    let answer = rust(engine.handle(message, NOV_5_2026_MS));
    assert_eq!(answer["ok"], true, "{answer}");
    assert_eq!(answer["verdict"]["level"], "too_soon");
    // A Map reads as an object.
    let map = js_sys::Map::new();
    map.set(&"v".into(), &JsValue::from(1));
    map.set(&"type".into(), &"ping".into());
    let answer = rust(engine.handle(map.into(), NOV_5_2026_MS));
    assert_eq!(answer["type"], "pong", "{answer}");
    // What JSON cannot hold is refused as malformed, with serde's words.
    let bytes: JsValue = js_sys::Uint8Array::new_with_length(2).into();
    let answer = rust(engine.handle(bytes, NOV_5_2026_MS));
    assert_eq!(answer["code"], "malformed");
    assert_eq!(
        answer["message"],
        "Error: invalid type: byte array, expected any valid JSON value"
    );
    let symbol: JsValue = js_sys::Symbol::for_("s").unchecked_into();
    let answer = rust(engine.handle(symbol, NOV_5_2026_MS));
    assert_eq!(answer["code"], "malformed");
    // Answers come back as plain objects, keys in the order serde writes them.
    let answer = engine.handle(js(json!({"v": 1, "type": "ping"})), NOV_5_2026_MS);
    let answer: js_sys::Object = answer.unchecked_into();
    let keys: Vec<String> = js_sys::Object::keys(&answer)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    assert_eq!(keys, ["v", "ok", "type", "engine"]);
}

/// A JavaScript value `depth` levels deep: `[[[…1…]]]` or `{a: {a: …1…}}`.
fn deep(depth: usize, object: bool) -> JsValue {
    let mut v = JsValue::from(1);
    for _ in 0..depth {
        v = if object {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"a".into(), &v).unwrap();
            o.into()
        } else {
            js_sys::Array::of1(&v).into()
        };
    }
    v
}

/// A plain JavaScript object with these properties.
fn object_of(fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (key, value) in fields {
        js_sys::Reflect::set(&o, &(*key).into(), value).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn a_deeply_nested_message_is_refused_and_the_next_one_answered() {
    let engine = Engine::from_storage(js(json!({ "history": history() }))).unwrap();
    for object in [false, true] {
        let message = object_of(&[
            ("v", 1.into()),
            ("type", "log_event".into()),
            ("event", deep(5_000, object)),
        ]);
        let outcome = rust(engine.respond(message, NOV_5_2026_MS));
        assert_eq!(outcome["answer"]["code"], "malformed", "{outcome}");
        let reason = outcome["answer"]["message"].as_str().unwrap();
        assert!(reason.contains("nested too deeply"), "{reason}");
        assert_eq!(outcome["writes"], Value::Null);
        assert!(!too_soon::wasm::is_write(deep(5_000, object)));
        let check = json!({"v": 1, "type": "check", "to": ["ann@example.com"]});
        let answer = rust(engine.handle(js(check), NOV_5_2026_MS));
        assert_eq!(answer["ok"], true, "{answer}");
        assert_eq!(answer["verdict"]["level"], "too_soon", "{answer}");
    }
    // A stored entry nested that deep is an entry that cannot be read, not a storage
    // that cannot be loaded: the way out (replace, delete everything) stays open.
    let dump = object_of(&[
        ("schema", object_of(&[("version", 1.into())])),
        ("event:e9", deep(5_000, true)),
    ]);
    let engine = Engine::from_storage(dump).unwrap();
    let reason = unreadable(&engine);
    assert!(reason.contains("event:e9"), "{reason}");
    let outcome = rust(engine.respond(js(json!({"v": 1, "type": "delete_all"})), NOV_5_2026_MS));
    assert_eq!(outcome["answer"]["type"], "cleared", "{outcome}");
    assert_eq!(
        outcome["writes"]["remove"],
        json!(["event:e9"]),
        "{outcome}"
    );
}

#[wasm_bindgen_test]
fn the_browser_writes_domains_in_ascii_as_the_native_engine_does() {
    for (address, normalized) in too_soon::fixtures::ADDRESSES {
        assert_eq!(
            too_soon::model::normalize_address(address),
            normalized,
            "{address:?}"
        );
    }
}
