//! `perf-eval serve` over loopback: tables checked per second through the page's interface,
//! and the server's peak memory. Run with `cargo bench --bench serve`; docs/performance.md
//! has the numbers.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

fn main() {
    divan::main();
}

/// Tables per request: one officer's table, a unit's hand-in, a bureau's batch.
const SIZES: [usize; 3] = [1, 10, 100];

/// The release server on a free loopback port; its address.
fn start() -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_perf-eval"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let address = line.split("http://").nth(1).unwrap();
    let address = address.split('/').next().unwrap().to_string();
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    (child, address)
}

/// A form of `count` copies of the 2022 table, as the page sends it.
fn form(count: usize) -> Vec<u8> {
    let table = include_str!("../fixtures/2022.toml");
    let part = format!(
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"2022.toml\"\r\n\r\n{table}\r\n"
    );
    let mut body = part.repeat(count);
    body.push_str("--b--\r\n");
    body.into_bytes()
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn check_over_http(bencher: divan::Bencher, tables: usize) {
    let (mut server, address) = start();
    let url = format!("http://{address}/api/check");
    let body = form(tables);
    bencher
        .counter(divan::counter::ItemsCount::new(tables))
        .bench(|| {
            let mut response = ureq::post(&url)
                .header("Content-Type", "multipart/form-data; boundary=b")
                .send(&body[..])
                .unwrap();
            divan::black_box(response.body_mut().read_to_vec().unwrap());
        });
    // Linux reports the most memory the server held.
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.id()));
    if let Some(peak) = status.ok().and_then(|s| {
        s.lines()
            .find(|l| l.starts_with("VmHWM:"))
            .map(str::to_string)
    }) {
        eprintln!("{tables} tables per request: server peak {peak}");
    }
    let _ = server.kill();
    let _ = server.wait();
}
