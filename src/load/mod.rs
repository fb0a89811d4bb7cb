//! Loaders: one module per input format, each turning bytes into the same [`Record`] model.

mod csv;
mod encoding;
mod fastjson;
mod guard;
mod json;
mod jsonl;
pub mod stream;
mod table;
mod xlsx;
mod yaml;

use std::path::{Path, PathBuf};

use crate::model::{FileId, Kind, Node, Record, SourceFile, Span, Value};
use crate::text::Msg;

pub use encoding::{EncodingChoice, decode};
pub use guard::{MAX_DEPTH, MAX_ENCODING_FINDINGS};
pub use json::{parse_json_value, parse_json_value_shifted};
pub use xlsx::MAX_SHEET_CELLS;
pub use yaml::{error_span as yaml_error_span, parse_documents as yaml_documents};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Json,
    JsonLines,
    Yaml,
    Xlsx,
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub encoding: EncodingChoice,
}

/// One export input found under a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Input {
    File(PathBuf, Format),
    /// A folder of CSV files, one per table: one export.
    CsvFolder(PathBuf, Vec<PathBuf>),
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "yaml" | "yml" => Some(Format::Yaml),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

impl Export {
    /// Reads every path (files, CSV folders, or directories walked for export files) into one
    /// export, detecting each file's encoding.
    pub fn load_paths(paths: &[PathBuf]) -> Result<Export, LoadError> {
        Export::load_paths_with(paths, LoadOptions::default())
    }

    pub fn load_paths_with(paths: &[PathBuf], opts: LoadOptions) -> Result<Export, LoadError> {
        let mut export = Export::default();
        for path in paths {
            if path.as_os_str() == "-" {
                let bytes = read_stdin()?;
                export.add_bytes("<stdin>".to_string(), &bytes, Format::JsonLines, opts);
                continue;
            }
            for input in expand(path)? {
                match input {
                    Input::File(file, Format::Xlsx) => {
                        let bytes = read_file(&file)?;
                        export.add_workbook(file.display().to_string(), &bytes);
                    }
                    Input::File(file, format) => {
                        let bytes = read_file(&file)?;
                        export.add_owned_bytes(file.display().to_string(), bytes, format, opts);
                    }
                    Input::CsvFolder(dir, files) => export.add_csv_folder(&dir, &files, opts)?,
                }
            }
        }
        Ok(export)
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

    /// Adds a folder of CSV files as one export: one source whose text is the tables one after
    /// another, each table's part located by its own file name and lines.
    pub fn add_csv_folder(
        &mut self,
        dir: &Path,
        files: &[PathBuf],
        opts: LoadOptions,
    ) -> Result<(), LoadError> {
        let file = self.files.len();
        let mut text = String::new();
        let mut tables = Vec::new();
        for path in files {
            let decoded = encoding::decode(&read_file(path)?, opts.encoding);
            let start = text.len();
            self.encoding_issues(file, start, &decoded);
            text.push_str(&decoded.text);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut rows = csv::rows(&decoded.text);
            for row in &mut rows {
                row.start += start;
                for cell in &mut row.cells {
                    cell.span.offset += start;
                }
            }
            tables.push(table::RawTable {
                grid: crate::model::Grid {
                    file: path.display().to_string(),
                    sheet: name.clone(),
                    start,
                    end: text.len(),
                    ..Default::default()
                },
                name,
                rows,
            });
        }
        self.add_tables(dir.display().to_string(), text, tables);
        Ok(())
    }

    /// Adds an XLSX workbook; one that cannot be opened is a finding, not the end of the run.
    pub fn add_workbook(&mut self, path: String, bytes: &[u8]) {
        // calamine can panic on a malformed workbook (an integer overflow on an absurd cell
        // reference); that is bad input, so it becomes a finding like any unreadable workbook.
        let read = std::panic::catch_unwind(|| {
            let mut text = String::new();
            xlsx::tables(bytes, &path, &mut text).map(|book| (text, book))
        })
        .unwrap_or_else(|_| Err("the workbook's contents are malformed".to_string()));
        match read {
            Ok((text, book)) => {
                let file = self.files.len();
                self.add_tables(path, text, book.tables);
                for (sheet, cells) in book.too_large {
                    self.issues
                        .push(guard::sheet_too_large(file, &sheet, cells));
                }
            }
            Err(e) => {
                let file = self.files.len();
                self.issues.push(LoadIssue {
                    rule: "data.syntax",
                    file,
                    span: Span::new(0, 0),
                    message: Msg::new(
                        format!("无法读取 XLSX 工作簿：{e}"),
                        format!("cannot read the XLSX workbook: {e}"),
                    ),
                });
                self.files.push(SourceFile::plain(path, String::new()));
            }
        }
    }

    fn add_tables(&mut self, path: String, text: String, tables: Vec<table::RawTable>) {
        let file = self.files.len();
        let mut parsed = Parsed::default();
        table::load(&tables, &text, file, &mut parsed);
        let mut source = SourceFile::plain(path, text);
        source.tables = tables.iter().map(table::RawTable::layout).collect();
        self.files.push(source);
        self.records.extend(parsed.records);
        self.issues.extend(parsed.issues);
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
            Format::Xlsx => Parsed::default(),
        };
        self.files.push(SourceFile::plain(path, text));
        self.records.extend(parsed.records);
        self.issues.extend(parsed.issues);
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

fn expand(path: &Path) -> Result<Vec<Input>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| path_error(path, &e))?;
    if meta.is_file() {
        if is_csv(path) {
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            return Ok(vec![Input::CsvFolder(dir, vec![path.to_path_buf()])]);
        }
        let format = Format::from_path(path).unwrap_or(Format::JsonLines);
        return Ok(vec![Input::File(path.to_path_buf(), format)]);
    }
    let mut found = Vec::new();
    walk(path, &mut found, &mut Vec::new())?;
    if found.is_empty() {
        let shown = path.display();
        return Err(LoadError::Path(Msg::new(
            format!(
                "目录中没有导出文件（.json、.jsonl、.ndjson、.yaml、.yml、.xlsx 或 .csv）：{shown}"
            ),
            format!(
                "no export file (.json, .jsonl, .ndjson, .yaml, .yml, .xlsx or .csv) in {shown}"
            ),
        )));
    }
    found.sort();
    Ok(found)
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// A folder holding `.csv` files is one CSV-folder export (its CSV files only); any other folder
/// is walked for export files. Symbolic links are followed; a folder already walked (a link
/// back up the tree) is not walked again, and a broken or looping link is a path error.
fn walk(dir: &Path, found: &mut Vec<Input>, seen: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let real = std::fs::canonicalize(dir).map_err(|e| path_error(dir, &e))?;
    if seen.contains(&real) {
        return Ok(());
    }
    seen.push(real);
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| path_error(dir, &e))? {
        let entry = entry.map_err(|e| path_error(dir, &e))?;
        let path = entry.path();
        let meta = std::fs::metadata(&path).map_err(|e| path_error(&path, &e))?;
        entries.push((path, meta.is_dir()));
    }
    let mut csvs: Vec<PathBuf> = entries
        .iter()
        .filter(|(p, is_dir)| !is_dir && is_csv(p))
        .map(|(p, _)| p.clone())
        .collect();
    if !csvs.is_empty() {
        csvs.sort_by_key(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
            (
                table::table_rank(stem.as_deref().unwrap_or_default()),
                p.clone(),
            )
        });
        found.push(Input::CsvFolder(dir.to_path_buf(), csvs));
        return Ok(());
    }
    for (path, is_dir) in entries {
        if is_dir {
            walk(&path, found, seen)?;
        } else if let Some(format) = Format::from_path(&path) {
            found.push(Input::File(path, format));
        }
    }
    Ok(())
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
