//! The limits: R-WEEK-CAP, R-SAME-DAY, R-CALL-ATTEMPTS, R-NO-CALLS.

use chrono::{NaiveDate, TimeZone};

use super::Ctx;
use crate::model::{Channel, Classification, Level};
use crate::policy::calendar::{add_days, local_midnight, sub_days};
use crate::policy::history::Send;
use crate::policy::numbers::WEEK_DAYS;

/// R-WEEK-CAP: initiated contacts to one opportunity in any rolling 7 days, at most.
pub(super) fn week_cap<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let tz = ctx.env.tz;
    let from = sub_days(ctx.today(), WEEK_DAYS - 1);
    let mut recent = ctx.initiated_on(from..=NaiveDate::MAX);
    // In time order: each day once.
    let mut previous = None;
    for s in &recent {
        if previous != Some(s.day) {
            ctx.boundary(local_midnight(add_days(s.day, WEEK_DAYS), tz));
            previous = Some(s.day);
        }
    }
    let cap = ctx.n().week_cap.max(1) as usize;
    if recent.len() < cap {
        return;
    }
    crate::sort::sort_by_key(&mut recent, |s| std::cmp::Reverse(s.at));
    let end = local_midnight(add_days(recent[cap - 1].day, WEEK_DAYS), tz);
    let n = recent.len();
    let mut reason = ctx.reason("R-WEEK-CAP", Level::Stop, "week_cap", Some(end));
    reason.data.contacts = contacts_of(&recent);
    reason.others = ctx.others(&recent);
    if !ctx.quiet {
        let d = &mut reason.data;
        d.until = Some(ctx.local(end));
        d.count = Some(n as u32);
        d.limit = Some(cap as u32);
        d.days = Some(WEEK_DAYS);
        for s in recent.iter().rev() {
            if d.dates.last() != Some(&s.day) {
                d.dates.push(s.day);
            }
        }
    }
    ctx.fire(reason);
}

/// The people of `sends`, in order (each once per send).
fn contacts_of(sends: &[&Send<'_>]) -> Vec<String> {
    let mut contacts = Vec::new();
    for s in sends {
        contacts.extend_from_slice(s.contacts);
    }
    contacts
}

/// R-SAME-DAY: one initiated contact to one opportunity a day.
pub(super) fn same_day<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let today = ctx.today();
    let earlier = ctx.initiated_on(today..=today);
    if earlier.is_empty() {
        return;
    }
    let end = local_midnight(add_days(today, 1), ctx.env.tz);
    ctx.boundary(end);
    let n = earlier.len() as u32;
    let mut reason = ctx.reason("R-SAME-DAY", Level::Stop, "same_day", Some(end));
    reason.data.contacts = contacts_of(&earlier);
    reason.others = ctx.others(&earlier);
    if !ctx.quiet {
        let d = &mut reason.data;
        d.since_date = Some(today);
        d.until = Some(ctx.local(end));
        d.count = Some(n);
        d.limit = Some(1);
    }
    ctx.fire(reason);
}

/// R-SAME-DAY for answers: at most three answers a day.
pub(super) fn same_day_answers<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let today = ctx.today();
    let answers = ctx
        .h
        .sends
        .iter()
        .filter(|s| s.class == Classification::Answer && s.at <= ctx.t && s.day == today)
        .count();
    let limit = ctx.n().answers_per_day;
    if (answers as u64) < u64::from(limit) {
        return;
    }
    let end = local_midnight(add_days(today, 1), ctx.env.tz);
    ctx.boundary(end);
    let mut reason = ctx.reason("R-SAME-DAY", Level::Stop, "same_day_answers", Some(end));
    if !ctx.quiet {
        let d = &mut reason.data;
        d.since_date = Some(today);
        d.until = Some(ctx.local(end));
        d.count = Some(answers as u32);
        d.limit = Some(limit);
    }
    ctx.fire(reason);
}

/// R-CALL-ATTEMPTS: a third call attempt within 7 days counts as a contact.
pub(super) fn call_attempts<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    if ctx.p.channel != Channel::Call {
        return;
    }
    let tz = ctx.env.tz;
    let today = ctx.today();
    let mut recent = ctx.h.recent_call_attempts(ctx.t, today);
    for (_, d) in &recent {
        ctx.boundary(local_midnight(add_days(*d, WEEK_DAYS), tz));
    }
    let counted = ctx.n().counted_call_attempt.max(2) as usize;
    if recent.len() + 1 < counted {
        return;
    }
    crate::sort::sort_by_key(&mut recent, |r| std::cmp::Reverse(*r));
    // The attempt whose leaving the week brings the count below the limit.
    let Some((_, oldest)) = recent.get(counted - 2).copied() else {
        return;
    };
    let end = local_midnight(add_days(oldest, WEEK_DAYS), tz);
    let n = recent.len();
    let mut reason = ctx.reason(
        "R-CALL-ATTEMPTS",
        Level::TooSoon,
        "call_attempts",
        Some(end),
    );
    if !ctx.quiet {
        let d = &mut reason.data;
        for (_, day) in recent.iter().rev() {
            d.dates.push(*day);
        }
        d.since_date = Some(d.dates.first().copied().unwrap_or(today));
        d.until = Some(ctx.local(end));
        d.count = Some(n as u32);
        d.limit = Some(counted as u32);
        d.days = Some(WEEK_DAYS);
    }
    ctx.fire(reason);
}

/// R-NO-CALLS: the ad said "Do not call".
pub(super) fn no_calls<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    if !(ctx.p.channel.is_phone() && ctx.h.opportunity.no_calls) {
        return;
    }
    let message = if ctx.p.channel == Channel::Voicemail {
        "no_calls_voicemail"
    } else {
        "no_calls"
    };
    let reason = ctx.reason("R-NO-CALLS", Level::Stop, message, None);
    ctx.out.never = true;
    ctx.fire(reason);
}
