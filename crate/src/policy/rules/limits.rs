//! The limits: R-WEEK-CAP, R-SAME-DAY, R-CALL-ATTEMPTS, R-NO-CALLS.

use chrono::TimeZone;

use super::Ctx;
use crate::model::{Channel, Classification, Level};
use crate::policy::calendar::{add_days, local_midnight, sub_days};
use crate::policy::numbers::WEEK_DAYS;
use crate::policy::wording::{count, day, list};

/// `Mon 16 Nov and Tue 17 Nov`, each date once.
fn listed(dates: &[chrono::NaiveDate], year: i32) -> String {
    let mut days: Vec<String> = Vec::new();
    for d in dates {
        let text = day(*d, year);
        if !days.contains(&text) {
            days.push(text);
        }
    }
    list(&days)
}

/// R-WEEK-CAP: initiated contacts to one opportunity in any rolling 7 days, at most.
pub(super) fn week_cap<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let tz = ctx.env.tz;
    let from = sub_days(ctx.today(), WEEK_DAYS - 1);
    let mut recent: Vec<_> = ctx
        .initiated
        .iter()
        .filter(|s| s.day >= from)
        .map(|s| (s.at, s.day, s.contacts))
        .collect();
    let mut days: Vec<_> = recent.iter().map(|(_, d, _)| *d).collect();
    days.dedup();
    for d in days {
        ctx.boundary(local_midnight(add_days(d, WEEK_DAYS), tz));
    }
    let cap = ctx.n().week_cap.max(1) as usize;
    if recent.len() < cap {
        return;
    }
    crate::sort::sort_by_key(&mut recent, |r| std::cmp::Reverse(r.0));
    let end = local_midnight(add_days(recent[cap - 1].1, WEEK_DAYS), tz);
    let dates: Vec<_> = recent.iter().rev().map(|(_, d, _)| *d).collect();
    let contacts = recent
        .iter()
        .flat_map(|(_, _, c)| c.iter().cloned())
        .collect();
    let n = recent.len();
    let reason = ctx
        .reason("R-WEEK-CAP", Level::Stop)
        .until(end)
        .with(|d| d.contacts = contacts);
    let reason = ctx.explain(reason, |ctx, d| {
        d.until = Some(ctx.local(end));
        d.count = Some(n as u32);
        d.limit = Some(cap as u32);
        d.days = Some(WEEK_DAYS);
        let said = count(n, "contact", "contacts");
        let sentence = format!(
            "You already made {said} in the last 7 days ({}); the limit is {cap} a week, until {}.",
            listed(&dates, ctx.env.year),
            ctx.day_of(end)
        );
        d.dates = dates;
        (sentence, format!("{said} this week already"))
    });
    ctx.fire(reason);
}

/// R-SAME-DAY: one initiated contact to one opportunity a day.
pub(super) fn same_day<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let today = ctx.today();
    let earlier: Vec<_> = ctx
        .initiated
        .iter()
        .filter(|s| s.day == today)
        .map(|s| s.contacts)
        .collect();
    if earlier.is_empty() {
        return;
    }
    let end = local_midnight(add_days(today, 1), ctx.env.tz);
    ctx.boundary(end);
    let n = earlier.len() as u32;
    let reason = ctx
        .reason("R-SAME-DAY", Level::Stop)
        .until(end)
        .with(|d| d.contacts = earlier.concat());
    let reason = ctx.explain(reason, |ctx, d| {
        let year = ctx.env.year;
        d.since_date = Some(today);
        d.until = Some(ctx.local(end));
        d.count = Some(n);
        d.limit = Some(1);
        (
            format!(
                "You already contacted them today ({}); one contact a day, so wait until {}.",
                day(today, year),
                day(add_days(today, 1), year)
            ),
            "Already contacted them today".to_string(),
        )
    });
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
    let reason = ctx.reason("R-SAME-DAY", Level::Stop).until(end);
    let reason = ctx.explain(reason, |ctx, d| {
        let year = ctx.env.year;
        d.since_date = Some(today);
        d.until = Some(ctx.local(end));
        d.count = Some(answers as u32);
        d.limit = Some(limit);
        (
            format!(
                "You already answered {} today ({}); at most {limit} answers a day, so wait until {}.",
                count(answers, "time", "times"),
                day(today, year),
                day(add_days(today, 1), year)
            ),
            format!("{limit} answers today already"),
        )
    });
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
    let dates: Vec<_> = recent.iter().rev().map(|(_, d)| *d).collect();
    let n = recent.len();
    let reason = ctx.reason("R-CALL-ATTEMPTS", Level::TooSoon).until(end);
    let reason = ctx.explain(reason, |ctx, d| {
        d.until = Some(ctx.local(end));
        d.count = Some(n as u32);
        d.limit = Some(counted as u32);
        d.days = Some(WEEK_DAYS);
        let said = count(n, "call", "calls");
        let sentence = format!(
            "You made {said} without leaving a message since {}; another call in the same 7 days counts as a contact (they see your number). Leave a message instead, or wait until {}.",
            day(dates.first().copied().unwrap_or(today), ctx.env.year),
            ctx.day_of(end)
        );
        d.dates = dates;
        (sentence, format!("{said} unanswered this week"))
    });
    ctx.fire(reason);
}

/// R-NO-CALLS: the ad said "Do not call".
pub(super) fn no_calls<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    if !(ctx.p.channel.is_phone() && ctx.h.opportunity.no_calls) {
        return;
    }
    let voicemail = ctx.p.channel == Channel::Voicemail;
    let reason = ctx.reason("R-NO-CALLS", Level::Stop);
    let reason = ctx.explain(reason, |_, _| {
        let what = if voicemail { "a voicemail" } else { "a call" };
        (
            format!("The ad said \"Do not call\": write instead of {what}."),
            "The ad said \"Do not call\"".to_string(),
        )
    });
    ctx.out.never = true;
    ctx.fire(reason);
}
