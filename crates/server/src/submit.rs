//! `POST /api/forms/{formId}/submissions`: receive, re-validate, store (see
//! `docs/submission-protocol.md`).

use crate::db::{self, Inserted, NewFile, NewSubmission};
use crate::error::ApiError;
use crate::forms::{Loaded, Lookup};
use crate::serve::{blocking, AppState};
use crate::util::{
    is_part_name, is_rfc3339, is_safe_file_name, is_uuid, magic_matches, reference_prefix,
    rfc3339_utc, sha256_hex, unix_millis, utc_year,
};
use antrag_core::files::{bare_type, type_allowed};
use antrag_core::model::{Field, Item};
use antrag_core::submission::{FileDescriptor, Receipt, Submission};
use antrag_core::{Ctx, Locale, Problem};
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::SystemTime;

use antrag_core::form::DEFAULT_MAX_SIZE;
/// Most parts in one multipart body.
const MAX_PARTS: usize = 64;

pub async fn submit(
    State(st): State<Arc<AppState>>,
    Path(form_id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let headers = req.headers().clone();
    let (envelope, parts) = read_body(req).await?;
    let env: Submission = serde_json::from_slice(&envelope).map_err(|e| {
        ApiError::bad_request("malformed", format!("The submission is not valid: {e}"))
    })?;
    check_envelope(&env, &form_id, &headers)?;

    // A repeated submission id: the same receipt, nothing stored.
    let sid = env.submission_id.clone();
    let existing = blocking(&st, move |st| {
        let conn = crate::db::lock(&st.db);
        db::find_by_submission_id(&conn, &sid).map_err(|_| ApiError::internal())
    })
    .await?;
    if let Some((reference, received_at, _)) = existing {
        return Ok(receipt(reference, received_at, true));
    }

    let (id, version) = (env.form.id.clone(), env.form.version.clone());
    let lookup = blocking(&st, move |st| Ok(st.forms.version(&id, &version))).await?;
    let loaded = match lookup {
        Lookup::Found(l) => l,
        Lookup::NotFound => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_form",
                format!("There is no form `{form_id}`."),
            ))
        }
        Lookup::Broken => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "form_unavailable",
                "The form cannot be processed at the moment. Please try again later.",
            ))
        }
        Lookup::UnknownVersion { current } => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_form_version",
                format!(
                "Version {} of the form is not (or no longer) accepted. Please reload the form.",
                env.form.version
            ),
            )
            .with(
                "currentVersion",
                current.map(Value::String).unwrap_or(Value::Null),
            ))
        }
    };

    let now = unix_millis(SystemTime::now());
    let ctx = Ctx {
        today: antrag_core::value::Date::today_in_germany(now),
        locale: env.locale,
    };
    let mut problems = antrag_core::validate::validate_submission(&loaded.form, &env.data, &ctx);
    let files = check_files(&loaded, &env.data, parts, env.locale, &mut problems)?;
    // Core judges the declared descriptors, this server the bytes: one problem per path and code.
    let mut seen = BTreeSet::new();
    problems.retain(|p| seen.insert((p.path.clone(), p.code.clone())));
    if !problems.is_empty() {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            match env.locale {
                Locale::De => "Die Angaben sind nicht vollständig oder nicht gültig.",
                Locale::En => "Some answers are missing or not valid.",
            },
        );
        e.errors = problems;
        return Err(e);
    }

    let received_at = rfc3339_utc(now);
    let inserted = blocking(&st, move |st| {
        let def = loaded.def();
        let prefix = reference_prefix(&def.id, def.reference_prefix.as_deref());
        let mut conn = crate::db::lock(&st.db);
        db::insert(
            &mut conn,
            NewSubmission {
                prefix: &prefix,
                year: utc_year(now),
                submission_id: &env.submission_id,
                form_id: &loaded.id,
                form_version: &loaded.version,
                form_sha256: &loaded.sha256,
                submitted_at: &env.submitted_at,
                received_at: &received_at,
                locale: env.locale.code(),
                data: &env.data,
                files,
            },
        )
        .map_err(|_| ApiError::internal())
    })
    .await?;
    Ok(match inserted {
        Inserted::New {
            reference,
            received_at,
        } => receipt(reference, received_at, false),
        Inserted::Existing {
            reference,
            received_at,
        } => receipt(reference, received_at, true),
    })
}

fn receipt(reference: String, received_at: String, replayed: bool) -> Response {
    let mut resp = (
        StatusCode::CREATED,
        axum::Json(Receipt {
            reference,
            received_at,
        }),
    )
        .into_response();
    if replayed {
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

/// The envelope bytes and the file parts of a JSON or multipart body.
async fn read_body(req: Request) -> Result<(Bytes, BTreeMap<String, Bytes>), ApiError> {
    let stalled = req
        .extensions()
        .get::<crate::serve::Stalled>()
        .cloned()
        .unwrap_or_default();
    let result = read_parts(req).await;
    if result.is_err() && stalled.is_set() {
        return Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "The submission stopped arriving before it was complete.",
        ));
    }
    result
}

async fn read_parts(req: Request) -> Result<(Bytes, BTreeMap<String, Bytes>), ApiError> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "The submission is larger than the server accepts.",
        )
    };
    if ct.starts_with("application/json") {
        let body = Bytes::from_request(req, &()).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::bad_request("malformed", "The request body cannot be read.")
            }
        })?;
        return Ok((body, BTreeMap::new()));
    }
    if !ct.starts_with("multipart/form-data") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the submission as application/json or multipart/form-data.",
        ));
    }
    let malformed = || ApiError::bad_request("malformed", "The multipart body is not valid.");
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|_| malformed())?;
    let mut envelope = None;
    let mut parts = BTreeMap::new();
    let mut count = 0;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(malformed()),
        };
        count += 1;
        if count > MAX_PARTS {
            return Err(ApiError::bad_request(
                "too_many_parts",
                "The multipart body has too many parts.",
            ));
        }
        let name = field.name().unwrap_or("").to_string();
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(malformed()),
        };
        if name == "submission" {
            if envelope.replace(bytes).is_some() {
                return Err(ApiError::bad_request(
                    "duplicate_part",
                    "The part `submission` occurs twice.",
                ));
            }
        } else if !is_part_name(&name) {
            return Err(ApiError::bad_request(
                "invalid_part_name",
                "A part name is empty or has characters other than A-Z, a-z, 0-9, _ and -.",
            ));
        } else if parts.insert(name.clone(), bytes).is_some() {
            return Err(ApiError::bad_request(
                "duplicate_part",
                format!("The part `{name}` occurs twice."),
            ));
        }
    }
    let envelope = envelope.ok_or_else(|| {
        ApiError::bad_request("missing_part", "The part `submission` is missing.")
    })?;
    Ok((envelope, parts))
}

fn check_envelope(env: &Submission, form_id: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    if env.form.id != form_id {
        return Err(ApiError::bad_request(
            "form_mismatch",
            "`form.id` does not match the form in the URL.",
        ));
    }
    if !is_uuid(&env.submission_id) {
        return Err(ApiError::bad_request(
            "malformed",
            "`submissionId` must be a UUID.",
        ));
    }
    if let Some(key) = headers.get("idempotency-key") {
        if key.to_str().ok().map(str::trim) != Some(env.submission_id.as_str()) {
            return Err(ApiError::bad_request(
                "idempotency_key_mismatch",
                "The Idempotency-Key header must equal `submissionId`.",
            ));
        }
    }
    if !is_rfc3339(&env.submitted_at) {
        return Err(ApiError::bad_request(
            "malformed",
            "`submittedAt` must be an RFC 3339 timestamp.",
        ));
    }
    if !env.data.is_object() {
        return Err(ApiError::bad_request(
            "malformed",
            "`data` must be a JSON object.",
        ));
    }
    Ok(())
}

/// A file field's value in the data, at its instance path.
struct FileValue<'a> {
    path: String,
    field: &'a Field,
    value: &'a Value,
}

fn collect_file_values<'a>(
    items: &'a [Item],
    data: &'a Value,
    prefix: &str,
    out: &mut Vec<FileValue<'a>>,
) {
    for item in items {
        match item {
            Item::Group(g) => {
                if let Some(v) = data.get(&g.id) {
                    collect_file_values(&g.items, v, &format!("{prefix}{}.", g.id), out);
                }
            }
            Item::Repeat(r) => {
                if let Some(Value::Array(entries)) = data.get(&r.id) {
                    for (i, e) in entries.iter().enumerate() {
                        collect_file_values(&r.items, e, &format!("{prefix}{}[{i}].", r.id), out);
                    }
                }
            }
            Item::File(f) => {
                if let Some(v) = data.get(&f.id) {
                    out.push(FileValue {
                        path: format!("{prefix}{}", f.id),
                        field: f,
                        value: v,
                    });
                }
            }
            _ => {}
        }
    }
}

fn problem(path: &str, code: &str, locale: Locale, de: String, en: String) -> Problem {
    Problem {
        path: path.to_string(),
        code: code.to_string(),
        params: BTreeMap::new(),
        message: match locale {
            Locale::De => de,
            Locale::En => en,
        },
        lang: None,
        label_lang: None,
    }
}

/// Matches the file descriptors in the data with the parts, and checks each file's name, type,
/// content signature, size and count against its field. Problems a citizen can fix are added to
/// `problems` (→ 422); a body that contradicts itself is refused (400), a file over its field's
/// `maxSize` is refused with 413.
fn check_files(
    loaded: &Loaded,
    data: &Value,
    mut parts: BTreeMap<String, Bytes>,
    locale: Locale,
    problems: &mut Vec<Problem>,
) -> Result<Vec<NewFile>, ApiError> {
    let mut values = Vec::new();
    for page in &loaded.def().pages {
        collect_file_values(&page.items, data, "", &mut values);
    }
    let mut files = Vec::new();
    let mut used = BTreeSet::new();
    for fv in values {
        let Value::Array(list) = fv.value else {
            // Not a list: core's validation reports the wrong type.
            continue;
        };
        let max_files = fv.field.max_files.unwrap_or(1) as usize;
        if list.len() > max_files {
            problems.push(problem(
                &fv.path,
                "too_many_files",
                locale,
                format!("Bitte laden Sie höchstens {max_files} Datei(en) hoch."),
                format!("Please upload at most {max_files} file(s)."),
            ));
        }
        let max_size = fv.field.max_size.unwrap_or(DEFAULT_MAX_SIZE);
        for item in list {
            let Ok(d) = serde_json::from_value::<FileDescriptor>(item.clone()) else {
                return Err(ApiError::bad_request(
                    "malformed",
                    format!("A file descriptor at `{}` is not valid.", fv.path),
                ));
            };
            if !is_part_name(&d.part) || !used.insert(d.part.clone()) {
                return Err(ApiError::bad_request(
                    "malformed",
                    format!(
                        "The file descriptor at `{}` names an invalid or repeated part.",
                        fv.path
                    ),
                ));
            }
            let Some(bytes) = parts.remove(&d.part) else {
                return Err(ApiError::bad_request(
                    "missing_part",
                    format!("The part `{}` is missing.", d.part),
                ));
            };
            if bytes.len() as u64 != d.size {
                return Err(ApiError::bad_request(
                    "file_size_mismatch",
                    format!("The part `{}` does not have the declared size.", d.part),
                ));
            }
            if d.size > max_size {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "file_too_large",
                    format!("A file at `{}` is larger than {max_size} bytes.", fv.path),
                )
                .with("path", Value::String(fv.path.clone())));
            }
            let name_shown = d
                .name
                .chars()
                .filter(|c| !c.is_control())
                .take(80)
                .collect::<String>();
            if !is_safe_file_name(&d.name) {
                problems.push(problem(
                    &fv.path,
                    "file_name_invalid",
                    locale,
                    "Der Dateiname ist nicht zulässig. Bitte benennen Sie die Datei um \
                     (ohne Schrägstriche und Steuerzeichen)."
                        .into(),
                    "The file name is not allowed. Please rename the file (no slashes or \
                     control characters)."
                        .into(),
                ));
                continue;
            }
            // The bare type is what is allowed, checked by content and stored: a parameter
            // (`application/pdf; x=1`) must not slip past the content check.
            let media_type = bare_type(&d.media_type);
            if !type_allowed(&fv.field.accept, &media_type) {
                problems.push(problem(
                    &fv.path,
                    "file_type",
                    locale,
                    format!("Die Datei „{name_shown}“ hat einen nicht erlaubten Dateityp."),
                    format!("The file “{name_shown}” has a type that is not allowed."),
                ));
                continue;
            }
            if magic_matches(&media_type, &bytes) == Some(false) {
                problems.push(problem(
                    &fv.path,
                    "file_content",
                    locale,
                    format!(
                        "Der Inhalt der Datei „{name_shown}“ passt nicht zu ihrem Dateityp. \
                         Bitte prüfen Sie die Datei."
                    ),
                    format!(
                        "The content of the file “{name_shown}” does not match its type. \
                         Please check the file."
                    ),
                ));
                continue;
            }
            files.push(NewFile {
                part: d.part,
                name: d.name,
                media_type,
                size: d.size,
                sha256: sha256_hex(&bytes),
                content: bytes.to_vec(),
            });
        }
    }
    if let Some(extra) = parts.keys().next() {
        return Err(ApiError::bad_request(
            "unexpected_part",
            format!("The part `{extra}` is not named by any file field in `data`."),
        ));
    }
    Ok(files)
}
