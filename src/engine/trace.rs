//! What one rule reads from one record, value by value, for `explain`: the same contexts and
//! path resolution the evaluation uses, so an explanation cannot disagree with a finding.

use chrono::NaiveDate;

use super::{contexts, in_force};
use crate::model::{FileId, Node, Span, Value};
use crate::pack::index::Index;
use crate::pack::{Pack, Rule};

/// One value a path reached, or the place where it is missing.
#[derive(Debug, Clone)]
pub struct Fact {
    pub path: String,
    /// `None`: not recorded (the place is the record or list that lacks it).
    pub value: Option<String>,
    pub file: FileId,
    pub span: Span,
}

/// One thing the rule looks at: the record, or one item of its `each` list.
#[derive(Debug, Clone)]
pub struct Context {
    pub item: Option<String>,
    /// Whether the rule's `when` holds (true when it has none).
    pub applies: bool,
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone)]
pub struct Trace {
    /// Inside the pack's own period of validity (by its scope field).
    pub in_pack_scope: bool,
    /// Inside the rule's own period of validity.
    pub in_force: bool,
    pub contexts: Vec<Context>,
}

/// The trace of `rule` over record `index` of `records`.
pub fn trace(
    records: &[crate::model::Record],
    pack: &Pack,
    rule: &Rule,
    index: usize,
    as_of: NaiveDate,
) -> Trace {
    let ix = Index::for_pack(records, pack);
    #[allow(clippy::indexing_slicing)] // the caller found `index` in `records`
    let record = &records[index];
    let contexts = contexts(&ix, pack, rule, record, as_of)
        .iter()
        .map(|cx| {
            let mut facts = Vec::new();
            rule.visit_paths(&mut |path| {
                let resolved = cx.resolve(path);
                let recorded: Vec<Fact> = resolved
                    .recorded()
                    .map(|hit| Fact {
                        path: path.to_string(),
                        value: Some(shown(hit.node)),
                        file: hit.file,
                        span: hit.node.span,
                    })
                    .collect();
                if recorded.is_empty() && !facts.iter().any(|f: &Fact| f.path == path.to_string()) {
                    facts.push(Fact {
                        path: path.to_string(),
                        value: None,
                        file: resolved.anchor.file,
                        span: resolved.anchor.node.span,
                    });
                }
                for fact in recorded {
                    let seen = facts
                        .iter()
                        .any(|f: &Fact| f.path == fact.path && f.span == fact.span);
                    if !seen {
                        facts.push(fact);
                    }
                }
            });
            Context {
                item: cx.item.and_then(|i| i.id.map(str::to_owned)),
                applies: rule.when.as_ref().is_none_or(|w| cx.holds(w)),
                facts,
            }
        })
        .collect();
    Trace {
        in_pack_scope: ix.in_scope(index),
        in_force: in_force(&ix, pack, rule, record),
        contexts,
    }
}

fn shown(node: &Node) -> String {
    match &node.value {
        Value::List(items) => {
            let texts: Vec<String> = items.iter().filter_map(Node::as_text).collect();
            format!("[{}]", texts.join(", "))
        }
        Value::Map(_) => "{…}".into(),
        _ => node.as_text().unwrap_or_default(),
    }
}
