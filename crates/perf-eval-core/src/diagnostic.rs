//! Diagnostics for people: rustc-style reports with the source line and the span underlined.
//!
//! Reports are drawn by annotate-snippets, the renderer of rustc, cargo and typos: it measures
//! the underline in display columns (a CJK character takes two), and draws spans over several
//! lines.

use crate::audit::{Finding, Severity};
use crate::engine::Evaluation;
use crate::error::{Error, InputError};
use crate::lang::Lang;
use crate::messages::{Text, help};
use crate::source::{Excerpt, Location};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// One thing to report at a place, worded.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The finding code; `None` for unusable input.
    pub code: Option<&'static str>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding of `evaluation`, worded in `lang`.
    pub fn of(finding: &Finding, evaluation: &Evaluation, lang: Lang) -> Diagnostic {
        let Text {
            message,
            label,
            help,
        } = finding.text(evaluation, lang);
        Diagnostic {
            severity: finding.severity,
            code: Some(finding.code.name()),
            message,
            label,
            help,
        }
    }

    /// An input error, worded in `lang`.
    pub fn input(error: &InputError, lang: Lang) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            message: error.message(lang),
            label: error.key.clone().unwrap_or_default(),
            help: None,
        }
    }

    /// The message with its help line, as CI formats give it.
    pub fn with_help(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\nhelp: {help}", self.message),
            None => self.message.clone(),
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
    Drawing {
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
struct Drawing<'a> {
    heading: Heading,
    excerpt: &'a Excerpt,
    diagnostic: &'a Diagnostic,
    place: Option<&'a str>,
    lang: Lang,
}

impl Drawing<'_> {
    /// The report as annotate-snippets draws it.
    fn draw(self, color: bool) -> String {
        let Drawing {
            heading,
            excerpt,
            diagnostic,
            place,
            lang,
        } = self;
        let level = heading.level();
        let mut title = level.clone().primary_title(diagnostic.message.as_str());
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
        let annotation = match diagnostic.label.as_str() {
            "" => annotation,
            label => annotation.label(label),
        };
        let mut snippet = Group::with_level(level.clone()).element(
            Snippet::source(excerpt.lines.as_str())
                .line_start(line)
                .annotation(annotation),
        );
        if let Some(help) = &diagnostic.help {
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
            let diagnostic = Diagnostic::input(error, lang);
            Drawing {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::source::{Source, Span};

    pub(crate) fn diagnostic(label: &str) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code: Some("actual-comparator"),
            message: "实际完成值 repeats a comparator".into(),
            label: label.into(),
            help: Some("write the value reached".into()),
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
    fn an_indented_line_is_drawn_with_its_indent_cut_short() {
        let indented = format!("{}weight = 5\n", " ".repeat(30));
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
}
