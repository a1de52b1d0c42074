//! check_source never panics, on any string and on JSON-ish input close to real forms.

use antrag_core::check::{check_bytes, check_source, render};
use proptest::prelude::*;

const FORM: &str = r#"{
  "$schema": "./form-definition.schema.json",
  "id": "t",
  "version": "1.0.0",
  "title": "T",
  "submit": { "url": "/x", "method": "POST", "encoding": "json" },
  "pages": [
    { "id": "p", "title": "P", "visibleIf": "true", "items": [
      { "type": "text", "id": "a", "label": "A", "maxLength": 5, "pattern": "[a-z]+", "messages": { "pattern": "Nur Kleinbuchstaben." } },
      { "type": "integer", "id": "n", "label": "N", "min": 1, "max": "10" },
      { "type": "choice", "id": "c", "label": "C", "codeList": "codelists/r.json" },
      { "type": "group", "id": "g", "items": [
        { "type": "date", "id": "d", "label": "D", "minDate": "today-16y", "visibleIf": "a == \"x\"" }
      ] },
      { "type": "repeat", "id": "r", "label": "R", "minItems": 1, "items": [
        { "type": "money", "id": "m", "label": "M", "rules": [{ "check": "m > 0", "message": "x" }] },
        { "type": "computed", "id": "s", "label": "S", "expr": "m * 2" }
      ] }
    ] }
  ]
}"#;

const LIST: &str = r#"{"id": "r", "options": [{"value": "a", "label": "A"}]}"#;

fn load(p: &str) -> Option<String> {
    (p == "codelists/r.json").then(|| LIST.to_string())
}

fn tokens() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"type\"".to_string()),
        Just("\"items\"".to_string()),
        Just("\"text\"".to_string()),
        Just("\"label\"".to_string()),
        Just("\"de\"".to_string()),
        Just("'x'".to_string()),
        Just("// c\n".to_string()),
        Just("/*".to_string()),
        Just("\"\\u00".to_string()),
        Just("\\".to_string()),
        Just("null".to_string()),
        Just("-0.5e".to_string()),
        Just("\u{feff}".to_string()),
        "[a-zA-Zäß$ ]{0,6}".prop_map(|s| format!("\"{s}\"")),
        "[0-9.eE+-]{1,6}",
        "\\PC{0,3}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_strings(s in "\\PC*") {
        let d = check_source("t.json", &s, &load);
        let _ = render("t.json", &s, &d);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(b in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = check_bytes("t.json", &b, &load);
    }

    #[test]
    fn never_panics_on_json_ish_token_soup(t in proptest::collection::vec(tokens(), 0..60)) {
        let s = t.concat();
        let d = check_source("t.json", &s, &load);
        let _ = render("t.json", &s, &d);
    }

    /// A real form with a piece cut out and tokens spliced in.
    #[test]
    fn never_panics_on_mutated_forms(
        at in 0usize..FORM.len(),
        cut in 0usize..40,
        insert in proptest::collection::vec(tokens(), 0..4),
    ) {
        let mut at = at;
        while !FORM.is_char_boundary(at) { at -= 1; }
        let mut end = (at + cut).min(FORM.len());
        while !FORM.is_char_boundary(end) { end -= 1; }
        let s = format!("{}{}{}", &FORM[..at], insert.concat(), &FORM[end..]);
        let d = check_source("t.json", &s, &load);
        for x in &d {
            prop_assert!(x.line == 0 || (x.line as usize) <= s.lines().count() + 1, "{x:?}");
        }
        let _ = render("t.json", &s, &d);
    }
}

#[test]
fn the_unmutated_form_is_clean() {
    let d = check_source("t.json", FORM, &load);
    assert!(d.is_empty(), "{d:#?}");
}
