//! JSON: one document with every file's entry (the whole computed table and its findings), or
//! JSON Lines, one compact object per table then the counts. Entries are serialized on the
//! workers; the document's frame is streamed through serde_json around them.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use super::{Checked, Emitter, JsonPath, Outcome, Shown, Summary, Tally, Unusable};
use crate::error::Error;
use crate::lang::Lang;
use crate::render::json::{self, stream};

/// A checked file's entry in the JSON `files` array, or its JSON line.
#[derive(Serialize)]
struct Entry<'a, D> {
    #[serde(flatten)]
    path: &'a JsonPath,
    status: &'static str,
    /// For an imported workbook or document: the table's sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    /// Cells left out on import, each with its place.
    #[serde(skip_serializing_if = "Option::is_none")]
    import_warnings: Option<Vec<String>>,
    #[serde(flatten)]
    document: D,
}

/// A file's entry when it could not be used.
#[derive(Serialize)]
struct UnusableEntry<'a> {
    #[serde(flatten)]
    path: &'a JsonPath,
    status: &'static str,
    error: Value,
}

fn entry<'a, D>(file: &'a Checked, lang: Lang, document: D) -> Entry<'a, D> {
    Entry {
        path: &file.name.json,
        status: "checked",
        sheet: file.table.map(|table| table.sheet.as_str()),
        import_warnings: file.table.map(|_| file.import_warnings(lang)),
        document,
    }
}

fn unusable<'a>(file: &'a Unusable, lang: Lang) -> UnusableEntry<'a> {
    let error = match file.error {
        Error::Input(error) => json::input_error(error, lang),
        error => json!({ "message": error.text(lang) }),
    };
    UnusableEntry {
        path: &file.name.json,
        status: "unusable",
        error,
    }
}

/// One JSON document: `{"version": 1, "settings": "…", "files": […], "summary": {…}}`.
pub struct Json {
    lang: Lang,
    settings: Option<String>,
    frame: stream::Frame,
}

impl Json {
    pub fn new(shown: Shown) -> Json {
        Json {
            lang: shown.lang,
            settings: shown.settings,
            frame: stream::Frame::default(),
        }
    }
}

/// How deep a file's entry stands: in the `files` array of the document.
const ENTRY_DEPTH: usize = 2;

impl Emitter for Json {
    type Part = Vec<u8>;

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.frame.open_object(out)?;
        self.frame.field(out, "version", &1)?;
        if let Some(settings) = &self.settings {
            self.frame.field(out, "settings", settings)?;
        }
        self.frame.key(out, "files")?;
        self.frame.open_array(out)
    }

    fn part(&self, outcome: &Outcome) -> Vec<u8> {
        let lang = self.lang;
        match outcome {
            Outcome::Checked(file) => {
                let document = json::document(file.evaluation, file.findings, file.places(), lang);
                stream::part(&entry(file, lang, document), ENTRY_DEPTH)
            }
            Outcome::Unusable(file) => stream::part(&unusable(file, lang), ENTRY_DEPTH),
        }
    }

    fn write(&mut self, part: Vec<u8>, _tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        self.frame.item(out)?;
        out.write_all(&part)?;
        self.frame.end_member(out)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.frame.close_array(out)?;
        self.frame.end_member(out)?;
        self.frame.field(out, "summary", summary)?;
        self.frame.close_object(out)?;
        out.write_all(b"\n")
    }
}

/// JSON Lines: a compact line per table, then one with the counts.
pub struct Jsonl {
    lang: Lang,
    explain: bool,
    settings: Option<String>,
}

impl Jsonl {
    pub fn new(shown: Shown) -> Jsonl {
        Jsonl {
            lang: shown.lang,
            explain: shown.explain,
            settings: shown.settings,
        }
    }
}

/// The last of the JSON lines: the counts of the run, and the settings it ran under.
#[derive(Serialize)]
struct LastLine<'a> {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<&'a str>,
    summary: &'a Summary,
}

fn line(value: &impl Serialize) -> Vec<u8> {
    let mut line = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
    line.push(b'\n');
    line
}

impl Emitter for Jsonl {
    type Part = Vec<u8>;

    fn part(&self, outcome: &Outcome) -> Vec<u8> {
        let lang = self.lang;
        match outcome {
            Outcome::Checked(file) => {
                let document = json::line(
                    file.evaluation,
                    file.findings,
                    file.places(),
                    lang,
                    self.explain,
                );
                line(&entry(file, lang, document))
            }
            Outcome::Unusable(file) => line(&unusable(file, lang)),
        }
    }

    fn write(&mut self, part: Vec<u8>, _tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&part)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&line(&LastLine {
            version: 1,
            settings: self.settings.as_deref(),
            summary,
        }))
    }
}
