/// The form in which addresses are compared: trimmed and lowercased.
///
/// ```
/// assert_eq!(too_soon::model::normalize_address("  Ann@Example.COM "), "ann@example.com");
/// ```
pub fn normalize_address(address: &str) -> String {
    address.trim().to_lowercase()
}
