use serde::Serialize;

use crate::model::Profile;

/// The numbers of the rules for one profile (docs/policy.md, "Profiles").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Numbers {
    /// R-APPLY-WAIT: days after an application before the first follow-up.
    pub apply_wait_days: u32,
    /// R-INTERVIEW-WAIT: days after an interview before the first status follow-up.
    pub interview_wait_days: u32,
    /// R-THANK-YOU: hours after an interview's start in which a thank-you note is welcome.
    pub thank_you_hours: u32,
    /// R-CADENCE: days between two unanswered initiated contacts.
    pub cadence_days: u32,
    /// R-WEEK-CAP: initiated contacts in any rolling 7 days, at most.
    pub week_cap: u32,
    /// R-MOVE-ON: unanswered initiated contacts after which the signs say let go.
    pub move_on_after: u32,
    /// R-MOVE-ON: days after the last unanswered contact before the next (all profiles).
    pub move_on_wait_days: u32,
    /// R-REPLY: days a reply keeps the conversation open (all profiles).
    pub conversation_days: u32,
    /// R-SAME-DAY: answers a day, at most (all profiles).
    pub answers_per_day: u32,
    /// R-CALL-ATTEMPTS: the call attempt within 7 days that counts as a contact.
    pub counted_call_attempt: u32,
    /// H-SHORT: words above which a message is long.
    pub short_words: u32,
}

impl Numbers {
    /// The numbers of a profile.
    pub fn of(profile: Profile) -> Numbers {
        let (apply, interview, hours, cadence, cap, move_on) = match profile {
            Profile::Gentle => (14, 14, 24, 14, 1, 1),
            Profile::Balanced => (7, 7, 48, 10, 2, 2),
            Profile::Persistent => (7, 7, 48, 7, 2, 3),
        };
        Numbers {
            apply_wait_days: apply,
            interview_wait_days: interview,
            thank_you_hours: hours,
            cadence_days: cadence,
            week_cap: cap,
            move_on_after: move_on,
            move_on_wait_days: 14,
            conversation_days: 14,
            answers_per_day: 3,
            counted_call_attempt: 3,
            short_words: 150,
        }
    }
}

/// Days in the rolling week of R-WEEK-CAP and R-CALL-ATTEMPTS.
pub(crate) const WEEK_DAYS: u32 = 7;
