//! Which notice a calendar lacks, said so the user knows which year to add.
//!
//! A day may lack its own year's notice, or only the next year's: a New Year
//! arrangement may still move the last days of December (2026-12-28 is
//! covered by the 2026 notice, but the 2027 one could make it a rest day).
//! The two cases need different words, and the year named must be the one
//! whose notice is missing.

use super::{Due, NEW_YEAR_REACH_FROM_DAY};

/// A notice the calendar lacks that could decide some day asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingNotice {
    /// The year's own days were asked about: judged by weekends alone.
    Year(i32),
    /// Only late-December days of the year before were asked about: this
    /// year's New Year arrangement may still move them; they were judged by
    /// the earlier year's notice and weekends.
    NewYearReach(i32),
}

impl MissingNotice {
    /// `year`'s notice is missing and the latest day asked about lies in
    /// `latest_day_year`.
    pub(super) fn for_year(year: i32, latest_day_year: i32) -> MissingNotice {
        if year <= latest_day_year {
            MissingNotice::Year(year)
        } else {
            MissingNotice::NewYearReach(year)
        }
    }

    /// The year whose notice is missing.
    pub fn year(self) -> i32 {
        match self {
            MissingNotice::Year(y) | MissingNotice::NewYearReach(y) => y,
        }
    }

    pub fn zh(self) -> String {
        match self {
            MissingNotice::Year(y) => {
                format!("日历未收录 {y} 年的国务院节假日通知，该年的日子仅按周末判断")
            }
            MissingNotice::NewYearReach(y) => format!(
                "日历未收录 {y} 年的国务院节假日通知，其元旦安排可能调整 {prev} 年 12 月 \
                 {NEW_YEAR_REACH_FROM_DAY} 日至 31 日；这些日子暂按 {prev} 年的通知和周末判断",
                prev = y - 1
            ),
        }
    }

    pub fn en(self) -> String {
        match self {
            MissingNotice::Year(y) => format!(
                "the calendar has no State Council holiday notice for {y}; its days are judged by weekends alone"
            ),
            MissingNotice::NewYearReach(y) => format!(
                "the calendar has no State Council holiday notice for {y}, whose New Year \
                 arrangement may still move {prev}-12-{NEW_YEAR_REACH_FROM_DAY}..{prev}-12-31; \
                 those days are judged by {prev}'s notice and weekends for now",
                prev = y - 1
            ),
        }
    }
}

impl Due {
    /// The notices the computation lacked, one per [`Due::uncovered_years`]
    /// entry.  Every day a period looks at lies on or before its due date, so
    /// a missing year after it was needed only for its New Year reach.
    pub fn missing_notices(&self) -> Vec<MissingNotice> {
        use chrono::Datelike;
        self.uncovered_years
            .iter()
            .map(|y| MissingNotice::for_year(*y, self.due.year()))
            .collect()
    }
}
