//! antrag-core: the form definition model, the expression language, validation, the checks for
//! authors and the submission payload.
//!
//! **No I/O, no DOM, no clock, no Leptos.** This crate is the only place where validation rules
//! live; the browser app (wasm) and the server (native) both call it, so a citizen is judged by the
//! same code on both sides. Everything here is deterministic: "today" is passed in via [`Ctx`].
//!
//! # Paths
//! - An *instance path* names one answer: `traeger.name`, `plaetze[1].geburtsdatum` (repeat entries
//!   are 0-based in paths; the app shows them 1-based to people).
//! - A *template key* names a field of the definition regardless of entry: `plaetze[*].geburtsdatum`.
//!
//! # Answers
//! A JSON object mirroring the definition: groups are objects, repeats arrays of objects. Values are
//! *raw* as typed: strings for text-like inputs (also numbers, money, dates: `"1.234,56"`,
//! `"01.09.2026"`), `true`/`false` for yes/no and consent, arrays of strings for multiple choice,
//! arrays of [`submission::FileDescriptor`] for files. [`payload`] normalizes them.

pub mod check;
pub mod expr;
pub mod files;
pub mod form;
pub mod formats;
pub mod i18n;
pub mod markup;
pub mod model;
pub mod payload;
#[cfg(feature = "schema")]
pub mod schema;
pub mod submission;
pub mod validate;
pub mod value;

pub use form::CodeLists;
pub use form::Form;
pub use model::{Locale, Text};
pub use payload::payload;
pub use validate::{
    file_problems, validate, validate_field, validate_page, validate_submission, Problem,
};

/// Everything a judgement depends on besides the form and the answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ctx {
    /// The day the citizen fills the form in (the server uses the day the submission arrived).
    pub today: value::Date,
    /// Language of the messages.
    pub locale: Locale,
}

/// Severity of an author diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in a form file, for its author.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `unknown-key`, `dangling-reference`, `expr-syntax`.
    pub code: String,
    pub message: String,
    /// JSON pointer of the offending value in the file (`/pages/0/items/3/maxLength`).
    pub pointer: String,
    /// 1-based line and column in the file; 0 when not known (filled in by [`check`]).
    pub line: u32,
    pub column: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about the file as a whole (no pointer, no position), e.g. "cannot be read".
    pub fn error(code: &str, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: code.into(),
            message,
            pointer: String::new(),
            line: 0,
            column: 0,
            hint: None,
        }
    }
}

/// The crate version (shown by `antrag --version`).
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
