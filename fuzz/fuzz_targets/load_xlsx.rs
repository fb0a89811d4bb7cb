#![no_main]
//! Arbitrary bytes as an XLSX workbook: loading, checks and reports must not panic.

use clausecheck::load::Export;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut export = Export::default();
    export.add_workbook("x.xlsx".into(), data);
    clausecheck_fuzz::check_everything(&export, data.len());
});
