//! The project model: one project's self-evaluation table, as declared by the unit, with the
//! place of every figure kept for diagnostics.

mod events;
mod file;

use rust_decimal::Decimal;
use serde::Serialize;
use toml::Spanned;

use crate::error::InputError;
use crate::messages::{Expected, Problem, Signed};
use crate::source::{Located, Source, Span};
use crate::toml_input::{self, SpannedNumber, located_string, span_of};
use crate::value::{Assumption, Comparator, Quantity, Reading, Value, YEARS, read, read_amount};
pub use file::ProjectFile;
use file::{CellParts, FundsRowTable, IndicatorTable, RawCell};

/// The largest weight or score a table may carry.
pub const MAX_POINTS: u32 = 1_000_000;

/// The largest amount a funds cell may carry (in the block's unit); with [`MAX_POINTS`] it
/// keeps every sum and ratio in exact range.
pub const MAX_AMOUNT: u64 = 1_000_000_000_000_000_000;

/// The longest text a cell or name may hold, in characters: far above any real table, and low
/// enough that a pasted document cannot blow up every report.
pub const MAX_TEXT: usize = 10_000;

/// The only schema version this build reads.
pub const SCHEMA_VERSION: i64 = 1;

/// One project's table.
#[derive(Debug, Clone)]
pub struct Project {
    /// 项目名称
    pub name: Located<String>,
    pub year: i64,
    /// 主管部门
    pub department: String,
    /// 实施单位
    pub implementer: String,
    /// The rule profile the file names, if any.
    pub rules: Option<Located<String>>,
    pub funds: Funds,
    pub goals: Goals,
    pub level1: Vec<Level1Header>,
    pub indicators: Vec<Indicator>,
    pub total: DeclaredTotal,
    pub report: ReportText,
}

/// What only the unit can write in the 自评报告; `None` where the file leaves it out.
#[derive(Debug, Clone, Default)]
pub struct ReportText {
    /// 项目概况
    pub overview: Option<String>,
    /// 绩效自评工作开展情况
    pub process: Option<String>,
    /// 综合评价结论 (the words; the figures come from the table)
    pub conclusion: Option<String>,
    /// 资金到位数, in the funds' unit.
    pub arrived: Option<Located<Decimal>>,
    /// 资金使用及管理情况
    pub funds: Option<String>,
    /// 存在的问题和改进措施
    pub problems: Option<String>,
    /// 绩效自评结果拟应用和公开情况
    pub application: Option<String>,
    /// The signature lines of the attached table: 填报单位（盖章）, 填表人, 联系电话, 填报日期.
    pub filer: Option<String>,
    pub preparer: Option<String>,
    pub phone: Option<String>,
    pub date: Option<String>,
}

/// 金额单位 — the money unit of the 项目资金 block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    TenThousandYuan,
    #[serde(rename = "亿元")]
    HundredMillionYuan,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::TenThousandYuan => "万元",
            MoneyUnit::HundredMillionYuan => "亿元",
        }
    }

    fn in_yuan(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::TenThousandYuan => Decimal::from(10_000),
            MoneyUnit::HundredMillionYuan => Decimal::from(100_000_000),
        }
    }

    fn parse(text: &str) -> Option<MoneyUnit> {
        [
            MoneyUnit::Yuan,
            MoneyUnit::TenThousandYuan,
            MoneyUnit::HundredMillionYuan,
        ]
        .into_iter()
        .find(|unit| unit.label() == text.trim())
    }
}

/// 项目资金: the budget block.
#[derive(Debug, Clone)]
pub struct Funds {
    pub unit: MoneyUnit,
    /// 分值 as declared; the profile's default when absent.
    pub weight: Option<Located<Decimal>>,
    /// 执行率 as declared, in percent as written (`"86%"` → 86).
    pub rate: Option<Located<Decimal>>,
    /// 得分 as declared.
    pub score: Option<Located<Decimal>>,
    /// A note on the budget (why 全年预算数 differs from 年初预算数, …).
    pub note: Option<String>,
    /// 年度资金总额
    pub total: FundsRow,
    /// 其中：当年财政拨款
    pub appropriation: FundsRow,
    /// 上年结转资金
    pub carryover: FundsRow,
    /// 其他资金
    pub other: FundsRow,
    /// Where the `[funds]` table is (start of file when absent).
    pub span: Span,
}

/// One row of the budget block: 年初预算数, 全年预算数, 全年执行数, and 执行数（其他）.
#[derive(Debug, Clone, Default)]
pub struct FundsRow {
    pub initial: Option<Located<Decimal>>,
    pub annual: Option<Located<Decimal>>,
    pub executed: Option<Located<Decimal>>,
    /// 执行数（其他）: counted as executed only where the profile says so (浙江).
    pub executed_other: Option<Located<Decimal>>,
}

impl FundsRow {
    /// The three amounts, zero where empty.
    pub fn amounts(&self) -> [Decimal; 3] {
        [&self.initial, &self.annual, &self.executed]
            .map(|amount| amount.as_ref().map_or(Decimal::ZERO, |a| a.value))
    }

    /// Whether no amount is written, or all are zero.
    pub fn is_blank(&self) -> bool {
        self.amounts().iter().all(Decimal::is_zero) && self.other_executed().is_zero()
    }

    /// 执行数（其他）, zero where empty.
    pub fn other_executed(&self) -> Decimal {
        self.executed_other
            .as_ref()
            .map_or(Decimal::ZERO, |a| a.value)
    }
}

/// 年度总体目标
#[derive(Debug, Clone, Default)]
pub struct Goals {
    /// 预期目标
    pub expected: String,
    /// 实际完成情况
    pub actual: String,
}

/// A first-level header as printed, e.g. `产出指标（50分）`.
#[derive(Debug, Clone)]
pub struct Level1Header {
    pub name: Located<String>,
    pub weight: Option<Located<Decimal>>,
}

/// Whether an indicator is measured by a number or judged in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Quantitative,
    Qualitative,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Quantitative => "quantitative",
            Kind::Qualitative => "qualitative",
        }
    }
}

/// A target or actual cell: the text as printed and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub value: Value,
    /// What had to be assumed to read it (an approximate figure, a range, a date without a
    /// year), or the part that could not be read.
    pub assumed: Option<Assumption>,
}

impl Cell {
    /// Reads a cell's text.
    pub fn read(text: impl Into<String>) -> Cell {
        let text = text.into();
        let Reading { value, assumed } = read(&text);
        Cell {
            text,
            value,
            assumed,
        }
    }
}

/// One row of the indicator table (三级指标).
#[derive(Debug, Clone)]
pub struct Indicator {
    pub level1: Located<String>,
    pub level2: Located<String>,
    pub name: Located<String>,
    /// 年度指标值
    pub target: Located<Cell>,
    /// 实际完成值
    pub actual: Located<Cell>,
    /// 分值; absent only on 不适用 rows.
    pub weight: Option<Located<Decimal>>,
    /// 得分 as declared.
    pub score: Option<Located<Decimal>>,
    /// 偏差原因分析及改进措施
    pub note: Option<Located<String>>,
    /// 扣分: points deducted from the computed score (never below 0).
    pub deduction: Option<Located<Decimal>>,
    pub kind: Option<Kind>,
    pub direction: Option<Comparator>,
    /// 不适用: not scored, weight excluded.
    pub na: bool,
    /// A breakdown row (`其中：…`) of the indicator above: shown, not scored.
    pub detail: bool,
    /// The whole `[[indicator]]` table.
    pub span: Span,
}

impl Indicator {
    /// The weight, zero on 不适用 rows.
    pub fn weight(&self) -> Decimal {
        self.weight.as_ref().map_or(Decimal::ZERO, |w| w.value)
    }
}

/// The 总分 row as declared.
#[derive(Debug, Clone, Default)]
pub struct DeclaredTotal {
    pub weight: Option<Located<Decimal>>,
    pub score: Option<Located<Decimal>>,
    pub grade: Option<Located<String>>,
}

/// Reads a project file. The first problem found is returned with its place.
pub fn load(source: &Source) -> Result<Project, InputError> {
    let file = match events::read(source) {
        Some(file) => file,
        None => toml_input::parse(source)?,
    };
    Reader { source }.project(file)
}

struct Reader<'a> {
    source: &'a Source,
}

impl Reader<'_> {
    fn error(&self, span: Span, key: &str, problem: Problem) -> InputError {
        InputError::new(self.source, span, Some(key), problem)
    }

    fn project(&self, file: ProjectFile) -> Result<Project, InputError> {
        if *file.schema.get_ref() != SCHEMA_VERSION {
            return Err(self.error(
                span_of(&file.schema),
                "schema",
                Problem::Schema {
                    found: file.schema.get_ref().to_string(),
                    supported: SCHEMA_VERSION.to_string(),
                },
            ));
        }
        let project = file.project.into_inner();
        let year = *project.year.get_ref();
        if !YEARS.contains(&year) {
            return Err(self.error(
                span_of(&project.year),
                "project.year",
                Problem::Year {
                    found: year.to_string(),
                },
            ));
        }
        let funds = self.funds(file.funds)?;
        Ok(Project {
            name: self.text(project.name, "project.name")?,
            year,
            department: self.optional(project.department, "project.department", false)?,
            implementer: self.optional(project.implementer, "project.implementer", false)?,
            rules: project
                .rules
                .map(|rules| self.safe(rules, "project.rules", false))
                .transpose()?,
            report: self.report(file.report, funds.unit)?,
            funds,
            goals: Goals {
                expected: self.optional(file.goals.expected, "goals.expected", true)?,
                actual: self.optional(file.goals.actual, "goals.actual", true)?,
            },
            level1: file
                .level1
                .into_iter()
                .map(|header| {
                    Ok(Level1Header {
                        name: self.text(header.name, "level1.name")?,
                        weight: self.points(&header.weight, "level1.weight", true)?,
                    })
                })
                .collect::<Result<_, InputError>>()?,
            indicators: file
                .indicators
                .into_iter()
                .map(|table| self.indicator(table))
                .collect::<Result<_, _>>()?,
            total: DeclaredTotal {
                weight: self.points(&file.total.weight, "total.weight", true)?,
                score: self.points(&file.total.score, "total.score", false)?,
                grade: file
                    .total
                    .grade
                    .map(|grade| self.safe(grade, "total.grade", false))
                    .transpose()?,
            },
        })
    }

    /// A name that must not be empty or blank.
    fn text(&self, text: Spanned<String>, key: &str) -> Result<Located<String>, InputError> {
        if text.get_ref().trim().is_empty() {
            return Err(self.error(span_of(&text), key, Problem::Empty));
        }
        self.safe(text, key, false)
    }

    /// Text with no characters that hide or rearrange what it shows (see [`check_chars`]).
    fn safe(
        &self,
        text: Spanned<String>,
        key: &str,
        multiline: bool,
    ) -> Result<Located<String>, InputError> {
        self.check_chars(text.get_ref(), span_of(&text), key, multiline)?;
        Ok(located_string(text))
    }

    /// Rejects text longer than [`MAX_TEXT`], control characters (line breaks and tabs are allowed where `multiline`) and
    /// bidirectional overrides, which can make a table display other figures than it holds.
    fn check_chars(
        &self,
        text: &str,
        span: Span,
        key: &str,
        multiline: bool,
    ) -> Result<(), InputError> {
        // No more bytes than the limit: no more characters either, and nothing to count.
        let length = if text.len() <= MAX_TEXT {
            0
        } else {
            text.chars().count()
        };
        if length > MAX_TEXT {
            return Err(self.error(
                span,
                key,
                Problem::TooLong {
                    length,
                    max: MAX_TEXT,
                },
            ));
        }
        // Control characters are below 0x20, 0x7F, or led by 0xC2 (U+0080–U+009F); the bidi
        // controls by 0xE2. Text with none of these bytes (most cells) needs no closer look.
        if !text
            .bytes()
            .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2)
        {
            return Ok(());
        }
        let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
        let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        match text
            .chars()
            .find(|&c| (c.is_control() && !allowed(c)) || bidi(c))
        {
            None => Ok(()),
            Some(c) => {
                let code = format!("{:04X}", c as u32);
                let problem = if bidi(c) {
                    Problem::BidiOverride { code }
                } else {
                    Problem::ControlCharacter { code }
                };
                Err(self.error(span, key, problem))
            }
        }
    }

    /// An optional free text, empty when absent.
    fn optional(
        &self,
        text: Option<Spanned<String>>,
        key: &str,
        multiline: bool,
    ) -> Result<String, InputError> {
        match text {
            Some(text) => Ok(self.safe(text, key, multiline)?.value),
            None => Ok(String::new()),
        }
    }

    fn report(&self, table: file::ReportTable, unit: MoneyUnit) -> Result<ReportText, InputError> {
        let text = |value: Option<Spanned<String>>, key: &str| {
            value
                .map(|v| self.safe(v, key, true).map(|v| v.value))
                .transpose()
        };
        let line = |value: Option<Spanned<String>>, key: &str| {
            value
                .map(|v| self.safe(v, key, false).map(|v| v.value))
                .transpose()
        };
        Ok(ReportText {
            overview: text(table.overview, "report.overview")?,
            process: text(table.process, "report.process")?,
            conclusion: text(table.conclusion, "report.conclusion")?,
            arrived: table
                .arrived
                .as_ref()
                .map(|a| self.amount(a, "report.arrived", unit))
                .transpose()?,
            funds: text(table.funds, "report.funds")?,
            problems: text(table.problems, "report.problems")?,
            application: text(table.application, "report.application")?,
            filer: line(table.filer, "report.filer")?,
            preparer: line(table.preparer, "report.preparer")?,
            phone: line(table.phone, "report.phone")?,
            date: line(table.date, "report.date")?,
        })
    }

    fn funds(&self, table: Option<Spanned<file::FundsTable>>) -> Result<Funds, InputError> {
        let Some(table) = table else {
            return Ok(Funds {
                unit: MoneyUnit::TenThousandYuan,
                weight: None,
                rate: None,
                score: None,
                note: None,
                total: FundsRow::default(),
                appropriation: FundsRow::default(),
                carryover: FundsRow::default(),
                other: FundsRow::default(),
                span: Span::default(),
            });
        };
        let span = span_of(&table);
        let table = table.into_inner();
        let unit = match &table.unit {
            None => MoneyUnit::TenThousandYuan,
            Some(unit) => MoneyUnit::parse(unit.get_ref()).ok_or_else(|| {
                self.error(
                    span_of(unit),
                    "funds.unit",
                    Problem::NotRead {
                        expected: Expected::MoneyUnitName,
                        found: unit.get_ref().clone(),
                    },
                )
            })?,
        };
        let row = |row: &FundsRowTable, name: &str| -> Result<FundsRow, InputError> {
            let amount = |amount: &Option<SpannedNumber>, column: &str| {
                let key = format!("funds.{name}.{column}");
                amount
                    .as_ref()
                    .map(|a| self.amount(a, &key, unit))
                    .transpose()
            };
            Ok(FundsRow {
                initial: amount(&row.initial, "initial")?,
                annual: amount(&row.annual, "annual")?,
                executed: amount(&row.executed, "executed")?,
                executed_other: amount(&row.executed_other, "executed_other")?,
            })
        };
        Ok(Funds {
            unit,
            weight: self.points(&table.weight, "funds.weight", true)?,
            rate: table
                .rate
                .as_ref()
                .map(|rate| self.percent(rate, "funds.rate"))
                .transpose()?,
            score: self.points(&table.score, "funds.score", false)?,
            note: table
                .note
                .map(|note| self.safe(note, "funds.note", true).map(|n| n.value))
                .transpose()?,
            total: row(&table.total, "total")?,
            appropriation: row(&table.appropriation, "appropriation")?,
            carryover: row(&table.carryover, "carryover")?,
            other: row(&table.other, "other")?,
            span,
        })
    }

    fn indicator(&self, table: Spanned<IndicatorTable>) -> Result<Indicator, InputError> {
        let span = span_of(&table);
        let row = table.into_inner();
        let name = self.text(row.name, "indicator.name")?;
        let cell = |cell: Option<Spanned<RawCell>>, key: &str| match cell {
            Some(cell) => self.cell(cell, key),
            None => Ok(Located::new(Cell::read(""), span)),
        };
        let weight = self.points(&row.weight, "indicator.weight", true)?;
        let breakdown = name.value.trim_start().starts_with("其中") && weight.is_none();
        let detail = row.detail || breakdown;
        if weight.is_none() && !row.na && !detail {
            return Err(self.error(
                span,
                "indicator.weight",
                Problem::MissingWeight {
                    name: name.value.clone(),
                },
            ));
        }
        let kind = match &row.kind {
            None => None,
            Some(kind) => Some(match kind.get_ref().trim() {
                "quantitative" | "定量" => Kind::Quantitative,
                "qualitative" | "定性" => Kind::Qualitative,
                other => {
                    return Err(self.error(
                        span_of(kind),
                        "indicator.kind",
                        Problem::NotRead {
                            expected: Expected::Kind,
                            found: other.to_string(),
                        },
                    ));
                }
            }),
        };
        let direction = match &row.direction {
            None => None,
            Some(direction) => Some(Comparator::parse(direction.get_ref()).ok_or_else(|| {
                self.error(
                    span_of(direction),
                    "indicator.direction",
                    Problem::NotRead {
                        expected: Expected::Comparator,
                        found: direction.get_ref().clone(),
                    },
                )
            })?),
        };
        Ok(Indicator {
            level1: self.text(row.level1, "indicator.level1")?,
            level2: self.text(row.level2, "indicator.level2")?,
            name,
            target: cell(row.target, "indicator.target")?,
            actual: cell(row.actual, "indicator.actual")?,
            weight,
            score: self.points(&row.score, "indicator.score", false)?,
            note: row
                .note
                .map(|note| self.safe(note, "indicator.note", true))
                .transpose()?,
            deduction: self.deduction(&row.deduction)?,
            kind,
            direction,
            na: row.na,
            detail,
            span,
        })
    }

    fn cell(&self, cell: Spanned<RawCell>, key: &str) -> Result<Located<Cell>, InputError> {
        let span = span_of(&cell);
        let cell = match cell.into_inner() {
            RawCell::Text(text) => {
                self.check_chars(&text, span, key, false)?;
                Cell::read(text)
            }
            RawCell::Number => Cell::read(self.source.slice(span)),
            RawCell::Parts(parts) => {
                self.check_chars(&parts.unit, span, key, false)?;
                self.cell_parts(&parts, key)?
            }
        };
        Ok(Located::new(cell, span))
    }

    /// The split form `{ op = "≥", value = 735, unit = "人次" }`.
    fn cell_parts(&self, parts: &CellParts, key: &str) -> Result<Cell, InputError> {
        let op = match &parts.op {
            None => None,
            Some(op) if op.get_ref().trim().is_empty() => None,
            Some(op) => Some(Comparator::parse(op.get_ref()).ok_or_else(|| {
                self.error(
                    span_of(op),
                    &format!("{key}.op"),
                    Problem::NotRead {
                        expected: Expected::Comparator,
                        found: op.get_ref().clone(),
                    },
                )
            })?),
        };
        let value_key = format!("{key}.value");
        let number = self.number(&parts.value, &value_key, |text| {
            read_amount(text)
                .filter(|quantity| quantity.unit.is_empty())
                .and_then(|quantity| quantity.base())
                .ok_or(Expected::Number)
        })?;
        let quantity = Quantity::new(number.value, parts.unit.trim());
        let text = format!("{}{quantity}", op.map_or("", Comparator::symbol));
        Ok(Cell {
            text,
            value: Value::Number { op, quantity },
            assumed: None,
        })
    }

    fn number(
        &self,
        number: &SpannedNumber,
        key: &str,
        read_text: impl Fn(&str) -> Result<Decimal, Expected>,
    ) -> Result<Located<Decimal>, InputError> {
        toml_input::number(self.source, number, key, read_text)
    }

    /// 分值 / 得分: `5`, `4.5`, `"5分"`. Weights must not be negative.
    fn points(
        &self,
        number: &Option<SpannedNumber>,
        key: &str,
        is_weight: bool,
    ) -> Result<Option<Located<Decimal>>, InputError> {
        let Some(number) = number else {
            return Ok(None);
        };
        let points = self.number(number, key, |text| {
            plain_quantity(text, &["", "分"]).ok_or(Expected::Points)
        })?;
        // Bounding points keeps every sum and product in the engine within exact range.
        if points.value.abs() > Decimal::from(MAX_POINTS) {
            return Err(self.error(
                points.span,
                key,
                Problem::AtMost {
                    max: MAX_POINTS.to_string(),
                    found: points.value.to_string(),
                },
            ));
        }
        if is_weight && points.value.is_sign_negative() && !points.value.is_zero() {
            return Err(self.error(
                points.span,
                key,
                Problem::Negative {
                    what: Signed::Weight,
                    found: points.value.to_string(),
                },
            ));
        }
        Ok(Some(points))
    }

    /// 扣分: points, not negative.
    fn deduction(
        &self,
        number: &Option<SpannedNumber>,
    ) -> Result<Option<Located<Decimal>>, InputError> {
        let key = "indicator.deduction";
        let deduction = self.points(number, key, false)?;
        match deduction {
            Some(points) if points.value.is_sign_negative() && !points.value.is_zero() => Err(self
                .error(
                    points.span,
                    key,
                    Problem::Negative {
                        what: Signed::Deduction,
                        found: points.value.to_string(),
                    },
                )),
            _ => Ok(deduction),
        }
    }

    /// 执行率 in percent: `"86%"`, `86`, `"86.29％"`.
    fn percent(&self, number: &SpannedNumber, key: &str) -> Result<Located<Decimal>, InputError> {
        self.number(number, key, |text| {
            plain_quantity(text, &["", "%"]).ok_or(Expected::Percentage)
        })
    }

    /// An amount in the block's unit; a string may name another money unit (`"1444.49万元"`).
    fn amount(
        &self,
        number: &SpannedNumber,
        key: &str,
        unit: MoneyUnit,
    ) -> Result<Located<Decimal>, InputError> {
        let amount = self.number(number, key, |text| {
            let Some(quantity) = read_amount(text) else {
                return Err(Expected::Amount);
            };
            match quantity.unit.as_str() {
                "" if quantity.magnitude.is_empty() => Ok(quantity.number),
                "元" => quantity
                    .base()
                    .and_then(|yuan| yuan.checked_div(unit.in_yuan()))
                    .ok_or(Expected::AmountInRange),
                _ => Err(Expected::MoneyUnit),
            }
        })?;
        if amount.value.abs() > Decimal::from(MAX_AMOUNT) {
            return Err(self.error(
                amount.span,
                key,
                Problem::AtMost {
                    max: MAX_AMOUNT.to_string(),
                    found: amount.value.to_string(),
                },
            ));
        }
        if amount.value.is_sign_negative() && !amount.value.is_zero() {
            return Err(self.error(
                amount.span,
                key,
                Problem::Negative {
                    what: Signed::Amount,
                    found: amount.value.to_string(),
                },
            ));
        }
        Ok(amount)
    }
}

/// A number with no comparator or magnitude, and one of the allowed units.
fn plain_quantity(text: &str, units: &[&str]) -> Option<Decimal> {
    read_amount(text)
        .filter(|q| q.magnitude.is_empty() && units.contains(&q.unit.as_str()))
        .map(|q| q.number)
}

#[cfg(test)]
mod tests;
