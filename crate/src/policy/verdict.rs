//! The verdict as the extension and the CLI see it.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::calendar::local_rfc3339;
use super::check::Plan;
use super::reason::Reason;
use super::reason::ReasonData;
use super::rules::Judgement;
use crate::model::{Classification, Level, Profile};

/// The verdict on a proposed contact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The strictest level over every opportunity concerned.
    pub level: Level,
    /// True exactly when `level` is `too_soon` or `stop`.
    pub warn: bool,
    /// When warning: the first moment the same contact would no longer warn (RFC 3339,
    /// local offset); null when it never will. Null when not warning.
    pub next_ok_at: Option<String>,
    /// When following up is suggested: 09:00 on the first business day on or after
    /// `next_ok_at`, or `next_ok_at` itself when later on a business day (what the badge shows).
    pub suggested_at: Option<String>,
    /// The one short line for a badge, as data (the catalogue's `say_headline_<id>`).
    pub heading: Heading,
    /// What this contact would be for the strictest opportunity.
    pub classification: Classification,
    /// Every fired rule, strictest first.
    pub reasons: Vec<Reason>,
    /// Non-blocking advice.
    pub hints: Vec<Reason>,
    /// The recipients that are tracked contacts (normalized).
    pub recipients: Vec<String>,
    /// The recipients that are not tracked.
    pub untracked: Vec<String>,
    /// The verdict for each opportunity concerned.
    pub opportunities: Vec<OpportunityVerdict>,
    /// The profile judged with.
    pub profile: Profile,
    /// The moment judged (RFC 3339, local offset).
    pub at: String,
    /// `next_ok_at` as an instant.
    #[serde(skip)]
    pub next_ok: Option<DateTime<Utc>>,
}

/// A verdict's one-line headline, as data: the catalogue's `say_headline_<id>`, whose
/// `{reason}` is the deciding reason's badge words (`say_short_<message>` over its data)
/// and `{next}` the verdict's `next_ok_at`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// `stop`, `stop_until`, `too_soon`, `too_soon_until`, `too_soon_agreed` (the day to
    /// try is a check-in agreed ahead), `closed`, `move_on`,
    /// `check_in`, `thank_you`, `answer`, `ok`.
    pub id: &'static str,
    pub data: HeadingData,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadingData {
    /// The deciding reason, for `{reason}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Short>,
    /// When it stops warning (RFC 3339, local offset), for `{next}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A reason's badge words: the catalogue's `say_short_<message>` over `data`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Short {
    pub message: &'static str,
    pub data: ReasonData,
}

/// The verdict for one opportunity of a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityVerdict {
    pub opportunity: String,
    pub company: String,
    pub role: String,
    /// The recipients that are contacts of this opportunity (ids).
    pub contacts: Vec<String>,
    pub level: Level,
    pub warn: bool,
    pub next_ok_at: Option<String>,
    /// What the contact would be for this opportunity (how to log it).
    pub classification: Classification,
    /// Recipients for whom it is a thank-you note.
    pub thank_you_for: Vec<String>,
}

pub(crate) fn assemble<Tz: TimeZone>(plan: &Plan<'_, Tz>, judgements: Vec<Judgement>) -> Verdict {
    let tz = plan.env.tz;
    let mut opportunities = Vec::new();
    type Key = (Level, bool, Option<DateTime<Utc>>);
    let mut strictest: Option<(usize, Key)> = None;
    for (i, j) in judgements.iter().enumerate() {
        let next = if j.warns() {
            plan.next_ok(Some(i), std::slice::from_ref(j))
        } else {
            None
        };
        let (h, p) = &plan.targets[i];
        // Strictest: by level, then "never ok", then the later next_ok_at.
        let key = (j.level, j.warns() && next.is_none(), next);
        let better = match &strictest {
            None => true,
            Some((_, k)) => key > *k,
        };
        if better {
            strictest = Some((i, key));
        }
        opportunities.push(OpportunityVerdict {
            opportunity: h.id().to_string(),
            company: h.opportunity.company.clone(),
            role: h.opportunity.role.clone(),
            contacts: p.recipients.clone(),
            level: j.level,
            warn: j.warns(),
            next_ok_at: next.map(|t| local_rfc3339(t, tz)),
            classification: j.classification,
            thank_you_for: j.thank_you_for.clone(),
        });
    }
    let level = judgements
        .iter()
        .map(|j| j.level)
        .max()
        .unwrap_or(Level::Ok);
    let warn = level.warns();
    let classification = strictest
        .map(|(i, _)| judgements[i].classification)
        .unwrap_or(Classification::Initiated);
    let mut reasons: Vec<Reason> = Vec::new();
    let mut hints: Vec<Reason> = Vec::new();
    for j in &judgements {
        reasons.extend_from_slice(&j.reasons);
        for h in &j.hints {
            if !hints.iter().any(|x| {
                x.rule == h.rule && (h.rule == "H-KEEP-SEARCHING" || x.opportunity == h.opportunity)
            }) {
                hints.push(h.clone());
            }
        }
    }
    crate::sort::sort_by_key(&mut reasons, |r| std::cmp::Reverse(r.level));
    let next_ok = if !warn {
        None
    } else if judgements.len() == 1 {
        // One opportunity: its own search already answered.
        strictest.and_then(|(_, (_, _, next))| next)
    } else {
        plan.next_ok(None, &judgements)
    };
    let next_ok_at = next_ok.map(|t| local_rfc3339(t, tz));
    let suggested_at = next_ok.map(|t| local_rfc3339(super::suggested::suggested_at(t, tz), tz));
    // The badge's "wait until" is the suggested moment (as the popup and reminders show).
    // A warning that ends on a check-in agreed ahead: no reason gives that day (the wait
    // it lifts ends later), so the headline says it was agreed, and names that day (not
    // the business morning after it).
    let agreed = next_ok.is_some_and(|t| {
        plan.targets.iter().any(|(h, _)| {
            h.opportunity
                .agreed_checkin_date
                .is_some_and(|d| super::calendar::local_midnight(d, tz) == t)
        })
    });
    let next = if agreed { &next_ok_at } else { &suggested_at };
    let heading = heading(level, &reasons, (next.clone(), agreed));
    Verdict {
        level,
        warn,
        next_ok_at,
        suggested_at,
        heading,
        classification,
        reasons,
        hints,
        recipients: plan.tracked.clone(),
        untracked: plan.untracked.clone(),
        opportunities,
        profile: plan.profile,
        at: local_rfc3339(plan.at, tz),
        next_ok,
    }
}

/// The reason that decides the level: among those at the top level, the one that
/// holds longest.
pub(crate) fn deciding(level: Level, reasons: &[Reason]) -> Option<&Reason> {
    // R-SHARED explains other rules; it decides only when nothing else does. A reason
    // without an end (R-NO-CALLS) holds longest.
    let top = |r: &&Reason| r.level == Some(level);
    reasons
        .iter()
        .filter(top)
        .filter(|r| r.rule != "R-SHARED")
        .max_by_key(|r| (r.until_utc.is_none(), r.until_utc))
        .or_else(|| reasons.iter().find(top))
}

fn heading(level: Level, reasons: &[Reason], (next, agreed): (Option<String>, bool)) -> Heading {
    let top = deciding(level, reasons);
    let is = |rule: &str| top.is_some_and(|r| r.rule == rule);
    let until = next.is_some();
    let id = match level {
        Level::Stop if until => "stop_until",
        Level::Stop => "stop",
        Level::TooSoon if until && agreed => "too_soon_agreed",
        Level::TooSoon if until => "too_soon_until",
        Level::TooSoon => "too_soon",
        Level::MoveOn if is("R-CLOSED") => "closed",
        Level::MoveOn => "move_on",
        Level::Encouraged if is("R-AGREED-DATE") => "check_in",
        Level::Encouraged => "thank_you",
        Level::Ok if reasons.iter().any(|r| r.rule == "R-REPLY") => "answer",
        Level::Ok => "ok",
    };
    let reason = match id {
        "stop" | "stop_until" | "too_soon" | "too_soon_until" | "too_soon_agreed" | "move_on"
        | "check_in" => top.map(|r| Short {
            message: r.message,
            data: r.data.clone(),
        }),
        _ => None,
    };
    Heading {
        id,
        data: HeadingData { reason, next },
    }
}
