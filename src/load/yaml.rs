//! YAML exports: a sequence of records, or a stream of documents, one record each.
//!
//! serde-saphyr hands out byte spans through `Spanned<T>`; the tree below asks for one at
//! every node.

use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Options, Spanned};

use super::Parsed;
use crate::model::{FileId, Key, Node, Span, Value};

/// Large exports hold far more nodes than the parser's default budget of 250,000.
const MAX_NODES: usize = 200_000_000;
const MAX_DEPTH: usize = super::guard::MAX_DEPTH;

pub fn load(text: &str, file: FileId) -> Parsed {
    let mut parsed = Parsed::default();
    match parse_export_documents(text) {
        Ok(docs) => {
            let single_sequence = docs.len() == 1
                && docs
                    .first()
                    .is_some_and(|d| matches!(d.value, Value::List(_)));
            for doc in docs {
                match doc.value {
                    Value::List(items) if single_sequence => {
                        items.into_iter().for_each(|n| parsed.push_node(file, n));
                    }
                    Value::Null => {}
                    _ => parsed.push_node(file, doc),
                }
            }
        }
        Err(err) => {
            let span = error_span(text, &err);
            let message = first_line(&err.to_string());
            if super::guard::is_yaml_limit(&message) {
                super::guard::yaml_limit(&mut parsed, file, span, &message);
            } else {
                parsed.syntax_error(file, span, &message);
            }
        }
    }
    parsed
}

pub fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_nodes = MAX_NODES;
    budget.max_events = MAX_NODES;
    budget.max_total_scalar_bytes = usize::MAX / 2;
    budget.max_reader_input_bytes = None;
    budget.max_depth = MAX_DEPTH;
    // Exports do not need anchors; this caps alias replay ("billion laughs") at a quarter of
    // the parser's default, so a bomb is refused in well under a second.
    budget.max_recorded_anchor_events = 250_000;
    budget.max_documents = usize::MAX / 2;
    let mut options = Options::default();
    options.budget = Some(budget);
    // YAML 1.1 reads `on:` (a field of intake_briefings) as the boolean true, and `007` as 7.
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options
}

/// Every document of a YAML stream, as span-carrying nodes. A repeated key is an error (rule
/// packs, waivers and fixtures are written by hand and must be unambiguous).
pub fn parse_documents(text: &str) -> Result<Vec<Node>, serde_saphyr::Error> {
    parse_with(text, options())
}

/// As [`parse_documents`], but repeated keys are kept, so that an export's record with one is
/// still read (first value wins) and the repetition reported as `data.duplicate-key`, as JSON.
fn parse_export_documents(text: &str) -> Result<Vec<Node>, serde_saphyr::Error> {
    let mut options = options();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    parse_with(text, options)
}

fn parse_with(text: &str, options: Options) -> Result<Vec<Node>, serde_saphyr::Error> {
    let docs: Vec<Spanned<YamlNode>> = serde_saphyr::from_multiple_with_options(text, options)?;
    Ok(docs.into_iter().map(|d| to_node(d, text.len())).collect())
}

/// Where a YAML error is: its byte offset, or else its line and column (some errors, such as
/// nesting limits, carry only those), as a one-byte span.
pub fn error_span(text: &str, err: &serde_saphyr::Error) -> Span {
    let Some(loc) = err.location() else {
        return Span::default();
    };
    if let Some(offset) = loc.span().byte_offset() {
        return Span::new((offset as usize).min(text.len()), 1);
    }
    let (line, column) = (loc.line() as usize, loc.column() as usize);
    let Some(line_text) = text.split_inclusive('\n').nth(line.saturating_sub(1)) else {
        return Span::default();
    };
    let line_start = line_text.as_ptr() as usize - text.as_ptr() as usize;
    let in_line = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Span::new(line_start + in_line, 1)
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// The parsed tree before spans are turned into our [`Span`].
enum YamlNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<Spanned<YamlNode>>),
    Map(Vec<(String, Spanned<YamlNode>)>),
}

fn to_node(spanned: Spanned<YamlNode>, text_len: usize) -> Node {
    let span = spanned.referenced.span();
    let offset = span.byte_offset().unwrap_or(0) as usize;
    let len = span.byte_len().unwrap_or(0) as usize;
    let span = Span::new(
        offset.min(text_len),
        len.min(text_len.saturating_sub(offset)),
    );
    let value = match spanned.value {
        YamlNode::Null => Value::Null,
        YamlNode::Bool(b) => Value::Bool(b),
        YamlNode::Int(i) => Value::Int(i),
        YamlNode::Float(f) => Value::Float(f),
        YamlNode::Text(s) => Value::Text(s),
        YamlNode::List(items) => {
            Value::List(items.into_iter().map(|n| to_node(n, text_len)).collect())
        }
        YamlNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Key::from_string(k), to_node(v, text_len)))
                .collect(),
        ),
    };
    let span = cover_children(span, &value);
    Node::new(value, span)
}

/// serde-saphyr spans a block container by its first character only; a finding on a record
/// should underline the whole record, so the span is stretched to the end of its last child.
fn cover_children(span: Span, value: &Value) -> Span {
    let last_end = match value {
        Value::List(items) => items.last().map(|n| n.span.offset + n.span.len),
        Value::Map(entries) => entries.last().map(|(_, n)| n.span.offset + n.span.len),
        _ => None,
    };
    match last_end {
        Some(end) if end > span.offset + span.len => Span::new(span.offset, end - span.offset),
        _ => span,
    }
}

impl<'de> Deserialize<'de> for YamlNode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = YamlNode;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }
    fn visit_none<E>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<YamlNode, D::Error> {
        YamlNode::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<YamlNode, E> {
        Ok(YamlNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<YamlNode, E> {
        Ok(YamlNode::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<YamlNode, E> {
        Ok(i64::try_from(v).map_or(YamlNode::Float(v as f64), YamlNode::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<YamlNode, E> {
        Ok(YamlNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<YamlNode, E> {
        Ok(YamlNode::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<YamlNode, E> {
        Ok(YamlNode::Text(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<YamlNode>>()? {
            items.push(item);
        }
        Ok(YamlNode::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<KeyText>()? {
            entries.push((key.0, map.next_value::<Spanned<YamlNode>>()?));
        }
        Ok(YamlNode::Map(entries))
    }
}

/// Map keys as text, whatever scalar type YAML gave them (`2025: …` is a key too).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match YamlNode::deserialize(d)? {
            YamlNode::Text(s) => Ok(KeyText(s)),
            YamlNode::Int(i) => Ok(KeyText(i.to_string())),
            YamlNode::Float(f) => Ok(KeyText(f.to_string())),
            YamlNode::Bool(b) => Ok(KeyText(b.to_string())),
            YamlNode::Null => Ok(KeyText("null".into())),
            _ => Err(serde::de::Error::custom("a map key must be a scalar")),
        }
    }
}
