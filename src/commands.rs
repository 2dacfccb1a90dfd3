//! What each subcommand does: reads its input, runs the library, writes the result, and says
//! what exit status it earned.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::progress::Progress;
use perf_eval::audit::CodeFilter;
use perf_eval::batch::{self, Options};
use perf_eval::config;
use perf_eval::emit::{self, Format, Shown};
use perf_eval::engine::evaluate;
use perf_eval::error::Error;
use perf_eval::input::{self, Input, Loaded};
use perf_eval::messages::{Note, Problem, help};
use perf_eval::output;
use perf_eval::pack;
use perf_eval::profile::Profile;
use perf_eval::project::Project;
use perf_eval::render::{self, Lang};
use perf_eval::source;
use perf_eval::template;

use crate::args::{CheckFormat, RulesAction, ScoreFormat, Scoring};

/// Reads the one table of a project file, workbook, Word document or pasted text (`-` is
/// standard input), telling of the cells left out, and picks its profile.
pub fn open(
    file: &Path,
    rules: Option<&str>,
    lang: Lang,
) -> Result<(Loaded, Project, Profile), Error> {
    let (loaded, project) = input::open(Input::from_argument(file.to_path_buf()))?;
    if let Some(table) = &loaded.table {
        warn(&loaded.name.shown, &table.warnings, lang);
    }
    if let Some(encoding) = loaded.source.converted_from {
        let note = Note::Converted {
            file: loaded.source.name.clone(),
            encoding: encoding.to_string(),
        };
        eprintln!("{}", note.text(lang));
    }
    let profile = Profile::select(rules, &project, &loaded.source)?;
    Ok((loaded, project, profile))
}

/// Import's warnings on standard error, headed as `check` heads them (警告 / warning).
fn warn(name: &str, warnings: &[Note], lang: Lang) {
    let stderr = std::io::stderr();
    let color = anstream::AutoStream::choice(&stderr) != anstream::ColorChoice::Never;
    let mut out = anstream::AutoStream::auto(stderr);
    for warning in warnings {
        let message = format!("{name}: {}", warning.text(lang));
        let _ = out
            .write_all(perf_eval::diagnostic::human_file_warning(&message, lang, color).as_bytes());
    }
}

/// A file named on the command line whose extension says no format `extensions` lists;
/// `flag` when `--format` can say it instead.
fn format_unknown(path: &Path, extensions: &str, flag: bool) -> Error {
    let extensions = extensions.to_string();
    let problem = Problem::FormatUnknown { extensions, flag };
    Error::usage_at(source::display_path(path), problem)
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
    ambiguous: render::table::Ambiguous,
    lang: Lang,
) -> Result<ExitCode, Error> {
    let format = match (format, output) {
        (Some(format), _) => format.into(),
        (None, Some(path)) => output::Format::from_path(path)
            .ok_or_else(|| format_unknown(path, ".xlsx、.md、.csv、.json、.txt", true))?,
        (None, None) => output::Format::Table,
    };
    let stdout_is_terminal = std::io::stdout().is_terminal();
    if format == output::Format::Xlsx && output.is_none() && stdout_is_terminal {
        return Err(Error::usage(Problem::XlsxToTerminal));
    }
    let (loaded, project, profile) = open(&scoring.file, scoring.rules.as_deref(), lang)?;
    let evaluation = evaluate(&project, &profile);
    let options = render::Options {
        format,
        lang,
        csv_header,
        wrap: output.is_none() && stdout_is_terminal,
        ambiguous,
        explain,
    };
    let bytes = render::scored(&evaluation, loaded.places(), options)?;
    match output {
        Some(path) => {
            output::write_atomic(path, &[&scoring.file], |out| out.write_all(&bytes))?;
            eprintln!("{}", scored(path, &project, &profile).text(lang));
        }
        None => print(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// What `score --output` says once the file is written: its path, and the table's check status.
fn scored(path: &Path, project: &perf_eval::project::Project, profile: &Profile) -> Note {
    let (_, findings) = perf_eval::audit::check(project, profile);
    Note::Scored {
        file: source::display_path(path),
        errors: findings
            .iter()
            .filter(|f| f.severity == perf_eval::audit::Severity::Error)
            .count(),
    }
}

pub fn explain(scoring: &Scoring, indicator: Option<&str>, lang: Lang) -> Result<ExitCode, Error> {
    let (_, project, profile) = open(&scoring.file, scoring.rules.as_deref(), lang)?;
    let evaluation = evaluate(&project, &profile);
    let only = match indicator {
        None => None,
        Some(query) => Some(render::explain::find(&evaluation, query).ok_or_else(|| {
            Error::usage(Problem::NoSuchIndicator {
                query: query.to_string(),
                count: project.indicators.len(),
            })
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
            return Err(Error::usage(Problem::DiffRules));
        }
    };
    let (loaded, project, a) = open(file, first, lang)?;
    let b = Profile::select(Some(second), &project, &loaded.source)?;
    let (ea, eb) = (evaluate(&project, &a), evaluate(&project, &b));
    print(render::compare::render(&ea, &eb, lang.labels()).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn check(
    paths: Vec<PathBuf>,
    rules: Option<&str>,
    format: CheckFormat,
    options: Options,
    shown: Shown,
    output: Option<&Path>,
) -> Result<ExitCode, Error> {
    let lang = shown.lang;
    let rules = rules
        .map(|spec| Profile::resolve(spec, Path::new(".")))
        .transpose()?;
    let stdout = std::io::stdout();
    // `--color`, NO_COLOR, CLICOLOR_FORCE and whether standard output is a terminal, as anstream
    // weighs them; its stream passes the colour on, or translates it for an old Windows console.
    let choice = anstream::AutoStream::choice(&stdout);
    let color = choice != anstream::ColorChoice::Never;
    let format = match format {
        CheckFormat::Human => Format::Human { color },
        CheckFormat::Json => Format::Json,
        CheckFormat::Jsonl => Format::Jsonl,
        CheckFormat::Github => Format::Github,
        CheckFormat::Concise => Format::Concise,
        CheckFormat::Sarif => Format::Sarif,
        CheckFormat::Junit => Format::Junit,
    };
    let pack = output
        .map(|path| {
            let kind = pack::Kind::from_path(path)
                .ok_or_else(|| format_unknown(path, ".html、.xlsx", false))?;
            let request = pack::Request { kind, lang };
            Ok::<_, Error>((path, pack::Pack::new(request, shown.settings.clone())))
        })
        .transpose()?;
    // The pack is never written over a file named to be checked; refused before the run.
    let paths_named = paths.clone();
    let named: Vec<&Path> = paths_named.iter().map(PathBuf::as_path).collect();
    if let Some((path, _)) = &pack {
        output::refuse_overwrite(path, &named)?;
    }
    let inputs: Vec<Input> = paths.into_iter().map(Input::from_argument).collect();
    let options = Options { rules, ..options };
    // Without colour nothing is drawn to strip: the output goes straight out, unparsed (a JSON
    // report of many files runs to hundreds of megabytes).
    let mut out: Box<dyn Write> = if color {
        Box::new(anstream::AutoStream::new(stdout.lock(), choice))
    } else {
        Box::new(stdout.lock())
    };
    // A closed pipe (`| head`) cuts the report short; the status still tells the truth.
    let mut progress = Progress::new(
        Progress::wanted(
            std::io::stderr().is_terminal(),
            std::env::var_os("CI").is_some(),
        )
        .then_some(lang),
    );
    let (path, pack) = pack.unzip();
    let deny_warnings = shown.deny_warnings;
    let mut emitters = (emit::emitter(format, shown), pack);
    let summary = batch::run(inputs, &options, &mut emitters, &mut out, &mut progress)
        .map_err(stdout_error)?;
    if let (Some(path), (_, Some(pack))) = (path, emitters) {
        let bytes = pack.render()?;
        output::write_atomic(path, &named, |out| out.write_all(&bytes))?;
    }
    Ok(ExitCode::from(summary.exit_code(deny_warnings)))
}

pub fn init(
    file: Option<PathBuf>,
    rules: &str,
    name: &str,
    year: Option<i64>,
    lang: Lang,
) -> Result<ExitCode, Error> {
    let profile = Profile::resolve(rules, Path::new("."))?;
    let options = template::Options {
        profile: &profile,
        name,
        year: year.unwrap_or_else(template::last_year),
    };
    let path = template::init(file, &options)?;
    let note = Note::Wrote {
        file: source::display_path(&path),
    };
    eprintln!("{}", note.text(lang));
    Ok(ExitCode::SUCCESS)
}

pub fn rules(action: Option<RulesAction>, lang: Lang) -> Result<ExitCode, Error> {
    let text = match action {
        None => format!("{}\n{}\n", Profile::catalogue(), Note::RulesShow.text(lang)),
        Some(RulesAction::Show { name }) => Profile::builtin_text(&name)?.to_string(),
    };
    print(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(lang: Lang) -> Result<ExitCode, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(crate::args::command(lang))
        .render(&mut out)
        .map_err(stdout_error)?;
    // clap_mangen heads its sections in English; they are headed in the language asked for.
    let mut page = String::from_utf8_lossy(&out).into_owned();
    let english = help::layout(Lang::En).man_sections;
    for (from, to) in english.iter().zip(help::layout(lang).man_sections) {
        page = page.replace(&format!("\n.SH {from}\n"), &format!("\n.SH {to}\n"));
    }
    // Ragged right: troff breaks Chinese text only at its few spaces, and a justified line
    // spreads them wide.
    if let Some(end) = page.find("\n.SH ") {
        page.insert_str(end, "\n.ad l");
    }
    print(page.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(
    workbook: &Path,
    output: Option<&Path>,
    force: bool,
    options: perf_eval::import::Options,
) -> Result<ExitCode, Error> {
    let lang = options.lang;
    let tables = perf_eval::import::import(workbook, &options)?;
    let name = source::display_path(workbook);
    for table in &tables {
        warn(&name, &table.warnings, lang);
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
            return Err(Error::usage_at(
                name,
                Problem::ManyTables {
                    count: tables.len(),
                    sheets: sheets.join("、"),
                    folder: true,
                },
            ));
        }
    };
    // Never overwrite silently: existing files are replaced only with --force.
    let taken: Vec<String> = targets
        .iter()
        .filter(|(path, _)| path.exists())
        .map(|(path, _)| source::display_path(path))
        .collect();
    if !force && !taken.is_empty() {
        return Err(Error::usage_at(
            taken.join("、"),
            Problem::Exists { force: true },
        ));
    }
    for (path, table) in &targets {
        output::write_file(path, &[workbook], table.toml.as_bytes(), force)?;
        if output.is_some_and(Path::is_dir) {
            let file = format!(
                "{}（{}）",
                source::display_path(path),
                source::printable(&table.sheet)
            );
            eprintln!("{}", Note::Imported { file }.text(lang));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn report(
    file: &Path,
    rules: Option<&str>,
    output: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Error> {
    let word = match output {
        None => false,
        Some(path) => match output::Extension::of(path) {
            Some(output::Extension::Markdown) => false,
            Some(output::Extension::Docx) => true,
            _ => {
                return Err(format_unknown(path, ".md、.docx", false));
            }
        },
    };
    let (_, project, profile) = open(file, rules, lang)?;
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
        Some(path) => output::write_atomic(path, &[file], |out| out.write_all(&bytes))?,
        None => print(&bytes)?,
    }
    eprintln!(
        "{}",
        perf_eval::report::summary(&draft, &findings).text(lang)
    );
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

/// The codes and `--deny` of a check: the command line over the settings file `--config`
/// names, or else the one of the folder the check runs from (never one among the inputs). The
/// settings in force, when a file was read, are told on standard error and returned worded in
/// `lang`, for every report to show.
pub fn settings(
    config: Option<&Path>,
    select: Vec<String>,
    ignore: Vec<String>,
    deny_warnings: bool,
    lang: Lang,
) -> Result<(CodeFilter, bool, Option<String>), Error> {
    let here = std::env::current_dir().unwrap_or_default();
    let (file, check) = match config::locate(config, &here)? {
        Some((path, config)) => (Some(path), config.check),
        None => (None, config::Check::default()),
    };
    let check = check.with_command_line(select, ignore, deny_warnings);
    let in_force = file.map(|path| check.in_force(&source::display_path(&path)).text(lang));
    if let Some(line) = &in_force {
        eprintln!("{line}");
    }
    let (codes, deny_warnings) = check.codes()?;
    Ok((codes, deny_warnings, in_force))
}
