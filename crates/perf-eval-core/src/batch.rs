//! Checking many tables at once: files and folders (recursing into project files, workbooks and
//! Word documents), standard input or uploaded bytes, checked in parallel on all cores and
//! handed, in input order, to the emitter of the output asked for. The runner knows no format:
//! it counts, and the emitters write. Workbooks and documents are imported in memory and their
//! findings placed at their cells.

use std::io::{self, Write};
use std::panic::AssertUnwindSafe;

use rayon::prelude::*;

use crate::audit::{self, CodeFilter};
use crate::emit::{Checked, Emitter, Name, Outcome, Summary, Tally, Unusable};
use crate::error::Error;
pub use crate::input::Input;
use crate::input::{self, Loaded};
use crate::lang::Lang;
use crate::messages::Problem;
use crate::number::{fixed, plain};
use crate::profile::Profile;
use crate::project::Project;

/// What `check` was asked to do, whatever it prints.
#[derive(Debug, Clone)]
pub struct Options {
    /// A profile that overrides every file's own `rules`.
    pub rules: Option<Profile>,
    /// Which finding codes are reported.
    pub codes: CodeFilter,
    /// The language of a file's unexpected failure (the emitters word everything else).
    pub lang: Lang,
}

/// How many files are checked at once: enough to keep every core busy, few enough that memory
/// stays flat however many files there are.
const BATCH: usize = 256;

/// Writes to the output until the first failure, then only counts. A closed pipe (`| head`)
/// cuts the report short and is no error; any other failure (a full disk) is returned at the
/// end.
struct Sink<'a> {
    out: &'a mut dyn Write,
    failed: Option<io::Error>,
}

impl Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.failed.is_none()
            && let Err(error) = self.out.write_all(bytes)
        {
            self.failed = Some(error);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Sink<'_> {
    fn finish(mut self) -> io::Result<()> {
        if self.failed.is_none()
            && let Err(error) = self.out.flush()
        {
            self.failed = Some(error);
        }
        match self.failed {
            Some(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(error),
            _ => Ok(()),
        }
    }
}

/// Follows a run as it goes: the binary draws a progress line with it. The library draws
/// nothing on a terminal.
pub trait Watch {
    /// `files` are done.
    fn update(&mut self, _files: usize) {}
    /// Runs `write`, with anything drawn on the terminal cleared first.
    fn suspend(&mut self, write: &mut dyn FnMut()) {
        write()
    }
    /// The run is over.
    fn finish(&mut self) {}
}

/// No one watching.
impl Watch for () {}

/// Checks every input, streaming: files are checked in parallel a batch at a time and their
/// parts written by `emitter` in input order as each batch completes. Returns the counts, which
/// decide the exit status even when a closed pipe cut the output short, or the error of an
/// output that could not be written.
pub fn run<E: Emitter + ?Sized>(
    inputs: Vec<Input>,
    options: &Options,
    emitter: &mut E,
    out: &mut dyn Write,
    watch: &mut dyn Watch,
) -> io::Result<Summary> {
    run_with(inputs, options, emitter, out, watch, check_input)
}

/// The parts an input gives, one a table, with their tallies.
type Parts<E> = Vec<(<E as Emitter>::Part, Tally)>;

/// The check of one input.
type Check<E> = fn(Input, &Options, &E) -> Parts<E>;

/// [`run`] with the check of one input given, so that a failing check can be tested.
fn run_with<E: Emitter + ?Sized>(
    inputs: Vec<Input>,
    options: &Options,
    emitter: &mut E,
    out: &mut dyn Write,
    watch: &mut dyn Watch,
    check: Check<E>,
) -> io::Result<Summary> {
    let mut sink = Sink { out, failed: None };
    let mut summary = Summary::default();
    let mut targets = input::discover(inputs);
    emitter.start(&mut sink)?;
    // While one batch is written here, the next is checked on the pool this runs in (the
    // global one, or the one a caller installed: a bench's single thread stays single).
    let mut current: Vec<(E::Part, Tally)> = Vec::new();
    loop {
        let batch: Vec<Input> = targets.by_ref().take(BATCH).collect();
        let last = batch.is_empty();
        let mut next = Vec::new();
        let shared: &E = emitter;
        rayon::in_place_scope(|scope| {
            if !last {
                scope.spawn(|_| {
                    next = batch
                        .into_par_iter()
                        .flat_map_iter(|target| guarded(target, options, shared, check))
                        .collect();
                });
            }
        });
        watch.update(summary.files);
        for (part, tally) in current.drain(..) {
            summary.add(&tally.counts);
            let mut written = Ok(());
            let mut part = Some(part);
            watch.suspend(&mut || {
                if let Some(part) = part.take() {
                    written = emitter.write(part, &tally, &mut sink);
                }
            });
            written?;
        }
        if last {
            break;
        }
        current = next;
    }
    watch.finish();
    emitter.finish(&summary, &mut sink)?;
    sink.finish().map(|()| summary)
}

/// Checks one input, and reports it as unusable if the check panics (a bug): the other files
/// are still checked and the JSON document stays whole.
fn guarded<E: Emitter + ?Sized>(
    target: Input,
    options: &Options,
    emitter: &E,
    check: Check<E>,
) -> Vec<(E::Part, Tally)> {
    let name = target.name();
    std::panic::catch_unwind(AssertUnwindSafe(|| check(target, options, emitter))).unwrap_or_else(
        |panic| {
            let cause = panic
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("unknown cause");
            let error = Error::usage_at(
                &name.shown,
                Problem::Internal {
                    cause: cause.to_string(),
                },
            );
            vec![unusable(&name, &error, emitter)]
        },
    )
}

/// Checks one input: a project file, or each table of a workbook, document or text file.
fn check_input<E: Emitter + ?Sized>(
    input: Input,
    options: &Options,
    emitter: &E,
) -> Vec<(E::Part, Tally)> {
    let name = input.name();
    match input::read(input) {
        Err(error) => vec![unusable(&name, &error, emitter)],
        Ok(tables) => tables
            .into_iter()
            .map(|(loaded, project)| match project {
                Ok(project) => check_table(&loaded, &project, options, emitter),
                Err(error) => unusable(&loaded.name, &error, emitter),
            })
            .collect(),
    }
}

/// Checks one table; for an imported one, its cells stand for the source's lines in every
/// report.
fn check_table<E: Emitter + ?Sized>(
    loaded: &Loaded,
    project: &Project,
    options: &Options,
    emitter: &E,
) -> (E::Part, Tally) {
    let profile = match &options.rules {
        Some(profile) => profile.clone(),
        None => match Profile::select(None, project, &loaded.source) {
            Ok(profile) => profile,
            Err(error) => return unusable(&loaded.name, &error, emitter),
        },
    };
    let (evaluation, mut findings) = audit::check(project, &profile);
    findings.retain(|finding| options.codes.keeps(finding.code));
    let checked = Checked {
        name: &loaded.name,
        source: &loaded.source,
        table: loaded.table.as_ref(),
        evaluation: &evaluation,
        findings: &findings,
    };
    let tally = Tally {
        path: loaded.source.name.clone(),
        counts: checked.counts(),
        cells: Some([
            project.name.value.clone(),
            project
                .total
                .score
                .as_ref()
                .map_or(String::new(), |s| plain(s.value)),
            fixed(evaluation.total, profile.rounding),
            evaluation.grade.clone(),
        ]),
    };
    (emitter.part(&Outcome::Checked(checked)), tally)
}

/// An input that could not be used.
fn unusable<E: Emitter + ?Sized>(name: &Name, error: &Error, emitter: &E) -> (E::Part, Tally) {
    let tally = Tally {
        path: name.shown.clone(),
        counts: Summary {
            files: 1,
            unusable: 1,
            ..Summary::default()
        },
        cells: None,
    };
    (
        emitter.part(&Outcome::Unusable(Unusable { name, error })),
        tally,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{self, Format, Shown};
    use serde_json::Value;

    /// Checks like `check` does, but a bug strikes in `b.toml`.
    fn panics_in_b<E: Emitter + ?Sized>(
        target: Input,
        options: &Options,
        emitter: &E,
    ) -> Vec<(E::Part, Tally)> {
        if target.name().shown.ends_with("b.toml") {
            panic!("attempt to multiply with overflow");
        }
        check_input(target, options, emitter)
    }

    fn options() -> Options {
        Options {
            rules: None,
            codes: CodeFilter::default(),
            lang: Lang::Zh,
        }
    }

    fn emitter(format: Format) -> Box<dyn Emitter<Part = Vec<u8>>> {
        emit::emitter(
            format,
            Shown {
                lang: Lang::Zh,
                settings: None,
                deny_warnings: false,
                quiet: false,
                summary_all: false,
                explain: false,
            },
        )
    }

    fn run_panicking(format: Format) -> (Summary, String) {
        let dir = std::env::temp_dir().join(format!("perf-eval-batch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let inputs: Vec<Input> = ["a.toml", "b.toml", "c.toml"]
            .iter()
            .map(|name| {
                let path = dir.join(name);
                std::fs::write(&path, "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n")
                    .unwrap();
                Input::Path(path)
            })
            .collect();
        let mut out = Vec::new();
        let mut emitter = emitter(format);
        let summary = run_with(
            inputs,
            &options(),
            &mut emitter,
            &mut out,
            &mut (),
            panics_in_b,
        )
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        (summary, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_panic_in_one_file_leaves_the_others_checked_and_the_json_whole() {
        let (summary, out) = run_panicking(Format::Json);
        assert_eq!(
            (summary.files, summary.unusable, summary.exit_code(false)),
            (3, 1, 2)
        );
        let report: Value = serde_json::from_str(&out).unwrap();
        let files = report["files"].as_array().unwrap();
        let statuses: Vec<&str> = files
            .iter()
            .map(|f| f["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["checked", "unusable", "checked"]);
        let message = files[1]["error"]["message"].as_str().unwrap();
        assert!(
            message.ends_with("b.toml: 复核此文件时程序内部出错（`attempt to multiply with overflow`）；请连同该文件一并反馈"),
            "{message}"
        );
        let (_, human) = run_panicking(Format::Human { color: false });
        assert!(
            human.ends_with("已复核 3 个文件：2 处错误，0 处警告，2 处提示（1 个无法使用）\n"),
            "{human}"
        );
    }

    /// An output that fails every write with `kind`.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_output_is_an_error_but_a_closed_pipe_is_not() {
        let stdin = || vec![Input::Stdin(b"schema = 1".to_vec())];
        let run = |kind| {
            run(
                stdin(),
                &options(),
                &mut emitter(Format::Json),
                &mut Failing(kind),
                &mut (),
            )
        };
        let full = run(io::ErrorKind::StorageFull);
        assert_eq!(full.unwrap_err().kind(), io::ErrorKind::StorageFull);
        let closed = run(io::ErrorKind::BrokenPipe);
        assert_eq!(closed.unwrap().unusable, 1);
    }
}
