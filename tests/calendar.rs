//! `calendar import`, `calendar coverage`, and an imported year at work in `calendar day`,
//! `calendar due` and `check`, through `--calendar` and through `calendar =` in
//! clausecheck.toml — run as a user runs them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const NOTICE_2027: &str = "fixtures/calendar/2027-notice.txt";

fn run_in(dir: Option<&Path>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("clausecheck").expect("binary builds");
    cmd.env_remove("LANG");
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

/// The 2027 fixture imported into `dir`; the data file's path.
fn import_2027(dir: &Path) -> PathBuf {
    let data = dir.join("cn-2027.yaml");
    let (code, out, err) = run(&[
        "calendar",
        "import",
        NOTICE_2027,
        "--output",
        data.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.is_empty(),
        "with --output nothing goes to stdout: {out}"
    );
    data
}

#[test]
fn import_writes_only_data_and_lists_every_day_for_review() {
    let (code, out, err) = run(&["calendar", "import", NOTICE_2027]);
    assert_eq!(code, 0, "{err}");
    let cal = clausecheck::calendar::Calendar::from_yaml(&out).expect("stdout is calendar data");
    assert_eq!(cal.years().collect::<Vec<_>>(), vec![2027]);
    let listed: Vec<&str> = err.lines().filter(|l| l.starts_with("  2027-")).collect();
    assert_eq!(listed.len(), 34, "{err}");
    assert!(err.contains("  2027-02-08 星期一 放假\n"), "{err}");
    assert!(err.contains("  2027-01-31 星期日 上班（调休）\n"), "{err}");
    assert!(err.contains("文号：国办发明电〔2026〕12号"), "{err}");
    let (_, _, en) = run(&["--lang", "en", "calendar", "import", NOTICE_2027]);
    assert!(
        en.contains("  2027-01-31 Sun  work (adjusted working day)\n"),
        "{en}"
    );
    assert!(
        en.contains("In all: 29 rest days, 5 adjusted working days."),
        "{en}"
    );
}

#[test]
fn an_unreadable_sentence_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    let text = std::fs::read_to_string(NOTICE_2027).unwrap();
    std::fs::write(&bad, text.replace("2月20日（周六）", "2月20日（周日）")).unwrap();
    let data = dir.path().join("out.yaml");
    let (bad, data) = (bad.to_str().unwrap(), data.to_str().unwrap());
    let (code, out, err) = run(&["calendar", "import", bad, "--output", data]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("bad.txt:7:58]"),
        "line 7, 58th character: {err}"
    );
    assert!(err.contains("2027-02-20 是星期六，不是星期日"), "{err}");
    assert!(
        err.contains("句子：1月31日（周日）、2月20日（周日）上班。"),
        "{err}"
    );
    assert!(!Path::new(data).exists(), "nothing written on an error");
    let (code, _, err) = run(&["--lang", "en", "calendar", "import", bad]);
    assert_eq!(code, 2);
    assert!(
        err.contains("2027-02-20 is a Saturday, not a Sunday"),
        "{err}"
    );
    assert!(err.contains("sentence: 1月31日（周日）"), "{err}");
}

#[test]
fn without_a_title_the_year_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("items.txt");
    let text = std::fs::read_to_string(NOTICE_2027).unwrap();
    let items: String = text
        .lines()
        .filter(|l| l.contains('：') && l.starts_with(['一', '二', '三']))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&bare, items).unwrap();
    let bare = bare.to_str().unwrap();
    let (code, _, err) = run(&["calendar", "import", bare]);
    assert_eq!(code, 2);
    assert!(err.contains("--year"), "{err}");
    let (code, out, err) = run(&["calendar", "import", bare, "--year", "2027"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  2027:\n") && !out.contains("notices:"),
        "{out}"
    );
    assert!(err.contains("标题：（通知中未找到）"), "{err}");
}

#[test]
fn an_imported_year_serves_day_and_due() {
    let dir = tempfile::tempdir().unwrap();
    let data = import_2027(dir.path());
    let cal = data.to_str().unwrap();
    let ask = |args: &[&str]| {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{err}");
        (out.trim().to_string(), err)
    };
    // Monday 2027-02-08 is in the imported Spring Festival; weekends alone make it a workday.
    let (day, err) = ask(&["calendar", "day", "2027-02-08", "--calendar", cal]);
    assert_eq!(day, "restday");
    assert!(err.is_empty(), "{err}");
    let (day, err) = ask(&["calendar", "day", "2027-02-08"]);
    assert_eq!(day, "workday");
    assert!(err.contains("未收录 2027 年"), "{err}");
    assert_eq!(
        ask(&["calendar", "day", "2027-01-31", "--calendar", cal]).0,
        "workday"
    );
    let (due, err) = ask(&["calendar", "due", "2027-01-08", "1个月", "--calendar", cal]);
    assert_eq!(due, "2027-02-15");
    assert!(err.is_empty(), "{err}");
    assert_eq!(
        ask(&["calendar", "due", "2027-01-08", "1个月"]).0,
        "2027-02-08"
    );
}

/// A clue received 2026-11-05: its feedback is due in February 2027.
const CLUE_INTO_2027: &str = r#"{"kind":"round","id":"R"}
{"kind":"case","case_id":"C1","round_id":"R","entered_on":"2026-09-01","clues":[{"id":"X","received_on":"2026-11-05"}]}
"#;

fn write_export(dir: &Path) -> String {
    let path = dir.join("x.jsonl");
    std::fs::write(&path, CLUE_INTO_2027).unwrap();
    path.display().to_string()
}

fn check_json(dir: Option<&Path>, export: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "check",
        export,
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "--select",
        "cas62.16",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = run_in(dir, &args);
    assert!(code == 0 || code == 1, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_configured_calendar_serves_check_day_and_due() {
    let dir = tempfile::tempdir().unwrap();
    import_2027(dir.path());
    std::fs::write(
        dir.path().join("clausecheck.toml"),
        "calendar = \"cn-2027.yaml\"\n",
    )
    .unwrap();
    let export = write_export(dir.path());
    let here = Some(dir.path());
    let (code, day, err) = run_in(here, &["calendar", "day", "2027-02-08"]);
    assert_eq!((code, day.trim()), (0, "restday"), "{err}");
    let (_, due, _) = run_in(here, &["calendar", "due", "2027-01-08", "1个月"]);
    assert_eq!(due.trim(), "2027-02-15");
    let (_, day, err) = run_in(here, &["--no-config", "calendar", "day", "2027-02-08"]);
    assert_eq!(day.trim(), "workday");
    assert!(err.contains("2027"), "{err}");
    let configured = check_json(here, &export, &[]);
    assert!(
        configured["warnings"].as_array().unwrap().is_empty(),
        "{configured}"
    );
    let unconfigured = check_json(here, &export, &["--no-config"]);
    assert_eq!(unconfigured["warnings"].as_array().unwrap().len(), 1);
    let flagged = check_json(
        None,
        &export,
        &[
            "--calendar",
            dir.path().join("cn-2027.yaml").to_str().unwrap(),
        ],
    );
    assert!(
        flagged["warnings"].as_array().unwrap().is_empty(),
        "{flagged}"
    );
}

#[test]
fn late_december_warns_of_the_next_years_notice() {
    let (code, day, err) = run(&["calendar", "day", "2026-12-28"]);
    assert_eq!((code, day.trim()), (0, "workday"));
    assert!(err.contains("未收录 2027 年的国务院节假日通知"), "{err}");
    assert!(
        !err.contains("2026 年的国务院节假日通知"),
        "2026 is covered: {err}"
    );
    let (_, _, en) = run(&["--lang", "en", "calendar", "day", "2026-12-28"]);
    assert!(en.contains("warning: the calendar has no State Council holiday notice for 2027,"));
    assert!(!en.contains("notice for 2026"), "{en}");
    let dir = tempfile::tempdir().unwrap();
    let data = import_2027(dir.path());
    let (_, _, err) = run(&[
        "calendar",
        "day",
        "2026-12-28",
        "--calendar",
        data.to_str().unwrap(),
    ]);
    assert!(err.is_empty(), "{err}");
}

fn coverage_json(args: &[&str]) -> Value {
    let mut all = vec!["calendar", "coverage", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn coverage_names_each_years_notice_and_source() {
    let (code, out, err) = run(&["calendar", "coverage"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("日历收录 2007–2026 年中的 20 年：\n"),
        "{out}"
    );
    assert!(
        out.contains("2021  国务院办公厅关于2021年部分节假日安排的通知（国办发明电〔2020〕27号，2020-11-25）\n      数据来源：holiday-cn；文件：内置\n"),
        "{out}"
    );
    assert!(
        out.contains("2026-12-25 至 2026-12-31 待 2027 年的通知确定"),
        "{out}"
    );
    let v = coverage_json(&[]);
    assert_eq!(
        (v["first"].as_i64(), v["last"].as_i64()),
        (Some(2007), Some(2026))
    );
    assert_eq!(v["years"].as_array().unwrap().len(), 20);
    assert_eq!(v["years"][14]["year"], 2021);
    assert_eq!(v["years"][14]["source"], "holiday-cn");
    assert_eq!(v["years"][14]["file"], Value::Null);
    assert_eq!(
        v["years"][14]["notices"][0]["number"],
        "国办发明电〔2020〕27号"
    );
    assert_eq!(v["pending"]["notice_year"], 2027);
    assert_eq!(v["exports"], Value::Null);
    let (_, en, _) = run(&["--lang", "en", "calendar", "coverage"]);
    assert!(
        en.contains("      data: holiday-cn; file: built-in\n"),
        "{en}"
    );
}

#[test]
fn coverage_says_which_years_the_exports_need() {
    let dir = tempfile::tempdir().unwrap();
    let export = write_export(dir.path());
    let v = coverage_json(&[&export]);
    assert_eq!(v["exports"]["uncovered_years"], serde_json::json!([2027]));
    let (code, out, _) = run(&["calendar", "coverage", &export]);
    assert_eq!(code, 0, "a gap is reported, not a failure");
    assert!(
        out.contains("导出中的期限需要日历未收录的年份：2027。"),
        "{out}"
    );
    let data = import_2027(dir.path());
    let data = data.to_str().unwrap();
    let v = coverage_json(&[&export, "--calendar", data]);
    assert_eq!(v["exports"]["uncovered_years"], serde_json::json!([]));
    assert_eq!(v["last"], 2027);
    let year = &v["years"][20];
    assert_eq!(year["year"], 2027);
    assert_eq!(year["file"], data);
    assert_eq!(year["source"], format!("calendar import: {NOTICE_2027}"));
    assert_eq!(year["notices"][0]["published"], "2026-11-10");
    let (_, out, _) = run(&["calendar", "coverage", &export, "--calendar", data]);
    assert!(
        out.contains("导出中期限所需的年份，日历均已收录。"),
        "{out}"
    );
}
