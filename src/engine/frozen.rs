//! A record's tree packed into bytes while a sweep holds it: a pruned case as a tree of
//! [`Node`]s costs a few kilobytes (a heap string per key and value, 48 bytes per node); packed,
//! a few hundred bytes. Thawed back, it is the same tree with the same spans.
//!
//! Layout of a node: tag, offset (as a signed difference from the parent's), length, payload.
//! Numbers are LEB128 varints; signed ones zigzag-encoded. A map key the export format names
//! is written as its number in the format's list of field names. A text other than a case's
//! own id is written as its number among the sweep's [`Texts`]: unit names, problem
//! categories, item ids and dates recur across a hundred thousand cases.

use chrono::{Datelike, NaiveDate};

pub use super::texts::Texts;
use crate::model::{FileId, Key, Kind, Node, Record, Span, Value};

pub struct Frozen {
    bytes: Box<[u8]>,
    pub file: FileId,
    pub kind: Option<Kind>,
}

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const TEXT: u8 = 5;
const DATE: u8 = 6;
const LIST: u8 = 7;
const MAP: u8 = 8;
/// A text by its number among the [`Texts`].
const SHARED: u8 = 9;

/// How packing numbers texts.
pub enum Numbering<'t> {
    /// Every text, adding the new ones to the table.
    #[cfg(test)]
    Adding(&'t mut Texts),
    /// The texts the table already holds; the others are packed inline and listed in `new`,
    /// for the caller to add afterwards. Cases are packed so on the workers, the table only
    /// read: after the first chunks nearly every text of a case is already held.
    Known { texts: &'t Texts, new: Vec<String> },
}

impl Numbering<'_> {
    fn number(&mut self, text: &str) -> Option<u32> {
        match self {
            #[cfg(test)]
            Numbering::Adding(texts) => texts.number(text),
            Numbering::Known { texts, new } => {
                let known = texts.known(text);
                if known.is_none() {
                    new.push(text.to_string());
                }
                known
            }
        }
    }

    /// The texts that were packed inline for want of a number.
    pub fn into_new(self) -> Vec<String> {
        match self {
            #[cfg(test)]
            Numbering::Adding(_) => Vec::new(),
            Numbering::Known { new, .. } => new,
        }
    }
}

/// Whether a node's text is worth numbering: not a case id, which no other case repeats.
#[derive(Clone, Copy)]
enum Share {
    Texts,
    Inline,
}

impl Share {
    fn of_field(key: &str) -> Share {
        if key == "case_id" {
            Share::Inline
        } else {
            Share::Texts
        }
    }
}

#[cfg(test)]
pub fn freeze(record: &Record, texts: &mut Texts) -> Frozen {
    let mut bytes = Vec::new();
    put_node(
        &mut bytes,
        &record.root,
        0,
        &mut Numbering::Adding(texts),
        Share::Texts,
    );
    Frozen {
        bytes: bytes.into_boxed_slice(),
        file: record.file,
        kind: record.kind,
    }
}

/// The part of a tree to pack: at a node, all of it, or the named fields of its map (and of
/// each item of its list, alike).
pub trait Part {
    fn whole(&self) -> bool;
    /// The part of the field `key` to pack; `None` drops the field.
    fn field(&self, key: &str) -> Option<&Self>;
}

/// The record as if its tree had been pruned to `part` first, without building that tree.
pub fn freeze_part(record: &Record, part: &impl Part, texts: &mut Numbering) -> Frozen {
    let mut bytes = Vec::new();
    put_part(&mut bytes, &record.root, 0, part, texts);
    Frozen {
        bytes: bytes.into_boxed_slice(),
        file: record.file,
        kind: record.kind,
    }
}

/// The record as [`thaw`] gives it, pruned to `part` as [`freeze_part`] prunes: for a pass
/// over every case that reads a few fields, without building the rest.
pub fn thaw_part(frozen: &Frozen, part: &impl Part, texts: &Texts) -> Option<Record> {
    let mut reader = Reader {
        bytes: &frozen.bytes,
        at: 0,
        texts,
    };
    let root = reader.node_part(0, part)?;
    Some(Record {
        file: frozen.file,
        root,
        kind: frozen.kind,
    })
}

fn put_part(
    out: &mut Vec<u8>,
    node: &Node,
    parent_offset: usize,
    part: &impl Part,
    texts: &mut Numbering,
) {
    if part.whole() {
        return put_node(out, node, parent_offset, texts, Share::Texts);
    }
    let here = node.span.offset;
    match &node.value {
        Value::List(items) => {
            put_head(out, node, parent_offset, false);
            put_unsigned(out, items.len() as u64);
            items
                .iter()
                .for_each(|n| put_part(out, n, here, part, texts));
        }
        Value::Map(entries) => {
            // Each key looked up in the plan once, though its count is written first.
            let kept: Vec<_> = entries
                .iter()
                .filter_map(|(k, n)| Some((k, n, part.field(k)?)))
                .collect();
            put_head(out, node, parent_offset, false);
            put_unsigned(out, kept.len() as u64);
            for (k, n, p) in kept {
                put_key(out, k);
                if p.whole() {
                    put_node(out, n, here, texts, Share::of_field(k));
                } else {
                    put_part(out, n, here, p, texts);
                }
            }
        }
        _ => put_node(out, node, parent_offset, texts, Share::Texts),
    }
}

/// The record as it was frozen; `None` only if the bytes were not written by [`freeze`].
pub fn thaw(frozen: &Frozen, texts: &Texts) -> Option<Record> {
    let mut reader = Reader {
        bytes: &frozen.bytes,
        at: 0,
        texts,
    };
    let root = reader.node(0)?;
    Some(Record {
        file: frozen.file,
        root,
        kind: frozen.kind,
    })
}

fn put_node(
    out: &mut Vec<u8>,
    node: &Node,
    parent_offset: usize,
    texts: &mut Numbering,
    share: Share,
) {
    let number = match (&node.value, share) {
        (Value::Text(s), Share::Texts) => texts.number(s),
        _ => None,
    };
    put_head(out, node, parent_offset, number.is_some());
    let here = node.span.offset;
    match &node.value {
        Value::Null | Value::Bool(_) => {}
        Value::Int(i) => put_signed(out, *i),
        Value::Float(f) => out.extend_from_slice(&f.to_le_bytes()),
        Value::Text(s) => match number {
            Some(n) => put_unsigned(out, u64::from(n)),
            None => put_str(out, s),
        },
        Value::Date(d) => put_signed(out, i64::from(d.num_days_from_ce())),
        Value::List(items) => {
            put_unsigned(out, items.len() as u64);
            items
                .iter()
                .for_each(|n| put_node(out, n, here, texts, Share::Texts));
        }
        Value::Map(entries) => {
            put_unsigned(out, entries.len() as u64);
            for (k, n) in entries {
                put_key(out, k);
                put_node(out, n, here, texts, Share::of_field(k));
            }
        }
    }
}

/// Tag, offset and length: what every node starts with.
fn put_head(out: &mut Vec<u8>, node: &Node, parent_offset: usize, numbered: bool) {
    let tag = match &node.value {
        Value::Text(_) if numbered => SHARED,
        Value::Null => NULL,
        Value::Bool(false) => FALSE,
        Value::Bool(true) => TRUE,
        Value::Int(_) => INT,
        Value::Float(_) => FLOAT,
        Value::Text(_) => TEXT,
        Value::Date(_) => DATE,
        Value::List(_) => LIST,
        Value::Map(_) => MAP,
    };
    out.push(tag);
    put_signed(out, node.span.offset as i64 - parent_offset as i64);
    put_unsigned(out, node.span.len as u64);
}

/// A key: a known field name's number plus one (one byte), or zero and the key's text.
fn put_key(out: &mut Vec<u8>, key: &Key) {
    match key {
        Key::Known(n) => put_unsigned(out, u64::from(*n) + 1),
        Key::Other(text) => {
            put_unsigned(out, 0);
            put_str(out, text);
        }
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_unsigned(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_unsigned(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_signed(out: &mut Vec<u8>, n: i64) {
    put_unsigned(out, ((n << 1) ^ (n >> 63)) as u64);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    texts: &'a Texts,
}

impl<'a> Reader<'a> {
    fn node_part(&mut self, parent_offset: usize, part: &impl Part) -> Option<Node> {
        let start = self.at;
        let tag = self.byte()?;
        if part.whole() || !matches!(tag, LIST | MAP) {
            self.at = start;
            return self.node(parent_offset);
        }
        let offset = usize::try_from(parent_offset as i64 + self.signed()?).ok()?;
        let len = usize::try_from(self.unsigned()?).ok()?;
        let count = self.unsigned()?;
        let value = if tag == LIST {
            let items = (0..count)
                .map(|_| self.node_part(offset, part))
                .collect::<Option<_>>()?;
            Value::List(items)
        } else {
            let mut entries = Vec::new();
            for _ in 0..count {
                let key = self.key()?;
                match part.field(&key) {
                    Some(p) => entries.push((key, self.node_part(offset, p)?)),
                    None => self.skip()?,
                }
            }
            Value::Map(entries)
        };
        Some(Node::new(value, Span::new(offset, len)))
    }

    /// Passes over one node, building nothing.
    fn skip(&mut self) -> Option<()> {
        let tag = self.byte()?;
        self.signed()?;
        self.unsigned()?;
        match tag {
            NULL | FALSE | TRUE => {}
            INT | DATE => {
                self.signed()?;
            }
            FLOAT => {
                self.take(8)?;
            }
            TEXT => {
                let len = usize::try_from(self.unsigned()?).ok()?;
                self.take(len)?;
            }
            SHARED => {
                self.unsigned()?;
            }
            LIST => {
                for _ in 0..self.unsigned()? {
                    self.skip()?;
                }
            }
            MAP => {
                for _ in 0..self.unsigned()? {
                    self.key()?;
                    self.skip()?;
                }
            }
            _ => return None,
        }
        Some(())
    }

    fn node(&mut self, parent_offset: usize) -> Option<Node> {
        let tag = self.byte()?;
        let offset = usize::try_from(parent_offset as i64 + self.signed()?).ok()?;
        let len = usize::try_from(self.unsigned()?).ok()?;
        let value = match tag {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            INT => Value::Int(self.signed()?),
            FLOAT => Value::Float(f64::from_le_bytes(self.take(8)?.try_into().ok()?)),
            TEXT => Value::Text(self.string()?),
            SHARED => Value::Text(
                self.texts
                    .text(u32::try_from(self.unsigned()?).ok()?)?
                    .to_string(),
            ),
            DATE => Value::Date(NaiveDate::from_num_days_from_ce_opt(
                i32::try_from(self.signed()?).ok()?,
            )?),
            LIST => {
                let count = self.unsigned()?;
                let items = (0..count)
                    .map(|_| self.node(offset))
                    .collect::<Option<_>>()?;
                Value::List(items)
            }
            MAP => {
                let count = self.unsigned()?;
                let entries = (0..count)
                    .map(|_| Some((self.key()?, self.node(offset)?)))
                    .collect::<Option<_>>()?;
                Value::Map(entries)
            }
            _ => return None,
        };
        Some(Node::new(value, Span::new(offset, len)))
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.bytes;
        let slice = bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn key(&mut self) -> Option<Key> {
        match self.unsigned()? {
            0 => {
                let len = usize::try_from(self.unsigned()?).ok()?;
                let text = std::str::from_utf8(self.take(len)?).ok()?;
                Some(Key::Other(text.into()))
            }
            n => Some(Key::Known(u8::try_from(n - 1).ok()?)),
        }
    }

    fn string(&mut self) -> Option<String> {
        let len = usize::try_from(self.unsigned()?).ok()?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }

    fn unsigned(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn signed(&mut self) -> Option<i64> {
        let z = self.unsigned()?;
        Some(((z >> 1) as i64) ^ -((z & 1) as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_of(json: &str, shift: usize) -> Record {
        Record {
            file: 3,
            root: crate::load::parse_json_value_shifted(json, json, shift).unwrap(),
            kind: Some(Kind::Case),
        }
    }

    fn round_trip(record: &Record) -> Record {
        let mut texts = Texts::default();
        thaw(&freeze(record, &mut texts), &texts).unwrap()
    }

    #[test]
    fn a_repeated_text_is_held_once_and_a_case_id_never() {
        let json = |id: &str| {
            format!(r#"{{"case_id": "{id}", "unit": {{"name": "中国科学院某研究所"}}}}"#)
        };
        let mut texts = Texts::default();
        let first = freeze(&record_of(&json("2025-2-07"), 0), &mut texts);
        let second = freeze(&record_of(&json("2025-2-08"), 0), &mut texts);
        assert_eq!(texts.len(), 1);
        assert_eq!(texts.text(0), Some("中国科学院某研究所"));
        let holds =
            |bytes: &[u8], text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
        assert!(!holds(&first.bytes, "中国科学院某研究所"));
        assert!(holds(&first.bytes, "2025-2-07"));
        assert_eq!(
            thaw(&second, &texts).unwrap().root,
            record_of(&json("2025-2-08"), 0).root
        );
    }

    #[test]
    fn thawing_gives_back_the_same_tree_and_spans() {
        let json = r#"{"kind": "case", "case_id": "2025-2-07", "n": -12, "x": 1.5, "ok": true,
            "none": null, "unit": {"name": "中国科学院某研究所"}, "problems": [{"id": "P1", "eight_rules": false}, []]}"#;
        for shift in [0, 1 << 33] {
            let record = record_of(json, shift);
            let back = round_trip(&record);
            assert_eq!(back.root, record.root);
            assert_eq!((back.file, back.kind), (3, Some(Kind::Case)));
        }
    }

    #[test]
    fn dates_and_extreme_numbers_survive() {
        let mut record = record_of(r#"{"a": 1, "b": 2}"#, 0);
        if let Value::Map(entries) = &mut record.root.value {
            entries[0].1.value = Value::Date(NaiveDate::from_ymd_opt(2026, 2, 20).unwrap());
            entries[1].1.value = Value::Int(i64::MIN);
        }
        assert_eq!(round_trip(&record).root, record.root);
    }

    proptest::proptest! {
        #[test]
        fn any_parsed_record_survives(json in r#"\{("[a-z中]{0,3}": ([0-9]{1,3}|"[^"\\]{0,4}"|\[[0-9,]{0,5}\]|null|true), ){0,4}"z": 0\}"#) {
            if let Ok(node) = crate::load::parse_json_value(&json, &json) {
                let record = Record { file: 0, root: node, kind: None };
                proptest::prop_assert_eq!(round_trip(&record).root, record.root);
            }
        }
    }
}
