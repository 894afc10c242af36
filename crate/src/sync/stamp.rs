//! Version stamps from a hybrid logical clock: the wall clock in milliseconds, a counter
//! for several stamps in one millisecond (or a clock behind one already seen), and the
//! device that made it. Stamps are totally ordered (time, counter, device), so "the
//! latest version wins" picks the same version on every device.

use std::cmp::Ordering;
use std::fmt;

use crate::text::push_digits;

/// A device id: 1 to 16 lowercase letters and digits (made at random by the extension).
pub fn is_device(device: &str) -> bool {
    !device.is_empty()
        && device.len() <= 16
        && device
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// One version's stamp.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// Milliseconds since 1970 (the hybrid clock's physical part).
    pub ms: u64,
    /// Orders stamps made in the same millisecond.
    pub n: u32,
    /// The device that made it.
    pub device: String,
}

impl Ord for Stamp {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.ms, self.n, self.device.as_str()).cmp(&(other.ms, other.n, other.device.as_str()))
    }
}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Stamps lie before this moment (year 2200), like every moment the engine keeps.
const LAST_MS: u64 = 7_258_118_400_000;

impl Stamp {
    /// `ms.n.device`, the numbers in base 36 (`mk3l2x1a.0.k3j9x2pq`).
    pub fn parse(text: &str) -> Option<Stamp> {
        let mut parts = text.split('.');
        let ms = base36(parts.next()?)?;
        let n = u32::try_from(base36(parts.next()?)?).ok()?;
        let device = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        Stamp::checked(ms, n, device)
    }

    /// A stamp when its parts can be one: a device id, a time before 2200.
    pub fn checked(ms: u64, n: u32, device: &str) -> Option<Stamp> {
        (is_device(device) && ms < LAST_MS).then(|| Stamp {
            ms,
            n,
            device: device.to_string(),
        })
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}",
            to_base36(self.ms),
            to_base36(u64::from(self.n)),
            self.device
        )
    }
}

/// A number in base 36 (lowercase, at most 13 digits, no sign).
pub(crate) fn base36(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 13 {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'z' => b - b'a' + 10,
            _ => return None,
        };
        n.checked_mul(36)?.checked_add(u64::from(digit))
    })
}

/// `n` in base 36.
pub(crate) fn to_base36(n: u64) -> String {
    let mut out = String::new();
    push_digits(&mut out, n, 36, 1);
    out
}

/// A hybrid logical clock of one device: every stamp it gives is later than every stamp
/// it gave or saw, however far behind the device's wall clock is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    device: String,
    last: Option<Stamp>,
}

impl Clock {
    pub fn new(device: &str) -> Clock {
        Clock {
            device: device.to_string(),
            last: None,
        }
    }

    /// The device this clock stamps for.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// A stamp seen (from this device or another): the next one given is later.
    pub fn observe(&mut self, stamp: &Stamp) {
        if self.last.as_ref().map_or(true, |last| stamp > last) {
            self.last = Some(stamp.clone());
        }
    }

    /// A new stamp at wall-clock time `now_ms`.
    pub fn tick(&mut self, now_ms: u64) -> Stamp {
        let stamp = match &self.last {
            Some(last) if last.ms >= now_ms => Stamp {
                ms: last.ms,
                n: last.n.saturating_add(1),
                device: self.device.clone(),
            },
            _ => Stamp {
                ms: now_ms.min(LAST_MS - 1),
                n: 0,
                device: self.device.clone(),
            },
        };
        self.last = Some(stamp.clone());
        stamp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_read_back_and_order_by_time_counter_device() {
        let s = Stamp {
            ms: 1_767_600_000_123,
            n: 37,
            device: "k3j9x2pq".into(),
        };
        assert_eq!(Stamp::parse(&s.to_string()), Some(s.clone()));
        for bad in [
            "",
            "1.2",
            "1.2.",
            "1.2.D",
            "1.2.a.b",
            "-1.0.a",
            "zzzzzzzzzzzzzz.0.a",
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
        let later = Stamp { n: 38, ..s.clone() };
        assert!(later > s);
        let other = Stamp {
            device: "z".into(),
            ..s.clone()
        };
        assert!(other > s && other < later);
    }

    #[test]
    fn the_clock_never_goes_back() {
        let mut a = Clock::new("a");
        let first = a.tick(1000);
        let second = a.tick(900); // the wall clock went back
        assert!(second > first);
        a.observe(&Stamp {
            ms: 5000,
            n: 3,
            device: "b".into(),
        });
        let third = a.tick(1000);
        assert_eq!((third.ms, third.n), (5000, 4));
        assert_eq!(a.tick(6000).ms, 6000);
    }
}
