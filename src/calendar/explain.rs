//! Plain-language explanations of a [`Due`], for reports.

use chrono::{Datelike, NaiveDate};

use super::due::WEEKEND_REASON;
use super::{DayKind, Due, Extension, MissingNotice, Period};

impl Due {
    /// E.g. "自 2025-06-30（次日起算）3个月，对应日 2025-09-30；截止 2025-09-30".
    pub fn explain_zh(&self) -> String {
        let mut out = format!(
            "自 {}（次日起算）{}，{}；",
            self.start,
            self.period,
            self.end_zh()
        );
        match (&self.extension, self.nominal_end_day.kind) {
            (Some(ext), _) => out += &extension_zh(self.nominal_end, ext),
            (None, DayKind::Restday) => {
                out += &format!("{} 为休息日，按设定不顺延；", self.nominal_end);
            }
            (None, DayKind::Workday) => {}
        }
        for missing in self.missing_notices() {
            out += &match missing {
                MissingNotice::Year(y) => {
                    format!("注：无 {y} 年节假日数据，按周六、周日判断休息日；")
                }
                MissingNotice::NewYearReach(y) => format!(
                    "注：无 {y} 年节假日数据，其元旦安排可能调整 {} 年 12 月下旬，暂按已有通知和周末判断；",
                    y - 1
                ),
            };
        }
        out + &format!("截止 {}", self.due)
    }

    /// E.g. "From 2025-06-30 (counting from the next day), 3 months:
    /// corresponding day 2025-09-30; due 2025-09-30".
    pub fn explain_en(&self) -> String {
        let mut out = format!(
            "From {} (counting from the next day), {}: {}; ",
            self.start,
            self.period.to_english(),
            self.end_en()
        );
        match (&self.extension, self.nominal_end_day.kind) {
            (Some(ext), _) => out += &extension_en(self.nominal_end, ext),
            (None, DayKind::Restday) => {
                out += &format!("{} is a rest day, but extension is off; ", self.nominal_end);
            }
            (None, DayKind::Workday) => {}
        }
        for missing in self.missing_notices() {
            out += &match missing {
                MissingNotice::Year(y) => {
                    format!("note: no holiday data for {y}, rest days judged by weekends only; ")
                }
                MissingNotice::NewYearReach(y) => format!(
                    "note: no holiday data for {y}, whose New Year arrangement may move late \
                     December {}; judged by the notices at hand and weekends; ",
                    y - 1
                ),
            };
        }
        out + &format!("due {}", self.due)
    }

    fn end_zh(&self) -> String {
        let end = self.nominal_end;
        match self.period {
            Period::Days(n) => format!("第 {n} 日为 {end}"),
            Period::Workdays(n) => format!("第 {n} 个工作日为 {end}"),
            _ if self.end_of_month_clamped => {
                format!("{} 无对应日，取月末日 {end}", year_month(end))
            }
            _ => format!("对应日 {end}"),
        }
    }

    fn end_en(&self) -> String {
        let end = self.nominal_end;
        match self.period {
            Period::Days(n) => format!("the {} day is {end}", ordinal(n)),
            Period::Workdays(n) => format!("the {} working day is {end}", ordinal(n)),
            _ if self.end_of_month_clamped => format!(
                "{} has no corresponding day, so its last day {end}",
                year_month(end)
            ),
            _ => format!("corresponding day {end}"),
        }
    }
}

fn extension_zh(nominal_end: NaiveDate, ext: &Extension) -> String {
    let run = run_text(ext, "至");
    let why = if ext.reason == WEEKEND_REASON {
        format!("{run} 周末")
    } else {
        format!("{run} {}放假", ext.reason)
    };
    format!("{nominal_end} 为休息日（{why}），顺延至 {}；", ext.moved_to)
}

fn extension_en(nominal_end: NaiveDate, ext: &Extension) -> String {
    let run = run_text(ext, "to");
    let why = if ext.reason == WEEKEND_REASON {
        format!("{run}, weekend")
    } else {
        format!("{run}, {} holiday", festival_en(&ext.reason))
    };
    format!(
        "{nominal_end} is a rest day ({why}), so the period runs to the next working day, {}; ",
        ext.moved_to
    )
}

/// "2026-10-01 至 10-07"; the year is repeated only when it changes.
fn run_text(ext: &Extension, joiner: &str) -> String {
    let (from, to) = (ext.rest_from, ext.rest_to);
    if from == to {
        return from.to_string();
    }
    let to_text = if from.year() == to.year() {
        to.format("%m-%d").to_string()
    } else {
        to.to_string()
    };
    format!("{from} {joiner} {to_text}")
}

fn year_month(date: NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// English for the festival names the notices use; others are left as is.
fn festival_en(names: &str) -> String {
    let one = |name: &str| -> String {
        let english = match name.trim_matches(|c| c == '“' || c == '”') {
            "元旦" => "New Year's Day",
            "春节" => "Spring Festival",
            "清明节" => "Qingming Festival",
            "劳动节" | "五一" | "五一”国际劳动节" | "国际劳动节" => "Labour Day",
            "端午节" => "Dragon Boat Festival",
            "中秋节" => "Mid-Autumn Festival",
            "国庆节" | "十一" => "National Day",
            _ => return name.to_string(),
        };
        english.to_string()
    };
    names.split('、').map(one).collect::<Vec<_>>().join(" and ")
}
