//! The command line as `cli.md` specifies it: outputs, exit codes, determinism, located errors.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const SAMPLE: &str = "fixtures/sample/export.jsonl";

fn clausecheck() -> Command {
    let mut cmd = Command::cargo_bin("clausecheck").expect("binary builds");
    cmd.env_remove("LANG");
    cmd
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = clausecheck().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Checks the sample export as of 2026-11-25 with extra arguments.
fn on_sample(extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["check", SAMPLE, "--as-of", "2026-11-25"];
    args.extend_from_slice(extra);
    run(&args)
}

fn sample_json(extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = on_sample(&args);
    assert_eq!(code, 1, "{err}");
    serde_json::from_str(&out).expect("valid JSON")
}

/// The sample export gives exactly the findings computed by hand in `expected.yaml`.
#[test]
fn sample_gives_exactly_its_known_findings() {
    let got = sample_json(&[]);
    let text = std::fs::read_to_string("fixtures/sample/expected.yaml").unwrap();
    let expected: Value = serde_saphyr::from_str(&text).unwrap();
    let key = |f: &Value| {
        let item = match &f["item"] {
            Value::Object(o) => o.get("id").cloned().unwrap_or(Value::Null),
            other => other.clone(),
        };
        let round = if f["case_id"].is_null() {
            f["round_id"].clone()
        } else {
            Value::Null
        };
        let due = f
            .get("due")
            .map(|d| {
                Value::String(
                    d.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| d.to_string()),
                )
            })
            .unwrap_or(Value::Null);
        format!(
            "{} {} {} {} {} {} {}",
            f["rule"],
            f["case_id"],
            round,
            item,
            f["status"],
            due,
            f.get("days_over").cloned().unwrap_or(Value::Null)
        )
    };
    let count = |list: &Vec<Value>| {
        let mut m: HashMap<String, i32> = HashMap::new();
        list.iter().for_each(|f| *m.entry(key(f)).or_default() += 1);
        m
    };
    let (g, w) = (
        count(got["findings"].as_array().unwrap()),
        count(expected["findings"].as_array().unwrap()),
    );
    let missing: Vec<_> = w.iter().filter(|(k, n)| g.get(*k) != Some(n)).collect();
    let extra: Vec<_> = g.iter().filter(|(k, n)| w.get(*k) != Some(n)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}"
    );
    assert_eq!(got["summary"]["findings"], 50);
    assert_eq!(got["summary"]["not_applicable"], 1);
}

#[test]
fn json_output_snapshot() {
    let (_, out, _) = on_sample(&["--format", "json"]);
    insta::assert_snapshot!("sample_json", out);
}

#[test]
fn human_output_snapshot() {
    let (code, out, _) = on_sample(&["--lang", "en"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("sample_human_en", out);
}

#[test]
fn json_has_the_contract_shape() {
    let v = sample_json(&[]);
    assert_eq!(v["tool"]["name"], "clausecheck");
    assert_eq!(v["pack"]["id"], "cas-2020-62");
    assert_eq!(v["pack"]["effective_from"], "2020-12-08");
    assert_eq!(v["as_of"], "2026-11-25");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "cas62.16.clue-feedback" && f["status"] == "overdue")
        .unwrap();
    for key in [
        "rule",
        "article",
        "severity",
        "status",
        "round_id",
        "case_id",
        "unit",
        "item",
        "field",
        "start",
        "due",
        "days_over",
        "message",
        "location",
    ] {
        assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
    }
    assert_eq!(f["article"], 16);
    assert_eq!(f["item"]["collection"], "clues");
    let loc = &f["location"];
    assert_eq!(loc["file"], SAMPLE);
    // The location points at the clue that lacks its result.
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let (offset, length) = (
        loc["offset"].as_u64().unwrap() as usize,
        loc["length"].as_u64().unwrap() as usize,
    );
    let snippet = &text[offset..offset + length];
    assert!(
        snippet.starts_with('{') && snippet.contains(f["item"]["id"].as_str().unwrap()),
        "{snippet}"
    );
    let line = loc["line"].as_u64().unwrap() as usize;
    assert_eq!(text[..offset].matches('\n').count() + 1, line);
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    for format in ["json", "human", "jsonl"] {
        let one = on_sample(&["--format", format, "--threads", "1"]).1;
        let four = on_sample(&["--format", format, "--threads", "4"]).1;
        assert!(!one.is_empty());
        assert_eq!(one, four, "{format} differs between 1 and 4 threads");
    }
}

#[test]
fn jsonl_writes_findings_then_the_summary() {
    let (_, out, _) = on_sample(&["--format", "jsonl"]);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 51);
    assert_eq!(lines[50]["summary"]["findings"], 50);
    assert!(lines[..50].iter().all(|l| l.get("rule").is_some()));
}

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(on_sample(&[]).0, 1);
    assert_eq!(on_sample(&["--fail-on", "never"]).0, 0);
    // Only warnings selected: error threshold passes, warning threshold fails.
    assert_eq!(on_sample(&["--select", "cas62.9"]).0, 0);
    assert_eq!(
        on_sample(&["--select", "cas62.9", "--fail-on", "warning"]).0,
        1
    );
    assert_eq!(on_sample(&["--select", "data.syntax"]).0, 0);
    assert_eq!(run(&["check", "no/such/export.jsonl"]).0, 2);
    assert_eq!(run(&["check", SAMPLE, "--as-of", "2026-02-30"]).0, 2);
}

#[test]
fn select_and_ignore_filter_by_prefix() {
    let v = sample_json(&["--select", "cas62.16,data.date"]);
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules
            .iter()
            .all(|r| *r == "cas62.16.clue-feedback" || *r == "data.date"),
        "{rules:?}"
    );
    assert_eq!(rules.len(), 8);
    let v = sample_json(&["--ignore", "data"]);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["rule"].as_str().unwrap().starts_with("data."))
    );
}

#[test]
fn a_broken_line_is_a_finding_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl");
    let good = r#"{"kind":"case","case_id":"C1","round_id":"R","entered_on":"2025-01-01","clues":[{"id":"X","received_on":"2025-01-10"}]}"#;
    std::fs::write(
        &path,
        format!("{{\"kind\": \"case\", \"case_id\": \n{good}\n"),
    )
    .unwrap();
    let (code, out, _) = run(&[
        "check",
        path.to_str().unwrap(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "--select",
        "data.syntax,cas62.16",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f[0]["rule"], "data.syntax");
    assert_eq!(f[0]["location"]["line"], 1);
    assert_eq!(f[1]["rule"], "cas62.16.clue-feedback");
    assert_eq!(f[1]["status"], "overdue");
    assert_eq!(f[1]["due"], "2025-04-10");
}

#[test]
fn english_with_lang_en() {
    let v = sample_json(&["--lang", "en", "--select", "cas62.16"]);
    let m = v["findings"][0]["message"].as_str().unwrap();
    assert!(m.is_ascii(), "{m}");
    let v = sample_json(&["--select", "cas62.16"]);
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("逾期")
    );
}

#[test]
fn default_as_of_is_today_in_china_whatever_the_time_zone() {
    let as_of = |tz: &str| {
        let out = clausecheck()
            .env("TZ", tz)
            .args(["check", SAMPLE, "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["as_of"].as_str().unwrap().to_string()
    };
    assert_eq!(as_of("America/New_York"), as_of("Asia/Shanghai"));
    assert_eq!(as_of("Pacific/Kiritimati"), as_of("Asia/Shanghai"));
}

#[test]
fn output_file_is_written_and_inputs_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let before = std::fs::read(SAMPLE).unwrap();
    let (code, stdout, _) = run(&[
        "check",
        SAMPLE,
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["summary"]["findings"], 50);
    assert_eq!(std::fs::read(SAMPLE).unwrap(), before);
}

const MINIMAL_PACK: &str =
    "pack: {id: t, title: {zh: 测试, en: test}, issued_on: 2020-12-08, effective_from: 2020-12-08}
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
        responsible: {field: item.transferred_to, otherwise: 巡视办}
";

fn rule_file_error(from: &str, to: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.yaml");
    assert!(MINIMAL_PACK.contains(from), "{from}");
    std::fs::write(&path, MINIMAL_PACK.replacen(from, to, 1)).unwrap();
    let (code, _, err) = run(&[
        "check",
        SAMPLE,
        "--rules",
        path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    (code, err)
}

#[test]
fn a_valid_user_pack_runs_without_recompiling() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.yaml");
    std::fs::write(&path, MINIMAL_PACK).unwrap();
    let (code, out, err) = run(&[
        "check",
        SAMPLE,
        "--rules",
        path.to_str().unwrap(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "--ignore",
        "data",
    ]);
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pack"]["id"], "t");
    // Six in the built-in pack; this pack has no transferred_on fallback, so one clue is skipped.
    assert_eq!(v["findings"].as_array().unwrap().len(), 5);
}

#[test]
fn rule_file_mistakes_are_located() {
    let cases = [
        (
            "        severity: error",
            "        sevrity: error",
            ":7:9",
            "did you mean `severity`",
        ),
        (
            "item.received_on",
            "item.recieved_on",
            ":13:",
            "no field `clues.recieved_on`",
        ),
        (
            "deadline: {",
            "dedline: {",
            ":13:11",
            "unknown check kind `dedline`",
        ),
        (
            "period: 3个月",
            "period: 3 fortnights",
            ":13:",
            "unrecognised period `3 fortnights`",
        ),
        (
            "        message: {zh: 未反馈, en: not fed back}\n",
            "",
            ":6:",
            "lacks the required key `message`",
        ),
        (
            "message: {zh: 未反馈, en: not fed back}",
            "message: {zh: 未反馈}",
            ":9:",
            "lacks the required key `en`",
        ),
        (
            "        on: case",
            "        on: casefile",
            ":10:",
            "unknown record kind `casefile`",
        ),
        (
            "severity: error",
            "severity: fatal",
            ":7:19",
            "unknown severity `fatal` (expected error or warning)",
        ),
        (
            "effective_from: 2020-12-08}",
            "effective_from: 2020-02-30}",
            ":1:85",
            "effective_from must be a YYYY-MM-DD date",
        ),
        (
            "article: 16",
            "article: sixteen",
            ":3:14",
            "article must be an integer",
        ),
        (
            "      - id: t.16\n",
            "      - id: t.16\n        id: t.17\n",
            ":7:9",
            "duplicate mapping key: id",
        ),
        (
            "each: clues",
            "each: cluez",
            ":11:15",
            "`cluez` is not an item list",
        ),
        (
            "period: 3个月",
            "period: 3个月, extra: 1",
            ":13:94",
            "unknown key `extra` in deadline",
        ),
    ];
    for (from, to, place, says) in cases {
        let (code, err) = rule_file_error(from, to);
        assert_eq!(code, 2, "{to}: {err}");
        assert!(
            err.contains(&format!("pack.yaml{place}")),
            "{to}: expected {place} in\n{err}"
        );
        assert!(err.contains(says), "{to}: expected `{says}` in\n{err}");
    }
}

#[test]
fn rule_file_errors_in_chinese_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.yaml");
    std::fs::write(
        &path,
        MINIMAL_PACK.replacen("period: 3个月", "period: 3 fortnights", 1),
    )
    .unwrap();
    let (code, _, err) = run(&["check", SAMPLE, "--rules", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("无法识别的期限"), "{err}");
}

#[test]
fn calendar_due_matches_the_named_cases() {
    let due = |args: &[&str]| {
        let mut a = vec!["calendar", "due"];
        a.extend_from_slice(args);
        let (code, out, err) = run(&a);
        assert_eq!(code, 0, "{err}");
        out.trim().to_string()
    };
    assert_eq!(due(&["2025-06-30", "3个月"]), "2025-09-30");
    assert_eq!(due(&["2025-11-30", "3个月"]), "2026-02-28");
    assert_eq!(due(&["2024-02-29", "1年"]), "2025-02-28");
    assert_eq!(due(&["2024-02-29", "1", "year"]), "2025-02-28");
    assert_eq!(due(&["2026-09-03", "30日"]), "2026-10-08");
    assert_eq!(
        due(&["2026-09-03", "30 days", "--no-extension"]),
        "2026-10-03"
    );
    // 10-01..07 国庆 rest; 10-08, 10-09 work; Saturday 10-10 is an adjusted working day.
    assert_eq!(due(&["2026-09-30", "3个工作日"]), "2026-10-10");
}

#[test]
fn calendar_day_follows_the_notices() {
    let day = |d: &str| run(&["calendar", "day", d]).1.trim().to_string();
    assert_eq!(day("2026-01-04"), "workday");
    assert_eq!(day("2026-10-03"), "restday");
    assert_eq!(day("2026-02-28"), "workday");
    assert_eq!(day("2026-03-01"), "restday");
    assert_eq!(day("2026-03-02"), "workday");
    let (code, _, err) = run(&["calendar", "day", "2031-05-01"]);
    assert_eq!(code, 0);
    assert!(err.contains("2031"), "{err}");
    assert_eq!(run(&["calendar", "due", "2025-01-01", "3 fortnights"]).0, 2);
}

#[test]
fn calendar_commands_accept_every_export_date_form() {
    let out = |args: &[&str]| {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out.trim().to_string()
    };
    for start in [
        "2025-06-30",
        "2025/6/30",
        "2025.6.30",
        "2025年6月30日",
        "2025-06-30 00:00:00",
        "2025/6/30 9:30",
        "2025-06-30T00:00:00",
        "2025-06-30T08:00:00+08:00",
        "2025-06-29T16:00:00Z",
    ] {
        assert_eq!(
            out(&["calendar", "due", start, "3个月"]),
            "2025-09-30",
            "{start}"
        );
    }
    assert_eq!(out(&["calendar", "day", "2026年10月3日"]), "restday");
    assert_eq!(out(&["calendar", "day", "2026/3/2 23:59"]), "workday");
    // 2026-03-01 16:00 UTC is Monday 2026-03-02 in Beijing.
    assert_eq!(out(&["calendar", "day", "2026-03-01T16:00:00Z"]), "workday");
    let (code, _, err) = run(&["calendar", "day", "2026-13-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("“2026-13-01”不是日期（YYYY-MM-DD"), "{err}");
    let (code, _, err) = run(&["calendar", "day", "2026-13-01", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a date"), "{err}");
}

#[test]
fn every_rule_cites_an_article_with_text() {
    let pack = clausecheck::pack::Pack::builtin();
    assert_eq!(pack.articles.len(), 31);
    for a in &pack.articles {
        assert!(a.text.chars().count() > 8, "article {} text", a.number);
        assert!(!a.text.contains('\n'));
    }
    assert!(Path::new("rules/cas-2020-62/pack.yaml").exists());
}

const CLUE_INTO_2027: &str = r#"{"kind":"round","id":"R"}
{"kind":"case","case_id":"C1","round_id":"R","entered_on":"2026-09-01","clues":[{"id":"X","received_on":"2026-11-05"},{"id":"Y","received_on":"2026-11-06"}]}
"#;

/// 2027-02-05 + nothing: with weekends only, Friday; the user's 2027 data makes it a rest day.
const CAL_2027: &str = "calendar: cn
name: {zh: 用户补充, en: user additions}
years:
  2027:
    notices:
      - {title: 国务院办公厅关于2027年部分节假日安排的通知, published: 2026-11, url: https://example.invalid/2027}
    holidays:
      - {name: 春节, rest: [2027-02-05, 2027-02-11]}
    workdays: []
";

fn check_2027(extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl");
    std::fs::write(&path, CLUE_INTO_2027).unwrap();
    let mut args = vec![
        "check",
        path.to_str().unwrap(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "--select",
        "cas62.16",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert!(code == 0 || code == 1, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_year_the_calendar_lacks_is_said_once() {
    let v = check_2027(&[]);
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].as_str().unwrap().contains("2027"));
    assert_eq!(v["summary"]["open"], 2);
}

#[test]
fn new_years_come_from_a_calendar_file_or_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("cn-2027.yaml");
    std::fs::write(&cal, CAL_2027).unwrap();
    let v = check_2027(&["--calendar", cal.to_str().unwrap()]);
    assert!(v["warnings"].as_array().unwrap().is_empty(), "{v}");
    let pack_dir = dir.path().join("pack");
    // Calendar data sits in a subfolder: every .yaml directly in a pack folder is a rule file.
    std::fs::create_dir_all(pack_dir.join("calendars")).unwrap();
    std::fs::write(pack_dir.join("calendars/cn-2027.yaml"), CAL_2027).unwrap();
    let pack = MINIMAL_PACK.replacen(
        "effective_from: 2020-12-08}",
        "effective_from: 2020-12-08, calendar: calendars/cn-2027.yaml}",
        1,
    );
    std::fs::write(
        pack_dir.join("pack.yaml"),
        pack.replace("id: t.16", "id: cas62.16.t"),
    )
    .unwrap();
    let v = check_2027(&["--rules", pack_dir.to_str().unwrap()]);
    assert!(v["warnings"].as_array().unwrap().is_empty(), "{v}");
    let due = clausecheck()
        .args([
            "calendar",
            "due",
            "2026-11-05",
            "3个月",
            "--calendar",
            cal.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&due.stdout).trim(), "2027-02-12");
}

/// `--help` speaks Chinese unless asked for English, clap's own words included; help is on
/// standard output with exit status 0.
#[test]
fn help_in_chinese_by_default_and_english_with_lang_en() {
    let (code, out, err) = run(&["--help"]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "用法：clausecheck",
        "命令：",
        "选项：",
        "显示帮助",
        "显示版本",
        "示例：",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let (code, out, _) = run(&["check", "--help"]);
    assert_eq!(code, 0);
    for want in ["参数：", "评估日", "[默认：human]", "可选值："] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let (code, out, _) = run(&["help", "calendar", "due"]);
    assert_eq!(code, 0);
    assert!(out.contains("起算日"), "{out}");
    for args in [
        &["--help", "--lang", "en"][..],
        &["check", "--help", "--lang=en"],
    ] {
        let (code, out, _) = run(args);
        assert_eq!(code, 0);
        assert!(out.contains("Usage: clausecheck"), "{out}");
        assert!(out.contains("Print help") && !out.contains("用法"), "{out}");
    }
    let out = clausecheck()
        .env("LANG", "en_US.UTF-8")
        .arg("--help")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
}

/// The configuration's `lang` decides the help's language when `--lang` does not.
#[test]
fn help_follows_the_configured_language() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("clausecheck.toml");
    std::fs::write(&cfg, "lang = \"en\"\n").unwrap();
    let (code, out, _) = run(&["--config", cfg.to_str().unwrap(), "rules", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: clausecheck rules"), "{out}");
    let (_, out, _) = run(&["--config", cfg.to_str().unwrap(), "--lang", "zh", "--help"]);
    assert!(out.contains("用法："), "{out}");
}

/// Usage errors keep clap's exit status 2 and say what is wrong, with clap's suggestion, in
/// the user's language.
#[test]
fn usage_errors_in_chinese_by_default_and_english_with_lang_en() {
    let cases: [(&[&str], &[&str], &[&str]); 5] = [
        (
            &["check", SAMPLE, "--formt", "json"],
            &[
                "错误：无法识别的参数 '--formt'",
                "提示：是否要用 '--format'？",
                "用法：clausecheck check",
            ],
            &[
                "unexpected argument '--formt'",
                "'--format'",
                "Usage: clausecheck check",
            ],
        ),
        (
            &["check", SAMPLE, "--format", "jsn"],
            &[
                "'jsn' 不是 '--format <FORMAT>' 的有效值",
                "[可选值：human, concise",
                "是否要用 'json'？",
            ],
            &["invalid value 'jsn'", "[possible values: human, concise"],
        ),
        (
            &["check", SAMPLE, "--as-of", "2026-13-01"],
            &["'--as-of <AS_OF>' 的值 '2026-13-01' 无效：“2026-13-01”不是 YYYY-MM-DD 格式的日期"],
            &["`2026-13-01` is not a YYYY-MM-DD date"],
        ),
        (
            &["check"],
            &["缺少必需的参数：\n  <PATHS>..."],
            &["the following required arguments were not provided"],
        ),
        (
            &["--config", "a.toml", "--no-config", "schema"],
            &["参数 '--config <FILE>' 不能与 '--no-config' 同用"],
            &["cannot be used with"],
        ),
    ];
    for (args, zh, en) in cases {
        let (code, out, err) = run(args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        for want in zh.iter().chain(&["更多信息请使用 '--help'。"]) {
            assert!(err.contains(want), "{args:?}: missing {want:?} in\n{err}");
        }
        assert!(!err.contains("error:") && !err.contains("Usage:"), "{err}");
        let english: Vec<&str> = args.iter().copied().chain(["--lang", "en"]).collect();
        let (code, _, err) = run(&english);
        assert_eq!(code, 2, "{err}");
        for want in en.iter().chain(&["For more information, try '--help'."]) {
            assert!(err.contains(want), "{args:?}: missing {want:?} in\n{err}");
        }
    }
}

#[test]
fn version_on_standard_output() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("clausecheck "), "{out}");
}
