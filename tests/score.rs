//! `perf-eval score`: the printed table, exit codes and error messages.

use unicode_width::UnicodeWidthStr;

mod common;
use common::{fails_with, stdout_of};

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
        "error: fixtures/none.toml: cannot read: No such file or directory (os error 2)\n",
    );
}

#[test]
fn unknown_profile_exits_2() {
    fails_with(
        &["score", "fixtures/2022.toml", "--rules", "hunan"],
        2,
        "error: unknown rule profile `hunan`; built-in profiles: mof-2020, yiyang-2022, hubei, sichuan, jiangxi, zhejiang, guangxi, anhui (or give a path to a profile file)\n",
    );
}

#[test]
fn bad_input_exits_2_with_file_line_column() {
    let cases = [
        (
            "tests/data/bad/syntax.toml",
            "error: tests/data/bad/syntax.toml:5:7: unclosed table, expected `]`\n",
        ),
        (
            "tests/data/bad/unknown-key.toml",
            "error: tests/data/bad/unknown-key.toml:13:1: unknown key `socre`, expected one of `level1`, `level2`, `name`, `target`, `actual`, `weight`, `score`, `note`, `deduction`, `kind`, `direction`, `na`, `detail`; did you mean `score`?\n",
        ),
        (
            "tests/data/bad/missing-key.toml",
            "error: tests/data/bad/missing-key.toml:3:1: missing required key `year`\n",
        ),
        (
            "tests/data/bad/negative-weight.toml",
            "error: tests/data/bad/negative-weight.toml:12:10: `indicator.weight`: a weight (分值) must not be negative, found -5\n",
        ),
        (
            "tests/data/bad/text-weight.toml",
            "error: tests/data/bad/text-weight.toml:12:10: `indicator.weight`: expected points like 5 or \"5分\", found \"五\"\n",
        ),
        (
            "tests/data/bad/huge-number.toml",
            "error: tests/data/bad/huge-number.toml:8:33: `funds.total.initial`: 1e40 is too large or too precise for exact decimals (at most 28 significant digits)\n",
        ),
        (
            "tests/data/bad/unknown-rules.toml",
            "error: tests/data/bad/unknown-rules.toml:6:9: `project.rules`: unknown rule profile `hunan-2023`; built-in profiles: mof-2020, yiyang-2022, hubei, sichuan, jiangxi, zhejiang, guangxi, anhui (or give a path to a profile file)\n",
        ),
    ];
    for (file, message) in cases {
        fails_with(&["score", file], 2, message);
    }
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
