//! Named cases: each one a deadline someone could get wrong.

use super::super::{Calendar, DayKind, DayReason, Due, Period, due_date};
use super::{builtin, d};

fn due(start: &str, period: &str) -> Due {
    let period = Period::parse(period).expect("test period");
    due_date(builtin(), d(start), period, true)
}

#[test]
fn three_months_from_nov_30_ends_feb_28_a_working_saturday() {
    let due = due("2025-11-30", "3个月");
    assert_eq!(due.nominal_end, d("2026-02-28"));
    assert!(due.end_of_month_clamped);
    // 2026-02-28 is a Saturday, but a 调休 working day after Spring Festival
    assert_eq!(
        due.nominal_end_day.reason,
        DayReason::AdjustedWorkday("春节".into())
    );
    assert_eq!(due.extension, None);
    assert_eq!(due.due, d("2026-02-28"));
    assert_eq!(
        due.explain_zh(),
        "自 2025-11-30（次日起算）3个月，2026-02 无对应日，取月末日 2026-02-28；截止 2026-02-28"
    );
    assert_eq!(
        due.explain_en(),
        "From 2025-11-30 (counting from the next day), 3 months: 2026-02 has no corresponding \
         day, so its last day 2026-02-28; due 2026-02-28"
    );
}

#[test]
fn one_year_from_leap_day_ends_feb_28() {
    let due = due("2024-02-29", "1年");
    assert_eq!(due.nominal_end, d("2025-02-28"));
    assert!(due.end_of_month_clamped);
    assert_eq!(due.due, d("2025-02-28"));
}

#[test]
fn one_month_from_jan_31_ends_feb_28() {
    let due = due("2025-01-31", "1个月");
    assert_eq!(
        (due.nominal_end, due.due),
        (d("2025-02-28"), d("2025-02-28"))
    );
    assert!(due.end_of_month_clamped);
}

#[test]
fn thirty_days_end_thirty_days_after_the_start_day() {
    let due = due("2025-06-01", "30日");
    assert_eq!(due.due, d("2025-07-01"));
    assert!(!due.end_of_month_clamped);
    assert!(due.explain_zh().contains("第 30 日为 2025-07-01"));
}

#[test]
fn three_months_from_june_30_ends_sept_30() {
    let due = due("2025-06-30", "3个月");
    assert_eq!(due.due, d("2025-09-30"));
    assert!(!due.end_of_month_clamped);
    assert_eq!(
        due.explain_zh(),
        "自 2025-06-30（次日起算）3个月，对应日 2025-09-30；截止 2025-09-30"
    );
    assert_eq!(
        due.explain_en(),
        "From 2025-06-30 (counting from the next day), 3 months: \
         corresponding day 2025-09-30; due 2025-09-30"
    );
}

#[test]
fn ending_in_national_day_week_moves_to_oct_8() {
    let due = due("2026-07-03", "3个月");
    assert_eq!(due.nominal_end, d("2026-10-03"));
    let ext = due.extension.clone().expect("2026-10-03 is a rest day");
    assert_eq!(
        (ext.rest_from, ext.rest_to),
        (d("2026-10-01"), d("2026-10-07"))
    );
    assert_eq!(ext.reason, "国庆节");
    assert_eq!((ext.moved_to, due.due), (d("2026-10-08"), d("2026-10-08")));
    assert!(due.explain_zh().contains(
        "2026-10-03 为休息日（2026-10-01 至 10-07 国庆节放假），顺延至 2026-10-08；截止 2026-10-08"
    ));
    assert!(due.explain_en().contains(
        "2026-10-03 is a rest day (2026-10-01 to 10-07, National Day holiday), \
         so the period runs to the next working day, 2026-10-08; due 2026-10-08"
    ));
}

#[test]
fn without_extension_the_nominal_end_stands() {
    let due = due_date(builtin(), d("2026-07-03"), Period::Months(3), false);
    assert_eq!(
        (due.nominal_end, due.due),
        (d("2026-10-03"), d("2026-10-03"))
    );
    assert_eq!(due.extension, None);
    assert!(
        due.explain_zh()
            .contains("2026-10-03 为休息日，按设定不顺延")
    );
    assert!(due.explain_en().contains("extension is off"));
}

#[test]
fn working_sunday_is_a_workday() {
    let day = builtin().day(d("2026-01-04"));
    assert_eq!(day.kind, DayKind::Workday);
    assert_eq!(day.reason, DayReason::AdjustedWorkday("元旦".into()));
    assert!(day.covered);
    assert!(builtin().is_workday(d("2026-01-04")));
}

#[test]
fn plain_days_are_weekdays_and_weekends() {
    assert_eq!(builtin().day(d("2026-03-10")).reason, DayReason::Weekday);
    assert_eq!(builtin().day(d("2026-03-14")).reason, DayReason::Weekend);
    assert!(!builtin().is_workday(d("2026-03-15")));
}

#[test]
fn workdays_skip_spring_festival() {
    // 02-14 (Sat) is worked; 02-15..02-23 rest; then 24, 25, 26, 27.
    let due = due("2026-02-13", "5个工作日");
    assert_eq!(due.due, d("2026-02-27"));
    assert_eq!(due.extension, None);
    assert!(due.explain_zh().contains("第 5 个工作日为 2026-02-27"));
}

#[test]
fn ending_in_an_uncovered_year_uses_weekends_and_says_so() {
    // 2027-05-01 is a Saturday; without a 2027 notice only the weekend is known
    let due = due("2027-04-01", "1个月");
    assert_eq!(due.nominal_end, d("2027-05-01"));
    let ext = due.extension.clone().expect("Saturday is a rest day");
    assert_eq!(
        (ext.rest_from, ext.rest_to),
        (d("2027-05-01"), d("2027-05-02"))
    );
    assert_eq!(ext.reason, "周末");
    assert_eq!(due.due, d("2027-05-03"));
    assert_eq!(due.uncovered_years, vec![2027]);
    assert!(
        due.explain_zh()
            .contains("（2027-05-01 至 05-02 周末），顺延至 2027-05-03")
    );
    assert!(due.explain_zh().contains("注：无 2027 年节假日数据"));
    assert!(due.explain_en().contains("no holiday data for 2027"));
}

#[test]
fn late_december_needs_next_years_notice() {
    let day = builtin().day(d("2026-12-28"));
    assert!(
        !day.covered,
        "a 2027 New Year arrangement could move this day"
    );
    assert!(builtin().day(d("2026-12-24")).covered);
    let due = due("2026-11-28", "1个月");
    assert_eq!(due.uncovered_years, vec![2027]);
}

/// The notice a day lacks is named by its own year: 2026-12-28 lacks 2027's
/// (which may still move it), not 2026's.
#[test]
fn a_missing_notice_is_named_by_the_year_it_arranges() {
    use super::super::MissingNotice;
    assert_eq!(
        builtin().missing_notices(d("2026-12-28")),
        vec![MissingNotice::NewYearReach(2027)]
    );
    assert!(builtin().missing_notices(d("2026-12-24")).is_empty());
    assert_eq!(
        builtin().missing_notices(d("2031-05-01")),
        vec![MissingNotice::Year(2031)]
    );
    let late_december = MissingNotice::NewYearReach(2027);
    assert!(
        late_december
            .zh()
            .contains("未收录 2027 年的国务院节假日通知")
    );
    assert!(late_december.zh().contains("2026 年 12 月 25 日至 31 日"));
    assert!(
        late_december
            .en()
            .contains("no State Council holiday notice for 2027,")
    );
    assert!(late_december.en().contains("2026-12-25..2026-12-31"));
    let ends_late_december = due("2026-11-28", "1个月");
    assert_eq!(ends_late_december.due, d("2026-12-28"));
    assert_eq!(
        ends_late_december.missing_notices(),
        vec![MissingNotice::NewYearReach(2027)]
    );
    assert!(
        ends_late_december
            .explain_en()
            .contains("whose New Year arrangement may move late December 2026")
    );
    let ends_in_2027 = due("2026-12-28", "1个月");
    assert_eq!(
        ends_in_2027.missing_notices(),
        vec![MissingNotice::Year(2027)]
    );
}

#[test]
fn new_year_bridge_across_years() {
    // the 2008 notice made 2007-12-30..2008-01-01 rest, 2007-12-29 (Sat) work
    assert!(builtin().is_workday(d("2007-12-29")));
    let due = due("2007-11-30", "1个月");
    let ext = due.extension.clone().expect("2007-12-30 is a rest day");
    assert_eq!(
        (ext.rest_from, ext.rest_to),
        (d("2007-12-30"), d("2008-01-01"))
    );
    assert_eq!(ext.reason, "元旦");
    assert_eq!(due.due, d("2008-01-02"));
    assert!(
        due.explain_zh()
            .contains("2007-12-30 至 2008-01-01 元旦放假")
    );
    assert!(due.uncovered_years.is_empty());
}

#[test]
fn weekend_before_a_holiday_joins_the_run() {
    // 2014 清明: Sat 04-05 (holiday), Sun 04-06 (plain weekend), Mon 04-07 (holiday)
    let due = due("2014-03-06", "1个月");
    let ext = due.extension.clone().expect("2014-04-06 is a Sunday");
    assert_eq!(
        (ext.rest_from, ext.rest_to),
        (d("2014-04-05"), d("2014-04-07"))
    );
    assert_eq!(ext.reason, "清明节");
    assert_eq!(due.due, d("2014-04-08"));
}

#[test]
fn weekends_only_calendar_knows_no_holidays() {
    let cal = Calendar::weekends_only();
    let due = due_date(&cal, d("2026-07-03"), Period::Months(3), true);
    assert_eq!(due.due, d("2026-10-05")); // Saturday 10-03 → Monday
    assert_eq!(due.uncovered_years, vec![2026]);
    assert!(!cal.covers(2026));
}

#[test]
fn merged_year_overrides_and_adds() {
    let extra = "calendar: cn\nyears:\n  2027:\n    holidays:\n      \
                 - {name: 劳动节, rest: [2027-05-01, 2027-05-05]}\n";
    let mut cal = Calendar::builtin();
    cal.merge(Calendar::from_yaml(extra).expect("valid 2027 data"));
    assert!(cal.covers(2027) && cal.covers(2026));
    let due = due_date(&cal, d("2027-04-01"), Period::Months(1), true);
    assert_eq!(due.due, d("2027-05-06"));
    assert!(due.uncovered_years.is_empty());
    assert_eq!(due.extension.map(|e| e.reason), Some("劳动节".to_string()));

    // replacing 2026 drops everything the built-in 2026 block said
    let bare_2026 = Calendar::from_yaml("calendar: cn\nyears:\n  2026: {}\n").expect("valid");
    cal.merge(bare_2026);
    assert!(!cal.is_workday(d("2026-01-04")));
    assert!(cal.is_workday(d("2026-10-08")));
    assert!(cal.is_workday(d("2026-10-05")));
}

/// The day table answers as the notices do, for every day in and around the covered
/// years, a gap year included, before and after a merge.
#[test]
fn the_day_table_agrees_with_the_notices() {
    let gap = "calendar: cn\nyears:\n  2028:\n    holidays:\n      \
               - {name: 劳动节, rest: [2028-05-01, 2028-05-05]}\n";
    let mut merged = Calendar::builtin();
    let before_merge = merged.kind_of(d("2028-05-02"));
    merged.merge(Calendar::from_yaml(gap).expect("valid 2028 data"));
    assert_ne!(
        before_merge,
        merged.kind_of(d("2028-05-02")),
        "a merge rebuilds the table"
    );
    for cal in [builtin(), &Calendar::weekends_only(), &merged] {
        let mut day = d("2005-01-01");
        while day <= d("2030-12-31") {
            let info = cal.day(day);
            assert_eq!(cal.kind_of(day), (info.kind, info.covered), "{day}");
            assert_eq!(info, cal.day_by_notices(day), "{day}");
            day = day.succ_opt().expect("a later day");
        }
    }
}

#[test]
fn builtin_notices_are_kept() {
    let cal = builtin();
    assert_eq!(cal.years().next(), Some(2007));
    assert_eq!(cal.years().last(), Some(2026));
    let notices = cal.notices(2026);
    assert_eq!(notices.len(), 1);
    assert_eq!(
        notices[0].title,
        "国务院办公厅关于2026年部分节假日安排的通知"
    );
    assert_eq!(
        notices[0].published.map(|p| p.to_string()).as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        cal.notices(2020).len(),
        2,
        "2020 Spring Festival was extended"
    );
    assert_eq!(
        cal.notices(2008)[0]
            .published
            .map(|p| p.to_string())
            .as_deref(),
        Some("2007-12")
    );
    assert!(cal.notices(2030).is_empty());
}

#[test]
fn english_explanations_use_ordinals() {
    let due = due("2025-06-01", "1 day");
    assert!(due.explain_en().contains("the 1st day is 2025-06-02"));
    let due = due_date(builtin(), d("2025-06-02"), Period::Workdays(22), true);
    assert!(due.explain_en().contains("the 22nd working day is"));
    let due = due_date(builtin(), d("2025-06-02"), Period::Days(13), true);
    assert!(due.explain_en().contains("the 13th day is"));
    for (n, word) in [
        (3, "3rd"),
        (23, "23rd"),
        (11, "11th"),
        (12, "12th"),
        (111, "111th"),
    ] {
        let due = due_date(builtin(), d("2025-06-02"), Period::Days(n), true);
        assert!(
            due.explain_en().contains(&format!("the {word} day is")),
            "{}",
            due.explain_en()
        );
    }
}

#[test]
fn unrepresentable_ends_are_none_not_panics() {
    use super::super::checked_due_date;
    use chrono::NaiveDate;
    let near_end = NaiveDate::MAX.pred_opt().expect("in range");
    for period in [
        Period::Days(30),
        Period::Months(1),
        Period::Years(1),
        Period::Workdays(5),
    ] {
        assert_eq!(
            checked_due_date(builtin(), near_end, period, true),
            None,
            "{period}"
        );
    }
    let ok = checked_due_date(builtin(), d("2025-06-30"), Period::Months(3), true);
    assert_eq!(ok.map(|due| due.due), Some(d("2025-09-30")));
}

#[test]
fn extensions_name_each_festival_in_english() {
    // A one-month period ending on each festival's rest day; the notices' names, quotes and
    // all, become the English ones.
    let cases = [
        ("2024-12-01", "New Year's Day holiday"),
        ("2024-12-29", "Spring Festival holiday"),
        ("2025-03-04", "Qingming Festival holiday"),
        ("2025-04-01", "Labour Day holiday"),
        ("2025-05-02", "Dragon Boat Festival holiday"),
        ("2024-08-16", "Mid-Autumn Festival holiday"),
        ("2024-09-01", "National Day holiday"),
        ("2025-09-01", "National Day and Mid-Autumn Festival holiday"),
        ("2007-04-01", "Labour Day holiday"),   // “五一”
        ("2007-09-01", "National Day holiday"), // “十一”
        ("2008-04-01", "Labour Day holiday"),   // “五一”国际劳动节
    ];
    for (start, holiday) in cases {
        let due = due(start, "1个月");
        assert!(due.extension.is_some(), "{start}: {}", due.explain_en());
        assert!(
            due.explain_en()
                .contains(&format!(", {holiday}), so the period runs")),
            "{start}: {}",
            due.explain_en()
        );
    }
}
