//! JSON exports: an array of records, or `{"records": [...]}`.
//!
//! Spans come from `RawValue` slices: each raw slice borrows the input, so its pointer offset
//! from the start of the input is its byte offset.

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

use super::Parsed;
use crate::model::{FileId, Key, Node, Span, Value};

pub fn load(text: &str, file: FileId) -> Parsed {
    let mut parsed = Parsed::default();
    if let Some(offset) = super::guard::json_too_deep(text) {
        super::guard::too_deep(&mut parsed, file, offset);
        return parsed;
    }
    let root = match parse_json_value(text, text) {
        Ok(root) => root,
        Err(err) => {
            let span = error_span(text, &err);
            parsed.syntax_error(file, span, &err.to_string());
            return parsed;
        }
    };
    let span = root.span;
    let Some(records) = record_list(root) else {
        parsed.syntax_error(
            file,
            span,
            "expected an array of records or {\"records\": [...]}",
        );
        return parsed;
    };
    for node in records {
        parsed.push_node(file, node);
    }
    parsed
}

/// The records of the container: the top-level array, or the array under `records`.
fn record_list(root: Node) -> Option<Vec<Node>> {
    match root.value {
        Value::List(items) => Some(items),
        Value::Map(entries) => {
            entries
                .into_iter()
                .find(|(k, _)| k == "records")
                .and_then(|(_, n)| match n.value {
                    Value::List(items) => Some(items),
                    _ => None,
                })
        }
        _ => None,
    }
}

/// Parses `part` (a slice of `whole`) into a node tree whose spans are offsets into `whole`.
/// Nesting deeper than [`super::MAX_DEPTH`] is an error (the loaders report it as `data.limit`
/// before calling this), so the tree is never built deeper than that. The single-pass parser
/// does the work; serde_json only runs on invalid input, for its error.
pub fn parse_json_value(whole: &str, part: &str) -> Result<Node, serde_json::Error> {
    parse_json_value_shifted(whole, part, 0)
}

/// As [`parse_json_value`], with every span moved on by `shift` bytes (`whole` is a chunk of a
/// file that starts `shift` bytes in).
pub fn parse_json_value_shifted(
    whole: &str,
    part: &str,
    shift: usize,
) -> Result<Node, serde_json::Error> {
    if super::guard::json_too_deep(part).is_some() {
        return Err(serde::de::Error::custom(format!(
            "nesting deeper than {} levels",
            super::MAX_DEPTH
        )));
    }
    parse_shallow(whole, part, shift)
}

/// As [`parse_json_value_shifted`] for text the caller has already found no deeper than
/// [`super::MAX_DEPTH`] (scanning it twice was a tenth of parsing a JSON Lines export).
pub(super) fn parse_shallow(
    whole: &str,
    part: &str,
    shift: usize,
) -> Result<Node, serde_json::Error> {
    if let Some(node) = super::fastjson::parse_shifted(whole, part, shift) {
        return Ok(node);
    }
    let mut node = serde_value(whole, part)?;
    if shift > 0 {
        shift_spans(&mut node, shift);
    }
    Ok(node)
}

fn shift_spans(node: &mut Node, shift: usize) {
    node.span.offset += shift;
    match &mut node.value {
        Value::List(items) => items.iter_mut().for_each(|n| shift_spans(n, shift)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, n)| shift_spans(n, shift)),
        _ => {}
    }
}

/// The serde_json path: the reference the fast parser must agree with (and the error source).
pub(super) fn serde_value(whole: &str, part: &str) -> Result<Node, serde_json::Error> {
    let raw: &RawValue = serde_json::from_str(part)?;
    Ok(build(whole, raw))
}

fn build(whole: &str, raw: &RawValue) -> Node {
    let text = raw.get();
    let span = Span::new(text.as_ptr() as usize - whole.as_ptr() as usize, text.len());
    // Each level was already validated by the parse of its parent, so these re-parses succeed.
    let value = match text.as_bytes().first() {
        Some(b'{') => match serde_json::from_str::<Entries>(text) {
            Ok(Entries(entries)) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        let key = Key::from_string(k);
                        let node = build(whole, v);
                        let value = super::dated(&key, node.value);
                        (key, Node::new(value, node.span))
                    })
                    .collect(),
            ),
            Err(_) => Value::Null,
        },
        Some(b'[') => match serde_json::from_str::<Vec<&RawValue>>(text) {
            Ok(items) => Value::List(items.into_iter().map(|v| build(whole, v)).collect()),
            Err(_) => Value::Null,
        },
        _ => scalar(text),
    };
    Node::new(value, span)
}

fn scalar(text: &str) -> Value {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Bool(b)) => Value::Bool(b),
        Ok(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Ok(serde_json::Value::String(s)) => Value::Text(s),
        _ => Value::Null,
    }
}

/// A JSON object's entries in document order, values left raw. Duplicate keys are kept, so
/// the first one wins on lookup, as a reader of the file would expect.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Entries<'a>, M::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push((k, v));
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// A one-byte span where serde_json stopped (its line and column are 1-based; column counts bytes).
pub(super) fn error_span(text: &str, err: &serde_json::Error) -> Span {
    let line_start = text
        .split_inclusive('\n')
        .take(err.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let offset = (line_start + err.column().saturating_sub(1)).min(text.len());
    Span::new(offset, usize::from(offset < text.len()))
}
