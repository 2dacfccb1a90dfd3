//! Diagnostics for people and for CI: rustc-style reports with the source line and the span
//! underlined (CJK-correct), and GitHub workflow annotations.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::audit::{Finding, Severity};
use crate::error::InputError;
use crate::source::{Excerpt, Location};

/// One thing to report at a place in a source.
#[derive(Debug, Clone)]
pub struct Diagnostic<'a> {
    pub severity: Severity,
    /// The finding code; `None` for unusable input.
    pub code: Option<&'a str>,
    pub message: &'a str,
    pub label: &'a str,
    pub help: Option<&'a str>,
}

impl<'a> From<&'a Finding> for Diagnostic<'a> {
    fn from(finding: &'a Finding) -> Diagnostic<'a> {
        Diagnostic {
            severity: finding.severity,
            code: Some(finding.code.name()),
            message: &finding.message,
            label: &finding.label,
            help: finding.help.as_deref(),
        }
    }
}

impl<'a> Diagnostic<'a> {
    /// An input error, with its `message` already worded in the language asked for.
    pub fn input(error: &'a InputError, message: &'a str) -> Diagnostic<'a> {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            message,
            label: error.key.as_deref().unwrap_or(""),
            help: None,
        }
    }
}

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        }
    }
}

/// A rustc-style report:
///
/// ```text
/// error[score-mismatch]: declared 得分 4 of 「…」 differs from the computed 3.33
///   --> 2022.toml:63:9
///    |
/// 63 | score = 4
///    |         ^ computed 3.33
///    = help: unmet (≥): 6/9 × 5 = 3.333… → 3.33
/// ```
pub fn human(excerpt: &Excerpt, diagnostic: &Diagnostic, style: Style) -> String {
    human_at(excerpt, diagnostic, style, None)
}

/// As [`human`], pointing at `place` (`城建局.xlsx:自评表!G12`, a cell of the workbook the
/// source was imported from) instead of the excerpt's own line and column; the line shown is
/// the value as it was read.
pub fn human_at(
    excerpt: &Excerpt,
    diagnostic: &Diagnostic,
    style: Style,
    place: Option<&str>,
) -> String {
    let Location { line, column } = excerpt.start;
    let place = place.map_or_else(
        || format!("{}:{line}:{column}", excerpt.file),
        str::to_string,
    );
    let heading = match diagnostic.code {
        Some(code) => format!("{}[{code}]", diagnostic.severity.label()),
        None => diagnostic.severity.label().to_string(),
    };
    let gutter = " ".repeat(line.to_string().len());
    let bar = style.paint("1;34", "|");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{}",
        style.paint(style.severity(diagnostic.severity), &heading),
        style.paint("1", &format!(": {}", diagnostic.message))
    );
    let _ = writeln!(out, "{gutter}{} {place}", style.paint("1;34", "-->"));
    let _ = writeln!(out, "{gutter} {bar}");
    let _ = writeln!(
        out,
        "{} {bar} {}",
        style.paint("1;34", &line.to_string()),
        excerpt.line
    );
    // Underline in display columns: CJK characters take two.
    let before = &excerpt.line[..excerpt.marked.start];
    let carets = "^".repeat(excerpt.line[excerpt.marked.clone()].width().max(1));
    let marks = format!("{carets} {}", diagnostic.label);
    let _ = writeln!(
        out,
        "{gutter} {bar} {}{}",
        " ".repeat(before.width()),
        style.paint(style.severity(diagnostic.severity), marks.trim_end())
    );
    if let Some(help) = diagnostic.help {
        let _ = writeln!(out, "{gutter} {} help: {help}", style.paint("1;34", "="));
    }
    out
}

/// An error with no place in a source (an unreadable file): `error: message`.
pub fn human_plain(message: &str, style: Style) -> String {
    format!(
        "{}: {message}\n",
        style.paint(style.severity(Severity::Error), "error")
    )
}

/// A GitHub Actions workflow command: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(excerpt: &Excerpt, diagnostic: &Diagnostic) -> String {
    github_at(excerpt, diagnostic, None)
}

/// As [`github`], for a source imported from `file`: the annotation names the file, and the
/// message starts with the cell (`自评表!G12`), for a workbook has no lines to point at.
pub fn github_at(
    excerpt: &Excerpt,
    diagnostic: &Diagnostic,
    imported: Option<(&str, &str)>,
) -> String {
    let (start, end) = (excerpt.start, excerpt.end);
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = match imported {
        Some((_, cell)) => format!("{cell}: {}", diagnostic.message),
        None => diagnostic.message.to_string(),
    };
    if let Some(help) = diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let title = diagnostic.code.unwrap_or("unusable input");
    let place = match imported {
        Some((file, _)) => format!("file={}", escape_property(file)),
        None => format!(
            "file={},line={},col={},endLine={},endColumn={}",
            escape_property(&excerpt.file),
            start.line,
            start.column,
            end.line,
            end.column,
        ),
    };
    format!(
        "::{command} {place},title={}::{}\n",
        escape_property(title),
        escape_data(&message)
    )
}

/// A GitHub warning about a whole file (a cell left out on import, named in the message).
pub fn github_file_warning(path: &str, message: &str) -> String {
    format!(
        "::warning file={},title=left out on import::{}\n",
        escape_property(path),
        escape_data(message)
    )
}

/// A GitHub annotation for an input that could not be read at all (no place in it).
pub fn github_file(path: &str, message: &str) -> String {
    format!(
        "::error file={},title=unusable input::{}\n",
        escape_property(path),
        escape_data(message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Source, Span};

    fn diagnostic(label: &str) -> Diagnostic<'_> {
        Diagnostic {
            severity: Severity::Warning,
            code: Some("actual-comparator"),
            message: "实际完成值 repeats a comparator",
            label,
            help: Some("write the value reached"),
        }
    }

    #[test]
    fn underlines_cjk_by_display_width() {
        let source = Source::new("t.toml", "[x]\nname = \"产出\"\nactual = \"≥850个\"\n");
        let start = source.text.find("\"≥").unwrap();
        let span = Span {
            start,
            end: start + "\"≥850个\"".len(),
        };
        let report = human(
            &source.excerpt(span),
            &diagnostic("here"),
            Style { color: false },
        );
        assert_eq!(
            report,
            "warning[actual-comparator]: 实际完成值 repeats a comparator\n \
             --> t.toml:3:10\n  |\n3 | actual = \"≥850个\"\n  |          ^^^^^^^^ here\n  \
             = help: write the value reached\n"
        );
        let source = Source::new("t.toml", "name = \"产出指标\" # 注\nweight = 5\n");
        let start = source.text.find('#').unwrap();
        let report = human(
            &source.excerpt(Span {
                start,
                end: start + 1,
            }),
            &diagnostic("x"),
            Style { color: false },
        );
        // `name = "` is 8 columns, 产出指标 8 more, `" ` 2: the caret stands at column 19.
        let caret_line = format!("\n  | {}^ x\n", " ".repeat(18));
        assert!(report.contains(&caret_line), "{report}");
    }

    #[test]
    fn github_annotations_escape() {
        let source = Source::new("a,b.toml", "x = 1\n");
        let line = github(&source.excerpt(Span { start: 4, end: 5 }), &diagnostic(""));
        assert_eq!(
            line,
            "::warning file=a%2Cb.toml,line=1,col=5,endLine=1,endColumn=6,title=actual-comparator::实际完成值 repeats a comparator%0Ahelp: write the value reached\n"
        );
    }
}
