//! The used area of each sheet of a legacy workbook (`.xls`, WPS `.et`), measured from its BIFF
//! cell records before calamine opens it. calamine builds every sheet of such a workbook as a
//! dense grid while opening it, and a cell record's row and column are 16-bit: two cells at
//! A1 and at column 65536 of row 65536 ask for four billion cells, which ends the process (a
//! two-byte edit of a real file did). The records are read here first, so such a workbook is a
//! `data.limit` finding instead.

use std::io::{Cursor, Read};

/// A sheet's name (from the workbook's sheet list) and its used area in cells.
pub struct SheetArea {
    pub name: String,
    pub cells: u64,
}

/// Record types (MS-XLS 2.3).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
/// Records holding one cell at row (bytes 0–1) and column (bytes 2–3).
const ONE_CELL: &[u16] = &[
    0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6,
];
/// Records holding a run of cells: row, first column, …, last column (the record's last 2 bytes).
const CELL_RUN: &[u16] = &[0x00BD, 0x00BE];

/// Each sheet's used area, in the order the workbook stream holds the sheets; `None` when the
/// workbook stream cannot be found (calamine then says why the workbook cannot be read).
pub fn sheet_areas(bytes: &[u8]) -> Option<Vec<SheetArea>> {
    let stream = workbook_stream(bytes)?;
    let mut names: Vec<(u32, String)> = Vec::new();
    let mut sheets = Vec::new();
    // Substreams follow one another (the workbook's globals first, then one per sheet); a
    // chart's substream may sit inside a sheet's.
    let mut depth = 0usize;
    let mut globals_seen = false;
    let mut current: Option<(String, super::workbook::Area)> = None;
    for (offset, kind, data) in records(&stream) {
        match kind {
            BOUNDSHEET => names.extend(boundsheet(data)),
            BOF => {
                depth += 1;
                if depth == 1 && !std::mem::replace(&mut globals_seen, true) {
                    continue;
                }
                if depth == 1 {
                    let name = names
                        .iter()
                        .find(|(at, _)| usize::try_from(*at).ok() == Some(offset))
                        .map_or_else(|| format!("#{}", sheets.len() + 1), |(_, n)| n.clone());
                    current = Some((name, super::workbook::Area::default()));
                }
            }
            EOF => {
                if depth == 1
                    && let Some((name, area)) = current.take()
                {
                    sheets.push(SheetArea {
                        name,
                        cells: area.cells(),
                    });
                }
                depth = depth.saturating_sub(1);
            }
            _ => {
                if let Some((_, area)) = current.as_mut() {
                    cell_positions(kind, data).for_each(|at| area.add(at));
                }
            }
        }
    }
    Some(sheets)
}

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream of the compound file.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = file
        .open_stream("/Workbook")
        .or_else(|_| file.open_stream("/Book"))
        .ok()?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out).ok()?;
    Some(out)
}

/// The records of a BIFF stream: (offset, type, data), up to the first one cut short.
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let header = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([*header.first()?, *header.get(1)?]);
        let len = usize::from(u16::from_le_bytes([*header.get(2)?, *header.get(3)?]));
        let data = stream.get(at + 4..at + 4 + len)?;
        let offset = at;
        at += 4 + len;
        Some((offset, kind, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

/// The cells a record places: one, a run along a row, or none.
fn cell_positions(kind: u16, data: &[u8]) -> impl Iterator<Item = (u32, u32)> {
    let row = u16_at(data, 0).map(u32::from);
    let first = u16_at(data, 2).map(u32::from);
    let last = if CELL_RUN.contains(&kind) {
        data.len()
            .checked_sub(2)
            .and_then(|at| u16_at(data, at))
            .map(u32::from)
    } else if ONE_CELL.contains(&kind) {
        first
    } else {
        None
    };
    // The two ends of a run bound it: the area needs no more.
    let ends = match (row, first, last) {
        (Some(r), Some(f), Some(l)) => vec![(r, f), (r, l)],
        _ => Vec::new(),
    };
    ends.into_iter()
}

/// A sheet-list entry: where the sheet's records start in the stream, and its name (BIFF8: a
/// short string of Latin-1 or UTF-16 characters; BIFF5: bytes, read as Latin-1).
fn boundsheet(data: &[u8]) -> Option<(u32, String)> {
    let at = u32::from_le_bytes([*data.first()?, *data.get(1)?, *data.get(2)?, *data.get(3)?]);
    let count = usize::from(*data.get(6)?);
    let utf16 = data.get(7).is_some_and(|flags| flags & 1 == 1);
    let name = if utf16 {
        let units: Vec<u16> = data
            .get(8..8 + 2 * count)?
            .chunks_exact(2)
            .filter_map(|c| Some(u16::from_le_bytes([*c.first()?, *c.get(1)?])))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        let start = if data.len() >= 8 + count { 8 } else { 7 };
        data.get(start..start + count)?
            .iter()
            .map(|&b| char::from(b))
            .collect()
    };
    Some((at, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_workbook_s_sheets_are_measured() {
        let bytes = std::fs::read("fixtures/sample/tables/export.xls").unwrap();
        let areas = sheet_areas(&bytes).unwrap();
        let names: Vec<&str> = areas.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names.first(), Some(&"rounds"));
        assert_eq!(names.len(), 14, "{names:?}");
        let clues = areas.iter().find(|a| a.name == "clues").unwrap();
        assert_eq!(clues.cells, 19 * 7);
    }

    #[test]
    fn a_cell_moved_far_away_is_measured_before_any_grid_is_built() {
        let mut bytes = std::fs::read("fixtures/sample/tables/export.xls").unwrap();
        // The first LABELSST record (type 0x00FD, 10 bytes) gets column 65535.
        let at = bytes
            .windows(4)
            .position(|w| w == b"\xFD\x00\x0A\x00")
            .unwrap();
        bytes[at + 6..at + 8].copy_from_slice(&[0xFF, 0xFF]);
        let areas = sheet_areas(&bytes).unwrap();
        assert!(
            areas.iter().any(|a| a.cells > 65_000),
            "{:?}",
            areas.iter().map(|a| a.cells).collect::<Vec<_>>()
        );
    }

    #[test]
    fn not_a_compound_file_gives_nothing() {
        assert!(sheet_areas(b"not a workbook").is_none());
    }
}
