//! `perf-eval score`: the printed table, exit codes and error messages.

use unicode_width::UnicodeWidthStr;

use crate::common;
use common::{fails_with, perf_eval, stdout_of, unusable};

/// Every line of a bordered grid has the same display width.
fn assert_grids_line_up(text: &str) {
    let mut widths = Vec::new();
    for line in text.lines() {
        if line.starts_with(['+', '|']) {
            widths.push(line.width());
        } else if !widths.is_empty() {
            assert!(
                widths.iter().all(|w| *w == widths[0]),
                "ragged grid: {widths:?}"
            );
            widths.clear();
        }
    }
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "ragged grid: {widths:?}"
    );
}

#[test]
fn seed_table_under_its_own_practice() {
    let table = stdout_of(&["score", "fixtures/2022.toml"]);
    assert_grids_line_up(&table);
    insta::assert_snapshot!("seed_yiyang", table);
}

#[test]
fn seed_table_under_the_central_rules() {
    let table = stdout_of(&["score", "fixtures/2022.toml", "--rules", "mof-2020"]);
    assert_grids_line_up(&table);
    insta::assert_snapshot!("seed_mof", table);
}

#[test]
fn seed_table_in_english_labels() {
    let table = stdout_of(&["score", "fixtures/2022.toml", "--lang", "en"]);
    assert!(table.starts_with("2022 project expenditure performance self-evaluation\n"));
    assert!(table.contains("| Total "));
    assert_grids_line_up(&table);
}

#[test]
fn missing_file_exits_2() {
    fails_with(
        &["score", "fixtures/none.toml"],
        2,
        "错误: fixtures/none.toml: 无法读取：找不到该文件或文件夹\n",
    );
    fails_with(
        &["score", "fixtures/none.toml", "--lang", "en"],
        2,
        "error: fixtures/none.toml: cannot read: no such file or folder\n",
    );
}

#[test]
fn unknown_profile_exits_2() {
    fails_with(
        &["score", "fixtures/2022.toml", "--rules", "hunan"],
        2,
        "错误: 没有名为 `hunan` 的评分规则；内置规则：mof-2020, anhui, guangxi, hubei, jiangxi, sichuan, yiyang-2022, zhejiang（也可给出规则文件的路径）\n",
    );
    fails_with(
        &[
            "score",
            "fixtures/2022.toml",
            "--rules",
            "hunan",
            "--lang",
            "en",
        ],
        2,
        "error: unknown rule profile `hunan`; built-in profiles: mof-2020, anhui, guangxi, hubei, jiangxi, sichuan, yiyang-2022, zhejiang (or give a path to a profile file)\n",
    );
}

/// Unusable inputs, each with what makes it so: a syntax error, an unknown key, a missing key, a
/// negative weight, a weight in words, a number past exact decimals, an unknown profile, a value
/// in Chinese underlined by its display width, a span over several lines, and two unknown keys
/// (each shown with its line).
const BAD: [&str; 10] = [
    "tests/data/bad/syntax.toml",
    "tests/data/bad/unknown-key.toml",
    "tests/data/bad/missing-key.toml",
    "tests/data/bad/negative-weight.toml",
    "tests/data/bad/text-weight.toml",
    "tests/data/bad/huge-number.toml",
    "tests/data/bad/unknown-rules.toml",
    "tests/data/spans/cjk.toml",
    "tests/data/spans/multiline.toml",
    "tests/data/spans/unknown-keys.toml",
];

/// Standard error of `perf-eval score FILE` with `args` and `env`, which must fail with status 2
/// and print nothing on standard output.
fn score_error(file: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    unusable(
        perf_eval()
            .arg("score")
            .arg(file)
            .args(args)
            .envs(env.iter().copied()),
    )
}

/// Every input error, in Chinese and with `--lang en` in English, each with its file, line and
/// column and its source line, exit status 2 and nothing on standard output.
#[test]
fn bad_input_exits_2_with_the_source_line() {
    let mut reports = Vec::new();
    for file in BAD {
        for lang in ["zh", "en"] {
            reports.push(score_error(file, &["--lang", lang], &[]));
        }
    }
    insta::assert_snapshot!("bad_input", reports.join("\n"));
}

#[test]
fn bad_input_in_colour_when_asked() {
    let cjk = "tests/data/spans/cjk.toml";
    let coloured = score_error(cjk, &["--color", "always"], &[]);
    insta::assert_snapshot!("bad_input_coloured", coloured.replace('\x1b', "␛"));
    // CLICOLOR_FORCE asks for colour off a terminal too; NO_COLOR (and --color never) overrule it.
    assert_eq!(score_error(cjk, &[], &[("CLICOLOR_FORCE", "1")]), coloured);
    let plain = score_error(cjk, &[], &[]);
    assert!(!plain.contains('\x1b'), "{plain}");
    let force = ("CLICOLOR_FORCE", "1");
    assert_eq!(score_error(cjk, &[], &[force, ("NO_COLOR", "1")]), plain);
    assert_eq!(score_error(cjk, &["--color", "never"], &[force]), plain);
}

#[test]
fn profile_from_a_path() {
    let table = stdout_of(&["score", "tests/data/custom-rules.toml"]);
    assert!(table.contains("评分规则：strict-test"), "{table}");
    assert!(table.contains("评价等级：良 "), "{table}");
}

#[test]
fn says_when_declared_scores_are_taken_and_totals_summed() {
    let table = stdout_of(&["score", "tests/data/empty-cells.toml"]);
    assert!(table.contains("| 年度资金总额（按分项合计） |"), "{table}");
    assert!(table.ends_with(
        "注1：年度资金总额未填，按各分项合计\n注2：「社会影响」：年度指标值或实际完成值为空，按填报得分计 92\n"
    ), "{table}");
}

#[test]
fn every_command_shows_an_input_error_the_same_way() {
    let file = "tests/data/spans/cjk.toml";
    let expected = score_error(file, &[], &[]);
    let commands: [&[&str]; 3] = [
        &["explain", file],
        &["diff", file, "--rules", "mof-2020"],
        &["report", file],
    ];
    for args in commands {
        assert_eq!(unusable(perf_eval().args(args)), expected, "{args:?}");
    }
    // `check` reports on standard output, a blank line after each file.
    let output = perf_eval()
        .args(["check", "--quiet", file])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{expected}\n")
    );
}

#[test]
fn every_command_takes_color() {
    let seed = "fixtures/2022.toml";
    let commands: [&[&str]; 6] = [
        &["score", seed],
        &["explain", seed, "1"],
        &["diff", seed, "--rules", "mof-2020"],
        &["rules"],
        &["schema"],
        &["completions", "bash"],
    ];
    for args in commands {
        for color in ["auto", "always", "never"] {
            let output = perf_eval()
                .args(args)
                .args(["--color", color])
                .output()
                .unwrap();
            assert_eq!(
                output.status.code(),
                Some(0),
                "{args:?} {color}: {output:?}"
            );
        }
    }
}

#[test]
fn score_output_says_what_it_wrote_and_whether_the_table_checks() {
    let dir = common::scratch("score-output-note");
    for (file, status) in [
        (
            "fixtures/2022.toml",
            "自评表复核有 2 处错误，改正前不应报送（`perf-eval check` 可查看每处错误的位置）。",
        ),
        ("tests/data/findings/clean.toml", "自评表复核无错误。"),
    ] {
        let path = dir.join("自评表.xlsx");
        let output = common::perf_eval()
            .args(["score", file, "-o", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert!(output.stdout.is_empty());
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            format!("已写入 {}；{status}\n", path.display())
        );
    }
}
