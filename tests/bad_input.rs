//! The bad-input corpus (issue 7): every kind of broken, hostile or odd input, each with its
//! exact outcome. A malformed record is a located `data.` finding (exit 1) and the good records
//! beside it are still checked; a run that cannot be done as asked is exit 2 with a message.
//! Big inputs are generated at test time in temporary folders.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{AS_OF, SAMPLE, run};
use serde_json::Value;

/// `check PATHS --format json --lang en`: exit status, findings, stderr.
fn check_json(paths: &[&Path]) -> (i32, Vec<Value>, String) {
    let mut args: Vec<String> = vec!["check".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(["--as-of", AS_OF, "--format", "json", "--lang", "en"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&args);
    let findings = if code == 2 {
        Vec::new()
    } else {
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
        v["findings"].as_array().unwrap().clone()
    };
    (code, findings, err)
}

/// Findings with a given rule.
fn of_rule<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

/// What identifies a finding apart from where it is: rule, case and item.
fn identity(f: &Value) -> String {
    format!("{} {} {}", f["rule"], f["case_id"], f["item"])
}

/// How many findings of each identity: the sample's must all survive next to bad input.
fn identities<'a>(findings: impl IntoIterator<Item = &'a Value>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(identity(f)).or_default() += 1;
    }
    m
}

fn sample_identities() -> BTreeMap<String, usize> {
    let (code, findings, err) = check_json(&[Path::new(SAMPLE)]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(findings.len(), 50);
    identities(&findings)
}

fn sample_lines() -> Vec<String> {
    std::fs::read_to_string(SAMPLE)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The sample with `bad` inserted as line `at` (1-based).
fn sample_with_line(dir: &Path, at: usize, bad: &[u8]) -> PathBuf {
    let mut bytes = Vec::new();
    for (i, line) in sample_lines().iter().enumerate() {
        if i + 1 == at {
            bytes.extend_from_slice(bad);
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    let path = dir.join("export.jsonl");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Asserts one finding of `rule` at `line:column` whose message contains `says`, and that every
/// other finding is the sample's own.
fn assert_one_bad_among_sample(findings: &[Value], rule: &str, line: u64, column: u64, says: &str) {
    let bad: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == rule && f["case_id"].is_null())
        .collect();
    assert_eq!(bad.len(), 1, "{findings:#?}");
    let f = bad[0];
    assert_eq!(f["location"]["line"], line, "{f}");
    assert_eq!(f["location"]["column"], column, "{f}");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains(says), "{message}");
    let rest = findings
        .iter()
        .filter(|g| !std::ptr::eq(*g, f))
        .collect::<Vec<_>>();
    assert_eq!(identities(rest), sample_identities());
}

#[test]
fn truncated_json_is_a_located_syntax_finding_and_other_inputs_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.json");
    std::fs::write(
        &path,
        "[\n  {\"kind\": \"case\", \"case_id\": \"c1\"},\n  {\"kind\": \"ca",
    )
    .unwrap();
    let (code, findings, err) = check_json(&[&path, Path::new(SAMPLE)]);
    assert_eq!(code, 1, "{err}");
    let syntax = of_rule(&findings, "data.syntax");
    assert_eq!(syntax.len(), 1);
    assert_eq!(syntax[0]["location"]["file"], path.display().to_string());
    assert_eq!(syntax[0]["location"]["line"], 3);
    assert_eq!(syntax[0]["location"]["column"], 14);
    assert_eq!(
        syntax[0]["message"],
        "cannot be parsed: EOF while parsing a string at line 3 column 14"
    );
    let rest: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] != "data.syntax")
        .collect();
    assert_eq!(identities(rest), sample_identities());
}

#[test]
fn one_broken_json_line_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with_line(dir.path(), 6, br#"{"kind": "case", "case_id": "#);
    let (code, findings, err) = check_json(&[&path]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(findings.len(), 51);
    // serde_json reports the last byte it read: the space after the colon.
    assert_one_bad_among_sample(&findings, "data.syntax", 6, 28, "EOF while parsing a value");
}

#[test]
fn invalid_utf8_is_an_encoding_finding_and_the_record_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with_line(
        dir.path(),
        3,
        b"{\"kind\": \"unit\", \"name\": \"bad \xff byte\"}",
    );
    let (code, findings, err) = check_json(&[&path]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(findings.len(), 52);
    // The unit is read, with U+FFFD where the byte was: article 4 finds no inspection of it.
    let (unit, rest): (Vec<&Value>, Vec<&Value>) = findings
        .iter()
        .partition(|f| f["unit"] == "bad \u{fffd} byte");
    assert_eq!(unit.len(), 1);
    assert_eq!(unit[0]["rule"], "cas62.4.coverage");
    let rest: Vec<Value> = rest.into_iter().cloned().collect();
    assert_one_bad_among_sample(&rest, "data.encoding", 3, 31, "bytes FF at byte 801");
}

#[test]
fn a_bom_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.jsonl");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(std::fs::read(SAMPLE).unwrap());
    std::fs::write(&path, bytes).unwrap();
    let (code, with_bom, _) = check_json(&[&path]);
    let (_, plain, _) = check_json(&[Path::new(SAMPLE)]);
    assert_eq!(code, 1);
    let places = |fs: &[Value]| -> Vec<(Value, Value, Value)> {
        fs.iter()
            .map(|f| {
                let l = &f["location"];
                (f["rule"].clone(), l["line"].clone(), l["column"].clone())
            })
            .collect()
    };
    assert_eq!(places(&with_bom), places(&plain));
}

#[test]
fn nul_bytes_are_syntax_findings_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with_line(dir.path(), 4, b"{\"kind\": \"unit\", \"name\": \"a\x00b\"}");
    let (code, findings, err) = check_json(&[&path]);
    assert_eq!(code, 1, "{err}");
    assert_one_bad_among_sample(&findings, "data.syntax", 4, 27, "control character");

    let path = sample_with_line(dir.path(), 2, b"\x00\x00\x00");
    let (code, findings, _) = check_json(&[&path]);
    assert_eq!(code, 1);
    assert_one_bad_among_sample(&findings, "data.syntax", 2, 1, "expected value");
}

#[test]
fn a_50_mb_line_is_read_and_its_findings_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut text = String::from(
        r#"{"kind": "case", "case_id": "big", "entered_on": "2025-02-30", "title": ""#,
    );
    text.push_str(&"长".repeat(50_000_000 / 3));
    text.push_str("\"}\n");
    std::fs::write(&path, &text).unwrap();
    let (code, findings, err) = check_json(&[&path, Path::new(SAMPLE)]);
    assert_eq!(code, 1, "{err}");
    let date: Vec<&Value> = of_rule(&findings, "data.date")
        .into_iter()
        .filter(|f| f["case_id"] == "big")
        .collect();
    assert_eq!(date.len(), 1);
    assert_eq!(date[0]["location"]["line"], 1);
    assert_eq!(date[0]["location"]["column"], 50);
    // The human report clips the line around the finding instead of printing 50 MB.
    let (code, out, _) = run(&[
        "check",
        path.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--select",
        "data.date",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("2025-02-30") && out.len() < 20_000,
        "{}",
        out.len()
    );
}

fn nested(depth: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
}

#[test]
fn nesting_100000_deep_is_a_limit_finding_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("deep.json");
    std::fs::write(
        &json,
        format!("[{}]", "[".repeat(100_000) + &"]".repeat(100_000)),
    )
    .unwrap();
    let jsonl = sample_with_line(dir.path(), 5, nested(100_000).as_bytes());
    let yaml = dir.path().join("deep.yaml");
    std::fs::write(&yaml, "[".repeat(100_000) + &"]".repeat(100_000)).unwrap();
    let (code, findings, err) = check_json(&[&json]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "data.limit");
    assert_eq!(findings[0]["location"]["column"], 65);
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("nesting deeper than 64 levels")
    );
    // In JSON Lines only the deep line is lost; every other record is checked.
    let (code, findings, _) = check_json(&[&jsonl]);
    assert_eq!(code, 1);
    assert_one_bad_among_sample(&findings, "data.limit", 5, 321, "nesting deeper than 64");
    let (code, findings, _) = check_json(&[&yaml]);
    assert_eq!(code, 1);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "data.limit");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("recursion limit")
    );
}

#[test]
fn depth_64_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    // The record is one level, `a` holds 63 more.
    let path = dir.path().join("ok.jsonl");
    std::fs::write(&path, nested(64)).unwrap();
    let (code, findings, _) = check_json(&[&path]);
    assert_eq!(of_rule(&findings, "data.limit").len(), 0, "{findings:#?}");
    assert_eq!(code, 1, "a record without kind is still a finding");
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.yaml");
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ('a'..='i').zip('b'..='j') {
        text.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    std::fs::write(&path, text).unwrap();
    let started = std::time::Instant::now();
    let (code, findings, err) = check_json(&[&path, Path::new(SAMPLE)]);
    assert!(started.elapsed().as_secs() < 30);
    assert_eq!(code, 1, "{err}");
    let limit = of_rule(&findings, "data.limit");
    assert_eq!(limit.len(), 1);
    assert_eq!(limit[0]["location"]["file"], path.display().to_string());
    assert!(
        limit[0]["message"]
            .as_str()
            .unwrap()
            .contains("billion laughs")
    );
    let rest: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] != "data.limit")
        .collect();
    assert_eq!(identities(rest), sample_identities());
}

#[test]
fn duplicate_keys_agree_between_json_and_yaml_first_wins() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("dup.jsonl");
    std::fs::write(
        &json,
        "{\"kind\": \"case\", \"case_id\": \"first\", \"entered_on\": \"2025-02-30\", \"case_id\": \"second\"}\n",
    )
    .unwrap();
    let yaml = dir.path().join("dup.yaml");
    std::fs::write(
        &yaml,
        "kind: case\ncase_id: first\nentered_on: 2025-02-30\ncase_id: second\n",
    )
    .unwrap();
    for (path, line, column) in [(&json, 1, 77), (&yaml, 4, 10)] {
        let (code, findings, err) = check_json(&[path]);
        assert_eq!(code, 1, "{err}");
        let dup = of_rule(&findings, "data.duplicate-key");
        assert_eq!(dup.len(), 1, "{findings:#?}");
        assert_eq!(dup[0]["location"]["line"], line);
        assert_eq!(dup[0]["location"]["column"], column);
        assert_eq!(
            dup[0]["message"],
            "key `case_id` appears more than once; the first value counts and this one is ignored"
        );
        // The record is still read, under its first case_id.
        let date = of_rule(&findings, "data.date");
        assert_eq!(date.len(), 1);
        assert_eq!(date[0]["case_id"], "first");
    }
}

fn one_case(dir: &Path, entered_on: &str) -> PathBuf {
    let path = dir.join("case.jsonl");
    std::fs::write(
        &path,
        format!("{{\"kind\": \"case\", \"case_id\": \"c\", \"entered_on\": {entered_on}}}\n"),
    )
    .unwrap();
    path
}

#[test]
fn impossible_and_far_dates_are_findings_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "20250603",
            "data.date",
            "entered_on \"20250603\" is not a valid date",
        ),
        (
            "\"2025-02-30\"",
            "data.date",
            "entered_on \"2025-02-30\" is not a valid date",
        ),
        (
            "\"0000-00-00\"",
            "data.date",
            "entered_on \"0000-00-00\" is not a valid date",
        ),
        (
            "\"275000-01-01\"",
            "data.date",
            "entered_on \"275000-01-01\" is not a valid date",
        ),
        ("\"9999-12-31\"", "data.future-date", "9999-12-31"),
    ];
    for (value, rule, says) in cases {
        let path = one_case(dir.path(), value);
        let (code, findings, err) = check_json(&[&path]);
        assert_eq!(code, 1, "{value}: {err}");
        let hits = of_rule(&findings, rule);
        assert_eq!(hits.len(), 1, "{value}: {findings:#?}");
        assert_eq!(hits[0]["location"]["column"], 48, "{value}");
        assert_eq!(hits[0]["field"], "entered_on");
        assert!(
            hits[0]["message"].as_str().unwrap().contains(says),
            "{}",
            hits[0]["message"]
        );
    }
    // The calendar command from the last four-digit year: an ISO 8601 expanded year, not a panic.
    let (code, out, err) = run(&["calendar", "due", "9999-12-31", "100年"]);
    assert_eq!((code, out.trim()), (0, "+10099-12-31"), "{err}");
    let (code, _, err) = run(&["calendar", "day", "275000-01-01"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn empty_files_by_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, code, findings) in [("e.jsonl", 0, 0), ("e.yaml", 0, 0), ("e.json", 1, 1)] {
        let path = dir.path().join(name);
        std::fs::write(&path, "").unwrap();
        let (c, f, err) = check_json(&[&path]);
        assert_eq!((c, f.len()), (code, findings), "{name}: {err}");
    }
    let (_, f, _) = check_json(&[&dir.path().join("e.json")]);
    assert_eq!(f[0]["rule"], "data.syntax");
    assert_eq!(
        f[0]["message"],
        "cannot be parsed: EOF while parsing a value at line 1 column 0"
    );
}

#[test]
fn a_folder_without_exports_and_a_missing_path_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not an export").unwrap();
    let (code, _, err) = check_json(&[dir.path()]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!(
            "no export file (JSON, JSON Lines, YAML, CSV or a workbook) in {}",
            dir.path().display()
        )),
        "{err}"
    );
    // The error says what the folder held instead.
    assert!(
        err.contains(&format!(
            "skipped {}: it looks like text, but not JSON, JSON Lines, YAML or CSV",
            dir.path().join("notes.txt").display()
        )),
        "{err}"
    );
    let missing = dir.path().join("nope.jsonl");
    let (code, _, err) = check_json(&[&missing, Path::new(SAMPLE)]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("no such file or directory: {}", missing.display())),
        "{err}"
    );
    let (code, _, err) = run(&["check", missing.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(code, 2);
    assert!(err.contains("路径不存在"), "{err}");
}

#[test]
fn an_unreadable_file_is_exit_2_unless_permissions_do_not_deny() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.jsonl");
    std::fs::copy(SAMPLE, &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root (CI containers) mode 000 does not deny reading: then it is checked as usual.
    let denied = std::fs::read(&path).is_err();
    let (code, findings, err) = check_json(&[&path]);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    if denied {
        assert_eq!(code, 2);
        assert!(
            err.contains(&format!("permission denied: {}", path.display())),
            "{err}"
        );
    } else {
        assert_eq!(code, 1, "{err}");
        assert_eq!(identities(&findings), sample_identities());
    }
}

#[test]
fn symlink_loops_in_walked_and_csv_folders() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("exports");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::copy(SAMPLE, root.join("sub/a.jsonl")).unwrap();
    // Links back up the tree: walked once, not forever.
    symlink("..", root.join("sub/up")).unwrap();
    symlink(&root, root.join("self")).unwrap();
    let (code, findings, err) = check_json(&[&root]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(identities(&findings), sample_identities());
    // A link to itself is a path that cannot be read: exit 2, named.
    let looped = root.join("loop.jsonl");
    symlink("loop.jsonl", &looped).unwrap();
    let (code, _, err) = check_json(&[&root]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("cannot read {}", looped.display())),
        "{err}"
    );
    // Likewise inside a CSV folder.
    let csv = dir.path().join("tables");
    std::fs::create_dir(&csv).unwrap();
    std::fs::write(csv.join("cases.csv"), "kind,case_id\ncase,c1\n").unwrap();
    symlink("clues.csv", csv.join("clues.csv")).unwrap();
    let (code, _, err) = check_json(&[&csv]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("{}", csv.join("clues.csv").display())),
        "{err}"
    );
}

#[test]
fn undecodable_bytes_are_listed_up_to_100_then_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.jsonl");
    let mut bytes = b"{\"kind\": \"unit\", \"name\": \"".to_vec();
    bytes.extend(std::iter::repeat_n(b"\xff ", 1000).flatten());
    bytes.extend(b"\"}\n");
    std::fs::write(&path, bytes).unwrap();
    let (code, findings, err) = check_json(&[&path, Path::new(SAMPLE)]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(of_rule(&findings, "data.encoding").len(), 100);
    let limit = of_rule(&findings, "data.limit");
    assert_eq!(limit.len(), 1);
    assert_eq!(
        limit[0]["message"],
        "900 more undecodable byte sequences are not listed one by one (at most 100 per file); the file's encoding is probably wrong (--encoding chooses one)"
    );
    assert_eq!(limit[0]["location"]["column"], 227);
}

fn check_with_rules(rules: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.yaml");
    std::fs::write(&path, rules).unwrap();
    let (code, _, err) = run(&[
        "check",
        SAMPLE,
        "--rules",
        path.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--lang",
        "en",
    ]);
    (code, err)
}

#[test]
fn hostile_rule_files_are_located_errors() {
    let pack = "pack: {id: t, title: {zh: 测试, en: test}, issued_on: 2020-12-08, effective_from: 2020-12-08}\n";
    let mut bomb = String::from(pack);
    bomb.push_str(
        "x: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ('a'..='i').zip('b'..='j') {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    let cases: [(String, &str, &str); 6] = [
        (String::new(), "", "no `pack:`"),
        (
            format!("{pack}{pack}"),
            "pack.yaml:2:1",
            "duplicate mapping key",
        ),
        (
            format!("{pack}articles: {}", "[".repeat(100_000)),
            "pack.yaml:2:266",
            "recursion limit",
        ),
        (bomb, "pack.yaml:", "budget"),
        (
            format!("{pack}articles: [\"\\ud800\"]\n"),
            "pack.yaml:2:12",
            "surrogate",
        ),
        (
            format!("{pack}articles:\n  - article: 99999999999999999999\n"),
            "pack.yaml:3:14",
            "article must be an integer",
        ),
    ];
    for (text, place, says) in cases {
        let (code, err) = check_with_rules(&text);
        assert_eq!(code, 2, "{}: {err}", &text[..text.len().min(80)]);
        assert!(err.contains(place), "expected {place} in\n{err}");
        assert!(err.contains(says), "expected {says} in\n{err}");
    }
    // Bytes that are not UTF-8 in a rule file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.yaml");
    std::fs::write(&path, b"pack: {id: \xff}\n").unwrap();
    let (code, _, err) = run(&[
        "check",
        SAMPLE,
        "--rules",
        path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains(&path.display().to_string()), "{err}");
}

/// A workbook with sheet `案卷` holding a header, one case with an impossible date, and a stray
/// cell at `stray` (row, column), plus a second sheet `单位名录` with one unit.
fn workbook(dir: &Path, stray: Option<(u32, u16)>) -> PathBuf {
    let mut book = rust_xlsxwriter::Workbook::new();
    let cases = book.add_worksheet();
    cases.set_name("案卷").unwrap();
    for (col, (head, value)) in [
        ("kind", "case"),
        ("case_id", "c1"),
        ("entered_on", "2025-02-30"),
    ]
    .into_iter()
    .enumerate()
    {
        cases.write_string(0, col as u16, head).unwrap();
        cases.write_string(1, col as u16, value).unwrap();
    }
    if let Some((row, col)) = stray {
        cases.write_string(row, col, "x").unwrap();
    }
    let units = book.add_worksheet();
    units.set_name("单位名录").unwrap();
    units.write_string(0, 0, "kind").unwrap();
    units.write_string(0, 1, "name").unwrap();
    units.write_string(1, 0, "unit").unwrap();
    units.write_string(1, 1, "某研究所").unwrap();
    let path = dir.join("book.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn a_sheet_with_a_stray_far_cell_is_a_limit_finding_not_memory_exhaustion() {
    let dir = tempfile::tempdir().unwrap();
    let (code, findings, err) = check_json(&[&workbook(dir.path(), None)]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(of_rule(&findings, "data.date").len(), 1);
    assert_eq!(of_rule(&findings, "data.limit").len(), 0);
    // XFD1048576: 17 billion cells as a dense grid. Used to abort the process.
    let started = std::time::Instant::now();
    let (code, findings, err) = check_json(&[&workbook(dir.path(), Some((1_048_575, 16_383)))]);
    assert!(started.elapsed().as_secs() < 30);
    assert_eq!(code, 1, "{err}");
    let limit = of_rule(&findings, "data.limit");
    assert_eq!(limit.len(), 1);
    assert_eq!(
        limit[0]["message"],
        "sheet `案卷` spans 17179869184 cells, more than the limit of 10000000, and was not read (often a stray cell far from the data)"
    );
    // The other sheet is still read: its unit is checked (no inspection of it in 5 years).
    assert!(
        findings.iter().any(|f| f["unit"] == "某研究所"),
        "{findings:#?}"
    );
    assert_eq!(of_rule(&findings, "data.date").len(), 0);
}

#[test]
fn a_csv_file_named_as_a_workbook_is_read_as_csv() {
    // A file's kind is told by its content: a system that names its CSV export `.xlsx` still
    // gets it checked, as the table its name says.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.xlsx");
    std::fs::write(&path, "kind,case_id,entered_on\ncase,c1,2025-02-30\n").unwrap();
    let (code, findings, err) = check_json(&[&path, Path::new(SAMPLE)]);
    assert_eq!(code, 1, "{err}");
    let dates: Vec<&Value> = of_rule(&findings, "data.date")
        .into_iter()
        .filter(|f| f["location"]["file"] == path.display().to_string())
        .collect();
    assert_eq!(dates.len(), 1, "{findings:#?}");
    assert_eq!(dates[0]["location"]["cell"], "C2");
    assert_eq!(dates[0]["case_id"], "c1");
    assert!(
        of_rule(&findings, "data.syntax").is_empty(),
        "{findings:#?}"
    );
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "calamine's column arithmetic panics only with overflow checks (debug builds)"
)]
fn a_workbook_that_makes_the_xlsx_reader_panic_is_a_syntax_finding() {
    // A cell reference of 14 letters overflows calamine's column arithmetic (a panic in
    // debug builds); found by the mutated-workbook property test.
    let book = Path::new("fuzz/regressions/load_xlsx/calamine-column-overflow.xlsx");
    let (code, findings, err) = check_json(&[book, Path::new(SAMPLE)]);
    assert_eq!(code, 1, "{err}");
    let syntax: Vec<&Value> = of_rule(&findings, "data.syntax")
        .into_iter()
        .filter(|f| {
            f["location"]["file"]
                .as_str()
                .is_some_and(|p| p.ends_with(".xlsx"))
        })
        .collect();
    assert_eq!(syntax.len(), 1, "{findings:#?}");
    assert_eq!(
        syntax[0]["message"],
        "cannot read the XLSX workbook: the workbook's contents are malformed"
    );
    // The sample beside it is checked in full.
    assert_eq!(
        identities(findings.iter().filter(|f| f["location"]["file"] == SAMPLE)),
        sample_identities()
    );
}
