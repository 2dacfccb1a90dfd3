//! Why an input cannot be used, and what the commands say besides their output: the loader's,
//! the profile reader's, import's and the command line's words, typed like the findings so that
//! each language words each of them once ([`super::zh`], [`super::en`]).

/// What a field expected to find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Number,
    /// 分值/得分: `5`, `"5分"`.
    Points,
    Percentage,
    Amount,
    AmountInRange,
    MoneyUnit,
    /// The unit of the funds block.
    MoneyUnitName,
    WholeNumber,
    Text,
    Boolean,
    Table,
    ArrayOfTables,
    /// A number, or a string holding one.
    NumberOrText,
    /// A cell: text, a number, or the split form.
    Cell,
    /// One of the comparators ≥, ≤, =.
    Comparator,
    /// `quantitative` or `qualitative`.
    Kind,
    /// What the TOML reader said it expected, in its own words.
    Other(String),
}

/// What a field held instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Boolean(String),
    Integer(String),
    Float(String),
    Text(String),
    Array,
    Table,
    Other(String),
}

/// What must not be negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signed {
    Weight,
    Deduction,
    Amount,
    Value,
}

/// What takes reading an .xls past its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XlsPart {
    /// A sheet's cells spread far (the grid from the first to the last).
    Cells,
    /// A DIMENSIONS record claims this many rows and columns.
    Dimensions { rows: u64, columns: u64 },
    /// Cell and shared-string text.
    Text,
    /// Formulas written out as text.
    Formulas,
    /// A record continued in too many CONTINUE records.
    Continues,
    /// Sheets that read the same records over and over.
    Sheets,
}

/// What a Word document has too much of to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordPart {
    /// Tables nested in tables.
    Nesting,
    Paragraphs,
    /// Table cells, counted over the columns they span.
    Cells,
}

/// Why an input is refused. Names, keys and figures are printed before they get here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// TOML syntax: the parser's description and what it expected there.
    Syntax {
        what: String,
        expected: Vec<String>,
    },
    UnknownKey {
        key: String,
        /// The nearest known key, for a slip of the keyboard (`socre` → `score`).
        suggestion: Option<String>,
        /// The keys that may stand there.
        known: Vec<String>,
    },
    MissingKey {
        key: String,
    },
    DuplicateKey {
        key: Option<String>,
    },
    WrongType {
        found: Found,
        expected: Expected,
    },
    UnknownValue {
        found: String,
        expected: Vec<String>,
    },
    /// `weight = 5分` unquoted.
    UnquotedFigure {
        key: String,
        /// The figure in ASCII digits, as it can be written unquoted.
        digits: String,
        value: String,
        /// The figure was written in full-width digits (`１３`), which TOML does not read.
        full_width: bool,
    },
    TooPrecise {
        text: String,
    },
    NotFinite {
        text: String,
    },
    NotRead {
        expected: Expected,
        found: String,
    },
    AtMost {
        max: String,
        found: String,
    },
    Negative {
        what: Signed,
        found: String,
    },
    Empty,
    TooLong {
        length: usize,
        max: usize,
    },
    ControlCharacter {
        code: String,
    },
    BidiOverride {
        code: String,
    },
    Schema {
        found: String,
        supported: String,
    },
    Year {
        found: String,
    },
    MissingWeight {
        name: String,
    },
    // Rule profiles.
    Fraction,
    ZeroAtNeedsLinear,
    ZeroAtAboveOne,
    DeductNeedsPoints,
    ReverseNeedsProportional,
    PartialAboveAchieved,
    GradesOrder,
    LastGradeZero,
    Decimals,
    StepsOrder,
    StepAboveWeight,
    UnknownProfile {
        name: String,
        known: String,
    },
    /// A project file's `rules` naming a file elsewhere than beside it.
    RulesNotBeside {
        name: String,
    },
    /// A profile file a project file names that is not a valid profile, at its first problem;
    /// nothing of its content is shown.
    ProfileInvalid {
        name: String,
        line: usize,
        column: usize,
    },
    ProfileUnreadable {
        path: String,
        /// What the system said, worded by [`super::io`] in the language asked for.
        kind: std::io::ErrorKind,
        said: String,
    },
    // Files.
    /// What the system said, worded by [`super::io`] in the language asked for.
    Unreadable {
        kind: std::io::ErrorKind,
        said: String,
    },
    TooLarge {
        mib: u64,
    },
    NotUtf8,
    Unwritable {
        kind: std::io::ErrorKind,
        said: String,
    },
    OverwriteInput,
    /// A symbolic link where `import` writes a file.
    LinkNotFollowed,
    IsFolder,
    NotRegularFile,
    Exists {
        force: bool,
    },
    // Workbooks and Word documents.
    PackageTooLarge {
        mb: u64,
    },
    UnpacksTooLarge {
        mb: u64,
        xml_mb: u64,
    },
    OldWordFormat,
    HtmlWorkbook,
    Damaged,
    /// An .xls whose sector chains loop back or leave the file.
    ChainsDamaged,
    /// Reading an .xls would pass its bounds, at a sheet and cell (`自评表!IV65536`) when
    /// there is one; past `mb` MB of memory, or (`None`) taking too long.
    XlsTooCostly {
        at: Option<String>,
        part: XlsPart,
        mb: Option<u64>,
    },
    /// A Word document past a bound on what it holds.
    WordTooCostly {
        part: WordPart,
        max: usize,
    },
    /// Merged regions that cover a sheet over and over.
    MergesOverlap {
        sheet: String,
    },
    Malformed,
    NotATable,
    CannotOpen {
        why: String,
    },
    NoSuchSheet {
        sheet: String,
        sheets: String,
    },
    SheetUnreadable {
        sheet: String,
        why: String,
    },
    CellTooLong {
        cell: String,
        max: usize,
    },
    TextTooLarge {
        mb: u64,
    },
    ImportedInvalid {
        why: String,
    },
    NoTable {
        sheets: String,
    },
    NoYear,
    RateOutOfRange {
        shown: String,
    },
    CellNotNumber {
        what: String,
        found: String,
    },
    WeightEmpty {
        name: String,
    },
    /// A pasted row without its 分值 (cut off at a page's end): left out.
    RowIncomplete {
        name: String,
    },
    /// A 一级指标 cell of its weight only (`(50分)`), named after its 二级指标.
    Level1Named {
        level2: String,
        name: String,
    },
    /// A formula cell saved without its computed value (by a program that does not compute).
    FormulaNotComputed,
    /// A number whose format cannot be displayed exactly, read as stored.
    NumberFormatUnread {
        code: String,
        read_as: String,
    },
    ManyTables {
        count: usize,
        sheets: String,
        /// `import` can write one file per table into a folder; the other commands cannot.
        folder: bool,
    },
    // The command line.
    UnknownCode {
        code: String,
    },
    Internal {
        cause: String,
    },
    LinkLoop {
        to: String,
    },
    FormatUnknown {
        extensions: String,
        /// Whether `--format` can say it instead.
        flag: bool,
    },
    XlsxToTerminal,
    NoSuchIndicator {
        query: String,
        count: usize,
    },
    DiffRules,
}

/// A remark a command makes on standard error beside its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A file read as GBK or UTF-16.
    Converted { file: String, encoding: String },
    /// A table that appears twice in a workbook; the copy is passed over.
    Copy { copy: String, kept: String },
    /// A declared figure that could not be read; perf-eval computes it.
    LeftOut {
        problem: Box<Problem>,
        place: String,
    },
    /// `init` wrote a file.
    Wrote { file: String },
    /// `rules`: how to copy a profile.
    RulesShow,
    /// `import` wrote a file.
    Imported { file: String },
    /// The first line of a project file written by `import`.
    ImportedFrom { workbook: String, sheet: String },
    /// Above the notes rows kept as comments.
    Remarks,
    /// A hidden row, kept as a comment and not read.
    HiddenRow { cells: String },
    /// A hidden column, kept as a comment and not read.
    HiddenColumn { cells: String },
    /// A hidden sheet, not read.
    HiddenSheet { sheet: String },
    /// What a cell says about how it was read.
    AtCell {
        place: String,
        problem: Box<Problem>,
    },
    /// What `report` says on standard error once the draft is written.
    Drafted { placeholders: usize, errors: usize },
    /// What `score --output` says on standard error once the table is written.
    Scored { file: String, errors: usize },
    /// A warning kept in the written file.
    Warning { text: String },
    /// The settings file a check runs under, and what it sets after the command line.
    Settings {
        file: String,
        select: Vec<String>,
        ignore: Vec<String>,
        deny_warnings: bool,
    },
}
