//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`. A
//! workbook's or Word file's finding names the file, and its message starts with the cell
//! (`自评表!G12: …`), for such files have no lines to point at; a pasted text's names its line.

use std::io::{self, Write};

use super::{Emitter, Outcome, Shown, Summary, Tally, summary_line};
use crate::audit::Severity;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::source::Excerpt;

pub struct Github {
    pub shown: Shown,
}

impl Emitter for Github {
    type Part = Vec<u8>;

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match &self.shown.settings {
            Some(settings) => out.write_all(command("notice", "", "settings", settings).as_bytes()),
            None => Ok(()),
        }
    }

    fn part(&self, outcome: &Outcome) -> Vec<u8> {
        let lang = self.shown.lang;
        let mut text = String::new();
        match outcome {
            Outcome::Checked(file) => {
                let name = &file.name.shown;
                for warning in file.import_warnings(lang) {
                    text.push_str(&command(
                        "warning",
                        &format!("file={}", escape_property(name)),
                        "left out on import",
                        &warning,
                    ));
                }
                for finding in file.findings {
                    let diagnostic = file.diagnostic(finding, lang);
                    let (place, message) = match file.cell(finding) {
                        Some(cell) => {
                            let mut place = format!("file={}", escape_property(name));
                            if let Some(line) = cell.place.line() {
                                place.push_str(&format!(",line={line}"));
                            }
                            let message =
                                format!("{}: {}", cell.place.text(lang), diagnostic.with_help());
                            (place, message)
                        }
                        None => (
                            lines(&file.source.excerpt(finding.span)),
                            diagnostic.with_help(),
                        ),
                    };
                    text.push_str(&command(
                        level(diagnostic.severity),
                        &place,
                        finding.code.name(),
                        &message,
                    ));
                }
            }
            Outcome::Unusable(file) => match file.error {
                Error::Input(error) => {
                    let diagnostic = Diagnostic::input(error, lang);
                    text.push_str(&command(
                        "error",
                        &lines(&error.excerpt),
                        "unusable input",
                        &diagnostic.with_help(),
                    ));
                }
                error => text.push_str(&command(
                    "error",
                    &format!("file={}", escape_property(&file.name.shown)),
                    "unusable input",
                    &error.text(lang),
                )),
            },
        }
        text.into_bytes()
    }

    fn write(&mut self, part: Vec<u8>, _tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&part)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        summary_line(&self.shown, summary, out)
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// `file=…,line=…,col=…,endLine=…,endColumn=…` of an excerpt.
fn lines(excerpt: &Excerpt) -> String {
    let (start, end) = (excerpt.start, excerpt.end);
    format!(
        "file={},line={},col={},endLine={},endColumn={}",
        escape_property(&excerpt.file),
        start.line,
        start.column,
        end.line,
        end.column,
    )
}

fn command(level: &str, place: &str, title: &str, message: &str) -> String {
    let place = match place {
        "" => String::new(),
        place => format!("{place},"),
    };
    format!(
        "::{level} {place}title={}::{}\n",
        escape_property(title),
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

    #[test]
    fn annotations_escape() {
        let source = Source::new("a,b.toml", "x = 1\n");
        let diagnostic = crate::diagnostic::tests::diagnostic("");
        let line = command(
            level(diagnostic.severity),
            &lines(&source.excerpt(Span { start: 4, end: 5 })),
            diagnostic.code.unwrap(),
            &diagnostic.with_help(),
        );
        assert_eq!(
            line,
            "::warning file=a%2Cb.toml,line=1,col=5,endLine=1,endColumn=6,title=actual-comparator::实际完成值 repeats a comparator%0Ahelp: write the value reached\n"
        );
    }
}
