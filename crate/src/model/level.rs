use super::kinds::named_enum;

named_enum! {
    /// How a proposed contact is judged. Ordered from mildest to strictest:
    /// `encouraged < ok < move_on < too_soon < stop`, so `max` picks the strictest (and
    /// `ALL` lists them in that order).
    Level {
        /// A good moment (a thank-you note is due, an agreed check-in date has come).
        Encouraged = "encouraged",
        /// Fine.
        Ok = "ok",
        /// Allowed, but the signs say let go.
        MoveOn = "move_on",
        /// Wait: a wait rule is not over yet.
        TooSoon = "too_soon",
        /// Over a hard limit.
        Stop = "stop",
    }
}

impl Level {
    /// True exactly for `too_soon` and `stop`.
    pub fn warns(self) -> bool {
        matches!(self, Level::TooSoon | Level::Stop)
    }
}

#[cfg(test)]
mod tests {
    use super::Level;

    #[test]
    fn all_lists_the_levels_mildest_first() {
        assert!(Level::ALL.windows(2).all(|w| w[0] < w[1]));
        let names: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(names, ["encouraged", "ok", "move_on", "too_soon", "stop"]);
        for level in Level::ALL {
            assert_eq!(serde_json::to_value(level).unwrap(), level.as_str());
        }
    }
}
