//! Storage: one SQLite database (`<data>/antrag.sqlite3`, WAL, `synchronous=FULL`). Submissions,
//! their files (as blobs, so a submission and its files are committed atomically) and the form
//! versions the server has seen.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS submissions (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    reference      TEXT NOT NULL UNIQUE,
    submission_id  TEXT NOT NULL UNIQUE,
    form_id        TEXT NOT NULL,
    form_version   TEXT NOT NULL,
    form_sha256    TEXT NOT NULL,
    submitted_at   TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    locale         TEXT NOT NULL,
    data           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_form ON submissions (form_id, seq);
CREATE TABLE IF NOT EXISTS files (
    submission_seq INTEGER NOT NULL REFERENCES submissions (seq),
    part           TEXT NOT NULL,
    name           TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    content        BLOB NOT NULL,
    PRIMARY KEY (submission_seq, part)
);
CREATE TABLE IF NOT EXISTS form_versions (
    form_id        TEXT NOT NULL,
    version        TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    source         TEXT NOT NULL,
    code_lists     TEXT NOT NULL,
    first_seen_ms  INTEGER NOT NULL,
    superseded_ms  INTEGER,
    PRIMARY KEY (form_id, version)
);
"#;

/// Locks the connection. A panic while it was held cannot leave a transaction open (a dropped
/// `Transaction` rolls back), so a poisoned lock is taken over instead of failing every request.
pub fn lock(m: &std::sync::Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn open(dir: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(dir.join("antrag.sqlite3"))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// A file as stored.
pub struct NewFile {
    pub part: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    pub content: Vec<u8>,
}

pub struct NewSubmission<'a> {
    pub prefix: &'a str,
    pub year: i64,
    pub submission_id: &'a str,
    pub form_id: &'a str,
    pub form_version: &'a str,
    pub form_sha256: &'a str,
    pub submitted_at: &'a str,
    pub received_at: &'a str,
    pub locale: &'a str,
    pub data: &'a Value,
    pub files: Vec<NewFile>,
}

/// The result of [`insert`].
pub enum Inserted {
    New {
        reference: String,
        received_at: String,
    },
    /// The submission id was already stored (a concurrent repeat): its receipt.
    Existing {
        reference: String,
        received_at: String,
    },
}

/// `(reference, received_at)` of a stored submission id.
pub fn find_by_submission_id(
    conn: &Connection,
    submission_id: &str,
) -> rusqlite::Result<Option<(String, String, String)>> {
    conn.query_row(
        "SELECT reference, received_at, form_id FROM submissions WHERE submission_id = ?1",
        [submission_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

fn is_unique_violation(e: &rusqlite::Error, column: &str) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, Some(msg))
        if f.code == rusqlite::ErrorCode::ConstraintViolation && msg.contains(column))
}

/// Stores a submission with its files in one transaction; returns after the commit.
/// A new reference number is drawn until it is unique.
pub fn insert(conn: &mut Connection, s: NewSubmission<'_>) -> rusqlite::Result<Inserted> {
    let data = serde_json::to_string(s.data).unwrap_or_else(|_| "null".into());
    for _attempt in 0..20 {
        let reference = crate::util::new_reference(s.prefix, s.year);
        let tx = conn.transaction()?;
        let res = tx.execute(
            "INSERT INTO submissions (reference, submission_id, form_id, form_version, form_sha256,
                submitted_at, received_at, locale, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                reference,
                s.submission_id,
                s.form_id,
                s.form_version,
                s.form_sha256,
                s.submitted_at,
                s.received_at,
                s.locale,
                data
            ],
        );
        match res {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e, "submissions.reference") => continue,
            Err(e) if is_unique_violation(&e, "submissions.submission_id") => {
                drop(tx);
                if let Some((reference, received_at, _)) =
                    find_by_submission_id(conn, s.submission_id)?
                {
                    return Ok(Inserted::Existing {
                        reference,
                        received_at,
                    });
                }
                return Err(e);
            }
            Err(e) => return Err(e),
        }
        let seq = tx.last_insert_rowid();
        {
            let mut stmt = tx.prepare(
                "INSERT INTO files (submission_seq, part, name, media_type, size, sha256, content)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for f in &s.files {
                stmt.execute(params![
                    seq,
                    f.part,
                    f.name,
                    f.media_type,
                    i64::try_from(f.size).unwrap_or(i64::MAX),
                    f.sha256,
                    f.content
                ])?;
            }
        }
        tx.commit()?;
        return Ok(Inserted::New {
            reference,
            received_at: s.received_at.to_string(),
        });
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
        Some("no unique reference number found".into()),
    ))
}

/// A stored submission as the authority API shows it.
pub struct Stored {
    pub seq: i64,
    pub reference: String,
    pub submission_id: String,
    pub form_id: String,
    pub form_version: String,
    pub submitted_at: String,
    pub received_at: String,
    pub locale: String,
    pub data: Value,
}

const COLUMNS: &str = "seq, reference, submission_id, form_id, form_version, submitted_at, \
                       received_at, locale, data";

fn row_to_stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    let data: String = r.get(8)?;
    Ok(Stored {
        seq: r.get(0)?,
        reference: r.get(1)?,
        submission_id: r.get(2)?,
        form_id: r.get(3)?,
        form_version: r.get(4)?,
        submitted_at: r.get(5)?,
        received_at: r.get(6)?,
        locale: r.get(7)?,
        data: serde_json::from_str(&data).unwrap_or(Value::Null),
    })
}

pub fn get(conn: &Connection, reference: &str) -> rusqlite::Result<Option<Stored>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM submissions WHERE reference = ?1"),
        [reference],
        row_to_stored,
    )
    .optional()
}

/// Submissions of a form, oldest first: `per_page` entries after `offset`, and the total.
pub fn list(
    conn: &Connection,
    form_id: &str,
    offset: i64,
    limit: i64,
) -> rusqlite::Result<(Vec<Stored>, i64)> {
    let total: i64 = conn.query_row(
        "SELECT COUNT(*) FROM submissions WHERE form_id = ?1",
        [form_id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE form_id = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt
        .query_map(params![form_id, limit, offset], row_to_stored)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total))
}

/// Calls `f` for every submission of a form, oldest first (for the CSV export).
pub fn for_each(
    conn: &Connection,
    form_id: &str,
    mut f: impl FnMut(Stored),
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE form_id = ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([form_id])?;
    while let Some(r) = rows.next()? {
        f(row_to_stored(r)?);
    }
    Ok(())
}

/// File metadata (without content): part, name, type, size, sha256.
pub struct FileMeta {
    pub part: String,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

pub fn files(conn: &Connection, seq: i64) -> rusqlite::Result<Vec<FileMeta>> {
    let mut stmt = conn.prepare(
        "SELECT part, name, media_type, size, sha256 FROM files WHERE submission_seq = ?1
         ORDER BY rowid",
    )?;
    let rows = stmt
        .query_map([seq], |r| {
            Ok(FileMeta {
                part: r.get(0)?,
                name: r.get(1)?,
                media_type: r.get(2)?,
                size: r.get(3)?,
                sha256: r.get(4)?,
            })
        })?
        .collect();
    rows
}

pub fn file_content(
    conn: &Connection,
    reference: &str,
    part: &str,
) -> rusqlite::Result<Option<(FileMeta, Vec<u8>)>> {
    conn.query_row(
        "SELECT f.part, f.name, f.media_type, f.size, f.sha256, f.content
         FROM files f JOIN submissions s ON s.seq = f.submission_seq
         WHERE s.reference = ?1 AND f.part = ?2",
        [reference, part],
        |r| {
            Ok((
                FileMeta {
                    part: r.get(0)?,
                    name: r.get(1)?,
                    media_type: r.get(2)?,
                    size: r.get(3)?,
                    sha256: r.get(4)?,
                },
                r.get(5)?,
            ))
        },
    )
    .optional()
}

/// A form version the server has seen.
pub struct FormVersion {
    pub sha256: String,
    pub source: String,
    pub code_lists: BTreeMap<String, String>,
    pub superseded_ms: Option<i64>,
}

/// Records the current version of a form: stores (or refreshes) its source and code lists, and
/// marks every other version of the form as superseded from now on (unless it already is).
pub fn record_current_version(
    conn: &mut Connection,
    form_id: &str,
    version: &str,
    sha256: &str,
    source: &str,
    code_lists: &BTreeMap<String, String>,
    now_ms: i64,
) -> rusqlite::Result<()> {
    let lists = serde_json::to_string(code_lists).unwrap_or_else(|_| "{}".into());
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO form_versions (form_id, version, sha256, source, code_lists, first_seen_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (form_id, version) DO UPDATE SET
             sha256 = excluded.sha256, source = excluded.source,
             code_lists = excluded.code_lists, superseded_ms = NULL",
        params![form_id, version, sha256, source, lists, now_ms],
    )?;
    tx.execute(
        "UPDATE form_versions SET superseded_ms = ?3
         WHERE form_id = ?1 AND version <> ?2 AND superseded_ms IS NULL",
        params![form_id, version, now_ms],
    )?;
    tx.commit()
}

pub fn form_version(
    conn: &Connection,
    form_id: &str,
    version: &str,
) -> rusqlite::Result<Option<FormVersion>> {
    conn.query_row(
        "SELECT sha256, source, code_lists, superseded_ms FROM form_versions
         WHERE form_id = ?1 AND version = ?2",
        [form_id, version],
        |r| {
            let lists: String = r.get(2)?;
            Ok(FormVersion {
                sha256: r.get(0)?,
                source: r.get(1)?,
                code_lists: serde_json::from_str(&lists).unwrap_or_default(),
                superseded_ms: r.get(3)?,
            })
        },
    )
    .optional()
}
