//! `antrag serve`: the HTTP server.

use crate::error::{code_for, ApiError};
use crate::forms::{self, FormStore};
use crate::util::{is_form_id, rfc3339_utc, unix_millis};
use crate::{authority, submit};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use rusqlite::Connection;
use serde_json::json;
use std::convert::Infallible;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::{broadcast, watch};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Everything `antrag serve` is configured with.
#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub data: PathBuf,
    pub forms: PathBuf,
    pub dist: PathBuf,
    pub body_limit: usize,
    pub timeout: Duration,
    pub cors_origins: Vec<String>,
    /// `None`: the default policy (with the CORS origins in `connect-src`).
    pub csp: Option<String>,
    pub dev: bool,
    pub version_grace: Duration,
    pub api_token: Option<String>,
}

impl Config {
    pub fn csp(&self) -> String {
        if let Some(c) = &self.csp {
            return c.clone();
        }
        let mut connect = String::from("'self'");
        for o in &self.cors_origins {
            connect.push(' ');
            connect.push_str(o);
        }
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src {connect}; frame-ancestors 'none'; \
             base-uri 'self'; form-action 'self'"
        )
    }
}

pub struct AppState {
    pub cfg: Config,
    pub db: Arc<Mutex<Connection>>,
    pub forms: FormStore,
    /// Change notifications of the dev preview (`--dev` only).
    pub events: Option<broadcast::Sender<String>>,
    pub stop: watch::Receiver<bool>,
}

/// Runs blocking work (SQLite, files, validation of large forms) off the async threads.
pub async fn blocking<T: Send + 'static>(
    st: &Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let st = st.clone();
    tokio::task::spawn_blocking(move || f(&st))
        .await
        .map_err(|_| ApiError::internal())?
}

/// Writes one line to stdout, ignoring a closed pipe.
pub fn log_line(v: serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{v}");
    let _ = out.flush();
}

pub async fn run(cfg: Config) -> Result<(), String> {
    std::fs::create_dir_all(&cfg.data)
        .map_err(|e| format!("cannot create the data folder {}: {e}", cfg.data.display()))?;
    let conn = crate::db::open(&cfg.data)
        .map_err(|e| format!("cannot open the database in {}: {e}", cfg.data.display()))?;
    let db = Arc::new(Mutex::new(conn));
    let (stop_tx, stop_rx) = watch::channel(false);
    let forms = FormStore::new(cfg.forms.clone(), db.clone(), cfg.version_grace);
    let events = cfg.dev.then(|| broadcast::channel(64).0);
    let st = Arc::new(AppState {
        cfg: cfg.clone(),
        db,
        forms,
        events,
        stop: stop_rx.clone(),
    });

    let addr = format!("{}:{}", cfg.host, cfg.port);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;

    // Remember the current form versions, then watch the folder.
    let st2 = st.clone();
    let initial = tokio::task::spawn_blocking(move || {
        st2.forms.refresh_all();
        forms::scan(st2.forms.dir())
    })
    .await
    .unwrap_or_default();
    tokio::spawn(watch_forms(st.clone(), initial));

    log_line(json!({
        "ts": rfc3339_utc(unix_millis(SystemTime::now())),
        "event": "listening",
        "url": format!("http://{local}"),
        "dev": cfg.dev,
        "authorityApi": cfg.api_token.is_some(),
    }));

    let app = router(st.clone());
    let mut stop_wait = stop_rx.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    tokio::select! {
        r = server => r.map_err(|e| format!("server error: {e}")),
        _ = async {
            let _ = stop_wait.changed().await;
            tokio::time::sleep(Duration::from_secs(10)).await;
        } => Ok(()),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Polls the forms folder (every 500 ms with `--dev`, else every 2 s): on a change the forms are
/// reloaded (so the database remembers each new version) and the dev preview is notified.
async fn watch_forms(
    st: Arc<AppState>,
    mut last: std::collections::BTreeMap<String, (SystemTime, u64)>,
) {
    let period = if st.cfg.dev {
        Duration::from_millis(500)
    } else {
        Duration::from_secs(2)
    };
    let mut stop = st.stop.clone();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(period) => {},
            _ = stop.changed() => return,
        }
        let st2 = st.clone();
        let Ok(now) = tokio::task::spawn_blocking(move || forms::scan(st2.forms.dir())).await
        else {
            continue;
        };
        if now == last {
            continue;
        }
        let mut changed: Vec<String> = now
            .iter()
            .filter(|(k, v)| last.get(*k) != Some(v))
            .map(|(k, _)| k.clone())
            .collect();
        changed.extend(last.keys().filter(|k| !now.contains_key(*k)).cloned());
        changed.sort();
        last = now;
        let st2 = st.clone();
        let ids = tokio::task::spawn_blocking(move || {
            st2.forms.refresh_all();
            st2.forms.ids()
        })
        .await
        .unwrap_or_default();
        if let Some(tx) = &st.events {
            // A changed form file concerns that form; anything else (code lists) all forms.
            let mut affected: Vec<String> = Vec::new();
            for c in &changed {
                match c.strip_suffix(".json").filter(|id| is_form_id(id)) {
                    Some(id) if !c.contains('/') => affected.push(id.to_string()),
                    _ => affected.extend(ids.iter().cloned()),
                }
            }
            affected.sort();
            affected.dedup();
            let _ = tx.send(json!({ "changed": changed, "forms": affected }).to_string());
        }
    }
}

/// Set on a request whose body stopped arriving for longer than `--request-timeout`.
#[derive(Clone, Default)]
pub struct Stalled(pub Arc<std::sync::atomic::AtomicBool>);

impl Stalled {
    pub fn is_set(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// How long a request may take. A request that sends a body (a submission with its files) may
/// take as long as its data keeps coming: a citizen on a slow line uploading 20 MB needs many
/// minutes, which a fixed limit would cut off again on every retry. It ends when no data
/// arrives for `--request-timeout` (answered 408 by the handler, which sees [`Stalled`]), and in
/// any case after 60 times that. Every other request must finish within that time.
async fn time_limits(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let limit = st.cfg.timeout;
    let timed_out = || (StatusCode::REQUEST_TIMEOUT, ()).into_response();
    if !matches!(*req.method(), Method::POST | Method::PUT) {
        return tokio::time::timeout(limit, next.run(req))
            .await
            .unwrap_or_else(|_| timed_out());
    }
    let stalled = Stalled::default();
    let flag = stalled.0.clone();
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(stalled);
    let data =
        futures_util::stream::unfold((body.into_data_stream(), false), move |(mut data, done)| {
            let flag = flag.clone();
            async move {
                if done {
                    return None;
                }
                use futures_util::StreamExt as _;
                match tokio::time::timeout(limit, data.next()).await {
                    Ok(Some(chunk)) => Some((chunk, (data, false))),
                    Ok(None) => None,
                    Err(_) => {
                        flag.store(true, std::sync::atomic::Ordering::Relaxed);
                        let e = std::io::Error::new(std::io::ErrorKind::TimedOut, "body stalled");
                        Some((Err(axum::Error::new(e)), (data, true)))
                    }
                }
            }
        });
    let req = Request::from_parts(parts, Body::from_stream(data));
    // A body that trickles in without ever pausing that long still ends: after an hour at the
    // default (60 × the limit), enough for 100 MiB at 30 KiB/s.
    tokio::time::timeout(limit.saturating_mul(60), next.run(req))
        .await
        .unwrap_or_else(|_| timed_out())
}

pub fn router(st: Arc<AppState>) -> Router {
    let cfg = &st.cfg;
    let api = Router::new()
        .route("/api/health", get(health))
        .route(
            "/api/forms/{formId}/submissions",
            post(submit::submit)
                .put(submit::submit)
                .get(authority::list),
        )
        .route("/api/forms/{formId}/submissions.csv", get(authority::csv))
        .route("/api/submissions/{reference}", get(authority::get))
        .route(
            "/api/submissions/{reference}/files/{part}",
            get(authority::file),
        )
        .route("/api/dev/forms/{formId}/diagnostics", get(dev_diagnostics))
        .route("/api/{*rest}", any(api_not_found))
        .route("/api", any(api_not_found))
        .layer(DefaultBodyLimit::max(cfg.body_limit))
        .layer(middleware::from_fn_with_state(st.clone(), time_limits));
    // Server-sent events stay open: no timeout.
    let sse = Router::new().route("/api/dev/events", get(dev_events));
    let mut api = api.merge(sse);
    if !cfg.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = cfg
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        api = api.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::PUT])
                .allow_headers([
                    header::CONTENT_TYPE,
                    header::ACCEPT,
                    header::ACCEPT_LANGUAGE,
                    header::AUTHORIZATION,
                    HeaderName::from_static("idempotency-key"),
                ])
                .max_age(Duration::from_secs(600)),
        );
    }
    let forms_dir = ServeDir::new(&cfg.forms).append_index_html_on_directories(false);
    // Revalidated on every use. The dev preview must never get a stale file: Last-Modified has
    // one-second precision, so two saves within a second would be answered "304 Not Modified".
    let forms_cache = if cfg.dev { "no-store" } else { "no-cache" };
    let forms =
        Router::new()
            .nest_service("/forms", forms_dir)
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static(forms_cache),
            ));
    let csp = HeaderValue::from_str(&cfg.csp()).unwrap_or(HeaderValue::from_static(
        "default-src 'self'; frame-ancestors 'none'",
    ));
    let app = if cfg.dev {
        // The start page of the preview lists every form file as it is now (see dev_manifest).
        api.route("/forms/index.json", get(dev_manifest))
            .merge(forms)
    } else {
        api.merge(forms)
    };
    let app = app.route("/config.json", get(app_config));
    app.fallback(spa)
        // Forms, code lists and API answers are compressed on the fly (quickly: they change);
        // the app's own files come precompressed. Server-sent events are left alone.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(middleware::from_fn(refuse_hidden))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal().into_response()
        }))
        .layer(middleware::from_fn(json_errors))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(middleware::from_fn(log_request))
        .with_state(st)
}

/// One JSON line per request: method, route template, status, duration. No paths with personal
/// data, no query strings.
async fn log_request(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let matched = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    let resp = next.run(req).await;
    let route = match matched {
        Some(m) if !m.contains("__private__") => m,
        _ if path.starts_with("/forms/") => "/forms/{*file}".into(),
        _ if path == "/api" || path.starts_with("/api/") => "/api/{*unknown}".into(),
        _ => "/{*app}".into(),
    };
    log_line(json!({
        "ts": rfc3339_utc(unix_millis(SystemTime::now())),
        "method": method,
        "route": route,
        "status": resp.status().as_u16(),
        "ms": (start.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
    }));
    resp
}

/// Error answers without a JSON body (from the router or a layer) get one.
async fn json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return resp;
    }
    let (mut parts, _) = resp.into_parts();
    let body = json!({
        "error": code_for(status),
        "message": status.canonical_reason().unwrap_or("Error"),
    })
    .to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}

/// No file or folder whose name starts with `.` is served.
async fn refuse_hidden(req: Request, next: Next) -> Response {
    let hidden = req.uri().path().split('/').any(|seg| {
        let s = seg.to_ascii_lowercase();
        s.starts_with('.') || s.starts_with("%2e")
    });
    if hidden {
        return ApiError::not_found("Not found.").into_response();
    }
    next.run(req).await
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("There is no such resource.")
}

async fn health(State(st): State<Arc<AppState>>) -> Result<Response, ApiError> {
    blocking(&st, |st| {
        let conn = crate::db::lock(&st.db);
        conn.query_row("SELECT 1", [], |_| Ok(()))
            .map_err(|_| ApiError::internal())
    })
    .await?;
    Ok(axum::Json(json!({"status": "ok", "version": antrag_core::version()})).into_response())
}

/// The built app: files from `--dist`; unknown paths without a file extension get `index.html`
/// (the app routes them itself, e.g. `/antrag/kita-fachkraefte/traeger`).
async fn spa(State(st): State<Arc<AppState>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Method not allowed.",
        )
        .into_response();
    }
    let path = req.uri().path().to_string();
    // The build writes `.br` and `.gz` beside each file (xtask/precompress.mjs).
    let mut dir = ServeDir::new(&st.cfg.dist)
        .precompressed_br()
        .precompressed_gzip();
    let resp = match dir.try_call(req).await {
        Ok(r) => r.map(Body::new),
        Err(_) => return ApiError::internal().into_response(),
    };
    let last = path.rsplit('/').next().unwrap_or("");
    let mut resp = if resp.status() == StatusCode::NOT_FOUND && !last.contains('.') {
        match tokio::fs::read(st.cfg.dist.join("index.html")).await {
            Ok(html) => {
                let html = match code_list_preloads(&st, &path).await {
                    Some(links) => with_preloads(html, &links),
                    None => html,
                };
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
            }
            Err(_) => {
                return ApiError::not_found("The app is not built (no index.html in --dist).")
                    .into_response()
            }
        }
    } else {
        resp
    };
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // There may be a precompressed variant: caches must tell clients apart by what they accept.
    if !resp.headers().contains_key(header::VARY) {
        resp.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if resp.status() == StatusCode::OK && !is_html && is_hashed_name(last) {
        // Trunk names the app's files by their content hash: a returning citizen's browser
        // neither downloads nor revalidates them, and keeps its compiled wasm code.
        resp.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    } else {
        // index.html, config.json (submission addresses!), preload.js: always revalidated, never
        // kept by a browser's guess of freshness.
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    resp
}

/// For the page of a form (`/antrag/<id>/…`): `<link rel="preload">` elements that have the
/// browser download the form's code lists while the app loads. The app learns which code lists
/// a form needs only after it has started and read the form (public/preload.js starts the form
/// itself, the list of forms and the configuration), so without these they would cost one more
/// round trip before the first field is shown. In the document, after the app's own files, not
/// in a `Link` header: over HTTP/1.1 (six connections) a header's downloads would go first and
/// could delay the app. `None` for other pages and for forms that do not load.
async fn code_list_preloads(st: &Arc<AppState>, path: &str) -> Option<String> {
    let id = path
        .strip_prefix("/antrag/")?
        .split('/')
        .next()?
        .to_string();
    if !is_form_id(&id) {
        return None;
    }
    let refs = blocking(st, move |st| {
        Ok(match st.forms.current(&id) {
            Some(Ok(loaded)) => loaded.code_lists.keys().cloned().collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    })
    .await
    .ok()?;
    preload_links(&refs)
}

/// `<link rel="preload" href="/forms/codelists/a.json" as="fetch" crossorigin="anonymous">` per
/// reference (relative to the form file, as the app resolves them: `/forms/` + reference).
/// `crossorigin` makes each download one that the app's own `fetch` (same origin, credentials
/// "same-origin") is answered from. References that leave the forms folder or would need
/// escaping are left out.
fn preload_links(refs: &[String]) -> Option<String> {
    let links: String = refs
        .iter()
        .filter(|r| {
            !r.is_empty()
                && !r
                    .split('/')
                    .any(|seg| seg.is_empty() || seg == "." || seg == "..")
                && r.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_./~".contains(&b))
        })
        .map(|r| {
            format!(
                "<link rel=\"preload\" href=\"/forms/{r}\" as=\"fetch\" crossorigin=\"anonymous\">"
            )
        })
        .collect();
    (!links.is_empty()).then_some(links)
}

/// `html` with `links` just before `</head>`, or at the end when it has none (a preload link
/// may stand in the body).
fn with_preloads(html: Vec<u8>, links: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .position(|w| w == b"</head>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + links.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(links.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// `antrag-app-9edc322eb9275f01_bg.wasm`: a 16-hex-digit content hash after the last `-`.
fn is_hashed_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        h.len() == 16
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// `GET /config.json`: the app's configuration from `--dist`, with what only the server knows:
/// `bodyLimit`, the largest submission it accepts (`--body-limit`; the app says before sending
/// when the chosen files are more, instead of after a long upload), unless the file sets it, and
/// with `--dev` `"dev": true`, so the app asks for author diagnostics and listens for changes
/// only where they exist.
async fn app_config(State(st): State<Arc<AppState>>) -> Response {
    let mut config = match tokio::fs::read(st.cfg.dist.join("config.json")).await {
        Ok(bytes) => serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or(json!({})),
        Err(_) => json!({}),
    };
    if !config.is_object() {
        config = json!({});
    }
    // The deployment's own limit wins, if it is one (a positive whole number of bytes).
    if config
        .get("bodyLimit")
        .and_then(serde_json::Value::as_u64)
        .is_none_or(|n| n == 0)
    {
        config["bodyLimit"] = json!(st.cfg.body_limit);
    }
    if st.cfg.dev {
        config["dev"] = serde_json::Value::Bool(true);
    }
    let mut resp = axum::Json(config).into_response();
    // Submission addresses and limits: never kept by a browser's guess of freshness, and in the
    // preview not at all.
    let cache = if st.cfg.dev { "no-store" } else { "no-cache" };
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

/// `GET /forms/index.json` with `--dev`: the manifest of every form file in the folder as it is
/// now, not as `antrag check` last wrote it: a form file an author just created is listed at
/// once, and one with errors stays listed (opening it shows the diagnostics). A file that cannot
/// be read as a form is listed under its file name.
async fn dev_manifest(State(st): State<Arc<AppState>>) -> Result<Response, ApiError> {
    use antrag_core::model::{FormDefinition, Manifest, ManifestEntry, Text};
    let manifest = blocking(&st, |st| {
        let forms = st
            .forms
            .ids()
            .into_iter()
            .map(|id| {
                let file = format!("{id}.json");
                let def = forms::read_limited(&st.forms.dir().join(&file))
                    .and_then(|src| serde_json::from_str::<FormDefinition>(&src).ok());
                match def {
                    Some(d) => ManifestEntry {
                        id,
                        version: d.version,
                        title: d.title,
                        description: d.description,
                        file,
                    },
                    None => ManifestEntry {
                        id,
                        version: String::new(),
                        title: Text::Plain(file.clone()),
                        description: None,
                        file,
                    },
                }
            })
            .collect();
        Ok(Manifest { forms })
    })
    .await?;
    let mut resp = axum::Json(manifest).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// `GET /api/dev/forms/{formId}/diagnostics` (`--dev` only): `antrag check` for one form file.
async fn dev_diagnostics(
    State(st): State<Arc<AppState>>,
    Path(form_id): Path<String>,
) -> Result<Response, ApiError> {
    if !st.cfg.dev {
        return Err(ApiError::not_found("There is no such resource."));
    }
    let Some(path) = st.forms.current_path(&form_id) else {
        return Err(ApiError::not_found("There is no such form."));
    };
    let body = blocking(&st, move |st| {
        let Ok(bytes) = std::fs::read(&path) else {
            return Err(ApiError::not_found("There is no such form."));
        };
        let file = format!("{form_id}.json");
        let dir = st.forms.dir().to_path_buf();
        let load =
            move |r: &str| forms::resolve_relative(&dir, r).and_then(|p| forms::read_limited(&p));
        let today = antrag_core::value::Date::today_in_germany(unix_millis(SystemTime::now()));
        let diags = antrag_core::check::check_bytes_on(&file, &bytes, &load, today);
        let errors = diags
            .iter()
            .filter(|d| d.severity == antrag_core::Severity::Error)
            .count();
        Ok(json!({
            "formId": form_id,
            "file": file,
            "errors": errors,
            "warnings": diags.len() - errors,
            "diagnostics": diags,
        }))
    })
    .await?;
    let mut resp = axum::Json(body).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// `GET /api/dev/events` (`--dev` only): a server-sent event (`data: {"changed":[…],
/// "forms":[…]}`) whenever a file under `forms/` changes.
async fn dev_events(State(st): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let Some(tx) = &st.events else {
        return Err(ApiError::not_found("There is no such resource."));
    };
    let rx = tx.subscribe();
    let stop = st.stop.clone();
    let stream = futures_util::stream::unfold((rx, stop), |(mut rx, mut stop)| async move {
        loop {
            if *stop.borrow() {
                return None;
            }
            tokio::select! {
                m = rx.recv() => match m {
                    Ok(msg) => {
                        return Some((Ok::<_, Infallible>(Event::default().data(msg)), (rx, stop)))
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = stop.changed() => return None,
            }
        }
    });
    let mut resp = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::{is_hashed_name, preload_links, with_preloads};

    #[test]
    fn code_lists_are_preloaded_by_their_address_under_forms() {
        let refs = ["codelists/farbe.json".to_string(), "staat.json".to_string()];
        let links = preload_links(&refs).unwrap();
        assert_eq!(
            links,
            "<link rel=\"preload\" href=\"/forms/codelists/farbe.json\" as=\"fetch\" \
             crossorigin=\"anonymous\"><link rel=\"preload\" href=\"/forms/staat.json\" \
             as=\"fetch\" crossorigin=\"anonymous\">"
        );
        // Nothing outside the forms folder, nothing that would need escaping in HTML.
        for bad in [
            "../secret.json",
            "/etc/x.json",
            "a//b.json",
            "a b.json",
            "a\".json",
            "",
        ] {
            assert_eq!(preload_links(&[bad.to_string()]), None, "{bad}");
        }
        let html = b"<html><head><title>x</title></head><body></body></html>".to_vec();
        assert_eq!(
            String::from_utf8(with_preloads(html, "<L>")).unwrap(),
            "<html><head><title>x</title><L></head><body></body></html>"
        );
        assert_eq!(with_preloads(b"<p>".to_vec(), "<L>"), b"<p><L>");
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed_name("antrag-app-9edc322eb9275f01_bg.wasm"));
        assert!(is_hashed_name("antrag-app-9edc322eb9275f01.js"));
        assert!(is_hashed_name("antrag-6cca50231089de00.css"));
        assert!(is_hashed_name("boot-63f92c12f6ca3f7a.js"));
        assert!(!is_hashed_name("config.json"));
        assert!(!is_hashed_name("index.html"));
        assert!(!is_hashed_name("app.js"));
        assert!(!is_hashed_name("kita-fachkraefte.json"));
        assert!(!is_hashed_name("x-9edc322eb9275f0g.js"));
    }
}
