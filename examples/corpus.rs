//! Writes the benchmark corpus to a folder, for timing the command line by hand; the third
//! argument is the kind, `clean` (the default) or `heavy` (findings on most files):
//!
//! ```sh
//! cargo run --release --example corpus -- /tmp/corpus 10000
//! cargo run --release --example corpus -- /tmp/heavy 10000 heavy
//! hyperfine --warmup 2 'target/release/perf-eval check --format json /tmp/corpus > /dev/null'
//! ```

#[path = "../benches/corpus/mod.rs"]
mod corpus;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = args.next().unwrap_or_else(|| "corpus".to_string());
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let kind = match args.next() {
        None => corpus::Kind::Clean,
        Some(name) => corpus::Kind::parse(&name).ok_or_else(|| {
            std::io::Error::other(format!("unknown corpus kind {name:?}: clean or heavy"))
        })?,
    };
    std::fs::create_dir_all(&folder)?;
    for (name, text) in corpus::corpus(count, 2022, kind) {
        std::fs::write(std::path::Path::new(&folder).join(name), text)?;
    }
    println!("wrote {count} project files to {folder}");
    Ok(())
}
