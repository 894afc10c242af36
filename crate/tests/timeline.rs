//! An opportunity's timeline: `events` lists its events newest first; `edit_event`
//! replaces one (keeping its id), checked like a new one; `delete` and `put_back` remove
//! one and undo that.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use serde_json::{json, Value};
use too_soon::storage::Stored;

fn timeline(dump: &too_soon::storage::Dump) -> Vec<Value> {
    let (a, _) = respond(
        &Stored::load(dump),
        json!({"v": 1, "type": "events", "opportunity": "acme"}),
    );
    assert_eq!(a["type"], "events", "{a}");
    a["events"].as_array().unwrap().clone()
}

fn ids(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["id"].as_str().unwrap()).collect()
}

#[test]
fn events_come_newest_first_and_only_the_opportunitys() {
    let mut d = acme();
    for m in [
        event("e2", "thank_you", "2026-11-03T15:00:00-05:00", &["dana"]),
        event("e0", "application", "2026-10-20T09:00:00-04:00", &[]),
        opportunity("other"),
        json!({"v": 1, "type": "log_event", "event": {"id": "x", "opportunity": "other",
            "kind": "application", "at": "2026-11-04T09:00:00-05:00"}}),
    ] {
        assert_eq!(send(&mut d, m)["ok"], true);
    }
    assert_eq!(ids(&timeline(&d)), ["e2", "e1", "e0"]);
}

#[test]
fn an_edit_keeps_the_id_and_is_checked_like_a_new_event() {
    let mut d = acme();
    assert_eq!(
        send(
            &mut d,
            event("e2", "follow_up", "2026-11-04T09:00:00-05:00", &["dana"])
        )["ok"],
        true
    );
    // A mistyped date, corrected: the same id, a new moment, and the send classified
    // again from the history without it (inside the thank-you window: a thank-you note).
    let edit = json!({"v": 1, "type": "edit_event", "event": {"id": "e2", "opportunity": "acme",
        "kind": "thank_you", "channel": "email", "at": "2026-11-03T16:00:00-05:00", "contacts": ["dana"],
        "note": "sent from my phone"}});
    let a = send(&mut d, edit);
    assert_eq!(a["type"], "edited", "{a}");
    assert_eq!(a["id"], "e2");
    assert_eq!(a["previous"]["at"], "2026-11-04T09:00:00-05:00");
    assert_eq!(a["classification"], "thank_you");
    let stored = &d["event:e2"];
    assert_eq!(stored["at"], "2026-11-03T16:00:00-05:00");
    assert_eq!(stored["note"], "sent from my phone");
    assert_eq!(stored["classification"], "thank_you");
    assert_eq!(ids(&timeline(&d)), ["e2", "e1"]);
    // Undo: the previous event, edited back.
    let undo = json!({"v": 1, "type": "edit_event", "event": a["previous"].clone()});
    assert_eq!(send(&mut d, undo)["ok"], true);
    assert_eq!(d["event:e2"]["at"], "2026-11-04T09:00:00-05:00");
    assert_eq!(d["event:e2"]["kind"], "follow_up");
}

/// The user's word on what a send was counts: one logged or edited as a follow-up is never
/// a thank-you note, even inside the window after an interview (it asked for news; the
/// timeline shows it as a follow-up, and the engine counts it as one).
#[test]
fn a_follow_up_inside_the_thank_you_window_is_an_initiated_contact() {
    let mut d = acme();
    let a = send(
        &mut d,
        event("e2", "follow_up", "2026-11-03T16:00:00-05:00", &["dana"]),
    );
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(d["event:e2"]["classification"], "initiated");
    // Logged as a thank-you note, then corrected into a follow-up: classified again.
    let mut d = acme();
    let thanks = event("e3", "thank_you", "2026-11-03T17:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, thanks)["ok"], true);
    assert_eq!(d["event:e3"]["classification"], "thank_you");
    let edit = json!({"v": 1, "type": "edit_event", "event": {"id": "e3", "opportunity": "acme",
        "kind": "follow_up", "channel": "email", "at": "2026-11-03T17:00:00-05:00", "contacts": ["dana"]}});
    let a = send(&mut d, edit);
    assert_eq!(a["classification"], "initiated", "{a}");
    assert_eq!(d["event:e3"]["classification"], "initiated");
}

/// Typed by hand, only an interview may be ahead (logged once scheduled); a reply, a note
/// or a contact in the future would change the verdicts when its moment comes (a reply
/// dated ahead opens a conversation then). A few minutes of clock aside. Now is Thu 5 Nov
/// 15:00 UTC.
#[test]
fn only_an_interview_is_logged_ahead() {
    let mut d = acme();
    let before = d.clone();
    for kind in [
        "reply",
        "thank_you",
        "follow_up",
        "call_attempt",
        "application",
        "closed",
    ] {
        let a = send(
            &mut d,
            event("ahead", kind, "2026-11-07T09:00:00-05:00", &["dana"]),
        );
        assert_eq!(a["code"], "invalid", "{kind}: {a}");
        assert_eq!(a["problems"][0]["path"], "event.at", "{a}");
        assert_eq!(a["problems"][0]["code"], "not_yet", "{a}");
        assert_eq!(d, before, "{kind}: nothing written");
    }
    // Edited into the future: refused too; an edit that keeps the moment is not checked.
    let edit = |at: &str, note: &str| {
        json!({"v": 1, "type": "edit_event", "event": {"id": "e1", "opportunity": "acme",
            "kind": "reply", "at": at, "contacts": ["dana"], "note": note}})
    };
    assert_eq!(
        send(&mut d, edit("2026-11-06T09:00:00-05:00", ""))["code"],
        "invalid"
    );
    let scheduled = event("next", "interview", "2026-11-12T10:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, scheduled)["ok"], true, "an interview ahead");
    let note = json!({"v": 1, "type": "edit_event", "event": {"id": "next", "opportunity": "acme",
        "kind": "interview", "at": "2026-11-12T10:00:00-05:00", "contacts": ["dana"], "note": "room 4"}});
    assert_eq!(send(&mut d, note)["ok"], true);
    // Now, or a few minutes ahead of this clock: logged.
    assert_eq!(
        send(
            &mut d,
            event("now", "reply", "2026-11-05T15:05:00Z", &["dana"])
        )["ok"],
        true
    );
}

/// A thank-you note to nobody of an opportunity that has people: refused beside the
/// people (the card would go on saying a note is due).
#[test]
fn a_thank_you_note_names_whom_it_was_for() {
    let mut d = acme();
    let before = d.clone();
    let a = send(
        &mut d,
        event("t1", "thank_you", "2026-11-03T16:00:00-05:00", &[]),
    );
    assert_eq!(a["problems"][0]["path"], "event.contacts", "{a}");
    assert_eq!(a["problems"][0]["code"], "nobody", "{a}");
    assert_eq!(d, before);
    let a = send(
        &mut d,
        event("t1", "thank_you", "2026-11-03T16:00:00-05:00", &["dana"]),
    );
    assert_eq!(a["ok"], true, "{a}");
    // A contact with nobody in particular (through a careers site) is still fine.
    let a = send(
        &mut d,
        event("f1", "follow_up", "2026-11-04T09:00:00-05:00", &[]),
    );
    assert_eq!(a["ok"], true, "{a}");
}

#[test]
fn a_refused_edit_writes_nothing() {
    let mut d = acme();
    let before = d.clone();
    for (event, path) in [
        (
            json!({"id": "e1", "opportunity": "acme", "kind": "interview", "at": "yesterday"}),
            "event.at",
        ),
        (
            json!({"id": "e1", "opportunity": "acme", "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": ["nobody"]}),
            "event.contacts",
        ),
        (
            json!({"id": "e9", "opportunity": "acme", "kind": "interview", "at": "2026-11-03T10:00:00-05:00"}),
            "event.id",
        ),
    ] {
        let a = send(
            &mut d,
            json!({"v": 1, "type": "edit_event", "event": event}),
        );
        assert_eq!(a["code"], "invalid", "{a}");
        assert!(a["message"].as_str().unwrap().contains(path), "{a}");
        assert_eq!(d, before);
    }
}

#[test]
fn a_deleted_event_comes_back_with_undo() {
    let mut d = acme();
    let a = send(
        &mut d,
        json!({"v": 1, "type": "delete", "kind": "event", "id": "e1"}),
    );
    assert_eq!(a["type"], "deleted", "{a}");
    assert!(timeline(&d).is_empty());
    let back = send(
        &mut d,
        json!({"v": 1, "type": "put_back", "removed": a["removed"].clone()}),
    );
    assert_eq!(back["ok"], true, "{back}");
    assert_eq!(ids(&timeline(&d)), ["e1"]);
}

/// "Last contact" on a card: the latest time the user was in touch with them, whatever the
/// kind (an interview, a thank-you note, their reply), never an interview still ahead.
#[test]
fn the_last_contact_is_any_contact_up_to_now() {
    let mut d = acme(); // interview on Tue 3 Nov 10:00 (New York)
    let last = |d: &too_soon::storage::Dump| {
        let (a, _) = respond(&Stored::load(d), json!({"v": 1, "type": "status"}));
        a["opportunities"][0]["last_contact"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(last(&d).starts_with("2026-11-03T10:00"), "{}", last(&d));
    let thanks = event("e2", "thank_you", "2026-11-03T17:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, thanks)["ok"], true);
    assert!(last(&d).starts_with("2026-11-03T17:00"), "{}", last(&d));
    let reply = event("e3", "reply", "2026-11-04T08:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, reply)["ok"], true);
    assert!(last(&d).starts_with("2026-11-04T08:00"), "{}", last(&d));
    let ahead = event("e4", "interview", "2026-11-12T10:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, ahead)["ok"], true);
    assert!(last(&d).starts_with("2026-11-04T08:00"), "{}", last(&d));
}

/// A decision or check-in date typed before anything logged for the opportunity is a typo
/// (a wrong year): refused, with the first day logged, so that R-DECISION-DATE and
/// R-AGREED-DATE are never silently void. A date stored so before (a restore) does not
/// stop other edits.
#[test]
fn a_date_typed_before_the_first_event_is_refused() {
    let mut d = acme(); // interview on Tue 3 Nov 2026
    let put = |fields: Value| {
        let mut o = json!({"id": "acme", "company": "Acme"});
        o.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        json!({"v": 1, "type": "put_opportunity", "opportunity": o})
    };
    for field in ["decision_date", "agreed_checkin_date"] {
        let before = d.clone();
        let a = send(&mut d, put(json!({ field: "2020-01-01" })));
        assert_eq!(a["code"], "invalid", "{a}");
        assert_eq!(
            a["problems"][0]["path"],
            format!("opportunity.{field}"),
            "{a}"
        );
        assert_eq!(a["problems"][0]["code"], "before_first_event", "{a}");
        assert_eq!(a["problems"][0]["values"]["date"], "2026-11-03", "{a}");
        assert_eq!(d, before);
        // Any day from the first event on is kept, the past included.
        assert_eq!(
            send(&mut d, put(json!({ field: "2026-11-03" })))["ok"],
            true
        );
    }
    let a = send(
        &mut d,
        put(
            json!({"decision_date": "2026-11-03", "agreed_checkin_date": "2026-11-03", "role": "Lead"}),
        ),
    );
    assert_eq!(a["ok"], true, "{a}");
    // A date stored before the first event (a restore wrote it): other edits go through.
    d.insert(
        "opportunity:acme".into(),
        json!({"id": "acme", "company": "Acme", "decision_date": "2020-01-01"}),
    );
    let a = send(
        &mut d,
        put(json!({"decision_date": "2020-01-01", "role": "Staff"})),
    );
    assert_eq!(a["ok"], true, "{a}");
}

/// A send's classification follows an edit of the history before it: an interview edited
/// so that Dana no longer took part leaves her note an ordinary follow-up (R-THANK-YOU
/// covers the people who took part); the edit undone, a thank-you note again.
#[test]
fn an_edited_interview_classifies_the_sends_after_it_again() {
    let mut d = acme(); // interview with Dana, Tue 3 Nov 10:00
    assert_eq!(
        send(&mut d, contact("sam", "acme", "sam@acme.example"))["ok"],
        true
    );
    let with = |who: &[&str]| {
        json!({"v": 1, "type": "edit_event", "event": {"id": "e1", "opportunity": "acme",
            "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": who}})
    };
    assert_eq!(send(&mut d, with(&["dana", "sam"]))["ok"], true);
    let note = event("e2", "thank_you", "2026-11-03T17:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, note)["ok"], true);
    assert_eq!(d["event:e2"]["classification"], "thank_you");
    assert_eq!(send(&mut d, with(&["sam"]))["ok"], true);
    assert_eq!(
        d["event:e2"]["classification"], "initiated",
        "Dana took no part"
    );
    assert_eq!(
        d["event:e2"]["kind"], "thank_you",
        "what the user logged stays"
    );
    assert_eq!(send(&mut d, with(&["dana", "sam"]))["ok"], true);
    assert_eq!(d["event:e2"]["classification"], "thank_you");
}

/// Deleting their reply leaves the message that answered it an ordinary follow-up (no
/// conversation was open); its undo makes it an answer again.
#[test]
fn a_deleted_reply_classifies_the_sends_after_it_again() {
    let mut d = acme(); // interview Tue 3 Nov
    let reply = event("r1", "reply", "2026-11-04T09:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, reply)["ok"], true);
    let answer = event("e2", "follow_up", "2026-11-04T11:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, answer)["ok"], true);
    assert_eq!(d["event:e2"]["classification"], "answer");
    let a = send(
        &mut d,
        json!({"v": 1, "type": "delete", "kind": "event", "id": "r1"}),
    );
    assert_eq!(a["ok"], true, "{a}");
    assert_eq!(
        d["event:e2"]["classification"], "initiated",
        "no reply to answer"
    );
    let undo = json!({"v": 1, "type": "put_back", "removed": a["removed"].clone()});
    assert_eq!(send(&mut d, undo)["ok"], true);
    assert_eq!(d["event:e2"]["classification"], "answer");
}

/// A follow-up stored without its classification (an older file, a hand-written one) is
/// classified when read: never as a thank-you note, even inside the window.
#[test]
fn a_follow_up_read_without_its_classification_is_no_thank_you_note() {
    let data: too_soon::model::Data = serde_json::from_value(json!({
        "format": "too-soon", "version": 2,
        "opportunities": [{"id": "acme", "company": "Acme", "stage": "interviewing"}],
        "contacts": [{"id": "dana", "opportunity": "acme", "name": "Dana Hill", "addresses": ["dana@acme.example"]}],
        "events": [
            {"id": "e1", "opportunity": "acme", "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": ["dana"]},
            {"id": "e2", "opportunity": "acme", "kind": "follow_up", "channel": "email", "at": "2026-11-03T17:00:00-05:00", "contacts": ["dana"]}
        ]
    }))
    .unwrap();
    let status = too_soon::policy::status(&data, now(), &chrono_tz::America::New_York);
    assert_eq!(status[0].unanswered, 1, "the follow-up counts as one");
}

/// Classified again only what the change can alter: an opportunity closed by its stage
/// keeps its notes and answers through an unrelated edit (it was closed after them).
#[test]
fn a_closed_opportunity_keeps_its_classifications_through_an_edit() {
    let mut d = acme();
    let note = event("e2", "thank_you", "2026-11-03T17:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, note)["ok"], true);
    let close = json!({"v": 1, "type": "put_opportunity", "opportunity":
        {"id": "acme", "company": "Acme", "stage": "closed"}});
    assert_eq!(send(&mut d, close)["ok"], true);
    let noted = json!({"v": 1, "type": "edit_event", "event": {"id": "e1", "opportunity": "acme",
        "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": ["dana"], "note": "went well"}});
    assert_eq!(send(&mut d, noted)["ok"], true);
    assert_eq!(d["event:e2"]["classification"], "thank_you");
}

/// Deleting a person rewrites their events without them; its undo puts them back as they
/// were, and leaves the other people's sends as they were.
#[test]
fn the_undo_of_a_persons_delete_leaves_the_others_sends_as_they_were() {
    let mut d = acme(); // interview with Dana only
    assert_eq!(
        send(&mut d, contact("sam", "acme", "sam@acme.example"))["ok"],
        true
    );
    let note = event("e2", "thank_you", "2026-11-03T17:00:00-05:00", &["sam"]);
    assert_eq!(send(&mut d, note)["ok"], true);
    assert_eq!(
        d["event:e2"]["classification"], "initiated",
        "Sam took no part"
    );
    let a = send(
        &mut d,
        json!({"v": 1, "type": "delete", "kind": "contact", "id": "dana"}),
    );
    assert_eq!(a["ok"], true, "{a}");
    let undo = json!({"v": 1, "type": "put_back", "removed": a["removed"].clone()});
    assert_eq!(send(&mut d, undo)["ok"], true);
    assert_eq!(d["event:e1"]["contacts"], json!(["dana"]));
    assert_eq!(d["event:e2"]["classification"], "initiated");
}

/// Their reply logged by hand after the message that answered it (dated before it): that
/// message is an answer at once, not at some later, unrelated write.
#[test]
fn a_reply_logged_late_classifies_the_sends_after_it() {
    let mut d = acme();
    let late = event("e2", "follow_up", "2026-11-04T11:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, late)["ok"], true);
    assert_eq!(d["event:e2"]["classification"], "initiated");
    let reply = event("r1", "reply", "2026-11-04T09:00:00-05:00", &["dana"]);
    assert_eq!(send(&mut d, reply)["ok"], true);
    assert_eq!(d["event:e2"]["classification"], "answer");
}
