use super::super::{Period, PeriodError};

#[test]
fn accepts_every_documented_form() {
    let cases = [
        ("3 months", Period::Months(3)),
        ("1 month", Period::Months(1)),
        ("30 days", Period::Days(30)),
        ("1 day", Period::Days(1)),
        ("15 workdays", Period::Workdays(15)),
        ("15 working days", Period::Workdays(15)),
        ("1 workday", Period::Workdays(1)),
        ("1 year", Period::Years(1)),
        ("2 Years", Period::Years(2)),
        ("3个月", Period::Months(3)),
        ("30日", Period::Days(30)),
        ("30天", Period::Days(30)),
        ("15个工作日", Period::Workdays(15)),
        ("15工作日", Period::Workdays(15)),
        ("1年", Period::Years(1)),
        (" 3 个月 ", Period::Months(3)),
        ("３个月", Period::Months(3)),
        ("三个月", Period::Months(3)),
        ("两个月", Period::Months(2)),
        ("十五个工作日", Period::Workdays(15)),
        ("三十日", Period::Days(30)),
        ("一百零五日", Period::Days(105)),
        ("一千零一日", Period::Days(1001)),
        ("三千六百五十日", Period::Days(3650)),
        ("3months", Period::Months(3)),
    ];
    for (text, want) in cases {
        assert_eq!(Period::parse(text), Ok(want), "{text:?}");
        assert_eq!(text.parse::<Period>(), Ok(want), "{text:?} via FromStr");
    }
}

#[test]
fn rejects_junk() {
    let rejected = [
        (
            "3 fortnights",
            PeriodError::UnknownUnit("3 fortnights".into()),
        ),
        ("", PeriodError::Empty),
        ("   ", PeriodError::Empty),
        ("个月", PeriodError::MissingNumber("个月".into())),
        ("days", PeriodError::MissingNumber("days".into())),
        ("-1 days", PeriodError::BadNumber("-1 days".into())),
        ("+1 days", PeriodError::BadNumber("+1 days".into())),
        ("1.5 months", PeriodError::BadNumber("1.5 months".into())),
        ("半个月", PeriodError::BadNumber("半个月".into())),
        ("十十日", PeriodError::BadNumber("十十日".into())),
        ("三五日", PeriodError::BadNumber("三五日".into())),
        ("3月", PeriodError::UnknownUnit("3月".into())),
        ("3", PeriodError::UnknownUnit("3".into())),
        ("0个月", PeriodError::Zero("0个月".into())),
        ("0 days", PeriodError::Zero("0 days".into())),
    ];
    for (text, want) in rejected {
        assert_eq!(Period::parse(text), Err(want), "{text:?}");
    }
}

#[test]
fn rejects_absurd_lengths() {
    assert!(matches!(
        Period::parse("101年"),
        Err(PeriodError::TooLong(..))
    ));
    assert!(matches!(
        Period::parse("99999999999999999999 days"),
        Err(PeriodError::TooLong(..))
    ));
    assert!(matches!(
        Period::parse("99999999999999999999999 days"),
        Err(PeriodError::TooLong(..))
    ));
    assert_eq!(Period::parse("100年"), Ok(Period::Years(100)));
    // Every unit's bound is about a century, and the bound itself is accepted.
    let bounds = [
        ("1200个月", "1201个月", Period::Months(1200)),
        ("36525日", "36526日", Period::Days(36_525)),
        ("25000个工作日", "25001个工作日", Period::Workdays(25_000)),
    ];
    for (at, past, want) in bounds {
        assert_eq!(Period::parse(at), Ok(want), "{at}");
        assert!(
            matches!(Period::parse(past), Err(PeriodError::TooLong(..))),
            "{past}"
        );
    }
}

#[test]
fn displays_canonically_and_round_trips() {
    let periods = [
        Period::Months(3),
        Period::Days(30),
        Period::Years(1),
        Period::Workdays(15),
    ];
    let zh = ["3个月", "30日", "1年", "15个工作日"];
    let en = ["3 months", "30 days", "1 year", "15 workdays"];
    for ((p, z), e) in periods.iter().zip(zh).zip(en) {
        assert_eq!(p.to_string(), z);
        assert_eq!(p.to_english(), e);
        assert_eq!(Period::parse(z), Ok(*p));
        assert_eq!(Period::parse(e), Ok(*p));
    }
    assert_eq!(Period::Months(1).to_english(), "1 month");
    assert_eq!(Period::Workdays(1).to_english(), "1 workday");
}

#[test]
fn errors_explain_themselves() {
    let msg = Period::parse("0个月").expect_err("zero").to_string();
    assert!(msg.contains("zero"), "{msg}");
    let msg = Period::parse("3 fortnights").expect_err("unit").to_string();
    assert!(msg.contains("unknown unit"), "{msg}");
}
