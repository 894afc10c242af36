//! Reads JSON text into serde_json's [`Value`]: files, sync items and the engine's own
//! serialized values read back. Writing stays serde_json's.
//!
//! It reads what `serde_json::from_str::<Value>` reads, to the same values, and refuses
//! what it refuses, with the same kind of error on the same line (`tests` compares the
//! two on about 300,000 texts made of JSON pieces, cut or edited). It exists because
//! serde_json's reader goes through serde's visitors, compiled for each kind of value
//! read: the WebAssembly module is 11.5 KB smaller with this one (5 KB of code). It also
//! reads a file's top object and its lists one part at a time ([`Reader::open`],
//! [`Reader::more`]), for `format::stream`.

use serde_json::{Map, Value};

/// serde_json's nesting limit: a value nested this deep is refused (`[` 128 times).
const DEPTH: usize = 128;

/// What is wrong with a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Not JSON (a wrong character, a number out of range, an escape that is not one).
    Syntax,
    /// The text ends before its value does (a file cut short).
    Eof,
    /// Nested deeper than serde_json reads (128 levels).
    TooDeep,
}

/// Why a text is not read, and the line (from 1) where that was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error {
    pub fault: Fault,
    pub line: usize,
}

/// The JSON value of `text`, which holds that value only (whitespace around it aside).
pub fn from_str(text: &str) -> Result<Value, Error> {
    let mut reader = Reader::new(text);
    let value = reader.value()?;
    reader.end()?;
    Ok(value)
}

/// A position in a JSON text, read forwards.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    /// How many more levels may open before the text is too deep.
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            at: 0,
            depth: DEPTH,
        }
    }

    /// `fault` found before byte `at`. (serde_json's lines: the newlines before the byte
    /// it was at, or, when it had only looked at the next byte, before the one after.)
    fn fault_at(&self, fault: Fault, at: usize) -> Error {
        let before = &self.text.as_bytes()[..at.min(self.text.len())];
        let mut line = 1;
        for &b in before {
            line += usize::from(b == b'\n');
        }
        Error { fault, line }
    }

    /// `fault` at the bytes read so far.
    fn fault(&self, fault: Fault) -> Error {
        self.fault_at(fault, self.at)
    }

    /// `fault` at the next byte, looked at but not read.
    fn fault_next(&self, fault: Fault) -> Error {
        self.fault_at(fault, self.at + 1)
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// The next byte, read.
    fn next(&mut self) -> Option<u8> {
        let b = self.byte()?;
        self.at += 1;
        Some(b)
    }

    /// The next byte that is not whitespace (the whitespace is read, the byte is not).
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.byte() {
            self.at += 1;
        }
        self.byte()
    }

    /// Nothing but whitespace is left.
    pub fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(_) => Err(self.fault_next(Fault::Syntax)),
            None => Ok(()),
        }
    }

    /// The next value, whole.
    pub fn value(&mut self) -> Result<Value, Error> {
        match self.peek() {
            None => Err(self.fault_next(Fault::Eof)),
            Some(b'n') => self.word(b"null", Value::Null),
            Some(b't') => self.word(b"true", Value::Bool(true)),
            Some(b'f') => self.word(b"false", Value::Bool(false)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'"') => {
                self.at += 1;
                self.string().map(Value::String)
            }
            Some(b'[') => {
                self.open(b'[')?;
                let (mut items, mut first) = (Vec::new(), true);
                while self.more(b']', &mut first)? {
                    items.push(self.value()?);
                }
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                self.open(b'{')?;
                let (mut fields, mut first) = (Map::new(), true);
                while self.more(b'}', &mut first)? {
                    let key = self.key()?;
                    fields.insert(key, self.value()?);
                }
                Ok(Value::Object(fields))
            }
            Some(_) => Err(self.fault_next(Fault::Syntax)),
        }
    }

    /// Opens the list or object that comes next, if it is one (`[` or `{`): its items
    /// are then read while [`Reader::more`] says so.
    pub fn open(&mut self, bracket: u8) -> Result<bool, Error> {
        if self.peek() != Some(bracket) {
            return Ok(false);
        }
        self.depth -= 1;
        if self.depth == 0 {
            return Err(self.fault_next(Fault::TooDeep));
        }
        self.at += 1;
        Ok(true)
    }

    /// Does an item come next in the list or object opened, which `close` (`]` or `}`)
    /// ends? (`first`: none was read yet.) Reads the comma before it; at the end, the
    /// closing bracket. In an object, the item is a [`Reader::key`] and a value.
    pub fn more(&mut self, close: u8, first: &mut bool) -> Result<bool, Error> {
        let object = close == b'}';
        let Some(next) = self.peek() else {
            return Err(self.fault_next(Fault::Eof));
        };
        if next == close {
            self.at += 1;
            self.depth += 1;
            return Ok(false);
        }
        if std::mem::take(first) {
            return match next {
                b'"' => Ok(true),
                _ if object => Err(self.fault_next(Fault::Syntax)),
                _ => Ok(true),
            };
        }
        if next != b',' {
            return Err(self.fault_next(Fault::Syntax));
        }
        self.at += 1;
        match self.peek() {
            None => Err(self.fault_next(Fault::Eof)),
            Some(b'"') => Ok(true),
            // A comma before the end, or an object's key that is not a string.
            Some(b) if b == close || object => Err(self.fault_next(Fault::Syntax)),
            Some(_) => Ok(true),
        }
    }

    /// An object's next key (its opening quote is next) and the colon after it.
    pub fn key(&mut self) -> Result<String, Error> {
        self.at += 1;
        let key = self.string()?;
        match self.peek() {
            Some(b':') => {
                self.at += 1;
                Ok(key)
            }
            Some(_) => Err(self.fault_next(Fault::Syntax)),
            None => Err(self.fault_next(Fault::Eof)),
        }
    }

    /// `null`, `true` or `false` (its first letter seen).
    fn word(&mut self, word: &[u8], value: Value) -> Result<Value, Error> {
        self.at += 1;
        self.expect(&word[1..])?;
        Ok(value)
    }

    /// Reads `bytes`, which must come next.
    fn expect(&mut self, bytes: &[u8]) -> Result<(), Error> {
        for &expected in bytes {
            match self.next() {
                None => return Err(self.fault(Fault::Eof)),
                Some(b) if b != expected => return Err(self.fault(Fault::Syntax)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Reads the digits that come next; whether there was one.
    fn digits(&mut self) -> bool {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.byte() {
            self.at += 1;
        }
        self.at > start
    }

    /// A number: an integer as serde_json keeps it (`u64`, or `i64` when negative), one
    /// too large for those, or with a fraction or an exponent, as a float.
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.at;
        let negative = self.byte() == Some(b'-');
        self.at += usize::from(negative);
        match self.next() {
            None => return Err(self.fault(Fault::Eof)),
            Some(b'0') if matches!(self.byte(), Some(b'0'..=b'9')) => {
                return Err(self.fault_next(Fault::Syntax));
            }
            Some(b'0') => {}
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(self.fault(Fault::Syntax)),
        }
        let integer = self.at;
        if self.byte() == Some(b'.') {
            self.at += 1;
            if !self.digits() {
                let fault = if self.byte().is_some() {
                    Fault::Syntax
                } else {
                    Fault::Eof
                };
                return Err(self.fault_next(fault));
            }
        }
        if let Some(b'e' | b'E') = self.byte() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.byte() {
                self.at += 1;
            }
            match self.next() {
                None => return Err(self.fault(Fault::Eof)),
                Some(b'0'..=b'9') => {
                    self.digits();
                }
                Some(_) => return Err(self.fault(Fault::Syntax)),
            }
        }
        let literal = self.text.get(start..self.at).unwrap_or_default();
        if self.at == integer {
            if let Some(n) = whole(literal.get(usize::from(negative)..).unwrap_or_default()) {
                if !negative {
                    return Ok(Value::from(n));
                }
                // As serde_json: `-0` (and what i64 cannot hold) is a float.
                let negated = (n as i64).wrapping_neg();
                return Ok(if negated >= 0 {
                    Value::from(-(n as f64))
                } else {
                    Value::from(negated)
                });
            }
        }
        let n = float(literal);
        if n.is_infinite() {
            return Err(self.fault(Fault::Syntax));
        }
        Ok(Value::from(n))
    }

    /// A string's text, after its opening quote: escapes decoded; a control character,
    /// an unknown escape or an unpaired surrogate refused.
    fn string(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        let mut start = self.at;
        loop {
            let Some(b) = self.next() else {
                return Err(self.fault(Fault::Eof));
            };
            match b {
                b'"' | b'\\' => {
                    // The text before it, whole characters (quotes and backslashes are
                    // never inside one).
                    out.push_str(self.text.get(start..self.at - 1).unwrap_or_default());
                    if b == b'"' {
                        return Ok(out);
                    }
                    self.escape(&mut out)?;
                    start = self.at;
                }
                0..=0x1f => return Err(self.fault(Fault::Syntax)),
                _ => {}
            }
        }
    }

    /// One escape, after its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let c = match self.next() {
            None => return Err(self.fault(Fault::Eof)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => self.unicode()?,
            Some(_) => return Err(self.fault(Fault::Syntax)),
        };
        out.push(c);
        Ok(())
    }

    /// A `\u` escape's character, after the `u`: a surrogate must come as a pair.
    fn unicode(&mut self) -> Result<char, Error> {
        let first = self.hex()?;
        let code = match first {
            0xDC00..=0xDFFF => return Err(self.fault(Fault::Syntax)),
            0xD800..=0xDBFF => {
                self.expect(b"\\u")?;
                let second = self.hex()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.fault(Fault::Syntax));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            _ => first,
        };
        char::from_u32(code).ok_or_else(|| self.fault(Fault::Syntax))
    }

    /// Four hexadecimal digits.
    fn hex(&mut self) -> Result<u32, Error> {
        let Some(digits) = self.text.as_bytes().get(self.at..self.at + 4) else {
            self.at = self.text.len();
            return Err(self.fault(Fault::Eof));
        };
        self.at += 4;
        let mut n = 0;
        for &d in digits {
            let Some(v) = char::from(d).to_digit(16) else {
                return Err(self.fault(Fault::Syntax));
            };
            n = n * 16 + v;
        }
        Ok(n)
    }
}

/// Decimal digits as a `u64`, unless it cannot hold them.
fn whole(digits: &str) -> Option<u64> {
    let mut n: u64 = 0;
    for d in digits.bytes() {
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    Some(n)
}

/// A JSON number's text as the nearest float (infinite when out of range). In the
/// browser, by its own `parseFloat`: Rust's parser would add its tables to the module.
#[cfg(target_arch = "wasm32")]
fn float(literal: &str) -> f64 {
    js_sys::parse_float(literal)
}

#[cfg(not(target_arch = "wasm32"))]
fn float(literal: &str) -> f64 {
    literal.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::{from_str, Fault};
    use serde_json::Value;

    /// What serde_json says of `text`, in this reader's terms.
    fn serde_json_reads(text: &str) -> Result<Value, (Fault, usize)> {
        serde_json::from_str::<Value>(text).map_err(|e| {
            let fault = if e.to_string().starts_with("recursion limit") {
                Fault::TooDeep
            } else if e.classify() == serde_json::error::Category::Eof {
                Fault::Eof
            } else {
                Fault::Syntax
            };
            (fault, e.line())
        })
    }

    /// The same value, floats within serde_json's rounding (it is not always exact).
    fn same(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
                let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
                x == y || (x - y).abs() <= 1e-15 * x.abs().max(y.abs())
            }
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|((k, a), (l, b))| k == l && same(a, b))
            }
            _ => a == b,
        }
    }

    fn agrees(text: &str) {
        let ours = from_str(text).map_err(|e| (e.fault, e.line));
        match (serde_json_reads(text), ours) {
            (Ok(a), Ok(b)) => assert!(same(&a, &b), "{text:?}: {a} against {b}"),
            (theirs, ours) => assert_eq!(ours.err(), theirs.err(), "{text:?}"),
        }
    }

    /// Pieces of JSON, valid and not, that texts are made of.
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\t",
        "\r",
        "\"a\"",
        "\"\"",
        "\"é ü\"",
        "\"\\u00e9\"",
        "\"\\uD83D\\uDE00\"",
        "\"\\ud83d\"",
        "\"\\udc00\"",
        "\"\\ud83d\\u0041\"",
        "\"\\ud83dx\"",
        "\"\\u12\"",
        "\"\\uzzzz\"",
        "\"\\n\\t\\\"\\\\\\/\\b\\f\\r\"",
        "\"\\x\"",
        "\"a\nb\"",
        "\"\u{1}\"",
        "\"",
        "\\",
        "0",
        "1",
        "-",
        "-0",
        "01",
        "1.",
        "1.5",
        "-2.25",
        "1e5",
        "1E-3",
        "2e+2",
        "1e",
        "1e+",
        "1ex",
        "1.x",
        "1e400",
        "-1e400",
        "0e999",
        "1e-400",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890.5e3",
        "true",
        "false",
        "null",
        "tru",
        "nul",
        "fals",
        "nulL",
        "x",
        "é",
        "\"k\":",
        "{\"k\":1}",
        "[1,2]",
        "[,]",
        "{,}",
    ];

    /// A small deterministic generator (xorshift), so a failure can be rerun.
    struct Dice(u64);

    impl Dice {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn reads_as_serde_json_reads_texts_made_of_json_pieces() {
        let mut dice = Dice(0x2545_f491_4f6c_dd1d);
        for _ in 0..200_000 {
            let mut text = String::new();
            for _ in 0..1 + dice.below(12) {
                text.push_str(PIECES[dice.below(PIECES.len())]);
            }
            agrees(&text);
        }
    }

    #[test]
    fn reads_as_serde_json_reads_valid_json_cut_or_edited() {
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
        let file = crate::format::to_json(&crate::fixtures::synthetic(2, 3));
        let texts = [
            file.as_str(),
            r#"{"a": [1, -2, 3.5, 1e3, true, false, null, "x\u00e9\ud83d\ude00\n"], "b": {"c": {}}, "d": []}"#,
        ];
        for text in texts {
            agrees(text);
            for cut in 0..text.len() {
                if let Some(head) = text.get(..cut) {
                    agrees(head);
                }
            }
            for _ in 0..20_000 {
                let at = dice.below(text.len());
                let (Some(head), Some(tail)) = (text.get(..at), text.get(at..)) else {
                    continue;
                };
                let piece = PIECES[dice.below(PIECES.len())];
                agrees(&format!("{head}{piece}{tail}"));
                let skip = tail.char_indices().nth(1).map_or(tail.len(), |(i, _)| i);
                agrees(&format!("{head}{}", &tail[skip..]));
            }
        }
    }

    #[test]
    fn nesting_is_read_to_serde_jsons_limit_and_refused_beyond() {
        for depth in [1, 127, 128, 129, 10_000] {
            let open = "[".repeat(depth);
            let close = "]".repeat(depth);
            agrees(&format!("{open}{close}"));
            agrees(&format!("{}{close}", "{\"a\":".repeat(depth)).replace(']', "}"));
        }
        assert_eq!(
            from_str(&format!("{}{}", "[".repeat(127), "]".repeat(127))).map(|_| ()),
            Ok(())
        );
        let deep = from_str(&format!("{}{}", "[".repeat(128), "]".repeat(128)));
        assert_eq!(deep.map_err(|e| e.fault), Err(Fault::TooDeep));
    }

    #[test]
    fn numbers_keep_serde_jsons_types() {
        for (text, value) in [
            ("7", Value::from(7u64)),
            ("-7", Value::from(-7i64)),
            ("-0", Value::from(-0.0)),
            ("18446744073709551615", Value::from(u64::MAX)),
            ("18446744073709551616", Value::from(18446744073709551616.0)),
            ("-9223372036854775808", Value::from(i64::MIN)),
            ("1.0", Value::from(1.0)),
            ("0e999", Value::from(0.0)),
        ] {
            let read = from_str(text).expect(text);
            assert_eq!(read, value, "{text}");
            assert_eq!(read.is_f64(), value.is_f64(), "{text}");
        }
        assert_eq!(from_str("1e400").map_err(|e| e.fault), Err(Fault::Syntax));
    }
}
