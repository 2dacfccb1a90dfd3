//! The command line: every subcommand, option and value clap parses, with their help.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use perf_eval::messages::help;
use perf_eval::source;

use perf_eval::output;
use perf_eval::render::Lang;

#[derive(Parser)]
#[command(name = "perf-eval", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[arg(long, global = true, value_enum, env = "PERF_EVAL_LANG", default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    #[arg(
        long,
        global = true,
        value_name = "MIB",
        env = "PERF_EVAL_MAX_INPUT_MIB",
        default_value_t = source::DEFAULT_MAX_INPUT >> 20
    )]
    pub max_input_mib: u64,
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}
#[derive(clap::Args)]
pub struct Scoring {
    pub file: PathBuf,
    #[arg(long, value_name = "NAME|PATH")]
    pub rules: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    Score {
        #[command(flatten)]
        scoring: Scoring,
        #[arg(long, value_enum)]
        format: Option<ScoreFormat>,
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        explain: bool,
        #[arg(long, value_enum)]
        csv_header: Option<LangArg>,
        #[arg(long, value_enum, env = "PERF_EVAL_AMBIGUOUS", default_value_t = AmbiguousArg::Narrow)]
        ambiguous: AmbiguousArg,
    },
    Explain {
        #[command(flatten)]
        scoring: Scoring,
        indicator: Option<String>,
    },
    Diff {
        file: PathBuf,
        #[arg(long, value_name = "NAME|PATH", required = true, num_args = 1)]
        rules: Vec<String>,
    },
    Init {
        file: Option<PathBuf>,
        #[arg(long, value_name = "NAME|PATH", default_value = "mof-2020")]
        rules: String,
        #[arg(long, default_value = "新建项目")]
        name: String,
        #[arg(long)]
        year: Option<i64>,
    },
    Rules {
        #[command(subcommand)]
        action: Option<RulesAction>,
    },
    Schema {
        #[arg(value_enum, default_value_t = SchemaKind::Project)]
        kind: SchemaKind,
    },
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    Man,
    Import {
        workbook: PathBuf,
        #[arg(long, short, value_name = "FILE|FOLDER")]
        output: Option<PathBuf>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long)]
        year: Option<i64>,
        #[arg(long, value_name = "NAME|PATH")]
        rules: Option<String>,
    },
    Report {
        file: PathBuf,
        #[arg(long, value_name = "NAME|PATH")]
        rules: Option<String>,
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Check {
        #[arg(value_name = "PATHS", default_value = ".")]
        paths: Vec<PathBuf>,
        #[arg(long, value_name = "NAME|PATH")]
        rules: Option<String>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_name = "CODE", value_delimiter = ',')]
        select: Vec<String>,
        #[arg(long, value_name = "CODE", value_delimiter = ',')]
        ignore: Vec<String>,
        #[arg(long, short)]
        quiet: bool,
        #[arg(long, value_enum, default_value_t = SummaryArg::Findings)]
        summary: SummaryArg,
        #[arg(long)]
        explain: bool,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    Serve {
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        #[arg(
            long,
            value_name = "TOKEN",
            env = "PERF_EVAL_TOKEN",
            hide_env_values = true
        )]
        token: Option<String>,
        #[arg(long, value_name = "PROFILE_FILE")]
        rules: Option<String>,
        #[arg(long, value_name = "N")]
        tables: Option<usize>,
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        timeout: u64,
    },
}

#[derive(Subcommand)]
pub enum RulesAction {
    Show { name: String },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Project,
    Rules,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    Table,
    Markdown,
    Csv,
    Json,
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
pub enum CheckFormat {
    Human,
    Json,
    Jsonl,
    Github,
    Concise,
    Sarif,
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl From<ColorChoice> for anstream::ColorChoice {
    fn from(choice: ColorChoice) -> anstream::ColorChoice {
        match choice {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryArg {
    Findings,
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AmbiguousArg {
    Narrow,
    Wide,
}

impl From<AmbiguousArg> for perf_eval::render::table::Ambiguous {
    fn from(width: AmbiguousArg) -> Self {
        match width {
            AmbiguousArg::Narrow => Self::Narrow,
            AmbiguousArg::Wide => Self::Wide,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
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

/// The command line in `lang`: every help text from the catalogue (`messages::help`), and
/// clap's own words (headings, defaults, possible values) in the same language.
pub fn command(lang: Lang) -> clap::Command {
    let command = Cli::command()
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version),
        )
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .global(true)
                .action(clap::ArgAction::Help),
        );
    localize(command, "", lang)
}

fn localize(command: clap::Command, path: &str, lang: Lang) -> clap::Command {
    let layout = help::layout(lang);
    let id = if path.is_empty() { "perf-eval" } else { path };
    let text = |suffix: &str| help::help(&format!("{id}{suffix}"), lang).unwrap_or_default();
    let mut command = command
        .about(text(""))
        .long_about(help::help(&format!("{id}@long"), lang))
        .after_help(text("@examples"))
        .disable_help_flag(true)
        .subcommand_help_heading(layout.commands)
        .help_template(format!(
            "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            layout.usage
        ));
    let ids: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for arg in ids {
        command = command.mut_arg(&arg, |arg| describe(arg, path, lang));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        command = command.mut_subcommand(&name, |sub| localize(sub, &sub_path, lang));
    }
    command
}

/// An argument's help in `lang`, with its default, environment variable and values written
/// into the text in the same language rather than in clap's English brackets.
fn describe(arg: clap::Arg, path: &str, lang: Lang) -> clap::Arg {
    let layout = help::layout(lang);
    let name = arg
        .get_long()
        .map_or_else(|| arg.get_id().to_string(), str::to_string);
    let own = |suffix: &str| {
        help::help(&format!("{path}.{name}{suffix}"), lang)
            .or_else(|| help::help(&format!(".{name}{suffix}"), lang))
    };
    let mut short = own("").unwrap_or_default().to_string();
    let mut notes = Vec::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(format!("{}{}", layout.default, defaults.join(layout.list)));
    }
    if let Some(env) = arg.get_env()
        && !arg.is_hide_env_set()
    {
        notes.push(format!("{}{}", layout.env, env.to_string_lossy()));
    }
    let values = arg.get_possible_values();
    let mut long = short.clone();
    if !values.is_empty() && arg.get_action().takes_values() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        notes.push(format!("{}{}", layout.values, names.join(layout.list)));
        let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
        for value in &values {
            let said = own(&format!("={}", value.get_name())).unwrap_or_default();
            long.push_str(&format!("\n  {:width$}  {said}", value.get_name()));
        }
    }
    if !notes.is_empty() {
        let notes = format!(" [{}]", notes.join(layout.separator));
        short.push_str(&notes);
        long.push_str(&format!("\n{}", notes.trim_start()));
    }
    let heading = if arg.is_positional() {
        layout.arguments
    } else {
        layout.options
    };
    let arg = arg.help(short).long_help(long).help_heading(heading);
    if arg.get_action().takes_values() {
        arg.hide_default_value(true)
            .hide_env(true)
            .hide_possible_values(true)
    } else {
        arg
    }
}

/// Prints a command line clap cannot parse, told in `lang` (help and the version are printed
/// as asked), and returns the exit status: 0 for help and the version, 2 for an error, as for
/// any unusable input.
pub fn report_usage_error(error: &clap::Error, lang: Lang) -> u8 {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use help::UsageError;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            return 2;
        }
        _ => {}
    }
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(value)) => value.clone(),
        Some(ContextValue::Strings(values)) => values.join(", "),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let command = context(ContextKind::InvalidSubcommand);
    let kind = match error.kind() {
        ErrorKind::UnknownArgument => UsageError::UnknownArgument(&arg),
        ErrorKind::InvalidSubcommand => UsageError::UnknownCommand(&command),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => {
            UsageError::MissingValue(&arg)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => UsageError::InvalidValue {
            value: &value,
            arg: &arg,
        },
        ErrorKind::MissingRequiredArgument => UsageError::Missing(&arg),
        ErrorKind::ArgumentConflict => UsageError::Conflict(&arg),
        ErrorKind::TooManyValues => UsageError::TooMany(&value),
        other => UsageError::Other(other.as_str().unwrap_or("invalid command line")),
    };
    let layout = help::layout(lang);
    let mut text = format!("{}{}\n", layout.error, help::usage_error(kind, lang));
    let valid = context(ContextKind::ValidValue);
    if !valid.is_empty() {
        let valid = valid.replace(", ", layout.list);
        text.push_str(&format!("  [{}{valid}]\n", layout.values));
    }
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|kind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(vec![value.clone()]),
        Some(ContextValue::Strings(values)) if !values.is_empty() => Some(values.clone()),
        _ => None,
    });
    if let Some(suggested) = suggested {
        let tip = help::did_you_mean(&suggested, lang);
        text.push_str(&format!("\n  {}{tip}\n", layout.tip));
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let line = usage.trim().trim_start_matches("Usage:").trim();
        text.push_str(&format!("\n{}{line}\n", layout.usage));
    }
    text.push_str(&format!("\n{}\n", layout.more));
    eprint!("{text}");
    2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every help id the command line asks for, and whether the catalogue answers it.
    fn asked(command: &clap::Command, path: &str, ids: &mut Vec<(String, bool)>) {
        let id = if path.is_empty() { "perf-eval" } else { path };
        ids.push((id.to_string(), help::help(id, Lang::Zh).is_some()));
        for suffix in ["@long", "@examples"] {
            let id = format!("{id}{suffix}");
            if help::help(&id, Lang::Zh).is_some() {
                ids.push((id, true));
            }
        }
        for arg in command.get_arguments() {
            let name = arg
                .get_long()
                .map_or_else(|| arg.get_id().to_string(), str::to_string);
            let own = format!("{path}.{name}");
            let id = if help::help(&own, Lang::Zh).is_some() {
                own
            } else {
                format!(".{name}")
            };
            ids.push((id.clone(), help::help(&id, Lang::Zh).is_some()));
            // Shells are named by clap_complete, and need no words.
            if name != "shell" {
                for value in arg.get_possible_values() {
                    let id = format!("{id}={}", value.get_name());
                    ids.push((id.clone(), help::help(&id, Lang::Zh).is_some()));
                }
            }
        }
        for sub in command.get_subcommands() {
            let sub_path = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            asked(sub, &sub_path, ids);
        }
    }

    #[test]
    fn every_command_option_and_value_has_help_in_both_languages() {
        let mut ids = Vec::new();
        let mut built = command(Lang::Zh);
        built.build();
        asked(&built, "", &mut ids);
        let missing: Vec<&String> = ids.iter().filter(|(_, ok)| !ok).map(|(id, _)| id).collect();
        assert!(missing.is_empty(), "no help for {missing:?}");
        // And the catalogue holds nothing the command line does not ask for.
        let unused: Vec<&str> = help::HELP
            .iter()
            .map(|h| h.id)
            .filter(|id| !ids.iter().any(|(asked, _)| asked == id))
            .collect();
        assert!(unused.is_empty(), "help nobody asks for: {unused:?}");
        for entry in help::HELP {
            assert!(!entry.zh.is_empty() && !entry.en.is_empty(), "{}", entry.id);
        }
    }
}
