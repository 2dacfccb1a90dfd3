//! What a .xlsx shows besides its cells' stored values, which the workbook reader does not
//! report: each cell's number format (ECMA-376 Part 1, §18.8.30–31 and §18.3.1.4 `c@s`), the
//! rows and columns it hides (§18.3.1.73 `row@hidden`, §18.3.1.13 `col@hidden`), and formulas
//! saved without a computed value (§18.3.1.40 `f` with no `v`).
//!
//! The package is opened once for the whole workbook, and its workbook, relationship and
//! style parts are read once: a workbook of thousands of sheets costs each sheet its own part
//! only.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor};
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::format;
use super::grid::{MAX_COLUMNS, MAX_ROWS};

/// The most cell styles read: Excel's own limit is 64,000.
const MAX_STYLES: usize = 65_536;

/// A .xlsx package, read for what its sheets show.
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Each sheet's part, by the sheet's name.
    parts: HashMap<String, String>,
    /// Each cell style's format code (`cellXfs`, by index).
    codes: Arc<Vec<String>>,
    date1904: bool,
}

/// What one sheet shows besides its stored values.
#[derive(Debug, Default)]
pub struct Look {
    /// Hidden rows, 0-based and sorted.
    pub hidden_rows: Vec<usize>,
    /// Hidden columns, 0-based, as inclusive ranges.
    hidden_columns: Vec<(usize, usize)>,
    /// The style of each cell whose format is not General.
    styles: HashMap<(usize, usize), usize>,
    codes: Arc<Vec<String>>,
    pub date1904: bool,
    /// Formula cells saved without a computed value.
    pub uncomputed: Vec<(usize, usize)>,
    /// Merged regions (first row, first column, last row, last column; 0-based), when the
    /// sheet's part was read (`None` leaves them to the workbook reader).
    pub merges: Option<Vec<(usize, usize, usize, usize)>>,
    /// How many cells the sheet holds.
    pub cells: usize,
}

impl Look {
    pub fn is_hidden_column(&self, col: usize) -> bool {
        self.hidden_columns
            .iter()
            .any(|&(first, last)| (first..=last).contains(&col))
    }

    /// The format code of a cell, when it has one other than General.
    pub fn code(&self, row: usize, col: usize) -> Option<&str> {
        let style = *self.styles.get(&(row, col))?;
        self.codes.get(style).map(String::as_str)
    }

    /// How a number is displayed in a cell: its text, or the format that cannot be shown.
    pub fn number(&self, row: usize, col: usize, value: f64) -> Result<String, String> {
        match self.code(row, col) {
            Some(code) => format::number(value, code, self.date1904).map_err(|_| code.to_string()),
            None => Ok(format::general(value)),
        }
    }
}

impl<'a> Package<'a> {
    /// Opens a package; `None` when its parts cannot be read (the workbook reader then says why,
    /// or reads it without formats).
    pub fn open(bytes: &'a [u8]) -> Option<Package<'a>> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let mut ids = Vec::new();
        let mut date1904 = false;
        each(&mut archive, "xl/workbook.xml", |e| {
            match e.local_name().as_ref() {
                b"sheet" => {
                    if let (Some(name), Some(id)) = (attribute(e, b"name"), attribute(e, b"id")) {
                        ids.push((name, id));
                    }
                }
                b"workbookPr" => {
                    date1904 = attribute(e, b"date1904").is_some_and(|v| v == "1" || v == "true");
                }
                _ => {}
            }
        })?;
        let mut targets = HashMap::new();
        each(&mut archive, "xl/_rels/workbook.xml.rels", |e| {
            if e.local_name().as_ref() == b"Relationship"
                && let (Some(id), Some(target)) = (attribute(e, b"Id"), attribute(e, b"Target"))
            {
                targets.insert(id, target);
            }
        })?;
        let parts = ids
            .into_iter()
            .filter_map(|(name, id)| {
                let target = targets.get(&id)?;
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                Some((name, path))
            })
            .collect();
        let codes = styles(&mut archive).unwrap_or_default();
        Some(Package {
            archive,
            parts,
            codes: Arc::new(codes),
            date1904,
        })
    }

    /// What a sheet shows; nothing when its part cannot be read.
    pub fn look(&mut self, sheet: &str) -> Look {
        let mut look = Look {
            codes: Arc::clone(&self.codes),
            date1904: self.date1904,
            ..Look::default()
        };
        let Some(path) = self.parts.get(sheet) else {
            return look;
        };
        let Ok(part) = self.archive.by_name(path) else {
            return look;
        };
        let mut reader = Reader::from_reader(BufReader::new(part));
        look.merges = Some(Vec::new());
        let _ = read_sheet(&mut reader, &mut look);
        look
    }
}

/// Reads a sheet part: rows, columns and cells. Stops at the end of the part or the first
/// malformed event (what was read so far stands).
fn read_sheet<R: BufRead>(reader: &mut Reader<R>, look: &mut Look) -> Option<()> {
    let mut buffer = Vec::new();
    // `r` may be left out, meaning the row or cell after the last.
    let (mut row, mut col) = (0_usize, 0_usize);
    let mut cell: Option<Cell> = None;
    let mut in_value = false;
    loop {
        let event = reader.read_event_into(&mut buffer).ok()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"row" => {
                    row = attribute(e, b"r")
                        .and_then(|r| r.parse().ok())
                        .unwrap_or(row + 1);
                    col = 0;
                    if row > MAX_ROWS {
                        return Some(());
                    }
                    if attribute(e, b"hidden").is_some_and(|h| h == "1" || h == "true") {
                        look.hidden_rows.push(row - 1);
                    }
                }
                b"col" => {
                    let number = |key| attribute(e, key).and_then(|v| v.parse::<usize>().ok());
                    if let (Some(min), Some(max)) = (number(b"min"), number(b"max"))
                        && (1..=MAX_COLUMNS).contains(&min)
                        && attribute(e, b"hidden").is_some_and(|h| h == "1" || h == "true")
                    {
                        look.hidden_columns
                            .push((min - 1, max.clamp(min, MAX_COLUMNS) - 1));
                    }
                }
                b"mergeCell" => {
                    let region = attribute(e, b"ref").and_then(|r| {
                        let (first, last) = r.split_once(':')?;
                        let ((r1, c1), (r2, c2)) = (cell_of(first)?, cell_of(last)?);
                        Some((r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2)))
                    });
                    if let (Some(region), Some(merges)) = (region, look.merges.as_mut()) {
                        merges.push(region);
                    }
                }
                b"c" => {
                    look.cells += 1;
                    col = attribute(e, b"r")
                        .and_then(|r| column_of(&r))
                        .unwrap_or(col + 1);
                    let here = Cell {
                        at: (row.saturating_sub(1), col.saturating_sub(1)),
                        style: attribute(e, b"s").and_then(|s| s.parse().ok()),
                        text: attribute(e, b"t").is_some_and(|t| t == "str"),
                        formula: false,
                        value: false,
                    };
                    if matches!(event, Event::Start(_)) {
                        cell = Some(here);
                    } else {
                        look.keep(&here);
                    }
                }
                b"f" => {
                    if let Some(cell) = cell.as_mut() {
                        cell.formula = true;
                    }
                }
                b"v" => {
                    in_value = matches!(event, Event::Start(_));
                    // `<v></v>` of a text result is a computed empty text.
                    if let Some(cell) = cell.as_mut() {
                        cell.value |= cell.text;
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_value => {
                if let Some(cell) = cell.as_mut() {
                    let bytes: &[u8] = t;
                    cell.value |= !bytes.iter().all(u8::is_ascii_whitespace);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"v" => in_value = false,
                b"c" => {
                    if let Some(cell) = cell.take() {
                        look.keep(&cell);
                    }
                }
                _ => {}
            },
            Event::Eof => return Some(()),
            _ => {}
        }
        buffer.clear();
    }
}

/// A cell as its part describes it.
struct Cell {
    /// 0-based row and column.
    at: (usize, usize),
    style: Option<usize>,
    /// A formula's text result (`t="str"`).
    text: bool,
    formula: bool,
    /// Whether a value was saved.
    value: bool,
}

impl Look {
    fn keep(&mut self, cell: &Cell) {
        let (row, col) = cell.at;
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return;
        }
        if let Some(style) = cell.style
            && self
                .codes
                .get(style)
                .is_some_and(|code| !code.eq_ignore_ascii_case("general"))
        {
            self.styles.insert(cell.at, style);
        }
        if cell.formula && !cell.value {
            self.uncomputed.push(cell.at);
        }
    }
}

/// `F12` → (11, 5), 0-based.
fn cell_of(reference: &str) -> Option<(usize, usize)> {
    let col = column_of(reference)?;
    let row: usize = reference
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
        // Excel's last row.
        .filter(|&row| row <= 1 << 20)?;
    Some((row.checked_sub(1)?, col - 1))
}

/// `F12` → 6 (1-based column).
fn column_of(reference: &str) -> Option<usize> {
    let letters: Vec<u8> = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    Some(letters.iter().fold(0, |n, b| {
        n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)
    }))
}

/// The format code of each cell style (`cellXfs`), custom codes (`numFmts`) by id first.
fn styles(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<Vec<String>> {
    let mut custom = HashMap::new();
    let mut ids = Vec::new();
    let mut depth_in_xfs = false;
    let part = archive.by_name("xl/styles.xml").ok()?;
    let mut reader = Reader::from_reader(BufReader::new(part));
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (
                        attribute(&e, b"numFmtId").and_then(|id| id.parse::<u32>().ok()),
                        attribute(&e, b"formatCode"),
                    ) {
                        custom.insert(id, code);
                    }
                }
                b"cellXfs" => depth_in_xfs = true,
                b"xf" if depth_in_xfs && ids.len() < MAX_STYLES => {
                    ids.push(
                        attribute(&e, b"numFmtId")
                            .and_then(|id| id.parse::<u32>().ok())
                            .unwrap_or(0),
                    );
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"cellXfs" => break,
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Some(
        ids.into_iter()
            .map(|id| {
                custom
                    .get(&id)
                    .cloned()
                    .or_else(|| format::builtin(id).map(str::to_string))
                    // An id neither built in nor defined shows as General in Excel.
                    .unwrap_or_else(|| "General".to_string())
            })
            .collect(),
    )
}

/// Calls `visit` on each element of a part; `None` when the part is missing or malformed.
fn each(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    part: &str,
    mut visit: impl FnMut(&BytesStart),
) -> Option<()> {
    let part = archive.by_name(part).ok()?;
    let mut reader = Reader::from_reader(BufReader::new(part));
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(e) | Event::Empty(e) => visit(&e),
            Event::Eof => return Some(()),
            _ => {}
        }
        buffer.clear();
    }
}

pub(super) fn attribute(element: &BytesStart, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(xml: &str, codes: &[&str]) -> Look {
        let mut look = Look {
            codes: Arc::new(codes.iter().map(|c| c.to_string()).collect()),
            ..Look::default()
        };
        let mut reader = Reader::from_reader(xml.as_bytes());
        read_sheet(&mut reader, &mut look).unwrap();
        look
    }

    #[test]
    fn formats_hidden_parts_and_formulas_without_results() {
        let xml = r#"<worksheet><cols><col min="2" max="3" hidden="1"/></cols><sheetData>
            <row r="1"><c r="A1" s="1"><v>0.98</v></c><c r="B1"><f>SUM(A1)</f><v>1</v></c></row>
            <row r="3" hidden="1"><c r="A3"><f>SUM(A1)</f></c><c r="B3" t="str"><f>""</f><v></v></c>
            <c s="1"><f>A1</f><v/></c></row></sheetData></worksheet>"#;
        let look = look(xml, &["General", "0%"]);
        assert_eq!(look.code(0, 0), Some("0%"));
        assert_eq!(look.code(0, 1), None);
        assert_eq!(look.number(0, 0, 0.98), Ok("98%".to_string()));
        assert_eq!(look.hidden_rows, [2]);
        assert!(look.is_hidden_column(1) && look.is_hidden_column(2));
        assert!(!look.is_hidden_column(0) && !look.is_hidden_column(3));
        assert_eq!(look.uncomputed, [(2, 0), (2, 2)]);
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_of("A1"), Some(1));
        assert_eq!(column_of("AB12"), Some(28));
        assert_eq!(column_of("12"), None);
        assert_eq!(cell_of("I28"), Some((27, 8)));
        assert_eq!(cell_of("A0"), None);
    }
}
