//! `--format sarif|junit|github|markdown|html` and `--statistics`: each rendered from the same
//! findings as `--format json`.

mod common;

use std::collections::BTreeSet;

use common::{HOSTILE, SAMPLE, check, json_of, sample_with_unit_named, shifted_sample};
use serde_json::Value;

fn sarif_of(path: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "sarif"];
    args.extend_from_slice(extra);
    let (code, out, err) = check(path, &args);
    assert_eq!(code, 1, "{err}");
    serde_json::from_str(&out).expect("SARIF is JSON")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sarif/sarif-schema-2.1.0.json"
        ))
        .expect("the vendored SARIF schema (tests/data/sarif)"),
    )
    .unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let dir = tempfile::tempdir().unwrap();
    let hostile = sample_with_unit_named(dir.path(), HOSTILE);
    let waivers = dir.path().join("w.yaml");
    std::fs::write(
        &waivers,
        "- {rule: cas62.16, case_id: 2023-1-03, reason: r, approved_by: a}\n- {rule: cas62.17, case_id: y, reason: r, approved_by: a}\n",
    )
    .unwrap();
    for (path, extra) in [
        (SAMPLE, vec![]),
        (SAMPLE, vec!["--lang", "en"]),
        (
            hostile.as_str(),
            vec!["--waivers", waivers.to_str().unwrap()],
        ),
    ] {
        let log = sarif_of(path, &extra);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .take(10)
            .collect();
        assert!(errors.is_empty(), "{path} {extra:?}: {errors:#?}");
    }
    // A document the schema must reject, so the check above can fail.
    let mut broken = sarif_of(SAMPLE, &[]);
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_describes_each_rule_with_its_article_and_locates_each_result() {
    let log = sarif_of(SAMPLE, &[]);
    let json = json_of(SAMPLE, &[]);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids.len(),
        ids.iter().collect::<BTreeSet<_>>().len(),
        "one descriptor per rule"
    );
    let clue = rules
        .iter()
        .find(|r| r["id"] == "cas62.16.clue-feedback")
        .unwrap();
    let full = clue["fullDescription"]["text"].as_str().unwrap();
    assert!(
        full.starts_with("第16条") && full.contains("3个月"),
        "{full}"
    );
    assert!(ids.contains(&"data.date"), "data rules get descriptors too");
    let results = run["results"].as_array().unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (res, f) in results.iter().zip(findings) {
        assert_eq!(res["ruleId"], f["rule"]);
        assert_eq!(
            rules[res["ruleIndex"].as_u64().unwrap() as usize]["id"],
            f["rule"]
        );
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], f["location"]["line"]);
        assert_eq!(region["startColumn"], f["location"]["column"]);
        assert_eq!(region["byteLength"], f["location"]["length"]);
        assert!(region["endColumn"].as_u64() >= region["startColumn"].as_u64());
    }
}

#[test]
fn sarif_fingerprints_follow_records_not_lines() {
    let dir = tempfile::tempdir().unwrap();
    let shifted = shifted_sample(dir.path(), 3);
    let prints = |log: &Value| -> Vec<(String, u64)> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["clausecheck/recordIdentity/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let (before, after) = (
        prints(&sarif_of(SAMPLE, &[])),
        prints(&sarif_of(&shifted, &[])),
    );
    for ((fp_a, line_a), (fp_b, line_b)) in before.iter().zip(&after) {
        assert_eq!(fp_a, fp_b);
        assert_eq!(line_a + 3, *line_b);
    }
    // Distinct findings get distinct fingerprints, except true duplicates of one identity.
    let distinct: BTreeSet<&String> = before.iter().map(|(fp, _)| fp).collect();
    assert!(
        distinct.len() >= before.len() - 2,
        "{} of {}",
        distinct.len(),
        before.len()
    );
}

#[test]
fn junit_has_a_suite_per_article_and_a_failure_per_finding() {
    let (code, xml, _) = check(SAMPLE, &["--format", "junit"]);
    assert_eq!(code, 1);
    assert_eq!(xml.matches("<failure ").count(), 50);
    assert!(xml.contains("failures=\"50\""));
    let json = json_of(SAMPLE, &[]);
    let articles = json["summary"]["by_article"].as_object().unwrap();
    for (article, n) in articles {
        let head = if article == "data" {
            "<testsuite name=\"数据\"".to_string()
        } else {
            format!("<testsuite name=\"第{article}条 ")
        };
        let start = xml.find(&head).unwrap_or_else(|| panic!("no suite {head}"));
        let suite = &xml[start..start + xml[start..].find("</testsuite>").unwrap()];
        assert!(suite.contains(&format!("failures=\"{n}\"")), "{head}: {n}");
    }
    // A rule with no finding is one passing case.
    let passing = xml
        .lines()
        .find(|l| l.contains("classname=\"cas62.4.target-order\""))
        .unwrap();
    assert!(passing.trim_end().ends_with("/>"), "{passing}");
}

#[test]
fn github_annotations_one_per_finding_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = sample_with_unit_named(dir.path(), "某所\n::error ,a:b%");
    let (code, out, _) = check(SAMPLE, &["--format", "github"]);
    assert_eq!(code, 1);
    let json = json_of(SAMPLE, &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 50);
    for (line, f) in lines.iter().zip(json["findings"].as_array().unwrap()) {
        let expected = format!(
            "::{} file={},line={},col={},",
            f["severity"].as_str().unwrap(),
            SAMPLE,
            f["location"]["line"],
            f["location"]["column"]
        );
        assert!(line.starts_with(&expected), "{line}\n{expected}");
        assert!(line.contains(&format!("title={} [", f["rule"].as_str().unwrap())));
    }
    // The unit's name only reaches the coverage finding's message; whatever it holds, every
    // annotation stays on one line and the message cannot end the command early.
    let (_, out, _) = check(&hostile, &["--format", "github"]);
    let annotations = out.lines().filter(|l| l.starts_with("::")).count();
    assert_eq!(annotations, out.lines().count());
    assert!(!out.contains("\n::error ,a"));
}

#[test]
fn markdown_summary_snapshot() {
    let (code, out, _) = check(SAMPLE, &["--format", "markdown", "--lang", "en"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("sample_markdown_en", out);
}

#[test]
fn markdown_escapes_export_values() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = sample_with_unit_named(dir.path(), HOSTILE);
    let (_, out, _) = check(&hostile, &["--format", "markdown"]);
    assert!(!out.contains("<script>") && !out.contains("<img"), "{out}");
    assert!(out.contains("&lt;script&gt;"));
    // The unit sits in the overdue table: its pipe must not add a column.
    let row = out
        .lines()
        .find(|l| l.starts_with("| 959 |"))
        .expect("the 959-day row");
    assert_eq!(row.matches(" | ").count(), 6, "{row}");
    assert!(row.contains("\\|\\*x\\*\\_y\\_\\`z\\`\\[l\\](u)"), "{row}");
}

#[test]
fn statistics_count_per_rule_most_first() {
    let (code, out, _) = check(SAMPLE, &["--statistics", "--lang", "en"]);
    assert_eq!(code, 1, "the exit status still follows the findings");
    insta::assert_snapshot!("sample_statistics_en", out);
    let (_, out, _) = check(SAMPLE, &["--statistics", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let total: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 50);
    let keys: Vec<(i64, String)> = rows
        .iter()
        .map(|r| {
            (
                -(r["count"].as_i64().unwrap()),
                r["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(rows[0]["rule"], "cas62.16.clue-feedback");
    assert_eq!(rows[0]["count"], 6);
    assert_eq!(rows[0]["article"], 16);
}

#[test]
fn html_escapes_every_export_value() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = sample_with_unit_named(dir.path(), HOSTILE);
    let (_, html, _) = check(&hostile, &["--format", "html"]);
    assert_eq!(
        html.matches("<script").count(),
        2,
        "only the page's data and its own script"
    );
    assert!(!html.contains("<img"));
    assert!(!html.contains("<!--"));
    // Export text is data for the script: in the JSON blob with every `<` escaped.
    let data = html_data(&html);
    assert!(
        data.contains("\\u003cscript>document.title='pwned'\\u003c/script>"),
        "the hostile unit is in the data, inert"
    );
    let parsed: Value = serde_json::from_str(data).expect("the data is JSON");
    let strings = parsed["s"].as_array().unwrap();
    assert!(
        strings.iter().any(|s| s
            .as_str()
            .is_some_and(|s| s.starts_with("<script>document.title='pwned'</script><img"))),
        "the hostile unit decodes to its own text"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
}

#[test]
fn html_carries_waived_findings_for_their_own_list() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("waivers.yaml");
    std::fs::write(
        &waivers,
        "- rule: cas62.16\n  case_id: 2023-1-03\n  item: XS-2024-0003\n  reason: 仍在办理\n  approved_by: 巡视办主任\n",
    )
    .unwrap();
    let (_, without, _) = check(SAMPLE, &["--format", "html"]);
    assert!(!without.contains("<section id=\"waived\">"));
    assert!(html_data(&without).contains("\"w\":null"));
    let (_, with, _) = check(
        SAMPLE,
        &["--format", "html", "--waivers", waivers.to_str().unwrap()],
    );
    assert!(with.contains("<section id=\"waived\">"));
    let data: Value = serde_json::from_str(html_data(&with)).unwrap();
    let rows = data["w"].as_str().expect("the waived rows");
    let width = data["width"].as_u64().unwrap() as usize;
    let numbers = rows
        .chars()
        .filter(|c| "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.".contains(*c))
        .count();
    assert_eq!(numbers, width, "one waived finding");
    // The waiver behind it, for the page's reason, approver and expiry columns.
    assert_eq!(
        data["wby"],
        serde_json::json!([["仍在办理", "巡视办主任", ""]])
    );
    assert_eq!(html_data(&without).matches("\"wby\":[]").count(), 1);
}

/// The page's JSON blob (`<script type="application/json" id="report-data">…</script>`).
fn html_data(html: &str) -> &str {
    let open = "<script type=\"application/json\" id=\"report-data\">";
    let start = html.find(open).expect("the data element") + open.len();
    &html[start..start + html[start..].find("</script>").unwrap()]
}

#[test]
fn html_is_english_with_lang_en() {
    let (_, zh, _) = check(SAMPLE, &["--format", "html"]);
    let (_, en, _) = check(SAMPLE, &["--format", "html", "--lang", "en"]);
    assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("已逾期"));
    assert!(en.contains("<html lang=\"en\">") && en.contains("Overdue") && !en.contains("已逾期"));
}

#[test]
fn every_format_is_byte_identical_across_runs_and_thread_counts() {
    for format in ["sarif", "junit", "github", "markdown", "html"] {
        let (_, one, _) = check(SAMPLE, &["--format", format, "--threads", "1"]);
        let (_, two, _) = check(SAMPLE, &["--format", format, "--threads", "2"]);
        assert!(!one.is_empty(), "{format}");
        assert_eq!(one, two, "{format}");
    }
}

#[test]
fn new_formats_write_to_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let (code, out, _) = check(
        SAMPLE,
        &["--format", "html", "--output", path.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let (_, direct, _) = check(SAMPLE, &["--format", "html"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), direct);
}

#[test]
fn concise_is_one_line_per_finding_at_the_json_place() {
    let v = json_of(SAMPLE, &["--lang", "en"]);
    let (code, out, _) = check(SAMPLE, &["--format", "concise", "--lang", "en"]);
    assert_eq!(code, 1);
    let findings = v["findings"].as_array().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), findings.len() + 1);
    for (line, f) in lines.iter().zip(findings) {
        let l = &f["location"];
        let head = format!(
            "{}:{}:{}: {} [",
            l["file"].as_str().unwrap(),
            l["line"],
            l["column"],
            f["rule"].as_str().unwrap()
        );
        assert!(line.starts_with(&head), "{line} / {head}");
        assert!(line.contains(f["message"].as_str().unwrap()), "{line}");
    }
    assert_eq!(
        lines.last().unwrap(),
        &format!("Found {} finding(s).", findings.len())
    );
    let dir = tempfile::tempdir().unwrap();
    let hostile = sample_with_unit_named(dir.path(), HOSTILE);
    let (_, out, _) = check(&hostile, &["--format", "concise"]);
    assert_eq!(
        out.lines().count(),
        findings.len() + 1,
        "a name's line break adds no line"
    );
    assert!(!out.lines().any(|l| l.starts_with("::")));
}
