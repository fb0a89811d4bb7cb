//! `--format xlsx` (the 督办台账 workbook) and `--format ics` (iCalendar reminders), each read
//! back with an independent reader (calamine, the icalendar crate's parser) and compared with
//! `--format json`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook};
use clausecheck::report::xlsx::{all_findings_fields, sheet_names};
use clausecheck::text::Lang;
use clausecheck::triage::Identity;
use common::{AS_OF, SAMPLE, check, json_of, run, sample_with_unit_named};
use serde_json::Value;

/// A check of `path` as of `as_of`, with `extra` arguments.
fn check_at(path: &str, as_of: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["check", path, "--as-of", as_of];
    args.extend_from_slice(extra);
    run(&args)
}

/// `--format json` of a check of `path` as of `as_of`.
fn json_at(path: &str, as_of: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = check_at(path, as_of, &args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap()
}

// ---- xlsx ----

/// The workbook of a check of `path` (with `extra` arguments), written to `dir`.
fn workbook(dir: &Path, path: &str, extra: &[&str]) -> Xlsx<std::io::BufReader<std::fs::File>> {
    workbook_at(dir, path, AS_OF, extra)
}

fn workbook_at(
    dir: &Path,
    path: &str,
    as_of: &str,
    extra: &[&str],
) -> Xlsx<std::io::BufReader<std::fs::File>> {
    let out = dir.join("ledger.xlsx");
    let mut args = vec!["--format", "xlsx", "--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, stdout, err) = check_at(path, as_of, &args);
    assert_eq!(code, 1, "{err}");
    assert!(stdout.is_empty(), "nothing on standard output");
    open_workbook(&out).expect("calamine opens the workbook")
}

fn sheet(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Range<Data> {
    book.worksheet_range(name).expect("the sheet exists")
}

/// The rows below a list's header.
fn body(range: &Range<Data>) -> Vec<&[Data]> {
    range.rows().skip(1).collect()
}

fn findings(json: &Value) -> &Vec<Value> {
    json["findings"].as_array().unwrap()
}

/// A cell holding a JSON value as the workbook writes it: strings as text, numbers as numbers,
/// dates (`start`, `due`) as real dates, booleans as booleans, null or absent as an empty cell.
fn assert_cell_is(cell: &Data, value: Option<&Value>, what: &str) {
    match value {
        None | Some(Value::Null) => assert_eq!(cell, &Data::Empty, "{what}"),
        Some(Value::Bool(b)) => assert_eq!(cell, &Data::Bool(*b), "{what}"),
        Some(Value::Number(n)) => assert_eq!(cell.as_f64(), n.as_f64(), "{what}: {cell:?}"),
        Some(Value::String(s)) if what.ends_with("start") || what.ends_with("due") => {
            assert!(
                matches!(cell, Data::DateTime(_)),
                "{what} is a date: {cell:?}"
            );
            assert_eq!(cell.as_date().unwrap().to_string(), *s, "{what}");
        }
        Some(Value::String(s)) => assert_eq!(cell, &Data::String(s.clone()), "{what}"),
        Some(other) => panic!("{what}: unexpected JSON {other}"),
    }
}

#[test]
fn every_finding_of_the_json_output_is_a_row_of_all_findings_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [vec![], vec!["--include-open"]] {
        let json = json_of(SAMPLE, &extra);
        let mut book = workbook(dir.path(), SAMPLE, &extra);
        assert_eq!(book.sheet_names(), sheet_names(Lang::Zh).to_vec());
        let all = sheet(&mut book, "全部发现");
        let rows = body(&all);
        let expected = findings(&json);
        assert_eq!(rows.len(), expected.len(), "{extra:?}");
        let fields: Vec<&str> = all_findings_fields().collect();
        assert_eq!(all.width(), fields.len());
        for (n, (row, f)) in rows.iter().zip(expected).enumerate() {
            for (cell, field) in row.iter().zip(&fields) {
                let pointer = format!("/{}", field.replace('.', "/"));
                assert_cell_is(cell, f.pointer(&pointer), &format!("row {n} {field}"));
            }
        }
        // Every finding needs action (none is waived here): the action list has them all.
        let actions = sheet(&mut book, "督办清单");
        assert_eq!(body(&actions).len(), expected.len(), "{extra:?}");
    }
    // The open deadlines are in the workbook only when asked for.
    let open = |extra: &[&str]| {
        let mut book = workbook(dir.path(), SAMPLE, extra);
        body(&sheet(&mut book, "全部发现"))
            .iter()
            .filter(|row| row[3] == Data::String("open".into()))
            .count()
    };
    assert_eq!(open(&[]), 0);
    assert_eq!(open(&["--include-open"]), 2);
}

#[test]
fn the_action_list_is_by_responsible_party_then_due_date_with_real_dates_and_lights() {
    let dir = tempfile::tempdir().unwrap();
    let json = json_of(SAMPLE, &["--include-open"]);
    let mut book = workbook(dir.path(), SAMPLE, &["--include-open"]);
    let actions = sheet(&mut book, "督办清单");
    let header: Vec<String> = actions
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "责任方",
            "被巡视单位",
            "所在分院",
            "轮次",
            "案卷",
            "事项",
            "条款",
            "应办事项",
            "起算日",
            "截止日",
            "逾期/剩余天数",
            "三色",
            "状态",
            "待定",
            "位置"
        ]
    );
    let rows = body(&actions);
    let key = |row: &&[Data]| {
        let due = row[9].as_date();
        (row[0].to_string(), due.is_none(), due)
    };
    let keys: Vec<_> = rows.iter().map(key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        keys, sorted,
        "by responsible party, then due date, undated last"
    );
    // Deadline rows: real dates, days as numbers, the light's name; the JSON's counts.
    let deadlines: Vec<_> = rows.iter().filter(|r| r[9] != Data::Empty).collect();
    assert_eq!(
        deadlines.len(),
        findings(&json)
            .iter()
            .filter(|f| f.get("due").is_some())
            .count()
    );
    for row in &deadlines {
        assert!(matches!(row[8], Data::DateTime(_)) && matches!(row[9], Data::DateTime(_)));
        assert!(matches!(row[10], Data::Float(_)), "{:?}", row[10]);
    }
    let lights = |name: &str| {
        rows.iter()
            .filter(|r| r[11] == Data::String(name.into()))
            .count()
    };
    let json_lights = |l: &str| findings(&json).iter().filter(|f| f["light"] == l).count();
    assert_eq!(lights("红"), json_lights("red"));
    assert_eq!(lights("黄"), json_lights("yellow"));
    assert_eq!(lights("绿"), json_lights("green"));
    // The overdue re-review of 2023-1-03: 896 days over, owed by 巡视办, placed by line.
    let overdue = rows
        .iter()
        .find(|r| {
            r[4] == Data::String("2023-1-03".into())
                && r[12] == Data::String("已逾期".into())
                && r[0] == Data::String("巡视办".into())
        })
        .expect("the overdue re-review");
    assert_eq!(overdue[10].as_f64(), Some(896.0));
    assert_eq!(overdue[6], Data::String("第20条".into()));
    assert_eq!(overdue[5], Data::String("整改审核会 SH-01".into()));
    assert!(
        overdue[14]
            .to_string()
            .starts_with("fixtures/sample/export.jsonl:37:")
    );
}

#[test]
fn the_overview_counts_by_light_article_branch_and_party_and_charts_each() {
    let dir = tempfile::tempdir().unwrap();
    let json = json_of(SAMPLE, &["--include-open"]);
    let mut book = workbook(dir.path(), SAMPLE, &["--include-open"]);
    let overview = sheet(&mut book, "概览");
    // Each table: its title, a header row, then label/count rows until a blank row.
    let table = |title: &str| -> BTreeMap<String, f64> {
        let rows: Vec<&[Data]> = overview.rows().collect();
        let start = rows
            .iter()
            .position(|r| r[0] == Data::String(title.into()))
            .unwrap_or_else(|| panic!("table {title}"));
        rows[start + 2..]
            .iter()
            .take_while(|r| r[0] != Data::Empty)
            .map(|r| (r[0].to_string(), r[1].as_f64().unwrap()))
            .collect()
    };
    let count =
        |pred: &dyn Fn(&Value) -> bool| findings(&json).iter().filter(|f| pred(f)).count() as f64;
    let totals = table("合计");
    assert_eq!(totals["发现"], findings(&json).len() as f64);
    assert_eq!(totals["已逾期"], by_status(&json, "overdue") as f64);
    assert_eq!(totals["未到期"], by_status(&json, "open") as f64);
    assert_eq!(totals["案卷"], json["summary"]["cases"].as_f64().unwrap());
    let lights = table("按三色");
    assert_eq!(lights["红"], count(&|f| f["light"] == "red"));
    assert_eq!(lights["黄"], count(&|f| f["light"] == "yellow"));
    assert_eq!(lights["绿"], count(&|f| f["light"] == "green"));
    let articles = table("按条款");
    for (article, n) in json["summary"]["by_article"].as_object().unwrap() {
        let label = if article == "data" {
            "数据".to_string()
        } else {
            format!("第{article}条")
        };
        assert_eq!(articles[&label], n.as_f64().unwrap(), "{label}");
    }
    let branches = table("按分院");
    assert_eq!(branches["沈阳分院"], count(&|f| f["branch"] == "沈阳分院"));
    assert_eq!(branches["（未注明）"], count(&|f| f["branch"].is_null()));
    let parties = table("按责任方");
    assert_eq!(parties.values().sum::<f64>(), findings(&json).len() as f64);
    assert_eq!(
        parties["驻院纪检监察组"],
        count(&|f| f["responsible"] == "驻院纪检监察组")
    );
    // Four native charts (their parts are named in the zip's directory, stored uncompressed).
    let bytes = std::fs::read(dir.path().join("ledger.xlsx")).unwrap();
    let has = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    assert!((1..=4).all(|n| has(&format!("xl/charts/chart{n}.xml"))));
    assert!(!has("xl/charts/chart5.xml"));
}

/// The sample with every case's round id naming no round: one data problem, many cases.
fn sample_with_orphaned_cases(dir: &Path) -> String {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|line| match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(mut record)) if record["kind"] == "case" => {
                record.insert("round_id".into(), Value::String("9999-9".into()));
                Value::Object(record).to_string()
            }
            _ => line.to_string(),
        })
        .collect();
    let path = dir.join("orphans.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path.display().to_string()
}

#[test]
fn the_overview_counts_a_data_problem_many_cases_share_once() {
    let dir = tempfile::tempdir().unwrap();
    let export = sample_with_orphaned_cases(dir.path());
    let json = json_of(&export, &[]);
    let orphans = findings(&json)
        .iter()
        .filter(|f| f["rule"] == "data.unknown-reference")
        .filter(|f| f["message"].as_str().unwrap().contains("9999-9"))
        .count();
    assert!(orphans >= 3, "{orphans}");
    let mut book = workbook(dir.path(), &export, &[]);
    let overview = sheet(&mut book, "概览");
    let rows: Vec<&[Data]> = overview.rows().collect();
    let title = rows
        .iter()
        .position(|r| r[0] == Data::String("重复的数据问题".into()))
        .expect("a table of repeated data problems");
    let problem = rows[title + 2..]
        .iter()
        .take_while(|r| r[0] != Data::Empty)
        .find(|r| r[0].to_string().contains("9999-9"))
        .expect("the orphaned round's row");
    assert!(problem[0].to_string().contains("data.unknown-reference"));
    assert_eq!(problem[1].as_f64(), Some(orphans as f64));
    // Every finding is still listed one by one.
    let all = sheet(&mut book, sheet_names(Lang::Zh)[3]);
    assert_eq!(body(&all).len(), findings(&json).len());
    let mut plain = workbook(dir.path(), SAMPLE, &[]);
    let sample_overview = sheet(&mut plain, "概览");
    assert!(
        !sample_overview
            .rows()
            .any(|r| r[0] == Data::String("重复的数据问题".into()))
    );
}

#[test]
fn the_unit_scorecard_counts_each_units_cases_findings_and_lights() {
    let dir = tempfile::tempdir().unwrap();
    let json = json_of(SAMPLE, &[]);
    let mut book = workbook(dir.path(), SAMPLE, &[]);
    let units = sheet(&mut book, "按单位");
    let rows = body(&units);
    let cases: f64 = rows.iter().filter_map(|r| r[2].as_f64()).sum();
    assert_eq!(
        cases,
        json["summary"]["cases"].as_f64().unwrap(),
        "every case has a unit here"
    );
    let found: f64 = rows.iter().filter_map(|r| r[3].as_f64()).sum();
    assert_eq!(
        found,
        findings(&json).len() as f64,
        "the rows add up to every finding"
    );
    let unit = "中国科学院辽河资源环境研究所";
    let row = rows
        .iter()
        .find(|r| r[0] == Data::String(unit.into()))
        .unwrap();
    let of_unit: Vec<&Value> = findings(&json)
        .iter()
        .filter(|f| f["unit"] == unit)
        .collect();
    assert_eq!(row[1], Data::String("沈阳分院".into()));
    assert_eq!(row[3].as_f64(), Some(of_unit.len() as f64));
    assert_eq!(
        row[4].as_f64(),
        Some(of_unit.len() as f64 / row[2].as_f64().unwrap())
    );
    let red = of_unit.iter().filter(|f| f["light"] == "red").count();
    assert_eq!(row[5].as_f64(), Some(red as f64));
    // Worst first: the red lights never grow down the list.
    let reds: Vec<f64> = rows.iter().filter_map(|r| r[5].as_f64()).collect();
    assert!(reds.windows(2).all(|w| w[0] >= w[1]), "{reds:?}");
    // A unit whose case has no finding still has its line.
    let clean = rows
        .iter()
        .find(|r| r[3].as_f64() == Some(0.0))
        .expect("a unit without findings");
    assert!(clean[2].as_f64().unwrap() >= 1.0);
}

#[test]
fn the_about_sheet_records_the_date_pack_warnings_waivers_and_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("waivers.yaml");
    std::fs::write(
        &waivers,
        "- {rule: cas62.16, case_id: 2023-1-03, reason: 已另案处理, approved_by: 巡视办}\n",
    )
    .unwrap();
    let w = waivers.to_str().unwrap();
    let json = json_of(SAMPLE, &["--waivers", w]);
    let mut book = workbook(dir.path(), SAMPLE, &["--waivers", w]);
    let about = sheet(&mut book, "说明");
    let value = |label: &str| {
        about
            .rows()
            .find(|r| r[0] == Data::String(label.into()))
            .unwrap_or_else(|| panic!("{label}"))[1]
            .clone()
    };
    assert_eq!(value("评估日期").as_date().unwrap().to_string(), AS_OF);
    assert_eq!(value("规则包"), Data::String("cas-2020-62".into()));
    assert_eq!(value("文号"), Data::String("科发党字〔2020〕62号".into()));
    assert_eq!(
        value("已豁免发现").as_f64(),
        json["summary"]["waived"].as_f64()
    );
    let waived = about
        .rows()
        .filter(|r| r[0] == Data::String("豁免".into()))
        .count();
    assert_eq!(waived as u64, json["summary"]["waived"].as_u64().unwrap());
    let command = value("命令行").to_string();
    assert!(
        command.contains("check fixtures/sample/export.jsonl --as-of 2026-11-25 --format xlsx"),
        "{command}"
    );
    assert!(command.contains(w), "{command}");
    // The waived findings are not on the action list.
    let actions = sheet(&mut book, "督办清单");
    assert_eq!(body(&actions).len(), findings(&json).len());
}

#[test]
fn an_uncovered_calendar_year_is_noted_in_about_and_the_list_marks_provisional_rows() {
    let dir = tempfile::tempdir().unwrap();
    // A clue received late in 2027: its due date falls in 2028, a year the built-in calendar
    // does not cover.
    let text = std::fs::read_to_string(SAMPLE).unwrap().replace(
        "\"received_on\": \"2026-09-10\"",
        "\"received_on\": \"2027-12-10\"",
    );
    let path = dir.path().join("future.jsonl");
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    let json = json_at(path, "2028-03-20", &[]);
    let provisional = findings(&json)
        .iter()
        .filter(|f| f["provisional"] == true)
        .count();
    assert!(
        provisional > 0,
        "a deadline in 2027–2028 depends on an uncovered year"
    );
    let mut book = workbook_at(dir.path(), path, "2028-03-20", &[]);
    let notes = sheet(&mut book, "说明")
        .rows()
        .find(|r| r[0] == Data::String("日历与提示".into()))
        .unwrap()[1]
        .to_string();
    let warnings = json["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty());
    for w in warnings {
        assert!(notes.contains(w.as_str().unwrap()), "{notes}");
    }
    let actions = sheet(&mut book, "督办清单");
    let marked = body(&actions)
        .iter()
        .filter(|r| r[13] == Data::String("待定".into()))
        .count();
    assert_eq!(marked, provisional);
}

#[test]
fn xlsx_without_output_is_refused_in_both_languages() {
    let (code, out, err) = check(SAMPLE, &["--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "no bytes of a workbook on standard output");
    assert!(
        err.contains("--output") && err.contains("二进制工作簿"),
        "{err}"
    );
    let (code, _, err) = check(SAMPLE, &["--format", "xlsx", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("binary workbook") && err.contains("--output"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlsx");
    let (code, _, err) = check(
        SAMPLE,
        &[
            "--format",
            "xlsx",
            "--statistics",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(!out.exists());
}

#[test]
fn the_workbook_speaks_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = workbook(dir.path(), SAMPLE, &["--lang", "en"]);
    assert_eq!(book.sheet_names(), sheet_names(Lang::En).to_vec());
    assert_eq!(sheet_names(Lang::En)[1], "Action list");
    let actions = sheet(&mut book, "Action list");
    let header = actions.rows().next().unwrap();
    assert_eq!(header[0], Data::String("Responsible".into()));
    assert_eq!(header[7], Data::String("Action owed".into()));
    assert!(
        body(&actions)
            .iter()
            .any(|r| r[11] == Data::String("red".into()))
    );
    assert!(
        body(&actions)
            .iter()
            .any(|r| r[12] == Data::String("overdue".into()))
    );
}

#[test]
fn the_same_check_gives_the_same_workbook_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ledger.xlsx");
    let args = ["--format", "xlsx", "--output", out.to_str().unwrap()];
    check(SAMPLE, &args);
    let first = std::fs::read(&out).unwrap();
    check(SAMPLE, &args);
    assert_eq!(std::fs::read(&out).unwrap(), first);
    assert!(first.starts_with(b"PK"), "a zip");
}

#[test]
fn export_values_are_text_in_the_workbook_never_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let name = "=HYPERLINK(\"http://x\",\"点我\")\u{1b}[31m";
    let path = sample_with_unit_named(dir.path(), name);
    let mut book = workbook(dir.path(), &path, &[]);
    for sheet_name in sheet_names(Lang::Zh) {
        let formulas = book.worksheet_formula(sheet_name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet_name}"
        );
    }
    let all = sheet(&mut book, "全部发现");
    let shown = "=HYPERLINK(\"http://x\",\"点我\")\\u{1b}[31m";
    assert!(
        body(&all)
            .iter()
            .any(|r| r[6] == Data::String(shown.into()))
    );
}

// ---- ics ----

/// The calendar `--format ics` writes for the sample (with `extra` arguments), raw.
fn ics(extra: &[&str]) -> String {
    ics_at(AS_OF, extra)
}

fn ics_at(as_of: &str, extra: &[&str]) -> String {
    let mut args = vec!["--format", "ics"];
    args.extend_from_slice(extra);
    let (code, out, err) = check_at(SAMPLE, as_of, &args);
    assert_eq!(code, 1, "{err}");
    out
}

/// The calendar's events as (property → value) maps, read by the icalendar crate's parser.
fn events(text: &str) -> Vec<BTreeMap<String, String>> {
    let unfolded = icalendar::parser::unfold(text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|e| {
            let mut props: BTreeMap<String, String> = e
                .properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string()))
                .collect();
            let alarms = e.components.iter().filter(|c| c.name.as_str() == "VALARM");
            for alarm in alarms {
                for p in &alarm.properties {
                    props.insert(
                        format!("VALARM.{}", p.name.as_str()),
                        p.val.as_str().to_string(),
                    );
                }
            }
            props
        })
        .collect()
}

fn by_status(json: &Value, status: &str) -> usize {
    json["summary"]["by_status"][status].as_u64().unwrap_or(0) as usize
}

#[test]
fn one_event_per_open_due_soon_and_overdue_deadline() {
    for extra in [vec![], vec!["--include-open"]] {
        let json = json_of(SAMPLE, &extra);
        let events = events(&ics(&extra));
        let reminders =
            by_status(&json, "open") + by_status(&json, "due_soon") + by_status(&json, "overdue");
        assert_eq!(events.len(), reminders, "{extra:?}");
        let uids: BTreeSet<&String> = events.iter().map(|e| &e["UID"]).collect();
        assert_eq!(uids.len(), events.len(), "UIDs are unique");
        let overdue: Vec<_> = events
            .iter()
            .filter(|e| e["SUMMARY"].contains("已逾期"))
            .collect();
        assert_eq!(overdue.len(), by_status(&json, "overdue"));
        for e in &events {
            assert!(e["UID"].ends_with("@clausecheck"));
            assert_eq!(e["DTSTAMP"], "20261125T000000Z");
            assert_eq!(e["VALARM.ACTION"], "DISPLAY");
            if e["SUMMARY"].contains("已逾期") {
                // Owed now: on the as-of date, not back on the due date.
                assert_eq!(e["DTSTART"], "20261125");
            } else {
                assert_eq!(e["VALARM.TRIGGER"], "-P3D");
            }
        }
    }
    assert_eq!(by_status(&json_of(SAMPLE, &["--include-open"]), "open"), 2);
}

#[test]
fn an_event_says_what_is_owed_by_whom_when_and_how_the_due_date_was_computed() {
    let events = events(&ics(&[]));
    let clue = events
        .iter()
        .find(|e| e["SUMMARY"].contains("XS-2026-0011"))
        .expect("the clue due on 2026-12-10");
    assert_eq!(clue["DTSTART"], "20261210");
    assert_eq!(clue["DTEND"], "20261211", "an all-day event");
    assert!(
        clue["SUMMARY"].starts_with("[第16条] XS-2026-0011 "),
        "{}",
        clue["SUMMARY"]
    );
    assert!(
        clue["SUMMARY"].ends_with(" — 驻院纪检监察组"),
        "{}",
        clue["SUMMARY"]
    );
    let description = &clue["DESCRIPTION"];
    for part in [
        "案卷：2026-1-01",
        "中国科学院浦江光电技术研究所（上海分院）",
        "条款：第16条",
        "对应日 2026-12-10",
        "位置：fixtures/sample/export.jsonl:50:",
    ] {
        assert!(description.contains(part), "{part}: {description}");
    }
    assert!(description.contains('\n'), "line breaks survive escaping");
    let en = events_en();
    assert!(
        en.iter()
            .any(|e| e["SUMMARY"].starts_with("[OVERDUE ") && e["SUMMARY"].contains("[Art. 20]"))
    );
}

fn events_en() -> Vec<BTreeMap<String, String>> {
    events(&ics(&["--lang", "en"]))
}

#[test]
fn uids_follow_the_finding_across_sweeps_and_come_from_its_record_identity() {
    let json_uids = |json: &Value| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        for f in findings(json) {
            if ["open", "due_soon", "overdue"].contains(&f["status"].as_str().unwrap()) {
                let id = Identity::from_json(f).unwrap();
                assert!(seen.insert(format!("{}-{}@clausecheck", id.rule, id.fingerprint())));
            }
        }
        seen
    };
    let open = ["--include-open"];
    let (now, later) = (AS_OF, "2026-12-09");
    let summaries = |as_of: &str| -> BTreeMap<String, String> {
        let events = events(&ics_at(as_of, &open));
        events
            .into_iter()
            .map(|e| (e["UID"].clone(), e["SUMMARY"].clone()))
            .collect()
    };
    let (before, after) = (summaries(now), summaries(later));
    let uids = |events: &BTreeMap<String, String>| events.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(uids(&before), json_uids(&json_at(SAMPLE, now, &open)));
    assert_eq!(uids(&after), json_uids(&json_at(SAMPLE, later, &open)));
    // The clue due 2026-12-10 is a reminder in both sweeps, with days left that differ: one
    // UID, so importing the later file updates the event instead of adding another.
    let clue = |events: &BTreeMap<String, String>| {
        let found = events.iter().find(|(_, s)| s.contains("XS-2026-0011"));
        found.map(|(uid, _)| uid.clone()).expect("the clue")
    };
    assert_eq!(clue(&before), clue(&after));
    let shared = before.keys().filter(|k| after.contains_key(*k)).count();
    assert!(shared >= 4, "{before:#?} {after:#?}");
    // Same inputs and as-of: the same bytes; another as-of: another DTSTAMP.
    assert_eq!(ics_at(now, &open), ics_at(now, &open));
    assert!(ics_at(later, &open).contains("DTSTAMP:20261209T000000Z"));
}

#[test]
fn lines_are_crlf_ended_and_folded_within_75_octets_on_character_boundaries() {
    let text = ics(&["--include-open"]);
    let bytes = text.as_bytes();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let (last, lines) = lines.split_last().unwrap();
    assert!(last.is_empty());
    let mut folded = 0;
    for line in lines {
        let line = line.strip_suffix(b"\r").expect("CRLF, never a bare LF");
        assert!(!line.contains(&b'\r'));
        assert!(
            line.len() <= 75,
            "{} octets: {}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "no character split across lines"
        );
        folded += usize::from(line.starts_with(b" "));
    }
    assert!(folded > 10, "long Chinese descriptions are folded");
}

#[test]
fn hostile_text_stays_inside_its_property() {
    let dir = tempfile::tempdir().unwrap();
    let name = "坏;单位,名\\称\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil";
    let path = sample_with_unit_named(dir.path(), name);
    let (_, text, _) = run(&["check", &path, "--as-of", AS_OF, "--format", "ics"]);
    let (_, plain, _) = run(&["check", SAMPLE, "--as-of", AS_OF, "--format", "ics"]);
    let (hostile, clean) = (events(&text), events(&plain));
    assert_eq!(hostile.len(), clean.len());
    assert!(hostile.iter().all(|e| e["UID"] != "evil"));
    // The parser gives the name back whole, line breaks as line breaks.
    let want = name.replace("\r\n", "\n");
    assert!(
        hostile.iter().any(|e| e["DESCRIPTION"].contains(&want)),
        "{hostile:#?}"
    );
}

#[test]
fn ics_writes_to_an_output_file_as_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("督办.ics");
    let (code, stdout, _) = check(
        SAMPLE,
        &["--format", "ics", "--output", out.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), ics(&[]));
}

#[test]
fn a_sweep_with_no_deadline_to_meet_is_an_empty_calendar() {
    let text = ics(&["--select", "data."]);
    assert!(events(&text).is_empty());
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{text}"
    );
    assert!(text.ends_with("END:VCALENDAR\r\n"));
}
