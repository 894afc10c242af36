//! The hints (H-*): advice that never warns.

use chrono::TimeZone;

use super::rules::Ctx;
use crate::model::{Channel, Classification};

/// Adds every hint that applies to the judgement in `ctx`.
pub(crate) fn add<Tz: TimeZone>(ctx: &mut Ctx<'_, '_, Tz>) {
    let closed = ctx.h.is_closed();
    let initiated = !closed && ctx.out.classification == Classification::Initiated;

    // H-CHANNEL: two or more follow-ups, all by email.
    if initiated && !ctx.h.opportunity.no_calls && ctx.p.channel == Channel::Email {
        let mut n = 0;
        let mut all_email = true;
        for s in ctx.initiated.iter().filter(|s| !s.call_attempt) {
            n += 1;
            all_email &= s.channel == Channel::Email;
        }
        if n >= 2 && all_email {
            ctx.hint("H-CHANNEL", "hint_channel").count = Some(n);
        }
    }

    // H-KEEP-SEARCHING: fewer than two active opportunities.
    let active = ctx.env.active_opportunities;
    if active < 2 {
        let d = ctx.hint("H-KEEP-SEARCHING", "hint_keep_searching");
        d.count = Some(active as u32);
        d.limit = Some(2);
    }

    // H-ASK-TIMELINE: an interview and no decision date.
    if !closed && !ctx.h.interviews.is_empty() && ctx.h.opportunity.decision_date.is_none() {
        ctx.hint("H-ASK-TIMELINE", "hint_ask_timeline");
    }

    // H-SHORT: over 150 words.
    if let Some(words) = ctx.p.words {
        let limit = ctx.n().short_words;
        if words > limit {
            let d = ctx.hint("H-SHORT", "hint_short");
            d.count = Some(words);
            d.limit = Some(limit);
        }
    }

    // H-VALUE: a repeated follow-up.
    if initiated && !ctx.unanswered.is_empty() {
        let n = ctx.unanswered.len() as u32;
        ctx.hint("H-VALUE", "hint_value").count = Some(n);
    }
}
