//! Dates as exports write them: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`.

use chrono::NaiveDate;

use crate::model::{Node, Value};

/// Parses a date in any accepted form; `None` for anything else, including impossible dates
/// such as 2025-02-30 or 0000-00-00.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
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
