//! Source text and places in it: byte spans, and the line and column people look for.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Why an input's bytes could not be read as text (worded by the library's error type).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: more than {limit} bytes")]
    TooLarge { path: String, limit: u64 },
    #[error("{path}:{line}:{column}: not UTF-8")]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
}

/// The most bytes read from one input unless raised ([`set_max_input`]): a real project file
/// or profile is a few hundred kilobytes at most, and `/dev/zero` or `yes |` must be refused
/// rather than read until memory runs out.
/// Workbooks and Word documents are read under the same cap (a 自评表 workbook with its scanned
/// 附件 is a few megabytes).
pub const DEFAULT_MAX_INPUT: u64 = 32 * 1024 * 1024;

static MAX_INPUT: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT);

/// Sets the most bytes read from one input, for this process.
pub fn set_max_input(bytes: u64) {
    MAX_INPUT.store(bytes, Ordering::Relaxed);
}

/// The most bytes read from one input.
pub fn max_input() -> u64 {
    MAX_INPUT.load(Ordering::Relaxed)
}

/// Reads everything up to [`max_input`] bytes; more is an error naming the limit.
pub fn read_limited(reader: impl Read, name: &str) -> Result<Vec<u8>, ReadError> {
    read_sized(reader, name, 0)
}

/// [`read_limited`], room made first for the `size` the file says it has: read in one call
/// instead of a dozen growing ones.
fn read_sized(reader: impl Read, name: &str, size: u64) -> Result<Vec<u8>, ReadError> {
    let limit = max_input();
    let room = usize::try_from(size.min(limit)).unwrap_or_default();
    let mut bytes = Vec::with_capacity(room);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Read {
            path: name.to_string(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: name.to_string(),
            limit,
        });
    }
    Ok(bytes)
}

/// A file's bytes, at most [`max_input`] of them: every input is read here.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    let name = display_path(path);
    let error = |source| ReadError::Read {
        path: name.clone(),
        source,
    };
    let (file, size) = open_for_reading(path).map_err(error)?;
    read_sized(file, &name, size)
}

/// Opens a file to read, with the size it says it has. A FIFO is opened without waiting for a
/// writer (and then read normally), so that a FIFO nobody writes to reads as empty instead of
/// hanging.
fn open_for_reading(path: &Path) -> std::io::Result<(File, u64)> {
    let metadata = std::fs::metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        use std::os::unix::io::AsRawFd;
        if metadata.file_type().is_fifo() {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(path)?;
            // SAFETY: fcntl on a descriptor this function owns, with flags it just read.
            unsafe {
                let fd = file.as_raw_fd();
                let flags = libc::fcntl(fd, libc::F_GETFL);
                if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            return Ok((file, 0));
        }
    }
    File::open(path).map(|file| (file, metadata.len()))
}

/// Characters of a line shown on each side of a span (and twice as many of the span itself).
const EXCERPT_CONTEXT: usize = 60;

/// Lines of a span shown at most: the renderer folds the middle of a longer span anyway, and the
/// excerpt stays small however many lines the span covers.
const EXCERPT_LINES: usize = 8;

/// A place in a source with the text to show there: a diagnostic carries it, so that it is
/// always shown against the file it points into (a project file or a profile file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The file as shown to people ([`display_path`]).
    pub file: String,
    pub start: Location,
    pub end: Location,
    /// The lines of the span from `start`'s (at most [`EXCERPT_LINES`]), each trimmed around
    /// the span (`…` where cut), safe to print, joined by `\n`.
    pub lines: String,
    /// The bytes of `lines` to underline.
    pub marked: Range<usize>,
}

/// Text safe to print on a terminal: tabs become spaces, and control characters and
/// bidirectional controls (which can rewrite or reorder what a terminal shows) are escaped as
/// `\u{1b}`.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\t' || is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if is_unsafe(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One line of an excerpt: the bytes `from..to` of `line` to underline, with at most
/// [`EXCERPT_CONTEXT`] characters on each side (`…` where cut), and the marked part cut to twice
/// that; `cut` marks the line as the last shown of a span that goes on. Returns the text, safe to
/// print, and the range of it to underline.
fn window(line: &str, from: usize, to: usize, cut: bool) -> (String, Range<usize>) {
    let (before, marked, after) = (
        &line[..from],
        &line[from..to.max(from)],
        &line[to.max(from)..],
    );
    let before = match before.char_indices().rev().nth(EXCERPT_CONTEXT) {
        Some((at, c)) => format!("…{}", &before[at + c.len_utf8()..]),
        None => before.to_string(),
    };
    let (marked, after) = match marked.char_indices().nth(2 * EXCERPT_CONTEXT) {
        Some((at, _)) => (format!("{}…", &marked[..at]), String::new()),
        None if cut => (format!("{marked}…"), String::new()),
        None => match after.char_indices().nth(EXCERPT_CONTEXT) {
            Some((at, _)) => (marked.to_string(), format!("{}…", &after[..at])),
            None => (marked.to_string(), after.to_string()),
        },
    };
    let (before, marked, after) = (printable(&before), printable(&marked), printable(&after));
    (
        format!("{before}{marked}{after}"),
        before.len()..before.len() + marked.len(),
    )
}

/// A path as shown to people: control characters escaped as in [`printable`] (tabs too), and
/// bytes that are not UTF-8 as `\xff`, so that every name is shown whole and harmlessly.
pub fn display_path(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    c if is_unsafe(c) => out.push_str(&c.escape_unicode().to_string()),
                    c => out.push(c),
                }
            }
            for byte in chunk.invalid() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        printable(&path.to_string_lossy()).into_owned()
    }
}

/// A named source text (a file path, or `<stdin>`) with an index of its line starts.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// The encoding the file was in when it was not UTF-8 (`gb18030`, `UTF-16LE`): read, and
    /// worth a note to save it as UTF-8.
    pub converted_from: Option<&'static str>,
    line_starts: Vec<usize>,
    /// `(offset, characters before it)` every [`CHECKPOINT`] bytes, made the first time a
    /// column is counted far into a long line: a column then costs at most a checkpoint's
    /// count, so that many findings on one long line stay linear.
    checkpoints: OnceLock<Vec<(usize, usize)>>,
}

/// Bytes between character-count checkpoints.
const CHECKPOINT: usize = 4096;

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Source {
            name: name.into(),
            text,
            converted_from: None,
            line_starts,
            checkpoints: OnceLock::new(),
        }
    }

    /// Reads a file as UTF-8 text, named as the user wrote its path. At most [`max_input`]
    /// bytes are read; a FIFO with no writer reads as empty rather than waiting for one.
    pub fn read(path: &Path) -> Result<Source, ReadError> {
        Source::from_bytes(display_path(path), read_file(path)?)
    }

    /// Reads a path as the command line gives it: `-` is standard input, named `<stdin>`.
    pub fn read_path_or_stdin(path: &Path) -> Result<Source, ReadError> {
        if path.as_os_str() == "-" {
            Source::from_bytes(STDIN.to_string(), read_stdin()?)
        } else {
            Source::read(path)
        }
    }

    /// Makes a source of a text file's bytes: UTF-8, or UTF-16 or GB18030 (GBK) as Windows
    /// editors and WPS save them (see [`crate::encoding`]); a byte-order mark is dropped.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, ReadError> {
        let decoded = crate::encoding::decode(bytes).map_err(|bytes| {
            // Place the first byte that is not UTF-8 by the valid text before it.
            let valid_up_to =
                std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
            let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
            let location = Source::new(String::new(), valid).location(valid.len());
            ReadError::NotUtf8 {
                path: name.clone(),
                line: location.line,
                column: location.column,
            }
        })?;
        let text = match decoded.text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => decoded.text,
        };
        let mut source = Source::new(name, text);
        source.converted_from = decoded.converted_from;
        Ok(source)
    }

    /// The line and column of a byte offset (clamped to the text, and to a character start).
    pub fn location(&self, offset: usize) -> Location {
        let offset = self.char_start(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let column = self.chars_between(self.line_starts[line], offset) + 1;
        Location {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The text a span covers (empty when the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    /// What a diagnostic shows of a span: the place, and its lines trimmed to a window around
    /// the span, so that a report stays small however long the lines are.
    pub fn excerpt(&self, span: Span) -> Excerpt {
        let start = self.location(span.start);
        let end = self.location(span.end.max(span.start));
        let from = self.char_start(span.start.min(self.text.len()));
        let to = self.char_start(span.end.min(self.text.len())).max(from);
        // A span that ends with a line break ends on its last character's line.
        let last = match end.line > start.line && to == self.line_starts[end.line - 1] {
            true => end.line - 1,
            false => end.line,
        };
        let shown = last.min(start.line + EXCERPT_LINES - 1);
        let mut lines = String::new();
        let mut marked = 0..0;
        for number in start.line..=shown {
            let line_start = self.line_starts[number - 1];
            let line = self.line_text(number);
            let cut = number == shown && shown < last;
            let (text, range) = window(
                line,
                from.saturating_sub(line_start).min(line.len()),
                to.saturating_sub(line_start).min(line.len()),
                cut,
            );
            if number > start.line {
                lines.push('\n');
            } else {
                marked.start = range.start;
            }
            marked.end = lines.len() + range.end;
            lines.push_str(&text);
        }
        Excerpt {
            file: self.name.clone(),
            start,
            end,
            lines,
            marked,
        }
    }

    /// The characters between two character starts.
    fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from <= CHECKPOINT {
            return self.text[from..to].chars().count();
        }
        self.chars_before(to) - self.chars_before(from)
    }

    fn chars_before(&self, offset: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut checkpoints = Vec::with_capacity(self.text.len() / CHECKPOINT + 1);
            let (mut at, mut count) = (0, 0);
            for step in 0..=self.text.len() / CHECKPOINT {
                let next = self.char_start(step * CHECKPOINT);
                count += self.text[at..next].chars().count();
                at = next;
                checkpoints.push((at, count));
            }
            checkpoints
        });
        let (at, count) = checkpoints[offset / CHECKPOINT];
        count + self.text[at..offset].chars().count()
    }

    fn char_start(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// The name standard input goes by in messages.
pub const STDIN: &str = "<stdin>";

/// Reads all of standard input, up to [`max_input`] bytes.
pub fn read_stdin() -> Result<Vec<u8>, ReadError> {
    read_limited(std::io::stdin().lock(), STDIN)
}

#[cfg(test)]
pub(crate) mod tests {
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

    #[test]
    fn an_excerpt_is_trimmed_around_its_span() {
        let long = "x".repeat(100_000);
        let text = format!("a = 1\nnote = \"{long}\" # {long}\n");
        let source = Source::new("t.toml", text.as_str());
        let start = text.find("# ").unwrap();
        let excerpt = source.excerpt(Span {
            start,
            end: start + 5,
        });
        let context = "x".repeat(EXCERPT_CONTEXT);
        assert_eq!(
            excerpt,
            Excerpt {
                file: "t.toml".to_string(),
                start: Location {
                    line: 2,
                    column: 100_011
                },
                end: Location {
                    line: 2,
                    column: 100_016
                },
                lines: format!("…{}\" # xxx{context}…", &context[2..]),
                marked: 63..68,
            }
        );
        // A span longer than the window is cut too.
        let start = text.find("\"x").unwrap() + 1;
        let excerpt = source.excerpt(Span {
            start,
            end: start + 100_000,
        });
        assert_eq!(excerpt.lines, format!("note = \"{}…", "x".repeat(120)));
        assert_eq!(excerpt.marked, 8..excerpt.lines.len());
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters() {
        let text = format!("x\n{}", "产a".repeat(10_000));
        let source = Source::new("t.toml", text.as_str());
        for chars in [0, 1, 4095, 4096, 4097, 12_345, 19_999, 20_000] {
            let offset = 2 + "产a"
                .repeat(10_000)
                .char_indices()
                .nth(chars)
                .map_or(40_000, |(i, _)| i);
            assert_eq!(
                source.location(offset),
                Location {
                    line: 2,
                    column: chars + 1
                },
                "{chars}"
            );
        }
        // Inside a character: the character's own column.
        assert_eq!(source.location(2 + 30_001).column, 15_001);
    }

    #[test]
    fn an_excerpt_of_a_span_past_the_line_or_text_is_empty() {
        let source = Source::new("t.toml", "a = 1\r\nb = 产出");
        let excerpt = source.excerpt(Span { start: 6, end: 6 });
        assert_eq!((excerpt.lines.as_str(), excerpt.marked), ("a = 1", 5..5));
        // Offsets inside a character or past the end are clamped, never a panic.
        let excerpt = source.excerpt(Span { start: 12, end: 99 });
        assert_eq!(
            (excerpt.lines.as_str(), excerpt.marked),
            ("b = 产出", 4..10)
        );
    }

    /// A `[goals]` table whose `expected` takes three lines, and the span of that value.
    pub(crate) fn goals_over_lines() -> (Source, Span) {
        let text = "[goals]\nexpected = \"\"\"\n融合通信平台\n对接部门\"\"\"\nactual = 1\n";
        let start = text.find("\"\"\"").unwrap();
        let end = text.rfind("\"\"\"").unwrap() + 3;
        (Source::new("t.toml", text), Span { start, end })
    }

    #[test]
    fn an_excerpt_of_a_span_over_lines_has_each_line() {
        let (source, span) = goals_over_lines();
        let excerpt = source.excerpt(span);
        assert_eq!(
            excerpt.lines,
            "expected = \"\"\"\n融合通信平台\n对接部门\"\"\""
        );
        assert_eq!(excerpt.marked, 11..excerpt.lines.len());
        // A span that takes in its line break ends on the line before.
        let end = "[goals]\n".len();
        let excerpt = source.excerpt(Span { start: 0, end });
        assert_eq!((excerpt.lines.as_str(), excerpt.marked), ("[goals]", 0..7));
        // A span over many lines shows its first lines, the last cut with `…`.
        let text = format!("a = [\n{}]\n", "  1,\n".repeat(100_000));
        let source = Source::new("t.toml", text.as_str());
        let excerpt = source.excerpt(Span {
            start: 4,
            end: text.len() - 1,
        });
        assert_eq!(
            excerpt.lines,
            format!("a = [\n{}  1,…", "  1,\n".repeat(EXCERPT_LINES - 2))
        );
        assert_eq!(excerpt.marked, 4..excerpt.lines.len());
        assert_eq!(excerpt.end.line, 100_002);
    }

    #[test]
    fn names_and_lines_are_safe_to_print() {
        assert_eq!(
            printable("a\tb\u{1b}[31m\u{202e}c"),
            "a b\\u{1b}[31m\\u{202e}c"
        );
        assert!(matches!(printable("产出指标"), Cow::Borrowed(_)));
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let path = Path::new(std::ffi::OsStr::from_bytes(b"dir/a\x1b[2J\tb\xff.toml"));
            assert_eq!(display_path(path), "dir/a\\u{1b}[2J\\u{9}b\\xff.toml");
        }
    }

    #[test]
    fn reading_stops_past_the_limit() {
        let limit = max_input() as usize;
        assert_eq!(
            read_limited(&vec![b'#'; limit][..], "x").unwrap().len(),
            limit
        );
        let error = read_limited(std::io::repeat(b'y'), "<stdin>").unwrap_err();
        assert_eq!(
            crate::error::Error::from(error).text(crate::lang::Lang::En),
            "<stdin>: larger than 32 MiB, far more than a table holds; refused (raise the limit with --max-input-mib or PERF_EVAL_MAX_INPUT_MIB)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_without_a_writer_reads_as_empty() {
        let dir = std::env::temp_dir().join(format!("perf-eval-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("p.toml");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string and mode.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert_eq!(Source::read(&fifo).unwrap().text, "");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
