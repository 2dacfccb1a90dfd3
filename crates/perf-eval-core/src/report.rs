//! `perf-eval report`: the draft 绩效自评报告, with every figure in its prose taken from the
//! table, so that the report cannot disagree with the table it attaches. The parts only the unit
//! can write come from `[report]`; where absent, the draft leaves a marked placeholder.

use rust_decimal::Decimal;

use crate::audit::{Finding, Severity};
use crate::engine::{Evaluation, Outcome};
use crate::lang::Lang;
use crate::messages::Note;
use crate::number::{fixed, percent_at, plain};
use crate::project::{Indicator, Project};

/// A block of the draft.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading: level 1 is the title, 2 a chapter (一、), 3 a section (（一）).
    Heading(u8, String),
    Paragraph(String),
    /// Text only the unit can write, not written yet.
    Placeholder(String),
    /// A warning that must be read before the report is filed.
    Warning(String),
    /// A table: the first row is the header.
    Table(Vec<Vec<String>>),
    /// The 附件说明 line after the body (GB/T 9704-2012 7.3.4): `附件：2022年度项目支出绩效自评表`.
    Attachment(String),
    /// The 落款 (GB/T 9704-2012 7.3.5): the unit's name and the date, set to the right.
    Signature {
        unit: String,
        date: String,
    },
}

/// The draft: blocks in order. The renderers attach the 自评表 after them.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub blocks: Vec<Block>,
}

/// The mark of text the unit has still to write.
pub const PLACEHOLDER: &str = "【待填写";

impl Draft {
    /// How many places the unit has still to write (`【待填写：…】`).
    pub fn placeholders(&self) -> usize {
        let count = |text: &str| text.matches(PLACEHOLDER).count();
        self.blocks
            .iter()
            .map(|block| match block {
                Block::Heading(_, text)
                | Block::Paragraph(text)
                | Block::Placeholder(text)
                | Block::Warning(text)
                | Block::Attachment(text) => count(text),
                Block::Signature { unit, date } => count(unit) + count(date),
                Block::Table(rows) => rows.iter().flatten().map(|cell| count(cell)).sum(),
            })
            .sum()
    }
}

fn placeholder(what: &str) -> Block {
    Block::Placeholder(format!("{PLACEHOLDER}：{what}】"))
}

/// A sentence as a report prints it: ending with `。` unless it ends with its own stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    match text.chars().last() {
        None => String::new(),
        Some('。' | '！' | '？' | '；' | '…' | '.' | '!' | '?') => text.to_string(),
        // A closing bracket or quote after the stop keeps it: `（见附件）。` is added to.
        Some(_) => format!("{text}。"),
    }
}

/// The unit's words, a paragraph a line, each ending with `。`; `None` when it wrote nothing.
fn paragraphs(text: &Option<String>) -> Option<Vec<Block>> {
    let text = text.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
    Some(
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| Block::Paragraph(sentence(line)))
            .collect(),
    )
}

fn words_or_placeholder(text: &Option<String>, what: &str) -> Vec<Block> {
    paragraphs(text).unwrap_or_else(|| vec![placeholder(what)])
}

/// A percentage at the precision the table declared it (86%), else two places.
fn percent(rate: Decimal, declared: Option<Decimal>) -> String {
    percent_at(rate, declared.map_or(2, |d| d.scale()))
}

/// What `report` says on the terminal when it has written a draft: how many places the unit
/// has still to write, and whether the table's figures add up.
pub fn summary(draft: &Draft, findings: &[Finding]) -> Note {
    Note::Drafted {
        placeholders: draft.placeholders(),
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
    }
}

/// Builds the draft from a scored table and its audit.
pub fn draft(evaluation: &Evaluation, findings: &[Finding]) -> Draft {
    let project = evaluation.project;
    let profile = evaluation.profile;
    let report = &project.report;
    let mut blocks = vec![Block::Heading(
        1,
        format!("{}年度{}绩效自评报告", project.year, project.name.value),
    )];
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        let mut text = format!(
            "注意：按{}复核，自评表有{}处错误，数字未核对一致前不应报送本报告：",
            profile.title,
            errors.len()
        );
        for error in &errors {
            text.push_str(&format!("\n- {}", error.text(evaluation, Lang::Zh).message));
        }
        blocks.push(Block::Warning(text));
    }

    blocks.push(Block::Heading(2, "一、项目概况".into()));
    blocks.extend(words_or_placeholder(
        &report.overview,
        "项目立项依据、主要内容、资金安排",
    ));

    blocks.push(Block::Heading(2, "二、绩效自评工作开展情况".into()));
    blocks.extend(words_or_placeholder(
        &report.process,
        "自评目的、组织方式和工作过程",
    ));

    blocks.push(Block::Heading(2, "三、综合评价结论".into()));
    let mut conclusion = report
        .conclusion
        .as_deref()
        .map(sentence)
        .unwrap_or_default();
    let unfilled = evaluation
        .rows
        .iter()
        .filter(|row| row.outcome == Outcome::NotFilled)
        .count();
    // The rules as the form names them, by their title.
    let rules = format!("评分依据：{}", profile.title);
    // An incomplete table states no self-score: nothing is invented for the rows not filled in.
    conclusion.push_str(&if unfilled > 0 {
        format!(
            "自评表尚有{unfilled}项指标未填写实际完成值和得分，暂不计算自评分和评价等级（{rules}）。"
        )
    } else if evaluation.grade.is_empty() {
        format!(
            "该项目自评分为{}分（{rules}，不评级）。",
            fixed(evaluation.total, profile.rounding)
        )
    } else {
        format!(
            "该项目自评分为{}分，评价等级为“{}”（{rules}）。",
            fixed(evaluation.total, profile.rounding),
            evaluation.grade
        )
    });
    blocks.push(Block::Paragraph(conclusion));

    blocks.push(Block::Heading(2, "四、绩效目标实现情况分析".into()));
    blocks.push(Block::Heading(3, "（一）项目资金使用及管理情况".into()));
    blocks.push(Block::Paragraph(funds_paragraph(evaluation)));
    blocks.push(Block::Heading(3, "（二）总体绩效目标完成情况".into()));
    blocks.extend(goals(project));
    blocks.push(Block::Heading(3, "（三）绩效指标完成情况分析".into()));
    blocks.extend(indicator_analysis(evaluation));

    blocks.push(Block::Heading(2, "五、存在的问题和改进措施".into()));
    blocks.extend(problems(evaluation));

    blocks.push(Block::Heading(2, "六、绩效自评结果拟应用和公开情况".into()));
    blocks.extend(words_or_placeholder(
        &report.application,
        "自评结果的应用和公开方式",
    ));

    blocks.push(Block::Attachment(format!(
        "附件：{}年度项目支出绩效自评表",
        project.year
    )));
    let given = |text: &Option<String>| {
        text.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let unit = given(&report.filer)
        .or_else(|| Some(project.implementer.trim().to_string()).filter(|t| !t.is_empty()))
        .unwrap_or_else(|| format!("{PLACEHOLDER}：单位名称】"));
    let date = given(&report.date).unwrap_or_else(|| format!("{PLACEHOLDER}：成文日期】"));
    blocks.push(Block::Signature { unit, date });
    Draft { blocks }
}

/// `2022年财政安排下达…资金1444.49万元，资金到位率100%，2022年度支出1246.51万元，预算执行率86%`.
fn funds_paragraph(evaluation: &Evaluation) -> String {
    let project = evaluation.project;
    let funds = &evaluation.funds;
    let unit = project.funds.unit.label();
    let [initial, annual, executed] = funds.amounts;
    let year = project.year;
    let mut text = format!(
        "{year}年财政安排下达{}资金{}{unit}",
        project.name.value,
        plain(initial)
    );
    if annual != initial && !annual.is_zero() {
        text.push_str(&format!("（全年预算数调整为{}{unit}）", plain(annual)));
    }
    let arrival = project
        .report
        .arrived
        .as_ref()
        .and_then(|arrived| arrived.value.checked_div(initial));
    match arrival {
        // At the precision the table writes its rates (the seed: 100%, 86%).
        Some(arrival) => text.push_str(&format!(
            "，资金到位率{}",
            percent(arrival, project.funds.rate.as_ref().map(|r| r.value))
        )),
        None => text.push_str("，资金到位率【待填写：资金到位率（到位资金÷年初预算数）】"),
    }
    text.push_str(&format!("，{year}年度支出{}{unit}", plain(executed)));
    let declared = project.funds.rate.as_ref().map(|r| r.value);
    match funds.rate {
        Some(rate) => text.push_str(&format!(
            "，预算执行率{}（全年执行数/{}）",
            percent(rate, declared),
            funds.basis.label()
        )),
        None => text.push_str("，预算执行率无法计算（预算数为空）"),
    }
    let unspent = funds.budget - executed;
    if unspent > Decimal::ZERO {
        text.push_str(&format!("，未支出{}{unit}", plain(unspent)));
    }
    text.push('。');
    match &project.report.funds {
        Some(words) if !words.trim().is_empty() => text.push_str(&sentence(words)),
        _ => text.push_str("【待填写：资金使用及管理情况，如未支出的原因】"),
    }
    text
}

fn goals(project: &Project) -> Vec<Block> {
    let goals = &project.goals;
    let line = |label: &str, text: &str, what: &str| {
        if text.trim().is_empty() {
            placeholder(what)
        } else {
            Block::Paragraph(format!("{label}：{}", sentence(text)))
        }
    };
    vec![
        line(
            "预期目标",
            &goals.expected,
            "年度总体目标（与自评表“年度总体目标”栏一致）",
        ),
        line("实际完成情况", &goals.actual, "总体目标实际完成情况"),
    ]
}

/// `“name”`, with quotes inside the name turned to the inner pair: `“‘益办事’APP办理事项”`.
fn quoted(name: &str) -> String {
    format!("“{}”", name.replace('“', "‘").replace('”', "’"))
}

/// Whether an indicator fell short: scored below its weight (as computed, or as declared).
fn fell_short(indicator: &Indicator, score: Decimal) -> bool {
    let declared = indicator.score.as_ref().map_or(score, |s| s.value);
    !indicator.na && (score < indicator.weight() || declared < indicator.weight())
}

/// By first-level group and, within 产出, by 数量/质量/时效/成本: every indicator that fell
/// short, with its target, actual and note.
fn indicator_analysis(evaluation: &Evaluation) -> Vec<Block> {
    let project = evaluation.project;
    let places = evaluation.profile.rounding;
    let rows: Vec<(&Indicator, Decimal)> = project
        .indicators
        .iter()
        .zip(&evaluation.rows)
        .map(|(indicator, row)| (indicator, row.score))
        .collect();
    let mut blocks = Vec::new();
    for (number, group) in evaluation.level1.iter().enumerate() {
        blocks.push(Block::Paragraph(format!(
            "{}.{}完成情况分析",
            number + 1,
            group.name
        )));
        let in_group: Vec<&(&Indicator, Decimal)> = rows
            .iter()
            .filter(|(i, _)| i.level1.value == group.name)
            .collect();
        let mut level2: Vec<&str> = Vec::new();
        for (indicator, _) in &in_group {
            if !level2.contains(&indicator.level2.value.as_str()) {
                level2.push(&indicator.level2.value);
            }
        }
        for name in level2 {
            let short: Vec<String> = in_group
                .iter()
                .filter(|(i, score)| i.level2.value == name && fell_short(i, *score))
                .map(|(i, score)| {
                    let note = i
                        .note
                        .as_ref()
                        .map(|n| {
                            let note = n.value.trim();
                            format!("；偏差原因及改进措施：{}", note.trim_end_matches('。'))
                        })
                        .unwrap_or_else(|| "；【待填写：偏差原因及改进措施】".to_string());
                    format!(
                        "{}年度指标值{}，实际完成值{}，得分{}（分值{}）{note}",
                        quoted(&i.name.value),
                        i.target.value.text,
                        i.actual.value.text,
                        fixed(*score, places),
                        plain(i.weight())
                    )
                })
                .collect();
            let text = if short.is_empty() {
                format!("{name}：各项指标均已完成。")
            } else {
                format!(
                    "{name}：{}项未达到预期目标。{}。",
                    short.len(),
                    short.join("。")
                )
            };
            blocks.push(Block::Paragraph(text));
        }
    }
    blocks
}

/// The notes of every indicator that fell short, then the unit's own words.
fn problems(evaluation: &Evaluation) -> Vec<Block> {
    let project = evaluation.project;
    let mut blocks: Vec<Block> = project
        .indicators
        .iter()
        .zip(&evaluation.rows)
        .filter(|(indicator, row)| fell_short(indicator, row.score))
        .filter_map(|(indicator, _)| {
            indicator.note.as_ref().map(|note| {
                Block::Paragraph(format!(
                    "{}：{}",
                    quoted(&indicator.name.value),
                    sentence(&note.value)
                ))
            })
        })
        .collect();
    match paragraphs(&project.report.problems) {
        Some(words) => blocks.extend(words),
        None if blocks.is_empty() => blocks.push(placeholder("存在的问题和改进措施")),
        None => {}
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_print_at_the_declared_precision_and_never_overflow() {
        let rate = Decimal::new(86292, 5);
        assert_eq!(percent(rate, Some(Decimal::new(86, 0))), "86%");
        assert_eq!(percent(rate, None), "86.29%");
        // 1e18 spent of a budget of 1e-9: a rate too large to multiply by 100.
        let huge = Decimal::from_i128_with_scale(10i128.pow(27), 0);
        assert_eq!(percent(huge, None), crate::number::percent(huge));
    }
}
