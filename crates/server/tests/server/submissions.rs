use crate::support::*;
use serde_json::json;

fn is_reference(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() == 3
        && parts[0] == "TA"
        && parts[1].len() == 4
        && parts[1].bytes().all(|c| c.is_ascii_digit())
        && parts[2].len() == 5
        && parts[2]
            .bytes()
            .all(|c| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&c))
}

#[test]
fn valid_submission_is_stored_and_retrievable() {
    let p = Project::new();
    let s = Server::start(&p, true, &[]);
    let env = envelope("1.0.0", valid_data());
    let r = s.post_json("testantrag", &env);
    assert_eq!(r.status, 201, "{}", r.text());
    let receipt = r.json();
    let reference = receipt["reference"].as_str().unwrap().to_string();
    assert!(is_reference(&reference), "{reference}");
    assert!(receipt["receivedAt"].as_str().unwrap().ends_with('Z'));

    let d = s.get_auth(&format!("/api/submissions/{reference}"));
    assert_eq!(d.status, 200, "{}", d.text());
    assert_eq!(d.header("cache-control"), Some("no-store"));
    let d = d.json();
    assert_eq!(d["reference"], reference);
    assert_eq!(d["form"], json!({"id": "testantrag", "version": "1.0.0"}));
    assert_eq!(d["submissionId"], env["submissionId"]);
    assert_eq!(d["submittedAt"], env["submittedAt"]);
    assert_eq!(d["receivedAt"], receipt["receivedAt"]);
    assert_eq!(d["locale"], "de");
    assert_eq!(d["data"], env["data"]);
    assert_eq!(d["files"], json!([]));

    let l = s.get_auth("/api/forms/testantrag/submissions?page=1&perPage=10");
    assert_eq!(l.status, 200, "{}", l.text());
    let l = l.json();
    assert_eq!(l["total"], 1);
    assert_eq!(l["items"][0]["reference"], reference);

    let missing = s.get_auth("/api/submissions/TA-2026-XXXXX");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"], "not_found");
}

#[test]
fn repeated_submission_id_answers_the_same_reference() {
    let p = Project::new();
    let s = Server::start(&p, true, &[]);
    let env = envelope("1.0.0", valid_data());
    let a = s.post_json("testantrag", &env);
    assert_eq!(a.status, 201, "{}", a.text());
    // The app rebuilds the envelope on a retry: a new submittedAt, the same id.
    let mut again = env.clone();
    again["submittedAt"] = json!("2026-03-01T09:31:00.000Z");
    let b = s.post_json("testantrag", &again);
    assert_eq!(b.status, 201, "{}", b.text());
    assert_eq!(a.json(), b.json());
    assert_eq!(b.header("idempotent-replayed"), Some("true"));
    let l = s.get_auth("/api/forms/testantrag/submissions").json();
    assert_eq!(l["total"], 1);
}

#[test]
fn multipart_with_pdf_is_stored_with_its_file() {
    let p = Project::new();
    let s = Server::start(&p, true, &[]);
    let pdf: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n";
    let mut data = valid_data();
    data["nachweis"] = json!([{ "part": "file-0", "name": "Zeugnis März.pdf", "type": "application/pdf", "size": pdf.len() }]);
    let env = envelope("1.0.0", data);
    let r = s.post_multipart("testantrag", &env, &[("file-0", "application/pdf", pdf)]);
    assert_eq!(r.status, 201, "{}", r.text());
    let reference = r.json()["reference"].as_str().unwrap().to_string();

    let d = s.get_auth(&format!("/api/submissions/{reference}")).json();
    let f = &d["files"][0];
    assert_eq!(f["part"], "file-0");
    assert_eq!(f["name"], "Zeugnis März.pdf");
    assert_eq!(f["type"], "application/pdf");
    assert_eq!(f["size"], pdf.len());
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(pdf)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(f["sha256"], want);

    let file = s.get_auth(&format!("/api/submissions/{reference}/files/file-0"));
    assert_eq!(file.status, 200);
    assert_eq!(file.body, pdf);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    assert!(file
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(file.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        s.get_auth(&format!("/api/submissions/{reference}/files/file-9"))
            .status,
        404
    );
}

#[test]
fn files_are_checked_against_content_and_field() {
    let p = Project::new();
    let s = Server::start(&p, true, &[]);
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let pdf: &[u8] = b"%PDF-1.4\n%%EOF\n";
    let send = |name: &str, ty: &str, bytes: &[u8]| {
        let mut data = valid_data();
        data["nachweis"] =
            json!([{ "part": "file-0", "name": name, "type": ty, "size": bytes.len() }]);
        s.post_multipart(
            "testantrag",
            &envelope("1.0.0", data),
            &[("file-0", ty, bytes)],
        )
    };
    // A PNG declared as PDF: wrong magic bytes.
    let r = send("scan.pdf", "application/pdf", png);
    assert_eq!(r.status, 422, "{}", r.text());
    let e = r.json();
    assert_eq!(e["errors"][0]["path"], "nachweis");
    assert_eq!(e["errors"][0]["code"], "file_content");
    // A parameter on the type does not get a file past the content check.
    let r = send(
        "seite.pdf",
        "application/pdf; x=1",
        b"<html>nicht pdf</html>",
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["code"], "file_content");
    // A real PNG is fine.
    assert_eq!(send("scan.png", "image/png", png).status, 201);
    // Type not accepted by the field.
    let r = send("bild.jpg", "image/jpeg", b"\xff\xd8\xff\xe0xxxx");
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0]["code"], "file_type");
    // Path in the file name.
    for name in ["../../etc/passwd.pdf", "a/b.pdf", "a\u{1}.pdf"] {
        let r = send(name, "application/pdf", pdf);
        assert_eq!(r.status, 422, "{name}");
        assert_eq!(r.json()["errors"][0]["code"], "file_name_invalid");
    }
    // Over the field's maxSize (2000 bytes).
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(3000, b'x');
    let r = send("gross.pdf", "application/pdf", &big);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.json()["error"], "file_too_large");
    // Declared size differs from the part.
    let mut data = valid_data();
    data["nachweis"] =
        json!([{ "part": "file-0", "name": "a.pdf", "type": "application/pdf", "size": 5 }]);
    let r = s.post_multipart(
        "testantrag",
        &envelope("1.0.0", data),
        &[("file-0", "application/pdf", pdf)],
    );
    assert_eq!(r.status, 400);
    // A part no descriptor names.
    let r = s.post_multipart(
        "testantrag",
        &envelope("1.0.0", valid_data()),
        &[("file-7", "application/pdf", pdf)],
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "unexpected_part");
    // A descriptor without its part.
    let mut data = valid_data();
    data["nachweis"] = json!([{ "part": "file-0", "name": "a.pdf", "type": "application/pdf", "size": pdf.len() }]);
    let r = s.post_multipart("testantrag", &envelope("1.0.0", data), &[]);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "missing_part");
    // More files than maxFiles (2).
    let mut data = valid_data();
    data["nachweis"] = json!([0, 1, 2].iter().map(|i| json!({ "part": format!("file-{i}"), "name": "a.pdf", "type": "application/pdf", "size": pdf.len() })).collect::<Vec<_>>());
    let r = s.post_multipart(
        "testantrag",
        &envelope("1.0.0", data),
        &[
            ("file-0", "application/pdf", pdf),
            ("file-1", "application/pdf", pdf),
            ("file-2", "application/pdf", pdf),
        ],
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["code"] == "too_many_files" || e["code"] == "too_many"));
    // Nothing of the refused ones was stored.
    assert_eq!(
        s.get_auth("/api/forms/testantrag/submissions").json()["total"],
        1
    );
}

#[test]
fn validation_problems_answer_422_with_paths() {
    let p = Project::new();
    let s = Server::start(&p, false, &[]);
    // `name` is required, `farbe` must be an option of the code list, `nope` is unknown.
    let data = json!({ "kontakt": { "email": "erika@example.org" }, "farbe": "gruen", "nope": 1 });
    let r = s.post_json("testantrag", &envelope("1.0.0", data));
    assert_eq!(r.status, 422, "{}", r.text());
    let e = r.json();
    assert_eq!(e["error"], "validation_failed");
    let paths: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert!(paths.contains(&"name"), "{paths:?}");
    assert!(paths.contains(&"farbe"), "{paths:?}");
    for p in e["errors"].as_array().unwrap() {
        assert!(p["code"].is_string() && p["message"].is_string(), "{p}");
    }
}

/// Sends `body` in `chunks` pieces with `pause` between them; the raw response.
fn send_slowly(
    addr: &str,
    content_type: &str,
    body: &[u8],
    chunks: usize,
    pause: std::time::Duration,
) -> Resp {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let head = format!(
        "POST /api/forms/testantrag/submissions HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    let step = body.len().div_ceil(chunks);
    for piece in body.chunks(step) {
        std::thread::sleep(pause);
        if s.write_all(piece).is_err() {
            break;
        }
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.as_bytes().to_vec())
        .unwrap_or_default();
    Resp {
        status,
        headers: Vec::new(),
        body,
    }
}

/// A submission with files on a slow line takes longer than `--request-timeout` in all and is
/// still taken while its data keeps coming; one whose data stops for that long is answered 408.
#[test]
fn a_slow_upload_is_taken_while_it_progresses_and_a_stalled_one_ends() {
    let p = Project::new();
    let s = Server::start(&p, true, &["--request-timeout", "1"]);
    let pdf: Vec<u8> = [b"%PDF-1.7\n".as_slice(), &[b'x'; 1500], b"\n%%EOF\n"].concat();
    let mut data = valid_data();
    data["nachweis"] = json!([{ "part": "file-0", "name": "a.pdf", "type": "application/pdf", "size": pdf.len() }]);
    let (ct, body) = multipart(
        &envelope("1.0.0", data),
        &[("file-0", "application/pdf", &pdf)],
    );
    // Ten pieces 400 ms apart: 4 s in all, never 1 s without data.
    let r = send_slowly(
        &s.addr,
        &ct,
        &body,
        10,
        std::time::Duration::from_millis(400),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));

    // Two pieces 1.6 s apart: the line stalled.
    let mut data = valid_data();
    data["nachweis"] = json!([{ "part": "file-0", "name": "a.pdf", "type": "application/pdf", "size": pdf.len() }]);
    let (ct, body) = multipart(
        &envelope("1.0.0", data),
        &[("file-0", "application/pdf", &pdf)],
    );
    let r = send_slowly(
        &s.addr,
        &ct,
        &body,
        2,
        std::time::Duration::from_millis(1600),
    );
    assert_eq!(r.status, 408, "{}", String::from_utf8_lossy(&r.body));
    assert!(String::from_utf8_lossy(&r.body).contains("\"error\":\"timeout\""));
}
