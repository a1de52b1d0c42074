//! What a second audit by a ministry author asked for: messages that say what to write
//! instead, and mistakes that passed without a word.

use antrag_core::Severity;

mod common;
use common::*;

/// A form `t` with the pages `pages` (JSON, without the brackets).
fn form_pages(pages: &str) -> String {
    format!(
        r#"{{
  "$schema": "./form-definition.schema.json",
  "id": "t",
  "version": "1.0.0",
  "title": "T",
  "submit": {{ "url": "/api/forms/t/submissions" }},
  "pages": [
{pages}
  ]
}}"#
    )
}

/// A form `t` with the items `items` on its one page `p`.
fn form(items: &str) -> String {
    form_pages(&format!(
        r#"    {{ "id": "p", "title": "P", "items": [
      {{ "type": "text", "id": "a", "label": "A" }}{items}
    ] }}"#
    ))
}

#[test]
fn a_yes_no_field_compared_with_a_text() {
    let src = form(
        r#",
      { "type": "yesNo", "id": "uebernachtung", "label": "Übernachtung?" },
      { "type": "text", "id": "hotel", "label": "Hotel", "visibleIf": "a == 'x' and uebernachtung == 'ja'" },
      { "type": "text", "id": "grund", "label": "Grund", "visibleIf": "uebernachtung != \"Nein\"" },
      { "type": "text", "id": "wie", "label": "Wie", "visibleIf": "'vielleicht' == uebernachtung" }"#,
    );
    let d = check(&src);
    let e = all(&d, "expr-type");
    assert_eq!(e.len(), 3, "{d:#?}");
    assert!(
        e[0].message.contains("write `uebernachtung == true`"),
        "{}",
        e[0].message
    );
    assert!(e[0].message.contains("never as the text „ja“"));
    // At the text, not at the start of the expression.
    assert_eq!((e[0].line, e[0].column), pos_of(&src, "'ja'", 0));
    assert!(
        e[1].message.contains("write `uebernachtung != false`"),
        "{}",
        e[1].message
    );
    assert_eq!((e[1].line, e[1].column), pos_of(&src, "\\\"Nein", 0));
    assert!(
        e[2].message.contains(
            "write `uebernachtung == true` (for „Ja“) or `uebernachtung == false` (for „Nein“)"
        ),
        "{}",
        e[2].message
    );
    // A comparison that is fine says nothing.
    let src = form(
        r#",
      { "type": "yesNo", "id": "u", "label": "U?" },
      { "type": "text", "id": "h", "label": "H", "visibleIf": "u == true and a == 'ja'" }"#,
    );
    assert!(all(&check(&src), "expr-type").is_empty());
}

#[test]
fn a_page_id_in_a_fields_name() {
    let src = form_pages(
        r#"    { "id": "fahrt", "title": "Fahrt", "items": [
      { "type": "text", "id": "anlass", "label": "Anlass" }
    ] },
    { "id": "kosten", "title": "Kosten", "items": [
      { "type": "text", "id": "k", "label": "K", "visibleIf": "filled(fahrt.anlass)" }
    ] }"#,
    );
    let d = check(&src);
    let e = find(&d, "dangling-reference");
    assert_eq!(
        e.message,
        "`fahrt.anlass` does not name a field or repeat of this form: `fahrt` is the id of a \
         page, and page ids are not part of a field's name"
    );
    assert_eq!(hint(e), "write `anlass`");
    assert_eq!((e.line, e.column), pos_of(&src, "fahrt.anlass", 0));
}

const REPEAT: &str = r#",
      { "type": "repeat", "id": "teilnehmende", "label": "Teilnehmende", "items": [
        { "type": "text", "id": "name", "label": "Name" },
        { "type": "money", "id": "fahrtkosten", "label": "Fahrtkosten",
          "rules": [ { "check": "teilnehmende.fahrtkosten <= 500", "message": "Höchstens 500 €." } ] }
      ] }"#;

#[test]
fn a_lists_fields_named_without_the_star() {
    let items = format!(
        r#"{REPEAT},
      {{ "type": "computed", "id": "summe", "label": "Summe", "expr": "teilnehmende.fahrtkosten * 1" }},
      {{ "type": "computed", "id": "hoechstens", "label": "Höchstens", "expr": "max(teilnehmende.fahrtkosten)" }},
      {{ "type": "text", "id": "x", "label": "X", "visibleIf": "teilnehmende.name == 'Anna'" }}"#
    );
    let src = form(&items);
    let d = check(&src);
    let e = all(&d, "dangling-reference");
    assert_eq!(e.len(), 4, "{d:#?}");
    // Inside the list: the field of the same entry.
    assert!(
        e[0].message.contains("inside the list `teilnehmende`"),
        "{}",
        e[0].message
    );
    assert_eq!(hint(e[0]), "write `fahrtkosten`");
    // Where one number is needed: a function over the list.
    assert!(
        e[1].message.contains("`teilnehmende` is a list (`repeat`)"),
        "{}",
        e[1].message
    );
    assert!(
        hint(e[1]).starts_with("write `sum(teilnehmende[*].fahrtkosten)`"),
        "{}",
        hint(e[1])
    );
    // In a function that takes a list: the list.
    assert_eq!(hint(e[2]), "write `teilnehmende[*].fahrtkosten`");
    // A text: count or contains.
    assert!(
        hint(e[3]).contains("`contains(teilnehmende[*].name, …)`"),
        "{}",
        hint(e[3])
    );
    // A typo keeps its "did you mean".
    let src = form(
        r#",
      { "type": "text", "id": "beruf", "label": "Beruf", "visibleIf": "filled(berf)" }"#,
    );
    assert_eq!(
        hint(find(&check(&src), "dangling-reference")),
        "did you mean `beruf`?"
    );
}

#[test]
fn unicode_classes_in_a_pattern() {
    let src = form(
        r#",
      { "type": "text", "id": "ort", "label": "Ort", "pattern": "[\\p{L} -]+",
        "messages": { "pattern": "Nur Buchstaben." } },
      { "type": "text", "id": "kz", "label": "Kennzeichen", "pattern": "\\p{Lu}{1,3}-\\d+",
        "messages": { "pattern": "Wie AB-12." } },
      { "type": "text", "id": "v", "label": "V", "pattern": "(?=a)a",
        "messages": { "pattern": "V." } }"#,
    );
    let d = check(&src);
    let e = all(&d, "invalid-regex");
    assert_eq!(e.len(), 3, "{d:#?}");
    assert!(e[0]
        .message
        .contains("Unicode character classes are not supported"));
    assert_eq!(
        hint(e[0]),
        "Unicode classes such as `\\p{L}` must be written out, `[A-Za-zÄÖÜäöüß]` for letters \
         with umlauts: write `\"pattern\": \"[A-Za-zÄÖÜäöüß -]+\"`"
    );
    assert!(
        hint(e[1]).ends_with(r#"write `"pattern": "[A-ZÄÖÜ]{1,3}-\\d+"`"#),
        "{}",
        hint(e[1])
    );
    assert!(hint(e[2]).contains("look-around"), "{}", hint(e[2]));
}

#[test]
fn min_and_max_on_a_date_field() {
    let src = form(
        r#",
      { "type": "date", "id": "geb", "label": "Geburtsdatum", "min": "1900-01-01", "max": 18 },
      { "type": "date", "id": "beginn", "label": "Beginn", "min": "01.09.2026" },
      { "type": "date", "id": "ende", "label": "Ende", "max": "später" }"#,
    );
    let d = check(&src);
    let e = all(&d, "bad-number-bound");
    assert_eq!(e.len(), 3, "{d:#?}");
    assert_eq!(
        e[0].message,
        "a date field has no `min` (`min` and `max` are for numbers): its earliest date is set \
         with `minDate`"
    );
    assert_eq!(hint(e[0]), "write `\"minDate\": \"1900-01-01\"`");
    assert_eq!(hint(e[1]), "write `\"minDate\": \"2026-09-01\"`");
    assert!(
        hint(e[2]).contains("`\"maxDate\": \"2024-09-01\"` or `\"maxDate\": \"today\"`"),
        "{}",
        hint(e[2])
    );
    // `max: 18` is a number: the key has no effect, and the hint says what does.
    let w: Vec<_> = all(&d, "key-no-effect");
    assert_eq!(w.len(), 4, "{w:#?}");
    assert!(w.iter().all(|w| w.severity == Severity::Warning));
    assert!(
        hint(w[1]).contains("`\"maxDate\": \"today\"`"),
        "{}",
        hint(w[1])
    );
    assert_eq!(hint(w[0]), "write `\"minDate\": \"1900-01-01\"`");
}

#[test]
fn json_slips_get_a_hint_with_their_likely_cause() {
    // A straight quotation mark inside a text.
    let d = syntax("{\n  \"label\": \"Zielort (\"Ort\")\",\n  \"id\": \"t\"\n}");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].2, "expected `,` or `}`, found `O`");
    assert_eq!(
        d[0].3,
        r#"a straight `"` inside a text ends the text: write quotation marks inside a text as `\"` or as „…“: `"Zielort (\"Ort\")"`, or with German quotation marks `"Zielort („Ort“)"`"#
    );
    // … in an array too
    let d = syntax("{\n  \"accept\": [\"Bild \"JPEG\"\"]\n}");
    assert!(d[0].3.starts_with("a straight `\"` inside a text"), "{d:?}");
    // Typographic quotation marks as the quotes of a text, or of a key.
    let d = syntax("{\n  \"label\": “Ziel”\n}");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0, d[0].1), (2, 12));
    assert_eq!(
        d[0].3,
        "JSON needs straight double quotes `\"` around keys and texts, not the typographic `“` \
         (word processors put them in as you type; write the file in a code editor): `\"Ziel\"`"
    );
    let d = syntax("{\n  „label“: \"Ziel\"\n}");
    assert!(d[0].3.ends_with(": `\"label\"`"), "{d:?}");
    // A decimal comma in a number.
    let d = syntax("{\n  \"min\": 1,5,\n  \"id\": \"t\"\n}");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].2, "expected a key in double quotes, found `5`");
    assert_eq!(
        d[0].3,
        "JSON writes decimals with a point: for 1,5 write `\"min\": 1.5`"
    );
    // Other slips keep their messages and get no such hint.
    let d = syntax("{\n  \"a\": 1,\n  5: 2\n}");
    assert_eq!(d[0].3, "", "{d:?}");
    let d = syntax("{\n  \"a\": \"x\" y\n}");
    assert!(!d[0].3.contains("„"), "{d:?}");
}

#[test]
fn markup_of_other_tools_is_shown_as_written() {
    let src = form(
        r##",
      { "type": "paragraph", "text": "Bitte <b>vollständig</b> ausfüllen.<br>Danke." },
      { "type": "info", "text": "# Wichtig\nDer Antrag braucht Zeit." },
      { "type": "paragraph", "text": "So geht es:\n1. Formular ausfüllen\n2. Nachweise hochladen" },
      { "type": "paragraph", "text": "1. Schritt: ausfüllen\n\n2. Schritt: senden" },
      { "type": "text", "id": "b", "label": "B", "hint": "Das ist __wichtig__ für uns." },
      { "type": "text", "id": "c", "label": "Name <i>(Pflicht)</i>" },
      { "type": "paragraph", "text": "Einkommen < 1000 € und a__b und __init__.py, 1. Januar" }"##,
    );
    let d = check(&src);
    let w = all(&d, "unsupported-markup");
    assert_eq!(w.len(), 5, "{w:#?}");
    assert!(w.iter().all(|w| w.severity == Severity::Warning));
    assert_eq!(
        w[0].message,
        "`text` shows `<b>` as written: the app does not read HTML"
    );
    assert_eq!(hint(w[0]), "for bold text write `**…**`: `**wichtig**`");
    assert_eq!(
        w[1].message,
        "`text` shows the line `# Wichtig` as written, with its `#`"
    );
    assert_eq!(
        hint(w[1]),
        r#"put a `heading` item before the text: `{ "type": "heading", "text": "Wichtig" }`"#
    );
    assert_eq!(
        w[2].message,
        "`text` runs the numbered lines `1. Formular ausfüllen` and `2. Nachweise hochladen` \
         into one paragraph"
    );
    assert!(hint(w[2]).starts_with("start each line with `- `"));
    assert_eq!(
        w[3].message,
        "`hint` shows `__wichtig__` with its underscores"
    );
    assert_eq!(hint(w[3]), "for bold text write `**wichtig**`");
    assert_eq!(
        w[4].message,
        "`label` shows `<i>` as written: the app does not read HTML"
    );
    assert!(hint(w[4]).ends_with("leave the tags out"), "{}", hint(w[4]));
    // `<br>` in a description: a blank line.
    let src = form(
        r#",
      { "type": "paragraph", "text": "Erstens<br/>Zweitens" }"#,
    );
    let w = find(&check(&src), "unsupported-markup").clone();
    assert_eq!(
        w.message,
        "`text` shows `<br/>` as written: the app does not read HTML"
    );
    assert_eq!(
        hint(&w),
        "for a new paragraph leave a blank line: write `\\n\\n` in the JSON text"
    );
}

#[test]
fn autocomplete_values_browsers_do_not_know() {
    let src = form(
        r#",
      { "type": "text", "id": "verein", "label": "Verein", "autocomplete": "vereinsname" },
      { "type": "text", "id": "vn", "label": "Vorname", "autocomplete": "given_name" },
      { "type": "text", "id": "x", "label": "X", "autocomplete": "lieblingsfarbe" },
      { "type": "phone", "id": "t1", "label": "T", "autocomplete": "mobile tel" },
      { "type": "text", "id": "t2", "label": "T", "autocomplete": "section-a billing street-address" },
      { "type": "text", "id": "t3", "label": "T", "autocomplete": "off" },
      { "type": "email", "id": "t4", "label": "T", "autocomplete": "work email webauthn" },
      { "type": "text", "id": "t5", "label": "T", "autocomplete": "home organization" },
      { "type": "email", "id": "t6", "label": "T", "autocomplete": "e-mail-adresse" }"#,
    );
    let d = check(&src);
    let w = all(&d, "unknown-autocomplete");
    assert_eq!(w.len(), 5, "{w:#?}");
    assert!(
        hint(w[4]).starts_with("did you mean `\"autocomplete\": \"email\"`?"),
        "{}",
        hint(w[4])
    );
    assert_eq!(
        w[0].message,
        "`vereinsname` is no `autocomplete` value that browsers know: they fill in nothing here"
    );
    assert!(
        hint(w[0]).starts_with("did you mean `\"autocomplete\": \"organization\"`?"),
        "{}",
        hint(w[0])
    );
    assert!(hint(w[1]).starts_with("did you mean `\"autocomplete\": \"given-name\"`?"));
    assert!(
        hint(w[2]).starts_with("browsers fill in only the values they know"),
        "{}",
        hint(w[2])
    );
    assert!(hint(w[2]).contains("`postal-code`"));
    // `home` goes only with telephone numbers and e-mail addresses.
    assert!(
        w[3].message.starts_with("`organization`"),
        "{}",
        w[3].message
    );
}

#[test]
fn rule_codes_with_spaces() {
    let src = form(
        r#",
      { "type": "integer", "id": "n", "label": "N",
        "rules": [
          { "check": "n < 10", "code": "Zu viele Plätze", "message": "Höchstens 9." },
          { "check": "n > 0", "code": "too_few", "message": "Mindestens 1." },
          { "check": "n != 5", "code": "größe!", "message": "Nicht 5." },
          { "check": "n != 6", "code": "12", "message": "Nicht 6." }
        ],
        "messages": { "Zu viele Plätze": "Höchstens neun." } }"#,
    );
    let d = check(&src);
    let w = all(&d, "rule-code-format");
    assert_eq!(w.len(), 3, "{w:#?}");
    assert_eq!(
        w[0].message,
        "the rule `code` „Zu viele Plätze“ has spaces: a code names the problem for programs \
         (the answer `422` to a refused application, statistics, `messages`) and is written in \
         lower case with `_`, like `date_too_late`"
    );
    assert_eq!(
        hint(w[0]),
        "write `\"code\": \"zu_viele_plaetze\"` (and the same key in `messages`)"
    );
    assert_eq!((w[0].line, w[0].column), pos_of(&src, "\"Zu viele", 0));
    assert_eq!(hint(w[1]), "write `\"code\": \"groesse\"`");
    assert_eq!(hint(w[2]), "write `\"code\": \"regel_12\"`");
}

#[test]
fn texts_left_from_the_skeleton_of_antrag_new() {
    let src = form_pages(
        r#"    { "id": "p", "title": { "de": "Titel des Antrags (bitte ändern)", "en": "Title of the application (please change)" },
      "description": "Ein Satz. Die Datei ist ein Gerüst: ändern Sie die Texte.",
      "items": [
      { "type": "text", "id": "a", "label": "A", "hint": "Ein Hinweis unter der Beschriftung. Mehr." }
    ] }"#,
    );
    let d = check(&src);
    let w = all(&d, "skeleton-text");
    assert_eq!(w.len(), 4, "{w:#?}");
    assert_eq!(
        w[0].message,
        "`title` is still the example text of `antrag new` („(bitte ändern)“): the citizen \
         would read it"
    );
    assert_eq!(hint(w[0]), "replace it with the text of your form");
    assert_eq!(
        hint(w[2]),
        "replace it with the text of your form, or leave `description` out"
    );
    assert_eq!(w[3].pointer, "/pages/0/items/0/hint");
}

#[test]
fn date_bounds_that_leave_no_date_today() {
    use antrag_core::check::check_source_on;
    use antrag_core::value::Date;
    let src = form(
        r#",
      { "type": "date", "id": "reise", "label": "Reise", "minDate": "2030-01-01", "maxDate": "today+1y" },
      { "type": "date", "id": "frist", "label": "Frist", "minDate": "today", "maxDate": "2026-03-31" },
      { "type": "date", "id": "seit", "label": "Seit", "minDate": "2024-01-01", "maxDate": "today" },
      { "type": "date", "id": "geb", "label": "Geb", "minDate": "1900-01-01", "maxDate": "today-16y" }"#,
    );
    let today = Date::from_ymd(2026, 5, 20).unwrap();
    let d = check_source_on("forms/t.json", &src, &|_| None, today);
    let w = all(&d, "date-range-empty");
    assert_eq!(w.len(), 2, "{d:#?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(
        w[0].message,
        "today (20.05.2026) the earliest date of `reise`, `minDate` 2030-01-01 (01.01.2030), is \
         after its latest, `maxDate` today+1y (20.05.2027): before 01.01.2029 no date can be \
         entered"
    );
    assert_eq!((w[0].line, w[0].column), pos_of(&src, "\"2030-01-01\"", 0));
    assert!(hint(w[0]).starts_with(
        "if the two are the wrong way round, write `\"minDate\": \"today+1y\"` and \
         `\"maxDate\": \"2030-01-01\"`"
    ));
    assert!(
        w[1].message
            .ends_with("no date can be entered since 01.04.2026"),
        "{}",
        w[1].message
    );
    // Without a day, nothing is said; on a day when dates fit, neither.
    assert!(all(&check(&src), "date-range-empty").is_empty());
    let earlier = Date::from_ymd(2026, 1, 10).unwrap();
    let d = check_source_on("forms/t.json", &src, &|_| None, earlier);
    assert_eq!(all(&d, "date-range-empty").len(), 1, "{d:#?}");
}
