//! Loaders: one module per input format, each turning bytes into the same [`Record`] model.

mod json;
mod jsonl;
mod yaml;

use std::path::{Path, PathBuf};

use crate::model::{FileId, Kind, Node, Record, SourceFile, Span, Value};
use crate::text::Msg;

pub use json::parse_json_value;
pub use yaml::parse_documents as yaml_documents;

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
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

impl Export {
    /// Reads every path (files, or directories walked for export files) into one export.
    pub fn load_paths(paths: &[PathBuf]) -> Result<Export, LoadError> {
        let mut export = Export::default();
        for path in paths {
            if path.as_os_str() == "-" {
                let text = read_stdin()?;
                export.add_text("<stdin>".to_string(), text, Format::JsonLines);
                continue;
            }
            for (file, format) in expand(path)? {
                let text = read_file(&file)?;
                export.add_text(file.display().to_string(), text, format);
            }
        }
        Ok(export)
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

fn expand(path: &Path) -> Result<Vec<(PathBuf, Format)>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| path_error(path, &e))?;
    if meta.is_file() {
        let format = Format::from_path(path).unwrap_or(Format::JsonLines);
        return Ok(vec![(path.to_path_buf(), format)]);
    }
    let mut found = Vec::new();
    walk(path, &mut found)?;
    found.sort();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<(PathBuf, Format)>) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| path_error(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| path_error(dir, &e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| path_error(&path, &e))?;
        if file_type.is_dir() {
            walk(&path, found)?;
        } else if let Some(format) = Format::from_path(&path) {
            found.push((path, format));
        }
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| path_error(path, &e))?;
    Ok(decode_utf8(bytes))
}

fn read_stdin() -> Result<String, LoadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
        LoadError::Path(Msg::new(
            format!("无法读取标准输入：{e}"),
            format!("cannot read standard input: {e}"),
        ))
    })?;
    Ok(decode_utf8(bytes))
}

/// Invalid UTF-8 is replaced by U+FFFD so one bad byte does not lose the file; the replaced
/// text then fails date or name checks at its place rather than silently passing.
fn decode_utf8(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
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
