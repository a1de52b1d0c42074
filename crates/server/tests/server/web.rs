use crate::support::*;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

#[test]
fn serves_app_forms_and_security_headers() {
    let p = Project::new();
    let s = Server::start(&p, false, &["--cors-origin", "https://portal.example.de"]);
    let index = s.get("/");
    assert_eq!(index.status, 200);
    assert!(index.text().contains("<title>antrag</title>"));
    let csp = index.header("content-security-policy").unwrap().to_string();
    for part in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self' https://portal.example.de",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
    assert_eq!(index.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(index.header("referrer-policy"), Some("no-referrer"));

    // SPA fallback for app routes, but not for missing files or the API.
    let deep = s.get("/antrag/kita-fachkraefte/traeger");
    assert_eq!(deep.status, 200);
    assert!(deep.text().contains("<title>antrag</title>"));
    assert!(deep
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    // A form's page has its code lists downloaded with it (the app learns of them only after
    // it has started and read the form); other pages and unknown forms do not.
    let preload = r#"<link rel="preload" href="/forms/codelists/farbe.json" as="fetch" crossorigin="anonymous">"#;
    assert!(s.get("/antrag/testantrag/seite").text().contains(preload));
    assert!(s.get("/antrag/testantrag").text().contains(preload));
    assert!(!index.text().contains("/forms/codelists/"));
    assert!(!deep.text().contains("/forms/codelists/"));
    assert_eq!(s.get("/assets/app.js").text(), "console.log(1)");
    // Compression: the app's files as the build precompressed them, everything else on the fly.
    std::fs::write(p.dist().join("assets/app.js.br"), b"brotli bytes").unwrap();
    let br = s.req(
        "GET",
        "/assets/app.js",
        &[("Accept-Encoding", "gzip, br")],
        b"",
    );
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.body, b"brotli bytes");
    assert!(br.header("vary").unwrap().contains("accept-encoding"));
    assert!(br.header("content-type").unwrap().contains("javascript"));
    let plain = s.get("/assets/app.js");
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), "console.log(1)");
    let gz = s.req(
        "GET",
        "/forms/testantrag.json",
        &[("Accept-Encoding", "gzip")],
        b"",
    );
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let mut json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz.body[..]), &mut json)
        .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["id"],
        "testantrag"
    );

    // Files named by their content hash are cached for good; anything else is revalidated.
    assert_eq!(
        s.get("/assets/app.js").header("cache-control"),
        Some("no-cache")
    );
    assert_eq!(
        s.get("/config.json").header("cache-control"),
        Some("no-cache")
    );
    std::fs::write(p.dist().join("app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    assert_eq!(
        s.get("/app-0123456789abcdef_bg.wasm")
            .header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(s.get("/assets/fehlt.js").status, 404);
    assert_eq!(s.get("/api/fehlt").status, 404);

    // Forms and code lists under /forms/, revalidated by the browser.
    let f = s.get("/forms/testantrag.json");
    assert_eq!(f.status, 200);
    assert_eq!(f.json()["id"], "testantrag");
    assert_eq!(f.header("cache-control"), Some("no-cache"));
    assert_eq!(s.get("/forms/codelists/farbe.json").json()["id"], "farbe");
    assert_eq!(s.get("/forms/../data/antrag.sqlite3").status, 404);
    std::fs::write(p.forms().join(".secret"), "x").unwrap();
    assert_eq!(s.get("/forms/.secret").status, 404);

    // CORS preflight for the allowed origin only.
    let pre = |origin: &str| {
        s.req(
            "OPTIONS",
            "/api/forms/testantrag/submissions",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                (
                    "Access-Control-Request-Headers",
                    "content-type,idempotency-key",
                ),
            ],
            b"",
        )
    };
    let ok = pre("https://portal.example.de");
    assert_eq!(
        ok.header("access-control-allow-origin"),
        Some("https://portal.example.de")
    );
    assert_eq!(
        pre("https://evil.example").header("access-control-allow-origin"),
        None
    );

    let h = s.get("/api/health");
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "ok");
}

#[test]
fn csp_is_configurable() {
    let p = Project::new();
    let s = Server::start(
        &p,
        false,
        &[
            "--csp",
            "default-src 'self'; script-src 'self' 'sha256-abc'",
        ],
    );
    assert_eq!(
        s.get("/").header("content-security-policy"),
        Some("default-src 'self'; script-src 'self' 'sha256-abc'")
    );
}

#[test]
fn one_log_line_per_request_without_personal_data() {
    let p = Project::new();
    let s = Server::start(&p, true, &[]);
    let r = s.post_json("testantrag", &envelope("1.0.0", valid_data()));
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    s.get_auth(&format!("/api/submissions/{reference}?secret=geheim"));
    std::thread::sleep(Duration::from_millis(200));
    let log = s.log.lock().unwrap().join("\n");
    assert!(!log.contains("geheim"), "{log}");
    assert!(!log.contains(&reference), "{log}");
    assert!(!log.contains("Erika"), "{log}");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v.get("route").is_some())
        .collect();
    assert!(lines.iter().any(|v| v["method"] == "POST"
        && v["route"] == "/api/forms/{formId}/submissions"
        && v["status"] == 201
        && v["ms"].is_number()));
    assert!(lines
        .iter()
        .any(|v| v["route"] == "/api/submissions/{reference}" && v["status"] == 200));
}

#[test]
fn dev_mode_has_diagnostics_and_change_events() {
    let p = Project::new();
    let plain = Server::start(&p, false, &[]);
    assert_eq!(
        plain.get("/api/dev/forms/testantrag/diagnostics").status,
        404
    );
    assert_eq!(plain.get("/api/dev/events").status, 404);
    // Without --dev the app's configuration is the file in dist/ as it is.
    std::fs::write(
        p.dist().join("config.json"),
        r#"{"submitUrls": {"testantrag": "https://example.org/x"}}"#,
    )
    .unwrap();
    let c = plain.get("/config.json").json();
    assert!(c.get("dev").is_none(), "{c}");
    assert_eq!(
        c["submitUrls"]["testantrag"], "https://example.org/x",
        "{c}"
    );
    // The largest submission the server takes (`--body-limit`), for the app to check before
    // it uploads; a deployment's own value in the file wins.
    assert_eq!(c["bodyLimit"], 100 * 1024 * 1024, "{c}");
    drop(plain);
    std::fs::write(p.dist().join("config.json"), r#"{"bodyLimit": 5000000}"#).unwrap();
    let limited = Server::start(&p, false, &["--body-limit", "2MiB"]);
    assert_eq!(limited.get("/config.json").json()["bodyLimit"], 5_000_000);
    // No limit, or none that is a number of bytes: the server's.
    for file in ["{}", r#"{"bodyLimit": "5MB"}"#, r#"{"bodyLimit": 0}"#] {
        std::fs::write(p.dist().join("config.json"), file).unwrap();
        assert_eq!(
            limited.get("/config.json").json()["bodyLimit"],
            2 * 1024 * 1024,
            "{file}"
        );
    }
    drop(limited);
    std::fs::write(
        p.dist().join("config.json"),
        r#"{"submitUrls": {"testantrag": "https://example.org/x"}}"#,
    )
    .unwrap();

    let s = Server::start(&p, false, &["--dev"]);
    // With --dev it tells the app so (the app asks for diagnostics only then), keeping the rest.
    let c = s.get("/config.json").json();
    assert_eq!(c["dev"], true, "{c}");
    assert_eq!(
        c["submitUrls"]["testantrag"], "https://example.org/x",
        "{c}"
    );
    // The preview never revalidates a form file by its (one-second) modification time.
    let f = s.get("/forms/testantrag.json");
    assert_eq!(f.header("cache-control"), Some("no-store"));
    let d = s.get("/api/dev/forms/testantrag/diagnostics");
    assert_eq!(d.status, 200, "{}", d.text());
    let d = d.json();
    assert_eq!(d["errors"], 0, "{d}");
    assert!(d["diagnostics"].is_array());
    assert_eq!(s.get("/api/dev/forms/fehlt/diagnostics").status, 404);

    // Open the event stream, change the file, expect an event naming the form.
    let mut sse = std::net::TcpStream::connect(&s.addr).unwrap();
    sse.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        sse,
        "GET /api/dev/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        p.forms().join("testantrag.json"),
        "{ \"id\": \"testantrag\" ",
    )
    .unwrap();
    let start = Instant::now();
    let mut got = Vec::new();
    while start.elapsed() < Duration::from_secs(10) {
        let mut buf = [0u8; 4096];
        match sse.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        if String::from_utf8_lossy(&got).contains("data: {") {
            break;
        }
    }
    let text = String::from_utf8_lossy(&got).to_string();
    assert!(text.contains("text/event-stream"), "{text}");
    let event = text.split("data: ").nth(1).unwrap_or("");
    assert!(event.contains("testantrag.json"), "{text}");

    // The broken file now has errors with positions.
    let d = s.get("/api/dev/forms/testantrag/diagnostics").json();
    assert!(d["errors"].as_u64().unwrap() > 0, "{d}");
    assert!(d["diagnostics"][0]["line"].as_u64().unwrap() >= 1, "{d}");
}

/// The preview's start page lists every form file as it is now: one just created (before any
/// `antrag check`), one with errors (opening it shows them), and one that is not a form yet.
#[test]
fn dev_mode_lists_every_form_file_as_it_is_now() {
    let p = Project::new();
    std::fs::write(
        p.forms().join("index.json"),
        r#"{"forms": [{"id": "alt", "version": "1.0.0", "title": "Alt", "file": "alt.json"}]}"#,
    )
    .unwrap();
    let with_error = r#"{"id": "neu", "version": "0.1.0", "title": {"de": "Neu", "en": "New"},
        "submit": {"url": "/x"}, "pages": [{"id": "p", "title": "P", "items": [
            {"type": "text", "id": "a", "label": "A", "visibleIf": "b =="}]}]}"#;
    std::fs::write(p.forms().join("neu.json"), with_error).unwrap();
    std::fs::write(p.forms().join("kaputt.json"), "{ \"id\": ").unwrap();

    // Without --dev the start page gets the manifest as written.
    let plain = Server::start(&p, false, &[]);
    let m = plain.get("/forms/index.json").json();
    assert_eq!(m["forms"][0]["id"], "alt", "{m}");
    drop(plain);

    let s = Server::start(&p, false, &["--dev"]);
    let r = s.get("/forms/index.json");
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let m = r.json();
    let forms = m["forms"].as_array().unwrap();
    let ids: Vec<&str> = forms.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["kaputt", "neu", "testantrag"], "{m}");
    assert_eq!(forms[0]["title"], "kaputt.json");
    assert_eq!(forms[1]["title"]["de"], "Neu");
    assert_eq!(forms[1]["file"], "neu.json");
    // A file saved while the preview runs is listed on the next request.
    std::fs::write(
        p.forms().join("zwei.json"),
        with_error.replace("neu", "zwei"),
    )
    .unwrap();
    let m = s.get("/forms/index.json").json();
    assert_eq!(m["forms"].as_array().unwrap().len(), 4, "{m}");
}
