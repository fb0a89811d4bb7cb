//! Properties of due_date over the built-in calendar, 2005..2029 so that the
//! edges of the covered years are crossed too.

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use super::super::{Period, due_date};
use super::builtin;

fn start_date() -> impl Strategy<Value = NaiveDate> {
    // 2005-01-01 plus up to ~24 years
    (0u64..8800).prop_map(|offset| {
        NaiveDate::from_ymd_opt(2005, 1, 1)
            .and_then(|d| d.checked_add_days(Days::new(offset)))
            .expect("in range")
    })
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1u32..=400).prop_map(Period::Days),
        (1u32..=40).prop_map(Period::Months),
        (1u32..=5).prop_map(Period::Years),
        (1u32..=300).prop_map(Period::Workdays),
    ]
}

fn last_day_of_month(date: NaiveDate) -> bool {
    date.succ_opt()
        .is_none_or(|next| next.month() != date.month())
}

fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32
}

fn workdays_in(from_exclusive: NaiveDate, to_inclusive: NaiveDate) -> u32 {
    let cal = builtin();
    from_exclusive
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= to_inclusive)
        .filter(|d| cal.is_workday(*d))
        .count() as u32
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn due_is_after_the_start_day(start in start_date(), p in period(), extend in any::<bool>()) {
        let due = due_date(builtin(), start, p, extend);
        prop_assert!(due.due > start);
        prop_assert!(due.due >= due.nominal_end);
    }

    #[test]
    fn months_end_on_the_corresponding_day_or_month_end(start in start_date(), n in 1u32..=40) {
        let due = due_date(builtin(), start, Period::Months(n), true);
        let end = due.nominal_end;
        prop_assert_eq!(months_between(start, end), n as i32);
        if due.end_of_month_clamped {
            prop_assert!(last_day_of_month(end) && end.day() < start.day());
        } else {
            prop_assert_eq!(end.day(), start.day());
        }
    }

    #[test]
    fn years_are_twelve_months(start in start_date(), n in 1u32..=5) {
        let years = due_date(builtin(), start, Period::Years(n), true);
        let months = due_date(builtin(), start, Period::Months(n * 12), true);
        prop_assert_eq!(years.due, months.due);
        prop_assert_eq!(years.nominal_end, months.nominal_end);
    }

    #[test]
    fn days_end_n_days_later(start in start_date(), n in 1u32..=400) {
        let due = due_date(builtin(), start, Period::Days(n), false);
        prop_assert_eq!((due.nominal_end - start).num_days(), i64::from(n));
    }

    #[test]
    fn extension_lands_on_the_first_working_day(start in start_date(), p in period()) {
        let cal = builtin();
        let due = due_date(cal, start, p, true);
        prop_assert!(cal.is_workday(due.due));
        let mut day = due.nominal_end;
        while day < due.due {
            prop_assert!(!cal.is_workday(day), "working day {} skipped", day);
            day = day.succ_opt().expect("in range");
        }
        prop_assert_eq!(due.extension.is_some(), due.due != due.nominal_end);
    }

    #[test]
    fn without_extension_due_is_the_nominal_end(start in start_date(), p in period()) {
        let due = due_date(builtin(), start, p, false);
        prop_assert_eq!(due.due, due.nominal_end);
        prop_assert!(due.extension.is_none());
    }

    #[test]
    fn workdays_count_exactly(start in start_date(), n in 1u32..=300, extend in any::<bool>()) {
        let due = due_date(builtin(), start, Period::Workdays(n), extend);
        prop_assert!(builtin().is_workday(due.due));
        prop_assert_eq!(due.due, due.nominal_end);
        prop_assert_eq!(workdays_in(start, due.due), n);
    }

    #[test]
    fn uncovered_years_are_reported(start in start_date(), p in period()) {
        let cal = builtin();
        let due = due_date(cal, start, p, true);
        for year in &due.uncovered_years {
            prop_assert!(!cal.covers(*year));
        }
        for day in [due.nominal_end, due.due] {
            if !cal.day(day).covered {
                prop_assert!(!due.uncovered_years.is_empty(), "{} uncovered, not reported", day);
            }
        }
    }

    #[test]
    fn explanations_end_with_the_due_date(start in start_date(), p in period(), extend in any::<bool>()) {
        let due = due_date(builtin(), start, p, extend);
        let zh_end = format!("截止 {}", due.due);
        let en_end = format!("due {}", due.due);
        prop_assert!(due.explain_zh().ends_with(&zh_end));
        prop_assert!(due.explain_en().ends_with(&en_end));
    }
}
