//! One CSV row per indicator, UTF-8 with a byte-order mark so that Excel opens Chinese text
//! correctly. Column names are stable English words, or the form's Chinese labels on request.

use crate::derivation;
use crate::engine::Evaluation;
use crate::lang::Lang;
use crate::number::{fixed, plain};
use crate::project::Kind;
use crate::render::labels::Labels;

/// The stable English column names.
pub const COLUMNS: [&str; 13] = [
    "level1",
    "level2",
    "indicator",
    "target",
    "actual",
    "kind",
    "direction",
    "weight",
    "declared_score",
    "score",
    "rule",
    "derivation",
    "note",
];

/// The same columns as the form names them.
pub const COLUMNS_ZH: [&str; 13] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "指标性质",
    "比较方向",
    "分值",
    "填报得分",
    "得分",
    "计分规则",
    "计分过程",
    "偏差原因分析及改进措施",
];

/// Renders the indicator rows; `header` picks the header row's language, `lang` that of the
/// derivations.
pub fn render(evaluation: &Evaluation, header: Lang, lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    let names = match header {
        Lang::Zh => COLUMNS_ZH,
        Lang::En => COLUMNS,
    };
    // Under the form's labels the values are the form's words too; under the stable names,
    // the stable codes.
    let words = header.labels();
    out.push_str(&record(names.iter().map(|n| n.to_string())));
    let profile = evaluation.profile;
    for (indicator, row) in evaluation.project.indicators.iter().zip(&evaluation.rows) {
        out.push_str(&record(
            [
                indicator.level1.value.clone(),
                indicator.level2.value.clone(),
                indicator.name.value.clone(),
                indicator.target.value.text.clone(),
                indicator.actual.value.text.clone(),
                kind(row.kind, words),
                row.direction
                    .map_or(String::new(), |d| d.symbol().to_string()),
                plain(row.weight),
                indicator
                    .score
                    .as_ref()
                    .map_or(String::new(), |s| plain(s.value)),
                fixed(row.score, profile.rounding),
                rule(row.outcome.rule(), words),
                derivation::row(indicator, row, profile, lang),
                indicator
                    .note
                    .as_ref()
                    .map_or(String::new(), |n| n.value.clone()),
            ]
            .into_iter(),
        ));
    }
    out
}

fn kind(kind: Kind, words: &Labels) -> String {
    match kind {
        Kind::Quantitative => words.kinds[0],
        Kind::Qualitative => words.kinds[1],
    }
    .to_string()
}

fn rule(code: &'static str, words: &Labels) -> String {
    let word = words.rules_applied.iter().find(|(c, _)| *c == code);
    word.map_or(code, |(_, word)| word).to_string()
}

/// One RFC 4180 record, CRLF-terminated; text a spreadsheet would run is neutralised
/// ([`super::spreadsheet_text`]), figures are left as they are.
fn record(fields: impl Iterator<Item = String>) -> String {
    let fields: Vec<String> = fields
        .map(|field| {
            let field = super::spreadsheet_text(&field).into_owned();
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect();
    format!("{}\r\n", fields.join(","))
}

#[cfg(test)]
mod tests {
    use super::record;

    #[test]
    fn quotes_what_needs_quoting() {
        let fields = ["a", "b,c", "say \"hi\"", "line\nbreak"].map(str::to_string);
        assert_eq!(
            record(fields.into_iter()),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\"\r\n"
        );
        let fields = ["=1+1", "-5", "@x", "-2.50", "\r=1"].map(str::to_string);
        assert_eq!(
            record(fields.into_iter()),
            "'=1+1,-5,'@x,-2.50,\"'\r=1\"\r\n"
        );
    }
}
