//! The compiled form: a [`FormDefinition`] with every expression parsed and type-checked, every
//! item in a table by template key, options resolved and the dependency graph built.
//!
//! # Keys and paths
//! Every field, group, repeat and content item has a *template key*: the ids from the root joined
//! with `.`, with `[*]` after each repeat the item lies in (`traeger.name`,
//! `plaetze[*].geburtsdatum`). A repeat's own key has no `[*]` (`plaetze`). Content items without
//! an `id` get a generated one: `#<page>-<index>` at the top level of a page, `#<index>` inside a
//! group or repeat (`plaetze[*].#2`). An *instance path* replaces each `[*]` by a 0-based entry
//! number (`plaetze[1].geburtsdatum`).
//!
//! # Conditions
//! A hidden item (its own `visibleIf`, an ancestor's or its page's does not hold) has no value:
//! expressions read it as `null`, it is neither validated nor sent. A disabled field
//! (`enabledIf` does not hold) keeps its value but is not validated.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value as Json;

use crate::expr::{self, Env, Expr, Type, Value};
use crate::model::{
    ChoiceOption, CodeList, Field, FieldKind, FormDefinition, Item, NumberBound, Page, ValueFormat,
};
use crate::value::{Date, DateBound, Dec};
use crate::{i18n, Ctx, Diagnostic, Locale, Severity};

/// Code lists by the `codeList` string used in the form.
pub type CodeLists = BTreeMap<String, CodeList>;

/// Most entries of a repeat (and most items of a list) ever looked at, whatever the answers say.
pub const HARD_MAX_ENTRIES: usize = 1000;
/// Longest text accepted in any field without its own `maxLength`.
pub const HARD_MAX_CHARS: usize = 10_000;
/// Default largest file (10 MiB).
pub const DEFAULT_MAX_SIZE: u64 = 10 * 1024 * 1024;

/// What an item of the table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Field(FieldKind),
    Group,
    Repeat,
    Content,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub(crate) struct CRule {
    pub when: Option<Expr>,
    pub check: Expr,
    pub code: String,
    pub index: usize,
}

/// One item of the table.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub key: String,
    /// Name of the item in its parent object (`id`, or the generated `#n`).
    pub name: String,
    pub page: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub kind: ItemKind,
    pub pointer: String,
    /// Index path into the definition: page, item, child, …
    pub loc: Vec<usize>,
    /// Repeat ancestors, outermost first (not the node itself).
    pub repeats: Vec<usize>,
    pub options: Vec<ChoiceOption>,
    pub visible_if: Option<Expr>,
    pub enabled_if: Option<Expr>,
    pub required_if: Option<Expr>,
    pub expr: Option<Expr>,
    pub rules: Vec<CRule>,
    pub pattern: Option<regex_lite::Regex>,
    pub min_date: Option<DateBound>,
    pub max_date: Option<DateBound>,
    pub min: Option<Dec>,
    pub max: Option<Dec>,
    /// Type of the value for expressions.
    pub ty: Type,
}

#[derive(Clone, Debug)]
pub(crate) struct CPage {
    pub visible_if: Option<Expr>,
    pub items: Vec<usize>,
    /// What the citizen answers on the page, outside lists: its fields and its lists, in
    /// document order (for [`Form::pages_shown`]).
    pub asks: Vec<usize>,
}

/// A form ready to render, evaluate and validate.
#[derive(Debug)]
pub struct Form {
    def: FormDefinition,
    pub(crate) nodes: Vec<Node>,
    pub(crate) by_key: BTreeMap<String, usize>,
    pub(crate) pages: Vec<CPage>,
    deps: BTreeMap<String, Vec<String>>,
    warnings: Vec<Diagnostic>,
    has_files: bool,
}

fn diag(severity: Severity, code: &str, pointer: &str, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        code: code.to_string(),
        message,
        pointer: pointer.to_string(),
        line: 0,
        column: 0,
        hint: None,
    }
}

fn err(code: &str, pointer: &str, message: String) -> Diagnostic {
    diag(Severity::Error, code, pointer, message)
}

#[cfg(feature = "author-checks")]
/// The problem codes a field of `kind` can have, which its `messages` may reword.
fn message_codes(kind: FieldKind) -> Vec<&'static str> {
    use FieldKind::*;
    let mut codes = vec!["rule"];
    if !matches!(kind, Computed | Consent) {
        codes.push("required");
    }
    let mut add = |when: bool, more: &[&'static str]| {
        if when {
            codes.extend_from_slice(more);
        }
    };
    add(kind == Consent, &["consent_required"]);
    add(key_applies(kind, "maxLength"), &["too_short", "too_long"]);
    add(key_applies(kind, "pattern"), &["pattern"]);
    add(kind == Email, &["invalid_email"]);
    add(kind == Phone, &["invalid_phone"]);
    add(kind == Postcode, &["invalid_postcode"]);
    add(kind == Iban, &["invalid_iban", "iban_checksum"]);
    add(
        matches!(kind, Integer | Decimal | Money),
        &["invalid_number", "too_small", "too_large"],
    );
    // A decimal field with `decimals: 0` asks for a whole number like an integer field.
    add(matches!(kind, Integer | Decimal), &["not_integer"]);
    add(matches!(kind, Decimal | Money), &["too_many_decimals"]);
    add(
        kind == Date,
        &["invalid_date", "date_too_early", "date_too_late"],
    );
    add(matches!(kind, Choice | MultiChoice), &["invalid_choice"]);
    add(
        kind == MultiChoice,
        &["too_few_selected", "too_many_selected"],
    );
    add(
        kind == File,
        &[
            "file_too_large",
            "file_type",
            "file_name_invalid",
            "too_many_files",
        ],
    );
    codes
}

#[cfg(feature = "author-checks")]
/// The placeholders filled in for a message of `code`, besides `{label}`.
fn message_placeholders(code: &str) -> &'static [&'static str] {
    match code {
        "too_short" | "too_small" | "date_too_early" | "too_few_selected" | "too_few_items"
        | "too_few" => &["min"],
        "too_long" | "too_large" | "date_too_late" | "too_many_selected" | "too_many_files"
        | "too_many_items" | "too_many" => &["max"],
        "too_many_decimals" => &["decimals"],
        "file_too_large" => &["file", "max"],
        "file_type" => &["file", "accept"],
        "file_name_invalid" => &["file"],
        _ => &[],
    }
}

#[cfg(feature = "author-checks")]
/// Problems with an item's `messages`: a key that is no problem this item can have (the message
/// would never be shown), and a placeholder that is never filled in (the citizen would read
/// `{maxi}`).
fn check_messages(
    d: &mut Vec<Diagnostic>,
    ptr: &str,
    messages: &BTreeMap<String, crate::model::Text>,
    codes: &[&str],
) {
    for (key, text) in messages {
        let at = format!(
            "{ptr}/messages/{}",
            key.replace('~', "~0").replace('/', "~1")
        );
        if !codes.contains(&key.as_str()) {
            let hint = match crate::check::shape::did_you_mean(key, codes) {
                Some(s) => format!("; did you mean `{s}`?"),
                None => format!("; it can have {}", codes.join(", ")),
            };
            d.push(err(
                "unknown-message",
                &at,
                format!(
                    "this item never has the problem `{key}`, so the message is never shown{hint}"
                ),
            ));
            continue;
        }
        let allowed = message_placeholders(key);
        let mut seen: Vec<&str> = Vec::new();
        for t in [text.get(Locale::De), text.get(Locale::En)] {
            let mut rest = t;
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                let Some(close) = after.find('}') else { break };
                let name = &after[..close];
                rest = &after[close + 1..];
                let ident = !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if ident && name != "label" && !allowed.contains(&name) && !seen.contains(&name) {
                    seen.push(name);
                    let can = std::iter::once("label")
                        .chain(allowed.iter().copied())
                        .map(|p| format!("`{{{p}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    d.push(err(
                        "unknown-placeholder",
                        &at,
                        format!("`{{{name}}}` is not filled in for `{key}` (it can use {can})"),
                    ));
                }
            }
        }
    }
}

#[cfg(feature = "author-checks")]
/// Why an entry of a file field's `accept` can never match an upload, if it cannot. Uploads are
/// checked by media type ([`crate::files::type_allowed`]), in lower case as browsers report it;
/// a file extension such as `.pdf` (which HTML's `accept` also knows) would refuse every file,
/// and so would a wildcard without a type recognisable by its content (`text/*`).
fn accept_problem(a: &str) -> Option<String> {
    if let Some(ext) = a.strip_prefix('.') {
        let media = match ext.to_ascii_lowercase().as_str() {
            "pdf" => "`application/pdf`",
            "jpg" | "jpeg" => "`image/jpeg`",
            "png" => "`image/png`",
            _ => "`application/pdf` or `image/jpeg`",
        };
        return Some(format!(
            "`{a}` is a file extension; `accept` lists media types such as {media}"
        ));
    }
    let token = |s: &str| {
        s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$&^_.+-".contains(&b))
    };
    // Names that look right but are not what browsers report for such a file: the field would
    // refuse every one.
    const MISNAMED: &[(&str, &str)] = &[
        ("image/jpg", "image/jpeg"),
        ("image/pjpeg", "image/jpeg"),
        ("image/tif", "image/tiff"),
        ("image/x-png", "image/png"),
        ("application/x-pdf", "application/pdf"),
    ];
    let right_name = |t: &str| -> Option<&str> {
        MISNAMED
            .iter()
            .find(|(wrong, _)| *wrong == t)
            .map(|(_, right)| *right)
    };
    let lower = a.to_ascii_lowercase();
    let valid = |t: &str| {
        t.split_once('/')
            .is_some_and(|(major, sub)| token(major) && (sub == "*" || token(sub)))
    };
    if !valid(a) {
        return Some(if lower != a && valid(&lower) {
            let right = right_name(&lower).unwrap_or(&lower);
            format!("write the media type in lower case: `{right}`")
        } else {
            format!("`{a}` is not a media type such as `application/pdf` or `image/*`")
        });
    }
    if let Some(right) = right_name(a) {
        return Some(format!(
            "browsers report such files as `{right}`, not `{a}`; write `{right}`"
        ));
    }
    (!crate::files::wildcard_matches_something(a)).then(|| {
        format!(
            "`{a}` takes no file: a wildcard only takes types recognised by their content \
             ({}); list the types you accept instead",
            crate::files::KNOWN_TYPES.join(", ")
        )
    })
}

/// The checks of a field for authors only (see the feature `author-checks`): they find mistakes
/// that leave the form working, only not as meant.
#[cfg(feature = "author-checks")]
fn author_field_checks(d: &mut Vec<Diagnostic>, kind: FieldKind, f: &Field, ptr: &str) {
    let at = |k: &str| format!("{ptr}/{k}");
    // Keys without effect on the field's type: `antrag check`'s structural pass warns
    // (`key-no-effect`, at the key's position); its table is the one `key_applies` reads.
    // Limits that leave nothing to enter.
    for (key, zero) in [
        ("maxLength", f.max_length == Some(0)),
        ("maxSelected", f.max_selected == Some(0)),
        ("maxSize", f.max_size == Some(0)),
        ("maxFiles", f.max_files == Some(0)),
        ("rows", f.rows == Some(0)),
    ] {
        if zero && key_applies(kind, key) {
            d.push(err(
                "zero-limit",
                &at(key),
                format!(
                    "`{key}` is 0, so nothing could be entered: set at least 1 or leave it out"
                ),
            ));
        }
    }
    if !f.messages.is_empty() {
        let mut codes = message_codes(kind);
        codes.extend(f.rules.iter().filter_map(|r| r.code.as_deref()));
        check_messages(d, ptr, &f.messages, &codes);
    }
    if f.pattern.as_deref().is_some_and(|p| p.is_empty()) {
        d.push(err(
            "empty-pattern",
            &at("pattern"),
            "an empty `pattern` only takes an empty answer: leave it out".into(),
        ));
    }
    for (i, a) in f.accept.iter().enumerate() {
        if let Some(message) = accept_problem(a).filter(|_| kind == FieldKind::File) {
            d.push(err("bad-accept", &format!("{ptr}/accept/{i}"), message));
        }
    }
}

/// The letters with umlauts, as the format reference writes them out for `\p{L}`.
#[cfg(feature = "author-checks")]
const LETTERS: &str = "A-Za-zÄÖÜäöüß";

/// The hint for a `pattern` that regex-lite refuses, where the fix is known: Unicode classes
/// (`\p{L}`, common in FIM/XDatenfelder patterns) written out, look-around.
#[cfg(feature = "author-checks")]
fn regex_hint(p: &str) -> Option<String> {
    if p.contains("(?=") || p.contains("(?!") || p.contains("(?<") {
        return Some(
            "look-around such as `(?=…)` or `(?!…)` is not supported: write a simpler \
             `pattern`, and check the rest with a rule (`rules`)"
                .into(),
        );
    }
    if !p.contains("\\p") && !p.contains("\\P") {
        return None;
    }
    let generic = format!(
        "write the characters out instead of a Unicode class: `[{LETTERS}]` for letters with \
         umlauts, `[0-9]` for digits"
    );
    // Each known class, written out; inside `[…]` without its own brackets.
    const CLASSES: &[(&str, &str)] = &[
        ("\\p{L}", LETTERS),
        ("\\pL", LETTERS),
        ("\\p{Letter}", LETTERS),
        ("\\p{Alphabetic}", LETTERS),
        ("\\p{Lu}", "A-ZÄÖÜ"),
        ("\\p{Ll}", "a-zäöüß"),
        ("\\p{N}", "0-9"),
        ("\\pN", "0-9"),
        ("\\p{Nd}", "0-9"),
    ];
    let mut fixed = String::new();
    let mut in_class = false;
    let mut rest = p;
    while let Some(c) = rest.chars().next() {
        if let Some((written, chars)) = CLASSES.iter().find(|(w, _)| rest.starts_with(w)) {
            if in_class {
                fixed.push_str(chars);
            } else {
                fixed.push('[');
                fixed.push_str(chars);
                fixed.push(']');
            }
            rest = &rest[written.len()..];
            continue;
        }
        if c == '\\' {
            let mut it = rest.chars();
            it.next();
            match it.next() {
                Some('p' | 'P') | None => return Some(generic),
                Some(e) => {
                    fixed.push('\\');
                    fixed.push(e);
                    rest = &rest[1 + e.len_utf8()..];
                    continue;
                }
            }
        }
        match c {
            '[' => in_class = true,
            ']' => in_class = false,
            _ => {}
        }
        fixed.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if fixed == p {
        return None;
    }
    if regex_lite::Regex::new(&fixed).is_err() {
        return Some(generic);
    }
    let json = serde_json::to_string(&fixed).unwrap_or_default();
    Some(format!(
        "Unicode classes such as `\\p{{L}}` must be written out, `[{LETTERS}]` for letters \
         with umlauts: write `\"pattern\": {json}`"
    ))
}

/// `min-greater-than-max` at `{pointer}/{lo_name}` when both bounds are set and out of order.
fn bounds_in_order<T: PartialOrd + std::fmt::Display>(
    d: &mut Vec<Diagnostic>,
    pointer: &str,
    (lo_name, lo): (&str, Option<T>),
    (hi_name, hi): (&str, Option<T>),
) {
    if let (Some(a), Some(b)) = (lo, hi) {
        if a > b {
            d.push(err(
                "min-greater-than-max",
                &format!("{pointer}/{lo_name}"),
                format!("{lo_name} ({a}) is greater than {hi_name} ({b})"),
            ));
        }
    }
}

/// Ids of fields, groups, repeats and content: `[A-Za-z_][A-Za-z0-9_]*`, at most 64 characters,
/// not a word of the expression language.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(id, "and" | "or" | "not" | "true" | "false" | "null")
}

/// `MAJOR.MINOR.PATCH` with optional `-pre.release` and `+build` (Semantic Versioning 2.0).
pub fn is_semver(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let ident_ok = |s: &str| {
        s.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 9
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
        && pre.is_none_or(ident_ok)
        && build.is_none_or(ident_ok)
}

/// The template key of an instance path: `plaetze[1].name` → `plaetze[*].name`.
pub fn template_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[*]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

fn parse_bound(b: &NumberBound) -> Option<Dec> {
    match b {
        NumberBound::Number(n) => Dec::parse_canonical(&n.to_string()),
        NumberBound::String(s) => Dec::parse_canonical(s.trim()),
    }
}

fn field_type(kind: FieldKind, f: &Field) -> Type {
    match kind {
        FieldKind::Text
        | FieldKind::Textarea
        | FieldKind::Email
        | FieldKind::Phone
        | FieldKind::Postcode
        | FieldKind::Iban
        | FieldKind::Choice => Type::Text,
        FieldKind::Integer | FieldKind::Decimal => Type::Number,
        FieldKind::Money => Type::Money,
        FieldKind::Date => Type::Date,
        FieldKind::YesNo | FieldKind::Consent => Type::Bool,
        FieldKind::MultiChoice => Type::List(Box::new(Type::Text)),
        FieldKind::File => Type::List(Box::new(Type::Text)),
        FieldKind::Computed => match f.format {
            Some(ValueFormat::Text) => Type::Text,
            Some(ValueFormat::Integer | ValueFormat::Decimal) => Type::Number,
            Some(ValueFormat::Money) => Type::Money,
            Some(ValueFormat::Date) => Type::Date,
            Some(ValueFormat::YesNo) => Type::Bool,
            None => Type::Any,
        },
    }
}

#[cfg(feature = "author-checks")]
/// Whether a field key has an effect for a field type: the structural table of `antrag check`
/// ([`crate::check::shape::FIELD`], which warns `key-no-effect`) is the one place that says so.
fn key_applies(kind: FieldKind, key: &str) -> bool {
    let name = kind_name(kind);
    crate::check::shape::FIELD
        .keys
        .iter()
        .find(|k| k.name == key)
        .and_then(|k| k.applies)
        .is_none_or(|types| types.contains(&name.as_str()))
}

// ---------------------------------------------------------------------------------------------
// Building the table
// ---------------------------------------------------------------------------------------------

struct Builder<'a> {
    nodes: Vec<Node>,
    by_key: BTreeMap<String, usize>,
    diags: Vec<Diagnostic>,
    code_lists: &'a CodeLists,
}

fn blank_node(key: String, name: String, kind: ItemKind, pointer: String) -> Node {
    Node {
        key,
        name,
        page: 0,
        parent: None,
        children: Vec::new(),
        kind,
        pointer,
        loc: Vec::new(),
        repeats: Vec::new(),
        options: Vec::new(),
        visible_if: None,
        enabled_if: None,
        required_if: None,
        expr: None,
        rules: Vec::new(),
        pattern: None,
        min_date: None,
        max_date: None,
        min: None,
        max: None,
        ty: Type::Any,
    }
}

impl Builder<'_> {
    /// Adds `items` below `parent` (None = page top level). `names` is the namespace of the
    /// enclosing object (shared by all pages at the top level).
    #[allow(clippy::too_many_arguments)]
    fn items(
        &mut self,
        items: &[Item],
        page: usize,
        parent: Option<usize>,
        prefix: &str,
        pointer: &str,
        loc: &[usize],
        repeats: &[usize],
        names: &mut BTreeMap<String, String>,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let ptr = format!("{pointer}/items/{i}");
            let (name, generated) = match item.id() {
                Some(id) => (id.to_string(), false),
                None if parent.is_none() => (format!("#{page}-{i}"), true),
                None => (format!("#{i}"), true),
            };
            if !generated {
                if !is_valid_id(&name) {
                    let why = if name.len() > 64 {
                        format!("it has {} characters, at most 64 are allowed", name.len())
                    } else if matches!(
                        name.as_str(),
                        "and" | "or" | "not" | "true" | "false" | "null"
                    ) {
                        "it is a word of the expression language".into()
                    } else {
                        "use ASCII letters, digits and `_`, starting with a letter or `_` (no dots, \
                         brackets, spaces, `-` or umlauts: `strasse`, not `straße`)"
                            .into()
                    };
                    self.diags.push(err(
                        "bad-id",
                        &format!("{ptr}/id"),
                        format!("`{name}` is not a valid id: {why}"),
                    ));
                }
                if let Some(first) = names.get(&name) {
                    self.diags.push(err(
                        "duplicate-id",
                        &format!("{ptr}/id"),
                        format!("the id `{name}` is already used at {first}"),
                    ));
                    continue;
                }
                names.insert(name.clone(), ptr.clone());
            }
            let key = format!("{prefix}{name}");
            let kind = match item {
                Item::Heading(_) | Item::Paragraph(_) | Item::Info(_) => ItemKind::Content,
                Item::Group(_) => ItemKind::Group,
                Item::Repeat(_) => ItemKind::Repeat,
                _ => ItemKind::Field(item.field().map(|(k, _)| k).unwrap_or(FieldKind::Text)),
            };
            let idx = self.nodes.len();
            let mut node = blank_node(key.clone(), name, kind, ptr.clone());
            node.page = page;
            node.parent = parent;
            node.loc = loc.iter().copied().chain([i]).collect();
            node.repeats = repeats.to_vec();
            if let Some((fk, f)) = item.field() {
                node.ty = field_type(fk, f);
                self.field_checks(&mut node, fk, f, &ptr);
            }
            self.nodes.push(node);
            self.by_key.insert(key.clone(), idx);
            out.push(idx);
            match item {
                Item::Group(g) => {
                    if g.items.is_empty() {
                        self.diags.push(err(
                            "empty-group",
                            &format!("{ptr}/items"),
                            "a group needs at least one item".into(),
                        ));
                    }
                    let mut inner = BTreeMap::new();
                    let children = self.items(
                        &g.items,
                        page,
                        Some(idx),
                        &format!("{key}."),
                        &ptr,
                        &self.nodes[idx].loc.clone(),
                        repeats,
                        &mut inner,
                    );
                    self.nodes[idx].children = children;
                }
                Item::Repeat(r) => {
                    if r.items.is_empty() {
                        self.diags.push(err(
                            "empty-group",
                            &format!("{ptr}/items"),
                            "a repeat needs at least one item".into(),
                        ));
                    }
                    bounds_in_order(
                        &mut self.diags,
                        &ptr,
                        ("minItems", r.min_items),
                        ("maxItems", r.max_items),
                    );
                    #[cfg(feature = "author-checks")]
                    check_messages(
                        &mut self.diags,
                        &ptr,
                        &r.messages,
                        &["too_few_items", "too_many_items", "too_few", "too_many"],
                    );
                    if r.max_items == Some(0) {
                        self.diags.push(err(
                            "min-greater-than-max",
                            &format!("{ptr}/maxItems"),
                            "maxItems must be at least 1".into(),
                        ));
                    }
                    let mut inner = BTreeMap::new();
                    let reps: Vec<usize> = repeats.iter().copied().chain([idx]).collect();
                    let children = self.items(
                        &r.items,
                        page,
                        Some(idx),
                        &format!("{key}[*]."),
                        &ptr,
                        &self.nodes[idx].loc.clone(),
                        &reps,
                        &mut inner,
                    );
                    self.nodes[idx].children = children;
                }
                _ => {}
            }
        }
        out
    }

    fn field_checks(&mut self, node: &mut Node, kind: FieldKind, f: &Field, ptr: &str) {
        let d = &mut self.diags;
        let at = |k: &str| format!("{ptr}/{k}");
        #[cfg(feature = "author-checks")]
        author_field_checks(d, kind, f, ptr);
        bounds_in_order(
            d,
            ptr,
            ("minLength", f.min_length),
            ("maxLength", f.max_length),
        );
        bounds_in_order(
            d,
            ptr,
            ("minSelected", f.min_selected),
            ("maxSelected", f.max_selected),
        );
        if let Some(p) = f.pattern.as_deref().filter(|p| !p.is_empty()) {
            match regex_lite::Regex::new(&format!("^(?:{p})$")) {
                Ok(r) => node.pattern = Some(r),
                Err(e) => {
                    #[allow(unused_mut)]
                    let mut diag = err(
                        "invalid-regex",
                        &at("pattern"),
                        format!("the pattern is not a valid regular expression: {e}"),
                    );
                    #[cfg(feature = "author-checks")]
                    {
                        diag.hint = regex_hint(p);
                    }
                    d.push(diag)
                }
            }
        }
        for (name, bound, slot) in [
            ("min", &f.min, &mut node.min),
            ("max", &f.max, &mut node.max),
        ] {
            if let Some(b) = bound {
                match parse_bound(b) {
                    Some(v) => *slot = Some(v),
                    None => {
                        #[allow(unused_mut)]
                        let mut diag = err(
                            "bad-number-bound",
                            &at(name),
                            format!("`{name}` must be a number like 21460 or \"21460.00\""),
                        );
                        #[cfg(feature = "author-checks")]
                        if kind == FieldKind::Date {
                            let text = match b {
                                NumberBound::String(s) => Some(s.as_str()),
                                NumberBound::Number(_) => None,
                            };
                            let (message, hint) = crate::check::shape::date_min_max(name, text);
                            diag.message = message;
                            diag.hint = Some(hint);
                        }
                        d.push(diag)
                    }
                }
            }
        }
        bounds_in_order(d, ptr, ("min", node.min), ("max", node.max));
        if f.decimals.is_some_and(|n| n > 6) {
            d.push(err(
                "bad-decimals",
                &at("decimals"),
                "decimals must be 0 to 6".into(),
            ));
        }
        for (name, bound, slot) in [
            ("minDate", &f.min_date, &mut node.min_date),
            ("maxDate", &f.max_date, &mut node.max_date),
        ] {
            if let Some(b) = bound {
                match DateBound::parse(b) {
                    Some(v) => *slot = Some(v),
                    None => {
                        // Bounds are ISO only: a German date is told the format, not its day.
                        let iso = b.len() == 10 && b.as_bytes()[4] == b'-';
                        let why = crate::value::no_such_day(b).filter(|_| iso);
                        d.push(err(
                            "bad-date-bound",
                            &at(name),
                            why.unwrap_or_else(|| {
                                format!(
                                    "`{b}` is not a date bound: use an ISO date (2024-09-01), \
                                     `today`, or `today-16y`, `today+3m`, `today-14d`, `today+2w`"
                                )
                            }),
                        ))
                    }
                }
            }
        }
        if let (Some(a), Some(b)) = (node.min_date, node.max_date) {
            // Compare on a few reference days; relative bounds move together.
            let days = [
                Date {
                    year: 2000,
                    month: 1,
                    day: 1,
                },
                Date {
                    year: 2030,
                    month: 6,
                    day: 30,
                },
            ];
            if days.iter().all(|t| a.resolve(*t) > b.resolve(*t)) {
                d.push(err(
                    "min-greater-than-max",
                    &at("minDate"),
                    "minDate is after maxDate: no date can be entered".into(),
                ));
            }
        }
        if matches!(kind, FieldKind::Choice | FieldKind::MultiChoice) {
            match (&f.options, &f.code_list) {
                (Some(_), Some(_)) => d.push(err(
                    "options-and-code-list",
                    &at("codeList"),
                    "give either `options` or `codeList`, not both".into(),
                )),
                (None, None) => d.push(err(
                    "choice-without-options",
                    ptr,
                    "a choice needs `options` or a `codeList`".into(),
                )),
                _ => {}
            }
            let (opts, opt_ptr) = match (&f.options, &f.code_list) {
                (Some(o), _) => (Some(o.clone()), at("options")),
                (None, Some(name)) => match self.code_lists.get(name) {
                    Some(cl) => (Some(cl.options.clone()), at("codeList")),
                    None => {
                        d.push(err(
                            "missing-code-list",
                            &at("codeList"),
                            format!("the code list `{name}` was not found"),
                        ));
                        (None, String::new())
                    }
                },
                _ => (None, String::new()),
            };
            if let Some(opts) = opts {
                if opts.is_empty() {
                    d.push(err(
                        "empty-options",
                        &opt_ptr,
                        "the list of options is empty".into(),
                    ));
                }
                let mut seen = BTreeSet::new();
                for (i, o) in opts.iter().enumerate() {
                    if cfg!(feature = "author-checks")
                        && o.value.trim().is_empty()
                        && f.options.is_some()
                    {
                        d.push(err(
                            "empty-option-value",
                            &format!("{opt_ptr}/{i}/value"),
                            "an option needs a `value`: an empty one counts as no answer".into(),
                        ));
                    }
                    if !seen.insert(o.value.as_str()) {
                        let p = if f.options.is_some() {
                            format!("{opt_ptr}/{i}/value")
                        } else {
                            opt_ptr.clone()
                        };
                        d.push(err(
                            "duplicate-option",
                            &p,
                            format!("the option value `{}` appears more than once", o.value),
                        ));
                    }
                }
                node.options = opts;
            }
        }
        if kind == FieldKind::Computed && f.expr.is_none() {
            d.push(err(
                "computed-without-expr",
                ptr,
                "a computed field needs an `expr`".into(),
            ));
        }
        if f.required && f.visible_if.as_deref().map(str::trim) == Some("false") {
            d.push(err(
                "required-never-visible",
                &at("required"),
                "the field is required but never visible (`visibleIf` is `false`)".into(),
            ));
        }
    }
}

#[cfg(feature = "author-checks")]
fn kind_name(kind: FieldKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Reference resolution (compile time and run time)
// ---------------------------------------------------------------------------------------------

/// A reference resolved from a container.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resolved {
    pub node: usize,
    /// How many of the target's repeat levels are the current entries of the context.
    pub bound: usize,
}

impl Form {
    /// The prefix of keys inside container `c` (`traeger.`, `plaetze[*].`).
    fn entry_prefix(&self, c: usize) -> String {
        let n = &self.nodes[c];
        match n.kind {
            ItemKind::Repeat => format!("{}[*].", n.key),
            _ => format!("{}.", n.key),
        }
    }

    /// Resolves `reference` as written inside `container` (None = root): the innermost enclosing
    /// group or repeat first, then outward to the root. Only fields and repeats can be named.
    pub(crate) fn resolve(&self, container: Option<usize>, reference: &str) -> Option<Resolved> {
        let reference = reference.strip_suffix("[*]").unwrap_or(reference);
        let mut c = container;
        loop {
            let prefix = c.map(|c| self.entry_prefix(c)).unwrap_or_default();
            let key = format!("{prefix}{reference}");
            if let Some(&n) = self.by_key.get(&key) {
                if matches!(self.nodes[n].kind, ItemKind::Field(_) | ItemKind::Repeat) {
                    let bound = c.map_or(0, |c| {
                        self.nodes[c].repeats.len()
                            + usize::from(self.nodes[c].kind == ItemKind::Repeat)
                    });
                    return Some(Resolved { node: n, bound });
                }
            }
            match c {
                None => return None,
                Some(x) => c = self.nodes[x].parent,
            }
        }
    }

    /// The container whose scope an item's own expressions are written in.
    fn container_of(&self, n: usize) -> Option<usize> {
        self.nodes[n].parent
    }

    fn ref_type(&self, container: Option<usize>, reference: &str) -> Option<Type> {
        let r = self.resolve(container, reference)?;
        let t = &self.nodes[r.node];
        let base = match t.kind {
            ItemKind::Repeat => Type::List(Box::new(Type::Any)),
            _ => t.ty.clone(),
        };
        Some(if t.repeats.len() > r.bound {
            match base {
                Type::List(inner) => Type::List(inner),
                other => Type::List(Box::new(other)),
            }
        } else {
            base
        })
    }
}

#[cfg(feature = "author-checks")]
impl Form {
    /// What the author of `reference` (written in `e`, inside `container`), which names
    /// nothing, most likely meant, when that is clear: a page id written before a field's
    /// name (`fahrt.anlass` for `anlass`), or the fields of a list named without `[*]`
    /// (`teilnehmende.fahrtkosten`). The reason, said after the message, and the hint.
    fn reference_advice(
        &self,
        container: Option<usize>,
        reference: &str,
        e: &Expr,
    ) -> Option<(String, String)> {
        let segs: Vec<&str> = reference.split('.').collect();
        // Tries `segs` with `[*]` after none, one, … of its names but the last; few names,
        // so few combinations.
        let find = |segs: &[&str]| -> Option<(String, Resolved)> {
            let n = segs.len();
            if n == 0 || n > 6 {
                return None;
            }
            let mut combos: Vec<u32> = (0..1u32 << (n - 1)).collect();
            combos.sort_by_key(|c| c.count_ones());
            combos.into_iter().find_map(|mask| {
                let mut cand = String::new();
                for (i, s) in segs.iter().enumerate() {
                    if i > 0 {
                        cand.push('.');
                    }
                    cand.push_str(s);
                    if mask & (1 << i) != 0 && !s.ends_with("[*]") {
                        cand.push_str("[*]");
                    }
                }
                let res = self.resolve(container, &cand)?;
                Some((cand, res))
            })
        };
        let page = segs
            .first()
            .filter(|s| segs.len() > 1 && self.def.pages.iter().any(|p| p.id == **s));
        let rest = if page.is_some() {
            &segs[1..]
        } else {
            &segs[..]
        };
        let (mut cand, res) = find(rest)?;
        let node = &self.nodes[res.node];
        // Inside an entry of the list, a shorter name means the field of the same entry.
        let mut same_entry = false;
        for start in 1..rest.len() {
            if let Some((short, r)) = find(&rest[start..]) {
                if r.node == res.node && r.bound >= node.repeats.len() {
                    cand = short;
                    same_entry = true;
                    break;
                }
            }
        }
        if let Some(page) = page {
            return Some((
                format!(
                    "`{page}` is the id of a page, and page ids are not part of a field's \
                     name"
                ),
                format!("write `{cand}`"),
            ));
        }
        if same_entry {
            let list = rest.first().copied().unwrap_or_default();
            return Some((
                format!(
                    "inside the list `{list}`, a field of the same entry is named without the \
                     list's id"
                ),
                format!("write `{cand}`"),
            ));
        }
        // The first list whose `[*]` is missing.
        let list = rest.iter().enumerate().find_map(|(i, s)| {
            let with = cand.split('.').nth(i)?;
            (with.ends_with("[*]") && !s.ends_with("[*]")).then_some(*s)
        })?;
        let why = format!(
            "`{list}` is a list (`repeat`): the answers of all its entries are named with `[*]`"
        );
        // As the argument of a function that takes a list, the list is what is meant.
        let mut in_list_function = false;
        e.root().walk(&mut |n| {
            if let expr::NodeKind::Call(f, args) = &n.kind {
                let takes_list = matches!(
                    f,
                    expr::Func::Sum
                        | expr::Func::Count
                        | expr::Func::Min
                        | expr::Func::Max
                        | expr::Func::Len
                        | expr::Func::Contains
                );
                let direct = args
                    .iter()
                    .take(if *f == expr::Func::Contains {
                        1
                    } else {
                        args.len()
                    })
                    .any(|a| matches!(&a.kind, expr::NodeKind::Ref(x) if x == reference));
                in_list_function |= takes_list && direct;
            }
        });
        let hint = if in_list_function {
            format!("write `{cand}`")
        } else if matches!(node.ty, Type::Number | Type::Money) {
            format!(
                "write `sum({cand})` for the total of all entries; `max({cand})` gives the \
                 largest, `count({cand})` the number of entries filled in"
            )
        } else {
            format!(
                "write `count({cand})` for how many entries are filled in, or \
                 `contains({cand}, …)` for whether one entry has that answer"
            )
        };
        Some((why, hint))
    }
}

struct CompileScope<'a> {
    form: &'a Form,
    container: Option<usize>,
    reported: &'a BTreeSet<String>,
}

impl expr::Scope for CompileScope<'_> {
    fn resolve(&self, reference: &str) -> Option<Type> {
        self.form
            .ref_type(self.container, reference)
            .or_else(|| self.reported.contains(reference).then_some(Type::Any))
    }

    #[cfg(feature = "author-checks")]
    fn options(&self, reference: &str) -> Option<Vec<String>> {
        let node = &self.form.nodes[self.form.resolve(self.container, reference)?.node];
        let choice = matches!(
            node.kind,
            ItemKind::Field(FieldKind::Choice | FieldKind::MultiChoice)
        );
        (choice && !node.options.is_empty())
            .then(|| node.options.iter().map(|o| o.value.clone()).collect())
    }
}

/// Which expression of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Visible,
    Enabled,
    Required,
    Computed,
    Rule,
}

// ---------------------------------------------------------------------------------------------
// Compile
// ---------------------------------------------------------------------------------------------

impl Form {
    /// The `codeList` names used by the form, sorted, each once (the caller loads these files).
    pub fn code_list_refs(def: &FormDefinition) -> Vec<String> {
        fn walk(items: &[Item], out: &mut BTreeSet<String>) {
            for it in items {
                if let Some((_, f)) = it.field() {
                    if let Some(c) = &f.code_list {
                        out.insert(c.clone());
                    }
                }
                walk(it.children(), out);
            }
        }
        let mut out = BTreeSet::new();
        for p in &def.pages {
            walk(&p.items, &mut out);
        }
        out.into_iter().collect()
    }

    /// Parses and compiles a form file. JSON errors become a single `json` diagnostic.
    pub fn from_json(src: &str, code_lists: &CodeLists) -> Result<Form, Vec<Diagnostic>> {
        match serde_json::from_str::<FormDefinition>(src) {
            Ok(def) => Form::compile(def, code_lists),
            Err(e) => {
                let mut d = err("json", "", format!("the form file is not valid: {e}"));
                d.line = e.line() as u32;
                d.column = e.column() as u32;
                Err(vec![d])
            }
        }
    }

    /// Compiles `def` with the *texts* of its code lists, keyed like [`Form::code_list_refs`]: as
    /// the server reads them from disk and the app fetches them. A missing text is reported by
    /// [`Form::compile`] as `missing-code-list`; a text that is no code list as
    /// `invalid-code-list`.
    pub fn compile_with_sources(
        def: FormDefinition,
        texts: &BTreeMap<String, String>,
    ) -> Result<Form, Vec<Diagnostic>> {
        let mut lists = CodeLists::new();
        let mut bad = Vec::new();
        for r in Form::code_list_refs(&def) {
            let Some(text) = texts.get(&r) else { continue };
            match serde_json::from_str::<CodeList>(text) {
                Ok(list) => {
                    lists.insert(r, list);
                }
                Err(e) => bad.push(err(
                    "invalid-code-list",
                    "",
                    format!("code list `{r}`: {e}"),
                )),
            }
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        Form::compile(def, &lists)
    }

    /// Compiles a definition. On errors returns every diagnostic (errors and warnings); on
    /// success the warnings are available from [`Form::warnings`].
    pub fn compile(def: FormDefinition, code_lists: &CodeLists) -> Result<Form, Vec<Diagnostic>> {
        let mut b = Builder {
            nodes: Vec::new(),
            by_key: BTreeMap::new(),
            diags: Vec::new(),
            code_lists,
        };
        if !is_semver(&def.version) {
            b.diags.push(err(
                "bad-version",
                "/version",
                format!("`{}` is not a semantic version like 1.0.0", def.version),
            ));
        }
        let id_ok = !def.id.is_empty()
            && def.id.len() <= 64
            && def
                .id
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
            && !def.id.starts_with('-');
        if !id_ok {
            b.diags.push(err(
                "bad-id",
                "/id",
                format!(
                    "the form id `{}` may only use lowercase letters, digits and `-`",
                    def.id
                ),
            ));
        }
        if def.pages.is_empty() {
            b.diags.push(err(
                "no-pages",
                "/pages",
                "a form needs at least one page".into(),
            ));
        }
        let mut page_ids = BTreeMap::new();
        let mut root_names = BTreeMap::new();
        let mut pages = Vec::new();
        for (p, page) in def.pages.iter().enumerate() {
            let ptr = format!("/pages/{p}");
            let pid_ok = !page.id.is_empty()
                && page.id.len() <= 64
                && page
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !pid_ok {
                b.diags.push(err(
                    "bad-id",
                    &format!("{ptr}/id"),
                    format!(
                        "the page id `{}` may only use ASCII letters, digits, `_` and `-` (no umlauts: `uebersicht`, not `übersicht`)",
                        page.id
                    ),
                ));
            }
            if let Some(first) = page_ids.insert(page.id.clone(), ptr.clone()) {
                b.diags.push(err(
                    "duplicate-id",
                    &format!("{ptr}/id"),
                    format!("the page id `{}` is already used at {first}", page.id),
                ));
            }
            if page.items.is_empty() {
                b.diags.push(err(
                    "page-without-items",
                    &format!("{ptr}/items"),
                    "a page needs at least one item".into(),
                ));
            }
            let items = b.items(&page.items, p, None, "", &ptr, &[p], &[], &mut root_names);
            pages.push(CPage {
                visible_if: None,
                items,
                asks: Vec::new(),
            });
        }
        let Builder {
            nodes,
            by_key,
            mut diags,
            ..
        } = b;
        let has_files = nodes
            .iter()
            .any(|n| n.kind == ItemKind::Field(FieldKind::File));
        for (n, node) in nodes.iter().enumerate() {
            let asks = matches!(node.kind, ItemKind::Field(_) | ItemKind::Repeat);
            if asks && node.repeats.is_empty() {
                if let Some(p) = pages.get_mut(node.page) {
                    p.asks.push(n);
                }
            }
        }
        let mut form = Form {
            def,
            nodes,
            by_key,
            pages,
            deps: BTreeMap::new(),
            warnings: Vec::new(),
            has_files,
        };
        form.compile_exprs(&mut diags);
        let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
        if has_errors {
            return Err(diags);
        }
        form.warnings = diags;
        Ok(form)
    }

    fn compile_exprs(&mut self, diags: &mut Vec<Diagnostic>) {
        // 1. Parse every expression and resolve its references.
        struct Parsed {
            owner: Option<usize>, // None = page
            page: usize,
            slot: Slot,
            rule: usize,
            when: bool,
            pointer: String,
            expr: Expr,
            container: Option<usize>,
        }
        let mut parsed: Vec<Parsed> = Vec::new();
        #[allow(clippy::type_complexity)]
        let mut sources: Vec<(Option<usize>, usize, Slot, usize, bool, String, String)> =
            Vec::new();
        for (p, page) in self.def.pages.iter().enumerate() {
            if let Some(s) = &page.visible_if {
                sources.push((
                    None,
                    p,
                    Slot::Visible,
                    0,
                    false,
                    format!("/pages/{p}/visibleIf"),
                    s.clone(),
                ));
            }
        }
        for (n, node) in self.nodes.iter().enumerate() {
            let item = self.item_at(&node.loc);
            let ptr = &node.pointer;
            if let Some(s) = item.and_then(Item::visible_if) {
                sources.push((
                    Some(n),
                    node.page,
                    Slot::Visible,
                    0,
                    false,
                    format!("{ptr}/visibleIf"),
                    s.to_string(),
                ));
            }
            if let Some((_, f)) = item.and_then(Item::field) {
                if let Some(s) = &f.enabled_if {
                    sources.push((
                        Some(n),
                        node.page,
                        Slot::Enabled,
                        0,
                        false,
                        format!("{ptr}/enabledIf"),
                        s.clone(),
                    ));
                }
                if let Some(s) = &f.required_if {
                    sources.push((
                        Some(n),
                        node.page,
                        Slot::Required,
                        0,
                        false,
                        format!("{ptr}/requiredIf"),
                        s.clone(),
                    ));
                }
                if let Some(s) = &f.expr {
                    sources.push((
                        Some(n),
                        node.page,
                        Slot::Computed,
                        0,
                        false,
                        format!("{ptr}/expr"),
                        s.clone(),
                    ));
                }
                for (i, r) in f.rules.iter().enumerate() {
                    if let Some(w) = &r.when {
                        sources.push((
                            Some(n),
                            node.page,
                            Slot::Rule,
                            i,
                            true,
                            format!("{ptr}/rules/{i}/when"),
                            w.clone(),
                        ));
                    }
                    sources.push((
                        Some(n),
                        node.page,
                        Slot::Rule,
                        i,
                        false,
                        format!("{ptr}/rules/{i}/check"),
                        r.check.clone(),
                    ));
                }
            }
        }
        let mut reported: BTreeSet<String> = BTreeSet::new();
        for (owner, page, slot, rule, when, pointer, src) in sources {
            match expr::parse(&src) {
                Ok(e) => {
                    let container = owner.and_then(|o| self.container_of(o));
                    for r in e.references() {
                        if self.resolve(container, &r).is_none() {
                            let mut d = err(
                                "dangling-reference",
                                &pointer,
                                format!("`{r}` does not name a field or repeat of this form"),
                            );
                            let names = self.nodes.iter().filter(|n| {
                                matches!(n.kind, ItemKind::Field(_) | ItemKind::Repeat)
                            });
                            let cands: Vec<&str> = names.map(|n| n.key.as_str()).collect();
                            if let Some(s) = expr::suggest(&r, cands.iter().copied()) {
                                d.hint = Some(format!("did you mean `{s}`?"));
                            }
                            #[cfg(feature = "author-checks")]
                            if let Some((why, hint)) = self.reference_advice(container, &r, &e) {
                                d.message = format!("{}: {why}", d.message);
                                d.hint = Some(hint);
                            }
                            diags.push(d);
                            reported.insert(r);
                        }
                    }
                    parsed.push(Parsed {
                        owner,
                        page,
                        slot,
                        rule,
                        when,
                        pointer,
                        expr: e,
                        container,
                    });
                }
                Err(e) => {
                    let mut d = err("expr-syntax", &pointer, e.message.clone());
                    d.hint = Some(format!("in `{src}` at byte {}", e.offset));
                    diags.push(d);
                }
            }
        }
        // 2. Types of computed fields without `format` (a few rounds reach a fixpoint).
        for _ in 0..4 {
            let mut changed = false;
            for p in parsed.iter().filter(|p| p.slot == Slot::Computed) {
                let Some(o) = p.owner else { continue };
                let has_format = self
                    .item_at(&self.nodes[o].loc)
                    .and_then(Item::field)
                    .is_some_and(|(_, f)| f.format.is_some());
                if has_format {
                    continue;
                }
                let scope = CompileScope {
                    form: self,
                    container: p.container,
                    reported: &reported,
                };
                if let Ok(t) = expr::check(&p.expr, &scope) {
                    let t = if t == Type::Null { Type::Any } else { t };
                    if self.nodes[o].ty != t {
                        self.nodes[o].ty = t;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // 3. Type-check every expression.
        for p in &parsed {
            let scope = CompileScope {
                form: self,
                container: p.container,
                reported: &reported,
            };
            match expr::check(&p.expr, &scope) {
                Err(errors) => {
                    for e in errors {
                        let mut d = err("expr-type", &p.pointer, e.message.clone());
                        d.hint = Some(format!("in `{}` at byte {}", p.expr.source(), e.offset));
                        diags.push(d);
                    }
                }
                Ok(t) => {
                    let ok = if p.slot == Slot::Computed {
                        let o = p.owner.unwrap_or(0);
                        let want = self.nodes[o].ty.clone();
                        compatible(&want, &t)
                    } else {
                        matches!(t, Type::Bool | Type::Any)
                    };
                    if !ok {
                        let what = if p.slot == Slot::Computed {
                            format!(
                                "the value must fit the `format` ({}), but it is {t}",
                                self.nodes[p.owner.unwrap_or(0)].ty
                            )
                        } else {
                            format!("a condition must be yes/no, but this is {t}")
                        };
                        diags.push(err("expr-type", &p.pointer, what));
                    }
                }
            }
        }
        // 4. Store the expressions.
        for p in &parsed {
            match p.owner {
                None => {
                    if let Some(page) = self.pages.get_mut(p.page) {
                        page.visible_if = Some(p.expr.clone());
                    }
                }
                Some(o) => {
                    let node = &mut self.nodes[o];
                    match p.slot {
                        Slot::Visible => node.visible_if = Some(p.expr.clone()),
                        Slot::Enabled => node.enabled_if = Some(p.expr.clone()),
                        Slot::Required => node.required_if = Some(p.expr.clone()),
                        Slot::Computed => node.expr = Some(p.expr.clone()),
                        Slot::Rule => {}
                    }
                }
            }
        }
        for (n, node) in self.nodes.clone().iter().enumerate() {
            let Some((_, f)) = self.item_at(&node.loc).and_then(Item::field) else {
                continue;
            };
            let mut rules = Vec::new();
            for (i, r) in f.rules.iter().enumerate() {
                let find = |when: bool| {
                    parsed
                        .iter()
                        .find(|p| {
                            p.owner == Some(n)
                                && p.slot == Slot::Rule
                                && p.rule == i
                                && p.when == when
                        })
                        .map(|p| p.expr.clone())
                };
                if let Some(check) = find(false) {
                    rules.push(CRule {
                        when: if r.when.is_some() { find(true) } else { None },
                        check,
                        code: r.code.clone().unwrap_or_else(|| "rule".into()),
                        index: i,
                    });
                }
            }
            self.nodes[n].rules = rules;
        }
        // 5. Dependency graph: value edges (visibleIf, computed expr) for cycles; readers for
        //    `dependents`.
        let count = self.nodes.len();
        let page_node = |p: usize| count + p;
        let mut edges: Vec<Vec<(usize, Option<String>)>> =
            vec![Vec::new(); count + self.pages.len()];
        for (n, node) in self.nodes.iter().enumerate() {
            edges[n].push((node.parent.unwrap_or(page_node(node.page)), None));
        }
        // readers[target node] = (reader node, slot)
        let mut readers: Vec<Vec<(usize, Slot)>> = vec![Vec::new(); count];
        for p in &parsed {
            let from = p.owner.unwrap_or(page_node(p.page));
            for r in p.expr.references() {
                let Some(res) = self.resolve(p.container, &r) else {
                    continue;
                };
                if matches!(p.slot, Slot::Visible | Slot::Computed) {
                    edges[from].push((res.node, Some(p.pointer.clone())));
                }
                if let Some(o) = p.owner {
                    let t = &self.nodes[res.node];
                    readers[res.node].push((o, p.slot));
                    for &rep in &t.repeats[res.bound.min(t.repeats.len())..] {
                        readers[rep].push((o, p.slot));
                    }
                }
            }
        }
        diags.extend(find_cycles(&edges, |n| {
            if n < count {
                self.nodes[n].key.clone()
            } else {
                let p = n - count;
                match self.def.pages.get(p) {
                    Some(page) => format!("page `{}`", page.id),
                    None => format!("page {}", p + 1),
                }
            }
        }));
        // dependents: closure through computed fields and visibility, as node indices first.
        // Plain vectors indexed by node (marked with the start node), not sets: this runs for
        // every node of every form the browser opens.
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut visited = vec![usize::MAX; count];
        for start in 0..count {
            let mut queue = vec![start];
            visited[start] = start;
            while let Some(k) = queue.pop() {
                for &(reader, slot) in &readers[k] {
                    if reader != start {
                        deps[start].push(reader);
                    }
                    let propagate: Vec<usize> = match slot {
                        Slot::Computed => vec![reader],
                        Slot::Visible => self.descendants(reader),
                        _ => vec![],
                    };
                    for x in propagate {
                        if visited[x] != start {
                            visited[x] = start;
                            queue.push(x);
                        }
                    }
                }
            }
        }
        // Pages: a page's visibleIf hides every item of the page.
        for (p, page) in self.pages.iter().enumerate() {
            let Some(e) = &page.visible_if else { continue };
            let mut affected = Vec::new();
            for &top in &page.items {
                affected.extend(self.descendants(top));
            }
            for r in e.references() {
                if let Some(res) = self.resolve(None, &r) {
                    deps[res.node].extend(&affected);
                }
            }
            let _ = p;
        }
        // In form order, once each (sorting plain indices: the wasm has that sort anyway).
        self.deps = BTreeMap::new();
        for (n, mut list) in deps.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            list.sort_unstable();
            list.dedup();
            let keys = list.iter().map(|&d| self.nodes[d].key.clone()).collect();
            self.deps.insert(self.nodes[n].key.clone(), keys);
        }
        // 6. Required fields that can never be shown (constant false visibleIf).
        for node in &self.nodes {
            let Some(e) = &node.visible_if else { continue };
            let Some((_, f)) = self.item_at(&node.loc).and_then(Item::field) else {
                continue;
            };
            if f.required
                && e.references().is_empty()
                && !e.uses_today()
                && e.source().trim() != "false"
                && !expr::eval(e, &NullEnv).truthy()
            {
                diags.push(err(
                    "required-never-visible",
                    &format!("{}/required", node.pointer),
                    "the field is required but its `visibleIf` never holds".into(),
                ));
            }
        }
    }

    /// `n` and every item below it.
    pub(crate) fn descendants(&self, n: usize) -> Vec<usize> {
        let mut out = vec![n];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.nodes[out[i]].children.iter().copied());
            i += 1;
        }
        out
    }

    pub(crate) fn item_at(&self, loc: &[usize]) -> Option<&Item> {
        let (&p, rest) = loc.split_first()?;
        let page: &Page = self.def.pages.get(p)?;
        let (&first, rest) = rest.split_first()?;
        let mut item = page.items.get(first)?;
        for &i in rest {
            item = item.children().get(i)?;
        }
        Some(item)
    }
}

struct NullEnv;
impl Env for NullEnv {
    fn lookup(&self, _: &str) -> Value {
        Value::Null
    }
    fn today(&self) -> Date {
        Date {
            year: 2000,
            month: 1,
            day: 1,
        }
    }
}

fn compatible(want: &Type, got: &Type) -> bool {
    match (want, got) {
        (Type::Any, _) | (_, Type::Any) | (_, Type::Null) => true,
        (Type::Text, _) => true,
        (Type::Money, Type::Number) => true,
        (a, b) => a == b,
    }
}

/// Every cycle among `edges` (each reported once, at the expression that closes it).
fn find_cycles(
    edges: &[Vec<(usize, Option<String>)>],
    name: impl Fn(usize) -> String,
) -> Vec<Diagnostic> {
    let n = edges.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut out = Vec::new();
    // Few cycles, if any: a list is enough (and one map type less in the wasm).
    let mut seen_sets: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        // Iterative DFS: stack of (node, next edge index, pointer of the edge that led here).
        let mut stack: Vec<(usize, usize, Option<String>)> = vec![(start, 0, None)];
        state[start] = 1;
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if top.1 < edges[v].len() {
                let (w, ptr) = &edges[v][top.1];
                top.1 += 1;
                let w = *w;
                if w >= n {
                    continue;
                }
                if state[w] == 0 {
                    state[w] = 1;
                    stack.push((w, 0, ptr.clone()));
                } else if state[w] == 1 {
                    let pos = stack.iter().position(|f| f.0 == w).unwrap_or(0);
                    let members: Vec<usize> = stack[pos..].iter().map(|f| f.0).collect();
                    let pointer = ptr
                        .clone()
                        .or_else(|| stack[pos + 1..].iter().find_map(|f| f.2.clone()))
                        .unwrap_or_default();
                    let mut set = members.clone();
                    set.sort_unstable();
                    if !seen_sets.contains(&set) {
                        seen_sets.push(set);
                        let mut chain: Vec<String> = members.iter().map(|m| name(*m)).collect();
                        chain.push(name(w));
                        out.push(err(
                            "cycle",
                            &pointer,
                            format!(
                                "these values depend on each other in a circle: {}",
                                chain.join(" → ")
                            ),
                        ));
                    }
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Evaluation against answers
// ---------------------------------------------------------------------------------------------

/// How answer values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// As typed (`"1.234,56"`, `"01.09.2026"`): the answers of the app.
    Raw,
    /// Normalized (`"1234.56"`, `"2026-09-01"`, integers as JSON numbers): a payload.
    Canonical,
}

/// Evaluates conditions and values for one set of answers, with caches.
pub(crate) struct Eval<'a> {
    pub form: &'a Form,
    pub answers: &'a Json,
    pub ctx: &'a Ctx,
    pub mode: Mode,
    vis: RefCell<HashMap<(usize, Vec<usize>), bool>>,
    vals: RefCell<HashMap<(usize, Vec<usize>), Value>>,
    pages: RefCell<HashMap<usize, bool>>,
    depth: Cell<u32>,
}

const MAX_EVAL_DEPTH: u32 = 64;

struct ExprEnv<'e, 'a> {
    ev: &'e Eval<'a>,
    container: Option<usize>,
    idx: &'e [usize],
}

impl Env for ExprEnv<'_, '_> {
    fn lookup(&self, reference: &str) -> Value {
        self.ev.lookup(self.container, self.idx, reference)
    }
    fn today(&self) -> Date {
        self.ev.ctx.today
    }
}

/// Parses an instance path into its node and entry indices.
pub(crate) fn parse_path(form: &Form, path: &str) -> Option<(usize, Vec<usize>)> {
    let mut idx = Vec::new();
    let mut key = String::new();
    for (i, seg) in path.split('.').enumerate() {
        if i > 0 {
            key.push('.');
        }
        match seg.split_once('[') {
            Some((name, rest)) => {
                let num = rest.strip_suffix(']')?;
                if num.is_empty() || num.len() > 6 || !num.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                idx.push(num.parse::<usize>().ok()?);
                key.push_str(name);
                key.push_str("[*]");
            }
            None => key.push_str(seg),
        }
    }
    let key = match form.by_key.get(&key) {
        Some(_) => key,
        None => key.strip_suffix("[*]")?.to_string(),
    };
    let &n = form.by_key.get(&key)?;
    let depth = form.nodes[n].repeats.len();
    if idx.len() == depth + 1 && form.nodes[n].kind == ItemKind::Repeat {
        idx.pop();
    }
    (idx.len() == depth).then_some((n, idx))
}

/// The instance path of node `n` with entry indices `idx`.
pub(crate) fn instance_path(form: &Form, n: usize, idx: &[usize]) -> String {
    let mut out = String::new();
    let mut k = 0;
    let key = &form.nodes[n].key;
    let mut rest = key.as_str();
    while let Some(pos) = rest.find("[*]") {
        out.push_str(&rest[..pos]);
        out.push_str(&format!("[{}]", idx.get(k).copied().unwrap_or(0)));
        k += 1;
        rest = &rest[pos + 3..];
    }
    out.push_str(rest);
    out
}

fn json_dec(v: &Json) -> Option<Dec> {
    match v {
        Json::Number(n) => Dec::parse_canonical(&n.to_string()),
        _ => None,
    }
}

impl<'a> Eval<'a> {
    pub fn new(form: &'a Form, answers: &'a Json, ctx: &'a Ctx, mode: Mode) -> Eval<'a> {
        Eval {
            form,
            answers,
            ctx,
            mode,
            vis: RefCell::default(),
            vals: RefCell::default(),
            pages: RefCell::default(),
            depth: Cell::new(0),
        }
    }

    fn enter(&self) -> bool {
        let d = self.depth.get();
        if d >= MAX_EVAL_DEPTH {
            return false;
        }
        self.depth.set(d + 1);
        true
    }
    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    /// Evaluates `e` written in the scope of `container` at entries `idx`.
    pub fn eval(&self, e: &Expr, container: Option<usize>, idx: &[usize]) -> Value {
        if !self.enter() {
            return Value::Null;
        }
        let v = expr::eval(
            e,
            &ExprEnv {
                ev: self,
                container,
                idx,
            },
        );
        self.leave();
        v
    }

    fn cond(
        &self,
        e: &Option<Expr>,
        container: Option<usize>,
        idx: &[usize],
        default: bool,
    ) -> bool {
        match e {
            None => default,
            Some(e) => self.eval(e, container, idx) == Value::Bool(true),
        }
    }

    pub fn page_visible(&self, p: usize) -> bool {
        if let Some(&v) = self.pages.borrow().get(&p) {
            return v;
        }
        let Some(page) = self.form.pages.get(p) else {
            return false;
        };
        let v = self.cond(&page.visible_if, None, &[], true);
        self.pages.borrow_mut().insert(p, v);
        v
    }

    /// Visible: the page, every ancestor and the item itself.
    pub fn visible(&self, n: usize, idx: &[usize]) -> bool {
        let key = (n, idx.to_vec());
        if let Some(&v) = self.vis.borrow().get(&key) {
            return v;
        }
        let node = &self.form.nodes[n];
        let own_idx = &idx[..node.repeats.len().min(idx.len())];
        let v = match node.parent {
            None => self.page_visible(node.page),
            Some(p) => {
                let pidx = &idx[..self.form.nodes[p].repeats.len().min(idx.len())];
                self.visible(p, pidx)
            }
        } && self.cond(&node.visible_if, node.parent, own_idx, true);
        self.vis.borrow_mut().insert(key, v);
        v
    }

    pub fn enabled(&self, n: usize, idx: &[usize]) -> bool {
        let node = &self.form.nodes[n];
        self.cond(&node.enabled_if, node.parent, idx, true)
    }

    pub fn required(&self, n: usize, idx: &[usize]) -> bool {
        let node = &self.form.nodes[n];
        let fixed = self.form.field(n).is_some_and(|(_, f)| f.required);
        fixed || self.cond(&node.required_if, node.parent, idx, false)
    }

    /// The raw JSON at node `n`, entries `idx`.
    pub fn raw(&self, n: usize, idx: &[usize]) -> Option<&'a Json> {
        let mut chain = Vec::new();
        let mut c = Some(n);
        while let Some(x) = c {
            chain.push(x);
            c = self.form.nodes[x].parent;
        }
        chain.reverse();
        let mut cur = self.answers;
        let mut k = 0;
        for &x in &chain {
            let node = &self.form.nodes[x];
            cur = cur.as_object()?.get(&node.name)?;
            if node.kind == ItemKind::Repeat && x != n {
                cur = cur.as_array()?.get(*idx.get(k)?)?;
                k += 1;
            }
        }
        Some(cur)
    }

    /// Number of entries of repeat `n` (capped at [`HARD_MAX_ENTRIES`]).
    pub fn entries(&self, n: usize, idx: &[usize]) -> usize {
        self.raw(n, idx)
            .and_then(Json::as_array)
            .map_or(0, |a| a.len().min(HARD_MAX_ENTRIES))
    }

    /// The typed value of node `n` at `idx` (`Null` when hidden, empty or not parseable).
    pub fn value(&self, n: usize, idx: &[usize]) -> Value {
        let key = (n, idx.to_vec());
        if let Some(v) = self.vals.borrow().get(&key) {
            return v.clone();
        }
        let v = if !self.visible(n, idx) {
            Value::Null
        } else {
            self.value_unchecked(n, idx)
        };
        self.vals.borrow_mut().insert(key, v.clone());
        v
    }

    /// The value regardless of visibility.
    pub fn value_unchecked(&self, n: usize, idx: &[usize]) -> Value {
        let node = &self.form.nodes[n];
        match node.kind {
            ItemKind::Content | ItemKind::Group => Value::Null,
            ItemKind::Repeat => {
                let count = self.entries(n, idx);
                Value::List(vec![Value::Bool(true); count])
            }
            ItemKind::Field(FieldKind::Computed) => match &node.expr {
                Some(e) => {
                    let v = self.eval(e, node.parent, idx);
                    let format = self.form.field(n).and_then(|(_, f)| f.format);
                    match (format, v) {
                        (Some(ValueFormat::Money), Value::Number(d)) => Value::Money(d.round_to(2)),
                        (Some(ValueFormat::Money), Value::Money(d)) => Value::Money(d.round_to(2)),
                        (Some(ValueFormat::Integer), Value::Number(d)) => {
                            Value::Number(d.round_to(0))
                        }
                        (_, v) => v,
                    }
                }
                None => Value::Null,
            },
            ItemKind::Field(kind) => match self.raw(n, idx) {
                Some(raw) => self.convert(n, kind, raw),
                None => Value::Null,
            },
        }
    }

    /// Converts one answer to a typed value.
    pub fn convert(&self, n: usize, kind: FieldKind, raw: &Json) -> Value {
        let text = || raw.as_str().map(str::trim).filter(|s| !s.is_empty());
        let canonical = self.mode == Mode::Canonical;
        match kind {
            FieldKind::Text
            | FieldKind::Textarea
            | FieldKind::Email
            | FieldKind::Phone
            | FieldKind::Postcode
            | FieldKind::Choice => text().map_or(Value::Null, |s| Value::Text(s.to_string())),
            FieldKind::Iban => text().map_or(Value::Null, |s| {
                Value::Text(crate::formats::normalize_iban(s))
            }),
            FieldKind::Integer | FieldKind::Decimal | FieldKind::Money => {
                let places = match kind {
                    FieldKind::Integer => 0,
                    FieldKind::Money => 2,
                    _ => self
                        .form
                        .field(n)
                        .and_then(|(_, f)| f.decimals)
                        .unwrap_or(2)
                        .min(6),
                };
                let d = match raw {
                    Json::Number(_) if kind == FieldKind::Integer || !canonical => json_dec(raw),
                    Json::String(s) if canonical && kind != FieldKind::Integer => {
                        Dec::parse_canonical(s)
                    }
                    Json::String(s) if !canonical => Dec::parse_input(s, places),
                    _ => None,
                };
                match d {
                    Some(d) if d.places_used() <= places => {
                        if kind == FieldKind::Money {
                            Value::Money(d)
                        } else {
                            Value::Number(d)
                        }
                    }
                    _ => Value::Null,
                }
            }
            FieldKind::Date => {
                let d = raw.as_str().and_then(|s| {
                    if canonical {
                        Date::parse_iso(s)
                    } else {
                        Date::parse_input(s)
                    }
                });
                d.map_or(Value::Null, Value::Date)
            }
            FieldKind::YesNo | FieldKind::Consent => raw.as_bool().map_or(Value::Null, Value::Bool),
            FieldKind::MultiChoice => match raw.as_array() {
                Some(a) => Value::List(
                    a.iter()
                        .take(HARD_MAX_ENTRIES)
                        .filter_map(|v| v.as_str().map(|s| Value::Text(s.to_string())))
                        .collect(),
                ),
                None => Value::Null,
            },
            FieldKind::File => match raw.as_array() {
                Some(a) => Value::List(
                    a.iter()
                        .take(HARD_MAX_ENTRIES)
                        .filter_map(|v| v.get("name").and_then(Json::as_str))
                        .map(|s| Value::Text(s.to_string()))
                        .collect(),
                ),
                None => Value::Null,
            },
            FieldKind::Computed => Value::Null,
        }
    }

    /// Resolves a reference from `container` at entries `idx`.
    pub fn lookup(&self, container: Option<usize>, idx: &[usize], reference: &str) -> Value {
        let Some(r) = self.form.resolve(container, reference) else {
            return Value::Null;
        };
        let target = &self.form.nodes[r.node];
        let bound = r.bound.min(idx.len()).min(target.repeats.len());
        if target.repeats.len() == bound {
            return self.value(r.node, &idx[..bound]);
        }
        let mut out = Vec::new();
        let mut cur = idx[..bound].to_vec();
        self.expand(r.node, bound, &mut cur, &mut out);
        Value::List(out)
    }

    fn expand(&self, n: usize, level: usize, cur: &mut Vec<usize>, out: &mut Vec<Value>) {
        let reps = &self.form.nodes[n].repeats;
        if level == reps.len() {
            match self.value(n, cur) {
                Value::List(items) if self.form.nodes[n].kind != ItemKind::Repeat => {
                    out.extend(items)
                }
                v => out.push(v),
            }
            return;
        }
        let rep = reps[level];
        let count = self.entries(rep, cur);
        for i in 0..count {
            if out.len() >= HARD_MAX_ENTRIES * 4 {
                return;
            }
            cur.push(i);
            self.expand(n, level + 1, cur, out);
            cur.pop();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Public queries
// ---------------------------------------------------------------------------------------------

fn group_digits(int: &str, sep: char) -> String {
    let mut out = String::new();
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (len - i).rem_euclid(3) == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A number for people: `12.345,5` (de) or `12,345.5` (en) with exactly `places` places.
///
/// Digits are grouped from five on (`12.345`, `2026`): a four-digit number such as a year reads
/// better without a separator, and both styles are correct (DIN 5008). Amounts of money are
/// always grouped ([`format_money`]).
pub fn format_number(d: Dec, places: u8, locale: Locale) -> String {
    format_grouped(d, places, locale, 5)
}

fn format_grouped(d: Dec, places: u8, locale: Locale, group_from: usize) -> String {
    let canon = d.to_canonical(places);
    let (neg, body) = match canon.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, canon.as_str()),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let (ts, ds) = match locale {
        Locale::De => ('.', ','),
        Locale::En => (',', '.'),
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if int.len() >= group_from {
        out.push_str(&group_digits(int, ts));
    } else {
        out.push_str(int);
    }
    if !frac.is_empty() {
        out.push(ds);
        out.push_str(frac);
    }
    out
}

/// An amount for people: `1.234,50 €` (de) or `€1,234.50` (en).
pub fn format_money(d: Dec, locale: Locale) -> String {
    let s = format_grouped(d, 2, locale, 4);
    match locale {
        Locale::De => format!("{s}\u{a0}€"),
        Locale::En => match s.strip_prefix('-') {
            Some(abs) => format!("-€{abs}"),
            None => format!("€{s}"),
        },
    }
}

/// A date for people: `01.09.2026` (de) or `1 September 2026` (en).
pub fn format_date(d: Date, locale: Locale) -> String {
    match locale {
        Locale::De => d.to_german(),
        Locale::En => format!(
            "{} {} {}",
            d.day,
            crate::value::MONTHS_EN[(d.month.clamp(1, 12) - 1) as usize],
            d.year
        ),
    }
}

impl Form {
    pub fn def(&self) -> &FormDefinition {
        &self.def
    }

    /// Warnings of the author checks (the form compiled nevertheless).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Whether the form has file fields (then it is sent as multipart).
    pub fn has_files(&self) -> bool {
        self.has_files
    }

    /// The field at node `n`.
    pub(crate) fn field(&self, n: usize) -> Option<(FieldKind, &Field)> {
        self.item_at(&self.nodes.get(n)?.loc).and_then(Item::field)
    }

    fn node_of(&self, key_or_path: &str) -> Option<usize> {
        self.by_key
            .get(key_or_path)
            .or_else(|| self.by_key.get(&template_key(key_or_path)))
            .copied()
    }

    /// The item of a template key or instance path.
    pub fn item(&self, key_or_path: &str) -> Option<&Item> {
        self.item_at(&self.nodes[self.node_of(key_or_path)?].loc)
    }

    /// What the item of a template key or instance path is.
    pub fn kind(&self, key_or_path: &str) -> Option<ItemKind> {
        Some(self.nodes[self.node_of(key_or_path)?].kind)
    }

    /// The JSON pointer of the item in the form file.
    pub fn pointer(&self, key_or_path: &str) -> Option<&str> {
        Some(&self.nodes[self.node_of(key_or_path)?].pointer)
    }

    /// Template keys of all items, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.nodes.iter().map(|n| n.key.as_str())
    }

    /// Template keys of the top-level items of a page.
    pub fn page_keys(&self, page: usize) -> Vec<&str> {
        self.pages
            .get(page)
            .map(|p| {
                p.items
                    .iter()
                    .map(|&n| self.nodes[n].key.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The answers of choice fields that choose an option this form does not offer (a draft
    /// saved with an earlier version that offered it), in every list entry and whether shown or
    /// not: each one's path and the answer to keep instead (`None`: no answer; for a list of
    /// boxes the boxes still offered, each once, if any). Such an answer shows as nothing chosen
    /// while it would still be judged, so it is to be taken out and answered again.
    pub fn unoffered_choices(&self, answers: &Json) -> Vec<(String, Option<Json>)> {
        let mut out = Vec::new();
        for (n, node) in self.nodes.iter().enumerate() {
            if node.parent.is_none() {
                self.unoffered_in(n, answers.get(&node.name), &node.name, &mut out);
            }
        }
        out
    }

    fn unoffered_in(
        &self,
        n: usize,
        value: Option<&Json>,
        path: &str,
        out: &mut Vec<(String, Option<Json>)>,
    ) {
        let Some(value) = value else { return };
        let node = &self.nodes[n];
        // As validation compares them (a value with spaces around it is still that option).
        let offered = |v: &str| node.options.iter().any(|o| o.value == v.trim());
        match node.kind {
            ItemKind::Group => {
                for &c in &node.children {
                    let name = &self.nodes[c].name;
                    self.unoffered_in(c, value.get(name), &format!("{path}.{name}"), out);
                }
            }
            ItemKind::Repeat => {
                let entries = value.as_array().map(Vec::as_slice).unwrap_or_default();
                for (i, entry) in entries.iter().enumerate().take(HARD_MAX_ENTRIES) {
                    for &c in &node.children {
                        let name = &self.nodes[c].name;
                        let p = format!("{path}[{i}].{name}");
                        self.unoffered_in(c, entry.get(name), &p, out);
                    }
                }
            }
            ItemKind::Field(FieldKind::Choice) if value.as_str().is_some_and(|v| !offered(v)) => {
                out.push((path.to_string(), None));
            }
            ItemKind::Field(FieldKind::MultiChoice) => {
                let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
                let gone = |it: &Json| it.as_str().is_some_and(|v| !offered(v));
                if items.iter().any(gone) {
                    let mut kept: Vec<Json> = Vec::new();
                    for it in items.iter().filter(|it| !gone(it)) {
                        if !kept.contains(it) {
                            kept.push(it.clone());
                        }
                    }
                    out.push((
                        path.to_string(),
                        (!kept.is_empty()).then_some(Json::Array(kept)),
                    ));
                }
            }
            _ => {}
        }
    }

    /// The label of an item in `locale` (empty for content).
    pub fn label(&self, key_or_path: &str, locale: Locale) -> String {
        self.node_of(key_or_path)
            .map(|n| self.label_of(n, locale))
            .unwrap_or_default()
    }

    pub(crate) fn label_of(&self, n: usize, locale: Locale) -> String {
        self.label_text(n)
            .map(|t| t.get(locale).to_string())
            .unwrap_or_default()
    }

    /// The label of node `n` (a group's, a repeat's, a field's), if it has one.
    pub(crate) fn label_text(&self, n: usize) -> Option<&crate::model::Text> {
        match self.item_at(&self.nodes[n].loc)? {
            Item::Group(g) => g.label.as_ref(),
            Item::Repeat(r) => Some(&r.label),
            it => it.field().map(|(_, f)| &f.label),
        }
    }

    /// Options of a choice (inline or from its code list); empty for other items.
    pub fn options(&self, key: &str) -> &[ChoiceOption] {
        self.node_of(key)
            .map(|n| self.nodes[n].options.as_slice())
            .unwrap_or(&[])
    }

    /// Number of entries of a repeat instance (`plaetze`, `eltern[0].kinder`).
    pub fn entry_count(&self, path: &str, answers: &Json) -> usize {
        let ctx = Ctx {
            today: Date {
                year: 2000,
                month: 1,
                day: 1,
            },
            locale: Locale::De,
        };
        match parse_path(self, path) {
            Some((n, idx)) if self.nodes[n].kind == ItemKind::Repeat => {
                Eval::new(self, answers, &ctx, Mode::Raw).entries(n, &idx)
            }
            _ => 0,
        }
    }

    /// Whether the page's `visibleIf` holds (true without one).
    pub fn page_visible(&self, page: usize, answers: &Json, ctx: &Ctx) -> bool {
        Eval::new(self, answers, ctx, Mode::Raw).page_visible(page)
    }

    /// The pages that are steps for the citizen, in order: visible, and asking something now.
    /// A page whose every field and list is hidden by its own condition would be an empty step
    /// (perhaps with an introduction); it is skipped like a page whose `visibleIf` does not
    /// hold. A page that asks nothing at all (texts alone) is a step.
    pub fn pages_shown(&self, answers: &Json, ctx: &Ctx) -> Vec<usize> {
        let ev = Eval::new(self, answers, ctx, Mode::Raw);
        (0..self.pages.len())
            .filter(|&p| {
                let asks = &self.pages[p].asks;
                ev.page_visible(p) && (asks.is_empty() || asks.iter().any(|&n| ev.visible(n, &[])))
            })
            .collect()
    }

    /// Whether the item at an instance path is shown (its page, its ancestors and itself).
    pub fn is_visible(&self, path: &str, answers: &Json, ctx: &Ctx) -> bool {
        match parse_path(self, path) {
            Some((n, idx)) => Eval::new(self, answers, ctx, Mode::Raw).visible(n, &idx),
            None => false,
        }
    }

    /// Whether the field at an instance path is editable.
    pub fn is_enabled(&self, path: &str, answers: &Json, ctx: &Ctx) -> bool {
        match parse_path(self, path) {
            Some((n, idx)) => Eval::new(self, answers, ctx, Mode::Raw).enabled(n, &idx),
            None => false,
        }
    }

    /// Whether the field at an instance path must be answered (`required` or `requiredIf`).
    pub fn is_required(&self, path: &str, answers: &Json, ctx: &Ctx) -> bool {
        match parse_path(self, path) {
            Some((n, idx)) => Eval::new(self, answers, ctx, Mode::Raw).required(n, &idx),
            None => false,
        }
    }

    /// The value of a computed field (`None` when hidden, empty or not a computed field).
    pub fn computed(&self, path: &str, answers: &Json, ctx: &Ctx) -> Option<Value> {
        let (n, idx) = parse_path(self, path)?;
        if self.nodes[n].kind != ItemKind::Field(FieldKind::Computed) {
            return None;
        }
        match Eval::new(self, answers, ctx, Mode::Raw).value(n, &idx) {
            Value::Null => None,
            v => Some(v),
        }
    }

    /// The typed value of any field instance as expressions see it (`Null` when hidden).
    pub fn value(&self, path: &str, answers: &Json, ctx: &Ctx) -> Value {
        match parse_path(self, path) {
            Some((n, idx)) => Eval::new(self, answers, ctx, Mode::Raw).value(n, &idx),
            None => Value::Null,
        }
    }

    /// The answer or computed value at an instance path for people, in `ctx.locale`:
    /// `01.09.2026`, `1.234,50 €`, `Ja`, the option's label, file names. Empty when unanswered.
    /// Values that cannot be read (typing errors) are shown as typed.
    pub fn display(&self, path: &str, answers: &Json, ctx: &Ctx) -> String {
        let Some((n, idx)) = parse_path(self, path) else {
            return String::new();
        };
        let ev = Eval::new(self, answers, ctx, Mode::Raw);
        let value = ev.value_unchecked(n, &idx);
        let raw = ev.raw(n, &idx);
        self.display_value(n, &value, raw, ctx.locale)
    }

    pub(crate) fn display_value(
        &self,
        n: usize,
        value: &Value,
        raw: Option<&Json>,
        locale: Locale,
    ) -> String {
        let node = &self.nodes[n];
        let field = self.field(n);
        let as_typed = || {
            raw.and_then(Json::as_str)
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let Some((kind, f)) = field else {
            return match (node.kind, value) {
                (ItemKind::Repeat, Value::List(l)) => l.len().to_string(),
                _ => String::new(),
            };
        };
        let with_unit = |s: String| match &f.unit {
            Some(u) if !s.is_empty() => format!("{s}\u{a0}{}", u.get(locale)),
            _ => s,
        };
        match (kind, value) {
            (_, Value::Null) => as_typed(),
            (FieldKind::Choice, Value::Text(v)) => self.option_label(n, v, locale),
            (FieldKind::MultiChoice, Value::List(items)) => items
                .iter()
                .filter_map(|v| v.as_text())
                .map(|v| self.option_label(n, v, locale))
                .collect::<Vec<_>>()
                .join(", "),
            (FieldKind::Iban, Value::Text(v)) => crate::formats::format_iban(v),
            // As sent (see `payload`): the domain in lower case, single spaces.
            (FieldKind::Email, Value::Text(v)) => crate::formats::normalize_email(v),
            (FieldKind::Phone, Value::Text(v)) => crate::formats::normalize_phone(v),
            // A declaration is confirmed or not given; "Nein" would read as a refusal.
            (FieldKind::Consent, Value::Bool(b)) => match (b, locale) {
                (false, _) => String::new(),
                (true, Locale::De) => "Bestätigt".into(),
                (true, Locale::En) => "Confirmed".into(),
            },
            (FieldKind::Integer, Value::Number(d)) => with_unit(format_number(*d, 0, locale)),
            (FieldKind::Decimal, Value::Number(d)) => {
                let places = f.decimals.unwrap_or(2).min(6).max(d.places_used().min(6));
                with_unit(format_number(*d, places, locale))
            }
            (FieldKind::Computed, Value::Number(d)) => {
                let places = match f.format {
                    Some(ValueFormat::Integer) => 0,
                    Some(ValueFormat::Money) => return format_money(*d, locale),
                    Some(ValueFormat::Decimal) => f.decimals.unwrap_or(2).min(6),
                    _ => d.places_used(),
                };
                with_unit(format_number(*d, places, locale))
            }
            (_, v) => display_plain(v, locale),
        }
    }

    /// The language of what [`Form::display`] shows for `path`, when it is not `ctx.locale`:
    /// the labels of the chosen options, when the form gives them only in German (for a `lang`
    /// attribute). `None` for the requested language, for mixed languages and for everything
    /// else (numbers, dates and the citizen's own words).
    pub fn display_locale(&self, path: &str, answers: &Json, ctx: &Ctx) -> Option<Locale> {
        let (n, idx) = parse_path(self, path)?;
        let (kind, _) = self.field(n)?;
        if !matches!(kind, FieldKind::Choice | FieldKind::MultiChoice) {
            return None;
        }
        let ev = Eval::new(self, answers, ctx, Mode::Raw);
        let value = ev.value_unchecked(n, &idx);
        let chosen: Vec<&str> = match &value {
            Value::Text(v) => vec![v.as_str()],
            Value::List(items) => items.iter().filter_map(|v| v.as_text()).collect(),
            _ => vec![],
        };
        let mut shown = chosen.iter().map(|v| {
            self.nodes[n]
                .options
                .iter()
                .find(|o| o.value == *v)
                .map(|o| o.label.shown_locale(ctx.locale))
        });
        let first = shown.next()??;
        (first != ctx.locale && shown.all(|l| l == Some(first))).then_some(first)
    }

    /// A date to show as an example of how to write one, for the date field at `path`: the
    /// 1 September of this year, or of a year within the field's bounds (a birth date at least
    /// 16 years ago is not shown "01.09.2026"). `None` for anything else.
    pub fn date_example(&self, path: &str, ctx: &Ctx) -> Option<Date> {
        let (n, _) = parse_path(self, path)?;
        if self.field(n)?.0 != FieldKind::Date {
            return None;
        }
        let node = &self.nodes[n];
        let min = node.min_date.map(|b| b.resolve(ctx.today));
        let max = node.max_date.map(|b| b.resolve(ctx.today));
        let sept = |year: i32| Date::from_ymd(year.clamp(1, 9999), 9, 1);
        let mut d = sept(ctx.today.year)?;
        if let Some(max) = max.filter(|m| d > *m) {
            d = sept(max.year - 1)?;
        }
        if let Some(min) = min.filter(|m| d < *m) {
            d = sept(min.year + 1)?;
        }
        // A range too narrow for a 1 September: its first day.
        if max.is_some_and(|m| d > m) || min.is_some_and(|m| d < m) {
            d = min.or(max)?;
        }
        Some(d)
    }

    /// The labels (in `locale`, quoted short as messages quote them, with the language each is
    /// shown in) of the items whose answers decide the `enabledIf` of the field at `path`, in
    /// the order the condition names them, once each: what the app names when it says why a
    /// field cannot be changed just now. Empty without `enabledIf`.
    pub fn enabled_by(&self, path: &str, locale: Locale) -> Vec<(String, Locale)> {
        let Some(n) = self.node_of(path) else {
            return Vec::new();
        };
        let node = &self.nodes[n];
        let Some(e) = &node.enabled_if else {
            return Vec::new();
        };
        let mut out: Vec<(String, Locale)> = Vec::new();
        for r in e.references() {
            let Some(res) = self.resolve(node.parent, &r) else {
                continue;
            };
            let Some(text) = self.label_text(res.node) else {
                continue;
            };
            let label = crate::i18n::short_label(text.get(locale));
            if !label.is_empty() && !out.iter().any(|(l, _)| *l == label) {
                out.push((label, text.shown_locale(locale)));
            }
        }
        out
    }

    /// How many files the file field at `path` takes (at least 1); `None` for anything else.
    pub fn max_files(&self, path: &str) -> Option<usize> {
        let (n, _) = parse_path(self, path)?;
        match self.field(n)? {
            (FieldKind::File, f) => Some(f.max_files.unwrap_or(1).max(1) as usize),
            _ => None,
        }
    }

    fn option_label(&self, n: usize, value: &str, locale: Locale) -> String {
        self.nodes[n]
            .options
            .iter()
            .find(|o| o.value == value)
            .map(|o| o.label.get(locale).to_string())
            .unwrap_or_else(|| value.to_string())
    }

    /// Template keys whose `visibleIf`/`enabledIf`/`requiredIf`/`expr`/rules read `key`
    /// (directly, or through computed fields and visibility), in document order. Accepts
    /// instance paths too.
    pub fn dependents(&self, key: &str) -> &[String] {
        self.deps
            .get(key)
            .or_else(|| self.deps.get(&template_key(key)))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Any value for people, without field knowledge.
pub fn display_plain(v: &Value, locale: Locale) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => i18n::yes_no(*b, locale).to_string(),
        Value::Number(d) => format_number(*d, d.places_used(), locale),
        Value::Money(d) => format_money(*d, locale),
        Value::Text(s) => s.clone(),
        Value::Date(d) => format_date(*d, locale),
        Value::List(l) => l
            .iter()
            .map(|v| display_plain(v, locale))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The tables `antrag check` judges `messages` by ([`message_codes`], [`message_placeholders`])
/// say what validation produces: every problem a field of each type has for failing answers
/// is a code its table lists, with no placeholder the table does not name. Without this, a new
/// check in `validate.rs` would have a message authors are told they cannot replace.
#[cfg(all(test, feature = "author-checks"))]
mod message_table_tests {
    use super::*;
    use crate::value::Date;
    use serde_json::json;

    #[test]
    fn the_tables_cover_what_validation_says() {
        let opts = json!([{"value": "a", "label": "A"}, {"value": "b", "label": "B"}, {"value": "c", "label": "C"}]);
        let file = |name: &str, t: &str, size: u64| json!({"part": "p", "name": name, "type": t, "size": size});
        let cases: Vec<(FieldKind, Json, Vec<Json>)> = vec![
            (
                FieldKind::Text,
                json!({"type": "text", "minLength": 2, "maxLength": 4, "pattern": "[a-z]+"}),
                vec![json!(""), json!("a"), json!("abcdef"), json!("AB")],
            ),
            (
                FieldKind::Textarea,
                json!({"type": "textarea", "minLength": 2, "maxLength": 4, "pattern": "[a-z]+"}),
                vec![json!(""), json!("a"), json!("abcdef"), json!("AB")],
            ),
            (
                FieldKind::Email,
                json!({"type": "email", "maxLength": 20, "minLength": 8, "pattern": "a.*"}),
                vec![
                    json!(""),
                    json!("x"),
                    json!("b@c.de"),
                    json!("bbbbbbbb@c.de"),
                    json!("abcdefghijklmnop@example.org"),
                ],
            ),
            (
                FieldKind::Phone,
                json!({"type": "phone", "maxLength": 8, "minLength": 6, "pattern": "0.*"}),
                vec![
                    json!(""),
                    json!("x"),
                    json!("123"),
                    json!("1234567"),
                    json!("+49 30 1234567890"),
                ],
            ),
            (
                FieldKind::Postcode,
                json!({"type": "postcode", "pattern": "0.*"}),
                vec![json!(""), json!("1"), json!("12345")],
            ),
            (
                FieldKind::Iban,
                json!({"type": "iban"}),
                vec![json!(""), json!("DE00"), json!("DE89370400440532013001")],
            ),
            (
                FieldKind::Integer,
                json!({"type": "integer", "min": 2, "max": 5}),
                vec![json!(""), json!("x"), json!("1"), json!("9"), json!("2,5")],
            ),
            (
                FieldKind::Decimal,
                json!({"type": "decimal", "decimals": 0}),
                vec![json!("2,5")],
            ),
            (
                FieldKind::Decimal,
                json!({"type": "decimal", "min": 2, "max": 5, "decimals": 1}),
                vec![
                    json!(""),
                    json!("x"),
                    json!("1"),
                    json!("9"),
                    json!("2,55"),
                    json!("1,500"),
                ],
            ),
            (
                FieldKind::Money,
                json!({"type": "money", "min": 2, "max": 5}),
                vec![
                    json!(""),
                    json!("x"),
                    json!("1"),
                    json!("9"),
                    json!("2,555"),
                    json!("1,500"),
                ],
            ),
            (
                FieldKind::Date,
                json!({"type": "date", "minDate": "2026-01-01", "maxDate": "2026-12-31"}),
                vec![
                    json!(""),
                    json!("x"),
                    json!("1.9.26"),
                    json!("31.02.2026"),
                    json!("01.01.2020"),
                    json!("01.01.2030"),
                ],
            ),
            (
                FieldKind::Choice,
                json!({"type": "choice", "options": opts}),
                vec![json!(""), json!("z")],
            ),
            (
                FieldKind::MultiChoice,
                json!({"type": "multiChoice", "options": opts, "minSelected": 2, "maxSelected": 2}),
                vec![
                    json!([]),
                    json!(["a"]),
                    json!(["a", "b", "c"]),
                    json!(["z"]),
                ],
            ),
            (FieldKind::YesNo, json!({"type": "yesNo"}), vec![Json::Null]),
            (
                FieldKind::Consent,
                json!({"type": "consent"}),
                vec![json!(false)],
            ),
            (
                FieldKind::File,
                json!({"type": "file", "maxSize": 10, "maxFiles": 1}),
                vec![
                    json!([]),
                    json!([file("a.exe", "application/x-msdownload", 5)]),
                    json!([file("a..pdf", "application/pdf", 5)]),
                    json!([file("a.pdf", "application/pdf", 50)]),
                    json!([
                        file("a.pdf", "application/pdf", 1),
                        file("b.pdf", "application/pdf", 1)
                    ]),
                ],
            ),
        ];
        let ctx = Ctx {
            today: Date::from_ymd(2026, 3, 1).unwrap(),
            locale: Locale::De,
        };
        // An answer each type takes, so that the rule (`check: false`) speaks.
        let valid = |kind: FieldKind| match kind {
            FieldKind::Text | FieldKind::Textarea => json!("abc"),
            FieldKind::Email => json!("abcdefgh@e.de"),
            FieldKind::Phone => json!("030 1234"),
            FieldKind::Postcode => json!("01234"),
            FieldKind::Iban => json!("DE89370400440532013000"),
            FieldKind::Integer | FieldKind::Decimal | FieldKind::Money => json!("3"),
            FieldKind::Date => json!("01.06.2026"),
            FieldKind::Choice => json!("a"),
            FieldKind::MultiChoice => json!(["a", "b"]),
            FieldKind::YesNo | FieldKind::Consent => json!(true),
            FieldKind::File => json!([file("a.pdf", "application/pdf", 5)]),
            FieldKind::Computed => Json::Null,
        };
        let mut seen_codes = 0;
        // The codes not given yet, per type (over all its cases).
        let mut unseen_of: Vec<(FieldKind, Vec<&str>)> = Vec::new();
        for (kind, mut field, answers) in cases {
            let o = field.as_object_mut().unwrap();
            o.insert("id".into(), json!("f"));
            o.insert("label".into(), json!("F"));
            o.insert("required".into(), json!(true));
            o.insert(
                "rules".into(),
                json!([{"check": "false", "message": "nie"}]),
            );
            let def = json!({"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
                             "pages": [{"id": "p", "title": "P", "items": [field]}]});
            let form = Form::compile(serde_json::from_value(def).unwrap(), &CodeLists::new())
                .unwrap_or_else(|e| panic!("{kind:?}: {e:?}"));
            let codes = message_codes(kind);
            if !unseen_of.iter().any(|(k, _)| *k == kind) {
                unseen_of.push((kind, codes.clone()));
            }
            let unseen = &mut unseen_of.iter_mut().find(|(k, _)| *k == kind).unwrap().1;
            for a in answers.into_iter().chain([valid(kind)]) {
                let problems = crate::validate(&form, &json!({ "f": a }), &ctx);
                assert!(!problems.is_empty(), "{kind:?} {a}: no problem");
                for p in problems {
                    seen_codes += 1;
                    let code = if p.code.starts_with("rule") {
                        "rule"
                    } else {
                        p.code.as_str()
                    };
                    unseen.retain(|c| *c != code);
                    assert!(
                        codes.contains(&code),
                        "{kind:?} {a}: `{}` is not in message_codes {codes:?}",
                        p.code
                    );
                    for k in p.params.keys().filter(|k| *k != "label") {
                        assert!(
                            message_placeholders(code).contains(&k.as_str()),
                            "{kind:?} {a}: `{code}` fills {{{k}}}, message_placeholders does not name it"
                        );
                    }
                }
            }
        }
        // And no code in the table that validation never gives.
        for (kind, unseen) in unseen_of {
            assert!(unseen.is_empty(), "{kind:?}: no answer gives {unseen:?}");
        }
        assert!(seen_codes > 40, "the answers fail ({seen_codes} problems)");
    }
}
