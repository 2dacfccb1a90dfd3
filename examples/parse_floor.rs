//! The floor `check` is measured against: reading every `*.toml` file of a folder and parsing it
//! with the `toml` crate, nothing else, on all cores (or `RAYON_NUM_THREADS`).
//!
//! ```sh
//! cargo run --release --example parse_floor -- /tmp/corpus
//! ```

use rayon::prelude::*;

fn main() {
    let folder = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "corpus".to_string());
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .expect("a folder of project files")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let tables: usize = paths
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            text.parse::<toml::Table>().map_or(0, |table| table.len())
        })
        .sum();
    println!("parsed {} files ({tables} top-level keys)", paths.len());
}
