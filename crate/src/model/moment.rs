//! The years the engine keeps: every moment and date that comes in (a message, a file, a
//! payload, the command line) lies in the years 1970 to 2199, in UTC and in the user's
//! time zone alike. Outside them a moment could be written in a form that cannot be read
//! back (`+10000-01-01T00:30:00+01:00`, `-0001-12-31T19:04:00-04:56`), which would lock
//! the user out of their history; nobody's job search happens there anyway.

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Timelike, Utc};

/// The first year kept.
pub const FIRST_YEAR: i32 = 1970;
/// The last year kept.
pub const LAST_YEAR: i32 = 2199;

fn kept(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// Why the moment `t` cannot be kept, or `None` when it can: its year in UTC and in
/// `tz` (the user's zone, or the offset it was written with) must both be kept.
pub fn moment_problem<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> Option<String> {
    let utc = t.naive_utc();
    let offset = i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc());
    let local = utc.checked_add_signed(chrono::Duration::seconds(offset));
    if kept(utc.year()) && local.is_some_and(|l| kept(l.year())) {
        return None;
    }
    // Written out, not with chrono's formatter (which would add its machinery to the
    // WebAssembly module).
    let shown = format!(
        "{}T{:02}:{:02}:{:02}Z",
        ymd(utc.date()),
        utc.hour(),
        utc.minute(),
        utc.second()
    );
    let local = match local {
        Some(l) if kept(utc.year()) => format!(
            " ({} {:02}:{:02} local time)",
            ymd(l.date()),
            l.hour(),
            l.minute()
        ),
        _ => String::new(),
    };
    Some(format!(
        "{shown}{local} is outside the years {FIRST_YEAR} to {LAST_YEAR} that Too Soon? keeps"
    ))
}

/// Why the calendar date `date` cannot be kept, or `None` when it can.
pub fn date_problem(date: NaiveDate) -> Option<String> {
    (!kept(date.year())).then(|| {
        format!(
            "{} is outside the years {FIRST_YEAR} to {LAST_YEAR} that Too Soon? keeps",
            ymd(date)
        )
    })
}

fn ymd(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
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
        assert_eq!(moment_problem(at("2199-12-31T22:59:59Z"), &berlin), None);
        assert_eq!(moment_problem(at("1970-01-01T05:00:00Z"), &west), None);
        let late = moment_problem(at("2199-12-31T23:30:00Z"), &berlin).unwrap();
        assert!(late.contains("2200-01-01 00:30"), "{late}");
        assert!(moment_problem(at("1970-01-01T04:59:59Z"), &west).is_some());
        assert!(moment_problem(at("0000-01-01T00:00:00Z"), &Utc)
            .unwrap()
            .contains("1970 to 2199"));
        assert!(moment_problem(at("9999-12-31T23:59:59Z"), &berlin).is_some());
        assert_eq!(
            date_problem(NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()),
            None
        );
        assert!(date_problem(NaiveDate::from_ymd_opt(2200, 1, 1).unwrap()).is_some());
    }
}
