//! Bilingual text: every message a user reads exists in Chinese and English.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `--lang` wins; otherwise `LANG` starting with `en` gives English; Chinese by default.
    pub fn detect(flag: Option<Lang>) -> Lang {
        flag.unwrap_or_else(|| match std::env::var("LANG") {
            Ok(v) if v.to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    /// A message; control characters an export value brought into it (terminal escapes, BEL,
    /// bidirectional overrides) are shown as `\u{…}` escapes, so no report can carry them.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            zh: inert(zh.into()),
            en: inert(en.into()),
        }
    }

    /// Drops the text of the other language: a sweep holds a finding's message until the end,
    /// and reports read it in one language only.
    pub fn keep_only(&mut self, lang: Lang) {
        match lang {
            Lang::Zh => self.en = String::new(),
            Lang::En => self.zh = String::new(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh)
    }
}

/// Whether `c` could act on a terminal or reorder text when printed: C0 and C1 controls other
/// than tab and line breaks, DEL, and the bidirectional embedding, override and isolate marks.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` holds an unsafe character (see [`is_unsafe_char`]), decided on its UTF-8 bytes:
/// every message and every shown line is checked, and decoding each character was a tenth of
/// a large check's time.
pub fn has_unsafe_char(s: &str) -> bool {
    first_suspect_block(s.as_bytes(), 0)
        .is_some_and(|start| next_unsafe_char(s.as_bytes(), start).is_some())
}

/// Bytes are tested this many at a time: a block the compiler vectorises, small enough that a
/// suspect one is cheap to look at byte by byte.
const BLOCK: usize = 64;

/// The start of the first block of `BLOCK` bytes, from `from` on, holding a byte that can begin
/// an unsafe character. Blocks without one are passed over by a branch-free test the compiler
/// vectorises; the few others are looked at closely.
fn first_suspect_block(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let n = rest.chunks(BLOCK).position(|block| {
        block.iter().fold(false, |acc, &b| {
            acc | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
                | (b == 0x7f)
                | (b == 0xc2)
                | (b == 0xe2)
        })
    })?;
    Some(from + n * BLOCK)
}

/// The first unsafe character starting at or after `from`: its offset, the character, and how
/// many bytes it takes.
fn next_unsafe_char(bytes: &[u8], mut from: usize) -> Option<(usize, char, usize)> {
    while let Some(start) = first_suspect_block(bytes, from) {
        let end = (start + BLOCK).min(bytes.len());
        if let Some((at, (c, len))) =
            (start..end).find_map(|i| Some((i, unsafe_char_at(bytes, i)?)))
        {
            return Some((at, c, len));
        }
        from = end;
    }
    None
}

/// `s` with each unsafe character (see [`is_unsafe_char`]) written as a `\u{…}` escape.
pub fn inert(s: String) -> String {
    if !has_unsafe_char(&s) {
        return s;
    }
    s.chars()
        .map(|c| {
            if is_unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `s` with each unsafe character replaced by as many `?` as it has bytes: for showing source
/// text, whose byte offsets must not move.
pub fn inert_same_length(s: String) -> String {
    if !has_unsafe_char(&s) {
        return s;
    }
    s.chars()
        .map(|c| {
            if is_unsafe_char(c) {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// JSON text with each unsafe character (see [`is_unsafe_char`]) written as a `\uXXXX` escape:
/// the same JSON to any parser, but inert on a terminal. (serde_json escapes C0 controls
/// itself; DEL, C1 controls and bidirectional marks it writes raw.) Unsafe characters are all
/// in the Basic Multilingual Plane, so one escape each suffices.
pub fn json_inert(s: String) -> String {
    if !has_unsafe_char(&s) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A writer that passes JSON text on with each unsafe character written as a `\uXXXX` escape,
/// as [`json_inert`] does, without holding the text: reports are written as they are made.
/// A character split across two writes is held until its last byte arrives, so an escape
/// never depends on where the writes fell.
pub struct JsonInertWriter<W: std::io::Write> {
    inner: W,
    /// The first bytes of a character whose remaining bytes have not been written yet.
    pending: Vec<u8>,
}

impl<W: std::io::Write> JsonInertWriter<W> {
    pub fn new(inner: W) -> JsonInertWriter<W> {
        JsonInertWriter {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes what is still held (only an incomplete character, passed on as it came) and
    /// flushes: call it when the text is complete.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.inner.write_all(&self.pending)?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    /// Completes the held character with the first bytes of `buf` and writes it once whole;
    /// returns how many bytes of `buf` it took.
    fn complete_pending(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Some(&lead) = self.pending.first() else {
            return Ok(0);
        };
        let missing = utf8_len(lead).saturating_sub(self.pending.len());
        let taken = missing.min(buf.len());
        self.pending
            .extend_from_slice(buf.get(..taken).unwrap_or_default());
        if taken == missing {
            let character = std::mem::take(&mut self.pending);
            write_json_inert(&mut self.inner, &character)?;
        }
        Ok(taken)
    }
}

impl<W: std::io::Write> std::io::Write for JsonInertWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let taken = self.complete_pending(buf)?;
        let rest = buf.get(taken..).unwrap_or_default();
        let whole = rest.len() - incomplete_tail(rest);
        let (complete, tail) = rest.split_at(whole);
        write_json_inert(&mut self.inner, complete)?;
        self.pending.extend_from_slice(tail);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// How many bytes the UTF-8 character led by `lead` has (1 for a byte that cannot lead one,
/// which is passed on as it is).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// How many bytes at the end of `bytes` begin a character that is not complete yet.
fn incomplete_tail(bytes: &[u8]) -> usize {
    let is_lead = |i: &usize| bytes.get(*i).is_some_and(|b| !(0x80..0xc0).contains(b));
    let last_lead = (bytes.len().saturating_sub(3)..bytes.len())
        .rev()
        .find(is_lead);
    match last_lead.and_then(|i| Some((bytes.len() - i, *bytes.get(i)?))) {
        Some((tail, lead)) if utf8_len(lead) > tail => tail,
        _ => 0,
    }
}

/// The unsafe character (see [`is_unsafe_char`]) whose UTF-8 bytes start at `bytes[i]`, and
/// how many bytes it takes.
fn unsafe_char_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let next = |k: usize| bytes.get(i + k).copied();
    let (code, len) = match (next(0)?, next(1), next(2)) {
        (b'\t' | b'\n' | b'\r', _, _) => return None,
        (b @ (0..0x20 | 0x7f), _, _) => (u32::from(b), 1),
        // U+0080..=U+009F, the C1 controls.
        (0xc2, Some(b @ 0x80..=0x9f), _) => (u32::from(b), 2),
        // U+202A..=U+202E and U+2066..=U+2069, the bidirectional marks.
        (0xe2, Some(b1 @ 0x80), Some(b2 @ 0xaa..=0xae))
        | (0xe2, Some(b1 @ 0x81), Some(b2 @ 0xa6..=0xa9)) => (
            0x2000 | (u32::from(b1 & 0x3f) << 6) | u32::from(b2 & 0x3f),
            3,
        ),
        _ => return None,
    };
    Some((char::from_u32(code)?, len))
}

/// Writes `bytes` with each unsafe character as a `\uXXXX` escape, the rest unchanged.
fn write_json_inert(out: &mut impl std::io::Write, bytes: &[u8]) -> std::io::Result<()> {
    let mut written = 0;
    while let Some((at, c, len)) = next_unsafe_char(bytes, written) {
        out.write_all(bytes.get(written..at).unwrap_or_default())?;
        write!(out, "\\u{:04x}", u32::from(c))?;
        written = at + len;
    }
    out.write_all(bytes.get(written..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind_of_unsafe_character_by_its_bytes() {
        for unsafe_text in [
            "a\u{1b}[31m",
            "\u{7f}",
            "x\u{85}",
            "\u{9f}",
            "\u{202e}",
            "\u{2069}",
        ] {
            assert!(has_unsafe_char(unsafe_text), "{unsafe_text:?}");
        }
        for safe in [
            "中文“引号”…",
            "\t\n\r",
            "\u{a0}",
            "\u{2029}",
            "\u{206a}",
            "\u{2029}",
        ] {
            assert!(!has_unsafe_char(safe), "{safe:?}");
        }
    }

    #[test]
    fn finds_marks_across_the_blocks_it_scans_by() {
        for at in 0..140 {
            let pad = "a".repeat(at);
            assert!(has_unsafe_char(&format!("{pad}\u{202e}")), "{at}");
            assert!(has_unsafe_char(&format!("{pad}\u{85}x")), "{at}");
            assert!(!has_unsafe_char(&format!("{pad}“中”\n")), "{at}");
        }
    }

    /// `text` through a [`JsonInertWriter`], written in pieces cut at `cuts` (byte offsets).
    fn written_in_pieces(text: &str, cuts: &[usize]) -> String {
        use std::io::Write;
        let mut writer = JsonInertWriter::new(Vec::new());
        let mut from = 0;
        for &cut in cuts.iter().chain([&text.len()]) {
            let cut = cut.clamp(from, text.len());
            writer.write_all(&text.as_bytes()[from..cut]).unwrap();
            from = cut;
        }
        String::from_utf8(writer.finish().unwrap()).unwrap()
    }

    #[test]
    fn the_inert_writer_escapes_a_character_split_across_writes() {
        let text = "单位\u{202e}名\u{85}称\u{1b}[31m\u{7f}\u{2066}x";
        let expected = json_inert(text.to_string());
        assert_eq!(expected, "单位\\u202e名\\u0085称\\u001b[31m\\u007f\\u2066x");
        for cut in 0..=text.len() {
            assert_eq!(written_in_pieces(text, &[cut]), expected, "cut at {cut}");
        }
        let every_byte: Vec<usize> = (0..text.len()).collect();
        assert_eq!(written_in_pieces(text, &every_byte), expected);
    }

    #[test]
    fn the_inert_writer_passes_safe_text_unchanged() {
        let text = "{\n  \"unit\": \"中国科学院 \u{a0}\u{2029}\u{206a}😀\"\n}\n";
        for cut in 0..=text.len() {
            assert_eq!(written_in_pieces(text, &[cut, cut + 1]), text);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_inert_writer_agrees_with_json_inert_wherever_the_writes_fall(
            s in "[a\u{80}-\u{a0}\u{2020}-\u{2030}\u{2060}-\u{206f}\u{7f}\u{1b}\n😀]{0,12}",
            cuts in proptest::collection::vec(0usize..40, 0..4),
        ) {
            let mut cuts = cuts;
            cuts.sort_unstable();
            proptest::prop_assert_eq!(written_in_pieces(&s, &cuts), json_inert(s.clone()));
        }

        #[test]
        fn the_byte_test_agrees_with_the_character_test(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(has_unsafe_char(&s), s.chars().any(is_unsafe_char));
        }

        #[test]
        fn the_byte_test_agrees_near_the_marks(s in "[a\u{80}-\u{a0}\u{2020}-\u{2030}\u{2060}-\u{206f}\u{7f}\n]{0,12}") {
            proptest::prop_assert_eq!(has_unsafe_char(&s), s.chars().any(is_unsafe_char));
        }
    }
}
