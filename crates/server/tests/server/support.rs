//! Test support: the built `antrag` binary on an ephemeral loopback port with temporary folders,
//! and a minimal blocking HTTP/1.1 client (no extra dependencies).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

pub const TOKEN: &str = "test-token-0123456789";

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_antrag")
}

/// A small form exercising groups, a code list and a file field.
pub fn test_form(version: &str) -> String {
    serde_json::json!({
        "$schema": "./form-definition.schema.json",
        "id": "testantrag",
        "version": version,
        "title": { "de": "Testantrag", "en": "Test application" },
        "referencePrefix": "TA",
        "submit": { "url": "/api/forms/testantrag/submissions", "encoding": "multipart" },
        "pages": [{
            "id": "seite",
            "title": { "de": "Seite", "en": "Page" },
            "items": [
                { "type": "text", "id": "name", "label": { "de": "Name", "en": "Name" },
                  "required": true, "maxLength": 200 },
                { "type": "group", "id": "kontakt", "label": { "de": "Kontakt", "en": "Contact" },
                  "items": [
                    { "type": "email", "id": "email", "label": { "de": "E-Mail", "en": "Email" } }
                  ] },
                { "type": "choice", "id": "farbe", "label": { "de": "Farbe", "en": "Colour" },
                  "codeList": "codelists/farbe.json" },
                { "type": "file", "id": "nachweis", "label": { "de": "Nachweis", "en": "Proof" },
                  "accept": ["application/pdf", "image/png"], "maxSize": 2000, "maxFiles": 2 }
            ]
        }]
    })
    .to_string()
}

pub const CODE_LIST: &str = r#"{"id": "farbe", "options": [
  {"value": "rot", "label": {"de": "Rot", "en": "Red"}},
  {"value": "blau", "label": {"de": "Blau", "en": "Blue"}}]}"#;

/// A temporary project: `forms/` (with the test form), `dist/`, `data/`.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = Project { dir };
        std::fs::create_dir_all(p.forms().join("codelists")).unwrap();
        std::fs::create_dir_all(p.dist().join("assets")).unwrap();
        std::fs::write(p.forms().join("testantrag.json"), test_form("1.0.0")).unwrap();
        std::fs::write(p.forms().join("codelists/farbe.json"), CODE_LIST).unwrap();
        std::fs::write(
            p.dist().join("index.html"),
            "<!doctype html><title>antrag</title><script type=module src=/assets/app.js></script>",
        )
        .unwrap();
        std::fs::write(p.dist().join("assets/app.js"), "console.log(1)").unwrap();
        p
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn forms(&self) -> PathBuf {
        self.path().join("forms")
    }
    pub fn dist(&self) -> PathBuf {
        self.path().join("dist")
    }
    pub fn data(&self) -> PathBuf {
        self.path().join("data")
    }
}

pub struct Server {
    child: Child,
    pub addr: String,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(p: &Project, token: bool, extra: &[&str]) -> Server {
        let mut cmd = Command::new(bin());
        cmd.arg("serve")
            .args(["--host", "127.0.0.1", "--port", "0"])
            .arg("--data")
            .arg(p.data())
            .arg("--forms")
            .arg(p.forms())
            .arg("--dist")
            .arg(p.dist())
            .args(extra)
            .env_remove("ANTRAG_CORS_ORIGINS")
            .env_remove("ANTRAG_CSP")
            .env_remove("ANTRAG_BODY_LIMIT")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if token {
            cmd.env("ANTRAG_API_TOKEN", TOKEN);
        } else {
            cmd.env_remove("ANTRAG_API_TOKEN");
        }
        let mut child = cmd.spawn().expect("spawn antrag serve");
        let stdout = child.stdout.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let log2 = log.clone();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(t) = &tx {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                        if v["event"] == "listening" {
                            let url = v["url"].as_str().unwrap_or("").to_string();
                            let _ = t.send(url.trim_start_matches("http://").to_string());
                            tx = None;
                        }
                    }
                }
                log2.lock().unwrap().push(line);
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("server did not report its address");
        Server { child, addr, log }
    }

    /// Kills the process without any shutdown (SIGKILL).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn req(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        request(&self.addr, method, path, headers, body)
    }
    pub fn get(&self, path: &str) -> Resp {
        self.req("GET", path, &[], b"")
    }
    pub fn get_auth(&self, path: &str) -> Resp {
        let auth = format!("Bearer {TOKEN}");
        self.req("GET", path, &[("Authorization", &auth)], b"")
    }
    pub fn post_json(&self, form: &str, body: &serde_json::Value) -> Resp {
        let id = body["submissionId"].as_str().unwrap_or("").to_string();
        self.req(
            "POST",
            &format!("/api/forms/{form}/submissions"),
            &[
                ("Content-Type", "application/json"),
                ("Idempotency-Key", &id),
            ],
            body.to_string().as_bytes(),
        )
    }
    pub fn post_multipart(
        &self,
        form: &str,
        envelope: &serde_json::Value,
        files: &[(&str, &str, &[u8])],
    ) -> Resp {
        let (ct, body) = multipart(envelope, files);
        self.req(
            "POST",
            &format!("/api/forms/{form}/submissions"),
            &[("Content-Type", &ct)],
            &body,
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text()))
    }
}

pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading the whole body and close the connection.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Resp {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let size_str = String::from_utf8_lossy(&b[..i]).to_string();
        let size =
            usize::from_str_radix(size_str.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 || b.len() < i + 2 + size {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[(i + 4 + size).min(b.len())..];
    }
    out
}

/// A multipart body: the part `submission` and one part per file (part name, media type, bytes).
pub fn multipart(envelope: &serde_json::Value, files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----antragtestboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"submission\"\r\n\
             Content-Type: application/json\r\n\r\n{envelope}\r\n"
        )
        .as_bytes(),
    );
    for (part, ty, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"; \
                 filename=\"upload\"\r\nContent-Type: {ty}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A fresh UUID-shaped id (unique within the test run and across runs by the time component).
pub fn uuid() -> String {
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (t >> 32) as u32,
        (t >> 16) as u16,
        n & 0xfff,
        std::process::id() & 0xfff,
        t & 0xffff_ffff_ffff
    )
}

pub fn envelope(version: &str, data: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "form": { "id": "testantrag", "version": version },
        "submissionId": uuid(),
        "submittedAt": "2026-03-01T09:30:00.000Z",
        "locale": "de",
        "data": data,
    })
}

pub fn valid_data() -> serde_json::Value {
    serde_json::json!({ "name": "Erika Mustermann", "kontakt": { "email": "erika@example.org" }, "farbe": "rot" })
}

pub fn run_cli(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env_remove("ANTRAG_FORMS")
        .output()
        .expect("run antrag");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}
