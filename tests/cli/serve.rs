//! `perf-eval serve` as a bureau runs it: the real binary on a loopback port, answering what
//! `perf-eval check` prints for the same files, refusing hostile uploads while it keeps
//! serving, under load, and driven by a real browser.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::loopback::{BOUNDARY, Server, form};
use crate::common::{perf_eval, scratch};

/// `perf-eval serve` started with `args`.
pub fn start(args: &[&str]) -> Server {
    Server::start(env!("CARGO_BIN_EXE_perf-eval"), args)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// Posts a form of `files` (name, bytes) and the profile `rules`; the status and body.
pub fn post(url: &str, rules: &str, files: &[(String, Vec<u8>)]) -> (u16, Vec<u8>) {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let body = form(rules, &files);
    let mut response = agent()
        .post(url)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .send(&body[..])
        .unwrap();
    let status = response.status().as_u16();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_vec()
        .unwrap();
    (status, bytes)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Tables in the shapes bureaus receive: the official form as a workbook (merged cells, notes
/// rows), an .xls, a pasted text table, a project file, a file with findings, a broken file.
pub fn desk(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let workbook = dir.join("益阳自评表.xlsx");
    let output = perf_eval()
        .args(["score", "fixtures/2022.toml", "--output"])
        .arg(&workbook)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let mut files = vec![(
        "益阳自评表.xlsx".to_string(),
        std::fs::read(&workbook).unwrap(),
    )];
    for path in [
        "tests/data/import/seed-template.xls",
        "tests/data/import/yiyang-2022.txt",
        "fixtures/2022.toml",
        "tests/data/findings/budget-adjusted.toml",
        "tests/data/findings/clean.toml",
        "tests/data/bad/syntax.toml",
        "tests/data/import/fuzzed-ole-header.xls",
    ] {
        let path = root().join(path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name, std::fs::read(&path).unwrap()));
    }
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    files
}

/// What `perf-eval check --format json --rules RULES` prints for `names` in `dir`.
pub fn cli_json(dir: &Path, rules: &str, names: &[&str]) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_perf-eval"))
        .current_dir(dir)
        .args(["check", "--format", "json", "--rules", rules])
        .args(names)
        .output()
        .unwrap();
    assert!(output.stdout.starts_with(b"{"), "{output:?}");
    output.stdout
}

#[test]
fn the_page_answers_what_check_prints_byte_for_byte() {
    let dir = scratch("serve-same");
    let files = desk(&dir);
    let server = start(&[]);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for rules in ["mof-2020", "yiyang-2022"] {
        let (status, body) = post(&server.url("/api/check"), rules, &files);
        assert_eq!(status, 200);
        assert_eq!(
            String::from_utf8(body).unwrap(),
            String::from_utf8(cli_json(&dir, rules, &names)).unwrap(),
            "{rules}"
        );
    }
    // The workbook's findings are placed at its cells, as check places them.
    let (_, body) = post(&server.url("/api/check"), "yiyang-2022", &files[..1]);
    let document: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let findings = document["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4);
    assert_eq!(findings[0]["cell"], "D5");
    assert!(
        findings
            .iter()
            .all(|f| f["sheet"] == "2022年度项目支出绩效自评表" && f.get("line").is_none()),
        "{findings:?}"
    );
    assert_eq!(document["files"][0]["total"]["score"], "96");
}

#[test]
fn the_downloads_are_what_the_commands_write() {
    let dir = scratch("serve-downloads");
    let files = desk(&dir);
    let server = start(&[]);
    let one = &files[3..4];
    assert_eq!(one[0].0, "2022.toml");
    let (status, xlsx) = post(&server.url("/api/xlsx"), "yiyang-2022", one);
    assert_eq!(status, 200);
    let written = dir.join("written.xlsx");
    let output = perf_eval()
        .args([
            "score",
            "fixtures/2022.toml",
            "--rules",
            "yiyang-2022",
            "--output",
        ])
        .arg(&written)
        .output()
        .unwrap();
    assert!(output.status.success());
    // The same workbook but for the file name inside it: compare the cells.
    let cells = |bytes: Vec<u8>| {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&sheet).unwrap();
        range.rows().map(|r| format!("{r:?}")).collect::<Vec<_>>()
    };
    assert_eq!(cells(xlsx), cells(std::fs::read(&written).unwrap()));
    let (status, docx) = post(&server.url("/api/docx"), "yiyang-2022", one);
    assert_eq!(status, 200);
    assert!(docx.starts_with(b"PK\x03\x04"));
    let (status, pack) = post(&server.url("/api/pack"), "mof-2020", &files);
    assert_eq!(status, 200);
    let pack = String::from_utf8(pack).unwrap();
    assert!(pack.starts_with("<!DOCTYPE html>"), "{}", &pack[..100]);
    assert!(pack.contains("益阳市新型智慧城市提升工程项目"));
    let (status, summary) = post(&server.url("/api/summary"), "mof-2020", &files);
    assert_eq!(status, 200);
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(summary)).unwrap();
    let sheet = book.sheet_names()[0].clone();
    // A header row, then a row per table (the workbook, .xls and text hold one each).
    assert_eq!(
        book.worksheet_range(&sheet).unwrap().height(),
        files.len() + 1
    );
}

/// An .xlsx whose sheet unpacks to far more than any table: a few kilobytes on the wire.
fn zip_bomb() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..300 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// Uploads made to hurt a server, each a file the page must answer as unusable, naming it: a zip
/// bomb, an .xls whose dimensions claim 2³² rows, one whose sector chain loops, and one that makes
/// the workbook reader panic.
fn hostile_uploads() -> Vec<(String, Vec<u8>)> {
    let data = |path: &str| std::fs::read(root().join("tests/data/import").join(path)).unwrap();
    vec![
        ("炸弹.xlsx".to_string(), zip_bomb()),
        (
            "超大尺寸.xls".to_string(),
            data("hostile-xls/huge-dimensions.xls"),
        ),
        ("循环.xls".to_string(), data("fuzzed-ole-loop.xls")),
        (
            "读取器崩溃.xls".to_string(),
            data("hostile-xls/name-record-too-short.xls"),
        ),
    ]
}

/// Asserts that `body` answers each of `hostile` as unusable, with a message naming it.
fn assert_refused(body: &[u8], hostile: &[(String, Vec<u8>)]) {
    let document: serde_json::Value = serde_json::from_slice(body).unwrap();
    let files = document["files"].as_array().unwrap();
    assert_eq!(files.len(), hostile.len(), "{document}");
    for (file, (name, _)) in files.iter().zip(hostile) {
        assert_eq!(file["status"], "unusable", "{file}");
        let message = file["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(name.as_str()), "{message}");
    }
}

#[test]
fn hostile_uploads_are_refused_clearly_and_the_server_keeps_serving() {
    let dir = scratch("serve-hostile");
    let files = desk(&dir);
    let server = start(&["--max-input-mib", "4"]);
    let check = server.url("/api/check");
    let good = || post(&check, "yiyang-2022", &files[3..4]);
    let bomb = zip_bomb();
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let hostile = hostile_uploads();
    let (status, body) = post(&check, "", &hostile);
    assert_eq!(status, 200);
    assert_refused(&body, &hostile);
    // The reader's panic is answered as a damaged file, and nothing of it reaches the log.
    let document: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        document["files"][3]["error"]["message"],
        "读取器崩溃.xls: 无法读取：文件格式有误"
    );
    assert_eq!(good().0, 200);
    // Larger than the limit (4 MiB here, as --max-input-mib sets it for the command line).
    let (status, body) = post(&check, "", &[("大.toml".to_string(), vec![b'#'; 5 << 20])]);
    assert_eq!(status, 413);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["error"],
        "上传内容超过 4 MiB（与命令行单个文件的上限相同），未读取；请分批上传"
    );
    let many: Vec<(String, Vec<u8>)> = (0..101)
        .map(|n| (format!("{n}.toml"), b"schema = 1".to_vec()))
        .collect();
    assert_eq!(post(&check, "", &many).0, 413);
    // A connection cut off halfway through its upload.
    let mut stream = std::net::TcpStream::connect(&server.address).unwrap();
    write!(
        stream,
        "POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n"
    )
    .unwrap();
    drop(stream);
    let (status, body) = good();
    assert_eq!(status, 200);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("\"score\": \"96\"")
    );
    assert_logs_only_counts_and_timings(&server.log_with("状态 200"), &hostile);
}

/// An upload past the limit, sent as a browser sends it (its length first, then the body), is
/// read to its end and then refused with its reason: answered halfway, the client would find
/// the connection reset under it and never read why.
#[test]
fn an_upload_past_the_limit_is_read_to_its_end_then_refused() {
    use std::io::Read;
    let server = start(&["--max-input-mib", "4"]);
    let body = crate::common::loopback::form("", &[("大.xlsx", &vec![b'#'; 7 << 20][..])]);
    let mut stream = std::net::TcpStream::connect(&server.address).unwrap();
    write!(
        stream,
        "POST /api/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    for chunk in body.chunks(64 << 10) {
        stream.write_all(chunk).unwrap();
    }
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8(answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer}");
    assert!(
        answer.ends_with(
            "{\"error\":\"上传内容超过 4 MiB（与命令行单个文件的上限相同），未读取；请分批上传\"}"
        ),
        "{answer}"
    );
    let log = server.log_with("状态 413");
    assert!(log.contains("POST /api/check：0 个文件，"), "{log}");
    assert!(log.contains("状态 413"), "{log}");
}

/// The log holds a line per request with its counts and timing — never a panic, nor the name
/// of a file uploaded.
fn assert_logs_only_counts_and_timings(log: &str, uploaded: &[(String, Vec<u8>)]) {
    assert!(!log.is_empty());
    for line in log.lines() {
        assert!(line.starts_with("POST /api/check："), "{log}");
        assert!(!line.contains("panic"), "{log}");
        for (name, _) in uploaded {
            assert!(!line.contains(name.as_str()), "{log}");
        }
    }
}

/// Many officers at once, and among them uploads made to hurt the server: every answer is the
/// one `check` gives, every hostile upload is refused, none is lost, within a time and a memory
/// bound.
#[test]
fn under_load_every_answer_is_right_and_memory_stays_bounded() {
    let dir = scratch("serve-load");
    let files = desk(&dir);
    let server = start(&["--tables", "2", "--max-input-mib", "4"]);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    // Each client sends a different mix: one file, or a few.
    let mixes: Vec<Vec<usize>> = (0..files.len())
        .map(|i| vec![i])
        .chain([vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![0, 3, 7]])
        .collect();
    let expected: Vec<Vec<u8>> = mixes
        .iter()
        .map(|mix| {
            let chosen: Vec<&str> = mix.iter().map(|&i| names[i]).collect();
            cli_json(&dir, "mof-2020", &chosen)
        })
        .collect();
    let hostile = hostile_uploads();
    let oversized = vec![("大.toml".to_string(), vec![b'#'; 5 << 20])];
    const CLIENTS: usize = 16;
    const HOSTILE_CLIENTS: usize = 4;
    const ROUNDS: usize = 6;
    let start = Instant::now();
    let answered: usize = std::thread::scope(|scope| {
        let officers = (0..CLIENTS).map(|client| {
            let (files, mixes, expected, url) =
                (&files, &mixes, &expected, server.url("/api/check"));
            scope.spawn(move || {
                for round in 0..ROUNDS {
                    let which = (client + round * 5) % mixes.len();
                    let upload: Vec<(String, Vec<u8>)> =
                        mixes[which].iter().map(|&i| files[i].clone()).collect();
                    let (status, body) = post(&url, "mof-2020", &upload);
                    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                    assert!(body == expected[which], "client {client} round {round}");
                }
                ROUNDS
            })
        });
        // Each hostile client sends, in turn, one hostile file, then one too large to read.
        let attackers = (0..HOSTILE_CLIENTS).map(|client| {
            let (hostile, oversized, url) = (&hostile, &oversized, server.url("/api/check"));
            scope.spawn(move || {
                for round in 0..ROUNDS {
                    if round % 2 == 1 {
                        assert_eq!(post(&url, "", oversized).0, 413, "client {client}");
                        continue;
                    }
                    let one = &hostile[(client + round) % hostile.len()..][..1];
                    let (status, body) = post(&url, "", one);
                    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                    assert_refused(&body, one);
                }
                ROUNDS
            })
        });
        let handles: Vec<_> = officers.chain(attackers).collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let elapsed = start.elapsed();
    assert_eq!(answered, (CLIENTS + HOSTILE_CLIENTS) * ROUNDS);
    assert!(elapsed < Duration::from_secs(90), "{elapsed:?}");
    if let Some(peak) = server.peak_mib() {
        assert!(peak < 400, "peak {peak} MiB");
    }
}

/// The READMEs' way to the page, run as written: the example workbook made by the command they
/// show, checked by the page under the profile they name, gives the total, counts and first
/// error they say it gives.
#[test]
fn the_readme_s_way_to_the_page_runs_as_written() {
    for (file, heading) in [
        ("README.md", "## 复核网页"),
        ("README.en.md", "## The checking page"),
    ] {
        let readme = std::fs::read_to_string(root().join(file)).unwrap();
        let section = readme
            .split(heading)
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .unwrap_or_else(|| panic!("{file} has a {heading} section"));
        let block = section
            .split("```sh\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .unwrap_or_else(|| panic!("{file}: the page's section has a sh block"));
        let commands: Vec<&str> = block
            .lines()
            .map(|line| line.split("  #").next().unwrap().trim())
            .collect();
        assert_eq!(
            commands,
            [
                "cargo install --locked --path .",
                "perf-eval score fixtures/2022.toml --output 例子.xlsx",
                "perf-eval serve",
            ],
            "{file}"
        );
        // Run in a folder of its own that holds the example, as this folder does.
        let dir = scratch("serve-readme");
        std::fs::create_dir_all(dir.join("fixtures")).unwrap();
        std::fs::copy(
            root().join("fixtures/2022.toml"),
            dir.join("fixtures/2022.toml"),
        )
        .unwrap();
        let args = commands[1].strip_prefix("perf-eval ").unwrap();
        let output = perf_eval()
            .current_dir(&dir)
            .args(args.split_whitespace())
            .output()
            .unwrap();
        assert!(output.status.success(), "{file}: {output:?}");
        let workbook = dir.join("例子.xlsx");
        let server = start(&[]);
        let upload = [("例子.xlsx".to_string(), std::fs::read(&workbook).unwrap())];
        let (status, body) = post(&server.url("/api/check"), "yiyang-2022", &upload);
        assert_eq!(status, 200);
        let document: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let table = &document["files"][0];
        assert_eq!(table["total"]["score"], "96", "{table}");
        assert_eq!(document["summary"]["errors"], 2);
        assert_eq!(document["summary"]["warnings"], 2);
        let first_error = table["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["severity"] == "error")
            .unwrap();
        let place = format!("`{}!{}`", first_error["sheet"], first_error["cell"]).replace('"', "");
        assert_eq!(place, "`2022年度项目支出绩效自评表!B12`");
        assert!(section.contains(&place), "{file}");
        assert!(
            section.contains("yiyang-2022") && section.contains("96"),
            "{file}"
        );
        if file == "README.md" {
            let message = first_error["message"].as_str().unwrap();
            assert!(section.contains(message), "{message}");
        }
    }
}
