//! The years the engine keeps: every moment and date that comes in (a message, a file, a
//! payload, the command line) lies in the years 1970 to 2199, in UTC and in the user's
//! time zone alike. Outside them a moment could be written in a form that cannot be read
//! back (`+10000-01-01T00:30:00+01:00`, `-0001-12-31T19:04:00-04:56`), which would lock
//! the user out of their history; nobody's job search happens there anyway.

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Utc};

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
}
