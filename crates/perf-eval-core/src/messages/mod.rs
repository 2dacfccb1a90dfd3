//! The words of every finding, in Chinese (the default, in the finance bureau's own terms) and in
//! English (`--lang en`).
//!
//! Each finding is a typed message carrying its figures, already printed as the table prints them;
//! [`zh`] and [`en`] each word every message once, so a message added in one language only does
//! not compile, and the wording of each language lives in one file.

mod en;
pub mod help;
mod problem;
pub mod serve;
mod zh;

pub use problem::{Expected, Found, Note, Problem, Signed, WordPart, XlsPart};

use crate::lang::Lang;

/// What a finding says: the message, the label under the span, and a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// Which cell of a row a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellName {
    Target,
    Actual,
}

impl CellName {
    /// The form's name of the cell, which reviewers know in either language.
    pub fn term(self) -> &'static str {
        match self {
            CellName::Target => "年度指标值",
            CellName::Actual => "实际完成值",
        }
    }
}

/// 年初预算数, 全年预算数, 全年执行数: the columns of the funds block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Initial,
    Annual,
    Executed,
}

impl Column {
    /// The form's name of the column, which reviewers know in either language.
    pub fn term(self) -> &'static str {
        match self {
            Column::Initial => "年初预算数",
            Column::Annual => "全年预算数",
            Column::Executed => "全年执行数",
        }
    }
}

/// What happened to a row whose cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instead {
    DeclaredTaken,
    JudgedByWords { band: String },
    ReadAsText,
}

/// Why a comparator was read as ≤.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LowerBecause {
    ZeroTarget,
    Name { word: String },
    Duration { unit: String },
}

/// The funds scores over both budget columns, for the budget-adjusted help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BothBases {
    pub score: String,
    pub basis: String,
    pub other_score: String,
    pub other_basis: String,
    pub other_rate: String,
}

/// A derivation a finding's help line quotes, worded from the evaluation only when the finding
/// is: the row's, the funds block's, the total's, or why a row could not be scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    Funds,
    Row(usize),
    Total,
    Unscorable(usize),
}

/// Every finding's words, with its figures. Figures are printed before they get here (`4.17`,
/// `86.29%`); names are the table's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    FundsRateMismatch {
        declared: String,
        computed: String,
        basis: String,
        derivation: Derived,
        /// The other budget column and the rate over it, when the declared rate is that one.
        other: Option<(String, String)>,
    },
    FundsScoreMismatch {
        declared: String,
        computed: String,
        derivation: Derived,
    },
    FundsTotalEmpty,
    FundsRowsSum {
        column: Column,
        total: String,
        sum: String,
    },
    FundsNoBudget {
        basis: String,
    },
    FundsNoteRequired {
        rate: String,
        below: String,
        profile: String,
    },
    OverExecution {
        executed: String,
        basis: String,
        budget: String,
    },
    FundsBasisFallback {
        wanted: String,
        used: String,
        executed: String,
        budget: String,
        rate: String,
        profile: String,
    },
    BudgetAdjusted {
        annual: String,
        initial: String,
        scores: Option<BothBases>,
        from_zero: bool,
    },
    CostCap {
        name: String,
        declared: String,
        profile: String,
        cap: String,
    },
    ScoreOutOfRange {
        name: String,
        declared: String,
        weight: String,
    },
    QualitativeBand {
        name: String,
        declared: String,
        band: String,
        range: String,
        actual: String,
        derivation: Derived,
    },
    ScoreMismatch {
        name: String,
        declared: String,
        computed: String,
        derivation: Derived,
    },
    UnitMismatch {
        name: String,
        target: String,
        actual: String,
    },
    ScoreNotComputed {
        name: String,
        reason: Derived,
        taken: String,
    },
    MissingNote {
        name: String,
        scored: String,
        weight: String,
    },
    Approximate {
        cell: CellName,
        text: String,
        name: String,
        word: String,
        read_as: String,
    },
    Range {
        cell: CellName,
        text: String,
        name: String,
        read_as: String,
    },
    ThisYear {
        cell: CellName,
        text: String,
        name: String,
        year: i64,
    },
    PlanAndResult {
        cell: CellName,
        text: String,
        name: String,
        read_as: String,
    },
    CellUnread {
        cell: CellName,
        text: String,
        name: String,
        part: String,
        instead: Instead,
    },
    ActualNoFigure {
        name: String,
        actual: String,
        target: String,
        band: String,
    },
    DirectionInferred {
        name: String,
        target: String,
        because: LowerBecause,
    },
    ActualNone {
        name: String,
        actual: String,
        weight: String,
    },
    RowNotFilled {
        name: String,
    },
    ActualComparator {
        name: String,
        actual: String,
        op: String,
        read_as: String,
    },
    ActualOpposite {
        name: String,
        actual: String,
        target: String,
        read_as: String,
    },
    CompletionRate {
        name: String,
        actual: String,
        target: String,
    },
    ActualUnitMissing {
        name: String,
        actual: String,
        unit: String,
    },
    ZeroTarget {
        name: String,
    },
    OverAchievementNoteRequired {
        name: String,
        actual: String,
        target: String,
        share: String,
        profile: String,
        required: String,
    },
    OverAchievement {
        name: String,
        actual: String,
        target: String,
        share: String,
        threshold: String,
    },
    Level1Header {
        name: String,
        header: String,
        rows: String,
    },
    Level1Split {
        split: String,
        profile: String,
        expected: String,
    },
    WeightTotal {
        total: String,
        /// Indicators and funds, when the funds weight counts.
        parts: Option<(String, String)>,
        profile: String,
        profile_total: String,
    },
    TotalWeightMismatch {
        declared: String,
        total: String,
        parts: Option<(String, String)>,
    },
    TotalSumMismatch {
        declared: String,
        sum: String,
    },
    TotalMismatch {
        declared: String,
        computed: String,
        derivation: Derived,
    },
    GradeMismatch {
        declared: String,
        computed: String,
        derivation: Derived,
    },
    /// One habit on many rows of a table, said once: the first row's finding and the names of
    /// the other rows with it.
    Repeated {
        first: Box<Finding>,
        others: Vec<String>,
    },
}

/// The counts of a `check` run, for its closing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub unusable: usize,
}

impl Counts {
    /// `已复核 3 个文件：2 处错误，12 处警告，1 处提示（1 个无法使用）`.
    pub fn line(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => zh::counts(self),
            Lang::En => en::counts(self),
        }
    }
}

/// The header of `check`'s summary table (file, project, declared and computed totals, grade,
/// errors, warnings), and what stands in the project column for a file that cannot be used.
pub fn summary_header(lang: Lang) -> ([&'static str; 7], &'static str) {
    match lang {
        Lang::Zh => (zh::SUMMARY_HEADER, zh::UNUSABLE_PROJECT),
        Lang::En => (en::SUMMARY_HEADER, en::UNUSABLE_PROJECT),
    }
}

/// Under `check`'s summary table when it is cut short: it lists the `shown` files with the most
/// findings, and `more` other files with findings are left out.
pub fn summary_more(lang: Lang, shown: usize, more: usize) -> String {
    match lang {
        Lang::Zh => zh::summary_more(shown, more),
        Lang::En => en::summary_more(shown, more),
    }
}

impl Finding {
    /// The finding's words in `lang`.
    ///
    /// `derived` words the derivations it quotes, in the same language.
    pub fn text(&self, lang: Lang, derived: &dyn Fn(Derived) -> String) -> Text {
        match lang {
            Lang::Zh => zh::finding(self, derived),
            Lang::En => en::finding(self, derived),
        }
    }
}

impl crate::code::Code {
    /// The kind of finding's short name, as a reviewer reads it: `score-mismatch` is
    /// 得分与规则不符. The code itself stays the stable name scripts match on.
    pub fn title(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => zh::title(self),
            Lang::En => en::title(self),
        }
    }
}

impl Problem {
    /// Why the input is refused, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => zh::problem(self),
            Lang::En => en::problem(self),
        }
    }
}

impl Note {
    /// The remark, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => zh::note(self),
            Lang::En => en::note(self),
        }
    }
}

/// What the system said when a file could not be read or written, in `lang`: the common causes
/// in words, the rest as the system put them.
pub fn io(kind: std::io::ErrorKind, said: &str, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    let words = match (kind, lang) {
        (NotFound, Lang::Zh) => "找不到该文件或文件夹",
        (NotFound, Lang::En) => "no such file or folder",
        (PermissionDenied, Lang::Zh) => "没有权限",
        (PermissionDenied, Lang::En) => "permission denied",
        (IsADirectory, Lang::Zh) => "这是一个文件夹",
        (IsADirectory, Lang::En) => "is a folder",
        (NotADirectory, Lang::Zh) => "路径中有一部分不是文件夹",
        (NotADirectory, Lang::En) => "a part of the path is not a folder",
        (StorageFull, Lang::Zh) => "磁盘已满",
        (StorageFull, Lang::En) => "no space left on the device",
        (ReadOnlyFilesystem, Lang::Zh) => "文件系统只读",
        (ReadOnlyFilesystem, Lang::En) => "read-only file system",
        (AlreadyExists, Lang::Zh) => "文件已存在",
        (AlreadyExists, Lang::En) => "already exists",
        (BrokenPipe, Lang::Zh) => "输出管道已关闭",
        (BrokenPipe, Lang::En) => "the output pipe was closed",
        _ => return said.to_string(),
    };
    words.to_string()
}

/// Builds a [`Text`] from its three parts.
fn text(message: String, label: impl Into<String>, help: Option<String>) -> Text {
    Text {
        message,
        label: label.into(),
        help,
    }
}

/// Two English words in a row outside backticks: an English sentence in a Chinese message. Keys
/// (`note`, `na = true`), codes, units and numbers are allowed. The tests of every language
/// check Chinese output with it.
pub fn english_sentence(text: &str) -> Option<String> {
    let outside: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = outside
        .split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
        .collect();
    // Adjacent words separated only by spaces or light punctuation form a sentence.
    let mut previous: Option<&str> = None;
    let mut rest = outside.as_str();
    for word in words.iter().filter(|w| w.len() >= 2) {
        let at = rest.find(word)?;
        let gap = &rest[..at];
        if let Some(prev) = previous
            && !gap.is_empty()
            && gap
                .chars()
                .all(|c| matches!(c, ' ' | ',' | ';' | ':' | '\''))
        {
            return Some(format!("{prev}{gap}{word}"));
        }
        previous = Some(word);
        rest = &rest[at + word.len()..];
    }
    None
}

#[cfg(test)]
mod tests;
