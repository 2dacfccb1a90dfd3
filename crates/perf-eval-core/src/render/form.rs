//! The official 自评表 as rows of text cells, shared by the terminal, Markdown and CSV
//! renderers so that every format prints the same figures.

use rust_decimal::Decimal;

use crate::engine::{Evaluation, Outcome, Unscorable, declared_differs, rate_differs};
use crate::number::{fixed, percent, plain};
use crate::project::FundsRow;
use crate::source::Located;

use super::labels::Labels;

/// The title line: `2022年度项目支出绩效自评表`.
pub fn title(evaluation: &Evaluation, labels: &Labels) -> String {
    format!("{}{}", evaluation.project.year, labels.title)
}

/// The header block as label and value pairs: 项目名称, 主管部门, 实施单位, and the profile.
pub fn header(evaluation: &Evaluation, labels: &Labels) -> [(&'static str, String); 4] {
    let project = evaluation.project;
    let profile = evaluation.profile;
    [
        (labels.project_name, project.name.value.clone()),
        (labels.department, project.department.clone()),
        (labels.implementer, project.implementer.clone()),
        (labels.rules, labels.paren(&profile.name, &profile.title)),
    ]
}

/// 年度总体目标 as label and text pairs.
pub fn goals(evaluation: &Evaluation, labels: &Labels) -> [(&'static str, String); 2] {
    let goals = &evaluation.project.goals;
    [
        (labels.expected, goals.expected.clone()),
        (labels.actual_goal, goals.actual.clone()),
    ]
}

/// A score cell: the computed score at the profile's places, and the declared one beside it
/// when they differ (`3.33【填报 4】`).
pub fn score_cell(
    computed: Decimal,
    declared: Option<&Located<Decimal>>,
    evaluation: &Evaluation,
    labels: &Labels,
) -> String {
    let shown = fixed(computed, evaluation.profile.rounding);
    match declared {
        Some(declared) if declared_differs(declared.value, computed, evaluation.profile) => {
            format!("{shown}【{} {}】", labels.declared, plain(declared.value))
        }
        _ => shown,
    }
}

fn amount(value: &Option<Located<Decimal>>) -> String {
    value.as_ref().map_or(String::new(), |v| plain(v.value))
}

/// The 项目资金 block: a header row, then 年度资金总额 and its three sub-rows.
pub fn funds_rows(evaluation: &Evaluation, labels: &Labels) -> Vec<[String; 7]> {
    let project = evaluation.project;
    let funds = &evaluation.funds;
    let declared = &project.funds;
    let rate = match funds.rate {
        Some(rate) => {
            let shown = percent(rate);
            match &declared.rate {
                Some(d) if rate_differs(d.value, rate) => {
                    format!("{shown}【{} {}%】", labels.declared, plain(d.value))
                }
                _ => shown,
            }
        }
        None => "—".to_string(),
    };
    let total_label = if funds.summed_from_rows {
        labels.funds_total_summed
    } else {
        labels.funds_total
    };
    let [initial, annual, executed] = funds
        .shown_amounts(declared)
        .map(|amount| amount.map_or_else(String::new, plain));
    let row = |label: &str, row: &FundsRow| {
        [
            label.to_string(),
            amount(&row.initial),
            amount(&row.annual),
            amount(&row.executed),
            String::new(),
            String::new(),
            String::new(),
        ]
    };
    vec![
        [
            labels.paren(labels.funds, declared.unit.label()),
            labels.initial.to_string(),
            labels.annual.to_string(),
            labels.executed.to_string(),
            labels.weight.to_string(),
            labels.rate.to_string(),
            labels.score.to_string(),
        ],
        [
            total_label.to_string(),
            initial,
            annual,
            executed,
            plain(funds.weight),
            rate,
            score_cell(funds.score, declared.score.as_ref(), evaluation, labels),
        ],
        row(labels.appropriation, &declared.appropriation),
        row(labels.carryover, &declared.carryover),
        row(labels.other, &declared.other),
    ]
}

/// One line under the funds block saying how the rate was taken and whether it counts.
pub fn funds_note(evaluation: &Evaluation, labels: &Labels) -> String {
    let funds = &evaluation.funds;
    let basis = match funds.basis {
        crate::profile::Basis::Annual => labels.annual,
        crate::profile::Basis::Initial => labels.initial,
        crate::profile::Basis::Adjusted => labels.adjusted,
    };
    let counted = if funds.counted {
        labels.counted
    } else {
        labels.not_counted
    };
    let other = match evaluation.profile.funds.executed {
        crate::profile::Executed::Executed => "",
        crate::profile::Executed::WithOther => labels.executed_with_other,
    };
    format!(
        "{} = {}{other} / {}{}{counted}",
        labels.rate, labels.executed, basis, labels.semicolon
    )
}

/// The indicator table's column labels, as the form prints them.
pub fn indicator_header(labels: &Labels) -> [&'static str; 8] {
    [
        labels.level1,
        labels.level2,
        labels.level3,
        labels.target,
        labels.actual,
        labels.weight,
        labels.score,
        labels.note,
    ]
}

/// The indicator table: a header row, one row per indicator, and the 总分 row.
pub fn indicator_rows(evaluation: &Evaluation, labels: &Labels) -> Vec<[String; 8]> {
    let project = evaluation.project;
    let mut rows = vec![indicator_header(labels).map(str::to_string)];
    let mut previous: Option<(&str, &str)> = None;
    for (indicator, row) in project.indicators.iter().zip(&evaluation.rows) {
        let level1 = indicator.level1.value.as_str();
        let level2 = indicator.level2.value.as_str();
        // Merged cells on the paper form: a label is printed on the first row of its run.
        let level1_cell = match previous {
            Some((p1, _)) if p1 == level1 => String::new(),
            _ => level1_label(evaluation, level1, labels),
        };
        let level2_cell = match previous {
            Some((p1, p2)) if p1 == level1 && p2 == level2 => String::new(),
            _ => level2.to_string(),
        };
        previous = Some((level1, level2));
        let (weight, score) = match row.outcome {
            Outcome::NotApplicable | Outcome::NoneReported => {
                (labels.not_applicable.to_string(), String::new())
            }
            Outcome::Detail => (String::new(), String::new()),
            Outcome::NotFilled => (plain(row.weight), labels.not_filled.to_string()),
            _ => (
                plain(row.weight),
                score_cell(row.score, indicator.score.as_ref(), evaluation, labels),
            ),
        };
        rows.push([
            level1_cell,
            level2_cell,
            indicator.name.value.clone(),
            indicator.target.value.text.clone(),
            indicator.actual.value.text.clone(),
            weight,
            score,
            indicator
                .note
                .as_ref()
                .map_or(String::new(), |n| n.value.clone()),
        ]);
    }
    let declared = &project.total;
    let weight = match &declared.weight {
        Some(d) if d.value != evaluation.weight_total => format!(
            "{}【{} {}】",
            plain(evaluation.weight_total),
            labels.declared,
            plain(d.value)
        ),
        _ => plain(evaluation.weight_total),
    };
    rows.push([
        labels.total.to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        weight,
        score_cell(
            evaluation.total,
            declared.score.as_ref(),
            evaluation,
            labels,
        ),
        grade_cell(evaluation, labels),
    ]);
    rows
}

/// `产出指标（50分）` when the header prints a weight, else the name.
pub fn level1_label(evaluation: &Evaluation, name: &str, labels: &Labels) -> String {
    let header = evaluation.level1.iter().find(|sum| sum.name == name);
    match header.and_then(|h| h.header_weight) {
        Some(weight) => labels.paren(name, &format!("{}{}", plain(weight), labels.points)),
        None => name.to_string(),
    }
}

/// `评价等级：优秀`, with the declared grade beside it when it differs, and the 100-point
/// figure when the weights in play are not 100.
pub fn grade_cell(evaluation: &Evaluation, labels: &Labels) -> String {
    let graded = !evaluation.profile.grades.is_empty() && evaluation.complete;
    let grade = if evaluation.profile.grades.is_empty() {
        labels.not_graded
    } else if !evaluation.complete {
        labels.incomplete
    } else {
        &evaluation.grade
    };
    let mut cell = format!("{}：{grade}", labels.grade);
    // The unit's grade stays on the form where perf-eval gives none, as its 得分 does.
    if let Some(declared) = &evaluation.project.total.grade
        && (!graded || evaluation.declared_grade_differs())
    {
        cell.push_str(&format!("【{} {}】", labels.declared, declared.value));
    }
    if evaluation.weight_total != Decimal::ONE_HUNDRED {
        cell.push_str(&labels.paren(
            "",
            &format!("{} {}", labels.percent_scale, fixed(evaluation.percent, 2)),
        ));
    }
    cell
}

/// What the reader must know about how figures were reached: rows whose declared score was
/// taken because nothing could be computed, and a funds total made of its rows.
pub fn notes(evaluation: &Evaluation, labels: &Labels) -> Vec<String> {
    let mut notes = Vec::new();
    if evaluation.funds.summed_from_rows {
        notes.push(labels.summed_note.to_string());
    }
    if let Some(wanted) = evaluation.funds.fallback_from {
        notes.push(format!(
            "{}{}{}{}",
            wanted.label(),
            labels.fallback_before,
            evaluation.funds.basis.label(),
            labels.fallback_after
        ));
    }
    for (indicator, row) in evaluation.project.indicators.iter().zip(&evaluation.rows) {
        if let Outcome::Declared { reason } = &row.outcome {
            let why = match reason {
                Unscorable::EmptyCell => labels.empty_cell,
                Unscorable::UnitMismatch { .. } => labels.units_differ,
                Unscorable::NotMeasurable => labels.not_measurable,
                Unscorable::NoClaim => labels.no_claim,
            };
            notes.push(format!(
                "「{}」{}{why}{}{} {}",
                indicator.name.value,
                labels.colon,
                labels.comma,
                labels.taken_as_declared,
                plain(row.score)
            ));
        }
    }
    notes
        .into_iter()
        .enumerate()
        .map(|(i, note)| format!("{}{}{}{note}", labels.notes, i + 1, labels.colon))
        .collect()
}
