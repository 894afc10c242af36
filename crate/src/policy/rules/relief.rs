//! The rules that encourage or relieve: R-THANK-YOU, R-REPLY, R-AGREED-DATE, R-CLOSED,
//! and R-SHARED, which explains why someone else's contact counts.

use chrono::{DateTime, TimeZone, Utc};

use super::{Ctx, Env};
use crate::model::Level;
use crate::policy::calendar::{last_date, local_date, local_midnight, local_rfc3339};
use crate::policy::history::History;
use crate::policy::reason::Reason;

/// R-CLOSED: the engine no longer times follow-ups.
pub(super) fn closed<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let when = ctx.h.closed_at;
    let message = if when.is_some() {
        "closed_on"
    } else {
        "closed"
    };
    let mut reason = ctx.reason("R-CLOSED", Level::MoveOn, message, None);
    if let Some(at) = when.filter(|_| !ctx.quiet) {
        let d = &mut reason.data;
        d.since = Some(ctx.local(at));
        d.since_date = Some(local_date(at, ctx.env.tz));
    }
    ctx.fire(reason);
}

/// R-THANK-YOU: a first thank-you note to each interviewer inside the window.
pub(super) fn thank_you<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let thanked = ctx.out.thank_you_for.clone();
    if let Some(reason) = thank_you_reason(ctx.h, ctx.env, ctx.t, thanked, ctx.quiet) {
        ctx.fire(reason);
    }
}

/// R-THANK-YOU's reason for a note to `thanked` at `t` (none when nobody is thanked or no
/// window is open): until the first of their windows to end (each person's: the interviews
/// they took part in), with that window's interview; its data unless `quiet`. Also the
/// first reason of a status whose next step is a thank-you note.
pub(crate) fn thank_you_reason<Tz: TimeZone>(
    h: &History<'_>,
    env: &Env<'_, Tz>,
    t: DateTime<Utc>,
    thanked: Vec<String>,
    quiet: bool,
) -> Option<Reason> {
    if thanked.is_empty() {
        return None;
    }
    let n = env.numbers;
    let mut end: Option<DateTime<Utc>> = None;
    for c in &thanked {
        if let Some(e) = h.thank_you_due(c, t, &n) {
            end = Some(end.map_or(e, |first| first.min(e)));
        }
    }
    let end = end?;
    let interview = (h.open_windows(t, &n).iter())
        .find(|(_, e)| *e == end)
        .map(|(i, _)| i.at)?;
    let mut reason = Reason::new("R-THANK-YOU", Some(Level::Encouraged), h.id(), "thank_you");
    reason.until_utc = Some(end);
    let d = &mut reason.data;
    if !quiet {
        d.since = Some(local_rfc3339(interview, env.tz));
        d.since_date = Some(local_date(interview, env.tz));
        d.until = Some(local_rfc3339(end, env.tz));
        d.hours = Some(n.thank_you_hours);
        d.names = h.contact_names(&thanked);
    }
    d.contacts = thanked;
    Some(reason)
}

/// R-REPLY: inside a conversation opened by their reply, messages are answers.
pub(super) fn reply<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let Some((reply, end)) = ctx.h.conversation_end(ctx.t) else {
        return;
    };
    let days = ctx.n().conversation_days;
    let mut reason = ctx.reason("R-REPLY", Level::Ok, "reply", Some(end));
    if !ctx.quiet {
        let d = &mut reason.data;
        d.since = Some(ctx.local(reply));
        d.since_date = Some(local_date(reply, ctx.env.tz));
        d.date = Some(last_date(end, ctx.env.tz));
        d.until = Some(ctx.local(end));
        d.days = Some(days);
    }
    ctx.fire(reason);
}

/// R-AGREED-DATE: the first contact on or after an agreed check-in date is encouraged,
/// whatever the wait rules say. Returns whether it overrides them now.
pub(super) fn agreed_date<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) -> bool {
    let Some(date) = ctx.h.opportunity.agreed_checkin_date else {
        return false;
    };
    let start = local_midnight(date, ctx.env.tz);
    if ctx.t < start {
        ctx.pivot(start);
        return false;
    }
    if ctx.h.agreed_day_open(ctx.env.tz, ctx.t).is_none() {
        return false;
    }
    let mut reason = ctx.reason("R-AGREED-DATE", Level::Encouraged, "agreed_date", None);
    reason.data.date = Some(date);
    ctx.fire(reason);
    true
}

/// R-SHARED: the shared rules fired because of contacts with other people of the same
/// opportunity.
pub(super) fn shared<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    if ctx.p.recipients.is_empty() {
        return;
    }
    // The rules that count contacts with others of the opportunity, each with the people
    // of the contacts it counted that were not with a recipient.
    let mut others: Vec<String> = Vec::new();
    let mut level = None;
    for r in &ctx.out.reasons {
        if !matches!(r.rule, "R-CADENCE" | "R-WEEK-CAP" | "R-SAME-DAY") || r.others.is_empty() {
            continue;
        }
        level = level.max(r.level);
        crate::text::add_new(&mut others, &r.others);
    }
    let Some(level) = level else {
        return;
    };
    let mut reason = ctx.reason("R-SHARED", level, "shared", None);
    if !ctx.quiet {
        let d = &mut reason.data;
        d.company = Some(ctx.h.opportunity.company.clone());
        d.names = ctx.names(&others);
    }
    reason.data.contacts = others;
    ctx.fire(reason);
}
