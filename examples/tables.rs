//! Writes a JSON Lines export as the tables of export-format.md: a CSV folder (Chinese table
//! names and headers, GB18030, as Chinese Excel saves it) and an XLSX workbook (English names,
//! dotted headers, real date cells, the year stored as text, a blank row). The shipped
//! `fixtures/sample/tables/` were made with it:
//!
//! ```sh
//! cargo run --example tables -- fixtures/sample/export.jsonl \
//!     --csv fixtures/sample/tables/csv-gb18030 --xlsx fixtures/sample/tables/export.xlsx
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use clausecheck::model::Kind;
use clausecheck::schema::{self, FieldType};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

/// Table name, Chinese name, record kind, and the item list it holds (None: records).
const TABLES: &[(&str, &str, Kind, Option<&str>)] = &[
    ("rounds", "轮次", Kind::Round, None),
    ("units", "单位名录", Kind::Unit, None),
    ("cases", "案卷", Kind::Case, None),
    ("team_members", "巡视干部", Kind::Case, Some("team.members")),
    (
        "intake_briefings",
        "巡前通报",
        Kind::Case,
        Some("intake_briefings"),
    ),
    ("assessments", "问题研判", Kind::Case, Some("assessments")),
    ("clues", "问题线索", Kind::Case, Some("clues")),
    ("petitions", "信访件", Kind::Case, Some("petitions")),
    (
        "ledger_submissions",
        "整改台账",
        Kind::Case,
        Some("ledger_submissions"),
    ),
    (
        "secretary_points",
        "点人点事",
        Kind::Case,
        Some("secretary_points"),
    ),
    (
        "urgent_matters",
        "紧急问题",
        Kind::Case,
        Some("urgent_matters"),
    ),
    (
        "rectification_reviews",
        "整改审核会",
        Kind::Case,
        Some("rectification_reviews"),
    ),
    ("problems", "发现问题", Kind::Case, Some("problems")),
    ("accountability", "问责", Kind::Case, Some("accountability")),
];

/// One table: column paths (below the record or item) and rows of cells by path.
#[derive(Default)]
struct Table {
    columns: Vec<String>,
    rows: Vec<BTreeMap<String, Value>>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let input = args
        .first()
        .ok_or("usage: tables EXPORT.jsonl [--csv DIR] [--xlsx FILE]")?;
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(PathBuf::from)
    };
    let tables = tables(&std::fs::read_to_string(input)?);
    if let Some(dir) = flag("--csv") {
        write_csv(&tables, &dir)?;
    }
    if let Some(file) = flag("--xlsx") {
        write_xlsx(&tables, &file)?;
    }
    Ok(())
}

fn tables(jsonl: &str) -> Vec<Table> {
    let mut out: Vec<Table> = TABLES.iter().map(|_| Table::default()).collect();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(record) = serde_json::from_str::<Value>(line) else {
            eprintln!("skipped a line that is not JSON");
            continue;
        };
        let kind = record
            .get("kind")
            .and_then(Value::as_str)
            .and_then(Kind::parse);
        let Some(kind) = kind else {
            eprintln!(
                "skipped a record of kind {:?}: tables have no place for it",
                record.get("kind")
            );
            continue;
        };
        for (i, (_, _, table_kind, list)) in TABLES.iter().enumerate() {
            if *table_kind != kind {
                continue;
            }
            match list {
                None => {
                    let mut row = BTreeMap::new();
                    flatten(&record, "", kind, &mut row);
                    out[i].rows.push(row);
                }
                Some(list) => {
                    let case_id = record.get("case_id").cloned().unwrap_or(Value::Null);
                    let items = lookup(&record, list).and_then(Value::as_array);
                    for item in items.into_iter().flatten() {
                        let mut row = BTreeMap::from([("case_id".to_string(), case_id.clone())]);
                        flatten(item, "", kind, &mut row);
                        out[i].rows.push(row);
                    }
                }
            }
        }
    }
    for (t, (_, _, kind, list)) in out.iter_mut().zip(TABLES) {
        t.columns = column_order(t, *kind, *list);
    }
    out
}

fn lookup<'v>(v: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted.split('.').try_fold(v, |v, k| v.get(k))
}

/// Scalars and scalar lists under their dotted paths; item lists are other tables.
fn flatten(v: &Value, prefix: &str, kind: Kind, row: &mut BTreeMap<String, Value>) {
    let Value::Object(map) = v else { return };
    for (k, child) in map {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        if k == "kind" && prefix.is_empty() {
            continue;
        }
        if schema::collections(kind).any(|c| c.path == path) {
            continue;
        }
        match child {
            Value::Object(_) => flatten(child, &path, kind, row),
            _ => {
                row.insert(path, child.clone());
            }
        }
    }
}

/// The schema's order, then any other column in name order.
fn column_order(t: &Table, kind: Kind, list: Option<&str>) -> Vec<String> {
    let mut present: Vec<String> = t.rows.iter().flat_map(|r| r.keys().cloned()).collect();
    present.sort();
    present.dedup();
    let rank = |p: &String| {
        if p == "case_id" && list.is_some() {
            return 0;
        }
        let full = list.map_or(p.clone(), |l| format!("{l}.{p}"));
        schema::FIELDS
            .iter()
            .position(|f| f.kind == kind && f.path == full)
            .map_or(usize::MAX, |i| i + 1)
    };
    present.sort_by_key(|p| (rank(p), p.clone()));
    present
}

fn header(kind: Kind, list: Option<&str>, column: &str) -> String {
    if column == "case_id" && list.is_some() {
        return "案卷编号".into();
    }
    let full = list.map_or(column.to_string(), |l| format!("{l}.{column}"));
    schema::field(kind, &full).map_or(column.to_string(), |f| f.header.to_string())
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

fn write_csv(tables: &[Table], dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    for (t, (_, chinese, kind, list)) in tables.iter().zip(TABLES) {
        if t.rows.is_empty() {
            continue;
        }
        let mut text = String::new();
        let headers: Vec<String> = t.columns.iter().map(|c| header(*kind, *list, c)).collect();
        text.push_str(&csv_line(&headers));
        for row in &t.rows {
            let cells: Vec<String> = t
                .columns
                .iter()
                .map(|c| row.get(c).map(cell_text).unwrap_or_default())
                .collect();
            text.push_str(&csv_line(&cells));
        }
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable, "GB18030 encodes all of Unicode");
        std::fs::write(dir.join(format!("{chinese}.csv")), bytes)?;
    }
    Ok(())
}

fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect();
    format!("{}\r\n", quoted.join(","))
}

fn write_xlsx(tables: &[Table], file: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (t, (name, _, kind, list)) in tables.iter().zip(TABLES) {
        if t.rows.is_empty() {
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(*name)?;
        for (c, column) in t.columns.iter().enumerate() {
            sheet.write_string(0, c as u16, column)?;
        }
        let mut r = 1u32;
        for (i, row) in t.rows.iter().enumerate() {
            if *name == "cases" && i == 2 {
                r += 1; // a blank row, as people leave them
            }
            for (c, column) in t.columns.iter().enumerate() {
                let Some(v) = row.get(column) else { continue };
                let full = list.map_or(column.clone(), |l| format!("{l}.{column}"));
                let ty = schema::field(*kind, &full).map(|f| f.ty);
                let col = c as u16;
                match (v, ty) {
                    (Value::Null, _) => {}
                    (Value::String(s), Some(FieldType::Date)) => match canonical_date(s) {
                        Some(d) => {
                            sheet.write_datetime_with_format(r, col, &d, &date_format)?;
                        }
                        None => {
                            sheet.write_string(r, col, s)?;
                        }
                    },
                    (Value::Number(n), _) if column != "year" => {
                        sheet.write_number(r, col, n.as_f64().unwrap_or_default())?;
                    }
                    (Value::Bool(b), _) => {
                        sheet.write_boolean(r, col, *b)?;
                    }
                    (other, _) => {
                        sheet.write_string(r, col, cell_text(other))?;
                    }
                }
            }
            r += 1;
        }
    }
    book.save(file)?;
    Ok(())
}

/// Only `YYYY-MM-DD` text becomes a date cell; other spellings stay text, as typed.
fn canonical_date(s: &str) -> Option<ExcelDateTime> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}
