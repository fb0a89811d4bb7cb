//! `--format markdown`: a summary for a CI job page or an email — totals, findings per
//! article, the overdue and due-soon lists, every finding grouped by article (the first of each
//! group), waivers. At most 1 MiB whatever the export's size (GitHub's limit for a job summary).
//! Every value from an export is escaped.

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

/// GitHub refuses a job summary above 1 MiB: the whole document stays below that.
pub const MAX_BYTES: usize = 1024 * 1024;

/// How many findings each list shows before "… and N more", largest first: the first that
/// keeps the document within [`MAX_BYTES`] is used.
const ROWS_PER_LIST: [usize; 5] = [50, 20, 10, 3, 0];

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_text(out, &render(r))
}

pub fn render(r: &RunReport) -> String {
    render_within(r, MAX_BYTES)
}

/// The summary in at most `max` bytes (at least a few hundred): fewer rows per list until it
/// fits, then cut at a line.
pub fn render_within(r: &RunReport, max: usize) -> String {
    for rows in ROWS_PER_LIST {
        let out = render_with(r, rows);
        if out.len() <= max {
            return out;
        }
    }
    // Only headings and counts are left, and they grow with the number of articles and
    // groups: cut at a line, saying so.
    let out = render_with(r, 0);
    // A line break is a character boundary: the cut never splits a character.
    let cut = out
        .as_bytes()
        .get(..max.saturating_sub(200))
        .and_then(|head| head.iter().rposition(|b| *b == b'\n'))
        .unwrap_or(0);
    let note = r.t(
        "（摘要已达大小上限，以下从略）",
        "(the summary reached its size limit; the rest is left out)",
    );
    format!("{}\n\n{note}\n", out.get(..cut).unwrap_or_default())
}

fn render_with(r: &RunReport, rows: usize) -> String {
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
    repeated(r, &mut out, rows);
    let overdue = r.t("已逾期（按逾期日数）", "Overdue (most days over first)");
    deadlines(r, &mut out, overdue, &r.overdue(), false, rows);
    deadlines(
        r,
        &mut out,
        r.t("即将到期", "Due soon"),
        &r.due_soon(),
        true,
        rows,
    );
    by_article(r, &mut out, rows);
    if let Some(by) = r.group_by {
        grouped(r, by, &mut out);
    }
    waivers(r, &mut out, rows);
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\n## {}\n", r.t("提示", "Warnings"));
        for w in &r.warnings {
            let _ = writeln!(out, "- {}", escape(w.get(r.lang)));
        }
    }
    out
}

/// Every finding, whatever its status, grouped by article: the first `rows` of each.
fn by_article(r: &RunReport, out: &mut String, rows: usize) {
    let _ = writeln!(
        out,
        "\n## {}",
        r.t("全部发现（按条款）", "All findings by article")
    );
    let mut keys: Vec<Option<u32>> = r.findings.iter().map(|f| f.article).collect();
    keys.sort_by_key(|a| a.unwrap_or(u32::MAX));
    keys.dedup();
    for a in keys {
        let of: Vec<&Finding> = r.findings.iter().filter(|f| f.article == a).collect();
        let _ = writeln!(out, "\n### {} ({})\n", r.article_label(a), of.len());
        finding_list(r, out, &of, rows);
    }
}

/// `- [status] record — responsible: message`, then "… and N more".
fn finding_list(r: &RunReport, out: &mut String, list: &[&Finding], rows: usize) {
    for f in list.iter().take(rows) {
        let _ = writeln!(
            out,
            "- **{}** `{}` {} — {}: {}",
            r.status_label(f.status),
            escape(&f.rule),
            escape(&RunReport::record_name(f)),
            escape(f.responsible.as_deref().unwrap_or_default()),
            escape(&short(f.message.get(r.lang))),
        );
    }
    if let Some(more) = and_more(r, list.len(), rows) {
        let _ = writeln!(out, "- {more}");
    }
}

/// "… and N more" when a list of `total` shows only `rows`.
fn and_more(r: &RunReport, total: usize, rows: usize) -> Option<String> {
    let more = total.checked_sub(rows).filter(|n| *n > 0)?;
    Some(
        r.t(&format!("…… 另有 {more} 项"), &format!("… and {more} more"))
            .to_string(),
    )
}

/// A message cut to 300 characters: the full text is in the other formats.
fn short(message: &str) -> String {
    const MAX: usize = 300;
    match message.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message.to_string(),
    }
}

fn waivers(r: &RunReport, out: &mut String, rows: usize) {
    let Some(waived) = r.waived else { return };
    let _ = writeln!(out, "\n## {} ({})\n", r.t("已豁免", "Waived"), waived.len());
    let list: Vec<&Finding> = waived.iter().collect();
    finding_list(r, out, &list, rows);
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

/// The data problems many findings share (a round id no round has, on every case naming it),
/// each one row with its count: they would otherwise fill every list.
fn repeated(r: &RunReport, out: &mut String, rows: usize) {
    let list = super::groups::repeated_data_problems(r);
    if list.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## {}\n\n| {} | {} | {} |\n|---|---|---:|",
        r.t(
            "多处重复的数据问题",
            "Data problems shared by many findings"
        ),
        r.t("问题", "problem"),
        r.t("规则", "rule"),
        r.t("发现", "findings"),
    );
    // At least the largest few even when the summary is squeezed: these explain the counts.
    for p in list.iter().take(rows.max(3)) {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} |",
            escape(&short(p.message)),
            escape(p.rule),
            p.count
        );
    }
    if let Some(more) = and_more(r, list.len(), rows.max(3)) {
        let _ = writeln!(out, "\n{more}");
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
fn deadlines(
    r: &RunReport,
    out: &mut String,
    title: &str,
    list: &[&Finding],
    days_left: bool,
    rows: usize,
) {
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
    for f in list.iter().take(rows) {
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
            escape(&short(f.message.get(r.lang))),
        );
    }
    if let Some(more) = and_more(r, list.len(), rows) {
        let _ = writeln!(out, "\n{more}");
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
