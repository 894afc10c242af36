//! The moments ahead at which a query's verdict changes (for reminders).

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::calendar::local_rfc3339;
use super::check::{earliest_after, Index, Plan};
use super::query::Query;
use super::rules::Judgement;
use crate::model::{Classification, Data, Level};

/// A future moment at which the verdict on the same contact changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moment {
    /// RFC 3339, local offset.
    pub at: String,
    /// The level from then on.
    pub level: Level,
    pub warn: bool,
    /// What the contact would be from then on (for the strictest opportunity).
    pub classification: Classification,
    /// The rules that fire from then on.
    pub rules: Vec<&'static str>,
    /// `at` as an instant.
    #[serde(skip)]
    pub instant: DateTime<Utc>,
}

fn summary(js: &[Judgement]) -> (Level, Classification, Vec<&'static str>) {
    let level = js.iter().map(|j| j.level).max().unwrap_or(Level::Ok);
    let classification = js
        .iter()
        .find(|j| j.level == level)
        .map(|j| j.classification)
        .unwrap_or(Classification::Initiated);
    let mut rules: Vec<&'static str> = Vec::new();
    for j in js {
        for r in &j.reasons {
            rules.push(r.rule);
        }
    }
    crate::sort::sort(&mut rules);
    rules.dedup();
    (level, classification, rules)
}

/// The moments after `query.at` at which the verdict on the same contact (same
/// recipients or opportunity, same channel) changes level or classification, given the
/// history up to `query.at` and the events logged ahead of it (an interview, a scheduled
/// send), each counted from its moment on; at most `limit` of them, earliest first. Empty
/// when nothing in the query is tracked or nothing will change.
///
/// For an opportunity use `Query::opportunity(id, channel, at)`; for an address,
/// `Query::email([address], at)`.
pub fn moments_ahead<Tz: TimeZone>(
    data: &Data,
    query: &Query,
    tz: &Tz,
    limit: usize,
) -> Vec<Moment> {
    let index = Index::new(data);
    let Some(mut plan) = Plan::new(&index, query, tz) else {
        return Vec::new();
    };
    // The plan holds the history up to its moment: one logged ahead is planned again when
    // the first event ahead happens (an interview opens a thank-you window).
    let mut ahead: Vec<DateTime<Utc>> = Vec::new();
    for (h, _) in &plan.targets {
        for e in index.events.get(&h.opportunity.id) {
            let at = e.at.to_utc();
            if at > plan.at {
                ahead.push(at);
            }
        }
    }
    crate::sort::sort(&mut ahead);
    let mut out = Vec::new();
    let mut t = plan.at;
    let mut current = plan.judge_all(t, true);
    let (mut level, mut class, _) = summary(&current);
    for _ in 0..512 {
        if out.len() >= limit {
            break;
        }
        let event = earliest_after(t, &ahead, None);
        let mut next = event;
        for j in &current {
            next = earliest_after(t, &j.boundaries, next);
        }
        let Some(next) = next else {
            break;
        };
        t = next;
        if event == Some(t) {
            let Some(later) = Plan::new(
                &index,
                &Query {
                    at: t,
                    ..query.clone()
                },
                tz,
            ) else {
                break;
            };
            plan = later;
        }
        current = plan.judge_all(t, true);
        let (l, c, rules) = summary(&current);
        if l != level || c != class {
            out.push(Moment {
                at: local_rfc3339(t, tz),
                level: l,
                warn: l.warns(),
                classification: c,
                rules,
                instant: t,
            });
            level = l;
            class = c;
        }
    }
    out
}
