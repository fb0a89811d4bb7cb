//! Outputs: one module per format. Each renders the same [`RunReport`]; none reaches back into
//! the loaders.

pub mod human;
pub mod json;
pub mod source;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::finding::Finding;
use crate::model::{CellPlace, SourceFile};
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
        self.files
            .iter()
            .map(|f| IndexedSource::new(f.path.clone(), &f.text))
            .collect()
    }

    pub fn place(&self, sources: &[IndexedSource], f: &Finding) -> Place {
        let (line, column) = sources
            .get(f.file)
            .map_or((1, 1), |s| s.line_col(f.span.offset));
        Place {
            file: sources
                .get(f.file)
                .map_or_else(String::new, |s| s.name.clone()),
            line,
            column,
            offset: f.span.offset,
            length: f.span.len,
            cell: self
                .files
                .get(f.file)
                .and_then(|file| file.grid.as_ref())
                .and_then(|g| g.locate(f.span.offset)),
        }
    }

    pub fn count_by<K: Ord>(&self, key: impl Fn(&Finding) -> K) -> BTreeMap<K, usize> {
        let mut m = BTreeMap::new();
        for f in self.findings {
            *m.entry(key(f)).or_insert(0) += 1;
        }
        m
    }
}
