//! JSON Lines read in chunks of whole lines, for sweeps that must not hold a gigabyte export in
//! memory: each chunk is parsed as [`super::jsonl::load`] parses a whole file, with spans that
//! are offsets into the file.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::walk::{Input, Skipped, expand};
use super::{Format, LoadError, Parsed, path_error};
use crate::model::{FileId, Record, Span};

/// How many bytes a chunk holds (more when one line is longer): about a hundred records, enough
/// to keep both cores busy; two chunks are in flight (one read ahead), each of whose record
/// trees takes several times its bytes (at 4 MiB they were 80 MB of a 1 GB sweep's peak).
pub const CHUNK_BYTES: usize = 1 << 20;

/// How much one read asks the system for.
const READ_BYTES: usize = 64 << 10;

/// What one read gave.
pub enum Chunk {
    /// The records and problems of the next lines, and the lines themselves.
    Lines { parsed: Parsed, text: ChunkText },
    /// Bytes that are not plain UTF-8 (another encoding, or a byte-order mark): the file must
    /// be decoded whole, as the other loaders do.
    NotPlainUtf8,
}

/// The lines a chunk was read from, valid UTF-8: a caller may place findings in them while
/// they are at hand rather than read them again.
pub struct ChunkText {
    pub file: FileId,
    pub text: String,
    /// Where the chunk starts in its file.
    pub offset: usize,
    /// The 0-based number of the chunk's first line in its file.
    pub first_line: usize,
}

pub struct JsonlChunks {
    path: PathBuf,
    reader: File,
    file: FileId,
    chunk_bytes: usize,
    /// Offset in the file of `pending`'s first byte.
    offset: usize,
    /// Lines before `pending`.
    lines: usize,
    /// Bytes read past the last complete line.
    pending: Vec<u8>,
    at_end: bool,
}

impl JsonlChunks {
    /// Chunks of about `chunk_bytes` (at least one line each) of the file `path`.
    pub fn open(path: &Path, file: FileId, chunk_bytes: usize) -> Result<JsonlChunks, LoadError> {
        Ok(JsonlChunks {
            path: path.to_path_buf(),
            reader: File::open(path).map_err(|e| path_error(path, &e))?,
            file,
            chunk_bytes: chunk_bytes.max(1),
            offset: 0,
            lines: 0,
            pending: Vec::new(),
            at_end: false,
        })
    }

    /// The next chunk of whole lines, or `None` at the end of the file.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>, LoadError> {
        let Some(bytes) = self.next_lines()? else {
            return Ok(None);
        };
        if self.offset == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
            return Ok(Some(Chunk::NotPlainUtf8));
        }
        let Ok(text) = utf8_string(bytes) else {
            return Ok(Some(Chunk::NotPlainUtf8));
        };
        let parsed = super::jsonl::load_chunk(&text, self.offset, self.file);
        let text = ChunkText {
            file: self.file,
            offset: self.offset,
            first_line: self.lines,
            text,
        };
        self.offset += text.text.len();
        self.lines += memchr::memchr_iter(b'\n', text.text.as_bytes()).count();
        Ok(Some(Chunk::Lines { parsed, text }))
    }

    /// Takes the lines up to the first line end at or past `chunk_bytes` (or to the end of the
    /// file), reading on as needed.
    fn next_lines(&mut self) -> Result<Option<Vec<u8>>, LoadError> {
        loop {
            let from = self.chunk_bytes - 1;
            if let Some(nl) = self
                .pending
                .get(from..)
                .and_then(|b| memchr::memchr(b'\n', b))
            {
                // What follows the chunk starts the next one's buffer, made big enough for a
                // whole chunk so that reading into it never moves it.
                let end = from + nl + 1;
                let tail = self.pending.get(end..).unwrap_or_default();
                let mut rest = Vec::with_capacity(tail.len() + self.read_size());
                rest.extend_from_slice(tail);
                self.pending.truncate(end);
                return Ok(Some(std::mem::replace(&mut self.pending, rest)));
            }
            if self.at_end {
                return Ok((!self.pending.is_empty()).then(|| std::mem::take(&mut self.pending)));
            }
            self.fill()?;
        }
    }

    fn read_size(&self) -> usize {
        self.chunk_bytes.max(READ_BYTES)
    }

    /// Reads up to a chunk's bytes onto `pending`, into its spare room: nothing is zeroed
    /// first, and nothing is copied but by the system.
    fn fill(&mut self) -> Result<(), LoadError> {
        let want = self.read_size();
        self.pending.reserve(want);
        let read = (&mut self.reader)
            .take(want as u64)
            .read_to_end(&mut self.pending)
            .map_err(|e| path_error(&self.path, &e))?;
        self.at_end = read < want;
        Ok(())
    }
}

/// Reads `files` chunk by chunk on another thread, one chunk ahead of the one `visit` is given,
/// until `visit` answers `false` (then `Ok(false)`) or a file cannot be read.
pub fn read_ahead<E: From<LoadError>>(
    files: &[PathBuf],
    chunk_bytes: usize,
    mut visit: impl FnMut(Chunk) -> Result<bool, E>,
) -> Result<bool, E> {
    std::thread::scope(|scope| {
        let (chunks, arriving) = std::sync::mpsc::sync_channel(0);
        scope.spawn(move || send_chunks(files, chunk_bytes, &chunks));
        for chunk in arriving {
            if !visit(chunk?)? {
                return Ok(false);
            }
        }
        Ok(true)
    })
}

/// Sends every chunk of every file in turn, and stops at the first error or when no one is
/// listening any more.
fn send_chunks(
    files: &[PathBuf],
    chunk_bytes: usize,
    chunks: &std::sync::mpsc::SyncSender<Result<Chunk, LoadError>>,
) {
    for (id, path) in files.iter().enumerate() {
        let mut reader = match JsonlChunks::open(path, id, chunk_bytes) {
            Ok(reader) => reader,
            Err(e) => {
                let _ = chunks.send(Err(e));
                return;
            }
        };
        loop {
            match reader.next_chunk() {
                Ok(Some(chunk)) => {
                    if chunks.send(Ok(chunk)).is_err() {
                        return;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let _ = chunks.send(Err(e));
                    return;
                }
            }
        }
    }
}

/// The JSON Lines files a sweep can read in chunks, and what the walks passed over.
pub struct JsonlInputs {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// The export files the paths name, when every one is a JSON Lines file (the inputs a sweep can
/// read in chunks); `None` when any is another format, a table or standard input.
pub fn jsonl_files(paths: &[PathBuf]) -> Result<Option<JsonlInputs>, LoadError> {
    let mut inputs = JsonlInputs {
        files: Vec::new(),
        skipped: Vec::new(),
    };
    for path in paths {
        if path.as_os_str() == "-" {
            return Ok(None);
        }
        let expanded = expand(path)?;
        inputs.skipped.extend(expanded.skipped);
        for input in expanded.inputs {
            match input {
                Input::Text(file, Format::JsonLines) => inputs.files.push(file),
                _ => return Ok(None),
            }
        }
    }
    Ok(Some(inputs))
}

/// The record whose JSON text is at `span` of the JSON Lines file `path` (read again at the end
/// of a sweep); `None` if it no longer reads as one.
pub fn reread(path: &Path, file: FileId, span: Span) -> Option<Record> {
    let mut reader = File::open(path).ok()?;
    reader.seek(SeekFrom::Start(span.offset as u64)).ok()?;
    let mut bytes = vec![0; span.len];
    reader.read_exact(&mut bytes).ok()?;
    let text = simdutf8::basic::from_utf8(&bytes).ok()?;
    let node = super::json::parse_json_value_shifted(text, text, span.offset).ok()?;
    let mut parsed = Parsed::default();
    parsed.push_node(file, node);
    parsed.records.pop()
}

/// The text around some places of a file, read again after a sweep to show where findings are:
/// `visit` is called once per line holding one of `offsets` (sorted ascending) with
/// `(text, offset of the text in the file, 0-based number of its first line, the offsets in the
/// line)`. The text is that line, whole; with the line before and the line after it too when
/// `context_up_to` is given and the line is no longer than that (a report that shows
/// neighbouring lines shows them only around short lines). Offsets past the end belong to the
/// last line, as a reader of the whole text would place them.
pub fn windows_around(
    path: &Path,
    offsets: &[usize],
    context_up_to: Option<usize>,
    mut visit: impl FnMut(&str, usize, usize, &[usize]),
) -> Result<(), LoadError> {
    let mut windows = Windows::open(path, offsets.to_vec(), context_up_to)?;
    while let Some(w) = windows.next_window()? {
        visit(&w.text, w.start, w.line, &w.offsets);
    }
    Ok(())
}

/// One window of [`windows_around`]: its text, where it starts in the file, the 0-based number
/// of its first line, and the offsets its middle line holds.
pub struct Window {
    pub text: String,
    pub start: usize,
    pub line: usize,
    pub offsets: Vec<usize>,
}

/// [`windows_around`] a window at a time, for a caller that wants them as it goes (a report
/// written finding by finding).
pub struct Windows {
    path: PathBuf,
    reader: std::io::BufReader<File>,
    lines: Lines,
    offsets: Vec<usize>,
    /// How many of `offsets` have been given a window.
    done: usize,
    context_up_to: Option<usize>,
    next_start: usize,
    number: usize,
    at_end: bool,
}

impl Windows {
    /// The windows around `offsets` (sorted ascending) of the file `path`.
    pub fn open(
        path: &Path,
        offsets: Vec<usize>,
        context_up_to: Option<usize>,
    ) -> Result<Windows, LoadError> {
        let file = File::open(path).map_err(|e| path_error(path, &e))?;
        Ok(Windows {
            path: path.to_path_buf(),
            reader: std::io::BufReader::with_capacity(1 << 20, file),
            lines: Lines::default(),
            offsets,
            done: 0,
            context_up_to,
            next_start: 0,
            number: 0,
            at_end: false,
        })
    }

    /// The next window, or `None` when every offset has had one.
    pub fn next_window(&mut self) -> Result<Option<Window>, LoadError> {
        while self.done < self.offsets.len() && !self.at_end {
            if !self.read_line()? {
                break;
            }
            // The line before the newest now has both neighbours: its offsets get a window.
            if let Some(middle) = self.lines.0.len().checked_sub(2) {
                let newest = self.lines.0.back().map(|(start, _, _)| *start);
                if let Some(w) = self.window(middle, newest) {
                    return Ok(Some(w));
                }
            }
        }
        // The last line read holds what is left (offsets past the end included).
        Ok(match self.lines.0.len().checked_sub(1) {
            Some(last) if self.done < self.offsets.len() => {
                let w = self.window(last, None);
                self.done = self.offsets.len();
                w
            }
            _ => None,
        })
    }

    /// Reads one more line into the three kept; `false` at the end of the file.
    fn read_line(&mut self) -> Result<bool, LoadError> {
        use std::io::BufRead;
        // The line that falls out of the window lends its buffer to the next one.
        let mut bytes = if self.lines.0.len() == 3 {
            self.lines
                .0
                .pop_front()
                .map(|(_, _, b)| b)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        bytes.clear();
        let read = self
            .reader
            .read_until(b'\n', &mut bytes)
            .map_err(|e| path_error(&self.path, &e))?;
        // The text after a final line end is one more (empty) line, as a line index counts it.
        self.at_end = read == 0;
        if self.at_end
            && self
                .lines
                .0
                .back()
                .is_some_and(|(_, _, b)| !b.ends_with(b"\n"))
        {
            return Ok(false);
        }
        self.lines
            .0
            .push_back((self.next_start, self.number, bytes));
        (self.next_start, self.number) = (self.next_start + read, self.number + 1);
        Ok(true)
    }

    /// The window of line `middle` for the pending offsets before `end` (the next line's
    /// start, if any); `None` when it holds none of them.
    fn window(&mut self, middle: usize, end: Option<usize>) -> Option<Window> {
        let pending = self.offsets.get(self.done..).unwrap_or_default();
        let here = pending.partition_point(|&o| end.is_none_or(|e| o < e));
        let mine = pending.get(..here).unwrap_or_default().to_vec();
        self.done += here;
        if mine.is_empty() {
            return None;
        }
        let (_, _, line) = self.lines.0.get(middle)?;
        let with_context = self.context_up_to.is_some_and(|max| shown_len(line) <= max);
        let (first, count) = if with_context {
            (
                middle.saturating_sub(1),
                middle + 2 - middle.saturating_sub(1),
            )
        } else {
            (middle, 1)
        };
        let mut bytes = Vec::new();
        for (_, _, line) in self.lines.0.iter().skip(first).take(count) {
            bytes.extend_from_slice(line);
        }
        let (start, number, _) = self.lines.0.get(first)?;
        let text = utf8_string(bytes).unwrap_or_else(|b| String::from_utf8_lossy(&b).into_owned());
        Some(Window {
            text,
            start: *start,
            line: *number,
            offsets: mine,
        })
    }
}

/// `bytes` as text if they are UTF-8, else the bytes back. Validated once, with simdutf8:
/// `String::from_utf8` walks Chinese text a character at a time, and a chunk's text is then
/// both parsed and kept to place findings in.
#[allow(unsafe_code)]
fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: `from_utf8_unchecked` requires valid UTF-8, and simdutf8 has just validated
    // these very bytes; nothing touches them in between.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Up to three consecutive lines: (start offset, 0-based number, bytes with their line end).
#[derive(Default)]
struct Lines(std::collections::VecDeque<(usize, usize, Vec<u8>)>);

/// A line's length without its line end (`\n` or `\r\n`).
fn shown_len(line: &[u8]) -> usize {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    fn windows(text: &str, offsets: &[usize]) -> Vec<(String, usize, usize, Vec<usize>)> {
        let file = file_with(text);
        let mut out = Vec::new();
        windows_around(
            file.path(),
            offsets,
            Some(usize::MAX),
            |t, base, line, here| {
                out.push((t.to_string(), base, line, here.to_vec()));
            },
        )
        .unwrap();
        out
    }

    #[test]
    fn each_offset_gets_its_line_and_both_neighbours() {
        let got = windows("a\nbb\n\nccc", &[0, 1, 3, 5, 7, 99]);
        let want = [
            ("a\nbb\n", 0, 0, vec![0, 1]),
            ("a\nbb\n\n", 0, 0, vec![3]),
            ("bb\n\nccc", 2, 1, vec![5]),
            ("\nccc", 5, 2, vec![7, 99]),
        ];
        let want: Vec<_> = want
            .into_iter()
            .map(|(t, b, l, o)| (t.to_string(), b, l, o))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn neighbours_only_around_lines_short_enough() {
        let file = file_with("a\nlong line\r\nb\n");
        let mut got = Vec::new();
        windows_around(file.path(), &[0, 2, 13], Some(4), |t, base, line, _| {
            got.push((t.to_string(), base, line));
        })
        .unwrap();
        assert_eq!(
            got,
            [
                ("a\nlong line\r\n".to_string(), 0, 0),
                ("long line\r\n".to_string(), 2, 1),
                ("long line\r\nb\n".to_string(), 2, 1),
            ]
        );
        let mut bare = Vec::new();
        windows_around(file.path(), &[0], None, |t, _, _, _| {
            bare.push(t.to_string())
        })
        .unwrap();
        assert_eq!(bare, ["a\n"]);
    }

    #[test]
    fn the_end_of_a_text_ending_a_line_is_one_more_empty_line() {
        let got = windows("a\nb\n", &[2, 4]);
        assert_eq!(got[0], ("a\nb\n".to_string(), 0, 0, vec![2]));
        assert_eq!(got[1], ("b\n".to_string(), 2, 1, vec![4]));
    }

    /// Each chunk's length, offset, first line and record spans.
    fn chunks(text: &str, size: usize) -> Vec<(usize, usize, usize, Vec<Span>)> {
        let file = file_with(text);
        let mut reader = JsonlChunks::open(file.path(), 0, size).unwrap();
        let mut out = Vec::new();
        while let Some(chunk) = reader.next_chunk().unwrap() {
            let Chunk::Lines { parsed, text } = chunk else {
                panic!("plain UTF-8");
            };
            let spans = parsed.records.iter().map(|r| r.root.span).collect();
            out.push((text.text.len(), text.offset, text.first_line, spans));
        }
        out
    }

    #[test]
    fn chunks_are_whole_lines_with_spans_into_the_file() {
        let line = "{\"kind\": \"unit\", \"name\": \"x\"}";
        let text = format!("{line}\n{line}\r\n\n{line}");
        let n = line.len();
        assert_eq!(
            chunks(&text, 1),
            vec![
                (n + 1, 0, 0, vec![Span::new(0, n)]),
                (n + 2, n + 1, 1, vec![Span::new(n + 1, n)]),
                (1, 2 * n + 3, 2, vec![]),
                (n, 2 * n + 4, 3, vec![Span::new(2 * n + 4, n)]),
            ]
        );
        let whole = chunks(&text, 1 << 20);
        assert_eq!(whole.len(), 1);
        assert_eq!((whole[0].0, whole[0].1, whole[0].2), (text.len(), 0, 0));
        assert_eq!(whole[0].3.len(), 3);
    }

    #[test]
    fn a_byte_order_mark_or_other_encoding_asks_for_the_whole_file() {
        for bytes in [&b"\xEF\xBB\xBF{}\n"[..], &b"{\"a\": \"\xD6\xD0\"}\n"[..]] {
            let file = tempfile::NamedTempFile::new().unwrap();
            std::fs::write(file.path(), bytes).unwrap();
            let mut reader = JsonlChunks::open(file.path(), 0, 4).unwrap();
            assert!(matches!(
                reader.next_chunk().unwrap(),
                Some(Chunk::NotPlainUtf8)
            ));
        }
    }
}
