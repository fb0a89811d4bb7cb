//! `--format ics`: every deadline still to be met (open, due soon, overdue) as an all-day event
//! of an iCalendar file (RFC 5545), so those who must act see it in their own calendar.
//!
//! Written by hand: the format is a few dozen lines of text, and the rules that matter (folding
//! at 75 octets on character boundaries, CRLF, TEXT escapes) are simpler to own than to bend a
//! builder crate to. Deterministic: the only date is `--as-of`, so the same inputs give the same
//! bytes, and each event's UID comes from the finding's record identity, so importing next
//! month's file updates the events instead of adding copies.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::RunReport;
use crate::finding::{DeadlineFacts, Finding, Light, Status};
use crate::text::Lang;
use crate::triage::Identity;

/// RFC 5545 §3.1: content lines are folded to at most 75 octets, CRLF excluded.
pub const MAX_LINE_OCTETS: usize = 75;

/// How long before the due date the calendar reminds.
const ALARM_DAYS_BEFORE: u32 = 3;

/// An overdue event sits on the as-of date; its reminder rings that morning, 09:00.
const OVERDUE_ALARM: &str = "PT9H";

/// The whole calendar as text (CRLF line ends, folded).
pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_text(out, &render(r))
}

pub fn render(r: &RunReport) -> String {
    let mut ics = Ics::default();
    ics.line("BEGIN", "VCALENDAR");
    ics.line("VERSION", "2.0");
    ics.line(
        "PRODID",
        &format!(
            "-//clausecheck//clausecheck {}//{}",
            env!("CARGO_PKG_VERSION"),
            r.lang.code().to_uppercase()
        ),
    );
    ics.line("CALSCALE", "GREGORIAN");
    ics.line("METHOD", "PUBLISH");
    // Not in RFC 5545, but what most calendar programs show as the calendar's name; it names
    // the pack, not the date, so a subscription keeps its name from month to month.
    let name = format!("{} {}", r.t("巡视督办", "Inspection follow-up"), r.pack_id);
    ics.text("X-WR-CALNAME", &name);
    let titles = r.rule_titles();
    let mut uids = Uids::default();
    for f in r.findings.iter().filter(|f| is_reminder(f)) {
        if let Some(d) = &f.deadline {
            let uid = uids.of(f);
            event(&mut ics, r, f, d, &uid, titles.get(&*f.rule).copied());
        }
    }
    ics.line("END", "VCALENDAR");
    ics.out
}

/// Whether a finding is a deadline still to be met: the events of the calendar.
pub fn is_reminder(f: &Finding) -> bool {
    f.deadline.is_some() && matches!(f.status, Status::Open | Status::DueSoon | Status::Overdue)
}

fn event(
    ics: &mut Ics,
    r: &RunReport,
    f: &Finding,
    d: &DeadlineFacts,
    uid: &str,
    title: Option<&str>,
) {
    let overdue = f.status == Status::Overdue;
    // An overdue step is owed now: it sits on the as-of date, not back on a past due date
    // nobody looks at any more.
    let day = if overdue { r.as_of } else { d.due };
    let summary = summary(r, f, d, title);
    ics.line("BEGIN", "VEVENT");
    ics.line("UID", uid);
    ics.line("DTSTAMP", &format!("{}T000000Z", d8(r.as_of)));
    // Later as-of dates give higher sequence numbers, so a calendar that keeps the newest
    // version of an event keeps the latest sweep's.
    ics.line("SEQUENCE", &sequence(r.as_of).to_string());
    ics.line("DTSTART;VALUE=DATE", &d8(day));
    ics.line(
        "DTEND;VALUE=DATE",
        &d8(day.checked_add_days(Days::new(1)).unwrap_or(day)),
    );
    ics.text("SUMMARY", &summary);
    ics.text("DESCRIPTION", &description(r, f));
    ics.list(
        "CATEGORIES",
        &[
            r.article_label(f.article),
            r.status_label(f.status).to_string(),
        ],
    );
    if let Some(light) = d.light {
        // RFC 7986 COLOR, a CSS colour name: the 三色 light (gold reads better than yellow).
        ics.line("COLOR", color(light));
    }
    // A reminder, not a meeting: it does not make anyone busy.
    ics.line("TRANSP", "TRANSPARENT");
    ics.line("BEGIN", "VALARM");
    ics.line("ACTION", "DISPLAY");
    let trigger = if overdue {
        OVERDUE_ALARM.to_string()
    } else {
        format!("-P{ALARM_DAYS_BEFORE}D")
    };
    ics.line("TRIGGER", &trigger);
    ics.text("DESCRIPTION", &summary);
    ics.line("END", "VALARM");
    ics.line("END", "VEVENT");
}

/// `[第16条] XS-0193 线索办理结果反馈 — 驻院纪检监察组`, led by `【已逾期 N 日】` when overdue.
fn summary(r: &RunReport, f: &Finding, d: &DeadlineFacts, title: Option<&str>) -> String {
    let what = title.unwrap_or_else(|| f.message.get(r.lang));
    let mut text = String::new();
    if f.status == Status::Overdue {
        text.push_str(&match r.lang {
            Lang::Zh => format!("【已逾期 {} 日】", d.days_over),
            Lang::En => format!("[OVERDUE {} day(s)] ", d.days_over),
        });
    }
    text.push_str(&format!("[{}] ", r.article_label(f.article)));
    let record = record_of(f);
    if !record.is_empty() {
        text.push_str(&record);
        text.push(' ');
    }
    text.push_str(what);
    if let Some(who) = &f.responsible {
        text.push_str(" — ");
        text.push_str(who);
    }
    text
}

/// The item's id, else the case's, else whatever names the record.
fn record_of(f: &Finding) -> String {
    f.item
        .as_ref()
        .and_then(|i| i.id.clone())
        .or_else(|| f.case_id.clone())
        .unwrap_or_else(|| RunReport::record_name(f))
}

/// Case, unit, responsible party, item, the article, the due date and how it was computed
/// (the finding's message holds the arithmetic), and where the record is.
fn description(r: &RunReport, f: &Finding) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut add = |zh: &str, en: &str, value: String| {
        lines.push(format!("{}{value}", r.t(zh, en)));
    };
    if let Some(case) = &f.case_id {
        add("案卷：", "Case: ", case.clone());
    }
    if let Some(round) = &f.round_id {
        add("轮次：", "Round: ", round.to_string());
    }
    if let Some(unit) = &f.unit {
        let branch = f
            .branch
            .as_ref()
            .map(|b| format!("（{b}）"))
            .unwrap_or_default();
        add("被巡视单位：", "Unit: ", format!("{unit}{branch}"));
    }
    if let Some(who) = &f.responsible {
        add("责任方：", "Responsible: ", who.to_string());
    }
    if let Some(item) = r.item_label(f) {
        add("事项：", "Item: ", item);
    }
    let article = f
        .article
        .and_then(|a| r.articles.get(&a))
        .map(|text| format!(" {text}"))
        .unwrap_or_default();
    add(
        "条款：",
        "Article: ",
        format!("{}{article}", r.article_label(f.article)),
    );
    if let Some(deadline) = r.deadline_text(f) {
        add("期限：", "Deadline: ", deadline);
    }
    add("计算：", "How: ", f.message.get(r.lang).to_string());
    if let Some(reason) = f
        .deadline
        .as_ref()
        .and_then(|d| super::provisional_reason(d, r.lang))
    {
        add("待定：", "Provisional: ", reason);
    }
    add("位置：", "Where: ", r.place(f).reference());
    lines.join("\n")
}

fn color(light: Light) -> &'static str {
    match light {
        Light::Red => "red",
        Light::Yellow => "gold",
        Light::Green => "green",
    }
}

/// `YYYYMMDD`, iCalendar's DATE.
fn d8(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// Days from 1970-01-01 to `as_of` (0 before it): grows with every later sweep.
fn sequence(as_of: NaiveDate) -> i64 {
    as_of
        .signed_duration_since(NaiveDate::default())
        .num_days()
        .max(0)
}

/// Each event's UID: the rule and the digest of the finding's record identity, so the same
/// finding has the same UID in every sweep whatever its status, days or place in the export.
/// Findings sharing one identity (a duplicated item id) are told apart by their order.
#[derive(Default)]
struct Uids {
    seen: HashMap<String, usize>,
}

impl Uids {
    fn of(&mut self, f: &Finding) -> String {
        let rule: String = f
            .rule
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = format!("{rule}-{}", Identity::of(f).fingerprint());
        let n = self.seen.entry(base.clone()).or_insert(0);
        *n += 1;
        match *n {
            1 => format!("{base}@clausecheck"),
            n => format!("{base}-{n}@clausecheck"),
        }
    }
}

/// Content lines as RFC 5545 wants them: folded, CRLF-terminated.
#[derive(Default)]
struct Ics {
    out: String,
}

impl Ics {
    /// A property whose value is already in iCalendar syntax.
    fn line(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{value}"));
    }

    /// A TEXT property: escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.line(name, &escape_text(value));
    }

    /// A property holding a list of TEXT values.
    fn list(&mut self, name: &str, values: &[String]) {
        let escaped: Vec<String> = values.iter().map(|v| escape_text(v)).collect();
        self.line(name, &escaped.join(","));
    }
}

/// TEXT as RFC 5545 §3.3.11 escapes it: `\\`, `\;`, `\,`, and `\n` for a line break (CRLF, CR
/// or LF). Control characters, which TEXT may not hold, are shown as `\u{…}` as every report
/// shows them.
pub fn escape_text(s: &str) -> String {
    let s = crate::text::inert(s.to_string()).replace("\r\n", "\n");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded to lines of at most [`MAX_LINE_OCTETS`] octets (a continuation line's
/// leading space included), never inside a UTF-8 character, each ended by CRLF.
pub fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_into(&mut out, line);
        out
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let line = format!("SUMMARY:{}", "线索办理结果反馈".repeat(20));
        let out = folded(&line);
        for physical in out.split_terminator("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{physical:?}");
        }
        // Unfolding (CRLF + one space removed) gives the line back.
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        assert!(out.split_terminator("\r\n").count() > 1);
    }

    #[test]
    fn a_short_line_is_not_folded() {
        assert_eq!(folded("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(MAX_LINE_OCTETS);
        assert_eq!(folded(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn text_escapes_separators_backslashes_and_line_breaks() {
        assert_eq!(
            escape_text("a;b,c\\d\r\ne\nf\rg"),
            "a\\;b\\,c\\\\d\\ne\\nf\\ng"
        );
        // A control character becomes the escape every report shows, its backslash escaped.
        assert_eq!(escape_text("x\u{1b}[31m"), r"x\\u{1b}[31m");
    }

    #[test]
    fn sequence_grows_with_the_as_of_date() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        assert!(sequence(day(12, 25)) > sequence(day(11, 25)));
        assert_eq!(sequence(NaiveDate::default()), 0);
    }
}
