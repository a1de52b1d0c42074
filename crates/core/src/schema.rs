//! JSON Schemas of the formats, generated from `model.rs` (feature `schema`). The committed copies
//! are `forms/form-definition.schema.json` and `forms/codelist.schema.json`; the test
//! `tests/schema.rs` fails when they are stale (`ANTRAG_BLESS=1` rewrites them).

use crate::model::{CodeList, FormDefinition};
use serde_json::Value;

/// The JSON Schema (draft 2020-12) of a form definition file.
pub fn json_schema() -> Value {
    finish(
        schemars::schema_for!(FormDefinition).to_value(),
        "antrag form definition",
        "A form for the antrag form engine (`forms/<id>.json`). See docs/form-format.md.",
    )
}

/// The JSON Schema (draft 2020-12) of a code list file (`forms/codelists/<name>.json`).
pub fn codelist_schema() -> Value {
    finish(
        schemars::schema_for!(CodeList).to_value(),
        "antrag code list",
        "A list of options shared by forms (`forms/codelists/<name>.json`).",
    )
}

/// The schema as committed: pretty-printed with a trailing newline.
pub fn to_pretty(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

fn finish(mut schema: Value, title: &str, description: &str) -> Value {
    if let Some(obj) = schema.as_object_mut() {
        obj.remove("$id");
        obj.insert("title".into(), Value::String(title.into()));
        obj.insert("description".into(), Value::String(description.into()));
    }
    schema
}
