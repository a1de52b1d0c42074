//! Small helpers without dependencies: time, identifiers, reference numbers, file signatures.

use antrag_core::value::{civil_from_days, Date};
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds and milliseconds since the Unix epoch (0 for a clock before 1970).
pub fn unix_millis(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `2026-03-01T09:30:00.123Z`.
pub fn rfc3339_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

/// The UTC year of a timestamp.
pub fn utc_year(ms: i64) -> i64 {
    civil_from_days(ms.div_euclid(1000).div_euclid(86_400)).0
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// Whether `s` is an RFC 3339 date-time (`2026-03-01T09:30:00Z`, `…T10:30:00.5+01:00`).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || b.len() > 40 {
        return false;
    }
    let (Some(y), Some(mo), Some(d)) = (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
    else {
        return false;
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    if Date::from_ymd(y as i32, mo as u8, d as u8).is_none() {
        return false;
    }
    let (Some(h), Some(mi), Some(sec)) =
        (digits(&b[11..13]), digits(&b[14..16]), digits(&b[17..19]))
    else {
        return false;
    };
    if b[13] != b':' || b[16] != b':' || h > 23 || mi > 59 || sec > 60 {
        return false;
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &rest[1 + n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            matches!((digits(&[*h1, *h2]), digits(&[*m1, *m2])), (Some(h), Some(m)) if h < 24 && m < 60)
        }
        _ => false,
    }
}

/// Whether `s` is a UUID in the canonical 8-4-4-4-12 hex form.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Whether `s` is a form id: lowercase ASCII letters, digits and `-`, 1–100 characters.
pub fn is_form_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !s.starts_with('-')
}

/// Whether `s` is a version usable in a file name (`1.0.0`, `2024-1`).
pub fn is_version(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 50
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'+' | b'_'))
        && !s.starts_with('.')
}

/// The prefix of a form's reference numbers: the form's `referencePrefix` if it is 1–8 ASCII
/// letters or digits (upper-cased), else the initials of the id's parts (`kita-fachkraefte` →
/// `KF`), or its first two letters for a single-part id.
pub fn reference_prefix(form_id: &str, configured: Option<&str>) -> String {
    if let Some(p) = configured {
        let p = p.trim();
        if (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()) {
            return p.to_ascii_uppercase();
        }
    }
    let parts: Vec<&str> = form_id.split('-').filter(|p| !p.is_empty()).collect();
    let derived: String = if parts.len() >= 2 {
        parts
            .iter()
            .filter_map(|p| p.chars().next())
            .take(6)
            .collect()
    } else {
        form_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(2)
            .collect()
    };
    let derived = derived.to_ascii_uppercase();
    if derived.is_empty() {
        "A".into()
    } else {
        derived
    }
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `n` random Crockford base32 characters (no I, L, O, U).
pub fn random_base32(n: usize) -> String {
    let mut buf = vec![0u8; n];
    if getrandom::fill(&mut buf).is_err() {
        // No OS randomness: fall back to the clock and a hash (still unique-checked by the DB).
        let seed = unix_millis(SystemTime::now()).to_le_bytes();
        let h = Sha256::digest(seed);
        for (i, b) in buf.iter_mut().enumerate() {
            *b = h[i % 32];
        }
    }
    buf.iter()
        .map(|b| CROCKFORD[usize::from(b & 31)] as char)
        .collect()
}

/// `KF-2026-4F7Q2`.
pub fn new_reference(prefix: &str, year: i64) -> String {
    format!("{prefix}-{year:04}-{}", random_base32(5))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let h = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in h {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Compares two secrets in time independent of where they differ (both are hashed first, so the
/// length of the expected secret does not leak either).
pub fn secret_eq(given: &[u8], expected: &[u8]) -> bool {
    let a = Sha256::digest(given);
    let b = Sha256::digest(expected);
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b.iter()) {
        diff |= x ^ y;
    }
    diff == 0
}

/// Whether a citizen's file name is acceptable: core's rule (validation refuses such a name
/// first, with its message; this is the last guard before a name is stored).
pub fn is_safe_file_name(name: &str) -> bool {
    antrag_core::files::safe_file_name(name)
}

/// Whether a multipart part name is acceptable: `[A-Za-z0-9_-]{1,64}`, not `submission`.
pub fn is_part_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        && name != "submission"
}

/// Whether `bytes` start like a file of `media_type`. `None` for types without a known signature
/// (every one of [`antrag_core::files::KNOWN_TYPES`] has one).
pub fn magic_matches(media_type: &str, bytes: &[u8]) -> Option<bool> {
    let t = media_type.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "application/pdf" => bytes.starts_with(b"%PDF-"),
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" | "image/jpg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "image/webp" => bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "image/tiff" => bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*"),
        _ => return None,
    })
}

/// Parses a size like `25MiB`, `10MB`, `512k`, `1048576`.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: usize = num.parse().map_err(|_| format!("not a size: `{s}`"))?;
    let mul: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        u => return Err(format!("unknown size unit `{u}` (use KiB, MiB or GiB)")),
    };
    n.checked_mul(mul)
        .ok_or_else(|| format!("size too large: `{s}`"))
}

/// Percent-encodes a file name for `Content-Disposition: attachment; filename*=UTF-8''…`.
pub fn pct_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use antrag_core::value::days_from_civil;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_513, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(rfc3339_utc(1_772_357_400_123), "2026-03-01T09:30:00.123Z");
    }

    #[test]
    fn rfc3339() {
        assert!(is_rfc3339("2026-03-01T09:30:00Z"));
        assert!(is_rfc3339("2026-03-01T09:30:00.123Z"));
        assert!(is_rfc3339("2026-03-01T10:30:00+01:00"));
        assert!(!is_rfc3339("2026-02-30T09:30:00Z"));
        assert!(!is_rfc3339("2026-03-01 09:30"));
        assert!(!is_rfc3339("yesterday"));
    }

    #[test]
    fn names_and_prefixes() {
        assert!(is_uuid("0b6f3d5e-9a4c-4f7e-8a21-5c3d2e1f0a9b"));
        assert!(!is_uuid("0b6f3d5e9a4c4f7e8a215c3d2e1f0a9b"));
        assert_eq!(reference_prefix("kita-fachkraefte", None), "KF");
        assert_eq!(reference_prefix("kontakt", None), "KO");
        assert_eq!(reference_prefix("kontakt", Some("kt")), "KT");
        assert_eq!(reference_prefix("kontakt", Some("K T")), "KO");
        let r = new_reference("KF", 2026);
        assert_eq!(r.len(), "KF-2026-XXXXX".len());
        assert!(r[8..].bytes().all(|c| CROCKFORD.contains(&c)));
        assert!(is_safe_file_name("Zeugnis März.pdf"));
        for bad in [
            "",
            "../x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            "a\u{0}.pdf",
            "x\n.pdf",
            "..",
        ] {
            assert!(!is_safe_file_name(bad), "{bad:?}");
        }
        assert!(secret_eq(b"abc", b"abc"));
        assert!(!secret_eq(b"abc", b"abd"));
        assert_eq!(parse_size("25MiB"), Ok(25 * 1024 * 1024));
        assert!(parse_size("3 parsecs").is_err());
    }

    /// Core lets a wildcard (`image/*`) take exactly the types whose content is checked here.
    #[test]
    fn every_known_type_has_a_signature() {
        for t in antrag_core::files::KNOWN_TYPES {
            assert!(magic_matches(t, b"").is_some(), "{t}");
        }
    }

    #[test]
    fn magic() {
        assert_eq!(magic_matches("application/pdf", b"%PDF-1.7"), Some(true));
        assert_eq!(
            magic_matches("application/pdf", b"\x89PNG\r\n\x1a\n"),
            Some(false)
        );
        assert_eq!(
            magic_matches("image/png", b"\x89PNG\r\n\x1a\nxxxx"),
            Some(true)
        );
        assert_eq!(
            magic_matches("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(true)
        );
        assert_eq!(magic_matches("text/plain", b"hi"), None);
    }
}
