//! Office files as they are: the sample's tables converted by LibreOffice to `.xls`, `.ods` and
//! WPS `.et`, saved one workbook per table, and written as CSV with a time in every date cell,
//! each give the findings of `fixtures/sample/tables/` (`tools/make_office_fixtures.py` made
//! them; the README there says how). Tables spread over several inputs join as one export; a
//! file's kind is its content's; a document or picture given as an export is one clear error.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::run;
use common::tables::{check_json, essence, findings, multiset};
use serde_json::Value;

const TABLES: &str = "fixtures/sample/tables";
const WORKBOOK: &str = "fixtures/sample/tables/export.xlsx";
const CSV_FOLDER: &str = "fixtures/sample/tables/csv-gb18030";
const PER_TABLE: &str = "fixtures/sample/tables/per-table";
const CSV_WITH_TIMES: &str = "fixtures/sample/tables/csv-with-times";
const WORD: &str = "fixtures/not-exports/说明.docx";
const PNG: &str = "fixtures/not-exports/截图.png";

/// Each finding with the cell it names (sheet aside: the per-table workbooks call theirs Sheet1).
fn cells(v: &Value) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in findings(v) {
        let l = &f["location"];
        let at = format!("{}:{}:{}", l["cell"], l["line"], l["column"]);
        m.entry(essence(f)).or_default().push(at);
    }
    m.values_mut().for_each(|v| v.sort());
    m
}

/// The sample's tables, checked as the reference every other form must match.
fn reference() -> Value {
    let v = check_json(&[WORKBOOK], &[]);
    assert_eq!(findings(&v).len(), 48);
    assert_eq!(multiset(&v), multiset(&check_json(&[CSV_FOLDER], &[])));
    v
}

#[test]
fn xls_ods_and_wps_et_give_the_findings_of_the_xlsx_at_the_same_cells() {
    let reference = reference();
    for name in ["export.xls", "export.ods", "export.et"] {
        let path = format!("{TABLES}/{name}");
        let v = check_json(&[&path], &[]);
        assert_eq!(multiset(&v), multiset(&reference), "{name}");
        assert_eq!(cells(&v), cells(&reference), "{name}");
        assert!(
            findings(&v)
                .iter()
                .all(|f| f["location"]["file"] == path.as_str()),
            "{name}"
        );
        assert_eq!(v["summary"]["cases"], reference["summary"]["cases"]);
    }
}

#[test]
fn one_workbook_per_table_joins_as_one_export() {
    let reference = reference();
    let v = check_json(&[PER_TABLE], &[]);
    assert_eq!(multiset(&v), multiset(&reference));
    assert_eq!(cells(&v), cells(&reference));
    assert_eq!(v["summary"]["files"], 14);
    assert_eq!(v["summary"]["cases"], reference["summary"]["cases"]);
    // Each finding names the workbook of its table, and its sheet as the workbook calls it.
    let clue = findings(&v)
        .iter()
        .find(|f| f["rule"] == "cas62.16.clue-feedback")
        .unwrap();
    assert_eq!(
        clue["location"]["file"],
        format!("{PER_TABLE}/问题线索.xlsx")
    );
    assert_eq!(clue["location"]["sheet"], "Sheet1");
    // No item is cut off from its case, no sheet goes unread.
    assert!(findings(&v).iter().all(|f| {
        let message = f["message"].as_str().unwrap();
        !message.contains("在案卷表中不存在") && f["rule"] != "data.table"
    }));
}

#[test]
fn csv_written_with_times_in_the_dates_gives_the_same_findings() {
    let reference = reference();
    let rounds = std::fs::read_to_string(format!("{CSV_WITH_TIMES}/rounds.csv")).unwrap();
    assert!(rounds.contains(",2020-09-25 00:00:00,"), "{rounds}");
    let clues = std::fs::read_to_string(format!("{CSV_WITH_TIMES}/clues.csv")).unwrap();
    assert!(clues.contains(",2021/3/22 0:00,"), "{clues}");
    let v = check_json(&[CSV_WITH_TIMES], &[]);
    assert_eq!(multiset(&v), multiset(&reference));
}

/// A scratch folder holding copies of `files` (paths into the repository).
fn copies(files: &[PathBuf]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::copy(f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    dir
}

fn files_in(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn tables_spread_over_csv_folders_and_workbooks_join_on_case_id() {
    let reference = reference();
    // The GB18030 CSV files in two folders: the cases in one, everything else in the other.
    let (cases, rest): (Vec<PathBuf>, Vec<PathBuf>) = files_in(CSV_FOLDER)
        .into_iter()
        .partition(|p| p.ends_with("案卷.csv"));
    let (a, b) = (copies(&cases), copies(&rest));
    let v = check_json(
        &[a.path().to_str().unwrap(), b.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(multiset(&v), multiset(&reference));
    // The cases table as a workbook of its own, its items as CSV files.
    let case_book = format!("{PER_TABLE}/案卷.xlsx");
    let v = check_json(&[&case_book, b.path().to_str().unwrap()], &[]);
    assert_eq!(multiset(&v), multiset(&reference));
    // Without the cases, every item row names an unknown case: the join is what found them.
    let v = check_json(&[b.path().to_str().unwrap()], &[]);
    assert!(
        findings(&v)
            .iter()
            .any(|f| f["rule"] == "data.unknown-reference"),
        "{v:#}"
    );
}

#[test]
fn a_table_met_twice_is_merged_and_its_repeated_rows_are_duplicates() {
    let clues = format!("{PER_TABLE}/问题线索.xlsx");
    let again = copies(&[PathBuf::from(&clues)]);
    let once = check_json(&[PER_TABLE], &["--select", "data.duplicate-id"]);
    let twice = check_json(
        &[PER_TABLE, again.path().to_str().unwrap()],
        &["--select", "data.duplicate-id"],
    );
    let on_clues = |v: &Value| {
        findings(v)
            .iter()
            .filter(|f| f["item"]["collection"] == "clues")
            .count()
    };
    // Every clue row (18, one of them a duplicate already) is met a second time.
    assert_eq!(on_clues(&once), 1);
    assert_eq!(on_clues(&twice), 1 + 18);
    let copy = again.path().join("问题线索.xlsx");
    assert!(
        findings(&twice)
            .iter()
            .filter(|f| f["item"]["collection"] == "clues")
            .any(|f| f["location"]["file"] == copy.to_str().unwrap())
    );
}

#[test]
fn an_unknown_case_says_which_cases_tables_were_searched() {
    let dir = tempfile::tempdir().unwrap();
    let (cases, clues) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&cases).unwrap();
    std::fs::create_dir_all(&clues).unwrap();
    std::fs::write(
        cases.join("cases.csv"),
        "case_id,unit.name,entered_on\nC1,某研究所,2025-03-01\n",
    )
    .unwrap();
    std::fs::write(
        clues.join("clues.csv"),
        "case_id,id,received_on\nC1,X1,2025-06-03\nC9,X2,2025-06-03\n",
    )
    .unwrap();
    let v = check_json(
        &[clues.to_str().unwrap(), cases.to_str().unwrap()],
        &["--select", "data.unknown-reference", "--lang", "en"],
    );
    let f = findings(&v);
    assert_eq!(f.len(), 1, "{v:#}");
    let message = f[0]["message"].as_str().unwrap();
    let looked = format!("looked in: {}", cases.join("cases.csv").display());
    assert!(
        message.contains("case_id \"C9\" names no case"),
        "{message}"
    );
    assert!(message.contains(&looked), "{message}");
    // With no cases table at all, it says so.
    let v = check_json(
        &[clues.to_str().unwrap()],
        &["--select", "data.unknown-reference", "--lang", "en"],
    );
    let message = findings(&v)[0]["message"].as_str().unwrap();
    assert!(message.contains("no cases table"), "{message}");
}

#[test]
fn a_workbook_under_another_name_is_read_as_what_it_is() {
    let reference = reference();
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("export.ods", "export.xlsx"),
        ("export.xls", "导出数据.dat"),
        ("export.xlsx", "export.jsonl"),
    ] {
        let path = dir.path().join(to);
        std::fs::copy(format!("{TABLES}/{from}"), &path).unwrap();
        let v = check_json(&[path.to_str().unwrap()], &[]);
        assert_eq!(multiset(&v), multiset(&reference), "{from} as {to}");
    }
}

#[test]
fn a_word_document_or_a_picture_is_one_clear_error() {
    for (path, zh, en) in [
        (WORD, "看起来是 Word 文档", "it looks like a Word document"),
        (PNG, "看起来是 PNG 图片", "it looks like a PNG image"),
    ] {
        let (code, out, err) = run(&["check", path, "--as-of", "2026-11-25"]);
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains(path) && err.contains(zh), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        let (code, _, err) = run(&["check", path, "--lang", "en"]);
        assert_eq!(code, 2);
        assert!(err.contains(en), "{err}");
        assert!(err.contains("is not an export this tool reads"), "{err}");
    }
    // Named as an export, it is still what it is: never read as JSON Lines.
    let dir = tempfile::tempdir().unwrap();
    let disguised = dir.path().join("export.jsonl");
    std::fs::copy(PNG, &disguised).unwrap();
    let (code, out, err) = run(&["check", disguised.to_str().unwrap(), "--lang", "en"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("a PNG image"), "{err}");
}

#[test]
fn a_folder_walk_lists_every_file_it_skipped_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy("fixtures/sample/export.jsonl", root.join("export.jsonl")).unwrap();
    std::fs::copy(WORD, root.join("说明.docx")).unwrap();
    std::fs::copy(PNG, root.join("截图.xls")).unwrap();
    std::fs::write(root.join("README.md"), "# 导出说明\n\n每月导出一次。\n").unwrap();
    std::fs::write(root.join("~$案卷.xlsx"), [0u8; 165]).unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/config"), "[core]\n").unwrap();
    let v = check_json(&[root.to_str().unwrap()], &["--lang", "en"]);
    assert_eq!(findings(&v).len(), 50, "the JSON Lines export is read");
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let skipped = |name: &str, why: &str| {
        let line = format!("skipped {}: {why}", root.join(name).display());
        assert!(
            warnings.iter().any(|w| w.starts_with(&line)),
            "{line} in {warnings:#?}"
        );
    };
    skipped("说明.docx", "it looks like a Word document");
    skipped("截图.xls", "it looks like a PNG image");
    skipped("README.md", "it looks like text, but not JSON");
    skipped("~$案卷.xlsx", "it looks like the lock file");
    skipped(".git", "a hidden folder");
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
    // The human report ends with them too, in Chinese by default.
    let (code, out, _) = run(&["check", root.to_str().unwrap(), "--as-of", "2026-11-25"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "提示: 已跳过 {}：看起来是 Word 文档",
            root.join("说明.docx").display()
        )),
        "{out}"
    );
}

#[test]
fn a_workbook_on_standard_input_is_read() {
    let reference = reference();
    let out = Command::cargo_bin("clausecheck")
        .unwrap()
        .args(["check", "-", "--as-of", "2026-11-25", "--format", "json"])
        .write_stdin(std::fs::read(format!("{TABLES}/export.ods")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(multiset(&v), multiset(&reference));
    let out = Command::cargo_bin("clausecheck")
        .unwrap()
        .args(["check", "-", "--lang", "en"])
        .write_stdin(std::fs::read(WORD).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("<stdin> is not an export") && err.contains("Word"),
        "{err}"
    );
}

#[test]
fn fixtures_readme_says_how_each_was_made() {
    let readme = std::fs::read_to_string(Path::new(TABLES).join("README.md")).unwrap();
    for made in [
        "export.xls",
        "export.ods",
        "export.et",
        "per-table/",
        "csv-with-times/",
        "tools/make_office_fixtures.py",
    ] {
        assert!(readme.contains(made), "{made}");
    }
}

#[test]
fn an_xls_cell_moved_far_away_is_a_limit_finding_not_the_end_of_the_process() {
    // Two 2-byte edits of the sample .xls: a cell at column 65536 and one at row 65536 ask
    // calamine for a grid of four billion cells (the process was killed for want of memory).
    let mut bytes = std::fs::read(format!("{TABLES}/export.xls")).unwrap();
    let records: Vec<usize> = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"\xFD\x00\x0A\x00")
        .map(|(at, _)| at)
        .take(2)
        .collect();
    bytes[records[0] + 6..records[0] + 8].copy_from_slice(&[0xFF, 0xFF]);
    bytes[records[1] + 4..records[1] + 6].copy_from_slice(&[0xFF, 0xFF]);
    let dir = tempfile::tempdir().unwrap();
    let far = dir.path().join("far.xls");
    std::fs::write(&far, &bytes).unwrap();
    // Under a 4 GB address-space limit, so a regression fails here rather than starving the
    // machine.
    let bin = assert_cmd::cargo::cargo_bin("clausecheck");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(
            r#"ulimit -v 4000000; exec "$0" check "$1" --as-of 2026-11-25 --format json --lang en"#,
        )
        .arg(&bin)
        .arg(&far)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let limit: Vec<&Value> = findings(&v)
        .iter()
        .filter(|f| f["rule"] == "data.limit")
        .collect();
    assert_eq!(limit.len(), 1, "{v:#}");
    let message = limit[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("sheet `rounds` spans 4294967296 cells"),
        "{message}"
    );
    assert!(message.contains("none of its sheets was"), "{message}");
    assert_eq!(limit[0]["location"]["file"], far.to_str().unwrap());
}
