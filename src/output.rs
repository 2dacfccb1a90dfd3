//! Writing reports to files: the format chosen by extension, and atomic writes (a temporary
//! file in the same folder, renamed over the target only when complete), so that a failure
//! never leaves a truncated report and never touches the input.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::error::Error;

/// The formats `score` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Markdown,
    Csv,
    Json,
    Xlsx,
}

/// What a file name asks for by its extension, for every command that writes files: the one
/// place extensions are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    Text,
    Markdown,
    Csv,
    Json,
    Xlsx,
    Html,
    Docx,
}

impl Extension {
    /// `.txt`, `.md`/`.markdown`, `.csv`, `.json`, `.xlsx`, `.html`/`.htm`, `.docx`, in any case.
    pub fn of(path: &Path) -> Option<Extension> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" => Some(Extension::Text),
            "md" | "markdown" => Some(Extension::Markdown),
            "csv" => Some(Extension::Csv),
            "json" => Some(Extension::Json),
            "xlsx" => Some(Extension::Xlsx),
            "html" | "htm" => Some(Extension::Html),
            "docx" => Some(Extension::Docx),
            _ => None,
        }
    }
}

impl Format {
    /// The format a file name asks for: `.xlsx`, `.md`, `.csv`, `.json`, `.txt`.
    pub fn from_path(path: &Path) -> Option<Format> {
        match Extension::of(path)? {
            Extension::Xlsx => Some(Format::Xlsx),
            Extension::Markdown => Some(Format::Markdown),
            Extension::Csv => Some(Format::Csv),
            Extension::Json => Some(Format::Json),
            Extension::Text => Some(Format::Table),
            Extension::Html | Extension::Docx => None,
        }
    }
}

/// Writes `path` atomically with what `write` produces. Refuses to write over `input`.
pub fn write_atomic(
    path: &Path,
    input: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let error = |source: io::Error| Error::Write {
        path: path.display().to_string(),
        source,
    };
    if same_file(path, input) {
        return Err(Error::WouldOverwriteInput {
            path: path.display().to_string(),
        });
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".perf-eval-");
    // A report is an ordinary file, not a private one as temporary files are.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    let mut file = builder.tempfile_in(folder).map_err(error)?;
    write(file.as_file_mut()).map_err(error)?;
    file.as_file_mut().sync_all().map_err(error)?;
    // The temporary file is removed when dropped on any error above.
    file.persist(path).map_err(|e| error(e.error))?;
    Ok(())
}

/// Writes a new file; refuses to replace one that exists.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| match source.kind() {
            io::ErrorKind::AlreadyExists => Error::Usage(format!(
                "{} already exists; choose another name, or remove it first",
                path.display()
            )),
            _ => Error::Write {
                path: path.display().to_string(),
                source,
            },
        })?;
    file.write_all(bytes).map_err(|source| Error::Write {
        path: path.display().to_string(),
        source,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("perf-eval-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = scratch("fail");
        let target = dir.join("report.md");
        fs::write(&target, "the old report").unwrap();
        let result = write_atomic(&target, Path::new("input.toml"), |out| {
            out.write_all(b"half a rep")?;
            Err(io::Error::other("disk full"))
        });
        assert_eq!(
            result.unwrap_err().to_string(),
            format!("{}: cannot write: disk full", target.display())
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "the old report");
        assert_eq!(entries(&dir), ["report.md"]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_good_write_replaces_the_file() {
        let dir = scratch("ok");
        let target = dir.join("report.md");
        fs::write(&target, "old").unwrap();
        write_atomic(&target, Path::new("input.toml"), |out| {
            out.write_all(b"new")
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(entries(&dir), ["report.md"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn never_overwrites_the_input() {
        let dir = scratch("input");
        let input = dir.join("2022.toml");
        fs::write(&input, "schema = 1").unwrap();
        let result = write_atomic(&input, &input, |out| out.write_all(b"x"));
        assert!(matches!(result, Err(Error::WouldOverwriteInput { .. })));
        assert_eq!(fs::read_to_string(&input).unwrap(), "schema = 1");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_path(Path::new("a.XLSX")), Some(Format::Xlsx));
        assert_eq!(Format::from_path(Path::new("a.md")), Some(Format::Markdown));
        assert_eq!(Format::from_path(Path::new("a.csv")), Some(Format::Csv));
        assert_eq!(Format::from_path(Path::new("a.json")), Some(Format::Json));
        assert_eq!(Format::from_path(Path::new("a.doc")), None);
        assert_eq!(
            Extension::of(Path::new("审核报告.HTM")),
            Some(Extension::Html)
        );
        assert_eq!(Extension::of(Path::new("报告.docx")), Some(Extension::Docx));
        assert_eq!(Extension::of(Path::new("README")), None);
    }
}
