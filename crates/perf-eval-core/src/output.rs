//! Writing reports to files: the format chosen by extension, and atomic writes (a temporary
//! file in the same folder, renamed over the target only when complete), so that a failure
//! never leaves a truncated report and never touches the input.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::Error;
use crate::messages::Problem;
use crate::source::display_path;

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

/// Writes `path` atomically with what `write` produces. Refuses to write over any of `inputs`.
///
/// Only a regular file (or a new name) is replaced atomically, keeping its permissions. A
/// character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written directly,
/// never replaced; other kinds of file are refused.
pub fn write_atomic(
    path: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    refuse_overwrite(path, inputs)?;
    if let Ok(metadata) = fs::metadata(path)
        && !metadata.is_file()
    {
        return write_in_place(path, &metadata, write);
    }
    // A symbolic link stays a link (`/dev/stdout` too): the file it points to is replaced.
    let resolved = fs::symlink_metadata(path)
        .is_ok_and(|metadata| metadata.file_type().is_symlink())
        .then(|| fs::canonicalize(path).ok())
        .flatten();
    persist(resolved.as_deref().unwrap_or(path), write, true)
}

/// Writes a file `import` makes, atomically, never through a symbolic link: a link at `path`
/// (one left in the output folder, leading anywhere) is refused, and a file there is replaced
/// only when `replace` (`--force`). Refuses to write over any of `inputs`.
pub fn write_file(path: &Path, inputs: &[&Path], bytes: &[u8], replace: bool) -> Result<(), Error> {
    refuse_overwrite(path, inputs)?;
    if let Ok(metadata) = fs::symlink_metadata(path) {
        let problem = if metadata.file_type().is_symlink() {
            Problem::LinkNotFollowed
        } else if metadata.is_dir() {
            Problem::IsFolder
        } else if !metadata.is_file() {
            Problem::NotRegularFile
        } else if !replace {
            Problem::Exists { force: false }
        } else {
            return persist(path, |out| out.write_all(bytes), true);
        };
        return Err(Error::usage_at(display_path(path), problem));
    }
    persist(path, |out| out.write_all(bytes), replace)
}

/// Refuses `path` when it is one of `inputs`: said before a long run as well as at writing.
pub fn refuse_overwrite(path: &Path, inputs: &[&Path]) -> Result<(), Error> {
    if inputs.iter().any(|input| same_file(path, input)) {
        return Err(Error::WouldOverwriteInput {
            path: display_path(path),
        });
    }
    Ok(())
}

/// Writes a temporary file beside `path` and renames it to `path` once complete (over a file
/// there only when `replace`), so that a full disk or an interruption never leaves a truncated
/// file. A replaced file keeps its permissions (a private report stays private); a new one is
/// created as any file is, under the user's umask.
fn persist(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    replace: bool,
) -> Result<(), Error> {
    let error = |source: io::Error| Error::Write {
        path: display_path(path),
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // `.自评表.xlsx.perf-eval-a1B2c3.tmp`: whoever finds one left behind knows what it was.
    let name: String = path.file_name().map_or_else(String::new, |name| {
        name.to_string_lossy().chars().take(100).collect()
    });
    let prefix = format!(".{name}.perf-eval-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    let kept = fs::metadata(path)
        .ok()
        .filter(fs::Metadata::is_file)
        .map(|metadata| metadata.permissions());
    // Created with the mode it will have (never wider, as the umask applies), not as a private
    // temporary file; the replaced file's mode is then set exactly.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = kept.as_ref().map_or(0o666, PermissionsExt::mode);
        builder.permissions(fs::Permissions::from_mode(mode & 0o777));
    }
    let mut file = builder.tempfile_in(folder).map_err(error)?;
    let pending = Pending::new(file.path());
    if let Some(permissions) = kept {
        file.as_file().set_permissions(permissions).map_err(error)?;
    }
    write(file.as_file_mut()).map_err(error)?;
    file.as_file_mut().sync_all().map_err(error)?;
    // Renamed under the lock, so that an interruption removes the temporary file or leaves the
    // complete file, never both nor neither. It is removed when dropped on any error above.
    let mut list = pending_list();
    let persisted = if replace {
        file.persist(path)
    } else {
        file.persist_noclobber(path)
    };
    persisted.map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => {
            Error::usage_at(display_path(path), Problem::Exists { force: false })
        }
        _ => error(e.error),
    })?;
    list.retain(|p| *p != pending.0);
    Ok(())
}

/// Writes to an existing file that is not a regular file, without replacing it.
fn write_in_place(
    path: &Path,
    metadata: &fs::Metadata,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    #[cfg(unix)]
    let direct = {
        use std::os::unix::fs::FileTypeExt;
        metadata.file_type().is_char_device() || metadata.file_type().is_fifo()
    };
    #[cfg(not(unix))]
    let direct = false;
    if !direct {
        let problem = if metadata.is_dir() {
            Problem::IsFolder
        } else {
            Problem::NotRegularFile
        };
        return Err(Error::usage_at(display_path(path), problem));
    }
    let error = |source: io::Error| Error::Write {
        path: display_path(path),
        source,
    };
    let mut file = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(error)?;
    write(&mut file).map_err(error)?;
    file.flush().map_err(error)
}

/// Temporary files being written, removed if the process is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending_list() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file listed in [`PENDING`] while it lives.
struct Pending(PathBuf);

impl Pending {
    fn new(path: &Path) -> Pending {
        pending_list().push(path.to_path_buf());
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        pending_list().retain(|p| *p != self.0);
    }
}

/// Removes the temporary files being written. A program that ends on a signal calls this
/// first, so that an interrupted report leaves nothing behind; the library installs no handler.
pub fn remove_pending() {
    for path in pending_list().drain(..) {
        let _ = fs::remove_file(path);
    }
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
        let result = write_atomic(&target, &[Path::new("input.toml")], |out| {
            out.write_all(b"half a rep")?;
            Err(io::Error::other("disk full"))
        });
        assert_eq!(
            result.unwrap_err().to_string(),
            format!("{}: 无法写入：disk full", target.display())
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
        write_atomic(&target, &[Path::new("input.toml")], |out| {
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
        let result = write_atomic(&input, &[&input], |out| out.write_all(b"x"));
        assert!(matches!(result, Err(Error::WouldOverwriteInput { .. })));
        assert_eq!(fs::read_to_string(&input).unwrap(), "schema = 1");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_temporary_file_is_named_after_the_report_and_listed_for_interruptions() {
        let dir = scratch("interrupted");
        let target = dir.join("自评表.md");
        let result = write_atomic(&target, &[Path::new("input.toml")], |out| {
            out.write_all(b"half")?;
            let names = entries(&dir);
            assert_eq!(names.len(), 1);
            assert!(
                names[0].starts_with(".自评表.md.perf-eval-") && names[0].ends_with(".tmp"),
                "{names:?}"
            );
            // Listed for SIGINT, SIGTERM or SIGHUP to remove (other tests' files may be too).
            assert!(pending_list().contains(&dir.join(&names[0])));
            Err(io::Error::other("interrupted"))
        });
        assert!(result.is_err());
        assert!(entries(&dir).is_empty());
        assert!(!pending_list().iter().any(|path| path.starts_with(&dir)));
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_in_place_and_a_socket_refused() {
        use std::os::unix::fs::FileTypeExt;
        let dir = scratch("special");
        let fifo = dir.join("report.md");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string and mode.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
        };
        write_atomic(&fifo, &[Path::new("input.toml")], |out| {
            out.write_all(b"report")
        })
        .unwrap();
        assert_eq!(reader.join().unwrap(), "report");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(entries(&dir), ["report.md"]);

        let socket = dir.join("socket.md");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let error = write_atomic(&socket, &[Path::new("input.toml")], |out| {
            out.write_all(b"x")
        });
        assert_eq!(
            error.unwrap_err().text(crate::lang::Lang::En),
            format!(
                "{}: is not a regular file; give the name of a file to write",
                socket.display()
            )
        );
        assert!(fs::metadata(&socket).unwrap().file_type().is_socket());
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_a_link() {
        let dir = scratch("link");
        fs::write(dir.join("real.md"), "old").unwrap();
        let link = dir.join("link.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_atomic(&link, &[Path::new("input.toml")], |out| {
            out.write_all(b"new")
        })
        .unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(dir.join("real.md")).unwrap(), "new");
        assert_eq!(entries(&dir), ["link.md", "real.md"]);
        fs::remove_dir_all(dir).unwrap();
    }

    /// The process's file mode creation mask, as Linux reports it.
    #[cfg(unix)]
    fn umask() -> Option<u32> {
        let status = fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
        u32::from_str_radix(line.trim(), 8).ok()
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let private = dir.join("private.md");
        fs::write(&private, "old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&private, &[], |out| out.write_all(b"new")).unwrap();
        assert_eq!(
            (
                mode(&private),
                fs::read_to_string(&private).unwrap().as_str()
            ),
            (0o600, "new")
        );
        let shared = dir.join("shared.toml");
        fs::write(&shared, "old").unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o664)).unwrap();
        write_file(&shared, &[], b"new", true).unwrap();
        assert_eq!(mode(&shared), 0o664);
        if let Some(umask) = umask() {
            let new = dir.join("new.md");
            write_atomic(&new, &[], |out| out.write_all(b"new")).unwrap();
            assert_eq!(mode(&new), 0o666 & !umask);
            write_file(&dir.join("new.toml"), &[], b"new", false).unwrap();
            assert_eq!(mode(&dir.join("new.toml")), 0o666 & !umask);
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn import_never_writes_through_a_link_nor_over_a_file_unasked() {
        let dir = scratch("no-follow");
        let outside = dir.join("outside.txt");
        fs::write(&outside, "keep").unwrap();
        let link = dir.join("p.toml");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        for replace in [true, false] {
            let error = write_file(&link, &[], b"x", replace).unwrap_err();
            assert_eq!(
                error.text(crate::lang::Lang::En),
                format!(
                    "{}: is a symbolic link; files are never written through one: remove it or choose another name",
                    link.display()
                )
            );
        }
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");
        let file = dir.join("q.toml");
        write_file(&file, &[], b"first", false).unwrap();
        let error = write_file(&file, &[], b"second", false).unwrap_err();
        assert!(matches!(error, Error::Usage { .. }), "{error:?}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "first");
        write_file(&file, &[], b"second", true).unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "second");
        let input = dir.join("b.xlsx");
        fs::write(&input, "workbook").unwrap();
        let refused = write_file(&input, &[&outside, &input], b"x", true);
        assert!(matches!(refused, Err(Error::WouldOverwriteInput { .. })));
        // Nothing left behind by the refused and the completed writes.
        assert_eq!(entries(&dir), ["b.xlsx", "outside.txt", "p.toml", "q.toml"]);
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
