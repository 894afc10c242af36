use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;

/// One thing wrong with a file or a change, and where, as data: the pages word it from
/// their catalogue (`say_problem_<code>` over `values`) and place it by `path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where: `events[3].at`; empty for the file as a whole.
    pub path: String,
    /// What is wrong: `missing`, `empty`, `not_email`, `not_date`, `not_instant`,
    /// `out_of_range`, `unknown_value`, `wrong_type`, `unknown_field`, `duplicate_id`,
    /// `no_opportunity`, `no_contact`, `address_taken`, `address_twice`, `not_for_kind`,
    /// `contact_cannot_move`, `own_is_contact`, `too_many_own`, `not_a_file`,
    /// `empty_file`, `newer_version`, `bad_version`, `too_large`, `too_many`, `not_json`,
    /// `truncated`, `no_such_id`, `inconsistent`, `schema`, `key_mismatch`; `invalid` for
    /// any other.
    pub code: &'static str,
    /// The data the words show (`value`, `id`, `expected`, `found`, `version`, …).
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub values: Map<String, Value>,
}

/// `path: words`, in English from the catalogue (`say_problem_<code>`): the CLI's and the
/// tests' words. Nothing the WebAssembly module exports shows a problem this way.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = crate::english::problem(self.code, &Value::Object(self.values.clone()));
        if self.path.is_empty() {
            f.write_str(&words)
        } else {
            write!(f, "{}: {words}", self.path)
        }
    }
}

/// Every problem found in a file (serialized as a JSON array of problems).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Problems(pub Vec<Problem>);

/// At most this many problems are kept: a file of garbage gives a readable report.
pub const MAX_PROBLEMS: usize = 200;

impl Problems {
    pub(crate) fn one(path: &str, code: &'static str, values: Value) -> Self {
        let mut p = Problems::default();
        p.add(path, code, values);
        p
    }

    /// A problem `code` at `path`, with the `values` its words show (a JSON object).
    pub(crate) fn add(&mut self, path: &str, code: &'static str, values: Value) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(Problem {
                path: path.to_string(),
                code,
                values: match values {
                    Value::Object(map) => map,
                    _ => Map::new(),
                },
            });
        }
    }

    /// A problem `code` at `path` whose data is one text: `{name: value}`.
    pub(crate) fn about(&mut self, path: &str, code: &'static str, name: &str, value: &str) {
        let mut values = Map::new();
        values.insert(name.to_string(), Value::from(value));
        self.add(path, code, Value::Object(values));
    }

    /// Adds every problem of `other` (up to [`MAX_PROBLEMS`] in all).
    pub fn extend(&mut self, other: Problems) {
        for problem in other.0 {
            if self.0.len() < MAX_PROBLEMS {
                self.0.push(problem);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `path code` of every problem, `; ` between (no words: for logs).
    pub fn codes(&self) -> String {
        let mut out = String::new();
        for p in &self.0 {
            if !out.is_empty() {
                out.push_str("; ");
            }
            if !p.path.is_empty() {
                out.push_str(&p.path);
                out.push(' ');
            }
            out.push_str(p.code);
        }
        out
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }
}

/// One problem a line, as [`Problem`]'s words.
impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
