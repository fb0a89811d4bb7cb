//! Calendar::from_yaml: what hand-edited data files get wrong.

use super::super::{Calendar, CalendarError, DayKind, NoticeDate};
use super::d;

const GOOD: &str = "\
calendar: cn
years:
  2027:
    notices:
      - title: 国务院办公厅关于2027年部分节假日安排的通知
        published: 2026-11
        url: https://www.gov.cn/example
    holidays:
      - {name: 元旦, rest: [2026-12-31, 2027-01-02]}
    workdays:
      - {name: 元旦, date: 2027-01-03}
";

fn err(text: &str) -> CalendarError {
    Calendar::from_yaml(text).expect_err("should be rejected")
}

/// `GOOD` with one line replaced.
fn good_with(line_no: usize, line: &str) -> String {
    let mut lines: Vec<&str> = GOOD.lines().collect();
    lines[line_no - 1] = line;
    lines.join("\n") + "\n"
}

#[test]
fn good_file_parses() {
    let cal = Calendar::from_yaml(GOOD).expect("valid");
    assert!(cal.covers(2027));
    assert_eq!(cal.day(d("2026-12-31")).kind, DayKind::Restday);
    assert_eq!(cal.day(d("2027-01-03")).kind, DayKind::Workday);
    let published = cal.notices(2027)[0].published;
    assert_eq!(
        published,
        Some(NoticeDate::Month {
            year: 2026,
            month: 11
        })
    );
}

#[test]
fn builtin_file_parses() {
    let cal = Calendar::builtin();
    assert_eq!(
        cal.years().collect::<Vec<_>>(),
        (2007..=2026).collect::<Vec<_>>()
    );
}

#[test]
fn unknown_key_is_rejected_with_its_line() {
    let e = err(&good_with(
        9,
        "      - {name: 元旦, rest: [2026-12-31, 2027-01-02], note: x}",
    ));
    assert_eq!(e.line, Some(9), "{e}");
    assert!(e.message.contains("note"), "{e}");

    let e = err(&good_with(3, "    notice:"));
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.to_string().starts_with("calendar data, line 3"), "{e}");
}

#[test]
fn bad_date_is_rejected_with_its_line() {
    let e = err(&good_with(11, "      - {name: 元旦, date: 2027-02-30}"));
    assert_eq!(e.line, Some(11), "{e}");
    assert!(e.message.contains("2027-02-30"), "{e}");
    assert!(e.byte_offset.is_some(), "{e:?}");

    // Not zero-padded: chrono would take each. `2027-01-3` has the dashes in place but is short.
    for loose in ["2027-1-3", "2027-01-3", "2027-1-03"] {
        let e = err(&good_with(
            11,
            &format!("      - {{name: 元旦, date: '{loose}'}}"),
        ));
        assert_eq!(e.line, Some(11), "{loose}: {e}");
        assert!(e.message.contains("YYYY-MM-DD"), "{loose}: {e}");
    }
}

#[test]
fn date_outside_its_year_block_is_rejected() {
    let e = err(&good_with(11, "      - {name: 元旦, date: 2028-01-03}"));
    assert_eq!(e.line, Some(11), "{e}");
    assert!(e.message.contains("outside the 2027 block"), "{e}");

    // December of the year before is allowed only for New Year bridges
    let e = err(&good_with(
        9,
        "      - {name: 元旦, rest: [2026-12-01, 2026-12-01]}",
    ));
    assert_eq!(e.line, Some(9), "{e}");
}

#[test]
fn day_both_rest_and_work_is_rejected() {
    let e = err(&good_with(11, "      - {name: 元旦, date: 2027-01-02}"));
    assert_eq!(e.line, Some(11), "{e}");
    assert!(
        e.message
            .contains("both as a rest day and as an adjusted working day"),
        "{e}"
    );
    assert!(e.message.contains("line 9"), "{e}");
}

#[test]
fn day_listed_twice_across_years_is_rejected() {
    let text = format!(
        "{GOOD}  2026:\n    holidays:\n      - {{name: 元旦, rest: [2026-12-31, 2026-12-31]}}\n"
    );
    let e = err(&text);
    assert!(e.message.contains("listed twice"), "{e}");
}

#[test]
fn malformed_ranges_are_rejected() {
    let reversed = good_with(9, "      - {name: 元旦, rest: [2027-01-02, 2026-12-31]}");
    assert!(err(&reversed).message.contains("ends before it starts"));
    let three = good_with(
        9,
        "      - {name: 元旦, rest: [2027-01-01, 2027-01-02, 2027-01-03]}",
    );
    assert_eq!(err(&three).line, Some(9));
    let long = good_with(9, "      - {name: 元旦, rest: [2027-01-01, 2027-03-01]}");
    assert!(err(&long).message.contains("typo"));
}

#[test]
fn bad_notice_date_and_empty_names_are_rejected() {
    assert_eq!(
        err(&good_with(6, "        published: 2026-13")).line,
        Some(6)
    );
    assert_eq!(
        err(&good_with(6, "        published: Nov 2026")).line,
        Some(6)
    );
    // A month is written YYYY-MM: chrono would read `2026-1` as January, the format does not.
    for loose in ["2026-1", "2026-011", "26-11"] {
        let e = err(&good_with(6, &format!("        published: '{loose}'")));
        assert_eq!(e.line, Some(6), "{loose}: {e}");
        assert!(e.message.contains("YYYY-MM"), "{loose}: {e}");
    }
    assert_eq!(
        err(&good_with(11, "      - {name: '', date: 2027-01-03}")).line,
        Some(11)
    );
}

#[test]
fn structural_errors_carry_positions() {
    let e = err("calendar: cn\nyears:\n  2027:\n    holidays: 3\n");
    assert_eq!(e.line, Some(4), "{e}");
    let e = err("calendar: cn\nyears: [\n");
    assert!(e.line.is_some(), "{e}");
    let e = err("years: {}\n");
    assert!(e.message.contains("calendar"), "{e}");
    let e = err("calendar: cn\nyears:\n  2027: {}\n  2027: {}\n");
    assert_eq!(e.line, Some(4), "duplicate year: {e}");
    let e = err("calendar: cn\nyears:\n  27: {}\n");
    assert!(e.message.contains("four-digit"), "{e}");
}

#[test]
fn an_error_names_as_much_of_its_place_as_it_has() {
    let at = |line, column| CalendarError {
        message: "bad".into(),
        line,
        column,
        byte_offset: None,
    };
    assert_eq!(
        at(Some(3), Some(7)).to_string(),
        "calendar data, line 3, column 7: bad"
    );
    assert_eq!(at(Some(3), None).to_string(), "calendar data, line 3: bad");
    assert_eq!(at(None, Some(7)).to_string(), "calendar data: bad");
    assert_eq!(at(None, None).to_string(), "calendar data: bad");
}

#[test]
fn number_and_source_are_kept_and_date_and_url_may_be_left_out() {
    let text = "calendar: cn\nyears:\n  2027:\n    source: \"calendar import: n.txt\"\n    \
                notices:\n      - title: T\n        number: 国办发明电〔2026〕12号\n    holidays: []\n";
    let cal = Calendar::from_yaml(text).expect("valid");
    assert_eq!(cal.source(2027), Some("calendar import: n.txt"));
    let notice = &cal.notices(2027)[0];
    assert_eq!(notice.number.as_deref(), Some("国办发明电〔2026〕12号"));
    assert_eq!((notice.published, notice.url.as_deref()), (None, None));
    let empty_number = text.replace("国办发明电〔2026〕12号", "' '");
    assert_eq!(err(&empty_number).line, Some(7));
    assert!(
        Calendar::builtin()
            .source(2021)
            .is_some_and(|s| s.starts_with("holiday-cn"))
    );
    assert_eq!(
        Calendar::builtin().notices(2021)[0].number.as_deref(),
        Some("国办发明电〔2020〕27号")
    );
}
