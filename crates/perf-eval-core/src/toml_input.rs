//! Reading TOML with places: serde errors become located [`InputError`]s, and numbers become the
//! exact decimal the user wrote, read back from the source text rather than through `f64`.

use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use toml::Spanned;

use crate::error::InputError;
#[cfg(test)]
use crate::lang::Lang;
use crate::messages::{Expected, Found, Problem};
use crate::number::{NumberError, fold_width, parse_decimal};
use crate::source::{Located, Source, Span};

/// Deserializes a whole file, turning the first TOML or schema error into a located error.
/// When that error is an unknown key, every unknown key of the file is reported with it, each
/// found against the file's JSON Schema (generated from `T`, so the two cannot drift apart).
pub fn parse<T: DeserializeOwned + JsonSchema>(source: &Source) -> Result<T, InputError> {
    toml::from_str(&source.text).map_err(|error| {
        let span = error.span().map(Span::from).unwrap_or_default();
        let problem = problem_of(error.message(), source, span);
        let unknown = matches!(problem, Problem::UnknownKey { .. });
        let mut first = InputError::new(source, span, None, problem);
        if unknown {
            let mut all = unknown_keys::<T>(source).into_iter();
            if let Some(head) = all.next() {
                first = head;
                first.more = all.collect();
            }
        }
        first
    })
}

/// What the TOML reader's (or serde's) message says, as a [`Problem`] each language can word.
fn problem_of(message: &str, source: &Source, span: Span) -> Problem {
    let message = message.trim();
    let ticked = |text: &str| text.split('`').nth(1).unwrap_or_default().to_string();
    if message == "duplicate key" {
        let key = source.slice(span).trim();
        return Problem::DuplicateKey {
            key: (!key.is_empty() && key.len() < 80).then(|| key.to_string()),
        };
    }
    if message.starts_with("string values must be quoted")
        && let Some(problem) = unquoted_figure(source, span)
    {
        return problem;
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return Problem::UnknownKey {
            key: key.to_string(),
            suggestion: nearest(key, expected_keys(expected)),
            known: expected_keys(expected).map(str::to_string).collect(),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return Problem::MissingKey { key: ticked(rest) };
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return Problem::DuplicateKey {
            key: Some(ticked(rest)),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (found, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return Problem::UnknownValue {
            found: found.to_string(),
            expected: expected_keys(expected).map(str::to_string).collect(),
        };
    }
    if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return Problem::WrongType {
            found: found_of(found),
            expected: expected_of(expected),
        };
    }
    if let Some(text) = message.strip_suffix(OUT_OF_RANGE) {
        return Problem::TooPrecise {
            text: text.to_string(),
        };
    }
    let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    Problem::Syntax {
        what: what.to_string(),
        expected: expected
            .split(", ")
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

/// The keys in `expected `a`, `b`` or `expected one of `a`, `b``.
fn expected_keys(expected: &str) -> impl Iterator<Item = &str> {
    expected.split('`').skip(1).step_by(2)
}

/// serde's name of what a value was (`boolean `true``, `sequence`, `map`).
fn found_of(found: &str) -> Found {
    let value = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|rest| rest.trim().trim_matches('`').to_string())
    };
    if let Some(v) = value("boolean") {
        Found::Boolean(v)
    } else if let Some(v) = value("integer") {
        Found::Integer(v)
    } else if let Some(v) = value("floating point") {
        Found::Float(v)
    } else if let Some(v) = found.strip_prefix("string ") {
        Found::Text(v.to_string())
    } else if found == "sequence" {
        Found::Array
    } else if found == "map" {
        Found::Table
    } else {
        Found::Other(found.to_string())
    }
}

/// serde's name of what a field expected (`a string`, `i64`, `struct FundsTable`).
fn expected_of(expected: &str) -> Expected {
    match expected {
        EXPECTING_NUMBER => Expected::NumberOrText,
        EXPECTING_CELL => Expected::Cell,
        "a string" | "a borrowed string" => Expected::Text,
        "a boolean" => Expected::Boolean,
        "a sequence" => Expected::ArrayOfTables,
        "a map" => Expected::Table,
        other if other.starts_with("struct ") => Expected::Table,
        "i64" | "i32" | "i16" | "i8" | "u64" | "u32" | "u16" | "u8" => Expected::WholeNumber,
        other => Expected::Other(other.to_string()),
    }
}

/// What a number-or-text field's visitor expects, as serde quotes it.
const EXPECTING_NUMBER: &str = "a number or a string holding one";
/// What a cell's visitor expects, as serde quotes it.
pub const EXPECTING_CELL: &str = "a cell";
/// The end of the message for an integer beyond exact decimals.
const OUT_OF_RANGE: &str = " is out of range";

/// For `weight = 5分` (a figure with its unit, unquoted) or `weight = １３` (full-width digits,
/// which TOML does not read): what to write instead, in the user's terms rather than the TOML
/// parser's. The value is the parser's token, so a `# comment` after it stays out of the advice.
fn unquoted_figure(source: &Source, span: Span) -> Option<Problem> {
    let value = source.slice(span).trim();
    let line_start = source.text[..span.start.min(source.text.len())]
        .rfind('\n')
        .map_or(0, |at| at + 1);
    // The key is what stands before the `=`, after any `{` or `,` of an inline table.
    let before = source.text.get(line_start..span.start)?.trim_end();
    let key = before.strip_suffix('=')?.rsplit(['{', ',']).next()?.trim();
    let digits: String = fold_width(value)
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let full_width = !value.starts_with(digits.as_str());
    if key.is_empty() || digits.is_empty() || (!full_width && digits.len() == value.len()) {
        return None;
    }
    Some(Problem::UnquotedFigure {
        key: key.to_string(),
        digits,
        value: value.to_string(),
        full_width,
    })
}

/// Every key of the file that its schema does not know, in the order written, each with the
/// nearest known key when it is a slip of at most two letters.
fn unknown_keys<T: JsonSchema>(source: &Source) -> Vec<InputError> {
    let Ok(document) = toml::de::DeTable::parse(&source.text) else {
        return Vec::new();
    };
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let root = schema.as_value();
    let mut found = Vec::new();
    walk_table(root, root, document.get_ref(), source, &mut found);
    found.sort_by_key(|error| error.span.start);
    found
}

fn walk_table(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    table: &toml::de::DeTable<'_>,
    source: &Source,
    found: &mut Vec<InputError>,
) {
    let Some(properties) = object_properties(root, schema) else {
        return;
    };
    for (key, value) in table {
        let name: &str = key.get_ref();
        match properties.get(name) {
            Some(property) => walk_value(root, property, value.get_ref(), source, found),
            None => {
                let problem = Problem::UnknownKey {
                    key: name.to_string(),
                    suggestion: nearest(name, properties.keys().map(String::as_str)),
                    known: properties.keys().cloned().collect(),
                };
                found.push(InputError::new(source, key.span().into(), None, problem));
            }
        }
    }
}

fn walk_value(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    value: &toml::de::DeValue<'_>,
    source: &Source,
    found: &mut Vec<InputError>,
) {
    match value {
        toml::de::DeValue::Table(table) => walk_table(root, schema, table, source, found),
        toml::de::DeValue::Array(items) => {
            if let Some(item) = resolve(root, schema).and_then(|s| s.get("items")) {
                for value in items.iter() {
                    walk_value(root, item, value.get_ref(), source, found);
                }
            }
        }
        _ => {}
    }
}

/// The known keys of a schema that describes a table with no other keys; `None` for anything
/// else (a schema that allows any key, or no table at all).
fn object_properties<'s>(
    root: &'s serde_json::Value,
    schema: &'s serde_json::Value,
) -> Option<&'s serde_json::Map<String, serde_json::Value>> {
    let schema = resolve(root, schema)?;
    if let Some(properties) = schema.get("properties").and_then(|p| p.as_object()) {
        let closed = schema.get("additionalProperties") == Some(&serde_json::Value::Bool(false));
        return closed.then_some(properties);
    }
    ["anyOf", "oneOf"]
        .iter()
        .filter_map(|choice| schema.get(choice).and_then(|c| c.as_array()))
        .flatten()
        .find_map(|alternative| object_properties(root, alternative))
}

/// Follows `$ref` and a single `allOf` to the schema meant.
fn resolve<'s>(
    root: &'s serde_json::Value,
    schema: &'s serde_json::Value,
) -> Option<&'s serde_json::Value> {
    let mut schema = schema;
    for _ in 0..16 {
        if let Some(reference) = schema.get("$ref").and_then(|r| r.as_str()) {
            schema = root.pointer(reference.strip_prefix('#')?)?;
        } else if let Some([only]) = schema
            .get("allOf")
            .and_then(|a| a.as_array())
            .map(Vec::as_slice)
        {
            schema = only;
        } else {
            return Some(schema);
        }
    }
    None
}

/// The key among `known` nearest `unknown`, when it is a slip of at most two letters.
fn nearest<'k>(unknown: &str, known: impl Iterator<Item = &'k str>) -> Option<String> {
    known
        .map(|key| (edit_distance(unknown, key), key))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, key)| key.to_string())
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
                f.write_str(EXPECTING_NUMBER)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNumber, E> {
                Ok(RawNumber::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNumber, E> {
                i64::try_from(v)
                    .map(RawNumber::Integer)
                    .map_err(|_| E::custom(format!("{v}{OUT_OF_RANGE}")))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawNumber, E> {
                Err(E::custom(format!("{v}{OUT_OF_RANGE}")))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawNumber, E> {
                Err(E::custom(format!("{v}{OUT_OF_RANGE}")))
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
    let error = |problem: Problem| InputError::new(source, span, Some(key), problem);
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
    read_text: impl Fn(&str) -> Result<Decimal, Expected>,
) -> Result<Located<Decimal>, InputError> {
    let span = span_of(number);
    let value = match (number_literal(source, number, key)?, number.get_ref()) {
        (Some(value), _) => value,
        (None, RawNumber::Text(text)) => read_text(text).map_err(|expected| {
            InputError::new(
                source,
                span,
                Some(key),
                Problem::NotRead {
                    expected,
                    found: text.clone(),
                },
            )
        })?,
        (None, _) => unreachable!("number_literal reads every non-text number"),
    };
    Ok(Located::new(value, span))
}

/// A plain decimal, as a TOML number or a string holding one.
pub fn exact(source: &Source, spanned: &SpannedNumber, key: &str) -> Result<Decimal, InputError> {
    number(source, spanned, key, |text| {
        parse_decimal(text).map_err(|_| Expected::Number)
    })
    .map(|located| located.value)
}

fn decimal_text(text: &str) -> Result<Decimal, Problem> {
    parse_decimal(text).map_err(|e| match e {
        NumberError::OutOfRange => Problem::TooPrecise {
            text: text.to_string(),
        },
        NumberError::NotANumber => Problem::NotFinite {
            text: text.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // Read only for its errors.
    struct Sample {
        #[schemars(with = "RawNumber")]
        amount: SpannedNumber,
        #[serde(default)]
        row: Vec<Row>,
    }

    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Row {
        name: String,
        #[schemars(with = "Option<RawNumber>")]
        score: Option<SpannedNumber>,
    }

    fn error(text: &str, lang: Lang) -> String {
        let source = Source::new("t.toml", text);
        parse::<Sample>(&source)
            .err()
            .map(|e| e.text(lang))
            .unwrap_or_default()
    }

    fn amount(text: &str) -> Result<Option<Decimal>, String> {
        let source = Source::new("t.toml", text);
        let sample: Sample = parse(&source).map_err(|e| e.text(Lang::En))?;
        number_literal(&source, &sample.amount, "amount").map_err(|e| e.text(Lang::En))
    }

    #[test]
    fn a_figure_with_its_unit_unquoted_says_what_to_write() {
        let text = "amount = 5分\n";
        assert_eq!(
            error(text, Lang::Zh),
            "t.toml:1:10: `amount` 必须是数字：写作 amount = 5，或给单元格文字加引号：amount = \"5分\""
        );
        assert_eq!(
            error(text, Lang::En),
            "t.toml:1:10: `amount` must be a number: write amount = 5, or put the cell in quotes: amount = \"5分\""
        );
    }

    #[test]
    fn the_advice_for_an_unquoted_figure_leaves_its_comment_out() {
        assert_eq!(
            error("amount = 5分               # 分值\n", Lang::Zh),
            "t.toml:1:10: `amount` 必须是数字：写作 amount = 5，或给单元格文字加引号：amount = \"5分\""
        );
        // In an inline table, as the funds rows are written.
        assert_eq!(
            error(
                "amount = 1\nrow = [{ name = \"a\", score = 5分 }] # 得分\n",
                Lang::Zh
            ),
            "t.toml:2:30: `score` 必须是数字：写作 score = 5，或给单元格文字加引号：score = \"5分\""
        );
    }

    #[test]
    fn full_width_digits_are_named_as_such() {
        assert_eq!(
            error("amount = １３                # 分值\n", Lang::Zh),
            "t.toml:1:10: `amount` 必须是数字，１３ 用的是全角数字：改用半角数字写作 amount = 13，或给单元格文字加引号：amount = \"１３\""
        );
        assert_eq!(
            error("amount = １４４４．４９万元\n", Lang::En),
            "t.toml:1:10: `amount` must be a number, and １４４４．４９万元 is written in full-width digits: write amount = 1444.49 in ASCII digits, or put the cell in quotes: amount = \"１４４４．４９万元\""
        );
    }

    #[test]
    fn every_unknown_key_is_reported_with_the_nearest_known_one() {
        let text =
            "amount = 1\ncolour = 2\n[[row]]\nname = \"a\"\nsocre = 1\n[[row]]\nnmae = \"b\"\n";
        assert_eq!(
            error(text, Lang::Zh),
            "t.toml:2:1: 未知的键 `colour`；此处可用的键：`amount`、`row`\n\
             t.toml:5:1: 未知的键 `socre`；是否应为 `score`？\n\
             t.toml:7:1: 未知的键 `nmae`；是否应为 `name`？"
        );
        assert_eq!(
            error(text, Lang::En).lines().nth(1),
            Some("t.toml:5:1: unknown key `socre`; did you mean `score`?")
        );
        assert_eq!(edit_distance("weigth", "weight"), 1);
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
        assert_eq!(
            amount("amount = 99999999999999999999").unwrap_err(),
            "t.toml:1:10: 99999999999999999999 is too large or too precise for exact decimals (at most 28 significant digits)"
        );
    }

    #[test]
    fn serde_and_toml_errors_are_located_and_worded_for_people() {
        assert_eq!(
            error("amount = true", Lang::Zh),
            "t.toml:1:10: 应为数字（如 1444.49）或含数字的文字（如 \"86%\"），实为布尔值 true"
        );
        assert_eq!(
            error("amount = true", Lang::En),
            "t.toml:1:10: expected a number (like 1444.49) or a string holding one (like \"86%\"), found boolean true"
        );
        assert_eq!(
            error("amount = 1\nrow = 1", Lang::Zh),
            "t.toml:2:7: 应为表的数组（[[名称]]），实为整数 1"
        );
        assert_eq!(error("", Lang::Zh), "t.toml:1:1: 缺少必填的键 `amount`");
        assert_eq!(
            error("amount = 1\namount = 2", Lang::Zh),
            "t.toml:2:1: 键 `amount` 重复"
        );
        assert_eq!(
            error("amount = [1", Lang::Zh),
            "t.toml:1:12: TOML 写法有误：数组没有闭合，此处应为 `]`"
        );
    }
}
