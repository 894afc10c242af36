//! Judging one proposed contact to one opportunity at one moment.

mod limits;
mod relief;
mod waits;

pub(crate) use relief::thank_you_reason;

use std::ops::RangeInclusive;

use chrono::{DateTime, TimeZone, Utc};

use super::calendar::local_date;
use super::hints;
use super::history::{unanswered_after, History, Send};
use super::numbers::Numbers;
use super::reason::{Reason, ReasonData};
use crate::model::{Channel, Classification, Level};

/// What is proposed, resolved to one opportunity.
#[derive(Debug, Clone)]
pub(crate) struct Proposal {
    /// Contact ids of this opportunity among the recipients (may be empty).
    pub recipients: Vec<String>,
    pub channel: Channel,
    pub words: Option<u32>,
}

/// What does not depend on the opportunity.
pub(crate) struct Env<'a, Tz: TimeZone> {
    pub tz: &'a Tz,
    pub numbers: Numbers,
    /// Opportunities not closed, for H-KEEP-SEARCHING.
    pub active_opportunities: usize,
}

/// The verdict on one opportunity at one moment.
#[derive(Debug, Clone)]
pub(crate) struct Judgement {
    pub level: Level,
    pub classification: Classification,
    pub thank_you_for: Vec<String>,
    pub reasons: Vec<Reason>,
    pub hints: Vec<Reason>,
    /// Instants after the moment at which something the rules read changes.
    pub boundaries: Vec<DateTime<Utc>>,
    /// Those of them at which a rule can stop a warning before its own end: the
    /// classification changes (a thank-you window closes, a conversation ends) or an
    /// agreed check-in date comes.
    pub pivots: Vec<DateTime<Utc>>,
    /// A warning rule fired that no waiting ends (R-NO-CALLS).
    pub never: bool,
}

impl Judgement {
    pub fn warns(&self) -> bool {
        self.level.warns()
    }

    /// When every warning reason has ended (unless a pivot comes first); `None` when
    /// a warning reason gives no end.
    pub fn warnings_end(&self) -> Option<DateTime<Utc>> {
        let mut end = None;
        for r in &self.reasons {
            if r.rule == "R-SHARED" || !r.level.is_some_and(Level::warns) {
                continue;
            }
            end = end.max(Some(r.until_instant()?));
        }
        end
    }
}

/// What the rules read while judging.
pub(crate) struct Ctx<'c, 'a, Tz: TimeZone> {
    pub h: &'c History<'a>,
    pub p: &'c Proposal,
    pub t: DateTime<Utc>,
    pub env: &'c Env<'c, Tz>,
    /// Initiated contacts that count for this proposal.
    pub initiated: Vec<&'c Send<'a>>,
    /// Those after their latest reply.
    pub unanswered: Vec<&'c Send<'a>>,
    /// Only the levels and boundaries are wanted (searching forward in time): no
    /// sentences, no data, no hints.
    pub quiet: bool,
    pub out: Judgement,
}

impl<'c, 'a, Tz: TimeZone> Ctx<'c, 'a, Tz> {
    pub fn n(&self) -> &Numbers {
        &self.env.numbers
    }

    pub fn id(&self) -> &str {
        self.h.id()
    }

    /// A reason of this opportunity that stops applying at `until` (if any). Its data
    /// (the dates, numbers and names its message shows) is left for the rule to fill,
    /// unless quiet.
    pub fn reason(
        &self,
        rule: &'static str,
        level: Level,
        message: &'static str,
        until: Option<DateTime<Utc>>,
    ) -> Reason {
        let mut reason = Reason::new(rule, Some(level), self.id(), message);
        reason.until_utc = until;
        reason
    }

    pub fn fire(&mut self, reason: Reason) {
        self.out.reasons.push(reason);
    }

    /// Adds the hint `rule`, worded by `message`; returns its data to fill.
    pub fn hint(&mut self, rule: &'static str, message: &'static str) -> &mut ReasonData {
        let hint = Reason::new(rule, None, self.h.id(), message);
        self.out.hints.push(hint);
        let last = self.out.hints.len() - 1;
        &mut self.out.hints[last].data
    }

    pub fn boundary(&mut self, at: DateTime<Utc>) {
        if at > self.t {
            self.out.boundaries.push(at);
        }
    }

    /// A boundary at which a warning may end before its rule's own end (see `pivots`).
    pub fn pivot(&mut self, at: DateTime<Utc>) {
        if at > self.t {
            self.out.boundaries.push(at);
            self.out.pivots.push(at);
        }
    }

    pub fn today(&self) -> chrono::NaiveDate {
        local_date(self.t, self.env.tz)
    }

    pub fn local(&self, at: DateTime<Utc>) -> String {
        super::calendar::local_rfc3339(at, self.env.tz)
    }

    /// Initiated contacts that count for this proposal on the local dates `days`, in
    /// time order.
    pub fn initiated_on(&self, days: RangeInclusive<chrono::NaiveDate>) -> Vec<&'c Send<'a>> {
        let mut sends = Vec::new();
        for &s in &self.initiated {
            if days.contains(&s.day) {
                sends.push(s);
            }
        }
        sends
    }

    /// The people of the counted contacts `sends` that included none of the recipients:
    /// R-SHARED's, for a rule that counted them.
    pub fn others(&self, sends: &[&Send<'_>]) -> Vec<String> {
        let mut others: Vec<String> = Vec::new();
        for s in sends {
            if !s.contacts.iter().any(|c| self.p.recipients.contains(c)) {
                crate::text::add_new(&mut others, s.contacts);
            }
        }
        others
    }

    /// The names of the contacts `ids`, in order.
    pub fn names(&self, ids: &[String]) -> Vec<String> {
        self.h.contact_names(ids)
    }
}

/// Judges the proposal `p` to the opportunity of `h` at `t`.
pub(crate) fn judge<Tz: TimeZone>(
    h: &History<'_>,
    p: &Proposal,
    t: DateTime<Utc>,
    env: &Env<'_, Tz>,
    quiet: bool,
) -> Judgement {
    let (classification, thank_you_for) = if h.is_closed() {
        (Classification::Initiated, Vec::new())
    } else {
        h.classify(&p.recipients, p.channel, t, &env.numbers)
    };
    let initiated = counted_initiated(h, p, t, env);
    let latest_reply = h.latest_reply(t);
    let mut unanswered = Vec::new();
    for &s in &initiated {
        if unanswered_after(latest_reply, s.at) {
            unanswered.push(s);
        }
    }
    let mut ctx = Ctx {
        h,
        p,
        t,
        env,
        initiated,
        unanswered,
        quiet,
        out: Judgement {
            level: Level::Ok,
            classification,
            thank_you_for,
            reasons: Vec::new(),
            hints: Vec::new(),
            boundaries: Vec::new(),
            pivots: Vec::new(),
            never: false,
        },
    };
    if h.is_closed() {
        relief::closed(&mut ctx);
    } else {
        relief::thank_you(&mut ctx);
        match classification {
            Classification::ThankYou => {}
            Classification::Answer => {
                relief::reply(&mut ctx);
                limits::same_day_answers(&mut ctx);
                limits::no_calls(&mut ctx);
            }
            Classification::Initiated => {
                let overridden = relief::agreed_date(&mut ctx);
                if !overridden {
                    waits::apply_wait(&mut ctx);
                    waits::interview_wait(&mut ctx);
                    waits::decision_date(&mut ctx);
                    waits::cadence(&mut ctx);
                }
                waits::move_on(&mut ctx);
                limits::week_cap(&mut ctx);
                limits::same_day(&mut ctx);
                limits::call_attempts(&mut ctx);
                limits::no_calls(&mut ctx);
                relief::shared(&mut ctx);
            }
        }
        // Moments at which the classification itself changes.
        for (_, end) in h.open_windows(t, &env.numbers) {
            ctx.pivot(end);
        }
        if let Some((_, end)) = h.conversation_end(t) {
            ctx.pivot(end);
        }
    }
    if !quiet {
        hints::add(&mut ctx);
    }
    let mut out = ctx.out;
    crate::sort::sort_by_key(&mut out.reasons, |r| std::cmp::Reverse(r.level));
    let default = match classification {
        Classification::ThankYou => Level::Encouraged,
        _ => Level::Ok,
    };
    out.level = out
        .reasons
        .iter()
        .filter_map(|r| r.level)
        .max()
        .unwrap_or(default);
    crate::sort::sort(&mut out.boundaries);
    out.boundaries.dedup();
    out
}

/// Initiated contacts that count against this proposal: all of them, except that a
/// voicemail left on the day of a call attempt absorbs that day's counted attempts
/// (R-SAME-DAY's exception: "one call back that day to leave a single voicemail").
fn counted_initiated<'c, 'a, Tz: TimeZone>(
    h: &'c History<'a>,
    p: &Proposal,
    t: DateTime<Utc>,
    env: &Env<'_, Tz>,
) -> Vec<&'c Send<'a>> {
    let today = local_date(t, env.tz);
    let exception = p.channel == Channel::Voicemail
        && h.call_attempts.iter().any(|(a, d)| *a <= t && *d == today)
        && !h
            .sends
            .iter()
            .any(|s| s.channel == Channel::Voicemail && s.at <= t && s.day == today);
    let mut counted = Vec::new();
    for s in h.initiated(t) {
        if !(exception && s.call_attempt && s.day == today) {
            counted.push(s);
        }
    }
    counted
}
