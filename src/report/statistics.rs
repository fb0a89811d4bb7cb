//! `--statistics`: counts per rule, as `ruff --statistics` prints them: count, rule id, title;
//! most frequent first, then by id.

use std::fmt::Write;

use serde_json::json;

use super::RunReport;

struct Row {
    count: usize,
    rule: String,
    article: Option<u32>,
    title: String,
}

fn rows(r: &RunReport) -> Vec<Row> {
    let catalog = r.rule_catalog();
    let mut rows: Vec<Row> = r
        .count_by(|f| f.rule.clone())
        .into_iter()
        .map(|(rule, count)| {
            let info = catalog.iter().find(|i| *i.id == *rule);
            Row {
                count,
                article: info.and_then(|i| i.article),
                title: info.map_or_else(String::new, |i| i.title.get(r.lang).to_string()),
                rule: rule.to_string(),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    rows
}

/// The counts per rule, as JSON or as a table.
pub fn write(r: &RunReport, json: bool, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_text(out, &crate::text::json_inert(render(r, json)))
}

pub fn render(r: &RunReport, json: bool) -> String {
    let rows = rows(r);
    if json {
        let list: Vec<_> = rows
            .iter()
            .map(|row| json!({"rule": row.rule, "article": row.article, "count": row.count, "title": row.title}))
            .collect();
        let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
        s.push('\n');
        return s;
    }
    let width = rows.iter().map(|row| row.rule.len()).max().unwrap_or(0);
    let mut out = String::new();
    for row in &rows {
        let _ = writeln!(out, "{:>5}  {:<width$}  {}", row.count, row.rule, row.title);
    }
    out
}
