//! The audit pack a finance bureau circulates after checking a folder of tables: one
//! self-contained HTML file (a summary of every table, then each table as the official form
//! with its findings) or an Excel summary (a row per table, a sheet per severity).
//!
//! Each table's part is made where the table is checked, from its evaluation, so the pack
//! holds text and figures only and a folder of any size is assembled without keeping tables.

pub mod html;
mod labels;
pub mod xlsx;

use std::io::{self, Write};
use std::path::Path;

use rust_decimal::Decimal;

use crate::audit::Severity;
use crate::emit::{Checked, Emitter, IMPORT_WARNING, Outcome, Summary, Tally};
use crate::lang::Lang;
use crate::output::Extension;

pub use labels::PackLabels;

/// The kinds of pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Xlsx,
}

impl Kind {
    /// The kind a file name asks for: `.html`/`.htm` or `.xlsx`.
    pub fn from_path(path: &Path) -> Option<Kind> {
        match Extension::of(path)? {
            Extension::Html => Some(Kind::Html),
            Extension::Xlsx => Some(Kind::Xlsx),
            _ => None,
        }
    }
}

/// What pack to make, in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub kind: Kind,
    pub lang: Lang,
}

/// A finding as the pack lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub severity: Severity,
    pub code: &'static str,
    /// The kind of finding's short name in the pack's language (得分与规则不符), which the pack
    /// shows; the code stays beside it for CI users.
    pub title: &'static str,
    /// `12:9` in a project file, or the cell of an imported table (`自评表!I28`).
    pub place: String,
    pub message: String,
    pub help: Option<String>,
}

/// One table's part of the pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: String,
    pub department: String,
    pub implementer: String,
    pub project: String,
    pub declared_total: Option<Decimal>,
    /// `None` when the file could not be used.
    pub computed_total: Option<Decimal>,
    /// The places the profile rounds scores to.
    pub places: u32,
    pub grade: String,
    pub findings: Vec<Item>,
    /// Why the file could not be used.
    pub unusable: Option<String>,
    /// The table as the official form, in HTML (empty for other packs).
    pub form: String,
}

impl Entry {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The columns of the summary both packs begin with: file, 主管部门, 实施单位, 项目名称, the
/// declared and computed totals, the grade, errors and warnings.
pub fn summary_columns(lang: Lang) -> [&'static str; 9] {
    let pack = lang.pack_labels();
    let labels = lang.labels();
    [
        pack.file,
        labels.department,
        labels.implementer,
        labels.project_name,
        pack.declared_total,
        pack.computed_total,
        labels.grade,
        pack.errors,
        pack.warnings,
    ]
}

/// The pack as an output of `check`: each table's part is made on the worker that checked it,
/// and the parts are kept, in input order, for [`render`] once the run is over.
pub struct Pack {
    pub request: Request,
    /// The settings in force, worded in the pack's language, when a settings file was read.
    pub settings: Option<String>,
    pub entries: Vec<Entry>,
    /// The run's counts, as the terminal's last line gives them, so that the two agree.
    pub summary: Summary,
}

impl Pack {
    pub fn new(request: Request, settings: Option<String>) -> Pack {
        Pack {
            request,
            settings,
            entries: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// The whole pack as bytes.
    pub fn render(&self) -> Result<Vec<u8>, crate::error::Error> {
        let Request { lang, kind } = self.request;
        let settings = self.settings.as_deref();
        match kind {
            Kind::Html => {
                Ok(html::render(&self.entries, &self.summary, lang, settings).into_bytes())
            }
            Kind::Xlsx => xlsx::render(&self.entries, lang, settings).map_err(|e| {
                crate::error::Error::Write {
                    path: "<xlsx>".to_string(),
                    source: std::io::Error::other(e),
                }
            }),
        }
    }
}

impl Emitter for Pack {
    type Part = Entry;

    fn part(&self, outcome: &Outcome) -> Entry {
        match outcome {
            Outcome::Checked(file) => entry(file, self.request),
            Outcome::Unusable(file) => {
                unusable(&file.name.shown, &file.error.text(self.request.lang))
            }
        }
    }

    fn write(&mut self, part: Entry, _tally: &Tally, _out: &mut dyn Write) -> io::Result<()> {
        self.entries.push(part);
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
        self.summary = *summary;
        Ok(())
    }
}

/// A checked table's part of the pack: the cells import left out and the findings, worded in
/// the pack's language, each at its place.
fn entry(file: &Checked, request: Request) -> Entry {
    let lang = request.lang;
    let evaluation = file.evaluation;
    let project = evaluation.project;
    let warnings = file.import_warnings(lang).into_iter().map(|message| Item {
        severity: Severity::Warning,
        code: IMPORT_WARNING,
        title: lang.pack_labels().import_warning,
        place: String::new(),
        message,
        help: None,
    });
    let findings = file.findings.iter().map(|finding| {
        let place = match file.cell(finding) {
            Some(cell) => cell.place.text(lang),
            None => {
                let at = file.source.location(finding.span.start);
                format!("{}:{}", at.line, at.column)
            }
        };
        let diagnostic = file.diagnostic(finding, lang);
        Item {
            severity: finding.severity,
            code: finding.code.name(),
            title: finding.code.title(lang),
            place,
            message: diagnostic.message,
            help: diagnostic.help,
        }
    });
    let findings: Vec<Item> = warnings.chain(findings).collect();
    let form = match request.kind {
        Kind::Html => html::form(&file.source.name, evaluation, &findings, lang),
        Kind::Xlsx => String::new(),
    };
    Entry {
        path: file.source.name.clone(),
        department: project.department.clone(),
        implementer: project.implementer.clone(),
        project: project.name.value.clone(),
        declared_total: project.total.score.as_ref().map(|s| s.value),
        computed_total: Some(evaluation.total),
        places: evaluation.profile.rounding,
        grade: evaluation.grade.clone(),
        findings,
        unusable: None,
        form,
    }
}

/// A file that could not be used: its path and why.
pub fn unusable(path: &str, message: &str) -> Entry {
    Entry {
        path: path.to_string(),
        department: String::new(),
        implementer: String::new(),
        project: String::new(),
        declared_total: None,
        computed_total: None,
        places: 0,
        grade: String::new(),
        findings: Vec::new(),
        unusable: Some(message.to_string()),
        form: String::new(),
    }
}
