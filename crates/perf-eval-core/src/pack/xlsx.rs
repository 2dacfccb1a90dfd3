//! The audit pack as an Excel summary: a row per table with its figures as numbers, then a
//! sheet per severity with a row per finding; every sheet has its filters on.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::audit::Severity;
use crate::lang::Lang;

use super::Entry;

/// The workbook's bytes.
pub fn render(entries: &[Entry], lang: Lang, settings: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let pack = lang.pack_labels();
    let labels = lang.labels();
    let bold = Format::new().set_bold();
    let mut workbook = Workbook::new();

    let sheet = workbook.add_worksheet();
    sheet.set_name(pack.summary_sheet)?;
    let mut headings = super::summary_columns(lang).to_vec();
    headings.push(pack.infos);
    header(sheet, &headings, &bold)?;
    for (index, entry) in entries.iter().enumerate() {
        let row = row_number(index)?;
        text(sheet, row, 0, &entry.path)?;
        match &entry.unusable {
            Some(message) => {
                text(sheet, row, 3, format!("{}：{message}", pack.unusable))?;
            }
            None => {
                text(sheet, row, 1, &entry.department)?;
                text(sheet, row, 2, &entry.implementer)?;
                text(sheet, row, 3, &entry.project)?;
                let places = "0".to_string()
                    + &(if entry.places > 0 {
                        format!(".{}", "0".repeat(entry.places as usize))
                    } else {
                        String::new()
                    });
                let figure = Format::new().set_num_format(&places);
                if let Some(declared) = entry.declared_total.and_then(|d| d.to_f64()) {
                    sheet.write_number(row, 4, declared)?;
                }
                if let Some(computed) = entry.computed_total.and_then(|d| d.to_f64()) {
                    sheet.write_number_with_format(row, 5, computed, &figure)?;
                }
                text(sheet, row, 6, &entry.grade)?;
            }
        }
        for (column, severity) in [
            (7, Severity::Error),
            (8, Severity::Warning),
            (9, Severity::Info),
        ] {
            sheet.write_number(row, column, entry.count(severity) as f64)?;
        }
    }
    finish(sheet, headings.len(), entries.len())?;
    // The settings the run was checked under, below the table.
    if let Some(settings) = settings {
        text(sheet, row_number(entries.len() + 1)?, 0, settings)?;
    }

    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(pack.severity(severity))?;
        let headings = [
            pack.file,
            labels.project_name,
            pack.place,
            pack.code,
            pack.message,
            pack.help,
        ];
        header(sheet, &headings, &bold)?;
        let mut count = 0;
        for entry in entries {
            for finding in entry.findings.iter().filter(|f| f.severity == severity) {
                let row = row_number(count)?;
                text(sheet, row, 0, &entry.path)?;
                text(sheet, row, 1, &entry.project)?;
                text(sheet, row, 2, &finding.place)?;
                text(sheet, row, 3, finding.code)?;
                text(sheet, row, 4, &finding.message)?;
                if let Some(help) = &finding.help {
                    text(sheet, row, 5, help)?;
                }
                count += 1;
            }
            if severity == Severity::Error {
                if let Some(message) = &entry.unusable {
                    let row = row_number(count)?;
                    text(sheet, row, 0, &entry.path)?;
                    text(sheet, row, 3, crate::emit::UNUSABLE)?;
                    text(sheet, row, 4, message)?;
                    count += 1;
                }
            }
        }
        finish(sheet, headings.len(), count)?;
    }
    workbook.save_to_buffer()
}

/// A text cell: a string (never a formula), quote-prefixed when a spreadsheet would take it
/// for one ([`crate::render::text_format`]).
fn text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: impl AsRef<str>,
) -> Result<(), XlsxError> {
    let text = text.as_ref();
    let format = crate::render::text_format(text, &Format::new());
    sheet.write_string_with_format(row, column, text, &format)?;
    Ok(())
}

fn header(sheet: &mut Worksheet, headings: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (column, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *heading, bold)?;
    }
    Ok(())
}

/// The sheet row of the `index`-th data row (below the header).
fn row_number(index: usize) -> Result<u32, XlsxError> {
    u32::try_from(index + 1).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Filters over the header and rows, the header frozen, columns wide enough to read.
fn finish(sheet: &mut Worksheet, columns: usize, rows: usize) -> Result<(), XlsxError> {
    let last_column = u16::try_from(columns - 1).map_err(|_| XlsxError::RowColumnLimitError)?;
    sheet.autofilter(0, 0, row_number(rows)? - 1, last_column)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    Ok(())
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
