//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) and every crash the fuzzers found
//! (`fuzz/regressions/<target>/`) through the same code as each `fuzz/fuzz_targets/*.rs`, so CI
//! re-checks them without cargo-fuzz or a nightly toolchain.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use clausecheck::calendar::{Calendar, Period, checked_due_date};
use clausecheck::dates::parse_date;
use clausecheck::load::{EncodingChoice, Export, Format, LoadOptions};
use clausecheck::pack::PackSource;
use clausecheck::text::Lang;

/// Every format, not only the one the fuzz target picks by length.
fn check_everything(export: &Export) {
    common::pipeline::check_in_every_format(export);
}

fn replay(target: &str, data: &[u8]) {
    match target {
        "load_json" | "load_jsonl" | "load_yaml" => {
            let format = match target {
                "load_json" => Format::Json,
                "load_jsonl" => Format::JsonLines,
                _ => Format::Yaml,
            };
            let encoding = match data.first() {
                Some(b) if b % 7 == 0 => EncodingChoice::Gb18030,
                _ => EncodingChoice::Auto,
            };
            let mut export = Export::default();
            export.add_bytes("x".into(), data, format, LoadOptions { encoding });
            check_everything(&export);
        }
        "load_csv" => {
            let dir = tempfile::tempdir().unwrap();
            let names = ["案卷", "信访件", "巡视干部", "单位名录"];
            let files: Vec<_> = names
                .iter()
                .zip(data.split(|b| *b == 0))
                .map(|(n, part)| {
                    let p = dir.path().join(format!("{n}.csv"));
                    std::fs::write(&p, part).unwrap();
                    p
                })
                .collect();
            let mut export = Export::default();
            export
                .add_csv_folder(dir.path(), &files, LoadOptions::default())
                .unwrap();
            check_everything(&export);
        }
        "load_xlsx" => {
            let mut export = Export::default();
            export.add_workbook("x.xlsx".into(), data);
            check_everything(&export);
        }
        "compile_pack" => {
            let Ok(text) = std::str::from_utf8(data) else {
                return;
            };
            let pack_yaml = PackSource::builtin()
                .files
                .into_iter()
                .find(|(p, _)| p.ends_with("pack.yaml"))
                .map(|(_, t)| t)
                .unwrap();
            let files = match text.split_once('\0') {
                Some((pack, rules)) => vec![
                    ("pack.yaml".to_string(), pack.to_string()),
                    ("rules.yaml".to_string(), rules.to_string()),
                ],
                None => vec![
                    ("pack.yaml".to_string(), pack_yaml),
                    ("rules.yaml".to_string(), text.to_string()),
                ],
            };
            if let Err(e) = (PackSource { files, dir: None }).compile() {
                let _ = format!("{:?}", e.to_report(Lang::En));
            }
        }
        "dates" => {
            let Ok(text) = std::str::from_utf8(data) else {
                return;
            };
            let (date, period) = text.split_once('|').unwrap_or((text, text));
            let parsed = parse_date(date);
            if let Ok(period) = period.parse::<Period>() {
                let cal = Calendar::builtin();
                for start in parsed.into_iter().chain([NaiveDate::MIN, NaiveDate::MAX]) {
                    for extend in [true, false] {
                        if let Some(due) = checked_due_date(&cal, start, period, extend) {
                            let _ = (due.explain_zh(), due.explain_en());
                        }
                    }
                }
            }
        }
        other => panic!("no fuzz target {other}"),
    }
}

/// Replays every file under `dir/<target>/`; returns how many.
fn replay_dir(dir: &str) -> usize {
    let mut n = 0;
    let Ok(targets) = std::fs::read_dir(dir) else {
        return 0;
    };
    for target in targets {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            replay(&name, &std::fs::read(&file).unwrap());
            n += 1;
        }
    }
    n
}

#[test]
fn fuzz_corpus_replays_cleanly() {
    assert!(Path::new("fuzz/corpus").is_dir());
    let n = replay_dir("fuzz/corpus");
    assert!(n >= 7, "only {n} corpus files");
}

#[test]
fn fuzz_crashes_stay_fixed() {
    // One file per crash the fuzzers found, named after the target that found it.
    replay_dir("fuzz/regressions");
}
