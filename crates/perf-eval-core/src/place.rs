//! Where a figure stands in the file a person opens: a worksheet's cell, a cell of a Word table,
//! or a line of pasted text. Every report names these places for an imported table, never a
//! line of the project file made from it in memory.

use std::fmt;
use std::ops::Deref;

use serde::Serialize;

use crate::lang::Lang;
use crate::source::{Source, Span};

/// A place in an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Place {
    /// A worksheet's cell: `自评表!I28`.
    Cell { sheet: String, cell: String },
    /// A cell of a Word document's table, rows and columns counted from 1 as Word draws
    /// them; the table is numbered as Word counts them (`2`), a table inside another after its
    /// number (`1-1`).
    Word {
        table: String,
        row: usize,
        column: usize,
    },
    /// A line of a pasted text table, counted from 1.
    Line { line: usize },
}

impl Place {
    /// The place as a person looks for it, in `lang`: `自评表!I28`, `表格2 第7行第3列`
    /// (`table 2, row 7, column 3`), `第142行` (`line 142`).
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Place::Cell { sheet, cell }, _) => format!("{sheet}!{cell}"),
            (Place::Word { table, row, column }, Lang::Zh) => {
                format!("表格{table} 第{row}行第{column}列")
            }
            (Place::Word { table, row, column }, Lang::En) => {
                format!("table {table}, row {row}, column {column}")
            }
            (Place::Line { line }, Lang::Zh) => format!("第{line}行"),
            (Place::Line { line }, Lang::En) => format!("line {line}"),
        }
    }

    /// The place after a file's name, `file:place`: a pasted text's line as a number, as editors
    /// and terminals follow `path:line`; any other place as [`Place::text`] gives it.
    pub fn locator(&self, lang: Lang) -> String {
        match self {
            Place::Line { line } => line.to_string(),
            place => place.text(lang),
        }
    }

    /// The line of a pasted text, which editors and CI annotations can point at.
    pub fn line(&self) -> Option<usize> {
        match self {
            Place::Line { line } => Some(*line),
            _ => None,
        }
    }
}

/// The Chinese form, which import comments and messages use.
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::Zh))
    }
}

/// A cell as read: its place and its text, which a report shows instead of the project file's
/// line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub place: Place,
    pub text: String,
    /// The place in Chinese, kept so that import comments and messages borrow it.
    address: String,
}

impl Cell {
    pub fn new(place: Place, text: &str) -> Cell {
        Cell {
            address: place.to_string(),
            place,
            text: text.to_string(),
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.address)
    }
}

impl Deref for Cell {
    type Target = str;

    fn deref(&self) -> &str {
        &self.address
    }
}

/// Where the figures of a checked table are: its project file's lines, and for a table imported
/// from a workbook, Word file or pasted text, the cell behind each line.
#[derive(Clone, Copy)]
pub struct Places<'a> {
    pub source: &'a Source,
    pub table: Option<&'a LineCells>,
}

/// The cell behind each line of a project file made from an imported table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineCells(Vec<Option<Cell>>);

impl LineCells {
    /// The next line, and the cell it was read from.
    pub fn push(&mut self, cell: Option<Cell>) {
        self.0.push(cell);
    }

    /// The cell behind a line (1-based), or else behind the nearest line above that has one
    /// (an indicator's `[[indicator]]` line for its keys).
    pub fn cell(&self, line: usize) -> Option<&Cell> {
        self.0
            .get(..line.min(self.0.len()))?
            .iter()
            .rev()
            .find_map(Option::as_ref)
    }
}

impl<'a> Places<'a> {
    /// The places of a project file that was not imported.
    pub fn of(source: &'a Source) -> Places<'a> {
        Places {
            source,
            table: None,
        }
    }

    /// The cell a span of the project file was read from, for an imported table.
    pub fn cell(&self, span: Span) -> Option<&'a Cell> {
        let table = self.table?;
        table.cell(self.source.location(span.start).line)
    }

    /// Where a span is, for JSON: the cell, or else the line and column of the project file.
    pub fn at(&self, span: Span) -> At<'a> {
        match self.table {
            Some(_) => At::Place(self.cell(span).map(|cell| &cell.place)),
            None => {
                let start = self.source.location(span.start);
                let end = self.source.location(span.end);
                At::Source {
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    span,
                }
            }
        }
    }

    /// Where a span starts, for JSON Lines: the cell, or else the line and column.
    pub fn start(&self, span: Span) -> At<'a> {
        match self.table {
            Some(_) => At::Place(self.cell(span).map(|cell| &cell.place)),
            None => {
                let start = self.source.location(span.start);
                At::Start {
                    line: start.line,
                    column: start.column,
                }
            }
        }
    }

    /// Where a row is, for JSON: its name's cell, or else its line.
    pub fn row(&self, span: Span) -> At<'a> {
        match self.table {
            Some(_) => At::Place(self.cell(span).map(|cell| &cell.place)),
            None => At::Line {
                line: self.source.location(span.start).line,
            },
        }
    }
}

/// A place as JSON gives it: `line`, `column`, … in a project file; `sheet` and `cell`,
/// `table`, `row` and `column`, or `line` of a pasted text, for an imported table (nothing when
/// a cell is not known).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub enum At<'a> {
    Source {
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        span: Span,
    },
    Start {
        line: usize,
        column: usize,
    },
    Line {
        line: usize,
    },
    Place(Option<&'a Place>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_a_person_looks_for_them() {
        let cell = Place::Cell {
            sheet: "自评表".into(),
            cell: "I28".into(),
        };
        let word = Place::Word {
            table: "2".into(),
            row: 7,
            column: 3,
        };
        let line = Place::Line { line: 142 };
        assert_eq!(cell.text(Lang::Zh), "自评表!I28");
        assert_eq!(cell.text(Lang::En), "自评表!I28");
        assert_eq!(word.text(Lang::Zh), "表格2 第7行第3列");
        assert_eq!(word.text(Lang::En), "table 2, row 7, column 3");
        assert_eq!(line.text(Lang::Zh), "第142行");
        assert_eq!(line.text(Lang::En), "line 142");
        assert_eq!(
            serde_json::to_string(&word).unwrap(),
            r#"{"table":"2","row":7,"column":3}"#
        );
        assert_eq!(
            serde_json::to_string(&cell).unwrap(),
            r#"{"sheet":"自评表","cell":"I28"}"#
        );
        assert_eq!(line.line(), Some(142));
        assert_eq!(line.locator(Lang::Zh), "142");
        assert_eq!(word.locator(Lang::Zh), "表格2 第7行第3列");
        assert_eq!(cell.line(), None);
    }
}
