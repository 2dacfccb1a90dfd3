//! A JSON document written a part at a time, through serde_json: `check` writes each file's
//! entry as soon as it is checked, so a folder of any size never stands whole in memory. The
//! frame (the document's keys and brackets) and every part go through serde_json's pretty
//! layout; a part is serialized on the worker that checked the file, at the depth where it
//! stands in the document.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// serde_json's pretty layout (two spaces a level) starting `depth` levels in.
#[derive(Debug, Clone, Copy)]
pub struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    pub fn at(depth: usize) -> Indented {
        Indented {
            depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + Write>(&self, out: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            out.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            self.indent(out)?;
        }
        out.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(out)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            self.indent(out)?;
        }
        out.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.begin_array_value(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `value` as pretty JSON standing `depth` levels deep in a document.
pub fn part(value: &impl Serialize, depth: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    let mut serializer = Serializer::with_formatter(&mut out, Indented::at(depth));
    // Every part is made of the crate's own types, whose keys are strings.
    if value.serialize(&mut serializer).is_err() {
        out.clear();
        out.extend_from_slice(b"null");
    }
    out
}

/// The open objects and arrays of a document being written, and whether each has had a member.
pub struct Frame {
    format: Indented,
    first: Vec<bool>,
}

impl Default for Frame {
    fn default() -> Frame {
        Frame {
            format: Indented::at(0),
            first: Vec::new(),
        }
    }
}

impl Frame {
    /// Opens an object: as the document, an array's item or a key's value.
    pub fn open_object(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.format.begin_object(out)?;
        self.first.push(true);
        Ok(())
    }

    /// Opens an array.
    pub fn open_array(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.format.begin_array(out)?;
        self.first.push(true);
        Ok(())
    }

    /// Writes `key` of the open object, ready for its value.
    pub fn key(&mut self, out: &mut dyn Write, key: &str) -> io::Result<()> {
        let first = self.take_first();
        self.format.begin_object_key(out, first)?;
        serde_json::to_writer(&mut *out, key)?;
        self.format.begin_object_value(out)
    }

    /// Writes `key: value` in the open object.
    pub fn field(
        &mut self,
        out: &mut dyn Write,
        key: &str,
        value: &impl Serialize,
    ) -> io::Result<()> {
        self.key(out, key)?;
        out.write_all(&part(value, self.first.len()))?;
        self.format.end_object_value(out)
    }

    /// Starts an item of the open array; the item is written next, at [`Frame::depth`].
    pub fn item(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let first = self.take_first();
        self.format.begin_array_value(out, first)
    }

    /// Ends what [`Frame::item`] or [`Frame::key`] started.
    pub fn end_member(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.format.end_array_value(out)
    }

    /// Closes the open array.
    pub fn close_array(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.format.has_value = !self.first.pop().unwrap_or(true);
        self.format.end_array(out)
    }

    /// Closes the open object.
    pub fn close_object(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.format.has_value = !self.first.pop().unwrap_or(true);
        self.format.end_object(out)
    }

    /// How deep the next member stands.
    pub fn depth(&self) -> usize {
        self.first.len()
    }

    fn take_first(&mut self) -> bool {
        self.first
            .last_mut()
            .map(|first| std::mem::replace(first, false))
            .unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_in_parts_is_what_serde_json_writes_whole() {
        let files = [
            serde_json::json!({"a": [1, 2], "b": {}}),
            serde_json::json!([]),
        ];
        let whole = serde_json::to_string_pretty(&serde_json::json!({
            "version": 1,
            "files": files,
            "none": [],
            "summary": {"files": 2},
        }))
        .unwrap();
        let mut out = Vec::new();
        let mut frame = Frame::default();
        frame.open_object(&mut out).unwrap();
        frame.field(&mut out, "version", &1).unwrap();
        frame.key(&mut out, "files").unwrap();
        frame.open_array(&mut out).unwrap();
        for file in &files {
            frame.item(&mut out).unwrap();
            out.extend(part(file, frame.depth()));
            frame.end_member(&mut out).unwrap();
        }
        frame.close_array(&mut out).unwrap();
        frame.end_member(&mut out).unwrap();
        frame.key(&mut out, "none").unwrap();
        frame.open_array(&mut out).unwrap();
        frame.close_array(&mut out).unwrap();
        frame.end_member(&mut out).unwrap();
        frame
            .field(&mut out, "summary", &serde_json::json!({"files": 2}))
            .unwrap();
        frame.close_object(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), whole);
    }
}
