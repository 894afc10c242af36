//! Local calendar arithmetic, generic over the time zone, right across DST changes.

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike,
    Utc, Weekday,
};

use crate::text::push_digits;

/// The local date and time of an instant (never panics, even at the ends of chrono's
/// range, where it falls back to UTC).
pub(crate) fn local_naive<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> NaiveDateTime {
    let utc = t.naive_utc();
    let offset = tz.offset_from_utc_datetime(&utc).fix();
    utc.checked_add_signed(chrono::Duration::seconds(i64::from(
        offset.local_minus_utc(),
    )))
    .unwrap_or(utc)
}

/// The local calendar date of an instant.
pub(crate) fn local_date<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> NaiveDate {
    local_naive(t, tz).date()
}

/// The last local date inside a window that ends at `end` (a window ending at midnight
/// of Sun 13 Dec includes Sat 12 Dec, not Sunday): "answer by Sat 12 Dec".
pub(crate) fn last_date<Tz: TimeZone>(end: DateTime<Utc>, tz: &Tz) -> NaiveDate {
    local_date(end - chrono::Duration::seconds(1), tz)
}

/// The instants the engine works with: RFC 3339 years 1 to 9999. Moments outside are
/// moved to the nearest end (a clock far off cannot make the engine fail).
pub(crate) fn clamp(t: DateTime<Utc>) -> DateTime<Utc> {
    let first =
        NaiveDate::from_ymd_opt(1, 1, 1).map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc());
    let last = NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|d| d.and_utc());
    match (first, last) {
        (Some(first), _) if t < first => first,
        (_, Some(last)) if t > last => last,
        _ => t,
    }
}

/// `date + days`, saturating at the end of chrono's range.
pub(crate) fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// `date - days`, saturating at the start of chrono's range.
pub(crate) fn sub_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN)
}

/// The instant the local day `date` starts in `tz`. Where midnight happens twice it is
/// the earlier; where it does not exist (a DST gap at midnight) it is the first local
/// time that does.
pub fn local_midnight<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let start = date.and_time(chrono::NaiveTime::MIN);
    // A gap lasts at most a few hours; step through it a minute at a time.
    for minutes in 0..(26 * 60) {
        let Some(local) = start.checked_add_signed(chrono::Duration::minutes(minutes)) else {
            break;
        };
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, b) => {
                let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
                return a.min(b);
            }
            LocalResult::None => {}
        }
    }
    start.and_utc()
}

/// Local midnight of (the local date of `t`) + `days`: "`days` days after `t`".
pub(crate) fn days_after<Tz: TimeZone>(t: DateTime<Utc>, days: u32, tz: &Tz) -> DateTime<Utc> {
    local_midnight(add_days(local_date(t, tz), days), tz)
}

/// Whether `date` is a business day: Monday to Friday (no holiday data).
pub(crate) fn is_business_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The next business day (Monday to Friday) after `date`.
pub fn next_business_day(date: NaiveDate) -> NaiveDate {
    let mut d = add_days(date, 1);
    while !is_business_day(d) && d < NaiveDate::MAX {
        d = add_days(d, 1);
    }
    d
}

/// The last business day (Monday to Friday) before `date`.
pub(crate) fn previous_business_day(date: NaiveDate) -> NaiveDate {
    let mut d = sub_days(date, 1);
    while !is_business_day(d) && d > NaiveDate::MIN {
        d = sub_days(d, 1);
    }
    d
}

/// An instant as RFC 3339 with the local UTC offset: `2026-11-09T00:00:00-05:00`.
/// (Written out rather than with chrono's formatter, to keep the WebAssembly module small;
/// instants are clamped to years 1 to 9999, so four digits always suffice.)
pub(crate) fn local_rfc3339<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> String {
    let local = t.with_timezone(tz).fixed_offset();
    let offset = local.offset().local_minus_utc();
    let n = local.naive_local();
    let mut out = String::with_capacity(25);
    push_year(&mut out, n.year());
    out.push('-');
    push_digits(&mut out, u64::from(n.month()), 10, 2);
    out.push('-');
    push_digits(&mut out, u64::from(n.day()), 10, 2);
    out.push('T');
    push_digits(&mut out, u64::from(n.hour()), 10, 2);
    out.push(':');
    push_digits(&mut out, u64::from(n.minute()), 10, 2);
    out.push(':');
    push_digits(&mut out, u64::from(n.second()), 10, 2);
    out.push(if offset < 0 { '-' } else { '+' });
    let offset = offset.unsigned_abs();
    push_digits(&mut out, u64::from(offset / 3600), 10, 2);
    out.push(':');
    push_digits(&mut out, u64::from(offset % 3600 / 60), 10, 2);
    out
}

/// Appends a year as `{:04}` writes it (a sign only when negative).
fn push_year(out: &mut String, year: i32) {
    if year < 0 {
        out.push('-');
        push_digits(out, u64::from(year.unsigned_abs()), 10, 3);
    } else {
        push_digits(out, u64::from(year.unsigned_abs()), 10, 4);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_rfc3339_matches_chronos_formatter() {
        use chrono::SecondsFormat;
        let zones = [
            chrono_tz::America::New_York,
            chrono_tz::Asia::Kolkata,
            chrono_tz::UTC,
        ];
        let start = DateTime::parse_from_rfc3339("0001-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        // Every 9,973 minutes (a prime step) from year 1 to year 9999, in three zones.
        let mut t = start;
        while t.year() < 9999 {
            for tz in &zones {
                let chrono = t
                    .with_timezone(tz)
                    .fixed_offset()
                    .to_rfc3339_opts(SecondsFormat::Secs, false);
                assert_eq!(local_rfc3339(t, tz), chrono);
            }
            t += chrono::Duration::minutes(9_973 * 97);
        }
    }

    #[test]
    fn digits_are_written_as_the_formatter_pads_them() {
        for n in [0, 7, 10, 59, 999, 2026, 12_345, u32::MAX] {
            for width in 0..6 {
                let mut out = String::new();
                push_digits(&mut out, u64::from(n), 10, width);
                assert_eq!(out, format!("{n:0width$}"));
            }
        }
        for year in [
            i32::MIN,
            -12_345,
            -5,
            0,
            1,
            999,
            2026,
            9999,
            12_345,
            i32::MAX,
        ] {
            let mut out = String::new();
            push_year(&mut out, year);
            assert_eq!(out, format!("{year:04}"));
        }
    }

    use chrono_tz::{America, Asia, Australia, Europe, Tz};

    /// Local midnight of `d` belongs to `d`, and the second before it does not: the
    /// defining property, across every day of 2026 in zones with DST changes at or near
    /// midnight (Santiago and Havana change at midnight; Lord Howe by 30 minutes).
    #[test]
    fn local_midnight_starts_the_local_day() {
        let zones: [Tz; 8] = [
            America::New_York,
            America::Santiago,
            America::Havana,
            Asia::Beirut,
            Asia::Kolkata,
            Australia::Adelaide,
            Australia::Lord_Howe,
            Europe::Berlin,
        ];
        for tz in zones {
            let mut d = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
            while d.year() == 2026 {
                let m = local_midnight(d, &tz);
                assert_eq!(local_date(m, &tz), d, "{tz} {d}");
                let before = m - chrono::Duration::seconds(1);
                assert!(local_date(before, &tz) < d, "{tz} {d}");
                d = add_days(d, 1);
            }
        }
    }

    #[test]
    fn days_after_is_calendar_days_across_dst() {
        let tz = America::New_York;
        let applied = DateTime::parse_from_rfc3339("2026-03-07T09:00:00-05:00")
            .expect("date")
            .with_timezone(&Utc);
        assert_eq!(
            local_rfc3339(days_after(applied, 7, &tz), &tz),
            "2026-03-14T00:00:00-04:00"
        );
    }

    #[test]
    fn next_business_day_skips_weekends() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(next_business_day(d("2026-11-12")), d("2026-11-13"));
        assert_eq!(next_business_day(d("2026-11-13")), d("2026-11-16"));
        assert_eq!(next_business_day(d("2026-11-14")), d("2026-11-16"));
        assert_eq!(next_business_day(d("2026-11-15")), d("2026-11-16"));
        assert_eq!(next_business_day(NaiveDate::MAX), NaiveDate::MAX);
        // Before a Monday, a Sunday and a Saturday: the Friday; before a Friday, Thursday.
        for day in ["2026-11-16", "2026-11-15", "2026-11-14"] {
            assert_eq!(previous_business_day(d(day)), d("2026-11-13"));
        }
        assert_eq!(previous_business_day(d("2026-11-13")), d("2026-11-12"));
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        for t in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            let _ = local_date(t, &Australia::Lord_Howe);
            let _ = local_rfc3339(clamp(t), &Australia::Lord_Howe);
            let _ = days_after(t, 14, &America::Santiago);
        }
        let _ = local_midnight(NaiveDate::MAX, &Australia::Lord_Howe);
        let _ = local_midnight(NaiveDate::MIN, &America::Santiago);
    }
}
