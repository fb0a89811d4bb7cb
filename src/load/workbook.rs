//! Workbooks, every format calamine reads (`.xlsx`/`.xlsm`, `.xlsb`, `.xls` and WPS `.et`/`.ett`,
//! `.ods`): one sheet per table. calamine reads the cells (real date cells included); each sheet
//! is rendered as text, one spreadsheet row per line and cells separated by ` | `, so findings
//! have a line to show and the cell is underlined there. Which format a file is was told by its
//! content ([`super::sniff`]), so a workbook under another name is read as what it is.

use std::fmt::Display;
use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, SheetType, Xls, Xlsb, Xlsx};

use super::sniff::Book;
use super::table::{CellValue, RawCell, RawRow, RawTable};
use crate::model::{Grid, Span};

const SEPARATOR: &str = " | ";

/// The largest sheet read, in cells of its used area (from its first to its last filled row
/// and column). calamine holds a sheet as a dense grid of that area, so one cell at A1 and one
/// at XFD1048576 would need 17 billion cells; exports use a few million at most.
pub const MAX_SHEET_CELLS: u64 = 10_000_000;

/// What a workbook gave: its tables, and the sheets too large to read (name, cells).
pub struct Workbook {
    pub tables: Vec<RawTable>,
    pub too_large: Vec<(String, u64)>,
    /// No sheet was read because of the sheets too large: a legacy workbook is read whole.
    pub none_read: bool,
}

type Bytes<'a> = Cursor<&'a [u8]>;

/// The workbook's sheets as tables, appended to `text`; or why the workbook cannot be read.
pub fn tables(bytes: &[u8], book: Book, file: &str, text: &mut String) -> Result<Workbook, String> {
    let cursor = Cursor::new(bytes);
    match book {
        Book::Xlsx => read(opened(Xlsx::new(cursor))?, xlsx_area, file, text),
        Book::Xlsb => read(opened(Xlsb::new(cursor))?, xlsb_area, file, text),
        Book::Ods => read(opened(Ods::new(cursor))?, no_area, file, text),
        Book::Xls => match too_large_legacy(bytes) {
            Some(too_large) => Ok(Workbook {
                tables: Vec::new(),
                too_large,
                none_read: true,
            }),
            None => read(opened(Xls::new(cursor))?, no_area, file, text),
        },
    }
}

/// The sheets of a legacy workbook too large to read, measured before calamine builds them
/// all at once ([`super::biff`]); `None` when every sheet fits.
fn too_large_legacy(bytes: &[u8]) -> Option<Vec<(String, u64)>> {
    let large: Vec<(String, u64)> = super::biff::sheet_areas(bytes)?
        .into_iter()
        .filter(|s| s.cells > MAX_SHEET_CELLS)
        .map(|s| (s.name, s.cells))
        .collect();
    (!large.is_empty()).then_some(large)
}

fn opened<B, E: Display>(book: Result<B, E>) -> Result<B, String> {
    book.map_err(|e| e.to_string())
}

/// The worksheets of `book` as tables. `area` counts a sheet's used area before its grid is
/// built, where the format can stream its cells (Office Open XML, XLSB); the others hold every
/// sheet's grid once opened, and are measured by it.
fn read<'a, B>(
    mut book: B,
    area: fn(&mut B, &str) -> Result<Option<u64>, String>,
    file: &str,
    text: &mut String,
) -> Result<Workbook, String>
where
    B: Reader<Bytes<'a>>,
    B::Error: Display,
{
    let mut tables = Vec::new();
    let mut too_large = Vec::new();
    for name in worksheet_names(&book) {
        if let Some(cells) = area(&mut book, &name)?
            && cells > MAX_SHEET_CELLS
        {
            too_large.push((name, cells));
            continue;
        }
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("{name}: {e}"))?;
        let cells = range_cells(&range);
        if cells > MAX_SHEET_CELLS {
            too_large.push((name, cells));
            continue;
        }
        let Some((first_row, _)) = range.start() else {
            continue;
        };
        tables.push(sheet(&name, &range, first_row as usize, file, text));
    }
    Ok(Workbook {
        tables,
        too_large,
        none_read: false,
    })
}

/// The worksheets, in workbook order: chart, dialog and macro sheets hold no table.
fn worksheet_names<'a, B: Reader<Bytes<'a>>>(book: &B) -> Vec<String> {
    book.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

fn range_cells(range: &Range<Data>) -> u64 {
    let (rows, cols) = range.get_size();
    (rows as u64).saturating_mul(cols as u64)
}

fn no_area<B>(_: &mut B, _: &str) -> Result<Option<u64>, String> {
    Ok(None)
}

/// Cells in the area from a sheet's first to its last cell, counted by streaming its cells
/// (its `<dimension>` element may say anything).
fn xlsx_area(book: &mut Xlsx<Bytes<'_>>, name: &str) -> Result<Option<u64>, String> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| format!("{name}: {e}"))?;
    streamed_area(name, || {
        reader.next_cell().map(|c| c.map(|c| c.get_position()))
    })
}

/// As [`xlsx_area`], for the binary format.
fn xlsb_area(book: &mut Xlsb<Bytes<'_>>, name: &str) -> Result<Option<u64>, String> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| format!("{name}: {e}"))?;
    streamed_area(name, || {
        reader.next_cell().map(|c| c.map(|c| c.get_position()))
    })
}

/// The used area of the cell positions `next` gives one by one.
fn streamed_area<E: Display>(
    name: &str,
    mut next: impl FnMut() -> Result<Option<(u32, u32)>, E>,
) -> Result<Option<u64>, String> {
    let mut area = Area::default();
    while let Some(at) = next().map_err(|e| format!("{name}: {e}"))? {
        area.add(at);
    }
    Ok(Some(area.cells()))
}

/// The bounding box of the cells seen: (first row, first column, last row, last column).
#[derive(Default)]
pub(super) struct Area(Option<(u32, u32, u32, u32)>);

impl Area {
    pub(super) fn add(&mut self, (r, c): (u32, u32)) {
        self.0 = Some(match self.0 {
            None => (r, c, r, c),
            Some((r0, c0, r1, c1)) => (r0.min(r), c0.min(c), r1.max(r), c1.max(c)),
        });
    }

    pub(super) fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, c0, r1, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

fn sheet(
    name: &str,
    range: &calamine::Range<Data>,
    first_row: usize,
    file: &str,
    text: &mut String,
) -> RawTable {
    let start = text.len();
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    // Rows above the used range are blank lines, so line numbers are row numbers.
    text.push_str(&"\n".repeat(first_row));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let row_start = text.len();
        let mut raw = Vec::new();
        for col in 0..first_col + cells.len() {
            if col > 0 {
                text.push_str(SEPARATOR);
            }
            let value = col
                .checked_sub(first_col)
                .and_then(|c| cells.get(c))
                .map_or(CellValue::Empty, cell_value);
            let shown = super::table::cell_text(&value).replace(['\n', '\r'], " ");
            raw.push(RawCell {
                value,
                span: Span::new(text.len(), shown.len()),
                quoted: false,
            });
            text.push_str(&shown);
        }
        text.push('\n');
        let row = RawRow {
            number: first_row + i + 1,
            start: row_start,
            cells: raw,
        };
        // The header is the first row with any content; blank rows above it are not tables.
        if !(rows.is_empty() && row.cells.iter().all(|c| c.value == CellValue::Empty)) {
            rows.push(row);
        }
    }
    RawTable {
        name: name.to_string(),
        grid: Grid {
            file: file.to_string(),
            sheet: name.to_string(),
            is_sheet: true,
            start,
            end: text.len(),
            ..Grid::default()
        },
        rows,
    }
}

fn cell_value(data: &Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::String(s) if s.trim().is_empty() => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Int(*i),
        Data::Float(f) => CellValue::Float(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => dt.as_datetime().map_or_else(
            || CellValue::Text(dt.to_string()),
            |d| CellValue::Date(d.date()),
        ),
        // OpenDocument date cells carry an ISO date or date-time (`2020-10-13T09:30:00`).
        Data::DateTimeIso(s) => {
            crate::dates::parse_date(s).map_or_else(|| CellValue::Text(s.clone()), CellValue::Date)
        }
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Text(format!("#{e:?}")),
    }
}
