//! Walks a JSON value into [`Data`], recording every problem with its path.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{Map, Value};

use super::problems::Problems;
use crate::format::value;
use crate::model::{
    date_kept, id_fits_key, is_email, moment_kept, normalize_address, parse_date, parse_instant,
    Channel, Classification, ClosedReason, Contact, ContactRole, Data, Event, EventKind, Logged,
    LoggedBy, Opportunity, Profile, Provider, Settings, Stage, FORMAT_NAME, FORMAT_VERSION,
};
use crate::sort::SortedMap;
use crate::text::joined;

type Object = Map<String, Value>;

fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// A value's JSON type, for a problem's data.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Reads one JSON object's fields, remembering which were read so that the rest can be
/// reported as unknown.
struct Fields<'a> {
    map: &'a Object,
    path: String,
    known: Vec<&'static str>,
}

/// A `wrong_type` problem at `path`: `expected` a JSON type, `found` a value of another.
fn wrong_type(path: &str, expected: &'static str, found: &Value, p: &mut Problems) {
    p.add(
        path,
        "wrong_type",
        value!({"expected": expected, "found": kind(found)}),
    );
}

/// An `unknown_value` problem at `path`: `value` is none of `names`.
fn unknown(path: &str, value: &str, names: String, p: &mut Problems) {
    p.add(
        path,
        "unknown_value",
        value!({"value": value, "expected": names}),
    );
}

impl<'a> Fields<'a> {
    fn new(value: &'a Value, path: &str, p: &mut Problems) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Fields {
                map,
                path: path.to_string(),
                known: Vec::new(),
            }),
            other => {
                wrong_type(path, "object", other, p);
                None
            }
        }
    }

    /// The value of `key`, null counting as absent.
    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// Is `key` given (not null)?
    fn present(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// A problem `code` at the field `key`, with no data.
    fn problem(&self, key: &str, code: &'static str, p: &mut Problems) {
        p.add(&self.path(key), code, value!({}));
    }

    /// A problem `code` at the field `key`, about its text `value`.
    fn about(&self, key: &str, code: &'static str, value: &str, p: &mut Problems) {
        p.about(&self.path(key), code, "value", value);
    }

    fn finish(self, p: &mut Problems) {
        for key in self.map.keys() {
            if !self.known.contains(&key.as_str()) {
                p.add(
                    &join(&self.path, key),
                    "unknown_field",
                    value!({"known": joined(self.known.iter().copied(), ", ")}),
                );
            }
        }
    }

    /// The text of `key` (a value of another type reported).
    fn str(&mut self, key: &'static str, p: &mut Problems) -> Option<&'a str> {
        match self.get(key)? {
            Value::String(s) => Some(s),
            other => {
                wrong_type(&self.path(key), "string", other, p);
                None
            }
        }
    }

    fn string(&mut self, key: &'static str, p: &mut Problems) -> Option<String> {
        self.str(key, p).map(str::to_owned)
    }

    fn required_string(&mut self, key: &'static str, p: &mut Problems) -> String {
        let present = self.present(key);
        match self.str(key, p) {
            Some(s) => {
                if s.trim().is_empty() {
                    self.problem(key, "empty", p);
                }
                s.to_owned()
            }
            None => {
                if !present {
                    self.problem(key, "missing", p);
                }
                String::new()
            }
        }
    }

    /// An entity's id: a required string that fits a storage key ([`id_fits_key`]).
    fn id(&mut self, key: &'static str, p: &mut Problems) -> String {
        let id = self.required_string(key, p);
        if !id_fits_key(&id) {
            self.problem(key, "control_character", p);
        }
        id
    }

    fn bool(&mut self, key: &'static str, p: &mut Problems) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                wrong_type(&self.path(key), "boolean", other, p);
                false
            }
        }
    }

    /// The value of a closed vocabulary at `key`, read by `from_name`; an unknown name is
    /// reported with every known one (`names`, asked only then).
    fn named<T>(
        &mut self,
        key: &'static str,
        from_name: fn(&str) -> Option<T>,
        names: fn() -> String,
        p: &mut Problems,
    ) -> Option<T> {
        let s = self.str(key, p)?;
        let v = from_name(s);
        if v.is_none() {
            unknown(&self.path(key), s, names(), p);
        }
        v
    }

    fn date(&mut self, key: &'static str, p: &mut Problems) -> Option<NaiveDate> {
        let s = self.str(key, p)?;
        if s.trim().is_empty() {
            self.problem(key, "empty", p);
            return None;
        }
        match parse_date(s) {
            Some(d) if date_kept(d) => Some(d),
            Some(_) => {
                self.about(key, "out_of_range", s, p);
                None
            }
            None => {
                self.about(key, "not_date", s, p);
                None
            }
        }
    }

    fn instant(&mut self, key: &'static str, p: &mut Problems) -> Option<DateTime<FixedOffset>> {
        let present = self.present(key);
        let Some(s) = self.str(key, p) else {
            if !present {
                self.problem(key, "missing", p);
            }
            return None;
        };
        if s.trim().is_empty() {
            self.problem(key, "empty", p);
            return None;
        }
        match parse_instant(s) {
            Some(t) if moment_kept(t.to_utc(), t.offset()) => Some(t),
            Some(_) => {
                self.about(key, "out_of_range", s, p);
                None
            }
            None => {
                self.about(key, "not_instant", s, p);
                None
            }
        }
    }

    fn strings(&mut self, key: &'static str, p: &mut Problems) -> Vec<String> {
        let mut out = Vec::new();
        for (i, v) in self.list(key, p).iter().enumerate() {
            match v {
                Value::String(s) => out.push(s.clone()),
                other => wrong_type(&format!("{}[{i}]", self.path(key)), "string", other, p),
            }
        }
        out
    }

    fn list(&mut self, key: &'static str, p: &mut Problems) -> &'a [Value] {
        match self.get(key) {
            None => &[],
            Some(Value::Array(items)) => items,
            Some(other) => {
                wrong_type(&self.path(key), "array", other, p);
                &[]
            }
        }
    }
}

/// The lists of a file already read entry by entry ([`super::stream`]), each with its
/// problems; `None`: read from the value.
#[derive(Default)]
pub(super) struct Lists {
    pub opportunities: Option<(Vec<Opportunity>, Problems)>,
    pub contacts: Option<(Vec<Contact>, Problems)>,
    pub events: Option<(Vec<Event>, Problems)>,
}

/// The list `key` of the file: as already read, or read from the value.
fn list<T>(
    f: &mut Fields,
    key: &'static str,
    read: Option<(Vec<T>, Problems)>,
    entity: fn(&Value, &str, &mut Problems) -> Option<T>,
    p: &mut Problems,
) -> Vec<T> {
    match read {
        Some((items, problems)) => {
            f.known.push(key);
            p.extend(problems);
            items
        }
        None => {
            let mut items = Vec::new();
            for (i, v) in f.list(key, p).iter().enumerate() {
                items.extend(entity(v, &format!("{key}[{i}]"), p));
            }
            items
        }
    }
}

/// The whole file (its lists possibly read already: `lists`). `None` when it is not a
/// Too Soon? file of a readable version at all.
pub(super) fn data(value: &Value, lists: Lists, p: &mut Problems) -> Option<Data> {
    let Value::Object(top) = value else {
        p.add("", "not_a_file", value!({}));
        return None;
    };
    // Another program's JSON (or a file without its format): that one problem, not one
    // for each of its fields.
    if top.get("format").and_then(Value::as_str) != Some(FORMAT_NAME) {
        p.add("format", "not_a_file", value!({}));
        return None;
    }
    if !version(top, p) {
        return None;
    }
    let mut f = Fields::new(value, "", p)?;
    f.known.push("format");
    f.known.push("version");
    let settings = match f.get("settings") {
        Some(v) => settings(v, "settings", p),
        None => Settings::default(),
    };
    let opportunities = list(&mut f, "opportunities", lists.opportunities, opportunity, p);
    let contacts = list(&mut f, "contacts", lists.contacts, contact, p);
    let mut events = list(&mut f, "events", lists.events, event, p);
    if top.get("version").and_then(Value::as_u64) == Some(1) {
        // Read as version 2 has it, as stored histories were upgraded (a backup of before
        // the upgrade merges into one of after it as "nothing new").
        for e in &mut events {
            e.mark_version_1_send();
        }
    }
    f.finish(p);
    Some(Data {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        settings,
        opportunities,
        contacts,
        events,
    })
}

/// Checks `version`; false when the rest must not be read (a newer version).
fn version(top: &Object, p: &mut Problems) -> bool {
    match top.get("version") {
        None | Some(Value::Null) => {
            p.add("version", "missing", value!({}));
            true
        }
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                *p = Problems::one(
                    "version",
                    "newer_version",
                    value!({"version": v, "supported": FORMAT_VERSION}),
                );
                false
            }
            Some(0) => {
                p.add("version", "bad_version", value!({}));
                true
            }
            Some(_) => true,
            None => {
                if n.as_f64()
                    .is_some_and(|f| f > f64::from(FORMAT_VERSION) && f.fract() == 0.0)
                {
                    *p = Problems::one(
                        "version",
                        "newer_version",
                        value!({"version": n, "supported": FORMAT_VERSION}),
                    );
                    return false;
                }
                p.add("version", "bad_version", value!({}));
                true
            }
        },
        Some(_) => {
            p.add("version", "bad_version", value!({}));
            true
        }
    }
}

pub(super) fn settings(value: &Value, path: &str, p: &mut Problems) -> Settings {
    let Some(mut f) = Fields::new(value, path, p) else {
        return Settings::default();
    };
    let profile = f
        .named("profile", Profile::from_name, Profile::names, p)
        .unwrap_or_default();
    // On unless stored as false (absent in files written before the setting existed).
    let present = f.present("notifications");
    let notifications = f.bool("notifications", p) || !present;
    let ask_before_send = f.bool("ask_before_send", p);
    let providers = providers(f.get("providers"), &f.path("providers"), p);
    let own_addresses = own_addresses(&mut f, p);
    f.finish(p);
    Settings {
        profile,
        notifications,
        ask_before_send,
        providers,
        own_addresses,
    }
}

/// `{"gmail": false, …}`: each known provider on or off.
fn providers(value: Option<&Value>, path: &str, p: &mut Problems) -> SortedMap<Provider, bool> {
    let mut out = SortedMap::default();
    let Some(value) = value else {
        return out;
    };
    let Value::Object(map) = value else {
        wrong_type(path, "object", value, p);
        return out;
    };
    for (name, on) in map {
        let at = join(path, name);
        match (Provider::from_name(name), on) {
            (Some(provider), Value::Bool(on)) => {
                out.insert(provider, *on);
            }
            (None, _) => unknown(&at, name, Provider::names(), p),
            (_, other) => wrong_type(&at, "boolean", other, p),
        }
    }
    out
}

/// `own_addresses`: email addresses, each once.
fn own_addresses(f: &mut Fields, p: &mut Problems) -> Vec<String> {
    let path = f.path("own_addresses");
    let addresses = f.strings("own_addresses", p);
    for (i, a) in addresses.iter().enumerate() {
        let at = format!("{path}[{i}]");
        if !is_email(a) {
            p.about(&at, "not_email", "value", a);
        } else if addresses[..i]
            .iter()
            .any(|b| normalize_address(b) == normalize_address(a))
        {
            p.about(&at, "address_twice", "value", a);
        }
    }
    addresses
}

/// `aliases`: names, none empty.
fn aliases(f: &mut Fields, p: &mut Problems) -> Vec<String> {
    let path = f.path("aliases");
    let aliases = f.strings("aliases", p);
    for (i, a) in aliases.iter().enumerate() {
        if a.trim().is_empty() {
            p.add(&format!("{path}[{i}]"), "empty", value!({}));
        }
    }
    aliases
}

/// `logged`: `{by, provider?, message?}`.
fn logged(f: &mut Fields, p: &mut Problems) -> Option<Logged> {
    let path = f.path("logged");
    let value = f.get("logged")?;
    let mut g = Fields::new(value, &path, p)?;
    let by_present = g.present("by");
    let by = g.named("by", LoggedBy::from_name, LoggedBy::names, p);
    if !by_present {
        g.problem("by", "missing", p);
    }
    let provider = g.named("provider", Provider::from_name, Provider::names, p);
    let message = g.string("message", p);
    if message.as_deref().is_some_and(|m| m.trim().is_empty()) {
        g.problem("message", "empty", p);
    }
    g.finish(p);
    Some(Logged {
        by: by.unwrap_or(LoggedBy::Hand),
        provider,
        message,
    })
}

pub(super) fn opportunity(value: &Value, path: &str, p: &mut Problems) -> Option<Opportunity> {
    let mut f = Fields::new(value, path, p)?;
    let o = Opportunity {
        id: f.id("id", p),
        company: f.required_string("company", p),
        role: f.string("role", p).unwrap_or_default(),
        stage: f
            .named("stage", Stage::from_name, Stage::names, p)
            .unwrap_or_default(),
        decision_date: f.date("decision_date", p),
        agreed_checkin_date: f.date("agreed_checkin_date", p),
        no_calls: f.bool("no_calls", p),
        notes: f.string("notes", p),
    };
    f.finish(p);
    Some(o)
}

pub(super) fn contact(value: &Value, path: &str, p: &mut Problems) -> Option<Contact> {
    let mut f = Fields::new(value, path, p)?;
    let c = Contact {
        id: f.id("id", p),
        opportunity: f.required_string("opportunity", p),
        name: f.required_string("name", p),
        role: f
            .named("role", ContactRole::from_name, ContactRole::names, p)
            .unwrap_or_default(),
        addresses: f.strings("addresses", p),
        aliases: aliases(&mut f, p),
    };
    f.finish(p);
    Some(c)
}

pub(super) fn event(value: &Value, path: &str, p: &mut Problems) -> Option<Event> {
    let mut f = Fields::new(value, path, p)?;
    let id = f.id("id", p);
    let opportunity = f.required_string("opportunity", p);
    let kind_present = f.present("kind");
    let kind = f.named("kind", EventKind::from_name, EventKind::names, p);
    if !kind_present {
        f.problem("kind", "missing", p);
    }
    let at = f.instant("at", p);
    let e = Event {
        id,
        opportunity,
        kind: kind.unwrap_or(EventKind::FollowUp),
        at: at.unwrap_or_default(),
        contacts: f.strings("contacts", p),
        channel: f.named("channel", Channel::from_name, Channel::names, p),
        classification: f.named(
            "classification",
            Classification::from_name,
            Classification::names,
            p,
        ),
        reason: f.named("reason", ClosedReason::from_name, ClosedReason::names, p),
        note: f.string("note", p),
        logged: logged(&mut f, p),
    };
    f.finish(p);
    Some(e)
}
