//! The fuzzers' minimized corpora (`cargo fuzz cmin`), kept as regular tests: every input the
//! fuzzers found interesting is run again through the same paths, with the invariants checked.
//! See docs/performance.md for how they were produced.

use std::fs;
use std::path::Path;

use perf_eval::audit;
use perf_eval::diagnostic::{self, Diagnostic};
use perf_eval::output::Format;
use perf_eval::profile::{BUILTIN, Profile};
use perf_eval::project;
use perf_eval::render;
use perf_eval::source::Source;
use perf_eval::value::Value;
use rust_decimal::Decimal;

fn corpus(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(name);
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
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
fn cell_values_read_back_what_they_print() {
    let inputs = corpus("value");
    assert!(inputs.len() > 500);
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

#[test]
fn project_files_load_or_fail_in_place_and_score_within_bounds() {
    let inputs = corpus("project");
    assert!(inputs.len() > 2000);
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
                    &Diagnostic::from(finding),
                    None,
                    perf_eval::lang::Lang::Zh,
                    false,
                );
            }
            for format in [Format::Table, Format::Json] {
                let options = render::Options::file(format);
                assert!(
                    !render::report(&evaluation, &source, options)
                        .unwrap()
                        .is_empty()
                );
            }
        }
    }
    assert!(
        loaded > 300,
        "the corpus scores real tables, not only broken ones: {loaded}"
    );
}
