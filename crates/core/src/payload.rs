//! The submission payload: the answers of the visible fields, normalized.
//!
//! - hidden items and empty optional fields are left out (an unticked consent is empty);
//! - groups are objects (always present when visible), repeats arrays of entry objects;
//! - text is trimmed; e-mail with the domain in lower case; phone numbers with single spaces;
//!   IBAN upper-case without spaces;
//! - integers are JSON numbers, decimals strings without trailing zeros (`"12.5"`), money
//!   strings with two places (`"1234.50"`), dates ISO 8601 (`"2026-09-01"`);
//! - yes/no are booleans, multiple choice arrays of option values (in option order), files
//!   arrays of [`crate::submission::FileDescriptor`];
//! - computed values are included, normalized the same way (numbers are JSON numbers only with
//!   `format: integer`, otherwise strings like decimals, so the JSON type never changes).
//!
//! An answer that cannot be read (a typing error the citizen did not fix) is sent trimmed as
//! typed; [`crate::validate::validate_submission`] rejects it.

use serde_json::{Map, Value as Json};

use crate::expr::Value;
use crate::form::{Eval, ItemKind, Mode, HARD_MAX_ENTRIES};
use crate::formats;
use crate::model::{FieldKind, Item, ValueFormat};
use crate::submission::FileDescriptor;
use crate::{Ctx, Form};

/// Builds the payload from the answers as typed.
pub fn payload(form: &Form, answers: &Json, ctx: &Ctx) -> Json {
    let ev = Eval::new(form, answers, ctx, Mode::Raw);
    let mut out = Map::new();
    for p in 0..form.pages.len() {
        if !ev.page_visible(p) {
            continue;
        }
        for &n in &form.pages[p].items {
            add(&ev, n, &[], &mut out);
        }
    }
    Json::Object(out)
}

fn add(ev: &Eval, n: usize, idx: &[usize], out: &mut Map<String, Json>) {
    if !ev.visible(n, idx) {
        return;
    }
    let form = ev.form;
    let node = &form.nodes[n];
    match node.kind {
        ItemKind::Content => {}
        ItemKind::Group => {
            let mut obj = Map::new();
            for &c in &node.children {
                add(ev, c, idx, &mut obj);
            }
            out.insert(node.name.clone(), Json::Object(obj));
        }
        ItemKind::Repeat => {
            let max = match form.item_at(&node.loc) {
                Some(Item::Repeat(r)) => r.max_items.map_or(HARD_MAX_ENTRIES, |m| m as usize),
                _ => 0,
            };
            let count = ev.entries(n, idx).min(max);
            let mut entries = Vec::with_capacity(count);
            let mut e = idx.to_vec();
            for i in 0..count {
                e.push(i);
                let mut obj = Map::new();
                for &c in &node.children {
                    add(ev, c, &e, &mut obj);
                }
                entries.push(Json::Object(obj));
                e.pop();
            }
            out.insert(node.name.clone(), Json::Array(entries));
        }
        ItemKind::Field(kind) => {
            if let Some(v) = field_value(ev, n, idx, kind) {
                out.insert(node.name.clone(), v);
            }
        }
    }
}

fn field_value(ev: &Eval, n: usize, idx: &[usize], kind: FieldKind) -> Option<Json> {
    let form = ev.form;
    let (_, f) = form.field(n)?;
    if kind == FieldKind::Computed {
        let v = ev.value(n, idx);
        return value_json(&v, f.format);
    }
    let raw = ev.raw(n, idx)?;
    // Read-only: kept as it is, but not a value the field cannot hold (the citizen could not
    // correct it, and validation would not let the application through).
    if !ev.enabled(n, idx) && !crate::validate::of_its_type(ev, n, kind, raw) {
        return None;
    }
    let typed = ev.convert(n, kind, raw);
    let trimmed = raw.as_str().map(str::trim).filter(|s| !s.is_empty());
    let as_typed = || trimmed.map(|s| Json::String(s.to_string()));
    let normalized = |f: fn(&str) -> String| trimmed.map(|s| Json::String(f(s)));
    match kind {
        FieldKind::Text | FieldKind::Textarea | FieldKind::Postcode | FieldKind::Choice => {
            as_typed()
        }
        FieldKind::Email => normalized(formats::normalize_email),
        FieldKind::Phone => normalized(formats::normalize_phone),
        FieldKind::Iban => normalized(formats::normalize_iban),
        FieldKind::Integer => match typed {
            Value::Number(d) => match d.to_i64() {
                Some(i) => Some(Json::from(i)),
                None => Some(Json::String(d.to_canonical(0))),
            },
            _ => as_typed().or_else(|| raw.is_number().then(|| raw.clone())),
        },
        FieldKind::Decimal => match typed {
            Value::Number(d) => Some(Json::String(d.to_plain())),
            _ => as_typed(),
        },
        FieldKind::Money => match typed {
            Value::Money(d) => Some(Json::String(d.to_canonical(2))),
            _ => as_typed(),
        },
        FieldKind::Date => match typed {
            Value::Date(d) => Some(Json::String(d.to_iso())),
            _ => as_typed(),
        },
        FieldKind::YesNo => raw.as_bool().map(Json::Bool),
        FieldKind::Consent => (raw.as_bool() == Some(true)).then_some(Json::Bool(true)),
        FieldKind::MultiChoice => {
            let chosen: Vec<&str> = raw.as_array()?.iter().filter_map(Json::as_str).collect();
            let options = &form.nodes[n].options;
            let mut out: Vec<Json> = options
                .iter()
                .filter(|o| chosen.contains(&o.value.as_str()))
                .map(|o| Json::String(o.value.clone()))
                .collect();
            // Unknown values are kept (and rejected by validation) rather than silently dropped.
            for c in &chosen {
                if !options.iter().any(|o| o.value == *c) && !out.contains(&Json::from(*c)) {
                    out.push(Json::from(*c));
                }
            }
            (!out.is_empty()).then_some(Json::Array(out))
        }
        FieldKind::File => {
            let files: Vec<Json> = raw
                .as_array()?
                .iter()
                .take(HARD_MAX_ENTRIES)
                .map(
                    |v| match serde_json::from_value::<FileDescriptor>(v.clone()) {
                        Ok(fd) => serde_json::to_value(fd).unwrap_or(Json::Null),
                        Err(_) => v.clone(),
                    },
                )
                .collect();
            (!files.is_empty()).then_some(Json::Array(files))
        }
        FieldKind::Computed => None,
    }
}

/// A typed value in payload form (`None` for empty).
pub(crate) fn value_json(v: &Value, format: Option<ValueFormat>) -> Option<Json> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => Json::Bool(*b),
        Value::Money(d) => Json::String(d.to_canonical(2)),
        Value::Number(d) => match format {
            Some(ValueFormat::Money) => Json::String(d.to_canonical(2)),
            Some(ValueFormat::Integer) => match d.round_to(0).to_i64() {
                Some(i) => Json::from(i),
                None => Json::String(d.to_plain()),
            },
            _ => Json::String(d.to_plain()),
        },
        Value::Text(s) => Json::String(s.clone()),
        Value::Date(d) => Json::String(d.to_iso()),
        Value::List(items) => {
            Json::Array(items.iter().filter_map(|i| value_json(i, None)).collect())
        }
    })
}
