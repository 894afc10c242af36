//! The wait rules: R-APPLY-WAIT, R-INTERVIEW-WAIT, R-DECISION-DATE, R-CADENCE, R-MOVE-ON.

use chrono::{DateTime, TimeZone, Utc};

use super::Ctx;
use crate::model::Level;
use crate::policy::calendar::{days_after, local_date, local_midnight, next_business_day};
use crate::policy::wording::{count, day, wait};

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
    what: &str,
    short_what: &str,
) {
    let (since, by_reply) = anchor(ctx, event);
    let end = days_after(since, days, ctx.env.tz);
    ctx.boundary(end);
    if ctx.t >= end {
        return;
    }
    let reason = ctx.reason(rule, Level::TooSoon).until(end);
    let reason = ctx.explain(reason, |ctx, d| {
        d.since = Some(ctx.local(since));
        d.since_date = Some(local_date(since, ctx.env.tz));
        d.until = Some(ctx.local(end));
        d.days = Some(days);
        let (from, short) = if by_reply {
            ("They last replied on", "They replied")
        } else {
            (what, short_what)
        };
        (
            format!(
                "{from} {}; {} ends {}.",
                ctx.day_of(since),
                wait(days),
                ctx.day_of(end)
            ),
            format!("{short} {}", ctx.day_of(since)),
        )
    });
    ctx.fire(reason);
}

/// R-APPLY-WAIT: after an application, with no interview yet, the first follow-up waits.
pub(super) fn apply_wait<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    if !ctx.h.interviews.is_empty() {
        return;
    }
    if let Some(applied) = ctx.h.applications.last().copied() {
        let days = ctx.n().apply_wait_days;
        wait_rule(
            ctx,
            "R-APPLY-WAIT",
            applied,
            days,
            "You applied on",
            "Applied",
        );
    }
}

/// R-INTERVIEW-WAIT: after an interview, the first status follow-up waits.
pub(super) fn interview_wait<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    if let Some(interview) = ctx.h.interviews.last().map(|i| i.at) {
        let days = ctx.n().interview_wait_days;
        wait_rule(
            ctx,
            "R-INTERVIEW-WAIT",
            interview,
            days,
            "Your interview was on",
            "Interview was",
        );
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
    let reason = ctx.reason("R-DECISION-DATE", Level::TooSoon).until(end);
    let reason = ctx.explain(reason, |ctx, d| {
        let year = ctx.env.year;
        d.date = Some(date);
        d.until = Some(ctx.local(end));
        (
            format!(
                "They said they would decide by {}; give them until the next business day, {}.",
                day(date, year),
                day(after, year)
            ),
            format!("Decision due {}", day(date, year)),
        )
    });
    ctx.fire(reason);
}

/// R-CADENCE: between two unanswered initiated contacts, wait.
pub(super) fn cadence<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let Some(last) = ctx.unanswered.last().map(|s| (s.at, s.contacts.to_vec())) else {
        return;
    };
    let days = ctx.n().cadence_days;
    let end = days_after(last.0, days, ctx.env.tz);
    ctx.boundary(end);
    if ctx.t >= end {
        return;
    }
    let (at, contacts) = last;
    let reason = ctx
        .reason("R-CADENCE", Level::TooSoon)
        .until(end)
        .with(|d| d.contacts = contacts);
    let reason = ctx.explain(reason, |ctx, d| {
        d.since = Some(ctx.local(at));
        d.since_date = Some(local_date(at, ctx.env.tz));
        d.until = Some(ctx.local(end));
        d.days = Some(days);
        (
            format!(
                "Your last contact, unanswered, was on {}; leave {days} days between contacts: {} ends {}.",
                ctx.day_of(at),
                wait(days),
                ctx.day_of(end)
            ),
            format!("Last contact {}", ctx.day_of(at)),
        )
    });
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
    let mut reason = ctx.reason(
        "R-MOVE-ON",
        if waiting {
            Level::TooSoon
        } else {
            Level::MoveOn
        },
    );
    if waiting {
        reason = reason.until(end);
    }
    let reason = ctx.explain(reason, |ctx, d| {
        d.since = Some(ctx.local(last));
        d.since_date = Some(local_date(last, ctx.env.tz));
        d.until = Some(ctx.local(end));
        d.days = Some(days);
        d.count = Some(unanswered as u32);
        d.limit = Some(threshold);
        d.dates = ctx.unanswered.iter().map(|s| s.day).collect();
        let n = count(unanswered, "contact", "contacts");
        let what = if unanswered == 1 {
            format!("Your contact on {} went unanswered", ctx.day_of(last))
        } else {
            format!("{n} in a row went unanswered, the last on {}", ctx.day_of(last))
        };
        let sentence = if waiting {
            format!(
                "{what}; after that, wait two weeks: until {}.",
                ctx.day_of(end)
            )
        } else {
            format!(
                "{what}: you may write, but consider moving on and keeping only a light touch every week or two so they don't forget you."
            )
        };
        (sentence, format!("{n} unanswered"))
    });
    ctx.fire(reason);
}
