//! Hostile and malformed input: every file is refused with exit status 2 and one clear message
//! naming its file, line and column — never a panic, never a hang.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

use crate::common;
use common::{assert_located, assert_refused_in_chinese, scratch, stdout_of, unusable};

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
        "8:21: `funds.total.initial`: expected at most 1000000000000000000, found 100000000000000000000",
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
        "12:10: expected the cell as text (like \"≥1000个\"), a number, or a table like { op = \"≥\", value = 735, unit = \"人次\" }, found boolean true",
    ),
    (
        "control-character-in-name",
        "4:8: `project.name`: contains U+0007 (a control character); remove it",
    ),
    ("deep-dotted-table", "1:1: invalid TOML: recursion limit"),
    ("duplicate-key", "5:1: duplicate key `name`"),
    ("duplicate-table", "7:2: duplicate key `project`"),
    ("empty-file", "1:1: missing required key `schema`"),
    (
        "empty-indicator-name",
        "10:8: `indicator.name`: must not be empty",
    ),
    (
        "funds-as-number",
        "1:9: expected a table ([name] or { … }), found integer 3",
    ),
    (
        "indicator-as-string",
        "1:13: expected an array of tables ([[name]]), found string \"x\"",
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
        "8:11: unknown key `inital`; did you mean `initial`?",
    ),
    (
        "misspelt-table",
        "3:2: unknown key `projcet`; did you mean `project`?",
    ),
    (
        "na-as-text",
        "14:6: expected true or false, found string \"yes\"",
    ),
    (
        "name-as-number",
        "4:8: expected text (in quotes), found integer 5",
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
        "6:9: expected text (in quotes), found an array",
    ),
    (
        "rules-missing-file",
        "6:9: `project.rules`: cannot read the profile file tests/data/hostile/no-such-profile.toml: no such file or folder",
    ),
    (
        "schema-2",
        "1:10: `schema`: unsupported schema version 2; this perf-eval reads schema = 1",
    ),
    (
        "schema-as-string",
        "1:10: expected a whole number, found string \"1\"",
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
        "13:10: `indicator.weight`: expected at most 1000000, found 2000000",
    ),
    (
        "too-precise-score",
        "14:9: `indicator.score`: 1e-30 is too large or too precise for exact decimals (at most 28 significant digits)",
    ),
    (
        "truncated-array-of-tables",
        "7:12: invalid TOML: unclosed array table, expected `]]`",
    ),
    (
        "truncated-inline-table",
        "8:22: invalid TOML: unclosed inline table, expected `}`",
    ),
    (
        "truncated-string",
        "4:16: invalid TOML: invalid basic string, expected `\"`",
    ),
    (
        "unknown-kind",
        "14:8: `indicator.kind`: expected \"quantitative\" (定量) or \"qualitative\" (定性), found \"定量的\"",
    ),
    (
        "unknown-split-comparator",
        "11:17: `indicator.target.op`: expected a comparator like \"≥\", \"≤\" or \"=\", found \"≈\"",
    ),
    (
        "year-as-text",
        "5:8: expected a whole number, found string \"2022年\"",
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
        let english = unusable(perf_eval().args(["--lang", "en", "score", &path]));
        // Bytes that are not text have no line to show: the message names the place.
        if *name == "invalid-utf8" {
            assert_eq!(english, format!("error: {path}:{message}\n"));
        } else {
            // `line:column: `key`: message`, the key left out where the error names none.
            let (place, rest) = message.split_once(": ").unwrap();
            let (key, message) = match rest.strip_prefix('`').and_then(|r| r.split_once("`: ")) {
                Some((key, message)) => (Some(key), message),
                None => (None, rest),
            };
            let headline = format!("error: {message}");
            assert_located(&english, &headline, &format!("{path}:{place}"), key);
        }
        // The same refusal in Chinese, with no English sentence in it.
        let chinese = unusable(perf_eval().args(["score", &path]));
        assert_refused_in_chinese(&chinese, &path);
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
fn files_saved_by_windows_editors_are_read() {
    // Notepad's "Unicode" (UTF-16) and Chinese Windows' default (GBK / GB18030).
    let utf16 = stdout_of(&["score", "tests/data/encodings/utf16.toml"]);
    assert!(utf16.contains("评分规则"), "{utf16}");
    let dir = scratch("encodings");
    let seed = std::fs::read_to_string("fixtures/2022.toml").unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&seed);
    let path = dir.join("gbk.toml");
    std::fs::write(&path, gbk).unwrap();
    let table = stdout_of(&["score", path.to_str().unwrap()]);
    assert_eq!(table, stdout_of(&["score", "fixtures/2022.toml"]));
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
    let stderr = unusable(perf_eval().args(["score", path.to_str().unwrap()]));
    assert_located(
        &stderr,
        "错误: 长 3495253 个字符，至多 10000 个",
        &format!("{}:7:12", path.display()),
        Some("goals.expected"),
    );
    // The line shown is cut around the start of the string: the report stays small.
    assert!(stderr.len() < 1_000, "{}", stderr.len());
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
        "按全年预算数计算预算执行得分为 10.00，按年初预算数计算则为 10.00（—）；请在自评报告中说明预算调整原因（项目文件：写在 [funds] 的 `note`）"
    );
    // Over the tiny budget itself the rate is beyond exact range: over-execution, not a
    // missing budget.
    let yiyang = perf_eval()
        .args(["check", "--format", "json", "--rules", "yiyang-2022", path])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&yiyang.stdout).unwrap();
    let codes: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["budget-adjusted", "over-execution", "weight-total"]);
    for args in [
        ["report", path, "", ""],
        ["score", "--format", "json", path],
    ] {
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        let output = perf_eval().args(&args).output().unwrap();
        // `report` drafts and exits 1 for the table's errors; neither panics.
        let expected = if args[0] == "report" { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {output:?}");
    }
    // A declared rate compared with the other basis's rate, which no percentage can match.
    let declared = TINY_BUDGET.replace("[funds]\n", "[funds]\nrate = \"86%\"\n");
    fs::write(path, declared).unwrap();
    let output = perf_eval().args(["check", path]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(
            "错误[funds-rate-mismatch]: 填报执行率 86%，按全年执行数 / 全年预算数 计算应为 100.00%"
        ),
        "{text}"
    );
}

#[test]
fn a_profile_number_beyond_bounds_is_refused_in_the_profile_file() {
    let dir = scratch("huge-profile-weight");
    let profile = include_str!("../../crates/perf-eval-core/indicators/mof-2020.toml")
        .replace("weight = 10", "weight = \"79228162514264337593543950335\"");
    let rules = dir.join("rules.toml");
    fs::write(&rules, profile).unwrap();
    let project = dir.join("p.toml");
    fs::write(
        &project,
        TINY_BUDGET.replace("year = 2022", "year = 2022\nrules = \"rules.toml\""),
    )
    .unwrap();
    let project = project.to_str().unwrap();
    assert_located(
        &unusable(perf_eval().args(["score", project, "--rules", rules.to_str().unwrap()])),
        "错误: 不得大于 1000000，实为 79228162514264337593543950335",
        &format!("{}:14:10", rules.display()),
        Some("funds.weight"),
    );
    // Named by the project file, the profile is refused at `rules`, without its content.
    assert_located(
        &unusable(perf_eval().args(["score", project])),
        "错误: rules.toml 不是有效的规则文件（第 14 行第 10 列）；项目文件指定的文件不显示其内容，请用 --rules rules.toml 复核以查看原因",
        &format!("{project}:6:9"),
        Some("project.rules"),
    );
}

/// A table with a long comment on its weight's line: every finding there shows that line.
fn long_line_table(comment_chars: usize) -> String {
    let comment = "注".repeat(comment_chars);
    format!(
        "{HEAD}\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"X\"\n\
         target = \"≥10个\"\nactual = \"≥10个\"\nweight = 5 # {comment}\nscore = 4 # {comment}\n"
    )
}

#[test]
fn check_output_does_not_grow_with_the_line_length() {
    let dir = scratch("long-line");
    let sizes: Vec<usize> = [1_000, 1_000_000]
        .iter()
        .enumerate()
        .map(|(i, &chars)| {
            // Paths of the same length, so that the outputs can be compared by size.
            fs::create_dir_all(dir.join(i.to_string())).unwrap();
            let path = dir.join(format!("{i}/t.toml"));
            fs::write(&path, long_line_table(chars)).unwrap();
            let output = perf_eval()
                .args(["check", path.to_str().unwrap()])
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(1), "{output:?}");
            let text = String::from_utf8(output.stdout).unwrap();
            assert!(
                text.contains(&format!("14 | score = 4 # {}…\n", "注".repeat(57))),
                "{text}"
            );
            text.len()
        })
        .collect();
    assert_eq!(sizes[0], sizes[1]);
}

#[test]
fn a_profile_error_is_shown_in_the_profile_file_the_auditor_names() {
    let dir = scratch("profile-error");
    let profile = include_str!("../../crates/perf-eval-core/indicators/mof-2020.toml")
        .replace("cap = 1", "cap = 1.5");
    fs::write(dir.join("rules.toml"), profile).unwrap();
    // A project file of 6 lines: the profile's line 17 is not in it.
    let project = dir.join("p.toml");
    fs::write(&project, format!("{HEAD}rules = \"rules.toml\"\n")).unwrap();
    let project = project.to_str().unwrap();
    let rules = dir.join("rules.toml").display().to_string();
    let named = perf_eval()
        .args(["check", "--rules", &rules, project])
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(named.stderr).unwrap(),
        format!(
            "错误: 应为 0 到 1 之间的分值比例\n  --> {rules}:17:7\n   |\n17 | cap = 1.5\n   |       ^^^ funds.cap\n"
        )
    );
    // Named by the table under audit, the file is refused at `rules` and none of it is shown.
    let human = perf_eval().args(["check", project]).output().unwrap();
    assert_eq!(human.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(human.stdout).unwrap(),
        format!(
            "错误: rules.toml 不是有效的规则文件（第 17 行第 7 列）；项目文件指定的文件不显示其内容，请用 --rules rules.toml 复核以查看原因\n --> {project}:6:9\n  |\n6 | rules = \"rules.toml\"\n  |         ^^^^^^^^^^^^ project.rules\n\n已复核 1 个文件：0 处错误，0 处警告，0 处提示（1 个无法使用）\n"
        )
    );
    let json = perf_eval()
        .args(["check", "--format", "json", project])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let entry = &report["files"][0];
    assert_eq!(entry["path"], project);
    assert_eq!(entry["error"]["file"], project);
    assert_eq!(entry["error"]["line"], 6);
    assert!(!String::from_utf8(json.stdout).unwrap().contains("1.5"));
}

#[cfg(unix)]
mod unix {
    use std::fs::{self, File};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::process::Stdio;

    use super::{HEAD, assert_located, common, perf_eval, scratch, unusable};

    const TOO_LARGE: &str = "超过 32 MiB，远大于一张自评表，不予读取（可用 --max-input-mib 或 PERF_EVAL_MAX_INPUT_MIB 调高上限）";

    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    #[test]
    fn endless_inputs_are_refused_at_the_limit() {
        let output = perf_eval().args(["check", "/dev/zero"]).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.starts_with(&format!("错误: /dev/zero: {TOO_LARGE}\n")),
            "{text}"
        );
        // `yes | perf-eval check - FILE`, cut at 33 MiB: the file is still checked.
        let output = perf_eval()
            .args(["check", "--format", "json", "-", "fixtures/2022.toml"])
            .write_stdin("y\n".repeat(33 << 19))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["files"][0]["path"], "<stdin>");
        assert_eq!(
            report["files"][0]["error"]["message"],
            format!("<stdin>: {TOO_LARGE}")
        );
        assert_eq!(report["files"][1]["status"], "checked");
    }

    #[test]
    fn the_input_limit_can_be_raised() {
        let path = scratch("big-input").join("big.toml");
        let padding = format!("# {}\n", "x".repeat(1000)).repeat(2 << 10);
        fs::write(&path, format!("{padding}{HEAD}")).unwrap();
        let path = path.to_str().unwrap();
        let refused = perf_eval()
            .args(["score", "--max-input-mib", "1", path])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2));
        assert_eq!(
            String::from_utf8(refused.stderr).unwrap(),
            format!("错误: {path}: {}\n", TOO_LARGE.replace("32 MiB", "1 MiB"))
        );
        let scored = perf_eval()
            .args(["score", path])
            .env("PERF_EVAL_MAX_INPUT_MIB", "3")
            .output()
            .unwrap();
        assert_eq!(scored.status.code(), Some(0), "{scored:?}");
    }

    #[test]
    fn a_fifo_without_a_writer_does_not_hang() {
        let dir = scratch("fifo-input");
        let fifo = dir.join("p.toml");
        mkfifo(&fifo);
        assert_located(
            &unusable(perf_eval().args(["score", fifo.to_str().unwrap()])),
            "错误: 缺少必填的键 `schema`",
            &format!("{}:1:1", fifo.display()),
            None,
        );
        // Walking a folder passes over it.
        fs::write(dir.join("q.toml"), HEAD).unwrap();
        let output = perf_eval()
            .args(["check", "--format", "json", dir.to_str().unwrap()])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["summary"]["files"], 1);
    }

    #[test]
    fn a_full_standard_output_is_an_error() {
        for args in [
            &["score", "fixtures/2022.toml"][..],
            &["check", "fixtures/2022.toml"],
            &["rules"],
        ] {
            let full = File::options().write(true).open("/dev/full").unwrap();
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_perf-eval"))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(args)
                .stdout(Stdio::from(full))
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert_eq!(
                String::from_utf8(output.stderr).unwrap(),
                "错误: <stdout>: 无法写入：磁盘已满\n"
            );
        }
    }

    #[test]
    fn output_onto_a_fifo_writes_through_it() {
        let dir = scratch("fifo-output");
        let fifo = dir.join("out.md");
        mkfifo(&fifo);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
        };
        let output = perf_eval()
            .args(["score", "fixtures/2022.toml", "-o", fifo.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        assert_eq!(
            reader.join().unwrap(),
            common::stdout_of(&["score", "fixtures/2022.toml", "--format", "markdown"])
        );
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    }

    #[test]
    fn control_characters_in_file_names_are_escaped() {
        let dir = scratch("control-names");
        let name = "\x1b]0;owned\x07\x1b[2J.toml";
        fs::write(dir.join(name), "schema = 1\n").unwrap();
        for format in ["human", "github"] {
            let output = perf_eval()
                .args(["check", "--format", format, dir.to_str().unwrap()])
                .output()
                .unwrap();
            let text = String::from_utf8(output.stdout).unwrap();
            assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
            assert!(
                text.contains("\\u{1b}]0;owned\\u{7}\\u{1b}[2J.toml"),
                "{text}"
            );
        }
        // The report of every command names the file escaped, in colour too.
        let file = dir.join(name);
        let stderr = unusable(perf_eval().args(["--color", "always", "score"]).arg(&file));
        assert!(
            !stderr.contains("\x1b]0;owned") && !stderr.contains('\x07'),
            "{stderr:?}"
        );
        assert!(
            stderr.contains("\\u{1b}]0;owned\\u{7}\\u{1b}[2J.toml"),
            "{stderr}"
        );
    }

    #[test]
    fn a_name_that_is_not_utf8_is_kept_in_json() {
        let dir = scratch("latin1-names");
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.toml");
        fs::write(dir.join(name), "schema = 1\n").unwrap();
        let output = perf_eval()
            .args(["check", "--format", "json", dir.to_str().unwrap()])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let entry = &report["files"][0];
        let path = dir.join(name);
        assert_eq!(entry["path"], path.to_string_lossy().as_ref());
        let bytes: Vec<u8> = entry["path_bytes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap() as u8)
            .collect();
        assert_eq!(bytes, path.as_os_str().as_bytes());
        // People see the byte, not a replacement character.
        let human = perf_eval()
            .args(["check", dir.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            String::from_utf8(human.stdout)
                .unwrap()
                .contains("caf\\xe9.toml:")
        );
    }
}
