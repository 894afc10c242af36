use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Channel, Profile};

/// A proposed contact: to whom (addresses, or an opportunity), how, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Recipient addresses (compared as [`crate::model::normalize_address`] writes them:
    /// trimmed, lowercased, the domain in ASCII).
    #[serde(default)]
    pub to: Vec<String>,
    /// An opportunity id: judge only this opportunity (with or without recipients).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity: Option<String>,
    /// How; email by default.
    #[serde(default)]
    pub channel: Channel,
    /// The draft's word count (never its text), for H-SHORT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<u32>,
    /// The moment of the contact (RFC 3339).
    pub at: DateTime<Utc>,
    /// Overrides the profile of the settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
}

impl Query {
    /// An email to these addresses at `at`.
    pub fn email<S: Into<String>>(to: impl IntoIterator<Item = S>, at: DateTime<Utc>) -> Query {
        Query {
            to: to.into_iter().map(Into::into).collect(),
            opportunity: None,
            channel: Channel::Email,
            words: None,
            at,
            profile: None,
        }
    }

    /// A contact about an opportunity, to nobody in particular.
    pub fn opportunity(id: impl Into<String>, channel: Channel, at: DateTime<Utc>) -> Query {
        Query {
            to: Vec::new(),
            opportunity: Some(id.into()),
            channel,
            words: None,
            at,
            profile: None,
        }
    }
}
