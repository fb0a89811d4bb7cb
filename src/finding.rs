//! Findings as values: what broke which article, where, and by how much.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::model::{FileId, Span};
use crate::text::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Late,
    Overdue,
    DueSoon,
    Violation,
    /// A deadline not yet due and not yet near (listed only with `--include-open`).
    Open,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Late => "late",
            Status::Overdue => "overdue",
            Status::DueSoon => "due_soon",
            Status::Violation => "violation",
            Status::Open => "open",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    pub collection: Arc<str>,
    pub id: Option<String>,
}

/// The 三色 light of a deadline: red once it is late or overdue, yellow and green as its due
/// date comes within the pack's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Light {
    Red,
    Yellow,
    Green,
}

impl Light {
    pub fn as_str(self) -> &'static str {
        match self {
            Light::Red => "red",
            Light::Yellow => "yellow",
            Light::Green => "green",
        }
    }

    /// 红灯, 黄灯, 绿灯.
    pub fn zh(self) -> &'static str {
        match self {
            Light::Red => "红",
            Light::Yellow => "黄",
            Light::Green => "绿",
        }
    }
}

/// The arithmetic behind a deadline finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineFacts {
    pub start: NaiveDate,
    pub due: NaiveDate,
    /// Days past the due date; zero or negative for `due_soon` (days left, negated).
    pub days_over: i64,
    /// `None` for a deadline whose due date is beyond the green threshold.
    pub light: Option<Light>,
    /// The years the calendar lacks that the due date depends on (its last day, a rest-day
    /// extension, or the working days counted): the verdict may change once they are known.
    pub uncovered_years: Vec<i32>,
}

impl DeadlineFacts {
    pub fn provisional(&self) -> bool {
        !self.uncovered_years.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule's own id, shared (a sweep may hold a hundred thousand findings).
    pub rule: Arc<str>,
    /// `None` for `data.` findings, which belong to no article.
    pub article: Option<u32>,
    pub severity: Severity,
    pub status: Status,
    /// Round, unit and field are shared among findings where a sweep interns them: a few
    /// thousand distinct values among a hundred thousand findings.
    pub round_id: Option<Arc<str>>,
    pub case_id: Option<String>,
    pub unit: Option<Arc<str>>,
    /// The 分院 the unit belongs to (`unit.branch`), where the record names one.
    pub branch: Option<Arc<str>>,
    /// Who must act, as the rule declares it, normalised; filled for every finding before it is
    /// reported (`data.` findings name whoever maintains the export).
    pub responsible: Option<Arc<str>>,
    /// Boxed, as is `deadline`: most findings have neither, and a national sweep holds each
    /// finding until the report (80 bytes less a finding).
    pub item: Option<Box<ItemRef>>,
    pub field: Option<Arc<str>>,
    pub deadline: Option<Box<DeadlineFacts>>,
    /// Shared among findings that say the same (a sweep keeps one copy of each message: the
    /// same missing briefing is reported for every case of a branch).
    pub message: Arc<Msg>,
    pub help: Option<Arc<Msg>>,
    pub file: FileId,
    pub span: Span,
}

impl Finding {
    /// A `data.` violation of `rule` at `span` of `file`, of no article and no record yet (the
    /// caller adds the record's identity where it has one).
    pub fn data(rule: &str, file: FileId, span: Span, message: Msg) -> Finding {
        Finding {
            rule: rule.into(),
            article: None,
            severity: Severity::Error,
            status: Status::Violation,
            round_id: None,
            case_id: None,
            unit: None,
            branch: None,
            responsible: None,
            item: None,
            field: None,
            deadline: None,
            message: Arc::new(message),
            help: None,
            file,
            span,
        }
    }

    /// Whether its verdict rests on a year the calendar lacks (see [`DeadlineFacts::provisional`]).
    pub fn is_provisional(&self) -> bool {
        self.deadline.as_ref().is_some_and(|d| d.provisional())
    }

    /// The order every output uses: by file, position in the file, then rule id.
    pub fn sort_key(&self) -> (FileId, usize, &str, usize) {
        (self.file, self.span.offset, &self.rule, self.span.len)
    }
}

/// How much a finding weighs: errors fail a run by default, warnings with `--fail-on warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Open deadlines listed with `--include-open`: a reminder that never fails a run.
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}
