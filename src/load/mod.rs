//! Loaders: one module per input format, each turning bytes into the same [`Record`] model.

mod biff;
mod csv;
mod encoding;
mod fastjson;
mod guard;
mod json;
mod jsonl;
pub mod sniff;
pub mod stream;
mod table;
mod tableset;
mod walk;
mod workbook;
mod yaml;

use std::path::{Path, PathBuf};

use crate::model::{FileId, Kind, Node, Record, SourceFile, Span, Value};
use crate::text::Msg;

pub use encoding::{EncodingChoice, decode};
pub use guard::{MAX_DEPTH, MAX_ENCODING_FINDINGS};
pub use json::{parse_json_value, parse_json_value_shifted};
pub use sniff::Book;
pub use walk::{Skipped, Why};
pub use workbook::MAX_SHEET_CELLS;
pub use yaml::{error_span as yaml_error_span, parse_documents as yaml_documents};

use tableset::TableSet;
use walk::{Input, expand};

/// The value of a map entry as the record keeps it: a date field's text written exactly
/// `YYYY-MM-DD` is read here, once, and kept as the date (it shows as the same text); any other
/// value as it came.
pub fn dated(key: &crate::model::Key, value: Value) -> Value {
    match value {
        Value::Text(text) if key.is_date() => date_or_text(std::borrow::Cow::Owned(text)),
        value => value,
    }
}

/// A date field's text: the date when written exactly `YYYY-MM-DD`, else the text (copied only
/// then, when it was borrowed from the input).
pub fn date_or_text(text: std::borrow::Cow<'_, str>) -> Value {
    match crate::dates::canonical_date(&text) {
        Some(day) => Value::Date(day),
        None => Value::Text(text.into_owned()),
    }
}

/// The Chinese name of an item collection (`clues` → `问题线索`), as its table is named.
pub fn collection_name_zh(collection: &str) -> Option<&'static str> {
    table::TABLES
        .iter()
        .find(|t| matches!(t.target, table::Target::Items(path) if path == collection))
        .map(|t| t.chinese)
}

/// A problem found while reading a file: it becomes a `data.` finding; the sweep goes on.
#[derive(Debug, Clone)]
pub struct LoadIssue {
    pub rule: &'static str,
    pub file: FileId,
    pub span: Span,
    pub message: Msg,
}

/// Everything one run reads: all inputs form one export.
#[derive(Debug, Default)]
pub struct Export {
    pub files: Vec<SourceFile>,
    pub records: Vec<Record>,
    pub issues: Vec<LoadIssue>,
    /// Files a folder walk passed over, and why: reports list them as warnings.
    pub skipped: Vec<Skipped>,
}

/// The run cannot go on as asked (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Path(Msg),
}

impl LoadError {
    pub fn message(&self) -> &Msg {
        match self {
            LoadError::Path(m) => m,
        }
    }
}

/// A text container of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Json,
    JsonLines,
    Yaml,
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub encoding: EncodingChoice,
}

impl Export {
    /// Reads every path (files, CSV folders, or directories walked for export files) into one
    /// export, detecting each file's kind and encoding.
    pub fn load_paths(paths: &[PathBuf]) -> Result<Export, LoadError> {
        Export::load_paths_with(paths, LoadOptions::default())
    }

    /// As [`Export::load_paths`]. Every tabular input of the run (CSV files, workbooks) joins
    /// one set of tables, so items find their case in whichever file holds it.
    pub fn load_paths_with(paths: &[PathBuf], opts: LoadOptions) -> Result<Export, LoadError> {
        let mut export = Export::default();
        let mut tables: Option<TableSet> = None;
        for path in paths {
            if path.as_os_str() == "-" {
                export.add_stdin(&mut tables, opts)?;
                continue;
            }
            let expanded = expand(path)?;
            export.skipped.extend(expanded.skipped);
            for input in expanded.inputs {
                export.add_input(input, &mut tables, opts)?;
            }
        }
        if let Some(tables) = tables {
            tables.finish(&mut export);
        }
        // The tables' records were added last but belong to the file slot of the run's first
        // tabular input: records are taken in file order (the first of a repeated id wins).
        if !export.records.is_sorted_by_key(|r| r.file) {
            export.records.sort_by_key(|r| r.file);
        }
        Ok(export)
    }

    fn add_input(
        &mut self,
        input: Input,
        tables: &mut Option<TableSet>,
        opts: LoadOptions,
    ) -> Result<(), LoadError> {
        match input {
            Input::Text(file, format) => {
                let bytes = read_file(&file)?;
                self.add_owned_bytes(file.display().to_string(), bytes, format, opts);
            }
            Input::Workbook(file, book) => {
                let bytes = read_file(&file)?;
                TableSet::add_workbook(tables, self, file.display().to_string(), &bytes, book);
            }
            Input::Csv(dir, files) => {
                let dir = dir.display().to_string();
                for file in files {
                    let bytes = read_file(&file)?;
                    TableSet::add_csv(tables, self, &dir, &file, &bytes, opts);
                }
            }
        }
        Ok(())
    }

    /// Standard input: JSON Lines unless its content says otherwise (a workbook or CSV piped in
    /// is read as one); bytes of no supported kind end the run, as a file's would.
    fn add_stdin(
        &mut self,
        tables: &mut Option<TableSet>,
        opts: LoadOptions,
    ) -> Result<(), LoadError> {
        const STDIN: &str = "<stdin>";
        let bytes = read_stdin()?;
        match sniff::sniff_bytes(&bytes, Some(sniff::Kind::Text(Format::JsonLines))) {
            sniff::Kind::Text(format) => self.add_owned_bytes(STDIN.into(), bytes, format, opts),
            sniff::Kind::Csv => {
                TableSet::add_csv(tables, self, STDIN, Path::new(STDIN), &bytes, opts);
            }
            sniff::Kind::Workbook(book) => {
                TableSet::add_workbook(tables, self, STDIN.into(), &bytes, book);
            }
            sniff::Kind::Other(other) => return Err(walk::unsupported(Path::new(STDIN), other)),
        }
        Ok(())
    }

    /// Adds one file's bytes: decoded (each undecodable sequence a finding), then parsed.
    pub fn add_bytes(&mut self, path: String, bytes: &[u8], format: Format, opts: LoadOptions) {
        let decoded = encoding::decode(bytes, opts.encoding);
        let file = self.files.len();
        self.encoding_issues(file, 0, &decoded);
        self.add_text(path, decoded.text, format);
    }

    /// As [`Export::add_bytes`], but valid UTF-8 becomes the text as is, without a decoded
    /// copy: on a large export that copy doubled peak memory and cost a pass over the bytes.
    pub fn add_owned_bytes(
        &mut self,
        path: String,
        bytes: Vec<u8>,
        format: Format,
        opts: LoadOptions,
    ) {
        if opts.encoding == EncodingChoice::Gb18030 {
            return self.add_bytes(path, &bytes, format, opts);
        }
        // Valid UTF-8 decodes to itself (a UTF-8 BOM is stripped by `add_text`); anything else,
        // a UTF-16 BOM included, is not valid UTF-8 and takes the decoding path.
        match String::from_utf8(bytes) {
            Ok(text) => self.add_text(path, text, format),
            Err(e) => self.add_bytes(path, e.as_bytes(), format, opts),
        }
    }

    fn encoding_issues(&mut self, file: FileId, base: usize, decoded: &encoding::Decoded) {
        if let Some(first_unlisted) = decoded.bad.get(guard::MAX_ENCODING_FINDINGS) {
            let more = decoded.bad.len() - guard::MAX_ENCODING_FINDINGS;
            let span = Span::new(base + first_unlisted.span.offset, first_unlisted.span.len);
            self.issues.push(guard::encoding_overflow(file, span, more));
        }
        for bad in decoded.bad.iter().take(guard::MAX_ENCODING_FINDINGS) {
            let hex: Vec<String> = bad.bytes.iter().map(|b| format!("{b:02X}")).collect();
            let hex = hex.join(" ");
            let enc = decoded.encoding;
            self.issues.push(LoadIssue {
                rule: "data.encoding",
                file,
                span: Span::new(base + bad.span.offset, bad.span.len),
                message: Msg::new(
                    format!("第 {} 字节起的字节 {hex} 无法按 {enc} 解码，已显示为 �；请确认文件编码（可用 --encoding 指定）", bad.byte_offset),
                    format!("bytes {hex} at byte {} do not decode as {enc} and show as �; check the file's encoding (--encoding chooses one)", bad.byte_offset),
                ),
            });
        }
    }

    /// Adds a folder of CSV files as one export of its own: one source whose text is the tables
    /// one after another, each table's part located by its own file name and lines.
    pub fn add_csv_folder(
        &mut self,
        dir: &Path,
        files: &[PathBuf],
        opts: LoadOptions,
    ) -> Result<(), LoadError> {
        let mut tables = None;
        let shown = dir.display().to_string();
        for path in files {
            TableSet::add_csv(&mut tables, self, &shown, path, &read_file(path)?, opts);
        }
        if let Some(tables) = tables {
            tables.finish(self);
        }
        Ok(())
    }

    /// Adds a workbook of any format (told by its content; XLSX if it says none) as one export
    /// of its own; one that cannot be opened is a finding, not the end of the run.
    pub fn add_workbook(&mut self, path: String, bytes: &[u8]) {
        let book = match sniff::sniff_bytes(bytes, Some(sniff::Kind::Workbook(Book::Xlsx))) {
            sniff::Kind::Workbook(book) => book,
            _ => Book::Xlsx,
        };
        let mut tables = None;
        TableSet::add_workbook(&mut tables, self, path, bytes, book);
        if let Some(tables) = tables {
            tables.finish(self);
        }
    }

    /// Adds records already parsed from `text` (rule fixtures carry theirs under `records:`).
    pub fn add_records(&mut self, path: String, text: String, nodes: Vec<Node>) {
        let file = self.files.len();
        let mut parsed = Parsed::default();
        nodes.into_iter().for_each(|n| parsed.push_node(file, n));
        self.files.push(SourceFile::plain(path, text));
        self.records.extend(parsed.records);
        self.issues.extend(parsed.issues);
    }

    /// Adds one file's text, parsed as `format`.
    pub fn add_text(&mut self, path: String, text: String, format: Format) {
        let file = self.files.len();
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text);
        let parsed = match format {
            Format::Json => json::load(&text, file),
            Format::JsonLines => jsonl::load(&text, file),
            Format::Yaml => yaml::load(&text, file),
        };
        self.files.push(SourceFile::plain(path, text));
        self.records.extend(parsed.records);
        self.issues.extend(parsed.issues);
    }

    /// The warnings a report gives for what this export's reading passed over.
    pub fn warnings(&self) -> Vec<Msg> {
        self.skipped.iter().map(Skipped::message).collect()
    }
}

/// What one loader produced from one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    pub issues: Vec<LoadIssue>,
}

impl Parsed {
    /// Adds a record node, or a `data.syntax` issue when it is not an object.
    pub fn push_node(&mut self, file: FileId, node: Node) {
        if !matches!(node.value, Value::Map(_)) {
            self.issues.push(LoadIssue {
                rule: "data.syntax",
                file,
                span: node.span,
                message: Msg::new(
                    "记录不是对象（键值映射）",
                    "a record must be an object (a map)",
                ),
            });
            return;
        }
        guard::duplicate_keys(self, file, &node);
        let kind = node.get("kind").and_then(|k| match &k.value {
            Value::Text(s) => Kind::parse(s.trim()),
            _ => None,
        });
        self.records.push(Record {
            file,
            root: node,
            kind,
        });
    }

    pub fn syntax_error(&mut self, file: FileId, span: Span, detail: &str) {
        self.issues.push(LoadIssue {
            rule: "data.syntax",
            file,
            span,
            message: Msg::new(
                format!("无法解析：{detail}"),
                format!("cannot be parsed: {detail}"),
            ),
        });
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    std::fs::read(path).map_err(|e| path_error(path, &e))
}

fn read_stdin() -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
        LoadError::Path(Msg::new(
            format!("无法读取标准输入：{e}"),
            format!("cannot read standard input: {e}"),
        ))
    })?;
    Ok(bytes)
}

fn path_error(path: &Path, err: &std::io::Error) -> LoadError {
    let shown = path.display();
    let (zh, en) = match err.kind() {
        std::io::ErrorKind::NotFound => (
            format!("路径不存在：{shown}"),
            format!("no such file or directory: {shown}"),
        ),
        std::io::ErrorKind::PermissionDenied => (
            format!("无权读取：{shown}"),
            format!("permission denied: {shown}"),
        ),
        _ => (
            format!("无法读取 {shown}：{err}"),
            format!("cannot read {shown}: {err}"),
        ),
    };
    LoadError::Path(Msg::new(zh, en))
}
