//! The 自评表 as GitHub-flavoured Markdown, for reports and pull requests.

use crate::engine::Evaluation;

use super::form::{funds_note, funds_rows, goals, header, indicator_rows, notes, title};
use super::labels::Labels;

/// Renders the table as Markdown.
pub fn render(evaluation: &Evaluation, labels: &Labels) -> String {
    let mut out = format!("## {}\n\n", escape(&title(evaluation, labels)));
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

/// A table's text as Markdown shows it, never as markup: what Markdown could read as syntax
/// inside a line is backslash-escaped — raw HTML and autolinks (`<img src=x onerror=…>`),
/// entities, code spans, emphasis, table pipes, and the `]` that would close a link or image
/// (`[点此](javascript:…)`, `![](…)`, `[x][ref]`, `[ref]: …`); a bracket standing alone, as in
/// `[report]`, is left as written. A table comes from whoever filled it in; its report is
/// opened in browsers and wikis.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let closes_link = c == ']' && matches!(chars.peek(), Some('(' | '[' | ':'));
        if closes_link || matches!(c, '\\' | '`' | '*' | '_' | '<' | '>' | '&' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text for a table cell: escaped, with its line breaks as `<br>` (a cell is one line).
pub(crate) fn cell(text: &str) -> String {
    escape(text)
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

/// A fenced block of `text` shown as it stands: the fence is longer than any run of backticks
/// in the text, so that nothing in it can close the block early (CommonMark §4.5).
pub(crate) fn fenced(info: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{info}\n{}\n{fence}\n", text.trim_end_matches('\n'))
}

#[cfg(test)]
mod tests {
    use super::{cell, escape, fenced};

    #[test]
    fn markup_in_a_table_s_text_is_shown_as_written() {
        assert_eq!(
            cell("<img src=x onerror=alert(1)>\n[点此](javascript:alert(1))"),
            "\\<img src=x onerror=alert(1)\\><br>[点此\\](javascript:alert(1))"
        );
        assert_eq!(escape("![x](http://a/p.png)"), "![x\\](http://a/p.png)");
        assert_eq!(
            escape("[x][ref] [ref]: javascript:1"),
            "[x\\][ref] [ref\\]: javascript:1"
        );
        assert_eq!(
            escape("&lt; `a|b` *c* _d_ ~e~ \\"),
            "\\&lt; \\`a\\|b\\` \\*c\\* \\_d\\_ \\~e\\~ \\\\"
        );
        // Left as written: brackets alone, and the table's own words.
        assert_eq!(
            escape("见 [report] arrived，≥95%（良）"),
            "见 [report] arrived，≥95%（良）"
        );
    }

    #[test]
    fn a_fence_outlasts_the_backticks_inside() {
        assert_eq!(fenced("text", "a\n"), "```text\na\n```\n");
        assert_eq!(fenced("text", "```\n<b>"), "````text\n```\n<b>\n````\n");
    }
}
