//! The audit pack as an Excel summary: a row per table with its figures as numbers, then a
//! sheet per severity with a row per finding; every sheet has its filters on and prints
//! landscape, as wide as the page, with its header row on every page.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::audit::Severity;
use crate::lang::Lang;
use crate::render::paper::width_mm;
use crate::render::xlsx::excel_width;

use super::Entry;

/// The widest a column grows, in millimetres; longer text wraps inside it. Paths, names and
/// messages fit in two or three lines while the summary's ten columns stay on one landscape
/// page at a readable scale.
const WIDEST_MM: f64 = 70.0;
/// Room beside a column's longest text, in millimetres: the cell's padding, the filter button
/// on the header, and the default font's CJK fallback running a little wider than 五号.
const SLACK_MM: f64 = 5.0;
/// The height of one line of the default font, in points; a row is as many lines high as its
/// most wrapped cell, since LibreOffice keeps a written row's height rather than fitting it.
const LINE_PT: f64 = 15.0;

/// The workbook's bytes.
pub fn render(entries: &[Entry], lang: Lang, settings: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let pack = lang.pack_labels();
    let labels = lang.labels();
    let mut workbook = Workbook::new();

    let mut headings = super::summary_columns(lang).to_vec();
    headings.push(pack.infos);
    let mut sheet = Sheet::new(workbook.add_worksheet(), pack.summary_sheet, &headings)?;
    for (index, entry) in entries.iter().enumerate() {
        let row = row_number(index)?;
        sheet.text(row, 0, &entry.path)?;
        match &entry.unusable {
            Some(message) => {
                sheet.text(row, 3, format!("{}：{message}", pack.unusable))?;
            }
            None => {
                sheet.text(row, 1, &entry.department)?;
                sheet.text(row, 2, &entry.implementer)?;
                sheet.text(row, 3, &entry.project)?;
                if let Some(declared) = entry.declared_total {
                    sheet.number(row, 4, declared, None)?;
                }
                if let Some(computed) = entry.computed_total {
                    sheet.number(row, 5, computed, Some(entry.places))?;
                }
                sheet.text(row, 6, &entry.grade)?;
            }
        }
        // A file that could not be used has no counts: it is counted as unusable, not as clean.
        if entry.unusable.is_none() {
            for (column, severity) in [
                (7, Severity::Error),
                (8, Severity::Warning),
                (9, Severity::Info),
            ] {
                sheet.number(row, column, entry.count(severity).into(), None)?;
            }
        }
    }
    // The settings the run was checked under, below the table: not measured, so that the
    // line runs on over the empty cells to its right instead of widening the first column.
    if let Some(settings) = settings {
        let row = row_number(entries.len() + 1)?;
        let format = crate::render::text_format(settings, &Format::new());
        sheet
            .sheet
            .write_string_with_format(row, 0, settings, &format)?;
    }
    sheet.finish(entries.len())?;

    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let headings = [
            pack.file,
            labels.project_name,
            pack.place,
            pack.problem,
            pack.code,
            pack.message,
            pack.help,
        ];
        let mut sheet = Sheet::new(workbook.add_worksheet(), pack.severity(severity), &headings)?;
        let mut count = 0;
        for entry in entries {
            for finding in entry.findings.iter().filter(|f| f.severity == severity) {
                let row = row_number(count)?;
                sheet.text(row, 0, &entry.path)?;
                sheet.text(row, 1, &entry.project)?;
                sheet.text(row, 2, &finding.place)?;
                sheet.text(row, 3, finding.title)?;
                sheet.text(row, 4, finding.code)?;
                sheet.text(row, 5, &finding.message)?;
                if let Some(help) = &finding.help {
                    sheet.text(row, 6, help)?;
                }
                count += 1;
            }
            if severity == Severity::Error {
                if let Some(message) = &entry.unusable {
                    let row = row_number(count)?;
                    sheet.text(row, 0, &entry.path)?;
                    sheet.text(row, 3, pack.unusable)?;
                    sheet.text(row, 4, crate::emit::UNUSABLE)?;
                    sheet.text(row, 5, message)?;
                    count += 1;
                }
            }
        }
        sheet.finish(count)?;
    }
    workbook.save_to_buffer()
}

/// A sheet being written, with the printed width of the longest text in each column so far.
struct Sheet<'w> {
    sheet: &'w mut Worksheet,
    widths: Vec<f64>,
    /// The rows whose text wraps, with the lines of the most wrapped cell.
    lines: std::collections::BTreeMap<u32, usize>,
    /// Text cells wrap inside their column and start at the top, so a wrapped message's row
    /// reads from its first line like its neighbours.
    wrap: Format,
}

impl<'w> Sheet<'w> {
    fn new(
        sheet: &'w mut Worksheet,
        name: &str,
        headings: &[&str],
    ) -> Result<Sheet<'w>, XlsxError> {
        sheet.set_name(name)?;
        // Headings centred over their columns, so that a narrow count column's right-aligned
        // figures read under their own heading.
        let bold = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::Top);
        let mut written = Sheet {
            sheet,
            widths: vec![0.0; headings.len()],
            lines: std::collections::BTreeMap::new(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        };
        for (column, heading) in headings.iter().enumerate() {
            let column = u16::try_from(column).map_err(|_| XlsxError::RowColumnLimitError)?;
            written.measure(column, heading);
            written
                .sheet
                .write_string_with_format(0, column, *heading, &bold)?;
        }
        Ok(written)
    }

    fn measure(&mut self, column: u16, text: &str) {
        let widest = text.lines().map(width_mm).fold(0.0, f64::max);
        let slot = &mut self.widths[usize::from(column)];
        *slot = slot.max(widest);
    }

    /// A text cell: a string (never a formula), quote-prefixed when a spreadsheet would take
    /// it for one ([`crate::render::text_format`]).
    fn text(&mut self, row: u32, column: u16, text: impl AsRef<str>) -> Result<(), XlsxError> {
        let text = text.as_ref();
        self.measure(column, text);
        // A column is as wide as its text up to WIDEST_MM, so only longer lines wrap.
        let lines = text
            .lines()
            .map(|line| (width_mm(line) / (WIDEST_MM * 0.9)).ceil().max(1.0) as usize)
            .sum::<usize>();
        if lines > 1 {
            let most = self.lines.entry(row).or_default();
            *most = (*most).max(lines);
        }
        let format = crate::render::text_format(text, &self.wrap);
        self.sheet
            .write_string_with_format(row, column, text, &format)?;
        Ok(())
    }

    /// A figure as a number, at `places` decimals when given.
    fn number(
        &mut self,
        row: u32,
        column: u16,
        value: rust_decimal::Decimal,
        places: Option<u32>,
    ) -> Result<(), XlsxError> {
        let Some(number) = value.to_f64() else {
            return Ok(());
        };
        let shown = match places {
            Some(places) => crate::number::fixed(value, places),
            None => value.to_string(),
        };
        self.measure(column, &shown);
        let mut format = Format::new().set_align(FormatAlign::Top);
        if let Some(places) = places.filter(|p| *p > 0) {
            format = format.set_num_format(format!("0.{}", "0".repeat(places as usize)));
        }
        self.sheet
            .write_number_with_format(row, column, number, &format)?;
        Ok(())
    }

    /// Filters over the header and rows, the header frozen on screen and repeated on every
    /// printed page, columns as wide as their text up to [`WIDEST_MM`], landscape A4 as wide
    /// as the page, with its grid lines.
    fn finish(self, rows: usize) -> Result<(), XlsxError> {
        let last_column =
            u16::try_from(self.widths.len() - 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        self.sheet
            .autofilter(0, 0, row_number(rows)? - 1, last_column)?;
        self.sheet.set_freeze_panes(1, 0)?;
        for (column, mm) in (0..).zip(&self.widths) {
            self.sheet
                .set_column_width(column, excel_width(mm.min(WIDEST_MM) + SLACK_MM))?;
        }
        for (row, lines) in &self.lines {
            self.sheet.set_row_height(*row, LINE_PT * *lines as f64)?;
        }
        self.sheet.set_repeat_rows(0, 0)?;
        self.sheet.set_landscape();
        self.sheet.set_paper_size(9); // A4
        self.sheet.set_print_fit_to_pages(1, 0);
        // Ruled on paper as on screen: without lines a wide row is hard to follow across.
        self.sheet.set_print_gridlines(true);
        self.sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        Ok(())
    }
}

/// The sheet row of the `index`-th data row (below the header).
fn row_number(index: usize) -> Result<u32, XlsxError> {
    u32::try_from(index + 1).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::unusable;

    #[test]
    fn a_pack_of_one_unusable_file_is_a_workbook() {
        let bytes = render(&[unusable("a.toml", "cannot read")], Lang::Zh, None).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
