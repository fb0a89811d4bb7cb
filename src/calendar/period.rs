//! Period lengths as rules state them: "3个月", "30日", "15 workdays", ...

use std::fmt;
use std::str::FromStr;

/// A period's length.  `Days` are calendar days (日/天); `Workdays` count only
/// the calendar's working days (工作日).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Days(u32),
    Months(u32),
    Years(u32),
    Workdays(u32),
}

/// Why a period text was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("empty period")]
    Empty,
    #[error("period {0:?} has no number (write e.g. \"3个月\" or \"3 months\")")]
    MissingNumber(String),
    #[error("period {0:?}: the number is not a whole number such as 3, ３ or 三")]
    BadNumber(String),
    #[error(
        "period {0:?}: unknown unit (use 日/天, 个月, 年, 个工作日 or days, months, years, workdays)"
    )]
    UnknownUnit(String),
    #[error("period {0:?} is zero; a period is at least 1")]
    Zero(String),
    #[error("period {0:?} is longer than this tool accepts ({1})")]
    TooLong(String, Period),
}

/// Units, longest spelling first so "个工作日" wins over "日".
const UNITS: &[(&str, Unit)] = &[
    ("个工作日", Unit::Workdays),
    ("工作日", Unit::Workdays),
    ("个月", Unit::Months),
    ("日", Unit::Days),
    ("天", Unit::Days),
    ("年", Unit::Years),
    ("working days", Unit::Workdays),
    ("working day", Unit::Workdays),
    ("workdays", Unit::Workdays),
    ("workday", Unit::Workdays),
    ("months", Unit::Months),
    ("month", Unit::Months),
    ("days", Unit::Days),
    ("day", Unit::Days),
    ("years", Unit::Years),
    ("year", Unit::Years),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Days,
    Months,
    Years,
    Workdays,
}

/// Upper bounds (about a century) keep the date arithmetic far inside
/// chrono's range; no rule needs more.
const MAX_YEARS: u32 = 100;
const MAX_MONTHS: u32 = MAX_YEARS * 12;
const MAX_DAYS: u32 = 36_525;
const MAX_WORKDAYS: u32 = 25_000;

impl Period {
    /// Parses "3 months", "1 month", "30 days", "15 workdays", "15 working
    /// days", "1 year", "3个月", "30日", "30天", "15个工作日", "1年".  The number
    /// may be ASCII or full-width digits, or a Chinese numeral up to 九千九百九十九
    /// ("三个月", "十五个工作日").  Zero is rejected: no rule sets a zero-length
    /// period, so "0个月" is taken as a data error.  Bare "月" ("3月" = March)
    /// and "半个月"/"半年" are rejected as ambiguous.
    ///
    /// # Errors
    ///
    /// A [`PeriodError`] saying what is wrong with `text`.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(PeriodError::Empty);
        }
        let lower = trimmed.to_lowercase();
        let (number, unit) = split_unit(&lower).ok_or_else(|| unknown_unit(trimmed))?;
        let number = number.trim_end();
        if number.is_empty() {
            return Err(PeriodError::MissingNumber(trimmed.to_string()));
        }
        let n = parse_number(number).ok_or_else(|| PeriodError::BadNumber(trimmed.to_string()))?;
        build(unit, n, trimmed)
    }

    /// The period in English: "3 months", "1 month", "15 workdays".
    pub fn to_english(&self) -> String {
        let (n, unit) = match *self {
            Period::Days(n) => (n, "day"),
            Period::Months(n) => (n, "month"),
            Period::Years(n) => (n, "year"),
            Period::Workdays(n) => (n, "workday"),
        };
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} {unit}{plural}")
    }
}

fn unknown_unit(text: &str) -> PeriodError {
    PeriodError::UnknownUnit(text.to_string())
}

fn split_unit(text: &str) -> Option<(&str, Unit)> {
    UNITS
        .iter()
        .find_map(|(suffix, unit)| text.strip_suffix(suffix).map(|rest| (rest, *unit)))
}

fn build(unit: Unit, n: u64, text: &str) -> Result<Period, PeriodError> {
    if n == 0 {
        return Err(PeriodError::Zero(text.to_string()));
    }
    let (max, make): (u32, fn(u32) -> Period) = match unit {
        Unit::Days => (MAX_DAYS, Period::Days),
        Unit::Months => (MAX_MONTHS, Period::Months),
        Unit::Years => (MAX_YEARS, Period::Years),
        Unit::Workdays => (MAX_WORKDAYS, Period::Workdays),
    };
    match u32::try_from(n) {
        Ok(v) if v <= max => Ok(make(v)),
        _ => Err(PeriodError::TooLong(text.to_string(), make(max))),
    }
}

/// ASCII or full-width digits, or a Chinese numeral.
fn parse_number(text: &str) -> Option<u64> {
    if text.chars().all(|c| digit_value(c).is_some()) {
        // saturating: an overflowing number is still a number, just too long
        let digits = text.chars().filter_map(digit_value);
        return Some(digits.fold(0u64, |acc, d| {
            acc.saturating_mul(10).saturating_add(d.into())
        }));
    }
    parse_chinese_numeral(text)
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u64> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u64)
        .or(match c {
            '两' => Some(2),
            _ => None,
        })
}

fn chinese_unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Chinese numerals below 10000: "十五" = 15, "三十" = 30, "一百零五" = 105.
/// Units must fall strictly from left to right, so junk such as "十十" fails.
fn parse_chinese_numeral(text: &str) -> Option<u64> {
    let mut total = 0u64;
    let mut pending: Option<u64> = None;
    let mut last_unit = u64::MAX;
    for c in text.chars() {
        if c == '零' && pending.is_none() {
            continue; // a place-holder, as in "一百零五"
        }
        if let Some(d) = chinese_digit(c) {
            if pending.is_some() {
                return None; // two digits in a row, e.g. "三五"
            }
            pending = Some(d);
        } else {
            let unit = chinese_unit(c).filter(|u| *u < last_unit)?;
            // a bare "十" means 10 ("十五" = 15)
            total += pending.take().unwrap_or(1) * unit;
            last_unit = unit;
        }
    }
    let value = total + pending.unwrap_or(0);
    (!text.is_empty()).then_some(value)
}

impl fmt::Display for Period {
    /// Canonical Chinese: "3个月", "30日", "1年", "15个工作日".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Days(n) => write!(f, "{n}日"),
            Period::Months(n) => write!(f, "{n}个月"),
            Period::Years(n) => write!(f, "{n}年"),
            Period::Workdays(n) => write!(f, "{n}个工作日"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}
