//! Source text with its line starts indexed once, so locating a span is a binary search, not a
//! scan from the start of the file (miette's `str` source is quadratic over many findings).
// Indexing here cannot panic: `line_starts` always holds 0, line numbers come from `line_of`
// (so are below its length), offsets are clamped to the text and moved onto char boundaries,
// and `read_span` rejects spans past the end. The fuzz targets render every report format.
#![allow(clippy::indexing_slicing)]

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Long lines (JSON Lines) are clipped to this many bytes around a span.
const CLIP: usize = 160;

pub struct IndexedSource<'a> {
    pub name: String,
    pub text: &'a str,
    line_starts: Vec<usize>,
    /// Parts of the text that are files of their own (the tables of a CSV folder or workbook):
    /// start offset, first line (0-based) and name, in text order.
    segments: Vec<(usize, usize, String)>,
}

impl<'a> IndexedSource<'a> {
    pub fn new(name: impl Into<String>, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        IndexedSource {
            name: name.into(),
            text,
            line_starts,
            segments: Vec::new(),
        }
    }

    /// A source whose text holds several files, each from `start` (a line start) on, named
    /// `name`: lines are then counted from the start of each.
    pub fn with_segments(mut self, segments: impl IntoIterator<Item = (usize, String)>) -> Self {
        self.segments = segments
            .into_iter()
            .map(|(start, name)| (start, self.line_of(start), name))
            .collect();
        self
    }

    /// The segment holding `offset`: its first line and name.
    fn segment(&self, offset: usize) -> Option<&(usize, usize, String)> {
        let at = self.segments.partition_point(|s| s.0 <= offset);
        self.segments.get(at.checked_sub(1)?)
    }

    /// The file name a span's lines belong to.
    pub fn name_at(&self, offset: usize) -> &str {
        self.segment(offset).map_or(&self.name, |s| &s.2)
    }

    /// The lines of the segment holding `offset`, as a 0-based range of whole-text lines.
    fn segment_lines(&self, offset: usize) -> (usize, usize) {
        let Some(i) = self.segments.iter().rposition(|s| s.0 <= offset) else {
            return (0, self.line_starts.len() - 1);
        };
        let first = self.segments[i].1;
        let last = self
            .segments
            .get(i + 1)
            .map_or(self.line_starts.len() - 1, |next| next.1.saturating_sub(1));
        (first, last.max(first))
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_boundary(offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let first = self.segment(offset).map_or(0, |s| s.1);
        (
            line - first + 1,
            self.text[start..offset].chars().count() + 1,
        )
    }

    pub fn line_len_at(&self, offset: usize) -> usize {
        let line = self.line_of(offset.min(self.text.len()));
        self.line_end(line) - self.line_starts[line]
    }

    /// How much of a span to underline: a whole record (a "missing field" finding) is marked
    /// by its first line, at most [`CLIP`] bytes, so the snippet stays readable.
    pub fn underline_len(&self, offset: usize, len: usize) -> usize {
        let offset = offset.min(self.text.len());
        let line_end = self.line_end(self.line_of(offset));
        let len = len.min(self.text.len() - offset);
        if len <= CLIP && offset + len <= line_end {
            return len;
        }
        self.floor_boundary((offset + CLIP / 2).min(line_end).max(offset)) - offset
    }

    fn line_end(&self, line: usize) -> usize {
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s - 1);
        if end > self.line_starts[line] && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    fn floor_boundary(&self, mut i: usize) -> usize {
        while i > 0 && !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    fn ceil_boundary(&self, mut i: usize) -> usize {
        while i < self.text.len() && !self.text.is_char_boundary(i) {
            i += 1;
        }
        i
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // Context lines stay inside the span's own file of a multi-file source.
        let (seg_first, seg_last) = self.segment_lines(start);
        let first = self.line_of(start).saturating_sub(before).max(seg_first);
        let last = (self.line_of(end.saturating_sub(usize::from(!span.is_empty())).max(start))
            + after)
            .min(seg_last);
        let mut from = self.line_starts[first];
        let mut to = self.line_end(last);
        // Clip very long lines around the span so a JSON Lines record stays readable.
        if to - from > 2 * CLIP + span.len() {
            from = self.floor_boundary(from.max(start.saturating_sub(CLIP)));
            to = self.ceil_boundary(to.min(end + CLIP));
        }
        let whole_line = self.line_of(from);
        let (line, _) = self.line_col(from);
        let column = self.text[self.line_starts[whole_line]..from]
            .chars()
            .count();
        let data = &self.text.as_bytes()[from..to];
        let lines = self.line_of(to) - self.line_of(from) + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name_at(start).to_string(),
            data,
            SourceSpan::new(from.into(), to - from),
            line - 1,
            column,
            lines,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = IndexedSource::new("f", "ab\n中文x\n\nend");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(3), (2, 1));
        assert_eq!(s.line_col(9), (2, 3));
        assert_eq!(s.line_col(11), (3, 1));
        assert_eq!(s.line_col(12), (4, 1));
    }

    #[test]
    fn segments_count_lines_from_their_own_start() {
        let s = IndexedSource::new("dir", "a,b\n1,2\nx,y\n3,4\n")
            .with_segments([(0, "a.csv".to_string()), (8, "b.csv".to_string())]);
        assert_eq!(s.line_col(4), (2, 1));
        assert_eq!(s.line_col(14), (2, 3));
        assert_eq!(s.name_at(14), "b.csv");
        let contents = s.read_span(&SourceSpan::new(8.into(), 1), 2, 2).unwrap();
        assert_eq!(contents.name(), Some("b.csv"));
        assert_eq!(contents.line(), 0);
        assert_eq!(std::str::from_utf8(contents.data()).unwrap(), "x,y\n3,4\n");
    }

    #[test]
    fn clips_long_lines_around_the_span() {
        let line = format!("{}TARGET{}", "a".repeat(5000), "b".repeat(5000));
        let s = IndexedSource::new("f", &line);
        let span = SourceSpan::new(5000.into(), 6);
        let contents = s.read_span(&span, 0, 0).unwrap();
        assert!(contents.data().len() < 400);
        assert!(
            std::str::from_utf8(contents.data())
                .unwrap()
                .contains("TARGET")
        );
    }
}
