//! Resolving a query to the opportunities it concerns, judging them, and finding the
//! first moment the same contact would no longer warn.

use crate::hash::Groups;
use crate::sort::SortedSet;

use chrono::{DateTime, TimeZone, Utc};

use super::calendar::clamp;
use super::history::History;
use super::numbers::Numbers;
use super::query::Query;
use super::rules::{judge, Env, Judgement, Proposal};
use super::verdict::{self, Verdict};
use crate::model::{normalize_address, Contact, Data, Event, EventKind, Profile, Stage};

/// At most this many boundaries are stepped through when searching forward in time.
const MAX_STEPS: usize = 256;

/// The data, indexed by opportunity.
pub(crate) struct Index<'a> {
    pub data: &'a Data,
    pub events: Groups<'a, &'a Event>,
    pub contacts: Groups<'a, &'a Contact>,
}

impl<'a> Index<'a> {
    pub fn new(data: &'a Data) -> Index<'a> {
        let mut events = Groups::default();
        for e in &data.events {
            events.group(&e.opportunity).push(e);
        }
        let mut contacts = Groups::default();
        for c in &data.contacts {
            contacts.group(&c.opportunity).push(c);
        }
        Index {
            data,
            events,
            contacts,
        }
    }

    /// Opportunities not closed at `at` (by their stage, or by a `closed` event by then).
    pub fn active_opportunities(&self, at: DateTime<Utc>) -> usize {
        let closed_by_then = |id: &str| {
            (self.events.get(id).iter()).any(|e| e.kind == EventKind::Closed && e.at.to_utc() <= at)
        };
        self.data
            .opportunities
            .iter()
            .filter(|o| o.stage != Stage::Closed && !closed_by_then(&o.id))
            .count()
    }

    pub fn history<Tz: TimeZone>(
        &self,
        opportunity: &'a crate::model::Opportunity,
        cutoff: DateTime<Utc>,
        numbers: &Numbers,
        tz: &Tz,
    ) -> History<'a> {
        let id = opportunity.id.as_str();
        History::build(
            opportunity,
            self.contacts.get(id).to_vec(),
            self.events.get(id),
            cutoff,
            numbers,
            tz,
        )
    }
}

/// A query resolved: the opportunities it concerns, each with its history and the
/// recipients that belong to it.
pub(crate) struct Plan<'a, Tz: TimeZone> {
    pub env: Env<'a, Tz>,
    pub targets: Vec<(History<'a>, Proposal)>,
    pub tracked: Vec<String>,
    pub untracked: Vec<String>,
    pub profile: Profile,
    pub at: DateTime<Utc>,
}

impl<'a, Tz: TimeZone> Plan<'a, Tz> {
    /// `None` when nothing in the query is tracked.
    pub fn new(index: &Index<'a>, query: &Query, tz: &'a Tz) -> Option<Plan<'a, Tz>> {
        let data = index.data;
        let at = clamp(query.at);
        let profile = query.profile.unwrap_or(data.settings.profile);
        let numbers = Numbers::of(profile);
        // Every contact by address, once: each recipient is then found in constant time
        // (linear in the recipients and the contacts, however many of either). The
        // addresses are normalized first, so that the groups borrow them (`crate::hash`).
        let mut normalized: Vec<(&Contact, Vec<String>)> = Vec::new();
        for c in &data.contacts {
            if (query.opportunity.as_ref()).map_or(true, |only| *only == c.opportunity) {
                normalized.push((c, c.normalized_addresses().collect()));
            }
        }
        let mut owners: Groups<&Contact> = Groups::default();
        for (c, addresses) in &normalized {
            for a in addresses {
                let list = owners.group(a);
                if !list.iter().any(|o| o.id == c.id) {
                    list.push(c);
                }
            }
        }
        let mut by_opportunity: Vec<(&str, Vec<String>)> = Vec::new();
        let mut tracked = Vec::new();
        let mut untracked = Vec::new();
        let mut seen: SortedSet<String> = SortedSet::default();
        for address in &query.to {
            let wanted = normalize_address(address);
            if wanted.is_empty() || !seen.insert(wanted.clone()) {
                continue;
            }
            let found = owners.get(&wanted);
            for c in found {
                match by_opportunity.iter_mut().find(|(o, _)| *o == c.opportunity) {
                    Some((_, ids)) => {
                        if !ids.contains(&c.id) {
                            ids.push(c.id.clone());
                        }
                    }
                    None => by_opportunity.push((c.opportunity.as_str(), vec![c.id.clone()])),
                }
            }
            if found.is_empty() {
                untracked.push(wanted);
            } else {
                tracked.push(wanted);
            }
        }
        if let Some(only) = &query.opportunity {
            data.opportunity(only)?;
            if by_opportunity.is_empty() {
                by_opportunity.push((only.as_str(), Vec::new()));
            }
        }
        // Opportunities in the file's order, recipients by id: the order of the
        // contacts in the file does not matter.
        crate::sort::sort_by_key(&mut by_opportunity, |(id, _)| {
            data.opportunities.iter().position(|o| o.id == *id)
        });
        for (_, ids) in &mut by_opportunity {
            crate::sort::sort(ids);
        }
        let mut targets = Vec::new();
        for (id, recipients) in by_opportunity {
            let Some(opportunity) = data.opportunity(id) else {
                continue;
            };
            let history = index.history(opportunity, at, &numbers, tz);
            let proposal = Proposal {
                recipients,
                channel: query.channel,
                words: query.words,
            };
            targets.push((history, proposal));
        }
        if targets.is_empty() {
            return None;
        }
        Some(Plan {
            env: Env {
                tz,
                numbers,
                active_opportunities: index.active_opportunities(at),
            },
            targets,
            tracked,
            untracked,
            profile,
            at,
        })
    }

    /// A contact to one opportunity, to nobody in particular (for `status`).
    pub fn single(
        index: &Index<'a>,
        opportunity: &'a crate::model::Opportunity,
        channel: crate::model::Channel,
        at: DateTime<Utc>,
        tz: &'a Tz,
        active: usize,
    ) -> Plan<'a, Tz> {
        let at = clamp(at);
        let profile = index.data.settings.profile;
        let numbers = Numbers::of(profile);
        let history = index.history(opportunity, at, &numbers, tz);
        let proposal = Proposal {
            recipients: Vec::new(),
            channel,
            words: None,
        };
        Plan {
            env: Env {
                tz,
                numbers,
                active_opportunities: active,
            },
            targets: vec![(history, proposal)],
            tracked: Vec::new(),
            untracked: Vec::new(),
            profile,
            at,
        }
    }

    pub fn judge_one(&self, target: usize, t: DateTime<Utc>, quiet: bool) -> Option<Judgement> {
        let (h, p) = self.targets.get(target)?;
        Some(judge(h, p, t, &self.env, quiet))
    }

    /// Judges every opportunity at `t`; `quiet` leaves out the wording (for searches).
    pub fn judge_all(&self, t: DateTime<Utc>, quiet: bool) -> Vec<Judgement> {
        let mut judgements = Vec::with_capacity(self.targets.len());
        for (h, p) in &self.targets {
            judgements.push(judge(h, p, t, &self.env, quiet));
        }
        judgements
    }

    /// The first moment from `first` (the judgements at `self.at`) on at which no
    /// judgement of `which` warns; `None` when that never happens.
    pub fn next_ok(&self, which: Option<usize>, first: &[Judgement]) -> Option<DateTime<Utc>> {
        self.next_ok_from(which, first, self.at)
    }

    /// As [`Plan::next_ok`], from the judgements `first` at `start`.
    pub fn next_ok_from(
        &self,
        which: Option<usize>,
        first: &[Judgement],
        start: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let mut t = start;
        let mut later: Vec<Judgement>;
        let mut current = first;
        for _ in 0..MAX_STEPS {
            if !current.iter().any(Judgement::warns) {
                return Some(t);
            }
            if current.iter().any(|j| j.warns() && j.never) {
                return None;
            }
            // Warnings hold until their ends unless a pivot comes first; a rule without
            // an end falls back to stepping through every boundary.
            let end = warnings_end(current);
            let mut next = end.filter(|e| *e > t);
            for j in current {
                let candidates = if end.is_some() {
                    &j.pivots
                } else {
                    &j.boundaries
                };
                next = earliest_after(t, candidates, next);
            }
            t = next?;
            later = match which {
                Some(i) => self
                    .judge_one(i, t, true)
                    .map_or_else(Vec::new, |j| vec![j]),
                None => self.judge_all(t, true),
            };
            current = &later;
        }
        None
    }
}

/// The earliest of `next` and the instants of `candidates` after `t`.
pub(crate) fn earliest_after(
    t: DateTime<Utc>,
    candidates: &[DateTime<Utc>],
    mut next: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    for &b in candidates {
        if b > t && next.map_or(true, |n| b < n) {
            next = Some(b);
        }
    }
    next
}

/// When the warnings of every judgement of `judgements` that warns have ended (unless a
/// pivot comes first); `None` when one of them gives no end.
fn warnings_end(judgements: &[Judgement]) -> Option<DateTime<Utc>> {
    let mut latest = None;
    for j in judgements.iter().filter(|j| j.warns()) {
        latest = latest.max(Some(j.warnings_end()?));
    }
    latest
}

/// The verdict on a proposed contact; `None` when no address in `query.to` belongs to
/// a tracked contact and no (known) opportunity is given.
///
/// Each opportunity concerned is judged on its own (an address may be tracked in
/// several); the strictest verdict wins and every fired rule is reported.
pub fn check<Tz: TimeZone>(data: &Data, query: &Query, tz: &Tz) -> Option<Verdict> {
    let index = Index::new(data);
    let plan = Plan::new(&index, query, tz)?;
    Some(verdict::assemble(&plan, plan.judge_all(plan.at, false)))
}
