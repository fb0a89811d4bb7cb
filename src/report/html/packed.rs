//! How the page's data stays small at 150,000 findings: numbers written without separators,
//! and texts stored once each as lists of shared fragments.
//!
//! A number is written in base 32, most significant digit first; its last digit comes from a
//! second alphabet, so the reader knows where it ends. Small numbers (most of a finding's
//! fields) take one character, a case's index three or four. Every character is plain ASCII
//! that JSON and HTML leave alone.
//!
//! Messages repeat their wording and differ only in dates and numbers (`领导小组审议日期
//! （2021-03-17）晚于…`): a long text is split into runs of digits and runs of the rest, each
//! run stored once, and the text is the list of its runs. 29,000 distinct messages of 9 MB
//! become under 1 MB.

use std::collections::HashMap;

/// Digits that another digit follows.
const MORE: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// A number's last digit.
const LAST: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.";

/// Appends `n` to `out` in the page's number code.
pub fn push_number(out: &mut String, n: u64) {
    push_leading_digits(out, n / 32);
    out.push(digit(LAST, n % 32));
}

/// The digits before the last, most significant first; nothing for 0.
fn push_leading_digits(out: &mut String, n: u64) {
    if n > 0 {
        push_leading_digits(out, n / 32);
        out.push(digit(MORE, n % 32));
    }
}

fn digit(alphabet: &[u8; 32], d: u64) -> char {
    usize::try_from(d)
        .ok()
        .and_then(|d| alphabet.get(d))
        .map_or('0', |b| char::from(*b))
}

/// A signed number as an unsigned one, small either way: 0, -1, 1, -2 … become 0, 1, 2, 3 ….
pub fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

/// Texts stored once each: `id` gives the same index for the same text. Index 0 is the empty
/// text, which the page reads as "none".
pub struct Texts {
    index: HashMap<String, usize>,
    /// For each text, its fragment count then its fragments' indices, in the number code.
    pub table: String,
    fragments: HashMap<String, usize>,
    /// The fragments, in index order.
    pub fragment_list: Vec<String>,
}

/// Texts shorter than this are one fragment: splitting them saves nothing.
const SPLIT_FROM: usize = 24;

impl Texts {
    pub fn new() -> Texts {
        let mut texts = Texts {
            index: HashMap::new(),
            table: String::new(),
            fragments: HashMap::new(),
            fragment_list: Vec::new(),
        };
        texts.id("");
        texts
    }

    /// The index of `s`, made inert first: bidi overrides and control characters from an
    /// export are shown as `\u{…}`, as in every other output.
    pub fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.index.len();
        self.index.insert(s.to_string(), i);
        let inert = crate::text::inert(s.to_string());
        let runs = if inert.len() < SPLIT_FROM {
            vec![inert.as_str()]
        } else {
            runs(&inert)
        };
        push_number(&mut self.table, runs.len() as u64);
        for run in runs {
            let f = self.fragment(run);
            push_number(&mut self.table, f as u64);
        }
        i
    }

    pub fn opt(&mut self, s: Option<&str>) -> usize {
        s.map_or(0, |s| self.id(s))
    }

    fn fragment(&mut self, run: &str) -> usize {
        if let Some(&f) = self.fragments.get(run) {
            return f;
        }
        let f = self.fragment_list.len();
        self.fragment_list.push(run.to_string());
        self.fragments.insert(run.to_string(), f);
        f
    }
}

/// `s` cut where digits start or stop; a `-`, `.` or `:` between two digits stays in the
/// digits' run, so a date or a time is one run.
fn runs(s: &str) -> Vec<&str> {
    let byte = |i: usize| s.as_bytes().get(i).copied().unwrap_or(0);
    let numeric = |i: usize| -> bool {
        let b = byte(i);
        b.is_ascii_digit()
            || (matches!(b, b'-' | b'.' | b':')
                && i > 0
                && byte(i - 1).is_ascii_digit()
                && byte(i + 1).is_ascii_digit())
    };
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..s.len() {
        // Only ASCII bytes are numeric, so a cut never falls inside a character.
        if numeric(i) != numeric(i - 1) {
            out.extend(s.get(start..i));
            start = i;
        }
    }
    out.extend(s.get(start..).filter(|rest| !rest.is_empty()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's decoder, in Rust: the numbers in `code`.
    fn decode(code: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut n = 0u64;
        for c in code.bytes() {
            if let Some(d) = MORE.iter().position(|m| *m == c) {
                n = n * 32 + d as u64;
            } else {
                let d = LAST.iter().position(|m| *m == c).unwrap();
                out.push(n * 32 + d as u64);
                n = 0;
            }
        }
        out
    }

    #[test]
    fn numbers_round_trip_without_separators() {
        let numbers = [0, 1, 31, 32, 1023, 1024, 236_431, u64::from(u32::MAX)];
        let mut code = String::new();
        for n in numbers {
            push_number(&mut code, n);
        }
        assert_eq!(decode(&code), numbers);
        assert_eq!(code.len(), 1 + 1 + 1 + 2 + 2 + 3 + 4 + 7);
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(2), 4);
    }

    #[test]
    fn long_texts_share_their_runs_and_dates_stay_whole() {
        assert_eq!(
            runs("审议日期（2021-03-17）晚于 12:30 第3条"),
            [
                "审议日期（",
                "2021-03-17",
                "）晚于 ",
                "12:30",
                " 第",
                "3",
                "条"
            ]
        );
        let mut t = Texts::new();
        let a = t.id("领导小组审议日期（2021-03-17）晚于党组会审定日期（2021-03-20）");
        let b = t.id("领导小组审议日期（2021-03-18）晚于党组会审定日期（2021-03-20）");
        assert_eq!(
            (
                a,
                t.id("领导小组审议日期（2021-03-17）晚于党组会审定日期（2021-03-20）")
            ),
            (1, 1)
        );
        assert_eq!(b, 2);
        assert_eq!(t.fragment_list.len(), 1 + 5 + 1);
        assert_eq!(t.opt(None), 0);
    }

    #[test]
    fn texts_are_made_inert() {
        let mut t = Texts::new();
        t.id("a\u{202e}b");
        assert_eq!(t.fragment_list[1], "a\\u{202e}b");
    }
}
