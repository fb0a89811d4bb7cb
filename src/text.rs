//! Bilingual text: every message a user reads exists in Chinese and English.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
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
    let bytes = s.as_bytes();
    // Blocks without a byte that can begin an unsafe character are passed over by a
    // branch-free test the compiler vectorises; the few others are looked at closely.
    const BLOCK: usize = 64;
    bytes.chunks(BLOCK).enumerate().any(|(n, block)| {
        let suspect = block.iter().fold(false, |acc, &b| {
            acc | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
                | (b == 0x7f)
                | (b == 0xc2)
                | (b == 0xe2)
        });
        suspect && unsafe_in(bytes, n * BLOCK, block.len())
    })
}

/// Whether an unsafe character starts in `bytes[from..from + len]`.
fn unsafe_in(bytes: &[u8], from: usize, len: usize) -> bool {
    (from..from + len).any(|i| match bytes.get(i).copied().unwrap_or(0) {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7f => true,
        // U+0080..=U+009F, the C1 controls.
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        // U+202A..=U+202E and U+2066..=U+2069, the bidirectional marks.
        0xe2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    })
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

    proptest::proptest! {
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
