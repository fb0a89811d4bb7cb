//! Every rule's fixtures: records that must fire and records that must not, with the exact
//! findings expected (rules/cas-2020-62/tests, fixtures/data-checks).

use std::path::Path;

use clausecheck::calendar::Calendar;
use clausecheck::pack::Pack;
use clausecheck::selftest::{fixture_files, run_fixture};

fn run_dir(dir: &str) -> usize {
    run_dir_with(dir, vec![Pack::builtin()])
}

/// The fixtures in `dir`, run against `packs`.
fn run_dir_with(dir: &str, packs: Vec<Pack>) -> usize {
    let cal = Calendar::builtin();
    let files = fixture_files(Path::new(dir));
    assert!(!files.is_empty(), "no fixtures in {dir}");
    let mut failures = Vec::new();
    for file in &files {
        let r = run_fixture(file, &packs, &cal);
        if !r.passed() {
            failures.push(format!(
                "{}\n  error: {:?}\n  missing: {:#?}\n  extra: {:#?}",
                file.display(),
                r.error,
                r.missing,
                r.extra
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    files.len()
}

#[test]
fn pack_rule_fixtures() {
    run_dir("rules/cas-2020-62/tests");
}

#[test]
fn data_check_fixtures() {
    run_dir("fixtures/data-checks");
}

/// The `matches` kind's own pack (no article of the built-in pack's regulation asks for it):
/// each rule has values that must fire and values that must not.
#[test]
fn matches_pack_fixtures() {
    let pack = clausecheck::pack::PackSource::read(Path::new("tests/packs/matches"))
        .and_then(|s| s.compile())
        .expect("the matches test pack compiles");
    let rules = pack.rules.len();
    assert_eq!(run_dir_with("tests/packs/matches/tests", vec![pack]), rules);
}

/// Every rule of the built-in pack has a fixture file that must fire and must not.
#[test]
fn every_rule_has_a_fixture() {
    let pack = Pack::builtin();
    for rule in &pack.rules {
        let path = format!("rules/cas-2020-62/tests/{}.yaml", rule.id);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} has no fixture {path}", rule.id));
        assert!(
            text.contains("expect:"),
            "{path} declares no expected findings"
        );
    }
}

/// Every rule of the second pack has its own fixture, too.
#[test]
fn every_unit_internal_rule_has_a_fixture() {
    let pack = clausecheck::pack::PackSource::read(Path::new("rules/unit-internal"))
        .and_then(|s| s.compile())
        .expect("the second pack compiles");
    assert!(pack.rules.len() >= 8);
    for rule in &pack.rules {
        let path = format!("rules/unit-internal/tests/{}.yaml", rule.id);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} has no fixture {path}", rule.id));
        assert!(
            text.contains("FIRES"),
            "{path} has no record that must fire"
        );
        assert!(
            text.contains("no finding"),
            "{path} has no record that must not fire"
        );
    }
}
