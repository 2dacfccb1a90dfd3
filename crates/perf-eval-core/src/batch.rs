//! Checking many tables at once: files and folders (recursing into project files, workbooks and
//! Word documents) or standard input, checked in parallel on all cores, reported in a
//! deterministic order, with a summary and the exit status CI relies on. Workbooks and
//! documents are imported in memory and their findings placed at their cells.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::io::{self, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use comfy_table::{CellAlignment, Table, presets};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::audit::{self, Code, Severity};
use crate::ci;
use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::import::{self, Imported};
use crate::lang::Lang;
use crate::messages::{self, Problem};
use crate::number::{fixed, plain};
use crate::pack;
use crate::profile::Profile;
use crate::project;
use crate::render::json;
use crate::source::{Source, display_path};

/// How findings are printed.
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

/// What `check` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// A profile that overrides every file's own `rules`.
    pub rules: Option<Profile>,
    pub format: Format,
    /// Warnings fail the run too.
    pub deny_warnings: bool,
    /// Which finding codes are reported.
    pub codes: CodeFilter,
    /// Only the findings: no summary table or line.
    pub quiet: bool,
    /// The summary table lists clean files too, not only those with findings.
    pub summary_all: bool,
    /// JSON Lines give the derivations and each finding's help in words too.
    pub explain: bool,
    /// The language of findings.
    pub lang: Lang,
}

/// The finding codes a run reports: those selected (all when none is), less those ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeFilter {
    select: Vec<Code>,
    ignore: Vec<Code>,
}

impl CodeFilter {
    /// A filter from code names; an unknown name is a usage error, so a typo never silently
    /// lets every finding through.
    pub fn new(select: &[String], ignore: &[String]) -> Result<CodeFilter, Error> {
        let codes = |names: &[String]| {
            names
                .iter()
                .map(|name| {
                    Code::ALL
                        .iter()
                        .copied()
                        .find(|code| code.name() == name)
                        .ok_or_else(|| {
                            Error::usage(Problem::UnknownCode {
                                code: name.to_string(),
                            })
                        })
                })
                .collect::<Result<Vec<Code>, Error>>()
        };
        Ok(CodeFilter {
            select: codes(select)?,
            ignore: codes(ignore)?,
        })
    }

    pub fn keeps(&self, code: Code) -> bool {
        (self.select.is_empty() || self.select.contains(&code)) && !self.ignore.contains(&code)
    }
}

/// Something to check.
#[derive(Debug)]
pub enum Input {
    Path(PathBuf),
    /// Standard input, already read.
    Stdin(Vec<u8>),
    /// A named file held in memory (an upload to `perf-eval serve`): read as a file of that
    /// name would be, by its extension or its content.
    Bytes {
        name: String,
        bytes: Vec<u8>,
    },
    /// An input that could not even be read (standard input past the size limit): reported as
    /// unusable in its place.
    Unreadable {
        path: PathBuf,
        error: Error,
    },
}

/// A file found to check, or a path that could not be walked or read (`message` names it).
enum Target {
    File(PathBuf),
    Stdin(Vec<u8>),
    Bytes { name: PathBuf, bytes: Vec<u8> },
    Broken { path: PathBuf, error: Error },
}

impl Target {
    /// The path the input was named by (`-` for standard input).
    fn path(&self) -> &Path {
        match self {
            Target::File(path) | Target::Broken { path, .. } | Target::Bytes { name: path, .. } => {
                path
            }
            Target::Stdin(_) => Path::new("-"),
        }
    }
}

/// An input's name: as shown to people, and as written in JSON.
#[derive(Clone)]
struct Name {
    shown: String,
    json: JsonPath,
}

impl Name {
    fn of(path: &Path) -> Name {
        if path.as_os_str() == "-" {
            return Name {
                shown: STDIN.to_string(),
                json: JsonPath {
                    path: STDIN.to_string(),
                    path_bytes: None,
                },
            };
        }
        Name {
            shown: display_path(path),
            json: JsonPath::of(path),
        }
    }
}

/// What standard input is called in reports.
const STDIN: &str = "<stdin>";

/// A path in JSON: as text, and also as its bytes when they are not UTF-8 (the text then has
/// U+FFFD in their place), so that every name can be found again.
#[derive(Clone, Serialize)]
struct JsonPath {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<Vec<u8>>,
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
    /// The file's part of the audit pack, when one is made.
    entry: Option<pack::Entry>,
}

/// How many files are checked at once: enough to keep every core busy, few enough that memory
/// stays flat however many files there are.
const BATCH: usize = 256;

/// Writes to the output until the first failure, then only counts. A closed pipe (`| head`)
/// cuts the report short and is no error; any other failure (a full disk) is returned.
struct Sink<'a> {
    out: &'a mut dyn Write,
    failed: Option<io::Error>,
}

impl Sink<'_> {
    fn write(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(error) = self.out.write_all(text.as_bytes())
        {
            self.failed = Some(error);
        }
    }

    fn finish(mut self) -> io::Result<()> {
        if self.failed.is_none()
            && let Err(error) = self.out.flush()
        {
            self.failed = Some(error);
        }
        match self.failed {
            Some(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(error),
            _ => Ok(()),
        }
    }
}

/// Checks every input, streaming: files are checked in parallel a batch at a time and their
/// reports written in input order as each batch completes. Returns the counts, which decide
/// the exit status even when a closed pipe cut the output short, or the error of an output
/// that could not be written.
pub fn run(inputs: Vec<Input>, options: &Options, out: &mut dyn Write) -> io::Result<Summary> {
    run_with_pack(inputs, options, None, out, &mut ()).map(|(summary, _)| summary)
}

/// Follows a run as it goes: the binary draws a progress line with it. The library draws
/// nothing on a terminal.
pub trait Watch {
    /// `files` are done.
    fn update(&mut self, _files: usize) {}
    /// Runs `write`, with anything drawn on the terminal cleared first.
    fn suspend(&mut self, write: &mut dyn FnMut()) {
        write()
    }
    /// The run is over.
    fn finish(&mut self) {}
}

/// No one watching.
impl Watch for () {}

/// [`run`], also gathering each file's part of the audit pack when `pack` asks for one.
pub fn run_with_pack(
    inputs: Vec<Input>,
    options: &Options,
    pack: Option<pack::Request>,
    out: &mut dyn Write,
    watch: &mut dyn Watch,
) -> io::Result<(Summary, Vec<pack::Entry>)> {
    run_with(inputs, options, pack, out, watch, check_target)
}

/// The check of one input.
type Check = fn(Target, &Options, Option<pack::Request>) -> Vec<Report>;

/// [`run_with_pack`] with the check of one input given, so that a failing check can be tested.
fn run_with(
    inputs: Vec<Input>,
    options: &Options,
    pack: Option<pack::Request>,
    out: &mut dyn Write,
    progress: &mut dyn Watch,
    check: Check,
) -> io::Result<(Summary, Vec<pack::Entry>)> {
    let mut sink = Sink { out, failed: None };
    let mut entries = Vec::new();
    // SARIF results are separated by commas, and files with no findings add none.
    let mut sarif_results = 0;
    let mut summary = Summary::default();
    let mut listing = Listing::new(options.summary_all);
    let mut targets = discover(inputs);
    let json = options.format == Format::Json;
    match options.format {
        Format::Json => sink.write("{\n  \"version\": 1,\n  \"files\": ["),
        Format::Sarif => sink.write(&ci::sarif_head()),
        Format::Junit => sink.write(ci::JUNIT_HEAD),
        _ => {}
    }
    // While one batch is written here, the next is checked on the pool this runs in (the
    // global one, or the one a caller installed: a bench's single thread stays single).
    let mut current: Vec<Report> = Vec::new();
    loop {
        let batch: Vec<Target> = targets.by_ref().take(BATCH).collect();
        let last = batch.is_empty();
        let mut next = Vec::new();
        rayon::in_place_scope(|scope| {
            if !last {
                scope.spawn(|_| {
                    next = batch
                        .into_par_iter()
                        .flat_map_iter(|target| guarded(target, options, pack, check))
                        .collect::<Vec<Report>>();
                });
            }
            progress.update(summary.files);
            for report in current.drain(..) {
                if json && summary.files > 0 {
                    sink.write(",");
                }
                if options.format == Format::Sarif && !report.text.is_empty() {
                    if sarif_results > 0 {
                        sink.write(",");
                    }
                    sarif_results += 1;
                }
                if !report.text.is_empty() {
                    progress.suspend(&mut || sink.write(&report.text));
                }
                entries.extend(report.entry);
                summary.add(&report.counts);
                let counts = report.counts;
                let listed = options.summary_all
                    || counts.errors + counts.warnings + counts.infos + counts.unusable > 0;
                if matches!(options.format, Format::Human { .. }) && listed {
                    listing.add(report.path, report.counts, report.row);
                }
            }
        });
        if last {
            break;
        }
        current = next;
    }
    progress.finish();
    if options.format == Format::Sarif {
        sink.write(ci::SARIF_TAIL);
    } else if options.format == Format::Junit {
        sink.write(ci::JUNIT_TAIL);
    } else if json {
        let close = if summary.files == 0 { "]" } else { "\n  ]" };
        let counts = json::pretty_at("", &summary, 1).unwrap_or_default();
        sink.write(&format!("{close},\n  \"summary\": {counts}\n}}\n"));
    } else if let Format::Jsonl = options.format {
        sink.write(&json_line(&LastLine {
            version: 1,
            summary,
        }));
    } else if !options.quiet {
        if summary.files > 1 && !listing.rows.is_empty() {
            sink.write(&listing.render(options.lang));
        }
        sink.write(&format!("{}\n", summary_line(&summary, options.lang)));
    }
    sink.finish().map(|()| (summary, entries))
}

/// Checks one input, and reports it as unusable if the check panics (a bug): the other files
/// are still checked and the JSON document stays whole.
fn guarded(
    target: Target,
    options: &Options,
    pack: Option<pack::Request>,
    check: Check,
) -> Vec<Report> {
    let name = Name::of(target.path());
    std::panic::catch_unwind(AssertUnwindSafe(|| check(target, options, pack))).unwrap_or_else(
        |panic| {
            let cause = panic
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("unknown cause");
            let message = Error::usage_at(
                &name.shown,
                Problem::Internal {
                    cause: cause.to_string(),
                },
            )
            .text(options.lang);
            vec![unusable(name, &message, None, options, pack)]
        },
    )
}

/// A checked file's entry in the JSON `files` array, or its JSON line.
#[derive(Serialize)]
struct Entry<'a, D> {
    #[serde(flatten)]
    path: JsonPath,
    status: &'static str,
    /// For an imported workbook or document: the table's sheet, and each finding's cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    places: Option<Vec<&'a str>>,
    /// Cells left out on import, each with its place.
    #[serde(skip_serializing_if = "Option::is_none")]
    import_warnings: Option<Vec<String>>,
    #[serde(flatten)]
    document: D,
}

/// The last of the JSON lines: the counts of the run.
#[derive(Serialize)]
struct LastLine {
    version: u32,
    summary: Summary,
}

/// A file's JSON as it stands in the `files` array: on a new line, indented by four spaces.
/// Made in the worker thread, so the writer only copies text.
fn json_entry(value: &impl Serialize) -> String {
    const PLACE: &str = "\n    ";
    json::pretty_at(PLACE, value, 2).unwrap_or_else(|_| format!("{PLACE}null"))
}

/// One JSON line: compact, ended by a newline.
fn json_line(value: &impl Serialize) -> String {
    let mut line = json::compact(value).unwrap_or_else(|_| "null".to_string());
    line.push('\n');
    line
}

/// `checked 3 files: 2 errors, 12 warnings, 1 info (1 unusable)`.
fn summary_line(summary: &Summary, lang: Lang) -> String {
    messages::Counts {
        files: summary.files,
        errors: summary.errors,
        warnings: summary.warnings,
        infos: summary.infos,
        unusable: summary.unusable,
    }
    .line(lang)
}

/// The most files the summary table lists unless `--summary all`: a night's run over a
/// province's tables would otherwise hold, and print, a row for every file.
const SUMMARY_ROWS: usize = 50;

/// A file's row in the summary table: its place in the run, path, counts, and project,
/// declared total, computed total and grade (absent when unusable).
struct Row {
    index: usize,
    path: String,
    counts: Summary,
    cells: Option<[String; 4]>,
}

impl Row {
    /// Unusable first, then by errors, warnings and infos; of equals, the earlier file.
    fn rank(&self) -> (usize, usize, usize, usize, Reverse<usize>) {
        let c = &self.counts;
        (
            c.unusable,
            c.errors,
            c.warnings,
            c.infos,
            Reverse(self.index),
        )
    }
}

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.rank() == other.rank()
    }
}

impl Eq for Row {}

impl PartialOrd for Row {
    fn partial_cmp(&self, other: &Row) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Row {
    fn cmp(&self, other: &Row) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// The summary table's rows as files are reported: every one under `--summary all`, else the
/// [`SUMMARY_ROWS`] worst (a heap whose top is the mildest, to be let go), so that memory stays
/// flat however many files have findings.
struct Listing {
    all: bool,
    rows: BinaryHeap<Reverse<Row>>,
    /// Files with findings left out.
    more: usize,
    seen: usize,
}

impl Listing {
    fn new(all: bool) -> Listing {
        Listing {
            all,
            rows: BinaryHeap::new(),
            more: 0,
            seen: 0,
        }
    }

    fn add(&mut self, path: String, counts: Summary, cells: Option<[String; 4]>) {
        self.rows.push(Reverse(Row {
            index: self.seen,
            path,
            counts,
            cells,
        }));
        self.seen += 1;
        if !self.all && self.rows.len() > SUMMARY_ROWS {
            self.rows.pop();
            self.more += 1;
        }
    }

    /// The table, in input order when every file is in it, else worst first with a line saying
    /// how many were left out.
    fn render(self, lang: Lang) -> String {
        let more = self.more;
        let mut rows: Vec<Row> = self.rows.into_iter().map(|Reverse(row)| row).collect();
        if more == 0 {
            rows.sort_by_key(|row| row.index);
        } else {
            rows.sort_by(|a, b| b.cmp(a));
        }
        let mut text = format!("{}\n", summary_table(&rows, lang));
        if more > 0 {
            text.push_str(&messages::summary_more(lang, rows.len(), more));
            text.push('\n');
        }
        text
    }
}

fn summary_table(rows: &[Row], lang: Lang) -> String {
    let (header, unusable) = messages::summary_header(lang);
    let mut table = Table::new();
    table
        .load_preset(presets::ASCII_FULL_CONDENSED)
        .force_no_tty();
    table.set_header(header.to_vec());
    for Row {
        path,
        counts,
        cells,
        ..
    } in rows
    {
        let [project, declared, computed, grade] = cells
            .clone()
            .unwrap_or_else(|| [unusable.into(), String::new(), String::new(), String::new()]);
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
                Input::Bytes { name, bytes } => Box::new(std::iter::once(Target::Bytes {
                    name: PathBuf::from(name),
                    bytes,
                })),
                Input::Unreadable { path, error } => {
                    Box::new(std::iter::once(Target::Broken { path, error }))
                }
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
                        Err(error) => {
                            let path = error.path().unwrap_or(&path).to_path_buf();
                            let error = walk_error(&path, &error);
                            Some(Target::Broken { path, error })
                        }
                    }))
                }
            }
        })
}

fn walk_error(path: &Path, error: &walkdir::Error) -> Error {
    let shown = display_path(path);
    match error.loop_ancestor() {
        Some(ancestor) => Error::usage_at(
            shown,
            Problem::LinkLoop {
                to: display_path(ancestor),
            },
        ),
        None => Error::Read {
            path: shown,
            source: match error.io_error() {
                Some(io) => std::io::Error::new(io.kind(), io.to_string()),
                None => std::io::Error::other(error.to_string()),
            },
        },
    }
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && entry.file_name().to_string_lossy().starts_with('.')
}

/// A file a folder is searched for: a project file, a workbook or a Word document — not the
/// folder's `perf-eval.toml` settings, nor the `~$…` lock file Office leaves beside an open
/// document. Text files are read only when named.
fn is_table(path: &Path) -> bool {
    let name = path.file_name();
    let settings = name.is_some_and(|name| name == crate::config::FILE_NAME);
    let lock = name.is_some_and(|name| name.to_string_lossy().starts_with("~$"));
    let text = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("tsv"));
    !lock
        && !settings
        && (path.extension().is_some_and(|ext| ext == "toml")
            || (import::is_importable(path) && !text))
}

/// Checks one input: a project file, or each table of a workbook, document or text file.
fn check_target(target: Target, options: &Options, pack: Option<pack::Request>) -> Vec<Report> {
    let name = Name::of(target.path());
    let source = match target {
        Target::File(path) if import::is_importable(&path) => {
            return check_file(&path, name, options, pack);
        }
        Target::Stdin(bytes) if import::starts_as_package(&bytes) => {
            return check_imported(name, bytes, options, pack);
        }
        Target::Bytes { name: path, bytes }
            if import::is_importable(&path) || import::starts_as_package(&bytes) =>
        {
            return check_imported(name, bytes, options, pack);
        }
        Target::Bytes { bytes, .. } => Source::from_bytes(name.shown.clone(), bytes),
        Target::File(path) => match Source::read(&path) {
            // A workbook is read as one whatever its name.
            Err(Error::NotUtf8 { .. }) if import::is_package(&path) => {
                return check_file(&path, name, options, pack);
            }
            other => other,
        },
        Target::Stdin(bytes) => Source::from_bytes(STDIN.to_string(), bytes),
        Target::Broken { error, .. } => {
            return vec![unusable_error(name, &error, options, pack)];
        }
    };
    match source {
        Ok(source) => vec![check_source(&source, name, None, options, pack)],
        Err(error) => vec![unusable_error(name, &error, options, pack)],
    }
}

fn check_file(
    path: &Path,
    name: Name,
    options: &Options,
    pack: Option<pack::Request>,
) -> Vec<Report> {
    match import::read(path) {
        Ok(bytes) => check_imported(name, bytes, options, pack),
        Err(error) => vec![unusable_error(name, &error, options, pack)],
    }
}

/// Imports a workbook, document or text table in memory and checks each of its tables.
fn check_imported(
    name: Name,
    bytes: Vec<u8>,
    options: &Options,
    pack: Option<pack::Request>,
) -> Vec<Report> {
    match import::import_bytes(&name.shown, bytes, &import::Options::default()) {
        Err(error) => vec![unusable_error(name, &error, options, pack)],
        Ok(tables) => {
            let several = tables.len() > 1;
            tables
                .iter()
                .map(|table| {
                    let label = if several {
                        format!("{} ({})", name.shown, table.sheet)
                    } else {
                        name.shown.clone()
                    };
                    let source = Source::new(label, table.toml.clone());
                    check_source(&source, name.clone(), Some(table), options, pack)
                })
                .collect()
        }
    }
}

/// Checks one project source; `imported` is the table it was imported from, whose cells then
/// stand for the source's lines in the report.
fn check_source(
    source: &Source,
    name: Name,
    imported: Option<&Imported>,
    options: &Options,
    pack: Option<pack::Request>,
) -> Report {
    let project = match project::load(source) {
        Ok(project) => project,
        Err(error) => return unusable_at(name, &error, options, pack),
    };
    let profile = match &options.rules {
        Some(profile) => profile.clone(),
        None => match Profile::select(None, &project, source) {
            Ok(profile) => profile,
            Err(Error::Input(error)) => return unusable_at(name, &error, options, pack),
            Err(error) => return unusable_error(name, &error, options, pack),
        },
    };
    let (evaluation, mut findings) = audit::check_in(&project, &profile, options.lang);
    findings.retain(|finding| options.codes.keeps(finding.code));
    let mut counts = Summary {
        files: 1,
        ..Summary::default()
    };
    // Each finding's cell, for an imported table.
    let cells: Vec<&str> = match imported {
        Some(table) => findings
            .iter()
            .map(|f| {
                table
                    .place(source.location(f.span.start).line)
                    .unwrap_or(&table.sheet)
            })
            .collect(),
        None => Vec::new(),
    };
    let file = name.shown.as_str();
    let mut text = String::new();
    // Cells import left out come first, as warnings of the file.
    for warning in imported.map_or(&[][..], |table| table.warnings.as_slice()) {
        counts.warnings += 1;
        let warning = &warning.text(options.lang);
        match options.format {
            Format::Human { color } => {
                let message = format!("{file}: {warning}");
                text.push_str(&diagnostic::human_file_warning(
                    &message,
                    options.lang,
                    color,
                ));
                text.push('\n');
            }
            Format::Github => text.push_str(&diagnostic::github_file_warning(file, warning)),
            Format::Concise => text.push_str(&ci::concise_file_warning(file, warning)),
            Format::Json | Format::Jsonl | Format::Sarif | Format::Junit => {}
        }
    }
    for (index, finding) in findings.iter().enumerate() {
        match finding.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Info => counts.infos += 1,
        }
        let diagnostic = Diagnostic::from(finding);
        let excerpt = source.excerpt(finding.span);
        let at = cells.get(index).map(|cell| (file, *cell));
        match options.format {
            Format::Human { color } => {
                let place = at.map(|(file, cell)| format!("{file}:{cell}"));
                text.push_str(&diagnostic::human(
                    &excerpt,
                    &diagnostic,
                    place.as_deref(),
                    options.lang,
                    color,
                ));
                text.push('\n');
            }
            Format::Github => text.push_str(&diagnostic::github_at(&excerpt, &diagnostic, at)),
            Format::Concise => text.push_str(&ci::concise(&excerpt, &diagnostic)),
            Format::Sarif => {
                if !text.is_empty() {
                    text.push(',');
                }
                text.push_str(&ci::sarif_result(&excerpt, &diagnostic));
            }
            Format::Json | Format::Jsonl | Format::Junit => {}
        }
    }
    if options.format == Format::Junit {
        let diagnostics: Vec<_> = findings
            .iter()
            .map(|finding| (source.excerpt(finding.span), Diagnostic::from(finding)))
            .collect();
        text = ci::junit_suite(file, &diagnostics, options.deny_warnings);
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
    let sheet = imported.map(|table| table.sheet.as_str());
    let import_warnings = imported.map(|table| {
        let lang = options.lang;
        table.warnings.iter().map(|w| w.text(lang)).collect()
    });
    match options.format {
        Format::Json => {
            text = json_entry(&Entry {
                path: name.json,
                status: "checked",
                sheet,
                places: imported.map(|_| cells.clone()),
                import_warnings,
                document: json::document(&evaluation, &findings, source, Lang::En),
            });
        }
        Format::Jsonl => {
            let places = imported.map(|_| cells.as_slice());
            text = json_line(&Entry {
                path: name.json,
                status: "checked",
                sheet,
                places: None,
                import_warnings,
                document: json::line(
                    &evaluation,
                    &findings,
                    places,
                    source,
                    options.explain.then_some(options.lang),
                ),
            });
        }
        _ => {}
    }
    Report {
        path: source.name.clone(),
        counts,
        row: Some(row),
        text,
        entry: pack.map(|request| pack::entry(source, &evaluation, &findings, request)),
    }
}

/// An input with a place in a source (its own, or its profile's) that could not be used.
fn unusable_at(
    name: Name,
    error: &crate::error::InputError,
    options: &Options,
    pack: Option<pack::Request>,
) -> Report {
    let message = error.message(options.lang);
    let diagnostic = Diagnostic::input(error, &message);
    let text = match options.format {
        Format::Human { color } => {
            format!("{}\n", diagnostic::human_input(error, options.lang, color))
        }
        Format::Github => diagnostic::github(&error.excerpt, &diagnostic),
        Format::Json | Format::Jsonl => unusable_json(
            &name,
            json::input_error(error, options.lang),
            options.format,
        ),
        Format::Concise => ci::concise(&error.excerpt, &diagnostic),
        Format::Sarif => ci::sarif_result(&error.excerpt, &diagnostic),
        Format::Junit => ci::junit_unusable(&name.shown, &error.text(options.lang)),
    };
    unusable(name, &error.text(options.lang), Some(text), options, pack)
}

/// A file's entry in the JSON `files` array when it could not be used.
#[derive(Serialize)]
struct UnusableEntry<'a> {
    #[serde(flatten)]
    path: &'a JsonPath,
    status: &'static str,
    error: Value,
}

/// An unusable file's entry in the JSON document, or its JSON line.
fn unusable_json(name: &Name, error: Value, format: Format) -> String {
    let entry = UnusableEntry {
        path: &name.json,
        status: "unusable",
        error,
    };
    match format {
        Format::Jsonl => json_line(&entry),
        _ => json_entry(&entry),
    }
}

/// An input that could not be used for `error`, which has no place in a source.
fn unusable_error(
    name: Name,
    error: &Error,
    options: &Options,
    pack: Option<pack::Request>,
) -> Report {
    unusable(name, &error.text(options.lang), None, options, pack)
}

/// An input that could not be used; `text` is its report when one was already made.
fn unusable(
    name: Name,
    message: &str,
    text: Option<String>,
    options: &Options,
    pack: Option<pack::Request>,
) -> Report {
    let text = text.unwrap_or_else(|| match options.format {
        Format::Human { color } => {
            format!(
                "{}\n",
                diagnostic::human_plain(message, options.lang, color)
            )
        }
        Format::Github => diagnostic::github_file(&name.shown, message),
        Format::Json | Format::Jsonl => {
            unusable_json(&name, json!({ "message": message }), options.format)
        }
        Format::Concise => ci::concise_file(&name.shown, message),
        Format::Sarif => ci::sarif_file(&name.shown, message),
        Format::Junit => ci::junit_unusable(&name.shown, message),
    });
    let entry = pack.map(|_| pack::unusable(&name.shown, message));
    Report {
        path: name.shown,
        counts: Summary {
            files: 1,
            unusable: 1,
            ..Summary::default()
        },
        row: None,
        text,
        entry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks like `check` does, but a bug strikes in `b.toml`.
    fn panics_in_b(target: Target, options: &Options, pack: Option<pack::Request>) -> Vec<Report> {
        if target.path().ends_with("b.toml") {
            panic!("attempt to multiply with overflow");
        }
        check_target(target, options, pack)
    }

    fn options(format: Format) -> Options {
        Options {
            rules: None,
            format,
            deny_warnings: false,
            codes: CodeFilter::default(),
            quiet: false,
            summary_all: false,
            explain: false,
            lang: Lang::Zh,
        }
    }

    fn run_panicking(format: Format) -> (Summary, String) {
        let dir = std::env::temp_dir().join(format!("perf-eval-batch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let inputs: Vec<Input> = ["a.toml", "b.toml", "c.toml"]
            .iter()
            .map(|name| {
                let path = dir.join(name);
                std::fs::write(&path, "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n")
                    .unwrap();
                Input::Path(path)
            })
            .collect();
        let options = options(format);
        let mut out = Vec::new();
        let (summary, _) =
            run_with(inputs, &options, None, &mut out, &mut (), panics_in_b).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        (summary, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_panic_in_one_file_leaves_the_others_checked_and_the_json_whole() {
        let (summary, out) = run_panicking(Format::Json);
        assert_eq!(
            (summary.files, summary.unusable, summary.exit_code(false)),
            (3, 1, 2)
        );
        let report: Value = serde_json::from_str(&out).unwrap();
        let files = report["files"].as_array().unwrap();
        let statuses: Vec<&str> = files
            .iter()
            .map(|f| f["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["checked", "unusable", "checked"]);
        let message = files[1]["error"]["message"].as_str().unwrap();
        assert!(
            message.ends_with("b.toml: 复核此文件时程序内部出错（`attempt to multiply with overflow`）；请连同该文件一并反馈"),
            "{message}"
        );
        let (_, human) = run_panicking(Format::Human { color: false });
        assert!(
            human.ends_with("已复核 3 个文件：2 处错误，0 处警告，2 处提示（1 个无法使用）\n"),
            "{human}"
        );
    }

    /// 53 files with findings, the nth with n % 7 errors.
    fn listing(all: bool) -> String {
        let mut listing = Listing::new(all);
        for index in 0..SUMMARY_ROWS + 3 {
            let counts = Summary {
                files: 1,
                errors: index % 7,
                infos: 1,
                ..Summary::default()
            };
            let cells = ["项目".to_string(), "90".into(), "80.00".into(), "良".into()];
            listing.add(format!("{index:03}.toml"), counts, Some(cells));
        }
        listing.render(Lang::Zh)
    }

    /// The files a summary table lists, in its order.
    fn listed(table: &str) -> Vec<&str> {
        table
            .lines()
            .filter_map(|line| line.strip_prefix("| "))
            .filter_map(|line| line.split_whitespace().next())
            .filter(|file| file.ends_with(".toml"))
            .collect()
    }

    #[test]
    fn the_summary_table_lists_the_worst_files_and_counts_the_rest() {
        let table = listing(false);
        let files = listed(&table);
        assert_eq!(files.len(), SUMMARY_ROWS);
        // Six errors first (files 6, 13, …), in input order among equals.
        assert_eq!(files[..3], ["006.toml", "013.toml", "020.toml"]);
        // The three left out are the latest of those without errors.
        assert_eq!(
            files[SUMMARY_ROWS - 5..],
            ["000.toml", "007.toml", "014.toml", "021.toml", "028.toml"]
        );
        assert!(
            table.ends_with(
                "上表按错误数、警告数由多到少列出 50 个文件；另有 3 个有审核发现的文件未列出（--summary all 列出全部文件）\n"
            ),
            "{table}"
        );
        let all = listing(true);
        let files = listed(&all);
        assert_eq!(files.len(), SUMMARY_ROWS + 3);
        assert_eq!(files[..3], ["000.toml", "001.toml", "002.toml"]);
        assert!(!all.contains("另有"), "{all}");
    }

    #[test]
    fn a_file_held_in_memory_is_checked_as_the_file_of_its_name() {
        let dir = std::env::temp_dir().join(format!("perf-eval-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = include_bytes!("../../../fixtures/2022.toml");
        let options = options(Format::Json);
        let json = |input: Input| {
            let mut out = Vec::new();
            let summary = run(vec![input], &options, &mut out).unwrap();
            (summary, String::from_utf8(out).unwrap())
        };
        let path = dir.join("2022.toml");
        std::fs::write(&path, text).unwrap();
        let (on_disk, expected) = json(Input::Path(path.clone()));
        let name = path.to_string_lossy().into_owned();
        let bytes = text.to_vec();
        let (in_memory, got) = json(Input::Bytes { name, bytes });
        assert_eq!((in_memory, got), (on_disk, expected));
        assert_eq!(on_disk.errors, 2);
        // Not UTF-8 and not a package: unusable, as on disk.
        let (bad, got) = json(Input::Bytes {
            name: "x.toml".into(),
            bytes: vec![0xff, 0xfe, 0x00, 0x41],
        });
        assert_eq!(bad.unusable, 1, "{got}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// An output that fails every write with `kind`.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_output_is_an_error_but_a_closed_pipe_is_not() {
        let options = options(Format::Json);
        let stdin = || vec![Input::Stdin(b"schema = 1".to_vec())];
        let full = run(stdin(), &options, &mut Failing(io::ErrorKind::StorageFull));
        assert_eq!(full.unwrap_err().kind(), io::ErrorKind::StorageFull);
        let closed = run(stdin(), &options, &mut Failing(io::ErrorKind::BrokenPipe));
        assert_eq!(closed.unwrap().unusable, 1);
    }
}
