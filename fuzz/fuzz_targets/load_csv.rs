#![no_main]
//! Arbitrary bytes as the tables of a CSV folder (split on NUL into up to four files named
//! after the export's tables): loading, checks and reports must not panic.

use clausecheck::load::{EncodingChoice, Export, LoadOptions};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["案卷", "信访件", "巡视干部", "单位名录"];

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("clausecheck-fuzz-csv-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut files = Vec::new();
    for (name, part) in NAMES.iter().zip(data.split(|b| *b == 0)) {
        let path = dir.join(format!("{name}.csv"));
        if std::fs::write(&path, part).is_err() {
            return;
        }
        files.push(path);
    }
    let mut export = Export::default();
    let opts = LoadOptions {
        encoding: EncodingChoice::Auto,
    };
    if export.add_csv_folder(&dir, &files, opts).is_ok() {
        clausecheck_fuzz::check_everything(&export, data.len());
    }
});
