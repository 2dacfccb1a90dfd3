//! JSON text, byte for byte as serde_json writes it (compact, or pretty with two spaces a level),
//! written straight into a `String`.
//!
//! `check --format json` writes some 45 KB a table, mostly strings; serde_json scans every
//! string byte by byte for what needs escaping, writes to an `io::Write` and leaves UTF-8 to
//! check again. Here a string is scanned eight bytes at a time and copied whole when nothing
//! needs escaping, which is almost always (docs/performance.md). A pretty part can start a
//! number of levels in, as it stands in a document written in parts (`check`'s files, SARIF's
//! results), instead of being indented after.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, SerializeMap as _, SerializeSeq as _};

/// `value` as compact JSON.
pub fn compact<T: ?Sized + Serialize>(value: &T) -> Result<String, Error> {
    write("", value, None)
}

/// `value` pretty-printed, two spaces a level, as it stands `depth` levels deep, after
/// `prefix` (what places it in the document: a line break and its indent).
pub fn pretty_at(prefix: &str, value: &impl Serialize, depth: usize) -> Result<String, Error> {
    write(prefix, value, Some(depth))
}

fn write<T: ?Sized + Serialize>(
    prefix: &str,
    value: &T,
    depth: Option<usize>,
) -> Result<String, Error> {
    thread_local! {
        /// The length of the last text written on this thread: the next is likely as long
        /// (the next table of a folder), and starting there saves growing it step by step.
        static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(256) };
    }
    let mut out = String::with_capacity(LAST.get());
    out.push_str(prefix);
    let mut writer = Writer {
        out,
        pretty: depth.is_some(),
        depth: depth.unwrap_or_default(),
    };
    value.serialize(&mut writer)?;
    LAST.set(writer.out.len().next_power_of_two().min(1 << 20));
    Ok(writer.out)
}

/// What could not be written as JSON: a map key that is not a string or a number.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error(message.to_string())
    }
}

struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
}

/// A comma, a line break, and two spaces a level for the depths documents reach (deeper levels
/// add to them): an item's start is one copy.
const BREAK: &str = ",\n                                                                ";

impl Writer {
    /// A line break and the indent, after a comma when `comma`.
    fn line(&mut self, comma: bool) {
        let mut width = 2 * self.depth;
        let room = BREAK.len() - 2;
        self.out
            .push_str(&BREAK[usize::from(!comma)..2 + width.min(room)]);
        while width > room {
            width -= room;
            self.out.push_str(&BREAK[2..2 + width.min(room)]);
        }
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
    }

    /// Before an item of an array or object: the comma, and in pretty layout its line.
    fn item(&mut self, first: bool) {
        if self.pretty {
            self.line(!first);
        } else if !first {
            self.out.push(',');
        }
    }

    /// An object's key, its quotes and what parts it from its value; the key is JSON text
    /// already (escaped, or a field's name, which needs no escaping).
    fn key(&mut self, key: &str) {
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str(if self.pretty { "\": " } else { "\":" });
    }

    fn close(&mut self, bracket: char, empty: bool) {
        self.depth -= 1;
        if self.pretty && !empty {
            self.line(false);
        }
        self.out.push(bracket);
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        self.text(text);
        self.out.push('"');
    }

    /// A string's text, escaped.
    fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut at = 0;
        while at < bytes.len() {
            // Eight bytes at a time while none of them needs escaping.
            if let Some(chunk) = bytes.get(at..at + 8) {
                let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                if !word_needs_escape(word) {
                    at += 8;
                    continue;
                }
            }
            let byte = bytes[at];
            if needs_escape(byte) {
                self.out.push_str(&text[start..at]);
                self.escape(byte);
                start = at + 1;
            }
            at += 1;
        }
        self.out.push_str(&text[start..]);
    }

    /// serde_json's escapes: the short forms, else `\u00XX` in lowercase hex.
    fn escape(&mut self, byte: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => {
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(byte >> 4)]));
                self.out.push(char::from(HEX[usize::from(byte & 0xf)]));
                return;
            }
        };
        self.out.push_str(short);
    }

    fn integer(&mut self, value: impl itoa::Integer) {
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    fn float(&mut self, text: serde_json::Result<String>) -> Result<(), Error> {
        self.out.push_str(&text.map_err(ser::Error::custom)?);
        Ok(())
    }
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Whether any of eight bytes needs escaping (a control character, `"` or `\`), by the bit
/// tricks of "Bit Twiddling Hacks" (S. E. Anderson, Stanford): a byte below 0x20, or a zero byte
/// once the word is xored with the quote or the backslash.
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH;
    let zero = |word: u64| below(word, 1);
    below(word, 0x20)
        | zero(word ^ (ONES * u64::from(b'"')))
        | zero(word ^ (ONES * u64::from(b'\\')))
        != 0
}

/// An array or object being written: whether it has had an item yet.
struct Compound<'w> {
    writer: &'w mut Writer,
    first: bool,
    /// The bracket that closes it.
    close: char,
    /// For a variant written `{"name": …}`: the brace to close after the bracket.
    variant: bool,
}

impl Compound<'_> {
    fn end(self) -> Result<(), Error> {
        self.writer.close(self.close, self.first);
        if self.variant {
            self.writer.close('}', false);
        }
        Ok(())
    }

    /// A field's or variant's name as a key. Names are written in the source and need no
    /// escaping: scanning each for escapes on every write cost a tenth of a JSON report's
    /// instructions.
    fn field(&mut self, name: &'static str) {
        debug_assert!(!name.bytes().any(needs_escape), "{name}");
        self.writer.item(self.first);
        self.first = false;
        self.writer.key(name);
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.writer.item(self.first);
        self.first = false;
        value.serialize(&mut *self.writer)
    }
}

impl<'w> Writer {
    fn compound(&'w mut self, bracket: char, variant: Option<&'static str>) -> Compound<'w> {
        if let Some(name) = variant {
            self.open('{');
            let mut outer = Compound {
                writer: &mut *self,
                first: true,
                close: '}',
                variant: false,
            };
            outer.field(name);
        }
        self.open(bracket);
        Compound {
            writer: self,
            first: true,
            close: if bracket == '[' { ']' } else { '}' },
            variant: variant.is_some(),
        }
    }
}

/// Integers, each type written by itoa.
macro_rules! integers {
    ($($method:ident: $type:ty),*) => {$(
        fn $method(self, v: $type) -> Result<(), Error> {
            self.integer(v);
            Ok(())
        }
    )*};
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    integers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128
    );

    // No figure is a float (decimals are strings); serde_json writes any other as it does.
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(serde_json::to_string(&v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(serde_json::to_string(&v))
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = self.serialize_map(Some(1))?;
        map.serialize_entry(variant, value)?;
        map.end()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(self.compound('[', None))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, Error> {
        Ok(self.compound('[', Some(variant)))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(self.compound('{', None))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w>, Error> {
        Ok(self.compound('{', None))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, Error> {
        Ok(self.compound('{', Some(variant)))
    }
}

/// The array-like compounds: each item an element.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        // As serde_json: a key is a string, or a number or boolean written as one.
        let mut key_writer = Writer {
            out: String::new(),
            pretty: false,
            depth: 0,
        };
        key.serialize(&mut key_writer)?;
        let text = key_writer.out;
        let quoted = text.starts_with('"');
        let scalar = !text.is_empty()
            && text != "null"
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
        if !quoted && !scalar {
            return Err(ser::Error::custom("a key must be a string"));
        }
        self.writer.item(self.first);
        self.first = false;
        let inner = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
        self.writer.key(inner.unwrap_or(&text));
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// The object-like compounds with named fields.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key);
                value.serialize(&mut *self.writer)
            }

            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// serde_json's pretty text of `value`, indented as if `depth` levels in.
    fn serde_pretty_at(value: &serde_json::Value, depth: usize) -> String {
        let indent = format!("\n{}", "  ".repeat(depth));
        serde_json::to_string_pretty(value)
            .unwrap()
            .replace('\n', &indent)
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let value = json!({
            "text": every_ascii,
            "cjk": "融合通信平台 ≥1000个 “引号” \u{2028} 😀",
            "long": "a".repeat(40) + "\"" + &"b".repeat(9),
            "numbers": [0, -1, 18446744073709551615u64, i64::MIN, 1.5, 1e300],
            "empty": { "array": [], "object": {} },
            "nested": [[[{ "a": null, "b": true, "c": false }]]],
            "deep": (0..40).fold(json!(1), |inner, _| json!([inner])),
        });
        assert_eq!(
            compact(&value).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
        for depth in [0, 1, 2, 4, 40] {
            assert_eq!(
                pretty_at("", &value, depth).unwrap(),
                serde_pretty_at(&value, depth),
                "{depth}"
            );
        }
    }

    #[test]
    fn finds_every_byte_to_escape_in_a_word() {
        for byte in 0..=u8::MAX {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = byte;
                assert_eq!(
                    word_needs_escape(u64::from_le_bytes(word)),
                    needs_escape(byte),
                    "{byte:#x} at {at}"
                );
            }
        }
        // Borrows between bytes must not hide one or invent one: every word of eight bytes
        // drawn from those either side of each boundary.
        let edges = [
            0x00, 0x01, 0x1f, 0x20, 0x21, b'"', b'#', b'[', b'\\', b']', 0x7f, 0x80, 0xff,
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            let mut word = [0; 8];
            for byte in &mut word {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *byte = edges[(seed % edges.len() as u64) as usize];
            }
            let any = word.iter().any(|&b| needs_escape(b));
            assert_eq!(
                word_needs_escape(u64::from_le_bytes(word)),
                any,
                "{word:x?}"
            );
        }
    }

    #[test]
    fn enums_and_keys_are_written_as_serde_json_writes_them() {
        #[derive(Serialize)]
        enum Shape {
            Unit,
            New(u8),
            Tuple(u8, &'static str),
            Struct { a: u8 },
        }
        #[derive(Serialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        enum Tagged {
            Number { value: &'static str },
            Text,
        }
        let shapes = (
            [
                Shape::Unit,
                Shape::New(1),
                Shape::Tuple(2, "x"),
                Shape::Struct { a: 3 },
            ],
            [Tagged::Number { value: "1" }, Tagged::Text],
            std::collections::BTreeMap::from([(1, 'a'), (2, 'b')]),
            std::collections::BTreeMap::from([("a\"b\\c\n", 1)]),
            Some(()),
            (),
            [0.1f32, f32::MAX],
        );
        assert_eq!(
            compact(&shapes).unwrap(),
            serde_json::to_string(&shapes).unwrap()
        );
        assert_eq!(
            pretty_at("", &shapes, 0).unwrap(),
            serde_json::to_string_pretty(&shapes).unwrap()
        );
        let bad = std::collections::BTreeMap::from([((1, 2), 3)]);
        assert!(compact(&bad).is_err());
    }
}
