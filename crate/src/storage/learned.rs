//! What a webmail page teaches: the names a tracked address is shown under (a contact's
//! aliases: Outlook's name-only chips) and the user's own addresses (the From of its
//! composes). Both come from a content script, so both are checked here: a name is a
//! name (not an address, no control characters, not too long), an alias is stored only
//! for an address that is tracked, and an own address is never a tracked contact's.

use super::{Kind, Writes, SETTINGS_KEY};
use crate::format::{value, Problems};
use crate::model::{is_whole_email, lowercase, normalize_address, Contact, Data, Settings};

/// A contact keeps at most this many aliases (a page cannot grow one without end).
pub const ALIASES_AT_MOST: usize = 20;
/// The settings keep at most this many own addresses.
pub const OWN_ADDRESSES_AT_MOST: usize = 20;
/// The longest alias, in characters.
const NAME_AT_MOST: usize = 100;

/// A name with its spaces collapsed, and its key (lowercased) to compare names by.
fn tidy(name: &str) -> (String, String) {
    let name = crate::text::single_spaced(name);
    let key = lowercase(&name);
    (name, key)
}

/// Whether `name` can be an alias.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= NAME_AT_MOST
        && !name.chars().any(char::is_control)
        && !name.contains('@')
}

/// Why an alias is refused: what the page showed is no name (empty, too long, with a
/// control character, or an address).
#[derive(Debug, PartialEq, Eq)]
pub struct NotName;

/// Does `contact` go by `key` already (its name or an alias)?
fn known(contact: &Contact, key: &str) -> bool {
    tidy(&contact.name).1 == key || contact.aliases.iter().any(|a| tidy(a).1 == key)
}

/// `name` as an alias of every contact with `address`: the ids of the contacts that
/// gained it, and the writes. None when the address is not tracked or already goes by
/// that name (or a contact has [`ALIASES_AT_MOST`] already); refused (why) when `name`
/// is no name.
pub fn alias(data: &Data, address: &str, name: &str) -> Result<(Vec<String>, Writes), NotName> {
    let (name, key) = tidy(name);
    if !is_name(&name) {
        return Err(NotName);
    }
    let address = normalize_address(address);
    let mut writes = Writes::default();
    let mut learned = Vec::new();
    for c in &data.contacts {
        let tracked = c.normalized_addresses().any(|a| a == *address);
        if !tracked || known(c, &key) || c.aliases.len() >= ALIASES_AT_MOST {
            continue;
        }
        let mut c = c.clone();
        c.aliases.push(name.clone());
        if writes.put(Kind::Contact.key(&c.id), &c) {
            learned.push(c.id);
        }
    }
    Ok((learned, writes))
}

/// `address` added to the settings' own addresses: whether it was new, and the writes.
/// Refused, with the problem at `address`, when it is no address (`not_email`), a
/// tracked contact's (`own_is_contact`, with the contact's name) or one too many
/// (`too_many_own`, with the limit).
pub fn own_address(data: &Data, address: &str) -> Result<(bool, Writes), Problems> {
    let refused = |code, values| Err(Problems::one("address", code, values));
    if !is_whole_email(address) {
        return refused("not_email", value!({"value": address}));
    }
    let mut contacts = Vec::new();
    for c in &data.contacts {
        contacts.push(c);
    }
    match own(&data.settings.own_addresses, &contacts, address) {
        Own::Contact(address, c) => refused(
            "own_is_contact",
            value!({"value": &address, "name": &c.name}),
        ),
        Own::Held => Ok((false, Writes::default())),
        Own::Full => refused("too_many_own", value!({"limit": OWN_ADDRESSES_AT_MOST})),
        Own::New(address) => {
            let mut settings = data.settings.clone();
            settings.own_addresses.push(address);
            let mut writes = Writes::default();
            writes.put(SETTINGS_KEY.into(), &settings);
            Ok((true, writes))
        }
    }
}

/// The settings without `contact`'s addresses, when the user's own addresses hold any
/// (an address a page taught as the user's, then tracked): a tracked person is never
/// the user. `None`: nothing to change.
pub fn not_own(data: &Data, contact: &Contact) -> Option<Settings> {
    let mut settings = data.settings.clone();
    untracked(&mut settings.own_addresses, &[contact]).then_some(settings)
}

/// Takes out of the user's own addresses `own` those of `contacts` (a tracked person is
/// never the user); whether any went.
pub(super) fn untracked(own: &mut Vec<String>, contacts: &[&Contact]) -> bool {
    let before = own.len();
    super::retain_where(own, &|a| {
        tracked_by(contacts, &normalize_address(a)).is_none()
    });
    own.len() != before
}

/// The contact among `contacts` that `address` (normalized) belongs to.
fn tracked_by<'a>(contacts: &[&'a Contact], address: &str) -> Option<&'a Contact> {
    (contacts.iter().copied()).find(|c| c.normalized_addresses().any(|a| a == *address))
}

/// Where an address stands for the user's own addresses `held`, beside `contacts`.
pub(super) enum Own<'a> {
    /// Not held yet: to add, normalized.
    New(String),
    /// Held already.
    Held,
    /// A tracked contact's address (normalized), never the user's own.
    Contact(String, &'a Contact),
    /// Not held, and the list is full.
    Full,
}

/// Where `address` (a whole email address) stands for the user's own addresses `held`:
/// the one check of what a compose's From teaches ([`own_address`]) and of the addresses
/// a merged backup brings (`restore::add_own`).
pub(super) fn own<'a>(held: &[String], contacts: &[&'a Contact], address: &str) -> Own<'a> {
    let address = normalize_address(address);
    if let Some(c) = tracked_by(contacts, &address) {
        Own::Contact(address, c)
    } else if held.iter().any(|a| normalize_address(a) == address) {
        Own::Held
    } else if held.len() >= OWN_ADDRESSES_AT_MOST {
        Own::Full
    } else {
        Own::New(address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn data() -> Data {
        serde_json::from_value(json!({
            "format": "too-soon", "version": 2,
            "opportunities": [{"id": "o1", "company": "Acme"}],
            "contacts": [
                {"id": "c1", "opportunity": "o1", "name": "Carol Partner", "addresses": ["carol@partner.example"]},
                {"id": "c2", "opportunity": "o1", "name": "Dave", "addresses": ["dave@example.com"], "aliases": ["D. Doe"]}
            ],
            "events": []
        }))
        .unwrap()
    }

    #[test]
    fn an_alias_is_stored_once_for_a_tracked_address_only() {
        let d = data();
        let (ids, writes) = alias(&d, " Carol@Partner.example", "  Carol   P. ").unwrap();
        assert_eq!(ids, ["c1"]);
        assert_eq!(writes.set["contact:c1"]["aliases"], json!(["Carol P."]));
        for same in ["carol partner", "d. DOE"] {
            let address = if same.starts_with('c') {
                "carol@partner.example"
            } else {
                "dave@example.com"
            };
            assert!(
                alias(&d, address, same).unwrap().0.is_empty(),
                "{same}: known already"
            );
        }
        assert!(
            alias(&d, "eve@example.com", "Eve").unwrap().0.is_empty(),
            "untracked: nothing"
        );
    }

    #[test]
    fn an_alias_must_be_a_name() {
        let d = data();
        for bad in [
            "",
            "   ",
            "carol@partner.example",
            "a\u{0}b",
            &"x".repeat(101),
        ] {
            assert!(alias(&d, "carol@partner.example", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_contact_keeps_at_most_twenty_aliases() {
        let mut d = data();
        d.contacts[0].aliases = (0..ALIASES_AT_MOST).map(|i| format!("Name {i}")).collect();
        assert!(alias(&d, "carol@partner.example", "Carol P.")
            .unwrap()
            .0
            .is_empty());
    }

    #[test]
    fn an_own_address_is_added_once_and_never_a_tracked_one() {
        let mut d = data();
        let (new, writes) = own_address(&d, "Me@Example.com").unwrap();
        assert!(new);
        assert_eq!(
            writes.set["settings"]["own_addresses"],
            json!(["me@example.com"])
        );
        d.settings.own_addresses = vec!["me@example.com".into()];
        assert!(!own_address(&d, "ME@example.com").unwrap().0);
        let code = |address| own_address(&d, address).unwrap_err().0[0].code;
        assert_eq!(code("carol@partner.example"), "own_is_contact");
        assert_eq!(code("not an address"), "not_email");
        let carol = own_address(&d, "Carol@Partner.example").unwrap_err();
        assert_eq!(carol.0[0].path, "address");
        assert_eq!(carol.0[0].values["name"], "Carol Partner");
        d.settings.own_addresses = (0..OWN_ADDRESSES_AT_MOST)
            .map(|i| format!("me{i}@example.com"))
            .collect();
        let many = own_address(&d, "new@example.com").unwrap_err();
        assert_eq!(many.0[0].code, "too_many_own");
        assert_eq!(many.0[0].values["limit"], OWN_ADDRESSES_AT_MOST);
    }
}
