//! The command line's help, in both languages: every command, option and value has one entry
//! with its Chinese and its English text, so that neither can be added without the other. The
//! binary fills clap's help from here (`perf-eval score --help`, the man page).
//!
//! Entries are named by where they apply: `score` is the command's one-line description,
//! `score@long` the longer text of `--help`, `score@examples` the examples after it,
//! `score.format` an option, `score.format=table` one of its values. An option many commands
//! share names no command (`.lang`).

use crate::lang::Lang;

/// One help text, in both languages.
pub struct Help {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn h(id: &'static str, zh: &'static str, en: &'static str) -> Help {
    Help { id, zh, en }
}

/// The help text named `id`, in `lang`.
pub fn help(id: &str, lang: Lang) -> Option<&'static str> {
    HELP.iter().find(|h| h.id == id).map(|h| match lang {
        Lang::Zh => h.zh,
        Lang::En => h.en,
    })
}

/// The words clap's layout needs around the help texts.
pub struct Layout {
    /// Each word ends with its punctuation, but the headings, which clap ends with `:`.
    pub usage: &'static str,
    pub arguments: &'static str,
    pub options: &'static str,
    pub commands: &'static str,
    pub default: &'static str,
    pub values: &'static str,
    pub env: &'static str,
    /// Between the notes after an option's help, and between values.
    pub separator: &'static str,
    pub list: &'static str,
    pub more: &'static str,
    pub error: &'static str,
    pub tip: &'static str,
    /// The heads of a finding's report by severity (error, warning, info), and of its help line.
    pub severities: [&'static str; 3],
    pub help: &'static str,
    /// The man page's section headings (NAME, SYNOPSIS, DESCRIPTION, EXTRA, VERSION).
    pub man_sections: [&'static str; 5],
}

pub fn layout(lang: Lang) -> &'static Layout {
    match lang {
        Lang::Zh => &Layout {
            usage: "用法：",
            arguments: "参数",
            options: "选项",
            commands: "命令",
            default: "默认：",
            values: "可选值：",
            env: "环境变量：",
            separator: "；",
            list: "、",
            more: "更多说明请运行 '--help'。",
            error: "错误：",
            tip: "提示：",
            severities: ["错误", "警告", "提示"],
            help: "说明",
            man_sections: ["名称", "概要", "描述", "示例", "版本"],
        },
        Lang::En => &Layout {
            usage: "Usage: ",
            arguments: "Arguments",
            options: "Options",
            commands: "Commands",
            default: "default: ",
            values: "possible values: ",
            env: "env: ",
            separator: "; ",
            list: ", ",
            more: "For more information, try '--help'.",
            error: "error: ",
            tip: "tip: ",
            severities: ["error", "warning", "info"],
            help: "help",
            man_sections: ["NAME", "SYNOPSIS", "DESCRIPTION", "EXTRA", "VERSION"],
        },
    }
}

/// What clap says when a command line cannot be parsed, in `lang`; `None` leaves clap's own
/// words (for kinds that print help or the version rather than an error).
pub fn usage_error(kind: UsageError<'_>, lang: Lang) -> String {
    use UsageError::*;
    match (kind, lang) {
        (UnknownArgument(arg), Lang::Zh) => format!("无法识别的参数 '{arg}'"),
        (UnknownArgument(arg), Lang::En) => format!("unexpected argument '{arg}' found"),
        (UnknownCommand(name), Lang::Zh) => format!("无法识别的命令 '{name}'"),
        (UnknownCommand(name), Lang::En) => format!("unrecognized subcommand '{name}'"),
        (InvalidValue { value, arg }, Lang::Zh) => format!("'{value}' 不是 {arg} 的有效值"),
        (InvalidValue { value, arg }, Lang::En) => {
            format!("invalid value '{value}' for '{arg}'")
        }
        (MissingValue(arg), Lang::Zh) => format!("{arg} 需要一个值，但没有给出"),
        (MissingValue(arg), Lang::En) => {
            format!("a value is required for '{arg}' but none was supplied")
        }
        (Missing(args), Lang::Zh) => format!("缺少必需的参数：{args}"),
        (Missing(args), Lang::En) => {
            format!("the following required arguments were not provided: {args}")
        }
        (Conflict(arg), Lang::Zh) => format!("参数 '{arg}' 不能与其他参数同用"),
        (Conflict(arg), Lang::En) => {
            format!(
                "the argument '{arg}' cannot be used with one or more of the other specified arguments"
            )
        }
        (Repeated(arg), Lang::Zh) => format!("参数 '{arg}' 不能给出多次"),
        (Repeated(arg), Lang::En) => format!("the argument '{arg}' cannot be used multiple times"),
        (TooMany(value), Lang::Zh) => format!("多余的值 '{value}'"),
        (TooMany(value), Lang::En) => format!("unexpected value '{value}'"),
        (Other(words), _) => format!("`{words}`"),
    }
}

/// What went wrong on the command line, with clap's context.
pub enum UsageError<'a> {
    UnknownArgument(&'a str),
    UnknownCommand(&'a str),
    InvalidValue { value: &'a str, arg: &'a str },
    MissingValue(&'a str),
    Missing(&'a str),
    Conflict(&'a str),
    Repeated(&'a str),
    TooMany(&'a str),
    Other(&'a str),
}

/// A suggestion after a usage error, in `lang`: clap's nearest names, nearest first.
pub fn did_you_mean(names: &[String], lang: Lang) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match lang {
        Lang::Zh => format!("是否应为 {}？", quoted.join(" 或 ")),
        Lang::En => format!("a similar one exists: {}", quoted.join(" or ")),
    }
}

/// Every help text.
pub const HELP: &[Help] = &[
    h(
        "perf-eval",
        "项目支出绩效自评表：计算得分，复核填报数",
        "项目支出绩效自评表: score and audit performance self-evaluation tables",
    ),
    h(
        "perf-eval@long",
        "项目支出绩效自评表：按评分规则精确计算每一项得分（perf-eval score），复核收到的自评表中每一个填报数（perf-eval check），导入 Excel 与 Word 自评表，起草绩效自评报告。\n\n评分规则依据《项目支出绩效评价管理办法》（财预〔2020〕10号）及各地的规则；perf-eval rules 列出内置规则。",
        "项目支出绩效自评表: compute every score of a table exactly under a rule profile (perf-eval score), re-check every declared figure of the tables received (perf-eval check), import Excel and Word tables, and draft the 绩效自评报告.\n\nThe central rules are those of 财预〔2020〕10号; perf-eval rules lists the built-in profiles.",
    ),
    h(
        ".help",
        "显示帮助（-h 简要，--help 详细）",
        "Print help (-h for a summary, --help for more)",
    ),
    h(".version", "显示版本号", "Print version"),
    h(
        ".lang",
        "输出语言：中文，或英文（审核意见、提示、帮助和表头）",
        "Output language: Chinese, or English (findings, messages, help and labels)",
    ),
    h(".lang=zh", "中文", "Chinese"),
    h(".lang=en", "英文", "English"),
    h(
        ".max-input-mib",
        "单个输入（文件或标准输入）最多读取的 MiB 数；更大的输入不予读取",
        "The most MiB read from one input (file or standard input); larger inputs are refused",
    ),
    h(
        ".color",
        "颜色：auto（终端上显示，设置了 NO_COLOR 时不显示）、always 或 never",
        "Colour: auto (on a terminal, unless NO_COLOR is set), always or never",
    ),
    h(".color=auto", "在终端上显示颜色", "colour on a terminal"),
    h(".color=always", "总是显示颜色", "always colour"),
    h(".color=never", "不显示颜色", "never colour"),
    h(
        ".file",
        "项目文件（TOML），或含一张自评表的工作簿（.xlsx、.xls）、Word 文档（.docx）、文字表格（.txt）；- 表示读标准输入",
        "The project file (TOML), or a workbook (.xlsx, .xls), Word document (.docx) or text table (.txt) holding one 自评表; `-` reads standard input",
    ),
    h(
        ".rules",
        "评分规则：内置规则名（mof-2020、yiyang-2022 等，perf-eval rules 列出）或规则文件的路径；优先于文件中的 rules",
        "Rule profile: a built-in name (mof-2020, yiyang-2022, …; see perf-eval rules) or a path to a profile file; overrides the file's own `rules`",
    ),
    // score
    h(
        "score",
        "计算项目支出绩效自评表的每一项得分，输出或写入文件",
        "Score a project file and print or write the 项目支出绩效自评表",
    ),
    h(
        "score@examples",
        "示例：\n  perf-eval score fixtures/2022.toml\n  perf-eval score fixtures/2022.toml --rules mof-2020 --explain\n  perf-eval score fixtures/2022.toml --output 自评表.xlsx\n  perf-eval score fixtures/2022.toml --format markdown > table.md",
        "Examples:\n  perf-eval score fixtures/2022.toml\n  perf-eval score fixtures/2022.toml --rules mof-2020 --explain\n  perf-eval score fixtures/2022.toml --output 自评表.xlsx\n  perf-eval score fixtures/2022.toml --format markdown > table.md",
    ),
    h(
        "score.format",
        "输出格式（默认按 --output 的扩展名，否则为 table）",
        "Output format [default: from --output's extension, else table]",
    ),
    h("score.format=table", "终端表格", "the table for a terminal"),
    h(
        "score.format=markdown",
        "Markdown 表格",
        "GitHub-flavoured Markdown",
    ),
    h(
        "score.format=csv",
        "每个指标一行，UTF-8（带 BOM，Excel 可直接打开）",
        "one row per indicator, UTF-8 with BOM",
    ),
    h(
        "score.format=json",
        "完整的计算结果（见 docs/json.md）",
        "the whole computed document (see docs/json.md)",
    ),
    h(
        "score.format=xlsx",
        "按官方版式的 Excel 工作簿（需 --output 或重定向）",
        "Excel workbook in the official layout (needs --output or a redirect)",
    ),
    h(
        "score.output",
        "写入此文件（原子写入）而不输出到屏幕；扩展名 .xlsx、.md、.csv、.json 或 .txt 决定格式",
        "Write to this file (atomically) instead of standard output; .xlsx, .md, .csv, .json or .txt chooses the format",
    ),
    h(
        "score.explain",
        "在表后列出每个数的计算过程（表格和 Markdown）",
        "Append how every figure was derived (table and Markdown)",
    ),
    h(
        "score.csv-header",
        "CSV 的表头和取值：表上的中文名称（zh），或供程序读取的稳定英文代码（en）；默认与 --lang 相同",
        "The CSV's header and values: the form's labels (zh), or stable English codes for programs (en); the same as --lang unless given",
    ),
    h("score.csv-header=zh", "表上的中文名称", "the form's labels"),
    h(
        "score.csv-header=en",
        "稳定的英文代码",
        "stable English codes",
    ),
    h(
        "score.ambiguous",
        "终端把 ≥ ≤ “ ” 等东亚宽度不定的字符显示为几列：narrow（一列，多数终端）或 wide（两列，中文 Windows 控制台）",
        "How wide the terminal draws East Asian ambiguous characters (≥ ≤ “ ”): narrow (one column, most terminals) or wide (two, Chinese Windows consoles)",
    ),
    h("score.ambiguous=narrow", "一列宽", "one column"),
    h("score.ambiguous=wide", "两列宽", "two columns"),
    // explain
    h(
        "explain",
        "说明每个数是怎样算出的：适用的规则和算式",
        "Show how each figure was derived: the rule that applied and the arithmetic",
    ),
    h(
        "explain@examples",
        "示例：\n  perf-eval explain fixtures/2022.toml\n  perf-eval explain fixtures/2022.toml 城市运行综合管理平台对接平台数量 --rules mof-2020\n  perf-eval explain fixtures/2022.toml 3 --lang en",
        "Examples:\n  perf-eval explain fixtures/2022.toml\n  perf-eval explain fixtures/2022.toml 城市运行综合管理平台对接平台数量 --rules mof-2020\n  perf-eval explain fixtures/2022.toml 3 --lang en",
    ),
    h(
        "explain.indicator",
        "只看一个指标：表中的序号（1 为第一个）或名称（的一部分）",
        "One indicator: its number in the table (1 = first) or (part of) its name",
    ),
    // diff
    h(
        "diff",
        "按两套评分规则计算同一张表，并列显示，标出不同之处",
        "Score one table under two profiles, side by side, with the differences marked",
    ),
    h(
        "diff@examples",
        "示例：\n  perf-eval diff fixtures/2022.toml --rules yiyang-2022 --rules mof-2020\n  perf-eval diff fixtures/2022.toml --rules mof-2020   # 文件自身的规则与 mof-2020 比较",
        "Examples:\n  perf-eval diff fixtures/2022.toml --rules yiyang-2022 --rules mof-2020\n  perf-eval diff fixtures/2022.toml --rules mof-2020   # the file's own profile against mof-2020",
    ),
    h(
        "diff.rules",
        "要比较的评分规则；只给一个时，与文件自身的规则比较",
        "The profiles to compare; with one, the file's own profile is the first",
    ),
    // init
    h(
        "init",
        "按评分规则的结构，写一个带注释的新项目文件",
        "Write a commented project file for a new table, following a profile's structure",
    ),
    h(
        "init@examples",
        "示例：\n  perf-eval init                                   # 按 mof-2020 写 2025.toml\n  perf-eval init 2025.toml --rules yiyang-2022 --name 智慧城市提升工程 --year 2025",
        "Examples:\n  perf-eval init                                   # 2025.toml under mof-2020\n  perf-eval init 2025.toml --rules yiyang-2022 --name 智慧城市提升工程 --year 2025",
    ),
    h(
        "init.file",
        "要写的文件（默认：年度.toml）；已有的文件不会被覆盖",
        "The file to write [default: YEAR.toml]; an existing file is never overwritten",
    ),
    h(
        "init.rules",
        "按哪套评分规则的结构",
        "The rule profile whose structure to follow",
    ),
    h("init.name", "项目名称", "项目名称 (the project's name)"),
    h(
        "init.year",
        "评价的年度（默认：上一年）",
        "The year evaluated [default: last year]",
    ),
    // rules
    h(
        "rules",
        "列出内置评分规则，或打印一套规则以便复制修改",
        "List the built-in rule profiles, or print one to copy and adapt",
    ),
    h(
        "rules@examples",
        "示例：\n  perf-eval rules\n  perf-eval rules show mof-2020 > 本省规则.toml",
        "Examples:\n  perf-eval rules\n  perf-eval rules show mof-2020 > my-province.toml",
    ),
    h(
        "rules show",
        "打印一套内置规则的全文",
        "Print a built-in profile's full text",
    ),
    h("rules show.name", "内置规则名", "A built-in profile name"),
    // schema
    h(
        "schema",
        "打印项目文件或评分规则的 JSON 结构定义（供编辑器补全和检查）",
        "Print the JSON Schema of project files or rule profiles (for editors)",
    ),
    h(
        "schema@examples",
        "示例：\n  perf-eval schema project > perf-eval.schema.json\n  perf-eval schema rules",
        "Examples:\n  perf-eval schema project > perf-eval.schema.json\n  perf-eval schema rules",
    ),
    h("schema.kind", "哪一种文件", "Which kind of file"),
    h("schema.kind=project", "项目文件", "the project file"),
    h("schema.kind=rules", "评分规则", "rule profiles"),
    // completions
    h(
        "completions",
        "打印 shell 的命令补全脚本",
        "Print a shell completion script",
    ),
    h(
        "completions@examples",
        "示例：\n  perf-eval completions bash > ~/.local/share/bash-completion/completions/perf-eval\n  perf-eval completions zsh > ~/.zfunc/_perf-eval\n  perf-eval completions fish > ~/.config/fish/completions/perf-eval.fish\n  perf-eval completions powershell >> $PROFILE",
        "Examples:\n  perf-eval completions bash > ~/.local/share/bash-completion/completions/perf-eval\n  perf-eval completions zsh > ~/.zfunc/_perf-eval\n  perf-eval completions fish > ~/.config/fish/completions/perf-eval.fish\n  perf-eval completions powershell >> $PROFILE",
    ),
    h("completions.shell", "哪一种 shell", "Which shell"),
    // man
    h(
        "man",
        "打印 man 手册页（roff 格式）",
        "Print the man page (roff)",
    ),
    h(
        "man@examples",
        "示例：\n  perf-eval man > perf-eval.1 && man ./perf-eval.1\n  perf-eval --lang en man > perf-eval.en.1",
        "Examples:\n  perf-eval man > perf-eval.1 && man ./perf-eval.1\n  perf-eval --lang en man > perf-eval.en.1",
    ),
    // import
    h(
        "import",
        "读取项目支出绩效自评表（.xlsx/.xls 工作簿、.docx 文档或粘贴的文字表格），写出项目文件",
        "Read a 项目支出绩效自评表 (an .xlsx/.xls workbook, a .docx document, or a table pasted as text) and write the project file",
    ),
    h(
        "import@examples",
        "示例：\n  perf-eval import 自评表.xlsx -o 2022.toml\n  perf-eval import 自评报告.docx                         # 报告中的自评表\n  perf-eval import 自评表.xlsx --sheet 项目二 | perf-eval check -\n  perf-eval import 全部项目.xlsx -o tables/             # 每张表一个文件",
        "Examples:\n  perf-eval import 自评表.xlsx -o 2022.toml\n  perf-eval import 自评报告.docx                         # the 自评表 inside the report\n  perf-eval import 自评表.xlsx --sheet 项目二 | perf-eval check -\n  perf-eval import all-projects.xlsx -o tables/        # one file per sheet",
    ),
    h(
        "import.workbook",
        "工作簿、Word 文档或文字文件",
        "The workbook, Word document or text file",
    ),
    h(
        "import.output",
        "写入此处而不输出到屏幕；给文件夹时每张表写一个文件",
        "Write here instead of standard output; a folder takes one file per table",
    ),
    h(
        "import.force",
        "覆盖已有的文件",
        "Replace files that exist already",
    ),
    h("import.sheet", "只读这个工作表", "Only this sheet"),
    h(
        "import.year",
        "标题中没有写明年度（…年度…）时的年度",
        "The year, when the title does not say it (…年度…)",
    ),
    h(
        "import.rules",
        "写入项目文件的评分规则",
        "A rule profile to name in the project file",
    ),
    // report
    h(
        "report",
        "根据自评表起草绩效自评报告，文中每个数都取自表中",
        "Draft the 绩效自评报告 from the table, every figure in its prose taken from the table",
    ),
    h(
        "report@long",
        "根据自评表起草绩效自评报告，文中每个数都取自表中。\n\n在标准错误上说明还有几处【待填写】，以及自评表复核是否有错误。退出状态：0 已起草；1 已起草，但自评表复核有错误（草稿开头写明）；2 输入无法使用。",
        "Draft the 绩效自评报告 from the table, every figure in its prose taken from the table.\n\nSays on standard error how many 【待填写】 places remain and whether the table has check errors. Exit status: 0 drafted, 1 drafted but the table has check errors (the draft says so at its top), 2 unusable input.",
    ),
    h(
        "report@examples",
        "示例：\n  perf-eval report fixtures/2022.toml                       # Markdown 输出到屏幕\n  perf-eval report fixtures/2022.toml --output 自评报告.docx  # Word 文档，附表为 Word 表格\n  perf-eval report fixtures/2022.toml --output 自评报告.md",
        "Examples:\n  perf-eval report fixtures/2022.toml                       # Markdown on standard output\n  perf-eval report fixtures/2022.toml --output 自评报告.docx  # Word, with the table as a Word table\n  perf-eval report fixtures/2022.toml --output 自评报告.md",
    ),
    h(
        "report.output",
        "写入此文件（原子写入）：.md 为 Markdown，.docx 为 Word",
        "Write here (atomically): .md for Markdown, .docx for Word",
    ),
    // check
    h(
        "check",
        "复核自评表中每一个填报数；逐处报告不一致之处、位置和代码",
        "Re-check every declared figure of tables; report each mismatch with its place and code",
    ),
    h(
        "check@long",
        "复核自评表中每一个填报数；逐处报告不一致之处、位置和代码。\n\n退出状态：0 无错误（允许警告，除非给出 `--deny warnings`）；1 有审核意见；2 输入无法使用。各代码见 docs/checks.md。",
        "Re-check every declared figure of tables; report each mismatch with its place and code.\n\nExit status: 0 no errors (warnings allowed unless --deny warnings), 1 findings, 2 unusable input. Codes are listed in docs/checks.md.",
    ),
    h(
        "check@examples",
        "示例：\n  perf-eval check fixtures/2022.toml\n  perf-eval check --rules mof-2020 tables/\n  perf-eval check --format github --deny warnings tables/\n  perf-eval check 自评表/ --output 审核报告.html\n  perf-eval check --format sarif tables/ > perf-eval.sarif\n  cat 2022.toml | perf-eval check -",
        "Examples:\n  perf-eval check fixtures/2022.toml\n  perf-eval check --rules mof-2020 tables/\n  perf-eval check --format github --deny warnings tables/\n  perf-eval check 自评表/ --output 审核报告.html\n  perf-eval check --format sarif tables/ > perf-eval.sarif\n  cat 2022.toml | perf-eval check -",
    ),
    h(
        "check.paths",
        "文件和文件夹（在文件夹中查找 .toml、.xlsx、.xls 和 .docx 文件）；- 表示读标准输入",
        "Files and folders (folders are searched for .toml, .xlsx, .xls and .docx files); `-` reads standard input",
    ),
    h(
        "check.rules",
        "按这套评分规则复核，而不按各文件自身的 rules",
        "Audit under this profile instead of each file's own `rules`",
    ),
    h("check.format", "输出格式", "Output format"),
    h(
        "check.format=human",
        "逐处显示源文件行并标出位置",
        "rustc-style reports with the source line underlined",
    ),
    h(
        "check.format=json",
        "一个 JSON 文档（见 docs/json.md）",
        "one JSON document (see docs/json.md)",
    ),
    h(
        "check.format=jsonl",
        "逐行 JSON：每张表一行紧凑的 JSON，最后一行是汇总（见 docs/json.md）",
        "JSON Lines: one compact line per table, then the counts (see docs/json.md)",
    ),
    h(
        "check.explain",
        "输出逐行 JSON 时（`--format jsonl`）另附每个数的计算过程和每条审核意见的说明（文字）",
        "With --format jsonl: also the derivation of every figure and each finding's help, in words",
    ),
    h(
        "check.format=github",
        "GitHub Actions 工作流注释",
        "GitHub Actions workflow annotations",
    ),
    h(
        "check.format=concise",
        "每处一行：路径:行:列: 代码 说明",
        "one line per finding: path:line:col: code message",
    ),
    h(
        "check.format=sarif",
        "SARIF 2.1.0（GitHub 代码扫描、GitLab）",
        "SARIF 2.1.0 (GitHub code scanning, GitLab)",
    ),
    h(
        "check.format=junit",
        "JUnit XML（Jenkins、GitLab）",
        "JUnit XML (Jenkins, GitLab)",
    ),
    h(
        "check.deny",
        "把警告也算作不通过",
        "Make warnings fail the run",
    ),
    h(
        "check.deny=warnings",
        "有警告时也以状态 1 退出",
        "warnings fail the run too (exit 1)",
    ),
    h(
        "check.output",
        "另写一份审核包（原子写入）：.html 为包含每张表及其审核意见的单个网页，.xlsx 为汇总工作簿",
        "Also write an audit pack (atomically): .html for a self-contained page of every table and its findings, .xlsx for a summary workbook",
    ),
    h(
        "check.config",
        "设置文件（默认为当前文件夹或其所在仓库根目录的 perf-eval.toml；从不读取被复核文件夹中的）",
        "Settings file (default: perf-eval.toml in the current folder or its repository root; never one among the inputs)",
    ),
    h(
        "check.select",
        "只报告这些审核代码（用逗号分隔，或重复给出）",
        "Report only these finding codes (comma-separated or repeated)",
    ),
    h(
        "check.ignore",
        "不报告这些审核代码（用逗号分隔，或重复给出）",
        "Do not report these finding codes (comma-separated or repeated)",
    ),
    h(
        "check.quiet",
        "只输出审核意见，不输出汇总",
        "Print the findings only, without the summary",
    ),
    h(
        "check.summary",
        "汇总表列出哪些文件",
        "Which files the summary table lists",
    ),
    h(
        "check.summary=findings",
        "有审核意见或无法使用的文件：最多列出错误、警告最多的 50 个，并说明另有多少个",
        "files with findings or that could not be used: at most the 50 with the most errors and warnings, and how many more there are",
    ),
    h(
        "check.summary=all",
        "列出复核的每个文件",
        "every file checked",
    ),
    // serve
    h(
        "serve",
        "启动复核网页：在浏览器中拖入自评表，查看复核结果",
        "Start the checking page: drop tables in a browser and see them checked",
    ),
    h(
        "serve@long",
        "启动复核网页：在浏览器中拖入自评表（.xlsx、.xls、.docx、.txt、.toml），按所选评分规则重新计算得分，与自评得分并列，列出每处审核发现所在的单元格；可下载自评表.xlsx、自评报告草稿、审核报告和汇总表。\n\n页面、脚本和样式都在程序内，不从外部加载任何内容，断网也能使用。文件只在内存中读取，复核后即丢弃；日志只记录文件个数和用时。默认只在本机（127.0.0.1）监听；供局域网使用时请用 --listen 指定地址，设置 --token，并由反向代理提供 HTTPS（见 docs/serve.md）。",
        "Start the checking page: drop tables (.xlsx, .xls, .docx, .txt, .toml) in a browser; every score is computed again under the chosen rules, shown beside the declared one, and every finding placed at its cell; 自评表.xlsx, the 自评报告 draft, the audit pack and 汇总表.xlsx can be downloaded.\n\nThe page, its script and its style are inside the program; nothing is loaded from elsewhere, and it works with no internet. Files are read in memory and dropped once checked; the log records only counts and timings. It listens on this machine only (127.0.0.1) by default; for an intranet, give an address with --listen, set --token, and leave HTTPS to a reverse proxy (docs/serve.md).",
    ),
    h(
        "serve@examples",
        "示例：\n  perf-eval serve                                  # 浏览器打开 http://127.0.0.1:8080/\n  perf-eval serve --listen 0.0.0.0:8080 --token 口令 --rules 本局规则.toml",
        "Examples:\n  perf-eval serve                                  # open http://127.0.0.1:8080/ in a browser\n  perf-eval --lang en serve --listen 0.0.0.0:8080 --token TOKEN --rules bureau.toml",
    ),
    h(
        "serve.listen",
        "监听的地址和端口",
        "The address and port to listen on",
    ),
    h(
        "serve.token",
        "访问口令：设置后，每次复核都须提供此口令（页面上填写，或打开 http://地址/#token=口令）",
        "Access token: when set, every check must carry it (entered on the page, or opened as http://ADDRESS/#token=TOKEN)",
    ),
    h(
        "serve.rules",
        "本局的评分规则文件（或内置规则名称），列在页面规则清单的第一位并默认选用",
        "The bureau's own profile file (or a built-in name), listed first on the page and chosen by default",
    ),
    h(
        "serve.tables",
        "同时复核的表格数上限，超出的请求排队等候，到时限仍无空位则答复 503 [默认：处理器核数]",
        "The most tables checked at once; further requests wait, and get 503 when no place comes free in time [default: the number of cores]",
    ),
    h(
        "serve.timeout",
        "每个请求的时限（秒），含排队等候",
        "Each request's time limit in seconds, waiting included",
    ),
];
