//! Real cells, read as an auditor reads them.
//!
//! `tests/data/cells.psv` holds target and actual cells in the shapes published 自评表 use
//! (lookalike comparators, invisible characters, approximate figures, ranges, per-unit figures,
//! Chinese numerals, progress and deadline words, claims in words, grade scales, placeholders),
//! each row with the score an auditor re-checking by hand gives it under the central rules and
//! the findings that say what was assumed. At least 99% of rows must agree.

use std::collections::BTreeSet;

use perf_eval::audit::check;
use perf_eval::engine::Outcome;
use perf_eval::profile::Profile;
use perf_eval::project::load;
use perf_eval::source::Source;
use rust_decimal::Decimal;

/// The findings that say how a cell was read; the others (a missing note, the totals) are not
/// about reading.
const READING_CODES: &[&str] = &[
    "cell-assumed",
    "cell-unread",
    "actual-no-figure",
    "actual-none",
    "row-not-filled",
    "direction-inferred",
    "actual-unit-missing",
    "actual-comparator",
    "unit-mismatch",
    "score-not-computed",
    "zero-target",
    "qualitative-band",
];

struct Row<'a> {
    line: usize,
    fields: Vec<&'a str>,
}

fn project_text(row: &Row) -> String {
    let f = &row.fields;
    let mut text = format!(
        "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[[indicator]]\nlevel1 = \"产出指标\"\n\
         level2 = \"{}\"\nname = \"{}\"\ntarget = \"{}\"\nactual = \"{}\"\n",
        f[1], f[0], f[2], f[3]
    );
    if !f[4].is_empty() {
        text.push_str(&format!("weight = {}\n", f[4]));
    }
    if !f[5].is_empty() {
        text.push_str(&format!("score = {}\n", f[5]));
    }
    text
}

/// Whether the engine and audit read the row as the auditor did; the difference when not.
fn agrees(row: &Row, profile: &Profile) -> Result<(), String> {
    let text = project_text(row);
    let project = load(&Source::new("cells.toml", text.as_str())).map_err(|e| e.to_string())?;
    let (evaluation, findings) = check(&project, profile);
    let scored = &evaluation.rows[0];
    let got = match scored.outcome {
        Outcome::NoneReported => "na".to_string(),
        Outcome::Detail => "detail".to_string(),
        Outcome::NotFilled => "not_filled".to_string(),
        _ => scored.score.normalize().to_string(),
    };
    let expected = row.fields[6];
    let expected_score = Decimal::from_str_exact(expected).map(|d| d.normalize().to_string());
    let want = expected_score.unwrap_or_else(|_| expected.to_string());
    let codes: BTreeSet<&str> = findings
        .iter()
        .map(|f| f.code.name())
        .filter(|code| READING_CODES.contains(code))
        .collect();
    let want_codes: BTreeSet<&str> = row.fields[7].split_whitespace().collect();
    if got == want && codes == want_codes {
        Ok(())
    } else {
        Err(format!(
            "line {}: {} / {}: score {got} (auditor {want}), findings {codes:?} (auditor {want_codes:?})",
            row.line, row.fields[2], row.fields[3]
        ))
    }
}

#[test]
fn real_cells_agree_with_an_auditors_reading() {
    let table = include_str!("../data/cells.psv");
    let rows: Vec<Row> = table
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(|(i, line)| Row {
            line: i + 1,
            fields: line.split('|').collect(),
        })
        .collect();
    assert!(rows.iter().all(|row| row.fields.len() == 8));
    let cells = rows.len() * 2;
    assert!(cells >= 200, "{cells} cells");
    let profile = Profile::builtin("mof-2020").unwrap();
    let disagreements: Vec<String> = rows
        .iter()
        .filter_map(|row| agrees(row, &profile).err())
        .collect();
    let agreement = 1.0 - disagreements.len() as f64 / rows.len() as f64;
    println!(
        "{} rows ({cells} cells): {:.1}% agree",
        rows.len(),
        agreement * 100.0
    );
    assert!(
        agreement >= 0.99,
        "{:.1}% agree:\n{}",
        agreement * 100.0,
        disagreements.join("\n")
    );
    // What does not agree is listed, so the table stays honest about it.
    for line in &disagreements {
        println!("differs: {line}");
    }
}
