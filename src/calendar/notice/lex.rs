//! Cutting a notice sentence into dates, notes, marks and words.
//!
//! Notices are typed by hand and copied through web pages, so the reader is
//! lenient where meaning is not at stake: full-width and ASCII digits and
//! brackets (even mixed, `（星期六)`), any dash for a range, spaces anywhere.
//! It is strict where it is: a date is `[YYYY年][M月]D日`, nothing looser.

use std::ops::Range;

use super::error::{NoticeError, Problem};

/// One piece of a sentence; `span` is in bytes of the whole notice text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Tok,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    /// `[YYYY年][M月]D日`, as written: the reader fills in year and month.
    Date {
        year: Option<u32>,
        month: Option<u32>,
        day: u32,
    },
    /// Digits that are not part of a date (`共3天`).
    Number(u32),
    /// A bracketed note (`（星期六）`, `（农历除夕、周二）`): its inside.
    Note(String),
    /// `至` or a dash between two dates.
    Through,
    /// `、` between list items.
    And,
    /// `，`, `；` or `：`: the end of a clause.
    Pause,
    /// `。`: the end of a sentence.
    Stop,
    /// Any other run of text.
    Word(String),
}

/// The tokens of `text`, which starts at byte `base` of the notice.
pub(super) fn tokens(text: &str, base: usize) -> Result<Vec<Token>, NoticeError> {
    let mut lexer = Lexer {
        text,
        base,
        pos: 0,
        out: Vec::new(),
        word: None,
    };
    lexer.run()?;
    Ok(lexer.out)
}

struct Lexer<'a> {
    text: &'a str,
    base: usize,
    /// Byte offset into `text`.
    pos: usize,
    out: Vec<Token>,
    /// The word being gathered: where it started and its text so far.
    word: Option<(usize, String)>,
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), NoticeError> {
        while let Some(c) = self.peek() {
            if is_space(c) {
                self.pos += c.len_utf8();
            } else if digit_value(c).is_some() {
                self.flush_word();
                self.number_or_date();
            } else if is_open_bracket(c) {
                self.flush_word();
                self.note()?;
            } else if let Some(kind) = self.mark(c) {
                self.flush_word();
                let start = self.pos;
                self.pos += c.len_utf8();
                self.skip_more_dashes(c);
                self.push(kind, start);
            } else {
                self.word_char(c);
            }
        }
        self.flush_word();
        Ok(())
    }

    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    /// The mark `c` is, if any.  `至` is a range only between dates: inside a
    /// word (`调至`) it is part of the word.
    fn mark(&self, c: char) -> Option<Tok> {
        match c {
            '至' if self.word.is_none() => Some(Tok::Through),
            c if is_dash(c) => Some(Tok::Through),
            '、' => Some(Tok::And),
            '，' | ',' | '；' | ';' | '：' | ':' => Some(Tok::Pause),
            '。' => Some(Tok::Stop),
            _ => None,
        }
    }

    /// `——` is one dash.
    fn skip_more_dashes(&mut self, first: char) {
        if !is_dash(first) {
            return;
        }
        while let Some(c) = self.peek().filter(|c| is_dash(*c)) {
            self.pos += c.len_utf8();
        }
    }

    fn word_char(&mut self, c: char) {
        let start = self.pos;
        self.word
            .get_or_insert_with(|| (start, String::new()))
            .1
            .push(c);
        self.pos += c.len_utf8();
    }

    fn flush_word(&mut self) {
        if let Some((start, text)) = self.word.take() {
            // The word ends where its last character does, not after spaces.
            let end = start + text_len_in_source(self.text, start, &text);
            self.out.push(Token {
                kind: Tok::Word(text),
                span: self.base + start..self.base + end,
            });
        }
    }

    fn push(&mut self, kind: Tok, start: usize) {
        self.out.push(Token {
            kind,
            span: self.base + start..self.base + self.pos,
        });
    }

    /// A date, or else the digits alone as a number.
    fn number_or_date(&mut self) {
        let start = self.pos;
        let first = self.digits();
        let after_number = self.pos;
        match self.date_after(first) {
            Some((year, month, day)) => self.push(Tok::Date { year, month, day }, start),
            None => {
                self.pos = after_number;
                self.push(Tok::Number(first), start);
            }
        }
    }

    /// Reads `年`/`月`/`日` units after the number `first`, in order, up to
    /// `日`; `None` (position left anywhere) if they do not make a date.
    fn date_after(&mut self, first: u32) -> Option<(Option<u32>, Option<u32>, u32)> {
        let (mut year, mut month) = (None, None);
        let mut number = first;
        loop {
            self.skip_spaces();
            let unit = self.peek()?;
            self.pos += unit.len_utf8();
            match unit {
                '年' if year.is_none() && month.is_none() => year = Some(number),
                '月' if month.is_none() => month = Some(number),
                '日' => return Some((year, month, number)),
                _ => return None,
            }
            self.skip_spaces();
            self.peek().filter(|c| digit_value(*c).is_some())?;
            number = self.digits();
        }
    }

    fn skip_spaces(&mut self) {
        while let Some(c) = self.peek().filter(|c| is_space(*c)) {
            self.pos += c.len_utf8();
        }
    }

    /// The value of the digits at the position (saturating: a huge number
    /// is as wrong as any other and is rejected later).
    fn digits(&mut self) -> u32 {
        let mut value: u32 = 0;
        while let Some(c) = self.peek() {
            let Some(d) = digit_value(c) else { break };
            value = value.saturating_mul(10).saturating_add(d);
            self.pos += c.len_utf8();
        }
        value
    }

    fn note(&mut self) -> Result<(), NoticeError> {
        let start = self.pos;
        let open_len = self.peek().map_or(1, char::len_utf8);
        let inside_from = start + open_len;
        let rest = self.text.get(inside_from..).unwrap_or_default();
        let Some(close_at) = rest.find(is_close_bracket) else {
            let span = self.base + start..self.base + self.text.len();
            return Err(NoticeError::new(
                Problem::UnclosedNote,
                self.base + start..self.base + inside_from,
                span,
            ));
        };
        let inside = rest.get(..close_at).unwrap_or_default();
        let close_len = rest
            .get(close_at..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
        self.pos = inside_from + close_at + close_len;
        self.push(Tok::Note(inside.trim().to_string()), start);
        Ok(())
    }
}

/// How many bytes `word` (gathered from `start`, spaces skipped) takes in `text`.
fn text_len_in_source(text: &str, start: usize, word: &str) -> usize {
    let mut want = word.chars().peekable();
    let mut len = 0;
    for c in text.get(start..).unwrap_or_default().chars() {
        if want.peek().is_none() {
            break;
        }
        len += c.len_utf8();
        if want.peek() == Some(&c) {
            want.next();
        }
    }
    len
}

/// ASCII and full-width digits.
pub(super) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(u32::from(c) - u32::from('０')),
        _ => None,
    }
}

pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '—' | '–' | '－' | '~' | '～' | '〜' | '―' | '‐' | '‑'
    )
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '（' | '(')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, '）' | ')')
}
