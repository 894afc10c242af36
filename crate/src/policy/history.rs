//! One opportunity's history up to a moment, sorted and classified: the facts the rules
//! read.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::calendar::{days_after, local_date, local_midnight, sub_days};
use super::numbers::{Numbers, WEEK_DAYS};
use crate::model::{Channel, Classification, Contact, Event, EventKind, Opportunity, Stage};

/// A user's send (thank-you note, follow-up) or a call attempt that counted as a contact.
#[derive(Debug, Clone)]
pub(crate) struct Send<'a> {
    pub at: DateTime<Utc>,
    /// The local date of `at`.
    pub day: NaiveDate,
    pub contacts: &'a [String],
    pub channel: Channel,
    pub class: Classification,
    /// A call attempt counted as an initiated contact (R-CALL-ATTEMPTS).
    pub call_attempt: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Interview<'a> {
    pub at: DateTime<Utc>,
    pub contacts: &'a [String],
}

/// The facts of one opportunity, as of a cutoff moment.
#[derive(Debug, Clone)]
pub(crate) struct History<'a> {
    pub opportunity: &'a Opportunity,
    pub contacts: Vec<&'a Contact>,
    /// When it closed (a `closed` event), or `Some(None)`-like via `closed_by_stage`.
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by_stage: bool,
    pub applications: Vec<DateTime<Utc>>,
    pub interviews: Vec<Interview<'a>>,
    /// Their replies, each with the end of the conversation it opens (R-REPLY).
    pub replies: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Call attempts with their local dates.
    pub call_attempts: Vec<(DateTime<Utc>, NaiveDate)>,
    pub sends: Vec<Send<'a>>,
}

fn kind_rank(kind: EventKind) -> u8 {
    match kind {
        EventKind::Application => 0,
        EventKind::Interview => 1,
        EventKind::Reply => 2,
        EventKind::ThankYou => 3,
        EventKind::FollowUp => 4,
        EventKind::CallAttempt => 5,
        EventKind::Closed => 6,
    }
}

impl<'a> History<'a> {
    /// Builds the history of `opportunity` from its events up to and including `cutoff`,
    /// in any order: they are sorted here, so the file's order never matters.
    pub fn build<Tz: TimeZone>(
        opportunity: &'a Opportunity,
        contacts: Vec<&'a Contact>,
        events: &[&'a Event],
        cutoff: DateTime<Utc>,
        numbers: &Numbers,
        tz: &Tz,
    ) -> History<'a> {
        let mut sorted: Vec<&Event> = Vec::with_capacity(events.len());
        for &e in events {
            if e.at.with_timezone(&Utc) <= cutoff {
                sorted.push(e);
            }
        }
        crate::sort::sort_by(&mut sorted, |a, b| {
            (
                a.at,
                kind_rank(a.kind),
                &a.contacts,
                a.channel,
                a.classification,
                &a.id,
            )
                .cmp(&(
                    b.at,
                    kind_rank(b.kind),
                    &b.contacts,
                    b.channel,
                    b.classification,
                    &b.id,
                ))
        });
        let mut h = History {
            opportunity,
            contacts,
            closed_at: None,
            closed_by_stage: opportunity.stage == Stage::Closed,
            applications: Vec::new(),
            interviews: Vec::new(),
            replies: Vec::new(),
            call_attempts: Vec::new(),
            sends: Vec::new(),
        };
        for e in sorted {
            let at = e.at.with_timezone(&Utc);
            let day = local_date(at, tz);
            match e.kind {
                EventKind::Application => h.applications.push(at),
                EventKind::Interview => h.interviews.push(Interview {
                    at,
                    contacts: &e.contacts,
                }),
                EventKind::Reply => {
                    h.replies
                        .push((at, days_after(at, numbers.conversation_days, tz)));
                }
                EventKind::Closed => {
                    h.closed_at.get_or_insert(at);
                }
                EventKind::CallAttempt => {
                    let earlier = h.recent_call_attempts(at, day).len() as u32;
                    h.call_attempts.push((at, day));
                    if earlier + 1 >= numbers.counted_call_attempt {
                        h.sends.push(Send {
                            at,
                            day,
                            contacts: &e.contacts,
                            channel: Channel::Call,
                            class: Classification::Initiated,
                            call_attempt: true,
                        });
                    }
                }
                EventKind::ThankYou | EventKind::FollowUp => {
                    let channel = e.channel_or_default();
                    let class = match e.classification {
                        Some(c) => c,
                        None => {
                            // A follow-up is never a thank-you note (the user's word):
                            // classified as the same send by a channel that is no note.
                            let asked = match e.kind {
                                EventKind::FollowUp if channel.is_note() => Channel::Call,
                                _ => channel,
                            };
                            let (c, _) = h.classify(&e.contacts, asked, at, numbers);
                            if c == Classification::Initiated
                                && e.kind == EventKind::ThankYou
                                && e.contacts.is_empty()
                                && channel.is_note()
                                && h.open_thank_you_window(at, numbers)
                            {
                                Classification::ThankYou
                            } else {
                                c
                            }
                        }
                    };
                    if channel == Channel::Voicemail && class == Classification::Initiated {
                        h.absorb_call_attempts(day);
                    }
                    h.sends.push(Send {
                        at,
                        day,
                        contacts: &e.contacts,
                        channel,
                        class,
                        call_attempt: false,
                    });
                }
            }
        }
        h
    }

    /// R-SAME-DAY's exception: the first voicemail left on the day of a call attempt is
    /// one contact with that day's attempts, which then no longer count on their own.
    fn absorb_call_attempts(&mut self, day: NaiveDate) {
        let attempted = self.call_attempts.iter().any(|(_, d)| *d == day);
        let earlier_voicemail = self
            .sends
            .iter()
            .any(|s| s.channel == Channel::Voicemail && !s.call_attempt && s.day == day);
        if attempted && !earlier_voicemail {
            self.sends.retain(|s| !(s.call_attempt && s.day == day));
        }
    }

    pub fn id(&self) -> &'a str {
        &self.opportunity.id
    }

    pub fn is_closed(&self) -> bool {
        self.closed_by_stage || self.closed_at.is_some()
    }

    /// Call attempts on the 7 local dates ending with `today` (the date of `t`), up to `t`.
    pub fn recent_call_attempts(
        &self,
        t: DateTime<Utc>,
        today: NaiveDate,
    ) -> Vec<(DateTime<Utc>, NaiveDate)> {
        let from = sub_days(today, WEEK_DAYS - 1);
        let mut recent = Vec::new();
        for &(a, d) in &self.call_attempts {
            if a <= t && d >= from {
                recent.push((a, d));
            }
        }
        recent
    }

    fn window_end(&self, interview: &Interview<'a>, numbers: &Numbers) -> DateTime<Utc> {
        interview
            .at
            .checked_add_signed(Duration::hours(i64::from(numbers.thank_you_hours)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Interviews whose thank-you window contains `t`, with the window's end.
    pub fn open_windows(
        &self,
        t: DateTime<Utc>,
        numbers: &Numbers,
    ) -> Vec<(&Interview<'a>, DateTime<Utc>)> {
        // Interviews are in time order: only those that started in the last window count.
        let earliest = t
            .checked_sub_signed(Duration::hours(i64::from(numbers.thank_you_hours)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let from = self.interviews.partition_point(|i| i.at <= earliest);
        let mut open = Vec::new();
        for i in &self.interviews[from..] {
            let end = self.window_end(i, numbers);
            if i.at <= t && t < end {
                open.push((i, end));
            }
        }
        open
    }

    fn open_thank_you_window(&self, t: DateTime<Utc>, numbers: &Numbers) -> bool {
        !self.open_windows(t, numbers).is_empty()
    }

    /// Whether a note to `contact` at `t` would be the first thank-you note to them
    /// inside the window of an interview they took part in.
    pub fn thank_you_due(
        &self,
        contact: &str,
        t: DateTime<Utc>,
        numbers: &Numbers,
    ) -> Option<DateTime<Utc>> {
        let mut latest = None;
        for (i, end) in self.open_windows(t, numbers) {
            if !(i.contacts.is_empty() || i.contacts.iter().any(|c| c == contact)) {
                continue;
            }
            let from = self.sends.partition_point(|s| s.at < i.at);
            let thanked = (self.sends[from..].iter())
                .any(|s| !s.call_attempt && s.contacts.iter().any(|c| c == contact));
            if !thanked {
                latest = latest.max(Some(end));
            }
        }
        latest
    }

    /// Their latest reply up to `t`.
    pub fn latest_reply(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // Replies are in time order.
        self.latest_reply_and_end(t).map(|(reply, _)| reply)
    }

    fn latest_reply_and_end(&self, t: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let n = self.replies.partition_point(|(r, _)| *r <= t);
        n.checked_sub(1).and_then(|i| self.replies.get(i).copied())
    }

    /// The end of the conversation their latest reply opened, when `t` is inside it.
    pub fn conversation_end(&self, t: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let (reply, end) = self.latest_reply_and_end(t)?;
        (t < end).then_some((reply, end))
    }

    /// The agreed check-in date's start (local midnight, `tz`) when it has come by `t` and
    /// no contact has been made since (a thank-you note or a call attempt is none).
    pub fn agreed_day_open<Tz: TimeZone>(
        &self,
        tz: &Tz,
        t: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let start = local_midnight(self.opportunity.agreed_checkin_date?, tz);
        let made = self.sends.iter().any(|s| {
            s.at >= start && s.at <= t && s.class != Classification::ThankYou && !s.call_attempt
        });
        (start <= t && !made).then_some(start)
    }

    /// What a send to `recipients` (contact ids) by `channel` at `t` is, and which
    /// recipients get a thank-you note with it.
    pub fn classify(
        &self,
        recipients: &[String],
        channel: Channel,
        t: DateTime<Utc>,
        numbers: &Numbers,
    ) -> (Classification, Vec<String>) {
        let mut thanked: Vec<String> = Vec::new();
        if channel.is_note() {
            for r in recipients {
                if !thanked.contains(r) && self.thank_you_due(r, t, numbers).is_some() {
                    thanked.push(r.clone());
                }
            }
        }
        let all = !recipients.is_empty() && recipients.iter().all(|r| thanked.contains(r));
        let class = if all {
            Classification::ThankYou
        } else if self.conversation_end(t).is_some() {
            Classification::Answer
        } else {
            Classification::Initiated
        };
        (class, thanked)
    }

    /// Initiated contacts (including counted call attempts) up to `t`.
    pub fn initiated(&self, t: DateTime<Utc>) -> impl Iterator<Item = &Send<'a>> {
        self.sends
            .iter()
            .filter(move |s| s.class == Classification::Initiated && s.at <= t)
    }

    /// The display names of the contacts `ids`, in order.
    pub fn contact_names(&self, ids: &[String]) -> Vec<String> {
        let mut names = Vec::with_capacity(ids.len());
        for id in ids {
            names.push(self.contact_name(id));
        }
        names
    }

    /// The display name of a contact id.
    pub fn contact_name(&self, id: &str) -> String {
        self.contacts
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

/// Whether a contact at `at` is still unanswered given their latest reply.
pub(crate) fn unanswered_after(latest_reply: Option<DateTime<Utc>>, at: DateTime<Utc>) -> bool {
    match latest_reply {
        None => true,
        Some(reply) => reply < at,
    }
}
