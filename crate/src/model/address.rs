/// The form in which addresses are compared: trimmed and lowercased.
///
/// ```
/// assert_eq!(too_soon::model::normalize_address("  Ann@Example.COM "), "ann@example.com");
/// ```
pub fn normalize_address(address: &str) -> String {
    lowercase(address.trim())
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
