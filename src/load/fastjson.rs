//! A single-pass JSON parser building the [`Node`] tree with byte spans directly.
//!
//! Why: `json::build` re-parses each nested value from its `RawValue` slice, so every byte is
//! scanned once per nesting level and every level allocates twice; on large JSON Lines exports
//! that made parsing the bottleneck. This parser reads each byte once. It accepts exactly what
//! serde_json accepts for a value followed by whitespace; on any error it returns `None` and the
//! caller falls back to serde_json, so error messages and their positions stay serde_json's.

use crate::model::{Key, Node, Span, Value};

/// Parses `part`, a slice of `whole`, into a node tree whose spans are offsets into `whole`.
/// `None` when `part` is not exactly one valid JSON value (surrounded by whitespace).
/// Every span is moved on by `shift` bytes: `whole` may be a chunk of a larger file that
/// starts `shift` bytes in.
pub fn parse_shifted(whole: &str, part: &str, shift: usize) -> Option<Node> {
    parse_within(whole, part, shift, MAX_DEPTH)
}

/// As [`parse_shifted`], also `None` when containers nest deeper than `max_depth`.
pub fn parse_within(whole: &str, part: &str, shift: usize, max_depth: usize) -> Option<Node> {
    let base = part.as_ptr() as usize - whole.as_ptr() as usize + shift;
    let mut p = Parser {
        text: part,
        s: part.as_bytes(),
        i: 0,
        base,
        depth: 0,
        max_depth: max_depth.min(MAX_DEPTH),
    };
    p.ws();
    let node = p.value()?;
    p.ws();
    (p.i == p.s.len()).then_some(node)
}

struct Parser<'a> {
    text: &'a str,
    s: &'a [u8],
    i: usize,
    base: usize,
    depth: usize,
    max_depth: usize,
}

/// serde_json's default recursion limit.
const MAX_DEPTH: usize = 128;

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.i += 1)
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(self.base + start, self.i - start)
    }

    fn value(&mut self) -> Option<Node> {
        let start = self.i;
        let value = match self.peek()? {
            b'{' => self.nested(Self::map)?,
            b'[' => self.nested(Self::list)?,
            b'"' => Value::Text(self.string()?),
            b't' => self.word(b"true", Value::Bool(true))?,
            b'f' => self.word(b"false", Value::Bool(false))?,
            b'n' => self.word(b"null", Value::Null)?,
            _ => self.number()?,
        };
        Some(Node::new(value, self.span_from(start)))
    }

    /// A date field's text, kept as the date when written exactly `YYYY-MM-DD` (read here once,
    /// without copying the text; see [`super::dated`]).
    fn date_text(&mut self) -> Option<Node> {
        let start = self.i;
        let value = super::date_or_text(self.text()?);
        Some(Node::new(value, self.span_from(start)))
    }

    fn nested(&mut self, f: fn(&mut Self) -> Option<Value>) -> Option<Value> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return None;
        }
        let v = f(self);
        self.depth -= 1;
        v
    }

    /// The input from the current position on (empty past the end).
    fn rest(&self) -> &[u8] {
        self.s.get(self.i..).unwrap_or_default()
    }

    fn word(&mut self, w: &[u8], v: Value) -> Option<Value> {
        self.rest().starts_with(w).then(|| {
            self.i += w.len();
            v
        })
    }

    fn map(&mut self) -> Option<Value> {
        self.i += 1;
        let mut entries = Vec::new();
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(Value::Map(entries));
        }
        loop {
            self.ws();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.key()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            // Only a string can be a date's text: the name is looked at for strings alone.
            let value = if self.peek()? == b'"' && key.is_date() {
                self.date_text()?
            } else {
                self.value()?
            };
            entries.push((key, value));
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(Value::Map(entries));
                }
                _ => return None,
            }
        }
    }

    fn list(&mut self) -> Option<Value> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']').is_some() {
            return Some(Value::List(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(Value::List(items));
                }
                _ => return None,
            }
        }
    }

    /// A string at `"`: its unescaped text. The input is `&str`, so bytes are valid UTF-8.
    fn string(&mut self) -> Option<String> {
        self.text().map(std::borrow::Cow::into_owned)
    }

    /// A map key: a field name of the export format is numbered without copying its text.
    fn key(&mut self) -> Option<Key> {
        Some(match self.text()? {
            std::borrow::Cow::Borrowed(text) => Key::new(text),
            std::borrow::Cow::Owned(text) => Key::from_string(text),
        })
    }

    /// A string's text, borrowed from the input unless it has escapes.
    fn text(&mut self) -> Option<std::borrow::Cow<'a, str>> {
        self.i += 1;
        let start = self.i;
        // Fast path: no escapes, copy the slice once. Both scans are vectorised: strings are
        // most of an export's bytes, and a byte at a time was a sixth of a check.
        let end = start + memchr::memchr2(b'"', b'\\', self.rest())?;
        let plain = self.s.get(start..end)?;
        if plain.iter().fold(false, |control, &b| control | (b < 0x20)) {
            return None;
        }
        if self.s.get(end) == Some(&b'"') {
            self.i = end + 1;
            // Both ends sit next to an ASCII quote, so they are char boundaries: no re-validation.
            return Some(std::borrow::Cow::Borrowed(&self.text[start..end]));
        }
        let mut out: Vec<u8> = plain.to_vec();
        self.i = end;
        loop {
            let b = self.peek()?;
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok().map(std::borrow::Cow::Owned),
                b'\\' => self.escape(&mut out)?,
                0..0x20 => return None,
                _ => out.push(b),
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let b = self.peek()?;
        self.i += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode()?,
            _ => return None,
        };
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        Some(())
    }

    /// `\uXXXX` (after `\u`), joining a surrogate pair; a lone surrogate is an error, as in
    /// serde_json.
    fn unicode(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        if !(0xD800..0xE000).contains(&hi) {
            return char::from_u32(hi);
        }
        if hi >= 0xDC00 || !self.rest().starts_with(b"\\u") {
            return None;
        }
        self.i += 2;
        let lo = self.hex4()?;
        if !(0xDC00..0xE000).contains(&lo) {
            return None;
        }
        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.i..self.i + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        self.i += 4;
        u32::from_str_radix(text, 16).ok()
    }

    /// A JSON number: an integer that fits i64 is `Int`, anything else `Float` (as
    /// serde_json's `as_i64`, then `as_f64`).
    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        self.eat(b'-');
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        let mut integer = true;
        if self.eat(b'.').is_some() {
            integer = false;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            self.some_digits()?;
        }
        let text = std::str::from_utf8(self.s.get(start..self.i)?).ok()?;
        // serde_json keeps the sign of `-0` by reading it as a float.
        if integer
            && text != "-0"
            && let Ok(i) = text.parse::<i64>()
        {
            return Some(Value::Int(i));
        }
        let f: f64 = text.parse().ok()?;
        // serde_json rejects numbers out of f64's range.
        f.is_finite().then_some(Value::Float(f))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let start = self.i;
        self.digits();
        (self.i > start).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::json::{parse_json_value, serde_value};

    /// The loader (fast parser, serde_json on its refusal) gives what serde_json alone gives;
    /// whatever the input.
    fn same(text: &str) {
        let with_fast = parse_json_value(text, text).map_err(|e| e.to_string());
        let serde_only = serde_value(text, text).map_err(|e| e.to_string());
        assert_eq!(with_fast, serde_only, "{text}");
    }

    #[test]
    fn agrees_with_serde_json() {
        for t in [
            r#"{"a": 1, "b": [true, false, null], "c": {"d": "x\"y\\u00e9\ud83d\ude00"}}"#,
            r#" {"a":-0.5e3,"b":12345678901234567890,"c":-9223372036854775808} "#,
            r#"{"k": "中文", "k": "dup"}"#,
            "[]",
            "{}",
            "\"\\ud800\"",
            "[1,]",
            "{\"a\":1}x",
            "01",
            "1.",
            "\"a\tb\"",
            "[1e400]",
            "-",
            "nul",
            "-0",
            "[-0.0, 1E2, 0.1, 3]",
        ] {
            same(t);
        }
        // Ordinary records take the fast path.
        assert!(
            parse_shifted(
                r#"{"a": [1, -2.5, "x\n"], "b": null}"#,
                r#"{"a": [1, -2.5, "x\n"], "b": null}"#,
                0
            )
            .is_some()
        );
    }

    /// A date field written exactly `YYYY-MM-DD` is read once, as the date, by both readers;
    /// any other text, or that text in a field that is not a date, stays text.
    #[test]
    fn date_fields_in_the_canonical_form_are_read_as_dates() {
        let text = r#"{"entered_on": "2025-03-14", "on": "2025-3-14", "case_id": "2025-03-14",
            "x_on": "2025-03-14", "report": {"submitted_on": "2025-02-30"},
            "clues": [{"received_on": "2025-01-0\u0032"}]}"#;
        same(text);
        let node = parse_json_value(text, text).unwrap();
        let at = |path: &str| node.get_path(path).map(|n| n.value.clone());
        let day = |d: u32| Value::Date(chrono::NaiveDate::from_ymd_opt(2025, 3, d).unwrap());
        assert_eq!(at("entered_on"), Some(day(14)));
        assert_eq!(at("on"), Some(Value::Text("2025-3-14".into())));
        assert_eq!(at("case_id"), Some(Value::Text("2025-03-14".into())));
        assert_eq!(
            at("x_on"),
            Some(Value::Text("2025-03-14".into())),
            "not a field of the format"
        );
        assert_eq!(
            at("report.submitted_on"),
            Some(Value::Text("2025-02-30".into()))
        );
        let clue = node.get("clues").and_then(Node::as_list).unwrap()[0].clone();
        assert_eq!(
            clue.get("received_on").map(|n| n.value.clone()),
            Some(Value::Date(
                chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap()
            ))
        );
    }

    #[test]
    fn shifted_spans_are_offsets_into_the_file() {
        let chunk = "{\"a\": 1}";
        let node = parse_shifted(chunk, chunk, 1000).unwrap();
        assert_eq!(node.span, Span::new(1000, chunk.len()));
        assert_eq!(node.get("a").unwrap().span, Span::new(1006, 1));
    }

    #[test]
    fn spans_are_offsets_into_the_whole_text() {
        let whole = "xx{\"a\": [1, \"b\"]}";
        let node = parse_shifted(whole, &whole[2..], 0).unwrap();
        assert_eq!(node.span, Span::new(2, whole.len() - 2));
        let a = node.get("a").unwrap();
        assert_eq!(
            &whole[a.span.offset..a.span.offset + a.span.len],
            "[1, \"b\"]"
        );
    }

    proptest::proptest! {
        #[test]
        fn agrees_on_arbitrary_text(text in r#"[\[\]{}",:0-9eE.+\-tfrulnasb\\ \t中]{0,40}"#) {
            same(&text);
        }
    }
}
