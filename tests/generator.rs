//! The generator of `examples/gen.rs` plants violations; the check must report each of them and,
//! for the planted rules, nothing else. Also: the generated export gives the same bytes whatever
//! the thread count.

#[path = "../examples/gen.rs"]
mod generator;

use std::collections::BTreeMap;

use assert_cmd::Command;
use serde_json::{Value, json};

/// Rule, case, item and status, as text (JSON values are not ordered).
type Key = [String; 4];

fn key(v: &Value) -> Key {
    ["rule", "case_id", "item", "status"].map(|k| v[k].to_string())
}

/// How many times each (rule, case, item, status) occurs.
fn counts<'a>(values: impl Iterator<Item = &'a Value>) -> BTreeMap<Key, usize> {
    let mut out = BTreeMap::new();
    for v in values {
        *out.entry(key(v)).or_default() += 1;
    }
    out
}

fn check(dir: &std::path::Path, extra: &[&str]) -> String {
    let path = dir.join("export.jsonl");
    let out = Command::cargo_bin("clausecheck")
        .expect("binary builds")
        .env_remove("LANG")
        .args(["check", path.to_str().unwrap(), "--as-of", generator::AS_OF])
        .args(extra)
        .output()
        .expect("runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn generated(cases: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let g = generator::generate(cases, 62);
    std::fs::write(dir.path().join("export.jsonl"), &g.export).unwrap();
    std::fs::write(dir.path().join("expected.jsonl"), &g.expected).unwrap();
    dir
}

#[test]
fn every_planted_finding_is_found_and_nothing_else_for_planted_rules() {
    let dir = generated(300);
    let expected: Vec<Value> = std::fs::read_to_string(dir.path().join("expected.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for rule in generator::PLANTED_RULES {
        assert!(
            expected.iter().any(|e| e["rule"] == json!(rule)),
            "{rule} is planted at least once"
        );
    }
    let found: Vec<Value> = check(dir.path(), &["--format", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|f| generator::PLANTED_RULES.contains(&f["rule"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(counts(found.iter()), counts(expected.iter()));
}

#[test]
fn generator_is_deterministic() {
    let a = generator::generate(20, 7);
    let b = generator::generate(20, 7);
    assert_eq!(a.export, b.export);
    assert_eq!(a.expected, b.expected);
}

#[test]
fn generated_export_same_bytes_whatever_the_thread_count() {
    let dir = generated(120);
    for format in ["json", "human"] {
        let one = check(dir.path(), &["--format", format, "--threads", "1"]);
        let two = check(dir.path(), &["--format", format, "--threads", "2"]);
        assert!(!one.is_empty());
        assert_eq!(one, two, "{format} differs between 1 and 2 threads");
    }
}

/// The wide-rounds shape (issue 19): its planted findings, the membership checks' included, are
/// found exactly, through the lists of 5,000 units and 6,000 leaders.
#[test]
fn wide_rounds_planted_findings_are_found_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let g = generator::generate_shape(600, 62, generator::Shape::WideRounds);
    std::fs::write(dir.path().join("export.jsonl"), &g.export).unwrap();
    let expected: Vec<Value> = String::from_utf8(g.expected)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for rule in ["cas62.4.unit-in-targets", "cas62.5.leader-approved"] {
        assert!(
            expected.iter().any(|e| e["rule"] == json!(rule)),
            "{rule} planted"
        );
    }
    let planted =
        |f: &Value| generator::WIDE_PLANTED_RULES.contains(&f["rule"].as_str().unwrap_or_default());
    let found: Vec<Value> = check(dir.path(), &["--format", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(planted)
        .collect();
    assert_eq!(counts(found.iter()), counts(expected.iter()));
}
