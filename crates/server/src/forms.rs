//! The forms the server accepts submissions for, read from `forms/` and cached by file stamps
//! (modification time and size), so a file added, changed or removed is picked up without restart.
//!
//! Which versions of a form are accepted (see `docs/submission-protocol.md`):
//! 1. the version in the current file `forms/<id>.json`;
//! 2. a version kept as a file `forms/archive/<id>@<version>.json`;
//! 3. a version the server has seen as the current file before (stored with its code lists in
//!    the database), until `version_grace` after it was superseded.
//!
//! Removing `forms/<id>.json` withdraws the whole form (`404`).

use crate::db;
use crate::util::{is_form_id, is_version, sha256_hex, unix_millis};
use antrag_core::model::FormDefinition;
use antrag_core::{Diagnostic, Form};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Largest form or code list file read (the same limit as `antrag check`).
pub const MAX_FILE: u64 = antrag_core::check::MAX_FILE_SIZE as u64;

/// Where the code list `reference` of a form file in `folder` is looked for, in this order:
/// relative to the file's folder, then (for an archived version in `<forms>/archive/`)
/// relative to the forms folder `forms`. `antrag check` reads them the same way.
pub fn code_list_candidates(folder: &Path, forms: &Path, reference: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = resolve_relative(folder, reference).into_iter().collect();
    if folder != forms {
        out.extend(resolve_relative(forms, reference));
    }
    out
}

/// A compiled form version with everything it was compiled from.
pub struct Loaded {
    pub id: String,
    pub version: String,
    /// SHA-256 over the form source and its code lists (stored with each submission).
    pub sha256: String,
    pub source: String,
    pub code_lists: BTreeMap<String, String>,
    pub form: Form,
}

impl Loaded {
    pub fn def(&self) -> &FormDefinition {
        self.form.def()
    }
}

/// The answer of [`FormStore::version`].
pub enum Lookup {
    /// No `forms/<id>.json`.
    NotFound,
    /// The current file does not compile (and the version was not found elsewhere).
    Broken,
    /// The form exists, but not in this version (or the version was withdrawn).
    UnknownVersion {
        current: Option<String>,
    },
    Found(Arc<Loaded>),
}

type Stamp = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

struct Entry {
    stamp: Stamp,
    result: Result<Arc<Loaded>, Arc<Vec<Diagnostic>>>,
}

pub struct FormStore {
    dir: PathBuf,
    db: Arc<Mutex<Connection>>,
    grace: Duration,
    /// Keyed by the form file's path.
    files: Mutex<HashMap<PathBuf, Entry>>,
    /// Compiled versions from the database, keyed by (id, version, sha256).
    snapshots: Mutex<HashMap<(String, String, String), Arc<Loaded>>>,
}

fn stat(p: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(p).ok()?;
    Some((m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
}

/// Whether the files behind a cache entry are unchanged. A file modified in the last two seconds
/// is never trusted: on file systems with coarse timestamps a second write of the same size in
/// the same tick would otherwise go unnoticed.
fn fresh(stamp: &Stamp) -> bool {
    let recent = SystemTime::now()
        .checked_sub(Duration::from_secs(2))
        .unwrap_or(SystemTime::UNIX_EPOCH);
    stamp.iter().all(|(p, s)| {
        let now = stat(p);
        now == *s && now.is_none_or(|(mtime, _)| mtime < recent)
    })
}

/// Resolves a code list reference (`codelists/x.json`) against a folder: only plain relative
/// paths (no `..`, no absolute paths, no drive letters) are allowed.
pub fn resolve_relative(base: &Path, reference: &str) -> Option<PathBuf> {
    if reference.is_empty() || reference.contains('\\') || reference.contains(':') {
        return None;
    }
    let rel = Path::new(reference);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(base.join(rel))
}

/// Reads a text file of at most [`MAX_FILE`] bytes.
pub fn read_limited(p: &Path) -> Option<String> {
    let meta = std::fs::metadata(p).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return None;
    }
    std::fs::read_to_string(p).ok()
}

fn diag(code: &str, message: String) -> Vec<Diagnostic> {
    vec![Diagnostic::error(code, message)]
}

/// Compiles a form from its source and the texts of its code lists.
pub fn compile(
    source: &str,
    code_lists: &BTreeMap<String, String>,
) -> Result<Form, Vec<Diagnostic>> {
    let def: FormDefinition = serde_json::from_str(source)
        .map_err(|e| diag("invalid-form", format!("the form file is not valid: {e}")))?;
    Form::compile_with_sources(def, code_lists)
}

/// Reads the form file at `path` and compiles it as the server does for a current or an archived
/// version (code lists relative to the file's folder, then to the forms folder `forms`,
/// [`code_list_candidates`]). `antrag check` asks it whether the server can use an archived file.
pub fn read_and_compile(path: &Path, forms: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    read_and_compile_stamped(path, forms, &mut Vec::new())
}

/// [`read_and_compile`], noting every file read (or looked for) in `stamp`.
fn read_and_compile_stamped(
    path: &Path,
    forms: &Path,
    stamp: &mut Stamp,
) -> Result<Loaded, Vec<Diagnostic>> {
    let source = read_limited(path)
        .ok_or_else(|| diag("unreadable", "the form file cannot be read".into()))?;
    let def: FormDefinition = serde_json::from_str(&source)
        .map_err(|e| diag("invalid-form", format!("the form file is not valid: {e}")))?;
    let folder = path.parent().unwrap_or(forms);
    let mut code_lists = BTreeMap::new();
    for r in Form::code_list_refs(&def) {
        let mut found = None;
        for c in code_list_candidates(folder, forms, &r) {
            stamp.push((c.clone(), stat(&c)));
            if let Some(text) = read_limited(&c) {
                found = Some(text);
                break;
            }
        }
        match found {
            Some(text) => {
                code_lists.insert(r, text);
            }
            None => {
                return Err(diag(
                    "missing-code-list",
                    format!("code list `{r}` not found"),
                ))
            }
        }
    }
    let form = compile(&source, &code_lists)?;
    Ok(Loaded {
        id: def.id.clone(),
        version: def.version.clone(),
        sha256: fingerprint(&source, &code_lists),
        source,
        code_lists,
        form,
    })
}

fn fingerprint(source: &str, code_lists: &BTreeMap<String, String>) -> String {
    let mut all = String::from(source);
    for (k, v) in code_lists {
        all.push('\0');
        all.push_str(k);
        all.push('\0');
        all.push_str(v);
    }
    sha256_hex(all.as_bytes())
}

impl FormStore {
    pub fn new(dir: PathBuf, db: Arc<Mutex<Connection>>, grace: Duration) -> Self {
        FormStore {
            dir,
            db,
            grace,
            files: Mutex::new(HashMap::new()),
            snapshots: Mutex::new(HashMap::new()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of the current file of a form (`None` for an invalid id).
    pub fn current_path(&self, id: &str) -> Option<PathBuf> {
        is_form_id(id).then(|| self.dir.join(format!("{id}.json")))
    }

    /// Loads (or takes from the cache) the form file at `path`; code lists are looked up
    /// relative to the file's folder, then in `forms/`. `None` if the file does not exist.
    fn load_file(
        &self,
        path: &Path,
        record_as_current: bool,
    ) -> Option<Result<Arc<Loaded>, Arc<Vec<Diagnostic>>>> {
        if let Ok(files) = self.files.lock() {
            if let Some(e) = files.get(path) {
                if fresh(&e.stamp) {
                    return e.stamp[0].1.map(|_| e.result.clone());
                }
            }
        }
        let file_stamp = stat(path);
        let mut stamp: Stamp = vec![(path.to_path_buf(), file_stamp)];
        let result = file_stamp
            .map(|_| read_and_compile_stamped(path, &self.dir, &mut stamp))
            .map(|r| r.map(Arc::new).map_err(Arc::new));
        if let Some(Ok(loaded)) = &result {
            if record_as_current {
                {
                    let mut conn = db::lock(&self.db);
                    let _ = db::record_current_version(
                        &mut conn,
                        &loaded.id,
                        &loaded.version,
                        &loaded.sha256,
                        &loaded.source,
                        &loaded.code_lists,
                        unix_millis(SystemTime::now()),
                    );
                }
            }
        }
        if let Ok(mut files) = self.files.lock() {
            match &result {
                Some(r) => {
                    files.insert(
                        path.to_path_buf(),
                        Entry {
                            stamp,
                            result: r.clone(),
                        },
                    );
                }
                None => {
                    files.remove(path);
                }
            }
        }
        result
    }

    /// The current version of a form: `None` if there is no file, `Err` if it does not compile.
    pub fn current(&self, id: &str) -> Option<Result<Arc<Loaded>, Arc<Vec<Diagnostic>>>> {
        let path = self.current_path(id)?;
        let r = self.load_file(&path, true)?;
        // A file whose `id` differs from its name is not served under that name.
        Some(r.and_then(|l| {
            if l.id == id {
                Ok(l)
            } else {
                Err(Arc::new(diag(
                    "id-mismatch",
                    format!("the form in `{id}.json` has the id `{}`", l.id),
                )))
            }
        }))
    }

    /// The form `id` in `version`, following the rules in the module documentation.
    pub fn version(&self, id: &str, version: &str) -> Lookup {
        let current = match self.current(id) {
            None => return Lookup::NotFound,
            Some(c) => c,
        };
        if let Ok(c) = &current {
            if c.version == version {
                return Lookup::Found(c.clone());
            }
        }
        if is_version(version) {
            let archived = self
                .dir
                .join("archive")
                .join(format!("{id}@{version}.json"));
            if let Some(Ok(l)) = self.load_file(&archived, false) {
                if l.id == id && l.version == version {
                    return Lookup::Found(l);
                }
            }
        }
        if let Some(l) = self.snapshot(id, version) {
            return Lookup::Found(l);
        }
        match current {
            Ok(c) => Lookup::UnknownVersion {
                current: Some(c.version.clone()),
            },
            Err(_) => Lookup::Broken,
        }
    }

    /// A version remembered in the database, if it has not been superseded for longer than the
    /// grace period.
    fn snapshot(&self, id: &str, version: &str) -> Option<Arc<Loaded>> {
        let stored = {
            let conn = db::lock(&self.db);
            db::form_version(&conn, id, version).ok()??
        };
        if let Some(since) = stored.superseded_ms {
            let age = unix_millis(SystemTime::now()).saturating_sub(since);
            if age < 0 || age as u128 >= self.grace.as_millis() {
                return None;
            }
        }
        let key = (id.to_string(), version.to_string(), stored.sha256.clone());
        if let Some(l) = self.snapshots.lock().ok()?.get(&key) {
            return Some(l.clone());
        }
        let form = compile(&stored.source, &stored.code_lists).ok()?;
        let loaded = Arc::new(Loaded {
            id: id.to_string(),
            version: version.to_string(),
            sha256: stored.sha256,
            source: stored.source,
            code_lists: stored.code_lists,
            form,
        });
        self.snapshots.lock().ok()?.insert(key, loaded.clone());
        Some(loaded)
    }

    /// The ids of the form files in the folder (`<id>.json`, without `index.json` and schemas).
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let id = name.strip_suffix(".json")?;
                (is_form_id(id) && id != "index").then(|| id.to_string())
            })
            .collect();
        ids.sort();
        ids
    }

    /// Loads every current form once (so the database remembers the versions the browsers may
    /// have loaded, even before the first submission).
    pub fn refresh_all(&self) {
        for id in self.ids() {
            let _ = self.current(&id);
        }
    }
}

/// Modification stamps of every file under `dir` (relative path → stamp), up to a few thousand
/// files and a depth of 4, for change notifications.
pub fn scan(dir: &Path) -> BTreeMap<String, (SystemTime, u64)> {
    fn walk(base: &Path, dir: &Path, depth: u32, out: &mut BTreeMap<String, (SystemTime, u64)>) {
        if depth > 4 || out.len() > 5000 {
            return;
        }
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                walk(base, &p, depth + 1, out);
            } else if ft.is_file() {
                if let (Some(s), Ok(rel)) = (stat(&p), p.strip_prefix(base)) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    out.insert(rel, s);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, 0, &mut out);
    out
}
