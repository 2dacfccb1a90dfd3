//! The 自评表 as GitHub-flavoured Markdown, for reports and pull requests.

use crate::engine::Evaluation;

use super::form::{funds_note, funds_rows, goals, header, indicator_rows, notes, title};
use super::labels::Labels;

/// Renders the table as Markdown.
pub fn render(evaluation: &Evaluation, labels: &Labels) -> String {
    let mut out = format!("## {}\n\n", title(evaluation, labels));
    for (label, value) in header(evaluation, labels) {
        out.push_str(&format!("- **{label}**{}{}\n", labels.colon, cell(&value)));
    }
    let funds = funds_rows(evaluation, labels);
    out.push_str(&format!("\n### {}\n\n", funds[0][0]));
    let mut funds_header = funds[0].clone();
    funds_header[0] = String::new();
    out.push_str(&table(&funds_header, &funds[1..], &[1, 2, 3, 4, 5, 6]));
    out.push_str(&format!("\n{}\n", funds_note(evaluation, labels)));
    out.push_str(&format!("\n### {}\n\n", labels.goals));
    for (label, text) in goals(evaluation, labels) {
        out.push_str(&format!("- **{label}**{}{}\n", labels.colon, cell(&text)));
    }
    out.push_str(&format!("\n### {}\n\n", labels.indicators));
    let rows = indicator_rows(evaluation, labels);
    out.push_str(&table(&rows[0], &rows[1..], &[5, 6]));
    let notes = notes(evaluation, labels);
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            out.push_str(&format!("- {}\n", cell(&note)));
        }
    }
    out
}

/// A pipe table; `numeric` columns are right-aligned.
fn table<const N: usize>(header: &[String; N], rows: &[[String; N]], numeric: &[usize]) -> String {
    let line = |cells: &[String; N]| {
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let rule: Vec<&str> = (0..N)
        .map(|i| if numeric.contains(&i) { "---:" } else { "---" })
        .collect();
    let mut out = line(header);
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// Escapes what would break a table cell: pipes, and line breaks (kept as `<br>`).
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}
