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
        include_open: false,
        data_responsible: None,
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
        .map(|f| (f.rule.to_string(), f.field.as_deref().map(str::to_owned)))
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
        .map(|f| (f.rule.to_string(), f.message.zh.clone()))
        .collect();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
}

/// One rule of `tests/packs/check-kinds` evaluated on a JSON Lines text.
fn check_kinds(rule: &str, text: &str) -> clausecheck::engine::Outcome {
    let pack = clausecheck::pack::PackSource::read(std::path::Path::new("tests/packs/check-kinds"))
        .and_then(|s| s.compile())
        .expect("the check-kinds test pack compiles");
    let mut export = Export::default();
    export.add_bytes(
        "k.jsonl".into(),
        text.as_bytes(),
        clausecheck::load::Format::JsonLines,
        clausecheck::load::LoadOptions::default(),
    );
    evaluate(
        &export,
        &[pack],
        &Calendar::builtin(),
        &options(&[rule], &[]),
    )
}

/// The findings of one rule of `tests/packs/check-kinds` on a JSON Lines text, one line each:
/// `case item status field days_over @ the text the finding points at`.
fn kinds(rule: &str, text: &str) -> Vec<String> {
    check_kinds(rule, text)
        .findings
        .iter()
        .map(|f| {
            let at = text.get(f.span.offset..f.span.offset + f.span.len).unwrap();
            format!(
                "{} {} {} {} {} @ {at}",
                f.case_id.as_deref().unwrap_or("-"),
                f.item.as_ref().and_then(|i| i.id.as_deref()).unwrap_or("-"),
                f.status.as_str(),
                f.field.as_deref().unwrap_or("-"),
                f.deadline
                    .as_ref()
                    .map_or("-".into(), |d| d.days_over.to_string()),
            )
        })
        .collect()
}

const ROUND: &str = r#"{"kind": "round", "id": "R1"}"#;

/// A case record with `fields` (JSON members) after the usual ones.
fn case(id: &str, fields: &str) -> String {
    format!(
        r#"{{"kind": "case", "case_id": "{id}", "round_id": "R1", "entered_on": "2025-06-01", {fields}}}"#
    )
}

#[test]
fn next_item_is_the_earliest_strictly_later_sibling() {
    // 30日 without extension: a review on 01-05 wants the next by 02-04.
    let reviews = |list: &str| case("N", &format!(r#""rectification_reviews": [{list}]"#));
    // A tie is not "a later review": A and B (both 01-05) wait for C (03-02), 26 days late;
    // C has no later review and is overdue (due 04-01; as of 11-25).
    let tie = reviews(
        r#"{"id": "A", "held_on": "2026-01-05"}, {"id": "B", "held_on": "2026-01-05"}, {"id": "C", "held_on": "2026-03-02"}"#,
    );
    assert_eq!(
        kinds("kinds.1", &format!("{ROUND}\n{tie}\n")),
        [
            r#"N C overdue held_on 238 @ {"id": "C", "held_on": "2026-03-02"}"#,
            r#"N A late held_on 26 @ "2026-03-02""#,
            r#"N B late held_on 26 @ "2026-03-02""#,
        ]
    );
    // The earliest later review counts, not the latest nor the first in the list: C (02-01) is
    // in time for A though B (03-02) comes first in the list; B is overdue.
    let earliest = reviews(
        r#"{"id": "A", "held_on": "2026-01-05"}, {"id": "B", "held_on": "2026-03-02"}, {"id": "C", "held_on": "2026-02-01"}"#,
    );
    assert_eq!(
        kinds("kinds.1", &format!("{ROUND}\n{earliest}\n")),
        [r#"N B overdue held_on 238 @ {"id": "B", "held_on": "2026-03-02"}"#]
    );
    // Two later reviews on one day: A's finding points at the first of them in the list (B,
    // written 2026/03/02 to tell the two apart); neither is later than the other.
    let same_day = reviews(
        r#"{"id": "A", "held_on": "2026-01-05"}, {"id": "B", "held_on": "2026/03/02"}, {"id": "C", "held_on": "2026-03-02"}"#,
    );
    assert_eq!(
        kinds("kinds.1", &format!("{ROUND}\n{same_day}\n")),
        [
            r#"N B overdue held_on 238 @ {"id": "B", "held_on": "2026/03/02"}"#,
            r#"N A late held_on 26 @ "2026/03/02""#,
            r#"N C overdue held_on 238 @ {"id": "C", "held_on": "2026-03-02"}"#,
        ]
    );
}

/// A case fed back on 2026-03-01 with the ledger submissions `list` (JSON items).
fn ledger(id: &str, list: &str) -> String {
    case(
        id,
        &format!(r#""feedback": {{"delivered_on": "2026-03-01"}}, "ledger_submissions": [{list}]"#),
    )
}

#[test]
fn dated_contains_skips_an_invalid_date_and_points_at_the_date_it_blames() {
    // 人事局 needs a ledger submission on or after the feedback (2026-03-01).
    let text = [
        ROUND.to_string(),
        // Too early: the finding is on the date.
        ledger("D1", r#"{"id": "L1", "to": "人事局", "submitted_on": "2026-02-01"}"#),
        // Blank date: on the entry, there being no date to point at.
        ledger("D2", r#"{"id": "L1", "to": "人事局", "submitted_on": ""}"#),
        // An entry with an invalid date may be the one in time: no finding (the date is a
        // data.date finding of its own), even after an entry that is too early.
        ledger(
            "D3",
            r#"{"id": "L1", "to": "人事局", "submitted_on": "2026-02-01"}, {"id": "L2", "to": "人事局", "submitted_on": "2026-13-45"}"#,
        ),
        // In time.
        ledger("D4", r#"{"id": "L1", "to": "人事局", "submitted_on": "2026-03-01"}"#),
    ]
    .join("\n");
    assert_eq!(
        kinds("kinds.2", &text),
        [
            r#"D1 L1 violation submitted_on - @ "2026-02-01""#,
            r#"D2 L1 violation submitted_on - @ {"id": "L1", "to": "人事局", "submitted_on": ""}"#,
        ]
    );
}

#[test]
fn out_of_order_points_at_the_more_specific_field() {
    // A review (an item) after the briefing (the case): the review's date is blamed, though it
    // is the earlier step; within one scope the later step is.
    let text = [
        ROUND.to_string(),
        case(
            "O1",
            r#""rectification_briefing": {"held_on": "2026-03-01"}, "rectification_reviews": [{"id": "SH-1", "held_on": "2026-04-01"}, {"id": "SH-2", "held_on": "2026-02-01"}]"#,
        ),
    ]
    .join("\n");
    assert_eq!(
        kinds("kinds.3", &text),
        [r#"O1 SH-1 violation held_on - @ "2026-04-01""#]
    );
}

#[test]
fn equal_with_both_sides_missing_is_no_finding_but_one_side_missing_is() {
    let petitions = |id: &str, petition: &str, clue: &str| {
        case(
            id,
            &format!(r#""petitions": [{petition}], "clues": [{clue}]"#),
        )
    };
    let text = [
        ROUND.to_string(),
        // Neither the petition nor its clue is dated: nothing to compare.
        petitions("E1", r#"{"id": "P1", "clue_id": "X1"}"#, r#"{"id": "X1"}"#),
        // Only the petition is dated.
        petitions(
            "E2",
            r#"{"id": "P2", "clue_id": "X2", "forwarded_on": "2026-03-01"}"#,
            r#"{"id": "X2"}"#,
        ),
        // Only the clue is dated: the finding is on the petition.
        petitions(
            "E3",
            r#"{"id": "P3", "clue_id": "X3"}"#,
            r#"{"id": "X3", "transferred_on": "2026-03-01"}"#,
        ),
        // Same day.
        petitions(
            "E4",
            r#"{"id": "P4", "clue_id": "X4", "forwarded_on": "2026-03-01"}"#,
            r#"{"id": "X4", "transferred_on": "2026/3/1"}"#,
        ),
    ]
    .join("\n");
    assert_eq!(
        kinds("kinds.4", &text),
        [
            r#"E2 P2 violation forwarded_on - @ "2026-03-01""#,
            r#"E3 P3 violation forwarded_on - @ {"id": "P3", "clue_id": "X3"}"#,
        ]
    );
}

#[test]
fn a_unit_field_is_named_by_the_unit_schemas_header() {
    // `unit.name` of a unit record is 单位名称; a case's `unit.name` is 被巡视单位.
    let text = r#"{"kind": "unit", "name": "甲所", "type": "研究所"}"#;
    let outcome = check_kinds("kinds.5", text);
    let messages: Vec<&str> = outcome
        .findings
        .iter()
        .map(|f| f.message.zh.as_str())
        .collect();
    assert_eq!(
        messages,
        ["单位名称不一致：单位名称（unit.name） 为 甲所，应为 登记所"]
    );
}

#[test]
fn an_item_list_written_as_an_object_is_one_finding_not_a_check_of_its_fields() {
    // `rectification_reviews` must be a list: as an object it is a type finding, and the
    // fields inside are not checked as if they were the case's own (`held_on` of a review
    // has no meaning outside an item).
    let case =
        r#"{"kind": "case", "case_id": "c1", "rectification_reviews": {"held_on": "not a date"}}"#;
    assert_eq!(
        data_findings(case),
        [(
            "data.type".to_string(),
            Some("rectification_reviews".to_string())
        )]
    );
}

#[test]
fn earliest_of_an_unfiltered_list_is_its_first_earliest_date_and_invalid_if_any_is() {
    let text = [
        ROUND.to_string(),
        // The earliest of three is before the feedback; of two on that day, the first listed
        // (written 2026/02/01 to tell them apart) is blamed.
        ledger(
            "F1",
            r#"{"id": "L1", "submitted_on": "2026-04-01"}, {"id": "L2", "submitted_on": "2026/02/01"}, {"id": "L3", "submitted_on": "2026-02-01"}"#,
        ),
        // An invalid date makes the earliest unknown: no finding (data.date reports it).
        ledger(
            "F2",
            r#"{"id": "L1", "submitted_on": "2026-13-45"}, {"id": "L2", "submitted_on": "2026-02-01"}"#,
        ),
        // In order.
        ledger("F3", r#"{"id": "L1", "submitted_on": "2026-03-05"}"#),
    ]
    .join("\n");
    assert_eq!(
        kinds("kinds.6", &text),
        [r#"F1 - violation ledger_submissions.submitted_on - @ "2026/02/01""#]
    );
}

/// The findings of one rule of `tests/packs/matches` on a JSON Lines text.
fn matches_findings(rule: &str, text: &str) -> Vec<clausecheck::finding::Finding> {
    let pack = clausecheck::pack::PackSource::read(std::path::Path::new("tests/packs/matches"))
        .and_then(|s| s.compile())
        .expect("the matches test pack compiles");
    let mut export = Export::default();
    export.add_bytes(
        "m.jsonl".into(),
        text.as_bytes(),
        clausecheck::load::Format::JsonLines,
        clausecheck::load::LoadOptions::default(),
    );
    let opts = options(&[rule], &[]);
    evaluate(&export, &[pack], &Calendar::builtin(), &opts).findings
}

#[test]
fn a_matches_finding_points_at_the_value_and_names_the_field_by_its_header() {
    let text = format!(
        "{ROUND}\n{}\n{}\n",
        r#"{"kind": "case", "case_id": "XS-25-1", "round_id": "R1", "entered_on": "2025-06-01"}"#,
        r#"{"kind": "case", "case_id": "XS-2025-001", "round_id": "R1", "entered_on": "2025-06-01"}"#,
    );
    let found = matches_findings("fmt.1.case-id", &text);
    let [f] = found.as_slice() else {
        panic!("one finding expected: {found:?}");
    };
    let at = text.get(f.span.offset..f.span.offset + f.span.len);
    assert_eq!(at, Some(r#""XS-25-1""#));
    assert_eq!(f.status.as_str(), "violation");
    assert_eq!(f.field.as_deref(), Some("case_id"));
    assert_eq!(
        f.message.zh,
        r"案卷编号不合格式：案卷编号（case.case_id） 为“XS-25-1”，不符合格式 XS-\d{4}-\d{3}"
    );
    assert_eq!(
        f.message.en,
        r#"The case id is not in the required form: `case.case_id` is "XS-25-1", which does not match XS-\d{4}-\d{3}"#
    );
}

#[test]
fn matches_judges_each_value_of_a_list_at_its_own_place() {
    let text = format!(
        "{ROUND}\n{}\n",
        case(
            "L1",
            r#""accountability": [{"id": "A1", "problem_ids": ["P1", "Q2", "p3"]}]"#
        ),
    );
    let places: Vec<&str> = matches_findings("fmt.3", &text)
        .iter()
        .filter_map(|f| text.get(f.span.offset..f.span.offset + f.span.len))
        .collect();
    assert_eq!(places, [r#""Q2""#, r#""p3""#]);
}
