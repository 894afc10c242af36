//! Properties of the engine and the parser, checked on generated histories.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use chrono_tz::America::New_York;
use proptest::prelude::*;
use too_soon::format;
use too_soon::model::{
    Channel, Classification, Contact, ContactRole, Data, Event, EventKind, Opportunity, Profile,
    Stage,
};
use too_soon::policy::{self, Query, Verdict};

const ADDRESSES: [&str; 3] = [
    "dana@acme.example",
    "sam@acme.example",
    "riley@acme.example",
];
const IDS: [&str; 3] = ["dana", "sam", "riley"];

fn base() -> DateTime<FixedOffset> {
    FixedOffset::west_opt(5 * 3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).single())
        .expect("valid base")
}

fn kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        1 => Just(EventKind::Application),
        2 => Just(EventKind::Interview),
        2 => Just(EventKind::ThankYou),
        4 => Just(EventKind::FollowUp),
        2 => Just(EventKind::CallAttempt),
        2 => Just(EventKind::Reply),
    ]
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::ALL.to_vec())
}

fn profile() -> impl Strategy<Value = Profile> {
    prop::sample::select(Profile::ALL.to_vec())
}

/// (kind, hours after the base, contacts bitmask, channel, in the second opportunity)
type RawEvent = (EventKind, i64, u8, Channel, bool);

fn raw_events() -> impl Strategy<Value = Vec<RawEvent>> {
    prop::collection::vec(
        (
            kind(),
            0i64..(60 * 24),
            1u8..8,
            channel(),
            prop::bool::weighted(0.15),
        ),
        0..14,
    )
}

#[derive(Debug, Clone)]
struct Setup {
    decision: Option<i64>,
    agreed: Option<i64>,
    no_calls: bool,
    profile: Profile,
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        prop::option::weighted(0.3, 0i64..60),
        prop::option::weighted(0.3, 0i64..60),
        prop::bool::weighted(0.2),
        profile(),
    )
        .prop_map(|(decision, agreed, no_calls, profile)| Setup {
            decision,
            agreed,
            no_calls,
            profile,
        })
}

fn build(setup: &Setup, raw: &[RawEvent]) -> Data {
    let mut data = Data::default();
    data.settings.profile = setup.profile;
    let day = |d: i64| (base() + Duration::days(d)).date_naive();
    data.opportunities.push(Opportunity {
        id: "acme".into(),
        company: "Acme".into(),
        role: "Engineer".into(),
        stage: Stage::Interviewing,
        decision_date: setup.decision.map(day),
        agreed_checkin_date: setup.agreed.map(day),
        no_calls: setup.no_calls,
        notes: None,
    });
    data.opportunities.push(Opportunity {
        id: "globex".into(),
        company: "Globex".into(),
        role: "Engineer".into(),
        stage: Stage::Applied,
        decision_date: None,
        agreed_checkin_date: None,
        no_calls: false,
        notes: None,
    });
    for (id, address) in IDS.iter().zip(ADDRESSES) {
        data.contacts.push(Contact {
            id: (*id).into(),
            opportunity: "acme".into(),
            name: id.to_uppercase(),
            role: ContactRole::Other,
            addresses: vec![address.into()],
            aliases: Vec::new(),
        });
    }
    // Riley is tracked at Globex too.
    data.contacts.push(Contact {
        id: "riley2".into(),
        opportunity: "globex".into(),
        name: "RILEY".into(),
        role: ContactRole::Recruiter,
        addresses: vec![ADDRESSES[2].into()],
        aliases: Vec::new(),
    });
    for (i, (kind, hours, mask, channel, second)) in raw.iter().enumerate() {
        let (opportunity, contacts) = if *second {
            ("globex", vec!["riley2".to_string()])
        } else {
            let contacts = (0..3)
                .filter(|b| mask & (1 << b) != 0)
                .map(|b| IDS[b].to_string())
                .collect();
            ("acme", contacts)
        };
        let channel = match kind {
            EventKind::ThankYou | EventKind::FollowUp | EventKind::Reply => Some(*channel),
            _ => None,
        };
        data.events.push(Event {
            id: format!("e{i}"),
            opportunity: opportunity.into(),
            kind: *kind,
            at: base() + Duration::hours(*hours),
            contacts,
            channel,
            classification: None,
            reason: None,
            note: None,
            logged: None,
        });
    }
    data
}

fn query(to: usize, channel: Channel, hours: i64) -> Query {
    Query {
        to: vec![ADDRESSES[to % 3].to_string()],
        opportunity: None,
        channel,
        words: None,
        at: (base() + Duration::hours(hours)).with_timezone(&Utc),
        profile: None,
    }
}

fn check(data: &Data, q: &Query) -> Verdict {
    policy::check(data, q, &New_York).expect("the address is tracked")
}

/// When the same contact stops warning: now when it does not warn, never when it
/// never will.
fn effective_next_ok(v: &Verdict, at: DateTime<Utc>) -> DateTime<Utc> {
    if !v.warn {
        at
    } else {
        v.next_ok.unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // PROPTEST_CASES=5000 for a longer hunt; modest by default to keep `cargo test` fast.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn an_extra_initiated_contact_never_makes_next_ok_earlier(
        s in setup(), raw in raw_events(), to in 0usize..3, ch in channel(),
        hours in 0i64..(70 * 24), extra_back in 0i64..(20 * 24), extra_to in 0usize..3,
        extra_channel in prop::sample::select(vec![Channel::Email, Channel::Call, Channel::Message, Channel::Other]),
    ) {
        let data = build(&s, &raw);
        let q = query(to, ch, hours);
        let before = check(&data, &q);
        let mut more = data.clone();
        more.events.push(Event {
            id: "extra".into(),
            opportunity: "acme".into(),
            kind: EventKind::FollowUp,
            at: (q.at - Duration::hours(extra_back)).fixed_offset(),
            contacts: vec![IDS[extra_to].to_string()],
            channel: Some(extra_channel),
            classification: Some(Classification::Initiated),
            reason: None,
            note: None,
            logged: None,
        });
        let after = check(&more, &q);
        prop_assert!(
            effective_next_ok(&after, q.at) >= effective_next_ok(&before, q.at),
            "before: {:?} {:?}\nafter: {:?} {:?}", before.level, before.next_ok_at, after.level, after.next_ok_at
        );
        prop_assert!(after.level.warns() || !before.level.warns());
    }

    #[test]
    fn at_next_ok_the_same_query_no_longer_warns(
        s in setup(), raw in raw_events(), to in 0usize..3, ch in channel(), hours in 0i64..(70 * 24),
    ) {
        let mut data = build(&s, &raw);
        let q = query(to, ch, hours);
        data.events.retain(|e| e.at.with_timezone(&Utc) <= q.at);
        let v = check(&data, &q);
        if let (true, Some(next)) = (v.warn, v.next_ok) {
            prop_assert!(next > q.at);
            let later = Query { at: next, ..q.clone() };
            let w = check(&data, &later);
            prop_assert!(!w.warn, "still {:?} at {:?}: {:?}", w.level, w.at, w.reasons.iter().map(|r| r.rule).collect::<Vec<_>>());
            // And just before it, it still warns.
            let just_before = Query { at: next - Duration::seconds(1), ..q.clone() };
            prop_assert!(check(&data, &just_before).warn);
        }
    }

    #[test]
    fn verdicts_do_not_depend_on_event_order(
        s in setup(), raw in raw_events(), to in 0usize..3, ch in channel(), hours in 0i64..(70 * 24),
        seed in any::<u64>(),
    ) {
        let data = build(&s, &raw);
        let q = query(to, ch, hours);
        let mut shuffled = data.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.events.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = (state % (i as u64 + 1)) as usize;
            shuffled.events.swap(i, j);
        }
        shuffled.contacts.reverse();
        let a = serde_json::to_string(&check(&data, &q)).expect("serializes");
        let b = serde_json::to_string(&check(&shuffled, &q)).expect("serializes");
        prop_assert_eq!(a, b);
    }

    #[test]
    fn stricter_profiles_warn_wherever_milder_ones_do(
        s in setup(), raw in raw_events(), to in 0usize..3, ch in channel(), hours in 0i64..(70 * 24),
    ) {
        let data = build(&s, &raw);
        let q = query(to, ch, hours);
        let with = |p: Profile| check(&data, &Query { profile: Some(p), ..q.clone() });
        let (gentle, balanced, persistent) = (with(Profile::Gentle), with(Profile::Balanced), with(Profile::Persistent));
        prop_assert!(!persistent.warn || balanced.warn, "persistent warns, balanced not: {:?}", persistent.reasons.iter().map(|r| r.rule).collect::<Vec<_>>());
        prop_assert!(!balanced.warn || gentle.warn, "balanced warns, gentle not: {:?}", balanced.reasons.iter().map(|r| r.rule).collect::<Vec<_>>());
        prop_assert!(effective_next_ok(&gentle, q.at) >= effective_next_ok(&balanced, q.at));
        prop_assert!(effective_next_ok(&balanced, q.at) >= effective_next_ok(&persistent, q.at));
    }

    #[test]
    fn the_parser_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = format::parse(&text);
    }

    #[test]
    fn the_parser_never_panics_on_mutated_files(
        s in setup(), raw in raw_events(), cut in 0usize..4000, byte in any::<u8>(),
    ) {
        let text = format::to_json(&build(&s, &raw));
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            let i = cut % bytes.len();
            bytes[i] = byte;
            let mutated = String::from_utf8_lossy(&bytes).to_string();
            let _ = format::parse(&mutated);
            let _ = format::parse(&mutated[..cut.min(mutated.len()).min(mutated.floor_char_boundary_compat(cut))]);
        }
    }

    #[test]
    fn the_parser_never_panics_on_arbitrary_json(value in json_value()) {
        let _ = format::parse_value(value.clone());
        let mut file = serde_json::json!({"format": "too-soon", "version": 1});
        for key in ["settings", "opportunities", "contacts", "events"] {
            file[key] = value.clone();
        }
        let _ = format::parse_value(file);
        let wrapped = serde_json::json!({"format": "too-soon", "version": 1, "events": [value.clone()], "opportunities": [value.clone()], "contacts": [value]});
        let _ = format::parse_value(wrapped);
    }

    #[test]
    fn a_written_file_reads_back_the_same(s in setup(), raw in raw_events()) {
        let data = build(&s, &raw);
        prop_assert_eq!(format::parse(&format::to_json(&data)).map_err(|p| p.to_string()), Ok(data));
    }
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorCharBoundary for String {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        prop::sample::select(vec![
            "too-soon",
            "2026-11-03T10:00:00-05:00",
            "2026-11-12",
            "acme",
            "dana",
            "email",
            "follow_up",
            "interview",
            "closed",
            "thank_you",
            "balanced",
            "",
            "x@y",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "id",
                        "opportunity",
                        "kind",
                        "at",
                        "contacts",
                        "channel",
                        "classification",
                        "company",
                        "role",
                        "stage",
                        "name",
                        "addresses",
                        "profile",
                        "format",
                        "version",
                        "decision_date",
                        "no_calls",
                        "reason",
                        "zzz",
                    ]),
                    inner
                ),
                0..7
            )
            .prop_map(|kv| serde_json::Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}
