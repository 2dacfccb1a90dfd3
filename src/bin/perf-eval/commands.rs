//! What each subcommand does: reads its input, runs the library, writes the result, and says
//! what exit status it earned.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;

use perf_eval::batch::{self, CodeFilter, Format, Input, Options};
use perf_eval::config;
use perf_eval::engine::evaluate;
use perf_eval::error::Error;
use perf_eval::output;
use perf_eval::pack;
use perf_eval::profile::Profile;
use perf_eval::project::{self, Project};
use perf_eval::render::{self, Lang};
use perf_eval::source::{self, Source};
use perf_eval::template;

use crate::args::{CheckFormat, Cli, RulesAction, ScoreFormat, Scoring};

/// Reads, loads and picks the profile of a project file.
pub fn open(file: &Path, rules: Option<&str>) -> Result<(Source, Project, Profile), Error> {
    let source = if file.as_os_str() == "-" {
        let bytes = source::read_stdin()?;
        if perf_eval::import::starts_as_package(&bytes) {
            imported(source::STDIN, bytes)?
        } else {
            Source::from_bytes(source::STDIN.to_string(), bytes)?
        }
    } else if perf_eval::import::is_importable(file) {
        imported_file(file)?
    } else {
        match Source::read(file) {
            // A workbook is read as one whatever its name.
            Err(Error::NotUtf8 { .. }) if perf_eval::import::is_package(file) => {
                imported_file(file)?
            }
            other => other?,
        }
    };
    if let Some(encoding) = source.converted_from {
        eprintln!(
            "note: {} is not UTF-8; it was read as {encoding} (saving it as UTF-8 avoids this)",
            source.name
        );
    }
    let project = project::load(&source)?;
    let profile = Profile::select(rules, &project, &source)?;
    Ok((source, project, profile))
}

/// The table of a workbook, document or text file, telling of the cells left out.
fn imported(name: &str, bytes: Vec<u8>) -> Result<Source, Error> {
    let (source, warnings) = perf_eval::import::single(name, bytes)?;
    warn(name, &warnings);
    Ok(source)
}

fn imported_file(file: &Path) -> Result<Source, Error> {
    imported(&source::display_path(file), perf_eval::import::read(file)?)
}

fn warn(name: &str, warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {name}: {warning}");
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth reporting, but
/// any other failure (`> /dev/full`) is.
pub fn print(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(stdout_error(error)),
        _ => Ok(()),
    }
}

fn stdout_error(source: std::io::Error) -> Error {
    Error::Write {
        path: "<stdout>".to_string(),
        source,
    }
}

pub fn score(
    scoring: &Scoring,
    format: Option<ScoreFormat>,
    output: Option<&Path>,
    explain: bool,
    csv_header: Lang,
) -> Result<ExitCode, Error> {
    let format = match (format, output) {
        (Some(format), _) => format.into(),
        (None, Some(path)) => output::Format::from_path(path).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the format of {} from its extension; use .xlsx, .md, .csv, .json or .txt, or give --format",
                source::display_path(path)
            ))
        })?,
        (None, None) => output::Format::Table,
    };
    let stdout_is_terminal = std::io::stdout().is_terminal();
    if format == output::Format::Xlsx && output.is_none() && stdout_is_terminal {
        return Err(Error::Usage(
            "an Excel workbook is not for a terminal; add --output 自评表.xlsx".to_string(),
        ));
    }
    let (source, project, profile) = open(&scoring.file, scoring.rules.as_deref())?;
    let evaluation = evaluate(&project, &profile);
    let options = render::Options {
        format,
        lang: scoring.lang.into(),
        csv_header,
        wrap: output.is_none() && stdout_is_terminal,
        ambiguous: render::table::Ambiguous::from_env_value(
            std::env::var("PERF_EVAL_AMBIGUOUS").ok().as_deref(),
        ),
        explain,
    };
    let bytes = render::report(&evaluation, &source, options)?;
    match output {
        Some(path) => output::write_atomic(path, &scoring.file, |out| out.write_all(&bytes))?,
        None => print(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(scoring: &Scoring, indicator: Option<&str>) -> Result<ExitCode, Error> {
    let (_, project, profile) = open(&scoring.file, scoring.rules.as_deref())?;
    let evaluation = evaluate(&project, &profile);
    let lang: Lang = scoring.lang.into();
    let only = match indicator {
        None => None,
        Some(query) => Some(render::explain::find(&evaluation, query).ok_or_else(|| {
            Error::Usage(format!(
                "no indicator matches `{query}`; give its number (1 to {}) or part of its name",
                project.indicators.len()
            ))
        })?),
    };
    let text = render::explain::render(&evaluation, lang.labels(), lang, only);
    print(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn diff(file: &Path, rules: &[String], lang: Lang) -> Result<ExitCode, Error> {
    let (first, second) = match rules {
        [only] => (None, only.as_str()),
        [first, second] => (Some(first.as_str()), second.as_str()),
        _ => {
            return Err(Error::Usage(
                "diff compares two profiles: give --rules once (against the file's own) or twice"
                    .to_string(),
            ));
        }
    };
    let (source, project, a) = open(file, first)?;
    let b = Profile::select(Some(second), &project, &source)?;
    let (ea, eb) = (evaluate(&project, &a), evaluate(&project, &b));
    print(render::compare::render(&ea, &eb, lang.labels()).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn check(
    paths: Vec<PathBuf>,
    rules: Option<&str>,
    format: CheckFormat,
    options: Options,
    output: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Error> {
    let rules = rules
        .map(|spec| Profile::resolve(spec, Path::new(".")))
        .transpose()?;
    let stdout = std::io::stdout();
    // `--color`, NO_COLOR, CLICOLOR_FORCE and whether standard output is a terminal, as anstream
    // weighs them; its stream passes the colour on, or translates it for an old Windows console.
    let choice = anstream::AutoStream::choice(&stdout);
    let format = match format {
        CheckFormat::Human => Format::Human {
            color: choice != anstream::ColorChoice::Never,
        },
        CheckFormat::Json => Format::Json,
        CheckFormat::Github => Format::Github,
        CheckFormat::Concise => Format::Concise,
        CheckFormat::Sarif => Format::Sarif,
        CheckFormat::Junit => Format::Junit,
    };
    let pack = output
        .map(|path| {
            let kind = pack::Kind::from_path(path).ok_or_else(|| {
                Error::Usage(format!(
                    "cannot tell the audit pack's format from {}; use .html or .xlsx",
                    source::display_path(path)
                ))
            })?;
            Ok::<_, Error>((path, pack::Request { kind, lang }))
        })
        .transpose()?;
    let first_input = paths.first().cloned().unwrap_or_default();
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(match source::read_stdin() {
                Ok(bytes) => Input::Stdin(bytes),
                Err(error) => Input::Unreadable {
                    path,
                    message: error.to_string(),
                },
            });
        } else {
            inputs.push(Input::Path(path));
        }
    }
    let deny_warnings = options.deny_warnings;
    let options = Options {
        rules,
        format,
        ..options
    };
    // A closed pipe (`| head`) cuts the report short; the status still tells the truth.
    let (summary, entries) = batch::run_with_pack(
        inputs,
        &options,
        pack.map(|(_, request)| request),
        &mut anstream::AutoStream::new(stdout.lock(), choice),
    )
    .map_err(stdout_error)?;
    if let Some((path, request)) = pack {
        let bytes = pack::render(&entries, request.lang, request.kind)?;
        output::write_atomic(path, &first_input, |out| out.write_all(&bytes))?;
    }
    Ok(ExitCode::from(summary.exit_code(deny_warnings)))
}

pub fn init(
    file: Option<PathBuf>,
    rules: &str,
    name: &str,
    year: Option<i64>,
) -> Result<ExitCode, Error> {
    let profile = Profile::resolve(rules, Path::new("."))?;
    let options = template::Options {
        profile: &profile,
        name,
        year: year.unwrap_or_else(template::last_year),
    };
    let path = template::init(file, &options)?;
    eprintln!(
        "wrote {}; next: edit it, then `perf-eval score {}`",
        source::display_path(&path),
        source::display_path(&path)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn rules(action: Option<RulesAction>) -> Result<ExitCode, Error> {
    let text = match action {
        None => format!(
            "{}\nperf-eval rules show NAME prints a profile to copy and adapt.\n",
            Profile::catalogue()
        ),
        Some(RulesAction::Show { name }) => Profile::builtin_text(&name)?.to_string(),
    };
    print(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(stdout_error)?;
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(
    workbook: &Path,
    output: Option<&Path>,
    force: bool,
    options: perf_eval::import::Options,
) -> Result<ExitCode, Error> {
    let tables = perf_eval::import::import(workbook, &options)?;
    let name = source::display_path(workbook);
    for table in &tables {
        warn(&name, &table.warnings);
    }
    let targets: Vec<(PathBuf, &perf_eval::import::Imported)> = match (output, tables.as_slice()) {
        (Some(folder), _) if folder.is_dir() => perf_eval::import::file_names(&tables)
            .iter()
            .map(|name| folder.join(name))
            .zip(&tables)
            .collect(),
        (Some(path), [table]) => vec![(path.to_path_buf(), table)],
        (None, [table]) => {
            print(table.toml.as_bytes())?;
            return Ok(ExitCode::SUCCESS);
        }
        (_, tables) => {
            let sheets: Vec<&str> = tables.iter().map(|t| t.sheet.as_str()).collect();
            return Err(Error::Usage(format!(
                "the workbook holds {} tables (sheets: {}); choose one with --sheet NAME, or give -o FOLDER to write one file per sheet",
                tables.len(),
                sheets.join(", ")
            )));
        }
    };
    // Never overwrite silently: existing files are replaced only with --force.
    let taken: Vec<String> = targets
        .iter()
        .filter(|(path, _)| path.exists())
        .map(|(path, _)| source::display_path(path))
        .collect();
    if !force && !taken.is_empty() {
        return Err(Error::Usage(format!(
            "{} already exists; remove it first, or give --force to replace it",
            taken.join(", ")
        )));
    }
    for (path, table) in &targets {
        let text = table.toml.as_bytes();
        if force {
            output::write_atomic(path, workbook, |out| out.write_all(text))?;
        } else {
            output::write_new(path, text)?;
        }
        if output.is_some_and(Path::is_dir) {
            eprintln!(
                "wrote {} ({})",
                source::display_path(path),
                source::printable(&table.sheet)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn report(file: &Path, rules: Option<&str>, output: Option<&Path>) -> Result<ExitCode, Error> {
    let word = match output {
        None => false,
        Some(path) => match output::Extension::of(path) {
            Some(output::Extension::Markdown) => false,
            Some(output::Extension::Docx) => true,
            _ => {
                return Err(Error::Usage(format!(
                    "cannot tell the format of {} from its extension; use .md or .docx",
                    source::display_path(path)
                )));
            }
        },
    };
    let (_, project, profile) = open(file, rules)?;
    let (evaluation, findings) = perf_eval::audit::check(&project, &profile);
    let labels = Lang::Zh.labels();
    let draft = perf_eval::report::draft(&evaluation, &findings);
    let bytes = if word {
        render::draft::docx(&draft, &evaluation, labels).map_err(|source| Error::Write {
            path: output.map_or("<docx>".to_string(), source::display_path),
            source,
        })?
    } else {
        render::draft::markdown(&draft, &evaluation, labels).into_bytes()
    };
    match output {
        Some(path) => output::write_atomic(path, file, |out| out.write_all(&bytes))?,
        None => print(&bytes)?,
    }
    eprintln!("{}", perf_eval::report::summary(&draft, &findings));
    // The draft is written either way; a table whose figures do not add up is a finding.
    let errors = findings
        .iter()
        .any(|f| f.severity == perf_eval::audit::Severity::Error);
    Ok(if errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The codes and `--deny` of a check: the command line over the `perf-eval.toml` nearest the
/// first path checked (the current folder for standard input).
pub fn settings(
    first: Option<&Path>,
    select: Vec<String>,
    ignore: Vec<String>,
    deny_warnings: bool,
) -> Result<(CodeFilter, bool), Error> {
    let here = std::env::current_dir().unwrap_or_default();
    let start = match first {
        Some(path) if path.is_dir() => here.join(path),
        Some(path) if path.as_os_str() != "-" => {
            here.join(path).parent().unwrap_or(&here).to_path_buf()
        }
        _ => here,
    };
    let file = config::find(&start)?.map(|(_, config)| config.check);
    file.unwrap_or_default()
        .with_command_line(select, ignore, deny_warnings)
}
