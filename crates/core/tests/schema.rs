//! The committed JSON Schemas are up to date, and they accept our forms and code lists.
//! Refresh them with `ANTRAG_BLESS=1 cargo test -p antrag-core --features schema --test schema`.
#![cfg(feature = "schema")]

use antrag_core::schema::{codelist_schema, json_schema, to_pretty};
use serde_json::Value;
use std::path::PathBuf;

fn forms_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../forms")
}

fn up_to_date(file: &str, schema: &Value, refresh: &str) {
    let path = forms_dir().join(file);
    let want = to_pretty(schema);
    if std::env::var_os("ANTRAG_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write schema");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "forms/{file} is stale (model.rs changed). Refresh it with\n    {refresh}\nor\n    \
         ANTRAG_BLESS=1 cargo test -p antrag-core --features schema --test schema"
    );
}

#[test]
fn committed_form_schema_is_current() {
    up_to_date(
        "form-definition.schema.json",
        &json_schema(),
        "cargo run -p antrag-server -- schema > forms/form-definition.schema.json",
    );
}

#[test]
fn committed_codelist_schema_is_current() {
    up_to_date(
        "codelist.schema.json",
        &codelist_schema(),
        "cargo run -p antrag-server -- schema codelist > forms/codelist.schema.json",
    );
}

#[test]
fn schema_shape() {
    let s = json_schema();
    assert!(s.get("$id").is_none());
    assert_eq!(s["title"], "antrag form definition");
    assert!(
        s["properties"].get("$schema").is_some(),
        "`$schema` must be allowed"
    );
    assert_eq!(s["additionalProperties"], false);
}

/// A validator for the subset of JSON Schema that schemars emits, enough to prove that our files
/// conform and that typos are rejected.
fn valid(root: &Value, schema: &Value, v: &Value) -> bool {
    let Some(s) = schema.as_object() else {
        return schema.as_bool().unwrap_or(true);
    };
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        if !valid(root, &root["$defs"][name], v) {
            return false;
        }
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(t) => vec![t.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            "integer" => v.is_u64() || v.is_i64(),
            "number" => v.is_number(),
            _ => false,
        });
        if !ok {
            return false;
        }
    }
    if let Some(c) = s.get("const") {
        if c != v {
            return false;
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return false;
        }
    }
    if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
        if v.as_f64().is_some_and(|x| x < min) {
            return false;
        }
    }
    if let Some(o) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        for req in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !o.contains_key(req.as_str().unwrap_or_default()) {
                return false;
            }
        }
        for (k, x) in o {
            match props.and_then(|p| p.get(k)) {
                Some(p) => {
                    if !valid(root, p, x) {
                        return false;
                    }
                }
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => return false,
                    Some(ap) if ap.is_object() && !valid(root, ap, x) => return false,
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(a)) = (s.get("items"), v.as_array()) {
        if !a.iter().all(|x| valid(root, items, x)) {
            return false;
        }
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        if !all.iter().all(|x| valid(root, x, v)) {
            return false;
        }
    }
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        if !any.iter().any(|x| valid(root, x, v)) {
            return false;
        }
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        if one.iter().filter(|x| valid(root, x, v)).count() != 1 {
            return false;
        }
    }
    true
}

fn json_files(dir: PathBuf) -> Vec<(PathBuf, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read forms dir").flatten() {
        let p = entry.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with(".json") && !name.ends_with(".schema.json") && name != "index.json" {
            let v =
                serde_json::from_str(&std::fs::read_to_string(&p).expect("read")).expect("json");
            out.push((p, v));
        }
    }
    out
}

#[test]
fn schemas_accept_our_forms_and_code_lists() {
    let fs = json_schema();
    let forms = json_files(forms_dir());
    assert!(!forms.is_empty());
    for (p, v) in &forms {
        assert!(
            valid(&fs, &fs, v),
            "{} does not match the schema",
            p.display()
        );
    }
    let cs = codelist_schema();
    for (p, v) in json_files(forms_dir().join("codelists")) {
        assert!(
            valid(&cs, &cs, &v),
            "{} does not match the schema",
            p.display()
        );
    }
    // and the schema rejects a typo deep inside
    let (_, form) = &forms[0];
    let mut bad = form.clone();
    bad["pages"][0]["items"][0]["lable"] = Value::String("x".into());
    assert!(!valid(&fs, &fs, &bad));
    let mut bad = form.clone();
    bad["pages"][0]["items"][0]["type"] = Value::String("textArea".into());
    assert!(!valid(&fs, &fs, &bad));
}
