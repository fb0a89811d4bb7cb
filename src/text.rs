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

/// `s` with each unsafe character (see [`is_unsafe_char`]) written as a `\u{…}` escape.
pub fn inert(s: String) -> String {
    if !s.chars().any(is_unsafe_char) {
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
    if !s.chars().any(is_unsafe_char) {
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
    if !s.chars().any(is_unsafe_char) {
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
