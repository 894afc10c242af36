//! What a webmail page needs from storage and sends to it: the per-address views
//! published with every change, sends and their undo, replies, and whether a provider's
//! layout is recognized. Untracked addresses are never stored.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, Duration};
use chrono_tz::America::New_York;
use common::*;
use serde_json::{json, Value};
use too_soon::protocol;
use too_soon::storage::{self, Dump, Stored};

const DANA: &str = "view:dana@acme.example";

fn view(d: &Dump, key: &str) -> Value {
    d.get(key)
        .cloned()
        .unwrap_or_else(|| panic!("no {key} in {:?}", d.keys()))
}

/// The level a view gives at `t` (ms): its last segment from null or not after `t`.
fn level_at(view: &Value, t: i64) -> String {
    let segments = view["segments"].as_array().unwrap();
    let holding = segments
        .iter()
        .rev()
        .find(|s| s["from_ms"].as_i64().map_or(true, |from| from <= t))
        .unwrap();
    holding["verdict"]["level"].as_str().unwrap().to_string()
}

/// The engine's own verdict level for an email to `address` at `t`.
fn checked_level(d: &Dump, address: &str, t: DateTime<chrono::Utc>) -> String {
    let message = json!({"v": 1, "type": "check", "to": [address]});
    let outcome = protocol::respond(&Stored::load(d), message, t, &New_York);
    let answer = serde_json::to_value(outcome.answer).unwrap();
    answer["verdict"]["level"].as_str().unwrap().to_string()
}

#[test]
fn each_change_publishes_the_view_of_the_addresses_it_touches() {
    let d = acme();
    let v = view(&d, DANA);
    assert_eq!(v["address"], "dana@acme.example");
    assert_eq!(v["contacts"][0]["id"], "dana");
    assert_eq!(v["contacts"][0]["company"], "Acme");
    assert!(v["last_contact_at"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-03T10:00"));
    assert_eq!(v["last_reply_at"], Value::Null);
    // At every moment of the next month, the view says what the engine says.
    let segments = v["segments"].as_array().unwrap();
    assert!(
        segments.len() >= 2,
        "the verdict changes ahead: {segments:?}"
    );
    for hours in (0..24 * 30).step_by(7) {
        let t = now() + Duration::hours(hours);
        assert_eq!(
            level_at(&v, t.timestamp_millis()),
            checked_level(&d, "dana@acme.example", t),
            "{t}"
        );
    }
    assert_eq!(d["view-names"], json!({"dana hill": ["dana@acme.example"]}));
}

#[test]
fn views_follow_addresses_and_deletes() {
    let mut d = acme();
    let a = send(&mut d, contact("dana", "acme", "Dana.Hill@Acme.example"));
    assert_eq!(a["ok"], true, "{a}");
    assert!(!d.contains_key(DANA), "the old address's view is removed");
    assert!(d.contains_key("view:dana.hill@acme.example"));
    assert_eq!(
        d["view-names"]["dana hill"],
        json!(["dana.hill@acme.example"])
    );
    let a = send(
        &mut d,
        json!({"v": 1, "type": "delete", "kind": "opportunity", "id": "acme"}),
    );
    assert_eq!(a["ok"], true, "{a}");
    assert!(d.keys().all(|k| !k.starts_with("view:")), "{:?}", d.keys());
    assert_eq!(d["view-names"], json!({}));
}

fn log_send(id: &str, to: &[&str]) -> Value {
    json!({"v": 1, "type": "log_send", "send": {"id": id, "to": to, "at": "2026-11-05T10:00:00-05:00"}})
}

#[test]
fn a_send_is_one_classified_contact_per_opportunity_and_untracked_addresses_are_never_stored() {
    let mut d = acme();
    let before = view(&d, DANA);
    let a = send(
        &mut d,
        log_send("send-1", &["dana@acme.example", "stranger@else.example"]),
    );
    assert_eq!(a["type"], "logged", "{a}");
    let events = a["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["id"], "send-1");
    assert_eq!(events[0]["opportunity"], "acme");
    assert_eq!(events[0]["classification"], "initiated");
    assert_eq!(d["event:send-1"]["contacts"], json!(["dana"]));
    let everything = serde_json::to_string(&d).unwrap();
    assert!(
        !everything.contains("stranger"),
        "an untracked address was stored"
    );
    assert_ne!(view(&d, DANA)["last_contact_at"], before["last_contact_at"]);

    // A retry writes nothing and answers the same events.
    let stored = Stored::load(&d);
    let (again, writes) = respond(&stored, log_send("send-1", &["dana@acme.example"]));
    assert_eq!(again["events"][0]["duplicate"], true, "{again}");
    assert!(writes.unwrap().is_empty());

    // Undo removes it, and the view is back to what it was.
    let a = send(
        &mut d,
        json!({"v": 1, "type": "forget_send", "id": "send-1"}),
    );
    assert_eq!(
        a,
        json!({"v": 1, "ok": true, "type": "forgotten", "removed": 1})
    );
    assert!(!d.contains_key("event:send-1"));
    assert_eq!(view(&d, DANA), before);
}

#[test]
fn a_send_to_nobody_tracked_stores_nothing() {
    let mut d = acme();
    let keys: Vec<String> = d.keys().cloned().collect();
    let a = send(&mut d, log_send("send-2", &["stranger@else.example"]));
    assert_eq!(a["events"], json!([]), "{a}");
    assert_eq!(d.keys().cloned().collect::<Vec<_>>(), keys);
}

#[test]
fn a_reply_is_logged_for_the_contacts_with_that_address() {
    let mut d = acme();
    let reply = json!({"v": 1, "type": "log_reply", "reply":
        {"id": "r1", "from": " DANA@acme.example", "at": "2026-11-04T09:00:00-05:00"}});
    let a = send(&mut d, reply);
    assert_eq!(a["events"][0]["kind"], "reply", "{a}");
    assert_eq!(d["event:r1"]["contacts"], json!(["dana"]));
    assert!(view(&d, DANA)["last_reply_at"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-04T09:00"));
    let stranger =
        json!({"v": 1, "type": "log_reply", "reply": {"id": "r2", "from": "x@y.example"}});
    assert_eq!(send(&mut d, stranger)["events"], json!([]));
    let bad = json!({"v": 1, "type": "log_reply", "reply": {"id": "r3", "from": "x@y.example", "at": "Tuesday"}});
    let (a, _) = respond(&Stored::load(&d), bad);
    assert_eq!(a["code"], "malformed", "{a}");
    assert!(a["message"].as_str().unwrap().contains("reply.at"), "{a}");
}

#[test]
fn a_provider_state_is_written_only_when_it_changes() {
    let mut d = acme();
    let report = |recognized| json!({"v": 1, "type": "report_provider", "provider": "gmail", "recognized": recognized});
    assert_eq!(send(&mut d, report(false))["ok"], true);
    assert_eq!(d["provider:gmail"]["recognized"], false);
    let since = d["provider:gmail"]["since"].clone();
    let (_, writes) = respond(&Stored::load(&d), report(false));
    assert!(
        writes.unwrap().is_empty(),
        "the same state is not written again"
    );
    send(&mut d, report(true));
    assert_eq!(d["provider:gmail"]["recognized"], true);
    assert_eq!(
        d["provider:gmail"]["since"], since,
        "same clock in this test"
    );
    let unknown =
        json!({"v": 1, "type": "report_provider", "provider": "hotmail", "recognized": true});
    assert_eq!(respond(&Stored::load(&d), unknown).0["code"], "malformed");
}

#[test]
fn every_view_is_published_again_for_another_zone_or_engine_and_when_settings_change() {
    let mut d = acme();
    for key in d
        .keys()
        .filter(|k| k.starts_with("view"))
        .cloned()
        .collect::<Vec<_>>()
    {
        d.remove(&key);
    }
    let stored = Stored::load(&d);
    assert!(storage::stale(&stored, "America/New_York"));
    let writes = storage::publish(&stored, "America/New_York", now(), &New_York);
    apply(&mut d, &writes);
    assert!(d.contains_key(DANA));
    assert!(!storage::stale(&Stored::load(&d), "America/New_York"));
    assert!(storage::stale(&Stored::load(&d), "Europe/Berlin"));

    // A stricter profile changes every verdict: every view is written with it.
    let a = send(
        &mut d,
        json!({"v": 1, "type": "put_settings", "settings": {"profile": "gentle"}}),
    );
    assert_eq!(a["ok"], true, "{a}");
    let gentle = view(&d, DANA);
    let t = now() + Duration::days(6);
    assert_eq!(
        level_at(&gentle, t.timestamp_millis()),
        checked_level(&d, "dana@acme.example", t)
    );
}

#[test]
fn a_view_says_since_when_its_opportunity_has_events() {
    let mut d = acme();
    assert!(view(&d, DANA)["since"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-03T10:00"));
    // An earlier event of the opportunity, even without Dana, moves it back; a future one
    // (an interview, the one kind logged ahead) does not.
    for (id, kind, at) in [
        ("e0", "application", "2026-10-20T09:00:00-04:00"),
        ("e9", "interview", "2026-12-01T09:00:00-05:00"),
    ] {
        let a = send(&mut d, event(id, kind, at, &[]));
        assert_eq!(a["ok"], true, "{a}");
    }
    assert!(view(&d, DANA)["since"]
        .as_str()
        .unwrap()
        .starts_with("2026-10-20T09:00"));
}

#[test]
fn a_reply_seen_in_a_thread_is_stored_once_with_how_it_was_logged() {
    let mut d = acme();
    let seen = |id: &str, at: &str| {
        json!({"v": 1, "type": "log_reply", "reply": {"id": id, "from": "dana@acme.example",
            "at": at, "provider": "gmail", "message": "msg-f:1789"}})
    };
    let a = send(&mut d, seen("reply-a", "2026-11-04T09:00:00-05:00"));
    assert_eq!(a["events"][0]["duplicate"], false, "{a}");
    assert_eq!(
        d["event:reply-a"]["logged"],
        json!({"by": "thread", "provider": "gmail", "message": "msg-f:1789"})
    );
    // Seen again, by another id or another time on the page (a tab's clock): one reply.
    for again in [
        seen("reply-a", "2026-11-04T09:00:00-05:00"),
        seen("reply-b", "2026-11-04T09:01:00-05:00"),
    ] {
        let keys: Vec<String> = d.keys().cloned().collect();
        let a = send(&mut d, again);
        assert_eq!(a["events"][0]["id"], "reply-a", "{a}");
        assert_eq!(a["events"][0]["duplicate"], true, "{a}");
        assert_eq!(d.keys().cloned().collect::<Vec<_>>(), keys);
    }
    // The same id in another webmail is another message.
    let mut other = seen("reply-c", "2026-11-04T10:00:00-05:00");
    other["reply"]["provider"] = json!("outlook");
    assert_eq!(send(&mut d, other)["events"][0]["duplicate"], false);
    let long = json!({"v": 1, "type": "log_reply", "reply": {"id": "r", "from": "dana@acme.example",
        "message": "x".repeat(301)}});
    assert_eq!(respond(&Stored::load(&d), long).0["code"], "malformed");
}

#[test]
fn an_alias_learned_from_a_page_goes_into_the_name_index() {
    let mut d = acme();
    let learn = |address: &str, name: &str| json!({"v": 1, "type": "learn_alias", "address": address, "name": name});
    let a = send(&mut d, learn("DANA@acme.example", " Dana  H. "));
    assert_eq!(a["type"], "learned", "{a}");
    assert_eq!(a["contacts"], json!(["dana"]));
    assert_eq!(d["contact:dana"]["aliases"], json!(["Dana H."]));
    assert_eq!(d["view-names"]["dana h."], json!(["dana@acme.example"]));
    // Known already, or not tracked: nothing written.
    for (address, name) in [
        ("dana@acme.example", "dana h."),
        ("eve@else.example", "Eve"),
    ] {
        let (a, writes) = respond(&Stored::load(&d), learn(address, name));
        assert_eq!(a["contacts"], json!([]), "{a}");
        assert!(writes.map_or(true, |w| w.is_empty()));
    }
    for bad in [
        learn("dana@acme.example", "dana@acme.example"),
        json!({"v": 1, "type": "learn_alias", "address": "dana@acme.example"}),
    ] {
        let (a, writes) = respond(&Stored::load(&d), bad);
        assert_eq!(a["ok"], false, "{a}");
        assert!(writes.is_none());
    }
}

#[test]
fn an_own_address_is_remembered_in_the_settings_never_a_tracked_one() {
    let mut d = acme();
    let own = |address: &str| json!({"v": 1, "type": "learn_own_address", "address": address});
    assert_eq!(send(&mut d, own("Me@Home.example"))["ok"], true);
    assert_eq!(d["settings"]["own_addresses"], json!(["me@home.example"]));
    let (a, _) = respond(&Stored::load(&d), own("me@home.example"));
    assert_eq!(a["duplicate"], true, "{a}");
    let (a, writes) = respond(&Stored::load(&d), own("dana@acme.example"));
    assert_eq!(a["code"], "invalid", "{a}");
    assert!(writes.is_none());
}

#[test]
fn a_tracked_address_is_no_longer_one_of_the_users_own() {
    // A page taught an address wrongly as the user's; then the user tracks that person.
    let mut d = acme();
    let own = |address: &str| json!({"v": 1, "type": "learn_own_address", "address": address});
    assert_eq!(send(&mut d, own("me@home.example"))["ok"], true);
    assert_eq!(send(&mut d, own("Eve@Else.example"))["ok"], true);
    let eve = json!({"v": 1, "type": "put_contact", "contact": {"id": "eve", "opportunity": "acme", "name": "Eve", "addresses": ["eve@else.EXAMPLE"]}});
    assert_eq!(send(&mut d, eve)["ok"], true);
    assert_eq!(d["settings"]["own_addresses"], json!(["me@home.example"]));
    // Tracking someone else leaves the settings as they are.
    let fay = json!({"v": 1, "type": "put_contact", "contact": {"id": "fay", "opportunity": "acme", "name": "Fay", "addresses": ["fay@else.example"]}});
    let (_, writes) = respond(&Stored::load(&d), fay);
    assert!(!writes.unwrap().set.iter().any(|(key, _)| key == "settings"));
}

#[test]
fn a_reply_dated_before_everything_logged_with_its_sender_is_refused() {
    let mut d = acme();
    let reply = |id: &str, at: &str| json!({"v": 1, "type": "log_reply", "reply": {"id": id, "from": "dana@acme.example", "at": at}});
    let early = send(&mut d, reply("r-early", "2026-11-02T09:00:00-05:00"));
    assert_eq!(early["code"], "invalid", "{early}");
    assert_eq!(early["problems"][0]["path"], "reply.at");
    assert_eq!(early["problems"][0]["code"], "implausible_reply");
    assert!(!d.contains_key("event:r-early"));
    // Not from a tracked address: nothing to log, nothing refused.
    let stranger = json!({"v": 1, "type": "log_reply", "reply": {"id": "r-x", "from": "x@y.example", "at": "2026-11-02T09:00:00-05:00"}});
    assert_eq!(send(&mut d, stranger)["ok"], true);
    // After the interview: logged.
    let later = send(&mut d, reply("r-later", "2026-11-03T11:00:00-05:00"));
    assert_eq!(later["ok"], true, "{later}");
    assert!(d.contains_key("event:r-later"));
}

/// An id a page sends for a send or a reply becomes a storage key (`event:<id>`):
/// Chromium cuts a key at a NUL, so `send-a\0b` was stored as `event:send-a` and the whole
/// history then read as unreadable. Ids with control characters, or longer than a
/// message id may be, are refused, and nothing is written.
#[test]
fn a_page_cannot_store_an_id_with_a_control_character_or_of_any_size() {
    let d = acme();
    for id in [
        "send-a\u{0}b",
        "send-\n",
        "send-\u{7f}",
        &format!("send-{}", "x".repeat(300)),
    ] {
        let message =
            json!({"v": 1, "type": "log_send", "send": {"id": id, "to": ["dana@acme.example"]}});
        let (answer, writes) = respond(&Stored::load(&d), message);
        assert_eq!(answer["code"], "malformed", "{id:?}: {answer}");
        assert!(writes.is_none(), "{id:?}");
        let reply = json!({"v": 1, "type": "log_reply", "reply": {"id": id.replacen("send-", "r", 1), "from": "dana@acme.example"}});
        assert_eq!(
            respond(&Stored::load(&d), reply).0["code"],
            "malformed",
            "{id:?}"
        );
    }
}
