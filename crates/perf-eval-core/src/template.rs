//! `perf-eval init`: a commented project file for a new table, following a profile's structure,
//! with one example indicator per standard 二级指标 and every figure filled in so that the file
//! loads and scores cleanly from the first minute.

use std::fmt::Write;

use rust_decimal::Decimal;

use std::path::{Path, PathBuf};

use crate::engine::evaluate;
use crate::error::Error;
use crate::number::{fixed, plain};
use crate::output::write_file;
use crate::profile::Profile;
use crate::project::load;
use crate::schema;
use crate::source::Source;

/// The file name of the JSON Schema that `init` points editors to.
pub const SCHEMA_FILE: &str = "perf-eval.schema.json";

/// One example indicator. `{year}` in a target or actual stands for the table's year, so that
/// a date example falls in the year evaluated.
struct Example {
    level2: &'static str,
    name: &'static str,
    target: &'static str,
    actual: &'static str,
    /// A comment on the target's form.
    form: &'static str,
}

/// The 一级指标 a standard 二级指标 (`数量指标`, or `数量` without 指标) belongs to.
pub fn level1_of(level2: &str) -> Option<&'static str> {
    let short = level2.strip_suffix("指标").unwrap_or(level2);
    if short.is_empty() {
        return None;
    }
    STRUCTURE.iter().find_map(|(level1, examples)| {
        examples
            .iter()
            .any(|e| e.level2.strip_suffix("指标") == Some(short))
            .then_some(*level1)
    })
}

/// The standard 二级指标 of each 一级指标, with an example of each target form.
const STRUCTURE: &[(&str, &[Example])] = &[
    (
        "产出指标",
        &[
            Example {
                level2: "数量指标",
                name: "培训人次",
                target: "≥500人次",
                actual: "520人次",
                form: "≥ 目标：实际达到或超过即得满分",
            },
            Example {
                level2: "质量指标",
                name: "验收合格率",
                target: "≥95%",
                actual: "98%",
                form: "百分比目标",
            },
            Example {
                level2: "时效指标",
                name: "项目完成时间",
                target: "≤{year}年12月",
                actual: "{year}年11月",
                form: "日期目标：不晚于该月",
            },
            Example {
                level2: "成本指标",
                name: "项目建设成本",
                target: "≤100万元",
                actual: "98.5万元",
                form: "金额目标：成本指标默认 ≤，元/万元/亿元自动换算",
            },
        ],
    ),
    (
        "效益指标",
        &[
            Example {
                level2: "经济效益指标",
                name: "带动社会投资",
                target: "≥200万元",
                actual: "230万元",
                form: "金额目标",
            },
            Example {
                level2: "社会效益指标",
                name: "群众办事便利度",
                target: "有效提升",
                actual: "有效提升",
                form: "定性目标：实际完成值复述目标或写“达成”即为达成",
            },
            Example {
                level2: "生态效益指标",
                name: "机房能耗（PUE）",
                target: "≤1.5",
                actual: "1.4",
                form: "≤ 目标：实际不超过即得满分",
            },
            Example {
                level2: "可持续影响指标",
                name: "长效管理机制",
                target: "逐步完善",
                actual: "逐步完善",
                form: "定性目标",
            },
        ],
    ),
    (
        "满意度指标",
        &[Example {
            level2: "服务对象满意度指标",
            name: "服务对象满意度",
            target: "≥90%",
            actual: "92%",
            form: "满意度调查结果",
        }],
    ),
];

/// What `init` was asked for.
pub struct Options<'a> {
    pub profile: &'a Profile,
    pub name: &'a str,
    pub year: i64,
}

/// Writes a new project file at `path` (default `YEAR.toml`) and, beside it, the JSON Schema
/// its `#:schema` line names. Never overwrites the project file. Returns the path written.
pub fn init(path: Option<PathBuf>, options: &Options) -> Result<PathBuf, Error> {
    let path = path.unwrap_or_else(|| PathBuf::from(format!("{}.toml", options.year)));
    write_file(&path, &[], project_file(options).as_bytes(), false)?;
    let schema_path = path.parent().unwrap_or(Path::new(".")).join(SCHEMA_FILE);
    if !schema_path.exists() {
        write_file(
            &schema_path,
            &[],
            schema::json(schema::Kind::Project).as_bytes(),
            false,
        )?;
    }
    Ok(path)
}

/// The year before this one: self-evaluations look back on the year just ended.
pub fn last_year() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // 365.2425 days a year from 1970 is exact enough to tell the year.
    1970 + (seconds / 31_556_952) as i64 - 1
}

/// The weights of the three 一级指标: the profile's split where it has one, else 产出 50 /
/// 效益 40 / 满意度 10 when the indicators make 100, else 5 : 3 : 1 of what they make.
fn level1_weights(profile: &Profile) -> [Decimal; 3] {
    let indicators = profile.total
        - if profile.funds.counted {
            profile.funds.weight
        } else {
            Decimal::ZERO
        };
    let listed = |name: &str| {
        profile
            .level1
            .iter()
            .find(|rule| rule.name == name)
            .map(|rule| rule.weight)
    };
    if let (Some(output), Some(benefit)) = (listed("产出指标"), listed("效益指标")) {
        let shared = profile
            .level1
            .iter()
            .any(|rule| rule.includes.iter().any(|n| n == "满意度指标"));
        // Where 效益 and 满意度 share a weight, 满意度 takes a tenth of the indicators.
        let satisfaction = listed("满意度指标").unwrap_or(if shared {
            (indicators / Decimal::TEN).round()
        } else {
            Decimal::ZERO
        });
        let benefit = if shared {
            benefit - satisfaction
        } else {
            benefit
        };
        return [output, benefit, satisfaction];
    }
    if indicators == Decimal::ONE_HUNDRED {
        return [Decimal::from(50), Decimal::from(40), Decimal::TEN];
    }
    let ninth = (indicators / Decimal::from(9)).floor();
    [
        indicators - ninth * Decimal::from(4),
        ninth * Decimal::from(3),
        ninth,
    ]
}

/// Splits a weight over `parts` rows in whole points, the remainder to the first rows.
fn split(weight: Decimal, parts: usize) -> Vec<Decimal> {
    let parts_dec = Decimal::from(parts as u64);
    let each = (weight / parts_dec).floor();
    let mut remainder = weight - each * parts_dec;
    (0..parts)
        .map(|_| {
            let extra = remainder.min(Decimal::ONE).max(Decimal::ZERO);
            remainder -= extra;
            each + extra
        })
        .collect()
}

/// The file's text: first without declared scores, then scored and written again with the
/// computed figures as the declared ones, so that the example checks clean.
pub fn project_file(options: &Options) -> String {
    let draft = render(options, None);
    let source = Source::new("init.toml", draft.clone());
    let Ok(project) = load(&source) else {
        return draft;
    };
    let evaluation = evaluate(&project, options.profile);
    let places = options.profile.rounding;
    let scores = Scores {
        funds_rate: evaluation
            .funds
            .rate
            .map(|r| fixed(r * Decimal::ONE_HUNDRED, 0)),
        funds: fixed(evaluation.funds.score, places),
        rows: evaluation
            .rows
            .iter()
            .map(|row| fixed(row.score, places))
            .collect(),
        total: fixed(evaluation.total, places),
        weight: plain(evaluation.weight_total),
        grade: evaluation.grade.clone(),
    };
    render(options, Some(&scores))
}

struct Scores {
    funds_rate: Option<String>,
    funds: String,
    rows: Vec<String>,
    total: String,
    weight: String,
    grade: String,
}

/// The column comments start at, in display columns.
const COMMENT_COLUMN: usize = 36;

/// Writes `code`, then `# comment` lined up at [`COMMENT_COLUMN`] (CJK characters count double).
fn field(out: &mut String, code: &str, comment: &str) {
    use unicode_width::UnicodeWidthStr;
    let pad = COMMENT_COLUMN.saturating_sub(code.width()).max(1);
    let _ = writeln!(out, "{code}{}# {comment}", " ".repeat(pad));
}

fn render(options: &Options, scores: Option<&Scores>) -> String {
    let profile = options.profile;
    let mut out = format!(
        "#:schema ./{SCHEMA_FILE}\n\
         # {}年度项目支出绩效自评表 — 由 perf-eval init 生成。\n\
         # 规则：{}（{}）\n\
         # 填好后运行：perf-eval score 本文件；perf-eval check 本文件 复核每个数字。\n\
         # 数字可写成数值（1444.49）或带单位的文字（\"1444.49万元\"、\"86%\"），都按所写的精确小数计算。\n\n\
         schema = 1\n\n[project]\n",
        options.year, profile.name, profile.title
    );
    field(&mut out, &format!("name = {:?}", options.name), "项目名称");
    field(&mut out, &format!("year = {}", options.year), "年度");
    field(&mut out, "department = \"某某主管部门\"", "主管部门");
    field(&mut out, "implementer = \"某某实施单位\"", "实施单位");
    field(
        &mut out,
        &format!("rules = {:?}", profile.name),
        "评分规则：内置规则名或规则文件路径（perf-eval rules 列出内置规则）",
    );
    out.push('\n');
    field(&mut out, "[funds]", "项目资金");
    field(&mut out, "unit = \"万元\"", "金额单位：元 | 万元 | 亿元");
    let counted = if profile.funds.counted {
        "计入总分"
    } else {
        "按本规则不计入总分"
    };
    field(
        &mut out,
        &format!("weight = {}", plain(profile.funds.weight)),
        &format!("分值（{counted}）"),
    );
    if let Some(scores) = scores {
        if let Some(rate) = &scores.funds_rate {
            field(
                &mut out,
                &format!("rate = \"{rate}%\""),
                "执行率（填报数，可省略）",
            );
        }
        field(
            &mut out,
            &format!("score = {}", scores.funds),
            "得分（填报数，可省略）",
        );
    }
    out.push_str(
        "# 每行三列：initial 年初预算数、annual 全年预算数、executed 全年执行数；没有的写 {}\n",
    );
    let rows = [
        (
            "total        ",
            "{ initial = 100, annual = 100, executed = 96 }",
            "年度资金总额",
        ),
        (
            "appropriation",
            "{ initial = 100, annual = 100, executed = 96 }",
            "其中：当年财政拨款",
        ),
        ("carryover    ", "{}", "上年结转资金"),
        ("other        ", "{}", "其他资金"),
    ];
    for (key, value, comment) in rows {
        let _ = writeln!(out, "{key} = {value:<47} # {comment}");
    }
    out.push('\n');
    field(&mut out, "[goals]", "年度总体目标");
    field(&mut out, "expected = \"填写预期目标。\"", "预期目标");
    field(&mut out, "actual = \"填写实际完成情况。\"", "实际完成情况");

    let mut row = 0;
    for ((level1, examples), weight) in STRUCTURE.iter().zip(level1_weights(profile)) {
        out.push('\n');
        field(&mut out, "[[level1]]", "一级指标及其分值（表头所印）");
        let _ = writeln!(out, "name = {level1:?}\nweight = {}", plain(weight));
        for (example, share) in examples.iter().zip(split(weight, examples.len())) {
            out.push('\n');
            field(&mut out, "[[indicator]]", "三级指标，按表中顺序");
            field(&mut out, &format!("level1 = {level1:?}"), "一级指标");
            field(
                &mut out,
                &format!("level2 = {:?}", example.level2),
                "二级指标",
            );
            field(&mut out, &format!("name = {:?}", example.name), "三级指标");
            let in_year = |text: &str| text.replace("{year}", &options.year.to_string());
            field(
                &mut out,
                &format!("target = {:?}", in_year(example.target)),
                &format!("年度指标值：{}", example.form),
            );
            field(
                &mut out,
                &format!("actual = {:?}", in_year(example.actual)),
                "实际完成值：写实际达到的值，不写 ≥ ≤",
            );
            field(&mut out, &format!("weight = {}", plain(share)), "分值");
            if let Some(scores) = scores {
                field(
                    &mut out,
                    &format!("score = {}", scores.rows[row]),
                    "得分（填报数）",
                );
            }
            field(
                &mut out,
                "# note = \"\"",
                "偏差原因分析及改进措施（扣分时必填）",
            );
            row += 1;
        }
    }
    report_section(&mut out, options.year);
    if let Some(scores) = scores {
        out.push('\n');
        field(&mut out, "[total]", "总分行（填报数）");
        let _ = writeln!(out, "weight = {}\nscore = {}", scores.weight, scores.total);
        // Rules that grade nothing (湖北: 可以不评级) leave the grade out.
        if !scores.grade.is_empty() {
            let _ = writeln!(out, "grade = {:?}", scores.grade);
        }
    }
    out
}

/// The `[report]` keys: what only the unit can write in the 自评报告 (`perf-eval report`).
/// Text left empty is marked 【待填写】 in the draft; nothing is invented.
fn report_section(out: &mut String, year: i64) {
    out.push('\n');
    field(
        out,
        "[report]",
        "自评报告中由单位填写的文字；留空的在报告草稿中标出【待填写】",
    );
    out.push_str("# 文字可以分段：写在 \"\"\" 与 \"\"\" 之间，一行一段\n");
    let keys = [
        (
            "overview = \"\"",
            "一、项目概况：立项依据、主要内容、资金安排",
        ),
        (
            "process = \"\"",
            "二、绩效自评工作开展情况：自评目的、组织方式和工作过程",
        ),
        (
            "conclusion = \"\"",
            "三、综合评价结论的文字（自评分和评价等级由表计算，不必写）",
        ),
        (
            "# arrived = 100",
            "资金到位数（与项目资金同单位），用于资金到位率；去掉行首 # 后填写",
        ),
        ("funds = \"\"", "四（一）资金使用及管理情况，如未支出的原因"),
        (
            "problems = \"\"",
            "五、存在的问题和改进措施（各指标的偏差原因分析另在指标中填写）",
        ),
        ("application = \"\"", "六、绩效自评结果拟应用和公开情况"),
        (
            "filer = \"\"",
            "填报单位（盖章），也是报告落款；留空时用实施单位",
        ),
        ("preparer = \"\"", "填表人"),
        ("phone = \"\"", "联系电话"),
    ];
    for (code, comment) in keys {
        field(out, code, comment);
    }
    field(
        out,
        "date = \"\"",
        &format!("填报日期，也是报告的成文日期，如 \"{}年3月15日\"", year + 1),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Severity, check};
    use crate::profile::BUILTIN;

    #[test]
    fn every_profile_gives_a_file_that_checks_clean() {
        for (name, _) in BUILTIN {
            let profile = Profile::builtin(name).unwrap();
            let text = project_file(&Options {
                profile: &profile,
                name: "新建项目",
                year: 2025,
            });
            assert!(text.starts_with("#:schema ./perf-eval.schema.json\n"));
            let project = load(&Source::new("init.toml", text.as_str())).unwrap();
            let (evaluation, findings) = check(&project, &profile);
            let errors: Vec<_> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{name}: {errors:#?}");
            assert_eq!(evaluation.weight_total, profile.total, "{name}");
            assert_eq!(project.indicators.len(), 9);
            // A grade only where the rules grade (湖北 does not).
            assert_eq!(
                project.total.grade.is_some(),
                !profile.grades.is_empty(),
                "{name}"
            );
        }
    }

    fn mof_2020(year: i64) -> String {
        project_file(&Options {
            profile: &Profile::builtin("mof-2020").unwrap(),
            name: "新建项目",
            year,
        })
    }

    /// The lines of the `[report]` table, up to the next table.
    fn report_lines(text: &str) -> Vec<&str> {
        text.lines()
            .skip_while(|line| !line.starts_with("[report]"))
            .skip(1)
            .take_while(|line| !line.starts_with('['))
            .filter(|line| !line.is_empty())
            .collect()
    }

    #[test]
    fn the_report_keys_are_all_there_each_with_a_chinese_comment() {
        let schema: serde_json::Value =
            serde_json::from_str(&schema::json(schema::Kind::Project)).unwrap();
        let keys: Vec<&str> = schema["definitions"]["ReportTable"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 11);
        let text = mof_2020(2023);
        let lines = report_lines(&text);
        let written: Vec<&str> = lines
            .iter()
            .filter_map(|line| line.trim_start_matches("# ").split_once(" = "))
            .map(|(key, _)| key)
            .collect();
        assert_eq!(written, keys);
        for line in lines.iter().filter(|line| line.contains(" = ")) {
            let comment = line.rsplit_once("# ").unwrap().1;
            assert!(
                comment.chars().any(crate::number::is_cjk_ideograph),
                "{line}"
            );
        }
    }

    #[test]
    fn the_report_keys_filled_in_reach_the_report() {
        let text = mof_2020(2023)
            .replace(" = \"\"", " = \"某某文字\"")
            .replace("# arrived = 100", "arrived = 100  ");
        let project = load(&Source::new("init.toml", text.as_str())).unwrap();
        let report = &project.report;
        for (key, value) in [
            ("overview", &report.overview),
            ("process", &report.process),
            ("conclusion", &report.conclusion),
            ("funds", &report.funds),
            ("problems", &report.problems),
            ("application", &report.application),
            ("filer", &report.filer),
            ("preparer", &report.preparer),
            ("phone", &report.phone),
            ("date", &report.date),
        ] {
            assert_eq!(value.as_deref(), Some("某某文字"), "{key}");
        }
        assert_eq!(
            report.arrived.as_ref().map(|a| a.value),
            Some(Decimal::ONE_HUNDRED)
        );
        // Left as written, the keys are empty and the draft marks them to be filled in.
        let project = load(&Source::new("init.toml", mof_2020(2023))).unwrap();
        assert_eq!(project.report.overview.as_deref(), Some(""));
        assert_eq!(project.report.arrived, None);
    }

    #[test]
    fn the_example_dates_are_in_the_year_asked_for() {
        let text = mof_2020(2023);
        assert!(text.contains("target = \"≤2023年12月\""), "{text}");
        assert!(text.contains("actual = \"2023年11月\""), "{text}");
        assert!(text.contains("如 \"2024年3月15日\""), "{text}");
        assert!(!text.contains("2025"), "{text}");
        assert!(!text.contains("{year}"), "{text}");
    }

    #[test]
    fn splits_in_whole_points() {
        let split = |w: i64, n| {
            super::split(Decimal::from(w), n)
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(split(50, 4), ["13", "13", "12", "12"]);
        assert_eq!(split(10, 1), ["10"]);
        assert_eq!(split(30, 4), ["8", "8", "7", "7"]);
    }
}
