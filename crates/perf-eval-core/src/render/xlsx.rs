//! The 自评表 as an Excel workbook, laid out as the paper form ([`super::paper`]): the title,
//! then the form with 一级/二级 cells merged down their rows, the 项目资金 block on its own
//! column runs, and the signature lines. Numbers are numeric cells with the profile's decimals;
//! 执行率, the funds score and 总分 are formulas over the cells they come from, with their
//! values written too, so that the table stays right when an officer edits a figure in Excel or
//! WPS. A declared figure that differs from the computed one is printed as the paper form
//! prints it, under the computed one (`4.25` over `填报4`), in a text cell.
//! The sheet prints on A4 portrait as the paper form does, one page wide, with the indicator
//! header and a running head repeated on every page and `第 1 页 共 2 页` at the foot.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, Formula, RowNum, Workbook, XlsxError,
    utility::row_col_to_cell,
};

use crate::engine::Evaluation;
use crate::number::{plain, round_half_up};
use crate::profile::{Basis, Executed};

use super::form::title;
use super::labels::Labels;
use super::paper::{
    self, AMOUNT_COLUMNS, COLUMNS, Cell, Content, FUNDS_ROW, FUNDS_SCORE_COLUMN,
    FUNDS_WEIGHT_COLUMN, PADDING_MM, Paper, RATE_COLUMN, SCORE_COLUMN, Style,
};
use super::{text_format, xml_text};

/// The width inside the margins of a portrait A4 sheet (210 mm less 2 × 0.6 inch), in mm.
const SHEET_WIDTH_MM: f64 = 210.0 - 2.0 * 15.24;
/// Height of one line of 10.5 pt text, in points, and the room above and below the text.
const LINE_PT: f64 = 14.0;
const ROW_PADDING_PT: f64 = 6.0;
/// The sheet row of the form's first row: the title is above it.
const TOP: RowNum = 1;

/// Renders the workbook to bytes.
pub fn render(evaluation: &Evaluation, labels: &Labels) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    let title_text = title(evaluation, labels);
    ws.set_name(sheet_name(&title_text))?;
    let form = paper::paper(evaluation, labels);
    let widths = form.widths(SHEET_WIDTH_MM, labels);
    let formats = Formats::new();
    let formulas = formulas(&form, evaluation);

    let last = (COLUMNS - 1) as ColNum;
    ws.merge_range(0, 0, 0, last, &xml_text(&title_text), &formats.title)?;
    ws.set_row_height(0, 30)?;
    let mut lines = vec![1usize; form.rows];
    for cell in &form.cells {
        let (row, col) = (TOP + cell.row as RowNum, cell.col as ColNum);
        let (last_row, last_col) = (row + cell.rows as RowNum - 1, col + cell.cols as ColNum - 1);
        let mut format = formats.of(cell);
        if form.open_below(cell) {
            format = format.set_border_bottom(FormatBorder::None);
        }
        if form.open_above(cell) {
            format = format.set_border_top(FormatBorder::None);
        }
        let room = room_mm(&widths, cell);
        let text = cell.text_in(room, labels);
        let format = text_format(&text, &format);
        if (cell.rows, cell.cols) != (1, 1) {
            ws.merge_range(row, col, last_row, last_col, &xml_text(&text), &format)?;
        }
        // A merged range holds text; a figure overwrites its first cell with the number or
        // formula. A figure printed with its declared one beside it stays the text.
        let figure = match &cell.content {
            Content::Number { value, .. } | Content::Percent(value) if cell.declared.is_none() => {
                value.to_f64()
            }
            _ => None,
        };
        match (
            formulas.iter().find(|f| f.at == (cell.row, cell.col)),
            figure,
        ) {
            (Some(formula), Some(_)) => {
                ws.write_formula_with_format(row, col, formula.formula(), &format)?;
            }
            (None, Some(number)) => {
                ws.write_number_with_format(row, col, number, &format)?;
            }
            _ if (cell.rows, cell.cols) == (1, 1) => match &cell.content {
                Content::Empty => {
                    ws.write_blank(row, col, &format)?;
                }
                _ => {
                    ws.write_string_with_format(row, col, xml_text(&text), &format)?;
                }
            },
            _ => {}
        }
        // A cell over several rows gets its lines from the last of them.
        let need = lines_needed(&text, room, cell.style == Style::Figure);
        let have: usize = lines[cell.row..cell.row + cell.rows].iter().sum();
        if need > have {
            lines[cell.row + cell.rows - 1] += need - have;
        }
    }
    // Every row as high as its text, with room above and below it.
    for (row, count) in lines.iter().enumerate() {
        ws.set_row_height(TOP + row as RowNum, row_height(*count))?;
    }

    // The signature lines, two to a row, without borders.
    let signature_top = TOP + form.rows as RowNum;
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

    for (col, mm) in widths.iter().enumerate() {
        ws.set_column_width(col as ColNum, excel_width(*mm))?;
    }
    let header = TOP + form.header as RowNum;
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
    ws.set_margins(0.6, 0.6, 0.6, 0.6, 0.3, 0.3);
    workbook.save_to_buffer()
}

/// A formula of the form, at a grid position, with the value the engine computed for it.
#[derive(Debug, PartialEq)]
struct CellFormula {
    at: (usize, usize),
    text: String,
    value: Decimal,
}

impl CellFormula {
    fn formula(&self) -> Formula {
        Formula::new(&self.text).set_result(plain(self.value))
    }
}

/// The sheet address of a grid position.
fn address((row, col): (usize, usize)) -> String {
    row_col_to_cell(TOP + row as RowNum, col as ColNum)
}

/// 执行率 and the funds score as formulas of the 年度资金总额 row where the rules score the
/// rate as min(rate, cap) × 分值 over one budget column; 总分 as the sum of the scores. Excel's
/// ROUND rounds half away from zero, as 四舍五入 and the engine do.
fn formulas(form: &Paper, evaluation: &Evaluation) -> Vec<CellFormula> {
    let funds = &evaluation.funds;
    let rule = &evaluation.profile.funds;
    let places = evaluation.profile.rounding;
    let mut formulas = Vec::new();
    let budget_column = match funds.basis {
        Basis::Initial => Some(AMOUNT_COLUMNS[0]),
        Basis::Annual => Some(AMOUNT_COLUMNS[1]),
        // 湖北's budget is of 财政资金 rows only, not a cell of the form.
        Basis::Adjusted => None,
    };
    let simple = rule.steps.is_empty()
        && rule.executed == Executed::Executed
        && funds.budget > Decimal::ZERO;
    if let (Some(budget), Some(rate), true) = (budget_column, funds.rate, simple) {
        let ratio = format!(
            "{}/{}",
            address((FUNDS_ROW, AMOUNT_COLUMNS[2])),
            address((FUNDS_ROW, budget))
        );
        let weight = address((FUNDS_ROW, FUNDS_WEIGHT_COLUMN));
        formulas.push(CellFormula {
            at: (FUNDS_ROW, RATE_COLUMN),
            text: format!("=ROUND({ratio},4)"),
            value: round_half_up(rate, 4),
        });
        formulas.push(CellFormula {
            at: (FUNDS_ROW, FUNDS_SCORE_COLUMN),
            text: format!(
                "=MIN(ROUND(MIN({ratio},{})*{weight},{places}),{weight})",
                plain(rule.cap)
            ),
            value: funds.score,
        });
    }
    // 总分: the indicator scores, and the funds score where it counts. A score printed with its
    // declared one is text, which SUM passes over: its computed value is added as a figure.
    let first = form.header + 1;
    let mut terms = vec![format!(
        "SUM({}:{})",
        address((first, SCORE_COLUMN)),
        address((form.total_row - 1, SCORE_COLUMN))
    )];
    let scores = form.cells.iter().filter(|cell| {
        (cell.col == SCORE_COLUMN && (first..form.total_row).contains(&cell.row))
            || (funds.counted && (cell.row, cell.col) == (FUNDS_ROW, FUNDS_SCORE_COLUMN))
    });
    for cell in scores {
        match (&cell.content, &cell.declared) {
            (Content::Number { value, .. }, Some(_)) => terms.push(plain(*value)),
            (Content::Number { .. }, None) if cell.row == FUNDS_ROW => {
                terms.push(address((cell.row, cell.col)));
            }
            _ => {}
        }
    }
    if form.total_row > first {
        formulas.push(CellFormula {
            at: (form.total_row, SCORE_COLUMN),
            text: format!("=ROUND({},{places})", terms.join("+")),
            value: evaluation.total,
        });
    }
    formulas
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
pub fn excel_width(mm: f64) -> f64 {
    ((mm * 96.0 / 25.4 - 5.0) / 7.0).max(1.0)
}

/// The room inside a cell's columns, in millimetres.
fn room_mm(widths: &[f64; COLUMNS], cell: &Cell) -> f64 {
    widths[cell.col..cell.col + cell.cols].iter().sum::<f64>() - 2.0 * PADDING_MM
}

/// Lines a cell's text wraps to in `room` millimetres; a little is kept in hand because
/// Excel's and WPS's faces run wider than the estimate over running text. A figure's line that
/// fits is one line: its column was sized to hold it (in 宋体, whose digits are half an em
/// exactly), so that its row is not made higher for a wrap that never comes.
fn lines_needed(text: &str, room: f64, figure: bool) -> usize {
    text.lines()
        .map(|line| {
            let width = paper::width_mm(line);
            if figure && width <= room {
                1
            } else {
                (width / (room * 0.92)).ceil().max(1.0) as usize
            }
        })
        .sum::<usize>()
        .max(1)
}

/// The height of a row of `lines` lines, in points.
fn row_height(lines: usize) -> f64 {
    LINE_PT * lines as f64 + ROW_PADDING_PT
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

    /// The cell's format: its style, and for a figure its number format.
    fn of(&self, cell: &Cell) -> Format {
        let base = match cell.style {
            Style::Label => &self.label,
            Style::Text | Style::Note => &self.text,
            Style::Figure | Style::Name => &self.figure,
        };
        let pattern = match (&cell.content, &cell.declared) {
            // Printed with its declared figure: a text cell, as the form shows it.
            (_, Some(_)) => return base.clone(),
            (Content::Number { places: 0, .. }, None) => "0".to_string(),
            (Content::Number { places, .. }, None) => {
                format!("0.{}", "0".repeat(*places as usize))
            }
            (Content::Percent(_), None) => "0.00%".to_string(),
            _ => return base.clone(),
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
    fn a_differing_declared_figure_is_text_and_an_agreeing_one_a_number() {
        let mut cell = Cell {
            row: 0,
            col: 8,
            rows: 1,
            cols: 1,
            content: Content::Number {
                value: Decimal::new(425, 2),
                places: 2,
            },
            style: Style::Figure,
            declared: None,
        };
        assert_eq!(
            Formats::new().of(&cell),
            Formats::new().figure.set_num_format("0.00")
        );
        cell.declared = Some("4".to_string());
        assert_eq!(Formats::new().of(&cell), Formats::new().figure);
        assert_eq!(cell.text(&super::super::labels::ZH), "4.25\n填报4");
    }

    #[test]
    fn rows_are_as_high_as_their_lines() {
        assert_eq!(row_height(1), 20.0);
        assert_eq!(row_height(3), 48.0);
        // 10 characters of 3.7 mm in 20 mm, less what is kept in hand: three lines; a declared
        // figure on a line of its own is one more.
        assert_eq!(lines_needed(&"字".repeat(10), 20.0, false), 3);
        assert_eq!(lines_needed("1444.49\n填报1444", 20.0, true), 2);
        // `≤1444.49万元` (6.75 em, 25.0 mm) in a column made for it: one line, as text two.
        assert_eq!(lines_needed("≤1444.49万元", 25.1, true), 1);
        assert_eq!(lines_needed("≤1444.49万元", 25.1, false), 2);
    }
}
