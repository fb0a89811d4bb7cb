//! XLSX workbooks: one sheet per table. calamine reads the cells (real date cells included); each
//! sheet is rendered as text, one spreadsheet row per line and cells separated by ` | `, so
//! findings have a line to show and the cell is underlined there.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

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
}

/// The workbook's sheets as tables, appended to `text`; or why the workbook cannot be read.
pub fn tables(bytes: &[u8], file: &str, text: &mut String) -> Result<Workbook, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut tables = Vec::new();
    let mut too_large = Vec::new();
    for name in book.sheet_names() {
        let cells = used_area(&mut book, &name)?;
        if cells > MAX_SHEET_CELLS {
            too_large.push((name, cells));
            continue;
        }
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("{name}: {e}"))?;
        let Some((first_row, _)) = range.start() else {
            continue;
        };
        tables.push(sheet(&name, &range, first_row as usize, file, text));
    }
    Ok(Workbook { tables, too_large })
}

/// Cells in the area from a sheet's first to its last cell, counted by streaming its cells
/// (its `<dimension>` element may say anything).
fn used_area(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<u64, String> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| format!("{name}: {e}"))?;
    let mut area: Option<(u32, u32, u32, u32)> = None;
    while let Some(cell) = reader.next_cell().map_err(|e| format!("{name}: {e}"))? {
        let (r, c) = cell.get_position();
        area = Some(match area {
            None => (r, c, r, c),
            Some((r0, c0, r1, c1)) => (r0.min(r), c0.min(c), r1.max(r), c1.max(c)),
        });
    }
    Ok(area.map_or(0, |(r0, c0, r1, c1)| {
        (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
    }))
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
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Text(format!("#{e:?}")),
    }
}
