//! The tables of a Word document (.docx), read with docx-rs: cells merged across columns
//! (gridSpan) repeat their text in every column they cover and cells merged down rows
//! (vMerge) repeat the text of the cell above, as merged worksheet cells do in
//! [`Grid::read`](super::grid::Grid::read).

use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};

use super::grid::{Grid, MAX_COLUMNS, MAX_ROWS, Origin};

/// Every top-level table of the document, in order, named `表格1`, `表格2`, ….
pub fn grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let document = docx_rs::read_docx(bytes).map_err(|e| e.to_string())?;
    let mut grids = Vec::new();
    let mut caption = String::new();
    for child in &document.document.children {
        let table = match child {
            DocumentChild::Paragraph(paragraph) => {
                let text = paragraph.raw_text();
                if !text.trim().is_empty() {
                    caption = text;
                }
                continue;
            }
            DocumentChild::Table(table) => table,
            _ => continue,
        };
        let number = grids.len() + 1;
        let mut rows: Vec<Vec<String>> = Vec::new();
        for TableChild::TableRow(row) in table.rows.iter().take(MAX_ROWS) {
            let mut cells: Vec<String> = Vec::new();
            for TableRowChild::TableCell(cell) in &row.cells {
                // The merge marks are private fields; their serialized form is public.
                let property = serde_json::to_value(&cell.property).unwrap_or_default();
                let span = property["gridSpan"].as_u64().unwrap_or(1).clamp(1, 64) as usize;
                let text = if property["verticalMerge"] == "continue" {
                    rows.last()
                        .and_then(|above| above.get(cells.len()))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    cell_text(&cell.children)
                };
                for _ in 0..span {
                    if cells.len() < MAX_COLUMNS {
                        cells.push(text.clone());
                    }
                }
            }
            rows.push(cells);
        }
        let mut grid = Grid::new(format!("表格{number}"), Origin::Word(number), rows);
        grid.caption.clone_from(&caption);
        grids.push(grid);
    }
    Ok(grids)
}

/// A cell's paragraphs, one a line.
fn cell_text(children: &[TableCellContent]) -> String {
    children
        .iter()
        .filter_map(|content| match content {
            TableCellContent::Paragraph(paragraph) => Some(paragraph.raw_text()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}
