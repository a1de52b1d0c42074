//! Warnings for authors and code lists.

use antrag_core::check::{check_code_list_source, check_source};
use antrag_core::{Diagnostic, Severity};

fn form(id: &str, schema: bool, title: &str, label: &str, extra: &str) -> String {
    let schema = if schema {
        "\"$schema\": \"./form-definition.schema.json\",\n  "
    } else {
        ""
    };
    format!(
        r#"{{
  {schema}"id": "{id}",
  "version": "1.0.0",
  "title": {title},
  "submit": {{ "url": "/x" }},
  "pages": [
    {{ "id": "p", "title": "P", "items": [
      {{ "type": "text", "id": "a", "label": {label} }}{extra}
    ] }}
  ]
}}"#
    )
}

fn codes(d: &[Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

fn find<'a>(d: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    d.iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {d:#?}"))
}

#[test]
fn missing_schema() {
    let d = check_source(
        "forms/t.json",
        &form("t", false, "\"T\"", "\"A\"", ""),
        &|_| None,
    );
    let w = find(&d, "missing-schema");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!((w.line, w.column), (1, 1));
    assert!(w
        .hint
        .as_deref()
        .unwrap()
        .contains("\"$schema\": \"./form-definition.schema.json\""));
}

#[test]
fn id_must_match_the_file_name() {
    let src = form("kita", true, "\"T\"", "\"A\"", "");
    let d = check_source("forms/kita-fachkraefte.json", &src, &|_| None);
    let w = find(&d, "id-file-mismatch");
    assert_eq!(w.severity, Severity::Error, "the app could not open it");
    assert_eq!((w.line, w.column), (3, 9));
    assert_eq!(
        w.message,
        "the form id `kita` does not match the file name `kita-fachkraefte.json`"
    );
    let d = check_source("forms/kita.json", &src, &|_| None);
    assert!(!codes(&d).contains(&"id-file-mismatch"), "{d:#?}");
    let d = check_source("forms/archive/kita@1.0.0.json", &src, &|_| None);
    assert!(!codes(&d).contains(&"id-file-mismatch"), "{d:#?}");
}

#[test]
fn missing_translations_are_summarised() {
    let title = r#"{ "de": "T", "en": "T" }"#;
    let extra = r#",
      { "type": "text", "id": "b", "label": "B", "hint": "H" }"#;
    let src = form("t", true, title, "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    let w: Vec<&Diagnostic> = d
        .iter()
        .filter(|d| d.code == "missing-translation")
        .collect();
    assert_eq!(w.len(), 1, "{d:#?}");
    assert_eq!(
        w[0].message,
        "4 of 5 texts have no English translation (`en`)"
    );
    assert_eq!((w[0].line, w[0].column), (8, 27));
    assert_eq!(
        w[0].hint.as_deref(),
        Some("English readers see German there; untranslated texts at 8:27, 9:45, 10:45, 10:58")
    );

    // an empty English text is as good as none
    let src = form("t", true, title, r#"{ "de": "A", "en": " " }"#, "");
    let d = check_source("forms/t.json", &src, &|_| None);
    let w = find(&d, "missing-translation");
    assert_eq!(w.message, "2 of 3 texts have no English translation (`en`)");

    // a form entirely in German gets no such warning
    let src = form("t", true, "\"T\"", "\"A\"", "");
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(!codes(&d).contains(&"missing-translation"), "{d:#?}");
}

#[test]
fn version_format() {
    let src = form("t", true, "\"T\"", "\"A\"", "").replace("1.0.0", "1.0");
    let d = check_source("forms/t.json", &src, &|_| None);
    let w = find(&d, "version-format");
    assert_eq!((w.line, w.column), (4, 14));
}

const CHOICE: &str = r#",
      { "type": "choice", "id": "c", "label": "C", "codeList": "codelists/r.json" }"#;

#[test]
fn missing_code_list_is_reported_at_the_code_list_value() {
    let src = form("t", true, "\"T\"", "\"A\"", CHOICE);
    let d = check_source("forms/t.json", &src, &|_| None);
    let e: Vec<&Diagnostic> = d.iter().filter(|d| d.code == "missing-code-list").collect();
    assert_eq!(e.len(), 1, "{d:#?}");
    assert_eq!((e[0].line, e[0].column), (10, 64));
    assert_eq!(e[0].message, "cannot read the code list `codelists/r.json`");
    assert_eq!(e[0].pointer, "/pages/0/items/1/codeList");
}

#[test]
fn bad_code_list_file_is_reported_at_the_code_list_value() {
    let src = form("t", true, "\"T\"", "\"A\"", CHOICE);
    let list = "{\n  \"id\": \"r\",\n  \"options\": [ { \"value\": \"a\", \"lable\": \"A\" } ]\n}";
    let d = check_source("forms/t.json", &src, &|p| {
        (p == "codelists/r.json").then(|| list.to_string())
    });
    let e = find(&d, "invalid-code-list");
    assert_eq!((e.line, e.column), (10, 64));
    assert!(
        e.message
            == "the code list `codelists/r.json` is invalid: codelists/r.json:3:16: missing key `label` in an option (and 1 more)",
        "{}",
        e.message
    );
}

#[test]
fn code_list_files_on_their_own() {
    let list = "{\n  \"id\": \"r\",\n  \"options\": [\n    { \"value\": \"a\", \"label\": \"A\" },\n    { \"value\": \"a\", \"label\": \"B\" }\n  ]\n}";
    let d = check_code_list_source("codelists/r.json", list);
    assert_eq!(codes(&d), ["duplicate-option"]);
    assert_eq!((d[0].line, d[0].column), (5, 16));
    let d = check_code_list_source("codelists/r.json", "{\"id\": \"r\"}");
    assert_eq!(codes(&d), ["missing-key"]);
}

/// A code list put directly into the forms folder is named as such, not as a broken form with
/// missing `pages` and an unknown key `options`.
#[test]
fn a_code_list_among_the_forms_says_where_it_belongs() {
    let src = r#"{ "options": [ { "value": "a", "label": "A" } ] }"#;
    let d = check_source("forms/berufe.json", src, &|_| None);
    assert_eq!(codes(&d), ["code-list-as-form"], "{d:#?}");
    assert!(d[0].hint.as_deref().unwrap_or("").contains("`codelists/`"));
}
