//! A read notice as calendar data: the format `--calendar FILE` and
//! `calendar = ` in `clausecheck.toml` take (see `rules/calendars/cn.yaml`).

use std::fmt::Write;

use chrono::NaiveDate;

use super::super::{DayKind, next_day};
use super::{Arrangement, ReadNotice};

impl ReadNotice {
    /// The calendar data for the notice's year.  `source` names where the
    /// notice was read from (the file); it is written into the data so
    /// `calendar coverage` can say where the year came from.
    pub fn to_calendar_yaml(&self, source: &str) -> String {
        let source = one_line(source);
        let mut out = format!(
            "# 由 clausecheck calendar import 读取 {source} 生成；使用前请对照通知原文逐日核对。\n\
             # Written by `clausecheck calendar import` from {source}; check every day against the notice before use.\n\
             calendar: cn\n\
             years:\n  {}:\n    source: {}\n",
            self.year,
            quoted(&format!("calendar import: {source}")),
        );
        self.write_notice(&mut out);
        write_holidays(&mut out, &self.arrangements);
        write_workdays(&mut out, &self.arrangements);
        out
    }

    /// The `notices:` entry; none without a title (a notice is known by it).
    fn write_notice(&self, out: &mut String) {
        let Some(title) = &self.title else {
            return;
        };
        out.push_str("    notices:\n");
        let _ = writeln!(out, "      - title: {}", quoted(title));
        if let Some(number) = &self.number {
            let _ = writeln!(out, "        number: {}", quoted(number));
        }
        if let Some(published) = self.published {
            let _ = writeln!(out, "        published: {published}");
        }
    }
}

fn write_holidays(out: &mut String, arrangements: &[Arrangement]) {
    let runs: Vec<(&str, NaiveDate, NaiveDate)> = arrangements
        .iter()
        .flat_map(|a| {
            rest_runs(a)
                .into_iter()
                .map(|(f, l)| (a.festival.as_str(), f, l))
        })
        .collect();
    if runs.is_empty() {
        out.push_str("    holidays: []\n");
        return;
    }
    out.push_str("    holidays:\n");
    for (name, first, last) in runs {
        let _ = writeln!(
            out,
            "      - {{name: {}, rest: [{first}, {last}]}}",
            quoted(name)
        );
    }
}

fn write_workdays(out: &mut String, arrangements: &[Arrangement]) {
    let work: Vec<(&str, NaiveDate)> = arrangements
        .iter()
        .flat_map(|a| {
            a.days
                .iter()
                .filter(|d| d.kind == DayKind::Workday)
                .map(|d| (a.festival.as_str(), d.date))
        })
        .collect();
    if work.is_empty() {
        out.push_str("    workdays: []\n");
        return;
    }
    out.push_str("    workdays:\n");
    for (name, date) in work {
        let _ = writeln!(out, "      - {{name: {}, date: {date}}}", quoted(name));
    }
}

/// The arrangement's rest days as runs of consecutive dates.
fn rest_runs(arrangement: &Arrangement) -> Vec<(NaiveDate, NaiveDate)> {
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let rest = arrangement
        .days
        .iter()
        .filter(|d| d.kind == DayKind::Restday);
    for day in rest {
        match runs.last_mut() {
            Some((_, last)) if next_day(*last) == Some(day.date) => *last = day.date,
            _ => runs.push((day.date, day.date)),
        }
    }
    runs
}

/// A YAML double-quoted scalar (JSON's string syntax is a subset of it).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// `text` fit for a comment line: no line breaks or other control characters.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
