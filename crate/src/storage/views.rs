//! The per-address views the content script reads straight from storage, so a badge in a
//! compose window never has to wake the background (see the README, "Published views").
//!
//! | key | value |
//! |---|---|
//! | `view:<address>` | [`View`]: the verdict on an email to that address now, and each later verdict from the moment it holds |
//! | `view-names` | `{"<name or alias, lowercased>": ["address", …]}`: for webmail chips that show only a name |
//!
//! They are written in the same `storage.local.set` as the change that alters them
//! ([`refresh`]), only for the addresses of the opportunities that change touched, so a
//! view is never out of step with the history and logging one event stays cheap.

use crate::hash::Groups;
use crate::sort::{SortedMap, SortedSet};

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use serde_json::Value;

use super::{clones_where, earliest, load, Kind, Stored, Writes, SETTINGS_KEY};
use crate::model::{normalize_address, Classification, Data, EventKind, Level};
use crate::policy::{self, local_rfc3339, Heading, Query, Verdict};

/// The prefix of a view's key: `view:alice@example.com`.
pub const VIEW_PREFIX: &str = "view:";
/// The key of the name index.
pub const NAMES_KEY: &str = "view-names";
/// `{"engine": version, "zone": IANA name}`: what the views were computed with; when
/// either differs at start-up, every view is published again ([`stale`]).
pub const META_KEY: &str = "view-meta";
/// Verdict changes looked ahead per address (an address rarely has more than a few).
const MOMENTS: usize = 16;
/// A change that removes more entries than this is judged as touching everything (a
/// restore): cheaper than finding what each removed entry belonged to.
const BIG_CHANGE: usize = 100;

/// What the badge needs about one address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    pub v: u32,
    pub address: String,
    pub contacts: Vec<ViewContact>,
    /// The latest reply logged from these contacts (RFC 3339, local offset).
    pub last_reply_at: Option<String>,
    /// The latest other event they took part in.
    pub last_contact_at: Option<String>,
    /// The first event (not in the future) of their opportunities: a reply dated before
    /// it, as a webmail page may show, is not theirs to log.
    pub since: Option<String>,
    /// The verdict that holds at a moment is the last whose `from_ms` is null or not
    /// after it.
    pub segments: Vec<Segment>,
}

/// The verdict in brief, as the badge shows it; the full explanation (reasons, sources,
/// hints) is asked of the background (`check`) when the user opens it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glance {
    pub level: Level,
    pub warn: bool,
    /// The headline as data ([`crate::policy::Heading`]).
    pub heading: Heading,
    pub next_ok_at: Option<String>,
    pub suggested_at: Option<String>,
    pub classification: Classification,
}

impl From<Verdict> for Glance {
    fn from(v: Verdict) -> Glance {
        Glance {
            level: v.level,
            warn: v.warn,
            heading: v.heading,
            next_ok_at: v.next_ok_at,
            suggested_at: v.suggested_at,
            classification: v.classification,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewContact {
    pub id: String,
    pub name: String,
    pub opportunity: String,
    pub company: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub from_ms: Option<i64>,
    pub verdict: Glance,
}

/// The key of the view of `address`.
pub fn key(address: &str) -> String {
    format!("{VIEW_PREFIX}{}", normalize_address(address))
}

/// Is `key` a published view (never part of the history)?
pub fn is_view_key(key: &str) -> bool {
    key.starts_with(VIEW_PREFIX) || key == NAMES_KEY || key == META_KEY
}

/// What the views are computed with in this build, in time zone `zone`.
fn meta(zone: &str) -> Value {
    crate::format::value!({ "engine": crate::ENGINE_VERSION, "zone": zone })
}

/// Must every view be published again (first start with views, another engine or zone)?
pub fn stale(stored: &Stored, zone: &str) -> bool {
    stored.data.is_ok() && !stored.read_only() && stored.view_meta.as_ref() != Some(&meta(zone))
}

/// The view of `address` over `data` (which holds at least every opportunity the address
/// belongs to) at `now`; `None` when the address is not tracked there.
fn view<Tz: TimeZone>(data: &Data, address: &str, now: DateTime<Utc>, tz: &Tz) -> Option<View> {
    let query = Query::email([address.to_string()], now);
    let first = policy::check(data, &query, tz)?;
    let mut segments = vec![Segment {
        from_ms: None,
        verdict: first.into(),
    }];
    for moment in policy::moments_ahead(data, &query, tz, MOMENTS) {
        let at = moment.instant;
        if let Some(verdict) = policy::check(data, &Query::email([address.to_string()], at), tz) {
            segments.push(Segment {
                from_ms: Some(at.timestamp_millis()),
                verdict: verdict.into(),
            });
        }
    }
    // A few each: lists (another set type would cost the module more code).
    let mut contacts = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    let mut opportunities: Vec<&str> = Vec::new();
    for c in &data.contacts {
        if c.normalized_addresses().any(|a| a == *address) {
            ids.push(&c.id);
            opportunities.push(&c.opportunity);
            contacts.push(ViewContact {
                id: c.id.clone(),
                name: c.name.clone(),
                opportunity: c.opportunity.clone(),
                company: (data.opportunity(&c.opportunity))
                    .map(|o| o.company.clone())
                    .unwrap_or_default(),
            });
        }
    }
    let since = earliest(&data.events, &|e| {
        opportunities.contains(&e.opportunity.as_str()) && e.at.to_utc() <= now
    });
    let mut last_reply = None;
    let mut last_contact = None;
    for e in &data.events {
        if !e.contacts.iter().any(|c| ids.contains(&c.as_str())) || e.at.to_utc() > now {
            continue;
        }
        let slot = if e.kind == EventKind::Reply {
            &mut last_reply
        } else {
            &mut last_contact
        };
        if slot.is_none() || *slot < Some(e.at.to_utc()) {
            *slot = Some(e.at.to_utc());
        }
    }
    Some(View {
        v: 1,
        address: address.to_string(),
        contacts,
        last_reply_at: last_reply.map(|t| local_rfc3339(t, tz)),
        last_contact_at: last_contact.map(|t| local_rfc3339(t, tz)),
        since: since.map(|t| local_rfc3339(t, tz)),
        segments,
    })
}

/// The opportunities a change touches: those of the entities it writes, and of those it
/// removes (as they were before). `None`: everything (settings, or a restore).
fn touched(before: &Data, writes: &Writes) -> Option<SortedSet<String>> {
    if writes.remove.len() > BIG_CHANGE {
        return None;
    }
    let mut out = SortedSet::default();
    for (key, value) in &writes.set {
        match Kind::of_key(key) {
            Some((Kind::Opportunity, id)) => {
                out.insert(id.to_string());
            }
            Some(_) => {
                out.insert(
                    value
                        .get("opportunity")
                        .and_then(Value::as_str)?
                        .to_string(),
                );
            }
            None if key == SETTINGS_KEY => return None,
            None => {}
        }
    }
    for key in &writes.remove {
        let opportunity = match Kind::of_key(key) {
            Some((Kind::Opportunity, id)) => Some(id),
            Some((Kind::Contact, id)) => before.contact(id).map(|c| c.opportunity.as_str()),
            Some((Kind::Event, id)) => before
                .events
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.opportunity.as_str()),
            None => None,
        };
        if let Some(opportunity) = opportunity {
            out.insert(opportunity.to_string());
        }
    }
    Some(out)
}

/// Addresses → the opportunities they belong to.
fn addresses(data: &Data) -> SortedMap<String, SortedSet<String>> {
    // Sorted first, so that each one is added at the end.
    let mut pairs = Vec::new();
    for c in &data.contacts {
        for a in &c.addresses {
            pairs.push((normalize_address(a), &c.opportunity));
        }
    }
    // (A pair twice adds nothing: the set keeps one.)
    crate::sort::sort(&mut pairs);
    let mut out: SortedMap<String, SortedSet<String>> = SortedMap::default();
    for (address, opportunity) in pairs {
        out.or_default(address).insert(opportunity.clone());
    }
    out
}

/// `data` sliced by sets of opportunities: each opportunity's contacts and events are
/// found once (by position), so that slicing it many times (a restore: 1,000 groups over
/// 50,000 events) does not go over the whole history each time.
struct Slicer<'a> {
    data: &'a Data,
    contacts: Groups<'a, usize>,
    events: Groups<'a, usize>,
}

impl<'a> Slicer<'a> {
    fn new(data: &'a Data) -> Self {
        let mut contacts: Groups<usize> = Groups::default();
        for (i, c) in data.contacts.iter().enumerate() {
            contacts.group(&c.opportunity).push(i);
        }
        let mut events: Groups<usize> = Groups::default();
        for (i, e) in data.events.iter().enumerate() {
            events.group(&e.opportunity).push(i);
        }
        Slicer {
            data,
            contacts,
            events,
        }
    }

    /// The data with only the opportunities in `keep` (and their contacts and events), in
    /// the history's order.
    fn slice(&self, keep: &SortedSet<String>) -> Data {
        let data = self.data;
        let pick = |groups: &Groups<usize>| {
            let mut at: Vec<usize> = Vec::new();
            for o in keep {
                at.extend_from_slice(groups.get(o));
            }
            crate::sort::sort(&mut at);
            at
        };
        let mut sliced = Data {
            settings: data.settings.clone(),
            opportunities: clones_where(&data.opportunities, &|o| keep.contains(o.id.as_str())),
            ..Data::default()
        };
        for i in pick(&self.contacts) {
            sliced.contacts.push(data.contacts[i].clone());
        }
        for i in pick(&self.events) {
            sliced.events.push(data.events[i].clone());
        }
        sliced
    }
}

/// The view writes for `addresses` over `data` at `now`: each tracked one set, each
/// other one removed. Addresses that share nothing are judged on their own
/// opportunities only (one pass over the history for all of them).
fn views_for<Tz: TimeZone>(
    data: &Data,
    wanted: &SortedSet<String>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Writes {
    let tracked = addresses(data);
    let mut writes = Writes::default();
    // The tracked addresses with their opportunities, then in groups of the same ones.
    let mut by_opportunities: Vec<(&SortedSet<String>, &String)> = Vec::new();
    for address in wanted {
        match tracked.get(address) {
            Some(opportunities) => by_opportunities.push((opportunities, address)),
            None => writes.remove.push(key(address)),
        }
    }
    crate::sort::sort_by(&mut by_opportunities, |a, b| a.0.cmp(b.0));
    let slicer = Slicer::new(data);
    for group in by_opportunities.chunk_by(|a, b| a.0 == b.0) {
        let own = slicer.slice(group[0].0);
        for (_, address) in group {
            if let Some(v) = view(&own, address, now, tz) {
                writes.put(key(address), &v);
            }
        }
    }
    writes
}

/// The name index over `data`.
fn names(data: &Data) -> Value {
    let mut named = Vec::new();
    for c in &data.contacts {
        for name in std::iter::once(&c.name).chain(&c.aliases) {
            let name = crate::model::lowercase(&crate::text::single_spaced(name));
            if !name.is_empty() {
                named.push((name, c));
            }
        }
    }
    // Sorted first, so that each name is added at the end.
    crate::sort::sort_by(&mut named, |a, b| a.0.cmp(&b.0));
    let mut index: SortedMap<String, SortedSet<String>> = SortedMap::default();
    for (name, c) in named {
        index.or_default(name).extend(c.normalized_addresses());
    }
    crate::format::to_value(&index).unwrap_or(Value::Null)
}

/// Every view at `now`, stamped with time zone `zone` (see [`stale`]); empty writes when
/// storage cannot be written.
pub fn publish<Tz: TimeZone>(stored: &Stored, zone: &str, now: DateTime<Utc>, tz: &Tz) -> Writes {
    let Ok(data) = &stored.data else {
        return Writes::default();
    };
    if stored.read_only() {
        return Writes::default();
    }
    let mut writes = publish_all(data, &stored.view_keys(), now, tz);
    writes.set.insert(META_KEY.into(), meta(zone));
    writes
}

/// Every view over `data` at `now` (start-up, or after a change that touches everything),
/// with the removal of views of addresses no longer tracked (`published`: the view keys
/// stored now).
fn publish_all<Tz: TimeZone>(
    data: &Data,
    published: &SortedSet<String>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Writes {
    let mut wanted = Vec::new();
    for (address, _) in addresses(data) {
        wanted.push(address);
    }
    for k in published {
        if let Some(address) = k.strip_prefix(VIEW_PREFIX) {
            wanted.push(address.to_string());
        }
    }
    let wanted: SortedSet<String> = wanted.into_iter().collect();
    let mut writes = views_for(data, &wanted, now, tz);
    writes.set.insert(NAMES_KEY.into(), names(data));
    writes
}

/// `writes` (a change planned over `stored`), with the views it alters: those of every
/// address of the opportunities it touches, before or after it.
pub fn refresh<Tz: TimeZone>(
    stored: &Stored,
    writes: Writes,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Writes {
    let Ok(before) = &stored.data else {
        return writes;
    };
    let mut after = Stored::from_data(Data::default());
    let Some(opportunities) = touched(before, &writes) else {
        // Everything may change: judge the whole history after the change.
        after.data = Ok(before.clone());
        if !load::apply(&mut after, &writes) {
            return writes;
        }
        let Ok(data) = &after.data else {
            return writes;
        };
        let views = publish_all(data, &stored.view_keys(), now, tz);
        return writes.then(views);
    };
    if opportunities.is_empty() {
        return writes;
    }
    // The addresses concerned, before and after, and every opportunity they belong to.
    let tracked = addresses(before);
    let mut wanted = Vec::new();
    for c in &before.contacts {
        if opportunities.contains(&c.opportunity) {
            wanted.extend(c.normalized_addresses());
        }
    }
    for (key, value) in &writes.set {
        if matches!(Kind::of_key(key), Some((Kind::Contact, _))) {
            for address in super::items(value, "addresses") {
                if let Some(address) = address.as_str() {
                    wanted.push(normalize_address(address));
                }
            }
        }
    }
    let wanted: SortedSet<String> = wanted.into_iter().collect();
    let mut keep = opportunities;
    for address in &wanted {
        for opportunity in tracked.get(address).into_iter().flatten() {
            keep.insert(opportunity.clone());
        }
    }
    after.data = Ok(Slicer::new(before).slice(&keep));
    if !load::apply(&mut after, &writes) {
        return writes;
    }
    let Ok(data) = &after.data else {
        return writes;
    };
    let mut views = views_for(data, &wanted, now, tz);
    let mut contacts_changed = false;
    for k in writes.set.keys().chain(&writes.remove) {
        if matches!(
            Kind::of_key(k),
            Some((Kind::Contact | Kind::Opportunity, _))
        ) {
            contacts_changed = true;
        }
    }
    if contacts_changed {
        // The index covers every contact: built over all of them after the change.
        let mut whole = Stored::from_data(Data {
            opportunities: before.opportunities.clone(),
            contacts: before.contacts.clone(),
            ..Data::default()
        });
        if load::apply(&mut whole, &writes) {
            if let Ok(data) = &whole.data {
                views.set.insert(NAMES_KEY.into(), names(data));
            }
        }
    }
    writes.then(views)
}
