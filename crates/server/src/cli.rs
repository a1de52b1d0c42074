//! `antrag check`, `antrag schema`, `antrag new`.

use crate::forms::{read_limited, resolve_relative};
use crate::util::{is_form_id, reference_prefix};
use antrag_core::model::{FormDefinition, Manifest, ManifestEntry};
use antrag_core::{Diagnostic, Severity};
use serde_json::json;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// A file to check and whether it is a code list.
struct Target {
    path: PathBuf,
    code_list: bool,
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
            match form_files(p) {
                Ok(files) => {
                    targets.extend(files.into_iter().map(|path| Target {
                        path,
                        code_list: false,
                    }));
                    folders.push(p.clone());
                }
                Err(e) => io_errors.push(format!("{}: {e}", p.display())),
            }
        } else if p.is_file() {
            let code_list = p
                .parent()
                .and_then(|d| d.file_name())
                .is_some_and(|n| n == "codelists");
            targets.push(Target {
                path: p.clone(),
                code_list,
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
        let diags: Vec<Diagnostic> = if t.code_list {
            match std::str::from_utf8(&bytes) {
                Ok(src) => antrag_core::check::check_code_list_source(&name, src),
                Err(_) => antrag_core::check::check_bytes(&name, &bytes, &|_| None),
            }
        } else {
            let base = folder.clone();
            let load = move |r: &str| resolve_relative(&base, r).and_then(|p| read_limited(&p));
            // Relative date bounds (`today+1y`) are judged on today's date in Germany.
            let today = antrag_core::value::Date::today_in_germany(crate::util::unix_millis(
                std::time::SystemTime::now(),
            ));
            antrag_core::check::check_bytes_on(&name, &bytes, &load, today)
        };
        let e = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        errors += e;
        warnings += diags.len() - e;
        let src = String::from_utf8_lossy(&bytes);
        if e == 0 && !t.code_list {
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
