//! `perf-eval score`: the printed table, exit codes and error messages.

use unicode_width::UnicodeWidthStr;

mod common;
use common::{fails_with, perf_eval, stdout_of};

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
        "错误：fixtures/none.toml: 无法读取：找不到该文件或文件夹\n",
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
        "错误：没有名为 `hunan` 的评分规则；内置规则：mof-2020, yiyang-2022, hubei, sichuan, jiangxi, zhejiang, guangxi, anhui（也可给出规则文件的路径）\n",
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
        "error: unknown rule profile `hunan`; built-in profiles: mof-2020, yiyang-2022, hubei, sichuan, jiangxi, zhejiang, guangxi, anhui (or give a path to a profile file)\n",
    );
}

/// Every input error, in Chinese and with `--lang en` in English, each with its file, line and
/// column, exit status 2 and nothing on standard output.
#[test]
fn bad_input_exits_2_with_file_line_column() {
    let mut report = String::new();
    for file in [
        "tests/data/bad/syntax.toml",
        "tests/data/bad/unknown-key.toml",
        "tests/data/bad/missing-key.toml",
        "tests/data/bad/negative-weight.toml",
        "tests/data/bad/text-weight.toml",
        "tests/data/bad/huge-number.toml",
        "tests/data/bad/unknown-rules.toml",
    ] {
        for lang in ["zh", "en"] {
            let output = perf_eval()
                .args(["--lang", lang, "score", file])
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{file}");
            assert!(output.stdout.is_empty(), "{file}");
            report.push_str(&String::from_utf8(output.stderr).unwrap());
        }
    }
    insta::assert_snapshot!(report);
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
