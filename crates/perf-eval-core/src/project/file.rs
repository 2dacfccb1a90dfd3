//! The project file as written (schema version 1): serde structs that keep every span, and
//! describe themselves as a JSON Schema for editors. Unknown keys are errors, so a typo never
//! silently drops a figure. Doc comments are the schema's descriptions, in Chinese and English.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use crate::toml_input::{RawNumber, SpannedNumber};

/// 项目支出绩效自评表 — one project's performance self-evaluation table (perf-eval schema 1).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// 文件格式版本，写 1 — the file format version: 1.
    #[schemars(with = "i64", range(min = 1, max = 1))]
    pub schema: Spanned<i64>,
    /// 项目基本信息 — the project.
    #[schemars(with = "ProjectTable")]
    pub project: Spanned<ProjectTable>,
    /// 项目资金 — the budget block.
    #[serde(default)]
    #[schemars(with = "Option<FundsTable>")]
    pub funds: Option<Spanned<FundsTable>>,
    /// 年度总体目标 — the annual goals.
    #[serde(default)]
    pub goals: GoalsTable,
    /// 一级指标表头及其分值，如“产出指标（50分）” — first-level headers with their printed weights.
    #[serde(default)]
    pub level1: Vec<Level1Table>,
    /// 三级指标，每行一个，按表中顺序 — one table row per indicator, in table order.
    #[serde(default, rename = "indicator")]
    #[schemars(with = "Vec<IndicatorTable>")]
    pub indicators: Vec<Spanned<IndicatorTable>>,
    /// 总分行（填报数） — the 总分 row as declared.
    #[serde(default)]
    pub total: TotalTable,
    /// 自评报告中只能由单位填写的文字 — the parts of the 自评报告 only the unit can write.
    #[serde(default)]
    pub report: ReportTable,
}

/// 自评报告的文字部分；未填的部分在草稿中留出明显的待填标记 — the report's free text; what is
/// left out is marked as a placeholder in the draft, never invented.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportTable {
    /// 一、项目概况 — the project overview.
    #[schemars(with = "Option<String>")]
    pub overview: Option<Spanned<String>>,
    /// 二、绩效自评工作开展情况 — how the self-evaluation was carried out.
    #[schemars(with = "Option<String>")]
    pub process: Option<Spanned<String>>,
    /// 三、综合评价结论的文字部分（得分与等级由表计算） — the conclusion's words (the score and
    /// grade come from the table).
    #[schemars(with = "Option<String>")]
    pub conclusion: Option<Spanned<String>>,
    /// 资金到位数（与项目资金同单位），用于资金到位率 — funds that arrived, in the funds' unit.
    #[schemars(with = "Option<RawNumber>")]
    pub arrived: Option<SpannedNumber>,
    /// 资金使用及管理情况的说明，如未支出的原因 — on the use of funds, e.g. why some was not spent.
    #[schemars(with = "Option<String>")]
    pub funds: Option<Spanned<String>>,
    /// 五、存在的问题和改进措施（补充各指标偏差说明之外的内容） — problems and remedies beyond the
    /// indicators' notes.
    #[schemars(with = "Option<String>")]
    pub problems: Option<Spanned<String>>,
    /// 六、绩效自评结果拟应用和公开情况 — how the results will be used and published.
    #[schemars(with = "Option<String>")]
    pub application: Option<Spanned<String>>,
    /// 附件自评表的签署栏：填报单位（盖章） — the unit that files the table.
    #[schemars(with = "Option<String>")]
    pub filer: Option<Spanned<String>>,
    /// 填表人 — who filled in the table.
    #[schemars(with = "Option<String>")]
    pub preparer: Option<Spanned<String>>,
    /// 联系电话 — the preparer's telephone.
    #[schemars(with = "Option<String>")]
    pub phone: Option<Spanned<String>>,
    /// 填报日期，如 "2023年3月15日" — the date of filing, as it is to be printed.
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<String>>,
}

/// 项目基本信息 — the project.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectTable {
    /// 项目名称 — the project's name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// 年度，如 2022 — the year evaluated.
    #[schemars(with = "i64")]
    pub year: Spanned<i64>,
    /// 主管部门 — the supervising department.
    #[schemars(with = "Option<String>")]
    pub department: Option<Spanned<String>>,
    /// 实施单位 — the implementing unit.
    #[schemars(with = "Option<String>")]
    pub implementer: Option<Spanned<String>>,
    /// 评分规则：内置规则名（mof-2020、yiyang-2022、hubei、sichuan、jiangxi、zhejiang、guangxi、anhui，见 perf-eval rules）或规则文件路径；默认 mof-2020 —
    /// the rule profile: a built-in name or a path to a profile file; mof-2020 when absent.
    #[schemars(with = "Option<String>")]
    pub rules: Option<Spanned<String>>,
}

/// 项目资金 — the budget block.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundsTable {
    /// 金额单位 — the money unit.
    #[schemars(with = "Option<super::MoneyUnit>")]
    pub unit: Option<Spanned<String>>,
    /// 分值；省略时取规则的默认值 — the weight; the profile's default when absent.
    #[schemars(with = "Option<RawNumber>")]
    pub weight: Option<SpannedNumber>,
    /// 执行率（填报数），百分数，如 "86%" — the declared execution rate, in percent.
    #[schemars(with = "Option<RawNumber>")]
    pub rate: Option<SpannedNumber>,
    /// 得分（填报数） — the declared score.
    #[schemars(with = "Option<RawNumber>")]
    pub score: Option<SpannedNumber>,
    /// 预算调整等说明 — a note on the budget (why 全年预算数 differs from 年初预算数).
    #[schemars(with = "Option<String>")]
    pub note: Option<Spanned<String>>,
    /// 年度资金总额 — total funds.
    #[serde(default)]
    pub total: FundsRowTable,
    /// 其中：当年财政拨款 — of which: this year's appropriation.
    #[serde(default)]
    pub appropriation: FundsRowTable,
    /// 上年结转资金 — carried over from last year.
    #[serde(default)]
    pub carryover: FundsRowTable,
    /// 其他资金 — other funds.
    #[serde(default)]
    pub other: FundsRowTable,
}

/// 资金行：年初预算数、全年预算数、全年执行数 — a budget row: initial, annual, executed.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundsRowTable {
    /// 年初预算数 — the budget at the start of the year.
    #[schemars(with = "Option<RawNumber>")]
    pub initial: Option<SpannedNumber>,
    /// 全年预算数 — the adjusted annual budget.
    #[schemars(with = "Option<RawNumber>")]
    pub annual: Option<SpannedNumber>,
    /// 全年执行数 — the amount executed in the year.
    #[schemars(with = "Option<RawNumber>")]
    pub executed: Option<SpannedNumber>,
    /// 执行数（其他），浙江等规则计入执行数 — executed from other channels, counted as executed
    /// where the rules say so (浙江).
    #[schemars(with = "Option<RawNumber>")]
    pub executed_other: Option<SpannedNumber>,
}

/// 年度总体目标 — the annual goals.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalsTable {
    /// 预期目标 — the expected goals.
    #[schemars(with = "Option<String>")]
    pub expected: Option<Spanned<String>>,
    /// 实际完成情况 — what was achieved.
    #[schemars(with = "Option<String>")]
    pub actual: Option<Spanned<String>>,
}

/// 一级指标表头 — a first-level header.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level1Table {
    /// 一级指标名称，如“产出指标” — the first-level name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// 表头所印分值 — the weight printed in the header.
    #[schemars(with = "Option<RawNumber>")]
    pub weight: Option<SpannedNumber>,
}

/// 三级指标（表中一行） — one indicator row.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorTable {
    /// 一级指标 — the first-level indicator (产出指标, 效益指标, 满意度指标).
    #[schemars(with = "String")]
    pub level1: Spanned<String>,
    /// 二级指标 — the second-level indicator (数量指标, 质量指标, …).
    #[schemars(with = "String")]
    pub level2: Spanned<String>,
    /// 三级指标名称 — the indicator's name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// 年度指标值，如 "≥1000个" — the annual target.
    #[schemars(with = "Option<RawCell>")]
    pub target: Option<Spanned<RawCell>>,
    /// 实际完成值，如 "850个" — the actual value reached.
    #[schemars(with = "Option<RawCell>")]
    pub actual: Option<Spanned<RawCell>>,
    /// 分值；不适用行可省略 — the weight; 不适用 rows may omit it.
    #[schemars(with = "Option<RawNumber>")]
    pub weight: Option<SpannedNumber>,
    /// 得分（填报数） — the declared score.
    #[schemars(with = "Option<RawNumber>")]
    pub score: Option<SpannedNumber>,
    /// 偏差原因分析及改进措施 — why the target was missed and what will be done.
    #[schemars(with = "Option<String>")]
    pub note: Option<Spanned<String>>,
    /// 扣分（扣减分数）：从计算得分中扣除，最低为 0（广西等） — points deducted from the computed
    /// score, never below 0.
    #[schemars(with = "Option<RawNumber>")]
    pub deduction: Option<SpannedNumber>,
    /// 指标性质：定量 quantitative / 定性 qualitative；省略时按指标值推断 — the kind; inferred
    /// from the target when absent.
    #[schemars(with = "Option<KindName>")]
    pub kind: Option<Spanned<String>>,
    /// 比较方向：≥、≤ 或 =；省略时取指标值的符号，成本指标、时限和指标值为 0 的为 ≤ — the
    /// comparator; the target's own, else ≤ for 成本指标, deadlines, time limits and targets of 0,
    /// ≥ for the rest.
    #[schemars(with = "Option<String>")]
    pub direction: Option<Spanned<String>>,
    /// 不适用：不计分，分值不计入 — not applicable: not scored, weight excluded.
    #[serde(default)]
    pub na: bool,
    /// 明细行（“其中：…”）：上一指标的分项，列示但不计分；名称以“其中”开头且无分值的行即是 —
    /// a breakdown row of the indicator above: shown, not scored. A row named `其中：…` with no
    /// weight is one.
    #[serde(default)]
    pub detail: bool,
}

/// 指标性质 — an indicator's kind.
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
pub enum KindName {
    #[serde(rename = "quantitative")]
    Quantitative,
    #[serde(rename = "qualitative")]
    Qualitative,
    #[serde(rename = "定量")]
    QuantitativeZh,
    #[serde(rename = "定性")]
    QualitativeZh,
}

/// 总分行（填报数） — the 总分 row as declared.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TotalTable {
    /// 总分值 — the declared full score.
    #[schemars(with = "Option<RawNumber>")]
    pub weight: Option<SpannedNumber>,
    /// 总得分 — the declared total.
    #[schemars(with = "Option<RawNumber>")]
    pub score: Option<SpannedNumber>,
    /// 评价等级，如“优秀” — the declared grade.
    #[schemars(with = "Option<String>")]
    pub grade: Option<Spanned<String>>,
}

/// A 年度指标值 / 实际完成值 cell: text as printed (`"≥1000个"`), a bare number, or the split
/// form some templates use (`{ op = "≥", value = 735, unit = "人次" }`).
#[derive(Debug, Clone, PartialEq)]
pub enum RawCell {
    Text(String),
    Number,
    Parts(CellParts),
}

/// 拆分写法：指标性质、指标值、度量单位 — the split form: comparator, value, unit.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellParts {
    /// 比较符号：≥、≤、= 等 — the comparator.
    #[schemars(with = "Option<String>")]
    pub op: Option<Spanned<String>>,
    /// 指标值 — the value.
    #[schemars(with = "RawNumber")]
    pub value: SpannedNumber,
    /// 度量单位 — the unit.
    #[serde(default)]
    pub unit: String,
}

impl JsonSchema for RawCell {
    fn schema_name() -> Cow<'static, str> {
        "Cell".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let parts = generator.subschema_for::<CellParts>();
        json_schema!({
            "description": "单元格：按表中所写的文字（如 \"≥1000个\"）、数值，或拆分写法 — the cell as printed, a number, or the split form",
            "anyOf": [{ "type": "string" }, { "type": "number" }, parts]
        })
    }
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = RawCell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(crate::toml_input::EXPECTING_CELL)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCell, E> {
                Ok(RawCell::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawCell, E> {
                Ok(RawCell::Number)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawCell, E> {
                Ok(RawCell::Number)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawCell, E> {
                Ok(RawCell::Number)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCell, A::Error> {
                CellParts::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawCell::Parts)
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}
