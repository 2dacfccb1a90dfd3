//! Throughput of `check` against the floor of only parsing the same files with the `toml`
//! crate. Run with `cargo bench`; docs/performance.md has the method and the numbers.

mod corpus;

use corpus::Kind;
use std::io;
use std::path::PathBuf;

use perf_eval::audit::CodeFilter;
use perf_eval::batch::{self, Input, Options};
use perf_eval::emit::{self, Format, Shown};
use perf_eval::profile::Profile;
use perf_eval::source::Source;
use perf_eval::{audit, project};

fn main() {
    divan::main();
}

/// Files per in-memory sample: enough to average over the corpus's variety.
const FILES: usize = 200;

/// Both corpora: the clean one (one wrong row in twenty) and the findings-heavy one (tables
/// filled by local practice, several findings each), which exercises findings and rendering.
const KINDS: [Kind; 2] = [Kind::Clean, Kind::FindingsHeavy];

fn texts(kind: Kind) -> Vec<String> {
    corpus::corpus(FILES, 2022, kind)
        .map(|(_, text)| text)
        .collect()
}

/// The floor: parsing the files into TOML tables and nothing else.
#[divan::bench(args = KINDS)]
fn parse_only(bencher: divan::Bencher, kind: Kind) {
    let texts = texts(kind);
    bencher
        .counter(divan::counter::ItemsCount::new(FILES))
        .bench(|| {
            for text in &texts {
                divan::black_box(text.parse::<toml::Table>().unwrap());
            }
        });
}

fn sources(kind: Kind) -> Vec<Source> {
    texts(kind)
        .into_iter()
        .map(|text| Source::new("bench.toml", text))
        .collect()
}

/// Loading into the project model: parsing, spans, exact decimals, cell values.
#[divan::bench(args = KINDS)]
fn load(bencher: divan::Bencher, kind: Kind) {
    let sources = sources(kind);
    bencher
        .counter(divan::counter::ItemsCount::new(FILES))
        .bench(|| {
            for source in &sources {
                divan::black_box(project::load(source).unwrap());
            }
        });
}

/// Loading, scoring and auditing: everything `check` does but reading and printing.
#[divan::bench(args = KINDS)]
fn load_and_audit(bencher: divan::Bencher, kind: Kind) {
    let sources = sources(kind);
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

fn corpus_folder(count: usize, kind: Kind) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("perf-eval-bench-{kind:?}-{count}"));
    if !folder.join(format!("{:05}.toml", count - 1)).exists() {
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in corpus::corpus(count, 2022, kind) {
            std::fs::write(folder.join(name), text).unwrap();
        }
    }
    folder
}

/// Every output format, so that each can be set against the floor: `check` of 1,000 files of
/// each corpus on one thread, printed and thrown away.
const FORMATS: [Format; 7] = [
    Format::Human { color: false },
    Format::Concise,
    Format::Github,
    Format::Sarif,
    Format::Junit,
    Format::Json,
    Format::Jsonl,
];

/// The floor for [`check_1000_files_by_format`]: reading the same 1,000 files from disk and
/// parsing them into TOML tables, on one thread.
#[divan::bench(args = KINDS, sample_count = 5, sample_size = 1)]
fn parse_1000_files(bencher: divan::Bencher, kind: Kind) {
    let folder = corpus_folder(1_000, kind);
    bencher
        .counter(divan::counter::ItemsCount::new(1_000usize))
        .bench(|| {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                divan::black_box(text.parse::<toml::Table>().unwrap());
            }
        });
}

#[divan::bench(args = FORMATS, consts = [0, 1], sample_count = 5, sample_size = 1)]
fn check_1000_files_by_format<const HEAVY: usize>(bencher: divan::Bencher, format: Format) {
    let kind = KINDS[HEAVY];
    let folder = corpus_folder(1_000, kind);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let options = options();
    bencher
        .counter(divan::counter::ItemsCount::new(1_000usize))
        .bench(|| pool.install(|| check(&folder, &options, format)));
}

/// `check`'s options as the command line's defaults give them.
fn options() -> Options {
    Options {
        rules: None,
        codes: CodeFilter::default(),
        lang: perf_eval::lang::Lang::Zh,
    }
}

/// `check FOLDER --format FORMAT`, its output dropped.
fn check(folder: &std::path::Path, options: &Options, format: Format) -> io::Result<emit::Summary> {
    let shown = Shown {
        lang: options.lang,
        settings: None,
        deny_warnings: false,
        quiet: false,
        summary_all: false,
        explain: false,
    };
    batch::run(
        vec![Input::Path(folder.to_path_buf())],
        options,
        &mut emit::emitter(format, shown),
        &mut io::sink(),
        &mut (),
    )
}

/// The whole `check` of 10,000 files from disk, on one thread and on every core, of each corpus.
#[divan::bench(
    consts = [1, 0],
    args = KINDS,
    sample_count = 5,
    sample_size = 1
)]
fn check_10000_files<const THREADS: usize>(bencher: divan::Bencher, kind: Kind) {
    let folder = corpus_folder(10_000, kind);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .build()
        .unwrap();
    let options = options();
    bencher
        .counter(divan::counter::ItemsCount::new(10_000usize))
        .bench(|| pool.install(|| check(&folder, &options, Format::Human { color: false })));
}
