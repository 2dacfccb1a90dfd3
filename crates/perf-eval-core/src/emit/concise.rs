//! One line per finding, as `ruff --output-format concise` prints: `path:line:col: code
//! message`, or `path:sheet!cell: code message` for a workbook's cell (a Word cell or a pasted
//! text's line likewise), so that a person or a script can open the place.

use std::io::{self, Write};

use super::{
    Emitter, IMPORT_WARNING, Outcome, Shown, Summary, Tally, UNUSABLE, one_line, summary_line,
};
use crate::error::Error;

pub struct Concise {
    pub shown: Shown,
}

impl Emitter for Concise {
    type Part = Vec<u8>;

    fn part(&self, outcome: &Outcome) -> Vec<u8> {
        let lang = self.shown.lang;
        let mut text = String::new();
        match outcome {
            Outcome::Checked(file) => {
                let name = &file.name.shown;
                for warning in file.import_warnings(lang) {
                    text.push_str(&format!(
                        "{name}: {IMPORT_WARNING} {}\n",
                        one_line(&warning)
                    ));
                }
                for finding in file.findings {
                    let place = match file.cell(finding) {
                        Some(cell) => format!("{name}:{}", cell.place.locator(lang)),
                        None => {
                            let start = file.source.location(finding.span.start);
                            format!("{}:{}:{}", file.source.name, start.line, start.column)
                        }
                    };
                    let message = file.diagnostic(finding, lang).message;
                    text.push_str(&format!(
                        "{place}: {} {}\n",
                        finding.code.name(),
                        one_line(&message)
                    ));
                }
            }
            Outcome::Unusable(file) => match file.error {
                Error::Input(error) => {
                    let start = error.excerpt.start;
                    text.push_str(&format!(
                        "{}:{}:{}: {UNUSABLE} {}\n",
                        error.excerpt.file,
                        start.line,
                        start.column,
                        one_line(&error.message(lang))
                    ));
                }
                error => text.push_str(&format!(
                    "{}: {UNUSABLE} {}\n",
                    file.name.shown,
                    one_line(&error.text(lang))
                )),
            },
        }
        text.into_bytes()
    }

    fn write(&mut self, part: Vec<u8>, _tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&part)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if let Some(settings) = self.shown.settings.as_ref().filter(|_| !self.shown.quiet) {
            writeln!(out, "{}", one_line(settings))?;
        }
        summary_line(&self.shown, summary, out)
    }
}
