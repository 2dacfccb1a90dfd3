//! The draft 绩效自评报告 as Markdown and as a Word document (.docx) whose attached table is a
//! real Word table — what units actually submit.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow, WidthType,
};

use crate::engine::Evaluation;
use crate::report::{Block, Draft};

use super::form::{funds_rows, header, indicator_rows};
use super::labels::Labels;

/// The attached 自评表: its title, header lines, and the funds and indicator tables.
pub fn attachment(evaluation: &Evaluation, labels: &Labels) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (label, value) in header(evaluation, labels) {
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

/// The draft as Markdown.
pub fn markdown(draft: &Draft) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', "<br>");
    let mut out = String::new();
    for block in &draft.blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!("{} {text}\n\n", "#".repeat(*level as usize)));
            }
            Block::Paragraph(text) | Block::Placeholder(text) => {
                out.push_str(&format!("{text}\n\n"));
            }
            Block::Warning(text) => {
                for line in text.lines() {
                    out.push_str(&format!("> {line}\n"));
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

fn run(text: &str) -> Run {
    Run::new()
        .add_text(text)
        .fonts(RunFonts::new().east_asia("宋体").ascii("Times New Roman"))
        .size(24)
}

/// Column widths in twentieths of a point, filling an A4 text width: the indicator table's
/// 三级指标 and note columns, and the funds table's row labels, get the room they need.
fn column_widths(columns: usize) -> Vec<usize> {
    match columns {
        8 => vec![1100, 1100, 2000, 1000, 1000, 600, 700, 1500],
        7 => vec![1900, 1200, 1200, 1200, 800, 1400, 1300],
        n => vec![9000 / n.max(1); n],
    }
}

/// The draft as a Word document.
pub fn docx(draft: &Draft) -> Result<Vec<u8>, std::io::Error> {
    let mut document = Docx::new();
    for block in &draft.blocks {
        document = match block {
            Block::Heading(level, text) => {
                let size = match level {
                    1 => 36,
                    2 => 30,
                    _ => 26,
                };
                let paragraph = Paragraph::new().add_run(run(text).bold().size(size));
                let paragraph = if *level == 1 {
                    paragraph.align(AlignmentType::Center)
                } else {
                    paragraph
                };
                document.add_paragraph(paragraph)
            }
            Block::Paragraph(text) => document.add_paragraph(Paragraph::new().add_run(run(text))),
            Block::Placeholder(text) => {
                document.add_paragraph(Paragraph::new().add_run(run(text).highlight("yellow")))
            }
            Block::Warning(text) => text.lines().fold(document, |document, line| {
                document.add_paragraph(Paragraph::new().add_run(run(line).bold().color("C00000")))
            }),
            Block::Table(rows) => {
                let widths = column_widths(rows.first().map_or(0, Vec::len));
                let rows = rows
                    .iter()
                    .enumerate()
                    .map(|(index, row)| {
                        TableRow::new(
                            row.iter()
                                .zip(&widths)
                                .map(|(text, width)| {
                                    let text = if index == 0 {
                                        run(text).bold().size(21)
                                    } else {
                                        run(text).size(21)
                                    };
                                    TableCell::new()
                                        .width(*width, WidthType::Dxa)
                                        .add_paragraph(Paragraph::new().add_run(text))
                                })
                                .collect(),
                        )
                    })
                    .collect();
                document.add_table(Table::new(rows).set_grid(widths))
            }
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    document
        .build()
        .pack(&mut bytes)
        .map_err(std::io::Error::other)?;
    Ok(bytes.into_inner())
}
