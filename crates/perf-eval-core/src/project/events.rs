//! The usual project file read straight from the TOML parser's events, with no document tree in
//! between: a third of the instructions of deserializing it (docs/performance.md), which is
//! most of what checking a folder of tables costs.
//!
//! It reads only the shape tables are written in — `[table]` and `[[table]]` headers the schema
//! knows, `key = value` with a plain key and a string, number or boolean, a funds row as an
//! inline table — and gives up on anything else: a syntax error, any other inline table, an
//! array, a dotted key, an unknown or repeated
//! key, a table opened twice or implied before it is written, a value of the wrong type, a
//! missing key. The caller then reads the file through serde, which words every error, so this
//! reader has nothing to explain; it must only agree with serde on every file it accepts (debug
//! builds compare the two on every file they load, so the test suite and the fuzz targets check
//! it).

use std::borrow::Cow;

use toml::Spanned;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, ValidateWhitespace};
use toml_parser::{ErrorSink, Raw, Span};

use super::file::{
    FundsTable, GoalsTable, IndicatorTable, Level1Table, ProjectFile, ProjectTable, RawCell,
    ReportTable, TotalTable,
};
use crate::source::Source;
use crate::toml_input::{RawNumber, SpannedNumber};

/// The file, or `None` where it is not in the usual shape (or not valid at all).
pub(super) fn read(source: &Source) -> Option<ProjectFile> {
    let file = read_text(&source.text)?;
    // Debug builds read every accepted file through serde too: the two must agree.
    #[cfg(debug_assertions)]
    assert_eq!(
        Some(format!("{file:?}")),
        crate::toml_input::parse::<ProjectFile>(source)
            .ok()
            .map(|serde| format!("{serde:?}")),
        "{}",
        source.text
    );
    Some(file)
}

fn read_text(text: &str) -> Option<ProjectFile> {
    let source = toml_parser::Source::new(text);
    // `into_vec` guesses 2 tokens in 7 bytes, from Cargo manifests; a table of short keys and
    // figures has nearer one in two, and growing the vector once copies all of it.
    let mut tokens = Vec::with_capacity(text.len() / 2 + 16);
    tokens.extend(source.lex());
    let mut reader = Reader {
        text,
        failed: false,
        header: None,
        key: None,
        section: Section::Root,
        outer: None,
        opened: 0,
        file: Draft {
            // Rows are large; counting them first spares growing the vector row by row.
            indicators: Vec::with_capacity(
                memchr::memmem::find_iter(text.as_bytes(), "[[indicator]]").count(),
            ),
            ..Draft::default()
        },
    };
    let mut failed = false;
    let mut errors = |_| failed = true;
    toml_parser::parser::parse_document(
        &tokens,
        &mut ValidateWhitespace::new(&mut reader, source),
        &mut errors,
    );
    if failed
        || reader.failed
        || reader.header.is_some()
        || reader.key.is_some()
        || reader.outer.is_some()
    {
        return None;
    }
    reader.file.finish()
}

/// The table the next keys belong to.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    Root,
    Project,
    Funds,
    FundsRow(FundsRow),
    Goals,
    Total,
    Report,
    Level1,
    Indicator,
}

#[derive(Clone, Copy, PartialEq)]
enum FundsRow {
    Total,
    Appropriation,
    Carryover,
    Other,
}

impl Section {
    /// The section a header names, and whether it is an array of tables.
    fn of(path: &[Cow<'_, str>], array: bool) -> Option<Section> {
        let path: Vec<&str> = path.iter().map(AsRef::as_ref).collect();
        let section = match (array, path.as_slice()) {
            (false, ["project"]) => Section::Project,
            (false, ["funds"]) => Section::Funds,
            (false, ["funds", "total"]) => Section::FundsRow(FundsRow::Total),
            (false, ["funds", "appropriation"]) => Section::FundsRow(FundsRow::Appropriation),
            (false, ["funds", "carryover"]) => Section::FundsRow(FundsRow::Carryover),
            (false, ["funds", "other"]) => Section::FundsRow(FundsRow::Other),
            (false, ["goals"]) => Section::Goals,
            (false, ["total"]) => Section::Total,
            (false, ["report"]) => Section::Report,
            (true, ["level1"]) => Section::Level1,
            (true, ["indicator"]) => Section::Indicator,
            _ => return None,
        };
        Some(section)
    }

    /// A bit of its own for each standard table, which may be opened once.
    fn bit(self) -> u16 {
        match self {
            Section::Root | Section::Level1 | Section::Indicator => 0,
            Section::Project => 1 << 0,
            Section::Funds => 1 << 1,
            Section::FundsRow(row) => 1 << (2 + row as u16),
            Section::Goals => 1 << 6,
            Section::Total => 1 << 7,
            Section::Report => 1 << 8,
        }
    }
}

/// A table header being read: whether it is `[[…]]`, where it starts, and its keys.
struct Header<'i> {
    array: bool,
    start: usize,
    path: Vec<Cow<'i, str>>,
}

/// A scalar value as the schema's fields take it.
enum Scalar<'i> {
    Text(Cow<'i, str>),
    Integer(i64),
    Float,
    Boolean(bool),
}

impl Scalar<'_> {
    fn text(self) -> Option<String> {
        match self {
            Scalar::Text(text) => Some(text.into_owned()),
            _ => None,
        }
    }

    fn integer(self) -> Option<i64> {
        match self {
            Scalar::Integer(value) => Some(value),
            _ => None,
        }
    }

    fn boolean(self) -> Option<bool> {
        match self {
            Scalar::Boolean(value) => Some(value),
            _ => None,
        }
    }

    fn number(self) -> Option<RawNumber> {
        match self {
            Scalar::Text(text) => Some(RawNumber::Text(text.into_owned())),
            Scalar::Integer(value) => Some(RawNumber::Integer(value)),
            Scalar::Float => Some(RawNumber::Float),
            Scalar::Boolean(_) => None,
        }
    }

    fn cell(self) -> Option<RawCell> {
        match self {
            Scalar::Text(text) => Some(RawCell::Text(text.into_owned())),
            Scalar::Integer(_) | Scalar::Float => Some(RawCell::Number),
            Scalar::Boolean(_) => None,
        }
    }
}

/// The file as far as it has been read; required keys are still optional here.
#[derive(Default)]
struct Draft {
    schema: Option<Spanned<i64>>,
    project: Option<(std::ops::Range<usize>, ProjectDraft)>,
    funds: Option<Spanned<FundsTable>>,
    goals: GoalsTable,
    level1: Vec<Level1Draft>,
    indicators: Vec<(std::ops::Range<usize>, IndicatorDraft)>,
    total: TotalTable,
    report: ReportTable,
}

#[derive(Default)]
struct ProjectDraft {
    name: Option<Spanned<String>>,
    year: Option<Spanned<i64>>,
    department: Option<Spanned<String>>,
    implementer: Option<Spanned<String>>,
    rules: Option<Spanned<String>>,
}

#[derive(Default)]
struct Level1Draft {
    name: Option<Spanned<String>>,
    weight: Option<SpannedNumber>,
}

#[derive(Default)]
struct IndicatorDraft {
    level1: Option<Spanned<String>>,
    level2: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    target: Option<Spanned<RawCell>>,
    actual: Option<Spanned<RawCell>>,
    weight: Option<SpannedNumber>,
    score: Option<SpannedNumber>,
    note: Option<Spanned<String>>,
    deduction: Option<SpannedNumber>,
    kind: Option<Spanned<String>>,
    direction: Option<Spanned<String>>,
    na: Option<bool>,
    detail: Option<bool>,
}

impl Draft {
    fn finish(self) -> Option<ProjectFile> {
        let (span, project) = self.project?;
        let indicators = self
            .indicators
            .into_iter()
            .map(|(span, row)| {
                let table = IndicatorTable {
                    level1: row.level1?,
                    level2: row.level2?,
                    name: row.name?,
                    target: row.target,
                    actual: row.actual,
                    weight: row.weight,
                    score: row.score,
                    note: row.note,
                    deduction: row.deduction,
                    kind: row.kind,
                    direction: row.direction,
                    na: row.na.unwrap_or_default(),
                    detail: row.detail.unwrap_or_default(),
                };
                Some(Spanned::new(span, table))
            })
            .collect::<Option<_>>()?;
        let level1 = self
            .level1
            .into_iter()
            .map(|header| {
                Some(Level1Table {
                    name: header.name?,
                    weight: header.weight,
                })
            })
            .collect::<Option<_>>()?;
        let project = ProjectTable {
            name: project.name?,
            year: project.year?,
            department: project.department,
            implementer: project.implementer,
            rules: project.rules,
        };
        Some(ProjectFile {
            schema: self.schema?,
            project: Spanned::new(span, project),
            funds: self.funds,
            goals: self.goals,
            level1,
            indicators,
            total: self.total,
            report: self.report,
        })
    }

    /// Sets one key of a section; `None` where the key is unknown there, already set, or of
    /// the wrong type.
    fn set(&mut self, section: Section, key: &str, span: Span, value: Scalar<'_>) -> Option<()> {
        let range = span.start()..span.end();
        let text = |slot: &mut Option<Spanned<String>>, value: Scalar<'_>| {
            fill(slot, range.clone(), value.text()?)
        };
        let number = |slot: &mut Option<SpannedNumber>, value: Scalar<'_>| {
            fill(slot, range.clone(), value.number()?)
        };
        match section {
            Section::Root => match key {
                "schema" => fill(&mut self.schema, range.clone(), value.integer()?),
                _ => None,
            },
            Section::Project => {
                let project = &mut self.project.as_mut()?.1;
                match key {
                    "name" => text(&mut project.name, value),
                    "year" => fill(&mut project.year, range.clone(), value.integer()?),
                    "department" => text(&mut project.department, value),
                    "implementer" => text(&mut project.implementer, value),
                    "rules" => text(&mut project.rules, value),
                    _ => None,
                }
            }
            Section::Funds => {
                let funds = self.funds.as_mut()?.get_mut();
                match key {
                    "unit" => text(&mut funds.unit, value),
                    "weight" => number(&mut funds.weight, value),
                    "rate" => number(&mut funds.rate, value),
                    "score" => number(&mut funds.score, value),
                    "note" => text(&mut funds.note, value),
                    _ => None,
                }
            }
            Section::FundsRow(which) => {
                let funds = self.funds.as_mut()?.get_mut();
                let row = match which {
                    FundsRow::Total => &mut funds.total,
                    FundsRow::Appropriation => &mut funds.appropriation,
                    FundsRow::Carryover => &mut funds.carryover,
                    FundsRow::Other => &mut funds.other,
                };
                match key {
                    "initial" => number(&mut row.initial, value),
                    "annual" => number(&mut row.annual, value),
                    "executed" => number(&mut row.executed, value),
                    "executed_other" => number(&mut row.executed_other, value),
                    _ => None,
                }
            }
            Section::Goals => match key {
                "expected" => text(&mut self.goals.expected, value),
                "actual" => text(&mut self.goals.actual, value),
                _ => None,
            },
            Section::Total => match key {
                "weight" => number(&mut self.total.weight, value),
                "score" => number(&mut self.total.score, value),
                "grade" => text(&mut self.total.grade, value),
                _ => None,
            },
            Section::Report => {
                let report = &mut self.report;
                match key {
                    "overview" => text(&mut report.overview, value),
                    "process" => text(&mut report.process, value),
                    "conclusion" => text(&mut report.conclusion, value),
                    "arrived" => number(&mut report.arrived, value),
                    "funds" => text(&mut report.funds, value),
                    "problems" => text(&mut report.problems, value),
                    "application" => text(&mut report.application, value),
                    "filer" => text(&mut report.filer, value),
                    "preparer" => text(&mut report.preparer, value),
                    "phone" => text(&mut report.phone, value),
                    "date" => text(&mut report.date, value),
                    _ => None,
                }
            }
            Section::Level1 => {
                let header = self.level1.last_mut()?;
                match key {
                    "name" => text(&mut header.name, value),
                    "weight" => number(&mut header.weight, value),
                    _ => None,
                }
            }
            Section::Indicator => {
                let row = &mut self.indicators.last_mut()?.1;
                match key {
                    "level1" => text(&mut row.level1, value),
                    "level2" => text(&mut row.level2, value),
                    "name" => text(&mut row.name, value),
                    "target" => fill(&mut row.target, range.clone(), value.cell()?),
                    "actual" => fill(&mut row.actual, range.clone(), value.cell()?),
                    "weight" => number(&mut row.weight, value),
                    "score" => number(&mut row.score, value),
                    "note" => text(&mut row.note, value),
                    "deduction" => number(&mut row.deduction, value),
                    "kind" => text(&mut row.kind, value),
                    "direction" => text(&mut row.direction, value),
                    "na" => flag(&mut row.na, value.boolean()?),
                    "detail" => flag(&mut row.detail, value.boolean()?),
                    _ => None,
                }
            }
        }
    }
}

/// Fills a key not yet set.
fn fill<T>(slot: &mut Option<Spanned<T>>, span: std::ops::Range<usize>, value: T) -> Option<()> {
    slot.is_none()
        .then(|| *slot = Some(Spanned::new(span, value)))
}

/// Sets a boolean key not yet set.
fn flag(slot: &mut Option<bool>, value: bool) -> Option<()> {
    slot.is_none().then(|| *slot = Some(value))
}

/// Receives the parser's events in document order and fills the draft as they come.
struct Reader<'i> {
    text: &'i str,
    /// Set on the first thing outside the usual shape; later events are then ignored.
    failed: bool,
    header: Option<Header<'i>>,
    key: Option<Cow<'i, str>>,
    section: Section,
    /// Inside an inline table (a funds row written `total = { … }`): the section around it.
    outer: Option<Section>,
    /// The standard tables opened so far, one bit each.
    opened: u16,
    file: Draft,
}

impl<'i> Reader<'i> {
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Raw<'i> {
        Raw::new_unchecked(&self.text[span.start()..span.end()], encoding, span)
    }

    /// Enters the table a header names, if the schema knows it and it is not opened twice.
    fn open(&mut self, header: Header<'i>, end: usize) -> Option<()> {
        let section = Section::of(&header.path, header.array)?;
        let span = header.start..end;
        let bit = section.bit();
        if self.opened & bit != 0 {
            return None;
        }
        self.opened |= bit;
        match section {
            Section::Project => self.file.project = Some((span, ProjectDraft::default())),
            Section::Funds => self.file.funds = Some(Spanned::new(span, FundsTable::default())),
            // A row's table before `[funds]` itself would leave `[funds]` implied, spanned
            // differently by serde: not the usual shape.
            Section::FundsRow(_) if self.file.funds.is_none() => return None,
            Section::Level1 => self.file.level1.push(Level1Draft::default()),
            Section::Indicator => self.file.indicators.push((span, IndicatorDraft::default())),
            _ => {}
        }
        self.section = section;
        Some(())
    }

    fn header_open(&mut self, span: Span, array: bool) {
        if self.header.is_some() || self.key.is_some() || self.outer.is_some() {
            self.failed = true;
        }
        self.header = Some(Header {
            array,
            start: span.start(),
            path: Vec::new(),
        });
    }

    fn header_close(&mut self, span: Span) {
        let opened = self
            .header
            .take()
            .and_then(|header| self.open(header, span.end()));
        if opened.is_none() {
            self.failed = true;
        }
    }
}

impl<'i> EventReceiver for Reader<'i> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.header_open(span, false);
    }

    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.header_close(span);
    }

    fn array_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.header_open(span, true);
    }

    fn array_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.header_close(span);
    }

    fn inline_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        let row = match (self.section, self.outer, self.key.as_deref()) {
            (Section::Funds, None, Some("total")) => FundsRow::Total,
            (Section::Funds, None, Some("appropriation")) => FundsRow::Appropriation,
            (Section::Funds, None, Some("carryover")) => FundsRow::Carryover,
            (Section::Funds, None, Some("other")) => FundsRow::Other,
            _ => {
                self.failed = true;
                return false;
            }
        };
        let section = Section::FundsRow(row);
        if self.opened & section.bit() != 0 {
            self.failed = true;
            return false;
        }
        self.opened |= section.bit();
        self.outer = Some(self.section);
        self.section = section;
        self.key = None;
        true
    }

    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        match self.outer.take() {
            Some(outer) if self.key.is_none() => self.section = outer,
            _ => self.failed = true,
        }
    }

    fn array_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.failed = true;
        false
    }

    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.failed {
            return;
        }
        let mut key = Cow::Borrowed("");
        self.raw(span, encoding).decode_key(&mut key, error);
        match (&mut self.header, &self.key) {
            (Some(header), _) => header.path.push(key),
            (None, None) => self.key = Some(key),
            // A second key before `=`: a dotted key.
            (None, Some(_)) => self.failed = true,
        }
    }

    fn key_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.header.is_none() {
            self.failed = true;
        }
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.failed {
            return;
        }
        let Some(key) = self.key.take() else {
            self.failed = true;
            return;
        };
        let mut decoded = Cow::Borrowed("");
        let value = match self.raw(span, encoding).decode_scalar(&mut decoded, error) {
            ScalarKind::String => Some(Scalar::Text(decoded)),
            ScalarKind::Boolean(value) => Some(Scalar::Boolean(value)),
            ScalarKind::Integer(radix) => i64::from_str_radix(&decoded, radix.value())
                .ok()
                .map(Scalar::Integer),
            // As toml reads a float: one that overflows to infinity is an error.
            ScalarKind::Float => decoded
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() || decoded.contains("inf"))
                .map(|_| Scalar::Float),
            ScalarKind::DateTime => None,
        };
        let set = value.and_then(|value| self.file.set(self.section, &key, span, value));
        if set.is_none() {
            self.failed = true;
        }
    }

    fn value_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        // Commas part the keys of an inline table, and nothing else here.
        if self.outer.is_none() {
            self.failed = true;
        }
    }

    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.failed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n";

    /// Whether the event reader reads `text` (and, when it does, reads it as serde does).
    fn reads(text: &str) -> bool {
        read(&Source::new("t.toml", text)).is_some()
    }

    #[test]
    fn reads_the_bundled_tables_without_serde() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        for path in ["fixtures/2022.toml", "tests/data/empty-cells.toml"] {
            let text = std::fs::read_to_string(format!("{root}/{path}")).unwrap();
            assert!(reads(&text), "{path}");
        }
        let rows = "[funds]\ntotal = { initial = 1, annual = 2, executed = 2 }\nother = {}\n\
                    [funds.carryover]\ninitial = \"1万元\"\n";
        assert!(reads(&format!("{HEAD}{rows}")));
        assert!(reads(&format!(
            "{HEAD}[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\n\
             name = 'a' # note\ntarget = 5\nactual = \"≥5个\"\nna = true\n"
        )));
    }

    #[test]
    fn leaves_every_other_shape_to_serde() {
        for rest in [
            "[project.extra]\n",
            "[project]\n",
            "[funds.total]\ninitial = 1\n[funds]\n",
            "[funds]\ntotal = {}\n[funds.total]\n",
            "[funds]\ntotal = { initial = { a = 1 } }\n",
            "[funds]\nweight = true\n",
            "[total]\nscore = 1\nscore = 2\n",
            "[goals]\nexpected.text = \"a\"\n",
            "[goals]\nexpectd = \"a\"\n",
            "[report]\ndate = 2023-03-15\n",
            "[[indicator]]\nlevel1 = \"a\"\nlevel2 = \"b\"\n",
            "[[indicator]]\nlevel1 = \"a\"\nlevel2 = \"b\"\nname = \"c\"\n\
             target = { op = \"≥\", value = 5 }\n",
            "[[level1]]\nname = [\"a\"]\n",
            "[total]\nweight = 99999999999999999999\n",
            "[funds]\nrate = 1e400\n",
            "[total\n",
        ] {
            assert!(!reads(&format!("{HEAD}{rest}")), "{rest}");
        }
        assert!(!reads("[project]\nname = \"P\"\nyear = 2022\n"));
    }
}
