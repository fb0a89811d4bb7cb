//! `--format human`: miette's graphical diagnostics — rule id, article number and text, the
//! source line with the field underlined, a help line — then a summary.

use std::fmt::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::locate::Excerpt;
use super::{GroupBy, RunReport};
use crate::finding::{Finding, Status};
use crate::model::CellPlace;
use crate::pack::Severity;
use crate::text::Lang;

struct Shown<'a> {
    title: String,
    code: String,
    severity: miette::Severity,
    label: String,
    help: String,
    span: (usize, usize),
    source: &'a Excerpt,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display + 'b>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(self.label.clone()),
            self.span.0,
            self.span.1,
        ))))
    }
}

pub fn render(r: &RunReport) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(r, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`render`], written finding by finding: a national sweep's report is hundreds of megabytes.
pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let theme = || {
        if r.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        }
    };
    let handler = |context_lines| {
        GraphicalReportHandler::new_themed(theme())
            .with_width(r.width)
            .with_context_lines(context_lines)
            // A date or a number is one word: `2023-11-08` never ends a line at `2023-11-`.
            .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
            .with_break_words(false)
    };
    let with_context = handler(1);
    // Long lines are JSON Lines records: the excerpt then asks for no context lines.
    let bare = handler(0);
    let mut one = String::new();
    for f in r.findings {
        let location = r.location(f);
        // No excerpt: a file the run does not have.
        let Some(excerpt) = r.locations.excerpt((f.file, f.span))? else {
            continue;
        };
        let label = label_text(r, f, &excerpt, location.place.cell.as_deref());
        let excerpt = excerpt.fitted(
            source_columns(r.width, excerpt.line_number()),
            unicode_width::UnicodeWidthStr::width(label.as_str()),
        );
        let shown = shown(r, f, &excerpt, label);
        let handler = if excerpt.context_lines == 0 {
            &bare
        } else {
            &with_context
        };
        one.clear();
        if handler.render_report(&mut one, &shown).is_err() {
            let _ = writeln!(one, "{}", f.message.get(r.lang));
        }
        one.push('\n');
        out.write_all(one.as_bytes())?;
    }
    out.write_all(tables(r).as_bytes())?;
    out.write_all(wrap(&summary(r), r.width).as_bytes())
}

/// More findings than this end with a table by article and status: nobody scrolls back
/// through thousands of snippets for the totals.
pub const SUMMARY_TABLE_AFTER: usize = 200;

/// The tables after the findings: by `--group-by`, by article for a long report, and the data
/// problems many findings share.
fn tables(r: &RunReport) -> String {
    use super::groups::{repeated_data_problems, text_table};
    let mut out = String::new();
    if let Some(by) = r.group_by {
        let title = r.t("按组汇总", "Summary by group");
        let _ = writeln!(out, "{title}:\n{}", text_table(r, by));
    }
    if r.findings.len() > SUMMARY_TABLE_AFTER && r.group_by != Some(GroupBy::Article) {
        let title = r.t("按条款与状态汇总", "Summary by article and status");
        let _ = writeln!(out, "{title}:\n{}", text_table(r, GroupBy::Article));
    }
    let repeated = repeated_data_problems(r);
    if !repeated.is_empty() {
        let _ = writeln!(
            out,
            "{}:",
            r.t(
                "多处重复的数据问题",
                "Data problems shared by many findings"
            )
        );
        for p in &repeated {
            let line = match r.lang {
                Lang::Zh => format!("  {}（{}）：{} 项", p.message, p.rule, p.count),
                Lang::En => format!("  {} ({}): {} findings", p.message, p.rule, p.count),
            };
            let _ = writeln!(out, "{}", crate::text::inert(line));
        }
        out.push('\n');
    }
    out
}

/// `text` wrapped at `width` columns, dates and numbers kept whole.
fn wrap(text: &str, width: usize) -> String {
    let options = textwrap::Options::new(width)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.lines() {
        for piece in textwrap::wrap(line, &options) {
            out.push_str(&piece);
            out.push('\n');
        }
    }
    out
}

/// The columns a source line may take in a report `width` columns wide: miette draws a gutter
/// of the line number and ` │ ` before it.
fn source_columns(width: usize, line: usize) -> usize {
    let gutter = line.to_string().len() + 4;
    width.saturating_sub(gutter + 1).max(20)
}

/// The text beside the marker: the field and its status, and for tables the cell.
fn label_text(r: &RunReport, f: &Finding, excerpt: &Excerpt, cell: Option<&CellPlace>) -> String {
    let en = r.lang == Lang::En;
    match cell {
        Some(c) => format!(
            "{} {}",
            cell_label(c, excerpt, f, en),
            status_label(r, f, en)
        ),
        None => status_label(r, f, en),
    }
}

fn shown<'a>(r: &RunReport, f: &Finding, excerpt: &'a Excerpt, label: String) -> Shown<'a> {
    let en = r.lang == Lang::En;
    let article = match f.article {
        Some(a) if en => format!("Art. {a}"),
        Some(a) => format!("第{a}条"),
        None if en => "data".to_string(),
        None => "数据".to_string(),
    };
    let who = [
        f.case_id.as_deref(),
        f.item.as_ref().and_then(|i| i.id.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" / ");
    let who = if who.is_empty() {
        f.round_id
            .as_deref()
            .or(f.unit.as_deref())
            .unwrap_or_default()
            .to_string()
    } else {
        who
    };
    let who = if who.is_empty() {
        who
    } else {
        format!(" {}", crate::text::inert(who))
    };
    let mut help = format!("{}\n", crate::text::inert(r.duty_text(f)));
    if let Some(d) = &f.deadline {
        let _ = write!(
            help,
            "{}",
            if en {
                format!("due {} (start {}). ", d.due, d.start)
            } else {
                format!("截止 {}（起算 {}）。", d.due, d.start)
            }
        );
    }
    if let Some(h) = &f.help {
        let _ = writeln!(help, "{}", h.get(r.lang));
    }
    if let Some(text) = f.article.and_then(|a| r.articles.get(&a)) {
        let _ = write!(help, "{article}：{text}");
    }
    let help = help.trim_end().to_string();
    Shown {
        title: format!("[{article}]{who} {}", f.message.get(r.lang)),
        code: f.rule.to_string(),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        label,
        help,
        span: excerpt.label,
        source: excerpt,
    }
}

/// `问题线索!G5 “2021年7月12日”`: where a spreadsheet user finds the cell, and what it holds
/// (or the row, for a finding on a whole row).
fn cell_label(c: &CellPlace, excerpt: &Excerpt, f: &Finding, en: bool) -> String {
    if f.span.len > c.span.len {
        return if en {
            format!("{} row {}", c.sheet, c.row)
        } else {
            format!("{} 第 {} 行", c.sheet, c.row)
        };
    }
    let value = excerpt.cell_text.as_deref().unwrap_or_default();
    let value = match (value.trim().is_empty(), en) {
        (true, true) => "(empty)".to_string(),
        (true, false) => "（空）".to_string(),
        (false, true) => format!("\"{value}\""),
        (false, false) => format!("“{value}”"),
    };
    format!("{}!{} {value}", c.sheet, c.cell)
}

fn status_label(r: &RunReport, f: &Finding, en: bool) -> String {
    let field = f.field.clone().unwrap_or_default();
    let status = r.status_label(f.status);
    match &f.deadline {
        Some(d) if d.days_over > 0 => format!(
            "{field}: {status} {}",
            if en {
                format!("{} day(s)", d.days_over)
            } else {
                format!("{} 日", d.days_over)
            }
        ),
        _ if field.is_empty() => status.to_string(),
        _ => format!("{field}: {status}"),
    }
}

/// The totals, a line each for severities, statuses and records: one line of them all wrapped
/// at 100 columns and left a number alone on the next.
fn summary(r: &RunReport) -> String {
    let count = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count();
    let status = |s: Status| r.findings.iter().filter(|f| f.status == s).count();
    let (e, w) = (count(Severity::Error), count(Severity::Warning));
    let provisional = r.findings.iter().filter(|f| f.is_provisional()).count();
    let (n, late, overdue, soon) = (
        r.findings.len(),
        status(Status::Late),
        status(Status::Overdue),
        status(Status::DueSoon),
    );
    let (open, other) = (status(Status::Open), status(Status::Violation));
    let (records, cases, na, as_of) = (r.records, r.cases, r.not_applicable, r.as_of);
    let mut out = match r.lang {
        Lang::En => format!(
            "{n} finding(s): {e} error(s), {w} warning(s).\nLate {late}, overdue {overdue}, due soon {soon}, open {open}, other violations {other}; provisional {provisional}.\n{records} record(s), {cases} case(s), {na} not applicable; as of {as_of}.\n"
        ),
        Lang::Zh => format!(
            "共 {n} 项：错误 {e} 项，警告 {w} 项。\n逾期完成 {late}，已逾期 {overdue}，即将到期 {soon}，未到期 {open}，其他不符合 {other}；待定 {provisional}。\n记录 {records} 条，案卷 {cases} 件，不适用 {na} 件；评估日 {as_of}。\n"
        ),
    };
    if let Some(waived) = r.waived {
        let n = waived.len();
        let _ = writeln!(
            out,
            "{}",
            r.t(
                &format!("另有 {n} 项已豁免。"),
                &format!("{n} more waived.")
            )
        );
    }
    if let Some(n) = r.baselined {
        let _ = writeln!(
            out,
            "{}",
            r.t(
                &format!("另有 {n} 项已在基线中。"),
                &format!("{n} more already in the baseline.")
            )
        );
    }
    for w in &r.warnings {
        let _ = writeln!(
            out,
            "{}: {}",
            if r.lang == Lang::En {
                "warning"
            } else {
                "提示"
            },
            w.get(r.lang)
        );
    }
    out
}
