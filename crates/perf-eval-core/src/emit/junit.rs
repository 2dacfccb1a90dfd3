//! JUnit XML (Jenkins, GitLab): a test suite per file, a test case per finding, failing for
//! errors (and for warnings when they fail the run), so that the suite fails exactly when
//! `check` would. A clean file is one passing case, so every file checked is counted. Each
//! case names the finding's place: a project file's line and column, or the cell.

use std::io::{self, Write};

use super::{Emitter, IMPORT_WARNING, Outcome, Shown, Summary, Tally, UNUSABLE};
use crate::audit::Severity;
use crate::diagnostic::Diagnostic;
use crate::render::escape_markup;

pub struct Junit {
    pub shown: Shown,
}

/// The document up to its first test suite.
const HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"perf-eval check\">\n";

/// One finding as a test case: where it is (`a.toml:2:9`, `城建局.xlsx:自评表!G12`), the line
/// when it has one, and what it says.
struct Case {
    place: String,
    at: String,
    line: Option<usize>,
    diagnostic: Diagnostic,
}

impl Emitter for Junit {
    type Part = Vec<u8>;

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(HEAD.as_bytes())
    }

    fn part(&self, outcome: &Outcome) -> Vec<u8> {
        let lang = self.shown.lang;
        let settings = self.shown.settings.as_deref();
        let suite = match outcome {
            Outcome::Checked(file) => {
                let name = &file.name.shown;
                let warnings = file.import_warnings(lang).into_iter().map(|message| Case {
                    place: name.clone(),
                    at: String::new(),
                    line: None,
                    diagnostic: Diagnostic {
                        severity: Severity::Warning,
                        code: Some(IMPORT_WARNING),
                        message,
                        label: String::new(),
                        help: None,
                    },
                });
                let findings = file.findings.iter().map(|finding| {
                    let diagnostic = file.diagnostic(finding, lang);
                    match file.cell(finding) {
                        Some(cell) => {
                            let at = cell.place.locator(lang);
                            Case {
                                place: format!("{name}:{at}"),
                                at,
                                line: cell.place.line(),
                                diagnostic,
                            }
                        }
                        None => {
                            let start = file.source.location(finding.span.start);
                            Case {
                                place: format!(
                                    "{}:{}:{}",
                                    file.source.name, start.line, start.column
                                ),
                                at: format!("{}:{}", start.line, start.column),
                                line: Some(start.line),
                                diagnostic,
                            }
                        }
                    }
                });
                let cases: Vec<Case> = warnings.chain(findings).collect();
                suite(
                    &file.source.name,
                    &cases,
                    self.shown.deny_warnings,
                    settings,
                )
            }
            Outcome::Unusable(file) => {
                let path = escape_markup(&file.name.shown);
                format!(
                    "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
                     <testcase name=\"{UNUSABLE}\" classname=\"{path}\" file=\"{path}\">\n      \
                     <error type=\"{UNUSABLE}\" message=\"{}\"/>\n    </testcase>\n  </testsuite>\n",
                    escape_markup(&file.error.text(lang))
                )
            }
        };
        suite.into_bytes()
    }

    fn write(&mut self, part: Vec<u8>, _tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&part)
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"</testsuites>\n")
    }
}

fn suite(file: &str, cases: &[Case], deny_warnings: bool, settings: Option<&str>) -> String {
    let path = escape_markup(file);
    let fails = |d: &Diagnostic| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    };
    let failures = cases.iter().filter(|case| fails(&case.diagnostic)).count();
    let mut out = format!(
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        cases.len().max(1)
    );
    if let Some(settings) = settings {
        out.push_str(&format!(
            "    <properties>\n      <property name=\"settings\" value=\"{}\"/>\n    </properties>\n",
            escape_markup(settings)
        ));
    }
    if cases.is_empty() {
        out.push_str(&format!(
            "    <testcase name=\"check\" classname=\"{path}\" file=\"{path}\"/>\n"
        ));
    }
    for case in cases {
        let diagnostic = &case.diagnostic;
        let code = diagnostic.code.unwrap_or(UNUSABLE);
        let text = format!("{}: {}", case.place, diagnostic.with_help());
        let name = escape_markup(format!("{code} {}", case.at).trim_end());
        let line = case
            .line
            .map_or_else(String::new, |line| format!(" line=\"{line}\""));
        out.push_str(&format!(
            "    <testcase name=\"{name}\" classname=\"{path}\" file=\"{path}\"{line}>\n"
        ));
        if fails(diagnostic) {
            out.push_str(&format!(
                "      <failure type=\"{code}\" message=\"{}\">{}</failure>\n",
                escape_markup(&diagnostic.message),
                escape_markup(&text)
            ));
        } else {
            out.push_str(&format!(
                "      <system-out>{}: {}</system-out>\n",
                diagnostic.severity.label(),
                escape_markup(&text)
            ));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(severity: Severity, message: &str) -> Case {
        Case {
            place: "a&b.toml:2:9".into(),
            at: "2:9".into(),
            line: Some(2),
            diagnostic: Diagnostic {
                severity,
                code: Some("score-mismatch"),
                message: message.into(),
                label: String::new(),
                help: Some("6/9 × 5 = 3.333… → 3.33".into()),
            },
        }
    }

    #[test]
    fn suites_escape_and_fail_only_what_fails_the_run() {
        let cases = [
            case(Severity::Error, "<4>"),
            case(Severity::Warning, "w\u{1}"),
        ];
        let suite = suite("a&b.toml", &cases, false, Some("设置：perf-eval.toml"));
        assert!(suite.starts_with(
            "  <testsuite name=\"a&amp;b.toml\" tests=\"2\" failures=\"1\" errors=\"0\">\n"
        ));
        assert!(suite.contains("<testcase name=\"score-mismatch 2:9\" classname=\"a&amp;b.toml\" file=\"a&amp;b.toml\" line=\"2\">"));
        assert!(suite.contains("<property name=\"settings\" value=\"设置：perf-eval.toml\"/>"));
        assert!(suite.contains("<failure type=\"score-mismatch\" message=\"&lt;4&gt;\">"));
        assert!(suite.contains("<system-out>warning: a&amp;b.toml:2:9: w&#10;help:"));
        let denied = super::suite("a&b.toml", &cases, true, None);
        assert!(denied.contains("failures=\"2\""));
    }
}
