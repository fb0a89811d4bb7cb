//! The record model every loader produces: a tree of values, each with the byte span it came from.

use chrono::NaiveDate;

pub use crate::key::Key;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

impl Span {
    pub fn new(offset: usize, len: usize) -> Self {
        Span { offset, len }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    /// A date: a real date cell (XLSX), or a date field's text written exactly `YYYY-MM-DD`,
    /// read once by the JSON readers ([`crate::load::dated`]); it shows as that same
    /// text. Other text dates stay `Text` until a rule reads them.
    Date(NaiveDate),
    List(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span }
    }

    /// The child under `key` of a map node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        let number = Key::number(key);
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.is(number, key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The child under `key` of a map node, for a key looked up beforehand (a rule's path).
    pub fn get_key(&self, key: &Key) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node at a path of keys looked up beforehand (see [`Key::path`]).
    pub fn get_keys(&self, keys: &[Key]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get_key(key))
    }

    /// The node at a dotted path of map keys (`report.submitted_on`).
    pub fn get_path(&self, dotted: &str) -> Option<&Node> {
        // Split by hand: paths are a few bytes, read for every field of every record, and the
        // general string searcher costs more to set up than the scan.
        let mut node = self;
        let mut rest = dotted;
        while let Some(dot) = rest.bytes().position(|b| b == b'.') {
            let (key, after) = rest.split_at(dot);
            node = node.get(key)?;
            rest = after.strip_prefix('.').unwrap_or(after);
        }
        node.get(rest)
    }

    /// "Not recorded" in the sense of the export format: null, empty text, empty list.
    pub fn is_blank(&self) -> bool {
        match &self.value {
            Value::Null => true,
            // A text starting with a visible ASCII character is not blank: decided without
            // `trim`'s Unicode scan, since every field of every record is asked.
            Value::Text(s) => match s.as_bytes().first() {
                Some(&b) if b > b' ' && b.is_ascii() => false,
                _ => s.trim().is_empty(),
            },
            Value::List(items) => items.is_empty(),
            _ => false,
        }
    }

    /// The scalar as text, as a user would read it (numbers and booleans included).
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Text(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Date(d) => Some(d.to_string()),
            _ => None,
        }
    }

    /// [`Node::as_text`], borrowing when the value is text (no copy on hot paths).
    pub fn text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.value {
            Value::Text(s) => Some(std::borrow::Cow::Borrowed(s)),
            _ => self.as_text().map(std::borrow::Cow::Owned),
        }
    }

    pub fn as_list(&self) -> Option<&[Node]> {
        match &self.value {
            Value::List(items) => Some(items),
            _ => None,
        }
    }
}

/// The record kinds of the export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Round,
    Case,
    Unit,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "round" => Some(Kind::Round),
            "case" => Some(Kind::Case),
            "unit" => Some(Kind::Unit),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Round => "round",
            Kind::Case => "case",
            Kind::Unit => "unit",
        }
    }
}

/// Index of a source file in the export.
pub type FileId = usize;

#[derive(Debug, Clone)]
pub struct Record {
    pub file: FileId,
    pub root: Node,
    /// `None` when `kind` is missing or unknown (a `data.kind` finding says so).
    pub kind: Option<Kind>,
}

impl Record {
    /// As [`Record::text_at`], borrowing when the value is text (no copy on hot paths).
    pub fn str_at(&self, dotted: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.root.get_path(dotted).filter(|n| !n.is_blank())?.text()
    }

    /// As [`Record::str_at`], for a key looked up beforehand ([`crate::key::ROUND_ID`]).
    pub fn str_at_key(&self, key: &Key) -> Option<std::borrow::Cow<'_, str>> {
        self.root.get_key(key).filter(|n| !n.is_blank())?.text()
    }

    pub fn text_at(&self, dotted: &str) -> Option<String> {
        self.root
            .get_path(dotted)
            .filter(|n| !n.is_blank())
            .and_then(Node::as_text)
    }

    /// The identity a finding quotes: `case_id`, the round's `id`, or the unit's `name`.
    pub fn identity(&self) -> Option<String> {
        match self.kind? {
            Kind::Case => self.text_at("case_id"),
            Kind::Round => self.text_at("id"),
            Kind::Unit => self.text_at("name"),
        }
    }
}

/// One input file as read: its display path and its text (for a workbook sheet, a rendering of
/// the sheet one row per line, so spans and snippets work the same way).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    /// For tabular input (a CSV folder, a workbook): each table's part of `text` and its layout.
    pub tables: Vec<Grid>,
    /// For the tables of a run, which join into one source: the CSV folders and workbooks read
    /// into it, as reports list the run's files. Empty for any other source.
    pub inputs: Vec<String>,
}

impl SourceFile {
    /// A source file as shown in reports: its text with control characters that could act on
    /// a terminal replaced (byte for byte, so spans stay put) — records were parsed before.
    pub fn plain(path: String, text: String) -> Self {
        SourceFile {
            path: crate::text::inert(path),
            text: crate::text::inert_same_length(text),
            tables: Vec::new(),
            inputs: Vec::new(),
        }
    }

    /// The table whose part of the text holds `offset`.
    pub fn table_at(&self, offset: usize) -> Option<&Grid> {
        let at = self.tables.partition_point(|t| t.start <= offset);
        self.tables.get(at.checked_sub(1)?)
    }
}

/// The layout of one table (a CSV file or an XLSX sheet) inside its `SourceFile::text`.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The file a location names: the CSV file, or the workbook.
    pub file: String,
    /// The CSV file's table name or the sheet's name, as the user sees it.
    pub sheet: String,
    /// A workbook sheet (rendered one row per line) rather than a CSV file.
    pub is_sheet: bool,
    /// This table's part of the source text.
    pub start: usize,
    pub end: usize,
    /// Column headers as written.
    pub columns: Vec<String>,
    /// Rows in text order, header included.
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone)]
pub struct GridRow {
    /// 1-based row number as a spreadsheet shows it (the header is row 1).
    pub number: usize,
    /// Where the row starts in the text.
    pub start: usize,
    /// One span per cell, in column order.
    pub cells: Vec<Span>,
}

/// A cell address as a spreadsheet user reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellPlace {
    pub sheet: String,
    pub row: usize,
    pub column_name: String,
    /// 1-based column number (`F` is 6).
    pub column: usize,
    /// `F12`.
    pub cell: String,
    /// The cell's own place in the text (a finding's span may be the whole row).
    pub span: Span,
}

impl Grid {
    /// The cell holding `offset` (or the row's first cell if the offset is between cells).
    pub fn locate(&self, offset: usize) -> Option<CellPlace> {
        let at = self
            .rows
            .partition_point(|r| r.start <= offset)
            .checked_sub(1)?;
        let row = self.rows.get(at)?;
        let col = row
            .cells
            .iter()
            .rposition(|c| c.offset <= offset)
            .unwrap_or(0);
        let span = row.cells.get(col).copied().unwrap_or_default();
        Some(CellPlace {
            sheet: self.sheet.clone(),
            row: row.number,
            column_name: self.columns.get(col).cloned().unwrap_or_default(),
            column: col + 1,
            cell: format!("{}{}", column_letters(col), row.number),
            span,
        })
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_naming() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(5), "F");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn grid_locates_the_cell_holding_an_offset() {
        // "a,b\n1,22\n"
        let grid = Grid {
            file: "t.csv".into(),
            sheet: "t".into(),
            is_sheet: false,
            columns: vec!["a".into(), "b".into()],
            start: 0,
            end: 9,
            rows: vec![
                GridRow {
                    number: 1,
                    start: 0,
                    cells: vec![Span::new(0, 1), Span::new(2, 1)],
                },
                GridRow {
                    number: 2,
                    start: 4,
                    cells: vec![Span::new(4, 1), Span::new(6, 2)],
                },
            ],
        };
        let at = grid.locate(7).unwrap();
        assert_eq!(
            (at.row, at.column_name.as_str(), at.cell.as_str()),
            (2, "b", "B2")
        );
        assert_eq!(grid.locate(4).unwrap().cell, "A2");
        assert_eq!(grid.locate(1).unwrap().cell, "A1");
    }
}
