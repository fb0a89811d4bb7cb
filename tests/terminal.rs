//! The human report as a terminal shows it: each header names the offending field's place,
//! every line fits the width (100 columns when not a terminal), each marker sits under its
//! value, dates stay whole, and a long report ends with tables a reader can act on.

mod common;

use std::path::Path;

use common::{SAMPLE, check, json_of};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// The width of a report not drawn on a terminal.
const WIDTH: usize = 100;

/// The `[file:line:col]` headers of a human report, in order.
fn headers(human: &str) -> Vec<String> {
    human
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("╭─["))
        .map(|rest| rest.trim_end_matches(']').to_string())
        .collect()
}

#[test]
fn each_header_is_the_place_json_gives_the_finding() {
    let (_, human, _) = check(SAMPLE, &[]);
    let json = json_of(SAMPLE, &[]);
    let places: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let l = &f["location"];
            format!(
                "{}:{}:{}",
                l["file"].as_str().unwrap(),
                l["line"],
                l["column"]
            )
        })
        .collect();
    let shown = headers(&human);
    assert!(shown.len() > 40, "{human}");
    assert_eq!(shown, places);
}

#[test]
fn every_line_fits_a_hundred_columns() {
    for lang in ["zh", "en"] {
        let (_, human, _) = check(SAMPLE, &["--lang", lang, "--include-open"]);
        let wide: Vec<&str> = human
            .lines()
            .filter(|l| UnicodeWidthStr::width(*l) > WIDTH)
            .collect();
        assert!(wide.is_empty(), "{lang}: {wide:#?}");
    }
}

/// Display column of `needle` in `line`, counting wide characters as two.
fn column_of(line: &str, byte: usize) -> usize {
    UnicodeWidthStr::width(&line[..byte])
}

#[test]
fn each_marker_underlines_the_start_of_its_value() {
    let (_, human, _) = check(SAMPLE, &[]);
    let json = json_of(SAMPLE, &[]);
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let lines: Vec<&str> = human.lines().collect();
    let mut checked = 0;
    let mut finding = findings.iter();
    for (i, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with("╭─[") {
            continue;
        }
        let f: &Value = finding.next().unwrap();
        let offset = f["location"]["offset"].as_u64().unwrap() as usize;
        let value: String = text[offset..].chars().take(4).collect();
        // The snippet's lines until the first underline: the last source line is the value's.
        let snippet = &lines[i + 1..];
        let Some(marks) = snippet
            .iter()
            .position(|l| l.contains('─') && l.contains('·'))
        else {
            continue;
        };
        let source = snippet[..marks].last().unwrap();
        let underline = snippet[marks];
        let mark_at = column_of(underline, underline.find('─').unwrap());
        let source_text = source.split_once('│').unwrap();
        let gutter = column_of(source, source.len() - source_text.1.len());
        let value_at = source_text
            .1
            .find(value.as_str())
            .map(|b| gutter + column_of(source_text.1, b));
        assert!(
            value_at.is_some_and(|_| {
                // The value may occur earlier on the line too: the marker must be under one.
                source_text
                    .1
                    .match_indices(value.as_str())
                    .any(|(b, _)| gutter + column_of(source_text.1, b) == mark_at)
            }),
            "marker at column {mark_at} is not under {value:?}:\n{source}\n{underline}"
        );
        checked += 1;
    }
    assert!(checked > 40, "only {checked} snippets checked");
}

#[test]
fn dates_are_never_split_across_lines() {
    for lang in ["zh", "en"] {
        let (_, human, _) = check(SAMPLE, &["--lang", lang, "--include-open"]);
        let lines: Vec<&str> = human.lines().collect();
        for pair in lines.windows(2) {
            let (end, next) = (pair[0].trim_end(), pair[1].trim_start());
            let split = end
                .rsplit(|c: char| !(c.is_ascii_digit() || c == '-'))
                .next()
                .is_some_and(|tail| tail.ends_with('-') && tail.len() >= 5);
            assert!(!split, "{lang}: a date is split:\n{end}\n{next}");
        }
    }
}

/// The sample with its cases copied `copies` times under new ids; copies whose index is in
/// `orphans` name round `9999-9`, which no round record has.
fn multiplied_sample(dir: &Path, copies: usize, orphans: usize) -> String {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        let Ok(Value::Object(record)) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if record.get("kind").and_then(Value::as_str) != Some("case") {
            continue;
        }
        for k in 0..copies {
            let mut copy = record.clone();
            let id = format!("{}-c{k}", copy["case_id"].as_str().unwrap());
            copy.insert("case_id".into(), Value::String(id));
            if k < orphans {
                copy.insert("round_id".into(), Value::String("9999-9".into()));
            }
            out.push_str(&Value::Object(copy).to_string());
            out.push('\n');
        }
    }
    let path = dir.join("many.jsonl");
    std::fs::write(&path, out).unwrap();
    path.display().to_string()
}

#[test]
fn a_long_report_ends_with_a_summary_by_article_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let many = multiplied_sample(dir.path(), 8, 0);
    let (_, long, _) = check(&many, &[]);
    let json = json_of(&many, &[]);
    let total = json["findings"].as_array().unwrap().len();
    assert!(total > 200, "{total}");
    let table = long
        .split("按条款与状态汇总:")
        .nth(1)
        .unwrap_or_else(|| panic!("{long}"));
    assert!(
        table.contains("第16条") && table.contains("已逾期"),
        "{table}"
    );
    // The table's total column adds up to the findings.
    let sum: usize = table
        .lines()
        .skip(2)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            l.split_whitespace()
                .nth(1)
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(sum, total);
    let (_, short, _) = check(SAMPLE, &[]);
    assert!(!short.contains("按条款与状态汇总"));
    let (_, english, _) = check(&many, &["--lang", "en"]);
    assert!(english.contains("Summary by article and status:"));
}

#[test]
fn a_data_problem_many_cases_share_is_summed_up_once() {
    let dir = tempfile::tempdir().unwrap();
    let export = multiplied_sample(dir.path(), 2, 2);
    let json = json_of(&export, &[]);
    let orphans = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("9999-9"))
        .count();
    assert!(orphans >= 10, "{orphans}");
    let (_, human, _) = check(&export, &[]);
    // Still every finding, located…
    assert_eq!(
        human
            .matches("轮次编号（round_id）“9999-9”没有对应的轮次记录")
            .count(),
        orphans + 1,
        "{human}"
    );
    // …and one line that says how many share the problem.
    assert!(human.contains(&format!(
        "轮次编号（round_id）“9999-9”没有对应的轮次记录（data.unknown-reference）：{orphans} 项"
    )));
    let (_, sample, _) = check(SAMPLE, &[]);
    assert!(!sample.contains("多处重复的数据问题"));
}

#[test]
fn markdown_sums_up_a_shared_data_problem_in_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let export = multiplied_sample(dir.path(), 2, 2);
    let (_, markdown, _) = check(&export, &["--format", "markdown"]);
    let row = markdown
        .lines()
        .find(|l| l.contains("轮次编号（round\\_id）“9999-9”没有对应的轮次记录"))
        .unwrap_or_else(|| panic!("{markdown}"));
    assert!(row.contains("`data.unknown-reference`"), "{row}");
    assert!(markdown.contains("## 多处重复的数据问题"));
    let (_, sample, _) = check(SAMPLE, &["--format", "markdown"]);
    assert!(!sample.contains("多处重复的数据问题"));
}

/// The totals wrap at 100 columns (not a terminal) without leaving a number or a lone word on
/// a line of its own: a line each for severities, statuses and records.
#[test]
fn the_totals_are_a_line_each_and_none_is_wrapped() {
    for lang in ["zh", "en"] {
        let (_, human, _) = check(SAMPLE, &["--lang", lang]);
        let tail: Vec<&str> = human.lines().rev().take(3).collect();
        let [records, statuses, severities] = tail[..] else {
            panic!("{human}")
        };
        for line in [records, statuses, severities] {
            assert!(line.width() <= 100, "{line}");
            assert!(
                line.chars().filter(|c| !c.is_ascii_digit()).count() > 3,
                "{line}"
            );
        }
        let (severity_word, status_word, record_word) = match lang {
            "zh" => ("错误", "待定", "记录"),
            _ => ("error(s)", "provisional", "record(s)"),
        };
        assert!(severities.contains(severity_word), "{severities}");
        assert!(statuses.contains(status_word), "{statuses}");
        assert!(records.contains(record_word), "{records}");
    }
}
