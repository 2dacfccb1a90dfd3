//! `perf-eval explain`: for each figure, the rule that applied and the arithmetic.

use crate::derivation;
use crate::engine::Evaluation;
use crate::lang::Lang;
use crate::number::plain;

use super::labels::Labels;

/// Explains the funds score, the indicators whose index is in `only` (all when `None`), and the
/// total and grade.
pub fn render(evaluation: &Evaluation, labels: &Labels, lang: Lang, only: Option<usize>) -> String {
    let profile = evaluation.profile;
    let mut out = String::new();
    if only.is_none() {
        out.push_str(&format!(
            "{}\n  {}\n",
            labels.funds,
            derivation::funds(&evaluation.funds, profile, lang)
        ));
        out.push_str(&format!("{}\n", labels.indicators));
    }
    let rows = evaluation.project.indicators.iter().zip(&evaluation.rows);
    for (index, (indicator, row)) in rows.enumerate() {
        if only.is_some_and(|only| only != index) {
            continue;
        }
        out.push_str(&format!(
            "  {}. {}{}{} {}{}{} {}{}{} {}{}\n     {}\n",
            index + 1,
            indicator.name.value,
            labels.open,
            labels.target,
            indicator.target.value.text,
            labels.comma,
            labels.actual,
            indicator.actual.value.text,
            labels.comma,
            labels.weight,
            plain(row.weight),
            labels.close,
            derivation::row(indicator, row, profile, lang)
        ));
    }
    if only.is_none() {
        out.push_str(&format!(
            "{}\n  {}\n",
            labels.total,
            derivation::total(evaluation, lang)
        ));
    }
    out
}

/// Finds an indicator by its 1-based number or by (part of) its name.
pub fn find(evaluation: &Evaluation, query: &str) -> Option<usize> {
    let indicators = &evaluation.project.indicators;
    if let Ok(number) = query.trim().parse::<usize>() {
        return (1..=indicators.len()).contains(&number).then(|| number - 1);
    }
    indicators
        .iter()
        .position(|i| i.name.value == query)
        .or_else(|| indicators.iter().position(|i| i.name.value.contains(query)))
}
