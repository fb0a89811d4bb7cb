//! JSON Lines exports: one record per line; blank lines ignored; a broken line is a finding and
//! the lines after it are still read. Lines are parsed in parallel (each is independent), then
//! taken in file order, so the result does not depend on the thread count.

use rayon::prelude::*;

use super::Parsed;
use super::json::{error_span, parse_shallow};
use crate::model::{FileId, Node, Span};

pub fn load(text: &str, file: FileId) -> Parsed {
    load_chunk(text, 0, file)
}

/// As [`load`] for `text`, a chunk of whole lines that starts `base` bytes into its file:
/// spans are offsets into the file.
pub fn load_chunk(text: &str, base: usize, file: FileId) -> Parsed {
    // Each line is taken in (its duplicate keys found, its kind read) where it was parsed,
    // on the workers; only the joining is left in file order.
    let parsed_lines: Vec<Parsed> = lines(text)
        .par_iter()
        .map(|&(line_start, line)| {
            let mut one = Parsed::default();
            match parse_line(text, base + line_start, line) {
                Line::Record(node) => one.push_node(file, node),
                Line::Broken(span, message) => one.syntax_error(file, span, &message),
                Line::TooDeep(offset) => super::guard::too_deep(&mut one, file, offset),
            }
            one
        })
        .collect();
    let mut parsed = Parsed {
        records: Vec::with_capacity(parsed_lines.len()),
        issues: Vec::new(),
    };
    for one in parsed_lines {
        parsed.records.extend(one.records);
        parsed.issues.extend(one.issues);
    }
    parsed
}

/// What one line gave.
enum Line {
    Record(Node),
    Broken(Span, String),
    /// Nested past the limit, at this offset: that line only is refused.
    TooDeep(usize),
}

/// Parses `line`, a slice of `text`; `line_start` is its offset in the file, which `text`
/// starts `line_start - (line - text)` bytes into.
fn parse_line(text: &str, line_start: usize, line: &str) -> Line {
    let text_start = line_start - (line.as_ptr() as usize - text.as_ptr() as usize);
    // A valid line no deeper than the limit, as nearly every line is, is read in one pass;
    // scanning it for its depth first was a tenth of the parse. Any other line takes the
    // careful path: depth, then serde_json's error.
    let within = super::fastjson::parse_within(text, line, text_start, super::MAX_DEPTH);
    if let Some(node) = within {
        return Line::Record(node);
    }
    if let Some(at) = super::guard::json_too_deep(line) {
        return Line::TooDeep(line_start + at);
    }
    match parse_shallow(text, line, text_start) {
        Ok(node) => Line::Record(node),
        Err(err) => {
            let at = error_span(line, &err);
            Line::Broken(Span::new(line_start + at.offset, at.len), err.to_string())
        }
    }
}

/// The non-blank lines with their start offsets, line ends trimmed.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    // Line ends found by the vectorised memchr: splitting on a char searched a byte at a time,
    // 3% of a check.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|newline| newline + 1)
        .chain(std::iter::once(text.len()));
    for end in ends {
        // Both ends follow a newline byte (or are the text's ends): char boundaries.
        let raw_line = text.get(line_start..end).unwrap_or_default();
        let start = std::mem::replace(&mut line_start, end);
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if !line.trim().is_empty() {
            out.push((start, line));
        }
    }
    out
}
