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

use std::borrow::Cow;

use super::replica::{Entity, Replica, Version};
use crate::hash::Map;
use crate::model::{normalize_address, Contact, Data};

/// What the repairs of a replica need to know: the opportunities there, the contacts
/// there (with their opportunity), and the contacts that lose addresses.
pub(super) struct Repair<'a> {
    opportunities: Map<&'a str, ()>,
    owner: Map<&'a str, &'a str>,
    trimmed: Map<&'a str, Vec<String>>,
}

impl<'a> Repair<'a> {
    pub(super) fn new(replica: &'a Replica) -> Repair<'a> {
        Repair::of(replica.versions().map(|(_, v)| v))
    }

    /// The repairs of `versions`, in key order: the repairs of an opportunity's group
    /// (its versions, those of its contacts and events) depend on that group alone, so
    /// the versions of some whole groups give the same repairs there as the replica's.
    pub(super) fn of(versions: impl Iterator<Item = &'a Version>) -> Repair<'a> {
        let mut opportunities = Map::default();
        let mut contacts: Vec<(&Version, &Contact)> = Vec::new();
        for version in versions {
            match &version.value {
                Some(Entity::Opportunity(o)) => {
                    opportunities.insert(o.id.as_str(), ());
                }
                Some(Entity::Contact(c)) => contacts.push((version, c)),
                _ => {}
            }
        }
        contacts.retain(|(_, c)| opportunities.contains_key(c.opportunity.as_str()));
        // The latest version first claims its addresses.
        crate::sort::sort_by(&mut contacts, |a, b| b.0.stamp.cmp(&a.0.stamp));
        // (address, opportunity) → 0: the map type of `format::refs` (no other set type).
        let mut claimed: Map<(String, &str), usize> = Map::default();
        let mut owner = Map::default();
        let mut trimmed = Map::default();
        for (_, c) in contacts {
            owner.insert(c.id.as_str(), c.opportunity.as_str());
            let kept: Vec<String> = c
                .addresses
                .iter()
                .filter(|a| {
                    claimed
                        .insert((normalize_address(a), c.opportunity.as_str()), 0)
                        .is_none()
                })
                .cloned()
                .collect();
            if kept.len() != c.addresses.len() {
                trimmed.insert(c.id.as_str(), kept);
            }
        }
        Repair {
            opportunities,
            owner,
            trimmed,
        }
    }

    /// The entity as the history holds it (`None`: not there, or left out).
    pub(super) fn value<'v>(&self, version: &'v Version) -> Option<Cow<'v, Entity>> {
        match version.value.as_ref()? {
            entity @ Entity::Opportunity(_) => Some(Cow::Borrowed(entity)),
            entity @ Entity::Contact(c) => {
                if !self.owner.contains_key(c.id.as_str()) {
                    return None;
                }
                Some(match self.trimmed.get(c.id.as_str()) {
                    None => Cow::Borrowed(entity),
                    Some(kept) => {
                        let mut c = c.clone();
                        c.addresses = kept.clone();
                        Cow::Owned(Entity::Contact(c))
                    }
                })
            }
            entity @ Entity::Event(e) => {
                if !self.opportunities.contains_key(e.opportunity.as_str()) {
                    return None;
                }
                let named =
                    |c: &String| self.owner.get(c.as_str()) == Some(&e.opportunity.as_str());
                if e.contacts.iter().all(named) {
                    return Some(Cow::Borrowed(entity));
                }
                let mut e = e.clone();
                e.contacts.retain(named);
                Some(Cow::Owned(Entity::Event(e)))
            }
        }
    }
}

/// The history `replica` holds (see the module documentation).
pub fn materialize(replica: &Replica) -> Data {
    let mut data = Data::default();
    if let Some((_, settings)) = &replica.settings {
        data.settings = settings.clone();
    }
    let repair = Repair::new(replica);
    for (_, version) in replica.versions() {
        match repair.value(version).map(Cow::into_owned) {
            Some(Entity::Opportunity(o)) => data.opportunities.push(o),
            Some(Entity::Contact(c)) => data.contacts.push(c),
            Some(Entity::Event(e)) => data.events.push(e),
            None => {}
        }
    }
    data
}
