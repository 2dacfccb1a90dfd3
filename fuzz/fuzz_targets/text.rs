//! Any bytes as a table pasted into a text file (`.txt`): reading must not panic, must stay
//! within its bounds, and every table it returns must be a project file that loads. Input that
//! starts as a workbook or Word document would be read as one; the `import` target has those.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perf_eval::import::{Options, import_bytes, starts_as_package};
use perf_eval::project;
use perf_eval::source::Source;

fuzz_target!(
    // See `import.rs`: the default hook keeps the run going past panics the library catches.
    init: drop(std::panic::take_hook()),
    |data: &[u8]| {
        if starts_as_package(data) {
            return;
        }
        let options = Options {
            year: Some(2023),
            ..Options::default()
        };
        if let Ok(tables) = import_bytes("fuzz.txt", data.to_vec(), &options) {
            for table in tables {
                let source = Source::new("imported.toml", table.toml);
                assert!(project::load(&source).is_ok(), "{}", source.text);
            }
        }
    }
);
