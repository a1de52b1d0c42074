//! Which uploads a file field takes, one rule for the browser and the server: by media type,
//! the field's `accept` list or, without one, [`DEFAULT_ACCEPT`]. A wildcard (`image/*`) only
//! takes the types whose content the server can recognise ([`KNOWN_TYPES`]): a file must be
//! what it says it is.

/// Accepted types when a file field has no `accept`.
pub const DEFAULT_ACCEPT: &[&str] = &["application/pdf", "image/jpeg", "image/png"];

/// The media types whose content is recognised by its first bytes (the server checks it); the
/// only ones a wildcard such as `image/*` takes.
pub const KNOWN_TYPES: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/tiff",
];

/// The types a field with this `accept` list takes, one by one: the defaults when it is empty,
/// a wildcard (`image/*`) as the [`KNOWN_TYPES`] it stands for, in lower case, each once. What
/// the file chooser offers and what the citizen is told are the same list.
pub fn effective_accept(accept: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |t: &str| {
        if !out.iter().any(|x| x == t) {
            out.push(t.to_string());
        }
    };
    if accept.is_empty() {
        DEFAULT_ACCEPT.iter().for_each(|t| add(t));
    }
    for a in accept {
        let a = a.trim().to_ascii_lowercase();
        match a.strip_suffix("/*") {
            Some(major) => KNOWN_TYPES
                .iter()
                .filter(|t| t.split('/').next() == Some(major))
                .for_each(|t| add(t)),
            None => add(&a),
        }
    }
    out
}

/// A media type as the browser reports it, without parameters, trimmed, in lower case
/// (`Application/PDF; x=1` → `application/pdf`): what is compared, checked by content and
/// stored.
pub fn bare_type(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether an upload of `media_type` (see [`bare_type`]) is allowed by the `accept` list.
pub fn type_allowed(accept: &[String], media_type: &str) -> bool {
    let media = bare_type(media_type);
    effective_accept(accept).contains(&media)
}

/// Whether a wildcard entry (`image/*`) can take any file at all (some of [`KNOWN_TYPES`] are
/// of its major type). Entries without a wildcard are `true`.
pub fn wildcard_matches_something(entry: &str) -> bool {
    match entry.strip_suffix("/*") {
        Some(major) => KNOWN_TYPES
            .iter()
            .any(|t| t.split('/').next() == Some(major)),
        None => true,
    }
}

/// Whether a file's name can be stored and handed on: not empty, at most 255 bytes, no folder
/// parts (`/`, `\\`), no `..`, no control characters, no spaces at either end. The browser
/// refuses a file with another name when it is chosen, the server when it is sent.
pub fn safe_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.contains(['/', '\\'])
        && !name.contains("..")
        && !name.chars().any(char::is_control)
        && name.trim() == name
}

/// A media type as citizens know it: `application/pdf` → `PDF`,
/// `application/vnd.openxmlformats-officedocument.wordprocessingml.document` → `Word (DOCX)`.
/// Unknown types by the last part of their subtype (`application/vnd.foo.bar+xml` → `BAR`,
/// `application/x-7z-compressed` → `7Z-COMPRESSED`).
pub fn type_name(media_type: &str) -> String {
    let t = media_type.trim().to_ascii_lowercase();
    let known = match t.as_str() {
        "application/pdf" => "PDF",
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        "image/gif" => "GIF",
        "image/webp" => "WebP",
        "image/tiff" => "TIFF",
        "image/heic" => "HEIC",
        "image/svg+xml" => "SVG",
        "text/plain" => "Text (TXT)",
        "text/csv" => "CSV",
        "application/xml" | "text/xml" => "XML",
        "application/zip" => "ZIP",
        "application/msword" => "Word (DOC)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word (DOCX)",
        "application/vnd.ms-excel" => "Excel (XLS)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel (XLSX)",
        "application/vnd.oasis.opendocument.text" => "ODT",
        "application/vnd.oasis.opendocument.spreadsheet" => "ODS",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let sub = t.rsplit('/').next().unwrap_or(&t);
    let sub = sub.strip_suffix("+xml").unwrap_or(sub);
    let last = sub.rsplit('.').next().unwrap_or(sub);
    last.strip_prefix("x-").unwrap_or(last).to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn types_by_the_list_the_defaults_and_known_wildcards() {
        let pdf_images = list(&["application/pdf", "image/*"]);
        assert!(type_allowed(&pdf_images, "application/pdf"));
        assert!(type_allowed(&pdf_images, "Image/PNG"));
        assert!(type_allowed(&pdf_images, "image/jpeg; charset=binary"));
        // A wildcard takes only what can be recognised by its content.
        assert!(!type_allowed(&pdf_images, "image/svg+xml"));
        assert!(!type_allowed(&pdf_images, "image/heic"));
        assert!(!type_allowed(&pdf_images, "text/html"));
        assert!(type_allowed(&list(&["text/csv"]), "text/csv"));
        // No list: PDF, JPEG and PNG.
        assert!(type_allowed(&[], "application/pdf"));
        assert!(type_allowed(&[], "image/png"));
        assert!(!type_allowed(&[], "image/gif"));
        assert!(!type_allowed(&[], "application/msword"));
        assert!(!type_allowed(&[], ""));
    }

    #[test]
    fn the_list_as_offered_and_told() {
        assert_eq!(
            effective_accept(&[]),
            ["application/pdf", "image/jpeg", "image/png"]
        );
        assert_eq!(
            effective_accept(&list(&["application/pdf", "image/*", "image/png"])),
            [
                "application/pdf",
                "image/png",
                "image/jpeg",
                "image/gif",
                "image/webp",
                "image/tiff"
            ]
        );
        assert_eq!(
            effective_accept(&list(&["application/*"])),
            ["application/pdf"]
        );
        assert_eq!(bare_type(" Application/PDF; x=1 "), "application/pdf");
    }

    #[test]
    fn wildcards_that_take_nothing() {
        assert!(wildcard_matches_something("image/*"));
        assert!(wildcard_matches_something("application/*"));
        assert!(!wildcard_matches_something("text/*"));
        assert!(!wildcard_matches_something("video/*"));
        assert!(wildcard_matches_something("text/csv"));
    }

    #[test]
    fn file_names_that_can_be_stored() {
        assert!(safe_file_name("Zeugnis März.pdf"));
        assert!(safe_file_name("a.b.pdf"));
        for bad in [
            "",
            "../x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            "a\u{0}.pdf",
            "x\n.pdf",
            "..",
            "Scan..pdf",
            " a.pdf",
            "a.pdf ",
        ] {
            assert!(!safe_file_name(bad), "{bad:?}");
        }
        assert!(!safe_file_name(&format!("{}.pdf", "x".repeat(252))));
    }

    #[test]
    fn names_people_know() {
        assert_eq!(type_name("application/pdf"), "PDF");
        assert_eq!(
            type_name("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "Word (DOCX)"
        );
        assert_eq!(type_name("image/svg+xml"), "SVG");
        assert_eq!(type_name("application/vnd.foo.bar+xml"), "BAR");
        assert_eq!(type_name("application/x-7z-compressed"), "7Z-COMPRESSED");
        assert_eq!(type_name("model/stl"), "STL");
    }
}
