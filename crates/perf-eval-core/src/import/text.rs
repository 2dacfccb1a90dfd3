//! A table pasted as text, in the two shapes people paste: a Word table copied as plain text
//! (each cell on a line of its own led by a tab, a blank line between rows, a cell's text
//! going on over further lines) and rows copied from a spreadsheet (cells separated by tabs,
//! one row a line). Lines without a tab (a title, notes, the report's prose) are rows of one
//! cell.

use super::grid::{Grid, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, Origin, label};
use crate::messages::Problem;

/// A continuation after a blank line is at most this long (`(50分)` under `产出指标`); longer
/// text after a blank line is prose after the table, not part of the cell.
const SHORT: usize = 20;

/// The text as a grid; `name` is what the table is called in messages. A cell past Excel's
/// length limit is refused at its line (each label search would read it again).
pub fn grid(name: &str, text: &str) -> Result<Grid, Problem> {
    let mut rows = Rows::default();
    // The row being read: its cells and their first lines; `open` while cells may follow.
    let mut row: Vec<String> = Vec::new();
    let mut row_lines: Vec<usize> = Vec::new();
    let mut open = false;
    let mut blanks = 0;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let all: Vec<&str> = text.lines().collect();
    let mut index = 0;
    while index < all.len() {
        let line = all[index];
        let number = index + 1;
        index += 1;
        // A table has some forty rows of a dozen cells: rows and cells past the caps of a
        // sheet are not read, as megabytes of tabs must not cost gigabytes.
        if rows.cells.len() >= MAX_ROWS {
            break;
        }
        if line.trim().is_empty() && !line.contains('\t') {
            blanks += 1;
            continue;
        }
        if let Some((cells, taken)) = quoted_row(&all[number - 1..]) {
            // A spreadsheet row with a cell of several lines, in quotes.
            rows.finish(&mut row, &mut row_lines, open);
            rows.push(vec![number; cells.len()], cells, true);
            rows.spread[rows.cells.len() - 1] = true;
            open = false;
            index += taken - 1;
        } else if line.trim_start_matches('\t').contains('\t') {
            // A spreadsheet row: complete on its own line.
            rows.finish(&mut row, &mut row_lines, open);
            let cells: Vec<String> = line
                .split('\t')
                .take(MAX_COLUMNS)
                .map(str::to_string)
                .collect();
            rows.push(vec![number; cells.len()], cells, true);
            rows.spread[rows.cells.len() - 1] = true;
            open = false;
        } else if let Some(cell) = line.strip_prefix('\t') {
            if blanks > 0 || !open {
                rows.finish(&mut row, &mut row_lines, open);
            }
            if row.len() < MAX_COLUMNS {
                row.push(cell.to_string());
                row_lines.push(number);
            }
            open = true;
        } else {
            let continues = open
                && (blanks == 0
                    || (blanks == 1 && row.len() < rows.widest && line.chars().count() <= SHORT));
            if continues {
                if let Some(last) = row.last_mut() {
                    last.push_str(&"\n".repeat(blanks + 1));
                    last.push_str(line);
                }
            } else {
                rows.finish(&mut row, &mut row_lines, open);
                rows.push(vec![number], vec![line.to_string()], false);
                open = false;
            }
        }
        blanks = 0;
    }
    rows.finish(&mut row, &mut row_lines, open);
    rows.join_broken_header();
    rows.join_split();
    rows.align_right();
    for (cells, lines) in rows.cells.iter().zip(&rows.lines) {
        for (cell, line) in cells.iter().zip(lines) {
            if cell.len() > MAX_CELL_CHARS && cell.chars().count() > MAX_CELL_CHARS {
                return Err(Problem::CellTooLong {
                    cell: format!("第{line}行"),
                    max: MAX_CELL_CHARS,
                });
            }
        }
    }
    Ok(Grid::new(
        name.to_string(),
        Origin::Text(rows.lines),
        rows.cells,
    ))
}

/// The rows read so far.
#[derive(Default)]
struct Rows {
    cells: Vec<Vec<String>>,
    lines: Vec<Vec<usize>>,
    /// Whether each row was written in tab-led cells.
    tabbed: Vec<bool>,
    /// Whether each row was copied from a spreadsheet or web page (cells between tabs).
    spread: Vec<bool>,
    widest: usize,
}

impl Rows {
    fn push(&mut self, lines: Vec<usize>, cells: Vec<String>, tabbed: bool) {
        self.widest = self.widest.max(cells.len());
        self.cells.push(cells);
        self.lines.push(lines);
        self.tabbed.push(tabbed);
        self.spread.push(false);
    }

    /// The indicator header row, if one row holds it whole.
    fn header(&self) -> Option<usize> {
        self.cells.iter().position(|cells| is_header(cells))
    }

    /// A header cell with a line break (`一级<br>指标` copied from a web page, or Excel's
    /// quoted `"一级\n指标"`) splits the header row over lines, each line's last cell going on
    /// at the start of the next. When no row holds the header whole, the adjacent lines that
    /// together make it, as wide as the row under them, are joined back into one row: the
    /// latest such run (a title line above joins as well, and must not), taking in a short
    /// line before it, which is the first cell's first part.
    fn join_broken_header(&mut self) {
        if self.header().is_some() {
            return;
        }
        let joined = |start: usize, end: usize| {
            let mut cells: Vec<String> = Vec::new();
            let mut lines: Vec<usize> = Vec::new();
            for row in start..=end {
                let mut rest = self.cells[row].iter().zip(&self.lines[row]);
                if row > start
                    && let (Some(last), Some((first, _))) = (cells.last_mut(), rest.next())
                {
                    last.push('\n');
                    last.push_str(first);
                }
                for (cell, line) in rest {
                    cells.push(cell.clone());
                    lines.push(*line);
                }
            }
            let cells: Vec<String> = cells.iter().map(|c| unquote(c)).collect();
            (cells, lines)
        };
        let adjacent = |row: usize| {
            row > 0 && self.lines[row].first() == self.lines[row - 1].last().map(|l| l + 1).as_ref()
        };
        // The width of the first row of several cells below each row, found from the end once.
        let mut below = vec![None; self.cells.len()];
        for row in (0..self.cells.len().saturating_sub(1)).rev() {
            let next = row + 1;
            below[row] = if self.spread[next] && self.cells[next].len() > 1 {
                Some(self.cells[next].len())
            } else {
                below[next]
            };
        }
        let mut found = None;
        for end in 1..self.cells.len() {
            let below = below[end];
            let mut start = end;
            // A header breaks over a line for each of its cells that holds a break, a
            // dozen at most: longer runs of rows are the table's body, and joining each of
            // them would cost the cube of its length.
            while start > 0
                && end - start < BROKEN_HEADER_LINES
                && self.spread[start]
                && adjacent(start)
            {
                start -= 1;
                let (cells, _) = joined(start, end);
                if is_header(&cells) && below.is_none_or(|w| w == cells.len()) {
                    found = Some((start, end));
                    break;
                }
            }
            if found.is_some() {
                break;
            }
        }
        let Some((mut start, end)) = found else {
            return;
        };
        if start > 0
            && adjacent(start)
            && !self.spread[start - 1]
            && self.cells[start - 1].iter().all(|c| c.chars().count() <= 4)
        {
            start -= 1;
        }
        let (cells, lines) = joined(start, end);
        self.cells.splice(start..=end, [cells]);
        self.lines.splice(start..=end, [lines]);
        self.tabbed.splice(start..=end, [true]);
        self.spread.splice(start..=end, [true]);
    }

    /// Under a cell merged down (`产出指标` over its rows), a web page copied as text gives the
    /// rows below it fewer cells, missing on the left: their figures stand at the right end.
    /// Rows under the header shorter than the widest are so aligned to the right; the total
    /// and notes rows, which name themselves, are left as they are.
    fn align_right(&mut self) {
        let Some(header) = self.header().filter(|&h| self.spread[h]) else {
            return;
        };
        let width = (header..self.cells.len())
            .filter(|&r| self.spread[r])
            .map(|r| self.cells[r].len())
            .max()
            .unwrap_or(0);
        for row in header + 1..self.cells.len() {
            let cells = &self.cells[row];
            let first = cells.first().map(|c| label(c)).unwrap_or_default();
            // A row that ends in no figure was cut short (at a page's end), not shortened.
            let figure = cells
                .iter()
                .rfind(|c| !c.trim().is_empty())
                .is_some_and(|c| super::amount(c, None).is_ok_and(|v| v.is_some()));
            if !self.spread[row]
                || !figure
                || cells.len() < 2
                || cells.len() >= width
                || ["总分", "合计", "总计", "注", "备注", "填表", "填报"]
                    .iter()
                    .any(|w| first.starts_with(w))
            {
                continue;
            }
            let missing = width - cells.len();
            let line = self.lines[row].first().copied().unwrap_or(0);
            self.cells[row].splice(0..0, std::iter::repeat_n(String::new(), missing));
            self.lines[row].splice(0..0, std::iter::repeat_n(line, missing));
        }
    }

    fn finish(&mut self, row: &mut Vec<String>, lines: &mut Vec<usize>, tabbed: bool) {
        if !row.is_empty() {
            self.push(std::mem::take(lines), std::mem::take(row), tabbed);
        }
    }

    /// A cell whose text ends in an empty paragraph (`绩\n效\n指\n标` beside the indicator
    /// rows, `效益指标\n（40分）\n`) is followed by a blank line, which reads as the end of
    /// its row. Two rows of tab-led cells that together are as wide as the row before or
    /// after them are one row, put back together.
    fn join_split(&mut self) {
        let mut row = 0;
        while row + 1 < self.cells.len() {
            let len = |r: usize| self.cells.get(r).map_or(0, Vec::len);
            let joined = len(row) + len(row + 1);
            let neighbour = |r: Option<usize>| {
                r.is_some_and(|r| self.tabbed.get(r) == Some(&true) && len(r) == joined)
            };
            if self.tabbed[row]
                && self.tabbed[row + 1]
                && (neighbour(row.checked_sub(1)) || neighbour(Some(row + 2)))
            {
                let rest = self.cells.remove(row + 1);
                self.cells[row].extend(rest);
                let rest = self.lines.remove(row + 1);
                self.lines[row].extend(rest);
                self.tabbed.remove(row + 1);
            }
            row += 1;
        }
    }
}

/// The most lines a header broken at its cells' line breaks is read over.
const BROKEN_HEADER_LINES: usize = 16;

/// The most lines one quoted cell may take; an unclosed quote past them is text, not a cell.
const QUOTED_LINES: usize = 50;

/// Excel copies a cell holding a line break in quotes, a quote inside doubled
/// (`"场地不足；⏎下年增加场次"`): the cells of the row starting at `lines[0]` and the lines it
/// takes, when it has such a cell. `None` for a row of one line, or a quote that does not close
/// as Excel closes it (before a tab or the end of a line, within [`QUOTED_LINES`]).
fn quoted_row(lines: &[&str]) -> Option<(Vec<String>, usize)> {
    let first = lines.first()?;
    if !(first.starts_with('"') || first.contains("\t\"")) {
        return None;
    }
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut closed = false;
    for (taken, line) in lines.iter().enumerate().take(QUOTED_LINES) {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            let cell = cells.last_mut()?;
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' if quoted => (quoted, closed) = (false, true),
                '"' if cell.is_empty() && !closed => quoted = true,
                '\t' if !quoted => {
                    if cells.len() >= MAX_COLUMNS {
                        break;
                    }
                    cells.push(String::new());
                    closed = false;
                }
                // Text after a closing quote: not a quoted cell.
                _ if closed => return None,
                _ => cell.push(c),
            }
        }
        if !quoted {
            return (taken > 0).then_some((cells, taken + 1));
        }
        cells.last_mut()?.push('\n');
    }
    None
}

/// Whether a row is the indicator header: a 三级指标 and a 分值 cell.
fn is_header(cells: &[String]) -> bool {
    let labels: Vec<String> = cells.iter().map(|c| label(c)).collect();
    labels.iter().any(|l| l == "三级指标") && labels.iter().any(|l| super::is_weight_label(l))
}

/// A cell as Excel copies one holding a line break: in quotes, a quote inside doubled.
fn unquote(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_cells_rows_and_broken_lines() {
        let text = "自评表\n\t项目名称\n\t益阳\n\n\t项目资金\n（万元）\n\t年初\n预算数\n\t分值\n\n\t绩\n效\n\n\t一级指标\n\t三级指标\n\n\t\n\t产出指标\n\n(50分)\n\t数量指标\n\n注：说明文字在表格之后，很长很长很长很长很长很长很长。\n";
        let grid = grid("t.txt", text).unwrap();
        assert_eq!(grid.height(), 6);
        assert_eq!(grid.get(0, 0), "自评表");
        assert_eq!(grid.get(1, 1), "益阳");
        assert_eq!(grid.get(2, 0), "项目资金\n（万元）");
        assert_eq!(grid.get(2, 1), "年初\n预算数");
        assert_eq!(grid.get(3, 0), "绩\n效");
        assert_eq!(grid.get(3, 2), "三级指标");
        assert_eq!(grid.get(4, 0), "");
        assert_eq!(grid.get(4, 1), "产出指标\n\n(50分)");
        assert_eq!(grid.get(4, 2), "数量指标");
        assert!(grid.get(5, 0).starts_with("注："));
        assert_eq!(grid.address(4, 1), "第18行");
        assert_eq!(grid.address(5, 0), "第23行");
    }

    #[test]
    fn cells_excel_copies_in_quotes() {
        let row = |text: &'static str| quoted_row(&text.lines().collect::<Vec<_>>());
        let cells = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            row("培训人次\t20\t\"场地不足；\n下年增加\"\n合格率\t10"),
            Some((cells(&["培训人次", "20", "场地不足；\n下年增加"]), 2))
        );
        assert_eq!(
            row("\"一级\n指标\"\t\"他说\"\"好\"\"\n\"\t分值"),
            Some((cells(&["一级\n指标", "他说\"好\"\n", "分值"]), 3))
        );
        // One line, a quote never closed, or text after a closing quote: not such a row.
        for text in ["a\t\"b\"", "a\t\"b\nc", "\"关于\"的说明\nd\"", "a\tb"] {
            assert_eq!(row(text), None, "{text:?}");
        }
    }

    #[test]
    fn spreadsheet_rows() {
        let grid = grid("t.txt", "三级指标\t分值\r\n培训人次\t5\r\n").unwrap();
        assert_eq!(grid.height(), 2);
        assert_eq!(grid.get(1, 0), "培训人次");
        assert_eq!(grid.get(1, 1), "5");
    }
}
