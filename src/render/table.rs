//! The 自评表 for a terminal: header lines, the 项目资金 block, 年度总体目标 and the indicator
//! table. Borders are ASCII because box-drawing characters are East-Asian ambiguous width and
//! break alignment in terminals that draw them wide.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use crate::engine::Evaluation;

use super::form::{funds_note, funds_rows, goals, header, indicator_rows, notes, title};
use super::labels::Labels;

/// Renders the table. With `wrap`, long cells wrap to the terminal's width (when stdout is a
/// terminal); without it, lines are as long as their content, for files and pipes.
pub fn render(evaluation: &Evaluation, labels: &Labels, wrap: bool) -> String {
    let mut out = format!("{}\n", title(evaluation, labels));
    for (label, value) in header(evaluation, labels) {
        out.push_str(&format!("{label}{}{value}\n", labels.colon));
    }
    out.push('\n');
    out.push_str(&grid(
        &funds_rows(evaluation, labels),
        &[1, 2, 3, 4, 5, 6],
        wrap,
    ));
    out.push_str(&format!(
        "{}\n\n{}\n",
        funds_note(evaluation, labels),
        labels.goals
    ));
    for (label, text) in goals(evaluation, labels) {
        out.push_str(&format!("  {label}{}{text}\n", labels.colon));
    }
    out.push('\n');
    out.push_str(&grid(&indicator_rows(evaluation, labels), &[5, 6], wrap));
    for note in notes(evaluation, labels) {
        out.push_str(&note);
        out.push('\n');
    }
    out
}

/// A bordered grid whose first row is the header; `numeric` columns are right-aligned.
fn grid<const N: usize>(rows: &[[String; N]], numeric: &[usize], wrap: bool) -> String {
    let mut table = Table::new();
    table.load_preset(presets::ASCII_FULL);
    if wrap {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        table.force_no_tty();
    }
    let (header, body) = rows.split_first().expect("grids have a header row");
    table.set_header(header.to_vec());
    table.add_rows(body.iter().map(|row| row.to_vec()));
    for &index in numeric {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!("{table}\n")
}
