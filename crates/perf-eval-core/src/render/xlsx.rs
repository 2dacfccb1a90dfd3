//! The 自评表 as an Excel workbook, laid out as the paper form ([`super::paper`]): the title,
//! then the form with 一级/二级 cells merged down their rows, the 项目资金 block on its own
//! column runs, and the signature lines. Numbers are numeric cells with the profile's decimals;
//! a declared figure that differs from the computed one is printed under it by the cell's
//! number format (`4.25` over `填报4`), so the cell stays a number and the difference shows on
//! paper.
//! The sheet prints on A4 portrait as the paper form does, one page wide, with the indicator header and a running
//! head repeated on every page and `第 1 页 共 2 页` at the foot.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, RowNum, Workbook, XlsxError};

use crate::engine::Evaluation;

use super::form::title;
use super::labels::Labels;
use super::paper::{self, COLUMNS, Cell, Content, PADDING_MM, Style, WIDTHS_MM};
use super::{text_format, xml_text};

/// The grid's widths, widened from the Word page's 156 mm to the 190 mm a portrait A4 sheet
/// has inside its margins.
const SCALE: f64 = 1.2;
/// Height of one line of 10.5 pt text, in points.
const LINE_PT: f64 = 14.0;

/// Renders the workbook to bytes.
pub fn render(evaluation: &Evaluation, labels: &Labels) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    let title_text = title(evaluation, labels);
    ws.set_name(sheet_name(&title_text))?;
    let form = paper::paper(evaluation, labels);
    let formats = Formats::new();

    let last = (COLUMNS - 1) as ColNum;
    ws.merge_range(0, 0, 0, last, &xml_text(&title_text), &formats.title)?;
    ws.set_row_height(0, 30)?;
    // The form starts on the row under the title.
    let top: RowNum = 1;
    let mut lines = vec![1usize; form.rows];
    for cell in &form.cells {
        let (row, col) = (top + cell.row as RowNum, cell.col as ColNum);
        let (last_row, last_col) = (row + cell.rows as RowNum - 1, col + cell.cols as ColNum - 1);
        let text = cell.text(labels);
        let format = text_format(&text, &formats.of(cell, labels));
        if (cell.rows, cell.cols) != (1, 1) {
            ws.merge_range(row, col, last_row, last_col, &xml_text(&text), &format)?;
        }
        // A merged range holds text; a figure overwrites its first cell with the number.
        match &cell.content {
            Content::Number { value, .. } | Content::Percent(value) => match value.to_f64() {
                Some(number) => {
                    ws.write_number_with_format(row, col, number, &format)?;
                }
                None => {
                    ws.write_string_with_format(row, col, xml_text(&text), &format)?;
                }
            },
            Content::Text(_) if (cell.rows, cell.cols) == (1, 1) => {
                ws.write_string_with_format(row, col, xml_text(&text), &format)?;
            }
            Content::Empty if (cell.rows, cell.cols) == (1, 1) => {
                ws.write_blank(row, col, &format)?;
            }
            _ => {}
        }
        if cell.rows == 1 {
            let need = lines_needed(&text, cell);
            let slot = &mut lines[cell.row];
            *slot = (*slot).max(need);
        }
    }
    for (row, count) in lines.iter().enumerate() {
        if *count > 1 {
            ws.set_row_height(top + row as RowNum, LINE_PT * *count as f64 + 2.0)?;
        }
    }

    // The signature lines, two to a row, without borders.
    let signature_top = top + form.rows as RowNum;
    let split = (COLUMNS / 2) as ColNum;
    for (index, line) in paper::signatures(evaluation, labels).iter().enumerate() {
        let row = signature_top + (index / 2) as RowNum;
        let (first, last_col) = if index % 2 == 0 {
            (0, split)
        } else {
            (split + 1, last)
        };
        ws.merge_range(row, first, row, last_col, &xml_text(line), &formats.plain)?;
        ws.set_row_height(row, 24)?;
    }

    for (col, mm) in WIDTHS_MM.iter().enumerate() {
        ws.set_column_width(col as ColNum, excel_width(f64::from(*mm) * SCALE))?;
    }
    let header = top + form.header as RowNum;
    ws.set_repeat_rows(header, header)?;
    let running_head = format!("{} {}", evaluation.project.name.value, title_text);
    ws.set_header(format!(
        "&C&\"宋体,常规\"&9{}",
        xml_text(&running_head).replace('&', "&&")
    ));
    ws.set_footer(format!("&C{}", labels.page_footer));
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    workbook.save_to_buffer()
}

/// Sheet names are at most 31 characters and may not contain `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    xml_text(title)
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// Excel's column width unit is the width of a digit of the default font (7 pixels, plus 5 of
/// padding, at 96 pixels to the inch).
fn excel_width(mm: f64) -> f64 {
    ((mm * 96.0 / 25.4 - 5.0) / 7.0).max(1.0)
}

/// Lines a cell's text wraps to in its columns.
fn lines_needed(text: &str, cell: &Cell) -> usize {
    let room: f64 = WIDTHS_MM[cell.col..cell.col + cell.cols]
        .iter()
        .map(|w| f64::from(*w) * SCALE)
        .sum::<f64>()
        - 2.0 * PADDING_MM;
    text.lines()
        .map(|line| (paper::width_mm(line) / room).ceil().max(1.0) as usize)
        .sum::<usize>()
        .max(1)
}

struct Formats {
    label: Format,
    text: Format,
    figure: Format,
    title: Format,
    plain: Format,
}

impl Formats {
    fn new() -> Formats {
        let font = Format::new().set_font_name("宋体").set_font_size(10.5);
        let base = font
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Formats {
            label: base.clone().set_align(FormatAlign::Center).set_bold(),
            figure: base.clone().set_align(FormatAlign::Center),
            text: base,
            title: Format::new()
                .set_font_name("宋体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            plain: font.set_align(FormatAlign::VerticalCenter),
        }
    }

    /// The cell's format: its style, and for figures the number format with the declared
    /// figure printed after the computed one.
    fn of(&self, cell: &Cell, labels: &Labels) -> Format {
        let base = match cell.style {
            Style::Label => &self.label,
            Style::Text => &self.text,
            Style::Figure => &self.figure,
        };
        let pattern = match &cell.content {
            Content::Number { places: 0, .. } => "0".to_string(),
            Content::Number { places, .. } => format!("0.{}", "0".repeat(*places as usize)),
            Content::Percent(_) => "0.00%".to_string(),
            _ => return base.clone(),
        };
        let pattern = match &cell.declared {
            // A quoted literal in a number format prints as it stands: `4.25` over `填报4`.
            Some(declared) => format!(
                "{pattern}\"\n{}{}\"",
                labels.declared,
                declared.replace('"', "")
            ),
            None => pattern,
        };
        base.clone().set_num_format(pattern)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn column_widths_in_excel_units() {
        // 14 mm is 52.9 pixels: (52.9 − 5) / 7 = 6.85 digit widths.
        assert!((excel_width(14.0) - 6.844).abs() < 0.01);
    }

    #[test]
    fn sheet_names_drop_what_excel_forbids() {
        assert_eq!(sheet_name("a[b]:c*d?e/f\\g\u{FFFE}"), "abcdefg\u{FFFD}");
        assert_eq!(sheet_name(&"字".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn a_differing_declared_figure_is_in_the_number_format() {
        let cell = Cell {
            row: 0,
            col: 8,
            rows: 1,
            cols: 1,
            content: Content::Number {
                value: Decimal::new(425, 2),
                places: 2,
            },
            style: Style::Figure,
            declared: Some("4".to_string()),
        };
        let format = Formats::new().of(&cell, &super::super::labels::ZH);
        assert_eq!(
            format,
            Formats::new().figure.set_num_format("0.00\"\n填报4\"")
        );
    }
}
