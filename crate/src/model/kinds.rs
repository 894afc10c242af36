//! The small closed vocabularies of the model, each with its JSON name.

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The JSON name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value with this JSON name.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The JSON names, for messages: `a|b|c`.
            pub fn names() -> String {
                crate::text::joined(Self::ALL.iter().map(|v| v.as_str()), "|")
            }
        }

        /// Written as its JSON name (what a derived `Serialize` writes for it, from the
        /// one list of names).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
/// Every closed vocabulary of the engine is declared with it: its `ALL` is complete by
/// construction (`extension/shared/contract.js` is generated from these lists).
pub(crate) use named_enum;

named_enum! {
    /// How strict the engine is (docs/policy.md, "Profiles": Gentle / Balanced / Persistent).
    Profile {
        /// The longest waits and the fewest contacts.
        Gentle = "gentle",
        /// The default.
        Balanced = "balanced",
        /// The shortest waits the articles allow.
        Persistent = "persistent",
    }
}

#[allow(clippy::derivable_impls)] // the enums come from a macro
impl Default for Profile {
    fn default() -> Self {
        Profile::Balanced
    }
}

named_enum! {
    /// The webmail providers the content script knows.
    Provider {
        Gmail = "gmail",
        Outlook = "outlook",
        Proton = "proton",
        Yahoo = "yahoo",
    }
}

named_enum! {
    /// Where an opportunity stands.
    Stage {
        Applied = "applied",
        Interviewing = "interviewing",
        Offer = "offer",
        Closed = "closed",
    }
}

#[allow(clippy::derivable_impls)] // the enums come from a macro
impl Default for Stage {
    fn default() -> Self {
        Stage::Applied
    }
}

named_enum! {
    /// A contact's role at the employer.
    ContactRole {
        HiringManager = "hiring_manager",
        Recruiter = "recruiter",
        Interviewer = "interviewer",
        Assistant = "assistant",
        Other = "other",
    }
}

#[allow(clippy::derivable_impls)] // the enums come from a macro
impl Default for ContactRole {
    fn default() -> Self {
        ContactRole::Other
    }
}

named_enum! {
    /// What happened (docs/policy.md, "Words").
    EventKind {
        /// The user sent an application.
        Application = "application",
        /// An interview took place, with `contacts`.
        Interview = "interview",
        /// The user sent a thank-you note to `contacts`.
        ThankYou = "thank_you",
        /// The user contacted them (`channel` says how).
        FollowUp = "follow_up",
        /// The user called; nobody answered and no message was left.
        CallAttempt = "call_attempt",
        /// They replied (any response from their side).
        Reply = "reply",
        /// The opportunity closed (rejected, withdrawn, filled, offer accepted).
        Closed = "closed",
    }
}

named_enum! {
    /// How an event came to be logged (schema 2): by the user in the popup or a file, by
    /// a compose window at Send, or seen in a thread on a webmail page.
    LoggedBy {
        Hand = "hand",
        Compose = "compose",
        Thread = "thread",
    }
}

named_enum! {
    /// How a contact is made. `call` is a conversation; `voicemail` a message left on
    /// their voicemail; `message` a message left with a receptionist or assistant.
    Channel {
        Email = "email",
        Call = "call",
        Voicemail = "voicemail",
        Message = "message",
        /// A message on LinkedIn (written, like an email).
        Linkedin = "linkedin",
        /// Met or spoke in person (a conversation, not a written note).
        InPerson = "in_person",
        Other = "other",
    }
}

#[allow(clippy::derivable_impls)] // the enums come from a macro
impl Default for Channel {
    fn default() -> Self {
        Channel::Email
    }
}

impl Channel {
    /// A phone call or a voicemail (what "no calls" forbids).
    pub fn is_phone(self) -> bool {
        matches!(self, Channel::Call | Channel::Voicemail)
    }

    /// A conversation (a call, meeting in person): they spoke, so it is never "still
    /// unanswered" in words.
    pub fn is_conversation(self) -> bool {
        matches!(self, Channel::Call | Channel::InPerson)
    }

    /// A written note (email, message left with someone, LinkedIn message, other): what a
    /// thank-you note is.
    pub fn is_note(self) -> bool {
        matches!(
            self,
            Channel::Email | Channel::Message | Channel::Linkedin | Channel::Other
        )
    }
}

named_enum! {
    /// What a send was (docs/policy.md, "What a send was").
    Classification {
        /// A thank-you note inside R-THANK-YOU's window, the first to that person.
        ThankYou = "thank_you",
        /// An answer inside a conversation opened by their reply (R-REPLY).
        Answer = "answer",
        /// A contact the user started: it counts for every wait rule.
        Initiated = "initiated",
    }
}

named_enum! {
    /// Why an opportunity closed.
    ClosedReason {
        Rejected = "rejected",
        Withdrawn = "withdrawn",
        Filled = "filled",
        OfferAccepted = "offer_accepted",
        Other = "other",
    }
}
