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
use crate::hash::{Groups, Map};
use crate::model::{Contact, Data};

/// What the repairs of a replica need to know: the opportunities there, and the contacts
/// there, each with its opportunity and, when it loses addresses, those it keeps. (Ids
/// map to positions, or 0 in a set: the map types `format::refs` has too, each compiled
/// once, see `crate::hash`.)
pub(super) struct Repair<'a> {
    opportunities: Map<&'a str, usize>,
    contacts: Map<&'a str, usize>,
    kept: Vec<(&'a str, Option<Vec<String>>)>,
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
                    opportunities.insert(o.id.as_str(), 0);
                }
                Some(Entity::Contact(c)) => contacts.push((version, c)),
                _ => {}
            }
        }
        contacts.retain(|(_, c)| opportunities.contains_key(c.opportunity.as_str()));
        // The latest version first claims its addresses.
        crate::sort::sort_by(&mut contacts, |a, b| b.0.stamp.cmp(&a.0.stamp));
        // Each address's claims: the opportunities that have it (over the addresses
        // normalized first).
        let mut normalized: Vec<Vec<String>> = Vec::new();
        for (_, c) in &contacts {
            normalized.push(c.normalized_addresses().collect());
        }
        let mut claimed: Groups<&str> = Groups::default();
        let mut positions = Map::default();
        let mut kept = Vec::new();
        for ((_, c), normalized) in contacts.iter().zip(&normalized) {
            let mut addresses = Vec::new();
            for (a, n) in c.addresses.iter().zip(normalized) {
                let claims = claimed.group(n);
                if !claims.contains(&c.opportunity.as_str()) {
                    claims.push(c.opportunity.as_str());
                    addresses.push(a.clone());
                }
            }
            let trimmed = (addresses.len() != c.addresses.len()).then_some(addresses);
            positions.insert(c.id.as_str(), kept.len());
            kept.push((c.opportunity.as_str(), trimmed));
        }
        Repair {
            opportunities,
            contacts: positions,
            kept,
        }
    }

    /// The contact `id` there: its opportunity, and the addresses it keeps when it loses
    /// some.
    fn contact(&self, id: &str) -> Option<&(&'a str, Option<Vec<String>>)> {
        self.contacts.get(id).map(|&i| &self.kept[i])
    }

    /// The entity as the history holds it (`None`: not there, or left out).
    pub(super) fn value<'v>(&self, version: &'v Version) -> Option<Cow<'v, Entity>> {
        match version.value.as_ref()? {
            entity @ Entity::Opportunity(_) => Some(Cow::Borrowed(entity)),
            entity @ Entity::Contact(c) => {
                let (_, trimmed) = self.contact(&c.id)?;
                Some(match trimmed {
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
                let named = |c: &String| {
                    self.contact(c)
                        .is_some_and(|(opportunity, _)| *opportunity == e.opportunity)
                };
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
