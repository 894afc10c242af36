//! What the content script logs from a webmail page: a send (one contact per
//! opportunity of its tracked recipients, classified by the engine), the undo of a send,
//! and a reply from a tracked contact. Untracked addresses are never stored.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Serialize;

use super::{clones_where, earliest, Kind, Writes};
use crate::model::{
    self, is_send, normalize_address, Classification, Data, Event, EventKind, LoggedBy, Provider,
};
use crate::policy::{self, Query};

/// One event a send or a reply was logged as.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Logged {
    pub id: String,
    pub opportunity: String,
    pub kind: EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// Stored already (a retried message): nothing was written for it.
    pub duplicate: bool,
}

/// A send is logged as it happens, a little late at most (retries, a busy browser): one
/// logged more than this before now did not come from a webmail page.
const SEND_LATE_AT_MOST: Duration = Duration::hours(1);
/// A scheduled send is at most a year ahead.
pub const SEND_AHEAD_AT_MOST: Duration = Duration::days(365);
/// A reply's time comes from the page; the computer's clock may be a little behind.
pub const REPLY_AHEAD_AT_MOST: Duration = Duration::minutes(5);

/// Why a reply is refused: its time cannot be right (in the future, or before everything
/// logged with the people who sent it).
#[derive(Debug, PartialEq, Eq)]
pub struct Implausible;

/// Whether a send logged at `at` cannot have come from a webmail page at `now`:
/// scheduled more than a year ahead (a scheduled send is at most a year away), or logged
/// long after it happened (a send is logged as it happens).
pub fn implausible_send(at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    at > now + SEND_AHEAD_AT_MOST || at < now - SEND_LATE_AT_MOST
}

/// The events for `events`, skipping ids already stored.
fn store(data: &Data, events: Vec<Event>) -> (Vec<Logged>, Writes) {
    let mut writes = Writes::default();
    let mut logged = Vec::new();
    for e in events {
        let duplicate = data.events.iter().any(|stored| stored.id == e.id);
        if !duplicate {
            writes.put(Kind::Event.key(&e.id), &e);
        }
        logged.push(Logged {
            id: e.id,
            opportunity: e.opportunity,
            kind: e.kind,
            classification: e.classification,
            duplicate,
        });
    }
    (logged, writes)
}

/// The events of an email sent at `at` to `to` (send id `id`): see [`policy::log_send`].
/// A retried send (same id) finds its events stored and writes nothing.
pub fn send<Tz: TimeZone>(
    data: &Data,
    id: &str,
    to: &[String],
    (at, provider): (DateTime<Utc>, Option<Provider>),
    tz: &Tz,
) -> (Vec<Logged>, Writes) {
    let stored = clones_where(&data.events, &|e| of_send(&e.id, id));
    if !stored.is_empty() {
        let (mut logged, writes) = store(data, stored);
        logged.iter_mut().for_each(|l| l.duplicate = true);
        return (logged, writes);
    }
    let mut normalized = Vec::new();
    for a in to {
        normalized.push(normalize_address(a));
    }
    let to = normalized;
    let mut events = policy::log_send(data, &Query::email(to, at), tz, id);
    for e in &mut events {
        e.logged = Some(logged(LoggedBy::Compose, provider));
    }
    store(data, events)
}

fn logged(by: LoggedBy, provider: Option<Provider>) -> model::Logged {
    model::Logged {
        by,
        provider,
        message: None,
    }
}

/// Is `event` one of the events send `id` was logged as (`id`, or `id-1`, `id-2`… when
/// the send concerned several opportunities)?
fn of_send(event: &str, id: &str) -> bool {
    event == id
        || event.strip_prefix(id).is_some_and(|rest| {
            rest.strip_prefix('-')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Removes what send `id` was logged as (the webmail's Undo): the number removed.
/// Only events a send was logged as go: follow-ups and thank-you notes whose id is the
/// send's ([`SEND_PREFIX`] and numbered after it), never an event the user logged.
pub fn forget(data: &Data, id: &str) -> (usize, Writes) {
    let mut writes = Writes::default();
    for e in &data.events {
        let send = matches!(e.kind, EventKind::FollowUp | EventKind::ThankYou);
        if send && is_send(&e.id) && of_send(&e.id, id) {
            writes.remove.push(Kind::Event.key(&e.id));
        }
    }
    (writes.remove.len(), writes)
}

/// Where a reply was seen: the webmail, and its id of the message (else sender and time).
#[derive(Debug, Clone, Copy, Default)]
pub struct Seen<'a> {
    pub provider: Option<Provider>,
    pub message: Option<&'a str>,
}

/// Was `e` logged from message `message` seen in `provider`'s thread?
fn seen_as(e: &Event, provider: Option<Provider>, message: &str) -> bool {
    e.logged.as_ref().is_some_and(|l| {
        l.by == LoggedBy::Thread && l.provider == provider && l.message.as_deref() == Some(message)
    })
}

/// A reply from the tracked contacts with address `from` at `at`: one `reply` event per
/// opportunity they belong to (ids as for a send). Empty when `from` is not tracked.
/// Refused when `at` is more than a few minutes after `now`, or
/// before everything logged in each opportunity of those contacts (a reply cannot come
/// before the application); opportunities with nothing logged yet take any time. A
/// message seen before (`seen.message`, same webmail) is answered with what it was logged
/// as, and nothing is written: opening a thread five times stores one reply.
pub fn reply<Tz: TimeZone>(
    data: &Data,
    id: &str,
    from: &str,
    (at, now): (DateTime<Utc>, DateTime<Utc>),
    seen: Seen,
    tz: &Tz,
) -> Result<(Vec<Logged>, Writes), Implausible> {
    let Seen { provider, message } = seen;
    // The same message seen again (another visit, another tab): what it was logged as.
    if let Some(message) = message {
        let stored = clones_where(&data.events, &|e| {
            e.kind == EventKind::Reply && seen_as(e, provider, message)
        });
        if !stored.is_empty() {
            return Ok(store(data, stored));
        }
    }
    // A reply is logged once it has arrived.
    if at > now + REPLY_AHEAD_AT_MOST {
        return Err(Implausible);
    }
    let from = normalize_address(from);
    let mut by_opportunity: Vec<(String, Vec<String>)> = Vec::new();
    for c in &data.contacts {
        if !c.normalized_addresses().any(|a| a == *from) {
            continue;
        }
        match by_opportunity.iter().position(|(o, _)| *o == c.opportunity) {
            Some(i) => by_opportunity[i].1.push(c.id.clone()),
            None => by_opportunity.push((c.opportunity.clone(), vec![c.id.clone()])),
        }
    }
    // The earliest thing logged in each opportunity.
    let first = |opportunity: &str| earliest(&data.events, &|e| e.opportunity == opportunity);
    let matched = by_opportunity.len();
    by_opportunity.retain(|(opportunity, _)| first(opportunity).map_or(true, |first| at >= first));
    // A reply cannot come before the first entry logged with its sender.
    if by_opportunity.is_empty() && matched > 0 {
        return Err(Implausible);
    }
    let several = by_opportunity.len() > 1;
    let at = at.with_timezone(tz).fixed_offset();
    let mut events = Vec::new();
    for (i, (opportunity, contacts)) in by_opportunity.into_iter().enumerate() {
        events.push(Event {
            id: if several {
                format!("{id}-{}", i + 1)
            } else {
                id.to_string()
            },
            opportunity,
            kind: EventKind::Reply,
            at,
            contacts,
            channel: None,
            classification: None,
            reason: None,
            note: None,
            logged: Some(model::Logged {
                message: message.map(str::to_string),
                ..logged(LoggedBy::Thread, provider)
            }),
        });
    }
    Ok(store(data, events))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_events_of_a_send_are_its_id_or_numbered_after_it() {
        assert!(of_send("s1", "s1"));
        assert!(of_send("s1-2", "s1"));
        assert!(!of_send("s1-", "s1"));
        assert!(!of_send("s10", "s1"));
        assert!(!of_send("s1-x", "s1"));
        assert!(is_send("send-1") && is_send("send-1-2"));
        assert!(!is_send("send-") && !is_send("s1") && !is_send("e1"));
    }
}
