//! `perf-eval serve` in a real browser: headless Chromium driven through WebDriver
//! (chromedriver, spoken to as the W3C protocol's plain JSON over HTTP) uploads workbooks
//! through the page's file input, reads what the page shows, and downloads the pack.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::scratch;
use crate::serve::{desk, start};

/// A chromedriver with one headless Chromium session, ended when dropped.
struct Browser {
    driver: Child,
    session: String,
    base: String,
}

/// The WebDriver name of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    /// `None` when chromedriver is not installed and CI is not set; under CI a missing browser
    /// fails the test.
    fn start(downloads: &Path) -> Option<Browser> {
        if !crate::common::installed("chromedriver", "apt-get install chromium-driver") {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let profile = downloads.join("profile");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--disable-background-networking",
                         format!("--user-data-dir={}", profile.display())],
                "prefs": {"download.default_directory": downloads.display().to_string(),
                          "download.prompt_for_download": false}
            }
        }}});
        let deadline = Instant::now() + Duration::from_secs(20);
        let created = loop {
            match ureq::post(format!("{base}/session")).send_json(&capabilities) {
                Ok(mut response) => break response.body_mut().read_json::<Value>().unwrap(),
                Err(error) if Instant::now() < deadline => {
                    let _ = error;
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(error) => panic!("chromedriver: {error}"),
            }
        };
        let session = created["value"]["sessionId"].as_str().unwrap().to_string();
        Some(Browser {
            driver,
            session,
            base,
        })
    }

    fn call(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut response = ureq::post(&url)
            .send_json(&body)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        response.body_mut().read_json::<Value>().unwrap()["value"].take()
    }

    fn open(&self, url: &str) {
        self.call("/url", json!({ "url": url }));
    }

    fn run(&self, script: &str) -> Value {
        self.call("/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Chooses `files` in the page's file input, as an officer does.
    fn choose(&self, files: &[&Path]) {
        let input = self.call(
            "/element",
            json!({"using": "css selector", "value": "#files"}),
        );
        let id = input[ELEMENT].as_str().unwrap_or_else(|| panic!("{input}"));
        let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        self.call(
            &format!("/element/{id}/value"),
            json!({ "text": paths.join("\n") }),
        );
    }

    /// Waits until `script` returns something other than null.
    fn wait_for(&self, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let value = self.run(script);
            if !value.is_null() {
                return value;
            }
            let shown = self.run("return document.body.innerText;");
            assert!(
                Instant::now() < deadline,
                "waited for {script}; the page: {shown}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let url = format!("{}/session/{}", self.base, self.session);
        let _ = ureq::delete(&url).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// What the page shows once checked: the status line, then per table its title, computed
/// total and findings (severity, place, message).
const READ: &str = r#"
const status = document.getElementById("status").textContent;
if (!status.startsWith("共")) return null;
return {
  status,
  tables: Array.from(document.querySelectorAll("section.table")).map((s) => ({
    title: s.querySelector("h2").textContent,
    total: (s.querySelector(".total-computed") || {}).textContent || null,
    findings: Array.from(s.querySelectorAll(".finding")).map((f) =>
      Array.from(f.querySelectorAll("span")).slice(0, 3).map((x) => x.textContent)),
  })),
};"#;

#[test]
fn an_officer_uploads_a_workbook_and_reads_findings_and_total() {
    let dir = scratch("browser-one");
    desk(&dir);
    let server = start(&[]);
    let Some(browser) = Browser::start(&dir) else {
        return;
    };
    browser.open(&server.url("/#"));
    // yiyang-2022 is the rule set the 2022 report was scored under.
    browser.run(r#"document.getElementById("rules").value = "yiyang-2022";"#);
    browser.choose(&[&dir.join("益阳自评表.xlsx")]);
    let page = browser.wait_for(READ);
    assert_eq!(
        page["status"],
        "共 1 张表：2 处错误，2 处警告，0 个无法使用"
    );
    let table = &page["tables"][0];
    assert_eq!(
        table["title"],
        "益阳自评表.xlsx（2022年度项目支出绩效自评表）"
    );
    assert_eq!(table["total"], "96");
    let findings = table["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4);
    assert_eq!(
        findings[1],
        json!([
            "错误",
            "2022年度项目支出绩效自评表!B12",
            "产出指标表头标明 50 分，但其下各指标分值合计为 55"
        ])
    );
}

#[test]
fn an_officer_uploads_several_files_and_downloads_the_pack() {
    let dir = scratch("browser-many");
    desk(&dir);
    let server = start(&[]);
    let downloads = dir.join("下载");
    std::fs::create_dir_all(&downloads).unwrap();
    let Some(browser) = Browser::start(&downloads) else {
        return;
    };
    browser.open(&server.url("/"));
    let files = [
        "益阳自评表.xlsx",
        "yiyang-2022.txt",
        "clean.toml",
        "syntax.toml",
    ];
    let paths: Vec<_> = files.iter().map(|f| dir.join(f)).collect();
    let paths: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    browser.choose(&paths);
    let page = browser.wait_for(READ);
    let titles: Vec<&str> = page["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "益阳自评表.xlsx（2022年度项目支出绩效自评表）",
            "yiyang-2022.txt（文本）",
            "clean.toml",
            "syntax.toml"
        ]
    );
    assert!(
        page["status"].as_str().unwrap().ends_with("1 个无法使用"),
        "{page}"
    );
    assert_eq!(page["tables"][2]["findings"], json!([]));
    browser.run(r##"document.querySelector("#downloads button").click();"##);
    let pack = downloads.join("审核报告.html");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !pack.exists() {
        assert!(Instant::now() < deadline, "no download in {downloads:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let html = std::fs::read_to_string(&pack).unwrap();
    assert!(html.contains("益阳市新型智慧城市提升工程项目"));
    assert!(html.contains("syntax.toml"));
}

/// A file past the server's limit is refused on the page, in the server's words, before any of
/// it is sent; a request that gets no answer is said to be one.
#[test]
fn the_page_refuses_a_file_past_the_limit_and_says_when_no_answer_came() {
    let dir = scratch("browser-large");
    let large = dir.join("附件扫描件.xlsx");
    std::fs::write(&large, vec![b'#'; 2 << 20]).unwrap();
    let server = start(&["--max-input-mib", "1"]);
    let Some(browser) = Browser::start(&dir) else {
        return;
    };
    browser.open(&server.url("/"));
    browser.choose(&[&large]);
    let said = browser.wait_for(
        r#"const s = document.getElementById("status");
           return s.className === "refused" ? s.textContent : null;"#,
    );
    assert_eq!(
        said,
        "上传内容超过 1 MiB（与命令行单个文件的上限相同），未读取；请分批上传"
    );
    assert_eq!(server.log(), "", "nothing was sent");
    // With the server gone, the page says that no answer came, not the browser's own words.
    drop(server);
    let small = dir.join("自评表.toml");
    std::fs::write(&small, "schema = 1\n").unwrap();
    // The file input keeps what was chosen before (WebDriver adds to it): emptied first.
    browser.run(r#"document.getElementById("files").value = "";"#);
    browser.choose(&[&small]);
    let said = browser.wait_for(
        r#"const s = document.getElementById("status");
           return s.textContent.startsWith("没有收到") ? s.textContent : null;"#,
    );
    assert_eq!(
        said,
        "没有收到复核服务器的答复：服务器无法连接，或上传被中断；请检查网络后重试"
    );
}
