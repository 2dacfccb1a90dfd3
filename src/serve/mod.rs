//! `perf-eval serve`: the checking page for a bureau's intranet. An officer drops the tables
//! they have; each is checked by the library exactly as `perf-eval check` checks it
//! ([`engine`]), in memory, and dropped once answered.
//!
//! Bounded on a shared network: the request body (the command line's limit for one input),
//! the files per request, the tables in work at once (a semaphore; a request that finds no
//! place in time gets 503), and the time per request. The CPU work runs on blocking threads,
//! so that the server keeps answering while tables are checked.

mod engine;
mod page;
#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Semaphore;
use tower_http::set_header::SetResponseHeaderLayer;

use perf_eval::error::Error;
use perf_eval::messages::serve::{Log, Refusal};
use perf_eval::pack;
use perf_eval::profile::{self, Profile};
use perf_eval::render::Lang;
use perf_eval::source;

use engine::Upload;

/// The most files one request may carry: a unit's tables for a year, with room to spare.
pub const MAX_FILES: usize = 100;

/// How the server was started.
pub struct Config {
    pub listen: SocketAddr,
    /// Every request to `/api/` must carry it (`Authorization: Bearer …`) when set.
    pub token: Option<String>,
    /// The bureau's own profile, offered first and used when none is chosen.
    pub profile: Option<Profile>,
    pub lang: Lang,
    /// Tables checked at once.
    pub tables: usize,
    /// The longest a request may take, waiting for a place included.
    pub timeout: Duration,
    /// The largest request body: the command line's limit for one input.
    pub max_body: u64,
}

/// What every request shares.
struct Shared {
    config: Config,
    places: Arc<Semaphore>,
    page: String,
}

type Server = Arc<Shared>;

/// Starts the server and answers until the process is stopped.
pub fn run(config: Config) -> Result<ExitCode, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|source| listen_error(&config, source))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| listen_error(&config, source))?;
        let address = listener
            .local_addr()
            .map_err(|source| listen_error(&config, source))?;
        let log = Log::Listening {
            address: address.to_string(),
            token: config.token.is_some(),
        };
        eprintln!("{}", log.text(config.lang));
        axum::serve(listener, router(config))
            .await
            .map_err(|source| Error::Read {
                path: address.to_string(),
                source,
            })
    })?;
    Ok(ExitCode::SUCCESS)
}

fn listen_error(config: &Config, source: std::io::Error) -> Error {
    Error::Read {
        path: config.listen.to_string(),
        source,
    }
}

impl Shared {
    fn new(config: Config) -> Shared {
        Shared {
            page: page::html(&config),
            places: Arc::new(Semaphore::new(config.tables.max(1))),
            config,
        }
    }
}

/// The server's routes, with its limits and headers.
fn router(config: Config) -> Router {
    routes(Arc::new(Shared::new(config)))
}

fn routes(shared: Server) -> Router {
    let limit = usize::try_from(shared.config.max_body).unwrap_or(usize::MAX);
    let api = Router::new()
        .route("/check", post(check))
        .route("/xlsx", post(score_xlsx))
        .route("/docx", post(report_docx))
        .route("/pack", post(audit_pack))
        .route("/summary", post(summary_xlsx))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            refuse_too_large,
        ))
        .layer(middleware::from_fn_with_state(shared.clone(), authorize))
        // Room for the form around the files.
        .layer(DefaultBodyLimit::max(limit.saturating_add(FORM_ROOM)));
    Router::new()
        .route("/", get(index))
        .route(
            "/app.js",
            get(|| async { page::asset(page::Asset::Script) }),
        )
        .route(
            "/app.css",
            get(|| async { page::asset(page::Asset::Style) }),
        )
        .nest("/api", api)
        .fallback(not_found)
        .with_state(shared)
        .layer(header(header::CONTENT_SECURITY_POLICY, page::CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::CACHE_CONTROL, "no-store"))
}

/// The multipart form's own bytes around the files: boundaries, headers, the profile's name.
const FORM_ROOM: usize = 64 << 10;

fn header(name: header::HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

async fn index(State(shared): State<Server>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        shared.page.clone(),
    )
        .into_response()
}

async fn not_found(State(shared): State<Server>) -> Response {
    refuse(&Refusal::NotFound, shared.config.lang)
}

/// A refusal as the page shows it: its status, and `{"error": "…"}`.
fn refuse(refusal: &Refusal, lang: Lang) -> Response {
    let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::json!({ "error": refusal.text(lang) });
    (status, axum::Json(body)).into_response()
}

/// An input the library could not use (a download for an unusable table): its message, as
/// the command line prints it.
fn unusable(error: &Error, lang: Lang) -> Response {
    let body = serde_json::json!({ "error": error.text(lang) });
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
}

/// Refuses an `/api/` request without the server's token; compared in constant time, so that
/// timing tells nothing of it.
async fn authorize(State(shared): State<Server>, request: Request, next: Next) -> Response {
    let Some(token) = &shared.config.token else {
        return next.run(request).await;
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    if same(given.as_bytes(), token.as_bytes()) {
        next.run(request).await
    } else {
        refuse(&Refusal::Unauthorized, shared.config.lang)
    }
}

/// Refuses a request that says it is larger than the limit (its `Content-Length`, as browsers
/// send it) before reading any of it as a form — but only once it has been read to its end,
/// when it is at most twice the limit, within the time limit. Answered while it is still
/// uploading, the client would find the connection reset under it and never read why.
async fn refuse_too_large(State(shared): State<Server>, request: Request, next: Next) -> Response {
    let limit = shared.config.max_body.saturating_add(FORM_ROOM as u64);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let Some(declared) = declared.filter(|&declared| declared > limit) else {
        return next.run(request).await;
    };
    let start = Instant::now();
    // Under `/api`, which the nested routes see without.
    let what = format!("{} /api{}", request.method(), request.uri().path());
    if declared <= limit.saturating_mul(2) {
        let mut body = request.into_body();
        let drained = async {
            while let Some(Ok(_)) =
                std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
            {
            }
        };
        let _ = tokio::time::timeout(shared.config.timeout, drained).await;
    }
    let refusal = Refusal::TooLarge {
        mb: shared.config.max_body >> 20,
    };
    let response = refuse(&refusal, shared.config.lang);
    let log = Log::Answered {
        what,
        files: 0,
        millis: start.elapsed().as_millis(),
        status: response.status().as_u16(),
    };
    eprintln!("{}", log.text(shared.config.lang));
    response
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A request's form, or why it is not one.
type Form = Result<Multipart, MultipartRejection>;

/// What a request asked for: its files and the profile chosen.
struct Asked {
    files: Vec<Upload>,
    profile: Profile,
}

/// Reads the form: `file` parts (at most [`MAX_FILES`]) and an optional `rules` part naming a
/// built-in profile or the server's own.
async fn read_form(shared: &Shared, form: Form) -> Result<Asked, Refusal> {
    let mut form = form.map_err(|rejection| Refusal::BadUpload {
        why: rejection.body_text(),
    })?;
    let mut files = Vec::new();
    let mut rules = String::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Err(form_error(shared, &error)),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(upload_name);
        let bytes = field
            .bytes()
            .await
            .map_err(|error| form_error(shared, &error))?;
        match (name.as_str(), file_name) {
            ("file", Some(file_name)) => {
                if files.len() == MAX_FILES {
                    return Err(Refusal::TooManyFiles { max: MAX_FILES });
                }
                files.push(Upload {
                    name: file_name,
                    bytes: bytes.to_vec(),
                });
            }
            ("rules", None) => rules = String::from_utf8_lossy(&bytes).trim().to_string(),
            _ => {}
        }
    }
    if files.is_empty() {
        return Err(Refusal::NoFiles);
    }
    let profile = chosen(shared, &rules)?;
    Ok(Asked { files, profile })
}

fn form_error(shared: &Shared, error: &axum::extract::multipart::MultipartError) -> Refusal {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal::TooLarge {
            mb: shared.config.max_body >> 20,
        }
    } else {
        Refusal::BadUpload {
            why: error.body_text(),
        }
    }
}

/// The profile a request names: the server's own, a built-in one, or (none named) the
/// server's own or the default.
fn chosen(shared: &Shared, name: &str) -> Result<Profile, Refusal> {
    let own = shared.config.profile.as_ref();
    if let Some(own) = own.filter(|own| name.is_empty() || own.name == name) {
        return Ok(own.clone());
    }
    let name = if name.is_empty() {
        profile::DEFAULT_PROFILE
    } else {
        name
    };
    Profile::builtin(name).ok_or_else(|| Refusal::UnknownProfile {
        name: source::printable(name).into_owned(),
    })
}

/// A file's name as the browser sent it, without any folder, control character or bidi
/// override, and not too long to show.
fn upload_name(sent: &str) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = source::printable(base).chars().take(200).collect();
    if name.trim().is_empty() {
        "upload".to_string()
    } else {
        name
    }
}

/// Reads the request, takes a place for each of its tables (up to every place), and runs
/// `work` on a blocking thread within the time limit; logs counts and timings only.
async fn answer(
    shared: Server,
    what: &'static str,
    form: Form,
    work: impl FnOnce(Asked, Lang) -> Result<Response, Error> + Send + 'static,
) -> Response {
    let start = Instant::now();
    let lang = shared.config.lang;
    let mut files = 0;
    let response = async {
        let asked = read_form(&shared, form).await?;
        files = asked.files.len();
        let deadline = tokio::time::Instant::now() + shared.config.timeout;
        let wanted = u32::try_from(files.min(shared.config.tables.max(1))).unwrap_or(1);
        let places = shared.places.clone().acquire_many_owned(wanted);
        let permit = tokio::time::timeout_at(deadline, places).await;
        let Ok(Ok(permit)) = permit else {
            return Err(Refusal::Busy);
        };
        let task = tokio::task::spawn_blocking(move || {
            // The place is held until the work ends, even when the answer is given up on.
            let _permit = permit;
            work(asked, lang)
        });
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(Ok(response))) => Ok(response),
            Ok(Ok(Err(error))) => Ok(unusable(&error, lang)),
            // A panic outside the batch runner's own guard: answered, never a dropped connection.
            Ok(Err(_)) => Ok(unusable(&internal(), lang)),
            Err(_) => Err(Refusal::TimedOut {
                seconds: shared.config.timeout.as_secs(),
            }),
        }
    }
    .await;
    let response = response.unwrap_or_else(|refusal| refuse(&refusal, lang));
    let log = Log::Answered {
        what: what.to_string(),
        files,
        millis: start.elapsed().as_millis(),
        status: response.status().as_u16(),
    };
    eprintln!("{}", log.text(lang));
    response
}

fn internal() -> Error {
    Error::usage(perf_eval::messages::Problem::Internal {
        cause: "serve".to_string(),
    })
}

/// Bytes to download as `name`, of `kind`.
fn download(bytes: Vec<u8>, kind: &'static str, name: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"download\"; filename*=UTF-8''{}",
        percent_encode(name)
    );
    let disposition = HeaderValue::from_str(&disposition)
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Response::builder()
        .header(header::CONTENT_TYPE, kind)
        .header(header::CONTENT_DISPOSITION, disposition)
        .body(Body::from(bytes))
        .unwrap_or_default()
}

/// RFC 5987: every byte but unreserved ASCII as `%XX`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The only file of a one-table download.
fn only(mut files: Vec<Upload>) -> Result<Upload, Refusal> {
    match files.len() {
        1 => Ok(files.remove(0)),
        count => Err(Refusal::NotOne { count }),
    }
}

async fn check(State(shared): State<Server>, form: Form) -> Response {
    answer(shared, "POST /api/check", form, |asked, lang| {
        let json = engine::check(asked.files, &asked.profile, lang)?;
        Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
    })
    .await
}

/// A one-table download: refused before any work when more files came.
async fn one_table(
    shared: Server,
    what: &'static str,
    form: Form,
    make: fn(Upload, &Profile, Lang) -> Result<Response, Error>,
) -> Response {
    answer(shared, what, form, move |asked, lang| {
        match only(asked.files) {
            Ok(file) => make(file, &asked.profile, lang),
            Err(refusal) => Ok(refuse(&refusal, lang)),
        }
    })
    .await
}

async fn score_xlsx(State(shared): State<Server>, form: Form) -> Response {
    one_table(shared, "POST /api/xlsx", form, |file, profile, lang| {
        let bytes = engine::score_xlsx(file, profile, lang)?;
        Ok(download(bytes, XLSX, "自评表.xlsx"))
    })
    .await
}

async fn report_docx(State(shared): State<Server>, form: Form) -> Response {
    one_table(shared, "POST /api/docx", form, |file, profile, _| {
        let bytes = engine::report_docx(file, profile)?;
        Ok(download(bytes, DOCX, "自评报告.docx"))
    })
    .await
}

async fn audit_pack(State(shared): State<Server>, form: Form) -> Response {
    answer(shared, "POST /api/pack", form, |asked, lang| {
        let bytes = engine::pack(asked.files, &asked.profile, lang, pack::Kind::Html)?;
        Ok(download(bytes, "text/html; charset=utf-8", "审核报告.html"))
    })
    .await
}

async fn summary_xlsx(State(shared): State<Server>, form: Form) -> Response {
    answer(shared, "POST /api/summary", form, |asked, lang| {
        let bytes = engine::pack(asked.files, &asked.profile, lang, pack::Kind::Xlsx)?;
        Ok(download(bytes, XLSX, "汇总表.xlsx"))
    })
    .await
}
