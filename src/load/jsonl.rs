//! JSON Lines exports: one record per line; blank lines ignored; a broken line is a finding and
//! the lines after it are still read.

use super::Parsed;
use super::json::{error_span, parse_json_value};
use crate::model::{FileId, Span};

pub fn load(text: &str, file: FileId) -> Parsed {
    let mut parsed = Parsed::default();
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(at) = super::guard::json_too_deep(line) {
            super::guard::too_deep(&mut parsed, file, line_start + at);
            continue;
        }
        match parse_json_value(text, line) {
            Ok(node) => parsed.push_node(file, node),
            Err(err) => {
                let at = error_span(line, &err);
                let span = Span::new(line_start + at.offset, at.len);
                parsed.syntax_error(file, span, &err.to_string());
            }
        }
    }
    parsed
}
