//! Helpers shared by the tests of `antrag check` (each test file is its own crate and uses only
//! some of them).
#![allow(dead_code)]

use antrag_core::check::check_source;
use antrag_core::Diagnostic;

/// The diagnostics of `src` checked as `forms/t.json`, without code lists.
pub fn check(src: &str) -> Vec<Diagnostic> {
    check_source("forms/t.json", src, &|_| None)
}

pub fn all<'a>(d: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    d.iter().filter(|d| d.code == code).collect()
}

pub fn pointers<'a>(d: &'a [Diagnostic], code: &str) -> Vec<&'a str> {
    all(d, code).iter().map(|d| d.pointer.as_str()).collect()
}

pub fn find<'a>(d: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    d.iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {d:#?}"))
}

pub fn hint(d: &Diagnostic) -> &str {
    d.hint.as_deref().unwrap_or_default()
}

/// (line, column) of the `nth` occurrence of `needle` in `src`, 1-based.
pub fn pos_of(src: &str, needle: &str, nth: usize) -> (u32, u32) {
    let (i, _) = src
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` not in the source"));
    let before = &src[..i];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, col as u32)
}

/// The JSON syntax errors of `src`, as (line, column, message, hint).
pub fn syntax(src: &str) -> Vec<(u32, u32, String, String)> {
    check(src)
        .into_iter()
        .filter(|d| d.code == "json-syntax")
        .map(|d| (d.line, d.column, d.message, d.hint.unwrap_or_default()))
        .collect()
}
