//! `--waivers`, `--baseline` and `clausecheck diff`: matched by rule and record identity, so a
//! line shift between exports changes nothing.

mod common;

use std::path::Path;

use common::{SAMPLE, check, json_of, run, shifted_sample};
use serde_json::Value;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const WAIVERS: &str = "\
- rule: cas62.16
  case_id: 2023-1-03
  item: XS-2024-0003
  reason: 纪检组书面说明线索仍在办理
  approved_by: 巡视办主任
  expires: 2026-11-25
- rule: cas62.21.life-meeting-timing
  case_id: 2025-2-06
  reason: 已报院党组同意延期
  approved_by: 巡视办主任
  expires: 2026-11-24
- rule: cas62.9
  case_id: 2099-1-01
  reason: 无
  approved_by: 巡视办主任
";

#[test]
fn waivers_set_findings_aside_and_report_expired_and_unused_ones() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = write(dir.path(), "waivers.yaml", WAIVERS);
    let v = json_of(SAMPLE, &["--waivers", &waivers, "--lang", "en"]);
    assert_eq!(v["summary"]["findings"], 49);
    assert_eq!(v["summary"]["waived"], 1);
    let waived = v["waived"].as_array().unwrap();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["item"]["id"], "XS-2024-0003");
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.iter().any(|f| f["item"]["id"] == "XS-2024-0003"));
    // The expired waiver (its last day was the day before) no longer waives.
    assert!(
        findings
            .iter()
            .any(|f| f["case_id"] == "2025-2-06" && f["rule"] == "cas62.21.life-meeting-timing")
    );
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("expired on 2026-11-24") && warnings[0].contains("waivers.yaml:7:3")
    );
    assert!(
        warnings[1].contains("matches no finding") && warnings[1].contains("waivers.yaml:12:3")
    );
    // The human summary says it too.
    let (_, human, _) = check(SAMPLE, &["--waivers", &waivers]);
    assert!(human.contains("豁免已于 2026-11-24 到期"), "{human}");
    assert!(human.contains("豁免未匹配任何发现"));
    assert!(human.contains("另有 1 项已豁免。"));
}

#[test]
fn a_waived_finding_does_not_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let only = ["--select", "cas62.5"];
    let (code, _, _) = check(SAMPLE, &only);
    assert_eq!(code, 1);
    let waivers = write(
        dir.path(),
        "w.yaml",
        "- {rule: cas62.5.leader-approved, case_id: 2021-2-01, reason: 增选已口头批准, approved_by: 组长}\n",
    );
    let (code, out, _) = check(
        SAMPLE,
        &[&only[..], &["--waivers", &waivers, "--format", "json"]].concat(),
    );
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["findings"], 0);
    assert_eq!(v["summary"]["waived"], 1);
}

#[test]
fn waiver_mistakes_stop_the_run_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "- rule: cas62.5\n  case_id: 2021-2-01\n  approved_by: 组长\n",
            "1:3",
            "`reason`",
        ),
        (
            "- rule: cas62.5\n  case_id: 2021-2-01\n  reason: \"  \"\n  approved_by: 组长\n",
            "3:11",
            "`reason`",
        ),
        (
            "- rule: cas62.5\n  case_id: x\n  reason: r\n  approved_by: a\n  expires: 2026-13-01\n",
            "5:12",
            "`expires`",
        ),
        (
            "- rule: cas62.5\n  case: x\n  reason: r\n  approved_by: a\n",
            "2:9",
            "`case`",
        ),
        ("rule: x\n", "1:1", ""),
        ("- [unclosed\n", "", "YAML"),
    ];
    for (text, place, what) in cases {
        let waivers = write(dir.path(), "bad.yaml", text);
        for lang in ["zh", "en"] {
            let (code, out, err) = check(SAMPLE, &["--waivers", &waivers, "--lang", lang]);
            assert_eq!(code, 2, "{text}");
            assert!(out.is_empty());
            assert!(err.contains(&format!("bad.yaml:{place}")), "{text}\n{err}");
            assert!(err.contains(what), "{text}\n{err}");
            assert!(
                err.contains(if lang == "zh" {
                    "豁免文件"
                } else {
                    "waiver file"
                }),
                "{err}"
            );
        }
    }
    let (code, _, err) = check(SAMPLE, &["--waivers", "no/such/file.yaml"]);
    assert_eq!((code, err.contains("no/such/file.yaml")), (2, true));
}

#[test]
fn baseline_reports_only_new_findings_whatever_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (_, full, _) = check(SAMPLE, &["--format", "json"]);
    let mut old: Value = serde_json::from_str(&full).unwrap();
    // The older sweep lacked two findings: those two are new now.
    let dropped: Vec<Value> = {
        let list = old["findings"].as_array_mut().unwrap();
        vec![list.remove(20), list.remove(3)]
    };
    let baseline = write(dir.path(), "old.json", &old.to_string());
    let shifted = shifted_sample(dir.path(), 5);
    let (code, out, _) = check(&shifted, &["--baseline", &baseline, "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["baselined"], 48);
    let rules: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["rule"])
        .collect();
    let mut expected: Vec<&Value> = dropped.iter().map(|f| &f["rule"]).collect();
    expected.reverse();
    assert_eq!(rules, expected);
    // The whole sweep as baseline: nothing new, exit 0.
    let all = write(dir.path(), "all.json", &full);
    let (code, out, _) = check(&shifted, &["--baseline", &all, "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["summary"]["findings"],
        0
    );
}

#[test]
fn baseline_counts_duplicates() {
    // The sample has one finding twice with the same identity (a duplicated clue id); a
    // baseline holding it once hides only one of the two.
    let full = json_of(SAMPLE, &[]);
    let findings = full["findings"].as_array().unwrap();
    let key = |f: &Value| {
        format!(
            "{} {} {} {}",
            f["rule"], f["case_id"], f["item"], f["field"]
        )
    };
    let dup = findings
        .iter()
        .find(|f| findings.iter().filter(|g| key(g) == key(f)).count() > 1)
        .expect("the sample repeats an identity");
    let mut once = full.clone();
    let list = once["findings"].as_array_mut().unwrap();
    let at = list.iter().position(|f| key(f) == key(dup)).unwrap();
    list.remove(at);
    let dir = tempfile::tempdir().unwrap();
    let baseline = write(dir.path(), "b.json", &once.to_string());
    let v = json_of(SAMPLE, &["--baseline", &baseline]);
    assert_eq!(v["summary"]["findings"], 1);
    assert_eq!(key(&v["findings"][0]), key(dup));
}

#[test]
fn a_bad_baseline_is_reported_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.json",
        "{\n  \"findings\": [\n    {\"rule\": 1,}\n",
    );
    let (code, _, err) = check(SAMPLE, &["--baseline", &broken, "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.json:3:"), "{err}");
    let wrong = write(
        dir.path(),
        "wrong.json",
        "{\"findings\": [{\"case_id\": \"x\"}]}",
    );
    let (code, _, err) = check(SAMPLE, &["--baseline", &wrong]);
    assert_eq!(code, 2);
    assert!(
        err.contains("findings[0]") && err.contains("`rule`"),
        "{err}"
    );
}

#[test]
fn diff_tells_new_resolved_and_open_by_identity() {
    let dir = tempfile::tempdir().unwrap();
    let (_, full, _) = check(SAMPLE, &["--format", "json"]);
    let mut older: Value = serde_json::from_str(&full).unwrap();
    let gone = older["findings"].as_array_mut().unwrap().remove(10);
    let old = write(dir.path(), "old.json", &older.to_string());
    let shifted = shifted_sample(dir.path(), 2);
    let (_, newer, _) = check(&shifted, &["--format", "json"]);
    let new = write(dir.path(), "new.json", &newer);

    let (code, out, _) = run(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(code, 1, "new findings fail like a check");
    let d: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        d["summary"],
        serde_json::json!({"new": 1, "resolved": 0, "open": 49, "escalated": 0, "settled": 0})
    );
    assert_eq!(d["new"][0]["rule"], gone["rule"]);
    assert_eq!(
        d["new"][0]["location"]["line"],
        gone["location"]["line"].as_u64().unwrap() + 2
    );

    let (code, out, _) = run(&["diff", &new, &old, "--lang", "en"]);
    assert_eq!(code, 0, "only resolved findings");
    assert!(out.starts_with("resolved (1):\n"), "{out}");
    assert!(
        out.ends_with("0 new, 1 resolved, 49 still open (0 escalated, 0 settled).\n"),
        "{out}"
    );
    let (_, out, _) = run(&["diff", &new, &old]);
    assert!(
        out.ends_with(
            "新增 0 项，已解决 1 项，仍未解决 49 项（其中升级 0 项，待定已确定 0 项）。\n"
        ),
        "{out}"
    );

    let (code, _, err) = run(&["diff", &old, "no/such.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such.json"));
}
