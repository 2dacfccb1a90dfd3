//! Hostile and malformed input: every file is refused with exit status 2 and one clear message
//! naming its file, line and column — never a panic, never a hang.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

mod common;
use common::{fails_with, scratch};

fn perf_eval() -> Command {
    let mut command = common::perf_eval();
    // A guard against hangs, not a speed target: those live in benches/.
    command.timeout(Duration::from_secs(60));
    command
}

/// Each file of `tests/data/hostile/` that cannot be used, and the place and words of its error.
const CASES: &[(&str, &str)] = &[
    (
        "amount-too-large",
        "8:21: `funds.total.initial`: expected an amount below 1000000000000000000, found 100000000000000000000",
    ),
    (
        "bad-grade-text",
        "8:9: `total.grade`: contains U+001B (a control character); remove it",
    ),
    (
        "bidi-override-in-name",
        "10:8: `indicator.name`: contains U+202E (a bidirectional override, which can make text display differently from what it holds); remove it",
    ),
    (
        "bidi-override-in-target",
        "11:10: `indicator.target`: contains U+202E (a bidirectional override, which can make text display differently from what it holds); remove it",
    ),
    (
        "blank-level1",
        "8:10: `indicator.level1`: must not be empty",
    ),
    (
        "cell-as-boolean",
        "12:10: invalid type: boolean `true`, expected the cell as text (like \"≥1000个\"), a number, or a table like { op = \"≥\", value = 735, unit = \"人次\" }",
    ),
    (
        "control-character-in-name",
        "4:8: `project.name`: contains U+0007 (a control character); remove it",
    ),
    ("deep-dotted-table", "1:1: recursion limit"),
    ("duplicate-key", "5:1: duplicate key `name`"),
    ("duplicate-table", "7:2: duplicate key `project`"),
    ("empty-file", "1:1: missing required key `schema`"),
    (
        "empty-indicator-name",
        "10:8: `indicator.name`: must not be empty",
    ),
    (
        "funds-as-number",
        "1:9: invalid type: integer `3`, expected a table",
    ),
    (
        "indicator-as-string",
        "1:13: invalid type: string \"x\", expected an array of tables",
    ),
    (
        "inf-amount",
        "8:22: `funds.total.executed`: expected a finite number, found inf",
    ),
    (
        "invalid-utf8",
        "4:9: not UTF-8 text; save the file as UTF-8",
    ),
    ("missing-level2", "7:1: missing required key `level2`"),
    ("missing-schema", "1:1: missing required key `schema`"),
    (
        "misspelt-funds-column",
        "8:11: unknown key `inital`, expected one of `initial`, `annual`, `executed`",
    ),
    (
        "misspelt-table",
        "3:2: unknown key `projcet`, expected one of `schema`, `project`, `funds`, `goals`, `level1`, `indicator`, `total`, `report`",
    ),
    (
        "na-as-text",
        "14:6: invalid type: string \"yes\", expected a boolean",
    ),
    (
        "name-as-number",
        "4:8: invalid type: integer `5`, expected a string",
    ),
    (
        "nan-weight",
        "13:10: `indicator.weight`: expected a finite number, found nan",
    ),
    (
        "negative-amount",
        "8:22: `funds.total.executed`: an amount must not be negative, found -5",
    ),
    (
        "nul-in-note",
        "14:8: `indicator.note`: contains U+0000 (a control character); remove it",
    ),
    ("only-comments", "1:1: missing required key `schema`"),
    (
        "percent-as-weight",
        "13:10: `indicator.weight`: expected points like 5 or \"5分\", found \"5%\"",
    ),
    (
        "rules-as-array",
        "6:9: invalid type: an array, expected a string",
    ),
    (
        "rules-missing-file",
        "6:9: `project.rules`: cannot read the profile file tests/data/hostile/no-such-profile.toml: No such file or directory (os error 2)",
    ),
    (
        "schema-2",
        "1:10: `schema`: unsupported schema version 2; this perf-eval reads schema = 1",
    ),
    (
        "schema-as-string",
        "1:10: invalid type: string \"1\", expected a whole number",
    ),
    (
        "split-value-as-text",
        "11:30: `indicator.target.value`: expected a number, found \"很多\"",
    ),
    (
        "thirty-digit-weight",
        "13:10: 123456789012345678901234567890 is too large or too precise for exact decimals (at most 28 significant digits)",
    ),
    (
        "too-many-points",
        "13:10: `indicator.weight`: expected at most 1000000 points, found 2000000",
    ),
    (
        "too-precise-score",
        "14:9: `indicator.score`: 1e-30 is too large or too precise for exact decimals (at most 28 significant digits)",
    ),
    (
        "truncated-array-of-tables",
        "7:12: unclosed array table, expected `]]`",
    ),
    (
        "truncated-inline-table",
        "8:22: unclosed inline table, expected `}`",
    ),
    (
        "truncated-string",
        "4:16: invalid basic string, expected `\"`",
    ),
    (
        "unknown-kind",
        "14:8: `indicator.kind`: expected \"quantitative\" or \"qualitative\", found \"定量的\"",
    ),
    (
        "unknown-split-comparator",
        "11:17: `indicator.target.op`: expected a comparator like \"≥\", \"≤\" or \"=\", found \"≈\"",
    ),
    ("utf16", "1:1: not UTF-8 text; save the file as UTF-8"),
    (
        "year-as-text",
        "5:8: invalid type: string \"2022年\", expected a whole number",
    ),
    (
        "year-out-of-range",
        "5:8: `project.year`: expected a year like 2022, found 99999",
    ),
];

#[test]
fn each_hostile_file_is_refused_with_its_place() {
    for (name, message) in CASES {
        let path = format!("tests/data/hostile/{name}.toml");
        let output = perf_eval().args(["score", &path]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{path}: {output:?}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            format!("error: {path}:{message}\n"),
        );
        assert!(output.stdout.is_empty(), "{path}");
    }
}

#[test]
fn the_corpus_is_large_and_complete() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile");
    let files = fs::read_dir(dir).unwrap().count();
    // Every file but the one valid file (a UTF-8 byte-order mark) is listed above.
    assert_eq!(files, CASES.len() + 1);
    assert!(CASES.len() >= 40);
}

#[test]
fn a_byte_order_mark_is_not_an_error() {
    let output = perf_eval()
        .args(["score", "tests/data/hostile/bom-utf8-is-fine.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn check_reports_every_hostile_file_and_does_not_stop() {
    let output = perf_eval()
        .args(["check", "--format", "json", "tests/data/hostile"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stderr.is_empty(), "{output:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["files"], CASES.len() + 1);
    assert_eq!(report["summary"]["unusable"], CASES.len());
}

const HEAD: &str = "schema = 1\n\n[project]\nname = \"P\"\nyear = 2022\n";

#[test]
fn a_ten_megabyte_string_is_refused() {
    let path = scratch("huge-string").join("huge.toml");
    let huge = "益".repeat(10 * 1024 * 1024 / 3);
    fs::write(&path, format!("{HEAD}[goals]\nexpected = \"{huge}\"\n")).unwrap();
    fails_with(
        &["score", path.to_str().unwrap()],
        2,
        &format!(
            "error: {}:7:12: `goals.expected`: is 3495253 characters long; expected at most 10000\n",
            path.display()
        ),
    );
}

#[test]
fn ten_thousand_indicators_are_scored() {
    let path = scratch("many-rows").join("many.toml");
    let mut text = String::from(HEAD);
    for i in 0..10_000 {
        text.push_str(&format!(
            "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"指标{i}\"\n\
             target = \"≥10个\"\nactual = \"{}个\"\nweight = 0.01\n",
            i % 12
        ));
    }
    fs::write(&path, text).unwrap();
    let output = perf_eval()
        .args(["score", "--format", "json", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{:?}", output.stderr);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // 10,000 rows of 0.01 and the funds' 10 under mof-2020.
    assert_eq!(report["total"]["weight"], "110.00");
    assert_eq!(report["indicators"].as_array().unwrap().len(), 10_000);
    // Row i scores (i mod 12)/10 × 0.01, rounded 四舍五入 to 0.01 from i mod 12 = 5 on:
    // 7 of every 12 rows, 833 × 7 = 5,831 rows of 0.01.
    assert_eq!(report["total"]["score"], "58.31");
}

/// A budget of 0.000000001 against 1e18 spent: the rate over the other basis is 10^27, too
/// large to show in percent.
const TINY_BUDGET: &str = "schema = 1\n\n[project]\nname = \"P\"\nyear = 2022\n\n[funds]\n\
    total = { initial = 0.000000001, annual = 1e18, executed = 1e18 }\n\n[[indicator]]\n\
    level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"X\"\ntarget = \"≥10个\"\n\
    actual = \"10个\"\nweight = 5\n";

#[test]
fn a_rate_beyond_exact_range_is_no_panic() {
    let path = scratch("tiny-budget").join("tiny.toml");
    fs::write(&path, TINY_BUDGET).unwrap();
    let path = path.to_str().unwrap();
    let check = perf_eval()
        .args(["check", "--format", "json", path])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let adjusted = findings
        .iter()
        .find(|f| f["code"] == "budget-adjusted")
        .unwrap();
    assert_eq!(
        adjusted["help"],
        "the funds score is 10.00 over 全年预算数 and would be 10.00 over 年初预算数 (beyond exact range); add `note` to [funds] saying why the budget changed"
    );
    for args in [
        ["report", path, "", ""],
        ["score", "--format", "json", path],
    ] {
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        let output = perf_eval().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
    }
    // A declared rate compared with the other basis's rate, which no percentage can match.
    let declared = TINY_BUDGET.replace("[funds]\n", "[funds]\nrate = \"86%\"\n");
    fs::write(path, declared).unwrap();
    let output = perf_eval().args(["check", path]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(
            "error[funds-rate-mismatch]: declared 执行率 86% differs from the computed 100.00%"
        ),
        "{text}"
    );
}

#[test]
fn a_profile_number_beyond_bounds_is_refused_in_the_profile_file() {
    let dir = scratch("huge-profile-weight");
    let profile = include_str!("../indicators/mof-2020.toml")
        .replace("weight = 10", "weight = \"79228162514264337593543950335\"");
    fs::write(dir.join("rules.toml"), profile).unwrap();
    let project = dir.join("p.toml");
    fs::write(
        &project,
        TINY_BUDGET.replace("year = 2022", "year = 2022\nrules = \"rules.toml\""),
    )
    .unwrap();
    fails_with(
        &["score", project.to_str().unwrap()],
        2,
        &format!(
            "error: {}:13:10: `funds.weight`: expected at most 1000000, found 79228162514264337593543950335\n",
            dir.join("rules.toml").display()
        ),
    );
}
