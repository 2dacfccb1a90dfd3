//! The rows a .xlsx sheet hides (`<row hidden="1">`), which the workbook reader does not
//! report. Units hide the template rows they do not use; what is hidden is not on the form
//! they sign, so it is not read as part of the table.

use std::io::{BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::grid::MAX_ROWS;

/// The hidden rows (0-based) of the named sheet of a .xlsx package, sorted; none when the
/// package cannot say.
pub fn rows(package: &[u8], sheet: &str) -> Vec<usize> {
    read(package, sheet).unwrap_or_default()
}

fn read(package: &[u8], sheet: &str) -> Option<Vec<usize>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).ok()?;
    let path = sheet_part(&mut archive, sheet)?;
    let mut reader = Reader::from_reader(BufReader::new(archive.by_name(&path).ok()?));
    let mut buffer = Vec::new();
    let mut hidden = Vec::new();
    // `r` may be left out, meaning the row after the last.
    let mut number = 0;
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(row) | Event::Empty(row) if row.local_name().as_ref() == b"row" => {
                number = attribute(&row, b"r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(number + 1);
                if number > MAX_ROWS {
                    break;
                }
                if attribute(&row, b"hidden").is_some_and(|h| h == "1" || h == "true") {
                    hidden.push(number - 1);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Some(hidden)
}

/// The path in the package of the named sheet's part (`xl/worksheets/sheet1.xml`).
pub(super) fn sheet_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    sheet: &str,
) -> Option<String> {
    let id = find(archive, "xl/workbook.xml", b"sheet", b"name", sheet, b"id")?;
    let target = find(
        archive,
        "xl/_rels/workbook.xml.rels",
        b"Relationship",
        b"Id",
        &id,
        b"Target",
    )?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    })
}

/// In a part of the package, the `wanted` attribute of the first `element` whose `key`
/// attribute is `value` (attributes matched by local name: `r:id` is `id`).
fn find(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    part: &str,
    element: &[u8],
    key: &[u8],
    value: &str,
    wanted: &[u8],
) -> Option<String> {
    let mut reader = Reader::from_reader(BufReader::new(archive.by_name(part).ok()?));
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == element
                    && attribute(&e, key).as_deref() == Some(value) =>
            {
                return attribute(&e, wanted);
            }
            Event::Eof => return None,
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
