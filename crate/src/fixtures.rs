//! Synthetic data for benchmarks (native and WebAssembly run the identical workload).

use chrono::{DateTime, Duration, FixedOffset, TimeZone};

use crate::model::{Channel, Contact, ContactRole, Data, Event, EventKind, Opportunity, Stage};

/// A tiny deterministic generator (no clock, no randomness from outside).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

/// The moment the synthetic histories start: Mon 5 Jan 2026 09:00 −05:00.
pub fn start() -> DateTime<FixedOffset> {
    FixedOffset::west_opt(5 * 3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).single())
        .unwrap_or_default()
}

/// `opportunities` opportunities with three contacts each and `events` events spread
/// over them (an application first, then interviews, notes, follow-ups, call attempts
/// and replies; no reply in the last fifth, the last one a follow-up), about a year of
/// history. Contact `c{i}-0` of opportunity `o{i}` has the
/// address `hm{i}@example.com`.
pub fn synthetic(opportunities: usize, events: usize) -> Data {
    let mut rng = Lcg(0x5eed);
    let mut data = Data::default();
    let opportunities = opportunities.max(1);
    for i in 0..opportunities {
        data.opportunities.push(Opportunity {
            id: format!("o{i}"),
            company: format!("Company {i}"),
            role: "Engineer".to_string(),
            stage: if i % 10 == 9 {
                Stage::Closed
            } else {
                Stage::Interviewing
            },
            decision_date: None,
            agreed_checkin_date: None,
            no_calls: i % 7 == 3,
            notes: None,
        });
        for (k, role) in [
            ContactRole::HiringManager,
            ContactRole::Recruiter,
            ContactRole::Interviewer,
        ]
        .into_iter()
        .enumerate()
        {
            let prefix = ["hm", "rec", "int"][k];
            data.contacts.push(Contact {
                id: format!("c{i}-{k}"),
                opportunity: format!("o{i}"),
                name: format!("Person {i}-{k}"),
                role,
                addresses: vec![format!("{prefix}{i}@example.com")],
                aliases: Vec::new(),
            });
        }
    }
    let per = events / opportunities;
    let extra = events % opportunities;
    let mut id = 0;
    for i in 0..opportunities {
        let count = per + usize::from(i < extra);
        let mut at = start() + Duration::hours(rng.below(24 * 30) as i64);
        for k in 0..count {
            let kind = if k == 0 {
                EventKind::Application
            } else if k + 1 == count {
                // Every history ends with a follow-up of the user's.
                EventKind::FollowUp
            } else {
                match rng.below(10) {
                    0 | 1 => EventKind::Interview,
                    2 => EventKind::ThankYou,
                    3..=6 => EventKind::FollowUp,
                    7 | 8 => EventKind::CallAttempt,
                    // They stop answering for the last fifth of every history.
                    _ if k * 5 >= count * 4 => EventKind::FollowUp,
                    _ => EventKind::Reply,
                }
            };
            let contact = format!("c{i}-{}", rng.below(3));
            let channel = match kind {
                EventKind::ThankYou | EventKind::Reply => Some(Channel::Email),
                EventKind::FollowUp => Some(
                    [
                        Channel::Email,
                        Channel::Call,
                        Channel::Voicemail,
                        Channel::Message,
                        Channel::Other,
                    ][rng.below(5) as usize],
                ),
                _ => None,
            };
            data.events.push(Event {
                id: format!("e{id}"),
                opportunity: format!("o{i}"),
                kind,
                at,
                contacts: vec![contact],
                channel,
                classification: None,
                reason: None,
                note: None,
                logged: None,
            });
            id += 1;
            at += Duration::hours(2 + rng.below(24 * 4) as i64);
        }
    }
    data
}

/// The moment the benchmarks judge at: an hour after the latest event (so that most
/// verdicts warn and `next_ok_at` has to be searched for).
pub fn moment(data: &Data) -> chrono::DateTime<chrono::Utc> {
    data.events
        .iter()
        .map(|e| e.at)
        .max()
        .unwrap_or_else(start)
        .with_timezone(&chrono::Utc)
        + Duration::hours(1)
}

/// The benchmark's `check` query: an email to the hiring manager of `o0`.
pub fn check_query(data: &Data) -> crate::policy::Query {
    crate::policy::Query::email(["hm0@example.com"], moment(data))
}

/// Addresses and the form they are compared in (`model::normalize_address`): checked
/// natively (the `idna` crate) and in the browser (its URL parser), which must agree.
pub const ADDRESSES: [(&str, &str); 8] = [
    (
        "B\u{fc}cher@B\u{fc}cher.example",
        "b\u{fc}cher@xn--bcher-kva.example",
    ),
    ("ann@xn--bcher-kva.example", "ann@xn--bcher-kva.example"),
    ("ann@\u{c9}COLE.example", "ann@xn--cole-9oa.example"),
    ("ann@stra\u{df}e.de", "ann@xn--strae-oqa.de"),
    (
        "ann@\u{4f8b}\u{3048}.\u{30c6}\u{30b9}\u{30c8}",
        "ann@xn--r8jz45g.xn--zckzah",
    ),
    ("ann@b\u{fc}cher/x", "ann@b\u{fc}cher/x"),
    (" \u{c0}NN@Example.COM ", "\u{e0}nn@example.com"),
    ("ann@\u{ff21}cme.example", "ann@acme.example"),
];
