//! Source text with its line starts indexed once, so locating a span is a binary search, not a
//! scan from the start of the file (miette's `str` source is quadratic over many findings).
// Indexing here cannot panic: `line_starts` always holds 0, line numbers come from `line_index`
// (so are below its length), offsets are clamped to the text and moved onto char boundaries,
// and `read_span` rejects spans past the end. The fuzz targets render every report format.
#![allow(clippy::indexing_slicing)]

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Long lines (JSON Lines) are clipped to this many bytes around a span.
const CLIP: usize = 160;

pub struct IndexedSource<'a> {
    pub name: String,
    /// The indexed text: the whole file, or a window of whole lines of it (see [`Self::window`]).
    pub text: &'a str,
    /// Where `text` starts in its file: byte offset and 0-based line. Every offset and line this
    /// type takes or returns is the file's, so a window answers as the whole file would.
    base_offset: usize,
    base_line: usize,
    /// Line starts, relative to `text`.
    line_starts: Vec<usize>,
    /// Parts of the text that are files of their own (the tables of a CSV folder or workbook):
    /// start offset and first line (0-based, both relative to `text`) and name, in text order.
    segments: Vec<(usize, usize, String)>,
}

impl<'a> IndexedSource<'a> {
    pub fn new(name: impl Into<String>, text: &'a str) -> Self {
        Self::window(name, text, 0, 0)
    }

    /// An index over part of a file made of whole lines: `text` starts the 0-based line
    /// `base_line`, at byte `base_offset` of the file. It locates and reads spans inside its
    /// lines exactly as an index over the whole file would (context lines must be inside the
    /// window too), so a streaming reader need not hold the file.
    pub fn window(
        name: impl Into<String>,
        text: &'a str,
        base_offset: usize,
        base_line: usize,
    ) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        IndexedSource {
            name: name.into(),
            text,
            base_offset,
            base_line,
            line_starts,
            segments: Vec::new(),
        }
    }

    /// A source whose text holds several files, each from `start` (a line start inside the
    /// text) on, named `name`: lines are then counted from the start of each.
    pub fn with_segments(mut self, segments: impl IntoIterator<Item = (usize, String)>) -> Self {
        self.segments = segments
            .into_iter()
            .map(|(start, name)| {
                let start = self.relative(start);
                (start, self.line_index(start), name)
            })
            .collect();
        self
    }

    /// The offset inside `text` of a file offset, clamped to the text.
    fn relative(&self, offset: usize) -> usize {
        offset.saturating_sub(self.base_offset).min(self.text.len())
    }

    /// The text of a span of the file, if the text holds it whole.
    pub fn slice(&self, offset: usize, len: usize) -> Option<&'a str> {
        let start = offset.checked_sub(self.base_offset)?;
        self.text.get(start..start.checked_add(len)?)
    }

    /// The file offset just past the text.
    pub fn end_offset(&self) -> usize {
        self.base_offset + self.text.len()
    }

    /// The segment holding a text offset: its start, first line and name.
    fn segment(&self, at: usize) -> Option<&(usize, usize, String)> {
        let i = self.segments.partition_point(|s| s.0 <= at);
        self.segments.get(i.checked_sub(1)?)
    }

    /// The file name a span's lines belong to.
    pub fn name_at(&self, offset: usize) -> &str {
        self.segment(self.relative(offset))
            .map_or(&self.name, |s| &s.2)
    }

    /// The lines of the segment holding a text offset, as a range of text lines.
    fn segment_lines(&self, at: usize) -> (usize, usize) {
        let Some(i) = self.segments.iter().rposition(|s| s.0 <= at) else {
            return (0, self.line_starts.len() - 1);
        };
        let first = self.segments[i].1;
        let last = self
            .segments
            .get(i + 1)
            .map_or(self.line_starts.len() - 1, |next| next.1.saturating_sub(1));
        (first, last.max(first))
    }

    /// 0-based line of a text offset, counted from the start of the text.
    fn line_index(&self, at: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= at)
            .saturating_sub(1)
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.base_line + self.line_index(self.relative(offset))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.text_line_col(self.relative(offset))
    }

    /// As [`Self::line_col`], for a text offset.
    fn text_line_col(&self, at: usize) -> (usize, usize) {
        let at = self.floor_boundary(at.min(self.text.len()));
        let line = self.line_index(at);
        let start = self.line_starts[line];
        // Lines count from the start of the segment, else of the file.
        let line_in_file = match self.segment(at) {
            Some(s) => line - s.1,
            None => self.base_line + line,
        };
        (line_in_file + 1, self.text[start..at].chars().count() + 1)
    }

    pub fn line_len_at(&self, offset: usize) -> usize {
        let line = self.line_index(self.relative(offset));
        self.line_end(line) - self.line_starts[line]
    }

    /// How much of a span to underline: a whole record (a "missing field" finding) is marked
    /// by its first line, at most [`CLIP`] bytes, so the snippet stays readable.
    pub fn underline_len(&self, offset: usize, len: usize) -> usize {
        let at = self.relative(offset);
        let line_end = self.line_end(self.line_index(at));
        let len = len.min(self.text.len() - at);
        if len <= CLIP && at + len <= line_end {
            return len;
        }
        self.floor_boundary((at + CLIP / 2).min(line_end).max(at)) - at
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
    memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span
            .offset()
            .checked_sub(self.base_offset)
            .ok_or(MietteError::OutOfBounds)?;
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // Context lines stay inside the span's own file of a multi-file source.
        let (seg_first, seg_last) = self.segment_lines(start);
        let first = self.line_index(start).saturating_sub(before).max(seg_first);
        let last = (self.line_index(end.saturating_sub(usize::from(!span.is_empty())).max(start))
            + after)
            .min(seg_last);
        let mut from = self.line_starts[first];
        let mut to = self.line_end(last);
        // Clip very long lines around the span so a JSON Lines record stays readable.
        if to - from > 2 * CLIP + span.len() {
            from = self.floor_boundary(from.max(start.saturating_sub(CLIP)));
            to = self.ceil_boundary(to.min(end + CLIP));
        }
        let whole_line = self.line_index(from);
        let (line, _) = self.text_line_col(from);
        let column = self.text[self.line_starts[whole_line]..from]
            .chars()
            .count();
        let data = &self.text.as_bytes()[from..to];
        let lines = self.line_index(to) - self.line_index(from) + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name_at(self.base_offset + start).to_string(),
            data,
            SourceSpan::new((self.base_offset + from).into(), to - from),
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
