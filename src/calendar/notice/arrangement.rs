//! One numbered arrangement's text to the days it sets.
//!
//! The text is sentences (`。`) of clauses (`，` `；`).  A clause sets days:
//!
//! * `DATES 放假` (also 放假调休, 调休放假, 放假公休, 补休, 调休, 照常公休,
//!   `放假N天`) and `DATES 为法定节假日` / `为公休日`: rest days;
//! * `DATES 上班`: adjusted working days (调休上班);
//! * `DATES [两个]公休日[分别]调至 DATES` (notices up to 2009): the weekend
//!   days before `调至` are worked unless another clause rests them (a
//!   statutory holiday falling on one), the days after it are rest days;
//!
//! or remarks on them: `共N天` (checked against the rest days of the clause
//! before it), `与周末连休`, `不调休`.  `其中` and `将` lead clauses in.
//! DATES are dates (`[YYYY年][M月]D日`, year and month carried on from the
//! date before), ranges (`至` or a dash) and lists (`、`); a bracketed note
//! after a date may name its weekday, which must be right.  A sentence that
//! starts with `鼓励` (an encouragement, e.g. to rest on 除夕) sets nothing and
//! is set aside for the reader to see.  Anything else is an error.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};

use super::super::data::MAX_RANGE_DAYS;
use super::super::{DayKind, NEW_YEAR_REACH_FROM_DAY, next_day};
use super::SetDay;
use super::error::{NoticeError, Problem};
use super::lex::{Tok, Token, tokens};

/// Words that make a clause's dates rest days, `放假N天` aside.
const REST_VERBS: &[&str] = &[
    "放假",
    "放假调休",
    "调休放假",
    "放假公休",
    "补休",
    "调休",
    "照常公休",
    "公休",
];

const WORK_VERBS: &[&str] = &["上班", "照常上班"];

/// `DATES 为…法定节假日`: the endings that make the dates rest days.
const RESTING_STATUSES: &[&str] = &["法定节假日", "法定假日", "法定休假日", "公休日"];

/// Clauses that only comment on the days set.
const REMARKS: &[&str] = &["与周末连休", "与周六连休", "与周日连休", "不调休"];

/// Sentence openings that encourage rather than arrange.
const ENCOURAGEMENTS: &[&str] = &["鼓励", "提倡", "倡导"];

/// Reads the text of one arrangement, piece by piece (an arrangement may go
/// on over several lines), then gives the days it sets.
pub(super) struct Reader {
    /// The year the notice arranges.
    year: i32,
    /// The date read last: a date without year or month carries on from it.
    last: Option<NaiveDate>,
    rest: BTreeMap<NaiveDate, Place>,
    work: BTreeMap<NaiveDate, Place>,
    /// Weekend days moved away (`公休日调至`): worked unless rested.
    moved: BTreeMap<NaiveDate, Place>,
    /// Sentences set aside as encouragements.
    pub asides: Vec<Range<usize>>,
}

/// A day set, with the words that set it.
pub(super) struct PlacedDay {
    pub day: SetDay,
    pub focus: Range<usize>,
    pub sentence: Range<usize>,
}

/// Where a day was set: the words and their sentence.
#[derive(Debug, Clone)]
struct Place {
    focus: Range<usize>,
    sentence: Range<usize>,
}

impl Place {
    fn error(&self, problem: Problem) -> NoticeError {
        NoticeError::new(problem, self.focus.clone(), self.sentence.clone())
    }
}

/// A date as written, resolved.
#[derive(Debug, Clone)]
struct DateAt {
    date: NaiveDate,
    span: Range<usize>,
}

/// One list item: a day, or a range of days.
#[derive(Debug, Clone)]
struct Days {
    first: DateAt,
    last: DateAt,
}

impl Days {
    fn span(&self) -> Range<usize> {
        self.first.span.start..self.last.span.end
    }

    fn each(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        std::iter::successors(Some(self.first.date), |d| next_day(*d))
            .take_while(|d| *d <= self.last.date)
    }
}

/// What the clause before said, for a `共N天` after it.
#[derive(Debug, Clone, Copy)]
enum Before {
    Nothing,
    RestDays(u32),
}

impl Reader {
    pub(super) fn new(year: i32) -> Reader {
        Reader {
            year,
            last: None,
            rest: BTreeMap::new(),
            work: BTreeMap::new(),
            moved: BTreeMap::new(),
            asides: Vec::new(),
        }
    }

    /// Reads `text`, which starts at byte `base` of the notice.
    pub(super) fn read(&mut self, text: &str, base: usize) -> Result<(), NoticeError> {
        let toks = tokens(text, base)?;
        for sentence in toks.split_inclusive(|t| t.kind == Tok::Stop) {
            self.sentence(sentence)?;
        }
        Ok(())
    }

    /// The days set, in date order; moved weekend days that nothing rests
    /// become working days.
    pub(super) fn finish(mut self) -> Result<Vec<PlacedDay>, NoticeError> {
        if let Some((date, place)) = self.work.iter().find(|(d, _)| self.rest.contains_key(*d)) {
            return Err(place.error(Problem::Contradiction { date: *date }));
        }
        for (date, place) in std::mem::take(&mut self.moved) {
            if !self.rest.contains_key(&date) {
                self.work.entry(date).or_insert(place);
            }
        }
        let rest = self.rest.into_iter().map(|(d, p)| (d, DayKind::Restday, p));
        let work = self.work.into_iter().map(|(d, p)| (d, DayKind::Workday, p));
        let mut days: Vec<PlacedDay> = rest
            .chain(work)
            .map(|(date, kind, place)| PlacedDay {
                day: SetDay { date, kind },
                focus: place.focus,
                sentence: place.sentence,
            })
            .collect();
        days.sort_by_key(|d| d.day.date);
        Ok(days)
    }

    /// Whether nothing has been set yet.
    pub(super) fn is_empty(&self) -> bool {
        self.rest.is_empty() && self.work.is_empty() && self.moved.is_empty()
    }

    fn sentence(&mut self, toks: &[Token]) -> Result<(), NoticeError> {
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
            return Ok(());
        };
        let sentence = first.span.start..last.span.end;
        if is_encouragement(first) {
            self.asides.push(sentence);
            return Ok(());
        }
        let mut before = Before::Nothing;
        for clause in toks.split(|t| matches!(t.kind, Tok::Pause | Tok::Stop)) {
            before = self.clause(&lead_in_dropped(clause), &sentence, before)?;
        }
        Ok(())
    }

    fn clause(
        &mut self,
        toks: &[Token],
        sentence: &Range<usize>,
        before: Before,
    ) -> Result<Before, NoticeError> {
        match toks.first().map(|t| &t.kind) {
            None => Ok(before),
            Some(Tok::Date { .. }) => self.dated(toks, sentence),
            Some(Tok::Word(_) | Tok::Number(_)) => remark(toks, sentence, before),
            Some(_) => Err(unreadable(toks, sentence)),
        }
    }

    /// A clause that starts with dates.
    fn dated(&mut self, toks: &[Token], sentence: &Range<usize>) -> Result<Before, NoticeError> {
        let mut cursor = Cursor { toks, at: 0 };
        let dates = self.date_list(&mut cursor, sentence)?;
        let words = cursor.words();
        if cursor
            .peek()
            .is_some_and(|t| matches!(t.kind, Tok::Date { .. }))
        {
            let Some(connector) = words else {
                return Err(unreadable(toks, sentence));
            };
            return self.moved_weekends(&dates, connector, &mut cursor, sentence);
        }
        if let Some(extra) = cursor.peek() {
            return Err(unreadable(cursor.rest_from(extra), sentence));
        }
        let Some((text, span)) = words else {
            let span = dates_span(&dates);
            return Err(NoticeError::new(
                Problem::DatesWithoutVerb,
                span,
                sentence.clone(),
            ));
        };
        self.predicate(&dates, &text, span, sentence)
    }

    /// `DATES 放假…` / `DATES 上班` / `DATES 为法定节假日`.
    fn predicate(
        &mut self,
        dates: &[Days],
        text: &str,
        span: Range<usize>,
        sentence: &Range<usize>,
    ) -> Result<Before, NoticeError> {
        let place = |focus: Range<usize>| Place {
            focus,
            sentence: sentence.clone(),
        };
        if let Some(count) = rest_verb(text) {
            let days = self.claim_rest(dates, sentence);
            if let Some(said) = count {
                check_count(said, days, &place(span))?;
            }
            return Ok(Before::RestDays(days));
        }
        if WORK_VERBS.contains(&text) {
            for d in dates {
                for day in d.each() {
                    self.work.entry(day).or_insert_with(|| place(d.span()));
                }
            }
            return Ok(Before::Nothing);
        }
        Err(place(span).error(Problem::Unreadable { text: text.into() }))
    }

    /// Marks `dates` rest days; returns how many days they are.
    fn claim_rest(&mut self, dates: &[Days], sentence: &Range<usize>) -> u32 {
        let mut count = 0;
        for d in dates {
            for day in d.each() {
                count += 1;
                self.rest.entry(day).or_insert_with(|| Place {
                    focus: d.span(),
                    sentence: sentence.clone(),
                });
            }
        }
        count
    }

    /// `DATES 公休日调至 DATES`: the first dates give up their weekend rest,
    /// the second become rest days.
    fn moved_weekends(
        &mut self,
        from: &[Days],
        (text, span): (String, Range<usize>),
        cursor: &mut Cursor,
        sentence: &Range<usize>,
    ) -> Result<Before, NoticeError> {
        if !is_move_connector(&text) {
            let place = Place {
                focus: span,
                sentence: sentence.clone(),
            };
            return Err(place.error(Problem::Unreadable { text }));
        }
        let to = self.date_list(cursor, sentence)?;
        if let Some(extra) = cursor.peek() {
            return Err(unreadable(cursor.rest_from(extra), sentence));
        }
        for d in from {
            for day in d.each() {
                let place = Place {
                    focus: d.span(),
                    sentence: sentence.clone(),
                };
                if !is_weekend(day) {
                    return Err(place.error(Problem::NotAWeekend { date: day }));
                }
                self.moved.entry(day).or_insert(place);
            }
        }
        self.claim_rest(&to, sentence);
        Ok(Before::Nothing)
    }

    /// `D[至D][、D[至D]]…`, each date with its notes.
    fn date_list(
        &mut self,
        cursor: &mut Cursor,
        sentence: &Range<usize>,
    ) -> Result<Vec<Days>, NoticeError> {
        let mut list = Vec::new();
        loop {
            let first = self.date_at(cursor, sentence)?;
            let last = if cursor.take(|k| *k == Tok::Through) {
                self.date_at(cursor, sentence)?
            } else {
                first.clone()
            };
            check_range(&first, &last, sentence)?;
            list.push(Days { first, last });
            if !cursor.take(|k| *k == Tok::And) {
                return Ok(list);
            }
        }
    }

    /// A date token and the notes after it.
    fn date_at(
        &mut self,
        cursor: &mut Cursor,
        sentence: &Range<usize>,
    ) -> Result<DateAt, NoticeError> {
        let Some(token) = cursor.next() else {
            return Err(unreadable(cursor.rest_from_start(), sentence));
        };
        let Tok::Date { year, month, day } = token.kind else {
            return Err(unreadable(cursor.rest_from(token), sentence));
        };
        let error = |problem| NoticeError::new(problem, token.span.clone(), sentence.clone());
        let date = self.resolve(year, month, day).map_err(error)?;
        while let Some(note) = cursor.next_if(|k| matches!(k, Tok::Note(_))) {
            check_weekday_note(date, note, sentence)?;
        }
        Ok(DateAt {
            date,
            span: token.span.clone(),
        })
    }

    /// The date a `[Y年][M月]D日` stands for here.  A missing year or month
    /// is the last date's; crossing New Year without a year (`1月1日…12月30日`
    /// in one arrangement) moves to the neighbouring year.
    fn resolve(
        &mut self,
        year: Option<u32>,
        month: Option<u32>,
        day: u32,
    ) -> Result<NaiveDate, Problem> {
        let month = month
            .or_else(|| self.last.map(|l| l.month()))
            .ok_or(Problem::NoMonth)?;
        let year = match year {
            Some(y) => i32::try_from(y).unwrap_or(i32::MAX),
            None => self.carried_year(month),
        };
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(Problem::InvalidDate {
            year,
            month,
            day,
        })?;
        if !self.may_arrange(date) {
            return Err(Problem::OutsideYear {
                date,
                year: self.year,
            });
        }
        self.last = Some(date);
        Ok(date)
    }

    fn carried_year(&self, month: u32) -> i32 {
        match self.last {
            None => self.year,
            Some(l) if month == 12 && l.month() == 1 => l.year() - 1,
            Some(l) if month == 1 && l.month() == 12 => l.year() + 1,
            Some(l) => l.year(),
        }
    }

    /// The notice for a year arranges that year and, for New Year, the last
    /// days of the December before (the calendar data's rule too).
    fn may_arrange(&self, date: NaiveDate) -> bool {
        date.year() == self.year
            || (date.year() == self.year - 1
                && date.month() == 12
                && date.day() >= NEW_YEAR_REACH_FROM_DAY)
    }
}

/// Tokens read one by one.
struct Cursor<'t> {
    toks: &'t [Token],
    at: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<&'t Token> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Option<&'t Token> {
        let t = self.peek()?;
        self.at += 1;
        Some(t)
    }

    fn next_if(&mut self, want: impl Fn(&Tok) -> bool) -> Option<&'t Token> {
        let t = self.peek().filter(|t| want(&t.kind))?;
        self.at += 1;
        Some(t)
    }

    fn take(&mut self, want: impl Fn(&Tok) -> bool) -> bool {
        self.next_if(want).is_some()
    }

    /// The words (and numbers) from here on up to the next other token,
    /// joined, with their span; `None` if there are none.
    fn words(&mut self) -> Option<(String, Range<usize>)> {
        let mut text = String::new();
        let mut span: Option<Range<usize>> = None;
        while let Some(t) = self.next_if(|k| matches!(k, Tok::Word(_) | Tok::Number(_))) {
            match &t.kind {
                Tok::Word(w) => text.push_str(w),
                Tok::Number(n) => text.push_str(&n.to_string()),
                _ => {}
            }
            let start = span.as_ref().map_or(t.span.start, |s| s.start);
            span = Some(start..t.span.end);
        }
        span.map(|s| (text, s))
    }

    /// The tokens from `token` to the end of the clause.
    fn rest_from(&self, token: &Token) -> &'t [Token] {
        let at = self
            .toks
            .iter()
            .position(|t| std::ptr::eq(t, token))
            .unwrap_or(self.at);
        self.toks.get(at..).unwrap_or_default()
    }

    fn rest_from_start(&self) -> &'t [Token] {
        self.toks
    }
}

/// A clause of words alone: a remark, or `共N天`.
fn remark(toks: &[Token], sentence: &Range<usize>, before: Before) -> Result<Before, NoticeError> {
    let mut cursor = Cursor { toks, at: 0 };
    let Some((text, span)) = cursor.words().filter(|_| cursor.peek().is_none()) else {
        return Err(unreadable(toks, sentence));
    };
    let place = Place {
        focus: span,
        sentence: sentence.clone(),
    };
    if REMARKS.contains(&text.as_str()) {
        return Ok(Before::Nothing);
    }
    let Some(said) = total_days(&text) else {
        return Err(place.error(Problem::Unreadable { text }));
    };
    match before {
        Before::RestDays(counted) => check_count(said, counted, &place)?,
        Before::Nothing => return Err(place.error(Problem::CountWithoutRest)),
    }
    Ok(Before::Nothing)
}

/// `共N天` → N.
fn total_days(text: &str) -> Option<u32> {
    text.strip_prefix('共')?.strip_suffix('天')?.parse().ok()
}

fn check_count(said: u32, counted: u32, place: &Place) -> Result<(), NoticeError> {
    if said == counted {
        Ok(())
    } else {
        Err(place.error(Problem::CountMismatch { said, counted }))
    }
}

/// For a clause ending in a rest verb: `Some(None)`, or `Some(Some(n))` for
/// `放假n天`; for `为法定节假日` and the like `Some(None)` too.
fn rest_verb(text: &str) -> Option<Option<u32>> {
    if REST_VERBS.contains(&text) || is_resting_status(text) {
        return Some(None);
    }
    let counted = text.strip_suffix('天')?;
    let verb = counted.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = counted.get(verb.len()..)?.parse().ok()?;
    REST_VERBS.contains(&verb).then_some(Some(number))
}

/// `为法定节假日`, `为国庆节法定节假日`, `为公休日`…
fn is_resting_status(text: &str) -> bool {
    text.starts_with('为') && RESTING_STATUSES.iter().any(|s| text.ends_with(s))
}

/// `调至`, `公休日调至`, `两个公休日分别调至`, `公休日及中秋节分别调至`…
fn is_move_connector(text: &str) -> bool {
    let Some(before) = text.strip_suffix("调至") else {
        return false;
    };
    let before = before.strip_suffix("分别").unwrap_or(before);
    let before = without_count(before);
    let before = before
        .strip_prefix("公休日")
        .or_else(|| before.strip_prefix("公休"))
        .unwrap_or(before);
    before.is_empty()
        || (before.starts_with('及') && !before.contains(|c: char| c.is_ascii_digit()))
}

/// `两个公休日` → `公休日`, `3个公休日` → `公休日`.
fn without_count(text: &str) -> &str {
    let rest = text
        .trim_start_matches(|c: char| "一二两三四五六七八九十".contains(c) || c.is_ascii_digit());
    match rest.strip_prefix('个') {
        Some(after) if rest.len() < text.len() => after,
        _ => text,
    }
}

/// `其中` and `将` only lead a clause in.
fn lead_in_dropped(clause: &[Token]) -> Vec<Token> {
    let Some((
        Token {
            kind: Tok::Word(word),
            span,
        },
        after,
    )) = clause.split_first()
    else {
        return clause.to_vec();
    };
    let rest = word.strip_prefix("其中").unwrap_or(word);
    let rest = rest.strip_prefix('将').unwrap_or(rest);
    let mut toks = Vec::with_capacity(clause.len());
    if !rest.is_empty() {
        // The span stays the word's: spaces the word was gathered over make a shorter one
        // hard to place, and quoting `其中` with the words after it misleads no one.
        toks.push(Token {
            kind: Tok::Word(rest.to_string()),
            span: span.clone(),
        });
    }
    toks.extend_from_slice(after);
    toks
}

fn is_encouragement(first: &Token) -> bool {
    matches!(&first.kind, Tok::Word(w) if ENCOURAGEMENTS.iter().any(|e| w.starts_with(e)))
}

fn check_range(first: &DateAt, last: &DateAt, sentence: &Range<usize>) -> Result<(), NoticeError> {
    let (from, to) = (first.date, last.date);
    let focus = first.span.start..last.span.end;
    let problem = if to < from {
        Problem::RangeBackwards { from, to }
    } else if (to - from).num_days() >= MAX_RANGE_DAYS {
        Problem::RangeTooLong { from, to }
    } else {
        return Ok(());
    };
    Err(NoticeError::new(problem, focus, sentence.clone()))
}

/// A note naming a weekday must name `date`'s.
fn check_weekday_note(
    date: NaiveDate,
    note: &Token,
    sentence: &Range<usize>,
) -> Result<(), NoticeError> {
    let Tok::Note(text) = &note.kind else {
        return Ok(());
    };
    let wrong = text
        .split(['、', '，', ',', '；', ';'])
        .filter_map(|part| weekday_named(part.trim()))
        .find(|said| *said != date.weekday());
    match wrong {
        None => Ok(()),
        Some(said) => Err(NoticeError::new(
            Problem::WeekdayMismatch { date, said },
            note.span.clone(),
            sentence.clone(),
        )),
    }
}

/// `星期六`, `周六`, `礼拜六` → Saturday.
fn weekday_named(part: &str) -> Option<Weekday> {
    let name = ["星期", "礼拜", "周"]
        .iter()
        .find_map(|p| part.strip_prefix(p))?;
    match name {
        "一" => Some(Weekday::Mon),
        "二" => Some(Weekday::Tue),
        "三" => Some(Weekday::Wed),
        "四" => Some(Weekday::Thu),
        "五" => Some(Weekday::Fri),
        "六" => Some(Weekday::Sat),
        "日" | "天" => Some(Weekday::Sun),
        _ => None,
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn dates_span(dates: &[Days]) -> Range<usize> {
    match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => a.first.span.start..b.last.span.end,
        _ => 0..0,
    }
}

/// An error quoting `toks` as the words not understood.
fn unreadable(toks: &[Token], sentence: &Range<usize>) -> NoticeError {
    let focus = match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => a.span.start..b.span.end,
        _ => sentence.clone(),
    };
    let text = toks.iter().map(token_text).collect::<String>();
    NoticeError::new(Problem::Unreadable { text }, focus, sentence.clone())
}

/// A token as it reads (for quoting back).
fn token_text(t: &Token) -> String {
    match &t.kind {
        Tok::Date { year, month, day } => {
            let y = year.map(|y| format!("{y}年")).unwrap_or_default();
            let m = month.map(|m| format!("{m}月")).unwrap_or_default();
            format!("{y}{m}{day}日")
        }
        Tok::Number(n) => n.to_string(),
        Tok::Note(n) => format!("（{n}）"),
        Tok::Through => "至".into(),
        Tok::And => "、".into(),
        Tok::Pause => "，".into(),
        Tok::Stop => "。".into(),
        Tok::Word(w) => w.clone(),
    }
}
