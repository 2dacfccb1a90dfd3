//! The first ten minutes: init, rules, schema, completions, man page, help, and the README's
//! Getting started walk-through, run as written.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

use crate::common;
use common::{assert_located, scratch, unusable};
use perf_eval::messages::english_sentence;

fn perf_eval(dir: &Path) -> Command {
    let mut command = common::perf_eval();
    command.current_dir(dir);
    command
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stdout_of(dir: &Path, args: &[&str]) -> String {
    let output = perf_eval(dir).args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn init_then_score_and_check_clean_under_every_profile() {
    for profile in ["mof-2020", "yiyang-2022", "hubei", "sichuan"] {
        let dir = scratch(&format!("init-{profile}"));
        stdout_of(
            &dir,
            &["init", "t.toml", "--rules", profile, "--year", "2025"],
        );
        let text = fs::read_to_string(dir.join("t.toml")).unwrap();
        assert!(text.starts_with("#:schema ./perf-eval.schema.json\n"));
        assert!(dir.join("perf-eval.schema.json").exists());
        let table = stdout_of(&dir, &["score", "t.toml"]);
        assert!(table.starts_with("2025年度项目支出绩效自评表\n"), "{table}");
        let report = stdout_of(&dir, &["check", "--deny", "warnings", "t.toml"]);
        assert_eq!(
            report, "已复核 1 个文件：0 处错误，0 处警告，0 处提示\n",
            "{profile}"
        );
    }
}

#[test]
fn init_never_overwrites() {
    let dir = scratch("init-twice");
    stdout_of(&dir, &["init", "2025.toml"]);
    let output = perf_eval(&dir)
        .args(["init", "2025.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "错误: 2025.toml: 文件已存在；请换一个文件名，或先删除它\n"
    );
}

#[test]
fn rules_lists_and_shows_the_builtins() {
    let list = stdout_of(root(), &["rules"]);
    for (name, _) in perf_eval::profile::BUILTIN {
        let profile = perf_eval::profile::Profile::builtin(name).unwrap();
        let line = format!("{name:<12} {}  {}", profile.region, profile.title);
        assert!(list.contains(&line), "{line} missing from\n{list}");
        for reference in &profile.references {
            assert!(list.contains(&format!("- {reference}\n")), "{list}");
        }
    }
    assert!(list.contains("财预〔2020〕10号"));
    assert_eq!(
        stdout_of(root(), &["rules", "show", "mof-2020"]),
        fs::read_to_string(root().join("crates/perf-eval-core/indicators/mof-2020.toml")).unwrap()
    );
}

#[test]
fn impossible_custom_profiles_are_located_errors() {
    let stderr = unusable(perf_eval(root()).args([
        "score",
        "fixtures/2022.toml",
        "--rules",
        "tests/data/bands-out-of-order.toml",
    ]));
    assert_located(
        &stderr,
        "错误: 部分达成的下限不得高于达成的下限（`achieved`）",
        "./tests/data/bands-out-of-order.toml:36:11",
        Some("qualitative.partial"),
    );
}

#[test]
fn schema_command_prints_the_committed_schemas() {
    for kind in ["project", "rules"] {
        assert_eq!(
            stdout_of(root(), &["schema", kind]),
            fs::read_to_string(root().join(format!("crates/perf-eval-core/schema/{kind}.json")))
                .unwrap()
        );
    }
}

#[test]
fn completions_and_man_page_generate() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(root(), &["completions", shell]);
        assert!(script.contains("perf-eval"), "{shell}");
        assert!(script.contains("explain"), "{shell}: subcommands complete");
    }
    let man = stdout_of(root(), &["man"]);
    assert!(man.contains(".TH perf-eval 1"), "{man}");
    assert!(man.contains("计算项目支出绩效自评表的每一项得分"), "{man}");
    assert!(
        man.contains("\n.SH 名称\n") && !man.contains(".SH NAME"),
        "{man}"
    );
    // Left-aligned: a justified line of Chinese would spread its few spaces wide.
    assert!(man.contains("\n.ad l\n.SH 名称\n"), "{man}");
    let english = stdout_of(root(), &["--lang", "en", "man"]);
    assert!(english.contains("Score a project file"), "{english}");
}

#[test]
fn every_command_s_help_has_an_example() {
    let commands = [
        "score",
        "explain",
        "diff",
        "init",
        "rules",
        "schema",
        "completions",
        "man",
        "import",
        "report",
        "check",
    ];
    for command in commands {
        let help = stdout_of(root(), &[command, "--help"]);
        assert!(help.contains("示例："), "{command} --help has no example");
        // Command lines (examples, usage) and the names of values aside, no English sentence.
        let words: String = help
            .lines()
            .filter(|line| !line.contains("perf-eval"))
            .map(|line| match line.trim_start().split_once("  ") {
                Some((value, said)) if value.chars().all(|c| c.is_ascii_lowercase()) => said,
                _ => line,
            })
            .collect::<Vec<_>>()
            .join("\n")
            // Names of products, not sentences.
            .replace("GitHub Actions", "GitHub")
            .replace("JUnit XML", "JUnit");
        assert_eq!(english_sentence(&words), None, "{command} --help:\n{help}");
        let help = stdout_of(root(), &["--lang", "en", command, "--help"]);
        assert!(help.contains("Example"), "{command} --help has no example");
    }
}

/// The help of `score`, and the short help of `check`, in both languages.
#[test]
fn help_is_chinese_with_english_on_request() {
    let mut both = String::new();
    for args in [
        &["score", "--help"][..],
        &["--lang", "en", "score", "--help"],
        &["check", "-h"],
        &["check", "-h", "--lang", "en"],
    ] {
        both.push_str(&format!("$ perf-eval {}\n", args.join(" ")));
        both.push_str(&stdout_of(root(), args));
        both.push('\n');
    }
    insta::assert_snapshot!(both);
}

#[test]
fn usage_mistakes_suggest_the_fix() {
    let output = perf_eval(root()).args(["socre"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "错误：无法识别的命令 'socre'\n\n  提示：是否应为 'schema' 或 'serve' 或 'score'？\n\n用法：perf-eval [OPTIONS] <COMMAND>\n\n更多说明请运行 '--help'。\n"
    );
    let output = perf_eval(root())
        .args(["--lang", "en", "check", "--fromat", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: unexpected argument '--fromat' found\n\n  tip: a similar one exists: '--format'\n\nUsage: perf-eval check --format <FORMAT> [PATHS]...\n\nFor more information, try '--help'.\n"
    );
}

/// The READMEs' walk-through blocks (Chinese and English), run command by command in an empty
/// folder.
#[test]
fn readme_getting_started_runs_as_written() {
    for (file, heading) in [
        ("README.md", "## 快速上手"),
        ("README.en.md", "## Getting started"),
    ] {
        let readme = fs::read_to_string(root().join(file)).unwrap();
        let section = readme
            .split(heading)
            .nth(1)
            .unwrap_or_else(|| panic!("{file} has a {heading} section"));
        let block = section
            .split("```sh\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("the walk-through has a sh block");
        let dir = scratch("getting-started");
        let mut ran = 0;
        for line in block.lines() {
            let command = line.split("  #").next().unwrap().trim();
            let Some(args) = command.strip_prefix("perf-eval ") else {
                continue;
            };
            let args: Vec<&str> = args.split_whitespace().collect();
            let output = perf_eval(&dir).args(&args).output().unwrap();
            assert_eq!(
                output.status.code(),
                Some(0),
                "{file}: `{command}`: {output:?}"
            );
            ran += 1;
        }
        assert!(
            ran >= 5,
            "{file}: the walk-through shows at least five commands"
        );
    }
}

/// After `init`, everything the report needs has a place in the file: the `[report]` keys, left
/// empty, are marked 【待填写】 in the draft; filled in, they reach it. The examples' dates are in
/// the year asked for.
#[test]
fn init_leaves_a_place_for_everything_the_report_needs() {
    let dir = scratch("init-report");
    stdout_of(&dir, &["init", "t.toml", "--year", "2023"]);
    let text = fs::read_to_string(dir.join("t.toml")).unwrap();
    let table = stdout_of(&dir, &["score", "t.toml"]);
    assert!(table.starts_with("2023年度项目支出绩效自评表\n"), "{table}");
    assert!(table.contains("≤2023年12月"), "{table}");
    let draft = stdout_of(&dir, &["report", "t.toml"]);
    assert!(
        draft.contains("【待填写：项目立项依据、主要内容、资金安排】"),
        "{draft}"
    );
    assert!(draft.contains("【待填写：成文日期】"), "{draft}");

    let filled = text
        .replace(
            "overview = \"\"",
            "overview = \"本项目依据市政府常务会议纪要立项\"",
        )
        .replace("date = \"\"", "date = \"2024年3月15日\"")
        .replace("# arrived = 100", "arrived = 100");
    fs::write(dir.join("t.toml"), filled).unwrap();
    let draft = stdout_of(&dir, &["report", "t.toml"]);
    assert!(
        draft.contains("本项目依据市政府常务会议纪要立项。"),
        "{draft}"
    );
    assert!(draft.contains("资金到位率100%"), "{draft}");
    assert!(draft.contains("2024年3月15日"), "{draft}");
    assert!(!draft.contains("【待填写：项目立项依据"), "{draft}");
}

/// The figures a new user types into the file `init` wrote, as they come from a Chinese input
/// method: a unit after the figure, full-width digits, both before the line's comment. Each is
/// refused at its place with what to write, the comment left out of the advice.
#[test]
fn a_figure_typed_unquoted_is_refused_with_what_to_write() {
    let dir = scratch("init-typed");
    stdout_of(&dir, &["init", "t.toml", "--year", "2023"]);
    let text = fs::read_to_string(dir.join("t.toml")).unwrap();
    let line = text
        .lines()
        .find(|line| line.starts_with("weight = 13 "))
        .unwrap();
    for (typed, headline) in [
        (
            "13分",
            "错误: `weight` 必须是数字：写作 weight = 13，或给单元格文字加引号：weight = \"13分\"",
        ),
        (
            "１３",
            "错误: `weight` 必须是数字，１３ 用的是全角数字：改用半角数字写作 weight = 13，或给单元格文字加引号：weight = \"１３\"",
        ),
    ] {
        let changed = text.replacen(line, &line.replacen("13", typed, 1), 1);
        fs::write(dir.join("t.toml"), changed).unwrap();
        // `check` reports an unusable file with its findings, on standard output.
        let output = perf_eval(&dir).args(["check", "t.toml"]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        let at = text.lines().position(|l| l == line).unwrap() + 1;
        let place = format!("t.toml:{at}:10");
        assert_located(stdout.split("\n\n").next().unwrap(), headline, &place, None);
    }
}
