//! JSON syntax errors: position and hint, several per run where the parser can recover.

use antrag_core::check::{check_bytes, MAX_FILE_SIZE};

mod common;
use common::*;

#[test]
fn trailing_comma() {
    let d = syntax("{\n  \"id\": \"t\",\n}");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0, d[0].1), (2, 12));
    assert_eq!(d[0].2, "trailing comma");
    assert!(d[0].3.contains("comma after the last element"));
}

#[test]
fn missing_comma() {
    let d = syntax("{\n  \"id\": \"t\"\n  \"version\": \"1.0.0\"\n}");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0, d[0].1, d[0].2.as_str()), (2, 12, "missing comma"));
    assert_eq!(d[0].3, "separate elements with `,`");
}

#[test]
fn single_quotes() {
    let d = syntax("{\n  'id': \"t\"\n}");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0, d[0].1), (2, 3));
    assert_eq!(d[0].2, "strings must be in double quotes");
    assert!(d[0].3.contains("single quotes"));
}

#[test]
fn comments() {
    let d = syntax("{\n  // the id\n  \"id\": \"t\" /* x */\n}");
    let pos: Vec<(u32, u32)> = d.iter().map(|d| (d.0, d.1)).collect();
    assert_eq!(pos, [(2, 3), (3, 13)]);
    assert!(d.iter().all(|d| d.2 == "comments are not allowed in JSON"));
}

#[test]
fn several_syntax_errors_and_structure_in_one_run() {
    let src = "{\n  'id': \"t\",\n  \"lable\": 1,\n}";
    let d = check(src);
    let codes: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"json-syntax"));
    assert!(codes.contains(&"unknown-key"), "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == "json-syntax").count(), 2);
}

#[test]
fn unrecoverable_errors_stop_with_one_diagnostic() {
    let d = syntax("{\n  \"id\": \"t\",\n  \"x\": ]\n}");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0, d[0].1), (3, 8));
    assert_eq!(d[0].2, "unexpected `]`, expected a value");

    let d = syntax("{\n  \"id\": \"t");
    assert_eq!(d[0].2, "unterminated string");
    let d = syntax("{\n  \"id\": \"t\n}");
    assert_eq!(d[0].2, "unterminated string (line break inside a string)");
    let d = syntax("{\"a\": [1, 2");
    assert!(
        d.last().unwrap().2.starts_with("expected `,` or `]`"),
        "{d:?}"
    );
    let d = syntax("");
    assert_eq!(d[0].2, "the file is empty");
}

#[test]
fn words_and_numbers() {
    let d = syntax("{\"a\": True, \"b\": 01, \"c\": hallo}");
    let hints: Vec<&str> = d.iter().map(|d| d.3.as_str()).collect();
    assert_eq!(
        hints,
        [
            "write `true` in lower case",
            "numbers must not have leading zeros; write text like postcodes as a string",
            "text must be in double quotes: `\"hallo\"`"
        ]
    );
    assert_eq!((d[1].0, d[1].1), (1, 18));
}

#[test]
fn columns_count_characters_not_bytes() {
    let d = syntax("{\"äöü\": \"ß\",}");
    assert_eq!((d[0].0, d[0].1), (1, 12));
}

#[test]
fn size_and_depth_limits() {
    let big = " ".repeat(MAX_FILE_SIZE + 1);
    let d = check(&big);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "file-too-large");

    let deep = format!("{{\"a\": {}", "[".repeat(10_000));
    let d = check(&deep);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "too-deep");
    assert_eq!((d[0].line, d[0].column), (1, 134));
}

#[test]
fn bytes_that_are_not_utf8() {
    let d = check_bytes("t.json", b"{\n  \"id\": \"M\xfcller\"\n}", &|_| None);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "invalid-utf8");
    assert_eq!((d[0].line, d[0].column), (2, 11));
    assert!(d[0].hint.as_deref().unwrap().contains("UTF-8"));
}

#[test]
fn byte_order_mark() {
    let d = syntax("\u{feff}{}");
    assert_eq!(d[0].2, "the file starts with a byte order mark (BOM)");
}
