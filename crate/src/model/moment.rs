//! The years the engine keeps: every moment and date that comes in (a message, a file, a
//! payload, the command line) lies in the years 1970 to 2199, in UTC and in the user's
//! time zone alike. Outside them a moment could be written in a form that cannot be read
//! back (`+10000-01-01T00:30:00+01:00`, `-0001-12-31T19:04:00-04:56`), which would lock
//! the user out of their history; nobody's job search happens there anyway.

use std::ops::Range;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Utc};

/// The first year kept.
pub const FIRST_YEAR: i32 = 1970;
/// The last year kept.
pub const LAST_YEAR: i32 = 2199;

fn kept(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// Whether the moment `t` is kept: its year in UTC and in `tz` (the user's zone, or the
/// offset it was written with) must both be kept.
pub fn moment_kept<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> bool {
    let utc = t.naive_utc();
    let offset = i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc());
    let local = utc.checked_add_signed(chrono::Duration::seconds(offset));
    kept(utc.year()) && local.is_some_and(|l| kept(l.year()))
}

/// Whether the calendar date `date` is kept.
pub fn date_kept(date: NaiveDate) -> bool {
    kept(date.year())
}

/// The number the ASCII digits `b[range]` write (`None` when one is not a digit, or the
/// text is shorter).
fn digits(b: &[u8], range: Range<usize>) -> Option<u32> {
    b.get(range)?.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// The calendar date `YYYY-MM-DD` the text starts with.
fn date_at_start(b: &[u8]) -> Option<NaiveDate> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(b, 0..4)? as i32, digits(b, 5..7)?, digits(b, 8..10)?)
}

/// A calendar date, `YYYY-MM-DD` exactly. (Written out rather than with chrono's
/// format-string parser, which would add its whole machinery to the WebAssembly module.)
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    (s.len() == 10).then(|| date_at_start(s.as_bytes()))?
}

/// A date and time with its UTC offset in RFC 3339 (`2026-11-03T10:00:00-05:00`),
/// exactly as chrono's `DateTime::parse_from_rfc3339` reads it: `T`, `t` or a space
/// between date and time, `Z` or `z` for UTC, a leap second `:60` (in any minute, as
/// the 59th second's second billion nanoseconds), any number of fractional digits (the
/// tenth on ignored), an offset of at most ±23:59 whose minus may also be U+2212.
///
/// Written out rather than calling chrono: its parser slices the text, and a slice's
/// check of char boundaries brings its panic message's formatting (`char`'s `Debug` and
/// Unicode tables, about 5 KB with the parser) into the WebAssembly module.
pub fn parse_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    if b.len() < 19 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = date_at_start(b)?;
    let (hour, minute) = (digits(b, 11..13)?, digits(b, 14..16)?);
    let (second, mut nano) = match digits(b, 17..19)? {
        60 => (59, 1_000_000_000),
        second => (second, 0),
    };
    let mut rest = &b[19..];
    if let [b'.', fraction @ ..] = rest {
        let all = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        let used = all.min(9);
        if all == 0 {
            return None;
        }
        nano += digits(fraction, 0..used)? * 10u32.pow(9 - used as u32);
        rest = &fraction[all..];
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    let (negative, offset) = match rest {
        [b'Z' | b'z'] => (false, &b"00:00"[..]),
        [b'+', offset @ ..] => (false, offset),
        [b'-', offset @ ..] | [0xe2, 0x88, 0x92, offset @ ..] => (true, offset),
        _ => return None,
    };
    let [_, _, b':', b'0'..=b'5', _] = offset else {
        return None;
    };
    let seconds = i32::try_from((digits(offset, 0..2)? * 60 + digits(offset, 3..5)?) * 60).ok()?;
    let zone = FixedOffset::east_opt(if negative { -seconds } else { seconds })?;
    date.and_time(time).and_local_timezone(zone).single()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn the_years_are_checked_in_utc_and_in_the_zone() {
        let berlin = FixedOffset::east_opt(3600).unwrap();
        let west = FixedOffset::west_opt(5 * 3600).unwrap();
        assert!(moment_kept(at("2199-12-31T22:59:59Z"), &berlin));
        assert!(moment_kept(at("1970-01-01T05:00:00Z"), &west));
        // 2200-01-01 00:30 in Berlin.
        assert!(!moment_kept(at("2199-12-31T23:30:00Z"), &berlin));
        assert!(!moment_kept(at("1970-01-01T04:59:59Z"), &west));
        assert!(!moment_kept(at("0000-01-01T00:00:00Z"), &Utc));
        assert!(!moment_kept(at("9999-12-31T23:59:59Z"), &berlin));
        assert!(date_kept(NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()));
        assert!(!date_kept(NaiveDate::from_ymd_opt(2200, 1, 1).unwrap()));
    }

    #[test]
    fn parse_date_reads_exactly_yyyy_mm_dd() {
        let mut date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
        while date < NaiveDate::from_ymd_opt(2040, 1, 1).unwrap() {
            assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()), Some(date));
            date = date.succ_opt().unwrap();
        }
        for bad in [
            "",
            "2026-11-1",
            "2026-1-05",
            "2026/11/05",
            "2026-02-30",
            "2026-13-01",
            "２０２６-11-05",
            "2026-11-05T00:00",
            "+026-11-05",
            "2026-1a-05",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    /// Every text one edit away from a set of RFC 3339 moments (each byte replaced by
    /// each of the characters that matter, deleted, or followed by one), and the moments
    /// themselves: `parse_instant` reads each exactly as chrono does (instant and offset).
    #[test]
    fn parse_instant_reads_what_chrono_reads() {
        let bases = [
            "2026-11-03T10:00:00-05:00",
            "2026-11-03t10:00:00z",
            "2026-11-03 10:00:00.123456789123+05:30",
            "2024-02-29T23:59:60.5Z",
            "1999-12-31T12:34:56.7\u{2212}23:59",
            "0000-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59.999999999-23:59",
        ];
        let alphabet = [
            "0", "1", "2", "3", "5", "6", "9", "-", "+", ":", ".", "T", "t", "Z", "z", " ", "x",
            "\u{2212}", "é",
        ];
        let mut texts: Vec<String> = Vec::new();
        for base in bases {
            texts.push(base.to_string());
            for (i, c) in base.char_indices() {
                let (head, tail) = (&base[..i], &base[i + c.len_utf8()..]);
                texts.push(format!("{head}{tail}"));
                for a in alphabet {
                    texts.push(format!("{head}{a}{tail}"));
                    texts.push(format!("{head}{c}{a}{tail}"));
                }
            }
        }
        let mut read = 0;
        for text in &texts {
            let ours = parse_instant(text);
            let chrono = DateTime::parse_from_rfc3339(text).ok();
            assert_eq!(ours, chrono, "{text}");
            assert_eq!(
                ours.map(|t| *t.offset()),
                chrono.map(|t| *t.offset()),
                "{text}"
            );
            read += usize::from(ours.is_some());
        }
        // Not a vacuous comparison: many of the texts are moments.
        assert!(read > texts.len() / 10, "{read} of {}", texts.len());
    }
}
