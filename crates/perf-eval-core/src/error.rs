//! Errors for input that cannot be used: each names the file, line, column, key and what was
//! expected, so a finance officer can fix the table without reading code. The words come from
//! the message catalogue ([`crate::messages::Problem`]), in Chinese unless English is asked for.

use std::fmt;
use std::io;

use thiserror::Error;

use crate::lang::Lang;
use crate::messages::Problem;
use crate::source::{Excerpt, Location, ReadError, Source, Span};

/// A problem at one place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file, the place and the line to show, from the source the error points into.
    pub excerpt: Box<Excerpt>,
    pub span: Span,
    /// The key in question (`indicator.weight`), when there is one.
    pub key: Option<String>,
    /// What is wrong and what was expected.
    pub problem: Box<Problem>,
    /// Other problems of the same file found with this one (every unknown key, not only the
    /// first), so that one run shows them all.
    pub more: Vec<InputError>,
}

impl InputError {
    pub fn new(source: &Source, span: Span, key: Option<&str>, problem: Problem) -> InputError {
        InputError {
            excerpt: Box::new(source.excerpt(span)),
            span,
            key: key.map(str::to_string),
            problem: Box::new(problem),
            more: Vec::new(),
        }
    }

    /// What is wrong, in `lang`, without the place.
    pub fn message(&self, lang: Lang) -> String {
        self.problem.text(lang)
    }

    /// `file:line:col: `key`: message`, in `lang`; one line for each problem.
    pub fn text(&self, lang: Lang) -> String {
        std::iter::once(self)
            .chain(&self.more)
            .map(|error| {
                let Location { line, column } = error.excerpt.start;
                let key = error
                    .key
                    .as_ref()
                    .map_or(String::new(), |key| format!("`{key}`: "));
                format!(
                    "{}:{line}:{column}: {key}{}",
                    error.excerpt.file,
                    error.message(lang)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::default()))
    }
}

/// Everything that makes an input unusable (exit status 2). `Display` words it in the default
/// language (Chinese); [`Error::text`] in the one asked for.
#[derive(Debug, Error)]
#[error("{}", self.text(Lang::default()))]
pub enum Error {
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
    TooLarge {
        path: String,
        limit: u64,
    },
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    Input(Box<InputError>),
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
    WouldOverwriteInput {
        path: String,
    },
    /// A workbook or document that cannot be imported, with the file, sheet or cell at fault.
    Import {
        place: String,
        problem: Problem,
    },
    /// A command line that cannot be carried out, with the fix in the message.
    Usage {
        place: Option<String>,
        problem: Problem,
    },
}

impl Error {
    /// A command line that cannot be carried out, about no file in particular.
    pub fn usage(problem: Problem) -> Error {
        Error::Usage {
            place: None,
            problem,
        }
    }

    /// A command line that cannot be carried out for `place` (a file named on it).
    pub fn usage_at(place: impl fmt::Display, problem: Problem) -> Error {
        Error::Usage {
            place: Some(place.to_string()),
            problem,
        }
    }

    /// A workbook refused at `place` (the file, or its sheet or cell).
    pub fn import(place: impl fmt::Display, problem: Problem) -> Error {
        Error::Import {
            place: place.to_string(),
            problem,
        }
    }

    /// The place and what is wrong there; a located input error's place is in its excerpt.
    fn parts(&self) -> (Option<String>, Problem) {
        let system = |source: &io::Error| (source.kind(), source.to_string());
        match self {
            Error::Read { path, source } => {
                let (kind, said) = system(source);
                (Some(path.clone()), Problem::Unreadable { kind, said })
            }
            Error::TooLarge { path, limit } => {
                (Some(path.clone()), Problem::TooLarge { mib: limit >> 20 })
            }
            Error::NotUtf8 { path, line, column } => {
                (Some(format!("{path}:{line}:{column}")), Problem::NotUtf8)
            }
            Error::Write { path, source } => {
                let (kind, said) = system(source);
                (Some(path.clone()), Problem::Unwritable { kind, said })
            }
            Error::WouldOverwriteInput { path } => (Some(path.clone()), Problem::OverwriteInput),
            Error::Import { place, problem } => (Some(place.clone()), problem.clone()),
            Error::Usage { place, problem } => (place.clone(), problem.clone()),
            Error::Input(error) => (None, (*error.problem).clone()),
        }
    }

    /// The whole message in `lang`: the place (file, line and column, or sheet and cell), then
    /// what is wrong.
    pub fn text(&self, lang: Lang) -> String {
        if let Error::Input(error) = self {
            return error.text(lang);
        }
        match self.parts() {
            (Some(place), problem) if !place.is_empty() => {
                format!("{place}: {}", problem.text(lang))
            }
            (_, problem) => problem.text(lang),
        }
    }

    /// What is wrong, without the place (for reports that show the place apart, and for an
    /// error met inside another file, such as a profile's, that is told at that file's place).
    pub fn problem(&self) -> Problem {
        self.parts().1
    }

    /// What is wrong in `lang`, without the place.
    pub fn message(&self, lang: Lang) -> String {
        self.problem().text(lang)
    }
}

impl From<ReadError> for Error {
    fn from(error: ReadError) -> Error {
        match error {
            ReadError::Read { path, source } => Error::Read { path, source },
            ReadError::TooLarge { path, limit } => Error::TooLarge { path, limit },
            ReadError::NotUtf8 { path, line, column } => Error::NotUtf8 { path, line, column },
        }
    }
}

impl From<InputError> for Error {
    fn from(error: InputError) -> Error {
        Error::Input(Box::new(error))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
