//! A table pasted as text, in the two shapes people paste: a Word table copied as plain text
//! (each cell on a line of its own led by a tab, a blank line between rows, a cell's text
//! going on over further lines) and rows copied from a spreadsheet (cells separated by tabs,
//! one row a line). Lines without a tab (a title, notes, the report's prose) are rows of one
//! cell.

use super::grid::{Grid, Origin};

/// A continuation after a blank line is at most this long (`(50分)` under `产出指标`); longer
/// text after a blank line is prose after the table, not part of the cell.
const SHORT: usize = 20;

/// The text as a grid; `name` is what the table is called in messages.
pub fn grid(name: &str, text: &str) -> Grid {
    let mut rows = Rows::default();
    // The row being read: its cells and their first lines; `open` while cells may follow.
    let mut row: Vec<String> = Vec::new();
    let mut row_lines: Vec<usize> = Vec::new();
    let mut open = false;
    let mut blanks = 0;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() && !line.contains('\t') {
            blanks += 1;
            continue;
        }
        if line.trim_start_matches('\t').contains('\t') {
            // A spreadsheet row: complete on its own line.
            rows.finish(&mut row, &mut row_lines, open);
            let cells: Vec<String> = line.split('\t').map(str::to_string).collect();
            rows.push(vec![number; cells.len()], cells, true);
            open = false;
        } else if let Some(cell) = line.strip_prefix('\t') {
            if blanks > 0 || !open {
                rows.finish(&mut row, &mut row_lines, open);
            }
            row.push(cell.to_string());
            row_lines.push(number);
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
    rows.join_split();
    Grid::new(name.to_string(), Origin::Text(rows.lines), rows.cells)
}

/// The rows read so far.
#[derive(Default)]
struct Rows {
    cells: Vec<Vec<String>>,
    lines: Vec<Vec<usize>>,
    /// Whether each row was written in tab-led cells.
    tabbed: Vec<bool>,
    widest: usize,
}

impl Rows {
    fn push(&mut self, lines: Vec<usize>, cells: Vec<String>, tabbed: bool) {
        self.widest = self.widest.max(cells.len());
        self.cells.push(cells);
        self.lines.push(lines);
        self.tabbed.push(tabbed);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_cells_rows_and_broken_lines() {
        let text = "自评表\n\t项目名称\n\t益阳\n\n\t项目资金\n（万元）\n\t年初\n预算数\n\t分值\n\n\t绩\n效\n\n\t一级指标\n\t三级指标\n\n\t\n\t产出指标\n\n(50分)\n\t数量指标\n\n注：说明文字在表格之后，很长很长很长很长很长很长很长。\n";
        let grid = grid("t.txt", text);
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
    fn spreadsheet_rows() {
        let grid = grid("t.txt", "三级指标\t分值\r\n培训人次\t5\r\n");
        assert_eq!(grid.height(), 2);
        assert_eq!(grid.get(1, 0), "培训人次");
        assert_eq!(grid.get(1, 1), "5");
    }
}
