//! Format checks and normalizers for e-mail addresses, telephone numbers, German postcodes and
//! IBANs. Small, explicit and tested; no regular expressions, no URL/IDNA crates.
//!
//! Every function accepts any `&str` and never panics.

/// Longest e-mail address accepted (RFC 5321 path limit).
pub const EMAIL_MAX_LEN: usize = 254;

/// A pragmatic e-mail check: `local@domain.tld` with one `@`, no whitespace, a local part of
/// 1–64 characters without leading/trailing/double dots, and a domain of at least two labels
/// (letters, digits, `-`, non-ASCII letters for internationalized domains; no label starts or
/// ends with `-`; 1–63 characters each) whose last label has at least two letters.
/// Surrounding whitespace is ignored.
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > EMAIL_MAX_LEN {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if domain.contains('@') || local.is_empty() || local.chars().count() > 64 {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    let local_ok = local.chars().all(|c| {
        c.is_alphanumeric() || (c.is_ascii_punctuation() && !"()<>[]:;@\\,\"".contains(c))
    });
    if !local_ok {
        return false;
    }
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if domain.is_empty() || domain.chars().count() > 253 {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    for label in &labels {
        let n = label.chars().count();
        if n == 0 || n > 63 || label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        if !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return false;
        }
    }
    let tld = labels[labels.len() - 1];
    tld.chars().count() >= 2 && tld.chars().all(|c| c.is_alphabetic() || c == '-')
        || tld.starts_with("xn--")
}

/// Trims and lower-cases the domain part (the local part is kept as typed).
pub fn normalize_email(s: &str) -> String {
    let s = s.trim();
    match s.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", lower_latin(domain)),
        None => s.to_string(),
    }
}

/// Lower-cases the Latin letters of `s`: ASCII, Latin-1 (`Ä` → `ä`, `É` → `é`) and Latin
/// Extended-A (`Ł` → `ł`, `Č` → `č`, `Ő` → `ő`); every other character stays as it is. Enough for
/// domains and names in European forms, and unlike `str::to_lowercase` it needs no Unicode case
/// tables (≈ 13 KB in the browser's wasm). A domain in another script keeps its case, which DNS
/// and IDNA ignore anyway.
pub fn lower_latin(s: &str) -> String {
    s.chars().map(lower_latin_char).collect()
}

fn lower_latin_char(c: char) -> char {
    let n = c as u32;
    let lower = match n {
        0x41..=0x5A | 0xC0..=0xDE if n != 0xD7 => n + 0x20,
        // Latin Extended-A: pairs of capital and small letter, the capital first; in two runs
        // the capital sits on the odd code point.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if n & 1 == 0 => n + 1,
        0x139..=0x148 | 0x179..=0x17E if n & 1 == 1 => n + 1,
        0x178 => 0xFF, // Ÿ
        _ => n,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// A telephone number as people write it: digits, spaces, `+` (only at the start), `/`, `-`,
/// `.` and parentheses; 6–20 digits. `+49 361 123456`, `0361/123456`, `(0361) 12 34-56`.
pub fn is_phone(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.len() > 40 {
        return false;
    }
    let mut digits = 0;
    let mut depth = 0i32;
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '+' if i == 0 => {}
            ' ' | '/' | '-' | '.' => {}
            '(' => {
                depth += 1;
                if depth > 1 {
                    return false;
                }
            }
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => return false,
        }
    }
    depth == 0 && (6..=20).contains(&digits)
}

/// Trims and collapses runs of whitespace to one space.
pub fn normalize_phone(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A German postcode: exactly five digits, not starting with `00` (no such postcodes exist).
/// Surrounding whitespace is ignored.
pub fn is_postcode(s: &str) -> bool {
    let s = s.trim();
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with("00")
}

/// Trimmed postcode.
pub fn normalize_postcode(s: &str) -> String {
    s.trim().to_string()
}

/// Why an IBAN was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IbanError {
    /// Not shaped like an IBAN (characters, length, country code, length for the country).
    Format,
    /// Shaped like an IBAN, but the check digits are wrong (typing error).
    Checksum,
}

/// Lengths of IBANs of the SEPA countries (and a few neighbours).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

/// Upper-case without spaces (also no-break spaces): `de89 3704 0044` → `DE8937040044`.
pub fn normalize_iban(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Groups of four for display: `DE89 3704 0044 0532 0130 00`.
pub fn format_iban(s: &str) -> String {
    let n = normalize_iban(s);
    let chars: Vec<char> = n.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks an IBAN (spaces and case are ignored): two letters, two check digits, then letters and
/// digits; the length of the known countries, 15–34 characters for others; ISO 7064 mod 97.
pub fn check_iban(s: &str) -> Result<(), IbanError> {
    let n = normalize_iban(s);
    let b = n.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(|c| c.is_ascii_uppercase())
        || !b[2..4].iter().all(|c| c.is_ascii_digit())
        || !b[4..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(IbanError::Format);
    }
    if let Some((_, len)) = IBAN_LENGTHS.iter().find(|(cc, _)| cc.as_bytes() == &b[..2]) {
        if *len != b.len() {
            return Err(IbanError::Format);
        }
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = if c.is_ascii_digit() {
            (c - b'0') as u32
        } else {
            (c - b'A') as u32 + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    if rem == 1 {
        Ok(())
    } else {
        Err(IbanError::Checksum)
    }
}

/// `true` when [`check_iban`] accepts the IBAN.
pub fn is_iban(s: &str) -> bool {
    check_iban(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "max.mustermann@example.de",
            "a@b.de",
            "  info@kita-sonnenschein.de ",
            "vorname+tag@sub.domain.example.org",
            "o'neil@example.co.uk",
            "jürgen@müller.de",
            "x_y-z@example.museum",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "max",
            "max@",
            "@example.de",
            "max@example",
            "max@@example.de",
            "max@exa@mple.de",
            "max mustermann@example.de",
            "max@exam ple.de",
            ".max@example.de",
            "max.@example.de",
            "ma..x@example.de",
            "max@-example.de",
            "max@example-.de",
            "max@example..de",
            "max@example.d",
            "max@example.123",
            "max(at)example.de",
            "max@exa_mple.de",
            "\"max\"@example.de",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        let long_local = format!("{}@example.de", "a".repeat(65));
        assert!(!is_email(&long_local));
        let long = format!("{}@{}.de", "a".repeat(60), "b".repeat(200));
        assert!(!is_email(&long));
        assert_eq!(normalize_email(" Max@Example.DE "), "Max@example.de");
        assert_eq!(
            normalize_email("Jörg@MÜLLER-Bäcker.DE"),
            "Jörg@müller-bäcker.de"
        );
        assert_eq!(lower_latin("ÀÉÎÕÜÞ×ß ΑΒΓ Straße"), "àéîõüþ×ß ΑΒΓ straße");
        assert_eq!(normalize_email("info@ŁÓDŹ.PL"), "info@łódź.pl");
        // Where it lowers, it agrees with Unicode's lower case (the whole of Latin-1 and
        // Latin Extended-A but the dotted İ, whose lower case is two characters).
        for c in ('\u{0}'..='\u{17F}').filter(|&c| c != '\u{130}') {
            let unicode: String = c.to_lowercase().collect();
            assert_eq!(lower_latin_char(c).to_string(), unicode, "{c:?}");
        }
    }

    #[test]
    fn phones() {
        for ok in [
            "+49 361 123456",
            "0361/123456",
            "(0361) 12 34-56",
            "0176 12345678",
            "123456",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "",
            "12345",
            "abc123456",
            "0361 123456 ext 5",
            "49+361123456",
            "(0361 123456",
            "0361) 123456",
            "((0361)) 123456",
            "123456789012345678901",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
        assert_eq!(normalize_phone("  0361   12 34 "), "0361 12 34");
    }

    #[test]
    fn postcodes() {
        assert!(is_postcode("99084"));
        assert!(is_postcode(" 01067 "));
        for bad in [
            "",
            "9908",
            "990844",
            "00123",
            "99o84",
            "99 84",
            "９９０８４",
        ] {
            assert!(!is_postcode(bad), "{bad}");
        }
    }

    #[test]
    fn ibans() {
        for ok in [
            "DE89370400440532013000",
            "DE89 3704 0044 0532 0130 00",
            "de89370400440532013000",
            "GB82WEST12345698765432",
            "GB82 WEST 1234 5698 7654 32",
            "AT611904300234573201",
            "CH9300762011623852957",
            "FR1420041010050500013M02606",
            "NL91ABNA0417164300",
            "NO9386011117947",
            "BE68539007547034",
            // Unknown country, valid checksum, plausible length.
            "XK051212012345678906",
        ] {
            assert_eq!(check_iban(ok), Ok(()), "{ok}");
        }
        for (bad, err) in [
            ("DE89370400440532013001", IbanError::Checksum),
            ("DE88370400440532013000", IbanError::Checksum),
            ("GB82WEST12345698765433", IbanError::Checksum),
            ("DE8937040044053201300", IbanError::Format), // too short for DE
            ("DE893704004405320130000", IbanError::Format), // too long for DE
            ("", IbanError::Format),
            ("DE89-3704-0044-0532-0130-00", IbanError::Format),
            ("1289370400440532013000", IbanError::Format),
            ("DEAB370400440532013000", IbanError::Format),
            ("DE89ÄÖ0400440532013000", IbanError::Format),
            ("XK05", IbanError::Format),
        ] {
            assert_eq!(check_iban(bad), Err(err), "{bad}");
        }
        assert_eq!(
            normalize_iban(" de89 3704\u{a0}0044 0532 0130 00"),
            "DE89370400440532013000"
        );
        assert_eq!(
            format_iban("DE89370400440532013000"),
            "DE89 3704 0044 0532 0130 00"
        );
    }
}
