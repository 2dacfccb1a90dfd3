//! Checking many tables at once: files and folders (recursing into project files, workbooks and
//! Word documents) or standard input, checked in parallel on all cores, reported in a
//! deterministic order, with a summary and the exit status CI relies on. Workbooks and
//! documents are imported in memory and their findings placed at their cells.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use comfy_table::{CellAlignment, Table, presets};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::audit::{self, Severity};
use crate::diagnostic::{self, Diagnostic, Style};
use crate::error::Error;
use crate::import::{self, Imported};
use crate::lang::Lang;
use crate::number::{fixed, plain};
use crate::profile::Profile;
use crate::project;
use crate::render::json;
use crate::source::Source;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style reports with source lines.
    Human { color: bool },
    /// One JSON document.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

/// What `check` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// A profile that overrides every file's own `rules`.
    pub rules: Option<Profile>,
    pub format: Format,
    /// Warnings fail the run too.
    pub deny_warnings: bool,
}

/// Something to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    /// Standard input, already read.
    Stdin(Vec<u8>),
}

/// A file found to check, or a path that could not be walked.
enum Target {
    File(PathBuf),
    Stdin(Vec<u8>),
    Broken { path: String, message: String },
}

/// The counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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

    fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.unusable += other.unusable;
    }
}

/// One file's result: its printed report and its line in the summary table.
struct Report {
    path: String,
    counts: Summary,
    /// Project, declared total, computed total, grade (absent when unusable).
    row: Option<[String; 4]>,
    /// The report as printed: diagnostics, annotations, or the file's JSON entry.
    text: String,
}

/// How many files are checked at once: enough to keep every core busy, few enough that memory
/// stays flat however many files there are.
const BATCH: usize = 256;

/// Writes to the output until the first failure (a closed pipe), then only counts.
struct Sink<'a> {
    out: &'a mut dyn Write,
    failed: bool,
}

impl Sink<'_> {
    fn write(&mut self, text: &str) {
        if !self.failed && self.out.write_all(text.as_bytes()).is_err() {
            self.failed = true;
        }
    }
}

/// Checks every input, streaming: files are checked in parallel a batch at a time and their
/// reports written in input order as each batch completes. Returns the counts, which decide
/// the exit status even when the output was cut short.
pub fn run(inputs: Vec<Input>, options: &Options, out: &mut dyn Write) -> Summary {
    let mut sink = Sink { out, failed: false };
    let mut summary = Summary::default();
    let mut rows: Vec<(String, Summary, Option<[String; 4]>)> = Vec::new();
    let mut targets = discover(inputs);
    let json = options.format == Format::Json;
    if json {
        sink.write("{\n  \"version\": 1,\n  \"files\": [");
    }
    // While one batch is written here, the next is checked on the pool.
    std::thread::scope(|scope| {
        let mut current: Vec<Report> = Vec::new();
        loop {
            let batch: Vec<Target> = targets.by_ref().take(BATCH).collect();
            let next = (!batch.is_empty()).then(|| {
                scope.spawn(|| {
                    batch
                        .into_par_iter()
                        .flat_map_iter(|target| check_target(target, options))
                        .collect::<Vec<Report>>()
                })
            });
            for report in current.drain(..) {
                if json && summary.files > 0 {
                    sink.write(",");
                }
                sink.write(&report.text);
                summary.add(&report.counts);
                if matches!(options.format, Format::Human { .. }) {
                    rows.push((report.path, report.counts, report.row));
                }
            }
            match next {
                Some(worker) => {
                    current = worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                }
                None => break,
            }
        }
    });
    if json {
        let counts = json!({
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "unusable": summary.unusable,
        });
        let close = if summary.files == 0 { "]" } else { "\n  ]" };
        let counts = serde_json::to_string_pretty(&counts).unwrap_or_default();
        sink.write(&format!(
            "{close},\n  \"summary\": {}\n}}\n",
            counts.replace('\n', "\n  ")
        ));
    } else {
        if rows.len() > 1 {
            sink.write(&format!("{}\n", summary_table(&rows)));
        }
        sink.write(&format!("{}\n", summary_line(&summary)));
    }
    summary
}

/// A checked file's entry in the JSON `files` array.
#[derive(Serialize)]
struct Entry<'a> {
    path: &'a str,
    status: &'static str,
    /// For an imported workbook or document: the table's sheet, and each finding's cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    places: Option<Vec<&'a str>>,
    /// Cells left out on import, each with its place.
    #[serde(skip_serializing_if = "Option::is_none")]
    import_warnings: Option<&'a [String]>,
    #[serde(flatten)]
    document: json::Document<'a>,
}

/// A file's JSON as it stands in the `files` array: on a new line, indented by four spaces.
/// Made in the worker thread, so the writer only copies text.
fn json_entry(value: &impl Serialize) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    format!("\n    {}", pretty.replace('\n', "\n    "))
}

/// `checked 3 files: 2 errors, 12 warnings, 1 info (1 unusable)`.
fn summary_line(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut line = format!(
        "checked {}: {}, {}, {} info",
        plural(summary.files, "file"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        summary.infos
    );
    if summary.unusable > 0 {
        let _ = write!(line, " ({} unusable)", summary.unusable);
    }
    line
}

fn summary_table(rows: &[(String, Summary, Option<[String; 4]>)]) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::ASCII_FULL_CONDENSED)
        .force_no_tty();
    table.set_header(vec![
        "file",
        "project",
        "declared total",
        "computed total",
        "grade",
        "errors",
        "warnings",
    ]);
    for (path, counts, row) in rows {
        let [project, declared, computed, grade] = row.clone().unwrap_or_else(|| {
            [
                "(unusable)".into(),
                String::new(),
                String::new(),
                String::new(),
            ]
        });
        table.add_row(vec![
            path.clone(),
            project,
            declared,
            computed,
            grade,
            counts.errors.to_string(),
            counts.warnings.to_string(),
        ]);
    }
    for index in [2, 3, 5, 6] {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table.to_string()
}

/// Expands folders into their project files, workbooks and Word documents (sorted, so output order is stable), lazily so
/// that a huge folder is never listed whole in memory. Walking errors such as symlink loops
/// become unusable inputs, and the walk goes on.
fn discover(inputs: Vec<Input>) -> impl Iterator<Item = Target> {
    inputs
        .into_iter()
        .flat_map(|input| -> Box<dyn Iterator<Item = Target>> {
            match input {
                Input::Stdin(bytes) => Box::new(std::iter::once(Target::Stdin(bytes))),
                Input::Path(path) if !path.is_dir() => {
                    Box::new(std::iter::once(Target::File(path)))
                }
                Input::Path(path) => {
                    let walk = walkdir::WalkDir::new(&path)
                        .follow_links(true)
                        .sort_by_file_name()
                        .into_iter()
                        // Hidden folders (.git, .venv) hold no tables of the user's.
                        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry));
                    Box::new(walk.filter_map(move |entry| match entry {
                        Ok(entry) if entry.file_type().is_file() && is_table(entry.path()) => {
                            Some(Target::File(entry.into_path()))
                        }
                        Ok(_) => None,
                        Err(error) => Some(Target::Broken {
                            path: error.path().unwrap_or(&path).display().to_string(),
                            message: walk_message(&error),
                        }),
                    }))
                }
            }
        })
}

fn walk_message(error: &walkdir::Error) -> String {
    match error.loop_ancestor() {
        Some(ancestor) => format!(
            "symbolic link loop back to {}; not followed",
            ancestor.display()
        ),
        None => match error.io_error() {
            Some(io) => format!("cannot read: {io}"),
            None => error.to_string(),
        },
    }
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && entry.file_name().to_string_lossy().starts_with('.')
}

/// A file a folder is searched for: a project file, a workbook or a Word document (not the
/// `~$…` lock file Office leaves beside an open one). Text files are read only when named.
fn is_table(path: &Path) -> bool {
    let lock = path
        .file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with("~$"));
    let text = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("tsv"));
    !lock
        && (path.extension().is_some_and(|ext| ext == "toml")
            || (import::is_importable(path) && !text))
}

fn check_target(target: Target, options: &Options) -> Vec<Report> {
    let source = match target {
        Target::File(path) if import::is_importable(&path) => return check_file(&path, options),
        Target::Stdin(bytes) if import::starts_as_package(&bytes) => {
            return check_imported("<stdin>", bytes, options);
        }
        Target::File(path) => match Source::read(&path) {
            // A workbook is read as one whatever its name.
            Err(Error::NotUtf8 { .. }) if import::is_package(&path) => {
                return check_file(&path, options);
            }
            other => other,
        },
        Target::Stdin(bytes) => Source::from_bytes("<stdin>".to_string(), bytes),
        Target::Broken { path, message } => {
            let message = format!("{path}: {message}");
            return vec![unusable(path, &message, None, options)];
        }
    };
    let source = match source {
        Ok(source) => source,
        Err(error) => {
            let path = match &error {
                Error::Read { path, .. } | Error::NotUtf8 { path, .. } => path.clone(),
                _ => String::new(),
            };
            return vec![unusable(path, &error.to_string(), None, options)];
        }
    };
    vec![check_source(&source, None, options)]
}

fn check_file(path: &Path, options: &Options) -> Vec<Report> {
    let name = path.display().to_string();
    match import::read(path) {
        Ok(bytes) => check_imported(&name, bytes, options),
        Err(error) => vec![unusable(name, &error.to_string(), None, options)],
    }
}

/// Imports a workbook, document or text table in memory and checks each of its tables.
fn check_imported(name: &str, bytes: Vec<u8>, options: &Options) -> Vec<Report> {
    let name = name.to_string();
    match import::import_bytes(&name, bytes, &import::Options::default()) {
        Err(error) => vec![unusable(name, &error.to_string(), None, options)],
        Ok(tables) => {
            let several = tables.len() > 1;
            tables
                .iter()
                .map(|table| {
                    let label = if several {
                        format!("{name} ({})", table.sheet)
                    } else {
                        name.clone()
                    };
                    let source = Source::new(label, table.toml.clone());
                    check_source(&source, Some((&name, table)), options)
                })
                .collect()
        }
    }
}

/// Checks one project source; `imported` names the file it was imported from and the table,
/// whose cells then stand for the source's lines in the report.
fn check_source(source: &Source, imported: Option<(&str, &Imported)>, options: &Options) -> Report {
    let project = match project::load(source) {
        Ok(project) => project,
        Err(error) => return unusable_at(source, &error, options),
    };
    let profile = match &options.rules {
        Some(profile) => profile.clone(),
        None => match Profile::select(None, &project, source) {
            Ok(profile) => profile,
            Err(Error::Input(error)) => return unusable_at(source, &error, options),
            Err(error) => {
                return unusable(source.name.clone(), &error.to_string(), None, options);
            }
        },
    };
    let (evaluation, findings) = audit::check(&project, &profile);
    let mut counts = Summary {
        files: 1,
        ..Summary::default()
    };
    // Each finding's cell, for an imported table.
    let cells: Vec<&str> = match imported {
        Some((_, table)) => findings
            .iter()
            .map(|f| {
                table
                    .place(source.location(f.span.start).line)
                    .unwrap_or(&table.sheet)
            })
            .collect(),
        None => Vec::new(),
    };
    let mut text = String::new();
    // Cells import left out come first, as warnings of the file.
    if let Some((file, table)) = imported {
        for warning in &table.warnings {
            counts.warnings += 1;
            match options.format {
                Format::Human { .. } => {
                    let _ = writeln!(text, "warning: {file}: {warning}\n");
                }
                Format::Github => text.push_str(&diagnostic::github_file_warning(file, warning)),
                Format::Json => {}
            }
        }
    }
    for (index, finding) in findings.iter().enumerate() {
        match finding.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Info => counts.infos += 1,
        }
        let diagnostic = Diagnostic::from(finding);
        let at = imported
            .zip(cells.get(index))
            .map(|((file, _), cell)| (file, *cell));
        match options.format {
            Format::Human { color } => {
                let place = at.map(|(file, cell)| format!("{file}:{cell}"));
                text.push_str(&diagnostic::human_at(
                    source,
                    &diagnostic,
                    Style { color },
                    place.as_deref(),
                ));
                text.push('\n');
            }
            Format::Github => text.push_str(&diagnostic::github_at(source, &diagnostic, at)),
            Format::Json => {}
        }
    }
    let places = profile.rounding;
    let row = [
        project.name.value.clone(),
        project
            .total
            .score
            .as_ref()
            .map_or(String::new(), |s| plain(s.value)),
        fixed(evaluation.total, places),
        evaluation.grade.clone(),
    ];
    if options.format == Format::Json {
        text = json_entry(&Entry {
            path: imported.map_or(&source.name, |(file, _)| file),
            status: "checked",
            sheet: imported.map(|(_, table)| table.sheet.as_str()),
            places: imported.map(|_| cells.clone()),
            import_warnings: imported.map(|(_, table)| table.warnings.as_slice()),
            document: json::document(&evaluation, &findings, source, Lang::En),
        });
    }
    Report {
        path: source.name.clone(),
        counts,
        row: Some(row),
        text,
    }
}

/// An input with a place in its source that could not be used.
fn unusable_at(source: &Source, error: &crate::error::InputError, options: &Options) -> Report {
    let diagnostic = Diagnostic::from(error);
    let text = match options.format {
        Format::Human { color } => {
            format!(
                "{}\n",
                diagnostic::human(source, &diagnostic, Style { color })
            )
        }
        Format::Github => diagnostic::github(source, &diagnostic),
        Format::Json => unusable_json(&source.name, json::input_error(error)),
    };
    unusable(source.name.clone(), &error.to_string(), Some(text), options)
}

fn unusable_json(path: &str, error: Value) -> String {
    json_entry(&json!({ "path": path, "status": "unusable", "error": error }))
}

/// An input that could not be used; `text` is its report when one was already made.
fn unusable(path: String, message: &str, text: Option<String>, options: &Options) -> Report {
    let text = text.unwrap_or_else(|| match options.format {
        Format::Human { color } => {
            format!("{}\n", diagnostic::human_plain(message, Style { color }))
        }
        Format::Github => diagnostic::github_file(&path, message),
        Format::Json => unusable_json(&path, json!({ "message": message })),
    });
    Report {
        path,
        counts: Summary {
            files: 1,
            unusable: 1,
            ..Summary::default()
        },
        row: None,
        text,
    }
}
