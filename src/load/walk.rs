//! From the paths a run names to the inputs it reads: a file is what its content says
//! ([`super::sniff`]); a folder holding `.csv` files is one CSV-folder export; any other folder
//! is walked, and every file it passes over is listed with the reason, never dropped silently.

use std::path::{Path, PathBuf};

use super::sniff::{self, Book, Kind, Other};
use super::{Format, LoadError, path_error, table};
use crate::text::Msg;

/// One export input found under a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Text(PathBuf, Format),
    Workbook(PathBuf, Book),
    /// CSV files, one table each: a CSV folder's (named by the folder), or one file alone.
    Csv(PathBuf, Vec<PathBuf>),
}

/// A file or folder a walk did not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: Why,
}

/// Why a walk passed over a file or folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Its content is no export: what it looks like.
    Looks(Other),
    /// Neither its extension nor its content makes it an export (a README, a log).
    NotAnExportName,
    /// A file whose name starts with a dot.
    Hidden,
    /// A folder whose name starts with a dot (`.git`): not walked.
    HiddenFolder,
    /// A file or folder beside the tables of a CSV folder, of which only the `.csv` files are read.
    BesideCsvTables,
}

impl Skipped {
    pub fn message(&self) -> Msg {
        let p = crate::text::inert(self.path.display().to_string());
        let (zh, en) = match self.why {
            Why::Looks(other) => {
                let what = other.looks_like();
                (
                    format!("已跳过 {p}：{}", what.zh),
                    format!("skipped {p}: {}", what.en),
                )
            }
            Why::NotAnExportName => (
                format!(
                    "已跳过 {p}：扩展名不是导出文件的，内容也不是 JSON、JSON Lines 或工作簿（若是 YAML 或 CSV，请改用 .yaml 或 .csv 扩展名）"
                ),
                format!(
                    "skipped {p}: its extension is not an export's and its content is not JSON, JSON Lines or a workbook (a YAML or CSV file should be named .yaml or .csv)"
                ),
            ),
            Why::Hidden => (
                format!("已跳过 {p}：隐藏文件"),
                format!("skipped {p}: a hidden file"),
            ),
            Why::HiddenFolder => (
                format!("已跳过 {p}：隐藏文件夹，未进入"),
                format!("skipped {p}: a hidden folder, not walked"),
            ),
            Why::BesideCsvTables => (
                format!("已跳过 {p}：所在文件夹含 CSV 表，只读取其中的 .csv 文件"),
                format!(
                    "skipped {p}: its folder holds CSV tables, and only the .csv files of such a folder are read"
                ),
            ),
        };
        Msg::new(zh, en)
    }
}

/// What a path gave: the inputs to read and what was passed over.
#[derive(Debug, Default)]
pub struct Expanded {
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
}

/// The inputs under `path`. A file named on the command line is read whatever its name, if its
/// content is an export's; else the run cannot be done as asked (exit 2), with what it looks like.
pub fn expand(path: &Path) -> Result<Expanded, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| path_error(path, &e))?;
    if meta.is_file() {
        let kind = sniff::sniff_path(path, sniff::hint(path)).map_err(|e| path_error(path, &e))?;
        let input = input_of(path, kind).map_err(|other| unsupported(path, other))?;
        return Ok(Expanded {
            inputs: vec![input],
            skipped: Vec::new(),
        });
    }
    let mut expanded = Expanded::default();
    walk(path, &mut expanded, &mut Vec::new())?;
    if expanded.inputs.is_empty() {
        return Err(no_export_in(path, &expanded.skipped));
    }
    expanded.inputs.sort();
    Ok(expanded)
}

/// The input a file of this kind is; a kind that is none is what the file looks like.
fn input_of(path: &Path, kind: Kind) -> Result<Input, Other> {
    let path = path.to_path_buf();
    match kind {
        Kind::Text(format) => Ok(Input::Text(path, format)),
        Kind::Workbook(book) => Ok(Input::Workbook(path, book)),
        Kind::Csv => {
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            Ok(Input::Csv(dir, vec![path]))
        }
        Kind::Other(other) => Err(other),
    }
}

/// The error for a named file of no supported kind.
pub fn unsupported(path: &Path, other: Other) -> LoadError {
    let p = crate::text::inert(path.display().to_string());
    let what = other.looks_like();
    LoadError::Path(Msg::new(
        format!(
            "{p} 不是可读取的导出文件：{}。支持的导出：JSON、JSON Lines、YAML、CSV，以及 .xlsx/.xlsm/.xlsb/.xls/.ods/.et 工作簿",
            what.zh
        ),
        format!(
            "{p} is not an export this tool reads: {}. Exports are JSON, JSON Lines, YAML, CSV, or .xlsx/.xlsm/.xlsb/.xls/.ods/.et workbooks",
            what.en
        ),
    ))
}

/// How many passed-over files the error for a folder with no export names.
const LISTED_SKIPS: usize = 5;

fn no_export_in(dir: &Path, skipped: &[Skipped]) -> LoadError {
    let shown = crate::text::inert(dir.display().to_string());
    let mut msg = Msg::new(
        format!("目录中没有导出文件（JSON、JSON Lines、YAML、CSV 或工作簿）：{shown}"),
        format!("no export file (JSON, JSON Lines, YAML, CSV or a workbook) in {shown}"),
    );
    for s in skipped.iter().take(LISTED_SKIPS) {
        let why = s.message();
        msg = Msg::new(
            format!("{}\n  {}", msg.zh, why.zh),
            format!("{}\n  {}", msg.en, why.en),
        );
    }
    if let Some(more) = skipped.len().checked_sub(LISTED_SKIPS).filter(|n| *n > 0) {
        msg = Msg::new(
            format!("{}\n  另有 {more} 项已跳过", msg.zh),
            format!("{}\n  and {more} more skipped", msg.en),
        );
    }
    LoadError::Path(msg)
}

/// One entry of a folder: its path, whether it is a folder, and its name.
struct Entry {
    path: PathBuf,
    is_dir: bool,
    name: String,
}

/// A folder holding `.csv` files is one CSV-folder export (its CSV files only); any other folder
/// is walked for export files. Symbolic links are followed; a folder already walked (a link
/// back up the tree) is not walked again, and a broken or looping link is a path error.
fn walk(dir: &Path, found: &mut Expanded, seen: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let real = std::fs::canonicalize(dir).map_err(|e| path_error(dir, &e))?;
    if seen.contains(&real) {
        return Ok(());
    }
    seen.push(real);
    let entries = entries(dir)?;
    if entries.iter().any(|e| !e.is_dir && is_csv(&e.path)) {
        return csv_folder(dir, entries, found);
    }
    for entry in entries {
        if entry.is_dir && entry.name.starts_with('.') {
            found.skip(entry.path, Why::HiddenFolder);
        } else if entry.is_dir {
            walk(&entry.path, found, seen)?;
        } else {
            walked_file(entry, found)?;
        }
    }
    Ok(())
}

/// A folder's entries, in name order.
fn entries(dir: &Path) -> Result<Vec<Entry>, LoadError> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| path_error(dir, &e))? {
        let entry = entry.map_err(|e| path_error(dir, &e))?;
        let path = entry.path();
        let meta = std::fs::metadata(&path).map_err(|e| path_error(&path, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        entries.push(Entry {
            path,
            is_dir: meta.is_dir(),
            name,
        });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// A file met in a walk: read if its name and content agree it is an export, or its content
/// alone leaves no doubt; else listed as skipped.
fn walked_file(entry: Entry, found: &mut Expanded) -> Result<(), LoadError> {
    if sniff::is_lock_file(&entry.name) {
        found.skip(entry.path, Why::Looks(Other::LockFile));
        return Ok(());
    }
    if entry.name.starts_with('.') {
        found.skip(entry.path, Why::Hidden);
        return Ok(());
    }
    let hint = sniff::hint(&entry.path);
    let kind = sniff::sniff_path(&entry.path, hint).map_err(|e| path_error(&entry.path, &e))?;
    if hint.is_none() && !matches!(kind, Kind::Other(_)) && !kind.is_clear_without_extension() {
        found.skip(entry.path, Why::NotAnExportName);
        return Ok(());
    }
    match input_of(&entry.path, kind) {
        Ok(input) => found.inputs.push(input),
        Err(other) => found.skip(entry.path, Why::Looks(other)),
    }
    Ok(())
}

/// A CSV folder: its `.csv` files are its tables, in table order (a `.csv` that is really a
/// workbook is read as one; one of no supported kind is skipped); everything else in it is
/// listed as skipped.
fn csv_folder(dir: &Path, entries: Vec<Entry>, found: &mut Expanded) -> Result<(), LoadError> {
    let mut csvs = Vec::new();
    for entry in entries {
        if entry.is_dir || !is_csv(&entry.path) {
            found.skip(entry.path, Why::BesideCsvTables);
            continue;
        }
        match sniff::sniff_path(&entry.path, Some(Kind::Csv))
            .map_err(|e| path_error(&entry.path, &e))?
        {
            Kind::Csv | Kind::Text(_) => csvs.push(entry.path),
            Kind::Workbook(book) => found.inputs.push(Input::Workbook(entry.path, book)),
            Kind::Other(other) => found.skip(entry.path, Why::Looks(other)),
        }
    }
    csvs.sort_by_key(|p| {
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
        (
            table::table_rank(stem.as_deref().unwrap_or_default()),
            p.clone(),
        )
    });
    if !csvs.is_empty() {
        found.inputs.push(Input::Csv(dir.to_path_buf(), csvs));
    }
    Ok(())
}

impl Expanded {
    fn skip(&mut self, path: PathBuf, why: Why) {
        self.skipped.push(Skipped { path, why });
    }
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}
