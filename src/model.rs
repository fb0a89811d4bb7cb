//! The record model every loader produces: a tree of values, each with the byte span it came from.

use chrono::NaiveDate;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

impl Span {
    pub fn new(offset: usize, len: usize) -> Self {
        Span { offset, len }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    /// A real date cell (XLSX); text dates stay `Text` until a rule reads them.
    Date(NaiveDate),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span }
    }

    /// The child under `key` of a map node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node at a dotted path of map keys (`report.submitted_on`).
    pub fn get_path(&self, dotted: &str) -> Option<&Node> {
        dotted.split('.').try_fold(self, |node, key| node.get(key))
    }

    /// "Not recorded" in the sense of the export format: null, empty text, empty list.
    pub fn is_blank(&self) -> bool {
        match &self.value {
            Value::Null => true,
            Value::Text(s) => s.trim().is_empty(),
            Value::List(items) => items.is_empty(),
            _ => false,
        }
    }

    /// The scalar as text, as a user would read it (numbers and booleans included).
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Text(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Date(d) => Some(d.to_string()),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Node]> {
        match &self.value {
            Value::List(items) => Some(items),
            _ => None,
        }
    }
}

/// The record kinds of the export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Round,
    Case,
    Unit,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "round" => Some(Kind::Round),
            "case" => Some(Kind::Case),
            "unit" => Some(Kind::Unit),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Round => "round",
            Kind::Case => "case",
            Kind::Unit => "unit",
        }
    }
}

/// Index of a source file in the export.
pub type FileId = usize;

#[derive(Debug, Clone)]
pub struct Record {
    pub file: FileId,
    pub root: Node,
    /// `None` when `kind` is missing or unknown (a `data.kind` finding says so).
    pub kind: Option<Kind>,
}

impl Record {
    pub fn text_at(&self, dotted: &str) -> Option<String> {
        self.root
            .get_path(dotted)
            .filter(|n| !n.is_blank())
            .and_then(Node::as_text)
    }

    /// The identity a finding quotes: `case_id`, the round's `id`, or the unit's `name`.
    pub fn identity(&self) -> Option<String> {
        match self.kind? {
            Kind::Case => self.text_at("case_id"),
            Kind::Round => self.text_at("id"),
            Kind::Unit => self.text_at("name"),
        }
    }
}

/// One input file as read: its display path and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}
