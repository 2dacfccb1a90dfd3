//! The English wording of every finding, for reviewers who read English (`--lang en`). The
//! form's own terms (执行率, 得分, …) stay in Chinese, as reviewers know them.

use super::{BothBases, CellName, Column, Counts, Finding, Instead, LowerBecause, Text, text};

fn cell(cell: CellName) -> &'static str {
    match cell {
        CellName::Target => "年度指标值",
        CellName::Actual => "实际完成值",
    }
}

fn column(column: Column) -> &'static str {
    match column {
        Column::Initial => "年初预算数",
        Column::Annual => "全年预算数",
        Column::Executed => "全年执行数",
    }
}

/// ` (indicators 40 + funds 10)`
fn parts(parts: &Option<(String, String)>) -> String {
    parts.as_ref().map_or(String::new(), |(indicators, funds)| {
        format!(" (indicators {indicators} + funds {funds})")
    })
}

pub const SUMMARY_HEADER: [&str; 7] = [
    "file",
    "project",
    "declared total",
    "computed total",
    "grade",
    "errors",
    "warnings",
];
pub const UNUSABLE_PROJECT: &str = "(unusable)";

pub fn summary_more(shown: usize, more: usize) -> String {
    format!(
        "the table lists the {shown} files with the most errors and warnings; {more} more files with findings are not listed (--summary all lists every file)"
    )
}

pub fn counts(counts: &Counts) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut line = format!(
        "checked {}: {}, {}, {} info",
        plural(counts.files, "file"),
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        counts.infos
    );
    if counts.unusable > 0 {
        line.push_str(&format!(" ({} unusable)", counts.unusable));
    }
    line
}

const WRITE_FIGURE: &str =
    "write the figure alone, with its comparator and unit (≥500人次, 2023年12月)";

pub fn finding(finding: &Finding) -> Text {
    use Finding::*;
    match finding {
        FundsRateMismatch {
            declared,
            computed,
            basis,
            derivation,
            other,
        } => text(
            format!(
                "declared 执行率 {declared}% differs from the computed {computed} (全年执行数 / {basis})"
            ),
            format!("computed {computed}"),
            Some(match other {
                Some((other_basis, other_rate)) => format!(
                    "{derivation}; the declared {declared}% is the rate over {other_basis} ({other_rate})"
                ),
                None => derivation.clone(),
            }),
        ),
        FundsScoreMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("declared funds 得分 {declared} differs from the computed {computed}"),
            format!("computed {computed}"),
            Some(derivation.clone()),
        ),
        FundsTotalEmpty => text(
            "年度资金总额 is empty while its sub-rows carry amounts; the sum of the sub-rows is used"
                .to_string(),
            "年度资金总额 empty",
            None,
        ),
        FundsRowsSum { column: c, total, sum } => text(
            format!(
                "{} of 年度资金总额 is {total}, but its sub-rows add up to {sum}",
                column(*c)
            ),
            format!("sub-rows add up to {sum}"),
            None,
        ),
        FundsNoBudget { basis } => text(
            format!("the 执行率 cannot be computed: {basis} is empty or zero"),
            format!("no {basis}"),
            None,
        ),
        FundsNoteRequired {
            rate,
            below,
            profile,
        } => text(
            format!(
                "执行率 {rate} is below {below}% and [funds] gives no `note`; {profile} requires the reason"
            ),
            "reason required",
            Some("add `note` to [funds] saying why the budget was not executed".to_string()),
        ),
        OverExecution {
            executed,
            basis,
            budget,
        } => text(
            format!("全年执行数 {executed} is above the {basis} {budget} (rate over 100%)"),
            "above the budget",
            None,
        ),
        FundsBasisFallback {
            wanted,
            used,
            executed,
            budget,
            rate,
            profile,
        } => text(
            format!(
                "{wanted} is empty or 0, so the 执行率 is taken over {used} ({executed} / {budget} = {rate})"
            ),
            format!("divided by {used}"),
            Some(format!(
                "{profile} divides by {wanted}; fill it in, or say in [funds] `note` why it is empty"
            )),
        ),
        BudgetAdjusted {
            annual,
            initial,
            scores,
            from_zero,
        } => {
            let why = match (scores, from_zero) {
                (
                    Some(BothBases {
                        score,
                        basis,
                        other_score,
                        other_basis,
                        other_rate,
                    }),
                    _,
                ) => format!(
                    "the funds score is {score} over {basis} and would be {other_score} over {other_basis} ({other_rate}); "
                ),
                (None, true) => "the budget was raised from zero during the year; ".to_string(),
                (None, false) => String::new(),
            };
            text(
                format!(
                    "全年预算数 {annual} differs from 年初预算数 {initial} with no note in [funds]"
                ),
                "adjusted budget",
                Some(format!(
                    "{why}add `note` to [funds] saying why the budget changed"
                )),
            )
        }
        CostCap {
            name,
            declared,
            profile,
            cap,
        } => text(
            format!(
                "「{name}」 scores {declared} but the project filled in no cost indicator: {profile} allows at most {cap}"
            ),
            format!("at most {cap}"),
            None,
        ),
        ScoreOutOfRange {
            name,
            declared,
            weight,
        } => text(
            format!("declared 得分 {declared} of 「{name}」 is outside 0 to its weight {weight}"),
            format!("outside 0..{weight}"),
            None,
        ),
        QualitativeBand {
            name,
            declared,
            band,
            range,
            actual,
            derivation,
        } => text(
            format!(
                "declared 得分 {declared} of 「{name}」 lies outside the {band} band {range} that its actual 「{actual}」 claims"
            ),
            format!("outside {band}"),
            Some(derivation.clone()),
        ),
        ScoreMismatch {
            name,
            declared,
            computed,
            derivation,
        } => text(
            format!("declared 得分 {declared} of 「{name}」 differs from the computed {computed}"),
            format!("computed {computed}"),
            Some(derivation.clone()),
        ),
        UnitMismatch {
            name,
            target,
            actual,
        } => text(
            format!(
                "「{name}」: the target is in {target} but the actual in {actual}; they are not compared"
            ),
            "not scored",
            None,
        ),
        ScoreNotComputed { name, reason, taken } => text(
            format!(
                "the score of 「{name}」 cannot be computed: {reason}; the declared {taken} is taken"
            ),
            "not scored",
            None,
        ),
        MissingNote {
            name,
            scored,
            weight,
        } => text(
            format!("「{name}」 scores {scored} of {weight} but gives no 偏差原因分析及改进措施"),
            "no deviation note",
            Some("say why the target was missed and what will be done".to_string()),
        ),
        Approximate {
            cell: c,
            text: t,
            name,
            word,
            read_as,
        } => text(
            format!(
                "{} 「{t}」 of 「{name}」 is approximate ({word}); it is read as {read_as}",
                cell(*c)
            ),
            "read with an assumption",
            Some(WRITE_FIGURE.to_string()),
        ),
        Range {
            cell: c,
            text: t,
            name,
            read_as,
        } => text(
            format!(
                "{} 「{t}」 of 「{name}」 is a range; it is read as {read_as}",
                cell(*c)
            ),
            "read with an assumption",
            Some(WRITE_FIGURE.to_string()),
        ),
        ThisYear {
            cell: c,
            text: t,
            name,
            year,
        } => text(
            format!(
                "{} 「{t}」 of 「{name}」 names no year; it is read in the table's year, {year}",
                cell(*c)
            ),
            "read with an assumption",
            Some(WRITE_FIGURE.to_string()),
        ),
        CellUnread {
            cell: c,
            text: t,
            name,
            part,
            instead,
        } => {
            let instead = match instead {
                Instead::DeclaredTaken => "the declared score is taken".to_string(),
                Instead::JudgedByWords { band } => format!("it is judged by its words ({band})"),
                Instead::ReadAsText => "the cell is read as text".to_string(),
            };
            text(
                format!(
                    "{} 「{t}」 of 「{name}」 holds a figure that cannot be read ({part}); {instead}",
                    cell(*c)
                ),
                "cannot be read",
                Some(WRITE_FIGURE.to_string()),
            )
        }
        ActualNoFigure {
            name,
            actual,
            target,
            band,
        } => text(
            format!(
                "实际完成值 「{actual}」 of 「{name}」 gives no figure against the target 「{target}」; it is judged as its claim ({band})"
            ),
            "no figure",
            Some("write the value actually reached".to_string()),
        ),
        DirectionInferred {
            name,
            target,
            because,
        } => {
            let because = match because {
                LowerBecause::ZeroTarget => "its target is 0".to_string(),
                LowerBecause::Name { word } => format!("its name says {word}"),
                LowerBecause::Duration { unit } => {
                    format!("its target is a time limit in {unit}")
                }
            };
            text(
                format!(
                    "年度指标值 「{target}」 of 「{name}」 has no comparator; it is read as ≤ (lower is better) because {because}"
                ),
                "read as ≤",
                Some("write ≤ or ≥ in the target, or `direction`, to say which is meant".to_string()),
            )
        }
        ActualNone {
            name,
            actual,
            weight,
        } => text(
            format!(
                "实际完成值 of 「{name}」 is 「{actual}」: the row is taken as not applicable (不适用) and its {weight} points are not counted"
            ),
            "not applicable",
            Some(
                "if nothing was reached, write 0; if the indicator does not apply, mark it na = true"
                    .to_string(),
            ),
        ),
        RowNotFilled { name } => text(
            format!(
                "「{name}」 has no 实际完成值 and no 得分: it is not scored, and the total is incomplete"
            ),
            "not filled in",
            None,
        ),
        ActualComparator {
            name,
            actual,
            op,
            read_as,
        } => text(
            format!(
                "实际完成值 「{actual}」 of 「{name}」 repeats a comparator ({op}); it is read as {read_as}"
            ),
            "comparator in an actual value",
            Some("write the value actually reached, without ≥ or ≤".to_string()),
        ),
        ActualUnitMissing { name, actual, unit } => text(
            format!(
                "实际完成值 「{actual}」 of 「{name}」 has no unit; the target's {unit} is assumed"
            ),
            format!("taken as {unit}"),
            None,
        ),
        ZeroTarget { name } => text(
            format!("「{name}」 has a target of 0: it is met only by 0, and otherwise scores 0"),
            "target of 0",
            None,
        ),
        OverAchievementNoteRequired {
            name,
            actual,
            target,
            share,
            profile,
            required,
        } => text(
            format!(
                "「{name}」 reached {actual} against a target of {target} ({share} of it) with no note"
            ),
            "note required",
            Some(format!(
                "{profile} requires a 偏差原因分析及改进措施 at or above {required}% of the target"
            )),
        ),
        OverAchievement {
            name,
            actual,
            target,
            share,
            threshold,
        } => text(
            format!(
                "「{name}」 reached {actual} against a target of {target} ({share} of it) with no note"
            ),
            "over-achieved",
            Some(format!(
                "at or above {threshold}% of the target, say why the target was set so low"
            )),
        ),
        Level1Header { name, header, rows } => text(
            format!("the {name} header says {header} points, but its indicators carry {rows}"),
            format!("rows carry {rows}"),
            None,
        ),
        Level1Split {
            split,
            profile,
            expected,
        } => text(
            format!("first-level weights are {split}; {profile} expects {expected}"),
            "first-level split",
            Some("allowed, but shown: the split differs from the profile's".to_string()),
        ),
        WeightTotal {
            total,
            parts: p,
            profile,
            profile_total,
        } => text(
            format!(
                "the weights add up to {total}{}, but {profile}'s total is {profile_total}",
                parts(p)
            ),
            format!("weights in play: {total}"),
            None,
        ),
        TotalWeightMismatch {
            declared,
            total,
            parts: p,
        } => text(
            format!(
                "the 总分 row declares {declared} points, but the weights add up to {total}{}",
                parts(p)
            ),
            format!("weights add up to {total}"),
            None,
        ),
        TotalSumMismatch { declared, sum } => text(
            format!("declared 总分 {declared} differs from the sum of the declared scores, {sum}"),
            format!("declared scores add up to {sum}"),
            None,
        ),
        TotalMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("declared 总分 {declared} differs from the computed {computed}"),
            format!("computed {computed}"),
            Some(derivation.clone()),
        ),
        GradeMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!(
                "declared 评价等级 「{declared}」 does not match the computed total's grade 「{computed}」"
            ),
            format!("computed {computed}"),
            Some(derivation.clone()),
        ),
    }
}
