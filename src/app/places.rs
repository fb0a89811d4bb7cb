//! Where the findings of a streaming check are: placed from each chunk's text while it is at
//! hand, the rest by reading their lines again; the human report's excerpts made as it writes.

use std::path::PathBuf;

use rayon::prelude::*;

use super::Failure;
use crate::finding::Finding;
use crate::load::LoadError;
use crate::load::stream::{ChunkText, Window, Windows, windows_around};
use crate::model::{FileId, Span};
use crate::report::locate::{Excerpt, LONG_LINE, Location, Locations, Spot, location_in};
use crate::report::source::IndexedSource;

/// The places a sweep found while its chunks were at hand, by file and span.
pub type Placed = Vec<((FileId, Span), Spot)>;

/// The locations of the findings shown: from their spots when the sweep placed them (`placed`,
/// sorted), the others by reading their lines again. The human report (`excerpts`) reads
/// nothing of a place but its excerpt (and a table's cell, which JSON Lines has none of): it
/// gets the excerpts as it writes, from a reader that follows it through the files.
pub fn locate_shown(
    files: &[PathBuf],
    names: &[String],
    placed: &[((FileId, Span), Spot)],
    shown: &[&Finding],
    excerpts: bool,
) -> Result<Locations, Failure> {
    if excerpts {
        let mut reader = ExcerptReader {
            files: files.to_vec(),
            names: names.to_vec(),
            spans: spans_by_file(files.len(), shown),
            current: None,
        };
        return Ok(
            Locations::default().with_later_excerpts(Box::new(move |file, span| {
                reader.excerpt(file, span).map_err(std::io::Error::other)
            })),
        );
    }
    let spot = |f: &Finding| {
        let at = placed.binary_search_by_key(&(f.file, f.span), |(key, _)| *key);
        at.ok().and_then(|i| placed.get(i)).map(|(_, spot)| *spot)
    };
    let (mut spotted, mut unplaced) = (Vec::new(), Vec::new());
    for &f in shown {
        match spot(f) {
            Some(spot) => spotted.push((f, spot)),
            None => unplaced.push(f),
        }
    }
    let mut located = locate_in_files(files, names, &unplaced, false)?;
    for (f, spot) in spotted {
        if let Some(name) = names.get(f.file) {
            located.insert((f.file, f.span), spot.location(name, f.span));
        }
    }
    Ok(located)
}

/// Places the findings at `places` that lie in the chunk `text` (of the file shown as `name`),
/// as [`locate_in_files`] would place them from the lines read again, without excerpts. The
/// rest are left to that reading: a place outside the chunk, or after an unsafe character on
/// its line (that reading counts columns in the line made inert).
pub fn locate_in_chunk(
    text: &ChunkText,
    name: &str,
    places: impl Iterator<Item = (FileId, Span)>,
    placed: &mut Placed,
) {
    let (chunk, end) = (text.text.as_str(), text.offset + text.text.len());
    let mut spans: Vec<Span> = places
        .filter(|&(file, _)| file == text.file)
        .map(|(_, span)| span)
        // A span reaching the chunk's end is left to the reading again, which places an end
        // at the end of the file as an index over the whole text does.
        .filter(|s| s.offset >= text.offset && s.offset + s.len < end)
        .collect();
    if spans.is_empty() {
        return;
    }
    spans.sort_unstable();
    spans.dedup();
    let source = IndexedSource::window(name, chunk, text.offset, text.first_line);
    let found: Vec<_> = spans
        .par_iter()
        .filter_map(|&span| {
            let at = span.offset - text.offset;
            let line_start =
                memchr::memrchr(b'\n', chunk.as_bytes().get(..at)?).map_or(0, |i| i + 1);
            let before_end = chunk.get(line_start..at + span.len)?;
            if crate::text::has_unsafe_char(before_end) {
                return None;
            }
            let location = location_in(&source, None, span, false);
            Some(((text.file, span), Spot::of(&location)?))
        })
        .collect();
    placed.extend(found);
}

/// Places findings by reading their files again, a few lines at a time: after a sweep only
/// the lines around the findings are needed, never the whole text.
pub fn locate_in_files(
    files: &[PathBuf],
    names: &[String],
    shown: &[&Finding],
    excerpts: bool,
) -> Result<Locations, Failure> {
    let mut locations = Locations::default();
    let by_file = spans_by_file(files.len(), shown);
    for (id, ((path, name), spans)) in files.iter().zip(names).zip(&by_file).enumerate() {
        let offsets: Vec<usize> = spans.iter().map(|s| s.offset).collect();
        let mut next = 0;
        let context = excerpts.then_some(LONG_LINE);
        windows_around(path, &offsets, context, |text, base, line, here| {
            let mine = spans.get(next..next + here.len()).unwrap_or_default();
            for (span, location) in locate_in_window(name, text, base, line, mine, excerpts) {
                locations.insert((id, span), location);
            }
            next += here.len();
        })
        .map_err(Failure::from)?;
    }
    Ok(locations)
}

/// The spans of `shown` in each of `files` files, sorted, each once.
fn spans_by_file(files: usize, shown: &[&Finding]) -> Vec<Vec<Span>> {
    let mut by_file = vec![Vec::new(); files];
    for f in shown {
        if let Some(spans) = by_file.get_mut(f.file) {
            spans.push(f.span);
        }
    }
    for spans in &mut by_file {
        spans.sort_unstable();
        spans.dedup();
    }
    by_file
}

/// The locations of `spans` in a window of lines read again (`text`, from byte `base` and
/// 0-based line `line` of the file shown as `name`), the text made inert first as reports
/// show it.
fn locate_in_window(
    name: &str,
    text: &str,
    base: usize,
    line: usize,
    spans: &[Span],
    excerpts: bool,
) -> Vec<(Span, Location)> {
    // Copied only to be made inert: most lines have nothing to neutralise.
    let text = if crate::text::has_unsafe_char(text) {
        std::borrow::Cow::Owned(crate::text::inert_same_length(text.to_string()))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let source = IndexedSource::window(name, &text, base, line);
    spans
        .iter()
        .map(|span| (*span, location_in(&source, None, *span, excerpts)))
        .collect()
}

/// Reads the files again alongside the human report, a window at a time, and makes the
/// excerpts of the spans it asks for in order.
struct ExcerptReader {
    files: Vec<PathBuf>,
    names: Vec<String>,
    /// Per file, the spans shown, sorted (the order the report asks in).
    spans: Vec<Vec<Span>>,
    current: Option<FileWindows>,
}

/// The windows of one file, and the excerpts of the last one read.
struct FileWindows {
    file: FileId,
    windows: Windows,
    /// How many of the file's spans the windows read so far hold.
    next: usize,
    excerpts: Vec<(Span, Excerpt)>,
}

impl ExcerptReader {
    /// The excerpt of `span` in `file`; `None` for a span that is not shown or of no file the
    /// run has. Spans asked in the report's order (by file, then place) read each file once;
    /// one asked behind the window reached starts the file again.
    fn excerpt(&mut self, file: FileId, span: Span) -> Result<Option<Excerpt>, LoadError> {
        let passed = |c: &FileWindows| {
            c.file != file
                || c.excerpts
                    .first()
                    .is_some_and(|(s, _)| s.offset > span.offset)
        };
        if self.current.as_ref().is_none_or(passed) {
            self.current = self.open(file)?;
        }
        loop {
            let Some(current) = self.current.as_mut() else {
                return Ok(None);
            };
            if let Some((_, e)) = current.excerpts.iter().find(|(s, _)| *s == span) {
                return Ok(Some(e.clone()));
            }
            if current
                .excerpts
                .first()
                .is_some_and(|(s, _)| s.offset > span.offset)
            {
                return Ok(None);
            }
            let Some(window) = current.windows.next_window()? else {
                return Ok(None);
            };
            self.take(window);
        }
    }

    fn open(&self, file: FileId) -> Result<Option<FileWindows>, LoadError> {
        let (Some(spans), Some(path)) = (self.spans.get(file), self.files.get(file)) else {
            return Ok(None);
        };
        let offsets = spans.iter().map(|s| s.offset).collect();
        Ok(Some(FileWindows {
            file,
            windows: Windows::open(path, offsets, Some(LONG_LINE))?,
            next: 0,
            excerpts: Vec::new(),
        }))
    }

    /// Makes the excerpts of the spans `window` holds.
    fn take(&mut self, window: Window) {
        let Some(current) = self.current.as_mut() else {
            return;
        };
        let (file, count) = (current.file, window.offsets.len());
        let (Some(name), Some(spans)) = (self.names.get(file), self.spans.get(file)) else {
            return;
        };
        let mine = spans
            .get(current.next..current.next + count)
            .unwrap_or_default();
        current.next += count;
        current.excerpts =
            locate_in_window(name, &window.text, window.start, window.line, mine, true)
                .into_iter()
                .filter_map(|(span, location)| Some((span, *location.excerpt?)))
                .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(path: PathBuf, spans: Vec<Span>) -> ExcerptReader {
        ExcerptReader {
            files: vec![path],
            names: vec!["f.jsonl".to_string()],
            spans: vec![spans],
            current: None,
        }
    }

    fn finding(span: Span) -> Finding {
        Finding::data("data.date", 0, span, crate::text::Msg::new("", ""))
    }

    #[test]
    fn excerpts_asked_in_any_order_are_those_read_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.jsonl");
        let text = "{\"a\": 1}\n{\"b\": \"\u{202e}x\"}\n{\"c\": 3}";
        std::fs::write(&path, text).unwrap();
        let spans = vec![Span::new(2, 3), Span::new(11, 3), Span::new(31, 1)];
        let findings: Vec<Finding> = spans.iter().map(|s| finding(*s)).collect();
        let shown: Vec<&Finding> = findings.iter().collect();
        let names = ["f.jsonl".to_string()];
        let whole = locate_in_files(std::slice::from_ref(&path), &names, &shown, true)
            .ok()
            .unwrap();
        let mut later = reader(path, spans.clone());
        for span in spans.iter().rev().chain(&spans) {
            let excerpt = later.excerpt(0, *span).unwrap();
            let expected = whole.get((0, *span)).and_then(|l| l.excerpt.as_deref());
            assert!(excerpt.is_some(), "{span:?}");
            assert_eq!(excerpt.as_ref(), expected, "{span:?}");
        }
        assert_eq!(
            later.excerpt(0, Span::new(5, 1)).unwrap(),
            None,
            "not shown"
        );
        assert_eq!(
            later.excerpt(7, Span::new(2, 3)).unwrap(),
            None,
            "no such file"
        );
    }

    #[test]
    fn a_file_gone_before_its_excerpts_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut gone = reader(dir.path().join("gone.jsonl"), vec![Span::new(0, 1)]);
        assert!(gone.excerpt(0, Span::new(0, 1)).is_err());
    }
}
