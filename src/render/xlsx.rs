//! The 自评表 as an Excel workbook in the official layout: title, header block, 项目资金 block,
//! 年度总体目标, the indicator table with 一级/二级 cells merged down their rows as on the paper
//! form, and the 总分 row. Numbers are numeric cells with the profile's decimals; a declared
//! figure that differs from the computed one is kept in a cell note. Column widths are set from
//! the display width of the text (Excel's autofit under-sizes CJK), and the sheet prints on A4,
//! fit to width, with the indicator header repeated on every page.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, Note, RowNum, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use crate::engine::{Evaluation, declared_differs, rate_differs};
use crate::number::{plain, round_half_up};
use crate::project::FundsRow;
use crate::source::Located;

use super::form::{grade_cell, indicator_header, level1_label, title};
use super::labels::Labels;

/// Columns: 绩效指标 label, 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因.
const COLUMNS: usize = 9;
/// Widest a wrapped text column grows, in Excel character units.
const MAX_WIDTH: usize = 36;

/// Renders the workbook to bytes.
pub fn render(evaluation: &Evaluation, labels: &Labels) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet_name(evaluation, labels))?;
    let mut sheet = Sheet::new(worksheet, evaluation.profile.rounding);
    sheet.write(evaluation, labels)?;
    workbook.save_to_buffer()
}

/// Sheet names are at most 31 characters and may not contain `[]:*?/\`.
fn sheet_name(evaluation: &Evaluation, labels: &Labels) -> String {
    title(evaluation, labels)
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

struct Sheet<'w> {
    ws: &'w mut Worksheet,
    text: Format,
    label: Format,
    title: Format,
    score_places: u32,
    /// The widest single-column text seen in each column, in display columns.
    widths: [usize; COLUMNS],
    /// Wrapped texts per row, to size row heights: (row, first column, last column, text).
    wrapped: Vec<(RowNum, ColNum, ColNum, String)>,
}

impl<'w> Sheet<'w> {
    fn new(ws: &'w mut Worksheet, score_places: u32) -> Sheet<'w> {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Sheet {
            ws,
            label: base.clone().set_align(FormatAlign::Center).set_bold(),
            title: Format::new()
                .set_font_name("宋体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: base,
            score_places,
            widths: [4; COLUMNS],
            wrapped: Vec::new(),
        }
    }

    fn number_format(&self, places: u32) -> Format {
        let pattern = if places == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(places as usize))
        };
        self.text
            .clone()
            .set_align(FormatAlign::Right)
            .set_num_format(pattern)
    }

    fn put(&mut self, row: RowNum, col: ColNum, text: &str, label: bool) -> Result<(), XlsxError> {
        let format = if label { &self.label } else { &self.text };
        self.ws.write_string_with_format(row, col, text, format)?;
        let width = &mut self.widths[col as usize];
        *width = (*width).max(text.width());
        self.wrapped.push((row, col, col, text.to_string()));
        Ok(())
    }

    fn merge(
        &mut self,
        (r1, c1): (RowNum, ColNum),
        (r2, c2): (RowNum, ColNum),
        text: &str,
        label: bool,
    ) -> Result<(), XlsxError> {
        if (r1, c1) == (r2, c2) {
            return self.put(r1, c1, text, label);
        }
        let format = if label { &self.label } else { &self.text };
        self.ws.merge_range(r1, c1, r2, c2, text, format)?;
        if r1 == r2 {
            self.wrapped.push((r1, c1, c2, text.to_string()));
        }
        Ok(())
    }

    /// A numeric cell with `places` decimals; blank when there is no value.
    fn number(
        &mut self,
        row: RowNum,
        col: ColNum,
        value: Option<Decimal>,
        places: u32,
    ) -> Result<(), XlsxError> {
        let format = self.number_format(places);
        match value.and_then(|v| v.to_f64()) {
            Some(number) => {
                self.ws
                    .write_number_with_format(row, col, number, &format)?;
            }
            None => {
                self.ws.write_blank(row, col, &format)?;
            }
        }
        Ok(())
    }

    /// A computed score, with a note giving the declared one when they differ.
    fn score(
        &mut self,
        row: RowNum,
        col: ColNum,
        computed: Decimal,
        declared: Option<&Located<Decimal>>,
        evaluation: &Evaluation,
        labels: &Labels,
    ) -> Result<(), XlsxError> {
        self.number(row, col, Some(computed), self.score_places)?;
        if let Some(declared) = declared
            && declared_differs(declared.value, computed, evaluation.profile)
        {
            let note = Note::new(format!("{} {}", labels.declared, plain(declared.value)))
                .set_author("perf-eval");
            self.ws.insert_note(row, col, &note)?;
        }
        Ok(())
    }

    fn write(&mut self, evaluation: &Evaluation, labels: &Labels) -> Result<(), XlsxError> {
        let project = evaluation.project;
        let last = (COLUMNS - 1) as ColNum;
        self.ws
            .merge_range(0, 0, 0, last, &title(evaluation, labels), &self.title)?;
        self.ws.set_row_height(0, 30)?;

        self.put(1, 0, labels.project_name, true)?;
        self.merge((1, 1), (1, last), &project.name.value, false)?;
        self.put(2, 0, labels.department, true)?;
        self.merge((2, 1), (2, 3), &project.department, false)?;
        self.merge((2, 4), (2, 5), labels.implementer, true)?;
        self.merge((2, 6), (2, last), &project.implementer, false)?;

        let next = self.funds(3, evaluation, labels)?;
        let next = self.goals(next, evaluation, labels)?;
        self.indicators(next, evaluation, labels)?;

        self.size_columns();
        self.size_rows();
        self.ws.set_paper_size(9); // A4
        self.ws.set_landscape();
        self.ws.set_print_fit_to_pages(1, 0);
        self.ws.set_print_center_horizontally(true);
        self.ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
        Ok(())
    }

    /// The 项目资金 block from `top`; returns the next free row.
    fn funds(
        &mut self,
        top: RowNum,
        evaluation: &Evaluation,
        labels: &Labels,
    ) -> Result<RowNum, XlsxError> {
        let declared = &evaluation.project.funds;
        let funds = &evaluation.funds;
        let heading = labels.paren(labels.funds, declared.unit.label());
        self.merge((top, 0), (top + 4, 0), &heading, true)?;
        self.merge((top, 1), (top, 2), "", true)?;
        let columns = [
            labels.initial,
            labels.annual,
            labels.executed,
            labels.weight,
            labels.rate,
            labels.score,
        ];
        for (offset, name) in columns.iter().enumerate() {
            self.put(top, 3 + offset as ColNum, name, true)?;
        }
        let total_label = if funds.summed_from_rows {
            labels.funds_total_summed
        } else {
            labels.funds_total
        };
        let amount_places = |row: &FundsRow| {
            [&row.initial, &row.annual, &row.executed]
                .iter()
                .filter_map(|a| a.as_ref().map(|a| a.value.scale()))
                .max()
                .unwrap_or(0)
                .max(2)
        };
        let rows = [
            (total_label, &declared.total),
            (labels.appropriation, &declared.appropriation),
            (labels.carryover, &declared.carryover),
            (labels.other, &declared.other),
        ];
        for (offset, (label, row)) in rows.iter().enumerate() {
            let r = top + 1 + offset as RowNum;
            self.merge((r, 1), (r, 2), label, false)?;
            let places = amount_places(row);
            let amounts: [Option<Decimal>; 3] = if offset == 0 {
                funds.amounts.map(Some)
            } else {
                [&row.initial, &row.annual, &row.executed].map(|a| a.as_ref().map(|a| a.value))
            };
            for (column, amount) in amounts.iter().enumerate() {
                self.number(r, 3 + column as ColNum, *amount, places)?;
            }
            if offset > 0 {
                for column in 6..COLUMNS as ColNum {
                    self.ws.write_blank(r, column, &self.text)?;
                }
            }
        }
        let r = top + 1;
        self.number(r, 6, Some(funds.weight), funds.weight.scale())?;
        let rate_format = self
            .text
            .clone()
            .set_align(FormatAlign::Right)
            .set_num_format("0.00%");
        // The rate as the table prints it (86.29%), so that it reads back as written.
        match funds.rate.and_then(|rate| round_half_up(rate, 4).to_f64()) {
            Some(rate) => {
                self.ws.write_number_with_format(r, 7, rate, &rate_format)?;
            }
            None => {
                self.ws.write_blank(r, 7, &rate_format)?;
            }
        }
        if let (Some(declared_rate), Some(rate)) = (&declared.rate, funds.rate)
            && rate_differs(declared_rate.value, rate)
        {
            let note = Note::new(format!(
                "{} {}%",
                labels.declared,
                plain(declared_rate.value)
            ))
            .set_author("perf-eval");
            self.ws.insert_note(r, 7, &note)?;
        }
        self.score(
            r,
            8,
            funds.score,
            declared.score.as_ref(),
            evaluation,
            labels,
        )?;
        Ok(top + 5)
    }

    /// 年度总体目标 from `top`; returns the next free row.
    fn goals(
        &mut self,
        top: RowNum,
        evaluation: &Evaluation,
        labels: &Labels,
    ) -> Result<RowNum, XlsxError> {
        let goals = &evaluation.project.goals;
        let last = (COLUMNS - 1) as ColNum;
        self.merge((top, 0), (top + 1, 0), labels.goals, true)?;
        self.merge((top, 1), (top, 4), labels.expected, true)?;
        self.merge((top, 5), (top, last), labels.actual_goal, true)?;
        self.merge((top + 1, 1), (top + 1, 4), &goals.expected, false)?;
        self.merge((top + 1, 5), (top + 1, last), &goals.actual, false)?;
        Ok(top + 2)
    }

    /// The indicator table from `top`, 一级/二级 merged down their runs, then 总分.
    fn indicators(
        &mut self,
        top: RowNum,
        evaluation: &Evaluation,
        labels: &Labels,
    ) -> Result<(), XlsxError> {
        let project = evaluation.project;
        for (offset, name) in indicator_header(labels).iter().enumerate() {
            self.put(top, 1 + offset as ColNum, name, true)?;
        }
        self.ws.set_repeat_rows(top, top)?;
        let first = top + 1;
        let rows = project.indicators.iter().zip(&evaluation.rows);
        for (offset, (indicator, row)) in rows.enumerate() {
            let r = first + offset as RowNum;
            self.put(r, 3, &indicator.name.value, false)?;
            self.put(r, 4, &indicator.target.value.text, false)?;
            self.put(r, 5, &indicator.actual.value.text, false)?;
            if indicator.na {
                self.put(r, 6, labels.not_applicable, false)?;
                self.ws.write_blank(r, 7, &self.text)?;
            } else {
                self.number(r, 6, Some(row.weight), row.weight.scale())?;
                self.score(
                    r,
                    7,
                    row.score,
                    indicator.score.as_ref(),
                    evaluation,
                    labels,
                )?;
            }
            let note = indicator.note.as_ref().map_or("", |n| n.value.as_str());
            self.put(r, 8, note, false)?;
        }
        let count = project.indicators.len() as RowNum;
        // Merge 一级 and 二级 labels down their runs, as the paper form does.
        let mut start = 0;
        while start < project.indicators.len() {
            let level1 = &project.indicators[start].level1.value;
            let end = (start..project.indicators.len())
                .take_while(|&i| &project.indicators[i].level1.value == level1)
                .last()
                .unwrap_or(start);
            let text = level1_label(evaluation, level1, labels);
            self.merge(
                (first + start as RowNum, 1),
                (first + end as RowNum, 1),
                &text,
                false,
            )?;
            self.widths[1] = self.widths[1].max(text.width().min(12));
            let mut inner = start;
            while inner <= end {
                let level2 = &project.indicators[inner].level2.value;
                let inner_end = (inner..=end)
                    .take_while(|&i| &project.indicators[i].level2.value == level2)
                    .last()
                    .unwrap_or(inner);
                self.merge(
                    (first + inner as RowNum, 2),
                    (first + inner_end as RowNum, 2),
                    level2,
                    false,
                )?;
                self.widths[2] = self.widths[2].max(level2.width());
                inner = inner_end + 1;
            }
            start = end + 1;
        }
        let total_row = first + count;
        let label_last = if count > 0 { total_row - 1 } else { top };
        self.merge((top, 0), (label_last, 0), labels.indicators, true)?;
        self.merge((total_row, 0), (total_row, 5), labels.total, true)?;
        self.number(
            total_row,
            6,
            Some(evaluation.weight_total),
            evaluation.weight_total.scale(),
        )?;
        self.score(
            total_row,
            7,
            evaluation.total,
            project.total.score.as_ref(),
            evaluation,
            labels,
        )?;
        self.put(total_row, 8, &grade_cell(evaluation, labels), false)
    }

    /// Widths from display width (a CJK character is two units), capped so text wraps.
    fn size_columns(&mut self) {
        for (column, width) in self.widths.iter().enumerate() {
            let units = (*width + 2).min(MAX_WIDTH);
            let _ = self.ws.set_column_width(column as ColNum, units as f64);
        }
    }

    /// Heights for wrapped text: enough lines for the widest text in the row.
    fn size_rows(&mut self) {
        let mut heights: Vec<(RowNum, usize)> = Vec::new();
        for (row, first, last, text) in &self.wrapped {
            let room: usize = (*first..=*last)
                .map(|c| (self.widths[c as usize] + 2).min(MAX_WIDTH))
                .sum::<usize>()
                .max(1);
            let lines = text.width().div_ceil(room).max(1);
            match heights.iter_mut().find(|(r, _)| r == row) {
                Some((_, most)) => *most = (*most).max(lines),
                None => heights.push((*row, lines)),
            }
        }
        for (row, lines) in heights {
            if lines > 1 {
                let _ = self.ws.set_row_height(row, 15.0 * lines as f64);
            }
        }
    }
}
