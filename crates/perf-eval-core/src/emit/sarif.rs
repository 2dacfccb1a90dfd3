//! SARIF 2.1.0 (GitHub code scanning, GitLab): one log, a result per finding. A project file's
//! finding has a region of lines and columns; a workbook's or Word file's names the file as
//! the artifact and the cell as a logical location, with no region (it has no lines); a pasted
//! text's has the line.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Emitter, IMPORT_WARNING, Outcome, Shown, Tally, UNUSABLE};
use crate::audit::{Code, Severity};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::lang::Lang;
use crate::place::Place;
use crate::render::json::stream;
use crate::source::Excerpt;

pub struct Sarif {
    lang: Lang,
    settings: Option<String>,
    frame: stream::Frame,
}

impl Sarif {
    pub fn new(shown: Shown) -> Sarif {
        Sarif {
            lang: shown.lang,
            settings: shown.settings,
            frame: stream::Frame::default(),
        }
    }
}

/// How deep a result stands: `runs[0].results[i]`.
const RESULT_DEPTH: usize = 4;

impl Emitter for Sarif {
    /// A file's results, each serialized where it stands.
    type Part = Vec<u8>;

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut rules: Vec<Value> = Code::ALL
            .iter()
            .map(|code| rule(code.name(), code.severity()))
            .collect();
        rules.push(rule(UNUSABLE, Severity::Error));
        rules.push(rule(IMPORT_WARNING, Severity::Warning));
        let frame = &mut self.frame;
        frame.open_object(out)?;
        frame.field(
            out,
            "$schema",
            &"https://json.schemastore.org/sarif-2.1.0.json",
        )?;
        frame.field(out, "version", &"2.1.0")?;
        frame.key(out, "runs")?;
        frame.open_array(out)?;
        frame.item(out)?;
        frame.open_object(out)?;
        frame.field(
            out,
            "tool",
            &json!({"driver": {
                "name": "perf-eval",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }}),
        )?;
        // Columns count characters, as in every other report of perf-eval.
        frame.field(out, "columnKind", &"unicodeCodePoints")?;
        if let Some(settings) = &self.settings {
            frame.field(out, "properties", &json!({ "settings": settings }))?;
        }
        frame.key(out, "results")?;
        frame.open_array(out)
    }

    fn part(&self, outcome: &Outcome) -> Vec<u8> {
        let lang = self.lang;
        let mut results = Vec::new();
        match outcome {
            Outcome::Checked(file) => {
                let name = &file.name.shown;
                for warning in file.import_warnings(lang) {
                    results.push(result(
                        IMPORT_WARNING,
                        "warning",
                        &warning,
                        file_location(name),
                    ));
                }
                for finding in file.findings {
                    let diagnostic = file.diagnostic(finding, lang);
                    let location = match file.cell(finding) {
                        Some(cell) => cell_location(name, &cell.place, lang),
                        None => region_location(&file.source.excerpt(finding.span)),
                    };
                    results.push(result(
                        finding.code.name(),
                        level(finding.severity),
                        &diagnostic.with_help(),
                        location,
                    ));
                }
            }
            Outcome::Unusable(file) => results.push(match file.error {
                Error::Input(error) => result(
                    UNUSABLE,
                    "error",
                    &Diagnostic::input(error, lang).with_help(),
                    region_location(&error.excerpt),
                ),
                error => result(
                    UNUSABLE,
                    "error",
                    &error.text(lang),
                    file_location(&file.name.shown),
                ),
            }),
        }
        // Each result is serialized where it stands; the frame writes what goes between.
        let mut part = Vec::new();
        for (index, result) in results.iter().enumerate() {
            if index > 0 {
                part.push(0);
            }
            part.extend(stream::part(result, RESULT_DEPTH));
        }
        part
    }

    fn write(&mut self, part: Vec<u8>, _tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        if part.is_empty() {
            return Ok(());
        }
        for result in part.split(|byte| *byte == 0) {
            self.frame.item(out)?;
            out.write_all(result)?;
            self.frame.end_member(out)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &super::Summary, out: &mut dyn Write) -> io::Result<()> {
        let frame = &mut self.frame;
        frame.close_array(out)?;
        frame.end_member(out)?;
        frame.close_object(out)?;
        frame.end_member(out)?;
        frame.close_array(out)?;
        frame.end_member(out)?;
        frame.close_object(out)?;
        out.write_all(b"\n")
    }
}

fn rule(id: &str, severity: Severity) -> Value {
    json!({
        "id": id,
        "defaultConfiguration": {"level": level(severity)},
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(rule: &str, level: &str, message: &str, location: Value) -> Value {
    json!({
        "ruleId": rule,
        "level": level,
        "message": {"text": message},
        "locations": [location],
    })
}

/// A place in a project file: its lines and columns.
fn region_location(excerpt: &Excerpt) -> Value {
    let (start, end) = (excerpt.start, excerpt.end);
    json!({"physicalLocation": {
        "artifactLocation": {"uri": uri(&excerpt.file)},
        "region": {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        },
    }})
}

/// A cell of an imported file: the file, and the cell as a logical location; a pasted text's
/// line as a region too.
fn cell_location(file: &str, place: &Place, lang: Lang) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": uri(file)}});
    if let Some(line) = place.line() {
        physical["region"] = json!({"startLine": line});
    }
    let kind = match place {
        Place::Cell { .. } => "cell",
        Place::Word { .. } => "tableCell",
        Place::Line { .. } => "line",
    };
    json!({
        "physicalLocation": physical,
        "logicalLocations": [{"fullyQualifiedName": place.text(lang), "kind": kind}],
    })
}

/// A file with no place in it.
fn file_location(file: &str) -> Value {
    json!({"physicalLocation": {"artifactLocation": {"uri": uri(file)}}})
}

/// A relative URI reference for a path: `/` between folders, everything else outside the
/// unreserved set percent-encoded as UTF-8 (RFC 3986 §2), so 自评表/县财政局.toml stays readable
/// to GitHub once decoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for (index, part) in path.split(['/', '\\']).enumerate() {
        if index > 0 {
            out.push('/');
        }
        for byte in part.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(char::from(byte));
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_encode_all_but_unreserved_characters() {
        assert_eq!(uri("自评/a b.toml"), "%E8%87%AA%E8%AF%84/a%20b.toml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn a_cell_is_a_logical_location_without_a_region() {
        let cell = Place::Cell {
            sheet: "自评表".into(),
            cell: "I28".into(),
        };
        let location = cell_location("a.xlsx", &cell, Lang::Zh);
        assert_eq!(
            location,
            json!({
                "physicalLocation": {"artifactLocation": {"uri": "a.xlsx"}},
                "logicalLocations": [{"fullyQualifiedName": "自评表!I28", "kind": "cell"}],
            })
        );
        let line = cell_location("a.txt", &Place::Line { line: 7 }, Lang::En);
        assert_eq!(line["physicalLocation"]["region"], json!({"startLine": 7}));
    }
}
