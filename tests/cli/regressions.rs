//! Inputs the fuzzers found, run again through the same paths with the invariants checked: the
//! named regressions in `tests/data/regressions` on every run, and the fuzzers' whole minimized
//! corpora (`fuzz/corpus`, rebuilt by `cargo fuzz`; see docs/performance.md) with
//! `cargo test -- --ignored`.

use std::fs;
use std::path::Path;

use perf_eval::audit;
use perf_eval::diagnostic::{self, Diagnostic};
use perf_eval::output::Format;
use perf_eval::place::Places;
use perf_eval::profile::{BUILTIN, Profile};
use perf_eval::project;
use perf_eval::render;
use perf_eval::source::Source;
use perf_eval::value::Value;
use rust_decimal::Decimal;

/// The files of a folder below the repository root, sorted by name; none when it is absent.
fn files_in(folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn named_regressions_load_or_fail_in_place_and_score_within_bounds() {
    let inputs = files_in("tests/data/regressions");
    assert!(inputs.len() >= 2);
    project_files_hold(inputs);
}

#[test]
#[ignore = "needs the fuzzers' corpus in fuzz/corpus (cargo fuzz)"]
fn fuzz_corpus_cell_values_read_back_what_they_print() {
    let inputs = files_in("fuzz/corpus/value");
    assert!(inputs.len() > 500, "run the value fuzzer first");
    cell_values_hold(inputs);
}

#[test]
#[ignore = "needs the fuzzers' corpus in fuzz/corpus (cargo fuzz)"]
fn fuzz_corpus_project_files_load_or_fail_in_place_and_score_within_bounds() {
    let inputs = files_in("fuzz/corpus/project");
    assert!(inputs.len() > 2000, "run the project fuzzer first");
    let loaded = project_files_hold(inputs);
    assert!(
        loaded > 300,
        "the corpus scores real tables, not only broken ones: {loaded}"
    );
}

/// Every number a cell reads as prints back to the same number.
fn cell_values_hold(inputs: Vec<(String, Vec<u8>)>) {
    for (name, bytes) in inputs {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Value::Number { op, quantity } = Value::parse(text) {
            let printed = format!("{}{quantity}", op.map_or("", |op| op.symbol()));
            if let Value::Number {
                quantity: again, ..
            } = Value::parse(&printed)
            {
                assert_eq!(
                    again.number, quantity.number,
                    "{name}: {text:?} → {printed:?}"
                );
            }
        }
    }
}

/// Every file loads, or fails at a line of its own; every loaded table scores within its
/// weights under every built-in profile and renders. Returns how many loaded.
fn project_files_hold(inputs: Vec<(String, Vec<u8>)>) -> usize {
    let profiles: Vec<Profile> = BUILTIN
        .iter()
        .map(|(name, _)| Profile::builtin(name).unwrap())
        .collect();
    let mut loaded = 0;
    for (name, bytes) in inputs {
        let Ok(source) = Source::from_bytes(name.clone(), bytes) else {
            continue;
        };
        let project = match project::load(&source) {
            Ok(project) => project,
            Err(error) => {
                let lines = source.text.lines().count() + 1;
                assert!(
                    error.excerpt.start.line >= 1 && error.excerpt.start.line <= lines,
                    "{name}"
                );
                assert!(
                    !error.message(perf_eval::lang::Lang::Zh).is_empty(),
                    "{name}"
                );
                continue;
            }
        };
        loaded += 1;
        for profile in &profiles {
            let (evaluation, findings) = audit::check(&project, profile);
            for row in &evaluation.rows {
                assert!(
                    row.score >= Decimal::ZERO && row.score <= row.weight,
                    "{name}"
                );
            }
            assert!(evaluation.total <= evaluation.weight_total, "{name}");
            for finding in &findings {
                diagnostic::human(
                    &source.excerpt(finding.span),
                    &Diagnostic::of(finding, &evaluation, perf_eval::lang::Lang::Zh),
                    None,
                    perf_eval::lang::Lang::Zh,
                    false,
                );
            }
            for format in [Format::Table, Format::Json] {
                let options = render::Options::file(format);
                assert!(
                    !render::scored(&evaluation, Places::of(&source), options)
                        .unwrap()
                        .is_empty()
                );
            }
        }
    }
    loaded
}
