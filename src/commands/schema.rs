//! `clausecheck schema`: the export format as a JSON Schema (draft 2020-12), generated from the
//! field table in `src/schema.rs`, so the system exporting the data can validate its output.
//! It states shapes and types; date formats and cross-record references stay `data.` checks.
// Only `serde_json::Value` objects built by `json!` in this file are indexed, and `IndexMut` on
// an object inserts the key: it cannot panic.
#![allow(clippy::indexing_slicing)]

use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::model::Kind;
use crate::schema::{FIELDS, Field, FieldType};

pub fn json_schema() -> Value {
    let kinds = [Kind::Round, Kind::Case, Kind::Unit];
    let defs: Map<String, Value> = kinds
        .iter()
        .map(|&k| (k.as_str().to_string(), record_schema(k)))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://clausecheck.invalid/export-format/v1",
        "title": "clausecheck export record (export format v1)",
        "description": "One record of an export: a round (巡视轮次), a case (案卷) or a unit (院属单位). A value that is not recorded may be null, \"\" or [].",
        "type": "object",
        "required": ["kind"],
        "oneOf": kinds.iter().map(|k| json!({"$ref": format!("#/$defs/{}", k.as_str())})).collect::<Vec<_>>(),
        "$defs": defs,
    })
}

fn record_schema(kind: Kind) -> Value {
    let mut schema = object_schema(kind, "");
    schema["properties"]["kind"] = json!({"const": kind.as_str()});
    schema["required"] = json!(["kind"]);
    schema["description"] = json!(match kind {
        Kind::Round => "巡视轮次",
        Kind::Case => "案卷",
        Kind::Unit => "院属单位",
    });
    schema
}

/// The fields directly under `prefix` (`""` for the record itself, `clues.` for an item).
fn object_schema(kind: Kind, prefix: &str) -> Value {
    let properties: Map<String, Value> = FIELDS
        .iter()
        .filter(|f| f.kind == kind)
        .filter_map(|f| {
            let name = f.path.strip_prefix(prefix)?;
            (!name.contains('.')).then(|| (name.to_string(), field_schema(f)))
        })
        .collect();
    json!({"type": "object", "properties": properties})
}

fn field_schema(f: &Field) -> Value {
    let nested = format!("{}.", f.path);
    let mut schema = match f.ty {
        FieldType::Text | FieldType::Org => json!({"type": ["string", "number", "null"]}),
        FieldType::Date => json!({
            "type": ["string", "null"],
            "examples": ["2025-06-30", "2025/6/30", "2025.6.30", "2025年6月30日"],
        }),
        FieldType::Integer => json!({"type": ["integer", "null"]}),
        FieldType::Bool => json!({"type": ["boolean", "null"]}),
        FieldType::Enum(values) => {
            let mut allowed: Vec<Value> = values.iter().map(|v| json!(v)).collect();
            allowed.extend([Value::Null, json!("")]);
            json!({ "enum": allowed })
        }
        FieldType::IntRange(lo, hi) => {
            json!({"anyOf": [{"type": "integer", "minimum": lo, "maximum": hi}, {"type": "null"}]})
        }
        FieldType::OrgList | FieldType::TextList => json!({
            "type": ["array", "null"],
            "items": {"type": ["string", "number"]},
        }),
        FieldType::Items => {
            let item = object_schema(f.kind, &nested);
            json!({"type": ["array", "null"], "items": item})
        }
        FieldType::Object => {
            let mut object = object_schema(f.kind, &nested);
            object["type"] = json!(["object", "null"]);
            object
        }
    };
    schema["description"] = json!(f.header);
    schema
}

/// Exit 0: the schema is printed whole.
pub fn run() -> Result<u8, Failure> {
    super::print(super::Output::ok(render()))
}

/// The schema as pretty-printed JSON, for the command.
pub fn render() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}
