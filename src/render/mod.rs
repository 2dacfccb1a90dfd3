//! Renderers: the scored table in the formats people hand in.

pub mod compare;
pub mod csv;
pub mod draft;
pub mod explain;
pub(crate) mod form;
pub mod json;
mod labels;
pub mod markdown;
pub mod table;
pub mod xlsx;

use std::io;

pub use labels::{Labels, Lang};

use crate::audit;
use crate::engine::Evaluation;
use crate::error::Error;
use crate::output::Format;
use crate::source::Source;

/// How `score` renders.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    pub lang: Lang,
    /// The language of the CSV header row.
    pub csv_header: Lang,
    /// Wrap the terminal table to the terminal's width.
    pub wrap: bool,
    /// Append the derivation of every figure (table and Markdown).
    pub explain: bool,
}

/// Renders a scored table in the chosen format.
pub fn report(
    evaluation: &Evaluation,
    source: &Source,
    options: Options,
) -> Result<Vec<u8>, Error> {
    let labels = options.lang.labels();
    let explanation = || {
        if options.explain {
            format!(
                "\n{}",
                explain::render(evaluation, labels, options.lang, None)
            )
        } else {
            String::new()
        }
    };
    let text = match options.format {
        Format::Table => table::render(evaluation, labels, options.wrap) + &explanation(),
        Format::Markdown => {
            let explained = explanation();
            let mut text = markdown::render(evaluation, labels);
            if !explained.is_empty() {
                text.push_str(&format!("\n```text{explained}```\n"));
            }
            text
        }
        Format::Csv => csv::render(evaluation, options.csv_header, options.lang),
        Format::Json => {
            let findings = audit::findings(evaluation);
            let document = json::document(evaluation, &findings, source, options.lang);
            let mut text = serde_json::to_string_pretty(&document).map_err(|e| Error::Write {
                path: "<json>".to_string(),
                source: io::Error::other(e),
            })?;
            text.push('\n');
            text
        }
        Format::Xlsx => {
            return xlsx::render(evaluation, labels).map_err(|e| Error::Write {
                path: "<xlsx>".to_string(),
                source: io::Error::other(e),
            });
        }
    };
    Ok(text.into_bytes())
}
