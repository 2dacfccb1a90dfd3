//! 审核意见的中文措辞：以复核人员的口吻，使用自评表的规范用语。

use crate::code::Code;
use crate::lang::Lang;

use super::serve::{Log, Refusal};
use super::{
    BothBases, Counts, Derived, Expected, Finding, Found, Instead, LowerBecause, Note, Problem,
    Signed, Text, WordPart, XlsPart, text,
};

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
    "复核总分",
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

pub fn finding(finding: &Finding, derived: &dyn Fn(Derived) -> String) -> Text {
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
                    "{}；填报的 {declared}% 是按{other_basis}计算的执行率（{other_rate}）",
                    derived(*derivation)
                ),
                None => derived(*derivation),
            }),
        ),
        FundsScoreMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("预算执行填报得分 {declared}，按规则应得 {computed}"),
            format!("应得 {computed}"),
            Some(derived(*derivation)),
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
            format!("年度资金总额的{}为 {total}，但各分项合计为 {sum}", c.term()),
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
            format!("执行率 {rate} 低于 {below}%，未说明原因；{profile} 要求说明原因"),
            "须说明原因",
            Some(
                "请在自评报告中说明预算未执行到位的原因（项目文件：写在 [funds] 的 `note`）"
                    .to_string(),
            ),
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
                "{profile} 以{wanted}为分母；请补填，或在自评报告中说明为何为空（项目文件：写在 [funds] 的 `note`）"
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
                format!("全年预算数 {annual} 与年初预算数 {initial} 不一致，未说明调整原因"),
                "预算有调整",
                Some(format!(
                    "{why}请在自评报告中说明预算调整原因（项目文件：写在 [funds] 的 `note`）"
                )),
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
            Some(derived(*derivation)),
        ),
        ScoreMismatch {
            name,
            declared,
            computed,
            derivation,
        } => text(
            format!("「{name}」填报得分 {declared}，按规则应得 {computed}"),
            format!("应得 {computed}"),
            Some(derived(*derivation)),
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
            format!(
                "「{name}」无法计算得分：{}；取填报得分 {taken}",
                derived(*reason)
            ),
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
                c.term()
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
            format!("「{name}」的{}「{t}」为区间，按 {read_as} 计算", c.term()),
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
                c.term()
            ),
            "按假定读取",
            Some(WRITE_FIGURE.to_string()),
        ),
        PlanAndResult {
            cell: c,
            text: t,
            name,
            read_as,
        } => text(
            format!(
                "「{name}」的{}「{t}」同时写了计划数和完成数，按完成数 {read_as} 计算",
                c.term()
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
                    c.term()
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
        ActualOpposite {
            name,
            actual,
            target,
            read_as,
        } => text(
            format!(
                "「{name}」的实际完成值「{actual}」与年度指标值「{target}」方向相反，按未达成、以 {read_as} 计分"
            ),
            "实际完成值方向相反",
            Some("请填写实际达到的数值，不要写高于、低于".to_string()),
        ),
        CompletionRate {
            name,
            actual,
            target,
        } => text(
            format!(
                "「{name}」的实际完成值「{actual}」是完成比例，不是年度指标值「{target}」的数值，按完成比例对照 100% 计分"
            ),
            "以完成比例填报",
            Some(format!(
                "请按年度指标值「{target}」的口径填写实际达到的数值"
            )),
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
            Some(derived(*derivation)),
        ),
        GradeMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("填报评价等级「{declared}」与计算总分对应的等级「{computed}」不符"),
            format!("应为 {computed}"),
            Some(derived(*derivation)),
        ),
        Repeated { first, others } => {
            let first = self::finding(first, derived);
            let names: Vec<String> = others.iter().map(|name| format!("「{name}」")).collect();
            Text {
                message: format!(
                    "{}；另有 {} 个指标同样如此：{}",
                    first.message,
                    others.len(),
                    names.join("、")
                ),
                ..first
            }
        }
    }
}

fn expected(expected: &Expected) -> String {
    match expected {
        Expected::Number => "数字".into(),
        Expected::Points => "数字，如 5 或 \"5分\"".into(),
        Expected::Percentage => "百分比，如 \"86%\"".into(),
        Expected::Amount => "金额，如 1444.49 或 \"1444.49万元\"".into(),
        Expected::AmountInRange => "精确范围内的金额".into(),
        Expected::MoneyUnit => "以元、万元或亿元计的金额".into(),
        Expected::MoneyUnitName => "\"元\"、\"万元\" 或 \"亿元\"".into(),
        Expected::WholeNumber => "整数".into(),
        Expected::Text => "文字（加引号）".into(),
        Expected::Boolean => "true 或 false".into(),
        Expected::Table => "表（[名称] 或 { … }）".into(),
        Expected::ArrayOfTables => "表的数组（[[名称]]）".into(),
        Expected::NumberOrText => "数字（如 1444.49）或含数字的文字（如 \"86%\"）".into(),
        Expected::Cell => {
            "单元格文字（如 \"≥1000个\"）、数字，或 { op = \"≥\", value = 735, unit = \"人次\" }"
                .into()
        }
        Expected::Comparator => "比较符号 \"≥\"、\"≤\" 或 \"=\"".into(),
        Expected::Kind => "\"定量\"（quantitative）或 \"定性\"（qualitative）".into(),
        Expected::Other(words) => format!("`{words}`"),
    }
}

fn found(found: &Found) -> String {
    match found {
        Found::Boolean(v) => format!("布尔值 {v}"),
        Found::Integer(v) => format!("整数 {v}"),
        Found::Float(v) => format!("小数 {v}"),
        Found::Text(v) => format!("文字 {v}"),
        Found::Array => "数组".into(),
        Found::Table => "表".into(),
        Found::Other(words) => format!("`{words}`"),
    }
}

fn signed(what: Signed) -> &'static str {
    match what {
        Signed::Weight => "分值",
        Signed::Deduction => "扣分",
        Signed::Amount => "金额",
        Signed::Value => "数值",
    }
}

/// The TOML parser's descriptions (toml_parser), in Chinese; one it does not know is quoted.
fn syntax(what: &str) -> String {
    let words = match what {
        "duplicate key" => "键重复",
        "carriage return must be followed by newline" => "回车符后必须换行",
        "missing opening quote" => "缺少开头的引号",
        "missing comma between array elements" => "数组元素之间缺少逗号",
        "integers with a radix cannot be signed" => "带进制前缀的整数不能有正负号",
        "radix must be lowercase" => "进制前缀必须小写",
        "missing assignment between key-value pairs" => "键和值之间缺少 `=`",
        "unexpected leading zero" => "数字不能以 0 开头",
        "unclosed array table" => "[[…]] 没有闭合",
        "missing key for inline table element" => "{ … } 中缺少键",
        "missing inline table opening" => "缺少 `{`",
        "missing escaped value" => "反斜杠 \\ 后缺少转义字符",
        "missing array opening" => "缺少 `[`",
        "invalid unquoted key" => "键名含有不能不加引号的字符（中文键名请加引号）",
        "cannot recurse further; max recursion depth met" | "recursion limit" => "嵌套层数过多",
        "unquoted keys cannot be empty" => "键名不能为空",
        "unexpected sign" => "此处不能有正负号",
        "unexpected key or value" => "此处不应有键或值",
        "unexpected content" => "此处有多余内容",
        "unexpected content between comment and newline" => "注释与换行之间有多余内容",
        "unexpected `=` in array" => "数组中不能有 `=`",
        "unclosed table" => "[…] 没有闭合",
        "unclosed inline table" => "{ … } 没有闭合",
        "unclosed array" => "数组没有闭合",
        "too few unicode value digits" => "Unicode 转义的位数不足",
        "string values must be quoted" => "文字必须加引号",
        "redundant numeric sign" => "多余的正负号",
        "redundant integer number prefix" => "多余的进制前缀",
        "missing value" | "missing value for key" | "key with no value" => "缺少值",
        "missing table open" => "缺少 `[`",
        "missing comment start" => "缺少注释符 `#`",
        "missing comma between key-value pairs" => "键值对之间缺少逗号",
        "keys cannot be multi-line literal strings" | "keys cannot be multi-line basic strings" => {
            "键名不能是多行文字"
        }
        "invalid value" => "值无法识别",
        "invalid key-value pair" => "键值对无法识别",
        "invalid inline table element" => "{ … } 中的内容无法识别",
        "invalid comment character" => "注释中有不允许的控制字符",
        "extra comma in inline table" | "extra comma in array" => "多余的逗号",
        "extra assignment between key-value pairs" | "extra `=`" => "多余的 `=`",
        "`_` may only go between digits" => "`_` 只能写在数字之间",
        "invalid basic string" | "invalid multi-line basic string" => "文字中有不允许的字符",
        "integer number overflowed" | "floating-point number overflowed" => "数字超出范围",
        other => return format!("`{other}`"),
    };
    words.to_string()
}

fn syntax_expected(what: &str) -> String {
    match what {
        "key" => "键名".into(),
        "value" => "值".into(),
        "numbers" | "digits" => "数字".into(),
        "letters" => "字母".into(),
        "literal string" | "basic string" | "multi-line basic string" => "文字".into(),
        "nothing" => "无内容".into(),
        other if other.starts_with('`') => other.into(),
        other => format!("`{other}`"),
    }
}

pub fn problem(problem: &Problem) -> String {
    use Problem::*;
    match problem {
        Syntax { what, expected } if expected.is_empty() => {
            format!("TOML 写法有误：{}", syntax(what))
        }
        Syntax { what, expected } => format!(
            "TOML 写法有误：{}，此处应为 {}",
            syntax(what),
            expected
                .iter()
                .map(|e| syntax_expected(e))
                .collect::<Vec<_>>()
                .join("、")
        ),
        UnknownKey {
            key,
            suggestion: Some(near),
            ..
        } => format!("未知的键 `{key}`；是否应为 `{near}`？"),
        UnknownKey { key, known, .. } => {
            format!("未知的键 `{key}`；此处可用的键：{}", quoted(known))
        }
        MissingKey { key } => format!("缺少必填的键 `{key}`"),
        DuplicateKey { key: Some(key) } => format!("键 `{key}` 重复"),
        DuplicateKey { key: None } => "键重复".into(),
        WrongType {
            found: f,
            expected: e,
        } => format!("应为{}，实为{}", expected(e), found(f)),
        UnknownValue { found, expected } => {
            format!("无法识别的值 `{found}`，应为 {}", quoted(expected))
        }
        UnquotedFigure {
            key,
            digits,
            value,
            full_width,
        } => {
            let width = if *full_width {
                format!("，{value} 用的是全角数字：改用半角数字")
            } else {
                "：".to_string()
            };
            format!(
                "`{key}` 必须是数字{width}写作 {key} = {digits}，或给单元格文字加引号：{key} = \"{value}\""
            )
        }
        TooPrecise { text } => format!("{text} 过大或过于精确，超出精确小数的范围（至多 28 位有效数字）"),
        NotFinite { text } => format!("应为有限的数字，实为 {text}"),
        NotRead { expected: e, found } => format!("应为{}，实为 {found:?}", expected(e)),
        AtMost { max, found } => format!("不得大于 {max}，实为 {found}"),
        Negative { what, found } => format!("{}不得为负数，实为 {found}", signed(*what)),
        Empty => "不得为空".into(),
        TooLong { length, max } => format!("长 {length} 个字符，至多 {max} 个"),
        ControlCharacter { code } => format!("含有控制字符 U+{code}，请删除"),
        BidiOverride { code } => {
            format!("含有双向文字控制符 U+{code}（会使文字显示得与实际内容不同），请删除")
        }
        Schema { found, supported } => format!(
            "不支持的 schema 版本 {found}；本版 perf-eval 读取 schema = {supported}"
        ),
        Year { found } => format!("年度应如 2022，实为 {found}"),
        MissingWeight { name } => format!(
            "指标「{name}」缺少分值（`weight`）；只有 na = true 或 detail = true（其中：…）的行可以不填"
        ),
        Fraction => "应为 0 到 1 之间的分值比例".into(),
        ZeroAtNeedsLinear => "`reverse_zero_at` 只能与 reverse = \"linear\" 同用".into(),
        ZeroAtAboveOne => "必须大于 1：超过目标值这一倍数时得分降为 0".into(),
        DeductNeedsPoints => "method = \"deduct\" 须写明 `points`，即未完成的指标扣除的分数".into(),
        ReverseNeedsProportional => "`reverse` 只能与 method = \"proportional\" 同用".into(),
        PartialAboveAchieved => "部分达成的下限不得高于达成的下限（`achieved`）".into(),
        GradesOrder => "评价等级须从高到低排列，每个 `min` 低于前一个".into(),
        LastGradeZero => "最低的评价等级须从 min = 0 起，使每个得分都有等级".into(),
        Decimals => "小数位数应为 0 到 6".into(),
        StepsOrder => "档次须按执行率从高到低排列，每个 `min` 低于前一个".into(),
        StepAboveWeight => "任一档次的得分不得超过预算执行的分值".into(),
        UnknownProfile { name, known } => format!(
            "没有名为 `{name}` 的评分规则；内置规则：{known}（也可给出规则文件的路径）"
        ),
        RulesNotBeside { name } => format!(
            "项目文件的 rules 只能是内置规则的名称，或与项目文件同一文件夹中的规则文件名；`{name}` 不是（其他位置的规则文件请在命令行用 --rules 给出）"
        ),
        ProfileInvalid { name, line, column } => format!(
            "{name} 不是有效的规则文件（第 {line} 行第 {column} 列）；项目文件指定的文件不显示其内容，请用 --rules {name} 复核以查看原因"
        ),
        ProfileUnreadable { path, kind, said } => {
            format!("无法读取规则文件 {path}：{}", super::io(*kind, said, Lang::Zh))
        }
        Unreadable { kind, said } => format!("无法读取：{}", super::io(*kind, said, Lang::Zh)),
        TooLarge { mib } => format!(
            "超过 {mib} MiB，远大于一张自评表，不予读取（可用 --max-input-mib 或 PERF_EVAL_MAX_INPUT_MIB 调高上限）"
        ),
        NotUtf8 => "此处起不是 UTF-8 文字；请另存为 UTF-8 编码".into(),
        Unwritable { kind, said } => format!("无法写入：{}", super::io(*kind, said, Lang::Zh)),
        OverwriteInput => "不能把结果写到输入文件上".into(),
        LinkNotFollowed => "是符号链接；写入时不经符号链接，请先删除它或换一个文件名".into(),
        IsFolder => "是文件夹；请给出要写入的文件名".into(),
        NotRegularFile => "不是普通文件；请给出要写入的文件名".into(),
        Exists { force: true } => "文件已存在；请先删除，或加 --force 覆盖".into(),
        Exists { force: false } => "文件已存在；请换一个文件名，或先删除它".into(),
        PackageTooLarge { mb } => format!("超过 {mb} MB，不是自评表"),
        UnpacksTooLarge { mb, xml_mb } => {
            format!("解压后超过 {mb} MB（XML 超过 {xml_mb} MB），不是自评表")
        }
        OldWordFormat => {
            "旧版 Word（.doc）或 WPS（.wps）文档无法读取；请在 Word 或 WPS 中另存为 .docx".into()
        }
        HtmlWorkbook => "这是以表格文件名保存的网页（HTML），不是 Excel 工作簿；请在 Excel 或 WPS 中另存为 .xlsx".into(),
        Damaged => "无法打开：文件头声明的内容多于文件实际大小，文件已损坏".into(),
        ChainsDamaged => "无法打开：文件已损坏（其扇区链首尾相接或指向文件之外）".into(),
        XlsTooCostly { at, part, mb } => {
            let at = at.as_ref().map_or(String::new(), |at| format!("{at}："));
            let part = match part {
                XlsPart::Cells => "单元格远在表格之外".to_string(),
                XlsPart::Dimensions { rows, columns } => {
                    format!("尺寸记录（DIMENSIONS）声称有 {rows} 行 × {columns} 列")
                }
                XlsPart::Text => "文字过多".into(),
                XlsPart::Formulas => "公式展开后过长".into(),
                XlsPart::Continues => "续记录（CONTINUE）过多".into(),
                XlsPart::Sheets => "多个工作表反复指向同一段记录".into(),
            };
            let cost = mb.map_or("过长时间".to_string(), |mb| format!("超过 {mb} MB 内存"));
            format!(
                "{at}{part}，读取这个 .xls 需要{cost}，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx"
            )
        }
        WordTooCostly { part, max } => {
            let part = match part {
                WordPart::Nesting => format!("表格套表格超过 {max} 层"),
                WordPart::Paragraphs => format!("段落超过 {max} 个"),
                WordPart::Cells => format!("表格单元格超过 {max} 个"),
            };
            format!("这个 Word 文档{part}，不是自评表，不予读取")
        }
        MergesOverlap { sheet } => {
            format!("无法读取工作表「{sheet}」：合并单元格反复重叠，文件已损坏")
        }
        Malformed => "无法读取：文件格式有误".into(),
        NotATable => "不是工作簿（.xlsx、.xls）、Word 文档（.docx）或 UTF-8 文字".into(),
        CannotOpen { why } => format!("无法打开：文件已损坏，或不是工作簿或 Word 文档（`{why}`）"),
        NoSuchSheet { sheet, sheets } => format!("没有名为「{sheet}」的工作表；工作表有：{sheets}"),
        SheetUnreadable { sheet, why } => format!("无法读取工作表「{sheet}」（`{why}`）"),
        CellTooLong { cell, max } => format!("{cell}：单元格超过 {max} 个字符，超出 Excel 的上限"),
        TextTooLarge { mb } => format!("文字超过 {mb} MB，不是自评表"),
        ImportedInvalid { why } => format!("读出的表格不能构成有效的项目文件：{why}"),
        NoTable { sheets } => format!(
            "没有找到项目支出绩效自评表：各工作表或表格（{sheets}）都没有含「三级指标」和「分值」的表头行"
        ),
        NoYear => "标题没有写明年度（2022年度…）；请用 --year 给出".into(),
        RateOutOfRange { shown } => format!("执行率 {shown} 超出范围"),
        CellNotNumber { what, found } => format!("{what}不是数字（实为 {found:?}）"),
        WeightEmpty { name } => {
            format!("「{name}」的分值为空；请填写分值，该行不适用时填 /")
        }
        RowIncomplete { name } => format!(
            "「{name}」一行不完整（没有分值，可能在分页处被截断），未计入；请补全该行"
        ),
        Level1Named { level2, name } => format!(
            "一级指标单元格只写了分值，按其下的二级指标「{level2}」读作「{name}」；请核对"
        ),
        FormulaNotComputed => "公式没有保存计算结果（保存文件的程序不计算公式），未读取；请在 Excel 或 WPS 中打开并保存后再读".into(),
        NumberFormatUnread { code, read_as } => format!(
            "数字格式 `{code}` 无法按显示读取，已按存储值 {read_as} 读取；请核对表上显示的数字"
        ),
        ManyTables {
            count,
            sheets,
            folder: true,
        } => format!(
            "工作簿中有 {count} 张表（工作表：{sheets}）；请用 --sheet 名称 选择一张，或用 -o 文件夹 为每张表各写一个文件"
        ),
        ManyTables {
            count,
            sheets,
            folder: false,
        } => format!(
            "文件中有 {count} 张表（{sheets}）；请先用 `perf-eval import --sheet 名称` 导入要用的一张"
        ),
        UnknownCode { code } => {
            format!("未知的审核代码 `{code}`；所有代码见 docs/checks.md")
        }
        Internal { cause } => format!(
            "复核此文件时程序内部出错（`{cause}`）；请连同该文件一并反馈"
        ),
        LinkLoop { to } => format!("符号链接循环指回 {to}；未跟随"),
        FormatUnknown { extensions, flag } => format!(
            "无法从扩展名判断格式；请用 {extensions}{}",
            if *flag { "，或用 --format 指定" } else { "" }
        ),
        XlsxToTerminal => "Excel 工作簿不能输出到终端；请加 --output 自评表.xlsx".into(),
        NoSuchIndicator { query, count } => format!(
            "没有与 `{query}` 相符的指标；请给出指标序号（1 到 {count}）或名称的一部分"
        ),
        DiffRules => "diff 比较两套评分规则：--rules 给一次（与文件自身的规则比较）或两次".into(),
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join("、")
}

pub fn note(note: &Note) -> String {
    match note {
        Note::Converted { file, encoding } => format!(
            "提示：{file} 不是 UTF-8 编码，已按 {encoding} 读取（另存为 UTF-8 可避免此提示）"
        ),
        Note::Copy { copy, kept } => format!("{copy}：与「{kept}」是同一张表，作为副本略过"),
        Note::LeftOut { problem: p, place } => {
            format!("{place}：{}；已略去，由 perf-eval 计算", problem(p))
        }
        Note::Wrote { file } => {
            format!("已写入 {file}；下一步：填写后运行 `perf-eval score {file}`")
        }
        Note::RulesShow => "用 `perf-eval rules show 名称` 可打印一套规则，复制后修改。".into(),
        Note::Imported { file } => format!("已写入 {file}"),
        Note::ImportedFrom { workbook, sheet } => {
            format!("# 由 perf-eval 从 {workbook}（{sheet}）导入；每个值后的注释是它所在的单元格。")
        }
        Note::Remarks => "# 表中的说明行、隐藏的行和列（项目文件没有对应的键）：".into(),
        Note::HiddenRow { cells } => format!("（隐藏行，未读取）{cells}"),
        Note::HiddenColumn { cells } => format!("（隐藏列，未读取）{cells}"),
        Note::HiddenSheet { sheet } => format!("隐藏的工作表「{sheet}」不在表上显示，未读取"),
        Note::AtCell { place, problem: p } => format!("{place}：{}", problem(p)),
        Note::Warning { text } => format!("# 警告：{text}"),
        Note::Settings {
            file,
            select,
            ignore,
            deny_warnings,
        } => {
            let mut parts = vec![match select.as_slice() {
                [] => "报告全部审核代码".to_string(),
                codes => format!("只报告 {}", quoted(codes)),
            }];
            if !ignore.is_empty() {
                parts.push(format!("不报告 {}", quoted(ignore)));
            }
            if *deny_warnings {
                parts.push("有警告也不通过".to_string());
            }
            format!("设置：{file}（{}）", parts.join("；"))
        }
        Note::Drafted {
            placeholders,
            errors,
        } => {
            let places = match placeholders {
                0 => "草稿中没有待填写的内容".to_string(),
                n => format!("草稿中还有 {n} 处【待填写】，由单位补写"),
            };
            let table = match errors {
                0 => "自评表复核无错误".to_string(),
                n => format!(
                    "自评表复核有 {n} 处错误，改正前不应报送（`perf-eval check` 可查看每处错误的位置）"
                ),
            };
            format!("{places}；{table}。")
        }
        Note::Scored { file, errors } => match errors {
            0 => format!("已写入 {file}；自评表复核无错误。"),
            n => format!(
                "已写入 {file}；自评表复核有 {n} 处错误，改正前不应报送（`perf-eval check` 可查看每处错误的位置）。"
            ),
        },
    }
}

pub fn refusal(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Busy => "服务器正在复核其他表格，暂时没有空位；请稍候再试".into(),
        Refusal::Unauthorized => {
            "需要访问口令：请在页面上填写管理员提供的口令，或使用带口令的链接".into()
        }
        Refusal::TooLarge { mb } => {
            format!("上传内容超过 {mb} MiB（与命令行单个文件的上限相同），未读取；请分批上传")
        }
        Refusal::TooManyFiles { max } => format!("一次最多上传 {max} 个文件；请分批上传"),
        Refusal::NoFiles => {
            "没有收到文件：请选择或拖入 .xlsx、.xls、.docx、.txt 或 .toml 文件".into()
        }
        Refusal::BadUpload { why } => format!("上传内容无法读取（`{why}`）；请刷新页面后重试"),
        Refusal::TimedOut { seconds } => {
            format!("复核超过 {seconds} 秒仍未完成，已停止等待；请减少一次上传的文件数")
        }
        Refusal::NotOne { count } => {
            format!("自评表.xlsx 和自评报告草稿每次只能生成一张表，收到 {count} 个文件")
        }
        Refusal::UnknownProfile { name } => format!("没有名为「{name}」的评分规则"),
        Refusal::NotFound => "没有这个页面".into(),
    }
}

pub fn log(log: &Log) -> String {
    match log {
        Log::Listening { address, token } => {
            let token = if *token {
                "，须凭访问口令使用"
            } else {
                ""
            };
            format!("perf-eval 复核页面已启动：http://{address}/{token}（按 Ctrl+C 停止）")
        }
        Log::Answered {
            what,
            files,
            millis,
            status,
        } => format!("{what}：{files} 个文件，{millis} 毫秒，状态 {status}"),
    }
}

/// 每类审核发现的简称，审核报告的“问题”一栏用它。
pub fn title(code: Code) -> &'static str {
    match code {
        Code::ScoreMismatch => "得分与规则不符",
        Code::ScoreOutOfRange => "得分超出分值范围",
        Code::QualitativeBand => "得分与完成档位不符",
        Code::FundsRateMismatch => "执行率计算有误",
        Code::FundsScoreMismatch => "预算执行得分与规则不符",
        Code::TotalSumMismatch => "总分与各项得分之和不符",
        Code::TotalMismatch => "总分与规则不符",
        Code::WeightTotal => "分值合计不等于满分",
        Code::TotalWeightMismatch => "总分行分值与合计不符",
        Code::Level1Header => "一级指标分值与合计不符",
        Code::GradeMismatch => "评价等级与总分不符",
        Code::FundsNoteRequired => "执行率偏低未说明原因",
        Code::OverAchievementNoteRequired => "超额完成未说明原因",
        Code::CostCap => "未填报成本指标，得分超过上限",
        Code::MissingNote => "未填写偏差原因分析及改进措施",
        Code::OverAchievement => "超额完成较多",
        Code::ActualComparator => "实际完成值含比较符号",
        Code::ActualUnitMissing => "实际完成值未写计量单位",
        Code::UnitMismatch => "计量单位不一致",
        Code::ZeroTarget => "年度指标值为 0",
        Code::ScoreNotComputed => "无法计算得分",
        Code::FundsTotalEmpty => "资金总额未填写",
        Code::FundsRowsSum => "资金总额与分项合计不符",
        Code::FundsNoBudget => "预算数为空",
        Code::OverExecution => "执行数超过预算数",
        Code::BudgetAdjusted => "预算调整未说明原因",
        Code::CellAssumed => "数值按约数或区间读取",
        Code::CellUnread => "数值无法识别",
        Code::ActualNoFigure => "实际完成值未给出数值",
        Code::ActualNone => "实际完成值为“无”",
        Code::RowNotFilled => "指标未填写",
        Code::FundsBasisFallback => "执行率改按另一预算列计算",
        Code::Level1Split => "一级指标分值结构与规定不同",
        Code::DirectionInferred => "比较方向按指标推断",
    }
}
