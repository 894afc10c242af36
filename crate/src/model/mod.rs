//! The data the engine judges: opportunities, their contacts, dated events, and the
//! user's settings. This is also the file format (see [`crate::format`]).

mod address;
mod data;
mod kinds;
mod level;
mod moment;

pub use address::{is_email, is_whole_email, lowercase, normalize_address};
pub use data::{
    id_fits_key, is_send, Contact, Data, Event, Logged, Opportunity, Settings, FORMAT_NAME,
    FORMAT_VERSION, SEND_PREFIX,
};
pub(crate) use kinds::named_enum;
pub use kinds::{
    Channel, Classification, ClosedReason, ContactRole, EventKind, LoggedBy, Profile, Provider,
    Stage,
};
pub use level::Level;
pub use moment::{date_kept, moment_kept, parse_date, parse_instant, FIRST_YEAR, LAST_YEAR};
