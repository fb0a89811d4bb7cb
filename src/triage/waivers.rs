//! `--waivers FILE`: findings a named person has accepted, for a reason, until a date.
//!
//! The file is a YAML list of maps with `rule` (id or prefix), `case_id` (or `round_id` for a
//! round's own findings), optional `item` (an item id), `reason`, `approved_by` and optional
//! `expires` (the last day the waiver is in force). Mistakes are reported at their line and
//! column, and stop the run (exit status 2).

use chrono::NaiveDate;

use super::{line_col, rule_matches};
use crate::finding::Finding;
use crate::model::{Node, Span, Value};
use crate::text::Msg;

const KEYS: &[&str] = &[
    "rule",
    "case_id",
    "round_id",
    "item",
    "reason",
    "approved_by",
    "expires",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Case {
        case_id: String,
        item: Option<String>,
    },
    Round(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub rule: String,
    pub record: Record,
    pub reason: String,
    pub approved_by: String,
    /// The last day the waiver is in force.
    pub expires: Option<NaiveDate>,
    /// Where the waiver starts in its file, e.g. `waivers.yaml:12:3`, for messages about it.
    pub place: String,
}

impl Waiver {
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.expires.is_none_or(|last| as_of <= last)
    }

    pub fn covers(&self, f: &Finding) -> bool {
        if !rule_matches(&self.rule, &f.rule) {
            return false;
        }
        match &self.record {
            Record::Case { case_id, item } => {
                f.case_id.as_ref() == Some(case_id)
                    && item
                        .as_ref()
                        .is_none_or(|id| f.item.as_ref().and_then(|i| i.id.as_ref()) == Some(id))
            }
            Record::Round(round) => {
                f.case_id.is_none() && f.round_id.as_deref() == Some(round.as_str())
            }
        }
    }

    fn describe(&self) -> String {
        let record = match &self.record {
            Record::Case {
                case_id,
                item: None,
            } => case_id.clone(),
            Record::Case {
                case_id,
                item: Some(item),
            } => format!("{case_id} / {item}"),
            Record::Round(round) => round.clone(),
        };
        format!("{} {} {record}", self.place, self.rule)
    }
}

/// Reads a waiver file; `name` is how messages name it.
pub fn parse(name: &str, text: &str) -> Result<Vec<Waiver>, Msg> {
    let at = |span: Span, zh: String, en: String| {
        let (line, column) = line_col(text, span.offset);
        Msg::new(
            format!("豁免文件 {name}:{line}:{column}：{zh}"),
            format!("waiver file {name}:{line}:{column}: {en}"),
        )
    };
    let docs = crate::load::yaml_documents(text).map_err(|e| {
        let offset = e
            .location()
            .and_then(|l| l.span().byte_offset())
            .unwrap_or(0);
        let first = e.to_string().lines().next().unwrap_or_default().to_string();
        at(
            Span::new(offset as usize, 0),
            format!("YAML 语法错误：{first}"),
            format!("YAML syntax error: {first}"),
        )
    })?;
    let Some(root) = docs.into_iter().find(|d| d.value != Value::Null) else {
        return Ok(Vec::new());
    };
    let Value::List(items) = &root.value else {
        return Err(at(
            root.span,
            "应为豁免条目的列表".into(),
            "expected a list of waivers".into(),
        ));
    };
    items
        .iter()
        .map(|item| waiver(item, name, text, &at))
        .collect()
}

type At<'a> = dyn Fn(Span, String, String) -> Msg + 'a;

fn waiver(node: &Node, name: &str, text: &str, at: &At) -> Result<Waiver, Msg> {
    let Value::Map(entries) = &node.value else {
        return Err(at(
            node.span,
            "豁免条目应为键值映射".into(),
            "a waiver must be a map".into(),
        ));
    };
    if let Some((key, value)) = entries.iter().find(|(k, _)| !KEYS.contains(&k.as_str())) {
        return Err(at(
            value.span,
            format!("未知的键 `{key}`（可用：{}）", KEYS.join(", ")),
            format!("unknown key `{key}` (expected one of: {})", KEYS.join(", ")),
        ));
    }
    let field = |key: &str| -> Result<Option<String>, Msg> {
        let Some(value) = node.get(key) else {
            return Ok(None);
        };
        match value.as_text().map(|s| s.trim().to_string()) {
            Some(s) if !s.is_empty() => Ok(Some(s)),
            _ => Err(at(
                value.span,
                format!("`{key}` 应为非空文本"),
                format!("`{key}` must be non-empty text"),
            )),
        }
    };
    let required = |key: &str| -> Result<String, Msg> {
        field(key)?.ok_or_else(|| {
            at(
                node.span,
                format!("豁免条目缺少 `{key}`"),
                format!("the waiver has no `{key}`"),
            )
        })
    };
    let record = match (field("case_id")?, field("round_id")?) {
        (Some(case_id), None) => Record::Case {
            case_id,
            item: field("item")?,
        },
        (None, Some(round)) if node.get("item").is_none() => Record::Round(round),
        _ => {
            return Err(at(
                node.span,
                "豁免条目须且只须写明 `case_id`（可加 `item`）或 `round_id` 之一".into(),
                "a waiver names exactly one of `case_id` (with an optional `item`) or `round_id`"
                    .into(),
            ));
        }
    };
    let expires = match field("expires")? {
        None => None,
        Some(s) => Some(NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
            let span = node.get("expires").map_or(node.span, |n| n.span);
            at(
                span,
                format!("`expires` 应为 YYYY-MM-DD 日期，而不是 `{s}`"),
                format!("`expires` must be a YYYY-MM-DD date, not `{s}`"),
            )
        })?),
    };
    let (line, column) = line_col(text, node.span.offset);
    Ok(Waiver {
        rule: required("rule")?,
        record,
        reason: required("reason")?,
        approved_by: required("approved_by")?,
        expires,
        place: format!("{name}:{line}:{column}"),
    })
}

/// The waiver that sets `f` aside on `as_of`: the first in force that covers it.
pub fn waiver_of<'w>(waivers: &'w [Waiver], f: &Finding, as_of: NaiveDate) -> Option<&'w Waiver> {
    waivers.iter().find(|w| w.in_force(as_of) && w.covers(f))
}

/// Splits findings into reported and waived, with a warning for each expired or unused waiver.
pub fn apply(
    waivers: &[Waiver],
    findings: Vec<Finding>,
    as_of: NaiveDate,
) -> (Vec<Finding>, Vec<Finding>, Vec<Msg>) {
    let mut used = vec![false; waivers.len()];
    let (mut reported, mut waived) = (Vec::new(), Vec::new());
    for f in findings {
        let by = waivers
            .iter()
            .position(|w| w.in_force(as_of) && w.covers(&f));
        match by {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                waived.push(f);
            }
            None => reported.push(f),
        }
    }
    let warnings = waivers
        .iter()
        .zip(used)
        .filter_map(|(w, used)| warning(w, used, as_of))
        .collect();
    (reported, waived, warnings)
}

fn warning(w: &Waiver, used: bool, as_of: NaiveDate) -> Option<Msg> {
    let what = w.describe();
    match w.expires {
        Some(last) if as_of > last => Some(Msg::new(
            format!("豁免已于 {last} 到期，不再生效：{what}"),
            format!("waiver expired on {last} and no longer applies: {what}"),
        )),
        _ if !used => Some(Msg::new(
            format!("豁免未匹配任何发现：{what}"),
            format!("waiver matches no finding: {what}"),
        )),
        _ => None,
    }
}
