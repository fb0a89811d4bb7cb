#![no_main]
//! Arbitrary bytes as a json export: loading, every check and every report must not panic.

use clausecheck::load::{EncodingChoice, Export, Format, LoadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut export = Export::default();
    let encoding = match data.first() {
        Some(b) if b % 7 == 0 => EncodingChoice::Gb18030,
        _ => EncodingChoice::Auto,
    };
    export.add_bytes(
        "x.json".into(),
        data,
        Format::Json,
        LoadOptions { encoding },
    );
    clausecheck_fuzz::check_everything(&export, data.len());
});
