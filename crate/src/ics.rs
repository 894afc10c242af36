//! The next follow-up moments as an iCalendar file (RFC 5545): one event per open
//! opportunity, at the moment its next step is suggested (a local moment, 09:00 on a
//! business day, written in UTC computed from it, so no time zone database is needed).
//!
//! Written by hand (about sixty lines) rather than with the `icalendar` crate: that crate
//! stamps events with the system clock and, on WebAssembly, pulls in a random-number
//! source for UIDs; the engine never reads the clock and stays small. The tests parse the
//! output back with the `icalendar` crate's parser and with Python's `icalendar` package.

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};

use crate::sort::SortedMap;

use crate::policy::{suggested_at, NextStep, OpportunityStatus, StepId};
use crate::text::push_digits;

/// An event's words, written by the caller in the user's language (the extension from its
/// catalogue, the CLI in English): the engine supplies only the moments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventText {
    pub title: String,
    pub description: String,
}

/// The moment an opportunity's event is at, in `tz`: the suggested moment (09:00 on a
/// business day, or later; see `suggested_at`) from when its step may be taken (the end
/// of a wait, an agreed check-in date, now). A thank-you note or an answer due, which
/// have a deadline, are at once; an interview ahead at its time. `None`: nothing to put
/// in a calendar (closed, nothing logged, or waiting for their answer with no end).
pub fn moment<Tz: TimeZone>(s: &OpportunityStatus, tz: &Tz) -> Option<DateTime<Utc>> {
    match s.next_step {
        NextStep::Closed | NextStep::Nothing => None,
        // Waiting for their answer: from when a follow-up is fine if they do not write.
        _ if s.step.id == StepId::WaitingAnswer => {
            let fine = s.step.at.as_deref().and_then(crate::model::parse_instant);
            fine.map(|t| t.to_utc())
        }
        NextStep::ThankYou | NextStep::Answer => s.from_instant,
        _ if matches!(s.step.id, StepId::InterviewAhead | StepId::SendAhead) => s.from_instant,
        // From when its step may be taken: the wait's end, an agreed check-in, now.
        _ => s.from_instant.map(|t| suggested_at(t, tz)),
    }
}

/// The calendar of `statuses`, stamped `now`, each event worded by `texts` (by
/// opportunity id); an event without text is titled with the company (and the role).
pub fn calendar<Tz: TimeZone>(
    statuses: &[OpportunityStatus],
    now: DateTime<Utc>,
    texts: &SortedMap<String, EventText>,
    tz: &Tz,
) -> String {
    let mut out = String::new();
    let mut line = |text: &str| fold(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Too Soon?//Follow-up moments//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    for s in statuses {
        let Some(at) = moment(s, tz) else { continue };
        let (title, description) = match texts.get(&s.opportunity) {
            Some(t) => (t.title.clone(), t.description.clone()),
            None if s.role.is_empty() => (s.company.clone(), String::new()),
            None => (format!("{} ({})", s.company, s.role), String::new()),
        };
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@too-soon.invalid", text(&s.opportunity)));
        line(&format!("DTSTAMP:{}", stamp(now)));
        line(&format!("DTSTART:{}", stamp(at)));
        line("DURATION:PT15M");
        line(&format!("SUMMARY:{}", text(&title)));
        if !description.is_empty() {
            line(&format!("DESCRIPTION:{}", text(&description)));
        }
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// A date-time in UTC (RFC 5545 §3.3.5, form 2): what chrono's `%Y%m%dT%H%M%SZ` writes,
/// written out to keep chrono's format-string machinery out of the WebAssembly module.
fn stamp(t: DateTime<Utc>) -> String {
    let n = t.naive_utc();
    let year = n.year();
    let mut out = String::with_capacity(16);
    // `{:04}`, or `{:+05}` outside years 0 to 9999.
    if !(0..10_000).contains(&year) {
        out.push(if year < 0 { '-' } else { '+' });
    }
    push_digits(&mut out, u64::from(year.unsigned_abs()), 10, 4);
    push_digits(&mut out, u64::from(n.month()), 10, 2);
    push_digits(&mut out, u64::from(n.day()), 10, 2);
    out.push('T');
    push_digits(&mut out, u64::from(n.hour()), 10, 2);
    push_digits(&mut out, u64::from(n.minute()), 10, 2);
    push_digits(
        &mut out,
        u64::from(n.second() + n.nanosecond() / 1_000_000_000),
        10,
        2,
    );
    out.push('Z');
    out
}

/// A TEXT value (§3.3.11): backslash, semicolon, comma and newline escaped; control and
/// direction characters left out.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // Control characters, and those that reorder text: a name's U+202E would
            // reverse the rest of the line in a calendar.
            c if c.is_control() || crate::text::reorders(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so no line is longer than 75 octets (§3.1), never
/// inside a UTF-8 character, and ended with CRLF.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamp_matches_chronos_formatter() {
        let moments = [
            i64::MIN / 1000 / 1000,
            -62_198_755_200,
            -1,
            0,
            1_793_890_800,
            1_793_890_859,
            253_402_300_799,
            253_402_300_800,
            i64::MAX / 1000 / 1000,
        ];
        for secs in moments {
            let Some(t) = DateTime::from_timestamp(secs, 0) else {
                continue;
            };
            assert_eq!(stamp(t), t.format("%Y%m%dT%H%M%SZ").to_string(), "{secs}");
        }
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_500))
            .unwrap()
            .and_utc();
        assert_eq!(stamp(leap), leap.format("%Y%m%dT%H%M%SZ").to_string());
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    /// A name's direction override (U+202E) would reverse the rest of an event's title in
    /// a calendar: embeddings, overrides and isolates are left out, as control characters.
    #[test]
    fn direction_controls_are_left_out() {
        assert_eq!(
            text("Evil\u{202e}moc.x\u{202c} \u{2067}Acme\u{2069}"),
            "Evilmoc.x Acme"
        );
        assert_eq!(text("שלום Acme\u{2028}x\u{200f}"), "שלום Acmex");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(100));
        fold(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.trim_end().replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }
}
