//! Each finding's place, computed before rendering: the reports read these, never the source
//! text, so a run that streams its input need not keep the text until the report is written.

use std::collections::BTreeMap;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::source::IndexedSource;
use super::{Place, index_sources};
use crate::finding::Finding;
use crate::model::{FileId, Grid, SourceFile, Span};

/// Lines longer than this (JSON Lines records) are shown without context lines: their
/// neighbours are other records, noise and very long.
pub const LONG_LINE: usize = 300;

/// How many characters of a table cell a label quotes.
const CELL_TEXT_CHARS: usize = 40;

/// Where one span of a source file is, and what a report shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub place: Place,
    /// 1-based line and column just past the span.
    pub end: (usize, usize),
    /// The snippet of the human format; `None` unless asked for (it costs memory per finding).
    /// Boxed, so the many locations without one stay small.
    pub excerpt: Option<Box<Excerpt>>,
}

impl Location {
    /// A span of a file the run does not have: line 1, column 1, no name.
    pub fn unknown(span: Span) -> Location {
        Location {
            place: Place {
                file: String::new(),
                line: 1,
                column: 1,
                offset: span.offset,
                length: span.len,
                cell: None,
            },
            end: (1, 1),
            excerpt: None,
        }
    }
}

/// A location with neither excerpt nor table cell, in three numbers: what a streaming run keeps
/// of each finding until the report (a whole location, its file name and map entry, was twice
/// the finding's own size). [`Spot::location`] gives back the location it was taken from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    line: u32,
    column: u32,
    end: (u32, u32),
}

impl Spot {
    /// `None` for a location that holds more than a spot can (an excerpt, a cell, a line or
    /// column past four billion).
    pub fn of(location: &Location) -> Option<Spot> {
        let p = &location.place;
        if location.excerpt.is_some() || p.cell.is_some() {
            return None;
        }
        let small = |n: usize| u32::try_from(n).ok();
        Some(Spot {
            line: small(p.line)?,
            column: small(p.column)?,
            end: (small(location.end.0)?, small(location.end.1)?),
        })
    }

    /// The location of `span` in the file shown as `file`.
    pub fn location(self, file: &str, span: Span) -> Location {
        let wide = |n: u32| n as usize;
        Location {
            place: Place {
                file: file.to_string(),
                line: wide(self.line),
                column: wide(self.column),
                offset: span.offset,
                length: span.len,
                cell: None,
            },
            end: (wide(self.end.0), wide(self.end.1)),
            excerpt: None,
        }
    }
}

/// What miette needs to draw one finding's snippet, copied out of the source text.
///
/// miette's graphical handler, given one label, reads the source twice: the label with the
/// handler's context lines, and the label with none. An excerpt holds the source's answers to
/// exactly those two requests, so it draws what the whole text would have drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Excerpt {
    /// The label's start (clamped to the file) and how much of it to underline.
    pub label: (usize, usize),
    /// Context lines to draw around the label's line: 0 for a long line, else 1.
    pub context_lines: usize,
    /// The start of the span's text, for a finding in a table cell: the label quotes it.
    pub cell_text: Option<String>,
    /// The source's answer for the label without context lines (`None`: it could not read it).
    bare: Option<Snippet>,
    /// The answer with `context_lines` around it; `None` when `context_lines` is 0.
    with_context: Option<Snippet>,
}

/// One answer of [`SourceCode::read_span`], owned.
#[derive(Debug, Clone, PartialEq)]
struct Snippet {
    name: Option<String>,
    data: Vec<u8>,
    span: SourceSpan,
    line: usize,
    column: usize,
    line_count: usize,
}

impl Snippet {
    fn read(source: &IndexedSource, label: SourceSpan, context_lines: usize) -> Option<Snippet> {
        let contents = source
            .read_span(&label, context_lines, context_lines)
            .ok()?;
        Some(Snippet {
            name: contents.name().map(str::to_string),
            data: contents.data().to_vec(),
            span: *contents.span(),
            line: contents.line(),
            column: contents.column(),
            line_count: contents.line_count(),
        })
    }
}

impl Excerpt {
    /// The 1-based line of the label, as the snippet numbers it.
    pub fn line_number(&self) -> usize {
        self.bare.as_ref().map_or(1, |b| b.line + 1)
    }

    /// This excerpt as drawn in `columns` terminal columns of source text, with a label text
    /// `label_columns` wide beside its marker. When the label's line is wider, only that line is
    /// drawn, clipped around the label: a wrapped line would carry the marker away from its
    /// value.
    pub fn fitted(&self, columns: usize, label_columns: usize) -> std::borrow::Cow<'_, Excerpt> {
        use std::borrow::Cow;
        let Some(bare) = &self.bare else {
            return Cow::Borrowed(self);
        };
        let Ok(text) = std::str::from_utf8(&bare.data) else {
            return Cow::Borrowed(self);
        };
        let line = text.trim_end_matches(['\n', '\r']);
        let label_at = self
            .label
            .0
            .saturating_sub(bare.span.offset())
            .min(line.len());
        if line.contains('\n') || !line.is_char_boundary(label_at) {
            return Cow::Borrowed(self);
        }
        let fits = |s: &Snippet| {
            String::from_utf8_lossy(&s.data)
                .lines()
                .all(|l| UnicodeWidthStr::width(l) <= columns)
        };
        if self.with_context.as_ref().map_or(fits(bare), fits) {
            return Cow::Borrowed(self);
        }
        // miette hangs the label's text from the middle of the underline.
        let underline = UnicodeWidthStr::width(
            line.get(label_at..(label_at + self.label.1).min(line.len()))
                .unwrap_or_default(),
        );
        let marker = underline.div_ceil(2) + 4 + label_columns;
        // Room left of the label: what the marker and its text leave, at most half the width so
        // a short value sits near the middle with context on both sides.
        let before = columns.saturating_sub(marker).min(columns / 2);
        let from = start_within(line, label_at, before);
        let to = end_within(line, from, columns);
        // An underline the window cuts anyway need not hold the window's end back.
        let keep_to = match label_at + self.label.1 {
            end if end > to => label_at + 1,
            end => end,
        };
        let (from, to) = (
            token_start(line, from, label_at),
            token_end(line, to, keep_to),
        );
        let clipped = Snippet {
            data: line.as_bytes().get(from..to).unwrap_or_default().to_vec(),
            span: SourceSpan::new((bare.span.offset() + from).into(), to - from),
            line_count: 1,
            ..bare.clone()
        };
        let underlined = (self.label.0 + self.label.1).min(bare.span.offset() + to);
        Cow::Owned(Excerpt {
            label: (self.label.0, underlined.saturating_sub(self.label.0)),
            context_lines: 0,
            cell_text: self.cell_text.clone(),
            bare: Some(clipped),
            with_context: None,
        })
    }
}

/// How far a clipped excerpt's edge may move to fall between tokens, in bytes.
const TOKEN_SLACK: usize = 24;

/// Where JSON, YAML and CSV text may be cut without halving a value.
fn between_tokens(b: u8) -> bool {
    matches!(b, b' ' | b',' | b':' | b'{' | b'[')
}

/// `from` moved forward past a separator when one is near, so the excerpt does not open
/// with half a value; never past `limit` (the label's start).
fn token_start(line: &str, from: usize, limit: usize) -> usize {
    if from == 0 {
        return 0;
    }
    let window = line
        .as_bytes()
        .get(from..limit.min(from + TOKEN_SLACK).max(from))
        .unwrap_or_default();
    window
        .iter()
        .position(|&b| between_tokens(b))
        .map_or(from, |i| {
            let after = from + i + 1;
            // A separator's following blanks open nothing either.
            after
                + line
                    .as_bytes()
                    .get(after..limit)
                    .map_or(0, |rest| rest.iter().take_while(|&&b| b == b' ').count())
        })
}

/// `to` moved back to just after a separator when one is near, so the excerpt does not end
/// with half a date; never before `limit` (the label's end).
fn token_end(line: &str, to: usize, limit: usize) -> usize {
    if to >= line.len() {
        return to;
    }
    let start = to.saturating_sub(TOKEN_SLACK).max(limit).min(to);
    line.as_bytes()
        .get(start..to)
        .unwrap_or_default()
        .iter()
        .rposition(|&b| between_tokens(b))
        .map_or(to, |i| start + i + 1)
}

/// The byte offset to start at so that at most `columns` columns of `line` show before `at`.
fn start_within(line: &str, at: usize, columns: usize) -> usize {
    let mut used = 0;
    let mut from = at;
    for (i, c) in line[..at].char_indices().rev() {
        used += UnicodeWidthChar::width(c).unwrap_or(0);
        if used > columns {
            break;
        }
        from = i;
    }
    from
}

/// The byte offset to end at so that `line[from..end]` takes at most `columns` columns.
fn end_within(line: &str, from: usize, columns: usize) -> usize {
    let mut used = 0;
    for (i, c) in line[from..].char_indices() {
        used += UnicodeWidthChar::width(c).unwrap_or(0);
        if used > columns {
            return from + i;
        }
    }
    line.len()
}

impl SourceCode for Excerpt {
    /// The stored answer for the context asked: none, or the excerpt's context lines.
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let snippet = if before == 0 && after == 0 {
            &self.bare
        } else {
            &self.with_context
        };
        let s = snippet.as_ref().ok_or(MietteError::OutOfBounds)?;
        let (data, span, line, column, count) = (&s.data, s.span, s.line, s.column, s.line_count);
        Ok(Box::new(match &s.name {
            Some(name) => {
                MietteSpanContents::new_named(name.clone(), data, span, line, column, count)
            }
            None => MietteSpanContents::new(data, span, line, column, count),
        }))
    }
}

/// The locations of one run, by file and span (a location depends on nothing else).
///
/// A B-tree, not a hash map: a run with a hundred thousand findings holds as many locations,
/// and a hash map doubling its table held the old and the new one at once, the largest peak of
/// a gigabyte sweep.
#[derive(Debug, Default)]
pub struct Locations {
    by_span: BTreeMap<(FileId, Span), Location>,
    /// Where the human report gets the excerpts its locations lack, as it writes.
    later: Option<LaterExcerpts>,
}

/// Excerpts made when the report asks for them, in the order it asks (the findings' order):
/// a gigabyte sweep's findings then never hold their snippets all at once.
pub struct LaterExcerpts(std::cell::RefCell<Box<ExcerptSource>>);

/// Gives the excerpt of a span, or the error that kept it from reading the file.
pub type ExcerptSource = dyn FnMut(FileId, Span) -> std::io::Result<Option<Excerpt>>;

impl std::fmt::Debug for LaterExcerpts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LaterExcerpts")
    }
}

impl Locations {
    /// These locations, with the excerpts they lack made by `source` when asked.
    pub fn with_later_excerpts(mut self, source: Box<ExcerptSource>) -> Locations {
        self.later = Some(LaterExcerpts(std::cell::RefCell::new(source)));
        self
    }

    /// The excerpt of a span: its location's, else one made now (`None` for a span of no file
    /// the run has).
    pub fn excerpt(
        &self,
        key: (FileId, Span),
    ) -> std::io::Result<Option<std::borrow::Cow<'_, Excerpt>>> {
        if let Some(e) = self.get(key).and_then(|l| l.excerpt.as_deref()) {
            return Ok(Some(std::borrow::Cow::Borrowed(e)));
        }
        let Some(mut source) = self.later.as_ref().and_then(|l| l.0.try_borrow_mut().ok()) else {
            return Ok(None);
        };
        Ok(source(key.0, key.1)?.map(std::borrow::Cow::Owned))
    }

    /// Adds a location computed by the caller (a streaming reader, from a window of the file).
    pub fn insert(&mut self, key: (FileId, Span), location: Location) {
        self.by_span.insert(key, location);
    }

    pub fn contains(&self, key: (FileId, Span)) -> bool {
        self.by_span.contains_key(&key)
    }

    pub fn get(&self, key: (FileId, Span)) -> Option<&Location> {
        self.by_span.get(&key)
    }

    /// The location of a finding's span.
    pub fn of(&self, f: &Finding) -> Option<&Location> {
        self.get((f.file, f.span))
    }

    pub fn len(&self) -> usize {
        self.by_span.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_span.is_empty()
    }
}

/// The locations of `findings` in files held whole in memory; excerpts only if asked.
pub fn locate_all<'f>(
    files: &[SourceFile],
    findings: impl IntoIterator<Item = &'f Finding>,
    excerpts: bool,
) -> Locations {
    let sources = index_sources(files);
    let mut locations = Locations::default();
    for f in findings {
        let key = (f.file, f.span);
        if locations.contains(key) {
            continue;
        }
        let location = match (sources.get(f.file), files.get(f.file)) {
            (Some(source), Some(file)) => {
                location_in(source, file.table_at(f.span.offset), f.span, excerpts)
            }
            _ => Location::unknown(f.span),
        };
        locations.insert(key, location);
    }
    locations
}

/// The location of `span` in `source`, an index over the whole file or over a window of it
/// that holds the span's line and the lines before and after. `grid` is the table of a tabular
/// file the span lies in (`SourceFile::table_at`).
pub fn location_in(
    source: &IndexedSource,
    grid: Option<&Grid>,
    span: Span,
    excerpts: bool,
) -> Location {
    let place = place_in(source, grid, span);
    let end = source.line_col(span.offset + span.len);
    let excerpt = excerpts.then(|| Box::new(excerpt_in(source, &place, span)));
    Location {
        place,
        end,
        excerpt,
    }
}

fn place_in(source: &IndexedSource, grid: Option<&Grid>, span: Span) -> Place {
    let (line, column) = source.line_col(span.offset);
    let cell = grid.and_then(|g| g.locate(span.offset)).map(Box::new);
    // A sheet's text is our rendering: its line is the row, its column the cell's column.
    let column = match (grid, &cell) {
        (Some(g), Some(c)) if g.is_sheet => c.column,
        _ => column,
    };
    let file = grid.map_or_else(|| source.name.clone(), |g| g.file.clone());
    Place {
        file,
        line,
        column,
        offset: span.offset,
        length: span.len,
        cell,
    }
}

fn excerpt_in(source: &IndexedSource, place: &Place, span: Span) -> Excerpt {
    let label = (
        span.offset.min(source.end_offset()),
        source.underline_len(span.offset, span.len),
    );
    let context_lines = if source.line_len_at(span.offset) > LONG_LINE {
        0
    } else {
        1
    };
    let label_span = SourceSpan::new(label.0.into(), label.1);
    let cell_text = place.cell.as_ref().map(|_| {
        source
            .slice(span.offset, span.len)
            .unwrap_or_default()
            .chars()
            .take(CELL_TEXT_CHARS)
            .collect()
    });
    // miette titles a snippet with the place of this answer: make it the field's own place
    // (the JSON `line`/`column`), not where the clipped excerpt happens to start.
    let bare = Snippet::read(source, label_span, 0).map(|s| Snippet {
        line: place.line.saturating_sub(1),
        column: place.column.saturating_sub(1),
        ..s
    });
    Excerpt {
        label,
        context_lines,
        cell_text,
        bare,
        with_context: if context_lines > 0 {
            Snippet::read(source, label_span, context_lines)
        } else {
            None
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    /// A JSON Lines record: short, or longer than [`LONG_LINE`] (snippets then clip it).
    fn record() -> impl Strategy<Value = String> {
        prop_oneof!["[a-z中 ]{0,40}", "[a-z中 ]{310,600}"]
            .prop_map(|body| format!("{{\"x\":\"{body}\"}}"))
    }

    /// Where each line starts, and the offset just past the text as the last "start".
    fn line_starts(text: &str) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        starts.push(text.len());
        starts
    }

    /// The line `line` of `text` with the lines before and after it, as a streaming reader
    /// would hold them.
    fn window_around<'t>(text: &'t str, starts: &[usize], line: usize) -> IndexedSource<'t> {
        let first = line.saturating_sub(1);
        let end = starts[(line + 2).min(starts.len() - 1)];
        IndexedSource::window("f.jsonl", &text[starts[first]..end], starts[first], first)
    }

    proptest! {
        #[test]
        fn a_window_locates_as_the_whole_text_does(
            records in prop::collection::vec(record(), 1..6),
            crlf: bool,
            line in any::<Index>(),
            from in any::<Index>(),
            to in any::<Index>(),
        ) {
            let text = records.join(if crlf { "\r\n" } else { "\n" }) + "\n";
            let starts = line_starts(&text);
            let line = line.index(records.len());
            let record = &records[line];
            let mut bounds: Vec<usize> = record.char_indices().map(|(i, _)| i).collect();
            bounds.push(record.len());
            let (a, b) = (*from.get(&bounds), *to.get(&bounds));
            let whole = IndexedSource::new("f.jsonl", &text);
            let window = window_around(&text, &starts, line);
            for span in [
                Span::new(starts[line] + a.min(b), a.abs_diff(b)),
                Span::new(starts[line], record.len()),
            ] {
                prop_assert_eq!(
                    location_in(&window, None, span, true),
                    location_in(&whole, None, span, true)
                );
            }
        }
    }

    proptest! {
        /// A chunk of whole lines, as a streaming check holds one, places a span without
        /// excerpt as the whole text does; its spot gives that location back.
        #[test]
        fn a_chunk_places_as_the_whole_text_does(
            records in prop::collection::vec(record(), 1..6),
            first in any::<Index>(),
            line in any::<Index>(),
            from in any::<Index>(),
            to in any::<Index>(),
        ) {
            let text = records.join("\n") + "\n";
            let starts = line_starts(&text);
            let first = first.index(records.len());
            let line = first + line.index(records.len() - first);
            let record = &records[line];
            let mut bounds: Vec<usize> = record.char_indices().map(|(i, _)| i).collect();
            bounds.push(record.len());
            let (a, b) = (*from.get(&bounds), *to.get(&bounds));
            let span = Span::new(starts[line] + a.min(b), a.abs_diff(b));
            let whole = IndexedSource::new("f.jsonl", &text);
            let chunk = IndexedSource::window("f.jsonl", &text[starts[first]..], starts[first], first);
            let located = location_in(&chunk, None, span, false);
            prop_assert_eq!(&located, &location_in(&whole, None, span, false));
            let spot = Spot::of(&located);
            prop_assert_eq!(spot.map(|s| s.location("f.jsonl", span)), Some(located));
        }
    }

    #[test]
    fn a_spot_holds_no_excerpt() {
        let text = "{\"a\":1}\n";
        let whole = IndexedSource::new("f.jsonl", text);
        assert_eq!(
            Spot::of(&location_in(&whole, None, Span::new(1, 3), true)),
            None
        );
    }

    #[test]
    fn excerpts_only_when_asked() {
        let text = "{\"a\":1}\n{\"b\":2}\n";
        let whole = IndexedSource::new("f.jsonl", text);
        let span = Span::new(9, 3);
        assert_eq!(location_in(&whole, None, span, false).excerpt, None);
        let located = location_in(&whole, None, span, true);
        assert_eq!((located.place.line, located.place.column), (2, 2));
        assert_eq!(located.end, (2, 5));
        assert_eq!(located.excerpt.map(|e| e.context_lines), Some(1));
    }

    #[test]
    fn a_window_answers_with_file_offsets_and_lines() {
        let text = "{\"a\":1}\n{\"b\":22}\n{\"c\":3}\n";
        let window = IndexedSource::window("f.jsonl", &text[8..], 8, 1);
        assert_eq!(window.line_of(13), 1);
        assert_eq!(window.line_col(13), (2, 6));
        assert_eq!(window.line_len_at(13), 8);
        assert_eq!(window.slice(13, 2), Some("22"));
        let contents = window
            .read_span(&SourceSpan::new(13.into(), 2), 0, 0)
            .unwrap();
        assert_eq!(contents.span().offset(), 8);
        assert_eq!(contents.line(), 1);
    }
}
