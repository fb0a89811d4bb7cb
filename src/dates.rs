//! Dates as exports write them: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`, each
//! optionally followed by a time of day as spreadsheet programs write date cells into text
//! (`2026-02-19 00:00:00`, `2026/2/19 9:30`, `2026-02-19T08:00:00+08:00`, `…Z`). Dates are
//! calendar days in China Standard Time: a time with another UTC offset is moved to UTC+8 first.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::model::{Node, Value};

/// Parses a date in any accepted form; `None` for anything else, including impossible dates
/// such as 2025-02-30 or 0000-00-00.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    match canonical(text) {
        Some(ymd) => ymd,
        None => parse_any(text),
    }
}

/// A valid date written exactly `YYYY-MM-DD`: what a reader may keep as a date, since it is
/// written back (`NaiveDate`'s display) to the same text.
pub fn canonical_date(text: &str) -> Option<NaiveDate> {
    canonical(text).flatten()
}

/// `YYYY-MM-DD` exactly, the form exports write nearly every date in, read without the general
/// parser's trimming and splitting (dates are read for every rule on every case): `None` when
/// `text` is not in that form, else what [`parse_any`] gives.
fn canonical(text: &str) -> Option<Option<NaiveDate>> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = text.as_bytes() else {
        return None;
    };
    if ![y1, y2, y3, y4, m1, m2, d1, d2]
        .iter()
        .all(u8::is_ascii_digit)
    {
        return None;
    }
    let number = |ds: &[u8]| ds.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
    let year = i32::try_from(number(&[y1, y2, y3, y4])).ok()?;
    Some(NaiveDate::from_ymd_opt(
        year,
        number(&[m1, m2]),
        number(&[d1, d2]),
    ))
}

/// Any accepted form, a time of day included: the date part, then the time (if any) moved to
/// China Standard Time, whose date counts.
fn parse_any(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let (day, time) = split_time(t);
    let date = parse_day(day)?;
    match time {
        None => Some(date),
        Some(time) => in_cst(date, time),
    }
}

/// The date part and what follows it: a space (or, after the canonical form, ISO's `T`) ends
/// the date. A space never occurs inside an accepted date.
fn split_time(t: &str) -> (&str, Option<&str>) {
    if let Some((day, time)) = t.split_once(' ') {
        return (day, Some(time.trim_start()));
    }
    match t.split_at_checked(10) {
        Some((day, rest)) if rest.starts_with('T') && day.contains('-') => (day, rest.get(1..)),
        _ => (t, None),
    }
}

/// A date without a time of day, in one of the accepted forms.
fn parse_day(t: &str) -> Option<NaiveDate> {
    let (y, rest) = t.split_at_checked(4)?;
    if !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (m, d) = if let Some(rest) = rest.strip_prefix('年') {
        let (m, rest) = rest.split_once('月')?;
        let d = rest.strip_suffix('日')?;
        (m, d)
    } else {
        let sep = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '/' | '.'))?;
        let (m, d) = rest[1..].split_once(sep)?;
        (m, d)
    };
    let canonical_width = t.len() == 10 && rest.starts_with('-');
    if rest.starts_with('-') && !canonical_width {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, number(m, 1, 2)?, number(d, 1, 2)?)
}

/// A run of `min..=max` ASCII digits as a number.
fn number(s: &str, min: usize, max: usize) -> Option<u32> {
    ((min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// China Standard Time, UTC+8, in minutes: what a time without an offset is taken to be in.
const CST_MINUTES: i32 = 8 * 60;

/// The date in China Standard Time of `date` at `time` (`H:MM[:SS[.fff]]`, then an optional
/// UTC offset: `Z`, `+08:00`, `+0800`, `+08`, `-05:00`); `None` if the time is malformed.
fn in_cst(date: NaiveDate, time: &str) -> Option<NaiveDate> {
    let (clock, offset) = split_offset(time)?;
    let at = NaiveDateTime::new(date, time_of_day(clock)?);
    let shift = TimeDelta::minutes(i64::from(CST_MINUTES - offset));
    at.checked_add_signed(shift).map(|cst| cst.date())
}

/// The clock part and the UTC offset in minutes (China Standard Time when none is written).
fn split_offset(time: &str) -> Option<(&str, i32)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock.trim_end(), 0));
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return Some((time, CST_MINUTES));
    };
    let (clock, zone) = time.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits = zone.get(1..)?;
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at_checked(2)?,
        None => (digits, "00"),
    };
    let (h, m) = (number(h, 2, 2)?, number(m, 2, 2)?);
    if h > 14 || m > 59 {
        return None;
    }
    let minutes = i32::try_from(h * 60 + m).ok()?;
    Some((clock.trim_end(), sign * minutes))
}

/// `H:MM`, `HH:MM:SS` or `HH:MM:SS.fff` (up to nanoseconds).
fn time_of_day(clock: &str) -> Option<NaiveTime> {
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let h = number(parts.next()?, 1, 2)?;
    let m = number(parts.next()?, 2, 2)?;
    let s = parts.next().map_or(Some(0), |s| number(s, 2, 2))?;
    if parts.next().is_some() || (fraction.is_some() && hms.len() < 7) {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(f) => number(f, 1, 9)? * 10u32.pow(9 - u32::try_from(f.len()).ok()?),
    };
    NaiveTime::from_hms_nano_opt(h, m, s, nanos)
}

/// The day an Excel serial number stands for (1900 date system, as Excel and WPS write it):
/// what a bare number in a date column most likely is, for a finding to name. `None` outside
/// Excel's range (1 = 1900-01-01 to 2958465 = 9999-12-31).
pub fn excel_serial_day(serial: i64) -> Option<NaiveDate> {
    if !(1..=2_958_465).contains(&serial) {
        return None;
    }
    // Excel counts a 1900-02-29 that never was (serial 60): from serial 61 on, day 0 is
    // 1899-12-30; before it, 1899-12-31.
    let epoch = match serial {
        60 => return None,
        61.. => (1899, 12, 30),
        _ => (1899, 12, 31),
    };
    NaiveDate::from_ymd_opt(epoch.0, epoch.1, epoch.2)?.checked_add_signed(TimeDelta::days(serial))
}

/// What a date field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    Missing,
    /// Recorded but not a date: a `data.date` finding covers it; rules skip it.
    Invalid,
    Date(NaiveDate),
}

pub fn read_date(node: Option<&Node>) -> DateField {
    let Some(node) = node else {
        return DateField::Missing;
    };
    if node.is_blank() {
        return DateField::Missing;
    }
    match &node.value {
        Value::Date(d) => DateField::Date(*d),
        Value::Text(s) => parse_date(s).map_or(DateField::Invalid, DateField::Date),
        _ => DateField::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A date kept from its `YYYY-MM-DD` text shows as that text again, so keeping it as a
        /// date changes nothing a report quotes.
        #[test]
        fn a_canonical_date_shows_as_its_text(y in 0i32..=9999, m in 1u32..=12, d in 1u32..=31) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            match NaiveDate::from_ymd_opt(y, m, d) {
                Some(day) => {
                    proptest::prop_assert_eq!(canonical_date(&text), Some(day));
                    proptest::prop_assert_eq!(day.to_string(), text);
                }
                None => proptest::prop_assert_eq!(canonical_date(&text), None),
            }
        }
    }

    #[test]
    fn the_canonical_form_reads_as_the_general_parser_reads_it() {
        let days = (0..800).map(|n| format!("2024-{:02}-{:02}", n / 40, n % 40));
        let odd = [
            "0000-00-00",
            "9999-12-31",
            "2025-02-29",
            "2025-1a-01",
            "2025/01/01",
        ];
        for text in days.chain(odd.map(String::from)) {
            assert_eq!(parse_date(&text), parse_any(&text), "{text}");
        }
        assert_eq!(canonical("2025/01/01"), None);
        assert_eq!(canonical(" 2025-01-01"), None);
        assert!(canonical("2024-02-29").is_some());
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn accepts_every_listed_form() {
        assert_eq!(parse_date("2025-06-03"), d(2025, 6, 3));
        assert_eq!(parse_date("2025/6/3"), d(2025, 6, 3));
        assert_eq!(parse_date("2025/06/03"), d(2025, 6, 3));
        assert_eq!(parse_date("2025.6.3"), d(2025, 6, 3));
        assert_eq!(parse_date("2025年6月3日"), d(2025, 6, 3));
        assert_eq!(parse_date(" 2025年12月31日 "), d(2025, 12, 31));
    }

    #[test]
    fn a_time_of_day_after_the_date_is_read_in_china_standard_time() {
        for text in [
            "2026-02-19 00:00:00",
            "2026-02-19 23:59:59",
            "2026/2/19 9:30",
            "2026.2.19 09:30:00.123",
            "2026年2月19日 09:30",
            "2026-02-19T00:00:00",
            "2026-02-19T00:00",
            "2026-02-19T08:00:00+08:00",
            "2026-02-19T23:59:59+0800",
            "2026-02-19T00:00:00+08",
            // UTC 16:00 is midnight of the next day in Beijing; 15:59 is still the 19th.
            "2026-02-18T16:00:00Z",
            "2026-02-19T15:59:59.999Z",
            "2026-02-19 15:00:00 +00:00",
            // New York's evening of the 18th is the morning of the 19th in Beijing.
            "2026-02-18T19:30:00-05:00",
        ] {
            assert_eq!(parse_date(text), d(2026, 2, 19), "{text}");
        }
        assert_eq!(parse_date("2026-02-19T16:00:00Z"), d(2026, 2, 20));
        assert_eq!(parse_date("2026-02-19T07:59:59+09:00"), d(2026, 2, 19));
        assert_eq!(parse_date("2026-02-20T00:30:00+09:00"), d(2026, 2, 19));
        assert_eq!(parse_date("2026-12-31T20:00:00Z"), d(2027, 1, 1));
    }

    #[test]
    fn excel_serial_numbers_name_their_day() {
        // 2024-01-01 is 45292 (36526, 2000-01-01, plus 24 years of which 6 leap).
        assert_eq!(excel_serial_day(45292), d(2024, 1, 1));
        assert_eq!(excel_serial_day(45341), d(2024, 2, 19));
        assert_eq!(excel_serial_day(1), d(1900, 1, 1));
        assert_eq!(excel_serial_day(59), d(1900, 2, 28));
        assert_eq!(excel_serial_day(60), None, "Excel's 1900-02-29 never was");
        assert_eq!(excel_serial_day(61), d(1900, 3, 1));
        assert_eq!(excel_serial_day(2_958_465), d(9999, 12, 31));
        assert_eq!(excel_serial_day(0), None);
        assert_eq!(excel_serial_day(2_958_466), None);
    }

    #[test]
    fn rejects_impossible_and_loose_forms() {
        for bad in [
            "2025-02-30",
            "0000-00-00",
            "2025-6-3",
            "2025/6",
            "2025-06-03T",
            "2025-06-03 9",
            "2025-06-03 24:00",
            "2025-06-03 9:3",
            "2025-06-03 09:30:61",
            "2025-06-03 09:30.5",
            "2025-06-03 09:30:00+8",
            "2025-06-03 09:30:00+15:00",
            "2025-06-03 09:30:00 上午",
            "2025/6/3T09:30",
            "2025-06-03 00:00:00 2025-06-04",
            "25/6/3",
            "2025年6月3",
            "2025/6.3",
            "二〇二五年六月三日",
            "",
            "2025/123/1",
            "2025.6.3.",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
