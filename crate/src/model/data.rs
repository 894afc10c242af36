use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::sort::SortedMap;

use super::kinds::{
    Channel, Classification, ClosedReason, ContactRole, EventKind, LoggedBy, Profile, Provider,
    Stage,
};

/// The value of the `format` field of every file.
pub const FORMAT_NAME: &str = "too-soon";
/// The newest file format version this build reads and the one it writes. Version 2
/// added `Event.logged`, `Contact.aliases` and `Settings.own_addresses` (all optional:
/// a version 1 file reads as it is).
pub const FORMAT_VERSION: u32 = 2;

/// Can `id` be an entity's id? It is the tail of the entity's storage key
/// (`opportunity:<id>`, `event:<id>`), and Chromium cuts a key at a NUL (`o1\0` would be
/// stored as `opportunity:o1`, over another entity): an id holds no control character.
pub fn id_fits_key(id: &str) -> bool {
    !id.chars().any(char::is_control)
}

/// Everything the user tracks: the whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Data {
    /// Always `"too-soon"`.
    pub format: String,
    /// The file format version (1 or 2).
    pub version: u32,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Default for Data {
    fn default() -> Self {
        Data {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            settings: Settings::default(),
            opportunities: Vec::new(),
            contacts: Vec::new(),
            events: Vec::new(),
        }
    }
}

impl Data {
    /// The opportunity with this id.
    pub fn opportunity(&self, id: &str) -> Option<&Opportunity> {
        self.opportunities.iter().find(|o| o.id == id)
    }

    /// The contact with this id.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }
}

/// The user's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// How strict the engine is; `balanced` by default.
    #[serde(default)]
    pub profile: Profile,
    /// Reminders as browser notifications; on by default (stored only when off, so
    /// files and storage written before the setting existed stay as they were).
    #[serde(default = "on", skip_serializing_if = "is_on")]
    pub notifications: bool,
    /// In a compose window, the first Send when it is too soon asks "Send anyway?"; off
    /// by default (then a send is never held).
    #[serde(default, skip_serializing_if = "is_off")]
    pub ask_before_send: bool,
    /// Webmail providers turned on or off (a provider absent here is on).
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    pub providers: SortedMap<Provider, bool>,
    /// The user's own email addresses: the From addresses the webmails show in their
    /// composes, and any the user adds. A message from one of them is never a reply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own_addresses: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            profile: Profile::default(),
            notifications: true,
            ask_before_send: false,
            providers: SortedMap::default(),
            own_addresses: Vec::new(),
        }
    }
}

fn is_off(b: &bool) -> bool {
    !*b
}

fn on() -> bool {
    true
}

fn is_on(value: &bool) -> bool {
    *value
}

/// One job the user pursues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    pub id: String,
    pub company: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub stage: Stage,
    /// The date the employer named for their decision ("we'll decide by Friday").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_date: Option<NaiveDate>,
    /// A check-in date agreed with the employer ("call me next Tuesday").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_checkin_date: Option<NaiveDate>,
    /// The ad said "Do not call".
    #[serde(default)]
    pub no_calls: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A person at an opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: String,
    /// The opportunity's id.
    pub opportunity: String,
    pub name: String,
    #[serde(default)]
    pub role: ContactRole,
    /// Email addresses; compared with [`super::normalize_address`].
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Display names a webmail shows this contact under ("Carol P."), learned from the
    /// page or confirmed by the user; matched like the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Contact {
    /// Its addresses as they are compared ([`super::normalize_address`]), in order.
    pub fn normalized_addresses(&self) -> impl Iterator<Item = String> + '_ {
        self.addresses.iter().map(|a| super::normalize_address(a))
    }
}

/// Something dated that happened in an opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// The opportunity's id.
    pub opportunity: String,
    pub kind: EventKind,
    /// When, with the UTC offset it happened at (RFC 3339).
    pub at: DateTime<FixedOffset>,
    /// Who took part: the interviewers, the recipients, who replied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<String>,
    /// How (for thank-you notes, follow-ups and replies); email when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// What a send was, as classified when it was logged. When absent the engine
    /// classifies it from the history before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// Why the opportunity closed (`closed` events only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ClosedReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How it was logged; absent for events logged by hand, and for every event stored
    /// before schema 2 except sends (which the migration marks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged: Option<Logged>,
}

/// How an event was logged, and where from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    pub by: LoggedBy,
    /// The webmail it came from (compose and thread).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    /// The webmail's own id of the message seen (thread), or its sender and time: what
    /// makes logging it again a no-op.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The prefix of the id of every send logged from a webmail page (`send-<uuid>`): the
/// content script gives it, the protocol requires it, and only such events can be
/// forgotten by an Undo.
pub const SEND_PREFIX: &str = "send-";

/// Is `id` the id of a send logged from a webmail page (or of one of its events)?
pub fn is_send(id: &str) -> bool {
    id.len() > SEND_PREFIX.len() && id.starts_with(SEND_PREFIX)
}

impl Event {
    /// The channel, email when none was recorded.
    pub fn channel_or_default(&self) -> Channel {
        self.channel.unwrap_or_default()
    }

    /// Version 1 (of the file and of storage) had no `logged`: a send logged at Send in a
    /// compose is known by its id (`send-…`). Marks it as version 2 has it; true when it
    /// was one to mark.
    pub fn mark_version_1_send(&mut self) -> bool {
        if self.logged.is_some() || !is_send(&self.id) {
            return false;
        }
        self.logged = Some(Logged {
            by: LoggedBy::Compose,
            provider: None,
            message: None,
        });
        true
    }
}
