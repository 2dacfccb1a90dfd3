//! The computed document as JSON: inputs, profile, every figure with its derivation, and the
//! findings. Field names are stable (documented in `docs/json.md`); decimals are strings so
//! that no consumer reads them through a float. The document borrows from the evaluation and is
//! serialized directly: building `serde_json::Value` trees cost more than the audit itself.

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};

use crate::audit::{Code, Figures, Finding, Severity};
use crate::derivation;
use crate::engine::{Evaluation, Level1Sum, Outcome};
use crate::error::InputError;
use crate::lang::Lang;
use crate::messages::Text;
use crate::number::percent_figure;
use crate::place::{At, Places};
use crate::profile::Basis;
use crate::project::{Kind, MoneyUnit};
use crate::source::Located;
use crate::value::{Comparator, Value as CellValue};
pub mod stream;

/// The scored table with its findings.
#[derive(Serialize)]
pub struct Document<'a> {
    project: ProjectPart<'a>,
    profile: ProfilePart<'a>,
    funds: FundsPart<'a>,
    indicators: Vec<IndicatorPart<'a>>,
    level1: &'a [Level1Sum],
    total: TotalPart<'a>,
    findings: Vec<FindingPart<'a>>,
}

#[derive(Serialize)]
struct ProjectPart<'a> {
    name: &'a str,
    year: i64,
    department: &'a str,
    implementer: &'a str,
}

#[derive(Serialize)]
struct ProfilePart<'a> {
    name: &'a str,
    title: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct FundsPart<'a> {
    unit: MoneyUnit,
    weight: Decimal,
    /// `null` for a column the table does not write.
    initial: Option<Decimal>,
    annual: Option<Decimal>,
    executed: Option<Decimal>,
    summed_from_rows: bool,
    basis: Basis,
    budget: Decimal,
    rate: Option<Decimal>,
    rate_percent: Option<String>,
    exact: Decimal,
    score: Decimal,
    counted: bool,
    declared_rate_percent: Option<&'a Decimal>,
    declared_score: Option<&'a Decimal>,
    derivation: String,
}

#[derive(Serialize)]
struct IndicatorPart<'a> {
    level1: &'a str,
    level2: &'a str,
    name: &'a str,
    target: &'a str,
    actual: &'a str,
    target_value: &'a CellValue,
    actual_value: &'a CellValue,
    kind: Kind,
    direction: Option<Comparator>,
    na: bool,
    weight: Decimal,
    declared_score: Option<&'a Decimal>,
    score: Decimal,
    exact: Decimal,
    outcome: &'a Outcome,
    derivation: String,
    note: Option<&'a str>,
    #[serde(flatten)]
    at: At<'a>,
}

#[derive(Serialize)]
struct TotalPart<'a> {
    weight: Decimal,
    score: Decimal,
    percent: Decimal,
    grade: &'a str,
    declared_weight: Option<&'a Decimal>,
    declared_score: Option<&'a Decimal>,
    declared_grade: Option<&'a String>,
    derivation: String,
}

/// One finding with its place.
#[derive(Serialize)]
pub struct FindingPart<'a> {
    code: Code,
    severity: Severity,
    message: String,
    label: String,
    help: Option<String>,
    #[serde(flatten)]
    at: At<'a>,
}

fn declared<T>(value: &Option<Located<T>>) -> Option<&T> {
    value.as_ref().map(|v| &v.value)
}

/// The scored table with its findings.
pub fn document<'a>(
    evaluation: &'a Evaluation,
    findings: &'a [Finding],
    places: Places<'a>,
    lang: Lang,
) -> Document<'a> {
    let project = evaluation.project;
    let profile = evaluation.profile;
    let funds = &evaluation.funds;
    let shown = funds.shown_amounts(&project.funds);
    let indicators = project
        .indicators
        .iter()
        .zip(&evaluation.rows)
        .map(|(indicator, row)| IndicatorPart {
            level1: &indicator.level1.value,
            level2: &indicator.level2.value,
            name: &indicator.name.value,
            target: &indicator.target.value.text,
            actual: &indicator.actual.value.text,
            target_value: &indicator.target.value.value,
            actual_value: &indicator.actual.value.value,
            kind: row.kind,
            direction: row.direction,
            na: indicator.na,
            weight: row.weight,
            declared_score: declared(&indicator.score),
            score: row.score,
            exact: row.exact,
            outcome: &row.outcome,
            derivation: derivation::row(indicator, row, profile, lang),
            note: indicator.note.as_ref().map(|n| n.value.as_str()),
            at: places.row(indicator.span),
        })
        .collect();
    Document {
        project: ProjectPart {
            name: &project.name.value,
            year: project.year,
            department: &project.department,
            implementer: &project.implementer,
        },
        profile: ProfilePart {
            name: &profile.name,
            title: &profile.title,
            source: &profile.source,
        },
        funds: FundsPart {
            unit: project.funds.unit,
            weight: funds.weight,
            initial: shown[0],
            annual: shown[1],
            executed: shown[2],
            summed_from_rows: funds.summed_from_rows,
            basis: funds.basis,
            budget: funds.budget,
            rate: funds.rate,
            rate_percent: funds.rate.map(percent_figure),
            exact: funds.exact,
            score: funds.score,
            counted: funds.counted,
            declared_rate_percent: declared(&project.funds.rate),
            declared_score: declared(&project.funds.score),
            derivation: derivation::funds(funds, profile, lang),
        },
        indicators,
        level1: &evaluation.level1,
        total: TotalPart {
            weight: evaluation.weight_total,
            score: evaluation.total,
            percent: evaluation.percent,
            grade: &evaluation.grade,
            declared_weight: declared(&project.total.weight),
            declared_score: declared(&project.total.score),
            declared_grade: declared(&project.total.grade),
            derivation: derivation::total(evaluation, lang),
        },
        findings: findings
            .iter()
            .map(|f| finding(f, evaluation, places, lang))
            .collect(),
    }
}

/// One finding with its place.
pub fn finding<'a>(
    finding: &Finding,
    evaluation: &Evaluation,
    places: Places<'a>,
    lang: Lang,
) -> FindingPart<'a> {
    let Text {
        message,
        label,
        help,
    } = finding.text(evaluation, lang);
    FindingPart {
        code: finding.code,
        severity: finding.severity,
        message,
        label,
        help,
        at: places.at(finding.span),
    }
}

/// A checked table as one line of `check --format jsonl`: every figure and the rule behind it
/// as data, for tools that read a province's tables line by line. Cell texts and names stay in
/// the file (each row is found by its `line`); the worded derivations, the bulk of
/// [`Document`], come only when `explain` names their language.
#[derive(Serialize)]
pub struct Line<'a> {
    project: ProjectPart<'a>,
    profile: &'a str,
    funds: LineFunds<'a>,
    rows: Vec<LineRow<'a>>,
    level1: &'a [Level1Sum],
    total: LineTotal<'a>,
    findings: Vec<LineFinding<'a>>,
}

#[derive(Serialize)]
struct LineFunds<'a> {
    weight: Decimal,
    basis: Basis,
    budget: Decimal,
    executed: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate_percent: Option<String>,
    score: Decimal,
    counted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    declared_rate_percent: Option<&'a Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declared_score: Option<&'a Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    derivation: Option<String>,
}

#[derive(Serialize)]
struct LineRow<'a> {
    #[serde(flatten)]
    at: At<'a>,
    weight: Decimal,
    score: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    declared_score: Option<&'a Decimal>,
    outcome: &'a Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    derivation: Option<String>,
}

#[derive(Serialize)]
struct LineTotal<'a> {
    weight: Decimal,
    score: Decimal,
    percent: Decimal,
    grade: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    declared_weight: Option<&'a Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declared_score: Option<&'a Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declared_grade: Option<&'a String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    derivation: Option<String>,
}

/// A finding where it is, with the two figures it compares, in the run's language.
#[derive(Serialize)]
struct LineFinding<'a> {
    code: Code,
    severity: Severity,
    #[serde(flatten)]
    at: At<'a>,
    #[serde(flatten)]
    figures: Option<&'a Figures>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
}

/// The scored table as one compact line, its findings in `lang`; `explain` asks for the
/// derivations and help lines too.
pub fn line<'a>(
    evaluation: &'a Evaluation,
    findings: &'a [Finding],
    places: Places<'a>,
    lang: Lang,
    explain: bool,
) -> Line<'a> {
    let explain = explain.then_some(lang);
    let project = evaluation.project;
    let profile = evaluation.profile;
    let funds = &evaluation.funds;
    let rows = project
        .indicators
        .iter()
        .zip(&evaluation.rows)
        .map(|(indicator, row)| LineRow {
            at: places.row(indicator.span),
            weight: row.weight,
            score: row.score,
            declared_score: declared(&indicator.score),
            outcome: &row.outcome,
            derivation: explain.map(|lang| derivation::row(indicator, row, profile, lang)),
        })
        .collect();
    Line {
        project: ProjectPart {
            name: &project.name.value,
            year: project.year,
            department: &project.department,
            implementer: &project.implementer,
        },
        profile: &profile.name,
        funds: LineFunds {
            weight: funds.weight,
            basis: funds.basis,
            budget: funds.budget,
            executed: funds.executed,
            rate_percent: funds.rate.map(percent_figure),
            score: funds.score,
            counted: funds.counted,
            declared_rate_percent: declared(&project.funds.rate),
            declared_score: declared(&project.funds.score),
            derivation: explain.map(|lang| derivation::funds(funds, profile, lang)),
        },
        rows,
        level1: &evaluation.level1,
        total: LineTotal {
            weight: evaluation.weight_total,
            score: evaluation.total,
            percent: evaluation.percent,
            grade: &evaluation.grade,
            declared_weight: declared(&project.total.weight),
            declared_score: declared(&project.total.score),
            declared_grade: declared(&project.total.grade),
            derivation: explain.map(|lang| derivation::total(evaluation, lang)),
        },
        findings: findings
            .iter()
            .map(|finding| {
                let Text { message, help, .. } = finding.text(evaluation, lang);
                LineFinding {
                    code: finding.code,
                    severity: finding.severity,
                    at: places.start(finding.span),
                    figures: finding.figures.as_ref(),
                    message,
                    help: explain.and(help),
                }
            })
            .collect(),
    }
}

/// An input that could not be used, with its place when it has one.
pub fn input_error(error: &InputError, lang: Lang) -> Value {
    let mut value = json!({
        "message": error.message(lang),
        "file": error.excerpt.file,
        "key": error.key,
        "line": error.excerpt.start.line,
        "column": error.excerpt.start.column,
        "span": error.span,
    });
    // Problems found with this one (every unknown key of the file).
    if !error.more.is_empty() {
        value["more"] = error.more.iter().map(|e| input_error(e, lang)).collect();
    }
    value
}
