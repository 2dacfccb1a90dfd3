//! The project file as written (schema version 1): serde structs that keep every span.
//! Unknown keys are errors, so a typo never silently drops a figure.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use crate::toml_input::SpannedNumber;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    pub schema: Spanned<i64>,
    pub project: Spanned<ProjectTable>,
    #[serde(default)]
    pub funds: Option<Spanned<FundsTable>>,
    #[serde(default)]
    pub goals: GoalsTable,
    #[serde(default)]
    pub level1: Vec<Level1Table>,
    #[serde(default, rename = "indicator")]
    pub indicators: Vec<Spanned<IndicatorTable>>,
    #[serde(default)]
    pub total: TotalTable,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectTable {
    pub name: Spanned<String>,
    pub year: Spanned<i64>,
    pub department: Option<Spanned<String>>,
    pub implementer: Option<Spanned<String>>,
    pub rules: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsTable {
    pub unit: Option<Spanned<String>>,
    pub weight: Option<SpannedNumber>,
    pub rate: Option<SpannedNumber>,
    pub score: Option<SpannedNumber>,
    pub note: Option<Spanned<String>>,
    #[serde(default)]
    pub total: FundsRowTable,
    #[serde(default)]
    pub appropriation: FundsRowTable,
    #[serde(default)]
    pub carryover: FundsRowTable,
    #[serde(default)]
    pub other: FundsRowTable,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsRowTable {
    pub initial: Option<SpannedNumber>,
    pub annual: Option<SpannedNumber>,
    pub executed: Option<SpannedNumber>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsTable {
    pub expected: Option<Spanned<String>>,
    pub actual: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level1Table {
    pub name: Spanned<String>,
    pub weight: Option<SpannedNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorTable {
    pub level1: Spanned<String>,
    pub level2: Spanned<String>,
    pub name: Spanned<String>,
    pub target: Option<Spanned<RawCell>>,
    pub actual: Option<Spanned<RawCell>>,
    pub weight: Option<SpannedNumber>,
    pub score: Option<SpannedNumber>,
    pub note: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub direction: Option<Spanned<String>>,
    #[serde(default)]
    pub na: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalTable {
    pub weight: Option<SpannedNumber>,
    pub score: Option<SpannedNumber>,
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellParts {
    pub op: Option<Spanned<String>>,
    pub value: SpannedNumber,
    #[serde(default)]
    pub unit: String,
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = RawCell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "the cell as text (like \"≥1000个\"), a number, or a table like { op = \"≥\", value = 735, unit = \"人次\" }",
                )
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
