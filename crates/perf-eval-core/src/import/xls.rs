//! Bounds for legacy `.xls` workbooks (BIFF8 records in an OLE compound file), checked before
//! the workbook reader sees them.
//!
//! calamine reads a whole `.xls` when it opens it: it follows the compound file's sector chains
//! wherever they lead, builds every sheet as a dense grid from its first to its last cell,
//! reserves room for as many cells as a sheet's DIMENSIONS record claims, writes every formula
//! out as text and copies a shared string into each cell that uses it. A few KB can so ask for
//! gigabytes, or for minutes. This walks the same structures with counters only, in the way
//! calamine reads them (MS-CFB for the container, MS-XLS for the records:
//! <https://learn.microsoft.com/openspecs/windows_protocols/ms-cfb>,
//! <https://learn.microsoft.com/openspecs/office_file_formats/ms-xls>), and refuses a workbook
//! whose reading would pass [`MAX_MEMORY`] or [`MAX_WORK`], naming the sheet and cell that take
//! it past them. What calamine would itself reject cheaply is left to it.

use std::mem::size_of;

use calamine::{Cell, Data};

use super::grid::column_name;
use crate::error::Error;
use crate::messages::{Problem, XlsPart};

/// The most memory reading a `.xls` may take, as estimated from its records. A 自评表 takes
/// well under 1 MB; a workbook of a hundred thousand filled cells some tens of MB.
pub const MAX_MEMORY: u64 = 256 << 20;
/// The most bytes reading a `.xls` may move around (text shifted by formula tokens, record
/// fragments shifted as they are taken): some tenths of a second.
pub const MAX_WORK: u64 = 1 << 31;
/// The most records the sheets may read between them. Each sheet reads its records from where
/// the workbook says it starts to its EOF, so a workbook holds at most a few million; sheets
/// all sent to the same place would read them over and over.
pub const MAX_SHEET_RECORDS: u64 = 1 << 24;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// The streams calamine looks for, in its order.
const WORKBOOK_STREAMS: [&str; 4] = ["Workbook", "Book", "WORKBOOK", "BOOK"];

/// Why a workbook is refused.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// The header's counts do not fit the file.
    Header,
    /// A chain of sectors loops back on itself, or a stream's sectors lie outside the file.
    Chain,
    /// Reading would take more than [`MAX_MEMORY`] or [`MAX_WORK`].
    Excess {
        place: Place,
        what: XlsPart,
        /// Past [`MAX_WORK`] rather than [`MAX_MEMORY`].
        slow: bool,
    },
}

/// Where reading crossed a bound: the sheet and cell being read, when there is one.
#[derive(Debug, Default, PartialEq, Eq)]
struct Place {
    sheet: Option<String>,
    cell: Option<(u32, u32)>,
}

fn refusal(name: &str, why: Refusal) -> Error {
    let problem = match why {
        Refusal::Header => Problem::Damaged,
        Refusal::Chain => Problem::ChainsDamaged,
        Refusal::Excess { place, what, slow } => Problem::XlsTooCostly {
            at: place.sheet.map(|sheet| match place.cell {
                Some((row, col)) => format!("{sheet}!{}{}", column_name(col as usize), row + 1),
                None => sheet,
            }),
            part: what,
            mb: (!slow).then_some(MAX_MEMORY >> 20),
        },
    };
    Error::import(name, problem)
}

/// Refuses an OLE file (what `.xls` is) that calamine could not read within the bounds.
pub fn check(name: &str, bytes: &[u8]) -> Result<(), Error> {
    match scan(bytes) {
        Ok(()) | Err(Stop::Fails) => Ok(()),
        Err(Stop::Refuse(why)) => Err(refusal(name, why)),
    }
}

/// Why a scan ended early.
#[derive(Debug, PartialEq, Eq)]
enum Stop {
    /// calamine stops here with an error of its own, having taken little.
    Fails,
    Refuse(Refusal),
}

type Scan<T> = Result<T, Stop>;

fn u16_at(bytes: &[u8], at: usize) -> Scan<u16> {
    bytes
        .get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or(Stop::Fails)
}

fn u32_at(bytes: &[u8], at: usize) -> Scan<u32> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(Stop::Fails)
}

fn scan(bytes: &[u8]) -> Scan<()> {
    let file = Compound::open(bytes)?;
    let stream = file.workbook()?;
    Workbook::default().read(&stream)
}

/// The compound file as calamine reads it: the header, then sectors numbered from 0.
struct Compound<'a> {
    bytes: &'a [u8],
    size: usize,
    /// The highest sector number calamine accepts (the file's length over the sector size).
    last: u32,
    fat: Vec<u32>,
    directory: Vec<Entry>,
    mini_stream: Vec<u8>,
    mini_fat: Vec<u32>,
}

/// A directory entry: a stream's name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

impl<'a> Compound<'a> {
    fn open(bytes: &'a [u8]) -> Scan<Compound<'a>> {
        let header = bytes.get(..512).ok_or(Stop::Fails)?;
        let size = match u16_at(header, 30)? {
            9 => 512,
            12 if bytes.len() >= 4096 => 4096,
            _ => return Err(Stop::Fails),
        };
        if u16_at(header, 32)? != 6 {
            return Err(Stop::Fails);
        }
        let last = (bytes.len() / size) as u32;
        let mut file = Compound {
            bytes,
            size,
            last,
            fat: Vec::new(),
            directory: Vec::new(),
            mini_stream: Vec::new(),
            mini_fat: Vec::new(),
        };
        // The FAT's sector count reserves room, and the DIFAT length (read from bytes 62–65)
        // does too: both must fit the file.
        if u32_at(header, 44)? > last + 1 || u32_at(header, 62)? > 1 << 24 {
            return Err(Stop::Refuse(Refusal::Header));
        }
        // The DIFAT: the header's 109 entries, then a chain of sectors, each one's last entry
        // naming the next.
        let mut difat: Vec<u32> = header[76..512]
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let mut id = u32_at(header, 68)?;
        let mut steps = 0;
        while id < RESERVED {
            steps += 1;
            if steps > file.count() {
                return Err(Stop::Refuse(Refusal::Header));
            }
            let sector = file.sector(id).ok_or(Stop::Fails)?;
            difat.extend(words(sector));
            id = difat.pop().ok_or(Stop::Fails)?;
        }
        // Each DIFAT entry is a FAT sector read in full: more entries than the file has
        // sectors repeat sectors, and would each cost a sector of memory again.
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFAT_SECTOR).collect();
        if fat_sectors.len() > file.count() {
            return Err(Stop::Refuse(Refusal::Header));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            fat.extend(words(file.sector(id).ok_or(Stop::Fails)?));
        }
        file.fat = fat;
        let directory = file.chain(u32_at(header, 48)?, u64::MAX)?;
        file.directory = directory
            .chunks_exact(128)
            .map(|entry| {
                let units: Vec<u16> = entry[..64]
                    .chunks_exact(2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]]))
                    .take_while(|&u| u != 0)
                    .collect();
                let len = if size == 512 {
                    u64::from(u32::from_le_bytes([
                        entry[120], entry[121], entry[122], entry[123],
                    ]))
                } else {
                    u64::from_le_bytes(entry[120..128].try_into().unwrap_or([0; 8]))
                };
                Entry {
                    name: String::from_utf16_lossy(&units),
                    start: u32::from_le_bytes([entry[116], entry[117], entry[118], entry[119]]),
                    len,
                }
            })
            .collect();
        let root = file.directory.first().ok_or(Stop::Fails)?;
        let (root_start, root_len) = (root.start, root.len);
        let mini_fat_len = u64::from(u32_at(header, 64)?);
        if mini_fat_len > 0 {
            file.mini_stream = file.chain(root_start, root_len)?;
            let mini_fat = file.chain(u32_at(header, 60)?, mini_fat_len * size as u64)?;
            file.mini_fat = words(&mini_fat).collect();
        }
        Ok(file)
    }

    /// The number of sectors calamine accepts.
    fn count(&self) -> usize {
        self.last as usize + 1
    }

    /// A sector, short at the end of the file; `None` past it.
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        if id > self.last {
            return None;
        }
        let start = (id as usize + 1) * self.size;
        let end = (start + self.size).min(self.bytes.len());
        Some(self.bytes.get(start..end).unwrap_or(&[]))
    }

    /// A chain of sectors read up to `len` bytes. A chain that comes round again before it
    /// has `len` bytes would be followed until `len` (up to 4 GB, or for ever).
    fn chain(&self, mut id: u32, len: u64) -> Scan<Vec<u8>> {
        let mut out = Vec::new();
        let mut steps = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > self.count() {
                return Err(Stop::Refuse(Refusal::Chain));
            }
            let sector = self.sector(id).ok_or(Stop::Fails)?;
            let room = len.saturating_sub(out.len() as u64);
            out.extend_from_slice(&sector[..sector.len().min(room as usize)]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.fat.get(id as usize).ok_or(Stop::Fails)?;
        }
        Ok(out)
    }

    /// A stream under 4096 bytes, from the mini stream's 64-byte sectors. calamine reads a
    /// mini sector past the mini stream from wherever the file happens to be: refused, as
    /// what it would read cannot be told here.
    fn mini_chain(&self, mut id: u32, len: u64) -> Scan<Vec<u8>> {
        let mut out = Vec::new();
        while id != END_OF_CHAIN && (out.len() as u64) < len {
            if id as u64 > self.last as u64 * 8 {
                return Err(Stop::Fails);
            }
            let start = id as usize * 64;
            let sector = self
                .mini_stream
                .get(start..start + 64)
                .ok_or(Stop::Refuse(Refusal::Chain))?;
            let room = len - out.len() as u64;
            out.extend_from_slice(&sector[..64.min(room as usize)]);
            id = *self.mini_fat.get(id as usize).ok_or(Stop::Fails)?;
        }
        Ok(out)
    }

    /// The workbook stream calamine reads: the first of its names that reads.
    fn workbook(&self) -> Scan<Vec<u8>> {
        for name in WORKBOOK_STREAMS {
            let Some(entry) = self.directory.iter().find(|e| e.name == name) else {
                continue;
            };
            let stream = if entry.len < 4096 {
                self.mini_chain(entry.start, entry.len)
            } else {
                self.chain(entry.start, entry.len)
            };
            match stream {
                Err(Stop::Fails) => continue,
                other => return other,
            }
        }
        Err(Stop::Fails)
    }
}

fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// One BIFF record with the CONTINUE records that follow it, cut as calamine cuts them.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    continues: Vec<&'a [u8]>,
}

/// The records from a place in the stream; an error ends them (as it ends calamine's reading).
fn records(mut stream: &[u8]) -> impl Iterator<Item = Scan<Record<'_>>> {
    std::iter::from_fn(move || {
        if stream.is_empty() {
            return None;
        }
        let record = split(&mut stream).and_then(|(typ, data)| {
            let mut continues = Vec::new();
            while stream.len() > 4 && u16_at(stream, 0)? == 0x003C {
                continues.push(split(&mut stream)?.1);
            }
            Ok(Record {
                typ,
                data,
                continues,
            })
        });
        if record.is_err() {
            stream = &[];
        }
        Some(record)
    })
}

/// The next record's type and data, taken off the front of the stream.
fn split<'a>(stream: &mut &'a [u8]) -> Scan<(u16, &'a [u8])> {
    let typ = u16_at(stream, 0)?;
    let len = u16_at(stream, 2)? as usize;
    let data = stream.get(4..4 + len).ok_or(Stop::Fails)?;
    *stream = &stream[4 + len..];
    Ok((typ, data))
}

/// What reading the workbook would take, counted as its records are read.
#[derive(Default)]
struct Workbook {
    /// Bytes that stay (grids, text, formulas), and the largest grid (copied once more when
    /// a sheet is read out).
    memory: u64,
    largest_grid: u64,
    /// Bytes moved.
    work: u64,
    /// Records read by the sheets.
    sheet_records: u64,
    /// UTF-8 bytes a UTF-16 unit may take: 3 when text is UTF-16 (code page 1200, BIFF8's
    /// own), and up to 6 through a legacy code page's decoder.
    unit: u64,
    biff8: bool,
    /// Each shared string's UTF-8 size, at most.
    strings: Vec<u64>,
    /// The longest sheet name and defined name, in bytes, which formulas copy in.
    sheet_name: u64,
    defined_name: u64,
}

/// Bytes of a string of `cch` units decoded (`unit` bytes each at most), with the
/// reallocation while it grows and the string itself.
fn text(unit: u64, cch: u64) -> u64 {
    2 * unit * cch + size_of::<String>() as u64
}

impl Workbook {
    fn read(mut self, stream: &[u8]) -> Scan<()> {
        self.unit = 3;
        self.biff8 = true;
        let mut sheets = Vec::new();
        for record in records(stream) {
            let record = record?;
            let data = record.data;
            match record.typ {
                0x002F if u16_at(data, 0)? != 0 => return Err(Stop::Fails),
                0x0042 => self.unit = if u16_at(data, 0)? == 1200 { 3 } else { 6 },
                0x0809 => {
                    let version = u16_at(data, 0)?;
                    let kind = u16_at(data, 2).unwrap_or(0);
                    self.biff8 = match version {
                        0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                        0 => kind != 0x1000,
                        _ => true,
                    };
                }
                0x0085 => {
                    let position = u32_at(data, 0)? as usize;
                    let name = sheet_name(data, self.biff8)?;
                    let bytes = self.unit * name.chars().count() as u64;
                    self.sheet_name = self.sheet_name.max(bytes);
                    // The name is kept three times over, with the sheet's place and kind.
                    self.memory = self
                        .memory
                        .saturating_add(3 * text(self.unit, 0) + bytes + 64);
                    sheets.push((position, name));
                }
                0x0018 => {
                    let cch = u64::from(*data.get(3).ok_or(Stop::Fails)?);
                    self.defined_name = self.defined_name.max(self.unit * cch);
                    // The name, and what it refers to led by a sheet's name.
                    let refers = text(self.unit, 255) + 32;
                    self.memory = self.memory.saturating_add(text(self.unit, cch) + refers);
                }
                0x00FC => self.shared_strings(&record)?,
                0x000A => break,
                _ => {}
            }
            self.within(XlsPart::Text)?;
        }
        let mut read = std::collections::HashSet::new();
        for (position, name) in sheets {
            let sheet = stream.get(position..).ok_or(Stop::Fails)?;
            // Every sheet has records of its own; one sent where another was is read again.
            let again = !read.insert(position);
            self.sheet(&name, sheet, again)?;
        }
        Ok(())
    }

    /// Refuses once the counts pass a bound while reading the workbook's own records (before
    /// any sheet), blaming `what`.
    fn within(&self, what: XlsPart) -> Scan<()> {
        if self.memory.saturating_add(self.largest_grid) > MAX_MEMORY || self.work > MAX_WORK {
            return Err(Stop::Refuse(Refusal::Excess {
                place: Place::default(),
                what,
                slow: self.work > MAX_WORK,
            }));
        }
        Ok(())
    }

    /// The SST: strings read across CONTINUE records. calamine takes each CONTINUE from the
    /// front of a list, shifting the rest, so their count costs its square.
    fn shared_strings(&mut self, record: &Record) -> Scan<()> {
        let n = record.continues.len() as u64;
        self.work = self.work.saturating_add(n * n * 8);
        self.within(XlsPart::Continues)?;
        let mut reader = Fragments {
            data: record.data.get(8..).ok_or(Stop::Fails)?,
            rest: &record.continues,
        };
        let mut strings = Vec::new();
        while !reader.data.is_empty() || reader.next() {
            let Some(cch) = reader.string()? else {
                strings.push(0);
                continue;
            };
            strings.push(self.unit * cch);
            self.memory = self.memory.saturating_add(text(self.unit, cch));
            self.within(XlsPart::Text)?;
        }
        self.memory = self
            .memory
            .saturating_add(strings.len() as u64 * size_of::<String>() as u64);
        self.strings = strings;
        Ok(())
    }

    fn sheet(&mut self, name: &str, stream: &[u8], again: bool) -> Scan<()> {
        let mut place = Place {
            sheet: Some(name.to_string()),
            cell: None,
        };
        let mut cells = Span::default();
        let mut formulas = Span::default();
        let mut reserved = 0_u64;
        let mut formula_at = (0, 0);
        // What the workbook holds before this sheet, and this sheet's text and formulas.
        let base = self.memory;
        let (mut strings, mut written) = (0_u64, 0_u64);
        let cell = size_of::<Cell<Data>>() as u64;
        let formula = size_of::<Cell<String>>() as u64;
        let (data_size, string_size) = (size_of::<Data>() as u64, size_of::<String>() as u64);
        for record in records(stream) {
            let record = record?;
            let data = record.data;
            let at = |data: &[u8]| -> Scan<(u32, u32)> {
                Ok((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)))
            };
            let mut claimed = None;
            self.sheet_records += 1;
            if self.sheet_records > MAX_SHEET_RECORDS {
                return Err(Stop::Refuse(Refusal::Excess {
                    place,
                    what: XlsPart::Sheets,
                    slow: true,
                }));
            }
            match record.typ {
                0x0200 => {
                    let (rows, columns) = dimensions(data)?;
                    reserved = reserved.max(rows.saturating_mul(columns));
                    claimed = Some(XlsPart::Dimensions { rows, columns });
                }
                0x0203 | 0x0205 | 0x027E => {
                    place.cell = Some(at(data)?);
                    cells.add(at(data)?);
                }
                0x0204 => {
                    place.cell = Some(at(data)?);
                    cells.add(at(data)?);
                    let cch = u64::from(u16_at(data, 6)?);
                    strings = strings.saturating_add(text(self.unit, cch));
                }
                0x0207 => {
                    place.cell = Some(formula_at);
                    cells.add(formula_at);
                    let cch = u64::from(u16_at(data, 0)?);
                    strings = strings.saturating_add(text(self.unit, cch));
                }
                0x00FD => {
                    let index = u32_at(data, 6)? as usize;
                    // A cell whose string is empty or missing is not kept.
                    if let Some(&len) = self.strings.get(index).filter(|&&len| len > 0) {
                        place.cell = Some(at(data)?);
                        cells.add(at(data)?);
                        strings = strings.saturating_add(len + string_size);
                    }
                }
                0x00BD => {
                    let (row, first) = at(data)?;
                    let last = u16_at(data, data.len().saturating_sub(2))?;
                    // The count as calamine's release build takes it: a last column before
                    // the first wraps round.
                    let count = last.wrapping_sub(first as u16).wrapping_add(1) as usize;
                    if data.len() != 6 + 6 * count {
                        return Err(Stop::Fails);
                    }
                    if count > 0 {
                        place.cell = Some((row, u32::from(last)));
                        cells.add((row, first));
                        cells.add((row, u32::from(last)));
                        cells.count = cells.count + count as u64 - 2;
                    }
                }
                0x0006 => {
                    if data.len() < 20 {
                        return Err(Stop::Fails);
                    }
                    formula_at = at(data)?;
                    place.cell = Some(formula_at);
                    cells.add(formula_at);
                    formulas.add(formula_at);
                    let (len, work) = self.formula(&data[20..]);
                    // With room for calamine's message for a formula it cannot write out.
                    written = written.saturating_add(2 * len + 96);
                    self.work = self.work.saturating_add(work);
                }
                0x00E5 => {
                    // Merged regions, 16 bytes each, kept and copied out once.
                    let count = u64::from(u16_at(data, 0)?).min(data.len() as u64 / 8);
                    strings = strings.saturating_add(2 * 16 * count);
                }
                0x000A => break,
                _ => {}
            }
            // calamine collects the cells, with room for as many as DIMENSIONS claims, then
            // spreads them over a grid from the first to the last; formulas likewise. One
            // sheet's grid is copied once more when it is read out.
            let grids = reserved.max(2 * cells.count).saturating_mul(cell)
                + 2 * formulas.count * formula
                + cells.area() * data_size
                + formulas.area() * string_size;
            self.memory = base
                .saturating_add(grids)
                .saturating_add(strings)
                .saturating_add(written);
            let largest = self.largest_grid.max(cells.area() * data_size);
            if self.memory.saturating_add(largest) > MAX_MEMORY || self.work > MAX_WORK {
                let what = if let Some(claimed) = claimed {
                    claimed
                } else if again {
                    XlsPart::Sheets
                } else if self.work > MAX_WORK || written > grids.max(strings) {
                    XlsPart::Formulas
                } else if strings > grids {
                    XlsPart::Text
                } else {
                    XlsPart::Cells
                };
                return Err(Stop::Refuse(Refusal::Excess {
                    place,
                    what,
                    slow: self.work > MAX_WORK,
                }));
            }
        }
        // The cell lists are dropped once the grids are built.
        self.memory = base
            .saturating_add(cells.area() * data_size + formulas.area() * string_size)
            .saturating_add(strings)
            .saturating_add(written);
        self.largest_grid = self.largest_grid.max(cells.area() * data_size);
        Ok(())
    }

    /// A formula written out as calamine writes it (`parse_formula`): at most how long its
    /// text grows, and how many bytes it moves on the way (inserting at the front, or
    /// cutting off the tail, moves the text after the place).
    fn formula(&self, record: &[u8]) -> (u64, u64) {
        let Some(tokens) = u16_at(record, 0)
            .ok()
            .and_then(|cce| record.get(2..2 + cce as usize))
        else {
            return (0, 0);
        };
        let (mut len, mut work) = (0_u64, 0_u64);
        let sheet = self.sheet_name + 12;
        let mut at = 0;
        while let Some(&ptg) = tokens.get(at) {
            let arg = |i: usize| tokens.get(at + 1 + i).copied().unwrap_or(0);
            let (size, grows, moves) = match ptg {
                0x3a | 0x5a | 0x7a => (7, sheet, 0),
                0x3b | 0x5b | 0x7b => (11, sheet + 24, 0),
                0x3c | 0x5c | 0x7c => (7, sheet, 0),
                0x3d | 0x5d | 0x7d => (11, sheet, 0),
                0x01 => (5, 0, 0),
                0x03..=0x11 => (1, 2, len),
                0x12 | 0x13 | 0x15 => (1, 2, len),
                0x14 | 0x16 => (1, 1, 0),
                0x17 => (
                    3 + usize::from(arg(0)),
                    2 + self.unit * u64::from(arg(0)),
                    0,
                ),
                0x18 => (6, 0, 0),
                0x19 => match arg(0) {
                    0x01 | 0x02 | 0x08 | 0x20 | 0x21 => (4, 0, 0),
                    0x04 => (
                        4 + 2 * (usize::from(arg(1)) | usize::from(arg(2)) << 8) + 2,
                        0,
                        0,
                    ),
                    0x10 => (4, 5, len),
                    0x40 | 0x41 => (4, u64::from(arg(2)), u64::from(arg(2)) * len),
                    _ => break,
                },
                0x1C => (2, 14, 0),
                0x1D => (2, 5, 0),
                0x1E => (3, 5, 0),
                // An f64 printed in full: up to 309 digits and a sign.
                0x1F => (9, 330, 0),
                0x20 | 0x40 | 0x60 => (8, 10, 0),
                // A function: its name, brackets and a comma per argument, the arguments moved.
                0x21 | 0x41 | 0x61 => (3, 24 + 255, len),
                0x22 | 0x42 | 0x62 => (4, 24 + u64::from(arg(0)), len),
                0x23 | 0x43 | 0x63 => (5, self.defined_name.max(5), 0),
                0x24 | 0x44 | 0x64 => (if self.biff8 { 5 } else { 4 }, 12, 0),
                0x25 | 0x45 | 0x65 => (if self.biff8 { 9 } else { 7 }, 28, 0),
                0x2A | 0x4A | 0x6A => (if self.biff8 { 5 } else { 4 }, 5, 0),
                0x2B | 0x4B | 0x6B => (if self.biff8 { 9 } else { 7 }, 5, 0),
                0x39 | 0x59 => (7, 10, 0),
                _ => break,
            };
            len = len.saturating_add(grows);
            work = work.saturating_add(moves);
            at += size;
        }
        (len, work)
    }
}

/// A sheet's cells so far: their count and the rectangle they span.
#[derive(Default)]
struct Span {
    count: u64,
    first: (u32, u32),
    last: (u32, u32),
}

impl Span {
    fn add(&mut self, (row, col): (u32, u32)) {
        if self.count == 0 {
            self.first = (row, col);
            self.last = (row, col);
        } else {
            self.first = (self.first.0.min(row), self.first.1.min(col));
            self.last = (self.last.0.max(row), self.last.1.max(col));
        }
        self.count += 1;
    }

    fn area(&self) -> u64 {
        if self.count == 0 {
            return 0;
        }
        u64::from(self.last.0 - self.first.0 + 1) * u64::from(self.last.1 - self.first.1 + 1)
    }
}

/// The rows and columns calamine reserves room for from a DIMENSIONS record, as its release
/// build computes them (a last row above the first wraps round to billions).
fn dimensions(data: &[u8]) -> Scan<(u64, u64)> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)?),
            u32::from(u16_at(data, 2)?),
            u32::from(u16_at(data, 4)?),
            u32::from(u16_at(data, 6)?),
        ),
        14 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u32::from(u16_at(data, 8)?),
            u32::from(u16_at(data, 10)?),
        ),
        _ => return Err(Stop::Fails),
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    let (end_row, end_col) = if last_row >= 1 && last_col >= 1 {
        (last_row - 1, last_col - 1)
    } else {
        (first_row, first_col)
    };
    let rows = end_row.wrapping_sub(first_row).wrapping_add(1);
    let columns = end_col.wrapping_sub(first_col).wrapping_add(1);
    Ok((u64::from(rows), u64::from(columns)))
}

/// A BoundSheet8 record's sheet name, for messages.
fn sheet_name(data: &[u8], biff8: bool) -> Scan<String> {
    let cch = usize::from(*data.get(6).ok_or(Stop::Fails)?);
    let name = if biff8 {
        let wide = data.get(7).ok_or(Stop::Fails)? & 1 != 0;
        let rest = &data[8.min(data.len())..];
        if wide {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .take(cch)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            rest.iter().take(cch).map(|&b| char::from(b)).collect()
        }
    } else {
        let rest = &data[7.min(data.len())..];
        rest.iter().take(cch).map(|&b| char::from(b)).collect()
    };
    Ok(name.replace('\0', ""))
}

/// A record's data and its CONTINUE records, read through as one.
struct Fragments<'a, 'r> {
    data: &'a [u8],
    rest: &'r [&'a [u8]],
}

impl Fragments<'_, '_> {
    /// Moves on to the next CONTINUE record.
    fn next(&mut self) -> bool {
        match self.rest.split_first() {
            Some((first, rest)) => {
                self.data = first;
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn take(&mut self, n: usize) -> Scan<()> {
        self.data = self.data.get(n..).ok_or(Stop::Fails)?;
        Ok(())
    }

    /// Skips `len` bytes across records.
    fn skip(&mut self, mut len: u64) -> Scan<()> {
        while len > 0 {
            if self.data.is_empty() && !self.next() {
                return Err(Stop::Fails);
            }
            let n = len.min(self.data.len() as u64);
            self.data = &self.data[n as usize..];
            len -= n;
        }
        Ok(())
    }

    /// One XLUnicodeRichExtendedString (MS-XLS 2.5.293): its length in UTF-16 units, or
    /// `None` for the empty string calamine reads at the end of a record.
    fn string(&mut self) -> Scan<Option<u64>> {
        if self.data.is_empty() {
            return Ok(None);
        }
        let cch = u16_at(self.data, 0)?;
        let flags = *self.data.get(2).ok_or(Stop::Fails)?;
        self.take(3)?;
        let mut runs = 0;
        if flags & 0x8 != 0 {
            runs = u64::from(u16_at(self.data, 0)?);
            self.take(2)?;
        }
        let mut extra = 0;
        if flags & 0x4 != 0 {
            // calamine reads the size as an i32 and widens it: a negative one skips past
            // everything, and fails.
            extra = u32_at(self.data, 0)? as i32 as i64 as u64;
            self.take(4)?;
        }
        let mut wide = flags & 0x1 != 0;
        let mut left = usize::from(cch);
        while left > 0 {
            let units = if wide {
                (self.data.len() / 2).min(left)
            } else {
                self.data.len().min(left)
            };
            self.take(if wide { 2 * units } else { units })?;
            left -= units;
            if left > 0 {
                if !self.next() {
                    return Err(Stop::Fails);
                }
                wide = *self.data.first().ok_or(Stop::Fails)? & 1 != 0;
                self.take(1)?;
            }
        }
        self.skip(runs * 4)?;
        self.skip(extra)?;
        Ok(Some(u64::from(cch)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FORMULA record's tokens, led by their length.
    fn tokens(rgce: &[u8]) -> Vec<u8> {
        let mut record = (rgce.len() as u16).to_le_bytes().to_vec();
        record.extend(rgce);
        record
    }

    #[test]
    fn formulas_are_costed_as_calamine_writes_them_out() {
        let workbook = Workbook {
            unit: 3,
            biff8: true,
            ..Workbook::default()
        };
        // SUM($C$5:$C$20): an area (at most 28 bytes of text), then SUM over it, which moves
        // the area's text once.
        let sum = tokens(&[0x25, 4, 0, 19, 0, 2, 0, 2, 0, 0x22, 1, 4, 0]);
        assert_eq!(workbook.formula(&sum), (28 + 24 + 1, 28));
        // Spaces are inserted one by one at the front: each moves all the text after it.
        let spaces = tokens(&[0x1E, 1, 0, 0x19, 0x40, 0, 255, 0x19, 0x40, 0, 255]);
        assert_eq!(
            workbook.formula(&spaces),
            (5 + 255 + 255, 255 * 5 + 255 * 260)
        );
        // Tokens that run past the record, or a length past it, cost nothing more.
        assert_eq!(workbook.formula(&[40, 0, 0x1E]), (0, 0));
    }

    #[test]
    fn dimensions_as_calamine_reserves_them() {
        let short = |r1: u16, r2: u16, c1: u16, c2: u16| {
            let mut data = Vec::new();
            for v in [r1, r2, c1, c2, 0] {
                data.extend(v.to_le_bytes());
            }
            dimensions(&data).unwrap()
        };
        // Rows 1–40, columns A–L: the last row and column are stored one past.
        assert_eq!(short(0, 40, 0, 12), (40, 12));
        // An empty sheet.
        assert_eq!(short(0, 0, 0, 0), (1, 1));
        // The last row above the first wraps round.
        assert_eq!(short(10, 5, 0, 2), (u64::from(u32::MAX) - 4, 2));
        let mut long = Vec::new();
        long.extend(0_u32.to_le_bytes());
        long.extend(u32::MAX.to_le_bytes());
        long.extend([0, 0, 0, 1, 0, 0]);
        assert_eq!(dimensions(&long).unwrap(), (u64::from(u32::MAX), 256));
    }
}
