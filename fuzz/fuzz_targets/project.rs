//! A whole project file: load, score and audit under every built-in profile, and render every
//! text format. Whatever the bytes, this must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perf_eval::lang::Lang;
use perf_eval::output::Format;
use perf_eval::profile::{BUILTIN, Profile};
use perf_eval::source::Source;
use perf_eval::{audit, project, render};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.toml".to_string(), data.to_vec()) else {
        return;
    };
    let Ok(project) = project::load(&source) else {
        return;
    };
    for (name, _) in BUILTIN {
        let profile = Profile::builtin(name).unwrap();
        let (evaluation, findings) = audit::check(&project, &profile);
        for finding in &findings {
            let _ = perf_eval::diagnostic::human(
                &source,
                &finding.into(),
                perf_eval::diagnostic::Style { color: false },
            );
        }
        for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
            let options = render::Options {
                format,
                lang: Lang::Zh,
                csv_header: Lang::En,
                wrap: false,
                ambiguous: Default::default(),
                explain: true,
            };
            render::report(&evaluation, &source, options).unwrap();
        }
    }
});
