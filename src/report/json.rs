//! `--format json` and `--format jsonl`, exactly as `cli.md` specifies.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use super::RunReport;
use crate::finding::Finding;

/// One finding as a JSON object (the reference renderings build these).
pub fn finding(r: &RunReport, f: &Finding) -> Value {
    serde_json::to_value(FindingJson { report: r, f }).unwrap_or(Value::Null)
}

/// A finding as `--format json` writes it, serialised field by field: building a `Value` map
/// per finding first was most of the writer's cost on a national sweep.
struct FindingJson<'r, 'a> {
    report: &'r RunReport<'a>,
    f: &'r Finding,
}

impl Serialize for FindingJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (r, f) = (self.report, self.f);
        let mut o = serializer.serialize_map(None)?;
        o.serialize_entry("rule", &*f.rule)?;
        o.serialize_entry("article", &f.article)?;
        o.serialize_entry("severity", f.severity.as_str())?;
        o.serialize_entry("status", f.status.as_str())?;
        o.serialize_entry("round_id", &f.round_id)?;
        o.serialize_entry("case_id", &f.case_id)?;
        o.serialize_entry("unit", &f.unit)?;
        o.serialize_entry("branch", &f.branch)?;
        o.serialize_entry("responsible", &f.responsible)?;
        let deadline = f.deadline.as_ref();
        o.serialize_entry("light", &deadline.and_then(|d| d.light).map(|l| l.as_str()))?;
        let reason = deadline.and_then(|d| super::provisional_reason(d, r.lang));
        o.serialize_entry("provisional", &reason.is_some())?;
        if let Some(reason) = &reason {
            o.serialize_entry("provisional_reason", reason)?;
        }
        let item = f.item.as_ref().map(|i| {
            let mut m = Map::new();
            m.insert("collection".into(), json!(i.collection));
            m.insert("id".into(), json!(i.id));
            m
        });
        o.serialize_entry("item", &item)?;
        o.serialize_entry("field", &f.field)?;
        if let Some(d) = &f.deadline {
            o.serialize_entry("start", &d.start.to_string())?;
            o.serialize_entry("due", &d.due.to_string())?;
            o.serialize_entry("days_over", &d.days_over)?;
        }
        o.serialize_entry("message", f.message.get(r.lang))?;
        o.serialize_entry("location", &PlaceJson(&r.location(f).place))?;
        o.end()
    }
}

struct PlaceJson<'p>(&'p super::Place);

impl Serialize for PlaceJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut o = serializer.serialize_map(None)?;
        o.serialize_entry("file", &p.file)?;
        o.serialize_entry("line", &p.line)?;
        o.serialize_entry("column", &p.column)?;
        o.serialize_entry("offset", &p.offset)?;
        o.serialize_entry("length", &p.length)?;
        if let Some(c) = &p.cell {
            o.serialize_entry("sheet", &c.sheet)?;
            o.serialize_entry("row", &c.row)?;
            o.serialize_entry("column_name", &c.column_name)?;
            o.serialize_entry("cell", &c.cell)?;
        }
        o.end()
    }
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
        "provisional": r.findings.iter().filter(|f| f.is_provisional()).count(),
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
        serde_json::to_writer(&mut *out, &FindingJson { report: r, f })?;
        out.write_all(b"\n")?;
    }
    let mut last = header(r);
    last.insert("summary".into(), summary(r));
    last.insert("warnings".into(), warnings(r));
    serde_json::to_writer(&mut *out, &last)?;
    out.write_all(b"\n")
}

/// `--format json`, made inert ([`crate::text::json_inert`]) as it is written.
pub fn write_document(r: &RunReport, out: &mut dyn Write) -> std::io::Result<()> {
    super::write_json_inert(out, |w| write(r, w))
}

/// `--format jsonl`, made inert as it is written.
pub fn write_document_lines(r: &RunReport, out: &mut dyn Write) -> std::io::Result<()> {
    super::write_json_inert(out, |w| write_lines(r, w))
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
        serializer.collect_seq(self.list.iter().map(|f| FindingJson {
            report: self.report,
            f,
        }))
    }
}
