//! perf-eval's own documents read back: the draft report's Word file (`report -o x.docx`) and
//! the scored workbook (`score -o x.xlsx`) import to the table they were written from, under
//! every built-in profile, and a clean table's draft checks clean.

use std::fs;

use perf_eval::audit::check;
use perf_eval::profile::{BUILTIN, Profile};
use perf_eval::project::{FundsRow, Project, load};
use perf_eval::source::Source;
use rust_decimal::Decimal;

use crate::common::{perf_eval, scratch, stdout_of};

/// A project as lines of what the paper form shows, for a readable difference.
fn form(project: &Project) -> Vec<String> {
    let figure =
        |value: Option<Decimal>| value.map_or("—".to_string(), |v| v.normalize().to_string());
    let row = |label: &str, row: &FundsRow| {
        let [initial, annual, executed] =
            [&row.initial, &row.annual, &row.executed].map(|v| figure(v.as_ref().map(|v| v.value)));
        format!("{label}: {initial} | {annual} | {executed}")
    };
    let funds = &project.funds;
    let mut lines = vec![
        format!("项目名称: {}", project.name.value),
        format!("年度: {}", project.year),
        format!("主管部门: {}", project.department),
        format!("实施单位: {}", project.implementer),
        format!(
            "评分规则: {}",
            project.rules.as_ref().map_or("", |r| r.value.as_str())
        ),
        format!("资金单位: {}", funds.unit.label()),
        format!(
            "预算执行分值: {}",
            figure(funds.weight.as_ref().map(|v| v.value))
        ),
        format!(
            "预算执行得分: {}",
            figure(funds.score.as_ref().map(|v| v.value))
        ),
        row("年度资金总额", &funds.total),
        row("财政拨款", &funds.appropriation),
        row("上年结转资金", &funds.carryover),
        row("其他资金", &funds.other),
        format!("预期目标: {}", project.goals.expected),
        format!("实际完成情况: {}", project.goals.actual),
    ];
    for header in &project.level1 {
        lines.push(format!(
            "一级指标: {} {}",
            header.name.value,
            figure(header.weight.as_ref().map(|v| v.value))
        ));
    }
    for row in &project.indicators {
        lines.push(format!(
            "{} / {} / {} | {} | {} | {} | {} | 扣分 {} | {} | 不适用 {} 明细 {}",
            row.level1.value,
            row.level2.value,
            row.name.value,
            row.target.value.text,
            row.actual.value.text,
            figure(row.weight.as_ref().map(|v| v.value)),
            figure(row.score.as_ref().map(|v| v.value)),
            figure(row.deduction.as_ref().map(|v| v.value)),
            row.note.as_ref().map_or("", |n| n.value.as_str()),
            row.na,
            row.detail,
        ));
    }
    let total = &project.total;
    // The grade and 执行率 are printed as computed, and the declared ones beside them only
    // where the rules find them different: what they conclude is compared in `findings`.
    lines.push(format!(
        "总分: {} {} 评价等级{}",
        figure(total.weight.as_ref().map(|v| v.value)),
        figure(total.score.as_ref().map(|v| v.value)),
        if total.grade.is_some() {
            "已填"
        } else {
            "未填"
        },
    ));
    lines.push(format!(
        "执行率{}",
        if funds.rate.is_some() {
            "已填"
        } else {
            "未填"
        }
    ));
    lines
}

/// What checking the table under `rules` finds, without places.
fn findings(project: &Project, rules: &str) -> Vec<String> {
    let profile = Profile::builtin(rules).unwrap();
    let (evaluation, findings) = check(project, &profile);
    findings
        .iter()
        .map(|f| {
            let message = f.text(&evaluation, perf_eval::lang::Lang::Zh).message;
            format!("{:?}: {message}", f.code)
        })
        .collect()
}

fn project_of(name: &str, text: String) -> Project {
    load(&Source::new(name, text)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Writes `file` under `rules` as `kind` (`docx` by `report`, `xlsx` by `score`), imports it
/// back, and asserts the same form, rules and declared 执行率.
fn reads_back(file: &str, rules: &str, kind: &str) {
    let dir = scratch(&format!("own-{rules}-{kind}-{}", file.replace('/', "_")));
    let written = dir.join(format!("table.{kind}"));
    let command = if kind == "docx" { "report" } else { "score" };
    let output = perf_eval()
        .args([command, file, "--rules", rules, "-o"])
        .arg(&written)
        .output()
        .unwrap();
    assert!(written.exists(), "{output:?}");
    let original = project_of(file, fs::read_to_string(file).unwrap());
    let imported = stdout_of(&["import", written.to_str().unwrap()]);
    let read = project_of("imported.toml", imported.clone());
    let mut expected = form(&original);
    // The rules the table was written under, which it says, not the ones it named.
    expected[4] = format!("评分规则: {rules}");
    assert_eq!(form(&read), expected, "{rules} {kind}:\n{imported}");
    assert_eq!(
        findings(&read, rules),
        findings(&original, rules),
        "{rules} {kind}:\n{imported}"
    );
}

/// The reference table, a clean one with empty goals, one whose declared scores are off
/// (printed `3.33【填报 4】`), one without a 主管部门 or 全年预算数 with funds from every
/// source, and 广西's with a row's 扣分.
const TABLES: [&str; 5] = [
    "fixtures/2022.toml",
    "tests/data/findings/clean.toml",
    "tests/data/findings/score-mismatch.toml",
    "tests/data/shapes/own.toml",
    "tests/data/provinces/guangxi.toml",
];

#[test]
fn the_word_report_reads_back_to_its_table_under_every_profile() {
    for (rules, _) in BUILTIN {
        for table in TABLES {
            reads_back(table, rules, "docx");
        }
    }
}

#[test]
fn the_scored_workbook_reads_back_to_its_table_under_every_profile() {
    for (rules, _) in BUILTIN {
        for table in TABLES {
            reads_back(table, rules, "xlsx");
        }
    }
}

#[test]
fn a_clean_table_drafted_by_report_checks_clean() {
    let dir = scratch("own-clean-draft");
    for (table, rules) in [
        ("tests/data/findings/clean.toml", "mof-2020"),
        ("tests/data/findings/clean.toml", "sichuan"),
        ("tests/data/provinces/guangxi.toml", "guangxi"),
    ] {
        let draft = dir.join(format!("{rules}.docx"));
        perf_eval()
            .args(["report", table, "--rules", rules, "-o"])
            .arg(&draft)
            .output()
            .unwrap();
        let output = perf_eval()
            .args(["check", "--rules", rules])
            .arg(&draft)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(0), "{rules}: {stdout}");
        assert_eq!(
            stdout, "已复核 1 个文件：0 处错误，0 处警告，0 处提示\n",
            "{rules}"
        );
    }
}

/// The declared grade `import` reads from `table` written under `rules` as `kind`.
fn grade_read_back(table: &str, rules: &str, kind: &str) -> Option<String> {
    let dir = scratch(&format!("own-grade-{rules}-{kind}"));
    let written = dir.join(format!("table.{kind}"));
    let command = if kind == "docx" { "report" } else { "score" };
    perf_eval()
        .args([command, table, "--rules", rules, "-o"])
        .arg(&written)
        .output()
        .unwrap();
    let imported = stdout_of(&["import", written.to_str().unwrap()]);
    project_of("imported.toml", imported)
        .total
        .grade
        .map(|grade| grade.value)
}

#[test]
fn a_declared_grade_reads_back_where_perf_eval_gives_none() {
    // hubei grades nothing (不评级); a table with a row not filled in is not graded
    // (未完成填报，不评级). The unit's grade stays beside, and reads back as declared.
    for (table, rules, grade) in [
        ("fixtures/2022.toml", "hubei", "优秀"),
        ("tests/data/findings/row-not-filled.toml", "mof-2020", "优"),
        ("tests/data/findings/row-not-filled.toml", "sichuan", "优"),
    ] {
        for kind in ["docx", "xlsx"] {
            assert_eq!(
                grade_read_back(table, rules, kind).as_deref(),
                Some(grade),
                "{table} {rules} {kind}"
            );
        }
    }
    // Nothing declared: `不评级` is no grade.
    for kind in ["docx", "xlsx"] {
        assert_eq!(
            grade_read_back("tests/data/provinces/hubei.toml", "hubei", kind),
            None
        );
    }
}
