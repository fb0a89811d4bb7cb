//! Periods of validity: a pack's (effective_from/effective_until) and a rule's own. A case is
//! judged by the rules in force on its `entered_on`.

use chrono::NaiveDate;

use clausecheck::calendar::Calendar;
use clausecheck::engine::{self, Options};
use clausecheck::load::{Export, yaml_documents};
use clausecheck::pack::{Pack, PackError, PackSource};

const PACK: &str = "
pack:
  id: t
  title: {zh: 测试, en: test}
  issued_on: 2021-01-01
  effective_from: 2021-01-01
  effective_until: 2023-12-31
articles:
  - article: 1
    text: 专题民主生活会须记录督导人。
    rules:
      - id: t.1.supervisor
        severity: error
        title: {zh: 督导人, en: supervisor}
        message: {zh: 未记录督导人, en: no supervisor}
        on: case
        when: {recorded: case.life_meeting.held_on}
        check: {present: case.life_meeting.supervisor}
      - id: t.1.supervisor-from-2023
        severity: error
        title: {zh: 督导人, en: supervisor}
        message: {zh: 未记录督导人, en: no supervisor}
        on: case
        effective_from: 2023-01-01
        when: {recorded: case.life_meeting.held_on}
        check: {present: case.life_meeting.supervisor}
";

fn compile(text: &str) -> Result<Pack, PackError> {
    PackSource {
        files: vec![("t/pack.yaml".into(), text.into())],
        dir: None,
    }
    .compile()
}

fn fired(entered_on: &[&str]) -> (Vec<(String, String)>, usize) {
    let records: String = entered_on
        .iter()
        .map(|d| {
            format!(
                "- {{kind: case, case_id: C{d}, entered_on: {d}, life_meeting: {{held_on: {d}}}}}\n"
            )
        })
        .collect();
    let mut export = Export::default();
    let nodes = yaml_documents(&records).unwrap()[0]
        .as_list()
        .unwrap()
        .to_vec();
    export.add_records("x.yaml".into(), records, nodes);
    let opts = Options {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        select: vec!["t".into()],
        ignore: vec![],
        include_open: false,
    };
    let out = engine::evaluate(
        &export,
        &[compile(PACK).unwrap()],
        &Calendar::builtin(),
        &opts,
    );
    let found = out
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.case_id.clone().unwrap_or_default()))
        .collect();
    (found, out.not_applicable)
}

#[test]
fn pack_effective_until_puts_later_cases_out_of_scope() {
    let (found, not_applicable) = fired(&["2020-06-01", "2022-06-01", "2023-12-31", "2024-01-01"]);
    let on = |case: &str| found.iter().filter(|(_, c)| c == case).count();
    assert_eq!(not_applicable, 2, "{found:?}");
    assert_eq!((on("C2020-06-01"), on("C2024-01-01")), (0, 0));
    assert_eq!(on("C2023-12-31"), 2, "the last day is still in force");
}

#[test]
fn rule_effective_from_spares_earlier_cases() {
    let (found, _) = fired(&["2022-12-31", "2023-01-01"]);
    assert_eq!(
        found,
        vec![
            ("t.1.supervisor".to_string(), "C2022-12-31".to_string()),
            ("t.1.supervisor".to_string(), "C2023-01-01".to_string()),
            (
                "t.1.supervisor-from-2023".to_string(),
                "C2023-01-01".to_string()
            ),
        ]
    );
}

#[test]
fn windows_are_validated_where_written() {
    let bad = PACK.replace("effective_from: 2023-01-01", "effective_from: 2023-13-01");
    let e = compile(&bad).unwrap_err();
    assert_eq!(e.line_col(), Some((24, 25)), "{e}");
    assert!(
        e.message
            .en
            .contains("effective_from must be a YYYY-MM-DD date"),
        "{e}"
    );
    let bad = PACK.replace("effective_until: 2023-12-31", "effective_until: 2020-12-31");
    let e = compile(&bad).unwrap_err();
    assert_eq!(e.line_col(), Some((7, 20)), "{e}");
    assert!(e.message.en.contains("before effective_from"), "{e}");
    let bad = PACK.replace("effective_from: 2023-01-01", "effective_form: 2023-01-01");
    let e = compile(&bad).unwrap_err();
    assert!(
        e.message.en.contains("did you mean `effective_from`"),
        "{e}"
    );
}

const ROUND_PACK: &str = "
pack:
  id: t
  title: {zh: 测试, en: test}
  issued_on: 2021-01-01
  effective_from: 2021-01-01
articles:
  - article: 4
    text: 巡视对象名单须依次提出、审议、审定。
    rules:
      - id: t.4.order-from-2023
        severity: error
        title: {zh: 顺序, en: order}
        message: {zh: 顺序不符, en: out of order}
        on: round
        effective_from: 2023-01-01
        check:
          order: [round.targets.proposed_on, round.targets.approved_on]
";

/// Which rounds the round rule (in force from 2023) judges, given each round's cases' entry
/// dates. Every round's target list is out of order, so a judged round is a finding.
fn rounds_judged(rounds: &[(&str, &[&str])]) -> Vec<String> {
    let mut records = String::new();
    for (id, cases) in rounds {
        records.push_str(&format!(
            "- {{kind: round, id: \"{id}\", targets: {{proposed_on: 2023-05-01, approved_on: 2023-04-01}}}}\n"
        ));
        for (i, d) in cases.iter().enumerate() {
            records.push_str(&format!(
                "- {{kind: case, case_id: \"{id}-{i}\", round_id: \"{id}\", entered_on: {d}}}\n"
            ));
        }
    }
    let mut export = Export::default();
    let nodes = yaml_documents(&records).unwrap()[0]
        .as_list()
        .unwrap()
        .to_vec();
    export.add_records("x.yaml".into(), records, nodes);
    let opts = Options {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        select: vec!["t".into()],
        ignore: vec![],
        include_open: false,
    };
    let out = engine::evaluate(
        &export,
        &[compile(ROUND_PACK).unwrap()],
        &Calendar::builtin(),
        &opts,
    );
    out.findings
        .iter()
        .map(|f| f.round_id.as_deref().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_round_rule_judges_a_round_when_one_of_its_cases_is_in_force_or_it_has_none() {
    let judged = rounds_judged(&[
        ("old", &["2022-03-01", "2022-09-01"]),
        ("mixed", &["2022-03-01", "2023-03-01"]),
        ("new", &["2024-01-10"]),
        ("empty", &[]),
    ]);
    // In file order; "old" has cases, none entered while the rule was in force.
    assert_eq!(judged, ["mixed", "new", "empty"]);
}
