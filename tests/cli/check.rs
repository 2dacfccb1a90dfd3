//! `perf-eval check`: findings with places, exit codes, output formats, many files.

use std::fs;
use std::path::Path;

use perf_eval::audit::Code;

use crate::common;
use common::{perf_eval, stdout_of};

fn run(args: &[&str]) -> (i32, String) {
    let output = perf_eval().args(args).output().unwrap();
    assert!(output.stderr.is_empty(), "{output:?}");
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// The findings a JSON report gives for its first file, as `code line:col`.
fn findings(json: &str) -> Vec<String> {
    let document: serde_json::Value = serde_json::from_str(json).unwrap();
    document["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}",
                f["code"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
        .collect()
}

const FINDINGS: &str = "tests/data/findings";

#[test]
fn each_finding_fixture_gives_what_it_expects() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(FINDINGS);
    let mut checked = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let expected: Vec<String> = text
            .lines()
            .filter_map(|line| line.strip_prefix("# expect: "))
            .map(str::to_string)
            .collect();
        let exit: i32 = text
            .lines()
            .find_map(|line| line.strip_prefix("# exit: "))
            .expect("each fixture states its exit status")
            .parse()
            .unwrap();
        let name = format!("{FINDINGS}/{}", path.file_name().unwrap().to_str().unwrap());
        // The options a fixture is checked with, when it needs some (a profile of its own).
        let options = text
            .lines()
            .find_map(|line| line.strip_prefix("# options: "))
            .map_or(Vec::new(), |options| options.split(' ').collect());
        let (code, json) = run(&[&["check", "--format", "json"], &options[..], &[&name]].concat());
        assert_eq!(findings(&json), expected, "{name}");
        assert_eq!(code, exit, "{name}");
        checked += 1;
    }
    assert_eq!(
        checked,
        Code::ALL.len() + 1,
        "one fixture per code, plus clean.toml"
    );
}

#[test]
fn every_code_has_a_fixture_that_shows_it() {
    for code in Code::ALL {
        let path = format!("{FINDINGS}/{}.toml", code.name());
        let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
            .unwrap_or_else(|_| panic!("{path} is missing"));
        assert!(
            text.contains(&format!("# expect: {} ", code.name())),
            "{path} does not show {}",
            code.name()
        );
    }
}

#[test]
fn every_code_is_documented() {
    let docs = include_str!("../../docs/checks.md");
    let documented: Vec<&str> = docs
        .lines()
        .filter_map(|line| line.strip_prefix("### `"))
        .filter_map(|line| line.strip_suffix('`'))
        .collect();
    let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    let mut sorted = documented.clone();
    sorted.sort_unstable();
    names.sort_unstable();
    assert_eq!(sorted, names, "docs/checks.md and the codes differ");
}

#[test]
fn warnings_fail_only_when_denied() {
    let file = "tests/data/findings/missing-note.toml";
    assert_eq!(run(&["check", file]).0, 0);
    assert_eq!(run(&["check", "--deny", "warnings", file]).0, 1);
    assert_eq!(
        run(&[
            "check",
            "--deny",
            "warnings",
            "tests/data/findings/clean.toml"
        ])
        .0,
        0
    );
}

#[test]
fn seed_under_its_own_profile() {
    let (code, report) = run(&["check", "fixtures/2022.toml"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("seed_human_yiyang", report);
}

#[test]
fn seed_under_the_central_rules() {
    let (code, report) = run(&["check", "--rules", "mof-2020", "fixtures/2022.toml"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("seed_human_mof", report);
}

#[test]
fn seed_in_english_for_reviewers() {
    let args = ["check", "--rules", "mof-2020", "fixtures/2022.toml"];
    let (code, report) = run(&[&args[..], &["--lang", "en"]].concat());
    assert_eq!(code, 1);
    insta::assert_snapshot!("seed_human_mof_en", report);
    // The same from the environment, for CI jobs that set it once.
    let output = perf_eval()
        .args(args)
        .env("PERF_EVAL_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), report);
}

#[test]
fn seed_as_json() {
    let (code, report) = run(&["check", "--format", "json", "fixtures/2022.toml"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("seed_json", report);
}

/// The bundled table checked under the central rules, in `format`.
fn seed_under_mof(format: &str) -> String {
    let (code, report) = run(&[
        "check",
        "--format",
        format,
        "--rules",
        "mof-2020",
        "fixtures/2022.toml",
    ]);
    assert_eq!(code, 1);
    report
}

#[test]
fn seed_as_github_annotations() {
    insta::assert_snapshot!("seed_github_mof", seed_under_mof("github"));
}

#[test]
fn a_folder_with_a_broken_file_checks_the_rest() {
    let (code, report) = run(&["check", "tests/data/bad", "tests/data/findings/clean.toml"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("folder_with_broken_files", report);
}

#[test]
fn reads_standard_input() {
    let output = perf_eval()
        .args(["check", "-"])
        .write_stdin(fs::read("tests/data/findings/level1-header.toml").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("  --> <stdin>:19:10\n"), "{report}");
}

#[test]
fn symlink_loops_are_reported_and_the_walk_goes_on() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("symlink-loop");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("a")).unwrap();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/findings/clean.toml"),
        dir.join("a/clean.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("a/loop")).unwrap();
    let (code, report) = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(report.contains("符号链接循环指回"), "{report}");
    assert!(
        report.contains("已复核 2 个文件：0 处错误，0 处警告，0 处提示（1 个无法使用）"),
        "{report}"
    );
}

#[cfg(unix)]
#[test]
fn a_folder_reached_by_many_links_is_read_once() {
    // d0/a and d0/b lead to d1, d1/a and d1/b to d2, …: no loop, but 2^24 paths to the one
    // table at the bottom. It is checked once, and the walk ends.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("symlink-diamonds");
    let _ = fs::remove_dir_all(&dir);
    let depth = 24;
    for level in 0..=depth {
        fs::create_dir_all(dir.join(format!("d{level}"))).unwrap();
    }
    for level in 0..depth {
        for name in ["a", "b"] {
            let link = dir.join(format!("d{level}/{name}"));
            std::os::unix::fs::symlink(dir.join(format!("d{}", level + 1)), link).unwrap();
        }
    }
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/findings/clean.toml"),
        dir.join(format!("d{depth}/clean.toml")),
    )
    .unwrap();
    let (code, report) = run(&["check", dir.join("d0").to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    assert!(
        report.ends_with("已复核 1 个文件：0 处错误，0 处警告，0 处提示\n"),
        "{report}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let file = "tests/data/findings/level1-header.toml";
    let (_, plain) = run(&["check", file]);
    assert!(!plain.contains('\x1b'));
    let (_, coloured) = run(&["check", "--color", "always", file]);
    assert!(
        coloured.contains("\x1b[1m\x1b[91m错误[level1-header]\x1b[0m"),
        "{coloured}"
    );
}

/// Standard output of `perf-eval check tests/data/spans` with `args` and `env`: files that cannot
/// be used (exit 2), one with a value in Chinese, one with a span over several lines, one with two
/// unknown keys.
fn check_unusable(args: &[&str], env: &[(&str, &str)]) -> String {
    let output = perf_eval()
        .args(["check", "--quiet", "tests/data/spans"])
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn unusable_files_are_shown_with_their_source_lines() {
    let plain = check_unusable(&[], &[]);
    insta::assert_snapshot!("unusable_spans", plain);
    let coloured = check_unusable(&["--color", "always"], &[]);
    insta::assert_snapshot!("unusable_spans_coloured", coloured.replace('\x1b', "␛"));
    assert_eq!(check_unusable(&[], &[("CLICOLOR_FORCE", "1")]), coloured);
    let no_color = [("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")];
    assert_eq!(check_unusable(&[], &no_color), plain);
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let output = perf_eval()
        .args(["check", "--rules", "nowhere", "fixtures/2022.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "错误: 没有名为 `nowhere` 的评分规则；内置规则：mof-2020, anhui, guangxi, hubei, jiangxi, sichuan, yiyang-2022, zhejiang（也可给出规则文件的路径）\n"
    );
    let english = perf_eval()
        .args([
            "--lang",
            "en",
            "check",
            "--rules",
            "nowhere",
            "fixtures/2022.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(english.stderr).unwrap(),
        "error: unknown rule profile `nowhere`; built-in profiles: mof-2020, anhui, guangxi, hubei, jiangxi, sichuan, yiyang-2022, zhejiang (or give a path to a profile file)\n"
    );
}

#[test]
fn hidden_folders_are_passed_over() {
    let dir = common::scratch("hidden-folders");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/config.toml"), "not = [a table").unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/findings/clean.toml"),
        dir.join("2023.toml"),
    )
    .unwrap();
    let (code, report) = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report, "已复核 1 个文件：0 处错误，0 处警告，0 处提示\n");
}

#[test]
fn an_assumed_or_unread_cell_fails_under_deny_warnings() {
    for file in [
        "tests/data/findings/cell-assumed.toml",
        "tests/data/findings/cell-unread.toml",
        "tests/data/findings/direction-inferred.toml",
    ] {
        let code = |deny: bool| {
            let mut args = vec!["check", "--format", "json", file];
            if deny {
                args.extend(["--deny", "warnings"]);
            }
            run(&args).0
        };
        // direction-inferred is information: it never fails a run.
        let expected = if file.contains("direction") { 0 } else { 1 };
        assert_eq!((code(false), code(true)), (0, expected), "{file}");
    }
}

#[test]
fn a_table_still_being_drafted_is_checked_not_refused() {
    let file = "tests/data/shapes/drafted.toml";
    let (code, json) = run(&["check", "--format", "json", file]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&json),
        [
            "funds-basis-fallback 13:1",
            "row-not-filled 41:10",
            "row-not-filled 44:1",
        ]
    );
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let funds = &document["files"][0]["funds"];
    assert_eq!(funds["annual"], serde_json::Value::Null, "{funds}");
    insta::assert_snapshot!("drafted_table", stdout_of(&["score", file]));
}

#[test]
fn seed_as_json_lines() {
    insta::assert_snapshot!("seed_jsonl_mof", seed_under_mof("jsonl"));
}

/// Each line of a `jsonl` run, parsed on its own, as a tool reading it line by line would.
fn json_lines(args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let (code, report) = run(args);
    assert!(report.ends_with('\n'), "{report}");
    let lines = report
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    (code, lines)
}

const MIXED: [&str; 3] = [
    "fixtures/2022.toml",
    "tests/data/import/seed-template.xls",
    "tests/data/bad",
];

/// The finding at 自评表!H12 of the bundled workbook's line: its score-mismatch.
fn at_h12(table: &serde_json::Value) -> &serde_json::Value {
    table["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["sheet"] == "自评表" && f["cell"] == "H12")
        .unwrap()
}

#[test]
fn json_lines_give_json_facts_line_by_line() {
    let (code, lines) = json_lines(&[&["check", "--format", "jsonl"][..], &MIXED].concat());
    let (json_code, json) = run(&[&["check", "--format", "json"][..], &MIXED].concat());
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!((code, json_code), (2, 2));
    let (last, files) = lines.split_last().unwrap();
    assert_eq!(last["version"], 1);
    assert_eq!(last["summary"], document["summary"]);
    let entries = document["files"].as_array().unwrap();
    assert_eq!(files.len(), entries.len());
    for (line, entry) in files.iter().zip(entries) {
        assert_eq!(line["path"], entry["path"]);
        assert_eq!(line["status"], entry["status"]);
        if line["status"] == "unusable" {
            assert_eq!(line["error"], entry["error"]);
            continue;
        }
        assert_eq!(line["total"]["score"], entry["total"]["score"]);
        assert_eq!(line["total"]["grade"], entry["total"]["grade"]);
        assert_eq!(line["funds"]["score"], entry["funds"]["score"]);
        assert_eq!(line["level1"], entry["level1"]);
        let rows = line["rows"].as_array().unwrap();
        let indicators = entry["indicators"].as_array().unwrap();
        assert_eq!(rows.len(), indicators.len());
        for (row, indicator) in rows.iter().zip(indicators) {
            for field in ["line", "sheet", "cell", "weight", "score", "outcome"] {
                assert_eq!(row.get(field), indicator.get(field), "{field}");
            }
            assert_eq!(
                row.get("declared_score"),
                indicator.get("declared_score").filter(|s| !s.is_null())
            );
            assert_eq!(row.get("derivation"), None);
        }
        let findings = line["findings"].as_array().unwrap();
        let expected = entry["findings"].as_array().unwrap();
        assert_eq!(findings.len(), expected.len());
        for (finding, full) in findings.iter().zip(expected) {
            for field in [
                "code", "severity", "line", "column", "sheet", "cell", "message",
            ] {
                assert_eq!(finding.get(field), full.get(field), "{field}");
            }
            // A workbook's finding is at its cell, never at a line of a project file.
            if entry.get("sheet").is_some() {
                assert!(finding.get("line").is_none() && finding.get("cell").is_some());
            }
            assert_eq!(finding.get("help"), None);
        }
    }
    // A mismatch in an imported workbook: its cell, both figures, the message in Chinese.
    let mismatch = at_h12(&files[1]);
    assert_eq!(
        (
            &mismatch["code"],
            &mismatch["severity"],
            &mismatch["declared"],
            &mismatch["computed"]
        ),
        (
            &"score-mismatch".into(),
            &"error".into(),
            &"4".into(),
            &"4.25".into()
        ),
    );
    assert_eq!(
        mismatch["message"],
        "「“益办事”APP办理事项」填报得分 4，按规则应得 4.25"
    );
}

#[test]
fn json_lines_explain_in_the_language_asked() {
    let (_, lines) = json_lines(&[
        "check",
        "--format",
        "jsonl",
        "--explain",
        "--lang",
        "en",
        "tests/data/import/seed-template.xls",
    ]);
    let table = &lines[0];
    let mismatch = at_h12(table);
    assert_eq!(
        mismatch["message"],
        "declared 得分 4 of 「“益办事”APP办理事项」 differs from the computed 4.25"
    );
    assert_eq!(mismatch["help"], "unmet (≥): 850/1000 × 5 = 4.25");
    assert_eq!(
        table["rows"][0]["derivation"],
        "unmet (≥): 850/1000 × 5 = 4.25"
    );
    assert_eq!(
        table["total"]["derivation"],
        "indicators 95.50 + funds 10.00 = 105.50 of 110 → 95.91 on the 100-point scale → 优"
    );
}

/// Every string of a JSON value, with the key it stands under.
fn strings<'a>(value: &'a serde_json::Value, key: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    match value {
        serde_json::Value::String(text) => out.push((key, text)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, key, out)),
        serde_json::Value::Object(fields) => fields.iter().for_each(|(k, v)| strings(v, k, out)),
        _ => {}
    }
}

#[test]
fn a_json_report_is_in_one_language() {
    // A project file, a pasted text and an unusable file: findings, derivations, outcomes,
    // warnings and the refusal.
    let inputs = [
        "fixtures/2022.toml",
        "tests/data/import/yiyang-2022.txt",
        "tests/data/bad/syntax.toml",
    ];
    let json = |lang: &str| {
        let output = perf_eval()
            .args([
                "check", "--format", "json", "--rules", "mof-2020", "--lang", lang,
            ])
            .args(inputs)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    let zh = json("zh");
    let mut said = Vec::new();
    strings(&zh, "", &mut said);
    assert!(said.iter().any(|(key, _)| *key == "derivation"));
    for (key, text) in &said {
        assert_eq!(
            perf_eval::messages::english_sentence(text),
            None,
            "{key}: {text}"
        );
    }
    // In English, what perf-eval says has no Chinese sentence: Chinese stands only for what the
    // table wrote (names and cells, quoted) and the form's own terms, never with Chinese
    // punctuation between them.
    let en = json("en");
    let mut said = Vec::new();
    strings(&en, "", &mut said);
    let worded = ["message", "label", "help", "derivation"];
    let words: Vec<_> = said
        .iter()
        .filter(|(key, _)| worded.contains(key))
        .collect();
    assert!(words.len() > 20);
    for (key, text) in words {
        let unquoted: String = text
            .split(['「', '」'])
            .step_by(2)
            .collect::<Vec<_>>()
            .concat();
        assert!(
            !unquoted.contains(['，', '。', '；', '：', '（', '）']),
            "{key}: {text}"
        );
    }
}
