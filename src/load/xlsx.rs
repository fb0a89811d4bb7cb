//! XLSX workbooks: one sheet per table. calamine reads the cells (real date cells included); each
//! sheet is rendered as text, one spreadsheet row per line and cells separated by ` | `, so
//! findings have a line to show and the cell is underlined there.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::table::{CellValue, RawCell, RawRow, RawTable};
use crate::model::{Grid, Span};

const SEPARATOR: &str = " | ";

/// The workbook's sheets as tables, appended to `text`; or why the workbook cannot be read.
pub fn tables(bytes: &[u8], file: &str, text: &mut String) -> Result<Vec<RawTable>, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("{name}: {e}"))?;
        let Some((first_row, _)) = range.start() else {
            continue;
        };
        tables.push(sheet(&name, &range, first_row as usize, file, text));
    }
    Ok(tables)
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
