//! `--format html`: one self-contained page for supervisors — inline CSS, inline SVG, a little
//! inline JS for filtering and search; no network, no external font. Every value from an export
//! is HTML-escaped, and no data is handed to the script except through escaped attributes.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::RunReport;
use crate::finding::{Finding, Status};
use crate::pack::Severity;
use crate::text::Lang;

/// Escapes text for HTML element content and quoted attribute values alike.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // As character references, export text never starts a line of the file (a line
            // `::error …` would be a GitHub workflow command if the report is printed in CI).
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if crate::text::is_unsafe_char(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_text(out, &render(r))
}

pub fn render(r: &RunReport) -> String {
    let title = format!("clausecheck — {} — {}", r.pack_title.get(r.lang), r.as_of);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        if r.lang == Lang::En { "en" } else { "zh-CN" },
        escape(&title)
    );
    header(r, &mut out);
    totals(r, &mut out);
    chart(r, &mut out);
    grouped(
        r,
        &mut out,
        "by-unit",
        r.t("按单位", "By unit"),
        r.t("单位", "unit"),
        |f| f.unit.as_deref().map(str::to_owned),
    );
    grouped(
        r,
        &mut out,
        "by-round",
        r.t("按轮次", "By round"),
        r.t("轮次", "round"),
        |f| f.round_id.as_deref().map(str::to_owned),
    );
    deadline_table(
        r,
        &mut out,
        "overdue",
        r.t("已逾期（按逾期日数）", "Overdue (most days over first)"),
        &r.overdue(),
    );
    deadline_table(
        r,
        &mut out,
        "due-soon",
        r.t("即将到期", "Due soon"),
        &r.due_soon(),
    );
    warnings(r, &mut out);
    findings(r, &mut out);
    let _ = write!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

fn header(r: &RunReport, out: &mut String) {
    let files: Vec<String> = r.file_paths.iter().map(|path| escape(path)).collect();
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><p>{} <b>{}</b> · {} <code>{}</code> · {} {}</p></header>",
        escape(r.pack_title.get(r.lang)),
        r.t("评估日", "As of"),
        r.as_of,
        r.t("规则包", "Pack"),
        escape(&r.pack_id),
        r.t("导出文件", "Export files"),
        files.join(", "),
    );
}

fn totals(r: &RunReport, out: &mut String) {
    out.push_str("<section id=\"totals\" class=\"cards\">\n");
    for (key, label, n) in r.totals() {
        let _ = writeln!(
            out,
            "<div class=\"card {key}\" data-total=\"{key}\" data-value=\"{n}\"><b>{n}</b><span>{}</span></div>",
            escape(&label)
        );
    }
    // The script counts the findings listed below and writes the counts here, so a reader (or
    // a test) can see the page's figures agree with the list.
    out.push_str("<output id=\"computed-totals\" hidden></output>\n</section>\n");
}

/// Findings per article as horizontal bars, errors and warnings stacked.
fn chart(r: &RunReport, out: &mut String) {
    let mut per: BTreeMap<u32, (Option<u32>, usize, usize)> = BTreeMap::new();
    for f in r.findings {
        let entry = per
            .entry(f.article.unwrap_or(u32::MAX))
            .or_insert((f.article, 0, 0));
        match f.severity {
            Severity::Error => entry.1 += 1,
            Severity::Warning | Severity::Info => entry.2 += 1,
        }
    }
    let _ = writeln!(
        out,
        "<section id=\"by-article\"><h2>{}</h2>",
        r.t("按条款", "By article")
    );
    if per.is_empty() {
        let _ = writeln!(out, "<p>{}</p></section>", r.t("无发现。", "No findings."));
        return;
    }
    let max = per
        .values()
        .map(|(_, e, w)| e + w)
        .max()
        .unwrap_or(1)
        .max(1);
    let (row, label_w, bar_w) = (24usize, 80usize, 560usize);
    let height = per.len() * row + 8;
    let _ = writeln!(
        out,
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {} {height}\" width=\"{}\" height=\"{height}\" aria-label=\"{}\">",
        label_w + bar_w + 60,
        label_w + bar_w + 60,
        r.t("各条款发现数", "Findings per article"),
    );
    for (i, (article, errors, warnings)) in per.values().enumerate() {
        let y = i * row + 4;
        let (we, ww) = (errors * bar_w / max, warnings * bar_w / max);
        let label = escape(&r.article_label(*article));
        let _ = writeln!(
            out,
            "<g data-article=\"{}\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>\
             <rect class=\"bar-error\" x=\"{label_w}\" y=\"{y}\" width=\"{we}\" height=\"{}\"><title>{label}: {errors} {}</title></rect>\
             <rect class=\"bar-warning\" x=\"{}\" y=\"{y}\" width=\"{ww}\" height=\"{}\"><title>{label}: {warnings} {}</title></rect>\
             <text x=\"{}\" y=\"{}\">{}</text></g>",
            article.map_or_else(|| "data".to_string(), |a| a.to_string()),
            label_w - 8,
            y + 14,
            row - 6,
            r.t("错误", "error(s)"),
            label_w + we,
            row - 6,
            r.t("警告", "warning(s)"),
            label_w + we + ww + 6,
            y + 14,
            errors + warnings,
        );
    }
    out.push_str("</svg></section>\n");
}

fn grouped(
    r: &RunReport,
    out: &mut String,
    id: &str,
    title: &str,
    column: &str,
    key: impl Fn(&Finding) -> Option<String>,
) {
    let mut groups: BTreeMap<Option<String>, (usize, usize, usize)> = BTreeMap::new();
    for f in r.findings {
        let g = groups.entry(key(f)).or_default();
        g.0 += 1;
        g.1 += usize::from(f.severity == Severity::Error);
        g.2 += usize::from(f.status == Status::Overdue);
    }
    let _ = writeln!(
        out,
        "<section id=\"{id}\"><h2>{title}</h2><table><thead><tr><th>{column}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        r.t("发现", "findings"),
        r.t("错误", "errors"),
        r.status_label(Status::Overdue),
    );
    let mut rows: Vec<_> = groups.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    for (name, (n, errors, overdue)) in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{n}</td><td class=\"num\">{errors}</td><td class=\"num\">{overdue}</td></tr>",
            name.map_or_else(|| "—".to_string(), |s| escape(&s))
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn deadline_table(r: &RunReport, out: &mut String, id: &str, title: &str, list: &[&Finding]) {
    let days_left = id == "due-soon";
    let _ = writeln!(
        out,
        "<section id=\"{id}\"><h2>{title} ({})</h2>",
        list.len()
    );
    if list.is_empty() {
        let _ = writeln!(out, "<p>{}</p></section>", r.t("无。", "None."));
        return;
    }
    let _ = writeln!(
        out,
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        r.days_heading(days_left),
        r.t("截止", "due"),
        r.t("条款", "article"),
        r.t("案卷 / 事项", "case / item"),
        r.t("单位", "unit"),
        r.t("规则", "rule"),
    );
    for f in list {
        let (days, due) = RunReport::days_and_due(f, days_left)
            .map_or((0, String::new()), |(days, due)| (days, due.to_string()));
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{days}</td><td>{due}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            escape(&r.article_label(f.article)),
            escape(&RunReport::record_name(f)),
            escape(f.unit.as_deref().unwrap_or("—")),
            escape(&f.rule),
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn warnings(r: &RunReport, out: &mut String) {
    if r.warnings.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"warnings\"><h2>{}</h2><ul>",
        r.t("提示", "Warnings")
    );
    for w in &r.warnings {
        let _ = writeln!(out, "<li>{}</li>", escape(w.get(r.lang)));
    }
    out.push_str("</ul></section>\n");
}

fn findings(r: &RunReport, out: &mut String) {
    let _ = writeln!(
        out,
        "<section id=\"findings\"><h2>{}</h2>\n<div class=\"filters\">\
         <input type=\"search\" id=\"filter-text\" placeholder=\"{}\" aria-label=\"{}\">",
        r.t("全部发现", "All findings"),
        r.t(
            "搜索案卷、单位、规则、说明…",
            "Search case, unit, rule, message…"
        ),
        r.t("搜索", "Search"),
    );
    select(
        out,
        "filter-severity",
        r.t("全部级别", "All severities"),
        &[
            ("error".into(), r.t("错误", "error").into()),
            ("warning".into(), r.t("警告", "warning").into()),
        ],
    );
    let statuses = [
        Status::Overdue,
        Status::DueSoon,
        Status::Late,
        Status::Violation,
    ];
    let status_options: Vec<(String, String)> = statuses
        .iter()
        .map(|s| (s.as_str().to_string(), r.status_label(*s).to_string()))
        .collect();
    select(
        out,
        "filter-status",
        r.t("全部状态", "All statuses"),
        &status_options,
    );
    let mut articles: Vec<Option<u32>> = r.findings.iter().map(|f| f.article).collect();
    articles.sort_by_key(|a| a.unwrap_or(u32::MAX));
    articles.dedup();
    let article_options: Vec<(String, String)> = articles
        .iter()
        .map(|a| (article_key(*a), r.article_label(*a)))
        .collect();
    select(
        out,
        "filter-article",
        r.t("全部条款", "All articles"),
        &article_options,
    );
    let _ = writeln!(
        out,
        "<span id=\"shown-count\" aria-live=\"polite\"></span></div>\n<div id=\"finding-list\">"
    );
    for f in r.findings {
        finding(r, f, out);
    }
    out.push_str("</div></section>\n");
}

fn article_key(a: Option<u32>) -> String {
    a.map_or_else(|| "data".to_string(), |a| a.to_string())
}

fn select(out: &mut String, id: &str, all: &str, options: &[(String, String)]) {
    let _ = write!(
        out,
        "<select id=\"{id}\" aria-label=\"{}\"><option value=\"\">{}</option>",
        escape(all),
        escape(all)
    );
    for (value, label) in options {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            escape(value),
            escape(label)
        );
    }
    out.push_str("</select>");
}

/// The light and 待定 badges of a deadline finding (nothing for other findings).
fn duty_badges(r: &RunReport, f: &Finding) -> String {
    let Some(d) = &f.deadline else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(light) = d.light {
        let _ = write!(
            out,
            " <span class=\"badge light-{}\">{}</span>",
            light.as_str(),
            r.light_label(light)
        );
    }
    if let Some(reason) = super::provisional_reason(d, r.lang) {
        let _ = write!(
            out,
            " <span class=\"badge provisional\" title=\"{}\">{}</span>",
            escape(&reason),
            r.t("待定", "provisional")
        );
    }
    out
}

fn finding(r: &RunReport, f: &Finding, out: &mut String) {
    let p = r.place(f);
    let severity = match f.severity {
        Severity::Error => r.t("错误", "error"),
        Severity::Warning => r.t("警告", "warning"),
        Severity::Info => r.t("提示", "info"),
    };
    let _ = writeln!(
        out,
        "<article class=\"finding {}\" data-severity=\"{}\" data-status=\"{}\" data-article=\"{}\" data-responsible=\"{}\">\
         <h3><span class=\"badge {}\">{severity}</span> <span class=\"badge status\">{}</span>{} \
         <code>{}</code> {} — {}</h3><p class=\"message\">{}</p><dl>",
        f.severity.as_str(),
        f.severity.as_str(),
        f.status.as_str(),
        article_key(f.article),
        escape(f.responsible.as_deref().unwrap_or_default()),
        f.severity.as_str(),
        r.status_label(f.status),
        duty_badges(r, f),
        escape(&f.rule),
        escape(&r.article_label(f.article)),
        escape(&RunReport::record_name(f)),
        escape(f.message.get(r.lang)),
    );
    let item = f.item.as_ref().map(|i| match &i.id {
        Some(id) => format!("{} {id}", i.collection),
        None => i.collection.to_string(),
    });
    let mut place = format!("{}:{}:{}", p.file, p.line, p.column);
    if let Some(c) = &p.cell {
        let _ = write!(place, " ({} {} {})", c.sheet, c.cell, c.column_name);
    }
    let facts = [
        (
            r.t("轮次", "Round"),
            f.round_id.as_deref().map(str::to_owned),
        ),
        (r.t("案卷", "Case"), f.case_id.clone()),
        (r.t("单位", "Unit"), f.unit.as_deref().map(str::to_owned)),
        (r.t("事项", "Item"), item),
        (r.t("字段", "Field"), f.field.as_deref().map(str::to_owned)),
        (r.t("期限", "Deadline"), r.deadline_text(f)),
        (r.t("督办", "Who acts"), Some(r.duty_text(f))),
        (r.t("位置", "Location"), Some(place)),
    ];
    for (label, value) in facts {
        if let Some(v) = value {
            let _ = write!(out, "<dt>{label}</dt><dd>{}</dd>", escape(&v));
        }
    }
    out.push_str("</dl>");
    if let Some(text) = f.article.and_then(|a| r.articles.get(&a)) {
        let _ = write!(
            out,
            "<details><summary>{} {}</summary><p>{}</p></details>",
            escape(&r.article_label(f.article)),
            r.t("原文", "text"),
            escape(text)
        );
    }
    out.push_str("</article>\n");
}
