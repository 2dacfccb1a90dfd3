//! The computed document as JSON: inputs, profile, every figure with its derivation, and the
//! findings. Field names are stable (documented in `docs/json.md`); decimals are strings so
//! that no consumer reads them through a float.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::audit::Finding;
use crate::derivation;
use crate::engine::Evaluation;
use crate::error::InputError;
use crate::lang::Lang;
use crate::number::{fixed, round_half_up};
use crate::source::{Located, Source};

fn declared<T: serde::Serialize + Clone>(value: &Option<Located<T>>) -> Value {
    value.as_ref().map_or(Value::Null, |v| json!(v.value))
}

/// The scored table with its findings.
pub fn document(
    evaluation: &Evaluation,
    findings: &[Finding],
    source: &Source,
    lang: Lang,
) -> Value {
    let project = evaluation.project;
    let profile = evaluation.profile;
    let funds = &evaluation.funds;
    let indicators: Vec<Value> = project
        .indicators
        .iter()
        .zip(&evaluation.rows)
        .map(|(indicator, row)| {
            json!({
                "level1": indicator.level1.value,
                "level2": indicator.level2.value,
                "name": indicator.name.value,
                "target": indicator.target.value.text,
                "actual": indicator.actual.value.text,
                "target_value": indicator.target.value.value,
                "actual_value": indicator.actual.value.value,
                "kind": row.kind,
                "direction": row.direction,
                "na": indicator.na,
                "weight": row.weight,
                "declared_score": declared(&indicator.score),
                "score": row.score,
                "exact": row.exact,
                "outcome": row.outcome,
                "derivation": derivation::row(indicator, row, profile, lang),
                "note": indicator.note.as_ref().map(|n| &n.value),
                "line": source.location(indicator.span.start).line,
            })
        })
        .collect();
    json!({
        "project": {
            "name": project.name.value,
            "year": project.year,
            "department": project.department,
            "implementer": project.implementer,
        },
        "profile": {
            "name": profile.name,
            "title": profile.title,
            "source": profile.source,
        },
        "funds": {
            "unit": project.funds.unit,
            "weight": funds.weight,
            "initial": funds.amounts[0],
            "annual": funds.amounts[1],
            "executed": funds.amounts[2],
            "summed_from_rows": funds.summed_from_rows,
            "basis": funds.basis,
            "budget": funds.budget,
            "rate": funds.rate,
            "rate_percent": funds.rate.map(|r| fixed(r * Decimal::ONE_HUNDRED, 2)),
            "exact": funds.exact,
            "score": funds.score,
            "counted": funds.counted,
            "declared_rate_percent": declared(&project.funds.rate),
            "declared_score": declared(&project.funds.score),
            "derivation": derivation::funds(funds, profile, lang),
        },
        "indicators": indicators,
        "level1": evaluation.level1,
        "total": {
            "weight": evaluation.weight_total,
            "score": evaluation.total,
            "percent": round_half_up(evaluation.percent, 2),
            "grade": evaluation.grade,
            "declared_weight": declared(&project.total.weight),
            "declared_score": declared(&project.total.score),
            "declared_grade": declared(&project.total.grade),
            "derivation": derivation::total(evaluation, lang),
        },
        "findings": findings.iter().map(|f| finding(f, source)).collect::<Vec<_>>(),
    })
}

/// One finding with its place.
pub fn finding(finding: &Finding, source: &Source) -> Value {
    let start = source.location(finding.span.start);
    let end = source.location(finding.span.end);
    json!({
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "label": finding.label,
        "help": finding.help,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "span": finding.span,
    })
}

/// An input that could not be used, with its place when it has one.
pub fn input_error(error: &InputError) -> Value {
    json!({
        "message": error.message,
        "key": error.key,
        "line": error.location.line,
        "column": error.location.column,
        "span": error.span,
    })
}
