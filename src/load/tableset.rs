//! All tabular inputs of a run (CSV files from any number of folders, workbooks of any format)
//! as one set of tables, joined on `case_id` once every table is in ("all inputs of one run form
//! one export": one workbook per table, CSV files in several folders).
//!
//! The set is one source file of the export, whose text is every table's rendering one after
//! another; each table's part of it names its own file and sheet ([`crate::model::Grid`]), so a
//! finding on an item joined from `问题线索.xlsx` to a case of `案卷.xlsx` still points at its
//! cell in `问题线索.xlsx`.

use std::path::Path;

use super::sniff::Book;
use super::table::{self, RawTable};
use super::{Export, LoadIssue, LoadOptions, Parsed, csv, encoding, guard, workbook};
use crate::model::{FileId, Grid, SourceFile, Span};
use crate::text::Msg;

#[derive(Debug)]
pub struct TableSet {
    /// The export's file slot, taken by the run's first tabular input so findings keep the
    /// order in which the inputs were named.
    file: FileId,
    /// The inputs read into the set (CSV folders, workbooks), as reports list them.
    inputs: Vec<String>,
    text: String,
    tables: Vec<RawTable>,
}

impl TableSet {
    /// The run's set, made (and its file slot taken) by the first tabular input read; `input`
    /// is the CSV folder or workbook being added, as reports list it.
    fn open<'s>(
        slot: &'s mut Option<TableSet>,
        export: &mut Export,
        input: &str,
    ) -> &'s mut TableSet {
        let set = slot.get_or_insert_with(|| {
            let file = export.files.len();
            export
                .files
                .push(SourceFile::plain(input.to_string(), String::new()));
            TableSet {
                file,
                inputs: Vec::new(),
                text: String::new(),
                tables: Vec::new(),
            }
        });
        if !set.inputs.iter().any(|i| i == input) {
            set.inputs.push(input.to_string());
        }
        set
    }

    /// Adds one CSV file of the input `input` (its folder), one table named by the file's stem;
    /// each byte sequence that does not decode is a finding in its cell.
    pub fn add_csv(
        slot: &mut Option<TableSet>,
        export: &mut Export,
        input: &str,
        path: &Path,
        bytes: &[u8],
        opts: LoadOptions,
    ) {
        let set = TableSet::open(slot, export, input);
        let decoded = encoding::decode(bytes, opts.encoding);
        export.encoding_issues(set.file, set.text.len(), &decoded);
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut text = decoded.text;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let table = RawTable {
            rows: csv::rows(&text),
            grid: Grid {
                file: path.display().to_string(),
                sheet: name.clone(),
                end: text.len(),
                ..Default::default()
            },
            name,
        };
        set.push(&text, vec![table]);
    }

    /// Adds a workbook's sheets; one that cannot be read is a finding on a source of its own
    /// (it has no table to place one in), not the end of the run.
    pub fn add_workbook(
        slot: &mut Option<TableSet>,
        export: &mut Export,
        path: String,
        bytes: &[u8],
        book: Book,
    ) {
        // calamine can panic on a malformed workbook (an integer overflow on an absurd cell
        // reference); that is bad input, so it becomes a finding like any unreadable workbook.
        let read = std::panic::catch_unwind(|| {
            let mut text = String::new();
            workbook::tables(bytes, book, &path, &mut text).map(|read| (text, read))
        })
        .unwrap_or_else(|_| Err("the workbook's contents are malformed".to_string()));
        let (mut text, mut read) = match read {
            Ok(read) => read,
            Err(e) => return unreadable(export, path, book, &e),
        };
        name_by_file(&path, &mut read.tables);
        // A sheet not read gets a line of its own, for the finding about it to point at.
        let mut too_large = Vec::new();
        for (sheet, cells) in read.too_large {
            let start = text.len();
            text.push('\n');
            read.tables
                .push(placeholder(&path, &sheet, start, text.len()));
            too_large.push((start, sheet, cells));
        }
        let set = TableSet::open(slot, export, &path);
        let base = set.text.len();
        set.push(&text, read.tables);
        for (start, sheet, cells) in too_large {
            let span = Span::new(base + start, 0);
            let mut issue = guard::sheet_too_large(set.file, span, &sheet, cells);
            if read.none_read {
                issue.message = Msg::new(
                    format!(
                        "{}；旧版工作簿（.xls、.et）只能整本读取，故其各工作表均未读取",
                        issue.message.zh
                    ),
                    format!(
                        "{}; a legacy workbook (.xls, .et) is read whole, so none of its sheets was",
                        issue.message.en
                    ),
                );
            }
            export.issues.push(issue);
        }
    }

    /// Appends tables read from `text` (their places relative to it) to the set's text.
    fn push(&mut self, text: &str, tables: Vec<RawTable>) {
        let base = self.text.len();
        self.text.push_str(text);
        self.tables
            .extend(tables.into_iter().map(|t| shifted(t, base)));
    }

    /// Joins the tables into records, and puts the set into its file slot.
    pub fn finish(self, export: &mut Export) {
        let mut parsed = Parsed::default();
        table::load(&self.tables, &self.text, self.file, &mut parsed);
        let path = self.inputs.first().cloned().unwrap_or_default();
        let mut source = SourceFile::plain(path, self.text);
        source.tables = self.tables.iter().map(RawTable::layout).collect();
        source.inputs = self.inputs;
        if let Some(slot) = export.files.get_mut(self.file) {
            *slot = source;
        }
        export.records.extend(parsed.records);
        export.issues.extend(parsed.issues);
    }
}

/// A table moved `by` bytes on in the text.
fn shifted(mut t: RawTable, by: usize) -> RawTable {
    t.grid.start += by;
    t.grid.end += by;
    for row in &mut t.rows {
        row.start += by;
        for cell in &mut row.cells {
            cell.span.offset += by;
        }
    }
    t
}

/// The table standing for a sheet that was not read: no rows, one line of the text.
fn placeholder(path: &str, sheet: &str, start: usize, end: usize) -> RawTable {
    RawTable {
        name: sheet.to_string(),
        grid: Grid {
            file: path.to_string(),
            sheet: sheet.to_string(),
            is_sheet: true,
            start,
            end,
            ..Grid::default()
        },
        rows: Vec::new(),
    }
}

/// A workbook of one table whose sheet keeps a default name (`Sheet1`, as Excel and WPS make
/// it) is named by its file (`问题线索.xlsx`): one workbook per table is a common way to export.
fn name_by_file(path: &str, tables: &mut [RawTable]) {
    let [only] = tables else { return };
    if table::table_def(&only.name).is_some() {
        return;
    }
    let stem = Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    if let Some(stem) = stem.filter(|s| table::table_def(s).is_some()) {
        only.name = stem;
    }
}

/// A workbook that cannot be read: a `data.syntax` finding on a source of its own.
fn unreadable(export: &mut Export, path: String, book: Book, error: &str) {
    let file = export.files.len();
    let name = book.name();
    export.issues.push(LoadIssue {
        rule: "data.syntax",
        file,
        span: Span::new(0, 0),
        message: Msg::new(
            format!("无法读取 {name} 工作簿：{error}"),
            format!("cannot read the {name} workbook: {error}"),
        ),
    });
    export.files.push(SourceFile::plain(path, String::new()));
}
