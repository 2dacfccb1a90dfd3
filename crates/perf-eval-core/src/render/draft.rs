//! The draft 绩效自评报告 as Markdown and as a Word document (.docx) laid out as government
//! documents are (党政机关公文格式, GB/T 9704-2012): A4 with 37/35/28/26 mm margins, the title in
//! 二号 方正小标宋简体, body text in 三号 仿宋_GB2312 on a fixed 29 pt line with a two-character
//! first-line indent, 一、 headings in 黑体 and （一） headings in 楷体_GB2312 as real heading
//! styles, and `— 1 —` page numbers. The 附件 starts a section of its own on a new page (turned
//! to landscape when a figure would not fit the portrait columns) with the 自评表 laid out as
//! the paper form ([`super::paper`]): fixed column widths filling the text width, 一级/二级
//! cells merged down their rows, the indicator header repeated on every page, rows never split.

use std::io::{Cursor, Error};

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    PageOrientationType, PageSize, Paragraph, Run, RunFonts, Section, SpecialIndentType, Style,
    StyleType, Tab, TabValueType, Table, TableCell, TableCellBorderPosition, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::engine::Evaluation;
use crate::report::{Block, Draft};

use super::form::{funds_rows, header, indicator_rows, title};
use super::labels::Labels;
use super::paper::{self, COLUMNS, PADDING_MM, Paper, Style as CellStyle, TYPE_PT, width_mm};
use super::xml_text;

/// The attached 自评表 for Markdown: its header lines, and the funds and indicator tables.
fn attachment(evaluation: &Evaluation, labels: &Labels) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(
        2,
        format!(
            "{}{}{}",
            labels.attachment,
            labels.colon,
            title(evaluation, labels)
        ),
    )];
    // The rules named as the form names them, by their title, not the tool's name for them.
    let [name, department, implementer, _] = header(evaluation, labels);
    let rules = (labels.rules, evaluation.profile.title.clone());
    for (label, value) in [name, department, implementer, rules] {
        blocks.push(Block::Paragraph(format!("{label}{}{value}", labels.colon)));
    }
    blocks.push(Block::Table(
        funds_rows(evaluation, labels)
            .into_iter()
            .map(|row| row.to_vec())
            .collect(),
    ));
    blocks.push(Block::Table(
        indicator_rows(evaluation, labels)
            .into_iter()
            .map(|row| row.to_vec())
            .collect(),
    ));
    blocks
}

/// The draft as Markdown, the 自评表 attached at the end.
pub fn markdown(draft: &Draft, evaluation: &Evaluation, labels: &Labels) -> String {
    use super::markdown::{cell, escape};
    let mut out = String::new();
    for block in draft.blocks.iter().chain(&attachment(evaluation, labels)) {
        match block {
            Block::Heading(level, text) => {
                let text = escape(text);
                out.push_str(&format!("{} {text}\n\n", "#".repeat(*level as usize)));
            }
            Block::Paragraph(text) | Block::Placeholder(text) | Block::Attachment(text) => {
                out.push_str(&format!("{}\n\n", escape(text)));
            }
            Block::Signature { unit, date } => {
                out.push_str(&format!("{unit}  \n{date}\n\n"));
            }
            Block::Warning(text) => {
                for line in text.lines() {
                    out.push_str(&format!("> {}\n", escape(line)));
                }
                out.push('\n');
            }
            Block::Table(rows) => {
                let Some((head, body)) = rows.split_first() else {
                    continue;
                };
                let line = |row: &[String]| {
                    format!(
                        "| {} |\n",
                        row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                    )
                };
                out.push_str(&line(head));
                out.push_str(&format!("|{}\n", " --- |".repeat(head.len())));
                for row in body {
                    out.push_str(&line(row));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Typefaces of GB/T 9704-2012, each with the face Word and WPS substitute where it is missing.
const TITLE_FACE: (&str, &str) = ("方正小标宋简体", "宋体");
const BODY_FACE: (&str, &str) = ("仿宋_GB2312", "仿宋");
const HEADING1_FACE: (&str, &str) = ("黑体", "SimHei");
const HEADING2_FACE: (&str, &str) = ("楷体_GB2312", "楷体");
const TABLE_FACE: (&str, &str) = ("宋体", "SimSun");
const LATIN_FACE: &str = "Times New Roman";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const FOOTER_SIZE: usize = 28;
const SIGNATURE_SIZE: usize = 24;
const TABLE_SIZE: usize = 21;
/// The fixed line of body text, in twentieths of a point: 29 pt gives the standard's 22 lines
/// on the 225 mm of text height.
const BODY_LINE: i32 = 580;
/// Two characters of 三号 text, in twentieths of a point.
const INDENT: i32 = 640;

/// Millimetres in twentieths of a point.
fn twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// Twentieths of a point in millimetres.
fn millimetres(twips: i32) -> f64 {
    f64::from(twips) * 25.4 / 1440.0
}

/// The printed width of `text` at `size` half-points, in millimetres.
fn width_at(text: &str, size: usize) -> f64 {
    width_mm(text) * size as f64 / 2.0 / TYPE_PT
}

/// A4, in twentieths of a point.
const A4: (i32, i32) = (11906, 16838);
/// Margins top, bottom, left, right in millimetres: GB/T 9704 on a portrait page, turned with
/// the page for a landscape one so that the binding edge keeps its margin.
const PORTRAIT_MARGINS: [f64; 4] = [37.0, 35.0, 28.0, 26.0];
const LANDSCAPE_MARGINS: [f64; 4] = [28.0, 26.0, 37.0, 35.0];

/// A page: its size, margins and text width, all in twentieths of a point.
struct Page {
    width: i32,
    height: i32,
    margins: [i32; 4],
    landscape: bool,
}

impl Page {
    fn new(landscape: bool) -> Page {
        let (width, height, margins) = if landscape {
            (A4.1, A4.0, LANDSCAPE_MARGINS)
        } else {
            (A4.0, A4.1, PORTRAIT_MARGINS)
        };
        Page {
            width,
            height,
            margins: margins.map(twips),
            landscape,
        }
    }

    fn text_width(&self) -> i32 {
        self.width - self.margins[2] - self.margins[3]
    }

    fn size(&self) -> PageSize {
        let size = PageSize::new().size(self.width as u32, self.height as u32);
        if self.landscape {
            size.orient(PageOrientationType::Landscape)
        } else {
            size
        }
    }

    fn margin(&self) -> PageMargin {
        let [top, bottom, left, right] = self.margins;
        PageMargin::new()
            .top(top)
            .bottom(bottom)
            .left(left)
            .right(right)
            .header(twips(15.0))
            .footer(twips(20.0))
    }
}

/// Every run names its faces, East-Asian and Latin, so that Word and WPS both pick them; the
/// substitute is named once, in the font table.
fn fonts((face, _substitute): (&str, &str)) -> RunFonts {
    RunFonts::new()
        .east_asia(face)
        .ascii(LATIN_FACE)
        .hi_ansi(LATIN_FACE)
}

/// A run of text in a face and size; lines after the first start after a line break.
fn run(text: &str, face: (&str, &str), size: usize) -> Run {
    let text = xml_text(text);
    let mut run = Run::new().fonts(fonts(face)).size(size);
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
}

/// A paragraph of body text, indented two characters on its first line.
fn body(run: Run) -> Paragraph {
    Paragraph::new()
        .style("Normal")
        .add_run(run)
        .align(AlignmentType::Both)
        .line_spacing(exact(BODY_LINE))
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
}

/// A paragraph style on Normal in a face and size.
fn style(id: &str, name: &str, face: (&str, &str), size: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .fonts(fonts(face))
        .size(size)
}

/// Paragraph styles: the title, the two heading levels (so Word's navigation pane lists them),
/// the table text and the page number. Body text is the document default, which the built-in
/// Normal style takes.
fn styles(document: Docx) -> Docx {
    let heading = |id: &str, name: &str, face, outline| {
        style(id, name, face, BODY_SIZE)
            .next("Normal")
            .q_format(true)
            .outline_lvl(outline)
            .line_spacing(exact(BODY_LINE))
            .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
    };
    let single = LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(240);
    document
        .default_fonts(fonts(BODY_FACE))
        .default_size(BODY_SIZE)
        .default_line_spacing(exact(BODY_LINE))
        .add_style(
            style("Title", "Title", TITLE_FACE, TITLE_SIZE)
                .next("Normal")
                .q_format(true)
                .align(AlignmentType::Center)
                .line_spacing(exact(700).after(BODY_LINE as u32)),
        )
        .add_style(heading("Heading1", "heading 1", HEADING1_FACE, 0))
        .add_style(heading("Heading2", "heading 2", HEADING2_FACE, 1))
        .add_style(style("TableText", "Table Text", TABLE_FACE, TABLE_SIZE).line_spacing(single))
        .add_style(style("Footer", "footer", TABLE_FACE, FOOTER_SIZE).align(AlignmentType::Center))
}

/// `— 1 —` centred at the foot of every page.
fn page_number() -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .align(AlignmentType::Center)
            .add_run(run("— ", TABLE_FACE, FOOTER_SIZE))
            .add_page_num(PageNum::new())
            .add_run(run(" —", TABLE_FACE, FOOTER_SIZE)),
    )
}

/// A title too long for one line broken where it reads as two phrases (GB/T 9704-2012 7.3.3:
/// 回行时要做到词意完整，排列对称): before `绩效自评报告`, or after `年度`, whichever gives
/// the more even lines that fit, never inside a word.
fn title_lines(text: &str, room: f64) -> String {
    if width_at(text, TITLE_SIZE) <= room {
        return text.to_string();
    }
    let cuts = [
        text.rfind("绩效"),
        text.find("年度").map(|at| at + "年度".len()),
    ];
    cuts.into_iter()
        .flatten()
        .filter(|&at| at > 0 && at < text.len())
        .map(|at| (&text[..at], &text[at..]))
        .filter(|(first, second)| {
            width_at(first, TITLE_SIZE) <= room && width_at(second, TITLE_SIZE) <= room
        })
        .min_by(|a, b| {
            let uneven = |(first, second): &(&str, &str)| {
                (width_at(first, TITLE_SIZE) - width_at(second, TITLE_SIZE)).abs()
            };
            uneven(a).total_cmp(&uneven(b))
        })
        .map_or_else(
            || text.to_string(),
            |(first, second)| format!("{first}\n{second}"),
        )
}

/// One em of 三号 body text, in twentieths of a point.
const BODY_EM: i32 = BODY_SIZE as i32 * 10;

/// The 落款 of GB/T 9704-2012 7.3.5.2 (no seal): the unit's name two characters from the right
/// edge, the date under it starting two characters further right; a date longer than that
/// allows is set two characters from the edge and the name moved left to keep the step.
fn signature(unit: &str, date: &str) -> Vec<Paragraph> {
    let ems = |text: &str| (width_at(text, BODY_SIZE) / millimetres(BODY_EM)).round() as i32;
    let (u, d) = (ems(unit), ems(date));
    let (unit_right, date_right) = if u - d >= 2 {
        (2, u - d)
    } else {
        (4 + d - u, 2)
    };
    let line = |text: &str, right: i32, first: bool| {
        let mut content = run(text, BODY_FACE, BODY_SIZE);
        if text.contains(crate::report::PLACEHOLDER) {
            content = content.highlight("yellow");
        }
        let paragraph = Paragraph::new()
            .style("Normal")
            .align(AlignmentType::Right)
            .line_spacing(exact(BODY_LINE))
            .indent(None, None, Some(right * BODY_EM), None)
            .keep_next(first)
            .add_run(content);
        // One empty line between the body (or the 附件说明) and the name.
        if first {
            paragraph.line_spacing(exact(BODY_LINE).before(BODY_LINE as u32))
        } else {
            paragraph
        }
    };
    vec![line(unit, unit_right, true), line(date, date_right, false)]
}

fn paragraph(block: &Block, room: f64) -> Vec<Paragraph> {
    match block {
        Block::Heading(1, text) => vec![
            Paragraph::new()
                .style("Title")
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(run(&title_lines(text, room), TITLE_FACE, TITLE_SIZE)),
        ],
        Block::Heading(level, text) => {
            let (style, face) = if *level == 2 {
                ("Heading1", HEADING1_FACE)
            } else {
                ("Heading2", HEADING2_FACE)
            };
            vec![
                Paragraph::new()
                    .style(style)
                    .keep_next(true)
                    .line_spacing(exact(BODY_LINE))
                    .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
                    .add_run(run(text, face, BODY_SIZE)),
            ]
        }
        Block::Paragraph(text) => vec![body(run(text, BODY_FACE, BODY_SIZE))],
        Block::Placeholder(text) => {
            vec![body(run(text, BODY_FACE, BODY_SIZE).highlight("yellow"))]
        }
        Block::Warning(text) => text
            .lines()
            .map(|line| {
                body(run(line, BODY_FACE, BODY_SIZE).bold().color("C00000"))
                    .align(AlignmentType::Left)
            })
            .collect(),
        // GB/T 9704-2012 7.3.4: one empty line under the body, two characters in, no stop.
        Block::Attachment(text) => vec![
            body(run(text, BODY_FACE, BODY_SIZE))
                .align(AlignmentType::Left)
                .line_spacing(exact(BODY_LINE).before(BODY_LINE as u32)),
        ],
        Block::Signature { unit, date } => signature(unit, date),
        // The body has no tables; the 自评表 is the 附件, laid out by `table`.
        Block::Table(_) => Vec::new(),
    }
}

/// Grid widths in twentieths of a point: the form's columns sized to the text width so that no
/// figure breaks, adding up to it exactly.
fn grid(form: &Paper, text_width: i32, labels: &Labels) -> Vec<usize> {
    let mut widths: Vec<i32> = form
        .widths(millimetres(text_width), labels)
        .iter()
        .map(|mm| twips(*mm))
        .collect();
    let rounding = text_width - widths.iter().sum::<i32>();
    widths[COLUMNS - 1] += rounding;
    widths.into_iter().map(|w| w.max(0) as usize).collect()
}

/// Rows `rows` of the form as a Word table on `widths`: spans, vertical merges, fixed layout.
fn table(form: &Paper, rows: std::ops::Range<usize>, widths: &[usize], labels: &Labels) -> Table {
    let coverage = form.coverage();
    let mut table_rows = Vec::new();
    for r in rows.clone() {
        let mut cells = Vec::new();
        let mut col = 0;
        while col < COLUMNS {
            let Some(index) = coverage[r][col] else {
                cells.push(TableCell::new().width(widths[col], WidthType::Dxa));
                col += 1;
                continue;
            };
            let cell = &form.cells[index];
            let width: usize = widths[cell.col..cell.col + cell.cols].iter().sum();
            let mut word = TableCell::new()
                .width(width, WidthType::Dxa)
                .vertical_align(VAlignType::Center);
            // The header's blank corner and 绩效指标 under it read as one cell.
            if form.open_below(cell) {
                word = word.clear_border(TableCellBorderPosition::Bottom);
            }
            if form.open_above(cell) {
                word = word.clear_border(TableCellBorderPosition::Top);
            }
            if cell.cols > 1 {
                word = word.grid_span(cell.cols);
            }
            // A cell merged down its rows starts in its first row of this table and
            // continues below; its text is in the first.
            let first = cell.row.max(rows.start);
            if cell.rows > 1 {
                let merge = if r == first {
                    VMergeType::Restart
                } else {
                    VMergeType::Continue
                };
                word = word.vertical_merge(merge);
            }
            let mut text = Paragraph::new().style("TableText");
            if r == first {
                let room = millimetres(width as i32) - 2.0 * PADDING_MM;
                let mut content = run(&cell.text_in(room, labels), TABLE_FACE, TABLE_SIZE);
                if cell.style == CellStyle::Label {
                    content = content.bold();
                }
                text = text.add_run(content);
            }
            text = text.align(match cell.style {
                CellStyle::Text | CellStyle::Note => AlignmentType::Left,
                CellStyle::Label | CellStyle::Figure | CellStyle::Name => AlignmentType::Center,
            });
            cells.push(word.add_paragraph(text));
            col = cell.col + cell.cols;
        }
        table_rows.push(TableRow::new(cells).cant_split());
    }
    let text_width = widths.iter().sum();
    Table::new(table_rows)
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(text_width, WidthType::Dxa)
        .indent(0)
        .margins(
            TableCellMargins::new()
                .margin_left(twips(PADDING_MM) as usize, WidthType::Dxa)
                .margin_right(twips(PADDING_MM) as usize, WidthType::Dxa),
        )
}

/// The draft as a Word document, the 自评表 attached in a section of its own.
pub fn docx(draft: &Draft, evaluation: &Evaluation, labels: &Labels) -> Result<Vec<u8>, Error> {
    let portrait = Page::new(false);
    let mut report = Section::new()
        .page_size(portrait.size())
        .page_margin(portrait.margin())
        .footer(page_number());
    let room = millimetres(portrait.text_width());
    for block in &draft.blocks {
        for paragraph in paragraph(block, room) {
            report = report.add_paragraph(paragraph);
        }
    }

    let form = paper::paper(evaluation, labels);
    let attachment = Page::new(!form.fits(millimetres(portrait.text_width()), labels));
    let widths = grid(&form, attachment.text_width(), labels);
    let mut document = styles(Docx::new())
        .add_section(report)
        .page_size(attachment.width as u32, attachment.height as u32)
        .page_margin(attachment.margin())
        .footer(page_number());
    if attachment.landscape {
        document = document.page_orient(PageOrientationType::Landscape);
    }
    document = document
        .add_paragraph(
            Paragraph::new()
                .style("Normal")
                .line_spacing(exact(BODY_LINE))
                .add_run(run(labels.attachment, HEADING1_FACE, BODY_SIZE)),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(run(&title(evaluation, labels), TITLE_FACE, TITLE_SIZE)),
        )
        .add_table(table(&form, 0..form.header, &widths, labels))
        // Word joins tables that touch; a hairline paragraph keeps the indicator table its
        // own, so that its header row can repeat on each page.
        .add_paragraph(
            Paragraph::new()
                .line_spacing(exact(20))
                .add_run(run("", TABLE_FACE, 2)),
        )
        .add_table(table(&form, form.header..form.rows, &widths, labels));
    document = signature_lines(document, evaluation, labels, attachment.text_width());

    let mut xml = document.build();
    xml.document = repeat_header_row(&xml.document);
    xml.styles = mark_chinese(&xml.styles);
    xml.font_table = name_alternatives(&xml.font_table);
    let mut bytes = Cursor::new(Vec::new());
    xml.pack(&mut bytes).map_err(Error::other)?;
    Ok(bytes.into_inner())
}

/// The signature lines under the table, two to a line, the second of each pair at one tab stop
/// so that 填表人 stands over 填报日期.
fn signature_lines(
    mut document: Docx,
    evaluation: &Evaluation,
    labels: &Labels,
    text_width: i32,
) -> Docx {
    let signatures = paper::signatures(evaluation, labels);
    let widest = |column: usize| {
        signatures
            .iter()
            .skip(column)
            .step_by(2)
            .map(|line| twips(width_at(line, SIGNATURE_SIZE)))
            .max()
            .unwrap_or(0)
    };
    // Two characters after the widest first item, and never so far that the second runs over.
    let gap = 2 * SIGNATURE_SIZE as i32 * 10;
    let stop = (widest(0) + gap)
        .max(text_width / 2)
        .min((text_width - widest(1)).max(0));
    for pair in signatures.chunks(2) {
        let mut paragraph = Paragraph::new()
            .style("Normal")
            .line_spacing(exact(BODY_LINE))
            .add_tab(Tab::new().val(TabValueType::Left).pos(stop as usize))
            .add_run(run(&pair[0], BODY_FACE, SIGNATURE_SIZE));
        if let Some(second) = pair.get(1) {
            paragraph = paragraph
                .add_run(Run::new().fonts(fonts(BODY_FACE)).add_tab())
                .add_run(run(second, BODY_FACE, SIGNATURE_SIZE));
        }
        document = document.add_paragraph(paragraph);
    }
    document
}

/// Marks the document's text as Chinese (`w:lang`, ECMA-376 §17.3.2.20) in the run defaults,
/// so that Word, WPS and LibreOffice take Chinese faces and line breaking, not Japanese ones;
/// docx-rs has no builder for it. It goes last in the run properties, where the schema's
/// order puts it.
fn mark_chinese(styles: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(styles);
    let defaults = "<w:rPrDefault><w:rPr>";
    let end = text
        .find(defaults)
        .and_then(|at| text[at..].find("</w:rPr>").map(|end| at + end));
    match end {
        Some(at) => format!(
            "{}<w:lang w:val=\"zh-CN\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\" />{}",
            &text[..at],
            &text[at..]
        )
        .into_bytes(),
        None => styles.to_vec(),
    }
}

/// Marks the first row of the last table, the indicator header, to repeat at the top of every
/// page (`w:tblHeader`, ECMA-376 §17.4.49), which docx-rs has no builder for.
fn repeat_header_row(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    let row = "<w:trPr>";
    let Some(table) = text.rfind("<w:tbl>") else {
        return document.to_vec();
    };
    let Some(offset) = text[table..].find(row) else {
        return document.to_vec();
    };
    let at = table + offset + row.len();
    format!("{}<w:tblHeader />{}", &text[..at], &text[at..]).into_bytes()
}

/// Adds the faces of GB/T 9704 to the font table with the face to substitute where one is
/// missing (`w:altName`), as Word and WPS read it.
fn name_alternatives(font_table: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(font_table);
    let fonts: String = [
        TITLE_FACE,
        BODY_FACE,
        HEADING1_FACE,
        HEADING2_FACE,
        TABLE_FACE,
    ]
    .iter()
    .map(|(face, alternative)| {
        format!(
            "<w:font w:name=\"{face}\"><w:altName w:val=\"{alternative}\" /><w:charset w:val=\"86\" /><w:family w:val=\"auto\" /><w:pitch w:val=\"variable\" /></w:font>"
        )
    })
    .collect();
    match text.rfind("</w:fonts>") {
        Some(end) => format!("{}{fonts}{}", &text[..end], &text[end..]).into_bytes(),
        None => font_table.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_fills_the_text_width_exactly() {
        let source =
            crate::source::Source::new("2022.toml", include_str!("../../../../fixtures/2022.toml"));
        let project = crate::project::load(&source).unwrap();
        let profile = crate::profile::Profile::select(None, &project, &source).unwrap();
        let evaluation = crate::engine::evaluate(&project, &profile);
        let labels = &super::super::labels::ZH;
        let form = paper::paper(&evaluation, labels);
        for landscape in [false, true] {
            let page = Page::new(landscape);
            let widths = grid(&form, page.text_width(), labels);
            assert_eq!(
                widths.iter().sum::<usize>(),
                page.text_width() as usize,
                "landscape {landscape}"
            );
        }
        assert_eq!(Page::new(false).text_width(), 11906 - 1587 - 1474);
    }

    #[test]
    fn the_header_row_of_the_last_table_repeats() {
        let xml = b"<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr /></w:tr></w:tbl>";
        let marked = String::from_utf8(repeat_header_row(xml)).unwrap();
        assert_eq!(marked.matches("<w:tblHeader />").count(), 1);
        assert!(
            marked.contains("</w:tbl><w:tbl><w:tr><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr>")
        );
    }
}
