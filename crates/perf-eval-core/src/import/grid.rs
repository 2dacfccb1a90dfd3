//! A table as a grid of cell texts, with merged cells filled from their top-left cell, as a
//! reader of the paper form sees them: a worksheet, a Word table or a pasted text table.

use std::io::{Read, Seek};

use calamine::{Data, DataRef, Dimensions, Reader, Sheets};

use crate::messages::Problem;

/// Rows past this are not read: a 自评表 has some forty rows, and a used range that claims a
/// million (a cell touched at XFD1048576) must not cost memory.
pub const MAX_ROWS: usize = 5_000;
/// Columns past this (CV) are not read, for the same reason.
pub const MAX_COLUMNS: usize = 100;
/// Excel's own limit on a cell's text.
pub const MAX_CELL_CHARS: usize = 32_767;
/// All the text read from one table; past this the input is refused.
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// Where a grid came from, which decides how its cells are named in messages.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A worksheet: `Sheet1!F12`.
    Sheet,
    /// A table of a Word document: `表格2 第3行第4列`. A 自评表 Word splits over several tables
    /// is one grid; each part after the first is listed by its first row in the grid and the
    /// table's name, so that its cells are named in their own table.
    Word(Vec<(usize, String)>),
    /// Pasted text: each cell's line number.
    Text(Vec<Vec<usize>>),
}

/// One table's cells as text.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The sheet's name, or what the table is called in messages.
    pub sheet: String,
    origin: Origin,
    cells: Vec<Vec<String>>,
    /// The row number of the first row in its sheet (a band of a sheet starts below 0).
    offset: usize,
    /// Text just above the table (a Word document's title paragraph), which may say the year.
    pub caption: String,
    /// The sheet's hidden rows (row numbers in the sheet, 0-based, sorted).
    pub hidden: Vec<usize>,
}

/// A problem reading cells, in words.
pub type ReadError = Problem;

impl Grid {
    pub fn new(sheet: String, origin: Origin, cells: Vec<Vec<String>>) -> Grid {
        Grid {
            sheet,
            origin,
            cells,
            offset: 0,
            caption: String::new(),
            hidden: Vec::new(),
        }
    }

    /// Reads a sheet; merged regions carry their top-left text into every cell they cover.
    /// Only the area a table can take is read, and a .xlsx sheet cell by cell, so memory
    /// follows the cells present rather than the used range the file claims.
    pub fn read<R: Read + Seek>(workbook: &mut Sheets<R>, sheet: &str) -> Result<Grid, ReadError> {
        let mut cells: Vec<Vec<String>> = Vec::new();
        let mut budget = MAX_TEXT_BYTES;
        let too_long = |row: usize, col: usize| Problem::CellTooLong {
            cell: format!("{sheet}!{}{}", column_name(col), row + 1),
            max: MAX_CELL_CHARS,
        };
        let too_much = || Problem::TextTooLarge {
            mb: (MAX_TEXT_BYTES >> 20) as u64,
        };
        let unreadable = |e: &dyn std::fmt::Display| Problem::SheetUnreadable {
            sheet: sheet.to_string(),
            why: e.to_string(),
        };
        let mut put = |row: usize, col: usize, text: String| -> Result<(), ReadError> {
            if row >= MAX_ROWS || col >= MAX_COLUMNS || text.is_empty() {
                return Ok(());
            }
            if text.chars().count() > MAX_CELL_CHARS {
                return Err(too_long(row, col));
            }
            budget = budget.checked_sub(text.len()).ok_or_else(too_much)?;
            if cells.len() <= row {
                cells.resize_with(row + 1, Vec::new);
            }
            if cells[row].len() <= col {
                cells[row].resize_with(col + 1, String::new);
            }
            cells[row][col] = text;
            Ok(())
        };
        match workbook {
            Sheets::Xlsx(xlsx) => {
                let mut reader = xlsx
                    .worksheet_cells_reader(sheet)
                    .map_err(|e| unreadable(&e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                    let (row, col) = cell.get_position();
                    let (row, col) = (row as usize, col as usize);
                    let data = match cell.get_value() {
                        DataRef::SharedString(s) if s.len() > MAX_CELL_CHARS * 4 => {
                            return Err(too_long(row, col));
                        }
                        other => Data::from(other.clone()),
                    };
                    put(row, col, text(&data))?;
                }
            }
            _ => {
                let range = workbook
                    .worksheet_range(sheet)
                    .map_err(|e| unreadable(&e))?;
                let (top, left) = range.start().unwrap_or((0, 0));
                for (row, col, data) in range.used_cells() {
                    put(row + top as usize, col + left as usize, text(data))?;
                }
            }
        }
        // Merged regions never overlap in a workbook Excel or WPS wrote, so together they
        // cover the grid at most once; a file whose regions cover it over and over (a few
        // bytes each) would take minutes to fill.
        let mut covered = 0_usize;
        for region in merged_regions(workbook, sheet) {
            let (r1, c1) = (region.start.0 as usize, region.start.1 as usize);
            let (r2, c2) = (region.end.0 as usize, region.end.1 as usize);
            let Some(value) = cells.get(r1).and_then(|row| row.get(c1)).cloned() else {
                continue;
            };
            let rows = (r2 + 1).min(cells.len()).saturating_sub(r1);
            let columns = (c2 + 1).min(MAX_COLUMNS).saturating_sub(c1);
            covered = covered.saturating_add(rows.saturating_mul(columns));
            if covered > MAX_ROWS * MAX_COLUMNS {
                return Err(Problem::MergesOverlap {
                    sheet: sheet.to_string(),
                });
            }
            for row in cells.iter_mut().take(r2 + 1).skip(r1) {
                if row.len() <= c2.min(MAX_COLUMNS - 1) {
                    row.resize_with(c2.min(MAX_COLUMNS - 1) + 1, String::new);
                }
                for cell in row.iter_mut().take(c2 + 1).skip(c1) {
                    if cell.is_empty() {
                        // A long text merged over many cells counts once for each.
                        budget = budget.checked_sub(value.len()).ok_or_else(too_much)?;
                        cell.clone_from(&value);
                    }
                }
            }
        }
        Ok(Grid::new(sheet.to_string(), Origin::Sheet, cells))
    }

    /// Rows `start..end` as a grid of their own, keeping their places.
    pub fn band(&self, start: usize, end: usize) -> Grid {
        let end = end.min(self.height());
        let origin = match &self.origin {
            Origin::Text(lines) => Origin::Text(lines[start..end].to_vec()),
            other => other.clone(),
        };
        Grid {
            sheet: self.sheet.clone(),
            origin,
            cells: self.cells[start..end].to_vec(),
            offset: self.offset + start,
            caption: self.caption.clone(),
            hidden: self.hidden.clone(),
        }
    }

    /// Another table's rows after this one's: the rest of a table Word split in two.
    pub fn append(&mut self, rest: Grid) {
        if let Origin::Word(parts) = &mut self.origin {
            parts.push((self.offset + self.cells.len(), rest.sheet));
        }
        self.cells.extend(rest.cells);
    }

    /// Text a cell's number format prints after its number, added to the cell and to the
    /// cells merged with it, which repeat its number.
    pub fn mark(&mut self, row: usize, col: usize, text: &str, merges: &[Dimensions]) {
        let region = merges
            .iter()
            .find(|m| {
                (m.start.0 as usize..=m.end.0 as usize).contains(&row)
                    && (m.start.1 as usize..=m.end.1 as usize).contains(&col)
            })
            .map_or(((row, col), (row, col)), |m| {
                (
                    (m.start.0 as usize, m.start.1 as usize),
                    (m.end.0 as usize, m.end.1 as usize),
                )
            });
        let ((r1, c1), (r2, c2)) = region;
        // Every cell of a merged region may carry the style: the top-left one speaks for all.
        if (r1, c1) != (row, col) {
            return;
        }
        for cells in self.cells.iter_mut().take(r2 + 1).skip(r1) {
            for cell in cells.iter_mut().take(c2 + 1).skip(c1) {
                if !cell.is_empty() {
                    cell.push_str(text);
                }
            }
        }
    }

    /// Whether the sheet hides a row.
    pub fn is_hidden(&self, row: usize) -> bool {
        self.hidden.binary_search(&(self.offset + row)).is_ok()
    }

    pub fn height(&self) -> usize {
        self.cells.len()
    }

    /// The text of a cell, trimmed; empty outside the grid.
    pub fn get(&self, row: usize, col: usize) -> &str {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |c| c.trim())
    }

    pub fn width(&self, row: usize) -> usize {
        self.cells.get(row).map_or(0, Vec::len)
    }

    /// Where a cell is, as the user finds it: `Sheet1!F12`, `表格2 第3行第4列`, `第142行`.
    pub fn address(&self, row: usize, col: usize) -> String {
        let row_number = self.offset + row + 1;
        match &self.origin {
            Origin::Sheet => format!("{}!{}{row_number}", self.sheet, column_name(col)),
            Origin::Word(parts) => {
                let (start, table) = parts
                    .iter()
                    .rev()
                    .find(|(start, _)| *start < row_number)
                    .map_or((0, self.sheet.as_str()), |(start, name)| (*start, name));
                format!("{table} 第{}行第{}列", row_number - start, col + 1)
            }
            Origin::Text(lines) => {
                let line = lines
                    .get(row)
                    .and_then(|l| l.get(col).or(l.last()))
                    .copied()
                    .unwrap_or(0);
                format!("第{line}行")
            }
        }
    }

    /// The first cell whose label (white space removed) satisfies `matches`.
    pub fn find(&self, matches: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
        (0..self.height()).find_map(|row| {
            (0..self.width(row))
                .find_map(|col| matches(&label(self.get(row, col))).then_some((row, col)))
        })
    }

    /// The first non-empty cell right of `(row, col)` whose text differs from the label's own
    /// (a label merged across columns repeats itself).
    pub fn right_of(&self, row: usize, col: usize) -> Option<(usize, usize)> {
        let own = self.get(row, col);
        (col + 1..self.width(row))
            .find(|&c| !self.get(row, c).is_empty() && self.get(row, c) != own)
            .map(|c| (row, c))
    }
}

/// A label with all white space removed: forms break `年初\n预算数` over lines.
pub fn label(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// `A`, `B`, …, `Z`, `AA`, …
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push((b'A' + (col % 26) as u8) as char);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.iter().rev().collect()
}

pub(super) fn merged_regions<R: Read + Seek>(
    workbook: &mut Sheets<R>,
    sheet: &str,
) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx
            .worksheet_merge_cells(sheet)
            .and_then(Result::ok)
            .unwrap_or_default(),
        Sheets::Xls(xls) => xls.worksheet_merge_cells(sheet).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A cell as the form shows it: numbers in their shortest exact form (1444.49, not
/// 1444.4900000000000091), dates as `2023年10月31日`.
fn text(data: &Data) -> String {
    match data {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => date(d.as_f64()),
        Data::DateTime(d) => float(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

/// Rust prints a float in the fewest digits that read back the same, which is what Excel shows.
fn float(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// An Excel serial date (days since 1899-12-30) as `2023年10月31日`.
fn date(serial: f64) -> String {
    // Days from 1970-01-01, then the civil-from-days algorithm (Howard Hinnant).
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year}年{month}月{day}日")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(5), "F");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn numbers_and_dates_as_the_form_shows_them() {
        assert_eq!(float(1444.49), "1444.49");
        assert_eq!(float(5.0), "5");
        assert_eq!(float(0.8629), "0.8629");
        assert_eq!(date(45230.0), "2023年10月31日");
        assert_eq!(date(44927.0), "2023年1月1日");
    }

    #[test]
    fn labels_ignore_line_breaks() {
        assert_eq!(label("年初\n预算数"), "年初预算数");
        assert_eq!(
            label(" 偏差原因\n分析及\n改进措施 "),
            "偏差原因分析及改进措施"
        );
    }
}
