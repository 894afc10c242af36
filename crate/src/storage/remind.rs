//! Reminders against what is stored: which of the items due now were not shown yet, the
//! write that records them as shown (so a restarted background never shows one twice),
//! and the moment for the one alarm.

use crate::format::value;
use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::{Stored, Writes, REMINDERS_KEY};
use crate::policy::{self, Reminder};

/// What to show now and when to look again.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Remind {
    /// Due now and not shown yet: show each, then apply `writes`.
    pub due: Vec<Reminder>,
    /// When something next becomes due (RFC 3339, local offset), null when nothing will.
    pub next_at: Option<String>,
    /// `next_at` in milliseconds since the epoch (for the alarm).
    pub next_at_ms: Option<i64>,
    /// Records what is due now as shown, and so forgets what is no longer due (with any
    /// due migration first); null when the record stays as it is.
    pub writes: Option<Writes>,
}

/// The reminders to show at `now`. Nothing when notifications are off, the history
/// cannot be read, or storage is of a newer schema (it is never written).
pub fn remind<Tz: TimeZone>(stored: &Stored, now: DateTime<Utc>, tz: &Tz) -> Remind {
    let Ok(data) = &stored.data else {
        return Remind::default();
    };
    if stored.read_only() || !data.settings.notifications {
        return Remind::default();
    }
    let all = policy::reminders(data, now, tz);
    // The record is exactly what is due now: all of it is shown once this is applied.
    // It holds at most one key per opportunity, and an item stays in it for as long as
    // it is due, so nothing is shown twice; a key that is no longer due is forgotten (an
    // item due again later has a new due moment, so a new key).
    let (mut keys, mut due) = (Vec::new(), Vec::new());
    for r in all.due {
        keys.push(r.key.clone());
        if !stored.notified.contains(&r.key) {
            due.push(r);
        }
    }
    let writes = (keys != stored.notified).then(|| {
        let mut writes = Writes::default();
        writes
            .set
            .insert(REMINDERS_KEY.into(), value!({ "notified": keys }));
        stored.migration.clone().unwrap_or_default().then(writes)
    });
    Remind {
        due,
        next_at: all.next.map(|t| policy::local_rfc3339(t, tz)),
        next_at_ms: all.next.map(|t| t.timestamp_millis()),
        writes,
    }
}
