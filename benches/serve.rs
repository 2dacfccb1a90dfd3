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

/// A form of `count` copies of the 2022 table, as the page sends it.
fn body(count: usize) -> Vec<u8> {
    let table = include_bytes!("../fixtures/2022.toml");
    let files = vec![("2022.toml", &table[..]); count];
    loopback::form("", &files)
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn check_over_http(bencher: divan::Bencher, tables: usize) {
    let server = loopback::Server::start(env!("CARGO_BIN_EXE_perf-eval"), &[]);
    let url = server.url("/api/check");
    let body = body(tables);
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
        eprintln!("{tables} tables per request: server peak {peak} MiB");
    }
}
