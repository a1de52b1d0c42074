//! Warnings for authors and code lists.

use antrag_core::check::{check_code_list_source, check_source};
use antrag_core::{Diagnostic, Severity};

mod common;
use common::*;

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
    // No semantic version: one error (not also a warning), with the version to write.
    let src = form("t", true, "\"T\"", "\"A\"", "").replace("1.0.0", "1.0");
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(codes(&d), ["bad-version"], "{d:#?}");
    let e = find(&d, "bad-version");
    assert_eq!(e.severity, Severity::Error);
    assert_eq!((e.line, e.column), (4, 14));
    assert_eq!(e.hint.as_deref(), Some("write `\"version\": \"1.0.0\"`"));
    let src = form("t", true, "\"T\"", "\"A\"", "").replace("1.0.0", "v2.1");
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        find(&d, "bad-version").hint.as_deref(),
        Some("write `\"version\": \"2.1.0\"`")
    );
    // A pre-release is accepted with a warning.
    let src = form("t", true, "\"T\"", "\"A\"", "").replace("1.0.0", "1.0.0-rc.1");
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(codes(&d), ["version-format"], "{d:#?}");
    // A JSON number: the hint is a version that works, not `"1.0"`.
    let src = form("t", true, "\"T\"", "\"A\"", "").replace("\"1.0.0\"", "1.0");
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(codes(&d), ["wrong-type"], "{d:#?}");
    assert_eq!(
        d[0].hint.as_deref(),
        Some("write it in quotes, as three whole numbers: `\"version\": \"1.0.0\"`")
    );
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

#[test]
fn links_the_app_does_not_make() {
    let extra = r#",
      { "type": "paragraph", "text": "Siehe [Hilfe](/hilfe) und [Mail](mailto:a@b.de)." },
      { "type": "info", "text": { "de": "[Start](https://a.de)", "en": "[x](javascript:alert(1))" } },
      { "type": "text", "id": "b", "label": "B", "hint": "Mehr unter [Seite](http://a.de/x)." },
      { "type": "paragraph", "text": "[](https://a.de) und [Seite](www.a.de) und [Seite](https://a.de/a b)" }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "invalid-link"),
        [
            "/pages/0/items/1/text",
            "/pages/0/items/2/text/en",
            "/pages/0/items/3/hint",
            "/pages/0/items/4/text",
            "/pages/0/items/4/text",
            "/pages/0/items/4/text",
        ],
        "{d:#?}"
    );
    let w = all(&d, "invalid-link");
    assert!(w.iter().all(|w| w.severity == Severity::Warning));
    assert_eq!(
        w[0].message,
        "`[Hilfe](/hilfe)` is shown as written, not as a link: only `https://…` and `mailto:…` \
         addresses become links"
    );
    assert!(
        w[0].hint.as_deref().unwrap().contains("full address"),
        "{w:#?}"
    );
    assert_eq!((w[0].line, w[0].column), (10, 38));
    assert_eq!(
        w[1].message,
        "`[x](javascript:alert(1))` is shown as written, not as a link: only `https://…` and \
         `mailto:…` addresses become links"
    );
    assert_eq!(
        w[2].hint.as_deref(),
        Some("write `https://a.de/x`: the app links only encrypted addresses")
    );
    assert!(w[3].message.ends_with("a link needs a text"), "{w:#?}");
    assert_eq!(
        w[4].hint.as_deref(),
        Some("write the full address: `https://www.a.de`")
    );
    assert!(w[5].hint.as_deref().unwrap().contains("%20"), "{w:#?}");

    // Links the app makes, in every text that is formatted: no warning.
    let extra = r#",
      { "type": "paragraph", "text": "Siehe [Hilfe](https://a.de/hilfe) und [Mail](mailto:a@b.de)." },
      { "type": "info", "text": { "de": "- [Eins](https://a.de)\n- **[Zwei](https://b.de)**", "en": "x" } },
      { "type": "text", "id": "b", "label": "B", "hint": "Mehr unter [Seite](https://a.de/x)." }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra).replace(
        "\"title\": \"T\",",
        "\"title\": \"T\", \"description\": \"[D](https://a.de)\",",
    );
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(all(&d, "invalid-link").is_empty(), "{d:#?}");
    assert!(all(&d, "markup-in-plain-text").is_empty(), "{d:#?}");
}

#[test]
fn markup_in_texts_shown_as_plain_text() {
    let extra = r#",
      { "type": "heading", "text": "**Kosten**" },
      { "type": "choice", "id": "c", "label": "C", "options": [
        { "value": "x", "label": { "de": "X", "en": "*only* this" } } ] },
      { "type": "text", "id": "b", "label": "B", "messages": {
        "required": "Siehe [Hilfe](https://a.de/hilfe)." } }"#;
    let src = form("t", true, "\"T\"", "\"Name **(Pflicht)**\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "markup-in-plain-text"),
        [
            "/pages/0/items/0/label",
            "/pages/0/items/1/text",
            "/pages/0/items/2/options/0/label/en",
            "/pages/0/items/3/messages/required",
        ],
        "{d:#?}"
    );
    let w = all(&d, "markup-in-plain-text");
    assert_eq!(
        w[0].message,
        "`label` is shown as plain text: `**(Pflicht)**` appears as written, with its asterisks"
    );
    assert_eq!((w[0].line, w[0].column), (9, 45));
    assert!(w[1].message.starts_with("a heading is shown as plain text"));
    assert_eq!(
        w[3].message,
        "the message `required` is shown as plain text: `[Hilfe](https://a.de/hilfe)` appears \
         as written, not as a link"
    );
    assert!(w[3].hint.as_deref().unwrap().contains("`hint`"));

    // Asterisks that are no markup (arithmetic, footnotes, a lone star), and markup where it
    // is formatted.
    let extra = r#",
      { "type": "paragraph", "text": "**Kosten** und *mehr*" },
      { "type": "text", "id": "b", "label": "Preis * Menge, 2*3*4 und a*b*c", "hint": "**fett**" },
      { "type": "text", "id": "c", "label": "Einkommen* (*ohne Kindergeld)", "messages": {
        "required": "Bitte [siehe oben] angeben." } }"#;
    let src = form("t", true, "\"T\"", "\"Name*\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(all(&d, "markup-in-plain-text").is_empty(), "{d:#?}");
}

#[test]
fn item_label_without_number() {
    let repeat = |item_label: &str| {
        format!(
            r#",
      {{ "type": "repeat", "id": "kinder", "label": "Kinder", "itemLabel": {item_label},
        "items": [ {{ "type": "text", "id": "name", "label": "Name" }} ] }}"#
        )
    };
    let src = form(
        "t",
        true,
        "\"T\"",
        "\"A\"",
        &repeat(r#"{ "de": "Kind {n}", "en": "Child" }"#),
    );
    let d = check_source("forms/t.json", &src, &|_| None);
    let w = all(&d, "item-label-without-number");
    assert_eq!(w.len(), 1, "{d:#?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(w[0].pointer, "/pages/0/items/1/itemLabel/en");
    assert_eq!(
        w[0].message,
        "`itemLabel` has no `{n}`: every entry gets the same heading „Child“"
    );
    assert_eq!(
        w[0].hint.as_deref(),
        Some("write `{n}` where the number of the entry goes (1, 2, 3 …): `\"Child {n}\"`")
    );
    // A list of at most one entry needs no number.
    let one = repeat(r#""Ehepartner", "maxItems": 1"#);
    let src = form("t", true, "\"T\"", "\"A\"", &one);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(all(&d, "item-label-without-number").is_empty(), "{d:#?}");
    let src = form("t", true, "\"T\"", "\"A\"", &repeat("\"Kind\""));
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "item-label-without-number"),
        ["/pages/0/items/1/itemLabel"]
    );

    for ok in [
        r#"{ "de": "Kind {n}", "en": "Child {n}" }"#,
        "\"{n}. Kind\"",
    ] {
        let src = form("t", true, "\"T\"", "\"A\"", &repeat(ok));
        let d = check_source("forms/t.json", &src, &|_| None);
        assert!(all(&d, "item-label-without-number").is_empty(), "{d:#?}");
    }
}

#[test]
fn pattern_without_message() {
    let extra = r#",
      { "type": "text", "id": "az", "label": "Aktenzeichen", "pattern": "[A-Z]{2}-[0-9]{4}" },
      { "type": "postcode", "id": "plz", "label": "PLZ", "pattern": "0[4-9][0-9]{3}",
        "messages": { "required": "Bitte die PLZ angeben." } }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "pattern-without-message"),
        ["/pages/0/items/1/pattern", "/pages/0/items/2/pattern"],
        "{d:#?}"
    );
    let w = find(&d, "pattern-without-message");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!((w.line, w.column), (10, 73));
    assert!(w
        .hint
        .as_deref()
        .unwrap()
        .contains("\"messages\": { \"pattern\""));

    // With its own message, or where `pattern` has no effect anyway (`key-no-effect`).
    let extra = r#",
      { "type": "text", "id": "az", "label": "Aktenzeichen", "pattern": "[A-Z]{2}-[0-9]{4}",
        "messages": { "pattern": { "de": "Zum Beispiel AB-1234.", "en": "For example AB-1234." } } },
      { "type": "integer", "id": "n", "label": "N", "pattern": "[0-9]+" }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(all(&d, "pattern-without-message").is_empty(), "{d:#?}");
    assert_eq!(pointers(&d, "key-no-effect"), ["/pages/0/items/2/pattern"]);
}

#[test]
fn bounds_with_more_decimal_places_than_the_field_takes() {
    let extra = r#",
      { "type": "decimal", "id": "d", "label": "D", "decimals": 0, "min": "0.5", "max": 2.5 },
      { "type": "integer", "id": "i", "label": "I", "min": "-0.5" },
      { "type": "money", "id": "m", "label": "M", "max": "99.999" }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "bound-decimal-places"),
        [
            "/pages/0/items/1/min",
            "/pages/0/items/1/max",
            "/pages/0/items/2/min",
            "/pages/0/items/3/max",
        ],
        "{d:#?}"
    );
    let w = all(&d, "bound-decimal-places");
    assert!(w.iter().all(|w| w.severity == Severity::Warning));
    assert_eq!(
        w[0].message,
        "`min` (0.5) has more decimal places than the field takes (`decimals`: 0): the smallest \
         number it accepts is 1, and the message for a number out of range names 0.5, which \
         cannot be entered"
    );
    assert_eq!(
        w[0].hint.as_deref(),
        Some("write `\"min\": \"1\"`, or allow more places with `decimals`")
    );
    assert_eq!((w[0].line, w[0].column), (10, 75));
    assert!(
        w[1].message.contains("the largest number it accepts is 2,"),
        "{w:#?}"
    );
    assert!(w[2].message.contains("is not a whole number"), "{w:#?}");
    assert!(
        w[2].message
            .contains("the smallest number it accepts is 0,"),
        "{w:#?}"
    );
    assert!(
        w[3].message
            .contains("the largest amount it accepts is 99.99,"),
        "{w:#?}"
    );
    // Nothing else wrong with such a form: it compiles.
    assert!(!d.iter().any(|d| d.severity == Severity::Error), "{d:#?}");

    // No number with the places allowed between the bounds: nothing can be entered.
    let extra = r#",
      { "type": "decimal", "id": "d", "label": "D", "decimals": 1, "min": "0.21", "max": "0.29" }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    let e = find(&d, "no-number-in-range");
    assert_eq!(e.severity, Severity::Warning);
    assert_eq!(e.pointer, "/pages/0/items/1/min");
    assert_eq!(
        e.message,
        "no number with one decimal place lies between `min` (0.21) and `max` (0.29): nothing \
         can be entered"
    );
    assert!(all(&d, "bound-decimal-places").is_empty(), "{d:#?}");

    // Bounds the field can take (trailing zeros do not count), the default of 2 places.
    let extra = r#",
      { "type": "decimal", "id": "d", "label": "D", "decimals": 1, "min": "0.50", "max": 2.5 },
      { "type": "decimal", "id": "e", "label": "E", "min": "0.25" },
      { "type": "integer", "id": "i", "label": "I", "min": 0, "max": "10.0" },
      { "type": "money", "id": "m", "label": "M", "min": "0.01", "max": "21460.00" }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(all(&d, "bound-decimal-places").is_empty(), "{d:#?}");
    assert!(all(&d, "no-number-in-range").is_empty(), "{d:#?}");
}

fn two_pages(first_page_if: &str, first_items: &str, second_items: &str) -> String {
    format!(
        r#"{{
  "$schema": "./form-definition.schema.json",
  "id": "t",
  "version": "1.0.0",
  "title": "T",
  "submit": {{ "url": "/x" }},
  "pages": [
    {{ "id": "eins", "title": "Eins", {first_page_if}"items": [
      {{ "type": "yesNo", "id": "a", "label": "A" }}{first_items}
    ] }},
    {{ "id": "zwei", "title": "Zwei", "items": [
      {{ "type": "yesNo", "id": "b", "label": "B" }}{second_items}
    ] }}
  ]
}}"#
    )
}

#[test]
fn conditions_reading_a_later_page() {
    let src = two_pages(
        r#""visibleIf": "b == true", "#,
        r#",
      { "type": "text", "id": "c", "label": "C", "requiredIf": "a and b" },
      { "type": "group", "id": "g", "items": [
        { "type": "text", "id": "d", "label": "D", "enabledIf": "not b", "visibleIf": "a" } ] }"#,
        "",
    );
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "reads-later-page"),
        [
            "/pages/0/visibleIf",
            "/pages/0/items/1/requiredIf",
            "/pages/0/items/2/items/0/enabledIf",
        ],
        "{d:#?}"
    );
    let w = all(&d, "reads-later-page");
    assert!(w.iter().all(|w| w.severity == Severity::Warning));
    assert_eq!(
        w[0].message,
        "`b` is asked only on the later page `zwei`: on this page it is still unanswered, so \
         this `visibleIf` treats it as empty"
    );
    assert_eq!(
        w[0].hint.as_deref(),
        Some("ask `b` on a page before `eins`, or move the page `eins` after the page `zwei`")
    );
    // The caret points at the field in the expression.
    assert_eq!((w[0].line, w[0].column), (8, 52));
    assert_eq!((w[1].line, w[1].column), (10, 71));
    assert_eq!(
        w[1].hint.as_deref(),
        Some("ask `b` on this page or an earlier one, or move this item to the page `zwei` or a later one")
    );

    // Reading the same page or an earlier one is what conditions are for.
    let src = two_pages(
        "",
        r#",
      { "type": "text", "id": "c", "label": "C", "visibleIf": "a", "requiredIf": "a" }"#,
        r#",
      { "type": "text", "id": "e", "label": "E", "visibleIf": "a and b", "enabledIf": "b",
        "requiredIf": "a" }"#,
    )
    .replace(
        r#""id": "zwei", "title": "Zwei", "#,
        r#""id": "zwei", "title": "Zwei", "visibleIf": "a", "#,
    );
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(all(&d, "reads-later-page").is_empty(), "{d:#?}");
    assert!(!d.iter().any(|d| d.severity == Severity::Error), "{d:#?}");

    // A computed value shown on a later page is worked out from the answers wherever it is read.
    let src = two_pages(
        "",
        r#",
      { "type": "text", "id": "c", "label": "C", "visibleIf": "doppelt == true" }"#,
        r#",
      { "type": "computed", "id": "doppelt", "label": "Doppelt", "expr": "a" }"#,
    );
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(all(&d, "reads-later-page").is_empty(), "{d:#?}");

    // … but the fields it is worked out from may be asked later: followed through computed
    // values, each field said once.
    let src = two_pages(
        "",
        r#",
      { "type": "computed", "id": "beide", "label": "Beide", "expr": "a and b" },
      { "type": "computed", "id": "nochmal", "label": "Nochmal", "expr": "beide or b" },
      { "type": "text", "id": "c", "label": "C", "visibleIf": "nochmal == true" }"#,
        "",
    );
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "reads-later-page"),
        ["/pages/0/items/3/visibleIf"],
        "{d:#?}"
    );
    let w = find(&d, "reads-later-page");
    assert_eq!(
        w.message,
        "`b` (the computed `nochmal` reads it) is asked only on the later page `zwei`: on this \
         page it is still unanswered, so this `visibleIf` treats it as empty"
    );
    // The caret points at the computed value's name in the expression.
    assert_eq!((w.line, w.column), (12, 64));
}

#[test]
fn lists_and_paragraphs_in_hints_are_run_together() {
    let extra = r#",
      { "type": "text", "id": "b", "label": "B", "hint": "Beizufügen sind:\n- Satzung\n- Vollmacht" },
      { "type": "text", "id": "c", "label": "C", "hint": { "de": "Erster Absatz.\n\nZweiter Absatz.", "en": "One." } }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "blocks-in-hint"),
        ["/pages/0/items/1/hint", "/pages/0/items/2/hint/de"],
        "{d:#?}"
    );
    let w = all(&d, "blocks-in-hint");
    assert!(w[0].message.contains("`- Satzung`"), "{w:#?}");
    assert!(w[1].message.contains("paragraphs"), "{w:#?}");
    assert!(w.iter().all(|w| w.severity == Severity::Warning));

    // A hint of one paragraph, a trailing line break, a hint of one line starting with a dash,
    // and lists where they work: no warning.
    let extra = r#",
      { "type": "text", "id": "b", "label": "B", "hint": "Zum Beispiel: 12-34 oder - gar nichts.\n" },
      { "type": "text", "id": "d", "label": "D", "hint": "- nur wenn vorhanden" },
      { "type": "paragraph", "text": "Beizufügen sind:\n- Satzung\n\nDanke." }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert!(all(&d, "blocks-in-hint").is_empty(), "{d:#?}");
}

#[test]
fn formatting_inside_a_link_text() {
    let extra = r#",
      { "type": "paragraph", "text": "Lesen Sie [**die Hinweise**](https://a.de/h)." },
      { "type": "text", "id": "b", "label": "B", "hint": "Siehe [Anlage*](https://a.de/a) und **[Hilfe](https://a.de)**." }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "markup-in-link-text"),
        ["/pages/0/items/1/text"],
        "a footnote star and a bold link are fine: {d:#?}"
    );
    let w = find(&d, "markup-in-link-text");
    assert_eq!(
        w.hint.as_deref(),
        Some("leave the asterisks out of the brackets: `[die Hinweise](https://a.de/h)`")
    );
    assert!(all(&d, "invalid-link").is_empty(), "{d:#?}");
}

/// Asterisks in a link's text that the app would not make formatting anywhere (arithmetic), or
/// that sit inside words (`a*b*c`, a gender star), are no formatting the author meant: a link's
/// text is shown as written, which is what they want. The hint leaves such asterisks alone.
#[test]
fn asterisks_in_a_link_text_that_are_no_formatting() {
    let extra = r#",
      { "type": "paragraph", "text": "[a*b*c](https://example.org) und [5 * 3 = 15](https://example.org)" },
      { "type": "paragraph", "text": "Siehe [2 * 3 * 4](https://example.org/r) und [Für Schüler*innen und Lehrer*innen](https://a.de/s)." },
      { "type": "text", "id": "b", "label": "B", "hint": "Siehe [5 * 3 = **15** Euro](https://a.de/p)." }"#;
    let src = form("t", true, "\"T\"", "\"A\"", extra);
    let d = check_source("forms/t.json", &src, &|_| None);
    assert_eq!(
        pointers(&d, "markup-in-link-text"),
        ["/pages/0/items/3/hint"],
        "{d:#?}"
    );
    let w = find(&d, "markup-in-link-text");
    assert_eq!(
        w.hint.as_deref(),
        Some("leave the asterisks out of the brackets: `[5 * 3 = 15 Euro](https://a.de/p)`")
    );
}
