//! `antrag check`, `antrag schema`, `antrag new`.

use crate::forms::{code_list_candidates, read_limited};
use crate::util::{is_form_id, is_version, reference_prefix};
use antrag_core::model::{FormDefinition, Manifest, ManifestEntry};
use antrag_core::{Diagnostic, Form, Severity};
use serde_json::json;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// A file to check and what it is.
struct Target {
    path: PathBuf,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// A current form `<forms>/<id>.json` (listed in the folder's `index.json`).
    Form,
    /// A code list (a file in a `codelists/` folder).
    CodeList,
    /// An archived version `<forms>/archive/<id>@<version>.json` (never in `index.json`), with
    /// its forms folder.
    Archived { forms: PathBuf },
}

/// The forms folder of `dir` if `dir` is an archive folder, `<forms>/archive`: the server reads
/// archived versions from there (forms.rs, `FormStore::version`).
fn archive_forms_folder(dir: &Path) -> Option<PathBuf> {
    // `.` (or `..`, or a file given without a folder) inside `forms/archive` has no name of its
    // own: the real folder's tells.
    let name = match dir.file_name() {
        Some(n) if !dir.as_os_str().is_empty() => n.to_os_string(),
        _ => std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .ok()?
        .file_name()?
        .to_os_string(),
    };
    (name == "archive").then(|| match dir.file_name() {
        Some(_) if !dir.as_os_str().is_empty() => {
            dir.parent().unwrap_or(Path::new("")).to_path_buf()
        }
        _ => dir.join(".."),
    })
}

/// Reads the code list `reference` of the form file in `folder` as the server does when it loads
/// that file (forms.rs, [`code_list_candidates`]); `forms` is the forms folder of an archived
/// version.
fn load_code_list(folder: &Path, forms: Option<&Path>, reference: &str) -> Option<String> {
    code_list_candidates(folder, forms.unwrap_or(folder), reference)
        .iter()
        .find_map(|p| read_limited(p))
}

fn skipped(name: &str) -> bool {
    name.ends_with(".schema.json") || name == "index.json"
}

/// The form files directly in `dir` (`*.json`, without schemas and `index.json`), sorted.
fn form_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().to_string();
        if e.file_type()?.is_file() && name.ends_with(".json") && !skipped(&name) {
            out.push(e.path());
        }
    }
    out.sort();
    Ok(out)
}

/// Adds the form files of `dir` as `kind`; `false` (and the error noted) if it cannot be read.
fn add_folder(
    dir: &Path,
    kind: Kind,
    targets: &mut Vec<Target>,
    io_errors: &mut Vec<String>,
) -> bool {
    match form_files(dir) {
        Ok(files) => {
            targets.extend(files.into_iter().map(|path| Target {
                path,
                kind: kind.clone(),
            }));
            true
        }
        Err(e) => {
            io_errors.push(format!("{}: {e}", dir.display()));
            false
        }
    }
}

/// `antrag check`: returns the exit code.
pub fn check(paths: &[PathBuf], format: Format, manifest: bool) -> i32 {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("forms")]
    } else {
        paths.to_vec()
    };
    let mut targets = Vec::new();
    let mut folders = Vec::new();
    let mut io_errors = Vec::new();
    for p in &paths {
        if p.is_dir() {
            if let Some(forms) = archive_forms_folder(p) {
                add_folder(p, Kind::Archived { forms }, &mut targets, &mut io_errors);
            } else {
                if add_folder(p, Kind::Form, &mut targets, &mut io_errors) {
                    folders.push(p.clone());
                }
                // Archived versions of the forms in this folder (never in its `index.json`).
                let archive = p.join("archive");
                if archive.is_dir() {
                    let forms = p.clone();
                    add_folder(
                        &archive,
                        Kind::Archived { forms },
                        &mut targets,
                        &mut io_errors,
                    );
                }
            }
        } else if p.is_file() {
            let dir = p.parent().unwrap_or(Path::new(""));
            let kind = if dir.file_name().is_some_and(|n| n == "codelists") {
                Kind::CodeList
            } else if let Some(forms) = archive_forms_folder(dir) {
                Kind::Archived { forms }
            } else {
                Kind::Form
            };
            targets.push(Target {
                path: p.clone(),
                kind,
            });
        } else {
            io_errors.push(format!("{}: no such file or folder", p.display()));
        }
    }

    let color = format == Format::Human && std::io::stdout().is_terminal();
    let (mut errors, mut warnings) = (0usize, 0usize);
    let mut reports = Vec::new();
    let mut human = String::new();
    // Forms without errors, per folder: (folder, entry).
    let mut good: Vec<(PathBuf, ManifestEntry)> = Vec::new();
    for t in &targets {
        let name = t.path.display().to_string();
        let bytes = match std::fs::read(&t.path) {
            Ok(b) => b,
            Err(e) => {
                io_errors.push(format!("{name}: {e}"));
                continue;
            }
        };
        let folder = t.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let diags: Vec<Diagnostic> = if t.kind == Kind::CodeList {
            match std::str::from_utf8(&bytes) {
                Ok(src) => antrag_core::check::check_code_list_source(&name, src),
                Err(_) => antrag_core::check::check_bytes(&name, &bytes, &|_| None),
            }
        } else {
            let forms = match &t.kind {
                Kind::Archived { forms } => Some(forms.as_path()),
                _ => None,
            };
            let load = |r: &str| load_code_list(&folder, forms, r);
            // Relative date bounds (`today+1y`) are judged on today's date in Germany.
            let today = antrag_core::value::Date::today_in_germany(crate::util::unix_millis(
                std::time::SystemTime::now(),
            ));
            let mut diags = antrag_core::check::check_bytes_on(&name, &bytes, &load, today);
            if let Some(forms) = forms {
                // Before the archive's own checks, whose errors stay errors.
                if crate::forms::read_and_compile(&t.path, forms).is_ok() {
                    archived_errors_as_warnings(&mut diags);
                }
                if let Ok(src) = std::str::from_utf8(&bytes) {
                    archive_checks(&t.path, src, forms, &mut diags);
                }
            }
            if t.kind == Kind::Form {
                misplaced_archive(&t.path, &mut diags);
            }
            diags
        };
        let e = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        errors += e;
        warnings += diags.len() - e;
        let src = String::from_utf8_lossy(&bytes);
        let listed = t.kind == Kind::Form && !diags.iter().any(|d| d.code == MISPLACED_ARCHIVE);
        if e == 0 && listed {
            if let Ok(def) = serde_json::from_str::<FormDefinition>(&src) {
                let file = t
                    .path
                    .file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default();
                good.push((
                    folder,
                    ManifestEntry {
                        id: def.id,
                        version: def.version,
                        title: def.title,
                        description: def.description,
                        file,
                    },
                ));
            }
        }
        match format {
            Format::Human if !diags.is_empty() => {
                let text = if color {
                    antrag_core::check::render_color(&name, &src, &diags)
                } else {
                    antrag_core::check::render(&name, &src, &diags)
                };
                human.push_str(&text);
                if !text.ends_with('\n') {
                    human.push('\n');
                }
                human.push('\n');
            }
            Format::Human => human.push_str(&format!("ok: {name}\n")),
            Format::Json => reports.push(json!({
                "file": name,
                "errors": e,
                "warnings": diags.len() - e,
                "diagnostics": diags,
            })),
        }
    }

    let mut written = Vec::new();
    if manifest {
        for folder in &folders {
            let mut entries: Vec<ManifestEntry> = good
                .iter()
                .filter(|(f, _)| f == folder)
                .map(|(_, e)| e.clone())
                .collect();
            entries.sort_by(|a, b| a.id.cmp(&b.id));
            match write_manifest(folder, Manifest { forms: entries }) {
                Ok(Some(p)) => written.push(p.display().to_string()),
                Ok(None) => {}
                Err(e) => io_errors.push(e),
            }
        }
    }

    let written_ok = match format {
        Format::Human => {
            for p in &written {
                human.push_str(&format!("wrote {p}\n"));
            }
            let report = emit(&human);
            for e in &io_errors {
                error_line(e);
            }
            report
                && emit(&format!(
                    "{} file(s) checked: {errors} error(s), {warnings} warning(s)\n",
                    targets.len()
                ))
        }
        Format::Json => {
            let v = json!({
                "files": reports,
                "errors": errors + io_errors.len(),
                "warnings": warnings,
                "ioErrors": io_errors,
                "manifests": written,
            });
            let mut text = serde_json::to_string_pretty(&v).unwrap_or_else(|_| v.to_string());
            text.push('\n');
            emit(&text)
        }
    };
    i32::from(errors > 0 || !io_errors.is_empty() || !written_ok)
}

const MISPLACED_ARCHIVE: &str = "archive-outside-archive";

/// A file named like an archived version (`<id>@<version>.json`) beside the current forms: the
/// server never reads it from there, and listing it on the start page would offer the old
/// version as a second form with the same id. Warned about and left out of `index.json`.
fn misplaced_archive(path: &Path, diags: &mut Vec<Diagnostic>) {
    let Some(file) = path.file_name().map(|f| f.to_string_lossy().to_string()) else {
        return;
    };
    if !file.contains('@') {
        return;
    }
    let mut d = Diagnostic::error(
        MISPLACED_ARCHIVE,
        format!("`{file}` is named like an archived version but is not in an `archive/` folder"),
    );
    d.severity = Severity::Warning;
    d.hint = Some(format!(
        "the server reads archived versions only from `forms/archive/` and the current version \
         only from `forms/<id>.json`, so it never uses this file, and it is not listed on the \
         start page: move it to `{}`",
        path.parent()
            .unwrap_or(Path::new(""))
            .join("archive")
            .join(&file)
            .display()
    ));
    diags.push(d);
}

/// Added to the message of a core error that is only a warning in an archived version.
const ARCHIVED_WARNING: &str =
    "(archived version: only a warning, because an archived file must not change and the server \
     can still use it)";

/// Turns the core checks' errors about an archived version that the server loads and compiles
/// (forms.rs, [`crate::forms::read_and_compile`]) into warnings that say why. The file is the
/// exact version that applications under way were started with, and must not change: a stricter
/// author check of a newer `antrag` must not fail the author's CI on it while the server still
/// uses it. A file the server cannot load keeps its errors (restore it, or remove it).
fn archived_errors_as_warnings(diags: &mut [Diagnostic]) {
    for d in diags.iter_mut().filter(|d| d.severity == Severity::Error) {
        d.severity = Severity::Warning;
        d.message = format!("{} {ARCHIVED_WARNING}", d.message);
    }
}

/// The checks of an archived version `<forms>/archive/<file>` against what the server does with
/// it (forms.rs, `FormStore::version`): it reads version `v` of form `id` from the file
/// `archive/<id>@<v>.json` only, only while `<forms>/<id>.json` exists, and only for a version
/// other than the current one. Core's `id-file-mismatch` (about current forms, `<id>.json`) is
/// replaced by these. Besides, what a copy of the current form gets wrong in the archive: a
/// version newer than the current form's, a `$schema` path that names no file from there.
fn archive_checks(path: &Path, src: &str, forms: &Path, diags: &mut Vec<Diagnostic>) {
    let folder = path.parent().unwrap_or(Path::new(""));
    diags.retain(|d| d.code != "id-file-mismatch");
    for d in diags.iter_mut().filter(|d| d.code == "missing-code-list") {
        d.hint = Some(format!(
            "the server reads the code lists of an archived version relative to `{}`, then to \
             `{}`: is the file in one of them?",
            shown(folder),
            shown(forms)
        ));
    }
    let found = archive_findings(path, src, folder, forms);
    if !found.is_empty() {
        // Keep core's order (by position, a note about dropped problems last).
        let last = if diags.last().is_some_and(|d| d.code == "too-many-problems") {
            diags.pop()
        } else {
            None
        };
        diags.extend(found);
        diags.sort_by_key(|d| (d.line, d.column));
        diags.extend(last);
    }
}

/// The findings of [`archive_checks`] about the archived file `path` (`src`, in `folder`).
fn archive_findings(path: &Path, src: &str, folder: &Path, forms: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Some(root) = antrag_core::check::json::parse(src).root else {
        return found;
    };
    let at = |severity, code: &str, message, pointer: &str, offset, hint| {
        let (line, column) = antrag_core::check::line_col(src, offset);
        Diagnostic {
            severity,
            code: code.into(),
            message,
            pointer: pointer.into(),
            line,
            column,
            hint: Some(hint),
        }
    };

    // `$schema` is a path for editors, relative to the file (the server ignores it): the
    // current form's `./form-definition.schema.json`, copied as it is, names no file here.
    if let Some(node) = root.get("$schema") {
        if let Some(right) = node
            .as_str()
            .and_then(|schema| schema_from_archive(schema, folder, forms))
        {
            found.push(at(
                Severity::Warning,
                "schema-path",
                format!(
                    "`$schema` `{}` names no file relative to this file: editors find no \
                     schema, so they neither complete nor check keys as you type",
                    node.as_str().unwrap_or_default()
                ),
                "/$schema",
                node.span.start,
                format!(
                    "the path is relative to the file, and from `{}` the schema is one folder \
                     up: write `\"$schema\": \"{right}\"`",
                    shown(folder)
                ),
            ));
        }
    }

    let (Some(id_node), Some(version_node)) = (root.get("id"), root.get("version")) else {
        return found;
    };
    let (Some(id), Some(version)) = (id_node.as_str(), version_node.as_str()) else {
        return found;
    };
    // Core reports an id or version the server cannot look up a file for.
    if !is_form_id(id) || !is_version(version) {
        return found;
    }

    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let expected = format!("{id}@{version}.json");
    if file != expected {
        let stem = file.strip_suffix(".json").unwrap_or(&file);
        let (message, on_id) = match stem.split_once('@') {
            Some((i, v)) if i != id && v != version => (
                format!(
                    "the file name says form `{i}` in version `{v}`, the form is `{id}` in \
                     version `{version}`"
                ),
                true,
            ),
            Some((i, _)) if i != id => (
                format!("the file name says form `{i}`, the form's id is `{id}`"),
                true,
            ),
            Some((_, v)) => (
                format!("the file name says version `{v}`, the form's version is `{version}`"),
                false,
            ),
            None => (
                format!("the name of an archived version has no `@<version>`: `{file}`"),
                false,
            ),
        };
        let (pointer, node) = if on_id {
            ("/id", id_node)
        } else {
            ("/version", version_node)
        };
        found.push(at(
            Severity::Error,
            "archive-file-name",
            message,
            pointer,
            node.span.start,
            format!(
                "the server looks for version {version} of `{id}` only in `{}` and never uses \
                 this file: rename it to `{expected}`",
                folder.join(&expected).display()
            ),
        ));
    }

    let current = forms.join(format!("{id}.json"));
    if !current.is_file() {
        found.push(at(
            Severity::Warning,
            "archive-without-form",
            format!("there is no current form `{}`", current.display()),
            "/id",
            id_node.span.start,
            format!(
                "the server takes applications for `{id}`, in any version, only while `{}` \
                 exists, so it never reads this file: restore the form, or remove this file",
                current.display()
            ),
        ));
    } else if let Some(cur) = read_limited(&current)
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .filter(|cur| cur["id"].as_str() == Some(id))
    {
        let raise = match next_minor(version) {
            Some(next) => format!(
                "raise the `version` in `{}` (to `{next}`)",
                current.display()
            ),
            None => format!("raise the `version` in `{}`", current.display()),
        };
        let current_version = cur["version"].as_str().unwrap_or_default();
        if current_version == version {
            let same = same_content(src, folder, forms, &cur);
            found.push(if same {
                at(
                    Severity::Warning,
                    "archive-is-current",
                    format!(
                        "this is the current version `{version}` of `{}`, unchanged",
                        current.display()
                    ),
                    "/version",
                    version_node.span.start,
                    format!(
                        "the server takes version {version} from `{}` and never reads this \
                         file; when you change the form, {raise} and keep this copy",
                        current.display()
                    ),
                )
            } else {
                at(
                    Severity::Error,
                    "archive-same-version",
                    format!(
                        "`{}` has the same version `{version}` with other content",
                        current.display()
                    ),
                    "/version",
                    version_node.span.start,
                    format!(
                        "the server judges every application of version {version} by `{}` \
                         and never reads this file: {raise}",
                        current.display()
                    ),
                )
            });
        } else if newer(version, current_version) {
            // The new version archived instead of the old one, or the current version not
            // raised: new visitors get the older form.
            found.push(at(
                Severity::Warning,
                "archive-newer-than-form",
                format!(
                    "this archived version `{version}` is newer than the current version \
                     `{current_version}` in `{}`",
                    current.display()
                ),
                "/version",
                version_node.span.start,
                format!(
                    "new visitors get version {current_version} from `{0}`, and the server \
                     reads this file only for applications made with version {version}: if \
                     this file is the new form, move it to `{0}` and archive that one as `{1}`; \
                     if `{0}` is the form to publish, {raise}",
                    current.display(),
                    folder
                        .join(format!("{id}@{current_version}.json"))
                        .display()
                ),
            ));
        }
    }
    found
}

/// Whether the version `a` is newer than `b`, both semantic versions, by their numbers
/// `MAJOR.MINOR.PATCH` (`1.10.0` is newer than `1.9.0`); `false` if either is no semantic
/// version (core reports it as `bad-version`). A pre-release and its release (`1.1.0-rc.1`,
/// `1.1.0`) count as the same version here.
fn newer(a: &str, b: &str) -> bool {
    match (version_numbers(a), version_numbers(b)) {
        (Some(a), Some(b)) => a > b,
        _ => false,
    }
}

/// `(MAJOR, MINOR, PATCH)` of a semantic version (`1.2.3-rc.1` → `(1, 2, 3)`).
fn version_numbers(v: &str) -> Option<(u64, u64, u64)> {
    if !antrag_core::form::is_semver(v) {
        return None;
    }
    let mut numbers = v.split(['-', '+']).next()?.split('.').map(str::parse);
    match (numbers.next(), numbers.next(), numbers.next()) {
        (Some(Ok(major)), Some(Ok(minor)), Some(Ok(patch))) => Some((major, minor, patch)),
        _ => None,
    }
}

/// For the relative `$schema` path `schema` of an archived file in `folder` (`<forms>/archive`)
/// that names no file from there but does from the forms folder `forms` (the file was copied
/// from there as it was): the path that names that file from `folder`,
/// `./form-definition.schema.json` → `../form-definition.schema.json`. `None` for an address
/// (`https://…`), an absolute path, a path that names a file, and one that names none from the
/// forms folder either (the current forms have no schema file to point to).
fn schema_from_archive(schema: &str, folder: &Path, forms: &Path) -> Option<String> {
    let path = schema.split('#').next().unwrap_or_default();
    let has_scheme = antrag_core::check::has_url_scheme(path);
    let absolute = path.starts_with(['/', '\\']) || Path::new(path).is_absolute();
    if path.is_empty() || has_scheme || absolute || folder.join(path).is_file() {
        return None;
    }
    if !forms.join(path).is_file() {
        return None;
    }
    let mut rest = path;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    Some(format!("../{rest}"))
}

/// Whether the archived form `src` (in `folder`) and the current form `current` are the same
/// form: equal JSON apart from `$schema` (a path for editors, which differs between the folders),
/// and the same code lists as the server reads them for each.
fn same_content(src: &str, folder: &Path, forms: &Path, current: &serde_json::Value) -> bool {
    let Ok(mut archived) = serde_json::from_str::<serde_json::Value>(src) else {
        return false;
    };
    let mut current = current.clone();
    for v in [&mut archived, &mut current] {
        if let Some(o) = v.as_object_mut() {
            o.remove("$schema");
        }
    }
    if archived != current {
        return false;
    }
    let Ok(def) = serde_json::from_value::<FormDefinition>(current) else {
        return true;
    };
    let parsed = |text: Option<String>| {
        text.map(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(|_| t))
    };
    Form::code_list_refs(&def).iter().all(|r| {
        parsed(load_code_list(folder, Some(forms), r)) == parsed(load_code_list(forms, None, r))
    })
}

/// `1.2.3` → `1.3.0`; `None` for a version that is no plain `MAJOR.MINOR.PATCH`.
fn next_minor(version: &str) -> Option<String> {
    let mut parts = version.split('.');
    let major: u64 = parts.next()?.parse().ok()?;
    let minor: u64 = parts.next()?.parse().ok()?;
    let _patch: u64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some(format!("{major}.{}.0", minor.checked_add(1)?))
}

/// A folder for messages (`.` for the working directory).
fn shown(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".into()
    } else {
        dir.display().to_string()
    }
}

/// Writes `text` to stdout. A reader that has stopped reading (`antrag schema | head`) is no
/// failure of the command: the rest of the output is dropped quietly and the command ends as
/// it would have (no panic, as `print!` would have it). Any other failure to write (a full
/// disk) is reported, and `false` returned.
fn emit(text: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            error_line(&format!("cannot write the output: {e}"));
            false
        }
    }
}

/// Writes `error: {message}` to stderr, ignoring a stderr that cannot be written to (it may be
/// the same closed pipe as stdout: `antrag check 2>&1 | head`).
pub fn error_line(message: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {message}");
}

/// Writes `<folder>/index.json` if its content changes. Returns the path when written.
fn write_manifest(folder: &Path, m: Manifest) -> Result<Option<PathBuf>, String> {
    let path = folder.join("index.json");
    let mut text = serde_json::to_string_pretty(&m).map_err(|e| e.to_string())?;
    text.push('\n');
    if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
        return Ok(None);
    }
    // Write to a temporary file and rename, so the server never reads half a manifest.
    let tmp = folder.join(".index.json.tmp");
    std::fs::write(&tmp, &text)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(path))
}

/// `antrag schema`.
pub fn schema(code_list: bool) -> i32 {
    let s = if code_list {
        antrag_core::schema::codelist_schema()
    } else {
        antrag_core::schema::json_schema()
    };
    i32::from(!emit(&antrag_core::schema::to_pretty(&s)))
}

/// The starting form of `antrag new`.
pub fn new_form_json(id: &str) -> String {
    let prefix = reference_prefix(id, None);
    let v = json!({
        "$schema": "./form-definition.schema.json",
        "id": id,
        "version": "0.1.0",
        "title": {
            "de": "Titel des Antrags (bitte ändern)",
            "en": "Title of the application (please change)"
        },
        "description": {
            "de": "Ein Satz, der sagt, wofür dieser Antrag ist und wer ihn stellen kann. Die Datei ist ein Gerüst: ändern Sie die Texte, fügen Sie Seiten und Felder hinzu (siehe docs/form-format.md) und prüfen Sie sie mit `antrag check`.",
            "en": "One sentence on what this application is for and who can submit it. This file is a skeleton: change the texts, add pages and fields (see docs/form-format.md) and check it with `antrag check`."
        },
        "referencePrefix": prefix,
        "submit": {
            "url": format!("/api/forms/{id}/submissions"),
            "encoding": "json"
        },
        "confirmation": {
            "de": "Vielen Dank. Ihr Antrag ist eingegangen. (Beschreiben Sie hier, wie es weitergeht.)",
            "en": "Thank you. Your application has been received. (Describe the next steps here.)"
        },
        "pages": [
            {
                "id": "antragsteller",
                "title": { "de": "Angaben zur Person", "en": "About you" },
                "items": [
                    {
                        "type": "paragraph",
                        "text": {
                            "de": "Ein Absatz mit Erklärungen für diese Seite. Jede Seite ist ein Schritt des Assistenten; `id` ist Teil der Adresse.",
                            "en": "A paragraph explaining this page. Each page is one step of the wizard; its `id` is part of the address."
                        }
                    },
                    {
                        "type": "text",
                        "id": "name",
                        "label": { "de": "Vor- und Nachname", "en": "Full name" },
                        "hint": {
                            "de": "Ein Hinweis unter der Beschriftung. `required` macht das Feld zur Pflicht, `maxLength` begrenzt die Länge.",
                            "en": "A hint below the label. `required` makes the field mandatory, `maxLength` limits the length."
                        },
                        "autocomplete": "name",
                        "required": true,
                        "maxLength": 150
                    },
                    {
                        "type": "email",
                        "id": "email",
                        "label": { "de": "E-Mail-Adresse", "en": "Email address" },
                        "autocomplete": "email",
                        "required": true
                    }
                ]
            },
            {
                "id": "erklaerung",
                "title": { "de": "Erklärung", "en": "Declaration" },
                "items": [
                    {
                        "type": "consent",
                        "id": "richtigkeit",
                        "label": {
                            "de": "Ich versichere, dass meine Angaben vollständig und richtig sind.",
                            "en": "I confirm that my answers are complete and correct."
                        },
                        "required": true
                    }
                ]
            }
        ]
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// `antrag new <id>`: writes `<forms>/<id>.json`, never over an existing file.
pub fn new_form(id: &str, forms: &Path) -> i32 {
    if !is_form_id(id) || id == "index" {
        error_line(&format!(
            "`{id}` is not a valid form id: use lowercase letters, digits and `-` (for \
             example `kita-fachkraefte`)"
        ));
        return 2;
    }
    if let Err(e) = std::fs::create_dir_all(forms) {
        error_line(&format!("cannot create {}: {e}", forms.display()));
        return 1;
    }
    let path = forms.join(format!("{id}.json"));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    match file {
        Ok(mut f) => {
            use std::io::Write;
            if let Err(e) = f.write_all(new_form_json(id).as_bytes()) {
                error_line(&format!("cannot write {}: {e}", path.display()));
                return 1;
            }
            // The file is written: a closed stdout changes nothing about that.
            emit(&format!(
                "created {0}\nnext: edit the texts, then run `antrag check {0}`\n",
                path.display()
            ));
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            error_line(&format!(
                "{} already exists; not overwriting it",
                path.display()
            ));
            1
        }
        Err(e) => {
            error_line(&format!("cannot create {}: {e}", path.display()));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    /// Every example text of `antrag new` is one `antrag check` recognises as such (core keeps
    /// its own list of them): a skeleton published unchanged is warned about text by text.
    #[test]
    fn antrag_check_recognises_every_example_text_of_antrag_new() {
        let src = super::new_form_json("musterantrag");
        let d = antrag_core::check::check_source("forms/musterantrag.json", &src, &|_| None);
        let mut at: Vec<&str> = d
            .iter()
            .filter(|d| d.code == "skeleton-text")
            .map(|d| d.pointer.as_str())
            .collect();
        at.sort_unstable();
        assert_eq!(
            at,
            [
                "/confirmation/de",
                "/confirmation/en",
                "/description/de",
                "/description/en",
                "/pages/0/items/0/text/de",
                "/pages/0/items/0/text/en",
                "/pages/0/items/1/hint/de",
                "/pages/0/items/1/hint/en",
                "/title/de",
                "/title/en",
            ],
            "{d:#?}"
        );
    }
}
