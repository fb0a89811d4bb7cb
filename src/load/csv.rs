//! CSV text to rows of cells, each cell with the exact byte range it occupies in the file
//! (quotes included). csv-core does the parsing; we track how much input each field consumed,
//! since the `csv` crate's ranges are relative to its unescaped buffer and wrong on quoted fields.

use csv_core::{ReadFieldResult, Reader};

use super::table::{CellValue, RawCell, RawRow};
use crate::model::Span;

/// Rows in file order. `number` is the row as a spreadsheet shows it: blank lines count, and a
/// quoted cell spanning lines is still one row.
pub fn rows(text: &str) -> Vec<RawRow> {
    let input = text.as_bytes();
    let mut reader = Reader::new();
    let mut out = vec![0u8; 1024];
    let mut rows = Vec::new();
    let mut row = RawRow::default();
    let mut row_number = 1;
    let mut pos = 0;
    // csv-core ends a record at the `\r` of `\r\n`; that `\n` is then no blank line.
    let mut ended_on_cr = false;
    loop {
        let mut field_start = pos;
        if row.cells.is_empty() {
            // Blank lines and the `\n` of a `\r\n` are skipped by csv-core before a record.
            let skipped = leading_newlines(input.get(pos..).unwrap_or_default());
            let newlines = count_lf(input.get(pos..pos + skipped).unwrap_or_default());
            let crlf_rest = usize::from(ended_on_cr && input.get(pos) == Some(&b'\n'));
            row_number += newlines - crlf_rest;
            field_start += skipped;
            row.start = field_start;
        }
        let mut written = 0;
        let record_end = loop {
            // All remaining input is passed each time, so an empty slice means end of input.
            let (result, nin, nout) = reader.read_field(
                input.get(pos..).unwrap_or_default(),
                out.get_mut(written..).unwrap_or_default(),
            );
            pos += nin;
            written += nout;
            match result {
                ReadFieldResult::OutputFull => out.resize(out.len() * 2, 0),
                ReadFieldResult::InputEmpty => {}
                ReadFieldResult::Field { record_end } => break Some(record_end),
                ReadFieldResult::End => break None,
            }
        };
        let Some(record_end) = record_end else { break };
        let raw = input.get(field_start..pos).unwrap_or_default();
        let len = raw.len() - terminator_len(raw);
        let content = String::from_utf8_lossy(out.get(..written).unwrap_or_default()).into_owned();
        row.cells.push(RawCell {
            value: if content.trim().is_empty() {
                CellValue::Empty
            } else {
                CellValue::Text(content)
            },
            span: Span::new(field_start, len),
            quoted: raw.first() == Some(&b'"'),
        });
        if record_end {
            row.number = row_number;
            row_number += 1;
            ended_on_cr = raw.last() == Some(&b'\r');
            rows.push(std::mem::take(&mut row));
        }
    }
    rows
}

fn leading_newlines(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| **b == b'\n' || **b == b'\r')
        .count()
}

fn count_lf(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// The delimiter or record terminator csv-core consumed with the field.
fn terminator_len(raw: &[u8]) -> usize {
    match raw {
        [.., b'\r', b'\n'] => 2,
        [.., b','] | [.., b'\n'] | [.., b'\r'] => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<(usize, Vec<&str>)> {
        rows(text)
            .iter()
            .map(|r| {
                (
                    r.number,
                    r.cells
                        .iter()
                        .map(|c| &text[c.span.offset..c.span.offset + c.span.len])
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn spans_cover_the_raw_cell_quotes_included() {
        let text = "a,b,c\n1,\"x, \"\"y\"\"\",3\n";
        assert_eq!(
            cells(text),
            vec![
                (1, vec!["a", "b", "c"]),
                (2, vec!["1", "\"x, \"\"y\"\"\"", "3"])
            ]
        );
        let r = rows(text);
        assert_eq!(r[1].cells[1].value, CellValue::Text("x, \"y\"".into()));
        assert!(r[1].cells[1].quoted);
    }

    #[test]
    fn crlf_blank_lines_and_no_final_newline() {
        let text = "a,b\r\n1,2\r\n\r\n3,4";
        assert_eq!(
            cells(text),
            vec![
                (1, vec!["a", "b"]),
                (2, vec!["1", "2"]),
                (4, vec!["3", "4"])
            ]
        );
    }

    #[test]
    fn a_quoted_newline_keeps_the_row_and_advances_the_next() {
        let text = "a,b\n\"x\ny\",2\n5,6\n";
        assert_eq!(
            cells(text),
            vec![
                (1, vec!["a", "b"]),
                (2, vec!["\"x\ny\"", "2"]),
                (3, vec!["5", "6"])
            ]
        );
    }

    #[test]
    fn empty_cells_are_empty() {
        let r = rows("a,b,c\n,,\n");
        assert_eq!(r[1].cells.len(), 3);
        assert!(r[1].cells.iter().all(|c| c.value == CellValue::Empty));
        assert_eq!(r[1].cells[2].span, Span::new(8, 0));
    }

    #[test]
    fn content_offsets_map_through_doubled_quotes() {
        let text = "\"a\"\"b,c\"\n";
        let r = rows(text);
        let cell = &r[0].cells[0];
        assert_eq!(cell.value, CellValue::Text("a\"b,c".into()));
        // content "a\"b,c": the comma is content byte 3, raw byte 5.
        assert_eq!(cell.content_offset(text, 3), 5);
        assert_eq!(&text[cell.content_offset(text, 4)..][..1], "c");
    }
}
