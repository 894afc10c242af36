//! Planning one change: given what is stored and a write request, the writes to make
//! (or why none may be made). Pure; the background applies the writes in order.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use crate::format::value;

use super::done::{Done, Refusal, Refused};
use super::restore::{self, ImportMode};
use super::{
    clones_where, delete, earliest, learned, sends, views, Kind, Salvage, Stored, Writes,
    LEGACY_KEY, PROVIDER_PREFIX, SCHEMA_KEY, SCHEMA_VERSION, SETTINGS_KEY,
};
use crate::format::{self, Problems};
use crate::model::{moment_kept, Classification, Data, Event, EventKind, Provider, Stage};
use crate::policy::{self, Query};

/// A change the user asks for; the payload is checked like an entry of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Adds or replaces an opportunity (by id).
    Opportunity(Value),
    /// Adds or replaces a contact (by id).
    Contact(Value),
    /// Adds an event; an id already stored is a retry, answered without writing.
    Event(Value),
    /// Replaces an event already stored (by its id, which it keeps), checked like a new
    /// one; a send is classified again from the history without it.
    EditEvent(Value),
    /// Changes the settings given (the others stay; each webmail's switch on its own).
    Settings(Value),
    /// Restores a backup (the file's text), merged into what is stored or replacing it
    /// (see [`super::restore`]).
    Import { file: String, mode: ImportMode },
    /// An email sent from a webmail page (see [`super::sends`]); `at` absent: now.
    Send {
        id: String,
        to: Vec<String>,
        at: Option<DateTime<Utc>>,
        /// The webmail it was sent from (kept in each event's `logged`).
        provider: Option<Provider>,
    },
    /// The webmail's Undo of send `id`.
    ForgetSend { id: String },
    /// A reply from the tracked contacts with address `from`; `at` absent: now.
    Reply {
        id: String,
        from: String,
        at: Option<DateTime<Utc>>,
        /// The webmail it was seen in (kept in each event's `logged`).
        provider: Option<Provider>,
        /// The webmail's id of the message, or its sender and time: the same again is a
        /// retry, answered without writing.
        message: Option<String>,
    },
    /// A name a webmail shows `address` under: stored as an alias of its contacts.
    Alias { address: String, name: String },
    /// An address the user sends from (a webmail compose's From).
    OwnAddress { address: String },
    /// Whether a webmail provider's layout is recognized right now.
    Provider {
        provider: Provider,
        recognized: bool,
    },
    /// Deletes an entity (see [`super::delete`]).
    Delete { kind: Kind, id: String },
    /// Puts back what a delete removed.
    PutBack(Value),
    /// Removes everything stored but the schema.
    DeleteAll,
    /// Several changes of opportunities, contacts, events or settings as one: each is
    /// planned over what the ones before it wrote, and if one is refused, nothing is
    /// written ("track someone": the opportunity, the person and the application).
    Batch(Vec<Write>),
}

impl Write {
    /// May this change be part of a [`Write::Batch`]?
    pub fn batches(&self) -> bool {
        matches!(
            self,
            Write::Opportunity(_)
                | Write::Contact(_)
                | Write::Event(_)
                | Write::Settings(_)
                | Write::Delete { .. }
        )
    }
}

fn invalid(problems: Problems) -> Refusal {
    (Refused::Invalid, problems)
}

/// A batch whose parts, applied in turn, leave the history unreadable or inconsistent.
fn inconsistent() -> Refusal {
    refused_for("", "inconsistent")
}

/// A change refused for one problem, `code` at `path`, whose words show no values.
fn refused_for(path: &str, code: &'static str) -> Refusal {
    refused(path, code, value!({}))
}

/// A change refused for one problem: `code`, with the `values` its words show, at `path`.
fn refused(path: &str, code: &'static str, values: Value) -> Refusal {
    (Refused::Invalid, Problems::one(path, code, values))
}

fn checked<T>(parsed: Result<T, Problems>) -> Result<T, Refusal> {
    parsed.map_err(invalid)
}

fn refs(problems: Problems) -> Result<(), Refusal> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(problems))
    }
}

/// `at` when it lies in the years kept, in UTC and in the user's zone `tz` (see
/// [`moment_kept`]); else why not, under `path`.
fn kept<Tz: TimeZone>(path: &str, at: DateTime<Utc>, tz: &Tz) -> Result<DateTime<Utc>, Refusal> {
    if moment_kept(at, tz) {
        Ok(at)
    } else {
        Err(refused_for(path, "out_of_range"))
    }
}

fn saved(kind: &'static str, id: String, duplicate: bool) -> Done {
    Done::Saved {
        kind,
        id,
        duplicate,
        classification: None,
    }
}

fn entry<T: serde::Serialize>(key: String, value: &T) -> Writes {
    let mut writes = Writes::default();
    writes.put(key, value);
    writes
}

/// The answer and the writes for `write` over `stored`, or why it is refused: newer
/// schema (`read_only`), unreadable storage (`data_unreadable`), a payload that is not
/// valid or does not fit what is stored (`invalid`, every problem with its path). A due
/// migration is made first, in the same writes, and the published views the change
/// alters are written with it ([`views::refresh`]).
pub fn plan<Tz: TimeZone>(
    stored: &Stored,
    write: &Write,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<(Done, Writes), Refusal> {
    if let Some(version) = stored.schema.filter(|_| stored.read_only()) {
        return Err((
            Refused::ReadOnly,
            Problems::one(
                "",
                "read_only",
                value!({"version": version, "supported": SCHEMA_VERSION}),
            ),
        ));
    }
    let data = match (&stored.data, &stored.salvage) {
        (Ok(data), _) => data,
        (Err(_), Some(salvage)) if way_out(write) => {
            return rescue(stored, salvage, write, now, tz);
        }
        (Err(problems), _) => {
            let mut why = Problems::one("", "data_unreadable", value!({}));
            why.extend(problems.clone());
            return Err((Refused::DataUnreadable, why));
        }
    };
    let (response, writes) = change(stored, data, write, now, tz)?;
    // Clearing everything removes the views too; a provider's state alters none.
    let writes = match write {
        Write::DeleteAll | Write::Provider { .. } => writes,
        _ => views::refresh(stored, writes, now, tz),
    };
    let before = stored.migration.clone().unwrap_or_default();
    Ok((response, before.then(writes)))
}

/// The changes still allowed over storage that cannot be read: those that leave nothing
/// of it (see [`super::salvage`]).
fn way_out(write: &Write) -> bool {
    matches!(
        write,
        Write::DeleteAll
            | Write::Import {
                mode: ImportMode::Replace,
                ..
            }
    )
}

/// A replace or a delete over storage that cannot be read: planned as over an empty
/// history, then every entity key stored (read or not), the provisional history and the
/// published views are removed too, and the schema is written again, so that storage
/// holds exactly the file, or nothing, and reads again.
fn rescue<Tz: TimeZone>(
    stored: &Stored,
    salvage: &Salvage,
    write: &Write,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<(Done, Writes), Refusal> {
    let mut empty = stored.clone();
    empty.data = Ok(Data::default());
    empty
        .keys
        .retain(|k| !views::is_view_key(k) && k != SCHEMA_KEY);
    let (mut response, writes) = change(&empty, &Data::default(), write, now, tz)?;
    if let Done::Cleared {
        opportunities,
        contacts,
        events,
    } = &mut response
    {
        *opportunities = salvage.data.opportunities.len();
        *contacts = salvage.data.contacts.len();
        *events = salvage.data.events.len();
    }
    let writes = match write {
        Write::DeleteAll => writes,
        _ => views::refresh(&empty, writes, now, tz),
    };
    let mut clear = super::load::schema_writes();
    clear.remove.extend_from_slice(&salvage.keys);
    for k in &stored.keys {
        if k == LEGACY_KEY || views::is_view_key(k) {
            clear.remove.push(k.clone());
        }
    }
    let writes = clear.then(writes);
    if let Done::Imported { removed, .. } = &mut response {
        *removed = 0;
        for k in &salvage.keys {
            if !writes.set.contains_key(k) {
                *removed += 1;
            }
        }
    }
    Ok((response, writes))
}

fn change<Tz: TimeZone>(
    stored: &Stored,
    data: &Data,
    write: &Write,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<(Done, Writes), Refusal> {
    match write {
        Write::Opportunity(value) => {
            let o = checked(format::parse_opportunity(value, "opportunity"))?;
            refs(dates_typed(data, &o, tz))?;
            let writes = entry(Kind::Opportunity.key(&o.id), &o);
            Ok((saved(Kind::Opportunity.name(), o.id, false), writes))
        }
        Write::Contact(value) => {
            // A field's problem does not hide an address typed wrong: all show at once.
            let c = format::parse_contact(value, "contact").map_err(|mut problems| {
                problems.extend(format::typed_address_texts(value, "contact", &problems));
                invalid(problems)
            })?;
            let mut problems = format::typed_addresses(&c, "contact");
            problems.extend(format::contact_refs(data, &c, "contact"));
            refs(problems)?;
            let mut writes = entry(Kind::Contact.key(&c.id), &c);
            if let Some(settings) = learned::not_own(data, &c) {
                writes.put(SETTINGS_KEY.to_string(), &settings);
            }
            Ok((saved(Kind::Contact.name(), c.id, false), writes))
        }
        Write::Event(value) => log_event(data, value, now, tz),
        Write::EditEvent(value) => edit_event(data, value, now, tz),
        Write::Settings(change) => {
            let settings = checked(format::parse_settings(
                &settings_changed(data, change),
                "settings",
            ))?;
            let writes = entry(SETTINGS_KEY.to_string(), &settings);
            Ok((saved(SETTINGS_KEY, SETTINGS_KEY.to_string(), false), writes))
        }
        Write::Import { file, mode } => restore::import(data, file, *mode),
        Write::Send {
            id,
            to,
            at,
            provider,
        } => log_send(data, id, to, (at.unwrap_or(now), now), *provider, tz),
        Write::ForgetSend { id } => {
            let (removed, writes) = sends::forget(data, id);
            Ok((Done::Forgotten { removed }, writes))
        }
        Write::Reply {
            id,
            from,
            at,
            provider,
            message,
        } => {
            let seen = sends::Seen {
                provider: *provider,
                message: message.as_deref(),
            };
            log_reply(data, id, from, (at.unwrap_or(now), now), seen, tz)
        }
        Write::Alias { address, name } => {
            let (contacts, writes) =
                learned::alias(data, address, name).map_err(|_| refused_for("name", "invalid"))?;
            Ok((Done::Learned { contacts }, writes))
        }
        Write::OwnAddress { address } => {
            let (new, writes) = learned::own_address(data, address).map_err(invalid)?;
            Ok((saved(SETTINGS_KEY, SETTINGS_KEY.to_string(), !new), writes))
        }
        Write::Provider {
            provider,
            recognized,
        } => Ok(provider_state(stored, *provider, *recognized, now, tz)),
        Write::Delete { kind, id } => {
            let (removed, mut writes) = delete::delete(data, *kind, id).ok_or_else(|| {
                refused("id", "no_such_id", value!({"id": id, "kind": kind.name()}))
            })?;
            // An event gone (their reply, an interview), or a person taken out of theirs,
            // changes what the sends after them were.
            let rewritten = events_in(&writes);
            let one;
            let change = match (kind, &removed.events[..], &removed.contacts[..]) {
                (Kind::Event, [gone], _) => {
                    one = [gone.id.as_str()];
                    Some((&gone.opportunity, &one[..], gone.at.to_utc()))
                }
                (Kind::Contact, events, [person]) => {
                    earliest(events, &|_| true).map(|at| (&person.opportunity, &[][..], at))
                }
                _ => None,
            };
            if let Some((opportunity, gone, at)) = change {
                let change = Changed {
                    gone,
                    ..Changed::put(opportunity, &rewritten, at)
                };
                write_sends(&mut writes, classified_again(data, change, tz));
            }
            Ok((Done::Deleted { removed }, writes))
        }
        Write::PutBack(value) => {
            let mut writes = checked(delete::put_back(data, value))?;
            let restored = writes.set.len();
            // The events back as they were; the sends after them what they then were.
            let back = events_in(&writes);
            if let (Some(first), Some(from)) = (back.first(), earliest(&back, &|_| true)) {
                let change = Changed::put(&first.opportunity, &back, from);
                write_sends(&mut writes, classified_again(data, change, tz));
            }
            Ok((Done::PutBack { restored }, writes))
        }
        Write::DeleteAll => Ok(delete_all(stored, data)),
        Write::Batch(writes) => batch(stored, writes, now, tz),
    }
}

/// Logs an event; an id already stored is a retry, answered without writing. A send
/// logged without its classification gets the engine's.
/// How far ahead of the clock an event typed by hand may be (clocks and the minutes the
/// form shows aside); only an interview goes further, see [`not_yet`].
const TYPED_AHEAD_AT_MOST: chrono::Duration = chrono::Duration::minutes(10);

/// An event typed by hand that has not happened yet: anything but an interview (one is
/// logged once scheduled) later than now. A reply dated ahead would open a conversation
/// when its moment comes, a note or a contact would count then.
fn not_yet(e: &Event, now: DateTime<Utc>) -> Result<(), Refusal> {
    if e.kind != EventKind::Interview && e.at.to_utc() > now + TYPED_AHEAD_AT_MOST {
        return Err(refused_for("event.at", "not_yet"));
    }
    Ok(())
}

/// A thank-you note typed to nobody, at an opportunity with people: it thanks no one, and
/// the card would go on saying a note is due.
fn nobody(data: &Data, e: &Event) -> Result<(), Refusal> {
    let has_people = data.contacts.iter().any(|c| c.opportunity == e.opportunity);
    if e.kind == EventKind::ThankYou && e.contacts.is_empty() && has_people {
        return Err(refused_for("event.contacts", "nobody"));
    }
    Ok(())
}

fn log_event<Tz: TimeZone>(
    data: &Data,
    value: &Value,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<(Done, Writes), Refusal> {
    if let Some(id) = value.get("id").and_then(Value::as_str) {
        if data.events.iter().any(|e| e.id == id) {
            return Ok((
                saved(Kind::Event.name(), id.to_string(), true),
                Writes::default(),
            ));
        }
    }
    let mut e = checked(format::parse_event(value, "event"))?;
    kept("event.at", e.at.to_utc(), tz)?;
    not_yet(&e, now)?;
    refs(format::event_refs(data, &e, "event"))?;
    nobody(data, &e)?;
    if matches!(e.kind, EventKind::FollowUp | EventKind::ThankYou) && e.classification.is_none() {
        e.classification = classify(data, &e, tz);
    }
    let mut writes = entry(Kind::Event.key(&e.id), &e);
    // Logged late (their reply, an interview), before sends already logged: those again.
    let change = Changed::put(&e.opportunity, std::slice::from_ref(&e), e.at.to_utc());
    write_sends(&mut writes, classified_again(data, change, tz));
    let classification = e.classification;
    Ok((
        Done::Saved {
            kind: Kind::Event.name(),
            id: e.id,
            duplicate: false,
            classification,
        },
        writes,
    ))
}

/// Replaces a stored event by an edited one with the same id: checked like a logged one,
/// against the history without the event itself (a send's classification too).
fn edit_event<Tz: TimeZone>(
    data: &Data,
    value: &Value,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<(Done, Writes), Refusal> {
    let mut e = checked(format::parse_event(value, "event"))?;
    let Some(previous) = data.events.iter().find(|x| x.id == e.id) else {
        return Err(refused("event.id", "no_such_id", value!({"id": e.id})));
    };
    kept("event.at", e.at.to_utc(), tz)?;
    // A note added to an event stored before is not checked against these.
    if e.at != previous.at || e.kind != previous.kind {
        not_yet(&e, now)?;
    }
    refs(format::event_refs(data, &e, "event"))?;
    if e.kind != previous.kind || e.contacts != previous.contacts {
        nobody(data, &e)?;
    }
    e.classification = None;
    if matches!(e.kind, EventKind::FollowUp | EventKind::ThankYou) {
        let others = of_opportunity(data, &e.opportunity, &|x| x.id != e.id);
        e.classification = classify(&others, &e, tz);
    }
    let mut writes = entry(Kind::Event.key(&e.id), &e);
    let from = e.at.to_utc().min(previous.at.to_utc());
    let change = Changed::put(&e.opportunity, std::slice::from_ref(&e), from);
    let mut again = classified_again(data, change, tz);
    if previous.opportunity != e.opportunity {
        let gone = [e.id.as_str()];
        let change = Changed {
            gone: &gone,
            ..Changed::put(&previous.opportunity, &[], from)
        };
        again.extend(classified_again(data, change, tz));
    }
    write_sends(&mut writes, again);
    Ok((
        Done::Edited {
            id: e.id,
            previous: Box::new(previous.clone()),
            classification: e.classification,
        },
        writes,
    ))
}

/// A send from a webmail page at `at` (a scheduled one's time, else now).
fn log_send<Tz: TimeZone>(
    data: &Data,
    id: &str,
    to: &[String],
    (at, now): (DateTime<Utc>, DateTime<Utc>),
    provider: Option<Provider>,
    tz: &Tz,
) -> Result<(Done, Writes), Refusal> {
    let at = kept("send.at", at, tz)?;
    if sends::implausible_send(at, now) {
        return Err(refused_for("send.at", "too_far_ahead"));
    }
    let (events, writes) = sends::send(data, id, to, (at, provider), tz);
    Ok((Done::Logged { events }, writes))
}

/// A reply seen on a webmail page, from `from` at `at`.
fn log_reply<Tz: TimeZone>(
    data: &Data,
    id: &str,
    from: &str,
    (at, now): (DateTime<Utc>, DateTime<Utc>),
    seen: sends::Seen,
    tz: &Tz,
) -> Result<(Done, Writes), Refusal> {
    let at = kept("reply.at", at, tz)?;
    let (events, writes) = sends::reply(data, id, from, (at, now), seen, tz)
        .map_err(|_| refused_for("reply.at", "implausible_reply"))?;
    Ok((Done::Logged { events }, writes))
}

/// Whether a webmail's layout is recognized: written only when that changes.
fn provider_state<Tz: TimeZone>(
    stored: &Stored,
    provider: Provider,
    recognized: bool,
    now: DateTime<Utc>,
    tz: &Tz,
) -> (Done, Writes) {
    let mut writes = Writes::default();
    if stored.providers.get(provider.as_str()) != Some(&recognized) {
        let since = crate::policy::local_rfc3339(now, tz);
        writes.set.insert(
            format!("{PROVIDER_PREFIX}{provider}"),
            value!({ "recognized": recognized, "since": since }),
        );
    }
    (saved("provider", provider.to_string(), false), writes)
}

/// The changes of a batch, each over what the ones before it wrote; the first refusal
/// refuses them all, and nothing is written.
fn batch<Tz: TimeZone>(
    stored: &Stored,
    writes: &[Write],
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<(Done, Writes), Refusal> {
    let mut state = stored.clone();
    let mut all = Writes::default();
    let mut done = Vec::with_capacity(writes.len());
    for write in writes {
        let data = state.data.as_ref().map_err(|_| inconsistent())?;
        let (one, planned) = match change(&state, data, write, now, tz) {
            Ok(planned) => planned,
            // Every part's own problems at once: the later parts are checked as
            // payloads too (their references may name what the refused part held).
            Err((Refused::Invalid, mut first)) => {
                for rest in writes.iter().skip(done.len() + 1) {
                    if let Some(problems) = payload_problems(rest) {
                        first.extend(problems);
                    }
                }
                return Err((Refused::Invalid, first));
            }
            Err(refusal) => return Err(refusal),
        };
        if !state.apply(&planned) {
            return Err(inconsistent());
        }
        done.push(one);
        all = all.then(planned);
    }
    Ok((Done::Batch { done }, all))
}

/// The stored settings with the fields of `change` in place of theirs: a page's copy of
/// the settings may be older than an address a webmail learned or a synced change, so a
/// field it does not send stays as stored. (Not an object: checked as it is.)
fn settings_changed(data: &Data, change: &Value) -> Value {
    let (Value::Object(fields), Some(Value::Object(mut all))) =
        (change, format::to_value(&data.settings))
    else {
        return change.clone();
    };
    for (field, value) in fields {
        // Each webmail's switch on its own: two switched quickly both stay as switched.
        if let (Some(Value::Object(stored)), Value::Object(switched)) = (
            all.get_mut(field.as_str()).filter(|_| field == "providers"),
            value,
        ) {
            for (provider, on) in switched {
                stored.insert(provider.clone(), on.clone());
            }
            continue;
        }
        all.insert(field.clone(), value.clone());
    }
    Value::Object(all)
}

/// The problems of a change's payload on its own (fields, not references), if any.
fn payload_problems(write: &Write) -> Option<Problems> {
    let problems = match write {
        Write::Opportunity(v) => format::parse_opportunity(v, "opportunity").err(),
        // Its addresses too, whatever its opportunity.
        Write::Contact(v) => match format::parse_contact(v, "contact") {
            Err(problems) => Some(problems),
            Ok(c) => {
                let mut own = format::typed_addresses(&c, "contact");
                for p in format::contact_refs(&Data::default(), &c, "contact").iter() {
                    if p.path != "contact.opportunity" {
                        own.extend(Problems(vec![p.clone()]));
                    }
                }
                return (!own.is_empty()).then_some(own);
            }
        },
        Write::Event(v) | Write::EditEvent(v) => format::parse_event(v, "event").err(),
        Write::Settings(v) => format::parse_settings(v, "settings").err(),
        _ => None,
    }?;
    Some(problems)
}

/// Removes every entity and every other key stored but the schema.
fn delete_all(stored: &Stored, data: &Data) -> (Done, Writes) {
    let mut keys = Vec::new();
    for o in &data.opportunities {
        keys.push(Kind::Opportunity.key(&o.id));
    }
    for c in &data.contacts {
        keys.push(Kind::Contact.key(&c.id));
    }
    for e in &data.events {
        keys.push(Kind::Event.key(&e.id));
    }
    for k in &stored.keys {
        keys.push(k.clone());
    }
    (
        Done::Cleared {
            opportunities: data.opportunities.len(),
            contacts: data.contacts.len(),
            events: data.events.len(),
        },
        delete::delete_all(keys),
    )
}

/// The decision and check-in dates of `o` typed before the first day anything was logged
/// for it (a wrong year, most often: R-DECISION-DATE and R-AGREED-DATE would never
/// apply), each as a problem; a date kept as stored is not checked again.
fn dates_typed<Tz: TimeZone>(data: &Data, o: &crate::model::Opportunity, tz: &Tz) -> Problems {
    let mut problems = Problems::default();
    let stored = data.opportunities.iter().find(|s| s.id == o.id);
    let mut first = None;
    for e in &data.events {
        if e.opportunity == o.id {
            let day = e.at.to_utc().with_timezone(tz).date_naive();
            first = Some(first.map_or(day, |first: chrono::NaiveDate| first.min(day)));
        }
    }
    let Some(first) = first else {
        return problems;
    };
    let fields = [
        (
            "opportunity.decision_date",
            o.decision_date,
            stored.and_then(|s| s.decision_date),
        ),
        (
            "opportunity.agreed_checkin_date",
            o.agreed_checkin_date,
            stored.and_then(|s| s.agreed_checkin_date),
        ),
    ];
    for (path, date, was) in fields {
        if date.is_some_and(|d| d < first && Some(d) != was) {
            let first = format::to_value(&first).unwrap_or(Value::Null); // "2026-11-03"
            problems.add(path, "before_first_event", value!({ "date": first }));
        }
    }
    problems
}

/// What a change did to one opportunity's events: those `gone`, those `put` (added, or in
/// place of the stored ones with their ids), and the earliest moment it touched.
struct Changed<'a> {
    opportunity: &'a str,
    gone: &'a [&'a str],
    put: &'a [Event],
    from: DateTime<Utc>,
}

impl<'a> Changed<'a> {
    /// The events `put` (added, or edited) in `opportunity`, from the moment `from`.
    fn put(opportunity: &'a str, put: &'a [Event], from: DateTime<Utc>) -> Self {
        Changed {
            opportunity,
            gone: &[],
            put,
            from,
        }
    }
}

/// Writes each send classified again.
fn write_sends(writes: &mut Writes, sends: Vec<Event>) {
    for send in sends {
        writes.put(Kind::Event.key(&send.id), &send);
    }
}

/// The events `writes` sets, read back.
fn events_in(writes: &Writes) -> Vec<Event> {
    let mut events = Vec::new();
    for (key, value) in &writes.set {
        if let Some((Kind::Event, _)) = Kind::of_key(key) {
            if let Ok(event) = format::parse_event(value, key) {
                events.push(event);
            }
        }
    }
    events
}

/// One opportunity's part of `data` (its contacts, its events that `keep` keeps, the
/// settings, whose profile sets the thank-you window): what classifying its sends reads.
fn of_opportunity(data: &Data, opportunity: &str, keep: &dyn Fn(&Event) -> bool) -> Data {
    Data {
        opportunities: clones_where(&data.opportunities, &|o| o.id == opportunity),
        contacts: clones_where(&data.contacts, &|c| c.opportunity == opportunity),
        events: clones_where(&data.events, &|e| e.opportunity == opportunity && keep(e)),
        settings: data.settings.clone(),
        ..Data::default()
    }
}

/// The sends of the opportunity, from the moment the change touched, whose classification
/// the history after it gives otherwise: an interview edited (its people, its moment), a
/// reply deleted, moved or logged late changes what the sends after it were. Each is
/// classified against the opportunity's other events; the events the change put carry
/// their own, and a send stored without one is left so (the engine classifies it when it
/// reads it). An opportunity closed by its stage is left alone: closed now, it was not
/// when its sends were made. Only that opportunity's events are copied.
fn classified_again<Tz: TimeZone>(data: &Data, change: Changed<'_>, tz: &Tz) -> Vec<Event> {
    let Changed {
        opportunity,
        gone,
        put,
        from,
    } = change;
    if !(data.opportunity(opportunity)).is_some_and(|o| o.stage != Stage::Closed) {
        return Vec::new();
    }
    let replaced = |e: &Event| gone.contains(&e.id.as_str()) || put.iter().any(|p| p.id == e.id);
    let mut mine = of_opportunity(data, opportunity, &|e| !replaced(e));
    let mut sends = Vec::new();
    for (i, e) in mine.events.iter().enumerate() {
        let send = matches!(e.kind, EventKind::FollowUp | EventKind::ThankYou);
        if send && e.classification.is_some() && e.at.to_utc() >= from {
            sends.push(i);
        }
    }
    mine.events
        .extend(clones_where(put, &|e| e.opportunity == opportunity));
    let mut changed = Vec::new();
    for i in sends {
        // Classified against the others: itself out of the history for a moment.
        let send = mine.events.swap_remove(i);
        let now = classify(&mine, &send, tz);
        mine.events.push(send);
        let last = mine.events.len() - 1;
        mine.events.swap(i, last);
        if now.is_some() && now != mine.events[i].classification {
            let mut send = mine.events[i].clone();
            send.classification = now;
            changed.push(send);
        }
    }
    changed
}

/// What a send was when it is logged, from the history before it: the engine's
/// classification for its opportunity and recipients.
fn classify<Tz: TimeZone>(data: &Data, e: &crate::model::Event, tz: &Tz) -> Option<Classification> {
    let mut to = Vec::new();
    for id in &e.contacts {
        if let Some(c) = data.contact(id) {
            to.extend(c.normalized_addresses());
        }
    }
    let query = Query {
        to,
        opportunity: Some(e.opportunity.clone()),
        channel: e.channel_or_default(),
        words: None,
        at: e.at.to_utc(),
        profile: None,
    };
    // The user's word: a follow-up asked for something, whatever its moment.
    let classified = match e.kind {
        EventKind::FollowUp => policy::classify_follow_up(data, &query, tz),
        _ => policy::classify(data, &query, tz),
    };
    for c in &classified {
        if c.opportunity == e.opportunity {
            return Some(c.classification);
        }
    }
    None
}
