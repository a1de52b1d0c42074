//! Every field type: accepted and rejected answers, conditions, payload normalization, and
//! that nothing panics on arbitrary JSON.

use antrag_core::value::Date;
use antrag_core::{
    payload, validate, validate_field, validate_submission, CodeLists, Ctx, Form, Locale,
};
use proptest::prelude::*;
use serde_json::{json, Value};

fn form(items: Value) -> Form {
    let def = json!({"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
                     "pages": [{"id": "p", "title": "P", "items": items}]});
    Form::compile(serde_json::from_value(def).unwrap(), &CodeLists::new()).unwrap()
}

fn ctx() -> Ctx {
    Ctx {
        today: Date::from_ymd(2026, 3, 1).unwrap(),
        locale: Locale::De,
    }
}

/// Codes of a single field `f` with the answer `v`.
fn check(item: Value, v: Value) -> Vec<String> {
    let f = form(json!([item]));
    let a = if v.is_null() {
        json!({})
    } else {
        json!({ "f": v })
    };
    let p = validate_field(&f, &a, "f", &ctx());
    assert_eq!(
        p,
        validate(&f, &a, &ctx()),
        "validate and validate_field agree"
    );
    p.into_iter().map(|p| p.code).collect()
}

fn field(t: &str, extra: Value) -> Value {
    let mut v = json!({"type": t, "id": "f", "label": "F"});
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    v
}

#[test]
fn text_like_fields() {
    let t = field(
        "text",
        json!({"required": true, "minLength": 2, "maxLength": 5, "pattern": "[A-Z]+"}),
    );
    assert_eq!(check(t.clone(), json!("ABC")), Vec::<String>::new());
    assert_eq!(check(t.clone(), json!("   ")), ["required"]);
    assert_eq!(check(t.clone(), Value::Null), ["required"]);
    assert_eq!(check(t.clone(), json!("A")), ["too_short"]);
    assert_eq!(check(t.clone(), json!("ABCDEF")), ["too_long"]);
    assert_eq!(check(t.clone(), json!("abc")), ["pattern"]);
    assert_eq!(check(t, json!(5)), ["wrong_type"]);
    assert_eq!(
        check(field("textarea", json!({})), json!("x".repeat(10_001))),
        ["value_too_large"]
    );
    assert_eq!(
        check(field("email", json!({})), json!("a@b")),
        ["invalid_email"]
    );
    assert_eq!(
        check(field("email", json!({})), json!("a@b.de")),
        Vec::<String>::new()
    );
    assert_eq!(
        check(field("phone", json!({})), json!("12")),
        ["invalid_phone"]
    );
    assert_eq!(
        check(field("postcode", json!({})), json!("0012")),
        ["invalid_postcode"]
    );
    assert_eq!(
        check(field("postcode", json!({})), json!("99084")),
        Vec::<String>::new()
    );
    assert_eq!(
        check(field("iban", json!({})), json!("DE00")),
        ["invalid_iban"]
    );
    assert_eq!(
        check(field("iban", json!({})), json!("GB82WEST12345698765431")),
        ["iban_checksum"]
    );
    assert_eq!(
        check(field("text", json!({})), Value::Null),
        Vec::<String>::new()
    );
}

#[test]
fn numbers_and_money() {
    let i = field("integer", json!({"min": 1, "max": 40}));
    assert_eq!(check(i.clone(), json!("39")), Vec::<String>::new());
    assert_eq!(check(i.clone(), json!("12,5")), ["not_integer"]);
    assert_eq!(check(i.clone(), json!("zwölf")), ["invalid_number"]);
    assert_eq!(check(i.clone(), json!("0")), ["too_small"]);
    assert_eq!(check(i, json!("41")), ["too_large"]);
    let d = field("decimal", json!({"decimals": 1}));
    assert_eq!(check(d.clone(), json!("12,5")), Vec::<String>::new());
    assert_eq!(check(d.clone(), json!("12,55")), ["too_many_decimals"]);
    let one = validate(&form(json!([d])), &json!({"f": "12,55"}), &ctx());
    assert_eq!(
        one[0].message,
        "„F“ darf höchstens eine Nachkommastelle haben."
    );
    // Without decimal places, a number with them is not a whole number (not "at most 0").
    let d0 = field("decimal", json!({"decimals": 0}));
    assert_eq!(check(d0.clone(), json!("12,5")), ["not_integer"]);
    let zero = validate(&form(json!([d0])), &json!({"f": "12,5"}), &ctx());
    assert_eq!(zero[0].message, "„F“ muss eine ganze Zahl sein.");
    // An author's message for either code is said.
    for code in ["not_integer", "too_many_decimals"] {
        let own = field(
            "decimal",
            json!({"decimals": 0, "messages": {code: "Ganze Liter."}}),
        );
        let p = validate(&form(json!([own])), &json!({"f": "12,5"}), &ctx());
        assert_eq!(p[0].message, "Ganze Liter.", "{code}");
    }
    let m = field("money", json!({"max": "21460.00"}));
    assert_eq!(check(m.clone(), json!("21.460,00 €")), Vec::<String>::new());
    assert_eq!(check(m.clone(), json!("1,234")), ["too_many_decimals"]);
    // Trailing zeros count as typed: `1,500` is not passed here and then read differently
    // (or not at all) by expressions and the payload. It is most likely 1500 written the
    // English way, and the message says how to write it.
    assert_eq!(check(m.clone(), json!("1,500")), ["too_many_decimals"]);
    let msg = |item: &Value, v: &str| {
        validate(&form(json!([item])), &json!({"f": v}), &ctx())[0]
            .message
            .clone()
    };
    assert_eq!(
        msg(&m, "21,460"),
        "Schreiben Sie „F“ ohne Komma zwischen den Tausendern, zum Beispiel 1500 oder 1.500."
    );
    assert_eq!(
        msg(&field("integer", json!({})), "1,000"),
        "Schreiben Sie „F“ ohne Komma zwischen den Tausendern, zum Beispiel 1500 oder 1.500."
    );
    assert!(msg(&m, "1,2345").contains("höchstens 2 Nachkommastellen"));
    let f = form(json!([m]));
    let p = validate(&f, &json!({"f": "21.460,01"}), &ctx());
    assert_eq!(p[0].code, "too_large");
    assert_eq!(p[0].message, "„F“ darf höchstens 21.460,00\u{a0}€ sein.");
}

#[test]
fn dates_choices_files() {
    let d = field("date", json!({"minDate": "today", "maxDate": "2026-12-31"}));
    assert_eq!(check(d.clone(), json!("01.03.2026")), Vec::<String>::new());
    assert_eq!(check(d.clone(), json!("28.02.2026")), ["date_too_early"]);
    assert_eq!(check(d.clone(), json!("01.01.2027")), ["date_too_late"]);
    assert_eq!(check(d.clone(), json!("31.02.2026")), ["invalid_date"]);
    // A two-digit year has its own message; spaces after the dots are fine.
    assert_eq!(check(d.clone(), json!("1.9.26")), ["invalid_date"]);
    let p = validate(&form(json!([d.clone()])), &json!({"f": "1.9.26"}), &ctx());
    assert!(p[0].message.contains("vier Ziffern"), "{}", p[0].message);
    assert!(!p[0].params.contains_key("variant"));
    assert_eq!(check(d, json!("1. 9. 2026")), Vec::<String>::new());
    let opts = json!([{"value": "a", "label": "A"}, {"value": "b", "label": "B"}, {"value": "c", "label": "C"}]);
    let c = field("choice", json!({"options": opts, "required": true}));
    assert_eq!(check(c.clone(), json!("a")), Vec::<String>::new());
    assert_eq!(check(c.clone(), json!("z")), ["invalid_choice"]);
    assert_eq!(check(c, Value::Null), ["required"]);
    let m = field(
        "multiChoice",
        json!({"options": opts, "minSelected": 2, "maxSelected": 2}),
    );
    assert_eq!(check(m.clone(), json!(["a", "b"])), Vec::<String>::new());
    assert_eq!(check(m.clone(), json!(["a"])), ["too_few_selected"]);
    assert_eq!(
        check(m.clone(), json!(["a", "b", "c"])),
        ["too_many_selected"]
    );
    assert_eq!(check(m, json!(["a", "x"])), ["invalid_choice"]);
    let yn = field("yesNo", json!({"required": true}));
    assert_eq!(check(yn.clone(), json!(false)), Vec::<String>::new());
    assert_eq!(check(yn, Value::Null), ["required"]);
    let c = field("consent", json!({"required": true}));
    assert_eq!(check(c.clone(), json!(false)), ["consent_required"]);
    assert_eq!(check(c, json!(true)), Vec::<String>::new());
    let f = field(
        "file",
        json!({"accept": ["application/pdf", "image/*"], "maxSize": 100, "maxFiles": 1}),
    );
    let file = |name: &str, t: &str, size: u64| json!({"part": "file-0", "name": name, "type": t, "size": size});
    assert_eq!(
        check(f.clone(), json!([file("a.pdf", "application/pdf", 10)])),
        Vec::<String>::new()
    );
    assert_eq!(
        check(f.clone(), json!([file("a.png", "image/png", 10)])),
        Vec::<String>::new()
    );
    assert_eq!(
        check(
            f.clone(),
            json!([file("a.exe", "application/x-msdownload", 10)])
        ),
        ["file_type"]
    );
    assert_eq!(
        check(f.clone(), json!([file("a.pdf", "application/pdf", 101)])),
        ["file_too_large"]
    );
    assert_eq!(
        check(
            f.clone(),
            json!([
                file("a.pdf", "application/pdf", 1),
                file("b.pdf", "application/pdf", 1)
            ])
        ),
        ["too_many_files"]
    );
    assert_eq!(check(f, json!([{"name": 1}])), ["wrong_type"]);
}

#[test]
fn a_chosen_file_is_checked_on_its_own() {
    use antrag_core::file_problems;
    use antrag_core::submission::FileDescriptor;
    let f = form(json!([
        {"type": "file", "id": "f", "label": "Nachweis", "accept": ["application/pdf"],
         "maxSize": 100, "maxFiles": 1, "messages": {"file_too_large": "{file}: zu groß für {label}"}},
        {"type": "repeat", "id": "r", "label": "R", "itemLabel": "Eintrag", "items": [
            {"type": "file", "id": "g", "label": "Beleg"}]},
        {"type": "text", "id": "t", "label": "T"}
    ]));
    let d = |name: &str, t: &str, size: u64| FileDescriptor {
        part: "file-0".into(),
        name: name.into(),
        media_type: t.into(),
        size,
    };
    let codes = |path: &str, fd: &FileDescriptor| {
        file_problems(&f, path, &[], fd, &ctx())
            .into_iter()
            .map(|p| (p.path, p.code, p.message))
            .collect::<Vec<_>>()
    };
    assert!(codes("f", &d("a.pdf", "application/pdf", 100)).is_empty());
    let wrong = codes("f", &d("foto.heic", "image/heic", 10));
    assert_eq!(wrong.len(), 1);
    assert_eq!(
        (wrong[0].0.as_str(), wrong[0].1.as_str()),
        ("f", "file_type")
    );
    assert!(
        wrong[0].2.contains("„foto.heic“") && wrong[0].2.contains("PDF"),
        "{}",
        wrong[0].2
    );
    // Both problems of one file, and the field's own message.
    let both = codes("f", &d("gross.doc", "application/msword", 101));
    let mut got: Vec<&str> = both.iter().map(|p| p.1.as_str()).collect();
    got.sort_unstable();
    assert_eq!(got, ["file_too_large", "file_type"]);
    assert!(
        both.iter()
            .any(|p| p.2 == "gross.doc: zu groß für Nachweis"),
        "{both:?}"
    );
    // In a repeat entry, with the defaults (PDF, JPEG, PNG).
    assert!(codes("r[0].g", &d("a.png", "image/png", 10)).is_empty());
    assert_eq!(codes("r[1].g", &d("a.gif", "image/gif", 10))[0].0, "r[1].g");
    // Not a file field, or no field at all: nothing to say.
    assert!(codes("t", &d("a.gif", "image/gif", 10)).is_empty());
    assert!(codes("nope", &d("a.gif", "image/gif", 10)).is_empty());
    // A name the server could not store.
    let bad = codes("r[0].g", &d("Scan..pdf", "application/pdf", 10));
    assert_eq!(bad[0].1, "file_name_invalid");
    assert!(bad[0].2.contains("„Scan..pdf“"), "{}", bad[0].2);
    // A field full already: one more is refused (the one-file field takes a new one in place of
    // the old, so the app passes no files taken there).
    assert_eq!(f.max_files("f"), Some(1));
    assert_eq!(f.max_files("r[0].g"), Some(1));
    assert_eq!(f.max_files("t"), None);
    let two = form(json!([{"type": "file", "id": "n", "label": "N", "maxFiles": 2}]));
    let pdf = d("a.pdf", "application/pdf", 10);
    let more = |taken: &[FileDescriptor]| {
        file_problems(&two, "n", taken, &pdf, &ctx())
            .into_iter()
            .map(|p| p.code)
            .collect::<Vec<_>>()
    };
    assert!(more(std::slice::from_ref(&pdf)).is_empty());
    assert_eq!(more(&[pdf.clone(), pdf.clone()]), ["too_many_files"]);
    // A file with its own problem is refused for that, not for the count.
    let gif = d("a.gif", "image/gif", 10);
    let codes: Vec<String> = file_problems(&two, "n", &[pdf.clone(), pdf], &gif, &ctx())
        .into_iter()
        .map(|p| p.code)
        .collect();
    assert_eq!(codes, ["file_type"]);
}

#[test]
fn a_long_label_is_quoted_by_its_beginning() {
    let label = "Ich versichere, dass alle Angaben in diesem Antrag vollständig und richtig sind. \
                 Mir ist bekannt, dass falsche Angaben zur Rückforderung der Zuwendung führen.";
    let f = form(json!([{"type": "consent", "id": "ok", "label": label, "required": true}]));
    let p = validate(&f, &json!({}), &ctx());
    assert_eq!(
        p[0].message,
        "Bestätigen Sie „Ich versichere, dass alle Angaben in diesem Antrag vollständig und \
         richtig sind. …“, um fortzufahren."
    );
    assert!(p[0].params["label"].ends_with('…'));
}

#[test]
fn date_examples_lie_within_the_bounds() {
    let f = form(json!([
        {"type": "date", "id": "frei", "label": "Frei"},
        {"type": "date", "id": "geb", "label": "Geburtsdatum", "maxDate": "today-16y"},
        {"type": "date", "id": "spaeter", "label": "Später", "minDate": "today+2y"},
        {"type": "date", "id": "eng", "label": "Eng", "minDate": "2026-03-02", "maxDate": "2026-03-20"},
        {"type": "text", "id": "t", "label": "T"}
    ]));
    let c = ctx(); // today: 2026-03-01
    let ex = |p: &str| f.date_example(p, &c).map(|d| d.to_string());
    assert_eq!(ex("frei").as_deref(), Some("2026-09-01"));
    assert_eq!(ex("geb").as_deref(), Some("2009-09-01"));
    assert_eq!(ex("spaeter").as_deref(), Some("2029-09-01"));
    assert_eq!(ex("eng").as_deref(), Some("2026-03-02"));
    assert_eq!(ex("t"), None);
}

#[test]
fn enabled_by_names_the_questions_a_condition_reads() {
    let f = form(json!([
        {"type": "yesNo", "id": "b", "label": {"de": "Betrieb?", "en": "Business?"}},
        {"type": "integer", "id": "n", "label": "Anzahl"},
        {"type": "text", "id": "x", "label": "X", "enabledIf": "b == true and n > 1 or b == false"},
        {"type": "text", "id": "frei", "label": "Frei"},
        {"type": "repeat", "id": "r", "label": "R", "items": [
            {"type": "yesNo", "id": "eigen", "label": "Eigen?"},
            {"type": "text", "id": "y", "label": "Y", "enabledIf": "eigen == true and b == true"}]}
    ]));
    let labels = |p: &str, l: Locale| -> Vec<String> {
        f.enabled_by(p, l).into_iter().map(|(t, _)| t).collect()
    };
    assert_eq!(labels("x", Locale::De), ["Betrieb?", "Anzahl"]);
    assert_eq!(labels("x", Locale::En), ["Business?", "Anzahl"]);
    // With the language each is shown in.
    let langs: Vec<Locale> = f
        .enabled_by("x", Locale::En)
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    assert_eq!(langs, [Locale::En, Locale::De]);
    // In an entry, a name reads the entry's own field first.
    assert_eq!(labels("r[1].y", Locale::De), ["Eigen?", "Betrieb?"]);
    assert!(f.enabled_by("frei", Locale::De).is_empty());
    assert!(f.enabled_by("nichts", Locale::De).is_empty());
}

#[test]
fn option_labels_only_in_german_are_marked_as_german() {
    let f = form(json!([
        {"type": "choice", "id": "c", "label": "C", "options": [
            {"value": "a", "label": {"de": "Eins", "en": "One"}},
            {"value": "b", "label": "Zwei"}]},
        {"type": "multiChoice", "id": "m", "label": "M", "options": [
            {"value": "a", "label": {"de": "Eins", "en": "One"}},
            {"value": "b", "label": "Zwei"},
            {"value": "c", "label": "Drei"}]},
        {"type": "text", "id": "t", "label": "T"}
    ]));
    let en = Ctx {
        locale: Locale::En,
        ..ctx()
    };
    let a = json!({"c": "b", "m": ["b", "c"], "t": "Hallo"});
    assert_eq!(f.display("c", &a, &en), "Zwei");
    assert_eq!(f.display_locale("c", &a, &en), Some(Locale::De));
    assert_eq!(f.display_locale("m", &a, &en), Some(Locale::De));
    // Translated, in German anyway, mixed, or the citizen's own words: nothing to mark.
    assert_eq!(f.display_locale("c", &json!({"c": "a"}), &en), None);
    assert_eq!(f.display_locale("c", &a, &ctx()), None);
    assert_eq!(f.display_locale("m", &json!({"m": ["a", "b"]}), &en), None);
    assert_eq!(f.display_locale("t", &a, &en), None);
    assert_eq!(f.display_locale("c", &json!({}), &en), None);
    // A declaration reads as confirmed or as not given (never "Nein").
    let d = form(json!([{"type": "consent", "id": "ok", "label": "Ich stimme zu."}]));
    assert_eq!(d.display("ok", &json!({"ok": true}), &ctx()), "Bestätigt");
    assert_eq!(d.display("ok", &json!({"ok": true}), &en), "Confirmed");
    assert_eq!(d.display("ok", &json!({"ok": false}), &ctx()), "");
}

#[test]
fn hidden_and_disabled_fields_are_not_validated_and_not_sent() {
    let f = form(json!([
        {"type": "yesNo", "id": "show", "label": "Show"},
        {"type": "text", "id": "a", "label": "A", "required": true, "visibleIf": "show"},
        {"type": "text", "id": "b", "label": "B", "required": true, "enabledIf": "show"},
        {"type": "text", "id": "c", "label": "C", "requiredIf": "show == false"},
        {"type": "text", "id": "e", "label": "E", "rules": [
            {"check": "e != \"x\"", "when": "show", "code": "no_x", "message": "Nicht {label} = x"}]}
    ]));
    let ctx = ctx();
    let codes = |a: Value| {
        validate(&f, &a, &ctx)
            .into_iter()
            .map(|p| (p.path, p.code))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(json!({"show": true, "a": "1", "b": "1", "e": "y"})),
        vec![]
    );
    assert_eq!(
        codes(json!({"show": true})),
        vec![
            ("a".into(), "required".into()),
            ("b".into(), "required".into())
        ]
    );
    assert_eq!(
        codes(json!({"show": false})),
        vec![("c".into(), "required".into())]
    );
    assert_eq!(
        codes(json!({"show": true, "a": "1", "b": "1", "e": "x"})),
        vec![("e".into(), "no_x".into())]
    );
    assert_eq!(codes(json!({"show": false, "c": "1", "e": "x"})), vec![]);
    let p = validate(
        &f,
        &json!({"show": true, "a": "1", "b": "1", "e": "x"}),
        &ctx,
    );
    assert_eq!(p[0].message, "Nicht E = x");
    let pl = payload(
        &f,
        &json!({"show": false, "a": "hidden", "b": " kept ", "c": ""}),
        &ctx,
    );
    assert_eq!(pl, json!({"show": false, "b": "kept"}));
}

/// A read-only field keeps its value, out of bounds or not, but never sends one its type cannot
/// hold: the citizen could not correct it, and the server rejects it.
#[test]
fn disabled_fields_send_only_values_of_their_type() {
    let f = form(json!([
        {"type": "yesNo", "id": "voll", "label": "Vollzeit"},
        {"type": "decimal", "id": "stunden", "label": "Stunden", "max": "40",
         "enabledIf": "voll == false"},
        {"type": "choice", "id": "art", "label": "Art", "enabledIf": "voll == false",
         "options": [{"value": "a", "label": "A"}]}
    ]));
    let ctx = ctx();
    let sent = |a: Value| payload(&f, &a, &ctx);
    // Typed while editable, then locked: no error for the citizen, nothing wrong sent.
    let typed = json!({"voll": true, "stunden": "zwanzig", "art": "b"});
    assert_eq!(validate(&f, &typed, &ctx), vec![]);
    assert_eq!(sent(typed), json!({"voll": true}));
    // Out of bounds is kept: the value is one the field can hold.
    let over = sent(json!({"voll": true, "stunden": "45,5", "art": "a"}));
    assert_eq!(over, json!({"voll": true, "stunden": "45.5", "art": "a"}));
    assert_eq!(validate_submission(&f, &over, &ctx), vec![]);
    // A client that sends such a value anyway is refused, field by field.
    let codes: Vec<(String, String)> = validate_submission(
        &f,
        &json!({"voll": true, "stunden": "zwanzig", "art": "b"}),
        &ctx,
    )
    .into_iter()
    .map(|p| (p.path, p.code))
    .collect();
    assert_eq!(
        codes,
        [
            ("stunden".to_string(), "not_canonical".to_string()),
            ("art".to_string(), "invalid_choice".to_string())
        ]
    );
}

#[test]
fn custom_messages_and_english() {
    let f = form(
        json!([{"type": "email", "id": "m", "label": {"de": "E-Mail", "en": "Email"}, "required": true,
        "messages": {"required": {"de": "Geben Sie Ihre E-Mail-Adresse an", "en": "Enter your email address"}}}]),
    );
    let de = validate(&f, &json!({}), &ctx());
    assert_eq!(de[0].message, "Geben Sie Ihre E-Mail-Adresse an");
    let en = validate(
        &f,
        &json!({}),
        &Ctx {
            locale: Locale::En,
            ..ctx()
        },
    );
    assert_eq!(en[0].message, "Enter your email address");
    let en = validate(
        &f,
        &json!({"m": "x"}),
        &Ctx {
            locale: Locale::En,
            ..ctx()
        },
    );
    assert!(
        en[0].message.starts_with("Enter an email address"),
        "{}",
        en[0].message
    );
}

#[test]
fn payload_normalizes_every_type() {
    let opts = json!([{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]);
    let f = form(json!([
        {"type": "integer", "id": "i", "label": "I"},
        {"type": "decimal", "id": "d", "label": "D"},
        {"type": "money", "id": "m", "label": "M"},
        {"type": "date", "id": "dt", "label": "DT"},
        {"type": "phone", "id": "ph", "label": "PH"},
        {"type": "multiChoice", "id": "mc", "label": "MC", "options": opts},
        {"type": "consent", "id": "ok", "label": "OK"},
        {"type": "computed", "id": "h", "label": "H", "expr": "d * 2"},
        {"type": "computed", "id": "n", "label": "N", "expr": "i + 1", "format": "integer"}
    ]));
    let a = json!({"i": "1.234", "d": "12,50", "m": "5", "dt": "1.9.2026", "ph": " 0361  123456 ",
                   "mc": ["b", "a"], "ok": false});
    let p = payload(&f, &a, &ctx());
    assert_eq!(
        p,
        json!({"i": 1234, "d": "12.5", "m": "5.00", "dt": "2026-09-01", "ph": "0361 123456",
                         "mc": ["a", "b"], "h": "25", "n": 1235})
    );
    assert_eq!(validate_submission(&f, &p, &ctx()), vec![]);
    assert_eq!(f.display("d", &a, &ctx()), "12,50");
    assert_eq!(f.display("mc", &a, &ctx()), "B, A");
    assert_eq!(
        f.display(
            "i",
            &a,
            &Ctx {
                locale: Locale::En,
                ..ctx()
            }
        ),
        "1234",
        "four digits are not grouped (a year would read 2,026)"
    );
    use antrag_core::form::{format_money, format_number};
    use antrag_core::value::Dec;
    let dec = |s: &str| Dec::parse_canonical(s).unwrap();
    assert_eq!(format_number(dec("2026"), 0, Locale::De), "2026");
    assert_eq!(format_number(dec("12345.5"), 1, Locale::De), "12.345,5");
    assert_eq!(format_number(dec("-12345"), 0, Locale::En), "-12,345");
    assert_eq!(format_money(dec("1234.5"), Locale::De), "1.234,50\u{a0}€");
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z0-9 .,€@+-]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("01.09.2026"),
            Just("2026-09-01"),
            Just("1.234,56"),
            Just("ev"),
            Just("a")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("traeger".to_string()),
                    Just("plaetze".to_string()),
                    Just("name".to_string()),
                    Just("zuschuss".to_string()),
                    Just("quereinstieg".to_string()),
                    Just("nachweis".to_string()),
                    Just("geburtsdatum".to_string()),
                    Just("summe".to_string()),
                    "[a-z]{1,4}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[path = "form_kita.rs"]
#[allow(dead_code)]
mod kita;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_answers(data in arb_json()) {
        let form = kita::kita_form();
        let ctx = kita::ctx();
        let a = validate(&form, &data, &ctx);
        prop_assert_eq!(&a, &validate(&form, &data, &ctx));
        let b = validate_submission(&form, &data, &ctx);
        prop_assert_eq!(&b, &validate_submission(&form, &data, &ctx));
        let p = payload(&form, &data, &ctx);
        let _ = validate_submission(&form, &p, &ctx);
        for path in ["plaetze[0].ende", "summe", "traeger.rechtsform", "plaetze[3].nachweis", "x[", "plaetze[99999999999]"] {
            let _ = form.display(path, &data, &ctx);
            let _ = form.is_visible(path, &data, &ctx);
            let _ = validate_field(&form, &data, path, &ctx);
        }
    }

    #[test]
    fn from_json_never_panics(data in arb_json(), s in ".{0,40}") {
        let _ = Form::from_json(&data.to_string(), &CodeLists::new());
        let _ = Form::from_json(&s, &CodeLists::new());
        let wrapped = json!({"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
            "pages": [{"id": "p", "title": "P", "visibleIf": s, "items": [
                {"type": "text", "id": "a", "label": "A", "visibleIf": s, "pattern": s, "minDate": s}]}]});
        let _ = Form::from_json(&wrapped.to_string(), &CodeLists::new());
    }
}

#[test]
fn a_page_whose_every_item_is_hidden_is_no_step() {
    let def = json!({"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
    "pages": [
        {"id": "a", "title": "A", "items": [{"type": "yesNo", "id": "miete", "label": "Miete?"}]},
        {"id": "b", "title": "Eigentum", "items": [
            {"type": "paragraph", "text": "Fragen an Eigentümer."},
            {"type": "info", "text": "Nur für Eigentümer.", "visibleIf": "miete == false"},
            {"type": "group", "id": "g", "visibleIf": "miete == false", "items": [
                {"type": "text", "id": "x", "label": "X"}]}]},
        {"id": "c", "title": "Hinweise", "items": [{"type": "paragraph", "text": "Danke."}]},
        {"id": "d", "title": "Versteckt", "visibleIf": "miete == true", "items": [
            {"type": "text", "id": "y", "label": "Y"}]}
    ]});
    let f = Form::compile(serde_json::from_value(def).unwrap(), &CodeLists::new()).unwrap();
    let c = ctx();
    let shown = |a: Value| f.pages_shown(&a, &c);
    // Renters: the owners' page asks nothing (its introduction alone is no step); a page of
    // texts alone is a step.
    assert_eq!(shown(json!({"miete": true})), [0, 2, 3]);
    assert!(
        f.page_visible(1, &json!({"miete": true}), &c),
        "its visibleIf alone holds"
    );
    // Owners see it (an info alone would be enough).
    assert_eq!(shown(json!({"miete": false})), [0, 1, 2]);
    assert_eq!(shown(json!({})), [0, 2]);
}

#[test]
fn the_check_page_shows_contact_details_as_they_are_sent() {
    let f = form(json!([
        {"type": "email", "id": "mail", "label": "E-Mail"},
        {"type": "phone", "id": "tel", "label": "Telefon"}
    ]));
    let a = json!({"mail": " Ayse@Beispiel.DE ", "tel": "0361   123  45"});
    assert_eq!(f.display("mail", &a, &ctx()), "Ayse@beispiel.de");
    assert_eq!(f.display("tel", &a, &ctx()), "0361 123 45");
    let sent = payload(&f, &a, &ctx());
    assert_eq!(sent["mail"], "Ayse@beispiel.de");
    assert_eq!(sent["tel"], "0361 123 45");
}

#[test]
fn an_authors_message_given_only_in_german_says_so() {
    let f = form(json!([
        {"type": "integer", "id": "n", "label": "N", "messages": {"too_large": "Höchstens {max}."},
         "max": 3, "rules": [
            {"check": "n != 2", "message": "Nicht zwei."},
            {"check": "n != 1", "message": {"de": "Nicht eins.", "en": "Not one."}}]}
    ]));
    let en = Ctx {
        locale: Locale::En,
        ..ctx()
    };
    let first = |v: i64, c: &Ctx| validate(&f, &json!({ "n": v }), c).remove(0);
    let p = first(2, &en);
    assert_eq!(
        (p.message.as_str(), p.lang),
        ("Nicht zwei.", Some(Locale::De))
    );
    let p = first(4, &en);
    assert_eq!(
        (p.message.as_str(), p.lang),
        ("Höchstens 3.", Some(Locale::De))
    );
    assert_eq!(first(1, &en).lang, None, "translated");
    assert_eq!(first(2, &ctx()).lang, None, "German in German");
    // The built-in messages are in the language asked for.
    let g = form(json!([{"type": "integer", "id": "n", "label": "N", "max": 3}]));
    let p = validate(&g, &json!({"n": 4}), &en).remove(0);
    assert_eq!(p.lang, None);
    // … quoting a label given only in German: that part is German.
    assert_eq!(p.label_lang, Some(Locale::De));
    assert!(p.message.contains("“N”"), "{}", p.message);
    let t =
        form(json!([{"type": "integer", "id": "n", "label": {"de": "N", "en": "N"}, "max": 3}]));
    assert_eq!(validate(&t, &json!({"n": 4}), &en)[0].label_lang, None);
    assert_eq!(validate(&g, &json!({"n": 4}), &ctx())[0].label_lang, None);
    // Not written when there is none (the server's 422 body stays as it was).
    let json = serde_json::to_value(first(1, &en)).unwrap();
    assert!(json.get("lang").is_none(), "{json}");
    assert_eq!(serde_json::to_value(first(2, &en)).unwrap()["lang"], "de");
}

/// A draft of an earlier version chose options this version no longer offers: found in every
/// entry of a list and in hidden fields too, with what to keep (the boxes still offered).
#[test]
fn choices_no_longer_offered_are_found_everywhere() {
    let opts = json!([{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]);
    let f = form(json!([
        {"type": "yesNo", "id": "zeigen", "label": "Zeigen?"},
        {"type": "choice", "id": "c", "label": "C", "options": opts},
        {"type": "choice", "id": "versteckt", "label": "V", "options": opts, "visibleIf": "zeigen == true"},
        {"type": "multiChoice", "id": "m", "label": "M", "options": opts},
        {"type": "multiChoice", "id": "ok", "label": "OK", "options": opts},
        {"type": "group", "id": "g", "label": "G", "items": [
            {"type": "choice", "id": "c", "label": "C", "options": opts}]},
        {"type": "repeat", "id": "r", "label": "R", "items": [
            {"type": "multiChoice", "id": "m", "label": "M", "options": opts}]}
    ]));
    let answers = json!({
        "zeigen": false,
        "c": "weg",
        "versteckt": "auch-weg",
        "m": ["a", "weg", "a"],
        // Duplicates alone are not an option gone (validation says so on its own).
        "ok": ["b", "b"],
        "g": {"c": " a "},
        "r": [{"m": ["b"]}, {"m": ["weg"]}]
    });
    assert_eq!(
        f.unoffered_choices(&answers),
        vec![
            ("c".to_string(), None),
            ("versteckt".to_string(), None),
            ("m".to_string(), Some(json!(["a"]))),
            ("r[1].m".to_string(), None),
        ]
    );
    assert!(f
        .unoffered_choices(&json!({"c": "a", "r": "kaputt"}))
        .is_empty());
}
