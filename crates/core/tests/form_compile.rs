//! Author diagnostics of `Form::compile`.

use antrag_core::model::CodeList;
use antrag_core::{CodeLists, Form, Severity};
use serde_json::{json, Value};

fn form_with(items: Value) -> Value {
    json!({"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
           "pages": [{"id": "p", "title": "P", "items": items}]})
}

fn diags(def: Value) -> Vec<(String, String, Severity)> {
    diags_with(def, &CodeLists::new())
}

fn diags_with(def: Value, lists: &CodeLists) -> Vec<(String, String, Severity)> {
    let src = def.to_string();
    match Form::from_json(&src, lists) {
        Ok(f) => f
            .warnings()
            .iter()
            .map(|d| (d.code.clone(), d.pointer.clone(), d.severity))
            .collect(),
        Err(d) => d
            .into_iter()
            .map(|d| (d.code, d.pointer, d.severity))
            .collect(),
    }
}

fn has(d: &[(String, String, Severity)], code: &str, pointer: &str) -> bool {
    d.iter().any(|(c, p, _)| c == code && p == pointer)
}

#[test]
fn reports_every_problem_with_pointers() {
    let d = diags(
        json!({"id": "Bad Id", "version": "1.0", "title": "T", "submit": {"url": "/x"},
        "pages": [
            {"id": "p", "title": "P", "items": [
                {"type": "text", "id": "a", "label": "A", "visibleIf": "b == ", "maxLength": 2, "minLength": 5},
                {"type": "text", "id": "a", "label": "A2"},
                {"type": "text", "id": "x.y", "label": "X"},
                {"type": "integer", "id": "n", "label": "N", "min": 10, "max": 5, "requiredIf": "zz > 1"},
                {"type": "text", "id": "r", "label": "R", "pattern": "([a-z"},
                {"type": "date", "id": "d", "label": "D", "minDate": "tomorrow", "maxLength": 3},
                {"type": "choice", "id": "c", "label": "C", "options": []},
                {"type": "choice", "id": "c2", "label": "C", "options": [
                    {"value": "a", "label": "A"}, {"value": "a", "label": "B"}]},
                {"type": "multiChoice", "id": "m", "label": "M"},
                {"type": "choice", "id": "cl", "label": "CL", "codeList": "codelists/none.json"},
                {"type": "computed", "id": "k", "label": "K"},
                {"type": "text", "id": "t", "label": "T", "required": true, "visibleIf": "false", "accept": ["x"]},
                {"type": "yesNo", "id": "yn", "label": "YN", "visibleIf": "n + 1"},
                {"type": "date", "id": "d2", "label": "D2", "minDate": "2026-01-01", "maxDate": "2025-01-01"}
            ]},
            {"id": "p", "title": "Q", "items": []}
        ]}),
    );
    for (code, ptr) in [
        ("bad-id", "/id"),
        ("bad-version", "/version"),
        ("expr-syntax", "/pages/0/items/0/visibleIf"),
        ("min-greater-than-max", "/pages/0/items/0/minLength"),
        ("duplicate-id", "/pages/0/items/1/id"),
        ("bad-id", "/pages/0/items/2/id"),
        ("min-greater-than-max", "/pages/0/items/3/min"),
        ("dangling-reference", "/pages/0/items/3/requiredIf"),
        ("invalid-regex", "/pages/0/items/4/pattern"),
        ("bad-date-bound", "/pages/0/items/5/minDate"),
        ("empty-options", "/pages/0/items/6/options"),
        ("duplicate-option", "/pages/0/items/7/options/1/value"),
        ("choice-without-options", "/pages/0/items/8"),
        ("missing-code-list", "/pages/0/items/9/codeList"),
        ("computed-without-expr", "/pages/0/items/10"),
        ("required-never-visible", "/pages/0/items/11/required"),
        ("expr-type", "/pages/0/items/12/visibleIf"),
        ("min-greater-than-max", "/pages/0/items/13/minDate"),
        ("duplicate-id", "/pages/1/id"),
        ("page-without-items", "/pages/1/items"),
    ] {
        assert!(has(&d, code, ptr), "missing {code} at {ptr}: {d:#?}");
    }
    // Keys without effect are the structural check's (`key-no-effect` in `antrag check`).
    assert!(!d.iter().any(|(c, _, _)| c == "no-effect"));
}

#[test]
fn cycles_are_detected() {
    let d = diags(form_with(json!([
        {"type": "computed", "id": "a", "label": "A", "expr": "b + 1"},
        {"type": "computed", "id": "b", "label": "B", "expr": "a + 1"},
        {"type": "yesNo", "id": "c", "label": "C", "visibleIf": "c == true"},
        {"type": "group", "id": "g", "label": "G", "visibleIf": "g.x == true", "items": [
            {"type": "yesNo", "id": "x", "label": "X"}]}
    ])));
    let cycles: Vec<_> = d.iter().filter(|(c, _, _)| c == "cycle").collect();
    assert_eq!(cycles.len(), 3, "{d:#?}");
    assert!(has(&d, "cycle", "/pages/0/items/2/visibleIf"));
    assert!(has(&d, "cycle", "/pages/0/items/3/visibleIf"));

    // A page whose condition reads a field on it is named by its id.
    let def = json!({"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
        "pages": [{"id": "eins", "title": "1", "items": [{"type": "text", "id": "x", "label": "X"}]},
                  {"id": "zwei", "title": "2", "visibleIf": "h == 'x'",
                   "items": [{"type": "text", "id": "h", "label": "H"}]}]});
    let Err(d) = Form::from_json(&def.to_string(), &CodeLists::new()) else {
        panic!("accepted")
    };
    assert!(
        d.iter()
            .any(|d| d.code == "cycle" && d.message.ends_with("h → page `zwei` → h")),
        "{d:#?}"
    );
}

#[test]
fn scopes_resolve_inside_repeats_then_outward() {
    let ok = Form::from_json(
        &form_with(json!([
            {"type": "integer", "id": "limit", "label": "L"},
            {"type": "group", "id": "g", "label": "G", "items": [
                {"type": "text", "id": "name", "label": "N"}]},
            {"type": "repeat", "id": "r", "label": "R", "items": [
                {"type": "integer", "id": "n", "label": "N", "rules": [{"check": "n <= limit", "message": "x"}]},
                {"type": "text", "id": "t", "label": "T", "visibleIf": "g.name == \"a\" and n > 1"}]},
            {"type": "computed", "id": "total", "label": "S", "expr": "sum(r[*].n)"},
            {"type": "yesNo", "id": "many", "label": "M", "visibleIf": "count(r) > 2 and total > 3"}
        ]))
        .to_string(),
        &CodeLists::new(),
    );
    assert!(ok.is_ok(), "{:#?}", ok.err());
    // A bare repeat field from outside the repeat is dangling; so is a list where a value is needed.
    let d = diags(form_with(json!([
        {"type": "repeat", "id": "r", "label": "R", "items": [{"type": "integer", "id": "n", "label": "N"}]},
        {"type": "yesNo", "id": "a", "label": "A", "visibleIf": "n > 1"},
        {"type": "yesNo", "id": "b", "label": "B", "visibleIf": "r[*].n > 1"}
    ])));
    assert!(
        has(&d, "dangling-reference", "/pages/0/items/1/visibleIf"),
        "{d:#?}"
    );
    assert!(has(&d, "expr-type", "/pages/0/items/2/visibleIf"), "{d:#?}");
}

#[test]
fn code_lists_are_resolved() {
    let def = form_with(json!([
        {"type": "choice", "id": "rf", "label": "RF", "codeList": "codelists/rechtsform.json"}
    ]));
    let parsed = serde_json::from_value(def.clone()).unwrap();
    assert_eq!(
        Form::code_list_refs(&parsed),
        vec!["codelists/rechtsform.json".to_string()]
    );
    let mut lists = CodeLists::new();
    lists.insert(
        "codelists/rechtsform.json".into(),
        serde_json::from_value::<CodeList>(json!({"id": "urn:x", "options": [
            {"value": "ev", "label": "Verein"}, {"value": "gmbh", "label": "GmbH"}]}))
        .unwrap(),
    );
    let form = Form::from_json(&def.to_string(), &lists).unwrap();
    assert_eq!(form.options("rf").len(), 2);
    assert!(!form.has_files());
    let err = Form::from_json("{ not json", &lists).unwrap_err();
    assert_eq!(err[0].code, "json");
}

#[test]
fn semver_and_ids() {
    use antrag_core::form::{is_semver, is_valid_id, template_key};
    for v in [
        "1.0.0",
        "0.1.2",
        "10.20.30",
        "1.0.0-beta.1",
        "1.0.0+build.5",
    ] {
        assert!(is_semver(v), "{v}");
    }
    for v in ["1.0", "01.0.0", "1.0.0-", "a.b.c", "1.0.0.0", ""] {
        assert!(!is_semver(v), "{v}");
    }
    for id in ["name", "geburtsdatum", "plzOrt", "_x", "a1"] {
        assert!(is_valid_id(id), "{id}");
    }
    for id in ["", "1a", "a.b", "a[0]", "a b", "straße", "and", "null"] {
        assert!(!is_valid_id(id), "{id}");
    }
    assert_eq!(
        template_key("plaetze[12].kinder[0].name"),
        "plaetze[*].kinder[*].name"
    );
}

#[test]
fn code_lists_from_their_file_texts() {
    let def = form_with(json!([
        {"type": "choice", "id": "rf", "label": "RF", "codeList": "codelists/rechtsform.json"}
    ]));
    let parse = || serde_json::from_value(def.clone()).unwrap();
    let mut texts = std::collections::BTreeMap::new();
    texts.insert(
        "codelists/rechtsform.json".to_string(),
        r#"{"id": "urn:x", "options": [{"value": "ev", "label": "Verein"}]}"#.to_string(),
    );
    let form = Form::compile_with_sources(parse(), &texts).unwrap();
    assert_eq!(form.options("rf").len(), 1);

    let missing = Form::compile_with_sources(parse(), &Default::default()).unwrap_err();
    assert!(missing.iter().any(|d| d.code == "missing-code-list"));

    texts.insert("codelists/rechtsform.json".into(), "{ not json".into());
    let bad = Form::compile_with_sources(parse(), &texts).unwrap_err();
    assert_eq!(bad[0].code, "invalid-code-list");
}

/// `dependents` lists every field whose state may change with the given one, in form order and
/// each once, also through a page's `visibleIf` and through computed values.
#[test]
fn dependents_in_form_order_once_each() {
    let def = json!({"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
    "pages": [
        {"id": "a", "title": "A", "items": [
            {"type": "yesNo", "id": "ja", "label": "Ja?"},
            {"type": "text", "id": "wenn", "label": "Wenn", "visibleIf": "ja"},
            {"type": "integer", "id": "n", "label": "N"},
            {"type": "computed", "id": "doppelt", "label": "2N", "expr": "n * 2"},
            {"type": "text", "id": "gross", "label": "G", "visibleIf": "doppelt > 10 or ja"}
        ]},
        {"id": "b", "title": "B", "visibleIf": "ja", "items": [
            {"type": "text", "id": "x", "label": "X"},
            {"type": "group", "id": "g", "items": [{"type": "text", "id": "y", "label": "Y"}]}
        ]}
    ]});
    let form = Form::from_json(&def.to_string(), &CodeLists::new()).expect("compiles");
    assert_eq!(form.dependents("ja"), ["wenn", "gross", "x", "g", "g.y"]);
    assert_eq!(form.dependents("n"), ["doppelt", "gross"]);
    assert!(form.dependents("x").is_empty());
}

/// A file field's `accept` is checked by media type; an entry that no upload can match (a file
/// extension, upper case the server would not match, no `/`, a name browsers do not report such
/// as `image/jpg`) would refuse every file.
#[test]
fn accept_lists_media_types() {
    let d = diags(form_with(json!([
        {"type": "file", "id": "f", "label": "F",
         "accept": ["application/pdf", "image/*", "application/vnd.oasis.opendocument.text",
                    ".pdf", ".JPG", "Application/PDF", "pdf", "image/", "/pdf", ".docx",
                    "text/*", "image/jpg", "application/x-pdf"]}
    ])));
    let bad: Vec<&str> = d
        .iter()
        .filter(|(c, _, _)| c == "bad-accept")
        .map(|(_, p, _)| p.as_str())
        .collect();
    let at = |i: usize| format!("/pages/0/items/0/accept/{i}");
    assert_eq!(bad, (3..13).map(at).collect::<Vec<_>>());
    let msg = |a: &str| {
        let src = form_with(json!([{"type": "file", "id": "f", "label": "F", "accept": [a]}]));
        match Form::from_json(&src.to_string(), &CodeLists::new()) {
            Err(d) => d[0].message.clone(),
            Ok(_) => String::new(),
        }
    };
    assert!(msg(".JPG").contains("`image/jpeg`"), "{}", msg(".JPG"));
    assert!(msg(".pdf").contains("`application/pdf`"));
    assert!(msg("Application/PDF").contains("`application/pdf`"));
    assert!(msg(".docx").contains("file extension"));
    // A suggestion is itself valid, or none is made.
    assert!(
        msg("IMAGE/").contains("is not a media type"),
        "{}",
        msg("IMAGE/")
    );
    assert!(msg("text/*").contains("takes no file"), "{}", msg("text/*"));
    // Look right, but no browser reports them: every JPEG would be refused.
    assert!(
        msg("image/jpg").contains("write `image/jpeg`"),
        "{}",
        msg("image/jpg")
    );
    assert!(msg("image/tif").contains("write `image/tiff`"));
    assert!(
        msg("IMAGE/JPG").contains("`image/jpeg`"),
        "{}",
        msg("IMAGE/JPG")
    );
}

/// Settings that leave a field nothing to take are errors: a limit of 0, an empty `pattern`, an
/// option whose value is empty (choosing it would count as no answer).
#[test]
fn settings_that_leave_nothing_to_enter() {
    let d = diags(form_with(json!([
        {"type": "text", "id": "t", "label": "T", "maxLength": 0, "pattern": ""},
        {"type": "textarea", "id": "ta", "label": "TA", "rows": 0},
        {"type": "file", "id": "f", "label": "F", "maxSize": 0, "maxFiles": 0},
        {"type": "multiChoice", "id": "m", "label": "M", "maxSelected": 0,
         "options": [{"value": "a", "label": "A"}]},
        {"type": "choice", "id": "c", "label": "C",
         "options": [{"value": "a", "label": "A"}, {"value": " ", "label": "Keine Angabe"}]},
        {"type": "text", "id": "ok", "label": "OK", "maxLength": 1, "pattern": "[0-9]"}
    ])));
    let got: Vec<(&str, &str)> = d
        .iter()
        .filter(|(_, _, s)| *s == Severity::Error)
        .map(|(c, p, _)| (c.as_str(), p.as_str()))
        .collect();
    let at = |i: usize, k: &str| format!("/pages/0/items/{i}/{k}");
    let want = [
        ("zero-limit", at(0, "maxLength")),
        ("empty-pattern", at(0, "pattern")),
        ("zero-limit", at(1, "rows")),
        ("zero-limit", at(2, "maxSize")),
        ("zero-limit", at(2, "maxFiles")),
        ("zero-limit", at(3, "maxSelected")),
        ("empty-option-value", at(4, "options/1/value")),
    ];
    for (code, ptr) in &want {
        assert!(
            got.contains(&(code, ptr.as_str())),
            "{code} at {ptr}: {got:?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:?}");
}

/// A custom message for a problem the item cannot have is never shown, and a placeholder that is
/// not filled in would reach the citizen as `{maxi}`: both are errors, with the right name.
#[test]
fn messages_name_real_problems_and_placeholders() {
    let src = form_with(json!([
        {"type": "text", "id": "t", "label": "T", "maxLength": 5,
         "rules": [{"check": "t != 'x'", "code": "kein_x", "message": "Nicht x"}],
         "messages": {
            "patern": "Falsch",
            "too_long": {"de": "Höchstens {maxi} Zeichen", "en": "At most {max} characters"},
            "date_too_late": "Zu spät",
            "required": "Geben Sie {label} an",
            "kein_x": "Bitte kein x bei {label}"}},
        {"type": "repeat", "id": "r", "label": "R", "minItems": 1,
         "items": [{"type": "text", "id": "a", "label": "A"}],
         "messages": {"too_few_item": "Mindestens {min}", "too_few_items": "Mindestens {min}"}}
    ]));
    let d = match Form::from_json(&src.to_string(), &CodeLists::new()) {
        Err(d) => d,
        Ok(_) => panic!("accepted"),
    };
    let got: Vec<(&str, &str, &str)> = d
        .iter()
        .map(|d| (d.code.as_str(), d.pointer.as_str(), d.message.as_str()))
        .collect();
    let at = |s: &str| format!("/pages/0/items/{s}");
    let find = |code: &str, ptr: &str| {
        got.iter()
            .find(|(c, p, _)| *c == code && *p == ptr)
            .unwrap_or_else(|| panic!("{code} at {ptr}: {got:#?}"))
            .2
    };
    assert!(find("unknown-message", &at("0/messages/patern")).contains("did you mean `pattern`?"));
    assert!(find("unknown-message", &at("0/messages/date_too_late")).contains("never shown"));
    assert!(find("unknown-placeholder", &at("0/messages/too_long"))
        .contains("`{maxi}` is not filled in for `too_long` (it can use `{label}`, `{max}`)"));
    assert!(find("unknown-message", &at("1/messages/too_few_item"))
        .contains("did you mean `too_few_items`?"));
    assert_eq!(
        got.len(),
        4,
        "required, the rule's code and too_few_items are fine: {got:#?}"
    );
}

/// A condition comparing a choice field with a value it does not offer never holds: an error
/// naming the values (with a did-you-mean for a near miss), for `==`, `!=` and `contains`.
#[test]
fn comparisons_with_choices_use_their_values() {
    let src = form_with(json!([
        {"type": "choice", "id": "rf", "label": "RF",
         "options": [{"value": "ev", "label": "e.V."}, {"value": "gmbh", "label": "GmbH"}]},
        {"type": "multiChoice", "id": "spr", "label": "S",
         "options": [{"value": "de", "label": "Deutsch"}]},
        {"type": "text", "id": "a", "label": "A", "visibleIf": "rf == 'EV'"},
        {"type": "text", "id": "b", "label": "B", "visibleIf": "'verein' != rf"},
        {"type": "text", "id": "c", "label": "C", "visibleIf": "contains(spr, 'fr')"},
        {"type": "text", "id": "ok", "label": "OK",
         "visibleIf": "rf == 'gmbh' or contains(spr, 'de') or a == 'EV'"}
    ]));
    let d = match Form::from_json(&src.to_string(), &CodeLists::new()) {
        Err(d) => d,
        Ok(_) => panic!("accepted"),
    };
    let msgs: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(msgs.len(), 3, "{msgs:#?}");
    assert!(msgs[0].0.ends_with("2/visibleIf"));
    assert!(
        msgs[0]
            .1
            .contains("`rf` has no option with the value `\"EV\"`"),
        "{msgs:#?}"
    );
    assert!(msgs[0].1.contains("did you mean `\"ev\"`?"));
    assert!(
        msgs[1].1.contains("its values are `\"ev\"`, `\"gmbh\"`"),
        "{msgs:#?}"
    );
    assert!(msgs[2]
        .1
        .contains("`spr` has no option with the value `\"fr\"`"));
}

/// A refused id says why: its length, a reserved word, or the characters.
#[test]
fn bad_ids_say_why() {
    let msg = |id: &str| {
        let src = form_with(json!([{"type": "text", "id": id, "label": "L"}]));
        match Form::from_json(&src.to_string(), &CodeLists::new()) {
            Err(d) => d[0].message.clone(),
            Ok(_) => String::new(),
        }
    };
    assert!(msg(&"a".repeat(70)).contains("70 characters, at most 64"));
    assert!(msg("true").contains("a word of the expression language"));
    assert!(
        msg("straße").contains("`strasse`, not `straße`"),
        "{}",
        msg("straße")
    );
}
