//! Audit findings: every declared figure of a table re-checked against the computed one, and the
//! habits that auditors look for. Each finding has a stable code, a severity, a message with the
//! numbers on both sides, and the span of the key or value at fault.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::derivation;
use crate::engine::{
    Evaluation, OtherBasis, Outcome, Unscorable, declared_differs, direction_of, evaluate, kind_of,
    rate_differs,
};
use crate::lang::Lang;
use crate::number::{fixed, percent, plain};
use crate::profile::Profile;
use crate::project::{Indicator, Kind, Project};
use crate::source::{Located, Span};
use crate::value::{Comparator, Value};

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
    Level1Split = "level1-split", Info;
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
        if funds.rate.is_none() && (funds.executed > Decimal::ZERO || declared.rate.is_some()) {
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
        if funds.executed > funds.budget && funds.budget > Decimal::ZERO {
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
        self.budget_adjusted();
    }

    /// 全年预算数 differing from 年初预算数 without a note: the denominator choice changes the
    /// funds score, so say by how much.
    fn budget_adjusted(&mut self) {
        let evaluation = self.evaluation;
        let declared = &evaluation.project.funds;
        let [initial, annual, _] = evaluation.funds.amounts;
        if initial.is_zero() || annual.is_zero() || initial == annual || declared.note.is_some() {
            return;
        }
        let funds = &evaluation.funds;
        let Some(OtherBasis {
            basis: other_basis,
            rate: Some(other_rate),
            score: other_score,
            ..
        }) = &funds.other
        else {
            return;
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
                "the funds score is {} over {} and would be {} over {} ({}); add `note` to [funds] saying why the budget changed",
                self.score(funds.score),
                funds.basis.label(),
                self.score(*other_score),
                other_basis.label(),
                percent(*other_rate)
            )),
        );
    }

    fn indicator(&mut self, index: usize, indicator: &Indicator) {
        if indicator.na {
            return;
        }
        let row = &self.evaluation.rows[index];
        let name = &indicator.name.value;
        let weight = row.weight;
        let profile = self.evaluation.profile;
        if let Some(declared) = &indicator.score {
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
        if kind_of(indicator) == Kind::Quantitative {
            self.quantitative_cells(indicator);
        }
    }

    fn quantitative_cells(&mut self, indicator: &Indicator) {
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
        if !target_q.unit.is_empty() && actual_q.unit.is_empty() {
            self.add(
                Code::ActualUnitMissing,
                actual.span,
                format!("taken as {}", target_q.unit),
                format!(
                    "实际完成值 「{}」 of 「{name}」 has no unit; the target's {} is assumed",
                    actual.value.text, target_q.unit
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
        let Some(threshold) = self.profile().quantitative.over_achievement else {
            return;
        };
        let direction = direction_of(indicator);
        let at_least = matches!(direction, Comparator::AtLeast | Comparator::Above);
        let ratio = match (target_q.base(), actual_q.base()) {
            (Some(t), Some(a)) if t > Decimal::ZERO => a.checked_div(t),
            _ => None,
        };
        if let (true, Some(ratio)) = (at_least, ratio)
            && ratio >= threshold
            && is_blank_note(&indicator.note)
        {
            self.add(
                Code::OverAchievement,
                actual.span,
                "over-achieved",
                format!(
                    "「{name}」 reached {} against a target of {} ({} of it) with no note",
                    actual.value.text,
                    target.value.text,
                    ratio
                        .checked_mul(Decimal::ONE_HUNDRED)
                        .map_or("many times".to_string(), |p| format!("{}%", fixed(p, 0)))
                ),
                Some(format!(
                    "at or above {}% of the target, say why the target was set so low",
                    plain(threshold * Decimal::ONE_HUNDRED)
                )),
            );
        }
    }

    fn level1(&mut self) {
        let evaluation = self.evaluation;
        let project = evaluation.project;
        for sum in &evaluation.level1 {
            let header = project
                .level1
                .iter()
                .find(|h| h.name.value == sum.name)
                .and_then(|h| h.weight.as_ref());
            if let Some(header) = header
                && header.value != sum.weight
            {
                self.add(
                    Code::Level1Header,
                    header.span,
                    format!("rows carry {}", plain(sum.weight)),
                    format!(
                        "the {} header says {} points, but its indicators carry {}",
                        sum.name,
                        plain(header.value),
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
            if declared_differs(score.value, evaluation.total, profile) {
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
        if let Some(grade) = &declared.grade
            && !profile.grade(evaluation.percent).is_named(&grade.value)
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
