use crate::support::*;
use serde_json::json;

fn assert_json_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("application/json"),
        "{:?}",
        r.headers
    );
    let v = r.json();
    assert_eq!(v["error"], code, "{v}");
    assert!(v["message"].is_string(), "{v}");
}

#[test]
fn each_refusal_has_its_status_and_a_json_body() {
    let p = Project::new();
    let s = Server::start(&p, true, &["--body-limit", "8KiB"]);
    let post = |ct: &str, body: &[u8]| {
        s.req(
            "POST",
            "/api/forms/testantrag/submissions",
            &[("Content-Type", ct)],
            body,
        )
    };
    // 400: not JSON, unknown keys, bad id, bad time, data not an object, wrong form id.
    assert_json_error(&post("application/json", b"{not json"), 400, "malformed");
    let mut e = envelope("1.0.0", valid_data());
    e["extra"] = json!(1);
    assert_json_error(&s.post_json("testantrag", &e), 400, "malformed");
    let mut e = envelope("1.0.0", valid_data());
    e["submissionId"] = json!("123");
    assert_json_error(&s.post_json("testantrag", &e), 400, "malformed");
    let mut e = envelope("1.0.0", valid_data());
    e["submittedAt"] = json!("gestern");
    assert_json_error(&s.post_json("testantrag", &e), 400, "malformed");
    let e = envelope("1.0.0", json!([1, 2]));
    assert_json_error(&s.post_json("testantrag", &e), 400, "malformed");
    let mut e = envelope("1.0.0", valid_data());
    e["form"]["id"] = json!("kontakt");
    assert_json_error(&s.post_json("testantrag", &e), 400, "form_mismatch");
    let e = envelope("1.0.0", valid_data());
    let r = s.req(
        "POST",
        "/api/forms/testantrag/submissions",
        &[
            ("Content-Type", "application/json"),
            ("Idempotency-Key", "something-else"),
        ],
        e.to_string().as_bytes(),
    );
    assert_json_error(&r, 400, "idempotency_key_mismatch");
    assert_json_error(&post("text/plain", b"hallo"), 415, "unsupported_media_type");
    assert_json_error(
        &post("multipart/form-data; boundary=x", b"--x\r\nnonsense"),
        400,
        "malformed",
    );

    // 404: unknown form (and an id that is not a form id at all).
    let mut e = envelope("1.0.0", valid_data());
    e["form"]["id"] = json!("gibtsnicht");
    assert_json_error(&s.post_json("gibtsnicht", &e), 404, "unknown_form");
    let mut e = envelope("1.0.0", valid_data());
    e["form"]["id"] = json!("..");
    assert_eq!(s.post_json("..", &e).status, 404);
    let mut e = envelope("1.0.0", valid_data());
    e["form"]["id"] = json!("Gross");
    assert_json_error(&s.post_json("Gross", &e), 404, "unknown_form");

    // 422: unknown version, with the current one.
    let r = s.post_json("testantrag", &envelope("0.9.0", valid_data()));
    assert_json_error(&r, 422, "unknown_form_version");
    assert_eq!(r.json()["currentVersion"], "1.0.0");

    // 413: body over --body-limit, JSON and multipart.
    let mut data = valid_data();
    data["name"] = json!("x".repeat(10_000));
    assert_json_error(
        &s.post_json("testantrag", &envelope("1.0.0", data.clone())),
        413,
        "payload_too_large",
    );
    let r = s.post_multipart("testantrag", &envelope("1.0.0", data), &[]);
    assert_json_error(&r, 413, "payload_too_large");

    // Unknown API paths and methods are JSON too.
    assert_json_error(&s.get("/api/nichts"), 404, "not_found");
    assert_json_error(
        &s.req("DELETE", "/api/forms/testantrag/submissions", &[], b""),
        405,
        "method_not_allowed",
    );

    // Nothing was stored.
    assert_eq!(
        s.get_auth("/api/forms/testantrag/submissions").json()["total"],
        0
    );
}

#[test]
fn authority_api_needs_the_token_and_is_absent_without_one() {
    let p = Project::new();
    {
        let s = Server::start(&p, true, &[]);
        let list = "/api/forms/testantrag/submissions";
        assert_json_error(&s.get(list), 401, "unauthorized");
        assert!(s
            .get(list)
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer"));
        let r = s.req("GET", list, &[("Authorization", "Bearer wrong")], b"");
        assert_json_error(&r, 401, "unauthorized");
        let r = s.req(
            "GET",
            list,
            &[("Authorization", &format!("Basic {TOKEN}"))],
            b"",
        );
        assert_json_error(&r, 401, "unauthorized");
        assert_json_error(
            &s.get("/api/forms/testantrag/submissions.csv"),
            401,
            "unauthorized",
        );
        assert_json_error(
            &s.get("/api/submissions/TA-2026-AAAAA"),
            401,
            "unauthorized",
        );
        assert_json_error(
            &s.get("/api/submissions/TA-2026-AAAAA/files/file-0"),
            401,
            "unauthorized",
        );
        let r = s.req(
            "GET",
            list,
            &[("Authorization", &format!("bearer {TOKEN}"))],
            b"",
        );
        assert_eq!(r.status, 200);
        assert_json_error(&s.get_auth(&format!("{list}?page=0")), 400, "bad_request");
    }
    let s = Server::start(&p, false, &[]);
    for path in [
        "/api/forms/testantrag/submissions",
        "/api/forms/testantrag/submissions.csv",
        "/api/submissions/TA-2026-AAAAA",
    ] {
        assert_json_error(&s.get_auth(path), 404, "not_found");
    }
    // Submitting works without a token.
    assert_eq!(
        s.post_json("testantrag", &envelope("1.0.0", valid_data()))
            .status,
        201
    );
}
