//! What a send or a logged contact is (docs/policy.md, "What a send was").

use chrono::TimeZone;
use serde::Serialize;

use super::calendar::clamp;
use super::check::{Index, Plan};
use super::query::Query;
use crate::model::{Channel, Classification, Data, Event, EventKind};

/// What one send is for one opportunity: one message to several people of the same
/// opportunity is one contact for it, and a thank-you note for each interviewer among
/// them where it is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpportunityClassification {
    pub opportunity: String,
    /// `thank_you` when it is a thank-you note to every recipient of this opportunity,
    /// `answer` inside a conversation opened by their reply, else `initiated`.
    pub classification: Classification,
    /// The recipients of this opportunity (contact ids).
    pub contacts: Vec<String>,
    /// The recipients for whom it is a thank-you note.
    pub thank_you_for: Vec<String>,
}

/// Classifies the send described by `query` (recipients or opportunity, channel, moment)
/// against the history before it: one entry per opportunity concerned, empty when
/// nothing is tracked. A closed opportunity's contacts are `initiated`.
pub fn classify<Tz: TimeZone>(
    data: &Data,
    query: &Query,
    tz: &Tz,
) -> Vec<OpportunityClassification> {
    let index = Index::new(data);
    let Some(plan) = Plan::new(&index, query, tz) else {
        return Vec::new();
    };
    let mut classes = Vec::with_capacity(plan.targets.len());
    for (h, p) in &plan.targets {
        let (classification, thank_you_for) = if h.is_closed() {
            (Classification::Initiated, Vec::new())
        } else {
            h.classify(&p.recipients, p.channel, plan.at, &plan.env.numbers)
        };
        classes.push(OpportunityClassification {
            opportunity: h.id().to_string(),
            classification,
            contacts: p.recipients.clone(),
            thank_you_for,
        });
    }
    classes
}

/// [`classify`] for a send the user says is no thank-you note (one logged as a follow-up):
/// an answer inside their conversation, else an initiated contact, never a thank-you note.
pub fn classify_follow_up<Tz: TimeZone>(
    data: &Data,
    query: &Query,
    tz: &Tz,
) -> Vec<OpportunityClassification> {
    // Only a note can be a thank-you note (`Channel::is_note`): asked as a call, the same
    // send is what it is besides one.
    let call = Query {
        channel: Channel::Call,
        ..query.clone()
    };
    classify(data, &call, tz)
}

/// The events to add to the history for the send described by `query`, with what it was
/// recorded: one per opportunity concerned (one message to several people of one
/// opportunity is one contact for it), kind `thank_you` when it is a thank-you note to
/// every recipient there, else `follow_up`. Ids are `id`, or `id-1`, `id-2`… when the
/// send concerns several opportunities. Empty when nothing in the query is tracked.
pub fn log_send<Tz: TimeZone>(data: &Data, query: &Query, tz: &Tz, id: &str) -> Vec<Event> {
    let classes = classify(data, query, tz);
    let several = classes.len() > 1;
    let at = clamp(query.at).with_timezone(tz).fixed_offset();
    let mut events = Vec::with_capacity(classes.len());
    for (i, c) in classes.into_iter().enumerate() {
        events.push(Event {
            id: if several {
                format!("{id}-{}", i + 1)
            } else {
                id.to_string()
            },
            opportunity: c.opportunity,
            kind: if c.classification == Classification::ThankYou {
                EventKind::ThankYou
            } else {
                EventKind::FollowUp
            },
            at,
            contacts: c.contacts,
            channel: Some(query.channel),
            classification: Some(c.classification),
            reason: None,
            note: None,
            logged: None,
        });
    }
    events
}
