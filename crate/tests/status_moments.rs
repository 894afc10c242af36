//! `status`, `moments_ahead` and `classify`.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use serde_json::json;
use too_soon::format;
use too_soon::model::{Channel, Classification, Data, Level};
use too_soon::policy::{self, NextStep, Query};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("date")
        .with_timezone(&Utc)
}

fn data() -> Data {
    format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [
            {"id": "acme", "company": "Acme", "role": "Engineer", "stage": "interviewing"},
            {"id": "globex", "company": "Globex", "role": "Analyst", "stage": "applied"},
            {"id": "initech", "company": "Initech", "stage": "closed"},
            {"id": "hooli", "company": "Hooli", "stage": "interviewing"}
        ],
        "contacts": [
            {"id": "dana", "opportunity": "acme", "name": "Dana Hill", "addresses": ["dana@acme.example"]},
            {"id": "sam", "opportunity": "acme", "name": "Sam Lee", "addresses": ["sam@acme.example"]},
            {"id": "gina", "opportunity": "globex", "name": "Gina Ruiz", "addresses": ["gina@globex.example"]},
            {"id": "hal", "opportunity": "hooli", "name": "Hal Moss", "addresses": ["hal@hooli.example"]}
        ],
        "events": [
            {"id": "e1", "opportunity": "acme", "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": ["dana", "sam"]},
            {"id": "e2", "opportunity": "acme", "kind": "thank_you", "at": "2026-11-03T15:00:00-05:00", "contacts": ["dana"]},
            {"id": "e3", "opportunity": "globex", "kind": "application", "at": "2026-11-02T09:00:00-05:00"},
            {"id": "e4", "opportunity": "hooli", "kind": "follow_up", "at": "2026-11-01T09:00:00-05:00", "contacts": ["hal"]},
            {"id": "e5", "opportunity": "hooli", "kind": "reply", "at": "2026-11-02T09:00:00-05:00", "contacts": ["hal"]}
        ]
    }))
    .expect("valid")
}

#[test]
fn status_says_what_is_next_for_each_opportunity() {
    let s = policy::status(&data(), at("2026-11-03T16:00:00-05:00"), &New_York);
    assert_eq!(s.len(), 4);
    let acme = &s[0];
    assert_eq!(acme.next_step, NextStep::ThankYou);
    assert_eq!(acme.thank_you_due.len(), 1);
    assert_eq!(acme.thank_you_due[0].contact, "sam");
    assert_eq!(acme.thank_you_due[0].until, "2026-11-05T10:00:00-05:00");
    assert_eq!(acme.encouraged[0].kind, "thank_you");
    assert_eq!(acme.step.names, ["Sam Lee"]);
    assert_eq!(acme.step.at.as_deref(), Some("2026-11-05T10:00:00-05:00"));
    let globex = &s[1];
    assert_eq!(globex.next_step, NextStep::Wait);
    assert_eq!(globex.from.as_deref(), Some("2026-11-09T00:00:00-05:00"));
    assert!(globex.warn);
    assert_eq!(globex.why[0].rule, "R-APPLY-WAIT");
    let line = too_soon::english::summary(&serde_json::to_value(globex).unwrap());
    assert!(
        line.starts_with("Waiting — follow up from Mon 9 Nov. You applied on Mon 2 Nov"),
        "{line}"
    );
    assert_eq!(s[2].next_step, NextStep::Closed);
    assert_eq!(s[2].level, Level::MoveOn);
    let hooli = &s[3];
    assert_eq!(hooli.next_step, NextStep::Answer);
    assert_eq!(hooli.encouraged[0].kind, "answer");
    assert_eq!(hooli.unanswered, 0);
}

/// Their reply on Mon 2 Nov opens a conversation of 14 days: Mon 2 to Sun 15 Nov. The
/// card and the reason name Sunday, the last day a message is an answer, not the
/// Monday at whose midnight the conversation ends.
#[test]
fn the_answer_step_names_the_last_day_of_the_conversation() {
    let sunday = policy::status(&data(), at("2026-11-15T20:00:00-05:00"), &New_York);
    let hooli = &sunday[3];
    assert_eq!(hooli.step.at.as_deref(), Some("2026-11-16T00:00:00-05:00"));
    assert_eq!(
        hooli.step.date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-15")
    );
    let status = serde_json::to_value(hooli).unwrap();
    assert_eq!(
        too_soon::english::step_line(&status["step"]),
        "They replied — answer by Sun 15 Nov"
    );
    let reply = hooli
        .why
        .iter()
        .find(|r| r.rule == "R-REPLY")
        .expect("R-REPLY");
    let words = too_soon::english::english()
        .say(reply.message, &serde_json::to_value(&reply.data).unwrap())
        .unwrap();
    assert_eq!(
        words,
        "They replied on Mon 2 Nov: until Sun 15 Nov your messages are answers, never too soon."
    );
    let monday = policy::status(&data(), at("2026-11-16T09:00:00-05:00"), &New_York);
    assert_ne!(
        monday[3].next_step,
        NextStep::Answer,
        "the conversation is over"
    );
}

#[test]
fn status_follow_up_due_once_the_wait_is_over() {
    let s = policy::status(&data(), at("2026-11-10T09:00:00-05:00"), &New_York);
    assert_eq!(s[0].next_step, NextStep::FollowUp);
    assert!(s[0].follow_up_due);
    assert_eq!(s[1].next_step, NextStep::FollowUp);
    let json = serde_json::to_value(&s).expect("serializes");
    assert_eq!(json[0]["next_step"], "follow_up");
    assert_eq!(json[0]["level"], "ok");
}

#[test]
fn moments_ahead_for_an_interviewer() {
    let q = Query::email(["sam@acme.example"], at("2026-11-03T16:00:00-05:00"));
    let m = policy::moments_ahead(&data(), &q, &New_York, 10);
    let seen: Vec<(&str, Level)> = m.iter().map(|m| (m.at.as_str(), m.level)).collect();
    assert_eq!(
        seen,
        [
            ("2026-11-05T10:00:00-05:00", Level::TooSoon),
            ("2026-11-10T00:00:00-05:00", Level::Ok)
        ]
    );
    assert_eq!(m[0].classification, Classification::Initiated);
}

#[test]
fn moments_ahead_for_an_opportunity_and_limits() {
    let q = Query::opportunity("globex", Channel::Email, at("2026-11-03T16:00:00-05:00"));
    let m = policy::moments_ahead(&data(), &q, &New_York, 10);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].at, "2026-11-09T00:00:00-05:00");
    assert!(!m[0].warn);
    let q = Query::email(["sam@acme.example"], at("2026-11-03T16:00:00-05:00"));
    assert_eq!(policy::moments_ahead(&data(), &q, &New_York, 1).len(), 1);
    let untracked = Query::email(["nobody@example.com"], at("2026-11-03T16:00:00-05:00"));
    assert!(policy::moments_ahead(&data(), &untracked, &New_York, 5).is_empty());
}

#[test]
fn classify_a_send() {
    let d = data();
    let q = Query::email(
        ["sam@acme.example", "dana@acme.example"],
        at("2026-11-03T16:00:00-05:00"),
    );
    let c = policy::classify(&d, &q, &New_York);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].classification, Classification::Initiated);
    assert_eq!(c[0].thank_you_for, ["sam"]);
    assert_eq!(c[0].contacts, ["dana", "sam"]);
    let q = Query::email(["hal@hooli.example"], at("2026-11-05T16:00:00-05:00"));
    assert_eq!(
        policy::classify(&d, &q, &New_York)[0].classification,
        Classification::Answer
    );
    let q = Query::email(["nobody@example.com"], at("2026-11-05T16:00:00-05:00"));
    assert!(policy::classify(&d, &q, &New_York).is_empty());
}

#[test]
fn unknown_opportunity_or_untracked_address_gives_no_verdict() {
    let d = data();
    let q = Query::opportunity("nope", Channel::Email, at("2026-11-05T16:00:00-05:00"));
    assert!(policy::check(&d, &q, &New_York).is_none());
    let q = Query::email(["nobody@example.com"], at("2026-11-05T16:00:00-05:00"));
    assert!(policy::check(&d, &q, &New_York).is_none());
    assert!(policy::check(&Data::default(), &q, &New_York).is_none());
}

#[test]
fn query_json_shape() {
    let q: Query = serde_json::from_value(json!({
        "to": ["dana@acme.example"], "channel": "voicemail", "words": 80,
        "at": "2026-11-05T10:00:00-05:00", "profile": "gentle"
    }))
    .expect("query");
    assert_eq!(q.at, at("2026-11-05T15:00:00Z"));
    assert_eq!(q.channel, Channel::Voicemail);
    let back = serde_json::to_value(&q).expect("serializes");
    assert_eq!(back["at"], "2026-11-05T15:00:00Z");
    let minimal: Query =
        serde_json::from_value(json!({"at": "2026-11-05T10:00:00Z"})).expect("minimal");
    assert_eq!(minimal.channel, Channel::Email);
}

#[test]
fn extreme_moments_do_not_panic() {
    let d = data();
    let tzs: [&dyn Fn(&Query); 3] = [
        &|q| {
            let _ = policy::check(&d, q, &New_York);
            let _ = policy::moments_ahead(&d, q, &New_York, 5);
            let _ = policy::classify(&d, q, &New_York);
        },
        &|q| {
            let _ = policy::check(&d, q, &chrono_tz::Australia::Adelaide);
        },
        &|q| {
            let _ = policy::check(&d, q, &Utc);
            let _ = policy::status(&d, q.at, &Utc);
        },
    ];
    for at in [
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
        DateTime::<Utc>::UNIX_EPOCH,
    ] {
        for channel in Channel::ALL {
            let mut q = Query::email(["sam@acme.example", "hal@hooli.example"], at);
            q.channel = *channel;
            for f in &tzs {
                f(&q);
            }
            let _ = policy::status(&d, at, &New_York);
        }
    }
}

#[test]
fn log_send_records_what_a_send_was() {
    let mut d = data();
    let q = Query::email(["sam@acme.example"], at("2026-11-03T16:00:00-05:00"));
    let events = policy::log_send(&d, &q, &New_York, "e9");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, too_soon::model::EventKind::ThankYou);
    assert_eq!(events[0].classification, Some(Classification::ThankYou));
    assert_eq!(events[0].at.to_rfc3339(), "2026-11-03T16:00:00-05:00");
    d.events.extend(events);
    // Logged, the file stays valid, and a second note to Sam is a follow-up.
    let d = format::parse(&format::to_json(&d)).expect("still valid");
    let again = Query::email(["sam@acme.example"], at("2026-11-03T18:00:00-05:00"));
    let v = policy::check(&d, &again, &New_York).expect("tracked");
    assert_eq!(v.classification, Classification::Initiated);
    assert_eq!(v.level, Level::TooSoon);
}

#[test]
fn right_after_a_good_send_the_step_is_waiting_from_a_business_morning() {
    // Globex: applied Mon 2 Nov; a follow-up on Tue 10 Nov was fine. Right after it, the
    // verdict on another one warns, and the card says "waiting", from a suggested moment
    // on a business day at 09:00, never "stop".
    let mut d = data();
    d.events.push(
        format::parse_event(
            &json!({"id": "e6", "opportunity": "globex", "kind": "follow_up", "channel": "email",
                    "at": "2026-11-10T09:00:00-05:00", "contacts": ["gina"]}),
            "event",
        )
        .expect("valid"),
    );
    let before = policy::status(&data(), at("2026-11-10T08:59:00-05:00"), &New_York);
    assert_eq!(before[1].step.id, policy::StepId::FollowUpNow);
    assert!(before[1].step.now);
    let s = policy::status(&d, at("2026-11-10T09:01:00-05:00"), &New_York);
    let globex = &s[1];
    assert!(globex.warn);
    assert_eq!(globex.step.id, policy::StepId::Waiting);
    assert!(!globex.step.now);
    assert_eq!(
        globex.next_ok_at.as_deref(),
        Some("2026-11-20T00:00:00-05:00")
    );
    assert_eq!(
        globex.suggested_at.as_deref(),
        Some("2026-11-20T09:00:00-05:00")
    );
    assert_eq!(globex.step.at, globex.suggested_at);
    assert!(!globex.step.timed, "a day, not a time");
    assert_eq!(policy::due_now(&s), s.iter().filter(|s| s.step.now).count());
}

#[test]
fn status_carries_data_not_sentences() {
    // The extension words each status from its catalogue; only the CLI adds English.
    let s = policy::status(&data(), at("2026-11-03T16:00:00-05:00"), &New_York);
    let text = serde_json::to_string(&s).expect("serializes");
    for prose in [
        "\"summary\"",
        "\"sentence\"",
        "Wait until",
        "thank-you note to",
    ] {
        assert!(!text.contains(prose), "{prose} in {text}");
    }
}

/// An agreed check-in date that comes before an interview scheduled ahead is the card's
/// step ("Check in on Thu 3 Dec (agreed)"), not the interview: it is what to do first, and
/// the calendar's event on that morning is the check-in.
#[test]
fn an_agreed_check_in_before_an_interview_ahead_is_the_step() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "b", "company": "Müller", "stage": "interviewing", "agreed_checkin_date": "2026-12-03"}],
        "contacts": [{"id": "k", "opportunity": "b", "name": "Katrin", "addresses": ["k@m.example"]}],
        "events": [
            {"id": "a", "opportunity": "b", "kind": "application", "at": "2026-11-12T09:00:00-05:00"},
            {"id": "f", "opportunity": "b", "kind": "follow_up", "at": "2026-11-30T09:00:00-05:00", "contacts": ["k"]},
            {"id": "i", "opportunity": "b", "kind": "interview", "at": "2026-12-08T14:00:00-05:00", "contacts": ["k"]}
        ]
    }))
    .expect("valid");
    let s = &policy::status(&data, at("2026-12-01T20:00:00-05:00"), &New_York)[0];
    assert_eq!(
        s.step.id,
        policy::StepId::CheckIn,
        "{:?} from {:?} next {:?} why {:?}",
        s.step,
        s.from,
        s.next_ok_at,
        s.why.iter().map(|r| r.rule).collect::<Vec<_>>()
    );
    assert_eq!(
        s.step.date.map(|d| d.to_string()).as_deref(),
        Some("2026-12-03")
    );
    assert_eq!(
        too_soon::ics::moment(s, &New_York)
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2026-12-03T14:00:00+00:00")
    );
    // On the day: check in now; once checked in, the interview is next again.
    let s = &policy::status(&data, at("2026-12-03T10:00:00-05:00"), &New_York)[0];
    assert_eq!(
        (s.step.id, s.step.now),
        (policy::StepId::CheckIn, true),
        "{:?}",
        s.step
    );
    let mut checked = data.clone();
    let mut call = checked.events[1].clone();
    call.id = "c".into();
    call.at = at("2026-12-03T09:30:00-05:00").into();
    checked.events.push(call);
    let s = &policy::status(&checked, at("2026-12-03T10:00:00-05:00"), &New_York)[0];
    assert_eq!(s.step.id, policy::StepId::InterviewAhead, "{:?}", s.step);
    // With the check-in date after the interview, the interview comes first.
    let mut later = data.clone();
    later.opportunities[0].agreed_checkin_date = chrono::NaiveDate::from_ymd_opt(2026, 12, 10);
    let s = &policy::status(&later, at("2026-12-01T20:00:00-05:00"), &New_York)[0];
    assert_eq!(s.step.id, policy::StepId::InterviewAhead, "{:?}", s.step);
}

/// An agreed check-in never made, after two contacts left unanswered: R-AGREED-DATE does
/// not lift R-MOVE-ON (docs/policy.md), so once the 14 days are over the verdict is `move_on`
/// and the card says so, as the badge does; it said "Check in today (agreed)", in green,
/// with a reminder to check in. Before then it waits for R-MOVE-ON's date.
#[test]
fn an_agreed_check_in_after_two_unanswered_contacts_is_a_move_on() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "o", "company": "Acme", "stage": "applied", "agreed_checkin_date": "2026-11-11"}],
        "contacts": [
            {"id": "dana", "opportunity": "o", "name": "Dana", "addresses": ["dana@acme.example"]},
            {"id": "rex", "opportunity": "o", "name": "Rex", "addresses": ["rex@acme.example"]}
        ],
        "events": [
            {"id": "a", "opportunity": "o", "kind": "application", "at": "2026-10-26T09:00:00-05:00"},
            {"id": "f", "opportunity": "o", "kind": "follow_up", "at": "2026-11-09T09:00:00-05:00", "contacts": ["dana"]},
            {"id": "v", "opportunity": "o", "kind": "follow_up", "channel": "voicemail", "at": "2026-11-10T09:00:00-05:00", "contacts": ["rex"]}
        ]
    }))
    .expect("valid");
    let later = at("2026-11-24T10:00:00-05:00");
    let s = &policy::status(&data, later, &New_York)[0];
    assert_eq!(
        s.level,
        Level::MoveOn,
        "{:?}",
        s.why.iter().map(|r| r.rule).collect::<Vec<_>>()
    );
    assert_eq!(
        (s.step.id, s.step.now),
        (policy::StepId::MoveOn, false),
        "{:?}",
        s.step
    );
    let due = policy::reminders(&data, later, &New_York);
    assert!(
        due.due.iter().all(|d| d.what != "check_in"),
        "{:?}",
        due.due
    );
    let before = &policy::status(&data, at("2026-11-16T10:00:00-05:00"), &New_York)[0];
    assert_eq!(before.step.id, policy::StepId::Waiting, "{:?}", before.step);
}

/// A conversation the user has answered waits for their answer: it is sorted with the
/// waits, after the cards with something to do now (it came first, above "Follow up now").
#[test]
fn an_answered_conversation_is_sorted_with_the_waits() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [
            {"id": "t", "company": "Telefónica", "stage": "applied"},
            {"id": "g", "company": "Glovo", "stage": "applied"}
        ],
        "contacts": [
            {"id": "m", "opportunity": "t", "name": "Marta", "addresses": ["marta@t.example"]},
            {"id": "j", "opportunity": "g", "name": "Jorge", "addresses": ["jorge@g.example"]}
        ],
        "events": [
            {"id": "a1", "opportunity": "t", "kind": "application", "at": "2026-11-20T09:00:00-05:00"},
            {"id": "r", "opportunity": "t", "kind": "reply", "at": "2026-12-01T09:00:00-05:00", "contacts": ["m"]},
            {"id": "s", "opportunity": "t", "kind": "follow_up", "at": "2026-12-01T11:00:00-05:00", "contacts": ["m"]},
            {"id": "a2", "opportunity": "g", "kind": "application", "at": "2026-11-20T09:00:00-05:00"}
        ]
    }))
    .expect("valid");
    let mut s = policy::status(&data, at("2026-12-02T10:00:00-05:00"), &New_York);
    s.sort_by_key(policy::attention);
    let steps: Vec<_> = s.iter().map(|s| (s.company.as_str(), s.step.id)).collect();
    assert_eq!(
        steps,
        [
            ("Glovo", policy::StepId::FollowUpNow),
            ("Telefónica", policy::StepId::WaitingAnswer)
        ]
    );
}

/// A follow-up due now goes in the calendar at the suggested moment from now (09:00 on a
/// business day, or later), as every other follow-up: exported on a Sunday at 00:30, it
/// was an event on Sunday at 00:30. A thank-you note due by a deadline stays at once.
#[test]
fn a_follow_up_due_now_is_in_the_calendar_on_a_business_morning() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "o", "company": "Acme", "stage": "applied"}],
        "contacts": [{"id": "d", "opportunity": "o", "name": "Dana", "addresses": ["dana@acme.example"]}],
        "events": [{"id": "a", "opportunity": "o", "kind": "application", "at": "2026-11-02T09:00:00-05:00"}]
    }))
    .expect("valid");
    let moment = |when: &str, data: &Data| {
        let s = &policy::status(data, at(when), &New_York)[0];
        let t = too_soon::ics::moment(s, &New_York).expect("a moment");
        (s.step.id, t.with_timezone(&New_York).to_rfc3339())
    };
    assert_eq!(
        moment("2026-11-15T00:30:00-05:00", &data),
        (
            policy::StepId::FollowUpNow,
            "2026-11-16T09:00:00-05:00".into()
        )
    );
    // A business day's afternoon: then.
    assert_eq!(
        moment("2026-11-16T14:00:00-05:00", &data).1,
        "2026-11-16T14:00:00-05:00"
    );
    let mut thanks = data.clone();
    thanks.events.push(too_soon::model::Event {
        id: "i".into(),
        kind: too_soon::model::EventKind::Interview,
        at: at("2026-11-13T15:00:00-05:00").into(),
        contacts: vec!["d".into()],
        ..thanks.events[0].clone()
    });
    assert_eq!(
        moment("2026-11-14T02:00:00-05:00", &thanks),
        (
            policy::StepId::ThankYouDue,
            "2026-11-14T02:00:00-05:00".into()
        )
    );
}

/// R-CADENCE after a conversation (a call, in person) does not say the contact "is still
/// unanswered" (they just spoke): its message is `cadence_call`; after an email, `cadence`.
#[test]
fn the_wait_after_a_call_is_worded_as_a_conversation() {
    let with = |channel: &str| {
        format::parse_value(json!({
            "format": "too-soon", "version": 1,
            "opportunities": [{"id": "o", "company": "Acme", "stage": "applied"}],
            "contacts": [{"id": "d", "opportunity": "o", "name": "Dana", "addresses": ["dana@acme.example"]}],
            "events": [
                {"id": "a", "opportunity": "o", "kind": "application", "at": "2026-10-26T09:00:00-05:00"},
                {"id": "f", "opportunity": "o", "kind": "follow_up", "channel": channel, "at": "2026-11-09T09:00:00-05:00", "contacts": ["d"]}
            ]
        }))
        .expect("valid")
    };
    let message = |data: &Data| {
        let v = policy::check(
            data,
            &Query::email(["dana@acme.example"], at("2026-11-12T10:00:00-05:00")),
            &New_York,
        )
        .expect("tracked");
        v.reasons
            .iter()
            .find(|r| r.rule == "R-CADENCE")
            .map(|r| r.message)
    };
    assert_eq!(message(&with("call")), Some("cadence_call"));
    assert_eq!(message(&with("in_person")), Some("cadence_call"));
    assert_eq!(message(&with("email")), Some("cadence"));
    assert_eq!(message(&with("voicemail")), Some("cadence"));
}

/// A wait's "Why" leads with the reason that sets its date (the warning that ends last):
/// the CLI's WHY column and the calendar show the first. It led with the interview's week
/// (ending Tue 10 Nov) under "Waiting — follow up from Fri 13 Nov" (the decision date).
#[test]
fn a_wait_leads_with_the_reason_that_sets_its_date() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "o", "company": "Acme", "stage": "interviewing", "decision_date": "2026-11-12"}],
        "contacts": [{"id": "d", "opportunity": "o", "name": "Dana", "addresses": ["dana@acme.example"]}],
        "events": [
            {"id": "i", "opportunity": "o", "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": ["d"]},
            {"id": "t", "opportunity": "o", "kind": "thank_you", "at": "2026-11-03T15:00:00-05:00", "contacts": ["d"]}
        ]
    }))
    .expect("valid");
    let s = &policy::status(&data, at("2026-11-06T10:00:00-05:00"), &New_York)[0];
    assert_eq!(s.step.id, policy::StepId::Waiting, "{:?}", s.step);
    let rules: Vec<_> = s.why.iter().map(|r| r.rule).collect();
    assert_eq!(rules.first(), Some(&"R-DECISION-DATE"), "{rules:?}");
    assert!(rules.contains(&"R-INTERVIEW-WAIT"), "{rules:?}");
}

/// Before a check-in agreed ahead, the badge's headline gives the agreed day as the day to
/// try, and says it was agreed: no reason names it (the wait it lifts ends later), so it
/// read "Interview Tue 3 Nov; try Fri 6 Nov" beside "not before Tue 10 Nov".
#[test]
fn before_an_agreed_check_in_the_headline_says_it_was_agreed() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "o", "company": "Acme", "stage": "interviewing", "agreed_checkin_date": "2026-11-06"}],
        "contacts": [{"id": "d", "opportunity": "o", "name": "Dana", "addresses": ["dana@acme.example"]}],
        "events": [
            {"id": "i", "opportunity": "o", "kind": "interview", "at": "2026-11-03T10:00:00-05:00", "contacts": ["d"]},
            {"id": "t", "opportunity": "o", "kind": "thank_you", "at": "2026-11-03T15:00:00-05:00", "contacts": ["d"]}
        ]
    }))
    .expect("valid");
    let heading = |when: &str, data: &Data| {
        policy::check(
            data,
            &Query::email(["dana@acme.example"], at(when)),
            &New_York,
        )
        .expect("tracked")
        .heading
        .id
    };
    assert_eq!(
        heading("2026-11-05T12:00:00-05:00", &data),
        "too_soon_agreed"
    );
    let mut plain = data.clone();
    plain.opportunities[0].agreed_checkin_date = None;
    assert_eq!(
        heading("2026-11-05T12:00:00-05:00", &plain),
        "too_soon_until"
    );
    // The card's step is the check-in, and its "Why" leads with it.
    let s = &policy::status(&data, at("2026-11-05T12:00:00-05:00"), &New_York)[0];
    assert_eq!((s.step.id, s.step.now), (policy::StepId::CheckIn, false));
    assert_eq!(
        s.why.first().map(|r| (r.rule, r.message)),
        Some(("R-AGREED-DATE", "agreed_date_ahead"))
    );
    // Agreed for a Saturday: that day, not the Monday morning after it.
    let mut saturday = data.clone();
    saturday.opportunities[0].agreed_checkin_date = chrono::NaiveDate::from_ymd_opt(2026, 11, 7);
    let v = policy::check(
        &saturday,
        &Query::email(["dana@acme.example"], at("2026-11-05T12:00:00-05:00")),
        &New_York,
    )
    .expect("tracked");
    assert_eq!(
        (v.heading.id, v.heading.data.next.as_deref()),
        ("too_soon_agreed", Some("2026-11-07T00:00:00-05:00"))
    );
}

/// A check-in agreed for a day after the interview's week: the card says "Check in on Tue
/// 8 Dec (agreed)" until that day, also once the week is over (it said "Follow up now" on
/// Mon 7 Dec, with a reminder, the day before the agreed one), and the calendar's event is
/// on the agreed day (it was on Mon 7 Dec, titled as the check-in).
#[test]
fn a_check_in_agreed_after_the_wait_is_the_step_until_its_day() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "q", "company": "Qonto", "stage": "interviewing", "agreed_checkin_date": "2026-12-08"}],
        "contacts": [{"id": "d", "opportunity": "q", "name": "Dana", "addresses": ["dana@q.example"]}],
        "events": [
            {"id": "i", "opportunity": "q", "kind": "interview", "at": "2026-11-30T10:00:00-05:00", "contacts": ["d"]},
            {"id": "t", "opportunity": "q", "kind": "thank_you", "at": "2026-11-30T15:00:00-05:00", "contacts": ["d"]}
        ]
    }))
    .expect("valid");
    for when in ["2026-12-02T09:30:00-05:00", "2026-12-07T09:30:00-05:00"] {
        let s = &policy::status(&data, at(when), &New_York)[0];
        assert_eq!(
            (s.step.id, s.step.now),
            (policy::StepId::CheckIn, false),
            "{when}: {:?}",
            s.step
        );
        assert_eq!(
            too_soon::ics::moment(s, &New_York).map(|t| t.with_timezone(&New_York).to_rfc3339()),
            Some("2026-12-08T09:00:00-05:00".into()),
            "{when}"
        );
    }
    let due = policy::reminders(&data, at("2026-12-07T09:30:00-05:00"), &New_York);
    assert!(due.due.is_empty(), "{:?}", due.due);
    let s = &policy::status(&data, at("2026-12-08T09:30:00-05:00"), &New_York)[0];
    assert_eq!((s.step.id, s.step.now), (policy::StepId::CheckIn, true));
}

/// A wait that ends on a weekend: the card says "follow up from Mon 7 Dec" until then, as
/// the reminder and the calendar do; it said "Follow up now" (and the toolbar counted it)
/// from the Sunday, while the reminder came on Monday at 09:00.
#[test]
fn a_follow_up_due_on_a_weekend_waits_for_the_business_morning() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "d", "company": "Decathlon", "stage": "applied"}],
        "contacts": [{"id": "p", "opportunity": "d", "name": "Paul", "addresses": ["paul@d.example"]}],
        "events": [{"id": "a", "opportunity": "d", "kind": "application", "at": "2026-11-29T20:00:00-05:00"}]
    }))
    .expect("valid");
    let sunday = &policy::status(&data, at("2026-12-06T09:30:00-05:00"), &New_York)[0];
    assert_eq!(
        (sunday.step.id, sunday.step.now),
        (policy::StepId::Waiting, false),
        "{:?}",
        sunday.step
    );
    assert_eq!(sunday.step.at.as_deref(), Some("2026-12-07T09:00:00-05:00"));
    assert_eq!(policy::due_now(std::slice::from_ref(sunday)), 0);
    let monday = &policy::status(&data, at("2026-12-07T09:30:00-05:00"), &New_York)[0];
    assert_eq!(
        (monday.step.id, monday.step.now),
        (policy::StepId::FollowUpNow, true)
    );
}

/// Waiting for their answer to the user's own: the card names the day a follow-up is fine
/// if they do not write (the end of the conversation), and the calendar has it, as the
/// reminder comes then; the card had no date and the calendar nothing, yet the reminder
/// "follow up now" came on that day (reported by a German tester).
#[test]
fn waiting_for_their_answer_names_when_a_follow_up_is_fine() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 1,
        "opportunities": [{"id": "m", "company": "Müller", "stage": "interviewing"}],
        "contacts": [{"id": "j", "opportunity": "m", "name": "Jana", "addresses": ["jana@m.example"]}],
        "events": [
            {"id": "a", "opportunity": "m", "kind": "application", "at": "2026-11-02T09:00:00-05:00"},
            {"id": "r", "opportunity": "m", "kind": "reply", "at": "2026-11-24T10:00:00-05:00", "contacts": ["j"]},
            {"id": "s", "opportunity": "m", "kind": "follow_up", "at": "2026-11-24T15:00:00-05:00", "contacts": ["j"]}
        ]
    }))
    .expect("valid");
    let s = &policy::status(&data, at("2026-11-26T10:00:00-05:00"), &New_York)[0];
    assert_eq!(s.step.id, policy::StepId::WaitingAnswer, "{:?}", s.step);
    let fine = s.step.at.clone().expect("a day to follow up from");
    let moment =
        too_soon::ics::moment(s, &New_York).map(|t| t.with_timezone(&New_York).to_rfc3339());
    assert_eq!(moment.as_deref(), Some(fine.as_str()));
    // That day, the card and the reminder say a follow-up is fine.
    let then = at(&fine);
    let later = &policy::status(&data, then, &New_York)[0];
    assert_eq!(
        later.step.id,
        policy::StepId::FollowUpNow,
        "{fine}: {:?}",
        later.step
    );
    let due = policy::reminders(&data, then, &New_York);
    assert_eq!(
        due.due.iter().map(|d| d.what).collect::<Vec<_>>(),
        ["follow_up"]
    );
}

/// An interview logged ahead, and their reply: once the user answered it, the card says
/// the interview (it said "Waiting for their answer — follow up from…", and the calendar
/// had no interview; reported by an English tester); unanswered, their reply is the thing
/// to do (answering is not chasing; a French tester missed it when the interview hid it).
#[test]
fn an_interview_ahead_is_the_step_once_their_reply_is_answered() {
    let history = |answered: bool| {
        let mut events = vec![
            json!({"id": "a", "opportunity": "n", "kind": "application", "at": "2026-12-01T09:00:00-05:00"}),
            json!({"id": "r", "opportunity": "n", "kind": "reply", "at": "2026-12-03T11:00:00-05:00", "contacts": ["al"]}),
            json!({"id": "i", "opportunity": "n", "kind": "interview", "at": "2026-12-09T14:00:00-05:00", "contacts": ["al"]}),
        ];
        if answered {
            events.push(json!({"id": "s", "opportunity": "n", "kind": "follow_up", "at": "2026-12-03T15:00:00-05:00", "contacts": ["al"], "classification": "answer"}));
        }
        format::parse_value(json!({
            "format": "too-soon", "version": 1,
            "opportunities": [{"id": "n", "company": "Northwind", "stage": "interviewing"}],
            "contacts": [{"id": "al", "opportunity": "n", "name": "Alice", "addresses": ["alice@n.example"]}],
            "events": events
        }))
        .expect("valid")
    };
    for answered in [false, true] {
        let data = history(answered);
        let s = &policy::status(&data, at("2026-12-07T09:30:00-05:00"), &New_York)[0];
        let (step, moment) = if answered {
            (policy::StepId::InterviewAhead, "2026-12-09T14:00:00-05:00")
        } else {
            (policy::StepId::Answer, "2026-12-07T09:30:00-05:00")
        };
        assert_eq!(s.step.id, step, "answered {answered}: {:?}", s.step);
        let at_moment =
            too_soon::ics::moment(s, &New_York).map(|t| t.with_timezone(&New_York).to_rfc3339());
        assert_eq!(at_moment.as_deref(), Some(moment), "answered {answered}");
        let verdict = policy::check(
            &data,
            &policy::Query::email(
                vec!["alice@n.example".to_string()],
                at("2026-12-07T09:30:00-05:00"),
            ),
            &New_York,
        )
        .expect("tracked");
        assert!(!verdict.warn, "answering is never too soon: {verdict:?}");
        // The badge's view changes when the interview starts: a thank-you note is then
        // encouraged (it stayed "answering their reply"; reported by the same tester).
        let q = policy::Query::email(
            vec!["alice@n.example".to_string()],
            at("2026-12-07T09:30:00-05:00"),
        );
        let m = policy::moments_ahead(&data, &q, &New_York, 10);
        let first = m.first().expect("a change ahead");
        assert_eq!(
            (first.at.as_str(), first.level, first.classification),
            (
                "2026-12-09T14:00:00-05:00",
                Level::Encouraged,
                Classification::ThankYou
            ),
            "answered {answered}: {m:?}"
        );
    }
}

/// Two interviews a day apart, with different people: a thank-you note to the first one's
/// interviewer is welcome until her own window ends, not the later interview's (the reason
/// said "until Thu 12 Nov 15:00" for Dana, whose window ends Wed 11 Nov 10:00; found by an
/// advice checker). The card's "due by" is the first window to end.
#[test]
fn a_thank_you_is_due_by_each_persons_own_window() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 2,
        "opportunities": [{"id": "acme", "company": "Acme", "stage": "interviewing"}],
        "contacts": [
            {"id": "dana", "opportunity": "acme", "name": "Dana", "addresses": ["dana@acme.example"]},
            {"id": "rita", "opportunity": "acme", "name": "Rita", "addresses": ["rita@acme.example"]}
        ],
        "events": [
            {"id": "e1", "opportunity": "acme", "kind": "interview", "at": "2026-11-09T10:00:00-05:00", "contacts": ["dana"]},
            {"id": "e2", "opportunity": "acme", "kind": "interview", "at": "2026-11-10T15:00:00-05:00", "contacts": ["rita"]}
        ]
    }))
    .expect("valid");
    let now = at("2026-11-10T16:00:00-05:00");
    let q = |to: &str| Query::email(vec![to.to_string()], now);
    for (to, since, until) in [
        (
            "dana@acme.example",
            "2026-11-09T10:00:00-05:00",
            "2026-11-11T10:00:00-05:00",
        ),
        (
            "rita@acme.example",
            "2026-11-10T15:00:00-05:00",
            "2026-11-12T15:00:00-05:00",
        ),
    ] {
        let v = policy::check(&data, &q(to), &New_York).expect("tracked");
        let r = &v.reasons[0];
        assert_eq!(r.rule, "R-THANK-YOU", "{v:?}");
        assert_eq!(
            (r.data.since.as_deref(), r.data.until.as_deref()),
            (Some(since), Some(until)),
            "{to}"
        );
    }
    let s = &policy::status(&data, now, &New_York)[0];
    assert_eq!(s.step.id, policy::StepId::ThankYouDue);
    assert_eq!(s.step.at.as_deref(), Some("2026-11-11T10:00:00-05:00"));
    let until: Vec<_> = s.thank_you_due.iter().map(|d| d.until.as_str()).collect();
    assert_eq!(
        until,
        ["2026-11-11T10:00:00-05:00", "2026-11-12T15:00:00-05:00"]
    );
}

/// A follow-up scheduled in a webmail (logged ahead): the card says when it goes, not
/// "Follow up now", which would make two the same morning (R-SAME-DAY) and cut R-CADENCE's
/// wait short (found by an advice checker). Once it went, the waits count from it.
#[test]
fn a_send_scheduled_ahead_is_the_step_until_it_goes() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 2,
        "opportunities": [{"id": "acme", "company": "Acme", "stage": "applied"}],
        "contacts": [{"id": "rita", "opportunity": "acme", "name": "Rita", "addresses": ["rita@acme.example"]}],
        "events": [
            {"id": "a", "opportunity": "acme", "kind": "application", "at": "2026-11-02T09:00:00-05:00"},
            {"id": "send-1", "opportunity": "acme", "kind": "follow_up", "at": "2026-11-16T08:00:00-05:00",
             "contacts": ["rita"], "logged": {"by": "compose"}}
        ]
    }))
    .expect("valid");
    let before = &policy::status(&data, at("2026-11-16T07:00:00-05:00"), &New_York)[0];
    assert_eq!(
        (before.step.id, before.step.now, before.step.at.as_deref()),
        (
            policy::StepId::SendAhead,
            false,
            Some("2026-11-16T08:00:00-05:00")
        ),
        "{:?}",
        before.step
    );
    assert!(!before.follow_up_due);
    assert_eq!(policy::due_now(std::slice::from_ref(before)), 0);
    let moment =
        too_soon::ics::moment(before, &New_York).map(|t| t.with_timezone(&New_York).to_rfc3339());
    assert_eq!(moment.as_deref(), Some("2026-11-16T08:00:00-05:00"));
    let after = &policy::status(&data, at("2026-11-16T09:00:00-05:00"), &New_York)[0];
    assert_eq!(after.step.id, policy::StepId::Waiting, "{:?}", after.step);
}

/// A check-in agreed in their reply: on the agreed day the card says "Check in now
/// (agreed for …)" and a reminder comes, whether or not the reply was answered; it said "They
/// replied: answer by Wed 23 Dec" on that day, with no reminder, and the agreed day went
/// by unnoticed. Before the day, their reply waits for an answer as before.
#[test]
fn an_agreed_check_in_day_inside_a_conversation_is_the_step() {
    let data = format::parse_value(json!({
        "format": "too-soon", "version": 2,
        "opportunities": [{"id": "t", "company": "Telefónica", "stage": "applied", "agreed_checkin_date": "2026-12-15"}],
        "contacts": [{"id": "m", "opportunity": "t", "name": "María José", "addresses": ["mj@t.example"]}],
        "events": [
            {"id": "a", "opportunity": "t", "kind": "application", "at": "2026-12-01T09:00:00-05:00"},
            {"id": "r", "opportunity": "t", "kind": "reply", "at": "2026-12-10T14:00:00-05:00", "contacts": ["m"]}
        ]
    }))
    .expect("valid");
    let step = |data: &Data, t: &str| {
        let s = &policy::status(data, at(t), &New_York)[0];
        (s.step.id, s.step.now)
    };
    assert_eq!(
        step(&data, "2026-12-11T10:00:00-05:00"),
        (policy::StepId::Answer, true)
    );
    assert_eq!(
        step(&data, "2026-12-15T10:00:00-05:00"),
        (policy::StepId::CheckIn, true)
    );
    // The alarm set before the day wakes on it (the conversation ends later).
    let before = policy::reminders(&data, at("2026-12-11T10:00:00-05:00"), &New_York);
    assert_eq!(before.next, Some(at("2026-12-15T09:00:00-05:00")));
    let due = policy::reminders(&data, at("2026-12-15T10:00:00-05:00"), &New_York).due;
    assert_eq!(due.iter().map(|d| d.what).collect::<Vec<_>>(), ["check_in"]);
    // From the day's suggested moment, not from their reply (found by a reviewer): nothing
    // at 08:00, and "Why" leads with the agreed day.
    assert_eq!(due[0].due, "2026-12-15T09:00:00-05:00");
    let early = policy::reminders(&data, at("2026-12-15T08:00:00-05:00"), &New_York);
    assert!(early.due.is_empty(), "{:?}", early.due);
    let s = &policy::status(&data, at("2026-12-15T10:00:00-05:00"), &New_York)[0];
    assert_eq!(s.why[0].rule, "R-AGREED-DATE", "{:?}", s.why);
    // Their reply after the agreed day made it moot: answering it is the step.
    let mut moot = data.clone();
    moot.opportunities[0].agreed_checkin_date = chrono::NaiveDate::from_ymd_opt(2026, 12, 8);
    assert_eq!(
        step(&moot, "2026-12-11T10:00:00-05:00"),
        (policy::StepId::Answer, true)
    );
    // Answered before the day: waiting for their answer, then the check-in on the day.
    let mut answered = data.clone();
    let mut answer = answered.events[1].clone();
    answer.id = "s".into();
    answer.kind = too_soon::model::EventKind::FollowUp;
    answer.at = at("2026-12-11T09:00:00-05:00").into();
    answered.events.push(answer.clone());
    assert_eq!(
        step(&answered, "2026-12-12T10:00:00-05:00"),
        (policy::StepId::WaitingAnswer, false)
    );
    assert_eq!(
        step(&answered, "2026-12-15T10:00:00-05:00"),
        (policy::StepId::CheckIn, true)
    );
    // Checked in on the day (an answer in the conversation): nothing agreed is left.
    answer.id = "c".into();
    answer.at = at("2026-12-15T09:00:00-05:00").into();
    answered.events.push(answer);
    assert_eq!(
        step(&answered, "2026-12-15T10:00:00-05:00"),
        (policy::StepId::WaitingAnswer, false)
    );
}
