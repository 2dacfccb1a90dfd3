//! The scoring engine: every figure of a table computed under a rule profile, with the rule that
//! gave it kept for explanations and audits.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::number::{approximate, exact, product_ratio, round_exact, round_half_up};
use crate::profile::{Band, Bands, Basis, Method, Profile};
use crate::project::{Indicator, Kind, Project};
use crate::value::{Comparator, Value};

/// A scored table: the project and profile it came from, and every computed figure.
#[derive(Debug, Clone)]
pub struct Evaluation<'a> {
    pub project: &'a Project,
    pub profile: &'a Profile,
    pub funds: FundsScore,
    /// One per indicator, in table order.
    pub rows: Vec<RowScore>,
    /// First-level groups in order of appearance.
    pub level1: Vec<Level1Sum>,
    /// The weights in play: indicators not 不适用, plus the funds weight when it counts.
    pub weight_total: Decimal,
    /// The sum of the rounded scores (plus the funds score when it counts).
    pub total: Decimal,
    /// The total on the 100-point scale, rounded 四舍五入 to two places: the figure printed, and
    /// the one the grade is taken on.
    pub percent: Decimal,
    pub grade: String,
}

/// The 项目资金 block.
#[derive(Debug, Clone, Serialize)]
pub struct FundsScore {
    pub weight: Decimal,
    /// 年度资金总额 as used: 年初预算数, 全年预算数, 全年执行数.
    pub amounts: [Decimal; 3],
    /// The 年度资金总额 row was empty, so the sub-rows were added up.
    pub summed_from_rows: bool,
    pub basis: Basis,
    /// The budget column the rate divides by.
    pub budget: Decimal,
    pub executed: Decimal,
    /// 执行率 as a fraction, exact; `None` without a budget.
    pub rate: Option<Decimal>,
    /// The score before rounding.
    pub exact: Decimal,
    pub score: Decimal,
    pub counted: bool,
    /// The same block over the budget column the profile does not use, when that column has an
    /// amount: what the score would be had the unit divided by the other column.
    pub other: Option<OtherBasis>,
}

/// The funds figures over the other budget column.
#[derive(Debug, Clone, Serialize)]
pub struct OtherBasis {
    pub basis: Basis,
    pub budget: Decimal,
    pub rate: Option<Decimal>,
    pub score: Decimal,
}

/// How one indicator was scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowScore {
    pub kind: Kind,
    /// For quantitative rows: the comparator the target is judged by.
    pub direction: Option<Comparator>,
    pub weight: Decimal,
    pub outcome: Outcome,
    /// The score before rounding.
    pub exact: Decimal,
    /// The score that counts in the total.
    pub score: Decimal,
}

/// The rule that gave a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Outcome {
    /// 不适用: not scored.
    NotApplicable,
    /// The target was met: full weight.
    Met,
    /// Unmet, scored in proportion: `numerator / denominator × weight`.
    Proportional {
        numerator: Decimal,
        denominator: Decimal,
    },
    /// Unmet, a fixed number of points lost.
    Deducted { points: Decimal },
    /// Unmet with a target of zero (or below), or a missed date: nothing to be proportional to.
    NoProportion,
    /// Qualitative, judged in the band its actual text claims.
    Qualitative {
        band: Band,
        /// Whether the declared score lies in that band (and so was taken).
        declared_in_band: bool,
    },
    /// Nothing to compute from: the declared score is taken as it is.
    Declared { reason: Unscorable },
}

impl Outcome {
    /// The rule's stable name, as in JSON's `outcome.rule`.
    pub fn rule(&self) -> &'static str {
        match self {
            Outcome::NotApplicable => "not_applicable",
            Outcome::Met => "met",
            Outcome::Proportional { .. } => "proportional",
            Outcome::Deducted { .. } => "deducted",
            Outcome::NoProportion => "no_proportion",
            Outcome::Qualitative { .. } => "qualitative",
            Outcome::Declared { .. } => "declared",
        }
    }
}

/// Why a row cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unscorable {
    /// The target or actual cell is empty.
    EmptyCell,
    /// The target and actual are in units that do not convert.
    UnitMismatch { target: String, actual: String },
    /// A quantitative row whose target or actual is not a number or date.
    NotMeasurable,
    /// Qualitative text that claims no band (neither restates the target nor says 达成/未达成).
    NoClaim,
}

/// A first-level group: its header as printed and the sums of its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level1Sum {
    pub name: String,
    /// The weight printed in the header (`产出指标（50分）`), if any.
    pub header_weight: Option<Decimal>,
    pub weight: Decimal,
    pub score: Decimal,
    /// The sum of the declared scores, where every row declares one.
    pub declared_score: Option<Decimal>,
}

/// Whether a declared score differs from the computed one by more than the profile tolerates.
pub fn declared_differs(declared: Decimal, computed: Decimal, profile: &Profile) -> bool {
    (declared - computed).abs() > profile.tolerance
}

/// Whether a declared 执行率 (in percent) differs from the computed rate at the precision it was
/// written: "86%" matches 86.29%.
pub fn rate_differs(declared_percent: Decimal, rate: Decimal) -> bool {
    let places = declared_percent.scale();
    round_half_up(rate * Decimal::ONE_HUNDRED, places) != declared_percent
}

/// Scores a project under a profile.
pub fn evaluate<'a>(project: &'a Project, profile: &'a Profile) -> Evaluation<'a> {
    let funds = score_funds(project, profile);
    let rows: Vec<RowScore> = project
        .indicators
        .iter()
        .map(|row| score_row(row, profile))
        .collect();
    let level1 = level1_sums(project, &rows);
    let counted = |value: Decimal| if funds.counted { value } else { Decimal::ZERO };
    let weight_total = rows
        .iter()
        .filter(|row| row.outcome != Outcome::NotApplicable)
        .map(|row| row.weight)
        .sum::<Decimal>()
        + counted(funds.weight);
    let total = rows.iter().map(|row| row.score).sum::<Decimal>() + counted(funds.score);
    let percent = product_ratio(total, Decimal::ONE_HUNDRED, weight_total)
        .and_then(|percent| round_exact(&percent, 2))
        .unwrap_or_default();
    let grade = profile.grade(percent).name.clone();
    Evaluation {
        project,
        profile,
        funds,
        rows,
        level1,
        weight_total,
        total,
        percent,
        grade,
    }
}

fn score_funds(project: &Project, profile: &Profile) -> FundsScore {
    let funds = &project.funds;
    let rows = [&funds.appropriation, &funds.carryover, &funds.other];
    let summed_from_rows = funds.total.is_blank() && rows.iter().any(|row| !row.is_blank());
    let amounts = if summed_from_rows {
        rows.iter().fold([Decimal::ZERO; 3], |sum, row| {
            let [a, b, c] = row.amounts();
            [sum[0] + a, sum[1] + b, sum[2] + c]
        })
    } else {
        funds.total.amounts()
    };
    let rule = &profile.funds;
    let weight = funds.weight.as_ref().map_or(rule.weight, |w| w.value);
    let [initial, annual, executed] = amounts;
    let (budget, other_basis, other_budget) = match rule.basis {
        Basis::Initial => (initial, Basis::Annual, annual),
        Basis::Annual => (annual, Basis::Initial, initial),
    };
    let on = |budget| funds_rate_score(budget, executed, weight, profile);
    let (rate, exact, score) = on(budget);
    let other = (other_budget > Decimal::ZERO).then(|| {
        let (rate, _, score) = on(other_budget);
        OtherBasis {
            basis: other_basis,
            budget: other_budget,
            rate,
            score,
        }
    });
    FundsScore {
        weight,
        amounts,
        summed_from_rows,
        basis: rule.basis,
        budget,
        executed,
        rate,
        exact,
        score,
        counted: rule.counted,
        other,
    }
}

/// 执行率 = executed / budget, and its score min(rate, cap) × weight, computed exactly and rounded
/// once. The rate is `None` without a budget, or when it is too large to print as a percentage.
fn funds_rate_score(
    budget: Decimal,
    executed: Decimal,
    weight: Decimal,
    profile: &Profile,
) -> (Option<Decimal>, Decimal, Decimal) {
    let Some(rate) =
        product_ratio(executed, Decimal::ONE, budget).filter(|_| budget > Decimal::ZERO)
    else {
        return (None, Decimal::ZERO, Decimal::ZERO);
    };
    let scored = (&rate).min(&exact(profile.funds.cap)) * exact(weight);
    let shown = approximate(&rate).filter(|rate| rate.checked_mul(Decimal::ONE_HUNDRED).is_some());
    let score = round_exact(&scored, profile.rounding).map_or(weight, |s| s.min(weight));
    (shown, approximate(&scored).unwrap_or(weight), score)
}

/// The kind of a row: as declared, or quantitative when the target is a number or date.
pub fn kind_of(row: &Indicator) -> Kind {
    row.kind
        .unwrap_or(if row.target.value.value.is_measurable() {
            Kind::Quantitative
        } else {
            Kind::Qualitative
        })
}

/// The comparator of a quantitative row: as declared, else the target's own, else `≤` for
/// 成本指标 rows and dates (deadlines), `≥` for the rest.
pub fn direction_of(row: &Indicator) -> Comparator {
    let target = &row.target.value.value;
    row.direction.or(target.op()).unwrap_or({
        if row.level2.value.contains("成本") || matches!(target, Value::Date { .. }) {
            Comparator::AtMost
        } else {
            Comparator::AtLeast
        }
    })
}

fn score_row(row: &Indicator, profile: &Profile) -> RowScore {
    let kind = kind_of(row);
    let weight = row.weight();
    let declared = row.score.as_ref().map(|s| s.value);
    let (direction, outcome) = if row.na {
        (None, Outcome::NotApplicable)
    } else {
        match kind {
            Kind::Quantitative => {
                let direction = direction_of(row);
                let outcome = quantitative(
                    &row.target.value.value,
                    &row.actual.value.value,
                    direction,
                    profile.quantitative.method,
                );
                (Some(direction), outcome)
            }
            Kind::Qualitative => (None, qualitative(row, &profile.qualitative, declared)),
        }
    };
    let taken = || declared.unwrap_or_default().clamp(Decimal::ZERO, weight);
    // The true value of a proportional score, kept as a fraction so that it is rounded once.
    let proportional = match &outcome {
        Outcome::Proportional {
            numerator,
            denominator,
        } => product_ratio(*numerator, weight, *denominator),
        _ => None,
    };
    let exact = match &outcome {
        Outcome::NotApplicable | Outcome::NoProportion => Decimal::ZERO,
        Outcome::Met => weight,
        Outcome::Proportional { .. } => proportional
            .as_ref()
            .and_then(approximate)
            .unwrap_or_default(),
        Outcome::Deducted { points } => (weight - points).max(Decimal::ZERO),
        Outcome::Qualitative {
            declared_in_band: true,
            ..
        }
        | Outcome::Declared { .. } => taken(),
        Outcome::Qualitative {
            band: Band::Achieved,
            ..
        } => weight,
        Outcome::Qualitative { band, .. } => profile.qualitative.range(*band).0 * weight,
    };
    // Declared scores that are taken stay as the unit wrote them.
    let score = match outcome {
        Outcome::Declared { .. }
        | Outcome::Qualitative {
            declared_in_band: true,
            ..
        } => exact,
        // Rounding never lifts a score above its weight (a weight of 14.5 in whole points).
        _ => match &proportional {
            Some(fraction) => round_exact(fraction, profile.rounding).unwrap_or_default(),
            None => round_half_up(exact, profile.rounding),
        }
        .min(weight),
    };
    RowScore {
        kind,
        direction,
        weight,
        outcome,
        exact,
        score,
    }
}

/// Scores a quantitative row: met → full weight; unmet → by the profile's method.
pub fn quantitative(
    target: &Value,
    actual: &Value,
    direction: Comparator,
    method: Method,
) -> Outcome {
    let declared = |reason| Outcome::Declared { reason };
    let (target, actual) = match (target, actual) {
        (Value::Empty, _) | (_, Value::Empty) => return declared(Unscorable::EmptyCell),
        (Value::Number { quantity: t, .. }, Value::Number { quantity: a, .. }) => {
            let same_unit = t.unit == a.unit || t.unit.is_empty() || a.unit.is_empty();
            if !same_unit {
                return declared(Unscorable::UnitMismatch {
                    target: t.unit.clone(),
                    actual: a.unit.clone(),
                });
            }
            // Written numbers read best in formulas; bases only when magnitudes differ.
            let (t, a) = if t.magnitude == a.magnitude {
                (Some(t.number), Some(a.number))
            } else {
                (t.base(), a.base())
            };
            match (t, a) {
                (Some(t), Some(a)) => (t, a),
                _ => return declared(Unscorable::NotMeasurable),
            }
        }
        (Value::Date { date: t, .. }, Value::Date { date: a, .. }) => {
            let met = direction.holds(a.compare(t));
            return match (met, method) {
                (true, _) => Outcome::Met,
                (false, Method::Deduct { points }) => Outcome::Deducted { points },
                (false, Method::Proportional) => Outcome::NoProportion,
            };
        }
        _ => return declared(Unscorable::NotMeasurable),
    };
    if direction.holds(actual.cmp(&target)) {
        return Outcome::Met;
    }
    match method {
        Method::Deduct { points } => Outcome::Deducted { points },
        Method::Proportional => proportion(target, actual, direction),
    }
}

/// The proportion an unmet target earns: B/A for `≥`, A/B for `≤`, the smaller over the larger
/// for `=`. A target of zero or below has nothing to be proportional to.
fn proportion(target: Decimal, actual: Decimal, direction: Comparator) -> Outcome {
    if target <= Decimal::ZERO || actual < Decimal::ZERO {
        return Outcome::NoProportion;
    }
    let (numerator, denominator) = match direction {
        Comparator::AtLeast | Comparator::Above => (actual, target),
        Comparator::AtMost | Comparator::Below => (target, actual),
        Comparator::Equal => (actual.min(target), actual.max(target)),
    };
    if denominator.is_zero() || numerator > denominator {
        return Outcome::NoProportion;
    }
    Outcome::Proportional {
        numerator,
        denominator,
    }
}

fn qualitative(row: &Indicator, bands: &Bands, declared: Option<Decimal>) -> Outcome {
    let target = &row.target.value;
    let actual = &row.actual.value;
    if target.value == Value::Empty || actual.value == Value::Empty {
        return Outcome::Declared {
            reason: Unscorable::EmptyCell,
        };
    }
    let Some(band) = claim(&target.text, &actual.text) else {
        return Outcome::Declared {
            reason: Unscorable::NoClaim,
        };
    };
    Outcome::Qualitative {
        band,
        declared_in_band: declared.is_some_and(|d| bands.contains(band, d, row.weight())),
    }
}

const UNMET_WORDS: &[&str] = &[
    "未达成",
    "未完成",
    "未实现",
    "未达到",
    "没有完成",
    "没有达到",
    "未达标",
    "不达标",
];
const PARTIAL_WORDS: &[&str] = &[
    "部分达成",
    "部分完成",
    "部分实现",
    "基本达成",
    "基本完成",
    "基本实现",
    "基本达到",
];
const ACHIEVED_WORDS: &[&str] = &[
    "达成",
    "完成",
    "达到",
    "实现",
    "达标",
    "效果明显",
    "成效明显",
    "显著",
];

/// The band a qualitative actual claims: it restates the target, or says in words how far the
/// target was reached. `None` when it says neither.
pub fn claim(target: &str, actual: &str) -> Option<Band> {
    let compact =
        |text: &str| -> String { crate::number::fold_width(text).split_whitespace().collect() };
    let actual = compact(actual);
    let says = |words: &[&str]| words.iter().any(|word| actual.contains(word));
    if says(UNMET_WORDS) {
        Some(Band::Unmet)
    } else if says(PARTIAL_WORDS) {
        Some(Band::Partial)
    } else if actual == compact(target) || says(ACHIEVED_WORDS) {
        Some(Band::Achieved)
    } else {
        None
    }
}

fn level1_sums(project: &Project, rows: &[RowScore]) -> Vec<Level1Sum> {
    let mut sums: Vec<Level1Sum> = Vec::new();
    for (indicator, row) in project.indicators.iter().zip(rows) {
        let name = &indicator.level1.value;
        let index = match sums.iter().position(|sum| &sum.name == name) {
            Some(index) => index,
            None => {
                let header = project.level1.iter().find(|h| &h.name.value == name);
                sums.push(Level1Sum {
                    name: name.clone(),
                    header_weight: header.and_then(|h| h.weight.as_ref()).map(|w| w.value),
                    weight: Decimal::ZERO,
                    score: Decimal::ZERO,
                    declared_score: Some(Decimal::ZERO),
                });
                sums.len() - 1
            }
        };
        let sum = &mut sums[index];
        if row.outcome != Outcome::NotApplicable {
            sum.weight += row.weight;
            sum.declared_score = match (sum.declared_score, &indicator.score) {
                (Some(total), Some(score)) => Some(total + score.value),
                _ => None,
            };
        }
        sum.score += row.score;
    }
    sums
}

#[cfg(test)]
mod tests;
