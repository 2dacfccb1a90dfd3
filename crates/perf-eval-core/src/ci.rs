//! Findings in the formats CI systems read: one line per finding (`concise`, as
//! `ruff --output-format concise` prints), SARIF 2.1.0 (GitHub code scanning, GitLab) and JUnit
//! XML (Jenkins, GitLab). Each file's part is made on its own, so `check` can stream them.

use serde_json::{Value, json};

use crate::audit::{Code, Severity};
use crate::diagnostic::Diagnostic;
use crate::source::Excerpt;

/// The code given to an input that could not be used at all (it has no finding code).
pub const UNUSABLE: &str = "unusable-input";

/// `path:line:col: code message`, at the excerpt's place (a profile's error in the profile).
pub fn concise(excerpt: &Excerpt, diagnostic: &Diagnostic) -> String {
    let start = excerpt.start;
    format!(
        "{}:{}:{}: {} {}\n",
        excerpt.file,
        start.line,
        start.column,
        diagnostic.code.unwrap_or(UNUSABLE),
        one_line(diagnostic.message)
    )
}

/// `path: unusable-input message`, for an input with no place to point at.
pub fn concise_file(path: &str, message: &str) -> String {
    format!("{path}: {UNUSABLE} {}\n", one_line(message))
}

/// `path: import-warning message`, for a cell import left out of the table.
pub fn concise_file_warning(path: &str, message: &str) -> String {
    format!("{path}: import-warning {}\n", one_line(message))
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// SARIF: the log up to the opening of its `results` array. The rules are every finding code,
/// so that GitHub can show each code's level before any result names it.
pub fn sarif_head() -> String {
    let mut rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| sarif_rule(code.name(), code.severity()))
        .collect();
    rules.push(sarif_rule(UNUSABLE, Severity::Error));
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "perf-eval",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            // Columns count characters, as in every other report of perf-eval.
            "columnKind": "unicodeCodePoints",
            "results": [],
        }],
    });
    let text = serde_json::to_string_pretty(&log).unwrap_or_default();
    // The empty array is written last in the log; open it so results can follow.
    let open = text.rfind("[]").unwrap_or(text.len());
    text[..open + 1].to_string()
}

/// SARIF: closes the results array, the run and the log.
pub const SARIF_TAIL: &str = "\n      ]\n    }\n  ]\n}\n";

fn sarif_rule(id: &str, severity: Severity) -> Value {
    json!({
        "id": id,
        "defaultConfiguration": {"level": sarif_level(severity)},
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One SARIF result at the excerpt's place, indented for its place in the results array.
pub fn sarif_result(excerpt: &Excerpt, diagnostic: &Diagnostic) -> String {
    let (start, end) = (excerpt.start, excerpt.end);
    let mut message = diagnostic.message.to_string();
    if let Some(help) = diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let result = json!({
        "ruleId": diagnostic.code.unwrap_or(UNUSABLE),
        "level": sarif_level(diagnostic.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri(&excerpt.file)},
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            },
        }}],
    });
    indent_result(&result)
}

/// A SARIF result for an input with no place in it: the file alone.
pub fn sarif_file(path: &str, message: &str) -> String {
    let result = json!({
        "ruleId": UNUSABLE,
        "level": "error",
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}}}],
    });
    indent_result(&result)
}

fn indent_result(result: &Value) -> String {
    crate::render::json::pretty_at("\n        ", result, 4).unwrap_or_default()
}

/// A relative URI reference for a path: `/` between folders, everything else outside the
/// unreserved set percent-encoded as UTF-8 (RFC 3986 §2), so 自评表/县财政局.toml stays readable
/// to GitHub once decoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for part in path.split(['/', '\\']).enumerate() {
        if part.0 > 0 {
            out.push('/');
        }
        for byte in part.1.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(char::from(byte));
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// JUnit: the document up to its first test suite.
pub const JUNIT_HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"perf-eval check\">\n";

/// JUnit: closes the document.
pub const JUNIT_TAIL: &str = "</testsuites>\n";

/// One file as a JUnit test suite: a test case per finding, failing for errors (and for
/// warnings when they fail the run), so that the suite fails exactly when `check` would. A
/// clean file is one passing case, so every file checked is counted.
pub fn junit_suite(
    file: &str,
    diagnostics: &[(Excerpt, Diagnostic)],
    deny_warnings: bool,
) -> String {
    let path = escape_markup(file);
    let fails = |d: &Diagnostic| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    };
    let failures = diagnostics.iter().filter(|(_, d)| fails(d)).count();
    let mut out = format!(
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        diagnostics.len().max(1)
    );
    if diagnostics.is_empty() {
        out.push_str(&format!(
            "    <testcase name=\"check\" classname=\"{path}\" file=\"{path}\"/>\n"
        ));
    }
    for (excerpt, diagnostic) in diagnostics {
        let start = excerpt.start;
        let code = diagnostic.code.unwrap_or(UNUSABLE);
        let mut text = format!(
            "{}:{}:{}: {}",
            excerpt.file, start.line, start.column, diagnostic.message
        );
        if let Some(help) = diagnostic.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        out.push_str(&format!(
            "    <testcase name=\"{code} {}:{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">\n",
            start.line, start.column, start.line
        ));
        if fails(diagnostic) {
            out.push_str(&format!(
                "      <failure type=\"{code}\" message=\"{}\">{}</failure>\n",
                escape_markup(diagnostic.message),
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

/// A file that could not be used, as a suite with one erroring case.
pub fn junit_unusable(path: &str, message: &str) -> String {
    let path = escape_markup(path);
    format!(
        "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
         <testcase name=\"{UNUSABLE}\" classname=\"{path}\" file=\"{path}\">\n      \
         <error type=\"{UNUSABLE}\" message=\"{}\"/>\n    </testcase>\n  </testsuite>\n",
        escape_markup(message)
    )
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
    use super::*;
    use crate::source::{Source, Span};

    fn diagnostic(severity: Severity, message: &str) -> Diagnostic<'_> {
        Diagnostic {
            severity,
            code: Some("score-mismatch"),
            message,
            label: "",
            help: Some("6/9 × 5 = 3.333… → 3.33"),
        }
    }

    /// `score = 4`'s `4`, on line 2 of a file called `name`.
    fn at_the_score(name: &str) -> Excerpt {
        Source::new(name, "[x]\nscore = 4\n").excerpt(Span { start: 12, end: 13 })
    }

    #[test]
    fn concise_is_one_line_per_finding() {
        assert_eq!(
            concise(
                &at_the_score("表/2022.toml"),
                &diagnostic(Severity::Error, "declared 4\nnot 3.33")
            ),
            "表/2022.toml:2:9: score-mismatch declared 4 not 3.33\n"
        );
        assert_eq!(
            concise_file("a.toml", "cannot read"),
            "a.toml: unusable-input cannot read\n"
        );
    }

    #[test]
    fn markup_escapes_quotes_and_drops_control_characters() {
        assert_eq!(
            escape_markup("<a href=\"x\">&'\u{7}\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;"
        );
    }

    #[test]
    fn uris_encode_all_but_unreserved_characters() {
        assert_eq!(uri("自评/a b.toml"), "%E8%87%AA%E8%AF%84/a%20b.toml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn junit_escapes_and_fails_only_what_fails_the_run() {
        let findings = [
            (at_the_score("a&b.toml"), diagnostic(Severity::Error, "<4>")),
            (
                at_the_score("a&b.toml"),
                diagnostic(Severity::Warning, "w\u{1}"),
            ),
        ];
        let suite = junit_suite("a&b.toml", &findings, false);
        assert!(suite.starts_with(
            "  <testsuite name=\"a&amp;b.toml\" tests=\"2\" failures=\"1\" errors=\"0\">\n"
        ));
        assert!(suite.contains("<failure type=\"score-mismatch\" message=\"&lt;4&gt;\">"));
        assert!(suite.contains("<system-out>warning: a&amp;b.toml:2:9: w&#10;help:"));
        let denied = junit_suite("a&b.toml", &findings, true);
        assert!(denied.contains("failures=\"2\""));
    }
}
