//! Reading a State Council holiday notice (国务院办公厅关于YYYY年部分节假日
//! 安排的通知) as it is published, into the days it sets, and writing them
//! as calendar data (the format of `rules/calendars/cn.yaml`).
//!
//! A notice is a title, a document number, an address, a preamble, numbered
//! arrangements (`一、元旦：1月1日至3日放假，共3天。`), a closing paragraph and
//! the date it was signed.  The arrangements are read by a small grammar (see
//! `arrangement`); title, number and date where the text holds them; other
//! prose is passed over, unless it reads like an arrangement outside a
//! numbered item, which is an error rather than days silently lost.

mod arrangement;
mod document;
mod error;
mod lex;
mod write;

use chrono::NaiveDate;

use super::DayKind;

pub use error::{NoticeError, Problem, line_col, weekday_zh};

/// One day a notice sets: a rest day, or an adjusted working day (调休上班).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SetDay {
    pub date: NaiveDate,
    pub kind: DayKind,
}

/// One numbered arrangement: the festival and the days it sets, by date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrangement {
    /// As the notice names it (`春节`, `中秋节、国庆节`).
    pub festival: String,
    /// 1-based line of the notice where the arrangement starts.
    pub line: usize,
    pub days: Vec<SetDay>,
}

/// What a notice says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadNotice {
    /// The year arranged: from the title, else as given.
    pub year: i32,
    pub title: Option<String>,
    /// The document number (发文字号), brackets written `〔〕`.
    pub number: Option<String>,
    /// The date the notice was signed (成文日期).
    pub published: Option<NaiveDate>,
    pub arrangements: Vec<Arrangement>,
    /// Sentences inside arrangements that set nothing (encouragements, such
    /// as resting on 除夕), with their line: shown for review.
    pub set_aside: Vec<(usize, String)>,
}

impl ReadNotice {
    /// Every day set, with its festival, by date.
    pub fn days(&self) -> Vec<(SetDay, &str)> {
        let mut days: Vec<(SetDay, &str)> = self
            .arrangements
            .iter()
            .flat_map(|a| a.days.iter().map(|d| (*d, a.festival.as_str())))
            .collect();
        days.sort_by_key(|(d, _)| d.date);
        days
    }
}

/// Reads a whole notice.  `year` is needed when the text has no title
/// naming it, and must agree with the title when it has.
///
/// # Errors
///
/// The first thing that cannot be read, with its place.
pub fn read_notice(text: &str, year: Option<i32>) -> Result<ReadNotice, NoticeError> {
    document::read(text, year)
}

/// Reads the text of one arrangement (what follows `元旦：`) of the notice
/// for `year`: the days it sets, by date.
///
/// # Errors
///
/// The first thing that cannot be read, with its place in `text`.
pub fn read_arrangement(year: i32, text: &str) -> Result<Vec<SetDay>, NoticeError> {
    let mut reader = arrangement::Reader::new(year);
    reader.read(text, 0)?;
    Ok(reader.finish()?.into_iter().map(|p| p.day).collect())
}
