//! Audit findings: every declared figure of a table re-checked against the computed one, and the
//! habits that auditors look for. Each finding has a stable code, a severity, a message with the
//! numbers on both sides, and the span of the key or value at fault.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::derivation;
use crate::engine::{
    DirectionFrom, Evaluation, OtherBasis, Outcome, RowScore, Unscorable, declared_differs,
    evaluate, rate_differs,
};
use crate::lang::Lang;
use crate::number::{fixed, percent, plain};
use crate::profile::Profile;
use crate::project::{Indicator, Kind, Project};
use crate::source::{Located, Span};
use crate::value::{Assumption, Comparator, Quantity, Value};

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

/// One problem found in a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The key or value at fault.
    pub span: Span,
    /// What label to put under the span.
    pub label: String,
    /// How the computed figure came about, or what to do.
    pub help: Option<String>,
}

/// Scores a project and audits every declared figure. Findings come in table order.
pub fn check<'a>(project: &'a Project, profile: &'a Profile) -> (Evaluation<'a>, Vec<Finding>) {
    let evaluation = evaluate(project, profile);
    let findings = findings(&evaluation);
    (evaluation, findings)
}

/// Audits a scored table. Findings come in table order.
pub fn findings(evaluation: &Evaluation) -> Vec<Finding> {
    let mut audit = Audit {
        evaluation,
        findings: Vec::new(),
    };
    audit.funds();
    for (index, indicator) in evaluation.project.indicators.iter().enumerate() {
        audit.indicator(index, indicator);
    }
    audit.level1();
    audit.totals();
    let mut findings = audit.findings;
    findings.sort_by_key(|f| f.span.start);
    findings
}

/// Notes that say nothing: a deviation note must say why.
const EMPTY_NOTES: &[&str] = &["", "无", "0", "/", "-", "—", "无偏差", "没有"];

fn is_blank_note(note: &Option<Located<String>>) -> bool {
    note.as_ref()
        .is_none_or(|n| EMPTY_NOTES.contains(&n.value.trim()))
}

struct Audit<'e, 'a> {
    evaluation: &'e Evaluation<'a>,
    findings: Vec<Finding>,
}

impl Audit<'_, '_> {
    fn profile(&self) -> &Profile {
        self.evaluation.profile
    }

    fn add(
        &mut self,
        code: Code,
        span: Span,
        label: impl Into<String>,
        message: String,
        help: Option<String>,
    ) {
        self.findings.push(Finding {
            code,
            severity: code.severity(),
            message,
            span,
            label: label.into(),
            help,
        });
    }

    fn score(&self, value: Decimal) -> String {
        fixed(value, self.profile().rounding)
    }

    fn funds(&mut self) {
        let evaluation = self.evaluation;
        let profile = evaluation.profile;
        let declared = &evaluation.project.funds;
        let funds = &evaluation.funds;
        let derivation = derivation::funds(funds, profile, Lang::En);
        if let (Some(rate), Some(computed)) = (&declared.rate, funds.rate)
            && rate_differs(rate.value, computed)
        {
            let help = match &funds.other {
                Some(OtherBasis {
                    basis,
                    rate: Some(other),
                    ..
                }) if !rate_differs(rate.value, *other) => format!(
                    "{derivation}; the declared {}% is the rate over {} ({})",
                    plain(rate.value),
                    basis.label(),
                    percent(*other)
                ),
                _ => derivation.clone(),
            };
            self.add(
                Code::FundsRateMismatch,
                rate.span,
                format!("computed {}", percent(computed)),
                format!(
                    "declared 执行率 {}% differs from the computed {} (全年执行数 / {})",
                    plain(rate.value),
                    percent(computed),
                    funds.basis.label()
                ),
                Some(help),
            );
        }
        if let Some(score) = &declared.score
            && declared_differs(score.value, funds.score, profile)
        {
            self.add(
                Code::FundsScoreMismatch,
                score.span,
                format!("computed {}", self.score(funds.score)),
                format!(
                    "declared funds 得分 {} differs from the computed {}",
                    plain(score.value),
                    self.score(funds.score)
                ),
                Some(derivation),
            );
        }
        let rows = [
            &declared.appropriation,
            &declared.carryover,
            &declared.other,
        ];
        if funds.summed_from_rows {
            self.add(
                Code::FundsTotalEmpty,
                declared.span,
                "年度资金总额 empty",
                "年度资金总额 is empty while its sub-rows carry amounts; the sum of the sub-rows is used".to_string(),
                None,
            );
        } else if rows.iter().any(|row| !row.is_blank()) {
            let names = ["年初预算数", "全年预算数", "全年执行数"];
            let total = declared.total.amounts();
            let cells = [
                &declared.total.initial,
                &declared.total.annual,
                &declared.total.executed,
            ];
            for column in 0..3 {
                let sum: Decimal = rows.iter().map(|row| row.amounts()[column]).sum();
                if sum != total[column] {
                    let span = cells[column].as_ref().map_or(declared.span, |c| c.span);
                    self.add(
                        Code::FundsRowsSum,
                        span,
                        format!("sub-rows add up to {}", plain(sum)),
                        format!(
                            "{} of 年度资金总额 is {}, but its sub-rows add up to {}",
                            names[column],
                            plain(total[column]),
                            plain(sum)
                        ),
                        None,
                    );
                }
            }
        }
        // A budget with no rate is one so small that the rate is beyond exact range: that is
        // over-execution (below), not a missing budget.
        if funds.rate.is_none()
            && funds.budget <= Decimal::ZERO
            && (funds.executed > Decimal::ZERO || declared.rate.is_some())
        {
            self.add(
                Code::FundsNoBudget,
                declared.span,
                format!("no {}", funds.basis.label()),
                format!(
                    "the 执行率 cannot be computed: {} is empty or zero",
                    funds.basis.label()
                ),
                None,
            );
        }
        if let (Some(below), Some(rate)) = (profile.notes.funds_below, funds.rate)
            && rate < below
            && declared
                .note
                .as_deref()
                .is_none_or(|n| EMPTY_NOTES.contains(&n.trim()))
        {
            let span = declared.rate.as_ref().map_or(declared.span, |r| r.span);
            self.add(
                Code::FundsNoteRequired,
                span,
                "reason required",
                format!(
                    "执行率 {}% is below {}% and [funds] gives no `note`; {} requires the reason",
                    fixed(rate * Decimal::ONE_HUNDRED, 2),
                    plain(below * Decimal::ONE_HUNDRED),
                    profile.name
                ),
                Some("add `note` to [funds] saying why the budget was not executed".to_string()),
            );
        }
        let over_allowed = profile.funds.over_execution == crate::profile::OverExecution::Allowed;
        if funds.executed > funds.budget && funds.budget > Decimal::ZERO && !over_allowed {
            let span = declared
                .total
                .executed
                .as_ref()
                .map_or(declared.span, |e| e.span);
            self.add(
                Code::OverExecution,
                span,
                "above the budget",
                format!(
                    "全年执行数 {} is above the {} {} (rate over 100%)",
                    plain(funds.executed),
                    funds.basis.label(),
                    plain(funds.budget)
                ),
                None,
            );
        }
        if let Some(wanted) = funds.fallback_from {
            self.add(
                Code::FundsBasisFallback,
                declared.span,
                format!("divided by {}", funds.basis.label()),
                format!(
                    "{} is empty or 0, so the 执行率 is taken over {} ({} / {} = {})",
                    wanted.label(),
                    funds.basis.label(),
                    plain(funds.executed),
                    plain(funds.budget),
                    funds.rate.map_or_else(|| "—".to_string(), percent)
                ),
                Some(format!(
                    "{} divides by {}; fill it in, or say in [funds] `note` why it is empty",
                    profile.name,
                    wanted.label()
                )),
            );
        }
        self.budget_adjusted();
    }

    /// 全年预算数 differing from 年初预算数 without a note: the denominator choice changes the
    /// funds score, so say by how much.
    fn budget_adjusted(&mut self) {
        let evaluation = self.evaluation;
        let declared = &evaluation.project.funds;
        let [initial, annual, _] = evaluation.funds.amounts;
        // A template without a 年初预算数 column has nothing to adjust from; a written 0 is a
        // budget raised from zero.
        let initial_written = [
            &declared.total,
            &declared.appropriation,
            &declared.carryover,
            &declared.other,
        ]
        .iter()
        .any(|row| row.initial.is_some());
        if !initial_written || annual.is_zero() || initial == annual || declared.note.is_some() {
            return;
        }
        let funds = &evaluation.funds;
        let help = match &funds.other {
            Some(OtherBasis {
                basis: other_basis,
                rate: Some(other_rate),
                score: other_score,
                ..
            }) => format!(
                "the funds score is {} over {} and would be {} over {} ({}); ",
                self.score(funds.score),
                funds.basis.label(),
                self.score(*other_score),
                other_basis.label(),
                percent(*other_rate)
            ),
            _ if initial.is_zero() => {
                "the budget was raised from zero during the year; ".to_string()
            }
            _ => String::new(),
        };
        let span = declared
            .total
            .annual
            .as_ref()
            .map_or(declared.span, |a| a.span);
        self.add(
            Code::BudgetAdjusted,
            span,
            "adjusted budget",
            format!(
                "全年预算数 {} differs from 年初预算数 {} with no note in [funds]",
                plain(annual),
                plain(initial)
            ),
            Some(format!(
                "{help}add `note` to [funds] saying why the budget changed"
            )),
        );
    }

    fn indicator(&mut self, index: usize, indicator: &Indicator) {
        let row = &self.evaluation.rows[index];
        match row.outcome {
            Outcome::NotApplicable | Outcome::Detail => return,
            Outcome::NoneReported => return self.none_reported(indicator),
            Outcome::NotFilled => return self.not_filled(indicator),
            _ => {}
        }
        self.cells(indicator, row);
        let name = &indicator.name.value;
        let weight = row.weight;
        let profile = self.evaluation.profile;
        let over_cap = match (profile.cost_unfilled_cap, &indicator.score) {
            (Some(cap), Some(declared))
                if crate::engine::is_unfilled_cost(indicator) && declared.value > cap =>
            {
                Some((cap, declared))
            }
            _ => None,
        };
        if let Some((cap, declared)) = over_cap {
            self.add(
                Code::CostCap,
                declared.span,
                format!("at most {}", plain(cap)),
                format!(
                    "「{name}」 scores {} but the project filled in no cost indicator: {} allows at most {}",
                    plain(declared.value),
                    profile.name,
                    plain(cap)
                ),
                None,
            );
        }
        if let (Some(declared), None) = (&indicator.score, over_cap) {
            let value = declared.value;
            if value < Decimal::ZERO || value > weight {
                self.add(
                    Code::ScoreOutOfRange,
                    declared.span,
                    format!("outside 0..{}", plain(weight)),
                    format!(
                        "declared 得分 {} of 「{name}」 is outside 0 to its weight {}",
                        plain(value),
                        plain(weight)
                    ),
                    None,
                );
            } else if let Outcome::Qualitative {
                band,
                declared_in_band: false,
            } = row.outcome
            {
                let (low, high) = profile.qualitative.range(band);
                self.add(
                    Code::QualitativeBand,
                    declared.span,
                    format!("outside {}", band.label()),
                    format!(
                        "declared 得分 {} of 「{name}」 lies outside the {} band [{}, {}{} that its actual 「{}」 claims",
                        plain(value),
                        band.label(),
                        plain(low * weight),
                        plain(high * weight),
                        if band == crate::profile::Band::Achieved { "]" } else { ")" },
                        indicator.actual.value.text
                    ),
                    Some(derivation::row(indicator, row, profile, Lang::En)),
                );
            } else if !matches!(row.outcome, Outcome::Declared { .. })
                && declared_differs(value, row.score, profile)
            {
                self.add(
                    Code::ScoreMismatch,
                    declared.span,
                    format!("computed {}", self.score(row.score)),
                    format!(
                        "declared 得分 {} of 「{name}」 differs from the computed {}",
                        plain(value),
                        self.score(row.score)
                    ),
                    Some(derivation::row(indicator, row, profile, Lang::En)),
                );
            }
        }
        if let Outcome::Declared { reason } = &row.outcome {
            let span = match reason {
                Unscorable::EmptyCell if indicator.target.value.value == Value::Empty => {
                    indicator.target.span
                }
                _ => indicator.actual.span,
            };
            let (code, message) = match reason {
                Unscorable::UnitMismatch { target, actual } => (
                    Code::UnitMismatch,
                    format!(
                        "「{name}」: the target is in {target} but the actual in {actual}; they are not compared"
                    ),
                ),
                _ => (
                    Code::ScoreNotComputed,
                    format!(
                        "the score of 「{name}」 cannot be computed: {}; the declared {} is taken",
                        derivation::unscorable(reason, indicator, Lang::En),
                        plain(row.score)
                    ),
                ),
            };
            self.add(code, span, "not scored", message, None);
        }
        let scored = indicator.score.as_ref().map_or(row.score, |s| s.value);
        if scored < weight && is_blank_note(&indicator.note) {
            let span = indicator
                .note
                .as_ref()
                .map(|n| n.span)
                .or(indicator.score.as_ref().map(|s| s.span))
                .unwrap_or(indicator.span);
            self.add(
                Code::MissingNote,
                span,
                "no deviation note",
                format!(
                    "「{name}」 scores {} of {} but gives no 偏差原因分析及改进措施",
                    plain(scored),
                    plain(weight)
                ),
                Some("say why the target was missed and what will be done".to_string()),
            );
        }
        if row.kind == Kind::Quantitative {
            self.quantitative_cells(indicator, row);
        }
    }

    /// What was assumed to read the target and actual cells, and what could not be read.
    fn cells(&mut self, indicator: &Indicator, row: &RowScore) {
        let name = &indicator.name.value;
        for (label, cell) in [
            ("年度指标值", &indicator.target),
            ("实际完成值", &indicator.actual),
        ] {
            let text = &cell.value.text;
            let (code, message) = match &cell.value.assumed {
                None => continue,
                Some(Assumption::Approximate { word }) => (
                    Code::CellAssumed,
                    format!(
                        "{label} 「{text}」 of 「{name}」 is approximate ({word}); it is read as {}",
                        shown(&cell.value.value)
                    ),
                ),
                Some(Assumption::Range { read_as }) => (
                    Code::CellAssumed,
                    format!("{label} 「{text}」 of 「{name}」 is a range; it is read as {read_as}"),
                ),
                Some(Assumption::ThisYear) => (
                    Code::CellAssumed,
                    format!(
                        "{label} 「{text}」 of 「{name}」 names no year; it is read in the table's year, {}",
                        self.evaluation.project.year
                    ),
                ),
                // A row the unit declared qualitative is judged in words by its own choice.
                Some(Assumption::Unread { .. }) if indicator.kind == Some(Kind::Qualitative) => {
                    continue;
                }
                Some(Assumption::Unread { part }) => (
                    Code::CellUnread,
                    format!(
                        "{label} 「{text}」 of 「{name}」 holds a figure that cannot be read ({part}); {}",
                        match (&row.outcome, row.kind) {
                            (Outcome::Declared { .. }, _) =>
                                "the declared score is taken".to_string(),
                            (Outcome::Qualitative { band, .. }, _) =>
                                format!("it is judged by its words ({})", band.label()),
                            _ => "the cell is read as text".to_string(),
                        }
                    ),
                ),
            };
            let help =
                "write the figure alone, with its comparator and unit (≥500人次, 2023年12月)";
            self.add(
                code,
                cell.span,
                "read with an assumption",
                message,
                Some(help.into()),
            );
        }
        let unread = matches!(
            indicator.actual.value.assumed,
            Some(Assumption::Unread { .. })
        );
        if row.kind == Kind::Quantitative
            && !unread
            && let Outcome::Qualitative { band, .. } = row.outcome
        {
            self.add(
                Code::ActualNoFigure,
                indicator.actual.span,
                "no figure",
                format!(
                    "实际完成值 「{}」 of 「{name}」 gives no figure against the target 「{}」; it is judged as its claim ({})",
                    indicator.actual.value.text,
                    indicator.target.value.text,
                    band.label()
                ),
                Some("write the value actually reached".to_string()),
            );
        }
        if let Some(from) = row
            .direction_from
            .as_ref()
            .filter(|from| from.is_inferred())
        {
            let why = match from {
                DirectionFrom::ZeroTarget => "its target is 0".to_string(),
                DirectionFrom::Name { word } => format!("its name says {word}"),
                DirectionFrom::Duration { unit } => format!("its target is a time limit in {unit}"),
                _ => String::new(),
            };
            self.add(
                Code::DirectionInferred,
                indicator.target.span,
                "read as ≤",
                format!(
                    "年度指标值 「{}」 of 「{name}」 has no comparator; it is read as ≤ (lower is better) because {why}",
                    indicator.target.value.text
                ),
                Some("write ≤ or ≥ in the target, or `direction`, to say which is meant".to_string()),
            );
        }
    }

    fn none_reported(&mut self, indicator: &Indicator) {
        self.add(
            Code::ActualNone,
            indicator.actual.span,
            "not applicable",
            format!(
                "实际完成值 of 「{}」 is 「{}」: the row is taken as not applicable (不适用) and its {} points are not counted",
                indicator.name.value,
                indicator.actual.value.text,
                plain(indicator.weight())
            ),
            Some("if nothing was reached, write 0; if the indicator does not apply, mark it na = true".to_string()),
        );
    }

    fn not_filled(&mut self, indicator: &Indicator) {
        self.add(
            Code::RowNotFilled,
            indicator.actual.span,
            "not filled in",
            format!(
                "「{}」 has no 实际完成值 and no 得分: it is not scored, and the total is incomplete",
                indicator.name.value
            ),
            None,
        );
    }

    fn quantitative_cells(&mut self, indicator: &Indicator, row: &RowScore) {
        let name = &indicator.name.value;
        let target = &indicator.target;
        let actual = &indicator.actual;
        if let Value::Number {
            op: Some(op),
            quantity,
        } = &actual.value.value
        {
            self.add(
                Code::ActualComparator,
                actual.span,
                "comparator in an actual value",
                format!(
                    "实际完成值 「{}」 of 「{name}」 repeats a comparator ({op}); it is read as {quantity}",
                    actual.value.text
                ),
                Some("write the value actually reached, without ≥ or ≤".to_string()),
            );
        }
        let (
            Value::Number {
                quantity: target_q, ..
            },
            Value::Number {
                quantity: actual_q, ..
            },
        ) = (&target.value.value, &actual.value.value)
        else {
            return;
        };
        if !target_q.is_bare() && actual_q.is_bare() {
            let unit = format!("{}{}", target_q.magnitude, target_q.unit);
            self.add(
                Code::ActualUnitMissing,
                actual.span,
                format!("taken as {unit}"),
                format!(
                    "实际完成值 「{}」 of 「{name}」 has no unit; the target's {unit} is assumed",
                    actual.value.text
                ),
                None,
            );
        }
        if target_q.number.is_zero() {
            self.add(
                Code::ZeroTarget,
                target.span,
                "target of 0",
                format!(
                    "「{name}」 has a target of 0: it is met only by 0, and otherwise scores 0"
                ),
                None,
            );
        }
        let ratio = match Quantity::comparable(target_q, actual_q) {
            Some((t, a)) if t > Decimal::ZERO => a.checked_div(t),
            _ => None,
        };
        let Some(ratio) = ratio.filter(|_| is_blank_note(&indicator.note)) else {
            return;
        };
        let percent = ratio
            .checked_mul(Decimal::ONE_HUNDRED)
            .map_or("many times".to_string(), |p| format!("{}%", fixed(p, 0)));
        let message = format!(
            "「{name}」 reached {} against a target of {} ({percent} of it) with no note",
            actual.value.text, target.value.text,
        );
        let profile = self.profile();
        if let Some(required) = profile.notes.over_achievement
            && ratio >= required
        {
            let help = format!(
                "{} requires a 偏差原因分析及改进措施 at or above {}% of the target",
                profile.name,
                plain(required * Decimal::ONE_HUNDRED)
            );
            self.add(
                Code::OverAchievementNoteRequired,
                actual.span,
                "note required",
                message,
                Some(help),
            );
            return;
        }
        let Some(threshold) = profile.quantitative.over_achievement else {
            return;
        };
        let at_least = matches!(row.direction, Some(Comparator::AtLeast | Comparator::Above));
        if at_least && ratio >= threshold {
            let help = format!(
                "at or above {}% of the target, say why the target was set so low",
                plain(threshold * Decimal::ONE_HUNDRED)
            );
            self.add(
                Code::OverAchievement,
                actual.span,
                "over-achieved",
                message,
                Some(help),
            );
        }
    }

    fn level1(&mut self) {
        let evaluation = self.evaluation;
        let project = evaluation.project;
        for sum in &evaluation.level1 {
            if let (Some(header), Some(span)) = (sum.header_weight, sum.header_span)
                && header != sum.weight
            {
                self.add(
                    Code::Level1Header,
                    span,
                    format!("rows carry {}", plain(sum.weight)),
                    format!(
                        "the {} header says {} points, but its indicators carry {}",
                        sum.name,
                        plain(header),
                        plain(sum.weight)
                    ),
                    None,
                );
            }
        }
        let expected = &evaluation.profile.level1;
        if expected.is_empty() {
            return;
        }
        let split = |parts: Vec<(String, Decimal)>| {
            parts
                .iter()
                .map(|(name, weight)| format!("{name} {}", plain(*weight)))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let covered = |rule: &crate::profile::Level1Rule| -> Decimal {
            evaluation
                .level1
                .iter()
                .filter(|sum| rule.covers(&sum.name))
                .map(|sum| sum.weight)
                .sum()
        };
        let differs = expected.iter().any(|rule| covered(rule) != rule.weight)
            || evaluation
                .level1
                .iter()
                .any(|sum| !expected.iter().any(|rule| rule.covers(&sum.name)));
        let rule_name = |rule: &crate::profile::Level1Rule| {
            std::iter::once(rule.name.as_str())
                .chain(rule.includes.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("+")
        };
        if differs {
            let span = project
                .indicators
                .first()
                .map_or(Span::default(), |i| i.level1.span);
            self.add(
                Code::Level1Split,
                span,
                "first-level split",
                format!(
                    "first-level weights are {}; {} expects {}",
                    split(
                        evaluation
                            .level1
                            .iter()
                            .map(|sum| (sum.name.clone(), sum.weight))
                            .collect()
                    ),
                    evaluation.profile.name,
                    split(
                        expected
                            .iter()
                            .map(|rule| (rule_name(rule), rule.weight))
                            .collect()
                    )
                ),
                Some("allowed, but shown: the split differs from the profile's".to_string()),
            );
        }
    }

    fn totals(&mut self) {
        let evaluation = self.evaluation;
        let project = evaluation.project;
        let profile = evaluation.profile;
        let declared = &project.total;
        let end = project
            .indicators
            .last()
            .map_or(Span::default(), |i| i.span);
        let funds_part = if evaluation.funds.counted {
            format!(
                " (indicators {} + funds {})",
                plain(evaluation.weight_total - evaluation.funds.weight),
                plain(evaluation.funds.weight)
            )
        } else {
            String::new()
        };
        if evaluation.weight_total != profile.total {
            let span = declared.weight.as_ref().map_or(end, |w| w.span);
            self.add(
                Code::WeightTotal,
                span,
                format!("weights in play: {}", plain(evaluation.weight_total)),
                format!(
                    "the weights add up to {}{funds_part}, but {}'s total is {}",
                    plain(evaluation.weight_total),
                    profile.name,
                    plain(profile.total)
                ),
                None,
            );
        }
        if let Some(weight) = &declared.weight
            && weight.value != evaluation.weight_total
            && weight.value != profile.total
        {
            self.add(
                Code::TotalWeightMismatch,
                weight.span,
                format!("weights add up to {}", plain(evaluation.weight_total)),
                format!(
                    "the 总分 row declares {} points, but the weights add up to {}{funds_part}",
                    plain(weight.value),
                    plain(evaluation.weight_total)
                ),
                None,
            );
        }
        if let Some(score) = &declared.score {
            // Whether the funds score counts is a profile choice; a total that adds up either
            // way is arithmetically sound.
            if let Some((sum, with_funds)) = declared_sums(project)
                && sum != score.value
                && with_funds != Some(score.value)
            {
                let sum = match with_funds {
                    Some(with_funds) if evaluation.funds.counted => with_funds,
                    _ => sum,
                };
                self.add(
                    Code::TotalSumMismatch,
                    score.span,
                    format!("declared scores add up to {}", plain(sum)),
                    format!(
                        "declared 总分 {} differs from the sum of the declared scores, {}",
                        plain(score.value),
                        plain(sum)
                    ),
                    None,
                );
            }
            if evaluation.complete && declared_differs(score.value, evaluation.total, profile) {
                self.add(
                    Code::TotalMismatch,
                    score.span,
                    format!("computed {}", self.score(evaluation.total)),
                    format!(
                        "declared 总分 {} differs from the computed {}",
                        plain(score.value),
                        self.score(evaluation.total)
                    ),
                    Some(derivation::total(evaluation, Lang::En)),
                );
            }
        }
        // Rules that grade nothing (湖北: 可以不评级) leave a declared grade unchecked.
        if let Some(grade) = &declared.grade
            && evaluation.declared_grade_differs()
        {
            self.add(
                Code::GradeMismatch,
                grade.span,
                format!("computed {}", evaluation.grade),
                format!(
                    "declared 评价等级 「{}」 does not match the computed total's grade 「{}」",
                    grade.value, evaluation.grade
                ),
                Some(derivation::total(evaluation, Lang::En)),
            );
        }
    }
}

/// A value as read, for messages: `500人次`, `≥500人次`, `2023年12月`.
fn shown(value: &Value) -> String {
    let op = value.op().map_or("", Comparator::symbol);
    match value {
        Value::Number { quantity, .. } => format!("{op}{quantity}"),
        Value::Date { date, .. } => format!("{op}{date}"),
        Value::Empty => String::new(),
        Value::Text { text } => text.clone(),
    }
}

/// The sums of the declared scores that a declared 总分 may be: the indicators alone, and with
/// the declared funds score. `None` unless every scored row declares a score.
fn declared_sums(project: &Project) -> Option<(Decimal, Option<Decimal>)> {
    let mut sum = Decimal::ZERO;
    for indicator in project.indicators.iter().filter(|i| !i.na) {
        sum += indicator.score.as_ref()?.value;
    }
    Some((sum, project.funds.score.as_ref().map(|s| sum + s.value)))
}

#[cfg(test)]
mod tests;
