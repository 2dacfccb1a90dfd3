//! A table as a grid of cell texts, with merged cells filled from their top-left cell, as a
//! reader of the paper form sees them: a worksheet, a Word table or a pasted text table.

use std::io::{Read, Seek};

use calamine::{Data, DataRef, Dimensions, Reader, Sheets};

use super::format;
use super::xlsx::Look;
use crate::messages::Problem;
use crate::place::{Cell, Place};

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
    /// Cells not read as they are stored, with why (row numbers in the sheet, 0-based).
    passed: Vec<(usize, usize, Passed)>,
    /// Merged regions of a sheet (first row, first column, last row, last column; rows in
    /// the sheet), whose other cells repeat the first one's text.
    merged: Vec<(usize, usize, usize, usize)>,
}

/// Why a cell was not read as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Passed {
    /// In a hidden column: not on the form a person reads.
    HiddenColumn { text: String },
    /// A formula saved without its computed value.
    Uncomputed,
    /// A number whose format cannot be displayed exactly: read as stored (`read_as`).
    Format { code: String, read_as: String },
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
            passed: Vec::new(),
            merged: Vec::new(),
        }
    }

    /// Reads a sheet; merged regions carry their top-left text into every cell they cover.
    /// Only the area a table can take is read, and a .xlsx sheet cell by cell, so memory
    /// follows the cells present rather than the used range the file claims. A .xlsx cell is
    /// read as its number format displays it, and hidden columns are passed over (`look`).
    pub fn read<R: Read + Seek>(
        workbook: &mut Sheets<R>,
        sheet: &str,
        look: &Look,
    ) -> Result<Grid, ReadError> {
        let mut cells: Vec<Vec<String>> = Vec::new();
        let mut passed = Vec::new();
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
            if look.is_hidden_column(col) {
                passed.push((row, col, Passed::HiddenColumn { text }));
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
        // Formats that cannot be shown, for cells that turn out to be read.
        let mut formats = Vec::new();
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
                    let shown = match (&data, look.code(row, col)) {
                        (Data::String(s), Some(code)) => format::text(s, code),
                        (Data::Float(_) | Data::Int(_) | Data::DateTime(_), Some(_)) => {
                            let value = match &data {
                                Data::Int(i) => *i as f64,
                                Data::DateTime(d) => d.as_f64(),
                                _ => calamine::DataType::as_f64(&data).unwrap_or_default(),
                            };
                            match look.number(row, col, value) {
                                Ok(shown) => Some(shown),
                                Err(code) => {
                                    let read_as = text(&data);
                                    formats.push((row, col, Passed::Format { code, read_as }));
                                    None
                                }
                            }
                        }
                        _ => None,
                    };
                    put(row, col, shown.unwrap_or_else(|| text(&data)))?;
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
        let mut merged = Vec::new();
        let regions = look
            .merges
            .clone()
            .unwrap_or_else(|| merged_regions(workbook, sheet));
        for (r1, c1, r2, c2) in regions {
            if r1 < MAX_ROWS && c1 < MAX_COLUMNS {
                merged.push((r1, c1, r2, c2));
            }
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
                for (col, cell) in row.iter_mut().enumerate().take(c2 + 1).skip(c1) {
                    if cell.is_empty() && !look.is_hidden_column(col) {
                        // A long text merged over many cells counts once for each.
                        budget = budget.checked_sub(value.len()).ok_or_else(too_much)?;
                        cell.clone_from(&value);
                    }
                }
            }
        }
        passed.extend(formats);
        for &(row, col) in &look.uncomputed {
            passed.push((row, col, Passed::Uncomputed));
        }
        passed.sort_by_key(|&(row, col, _)| (row, col));
        let mut grid = Grid::new(sheet.to_string(), Origin::Sheet, cells);
        grid.hidden = look.hidden_rows.clone();
        grid.passed = passed;
        grid.merged = merged;
        Ok(grid)
    }

    /// The cells of this grid not read as stored, by their row in the grid.
    pub fn passed(&self) -> impl Iterator<Item = (usize, usize, &Passed)> {
        let rows = self.offset..self.offset + self.height();
        self.passed
            .iter()
            .filter(move |(row, _, _)| rows.contains(row))
            .map(|(row, col, why)| (row - self.offset, *col, why))
    }

    /// Whether a cell repeats the text of a merged region's first cell.
    pub fn is_merged_copy(&self, row: usize, col: usize) -> bool {
        let row = self.offset + row;
        self.merged.iter().any(|&(r1, c1, r2, c2)| {
            (r1..=r2).contains(&row) && (c1..=c2).contains(&col) && (row, col) != (r1, c1)
        })
    }

    /// Whether a cell holds a formula saved without its computed value.
    pub fn is_uncomputed(&self, row: usize, col: usize) -> bool {
        self.passed
            .iter()
            .any(|p| (p.0, p.1, &p.2) == (self.offset + row, col, &Passed::Uncomputed))
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
            passed: self.passed.clone(),
            merged: self.merged.clone(),
        }
    }

    /// Another table's rows after this one's: the rest of a table Word split in two.
    pub fn append(&mut self, rest: Grid) {
        if let Origin::Word(parts) = &mut self.origin {
            parts.push((self.offset + self.cells.len(), rest.sheet));
        }
        self.cells.extend(rest.cells);
    }

    /// Whether the sheet hides a row.
    pub fn is_hidden(&self, row: usize) -> bool {
        self.hidden.binary_search(&(self.offset + row)).is_ok()
    }

    /// Whether the grid is pasted text.
    pub fn is_text(&self) -> bool {
        matches!(self.origin, Origin::Text(_))
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
        self.place(row, col).to_string()
    }

    /// Where a cell is, typed.
    pub fn place(&self, row: usize, col: usize) -> Place {
        let row_number = self.offset + row + 1;
        match &self.origin {
            Origin::Sheet => Place::Cell {
                sheet: self.sheet.clone(),
                cell: format!("{}{row_number}", column_name(col)),
            },
            Origin::Word(parts) => {
                let (start, table) = parts
                    .iter()
                    .rev()
                    .find(|(start, _)| *start < row_number)
                    .map_or((0, self.sheet.as_str()), |(start, name)| (*start, name));
                Place::Word {
                    table: table.trim_start_matches("表格").to_string(),
                    row: row_number - start,
                    column: col + 1,
                }
            }
            Origin::Text(lines) => Place::Line {
                line: lines
                    .get(row)
                    .and_then(|l| l.get(col).or(l.last()))
                    .copied()
                    .unwrap_or(0),
            },
        }
    }

    /// A cell's place and text, as a report shows it.
    pub fn cell(&self, row: usize, col: usize) -> Cell {
        Cell::new(self.place(row, col), self.get(row, col))
    }

    /// The first cell whose label (white space removed) satisfies `matches`.
    pub fn find(&self, matches: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
        // A hidden row is not on the form: an old 项目名称 kept in one is not the name.
        (0..self.height())
            .filter(|&row| !self.is_hidden(row))
            .find_map(|row| {
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

/// The merged regions the workbook reader finds (first row, first column, last row, last
/// column).
fn merged_regions<R: Read + Seek>(
    workbook: &mut Sheets<R>,
    sheet: &str,
) -> Vec<(usize, usize, usize, usize)> {
    let regions: Vec<Dimensions> = match workbook {
        Sheets::Xlsx(xlsx) => xlsx
            .worksheet_merge_cells(sheet)
            .and_then(Result::ok)
            .unwrap_or_default(),
        Sheets::Xls(xls) => xls.worksheet_merge_cells(sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    regions
        .iter()
        .map(|r| {
            let (r1, c1) = (r.start.0 as usize, r.start.1 as usize);
            (r1, c1, r.end.0 as usize, r.end.1 as usize)
        })
        .collect()
}

/// A cell without a number format as the form shows it: numbers to Excel's 15 significant
/// digits (1444.49, not 1444.4900000000000091), dates as `2023年10月31日`.
fn text(data: &Data) -> String {
    match data {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format::general(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => date(d.as_f64()),
        Data::DateTime(d) => format::general(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

/// An Excel serial date (days since 1899-12-30) as `2023年10月31日`.
fn date(serial: f64) -> String {
    let (year, month, day) = format::civil(serial.floor() as i64);
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
        assert_eq!(text(&Data::Float(1444.49)), "1444.49");
        assert_eq!(text(&Data::Float(5.0)), "5");
        assert_eq!(text(&Data::Float(0.8629)), "0.8629");
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
