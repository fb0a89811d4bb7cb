//! `--group-by`: counts by light and status for each responsible party, unit, branch or
//! article, so a supervisor sees at a glance whom to press for what.

use std::collections::BTreeMap;

use super::{GroupBy, RunReport};
use crate::finding::{Finding, Light, Status};
use crate::text::Lang;

/// One group's counts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GroupCounts {
    pub name: String,
    pub total: usize,
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
    pub late: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub open: usize,
    pub violation: usize,
}

impl GroupCounts {
    fn add(&mut self, f: &Finding) {
        self.total += 1;
        match f.deadline.as_ref().and_then(|d| d.light) {
            Some(Light::Red) => self.red += 1,
            Some(Light::Yellow) => self.yellow += 1,
            Some(Light::Green) => self.green += 1,
            None => {}
        }
        *match f.status {
            Status::Late => &mut self.late,
            Status::Overdue => &mut self.overdue,
            Status::DueSoon => &mut self.due_soon,
            Status::Open => &mut self.open,
            Status::Violation => &mut self.violation,
        } += 1;
    }

    /// The counts in the order of [`headings`].
    pub fn cells(&self) -> [usize; 9] {
        [
            self.total,
            self.red,
            self.yellow,
            self.green,
            self.late,
            self.overdue,
            self.due_soon,
            self.open,
            self.violation,
        ]
    }
}

/// The group a finding falls in; findings without one are grouped under "(none)".
fn key(r: &RunReport, by: GroupBy, f: &Finding) -> String {
    let named = match by {
        GroupBy::Responsible => f.responsible.as_deref().map(str::to_owned),
        GroupBy::Unit => f.unit.as_deref().map(str::to_owned),
        GroupBy::Branch => f.branch.as_deref().map(str::to_owned),
        GroupBy::Article => Some(r.article_label(f.article)),
    };
    named.unwrap_or_else(|| r.t("（无）", "(none)").to_string())
}

/// The groups, most findings first (ties by name), articles in their own order.
pub fn groups(r: &RunReport, by: GroupBy) -> Vec<GroupCounts> {
    let mut map: BTreeMap<(u32, String), GroupCounts> = BTreeMap::new();
    for f in r.findings {
        let name = key(r, by, f);
        let order = match by {
            GroupBy::Article => f.article.unwrap_or(u32::MAX),
            _ => 0,
        };
        map.entry((order, name.clone()))
            .or_insert_with(|| GroupCounts {
                name,
                ..GroupCounts::default()
            })
            .add(f);
    }
    let mut list: Vec<GroupCounts> = map.into_values().collect();
    if by != GroupBy::Article {
        list.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
    }
    list
}

/// The column headings: the group, then the counts of [`GroupCounts::cells`].
pub fn headings(r: &RunReport, by: GroupBy) -> [&'static str; 10] {
    let group = match by {
        GroupBy::Responsible => r.t("责任方", "responsible"),
        GroupBy::Unit => r.t("被巡视单位", "unit"),
        GroupBy::Branch => r.t("所在分院", "branch"),
        GroupBy::Article => r.t("条款", "article"),
    };
    match r.lang {
        Lang::Zh => [
            group,
            "合计",
            "红灯",
            "黄灯",
            "绿灯",
            "逾期完成",
            "已逾期",
            "即将到期",
            "未到期",
            "不符合",
        ],
        Lang::En => [
            group,
            "total",
            "red",
            "yellow",
            "green",
            "late",
            "overdue",
            "due soon",
            "open",
            "violation",
        ],
    }
}

/// A plain-text table for the terminal, columns aligned by display width.
pub fn text_table(r: &RunReport, by: GroupBy) -> String {
    let heads = headings(r, by);
    let rows: Vec<Vec<String>> = groups(r, by)
        .iter()
        .map(|g| {
            std::iter::once(crate::text::inert(g.name.clone()))
                .chain(g.cells().iter().map(usize::to_string))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = heads.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w.saturating_sub(width(c)));
                if i == 0 {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = String::new();
    out.push_str(&line(heads.to_vec()));
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

/// Terminal columns a text takes: CJK and full-width characters take two.
pub fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// One data problem many findings share: the same `data.` rule with the same message, such as
/// a round id no round record has, repeated on every case that names it.
#[derive(Debug, Clone)]
pub struct RepeatedProblem<'f> {
    pub rule: &'f str,
    /// The shared message, in the run's language.
    pub message: &'f str,
    /// How many findings (one per case or row) share it.
    pub count: usize,
    /// The first of them, for a link or a place.
    pub first: &'f Finding,
}

/// Fewer findings than this sharing one data problem are listed one by one, not grouped.
pub const REPEAT_THRESHOLD: usize = 3;

/// The `data.` problems shared by at least [`REPEAT_THRESHOLD`] findings, most first (ties by
/// rule, then message). Every finding is still reported on its own; this is for summaries and
/// charts, where one missing round record must not look like 3,000 separate problems.
pub fn repeated_data_problems<'f>(r: &'f RunReport) -> Vec<RepeatedProblem<'f>> {
    let mut by_problem: BTreeMap<(&str, &str), (usize, &Finding)> = BTreeMap::new();
    for f in r.findings.iter().filter(|f| f.article.is_none()) {
        by_problem
            .entry((&f.rule, f.message.get(r.lang)))
            .or_insert((0, f))
            .0 += 1;
    }
    let mut list: Vec<RepeatedProblem> = by_problem
        .into_iter()
        .filter(|(_, (count, _))| *count >= REPEAT_THRESHOLD)
        .map(|((rule, message), (count, first))| RepeatedProblem {
            rule,
            message,
            count,
            first,
        })
        .collect();
    list.sort_by_key(|p| std::cmp::Reverse(p.count));
    list
}
