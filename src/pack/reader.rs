//! Reading rule-file nodes with errors that name the place: wrong shapes, unknown keys,
//! missing keys.

use chrono::NaiveDate;

use super::PackError;
use crate::model::{Node, Span, Value};
use crate::text::Msg;

/// One rule file being compiled.
pub struct FileCx<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl<'a> FileCx<'a> {
    pub fn error(&self, span: Span, zh: impl Into<String>, en: impl Into<String>) -> PackError {
        PackError::at(self.file, self.text, span, Msg::new(zh, en))
    }

    /// The span of `key` itself, found just before its value (nodes carry value spans only).
    pub fn key_span(&self, key: &str, value: &Node) -> Span {
        let before = &self.text[..value.span.offset.min(self.text.len())];
        let window_start = before.len().saturating_sub(key.len() + 256);
        let window_start = (window_start..before.len())
            .find(|&i| before.is_char_boundary(i))
            .unwrap_or(before.len());
        match before[window_start..].rfind(key) {
            Some(i) => Span::new(window_start + i, key.len()),
            None => value.span,
        }
    }

    /// The entries of a map node, after checking every key is one of `allowed`.
    pub fn map<'n>(
        &self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Result<Fields<'n>, PackError> {
        let Value::Map(entries) = &node.value else {
            return Err(self.error(
                node.span,
                format!("{what} 应为键值映射"),
                format!("{what} must be a map"),
            ));
        };
        for (key, value) in entries {
            if !allowed.contains(&key.as_str()) {
                let hint = closest(key, allowed).map(|k| {
                    (
                        format!("，是否应为 `{k}`？"),
                        format!("; did you mean `{k}`?"),
                    )
                });
                let (hz, he) = hint.unwrap_or_default();
                return Err(self.error(
                    self.key_span(key, value),
                    format!(
                        "{what} 中有未知的键 `{key}`{hz}（可用：{}）",
                        allowed.join(", ")
                    ),
                    format!(
                        "unknown key `{key}` in {what}{he} (expected one of: {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(Fields { node, entries })
    }

    pub fn text(&self, node: &Node, what: &str) -> Result<String, PackError> {
        match &node.value {
            Value::Text(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            Value::Int(i) => Ok(i.to_string()),
            _ => Err(self.error(
                node.span,
                format!("{what} 应为非空文本"),
                format!("{what} must be non-empty text"),
            )),
        }
    }

    pub fn int(&self, node: &Node, what: &str) -> Result<i64, PackError> {
        match &node.value {
            Value::Int(i) => Ok(*i),
            _ => Err(self.error(
                node.span,
                format!("{what} 应为整数"),
                format!("{what} must be an integer"),
            )),
        }
    }

    pub fn bool(&self, node: &Node, what: &str) -> Result<bool, PackError> {
        match &node.value {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.error(
                node.span,
                format!("{what} 应为 true 或 false"),
                format!("{what} must be true or false"),
            )),
        }
    }

    pub fn date(&self, node: &Node, what: &str) -> Result<NaiveDate, PackError> {
        let text = self.text(node, what)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
            self.error(
                node.span,
                format!("{what} 应为 YYYY-MM-DD 日期"),
                format!("{what} must be a YYYY-MM-DD date"),
            )
        })
    }

    pub fn list<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [Node], PackError> {
        node.as_list().ok_or_else(|| {
            self.error(
                node.span,
                format!("{what} 应为列表"),
                format!("{what} must be a list"),
            )
        })
    }

    pub fn texts(&self, node: &Node, what: &str) -> Result<Vec<String>, PackError> {
        self.list(node, what)?
            .iter()
            .map(|n| self.text(n, what))
            .collect()
    }

    /// A `{zh: …, en: …}` text; both languages are required.
    pub fn msg(&self, node: &Node, what: &str) -> Result<Msg, PackError> {
        let f = self.map(node, what, &["zh", "en"])?;
        Ok(Msg::new(
            self.text(f.req(self, "zh", what)?, what)?,
            self.text(f.req(self, "en", what)?, what)?,
        ))
    }
}

pub struct Fields<'a> {
    pub node: &'a Node,
    entries: &'a [(crate::model::Key, Node)],
}

impl<'a> Fields<'a> {
    pub fn opt(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|n| n.value != Value::Null)
    }

    pub fn req(&self, cx: &FileCx, key: &str, what: &str) -> Result<&'a Node, PackError> {
        self.opt(key).ok_or_else(|| {
            cx.error(
                self.node.span,
                format!("{what} 缺少必填的键 `{key}`"),
                format!("{what} lacks the required key `{key}`"),
            )
        })
    }

    pub fn keys(&self) -> impl Iterator<Item = (&'a str, &'a Node)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// The allowed key nearest to a misspelt one, when it is close enough to be a typo.
fn closest<'k>(key: &str, allowed: &[&'k str]) -> Option<&'k str> {
    allowed
        .iter()
        .map(|a| (edit_distance(key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min()
        .map(|(_, a)| a)
}

#[allow(clippy::indexing_slicing)] // `row` has `b.len() + 1` cells and `j < b.len()`
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
