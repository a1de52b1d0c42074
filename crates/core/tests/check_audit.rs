//! The checks an audit of the author experience asked for: `submit` against the form
//! (`files-need-multipart`, `submit-url-other-form`, `submit-url-shape`), empty texts
//! (`empty-text`), decimal commas in expressions (`decimal-comma`), thousands separators in
//! number bounds (`thousands-separator`) and uploads beyond the server's default limit
//! (`uploads-exceed-limit`).

use antrag_core::check::check_code_list_source;
use antrag_core::Severity;

mod common;
use common::*;

/// A form `t` with the `submit` object `submit` and the items `items` on its one page.
fn form(submit: &str, items: &str) -> String {
    format!(
        r#"{{
  "$schema": "./form-definition.schema.json",
  "id": "t",
  "version": "1.0.0",
  "title": "T",
  "submit": {submit},
  "pages": [
    {{ "id": "p", "title": "P", "items": [
      {{ "type": "text", "id": "a", "label": "A" }}{items}
    ] }}
  ]
}}"#
    )
}

const SUBMIT: &str = r#"{ "url": "/api/forms/t/submissions" }"#;
const MULTIPART: &str = r#"{ "url": "/api/forms/t/submissions", "encoding": "multipart" }"#;

const FILE: &str = r#",
      { "type": "file", "id": "nachweis", "label": "Nachweis" }"#;

#[test]
fn files_need_multipart() {
    // No `encoding`: JSON, at the `submit` object.
    let src = form(SUBMIT, FILE);
    let d = check(&src);
    let e = find(&d, "files-need-multipart");
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.pointer, "/submit");
    assert_eq!((e.line, e.column), pos_of(&src, "{ \"url\"", 0));
    assert_eq!(
        e.message,
        "the form has the file field `nachweis`, but `submit` sends the answers as JSON, \
         without the files: every application with a file is refused with „The part `file-0` \
         is missing.“"
    );
    assert!(
        e.hint
            .as_deref()
            .unwrap()
            .contains("`\"encoding\": \"multipart\"`"),
        "{e:#?}"
    );

    // `"encoding": "json"`, with file fields inside a group and a list: at the `encoding`.
    let submit = r#"{ "url": "/api/forms/t/submissions", "encoding": "json" }"#;
    let items = r#",
      { "type": "group", "id": "g", "items": [
        { "type": "repeat", "id": "r", "label": "R", "items": [
          { "type": "file", "id": "f", "label": "F" } ] } ] },
      { "type": "file", "id": "h", "label": "H" }"#;
    let src = form(submit, items);
    let d = check(&src);
    assert_eq!(
        pointers(&d, "files-need-multipart"),
        ["/submit/encoding"],
        "{d:#?}"
    );
    let e = find(&d, "files-need-multipart");
    assert_eq!((e.line, e.column), pos_of(&src, "\"json\"", 0));
    assert!(
        e.message
            .starts_with("the form has the file field `g.r[*].f` and 1 more,"),
        "{e:#?}"
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("write `\"encoding\": \"multipart\"`")
    );

    // The error leaves the later stages to run: the compiler's findings are reported too.
    let items = r#",
      { "type": "file", "id": "f", "label": " ", "visibleIf": "zz" }"#;
    let d = check(&form(SUBMIT, items));
    let codes: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["files-need-multipart", "empty-text", "dangling-reference"],
        "{d:#?}"
    );

    // With `multipart`, or without file fields: nothing to say.
    let d = check(&form(MULTIPART, FILE));
    assert!(d.is_empty(), "{d:#?}");
    let d = check(&form(submit, ""));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn the_submit_url_of_the_reference_server() {
    // Another form's address: the server refuses every application.
    let src = form(r#"{ "url": "/api/forms/kontakt/submissions" }"#, "");
    let d = check(&src);
    let e = find(&d, "submit-url-other-form");
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.pointer, "/submit/url");
    assert_eq!((e.line, e.column), pos_of(&src, "\"/api/forms/kontakt", 0));
    assert_eq!(
        e.message,
        "`submit.url` sends the applications to the form `kontakt`, but this form is `t`: the \
         server refuses every one with „`form.id` does not match the form in the URL.“"
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("write `\"url\": \"/api/forms/t/submissions\"`")
    );

    // Another shape on the server's `/api/`: a warning.
    for url in [
        "/api/form/t/submission",
        "/api/forms/t/submissions/",
        "/api/forms/t",
        "api/forms/t/submissions",
    ] {
        let d = check(&form(&format!(r#"{{ "url": "{url}" }}"#), ""));
        assert_eq!(pointers(&d, "submit-url-shape"), ["/submit/url"], "{url}");
        let w = find(&d, "submit-url-shape");
        assert_eq!(w.severity, Severity::Warning);
        assert!(w.message.contains("`/api/forms/t/submissions`"), "{w:#?}");
        assert!(all(&d, "submit-url-other-form").is_empty(), "{d:#?}");
    }

    // The right address, other backends (absolute) and other paths of the site: fine.
    for url in [
        "/api/forms/t/submissions",
        "https://antraege.example.de/api/forms/kontakt/submissions",
        "//antraege.example.de/api/form/x",
        "/eingang/t",
    ] {
        let d = check(&form(&format!(r#"{{ "url": "{url}" }}"#), ""));
        assert!(d.is_empty(), "{url}: {d:#?}");
    }
}

#[test]
fn empty_texts() {
    let items = r#",
      { "type": "text", "id": "b", "label": " ", "hint": "",
        "rules": [ { "check": "b != 'x'", "message": "" } ],
        "messages": { "required": { "de": "Bitte angeben.", "en": "" } } },
      { "type": "choice", "id": "c", "label": "C", "options": [
        { "value": "ja", "label": { "de": "", "en": "Yes" } } ] },
      { "type": "heading", "text": "" },
      { "type": "repeat", "id": "r", "label": "R", "itemLabel": "", "addLabel": "\n",
        "items": [ { "type": "text", "id": "x", "label": "X" } ] }"#;
    let src =
        form(SUBMIT, items).replace(r#""title": "P","#, r#""title": "P", "description": " ","#);
    let d = check(&src);
    let errors: Vec<&str> = all(&d, "empty-text")
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        errors,
        [
            "/pages/0/items/1/label",
            "/pages/0/items/1/rules/0/message",
            "/pages/0/items/1/messages/required/en",
            "/pages/0/items/2/options/0/label/de",
            "/pages/0/items/3/text",
            "/pages/0/items/4/itemLabel",
            "/pages/0/items/4/addLabel",
        ],
        "{d:#?}"
    );
    let warnings: Vec<&str> = all(&d, "empty-text")
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        warnings,
        ["/pages/0/description", "/pages/0/items/1/hint"],
        "{d:#?}"
    );

    let e = all(&d, "empty-text");
    let label = e
        .iter()
        .find(|d| d.pointer == "/pages/0/items/1/label")
        .unwrap();
    assert_eq!(
        label.message,
        "`label` is empty: the citizen sees an input without a label, so nothing says what to enter"
    );
    assert_eq!(
        (label.line, label.column),
        pos_of(&src, "\" \", \"hint\"", 0)
    );
    assert_eq!(
        label.hint.as_deref(),
        Some("write the text the citizen should read, e.g. `\"label\": \"Vor- und Nachname\"`")
    );
    let message = e
        .iter()
        .find(|d| d.pointer.ends_with("rules/0/message"))
        .unwrap();
    assert!(
        message.message.contains("„Es gibt ein Problem“"),
        "{message:#?}"
    );
    let english = e.iter().find(|d| d.pointer.ends_with("/en")).unwrap();
    assert_eq!(
        english.message.split(':').next(),
        Some("a message (English) is empty")
    );
    assert!(
        english.hint.as_deref().unwrap().contains("leave `en` out"),
        "{english:#?}"
    );
    let hint = e.iter().find(|d| d.pointer.ends_with("/hint")).unwrap();
    assert_eq!(
        hint.hint.as_deref(),
        Some("write the text, or leave `hint` out")
    );

    // An empty option label in a code list file.
    let list = r#"{ "id": "r", "options": [ { "value": "a", "label": "" } ] }"#;
    let d = check_code_list_source("codelists/r.json", list);
    assert_eq!(pointers(&d, "empty-text"), ["/options/0/label"], "{d:#?}");

    // Texts with something in them, and optional texts left out: nothing to say.
    let items = r#",
      { "type": "text", "id": "b", "label": { "de": "B" }, "hint": "Mehr.",
        "rules": [ { "check": "b != 'x'", "message": "Nicht x." } ] },
      { "type": "group", "id": "g", "items": [ { "type": "text", "id": "y", "label": "Y" } ] },
      { "type": "paragraph", "text": "-" }"#;
    let d = check(&form(SUBMIT, items));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn decimal_comma_in_expressions() {
    let items = r#",
      { "type": "money", "id": "kosten", "label": "Kosten" },
      { "type": "integer", "id": "anzahl", "label": "Anzahl" },
      { "type": "computed", "id": "z", "label": "Z", "expr": "min(kosten * 0,5, anzahl * 50)" },
      { "type": "computed", "id": "h", "label": "H", "expr": "round(anzahl * 1,5)" }"#;
    let src = form(SUBMIT, items);
    let d = check(&src);
    assert_eq!(
        pointers(&d, "decimal-comma"),
        ["/pages/0/items/3/expr", "/pages/0/items/4/expr"],
        "{d:#?}"
    );
    let w = all(&d, "decimal-comma");
    assert!(w.iter().all(|w| w.severity == Severity::Warning));
    // The caret points at the number in the expression.
    assert_eq!((w[0].line, w[0].column), pos_of(&src, "0,5", 0));
    assert_eq!(
        w[0].message,
        "`0,5` is not the number 0.5: a comma separates the values given to a function, so \
         this is 0 and 5, and the result is silently wrong"
    );
    assert_eq!(
        w[0].hint.as_deref(),
        Some(
            "write `0.5` (a dot is the decimal point); if you meant two values, put a space \
             after the comma: `0, 5`"
        )
    );
    assert_eq!((w[1].line, w[1].column), pos_of(&src, "1,5", 0));
    // Such a form compiles: nothing else would tell the author.
    assert!(!d.iter().any(|d| d.severity == Severity::Error), "{d:#?}");

    // Outside a call the parser refuses the comma, as before; the warning says why.
    let items = r#",
      { "type": "money", "id": "kosten", "label": "Kosten" },
      { "type": "computed", "id": "z", "label": "Z", "expr": "kosten * 0,5" }"#;
    let d = check(&form(SUBMIT, items));
    assert_eq!(
        pointers(&d, "expr-syntax"),
        ["/pages/0/items/2/expr"],
        "{d:#?}"
    );
    assert_eq!(
        pointers(&d, "decimal-comma"),
        ["/pages/0/items/2/expr"],
        "{d:#?}"
    );

    // Decimal points, arguments with a space, names with digits and commas in texts: fine.
    let items = r#",
      { "type": "decimal", "id": "wert_2", "label": "W" },
      { "type": "text", "id": "s", "label": "S", "visibleIf": "a != '1,5' and wert_2 > 0.5" },
      { "type": "computed", "id": "z", "label": "Z", "expr": "round(wert_2,2) + min(1, 5) + max(wert_2, 2)" }"#;
    let d = check(&form(SUBMIT, items));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn thousands_separators_in_number_bounds() {
    let items = r#",
      { "type": "money", "id": "m", "label": "M", "max": "2.000" },
      { "type": "integer", "id": "i", "label": "I", "min": 1, "max": 5.000 },
      { "type": "decimal", "id": "d", "label": "D", "decimals": 1, "max": "-21.460" },
      { "type": "money", "id": "n", "label": "N", "max": "1.000.000" }"#;
    let src = form(SUBMIT, items);
    let d = check(&src);
    assert_eq!(
        pointers(&d, "thousands-separator"),
        [
            "/pages/0/items/1/max",
            "/pages/0/items/2/max",
            "/pages/0/items/3/max",
            "/pages/0/items/4/max",
        ],
        "{d:#?}"
    );
    let w = all(&d, "thousands-separator");
    assert!(w.iter().all(|w| w.severity == Severity::Warning));
    assert_eq!((w[0].line, w[0].column), pos_of(&src, "\"2.000\"", 0));
    assert_eq!(
        w[0].message,
        "`max` is `2.000`, which is read as 2,00 €, not 2000: in bounds a dot is the decimal \
         point, not a thousands separator"
    );
    assert_eq!(
        w[0].hint.as_deref(),
        Some(
            "for 2000 write `\"max\": \"2000\"`; decimal places are written with a dot and at \
             most as many as the field takes (2 here)"
        )
    );
    assert_eq!(
        w[1].message,
        "`max` is `5.000`, which is read as 5, not 5000: in bounds a dot is the decimal point, \
         not a thousands separator"
    );
    assert!(
        w[1].hint
            .as_deref()
            .unwrap()
            .starts_with("for 5000 write `\"max\": 5000`;"),
        "{w:#?}"
    );
    assert!(
        w[2].message.contains("read as -21,46, not -21460"),
        "{w:#?}"
    );
    assert!(w[3].message.contains("no number at all"), "{w:#?}");

    // Decimal points the field takes, a decimal field with three places, leading zeros and
    // bounds without separators: fine.
    let items = r#",
      { "type": "money", "id": "m", "label": "M", "min": "0.01", "max": "21460.00" },
      { "type": "decimal", "id": "d", "label": "D", "decimals": 3, "min": "1.500" },
      { "type": "decimal", "id": "e", "label": "E", "max": "0.500" },
      { "type": "integer", "id": "i", "label": "I", "min": 0, "max": 5000 }"#;
    let d = check(&form(SUBMIT, items));
    assert!(all(&d, "thousands-separator").is_empty(), "{d:#?}");
    assert!(!d.iter().any(|d| d.severity == Severity::Error), "{d:#?}");
}

#[test]
fn uploads_beyond_the_servers_default_limit() {
    // One field's `maxSize` over 100 MiB.
    let items = r#",
      { "type": "file", "id": "plan", "label": "Plan", "maxSize": 125829120 }"#;
    let src = form(MULTIPART, items);
    let d = check(&src);
    assert_eq!(
        pointers(&d, "uploads-exceed-limit"),
        ["/pages/0/items/1/maxSize"],
        "{d:#?}"
    );
    let w = find(&d, "uploads-exceed-limit");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!((w.line, w.column), pos_of(&src, "125829120", 0));
    assert_eq!(
        w.message,
        "`maxSize` of `plan` is 120 MiB, more than the 100 MiB that the antrag server takes per \
         application unless started with a larger `--body-limit`: an application with such a \
         file is refused as a whole"
    );
    assert!(
        w.hint.as_deref().unwrap().contains("--body-limit 121MiB"),
        "{w:#?}"
    );

    // Together: defaults (1 file of 10 MiB), `maxFiles`, and a list counted with its
    // `minItems` (the smallest application already has that many entries).
    let items = r#",
      { "type": "file", "id": "ausweis", "label": "Ausweis", "maxFiles": 4 },
      { "type": "group", "id": "g", "items": [
        { "type": "repeat", "id": "kinder", "label": "Kinder", "minItems": 2, "maxItems": 9, "items": [
          { "type": "file", "id": "urkunde", "label": "Urkunde", "maxFiles": 2, "maxSize": 20971520 } ] } ] },
      { "type": "file", "id": "vollmacht", "label": "Vollmacht", "maxSize": 10485760 }"#;
    let src = form(MULTIPART, items);
    let d = check(&src);
    assert_eq!(
        pointers(&d, "uploads-exceed-limit"),
        ["/pages/0/items/2/items/0/items/0"],
        "{d:#?}"
    );
    let w = find(&d, "uploads-exceed-limit");
    assert_eq!(
        w.message,
        "the files of one application, with the fewest entries in each list, can add up to 130 \
         MiB (`ausweis`: 4 files × 10 MiB, `g.kinder[*].urkunde`: 2 entries × 2 files × 20 MiB, \
         `vollmacht`: 1 file × 10 MiB), more than the 100 MiB that the antrag server takes per \
         application unless started with a larger `--body-limit`: an application with that \
         many files is refused as a whole"
    );
    assert_eq!(
        w.hint.as_deref(),
        Some(
            "lower `maxSize` or `maxFiles` (or a list's `minItems`), or start the server with \
             `antrag serve --body-limit 131MiB`"
        )
    );

    // A list counts with its fewest entries, at least one: many allowed entries are not the
    // smallest application.
    let items = r#",
      { "type": "repeat", "id": "r", "label": "R", "maxItems": 50, "items": [
        { "type": "file", "id": "f", "label": "F", "maxFiles": 3 } ] },
      { "type": "file", "id": "g", "label": "G", "maxFiles": 7 }"#;
    let d = check(&form(MULTIPART, items));
    assert!(d.is_empty(), "{d:#?}");
    // Within the limit: 100 MiB exactly.
    let items = r#",
      { "type": "file", "id": "f", "label": "F", "maxFiles": 10, "maxSize": 10485760 }"#;
    let d = check(&form(MULTIPART, items));
    assert!(d.is_empty(), "{d:#?}");
}

/// `uploads-exceed-limit` says how it counted the lists: a list that may be empty (`minItems` 0,
/// the default) is counted with one entry, not with its fewest; and it speaks of lists only
/// when a file field is in one.
#[test]
fn uploads_beyond_the_limit_say_how_the_lists_are_counted() {
    // A list that may be empty counts with one entry.
    let items = r#",
      { "type": "repeat", "id": "r", "label": "R", "minItems": 0, "items": [
        { "type": "file", "id": "f", "label": "F", "maxFiles": 11 } ] }"#;
    let d = check(&form(MULTIPART, items));
    let w = find(&d, "uploads-exceed-limit");
    assert_eq!(
        w.message,
        "the files of one application, with one entry in each list, can add up to 110 MiB \
         (`r[*].f`: 11 files × 10 MiB), more than the 100 MiB that the antrag server takes per \
         application unless started with a larger `--body-limit`: an application with that \
         many files is refused as a whole"
    );
    // Fewer entries are no remedy for a list that is counted with one.
    assert_eq!(
        w.hint.as_deref(),
        Some(
            "lower `maxSize` or `maxFiles`, or start the server with \
             `antrag serve --body-limit 111MiB`"
        )
    );
    // A list of at least one entry, too.
    let d = check(&form(
        MULTIPART,
        &items.replace("\"minItems\": 0", "\"minItems\": 1"),
    ));
    let w = find(&d, "uploads-exceed-limit");
    assert!(
        w.message.contains(", with one entry in each list, "),
        "{w:#?}"
    );
    // A list with its `minItems` beside one that may be empty.
    let items = r#",
      { "type": "repeat", "id": "r", "label": "R", "items": [
        { "type": "file", "id": "f", "label": "F", "maxFiles": 5 } ] },
      { "type": "repeat", "id": "s", "label": "S", "minItems": 2, "items": [
        { "type": "file", "id": "g", "label": "G", "maxFiles": 3 } ] }"#;
    let d = check(&form(MULTIPART, items));
    let w = find(&d, "uploads-exceed-limit");
    assert!(
        w.message.starts_with(
            "the files of one application, with the fewest entries in each list (one in a list \
             that may be empty), can add up to 110 MiB (`r[*].f`: 5 files × 10 MiB, `s[*].g`: 2 \
             entries × 3 files × 10 MiB), "
        ),
        "{w:#?}"
    );
    assert!(hint(w).contains("(or a list's `minItems`)"), "{w:#?}");
    // No list: nothing said about lists.
    let items = r#",
      { "type": "file", "id": "f", "label": "F", "maxFiles": 11 }"#;
    let d = check(&form(MULTIPART, items));
    let w = find(&d, "uploads-exceed-limit");
    assert!(
        w.message
            .starts_with("the files of one application can add up to 110 MiB (`f`: 11 files"),
        "{w:#?}"
    );
}

#[test]
fn page_ids_that_are_the_apps_own_addresses() {
    let src = two_pages_with_ids("pruefen", "bestaetigung");
    let d = check(&src);
    assert_eq!(
        pointers(&d, "reserved-page-id"),
        ["/pages/0/id", "/pages/1/id"],
        "{d:#?}"
    );
    let e = find(&d, "reserved-page-id");
    assert_eq!(e.severity, Severity::Error);
    assert!(e.message.contains("check page"), "{e:#?}");
    assert_eq!(
        e.hint.as_deref(),
        Some("choose another id, e.g. `pruefen-angaben`")
    );
    let d = check(&two_pages_with_ids("pruefung", "angaben"));
    assert!(pointers(&d, "reserved-page-id").is_empty(), "{d:#?}");
}

fn two_pages_with_ids(a: &str, b: &str) -> String {
    format!(
        r#"{{
  "$schema": "./form-definition.schema.json",
  "id": "t", "version": "1.0.0", "title": "T", "submit": {{ "url": "/api/forms/t/submissions" }},
  "pages": [
    {{ "id": "{a}", "title": "A", "items": [ {{ "type": "text", "id": "x", "label": "X" }} ] }},
    {{ "id": "{b}", "title": "B", "items": [ {{ "type": "text", "id": "y", "label": "Y" }} ] }}
  ]
}}"#
    )
}
