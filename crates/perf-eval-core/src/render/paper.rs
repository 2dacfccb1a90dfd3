//! The 自评表 as the paper form lays it out (财政部《项目支出绩效自评表》, 财预〔2020〕10号附件):
//! one grid of columns, every cell with its span, shared by the Excel and Word writers so that
//! both print the same form. The grid is finer than either block needs, so that the 项目资金
//! block and the indicator block each get columns of a sensible width:
//!
//! ```text
//! col   0          1      2      3   4     5        6        7    8    9   10
//!       项目资金    (row label)   年初 全年  全年执行  分值     执行率     得分
//!       绩效指标    一级   二级   三级指标  年度指标值 实际完成值 分值 得分 偏差原因…
//! ```

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthChar;

use crate::engine::{Evaluation, declared_differs, rate_differs};
use crate::number::{fixed, percent, plain, round_half_up};
use crate::project::FundsRow;

use super::form::{funds_note, grade_cell, indicator_header, level1_label, notes};
use super::labels::Labels;

/// Grid columns.
pub const COLUMNS: usize = 11;
/// Column widths in millimetres, adding up to the text width of a portrait A4 page with the
/// margins of 党政机关公文格式 (GB/T 9704-2012: 210 − 28 − 26 = 156 mm).
/// The label columns hold four characters a line (`项目资金` over `（万元）`, `产出指标` over
/// `（50分）` with the space Word puts between Chinese and digits), 三级指标 seven, and the
/// amount columns a seven-digit figure (`1444.49`).
pub const WIDTHS_MM: [u32; COLUMNS] = [17, 19, 17, 15, 15, 15, 15, 10, 13, 10, 10];
/// Cell padding on each side, in millimetres: narrow, as printed forms have it, so that the
/// seed's figures with their units (`1444.49万元`) fit portrait columns.
pub const PADDING_MM: f64 = 0.5;
/// Type size of the form, in points (五号).
pub const TYPE_PT: f64 = 10.5;

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    /// A figure with `places` decimals.
    Number {
        value: Decimal,
        places: u32,
    },
    /// A rate (0.8629) shown as a percentage with two decimals.
    Percent(Decimal),
    Empty,
}

/// How a cell is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A label of the form: bold, centred.
    Label,
    /// Running text: left-aligned, wrapped where the reader's line ends (a line break written
    /// into a name or a note would be read back as part of it).
    Text,
    /// The form's own words as running text (a funds row's label, the lines under the table):
    /// set as [`Style::Text`], a short line (`其中：当年财政拨款`) never broken, a long one after
    /// `；` where it is too long, so that no term is split (`年初预算` over `数`).
    Note,
    /// A name of the form's structure (一级/二级指标): centred, wrapped between words of at
    /// least four characters.
    Name,
    /// A figure or a short value: centred, never broken inside.
    Figure,
}

/// A cell and the grid area it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub content: Content,
    pub style: Style,
    /// The declared figure when it differs from the computed one, printed beside it.
    pub declared: Option<String>,
}

impl Cell {
    /// The cell as printed: the figure at its places, and the declared one under it.
    pub fn text(&self, labels: &Labels) -> String {
        let shown = match &self.content {
            Content::Text(text) => text.clone(),
            Content::Number { value, places } => fixed(*value, *places),
            Content::Percent(rate) => percent(*rate),
            Content::Empty => String::new(),
        };
        match &self.declared {
            // On a line of its own under the computed figure, which reads first: `4.25` over
            // `填报4`, narrow enough for the 得分 column (Word spaces Chinese from digits).
            Some(declared) => format!("{shown}\n{}{declared}", labels.declared),
            None => shown,
        }
    }
}

/// The form: its cells in reading order and the rows of its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub cells: Vec<Cell>,
    pub rows: usize,
    /// The indicator header row: printed again at the top of every page the table runs onto.
    pub header: usize,
    /// The 总分 row; the indicator rows are those between the header and it.
    pub total_row: usize,
}

impl Paper {
    /// Row by row, which cell covers each grid column: `None` for none.
    pub fn coverage(&self) -> Vec<[Option<usize>; COLUMNS]> {
        let mut grid = vec![[None; COLUMNS]; self.rows];
        for (index, cell) in self.cells.iter().enumerate() {
            for row in &mut grid[cell.row..cell.row + cell.rows] {
                for slot in &mut row[cell.col..cell.col + cell.cols] {
                    *slot = Some(index);
                }
            }
        }
        grid
    }

    /// The indicator header's blank corner, whose lower edge is open to 绩效指标 below it.
    pub fn open_below(&self, cell: &Cell) -> bool {
        (cell.row, cell.col, &cell.content) == (self.header, 0, &Content::Empty)
    }

    /// 绩效指标, whose upper edge is open to the header's blank corner.
    pub fn open_above(&self, cell: &Cell) -> bool {
        (cell.row, cell.col) == (self.header + 1, 0)
            && self.cells.iter().any(|corner| self.open_below(corner))
    }

    /// The narrowest each grid column can be so that no figure, unit, grade or label breaks
    /// inside and names keep four characters a line, in millimetres. A cell over several
    /// columns widens the last of them where it needs more than they give.
    pub fn minimum_widths(&self, labels: &Labels) -> [f64; COLUMNS] {
        let mut widths = [0.0; COLUMNS];
        let mut cells: Vec<&Cell> = self.cells.iter().collect();
        // Single columns first, so that a span only adds what its columns still lack.
        cells.sort_by_key(|cell| cell.cols);
        for cell in cells {
            let need = cell.minimum_mm(labels) + 2.0 * PADDING_MM;
            let span = &mut widths[cell.col..cell.col + cell.cols];
            let have: f64 = span.iter().sum();
            if need > have {
                span[cell.cols - 1] += need - have;
            }
        }
        widths
    }

    /// Whether the form fits `total` millimetres of text width without breaking a figure.
    pub fn fits(&self, total: f64, labels: &Labels) -> bool {
        self.minimum_widths(labels).iter().sum::<f64>() <= total + 1e-9
    }

    /// Column widths in millimetres filling `total`: the proportions of [`WIDTHS_MM`], each
    /// column at least its minimum, the room taken for that from the columns that have more
    /// than theirs. Where even the minimums do not fit they are scaled down to `total`.
    pub fn widths(&self, total: f64, labels: &Labels) -> [f64; COLUMNS] {
        let minimum = self.minimum_widths(labels);
        let needed: f64 = minimum.iter().sum();
        if needed >= total {
            return minimum.map(|w| w * total / needed);
        }
        let base_total: f64 = WIDTHS_MM.iter().map(|w| f64::from(*w)).sum();
        let mut widths: [f64; COLUMNS] = std::array::from_fn(|col| {
            (f64::from(WIDTHS_MM[col]) * total / base_total).max(minimum[col])
        });
        let excess: f64 = widths.iter().sum::<f64>() - total;
        let slack: f64 = widths.iter().zip(&minimum).map(|(w, m)| w - m).sum();
        if excess > 0.0 && slack > 0.0 {
            for (width, min) in widths.iter_mut().zip(&minimum) {
                *width -= (*width - min) * excess / slack;
            }
        }
        widths
    }
}

/// The widest a figure cell's line is kept on one line: longer ones are text and wrap.
const FIGURE_MAX_EM: f64 = 8.0;
/// The widest of the form's own words kept on one line (a funds row's label), in characters.
const LABEL_MAX_EM: f64 = 10.0;
/// The narrowest line a name or running text is given, in characters.
const NAME_EM: f64 = 4.0;

fn em_mm() -> f64 {
    TYPE_PT * 25.4 / 72.0
}

impl Cell {
    /// The narrowest this cell's text can be set in without a bad break, in millimetres.
    fn minimum_mm(&self, labels: &Labels) -> f64 {
        let text = self.text(labels);
        match self.style {
            // Labels are broken where they read well already; their lines stay whole.
            Style::Label => text.lines().map(width_mm).fold(0.0, f64::max),
            Style::Figure => text
                .lines()
                .flat_map(segments)
                .map(|segment| {
                    let width = width_mm(segment);
                    if width <= FIGURE_MAX_EM * em_mm() {
                        width
                    } else {
                        longest_unbreakable_mm(segment)
                    }
                })
                .fold(0.0, f64::max),
            Style::Note if width_mm(&text) <= LABEL_MAX_EM * em_mm() => width_mm(&text),
            Style::Text | Style::Note => {
                let name = NAME_EM * em_mm();
                longest_unbreakable_mm(&text).max(name.min(width_mm(&text)))
            }
            // A name's lines of four characters, and its weight (`（50分）`) whole.
            Style::Name => text
                .lines()
                .map(|line| {
                    let width = width_mm(line);
                    if line.chars().any(|c| c.is_ascii_digit()) {
                        width
                    } else {
                        width.min(NAME_EM * em_mm())
                    }
                })
                .fold(0.0, f64::max),
        }
    }

    /// The cell's text for a cell `room` millimetres wide inside, broken where a reader
    /// expects it rather than where the line happens to end: a figure's line at its segment
    /// ends (after `：`), never inside a figure or a word; a name (`服务对象满意度指标`) in
    /// balanced lines with `指标` whole; the form's own words between their clauses.
    pub fn text_in(&self, room: f64, labels: &Labels) -> String {
        let text = self.text(labels);
        let lines: Vec<String> = text
            .lines()
            .flat_map(|line| match self.style {
                Style::Figure => joined(segments(line), room),
                Style::Name => balanced(line, room),
                // Clauses that each fit a line go on lines of their own rather than wrap
                // inside a term; a paragraph of longer ones wraps.
                Style::Note
                    if width_mm(line) > room
                        && clauses(line).iter().all(|c| width_mm(c) <= room) =>
                {
                    joined(clauses(line), room)
                }
                Style::Text | Style::Note => vec![line.to_string()],
                Style::Label => vec![line.to_string()],
            })
            .collect();
        lines.join("\n")
    }
}

/// `pieces` joined into lines no wider than `room`, a piece too wide on a line of its own.
fn joined(pieces: Vec<&str>, room: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for piece in pieces {
        if !current.is_empty() && width_mm(&current) + width_mm(piece) > room {
            lines.push(std::mem::take(&mut current));
        }
        current.push_str(piece);
    }
    lines.push(current);
    lines
}

/// A running text's clauses, each with the `；` that ends it.
fn clauses(line: &str) -> Vec<&str> {
    line.split_inclusive('；').collect()
}

/// A name of the form's structure (一级/二级指标) too wide for `room`, in as few lines as it
/// needs, so that no line holds a lone character and `指标` is never split. Names with figures
/// or Latin letters are left to the reader's wrap.
fn balanced(line: &str, room: f64) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let per_line = (room / em_mm() + 1e-6).floor() as usize;
    // Full-width characters only, each one em in any Chinese face, so that the count is exact.
    if !chars.iter().all(|c| is_cjk(*c)) || per_line < 2 || chars.len() <= per_line {
        return vec![line.to_string()];
    }
    let count = chars.len().div_ceil(per_line);
    // Ending in 指标 with words that fit the lines before it: 服务对象 / 满意度 / 指标.
    let suffix = "指标".chars().count();
    let sizes = match line.strip_suffix("指标") {
        Some(words) if words.chars().count() <= (count - 1) * per_line => {
            let mut sizes = even(words.chars().count(), count - 1, true);
            sizes.push(suffix);
            sizes
        }
        // Else as even as can be, the longer lines last: 可持续 / 影响指标.
        _ => even(chars.len(), count, false),
    };
    let mut lines = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for size in &sizes[..sizes.len() - 1] {
        at += size;
        // As typesetters do (禁则): no line starts with a closing mark (`，` `：` `）`) nor ends
        // with an opening one (`（` `“`); such a break moves back a character.
        let mut end = at;
        while end > start + 1
            && ("，。、：；！？）》」』”’】〕…".contains(chars[end])
                || "（《「『“‘【〔".contains(chars[end - 1]))
        {
            end -= 1;
        }
        lines.push(chars[start..end].iter().collect());
        start = end;
    }
    lines.push(chars[start..].iter().collect());
    lines
}

/// `total` split into `parts` sizes differing by at most one, the longer first or last.
fn even(total: usize, parts: usize, longer_first: bool) -> Vec<usize> {
    let (base, extra) = (total / parts, total % parts);
    (0..parts)
        .map(|part| {
            let longer = if longer_first {
                part < extra
            } else {
                part >= parts - extra
            };
            base + usize::from(longer)
        })
        .collect()
}

/// A figure line's pieces that may go on lines of their own: after a full-width colon or
/// comma, or a space (`评价等级：` `优秀`).
fn segments(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, c) in line.char_indices() {
        if matches!(c, '：' | '，' | ' ') {
            let end = at + c.len_utf8();
            pieces.push(&line[start..end]);
            start = end;
        }
    }
    if start < line.len() || pieces.is_empty() {
        pieces.push(&line[start..]);
    }
    pieces
}

/// The printed width of a text in millimetres at [`TYPE_PT`]: a CJK character is one em, other
/// characters half.
/// Word, WPS and LibreOffice put a quarter em between Chinese and Latin letters or digits
/// (`autoSpaceDN`), which counts.
pub fn width_mm(text: &str) -> f64 {
    let mut width = 0.0;
    let mut previous: Option<char> = None;
    for c in text.chars() {
        width += char_mm(c);
        if let Some(p) = previous
            && (is_cjk(p) && c.is_ascii_alphanumeric() || p.is_ascii_alphanumeric() && is_cjk(c))
        {
            width += em_mm() / 4.0;
        }
        previous = Some(c);
    }
    width
}

fn is_cjk(c: char) -> bool {
    c.width_cjk() == Some(2)
}

/// A character's advance: CJK one em, digits and most Latin half, punctuation a quarter. The
/// signs Unicode leaves ambiguous (`≥`, `≤`, `×`, `—`) are full width in Chinese fonts.
fn char_mm(c: char) -> f64 {
    let em = em_mm();
    match c.width_cjk() {
        Some(2) => em,
        Some(0) | None => 0.0,
        _ if matches!(c, '.' | ',' | ':' | ';' | '\'' | 'i' | 'l') => em / 4.0,
        _ => em / 2.0,
    }
}

/// The widest run a line breaker keeps together: CJK text breaks between characters, other
/// text only at spaces.
fn longest_unbreakable_mm(text: &str) -> f64 {
    let mut longest: f64 = 0.0;
    let mut run = 0.0;
    for c in text.chars() {
        if c.is_whitespace() {
            run = 0.0;
        } else if c.width_cjk() == Some(2) {
            run = 0.0;
            longest = longest.max(char_mm(c));
        } else {
            run += char_mm(c);
            longest = longest.max(run);
        }
    }
    longest
}

struct Builder {
    cells: Vec<Cell>,
}

impl Builder {
    fn put(
        &mut self,
        (row, col): (usize, usize),
        (rows, cols): (usize, usize),
        content: Content,
        style: Style,
    ) {
        self.cells.push(Cell {
            row,
            col,
            rows,
            cols,
            content,
            style,
            declared: None,
        });
    }

    fn text(&mut self, at: (usize, usize), span: (usize, usize), text: &str, style: Style) {
        self.put(at, span, Content::Text(text.to_string()), style);
    }

    fn label(&mut self, at: (usize, usize), span: (usize, usize), text: &str) {
        self.text(at, span, text, Style::Label);
    }

    fn number(&mut self, at: (usize, usize), cols: usize, value: Option<Decimal>, places: u32) {
        let content = value.map_or(Content::Empty, |value| Content::Number { value, places });
        self.put(at, (1, cols), content, Style::Figure);
    }

    /// A computed figure, with the declared one beside it when they differ.
    fn score(
        &mut self,
        at: (usize, usize),
        cols: usize,
        computed: Decimal,
        declared: Option<Decimal>,
        evaluation: &Evaluation,
    ) {
        self.number(at, cols, Some(computed), evaluation.profile.rounding);
        if let Some(declared) = declared
            && declared_differs(declared, computed, evaluation.profile)
        {
            self.cells.last_mut().expect("just pushed").declared = Some(plain(declared));
        }
    }
}

/// Rows of the header and 项目资金 blocks.
const FUNDS_TOP: usize = 2;
/// The 年度资金总额 row, whose figures the rate and the funds score are taken from.
pub const FUNDS_ROW: usize = FUNDS_TOP + 1;
/// The columns of 年初预算数, 全年预算数 and 全年执行数.
pub const AMOUNT_COLUMNS: [usize; 3] = [3, 4, 5];
/// The columns of the funds' 分值, 执行率 and 得分.
pub const FUNDS_WEIGHT_COLUMN: usize = 6;
pub const RATE_COLUMN: usize = 7;
pub const FUNDS_SCORE_COLUMN: usize = 9;
/// The 得分 column of the indicator rows and of 总分.
pub const SCORE_COLUMN: usize = 8;

/// Lays out the form of a scored table.
pub fn paper(evaluation: &Evaluation, labels: &Labels) -> Paper {
    let project = evaluation.project;
    let last = COLUMNS - 1;
    let mut b = Builder { cells: Vec::new() };

    b.label((0, 0), (1, 1), labels.project_name);
    b.text((0, 1), (1, last), &project.name.value, Style::Text);
    b.label((1, 0), (1, 1), labels.department);
    b.text((1, 1), (1, 3), &project.department, Style::Text);
    b.label((1, 4), (1, 2), labels.implementer);
    b.text((1, 6), (1, 5), &project.implementer, Style::Text);

    funds(&mut b, evaluation, labels);

    let goals_top = FUNDS_TOP + 5;
    let goals = &project.goals;
    b.label((goals_top, 0), (2, 1), &two_lines(labels.goals));
    b.label((goals_top, 1), (1, 5), labels.expected);
    b.label((goals_top, 6), (1, 5), labels.actual_goal);
    b.text((goals_top + 1, 1), (1, 5), &goals.expected, Style::Text);
    b.text((goals_top + 1, 6), (1, 5), &goals.actual, Style::Text);

    let header = goals_top + 2;
    let rows = indicators(&mut b, header, evaluation, labels);
    Paper {
        cells: b.cells,
        rows,
        header,
        total_row: header + 1 + project.indicators.len(),
    }
}

/// The 项目资金 block: a header row and four rows of amounts.
fn funds(b: &mut Builder, evaluation: &Evaluation, labels: &Labels) {
    let declared = &evaluation.project.funds;
    let funds = &evaluation.funds;
    let top = FUNDS_TOP;
    // `项目资金（万元）` broken where it reads well in a narrow column.
    let heading = format!(
        "{}\n{}",
        labels.funds,
        labels.paren("", declared.unit.label()).trim_start()
    );
    b.label((top, 0), (5, 1), &heading);
    b.put((top, 1), (1, 2), Content::Empty, Style::Label);
    // 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分: (first column, columns).
    let columns = [(3, 1), (4, 1), (5, 1), (6, 1), (7, 2), (9, 2)];
    let names = [
        labels.initial,
        labels.annual,
        labels.executed,
        labels.weight,
        labels.rate,
        labels.score,
    ];
    for ((col, cols), name) in columns.iter().zip(names) {
        b.label((top, *col), (1, *cols), &two_lines(name));
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
        let r = top + 1 + offset;
        b.text((r, 1), (1, 2), label, Style::Note);
        let places = amount_places(row);
        // A column the table left blank stays blank: a written 0 would read back as a budget
        // of nothing.
        let amounts: [Option<Decimal>; 3] = if offset == 0 {
            funds.shown_amounts(declared)
        } else {
            [&row.initial, &row.annual, &row.executed].map(|a| a.as_ref().map(|a| a.value))
        };
        for (col, amount) in AMOUNT_COLUMNS.iter().zip(&amounts) {
            b.number((r, *col), 1, *amount, places);
        }
        if offset > 0 {
            for (col, cols) in &columns[3..] {
                b.put((r, *col), (1, *cols), Content::Empty, Style::Figure);
            }
        }
    }
    let r = FUNDS_ROW;
    b.number(
        (r, FUNDS_WEIGHT_COLUMN),
        1,
        Some(funds.weight),
        funds.weight.scale(),
    );
    // The rate as the table prints it (86.29%), so that it reads back as written.
    let rate = funds.rate.map(|rate| round_half_up(rate, 4));
    b.put(
        (r, RATE_COLUMN),
        (1, 2),
        rate.map_or(Content::Empty, Content::Percent),
        Style::Figure,
    );
    if let (Some(declared_rate), Some(rate)) = (&declared.rate, funds.rate)
        && rate_differs(declared_rate.value, rate)
    {
        b.cells.last_mut().expect("just pushed").declared =
            Some(format!("{}%", plain(declared_rate.value)));
    }
    b.score(
        (r, FUNDS_SCORE_COLUMN),
        2,
        funds.score,
        declared.score.as_ref().map(|s| s.value),
        evaluation,
    );
}

/// The indicator block from `top`: header, one row per indicator with 一级/二级 merged down
/// their runs, 总分, then the rule and notes lines. Returns the number of rows of the form.
fn indicators(b: &mut Builder, top: usize, evaluation: &Evaluation, labels: &Labels) -> usize {
    let project = evaluation.project;
    let indicators = &project.indicators;
    // 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因: (first column, columns).
    // A row's 扣分 (广西) takes the first column of the notes, so that it reads back.
    let deducts = indicators.iter().any(|i| i.deduction.is_some());
    let (note_col, note_cols) = if deducts { (10, 1) } else { (9, 2) };
    let columns = [
        (1, 1),
        (2, 1),
        (3, 2),
        (5, 1),
        (6, 1),
        (7, 1),
        (8, 1),
        (note_col, note_cols),
    ];
    for ((col, cols), name) in columns.iter().zip(indicator_header(labels)) {
        b.label((top, *col), (1, *cols), &two_lines(name));
    }
    if deducts {
        b.label((top, 9), (1, 1), labels.deduction);
    }
    let first = top + 1;
    for (offset, (indicator, row)) in indicators.iter().zip(&evaluation.rows).enumerate() {
        let r = first + offset;
        b.text((r, 3), (1, 2), &indicator.name.value, Style::Text);
        b.text((r, 5), (1, 1), &indicator.target.value.text, Style::Figure);
        b.text((r, 6), (1, 1), &indicator.actual.value.text, Style::Figure);
        if indicator.na {
            b.text((r, 7), (1, 1), labels.not_applicable, Style::Figure);
            b.put((r, 8), (1, 1), Content::Empty, Style::Figure);
        } else if indicator.detail {
            // A breakdown row has no weight of its own: its figures count in the row above.
            b.put((r, 7), (1, 1), Content::Empty, Style::Figure);
            b.put((r, 8), (1, 1), Content::Empty, Style::Figure);
        } else {
            b.number((r, 7), 1, Some(row.weight), row.weight.scale());
            let declared = indicator.score.as_ref().map(|s| s.value);
            b.score((r, 8), 1, row.score, declared, evaluation);
        }
        if deducts {
            let points = indicator.deduction.as_ref().map(|d| d.value);
            b.number((r, 9), 1, points, points.map_or(0, |p| p.scale()));
        }
        let note = indicator.note.as_ref().map_or("", |n| n.value.as_str());
        b.text((r, note_col), (1, note_cols), note, Style::Text);
    }
    // 一级 and 二级 labels merged down their runs, as the paper form does.
    let level1 = |i: usize| &indicators[i].level1.value;
    let level2 = |i: usize| (&indicators[i].level1.value, &indicators[i].level2.value);
    for (start, end) in runs(level1, 0, indicators.len()) {
        let name = &indicators[start].level1.value;
        // `产出指标` over `（50分）`.
        let text = level1_label(evaluation, name, labels);
        let text = match text.strip_prefix(name.as_str()) {
            Some(weight) if !weight.is_empty() => format!("{name}\n{}", weight.trim_start()),
            _ => text,
        };
        b.text((first + start, 1), (end - start, 1), &text, Style::Name);
        for (inner, inner_end) in runs(level2, start, end) {
            let name = &indicators[inner].level2.value;
            b.text(
                (first + inner, 2),
                (inner_end - inner, 1),
                name,
                Style::Name,
            );
        }
    }
    let count = indicators.len();
    // The header row holds only header cells, so that it can repeat on every page: 绩效指标
    // is merged down the indicator rows below it, the header's corner left blank and open to it.
    if count == 0 {
        b.label((top, 0), (1, 1), labels.indicators);
    } else {
        b.put((top, 0), (1, 1), Content::Empty, Style::Label);
        b.label((first, 0), (count, 1), labels.indicators);
    }

    // 总分: the figures under 分值 and 得分, the grade under the notes.
    let total_row = first + count;
    b.label((total_row, 0), (1, 7), labels.total);
    let declared = &project.total;
    b.number(
        (total_row, 7),
        1,
        Some(evaluation.weight_total),
        evaluation.weight_total.scale(),
    );
    if let Some(d) = &declared.weight
        && d.value != evaluation.weight_total
    {
        b.cells.last_mut().expect("just pushed").declared = Some(plain(d.value));
    }
    b.score(
        (total_row, 8),
        1,
        evaluation.total,
        declared.score.as_ref().map(|s| s.value),
        evaluation,
    );
    b.text(
        (total_row, 9),
        (1, 2),
        &grade_cell(evaluation, labels),
        Style::Figure,
    );

    // How the figures were reached: the profile, the funds basis, and any notes.
    let profile = evaluation.profile;
    let mut lines = vec![format!(
        "{}{}{}{}{}",
        labels.rules,
        labels.colon,
        profile.title,
        labels.semicolon,
        funds_note(evaluation, labels)
    )];
    lines.extend(notes(evaluation, labels));
    let mut r = total_row + 1;
    for line in lines {
        b.text((r, 0), (1, COLUMNS), &line, Style::Note);
        r += 1;
    }
    r
}

/// A label of the form broken where it reads well in a narrow column, never inside a word:
/// `年初` over `预算数`, `年度总体` over `目标`, `偏差原因` over `分析及` over `改进措施`.
fn two_lines(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    if !chars.iter().all(|c| c.width() == Some(2)) {
        return label.to_string();
    }
    let cuts: &[usize] = match chars.len() {
        5 => &[2],
        // 年度总体目标
        6 => &[4],
        // 偏差原因分析及改进措施
        11 => &[4, 7],
        _ => &[],
    };
    let mut lines = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&chars.len())) {
        lines.push(chars[start..cut].iter().collect::<String>());
        start = cut;
    }
    lines.join("\n")
}

/// The runs of equal keys in `from..to`, as half-open ranges.
fn runs<K: PartialEq>(key: impl Fn(usize) -> K, from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = from;
    while start < to {
        let first = key(start);
        let end = (start + 1..to).find(|&i| key(i) != first).unwrap_or(to);
        spans.push((start, end));
        start = end;
    }
    spans
}

/// The signature lines under the form: 填报单位（盖章）, 填表人, 联系电话, 填报日期, from
/// `[report]`, with a line to write on where the file leaves one out.
pub fn signatures(evaluation: &Evaluation, labels: &Labels) -> [String; 4] {
    let report = &evaluation.project.report;
    let fields = [
        (labels.filer, &report.filer, 16),
        (labels.preparer, &report.preparer, 8),
        (labels.phone, &report.phone, 12),
        (labels.date, &report.date, 12),
    ];
    fields.map(|(label, value, blank)| {
        let value = value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map_or_else(|| "_".repeat(blank), str::to_string);
        format!("{label}{}{value}", labels.colon)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::profile::Profile;
    use crate::project::load;
    use crate::source::Source;

    #[test]
    fn the_seed_s_cells_tile_the_grid_once_each() {
        let source = Source::new("2022.toml", include_str!("../../../../fixtures/2022.toml"));
        let project = load(&source).unwrap();
        let profile = Profile::select(None, &project, &source).unwrap();
        let evaluation = evaluate(&project, &profile);
        let form = paper(&evaluation, &super::super::labels::ZH);
        let mut covered = vec![[0; COLUMNS]; form.rows];
        for cell in &form.cells {
            for row in &mut covered[cell.row..cell.row + cell.rows] {
                for count in &mut row[cell.col..cell.col + cell.cols] {
                    *count += 1;
                }
            }
        }
        assert!(
            covered.iter().flatten().all(|&count| count == 1),
            "{covered:?}"
        );
        // Title block 2 rows, 项目资金 5, 年度总体目标 2, header, 16 indicators, 总分, 评分规则.
        assert_eq!((form.header, form.rows), (9, 28));
        assert!(form.fits(156.0, &super::super::labels::ZH));
    }

    #[test]
    fn five_character_labels_break_after_two() {
        assert_eq!(two_lines("年初预算数"), "年初\n预算数");
        assert_eq!(two_lines("分值"), "分值");
        assert_eq!(two_lines("Initial budget"), "Initial budget");
    }

    #[test]
    fn names_break_between_words_and_no_character_stands_alone() {
        let em = em_mm();
        let set = |text: &str, style: Style, ems: f64| {
            let cell = Cell {
                row: 0,
                col: 0,
                rows: 1,
                cols: 1,
                content: Content::Text(text.to_string()),
                style,
                declared: None,
            };
            cell.text_in(ems * em + 0.1, &super::super::labels::ZH)
        };
        // 二级指标 in a column of four characters: 指标 whole, no character alone.
        for (name, set_as) in [
            ("服务对象满意度指标", "服务对象\n满意度\n指标"),
            ("可持续影响指标", "可持续\n影响指标"),
            ("社会效益指标", "社会效益\n指标"),
            ("数量指标", "数量指标"),
        ] {
            assert_eq!(set(name, Style::Name, 4.0), set_as);
        }
        // 一级指标 over its weight.
        assert_eq!(
            set("满意度指标\n（10分）", Style::Name, 4.0),
            "满意度\n指标\n（10分）"
        );
        // 三级指标 and other running text are left to the reader's wrap: a line break written
        // into a name would be read back as part of it.
        assert_eq!(set("数据更新及时率", Style::Text, 6.0), "数据更新及时率");
        // A break that would start a line with `：` moves back a character.
        assert_eq!(
            set("一二三四五：六七八九", Style::Name, 8.0),
            "一二三四\n五：六七八九"
        );
        // The rules line under the form breaks between its clauses, not inside 年初预算数.
        let rules = "评分规则：益阳市2022年度项目支出绩效自评（填报实践）；执行率 = 全年执行数 / 年初预算数；预算执行得分不计入总分";
        assert_eq!(
            set(rules, Style::Note, 40.0),
            "评分规则：益阳市2022年度项目支出绩效自评（填报实践）；\n执行率 = 全年执行数 / 年初预算数；预算执行得分不计入总分"
        );
        assert_eq!(set(rules, Style::Note, 80.0), rules);
        // A note of the unit's own is left to the reader's wrap.
        assert_eq!(
            set("原因：场地不足；措施：另租场地", Style::Text, 8.0),
            "原因：场地不足；措施：另租场地"
        );
    }

    #[test]
    fn widths_fill_the_portrait_text_width() {
        assert_eq!(WIDTHS_MM.iter().sum::<u32>(), 210 - 28 - 26);
    }

    #[test]
    fn digits_stay_together_and_cjk_breaks_anywhere() {
        let em = TYPE_PT * 25.4 / 72.0;
        assert!((longest_unbreakable_mm("1444.49万元") - 3.25 * em).abs() < 1e-9);
        assert!((longest_unbreakable_mm("城市运行") - em).abs() < 1e-9);
        // `≥` full width as Chinese fonts set it, and a quarter em where the script changes.
        assert!((width_mm("≥90%") - 2.75 * em).abs() < 1e-9);
        assert!((width_mm("1444.49万元") - 5.5 * em).abs() < 1e-9);
    }
}
