//! `perf-eval diff`: one table scored under two profiles, row by row, differences marked.

use comfy_table::{CellAlignment, Table, presets};
use rust_decimal::Decimal;

use crate::engine::Evaluation;
use crate::number::{fixed, plain};

use super::form::funds_note;
use super::labels::Labels;

/// Renders both evaluations side by side; `Δ` is the second minus the first where they differ.
pub fn render(a: &Evaluation, b: &Evaluation, labels: &Labels) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::ASCII_FULL_CONDENSED)
        .force_no_tty();
    table.set_header(vec![
        labels.level3.to_string(),
        labels.weight.to_string(),
        format!("{} {}", labels.score, a.profile.name),
        format!("{} {}", labels.score, b.profile.name),
        "Δ".to_string(),
    ]);
    let delta = |x: Decimal, y: Decimal| {
        if x == y {
            String::new()
        } else {
            let d = y - x;
            let sign = if d > Decimal::ZERO { "+" } else { "" };
            format!("{sign}{}", plain(d))
        }
    };
    let (pa, pb) = (a.profile.rounding, b.profile.rounding);
    // The profiles may weigh the funds row differently (湖北 20, the central rules 10).
    let funds_weight = if a.funds.weight == b.funds.weight {
        plain(a.funds.weight)
    } else {
        format!("{} / {}", plain(a.funds.weight), plain(b.funds.weight))
    };
    table.add_row(vec![
        labels.funds.to_string(),
        funds_weight,
        fixed(a.funds.score, pa),
        fixed(b.funds.score, pb),
        delta(a.funds.score, b.funds.score),
    ]);
    let rows = a.project.indicators.iter().zip(a.rows.iter().zip(&b.rows));
    for (indicator, (ra, rb)) in rows {
        table.add_row(vec![
            indicator.name.value.clone(),
            plain(ra.weight),
            fixed(ra.score, pa),
            fixed(rb.score, pb),
            delta(ra.score, rb.score),
        ]);
    }
    table.add_row(vec![
        labels.total.to_string(),
        format!("{} / {}", plain(a.weight_total), plain(b.weight_total)),
        fixed(a.total, pa),
        fixed(b.total, pb),
        delta(a.total, b.total),
    ]);
    table.add_row(vec![
        labels.grade.to_string(),
        String::new(),
        shown_grade(a, labels),
        shown_grade(b, labels),
        if same_grade(a, b) {
            String::new()
        } else {
            "≠".to_string()
        },
    ]);
    for index in 1..5 {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!(
        "{table}\n{}: {}\n{}: {}\n",
        a.profile.name,
        funds_note(a, labels),
        b.profile.name,
        funds_note(b, labels)
    )
}

/// The grade, or a dash under rules that grade nothing.
fn shown_grade(evaluation: &Evaluation, labels: &Labels) -> String {
    if evaluation.profile.grades.is_empty() {
        labels.not_graded.to_string()
    } else {
        evaluation.grade.clone()
    }
}

/// Grades are the same when either profile knows the other's name for it (优 and 优秀).
fn same_grade(a: &Evaluation, b: &Evaluation) -> bool {
    a.profile.grade_named(a.percent, &b.grade) || b.profile.grade_named(b.percent, &a.grade)
}
