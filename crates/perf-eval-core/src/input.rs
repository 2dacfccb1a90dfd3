//! The one input layer: every command opens what it is given here — a path, an entry of a
//! folder, standard input, or bytes received with a name — through one bounded reader, and gets
//! back each table as loaded: its project text, the project, and for a table imported from a
//! workbook, Word document or pasted text, the cell behind every line and the cells left out.

use std::path::{Path, PathBuf};

use crate::emit::{Name, STDIN};
use crate::error::Error;
use crate::import::{self, Imported};
use crate::messages::Problem;
use crate::place::Places;
use crate::project::{self, Project};
use crate::source::{self, Source, display_path};

/// Something to read.
#[derive(Debug)]
pub enum Input {
    /// A file or a folder (checked for every table in it).
    Path(PathBuf),
    /// Standard input, already read.
    Stdin(Vec<u8>),
    /// A file received as bytes (an upload), known by its name.
    Bytes { name: String, bytes: Vec<u8> },
    /// An input that could not even be read (standard input past the size limit): reported as
    /// unusable in its place.
    Unreadable { path: PathBuf, error: Error },
}

impl Input {
    /// The input's name in reports.
    pub fn name(&self) -> Name {
        match self {
            Input::Path(path) | Input::Unreadable { path, .. } => Name::of(path),
            Input::Stdin(_) => Name::named(STDIN),
            Input::Bytes { name, .. } => Name::named(name),
        }
    }

    /// A path as the command line gives it: `-` is standard input, read here.
    pub fn from_argument(path: PathBuf) -> Input {
        if path.as_os_str() != "-" {
            return Input::Path(path);
        }
        match source::read_stdin() {
            Ok(bytes) => Input::Stdin(bytes),
            Err(error) => Input::Unreadable {
                path,
                error: error.into(),
            },
        }
    }
}

/// One table as loaded.
pub struct Loaded {
    /// The file it came from.
    pub name: Name,
    /// Its project text: the file's own, or the one made from an imported table.
    pub source: Source,
    /// The imported table: the cell behind each line, the cells left out.
    pub table: Option<Imported>,
}

/// A table and its project, or why its text does not load.
pub type Table = (Loaded, Result<Project, Error>);

impl Loaded {
    pub fn places(&self) -> Places<'_> {
        Places {
            source: &self.source,
            table: self.table.as_ref().map(|table| &table.places),
        }
    }
}

/// Reads every table of an input that is a file (a folder is [`discover`]ed first).
pub fn read(input: Input) -> Result<Vec<Table>, Error> {
    match input {
        Input::Path(path) => {
            let name = Name::of(&path);
            if import::is_importable(&path) {
                return imported(name, source::read_file(&path)?);
            }
            let bytes = source::read_file(&path)?;
            // A workbook is read as one whatever its name.
            if import::starts_as_package(&bytes) {
                return imported(name, bytes);
            }
            text(name, bytes)
        }
        Input::Stdin(bytes) => from_bytes(Name::named(STDIN), bytes),
        Input::Bytes { name, bytes } => from_bytes(Name::named(&name), bytes),
        Input::Unreadable { error, .. } => Err(error),
    }
}

/// Bytes known by a name: a workbook or document by their content, a text table by the name's
/// extension, else a project file.
fn from_bytes(name: Name, bytes: Vec<u8>) -> Result<Vec<Table>, Error> {
    if import::starts_as_package(&bytes) || import::is_importable(Path::new(&name.shown)) {
        imported(name, bytes)
    } else {
        text(name, bytes)
    }
}

/// A project file.
fn text(name: Name, bytes: Vec<u8>) -> Result<Vec<Table>, Error> {
    let source = Source::from_bytes(name.shown.clone(), bytes)?;
    let project = project::load(&source).map_err(Error::from);
    let loaded = Loaded {
        name,
        source,
        table: None,
    };
    Ok(vec![(loaded, project)])
}

/// Every table of a workbook, Word document or pasted text, imported in memory.
fn imported(name: Name, bytes: Vec<u8>) -> Result<Vec<Table>, Error> {
    let tables = import::import_bytes(&name.shown, bytes, &import::Options::default())?;
    let several = tables.len() > 1;
    Ok(tables
        .into_iter()
        .map(|mut table| {
            let label = if several {
                format!("{} ({})", name.shown, table.sheet)
            } else {
                name.shown.clone()
            };
            let source = Source::new(label, std::mem::take(&mut table.toml));
            let project = table.project.take().ok_or_else(|| {
                Error::usage_at(
                    &name.shown,
                    Problem::NoTable {
                        sheets: table.sheet.clone(),
                    },
                )
            });
            let loaded = Loaded {
                name: name.clone(),
                source,
                table: Some(table),
            };
            (loaded, project)
        })
        .collect())
}

/// The one table of an input, loaded, for the commands that read one (`score`, `explain`,
/// `diff`, `report`): several tables are refused, naming their sheets.
pub fn open(input: Input) -> Result<(Loaded, Project), Error> {
    let mut tables = read(input)?;
    if tables.len() > 1 {
        let name = tables[0].0.name.shown.clone();
        let sheets: Vec<&str> = tables
            .iter()
            .filter_map(|(t, _)| t.table.as_ref().map(|t| t.sheet.as_str()))
            .collect();
        return Err(Error::usage_at(
            name,
            Problem::ManyTables {
                count: tables.len(),
                sheets: sheets.join("、"),
                folder: false,
            },
        ));
    }
    let (loaded, project) = tables.remove(0);
    Ok((loaded, project?))
}

/// Expands folders into their project files, workbooks and Word documents (sorted, so output
/// order is stable), lazily so that a huge folder is never listed whole in memory. A file
/// reached by several links is read once; walking errors such as symlink loops become
/// unusable inputs, and the walk goes on.
pub fn discover(inputs: Vec<Input>) -> impl Iterator<Item = Input> {
    inputs
        .into_iter()
        .flat_map(|input| -> Box<dyn Iterator<Item = Input>> {
            match input {
                Input::Path(path) if path.is_dir() => {
                    // Folders and files already reached by another link are passed over: links
                    // that do not loop can still reach one folder by many paths.
                    let mut folders = std::collections::HashSet::new();
                    let mut files = std::collections::HashSet::new();
                    let walk = walkdir::WalkDir::new(&path)
                        .follow_links(true)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_entry(move |entry| {
                            // Hidden folders (.git, .venv) hold no tables of the user's.
                            entry.depth() == 0
                                || !entry.file_type().is_dir()
                                || (!is_hidden(entry)
                                    && identity(entry.path()).is_none_or(|id| folders.insert(id)))
                        });
                    Box::new(walk.filter_map(move |entry| {
                        match entry {
                            Ok(entry) if entry.file_type().is_file() && is_table(entry.path()) => {
                                identity(entry.path())
                                    .is_none_or(|id| files.insert(id))
                                    .then(|| Input::Path(entry.into_path()))
                            }
                            Ok(_) => None,
                            Err(error) => {
                                let path = error.path().unwrap_or(&path).to_path_buf();
                                let error = walk_error(&path, &error);
                                Some(Input::Unreadable { path, error })
                            }
                        }
                    }))
                }
                input => Box::new(std::iter::once(input)),
            }
        })
}

/// What makes two paths the same file: its device and inode (on Unix), or its full path.
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .map(|metadata| (metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn walk_error(path: &Path, error: &walkdir::Error) -> Error {
    let shown = display_path(path);
    match error.loop_ancestor() {
        Some(ancestor) => Error::usage_at(
            shown,
            Problem::LinkLoop {
                to: display_path(ancestor),
            },
        ),
        None => Error::Read {
            path: shown,
            source: match error.io_error() {
                Some(io) => std::io::Error::new(io.kind(), io.to_string()),
                None => std::io::Error::other(error.to_string()),
            },
        },
    }
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && entry.file_name().to_string_lossy().starts_with('.')
}

/// A file a folder is searched for: a project file, a workbook or a Word document — not the
/// folder's `perf-eval.toml` settings, nor the `~$…` lock file Office leaves beside an open
/// document. Text files are read only when named.
fn is_table(path: &Path) -> bool {
    let name = path.file_name();
    let settings = name.is_some_and(|name| name == crate::config::FILE_NAME);
    let lock = name.is_some_and(|name| name.to_string_lossy().starts_with("~$"));
    let text = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("tsv"));
    !lock
        && !settings
        && (path.extension().is_some_and(|ext| ext == "toml")
            || (import::is_importable(path) && !text))
}
