//! A notice line by line: its title, document number and signing date, and
//! the text of each numbered arrangement.
//!
//! Copies of a notice break lines in different places: the title may take
//! two lines, an arrangement's days may start on the line after `一、元旦：`
//! or go on over the next line.  A line that starts with a digit after an
//! arrangement continues it; a title line not ending in `通知` is joined with
//! the next.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::arrangement::{PlacedDay, Reader};
use super::error::{NoticeError, Problem, line_col};
use super::lex::{Tok, digit_value, is_space, tokens};
use super::{Arrangement, ReadNotice};

/// One line of the notice, spaces trimmed.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    /// Byte offset of `text` in the notice.
    start: usize,
    /// 1-based.
    number: usize,
}

impl<'a> Line<'a> {
    fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }

    /// The part of the line from byte `at` of `text` on.
    fn from(&self, at: usize) -> Line<'a> {
        Line {
            text: self.text.get(at..).unwrap_or_default(),
            start: self.start + at,
            number: self.number,
        }
    }
}

/// An arrangement's name and the pieces of text that say its days.
struct ItemText<'a> {
    festival: String,
    header: Line<'a>,
    pieces: Vec<Line<'a>>,
}

/// What the lines outside the arrangements said.
#[derive(Default)]
struct Head {
    /// The title and its span (over two lines when it was broken).
    title: Option<(String, Range<usize>)>,
    number: Option<String>,
    published: Option<NaiveDate>,
}

pub(super) fn read(text: &str, year: Option<i32>) -> Result<ReadNotice, NoticeError> {
    let lines = lines(text);
    let (head, items) = sort_lines(&lines)?;
    let year = notice_year(&head, year, &items, &lines)?;
    let read = read_items(text, year, &items)?;
    Ok(ReadNotice {
        year,
        title: head.title.map(|(t, _)| t),
        number: head.number,
        published: head.published,
        arrangements: read.arrangements,
        set_aside: read.set_aside,
    })
}

/// The non-empty lines, trimmed, with their places.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let trimmed_front = raw.trim_start_matches(is_space);
        let body = trimmed_front.trim_end_matches(is_space);
        if !body.is_empty() {
            out.push(Line {
                text: body,
                start: start + (raw.len() - trimmed_front.len()),
                number: i + 1,
            });
        }
        start += raw.len() + 1;
    }
    out
}

/// Splits the lines into the head (title, number, date) and the arrangements.
fn sort_lines<'a>(lines: &[Line<'a>]) -> Result<(Head, Vec<ItemText<'a>>), NoticeError> {
    let mut head = Head::default();
    let mut items: Vec<ItemText<'a>> = Vec::new();
    let mut in_item = false;
    let mut joined_title_line = None;
    for (i, line) in lines.iter().enumerate() {
        if joined_title_line == Some(i) {
            continue;
        }
        if let Some(item) = item_line(*line) {
            items.push(item);
            in_item = true;
        } else if let Some(date) = signed_date(*line)? {
            head.published = Some(date);
            in_item = false;
        } else if in_item && line.text.starts_with(|c| digit_value(c).is_some()) {
            if let Some(item) = items.last_mut() {
                item.pieces.push(*line);
            }
        } else {
            in_item = false;
            joined_title_line = head_line(&mut head, items.is_empty(), lines, i)?;
        }
    }
    Ok((head, items))
}

/// Notes a title or document number; `Some(i)` when the title took line `i`
/// too.  Other prose is passed over unless it reads like an arrangement.
fn head_line(
    head: &mut Head,
    before_items: bool,
    lines: &[Line],
    i: usize,
) -> Result<Option<usize>, NoticeError> {
    let Some(line) = lines.get(i) else {
        return Ok(None);
    };
    if head.title.is_none() && before_items && is_title_start(line.text) {
        let next = lines
            .get(i + 1)
            .filter(|n| !line.text.ends_with("通知") && n.text.ends_with("通知"));
        let title = match next {
            Some(n) => (
                format!("{}{}", line.text, n.text),
                line.start..n.start + n.text.len(),
            ),
            None => (line.text.to_string(), line.span()),
        };
        head.title = Some(title);
        return Ok(next.map(|_| i + 1));
    }
    if let Some(number) = document_number(line.text) {
        head.number.get_or_insert(number);
        return Ok(None);
    }
    if reads_like_arrangement(*line) {
        return Err(NoticeError::new(
            Problem::OutsideArrangement,
            line.span(),
            line.span(),
        ));
    }
    Ok(None)
}

fn is_title_start(text: &str) -> bool {
    text.starts_with("国务院") && text.contains("关于")
}

/// `一、元旦：…`, `六、中秋节、国庆节：…`, or without the colon when the days
/// follow the name directly (`三、清明节4月4日…`).
fn item_line(line: Line<'_>) -> Option<ItemText<'_>> {
    let after_numeral = line.text.trim_start_matches(is_chinese_numeral);
    if after_numeral.len() == line.text.len() {
        return None;
    }
    let rest = after_numeral.strip_prefix(['、', '．', '.'])?;
    let rest_at = line.text.len() - rest.len();
    let (name, days_at) = match rest.find(['：', ':']) {
        Some(colon) => {
            let colon_len = rest.get(colon..)?.chars().next()?.len_utf8();
            (rest.get(..colon)?, colon + colon_len)
        }
        None => {
            let first_digit = rest.find(|c| digit_value(c).is_some())?;
            (rest.get(..first_digit)?, first_digit)
        }
    };
    let festival = name.trim_matches(is_space);
    if !is_festival_name(festival) {
        return None;
    }
    let days = line.from(rest_at + days_at);
    let days = days.from(days.text.len() - days.text.trim_start_matches(is_space).len());
    Some(ItemText {
        festival: festival.to_string(),
        header: line,
        pieces: if days.text.is_empty() {
            Vec::new()
        } else {
            vec![days]
        },
    })
}

fn is_chinese_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// A name, not a clause: no digits, no clause marks.
fn is_festival_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(|c: char| digit_value(c).is_some() || "，,。；;".contains(c))
}

/// `国办发明电〔2020〕27号` (spaces dropped, any bracket written `〔〕`).
fn document_number(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !is_space(*c)).collect();
    let open = compact.find(['〔', '[', '［', '【', '（', '('])?;
    let issuer = compact.get(..open)?;
    let after_open = compact.get(open..)?.chars().skip(1).collect::<String>();
    let close = after_open.find(['〕', ']', '］', '】', '）', ')'])?;
    let year = after_open.get(..close)?;
    let tail: String = after_open.get(close..)?.chars().skip(1).collect();
    let serial = tail.strip_suffix('号')?;
    let plausible = !issuer.is_empty()
        && !issuer.contains(|c| digit_value(c).is_some())
        && year.chars().count() == 4
        && year.chars().all(|c| digit_value(c).is_some())
        && !serial.is_empty()
        && serial.chars().all(|c| digit_value(c).is_some());
    plausible.then(|| format!("{issuer}〔{year}〕{serial}号"))
}

/// A line that is only a date (the signing date, after `国务院办公厅` or
/// alone), in Arabic or Chinese numerals: `2020年11月25日`, `二〇一一年十二月五日`.
fn signed_date(line: Line) -> Result<Option<NaiveDate>, NoticeError> {
    let text = ["国务院办公厅", "国务院"]
        .iter()
        .find_map(|p| line.text.strip_prefix(p))
        .unwrap_or(line.text)
        .trim_matches(is_space);
    let Some((year, month, day)) = date_parts(text) else {
        return Ok(None);
    };
    let invalid = Problem::InvalidDate { year, month, day };
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| NoticeError::new(invalid, line.span(), line.span()))?;
    Ok(Some(date))
}

/// `Y年M月D日` with nothing else, each part in either kind of numerals.
fn date_parts(text: &str) -> Option<(i32, u32, u32)> {
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let year = i32::try_from(year_number(year.trim_matches(is_space))?).ok()?;
    Some((
        year,
        small_number(month.trim_matches(is_space))?,
        small_number(day.trim_matches(is_space))?,
    ))
}

/// Four digits, Arabic or Chinese (`二〇二〇`, `二○○九`).
fn year_number(text: &str) -> Option<u32> {
    if text.chars().count() != 4 {
        return None;
    }
    text.chars()
        .try_fold(0u32, |acc, c| Some(acc * 10 + any_digit(c)?))
}

/// 1..=31 in Arabic digits or Chinese numerals (`五`, `十二`, `二十五`, `三十一`).
fn small_number(text: &str) -> Option<u32> {
    if !text.is_empty() && text.chars().all(|c| digit_value(c).is_some()) {
        return text.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(digit_value(c)?)
        });
    }
    let (tens, ones) = match text.split_once('十') {
        None => (0, text),
        Some(("", ones)) => (1, ones),
        Some((tens, ones)) => (chinese_digit(tens)?, ones),
    };
    let ones = if ones.is_empty() {
        0
    } else {
        chinese_digit(ones)?
    };
    let value = tens * 10 + ones;
    (value > 0).then_some(value)
}

fn any_digit(c: char) -> Option<u32> {
    digit_value(c).or_else(|| chinese_digit(&c.to_string()))
}

fn chinese_digit(text: &str) -> Option<u32> {
    let value = match text {
        "〇" | "○" | "零" | "O" | "Ｏ" => 0,
        "一" => 1,
        "二" | "两" => 2,
        "三" => 3,
        "四" => 4,
        "五" => 5,
        "六" => 6,
        "七" => 7,
        "八" => 8,
        "九" => 9,
        _ => return None,
    };
    Some(value)
}

/// Prose with a date and a word that sets days: an arrangement the reader
/// would otherwise miss.
fn reads_like_arrangement(line: Line) -> bool {
    let has_date = tokens(line.text, line.start)
        .map(|toks| toks.iter().any(|t| matches!(t.kind, Tok::Date { .. })))
        .unwrap_or(false);
    has_date
        && ["放假", "上班", "调休", "补休", "公休"]
            .iter()
            .any(|w| line.text.contains(w))
}

/// The year from the title, or as given; they must agree.
fn notice_year(
    head: &Head,
    given: Option<i32>,
    items: &[ItemText],
    lines: &[Line],
) -> Result<i32, NoticeError> {
    let titled = head
        .title
        .as_ref()
        .and_then(|(title, span)| Some((title_year(title)?, span.clone())));
    match (titled, given) {
        (Some((title, span)), Some(given)) if title != given => Err(NoticeError::new(
            Problem::YearConflict { title, given },
            span.clone(),
            span,
        )),
        (Some((title, _)), _) => Ok(title),
        (None, Some(given)) => Ok(given),
        (None, None) => {
            let at = items
                .first()
                .map(|i| i.header)
                .or_else(|| lines.first().copied())
                .map_or(0..0, |l| l.span());
            Err(NoticeError::new(Problem::YearUnknown, at.clone(), at))
        }
    }
}

/// The first `YYYY年` of a title.
fn title_year(title: &str) -> Option<i32> {
    let toks = tokens(title, 0).ok()?;
    toks.windows(2).find_map(|pair| match pair {
        [
            super::lex::Token {
                kind: Tok::Number(y),
                ..
            },
            super::lex::Token {
                kind: Tok::Word(w), ..
            },
        ] if (1000..=9999).contains(y) && w.starts_with('年') => i32::try_from(*y).ok(),
        _ => None,
    })
}

/// The arrangements read, and the sentences they set aside (line, text).
struct ReadItems {
    arrangements: Vec<Arrangement>,
    set_aside: Vec<(usize, String)>,
}

/// Reads every arrangement; no day may be set by two of them.
fn read_items(text: &str, year: i32, items: &[ItemText]) -> Result<ReadItems, NoticeError> {
    if items.is_empty() {
        let at = 0..text.find('\n').unwrap_or(text.len());
        return Err(NoticeError::new(Problem::NoArrangement, at.clone(), at));
    }
    let mut arrangements = Vec::new();
    let mut set_aside = Vec::new();
    let mut set_by: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for item in items {
        let (days, asides) = read_item(year, item)?;
        for placed in &days {
            if let Some(first_line) = set_by.insert(placed.day.date, item.header.number) {
                return Err(NoticeError::new(
                    Problem::SetTwice {
                        date: placed.day.date,
                        first_line,
                    },
                    placed.focus.clone(),
                    placed.sentence.clone(),
                ));
            }
        }
        set_aside.extend(asides.into_iter().map(|span| {
            let quoted = text.get(span.clone()).unwrap_or_default().to_string();
            (line_col(text, span.start).0, quoted)
        }));
        arrangements.push(Arrangement {
            festival: item.festival.clone(),
            line: item.header.number,
            days: days.into_iter().map(|p| p.day).collect(),
        });
    }
    Ok(ReadItems {
        arrangements,
        set_aside,
    })
}

/// One arrangement's days and the sentences it set aside.
fn read_item(
    year: i32,
    item: &ItemText,
) -> Result<(Vec<PlacedDay>, Vec<Range<usize>>), NoticeError> {
    let mut reader = Reader::new(year);
    for piece in &item.pieces {
        reader.read(piece.text, piece.start)?;
    }
    if reader.is_empty() {
        let at = item.header.span();
        return Err(NoticeError::new(Problem::EmptyArrangement, at.clone(), at));
    }
    let asides = std::mem::take(&mut reader.asides);
    Ok((reader.finish()?, asides))
}
