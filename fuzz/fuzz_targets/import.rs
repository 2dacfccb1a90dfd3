//! Any bytes as a file to import: a workbook, a Word document or pasted text, told apart by
//! their content as `import` does. Reading must not panic, and every table it returns must be
//! a project file that loads (import refuses a table that would not).
#![no_main]

use libfuzzer_sys::fuzz_target;
use perf_eval::import::{Options, import_bytes};
use perf_eval::project;
use perf_eval::source::Source;

fuzz_target!(
    // libfuzzer-sys aborts on every panic, even one that import catches from a reader it
    // shields (calamine's cfb reader panics on some .xls files). The default hook keeps the
    // run going past those; a panic that escapes import still aborts, as a finding.
    init: drop(std::panic::take_hook()),
    |data: &[u8]| {
        let options = Options {
            year: Some(2023),
            ..Options::default()
        };
        if let Ok(tables) = import_bytes("fuzz.xlsx", data.to_vec(), &options) {
            for table in tables {
                let source = Source::new("imported.toml", table.toml);
                assert!(project::load(&source).is_ok(), "{}", source.text);
            }
        }
    }
);
