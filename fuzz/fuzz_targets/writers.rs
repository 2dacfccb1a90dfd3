//! The report writers: any project file that loads is written as the Excel table and the Word
//! 自评报告 under every built-in profile, and each must come out as a zip package, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perf_eval::lang::Lang;
use perf_eval::profile::{BUILTIN, Profile};
use perf_eval::render;
use perf_eval::source::Source;
use perf_eval::{audit, project, report};

fuzz_target!(init: drop(std::panic::take_hook()), |data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.toml".to_string(), data.to_vec()) else {
        return;
    };
    let Ok(project) = project::load(&source) else {
        return;
    };
    let labels = Lang::Zh.labels();
    for (name, _) in BUILTIN {
        let profile = Profile::builtin(name).unwrap();
        let (evaluation, findings) = audit::check(&project, &profile);
        let workbook = render::xlsx::render(&evaluation, labels).unwrap();
        assert!(workbook.starts_with(b"PK"));
        let draft = report::draft(&evaluation, &findings);
        let document = render::draft::docx(&draft, &evaluation, labels).unwrap();
        assert!(document.starts_with(b"PK"));
    }
});
