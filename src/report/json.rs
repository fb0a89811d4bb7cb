//! `--format json` and `--format jsonl`, exactly as `cli.md` specifies.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use super::RunReport;
use crate::finding::Finding;

pub fn finding(r: &RunReport, f: &Finding) -> Value {
    let p = r.place(f);
    let mut o = Map::new();
    o.insert("rule".into(), json!(&*f.rule));
    o.insert("article".into(), json!(f.article));
    o.insert("severity".into(), json!(f.severity.as_str()));
    o.insert("status".into(), json!(f.status.as_str()));
    o.insert("round_id".into(), json!(f.round_id));
    o.insert("case_id".into(), json!(f.case_id));
    o.insert("unit".into(), json!(f.unit));
    o.insert(
        "item".into(),
        f.item.as_ref().map_or(
            Value::Null,
            |i| json!({"collection": i.collection, "id": i.id}),
        ),
    );
    o.insert("field".into(), json!(f.field));
    if let Some(d) = &f.deadline {
        o.insert("start".into(), json!(d.start.to_string()));
        o.insert("due".into(), json!(d.due.to_string()));
        o.insert("days_over".into(), json!(d.days_over));
    }
    o.insert("message".into(), json!(f.message.get(r.lang)));
    let mut location = json!({"file": p.file, "line": p.line, "column": p.column, "offset": p.offset, "length": p.length});
    if let (Some(c), Value::Object(l)) = (&p.cell, &mut location) {
        l.insert("sheet".into(), json!(c.sheet));
        l.insert("row".into(), json!(c.row));
        l.insert("column_name".into(), json!(c.column_name));
        l.insert("cell".into(), json!(c.cell));
    }
    o.insert("location".into(), location);
    Value::Object(o)
}

pub fn summary(r: &RunReport) -> Value {
    let by_article = r.count_by(|f| {
        f.article
            .map_or_else(|| "data".to_string(), |a| a.to_string())
    });
    // Articles sort numerically, data findings last.
    let mut articles: Vec<(String, usize)> = by_article.into_iter().collect();
    articles.sort_by_key(|(k, _)| k.parse::<u32>().unwrap_or(u32::MAX));
    let by_article: Map<String, Value> = articles.into_iter().map(|(k, v)| (k, json!(v))).collect();
    let mut o = json!({
        "files": r.file_paths.len(),
        "records": r.records,
        "cases": r.cases,
        "findings": r.findings.len(),
        "by_severity": r.count_by(|f| f.severity.as_str()),
        "by_status": r.count_by(|f| f.status.as_str()),
        "by_article": by_article,
        "not_applicable": r.not_applicable,
        "open": r.open,
    });
    // Only runs that asked for waivers or a baseline carry these counts, so plain runs keep
    // exactly the contract's shape.
    if let Value::Object(m) = &mut o {
        if let Some(waived) = r.waived {
            m.insert("waived".into(), json!(waived.len()));
        }
        if let Some(n) = r.baselined {
            m.insert("baselined".into(), json!(n));
        }
    }
    o
}

fn header(r: &RunReport) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert(
        "tool".into(),
        json!({"name": "clausecheck", "version": env!("CARGO_PKG_VERSION")}),
    );
    o.insert(
        "pack".into(),
        json!({"id": r.pack_id, "title": r.pack_title.get(r.lang), "effective_from": r.effective_from.to_string()}),
    );
    o.insert("as_of".into(), json!(r.as_of.to_string()));
    o
}

fn warnings(r: &RunReport) -> Value {
    json!(r.warnings.iter().map(|w| w.get(r.lang)).collect::<Vec<_>>())
}

/// The whole `--format json` document as one String: the reference [`write`] must equal byte
/// for byte (it holds every finding's `Value` at once, [`write`] one at a time).
pub fn render(r: &RunReport) -> String {
    let mut o = header(r);
    o.insert("summary".into(), summary(r));
    o.insert(
        "warnings".into(),
        json!(r.warnings.iter().map(|w| w.get(r.lang)).collect::<Vec<_>>()),
    );
    o.insert(
        "findings".into(),
        Value::Array(r.findings.iter().map(|f| finding(r, f)).collect()),
    );
    if let Some(waived) = r.waived {
        o.insert(
            "waived".into(),
            Value::Array(waived.iter().map(|f| finding(r, f)).collect()),
        );
    }
    let mut s = serde_json::to_string_pretty(&Value::Object(o)).unwrap_or_default();
    s.push('\n');
    s
}

/// All of `--format jsonl` as one String: the reference [`write_lines`] must equal.
pub fn render_lines(r: &RunReport) -> String {
    let mut out = String::new();
    for f in r.findings {
        out.push_str(&finding(r, f).to_string());
        out.push('\n');
    }
    let mut last = header(r);
    last.insert("summary".into(), summary(r));
    last.insert(
        "warnings".into(),
        json!(r.warnings.iter().map(|w| w.get(r.lang)).collect::<Vec<_>>()),
    );
    out.push_str(&Value::Object(last).to_string());
    out.push('\n');
    out
}

/// Writes the `--format json` document (the bytes of [`render`]) as it is made: each finding
/// becomes a `Value` only while it is written, so a large report is never held whole.
pub fn write<W: Write + ?Sized>(r: &RunReport, out: &mut W) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Document { report: r })?;
    out.write_all(b"\n")
}

/// Writes `--format jsonl` (the bytes of [`render_lines`]) one finding per line, and the
/// summary (with the run's header) last.
pub fn write_lines<W: Write + ?Sized>(r: &RunReport, out: &mut W) -> std::io::Result<()> {
    for f in r.findings {
        serde_json::to_writer(&mut *out, &finding(r, f))?;
        out.write_all(b"\n")?;
    }
    let mut last = header(r);
    last.insert("summary".into(), summary(r));
    last.insert("warnings".into(), warnings(r));
    serde_json::to_writer(&mut *out, &last)?;
    out.write_all(b"\n")
}

/// The `--format json` document, in the key order of [`render`].
struct Document<'r, 'a> {
    report: &'r RunReport<'a>,
}

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in header(r) {
            map.serialize_entry(&key, &value)?;
        }
        map.serialize_entry("summary", &summary(r))?;
        map.serialize_entry("warnings", &warnings(r))?;
        map.serialize_entry(
            "findings",
            &Findings {
                report: r,
                list: r.findings,
            },
        )?;
        if let Some(waived) = r.waived {
            map.serialize_entry(
                "waived",
                &Findings {
                    report: r,
                    list: waived,
                },
            )?;
        }
        map.end()
    }
}

/// A list of findings serialised one `Value` at a time.
struct Findings<'r, 'a> {
    report: &'r RunReport<'a>,
    list: &'r [Finding],
}

impl Serialize for Findings<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.list.iter().map(|f| finding(self.report, f)))
    }
}
