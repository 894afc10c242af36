//! The verdict as the extension and the CLI see it.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::calendar::local_rfc3339;
use super::check::Plan;
use super::reason::Reason;
use super::rules::Judgement;
use super::wording;
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
    /// One short English line for a badge.
    pub headline: String,
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
            plan.next_ok(Some(i), vec![j.clone()])
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
    let mut reasons: Vec<Reason> = judgements.iter().flat_map(|j| j.reasons.clone()).collect();
    crate::sort::sort_by_key(&mut reasons, |r| std::cmp::Reverse(r.level));
    let mut hints: Vec<Reason> = Vec::new();
    for h in judgements.iter().flat_map(|j| j.hints.iter()) {
        if !hints.iter().any(|x| {
            x.rule == h.rule && (h.rule == "H-KEEP-SEARCHING" || x.opportunity == h.opportunity)
        }) {
            hints.push(h.clone());
        }
    }
    let next_ok = if !warn {
        None
    } else if judgements.len() == 1 {
        // One opportunity: its own search already answered.
        strictest.and_then(|(_, (_, _, next))| next)
    } else {
        plan.next_ok(None, judgements)
    };
    let headline = headline(plan, level, &reasons, next_ok);
    Verdict {
        level,
        warn,
        next_ok_at: next_ok.map(|t| local_rfc3339(t, tz)),
        suggested_at: next_ok.map(|t| local_rfc3339(super::suggested::suggested_at(t, tz), tz)),
        headline,
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

fn headline<Tz: TimeZone>(
    plan: &Plan<'_, Tz>,
    level: Level,
    reasons: &[Reason],
    next_ok: Option<DateTime<Utc>>,
) -> String {
    let top = deciding(level, reasons);
    let short = top.map(|r| r.short.clone()).unwrap_or_default();
    let until = next_ok
        .map(|t| {
            format!(
                "; wait until {}",
                wording::moment(t, plan.env.year, plan.env.tz)
            )
        })
        .unwrap_or_default();
    match level {
        Level::Stop => format!("Stop: {short}{until}"),
        Level::TooSoon => format!("Too soon? {short}{until}"),
        Level::MoveOn => {
            if top.is_some_and(|r| r.rule == "R-CLOSED") {
                "Closed: if you write, keep it gracious".to_string()
            } else {
                format!("Allowed, but consider moving on: {short}")
            }
        }
        Level::Encouraged => {
            if top.is_some_and(|r| r.rule == "R-AGREED-DATE") {
                format!("Good moment to check in: {short}")
            } else {
                "Good moment for a thank-you note".to_string()
            }
        }
        Level::Ok => {
            if reasons.iter().any(|r| r.rule == "R-REPLY") {
                "OK: you're answering their reply".to_string()
            } else {
                "OK to send".to_string()
            }
        }
    }
}
