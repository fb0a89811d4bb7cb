//! The engine's counts and selection, through the library (issue 7, "no finding lost"): tests
//! added for mutants that survived `cargo mutants` over `src/engine/`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clausecheck::calendar::Calendar;
use clausecheck::engine::{Options, evaluate};
use clausecheck::load::Export;
use clausecheck::pack::Pack;

fn options(select: &[&str], ignore: &[&str]) -> Options {
    Options {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        select: select.iter().map(|s| s.to_string()).collect(),
        ignore: ignore.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn sample_outcome_counts_every_finding_and_open_deadline() {
    let export = Export::load_paths(&[PathBuf::from("fixtures/sample/export.jsonl")]).unwrap();
    let outcome = evaluate(
        &export,
        &[Pack::builtin()],
        &Calendar::builtin(),
        &options(&[], &[]),
    );
    assert_eq!(outcome.findings.len(), 50);
    // Two deadlines are neither due nor due soon; one case predates the pack.
    assert_eq!(outcome.open, 2);
    assert_eq!(outcome.not_applicable, 1);
    // A deadline due soon is a warning whatever the rule's severity; others keep the rule's.
    use clausecheck::finding::Status;
    use clausecheck::pack::Severity;
    let soon: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.status == Status::DueSoon)
        .collect();
    assert_eq!(soon.len(), 3);
    assert!(soon.iter().all(|f| f.severity == Severity::Warning));
    let warnings = outcome
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    assert_eq!(warnings, 13);
    // With one worker per record the partial results are merged: the sums must not change.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let again = pool.install(|| {
        evaluate(
            &export,
            &[Pack::builtin()],
            &Calendar::builtin(),
            &options(&[], &[]),
        )
    });
    assert_eq!((again.findings.len(), again.open), (50, 2));
}

#[test]
fn select_and_ignore_match_ids_and_prefixes_only() {
    let o = options(&["cas62.16", "data."], &["cas62.16.clue-feedback"]);
    assert!(o.wants("cas62.16.other"));
    assert!(!o.wants("cas62.16.clue-feedback"));
    assert!(o.wants("data.date"));
    assert!(!o.wants("cas62.160.x"), "a prefix ends at a dot");
    assert!(!o.wants("cas62.4.coverage"));
    // A prefix ending in a dot matches only rules that start with it.
    let dotted = options(&["data."], &[]);
    assert!(dotted.wants("data.syntax"));
    assert!(!dotted.wants("cas62.4.coverage"));
    let all = options(&[], &[]);
    assert!(all.wants("anything"));
    let ignored = options(&[], &["cas62"]);
    assert!(!ignored.wants("cas62.4.coverage"));
    assert!(ignored.wants("data.date"));
}

/// The data findings of one JSON Lines text.
fn data_findings(text: &str) -> Vec<(String, Option<String>)> {
    let mut export = Export::default();
    export.add_bytes(
        "x.jsonl".into(),
        text.as_bytes(),
        clausecheck::load::Format::JsonLines,
        clausecheck::load::LoadOptions::default(),
    );
    let outcome = evaluate(
        &export,
        &[Pack::builtin()],
        &Calendar::builtin(),
        &options(&["data"], &[]),
    );
    outcome
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.field.clone()))
        .collect()
}

#[test]
fn a_records_fields_are_checked_by_its_own_kinds_schema_only() {
    // `entered_on` is a case field: on a round it is an unknown field, not a bad date.
    let round = r#"{"kind": "round", "id": "r1", "entered_on": "not a date"}"#;
    assert_eq!(data_findings(round), []);
    let case = r#"{"kind": "case", "case_id": "c1", "entered_on": "not a date"}"#;
    assert_eq!(
        data_findings(case),
        [("data.date".to_string(), Some("entered_on".to_string()))]
    );
}

#[test]
fn every_sample_message_is_worded_as_the_reviewed_snapshot() {
    // The CLI snapshot was reviewed by hand; through the library, every finding's Chinese
    // message (field labels, dates shown, due-date explanations) must match it in order.
    let snap = std::fs::read_to_string("tests/snapshots/cli__sample_json.snap").unwrap();
    let json = snap.splitn(3, "---\n").nth(2).unwrap();
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let expected: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let export = Export::load_paths(&[PathBuf::from("fixtures/sample/export.jsonl")]).unwrap();
    let outcome = evaluate(
        &export,
        &[Pack::builtin()],
        &Calendar::builtin(),
        &options(&[], &[]),
    );
    let got: Vec<(String, String)> = outcome
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.message.zh.clone()))
        .collect();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
}
