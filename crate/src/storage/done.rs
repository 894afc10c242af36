//! What a planned change did, or why it was refused: the storage's own answer, in the
//! domain's words. `protocol` sends a [`Done`] as it is (its `type` names the answer) and
//! turns a [`Refused`] into an error answer with its code.

use serde::Serialize;

use super::{ImportMode, Logged, Removed};
use crate::model::Classification;

/// What a change did.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Done {
    /// A backup was restored: what was added, skipped (identical), replaced, removed.
    Imported {
        mode: ImportMode,
        added: usize,
        skipped: usize,
        replaced: usize,
        removed: usize,
        /// A merge took the file's settings, as the stored ones held nothing the user chose
        /// (absent otherwise).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        settings: bool,
        /// A merge kept the stored settings where the file chose others (absent otherwise).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        settings_kept: bool,
        /// The stored opportunities a merge added a look-alike of: the same company, with
        /// an address of the same person (tracked again before the backup was restored:
        /// both kept, and said); absent when none.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        look_alike: Vec<String>,
        /// How many of the file's own addresses a merge added to the stored ones (absent
        /// when none).
        #[serde(skip_serializing_if = "is_zero")]
        own_addresses_added: usize,
    },
    /// A write was made (or, `duplicate`, had been made already: a retried event).
    /// `classification` is what a logged send was recorded as.
    Saved {
        kind: &'static str,
        id: String,
        duplicate: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        classification: Option<Classification>,
    },
    /// A send or a reply from a webmail page, as the events it was logged as (none
    /// when no address was tracked).
    Logged { events: Vec<Logged> },
    /// A name a webmail shows an address under: the contacts that gained it as an alias
    /// (none when the address is not tracked, or goes by that name already).
    Learned { contacts: Vec<String> },
    /// A send was undone: how many events it had been logged as.
    Forgotten { removed: usize },
    /// An event was edited (its id kept): `previous` is it as it was (an `edit_event`
    /// with it undoes the edit); `classification` is what a send is recorded as now.
    Edited {
        id: String,
        previous: Box<crate::model::Event>,
        #[serde(skip_serializing_if = "Option::is_none")]
        classification: Option<Classification>,
    },
    /// What a delete removed (or rewrote), as it was: `put_back` restores it.
    Deleted { removed: Removed },
    /// What a delete removed is stored again.
    PutBack { restored: usize },
    /// Everything was deleted: how much there was.
    Cleared {
        opportunities: usize,
        contacts: usize,
        events: usize,
    },
    /// A batch of changes was made: what each did, in order.
    Batch { done: Vec<Done> },
}

/// Why a change was refused; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The payload is not valid or does not fit what is stored.
    Invalid,
    /// The storage is of a newer schema, which this build never changes.
    ReadOnly,
    /// The stored history cannot be read, and this change needs it.
    DataUnreadable,
    /// A merged backup holds ids stored with other content.
    Conflict,
}

/// A refusal and why, as data: every problem with its path and code (the first, with an
/// empty path, says what was refused when that is not one field's problem). Its English
/// is `Problems`' display, one problem a line.
pub type Refusal = (Refused, crate::format::Problems);

fn is_zero(n: &usize) -> bool {
    *n == 0
}
