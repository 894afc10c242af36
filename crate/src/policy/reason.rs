use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::model::Level;

/// A fired rule or a hint, as data: the rule id, the message that words it, the dates,
/// numbers and names it used, the articles behind it. No prose: the extension words it
/// from its catalogue (`say_<message>`, and `say_short_<message>` for a badge), the CLI
/// in English from the same catalogue (`crate::english`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// `R-APPLY-WAIT`, `H-SHORT`, …
    pub rule: &'static str,
    /// The level this rule asks for (absent for hints, which never warn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The opportunity it is about.
    pub opportunity: String,
    /// The message that words it: the catalogue's `say_<message>` (`apply_wait`,
    /// `replied_wait`, `hint_short`, …); its placeholders are `data`'s fields.
    pub message: &'static str,
    /// Article numbers (0 for `000_*.txt`, …).
    pub sources: &'static [u32],
    /// The dates and numbers the rule used.
    pub data: ReasonData,
    /// When the rule stops applying, as an instant.
    #[serde(skip)]
    pub(crate) until_utc: Option<DateTime<Utc>>,
    /// The people of the contacts it counted that included none of the recipients: whose
    /// contact counts against this one although it was not with them (R-SHARED names them).
    #[serde(skip)]
    pub(crate) others: Vec<String>,
}

/// The dates and numbers behind a reason. Instants are RFC 3339 in the local offset,
/// dates are local calendar dates (`YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReasonData {
    /// The event the rule counts from (the application, the interview, the last contact…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// The local date of `since`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since_date: Option<NaiveDate>,
    /// When the rule stops applying (a wait's end, a window's end).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// A calendar date: one named by the employer (decision date, agreed check-in
    /// date), or the last day of a conversation (R-REPLY: "until Sat 12 Dec").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
    /// How many (contacts, calls, answers, words…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// The limit the count is held against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Contact ids concerned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<String>,
    /// Local dates of the events counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<NaiveDate>,
    /// The names of `contacts`, in the same order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// The employer (R-SHARED).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
}

/// The articles behind each rule and hint (docs/policy.md).
pub(crate) fn sources(rule: &str) -> &'static [u32] {
    match rule {
        "R-APPLY-WAIT" => &[1, 3],
        "R-INTERVIEW-WAIT" => &[3, 4],
        "R-DECISION-DATE" => &[0, 1, 2],
        "R-AGREED-DATE" => &[1],
        "R-THANK-YOU" => &[2, 4],
        "R-CADENCE" => &[0, 1, 3],
        "R-WEEK-CAP" => &[0, 1],
        "R-SAME-DAY" => &[1, 3],
        "R-CALL-ATTEMPTS" => &[1, 3],
        "R-NO-CALLS" => &[1],
        "R-REPLY" => &[1, 3],
        "R-SHARED" => &[0, 1],
        "R-MOVE-ON" => &[0, 3, 4],
        "R-CLOSED" => &[2],
        "H-CHANNEL" => &[2],
        "H-KEEP-SEARCHING" => &[0, 2],
        "H-ASK-TIMELINE" => &[0, 1, 2],
        "H-SHORT" => &[3],
        "H-VALUE" => &[1],
        _ => &[],
    }
}

impl Reason {
    pub(crate) fn new(
        rule: &'static str,
        level: Option<Level>,
        opportunity: &str,
        message: &'static str,
    ) -> Reason {
        Reason {
            rule,
            level,
            opportunity: opportunity.to_string(),
            message,
            sources: sources(rule),
            data: ReasonData::default(),
            until_utc: None,
            others: Vec::new(),
        }
    }

    /// When the rule stops applying, as an instant (not serialized: see `data.until`).
    pub fn until_instant(&self) -> Option<DateTime<Utc>> {
        self.until_utc
    }
}
