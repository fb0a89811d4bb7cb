//! Every day 2007-01-01..=2026-12-31 as the built-in calendar classifies it
//! must agree with the holiday-cn JSON files it was generated from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::super::{DayKind, DayReason};
use super::{builtin, d};

/// holiday-cn's JSON files, relative to `CARGO_MANIFEST_DIR`: vendored, so a clone tests itself.
const HOLIDAY_CN_DIR: &str = "tests/data/holiday-cn";

const FIRST_YEAR: i32 = 2007;
const LAST_YEAR: i32 = 2026;

#[derive(Deserialize)]
struct YearFile {
    year: i32,
    days: Vec<DayEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayEntry {
    name: String,
    date: String,
    is_off_day: bool,
}

/// date → (festival name, is rest day), over all the files.
fn reference_days() -> BTreeMap<NaiveDate, (String, bool)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(HOLIDAY_CN_DIR);
    let mut days = BTreeMap::new();
    for year in FIRST_YEAR..=LAST_YEAR {
        let path = dir.join(format!("{year}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let file: YearFile = serde_json::from_str(&text).expect("holiday-cn JSON");
        assert_eq!(file.year, year);
        for day in file.days {
            let prior = days.insert(d(&day.date), (day.name, day.is_off_day));
            assert!(prior.is_none(), "{} in two holiday-cn files", day.date);
        }
    }
    days
}

fn expected_kind(date: NaiveDate, listed: Option<&(String, bool)>) -> DayKind {
    let rest = match listed {
        Some((_, off)) => *off,
        None => matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
    };
    if rest {
        DayKind::Restday
    } else {
        DayKind::Workday
    }
}

#[test]
fn every_day_agrees_with_holiday_cn() {
    let reference = reference_days();
    let cal = builtin();
    let mut date = d("2007-01-01");
    let mut checked = 0;
    while date <= d("2026-12-31") {
        let listed = reference.get(&date);
        let info = cal.day(date);
        assert_eq!(info.kind, expected_kind(date, listed), "{date}");
        if let Some((name, off)) = listed {
            let want = if *off {
                DayReason::Holiday(name.clone())
            } else {
                DayReason::AdjustedWorkday(name.clone())
            };
            assert_eq!(info.reason, want, "{date}");
        }
        checked += 1;
        date = date.succ_opt().expect("in range");
    }
    assert_eq!(checked, 7305);
}

#[test]
fn days_listed_before_2007_agree_too() {
    // the 2007 notice made 2006-12-30 and 2006-12-31 (a weekend) working days
    let cal = builtin();
    for (date, (_, off)) in reference_days().range(..d("2007-01-01")) {
        assert_eq!(
            cal.day(*date).kind,
            expected_kind(*date, Some(&(String::new(), *off)))
        );
        assert!(!cal.day(*date).covered, "2006 itself is not covered");
    }
}
