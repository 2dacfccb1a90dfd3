//! Errors for input that cannot be used: each names the file, line, column, key and what was
//! expected, so a finance officer can fix the table without reading code.

use std::fmt;
use std::io;

use thiserror::Error;

use crate::source::{Excerpt, Location, Source, Span};

/// A problem at one place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file, the place and the line to show, from the source the error points into.
    pub excerpt: Box<Excerpt>,
    pub span: Span,
    /// The key in question (`indicator.weight`), when there is one.
    pub key: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl InputError {
    pub fn new(
        source: &Source,
        span: Span,
        key: Option<&str>,
        message: impl Into<String>,
    ) -> InputError {
        InputError {
            excerpt: Box::new(source.excerpt(span)),
            span,
            key: key.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Location { line, column } = self.excerpt.start;
        write!(f, "{}:{line}:{column}: ", self.excerpt.file)?;
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Everything that makes an input unusable (exit status 2).
#[derive(Debug, Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "{path}: larger than {} MiB, far more than a table holds; refused (raise the limit with --max-input-mib or PERF_EVAL_MAX_INPUT_MIB)", limit >> 20
    )]
    TooLarge { path: String, limit: u64 },
    #[error("{path}:{line}:{column}: not UTF-8 text; save the file as UTF-8")]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    #[error("{0}")]
    Input(Box<InputError>),
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}: refusing to write the report over the input file")]
    WouldOverwriteInput { path: String },
    /// A workbook that cannot be imported, with the sheet and cell at fault.
    #[error("{0}")]
    Import(String),
    /// A command line that cannot be carried out, with the fix in the message.
    #[error("{0}")]
    Usage(String),
    #[error(
        "unknown rule profile `{name}`; built-in profiles: {known} (or give a path to a profile file)"
    )]
    UnknownProfile { name: String, known: String },
}

impl From<InputError> for Error {
    fn from(error: InputError) -> Error {
        Error::Input(Box::new(error))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
