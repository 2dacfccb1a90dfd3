//! The 自评表 for a terminal: header lines, the 项目资金 block, 年度总体目标 and the indicator
//! table. Borders are ASCII because box-drawing characters are East-Asian ambiguous width and
//! break alignment in terminals that draw them wide.
//!
//! Columns are sized by their content: a short cell (a figure, `4.25【填报 4】`, `≥1000个`) never
//! breaks, long text (names, goals, notes) wraps to the terminal. Terminals that draw ambiguous
//! characters (`≥`, `≤`, `“ ”`) two columns wide — Chinese Windows consoles — line up with
//! [`Width::AmbiguousWide`].

use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, Table, Width as ColumnWidth, presets,
};
use unicode_width::UnicodeWidthStr;

use crate::engine::Evaluation;

use super::form::{funds_note, funds_rows, goals, header, indicator_rows, notes, title};
use super::labels::Labels;

/// How the terminal draws East-Asian ambiguous characters (`≥ ≤ “ ”`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ambiguous {
    /// One column, as most terminals do.
    #[default]
    Narrow,
    /// Two columns, as Chinese Windows consoles and terminals set to "wide" do.
    Wide,
}

/// Renders the table for a terminal `width` wide (`Some(None)`: as the terminal says;
/// `Some(Some(n))`: `n` columns; `None`: lines as long as their content, for files and pipes)
/// that draws ambiguous characters as `ambiguous` says.
pub fn render(
    evaluation: &Evaluation,
    labels: &Labels,
    width: Option<Option<u16>>,
    ambiguous: Ambiguous,
) -> String {
    let grid =
        |rows: &[[String; 7]], numeric: &[usize]| grid(rows, numeric, numeric, width, ambiguous);
    let mut out = format!("{}\n", title(evaluation, labels));
    for (label, value) in header(evaluation, labels) {
        out.push_str(&format!("{label}{}{value}\n", labels.colon));
    }
    out.push('\n');
    out.push_str(&grid(&funds_rows(evaluation, labels), &[1, 2, 3, 4, 5, 6]));
    out.push_str(&format!(
        "{}\n\n{}\n",
        funds_note(evaluation, labels),
        labels.goals
    ));
    // Goals wrap to the terminal too, under their label.
    let columns = width.and_then(|width| width.or_else(|| Table::new().width()));
    for (label, text) in goals(evaluation, labels) {
        let head = format!("  {label}{}", labels.colon);
        let lines = wrap(
            &text,
            columns.map(|c| (c as usize).saturating_sub(head.width())),
        );
        for (i, line) in lines.iter().enumerate() {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(head.width())
            };
            out.push_str(&format!("{lead}{line}\n"));
        }
    }
    out.push('\n');
    // Targets, actuals, weights and scores are figures: they never break.
    out.push_str(&self::grid(
        &indicator_rows(evaluation, labels),
        &[5, 6],
        &[3, 4, 5, 6],
        width,
        ambiguous,
    ));
    for note in notes(evaluation, labels) {
        out.push_str(&note);
        out.push('\n');
    }
    out
}

/// Text cut into lines of at most `width` display columns (one line without a width).
fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width.filter(|&w| w >= 8) else {
        return vec![text.to_string()];
    };
    let mut lines = vec![String::new()];
    for c in text.chars() {
        let line = lines.last_mut().expect("one line at least");
        if line.width() + c.to_string().width() > width {
            lines.push(String::new());
        }
        lines.last_mut().expect("one line at least").push(c);
    }
    lines
}

/// Cells up to this display width are never broken; longer text wraps.
const SHORT: usize = 16;

/// Marks one extra display column after a cell that holds ambiguous characters, removed once
/// the grid is laid out (a private-use character, which no table cell holds).
const WIDE_MARK: char = '\u{E000}';

/// A bordered grid whose first row is the header; `numeric` columns are right-aligned, and the
/// short cells of `unbroken` columns never break.
fn grid<const N: usize>(
    rows: &[[String; N]],
    numeric: &[usize],
    unbroken: &[usize],
    width: Option<Option<u16>>,
    ambiguous: Ambiguous,
) -> String {
    let mut table = Table::new();
    table.load_preset(presets::ASCII_FULL);
    match width {
        Some(width) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            if let Some(width) = width {
                table.set_width(width);
            }
        }
        None => {
            table.force_no_tty();
        }
    }
    // In wide mode a cell carries one mark per ambiguous character, so that its column is laid
    // out as wide as the terminal draws it.
    let cell = |text: &String| match ambiguous {
        Ambiguous::Narrow => text.clone(),
        Ambiguous::Wide => {
            let extra = text.width_cjk().saturating_sub(text.width());
            let mut text = text.clone();
            text.extend(std::iter::repeat_n(WIDE_MARK, extra));
            text
        }
    };
    let (header, body) = rows.split_first().expect("grids have a header row");
    table.set_header(header.iter().map(cell));
    table.add_rows(body.iter().map(|row| row.iter().map(cell)));
    for &index in unbroken {
        let short = rows
            .iter()
            .map(|row| cell(&row[index]).width())
            .filter(|&width| width <= SHORT)
            .max()
            .unwrap_or(0);
        if let Some(column) = table.column_mut(index) {
            // Padding of one space either side.
            column.set_constraint(ColumnConstraint::LowerBoundary(ColumnWidth::Fixed(
                (short + 2) as u16,
            )));
        }
    }
    for &index in numeric {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    // Text columns keep room for a four-character term (数量指标) on a line.
    for index in (0..N).filter(|index| !unbroken.contains(index)) {
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(ColumnConstraint::LowerBoundary(ColumnWidth::Fixed(10)));
        }
    }
    format!("{table}\n").replace(WIDE_MARK, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::profile::Profile;
    use crate::project::load;
    use crate::source::Source;

    fn seed_table(width: u16, ambiguous: Ambiguous) -> String {
        let text = include_str!("../../../../fixtures/2022.toml");
        let project = load(&Source::new("2022.toml", text)).unwrap();
        let profile = Profile::builtin("mof-2020").unwrap();
        let evaluation = evaluate(&project, &profile);
        render(
            &evaluation,
            &crate::render::labels::ZH,
            Some(Some(width)),
            ambiguous,
        )
    }

    #[test]
    fn short_cells_never_break_on_a_narrow_terminal() {
        let table = seed_table(120, Ambiguous::Narrow);
        for cell in [
            "3.33【填报 4】",
            "4.17【填报 4】",
            "1444.49万元",
            "≥1000个",
            "≥20天/月",
        ] {
            assert!(table.contains(cell), "{cell} broken:\n{table}");
        }
        for line in table.lines() {
            assert!(line.width() <= 120, "{line}");
        }
    }

    #[test]
    fn wide_ambiguous_characters_keep_the_borders_in_line() {
        let table = seed_table(120, Ambiguous::Wide);
        let grid: Vec<&str> = table
            .lines()
            .skip_while(|line| !line.starts_with("+---"))
            .take_while(|line| line.starts_with('|') || line.starts_with('+'))
            .collect();
        let widths: Vec<usize> = grid.iter().map(|line| line.width_cjk()).collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "{widths:?}\n{table}"
        );
        assert!(!table.contains(WIDE_MARK));
    }
}
