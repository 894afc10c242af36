//! Every opportunity's status: what is next, from when, why, what is encouraged now.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::calendar::{
    is_business_day, last_date, local_date, local_midnight, local_rfc3339, previous_business_day,
};
use super::check::{Index, Plan};
use super::history::{unanswered_after, History};
use super::reason::Reason;
use super::rules::{thank_you_reason, Judgement};
use super::suggested::suggested_at;
use crate::model::{
    Channel, Classification, Contact, Data, Event, EventKind, Level, Opportunity, Stage,
};

/// What to do next about an opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    /// Send thank-you notes (see `thank_you_due`).
    ThankYou,
    /// Answer their reply: the conversation is open.
    Answer,
    /// The agreed check-in date has come.
    CheckIn,
    /// A follow-up is fine now.
    FollowUp,
    /// Wait until `from`.
    Wait,
    /// Allowed, but the signs say let go.
    MoveOn,
    /// Closed: nothing to time.
    Closed,
    /// Nothing to follow up (no application, interview or contact logged).
    Nothing,
}

/// The words of an opportunity's next step, as an id: the extension words each one from
/// its catalogue (`next_<id>`), with the data of [`Step`]. One id per card, and its
/// colour follows from it: never a warning beside an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    /// "Thank-you note due by {at}" (to `names`).
    ThankYouDue,
    /// "They replied: answer by {date}" (the last day inside the conversation).
    Answer,
    /// "Check in on {date} (agreed)"; `now` once the date has come.
    CheckIn,
    /// "Follow up now".
    FollowUpNow,
    /// "Waiting — follow up from {at}" (the suggested moment).
    Waiting,
    /// "Waiting for their answer": nothing to time until they write (an answer sent in
    /// an open conversation, or no moment when following up by email stops warning).
    WaitingAnswer,
    /// "Interview on {at}": one is scheduled ahead, so no follow-up is suggested before it.
    InterviewAhead,
    /// "Message scheduled for {at}": a send logged ahead (a webmail's scheduled send, a
    /// follow-up or a thank-you note), so no other is suggested before it goes.
    SendAhead,
    /// "Consider moving on" (`count` unanswered contacts).
    MoveOn,
    /// "Closed".
    Closed,
    /// "Nothing logged yet".
    Nothing,
}

/// The next step of an opportunity in data: what the card, the toolbar count, reminders
/// and the calendar say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: StepId,
    /// Something to do now: counted in the toolbar's number.
    pub now: bool,
    /// The moment the words name (RFC 3339, local offset): the end of a thank-you window
    /// or of a conversation, or the suggested moment of a wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Whether the time of day of `at` matters (a window closing at 14:00); else only its day.
    pub timed: bool,
    /// A local date the words name (the agreed check-in date, the last day to answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
    /// The people concerned (names).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// How many (unanswered contacts, for `move_on`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// A thank-you note that is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThankYouDue {
    pub contact: String,
    pub name: String,
    /// The interview's start (RFC 3339, local offset).
    pub interview_at: String,
    /// The end of the window (RFC 3339, local offset).
    pub until: String,
}

/// Something encouraged now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Encouragement {
    /// `thank_you`, `answer`, `check_in` or `follow_up`.
    pub kind: &'static str,
    /// Until when (RFC 3339, local offset), when it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<String>,
}

/// The status of one opportunity at a moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityStatus {
    pub opportunity: String,
    pub company: String,
    pub role: String,
    pub stage: Stage,
    pub closed: bool,
    /// What is next.
    pub next_step: NextStep,
    /// From when the next step may be taken (RFC 3339, local offset); null when never.
    pub from: Option<String>,
    /// `from` as an instant (for sorting and counting, without reading the text back).
    #[serde(skip)]
    pub from_instant: Option<DateTime<Utc>>,
    /// The verdict on an email follow-up to the opportunity now.
    pub level: Level,
    pub warn: bool,
    pub next_ok_at: Option<String>,
    /// When following up is suggested: 09:00 on the first business day on or after
    /// `next_ok_at`, or `next_ok_at` itself when later on a business day (RFC 3339, local
    /// offset). What the popup, reminders and the calendar show.
    pub suggested_at: Option<String>,
    #[serde(skip)]
    pub suggested_instant: Option<DateTime<Utc>>,
    /// The next step in data (the words come from the extension's catalogue).
    pub step: Step,
    /// The rules behind it.
    pub why: Vec<Reason>,
    pub hints: Vec<Reason>,
    /// What is encouraged now.
    pub encouraged: Vec<Encouragement>,
    pub thank_you_due: Vec<ThankYouDue>,
    pub follow_up_due: bool,
    /// Initiated contacts since their latest reply.
    pub unanswered: u32,
    /// The latest time the user was in touch with them, up to the moment: a message or
    /// a call either way (a thank-you note and their reply too), an interview (RFC 3339,
    /// local offset).
    pub last_contact: Option<String>,
    /// The opportunity as stored and its people (for the popup's forms): filled in by
    /// the protocol's `status` answer, absent elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Opportunity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<Contact>>,
}

/// Orders statuses by what needs attention first: what can be done now (thank-you notes,
/// answers, check-ins, follow-ups), then waits by how soon they end (waiting for an
/// answer to the user's own, which has no end, after them), then the ones to let
/// go, those with nothing logged, and the closed ones last.
pub fn attention(s: &OpportunityStatus) -> (u8, i64, String) {
    // A conversation the user has answered waits for their answer, with no end.
    if s.step.id == StepId::WaitingAnswer {
        return (4, i64::MAX, crate::model::lowercase(&s.company));
    }
    let rank = match s.next_step {
        NextStep::ThankYou => 0,
        NextStep::Answer => 1,
        NextStep::CheckIn => 2,
        NextStep::FollowUp => 3,
        NextStep::Wait => 4,
        NextStep::MoveOn => 5,
        NextStep::Nothing => 6,
        NextStep::Closed => 7,
    };
    let from = s.from_instant.map_or(i64::MAX, |t| t.timestamp());
    (rank, from, crate::model::lowercase(&s.company))
}

/// How many opportunities have a step to take now (the cards that say "now" or "due"):
/// the toolbar's count.
pub fn due_now(statuses: &[OpportunityStatus]) -> usize {
    statuses.iter().filter(|s| s.step.now).count()
}

/// The status of every opportunity at `at`, in the order of the file.
pub fn status<Tz: TimeZone>(data: &Data, at: DateTime<Utc>, tz: &Tz) -> Vec<OpportunityStatus> {
    let index = Index::new(data);
    let active = index.active_opportunities(at);
    let mut statuses = Vec::with_capacity(data.opportunities.len());
    for o in &data.opportunities {
        let plan = Plan::single(&index, o, Channel::Email, at, tz, active);
        statuses.push(one(&plan, at, Ahead::of(index.events.get(&o.id), at)));
    }
    statuses
}

/// What is logged ahead of the moment: the next interview, the next send (scheduled).
struct Ahead {
    interview: Option<DateTime<Utc>>,
    send: Option<DateTime<Utc>>,
}

impl Ahead {
    /// What of an opportunity's `events` comes after `at` (the history ends at the
    /// moment; what is logged ahead is looked up here).
    fn of(events: &[&Event], at: DateTime<Utc>) -> Ahead {
        let mut ahead = Ahead {
            interview: None,
            send: None,
        };
        for e in events {
            let t = e.at.to_utc();
            let next = match e.kind {
                EventKind::Interview => &mut ahead.interview,
                EventKind::FollowUp | EventKind::ThankYou => &mut ahead.send,
                _ => continue,
            };
            if t > at && next.map_or(true, |n| t < n) {
                *next = Some(t);
            }
        }
        ahead
    }
}

/// What the history says about an opportunity at a moment, before it is put in words.
struct Situation {
    closed: bool,
    thank_you_due: Vec<ThankYouDue>,
    /// Their latest reply and the end of the conversation it opened.
    conversation: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The user has written since their latest reply (the conversation waits for them).
    answered: bool,
    /// The agreed check-in date has come and nothing was sent since (R-AGREED-DATE fired,
    /// or their reply opened a conversation, where a message is an answer).
    agreed: bool,
    /// The local midnight starting an agreed check-in date still ahead.
    agreed_ahead: Option<DateTime<Utc>>,
    follow_up_due: bool,
    /// A follow-up that became due on a weekend: the business morning it is suggested
    /// from, as the reminder and the calendar say.
    follow_up_from: Option<DateTime<Utc>>,
    /// The next interview scheduled after the moment (one is logged ahead).
    interview_ahead: Option<DateTime<Utc>>,
    /// The next send scheduled after the moment, before any interview ahead.
    send_ahead: Option<DateTime<Utc>>,
}

fn one<Tz: TimeZone>(plan: &Plan<'_, Tz>, at: DateTime<Utc>, ahead: Ahead) -> OpportunityStatus {
    let tz = plan.env.tz;
    let (h, _) = &plan.targets[0];
    let mut judgements = plan.judge_all(at, false);
    let next_ok = if judgements[0].warns() {
        plan.next_ok(None, &judgements)
    } else {
        None
    };
    let mut j = judgements.swap_remove(0);
    let situation = situation(plan, &j, at, ahead);
    let encouraged = encouragements(plan, &situation, at);
    let (next_step, from) = next_step(&situation, &j, next_ok, at);
    let local = |t: DateTime<Utc>| local_rfc3339(t, tz);
    let suggested = next_ok.map(|t| suggested_at(t, tz));
    let step = step(
        plan,
        &situation,
        (next_step, from),
        suggested,
        &encouraged,
        at,
    );
    // "Why" explains the card's step first: a thank-you note due leads with its rule,
    // before the verdict on another email now.
    let due = due_contacts(&situation.thank_you_due);
    let mut why: Vec<Reason> = Vec::with_capacity(j.reasons.len() + 2);
    if let Some(thank_you) = thank_you_reason(h, &plan.env, at, due, false) {
        why.push(thank_you);
    }
    why.append(&mut j.reasons);
    // A check-in agreed ahead, the step, leads "Why": the waits it lifts end later, and
    // no reason of the verdict names its day. So does the agreed day come inside a
    // conversation, where the verdict is an answer's.
    let agreed_reason = !step.now || !why.iter().any(|r| r.rule == "R-AGREED-DATE");
    if step.id == StepId::CheckIn && agreed_reason {
        let message = if step.now {
            "agreed_date"
        } else {
            "agreed_date_ahead"
        };
        let mut agreed = Reason::new("R-AGREED-DATE", Some(Level::Encouraged), h.id(), message);
        agreed.data.date = step.date;
        why.insert(0, agreed);
    } else if next_step == NextStep::Wait && situation.interview_ahead.is_none() {
        // A wait leads with the reason that sets its date: the warning that ends last.
        let ends = |r: &Reason| {
            r.until_instant()
                .filter(|_| r.level.is_some_and(Level::warns))
        };
        if let Some(last) = why.iter().filter_map(ends).max() {
            if let Some(i) = why.iter().position(|r| ends(r) == Some(last)) {
                let setting = why.remove(i);
                why.insert(0, setting);
            }
        }
    }
    OpportunityStatus {
        opportunity: h.id().to_string(),
        company: h.opportunity.company.clone(),
        role: h.opportunity.role.clone(),
        stage: h.opportunity.stage,
        closed: situation.closed,
        next_step,
        from: from.map(local),
        from_instant: from,
        level: j.level,
        warn: j.warns(),
        next_ok_at: next_ok.map(local),
        suggested_at: suggested.map(local),
        suggested_instant: suggested,
        step,
        why,
        hints: j.hints,
        encouraged,
        thank_you_due: situation.thank_you_due,
        follow_up_due: situation.follow_up_due,
        unanswered: unanswered(h, at),
        last_contact: last_contact(h, at).map(local),
        details: None,
        people: None,
    }
}

fn situation<Tz: TimeZone>(
    plan: &Plan<'_, Tz>,
    j: &Judgement,
    at: DateTime<Utc>,
    ahead: Ahead,
) -> Situation {
    let (h, _) = &plan.targets[0];
    let closed = h.is_closed();
    let send_ahead = ahead
        .send
        .filter(|s| !closed && ahead.interview.map_or(true, |i| *s <= i));
    let conversation = if closed { None } else { h.conversation_end(at) };
    let answered =
        conversation.is_some_and(|(reply, _)| h.sends.iter().any(|s| s.at > reply && s.at <= at));
    let something = !h.applications.is_empty() || !h.interviews.is_empty() || !h.sends.is_empty();
    // The agreed check-in is the step while it is what the verdict says: it lifts the
    // waits, not R-WEEK-CAP, R-SAME-DAY or R-MOVE-ON (docs/policy.md), whose verdict then holds.
    // Inside a conversation a message is an answer, which R-AGREED-DATE does not judge;
    // the agreed day is still the one to write on (the answer is the check-in).
    // (Their reply after the agreed day made it moot: answering it is the step.)
    let agreed = matches!(j.level, Level::Ok | Level::Encouraged)
        && (j.reasons.iter().any(|r| r.rule == "R-AGREED-DATE")
            || conversation.is_some_and(|(reply, _)| {
                h.agreed_day_open(plan.env.tz, at)
                    .is_some_and(|start| reply < start)
            }));
    // An agreed check-in still to make before the interview comes first: it is the step.
    let check_in_first = |interview: &DateTime<Utc>| {
        h.opportunity.agreed_checkin_date.is_some_and(|d| {
            let day = local_midnight(d, plan.env.tz);
            day <= *interview && (day > at || agreed)
        })
    };
    let interview_ahead = ahead.interview.filter(|i| !closed && !check_in_first(i));
    // A check-in agreed ahead is what comes next, even once the usual waits are over: a
    // follow-up the day before the agreed one would be one contact too many.
    let agreed_ahead = h
        .opportunity
        .agreed_checkin_date
        .map(|d| local_midnight(d, plan.env.tz))
        .filter(|day| !closed && *day > at && interview_ahead.is_none());
    let follow_up_due = !closed
        && agreed_ahead.is_none()
        && conversation.is_none()
        && matches!(j.level, Level::Ok | Level::Encouraged)
        && j.classification == Classification::Initiated
        && something
        && interview_ahead.is_none()
        && send_ahead.is_none();
    Situation {
        closed,
        thank_you_due: if closed {
            Vec::new()
        } else {
            thank_you_due(plan, at)
        },
        conversation,
        answered,
        agreed,
        agreed_ahead,
        follow_up_due,
        follow_up_from: if follow_up_due {
            follow_up_from(plan, at)
        } else {
            None
        },
        interview_ahead,
        send_ahead,
    }
}

/// For a follow-up due at `at` on a weekend, the business morning it is suggested from
/// (Monday 09:00), unless it was already due on the business morning before (then it is
/// due now, and the card does not go back to waiting each weekend).
fn follow_up_from<Tz: TimeZone>(plan: &Plan<'_, Tz>, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let tz = plan.env.tz;
    let today = local_date(at, tz);
    if is_business_day(today) {
        return None; // due now, also before 09:00
    }
    // The weekend's Friday, at 09:00: was it due then already?
    let friday = suggested_at(local_midnight(previous_business_day(today), tz), tz);
    let then = &plan.judge_all(friday, true)[0];
    let due_then = !then.warns() && then.classification == Classification::Initiated;
    (!due_then).then(|| suggested_at(at, tz))
}

/// Each person of an interview whose thank-you window is open and who has had none.
fn thank_you_due<Tz: TimeZone>(plan: &Plan<'_, Tz>, at: DateTime<Utc>) -> Vec<ThankYouDue> {
    let (h, _) = &plan.targets[0];
    let n = &plan.env.numbers;
    let local = |t: DateTime<Utc>| local_rfc3339(t, plan.env.tz);
    let mut due: Vec<ThankYouDue> = Vec::new();
    for (interview, end) in h.open_windows(at, n) {
        let mut people: Vec<&str> = Vec::new();
        if interview.contacts.is_empty() {
            for c in &h.contacts {
                people.push(&c.id);
            }
        } else {
            for c in interview.contacts {
                people.push(c);
            }
        }
        for c in people {
            // Each person's own window: the last to end of the interviews they were at.
            if h.thank_you_due(c, at, n) == Some(end) && !due.iter().any(|d| d.contact == c) {
                due.push(ThankYouDue {
                    name: h.contact_name(c),
                    contact: c.to_string(),
                    interview_at: local(interview.at),
                    until: local(end),
                });
            }
        }
    }
    due
}

/// The latest time the user was in touch with them, up to `at` (see
/// [`OpportunityStatus::last_contact`]).
fn last_contact(h: &History<'_>, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut last = None;
    let mut saw = |t: DateTime<Utc>| {
        if t <= at {
            last = last.max(Some(t));
        }
    };
    for s in h.sends.iter().filter(|s| !s.call_attempt) {
        saw(s.at);
    }
    for i in &h.interviews {
        saw(i.at);
    }
    for (reply, _) in &h.replies {
        saw(*reply);
    }
    last
}

/// The contacts of the thank-you notes `due`.
pub(super) fn due_contacts(due: &[ThankYouDue]) -> Vec<String> {
    let mut contacts = Vec::with_capacity(due.len());
    for d in due {
        contacts.push(d.contact.clone());
    }
    contacts
}

/// How many initiated contacts are unanswered at `at`.
fn unanswered(h: &History<'_>, at: DateTime<Utc>) -> u32 {
    let reply = h.latest_reply(at);
    h.initiated(at)
        .filter(|s| unanswered_after(reply, s.at))
        .count() as u32
}

/// What is welcome now: thank-you notes, answers, the agreed check-in, a follow-up.
fn encouragements<Tz: TimeZone>(
    plan: &Plan<'_, Tz>,
    situation: &Situation,
    at: DateTime<Utc>,
) -> Vec<Encouragement> {
    let (h, _) = &plan.targets[0];
    let local = |t: DateTime<Utc>| local_rfc3339(t, plan.env.tz);
    let mut encouraged = Vec::new();
    let due = &situation.thank_you_due;
    if !due.is_empty() {
        // Due by the first of their windows to end.
        let until = (due.iter())
            .filter_map(|d| h.thank_you_due(&d.contact, at, &plan.env.numbers))
            .min();
        encouraged.push(Encouragement {
            kind: "thank_you",
            until: until.map(local),
            contacts: due_contacts(due),
        });
    }
    if let Some((_, end)) = situation.conversation {
        encouraged.push(Encouragement {
            kind: "answer",
            until: Some(local(end)),
            contacts: Vec::new(),
        });
    }
    if situation.agreed {
        encouraged.push(Encouragement {
            kind: "check_in",
            until: None,
            contacts: Vec::new(),
        });
    }
    if situation.follow_up_due && !situation.agreed {
        encouraged.push(Encouragement {
            kind: "follow_up",
            until: None,
            contacts: Vec::new(),
        });
    }
    encouraged
}

/// The next step, and from when.
fn next_step(
    situation: &Situation,
    j: &Judgement,
    next_ok: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> (NextStep, Option<DateTime<Utc>>) {
    if situation.closed {
        (NextStep::Closed, None)
    } else if let Some(send) = situation.send_ahead {
        // A send scheduled in a webmail: nothing to do before it goes.
        (NextStep::Wait, Some(send))
    } else if !situation.thank_you_due.is_empty() {
        (NextStep::ThankYou, Some(at))
    } else if situation.agreed {
        // The agreed day has come: also the day to answer their reply, if it waits.
        (NextStep::CheckIn, Some(at))
    } else if situation.conversation.is_some() && !situation.answered {
        // Their reply waits for an answer, also before an interview (answering is not chasing).
        (NextStep::Answer, Some(at))
    } else if let Some(interview) = situation.interview_ahead {
        // Nothing to chase before an interview that is coming: wait for it, also once their
        // reply is answered (it most often set the interview up).
        (NextStep::Wait, Some(interview))
    } else if situation.conversation.is_some() {
        (NextStep::Answer, Some(at))
    } else if let Some(day) = situation
        .agreed_ahead
        .filter(|day| !j.warns() || next_ok.is_some_and(|n| n <= *day))
    {
        // Checked in on the agreed day (waits that end later are lifted then).
        (NextStep::Wait, Some(day))
    } else if j.warns() {
        (NextStep::Wait, next_ok)
    } else if j.level == Level::MoveOn {
        (NextStep::MoveOn, Some(at))
    } else if situation.follow_up_due {
        match situation.follow_up_from {
            Some(morning) => (NextStep::Wait, Some(morning)),
            None => (NextStep::FollowUp, Some(at)),
        }
    } else {
        (NextStep::Nothing, None)
    }
}

/// The next step in data, from what [`next_step`] decided.
fn step<Tz: TimeZone>(
    plan: &Plan<'_, Tz>,
    situation: &Situation,
    (next, from): (NextStep, Option<DateTime<Utc>>),
    suggested: Option<DateTime<Utc>>,
    encouraged: &[Encouragement],
    at: DateTime<Utc>,
) -> Step {
    let (h, _) = &plan.targets[0];
    let tz = plan.env.tz;
    let local = |t: DateTime<Utc>| local_rfc3339(t, tz);
    let mut step = Step {
        id: StepId::Nothing,
        now: false,
        at: None,
        timed: false,
        date: None,
        names: Vec::new(),
        count: None,
    };
    let until = |kind: &str| {
        encouraged
            .iter()
            .find(|e| e.kind == kind)
            .and_then(|e| e.until.clone())
    };
    match next {
        NextStep::Closed => step.id = StepId::Closed,
        NextStep::Nothing => step.id = StepId::Nothing,
        NextStep::ThankYou => {
            step.id = StepId::ThankYouDue;
            step.now = true;
            step.at = until("thank_you");
            step.timed = true;
            for d in &situation.thank_you_due {
                step.names.push(d.name.clone());
            }
        }
        NextStep::Answer => {
            if situation.answered {
                // If they do not write by the conversation's end, a follow-up is fine from
                // the first moment after it that does not warn (suggested, as everywhere).
                step.id = StepId::WaitingAnswer;
                let fine = situation
                    .conversation
                    .and_then(|(_, end)| plan.next_ok_from(None, &plan.judge_all(end, true), end));
                step.at = fine.map(|t| local(suggested_at(t, tz)));
            } else {
                step.id = StepId::Answer;
                step.now = true;
                step.at = until("answer");
                // Answered by the last day inside the conversation (it ends at a midnight).
                step.date = situation.conversation.map(|(_, end)| last_date(end, tz));
            }
        }
        NextStep::CheckIn => {
            step.id = StepId::CheckIn;
            step.now = true;
            step.date = h.opportunity.agreed_checkin_date;
        }
        NextStep::FollowUp => {
            step.id = StepId::FollowUpNow;
            step.now = true;
        }
        NextStep::MoveOn => {
            step.id = StepId::MoveOn;
            step.count = Some(unanswered(h, at));
        }
        NextStep::Wait if situation.send_ahead.is_some() => {
            step.id = StepId::SendAhead;
            step.at = situation.send_ahead.map(local);
            step.timed = true;
        }
        NextStep::Wait if situation.interview_ahead.is_some() => {
            step.id = StepId::InterviewAhead;
            step.at = situation.interview_ahead.map(local);
            step.timed = true;
        }
        NextStep::Wait => match (situation.agreed_ahead, suggested.or(from)) {
            (Some(day), _) if from.is_some_and(|f| f <= day) => {
                step.id = StepId::CheckIn;
                step.date = h.opportunity.agreed_checkin_date;
            }
            (_, Some(t)) => {
                step.id = StepId::Waiting;
                step.at = Some(local(t));
                let time = super::calendar::local_naive(t, tz).time();
                step.timed = time != chrono::NaiveTime::MIN
                    && time
                        != chrono::NaiveTime::from_hms_opt(super::suggested::START_HOUR, 0, 0)
                            .unwrap_or_default();
            }
            (_, None) => step.id = StepId::WaitingAnswer,
        },
    }
    step
}
