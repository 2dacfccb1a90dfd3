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

use crate::number::{fold_width, parse_decimal, plain};

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
        let folded: String = fold_width(text).split_whitespace().collect();
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
        other => other.to_string(),
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", plain(self.number), self.magnitude, self.unit)
    }
}

/// A calendar date as 时效 rows write it; the day is optional (`2023年12月`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: Option<u8>,
}

impl Date {
    /// Compares two dates at the precision both carry: `2023年12月` and `2023年12月15日` are
    /// the same month, so a deadline of December is met on the 15th.
    pub fn compare(&self, other: &Date) -> Ordering {
        let months = (self.year, self.month).cmp(&(other.year, other.month));
        match (self.day, other.day) {
            (Some(a), Some(b)) => months.then(a.cmp(&b)),
            _ => months,
        }
    }

    fn parse(text: &str) -> Option<Date> {
        let text = text.strip_suffix("底").unwrap_or(text);
        let parts: Vec<&str> = if text.contains('年') {
            let text = text
                .strip_suffix('日')
                .or_else(|| text.strip_suffix('号'))
                .unwrap_or(text);
            text.split(['年', '月']).filter(|p| !p.is_empty()).collect()
        } else {
            text.split(['-', '.', '/']).collect()
        };
        let number = |p: &&str| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty();
        if !(2..=3).contains(&parts.len()) || !parts.iter().all(number) || parts[0].len() != 4 {
            return None;
        }
        let year: u16 = parts[0].parse().ok()?;
        let month: u8 = parts[1].parse().ok()?;
        let day: Option<u8> = match parts.get(2) {
            Some(p) => Some(p.parse().ok()?),
            None => None,
        };
        let valid_day = day.is_none_or(|d| (1..=31).contains(&d));
        // A four-digit year in this range keeps `1000.5` a number, not a date.
        let valid_year = (1949..=2199).contains(&year);
        (valid_year && (1..=12).contains(&month) && valid_day).then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月", self.year, self.month)?;
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

impl Value {
    /// Reads a cell. Never fails: what is neither a number nor a date is text.
    pub fn parse(cell: &str) -> Value {
        let compact: String = fold_width(cell).split_whitespace().collect();
        if compact.is_empty() {
            return Value::Empty;
        }
        let (prefix_op, rest) = match strip_comparator(&compact) {
            Some((op, rest)) => (Some(op), rest),
            None => (None, compact.as_str()),
        };
        let (suffix_op, rest) = match strip_suffix_comparator(rest) {
            Some((op, rest)) => (Some(op), rest),
            None => (None, rest),
        };
        let op = prefix_op.or(suffix_op);
        if let Some(date) = Date::parse(rest) {
            return Value::Date { op, date };
        }
        match split_number(rest) {
            Some((number, suffix)) => Value::Number {
                op,
                quantity: Quantity::new(number, suffix),
            },
            None => Value::Text {
                text: cell.trim().to_string(),
            },
        }
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
    fn lists_and_ranges_are_text() {
        for cell in ["1,2", "1-2个", "3个2", "第1季度"] {
            assert!(matches!(Value::parse(cell), Value::Text { .. }), "{cell}");
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
            year: y,
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
