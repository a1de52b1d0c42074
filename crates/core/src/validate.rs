//! Validation of answers (app: as typed) and of payloads (server: normalized).
//!
//! Hidden items (their own `visibleIf`, an ancestor's or their page's does not hold) are never
//! validated, and disabled fields (`enabledIf`) only in a payload, and only for their type. Computed fields have no type checks, but their
//! `rules` are checked. A field's `rules` are checked only when the field is answered and its own
//! checks passed; a rule fails when its `check` is `false` (not when it is `null`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use crate::expr::Value;
use crate::form::{
    format_date, format_money, format_number, instance_path, parse_path, Eval, ItemKind, Mode,
    DEFAULT_MAX_SIZE, HARD_MAX_CHARS, HARD_MAX_ENTRIES,
};
use crate::formats;
use crate::model::{FieldKind, Item, Text};
use crate::submission::FileDescriptor;
use crate::value::{Date, Dec, DecInputError};
use crate::{i18n, Ctx, Form, Locale};

/// A problem with an answer, for the citizen.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Instance path of the field (`plaetze[1].geburtsdatum`); `""` for the whole payload.
    pub path: String,
    /// Stable code (`required`, `date_too_late`, a rule's code, …; see [`i18n::CODES`]).
    pub code: String,
    /// Parameters of the message (`label`, `min`, `max`, … formatted for the locale).
    #[serde(default)]
    pub params: std::collections::BTreeMap<String, String>,
    /// The message in the requested locale.
    pub message: String,
    /// The language of `message` where it is not the requested one: an author's own message
    /// (a rule's, or `messages`) given only in German. For a `lang` attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Locale>,
    /// The language of the label the message quotes (`params.label`) where it is not the
    /// requested one: a label given only in German, inside an English message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_lang: Option<Locale>,
}

type Params = BTreeMap<String, String>;

fn params(pairs: &[(&str, String)]) -> Params {
    // Inserted one by one: collecting into a BTreeMap sorts, and every sort is code in the wasm.
    let mut out = Params::new();
    for (k, v) in pairs {
        out.insert(k.to_string(), v.clone());
    }
    out
}

/// Whether a number as typed looks like thousands grouped with commas (`1,500`, `21,460`,
/// `€ 1,000,000`), which the German reading takes for decimal places.
fn comma_grouped(s: &str) -> bool {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '€' || c.is_ascii_alphabetic());
    let mut groups = t.split(',');
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    (1..=3).contains(&first.len())
        && digits(first)
        && t.contains(',')
        && groups.all(|g| g.len() == 3 && digits(g))
}

/// Whether an answer counts as not given.
fn is_empty(raw: &Json, kind: FieldKind) -> bool {
    match raw {
        Json::Null => true,
        Json::String(s) => s.trim().is_empty(),
        Json::Array(a) => a.is_empty(),
        Json::Bool(false) => kind == FieldKind::Consent,
        _ => false,
    }
}

/// Failures saying that a value is not one of its field's type at all, as opposed to a bound, a
/// length, a pattern or a rule.
const NOT_OF_TYPE: &[&str] = &[
    "wrong_type",
    "value_too_large",
    "not_canonical",
    "invalid_number",
    "not_integer",
    "too_many_decimals",
    "invalid_date",
    "invalid_email",
    "invalid_phone",
    "invalid_postcode",
    "invalid_iban",
    "iban_checksum",
    "invalid_choice",
];

/// Whether the answer `raw` (as typed) of field node `n` is a value of the field's type: a
/// read-only field (`enabledIf`) is sent only then.
pub(crate) fn of_its_type(ev: &Eval, n: usize, kind: FieldKind, raw: &Json) -> bool {
    let v = V::new(ev.form, ev.answers, ev.ctx, Mode::Raw);
    v.check_value(n, kind, raw)
        .iter()
        .all(|(code, _)| !NOT_OF_TYPE.contains(code))
}

struct V<'a> {
    ev: Eval<'a>,
    locale: Locale,
    out: Vec<Problem>,
}

/// Why a field's value was not accepted.
type Fail = (&'static str, Params);

fn fail(code: &'static str) -> Fail {
    (code, Params::new())
}

impl<'a> V<'a> {
    fn new(form: &'a Form, answers: &'a Json, ctx: &'a Ctx, mode: Mode) -> V<'a> {
        V {
            ev: Eval::new(form, answers, ctx, mode),
            locale: ctx.locale,
            out: Vec::new(),
        }
    }

    fn form(&self) -> &'a Form {
        self.ev.form
    }

    /// Adds a problem, with the label and the field's custom message if any.
    fn push(&mut self, n: usize, idx: &[usize], code: &str, mut p: Params, custom: Option<&Text>) {
        let form = self.form();
        let label_lang = form
            .label_text(n)
            .map(|t| t.shown_locale(self.locale))
            .filter(|l| *l != self.locale);
        p.entry("label".into())
            .or_insert_with(|| i18n::short_label(&form.label_of(n, self.locale)));
        let own = match form.item_at(&form.nodes[n].loc) {
            Some(Item::Repeat(r)) => {
                let short = code.strip_suffix("_items").unwrap_or(code);
                r.messages.get(code).or_else(|| r.messages.get(short))
            }
            // A decimal field without places says `not_integer`; a message the author wrote
            // for its `too_many_decimals` still applies.
            Some(it) => it.field().and_then(|(_, f)| {
                f.messages.get(code).or_else(|| match code {
                    "not_integer" => f.messages.get("too_many_decimals"),
                    _ => None,
                })
            }),
            None => None,
        };
        let (message, lang) = match own.or(custom) {
            Some(t) => (
                i18n::substitute(t.get(self.locale), &p),
                Some(t.shown_locale(self.locale)).filter(|l| *l != self.locale),
            ),
            None => (i18n::message(code, self.locale, &p), None),
        };
        p.remove("variant");
        self.out.push(Problem {
            path: instance_path(form, n, idx),
            code: code.to_string(),
            params: p,
            message,
            lang,
            label_lang,
        });
    }

    fn walk(&mut self, n: usize, idx: &[usize]) {
        if !self.ev.visible(n, idx) {
            return;
        }
        let form = self.form();
        let node = &form.nodes[n];
        match node.kind {
            ItemKind::Content => {}
            ItemKind::Group => {
                for &c in &node.children {
                    self.walk(c, idx);
                }
            }
            ItemKind::Repeat => {
                let Some(Item::Repeat(r)) = form.item_at(&node.loc) else {
                    return;
                };
                let len = self
                    .ev
                    .raw(n, idx)
                    .and_then(Json::as_array)
                    .map_or(0, Vec::len);
                let min = r.min_items.unwrap_or(0) as usize;
                let max = r
                    .max_items
                    .map_or(HARD_MAX_ENTRIES, |m| (m as usize).min(HARD_MAX_ENTRIES));
                if len < min {
                    self.push(
                        n,
                        idx,
                        "too_few_items",
                        params(&[("min", min.to_string())]),
                        None,
                    );
                }
                if len > max {
                    self.push(
                        n,
                        idx,
                        "too_many_items",
                        params(&[("max", max.to_string())]),
                        None,
                    );
                }
                let mut entry = idx.to_vec();
                for i in 0..len.min(max) {
                    entry.push(i);
                    for &c in &node.children {
                        self.walk(c, &entry);
                    }
                    entry.pop();
                }
            }
            ItemKind::Field(FieldKind::Computed) => self.rules(n, idx),
            ItemKind::Field(kind) => {
                if self.ev.enabled(n, idx) {
                    self.field(n, idx, kind);
                } else if self.ev.mode == Mode::Canonical {
                    self.disabled_field(n, idx, kind);
                }
            }
        }
    }

    /// A read-only field of a payload: the citizen cannot change it, so neither `required`,
    /// bounds nor rules apply, but what is sent must be a value of the field's type (the app
    /// leaves out one that is not; see [`of_its_type`]).
    fn disabled_field(&mut self, n: usize, idx: &[usize], kind: FieldKind) {
        let raw = self.ev.raw(n, idx).unwrap_or(&Json::Null);
        if is_empty(raw, kind) {
            return;
        }
        for (code, p) in self.check_value(n, kind, raw) {
            if NOT_OF_TYPE.contains(&code) {
                self.push(n, idx, code, p, None);
            }
        }
    }

    fn field(&mut self, n: usize, idx: &[usize], kind: FieldKind) {
        let raw = self.ev.raw(n, idx).unwrap_or(&Json::Null);
        if is_empty(raw, kind) {
            if self.ev.required(n, idx) {
                let (code, variant) = match kind {
                    FieldKind::Consent => ("consent_required", None),
                    FieldKind::Choice | FieldKind::MultiChoice | FieldKind::YesNo => {
                        ("required", Some("choice"))
                    }
                    FieldKind::File => ("required", Some("file")),
                    _ => ("required", None),
                };
                let p = variant
                    .map(|v| params(&[("variant", v.to_string())]))
                    .unwrap_or_default();
                self.push(n, idx, code, p, None);
            }
            return;
        }
        let fails = self.check_value(n, kind, raw);
        let ok = fails.is_empty();
        for (code, p) in fails {
            self.push(n, idx, code, p, None);
        }
        if ok {
            self.rules(n, idx);
        }
    }

    fn rules(&mut self, n: usize, idx: &[usize]) {
        let form = self.form();
        let node = &form.nodes[n];
        if node.rules.is_empty() {
            return;
        }
        let Some((_, f)) = form.field(n) else { return };
        for rule in &node.rules {
            if let Some(w) = &rule.when {
                if self.ev.eval(w, node.parent, idx) != Value::Bool(true) {
                    continue;
                }
            }
            if self.ev.eval(&rule.check, node.parent, idx) == Value::Bool(false) {
                let custom = f.rules.get(rule.index).map(|r| &r.message);
                self.push(n, idx, &rule.code, Params::new(), custom);
            }
        }
    }

    /// Type, format and bound checks of a non-empty answer.
    fn check_value(&self, n: usize, kind: FieldKind, raw: &Json) -> Vec<Fail> {
        let form = self.form();
        let Some((_, f)) = form.field(n) else {
            return vec![];
        };
        let node = &form.nodes[n];
        let canonical = self.ev.mode == Mode::Canonical;
        let locale = self.locale;
        let mut out = Vec::new();
        match kind {
            FieldKind::Text
            | FieldKind::Textarea
            | FieldKind::Email
            | FieldKind::Phone
            | FieldKind::Postcode
            | FieldKind::Iban => {
                let Some(s) = raw.as_str() else {
                    return vec![fail("wrong_type")];
                };
                if s.chars().count() > HARD_MAX_CHARS {
                    return vec![(
                        "value_too_large",
                        params(&[("max", HARD_MAX_CHARS.to_string())]),
                    )];
                }
                let t = s.trim();
                if canonical {
                    let normal = match kind {
                        FieldKind::Email => formats::normalize_email(s),
                        FieldKind::Phone => formats::normalize_phone(s),
                        FieldKind::Iban => formats::normalize_iban(s),
                        _ => t.to_string(),
                    };
                    if normal != s {
                        return vec![(
                            "not_canonical",
                            params(&[("expected", normal_hint(kind).into())]),
                        )];
                    }
                }
                let len = text_length(s) as u32;
                if let Some(min) = f.min_length.filter(|m| len < *m) {
                    out.push(("too_short", params(&[("min", min.to_string())])));
                }
                if let Some(max) = f.max_length.filter(|m| len > *m) {
                    out.push(("too_long", params(&[("max", max.to_string())])));
                }
                match kind {
                    FieldKind::Email if !formats::is_email(t) => out.push(fail("invalid_email")),
                    FieldKind::Phone if !formats::is_phone(t) => out.push(fail("invalid_phone")),
                    FieldKind::Postcode if !formats::is_postcode(t) => {
                        out.push(fail("invalid_postcode"))
                    }
                    FieldKind::Iban => match formats::check_iban(t) {
                        Err(formats::IbanError::Format) => out.push(fail("invalid_iban")),
                        Err(formats::IbanError::Checksum) => out.push(fail("iban_checksum")),
                        Ok(()) => {}
                    },
                    _ => {}
                }
                if out.is_empty() {
                    if let Some(re) = &node.pattern {
                        if !re.is_match(t) {
                            out.push(fail("pattern"));
                        }
                    }
                }
            }
            FieldKind::Integer | FieldKind::Decimal | FieldKind::Money => {
                let places = match kind {
                    FieldKind::Integer => 0,
                    FieldKind::Money => 2,
                    _ => f.decimals.unwrap_or(2).min(6),
                };
                // More decimal places than the field takes: its message (`1,500` / `21,460`
                // get the one for thousands grouped with a comma, as in English).
                // A field without decimal places (`integer`, `decimals: 0`) asks for a whole
                // number, not for "at most 0 decimal places".
                let too_many = |typed: Option<&str>| {
                    let mut p = if places == 0 {
                        params(&[])
                    } else {
                        params(&[("decimals", places.to_string())])
                    };
                    if typed.is_some_and(comma_grouped) {
                        p.insert("variant".into(), "grouping".into());
                    }
                    let code = if places == 0 {
                        "not_integer"
                    } else {
                        "too_many_decimals"
                    };
                    (code, p)
                };
                let parsed: Result<Dec, Fail> = match (raw, canonical) {
                    (Json::Number(num), _) if kind == FieldKind::Integer || !canonical => {
                        match Dec::parse_canonical(&num.to_string()) {
                            Some(d) => Ok(d),
                            None => Err(fail(if canonical {
                                "wrong_type"
                            } else {
                                "invalid_number"
                            })),
                        }
                    }
                    // Places as typed, trailing zeros included (`1,500` has three): what the
                    // value is read as elsewhere (expressions, payload) must not differ from
                    // what passed. Only a refusal is read a second time, to tell why.
                    (Json::String(s), false) => {
                        Dec::parse_input_detailed(s, places).map_err(|e| match e {
                            DecInputError::TooManyDecimals => match Dec::parse_input_detailed(s, 6)
                            {
                                Ok(_) => too_many(Some(s)),
                                Err(DecInputError::TooLarge) => fail("value_too_large"),
                                Err(_) => fail("invalid_number"),
                            },
                            DecInputError::TooLarge => fail("value_too_large"),
                            _ => fail("invalid_number"),
                        })
                    }
                    (Json::String(s), true) if kind != FieldKind::Integer => {
                        Dec::parse_canonical(s)
                            .filter(|d| kind != FieldKind::Money || d.to_canonical(2) == *s)
                            .ok_or_else(|| {
                                (
                                    "not_canonical",
                                    params(&[("expected", normal_hint(kind).into())]),
                                )
                            })
                    }
                    _ => Err(fail("wrong_type")),
                };
                let d = match parsed {
                    Ok(d) => d,
                    Err(e) => return vec![e],
                };
                if d.places_used() > places {
                    return vec![too_many(None)];
                }
                let show = |b: Dec| match kind {
                    FieldKind::Money => format_money(b, locale),
                    _ => format_number(b, b.places_used(), locale),
                };
                if let Some(min) = node.min.filter(|m| d < *m) {
                    out.push(("too_small", params(&[("min", show(min))])));
                }
                if let Some(max) = node.max.filter(|m| d > *m) {
                    out.push(("too_large", params(&[("max", show(max))])));
                }
            }
            FieldKind::Date => {
                let Some(s) = raw.as_str() else {
                    return vec![fail("wrong_type")];
                };
                let d = if canonical {
                    Date::parse_iso(s)
                } else {
                    Date::parse_input(s)
                };
                let Some(d) = d else {
                    return vec![if canonical && Date::parse_input(s).is_some() {
                        (
                            "not_canonical",
                            params(&[("expected", normal_hint(kind).into())]),
                        )
                    } else if Date::has_short_year(s) {
                        ("invalid_date", params(&[("variant", "year".into())]))
                    } else {
                        fail("invalid_date")
                    }];
                };
                let today = self.ev.ctx.today;
                if let Some(min) = node.min_date.map(|b| b.resolve(today)).filter(|m| d < *m) {
                    out.push((
                        "date_too_early",
                        params(&[("min", format_date(min, locale))]),
                    ));
                }
                if let Some(max) = node.max_date.map(|b| b.resolve(today)).filter(|m| d > *m) {
                    out.push((
                        "date_too_late",
                        params(&[("max", format_date(max, locale))]),
                    ));
                }
            }
            FieldKind::YesNo | FieldKind::Consent => {
                if !raw.is_boolean() {
                    out.push(fail("wrong_type"));
                }
            }
            FieldKind::Choice => match raw.as_str() {
                None => out.push(fail("wrong_type")),
                Some(s) => {
                    let v = if canonical { s } else { s.trim() };
                    if !node.options.iter().any(|o| o.value == v) {
                        out.push(fail("invalid_choice"));
                    }
                }
            },
            FieldKind::MultiChoice => {
                let Some(items) = raw.as_array() else {
                    return vec![fail("wrong_type")];
                };
                if items.len() > HARD_MAX_ENTRIES {
                    return vec![fail("value_too_large")];
                }
                let mut seen = BTreeSet::new();
                for it in items {
                    match it.as_str() {
                        None => return vec![fail("wrong_type")],
                        Some(s) => {
                            if !node.options.iter().any(|o| o.value == s) || !seen.insert(s) {
                                return vec![fail("invalid_choice")];
                            }
                        }
                    }
                }
                let count = seen.len() as u32;
                if let Some(min) = f.min_selected.filter(|m| count < *m) {
                    out.push(("too_few_selected", params(&[("min", min.to_string())])));
                }
                if let Some(max) = f.max_selected.filter(|m| count > *m) {
                    out.push(("too_many_selected", params(&[("max", max.to_string())])));
                }
            }
            FieldKind::File => {
                let Some(items) = raw.as_array() else {
                    return vec![fail("wrong_type")];
                };
                let max_files = f.max_files.unwrap_or(1).max(1) as usize;
                if items.len() > max_files {
                    out.push(("too_many_files", params(&[("max", max_files.to_string())])));
                    if items.len() > HARD_MAX_ENTRIES {
                        return out;
                    }
                }
                let max_size = f.max_size.unwrap_or(DEFAULT_MAX_SIZE);
                for it in items {
                    let Ok(fd) = serde_json::from_value::<FileDescriptor>(it.clone()) else {
                        return vec![fail("wrong_type")];
                    };
                    if fd.size > max_size {
                        out.push((
                            "file_too_large",
                            params(&[
                                ("file", fd.name.clone()),
                                ("max", i18n::format_limit(max_size, locale)),
                            ]),
                        ));
                    }
                    if !crate::files::safe_file_name(&fd.name) {
                        // Shown without control characters, and not endless.
                        let shown: String = fd
                            .name
                            .chars()
                            .filter(|c| !c.is_control())
                            .take(80)
                            .collect();
                        out.push(("file_name_invalid", params(&[("file", shown)])));
                    }
                    if !crate::files::type_allowed(&f.accept, &fd.media_type) {
                        out.push((
                            "file_type",
                            params(&[
                                ("file", fd.name.clone()),
                                (
                                    "accept",
                                    i18n::accept_list(&crate::files::effective_accept(&f.accept)),
                                ),
                            ]),
                        ));
                    }
                }
            }
            FieldKind::Computed => {}
        }
        out
    }
}

fn normal_hint(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Money => "1234.50",
        FieldKind::Decimal => "12.5",
        FieldKind::Date => "2026-09-01",
        FieldKind::Iban => "DE89370400440532013000",
        _ => "ohne Leerzeichen am Anfang und Ende",
    }
}

fn dedupe(mut out: Vec<Problem>) -> Vec<Problem> {
    // One string per problem: a set of strings is code the wasm has anyway, a set of triples
    // would be a type of its own.
    let mut seen = BTreeSet::new();
    out.retain(|p| seen.insert(format!("{}\0{}\0{}", p.path, p.code, p.message)));
    out
}

fn run_page(v: &mut V, page: usize) {
    if !v.ev.page_visible(page) {
        return;
    }
    let items = v
        .form()
        .pages
        .get(page)
        .map(|p| p.items.clone())
        .unwrap_or_default();
    for n in items {
        v.walk(n, &[]);
    }
}

/// Every problem of every visible page (on submit).
pub fn validate(form: &Form, answers: &Json, ctx: &Ctx) -> Vec<Problem> {
    let mut v = V::new(form, answers, ctx, Mode::Raw);
    for p in 0..form.pages.len() {
        run_page(&mut v, p);
    }
    dedupe(v.out)
}

/// Problems of the visible items of one page, every repeat entry included ("Next").
pub fn validate_page(form: &Form, answers: &Json, page: usize, ctx: &Ctx) -> Vec<Problem> {
    let mut v = V::new(form, answers, ctx, Mode::Raw);
    run_page(&mut v, page);
    dedupe(v.out)
}

/// Problems of one instance path (a field, or everything in a group, repeat or repeat entry),
/// when it is visible and enabled (on blur).
pub fn validate_field(form: &Form, answers: &Json, path: &str, ctx: &Ctx) -> Vec<Problem> {
    let Some((n, idx)) = parse_path(form, path) else {
        return vec![];
    };
    let mut v = V::new(form, answers, ctx, Mode::Raw);
    let entry = path.ends_with(']') && form.nodes[n].kind == ItemKind::Repeat;
    if entry {
        // One entry of a repeat: its items.
        if !v.ev.visible(n, &idx) {
            return vec![];
        }
        let i = path
            .rsplit('[')
            .next()
            .and_then(|s| s.strip_suffix(']'))
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(0);
        let mut e = idx.clone();
        e.push(i);
        for c in form.nodes[n].children.clone() {
            v.walk(c, &e);
        }
    } else {
        v.walk(n, &idx);
    }
    dedupe(v.out)
}

/// What stands against taking `file` into the file field at `path` beside the files `taken`
/// already: its type, its size, its name, or that the field takes no more files; worded as
/// validation words it (the field's own `messages` included). Empty when the file can be taken
/// (or `path` is no file field). The app asks this when a file is chosen and does not put a
/// file that could not be sent into the list. For a field of one file, pass no `taken` files:
/// a new file takes the place of the old one (see [`Form::max_files`]).
pub fn file_problems(
    form: &Form,
    path: &str,
    taken: &[FileDescriptor],
    file: &FileDescriptor,
    ctx: &Ctx,
) -> Vec<Problem> {
    let Some((n, idx)) = parse_path(form, path) else {
        return vec![];
    };
    let Some((kind, _)) = form.field(n) else {
        return vec![];
    };
    if kind != FieldKind::File {
        return vec![];
    }
    let as_json = |d: &FileDescriptor| serde_json::to_value(d).unwrap_or(Json::Null);
    let mut v = V::new(form, &Json::Null, ctx, Mode::Raw);
    let mut fails = v.check_value(n, kind, &Json::Array(vec![as_json(file)]));
    if fails.is_empty() {
        let all: Vec<Json> = taken.iter().chain([file]).map(as_json).collect();
        fails = v
            .check_value(n, kind, &Json::Array(all))
            .into_iter()
            .filter(|(code, _)| *code == "too_many_files")
            .collect();
    }
    for (code, p) in fails {
        v.push(n, &idx, code, p, None);
    }
    v.out
}

/// The strict check of a payload on the server: unknown keys, values for hidden items, wrong
/// structure and oversized arrays, then every check of [`validate`] on the normalized values
/// (non-canonical formats are `not_canonical`). Never panics; the result is deterministic.
pub fn validate_submission(form: &Form, data: &Json, ctx: &Ctx) -> Vec<Problem> {
    let mut v = V::new(form, data, ctx, Mode::Canonical);
    if !data.is_object() {
        let p = params(&[("label", String::new()), ("field", String::new())]);
        return vec![Problem {
            path: String::new(),
            code: "wrong_type".into(),
            message: i18n::message("wrong_type", ctx.locale, &p),
            params: p,
            lang: None,
            label_lang: None,
        }];
    }
    let top: Vec<usize> = form
        .pages
        .iter()
        .flat_map(|p| p.items.iter().copied())
        .collect();
    strict(&mut v, data, &top, &[], "");
    let strict_problems = std::mem::take(&mut v.out);
    let bad: BTreeSet<String> = strict_problems.iter().map(|p| p.path.clone()).collect();
    for p in 0..form.pages.len() {
        run_page(&mut v, p);
    }
    let mut out = strict_problems;
    // Avoid reporting the same path twice (e.g. a non-array repeat and its too_few_items).
    out.extend(v.out.into_iter().filter(|p| !bad.contains(&p.path)));
    dedupe(out)
}

fn strict(v: &mut V, obj: &Json, children: &[usize], idx: &[usize], prefix: &str) {
    let form = v.form();
    let Some(map) = obj.as_object() else { return };
    let mut keys: Vec<&String> = map.keys().collect();
    // Keys are unique, so an unstable sort gives the same order (and is smaller in the wasm).
    keys.sort_unstable();
    for key in keys.into_iter().take(HARD_MAX_ENTRIES) {
        let val = &map[key];
        let child = children
            .iter()
            .copied()
            .find(|&c| form.nodes[c].name == *key && form.nodes[c].kind != ItemKind::Content);
        let Some(c) = child else {
            let path = format!("{prefix}{key}");
            let p = params(&[
                ("field", path.chars().take(100).collect()),
                ("label", key.chars().take(100).collect()),
            ]);
            v.out.push(Problem {
                path,
                code: "unknown_field".into(),
                message: i18n::message("unknown_field", v.locale, &p),
                params: p,
                lang: None,
                label_lang: None,
            });
            continue;
        };
        if !v.ev.visible(c, idx) {
            v.push(c, idx, "hidden_field", Params::new(), None);
            continue;
        }
        let node = &form.nodes[c];
        match node.kind {
            ItemKind::Group => {
                if !val.is_object() {
                    v.push(c, idx, "wrong_type", Params::new(), None);
                } else {
                    strict(v, val, &node.children, idx, &format!("{prefix}{key}."));
                }
            }
            ItemKind::Repeat => {
                let Some(entries) = val.as_array() else {
                    v.push(c, idx, "wrong_type", Params::new(), None);
                    continue;
                };
                if entries.len() > HARD_MAX_ENTRIES {
                    v.push(c, idx, "value_too_large", Params::new(), None);
                }
                let max = match form.item_at(&node.loc) {
                    Some(Item::Repeat(r)) => r.max_items.map_or(HARD_MAX_ENTRIES, |m| m as usize),
                    _ => 0,
                };
                for (i, e) in entries.iter().enumerate().take(max.min(HARD_MAX_ENTRIES)) {
                    let mut entry = idx.to_vec();
                    entry.push(i);
                    if !e.is_object() {
                        let path = format!("{prefix}{key}[{i}]");
                        let p =
                            params(&[("label", i18n::short_label(&form.label_of(c, v.locale)))]);
                        v.out.push(Problem {
                            path,
                            code: "wrong_type".into(),
                            message: i18n::message("wrong_type", v.locale, &p),
                            params: p,
                            lang: None,
                            label_lang: None,
                        });
                        continue;
                    }
                    strict(
                        v,
                        e,
                        &node.children,
                        &entry,
                        &format!("{prefix}{key}[{i}]."),
                    );
                }
            }
            ItemKind::Field(FieldKind::Computed)
                if val.is_object() || val.to_string().len() > HARD_MAX_CHARS =>
            {
                v.push(c, idx, "wrong_type", Params::new(), None);
            }
            _ => {}
        }
    }
}

/// How long a text answer is for `minLength` and `maxLength`: its characters, without the
/// spaces around it. The app's character count under a text area says the same.
pub fn text_length(s: &str) -> usize {
    s.trim().chars().count()
}
