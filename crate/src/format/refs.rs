//! Checks that hold between entities: unique ids, references that resolve, fields that
//! make sense for an event's kind.

use crate::hash::{Groups, Map};

use super::problems::Problems;
use crate::model::{is_email, is_whole_email, normalize_address, Contact, Data, Event, EventKind};

fn unique<'a>(ids: impl Iterator<Item = &'a str>, what: &str, p: &mut Problems) {
    let mut seen: Map<&str, usize> = Map::default();
    for (i, id) in ids.enumerate() {
        if id.is_empty() {
            continue;
        }
        if seen.contains_key(id) {
            p.about(&format!("{what}[{i}].id"), "duplicate_id", "id", id);
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

    // Ids to positions, here and below: one map type, compiled once (see `crate::hash`).
    let opportunities: Map<&str, usize> = (data.opportunities.iter().enumerate())
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    // Each contact id's first position.
    let mut contacts: Map<&str, usize> = Map::default();
    // Each address's claims: the opportunity and the contact's position (`Groups`, over
    // the addresses normalized first).
    let mut normalized: Vec<Vec<String>> = Vec::new();
    for c in &data.contacts {
        normalized.push(c.normalized_addresses().collect());
    }
    let mut claims: Groups<(&str, usize)> = Groups::default();
    for (i, c) in data.contacts.iter().enumerate() {
        contacts.entry(c.id.as_str()).or_insert(i);
        if !c.opportunity.is_empty() && !opportunities.contains_key(c.opportunity.as_str()) {
            p.about(
                &format!("contacts[{i}].opportunity"),
                "no_opportunity",
                "id",
                &c.opportunity,
            );
        }
        for (j, a) in c.addresses.iter().enumerate() {
            let path = format!("contacts[{i}].addresses[{j}]");
            if !is_email(a) {
                p.about(&path, "not_email", "value", a);
                continue;
            }
            let n = &normalized[i][j];
            let claim = (claims.get(n).iter()).find(|(o, _)| *o == c.opportunity);
            match claim {
                Some(&(_, other)) if other != i => {
                    p.about(&path, "address_taken", "value", a);
                }
                Some(_) => p.about(&path, "address_twice", "value", a),
                None => claims.group(n).push((c.opportunity.as_str(), i)),
            }
        }
    }
    // The events whose kind could not be read: no kind their fields could fit.
    let mut unread = vec![false; data.events.len()];
    for q in p.iter() {
        let at = (q.path.strip_prefix("events["))
            .and_then(|rest| rest.strip_suffix("].kind"))
            .and_then(|i| i.parse::<usize>().ok());
        if let Some(flag) = at.and_then(|i| unread.get_mut(i)) {
            *flag = true;
        }
    }
    for (i, e) in data.events.iter().enumerate() {
        event(
            e,
            &format!("events[{i}]"),
            !unread[i],
            &|o| opportunities.contains_key(o),
            &|c| {
                contacts
                    .get(c)
                    .map(|&i| data.contacts[i].opportunity.as_str())
            },
            p,
        );
    }
}

/// The checks of one event against the rest: its opportunity and contacts exist, its
/// contacts belong to its opportunity, its fields fit its kind.
fn event<'a>(
    e: &Event,
    path: &str,
    kind_read: bool,
    opportunity_exists: &dyn Fn(&str) -> bool,
    contact_opportunity: &dyn Fn(&str) -> Option<&'a str>,
    p: &mut Problems,
) {
    if !e.opportunity.is_empty() && !opportunity_exists(e.opportunity.as_str()) {
        p.about(
            &format!("{path}.opportunity"),
            "no_opportunity",
            "id",
            &e.opportunity,
        );
    }
    for (j, c) in e.contacts.iter().enumerate() {
        let at = format!("{path}.contacts[{j}]");
        match contact_opportunity(c.as_str()) {
            None => p.about(&at, "no_contact", "id", c),
            Some(o) if o != e.opportunity => p.about(&at, "other_opportunity", "id", c),
            Some(_) => {}
        }
    }
    if !kind_read {
        return;
    }
    let sends = matches!(e.kind, EventKind::ThankYou | EventKind::FollowUp);
    let misfits = [
        ("classification", e.classification.is_some() && !sends),
        ("reason", e.reason.is_some() && e.kind != EventKind::Closed),
        (
            "channel",
            e.channel.is_some() && !(sends || e.kind == EventKind::Reply),
        ),
    ];
    for (field, misfit) in misfits {
        if misfit {
            let at = format!("{path}.{field}");
            p.about(&at, "not_for_kind", "kind", e.kind.as_str());
        }
    }
}

/// Checks one event, under `path`, against stored `data` (which it would join).
pub fn event_refs(data: &Data, e: &Event, path: &str) -> Problems {
    let mut p = Problems::default();
    event(
        e,
        path,
        true,
        &|o| data.opportunity(o).is_some(),
        &|c| data.contact(c).map(|c| c.opportunity.as_str()),
        &mut p,
    );
    p
}

/// The addresses of contact `c`, under `path`, as typed anew (a contact added or edited):
/// one that is an address to read ([`is_email`]) but not a whole one ([`is_whole_email`]:
/// `ann@`, `ann@example`) is `not_email` too. (Those that are not addresses at all are
/// [`contact_refs`]' problems.)
pub fn typed_addresses(c: &Contact, path: &str) -> Problems {
    let mut p = Problems::default();
    for (j, a) in c.addresses.iter().enumerate() {
        if is_email(a) && !is_whole_email(a) {
            let at = format!("{path}.addresses[{j}]");
            p.about(&at, "not_email", "value", a);
        }
    }
    p
}

/// The addresses of a contact's `value` that could not be read as a contact (it has
/// `problems` already), under `path`: each text that is not a whole address is
/// `not_email`, unless a problem is there already.
pub fn typed_address_texts(value: &serde_json::Value, path: &str, problems: &Problems) -> Problems {
    let mut p = Problems::default();
    let texts = value.get("addresses").and_then(serde_json::Value::as_array);
    for (j, a) in texts.into_iter().flatten().enumerate() {
        let at = format!("{path}.addresses[{j}]");
        match a.as_str() {
            Some(a) if !is_whole_email(a) && !problems.iter().any(|q| q.path == at) => {
                p.about(&at, "not_email", "value", a);
            }
            _ => {}
        }
    }
    p
}

/// Checks one contact, under `path`, against stored `data` where it would replace the
/// contact with the same id: its opportunity exists, its addresses are addresses and
/// belong to no other contact of the same opportunity, and if it moves to another
/// opportunity no event names it.
pub fn contact_refs(data: &Data, c: &Contact, path: &str) -> Problems {
    let mut p = Problems::default();
    if data.opportunity(&c.opportunity).is_none() {
        p.about(
            &format!("{path}.opportunity"),
            "no_opportunity",
            "id",
            &c.opportunity,
        );
    }
    for (j, a) in c.addresses.iter().enumerate() {
        let at = format!("{path}.addresses[{j}]");
        let n = normalize_address(a);
        if !is_email(a) {
            p.about(&at, "not_email", "value", a);
        } else if c.addresses[..j].iter().any(|b| normalize_address(b) == n) {
            p.about(&at, "address_twice", "value", a);
        } else if data.contacts.iter().any(|o| {
            o.id != c.id
                && o.opportunity == c.opportunity
                && o.normalized_addresses().any(|b| b == *n)
        }) {
            p.about(&at, "address_taken", "value", a);
        }
    }
    if let Some(old) = data.contact(&c.id) {
        if old.opportunity != c.opportunity
            && data.events.iter().any(|e| e.contacts.contains(&c.id))
        {
            p.about(
                &format!("{path}.opportunity"),
                "contact_cannot_move",
                "id",
                &c.id,
            );
        }
    }
    p
}
