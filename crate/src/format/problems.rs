use serde::Serialize;
use std::fmt;

/// One thing wrong with a file, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where: `events[3].at`; empty for the file as a whole.
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
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
    pub(crate) fn one(path: &str, message: impl Into<String>) -> Self {
        let mut p = Problems::default();
        p.push(path, message);
        p
    }

    pub(crate) fn push(&mut self, path: &str, message: impl Into<String>) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(Problem {
                path: path.to_string(),
                message: message.into(),
            });
        }
    }

    /// Adds every problem of `other` (up to [`MAX_PROBLEMS`] in all).
    pub fn extend(&mut self, other: Problems) {
        for problem in other.0 {
            self.push(&problem.path, problem.message);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }
}

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
