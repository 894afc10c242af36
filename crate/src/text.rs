//! Small text helpers written out by hand: the std and `format!` ways of doing the same
//! bring generic or formatting code into the WebAssembly module, several KB in all.

/// Whether `c` changes the order or the lines text is shown in: a direction mark,
/// embedding, override or isolate (U+202E reverses what follows it), or a line or
/// paragraph separator. Kept out of an address, and of what reaches a terminal (the CLI
/// escapes it) or a calendar.
pub fn reorders(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Appends `n` in base `base` (2 to 36: lowercase letters past 9, no sign), with leading
/// zeros up to `width` digits (what `{:0width$}` writes in decimal). By hand: a digit
/// buffer reversed and checked as UTF-8 was about 1 KB of the WebAssembly module, and
/// `format!` brings the formatting code to each call site.
pub fn push_digits(out: &mut String, n: u64, base: u64, width: usize) {
    if n >= base || width > 1 {
        push_digits(out, n / base, base, width.saturating_sub(1));
    }
    let d = (n % base) as u8;
    out.push(char::from(if d < 10 { b'0' + d } else { b'a' + d - 10 }));
}

/// A value in double quotes for an English message: `"id-1"`, with `"`, `\` and control
/// characters escaped as Rust writes them (`\"`, `\n`, `\u{7f}`).
///
/// Written by hand rather than with `{:?}`: string `Debug` brings its Unicode tables and
/// escaping machinery (about 4 KB) into the WebAssembly module. Unlike `{:?}` it keeps
/// other characters as they are (`Debug` also escapes unprintable and combining ones).
pub fn quoted(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                q.push('\\');
                q.push(c);
            }
            '\n' => q.push_str("\\n"),
            '\r' => q.push_str("\\r"),
            '\t' => q.push_str("\\t"),
            '\0' => q.push_str("\\0"),
            c if c.is_control() => {
                // The controls are C0, DEL and C1: below U+00A0, one or two hex digits.
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = u32::from(c) as usize;
                q.push_str("\\u{");
                if n >= 16 {
                    q.push(char::from(HEX[n >> 4 & 15]));
                }
                q.push(char::from(HEX[n & 15]));
                q.push('}');
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// `items` one after another with `sep` between them, as `[&str]::join` writes them
/// (without collecting them first, and without `join`'s generic copying code, 1 KB).
pub fn joined<'a>(items: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
    out
}

/// Adds to `list` the strings of `items` it does not hold yet, in order.
pub(crate) fn add_new(list: &mut Vec<String>, items: &[String]) {
    for item in items {
        if !list.contains(item) {
            list.push(item.clone());
        }
    }
}

/// `text`'s words with one space between them (no space before, after, or doubled).
pub fn single_spaced(text: &str) -> String {
    joined(text.split_whitespace(), " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_and_single_spaced_write_as_join_does() {
        for items in [&[][..], &["a"], &["a", "b", "c"], &["", "x", ""]] {
            assert_eq!(joined(items.iter().copied(), ", "), items.join(", "));
        }
        assert_eq!(single_spaced("  Carol \t  Partner\n"), "Carol Partner");
        assert_eq!(single_spaced(" \n "), "");
        // As extension/shared/words.js's singleSpaced (tests/unit/words.test.js): U+FEFF is
        // no space, U+0085 and U+3000 are.
        assert_eq!(
            single_spaced("\u{feff}Ana\u{85} Lee\u{3000}"),
            "\u{feff}Ana Lee"
        );
    }

    #[test]
    fn quoted_writes_ids_and_escapes_as_debug_does() {
        for s in [
            "",
            "opp-1",
            "carol@partner.example",
            "Zoë Lefèvre ✓ 📮",
            "quote \" and backslash \\",
            "tab\tnew\nline\rnul\0",
            "\u{1}\u{1b}\u{7f}\u{85}\u{9f}",
        ] {
            assert_eq!(quoted(s), format!("{s:?}"), "{s:?}");
        }
    }
}
