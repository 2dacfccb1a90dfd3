//! Throughput of `check` against the floor of only parsing the same files with the `toml`
//! crate. Run with `cargo bench`; docs/performance.md has the method and the numbers.

mod corpus;

use std::io;
use std::path::PathBuf;

use perf_eval::batch::{self, Format, Input, Options};
use perf_eval::profile::Profile;
use perf_eval::source::Source;
use perf_eval::{audit, project};

fn main() {
    divan::main();
}

/// Files per in-memory sample: enough to average over the corpus's variety.
const FILES: usize = 200;

fn texts() -> Vec<String> {
    corpus::corpus(FILES, 2022).map(|(_, text)| text).collect()
}

/// The floor: parsing the files into TOML tables and nothing else.
#[divan::bench]
fn parse_only(bencher: divan::Bencher) {
    let texts = texts();
    bencher
        .counter(divan::counter::ItemsCount::new(FILES))
        .bench(|| {
            for text in &texts {
                divan::black_box(text.parse::<toml::Table>().unwrap());
            }
        });
}

fn sources() -> Vec<Source> {
    texts()
        .into_iter()
        .map(|text| Source::new("bench.toml", text))
        .collect()
}

/// Loading into the project model: parsing, spans, exact decimals, cell values.
#[divan::bench]
fn load(bencher: divan::Bencher) {
    let sources = sources();
    bencher
        .counter(divan::counter::ItemsCount::new(FILES))
        .bench(|| {
            for source in &sources {
                divan::black_box(project::load(source).unwrap());
            }
        });
}

/// Loading, scoring and auditing: everything `check` does but reading and printing.
#[divan::bench]
fn load_and_audit(bencher: divan::Bencher) {
    let sources = sources();
    bencher
        .counter(divan::counter::ItemsCount::new(FILES))
        .bench(|| {
            for source in &sources {
                let project = project::load(source).unwrap();
                let profile = Profile::select(None, &project, source).unwrap();
                divan::black_box(audit::check(&project, &profile).1);
            }
        });
}

fn corpus_folder(count: usize) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("perf-eval-bench-{count}"));
    if !folder.join(format!("{:05}.toml", count - 1)).exists() {
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in corpus::corpus(count, 2022) {
            std::fs::write(folder.join(name), text).unwrap();
        }
    }
    folder
}

/// The whole `check` of 10,000 files from disk, on one thread and on every core.
#[divan::bench(args = [1, 0], sample_count = 5, sample_size = 1)]
fn check_10000_files(bencher: divan::Bencher, threads: usize) {
    let folder = corpus_folder(10_000);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let options = Options {
        rules: None,
        format: Format::Human { color: false },
        deny_warnings: false,
        codes: batch::CodeFilter::default(),
        quiet: false,
        summary_all: false,
        progress: None,
        lang: perf_eval::lang::Lang::Zh,
    };
    bencher
        .counter(divan::counter::ItemsCount::new(10_000usize))
        .bench(|| {
            pool.install(|| {
                batch::run(vec![Input::Path(folder.clone())], &options, &mut io::sink())
            })
        });
}
