//! Cell values as real tables write them: `≥1000个`, `≥15天/月`, `1444.49万元`, `≥10万`, `≤2个`,
//! `≥90%`, `2023年12月`, `持续推进`.
//!
//! A cell is read as a comparator, an exact number with its magnitude (万, 亿) and unit, or a
//! date; anything else is qualitative text. Full-width forms and the word forms that forms use
//! (`不低于`, `…以上`, `…以内`) are accepted.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::number::{compact, is_cjk_ideograph, parse_decimal, plain};

/// How an actual value is compared with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparator {
    #[serde(rename = "≥")]
    AtLeast,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "≤")]
    AtMost,
    #[serde(rename = "<")]
    Below,
    #[serde(rename = "=")]
    Equal,
}

impl Comparator {
    /// The symbol printed on the official form.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::Above => ">",
            Comparator::AtMost => "≤",
            Comparator::Below => "<",
            Comparator::Equal => "=",
        }
    }

    /// Whether `ordering` (actual compared with target) satisfies this comparator.
    pub fn holds(self, ordering: Ordering) -> bool {
        match self {
            Comparator::AtLeast => ordering != Ordering::Less,
            Comparator::Above => ordering == Ordering::Greater,
            Comparator::AtMost => ordering != Ordering::Greater,
            Comparator::Below => ordering == Ordering::Less,
            Comparator::Equal => ordering == Ordering::Equal,
        }
    }

    /// Reads a comparator written alone (`≥`, `>=`, `＞＝`, `不低于`, …).
    pub fn parse(text: &str) -> Option<Comparator> {
        let folded = compact(text);
        match strip_comparator(&folded) {
            Some((op, "")) => Some(op),
            _ => None,
        }
    }
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// Prefixes that open a cell, longest first so `>=` wins over `>`.
const PREFIXES: &[(&str, Comparator)] = &[
    ("大于等于", Comparator::AtLeast),
    ("大于或等于", Comparator::AtLeast),
    ("小于等于", Comparator::AtMost),
    ("小于或等于", Comparator::AtMost),
    ("不低于", Comparator::AtLeast),
    ("不少于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("不高于", Comparator::AtMost),
    ("不超过", Comparator::AtMost),
    ("不多于", Comparator::AtMost),
    ("不大于", Comparator::AtMost),
    (">=", Comparator::AtLeast),
    ("=>", Comparator::AtLeast),
    ("<=", Comparator::AtMost),
    ("=<", Comparator::AtMost),
    ("≥", Comparator::AtLeast),
    ("≧", Comparator::AtLeast),
    ("⩾", Comparator::AtLeast),
    ("≤", Comparator::AtMost),
    ("≦", Comparator::AtMost),
    ("⩽", Comparator::AtMost),
    ("大于", Comparator::Above),
    ("高于", Comparator::Above),
    ("超过", Comparator::Above),
    ("多于", Comparator::Above),
    ("小于", Comparator::Below),
    ("低于", Comparator::Below),
    ("少于", Comparator::Below),
    ("等于", Comparator::Equal),
    (">", Comparator::Above),
    ("<", Comparator::Below),
    ("=", Comparator::Equal),
    ("﹦", Comparator::Equal),
];

/// Suffixes that close a cell: in Chinese usage `以上` and `以下` include the number itself.
const SUFFIXES: &[(&str, Comparator)] = &[
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("及以下", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("以内", Comparator::AtMost),
    ("之前", Comparator::AtMost),
    ("前", Comparator::AtMost),
];

fn strip_comparator(text: &str) -> Option<(Comparator, &str)> {
    PREFIXES
        .iter()
        .find_map(|(prefix, op)| text.strip_prefix(prefix).map(|rest| (*op, rest)))
}

fn strip_suffix_comparator(text: &str) -> Option<(Comparator, &str)> {
    SUFFIXES
        .iter()
        .find_map(|(suffix, op)| text.strip_suffix(suffix).map(|rest| (*op, rest)))
}

/// An amount with its magnitude and unit: `1444.49万元` is 1444.49 × 10⁴ 元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    /// The number as written.
    pub number: Decimal,
    /// The magnitude word written after the number (`万`, `亿`, …), empty when none.
    pub magnitude: &'static str,
    /// The unit after the magnitude (`个`, `天/月`, `元`, `%`), empty when none.
    pub unit: String,
}

/// Magnitude words, longest first. `千` counts only before `元`: elsewhere (千米, 千瓦) it is
/// part of the unit's own name.
const MAGNITUDES: &[(&str, u64)] = &[
    ("千万", 10_000_000),
    ("百万", 1_000_000),
    ("万", 10_000),
    ("亿", 100_000_000),
];

impl Quantity {
    /// Builds a quantity from a number and the text written after it (`万人次`, `%`, `百分比`).
    pub fn new(number: Decimal, suffix: &str) -> Quantity {
        let (magnitude, unit) = split_magnitude(suffix);
        Quantity {
            number,
            magnitude,
            unit: normalize_unit(unit),
        }
    }

    /// A target and an actual as two numbers that compare: as written when their magnitudes
    /// agree or one is bare (a bare `8` against `=8万元` is 8万元), else with magnitudes
    /// applied. `None` when that leaves the exact range.
    pub fn comparable(target: &Quantity, actual: &Quantity) -> Option<(Decimal, Decimal)> {
        if target.magnitude == actual.magnitude || target.is_bare() || actual.is_bare() {
            Some((target.number, actual.number))
        } else {
            Some((target.base()?, actual.base()?))
        }
    }

    /// Whether the figure is written with neither magnitude nor unit (`8`).
    pub fn is_bare(&self) -> bool {
        self.magnitude.is_empty() && self.unit.is_empty()
    }

    /// The number with its magnitude applied; `None` when that leaves the exact range.
    pub fn base(&self) -> Option<Decimal> {
        let factor = MAGNITUDES
            .iter()
            .chain([("千", 1_000)].iter())
            .find(|(word, _)| *word == self.magnitude)
            .map_or(1, |(_, factor)| *factor);
        self.number.checked_mul(Decimal::from(factor))
    }
}

fn split_magnitude(suffix: &str) -> (&'static str, &str) {
    if let Some(rest) = suffix.strip_prefix("千元") {
        return ("千", if rest.is_empty() { "元" } else { suffix });
    }
    MAGNITUDES
        .iter()
        .find_map(|(word, _)| suffix.strip_prefix(word).map(|rest| (*word, rest)))
        .unwrap_or(("", suffix))
}

fn normalize_unit(unit: &str) -> String {
    match unit {
        "％" | "百分比" | "百分率" => "%".to_string(),
        other => match other.split_once('/') {
            Some((of, per)) => per_rate(of, per.split(['/', '·', '・', '•', '∙', '⋅', '*', '×'])),
            None => other.to_string(),
        },
    }
}

/// A rate with its per-units in one spelling: `元/人/天`, `元/人·天` and `元/(人·天)` are all
/// `元/人·天`, so that tables writing the same rate differently compare.
fn per_rate<'a>(of: &str, per: impl Iterator<Item = &'a str>) -> String {
    let per: Vec<&str> = per
        .map(|part| part.trim_matches(['(', ')']))
        .filter(|part| !part.is_empty())
        .collect();
    format!("{of}/{}", per.join("·"))
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", plain(self.number), self.magnitude, self.unit)
    }
}

/// The years a table, or a date in one, may name.
pub const YEARS: std::ops::RangeInclusive<i64> = 1949..=2199;

/// A calendar date as 时效 rows write it; the day is optional (`2023年12月`), and so is the year
/// (`9月前`, `年底前`: the table's own year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Date {
    pub year: Option<u16>,
    pub month: u8,
    pub day: Option<u8>,
}

impl Date {
    /// Compares two dates at the precision both carry: `2023年12月` and `2023年12月15日` are
    /// the same month, so a deadline of December is met on the 15th; a date without a year is in
    /// the same year as the other.
    pub fn compare(&self, other: &Date) -> Ordering {
        let years = match (self.year, other.year) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => Ordering::Equal,
        };
        let months = years.then(self.month.cmp(&other.month));
        match (self.day, other.day) {
            (Some(a), Some(b)) => months.then(a.cmp(&b)),
            _ => months,
        }
    }

    /// The date in `year` when it names none: a deadline without a year (`年底前`, `6月底`) is
    /// in the table's year, so that an actual of the next year is late.
    pub fn in_year(self, year: Option<u16>) -> Date {
        Date {
            year: self.year.or(year),
            ..self
        }
    }

    /// Reads `2023年12月`, `2023-12-31`, `2023.12`, `2022年底`, `12月`, `11月底`, `年底`.
    fn parse(text: &str) -> Option<Date> {
        // Every date names a year or a month, or separates its parts: most figures are no date.
        if !text.contains(['年', '月', '-', '.', '/']) {
            return None;
        }
        if text == "年底" || text == "年末" {
            return Some(Date {
                year: None,
                month: 12,
                day: None,
            });
        }
        let text = text
            .strip_suffix('底')
            .or_else(|| text.strip_suffix('末'))
            .unwrap_or(text);
        // 2022年底: the end of the year.
        if let Some(year) = text.strip_suffix('年').and_then(year_of) {
            return Some(Date {
                year: Some(year),
                month: 12,
                day: None,
            });
        }
        let (year, rest) = match text.split_once('年') {
            Some((year, rest)) => (Some(year_of(year)?), rest),
            None if text.contains('月') => (None, text),
            None => return Date::parse_numeric(text),
        };
        let rest = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))
            .unwrap_or(rest);
        let (month, day) = match rest.split_once('月') {
            Some((month, day)) => (month, (!day.is_empty()).then_some(day)),
            None => return None,
        };
        Date::checked(year, month, day)
    }

    /// `2023-10-31`, `2023.10`, `2023/10/31`: a four-digit year first.
    fn parse_numeric(text: &str) -> Option<Date> {
        let mut parts = text.split(['-', '.', '/']);
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next());
        if parts.next().is_some() || year.len() != 4 {
            return None;
        }
        Date::checked(Some(year_of(year)?), month, day)
    }

    fn checked(year: Option<u16>, month: &str, day: Option<&str>) -> Option<Date> {
        let number = |p: &str| {
            (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u8>().ok())
                .flatten()
        };
        let month = number(month).filter(|m| (1..=12).contains(m))?;
        let day = match day {
            Some(day) => Some(number(day).filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        Some(Date { year, month, day })
    }
}

/// A four-digit year in [`YEARS`]: the range keeps `1000.5` a number, not a date.
fn year_of(text: &str) -> Option<u16> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i64 = text.parse().ok()?;
    YEARS.contains(&year).then_some(year as u16)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(year) = self.year {
            write!(f, "{year}年")?;
        }
        write!(f, "{}月", self.month)?;
        match self.day {
            Some(day) => write!(f, "{day}日"),
            None => Ok(()),
        }
    }
}

/// What a 年度指标值 or 实际完成值 cell says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Value {
    /// Nothing written.
    Empty,
    /// A number, possibly with a comparator: `≥1000个`.
    Number {
        op: Option<Comparator>,
        quantity: Quantity,
    },
    /// A date, possibly with a comparator: `≤2023年12月`.
    Date { op: Option<Comparator>, date: Date },
    /// Anything else: qualitative text such as `持续推进`.
    Text { text: String },
}

/// A value as read, for messages: `500人次`, `≥500人次`, `2023年12月`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.op().map_or("", Comparator::symbol);
        match self {
            Value::Number { quantity, .. } => write!(f, "{op}{quantity}"),
            Value::Date { date, .. } => write!(f, "{op}{date}"),
            Value::Empty => Ok(()),
            Value::Text { text } => f.write_str(text),
        }
    }
}

/// What the reader had to assume to read a cell. Every assumption is reported at its cell, so
/// that nothing is guessed silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "assumed", rename_all = "snake_case")]
pub enum Assumption {
    /// `约500人次`, `≈500`, `500人次左右`: an approximate figure, read as the figure itself.
    Approximate { word: String },
    /// `500-600人次`, `90%~95%`: a range, read as at least its lower end; a date range
    /// (`2022.1.1-12.31`, `3-11月`) as its last day.
    Range { read_as: String },
    /// `9月前`, `年底前`: a date without a year, read in the table's year.
    ThisYear,
    /// `计划800人，实际完成420人`: a cell that gives the plan and the result, read as the
    /// result.
    PlanAndResult { read_as: String },
    /// The cell holds a number but not in a form that can be read (`完成500人次培训并验收`):
    /// it is read as text, and `part` is what was not understood.
    Unread { part: String },
}

/// A cell as read: its value, and what had to be assumed to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub value: Value,
    pub assumed: Option<Assumption>,
}

/// Words that say how far a figure was reached, before it: `已完成95%`, `完成率95%`.
const LEAD_WORDS: &[&str] = &[
    "已完成",
    "完成率",
    "完成",
    "达到",
    "实现",
    "累计",
    "共计",
    "全年",
    "共",
    "已",
];

/// Words after a figure that are not part of its unit: `95%达标`, `2022年10月完成`.
const TRAIL_WORDS: &[&str] = &["已完成", "完成", "达标", "到位", "合格", "验收"];

/// Words that make a figure approximate: `约500人`, `500人左右`.
const APPROX_PREFIXES: &[&str] = &["大约", "约", "≈", "~", "近"];
const APPROX_SUFFIXES: &[&str] = &["左右", "上下"];

/// `人均500元` is 500 元/人 (`每亩300元`, 300 元/亩, is read from the word after 每).
const PER_PREFIXES: &[(&str, &str)] = &[
    ("人均", "人"),
    ("户均", "户"),
    ("亩均", "亩"),
    ("年均", "年"),
    ("月均", "月"),
    ("日均", "日"),
];

/// Measure words a number written in Chinese numerals may carry (`五百人次`, `两个`, `三项`);
/// a Chinese numeral before any other word is part of the text (`一站式`, `一流`).
const MEASURE_WORDS: &[&str] = &[
    "", "个", "项", "次", "人", "人次", "名", "家", "户", "所", "台", "套", "件", "场", "期", "批",
    "条", "座", "处", "篇", "份", "本", "册", "天", "日", "个月", "月", "年", "周", "小时", "公里",
    "亩", "元", "位", "班", "类", "张", "部", "辆", "轮", "季度", "吨", "株", "棵", "所次", "户次",
];

/// Cells that mean "nothing written": dashes and slashes as placeholders.
fn is_placeholder(compact: &str) -> bool {
    !compact.is_empty()
        && compact
            .chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '/' | '\\' | '、'))
}

impl Value {
    /// Reads a cell. Never fails: what is neither a number nor a date is text.
    pub fn parse(cell: &str) -> Value {
        read(cell).value
    }

    /// The comparator written in the cell, if any.
    pub fn op(&self) -> Option<Comparator> {
        match self {
            Value::Number { op, .. } | Value::Date { op, .. } => *op,
            Value::Empty | Value::Text { .. } => None,
        }
    }

    /// Whether the cell is a number or a date, i.e. can be scored by arithmetic.
    pub fn is_measurable(&self) -> bool {
        matches!(self, Value::Number { .. } | Value::Date { .. })
    }
}

/// Reads a cell as real tables write it: comparators in any of their forms and lookalikes,
/// magnitudes and units, dates with or without a year, and the words around a figure that
/// forms use. See [`Assumption`] for what is read with an assumption.
pub fn read(cell: &str) -> Reading {
    let compact = compact(cell);
    let text = || Reading {
        value: Value::Text {
            text: cell.trim().to_string(),
        },
        assumed: None,
    };
    if compact.is_empty() || is_placeholder(&compact) {
        return Reading {
            value: Value::Empty,
            assumed: None,
        };
    }
    if let Some(reading) = read_figure(&compact) {
        return reading;
    }
    // Words that say how far a figure was reached come off only when a figure remains.
    for word in LEAD_WORDS {
        if let Some(reading) = compact.strip_prefix(word).and_then(read_figure) {
            return reading;
        }
    }
    if let Some(reading) = plan_and_result(&compact) {
        return reading;
    }
    match unread_part(&compact) {
        Some(part) => Reading {
            assumed: Some(Assumption::Unread { part }),
            ..text()
        },
        None => text(),
    }
}

/// Words that open a clause giving the plan, not the result: `计划800人`, `目标5项`.
const PLAN_WORDS: &[&str] = &["计划", "目标", "预期", "预计", "任务", "年初", "原定"];

/// A cell that gives the plan and the result in clauses (`计划800人，实际完成420人`,
/// `完成420人（计划800人）`): the one figure in the clauses that are not the plan is the actual.
/// `None` unless a plan clause is set aside and exactly one other clause is a figure.
fn plan_and_result(compact: &str) -> Option<Reading> {
    let clauses = compact
        .split([',', ';', '。', '、', '(', ')'])
        .filter(|clause| !clause.is_empty());
    let (plans, results): (Vec<&str>, Vec<&str>) =
        clauses.partition(|clause| PLAN_WORDS.iter().any(|word| clause.starts_with(word)));
    if plans.is_empty() {
        return None;
    }
    let mut figures = results.iter().filter_map(|clause| result_figure(clause));
    let figure = figures.next()?;
    if figures.next().is_some() {
        return None;
    }
    let read_as = figure.value.to_string();
    Some(Reading {
        assumed: Some(Assumption::PlanAndResult { read_as }),
        ..figure
    })
}

/// The figure of a result clause: `完成420人`, `实际完成420人`, `实际发放210户` (after 实际, a
/// verb of up to four characters says what was done).
fn result_figure(clause: &str) -> Option<Reading> {
    let led = |text: &str| {
        read_figure(text).or_else(|| {
            LEAD_WORDS
                .iter()
                .find_map(|word| text.strip_prefix(word).and_then(read_figure))
        })
    };
    let Some(rest) = clause.strip_prefix("实际") else {
        return led(clause);
    };
    led(rest).or_else(|| {
        let at = rest.find(|c: char| c.is_ascii_digit())?;
        let verb = &rest[..at];
        (verb.chars().count() <= 4 && verb.chars().all(is_cjk_ideograph))
            .then(|| read_figure(&rest[at..]))
            .flatten()
    })
}

/// The part of a cell around its first digit that could not be read, for the finding: the
/// whole cell when it is short, else the digits with a few characters either side.
fn unread_part(compact: &str) -> Option<String> {
    let chars: Vec<char> = compact.chars().collect();
    let first = chars.iter().position(|c| c.is_ascii_digit())?;
    let start = first.saturating_sub(6);
    let end = (first + 12).min(chars.len());
    let mut part: String = chars[start..end].iter().collect();
    if start > 0 {
        part.insert(0, '…');
    }
    if end < chars.len() {
        part.push('…');
    }
    Some(part)
}

/// A figure with its comparator, approximation words and trailing words; `None` when the text
/// is not one.
fn read_figure(text: &str) -> Option<Reading> {
    let (prefix_op, rest) = match strip_comparator(text) {
        Some((op, rest)) => (Some(op), rest),
        None => (None, text),
    };
    let (approx_prefix, rest) = match APPROX_PREFIXES
        .iter()
        .find_map(|word| rest.strip_prefix(word).map(|rest| (*word, rest)))
    {
        Some((word, rest)) => (Some(word), rest),
        None => (None, rest),
    };
    let rest = TRAIL_WORDS
        .iter()
        .find_map(|word| rest.strip_suffix(word))
        .unwrap_or(rest);
    let (approx_suffix, rest) = match APPROX_SUFFIXES
        .iter()
        .find_map(|word| rest.strip_suffix(word).map(|rest| (*word, rest)))
    {
        Some((word, rest)) => (Some(word), rest),
        None => (None, rest),
    };
    let (suffix_op, rest) = match strip_suffix_comparator(rest) {
        Some((op, rest)) => (Some(op), rest),
        None => (None, rest),
    };
    let op = prefix_op.or(suffix_op);
    let approximate = approx_prefix
        .or(approx_suffix)
        .map(|word| Assumption::Approximate {
            word: word.to_string(),
        });
    let (value, assumed) = read_bare(rest, op)?;
    Some(Reading {
        value,
        assumed: approximate.or(assumed),
    })
}

/// A date, a number, a range of either, or a number in Chinese numerals, with the comparator
/// already taken off.
fn read_bare(text: &str, op: Option<Comparator>) -> Option<(Value, Option<Assumption>)> {
    if let Some(date) = Date::parse(text) {
        let assumed = date.year.is_none().then_some(Assumption::ThisYear);
        return Some((Value::Date { op, date }, assumed));
    }
    if let Some(quantity) = read_quantity(text) {
        return Some((Value::Number { op, quantity }, None));
    }
    read_range(text, op)
}

/// `1444.49万元`, `每亩300元`, `人均500元`, `五百人次`.
fn read_quantity(text: &str) -> Option<Quantity> {
    // 每亩300元: the word between 每 and the figure is what it is per.
    if let Some(rest) = text.strip_prefix('每') {
        let at = rest.find(|c: char| c.is_ascii_digit())?;
        let (per, figure) = rest.split_at(at);
        return per_unit(plain_quantity(figure)?, per);
    }
    for (prefix, per) in PER_PREFIXES {
        if let Some(rest) = text.strip_prefix(prefix) {
            return per_unit(plain_quantity(rest)?, per);
        }
    }
    plain_quantity(text)
}

fn per_unit(mut quantity: Quantity, per: &str) -> Option<Quantity> {
    if per.is_empty() {
        return None;
    }
    // 每人每天280元 is 280 元/人·天.
    quantity.unit = per_rate(&quantity.unit, per.split('每'));
    Some(quantity)
}

fn plain_quantity(text: &str) -> Option<Quantity> {
    let (number, suffix) = split_number(text).or_else(|| chinese_number(text))?;
    let quantity = Quantity::new(number, suffix);
    is_unit(&quantity.unit).then_some(quantity)
}

/// Whether the words after a figure can be its unit (`人次`, `天/月`, `个工作日`) rather than a
/// sentence that goes on (`人次培训并组织验收`).
fn is_unit(unit: &str) -> bool {
    unit.chars().count() <= 6 && !unit.contains(|c: char| "并和及与，,、；;。（）()".contains(c))
}

/// `500-600人次`, `90%~95%`, `500至600人`, `2022.1.1-12.31`, `3-11月`.
fn read_range(text: &str, op: Option<Comparator>) -> Option<(Value, Option<Assumption>)> {
    let (low, high) = ['-', '~', '至', '到', '—', '–']
        .iter()
        .find_map(|&separator| text.split_once(separator))?;
    if low.is_empty() || high.is_empty() {
        return None;
    }
    // A date range is met on its last day: `2022.1.1-12.31`, `2022年3-11月`, `3-11月`.
    let start = Date::parse(low).or_else(|| Date::parse(&format!("{low}月")));
    let end_date = Date::parse(high).or_else(|| {
        let start = start?;
        let (month, day) = match high.split_once(['.', '/', '-']) {
            Some((month, day)) => (month, Some(day)),
            None => (high.strip_suffix('月').unwrap_or(high), None),
        };
        Date::checked(start.year, month, day)
    });
    if let (Some(_), Some(date)) = (start, end_date) {
        let year = start.and_then(|d| d.year).or(date.year);
        let date = Date { year, ..date };
        let read_as = date.to_string();
        return Some((
            Value::Date {
                op: op.or(Some(Comparator::AtMost)),
                date,
            },
            Some(Assumption::Range { read_as }),
        ));
    }
    let high = read_quantity(high)?;
    let mut low = read_quantity(low)?;
    if low.unit.is_empty() && low.magnitude.is_empty() {
        low.unit = high.unit.clone();
        low.magnitude = high.magnitude;
    }
    if low.unit != high.unit || low.magnitude != high.magnitude || low.number > high.number {
        return None;
    }
    let op = op.unwrap_or(Comparator::AtLeast);
    let read_as = format!("{op}{low}");
    Some((
        Value::Number {
            op: Some(op),
            quantity: low,
        },
        Some(Assumption::Range { read_as }),
    ))
}

/// A number in Chinese numerals before a measure word: `五百人次` → 500 人次, `两个` → 2 个,
/// `十二个月` → 12 个月. 万 and 亿 are left to the magnitude.
fn chinese_number(text: &str) -> Option<(Decimal, &str)> {
    let end = text
        .char_indices()
        .find(|(_, c)| !"零〇一二两三四五六七八九十百千".contains(*c))
        .map_or(text.len(), |(i, _)| i);
    let (numeral, suffix) = text.split_at(end);
    if numeral.is_empty() {
        return None;
    }
    let (_, unit) = split_magnitude(suffix);
    if !MEASURE_WORDS.contains(&unit) {
        return None;
    }
    let (mut section, mut digit) = (0u64, None::<u64>);
    for c in numeral.chars() {
        let value = match c {
            '零' | '〇' => Some(0),
            '两' => Some(2),
            _ => "一二三四五六七八九".find(c).map(|at| (at / 3 + 1) as u64),
        };
        match (c, value) {
            (_, Some(value)) => {
                // Two digits in a row (`三五`) is a list, not a number.
                if digit.is_some_and(|d| d != 0) {
                    return None;
                }
                digit = Some(value);
            }
            (unit, None) => {
                let scale = match unit {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                // 十二 is 12: a scale without a digit before it counts one.
                section += digit.unwrap_or(1) * scale;
                digit = None;
            }
        }
    }
    Some((Decimal::from(section + digit.unwrap_or(0)), suffix))
}

/// Reads a number cell of a form — an amount, a weight, a score, a rate — as written:
/// `1444.49`, `1,444.49万元`, `10分`, `９分`, `86.29%`. Only digits make a figure here: Chinese
/// numerals and the words around a figure belong to target and actual cells ([`read`]).
pub fn read_amount(text: &str) -> Option<Quantity> {
    let compact = compact(text);
    let (number, suffix) = split_number(&compact)?;
    Some(Quantity::new(number, suffix))
}

/// Splits `1,444.49万元` into the number and what follows it. Group separators must group
/// by three (`1,2` is not a number but a list).
fn split_number(text: &str) -> Option<(Decimal, &str)> {
    let end = text
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || *c == ',' || (*i == 0 && *c == '-')))
        .map_or(text.len(), |(i, _)| i);
    let (number, suffix) = text.split_at(end);
    let whole = number.split('.').next().unwrap_or_default();
    let groups_ok = whole.split(',').skip(1).all(|group| group.len() == 3);
    if !groups_ok || suffix.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    parse_decimal(number).ok().map(|n| (n, suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(op: Option<Comparator>, number: &str, magnitude: &'static str, unit: &str) -> Value {
        Value::Number {
            op,
            quantity: Quantity {
                number: Decimal::from_str_exact(number).unwrap(),
                magnitude,
                unit: unit.to_string(),
            },
        }
    }

    use Comparator::*;

    #[test]
    fn reads_the_seed_cells() {
        assert_eq!(
            Value::parse("≥1000个"),
            num(Some(AtLeast), "1000", "", "个")
        );
        assert_eq!(
            Value::parse("≥15天/月"),
            num(Some(AtLeast), "15", "", "天/月")
        );
        assert_eq!(
            Value::parse("1444.49万元"),
            num(None, "1444.49", "万", "元")
        );
        assert_eq!(Value::parse("≥10万"), num(Some(AtLeast), "10", "万", ""));
        assert_eq!(Value::parse("≤2个"), num(Some(AtMost), "2", "", "个"));
        assert_eq!(Value::parse("≥90%"), num(Some(AtLeast), "90", "", "%"));
        assert_eq!(Value::parse("3个"), num(None, "3", "", "个"));
        assert_eq!(
            Value::parse("持续推进"),
            Value::Text {
                text: "持续推进".into()
            }
        );
        assert_eq!(Value::parse("　"), Value::Empty);
        assert_eq!(Value::parse(""), Value::Empty);
    }

    #[test]
    fn reads_every_comparator_spelling() {
        let cases = [
            (">=90%", AtLeast),
            ("≧90%", AtLeast),
            ("＞＝90%", AtLeast),
            ("⩾90%", AtLeast),
            ("≤90%", AtMost),
            ("≦90%", AtMost),
            ("<=90%", AtMost),
            ("＜＝90%", AtMost),
            ("=90%", Equal),
            ("＝90%", Equal),
            ("﹦90%", Equal),
            ("＞90%", Above),
            ("＜90%", Below),
            (">90%", Above),
            ("<90%", Below),
            ("不低于90%", AtLeast),
            ("不少于90%", AtLeast),
            ("不高于90%", AtMost),
            ("不超过90%", AtMost),
            ("90%以上", AtLeast),
            ("90%以内", AtMost),
            ("90%以下", AtMost),
            ("≥ 90 %", AtLeast),
        ];
        for (cell, op) in cases {
            assert_eq!(Value::parse(cell), num(Some(op), "90", "", "%"), "{cell}");
        }
    }

    #[test]
    fn reads_full_width_digits_percent_words_and_separators() {
        assert_eq!(Value::parse("≥９０％"), num(Some(AtLeast), "90", "", "%"));
        assert_eq!(Value::parse("≥90百分比"), num(Some(AtLeast), "90", "", "%"));
        assert_eq!(
            Value::parse("1,444.49万元"),
            num(None, "1444.49", "万", "元")
        );
        assert_eq!(
            Value::parse("１，２００人次"),
            num(None, "1200", "", "人次")
        );
        assert_eq!(Value::parse("≤0次"), num(Some(AtMost), "0", "", "次"));
        assert_eq!(Value::parse("=0起"), num(Some(Equal), "0", "", "起"));
    }

    #[test]
    fn lists_are_text_and_say_what_was_not_read() {
        for cell in ["1,2", "3个2", "第1季度", "1-2-3个"] {
            let reading = read(cell);
            assert!(matches!(reading.value, Value::Text { .. }), "{cell}");
            assert!(
                matches!(reading.assumed, Some(Assumption::Unread { .. })),
                "{cell}"
            );
        }
        assert_eq!(
            read("完成500人次培训并组织验收考核工作").assumed,
            Some(Assumption::Unread {
                part: "完成500人次培训并组织验收…".into()
            })
        );
        assert_eq!(read("持续推进").assumed, None);
    }

    fn assumed(cell: &str) -> (Value, Option<Assumption>) {
        let reading = read(cell);
        (reading.value, reading.assumed)
    }

    fn approx(word: &str) -> Option<Assumption> {
        Some(Assumption::Approximate { word: word.into() })
    }

    fn range(read_as: &str) -> Option<Assumption> {
        Some(Assumption::Range {
            read_as: read_as.into(),
        })
    }

    fn no_year(month: u8) -> Date {
        Date {
            year: None,
            month,
            day: None,
        }
    }

    #[test]
    fn approximate_figures_are_read_and_said_so() {
        let n500 = num(None, "500", "", "人次");
        assert_eq!(assumed("约500人次"), (n500.clone(), approx("约")));
        assert_eq!(assumed("≈500人次"), (n500.clone(), approx("≈")));
        assert_eq!(assumed("500人次左右"), (n500.clone(), approx("左右")));
        assert_eq!(assumed("大约500人次"), (n500, approx("大约")));
        assert_eq!(
            assumed("≥约90%"),
            (num(Some(AtLeast), "90", "", "%"), approx("约"))
        );
    }

    #[test]
    fn ranges_read_as_their_lower_end_or_last_day() {
        assert_eq!(
            assumed("500-600人次"),
            (num(Some(AtLeast), "500", "", "人次"), range("≥500人次"))
        );
        assert_eq!(
            assumed("90%~95%"),
            (num(Some(AtLeast), "90", "", "%"), range("≥90%"))
        );
        assert_eq!(
            assumed("90%～95%"),
            (num(Some(AtLeast), "90", "", "%"), range("≥90%"))
        );
        assert_eq!(
            assumed("500至600人"),
            (num(Some(AtLeast), "500", "", "人"), range("≥500人"))
        );
        let date = |y, m, d| Date {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(
            assumed("2022.1.1-12.31"),
            (
                Value::Date {
                    op: Some(AtMost),
                    date: date(Some(2022), 12, Some(31))
                },
                range("2022年12月31日")
            )
        );
        assert_eq!(
            assumed("3-11月"),
            (
                Value::Date {
                    op: Some(AtMost),
                    date: no_year(11)
                },
                range("11月")
            )
        );
        assert_eq!(
            assumed("2022年1-6月"),
            (
                Value::Date {
                    op: Some(AtMost),
                    date: date(Some(2022), 6, None)
                },
                range("2022年6月")
            )
        );
    }

    #[test]
    fn per_unit_figures_and_chinese_numerals() {
        assert_eq!(Value::parse("每亩300元"), num(None, "300", "", "元/亩"));
        assert_eq!(Value::parse("人均500元"), num(None, "500", "", "元/人"));
        assert_eq!(Value::parse("五百人次"), num(None, "500", "", "人次"));
        assert_eq!(Value::parse("两个"), num(None, "2", "", "个"));
        assert_eq!(Value::parse("十二个月"), num(None, "12", "", "个月"));
        assert_eq!(
            Value::parse("≥一百零五项"),
            num(Some(AtLeast), "105", "", "项")
        );
        assert_eq!(Value::parse("三万元"), num(None, "3", "万", "元"));
        for text in ["一站式服务", "一流", "十三五规划", "二〇二三"] {
            assert!(matches!(Value::parse(text), Value::Text { .. }), "{text}");
        }
    }

    #[test]
    fn progress_and_deadline_words() {
        assert_eq!(Value::parse("已完成95%"), num(None, "95", "", "%"));
        assert_eq!(Value::parse("完成率95%"), num(None, "95", "", "%"));
        assert_eq!(Value::parse("95%达标"), num(None, "95", "", "%"));
        assert_eq!(
            assumed("2022年底"),
            (
                Value::Date {
                    op: None,
                    date: Date {
                        year: Some(2022),
                        month: 12,
                        day: None
                    }
                },
                None
            )
        );
        assert_eq!(
            assumed("11月底前"),
            (
                Value::Date {
                    op: Some(AtMost),
                    date: no_year(11)
                },
                Some(Assumption::ThisYear)
            )
        );
        assert_eq!(
            assumed("年底前"),
            (
                Value::Date {
                    op: Some(AtMost),
                    date: no_year(12)
                },
                Some(Assumption::ThisYear)
            )
        );
        assert_eq!(
            assumed("9月前").0,
            Value::Date {
                op: Some(AtMost),
                date: no_year(9)
            }
        );
        assert_eq!(
            Value::parse("2022年10月完成"),
            Value::Date {
                op: None,
                date: Date {
                    year: Some(2022),
                    month: 10,
                    day: None
                }
            }
        );
        assert_eq!(no_year(9).compare(&no_year(7)), Ordering::Greater);
    }

    #[test]
    fn lookalikes_and_invisibles_read_as_what_they_show() {
        for cell in [
            "\u{200B}≥90%",
            "≥\u{2060}90%",
            "˃=90%",
            "﹥﹦90%",
            "＞＝９０％",
            "≥𝟗𝟎%",
        ] {
            assert_eq!(
                Value::parse(cell),
                num(Some(AtLeast), "90", "", "%"),
                "{cell:?}"
            );
        }
        assert_eq!(Value::parse("═90%"), num(Some(Equal), "90", "", "%"));
    }

    #[test]
    fn placeholders_are_empty() {
        for cell in ["—", "——", "－", "-", "/", "／", " "] {
            assert_eq!(Value::parse(cell), Value::Empty, "{cell:?}");
        }
    }

    #[test]
    fn applies_magnitudes() {
        let base = |cell: &str| match Value::parse(cell) {
            Value::Number { quantity, .. } => quantity.base().unwrap(),
            other => panic!("{cell}: {other:?}"),
        };
        assert_eq!(base("≥10万"), Decimal::from(100_000));
        assert_eq!(base("1.5亿元"), Decimal::from(150_000_000));
        assert_eq!(base("3千元"), Decimal::from(3_000));
        assert_eq!(base("5千米"), Decimal::from(5));
        assert_eq!(base("2百万元"), Decimal::from(2_000_000));
    }

    #[test]
    fn reads_dates_for_timeliness_rows() {
        let date = |y, m, d| Date {
            year: Some(y),
            month: m,
            day: d,
        };
        assert_eq!(
            Value::parse("2023年12月"),
            Value::Date {
                op: None,
                date: date(2023, 12, None)
            }
        );
        assert_eq!(
            Value::parse("≤2023年10月31日"),
            Value::Date {
                op: Some(AtMost),
                date: date(2023, 10, Some(31))
            }
        );
        assert_eq!(
            Value::parse("2023-10"),
            Value::Date {
                op: None,
                date: date(2023, 10, None)
            }
        );
        assert_eq!(
            Value::parse("2023年12月底前"),
            Value::Date {
                op: Some(AtMost),
                date: date(2023, 12, None)
            }
        );
        assert!(matches!(Value::parse("2023年13月"), Value::Text { .. }));
        assert_eq!(
            date(2023, 12, None).compare(&date(2023, 12, Some(15))),
            Ordering::Equal
        );
        assert_eq!(
            date(2023, 10, Some(31)).compare(&date(2023, 11, Some(1))),
            Ordering::Less
        );
    }

    #[test]
    fn comparator_alone() {
        assert_eq!(Comparator::parse("≥"), Some(AtLeast));
        assert_eq!(Comparator::parse("＞＝"), Some(AtLeast));
        assert_eq!(Comparator::parse("不超过"), Some(AtMost));
        assert_eq!(Comparator::parse("≥5"), None);
        assert_eq!(Comparator::parse("约"), None);
    }

    #[test]
    fn printing_keeps_magnitude_and_unit() {
        let Value::Number { quantity, .. } = Value::parse("≥10万人次") else {
            panic!()
        };
        assert_eq!(quantity.to_string(), "10万人次");
    }
}
