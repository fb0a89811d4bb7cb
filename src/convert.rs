//! `clausecheck convert`: any supported export as canonical JSON Lines, so a data team sees
//! exactly what the checker read: one record per line, `kind` first, then the fields in the
//! order of export-format.md (unknown keys after, as found); real date cells as `YYYY-MM-DD`;
//! text exactly as read (a text date stays as typed); unrecorded (empty) values left out.

use serde_json::{Map, Value as Json, json};

use crate::load::Export;
use crate::model::{Kind, Node, Record, Value};
use crate::schema;

/// The export's records as JSON Lines, in the order they were read.
pub fn to_jsonl(export: &Export) -> String {
    let mut out = String::new();
    for record in &export.records {
        out.push_str(&record_json(record).to_string());
        out.push('\n');
    }
    out
}

fn record_json(record: &Record) -> Json {
    match (&record.root.value, record.kind) {
        (Value::Map(entries), Some(kind)) => map_json(entries, kind, ""),
        _ => node_json(&record.root, None, ""),
    }
}

fn map_json(entries: &[(String, Node)], kind: Kind, prefix: &str) -> Json {
    let path_of = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    };
    let rank = |key: &str| {
        if prefix.is_empty() && key == "kind" {
            return 0;
        }
        let path = path_of(key);
        schema::FIELDS
            .iter()
            .position(|f| f.kind == kind && f.path == path)
            .map_or(usize::MAX, |i| i + 1)
    };
    let mut sorted: Vec<(usize, &(String, Node))> = entries
        .iter()
        .filter(|(_, n)| !matches!(n.value, Value::Null))
        .enumerate()
        .collect();
    // Stable: unknown keys keep the order they were found in.
    sorted.sort_by_key(|(i, (k, _))| (rank(k), *i));
    let mut out = Map::new();
    for (_, (key, node)) in sorted {
        out.insert(key.clone(), node_json(node, Some(kind), &path_of(key)));
    }
    Json::Object(out)
}

/// Items of a list sit at the list's path: `clues` items have fields `clues.id`, ….
fn node_json(node: &Node, kind: Option<Kind>, path: &str) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Text(s) => json!(s),
        Value::Date(d) => json!(d.to_string()),
        Value::List(items) => Json::Array(items.iter().map(|n| node_json(n, kind, path)).collect()),
        Value::Map(entries) => match kind {
            Some(kind) => map_json(entries, kind, path),
            None => Json::Object(
                entries
                    .iter()
                    .map(|(k, n)| (k.clone(), node_json(n, None, "")))
                    .collect(),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Format, LoadOptions};

    #[test]
    fn canonical_order_and_values() {
        let mut export = Export::default();
        let line = r#"{"case_id":"c1","zz":1,"kind":"case","clues":[{"received_on":"2025/1/2","id":"X"}],"report":{"submitted_on":null}}"#;
        export.add_bytes(
            "a.jsonl".into(),
            line.as_bytes(),
            Format::JsonLines,
            LoadOptions::default(),
        );
        assert_eq!(
            to_jsonl(&export),
            "{\"kind\":\"case\",\"case_id\":\"c1\",\"report\":{},\"clues\":[{\"id\":\"X\",\"received_on\":\"2025/1/2\"}],\"zz\":1}\n"
        );
    }
}
