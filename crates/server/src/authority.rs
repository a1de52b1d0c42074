//! The authority API: read submissions, their files, and a CSV export. Present only when
//! `ANTRAG_API_TOKEN` is set; every request needs `Authorization: Bearer <token>`.

use crate::db::{self, Stored};
use crate::error::ApiError;
use crate::serve::{blocking, AppState};
use crate::util::{is_form_id, pct_encode, secret_eq};
use antrag_core::model::Item;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Largest page of the list.
pub const MAX_PER_PAGE: i64 = 200;

fn require_token(st: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = st.cfg.api_token.as_deref() else {
        return Err(ApiError::not_found("There is no such resource."));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    match given {
        Some(t) if secret_eq(t.as_bytes(), expected.as_bytes()) => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "A valid bearer token is required.",
        )),
    }
}

fn no_store(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

fn detail(conn: &rusqlite::Connection, s: Stored) -> Result<Value, ApiError> {
    let files = db::files(conn, s.seq).map_err(|_| ApiError::internal())?;
    Ok(json!({
        "reference": s.reference,
        "form": { "id": s.form_id, "version": s.form_version },
        "submissionId": s.submission_id,
        "submittedAt": s.submitted_at,
        "receivedAt": s.received_at,
        "locale": s.locale,
        "data": s.data,
        "files": files.into_iter().map(|f| json!({
            "part": f.part, "name": f.name, "type": f.media_type, "size": f.size,
            "sha256": f.sha256,
        })).collect::<Vec<_>>(),
    }))
}

fn param(q: &HashMap<String, String>, key: &str, default: i64) -> Result<i64, ApiError> {
    match q.get(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                ApiError::bad_request(
                    "bad_request",
                    format!("`{key}` must be a positive integer."),
                )
            }),
    }
}

/// `GET /api/forms/{formId}/submissions?page=1&perPage=50`.
pub async fn list(
    State(st): State<Arc<AppState>>,
    Path(form_id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require_token(&st, &headers)?;
    let page = param(&q, "page", 1)?;
    let per_page = param(&q, "perPage", 50)?.min(MAX_PER_PAGE);
    let offset = (page - 1).saturating_mul(per_page);
    let body = blocking(&st, move |st| {
        let conn = crate::db::lock(&st.db);
        let (rows, total) =
            db::list(&conn, &form_id, offset, per_page).map_err(|_| ApiError::internal())?;
        let items = rows
            .into_iter()
            .map(|s| detail(&conn, s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(json!({
            "formId": form_id,
            "page": page,
            "perPage": per_page,
            "total": total,
            "items": items,
        }))
    })
    .await?;
    Ok(no_store(axum::Json(body).into_response()))
}

/// `GET /api/submissions/{reference}`.
pub async fn get(
    State(st): State<Arc<AppState>>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require_token(&st, &headers)?;
    let body = blocking(&st, move |st| {
        let conn = crate::db::lock(&st.db);
        match db::get(&conn, &reference).map_err(|_| ApiError::internal())? {
            Some(s) => detail(&conn, s),
            None => Err(ApiError::not_found(
                "There is no submission with this reference.",
            )),
        }
    })
    .await?;
    Ok(no_store(axum::Json(body).into_response()))
}

/// `GET /api/submissions/{reference}/files/{part}`: the bytes, as an attachment.
pub async fn file(
    State(st): State<Arc<AppState>>,
    Path((reference, part)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require_token(&st, &headers)?;
    let found = blocking(&st, move |st| {
        let conn = crate::db::lock(&st.db);
        db::file_content(&conn, &reference, &part).map_err(|_| ApiError::internal())
    })
    .await?;
    let Some((meta, content)) = found else {
        return Err(ApiError::not_found("There is no such file."));
    };
    let mut resp = content.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&meta.media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename*=UTF-8''{}",
        pct_encode(&meta.name)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&meta.sha256) {
        h.insert("x-content-sha256", v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    Ok(no_store(resp))
}

/// `GET /api/forms/{formId}/submissions.csv`.
pub async fn csv(
    State(st): State<Arc<AppState>>,
    Path(form_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require_token(&st, &headers)?;
    if !is_form_id(&form_id) {
        return Err(ApiError::not_found("There is no such form."));
    }
    let name = form_id.clone();
    let text = blocking(&st, move |st| {
        let conn = crate::db::lock(&st.db);
        let mut rows = Vec::new();
        db::for_each(&conn, &form_id, |s| rows.push(s)).map_err(|_| ApiError::internal())?;
        drop(conn);
        let mut order = Vec::new();
        if let Some(Ok(current)) = st.forms.current(&form_id) {
            for page in &current.def().pages {
                template_keys(&page.items, "", &mut order);
            }
        }
        Ok(to_csv(&rows, &order))
    })
    .await?;
    let mut resp = text.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.csv\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(no_store(resp))
}

/// Flattens a payload into `(column, text)` pairs: objects by `.`, lists of objects by `[i]`,
/// lists of values joined by `; `, file lists as their file names joined by `; `.
pub fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let is_file = |e: &Value| {
        e.as_object()
            .is_some_and(|o| o.contains_key("part") && o.contains_key("name"))
    };
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Value::Array(a) if !a.is_empty() && a.iter().all(is_file) => {
            let names: Vec<&str> = a
                .iter()
                .filter_map(|e| e.get("name").and_then(Value::as_str))
                .collect();
            out.push((prefix.to_string(), names.join("; ")));
        }
        Value::Array(a) if a.iter().any(Value::is_object) => {
            for (i, e) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), e, out);
            }
        }
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(scalar).collect();
            out.push((prefix.to_string(), parts.join("; ")));
        }
        _ => out.push((prefix.to_string(), scalar(v))),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "ja" } else { "nein" }.to_string(),
        other => other.to_string(),
    }
}

/// One CSV cell: formula-injection safe (a leading `=`, `+`, `-`, `@`, tab or carriage return
/// gets a `'`), quoted when it contains a separator, quote or line break.
pub fn cell(s: &str) -> String {
    let mut s = s.to_string();
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        s.insert(0, '\'');
    }
    if s.contains([',', ';', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The template keys of the fields in definition order (`traeger.name`, `plaetze[*].vorname`).
pub fn template_keys(items: &[Item], prefix: &str, out: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Group(g) => template_keys(&g.items, &format!("{prefix}{}.", g.id), out),
            Item::Repeat(r) => template_keys(&r.items, &format!("{prefix}{}[*].", r.id), out),
            _ => {
                if let Some((_, f)) = item.field() {
                    out.push(format!("{prefix}{}", f.id));
                }
            }
        }
    }
}

/// Sort key of a data column: fields in the order of the current definition (entries of a
/// repeat together, by entry), unknown columns last in order of first appearance.
fn column_key(column: &str, order: &[String]) -> (usize, Vec<u64>, usize) {
    let mut template = String::new();
    let mut indices = Vec::new();
    let mut rest = column;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        template.push_str(&rest[..open]);
        template.push_str("[*]");
        indices.push(rest[open + 1..open + close].parse().unwrap_or(0));
        rest = &rest[open + close + 1..];
    }
    template.push_str(rest);
    let pos = order
        .iter()
        .position(|k| *k == template)
        .unwrap_or(usize::MAX);
    let outer = match template.find("[*]") {
        Some(i) => {
            let head = &template[..i + 3];
            order
                .iter()
                .position(|k| k.starts_with(head))
                .unwrap_or(pos)
        }
        None => pos,
    };
    (outer, indices, pos)
}

/// The CSV export: fixed columns, then the data columns (see [`column_key`]).
/// UTF-8 with a byte order mark (so spreadsheet programs detect the encoding), CRLF line ends.
pub fn to_csv(rows: &[Stored], order: &[String]) -> String {
    let fixed = [
        "reference",
        "formVersion",
        "submissionId",
        "submittedAt",
        "receivedAt",
        "locale",
    ];
    let mut columns: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut flat_rows = Vec::with_capacity(rows.len());
    for r in rows {
        let mut flat = Vec::new();
        flatten("", &r.data, &mut flat);
        let mut m = Map::new();
        for (k, v) in flat {
            if !index.contains_key(&k) {
                index.insert(k.clone(), columns.len());
                columns.push(k.clone());
            }
            m.insert(k, Value::String(v));
        }
        flat_rows.push(m);
    }
    // Stable sort: columns the definition does not know keep their order of first appearance.
    columns.sort_by_cached_key(|c| column_key(c, order));
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = fixed
        .iter()
        .map(|s| s.to_string())
        .chain(columns.iter().cloned())
        .map(|c| cell(&c))
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for (r, m) in rows.iter().zip(flat_rows) {
        let mut cells = vec![
            cell(&r.reference),
            cell(&r.form_version),
            cell(&r.submission_id),
            cell(&r.submitted_at),
            cell(&r.received_at),
            cell(&r.locale),
        ];
        for c in &columns {
            cells.push(cell(m.get(c).and_then(Value::as_str).unwrap_or("")));
        }
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(cell("Müller"), "Müller");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("Er sagte \"ja\""), "\"Er sagte \"\"ja\"\"\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("+49 361"), "'+49 361");
        assert_eq!(cell("@x"), "'@x");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
        assert_eq!(cell("zwei\nZeilen"), "\"zwei\nZeilen\"");
    }

    #[test]
    fn flattens_payloads() {
        let v = json!({"a": {"b": "x"}, "l": [{"n": 1}, {"n": 2}], "m": ["p", "q"],
                       "f": [{"part": "file-0", "name": "z.pdf", "type": "application/pdf", "size": 3}],
                       "ok": true});
        let mut out = Vec::new();
        flatten("", &v, &mut out);
        let m: HashMap<_, _> = out.into_iter().collect();
        assert_eq!(m["a.b"], "x");
        assert_eq!(m["l[1].n"], "2");
        assert_eq!(m["m"], "p; q");
        assert_eq!(m["f"], "z.pdf");
        assert_eq!(m["ok"], "ja");
    }

    #[test]
    fn columns_follow_the_definition() {
        let order: Vec<String> = ["name", "plaetze[*].a", "plaetze[*].b", "email"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut cols = vec![
            "email",
            "x",
            "plaetze[1].a",
            "plaetze[0].b",
            "plaetze[0].a",
            "name",
        ];
        cols.sort_by_cached_key(|c| column_key(c, &order));
        assert_eq!(
            cols,
            [
                "name",
                "plaetze[0].a",
                "plaetze[0].b",
                "plaetze[1].a",
                "email",
                "x"
            ]
        );
    }
}
