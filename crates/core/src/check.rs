//! The checks for form authors (`antrag check`, the dev preview): every problem of a form file in
//! one run, each with line and column, rendered like compiler errors.
//!
//! The stages:
//! 1. size limit, then a span-aware JSON parse ([`json`]) that recovers from the usual mistakes
//!    (trailing and missing commas, comments, single quotes) and reports each with a hint;
//! 2. structural checks on the tree: unknown keys (with "did you mean"), missing keys, wrong value
//!    types, unknown item types, invalid texts, keys without effect for a field type; and, on the
//!    same walk, what texts and field keys say: markup in texts shown as written, links the app
//!    does not make, markup of other tools (HTML, `__x__`, `# …`, numbered lines), texts left
//!    from `antrag new`, an `itemLabel` without `{n}`, a `pattern` without its message, number
//!    bounds with more decimal places than the field takes or written with thousands
//!    separators, `autocomplete` values browsers do not know, rule codes that are no codes;
//! 3. if the structure is sound: deserialization, the code lists (read via `load`), and
//!    [`Form::compile`](crate::Form::compile) for the semantic checks (references, expressions,
//!    cycles, regexes, bounds), then conditions that read a field of a later page (on the
//!    compiled form); their JSON pointers are mapped back to positions;
//! 4. warnings for authors: `$schema` missing, id not matching the file name (an error), missing English
//!    translations, a pre-release version;
//! 5. whatever stages 2 and 3 found, what the file says: empty texts, a version that is no
//!    semantic version (`bad-version`, reported here and not by the compile step, so that it
//!    is reported once), `submit` against the form (file fields need `multipart`; the
//!    reference server's address), uploads beyond the server's default limit, decimal commas
//!    in expressions, and with a day ([`check_source_on`]) date bounds that leave no date.
//!
//! Nothing here panics on any input, and work is bounded by [`MAX_FILE_SIZE`],
//! [`json::MAX_DEPTH`] and [`MAX_DIAGNOSTICS`].

pub mod json;
mod render;
pub(crate) mod shape;

pub use render::{render, render_color};

use crate::model::{CodeList, FormDefinition};
use crate::value::{Date, DateBound};
use crate::{Diagnostic, Severity};
use json::{Kind, Node};
use std::collections::{BTreeMap, BTreeSet};

/// Largest form or code list file accepted (5 MiB).
pub const MAX_FILE_SIZE: usize = 5 * 1024 * 1024;
/// At most this many diagnostics are reported per file (plus one note that more were dropped).
pub const MAX_DIAGNOSTICS: usize = 200;

/// Checks a form file. `file_name` is used for the id ↔ file name check; `load` reads a code list
/// file given the `codeList` value (a path relative to the form file, `codelists/x.json`).
///
/// Diagnostics are sorted by position. Semantic diagnostics from [`crate::Form::compile`] get
/// their position from their `pointer`; for a diagnostic about an expression, the caret points
/// inside the string when the diagnostic carries the byte offset within the expression as
/// `column = offset + 1` with `line = 0`, or else at the first name of the message in backticks
/// (`` unknown field `foo` ``) that occurs in the expression.
pub fn check_source(
    file_name: &str,
    src: &str,
    load: &dyn Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    check_form(file_name, src, load, None)
}

/// [`check_source`] on the day `today` (the day in Germany, [`Date::today_in_germany`]): also
/// reports a date field whose `minDate` and `maxDate`, one of them counted from today, leave no
/// date to enter on that day (`date-range-empty`). [`check_source`] has no day: with one bound
/// fixed and one relative, whether any date fits depends on it.
pub fn check_source_on(
    file_name: &str,
    src: &str,
    load: &dyn Fn(&str) -> Option<String>,
    today: Date,
) -> Vec<Diagnostic> {
    check_form(file_name, src, load, Some(today))
}

fn check_form(
    file_name: &str,
    src: &str,
    load: &dyn Fn(&str) -> Option<String>,
    today: Option<Date>,
) -> Vec<Diagnostic> {
    if src.len() > MAX_FILE_SIZE {
        return vec![too_large(src.len())];
    }
    let (mut out, root) = parse_reporting(src);
    let Some(root) = root else {
        return out.finish();
    };
    if root.as_object().is_none() {
        out.push_at(
            Severity::Error,
            "wrong-type",
            format!(
                "a form must be a JSON object, found {}",
                root.kind.describe()
            ),
            "",
            root.span.start,
            Some(
                "a form starts with `{` and has `id`, `version`, `title`, `submit` and `pages`"
                    .into(),
            ),
        );
        return out.finish();
    }
    if root.get("options").is_some() && root.get("pages").is_none() {
        out.push_at(
            Severity::Error,
            "code-list-as-form",
            "this is a code list, not a form (it has `options` and no `pages`)".into(),
            "",
            root.span.start,
            Some(
                "keep code lists in the `codelists/` folder beside the forms (`\"codeList\": \
                 \"codelists/name.json\"`): every file directly in the forms folder is a form"
                    .into(),
            ),
        );
        return out.finish();
    }
    let mut walk = shape::Walk::default();
    walk.object(&root, &shape::FORM, "", None);
    for f in walk.findings.drain(..) {
        out.push_at(f.severity, f.code, f.message, &f.pointer, f.offset, f.hint);
    }
    out.dropped += walk.dropped;
    form_warnings(&mut out, file_name, &root, &walk);

    if out.has_errors() {
        content_checks(&mut out, src, &root, &walk, today);
        return out.finish();
    }
    let def: FormDefinition = match serde_json::from_str(src) {
        Ok(def) => def,
        Err(e) => {
            // The structural checks should have caught this; report serde's view as a fallback.
            let offset = out.offset_of_line_col(e.line(), e.column());
            out.push_at(
                Severity::Error,
                "invalid-form",
                strip_serde_position(&e.to_string()),
                "",
                offset,
                None,
            );
            content_checks(&mut out, src, &root, &walk, today);
            return out.finish();
        }
    };

    // Code lists: each referenced file once, problems reported at every `codeList` using it.
    let mut lists: CodeLists = BTreeMap::new();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let names: BTreeSet<&str> = walk.code_lists.iter().map(|r| r.name.as_str()).collect();
    for name in names {
        let problem = match load(name) {
            None => Some((
                "missing-code-list",
                format!("cannot read the code list `{name}`"),
                Some(format!(
                    "the path is relative to the form file; is there a file `{name}` next to it?"
                )),
            )),
            Some(text) => match parse_code_list(name, &text) {
                Ok(list) => {
                    lists.insert(name.to_string(), list);
                    None
                }
                Err((msg, hint)) => Some(("invalid-code-list", msg, hint)),
            },
        };
        if let Some((code, msg, hint)) = problem {
            for r in walk.code_lists.iter().filter(|r| r.name == name) {
                reported.insert(r.pointer.clone());
                out.push_at(
                    Severity::Error,
                    code,
                    msg.clone(),
                    &r.pointer,
                    r.offset,
                    hint.clone(),
                );
            }
        }
    }

    for mut d in compile(def, &lists) {
        if reported.contains(&d.pointer) && d.code.contains("code-list") {
            continue;
        }
        // Reported by `version_check` whatever else the file has wrong.
        if d.code == "bad-version" {
            continue;
        }
        // The caret points into the expression; its byte offset is only noise in the hint.
        // A type error is found at that offset (the comparison or value it is about).
        let mut hint_byte = None;
        if let Some(h) = &mut d.hint {
            if let Some(i) = h.rfind(" at byte ") {
                if let Ok(n) = h[i + 9..].parse::<usize>() {
                    hint_byte = Some(n).filter(|_| d.code == "expr-type");
                    h.truncate(i);
                }
            }
        }
        // "already used at /pages/0/items/3": the line and column say more to an author.
        if let Some(i) = d.message.rfind(" at /") {
            let ptr = &d.message[i + 4..];
            let id = format!("{ptr}/id");
            if let Some(node) = root.pointer(&id).or_else(|| root.pointer(ptr)) {
                let (l, c) = out.line_col(node.span.start);
                d.message = format!("{} at line {l}, column {c}", &d.message[..i]);
            }
        }
        let at_byte = split_at_byte(&mut d.message).or(hint_byte);
        let offset = semantic_offset(src, &root, &d, at_byte);
        out.push_at(d.severity, &d.code, d.message, &d.pointer, offset, d.hint);
    }
    content_checks(&mut out, src, &root, &walk, today);
    out.finish()
}

/// The checks of what the file says, run on the tree whatever the other stages found, and
/// reported after them: their errors do not stop the compile step, so that one run still
/// reports everything. Empty texts (found by the structural walk), `submit` against the form,
/// the size of the uploads, decimal commas in expressions.
///
/// None of them depends on the feature `author-checks` (this module never does). `submit` is
/// read by the app's transport only, never by `Form::compile`: a `submit` that cannot work
/// (`files-need-multipart`, `submit-url-other-form`) is an error here, like `id-file-mismatch`,
/// and not in the compile step, which the server and the app run to load a form (the
/// published form would stop loading instead of being reported).
fn content_checks(out: &mut Out, src: &str, root: &Node, walk: &shape::Walk, today: Option<Date>) {
    for f in &walk.late {
        out.push_at(
            f.severity,
            f.code,
            f.message.clone(),
            &f.pointer,
            f.offset,
            f.hint.clone(),
        );
    }
    version_check(out, root);
    submit_checks(out, root);
    reserved_page_ids(out, root);
    uploads(out, root);
    decimal_commas(out, src, root, &walk.exprs);
    if let Some(today) = today {
        date_ranges(out, root, today);
    }
}

/// [`check_source`] for raw bytes: invalid UTF-8 is reported with its position.
pub fn check_bytes(
    file_name: &str,
    bytes: &[u8],
    load: &dyn Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    check_bytes_at(file_name, bytes, load, None)
}

/// Whether `s` begins with a URL scheme (`https:`, `mailto:`, `urn:`): a letter, then letters,
/// digits, `+`, `-` or `.`, then `:` (RFC 3986).
pub fn has_url_scheme(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, _)| {
        scheme
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    })
}

/// 1-based line and column (in characters) of the byte offset `offset` of `src`, counted as
/// the diagnostics count them.
pub fn line_col(src: &str, offset: usize) -> (u32, u32) {
    Out::new(src).line_col(offset)
}

/// [`check_bytes`] on the day `today`, as [`check_source_on`].
pub fn check_bytes_on(
    file_name: &str,
    bytes: &[u8],
    load: &dyn Fn(&str) -> Option<String>,
    today: Date,
) -> Vec<Diagnostic> {
    check_bytes_at(file_name, bytes, load, Some(today))
}

fn check_bytes_at(
    file_name: &str,
    bytes: &[u8],
    load: &dyn Fn(&str) -> Option<String>,
    today: Option<Date>,
) -> Vec<Diagnostic> {
    if bytes.len() > MAX_FILE_SIZE {
        return vec![too_large(bytes.len())];
    }
    match std::str::from_utf8(bytes) {
        Ok(src) => check_form(file_name, src, load, today),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // the prefix is valid UTF-8 by construction
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            vec![Diagnostic {
                severity: Severity::Error,
                code: "invalid-utf8".into(),
                message: "the file is not valid UTF-8".into(),
                pointer: String::new(),
                line: to_u32(line),
                column: to_u32(col),
                hint: Some(
                    "save the file with the encoding UTF-8 (not Latin-1/Windows-1252)".into(),
                ),
            }]
        }
    }
}

/// Checks a code list file on its own (`antrag check forms/codelists/x.json`).
pub fn check_code_list_source(_file_name: &str, src: &str) -> Vec<Diagnostic> {
    if src.len() > MAX_FILE_SIZE {
        return vec![too_large(src.len())];
    }
    let (mut out, root) = parse_reporting(src);
    let Some(root) = root else {
        return out.finish();
    };
    let mut walk = shape::Walk::default();
    walk.object(&root, &shape::CODE_LIST, "", None);
    for f in walk.findings.drain(..) {
        out.push_at(f.severity, f.code, f.message, &f.pointer, f.offset, f.hint);
    }
    out.dropped += walk.dropped;
    let sound = !out.has_errors();
    for f in walk.late.drain(..) {
        out.push_at(f.severity, f.code, f.message, &f.pointer, f.offset, f.hint);
    }
    if sound {
        if let Err(e) = serde_json::from_str::<CodeList>(src) {
            let offset = out.offset_of_line_col(e.line(), e.column());
            let msg = strip_serde_position(&e.to_string());
            out.push_at(Severity::Error, "invalid-code-list", msg, "", offset, None);
        }
        let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
        if let Some(Kind::Array(options)) = root.get("options").map(|n| &n.kind) {
            for (i, o) in options.iter().enumerate() {
                if let Some(v) = o.get("value") {
                    if let Some(s) = v.as_str() {
                        if seen.insert(s, ()).is_some() {
                            out.push_at(
                                Severity::Error,
                                "duplicate-option",
                                format!("duplicate option value `{s}`"),
                                &format!("/options/{i}/value"),
                                v.span.start,
                                Some("every option needs its own `value`".into()),
                            );
                        }
                    }
                }
            }
        }
    }
    out.finish()
}

type CodeLists = BTreeMap<String, CodeList>;

/// The semantic checks of the compiled form.
/// The semantic diagnostics of [`crate::Form::compile`]: its errors, or the warnings of a form
/// that compiles and those of [`later_page_reads`].
fn compile(def: FormDefinition, lists: &CodeLists) -> Vec<Diagnostic> {
    match crate::Form::compile(def, lists) {
        Ok(form) => {
            let mut d = form.warnings().to_vec();
            d.extend(later_page_reads(&form));
            d
        }
        Err(diags) => diags,
    }
}

/// Conditions that read a field the citizen answers only on a later page: a page's
/// `visibleIf`, and an item's `visibleIf`, `enabledIf` and `requiredIf`. When the citizen gets
/// to the page, that field is still unanswered, so the condition is decided as if it were empty
/// (every comparison with it is false). One warning per condition and field read.
fn later_page_reads(form: &crate::Form) -> Vec<Diagnostic> {
    let page_id = |p: usize| {
        form.def()
            .pages
            .get(p)
            .map_or_else(|| format!("{}", p + 1), |page| page.id.clone())
    };
    // (pointer, key, expression, scope it is written in, its page, whether it is a page's)
    let mut conditions = Vec::new();
    for (p, page) in form.pages.iter().enumerate() {
        if let Some(e) = &page.visible_if {
            conditions.push((
                format!("/pages/{p}/visibleIf"),
                "visibleIf",
                e,
                None,
                p,
                true,
            ));
        }
    }
    for node in &form.nodes {
        for (key, e) in [
            ("visibleIf", &node.visible_if),
            ("enabledIf", &node.enabled_if),
            ("requiredIf", &node.required_if),
        ] {
            if let Some(e) = e {
                let pointer = format!("{}/{key}", node.pointer);
                conditions.push((pointer, key, e, node.parent, node.page, false));
            }
        }
    }
    let mut out = Vec::new();
    for (pointer, key, e, container, page, of_page) in conditions {
        // The fields read, each once: a computed value stands for the fields it is worked out
        // from (it is shown wherever it is, but those may be asked later), with its own name.
        let mut read: Vec<(String, Option<String>, usize)> = Vec::new();
        for r in e.references() {
            let Some(res) = form.resolve(container, &r) else {
                continue;
            };
            let mut seen = Vec::new();
            for (field, n) in inputs_of(form, res.node, &r, &mut seen) {
                let via = (field != r).then(|| r.clone());
                if !read.iter().any(|x| x.0 == field) {
                    read.push((field, via, n));
                }
            }
        }
        for (r, via, n) in read {
            let Some(later) = Some(form.nodes[n].page).filter(|&q| q > page) else {
                continue;
            };
            let later = page_id(later);
            let hint = if of_page {
                let here = page_id(page);
                format!(
                    "ask `{r}` on a page before `{here}`, or move the page `{here}` after the \
                     page `{later}`"
                )
            } else {
                format!(
                    "ask `{r}` on this page or an earlier one, or move this item to the page \
                     `{later}` or a later one"
                )
            };
            let via = via.map_or_else(String::new, |c| format!(" (the computed `{c}` reads it)"));
            out.push(Diagnostic {
                severity: Severity::Warning,
                code: "reads-later-page".into(),
                message: format!(
                    "`{r}`{via} is asked only on the later page `{later}`: on this page it is \
                     still unanswered, so this `{key}` treats it as empty"
                ),
                pointer: pointer.clone(),
                line: 0,
                column: 0,
                hint: Some(hint),
            });
        }
    }
    out
}

/// The fields whose answers node `n` (referred to as `name`) stands for: itself, or for a
/// computed value the fields its expression reads, followed through computed values (`seen`
/// stops a cycle, which the compiler reports on its own).
fn inputs_of(
    form: &crate::Form,
    n: usize,
    name: &str,
    seen: &mut Vec<usize>,
) -> Vec<(String, usize)> {
    let node = &form.nodes[n];
    let Some(expr) = &node.expr else {
        return vec![(name.to_string(), n)];
    };
    if seen.contains(&n) {
        return Vec::new();
    }
    seen.push(n);
    let mut out = Vec::new();
    for r in expr.references() {
        if let Some(res) = form.resolve(node.parent, &r) {
            out.extend(inputs_of(form, res.node, &r, seen));
        }
    }
    out
}

/// Parses a code list file for a form: the first problem as message (with its position in the
/// code list file) and a hint.
fn parse_code_list(name: &str, text: &str) -> Result<CodeList, (String, Option<String>)> {
    let diags = check_code_list_source(name, text);
    if let Some(first) = diags.iter().find(|d| d.severity == Severity::Error) {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let more = if errors > 1 {
            format!(" (and {} more)", errors - 1)
        } else {
            String::new()
        };
        return Err((
            format!(
                "the code list `{name}` is invalid: {name}:{}:{}: {}{more}",
                first.line, first.column, first.message
            ),
            Some(format!(
                "run `antrag check` on `{name}` to see every problem"
            )),
        ));
    }
    serde_json::from_str(text)
        .map_err(|e| (format!("the code list `{name}` is invalid: {e}"), None))
}

fn too_large(len: usize) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code: "file-too-large".into(),
        message: format!(
            "the file is too large ({:.1} MiB, at most {} MiB)",
            len as f64 / (1024.0 * 1024.0),
            MAX_FILE_SIZE / (1024 * 1024)
        ),
        pointer: String::new(),
        line: 0,
        column: 0,
        hint: Some("split the form, or move long option lists into code lists".into()),
    }
}

/// Warnings that help authors but do not stop the form from working.
fn form_warnings(out: &mut Out, file_name: &str, root: &Node, walk: &shape::Walk) {
    if root.get("$schema").is_none() {
        out.push_at(
            Severity::Warning,
            "missing-schema",
            "no `$schema` key".into(),
            "",
            root.span.start,
            Some(
                "add `\"$schema\": \"./form-definition.schema.json\"` so editors complete and check keys as you type"
                    .into(),
            ),
        );
    }
    if let Some(id_node) = root.get("id") {
        if let Some(id) = id_node.as_str() {
            let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
            if let Some(stem) = base.strip_suffix(".json") {
                // An error: the app loads a form as `forms/<id>.json`, so the start page would
                // lead to a form that cannot be opened. Archived versions are `<id>@<version>`.
                if stem != id && !stem.starts_with(&format!("{id}@")) {
                    out.push_at(
                        Severity::Error,
                        "id-file-mismatch",
                        format!("the form id `{id}` does not match the file name `{base}`"),
                        "/id",
                        id_node.span.start,
                        Some(format!(
                            "the app opens a form as `forms/<id>.json`: rename the file to \
                             `{id}.json` or set `\"id\": \"{stem}\"`"
                        )),
                    );
                }
            }
            let valid_id = !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !id.starts_with('-')
                && !id.ends_with('-');
            if !valid_id {
                out.push_at(
                    Severity::Warning,
                    "invalid-form-id",
                    format!("the form id `{id}` should use only lowercase letters, digits and `-`"),
                    "/id",
                    id_node.span.start,
                    Some("the id is part of file names and URLs, e.g. `kita-fachkraefte`".into()),
                );
            }
        }
    }
    if let Some(v) = root.get("version") {
        // A version that is no semantic version at all is `bad-version` (an error, reported
        // once, by `version_check`); a pre-release or build is accepted with this warning.
        if let Some(s) = v.as_str().filter(|s| crate::form::is_semver(s)) {
            let parts: Vec<&str> = s.split('.').collect();
            let plain = parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            if !plain {
                out.push_at(
                    Severity::Warning,
                    "version-format",
                    format!("the version `{s}` is not of the form MAJOR.MINOR.PATCH"),
                    "/version",
                    v.span.start,
                    Some(format!(
                        "a published form has a version such as `{}`",
                        semver_like(s)
                    )),
                );
            }
        }
    }
    // English translations: one summary warning when the form is partly translated.
    let translated = walk.texts.iter().filter(|t| t.has_en).count();
    let missing: Vec<usize> = walk
        .texts
        .iter()
        .filter(|t| !t.has_en)
        .map(|t| t.offset)
        .collect();
    if translated > 0 && !missing.is_empty() {
        let first: Vec<String> = missing
            .iter()
            .take(5)
            .map(|&o| {
                let (l, c) = out.line_col(o);
                format!("{l}:{c}")
            })
            .collect();
        let more = if missing.len() > first.len() {
            ", …"
        } else {
            ""
        };
        out.push_at(
            Severity::Warning,
            "missing-translation",
            format!(
                "{} of {} texts have no English translation (`en`)",
                missing.len(),
                missing.len() + translated
            ),
            "",
            missing[0],
            Some(format!(
                "English readers see German there; untranslated texts at {}{more}",
                first.join(", ")
            )),
        );
    }
}

/// A `version` that is no semantic version (`1.0`, `v1`): the server and the app refuse to load
/// the form (`Form::compile`'s `bad-version`). Reported here, with the version to write, so that
/// it is reported once, and also when the structure has other errors.
fn version_check(out: &mut Out, root: &Node) {
    let Some(v) = root.get("version") else { return };
    let Some(s) = v.as_str() else { return };
    if crate::form::is_semver(s) {
        return;
    }
    out.push_at(
        Severity::Error,
        "bad-version",
        format!(
            "the version `{s}` is not of the form MAJOR.MINOR.PATCH (three whole numbers): the \
             form cannot be loaded"
        ),
        "/version",
        v.span.start,
        Some(format!("write `\"version\": \"{}\"`", semver_like(s))),
    );
}

/// The semantic version an author most likely meant by `s`: `1.0` → `1.0.0`, `v2` → `2.0.0`,
/// `01.2.3` → `1.2.3`; `1.0.0` for anything else.
fn semver_like(s: &str) -> String {
    let core = s.trim().trim_start_matches(['v', 'V']);
    let core = core.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match numbers {
        Some(n) if (1..=3).contains(&n.len()) => {
            let at = |i: usize| n.get(i).copied().unwrap_or(0);
            format!("{}.{}.{}", at(0), at(1), at(2))
        }
        _ => "1.0.0".into(),
    }
}

/// What the reference server takes per request by default (`antrag serve --body-limit`, whose
/// default in `crates/server/src/main.rs` is `100MiB`).
pub const DEFAULT_BODY_LIMIT: u64 = 100 * 1024 * 1024;

/// A `file` field found in the tree.
struct FileField {
    /// Its name in expressions (`plaetze[*].vertrag`).
    name: String,
    pointer: String,
    offset: usize,
    /// How many times it occurs at least: the product of the `minItems` (at least 1) of the
    /// lists it is in.
    entries: u128,
    /// The `minItems` of each list it is in, as written (0 when not given, the default).
    lists: Vec<u64>,
    max_files: u128,
    max_size: u128,
    /// The `maxSize` value node, when given.
    size_node: Option<(String, usize)>,
}

/// A whole number ≥ 0 as written, if it is one.
fn uint_of(node: Option<&Node>) -> Option<u64> {
    match &node?.kind {
        Kind::Number(n) => n.parse().ok(),
        _ => None,
    }
}

/// The `file` fields of `items` (a JSON array of items at `ptr`), recursively.
fn file_fields(items: &Node, ptr: &str, prefix: &str, lists: &[u64], out: &mut Vec<FileField>) {
    let Kind::Array(items) = &items.kind else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let here = format!("{ptr}/{i}");
        let id = item.get("id").and_then(Node::as_str).unwrap_or("?");
        match item.get("type").and_then(Node::as_str) {
            Some("file") => {
                let size = item.get("maxSize");
                out.push(FileField {
                    name: format!("{prefix}{id}"),
                    pointer: here.clone(),
                    offset: item.span.start,
                    entries: lists
                        .iter()
                        .fold(1u128, |n, &m| n.saturating_mul(u128::from(m.max(1)))),
                    lists: lists.to_vec(),
                    max_files: u128::from(uint_of(item.get("maxFiles")).unwrap_or(1).max(1)),
                    max_size: u128::from(uint_of(size).unwrap_or(crate::form::DEFAULT_MAX_SIZE)),
                    size_node: size.map(|n| (format!("{here}/maxSize"), n.span.start)),
                });
            }
            Some("group") => {
                if let Some(inner) = item.get("items") {
                    let prefix = format!("{prefix}{id}.");
                    file_fields(inner, &format!("{here}/items"), &prefix, lists, out);
                }
            }
            Some("repeat") => {
                // A list counts with its fewest entries (at least one): the warning is about
                // applications that are refused even when small. How many files a citizen with
                // many entries may send in all is the server's limit; the app says it at 413.
                let min = uint_of(item.get("minItems")).unwrap_or(0);
                if let Some(inner) = item.get("items") {
                    let prefix = format!("{prefix}{id}[*].");
                    let lists = [lists, &[min]].concat();
                    file_fields(inner, &format!("{here}/items"), &prefix, &lists, out);
                }
            }
            _ => {}
        }
    }
}

/// Every `file` field of the form.
fn all_file_fields(root: &Node) -> Vec<FileField> {
    let mut out = Vec::new();
    if let Some(Kind::Array(pages)) = root.get("pages").map(|p| &p.kind) {
        for (p, page) in pages.iter().enumerate() {
            if let Some(items) = page.get("items") {
                file_fields(items, &format!("/pages/{p}/items"), "", &[], &mut out);
            }
        }
    }
    out
}

/// A size for people: `10 MiB`, `2.5 MiB`, `512 KiB`, `100 bytes`.
fn size_text(bytes: u128) -> String {
    const KIB: u128 = 1024;
    const MIB: u128 = 1024 * 1024;
    let unit = |u: u128, name: &str| {
        if bytes.is_multiple_of(u) {
            format!("{} {name}", bytes / u)
        } else {
            format!("{:.1} {name}", bytes as f64 / u as f64)
        }
    };
    if bytes >= MIB {
        unit(MIB, "MiB")
    } else if bytes >= KIB {
        unit(KIB, "KiB")
    } else {
        format!("{bytes} bytes")
    }
}

/// `submit` against the form: file fields need `multipart` (`files-need-multipart`), and a
/// relative address on the reference server's `/api/` must be this form's
/// `/api/forms/<id>/submissions` (`submit-url-other-form`, `submit-url-shape`).
/// A page whose id is the address of the check page or the confirmation: the citizen could
/// never reach it (its address opens the other page).
fn reserved_page_ids(out: &mut Out, root: &Node) {
    let Some(Kind::Array(pages)) = root.get("pages").map(|p| &p.kind) else {
        return;
    };
    for (i, page) in pages.iter().enumerate() {
        let Some(id) = page.get("id") else { continue };
        let Some(name) = id.as_str() else { continue };
        let reserved = [crate::model::CHECK_PAGE, crate::model::CONFIRMATION_PAGE];
        if reserved.contains(&name) {
            out.push_at(
                Severity::Error,
                "reserved-page-id",
                format!(
                    "a page cannot have the id `{name}`: `/antrag/<form>/{name}` is the address of \
                     the app's {} page, so this page could never be opened",
                    if name == crate::model::CHECK_PAGE { "check" } else { "confirmation" }
                ),
                &format!("/pages/{i}/id"),
                id.span.start,
                Some(format!("choose another id, e.g. `{name}-angaben`")),
            );
        }
    }
}

fn submit_checks(out: &mut Out, root: &Node) {
    let Some(submit) = root.get("submit").filter(|s| s.as_object().is_some()) else {
        return;
    };
    let files = all_file_fields(root);
    if let Some(first) = files.first() {
        let encoding = submit.get("encoding");
        // Another value is reported as `unknown-value` by the structural checks.
        let json = matches!(encoding.map(|e| e.as_str()), None | Some(Some("json")));
        if json {
            let (pointer, offset, hint) = match encoding {
                Some(e) => (
                    "/submit/encoding",
                    e.span.start,
                    "write `\"encoding\": \"multipart\"`",
                ),
                None => (
                    "/submit",
                    submit.span.start,
                    "add `\"encoding\": \"multipart\"` to `submit`: the files are then sent \
                     along with the answers",
                ),
            };
            let more = match files.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            out.push_at(
                Severity::Error,
                "files-need-multipart",
                format!(
                    "the form has the file field `{}`{more}, but `submit` sends the answers \
                     as JSON, without the files: every application with a file is refused \
                     with „The part `file-0` is missing.“",
                    first.name
                ),
                pointer,
                offset,
                Some(hint.into()),
            );
        }
    }
    let (Some(url_node), Some(id)) = (submit.get("url"), root.get("id").and_then(Node::as_str))
    else {
        return;
    };
    let Some(url) = url_node.as_str() else { return };
    // An absolute address (`https://…`, `//host/…`) goes to another backend: its business.
    let relative = !has_url_scheme(url) && !url.starts_with("//");
    let on_api = url.starts_with("/api/") || url.starts_with("api/");
    let expected = format!("/api/forms/{id}/submissions");
    if !relative || !on_api || url == expected {
        return;
    }
    let other = url
        .strip_prefix("/api/forms/")
        .and_then(|rest| rest.strip_suffix("/submissions"))
        .filter(|other| !other.is_empty() && !other.contains('/'));
    match other {
        Some(other) => out.push_at(
            Severity::Error,
            "submit-url-other-form",
            format!(
                "`submit.url` sends the applications to the form `{other}`, but this form is \
                 `{id}`: the server refuses every one with „`form.id` does not match the form \
                 in the URL.“"
            ),
            "/submit/url",
            url_node.span.start,
            Some(format!("write `\"url\": \"{expected}\"`")),
        ),
        None => out.push_at(
            Severity::Warning,
            "submit-url-shape",
            format!(
                "`submit.url` `{url}` is no address of the antrag server, which receives \
                 applications at `{expected}`: it answers „not found“ and the citizen cannot \
                 send the application"
            ),
            "/submit/url",
            url_node.span.start,
            Some(format!(
                "write `\"url\": \"{expected}\"`; another backend is named with its full \
                 address (`https://…`)"
            )),
        ),
    }
}

/// Uploads beyond what the reference server takes per application by default
/// ([`DEFAULT_BODY_LIMIT`]): one field's `maxSize`, or all files of an application together
/// (`maxFiles` × `maxSize` of every file field, times the `minItems` of the lists it is in, at
/// least one: [`file_fields`]).
fn uploads(out: &mut Out, root: &Node) {
    let files = all_file_fields(root);
    let limit = u128::from(DEFAULT_BODY_LIMIT);
    let server = format!(
        "the {} that the antrag server takes per application unless started with a larger \
         `--body-limit`",
        size_text(limit)
    );
    let mut single = false;
    for f in files.iter().filter(|f| f.max_size > limit) {
        single = true;
        let (pointer, offset) = f
            .size_node
            .clone()
            .unwrap_or_else(|| (f.pointer.clone(), f.offset));
        out.push_at(
            Severity::Warning,
            "uploads-exceed-limit",
            format!(
                "`maxSize` of `{}` is {}, more than {server}: an application with such a file \
                 is refused as a whole",
                f.name,
                size_text(f.max_size)
            ),
            &pointer,
            offset,
            Some(format!(
                "lower `maxSize` (at most `{DEFAULT_BODY_LIMIT}`, less the other files), or \
                 start the server with `antrag serve --body-limit {}MiB`",
                f.max_size.div_ceil(1024 * 1024) + 1
            )),
        );
    }
    let each = |f: &FileField| {
        f.entries
            .saturating_mul(f.max_files)
            .saturating_mul(f.max_size)
    };
    let total = files
        .iter()
        .fold(0u128, |sum, f| sum.saturating_add(each(f)));
    if single || total <= limit {
        return;
    }
    // The first of the largest: `max_by_key` keeps the last of equals.
    let Some(largest) = files.iter().rev().max_by_key(|f| each(f)) else {
        return;
    };
    let parts: Vec<String> = files
        .iter()
        .take(5)
        .map(|f| {
            let entries = if f.entries > 1 {
                format!("{} entries × ", f.entries)
            } else {
                String::new()
            };
            let n = if f.max_files == 1 { "file" } else { "files" };
            format!(
                "`{}`: {entries}{} {n} × {}",
                f.name,
                f.max_files,
                size_text(f.max_size)
            )
        })
        .collect();
    let more = if files.len() > parts.len() {
        ", …"
    } else {
        ""
    };
    // How the lists were counted, in words: each with its `minItems`, but one entry for a
    // list that may be empty.
    let mins = || files.iter().flat_map(|f| f.lists.iter().copied());
    let (may_be_empty, several) = (mins().any(|m| m == 0), mins().any(|m| m > 1));
    let counted = match (mins().next().is_some(), may_be_empty, several) {
        (false, _, _) => "",
        (true, _, false) => ", with one entry in each list,",
        (true, false, true) => ", with the fewest entries in each list,",
        (true, true, true) => {
            ", with the fewest entries in each list (one in a list that may be empty),"
        }
    };
    // A smaller `minItems` helps only where a list is counted with more than one entry.
    let min_items = if several {
        " (or a list's `minItems`)"
    } else {
        ""
    };
    out.push_at(
        Severity::Warning,
        "uploads-exceed-limit",
        format!(
            "the files of one application{counted} can add up to {} ({}{more}), more than \
             {server}: an application with that many files is refused as a whole",
            size_text(total),
            parts.join(", ")
        ),
        &largest.pointer,
        largest.offset,
        Some(format!(
            "lower `maxSize` or `maxFiles`{min_items}, or start the server with \
             `antrag serve --body-limit {}MiB`",
            total.div_ceil(1024 * 1024) + 1
        )),
    );
}

/// The `date` fields of `items` (a JSON array of items at `ptr`), recursively: pointer and node.
fn date_fields<'n>(items: &'n Node, ptr: &str, out: &mut Vec<(String, &'n Node)>) {
    let Kind::Array(items) = &items.kind else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let here = format!("{ptr}/{i}");
        match item.get("type").and_then(Node::as_str) {
            Some("date") => out.push((here, item)),
            Some("group" | "repeat") => {
                if let Some(inner) = item.get("items") {
                    date_fields(inner, &format!("{here}/items"), out);
                }
            }
            _ => {}
        }
    }
}

/// Date fields whose `minDate` is after their `maxDate` on the day `today`, where one bound is
/// counted from today (two fixed dates in the wrong order are `min-greater-than-max`, and so
/// are relative bounds that are out of order on every day): the citizen cannot enter any date.
/// Said with the day from which a date fits again, or since when none has.
fn date_ranges(out: &mut Out, root: &Node, today: Date) {
    let mut fields = Vec::new();
    if let Some(Kind::Array(pages)) = root.get("pages").map(|p| &p.kind) {
        for (p, page) in pages.iter().enumerate() {
            if let Some(items) = page.get("items") {
                date_fields(items, &format!("/pages/{p}/items"), &mut fields);
            }
        }
    }
    for (ptr, field) in fields {
        let bound = |k: &str| {
            let node = field.get(k)?;
            Some((
                node,
                node.as_str()?.trim(),
                DateBound::parse(node.as_str()?)?,
            ))
        };
        let (Some((min_node, min_text, min)), Some((_, max_text, max))) =
            (bound("minDate"), bound("maxDate"))
        else {
            continue;
        };
        let fixed = |b: &DateBound| matches!(b, DateBound::Fixed(_));
        if fixed(&min) == fixed(&max) {
            continue;
        }
        let empty = |t: Date| min.resolve(t) > max.resolve(t);
        if !empty(today) {
            continue;
        }
        // The days on which the range is empty are one stretch (the bound counted from today
        // moves on with the days, the other stays): its other end, by bisection.
        let mut lo = today.days_since_epoch();
        let (mut hi, until) = if fixed(&min) {
            (Date::MAX.days_since_epoch(), true)
        } else {
            (Date::MIN.days_since_epoch(), false)
        };
        let day = |n: i64| Date::from_days(n).unwrap_or(today);
        if empty(day(hi)) {
            continue; // on every day: reported by the compile step
        }
        while (hi - lo).abs() > 1 {
            let mid = lo + (hi - lo) / 2;
            if empty(day(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let when = if until {
            format!("before {} no date can be entered", day(hi).to_german())
        } else {
            format!("no date can be entered since {}", day(lo).to_german())
        };
        let (lo_day, hi_day) = (min.resolve(today), max.resolve(today));
        let name = field.get("id").and_then(Node::as_str).unwrap_or("?");
        out.push_at(
            Severity::Warning,
            "date-range-empty",
            format!(
                "today ({}) the earliest date of `{name}`, `minDate` {min_text} ({}), is after \
                 its latest, `maxDate` {max_text} ({}): {when}",
                today.to_german(),
                lo_day.to_german(),
                hi_day.to_german()
            ),
            &format!("{ptr}/minDate"),
            min_node.span.start,
            Some(if until {
                format!(
                    "if the two are the wrong way round, write `\"minDate\": \"{max_text}\"` and \
                     `\"maxDate\": \"{min_text}\"`; otherwise choose bounds with dates between \
                     them today"
                )
            } else {
                format!(
                    "the last day of `maxDate` ({max_text}) has passed: set a later `maxDate`, or \
                     withdraw the form"
                )
            }),
        );
    }
}

/// Numbers written with a decimal comma in an expression: `0,5` is the number 0, a comma and
/// the number 5, so that `round(x * 0,5)` rounds `x * 0` to 5 places. Outside a function call
/// the parser refuses the comma; inside one it silently becomes another argument.
fn decimal_commas(out: &mut Out, src: &str, root: &Node, exprs: &[shape::ExprSeen]) {
    for e in exprs {
        let Some(text) = root.pointer(&e.pointer).and_then(Node::as_str) else {
            continue;
        };
        for (at, number) in decimal_comma_numbers(text) {
            let meant = number.replace(',', ".");
            let (int, frac) = number.split_once(',').unwrap_or((number, ""));
            out.push_at(
                Severity::Warning,
                "decimal-comma",
                format!(
                    "`{number}` is not the number {meant}: a comma separates the values given \
                     to a function, so this is {int} and {frac}, and the result is silently \
                     wrong"
                ),
                &e.pointer,
                json::source_offset_in_literal(src, e.span, at),
                Some(format!(
                    "write `{meant}` (a dot is the decimal point); if you meant two values, \
                     put a space after the comma: `{int}, {frac}`"
                )),
            );
        }
    }
}

/// The numbers of expression `e` written as digits, a comma and digits (`0,5`), outside text
/// literals and names (`x1,2` is the name `x1` and the number 2), with their byte offsets.
fn decimal_comma_numbers(e: &str) -> Vec<(usize, &str)> {
    // Byte-wise: every byte compared is ASCII, and no ASCII byte occurs inside a multi-byte
    // character.
    let b = e.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' {
            i += 1;
            while i < b.len() && b[i] != c {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                i += 1;
            }
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            // `1.19,2` (as in `round(x * 1.19,2)`) already has its decimal point: the comma
            // separates arguments.
            let has_point = e[start..i].contains('.');
            if !has_point && b.get(i) == Some(&b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                found.push((start, &e[start..i]));
            }
        } else {
            i += 1;
        }
    }
    found
}

/// The byte offset for a semantic diagnostic: its pointer's value (or the nearest existing
/// ancestor), inside the string for expression diagnostics.
fn semantic_offset(src: &str, root: &Node, d: &Diagnostic, at_byte: Option<usize>) -> usize {
    let mut ptr = d.pointer.as_str();
    let node = loop {
        if let Some(n) = root.pointer(ptr) {
            break n;
        }
        match ptr.rfind('/') {
            Some(i) => ptr = &ptr[..i],
            None => break root,
        }
    };
    let Kind::String(text) = &node.kind else {
        return node.span.start;
    };
    let inner = if d.line == 0 && d.column > 0 {
        Some((d.column - 1) as usize)
    } else {
        at_byte
            .or_else(|| expr_error_offset(&d.code, text))
            .or_else(|| backticked_name_in(&d.message, text))
    };
    match inner {
        Some(i) if i <= text.len() && text.is_char_boundary(i) => {
            json::source_offset_in_literal(src, node.span, i)
        }
        _ => node.span.start,
    }
}

/// Removes a trailing " (at byte N)" (the `Display` of an expression error) and returns N.
fn split_at_byte(message: &mut String) -> Option<usize> {
    let i = message.rfind(" (at byte ")?;
    let n = message[i + 10..].strip_suffix(')')?.parse().ok()?;
    message.truncate(i);
    Some(n)
}

/// For a syntax error in an expression: where the expression parser sees it.
fn expr_error_offset(code: &str, text: &str) -> Option<usize> {
    if !code.starts_with("expr") {
        return None;
    }
    crate::expr::parse(text).err().map(|e| e.offset)
}

/// Byte offset in `text` of the first name in backticks of `message` that occurs in `text` as a
/// whole word.
fn backticked_name_in(message: &str, text: &str) -> Option<usize> {
    let word_char =
        |c: char| c.is_alphanumeric() || c == '_' || c == '.' || c == '[' || c == ']' || c == '*';
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 0 || part.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = text.get(from..).and_then(|t| t.find(part)) {
            let at = from + pos;
            let end = at + part.len();
            let before_ok = text[..at].chars().next_back().is_none_or(|c| !word_char(c));
            let after_ok = text[end..].chars().next().is_none_or(|c| !word_char(c));
            if before_ok && after_ok {
                return Some(at);
            }
            from = end;
        }
    }
    None
}

/// serde_json appends " at line L column C"; we show the position ourselves.
fn strip_serde_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Parses `src` with the span-aware parser, recording every syntax error.
fn parse_reporting(src: &str) -> (Out<'_>, Option<json::Node>) {
    let mut out = Out::new(src);
    let parsed = json::parse(src);
    for e in &parsed.errors {
        out.push_at(
            Severity::Error,
            e.code,
            e.message.clone(),
            "",
            e.offset,
            e.hint.clone(),
        );
    }
    (out, parsed.root)
}

/// Collects diagnostics with positions.
struct Out<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
    diags: Vec<Diagnostic>,
    dropped: usize,
}

impl<'a> Out<'a> {
    fn new(src: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Out {
            src,
            line_starts,
            diags: Vec::new(),
            dropped: 0,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.src.get(start..offset).map_or(0, |s| s.chars().count());
        (to_u32(line), to_u32(col + 1))
    }

    /// Byte offset of serde's 1-based line and (byte) column.
    fn offset_of_line_col(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.src.len();
        };
        let mut o = (start + column.saturating_sub(1)).min(self.src.len());
        while !self.src.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    fn push_at(
        &mut self,
        severity: Severity,
        code: &str,
        message: String,
        pointer: &str,
        offset: usize,
        hint: Option<String>,
    ) {
        if self.diags.len() >= MAX_DIAGNOSTICS {
            self.dropped += 1;
            return;
        }
        let (line, column) = self.line_col(offset);
        self.diags.push(Diagnostic {
            severity,
            code: code.to_string(),
            message,
            pointer: pointer.to_string(),
            line,
            column,
            hint,
        });
    }

    fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        // one problem per place and code (e.g. a duplicate key inside a recovered region)
        let mut seen = BTreeSet::new();
        self.diags
            .retain(|d| seen.insert((d.line, d.column, d.code.clone(), d.message.clone())));
        self.diags.sort_by_key(|d| (d.line, d.column));
        if self.dropped > 0 {
            self.diags.push(Diagnostic {
                severity: Severity::Warning,
                code: "too-many-problems".into(),
                message: format!(
                    "{} more problems not shown (at most {MAX_DIAGNOSTICS} are reported)",
                    self.dropped
                ),
                pointer: String::new(),
                line: 0,
                column: 0,
                hint: Some("fix the problems above and run the check again".into()),
            });
        }
        self.diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_byte_suffix() {
        let mut m = String::from("unexpected `)` (at byte 4)");
        assert_eq!(split_at_byte(&mut m), Some(4));
        assert_eq!(m, "unexpected `)`");
        let mut m = String::from("no offset");
        assert_eq!(split_at_byte(&mut m), None);
        assert_eq!(m, "no offset");
    }

    #[test]
    fn numbers_with_a_decimal_comma() {
        fn found(e: &str) -> Vec<&str> {
            decimal_comma_numbers(e)
                .into_iter()
                .map(|(_, n)| n)
                .collect()
        }
        assert_eq!(found("min(kosten * 0,5, anzahl * 50)"), ["0,5"]);
        assert_eq!(found("round(x * 0,25)"), ["0,25"]);
        assert_eq!(decimal_comma_numbers("round(x*1,5)"), [(8, "1,5")]);
        assert_eq!(
            found("round(x1,2) + f(\"1,5\") + g('2,5') + min(1, 5)"),
            [] as [&str; 0]
        );
        assert_eq!(found("größe_2,3"), [] as [&str; 0]);
        // A number that has its decimal point: the comma separates arguments.
        assert_eq!(found("round(x * 1.19,2)"), [] as [&str; 0]);
        // an escaped backslash ends the text; an escaped quote does not
        assert_eq!(found(r"'a\\'1,5"), ["1,5"]);
        assert_eq!(found(r"'a\'1,5'"), [] as [&str; 0]);
        assert_eq!(found("'unclosed 1,5"), [] as [&str; 0]);
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(size_text(25 * 1024 * 1024), "25 MiB");
        assert_eq!(size_text(2_621_440), "2.5 MiB");
        assert_eq!(size_text(2000), "2.0 KiB");
        assert_eq!(size_text(512), "512 bytes");
    }

    #[test]
    fn backticked_names() {
        assert_eq!(backticked_name_in("unknown field `b`", "a + b"), Some(4));
        assert_eq!(backticked_name_in("unknown field `b`", "bb + b"), Some(5));
        assert_eq!(backticked_name_in("unknown `x.y`", "x.yz > 1"), None);
        assert_eq!(backticked_name_in("no names", "a"), None);
    }

    #[test]
    fn line_columns_count_characters() {
        let out = Out::new("ab\n\u{e4}\u{f6}x\n");
        assert_eq!(out.line_col(0), (1, 1));
        assert_eq!(out.line_col(3), (2, 1));
        assert_eq!(out.line_col(7), (2, 3));
        assert_eq!(out.line_col(9), (3, 1));
        assert_eq!(out.line_col(999), (3, 1));
    }

    #[test]
    fn caps_the_number_of_diagnostics() {
        let mut src = String::from("{");
        for i in 0..1000 {
            src.push_str(&format!("\"k{i}\": 1,"));
        }
        src.push_str("\"z\": 1}");
        let d = check_source("x.json", &src, &|_| None);
        assert_eq!(d.len(), MAX_DIAGNOSTICS + 1);
        assert_eq!(d.last().unwrap().code, "too-many-problems");
    }
}
