//! A whole project file: load, score and audit under every built-in profile, and render every
//! text format; or, if the bytes are a rule profile, the bundled table scored under it. Whatever
//! the bytes, this must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perf_eval::output::Format;
use perf_eval::profile::{self, BUILTIN, Profile};
use perf_eval::project::{self, Project};
use perf_eval::source::Source;
use perf_eval::{audit, render};

/// Scores, audits and renders a project under a profile.
fn exercise(project: &Project, source: &Source, profile: &Profile) {
    let (evaluation, findings) = audit::check(project, profile);
    for finding in &findings {
        let _ = perf_eval::diagnostic::human(
            &source.excerpt(finding.span),
            &perf_eval::diagnostic::Diagnostic::of(finding, &evaluation, perf_eval::lang::Lang::Zh),
            None,
            perf_eval::lang::Lang::Zh,
            false,
        );
    }
    for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
        let options = render::Options::file(format);
        render::scored(&evaluation, perf_eval::place::Places::of(source), options).unwrap();
    }
}

// libFuzzer's panic hook aborts on every panic, even one caught and handled inside the
// library; the default hook lets those pass, and a panic that escapes the target still aborts.
fuzz_target!(init: drop(std::panic::take_hook()), |data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.toml".to_string(), data.to_vec()) else {
        return;
    };
    match project::load(&source) {
        Ok(project) => {
            for (name, _) in BUILTIN {
                exercise(&project, &source, &Profile::builtin(name).unwrap());
            }
        }
        Err(error) => {
            let _ = perf_eval::diagnostic::human_input(&error, perf_eval::lang::Lang::Zh, false);
            if let Ok(profile) = profile::parse(&source) {
                let table = Source::new("2022.toml", include_str!("../../fixtures/2022.toml"));
                exercise(&project::load(&table).unwrap(), &table, &profile);
            }
        }
    }
});
