//! Renderers: the scored table in the formats people hand in.

pub mod compare;
pub mod csv;
pub mod draft;
pub mod explain;
pub(crate) mod form;
pub mod json;
mod labels;
pub mod markdown;
pub(crate) mod paper;
pub mod table;
pub mod xlsx;

use std::borrow::Cow;
use std::io;

pub use labels::{Labels, Lang};

use crate::audit;
use crate::engine::Evaluation;
use crate::error::Error;
use crate::output::Format;
use crate::place::Places;

/// How `score` renders.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    pub lang: Lang,
    /// The language of the CSV header row.
    pub csv_header: Lang,
    /// Wrap the terminal table to the terminal's width.
    pub wrap: bool,
    /// How the terminal draws ambiguous characters (`--ambiguous wide`).
    pub ambiguous: table::Ambiguous,
    /// Append the derivation of every figure (table and Markdown).
    pub explain: bool,
}

impl Options {
    /// A report for a file rather than a terminal: Chinese labels, an English CSV header, lines
    /// unwrapped, every figure's derivation appended.
    pub fn file(format: Format) -> Options {
        Options {
            format,
            lang: Lang::Zh,
            csv_header: Lang::En,
            wrap: false,
            ambiguous: table::Ambiguous::Narrow,
            explain: true,
        }
    }
}

/// The scored table in the chosen format: what `score` prints or writes.
pub fn scored(evaluation: &Evaluation, places: Places, options: Options) -> Result<Vec<u8>, Error> {
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
        Format::Table => {
            let width = options.wrap.then_some(None);
            table::render(evaluation, labels, width, options.ambiguous) + &explanation()
        }
        Format::Markdown => {
            let mut text = markdown::render(evaluation, labels);
            if options.explain {
                let explained = explain::render(evaluation, labels, options.lang, None);
                text.push_str(&format!("\n{}", markdown::fenced("text", &explained)));
            }
            text
        }
        Format::Csv => csv::render(evaluation, options.csv_header, options.lang),
        Format::Json => {
            let findings = audit::findings(evaluation);
            let document = json::document(evaluation, &findings, places, options.lang);
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

/// Whether a spreadsheet would take `text` for a formula or a command once it opens the file or
/// the cell is edited: text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
/// (OWASP, "CSV Injection"). A table's names and notes come from whoever filled it in; a name
/// such as `=HYPERLINK(…)` must not become a live link on the auditor's screen. A signed figure
/// (`-5`, `+2.5%`) is a number, not a formula, and is left as it is.
pub(crate) fn formula_like(text: &str) -> bool {
    let starts = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    starts && !is_signed_figure(text)
}

fn is_signed_figure(text: &str) -> bool {
    let Some(unsigned) = text.strip_prefix(['+', '-']) else {
        return false;
    };
    let digits = unsigned.strip_suffix('%').unwrap_or(unsigned);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let figures = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    figures(whole) && figures(fraction)
}

/// A text cell of a CSV file as OWASP advises: behind a `'` when a spreadsheet would run it.
pub(crate) fn spreadsheet_text(text: &str) -> Cow<'_, str> {
    if formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The format of a workbook's text cell: `format`, with Excel's quote prefix (the `'` kept out
/// of the text) when a spreadsheet would take the text for a formula once the cell is edited.
/// Text cells are written as strings, never as formulas.
pub(crate) fn text_format(text: &str, format: &rust_xlsxwriter::Format) -> rust_xlsxwriter::Format {
    if formula_like(text) {
        format.clone().set_quote_prefix()
    } else {
        format.clone()
    }
}

/// Text as XML 1.0 allows it (§2.2 Characters): a control character other than tab and line
/// breaks, or U+FFFE / U+FFFF, makes Word and Excel refuse the whole file, so each becomes
/// U+FFFD, the replacement character, and the rest of the text is kept.
pub(crate) fn xml_text(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if text.contains(forbidden) {
        Cow::Owned(text.replace(forbidden, "\u{FFFD}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Escapes text for XML and HTML content and attributes, dropping the characters XML 1.0
/// cannot carry (control characters a TOML string may hold as escapes).
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape_markup, spreadsheet_text, xml_text};

    #[test]
    fn markup_escapes_quotes_and_drops_control_characters() {
        assert_eq!(
            escape_markup("<a href=\"x\">&'\u{7}\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;"
        );
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_neutralised_and_figures_stay() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http://x\",\"点此\")",
                "'=HYPERLINK(\"http://x\",\"点此\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("-5", "-5"),
            ("+2.5%", "+2.5%"),
            ("≥95%", "≥95%"),
            ("培训=100人", "培训=100人"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_text(text), written, "{text:?}");
        }
    }

    #[test]
    fn characters_xml_forbids_become_replacement_characters() {
        assert_eq!(
            xml_text("a\u{FFFE}b\u{FFFF}c\u{1}d"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"
        );
        assert_eq!(xml_text("行一\n行二\t\r"), "行一\n行二\t\r");
        assert!(matches!(xml_text("益阳"), std::borrow::Cow::Borrowed(_)));
    }
}
