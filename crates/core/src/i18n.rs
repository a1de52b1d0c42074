//! Built-in messages for every validation problem code, in German and English.
//!
//! Messages follow the GOV.UK style: say what to do, politely and plainly, without blame.
//! Templates contain placeholders in braces that are filled from the problem's parameters:
//! `{label}` (the field's label), `{min}`, `{max}` (already formatted for the locale),
//! `{decimals}`, `{file}`, `{accept}`, `{field}`, `{expected}`.
//!
//! A field's `messages` map (keyed by problem code) replaces a built-in message; the same
//! placeholders work there.

use crate::Locale;
use std::collections::BTreeMap;

/// Every problem code [`crate::validate`] and [`crate::validate::validate_submission`] produce.
pub const CODES: &[&str] = &[
    "required",
    "consent_required",
    "too_short",
    "too_long",
    "pattern",
    "invalid_email",
    "invalid_phone",
    "invalid_postcode",
    "invalid_iban",
    "iban_checksum",
    "invalid_number",
    "not_integer",
    "too_many_decimals",
    "too_small",
    "too_large",
    "invalid_date",
    "date_too_early",
    "date_too_late",
    "invalid_choice",
    "too_few_selected",
    "too_many_selected",
    "file_too_large",
    "file_type",
    "file_name_invalid",
    "too_many_files",
    "too_few_items",
    "too_many_items",
    "rule",
    "unknown_field",
    "hidden_field",
    "wrong_type",
    "value_too_large",
    "not_canonical",
];

/// German and English template of a message key: a problem code, optionally with a variant
/// suffix (`required.choice`, `too_few_items.one`).
fn templates(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "required" => ("Geben Sie „{label}“ an.", "Enter “{label}”."),
        "required.choice" => (
            "Wählen Sie bei „{label}“ eine Antwort aus.",
            "Select an answer for “{label}”.",
        ),
        "required.file" => ("Laden Sie „{label}“ hoch.", "Upload “{label}”."),
        "required.repeat" => (
            "Fügen Sie bei „{label}“ mindestens einen Eintrag hinzu.",
            "Add at least one entry to “{label}”.",
        ),
        "consent_required" => (
            "Bestätigen Sie „{label}“, um fortzufahren.",
            "Confirm “{label}” to continue.",
        ),
        "too_short" => (
            "„{label}“ muss mindestens {min} Zeichen lang sein.",
            "“{label}” must be {min} characters or more.",
        ),
        "too_long" => (
            "„{label}“ darf höchstens {max} Zeichen lang sein.",
            "“{label}” must be {max} characters or fewer.",
        ),
        "pattern" => (
            "Geben Sie „{label}“ im richtigen Format an.",
            "Enter “{label}” in the correct format.",
        ),
        "invalid_email" => (
            "Geben Sie eine E-Mail-Adresse im richtigen Format an, zum Beispiel name@beispiel.de.",
            "Enter an email address in the correct format, like name@example.com.",
        ),
        "invalid_phone" => (
            "Geben Sie eine Telefonnummer an, zum Beispiel 0361 123456 oder +49 361 123456.",
            "Enter a telephone number, like 0361 123456 or +49 361 123456.",
        ),
        "invalid_postcode" => (
            "Geben Sie eine Postleitzahl mit 5 Ziffern an, zum Beispiel 99084.",
            "Enter a postcode with 5 digits, like 99084.",
        ),
        "invalid_iban" => (
            "Geben Sie eine IBAN im richtigen Format an, zum Beispiel DE89 3704 0044 0532 0130 00.",
            "Enter an IBAN in the correct format, like DE89 3704 0044 0532 0130 00.",
        ),
        "iban_checksum" => (
            "Diese IBAN gibt es nicht. Prüfen Sie, ob Sie sich vertippt haben.",
            "This IBAN does not exist. Check it for typing errors.",
        ),
        "invalid_number" => (
            "„{label}“ muss eine Zahl sein, zum Beispiel 12 oder 12,5.",
            "“{label}” must be a number, like 12 or 12.5.",
        ),
        "not_integer" => (
            "„{label}“ muss eine ganze Zahl sein.",
            "“{label}” must be a whole number.",
        ),
        "too_many_decimals" => (
            "„{label}“ darf höchstens {decimals} Nachkommastellen haben.",
            "“{label}” must have {decimals} decimal places or fewer.",
        ),
        "too_many_decimals.grouping" | "not_integer.grouping" => (
            "Schreiben Sie „{label}“ ohne Komma zwischen den Tausendern, zum Beispiel 1500 oder 1.500.",
            "Write “{label}” without a comma between thousands, like 1500.",
        ),
        "too_many_decimals.one" => (
            "„{label}“ darf höchstens eine Nachkommastelle haben.",
            "“{label}” must have no more than 1 decimal place.",
        ),
        "too_small" => (
            "„{label}“ muss mindestens {min} sein.",
            "“{label}” must be {min} or more.",
        ),
        "too_large" => (
            "„{label}“ darf höchstens {max} sein.",
            "“{label}” must be {max} or less.",
        ),
        "invalid_date" => (
            "„{label}“ muss ein gültiges Datum sein, zum Beispiel 01.09.2026.",
            "“{label}” must be a real date as day.month.year, like 01.09.2026.",
        ),
        "invalid_date.year" => (
            "Geben Sie bei „{label}“ das Jahr mit vier Ziffern an, zum Beispiel 01.09.2026.",
            "Enter the year of “{label}” with four digits, like 01.09.2026.",
        ),
        "date_too_early" => (
            "Das Datum bei „{label}“ darf nicht vor dem {min} liegen.",
            "“{label}” must be on or after {min}.",
        ),
        "date_too_late" => (
            "Das Datum bei „{label}“ darf nicht nach dem {max} liegen.",
            "“{label}” must be on or before {max}.",
        ),
        "invalid_choice" => (
            "Wählen Sie bei „{label}“ eine der angebotenen Antworten aus.",
            "Select one of the offered answers for “{label}”.",
        ),
        "too_few_selected" => (
            "Wählen Sie bei „{label}“ mindestens {min} Antworten aus.",
            "Select at least {min} answers for “{label}”.",
        ),
        "too_few_selected.one" => (
            "Wählen Sie bei „{label}“ mindestens eine Antwort aus.",
            "Select at least one answer for “{label}”.",
        ),
        "too_many_selected" => (
            "Wählen Sie bei „{label}“ höchstens {max} Antworten aus.",
            "Select {max} answers or fewer for “{label}”.",
        ),
        "too_many_selected.one" => (
            "Wählen Sie bei „{label}“ nur eine Antwort aus.",
            "Select only one answer for “{label}”.",
        ),
        "file_too_large" => (
            "Die Datei „{file}“ ist zu groß. Sie darf höchstens {max} groß sein.",
            "The file “{file}” must be smaller than {max}.",
        ),
        "file_type" => (
            "Die Datei „{file}“ hat kein erlaubtes Format. Erlaubt sind: {accept}.",
            "The file “{file}” must be one of these types: {accept}.",
        ),
        "file_name_invalid" => (
            "Der Name der Datei „{file}“ geht nicht: Bitte benennen Sie die Datei um (ohne „..“, „/“, „\\“ und ohne Leerzeichen am Anfang oder Ende).",
            "The name of the file “{file}” cannot be used: please rename the file (no “..”, “/”, “\\” and no spaces at the start or end).",
        ),
        "too_many_files" => (
            "Laden Sie bei „{label}“ höchstens {max} Dateien hoch.",
            "Upload {max} files or fewer for “{label}”.",
        ),
        "too_many_files.one" => (
            "Laden Sie bei „{label}“ nur eine Datei hoch.",
            "Upload only one file for “{label}”.",
        ),
        "too_few_items" => (
            "Fügen Sie bei „{label}“ mindestens {min} Einträge hinzu.",
            "Add at least {min} entries to “{label}”.",
        ),
        "too_few_items.one" => (
            "Fügen Sie bei „{label}“ mindestens einen Eintrag hinzu.",
            "Add at least one entry to “{label}”.",
        ),
        "too_many_items" => (
            "„{label}“ darf höchstens {max} Einträge haben.",
            "“{label}” can have {max} entries or fewer.",
        ),
        "too_many_items.one" => (
            "„{label}“ darf nur einen Eintrag haben.",
            "“{label}” can have only one entry.",
        ),
        "rule" => (
            "Prüfen Sie Ihre Angabe bei „{label}“.",
            "Check your answer for “{label}”.",
        ),
        "unknown_field" => (
            "Die Angabe „{field}“ gehört nicht zu diesem Formular.",
            "“{field}” is not part of this form.",
        ),
        "hidden_field" => (
            "„{label}“ darf bei Ihren übrigen Angaben nicht ausgefüllt sein.",
            "“{label}” must be empty with your other answers.",
        ),
        "wrong_type" => (
            "Die Angabe bei „{label}“ hat eine ungültige Form.",
            "The answer for “{label}” has an invalid form.",
        ),
        "value_too_large" => (
            "Die Angabe bei „{label}“ ist zu lang.",
            "The answer for “{label}” is too long.",
        ),
        "not_canonical" => (
            "Die Angabe bei „{label}“ ist nicht im erwarteten Format ({expected}).",
            "The answer for “{label}” is not in the expected format ({expected}).",
        ),
        _ => return None,
    })
}

/// A label as a message quotes it: whole up to 100 characters; a longer one (a declaration to
/// confirm can be a paragraph) by its first sentence when that has at most 120, else by its
/// first words up to 80 characters, with "…". Enough to tell the field in an error summary.
pub fn short_label(label: &str) -> String {
    const WHOLE: usize = 100;
    const WORDS: usize = 80;
    const SENTENCE: usize = 120;
    let label = label.trim();
    if label.chars().count() <= WHOLE {
        return label.to_string();
    }
    // A sentence ends at ". " before a capital, after a word of three letters or more (shorter
    // ones are abbreviations: "z.", "Nr.") that is no abbreviation either ("z. B. Förderung", "ggf. Nachweise"). A first sentence of a few words
    // ("Hinweis.") would not tell one declaration from another: then the first words.
    const ABBREVIATIONS: &[&str] = &[
        "ggf", "bzw", "inkl", "evtl", "vgl", "Abs", "usw", "etc", "Str", "bspw", "zzgl", "insb",
        "gem", "lfd", "Tel", "Hrsg", "Ziff",
    ];
    let first = label
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| {
            let word = label[..i]
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let next = label[i + 2..].chars().next();
            word.chars().count() >= 3
                && !ABBREVIATIONS.contains(&word)
                && next.is_some_and(char::is_uppercase)
        })
        .map(|i| &label[..=i])
        .filter(|s| (30..=SENTENCE).contains(&s.chars().count()));
    if let Some(s) = first {
        return format!("{s} …");
    }
    let mut out = String::new();
    for w in label.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > WORDS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = label.chars().take(WORDS).collect();
    }
    // A parenthesis opened and cut off is left out whole ("Nummer (laut …" → "Nummer …").
    let mut open = Vec::new();
    for (i, c) in out.char_indices() {
        match c {
            '(' => open.push(i),
            ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    if let Some(&i) = open.first().filter(|&&i| !out[..i].trim().is_empty()) {
        out.truncate(i);
    }
    let out = out.trim_end_matches([',', ';', ':', ' ', '–', '-']);
    format!("{out} …")
}

/// The built-in template for a problem code (with an optional variant such as `choice`, `file`,
/// `repeat`), or `None` for unknown codes.
pub fn builtin(code: &str, variant: Option<&str>, locale: Locale) -> Option<&'static str> {
    let pick = |(de, en): (&'static str, &'static str)| match locale {
        Locale::De => de,
        Locale::En => en,
    };
    if let Some(v) = variant {
        if let Some(t) = templates(&format!("{code}.{v}")) {
            return Some(pick(t));
        }
    }
    templates(code).map(pick)
}

/// Replaces `{name}` placeholders with `params[name]`; unknown placeholders stay as written.
pub fn substitute(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if params.contains_key(&after[..end]) => {
                out.push_str(&params[&after[..end]]);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The built-in message of `code` in `locale` with `params` filled in. Counts of one choose the
/// singular wording. Unknown codes give a generic message.
pub fn message(code: &str, locale: Locale, params: &BTreeMap<String, String>) -> String {
    let variant = params.get("variant").map(String::as_str).or_else(|| {
        let one = |k: &str| params.get(k).is_some_and(|v| v == "1");
        (one("min") && code.starts_with("too_few")
            || one("max") && code.starts_with("too_many")
            || one("decimals") && code == "too_many_decimals")
            .then_some("one")
    });
    let template = builtin(code, variant, locale).unwrap_or(match locale {
        Locale::De => "Prüfen Sie Ihre Angabe bei „{label}“.",
        Locale::En => "Check your answer for “{label}”.",
    });
    substitute(template, params)
}

/// A file size for people: `10 MB`, `1,5 MB`, `200 KB` (`1.5 MB` in English), `300 Bytes`
/// (`300 bytes`).
/// Units of 1024, one decimal where it is not zero; rounded up, so that a file never looks
/// smaller than it is. Integer arithmetic: the browser build carries no float formatting for it.
pub fn format_bytes(n: u64, locale: Locale) -> String {
    bytes_rounded(n, locale, true)
}

/// A size limit for people, as [`format_bytes`] but rounded down, so that a file of the size
/// shown is never refused.
pub fn format_limit(n: u64, locale: Locale) -> String {
    bytes_rounded(n, locale, false)
}

fn bytes_rounded(n: u64, locale: Locale, up: bool) -> String {
    const KB: u128 = 1024;
    const MB: u128 = 1024 * 1024;
    if n < 1024 {
        return match (locale, n) {
            (Locale::De, _) => format!("{n} Bytes"),
            (Locale::En, 1) => "1 byte".into(),
            (Locale::En, _) => format!("{n} bytes"),
        };
    }
    let tenths_of = |unit: u128| {
        let x = u128::from(n) * 10;
        if up {
            x.div_ceil(unit)
        } else {
            x / unit
        }
    };
    // The unit after rounding: 1023.99 KB rounded up is 1 MB, not 1024 KB.
    let (mut tenths, mut unit) = (tenths_of(KB), "KB");
    if tenths >= 10_240 {
        (tenths, unit) = (tenths_of(MB), "MB");
    }
    let (whole, frac) = (tenths / 10, tenths % 10);
    if frac == 0 {
        format!("{whole} {unit}")
    } else {
        let sep = if locale == Locale::De { ',' } else { '.' };
        format!("{whole}{sep}{frac} {unit}")
    }
}

/// The media types of a field for people (see [`crate::files::effective_accept`]):
/// `application/pdf, image/jpeg` → `PDF, JPEG`; names by [`crate::files::type_name`].
pub fn accept_list(accept: &[String]) -> String {
    let names: Vec<String> = accept.iter().map(|a| crate::files::type_name(a)).collect();
    names.join(", ")
}

/// What a file field allows, said before the citizen chooses a file: how many files, which
/// types, how large. `Eine Datei: PDF, höchstens 10 MB.` /
/// `Bis zu 3 Dateien: PDF, JPEG, PNG, je höchstens 2 MB.`
pub fn file_limits(f: &crate::model::Field, locale: Locale) -> String {
    let files = f.max_files.unwrap_or(1).max(1);
    let size = format_limit(f.max_size.unwrap_or(crate::form::DEFAULT_MAX_SIZE), locale);
    let types = format!(
        ": {}",
        accept_list(&crate::files::effective_accept(&f.accept))
    );
    match (locale, files) {
        (Locale::De, 1) => format!("Eine Datei{types}, höchstens {size}."),
        (Locale::De, n) => format!("Bis zu {n} Dateien{types}, je höchstens {size}."),
        (Locale::En, 1) => format!("One file{types}, at most {size}."),
        (Locale::En, n) => format!("Up to {n} files{types}, each at most {size}."),
    }
}

/// "Ja"/"Nein" or "Yes"/"No".
pub fn yes_no(b: bool, locale: Locale) -> &'static str {
    match (b, locale) {
        (true, Locale::De) => "Ja",
        (false, Locale::De) => "Nein",
        (true, Locale::En) => "Yes",
        (false, Locale::En) => "No",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_quoted_by_their_beginning() {
        let short = "Ich habe die Datenschutzhinweise gelesen.";
        assert_eq!(short_label(short), short);
        // A declaration of several sentences: its first sentence.
        let long = "Ich versichere, dass alle Angaben in diesem Antrag vollständig und richtig sind. \
                    Mir ist bekannt, dass die Angaben zu den Ausbildungsplätzen subventionserheblich \
                    im Sinne des § 264 StGB sind.";
        assert_eq!(
            short_label(long),
            "Ich versichere, dass alle Angaben in diesem Antrag vollständig und richtig sind. …"
        );
        // One long sentence: its first words, not cut inside a word, no comma before "…".
        let one = "Ich bestätige, dass für die beantragten Ausbildungsplätze keine weiteren \
                   öffentlichen Mittel (z. B. Förderung der Bundesagentur für Arbeit oder des \
                   Europäischen Sozialfonds) in Anspruch genommen werden, die denselben Zweck haben.";
        let got = short_label(one);
        assert!(got.ends_with(" …") && got.chars().count() <= 82, "{got}");
        assert!(one.starts_with(got.trim_end_matches(" …")), "{got}");
        assert!(!got.contains(", …"), "{got}");
        // No sentence end after an abbreviation; a short first sentence is not enough.
        let abbr = "Ich füge ggf. Nachweise bei und reiche fehlende Unterlagen innerhalb von \
                    vier Wochen nach, sobald sie mir vorliegen, ohne dass es einer Aufforderung bedarf.";
        assert!(
            short_label(abbr).chars().count() > 40,
            "{}",
            short_label(abbr)
        );
        let short_first = "Hinweis. Ich habe zur Kenntnis genommen, dass unvollständige Anträge \
                           nicht bearbeitet werden können und zurückgegeben werden müssen.";
        assert!(short_label(short_first).starts_with("Hinweis. Ich habe"));
        // One word longer than everything: cut.
        assert_eq!(short_label(&"x".repeat(200)).chars().count(), 82);
        // No parenthesis left open.
        let paren = "Urkundenrollennummer des beurkundenden Notariats (Urkundenrollennummer laut \
                     Verzeichnis der Urkundenrolle, wie sie auf dem Vertrag steht, ohne Jahrgang)";
        assert_eq!(
            short_label(paren),
            "Urkundenrollennummer des beurkundenden Notariats …"
        );
        let short_start = "Angaben zur Person (Haupt- und Nebenwohnsitz, frühere Anschriften der \
                           letzten fünf Jahre, weitere Wohnsitze im Ausland und Zustellanschrift)";
        assert_eq!(short_label(short_start), "Angaben zur Person …");
    }

    fn p(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_code_has_both_languages() {
        for code in CODES {
            let de = builtin(code, None, Locale::De).expect(code);
            let en = builtin(code, None, Locale::En).expect(code);
            assert_ne!(de, en, "{code}");
            assert!(!de.is_empty() && !en.is_empty());
        }
    }

    #[test]
    fn substitutes_params_and_label() {
        let m = message(
            "date_too_early",
            Locale::De,
            &p(&[("label", "Beginn"), ("min", "01.09.2026")]),
        );
        assert_eq!(
            m,
            "Das Datum bei „Beginn“ darf nicht vor dem 01.09.2026 liegen."
        );
        let m = message(
            "too_long",
            Locale::En,
            &p(&[("label", "Name"), ("max", "50")]),
        );
        assert_eq!(m, "“Name” must be 50 characters or fewer.");
        assert_eq!(substitute("{a} {b} {", &p(&[("a", "x")])), "x {b} {");
    }

    #[test]
    fn singular_and_variants() {
        let m = message(
            "too_few_items",
            Locale::De,
            &p(&[("label", "Plätze"), ("min", "1")]),
        );
        assert_eq!(m, "Fügen Sie bei „Plätze“ mindestens einen Eintrag hinzu.");
        let m = message(
            "too_few_items",
            Locale::De,
            &p(&[("label", "Plätze"), ("min", "2")]),
        );
        assert!(m.contains("mindestens 2 Einträge"));
        let m = message(
            "required",
            Locale::De,
            &p(&[("label", "Rechtsform"), ("variant", "choice")]),
        );
        assert_eq!(m, "Wählen Sie bei „Rechtsform“ eine Antwort aus.");
        assert!(message("no_such_code", Locale::En, &p(&[("label", "X")])).contains("“X”"));
    }

    #[test]
    fn bytes() {
        assert_eq!(format_bytes(10 * 1024 * 1024, Locale::De), "10 MB");
        assert_eq!(format_bytes(1536 * 1024, Locale::De), "1,5 MB");
        assert_eq!(format_bytes(1536 * 1024, Locale::En), "1.5 MB");
        assert_eq!(format_bytes(2048, Locale::En), "2 KB");
        assert_eq!(format_bytes(12, Locale::En), "12 bytes");
        assert_eq!(format_bytes(1, Locale::En), "1 byte");
        assert_eq!(format_bytes(12, Locale::De), "12 Bytes");
        // A file's size is rounded up, a limit down: a file of the limit shown always fits,
        // and a file refused as too large never shows the limit's number.
        let just_over = 4 * 1024 * 1024 + 1;
        assert_eq!(format_bytes(just_over, Locale::De), "4,1 MB");
        assert_eq!(format_limit(just_over, Locale::De), "4 MB");
        assert_eq!(format_limit(5_000_000, Locale::De), "4,7 MB");
        assert_eq!(format_bytes(5_000_000, Locale::De), "4,8 MB");
        assert_eq!(format_bytes(1025, Locale::En), "1.1 KB");
        // The unit is chosen after rounding.
        assert_eq!(format_bytes(1024 * 1024 - 1, Locale::En), "1 MB");
        assert_eq!(format_limit(1024 * 1024 - 1, Locale::En), "1023.9 KB");
        assert_eq!(format_bytes(u64::MAX, Locale::En), "17592186044416 MB");
    }

    #[test]
    fn file_limits_say_count_types_and_size() {
        use crate::model::Field;
        let field = |v: serde_json::Value| -> Field {
            let mut v = v;
            v["id"] = "f".into();
            v["label"] = "F".into();
            serde_json::from_value(v).unwrap()
        };
        let one = field(serde_json::json!({"accept": ["application/pdf"]}));
        assert_eq!(
            file_limits(&one, Locale::De),
            "Eine Datei: PDF, höchstens 10 MB."
        );
        assert_eq!(
            file_limits(&one, Locale::En),
            "One file: PDF, at most 10 MB."
        );
        let many = field(serde_json::json!({
            "accept": ["application/pdf", "image/jpeg", "image/*"],
            "maxFiles": 3, "maxSize": 2_621_440
        }));
        assert_eq!(
            file_limits(&many, Locale::De),
            "Bis zu 3 Dateien: PDF, JPEG, PNG, GIF, WebP, TIFF, je höchstens 2,5 MB."
        );
        assert_eq!(
            file_limits(&many, Locale::En),
            "Up to 3 files: PDF, JPEG, PNG, GIF, WebP, TIFF, each at most 2.5 MB."
        );
        // Without `accept` the defaults, said as such.
        let any = field(serde_json::json!({"maxFiles": 2}));
        assert_eq!(
            file_limits(&any, Locale::De),
            "Bis zu 2 Dateien: PDF, JPEG, PNG, je höchstens 10 MB."
        );
    }
}
