//! Source text and places in it: byte spans, and the line and column people look for.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

/// A byte range in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Span {
        Span {
            start: range.start,
            end: range.end,
        }
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Located<T> {
        Located { value, span }
    }
}

/// A 1-based line and column; the column counts characters, not bytes, so that `产出指标`
/// is four columns wide in the count, as editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// A named source text (a file path, or `<stdin>`) with an index of its line starts, built
/// the first time a place is asked for: most files of a batch are never located, and indexing
/// every line of every file cost a scan and an allocation per file.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// Reads a file as UTF-8 text, named as the user wrote its path.
    pub fn read(path: &Path) -> crate::error::Result<Source> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| crate::error::Error::Read {
            path: name.clone(),
            source,
        })?;
        Source::from_bytes(name, bytes)
    }

    /// Makes a source of bytes that must be UTF-8 (a leading byte-order mark is dropped, as
    /// Windows editors write one).
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> crate::error::Result<Source> {
        let mut text = String::from_utf8(bytes).map_err(|e| {
            // Place the first bad byte by the valid text before it.
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let location = Source::new(String::new(), valid).location(valid.len());
            crate::error::Error::NotUtf8 {
                path: name.clone(),
                line: location.line,
                column: location.column,
            }
        })?;
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(Source::new(name, text))
    }

    /// The line and column of a byte offset (clamped to the text, and to a character start).
    pub fn location(&self, offset: usize) -> Location {
        let offset = self.char_start(offset.min(self.text.len()));
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let column = self.text[line_starts[line]..offset].chars().count() + 1;
        Location {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let start = line_starts[line - 1];
        let end = line_starts.get(line).map_or(self.text.len(), |&next| next);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The text a span covers (empty when the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    fn char_start(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_characters() {
        let source = Source::new("a.toml", "name = \"产出指标\"\nweight = 5\n");
        assert_eq!(source.location(0), Location { line: 1, column: 1 });
        let weight = source.text.find("weight").unwrap();
        assert_eq!(source.location(weight), Location { line: 2, column: 1 });
        let close = source.text.rfind('"').unwrap();
        assert_eq!(
            source.location(close),
            Location {
                line: 1,
                column: 13
            }
        );
        assert_eq!(
            source.location(close - 1),
            Location {
                line: 1,
                column: 12
            }
        );
        assert_eq!(source.line_text(1), "name = \"产出指标\"");
        assert_eq!(source.location(10_000), Location { line: 3, column: 1 });
    }
}
