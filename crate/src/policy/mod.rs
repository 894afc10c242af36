//! The rules of `docs/policy.md`.
//!
//! - [`check`]: the verdict on a proposed contact (recipients or an opportunity, a
//!   channel, a moment).
//! - [`status`]: for every opportunity, what is next, from when, why, what is encouraged.
//! - [`moments_ahead`]: the future instants at which a query's verdict changes.
//! - [`classify`]: what a send is (thank-you note, answer, initiated contact).
//! - [`reminders`]: what is due now, and when something next becomes due.
//!
//! Time is always an argument. Day arithmetic is on local calendar dates in `tz`.

mod calendar;
mod check;
mod classify;
mod hints;
mod history;
mod moments;
mod numbers;
mod query;
mod reason;
mod reminders;
mod rules;
mod status;
mod suggested;
mod verdict;

pub use crate::model::{Channel, Classification, Level, Profile};
pub(crate) use calendar::local_rfc3339;
pub use calendar::{local_midnight, next_business_day};
pub use check::check;
pub use classify::{classify, classify_follow_up, log_send, OpportunityClassification};
pub use moments::{moments_ahead, Moment};
pub use numbers::Numbers;
pub use query::Query;
pub use reason::{Reason, ReasonData};
pub use reminders::{reminders, Reminder, Reminders};
pub use status::{
    attention, due_now, status, Encouragement, NextStep, OpportunityStatus, Step, StepId,
    ThankYouDue,
};
pub use suggested::suggested_at;
pub use verdict::{Heading, HeadingData, OpportunityVerdict, Short, Verdict};
