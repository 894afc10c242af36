//! The wait rules: R-APPLY-WAIT, R-INTERVIEW-WAIT, R-DECISION-DATE, R-CADENCE, R-MOVE-ON.

use chrono::{DateTime, TimeZone, Utc};

use super::Ctx;
use crate::model::Level;
use crate::policy::calendar::{days_after, local_date, local_midnight, next_business_day};

/// The later of an event and their latest reply: after a conversation ends, the wait
/// rules count from their latest reply (R-REPLY).
fn anchor<Tz: TimeZone>(ctx: &Ctx<'_, '_, Tz>, event: DateTime<Utc>) -> (DateTime<Utc>, bool) {
    match ctx.h.latest_reply(ctx.t) {
        Some(r) if r > event => (r, true),
        _ => (event, false),
    }
}

fn wait_rule<Tz: TimeZone>(
    ctx: &mut Ctx<'_, '_, Tz>,
    rule: &'static str,
    event: DateTime<Utc>,
    days: u32,
    message: &'static str,
) {
    let (since, by_reply) = anchor(ctx, event);
    let end = days_after(since, days, ctx.env.tz);
    ctx.boundary(end);
    if ctx.t >= end {
        return;
    }
    let message = if by_reply { "replied_wait" } else { message };
    let mut reason = ctx.reason(rule, Level::TooSoon, message, Some(end));
    if !ctx.quiet {
        let d = &mut reason.data;
        d.since = Some(ctx.local(since));
        d.since_date = Some(local_date(since, ctx.env.tz));
        d.until = Some(ctx.local(end));
        d.days = Some(days);
    }
    ctx.fire(reason);
}

/// R-APPLY-WAIT: after an application, with no interview yet, the first follow-up waits.
pub(super) fn apply_wait<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    if !ctx.h.interviews.is_empty() {
        return;
    }
    if let Some(applied) = ctx.h.applications.last().copied() {
        let days = ctx.n().apply_wait_days;
        wait_rule(ctx, "R-APPLY-WAIT", applied, days, "apply_wait");
    }
}

/// R-INTERVIEW-WAIT: after an interview, the first status follow-up waits.
pub(super) fn interview_wait<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    if let Some(interview) = ctx.h.interviews.last().map(|i| i.at) {
        let days = ctx.n().interview_wait_days;
        wait_rule(ctx, "R-INTERVIEW-WAIT", interview, days, "interview_wait");
    }
}

/// R-DECISION-DATE: no status follow-up until the next business day after the date the
/// employer named for their decision.
pub(super) fn decision_date<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let Some(date) = ctx.h.opportunity.decision_date else {
        return;
    };
    let after = next_business_day(date);
    let end = local_midnight(after, ctx.env.tz);
    ctx.boundary(end);
    if ctx.t >= end {
        return;
    }
    let mut reason = ctx.reason(
        "R-DECISION-DATE",
        Level::TooSoon,
        "decision_date",
        Some(end),
    );
    if !ctx.quiet {
        let d = &mut reason.data;
        d.date = Some(date);
        d.until = Some(ctx.local(end));
    }
    ctx.fire(reason);
}

/// R-CADENCE: between two unanswered initiated contacts, wait.
pub(super) fn cadence<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let Some(&last) = ctx.unanswered.last() else {
        return;
    };
    // After a conversation (a call, in person) the contact is not "still unanswered".
    let message = if last.channel.is_conversation() && !last.call_attempt {
        "cadence_call"
    } else {
        "cadence"
    };
    let at = last.at;
    let days = ctx.n().cadence_days;
    let end = days_after(at, days, ctx.env.tz);
    ctx.boundary(end);
    if ctx.t >= end {
        return;
    }
    let mut reason = ctx.reason("R-CADENCE", Level::TooSoon, message, Some(end));
    reason.data.contacts = last.contacts.to_vec();
    reason.others = ctx.others(&[last]);
    if !ctx.quiet {
        let d = &mut reason.data;
        d.since = Some(ctx.local(at));
        d.since_date = Some(local_date(at, ctx.env.tz));
        d.until = Some(ctx.local(end));
        d.days = Some(days);
    }
    ctx.fire(reason);
}

/// R-MOVE-ON: once enough initiated contacts are unanswered, the next waits 14 days
/// after the last and is then allowed with the suggestion to let go.
pub(super) fn move_on<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let unanswered = ctx.unanswered.len();
    let threshold = ctx.n().move_on_after;
    if unanswered == 0 || (unanswered as u64) < u64::from(threshold) {
        return;
    }
    let Some(last) = ctx.unanswered.last().map(|s| s.at) else {
        return;
    };
    let days = ctx.n().move_on_wait_days;
    let end = days_after(last, days, ctx.env.tz);
    ctx.boundary(end);
    let waiting = ctx.t < end;
    let mut reason = if waiting {
        ctx.reason("R-MOVE-ON", Level::TooSoon, "move_on_wait", Some(end))
    } else {
        ctx.reason("R-MOVE-ON", Level::MoveOn, "move_on", None)
    };
    if !ctx.quiet {
        let d = &mut reason.data;
        d.since = Some(ctx.local(last));
        d.since_date = Some(local_date(last, ctx.env.tz));
        d.until = Some(ctx.local(end));
        d.days = Some(days);
        d.count = Some(unanswered as u32);
        d.limit = Some(threshold);
        for s in &ctx.unanswered {
            d.dates.push(s.day);
        }
    }
    ctx.fire(reason);
}
