//! Reading TOML with places: serde errors become located [`InputError`]s, and numbers become the
//! exact decimal the user wrote, read back from the source text rather than through `f64`.

use std::fmt;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use toml::Spanned;

use crate::error::InputError;
use crate::number::{NumberError, parse_decimal};
use crate::source::{Located, Source, Span};

/// Deserializes a whole file, turning the first TOML or schema error into a located error.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, InputError> {
    toml::from_str(&source.text).map_err(|error| {
        let span = error.span().map(Span::from).unwrap_or_default();
        let mut message = plain_message(error.message());
        // TOML says only "duplicate key": name it, from the source.
        let key = source.slice(span).trim();
        if message == "duplicate key" && !key.is_empty() && key.len() < 80 {
            message = format!("duplicate key `{key}`");
        }
        if message.starts_with("string values must be quoted")
            && let Some(plain) = unquoted_figure(source, span)
        {
            message = plain;
        }
        if let Some(near) = did_you_mean(&message) {
            message = format!("{message}; did you mean `{near}`?");
        }
        InputError::new(source, span, None, message)
    })
}

/// For `weight = 5分` (a figure with its unit, unquoted): what to write instead, in the user's
/// terms rather than the TOML parser's.
fn unquoted_figure(source: &Source, span: Span) -> Option<String> {
    let line = source.location(span.start).line;
    let text = source.line_text(line);
    let (key, value) = text.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    let digits: String = value
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.is_empty() || digits.len() == value.len() {
        return None;
    }
    Some(format!(
        "`{key}` must be a number: write {key} = {digits}, or put the cell in quotes: {key} = \"{value}\""
    ))
}

/// For `unknown key `socre`, expected one of `…`, `score`, …`: the expected key nearest the
/// unknown one (`score`), when it is a slip of at most two letters.
fn did_you_mean(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown key `")?;
    let (unknown, expected) = rest.split_once('`')?;
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|key| (edit_distance(unknown, key), key))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, key)| key)
}

/// Levenshtein distance, counting an exchange of neighbours (`socre`) as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![(0..=b.len()).collect::<Vec<usize>>()];
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (rows[i - 1][j] + 1)
                .min(row[j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(rows[i - 2][j - 2] + 1);
            }
        }
        rows.push(row);
    }
    rows[a.len()][b.len()]
}

/// serde's words are for programmers; these are for the people who fill in tables.
fn plain_message(message: &str) -> String {
    message
        .trim()
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing required key")
        .replace("duplicate field", "duplicate key")
        .replace("expected i64", "expected a whole number")
        .replace("expected u32", "expected a whole number")
        .replace("invalid type: sequence", "invalid type: an array")
        .replace("invalid type: map", "invalid type: a table")
        .replace("expected a sequence", "expected an array of tables")
        .split("expected struct ")
        .enumerate()
        .map(|(i, part)| match i {
            0 => part.to_string(),
            // `expected struct FundsTable` names a Rust type; people wrote a table.
            _ => format!(
                "expected a table{}",
                part.trim_start_matches(|c: char| c.is_alphanumeric())
            ),
        })
        .collect()
}

/// A number as written in TOML: an integer, a float, or a string holding one (`"86%"`).
#[derive(Debug, Clone, PartialEq)]
pub enum RawNumber {
    Integer(i64),
    Float,
    Text(String),
}

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawNumberVisitor;
        impl Visitor<'_> for RawNumberVisitor {
            type Value = RawNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number (like 1444.49) or a string holding one (like \"86%\")")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNumber, E> {
                Ok(RawNumber::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNumber, E> {
                i64::try_from(v)
                    .map(RawNumber::Integer)
                    .map_err(|_| E::custom(format!("{v} is {}", NumberError::OutOfRange)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawNumber, E> {
                Err(E::custom(format!("{v} is {}", NumberError::OutOfRange)))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawNumber, E> {
                Err(E::custom(format!("{v} is {}", NumberError::OutOfRange)))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawNumber, E> {
                Ok(RawNumber::Float)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNumber, E> {
                Ok(RawNumber::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(RawNumberVisitor)
    }
}

impl schemars::JsonSchema for RawNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "数值，或含数值的文字，如 1444.49、\"1444.49万元\"、\"86%\"、\"5分\" — a number, or text holding one",
            "anyOf": [{ "type": "number" }, { "type": "string" }]
        })
    }
}

/// A located number whose text is still to be read.
pub type SpannedNumber = Spanned<RawNumber>;

/// The span of a `toml::Spanned` as ours.
pub fn span_of<T>(spanned: &Spanned<T>) -> Span {
    spanned.span().into()
}

/// A located string, moved out of its `Spanned` rather than copied.
pub fn located_string(spanned: Spanned<String>) -> Located<String> {
    let span = span_of(&spanned);
    Located::new(spanned.into_inner(), span)
}

/// The exact decimal of a TOML number, from the source text (`1_444.49`, `1.5e3`).
/// For strings, returns `Ok(None)`: the caller reads them with the rules of its field.
pub fn number_literal(
    source: &Source,
    number: &SpannedNumber,
    key: &str,
) -> Result<Option<Decimal>, InputError> {
    let span = span_of(number);
    let error = |message: String| InputError::new(source, span, Some(key), message);
    match number.get_ref() {
        RawNumber::Integer(value) => {
            let text = source.slice(span);
            // Hex, octal and binary integers were already read exactly by TOML.
            if text.starts_with("0x") || text.starts_with("0o") || text.starts_with("0b") {
                return Ok(Some(Decimal::from(*value)));
            }
            decimal_text(text).map(Some).map_err(error)
        }
        RawNumber::Float => decimal_text(source.slice(span)).map(Some).map_err(error),
        RawNumber::Text(_) => Ok(None),
    }
}

/// Reads a number field: a TOML number exactly as written, or a string read by `read_text`
/// (which names what it expected when it cannot read the string).
pub fn number(
    source: &Source,
    number: &SpannedNumber,
    key: &str,
    read_text: impl Fn(&str) -> Result<Decimal, &'static str>,
) -> Result<Located<Decimal>, InputError> {
    let span = span_of(number);
    let value = match (number_literal(source, number, key)?, number.get_ref()) {
        (Some(value), _) => value,
        (None, RawNumber::Text(text)) => read_text(text).map_err(|expected| {
            InputError::new(
                source,
                span,
                Some(key),
                format!("expected {expected}, found {text:?}"),
            )
        })?,
        (None, _) => unreachable!("number_literal reads every non-text number"),
    };
    Ok(Located::new(value, span))
}

/// A plain decimal, as a TOML number or a string holding one.
pub fn exact(source: &Source, spanned: &SpannedNumber, key: &str) -> Result<Decimal, InputError> {
    number(source, spanned, key, |text| {
        parse_decimal(text).map_err(|_| "a number")
    })
    .map(|located| located.value)
}

fn decimal_text(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map_err(|e| match e {
        NumberError::OutOfRange => format!("{text} is {e}"),
        NumberError::NotANumber => format!("expected a finite number, found {text}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_with_its_unit_unquoted_says_what_to_write() {
        let text = "[x]\nweight = 5分\n";
        let error = parse::<toml::Table>(&Source::new("w.toml", text)).unwrap_err();
        assert_eq!(
            error.message,
            "`weight` must be a number: write weight = 5, or put the cell in quotes: weight = \"5分\""
        );
    }

    #[test]
    fn a_misspelt_key_gets_the_nearest_one() {
        let message = "unknown key `socre`, expected one of `name`, `score`, `note`";
        assert_eq!(did_you_mean(message), Some("score"));
        assert_eq!(
            did_you_mean("unknown key `colour`, expected `amount`"),
            None
        );
        assert_eq!(did_you_mean("duplicate key `a`"), None);
        assert_eq!(edit_distance("weigth", "weight"), 1);
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        amount: SpannedNumber,
    }

    fn amount(text: &str) -> Result<Option<Decimal>, String> {
        let source = Source::new("t.toml", text);
        let sample: Sample = parse(&source).map_err(|e| e.to_string())?;
        number_literal(&source, &sample.amount, "amount").map_err(|e| e.to_string())
    }

    #[test]
    fn floats_keep_the_written_decimal() {
        let exact = amount("amount = 1444.49").unwrap().unwrap();
        assert_eq!(exact.to_string(), "1444.49");
        assert_eq!(
            amount("amount = 1_246.51").unwrap().unwrap().to_string(),
            "1246.51"
        );
        assert_eq!(amount("amount = 0x10").unwrap().unwrap(), Decimal::from(16));
        assert_eq!(amount("amount = 0.1").unwrap().unwrap().to_string(), "0.1");
        assert_eq!(amount("amount = \"86%\"").unwrap(), None);
    }

    #[test]
    fn out_of_range_and_non_finite_numbers_are_errors() {
        assert_eq!(
            amount("amount = 1e40").unwrap_err(),
            "t.toml:1:10: `amount`: 1e40 is too large or too precise for exact decimals (at most 28 significant digits)"
        );
        assert_eq!(
            amount("amount = nan").unwrap_err(),
            "t.toml:1:10: `amount`: expected a finite number, found nan"
        );
    }

    #[test]
    fn serde_errors_are_located_and_plain() {
        assert_eq!(
            amount("amount = 1\ncolour = 2").unwrap_err(),
            "t.toml:2:1: unknown key `colour`, expected `amount`"
        );
        assert_eq!(
            amount("amount = true").unwrap_err(),
            "t.toml:1:10: invalid type: boolean `true`, expected a number (like 1444.49) or a string holding one (like \"86%\")"
        );
    }
}
