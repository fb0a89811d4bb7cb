//! `--format html`: one self-contained page for supervisors — inline CSS and a plain inline
//! script; no network, no external font, nothing outside the file.
//!
//! The page is a shell of empty sections plus one JSON blob ([`data`]) holding every finding
//! once, compactly. The script computes the overview (cards, charts, top-N tables) from the
//! findings the filters let through, and shows the findings a page at a time: at 50,000
//! findings the page stays a few megabytes and opens in well under a second, where one card
//! per finding in markup was 61 MB and minutes of layout. Export text reaches the DOM only
//! through `textContent`, never as markup, and cannot close the data element (see
//! [`data::json_string`]).

mod data;
mod labels;
mod packed;

use std::fmt::Write as _;

use super::RunReport;
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

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// The page as one string.
pub fn render(r: &RunReport) -> String {
    let mut out = String::new();
    head(r, &mut out);
    body(r, &mut out);
    out
}

/// Writes the page to `out`.
pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(r).as_bytes())
}

fn head(r: &RunReport, out: &mut String) {
    let title = format!("clausecheck — {} — {}", r.pack_title.get(r.lang), r.as_of);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n",
        if r.lang == Lang::En { "en" } else { "zh-CN" },
        escape(&title)
    );
}

fn body(r: &RunReport, out: &mut String) {
    out.push_str("<body>\n");
    header(r, out);
    filters(r, out);
    overview(out);
    warnings(r, out);
    let _ = writeln!(
        out,
        "<section id=\"findings\"><h2>{}</h2><div id=\"pager-top\" class=\"pager\"></div>\
         <div id=\"finding-list\"></div><div id=\"pager-bottom\" class=\"pager\"></div></section>",
        r.t("全部发现", "All findings")
    );
    if r.waived.is_some() {
        out.push_str("<section id=\"waived\"></section>\n");
    }
    let _ = writeln!(
        out,
        "<noscript><p>{}</p></noscript>",
        r.t(
            "本页由内嵌脚本显示发现；请允许脚本运行。",
            "This page shows its findings with its inline script; allow scripts to run."
        )
    );
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"report-data\">{}</script>\n\
         <script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        data::blob(r)
    );
}

fn header(r: &RunReport, out: &mut String) {
    let files: Vec<String> = r.file_paths.iter().map(|path| escape(path)).collect();
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><p>{} <b>{}</b> · {} <code>{}</code> · {} {} · {} {} · {} {}</p></header>",
        escape(r.pack_title.get(r.lang)),
        r.t("评估日", "As of"),
        r.as_of,
        r.t("规则包", "Pack"),
        escape(&r.pack_id),
        r.t("导出文件", "Export files"),
        files.join(", "),
        r.t("记录", "records"),
        r.records,
        r.t("案卷", "cases"),
        r.cases,
    );
}

/// The filter bar; the script fills the choices from the findings.
fn filters(r: &RunReport, out: &mut String) {
    let _ = write!(
        out,
        "<nav id=\"filters\" class=\"filters\" aria-label=\"{}\">\
         <input type=\"search\" id=\"filter-text\" placeholder=\"{}\" aria-label=\"{}\">",
        r.t("筛选", "Filters"),
        r.t(
            "搜索案卷、单位、规则、说明…",
            "Search case, unit, rule, message…"
        ),
        r.t("搜索", "Search"),
    );
    let choices = [
        ("article", r.t("全部条款", "All articles")),
        ("status", r.t("全部状态", "All statuses")),
        ("light", r.t("全部灯色", "All lights")),
        ("severity", r.t("全部级别", "All severities")),
        ("responsible", r.t("全部责任方", "All responsible parties")),
        ("branch", r.t("全部分院", "All branches")),
    ];
    for (key, all) in choices {
        let _ = write!(
            out,
            "<select id=\"filter-{key}\" aria-label=\"{all}\"><option value=\"\">{all}</option></select>"
        );
    }
    for (key, all) in [
        ("unit", r.t("全部单位", "All units")),
        ("round", r.t("全部轮次", "All rounds")),
    ] {
        let _ = write!(
            out,
            "<input id=\"filter-{key}\" list=\"choices-{key}\" placeholder=\"{all}\" aria-label=\"{all}\">\
             <datalist id=\"choices-{key}\"></datalist>"
        );
    }
    let _ = writeln!(
        out,
        "<button type=\"button\" id=\"filter-clear\">{}</button>\
         <span id=\"shown-count\" aria-live=\"polite\"></span></nav>",
        r.t("清除筛选", "Clear filters")
    );
}

/// Empty sections the script fills from the filtered findings.
fn overview(out: &mut String) {
    out.push_str(
        "<section id=\"totals\" class=\"cards\"></section>\n\
         <output id=\"computed-totals\" hidden></output>\n\
         <div class=\"charts\"><section id=\"chart-light\"></section>\
         <section id=\"chart-status\"></section><section id=\"chart-article\"></section></div>\n\
         <section id=\"repeated\"></section>\n",
    );
    for id in ["by-responsible", "by-branch", "by-unit", "by-round"] {
        let _ = writeln!(out, "<section id=\"{id}\" class=\"group\"></section>");
    }
    for id in ["overdue", "due-soon"] {
        let _ = writeln!(out, "<section id=\"{id}\" class=\"deadlines\"></section>");
    }
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
