//! 审核意见的中文措辞：以复核人员的口吻，使用自评表的规范用语。

use super::{BothBases, CellName, Column, Counts, Finding, Instead, LowerBecause, Text, text};

fn cell(cell: CellName) -> &'static str {
    match cell {
        CellName::Target => "年度指标值",
        CellName::Actual => "实际完成值",
    }
}

fn column(column: Column) -> &'static str {
    match column {
        Column::Initial => "年初预算数",
        Column::Annual => "全年预算数",
        Column::Executed => "全年执行数",
    }
}

/// `（指标 40 + 预算执行 10）`
fn parts(parts: &Option<(String, String)>) -> String {
    parts.as_ref().map_or(String::new(), |(indicators, funds)| {
        format!("（指标 {indicators} + 预算执行 {funds}）")
    })
}

pub const SUMMARY_HEADER: [&str; 7] = [
    "文件",
    "项目",
    "填报总分",
    "计算总分",
    "评价等级",
    "错误",
    "警告",
];
pub const UNUSABLE_PROJECT: &str = "（无法使用）";

pub fn summary_more(shown: usize, more: usize) -> String {
    format!(
        "上表按错误数、警告数由多到少列出 {shown} 个文件；另有 {more} 个有审核发现的文件未列出（--summary all 列出全部文件）"
    )
}

pub fn counts(counts: &Counts) -> String {
    let mut line = format!(
        "已复核 {} 个文件：{} 处错误，{} 处警告，{} 处提示",
        counts.files, counts.errors, counts.warnings, counts.infos
    );
    if counts.unusable > 0 {
        line.push_str(&format!("（{} 个无法使用）", counts.unusable));
    }
    line
}

const WRITE_FIGURE: &str = "请只填写数值及其符号和计量单位（如 ≥500人次、2023年12月）";

pub fn finding(finding: &Finding) -> Text {
    use Finding::*;
    match finding {
        FundsRateMismatch {
            declared,
            computed,
            basis,
            derivation,
            other,
        } => text(
            format!("填报执行率 {declared}%，按全年执行数 / {basis} 计算应为 {computed}"),
            format!("应为 {computed}"),
            Some(match other {
                Some((other_basis, other_rate)) => format!(
                    "{derivation}；填报的 {declared}% 是按{other_basis}计算的执行率（{other_rate}）"
                ),
                None => derivation.clone(),
            }),
        ),
        FundsScoreMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("预算执行填报得分 {declared}，按规则应得 {computed}"),
            format!("应得 {computed}"),
            Some(derivation.clone()),
        ),
        FundsTotalEmpty => text(
            "年度资金总额未填写而分项有金额，按各分项合计计算".to_string(),
            "年度资金总额为空",
            None,
        ),
        FundsRowsSum {
            column: c,
            total,
            sum,
        } => text(
            format!(
                "年度资金总额的{}为 {total}，但各分项合计为 {sum}",
                column(*c)
            ),
            format!("分项合计 {sum}"),
            None,
        ),
        FundsNoBudget { basis } => text(
            format!("{basis}为空或为 0，无法计算执行率"),
            format!("缺{basis}"),
            None,
        ),
        FundsNoteRequired {
            rate,
            below,
            profile,
        } => text(
            format!("执行率 {rate} 低于 {below}%，[funds] 未填写 `note`；{profile} 要求说明原因"),
            "须说明原因",
            Some("请在 [funds] 的 `note` 中说明预算未执行到位的原因".to_string()),
        ),
        OverExecution {
            executed,
            basis,
            budget,
        } => text(
            format!("全年执行数 {executed} 超过{basis} {budget}（执行率超过 100%）"),
            "超预算执行",
            None,
        ),
        FundsBasisFallback {
            wanted,
            used,
            executed,
            budget,
            rate,
            profile,
        } => text(
            format!("{wanted}为空或为 0，执行率按{used}计算（{executed} / {budget} = {rate}）"),
            format!("按{used}计算"),
            Some(format!(
                "{profile} 以{wanted}为分母；请补填，或在 [funds] 的 `note` 中说明为何为空"
            )),
        ),
        BudgetAdjusted {
            annual,
            initial,
            scores,
            from_zero,
        } => {
            let why = match (scores, from_zero) {
                (
                    Some(BothBases {
                        score,
                        basis,
                        other_score,
                        other_basis,
                        other_rate,
                    }),
                    _,
                ) => format!(
                    "按{basis}计算预算执行得分为 {score}，按{other_basis}计算则为 {other_score}（{other_rate}）；"
                ),
                (None, true) => "年中由零追加预算；".to_string(),
                (None, false) => String::new(),
            };
            text(
                format!(
                    "全年预算数 {annual} 与年初预算数 {initial} 不一致，[funds] 未说明调整原因"
                ),
                "预算有调整",
                Some(format!("{why}请在 [funds] 的 `note` 中说明预算调整原因")),
            )
        }
        CostCap {
            name,
            declared,
            profile,
            cap,
        } => text(
            format!(
                "「{name}」填报得分 {declared}，但项目未填报成本指标：{profile} 规定最多得 {cap} 分"
            ),
            format!("最多 {cap} 分"),
            None,
        ),
        ScoreOutOfRange {
            name,
            declared,
            weight,
        } => text(
            format!("「{name}」填报得分 {declared}，超出 0 至分值 {weight} 的范围"),
            format!("应在 0～{weight} 之间"),
            None,
        ),
        QualitativeBand {
            name,
            declared,
            band,
            range,
            actual,
            derivation,
        } => text(
            format!(
                "「{name}」填报得分 {declared}，不在实际完成值「{actual}」所对应的{band}档 {range} 之内"
            ),
            format!("不在{band}档"),
            Some(derivation.clone()),
        ),
        ScoreMismatch {
            name,
            declared,
            computed,
            derivation,
        } => text(
            format!("「{name}」填报得分 {declared}，按规则应得 {computed}"),
            format!("应得 {computed}"),
            Some(derivation.clone()),
        ),
        UnitMismatch {
            name,
            target,
            actual,
        } => text(
            format!("「{name}」年度指标值的计量单位为{target}，实际完成值为{actual}，无法比较"),
            "未计分",
            None,
        ),
        ScoreNotComputed {
            name,
            reason,
            taken,
        } => text(
            format!("「{name}」无法计算得分：{reason}；取填报得分 {taken}"),
            "未计分",
            None,
        ),
        MissingNote {
            name,
            scored,
            weight,
        } => text(
            format!("「{name}」得分 {scored}（分值 {weight}），未填写偏差原因分析及改进措施"),
            "缺偏差原因分析",
            Some("请说明未完成目标的原因及改进措施".to_string()),
        ),
        Approximate {
            cell: c,
            text: t,
            name,
            word,
            read_as,
        } => text(
            format!(
                "「{name}」的{}「{t}」为约数（{word}），按 {read_as} 计算",
                cell(*c)
            ),
            "按假定读取",
            Some(WRITE_FIGURE.to_string()),
        ),
        Range {
            cell: c,
            text: t,
            name,
            read_as,
        } => text(
            format!("「{name}」的{}「{t}」为区间，按 {read_as} 计算", cell(*c)),
            "按假定读取",
            Some(WRITE_FIGURE.to_string()),
        ),
        ThisYear {
            cell: c,
            text: t,
            name,
            year,
        } => text(
            format!(
                "「{name}」的{}「{t}」未写年份，按本表年度 {year} 年计算",
                cell(*c)
            ),
            "按假定读取",
            Some(WRITE_FIGURE.to_string()),
        ),
        CellUnread {
            cell: c,
            text: t,
            name,
            part,
            instead,
        } => {
            let instead = match instead {
                Instead::DeclaredTaken => "取填报得分".to_string(),
                Instead::JudgedByWords { band } => format!("按其文字判定为{band}"),
                Instead::ReadAsText => "按文字处理".to_string(),
            };
            text(
                format!(
                    "「{name}」的{}「{t}」含有无法识别的数值（{part}），{instead}",
                    cell(*c)
                ),
                "无法识别",
                Some(WRITE_FIGURE.to_string()),
            )
        }
        ActualNoFigure {
            name,
            actual,
            target,
            band,
        } => text(
            format!(
                "「{name}」的实际完成值「{actual}」未给出数值（年度指标值为「{target}」），按其文字判定为{band}"
            ),
            "未填数值",
            Some("请填写实际达到的数值".to_string()),
        ),
        DirectionInferred {
            name,
            target,
            because,
        } => {
            let because = match because {
                LowerBecause::ZeroTarget => "指标值为 0".to_string(),
                LowerBecause::Name { word } => format!("指标名称含“{word}”"),
                LowerBecause::Duration { unit } => format!("指标值为以{unit}计的时限"),
            };
            text(
                format!(
                    "「{name}」的年度指标值「{target}」未写比较符号，因{because}，按 ≤（越低越好）判定"
                ),
                "按 ≤ 判定",
                Some("请在指标值中写明 ≤ 或 ≥，或填写 `direction`".to_string()),
            )
        }
        ActualNone {
            name,
            actual,
            weight,
        } => text(
            format!("「{name}」的实际完成值为「{actual}」，按不适用处理，其分值 {weight} 不计入"),
            "按不适用处理",
            Some("如未完成，请填写实际值 0；如该指标不适用，请标注 na = true".to_string()),
        ),
        RowNotFilled { name } => text(
            format!("「{name}」的实际完成值和得分均未填写，未计分，总分不完整"),
            "未填写",
            None,
        ),
        ActualComparator {
            name,
            actual,
            op,
            read_as,
        } => text(
            format!("「{name}」的实际完成值「{actual}」重复了比较符号（{op}），按 {read_as} 读取"),
            "实际完成值含比较符号",
            Some("请填写实际达到的数值，不要写 ≥ 或 ≤".to_string()),
        ),
        ActualUnitMissing { name, actual, unit } => text(
            format!("「{name}」的实际完成值「{actual}」未写计量单位，按年度指标值的{unit}计算"),
            format!("按{unit}计算"),
            None,
        ),
        ZeroTarget { name } => text(
            format!("「{name}」的年度指标值为 0：只有实际值为 0 才算完成，否则得 0 分"),
            "指标值为 0",
            None,
        ),
        OverAchievementNoteRequired {
            name,
            actual,
            target,
            share,
            profile,
            required,
        } => text(
            format!(
                "「{name}」实际完成 {actual}，年度指标值 {target}（完成 {share}），未填写偏差原因"
            ),
            "须说明原因",
            Some(format!(
                "{profile} 要求完成值达到指标值 {required}% 及以上时填写偏差原因分析及改进措施"
            )),
        ),
        OverAchievement {
            name,
            actual,
            target,
            share,
            threshold,
        } => text(
            format!(
                "「{name}」实际完成 {actual}，年度指标值 {target}（完成 {share}），未填写偏差原因"
            ),
            "超额完成",
            Some(format!(
                "完成值达到指标值 {threshold}% 及以上时，请说明指标值设定偏低的原因"
            )),
        ),
        Level1Header { name, header, rows } => text(
            format!("{name}表头标明 {header} 分，但其下各指标分值合计为 {rows}"),
            format!("指标合计 {rows}"),
            None,
        ),
        Level1Split {
            split,
            profile,
            expected,
        } => text(
            format!("一级指标分值为 {split}；{profile} 规定为 {expected}"),
            "一级指标分值结构",
            Some("允许，但予以提示：分值结构与评分规则不同".to_string()),
        ),
        WeightTotal {
            total,
            parts: p,
            profile,
            profile_total,
        } => text(
            format!(
                "分值合计为 {total}{}，但 {profile} 的满分为 {profile_total}",
                parts(p)
            ),
            format!("分值合计 {total}"),
            None,
        ),
        TotalWeightMismatch {
            declared,
            total,
            parts: p,
        } => text(
            format!(
                "总分行填报分值 {declared}，但各项分值合计为 {total}{}",
                parts(p)
            ),
            format!("分值合计 {total}"),
            None,
        ),
        TotalSumMismatch { declared, sum } => text(
            format!("填报总分 {declared} 与各项填报得分之和 {sum} 不符"),
            format!("填报得分之和 {sum}"),
            None,
        ),
        TotalMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("填报总分 {declared}，按规则应为 {computed}"),
            format!("应为 {computed}"),
            Some(derivation.clone()),
        ),
        GradeMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("填报评价等级「{declared}」与计算总分对应的等级「{computed}」不符"),
            format!("应为 {computed}"),
            Some(derivation.clone()),
        ),
    }
}
