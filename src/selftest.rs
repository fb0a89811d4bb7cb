//! Rule fixtures: small exports that declare the findings a rule must produce, in the manner of
//! `semgrep --test`. Each file names a rule (or prefix), an evaluation date, its records and
//! exactly the expected findings of that rule; anything missing or extra fails.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::engine::{self, Options};
use crate::finding::Finding;
use crate::load::{Export, yaml_documents};
use crate::model::{Node, Value};
use crate::pack::Pack;

/// One expected finding; absent keys are not compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expected {
    pub rule: Option<String>,
    pub case_id: Option<Option<String>>,
    pub round_id: Option<Option<String>>,
    pub unit: Option<Option<String>>,
    pub item: Option<Option<String>>,
    pub status: Option<String>,
    pub due: Option<String>,
    pub days_over: Option<i64>,
    pub field: Option<String>,
    /// Who must act, as the finding names it.
    pub responsible: Option<String>,
    /// `red`, `yellow`, `green`, or null for none.
    pub light: Option<Option<String>>,
    pub provisional: Option<bool>,
}

#[derive(Debug)]
pub struct FixtureResult {
    pub file: PathBuf,
    pub missing: Vec<Expected>,
    pub extra: Vec<String>,
    pub error: Option<String>,
}

impl FixtureResult {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// The fixture files of a pack folder (`tests/*.yaml`), sorted.
pub fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

pub fn run_fixture(path: &Path, packs: &[Pack], cal: &Calendar) -> FixtureResult {
    match std::fs::read_to_string(path) {
        Ok(text) => run_fixture_text(path, &text, packs, cal),
        Err(e) => FixtureResult {
            file: path.to_path_buf(),
            missing: Vec::new(),
            extra: Vec::new(),
            error: Some(e.to_string()),
        },
    }
}

/// As [`run_fixture`], for a fixture already read (the built-in pack's are compiled in).
pub fn run_fixture_text(path: &Path, text: &str, packs: &[Pack], cal: &Calendar) -> FixtureResult {
    let mut result = FixtureResult {
        file: path.to_path_buf(),
        missing: Vec::new(),
        extra: Vec::new(),
        error: None,
    };
    match evaluate_fixture(path, text, packs, cal) {
        Ok((expected, findings)) => compare(&mut result, expected, &findings),
        Err(e) => result.error = Some(e),
    }
    result
}

fn evaluate_fixture(
    path: &Path,
    text: &str,
    packs: &[Pack],
    cal: &Calendar,
) -> Result<(Vec<Expected>, Vec<Finding>), String> {
    let docs = yaml_documents(text).map_err(|e| e.to_string())?;
    let doc = docs.first().ok_or("empty fixture")?;
    let rule = doc
        .get("rule")
        .and_then(Node::as_text)
        .ok_or("fixture lacks `rule`")?;
    let as_of = doc
        .get("as_of")
        .and_then(Node::as_text)
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        .ok_or("fixture lacks a YYYY-MM-DD `as_of`")?;
    let records = doc
        .get("records")
        .and_then(Node::as_list)
        .ok_or("fixture lacks `records`")?;
    let mut export = Export::default();
    export.add_records(
        path.display().to_string(),
        text.to_string(),
        records.to_vec(),
    );
    let expected = doc
        .get("expect")
        .and_then(Node::as_list)
        .unwrap_or(&[])
        .iter()
        .map(|e| expectation(e, &rule))
        .collect();
    let opts = Options {
        as_of,
        select: vec![rule],
        ignore: Vec::new(),
        include_open: doc
            .get("include_open")
            .is_some_and(|n| matches!(n.value, Value::Bool(true))),
        data_responsible: None,
    };
    Ok((
        expected,
        engine::evaluate(&export, packs, cal, &opts).findings,
    ))
}

fn opt_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::Null => None,
        _ => n.as_text(),
    }
}

fn expectation(node: &Node, rule: &str) -> Expected {
    let text = |k: &str| node.get(k).and_then(opt_text);
    let nullable = |k: &str| node.get(k).map(opt_text);
    Expected {
        rule: text("rule").or_else(|| Some(rule.to_string())),
        case_id: nullable("case_id"),
        round_id: nullable("round_id"),
        unit: nullable("unit"),
        item: nullable("item"),
        status: text("status"),
        due: text("due"),
        days_over: node.get("days_over").and_then(|n| match n.value {
            Value::Int(i) => Some(i),
            _ => None,
        }),
        field: text("field"),
        responsible: text("responsible"),
        light: nullable("light"),
        provisional: node.get("provisional").and_then(|n| match n.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }),
    }
}

fn matches(e: &Expected, f: &Finding) -> bool {
    let light = f.deadline.as_ref().and_then(|d| d.light);
    let eq = |want: &Option<Option<String>>, got: Option<&str>| {
        want.as_ref().is_none_or(|w| w.as_deref() == got)
    };
    e.rule.as_ref().is_none_or(|r| **r == *f.rule)
        && eq(&e.case_id, f.case_id.as_deref())
        && eq(&e.round_id, f.round_id.as_deref())
        && eq(&e.unit, f.unit.as_deref())
        && eq(&e.item, f.item.as_ref().and_then(|i| i.id.as_deref()))
        && e.status.as_ref().is_none_or(|s| s == f.status.as_str())
        && e.due
            .as_ref()
            .is_none_or(|d| f.deadline.as_ref().is_some_and(|x| x.due.to_string() == *d))
        && e.days_over
            .is_none_or(|d| f.deadline.as_ref().is_some_and(|x| x.days_over == d))
        && e.field
            .as_ref()
            .is_none_or(|x| f.field.as_deref() == Some(x.as_str()))
        && e.responsible
            .as_ref()
            .is_none_or(|x| f.responsible.as_deref() == Some(x.as_str()))
        && eq(&e.light, light.map(|l| l.as_str()))
        && e.provisional.is_none_or(|p| p == f.is_provisional())
}

fn compare(result: &mut FixtureResult, expected: Vec<Expected>, findings: &[Finding]) {
    let mut used = vec![false; findings.len()];
    for e in expected {
        match findings
            .iter()
            .enumerate()
            .find(|(i, f)| used.get(*i) == Some(&false) && matches(&e, f))
        {
            Some((i, _)) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
            None => result.missing.push(e),
        }
    }
    for (f, _) in findings.iter().zip(&used).filter(|(_, u)| !**u) {
        result.extra.push(describe(f));
    }
}

pub fn describe(f: &Finding) -> String {
    let mut s = format!(
        "{{rule: {}, case_id: {}, round_id: {}, item: {}, status: {}",
        f.rule,
        f.case_id.as_deref().unwrap_or("null"),
        f.round_id.as_deref().unwrap_or("null"),
        f.item
            .as_ref()
            .and_then(|i| i.id.as_deref())
            .unwrap_or("null"),
        f.status.as_str()
    );
    if let Some(d) = &f.deadline {
        s.push_str(&format!(", due: {}, days_over: {}", d.due, d.days_over));
        if let Some(light) = d.light {
            s.push_str(&format!(", light: {}", light.as_str()));
        }
        if d.provisional() {
            s.push_str(", provisional: true");
        }
    }
    if let Some(who) = &f.responsible {
        s.push_str(&format!(", responsible: {who}"));
    }
    s.push('}');
    s
}

impl std::fmt::Display for Expected {
    /// The keys the fixture gave, in the fixture's own notation.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "null".into());
        let mut parts = Vec::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{k}: {v}"));
            }
        };
        put("rule", self.rule.clone());
        put("case_id", self.case_id.as_ref().map(shown));
        put("round_id", self.round_id.as_ref().map(shown));
        put("unit", self.unit.as_ref().map(shown));
        put("item", self.item.as_ref().map(shown));
        put("status", self.status.clone());
        put("due", self.due.clone());
        put("days_over", self.days_over.map(|d| d.to_string()));
        put("field", self.field.clone());
        put("responsible", self.responsible.clone());
        put("light", self.light.as_ref().map(shown));
        put("provisional", self.provisional.map(|p| p.to_string()));
        write!(f, "{{{}}}", parts.join(", "))
    }
}
