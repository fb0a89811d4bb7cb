#![no_main]
//! Arbitrary text as a date and a period: parsing, and the due date of the period from the
//! date (or from the far ends of chrono's range), must not panic.

use chrono::NaiveDate;
use clausecheck::calendar::{Calendar, Period, checked_due_date};
use clausecheck::dates::parse_date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (date, period) = text.split_once('|').unwrap_or((text, text));
    let parsed = parse_date(date);
    if let Ok(period) = period.parse::<Period>() {
        let cal = Calendar::builtin();
        let _ = period.to_english();
        for start in parsed.into_iter().chain([NaiveDate::MIN, NaiveDate::MAX]) {
            for extend in [true, false] {
                if let Some(due) = checked_due_date(&cal, start, period, extend) {
                    let _ = (due.explain_zh(), due.explain_en());
                }
            }
        }
    }
});
