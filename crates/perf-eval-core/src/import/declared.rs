//! The declared figures perf-eval prints under its own in a workbook it wrote (`score -o
//! x.xlsx`): the cell holds the computed number and its number format prints the unit's
//! figure after it as quoted text (`0.00"␊填报4"` shows `4.25` over `填报4`). The workbook
//! reader gives the number alone; the text comes from the cell's style.

use std::io::{BufReader, Cursor};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::grid::{MAX_COLUMNS, MAX_ROWS};
use super::hidden::{attribute, sheet_part};

/// Each cell (row, column, 0-based) of the named .xlsx sheet whose number format prints a
/// declared figure, with the text it prints after the number; none when the package cannot
/// say.
pub fn marks(package: &[u8], sheet: &str) -> Vec<(usize, usize, String)> {
    read(package, sheet).unwrap_or_default()
}

fn read(package: &[u8], sheet: &str) -> Option<Vec<(usize, usize, String)>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).ok()?;
    let styles = styles(&mut archive)?;
    if styles.iter().all(Option::is_none) {
        return Some(Vec::new());
    }
    let path = sheet_part(&mut archive, sheet)?;
    let mut reader = Reader::from_reader(BufReader::new(archive.by_name(&path).ok()?));
    let mut buffer = Vec::new();
    let mut marks = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(cell) | Event::Empty(cell) if cell.local_name().as_ref() == b"c" => {
                let style = attribute(&cell, b"s").and_then(|s| s.parse::<usize>().ok());
                let mark = style.and_then(|s| styles.get(s)).and_then(Option::as_ref);
                if let (Some(mark), Some((row, col))) =
                    (mark, attribute(&cell, b"r").as_deref().and_then(position))
                    && row < MAX_ROWS
                    && col < MAX_COLUMNS
                {
                    marks.push((row, col, mark.clone()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Some(marks)
}

/// For each cell style (`cellXfs`, in order), the declared figure its number format prints.
fn styles(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<Vec<Option<String>>> {
    let mut reader = Reader::from_reader(BufReader::new(archive.by_name("xl/styles.xml").ok()?));
    let mut buffer = Vec::new();
    let mut formats: Vec<(String, String)> = Vec::new();
    let mut styles = Vec::new();
    let mut in_cell_styles = false;
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) =
                        (attribute(&e, b"numFmtId"), attribute(&e, b"formatCode"))
                    {
                        formats.push((id, code));
                    }
                }
                b"cellXfs" => in_cell_styles = true,
                b"xf" if in_cell_styles => {
                    let id = attribute(&e, b"numFmtId").unwrap_or_default();
                    let code = formats.iter().find(|(i, _)| *i == id).map(|(_, c)| c);
                    styles.push(code.and_then(|code| printed(code)));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_styles = false,
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Some(styles)
}

/// The quoted text of a format's first section when it prints a declared figure.
fn printed(code: &str) -> Option<String> {
    let section = code.split(';').next()?;
    let text: String = section.split('"').skip(1).step_by(2).collect();
    (text.contains("填报") || text.contains("declared")).then_some(text)
}

/// `D12` → (11, 3).
fn position(reference: &str) -> Option<(usize, usize)> {
    let digits = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = reference.split_at(digits);
    if letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().try_fold(0_usize, |col, b| {
        b.is_ascii_uppercase()
            .then(|| col * 26 + usize::from(b - b'A') + 1)
    })?;
    let row: usize = number.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_that_print_a_declared_figure() {
        assert_eq!(printed("0.00\"\n填报4\"").as_deref(), Some("\n填报4"));
        assert_eq!(printed("0.00%\"\n填报86%\"").as_deref(), Some("\n填报86%"));
        assert_eq!(printed("0\"个\""), None);
        assert_eq!(printed("0.00"), None);
        assert_eq!(position("D12"), Some((11, 3)));
        assert_eq!(position("AA1"), Some((0, 26)));
        assert_eq!(position("12"), None);
    }
}
