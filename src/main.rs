//! The `perf-eval` command: parses arguments, runs the library, maps results to exit codes.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use perf_eval::batch::{self, Format, Input, Options};
use perf_eval::engine::evaluate;
use perf_eval::error::Error;
use perf_eval::output;
use perf_eval::profile::Profile;
use perf_eval::project::{self, Project};
use perf_eval::render::{self, Lang};
use perf_eval::schema;
use perf_eval::source::Source;
use perf_eval::template;

// Checking thousands of files allocates many small strings; mimalloc measurably beats the
// system allocator there (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status when the input cannot be used.
const EXIT_UNUSABLE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "perf-eval",
    version,
    about = "项目支出绩效自评表: score and audit performance self-evaluation tables",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every scoring command shares.
#[derive(clap::Args)]
struct Scoring {
    /// The project file (TOML), or a workbook (.xlsx, .xls), Word document (.docx) or text
    /// table (.txt) holding one 自评表; `-` reads standard input.
    file: PathBuf,
    /// Rule profile: a built-in name (mof-2020, yiyang-2022) or a path to a profile file.
    /// Overrides the file's own `rules`.
    #[arg(long, value_name = "NAME|PATH")]
    rules: Option<String>,
    /// Label and explanation language.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
}

#[derive(Subcommand)]
enum Command {
    /// Score a project file and print or write the 项目支出绩效自评表.
    #[command(after_help = "Examples:
  perf-eval score fixtures/2022.toml
  perf-eval score fixtures/2022.toml --rules mof-2020 --explain
  perf-eval score fixtures/2022.toml --output 自评表.xlsx
  perf-eval score fixtures/2022.toml --format markdown > table.md")]
    Score {
        #[command(flatten)]
        scoring: Scoring,
        /// Output format [default: from --output's extension, else table].
        #[arg(long, value_enum)]
        format: Option<ScoreFormat>,
        /// Write to this file (atomically) instead of standard output; .xlsx, .md, .csv,
        /// .json or .txt chooses the format.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Append how every figure was derived (table and Markdown).
        #[arg(long)]
        explain: bool,
        /// Language of the CSV header row: stable English names or the form's labels.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        csv_header: LangArg,
    },
    /// Show how each figure was derived: the rule that applied and the arithmetic.
    #[command(after_help = "Examples:
  perf-eval explain fixtures/2022.toml
  perf-eval explain fixtures/2022.toml 城市运行综合管理平台对接平台数量 --rules mof-2020
  perf-eval explain fixtures/2022.toml 3 --lang en")]
    Explain {
        #[command(flatten)]
        scoring: Scoring,
        /// One indicator: its number in the table (1 = first) or (part of) its name.
        indicator: Option<String>,
    },
    /// Score one table under two profiles, side by side, with the differences marked.
    #[command(after_help = "Examples:
  perf-eval diff fixtures/2022.toml --rules yiyang-2022 --rules mof-2020
  perf-eval diff fixtures/2022.toml --rules mof-2020   # the file's own profile against mof-2020")]
    Diff {
        /// The project file (TOML); `-` reads standard input.
        file: PathBuf,
        /// The profiles to compare; with one, the file's own profile is the first.
        #[arg(long, value_name = "NAME|PATH", required = true, num_args = 1)]
        rules: Vec<String>,
        /// Label language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Write a commented project file for a new table, following a profile's structure.
    #[command(after_help = "Examples:
  perf-eval init                                   # 2025.toml under mof-2020
  perf-eval init 2025.toml --rules yiyang-2022 --name 智慧城市提升工程 --year 2025")]
    Init {
        /// The file to write [default: YEAR.toml]; an existing file is never overwritten.
        file: Option<PathBuf>,
        /// The rule profile whose structure to follow.
        #[arg(long, value_name = "NAME|PATH", default_value = "mof-2020")]
        rules: String,
        /// 项目名称.
        #[arg(long, default_value = "新建项目")]
        name: String,
        /// The year evaluated [default: last year].
        #[arg(long)]
        year: Option<i64>,
    },
    /// List the built-in rule profiles, or print one to copy and adapt.
    #[command(after_help = "Examples:
  perf-eval rules
  perf-eval rules show mof-2020 > my-province.toml")]
    Rules {
        #[command(subcommand)]
        action: Option<RulesAction>,
    },
    /// Print the JSON Schema of project files or rule profiles (for editors).
    #[command(after_help = "Examples:
  perf-eval schema project > perf-eval.schema.json
  perf-eval schema rules")]
    Schema {
        #[arg(value_enum, default_value_t = SchemaKind::Project)]
        kind: SchemaKind,
    },
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  perf-eval completions bash > ~/.local/share/bash-completion/completions/perf-eval
  perf-eval completions zsh > ~/.zfunc/_perf-eval
  perf-eval completions fish > ~/.config/fish/completions/perf-eval.fish
  perf-eval completions powershell >> $PROFILE")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  perf-eval man > perf-eval.1 && man ./perf-eval.1")]
    Man,
    /// Read a 项目支出绩效自评表 (an .xlsx/.xls workbook, a .docx document, or a table pasted
    /// as text) and write the project file.
    #[command(after_help = "Examples:
  perf-eval import 自评表.xlsx -o 2022.toml
  perf-eval import 自评报告.docx                         # the 自评表 inside the report
  perf-eval import 自评表.xlsx --sheet 项目二 | perf-eval check -
  perf-eval import all-projects.xlsx -o tables/        # one file per sheet")]
    Import {
        /// The workbook, Word document or text file.
        workbook: PathBuf,
        /// Write here instead of standard output; a folder takes one file per table.
        #[arg(long, short, value_name = "FILE|FOLDER")]
        output: Option<PathBuf>,
        /// Replace files that exist already.
        #[arg(long)]
        force: bool,
        /// Only this sheet.
        #[arg(long)]
        sheet: Option<String>,
        /// The year, when the title does not say it (…年度…).
        #[arg(long)]
        year: Option<i64>,
        /// A rule profile to name in the project file.
        #[arg(long, value_name = "NAME|PATH")]
        rules: Option<String>,
    },
    /// Draft the 绩效自评报告 from the table, every figure in its prose taken from the table.
    #[command(after_help = "Examples:
  perf-eval report fixtures/2022.toml                       # Markdown on standard output
  perf-eval report fixtures/2022.toml --output 自评报告.docx  # Word, with the table as a Word table
  perf-eval report fixtures/2022.toml --output 自评报告.md")]
    Report {
        /// The project file (TOML); `-` reads standard input.
        file: PathBuf,
        /// Rule profile (overrides the file's `rules`).
        #[arg(long, value_name = "NAME|PATH")]
        rules: Option<String>,
        /// Write here (atomically): .md for Markdown, .docx for Word.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Re-check every declared figure of tables; report each mismatch with its place and code.
    ///
    /// Exit status: 0 no errors (warnings allowed unless --deny warnings), 1 findings,
    /// 2 unusable input. Codes are listed in docs/checks.md.
    #[command(
        after_help = "Examples:\n  perf-eval check fixtures/2022.toml\n  perf-eval check --rules mof-2020 tables/\n  perf-eval check --format github --deny warnings tables/\n  cat 2022.toml | perf-eval check -"
    )]
    Check {
        /// Files and folders (folders are searched for .toml, .xlsx, .xls and .docx files);
        /// `-` reads standard input.
        #[arg(value_name = "PATHS", default_value = ".")]
        paths: Vec<PathBuf>,
        /// Audit under this profile instead of each file's own `rules`.
        #[arg(long, value_name = "NAME|PATH")]
        rules: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Make warnings fail the run.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
}

#[derive(Subcommand)]
enum RulesAction {
    /// Print a built-in profile's full text.
    Show {
        /// A built-in profile name.
        name: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaKind {
    /// the project file
    Project,
    /// rule profiles
    Rules,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScoreFormat {
    /// the table for a terminal
    Table,
    /// GitHub-flavoured Markdown
    Markdown,
    /// one row per indicator, UTF-8 with BOM
    Csv,
    /// the whole computed document (see docs/json.md)
    Json,
    /// Excel workbook in the official layout (needs --output or a redirect)
    Xlsx,
}

impl From<ScoreFormat> for output::Format {
    fn from(format: ScoreFormat) -> output::Format {
        match format {
            ScoreFormat::Table => output::Format::Table,
            ScoreFormat::Markdown => output::Format::Markdown,
            ScoreFormat::Csv => output::Format::Csv,
            ScoreFormat::Json => output::Format::Json,
            ScoreFormat::Xlsx => output::Format::Xlsx,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// rustc-style reports with the source line underlined
    Human,
    /// one JSON document (see docs/json.md)
    Json,
    /// GitHub Actions workflow annotations
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// warnings fail the run too (exit 1)
    Warnings,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score {
            scoring,
            format,
            output,
            explain,
            csv_header,
        } => score(
            &scoring,
            format,
            output.as_deref(),
            explain,
            csv_header.into(),
        ),
        Command::Explain { scoring, indicator } => explain(&scoring, indicator.as_deref()),
        Command::Diff { file, rules, lang } => diff(&file, &rules, lang.into()),
        Command::Init {
            file,
            rules,
            name,
            year,
        } => init(file, &rules, &name, year),
        Command::Rules { action } => rules(action),
        Command::Schema { kind } => {
            print(
                schema::json(match kind {
                    SchemaKind::Project => schema::Kind::Project,
                    SchemaKind::Rules => schema::Kind::Rules,
                })
                .as_bytes(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "perf-eval", &mut out);
            print(&out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => man(),
        Command::Report {
            file,
            rules,
            output,
        } => report(&file, rules.as_deref(), output.as_deref()),
        Command::Import {
            workbook,
            output,
            force,
            sheet,
            year,
            rules,
        } => import(
            &workbook,
            output.as_deref(),
            force,
            perf_eval::import::Options {
                sheet: sheet.as_deref(),
                year,
                rules: rules.as_deref(),
            },
        ),
        Command::Check {
            paths,
            rules,
            format,
            deny,
            color,
        } => check(paths, rules.as_deref(), format, deny.is_some(), color),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// Reads, loads and picks the profile of a project file.
fn open(file: &Path, rules: Option<&str>) -> Result<(Source, Project, Profile), Error> {
    let source = if file.as_os_str() == "-" {
        let bytes = read_stdin()?;
        if perf_eval::import::starts_as_package(&bytes) {
            imported("<stdin>", bytes)?
        } else {
            Source::from_bytes("<stdin>".to_string(), bytes)?
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
    imported(&file.display().to_string(), perf_eval::import::read(file)?)
}

fn warn(name: &str, warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {name}: {warning}");
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth reporting.
fn print(bytes: &[u8]) {
    let _ = std::io::stdout().lock().write_all(bytes);
}

fn score(
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
                path.display()
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
        explain,
    };
    let bytes = render::report(&evaluation, &source, options)?;
    match output {
        Some(path) => output::write_atomic(path, &scoring.file, |out| out.write_all(&bytes))?,
        None => print(&bytes),
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(scoring: &Scoring, indicator: Option<&str>) -> Result<ExitCode, Error> {
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
    print(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn diff(file: &Path, rules: &[String], lang: Lang) -> Result<ExitCode, Error> {
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
    print(render::compare::render(&ea, &eb, lang.labels()).as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn check(
    paths: Vec<PathBuf>,
    rules: Option<&str>,
    format: CheckFormat,
    deny_warnings: bool,
    color: ColorChoice,
) -> Result<ExitCode, Error> {
    let rules = rules
        .map(|spec| Profile::resolve(spec, Path::new(".")))
        .transpose()?;
    let stdout = std::io::stdout();
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let format = match format {
        CheckFormat::Human => Format::Human { color },
        CheckFormat::Json => Format::Json,
        CheckFormat::Github => Format::Github,
    };
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin(read_stdin()?));
        } else {
            inputs.push(Input::Path(path));
        }
    }
    let options = Options {
        rules,
        format,
        deny_warnings,
    };
    // A closed pipe (`| head`) cuts the report short; the status still tells the truth.
    let summary = batch::run(inputs, &options, &mut stdout.lock());
    Ok(ExitCode::from(summary.exit_code(deny_warnings)))
}

fn init(
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
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn rules(action: Option<RulesAction>) -> Result<ExitCode, Error> {
    let text = match action {
        None => format!(
            "{}\nperf-eval rules show NAME prints a profile to copy and adapt.\n",
            Profile::catalogue()
        ),
        Some(RulesAction::Show { name }) => Profile::builtin_text(&name)?.to_string(),
    };
    print(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn man() -> Result<ExitCode, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|source| Error::Write {
            path: "<stdout>".to_string(),
            source,
        })?;
    print(&out);
    Ok(ExitCode::SUCCESS)
}

fn import(
    workbook: &Path,
    output: Option<&Path>,
    force: bool,
    options: perf_eval::import::Options,
) -> Result<ExitCode, Error> {
    let tables = perf_eval::import::import(workbook, &options)?;
    for table in &tables {
        warn(&workbook.display().to_string(), &table.warnings);
    }
    let targets: Vec<(PathBuf, &perf_eval::import::Imported)> = match (output, tables.as_slice()) {
        (Some(folder), _) if folder.is_dir() => perf_eval::import::file_names(&tables)
            .iter()
            .map(|name| folder.join(name))
            .zip(&tables)
            .collect(),
        (Some(path), [table]) => vec![(path.to_path_buf(), table)],
        (None, [table]) => {
            print(table.toml.as_bytes());
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
        .map(|(path, _)| path.display().to_string())
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
            eprintln!("wrote {} ({})", path.display(), table.sheet.escape_debug());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn report(file: &Path, rules: Option<&str>, output: Option<&Path>) -> Result<ExitCode, Error> {
    let word = match output {
        None => false,
        Some(path) => match output::Format::from_path(path) {
            Some(output::Format::Markdown) => false,
            _ if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("docx")) =>
            {
                true
            }
            _ => {
                return Err(Error::Usage(format!(
                    "cannot tell the format of {} from its extension; use .md or .docx",
                    path.display()
                )));
            }
        },
    };
    let (_, project, profile) = open(file, rules)?;
    let (evaluation, findings) = perf_eval::audit::check(&project, &profile);
    let attachment = render::draft::attachment(&evaluation, Lang::Zh.labels());
    let draft = perf_eval::report::draft(&evaluation, &findings, attachment);
    let bytes = if word {
        render::draft::docx(&draft).map_err(|source| Error::Write {
            path: output.map_or("<docx>".to_string(), |p| p.display().to_string()),
            source,
        })?
    } else {
        render::draft::markdown(&draft).into_bytes()
    };
    match output {
        Some(path) => output::write_atomic(path, file, |out| out.write_all(&bytes))?,
        None => print(&bytes),
    }
    Ok(ExitCode::SUCCESS)
}

fn read_stdin() -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: "<stdin>".to_string(),
            source,
        })?;
    Ok(bytes)
}
