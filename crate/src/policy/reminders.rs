//! Reminders: what is due now (a thank-you note, a follow-up that became fine, a check-in
//! date that came, a move-on point) and the next moment something becomes due, so the
//! extension keeps one alarm for that moment rather than one per item.

use crate::hash::Map;

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::calendar::{local_midnight, local_rfc3339};
use super::moments::moments_ahead;
use super::query::Query;
use super::reason::ReasonData;
use super::status::{due_contacts, status, NextStep, OpportunityStatus};
use super::suggested::suggested_at;
use crate::model::{Channel, Data, EventKind};

/// How many verdict changes after an opportunity's latest event are looked at to find
/// when its current next step became due.
const LOOK_BACK: usize = 64;

/// One thing due about one opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    /// `<opportunity>@<due moment, UTC>`: the same item always has the same key (the
    /// notification's id, and what is recorded once it was shown).
    pub key: String,
    pub opportunity: String,
    /// `thank_you`, `follow_up`, `check_in` or `move_on`.
    pub what: &'static str,
    /// Since when it is due (RFC 3339, local offset).
    pub due: String,
    /// The employer, for the title (the catalogue's `say_reminder_title_<what>`, with
    /// `{company}`).
    pub company: String,
    /// What the text (`say_reminder_<what>`) shows: `names` and `until` (the thank-you
    /// window's end) for `thank_you`, `date` (the agreed date) for `check_in`, `count`
    /// (contacts unanswered) for `move_on`.
    pub data: ReasonData,
    /// `due` as an instant.
    #[serde(skip)]
    pub due_instant: DateTime<Utc>,
}

/// What is due at a moment, and when something next becomes due.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reminders {
    /// At most one item per opportunity, in the order of the file.
    pub due: Vec<Reminder>,
    /// The next moment after `now` at which something may become due (for the alarm).
    pub next: Option<DateTime<Utc>>,
}

/// The reminders at `now`: the items due (closed opportunities never remind) and the
/// next moment something becomes due.
pub fn reminders<Tz: TimeZone>(data: &Data, now: DateTime<Utc>, tz: &Tz) -> Reminders {
    let mut out = Reminders::default();
    let (at, alone) = by_opportunity(data);
    for s in status(data, now, tz) {
        if s.closed {
            continue;
        }
        let Some(own) = at.get(s.opportunity.as_str()).map(|&i| &alone[i]) else {
            continue;
        };
        if let Some(reminder) = due(own, &s, now, tz) {
            out.due.push(reminder);
        }
        if let Some(t) = next_for(own, &s.opportunity, now, tz) {
            out.next = Some(out.next.map_or(t, |n| n.min(t)));
        }
    }
    out
}

/// Each opportunity with only its own contacts and events (one pass over the history),
/// and where each is by its id. Whether following up warns depends on the opportunity's
/// own history alone (the rules are per opportunity; only a hint counts the others), so
/// each is judged on its own slice: judging every opportunity against the whole history
/// would cost opportunities times events.
///
/// (Positions in a `Vec` rather than a `Map<&str, Data>`: each hash map type compiles its
/// own table code into the module, and `Map<&str, usize>` is one it has; see `crate::hash`.)
fn by_opportunity(data: &Data) -> (Map<&str, usize>, Vec<Data>) {
    let mut at: Map<&str, usize> = Map::default();
    let mut alone = Vec::with_capacity(data.opportunities.len());
    for o in &data.opportunities {
        at.insert(&o.id, alone.len());
        alone.push(Data {
            settings: data.settings.clone(),
            opportunities: vec![o.clone()],
            ..Data::default()
        });
    }
    for c in &data.contacts {
        if let Some(&i) = at.get(c.opportunity.as_str()) {
            alone[i].contacts.push(c.clone());
        }
    }
    for e in &data.events {
        if let Some(&i) = at.get(e.opportunity.as_str()) {
            alone[i].events.push(e.clone());
        }
    }
    (at, alone)
}

fn what(step: NextStep) -> Option<&'static str> {
    match step {
        NextStep::ThankYou => Some("thank_you"),
        NextStep::FollowUp => Some("follow_up"),
        NextStep::CheckIn => Some("check_in"),
        NextStep::MoveOn => Some("move_on"),
        _ => None,
    }
}

/// The data a reminder's text shows (see [`Reminder::data`]).
fn reminder_data(data: &Data, s: &OpportunityStatus) -> ReasonData {
    let mut d = ReasonData::default();
    match s.next_step {
        NextStep::ThankYou => {
            d.contacts = due_contacts(&s.thank_you_due);
            for t in &s.thank_you_due {
                d.names.push(t.name.clone());
            }
            d.until = s.thank_you_due.iter().map(|t| &t.until).max().cloned();
        }
        NextStep::CheckIn => {
            d.date = data
                .opportunities
                .iter()
                .find(|o| o.id == s.opportunity)
                .and_then(|o| o.agreed_checkin_date);
        }
        NextStep::MoveOn => d.count = Some(s.unanswered),
        _ => {}
    }
    d
}

fn due<Tz: TimeZone>(
    data: &Data,
    s: &OpportunityStatus,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Option<Reminder> {
    let what = what(s.next_step)?;
    // `fine`: the moment it became due (the item's key); `since`: when it is shown, the
    // suggested moment (09:00 on a business day, see `suggested_at`), as everywhere.
    let (fine, since) = if s.next_step == NextStep::ThankYou {
        // Due from the start of the latest interview whose window is open.
        let mut start = None;
        for d in &s.thank_you_due {
            if let Some(t) = crate::model::parse_instant(&d.interview_at) {
                start = start.max(Some(t.to_utc()));
            }
        }
        let start = start?;
        (start, start)
    } else {
        let mut fine = became_fine(data, &s.opportunity, now, tz)?;
        // A check-in is due from its agreed day, also where the verdict became fine earlier
        // (inside a conversation it does not change on that day).
        if let Some(day) = reminder_data(data, s).date {
            fine = fine.max(local_midnight(day, tz));
        }
        (fine, suggested_at(fine, tz))
    };
    if since > now {
        return None;
    }
    Some(Reminder {
        key: format!("{}@{}", s.opportunity, local_rfc3339(fine, &Utc)),
        opportunity: s.opportunity.clone(),
        what,
        due: local_rfc3339(since, tz),
        company: s.company.clone(),
        data: reminder_data(data, s),
        due_instant: since,
    })
}

/// The opportunity's events up to `now`, latest first.
fn latest_event(data: &Data, opportunity: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut latest = None;
    for e in data.events.iter().filter(|e| e.opportunity == opportunity) {
        let t = e.at.to_utc();
        if t <= now {
            latest = latest.max(Some(t));
        }
    }
    latest
}

/// When the verdict on following up last stopped warning: the latest change after the
/// opportunity's latest event, up to `now`, to a level that does not warn (else the
/// latest event itself). The same whatever `now` is, until something new happens.
fn became_fine<Tz: TimeZone>(
    data: &Data,
    opportunity: &str,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Option<DateTime<Utc>> {
    let start = latest_event(data, opportunity, now)?;
    let query = Query::opportunity(opportunity, Channel::Email, start);
    let mut changed = start;
    for m in moments_ahead(data, &query, tz, LOOK_BACK) {
        if m.instant > now {
            break;
        }
        if !m.warn {
            changed = m.instant;
        }
    }
    Some(changed)
}

/// The next moment after `now` at which the opportunity may have something due: its
/// verdict stops warning, an interview logged ahead starts (thank-you notes), or an agreed
/// check-in day comes.
fn next_for<Tz: TimeZone>(
    data: &Data,
    opportunity: &str,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Option<DateTime<Utc>> {
    let query = Query::opportunity(opportunity, Channel::Email, now);
    let fine = (moments_ahead(data, &query, tz, 8).iter())
        .find(|m| !m.warn && m.instant > now)
        .map(|m| m.instant);
    let mut interview: Option<DateTime<Utc>> = None;
    for e in &data.events {
        let t = e.at.to_utc();
        if e.opportunity == opportunity && e.kind == EventKind::Interview && t > now {
            interview = Some(interview.map_or(t, |i| i.min(t)));
        }
    }
    // Shown from the suggested moment on (or at once, when that already passed).
    let fine = fine.map(|t| suggested_at(t, tz).max(now + chrono::Duration::seconds(1)));
    // An agreed check-in day ahead is due on its morning, even inside a conversation,
    // where the verdict does not change on that day.
    let agreed = (data.opportunities.iter())
        .find(|o| o.id == opportunity)
        .and_then(|o| o.agreed_checkin_date)
        .map(|d| suggested_at(local_midnight(d, tz), tz))
        .filter(|t| *t > now);
    let mut next = interview;
    for t in [fine, agreed].into_iter().flatten() {
        next = Some(next.map_or(t, |n| n.min(t)));
    }
    next
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_opportunity_alone_times_like_in_the_whole_history() {
        let data = crate::fixtures::synthetic(30, 900);
        let (at, alone) = super::by_opportunity(&data);
        let tz = chrono_tz::America::New_York;
        for now in [
            crate::fixtures::moment(&data),
            super::super::calendar::clamp(
                crate::fixtures::start().to_utc() + chrono::Duration::days(40),
            ),
        ] {
            for o in &data.opportunities {
                let own = &alone[at[o.id.as_str()]];
                assert_eq!(
                    super::became_fine(own, &o.id, now, &tz),
                    super::became_fine(&data, &o.id, now, &tz),
                    "{}",
                    o.id
                );
                assert_eq!(
                    super::next_for(own, &o.id, now, &tz),
                    super::next_for(&data, &o.id, now, &tz),
                    "{}",
                    o.id
                );
            }
        }
    }

    use super::*;
    use crate::format;
    use chrono_tz::America::New_York;
    use serde_json::json;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn data(events: serde_json::Value, stage: &str) -> Data {
        format::parse_value(json!({
            "format": "too-soon", "version": 1,
            "opportunities": [{"id": "acme", "company": "Acme", "stage": stage}],
            "contacts": [{"id": "dana", "opportunity": "acme", "name": "Dana Hill",
                          "addresses": ["dana@acme.example"]}],
            "events": events
        }))
        .unwrap()
    }

    #[test]
    fn a_follow_up_becomes_due_when_the_wait_ends() {
        let d = data(
            json!([{"id": "e1", "opportunity": "acme", "kind": "application",
                    "at": "2026-11-02T09:00:00-05:00"}]),
            "applied",
        );
        let before = reminders(&d, at("2026-11-05T12:00:00-05:00"), &New_York);
        assert!(before.due.is_empty(), "{before:?}");
        // Fine from Mon 9 Nov 00:00; reminded at 09:00 that morning (the suggested moment).
        assert_eq!(before.next, Some(at("2026-11-09T09:00:00-05:00")));
        let night = reminders(&d, at("2026-11-09T00:00:00-05:00"), &New_York);
        assert!(night.due.is_empty(), "not at midnight: {night:?}");
        for now in ["2026-11-09T09:00:00-05:00", "2026-11-20T08:00:00-05:00"] {
            let after = reminders(&d, at(now), &New_York);
            assert_eq!(after.due.len(), 1, "{now}");
            let r = &after.due[0];
            assert_eq!(r.what, "follow_up");
            assert_eq!(
                r.key, "acme@2026-11-09T05:00:00+00:00",
                "the same key at {now}"
            );
            assert_eq!(r.due, "2026-11-09T09:00:00-05:00");
            assert_eq!(r.company, "Acme");
            assert_eq!(r.data, ReasonData::default());
        }
    }

    #[test]
    fn a_thank_you_is_due_from_the_interview_until_its_window_closes() {
        let d = data(
            json!([{"id": "e1", "opportunity": "acme", "kind": "interview",
                    "at": "2026-11-03T10:00:00-05:00", "contacts": ["dana"]}]),
            "interviewing",
        );
        let early = reminders(&d, at("2026-11-03T08:00:00-05:00"), &New_York);
        assert!(early.due.is_empty());
        assert_eq!(early.next, Some(at("2026-11-03T10:00:00-05:00")));
        let open = reminders(&d, at("2026-11-03T12:00:00-05:00"), &New_York);
        assert_eq!(open.due.len(), 1);
        assert_eq!(open.due[0].what, "thank_you");
        assert_eq!(open.due[0].key, "acme@2026-11-03T15:00:00+00:00");
        assert_eq!(open.due[0].data.names, ["Dana Hill"], "{:?}", open.due[0]);
        assert_eq!(
            open.due[0].data.until.as_deref(),
            Some("2026-11-05T10:00:00-05:00"),
            "48 hours after the interview (balanced)"
        );
        // Once the window closed, nothing is due until the interview wait ends.
        let closed = reminders(&d, at("2026-11-06T12:00:00-05:00"), &New_York);
        assert!(closed.due.is_empty(), "{closed:?}");
        assert_eq!(closed.next, Some(at("2026-11-10T09:00:00-05:00")));
    }

    #[test]
    fn a_move_on_point_is_due_after_unanswered_contacts() {
        let d = data(
            json!([
                {"id": "e1", "opportunity": "acme", "kind": "application", "at": "2026-10-01T09:00:00-04:00"},
                {"id": "e2", "opportunity": "acme", "kind": "follow_up", "at": "2026-10-09T09:00:00-04:00", "contacts": ["dana"]},
                {"id": "e3", "opportunity": "acme", "kind": "follow_up", "at": "2026-10-20T09:00:00-04:00", "contacts": ["dana"]}
            ]),
            "applied",
        );
        let waiting = reminders(&d, at("2026-10-25T12:00:00-04:00"), &New_York);
        assert!(waiting.due.is_empty(), "{waiting:?}");
        let point = waiting.next.expect("a move-on point");
        let after = reminders(&d, point, &New_York);
        assert_eq!(after.due.len(), 1, "{after:?}");
        assert_eq!(after.due[0].what, "move_on");
        assert_eq!(after.due[0].due_instant, point);
        assert_eq!(after.due[0].data.count, Some(2));
    }

    #[test]
    fn an_agreed_check_in_date_is_due_on_that_date() {
        let mut d = data(
            json!([{"id": "e1", "opportunity": "acme", "kind": "application",
                    "at": "2026-11-02T09:00:00-05:00"}]),
            "applied",
        );
        d.opportunities[0].agreed_checkin_date = "2026-11-05".parse().ok();
        let r = reminders(&d, at("2026-11-05T09:00:00-05:00"), &New_York);
        assert_eq!(r.due.len(), 1, "{r:?}");
        assert_eq!(r.due[0].what, "check_in");
        assert_eq!(r.due[0].due, "2026-11-05T09:00:00-05:00");
        assert_eq!(r.due[0].data.date, "2026-11-05".parse().ok());
    }

    #[test]
    fn closed_opportunities_never_remind() {
        let d = data(
            json!([{"id": "e1", "opportunity": "acme", "kind": "application",
                    "at": "2026-11-02T09:00:00-05:00"}]),
            "closed",
        );
        let r = reminders(&d, at("2026-12-01T09:00:00-05:00"), &New_York);
        assert_eq!(r, Reminders::default());
        let mut closed_by_event = data(
            json!([
                {"id": "e1", "opportunity": "acme", "kind": "application", "at": "2026-11-02T09:00:00-05:00"},
                {"id": "e2", "opportunity": "acme", "kind": "closed", "at": "2026-11-03T09:00:00-05:00", "reason": "filled"}
            ]),
            "applied",
        );
        closed_by_event.settings.notifications = true;
        let r = reminders(&closed_by_event, at("2026-12-01T09:00:00-05:00"), &New_York);
        assert_eq!(r, Reminders::default());
    }

    #[test]
    fn nothing_logged_nothing_due() {
        let d = data(json!([]), "applied");
        assert_eq!(
            reminders(&d, at("2026-12-01T09:00:00-05:00"), &New_York),
            Reminders::default()
        );
    }
}
