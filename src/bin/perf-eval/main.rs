//! The `perf-eval` command: parses arguments, dispatches to the command, maps results to exit
//! codes.

mod args;
mod commands;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use perf_eval::batch::{Format, Options};
use perf_eval::diagnostic;
use perf_eval::progress::Progress;
use perf_eval::schema;
use perf_eval::source;

use args::{Cli, Command, SchemaKind, SummaryArg};
use commands::{check, diff, explain, import, init, man, print, report, rules, score, settings};

// Checking thousands of files allocates many small strings; mimalloc measurably beats the
// system allocator there (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status when the input cannot be used.
const EXIT_UNUSABLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    source::set_max_input(cli.max_input_mib.saturating_mul(1 << 20));
    // anstream reads the choice, with NO_COLOR and CLICOLOR_FORCE, for each stream it colours.
    anstream::ColorChoice::from(cli.color).write_global();
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
        Command::Schema { kind } => print(
            schema::json(match kind {
                SchemaKind::Project => schema::Kind::Project,
                SchemaKind::Rules => schema::Kind::Rules,
            })
            .as_bytes(),
        )
        .map(|()| ExitCode::SUCCESS),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "perf-eval", &mut out);
            print(&out).map(|()| ExitCode::SUCCESS)
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
            output,
            lang,
            select,
            ignore,
            quiet,
            summary,
        } => settings(
            paths.first().map(PathBuf::as_path),
            select,
            ignore,
            deny.is_some(),
        )
        .and_then(|(codes, deny_warnings)| {
            // The profile and the format are resolved in `check`.
            let options = Options {
                rules: None,
                format: Format::Json,
                deny_warnings,
                lang: lang.into(),
                codes,
                quiet,
                summary_all: summary == SummaryArg::All,
                progress: Progress::wanted(
                    std::io::stderr().is_terminal(),
                    std::env::var_os("CI").is_some(),
                )
                .then_some(lang.into()),
            };
            check(
                paths,
                rules.as_deref(),
                format,
                options,
                output.as_deref(),
                lang.into(),
            )
        }),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let stderr = std::io::stderr();
            let color = anstream::AutoStream::choice(&stderr) != anstream::ColorChoice::Never;
            let report = diagnostic::human_error(&error, color);
            let _ = anstream::AutoStream::auto(stderr).write_all(report.as_bytes());
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}
