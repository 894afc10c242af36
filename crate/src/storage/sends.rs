//! What the content script logs from a webmail page: a send (one contact per
//! opportunity of its tracked recipients, classified by the engine), the undo of a send,
//! and a reply from a tracked contact. Untracked addresses are never stored.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::{Kind, Writes};
use crate::model::{normalize_address, Classification, Data, Event, EventKind};
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

/// The events for `events`, skipping ids already stored.
fn store(data: &Data, events: Vec<Event>) -> (Vec<Logged>, Writes) {
    let mut writes = Writes::default();
    let mut logged = Vec::new();
    for e in events {
        let duplicate = data.events.iter().any(|stored| stored.id == e.id);
        if !duplicate {
            if let Ok(value) = serde_json::to_value(&e) {
                writes.set.insert(Kind::Event.key(&e.id), value);
            }
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
    at: DateTime<Utc>,
    tz: &Tz,
) -> (Vec<Logged>, Writes) {
    let stored: Vec<Event> = data
        .events
        .iter()
        .filter(|e| of_send(&e.id, id))
        .cloned()
        .collect();
    if !stored.is_empty() {
        let (mut logged, writes) = store(data, stored);
        logged.iter_mut().for_each(|l| l.duplicate = true);
        return (logged, writes);
    }
    let to: Vec<String> = to.iter().map(|a| normalize_address(a)).collect();
    store(data, policy::log_send(data, &Query::email(to, at), tz, id))
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
pub fn forget(data: &Data, id: &str) -> (usize, Writes) {
    let writes = Writes {
        remove: data
            .events
            .iter()
            .filter(|e| of_send(&e.id, id))
            .map(|e| Kind::Event.key(&e.id))
            .collect(),
        ..Writes::default()
    };
    (writes.remove.len(), writes)
}

/// A reply from the tracked contacts with address `from` at `at`: one `reply` event per
/// opportunity they belong to (ids as for a send). Empty when `from` is not tracked.
pub fn reply<Tz: TimeZone>(
    data: &Data,
    id: &str,
    from: &str,
    at: DateTime<Utc>,
    tz: &Tz,
) -> (Vec<Logged>, Writes) {
    let from = normalize_address(from);
    let mut by_opportunity: Vec<(String, Vec<String>)> = Vec::new();
    for c in &data.contacts {
        if !c.addresses.iter().any(|a| normalize_address(a) == from) {
            continue;
        }
        match by_opportunity.iter_mut().find(|(o, _)| *o == c.opportunity) {
            Some((_, ids)) => ids.push(c.id.clone()),
            None => by_opportunity.push((c.opportunity.clone(), vec![c.id.clone()])),
        }
    }
    let several = by_opportunity.len() > 1;
    let at = at.with_timezone(tz).fixed_offset();
    let events = by_opportunity
        .into_iter()
        .enumerate()
        .map(|(i, (opportunity, contacts))| Event {
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
        })
        .collect();
    store(data, events)
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
    }
}
