//! `perf-eval serve` over loopback: tables checked per second through the page's interface,
//! and the server's peak memory. Run with `cargo bench --bench serve`; docs/performance.md
//! has the numbers.

#[path = "../tests/cli/common/loopback.rs"]
mod loopback;

fn main() {
    divan::main();
}

/// Tables per request: one officer's table, a unit's hand-in, a bureau's batch.
const SIZES: [usize; 3] = [1, 10, 100];

/// The 2022 table as officers hold it: the project file, and the Excel workbook `score
/// --output` writes from it (merged cells, notes rows), read the way a received one is.
fn table(workbook: bool) -> (&'static str, Vec<u8>) {
    let toml = include_bytes!("../fixtures/2022.toml");
    if !workbook {
        return ("2022.toml", toml.to_vec());
    }
    let path = std::env::temp_dir().join(format!("perf-eval-bench-{}.xlsx", std::process::id()));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_perf-eval"))
        .args(["score", "fixtures/2022.toml", "--output"])
        .arg(&path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    ("2022.xlsx", bytes)
}

/// Posts forms of `tables` copies of the 2022 table (as a workbook or a project file), as the
/// page sends them, and reports the server's peak memory.
fn check_over_http(bencher: divan::Bencher, tables: usize, workbook: bool) {
    let server = loopback::Server::start(env!("CARGO_BIN_EXE_perf-eval"), &[]);
    let url = server.url("/api/check");
    let (name, bytes) = table(workbook);
    let files = vec![(name, &bytes[..]); tables];
    let body = loopback::form("", &files);
    bencher
        .counter(divan::counter::ItemsCount::new(tables))
        .bench(|| {
            let mut response = ureq::post(&url)
                .header(
                    "Content-Type",
                    format!("multipart/form-data; boundary={}", loopback::BOUNDARY),
                )
                .send(&body[..])
                .unwrap();
            divan::black_box(response.body_mut().read_to_vec().unwrap());
        });
    if let Some(peak) = server.peak_mib() {
        eprintln!("{tables} {name} per request: server peak {peak} MiB");
    }
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn project_files(bencher: divan::Bencher, tables: usize) {
    check_over_http(bencher, tables, false);
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn workbooks(bencher: divan::Bencher, tables: usize) {
    check_over_http(bencher, tables, true);
}
