//! Dates as exports write them: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`.

use chrono::NaiveDate;

use crate::model::{Node, Value};

/// Parses a date in any accepted form; `None` for anything else, including impossible dates
/// such as 2025-02-30 or 0000-00-00.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    match canonical(text) {
        Some(ymd) => ymd,
        None => parse_any(text),
    }
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

fn parse_any(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
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
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, number(m)?, number(d)?)
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
    fn rejects_impossible_and_loose_forms() {
        for bad in [
            "2025-02-30",
            "0000-00-00",
            "2025-6-3",
            "2025/6",
            "2025-06-03T00:00",
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
