//! The kinds of finding: each a stable code (`score-mismatch`) with its severity. Apart from the
//! audit that finds them, so that the catalogue can name them without depending on the audit.

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident;)*) => {
        /// Every finding code. Names are stable: CI configurations and scripts match on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        pub enum Code {
            $(#[serde(rename = $name)] $variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable name, e.g. `score-mismatch`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    ScoreMismatch = "score-mismatch", Error;
    ScoreOutOfRange = "score-out-of-range", Error;
    QualitativeBand = "qualitative-band", Error;
    FundsRateMismatch = "funds-rate-mismatch", Error;
    FundsScoreMismatch = "funds-score-mismatch", Error;
    TotalSumMismatch = "total-sum-mismatch", Error;
    TotalMismatch = "total-mismatch", Error;
    WeightTotal = "weight-total", Error;
    TotalWeightMismatch = "total-weight-mismatch", Error;
    Level1Header = "level1-header", Error;
    GradeMismatch = "grade-mismatch", Error;
    FundsNoteRequired = "funds-note-required", Error;
    OverAchievementNoteRequired = "over-achievement-note-required", Error;
    CostCap = "cost-cap", Error;
    MissingNote = "missing-note", Warning;
    OverAchievement = "over-achievement", Warning;
    ActualComparator = "actual-comparator", Warning;
    ActualUnitMissing = "actual-unit-missing", Warning;
    UnitMismatch = "unit-mismatch", Warning;
    ZeroTarget = "zero-target", Warning;
    ScoreNotComputed = "score-not-computed", Warning;
    FundsTotalEmpty = "funds-total-empty", Warning;
    FundsRowsSum = "funds-rows-sum", Warning;
    FundsNoBudget = "funds-no-budget", Warning;
    OverExecution = "over-execution", Warning;
    BudgetAdjusted = "budget-adjusted", Warning;
    CellAssumed = "cell-assumed", Warning;
    CellUnread = "cell-unread", Warning;
    ActualNoFigure = "actual-no-figure", Warning;
    ActualNone = "actual-none", Warning;
    RowNotFilled = "row-not-filled", Warning;
    FundsBasisFallback = "funds-basis-fallback", Warning;
    Level1Split = "level1-split", Info;
    DirectionInferred = "direction-inferred", Info;
}
