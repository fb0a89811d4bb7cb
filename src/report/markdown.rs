//! `--format markdown`: a summary for a CI job page or an email — totals, findings per
//! article, the overdue list and the due-soon list. Every value from an export is escaped.

use std::fmt::Write;

use super::RunReport;
use crate::finding::Finding;

/// Makes export text inert in Markdown (CommonMark and GitHub's tables): HTML's specials become
/// entities, Markdown's inline punctuation is backslash-escaped, line breaks become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => out.push(' '),
            // `(` only matters after `]`, which is escaped.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '!' | '#' | '$' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if crate::text::is_unsafe_char(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

pub fn render(r: &RunReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# clausecheck: {} ({} {})\n",
        escape(r.pack_title.get(r.lang)),
        r.t("评估日", "as of"),
        r.as_of
    );
    let _ = writeln!(
        out,
        "| {} | {} |\n|---|---:|",
        r.t("项目", "total"),
        r.t("数量", "count")
    );
    for (_, label, n) in r.totals() {
        let _ = writeln!(out, "| {label} | {n} |");
    }
    articles(r, &mut out);
    let overdue = r.t("已逾期（按逾期日数）", "Overdue (most days over first)");
    deadlines(r, &mut out, overdue, &r.overdue(), false);
    deadlines(
        r,
        &mut out,
        r.t("即将到期", "Due soon"),
        &r.due_soon(),
        true,
    );
    if let Some(by) = r.group_by {
        grouped(r, by, &mut out);
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\n## {}\n", r.t("提示", "Warnings"));
        for w in &r.warnings {
            let _ = writeln!(out, "- {}", escape(w.get(r.lang)));
        }
    }
    out
}

fn articles(r: &RunReport, out: &mut String) {
    let _ = writeln!(
        out,
        "\n## {}\n\n| {} | {} | {} | {} |\n|---|---:|---:|---:|",
        r.t("按条款", "By article"),
        r.t("条款", "article"),
        r.t("发现", "findings"),
        r.t("错误", "errors"),
        r.t("警告", "warnings"),
    );
    let mut keys: Vec<Option<u32>> = r.findings.iter().map(|f| f.article).collect();
    keys.sort_by_key(|a| a.unwrap_or(u32::MAX));
    keys.dedup();
    for a in keys {
        let of: Vec<&Finding> = r.findings.iter().filter(|f| f.article == a).collect();
        let errors = of
            .iter()
            .filter(|f| f.severity == crate::pack::Severity::Error)
            .count();
        let _ = writeln!(
            out,
            "| {} | {} | {errors} | {} |",
            r.article_label(a),
            of.len(),
            of.len() - errors
        );
    }
}

/// `--group-by`: one row per group, counts by light and status.
fn grouped(r: &RunReport, by: super::GroupBy, out: &mut String) {
    let heads = super::groups::headings(r, by);
    let _ = writeln!(
        out,
        "\n## {} {}\n\n| {} |\n|---|{}",
        r.t("按", "By"),
        heads[0],
        heads.join(" | "),
        "---:|".repeat(heads.len() - 1)
    );
    for g in super::groups::groups(r, by) {
        let cells: Vec<String> = g.cells().iter().map(usize::to_string).collect();
        let _ = writeln!(out, "| {} | {} |", escape(&g.name), cells.join(" | "));
    }
}

/// `days_left`: show days before the due date rather than days past it.
fn deadlines(r: &RunReport, out: &mut String, title: &str, list: &[&Finding], days_left: bool) {
    let _ = writeln!(out, "\n## {title} ({})\n", list.len());
    if list.is_empty() {
        let _ = writeln!(out, "{}", r.t("无。", "None."));
        return;
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |\n|---:|---|---|---|---|---|---|",
        r.days_heading(days_left),
        r.t("截止", "due"),
        r.t("规则", "rule"),
        r.t("案卷 / 事项", "case / item"),
        r.t("单位", "unit"),
        r.t("责任方", "responsible"),
        r.t("说明", "message"),
    );
    for f in list {
        let (days, due) = RunReport::days_and_due(f, days_left)
            .map_or((String::new(), String::new()), |(days, due)| {
                (days.to_string(), due.to_string())
            });
        let _ = writeln!(
            out,
            "| {days} | {due} | {} | {} | {} | {} | {} |",
            escape(&f.rule),
            escape(&RunReport::record_name(f)),
            escape(f.unit.as_deref().unwrap_or_default()),
            escape(f.responsible.as_deref().unwrap_or_default()),
            escape(f.message.get(r.lang)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn export_text_cannot_make_markup() {
        assert_eq!(
            escape("a|b `c` <script>&*x*_y_ [l](u)\nz"),
            "a\\|b \\`c\\` &lt;script&gt;&amp;\\*x\\*\\_y\\_ \\[l\\](u) z"
        );
    }
}
