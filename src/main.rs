//! The `perf-eval` command: parses arguments, dispatches to the command, maps results to exit
//! codes.

mod args;
mod commands;
mod panics;
mod progress;
mod serve;
mod signals;

use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;

use perf_eval::batch::Options;
use perf_eval::diagnostic;
use perf_eval::emit::Shown;
use perf_eval::render::Lang;
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
    signals::remove_pending_on_interrupt();
    panics::silence_shielded();
    let lang = requested_lang();
    let cli = match args::command(lang)
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => return ExitCode::from(args::report_usage_error(&error, lang)),
    };
    let lang: Lang = cli.lang.into();
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
            ambiguous,
        } => score(
            &scoring,
            format,
            output.as_deref(),
            explain,
            csv_header.map_or(lang, Lang::from),
            ambiguous.into(),
            lang,
        ),
        Command::Explain { scoring, indicator } => explain(&scoring, indicator.as_deref(), lang),
        Command::Diff { file, rules } => diff(&file, &rules, lang),
        Command::Init {
            file,
            rules,
            name,
            year,
        } => init(file, &rules, &name, year, lang),
        Command::Rules { action } => rules(action, lang),
        Command::Schema { kind } => print(
            schema::json(match kind {
                SchemaKind::Project => schema::Kind::Project,
                SchemaKind::Rules => schema::Kind::Rules,
            })
            .as_bytes(),
        )
        .map(|()| ExitCode::SUCCESS),
        Command::Completions { shell } => {
            let mut command = args::command(lang);
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "perf-eval", &mut out);
            print(&out).map(|()| ExitCode::SUCCESS)
        }
        Command::Man => man(lang),
        Command::Report {
            file,
            rules,
            output,
        } => report(&file, rules.as_deref(), output.as_deref(), lang),
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
                lang,
            },
        ),
        Command::Check {
            paths,
            rules,
            format,
            deny,
            output,
            select,
            ignore,
            quiet,
            summary,
            explain,
            config,
        } => settings(config.as_deref(), select, ignore, deny.is_some(), lang).and_then(
            |(codes, deny_warnings, settings)| {
                // The profile and the format are resolved in `check`.
                let options = Options {
                    rules: None,
                    codes,
                    lang,
                };
                let shown = Shown {
                    lang,
                    settings,
                    deny_warnings,
                    quiet,
                    summary_all: summary == SummaryArg::All,
                    explain,
                };
                check(
                    paths,
                    rules.as_deref(),
                    format,
                    options,
                    shown,
                    output.as_deref(),
                )
            },
        ),
        Command::Serve {
            listen,
            token,
            rules,
            tables,
            timeout,
        } => rules
            .map(|spec| perf_eval::profile::Profile::resolve(&spec, std::path::Path::new(".")))
            .transpose()
            .and_then(|profile| {
                serve::run(serve::Config {
                    listen,
                    token: token.filter(|token| !token.is_empty()),
                    profile,
                    lang,
                    tables: tables.unwrap_or_else(|| {
                        std::thread::available_parallelism().map_or(2, usize::from)
                    }),
                    timeout: std::time::Duration::from_secs(timeout),
                    max_body: source::max_input(),
                })
            }),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let stderr = std::io::stderr();
            let color = anstream::AutoStream::choice(&stderr) != anstream::ColorChoice::Never;
            let report = diagnostic::human_error(&error, lang, color);
            let _ = anstream::AutoStream::auto(stderr).write_all(report.as_bytes());
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// The language asked for, before the command line is parsed (its help and errors are
/// worded in it): `--lang en` or `--lang=en` anywhere, else `PERF_EVAL_LANG`, else Chinese.
fn requested_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let given = args
        .iter()
        .position(|arg| arg == "--lang")
        .and_then(|at| args.get(at + 1).cloned())
        .or_else(|| {
            args.iter()
                .find_map(|arg| arg.strip_prefix("--lang=").map(str::to_string))
        })
        .or_else(|| std::env::var("PERF_EVAL_LANG").ok());
    match given.as_deref().map(str::trim) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}
