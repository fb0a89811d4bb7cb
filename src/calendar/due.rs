//! When a period ends (民法典 第二百零一条至第二百零三条).
//!
//! * 第二百零一条: the start day is not counted; counting begins the next day.
//! * 第二百零二条: a period of months or years ends on the corresponding day
//!   of the last month, or on that month's last day where it has none.
//! * 第二百零三条: a period whose last day is a statutory rest day ends on the
//!   first day after the rest; the last day runs until 24:00.
//!
//! Saturdays and Sundays count as rest days unless a notice makes them
//! working days (调休上班), as courts and agencies apply 第二百零三条.
//!
//! "以内"/"内" includes the last day (第一千二百五十九条: 以内 包括本数), so an
//! act done on [`Due::due`] is in time; comparing is the caller's business:
//! `act_date <= due.due`.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::{Calendar, DayInfo, DayKind, DayReason, Period, next_day, prev_day};

/// The end of one period, with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub start: NaiveDate,
    pub period: Period,
    /// The last day before any extension: the corresponding day, the month's
    /// last day, the Nth day or the Nth working day after `start`.
    pub nominal_end: NaiveDate,
    /// How the calendar classifies `nominal_end`.
    pub nominal_end_day: DayInfo,
    /// The month of `nominal_end` has no day corresponding to `start`'s, so
    /// its last day was taken (e.g. 01-31 + 1个月 → 02-28).
    pub end_of_month_clamped: bool,
    /// Set when `nominal_end` was a rest day and extension was asked for.
    pub extension: Option<Extension>,
    /// The last day of the period: an act on this day is in time.
    pub due: NaiveDate,
    /// Years the computation looked at that the calendar has no data for,
    /// ascending; their rest days were judged by weekends alone.
    pub uncovered_years: Vec<i32>,
}

/// Why and how far the end of a period moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// The run of consecutive rest days containing the nominal end.
    pub rest_from: NaiveDate,
    pub rest_to: NaiveDate,
    /// The festival(s) of the run, joined by "、" (e.g. "国庆节"), or "周末"
    /// when no day of the run is a holiday.
    pub reason: String,
    /// The first working day after the run: the new last day.
    pub moved_to: NaiveDate,
}

/// The reason given for a run of rest days with no holiday in it.
pub(super) const WEEKEND_REASON: &str = "周末";

/// Computes when `period`, counted from `start`, ends on `cal`.
/// `extend_over_rest_days` applies 第二百零三条 (pass `true` unless a rule
/// says otherwise).
///
/// # Panics
///
/// If the end lies beyond chrono's last date (year 262142), which only a
/// start date that far out can cause: [`Period::parse`] caps lengths at about
/// a century.  Use [`checked_due_date`] for untrusted start dates.
#[must_use]
#[allow(clippy::expect_used)] // documented panic; input-facing callers use checked_due_date
pub fn due_date(
    cal: &Calendar,
    start: NaiveDate,
    period: Period,
    extend_over_rest_days: bool,
) -> Due {
    checked_due_date(cal, start, period, extend_over_rest_days)
        .expect("period end beyond the last representable date")
}

/// [`due_date`], or `None` if the end is not a representable date.
#[must_use]
pub fn checked_due_date(
    cal: &Calendar,
    start: NaiveDate,
    period: Period,
    extend_over_rest_days: bool,
) -> Option<Due> {
    let mut seen = YearsSeen::new(cal);
    let (nominal_end, end_of_month_clamped) = nominal_end(start, period, &mut seen)?;
    let nominal_end_day = seen.day(nominal_end);
    let extension = match (extend_over_rest_days, nominal_end_day.kind) {
        (true, DayKind::Restday) => Some(extension(nominal_end, &mut seen)?),
        _ => None,
    };
    Some(Due {
        start,
        period,
        nominal_end,
        nominal_end_day,
        end_of_month_clamped,
        due: extension.as_ref().map_or(nominal_end, |e| e.moved_to),
        extension,
        uncovered_years: seen.uncovered.into_iter().collect(),
    })
}

/// The last day before extension, and whether it was clamped to a month end.
fn nominal_end(
    start: NaiveDate,
    period: Period,
    seen: &mut YearsSeen,
) -> Option<(NaiveDate, bool)> {
    let months = |n: u32| {
        // chrono clamps to the month's last day, which is 第二百零二条's rule
        let end = start.checked_add_months(Months::new(n))?;
        Some((end, end.day() != start.day()))
    };
    match period {
        Period::Days(n) => Some((start.checked_add_days(Days::new(n.into()))?, false)),
        Period::Months(n) => months(n),
        Period::Years(n) => months(n.checked_mul(12)?),
        Period::Workdays(n) => Some((nth_workday_after(start, n, seen)?, false)),
    }
}

/// The `n`th working day after `start` (`start` itself for `n == 0`).
fn nth_workday_after(start: NaiveDate, n: u32, seen: &mut YearsSeen) -> Option<NaiveDate> {
    let mut day = start;
    for _ in 0..n {
        day = next_day(day)?;
        while !seen.is_workday(day) {
            day = next_day(day)?;
        }
    }
    Some(day)
}

/// The run of rest days around `nominal_end` and the first working day after.
fn extension(nominal_end: NaiveDate, seen: &mut YearsSeen) -> Option<Extension> {
    let mut rest_from = nominal_end;
    while let Some(before) = prev_day(rest_from).filter(|d| !seen.is_workday(*d)) {
        rest_from = before;
    }
    let mut rest_to = nominal_end;
    let moved_to = loop {
        let next = next_day(rest_to)?;
        if seen.is_workday(next) {
            break next;
        }
        rest_to = next;
    };
    let names = holiday_names(rest_from, rest_to, seen);
    let reason = if names.is_empty() {
        WEEKEND_REASON.to_string()
    } else {
        names.join("、")
    };
    Some(Extension {
        rest_from,
        rest_to,
        reason,
        moved_to,
    })
}

/// Distinct festival names of the holidays in `[from, to]`, in date order.
fn holiday_names(from: NaiveDate, to: NaiveDate, seen: &mut YearsSeen) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut day = Some(from);
    while let Some(d) = day.filter(|d| *d <= to) {
        if let DayReason::Holiday(name) = seen.day(d).reason
            && !names.contains(&name)
        {
            names.push(name);
        }
        day = next_day(d);
    }
    names
}

/// Classifies days while noting which uncovered years were relied on.
struct YearsSeen<'a> {
    cal: &'a Calendar,
    uncovered: BTreeSet<i32>,
}

impl<'a> YearsSeen<'a> {
    fn new(cal: &'a Calendar) -> Self {
        YearsSeen {
            cal,
            uncovered: BTreeSet::new(),
        }
    }

    fn day(&mut self, date: NaiveDate) -> DayInfo {
        let info = self.cal.day(date);
        self.note(date, info.covered);
        info
    }

    fn is_workday(&mut self, date: NaiveDate) -> bool {
        let (kind, covered) = self.cal.kind_of(date);
        self.note(date, covered);
        kind == DayKind::Workday
    }

    /// Notes the years without data that could decide `date`, when it is not covered.
    fn note(&mut self, date: NaiveDate, covered: bool) {
        if !covered {
            let years = super::years_affecting(date).filter(|y| !self.cal.covers(*y));
            self.uncovered.extend(years);
        }
    }
}
