//! `check`'s output formats, one emitter each. The batch runner knows no format: it checks files
//! in parallel and hands each outcome to an [`Emitter`], which makes the file's part on the
//! worker that checked it ([`Emitter::part`]) and writes the parts in input order, with what
//! stands before, between and after them ([`Emitter::start`], [`Emitter::write`],
//! [`Emitter::finish`]). Findings stay typed until an emitter words them, in its one language.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::audit::{Finding, Severity};
use crate::diagnostic::Diagnostic;
use crate::engine::Evaluation;
use crate::error::Error;
use crate::import::Imported;
use crate::lang::Lang;
use crate::place::{Cell, Places};
use crate::source::{Excerpt, Location, Source, display_path};

/// The code given to an input that could not be used at all (it has no finding code).
pub const UNUSABLE: &str = "unusable-input";
/// The code of a cell that import left out of a table.
pub const IMPORT_WARNING: &str = "import-warning";

/// An input's name: as shown to people, and as written in JSON.
#[derive(Debug, Clone)]
pub struct Name {
    pub shown: String,
    pub json: JsonPath,
}

/// What standard input is called in reports.
pub const STDIN: &str = "<stdin>";

impl Name {
    pub fn of(path: &Path) -> Name {
        if path.as_os_str() == "-" {
            return Name::named(STDIN);
        }
        Name {
            shown: display_path(path),
            json: JsonPath::of(path),
        }
    }

    /// An input known by a name only (standard input, an upload).
    pub fn named(name: &str) -> Name {
        Name {
            shown: name.to_string(),
            json: JsonPath {
                path: name.to_string(),
                path_bytes: None,
            },
        }
    }
}

/// A path in JSON: as text, and also as its bytes when they are not UTF-8 (the text then has
/// U+FFFD in their place), so that every name can be found again.
#[derive(Debug, Clone, Serialize)]
pub struct JsonPath {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<Vec<u8>>,
}

impl JsonPath {
    fn of(path: &Path) -> JsonPath {
        let bytes = match path.to_str() {
            Some(_) => None,
            #[cfg(unix)]
            None => Some(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec()),
            #[cfg(not(unix))]
            None => None,
        };
        JsonPath {
            path: path.to_string_lossy().into_owned(),
            path_bytes: bytes,
        }
    }
}

/// A table that was checked.
pub struct Checked<'a> {
    pub name: &'a Name,
    /// The file's project text; for an imported table, the one made from it in memory.
    pub source: &'a Source,
    /// The imported table, with the cell behind each line and the cells left out.
    pub table: Option<&'a Imported>,
    pub evaluation: &'a Evaluation<'a>,
    /// The findings the run reports (those its code filter keeps).
    pub findings: &'a [Finding],
}

impl<'a> Checked<'a> {
    pub fn places(&self) -> Places<'a> {
        Places {
            source: self.source,
            table: self.table.map(|table| &table.places),
        }
    }

    /// The cell a finding is about, for an imported table.
    pub fn cell(&self, finding: &Finding) -> Option<&'a Cell> {
        self.places().cell(finding.span)
    }

    /// What a person reads at a finding: the project file's lines, or an imported table's cell
    /// (its own text, under its row number).
    pub fn excerpt(&self, finding: &Finding) -> Excerpt {
        match (self.table, self.cell(finding)) {
            (Some(_), Some(cell)) => cell_excerpt(&self.name.shown, cell),
            _ => self.source.excerpt(finding.span),
        }
    }

    /// A finding worded in `lang`.
    pub fn diagnostic(&self, finding: &Finding, lang: Lang) -> Diagnostic {
        Diagnostic::of(finding, self.evaluation, lang)
    }

    /// The cells import left out, worded in `lang`.
    pub fn import_warnings(&self, lang: Lang) -> Vec<String> {
        self.table
            .map(|table| table.warnings.iter().map(|w| w.text(lang)).collect())
            .unwrap_or_default()
    }

    /// The counts of this file for the run.
    pub fn counts(&self) -> Summary {
        let mut counts = Summary {
            files: 1,
            warnings: self.table.map_or(0, |table| table.warnings.len()),
            ..Summary::default()
        };
        for finding in self.findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

/// A cell's text as an excerpt, on one line as a cell shows it, underlined whole, numbered with
/// its row (or line).
fn cell_excerpt(file: &str, cell: &Cell) -> Excerpt {
    let shown: Vec<&str> = cell
        .text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let shown = shown.join(" ");
    let text = Source::new(file, shown.as_str());
    let mut excerpt = text.excerpt((0..shown.len()).into());
    let row = match &cell.place {
        crate::place::Place::Cell { cell, .. } => cell
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap_or(1),
        crate::place::Place::Word { row, .. } => *row,
        crate::place::Place::Line { line } => *line,
    };
    excerpt.start = Location {
        line: row,
        column: 1,
    };
    excerpt
}

/// A file that could not be used, and why.
pub struct Unusable<'a> {
    pub name: &'a Name,
    pub error: &'a Error,
}

/// What came of one input.
pub enum Outcome<'a> {
    Checked(Checked<'a>),
    Unusable(Unusable<'a>),
}

/// The counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files that could not be used at all.
    pub unusable: usize,
}

impl Summary {
    /// 2 when any input was unusable, 1 when there were errors (or warnings under
    /// `--deny warnings`), else 0.
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        if self.unusable > 0 {
            2
        } else if self.errors > 0 || (deny_warnings && self.warnings > 0) {
            1
        } else {
            0
        }
    }

    pub fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.unusable += other.unusable;
    }

    /// Anything to report: a finding or an unusable file.
    pub fn any(&self) -> bool {
        self.errors + self.warnings + self.infos + self.unusable > 0
    }
}

/// What the runner knows of every file, whatever the format: its name, its counts and, when it
/// was checked, the summary table's cells (项目名称, declared and computed totals, grade).
#[derive(Debug, Clone)]
pub struct Tally {
    pub path: String,
    pub counts: Summary,
    pub cells: Option<[String; 4]>,
}

/// An output format of `check`.
pub trait Emitter: Sync {
    /// A file's part, made on the worker that checked it.
    type Part: Send;

    /// What stands before the first file.
    fn start(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// One file's part.
    fn part(&self, outcome: &Outcome) -> Self::Part;

    /// Writes a file's part, in input order.
    fn write(&mut self, part: Self::Part, tally: &Tally, out: &mut dyn Write) -> io::Result<()>;

    /// What stands after the last file.
    fn finish(&mut self, _summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

impl<E: Emitter + ?Sized> Emitter for Box<E> {
    type Part = E::Part;

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        (**self).start(out)
    }

    fn part(&self, outcome: &Outcome) -> E::Part {
        (**self).part(outcome)
    }

    fn write(&mut self, part: E::Part, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        (**self).write(part, tally, out)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        (**self).finish(summary, out)
    }
}

/// Two outputs of one run (the terminal's and the audit pack's).
impl<A: Emitter, B: Emitter> Emitter for (A, B) {
    type Part = (A::Part, B::Part);

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.0.start(out)?;
        self.1.start(out)
    }

    fn part(&self, outcome: &Outcome) -> Self::Part {
        (self.0.part(outcome), self.1.part(outcome))
    }

    fn write(&mut self, part: Self::Part, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        self.0.write(part.0, tally, out)?;
        self.1.write(part.1, tally, out)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.0.finish(summary, out)?;
        self.1.finish(summary, out)
    }
}

/// An output that may not be asked for.
impl<E: Emitter> Emitter for Option<E> {
    type Part = Option<E::Part>;

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.as_mut().map_or(Ok(()), |e| e.start(out))
    }

    fn part(&self, outcome: &Outcome) -> Self::Part {
        self.as_ref().map(|e| e.part(outcome))
    }

    fn write(&mut self, part: Self::Part, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        match (self, part) {
            (Some(e), Some(part)) => e.write(part, tally, out),
            _ => Ok(()),
        }
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.as_mut().map_or(Ok(()), |e| e.finish(summary, out))
    }
}

/// The formats of `check` on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style reports with source lines.
    Human { color: bool },
    /// One JSON document.
    Json,
    /// JSON Lines: one compact object per table, then the counts.
    Jsonl,
    /// GitHub Actions workflow annotations.
    Github,
    /// One line per finding: `path:line:col: code message`.
    Concise,
    /// One SARIF 2.1.0 log.
    Sarif,
    /// One JUnit XML document, a test suite per file.
    Junit,
}

/// How a run is shown, whatever the format.
#[derive(Debug, Clone)]
pub struct Shown {
    pub lang: Lang,
    /// The settings in force, worded in `lang`, when a settings file was read: every format
    /// shows them, so a report says what it was checked under.
    pub settings: Option<String>,
    /// Warnings fail the run (JUnit counts them as failures).
    pub deny_warnings: bool,
    /// Only the findings: no summary table or line.
    pub quiet: bool,
    /// The summary table lists clean files too, not only those with findings.
    pub summary_all: bool,
    /// JSON Lines give the derivations and each finding's help in words too.
    pub explain: bool,
}

/// The emitter of a format.
pub fn emitter(format: Format, shown: Shown) -> Box<dyn Emitter<Part = Vec<u8>>> {
    match format {
        Format::Human { color } => Box::new(human::Human::new(shown, color)),
        Format::Json => Box::new(json::Json::new(shown)),
        Format::Jsonl => Box::new(json::Jsonl::new(shown)),
        Format::Github => Box::new(github::Github { shown }),
        Format::Concise => Box::new(concise::Concise { shown }),
        Format::Sarif => Box::new(sarif::Sarif::new(shown)),
        Format::Junit => Box::new(junit::Junit { shown }),
    }
}

/// The closing line of the formats read in a terminal or a CI log, unless `--quiet`:
/// `已复核 3 个文件：2 处错误，12 处警告，1 处提示（1 个无法使用）`.
fn summary_line(shown: &Shown, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    if shown.quiet {
        return Ok(());
    }
    let line = crate::messages::Counts {
        files: summary.files,
        errors: summary.errors,
        warnings: summary.warnings,
        infos: summary.infos,
        unusable: summary.unusable,
    }
    .line(shown.lang);
    writeln!(out, "{line}")
}

/// A message on one line (CI formats put one finding a line).
pub fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
