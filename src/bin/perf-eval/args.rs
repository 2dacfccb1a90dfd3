//! The command line: every subcommand, option and value clap parses, with their help.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use perf_eval::source;

use perf_eval::output;
use perf_eval::render::Lang;

#[derive(Parser)]
#[command(
    name = "perf-eval",
    version,
    about = "项目支出绩效自评表: score and audit performance self-evaluation tables",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The most MiB read from one input (file or standard input); larger inputs are refused.
    #[arg(
        long,
        global = true,
        value_name = "MIB",
        env = "PERF_EVAL_MAX_INPUT_MIB",
        default_value_t = source::DEFAULT_MAX_INPUT >> 20
    )]
    pub max_input_mib: u64,
}

/// Options every scoring command shares.
#[derive(clap::Args)]
pub struct Scoring {
    /// The project file (TOML), or a workbook (.xlsx, .xls), Word document (.docx) or text
    /// table (.txt) holding one 自评表; `-` reads standard input.
    pub file: PathBuf,
    /// Rule profile: a built-in name (mof-2020, yiyang-2022) or a path to a profile file.
    /// Overrides the file's own `rules`.
    #[arg(long, value_name = "NAME|PATH")]
    pub rules: Option<String>,
    /// Label and explanation language.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
}

#[derive(Subcommand)]
pub enum Command {
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
        /// The project file (TOML), or a workbook, Word document or text table; `-` reads
        /// standard input.
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
    ///
    /// Says on standard error how many 【待填写】 places remain and whether the table has check
    /// errors. Exit status: 0 drafted, 1 drafted but the table has check errors (the draft says
    /// so at its top), 2 unusable input.
    #[command(after_help = "Examples:
  perf-eval report fixtures/2022.toml                       # Markdown on standard output
  perf-eval report fixtures/2022.toml --output 自评报告.docx  # Word, with the table as a Word table
  perf-eval report fixtures/2022.toml --output 自评报告.md")]
    Report {
        /// The project file (TOML), or a workbook, Word document or text table; `-` reads
        /// standard input.
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
        after_help = "Examples:\n  perf-eval check fixtures/2022.toml\n  perf-eval check --rules mof-2020 tables/\n  perf-eval check --format github --deny warnings tables/\n  perf-eval check 自评表/ --output 审核报告.html\n  perf-eval check --format sarif tables/ > perf-eval.sarif\n  cat 2022.toml | perf-eval check -"
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
        /// Also write an audit pack (atomically): .html for a self-contained page of every
        /// table and its findings, .xlsx for a summary workbook.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Language of findings and of the audit pack (审核意见的语言).
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "PERF_EVAL_LANG")]
        lang: LangArg,
        /// Report only these finding codes (comma-separated or repeated).
        #[arg(long, value_name = "CODE", value_delimiter = ',')]
        select: Vec<String>,
        /// Do not report these finding codes (comma-separated or repeated).
        #[arg(long, value_name = "CODE", value_delimiter = ',')]
        ignore: Vec<String>,
        /// Print the findings only, without the summary.
        #[arg(long, short)]
        quiet: bool,
        /// Which files the summary table lists.
        #[arg(long, value_enum, default_value_t = SummaryArg::Findings)]
        summary: SummaryArg,
        /// With --format jsonl: also the derivation of every figure and each finding's help,
        /// in words.
        #[arg(long)]
        explain: bool,
    },
}

#[derive(Subcommand)]
pub enum RulesAction {
    /// Print a built-in profile's full text.
    Show {
        /// A built-in profile name.
        name: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// the project file
    Project,
    /// rule profiles
    Rules,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
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
pub enum CheckFormat {
    /// rustc-style reports with the source line underlined
    Human,
    /// one JSON document (see docs/json.md)
    Json,
    /// JSON Lines: one compact line per table, then the counts (see docs/json.md)
    Jsonl,
    /// GitHub Actions workflow annotations
    Github,
    /// one line per finding: path:line:col: code message
    Concise,
    /// SARIF 2.1.0 (GitHub code scanning, GitLab)
    Sarif,
    /// JUnit XML (Jenkins, GitLab)
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryArg {
    /// only files with findings or that could not be used
    Findings,
    /// every file checked
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// warnings fail the run too (exit 1)
    Warnings,
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
