//! The size floor of the browser app: everything the app calls from antrag-core, with
//! serde_json and the parts of Rust's standard library that brings, and nothing else — no view
//! layer, no DOM, no JavaScript glue.
//!
//! `cargo xtask bench` builds it for `wasm32-unknown-unknown` in the app's size-tuned `release`
//! profile, runs `wasm-opt -Oz` on it like Trunk does for the app, and reports its compressed
//! size beside the app's in docs/performance.md. The difference between the two is what the UI
//! costs (Leptos, the app's own code, web-sys glue); the floor is what any UI would start from.
//!
//! The exports only exist so that the linker keeps the code; nothing calls them. Natively this
//! builds (and is checked by `cargo test --all-targets`) as an ordinary library.

use antrag_core::model::{FormDefinition, Manifest};
use antrag_core::submission::{ErrorBody, FileDescriptor, FormRef, Receipt, Submission};
use antrag_core::value::Date;
use antrag_core::{Ctx, Diagnostic, Form, Locale};
use std::collections::BTreeMap;

/// Memory for an input of `len` bytes (the host writes the UTF-8 text there).
#[no_mangle]
pub extern "C" fn floor_alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Runs what the app runs on a form: load it with its code lists, evaluate visibility and
/// computed values, validate a field, a page and the whole form, build the payload and the
/// envelope, and read the server's answers.
///
/// # Safety
/// `ptr` must point to `len` bytes of UTF-8 written into memory from [`floor_alloc`].
#[no_mangle]
pub unsafe extern "C" fn floor_run(ptr: *const u8, len: usize, which: u32) -> u32 {
    let bytes = std::slice::from_raw_parts(ptr, len);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return 0;
    };
    match which {
        // The start page's list, the dev diagnostics, a receipt, a 422 body.
        1 => serde_json::from_str::<Manifest>(text).map_or(0, |m| m.forms.len() as u32),
        2 => serde_json::from_str::<Vec<Diagnostic>>(text).map_or(0, |d| d.len() as u32),
        3 => serde_json::from_str::<Receipt>(text).map_or(0, |r| r.reference.len() as u32),
        4 => serde_json::from_str::<ErrorBody>(text).map_or(0, |e| e.errors.len() as u32),
        5 => serde_json::from_str::<FileDescriptor>(text).map_or(0, |f| f.size as u32),
        _ => run_form(text),
    }
}

fn run_form(src: &str) -> u32 {
    let Ok(def) = serde_json::from_str::<FormDefinition>(src) else {
        return 0;
    };
    // As the app does it (a loop of inserts, no sorting collect).
    let mut texts = BTreeMap::new();
    for r in Form::code_list_refs(&def) {
        texts.insert(r, String::from(r#"{"id":"x","options":[]}"#));
    }
    let form = match Form::compile_with_sources(def, &texts) {
        Ok(f) => f,
        Err(d) => return d.len() as u32,
    };
    let ctx = Ctx {
        today: Date::parse_iso("2026-11-23").unwrap_or_else(|| unreachable!()),
        locale: Locale::De,
    };
    let answers: serde_json::Value =
        serde_json::from_str(r#"{"a":"x","b":[{"c":"1,5"}]}"#).unwrap_or_default();
    let mut n = 0;
    for p in 0..form.def().pages.len() {
        n += u32::from(form.page_visible(p, &answers, &ctx));
        n += antrag_core::validate_page(&form, &answers, p, &ctx).len() as u32;
    }
    n += u32::from(form.has_files());
    for path in ["a", "b[0].c"] {
        n += u32::from(form.is_visible(path, &answers, &ctx));
        n += u32::from(form.is_enabled(path, &answers, &ctx));
        n += u32::from(form.is_required(path, &answers, &ctx));
        n += form.options(path).len() as u32;
        n += form.display(path, &answers, &ctx).len() as u32;
        n += form.dependents(path).len() as u32;
        n += antrag_core::validate_field(&form, &answers, path, &ctx).len() as u32;
    }
    n += antrag_core::validate(&form, &answers, &ctx).len() as u32;
    let envelope = Submission {
        form: FormRef {
            id: form.def().id.clone(),
            version: form.def().version.clone(),
        },
        submission_id: String::from("id"),
        submitted_at: String::from("2026-11-23T12:00:00Z"),
        locale: ctx.locale,
        data: antrag_core::payload(&form, &answers, &ctx),
    };
    n + serde_json::to_string(&envelope).map_or(0, |s| s.len() as u32)
}
