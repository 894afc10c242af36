//! The suggested moment: when the warning ends (`next_ok_at`, docs/policy.md) is not
//! always a good time to write (midnight, a Sunday). The suggestion is 09:00 local time on
//! the first business day (Monday to Friday) on or after it, or the moment itself when it
//! already falls later than 09:00 on a business day. No holiday data: a Monday holiday is
//! still a business day.

use chrono::{DateTime, NaiveTime, TimeZone, Utc};

use super::calendar::{add_days, is_business_day, local_midnight, local_naive};

/// The hour of a business day from which a suggested moment starts.
pub const START_HOUR: u32 = 9;

/// The suggested moment for a follow-up that is fine from `next_ok` on, in `tz`.
pub fn suggested_at<Tz: TimeZone>(next_ok: DateTime<Utc>, tz: &Tz) -> DateTime<Utc> {
    let local = local_naive(next_ok, tz);
    let start = NaiveTime::from_hms_opt(START_HOUR, 0, 0).unwrap_or(NaiveTime::MIN);
    if is_business_day(local.date()) && local.time() >= start {
        return next_ok;
    }
    let mut day = local.date();
    while !is_business_day(day) && day < chrono::NaiveDate::MAX {
        day = add_days(day, 1);
    }
    at_local(day, start, tz).max(next_ok)
}

/// The instant of local time `time` on `day` in `tz`: the earlier one where it happens
/// twice, the first local time after a gap where it does not exist.
fn at_local<Tz: TimeZone>(day: chrono::NaiveDate, time: NaiveTime, tz: &Tz) -> DateTime<Utc> {
    let midnight = local_midnight(day, tz);
    let wanted = day.and_time(time);
    // From local midnight, step by the local clock: offsets change by at most a few hours.
    let guess = midnight + (wanted - local_naive(midnight, tz));
    let seen = local_naive(guess, tz);
    if seen == wanted {
        // The earlier of two instants with this local time (a fall-back hour).
        let earlier = guess - chrono::Duration::hours(1);
        if local_naive(earlier, tz) == wanted {
            return earlier;
        }
        return guess;
    }
    // A gap: move by the difference once more (lands after the gap).
    guess + (wanted - seen).max(chrono::Duration::zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::calendar::local_rfc3339;
    use chrono::Datelike;
    use chrono_tz::{America, Australia, Europe, Tz};

    fn suggested(at: &str, tz: Tz) -> String {
        let t = DateTime::parse_from_rfc3339(at).expect("moment").to_utc();
        local_rfc3339(suggested_at(t, &tz), &tz)
    }

    #[test]
    fn friday_evening_and_the_weekend_move_to_monday_morning() {
        let ny = America::New_York;
        // Midnight starting Saturday, Sunday: Monday 09:00.
        assert_eq!(
            suggested("2026-11-14T00:00:00-05:00", ny),
            "2026-11-16T09:00:00-05:00"
        );
        assert_eq!(
            suggested("2026-11-15T00:00:00-05:00", ny),
            "2026-11-16T09:00:00-05:00"
        );
        // Friday 14:00 stays; Friday 00:00 becomes Friday 09:00.
        assert_eq!(
            suggested("2026-11-13T14:00:00-05:00", ny),
            "2026-11-13T14:00:00-05:00"
        );
        assert_eq!(
            suggested("2026-11-13T00:00:00-05:00", ny),
            "2026-11-13T09:00:00-05:00"
        );
        // Saturday 15:00: Monday 09:00.
        assert_eq!(
            suggested("2026-11-14T15:00:00-05:00", ny),
            "2026-11-16T09:00:00-05:00"
        );
        // A business day at exactly 09:00, or later: itself.
        assert_eq!(
            suggested("2026-11-10T09:00:00-05:00", ny),
            "2026-11-10T09:00:00-05:00"
        );
        assert_eq!(
            suggested("2026-11-10T23:30:00-05:00", ny),
            "2026-11-10T23:30:00-05:00"
        );
    }

    #[test]
    fn dst_weekends_keep_nine_local_time() {
        // New York springs forward Sun 8 Mar 2026, falls back Sun 1 Nov 2026.
        let ny = America::New_York;
        assert_eq!(
            suggested("2026-03-07T00:00:00-05:00", ny),
            "2026-03-09T09:00:00-04:00"
        );
        assert_eq!(
            suggested("2026-03-08T03:00:00-04:00", ny),
            "2026-03-09T09:00:00-04:00"
        );
        assert_eq!(
            suggested("2026-10-31T00:00:00-04:00", ny),
            "2026-11-02T09:00:00-05:00"
        );
        // Berlin: Sun 29 Mar and Sun 25 Oct 2026.
        let berlin = Europe::Berlin;
        assert_eq!(
            suggested("2026-03-28T00:00:00+01:00", berlin),
            "2026-03-30T09:00:00+02:00"
        );
        assert_eq!(
            suggested("2026-10-25T00:00:00+02:00", berlin),
            "2026-10-26T09:00:00+01:00"
        );
        // Adelaide (southern spring, half-hour offset): Sun 4 Oct 2026.
        let adelaide = Australia::Adelaide;
        assert_eq!(
            suggested("2026-10-03T00:00:00+09:30", adelaide),
            "2026-10-05T09:00:00+10:30"
        );
    }

    #[test]
    fn never_before_next_ok_and_always_nine_on_a_business_day_or_itself() {
        let zones: [Tz; 4] = [
            America::New_York,
            Europe::Berlin,
            Australia::Lord_Howe,
            America::Santiago,
        ];
        for tz in zones {
            let mut t = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
                .unwrap()
                .to_utc();
            while t.year() == 2026 {
                let s = suggested_at(t, &tz);
                assert!(s >= t, "{tz} {t}");
                let local = local_naive(s, &tz);
                assert!(is_business_day(local.date()), "{tz} {t}: {local}");
                if s != t {
                    assert_eq!(
                        local.time(),
                        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                        "{tz} {t}"
                    );
                    assert!((s - t).num_days() <= 3, "{tz} {t}");
                }
                t += chrono::Duration::minutes(97 * 13);
            }
        }
    }
}
