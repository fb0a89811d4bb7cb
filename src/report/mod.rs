//! Outputs: one module per format. Each renders the same [`RunReport`]; none reaches back into
//! the loaders.

pub mod human;
pub mod json;
pub mod source;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::finding::Finding;
use crate::model::{CellPlace, FileId, SourceFile, Span};
use crate::text::{Lang, Msg};
use source::IndexedSource;

/// Everything an output needs about one run.
pub struct RunReport<'a> {
    pub pack_id: String,
    pub pack_title: Msg,
    pub effective_from: NaiveDate,
    pub as_of: NaiveDate,
    pub files: &'a [SourceFile],
    pub records: usize,
    pub cases: usize,
    pub not_applicable: usize,
    pub open: usize,
    pub findings: &'a [Finding],
    pub warnings: Vec<Msg>,
    pub lang: Lang,
    /// Article texts by number, for outputs that quote the law.
    pub articles: BTreeMap<u32, String>,
}

/// A finding's place as a reader needs it.
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub length: usize,
    /// For tabular input: sheet (or CSV file), row, column name and cell.
    pub cell: Option<CellPlace>,
}

impl RunReport<'_> {
    pub fn sources(&self) -> Vec<IndexedSource<'_>> {
        index_sources(self.files)
    }

    pub fn place(&self, sources: &[IndexedSource], f: &Finding) -> Place {
        locate(self.files, sources, f.file, f.span)
    }

    pub fn count_by<K: Ord>(&self, key: impl Fn(&Finding) -> K) -> BTreeMap<K, usize> {
        let mut m = BTreeMap::new();
        for f in self.findings {
            *m.entry(key(f)).or_insert(0) += 1;
        }
        m
    }
}

/// Where a span of a source file is, as a reader needs it. `sources` are the files' indexes
/// (from [`index_sources`]), built once per report.
pub fn locate(files: &[SourceFile], sources: &[IndexedSource], file: FileId, span: Span) -> Place {
    let (line, column) = sources
        .get(file)
        .map_or((1, 1), |s| s.line_col(span.offset));
    let table = files.get(file).and_then(|f| f.table_at(span.offset));
    let cell = table.and_then(|g| g.locate(span.offset));
    // A sheet's text is our rendering: its line is the row, its column the cell's column.
    let column = match (table, &cell) {
        (Some(g), Some(c)) if g.is_sheet => c.column,
        _ => column,
    };
    let name = match table {
        Some(g) => g.file.clone(),
        None => sources
            .get(file)
            .map_or_else(String::new, |s| s.name.clone()),
    };
    Place {
        file: name,
        line,
        column,
        offset: span.offset,
        length: span.len,
        cell,
    }
}

/// One line index per source file, tables as segments of their own.
pub fn index_sources(files: &[SourceFile]) -> Vec<IndexedSource<'_>> {
    files
        .iter()
        .map(|f| {
            IndexedSource::new(f.path.clone(), &f.text)
                .with_segments(f.tables.iter().map(|t| (t.start, table_name(t))))
        })
        .collect()
}

/// How a table's lines are titled in snippets: the CSV file, or `book.xlsx[sheet]`.
fn table_name(t: &crate::model::Grid) -> String {
    if t.is_sheet {
        format!("{}[{}]", t.file, t.sheet)
    } else {
        t.file.clone()
    }
}
