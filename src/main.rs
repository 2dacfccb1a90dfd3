//! The `perf-eval` command: parses arguments, runs the library, maps results to exit codes.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use perf_eval::batch::{self, Format, Input, Options};
use perf_eval::engine::evaluate;
use perf_eval::error::Error;
use perf_eval::profile::Profile;
use perf_eval::project;
use perf_eval::render::{self, Lang};
use perf_eval::source::Source;

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

#[derive(Subcommand)]
enum Command {
    /// Score a project file and print the 项目支出绩效自评表.
    #[command(
        after_help = "Example:\n  perf-eval score fixtures/2022.toml\n  perf-eval score fixtures/2022.toml --rules mof-2020"
    )]
    Score {
        /// The project file (TOML).
        file: PathBuf,
        /// Rule profile: a built-in name (mof-2020, yiyang-2022) or a path to a profile file.
        /// Overrides the file's own `rules`.
        #[arg(long, value_name = "NAME|PATH")]
        rules: Option<String>,
        /// Label language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Re-check every declared figure of tables; report each mismatch with its place and code.
    ///
    /// Exit status: 0 no errors (warnings allowed unless --deny warnings), 1 findings,
    /// 2 unusable input. Codes are listed in docs/checks.md.
    #[command(
        after_help = "Examples:\n  perf-eval check fixtures/2022.toml\n  perf-eval check --rules mof-2020 tables/\n  perf-eval check --format github --deny warnings tables/\n  cat 2022.toml | perf-eval check -"
    )]
    Check {
        /// Files and folders (folders are searched for *.toml); `-` reads standard input.
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

#[derive(Clone, Copy, ValueEnum)]
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
        Command::Score { file, rules, lang } => score(&file, rules.as_deref(), lang.into()),
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

fn score(file: &Path, rules: Option<&str>, lang: Lang) -> Result<ExitCode, Error> {
    let source = Source::read(file)?;
    let project = project::load(&source)?;
    let profile = Profile::select(rules, &project, &source)?;
    let evaluation = evaluate(&project, &profile);
    let stdout = std::io::stdout();
    let wrap = stdout.is_terminal();
    let text = render::table::render(&evaluation, lang.labels(), wrap);
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout.lock().write_all(text.as_bytes());
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
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Read {
                    path: "<stdin>".to_string(),
                    source,
                })?;
            inputs.push(Input::Stdin(bytes));
        } else {
            inputs.push(Input::Path(path));
        }
    }
    let options = Options {
        rules,
        format,
        deny_warnings,
    };
    let checked = batch::check_all(inputs, &options);
    // A closed pipe (`| head`) cuts the report short; the status still tells the truth.
    let _ = batch::write(&checked, &options, &mut stdout.lock());
    Ok(ExitCode::from(checked.summary.exit_code(deny_warnings)))
}
