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
    /// Of those still open, the deadlines that grew worse: open → due soon → overdue, or more
    /// days over than before.
    pub escalated: Vec<Value>,
    /// Of those still open, the ones that were provisional and no longer are: the calendar now
    /// covers the year their verdict rested on.
    pub settled: Vec<Value>,
}

/// How pressing a deadline's status is; `None` for findings that are not open deadlines.
fn urgency(f: &Value) -> Option<u8> {
    match f.get("status")?.as_str()? {
        "open" => Some(0),
        "due_soon" => Some(1),
        "overdue" => Some(2),
        _ => None,
    }
}

/// Whether the same deadline is worse in `new` than in `old`.
fn escalated(old: &Value, new: &Value) -> bool {
    let days = |f: &Value| f.get("days_over").and_then(Value::as_i64);
    match (urgency(old), urgency(new)) {
        (Some(a), Some(b)) if b > a => true,
        (Some(2), Some(2)) => days(new) > days(old),
        _ => false,
    }
}

fn provisional(f: &Value) -> bool {
    f.get("provisional").and_then(Value::as_bool) == Some(true)
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
                if let Some(before) = old.get(i) {
                    if escalated(before, f) {
                        out.escalated.push(f.clone());
                    }
                    if provisional(before) && !provisional(f) {
                        out.settled.push(f.clone());
                    }
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
            "summary": {"new": self.new.len(), "resolved": self.resolved.len(), "open": self.open.len(),
                        "escalated": self.escalated.len(), "settled": self.settled.len()},
            "new": self.new,
            "resolved": self.resolved,
            "open": self.open,
            "escalated": self.escalated,
            "settled": self.settled,
        });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn to_human(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let mut out = String::new();
        let singled_out = |f: &&Value| !self.escalated.contains(f) && !self.settled.contains(f);
        let still_open: Vec<Value> = self.open.iter().filter(singled_out).cloned().collect();
        let sections = [
            (&self.new, "新增", "new"),
            (
                &self.escalated,
                "升级（期限状态恶化）",
                "escalated (the deadline grew worse)",
            ),
            (
                &self.settled,
                "待定已确定（日历已补齐）",
                "settled (the calendar now covers the year)",
            ),
            (&self.resolved, "已解决", "resolved"),
            (&still_open, "仍未解决", "still open"),
        ];
        for (list, zh, en_name) in sections {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{} ({}):", if en { en_name } else { zh }, list.len());
            for f in list {
                let mark = match (provisional(f), en) {
                    (false, _) => "",
                    (true, true) => " [provisional]",
                    (true, false) => " [待定]",
                };
                let _ = writeln!(out, "  {}{mark}", line(f));
            }
        }
        let (n, r, o) = (self.new.len(), self.resolved.len(), self.open.len());
        let (e, s) = (self.escalated.len(), self.settled.len());
        let _ = if en {
            writeln!(
                out,
                "{n} new, {r} resolved, {o} still open ({e} escalated, {s} settled)."
            )
        } else {
            writeln!(
                out,
                "新增 {n} 项，已解决 {r} 项，仍未解决 {o} 项（其中升级 {e} 项，待定已确定 {s} 项）。"
            )
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

    fn deadline(status: &str, days_over: i64, provisional: bool) -> Value {
        let mut f = finding("a.b", "C1", 1);
        f["status"] = json!(status);
        f["days_over"] = json!(days_over);
        f["provisional"] = json!(provisional);
        f
    }

    #[test]
    fn escalations_and_settled_verdicts_are_their_own_groups() {
        let cases = [
            (
                deadline("open", -20, false),
                deadline("due_soon", -5, false),
                true,
            ),
            (
                deadline("due_soon", -5, false),
                deadline("overdue", 3, false),
                true,
            ),
            (
                deadline("overdue", 3, false),
                deadline("overdue", 33, false),
                true,
            ),
            (
                deadline("overdue", 3, false),
                deadline("overdue", 3, false),
                false,
            ),
            (
                deadline("overdue", 3, false),
                deadline("due_soon", -1, false),
                false,
            ),
            (
                deadline("late", 3, false),
                deadline("late", 9, false),
                false,
            ),
        ];
        for (old, new, worse) in cases {
            let d = diff(std::slice::from_ref(&old), std::slice::from_ref(&new));
            assert_eq!(d.escalated.len(), usize::from(worse), "{old} → {new}");
            assert_eq!(d.open.len(), 1);
        }
        let d = diff(
            &[deadline("overdue", 3, true)],
            &[deadline("overdue", 4, false)],
        );
        assert_eq!(d.settled.len(), 1);
        assert!(
            d.to_human(Lang::En)
                .contains("settled (the calendar now covers the year) (1)")
        );
        let d = diff(
            &[deadline("overdue", 3, true)],
            &[deadline("overdue", 4, true)],
        );
        assert!(d.settled.is_empty());
        let gone = diff(&[deadline("due_soon", -3, true)], &[]);
        assert!(gone.to_human(Lang::Zh).contains("[待定]"));
    }
}
