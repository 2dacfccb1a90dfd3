//! Audit findings: every declared figure of a table re-checked against the computed one, and the
//! habits that auditors look for. Each finding has a stable code, a severity, a message with the
//! numbers on both sides, and the span of the key or value at fault.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::derivation;
use crate::engine::{
    DirectionFrom, Evaluation, OtherBasis, Outcome, RowScore, Unscorable, declared_differs,
    evaluate, opposes, rate_differs,
};
use crate::error::Error;
use crate::lang::Lang;
use crate::messages::Problem;
use crate::messages::{
    BothBases, CellName, Column, Derived, Finding as Say, Instead, LowerBecause, Text,
};
use crate::number::{fixed, percent, plain};
use crate::profile::Profile;
use crate::project::{Indicator, Kind, Project};
use crate::source::{Located, Span};
use crate::value::{Assumption, Comparator, Quantity, Value};

pub use crate::code::{Code, Severity};

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

/// One problem found in a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The key or value at fault.
    pub span: Span,
    /// What it says, typed: worded only when it is shown, in the language asked for then.
    #[serde(skip)]
    pub said: Say,
    /// For a mismatch, the declared figure and the computed one, as the message prints them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figures: Option<Figures>,
}

impl Finding {
    /// The message, the label under the span and the help line, in `lang`; the derivations it
    /// quotes come from `evaluation`, the one it was found in.
    pub fn text(&self, evaluation: &Evaluation, lang: Lang) -> Text {
        self.said
            .text(lang, &|which| derivation::derived(evaluation, which, lang))
    }
}

/// The two sides of a mismatch: what the table declares and what perf-eval computes (a rate in
/// percent, without its sign; a grade as its word).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub declared: String,
    pub computed: String,
}

impl Figures {
    /// The figures a finding's words compare, when it compares a declared figure with a
    /// computed one; taken out of the words once they are written, so nothing is copied.
    fn of(said: &Say) -> Option<Figures> {
        let (declared, computed) = match said {
            Say::FundsRateMismatch {
                declared, computed, ..
            } => (declared, computed.trim_end_matches('%')),
            Say::FundsScoreMismatch {
                declared, computed, ..
            }
            | Say::ScoreMismatch {
                declared, computed, ..
            }
            | Say::TotalMismatch {
                declared, computed, ..
            }
            | Say::GradeMismatch {
                declared, computed, ..
            } => (declared, computed.as_str()),
            Say::TotalSumMismatch { declared, sum } => (declared, sum.as_str()),
            Say::TotalWeightMismatch {
                declared, total, ..
            } => (declared, total.as_str()),
            Say::FundsRowsSum { total, sum, .. } => (total, sum.as_str()),
            _ => return None,
        };
        Some(Figures {
            declared: declared.clone(),
            computed: computed.to_string(),
        })
    }
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
    said_once(findings)
}

/// Writing habits that tables often repeat on every row (`≥850个` as an actual, [`habit`]):
/// more than [`REPEATS`] rows of one table with the same habit are one finding, at the first of
/// them, listing the others, so that the table's real errors are not buried under them.
const REPEATS: usize = 3;

fn said_once(findings: Vec<Finding>) -> Vec<Finding> {
    let count = |code: Code| {
        findings
            .iter()
            .filter(|f| f.code == code && habit(&f.said).is_some())
            .count()
    };
    let repeated: Vec<Code> = [Code::ActualComparator, Code::ActualUnitMissing]
        .into_iter()
        .filter(|code| count(*code) > REPEATS)
        .collect();
    let mut kept: Vec<(Finding, Vec<String>)> = Vec::with_capacity(findings.len());
    for finding in findings {
        if let Some(name) = habit(&finding.said).filter(|_| repeated.contains(&finding.code)) {
            let first = kept
                .iter_mut()
                .find(|(kept, _)| kept.code == finding.code && habit(&kept.said).is_some());
            if let Some((_, others)) = first {
                others.push(name.to_string());
                continue;
            }
        }
        kept.push((finding, Vec::new()));
    }
    kept.into_iter()
        .map(|(mut finding, others)| {
            if !others.is_empty() {
                finding.said = Say::Repeated {
                    first: Box::new(finding.said),
                    others,
                };
            }
            finding
        })
        .collect()
}

/// The indicator of a finding that is a writing habit; an actual stating the opposite
/// comparator is a finding of its own, never a habit.
fn habit(said: &Say) -> Option<&str> {
    match said {
        Say::ActualComparator { name, .. } | Say::ActualUnitMissing { name, .. } => Some(name),
        _ => None,
    }
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

    fn add(&mut self, code: Code, span: Span, said: Say) {
        let figures = Figures::of(&said);
        self.findings.push(Finding {
            code,
            severity: code.severity(),
            span,
            said,
            figures,
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
        let derivation = Derived::Funds;
        if let (Some(rate), Some(computed)) = (&declared.rate, funds.rate)
            && rate_differs(rate.value, computed)
        {
            let other = match &funds.other {
                Some(OtherBasis {
                    basis,
                    rate: Some(other),
                    ..
                }) if !rate_differs(rate.value, *other) => {
                    Some((basis.label().to_string(), percent(*other)))
                }
                _ => None,
            };
            self.add(
                Code::FundsRateMismatch,
                rate.span,
                Say::FundsRateMismatch {
                    declared: plain(rate.value),
                    computed: percent(computed),
                    basis: funds.basis.label().to_string(),
                    derivation,
                    other,
                },
            );
        }
        if let Some(score) = &declared.score
            && declared_differs(score.value, funds.score, profile)
        {
            self.add(
                Code::FundsScoreMismatch,
                score.span,
                Say::FundsScoreMismatch {
                    declared: plain(score.value),
                    computed: self.score(funds.score),
                    derivation,
                },
            );
        }
        let rows = [
            &declared.appropriation,
            &declared.carryover,
            &declared.other,
        ];
        if funds.summed_from_rows {
            self.add(Code::FundsTotalEmpty, declared.span, Say::FundsTotalEmpty);
        } else if rows.iter().any(|row| !row.is_blank()) {
            let names = [Column::Initial, Column::Annual, Column::Executed];
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
                        Say::FundsRowsSum {
                            column: names[column],
                            total: plain(total[column]),
                            sum: plain(sum),
                        },
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
                Say::FundsNoBudget {
                    basis: funds.basis.label().to_string(),
                },
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
                Say::FundsNoteRequired {
                    rate: percent(rate),
                    below: plain(below * Decimal::ONE_HUNDRED),
                    profile: profile.name.clone(),
                },
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
                Say::OverExecution {
                    executed: plain(funds.executed),
                    basis: funds.basis.label().to_string(),
                    budget: plain(funds.budget),
                },
            );
        }
        if let Some(wanted) = funds.fallback_from {
            self.add(
                Code::FundsBasisFallback,
                declared.span,
                Say::FundsBasisFallback {
                    wanted: wanted.label().to_string(),
                    used: funds.basis.label().to_string(),
                    executed: plain(funds.executed),
                    budget: plain(funds.budget),
                    rate: funds.rate.map_or_else(|| "—".to_string(), percent),
                    profile: profile.name.clone(),
                },
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
        // A rate too large to print (a budget of 0.000000001) still has a score.
        let scores = funds.other.as_ref().map(|other| BothBases {
            score: self.score(funds.score),
            basis: funds.basis.label().to_string(),
            other_score: self.score(other.score),
            other_basis: other.basis.label().to_string(),
            other_rate: other.rate.map_or_else(|| "—".to_string(), percent),
        });
        let span = declared
            .total
            .annual
            .as_ref()
            .map_or(declared.span, |a| a.span);
        self.add(
            Code::BudgetAdjusted,
            span,
            Say::BudgetAdjusted {
                annual: plain(annual),
                initial: plain(initial),
                scores,
                from_zero: initial.is_zero(),
            },
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
                Say::CostCap {
                    name: name.clone(),
                    declared: plain(declared.value),
                    profile: profile.name.clone(),
                    cap: plain(cap),
                },
            );
        }
        if let (Some(declared), None) = (&indicator.score, over_cap) {
            let value = declared.value;
            if value < Decimal::ZERO || value > weight {
                self.add(
                    Code::ScoreOutOfRange,
                    declared.span,
                    Say::ScoreOutOfRange {
                        name: name.clone(),
                        declared: plain(value),
                        weight: plain(weight),
                    },
                );
            } else if let Outcome::Qualitative {
                band,
                declared_in_band: false,
            } = row.outcome
            {
                self.add(
                    Code::QualitativeBand,
                    declared.span,
                    Say::QualitativeBand {
                        name: name.clone(),
                        declared: plain(value),
                        band: band.label().to_string(),
                        range: derivation::band_range(band, weight, profile),
                        actual: indicator.actual.value.text.clone(),
                        derivation: Derived::Row(index),
                    },
                );
            } else if !matches!(row.outcome, Outcome::Declared { .. })
                && declared_differs(value, row.score, profile)
            {
                self.add(
                    Code::ScoreMismatch,
                    declared.span,
                    Say::ScoreMismatch {
                        name: name.clone(),
                        declared: plain(value),
                        computed: self.score(row.score),
                        derivation: Derived::Row(index),
                    },
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
            let (code, said) = match reason {
                Unscorable::UnitMismatch { target, actual } => (
                    Code::UnitMismatch,
                    Say::UnitMismatch {
                        name: name.clone(),
                        target: target.clone(),
                        actual: actual.clone(),
                    },
                ),
                _ => (
                    Code::ScoreNotComputed,
                    Say::ScoreNotComputed {
                        name: name.clone(),
                        reason: Derived::Unscorable(index),
                        taken: plain(row.score),
                    },
                ),
            };
            self.add(code, span, said);
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
                Say::MissingNote {
                    name: name.clone(),
                    scored: plain(scored),
                    weight: plain(weight),
                },
            );
        }
        if row.kind == Kind::Quantitative {
            self.quantitative_cells(indicator, row);
        }
    }

    /// What was assumed to read the target and actual cells, and what could not be read.
    fn cells(&mut self, indicator: &Indicator, row: &RowScore) {
        let name = &indicator.name.value;
        for (which, cell) in [
            (CellName::Target, &indicator.target),
            (CellName::Actual, &indicator.actual),
        ] {
            let text = cell.value.text.clone();
            let (code, said) = match &cell.value.assumed {
                None => continue,
                Some(Assumption::Approximate { word }) => (
                    Code::CellAssumed,
                    Say::Approximate {
                        cell: which,
                        text,
                        name: name.clone(),
                        word: word.clone(),
                        read_as: cell.value.value.to_string(),
                    },
                ),
                Some(Assumption::Range { read_as }) => (
                    Code::CellAssumed,
                    Say::Range {
                        cell: which,
                        text,
                        name: name.clone(),
                        read_as: read_as.clone(),
                    },
                ),
                Some(Assumption::ThisYear) => (
                    Code::CellAssumed,
                    Say::ThisYear {
                        cell: which,
                        text,
                        name: name.clone(),
                        year: self.evaluation.project.year,
                    },
                ),
                Some(Assumption::PlanAndResult { read_as }) => (
                    Code::CellAssumed,
                    Say::PlanAndResult {
                        cell: which,
                        text,
                        name: name.clone(),
                        read_as: read_as.clone(),
                    },
                ),
                // A row the unit declared qualitative is judged in words by its own choice.
                Some(Assumption::Unread { .. }) if indicator.kind == Some(Kind::Qualitative) => {
                    continue;
                }
                Some(Assumption::Unread { part }) => (
                    Code::CellUnread,
                    Say::CellUnread {
                        cell: which,
                        text,
                        name: name.clone(),
                        part: part.clone(),
                        instead: match &row.outcome {
                            Outcome::Declared { .. } => Instead::DeclaredTaken,
                            Outcome::Qualitative { band, .. } => Instead::JudgedByWords {
                                band: band.label().to_string(),
                            },
                            _ => Instead::ReadAsText,
                        },
                    },
                ),
            };
            self.add(code, cell.span, said);
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
                Say::ActualNoFigure {
                    name: name.clone(),
                    actual: indicator.actual.value.text.clone(),
                    target: indicator.target.value.text.clone(),
                    band: band.label().to_string(),
                },
            );
        }
        if let Some(from) = row
            .direction_from
            .as_ref()
            .filter(|from| from.is_inferred())
        {
            let because = match from {
                DirectionFrom::ZeroTarget => LowerBecause::ZeroTarget,
                DirectionFrom::Name { word } => LowerBecause::Name { word: word.clone() },
                DirectionFrom::Duration { unit } => LowerBecause::Duration { unit: unit.clone() },
                _ => return,
            };
            self.add(
                Code::DirectionInferred,
                indicator.target.span,
                Say::DirectionInferred {
                    name: name.clone(),
                    target: indicator.target.value.text.clone(),
                    because,
                },
            );
        }
    }

    fn none_reported(&mut self, indicator: &Indicator) {
        self.add(
            Code::ActualNone,
            indicator.actual.span,
            Say::ActualNone {
                name: indicator.name.value.clone(),
                actual: indicator.actual.value.text.clone(),
                weight: plain(indicator.weight()),
            },
        );
    }

    fn not_filled(&mut self, indicator: &Indicator) {
        self.add(
            Code::RowNotFilled,
            indicator.actual.span,
            Say::RowNotFilled {
                name: indicator.name.value.clone(),
            },
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
            let said = if row
                .direction
                .is_some_and(|direction| opposes(*op, direction))
            {
                Say::ActualOpposite {
                    name: name.clone(),
                    actual: actual.value.text.clone(),
                    target: target.value.text.clone(),
                    read_as: quantity.to_string(),
                }
            } else {
                Say::ActualComparator {
                    name: name.clone(),
                    actual: actual.value.text.clone(),
                    op: op.to_string(),
                    read_as: quantity.to_string(),
                }
            };
            self.add(Code::ActualComparator, actual.span, said);
        }
        if row.direction_from == Some(DirectionFrom::CompletionRate) {
            self.add(
                Code::ActualNoFigure,
                actual.span,
                Say::CompletionRate {
                    name: name.clone(),
                    actual: actual.value.text.clone(),
                    target: target.value.text.clone(),
                },
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
        // A bare 0 needs no unit: nothing is nothing in any unit.
        if !target_q.is_bare() && actual_q.is_bare() && !actual_q.number.is_zero() {
            self.add(
                Code::ActualUnitMissing,
                actual.span,
                Say::ActualUnitMissing {
                    name: name.clone(),
                    actual: actual.value.text.clone(),
                    unit: format!("{}{}", target_q.magnitude, target_q.unit),
                },
            );
        }
        if target_q.number.is_zero() {
            self.add(
                Code::ZeroTarget,
                target.span,
                Say::ZeroTarget { name: name.clone() },
            );
        }
        let ratio = match Quantity::comparable(target_q, actual_q) {
            Some((t, a)) if t > Decimal::ZERO => a.checked_div(t),
            _ => None,
        };
        let Some(ratio) = ratio.filter(|_| is_blank_note(&indicator.note)) else {
            return;
        };
        let share = ratio.checked_mul(Decimal::ONE_HUNDRED).map_or_else(
            || format!(">{}%", Decimal::MAX.trunc()),
            |p| format!("{}%", fixed(p, 0)),
        );
        let profile = self.profile();
        if let Some(required) = profile.notes.over_achievement
            && ratio >= required
        {
            self.add(
                Code::OverAchievementNoteRequired,
                actual.span,
                Say::OverAchievementNoteRequired {
                    name: name.clone(),
                    actual: actual.value.text.clone(),
                    target: target.value.text.clone(),
                    share,
                    profile: profile.name.clone(),
                    required: plain(required * Decimal::ONE_HUNDRED),
                },
            );
            return;
        }
        let Some(threshold) = profile.quantitative.over_achievement else {
            return;
        };
        let at_least = matches!(row.direction, Some(Comparator::AtLeast | Comparator::Above));
        if at_least && ratio >= threshold {
            self.add(
                Code::OverAchievement,
                actual.span,
                Say::OverAchievement {
                    name: name.clone(),
                    actual: actual.value.text.clone(),
                    target: target.value.text.clone(),
                    share,
                    threshold: plain(threshold * Decimal::ONE_HUNDRED),
                },
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
                    Say::Level1Header {
                        name: sum.name.clone(),
                        header: plain(header),
                        rows: plain(sum.weight),
                    },
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
                Say::Level1Split {
                    split: split(
                        evaluation
                            .level1
                            .iter()
                            .map(|sum| (sum.name.clone(), sum.weight))
                            .collect(),
                    ),
                    profile: evaluation.profile.name.clone(),
                    expected: split(
                        expected
                            .iter()
                            .map(|rule| (rule_name(rule), rule.weight))
                            .collect(),
                    ),
                },
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
        let parts = evaluation.funds.counted.then(|| {
            (
                plain(evaluation.weight_total - evaluation.funds.weight),
                plain(evaluation.funds.weight),
            )
        });
        if evaluation.weight_total != profile.total {
            let span = declared.weight.as_ref().map_or(end, |w| w.span);
            self.add(
                Code::WeightTotal,
                span,
                Say::WeightTotal {
                    total: plain(evaluation.weight_total),
                    parts: parts.clone(),
                    profile: profile.name.clone(),
                    profile_total: plain(profile.total),
                },
            );
        }
        if let Some(weight) = &declared.weight
            && weight.value != evaluation.weight_total
            && weight.value != profile.total
        {
            self.add(
                Code::TotalWeightMismatch,
                weight.span,
                Say::TotalWeightMismatch {
                    declared: plain(weight.value),
                    total: plain(evaluation.weight_total),
                    parts,
                },
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
                    Say::TotalSumMismatch {
                        declared: plain(score.value),
                        sum: plain(sum),
                    },
                );
            }
            if evaluation.complete && declared_differs(score.value, evaluation.total, profile) {
                self.add(
                    Code::TotalMismatch,
                    score.span,
                    Say::TotalMismatch {
                        declared: plain(score.value),
                        computed: self.score(evaluation.total),
                        derivation: Derived::Total,
                    },
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
                Say::GradeMismatch {
                    declared: grade.value.clone(),
                    computed: evaluation.grade.clone(),
                    derivation: Derived::Total,
                },
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
