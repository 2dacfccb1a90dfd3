//! The tables of a Word document (.docx), read from `word/document.xml` as one stream of XML
//! events, the text of each cell as Word displays it and each cell in the column Word draws it
//! in.
//!
//! Displayed: runs formatted hidden (`w:vanish`) are left out, and so are deleted revisions
//! (`w:del`, `w:moveFrom`, rows marked deleted), field codes (`w:instrText`: the result Word
//! shows is read) and the prompt of an empty content control (`w:showingPlcHdr`); inserted
//! revisions, hyperlinks, smart tags, custom XML and content controls are read through.
//! Floating drawings and text boxes are not in the cell's flow and are not read.
//!
//! Placed: a row starts at its `w:gridBefore` column; a cell merged across columns
//! (`w:gridSpan`, or the older `w:hMerge`) repeats its text in every column it covers, and a
//! cell merged down rows (`w:vMerge`) repeats the text of the cell above, as merged worksheet
//! cells do in [`Grid::read`](super::grid::Grid::read). A table nested in a cell adds its text
//! to that cell (a row a line) and is a grid of its own, `表格2-1`, after the outer one.
//!
//! Bounded: nothing is held but the cells, nesting, paragraphs and cells are counted as they
//! stream past, and a document past [`MAX_NESTING`], [`MAX_PARAGRAPHS`] or [`MAX_CELLS`] is
//! refused.

use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::grid::{Grid, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES, Origin};
use super::xlsx::attribute;
use super::{MAX_XML_BYTES, Problem};
use crate::messages::WordPart;

/// Tables inside tables past this depth are refused: a form is laid out at most a few deep.
pub const MAX_NESTING: usize = 8;
/// Paragraphs past this are refused: a report with its 自评表 has some hundreds.
pub const MAX_PARAGRAPHS: usize = 100_000;
/// Table cells past this (counted over the columns they span) are refused: a 自评表 has some
/// five hundred.
pub const MAX_CELLS: usize = 200_000;
/// The text kept of a paragraph between tables, which may name the year.
const MAX_CAPTION_BYTES: usize = 1_024;

/// Every table of the document in order, named `表格1`, `表格2`, … (a nested table after its
/// outer one, `表格2-1`); a 自评表 that Word splits over two tables (the header and funds in
/// one, the indicators in the next, as `perf-eval report` lays out its 附件) is one grid.
pub fn grids(bytes: &[u8]) -> Result<Vec<Grid>, Problem> {
    let cannot_open = |why: &dyn std::fmt::Display| Problem::CannotOpen {
        why: why.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| cannot_open(&e))?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|e| cannot_open(&e))?;
    // The declared size was checked before; a part that unpacks past it ends there.
    let stream = BufReader::new(part.take(MAX_XML_BYTES));
    let tables = Document::default()
        .read(Reader::from_reader(stream))
        .map_err(|e| match e {
            Stop::Refused(problem) => problem,
            Stop::Xml(why) => cannot_open(&why),
        })?;
    Ok(joined(tables))
}

/// Why reading stopped.
enum Stop {
    Refused(Problem),
    Xml(String),
}

impl From<quick_xml::Error> for Stop {
    fn from(e: quick_xml::Error) -> Stop {
        Stop::Xml(e.to_string())
    }
}

impl From<quick_xml::encoding::EncodingError> for Stop {
    fn from(e: quick_xml::encoding::EncodingError) -> Stop {
        Stop::Xml(e.to_string())
    }
}

/// A table being read.
struct Table {
    /// Its place in the document's list of grids, kept from when it opened.
    index: usize,
    name: String,
    rows: Vec<Vec<String>>,
    /// The row being read; `None` between rows and in a deleted row.
    row: Option<Vec<String>>,
    /// Tables nested in it so far.
    nested: usize,
    /// The text just above it, which may say the year.
    caption: String,
}

/// A cell being read: its text, and how it merges.
#[derive(Default)]
struct Cell {
    text: String,
    span: usize,
    /// Continues the cell above (`w:vMerge` without `restart`).
    continues_above: bool,
    /// Continues the cell to its left (`w:hMerge`, as older Word versions wrote merges).
    continues_left: bool,
}

#[derive(Default)]
struct Document {
    /// Open tables, outermost first, and the open cell of each (one per table, at most).
    tables: Vec<Table>,
    cells: Vec<Cell>,
    grids: Vec<Option<Grid>>,
    /// Text of the last paragraph between tables that had any.
    caption: String,
    paragraph: String,
    /// Open complex fields, innermost last: whether each is past its code (`separate`).
    fields: Vec<bool>,
    /// Open content controls: whether each shows its prompt rather than content.
    controls: Vec<bool>,
    /// The run being read is formatted hidden.
    hidden: bool,
    /// Tables read that are not nested in another.
    top_level: usize,
    paragraphs: usize,
    cell_count: usize,
    text_bytes: usize,
}

impl Document {
    fn read<R: std::io::BufRead>(mut self, mut reader: Reader<R>) -> Result<Vec<Grid>, Stop> {
        let mut buffer = Vec::new();
        let mut skipped = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buffer)?;
            match event {
                Event::Start(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        // Formatting, properties and what is not displayed in the cell.
                        b"pPr" | b"tblPr" | b"tblPrEx" | b"tblGrid" | b"sectPr" | b"del"
                        | b"moveFrom" | b"instrText" | b"delText" | b"delInstrText"
                        | b"drawing" | b"pict" | b"object" | b"Fallback" | b"rt" | b"rubyPr"
                        | b"smartTagPr" | b"customXmlPr" | b"sdtEndPr" => {
                            reader.read_to_end_into(e.name(), &mut skipped)?;
                        }
                        b"rPr" => {
                            let flags: &[&[u8]] = &[b"vanish", b"specVanish"];
                            self.hidden =
                                switched_on(&mut reader, &mut skipped, b"rPrChange", flags)?;
                        }
                        b"trPr" => {
                            let (before, deleted) = row_properties(&mut reader, &mut skipped)?;
                            self.set_row(before, deleted);
                        }
                        b"tcPr" => {
                            let merge = cell_properties(&mut reader, &mut skipped)?;
                            if let Some(cell) = self.cells.last_mut() {
                                (cell.span, cell.continues_above, cell.continues_left) = merge;
                            }
                        }
                        b"sdtPr" => {
                            let flags: &[&[u8]] = &[b"showingPlcHdr"];
                            let prompt =
                                switched_on(&mut reader, &mut skipped, b"placeholder", flags)?;
                            if let Some(control) = self.controls.last_mut() {
                                *control = prompt;
                            }
                        }
                        b"sdt" => self.controls.push(false),
                        b"t" => self.text(&mut reader, &mut skipped)?,
                        b"r" => self.hidden = false,
                        _ => self.open(name.as_ref(), &e)?,
                    }
                }
                Event::Empty(e) => {
                    let name = e.local_name();
                    self.open(name.as_ref(), &e)?;
                    self.close(name.as_ref())?;
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"sdt" => {
                        self.controls.pop();
                    }
                    b"r" => self.hidden = false,
                    other => self.close(other)?,
                },
                Event::Eof => break,
                _ => {}
            }
            buffer.clear();
        }
        Ok(self.grids.into_iter().flatten().collect())
    }

    fn refuse(part: WordPart, max: usize) -> Stop {
        Stop::Refused(Problem::WordTooCostly { part, max })
    }

    /// An element that starts (or an empty one, before [`Self::close`]).
    fn open(&mut self, name: &[u8], e: &BytesStart) -> Result<(), Stop> {
        match name {
            b"p" => {
                self.paragraphs += 1;
                if self.paragraphs > MAX_PARAGRAPHS {
                    return Err(Self::refuse(WordPart::Paragraphs, MAX_PARAGRAPHS));
                }
            }
            b"tbl" => {
                if self.tables.len() >= MAX_NESTING {
                    return Err(Self::refuse(WordPart::Nesting, MAX_NESTING));
                }
                let name = match self.tables.last_mut() {
                    Some(outer) => {
                        outer.nested += 1;
                        format!("{}-{}", outer.name, outer.nested)
                    }
                    None => {
                        self.top_level += 1;
                        format!("表格{}", self.top_level)
                    }
                };
                // A nested table's caption is the line above it in its cell.
                let caption = match self.open_cell() {
                    Some(cell) => cell.text.lines().rev().find(|l| !l.trim().is_empty()),
                    None => Some(self.caption.as_str()),
                };
                let caption = caption.unwrap_or_default().to_string();
                self.tables.push(Table {
                    index: self.grids.len(),
                    name,
                    rows: Vec::new(),
                    row: None,
                    nested: 0,
                    caption,
                });
                self.grids.push(None);
            }
            b"tr" => {
                if let Some(table) = self.tables.last_mut() {
                    table.row = Some(Vec::new());
                }
            }
            b"tc" => self.cells.push(Cell {
                span: 1,
                ..Cell::default()
            }),
            b"fldChar" => match attribute(e, b"fldCharType").as_deref() {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(field) = self.fields.last_mut() {
                        *field = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            b"tab" => self.push_text("\t")?,
            b"br" | b"cr" => self.push_text("\n")?,
            b"noBreakHyphen" => self.push_text("-")?,
            b"sym" => {
                if let Some(c) = symbol(e) {
                    self.push_text(c.encode_utf8(&mut [0; 4]))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &[u8]) -> Result<(), Stop> {
        match name {
            b"p" => {
                let paragraph = std::mem::take(&mut self.paragraph);
                if let Some(cell) = self.open_cell() {
                    cell.text.push('\n');
                } else if !paragraph.trim().is_empty() {
                    self.caption = paragraph;
                }
            }
            b"tc" => self.close_cell()?,
            b"tr" => {
                if let Some(table) = self.tables.last_mut()
                    && let Some(row) = table.row.take()
                    && table.rows.len() < MAX_ROWS
                {
                    table.rows.push(row);
                }
            }
            b"tbl" => self.close_table()?,
            _ => {}
        }
        Ok(())
    }

    /// `w:gridBefore` columns are left empty at the start of the row; a deleted row is not read.
    fn set_row(&mut self, before: usize, deleted: bool) {
        if let Some(table) = self.tables.last_mut() {
            if deleted {
                table.row = None;
            } else if let Some(row) = &mut table.row {
                row.resize(before.min(MAX_COLUMNS), String::new());
            }
        }
    }

    fn close_cell(&mut self) -> Result<(), Stop> {
        let Some(cell) = self.cells.pop() else {
            return Ok(());
        };
        self.cell_count = self.cell_count.saturating_add(cell.span);
        if self.cell_count > MAX_CELLS {
            return Err(Self::refuse(WordPart::Cells, MAX_CELLS));
        }
        let Some(table) = self.tables.last_mut() else {
            return Ok(());
        };
        let above = table.rows.last();
        let Some(row) = &mut table.row else {
            return Ok(());
        };
        let column = row.len();
        let text = if cell.continues_above {
            above
                .and_then(|above| above.get(column))
                .cloned()
                .unwrap_or_default()
        } else if cell.continues_left {
            row.last().cloned().unwrap_or_default()
        } else {
            let text = cell.text.trim_end_matches('\n');
            if text.chars().count() > MAX_CELL_CHARS {
                return Err(Stop::Refused(Problem::CellTooLong {
                    cell: format!(
                        "{} 第{}行第{}列",
                        table.name,
                        table.rows.len() + 1,
                        column + 1
                    ),
                    max: MAX_CELL_CHARS,
                }));
            }
            text.to_string()
        };
        for _ in 0..cell.span {
            if row.len() < MAX_COLUMNS {
                self.text_bytes = self.text_bytes.saturating_add(text.len());
                row.push(text.clone());
            }
        }
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(Stop::Refused(Problem::TextTooLarge {
                mb: (MAX_TEXT_BYTES >> 20) as u64,
            }));
        }
        Ok(())
    }

    /// A table that ends becomes a grid; a nested one also adds its rows, a line each, to the
    /// cell that holds it.
    fn close_table(&mut self) -> Result<(), Stop> {
        let Some(table) = self.tables.pop() else {
            return Ok(());
        };
        if !self.tables.is_empty() {
            let lines: Vec<String> = table
                .rows
                .iter()
                .map(|row| {
                    let mut cells: Vec<&str> = row.iter().map(|c| c.trim()).collect();
                    cells.dedup();
                    cells.retain(|c| !c.is_empty());
                    cells.join(" ")
                })
                .collect();
            self.append(&lines.join("\n"))?;
            self.append("\n")?;
        }
        let mut grid = Grid::new(table.name, Origin::Word(Vec::new()), table.rows);
        grid.caption = table.caption;
        self.grids[table.index] = Some(grid);
        Ok(())
    }

    /// The text of a `w:t` element, kept when it is displayed.
    fn text<R: std::io::BufRead>(
        &mut self,
        reader: &mut Reader<R>,
        buffer: &mut Vec<u8>,
    ) -> Result<(), Stop> {
        loop {
            buffer.clear();
            match reader.read_event_into(buffer)? {
                Event::Text(text) => {
                    let text = text.xml10_content()?.into_owned();
                    self.push_text(&text)?;
                }
                Event::CData(text) => {
                    let text = text.decode()?.into_owned();
                    self.push_text(&text)?;
                }
                Event::GeneralRef(reference) => {
                    if let Some(c) = resolve(&reference) {
                        self.push_text(c.encode_utf8(&mut [0; 4]))?;
                    }
                }
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The innermost table's open cell.
    fn open_cell(&mut self) -> Option<&mut Cell> {
        if self.tables.len() == self.cells.len() {
            self.cells.last_mut()
        } else {
            None
        }
    }

    /// Text that Word displays: not in a hidden run, a field's code or a control's prompt.
    fn push_text(&mut self, text: &str) -> Result<(), Stop> {
        let shown = !self.hidden
            && self.fields.iter().all(|&result| result)
            && !self.controls.iter().any(|&prompt| prompt);
        if shown { self.append(text) } else { Ok(()) }
    }

    /// Text into the innermost table's open cell, or the paragraph between tables.
    fn append(&mut self, text: &str) -> Result<(), Stop> {
        if self.cells.is_empty() {
            if self.paragraph.len() < MAX_CAPTION_BYTES {
                self.paragraph.push_str(text);
            }
            return Ok(());
        }
        // Between the cells of a table, text is in no cell.
        let Some(cell) = self.open_cell() else {
            return Ok(());
        };
        if cell.text.len() <= MAX_CELL_CHARS * 4 {
            cell.text.push_str(text);
            return Ok(());
        }
        let table = self.tables.last().map_or("", |t| t.name.as_str());
        Err(Stop::Refused(Problem::CellTooLong {
            cell: table.to_string(),
            max: MAX_CELL_CHARS,
        }))
    }
}

/// Whether a properties element just opened switches on one of `flags` (`w:vanish` in a
/// run's, `w:showingPlcHdr` in a content control's), unless `w:val="0"` turns it off; what
/// is inside `skip` (the old properties of a tracked change) does not count.
fn switched_on<R: std::io::BufRead>(
    reader: &mut Reader<R>,
    buffer: &mut Vec<u8>,
    skip: &[u8],
    flags: &[&[u8]],
) -> Result<bool, Stop> {
    let mut set = false;
    properties(reader, buffer, skip, |name, e| {
        if flags.contains(&name) {
            set = on(e);
        }
    })?;
    Ok(set)
}

/// A row's `w:gridBefore` and whether it is a deleted revision (`w:del`).
fn row_properties<R: std::io::BufRead>(
    reader: &mut Reader<R>,
    buffer: &mut Vec<u8>,
) -> Result<(usize, bool), Stop> {
    let (mut before, mut deleted) = (0, false);
    properties(reader, buffer, b"trPrChange", |name, e| match name {
        b"gridBefore" => before = number(e).unwrap_or(0),
        b"del" => deleted = true,
        _ => {}
    })?;
    Ok((before, deleted))
}

/// A cell's span over grid columns, and whether it continues the cell above or to its left.
fn cell_properties<R: std::io::BufRead>(
    reader: &mut Reader<R>,
    buffer: &mut Vec<u8>,
) -> Result<(usize, bool, bool), Stop> {
    let (mut span, mut above, mut left) = (1, false, false);
    properties(reader, buffer, b"tcPrChange", |name, e| match name {
        b"gridSpan" => span = number(e).unwrap_or(1).clamp(1, MAX_COLUMNS),
        // `<w:vMerge/>` without a value continues the cell above.
        b"vMerge" => above = attribute(e, b"val").is_none_or(|v| v == "continue"),
        b"hMerge" => left = attribute(e, b"val").is_none_or(|v| v == "continue"),
        _ => {}
    })?;
    Ok((span, above, left))
}

/// The properties element just opened, up to its end: `each` sees every element in it by
/// local name, except inside `skip` (a tracked change's old properties), which is passed over.
fn properties<R: std::io::BufRead>(
    reader: &mut Reader<R>,
    buffer: &mut Vec<u8>,
    skip: &[u8],
    mut each: impl FnMut(&[u8], &BytesStart),
) -> Result<(), Stop> {
    let mut depth = 0_usize;
    loop {
        buffer.clear();
        match reader.read_event_into(buffer)? {
            Event::Start(e) if e.local_name().as_ref() == skip => {
                let name = e.name().as_ref().to_vec();
                let mut inner = Vec::new();
                reader.read_to_end_into(quick_xml::name::QName(&name), &mut inner)?;
            }
            Event::Start(e) => {
                depth += 1;
                each(e.local_name().as_ref(), &e);
            }
            Event::Empty(e) => each(e.local_name().as_ref(), &e),
            Event::End(_) if depth == 0 => return Ok(()),
            Event::End(_) => depth -= 1,
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// An on/off property: on unless `w:val` says `0`, `false` or `off`.
fn on(e: &BytesStart) -> bool {
    attribute(e, b"val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
}

fn number(e: &BytesStart) -> Option<usize> {
    attribute(e, b"val")?.trim().parse().ok()
}

/// `&amp;`, `&#x2265;` and the other references XML defines.
fn resolve(reference: &BytesRef) -> Option<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c);
    }
    match reference.decode().ok()?.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// A symbol inserted with Insert → Symbol (`w:sym`): in the Symbol font the private-use code
/// `F0B3` draws ≥, and so on; in other fonts the code is the character.
fn symbol(e: &BytesStart) -> Option<char> {
    let code = u32::from_str_radix(&attribute(e, b"char")?, 16).ok()?;
    let font = attribute(e, b"font").unwrap_or_default();
    if (0xF000..=0xF0FF).contains(&code) {
        if !font.eq_ignore_ascii_case("Symbol") {
            return None;
        }
        // The Symbol font's comparison and arithmetic signs, as tables use them.
        return match code & 0xFF {
            0xA3 => Some('≤'),
            0xB3 => Some('≥'),
            0xB1 => Some('±'),
            0xB4 => Some('×'),
            0xB8 => Some('÷'),
            0xB9 => Some('≠'),
            0xBB => Some('≈'),
            0xB0 => Some('°'),
            0x25 => Some('%'),
            _ => None,
        };
    }
    char::from_u32(code)
}

/// The 自评表 split over consecutive tables: one with 项目名称 and no indicator header (三级指标),
/// then those after it up to the one with the indicator header, none of them naming a project.
/// Each part keeps its own name in cell addresses.
fn joined(grids: Vec<Grid>) -> Vec<Grid> {
    let has = |grid: &Grid, wanted: &str| grid.find(|l| l == wanted).is_some();
    let mut out: Vec<Grid> = Vec::new();
    let mut open = false;
    for grid in grids {
        let named = has(&grid, "项目名称");
        let indicators = has(&grid, "三级指标");
        match out.last_mut() {
            Some(head) if open && !named => {
                head.append(grid);
                open = !indicators;
            }
            _ => {
                open = named && !indicators;
                out.push(grid);
            }
        }
    }
    out
}
