//! Sending the application: envelope, JSON or multipart, idempotency, outcomes.

use antrag_core::model::{Encoding, Method};
use antrag_core::submission::{ErrorBody, FileDescriptor, FormRef, Receipt, Submission};
use leptos::prelude::*;
use serde_json::Value;

use crate::net::{Body, HttpRequest, NetError};
use crate::state::{Fs, Route, SubmitState, CHECK_SEGMENT};

/// Give up waiting for the server after this long, plus [`UPLOAD_MS_PER_KIB`] per KiB of files.
pub const TIMEOUT_MS: u32 = 30_000;

/// Time allowed per KiB of files on top of [`TIMEOUT_MS`]: 8 KiB/s, a poor mobile line. The
/// browser cannot tell a slow upload from a silent server, and a fixed limit would cut off
/// a large upload on a slow line again on every retry.
pub const UPLOAD_MS_PER_KIB: u64 = 125;

/// Files from this size on show how far their upload has got (below it is over in a moment).
pub const SHOW_PROGRESS_FROM: u64 = 100 * 1024;

/// A UUID v4: `crypto.randomUUID()` where available (secure contexts), else from `Math.random`.
pub fn uuid() -> String {
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        if js_sys::Reflect::has(&c, &"randomUUID".into()).unwrap_or(false) {
            return c.random_uuid();
        }
    }
    let mut s = String::with_capacity(36);
    for (i, ch) in "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".chars().enumerate() {
        let r = (js_sys::Math::random() * 16.0) as u32 & 15;
        s.push(match ch {
            'x' => char::from_digit(r, 16).unwrap_or('0'),
            'y' => char::from_digit((r & 3) | 8, 16).unwrap_or('8'),
            c => {
                let _ = i;
                c
            }
        });
    }
    s
}

/// The app-level override of submission URLs (`config.json`: `{"submitUrls": {"<id>": "…"}}`).
async fn override_url(fs: Fs, id: &str) -> Option<String> {
    let v = fs.app.config().await;
    v.get("submitUrls")?.get(id)?.as_str().map(str::to_string)
}

fn collect_files(v: &Value, out: &mut Vec<FileDescriptor>) {
    match v {
        Value::Array(a) => {
            for x in a {
                if let Ok(d) = serde_json::from_value::<FileDescriptor>(x.clone()) {
                    if x.get("part").is_some() {
                        out.push(d);
                        continue;
                    }
                }
                collect_files(x, out);
            }
        }
        Value::Object(o) => o.values().for_each(|x| collect_files(x, out)),
        _ => {}
    }
}

/// Validates everything, then sends. Called by the check page's button.
pub async fn submit(fs: Fs) {
    if fs.submit.get_untracked() == SubmitState::Busy {
        return;
    }
    fs.flush_save();
    let problems = fs.with(antrag_core::validate);
    if !problems.is_empty() {
        fs.show_problems(problems, CHECK_SEGMENT);
        return;
    }
    fs.submit.set(SubmitState::Busy);
    let id = fs.form_id();
    let (version, submit_def, data) = fs.with(|f, a, c| {
        (
            f.def().version.clone(),
            f.def().submit.clone(),
            antrag_core::payload(f, a, c),
        )
    });
    // The same answers sent again (after a lost answer, a timeout, a reload) are the same
    // attempt: the server then stores them once. Answers changed since are a new attempt; with
    // the old id the server would answer with the receipt of what it got the first time.
    let fingerprint = crate::state::attempt_fingerprint(&version, &data);
    let submission_id = match fs.submission_id.get_value() {
        Some((s, fp)) if fp == fingerprint => s,
        _ => {
            let s = uuid();
            fs.submission_id
                .set_value(Some((s.clone(), fingerprint.clone())));
            // Kept with the draft at once: the page may be closed while the request runs.
            fs.save_now();
            s
        }
    };
    // The citizen's record of exactly these answers (the page may change while the request runs).
    let record = (fs.loc(), crate::views::answer_sections(fs));
    let envelope = Submission {
        form: FormRef {
            id: id.clone(),
            version,
        },
        submission_id: submission_id.clone(),
        submitted_at: js_sys::Date::new_0().to_iso_string().into(),
        locale: fs.loc(),
        data,
    };
    let json = serde_json::to_string(&envelope).unwrap_or_default();
    let url = override_url(fs, &id)
        .await
        .unwrap_or(submit_def.url.clone());
    let mut headers: Vec<(String, String)> = submit_def
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    headers.push(("Accept".into(), "application/json".into()));
    headers.push(("Idempotency-Key".into(), submission_id));
    headers.push(("Accept-Language".into(), fs.loc().code().into()));
    let mut upload_bytes: u64 = 0;
    let mut parts: u64 = 1;
    let envelope_bytes = json.len() as u64;
    let body = match submit_def.encoding {
        Encoding::Json => {
            headers.push(("Content-Type".into(), "application/json".into()));
            Body::Json(json)
        }
        Encoding::Multipart => match web_sys::FormData::new() {
            Ok(fd) => {
                let _ = fd.append_with_str("submission", &json);
                let mut descs = Vec::new();
                collect_files(&envelope.data, &mut descs);
                for d in descs {
                    if let Some(file) = fs.files.with_value(|m| m.get(&d.part).cloned()) {
                        upload_bytes += file.size() as u64;
                        parts += 1;
                        let _ = fd.append_with_blob_and_filename(&d.part, &file, &d.name);
                    }
                }
                Body::Multipart(fd)
            }
            Err(_) => Body::Json(json),
        },
    };
    // More than the server takes: said now, not after an upload that may take many minutes.
    let total = request_size(upload_bytes.saturating_add(envelope_bytes), parts);
    if let Some(limit) = body_limit(fs, &url).await {
        if total > limit {
            let loc = fs.loc();
            // Rounded up and down: the sizes shown never look as if it fitted.
            let size = antrag_core::i18n::format_bytes(total, loc);
            let most = antrag_core::i18n::format_limit(limit, loc);
            let s = fs.s();
            let template = if parts > 1 {
                s.files_over_limit
            } else {
                s.over_limit
            };
            return fail(
                fs,
                crate::i18n::fill(template, &[("size", &size), ("limit", &most)]),
            );
        }
    }
    let req = HttpRequest {
        method: match submit_def.method {
            Method::Put => "PUT".into(),
            _ => "POST".into(),
        },
        url,
        headers,
        body,
        timeout_ms: timeout_for(upload_bytes),
        // How far the upload has got, where it takes long enough to be worth saying.
        progress: (upload_bytes >= SHOW_PROGRESS_FROM).then(|| {
            let p: crate::net::Progress = std::rc::Rc::new(move |sent, all| {
                if fs.upload.try_get_untracked() == Some(false) {
                    fs.upload.try_set(true);
                }
                crate::views::show_upload(fs, sent, all);
            });
            p
        }),
    };
    let transport = fs.app.transport.get_value();
    let result = transport(req).await;
    fs.upload.try_set(false);
    let s = fs.s();
    match result {
        Ok(r) if r.status == 201 || r.status == 200 => {
            let receipt = serde_json::from_str::<Receipt>(&r.body).unwrap_or(Receipt {
                reference: String::new(),
                received_at: String::new(),
            });
            // Done: keep the record of what was sent for the confirmation page, then forget the
            // drafts, the attempt id and the answers.
            fs.record.set_value(Some(record));
            fs.forget_drafts();
            fs.clear_answers();
            fs.files.update_value(|m| m.clear());
            fs.restored.set(None);
            fs.keep_receipt(receipt);
            fs.submit.set(SubmitState::Idle);
            fs.epoch.update(|e| *e += 1);
            fs.app.navigate(Route::Done(id), None);
        }
        Ok(r) if r.status == 422 => {
            fs.submit.set(SubmitState::Idle);
            let body: Option<ErrorBody> = serde_json::from_str(&r.body).ok();
            match body {
                Some(mut b) if !b.errors.is_empty() => {
                    // The server judged these answers; a new attempt is a new submission.
                    fs.submission_id.set_value(None);
                    fs.save_now();
                    // Its messages are in the language the application was sent in, and stay
                    // so after a switch (only core's own are judged again): marked as such.
                    for p in &mut b.errors {
                        p.lang = p.lang.or(Some(envelope.locale));
                    }
                    fs.show_problems(b.errors, CHECK_SEGMENT);
                }
                Some(b) if b.error.as_deref() == Some("unknown_form_version") => {
                    fs.submit
                        .set(SubmitState::Outdated(s.form_outdated.to_string()));
                    crate::state::focus_later(|| Some("submit-error".to_string()), 5);
                }
                b => {
                    let msg = b.and_then(|b| b.message).unwrap_or_default();
                    fail(fs, format!("{} {msg}", s.send_rejected).trim().to_string());
                }
            }
        }
        Ok(r) if (400..500).contains(&r.status) && r.status != 408 && r.status != 429 => {
            let body = serde_json::from_str::<ErrorBody>(&r.body).ok();
            match body.as_ref().and_then(|b| b.error.as_deref()) {
                Some("unknown_form") => return fail(fs, s.form_withdrawn.to_string()),
                Some("payload_too_large") => return fail(fs, s.files_too_large.to_string()),
                _ => {}
            }
            let msg = body.and_then(|b| b.message).unwrap_or_default();
            fail(fs, format!("{} {msg}", s.send_rejected).trim().to_string());
        }
        Err(NetError::Timeout) => fail(fs, s.send_timeout.to_string()),
        Err(_) => fail(fs, s.send_unknown.to_string()),
        _ => fail(fs, s.send_failed.to_string()),
    }
}

/// The largest submission the server takes (`config.json`'s `bodyLimit`, which `antrag serve`
/// fills in from `--body-limit`), for a submission to that server: an address on this origin.
/// A limit that is no positive whole number of bytes is no limit to check.
async fn body_limit(fs: Fs, url: &str) -> Option<u64> {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    if !same_origin(url, origin.as_deref()) {
        return None;
    }
    let v = fs.app.config().await.get("bodyLimit")?.as_f64()?;
    (v >= 1.0 && v.fract() == 0.0 && v < 2f64.powi(53)).then_some(v as u64)
}

/// Whether `url` is an address on the page's `origin`: a path (`/api/…`, but not `//host/…`
/// or `/\host/…`, which browsers read as another host), or the origin followed by a path.
pub fn same_origin(url: &str, origin: Option<&str>) -> bool {
    let path = match origin.and_then(|o| url.strip_prefix(o)) {
        Some(rest) => rest,
        None => url,
    };
    let mut chars = path.chars();
    chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'))
}

/// The size of a request of `bytes` (the envelope and the files) in `parts` parts: each
/// multipart part adds its boundary and headers (counted generously, 256 bytes).
pub fn request_size(bytes: u64, parts: u64) -> u64 {
    bytes.saturating_add(parts.saturating_mul(256))
}

/// How long to wait for the answer to a request that uploads `bytes` of files.
pub fn timeout_for(bytes: u64) -> u32 {
    let upload = bytes.div_ceil(1024).saturating_mul(UPLOAD_MS_PER_KIB);
    u32::try_from(u64::from(TIMEOUT_MS).saturating_add(upload)).unwrap_or(u32::MAX)
}

fn fail(fs: Fs, msg: String) {
    fs.submit.set(SubmitState::Failed(msg));
    crate::state::focus_later(|| Some("submit-error".to_string()), 5);
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_time_to_wait_grows_with_the_files() {
        assert_eq!(super::timeout_for(0), 30_000);
        // 3 MB at 8 KiB/s: about six minutes more.
        assert_eq!(super::timeout_for(3 * 1024 * 1024), 30_000 + 3 * 1024 * 125);
        assert_eq!(super::timeout_for(u64::MAX), u32::MAX);
    }

    #[test]
    fn a_requests_size_counts_its_parts() {
        assert_eq!(super::request_size(1000, 1), 1256);
        assert_eq!(super::request_size(1000, 3), 1768);
        assert_eq!(
            super::request_size(u64::MAX, u64::MAX),
            u64::MAX,
            "no overflow"
        );
    }

    #[test]
    fn only_this_origins_addresses_get_its_limit() {
        let o = Some("https://antrag.example");
        assert!(super::same_origin("/api/forms/t/submissions", o));
        assert!(super::same_origin("https://antrag.example/api/x", o));
        assert!(super::same_origin("/api/x", None));
        for other in [
            "//elsewhere.example/x",
            "/\\elsewhere.example/x",
            "https://elsewhere.example/x",
            "https://antrag.example.elsewhere.example/x",
            "api/x",
            "",
        ] {
            assert!(!super::same_origin(other, o), "{other}");
        }
    }
}
