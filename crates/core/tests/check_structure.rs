//! Structural author checks: each diagnostic kind with code, line, column and hint.

use antrag_core::check::check_source;
use antrag_core::{Diagnostic, Severity};

/// A minimal valid form around `items` (JSON text of the items array's content).
pub fn form_with(items: &str) -> String {
    format!(
        r#"{{
  "$schema": "./form-definition.schema.json",
  "id": "t",
  "version": "1.0.0",
  "title": "T",
  "submit": {{ "url": "/x" }},
  "pages": [
    {{
      "id": "p",
      "title": "P",
      "items": [
{items}
      ]
    }}
  ]
}}
"#
    )
}

fn check(src: &str) -> Vec<Diagnostic> {
    check_source("forms/t.json", src, &|_| None)
}

fn only(src: &str, code: &str) -> Diagnostic {
    let d = check(src);
    let matching: Vec<&Diagnostic> = d.iter().filter(|d| d.code == code).collect();
    assert_eq!(matching.len(), 1, "expected one `{code}` in {d:#?}");
    matching[0].clone()
}

fn at(d: &Diagnostic, line: u32, column: u32) {
    assert_eq!((d.line, d.column), (line, column), "{d:#?}");
}

#[test]
fn valid_minimal_form_has_no_structural_problems() {
    let d = check(&form_with(
        r#"        { "type": "text", "id": "name", "label": "Name", "maxLength": 5 }"#,
    ));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn unknown_key_with_suggestion() {
    let src = form_with(r#"        { "type": "text", "id": "name", "lable": "Name" }"#);
    let d = only(&src, "unknown-key");
    at(&d, 12, 41);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.message, "unknown key `lable`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `label`?"));
    assert_eq!(d.pointer, "/pages/0/items/0/lable");
    // and the then-missing `label` is reported too, at the item's `{`
    let m = only(&src, "missing-key");
    at(&m, 12, 9);
    assert_eq!(m.message, "missing key `label` in a `text` item");
}

#[test]
fn unknown_key_without_close_match_lists_the_valid_keys() {
    let src = form_with(r#"        { "type": "heading", "label": "Hallo", "text": "x" }"#);
    let d = only(&src, "unknown-key");
    at(&d, 12, 30);
    let hint = d.hint.unwrap();
    assert!(
        hint.starts_with("`label` is a key of fields; a `heading` item takes:"),
        "{hint}"
    );
    assert!(hint.contains("`text`"), "{hint}");
}

#[test]
fn unknown_keys_are_all_reported_in_one_run() {
    let src = form_with(
        r#"        { "type": "text", "id": "a", "label": "A", "requierd": true, "max_length": 3 },
        { "type": "date", "id": "b", "label": "B", "minDat": "today" }"#,
    );
    let hints: Vec<String> = check(&src)
        .into_iter()
        .filter(|d| d.code == "unknown-key")
        .map(|d| format!("{}:{} {}", d.line, d.column, d.hint.unwrap()))
        .collect();
    assert_eq!(
        hints,
        [
            "12:52 did you mean `required`?",
            "12:70 did you mean `maxLength`?",
            "13:52 did you mean `minDate`?"
        ]
    );
}

#[test]
fn missing_required_keys() {
    let src = r#"{
  "$schema": "x",
  "id": "t",
  "title": "T",
  "pages": []
}"#;
    let d = check(src);
    let missing: Vec<(&str, u32, u32)> = d
        .iter()
        .filter(|d| d.code == "missing-key")
        .map(|d| (d.message.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        missing,
        [
            ("missing key `version` in the form", 1, 1),
            ("missing key `submit` in the form", 1, 1)
        ]
    );
    assert!(d[0]
        .hint
        .as_deref()
        .unwrap()
        .starts_with("add `\"version\": "));
}

#[test]
fn wrong_types() {
    let src = form_with(
        r#"        { "type": "text", "id": 7, "label": "A", "required": "true", "maxLength": -1 },
        { "type": "repeat", "id": "r", "label": "R", "items": {} }"#,
    );
    let d: Vec<(String, u32, u32, Option<String>)> = check(&src)
        .into_iter()
        .filter(|d| d.code == "wrong-type")
        .map(|d| (d.message, d.line, d.column, d.hint))
        .collect();
    assert_eq!(
        d,
        [
            (
                "expected a string, found a number".into(),
                12,
                33,
                Some("write it in quotes: `\"7\"`".into())
            ),
            (
                "expected `true` or `false`, found a string".into(),
                12,
                62,
                Some("write `true` without quotes".into())
            ),
            (
                "expected a whole number ≥ 0, found `-1`".into(),
                12,
                83,
                None
            ),
            (
                "expected an array of items `[…]`, found an object".into(),
                13,
                63,
                Some("wrap the object in `[` … `]`".into())
            ),
        ]
    );
}

#[test]
fn unknown_type_with_suggestion_or_alias() {
    let src = form_with(
        r#"        { "type": "textArea", "id": "a", "label": "A" },
        { "type": "mony", "id": "b", "label": "B" },
        { "type": "select", "id": "c", "label": "C" },
        { "id": "d", "label": "D" }"#,
    );
    let d = check(&src);
    let types: Vec<(u32, u32, &str)> = d
        .iter()
        .filter(|d| d.code == "unknown-type")
        .map(|d| (d.line, d.column, d.hint.as_deref().unwrap()))
        .collect();
    assert_eq!(
        types,
        [
            (12, 19, "did you mean `textarea`?"),
            (13, 19, "did you mean `money`?"),
            (14, 19, "use `choice` with `\"display\": \"select\"`"),
        ]
    );
    let m = only(&src, "missing-key");
    assert_eq!(m.message, "missing key `type` in an item");
    at(&m, 15, 9);
}

#[test]
fn invalid_texts() {
    let src = form_with(
        r#"        { "type": "text", "id": "a", "label": 12 },
        { "type": "text", "id": "b", "label": { "en": "B" } },
        { "type": "text", "id": "c", "label": { "de": "C", "fr": "C" } }"#,
    );
    let d: Vec<(String, u32, u32)> = check(&src)
        .into_iter()
        .filter(|d| d.code == "invalid-text")
        .map(|d| (d.message, d.line, d.column))
        .collect();
    assert_eq!(
        d,
        [
            (
                "expected a text (a string or {\"de\": …, \"en\": …}), found a number".into(),
                12,
                47
            ),
            ("a text needs a German version `de`".into(), 13, 47),
            ("unknown language key `fr` in a text".into(), 14, 60),
        ]
    );
}

#[test]
fn unknown_enum_values() {
    let src = form_with(
        r#"        { "type": "choice", "id": "a", "label": "A", "display": "selekt", "options": [] }"#,
    );
    let d = only(&src, "unknown-value");
    at(&d, 12, 65);
    assert_eq!(d.hint.as_deref(), Some("did you mean `select`?"));
}

#[test]
fn keys_without_effect_are_warnings() {
    let src = form_with(r#"        { "type": "date", "id": "a", "label": "A", "maxLength": 10 }"#);
    let d = only(&src, "key-no-effect");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        "`maxLength` has no effect on a field of type `date`"
    );
    at(&d, 12, 52);
    assert_eq!(
        d.hint.as_deref(),
        Some("`maxLength` applies to: `text`, `textarea`, `email`, `phone`")
    );
}

#[test]
fn null_for_optional_keys_is_a_warning() {
    let src = form_with(r#"        { "type": "text", "id": "a", "label": "A", "hint": null }"#);
    let d = only(&src, "null-value");
    assert_eq!(d.severity, Severity::Warning);
    at(&d, 12, 60);
}

#[test]
fn root_must_be_an_object() {
    let d = only("[1, 2]", "wrong-type");
    at(&d, 1, 1);
    assert!(d.message.starts_with("a form must be a JSON object"));
}

#[test]
fn duplicate_keys() {
    let src = form_with(r#"        { "type": "text", "id": "a", "label": "A", "id": "b" }"#);
    let d = only(&src, "duplicate-key");
    at(&d, 12, 52);
}

/// Line and column (1-based) of the `nth` byte after the first `needle` in `src`.
fn pos_of(src: &str, needle: &str, nth: usize) -> (u32, u32) {
    let at = src.find(needle).expect("needle in source") + nth;
    let line = src[..at].matches('\n').count() as u32 + 1;
    let column = (at - src[..at].rfind('\n').map_or(0, |n| n + 1)) as u32 + 1;
    (line, column)
}

/// The compiler's semantic checks reach authors through `check_source`, each at its position:
/// inside the expression for expression problems, at the key's value otherwise.
#[test]
fn semantic_problems_are_reported_where_they_are() {
    let src = form_with(
        r#"        { "type": "text", "id": "a", "label": "A", "visibleIf": "b == " },
        { "type": "text", "id": "a", "label": "A2" },
        { "type": "integer", "id": "n", "label": "N", "requiredIf": "zz > 1" },
        { "type": "file", "id": "f", "label": "F", "accept": [".pdf"] }"#,
    );
    let place = |d: &Diagnostic| (d.line, d.column);
    let syntax = only(&src, "expr-syntax");
    assert_eq!(syntax.severity, Severity::Error);
    // The end of `b == `, inside the string.
    assert_eq!(place(&syntax), pos_of(&src, r#""b == ""#, 6));
    let dup = only(&src, "duplicate-id");
    assert_eq!(place(&dup), pos_of(&src, r#""a", "label": "A2""#, 1));
    // The first use by line and column, not by JSON pointer.
    let (l, c) = pos_of(&src, r#""a", "label": "A","#, 0);
    assert!(
        dup.message
            .ends_with(&format!("already used at line {l}, column {c}")),
        "{dup:#?}"
    );
    let dangling = only(&src, "dangling-reference");
    assert_eq!(place(&dangling), pos_of(&src, "zz > 1", 0));
    assert!(dangling.message.contains("`zz`"), "{dangling:#?}");
    let accept = only(&src, "bad-accept");
    assert_eq!(place(&accept), pos_of(&src, r#"".pdf""#, 1));
    assert!(accept.message.contains("`application/pdf`"), "{accept:#?}");
}

/// A form the compiler accepts with warnings: the warnings reach the author too.
#[test]
fn a_key_without_effect_is_reported_once() {
    // Both the structural pass and the compiler notice it; the author reads it once, at the key.
    let src = form_with(r#"        { "type": "date", "id": "d", "label": "D", "maxLength": 3 }"#);
    let d = check(&src);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "key-no-effect");
    assert_eq!((d[0].line, d[0].column), pos_of(&src, "\"maxLength\"", 0));
}
