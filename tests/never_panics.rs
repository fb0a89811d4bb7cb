//! "Never panics, whatever the input" (issue 7), as properties over arbitrary bytes and over
//! mutations of real inputs, for every loader and parser and for the whole pipeline after them
//! (evaluation, triage, all eight report formats). The `fuzz/` targets explore the same entry
//! points with coverage guidance; crashes they find are replayed in `fuzz_regressions.rs`.

mod common;

use std::sync::OnceLock;

use chrono::NaiveDate;
use clausecheck::app::Format as Out;
use clausecheck::calendar::{Calendar, Period, checked_due_date};
use clausecheck::dates::parse_date;
use clausecheck::load::sniff::{self, Kind};
use clausecheck::load::{
    Book, EncodingChoice, Export, Format, LoadOptions, parse_json_value, yaml_documents,
};
use clausecheck::pack::PackSource;
use clausecheck::text::Lang;
use proptest::prelude::*;

/// Evaluates and renders `export` in every format; every finding must have a file.
fn check_everything(export: &Export) {
    for (format, out) in common::pipeline::check_in_every_format(export) {
        // Every load problem is reported: nothing is dropped on the way to a report.
        if format == Out::Json {
            let v: serde_json::Value = serde_json::from_str(&out.text).unwrap();
            let findings = v["findings"].as_array().unwrap();
            let data = findings
                .iter()
                .filter(|f| f["rule"].as_str().unwrap().starts_with("data."))
                .count();
            assert!(data >= export.issues.len());
            assert_eq!(
                out.exit,
                i32::from(
                    !findings.is_empty() && findings.iter().any(|f| f["severity"] == "error")
                )
            );
        }
    }
}

fn load(bytes: &[u8], format: Format) -> Export {
    let mut export = Export::default();
    let encoding = if bytes.first().is_some_and(|b| b % 5 == 0) {
        EncodingChoice::Gb18030
    } else {
        EncodingChoice::Auto
    };
    export.add_bytes("x".into(), bytes, format, LoadOptions { encoding });
    export
}

/// Text made of the pieces exports are made of, so properties reach past the first byte.
fn export_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\n".to_string()),
        Just("- ".to_string()),
        Just("\"kind\": \"case\"".to_string()),
        Just("\"kind\": \"round\"".to_string()),
        Just("\"case_id\": \"c1\"".to_string()),
        Just("\"round_id\": \"r1\"".to_string()),
        Just("\"id\": \"r1\"".to_string()),
        Just("\"entered_on\": ".to_string()),
        Just("\"clues\": [".to_string()),
        Just("\"received_on\": ".to_string()),
        Just("\"unit\": {\"name\": \"某所\"}".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("kind: case\n".to_string()),
        Just("---\n".to_string()),
        "\"(19|20|99|00)[0-9]{2}-[0-9]{2}-[0-9]{2}\"",
        "-?[0-9]{1,20}(\\.[0-9]+)?",
        "\"[^\"\\\\]{0,8}\"",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn json_loader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_everything(&load(&bytes, Format::Json));
    }

    #[test]
    fn jsonl_loader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_everything(&load(&bytes, Format::JsonLines));
    }

    #[test]
    fn yaml_loader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_everything(&load(&bytes, Format::Yaml));
    }

    #[test]
    fn export_like_text_never_panics_in_any_loader(text in export_like()) {
        for format in [Format::Json, Format::JsonLines, Format::Yaml] {
            check_everything(&load(text.as_bytes(), format));
        }
        let _ = parse_json_value(&text, &text);
        let _ = yaml_documents(&text);
    }

    #[test]
    fn csv_folder_never_panics(parts in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..200), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let names = ["rounds", "cases", "clues"];
        let files: Vec<_> = names.iter().zip(&parts).map(|(n, bytes)| {
            let p = dir.path().join(format!("{n}.csv"));
            std::fs::write(&p, bytes).unwrap();
            p
        }).collect();
        let mut export = Export::default();
        export.add_csv_folder(dir.path(), &files, LoadOptions::default()).unwrap();
        check_everything(&export);
    }

    #[test]
    fn csv_like_text_never_panics(rows in prop::collection::vec("[a-z_,\"\\r\\n 0-9/年月日-]{0,40}", 0..8)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cases.csv");
        std::fs::write(&p, format!("kind,case_id,entered_on,round_id\n{}", rows.join("\n"))).unwrap();
        let mut export = Export::default();
        export.add_csv_folder(dir.path(), &[p], LoadOptions::default()).unwrap();
        check_everything(&export);
    }

    #[test]
    fn workbook_loader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut export = Export::default();
        export.add_workbook("x.xlsx".into(), &bytes);
        check_everything(&export);
    }

    #[test]
    fn mutated_sample_workbook_never_panics(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        static XLSX: OnceLock<Vec<u8>> = OnceLock::new();
        let mut bytes = XLSX.get_or_init(|| std::fs::read("fixtures/sample/tables/export.xlsx").unwrap()).clone();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let mut export = Export::default();
        export.add_workbook("x.xlsx".into(), &bytes);
        check_everything(&export);
    }

    #[test]
    fn sniffing_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600), prefix in prop::sample::select(vec![&b""[..], b"PK\x03\x04", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", b"{", b"[", b"<", b"\xFF\xFE"])) {
        let bytes = [prefix, &bytes[..]].concat();
        for hint in [None, Some(Kind::Csv), Some(Kind::Workbook(Book::Xls)), Some(Kind::Text(Format::Json))] {
            let _ = sniff::sniff_bytes(&bytes, hint);
        }
    }

    #[test]
    fn date_parser_never_panics(text in any::<String>(), y in any::<u32>(), m in any::<u16>(), d in any::<u16>()) {
        let _ = parse_date(&text);
        for sep in ["-", "/", ".", "年"] {
            let s = format!("{y}{sep}{m}{sep}{d}");
            if let Some(date) = parse_date(&s) {
                prop_assert_eq!(chrono::Datelike::year(&date), y as i32);
            }
        }
    }

    #[test]
    fn periods_and_due_dates_never_panic(text in any::<String>(), n in any::<u32>(), unit in prop::sample::select(vec!["个月", "日", "个工作日", "年", " months", " days", " workdays", " years"]), days in any::<i32>()) {
        let _ = text.parse::<Period>();
        let Ok(period) = format!("{n}{unit}").parse::<Period>() else { return Ok(()) };
        let cal = Calendar::builtin();
        for start in [NaiveDate::MIN, NaiveDate::MAX, NaiveDate::from_num_days_from_ce_opt(days % 100_000_000).unwrap_or(NaiveDate::MAX)] {
            for extend in [true, false] {
                if let Some(due) = checked_due_date(&cal, start, period, extend) {
                    prop_assert!(due.due >= start);
                    let _ = (due.explain_zh(), due.explain_en());
                }
            }
        }
    }

    #[test]
    fn rule_compiler_never_panics(text in any::<String>()) {
        let source = PackSource { files: vec![("pack.yaml".into(), text)], dir: None };
        let _ = source.compile();
    }

    #[test]
    fn mutated_builtin_rule_files_never_panic(file in 0usize..7, edits in prop::collection::vec((any::<prop::sample::Index>(), prop_oneof![Just(""), Just(":"), Just("- "), Just("\n"), Just("  "), Just("{"), Just("]"), Just("*a"), Just("&a "), Just("0"), Just("x")]), 1..4)) {
        let mut source = PackSource::builtin();
        let n = source.files.len();
        let text = &mut source.files[file % n].1;
        for (at, piece) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let end = (i + 1..=text.len()).find(|&j| text.is_char_boundary(j)).unwrap_or(i);
            text.replace_range(i..end, piece);
        }
        if let Err(e) = source.compile() {
            let _ = e.line_col();
            let _ = format!("{:?}", e.to_report(Lang::En));
        }
    }
}

#[test]
fn parse_json_value_refuses_deep_nesting_itself() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = parse_json_value(&deep, &deep).unwrap_err();
    assert_eq!(err.to_string(), "nesting deeper than 64 levels");
    let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
    assert!(parse_json_value(&ok, &ok).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202),
        ..config()
    })]

    /// Fewer cases: a byte changed in an `.xls` cell record readily moves a cell thousands of
    /// rows away, and a sheet of millions of cells (under the limit) is slow to check in a
    /// debug build. A fixed seed: with a random one, one run here took over 10 minutes on a rare
    /// mutation, so CI's time hung on luck; this seed takes about 3 minutes in a debug build.
    #[test]
    fn mutated_office_workbooks_never_panic(book in prop::sample::select(vec!["export.xls", "export.ods"]), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut bytes = std::fs::read(format!("fixtures/sample/tables/{book}")).unwrap();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let mut export = Export::default();
        export.add_workbook(book.into(), &bytes);
        check_everything(&export);
    }
}
