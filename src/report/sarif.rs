// Only `serde_json::Value` objects built by `json!` in this file are indexed, and `IndexMut` on
// an object inserts the key: it cannot panic.
#![allow(clippy::indexing_slicing)]
//! `--format sarif`: SARIF 2.1.0 for code scanning. One reporting descriptor per rule (the
//! article's text as its full description); results carry `partialFingerprints` computed from
//! rule and record identity, not lines, so a finding keeps its alert across exports. Waived
//! findings are included as suppressed results; warnings become tool notifications.

use serde_json::{Map, Value, json};

use super::{RuleInfo, RunReport};
use crate::finding::Finding;
use crate::pack::Severity;
use crate::triage::Identity;

/// The key of our fingerprint in `partialFingerprints`; bump the version if [`Identity`] changes.
pub const FINGERPRINT_KEY: &str = "clausecheck/recordIdentity/v1";

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_text(out, &crate::text::json_inert(render(r)))
}

pub fn render(r: &RunReport) -> String {
    let catalog = r.rule_catalog();
    let mut results: Vec<Value> = r.findings.iter().map(|f| result(r, &catalog, f)).collect();
    for f in r.waived.unwrap_or_default() {
        let mut res = result(r, &catalog, f);
        res["suppressions"] = json!([{"kind": "external", "status": "accepted"}]);
        results.push(res);
    }
    let notifications: Vec<Value> = r
        .warnings
        .iter()
        .map(|w| json!({"level": "warning", "message": {"text": w.get(r.lang)}}))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "clausecheck",
                "fullName": format!("clausecheck {} ({})", env!("CARGO_PKG_VERSION"), r.pack_id),
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": catalog.iter().map(|d| descriptor(r, d)).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "as_of": r.as_of.to_string(),
                "pack": {"id": r.pack_id, "title": r.pack_title.get(r.lang)},
            },
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule's name as SARIF viewers show it: its last id segment in upper camel case
/// (`cas62.16.clue-feedback` → `ClueFeedback`).
fn rule_name(id: &str) -> String {
    let last = id.rsplit('.').next().unwrap_or(id);
    last.split(['-', '_'])
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect()
}

fn descriptor(r: &RunReport, d: &RuleInfo) -> Value {
    let title = d.title.get(r.lang);
    let full = d.article.and_then(|a| r.articles.get(&a)).map_or_else(
        || title.to_string(),
        |text| format!("{}：{text}", r.article_label(d.article)),
    );
    let mut o = Map::new();
    o.insert("id".into(), json!(d.id));
    o.insert("name".into(), json!(rule_name(&d.id)));
    o.insert("shortDescription".into(), json!({"text": title}));
    o.insert("fullDescription".into(), json!({"text": full}));
    if let Some(help) = &d.help {
        o.insert("help".into(), json!({"text": help.get(r.lang)}));
    }
    o.insert(
        "defaultConfiguration".into(),
        json!({"level": level(d.severity)}),
    );
    o.insert(
        "properties".into(),
        json!({"article": d.article, "tags": [r.article_label(d.article)]}),
    );
    Value::Object(o)
}

fn result(r: &RunReport, catalog: &[RuleInfo], f: &Finding) -> Value {
    let p = r.place(f);
    let (end_line, end_column) = r.end_line_col(f);
    let message = r.headline(f);
    let mut artifact = json!({"uri": uri(&p.file)});
    if !is_absolute(&p.file) {
        artifact["uriBaseId"] = json!("%SRCROOT%");
    }
    let mut properties = json!({
        "article": f.article, "status": f.status.as_str(),
        "round_id": f.round_id, "case_id": f.case_id, "unit": f.unit,
        "item": f.item.as_ref().map(|i| json!({"collection": i.collection, "id": i.id})),
        "field": f.field,
        "branch": f.branch, "responsible": f.responsible,
        "light": f.deadline.as_ref().and_then(|d| d.light).map(|l| l.as_str()),
        "provisional": f.is_provisional(),
    });
    if let Some(reason) = f
        .deadline
        .as_ref()
        .and_then(|d| super::provisional_reason(d, r.lang))
    {
        properties["provisional_reason"] = json!(reason);
    }
    if let Some(d) = &f.deadline {
        properties["start"] = json!(d.start.to_string());
        properties["due"] = json!(d.due.to_string());
        properties["days_over"] = json!(d.days_over);
    }
    if let Some(c) = &p.cell {
        properties["cell"] =
            json!({"sheet": c.sheet, "row": c.row, "column_name": c.column_name, "cell": c.cell});
    }
    let mut o = json!({
        "ruleId": &*f.rule,
        "level": level(f.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": p.line, "startColumn": p.column,
                "endLine": end_line, "endColumn": end_column,
                "byteOffset": p.offset, "byteLength": p.length,
            },
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: Identity::of(f).fingerprint()},
        "properties": properties,
    });
    if let Some(i) = catalog.iter().position(|d| *d.id == *f.rule) {
        o["ruleIndex"] = json!(i);
    }
    o
}

fn is_absolute(path: &str) -> bool {
    path.starts_with('/') || path.get(1..3) == Some(":\\") || path.get(1..3) == Some(":/")
}

/// A path as a URI reference: `/` separators, everything outside RFC 3986's unreserved set
/// (and `/`) percent-encoded as UTF-8.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if is_absolute(&path) {
        out.push_str("file://");
        if !path.starts_with('/') {
            out.push('/');
        }
    }
    let drive_colon = is_absolute(&path) && !path.starts_with('/');
    for (i, b) in path.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (drive_colon && i == 1) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("exports/a b.jsonl"), "exports/a%20b.jsonl");
        assert_eq!(uri("导出.json"), "%E5%AF%BC%E5%87%BA.json");
        assert_eq!(uri("/tmp/x.json"), "file:///tmp/x.json");
        assert_eq!(uri("C:\\ex\\a.json"), "file:///C:/ex/a.json");
    }
}
