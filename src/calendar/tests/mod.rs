//! Tests of the calendar module.  They use only `super::` paths, so they move
//! with the module unchanged (except `reference::HOLIDAY_CN_DIR`).

mod due_cases;
mod notice;
mod period_parse;
mod props;
mod reference;
mod yaml;

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::Calendar;

/// Parsed once: proptest asks for it thousands of times.
static BUILTIN: LazyLock<Calendar> = LazyLock::new(Calendar::builtin);

fn builtin() -> &'static Calendar {
    &BUILTIN
}

/// A date literal; only for constants written in the tests.
fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date literal")
}
