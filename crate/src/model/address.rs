/// The form in which addresses are compared: trimmed and lowercased, the domain in its
/// ASCII form (`bücher@bücher.example` and `bücher@xn--bcher-kva.example` are the same
/// address).
///
/// ```
/// assert_eq!(too_soon::model::normalize_address("  Ann@Example.COM "), "ann@example.com");
/// assert_eq!(
///     too_soon::model::normalize_address("ann@Bücher.example"),
///     "ann@xn--bcher-kva.example"
/// );
/// ```
pub fn normalize_address(address: &str) -> String {
    let lowered = lowercase(address.trim());
    match lowered.rsplit_once('@') {
        Some((local, domain)) if !domain.is_ascii() => match domain_to_ascii(domain) {
            Some(ascii) => format!("{local}@{ascii}"),
            None => lowered,
        },
        _ => lowered,
    }
}

/// A domain in its ASCII form (IDNA, as browsers write host names: `bücher.example` →
/// `xn--bcher-kva.example`); `None` when it is not a domain that has one. Only letters,
/// digits, `-` and `.` besides non-ASCII text are converted, so that the browser's URL
/// parser (WebAssembly) and the `idna` crate (natively) see the same inputs and agree.
fn domain_to_ascii(domain: &str) -> Option<String> {
    let plain = |c: char| !c.is_ascii() || c.is_ascii_alphanumeric() || c == '-' || c == '.';
    if domain.is_empty() || !domain.chars().all(plain) {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    let ascii = browser::host_name(domain);
    #[cfg(not(target_arch = "wasm32"))]
    let ascii = idna::domain_to_ascii(domain).ok();
    ascii.filter(|a| !a.is_empty() && a.is_ascii())
}

/// The browser's own IDNA (the URL parser's host name), so that no Unicode tables are
/// compiled into the WebAssembly module.
#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        type Url;
        #[wasm_bindgen(constructor, catch, js_class = "URL")]
        fn new(url: &str) -> Result<Url, JsValue>;
        #[wasm_bindgen(method, getter, js_class = "URL")]
        fn hostname(this: &Url) -> String;
    }

    pub(super) fn host_name(domain: &str) -> Option<String> {
        Url::new(&format!("http://{domain}/"))
            .ok()
            .map(|u| u.hostname())
    }
}

/// Whether `address` (as typed) is an email address: it needs an `@`, and may hold no
/// spaces, commas (a list of addresses is several), control characters, nor the invisible
/// marks that change the direction of text (U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069), with which an address can be made to look like another.
pub fn is_email(address: &str) -> bool {
    let a = address.trim();
    a.contains('@')
        && !a.contains(',')
        && !a
            .chars()
            .any(|c| crate::text::reorders(c) || c.is_control() || c.is_whitespace())
}

/// Whether `address`, typed anew (a contact's address, the user's own), is a whole email
/// address: [`is_email`], with a name before its last `@` and after it a domain of at
/// least two non-empty parts (`ann@example.com`; not `ann@`, `@example.com`,
/// `ann@example` or `ann@example..com`: typos no email would ever be sent from or to).
/// What is stored, or restored from a backup, is read with [`is_email`] alone, so that
/// what an earlier version let in stays readable.
pub fn is_whole_email(address: &str) -> bool {
    let a = address.trim();
    is_email(a)
        && a.rsplit_once('@').is_some_and(|(name, domain)| {
            !name.is_empty()
                && domain.contains('.')
                && domain.split('.').all(|part| !part.is_empty())
        })
}

/// `text` in lower case, as `str::to_lowercase` gives it (Unicode's default case mapping,
/// final sigma included).
///
/// ASCII text (nearly every address and name) is lowered here. Other text is lowered by
/// JavaScript's `toLowerCase` in the browser, which applies the same mapping: Unicode's
/// lower-casing tables (about 15 KB) stay out of the WebAssembly module.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_with_commas_direction_marks_or_controls_are_not_addresses() {
        for good in [
            "dana@acme.example",
            " Dana@Acme.example ",
            "b\u{fc}cher@b\u{fc}cher.example",
        ] {
            assert!(is_email(good), "{good}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("dana", "no @"),
            ("dana@acme.example,sam@acme.example", "comma"),
            ("dana\u{202E}@acme.example", "direction"),
            ("dana@acme\u{2067}.example", "direction"),
            ("\u{200F}dana@acme.example", "direction"),
            ("dana@acme.example\u{0}", "control"),
            ("dana@ac\u{7}me.example", "control"),
            ("dana @acme.example", "space"),
        ] {
            assert!(!is_email(bad), "{bad:?}: {why}");
        }
    }

    #[test]
    fn an_address_typed_anew_has_a_name_and_a_domain_with_a_dot() {
        for good in [
            "dana@acme.example",
            " Dana@Acme.example ",
            "b\u{fc}cher@b\u{fc}cher.example",
            "\"odd@name\"@acme.example",
        ] {
            assert!(is_whole_email(good), "{good}");
        }
        for bad in [
            "dana@",
            "@acme.example",
            "dana@acme",
            "dana@acme.",
            "dana@.example",
            "dana@acme..example",
            "dana",
            "dana @acme.example",
        ] {
            assert!(!is_whole_email(bad), "{bad:?}");
            assert_eq!(
                is_email(bad),
                bad.contains('@') && !bad.contains(' '),
                "{bad:?}"
            );
        }
    }
}
