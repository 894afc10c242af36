//! Checks that hold between entities: unique ids, references that resolve, fields that
//! make sense for an event's kind.

use std::collections::HashMap;

use super::problems::Problems;
use crate::model::{normalize_address, Data, EventKind};

fn unique<'a>(ids: impl Iterator<Item = &'a str>, what: &str, p: &mut Problems) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        if id.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(id) {
            p.push(
                &format!("{what}[{i}].id"),
                format!("duplicate id {id:?} (also {what}[{first}])"),
            );
        } else {
            seen.insert(id, i);
        }
    }
}

pub(super) fn check(data: &Data, p: &mut Problems) {
    unique(
        data.opportunities.iter().map(|o| o.id.as_str()),
        "opportunities",
        p,
    );
    unique(data.contacts.iter().map(|c| c.id.as_str()), "contacts", p);
    unique(data.events.iter().map(|e| e.id.as_str()), "events", p);

    let opportunities: HashMap<&str, ()> = data
        .opportunities
        .iter()
        .map(|o| (o.id.as_str(), ()))
        .collect();
    let mut contacts: HashMap<&str, &str> = HashMap::new();
    let mut addresses: HashMap<(String, &str), usize> = HashMap::new();
    for (i, c) in data.contacts.iter().enumerate() {
        contacts
            .entry(c.id.as_str())
            .or_insert(c.opportunity.as_str());
        if !c.opportunity.is_empty() && !opportunities.contains_key(c.opportunity.as_str()) {
            p.push(
                &format!("contacts[{i}].opportunity"),
                format!("no opportunity has the id {:?}", c.opportunity),
            );
        }
        for (j, a) in c.addresses.iter().enumerate() {
            let path = format!("contacts[{i}].addresses[{j}]");
            let n = normalize_address(a);
            if n.is_empty() || !n.contains('@') || n.chars().any(char::is_whitespace) {
                p.push(&path, format!("not an email address: {a:?}"));
                continue;
            }
            match addresses.get(&(n.clone(), c.opportunity.as_str())) {
                Some(&other) if other != i => p.push(
                    &path,
                    format!("{a:?} also belongs to contacts[{other}] of the same opportunity"),
                ),
                Some(_) => p.push(&path, format!("{a:?} is listed twice")),
                _ => {
                    addresses.insert((n, c.opportunity.as_str()), i);
                }
            }
        }
    }
    for (i, e) in data.events.iter().enumerate() {
        if !e.opportunity.is_empty() && !opportunities.contains_key(e.opportunity.as_str()) {
            p.push(
                &format!("events[{i}].opportunity"),
                format!("no opportunity has the id {:?}", e.opportunity),
            );
        }
        for (j, c) in e.contacts.iter().enumerate() {
            let path = format!("events[{i}].contacts[{j}]");
            match contacts.get(c.as_str()) {
                None => p.push(&path, format!("no contact has the id {c:?}")),
                Some(o) if *o != e.opportunity => p.push(
                    &path,
                    format!(
                        "contact {c:?} belongs to opportunity {o:?}, not {:?}",
                        e.opportunity
                    ),
                ),
                Some(_) => {}
            }
        }
        let sends = matches!(e.kind, EventKind::ThankYou | EventKind::FollowUp);
        if e.classification.is_some() && !sends {
            p.push(
                &format!("events[{i}].classification"),
                format!(
                    "only thank_you and follow_up events have a classification, not {}",
                    e.kind
                ),
            );
        }
        if e.reason.is_some() && e.kind != EventKind::Closed {
            p.push(
                &format!("events[{i}].reason"),
                format!("only closed events have a reason, not {}", e.kind),
            );
        }
        if e.channel.is_some() && !(sends || e.kind == EventKind::Reply) {
            p.push(
                &format!("events[{i}].channel"),
                format!(
                    "only thank_you, follow_up and reply events have a channel, not {}",
                    e.kind
                ),
            );
        }
    }
}
