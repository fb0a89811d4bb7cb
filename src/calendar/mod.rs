//! The PRC official working-day calendar and legal period arithmetic
//! (民法典 第二百零一条至第二百零三条).
//!
//! A [`Calendar`] knows, per covered year, the statutory rest days (法定节假日
//! and the days swapped into them) and the adjusted working days (调休上班日)
//! that the State Council's notices set.  Any other Saturday or Sunday is a
//! rest day and any other day a working day; years without data are judged by
//! weekends alone and reported, so callers can warn.
//!
//! [`due_date`] computes when a period ends: the start day is not counted,
//! months and years end on the corresponding day (or the month's last day),
//! and a period ending on a rest day runs on to the next working day.

mod data;
mod due;
mod explain;
mod missing;
pub mod notice;
mod period;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};

pub use due::{Due, Extension, checked_due_date, due_date};
pub use missing::MissingNotice;
pub use period::{Period, PeriodError};

/// The data file compiled into [`Calendar::builtin`].
///
/// Built from `tools/gen_cn_yaml.py`; a user adds later years with `--calendar FILE`.
const BUILTIN_YAML: &str = include_str!("../../rules/calendars/cn.yaml");

/// Whether a day is worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    Workday,
    Restday,
}

/// Why a day has its [`DayKind`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DayReason {
    /// Monday to Friday, not touched by any notice.
    Weekday,
    /// Saturday or Sunday, not touched by any notice.
    Weekend,
    /// A rest day set by a notice, with the festival's name (e.g. `国庆节`).
    Holiday(String),
    /// A working day set by a notice (调休上班), with the festival's name.
    AdjustedWorkday(String),
}

/// How the calendar classifies one date.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DayInfo {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub reason: DayReason,
    /// Whether the calendar has the notices that could affect this date: its
    /// own year's and, from 25 December on, the next year's too (a New Year
    /// arrangement may move the last days of December).
    pub covered: bool,
}

/// The date a notice bears, or only its month where the day is unconfirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeDate {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl fmt::Display for NoticeDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoticeDate::Day(d) => write!(f, "{d}"),
            NoticeDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

/// A State Council notice that set one year's arrangement.  Only the title is
/// always known: the rest is written down where a source confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Notice {
    pub title: String,
    /// The document number (发文字号), e.g. `国办发明电〔2020〕27号`.
    pub number: Option<String>,
    /// The date the notice bears (成文日期).
    pub published: Option<NoticeDate>,
    /// Where the notice's text is published.
    pub url: Option<String>,
}

/// Where a calendar data file is wrong.  Line and column are 1-based; any of
/// the position fields is `None` when the YAML parser could not tell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct CalendarError {
    pub message: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub byte_offset: Option<u64>,
}

impl CalendarError {
    fn describe(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("calendar data, line {l}, column {c}: {}", self.message),
            (Some(l), None) => format!("calendar data, line {l}: {}", self.message),
            _ => format!("calendar data: {}", self.message),
        }
    }
}

/// One covered year: what its notices say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct YearRules {
    /// Where the days were taken from (e.g. `holiday-cn`, or the notice file an
    /// import read), as the data file says.
    source: Option<String>,
    notices: Vec<Notice>,
    /// Rest days, with the festival's name.
    rest: BTreeMap<NaiveDate, String>,
    /// Adjusted working days, with the festival's name.
    work: BTreeMap<NaiveDate, String>,
}

/// Official working days: statutory holidays and adjusted working days per
/// covered year, weekends elsewhere.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    years: BTreeMap<i32, YearRules>,
    /// Each day's kind and coverage over the covered years, worked out on first
    /// use: counting a period asks about every day it passes, and asking the
    /// notices took a few B-tree lookups a day.
    days: OnceLock<DayTable>,
}

/// Calendars are the same when their notices are: the day table is a cache.
impl PartialEq for Calendar {
    fn eq(&self, other: &Self) -> bool {
        self.years == other.years
    }
}

impl Eq for Calendar {}

/// [`Calendar::kind_of`] for every day from `first` on.
#[derive(Debug, Clone)]
struct DayTable {
    /// The first day, as days from the common era (chrono's durations cost more).
    first: i32,
    /// Per day: [`WORKDAY`], [`COVERED`] and [`LISTED`] bits.
    days: Vec<u8>,
}

const WORKDAY: u8 = 1;
const COVERED: u8 = 2;
/// A notice names the day (a holiday or an adjusted working day).
const LISTED: u8 = 4;

fn kind_and_coverage(bits: u8) -> (DayKind, bool) {
    let kind = if bits & WORKDAY != 0 {
        DayKind::Workday
    } else {
        DayKind::Restday
    };
    (kind, bits & COVERED != 0)
}

impl Calendar {
    /// The PRC calendar shipped with clausecheck (2007 onward).  Parses the
    /// embedded file on every call: keep the result.
    ///
    /// # Panics
    ///
    /// Never in a build whose tests passed: they parse the same text.
    #[allow(clippy::expect_used)] // compiled-in data, parsed by the tests: cannot fail at run time
    pub fn builtin() -> Calendar {
        // Not user input: the tests parse this very text, so a failure here
        // is a broken build, not a runtime condition.
        Calendar::from_yaml(BUILTIN_YAML).expect("built-in calendar data must be valid")
    }

    /// Parses a calendar data file (the format of `rules/calendars/cn.yaml`).
    ///
    /// # Errors
    ///
    /// Malformed YAML, unknown keys, bad or out-of-block dates, a date
    /// listed twice or as both rest and work: a [`CalendarError`] naming the
    /// line, column and byte offset where the parser could tell.
    pub fn from_yaml(text: &str) -> Result<Calendar, CalendarError> {
        data::parse(text)
    }

    /// A calendar with no holiday data: Saturdays and Sundays rest.
    pub fn weekends_only() -> Calendar {
        Calendar::default()
    }

    /// Adds `other`'s years, replacing whole years this calendar already has
    /// (including the late-December days a replaced year's notice moved).
    pub fn merge(&mut self, other: Calendar) {
        self.years.extend(other.years);
        self.days = OnceLock::new();
    }

    /// Whether the calendar has the notices for `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The covered years, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The notices behind `year`'s arrangement (empty if not covered).
    pub fn notices(&self, year: i32) -> &[Notice] {
        self.years.get(&year).map_or(&[], |y| y.notices.as_slice())
    }

    /// Where `year`'s days were taken from, when the data file says.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.years.get(&year)?.source.as_deref()
    }

    /// The notices this calendar lacks that could decide `date` (none when
    /// [`DayInfo::covered`]).
    pub fn missing_notices(&self, date: NaiveDate) -> Vec<MissingNotice> {
        years_affecting(date)
            .filter(|y| !self.covers(*y))
            .map(|y| MissingNotice::for_year(y, date.year()))
            .collect()
    }

    /// Classifies one date.
    pub fn day(&self, date: NaiveDate) -> DayInfo {
        // A day no notice names is classified from the table alone.
        if let Some(bits) = self.table_bits(date).filter(|b| b & LISTED == 0) {
            let (kind, covered) = kind_and_coverage(bits);
            let reason = match kind {
                DayKind::Restday => DayReason::Weekend,
                DayKind::Workday => DayReason::Weekday,
            };
            return DayInfo {
                date,
                kind,
                reason,
                covered,
            };
        }
        self.day_by_notices(date)
    }

    /// [`Calendar::day`] from the notices themselves.
    fn day_by_notices(&self, date: NaiveDate) -> DayInfo {
        let covered = years_affecting(date).all(|y| self.covers(y));
        let (kind, reason) = match self.listed(date) {
            Some((DayKind::Restday, name)) => (DayKind::Restday, DayReason::Holiday(name.into())),
            Some((DayKind::Workday, name)) => {
                (DayKind::Workday, DayReason::AdjustedWorkday(name.into()))
            }
            None if is_weekend(date) => (DayKind::Restday, DayReason::Weekend),
            None => (DayKind::Workday, DayReason::Weekday),
        };
        DayInfo {
            date,
            kind,
            reason,
            covered,
        }
    }

    pub fn is_workday(&self, date: NaiveDate) -> bool {
        self.kind_of(date).0 == DayKind::Workday
    }

    /// [`Calendar::day`]'s kind and coverage, without the reason.
    pub fn kind_of(&self, date: NaiveDate) -> (DayKind, bool) {
        match self.table_bits(date) {
            Some(bits) => kind_and_coverage(bits),
            None => self.kind_by_notices(date),
        }
    }

    /// The day table's bits for `date`, if the table reaches it.
    fn table_bits(&self, date: NaiveDate) -> Option<u8> {
        let table = self.days.get_or_init(|| self.day_table());
        let i = usize::try_from(date.num_days_from_ce() - table.first).ok()?;
        table.days.get(i).copied()
    }

    /// What [`Calendar::day`] says of each day of the covered years.
    fn day_table(&self) -> DayTable {
        let span = self.years.keys().next().zip(self.years.keys().next_back());
        let Some((first, last)) = span.and_then(|(a, b)| {
            Some((
                NaiveDate::from_ymd_opt(*a, 1, 1)?,
                NaiveDate::from_ymd_opt(*b, 12, 31)?,
            ))
        }) else {
            return DayTable {
                first: 0,
                days: Vec::new(),
            };
        };
        let days = first
            .iter_days()
            .take_while(|d| *d <= last)
            .map(|d| {
                let info = self.day_by_notices(d);
                let workday = if info.kind == DayKind::Workday {
                    WORKDAY
                } else {
                    0
                };
                let listed = match info.reason {
                    DayReason::Holiday(_) | DayReason::AdjustedWorkday(_) => LISTED,
                    DayReason::Weekday | DayReason::Weekend => 0,
                };
                workday | listed | if info.covered { COVERED } else { 0 }
            })
            .collect();
        DayTable {
            first: first.num_days_from_ce(),
            days,
        }
    }

    fn kind_by_notices(&self, date: NaiveDate) -> (DayKind, bool) {
        let info = self.day_by_notices(date);
        (info.kind, info.covered)
    }

    /// What a notice says about `date`, if any.  The next year's notice is
    /// asked first: it is the later word on the late-December days it moves.
    fn listed(&self, date: NaiveDate) -> Option<(DayKind, &str)> {
        years_affecting(date).rev().find_map(|y| {
            let rules = self.years.get(&y)?;
            if let Some(name) = rules.rest.get(&date) {
                return Some((DayKind::Restday, name.as_str()));
            }
            rules
                .work
                .get(&date)
                .map(|n| (DayKind::Workday, n.as_str()))
        })
    }
}

/// From this day of December on, next year's notice may move the date.
const NEW_YEAR_REACH_FROM_DAY: u32 = 25;

/// True for the days a following year's New Year arrangement may move.
fn in_new_year_reach(date: NaiveDate) -> bool {
    date.month() == 12 && date.day() >= NEW_YEAR_REACH_FROM_DAY
}

/// The years whose notices can decide `date`: its own, and the next one for
/// the last days of December.
fn years_affecting(date: NaiveDate) -> std::ops::RangeInclusive<i32> {
    let year = date.year();
    year..=if in_new_year_reach(date) {
        year + 1
    } else {
        year
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(date: NaiveDate) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(1))
}

fn prev_day(date: NaiveDate) -> Option<NaiveDate> {
    date.checked_sub_days(Days::new(1))
}
