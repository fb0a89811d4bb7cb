#![no_main]
//! Arbitrary text as a rule file beside the built-in pack.yaml (or, split on NUL, as pack.yaml
//! and a rule file): compiling must give a pack or a located error, never panic.

use clausecheck::pack::PackSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let builtin = PackSource::builtin();
    let pack_yaml = builtin
        .files
        .iter()
        .find(|(p, _)| p.ends_with("pack.yaml"))
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
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
    let source = PackSource { files, dir: None };
    if let Err(e) = source.compile() {
        let _ = e.line_col();
        let _ = format!("{:?}", e.to_report(clausecheck::text::Lang::En));
    }
});
