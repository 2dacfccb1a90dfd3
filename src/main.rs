//! The `perf-eval` command: parses arguments, runs the library, maps results to exit codes.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
