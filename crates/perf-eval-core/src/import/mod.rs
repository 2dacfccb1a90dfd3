//! `perf-eval import`: a 项目支出绩效自评表 as people hand it in (an Excel or WPS workbook, a
//! Word document, or a table pasted as text) → a project file.
//!
//! Parts are found by their labels, not by fixed addresses, because templates differ: merged
//! 一级/二级 cells, `产出指标(50分)` headers, split 指标性质/度量单位 columns, columns in another
//! order, one- or two-row headers, empty template rows, `/` for 不适用, numbers stored as text,
//! several tables in one workbook or on one sheet, notes and signature lines under the table.
//! What cannot be read is reported with its sheet and cell, never guessed.

mod docx;
mod format;
mod grid;
mod text;
mod xls;
mod xlsx;

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Reader, SheetVisible, Sheets, open_workbook_auto_from_rs};
use rust_decimal::Decimal;

use crate::error::Error;
use crate::lang::Lang;
use crate::messages::{Note, Problem};
use crate::number::plain;
use crate::place::{Cell, LineCells};
use crate::value::Value;
use crate::value::read_amount;
use grid::{Grid, Passed, label};

/// The most a workbook or document may unpack to (its parts' declared sizes, added up).
pub const MAX_UNPACKED_BYTES: u64 = 256 << 20;
/// The most its XML parts may unpack to: they are parsed into memory whole or in part, while
/// the rest (pictures in a Word report) is not read.
pub const MAX_XML_BYTES: u64 = 64 << 20;

/// One imported table.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The sheet (or `表格2` of a Word document); `Sheet1 (2)` for a second table on a sheet.
    pub sheet: String,
    /// The project file's text.
    pub toml: String,
    /// For each line of `toml`, the cell its value was read from.
    pub places: LineCells,
    /// Cells that could not be read and were left out (`Sheet1!H9: 得分 is not a number …`).
    pub warnings: Vec<Note>,
    /// The project `toml` loads as (every table imported loads), until a reader takes it.
    pub project: Option<crate::project::Project>,
}

/// A file name for each table, for writing one file per table into a folder: the sheet's
/// name made safe (no folder separators, no leading dot, no characters Windows forbids, no
/// control characters), made unique by a number where two tables would share one.
pub fn file_names(tables: &[Imported]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for table in tables {
        let safe: String = table
            .sheet
            .chars()
            .map(|c| {
                if c.is_control() || "/\\:*?\"<>|".contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .take(100)
            .collect();
        let safe = safe
            .trim_start_matches(['.', ' '])
            .trim_end_matches(['.', ' ']);
        let stem = if safe.is_empty() { "table" } else { safe };
        let mut name = format!("{stem}.toml");
        let mut n = 2;
        while names.iter().any(|taken| taken.eq_ignore_ascii_case(&name)) {
            name = format!("{stem}-{n}.toml");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// What `import` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Only this sheet; every sheet holding a table when `None`.
    pub sheet: Option<&'a str>,
    /// The year, when the title does not say it.
    pub year: Option<i64>,
    /// A `rules` line for the project file.
    pub rules: Option<&'a str>,
    /// The language of the comments written into the project file.
    pub lang: Lang,
}

/// The file kinds `import`, `check` and `score` read besides project files.
pub fn is_importable(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "et", "docx", "txt", "tsv"]
            .iter()
            .any(|k| e.eq_ignore_ascii_case(k))
    })
}

/// Whether a file starts as a workbook or Word document does (a zip package, or an OLE file as
/// .xls is), whatever its name.
pub fn is_package(path: &Path) -> bool {
    let mut head = [0; 4];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut head))
        .is_ok_and(|()| starts_as_package(&head))
}

/// Whether bytes start as a workbook or Word document does.
pub fn starts_as_package(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP) || bytes.starts_with(OLE)
}

const ZIP: &[u8; 4] = b"PK\x03\x04";
const OLE: &[u8; 4] = &[0xD0, 0xCF, 0x11, 0xE0];

/// Imports every table of a file (or the named sheet).
pub fn import(path: &Path, options: &Options) -> Result<Vec<Imported>, Error> {
    let bytes = crate::source::read_file(path)?;
    import_bytes(&crate::source::display_path(path), bytes, options)
}

/// Imports every table of a file held in memory; `name` is for messages and tells a `.doc`
/// from an `.xls` (both are OLE files).
pub fn import_bytes(name: &str, bytes: Vec<u8>, options: &Options) -> Result<Vec<Imported>, Error> {
    let refuse = |problem: Problem| Error::import(name, problem);
    let cannot_open =
        |e: &dyn std::fmt::Display| refuse(Problem::CannotOpen { why: e.to_string() });
    let limit = crate::source::max_input();
    if bytes.len() as u64 > limit {
        return Err(refuse(Problem::PackageTooLarge { mb: limit >> 20 }));
    }
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(extension.as_str(), "doc" | "wps") {
        return Err(refuse(Problem::OldWordFormat));
    }
    if bytes.starts_with(ZIP) {
        let parts = package_parts(name, &bytes)?;
        if parts.iter().any(|p| p == "word/document.xml") {
            let grids = docx::grids(&bytes).map_err(refuse)?;
            return import_grids(name, grids, options);
        }
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') && (head.contains("<html") || head.contains("<table")) {
        return Err(refuse(Problem::HtmlWorkbook));
    }
    if bytes.starts_with(OLE) {
        xls::check(name, &bytes)?;
    }
    if starts_as_package(&bytes) {
        let package = bytes.as_slice();
        let mut workbook = shielded(name, || open_workbook_auto_from_rs(Cursor::new(package)))?
            .map_err(|e| cannot_open(&e))?;
        return import_workbook(&mut workbook, package, name, options);
    }
    // Text in the encodings project files are read in: UTF-8, UTF-16, GBK.
    let decoded = crate::encoding::decode(bytes).map_err(|_| refuse(Problem::NotATable))?;
    let grid = text::grid("文本", &decoded.text).map_err(refuse)?;
    let mut tables = import_grids(name, vec![grid], options)?;
    if let (Some(encoding), Some(first)) = (decoded.converted_from, tables.first_mut()) {
        first.warnings.push(Note::Converted {
            file: name.to_string(),
            encoding: encoding.to_string(),
        });
    }
    Ok(tables)
}

/// The part names of a zip package, refused when they would unpack past
/// [`MAX_UNPACKED_BYTES`] (a few KB of zip can claim gigabytes).
fn package_parts(name: &str, bytes: &[u8]) -> Result<Vec<String>, Error> {
    let cannot_open =
        |e: zip::result::ZipError| Error::import(name, Problem::CannotOpen { why: e.to_string() });
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(cannot_open)?;
    let (mut total, mut xml) = (0_u64, 0_u64);
    for file in 0..archive.len() {
        let part = archive.by_index_raw(file).map_err(cannot_open)?;
        total = total.saturating_add(part.size());
        if part.name().ends_with(".xml") || part.name().ends_with(".rels") {
            xml = xml.saturating_add(part.size());
        }
    }
    if total > MAX_UNPACKED_BYTES || xml > MAX_XML_BYTES {
        return Err(Error::import(
            name,
            Problem::UnpacksTooLarge {
                mb: MAX_UNPACKED_BYTES >> 20,
                xml_mb: MAX_XML_BYTES >> 20,
            },
        ));
    }
    Ok(archive.file_names().map(str::to_string).collect())
}

thread_local! {
    /// Whether this thread is inside [`shielded`].
    static SHIELDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a panic now, on this thread, is one the library catches from a reader it shields
/// and reports as a file it cannot read. A program's panic hook asks this to stay silent:
/// the reader's message and source path mean nothing to the user and must not reach the
/// terminal. The library itself installs no hook.
pub fn panic_is_shielded() -> bool {
    SHIELDED.with(std::cell::Cell::get)
}

/// Runs a call into a reader of third-party code fed with files from anywhere: should it
/// panic on a malformed file, that is an unreadable file, not a crash.
fn shielded<T>(name: &str, call: impl FnOnce() -> T) -> Result<T, Error> {
    let outer = SHIELDED.with(|flag| flag.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(call));
    SHIELDED.with(|flag| flag.set(outer));
    result.map_err(|_| Error::import(name, Problem::Malformed))
}

fn import_workbook<R: Read + Seek>(
    workbook: &mut Sheets<R>,
    package: &[u8],
    name: &str,
    options: &Options,
) -> Result<Vec<Imported>, Error> {
    let sheets = workbook.sheet_names();
    let chosen: Vec<String> = match options.sheet {
        Some(sheet) if sheets.iter().any(|s| s == sheet) => vec![sheet.to_string()],
        Some(sheet) => {
            return Err(Error::import(
                name,
                Problem::NoSuchSheet {
                    sheet: sheet.to_string(),
                    sheets: sheets.join("、"),
                },
            ));
        }
        None => sheets.clone(),
    };
    // Hidden sheets are not what a person reads; a sheet asked for by name is read all the same.
    let hidden: std::collections::BTreeSet<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != SheetVisible::Visible && options.sheet != Some(s.name.as_str()))
        .map(|s| s.name.clone())
        .collect();
    let mut package = matches!(workbook, Sheets::Xlsx(_))
        .then(|| xlsx::Package::open(package))
        .flatten();
    let mut grids = Vec::new();
    for sheet in chosen.iter().filter(|s| !hidden.contains(*s)) {
        let look = package.as_mut().map(|p| p.look(sheet)).unwrap_or_default();
        // A sheet of fewer than two cells holds no table (the workbook reader looks each sheet
        // up by name, which thousands of empty sheets would make slow).
        if look.merges.is_some() && look.cells < 2 {
            grids.push(Grid::new(sheet.clone(), grid::Origin::Sheet, Vec::new()));
            continue;
        }
        let grid = shielded(name, || Grid::read(workbook, sheet, &look))?
            .map_err(|problem| Error::import(name, problem))?;
        grids.push(grid);
    }
    let mut tables = import_grids(name, grids, options)?;
    if let Some(first) = tables.first_mut() {
        for sheet in hidden {
            first.warnings.push(Note::HiddenSheet { sheet });
        }
    }
    Ok(tables)
}

/// The built-in profile a `评分规则：TITLE；…` line of the sheet names by its title (the line
/// `score --output` writes under the table), or by its name (`评分规则：NAME（…）`, as earlier
/// versions wrote it), if any.
fn written_rules(grid: &Grid) -> Option<String> {
    (0..grid.height()).find_map(|row| {
        let text = grid.get(row, 0);
        let rest = text
            .strip_prefix("评分规则：")
            .or_else(|| text.strip_prefix("评分规则:"))?;
        let title = rest.split(['；', ';']).next()?.trim();
        let by_title = crate::profile::BUILTIN.iter().find_map(|(name, _)| {
            crate::profile::Profile::builtin(name)
                .filter(|profile| profile.title == title)
                .map(|_| name.to_string())
        });
        let name = rest.split(['（', '(', '；', ';', ' ']).next()?.trim();
        by_title.or_else(|| crate::profile::Profile::builtin(name).map(|_| name.to_string()))
    })
}

/// Reads the tables of grids (sheets, Word tables, pasted text), several to a grid when a
/// sheet holds more than one.
fn import_grids(name: &str, grids: Vec<Grid>, options: &Options) -> Result<Vec<Imported>, Error> {
    let mut imported: Vec<Imported> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut skipped = Vec::new();
    for grid in grids {
        if options.sheet.is_some_and(|s| s != grid.sheet) {
            continue;
        }
        let bands = tables_on(&grid);
        let count = bands.len();
        let mut found = false;
        for (index, band) in bands.into_iter().enumerate() {
            if let Some(table) = Table::read(&band, options)? {
                let sheet = if count > 1 && index > 0 {
                    format!("{} ({})", grid.sheet, index + 1)
                } else {
                    grid.sheet.clone()
                };
                // A table perf-eval wrote says which rules it was scored under; read back, it is
                // scored under them again.
                let written = written_rules(&grid);
                let rules = options.rules.or(written.as_deref());
                let (toml, places) = table.toml(name, &sheet, rules, options.lang);
                let mut table = Imported {
                    sheet,
                    toml,
                    places,
                    warnings: table.warnings,
                    project: None,
                };
                // What import writes must load; a table that would not is refused here, at
                // the cell (or line of pasted text) behind the project file's line.
                let source = crate::source::Source::new(
                    format!("{name} ({})", table.sheet),
                    table.toml.clone(),
                );
                let project = crate::project::load(&source).map_err(|input| {
                    match table.places.cell(input.excerpt.start.line) {
                        Some(place) => Error::import(format!("{name}: {place}"), *input.problem),
                        None => Error::import(
                            format!("{name}: {}", table.sheet),
                            Problem::ImportedInvalid {
                                why: input.to_string(),
                            },
                        ),
                    }
                })?;
                found = true;
                let key = same_table_key(&project);
                table.project = Some(project);
                // A workbook often holds the table twice: the 公开表 handed in and the working
                // copy it was filled from. Only the 公开表 is imported. (Copies on sheets that
                // name no 公开表 are taken as separate tables, as in a workbook per project.)
                let copy_of = keys.iter().position(|k| *k == key).filter(|&at| {
                    table.sheet.contains("公开") || imported[at].sheet.contains("公开")
                });
                match copy_of {
                    Some(at) => {
                        let copy = if table.sheet.contains("公开") {
                            std::mem::replace(&mut imported[at], table).sheet
                        } else {
                            table.sheet
                        };
                        let kept = imported[at].sheet.clone();
                        imported[at].warnings.push(Note::Copy { copy, kept });
                    }
                    None => {
                        keys.push(key);
                        imported.push(table);
                    }
                }
            }
        }
        if !found {
            skipped.push(grid.sheet.clone());
        }
    }
    if imported.is_empty() {
        return Err(Error::import(
            name,
            Problem::NoTable {
                sheets: skipped.join("、"),
            },
        ));
    }
    Ok(imported)
}

/// What makes two imported tables the same table: the project, its year, and every indicator's
/// cells and figures.
fn same_table_key(project: &crate::project::Project) -> String {
    let mut key = format!("{}\u{1}{}", project.name.value, project.year);
    for row in &project.indicators {
        let score = row.score.as_ref().map(|s| s.value.normalize().to_string());
        key.push_str(&format!(
            "\u{1}{}\u{2}{}\u{2}{}\u{2}{}\u{2}{:?}",
            row.name.value,
            row.target.value.text,
            row.actual.value.text,
            row.weight(),
            score
        ));
    }
    key
}

/// Splits a grid where a second table begins (a second 项目名称 row, with its title above
/// it), so that each table is read on its own.
fn tables_on(grid: &Grid) -> Vec<Grid> {
    let starts: Vec<usize> = (0..grid.height())
        .filter(|&row| (0..grid.width(row)).any(|c| label(grid.get(row, c)) == "项目名称"))
        .map(|row| {
            let titled = row > 0
                && (0..grid.width(row - 1)).any(|c| label(grid.get(row - 1, c)).contains("自评表"));
            if titled { row - 1 } else { row }
        })
        .collect();
    if starts.len() < 2 {
        return vec![grid.clone()];
    }
    let mut bounds = starts.clone();
    bounds[0] = 0;
    bounds.push(grid.height());
    bounds.windows(2).map(|w| grid.band(w[0], w[1])).collect()
}

/// Where a value came from, for the comments of the project file.
#[derive(Debug, Clone)]
struct Sourced<T> {
    value: T,
    address: Cell,
}

#[derive(Debug, Default)]
struct FundsRow {
    initial: Option<Sourced<Decimal>>,
    annual: Option<Sourced<Decimal>>,
    executed: Option<Sourced<Decimal>>,
}

#[derive(Debug)]
struct Row {
    address: Cell,
    level1: String,
    level2: String,
    name: String,
    target: Sourced<String>,
    actual: Sourced<String>,
    weight: Option<Sourced<Decimal>>,
    score: Option<Sourced<Decimal>>,
    deduction: Option<Sourced<Decimal>>,
    note: Option<Sourced<String>>,
    na: bool,
    /// A `其中：…` row breaking the indicator above down: shown, not scored.
    detail: bool,
}

/// A table as read from a sheet.
#[derive(Debug, Default)]
struct Table {
    name: Option<Sourced<String>>,
    year: Option<i64>,
    department: Option<Sourced<String>>,
    implementer: Option<Sourced<String>>,
    unit: Option<&'static str>,
    funds_weight: Option<Sourced<Decimal>>,
    funds_rate: Option<Sourced<Decimal>>,
    funds_score: Option<Sourced<Decimal>>,
    funds: [(&'static str, FundsRow); 4],
    expected: Option<Sourced<String>>,
    actual: Option<Sourced<String>>,
    /// First-level headers that print their weight, with the header's cell.
    level1: Vec<(String, Sourced<Decimal>)>,
    rows: Vec<Row>,
    total_weight: Option<Sourced<Decimal>>,
    total_score: Option<Sourced<Decimal>>,
    grade: Option<Sourced<String>>,
    /// Notes, signature lines and 其中 breakdown rows: kept as comments, for a project file
    /// has no place for them.
    remarks: Vec<Sourced<String>>,
    /// Cells left out, each with its place.
    warnings: Vec<Note>,
}

/// The indicator table's columns.
#[derive(Debug, Default)]
struct Columns {
    level1: Option<usize>,
    level2: Option<usize>,
    name: usize,
    target: Option<usize>,
    actual: Option<usize>,
    op: Option<usize>,
    unit: Option<usize>,
    weight: usize,
    score: Option<usize>,
    deduction: Option<usize>,
    note: Option<usize>,
}

fn cell_error(grid: &Grid, row: usize, col: usize, what: &str) -> Error {
    Error::import(
        grid.address(row, col),
        Problem::CellNotNumber {
            what: what.to_string(),
            found: grid.get(row, col).to_string(),
        },
    )
}

/// A cell that [`amount`] cannot read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnAmount;

/// A number in a cell (a 分值, 得分, 执行率 or amount): `None` when empty or a placeholder.
fn number(
    grid: &Grid,
    row: usize,
    col: usize,
    what: &str,
    money: Option<&str>,
) -> Result<Option<Decimal>, Error> {
    amount(declared_figure(grid.get(row, col)), money)
        .map_err(|NotAnAmount| cell_error(grid, row, col, what))
}

/// The unit's own figure in a cell where perf-eval printed its computed one beside it:
/// `3.33【填报 4】` in a Word table, `3.33` over `填报4` in a workbook (`declared` in English).
/// What the table declares is the unit's figure; perf-eval computes its own again.
fn declared_figure(text: &str) -> &str {
    beside(text)
        .filter(|(shown, _)| read_amount(shown).is_some())
        .map_or(text, |(_, declared)| declared)
}

/// A cell perf-eval wrote as its own figure and, beside it, the unit's: the two texts. The mark
/// opens a bracket or a line, so `未完成填报，不评级` is no such cell.
fn beside(text: &str) -> Option<(&str, &str)> {
    ["填报", "declared"].into_iter().find_map(|mark| {
        let at = text
            .match_indices(mark)
            .map(|(at, _)| at)
            .find(|&at| text[..at].trim_end_matches(' ').ends_with(['【', '\n']))?;
        let (shown, declared) = (&text[..at], &text[at + mark.len()..]);
        let shown = shown.trim_end().trim_end_matches('【').trim();
        let declared = declared.trim().trim_end_matches('】').trim();
        (!shown.is_empty() && !declared.is_empty()).then_some((shown, declared))
    })
}

/// Reads a figure as forms write it: `5`, `10分`, `９分`, `1,444.49`, `86.29%`, `0.8629`, and
/// amounts with their unit, `1444.49万元` or `1.5亿元`, converted to `money` (the funds block's
/// unit: `1.5亿元` in a 万元 block is 15000). `—`, `-`, `/`, `无`, `空` and blanks stand for
/// nothing written. `Err` when the cell holds something else, or a magnitude that leaves
/// the exact range.
pub fn amount(text: &str, money: Option<&str>) -> Result<Option<Decimal>, NotAnAmount> {
    let text = text.trim();
    if text.is_empty()
        || text.chars().all(|c| "—－-–―/／".contains(c))
        || matches!(text, "无" | "空")
    {
        return Ok(None);
    }
    // The one reader of number cells, shared with the project loader.
    let quantity = read_amount(text).ok_or(NotAnAmount)?;
    let unit = quantity.unit.as_str();
    if matches!(unit, "" | "分" | "%") && quantity.magnitude.is_empty() {
        return Ok(Some(quantity.number));
    }
    let yuan = quantity.base().ok_or(NotAnAmount)?;
    let per = |unit: &str| match unit {
        "万元" => Some(Decimal::from(10_000)),
        "亿元" => Some(Decimal::from(100_000_000)),
        "元" => Some(Decimal::ONE),
        _ => None,
    };
    match (unit, money.and_then(per)) {
        ("元" | "", Some(per)) => yuan
            .checked_div(per)
            .map(|v| Some(v.normalize()))
            .ok_or(NotAnAmount),
        // Without a block unit (a 分值 column), only a bare magnitude (10万) is a number.
        ("", None) => Ok(Some(yuan)),
        _ => Err(NotAnAmount),
    }
}

/// `产出指标(50分)`, `产出指标（50分）`, `产出指标` → the name and the weight if printed.
fn level1_header(text: &str) -> (String, Option<Decimal>) {
    let text = label(text);
    let open = text.find(['(', '（']);
    if let Some(open) = open {
        let inner = text[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .trim_end_matches('分');
        if let Ok(weight) = crate::number::parse_decimal(inner) {
            return (text[..open].to_string(), Some(weight));
        }
    }
    (text, None)
}

/// Template rows to skip: `指标1:`, `……`, `...`.
fn is_placeholder(name: &str) -> bool {
    let trimmed = name.trim_end_matches([':', '：']);
    let numbered = trimmed
        .strip_prefix("指标")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()));
    numbered
        || name
            .chars()
            .all(|c| matches!(c, '…' | '.' | '。' | '·' | '-'))
}

/// A 总分 or 合计 row's label: the table's declared total, never an indicator.
fn is_total(label: &str) -> bool {
    ["总分", "合计", "总计", "分值合计", "得分合计"]
        .iter()
        .any(|word| label.starts_with(word))
}

fn is_na(text: &str) -> bool {
    matches!(text.trim(), "/" | "／" | "不适用" | "——")
}

/// Notes and signature lines (`注：1.一级指标分值统一设置为…`, `填表人：… 联系电话：…`): the
/// form's words about itself, kept as comments and never read as indicators.
fn is_note(text: &str) -> bool {
    const MARKS: &[&str] = &[
        "注：",
        "注:",
        "注1",
        "备注：",
        "说明：",
        "填报说明",
        "填表说明",
        "填表人",
        "填报人",
        "联系电话",
        "联系人",
        "填报日期",
        "填表日期",
        "单位负责人",
        "财务负责人",
        "项目负责人",
        "审核人",
        "单位（盖章）",
        "单位(盖章)",
    ];
    let text = label(text);
    MARKS.iter().any(|m| text.starts_with(m))
}

/// The first non-empty cell of a row.
/// A hidden row kept as a remark at its first cell, with what it holds.
fn hidden_row(grid: &Grid, row: usize, lang: Lang) -> Option<Sourced<String>> {
    let (col, _) = first_text(grid, row)?;
    let cells: Vec<&str> = (col..grid.width(row))
        .map(|c| grid.get(row, c))
        .filter(|t| !t.is_empty())
        .collect();
    Some(Sourced {
        value: Note::HiddenRow {
            cells: cells.join(" | "),
        }
        .text(lang),
        address: grid.cell(row, col),
    })
}

fn first_text(grid: &Grid, row: usize) -> Option<(usize, &str)> {
    (0..grid.width(row))
        .map(|c| (c, grid.get(row, c)))
        .find(|(_, t)| !t.is_empty())
}

/// The year from a title like `2022年度项目支出绩效自评表`.
fn year_in(grid: &Grid) -> Option<i64> {
    let cells = (0..grid.height().min(6))
        .flat_map(|row| (0..grid.width(row)).map(move |col| grid.get(row, col)));
    for cell in cells.chain([grid.caption.as_str()]) {
        {
            let text = label(cell);
            if let Some(at) = text.find("年度") {
                let digits: String = text[..at]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_digit())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if let Ok(year @ 1949..=2199) = digits.parse::<i64>() {
                    return Some(year);
                }
            }
        }
    }
    // `2020年项目支出绩效自评表`: a title naming its year without 年度.
    cells_titled(grid).find_map(|text| {
        let at = text.find('年')?;
        let digits = text[..at].get(at.checked_sub(4)?..)?;
        digits
            .parse::<i64>()
            .ok()
            .filter(|year| crate::value::YEARS.contains(year))
    })
}

/// The title cells of a table: those of its first rows (and its caption) that name it a
/// 自评表.
fn cells_titled(grid: &Grid) -> impl Iterator<Item = String> + '_ {
    (0..grid.height().min(6))
        .flat_map(move |row| (0..grid.width(row)).map(move |col| grid.get(row, col)))
        .chain([grid.caption.as_str()])
        .map(label)
        .filter(|text| text.contains("自评表"))
}

impl Table {
    /// Reads the table on a sheet; `None` when the sheet holds no indicator table.
    fn read(grid: &Grid, options: &Options) -> Result<Option<Table>, Error> {
        let Some((header, columns)) = indicator_header(grid) else {
            return Ok(None);
        };
        let year = year_in(grid)
            .or(options.year)
            .ok_or_else(|| Error::import(&grid.sheet, Problem::NoYear))?;
        let mut table = Table {
            year: Some(year),
            funds: [
                ("total", FundsRow::default()),
                ("appropriation", FundsRow::default()),
                ("carryover", FundsRow::default()),
                ("other", FundsRow::default()),
            ],
            ..Table::default()
        };
        // An empty 主管部门 cell is empty: the label after it (实施单位) is not its value.
        let text_right_of = |wanted: &dyn Fn(&str) -> bool| {
            grid.find(wanted)
                .and_then(|(r, c)| grid.right_of(r, c))
                .filter(|&(r, c)| !is_heading_label(&label(grid.get(r, c))))
                .map(|(r, c)| Sourced {
                    value: grid.get(r, c).to_string(),
                    address: grid.cell(r, c),
                })
        };
        table.name = text_right_of(&|l| l == "项目名称");
        table.department = text_right_of(&|l| l == "主管部门");
        table.implementer = text_right_of(&|l| l == "实施单位");
        table.read_funds(grid)?;
        table.expected = goal(grid, &is_expected_label);
        table.actual = goal(grid, &is_actual_goal_label);
        table.read_rows(grid, header, &columns, options.lang)?;
        // Hidden rows above the indicators (the funds block, the headings) are said too.
        let above: Vec<_> = (0..header)
            .filter(|&row| grid.is_hidden(row))
            .filter_map(|row| hidden_row(grid, row, options.lang))
            .collect();
        table.remarks.splice(0..0, above);
        table.passed_over(grid, options.lang);
        for row in 0..grid.height() {
            if let Some((col, text)) = first_text(grid, row)
                && is_note(text)
            {
                table.remarks.push(Sourced {
                    value: text.to_string(),
                    address: grid.cell(row, col),
                });
            }
        }
        Ok(Some(table))
    }

    /// Says at each cell what was not read as stored: a hidden column (once, with what it
    /// holds), a formula without its computed value, a format that cannot be displayed.
    fn passed_over(&mut self, grid: &Grid, lang: Lang) {
        let mut columns: Vec<(usize, usize, Vec<&str>)> = Vec::new();
        for (row, col, why) in grid.passed() {
            let problem = match why {
                Passed::HiddenColumn { text } => {
                    match columns.iter_mut().find(|(_, c, _)| *c == col) {
                        Some((_, _, cells)) => cells.push(text),
                        None => columns.push((row, col, vec![text])),
                    }
                    continue;
                }
                Passed::Uncomputed => Problem::FormulaNotComputed,
                Passed::Format { code, read_as } => Problem::NumberFormatUnread {
                    code: code.clone(),
                    read_as: read_as.clone(),
                },
            };
            self.warnings.push(Note::AtCell {
                place: grid.address(row, col),
                problem: Box::new(problem),
            });
        }
        for (row, col, cells) in columns {
            self.remarks.push(Sourced {
                value: Note::HiddenColumn {
                    cells: cells.join(" | "),
                }
                .text(lang),
                address: grid.cell(row, col),
            });
        }
    }

    fn read_funds(&mut self, grid: &Grid) -> Result<(), Error> {
        if let Some((r, c)) = grid.find(|l| l.starts_with("项目资金")) {
            let text = label(grid.get(r, c));
            self.unit = Some(if text.contains("亿元") {
                "亿元"
            } else if text.contains("万元") {
                "万元"
            } else if text.contains('元') {
                "元"
            } else {
                "万元"
            });
        }
        // Blocks differ: some have no 年初预算数, some no 全年预算数.
        let Some((header, _)) = grid.find(|l| {
            l.contains("年初预算数") || l.contains("全年预算数") || l.contains("全年执行数")
        }) else {
            return Ok(());
        };
        let money = Some(self.unit.unwrap_or("万元"));
        let column = |wanted: &dyn Fn(&str) -> bool| {
            (0..grid.width(header)).find(|&c| wanted(&label(grid.get(header, c))))
        };
        let initial = column(&|l| l.contains("年初预算数"));
        let annual = column(&|l| l.contains("全年预算数") || l.contains("调整后预算数"));
        let executed = column(&|l| l.contains("执行数") || l.contains("实际支出"));
        let weight = column(&|l| l == "分值" || l == "权重");
        let rate = column(&|l| l.contains("执行率"));
        let score = column(&|l| l == "得分" || l == "自评得分" || l == "评分");
        let first_number = [initial, annual, executed]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0);
        let read = |row: usize,
                    col: Option<usize>,
                    what: &str,
                    money: Option<&str>|
         -> Result<Option<Sourced<Decimal>>, Error> {
            let Some(col) = col else { return Ok(None) };
            Ok(number(grid, row, col, what, money)?.map(|value| Sourced {
                value,
                address: grid.cell(row, col),
            }))
        };
        for row in header + 1..(header + 8).min(grid.height()) {
            if grid.is_hidden(row) {
                continue;
            }
            let name: String = (0..first_number)
                .map(|c| label(grid.get(row, c)))
                .collect::<Vec<_>>()
                .join("");
            let slot = if name.contains("资金总额") {
                0
            } else if name.contains("财政拨款") {
                1
            } else if name.contains("上年结转") {
                2
            } else if name.contains("其他资金") {
                3
            } else {
                continue;
            };
            self.funds[slot].1 = FundsRow {
                initial: read(row, initial, "年初预算数", money)?,
                annual: read(row, annual, "全年预算数", money)?,
                executed: read(row, executed, "全年执行数", money)?,
            };
            if slot == 0 {
                self.funds_weight = read(row, weight, "分值", None)?;
                self.funds_score = self.declared(read(row, score, "得分", None))?;
                let shown = rate.map_or("", |c| grid.get(row, c));
                self.funds_rate = match self.declared(read(row, rate, "执行率", None))? {
                    // A rate stored as a fraction (0.8629, shown as 86.29%) is read in percent.
                    Some(mut value)
                        if value.value <= Decimal::TWO && !shown.contains(['%', '％']) =>
                    {
                        value.value =
                            value
                                .value
                                .checked_mul(Decimal::ONE_HUNDRED)
                                .ok_or_else(|| {
                                    Error::import(
                                        &value.address,
                                        Problem::RateOutOfRange {
                                            shown: shown.to_string(),
                                        },
                                    )
                                })?;
                        Some(value)
                    }
                    other => other,
                };
            }
        }
        Ok(())
    }

    /// A declared figure (a 得分 or 执行率, which perf-eval computes itself) that cannot be
    /// read is left out with a warning rather than refusing the table.
    fn declared<T>(&mut self, read: Result<Option<T>, Error>) -> Result<Option<T>, Error> {
        match read {
            Err(Error::Import { place, problem }) => {
                self.warnings.push(Note::LeftOut {
                    problem: Box::new(problem),
                    place,
                });
                Ok(None)
            }
            other => other,
        }
    }

    fn read_rows(
        &mut self,
        grid: &Grid,
        header: usize,
        columns: &Columns,
        lang: Lang,
    ) -> Result<(), Error> {
        let mut level1 = String::new();
        let mut level2 = String::new();
        for row in header + 1..grid.height() {
            // The label may stand in any column up to the 三级指标 one, under cells merged down
            // from above (`绩效指标`).
            if (0..=columns.name).any(|c| is_total(&label(grid.get(row, c)))) {
                self.read_total(grid, row, columns)?;
                break;
            }
            if first_text(grid, row).is_some_and(|(_, text)| is_note(text)) {
                continue;
            }
            if grid.is_hidden(row) {
                self.remarks.extend(hidden_row(grid, row, lang));
                continue;
            }
            if let Some(col) = columns.level2
                && !grid.get(row, col).is_empty()
            {
                level2 = label(grid.get(row, col));
            }
            if let Some(col) = columns.level1
                && !grid.get(row, col).is_empty()
            {
                let (mut name, weight) = level1_header(grid.get(row, col));
                // `(50分)` alone: the first level is the one its second-level names belong to.
                if name.is_empty()
                    && let Some(named) = crate::template::level1_of(&level2)
                {
                    name = named.to_string();
                    self.warnings.push(Note::AtCell {
                        place: grid.address(row, col),
                        problem: Box::new(Problem::Level1Named {
                            level2: level2.clone(),
                            name: name.clone(),
                        }),
                    });
                }
                if let Some(weight) = weight
                    && !self.level1.iter().any(|(n, _)| *n == name)
                {
                    let weight = Sourced {
                        value: weight,
                        address: grid.cell(row, col),
                    };
                    self.level1.push((name.clone(), weight));
                }
                level1 = name;
            }
            let name = grid.get(row, columns.name);
            if name.is_empty() || is_placeholder(name) || columns.is_header(&label(name)) {
                continue;
            }
            // `其中：…` rows break the indicator above down: detail rows, whatever their 分值
            // and 得分 cells hold, as the indicator above holds their figures.
            let detail = label(name).starts_with("其中");
            let cell = |col: Option<usize>| col.map_or("", |c| grid.get(row, c));
            let place = |col: Option<usize>| grid.cell(row, col.unwrap_or(columns.name));
            let weight_text = grid.get(row, columns.weight);
            let na = !detail
                && (is_na(weight_text)
                    || (is_na(cell(columns.target)) && is_na(cell(columns.actual))));
            // 指标性质 (≥, ≤, =) belongs to the target; 度量单位 to both.
            let split = |value: &str, is_target: bool| -> String {
                if value.is_empty() || is_na(value) {
                    return String::new();
                }
                let op = cell(columns.op);
                let op = if is_target
                    && Value::parse(value).op().is_none()
                    && crate::value::Comparator::parse(op).is_some()
                {
                    op
                } else {
                    ""
                };
                let unit = cell(columns.unit);
                let unit = if value.ends_with(unit) { "" } else { unit };
                format!("{op}{value}{unit}")
            };
            let sourced = |col: usize, value| Sourced {
                value,
                address: grid.cell(row, col),
            };
            let weight = if na || detail {
                None
            } else {
                let value = number(grid, row, columns.weight, "分值", None)?;
                // Pasted text cut off inside a row (at a page's end): the row is left out, the
                // complete rows are scored.
                if value.is_none() && grid.is_text() {
                    self.warnings.push(Note::AtCell {
                        place: grid.address(row, columns.name),
                        problem: Box::new(Problem::RowIncomplete {
                            name: name.to_string(),
                        }),
                    });
                    continue;
                }
                let value = value.ok_or_else(|| {
                    let problem = if grid.is_uncomputed(row, columns.weight) {
                        Problem::FormulaNotComputed
                    } else {
                        Problem::WeightEmpty {
                            name: name.to_string(),
                        }
                    };
                    Error::import(grid.address(row, columns.weight), problem)
                })?;
                Some(sourced(columns.weight, value))
            };
            let score = match columns.score {
                Some(col) if !na && !detail => self
                    .declared(number(grid, row, col, "得分", None))?
                    .map(|v| sourced(col, v)),
                _ => None,
            };
            let deduction = match columns.deduction {
                Some(col) if !na && !detail => number(grid, row, col, "扣分", None)?
                    .filter(|points| !points.is_zero())
                    .map(|v| sourced(col, v)),
                _ => None,
            };
            self.rows.push(Row {
                address: grid.cell(row, columns.name),
                level1: level1.clone(),
                level2: level2.clone(),
                name: name.to_string(),
                target: Sourced {
                    value: split(cell(columns.target), true),
                    address: place(columns.target),
                },
                actual: Sourced {
                    value: split(cell(columns.actual), false),
                    address: place(columns.actual),
                },
                weight,
                score,
                deduction,
                note: columns
                    .note
                    .filter(|&c| !grid.get(row, c).is_empty())
                    .map(|c| Sourced {
                        value: grid.get(row, c).to_string(),
                        address: grid.cell(row, c),
                    }),
                na,
                detail,
            });
        }
        Ok(())
    }

    /// The 总分 row: the weight and score under their columns, or else the first two numbers
    /// right of the label; the grade after `评价等级`.
    fn read_total(&mut self, grid: &Grid, row: usize, columns: &Columns) -> Result<(), Error> {
        let sourced = |col: usize, value| Sourced {
            value,
            address: grid.cell(row, col),
        };
        let read = |col: usize| number(grid, row, col, "总分", None).ok().flatten();
        // Figures under the 分值 and 得分 columns are those; equal figures (100 and 100) are
        // two figures there.
        let weight = read(columns.weight).map(|v| (columns.weight, v));
        let score = columns.score.and_then(|c| read(c).map(|v| (c, v)));
        // Else the figures right of the label in order, a number merged across cells once.
        let mut numbers = Vec::new();
        for col in 0..grid.width(row) {
            if Some(col) == weight.map(|w| w.0) || Some(col) == score.map(|s| s.0) {
                continue;
            }
            if let Some(value) = read(col)
                && !grid.is_merged_copy(row, col)
                && numbers
                    .last()
                    .is_none_or(|&(c, v)| v != value || c + 1 != col)
            {
                numbers.push((col, value));
            }
        }
        let mut rest = numbers.into_iter();
        let weight = weight.or_else(|| rest.next());
        let score = score.or_else(|| rest.next());
        self.total_weight = weight.map(|(c, v)| sourced(c, v));
        self.total_score = score.map(|(c, v)| sourced(c, v));
        let grade = (0..grid.width(row))
            .find_map(|c| {
                let text = grid.get(row, c);
                text.split_once(['：', ':'])
                    .filter(|(label, _)| label.contains("等级"))
                    // `优（百分制 95.91）`: the grade is the word before any remark, or the
                    // unit's own beside it (`优【填报 良】`).
                    .map(|(_, grade)| {
                        let grade = beside(grade).map_or(grade, |(_, declared)| declared);
                        let word = grade.split(['（', '(', '【', '】']).next().unwrap_or(grade);
                        (c, word.trim().to_string())
                    })
            })
            .or_else(|| {
                grid.find(|l| l == "评价等级" || l == "自评等级")
                    .and_then(|(r, c)| grid.right_of(r, c))
                    .map(|(r, c)| (c, grid.get(r, c).to_string()))
            })
            // `不评级` (a profile that grades nothing, a table not filled in) declares none.
            .filter(|(_, grade)| !grade.trim().is_empty() && !label(grade).contains("不评级"));
        self.grade = grade.map(|(col, value)| Sourced {
            value,
            address: grid.cell(row, col),
        });
        Ok(())
    }

    /// The project file, and for each of its lines the cell it was read from.
    fn toml(
        &self,
        workbook: &str,
        sheet: &str,
        rules: Option<&str>,
        lang: Lang,
    ) -> (String, LineCells) {
        let mut out = Lines::default();
        let from = Note::ImportedFrom {
            workbook: comment_safe(workbook),
            sheet: comment_safe(sheet),
        };
        out.line(from.text(lang), None);
        out.line("schema = 1".into(), None);
        out.line(String::new(), None);
        out.line("[project]".into(), None);
        match &self.name {
            Some(name) => out.sourced(format!("name = {}", quote_line(&name.value)), &name.address),
            None => out.line("name = \"(no 项目名称 found)\"".into(), None),
        }
        out.line(format!("year = {}", self.year.unwrap_or(0)), None);
        for (key, value) in [
            ("department", &self.department),
            ("implementer", &self.implementer),
        ] {
            if let Some(value) = value {
                out.sourced(
                    format!("{key} = {}", quote_line(&value.value)),
                    &value.address,
                );
            }
        }
        if let Some(rules) = rules {
            out.line(format!("rules = {}", quote(rules)), None);
        }
        out.line(String::new(), None);
        out.line("[funds]".into(), None);
        out.line(
            format!("unit = {}", quote(self.unit.unwrap_or("万元"))),
            None,
        );
        let number_line =
            |out: &mut Lines, key: &str, value: &Option<Sourced<Decimal>>, suffix: &str| {
                if let Some(value) = value {
                    let text = if suffix.is_empty() {
                        plain(value.value)
                    } else {
                        quote(&format!("{}{suffix}", plain(value.value)))
                    };
                    out.sourced(format!("{key} = {text}"), &value.address);
                }
            };
        number_line(&mut out, "weight", &self.funds_weight, "");
        number_line(&mut out, "rate", &self.funds_rate, "%");
        number_line(&mut out, "score", &self.funds_score, "");
        for (key, row) in &self.funds {
            let cells: Vec<String> = [
                ("initial", &row.initial),
                ("annual", &row.annual),
                ("executed", &row.executed),
            ]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} = {}", plain(v.value))))
            .collect();
            let first = [&row.initial, &row.annual, &row.executed]
                .iter()
                .find_map(|v| v.as_ref().map(|v| v.address.clone()));
            let line = format!("{key} = {{ {} }}", cells.join(", ")).replace("{  }", "{}");
            match first {
                Some(address) => out.sourced(line, &address),
                None => out.line(line, None),
            }
        }
        out.line(String::new(), None);
        out.line("[goals]".into(), None);
        for (key, value) in [("expected", &self.expected), ("actual", &self.actual)] {
            if let Some(value) = value {
                out.line(format!("# {}", comment_safe(&value.address)), None);
                out.line(
                    format!("{key} = {}", quote(&value.value)),
                    Some(value.address.clone()),
                );
            }
        }
        for (name, weight) in &self.level1 {
            out.line(String::new(), None);
            out.line("[[level1]]".into(), None);
            out.sourced(format!("name = {}", quote_line(name)), &weight.address);
            out.sourced(format!("weight = {}", plain(weight.value)), &weight.address);
        }
        for row in &self.rows {
            out.line(String::new(), None);
            out.sourced("[[indicator]]".into(), &row.address);
            out.line(format!("level1 = {}", quote_line(&row.level1)), None);
            out.line(format!("level2 = {}", quote_line(&row.level2)), None);
            out.line(format!("name = {}", quote_line(&row.name)), None);
            for (key, value) in [("target", &row.target), ("actual", &row.actual)] {
                out.sourced(
                    format!("{key} = {}", quote_line(&value.value)),
                    &value.address,
                );
            }
            for (key, value) in [
                ("weight", &row.weight),
                ("score", &row.score),
                ("deduction", &row.deduction),
            ] {
                if let Some(value) = value {
                    out.sourced(format!("{key} = {}", plain(value.value)), &value.address);
                }
            }
            if let Some(note) = &row.note {
                out.sourced(format!("note = {}", quote(&note.value)), &note.address);
            }
            if row.na {
                out.line("na = true".into(), None);
            }
            if row.detail {
                out.line("detail = true".into(), None);
            }
        }
        if self.total_weight.is_some() || self.total_score.is_some() || self.grade.is_some() {
            out.line(String::new(), None);
            out.line("[total]".into(), None);
            number_line(&mut out, "weight", &self.total_weight, "");
            number_line(&mut out, "score", &self.total_score, "");
            if let Some(grade) = &self.grade {
                out.sourced(
                    format!("grade = {}", quote_line(&grade.value)),
                    &grade.address,
                );
            }
        }
        if !self.remarks.is_empty() {
            out.line(String::new(), None);
            out.line(Note::Remarks.text(lang), None);
            for remark in &self.remarks {
                out.line(
                    format!(
                        "# {}: {}",
                        comment_safe(&remark.address),
                        comment_safe(&remark.value)
                    ),
                    Some(remark.address.clone()),
                );
            }
        }
        for warning in &self.warnings {
            let text = comment_safe(&warning.text(lang));
            out.line(Note::Warning { text }.text(lang), None);
        }
        (out.text, out.places)
    }
}

/// A project file written line by line, each line with the cell it came from.
#[derive(Default)]
struct Lines {
    text: String,
    places: LineCells,
}

impl Lines {
    fn line(&mut self, line: String, place: Option<Cell>) {
        self.text.push_str(&line);
        self.text.push('\n');
        self.places.push(place);
    }

    /// A key's line with its cell in a comment after it.
    fn sourced(&mut self, line: String, address: &Cell) {
        let text = format!("{line:<40} # {}", comment_safe(address));
        self.line(text, Some(address.clone()));
    }
}

/// Text for a comment: a line break or other control character (from a sheet name or a
/// cell) would end the comment and let the rest be read as TOML.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The labels of the rows above the funds block, each followed by its value.
fn is_heading_label(l: &str) -> bool {
    matches!(
        l,
        "项目名称" | "主管部门" | "实施单位" | "项目负责人" | "联系电话" | "项目单位" | "预算单位"
    )
}

fn is_expected_label(l: &str) -> bool {
    l == "预期目标" || l == "年度目标"
}

fn is_actual_goal_label(l: &str) -> bool {
    l.starts_with("实际完成情况") || l == "实际完成"
}

/// A goal's text: under its label, or else right of it, but never the other goal's label (an
/// empty 预期目标 under its label is not the 实际完成情况 label beside it).
fn goal(grid: &Grid, wanted: &dyn Fn(&str) -> bool) -> Option<Sourced<String>> {
    let (row, col) = grid.find(wanted)?;
    let below = grid.get(row + 1, col);
    let (r, c) = if !below.is_empty() && !wanted(&label(below)) {
        (row + 1, col)
    } else {
        grid.right_of(row, col)?
    };
    let text = label(grid.get(r, c));
    if is_expected_label(&text) || is_actual_goal_label(&text) {
        return None;
    }
    Some(Sourced {
        value: grid.get(r, c).to_string(),
        address: grid.cell(r, c),
    })
}

/// The indicator header row and its columns: a row with 三级指标 and 分值. A second header row
/// under it (`指标值` over `年度指标值 | 实际完成值`) is read too.
fn indicator_header(grid: &Grid) -> Option<(usize, Columns)> {
    (0..grid.height()).find_map(|row| {
        let find_in = |row: usize, wanted: &dyn Fn(&str) -> bool| {
            (0..grid.width(row)).find(|&c| wanted(&label(grid.get(row, c))))
        };
        let name = find_in(row, &|l| l == "三级指标")?;
        let second = (0..grid.width(row + 1)).any(|c| {
            let l = label(grid.get(row + 1, c));
            is_target_label(&l) || is_actual_label(&l)
        });
        let find = |wanted: &dyn Fn(&str) -> bool| {
            // The more specific label of a two-row header stands in the second row.
            second
                .then(|| find_in(row + 1, wanted))
                .flatten()
                .or_else(|| find_in(row, wanted))
        };
        let weight = find(&is_weight_label)?;
        Some((
            row,
            Columns {
                level1: find(&|l| l == "一级指标"),
                level2: find(&|l| l == "二级指标"),
                name,
                target: find(&is_target_label),
                actual: find(&is_actual_label),
                op: find(&|l| l == "指标性质"),
                unit: find(&|l| l == "度量单位" || l == "计量单位"),
                weight,
                score: find(&|l| matches!(l, "得分" | "自评得分" | "评分" | "实际得分")),
                // 广西's form and the system's import template (`deduct_score`).
                deduction: find(&|l| matches!(l, "扣分" | "扣减分数" | "扣分值")),
                note: find(&|l| {
                    l.contains("偏差原因")
                        || l.contains("未完成原因")
                        || l.contains("原因分析")
                        || l == "备注"
                }),
            },
        ))
    })
}

fn is_weight_label(l: &str) -> bool {
    matches!(l, "分值" | "指标分值" | "权重" | "权重分值")
}

fn is_target_label(l: &str) -> bool {
    matches!(
        l,
        "年度指标值" | "指标值" | "年度目标值" | "目标值" | "预期指标值" | "预期目标值"
    )
}

fn is_actual_label(l: &str) -> bool {
    matches!(
        l,
        "实际完成值" | "完成值" | "实际值" | "全年实际值" | "全年实际完成值" | "实际完成情况"
    )
}

impl Columns {
    /// A header label repeated in a body row (a merged header cell, a second header row).
    fn is_header(&self, name: &str) -> bool {
        name == "三级指标" || is_target_label(name) || is_actual_label(name)
    }
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A one-line value (a name, a figure, a grade) as a TOML string, read as a person reads its
/// cell: a line break typed into the cell (Alt+Enter, a second paragraph) only wraps the text.
fn quote_line(text: &str) -> String {
    quote(&one_line(text))
}

/// The lines of a cell joined, each trimmed: `益阳市新型智慧城市\n提升工程项目` reads
/// `益阳市新型智慧城市提升工程项目`; a space is kept only where the break parts two Latin words
/// or figures (`Wi-Fi\ncoverage`).
fn one_line(text: &str) -> String {
    let mut joined = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(joined.chars().last()) && latin(line.chars().next()) {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shielded_panic_is_known_as_one_while_it_happens() {
        assert!(!panic_is_shielded());
        let inside = shielded("a.docx", || {
            let nested = shielded("b.docx", panic_is_shielded).unwrap();
            (panic_is_shielded(), nested)
        });
        assert_eq!(inside.unwrap(), (true, true));
        assert!(!panic_is_shielded());
        let caught = shielded::<()>("c.docx", || {
            assert!(panic_is_shielded());
            panic!("a reader's bug")
        });
        assert_eq!(
            caught.unwrap_err().text(crate::lang::Lang::En),
            Error::import("c.docx", Problem::Malformed).text(crate::lang::Lang::En)
        );
        assert!(!panic_is_shielded());
    }

    #[test]
    fn first_level_headers_carry_their_weight() {
        let d = |t: &str| Decimal::from_str_exact(t).unwrap();
        assert_eq!(
            level1_header("产出指标(50分)"),
            ("产出指标".into(), Some(d("50")))
        );
        assert_eq!(
            level1_header("效益指标\n\n（40分）"),
            ("效益指标".into(), Some(d("40")))
        );
        assert_eq!(
            level1_header("满意度指标（10）"),
            ("满意度指标".into(), Some(d("10")))
        );
        assert_eq!(level1_header("产出指标"), ("产出指标".into(), None));
    }

    #[test]
    fn figures_as_forms_write_them() {
        let d = |t: &str| Ok(Some(Decimal::from_str_exact(t).unwrap()));
        assert_eq!(amount("10分", None), d("10"));
        assert_eq!(amount("100分", None), d("100"));
        assert_eq!(amount("９分", None), d("9"));
        assert_eq!(amount("86.29%", None), d("86.29"));
        assert_eq!(amount("0.8629", None), d("0.8629"));
        assert_eq!(amount("1,444.49", Some("万元")), d("1444.49"));
        assert_eq!(amount("1444.49万元", Some("万元")), d("1444.49"));
        assert_eq!(amount("1.5亿元", Some("万元")), d("15000"));
        assert_eq!(amount("1.5亿", Some("万元")), d("15000"));
        assert_eq!(amount("1444.49万元", Some("元")), d("14444900"));
        assert_eq!(amount("5000元", Some("万元")), d("0.5"));
        for nothing in ["", " ", "　", "—", "——", "－", "-", "/", "／", "无", "空"] {
            assert_eq!(amount(nothing, None), Ok(None), "{nothing:?}");
        }
        for bad in ["二十", "≥5", "1444.49万元", "5个", "1e30亿"] {
            assert_eq!(amount(bad, None), Err(NotAnAmount), "{bad:?}");
        }
    }

    #[test]
    fn a_figure_perf_eval_printed_beside_its_own_reads_as_declared() {
        assert_eq!(declared_figure("3.33【填报 4】"), "4");
        assert_eq!(declared_figure("86.29%【填报 86%】"), "86%");
        assert_eq!(declared_figure("4.25\n填报4"), "4");
        assert_eq!(declared_figure("3.33【declared 4】"), "4");
        for kept in ["4", "未填报", "按填报得分计", "3.33【填报】", ""] {
            assert_eq!(declared_figure(kept), kept);
        }
        // A grade cell: the unit's grade beside perf-eval's words, never words after `填报`
        // inside them.
        assert_eq!(
            beside("未完成填报，不评级【填报 优】"),
            Some(("未完成填报，不评级", "优"))
        );
        assert_eq!(beside("未完成填报，\n不评级"), None);
    }

    #[test]
    fn a_wrapped_cell_reads_on_one_line() {
        assert_eq!(
            one_line("益阳市新型智慧城市\n提升工程项目"),
            "益阳市新型智慧城市提升工程项目"
        );
        assert_eq!(one_line(" 3个 \r\n\n（已验收）\n"), "3个（已验收）");
        assert_eq!(one_line("机房\nPUE\n1.4"), "机房PUE 1.4");
        assert_eq!(one_line("Wi-Fi\ncoverage"), "Wi-Fi coverage");
        assert_eq!(one_line("≥90%"), "≥90%");
        assert_eq!(one_line(" \n "), "");
    }

    #[test]
    fn file_names_stay_in_their_folder_and_never_collide() {
        let tables: Vec<Imported> = [
            "../x",
            "/etc/passwd",
            "项目一",
            "项目一",
            "a\nb = 1",
            "..",
            "CON:",
        ]
        .iter()
        .map(|sheet| Imported {
            sheet: sheet.to_string(),
            toml: String::new(),
            places: LineCells::default(),
            warnings: Vec::new(),
            project: None,
        })
        .collect();
        assert_eq!(
            file_names(&tables),
            [
                "_x.toml",
                "_etc_passwd.toml",
                "项目一.toml",
                "项目一-2.toml",
                "a_b = 1.toml",
                "table.toml",
                "CON_.toml"
            ]
        );
    }

    #[test]
    fn template_rows_are_recognised() {
        for name in ["指标1:", "指标2：", "指标", "……", "...", "…"] {
            assert!(is_placeholder(name), "{name}");
        }
        for name in ["培训人次", "指标体系建设"] {
            assert!(!is_placeholder(name), "{name}");
        }
    }
}
