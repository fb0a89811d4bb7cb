//! Bytes to text. Exports are UTF-8 (with or without BOM) or, from Chinese Excel, GB18030/GBK.
//! The encoding is detected (a BOM, else UTF-8 if the bytes are valid UTF-8, else GB18030 if that
//! decodes with fewer errors) or forced. Bytes that do not decode are never replaced silently:
//! each bad sequence becomes a U+FFFD in the text and is reported at that place.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

use crate::model::Span;

/// What `--encoding` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    #[default]
    Auto,
    Utf8,
    Gb18030,
}

impl EncodingChoice {
    /// `utf-8`, `utf8`, `gb18030`, `gbk`, `gb2312`, `auto` (any case).
    pub fn parse(s: &str) -> Option<EncodingChoice> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(EncodingChoice::Auto),
            "utf-8" | "utf8" => Some(EncodingChoice::Utf8),
            "gb18030" | "gbk" | "gb2312" | "cp936" => Some(EncodingChoice::Gb18030),
            _ => None,
        }
    }
}

/// A byte sequence that does not decode: where its replacement sits in the text, and the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBytes {
    pub span: Span,
    /// Offset of the bad bytes in the file.
    pub byte_offset: usize,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8`, `gb18030`, `UTF-16LE`…: the encoding's WHATWG name.
    pub encoding: &'static str,
    pub bad: Vec<BadBytes>,
}

pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Decoded {
    let (bom_encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (Some(enc), len),
        None => (None, 0),
    };
    let encoding = match (choice, bom_encoding) {
        (EncodingChoice::Utf8, _) => UTF_8,
        (EncodingChoice::Gb18030, _) => GB18030,
        (EncodingChoice::Auto, Some(enc)) => enc,
        (EncodingChoice::Auto, None) => return detected(bytes),
    };
    // A BOM belongs to its own encoding only; under a forced other encoding it is data.
    let skip = if bom_encoding == Some(encoding) {
        bom_len
    } else {
        0
    };
    decode_with(bytes, skip, encoding)
}

/// Without a BOM: UTF-8 if the bytes are valid UTF-8, else whichever of UTF-8 and GB18030
/// decodes with fewer errors (UTF-8 on a tie); each is decoded once.
fn detected(bytes: &[u8]) -> Decoded {
    let utf8 = decode_with(bytes, 0, UTF_8);
    if utf8.bad.is_empty() {
        return utf8;
    }
    let gb = decode_with(bytes, 0, GB18030);
    if gb.bad.len() < utf8.bad.len() {
        gb
    } else {
        utf8
    }
}

fn decode_with(bytes: &[u8], skip: usize, encoding: &'static Encoding) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut bad = Vec::new();
    let mut consumed = skip;
    loop {
        let input = bytes.get(consumed..).unwrap_or_default();
        if let Some(need) = decoder.max_utf8_buffer_length_without_replacement(input.len()) {
            text.reserve(need);
        }
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut text, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(input.len().max(16)),
            DecoderResult::Malformed(bad_len, after) => {
                let end = consumed - usize::from(after);
                let start = end.saturating_sub(usize::from(bad_len));
                bad.push(BadBytes {
                    span: Span::new(text.len(), '\u{FFFD}'.len_utf8()),
                    byte_offset: start,
                    bytes: bytes.get(start..end).unwrap_or_default().to_vec(),
                });
                text.push('\u{FFFD}');
            }
        }
    }
    Decoded {
        text,
        encoding: if encoding == UTF_8 {
            "UTF-8"
        } else {
            "gb18030"
        },
        bad,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gb(s: &str) -> Vec<u8> {
        GB18030.encode(s).0.into_owned()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("案卷编号,x".as_bytes(), EncodingChoice::Auto);
        assert_eq!(
            (plain.text.as_str(), plain.encoding),
            ("案卷编号,x", "UTF-8")
        );
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice("案卷".as_bytes());
        let d = decode(&with_bom, EncodingChoice::Auto);
        assert_eq!(d.text, "案卷");
        assert!(d.bad.is_empty());
    }

    #[test]
    fn gb18030_is_detected() {
        let d = decode(
            &gb("案卷编号,问题线索\n2025-1-01,中国科学院人事局\n"),
            EncodingChoice::Auto,
        );
        assert_eq!(d.encoding, "gb18030");
        let utf16: Vec<u8> = [0xFF, 0xFE, b'a', 0, b',', 0].to_vec();
        assert_eq!(decode(&utf16, EncodingChoice::Auto).text, "a,");
        assert_eq!(d.text, "案卷编号,问题线索\n2025-1-01,中国科学院人事局\n");
        assert!(d.bad.is_empty());
    }

    #[test]
    fn undecodable_bytes_are_reported_where_they_are() {
        let mut bytes = "ab,".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice(",案".as_bytes());
        let d = decode(&bytes, EncodingChoice::Utf8);
        assert_eq!(d.text, "ab,\u{FFFD},案");
        assert_eq!(d.bad.len(), 1);
        assert_eq!(d.bad[0].span, Span::new(3, 3));
        assert_eq!(
            (d.bad[0].byte_offset, d.bad[0].bytes.clone()),
            (3, vec![0xFF])
        );
    }

    #[test]
    fn forcing_utf8_on_gbk_bytes_reports_instead_of_garbling() {
        let d = decode(&gb("问题"), EncodingChoice::Utf8);
        assert!(!d.bad.is_empty());
        assert!(d.text.contains('\u{FFFD}'));
        let forced = decode(&gb("问题"), EncodingChoice::Gb18030);
        assert_eq!(forced.text, "问题");
    }

    #[test]
    fn choice_names() {
        assert_eq!(EncodingChoice::parse("GBK"), Some(EncodingChoice::Gb18030));
        assert_eq!(EncodingChoice::parse("utf8"), Some(EncodingChoice::Utf8));
        assert_eq!(EncodingChoice::parse("latin1"), None);
    }
}
