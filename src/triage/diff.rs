//! `clausecheck diff OLD.json NEW.json`: findings new, resolved and still open between two
//! sweeps, matched by rule and record identity (multiset: each old finding pairs with at most
//! one new one).

use std::collections::HashMap;
use std::fmt::Write;

use serde_json::{Value, json};

use super::Identity;
use crate::text::Lang;

#[derive(Debug, Default)]
pub struct Diff {
    pub new: Vec<Value>,
    pub resolved: Vec<Value>,
    /// Still open: the finding as the newer sweep reports it.
    pub open: Vec<Value>,
}

pub fn diff(old: &[Value], new: &[Value]) -> Diff {
    let mut unmatched_old: HashMap<Identity, Vec<usize>> = HashMap::new();
    for (i, f) in old.iter().enumerate().rev() {
        if let Some(id) = Identity::from_json(f) {
            unmatched_old.entry(id).or_default().push(i);
        }
    }
    let mut out = Diff::default();
    let mut matched = vec![false; old.len()];
    for f in new {
        let pair = Identity::from_json(f)
            .and_then(|id| unmatched_old.get_mut(&id))
            .and_then(Vec::pop);
        match pair {
            Some(i) => {
                if let Some(m) = matched.get_mut(i) {
                    *m = true;
                }
                out.open.push(f.clone());
            }
            None => out.new.push(f.clone()),
        }
    }
    out.resolved = old
        .iter()
        .zip(matched)
        .filter(|(_, m)| !m)
        .map(|(f, _)| f.clone())
        .collect();
    out
}

impl Diff {
    /// 1 when the newer sweep has findings the older did not, as a check fails on findings.
    pub fn exit_status(&self) -> u8 {
        u8::from(!self.new.is_empty())
    }

    pub fn to_json(&self) -> String {
        let v = json!({
            "summary": {"new": self.new.len(), "resolved": self.resolved.len(), "open": self.open.len()},
            "new": self.new,
            "resolved": self.resolved,
            "open": self.open,
        });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn to_human(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let mut out = String::new();
        let sections = [
            (&self.new, "新增", "new"),
            (&self.resolved, "已解决", "resolved"),
            (&self.open, "仍未解决", "still open"),
        ];
        for (list, zh, en_name) in sections {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{} ({}):", if en { en_name } else { zh }, list.len());
            for f in list {
                let _ = writeln!(out, "  {}", line(f));
            }
        }
        let (n, r, o) = (self.new.len(), self.resolved.len(), self.open.len());
        let _ = if en {
            writeln!(out, "{n} new, {r} resolved, {o} still open.")
        } else {
            writeln!(out, "新增 {n} 项，已解决 {r} 项，仍未解决 {o} 项。")
        };
        out
    }
}

fn line(f: &Value) -> String {
    let id = Identity::from_json(f)
        .map(|i| i.record_name())
        .unwrap_or_default();
    let text = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or_default();
    let field = match text("field") {
        "" => String::new(),
        name => format!(" {name}"),
    };
    format!("{} {id}{field}: {}", text("rule"), text("message"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, case: &str, line: u64) -> Value {
        json!({"rule": rule, "case_id": case, "round_id": null, "unit": null, "item": null,
               "field": "x", "message": "m", "location": {"line": line}})
    }

    #[test]
    fn matches_by_identity_not_line_and_counts_duplicates() {
        let old = [
            finding("a.b", "C1", 1),
            finding("a.b", "C1", 2),
            finding("a.c", "C2", 3),
        ];
        let new = [finding("a.b", "C1", 40), finding("a.d", "C3", 41)];
        let d = diff(&old, &new);
        assert_eq!(d.open.len(), 1);
        assert_eq!(d.open[0]["location"]["line"], 40);
        assert_eq!(d.new.len(), 1);
        assert_eq!(d.new[0]["rule"], "a.d");
        assert_eq!(d.resolved.len(), 2);
        assert_eq!(d.exit_status(), 1);
        assert_eq!(diff(&old, &old[..1]).exit_status(), 0);
    }
}
