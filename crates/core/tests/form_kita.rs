//! End to end: a small Kita-like form with a group, a repeat, a computed date, a conditional
//! upload and a sum rule.

use antrag_core::value::Date;
use antrag_core::{payload, validate, validate_field, validate_page, validate_submission};
use antrag_core::{CodeLists, Ctx, Form, Locale};
use serde_json::{json, Value};

pub fn kita_form() -> Form {
    let def = json!({
        "id": "kita-test", "version": "1.0.0", "title": "Kita",
        "submit": {"url": "/api/x"},
        "pages": [
            {"id": "traeger", "title": "Träger", "items": [
                {"type": "group", "id": "traeger", "label": "Träger", "items": [
                    {"type": "text", "id": "name", "label": "Name des Trägers", "required": true, "maxLength": 100},
                    {"type": "choice", "id": "rechtsform", "label": "Rechtsform", "required": true,
                     "options": [{"value": "ev", "label": "Eingetragener Verein"}, {"value": "ggmbh", "label": "gGmbH"}]},
                    {"type": "email", "id": "email", "label": "E-Mail-Adresse", "required": true},
                    {"type": "iban", "id": "iban", "label": "IBAN", "required": true}
                ]}
            ]},
            {"id": "plaetze", "title": "Plätze", "items": [
                {"type": "repeat", "id": "plaetze", "label": "Ausbildungsplätze", "minItems": 1, "maxItems": 10, "items": [
                    {"type": "text", "id": "vorname", "label": "Vorname", "required": true},
                    {"type": "date", "id": "geburtsdatum", "label": "Geburtsdatum", "required": true, "maxDate": "today-16y"},
                    {"type": "date", "id": "beginn", "label": "Beginn", "required": true, "minDate": "2024-09-01"},
                    {"type": "computed", "id": "ende", "label": "Ende", "expr": "add_years(beginn, 3)", "format": "date"},
                    {"type": "money", "id": "zuschuss", "label": "Zuschuss", "required": true, "min": 0},
                    {"type": "yesNo", "id": "quereinstieg", "label": "Quereinstieg?", "required": true},
                    {"type": "file", "id": "nachweis", "label": "Nachweis", "requiredIf": "quereinstieg",
                     "visibleIf": "quereinstieg == true", "accept": ["application/pdf"], "maxSize": 1000}
                ]},
                {"type": "computed", "id": "summe", "label": "Summe", "expr": "sum(plaetze[*].zuschuss)", "format": "money",
                 "rules": [{"check": "summe <= 21460", "code": "sum_too_high",
                            "message": "Die Summe darf 21.460 € nicht übersteigen."}]}
            ]},
            {"id": "erklaerung", "title": "Erklärung", "items": [
                {"type": "consent", "id": "wahrheit", "label": "Ich versichere die Richtigkeit.", "required": true}
            ]}
        ]
    });
    match Form::compile(serde_json::from_value(def).unwrap(), &CodeLists::new()) {
        Ok(f) => f,
        Err(d) => panic!("{d:#?}"),
    }
}

pub fn ctx() -> Ctx {
    Ctx {
        today: Date::from_ymd(2026, 3, 1).unwrap(),
        locale: Locale::De,
    }
}

fn good_answers() -> Value {
    json!({
        "traeger": {"name": " Kita Sonnenschein e.V. ", "rechtsform": "ev",
                    "email": "Info@Kita-Sonnenschein.DE", "iban": "de89 3704 0044 0532 0130 00"},
        "plaetze": [
            {"vorname": "Anna", "geburtsdatum": "01.02.2000", "beginn": "01.09.2026",
             "zuschuss": "10.000,00", "quereinstieg": false},
            {"vorname": "Ben", "geburtsdatum": "1.2.1990", "beginn": "2026-09-01",
             "zuschuss": "11460", "quereinstieg": true,
             "nachweis": [{"part": "file-0", "name": "zeugnis.pdf", "type": "application/pdf", "size": 500}]}
        ],
        "wahrheit": true
    })
}

fn codes(p: &[antrag_core::Problem]) -> Vec<(String, String)> {
    p.iter().map(|p| (p.path.clone(), p.code.clone())).collect()
}

#[test]
fn realistic_answers_pass_and_produce_a_normalized_payload() {
    let form = kita_form();
    let ctx = ctx();
    let a = good_answers();
    assert_eq!(codes(&validate(&form, &a, &ctx)), vec![]);
    let p = payload(&form, &a, &ctx);
    assert_eq!(
        p,
        json!({
            "traeger": {"name": "Kita Sonnenschein e.V.", "rechtsform": "ev",
                        "email": "Info@kita-sonnenschein.de", "iban": "DE89370400440532013000"},
            "plaetze": [
                {"vorname": "Anna", "geburtsdatum": "2000-02-01", "beginn": "2026-09-01",
                 "ende": "2029-09-01", "zuschuss": "10000.00", "quereinstieg": false},
                {"vorname": "Ben", "geburtsdatum": "1990-02-01", "beginn": "2026-09-01",
                 "ende": "2029-09-01", "zuschuss": "11460.00", "quereinstieg": true,
                 "nachweis": [{"part": "file-0", "name": "zeugnis.pdf", "type": "application/pdf", "size": 500}]}
            ],
            "summe": "21460.00",
            "wahrheit": true
        })
    );
    // The server accepts the payload with the same rules.
    assert_eq!(codes(&validate_submission(&form, &p, &ctx)), vec![]);
    assert!(form.has_files());
}

#[test]
fn computed_display_and_conditions() {
    let form = kita_form();
    let ctx = ctx();
    let a = good_answers();
    assert_eq!(form.display("plaetze[0].ende", &a, &ctx), "01.09.2029");
    assert_eq!(form.display("summe", &a, &ctx), "21.460,00\u{a0}€");
    let en = Ctx {
        locale: Locale::En,
        ..ctx
    };
    assert_eq!(form.display("summe", &a, &en), "€21,460.00");
    assert_eq!(form.display("plaetze[0].ende", &a, &en), "1 September 2029");
    assert_eq!(form.display("plaetze[1].quereinstieg", &a, &ctx), "Ja");
    assert_eq!(form.display("plaetze[0].quereinstieg", &a, &en), "No");
    assert_eq!(
        form.display("traeger.rechtsform", &a, &ctx),
        "Eingetragener Verein"
    );
    assert_eq!(
        form.display("traeger.iban", &a, &ctx),
        "DE89 3704 0044 0532 0130 00"
    );
    assert_eq!(form.display("plaetze[1].nachweis", &a, &ctx), "zeugnis.pdf");
    assert_eq!(
        form.display("plaetze[0].zuschuss", &a, &ctx),
        "10.000,00\u{a0}€"
    );
    assert!(!form.is_visible("plaetze[0].nachweis", &a, &ctx));
    assert!(form.is_visible("plaetze[1].nachweis", &a, &ctx));
    assert!(form.is_required("plaetze[1].nachweis", &a, &ctx));
    assert!(!form.is_required("plaetze[0].nachweis", &a, &ctx));
    assert!(form.is_enabled("traeger.name", &a, &ctx));
    assert!(form.page_visible(1, &a, &ctx));
    assert!(form.computed("traeger.name", &a, &ctx).is_none());
    assert_eq!(form.options("traeger.rechtsform").len(), 2);
    assert_eq!(form.options("plaetze[3].vorname").len(), 0);
    // Dependents: the sum rule and the computed sum read the amounts; the upload reads
    // quereinstieg.
    let d = form.dependents("plaetze[*].zuschuss");
    assert!(d.contains(&"summe".to_string()), "{d:?}");
    let d = form.dependents("plaetze[*].beginn");
    assert_eq!(d, ["plaetze[*].ende".to_string()]);
    let d = form.dependents("plaetze[*].quereinstieg");
    assert_eq!(d, ["plaetze[*].nachweis".to_string()]);
    assert!(form.dependents("plaetze").contains(&"summe".to_string()));
    assert!(form.dependents("traeger.name").is_empty());
}

#[test]
fn realistic_mistakes_are_reported_per_entry() {
    let form = kita_form();
    let ctx = ctx();
    let mut a = good_answers();
    a["plaetze"][0]["geburtsdatum"] = json!("02.03.2010"); // only 15
    a["plaetze"][0]["zuschuss"] = json!("12.000,00"); // sum too high
    a["plaetze"][1]["nachweis"] = json!([]); // upload required for lateral entrant
    a["traeger"]["iban"] = json!("DE89 3704 0044 0532 0130 01");
    a["traeger"]["email"] = json!("info@kita");
    let problems = validate(&form, &a, &ctx);
    assert_eq!(
        codes(&problems),
        vec![
            ("traeger.email".into(), "invalid_email".into()),
            ("traeger.iban".into(), "iban_checksum".into()),
            ("plaetze[0].geburtsdatum".into(), "date_too_late".into()),
            ("plaetze[1].nachweis".into(), "required".into()),
            ("summe".into(), "sum_too_high".into()),
        ]
    );
    let late = &problems[2];
    assert_eq!(late.params["max"], "01.03.2010");
    assert_eq!(
        late.message,
        "Das Datum bei „Geburtsdatum“ darf nicht nach dem 01.03.2010 liegen."
    );
    assert_eq!(
        problems[4].message,
        "Die Summe darf 21.460 € nicht übersteigen."
    );
    assert_eq!(problems[3].message, "Laden Sie „Nachweis“ hoch.");
    // Per page and per field.
    assert_eq!(validate_page(&form, &a, 0, &ctx).len(), 2);
    assert_eq!(validate_page(&form, &a, 2, &ctx).len(), 0);
    assert_eq!(
        codes(&validate_field(&form, &a, "plaetze[0].geburtsdatum", &ctx)).len(),
        1
    );
    assert_eq!(
        validate_field(&form, &a, "plaetze[1].geburtsdatum", &ctx),
        vec![]
    );
    assert_eq!(validate_field(&form, &a, "plaetze[1]", &ctx).len(), 1);
    // Missing everything: required messages and the repeat minimum.
    let empty = json!({});
    let c = codes(&validate(&form, &empty, &ctx));
    assert!(
        c.contains(&("plaetze".into(), "too_few_items".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&("wahrheit".into(), "consent_required".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&("traeger.rechtsform".into(), "required".into())),
        "{c:?}"
    );
    // Too many entries.
    let mut many = good_answers();
    let entry = many["plaetze"][0].clone();
    many["plaetze"] = Value::Array(vec![entry; 11]);
    let c = codes(&validate(&form, &many, &ctx));
    assert!(
        c.contains(&("plaetze".into(), "too_many_items".into())),
        "{c:?}"
    );
}

#[test]
fn submission_refusals() {
    let form = kita_form();
    let ctx = ctx();
    let good = payload(&form, &good_answers(), &ctx);
    let check = |data: Value| codes(&validate_submission(&form, &data, &ctx));

    let mut d = good.clone();
    d["hacker"] = json!(1);
    assert_eq!(check(d), vec![("hacker".into(), "unknown_field".into())]);

    let mut d = good.clone();
    d["plaetze"][0]["nachweis"] =
        json!([{"part": "file-1", "name": "x.pdf", "type": "application/pdf", "size": 1}]);
    assert_eq!(
        check(d),
        vec![("plaetze[0].nachweis".into(), "hidden_field".into())]
    );

    let mut d = good.clone();
    d["plaetze"][0]["zuschuss"] = json!("10.000,00");
    assert_eq!(
        check(d),
        vec![("plaetze[0].zuschuss".into(), "not_canonical".into())]
    );

    let mut d = good.clone();
    d["plaetze"][0]["beginn"] = json!("01.09.2026");
    assert_eq!(
        check(d),
        vec![("plaetze[0].beginn".into(), "not_canonical".into())]
    );

    let mut d = good.clone();
    d["traeger"]["iban"] = json!("DE89 3704 0044 0532 0130 00");
    assert_eq!(
        check(d),
        vec![("traeger.iban".into(), "not_canonical".into())]
    );

    let mut d = good.clone();
    d["plaetze"][0]["quereinstieg"] = json!("nein");
    assert_eq!(
        check(d),
        vec![("plaetze[0].quereinstieg".into(), "wrong_type".into())]
    );

    let mut d = good.clone();
    d["traeger"]["name"] = json!("x".repeat(20_000));
    assert_eq!(
        check(d),
        vec![("traeger.name".into(), "value_too_large".into())]
    );

    let mut d = good.clone();
    d["traeger"] = json!("Kita");
    assert_eq!(check(d)[0], ("traeger".into(), "wrong_type".into()));

    let mut d = good.clone();
    d["plaetze"] = json!({"0": {}});
    assert_eq!(check(d), vec![("plaetze".into(), "wrong_type".into())]);

    let mut d = good.clone();
    let e = d["plaetze"][0].clone();
    d["plaetze"] = Value::Array(vec![e; 12]);
    assert!(check(d).contains(&("plaetze".into(), "too_many_items".into())));

    let mut d = good.clone();
    d["plaetze"][0]["zuschuss"] = json!("15000.00");
    assert_eq!(check(d), vec![("summe".into(), "sum_too_high".into())]);

    assert_eq!(check(json!([1, 2])), vec![("".into(), "wrong_type".into())]);
    // Deterministic.
    let mut d = good.clone();
    d["b"] = json!(1);
    d["a"] = json!(2);
    assert_eq!(
        validate_submission(&form, &d, &ctx),
        validate_submission(&form, &d, &ctx)
    );
}
