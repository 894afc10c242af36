//! The history a replica holds, as the engine reads it: the live versions, with what two
//! devices' changes would break repaired the same way everywhere, so that every merge
//! result loads.
//!
//! - A contact or event of an opportunity that is not there (deleted on one device while
//!   the other added to it) is left out of the history, but kept in the replica: putting
//!   the opportunity back (the delete's Undo) brings it back.
//! - An address belongs to one contact per opportunity: when two contacts claim it, the
//!   one with the latest version keeps it and it is left out of the other.
//! - An event names only contacts of its own opportunity that are there; it is never
//!   left out for that.

use std::collections::{BTreeMap, BTreeSet};

use super::replica::{Entity, Replica, Version};
use crate::model::{normalize_address, Contact, Data};

/// The history `replica` holds (see the module documentation).
pub fn materialize(replica: &Replica) -> Data {
    let mut data = Data::default();
    if let Some((_, settings)) = &replica.settings {
        data.settings = settings.clone();
    }
    let mut contacts: Vec<(&Version, &Contact)> = Vec::new();
    for version in replica.entities.values() {
        match &version.value {
            Some(Entity::Opportunity(o)) => data.opportunities.push(o.clone()),
            Some(Entity::Contact(c)) => contacts.push((version, c)),
            _ => {}
        }
    }
    let opportunities: BTreeSet<&str> = data.opportunities.iter().map(|o| o.id.as_str()).collect();
    contacts.retain(|(_, c)| opportunities.contains(c.opportunity.as_str()));
    // The latest version first claims its addresses.
    let mut order: Vec<usize> = (0..contacts.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        contacts[b].0.stamp.cmp(&contacts[a].0.stamp)
    });
    let mut claimed: BTreeSet<(String, &str)> = BTreeSet::new();
    let mut kept: Vec<Option<Contact>> = vec![None; contacts.len()];
    for i in order {
        let c = contacts[i].1;
        let mut contact = c.clone();
        contact.addresses = c
            .addresses
            .iter()
            .filter(|a| claimed.insert((normalize_address(a), c.opportunity.as_str())))
            .cloned()
            .collect();
        kept[i] = Some(contact);
    }
    data.contacts = kept.into_iter().flatten().collect();
    let owner: BTreeMap<&str, &str> = data
        .contacts
        .iter()
        .map(|c| (c.id.as_str(), c.opportunity.as_str()))
        .collect();
    for version in replica.entities.values() {
        let Some(Entity::Event(e)) = &version.value else {
            continue;
        };
        if !opportunities.contains(e.opportunity.as_str()) {
            continue;
        }
        let mut event = e.clone();
        event
            .contacts
            .retain(|c| owner.get(c.as_str()) == Some(&e.opportunity.as_str()));
        data.events.push(event);
    }
    data
}
