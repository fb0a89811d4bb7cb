//! Reading calendar data files (`rules/calendars/*.yaml`).
//!
//! The file is deserialized as written (with source positions), then checked
//! and turned into a [`Calendar`].  Every check names the line it is about,
//! because these files are edited by hand.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::{
    Calendar, CalendarError, NEW_YEAR_REACH_FROM_DAY, Notice, NoticeDate, YearRules, next_day,
};

/// Longest run one `rest:` range may span: the longest real one (2020's
/// extended Spring Festival) was 10 days, so anything past a month is a typo.
pub(super) const MAX_RANGE_DAYS: i64 = 31;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    calendar: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code, reason = "checked for shape only: it is for human readers")]
    name: Option<NamesDoc>,
    years: BTreeMap<i32, Spanned<YearDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "checked for shape only: it is for human readers")]
struct NamesDoc {
    zh: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearDoc {
    #[serde(default)]
    source: Option<Spanned<String>>,
    #[serde(default)]
    notices: Vec<NoticeDoc>,
    #[serde(default)]
    holidays: Vec<HolidayDoc>,
    #[serde(default)]
    workdays: Vec<WorkdayDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeDoc {
    title: Spanned<String>,
    #[serde(default)]
    number: Option<Spanned<String>>,
    #[serde(default)]
    published: Option<Spanned<String>>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayDoc {
    name: Spanned<String>,
    rest: Spanned<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkdayDoc {
    name: Spanned<String>,
    date: Spanned<String>,
}

pub(super) fn parse(text: &str) -> Result<Calendar, CalendarError> {
    let doc: FileDoc = serde_saphyr::from_str(text).map_err(from_yaml_error)?;
    if doc.calendar.value.trim().is_empty() {
        return Err(error_at(
            &doc.calendar.referenced,
            "`calendar` must name the calendar",
        ));
    }
    let mut seen = Seen::default();
    let mut calendar = Calendar::default();
    for (year, block) in doc.years {
        let rules = year_rules(year, block, &mut seen)?;
        calendar.years.insert(year, rules);
    }
    Ok(calendar)
}

fn year_rules(
    year: i32,
    block: Spanned<YearDoc>,
    seen: &mut Seen,
) -> Result<YearRules, CalendarError> {
    if !(1000..=9999).contains(&year) {
        let msg = format!("year {year} is not a four-digit year");
        return Err(error_at(&block.referenced, msg));
    }
    let mut rules = YearRules {
        source: block
            .value
            .source
            .as_ref()
            .map(|s| non_empty(s, "`source` is empty"))
            .transpose()?,
        ..YearRules::default()
    };
    for notice in block.value.notices {
        rules.notices.push(notice_of(notice)?);
    }
    for holiday in block.value.holidays {
        add_holiday(year, holiday, seen, &mut rules)?;
    }
    for workday in block.value.workdays {
        let name = festival_name(&workday.name)?;
        let date = date_in_block(year, &workday.date)?;
        seen.claim(date, Meaning::Work, &workday.date.referenced)?;
        rules.work.insert(date, name);
    }
    Ok(rules)
}

fn notice_of(doc: NoticeDoc) -> Result<Notice, CalendarError> {
    Ok(Notice {
        title: non_empty(&doc.title, "notice title is empty")?,
        number: doc
            .number
            .as_ref()
            .map(|n| non_empty(n, "notice `number` is empty"))
            .transpose()?,
        published: doc.published.as_ref().map(notice_date).transpose()?,
        url: doc.url,
    })
}

/// The text trimmed, or an error at its place when nothing is left.
fn non_empty(text: &Spanned<String>, complaint: &str) -> Result<String, CalendarError> {
    let trimmed = text.value.trim();
    if trimmed.is_empty() {
        return Err(error_at(&text.referenced, complaint));
    }
    Ok(trimmed.to_string())
}

/// `YYYY-MM-DD`, or `YYYY-MM` where only the month is known.
fn notice_date(text: &Spanned<String>) -> Result<NoticeDate, CalendarError> {
    if let Ok(day) = strict_date(&text.value) {
        return Ok(NoticeDate::Day(day));
    }
    let month = NaiveDate::parse_from_str(&format!("{}-01", text.value), "%Y-%m-%d");
    match month {
        Ok(d) if format!("{:04}-{:02}", d.year(), d.month()) == text.value => {
            Ok(NoticeDate::Month {
                year: d.year(),
                month: d.month(),
            })
        }
        _ => {
            let msg = format!(
                "`published` must be YYYY-MM-DD or YYYY-MM, not {:?}",
                text.value
            );
            Err(error_at(&text.referenced, msg))
        }
    }
}

fn add_holiday(
    year: i32,
    doc: HolidayDoc,
    seen: &mut Seen,
    rules: &mut YearRules,
) -> Result<(), CalendarError> {
    let name = festival_name(&doc.name)?;
    let [first, last] = doc.rest.value.as_slice() else {
        let msg = "`rest` must be [first, last] (an inclusive range; [d, d] for one day)";
        return Err(error_at(&doc.rest.referenced, msg));
    };
    let (from, to) = (date_in_block(year, first)?, date_in_block(year, last)?);
    check_range(from, to, &doc.rest.referenced)?;
    let mut day = Some(from);
    while let Some(d) = day.filter(|d| *d <= to) {
        seen.claim(d, Meaning::Rest, &doc.rest.referenced)?;
        rules.rest.insert(d, name.clone());
        day = next_day(d);
    }
    Ok(())
}

fn check_range(from: NaiveDate, to: NaiveDate, at: &Location) -> Result<(), CalendarError> {
    if from > to {
        return Err(error_at(
            at,
            format!("range [{from}, {to}] ends before it starts"),
        ));
    }
    if (to - from).num_days() >= MAX_RANGE_DAYS {
        let msg = format!("range [{from}, {to}] spans over {MAX_RANGE_DAYS} days; a typo?");
        return Err(error_at(at, msg));
    }
    Ok(())
}

fn festival_name(name: &Spanned<String>) -> Result<String, CalendarError> {
    non_empty(name, "festival name is empty")
}

/// A date of year block `year`: in `year`, or in the last days of December
/// of the year before (a New Year arrangement may move those).
fn date_in_block(year: i32, text: &Spanned<String>) -> Result<NaiveDate, CalendarError> {
    let date = strict_date(&text.value).map_err(|msg| error_at(&text.referenced, msg))?;
    let new_year_bridge =
        date.year() == year - 1 && date.month() == 12 && date.day() >= NEW_YEAR_REACH_FROM_DAY;
    if date.year() == year || new_year_bridge {
        return Ok(date);
    }
    let msg = format!(
        "{date} is outside the {year} block (only {year} dates, \
         or {prev}-12-{NEW_YEAR_REACH_FROM_DAY}..{prev}-12-31 for a New Year arrangement)",
        prev = year - 1
    );
    Err(error_at(&text.referenced, msg))
}

/// Exactly `YYYY-MM-DD`: chrono alone would also take `2026-1-4`.
fn strict_date(text: &str) -> Result<NaiveDate, String> {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| shape_ok);
    parsed.ok_or_else(|| format!("{text:?} is not a valid YYYY-MM-DD date"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Meaning {
    Rest,
    Work,
}

/// Every date listed so far in the file, to reject a date listed twice: a
/// contradiction (rest and work) or a copy-paste slip that hides one.
#[derive(Default)]
struct Seen(BTreeMap<NaiveDate, (Meaning, u64)>);

impl Seen {
    fn claim(
        &mut self,
        date: NaiveDate,
        meaning: Meaning,
        at: &Location,
    ) -> Result<(), CalendarError> {
        let Some(&(before, line)) = self.0.get(&date) else {
            self.0.insert(date, (meaning, at.line()));
            return Ok(());
        };
        let msg = if before == meaning {
            format!("{date} is listed twice (first on line {line})")
        } else {
            format!(
                "{date} is listed both as a rest day and as an adjusted working day \
                 (first on line {line})"
            )
        };
        Err(error_at(at, msg))
    }
}

fn error_at(at: &Location, message: impl Into<String>) -> CalendarError {
    let known = *at != Location::UNKNOWN;
    CalendarError {
        message: message.into(),
        line: known.then(|| at.line()),
        column: known.then(|| at.column()),
        byte_offset: if known { at.span().byte_offset() } else { None },
    }
}

fn from_yaml_error(err: serde_saphyr::Error) -> CalendarError {
    let mut message = err.without_snippet().to_string();
    // The message is for people editing the file, who cannot set parser options.
    message = message.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    let Some(at) = err.location().filter(|at| *at != Location::UNKNOWN) else {
        return CalendarError {
            message,
            line: None,
            column: None,
            byte_offset: None,
        };
    };
    // CalendarError's Display adds the position; don't say it twice.
    let suffix = format!(" at line {}, column {}", at.line(), at.column());
    if let Some(stripped) = message.strip_suffix(&suffix) {
        message = stripped.to_string();
    }
    error_at(&at, message)
}
