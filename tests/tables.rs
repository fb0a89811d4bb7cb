//! Tabular exports: the sample as a GB18030 CSV folder with Chinese names and headers, and as an
//! XLSX workbook, give the findings the JSON Lines export gives; every finding names its cell;
//! bad tables and bad bytes are findings at their place.

mod common;

use std::path::Path;

use common::run;
use common::tables::{check_json, findings, multiset};
use serde_json::Value;

const SAMPLE: &str = "fixtures/sample/export.jsonl";
const CSV_FOLDER: &str = "fixtures/sample/tables/csv-gb18030";
const WORKBOOK: &str = "fixtures/sample/tables/export.xlsx";

#[test]
fn jsonl_csv_folder_and_workbook_give_the_same_findings() {
    let jsonl = check_json(&[SAMPLE], &[]);
    let csv = check_json(&[CSV_FOLDER], &[]);
    let xlsx = check_json(&[WORKBOOK], &[]);
    assert_eq!(findings(&jsonl).len(), 50);
    assert_eq!(multiset(&csv), multiset(&xlsx));
    // Two findings of the JSON Lines export have no tabular form: a record of an unknown kind
    // (tables exist per kind) and an item list written as the text "暂无" (a list is rows).
    let mut only_jsonl = multiset(&jsonl);
    for (k, n) in multiset(&csv) {
        let left = only_jsonl
            .get_mut(&k)
            .unwrap_or_else(|| panic!("only in CSV: {k}"));
        assert!(*left >= n, "more often in CSV: {k}");
        *left -= n;
    }
    only_jsonl.retain(|_, n| *n > 0);
    let rules: Vec<(String, String)> = only_jsonl
        .keys()
        .map(|k| {
            let f: Value = serde_json::from_str(k).unwrap();
            (
                f["rule"].as_str().unwrap().to_string(),
                f["field"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        vec![
            ("data.kind".to_string(), "kind".to_string()),
            ("data.type".to_string(), "accountability".to_string())
        ]
    );
    assert_eq!(csv["summary"]["cases"], jsonl["summary"]["cases"]);
}

fn csv_lines(file: &str) -> Vec<String> {
    let bytes = std::fs::read(file).unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(!bad);
    text.lines().map(str::to_string).collect()
}

/// `F` → 6, `AB` → 28.
fn column_number(cell: &str) -> usize {
    cell.chars()
        .take_while(char::is_ascii_uppercase)
        .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
}

#[test]
fn every_finding_on_csv_names_file_row_column_and_cell() {
    let csv = check_json(&[CSV_FOLDER], &[]);
    for f in findings(&csv) {
        let loc = &f["location"];
        let file = loc["file"].as_str().unwrap();
        assert!(
            file.starts_with(CSV_FOLDER) && file.ends_with(".csv"),
            "{loc}"
        );
        let lines = csv_lines(file);
        let header: Vec<&str> = lines[0].split(',').collect();
        let cell = loc["cell"].as_str().unwrap();
        let row = loc["row"].as_u64().unwrap() as usize;
        let col = column_number(cell);
        assert_eq!(
            cell,
            format!("{}{row}", &cell[..cell.len() - row.to_string().len()])
        );
        assert_eq!(loc["column_name"], header[col - 1], "{f}");
        assert_eq!(
            loc["line"].as_u64().unwrap() as usize,
            row,
            "no multi-line cells here"
        );
        // The underlined text is the cell itself, or the whole row for a finding on the row.
        let line = &lines[row - 1];
        let cells: Vec<&str> = line.split(',').collect();
        let column = loc["column"].as_u64().unwrap() as usize;
        let start: usize = cells[..col - 1]
            .iter()
            .map(|c| c.chars().count() + 1)
            .sum::<usize>()
            + 1;
        assert_eq!(column, start, "{f}");
        let len = loc["length"].as_u64().unwrap() as usize;
        let cell_len = cells[col - 1].len();
        assert!(len == cell_len || len >= line.len() - 1, "{f}");
        let on_case_table = !file.ends_with("轮次.csv") && !file.ends_with("单位名录.csv");
        if let (Some(case_id), true) = (f["case_id"].as_str(), on_case_table) {
            assert!(line.starts_with(case_id), "{f} on {line}");
        }
    }
}

#[test]
fn findings_on_a_field_point_at_its_column() {
    // The deadline findings of Art. 16 read `result_fed_back_on` of a clue.
    let csv = check_json(&[CSV_FOLDER], &["--select", "cas62.16"]);
    let xlsx = check_json(&[WORKBOOK], &["--select", "cas62.16"]);
    let cells = |v: &Value| -> Vec<(String, String, String)> {
        findings(v)
            .iter()
            .map(|f| {
                let l = &f["location"];
                (
                    l["sheet"].as_str().unwrap().to_string(),
                    l["column_name"].as_str().unwrap().to_string(),
                    l["cell"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let csv_cells = cells(&csv);
    assert!(!csv_cells.is_empty());
    for (sheet, column, _) in &csv_cells {
        assert_eq!(sheet, "问题线索");
        assert_eq!(column, "办理结果反馈日期");
    }
    for (sheet, column, _) in cells(&xlsx) {
        assert_eq!(
            (sheet.as_str(), column.as_str()),
            ("clues", "result_fed_back_on")
        );
    }
    // Both tables start at row 1 with the header, so the cells agree.
    let csv_refs: Vec<String> = csv_cells.iter().map(|c| c.2.clone()).collect();
    let xlsx_refs: Vec<String> = cells(&xlsx).iter().map(|c| c.2.clone()).collect();
    assert_eq!(csv_refs, xlsx_refs);
    assert!(csv_refs.contains(&"G5".to_string()), "{csv_refs:?}");
}

#[test]
fn human_output_on_a_workbook_shows_the_row_and_the_cell() {
    let (code, out, _) = run(&[
        "check",
        WORKBOOK,
        "--as-of",
        "2026-11-25",
        "--select",
        "data.enum",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("export.xlsx[rounds]:4:"), "{out}");
    assert!(out.contains("rounds!B4 \"2023年\""), "{out}");
    assert!(out.contains("2023-1 | 2023年 |"), "{out}");
}

/// A scratch export folder with the given files.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

const CASES: &str = "case_id,unit.name,entered_on\nC1,某研究所,2025-03-01\n";
const CLUES: &str = "case_id,id,received_on,result_fed_back_on\nC1,X1,2025-06-03,\n";

fn check_dir(dir: &Path, extra: &[&str]) -> Value {
    check_json(&[dir.to_str().unwrap()], extra)
}

fn rules_at(v: &Value) -> Vec<(String, String)> {
    findings(v)
        .iter()
        .map(|f| {
            let l = &f["location"];
            (
                f["rule"].as_str().unwrap().to_string(),
                format!(
                    "{}!{}",
                    l["sheet"].as_str().unwrap_or("?"),
                    l["cell"].as_str().unwrap_or("?")
                ),
            )
        })
        .collect()
}

#[test]
fn a_small_csv_folder_with_english_names_is_checked() {
    let dir = folder(&[
        ("cases.csv", CASES.as_bytes()),
        ("clues.csv", CLUES.as_bytes()),
    ]);
    let v = check_dir(dir.path(), &["--select", "cas62.16,data"]);
    assert_eq!(
        rules_at(&v),
        vec![("cas62.16.clue-feedback".into(), "clues!D2".into())]
    );
    let f = &findings(&v)[0];
    assert_eq!(f["due"], "2025-09-03");
    assert_eq!(f["status"], "overdue");
    assert_eq!(f["item"]["id"], "X1");
}

#[test]
fn bad_tables_are_findings_at_their_place_and_the_rest_is_checked() {
    let clues = "case_id,id,received_on,received_on,备注\nC1,X1,2025-06-03,2025-06-04,x\nC9,X2,2025-06-03,,\n";
    let no_join = "id,name\nM1,张三\n";
    let dir = folder(&[
        ("cases.csv", CASES.as_bytes()),
        ("clues.csv", clues.as_bytes()),
        ("team_members.csv", no_join.as_bytes()),
        ("说明.csv", "这是说明\n".as_bytes()),
    ]);
    let v = check_dir(dir.path(), &["--select", "cas62.16,data", "--lang", "en"]);
    let mut got = rules_at(&v);
    got.sort();
    assert_eq!(
        got,
        vec![
            // No result column at all: the finding is on the row.
            ("cas62.16.clue-feedback".to_string(), "clues!A2".to_string()),
            ("data.column".into(), "clues!D1".into()),
            ("data.column".into(), "clues!E1".into()),
            ("data.column".into(), "team_members!A1".into()),
            ("data.table".into(), "说明!A1".into()),
            ("data.unknown-reference".into(), "clues!A3".into()),
        ]
    );
    // The repeated column is not read: the due date counts from the first received_on.
    let feedback = findings(&v)
        .iter()
        .find(|f| f["rule"] == "cas62.16.clue-feedback")
        .unwrap();
    assert_eq!(feedback["start"], "2025-06-03");
    let messages: Vec<&str> = findings(&v)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("repeats")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("case_id \"C9\" names no case")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("required column case_id")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown table \"说明\"")),
        "{messages:?}"
    );
}

#[test]
fn chinese_names_and_headers_in_gb18030_with_crlf() {
    let cases = "案卷编号,被巡视单位,进驻日期\r\nC1,某研究所,2025-03-01\r\n";
    let clues = "案卷编号,编号,收到日期,办理结果反馈日期\r\nC1,X1,2025年6月3日,\r\n";
    let gb = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let dir = folder(&[("案卷.csv", &gb(cases)), ("问题线索.csv", &gb(clues))]);
    let v = check_dir(dir.path(), &["--select", "cas62.16,data"]);
    assert_eq!(
        rules_at(&v),
        vec![("cas62.16.clue-feedback".into(), "问题线索!D2".into())]
    );
    assert_eq!(
        findings(&v)[0]["location"]["column_name"],
        "办理结果反馈日期"
    );
    // The same with a UTF-8 BOM.
    let bom = |s: &str| [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
    let dir = folder(&[("案卷.csv", &bom(cases)), ("问题线索.csv", &bom(clues))]);
    let v = check_dir(dir.path(), &["--select", "cas62.16,data"]);
    assert_eq!(
        rules_at(&v),
        vec![("cas62.16.clue-feedback".into(), "问题线索!D2".into())]
    );
}

#[test]
fn bytes_that_do_not_decode_are_findings_not_garbage() {
    let gb = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let dir = folder(&[("cases.csv", &gb(CASES)), ("clues.csv", CLUES.as_bytes())]);
    // Forced UTF-8 on a GB18030 file: each bad sequence is a finding in that file's cell.
    let v = check_dir(
        dir.path(),
        &["--select", "data.encoding", "--encoding", "utf-8"],
    );
    let got = rules_at(&v);
    assert!(!got.is_empty());
    assert!(
        got.iter()
            .all(|(r, at)| r == "data.encoding" && at == "cases!B2"),
        "{got:?}"
    );
    // Detected, the same file reads cleanly.
    let v = check_dir(dir.path(), &["--select", "data.encoding"]);
    assert!(findings(&v).is_empty());
    // A stray byte in a UTF-8 JSON Lines file is located on its line.
    let mut bytes = br#"{"kind":"case","case_id":"C1","unit":{"name":"A"#.to_vec();
    bytes.push(0xFF);
    bytes.extend_from_slice(b"\"}}\n");
    let dir = folder(&[("a.jsonl", &bytes)]);
    let v = check_dir(dir.path(), &["--select", "data.encoding"]);
    let f = &findings(&v)[0];
    assert_eq!(f["rule"], "data.encoding");
    assert_eq!(
        (
            f["location"]["line"].as_u64(),
            f["location"]["column"].as_u64()
        ),
        (Some(1), Some(48))
    );
    assert!(f["message"].as_str().unwrap().contains("FF"));
}

#[test]
fn a_broken_workbook_is_a_finding_and_the_other_inputs_are_checked() {
    let dir = folder(&[
        ("cases.csv", CASES.as_bytes()),
        ("clues.csv", CLUES.as_bytes()),
    ]);
    let book = folder(&[("broken.xlsx", b"PK\x03\x04 not really a zip")]);
    let v = check_json(
        &[
            dir.path().to_str().unwrap(),
            book.path().join("broken.xlsx").to_str().unwrap(),
        ],
        &["--select", "cas62.16,data"],
    );
    let rules: Vec<&str> = findings(&v)
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["cas62.16.clue-feedback", "data.syntax"]);
}

#[test]
fn convert_writes_what_the_checker_read() {
    let (code, jsonl, err) = run(&["convert", CSV_FOLDER, "--to", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["kind"], "round");
    assert_eq!(first.as_object().unwrap().keys().next().unwrap(), "kind");
    let out = tempfile::tempdir().unwrap();
    let converted = out.path().join("converted.jsonl");
    std::fs::write(&converted, &jsonl).unwrap();
    let from_jsonl = check_json(&[converted.to_str().unwrap()], &[]);
    let from_csv = check_json(&[CSV_FOLDER], &[]);
    assert_eq!(multiset(&from_jsonl), multiset(&from_csv));
    // Workbook date cells come out as canonical dates, text dates as typed.
    let (_, from_book, _) = run(&["convert", WORKBOOK]);
    assert!(from_book.contains("\"proposed_on\":\"2020年9月14日\""));
    assert!(from_book.contains("\"approved_on\":\"2020-10-13\""));
}

#[test]
fn convert_reports_what_it_could_not_read() {
    let dir = folder(&[("a.jsonl", b"{\"kind\":\"unit\",\"name\":\"A\"}\n{broken\n")]);
    let (code, out, err) = run(&["convert", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out, "{\"kind\":\"unit\",\"name\":\"A\"}\n");
    assert!(err.contains("a.jsonl:2:2: data.syntax"), "{err}");
}

#[test]
fn explain_names_the_cells_it_read() {
    let (code, out, err) = run(&[
        "explain",
        CSV_FOLDER,
        "--case",
        "2020-2-03",
        "--rule",
        "cas62.16.clue-feedback",
        "--item",
        "XS-2021-0034",
        "--as-of",
        "2026-11-25",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("item.result_fed_back_on = 2021年7月12日    fixtures/sample/tables/csv-gb18030/问题线索.csv:5:75 (问题线索!G5)"),
        "{out}"
    );
}

#[test]
fn a_bare_number_in_a_csv_date_column_names_the_day_it_stands_for() {
    let cases =
        "case_id,unit.name,entered_on\nC1,某研究所,45341\nC2,某研究所,2026-02-19 09:30:00\n";
    let dir = folder(&[("cases.csv", cases.as_bytes())]);
    let v = check_dir(dir.path(), &["--select", "data.date", "--lang", "en"]);
    assert_eq!(rules_at(&v), vec![("data.date".into(), "cases!C2".into())]);
    let message = findings(&v)[0]["message"].as_str().unwrap();
    assert!(
        message.contains("45341 looks like an Excel serial number for 2024-02-19"),
        "{message}"
    );
    let v = check_dir(dir.path(), &["--select", "data.date"]);
    let message = findings(&v)[0]["message"].as_str().unwrap();
    assert!(
        message.contains("像是 Excel 日期序列号，对应 2024-02-19"),
        "{message}"
    );
}
