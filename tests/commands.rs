//! The rule-pack commands (`rules`, `test`, `explain`, `schema`) and `clausecheck.toml`, through
//! the binary as a user runs them.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const SAMPLE: &str = "fixtures/sample/export.jsonl";

fn clausecheck() -> Command {
    let mut cmd = Command::cargo_bin("clausecheck").expect("binary builds");
    cmd.env_remove("LANG");
    cmd
}

fn run_in(dir: Option<&Path>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = clausecheck();
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_in(None, args)
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

/// A copy of the second pack in a temporary folder, to break on purpose.
fn pack_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    for sub in ["", "tests"] {
        let from = Path::new("rules/unit-internal").join(sub);
        for entry in std::fs::read_dir(&from).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, dir.path().join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

#[test]
fn builtin_pack_fixtures_pass_through_the_command() {
    let (code, out, err) = run(&["test", "rules/cas-2020-62"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("40 passed, 0 failed\n"), "{out}");
    let (code, out, _) = run(&["test"]);
    assert_eq!((code, out.as_str()), (0, "40 passed, 0 failed\n"));
}

#[test]
fn second_pack_fixtures_pass() {
    let (code, out, err) = run(&["test", "rules/unit-internal"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "8 passed, 0 failed\n");
}

#[test]
fn a_wrong_fixture_fails_with_a_diff() {
    let pack = pack_copy();
    let fixture = pack.path().join("tests/ui.4.urgent.yaml");
    let text = std::fs::read_to_string(&fixture).unwrap();
    // Expect JJ-3 (in time) instead of JJ-4 (late): one missing, one extra.
    std::fs::write(&fixture, text.replace("item: JJ-4", "item: JJ-3")).unwrap();
    let (code, out, _) = run(&["test", pack.path().to_str().unwrap(), "--lang", "en"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL ") && out.contains("ui.4.urgent.yaml"),
        "{out}"
    );
    assert!(
        out.contains("  - {rule: ui.4.urgent, case_id: C4, item: JJ-3, status: late, due: 2025-10-23, days_over: 1}    # expected, not produced"),
        "{out}"
    );
    assert!(
        out.contains("  + {rule: ui.4.urgent, case_id: C4, round_id: R1, item: JJ-4, status: late, due: 2025-10-23, days_over: 1, light: red, responsible: 所巡察办}    # produced, not expected"),
        "{out}"
    );
    assert!(out.ends_with("7 passed, 1 failed\n"), "{out}");
}

#[test]
fn an_invalid_pack_exits_2_with_its_place() {
    let pack = pack_copy();
    let file = pack.path().join("rectification.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let broken = text.replace(
        "effective_until: 2023-12-31",
        "effective_from: 2023-01-01\n        effective_until: 2001-01-01",
    );
    std::fs::write(&file, broken).unwrap();
    let (code, _, err) = run(&["test", pack.path().to_str().unwrap(), "--lang", "en"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("effective_until 2001-01-01 is before effective_from"),
        "{err}"
    );
    assert!(err.contains("rectification.yaml"), "{err}");
}

#[test]
fn coverage_accounts_for_all_31_articles() {
    let (code, out, err) = run(&["rules", "coverage", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let numbers: Vec<u64> = rows
        .iter()
        .map(|r| r["article"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=31).collect::<Vec<_>>());
    assert!(rows.iter().all(|r| r["covered"] == true));
    let ruled = rows
        .iter()
        .filter(|r| !r["rules"].as_array().unwrap().is_empty())
        .count();
    let (_, human, _) = run(&["rules", "coverage", "--lang", "en"]);
    assert!(
        human.contains(&format!(
            "31 articles: {ruled} with rules, {} not machine-checkable, 0 missing",
            31 - ruled
        )),
        "{human}"
    );
    let (code, out, _) = run(&["rules", "coverage", "--rules", "rules/unit-internal"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn coverage_fails_when_the_pack_omits_an_article() {
    let pack = pack_copy();
    let file = pack.path().join("pack.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("articles: 7", "articles: 8")).unwrap();
    let (code, out, _) = run(&[
        "rules",
        "coverage",
        "--rules",
        pack.path().to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Art. 8  ✗ MISSING: neither rules nor a not-checkable reason"),
        "{out}"
    );
    assert!(
        out.contains("8 articles: 5 with rules, 2 not machine-checkable, 1 missing"),
        "{out}"
    );
}

#[test]
fn rules_list_names_every_rule() {
    let (code, out, _) = run(&[
        "rules",
        "list",
        "--format",
        "json",
        "--rules",
        "rules/unit-internal",
    ]);
    assert_eq!(code, 0);
    let rules: Vec<Value> = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "ui.2.ledger-2m",
            "ui.2.ledger-1m",
            "ui.3.clue-feedback",
            "ui.3.clue-recipient",
            "ui.4.urgent",
            "ui.5.life-meeting-order",
            "ui.5.life-meeting-supervisor",
            "ui.6.review-attendees"
        ]
    );
    assert_eq!(rules[0]["effective_until"], "2023-12-31");
    assert_eq!(rules[4]["article"], 4);
    let (_, human, _) = run(&["rules", "list"]);
    assert!(
        human.contains("cas62.16.clue-feedback") && human.contains("第16条"),
        "{human}"
    );
}

#[test]
fn rules_show_gives_parameters_and_the_article() {
    let (code, out, _) = run(&[
        "rules",
        "show",
        "ui.3.clue-feedback",
        "--rules",
        "rules/unit-internal",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("clue_feedback_days = 60日"), "{out}");
    assert!(out.contains("due_soon_days = 10"), "{out}");
    assert!(
        out.contains("巡视移交的问题线索应移交纪检部门办理，办理结果应于60日内反馈。"),
        "{out}"
    );
    let (code, _, err) = run(&["rules", "show", "cas62.16.nope", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no rule `cas62.16.nope`") && err.contains("cas62.16.clue-feedback"),
        "{err}"
    );
}

#[test]
fn explain_shows_facts_arithmetic_and_verdict() {
    let (code, out, err) = run(&[
        "explain",
        SAMPLE,
        "--case",
        "2023-1-01",
        "--rule",
        "cas62.16.clue-feedback",
        "--item",
        "XS-2023-0112",
        "--as-of",
        "2026-11-25",
    ]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "问题线索办理结果应于3个月内反馈巡视办",
        "item.received_on = 2023-11-30    fixtures/sample/export.jsonl:35:1329",
        "item.result_fed_back_on = 2024-03-01    fixtures/sample/export.jsonl:35:1365",
        "2024-02 无对应日，取月末日 2024-02-29；截止 2024-02-29",
        "item.result_fed_back_on 2024-03-01 晚于截止日 2024-02-29：逾期 1 日",
        "期限：item.received_on, item.transferred_on → item.result_fed_back_on，3个月内，遇休息日顺延",
        "✗ 逾期完成 [XS-2023-0112]（截止 2024-02-29，逾期 1 日）：",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

/// The keys of the rule file and of the JSON output are English words; a Chinese reader of
/// `explain` gets Chinese words for them, an English reader English ones.
#[test]
fn explain_speaks_the_chosen_language_only() {
    let explain = |lang: &str| {
        let (code, out, err) = run(&[
            "explain",
            SAMPLE,
            "--case",
            "2023-1-01",
            "--rule",
            "cas62.10.assessment-departments",
            "--as-of",
            "2026-11-25",
            "--lang",
            lang,
        ]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let zh = explain("zh");
    for want in [
        "[警告]",
        "须填写：item.departments",
        "适用条件：已填写 item.submitted_on",
        "适用条件：成立，规则适用",
        "本规则对此记录未触发：",
    ] {
        assert!(zh.contains(want), "missing {want:?} in\n{zh}");
    }
    for english in [
        "present:",
        "when:",
        "deadline:",
        "days_over",
        "warning",
        "Rule",
        "Facts",
        "Verdict",
    ] {
        assert!(
            !zh.contains(english),
            "{english:?} in Chinese explain:\n{zh}"
        );
    }
    let en = explain("en");
    for want in [
        "[warning]",
        "present: item.departments",
        "when: recorded item.submitted_on",
        "when: holds: the rule applies",
        "the rule did not fire for this record: ",
    ] {
        assert!(en.contains(want), "missing {want:?} in\n{en}");
    }
    for chinese in ["须填写", "适用条件", "规则包", "结论", "事实", "记录"] {
        assert!(
            !en.contains(chinese),
            "{chinese:?} in English explain:\n{en}"
        );
    }
}

#[test]
fn explain_in_english_counts_the_days_over_in_words() {
    let (code, out, err) = run(&[
        "explain",
        SAMPLE,
        "--case",
        "2023-1-01",
        "--rule",
        "cas62.16.clue-feedback",
        "--item",
        "XS-2023-0112",
        "--as-of",
        "2026-11-25",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "deadline: item.received_on, item.transferred_on → item.result_fed_back_on within 3 months, extended over rest days",
        "✗ late [XS-2023-0112] (due 2024-02-29, 1 day(s) over): ",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

#[test]
fn explain_says_when_the_rule_did_not_fire() {
    let (code, out, err) = run(&[
        "explain",
        SAMPLE,
        "--case",
        "2025-2-07",
        "--rule",
        "cas62.16.clue-feedback",
        "--as-of",
        "2026-11-25",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("item.result_fed_back_on = 2026/4/10"), "{out}");
    assert!(
        out.contains("is on or before the due date 2026-04-15: in time"),
        "{out}"
    );
    assert!(
        out.contains("the rule did not fire for this record"),
        "{out}"
    );
    let (code, _, err) = run(&[
        "explain",
        SAMPLE,
        "--case",
        "NO-SUCH",
        "--rule",
        "cas62.16.clue-feedback",
        "--as-of",
        "2026-11-25",
    ]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn config_parameter_override_changes_a_due_soon_finding() {
    let due_soon = |extra: &[&str]| {
        let mut args = vec![
            "check",
            SAMPLE,
            "--as-of",
            "2026-11-25",
            "--select",
            "cas62.16",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let (_, out, err) = run(&args);
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] == "due_soon")
            .count()
    };
    assert_eq!(due_soon(&[]), 1);
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("clausecheck.toml");
    std::fs::write(&cfg, "[parameters]\ndue_soon_days = 10\n").unwrap();
    assert_eq!(due_soon(&["--config", cfg.to_str().unwrap()]), 0);
    std::fs::write(&cfg, "[parameters]\ndue_soon_days = 30\n").unwrap();
    assert_eq!(due_soon(&["--config", cfg.to_str().unwrap()]), 2);
}

#[test]
fn config_is_found_upward_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(
        dir.path().join("clausecheck.toml"),
        format!(
            "rules = [{:?}]\nlang = \"en\"\nselect = [\"ui.3\"]\n",
            repo("rules/unit-internal")
        ),
    )
    .unwrap();
    let sample = repo(SAMPLE);
    let (_, out, _) = run_in(
        Some(&deep),
        &[
            "check",
            &sample,
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pack"]["id"], "unit-internal");
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.is_empty() && rules.iter().all(|r| r.starts_with("ui.3")),
        "{rules:?}"
    );
    let (_, out, _) = run_in(
        Some(&deep),
        &[
            "check",
            &sample,
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
            "--select",
            "ui.4",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"].as_str().unwrap().starts_with("ui.4"))
    );
    let (_, out, _) = run_in(Some(&deep), &["rules", "list"]);
    assert!(
        out.contains("Art. 2") && out.contains("ui.2.ledger-2m"),
        "{out}"
    );
    let (_, out, _) = run_in(Some(&deep), &["--no-config", "rules", "list"]);
    assert!(
        out.contains("cas62.16.clue-feedback") && out.contains("第16条"),
        "{out}"
    );
}

#[test]
fn bad_config_is_reported_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clausecheck.toml"),
        "lang = \"en\"\nrulez = []\n",
    )
    .unwrap();
    let (code, _, err) = run_in(Some(dir.path()), &["rules", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("clausecheck.toml:2:1:") && err.contains("rulez"),
        "{err}"
    );
    let (code, _, _) = run_in(Some(dir.path()), &["--isolated", "rules", "list"]);
    assert_eq!(code, 0);
    std::fs::write(
        dir.path().join("clausecheck.toml"),
        "[parameters]\nno_such = 3\n",
    )
    .unwrap();
    let (code, _, err) = run_in(
        Some(dir.path()),
        &[
            "check",
            &repo(SAMPLE),
            "--as-of",
            "2026-11-25",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("clausecheck.toml:2:11: no pack declares the parameter `no_such`"),
        "{err}"
    );
}

#[test]
fn schema_accepts_the_sample_and_rejects_wrong_types() {
    let (code, out, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        schema["$defs"]["case"]["properties"]["clues"]["items"]["properties"]["received_on"]["description"],
        "收到日期"
    );
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    // Records the data checks flag for a wrong kind or type are exactly those the schema rejects.
    let (_, found, _) = run(&[
        "check",
        SAMPLE,
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "--select",
        "data",
    ]);
    let found: Value = serde_json::from_str(&found).unwrap();
    let type_lines: std::collections::BTreeSet<u64> = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| ["data.kind", "data.type", "data.enum"].contains(&f["rule"].as_str().unwrap()))
        .map(|f| f["location"]["line"].as_u64().unwrap())
        .collect();
    assert!(!type_lines.is_empty());
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    for (n, line) in text.lines().enumerate() {
        let record: Value = serde_json::from_str(line).unwrap();
        let line_no = n as u64 + 1;
        assert_eq!(
            validator.is_valid(&record),
            !type_lines.contains(&line_no),
            "line {line_no}: {line}"
        );
    }
    let wrong = serde_json::json!({"kind": "case", "case_id": "X", "clues": [{"id": "XS-1", "received_on": 20250101}]});
    assert!(!validator.is_valid(&wrong));
    let wrong = serde_json::json!({"kind": "round", "id": "R", "targets": {"units": "某所"}});
    assert!(!validator.is_valid(&wrong));
}

#[test]
fn config_waivers_file_applies_unless_the_flag_names_another() {
    let dir = tempfile::tempdir().unwrap();
    let waiver = "- rule: cas62.16\n  case_id: 2023-1-03\n  item: XS-2024-0003\n  reason: 线索仍在办理\n  approved_by: 巡视办主任\n";
    std::fs::write(dir.path().join("w.yaml"), waiver).unwrap();
    std::fs::write(dir.path().join("none.yaml"), "[]\n").unwrap();
    std::fs::write(
        dir.path().join("clausecheck.toml"),
        "waivers = \"w.yaml\"\n",
    )
    .unwrap();
    let sample = repo(SAMPLE);
    let waived = |extra: &[&str]| {
        let mut args = vec![
            "check",
            sample.as_str(),
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let (_, out, err) = run_in(Some(dir.path()), &args);
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
        v["summary"]["waived"].as_u64()
    };
    assert_eq!(waived(&[]), Some(1));
    assert_eq!(waived(&["--waivers", "none.yaml"]), Some(0));
    assert_eq!(waived(&["--no-config"]), None);
}

/// A year of calendar data making `rest` (first and last day) rest days, as a user adds one.
fn calendar_2027(rest: &str) -> String {
    format!(
        "calendar: cn
name: {{zh: 用户补充, en: user additions}}
years:
  2027:
    notices:
      - {{title: 国务院办公厅关于2027年部分节假日安排的通知, published: 2026-11, url: https://example.invalid/2027}}
    holidays:
      - {{name: 春节, rest: {rest}}}
    workdays: []
"
    )
}

/// The configuration is resolved once for every command: `calendar =` in the file `--config`
/// names serves `calendar day` and `calendar due` as `--calendar` does, and `--calendar` on the
/// command line wins over it.
#[test]
fn calendar_commands_read_the_configured_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let here = Some(elsewhere.path());
    std::fs::write(
        dir.path().join("spring.yaml"),
        calendar_2027("[2027-02-05, 2027-02-11]"),
    )
    .unwrap();
    let flagged = dir.path().join("moved.yaml");
    std::fs::write(&flagged, calendar_2027("[2027-02-08, 2027-02-09]")).unwrap();
    let cfg = dir.path().join("team.toml");
    std::fs::write(&cfg, "calendar = \"spring.yaml\"\n").unwrap();
    let cfg = cfg.to_str().unwrap();
    let answer = |args: &[&str]| {
        let (code, out, err) = run_in(here, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out.trim().to_string()
    };
    // Without the configuration 2027 is judged by weekends alone: 2027-02-05 is a Friday.
    assert_eq!(answer(&["calendar", "day", "2027-02-05"]), "workday");
    assert_eq!(
        answer(&["calendar", "due", "2026-11-05", "3个月"]),
        "2027-02-05"
    );
    assert_eq!(
        answer(&["calendar", "day", "2027-02-05", "--config", cfg]),
        "restday"
    );
    assert_eq!(
        answer(&["--config", cfg, "calendar", "due", "2026-11-05", "3个月"]),
        "2027-02-12"
    );
    let flag = flagged.to_str().unwrap();
    let day = |date| answer(&["calendar", "day", date, "--config", cfg, "--calendar", flag]);
    assert_eq!(
        (day("2027-02-05"), day("2027-02-08")),
        ("workday".into(), "restday".into())
    );
}
