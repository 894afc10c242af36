//! English renderings of dates, durations and names.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Timelike, Utc};

use super::calendar::local_date;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Tue 3 Nov`, with the year when it is not `year`. (Written out rather than with
/// chrono's `format`, whose format-string machinery would double the WebAssembly module's
/// date code.)
pub(crate) fn day(date: NaiveDate, year: i32) -> String {
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[date.month0() as usize];
    if date.year() == year {
        format!("{weekday} {} {month}", date.day())
    } else {
        format!("{weekday} {} {month} {}", date.day(), date.year())
    }
}

/// An instant's local date, plus the time of day when it is not midnight.
pub(crate) fn moment<Tz: TimeZone>(t: DateTime<Utc>, year: i32, tz: &Tz) -> String {
    let local = super::calendar::local_naive(t, tz);
    let d = day(local.date(), year);
    if local.hour() == 0 && local.minute() == 0 {
        d
    } else {
        format!("{d} {:02}:{:02}", local.hour(), local.minute())
    }
}

/// The local date of an instant as [`day`].
pub(crate) fn day_of<Tz: TimeZone>(t: DateTime<Utc>, year: i32, tz: &Tz) -> String {
    day(local_date(t, tz), year)
}

/// `1 contact`, `2 contacts`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `A`, `A and B`, `A, B and C`.
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_matches_chronos_formatter() {
        let mut date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        while date.year() < 2030 {
            assert_eq!(
                day(date, 2026),
                date.format(if date.year() == 2026 {
                    "%a %-d %b"
                } else {
                    "%a %-d %b %Y"
                })
                .to_string()
            );
            date = date.succ_opt().unwrap();
        }
    }
}
