//! 督办: every finding names who must act and by when — responsible parties, branches, 三色
//! lights, open deadlines listed on request, thresholds in working days, grouped summaries.

mod common;

#[path = "../examples/gen.rs"]
mod generator;

use common::{AS_OF, SAMPLE, check, json_of, run};
use serde_json::Value;

/// Writes an export of round R1 and its one case C1 (entered 2026-01-05) with `fields`
/// (JSON members, without braces) after its identity.
fn write_one_case(path: &std::path::Path, fields: &str) {
    let text = format!(
        "{{\"kind\": \"round\", \"id\": \"R1\"}}\n{{\"kind\": \"case\", \"case_id\": \"C1\", \"round_id\": \"R1\", \"entered_on\": \"2026-01-05\", {fields}}}\n"
    );
    std::fs::write(path, text).unwrap();
}

fn findings(v: &Value) -> &Vec<Value> {
    v["findings"].as_array().unwrap()
}

#[test]
fn every_finding_of_the_sample_names_who_must_act() {
    let v = json_of(SAMPLE, &["--include-open"]);
    assert!(!findings(&v).is_empty());
    for f in findings(&v) {
        let who = f["responsible"].as_str().unwrap_or_default();
        assert!(!who.is_empty(), "{f}");
        if f["rule"].as_str().unwrap().starts_with("data.") {
            assert_eq!(who, "数据导出方", "{f}");
        }
    }
    let clue = findings(&v)
        .iter()
        .find(|f| f["rule"] == "cas62.16.clue-feedback" && f["status"] == "overdue")
        .unwrap();
    assert_eq!(clue["responsible"], "驻院纪检监察组");
    assert_eq!(clue["light"], "red");
    assert_eq!(clue["branch"], "沈阳分院");
    assert_eq!(clue["provisional"], false);
}

#[test]
fn a_generated_export_names_the_discipline_body_and_the_assignee() {
    let dir = tempfile::tempdir().unwrap();
    let g = generator::generate(3000, 11);
    let path = dir.path().join("export.jsonl");
    std::fs::write(&path, &g.export).unwrap();
    let v = json_of(path.to_str().unwrap(), &["--include-open"]);
    let all = findings(&v);
    assert!(all.len() > 1000, "{}", all.len());
    assert!(
        all.iter()
            .all(|f| f["responsible"].as_str().is_some_and(|s| !s.is_empty()))
    );
    let art16: Vec<&Value> = all.iter().filter(|f| f["article"] == 16).collect();
    assert!(!art16.is_empty());
    assert!(
        art16.iter().all(|f| f["responsible"] == "驻院纪检监察组"),
        "{:?}",
        art16.first()
    );
}

#[test]
fn the_urgent_matters_assignee_must_act_on_art_19() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl");
    write_one_case(
        &path,
        r#""unit": {"name": "物理研究所", "branch": "北京分院"}, "urgent_matters": [{"id": "JJ-1", "raised_on": "2026-09-01", "assigned_to": "中国科学院人事局"}, {"id": "JJ-2", "raised_on": "2026-09-02"}]"#,
    );
    let v = json_of(path.to_str().unwrap(), &["--select", "cas62.19"]);
    let who: Vec<&str> = findings(&v)
        .iter()
        .map(|f| f["responsible"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["人事局", "巡视办"]);
    assert!(findings(&v).iter().all(|f| f["branch"] == "北京分院"));
}

#[test]
fn open_deadlines_are_listed_on_request_and_never_fail_a_run() {
    let without = json_of(SAMPLE, &[]);
    let with = json_of(SAMPLE, &["--include-open"]);
    let open = without["summary"]["open"].as_u64().unwrap();
    assert!(open > 0, "the sample has open deadlines");
    assert_eq!(with["summary"]["by_status"]["open"], open);
    assert_eq!(with["summary"]["by_severity"]["info"], open);
    assert!(without["summary"]["by_status"].get("open").is_none());
    let listed: Vec<&Value> = findings(&with)
        .iter()
        .filter(|f| f["status"] == "open")
        .collect();
    assert!(
        listed
            .iter()
            .all(|f| f["severity"] == "info" && f["due"].is_string())
    );
    // Only open deadlines: nothing at or above warning fails.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("open.jsonl");
    write_one_case(
        &path,
        r#""clues": [{"id": "X1", "received_on": "2026-10-20", "transferred_to": "驻院纪检监察组"}]"#,
    );
    let p = path.to_str().unwrap();
    let args = [
        "--select",
        "cas62.16",
        "--include-open",
        "--fail-on",
        "warning",
        "--format",
        "json",
    ];
    let (code, out, err) = check(p, &args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["by_status"]["open"], 1);
}

#[test]
fn light_thresholds_can_be_working_days_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl");
    // 2026-09-02 + 3个月 = 2026-12-02 (Wed), 7 calendar days after as-of 2026-11-25: yellow by
    // default (10日); with light_yellow = 3个工作日 the yellow limit is 2026-11-30 (Mon), so it is
    // green (20日), and with light_green = 4个工作日 (2026-12-01) it has no light at all.
    write_one_case(
        &path,
        r#""clues": [{"id": "X1", "received_on": "2026-09-02"}]"#,
    );
    let light = |toml: &str| {
        let cfg = dir.path().join("clausecheck.toml");
        std::fs::write(&cfg, toml).unwrap();
        let (code, out, err) = run(&[
            "--config",
            cfg.to_str().unwrap(),
            "check",
            path.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--select",
            "cas62.16",
        ]);
        assert!(code == 0 || code == 1, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["findings"][0]["due"], "2026-12-02");
        v["findings"][0]["light"].clone()
    };
    assert_eq!(light(""), "yellow");
    assert_eq!(
        light("[parameters]\nlight_yellow = \"3个工作日\"\n"),
        "green"
    );
    assert_eq!(
        light("[parameters]\nlight_yellow = \"3个工作日\"\nlight_green = \"4个工作日\"\n"),
        Value::Null
    );
}

#[test]
fn data_findings_name_the_export_maintainer_when_told() {
    let v = json_of(
        SAMPLE,
        &["--data-responsible", "信息中心", "--select", "data."],
    );
    assert!(!findings(&v).is_empty());
    assert!(findings(&v).iter().all(|f| f["responsible"] == "信息中心"));
}

#[test]
fn grouped_summaries_count_by_light_and_status() {
    let (_, out, _) = check(SAMPLE, &["--group-by", "responsible", "--lang", "en"]);
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Summary by group"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(
        table[0].starts_with("responsible") && table[0].contains("red"),
        "{table:?}"
    );
    let row = table
        .iter()
        .find(|l| l.starts_with("驻院纪检监察组"))
        .unwrap();
    let v = json_of(SAMPLE, &[]);
    let mine: Vec<&Value> = findings(&v)
        .iter()
        .filter(|f| f["responsible"] == "驻院纪检监察组")
        .collect();
    let red = mine.iter().filter(|f| f["light"] == "red").count();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[1], mine.len().to_string());
    assert_eq!(cells[2], red.to_string());
    let (_, md, _) = check(SAMPLE, &["--format", "markdown", "--group-by", "branch"]);
    assert!(md.contains("## 按 所在分院"), "{md}");
    assert!(md.contains("| 沈阳分院 |"));
}

#[test]
fn a_rule_that_names_nobody_is_a_pack_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack.yaml");
    let text = "pack: {id: t, title: {zh: 测试, en: test}, issued_on: 2020-12-08, effective_from: 2020-12-08}
articles:
  - article: 16
    text: 问题线索办理结果应于3个月内反馈巡视办。
    rules:
      - id: t.16
        severity: error
        title: {zh: 反馈, en: feedback}
        message: {zh: 未反馈, en: not fed back}
        on: case
        each: clues
        check:
          deadline: {start: item.received_on, end: item.result_fed_back_on, period: 3个月}
";
    std::fs::write(&pack, text).unwrap();
    let p = pack.to_str().unwrap();
    let (code, _, err) = run(&["check", SAMPLE, "--rules", p, "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("pack.yaml:6:9"), "{err}");
    assert!(err.contains("declares no `responsible`"), "{err}");
    let found_missing = text.replace(
        "        on: case",
        "        responsible: {found_missing: true, otherwise: 巡视办}\n        on: case",
    );
    std::fs::write(&pack, found_missing).unwrap();
    let (code, _, err) = run(&["check", SAMPLE, "--rules", p, "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("found_missing applies only to a `contains` check"),
        "{err}"
    );
}

#[test]
fn provisional_findings_can_be_kept_from_failing_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl");
    // Received 2026-10-31: + 3个月 = 2027-01-31, a Sunday by weekends alone, so extended; only
    // the 2027 notice can say which day it really ends. Late either way, by an unsettled count.
    write_one_case(
        &path,
        r#""clues": [{"id": "X1", "received_on": "2026-10-31", "result_fed_back_on": "2027-03-01"}]"#,
    );
    let p = path.to_str().unwrap();
    let (code, out, _) = run(&[
        "check",
        p,
        "--as-of",
        "2027-03-10",
        "--format",
        "json",
        "--select",
        "cas62.16",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["provisional"], true, "{v}");
    assert!(
        v["findings"][0]["provisional_reason"]
            .as_str()
            .unwrap()
            .contains("2027")
    );
    assert_eq!(v["summary"]["provisional"], 1);
    let (code, _, _) = run(&[
        "check",
        p,
        "--as-of",
        "2027-03-10",
        "--select",
        "cas62.16",
        "--fail-on",
        "settled-error",
    ]);
    assert_eq!(code, 0);
}

/// Clues whose due dates fall in 2027 before its holiday notice is in the calendar: received
/// 2026-11-06 (+ 3个月 = Sat 2027-02-06: by weekends alone Mon 02-08; by the 2027 notice a
/// Spring Festival day, so Mon 02-15), received 2026-10-15 (due Fri 2027-01-15 either way), and one
/// fed back late in 2026, which no 2027 day decides.
const CLUES_INTO_2027: &str = concat!(
    r#"{"kind": "round", "id": "R1"}"#,
    "\n",
    r#"{"kind": "case", "case_id": "C1", "round_id": "R1", "entered_on": "2026-01-05", "clues": [{"id": "X1", "received_on": "2026-11-06", "transferred_to": "驻院纪检监察组"}, {"id": "X2", "received_on": "2026-10-15", "transferred_to": "驻院纪检监察组"}, {"id": "X3", "received_on": "2026-06-01", "result_fed_back_on": "2026-09-10", "transferred_to": "驻院纪检监察组"}]}"#,
    "\n"
);

#[test]
fn a_new_years_notice_imported_settles_exactly_the_findings_that_rested_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("x.jsonl");
    std::fs::write(&export, CLUES_INTO_2027).unwrap();
    let sweep = |extra: &[&str], out: &std::path::Path| -> Value {
        let mut args = vec![
            "check",
            export.to_str().unwrap(),
            "--as-of",
            "2027-02-10",
            "--select",
            "cas62.16",
            "--include-open",
            "--format",
            "json",
            "--output",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let (code, _, err) = run(&args);
        assert!(code == 0 || code == 1, "{err}");
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
    };
    let before_path = dir.path().join("before.json");
    let before = sweep(&[], &before_path);
    let by_item = |v: &Value| -> Vec<(String, String, String, bool)> {
        findings(v)
            .iter()
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
                (
                    f["item"]["id"].as_str().unwrap().to_string(),
                    s("status"),
                    s("due"),
                    f["provisional"] == true,
                )
            })
            .collect()
    };
    assert_eq!(
        by_item(&before),
        [
            ("X1".into(), "overdue".into(), "2027-02-08".into(), true),
            ("X2".into(), "overdue".into(), "2027-01-15".into(), true),
            ("X3".into(), "late".into(), "2026-09-01".into(), false),
        ]
    );
    let calendar = dir.path().join("cn-2027.yaml");
    let (code, _, err) = run(&[
        "calendar",
        "import",
        "fixtures/calendar/2027-notice.txt",
        "--output",
        calendar.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let after_path = dir.path().join("after.json");
    let after = sweep(&["--calendar", calendar.to_str().unwrap()], &after_path);
    assert_eq!(
        by_item(&after),
        [
            ("X1".into(), "due_soon".into(), "2027-02-15".into(), false),
            ("X2".into(), "overdue".into(), "2027-01-15".into(), false),
            ("X3".into(), "late".into(), "2026-09-01".into(), false),
        ]
    );
    assert_eq!(after["summary"]["provisional"], 0);
    let (_, diff, _) = run(&[
        "diff",
        before_path.to_str().unwrap(),
        after_path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let diff: Value = serde_json::from_str(&diff).unwrap();
    assert_eq!(diff["summary"]["settled"], 2, "{diff}");
    assert_eq!(diff["summary"]["new"], 0);
}

#[test]
fn the_html_report_shows_lights_and_a_provisional_badge() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("x.jsonl");
    std::fs::write(&export, CLUES_INTO_2027).unwrap();
    let (_, html, _) = run(&[
        "check",
        export.to_str().unwrap(),
        "--as-of",
        "2027-02-10",
        "--select",
        "cas62.16",
        "--format",
        "html",
    ]);
    // The page's script draws the badges from the data blob: a finding's light (field 14: 1
    // is red), its 待定 reason (field 15) and its responsible party (field 7) are there.
    let data = html_data(&html);
    let rows = html_rows(&data);
    let provisional: Vec<&Vec<i64>> = rows.iter().filter(|r| r[15] != 0).collect();
    assert_eq!(provisional.len(), 2, "{data}");
    assert!(provisional.iter().all(|r| {
        html_text(&data, r[15]).contains("日历缺少 2027 年的国务院节假日安排")
    }));
    assert_eq!(rows.iter().filter(|r| r[14] == 1).count(), 3);
    assert_eq!(data["labels"]["light"][1], "红灯");
    assert!(
        rows.iter()
            .any(|r| html_text(&data, r[7]) == "驻院纪检监察组")
    );
}

/// The HTML page's JSON blob, parsed.
fn html_data(html: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"report-data\">";
    let start = html.find(open).expect("the data element") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("the data is JSON")
}

/// The numbers of the page's number code (src/report/html/packed.rs).
fn html_numbers(code: &str) -> Vec<i64> {
    const MORE: &str = "0123456789abcdefghijklmnopqrstuv";
    const LAST: &str = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.";
    let mut out = Vec::new();
    let mut n = 0i64;
    for c in code.chars() {
        if let Some(d) = MORE.find(c) {
            n = n * 32 + d as i64;
        } else {
            out.push(n * 32 + LAST.find(c).expect("a digit") as i64);
            n = 0;
        }
    }
    out
}

/// The findings' rows, differences added back as the page's script does.
fn html_rows(data: &Value) -> Vec<Vec<i64>> {
    let width = data["width"].as_u64().unwrap() as usize;
    let delta: Vec<usize> = serde_json::from_value(data["delta"].clone()).unwrap();
    let unzigzag = |n: i64| if n % 2 == 1 { -(n + 1) / 2 } else { n / 2 };
    let mut previous = vec![0; width];
    html_numbers(data["f"].as_str().unwrap())
        .chunks(width)
        .map(|row| {
            let mut row = row.to_vec();
            row[1] = unzigzag(row[1]);
            for &c in &delta {
                row[c] = previous[c] + unzigzag(row[c]);
                previous[c] = row[c];
            }
            row
        })
        .collect()
}

/// Text `i` of the page's data: its fragments joined.
fn html_text(data: &Value, i: i64) -> String {
    let table = html_numbers(data["t"].as_str().unwrap());
    let mut at = 0;
    for _ in 0..i {
        at += table[at] as usize + 1;
    }
    (1..=table[at] as usize)
        .map(|k| data["s"][table[at + k] as usize].as_str().unwrap())
        .collect()
}

#[test]
fn selectors_and_waivers_that_name_no_rule_stop_the_run_with_suggestions() {
    let (code, out, err) = check(SAMPLE, &["--select", "cas62.99", "--lang", "en"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("--select names no rule: `cas62.99` (cas62.19?, cas62.9?"),
        "{err}"
    );
    let (code, _, err) = check(SAMPLE, &["--ignore", "cas62.16,data.dat"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--ignore 中的规则选择不对应任何规则：`data.dat` (data.date?"),
        "{err}"
    );
    assert_eq!(
        check(SAMPLE, &["--select", "cas62.,data", "--fail-on", "never"]).0,
        0
    );
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("waivers.yaml");
    std::fs::write(
        &waivers,
        "- {rule: cas62.16.clue-feedbak, case_id: 2025-2-07, reason: 已报批, approved_by: 巡视办}\n",
    )
    .unwrap();
    let (code, _, err) = check(
        SAMPLE,
        &["--waivers", waivers.to_str().unwrap(), "--lang", "en"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "waivers.yaml:1:3 names no rule: `cas62.16.clue-feedbak` (cas62.16.clue-feedback?"
        ),
        "{err}"
    );
}

#[test]
fn markdown_groups_every_status_by_article_with_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.jsonl");
    std::fs::write(&path, generator::generate(3000, 5).export).unwrap();
    let p = path.to_str().unwrap();
    let v = json_of(p, &[]);
    let (_, md, _) = check(p, &["--format", "markdown", "--lang", "en"]);
    assert!(md.len() <= 1024 * 1024);
    let by_article = v["summary"]["by_article"].as_object().unwrap();
    assert!(by_article.len() > 3);
    for (article, n) in by_article {
        let heading = match article.as_str() {
            "data" => format!("### data ({n})"),
            a => format!("### Art. {a} ({n})"),
        };
        assert!(md.contains(&heading), "{heading} missing");
        let shown = n.as_u64().unwrap().min(50);
        let section = md
            .split(&heading)
            .nth(1)
            .unwrap()
            .split("\n### ")
            .next()
            .unwrap();
        assert_eq!(
            section.lines().filter(|l| l.starts_with("- **")).count() as u64,
            shown
        );
        if n.as_u64().unwrap() > 50 {
            assert!(section.contains(&format!("… and {} more", n.as_u64().unwrap() - 50)));
        }
    }
    assert!(md.contains("**violation**") && md.contains("**overdue**"));
}
