//! Diagnostics for people and for CI: rustc-style reports with the source line and the span
//! underlined, and GitHub workflow annotations.
//!
//! Reports are drawn by annotate-snippets, the renderer of rustc, cargo and typos: it measures
//! the underline in display columns (a CJK character takes two), and draws spans over several
//! lines. The usual report (one line of source, one span, no colour) is written out directly,
//! the same bytes for a twentieth of the work.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use unicode_width::UnicodeWidthChar;

use crate::audit::{Finding, Severity};
use crate::error::{Error, InputError};
use crate::lang::Lang;
use crate::messages::help;
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

/// Wider than any excerpt: an excerpt is already cut around its span ([`Excerpt`]), and the
/// renderer's own cut to a terminal's width would hide the key before the span instead.
const NO_CUT: usize = 4096;

fn renderer(color: bool) -> Renderer {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.term_width(NO_CUT)
}

/// A report's level and the word that heads it.
#[derive(Clone, Copy)]
struct Heading {
    severity: Severity,
    name: &'static str,
}

impl Heading {
    /// The level of a finding, named in `lang` (错误, 警告, 提示).
    fn of(severity: Severity, lang: Lang) -> Heading {
        let [error, warning, info] = help::layout(lang).severities;
        let name = match severity {
            Severity::Error => error,
            Severity::Warning => warning,
            Severity::Info => info,
        };
        Heading { severity, name }
    }

    /// The level of input that cannot be used, named with the catalogue's word for an error
    /// (错误 / error), as every command heads the errors it stops on.
    fn unusable(lang: Lang) -> Heading {
        let word = help::layout(lang).error;
        Heading {
            severity: Severity::Error,
            name: word.trim_end_matches([':', '：', ' ']),
        }
    }

    fn level(self) -> Level<'static> {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        level.with_name(self.name)
    }
}

/// A rustc-style report of a finding, in ANSI colour when `color`:
///
/// ```text
/// error[score-mismatch]: 「城市运行综合管理平台对接平台数量」填报得分 4，按规则应得 3.33
///   --> 2022.toml:63:9
///    |
/// 63 | score = 4
///    |         ^ 应得 3.33
///    = help: 未达成（≥）：6/9 × 5 = 3.33
/// ```
///
/// `place` (`城建局.xlsx:自评表!G12`, a cell of the workbook the source was imported from)
/// stands instead of the excerpt's own line and column; the line shown is then the value as it
/// was read.
pub fn human(
    excerpt: &Excerpt,
    diagnostic: &Diagnostic,
    place: Option<&str>,
    lang: Lang,
    color: bool,
) -> String {
    Report {
        heading: Heading::of(diagnostic.severity, lang),
        excerpt,
        diagnostic,
        place,
        lang,
    }
    .draw(color)
}

/// One report to draw: the word that heads it, the source and place, and what it says.
#[derive(Clone, Copy)]
struct Report<'a> {
    heading: Heading,
    excerpt: &'a Excerpt,
    diagnostic: &'a Diagnostic<'a>,
    place: Option<&'a str>,
    lang: Lang,
}

impl Report<'_> {
    fn draw(self, color: bool) -> String {
        if !color && let Some(report) = self.one_line() {
            // The shortcut must draw what the renderer draws.
            #[cfg(debug_assertions)]
            assert_eq!(report, self.general(color));
            return report;
        }
        self.general(color)
    }

    /// The report as annotate-snippets draws it.
    fn general(self, color: bool) -> String {
        let Report {
            heading,
            excerpt,
            diagnostic,
            place,
            lang,
        } = self;
        let level = heading.level();
        let mut title = level.clone().primary_title(diagnostic.message);
        if let Some(code) = diagnostic.code {
            title = title.id(code);
        }
        let Location { line, column } = excerpt.start;
        let origin = match place {
            Some(place) => Origin::path(place),
            None => Origin::path(excerpt.file.as_str())
                .line(line)
                .char_column(column),
        };
        let annotation = AnnotationKind::Primary.span(excerpt.marked.clone());
        let annotation = match diagnostic.label {
            "" => annotation,
            label => annotation.label(label),
        };
        let mut snippet = Group::with_level(level.clone()).element(
            Snippet::source(excerpt.lines.as_str())
                .line_start(line)
                .annotation(annotation),
        );
        if let Some(help) = diagnostic.help {
            let word = help::layout(lang).help;
            snippet = snippet.element(Level::HELP.with_name(word).message(help));
        }
        // The place is given apart from the snippet, for the renderer would count the column in the
        // trimmed excerpt and could not name a cell; the empty group first keeps it from drawing a
        // separator between the place and the snippet, and costs a leading line break.
        let report = [
            Group::with_level(level.clone()),
            Group::with_title(title).element(origin),
            snippet,
        ];
        let rendered = renderer(color).render(&report);
        let mut out = rendered.strip_prefix('\n').unwrap_or(&rendered).to_string();
        out.push('\n');
        out
    }

    /// The usual report — no colour, one line of source, one span, one line of text each — drawn
    /// as annotate-snippets draws it, in a twentieth of the instructions: a province's folder can
    /// have thousands of findings. `None` for anything else, which the renderer draws.
    fn one_line(self) -> Option<String> {
        let Report {
            heading,
            excerpt,
            diagnostic,
            place,
            lang,
        } = self;
        let line = excerpt.lines.as_str();
        let marked = excerpt.marked.clone();
        let help = diagnostic.help.unwrap_or("");
        let texts = [
            diagnostic.message,
            diagnostic.label,
            help,
            place.unwrap_or(""),
        ];
        let plain = |text: &str| text.chars().all(|c| !c.is_control() && !is_replaced(c));
        let usual = texts.iter().all(|text| plain(text) && text.len() < 1000)
            && plain(line)
            && line.len() < 1000
            && line.trim_end() == line
            // The renderer cuts a long indent short; a line that starts with its key has none.
            && !line.starts_with(char::is_whitespace)
            && marked.start < marked.end
            && marked.end <= line.len()
            && line.is_char_boundary(marked.start)
            && line.is_char_boundary(marked.end);
        if !usual {
            return None;
        }
        let width = |text: &str| -> usize {
            text.chars()
                .map(|c| UnicodeWidthChar::width(c).unwrap_or(1))
                .sum()
        };
        let number = excerpt.start.line.to_string();
        let gutter = " ".repeat(number.len() + 1);
        let mut out =
            String::with_capacity(256 + line.len() + texts.iter().map(|t| t.len()).sum::<usize>());
        out.push_str(heading.name);
        if let Some(code) = diagnostic.code {
            out.push('[');
            out.push_str(code);
            out.push(']');
        }
        out.push_str(": ");
        out.push_str(diagnostic.message);
        out.push('\n');
        out.push_str(&gutter[1..]);
        out.push_str("--> ");
        match place {
            Some(place) => out.push_str(place),
            None => {
                let Location { line, column } = excerpt.start;
                out.push_str(&format!("{}:{line}:{column}", excerpt.file));
            }
        }
        out.push('\n');
        out.push_str(&gutter);
        out.push_str("|\n");
        out.push_str(&number);
        out.push_str(" | ");
        out.push_str(line);
        out.push('\n');
        out.push_str(&gutter);
        out.push_str("| ");
        out.push_str(&" ".repeat(width(&line[..marked.start])));
        out.push_str(&"^".repeat(width(&line[marked]).max(1)));
        if !diagnostic.label.is_empty() {
            out.push(' ');
            out.push_str(diagnostic.label);
        }
        out.push('\n');
        if let Some(help) = diagnostic.help {
            out.push_str(&gutter);
            out.push_str("= ");
            out.push_str(help::layout(lang).help);
            out.push_str(": ");
            out.push_str(help);
            out.push('\n');
        }
        Some(out)
    }
}

/// The characters annotate-snippets draws otherwise than as they are (tabs, bidirectional
/// controls), and those whose width it and a terminal may disagree on.
fn is_replaced(c: char) -> bool {
    matches!(c, '\t' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || UnicodeWidthChar::width(c).is_none_or(|w| w == 0)
}

/// A report of input that cannot be used with no place in a source (an unreadable file):
/// `错误: message`, one line.
pub fn human_plain(message: &str, lang: Lang, color: bool) -> String {
    line(Heading::unusable(lang), message, color)
}

/// A warning about a whole file (a cell import left out): `警告: message`, one line.
pub fn human_file_warning(message: &str, lang: Lang, color: bool) -> String {
    line(Heading::of(Severity::Warning, lang), message, color)
}

fn line(heading: Heading, message: &str, color: bool) -> String {
    let report = [Group::with_title(heading.level().primary_title(message))];
    let mut out = renderer(color).render(&report);
    out.push('\n');
    out
}

/// How an error reads on a terminal, in any command, in `lang`: an input error as a report with
/// its source line, any other as one line.
pub fn human_error(error: &Error, lang: Lang, color: bool) -> String {
    match error {
        Error::Input(error) => human_input(error, lang, color),
        error => human_plain(&error.text(lang), lang, color),
    }
}

/// Input that cannot be used, in `lang`: a report with its source line for each problem found
/// (every unknown key of a file, not only the first), a blank line between.
pub fn human_input(error: &InputError, lang: Lang, color: bool) -> String {
    let reports: Vec<String> = std::iter::once(error)
        .chain(&error.more)
        .map(|error| {
            let message = error.message(lang);
            let diagnostic = Diagnostic::input(error, &message);
            Report {
                heading: Heading::unusable(lang),
                excerpt: &error.excerpt,
                diagnostic: &diagnostic,
                place: None,
                lang,
            }
            .draw(color)
        })
        .collect();
    reports.join("\n")
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

    /// The English report of `diagnostic(label)` at `excerpt`, without colour.
    fn plain(excerpt: &Excerpt, label: &str) -> String {
        human(excerpt, &diagnostic(label), None, Lang::En, false)
    }

    #[test]
    fn underlines_cjk_by_display_width() {
        let source = Source::new("t.toml", "[x]\nname = \"产出\"\nactual = \"≥850个\"\n");
        let start = source.text.find("\"≥").unwrap();
        let span = Span {
            start,
            end: start + "\"≥850个\"".len(),
        };
        let report = plain(&source.excerpt(span), "here");
        assert_eq!(
            report,
            "warning[actual-comparator]: 实际完成值 repeats a comparator\n \
             --> t.toml:3:10\n  |\n3 | actual = \"≥850个\"\n  |          ^^^^^^^^ here\n  \
             = help: write the value reached\n"
        );
        let source = Source::new("t.toml", "name = \"产出指标\" # 注\nweight = 5\n");
        let start = source.text.find('#').unwrap();
        let span = Span {
            start,
            end: start + 1,
        };
        let report = plain(&source.excerpt(span), "x");
        // `name = "` is 8 columns, 产出指标 8 more, `" ` 2: the caret stands at column 19.
        let caret_line = format!("\n  | {}^ x\n", " ".repeat(18));
        assert!(report.contains(&caret_line), "{report}");
    }

    #[test]
    fn a_span_over_lines_is_drawn_from_its_start_to_its_end() {
        let (source, span) = crate::source::tests::goals_over_lines();
        let report = plain(&source.excerpt(span), "goals.expected");
        assert_eq!(
            report,
            "warning[actual-comparator]: 实际完成值 repeats a comparator\n \
             --> t.toml:2:12\n  |\n\
             2 |   expected = \"\"\"\n  |  ____________^\n\
             3 | | 融合通信平台\n\
             4 | | 对接部门\"\"\"\n  | |___________^ goals.expected\n  \
             = help: write the value reached\n"
        );
    }

    #[test]
    fn the_usual_report_is_drawn_without_the_renderer_and_the_rest_with_it() {
        // Debug builds compare every shortcut with the renderer's drawing, so that the tests
        // above check the two agree; this one checks which reports take the shortcut.
        let heading = Heading::of(Severity::Warning, Lang::Zh);
        let usual = |text: &str, needle: &str, label: &str| {
            let source = Source::new("t.toml", text);
            let start = source.text.find(needle).unwrap();
            let span = Span {
                start,
                end: start + needle.len(),
            };
            Report {
                heading,
                excerpt: &source.excerpt(span),
                diagnostic: &diagnostic(label),
                place: None,
                lang: Lang::Zh,
            }
            .one_line()
            .is_some()
        };
        assert!(usual("actual = \"≥850个\"\n", "\"≥850个\"", "应为"));
        assert!(usual("score = 4\n", "4", ""));
        assert!(!usual(
            "expected = \"\"\"\n融合\n通信\"\"\"\n",
            "\"\"\"\n融合",
            "x"
        ));
        assert!(!usual("score = 4\n", "4", "two\nlines"));
        assert!(!usual("name = \"a\u{200b}b\"\n", "\"a", "x"));
        let indented = format!("{}weight = 5\n", " ".repeat(30));
        assert!(!usual(&indented, "5", "x"));
        // The renderer draws the indented line with its indent cut short.
        let source = Source::new("t.toml", indented.as_str());
        let start = indented.find('5').unwrap();
        let report = plain(
            &source.excerpt(Span {
                start,
                end: start + 1,
            }),
            "x",
        );
        assert!(report.contains("..."), "{report}");
    }

    #[test]
    fn every_span_of_an_awkward_text_renders_safely() {
        // Line breaks of both kinds, a tab, an empty line, CJK, an escape and a bidirectional
        // override, and offsets inside characters and past the end.
        let text = "a = 1\r\n\t名称 = \"融合\u{1b}[2J通信\"\n\n# 注\u{202e}\nb = [\n  1,\n]";
        let source = Source::new("t.toml", text);
        for start in 0..text.len() + 2 {
            for end in start..text.len() + 2 {
                let report = plain(&source.excerpt(Span { start, end }), "x");
                assert!(report.starts_with("warning[actual-comparator]: "));
                assert!(
                    !report.contains(['\u{1b}', '\u{202e}', '\t', '\r']),
                    "{report}"
                );
            }
        }
    }

    #[test]
    fn a_report_of_a_long_line_stays_small() {
        let line = format!("note = \"{}\"", "融".repeat(800_000));
        let source = Source::new("t.toml", line.as_str());
        let start = line.len() / 2;
        let start = (start..).find(|&i| line.is_char_boundary(i)).unwrap();
        let excerpt = source.excerpt(Span {
            start,
            end: start + 3,
        });
        let report = human(&excerpt, &diagnostic("x"), None, Lang::En, true);
        assert!(report.len() < 2_000, "{}", report.len());
        assert!(report.contains("t.toml:1:400008\n"), "{report}");
    }

    #[test]
    fn a_cell_stands_for_the_line_and_column() {
        let source = Source::new("城建局.xlsx (自评表)", "score = 4\n");
        let report = human(
            &source.excerpt(Span { start: 8, end: 9 }),
            &diagnostic(""),
            Some("城建局.xlsx:自评表!G12"),
            Lang::En,
            false,
        );
        assert!(
            report.starts_with(
                "warning[actual-comparator]: 实际完成值 repeats a comparator\n \
                 --> 城建局.xlsx:自评表!G12\n  |\n1 | score = 4\n  |         ^\n"
            ),
            "{report}"
        );
    }

    #[test]
    fn an_error_without_a_place_is_one_line() {
        assert_eq!(
            human_plain("a.toml: 无法读取", Lang::Zh, false),
            "错误: a.toml: 无法读取\n"
        );
        assert_eq!(
            human_plain("x", Lang::En, true),
            "\u{1b}[1m\u{1b}[91merror\u{1b}[0m\u{1b}[1m: x\u{1b}[0m\n"
        );
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
