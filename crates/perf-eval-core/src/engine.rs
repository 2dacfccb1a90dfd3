//! The scoring engine: every figure of a table computed under a rule profile, with the rule that
//! gave it kept for explanations and audits.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::number::{
    Fraction, approximate, compact, exact, product_ratio, round_exact, round_half_up,
};
use crate::profile::{Band, Bands, Basis, Executed, FundsRule, Method, Profile, ZeroBudget};
use crate::project::{Funds, Indicator, Kind, Project};
use crate::source::Span;
use crate::value::{Comparator, Quantity, Value};

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
    /// Whether every scored row is filled in; an incomplete table gets no grade.
    pub complete: bool,
    /// 评价等级; empty when the profile grades nothing or the table is incomplete.
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
    /// The budget column the rate divides by: the profile's, or the other when the profile's
    /// is empty.
    pub basis: Basis,
    /// The profile's basis, when its column was empty and the other was used instead.
    pub fallback_from: Option<Basis>,
    /// The budget the rate divides by.
    pub budget: Decimal,
    pub executed: Decimal,
    /// 执行数（其他） included in `executed`, where the profile counts it (浙江).
    #[serde(skip_serializing_if = "Decimal::is_zero")]
    pub executed_other: Decimal,
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

impl FundsScore {
    /// 年初预算数, 全年预算数 and 全年执行数 as the table shows them: `None` for a column no row of
    /// the block writes (a template without 全年预算数), so that it prints blank, never 0.
    pub fn shown_amounts(&self, funds: &Funds) -> [Option<Decimal>; 3] {
        let rows = [
            &funds.total,
            &funds.appropriation,
            &funds.carryover,
            &funds.other,
        ];
        let written = [
            rows.iter().any(|row| row.initial.is_some()),
            rows.iter().any(|row| row.annual.is_some()),
            rows.iter().any(|row| row.executed.is_some()),
        ];
        let mut shown = [None; 3];
        for (column, amount) in self.amounts.iter().enumerate() {
            shown[column] = written[column].then_some(*amount);
        }
        shown
    }
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
    /// Where that comparator comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction_from: Option<DirectionFrom>,
    pub weight: Decimal,
    pub outcome: Outcome,
    /// The score before rounding.
    pub exact: Decimal,
    /// The score that counts in the total.
    pub score: Decimal,
    /// What changed the score after its rule gave it (a cost cap, a 扣分), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
}

/// Where the comparator of a quantitative row comes from. Every source but the file's own
/// `direction` and the target cell's comparator is an inference, and the audit says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum DirectionFrom {
    /// `direction = "≤"` in the file.
    Declared,
    /// The target cell's own comparator (`≥90%`, `90%以上`).
    Cell,
    /// 成本指标: at most, as the central form means them.
    Cost,
    /// A date: a deadline.
    Deadline,
    /// A target of 0 (`0件`): at most 0.
    ZeroTarget,
    /// A word in the indicator's name that means lower is better (`投诉`, `调整率`, `时限`).
    Name { word: String },
    /// A duration (`2个月`, `48小时`): at most.
    Duration { unit: String },
    /// Nothing says otherwise: at least.
    Default,
    /// The actual states how much of a target that is no percentage was done (`已完成100%`
    /// against `8万元`): at least 100%.
    CompletionRate,
}

impl DirectionFrom {
    /// Whether the comparator was inferred from something other than the form's conventions
    /// (the table's own comparator, 成本指标, deadlines, the ≥ default).
    pub fn is_inferred(&self) -> bool {
        matches!(
            self,
            DirectionFrom::ZeroTarget | DirectionFrom::Name { .. } | DirectionFrom::Duration { .. }
        )
    }
}

impl RowScore {
    /// Whether the row's weight is in play: not 不适用, not reported as 无, not a detail row.
    pub fn counts(&self) -> bool {
        !matches!(
            self.outcome,
            Outcome::NotApplicable | Outcome::NoneReported | Outcome::Detail
        )
    }

    /// The score its rule gave, before any adjustment.
    pub fn unadjusted(&self) -> Decimal {
        self.adjustments.first().map_or(self.score, |a| a.before)
    }
}

/// A change to a row's score after its rule gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adjustment {
    #[serde(flatten)]
    pub kind: AdjustmentKind,
    pub before: Decimal,
    pub after: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "adjustment", rename_all = "snake_case")]
pub enum AdjustmentKind {
    /// A 成本指标 row of a project that filled no cost indicator, capped (山西: 5).
    CostCap { cap: Decimal },
    /// The row's 扣分, subtracted, never below 0.
    Deduction { points: Decimal },
}

/// The rule that gave a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Outcome {
    /// 不适用: not scored.
    NotApplicable,
    /// The actual says `无`: nothing to report, so not applicable rather than 0.
    NoneReported,
    /// A breakdown row (`其中：…`) of the indicator above: shown, not scored.
    Detail,
    /// Neither the actual nor the score is filled in (a table still being drafted): nothing is
    /// invented, and the total is incomplete.
    NotFilled,
    /// The target was met: full weight.
    Met,
    /// Unmet, scored in proportion: `numerator / denominator × weight`.
    Proportional {
        numerator: Decimal,
        denominator: Decimal,
    },
    /// Unmet, a fixed number of points lost.
    Deducted { points: Decimal },
    /// An unmet ≤ target, losing the weight linearly until `zero_at` × the target:
    /// `(zero_at × target − actual) / ((zero_at − 1) × target) × weight`, not below 0.
    Linear {
        target: Decimal,
        actual: Decimal,
        zero_at: Decimal,
    },
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
            Outcome::NoneReported => "none_reported",
            Outcome::Detail => "detail",
            Outcome::NotFilled => "not_filled",
            Outcome::Met => "met",
            Outcome::Proportional { .. } => "proportional",
            Outcome::Deducted { .. } => "deducted",
            Outcome::Linear { .. } => "linear",
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
    /// Where that weight is written.
    #[serde(skip)]
    pub header_span: Option<Span>,
    pub weight: Decimal,
    pub score: Decimal,
    /// The sum of the declared scores, where every row declares one.
    pub declared_score: Option<Decimal>,
}

impl Evaluation<'_> {
    /// Whether the declared 评价等级 differs from the computed one (either name of a grade, 优 or
    /// 优秀, matches). A table that is incomplete, or rules that grade nothing, differ from no
    /// declared grade.
    pub fn declared_grade_differs(&self) -> bool {
        let Some(declared) = &self.project.total.grade else {
            return false;
        };
        self.complete
            && !self.profile.grades.is_empty()
            && !self.profile.grade_named(self.percent, &declared.value)
    }
}

/// Whether a declared score differs from the computed one by more than the profile tolerates.
pub fn declared_differs(declared: Decimal, computed: Decimal, profile: &Profile) -> bool {
    (declared - computed).abs() > profile.tolerance
}

/// Whether a declared 执行率 (in percent) differs from the computed rate at the precision it was
/// written: "86%" matches 86.29%.
pub fn rate_differs(declared_percent: Decimal, rate: Decimal) -> bool {
    let places = declared_percent.scale();
    // A rate too large for a percentage differs from any percentage a table can declare.
    rate.checked_mul(Decimal::ONE_HUNDRED)
        .is_none_or(|percent| round_half_up(percent, places) != declared_percent)
}

/// Scores a project under a profile.
pub fn evaluate<'a>(project: &'a Project, profile: &'a Profile) -> Evaluation<'a> {
    let funds = score_funds(project, profile);
    let year = u16::try_from(project.year).ok();
    let mut rows: Vec<RowScore> = project
        .indicators
        .iter()
        .map(|row| score_row(row, profile, year))
        .collect();
    adjust_rows(project, profile, &mut rows);
    let level1 = level1_sums(project, &rows);
    let counted = |value: Decimal| if funds.counted { value } else { Decimal::ZERO };
    let weight_total = rows
        .iter()
        .filter(|row| row.counts())
        .map(|row| row.weight)
        .sum::<Decimal>()
        + counted(funds.weight);
    let total = rows.iter().map(|row| row.score).sum::<Decimal>() + counted(funds.score);
    let percent = product_ratio(total, Decimal::ONE_HUNDRED, weight_total)
        .and_then(|percent| round_exact(&percent, 2))
        .unwrap_or_default();
    let complete = !rows.iter().any(|row| row.outcome == Outcome::NotFilled);
    let grade = profile
        .grade(percent)
        .filter(|_| complete)
        .map_or_else(String::new, |grade| grade.name.clone());
    Evaluation {
        project,
        profile,
        funds,
        rows,
        level1,
        weight_total,
        total,
        percent,
        complete,
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
    let executed_other = match rule.executed {
        Executed::Executed => Decimal::ZERO,
        Executed::WithOther => other_executed(funds, summed_from_rows),
    };
    let [initial, annual, executed] = amounts;
    let (budget, executed) = match rule.basis {
        Basis::Initial => (initial, executed),
        Basis::Annual => (annual, executed),
        Basis::Adjusted => {
            let [_, budget, executed] = fiscal_amounts(funds, amounts);
            (budget, executed)
        }
    };
    let executed = executed + executed_other;
    let on = |budget| funds_rate_score(budget, executed, weight, profile);
    let (other_basis, other_budget) = match rule.basis {
        Basis::Annual | Basis::Adjusted => (Basis::Initial, initial),
        Basis::Initial => (Basis::Annual, annual),
    };
    // Templates without a 全年预算数 column (or with a 年初预算数 of 0) divide by the column
    // that has the budget; the table says so.
    let fell_back = budget.is_zero() && other_budget > Decimal::ZERO;
    let (basis, budget, other_budget) = if fell_back {
        (other_basis, other_budget, Decimal::ZERO)
    } else {
        (rule.basis, budget, other_budget)
    };
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
        basis,
        fallback_from: fell_back.then_some(rule.basis),
        budget,
        executed,
        executed_other,
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
    let rule = &profile.funds;
    let rate = if budget > Decimal::ZERO {
        product_ratio(executed, Decimal::ONE, budget)
    } else {
        zero_budget_rate(rule, budget, executed).map(exact)
    };
    let Some(rate) = rate else {
        return (None, Decimal::ZERO, Decimal::ZERO);
    };
    let capped = rate.clone().min(exact(rule.cap));
    // Stepped rules give points by the band the (capped) rate falls in; others min(rate, cap) × w.
    let scored = match approximate(&capped).and_then(|capped| rule.step_points(capped)) {
        Some(points) => exact(points),
        None => capped * exact(weight),
    };
    let shown = approximate(&rate).filter(|rate| rate.checked_mul(Decimal::ONE_HUNDRED).is_some());
    let score = round_exact(&scored, profile.rounding).map_or(weight, |s| s.min(weight));
    (shown, approximate(&scored).unwrap_or(weight), score)
}

/// 年初预算数, 全年预算数 and 全年执行数 of 财政资金 (当年财政拨款 + 上年结转资金); the amounts in
/// use when the table gives only the 年度资金总额 row.
fn fiscal_amounts(funds: &Funds, amounts: [Decimal; 3]) -> [Decimal; 3] {
    if funds.appropriation.is_blank() && funds.carryover.is_blank() {
        return amounts;
    }
    let [a, c] = [&funds.appropriation, &funds.carryover].map(|row| row.amounts());
    [a[0] + c[0], a[1] + c[1], a[2] + c[2]]
}

/// 执行数（其他） from the row the amounts come from.
fn other_executed(funds: &Funds, summed_from_rows: bool) -> Decimal {
    if summed_from_rows {
        [&funds.appropriation, &funds.carryover, &funds.other]
            .iter()
            .map(|row| row.other_executed())
            .sum()
    } else {
        funds.total.other_executed()
    }
}

/// The rate of a block with no budget and nothing executed, where the rules give one (浙江: 100%).
fn zero_budget_rate(rule: &FundsRule, budget: Decimal, executed: Decimal) -> Option<Decimal> {
    (rule.zero_budget == ZeroBudget::Full && budget.is_zero() && executed.is_zero())
        .then_some(Decimal::ONE)
}

/// Whether a row is the 成本指标 row of a project that filled in no cost indicator: its target
/// is empty or says 未填报.
pub fn is_unfilled_cost(row: &Indicator) -> bool {
    let target = row.target.value.text.trim();
    row.level2.value.contains("成本") && (target.is_empty() || target == "未填报")
}

/// Applies what changes a row's score after its rule: the profile's cap on unfilled cost rows,
/// then the row's own 扣分.
fn adjust_rows(project: &Project, profile: &Profile, rows: &mut [RowScore]) {
    for (indicator, row) in project.indicators.iter().zip(rows.iter_mut()) {
        if !row.counts() {
            continue;
        }
        if let Some(cap) = profile.cost_unfilled_cap
            && is_unfilled_cost(indicator)
            && row.score > cap
        {
            row.adjustments.push(Adjustment {
                kind: AdjustmentKind::CostCap { cap },
                before: row.score,
                after: cap,
            });
            row.score = cap;
        }
        if let Some(points) = indicator.deduction.as_ref().map(|d| d.value)
            && !points.is_zero()
        {
            let after = (row.score - points).max(Decimal::ZERO);
            row.adjustments.push(Adjustment {
                kind: AdjustmentKind::Deduction { points },
                before: row.score,
                after,
            });
            row.score = after;
        }
    }
}

/// The kind of a row: as declared, or quantitative when the target is a number or date.
fn kind_of(row: &Indicator) -> Kind {
    row.kind
        .unwrap_or(if row.target.value.value.is_measurable() {
            Kind::Quantitative
        } else {
            Kind::Qualitative
        })
}

/// Words in an indicator's name that mean lower is better: rates and counts to keep down, and
/// time limits.
const LOWER_IS_BETTER: &[&str] = &[
    "调整率",
    "结余率",
    "发生率",
    "损失率",
    "故障率",
    "差错率",
    "返工率",
    "闲置率",
    "不合格率",
    "不达标率",
    "失误率",
    "错误率",
    "误差率",
    "流失率",
    "空置率",
    "死亡率",
    "发病率",
    "逾期率",
    "违约率",
    "漏检率",
    "辍学率",
    "投诉",
    "差错",
    "超标",
    "事故",
    "违规",
    "违纪",
    "时限",
    "周期",
    "用时",
    "耗时",
    "时长",
];

/// Words that turn a lower-is-better word into a higher-is-better rate: 投诉处理率, 事故处置率.
const HANDLING_WORDS: &[&str] = &[
    "处理", "办结", "回复", "解决", "响应", "受理", "整改", "化解", "处置", "纠正", "查处", "知晓",
];

/// Units of time spans that a target sets as a limit (`2个月`, `48小时`).
const DURATION_UNITS: &[&str] = &["个月", "小时", "分钟", "工作日", "个工作日"];

/// The comparator of a quantitative row and where it comes from: as declared, else the target's
/// own, else `≤` for 成本指标 rows, deadlines, targets of 0, durations and names that mean lower
/// is better, `≥` for the rest.
fn direction_of(row: &Indicator) -> (Comparator, DirectionFrom) {
    let target = &row.target.value.value;
    if let Some(direction) = row.direction {
        return (direction, DirectionFrom::Declared);
    }
    if let Some(op) = target.op() {
        return (op, DirectionFrom::Cell);
    }
    let name = &row.name.value;
    let from = if row.level2.value.contains("成本") {
        DirectionFrom::Cost
    } else if matches!(target, Value::Date { .. }) {
        DirectionFrom::Deadline
    } else if let Value::Number { quantity, .. } = target
        && quantity.number.is_zero()
    {
        DirectionFrom::ZeroTarget
    } else if let Value::Number { quantity, .. } = target
        && DURATION_UNITS.contains(&quantity.unit.as_str())
    {
        DirectionFrom::Duration {
            unit: quantity.unit.clone(),
        }
    } else if let Some(word) = LOWER_IS_BETTER.iter().find(|word| name.contains(*word))
        && !HANDLING_WORDS
            .iter()
            .any(|handling| name.contains(handling))
    {
        DirectionFrom::Name {
            word: word.to_string(),
        }
    } else {
        return (Comparator::AtLeast, DirectionFrom::Default);
    };
    (Comparator::AtMost, from)
}

/// `无` as the actual: nothing to report.
fn reports_none(row: &Indicator) -> bool {
    matches!(&row.actual.value.value, Value::Text { text } if matches!(text.trim(), "无" | "不涉及"))
}

/// A date without a year in the table's `year`; other values as they are.
fn in_year(value: &Value, year: Option<u16>) -> Cow<'_, Value> {
    match value {
        Value::Date { op, date } if date.year.is_none() => Cow::Owned(Value::Date {
            op: *op,
            date: date.in_year(year),
        }),
        _ => Cow::Borrowed(value),
    }
}

/// `已完成100%` or `95%` against a target that is a figure in another unit (`8万元`) or a date
/// (`1-12月`): the share of the target done, judged against 100%.
fn completion_rate(target: &Value, actual: &Value) -> Option<Value> {
    let Value::Number { op: None, quantity } = actual else {
        return None;
    };
    let other = match target {
        Value::Number { quantity: t, .. } => !t.unit.is_empty() && t.unit != "%",
        Value::Date { .. } => true,
        Value::Empty | Value::Text { .. } => false,
    };
    (other && quantity.unit == "%" && quantity.magnitude.is_empty()).then(|| Value::Number {
        op: Some(Comparator::AtLeast),
        quantity: Quantity::new(Decimal::ONE_HUNDRED, "%"),
    })
}

fn score_row(row: &Indicator, profile: &Profile, year: Option<u16>) -> RowScore {
    let kind = kind_of(row);
    let weight = row.weight();
    let declared = row.score.as_ref().map(|s| s.value);
    let unfilled = row.actual.value.value == Value::Empty && declared.is_none();
    let (direction, outcome) = if row.na {
        (None, Outcome::NotApplicable)
    } else if row.detail {
        (None, Outcome::Detail)
    } else if reports_none(row) {
        (None, Outcome::NoneReported)
    } else if unfilled {
        (None, Outcome::NotFilled)
    } else {
        match kind {
            Kind::Quantitative => {
                let actual = &row.actual.value;
                let target = in_year(&row.target.value.value, year);
                let rate = completion_rate(&target, &actual.value);
                let (target, (direction, from)) = match rate {
                    Some(full) => (
                        Cow::Owned(full),
                        (Comparator::AtLeast, DirectionFrom::CompletionRate),
                    ),
                    None => (target, direction_of(row)),
                };
                // A claim in words against a figure (`达成预期指标` for `≥98%`) is judged as the
                // claim; the audit says that no figure was given.
                // Only a cell of words can claim (claims are read from text, not figures).
                let claimed = match &actual.value {
                    Value::Text { .. } => claim(&row.target.value.text, &actual.text),
                    _ => None,
                };
                let outcome = match claimed {
                    Some(band) => Outcome::Qualitative {
                        band,
                        declared_in_band: declared
                            .is_some_and(|d| profile.qualitative.contains(band, d, weight)),
                    },
                    None => quantitative(
                        &target,
                        &in_year(&actual.value, year),
                        direction,
                        profile.quantitative.method,
                    ),
                };
                (Some((direction, from)), outcome)
            }
            Kind::Qualitative => (None, qualitative(row, &profile.qualitative, declared)),
        }
    };
    let (direction, direction_from) = match direction {
        Some((direction, from)) => (Some(direction), Some(from)),
        None => (None, None),
    };
    let taken = || declared.unwrap_or_default().clamp(Decimal::ZERO, weight);
    // The true value of a proportional or linear score, kept as a fraction so that it is
    // rounded once.
    let fraction = match &outcome {
        Outcome::Proportional {
            numerator,
            denominator,
        } => product_ratio(*numerator, weight, *denominator),
        Outcome::Linear {
            target,
            actual,
            zero_at,
        } => Some(linear_fraction(*target, *actual, *zero_at, weight)),
        _ => None,
    };
    let exact = match &outcome {
        Outcome::NotApplicable
        | Outcome::NoneReported
        | Outcome::Detail
        | Outcome::NotFilled
        | Outcome::NoProportion => Decimal::ZERO,
        Outcome::Met => weight,
        Outcome::Proportional { .. } | Outcome::Linear { .. } => {
            fraction.as_ref().and_then(approximate).unwrap_or_default()
        }
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
        _ => match &fraction {
            Some(fraction) => round_exact(fraction, profile.rounding).unwrap_or_default(),
            None => round_half_up(exact, profile.rounding),
        }
        .min(weight),
    };
    RowScore {
        kind,
        direction,
        direction_from,
        weight,
        outcome,
        exact,
        score,
        adjustments: Vec::new(),
    }
}

/// The linear reverse rule, exactly: (zero_at × A − B) × w ÷ ((zero_at − 1) × A), between 0 and w.
fn linear_fraction(
    target: Decimal,
    actual: Decimal,
    zero_at: Decimal,
    weight: Decimal,
) -> Fraction {
    let (target, zero_at) = (exact(target), exact(zero_at));
    let left = zero_at.clone() * target.clone() - exact(actual);
    let span = (zero_at - Fraction::one()) * target;
    if !left.is_positive() || !span.is_positive() {
        return Fraction::zero();
    }
    (left * exact(weight) / span).min(exact(weight))
}

/// Scores a quantitative row: met → full weight; unmet → by the profile's method.
pub fn quantitative(
    target: &Value,
    actual: &Value,
    direction: Comparator,
    method: Method,
) -> Outcome {
    let declared = |reason| Outcome::Declared { reason };
    let opposite = actual.op().is_some_and(|op| opposes(op, direction));
    let (target, actual) = match (target, actual) {
        (Value::Empty, _) | (_, Value::Empty) => return declared(Unscorable::EmptyCell),
        (Value::Number { quantity: t, .. }, Value::Number { quantity: a, .. }) => {
            // Nothing is nothing in any unit: `0` against `≤3起`, `0次` against `≤0.5%`.
            let same_unit =
                t.unit == a.unit || t.unit.is_empty() || a.unit.is_empty() || a.number.is_zero();
            if !same_unit {
                return declared(Unscorable::UnitMismatch {
                    target: t.unit.clone(),
                    actual: a.unit.clone(),
                });
            }
            match Quantity::comparable(t, a) {
                Some(pair) => pair,
                None => return declared(Unscorable::NotMeasurable),
            }
        }
        (Value::Date { date: t, .. }, Value::Date { date: a, .. }) => {
            let met = direction.holds(a.compare(t));
            return match (met, method) {
                (true, _) => Outcome::Met,
                (false, Method::Deduct { points }) => Outcome::Deducted { points },
                (false, Method::Proportional | Method::LinearReverse { .. }) => {
                    Outcome::NoProportion
                }
            };
        }
        _ => return declared(Unscorable::NotMeasurable),
    };
    let reached = direction.holds(actual.cmp(&target));
    if reached && !opposite {
        return Outcome::Met;
    }
    // `低于90%` against `≥90%` stops short of its figure: unmet, and scored as the figure as
    // far as the target allows.
    let actual = if reached { target } else { actual };
    match method {
        Method::Deduct { points } => Outcome::Deducted { points },
        Method::Proportional => proportion(target, actual, direction),
        Method::LinearReverse { zero_at } => match direction {
            Comparator::AtMost | Comparator::Below if target > Decimal::ZERO => Outcome::Linear {
                target,
                actual,
                zero_at,
            },
            _ => proportion(target, actual, direction),
        },
    }
}

/// Whether an actual's own comparator says it lies on the unmet side of its figure: `低于90%`
/// or `≤90%` against a `≥` target, `超过2%` against a `≤` one, `>100%` against `=100%`.
pub fn opposes(actual: Comparator, direction: Comparator) -> bool {
    use Comparator::*;
    match direction {
        AtLeast | Above => matches!(actual, AtMost | Below),
        AtMost | Below => matches!(actual, AtLeast | Above),
        Equal => matches!(actual, Above | Below),
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
    "未能",
    "尚未",
    "未按期",
    "未按时",
    "不合格",
];
const PARTIAL_WORDS: &[&str] = &[
    "部分达成",
    "部分完成",
    "部分实现",
    "基本达成",
    "基本完成",
    "基本实现",
    "基本达到",
    "有所",
    "略有",
    "一定程度",
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

/// Words that only say how strongly something happened: an actual that restates its target with
/// fewer of them, or stronger ones (`显著提升` for `有效提升`), restates it.
const INTENSIFIERS: &[&str] = &[
    "进一步",
    "有效",
    "明显",
    "显著",
    "大幅",
    "大大",
    "极大",
    "较大",
    "稳步",
    "持续",
    "不断",
    "逐步",
    "全面",
    "得到",
    "切实",
    "已经",
    "已",
    "了",
    "均",
];

/// Words of one meaning, folded to the first: 提高, 增强 and 加强 are all 提升.
const SYNONYMS: &[(&str, &str)] = &[("提高", "提升"), ("增强", "提升"), ("加强", "提升")];

/// The grades of a 优良中差 scale, best first, with their long forms.
const GRADE_WORDS: &[(&str, &str, u8)] = &[
    ("优秀", "优", 4),
    ("良好", "良", 3),
    ("中等", "中", 2),
    ("较差", "差", 1),
];

/// The band a qualitative actual claims: it says in words how far the target was reached, it
/// names a grade on the target's grade scale, or it restates the target (with fewer or stronger
/// words). `None` when it says none of these.
pub fn claim(target: &str, actual: &str) -> Option<Band> {
    let (target, actual) = (compact(target), compact(actual));
    let says = |words: &[&str]| words.iter().any(|word| actual.contains(word));
    // 存在…问题 says the target was not reached unless a partial word says how far it was.
    let problem = actual
        .find("存在")
        .is_some_and(|at| actual[at..].contains("问题"));
    if says(UNMET_WORDS) {
        Some(Band::Unmet)
    } else if says(PARTIAL_WORDS) {
        Some(Band::Partial)
    } else if problem {
        Some(Band::Unmet)
    } else if let Some(band) = graded(&target, &actual) {
        Some(band)
    } else if restates(&target, &actual) || says(ACHIEVED_WORDS) {
        Some(Band::Achieved)
    } else {
        None
    }
}

/// The grade a text names alone (`良`, `良好`, `评价为良好`), 4 for 优 down to 1 for 差.
fn grade_of(text: &str) -> Option<u8> {
    let text = text
        .trim_start_matches("评价为")
        .trim_start_matches("等级为");
    GRADE_WORDS
        .iter()
        .find(|(long, short, _)| text == *long || text == *short)
        .map(|(_, _, rank)| *rank)
}

/// An actual grade against a target on a grade scale: `良` against `优良中差` is 达成 (优 and 良
/// are at or above 80%), 中 部分达成, 差 未达成; against a required grade (`优`, `良好及以上`,
/// `优良`) it is 达成 at or above it, 部分达成 one grade below, else 未达成.
fn graded(target: &str, actual: &str) -> Option<Band> {
    let rank = grade_of(actual)?;
    let named: Vec<u8> = GRADE_WORDS
        .iter()
        .filter(|(_, short, _)| target.contains(short))
        .map(|(_, _, rank)| *rank)
        .collect();
    let required = match named.as_slice() {
        [] => return None,
        // The whole scale names no requirement: the grade's own band.
        scale if scale.len() >= 3 => 3,
        grades => *grades.iter().min()?,
    };
    Some(if rank >= required {
        Band::Achieved
    } else if rank + 1 == required {
        Band::Partial
    } else {
        Band::Unmet
    })
}

/// Whether an actual restates its target: the same words once intensifiers are taken out and
/// synonyms folded, with the actual saying all of the target or a part of it.
fn restates(target: &str, actual: &str) -> bool {
    if actual == target {
        return true;
    }
    let core = |text: &str| {
        let mut text = text.trim_end_matches(['。', '.']).to_string();
        // Most words are absent: looking costs less than copying the text for each.
        for (word, same) in SYNONYMS {
            if text.contains(word) {
                text = text.replace(word, same);
            }
        }
        for word in INTENSIFIERS {
            if text.contains(word) {
                text = text.replace(word, "");
            }
        }
        text
    };
    let (target, actual) = (core(target), core(actual));
    actual.chars().count() >= 2 && (target.contains(&actual) || actual.contains(&target))
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
                    header_span: header.and_then(|h| h.weight.as_ref()).map(|w| w.span),
                    weight: Decimal::ZERO,
                    score: Decimal::ZERO,
                    declared_score: Some(Decimal::ZERO),
                });
                sums.len() - 1
            }
        };
        let sum = &mut sums[index];
        if row.counts() {
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
