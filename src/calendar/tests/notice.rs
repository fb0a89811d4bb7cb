//! The notice reader: every holiday-cn sentence, whole notices against the
//! built-in data, and what it must refuse (with the place it names).

use chrono::NaiveDate;
use serde::Deserialize;

use super::super::notice::{NoticeError, Problem, ReadNotice, read_arrangement, read_notice};
use super::super::{Calendar, DayKind, Period, due_date};
use super::{builtin, d};

/// holiday-cn's sentence cases (MIT, NateScarlet), copied beside these tests.
const CASES: &str = include_str!("holiday-cn/description_parsing_cases.json");
const NOTICE_2021: &str = include_str!("../../../fixtures/calendar/2021-notice.txt");
const NOTICE_2027: &str = include_str!("../../../fixtures/calendar/2027-notice.txt");

#[derive(Deserialize)]
struct Case {
    year: i32,
    description: String,
    expected: Vec<Expected>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Expected {
    date: String,
    is_off_day: bool,
}

/// (date, is rest day), by date.
fn read(year: i32, text: &str) -> Result<Vec<(NaiveDate, bool)>, NoticeError> {
    let days = read_arrangement(year, text)?;
    Ok(days
        .iter()
        .map(|s| (s.date, s.kind == DayKind::Restday))
        .collect())
}

fn problem(year: i32, text: &str) -> Problem {
    read(year, text).expect_err("should be refused").problem
}

#[test]
fn every_holiday_cn_sentence_reads_to_exactly_its_days() {
    let cases: Vec<Case> = serde_json::from_str(CASES).expect("holiday-cn cases");
    assert_eq!(cases.len(), 49);
    let mut wrong = Vec::new();
    for case in &cases {
        let mut want: Vec<(NaiveDate, bool)> = case
            .expected
            .iter()
            .map(|e| (d(&e.date), e.is_off_day))
            .collect();
        want.sort();
        match read(case.year, &case.description) {
            Ok(got) if got == want => {}
            Ok(got) => wrong.push(format!(
                "{}\n  want {want:?}\n  got  {got:?}",
                case.description
            )),
            Err(e) => wrong.push(format!("{}\n  error: {}", case.description, e.en())),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The calendar a notice makes, through the data file `--calendar` reads.
fn imported(notice: &ReadNotice) -> Calendar {
    Calendar::from_yaml(&notice.to_calendar_yaml("notice.txt")).expect("valid calendar data")
}

/// Every day of `year`: the imported notice and the built-in data agree on
/// kind and reason (festival names included).
fn assert_same_year(cal: &Calendar, year: i32) {
    let mut day = d(&format!("{year}-01-01"));
    while day <= d(&format!("{year}-12-31")) {
        let (got, want) = (cal.day(day), builtin().day(day));
        assert_eq!((got.kind, got.reason), (want.kind, want.reason), "{day}");
        day = day.succ_opt().expect("a later day");
    }
}

#[test]
fn the_2021_notice_gives_the_builtin_2021_days() {
    let notice = read_notice(NOTICE_2021, None).expect("the 2021 notice reads");
    assert_eq!(notice.year, 2021);
    assert_eq!(
        notice.title.as_deref(),
        Some("国务院办公厅关于2021年部分节假日安排的通知")
    );
    assert_eq!(notice.number.as_deref(), Some("国办发明电〔2020〕27号"));
    assert_eq!(notice.published, Some(d("2020-11-25")));
    assert_eq!(notice.arrangements.len(), 7);
    // holiday-cn's 2021.json lists 38 days: 31 rest, 7 worked.
    assert_eq!(notice.days().len(), 38);
    let cal = imported(&notice);
    assert_eq!(cal.years().collect::<Vec<_>>(), vec![2021]);
    assert_same_year(&cal, 2021);
    let n = &cal.notices(2021)[0];
    assert_eq!(n.number.as_deref(), Some("国办发明电〔2020〕27号"));
    assert_eq!(cal.source(2021), Some("calendar import: notice.txt"));
}

/// A 2012 copy as web pages carry it: the title over two lines, spaces in the
/// number, an arrangement's days on the lines after its name, ASCII brackets,
/// the date in Chinese numerals, `放假公休`, a New Year across two years.
const NOTICE_2012_AS_COPIED: &str = "\
国务院办公厅关于2012年
部分节假日安排的通知
国 办 发明电〔2011〕45号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
    根据国务院《关于修改〈全国年节及纪念日放假办法〉的决定》，现将2012年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
    一、元旦：2012年1月1日至3日放假调休，共3天。2011年12月31日(星期六)上班。
    二、春节：
    1月22日至28日放假调休，共7天。
    1月21日(星期六)、1月29日(星期日)上班。
    三、清明节：4月2日至4日放假调休，共3天。3月31日(星期六)、4月1日(星期日)上班。
    四、劳动节：4月29日至5月1日放假调休，共3天。4月28日(星期六)上班。
    五、端午节：6月22日至24日放假公休，共3天。
    六、中秋节、国庆节：9月30日至10月7日放假调休，共8天。9月29日(星期六)上班。
    节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
国务院办公厅
二〇一一年十二月五日
";

#[test]
fn a_copied_2012_notice_gives_the_builtin_2012_days() {
    let notice = read_notice(NOTICE_2012_AS_COPIED, None).expect("the 2012 copy reads");
    assert_eq!(
        notice.title.as_deref(),
        Some("国务院办公厅关于2012年部分节假日安排的通知")
    );
    assert_eq!(notice.number.as_deref(), Some("国办发明电〔2011〕45号"));
    assert_eq!(notice.published, Some(d("2011-12-05")));
    assert_eq!(notice.arrangements[1].festival, "春节");
    assert_eq!(notice.arrangements[1].line, 7);
    let cal = imported(&notice);
    assert_same_year(&cal, 2012);
    assert!(
        cal.is_workday(d("2011-12-31")),
        "a Saturday worked for 2012's New Year"
    );
}

#[test]
fn an_encouragement_sets_no_day_and_is_set_aside() {
    let text = "国务院办公厅关于2024年部分节假日安排的通知\n\
                二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。\
                鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。\n";
    let notice = read_notice(text, None).expect("reads");
    let days = &notice.arrangements[0].days;
    assert_eq!(days.len(), 10);
    assert!(days.iter().all(|s| s.date != d("2024-02-09")));
    assert_eq!(notice.set_aside.len(), 1);
    assert_eq!(notice.set_aside[0].0, 2);
    assert!(notice.set_aside[0].1.starts_with("鼓励各单位"));
}

#[test]
fn moved_weekends_are_worked_unless_a_holiday_rests_them() {
    // 2009: 10-03 (Sat) is both a weekend moved away and a statutory holiday.
    let text = "10月1日至8日放假，共8天。其中，10月1日（星期四）、10月2日（星期五）、\
                10月3日（星期六）为国庆节法定节假日，10月4日（星期日）照常公休；\
                10月3日（星期六）公休日及中秋节分别调至10月5日（星期一）、10月6日（星期二），\
                9月27日（星期日）、10月10日（星期六）公休日调至10月7日（星期三）、10月8日（星期四）。";
    let days = read(2009, text).expect("reads");
    let rest: Vec<NaiveDate> = days.iter().filter(|d| d.1).map(|d| d.0).collect();
    let work: Vec<NaiveDate> = days.iter().filter(|d| !d.1).map(|d| d.0).collect();
    assert_eq!(rest.len(), 8);
    assert_eq!(work, vec![d("2009-09-27"), d("2009-10-10")]);
    for (date, _) in &days {
        assert_eq!(
            builtin().day(*date).kind,
            if rest.contains(date) {
                DayKind::Restday
            } else {
                DayKind::Workday
            }
        );
    }
}

#[test]
fn the_2027_fixture_imports_the_days_it_states() {
    let notice = read_notice(NOTICE_2027, None).expect("the 2027 fixture reads");
    assert_eq!(notice.number.as_deref(), Some("国办发明电〔2026〕12号"));
    assert_eq!(notice.published, Some(d("2026-11-10")));
    assert!(
        notice.set_aside.is_empty(),
        "the closing paragraph is no arrangement"
    );
    let mut cal = Calendar::builtin();
    cal.merge(imported(&notice));
    assert!(cal.covers(2027));
    assert!(
        cal.day(d("2026-12-28")).covered,
        "2027's notice settles late December 2026"
    );
    assert_eq!(cal.day(d("2027-02-08")).kind, DayKind::Restday);
    assert_eq!(cal.day(d("2027-01-31")).kind, DayKind::Workday);
    assert_eq!(cal.day(d("2027-06-09")).kind, DayKind::Restday);
    // 2027-02-08 (Mon) falls in the Spring Festival: the period runs on past it.
    let due = due_date(&cal, d("2027-01-08"), Period::Months(1), true);
    assert_eq!(due.due, d("2027-02-15"));
    assert!(due.uncovered_years.is_empty());
}

#[test]
fn weekday_notes_must_name_the_dates_weekday() {
    let bad = NOTICE_2027.replace("2月20日（周六）", "2月20日（周日）");
    let e = read_notice(&bad, None).expect_err("2027-02-20 is a Saturday");
    assert_eq!(
        e.problem,
        Problem::WeekdayMismatch {
            date: d("2027-02-20"),
            said: chrono::Weekday::Sun
        }
    );
    let note_at = bad.find("2月20日（周日）").expect("in the text") + "2月20日".len();
    assert_eq!(e.focus.start, note_at);
    assert_eq!(e.line_col(&bad), (7, 58));
    assert_eq!(
        e.sentence_in(&bad),
        "1月31日（周日）、2月20日（周日）上班。"
    );
    assert!(
        e.zh().contains("2027-02-20 是星期六，不是星期日"),
        "{}",
        e.zh()
    );
}

#[test]
fn a_stated_total_must_match_the_days() {
    assert_eq!(
        problem(2019, "2月4日至10日放假调休，共8天。"),
        Problem::CountMismatch {
            said: 8,
            counted: 7
        }
    );
    assert_eq!(
        problem(2025, "1月1日（周三）放假2天，不调休。"),
        Problem::CountMismatch {
            said: 2,
            counted: 1
        }
    );
    assert_eq!(problem(2019, "共3天。"), Problem::CountWithoutRest);
    assert_eq!(
        problem(2019, "2月2日（星期六）上班，共3天。"),
        Problem::CountWithoutRest
    );
}

#[test]
fn unknown_words_and_bare_dates_are_refused() {
    assert_eq!(
        problem(2019, "2月4日至10日放假调休，共7天。2月2日（星期六）加班。"),
        Problem::Unreadable {
            text: "加班".into()
        }
    );
    assert_eq!(problem(2019, "5月1日。"), Problem::DatesWithoutVerb);
    assert_eq!(problem(2019, "5月1日（星期三放假。"), Problem::UnclosedNote);
    assert!(matches!(
        problem(2019, "5月1日放假，另行通知。"),
        Problem::Unreadable { .. }
    ));
}

#[test]
fn dates_must_exist_and_belong_to_the_notices_year() {
    assert_eq!(problem(2019, "3日放假。"), Problem::NoMonth);
    assert_eq!(
        problem(2019, "2月30日放假。"),
        Problem::InvalidDate {
            year: 2019,
            month: 2,
            day: 30
        }
    );
    assert_eq!(
        problem(2027, "2028年1月1日放假。"),
        Problem::OutsideYear {
            date: d("2028-01-01"),
            year: 2027
        }
    );
    assert!(matches!(
        problem(2027, "2026年12月20日（星期日）上班。"),
        Problem::OutsideYear { .. }
    ));
    assert!(read(2027, "2026年12月31日至2027年1月2日放假，共3天。").is_ok());
    assert_eq!(
        problem(2019, "10月7日至1日放假。"),
        Problem::RangeBackwards {
            from: d("2019-10-07"),
            to: d("2019-10-01")
        }
    );
    assert!(matches!(
        problem(2019, "1月1日至2月15日放假。"),
        Problem::RangeTooLong { .. }
    ));
}

#[test]
fn a_day_cannot_be_rest_and_work() {
    assert_eq!(
        problem(2019, "2月4日至10日放假调休，共7天。2月9日（星期六）上班。"),
        Problem::Contradiction {
            date: d("2019-02-09")
        }
    );
    assert_eq!(
        problem(2007, "5月1日放假。5月2日（星期三）公休日调至5月4日。"),
        Problem::NotAWeekend {
            date: d("2007-05-02")
        }
    );
}

const TITLE_2027: &str = "国务院办公厅关于2027年部分节假日安排的通知\n";

fn notice_problem(text: &str, year: Option<i32>) -> (Problem, (usize, usize)) {
    let e = read_notice(text, year).expect_err("should be refused");
    let at = e.line_col(text);
    (e.problem, at)
}

#[test]
fn the_year_comes_from_the_title_or_the_caller() {
    let items = "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n";
    assert_eq!(notice_problem(items, None), (Problem::YearUnknown, (1, 1)));
    assert_eq!(read_notice(items, Some(2027)).map(|n| n.year), Ok(2027));
    assert_eq!(
        notice_problem(&format!("{TITLE_2027}{items}"), Some(2026)),
        (
            Problem::YearConflict {
                title: 2027,
                given: 2026
            },
            (1, 1)
        )
    );
}

#[test]
fn arrangements_must_be_numbered_and_set_days_once() {
    let (p, at) = notice_problem(TITLE_2027, None);
    assert_eq!((p, at), (Problem::NoArrangement, (1, 1)));
    let stray = format!("{TITLE_2027}一、元旦：1月1日放假。\n劳动节5月1日至5日放假调休，共5天。\n");
    assert_eq!(
        notice_problem(&stray, None),
        (Problem::OutsideArrangement, (3, 1))
    );
    let twice = format!("{TITLE_2027}一、国庆节：10月1日放假。\n二、中秋节：10月1日放假。\n");
    assert_eq!(
        notice_problem(&twice, None),
        (
            Problem::SetTwice {
                date: d("2027-10-01"),
                first_line: 2
            },
            (3, 7)
        )
    );
    let empty = format!("{TITLE_2027}一、元旦：鼓励错峰出行。\n");
    assert_eq!(
        notice_problem(&empty, None),
        (Problem::EmptyArrangement, (2, 1))
    );
}

#[test]
fn data_written_lists_every_day_once() {
    let notice = read_notice(NOTICE_2027, None).expect("reads");
    let yaml = notice.to_calendar_yaml("fixtures/calendar/2027-notice.txt");
    assert!(
        yaml.contains("      - {name: \"春节\", rest: [2027-02-05, 2027-02-13]}\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("      - {name: \"春节\", date: 2027-01-31}\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("        number: \"国办发明电〔2026〕12号\"\n"),
        "{yaml}"
    );
    let cal = imported(&notice);
    let listed: Vec<NaiveDate> = notice.days().iter().map(|(s, _)| s.date).collect();
    assert_eq!(listed.len(), 34);
    for (set, festival) in notice.days() {
        let info = cal.day(set.date);
        assert_eq!(info.kind, set.kind, "{}", set.date);
        assert!(
            format!("{:?}", info.reason).contains(festival),
            "{}",
            set.date
        );
    }
}

/// An error's spans must be slices of the text: the report underlines them.
fn spans_fit(text: &str, e: &NoticeError) -> bool {
    text.get(e.focus.clone()).is_some() && text.get(e.sentence.clone()).is_some()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_is_read_or_refused_at_a_real_place(
        text in "[0-9０-９年月日至—、，。；：（）()星期周六日放假调休上班共天其中将公休调至一二、元旦春节：\n a]{0,80}",
    ) {
        if let Err(e) = read_notice(&text, Some(2027)) {
            proptest::prop_assert!(spans_fit(&text, &e), "{e:?} in {text:?}");
        }
        if let Err(e) = read_arrangement(2027, &text) {
            proptest::prop_assert!(spans_fit(&text, &e), "{e:?} in {text:?}");
        }
    }

    #[test]
    fn a_damaged_notice_is_read_or_refused_at_a_real_place(
        at in 0usize..700,
        cut in 0usize..12,
        insert in "[0-9年月日至、，。（）)上班放假共天\n]{0,4}",
    ) {
        let mut chars: Vec<char> = NOTICE_2027.chars().collect();
        let at = at.min(chars.len());
        let end = (at + cut).min(chars.len());
        chars.splice(at..end, insert.chars());
        let text: String = chars.into_iter().collect();
        if let Err(e) = read_notice(&text, None) {
            proptest::prop_assert!(spans_fit(&text, &e), "{e:?} in {text:?}");
        }
    }
}
