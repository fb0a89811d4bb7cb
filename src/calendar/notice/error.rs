//! What a notice text can get wrong, said in both languages, with the place.

use std::ops::Range;

use chrono::{NaiveDate, Weekday};

/// A part of a notice that could not be read.  Spans are byte offsets into
/// the whole notice text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeError {
    pub problem: Problem,
    /// The words the problem is about (a date, a note, a clause).
    pub focus: Range<usize>,
    /// The sentence holding them, as it is quoted back to the user.
    pub sentence: Range<usize>,
}

/// Why a notice, or a part of it, could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No numbered arrangement (`一、元旦：…`) anywhere.
    NoArrangement,
    /// Neither a title naming the year nor `--year`.
    YearUnknown,
    /// The title names one year, `--year` another.
    YearConflict { title: i32, given: i32 },
    /// A `（` without its `）`.
    UnclosedNote,
    /// A day (`3日`) with no month before it to take.
    NoMonth,
    /// A year, month and day that make no date (`2月30日`).
    InvalidDate { year: i32, month: u32, day: u32 },
    /// A day the notice for `year` cannot set.
    OutsideYear { date: NaiveDate, year: i32 },
    /// `X至Y` with Y before X.
    RangeBackwards { from: NaiveDate, to: NaiveDate },
    /// `X至Y` over more than a month: a typo.
    RangeTooLong { from: NaiveDate, to: NaiveDate },
    /// `（星期六）` after a date that is not a Saturday.
    WeekdayMismatch { date: NaiveDate, said: Weekday },
    /// `共N天` where the days before it are another number.
    CountMismatch { said: u32, counted: u32 },
    /// `共N天` with no `放假` days before it in the sentence.
    CountWithoutRest,
    /// A weekend day (公休日) moved away that is not a weekend day.
    NotAWeekend { date: NaiveDate },
    /// The same day made a rest day and a working day.
    Contradiction { date: NaiveDate },
    /// A day another arrangement of the notice already set.
    SetTwice { date: NaiveDate, first_line: usize },
    /// Dates with nothing saying what happens on them.
    DatesWithoutVerb,
    /// Words this reader does not know; `text` is quoted back.
    Unreadable { text: String },
    /// A line with dates and 放假/上班 outside any numbered arrangement.
    OutsideArrangement,
    /// A numbered arrangement that sets no day.
    EmptyArrangement,
}

impl NoticeError {
    pub(super) fn new(problem: Problem, focus: Range<usize>, sentence: Range<usize>) -> Self {
        NoticeError {
            problem,
            focus,
            sentence,
        }
    }

    /// 1-based line and column (in characters) of the focus in `text`.
    pub fn line_col(&self, text: &str) -> (usize, usize) {
        line_col(text, self.focus.start)
    }

    /// The sentence, as written (empty if the span does not fit `text`).
    pub fn sentence_in<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.sentence.clone()).unwrap_or_default().trim()
    }

    pub fn zh(&self) -> String {
        self.problem.zh()
    }

    pub fn en(&self) -> String {
        self.problem.en()
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Problem {
    pub fn zh(&self) -> String {
        match self {
            Problem::NoArrangement => {
                "未找到节假日安排（应为编号条目，如“一、元旦：1月1日放假……”）".into()
            }
            Problem::YearUnknown => "通知没有写明年份的标题，无法确定年份：请用 --year 指定".into(),
            Problem::YearConflict { title, given } => {
                format!("标题写的是 {title} 年，而 --year 为 {given}")
            }
            Problem::UnclosedNote => "括号没有闭合".into(),
            Problem::NoMonth => "日期缺少月份，前文也没有可沿用的月份".into(),
            Problem::InvalidDate { year, month, day } => {
                format!("{year} 年 {month} 月 {day} 日不是有效日期")
            }
            Problem::OutsideYear { date, year } => format!(
                "{date} 不在 {year} 年通知可安排的范围内（{year} 年全年，及 {} 年 12 月 25 日以后）",
                year - 1
            ),
            Problem::RangeBackwards { from, to } => format!("日期范围 {from} 至 {to} 倒置"),
            Problem::RangeTooLong { from, to } => {
                format!("日期范围 {from} 至 {to} 超过一个月，可能有误")
            }
            Problem::WeekdayMismatch { date, said } => format!(
                "{date} 是{}，不是{}",
                weekday_zh(chrono::Datelike::weekday(date)),
                weekday_zh(*said)
            ),
            Problem::CountMismatch { said, counted } => {
                format!("写明共 {said} 天，但所列放假日为 {counted} 天")
            }
            Problem::CountWithoutRest => "“共N天”之前本句没有放假日期".into(),
            Problem::NotAWeekend { date } => format!(
                "{date} 是{}，不是公休日，不能“调至”他日",
                weekday_zh(chrono::Datelike::weekday(date))
            ),
            Problem::Contradiction { date } => {
                format!("{date} 既被定为放假，又被定为上班")
            }
            Problem::SetTwice { date, first_line } => {
                format!("{date} 已由第 {first_line} 行的安排设定过")
            }
            Problem::DatesWithoutVerb => "日期之后没有说明放假、补休或上班".into(),
            Problem::Unreadable { text } => format!("无法识别“{text}”"),
            Problem::OutsideArrangement => {
                "这一行有日期和放假/上班，但不在编号条目（如“一、元旦：”）中".into()
            }
            Problem::EmptyArrangement => "这一条没有设定任何日期".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            Problem::NoArrangement => {
                "no holiday arrangement found (numbered items such as \"一、元旦：1月1日放假……\")"
                    .into()
            }
            Problem::YearUnknown => {
                "the notice has no title naming its year: give the year with --year".into()
            }
            Problem::YearConflict { title, given } => {
                format!("the title says {title}, but --year is {given}")
            }
            Problem::UnclosedNote => "a bracket is not closed".into(),
            Problem::NoMonth => "a day without a month, and no month before it to carry on".into(),
            Problem::InvalidDate { year, month, day } => {
                format!("year {year}, month {month}, day {day} is not a date")
            }
            Problem::OutsideYear { date, year } => format!(
                "{date} is not a day the {year} notice can arrange (only {year}, and {}-12-25 on)",
                year - 1
            ),
            Problem::RangeBackwards { from, to } => {
                format!("the range {from} to {to} ends before it starts")
            }
            Problem::RangeTooLong { from, to } => {
                format!("the range {from} to {to} spans over a month; a typo?")
            }
            Problem::WeekdayMismatch { date, said } => format!(
                "{date} is a {}, not a {}",
                weekday_en(chrono::Datelike::weekday(date)),
                weekday_en(*said)
            ),
            Problem::CountMismatch { said, counted } => {
                format!("it says {said} days in all, but the days listed are {counted}")
            }
            Problem::CountWithoutRest => {
                "\"共N天\" (N days in all) with no rest days before it in the sentence".into()
            }
            Problem::NotAWeekend { date } => format!(
                "{date} is a {}, not a weekend day that could be moved (公休日调至)",
                weekday_en(chrono::Datelike::weekday(date))
            ),
            Problem::Contradiction { date } => {
                format!("{date} is made both a rest day and a working day")
            }
            Problem::SetTwice { date, first_line } => {
                format!("{date} was already set by the arrangement on line {first_line}")
            }
            Problem::DatesWithoutVerb => {
                "dates without 放假 (rest), 补休 (day off in lieu) or 上班 (work) after them".into()
            }
            Problem::Unreadable { text } => format!("cannot read \"{text}\""),
            Problem::OutsideArrangement => {
                "this line has dates and 放假/上班 outside a numbered item (such as \"一、元旦：\")"
                    .into()
            }
            Problem::EmptyArrangement => "this item sets no day".into(),
        }
    }
}

/// `星期一`..`星期日`.
pub fn weekday_zh(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn weekday_en(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}
