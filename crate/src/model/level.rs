use serde::{Deserialize, Serialize};

/// How a proposed contact is judged. Ordered from mildest to strictest:
/// `encouraged < ok < move_on < too_soon < stop`, so `max` picks the strictest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A good moment (a thank-you note is due, an agreed check-in date has come).
    Encouraged,
    /// Fine.
    Ok,
    /// Allowed, but the signs say let go.
    MoveOn,
    /// Wait: a wait rule is not over yet.
    TooSoon,
    /// Over a hard limit.
    Stop,
}

impl Level {
    /// True exactly for `too_soon` and `stop`.
    pub fn warns(self) -> bool {
        matches!(self, Level::TooSoon | Level::Stop)
    }

    /// The JSON name (`too_soon`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Encouraged => "encouraged",
            Level::Ok => "ok",
            Level::MoveOn => "move_on",
            Level::TooSoon => "too_soon",
            Level::Stop => "stop",
        }
    }
}
