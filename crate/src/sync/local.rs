//! The local history (`storage.local`, the source of truth for the page) as the sync
//! session compares it with the replica: its entities by storage key, borrowed.

use serde::Serialize;
use serde_json::Value;

use super::replica::Entity;
use crate::hash::Map;
use crate::model::{Contact, Data, Event, Opportunity};
use crate::storage::Kind;

/// One entity of a history, borrowed.
#[derive(Clone, Copy)]
pub(super) enum Ref<'a> {
    Opportunity(&'a Opportunity),
    Contact(&'a Contact),
    Event(&'a Event),
}

impl<'a> Ref<'a> {
    pub(super) fn owned(self) -> Entity {
        match self {
            Ref::Opportunity(o) => Entity::Opportunity(o.clone()),
            Ref::Contact(c) => Entity::Contact(c.clone()),
            Ref::Event(e) => Entity::Event(e.clone()),
        }
    }

    pub(super) fn is(self, entity: &Entity) -> bool {
        match (self, entity) {
            (Ref::Opportunity(a), Entity::Opportunity(b)) => a == b,
            (Ref::Contact(a), Entity::Contact(b)) => a == b,
            (Ref::Event(a), Entity::Event(b)) => a == b,
            _ => false,
        }
    }
}

pub(super) fn json<T: Serialize>(value: &T) -> Value {
    crate::format::to_value(value).unwrap_or(Value::Null)
}

pub(super) fn entity_json(entity: &Entity) -> Value {
    match entity {
        Entity::Opportunity(o) => json(o),
        Entity::Contact(c) => json(c),
        Entity::Event(e) => json(e),
    }
}

/// The entities of a local history by kind and id.
pub(super) struct Local<'a>([Map<&'a str, Ref<'a>>; 3]);

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Opportunity => 0,
        Kind::Contact => 1,
        Kind::Event => 2,
    }
}

impl<'a> Local<'a> {
    pub(super) fn new(data: &'a Data) -> Local<'a> {
        let mut maps: [Map<&str, Ref>; 3] = Default::default();
        maps[0].extend(
            data.opportunities
                .iter()
                .map(|o| (o.id.as_str(), Ref::Opportunity(o))),
        );
        maps[1].extend(
            data.contacts
                .iter()
                .map(|c| (c.id.as_str(), Ref::Contact(c))),
        );
        maps[2].extend(data.events.iter().map(|e| (e.id.as_str(), Ref::Event(e))));
        Local(maps)
    }

    /// The local entity with the storage key `key`.
    pub(super) fn get(&self, key: &str) -> Option<Ref<'a>> {
        let (kind, id) = Kind::of_key(key)?;
        self.0[slot(kind)].get(id).copied()
    }

    pub(super) fn all(&self) -> impl Iterator<Item = (Kind, &&'a str, &Ref<'a>)> {
        [Kind::Opportunity, Kind::Contact, Kind::Event]
            .into_iter()
            .flat_map(move |kind| self.0[slot(kind)].iter().map(move |(id, r)| (kind, id, r)))
    }
}
