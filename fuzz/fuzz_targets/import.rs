//! Any bytes as a workbook to import: our reading of the sheet must not panic, and whatever it
//! writes must be a project file that loads or is refused in place.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perf_eval::import::{Options, import_bytes};
use perf_eval::project;
use perf_eval::source::Source;

fuzz_target!(|data: &[u8]| {
    let options = Options {
        year: Some(2023),
        ..Options::default()
    };
    if let Ok(tables) = import_bytes("fuzz.xlsx", data.to_vec(), &options) {
        for table in tables {
            let _ = project::load(&Source::new("imported.toml", table.toml));
        }
    }
});
