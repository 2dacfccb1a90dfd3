//! Any text as the `word/document.xml` of a Word document, packed here into a .docx: reading
//! must not panic, must stay within its bounds, and every table it returns must be a project
//! file that loads. (Whole files of random bytes are rarely a zip; the `import` target has
//! those.)
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use perf_eval::import::{Options, import_bytes};
use perf_eval::project;
use perf_eval::source::Source;
use zip::write::SimpleFileOptions;

fuzz_target!(
    // See `import.rs`: the default hook keeps the run going past panics the library catches.
    init: drop(std::panic::take_hook()),
    |document: &[u8]| {
        let mut package = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        package.start_file("word/document.xml", stored).unwrap();
        package.write_all(document).unwrap();
        let bytes = package.finish().unwrap().into_inner();
        let options = Options {
            year: Some(2023),
            ..Options::default()
        };
        if let Ok(tables) = import_bytes("fuzz.docx", bytes, &options) {
            for table in tables {
                let source = Source::new("imported.toml", table.toml);
                assert!(project::load(&source).is_ok(), "{}", source.text);
            }
        }
    }
);
