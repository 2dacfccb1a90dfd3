//! The HTTP layer in process: the page, its headers, and every refusal.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use super::*;

fn config() -> Config {
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        token: None,
        profile: None,
        lang: Lang::Zh,
        tables: 2,
        timeout: Duration::from_secs(30),
        max_body: source::DEFAULT_MAX_INPUT,
    }
}

const FIXTURE: &[u8] = include_bytes!("../../fixtures/2022.toml");

#[path = "../../tests/cli/common/loopback.rs"]
mod loopback;

/// A request posting the form of `files` to `path`.
fn form(path: &str, rules: &str, files: &[(&str, &[u8])]) -> Request<Body> {
    Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={}", loopback::BOUNDARY),
        )
        .body(Body::from(loopback::form(rules, files)))
        .unwrap()
}

/// Sends `request` to a server started with `config`; the status and the body as text.
async fn send(routes: Router, request: Request<Body>) -> (StatusCode, String) {
    let response = routes.oneshot(request).await.unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The `error` of a refusal.
fn said(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    value["error"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_page_lists_the_profiles_escaped_with_strict_headers() {
    let mut own = Profile::builtin("hubei").unwrap();
    own.name = "本局\"规则".to_string();
    own.title = "<script>alert(1)</script> & 益阳".to_string();
    let config = Config {
        profile: Some(own),
        ..config()
    };
    let response = router(config)
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let headers = response.headers().clone();
    assert_eq!(headers["content-security-policy"], page::CSP);
    assert!(page::CSP.starts_with("default-src 'none'"));
    assert!(page::CSP.contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    let html = String::from_utf8(
        to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    // The bureau's own profile comes first and is chosen; its words are text, never markup.
    let first = html.find("<option").unwrap();
    assert!(html[first..].starts_with(
        "<option value=\"本局&quot;规则\" selected>本局&quot;规则 — &lt;script&gt;alert(1)&lt;/script&gt; &amp; 益阳</option>"
    ));
    assert!(!html.contains("<script>alert"));
    assert_eq!(html.matches("<option").count(), profile::BUILTIN.len() + 1);
    assert!(html.contains("<option value=\"mof-2020\">mof-2020 — "));
    // Nothing from elsewhere.
    for outside in ["http://", "https://", "//cdn", "@import"] {
        assert!(!html.contains(outside), "{outside}");
        assert!(!page::asset_text(page::Asset::Script).contains(outside));
        assert!(!page::asset_text(page::Asset::Style).contains(outside));
    }
    assert!(html.contains("日志只记录文件个数和用时"));
}

#[tokio::test]
async fn the_page_is_in_english_with_lang_en() {
    let config = Config {
        lang: Lang::En,
        ..config()
    };
    let (status, html) = send(
        router(config),
        Request::get("/").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("the server stores no file"));
}

#[tokio::test]
async fn a_checked_table_is_the_json_check_prints() {
    let request = form("/api/check", "yiyang-2022", &[("2022.toml", FIXTURE)]);
    let (status, body) = send(router(config()), request).await;
    assert_eq!(status, StatusCode::OK);
    let document: serde_json::Value = serde_json::from_str(&body).unwrap();
    let file = &document["files"][0];
    assert_eq!(file["path"], "2022.toml");
    assert_eq!(file["total"]["score"], "96");
    assert_eq!(file["profile"]["name"], "yiyang-2022");
    assert_eq!(document["summary"]["errors"], 2);
    // Without a choice, the default profile, as `check` without --rules… but never the
    // table's own `rules`, which could name a file on the server.
    let table = b"schema = 1\n[project]\nname = \"P\"\nyear = 2022\nrules = \"/etc/passwd.toml\"\n";
    let (status, body) = send(
        router(config()),
        form("/api/check", "", &[("x.toml", table)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"status\": \"checked\""), "{body}");
    assert!(!body.contains("root:"), "{body}");
    assert!(body.contains("\"name\": \"mof-2020\""), "{body}");
}

#[tokio::test]
async fn refusals_are_worded_with_their_status() {
    let cases: Vec<(Config, Request<Body>, StatusCode, &str)> = vec![
        (
            config(),
            form("/api/check", "", &[]),
            StatusCode::BAD_REQUEST,
            "没有收到文件：请选择或拖入 .xlsx、.xls、.docx、.txt 或 .toml 文件",
        ),
        (
            config(),
            form("/api/check", "hunan", &[("a.toml", FIXTURE)]),
            StatusCode::BAD_REQUEST,
            "没有名为「hunan」的评分规则",
        ),
        (
            config(),
            form("/api/xlsx", "", &[("a.toml", FIXTURE), ("b.toml", FIXTURE)]),
            StatusCode::BAD_REQUEST,
            "自评表.xlsx 和自评报告草稿每次只能生成一张表，收到 2 个文件",
        ),
        (
            Config {
                max_body: 1 << 20,
                ..config()
            },
            form("/api/check", "", &[("big.toml", &vec![b'#'; 2 << 20])]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "上传内容超过 1 MiB（与命令行单个文件的上限相同），未读取；请分批上传",
        ),
        (
            config(),
            Request::post("/api/check").body(Body::from("x")).unwrap(),
            StatusCode::BAD_REQUEST,
            "上传内容无法读取（`Invalid `boundary` for `multipart/form-data` request`）；请刷新页面后重试",
        ),
        (
            config(),
            Request::get("/etc/passwd").body(Body::empty()).unwrap(),
            StatusCode::NOT_FOUND,
            "没有这个页面",
        ),
    ];
    for (config, request, status, message) in cases {
        let (got, body) = send(router(config), request).await;
        assert_eq!((got, said(&body).as_str()), (status, message));
    }
    let many: Vec<(String, &[u8])> = (0..=MAX_FILES)
        .map(|n| (format!("{n}.toml"), &b"schema = 1"[..]))
        .collect();
    let many: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let (status, body) = send(router(config()), form("/api/check", "", &many)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(said(&body), "一次最多上传 100 个文件；请分批上传");
}

#[tokio::test]
async fn a_shared_server_asks_for_its_token() {
    let config = || Config {
        token: Some("s3cret".to_string()),
        ..config()
    };
    let with = |token: Option<&str>| {
        let mut request = form("/api/check", "", &[("a.toml", FIXTURE)]);
        if let Some(token) = token {
            let value = HeaderValue::from_str(&format!("Bearer {token}")).unwrap();
            request.headers_mut().insert(header::AUTHORIZATION, value);
        }
        request
    };
    for wrong in [None, Some("s3cre"), Some("s3cret!"), Some("S3CRET")] {
        let (status, body) = send(router(config()), with(wrong)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{wrong:?}");
        assert!(said(&body).starts_with("需要访问口令"));
    }
    let (status, _) = send(router(config()), with(Some("s3cret"))).await;
    assert_eq!(status, StatusCode::OK);
    // The page itself holds nothing to protect, and says a token is needed.
    let (status, html) = send(
        router(config()),
        Request::get("/").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-needs-token=\"1\""));
}

#[tokio::test]
async fn a_full_server_answers_503_and_then_serves_again() {
    let shared = Arc::new(Shared::new(Config {
        tables: 2,
        timeout: Duration::from_millis(200),
        ..config()
    }));
    let held = shared.places.clone().try_acquire_many_owned(2).unwrap();
    let request = || form("/api/check", "", &[("a.toml", FIXTURE)]);
    let (status, body) = send(routes(shared.clone()), request()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        said(&body),
        "服务器正在复核其他表格，暂时没有空位；请稍候再试"
    );
    drop(held);
    let (status, _) = send(routes(shared), request()).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_check_past_the_time_limit_is_given_up_with_503() {
    let config = Config {
        timeout: Duration::ZERO,
        ..config()
    };
    let files: Vec<(&str, &[u8])> = (0..20).map(|_| ("a.toml", FIXTURE)).collect();
    let (status, body) = send(router(config), form("/api/check", "", &files)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        said(&body),
        "复核超过 0 秒仍未完成，已停止等待；请减少一次上传的文件数"
    );
}

#[tokio::test]
async fn downloads_are_the_files_the_commands_write() {
    let (status, xlsx) = {
        let response = router(config())
            .oneshot(form("/api/xlsx", "yiyang-2022", &[("2022.toml", FIXTURE)]))
            .await
            .unwrap();
        assert_eq!(
            response.headers()[header::CONTENT_DISPOSITION],
            "attachment; filename=\"download\"; filename*=UTF-8''%E8%87%AA%E8%AF%84%E8%A1%A8.xlsx"
        );
        let status = response.status();
        (
            status,
            to_bytes(response.into_body(), usize::MAX).await.unwrap(),
        )
    };
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    // An unusable table: the library's message, naming the file.
    let (status, body) = send(
        router(config()),
        form("/api/docx", "", &[("坏.toml", b"schema = ")]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(said(&body).starts_with("坏.toml:1:"), "{body}");
}

#[test]
fn an_upload_name_keeps_no_folder_and_no_control_character() {
    assert_eq!(upload_name("C:\\Users\\科员\\自评表.xlsx"), "自评表.xlsx");
    assert_eq!(upload_name("../../etc/passwd"), "passwd");
    assert_eq!(upload_name(""), "upload");
    assert!(!upload_name("a\u{202e}xslx.exe").contains('\u{202e}'));
    assert_eq!(upload_name(&"长".repeat(500)).chars().count(), 200);
}
