//! A finance bureau's folder of tables: the shapes a year's hand-ins really come in (clean
//! tables, tables with each kind of finding, files that cannot be used), spread over units.

use std::fs;
use std::path::{Path, PathBuf};

/// The tables a folder is made of: every finding example, every unusable example, and the
/// full 2022 table.
fn samples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/data/findings", "tests/data/bad"] {
        let mut entries: Vec<PathBuf> = fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        files.extend(entries);
    }
    files.push(root.join("fixtures/2022.toml"));
    files
}

/// Writes `count` tables into `folder/自评表/单位NN/`, cycling through the samples, and returns
/// the `自评表` folder.
pub fn bureau_folder(folder: &Path, count: usize) -> PathBuf {
    let tables = folder.join("自评表");
    let samples = samples();
    for index in 0..count {
        let sample = &samples[index % samples.len()];
        let unit = tables.join(format!("单位{:02}", index / samples.len() + 1));
        fs::create_dir_all(&unit).unwrap();
        fs::copy(sample, unit.join(sample.file_name().unwrap())).unwrap();
    }
    tables
}
