//! Safety guarantees (issue 7): export data cannot do harm in any report, nothing is written
//! into an input, `--output` keeps sensible permissions, and the same inputs give the same
//! bytes whatever the time zone, locale or thread count.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{AS_OF, SAMPLE, check, run, sample_with_unit_named};
use serde_json::Value;

/// Every text format (the xlsx workbook, binary, has its own tests in `dueban_outputs.rs`).
const FORMATS: [&str; 9] = [
    "human", "json", "jsonl", "sarif", "junit", "github", "markdown", "html", "ics",
];

/// Everything an attacker might put in a unit's name: markup, table pipes, code spans,
/// newlines, GitHub workflow commands and spreadsheet formulas.
const HOSTILE: &str = "<script>alert(1)</script>|`x`\n::error file=a::pwned\r\n=cmd|' /C calc'!A0";

/// Terminal control: colour, window title, bell, a C1 CSI and a right-to-left override.
const TERMINAL: &str = "ESC\u{1b}[31mRED\u{1b}]0;title\u{7} \u{9b}2J \u{202e}txt.exe";

#[test]
fn hostile_export_values_are_inert_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with_unit_named(dir.path(), HOSTILE);
    for format in FORMATS {
        let (code, out, err) = check(&path, &["--format", format, "--lang", "en"]);
        assert_eq!(code, 1, "{format}: {err}");
        // No raw markup in a format a browser or Markdown renderer reads.
        // (GitHub shows annotation text as text.)
        if ["html", "junit", "markdown"].contains(&format) {
            assert!(!out.contains("<script>alert"), "{format}");
        }
        // No line of any output is a workflow command but the github format's own.
        if format != "github" {
            assert!(!out.lines().any(|l| l.starts_with("::")), "{format}");
        }
        match format {
            "json" | "sarif" => {
                // The value survives exactly, as data.
                let v: Value = serde_json::from_str(&out).unwrap();
                let text = v.to_string();
                assert!(
                    text.contains(&serde_json::to_string(HOSTILE).unwrap()),
                    "{format}"
                );
            }
            "jsonl" => {
                // One finding per line, however many line breaks the value holds.
                let lines: Vec<Value> = out
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                assert_eq!(lines.len(), 51);
                assert!(lines.iter().any(|f| f["unit"] == HOSTILE));
            }
            "junit" => assert!(
                out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{format}"
            ),
            "html" => {
                // Export text reaches the page only inside its JSON data, every `<` escaped:
                // the page's own two scripts are the only ones (the browser tests run it).
                assert!(!out.contains("<script>alert"), "{format}");
                assert_eq!(out.matches("<script").count(), 2, "{format}");
                assert!(out.contains("\\u003cscript>"), "{format}");
            }
            "github" => {
                assert!(out.lines().all(|l| l.starts_with("::")));
                assert!(
                    out.contains("`x`%0A::error file=a::pwned%0D%0A=cmd|"),
                    "{out}"
                );
            }
            "markdown" => {
                assert!(out.contains(r"&lt;script&gt;alert(1)&lt;/script&gt;\|\`x\` ::error file=a::pwned  =cmd\|"), "{out}");
            }
            "ics" => {
                // The name's line breaks are escaped inside its property: no line of the
                // calendar starts with what followed them.
                let unfolded = out.replace("\r\n ", "");
                let escaped = r"|`x`\n::error file=a::pwned\n=cmd|' /C calc'!A0";
                assert!(unfolded.contains(escaped), "{out}");
                assert!(!out.lines().any(|l| l.starts_with("=cmd")));
            }
            "human" => {
                // The name's line breaks stay inside the indented message block.
                assert!(!out.lines().any(|l| l.starts_with("=cmd")));
                assert!(out.contains("│ ::error file=a::pwned"), "{out}");
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn terminal_control_characters_never_reach_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with_unit_named(dir.path(), TERMINAL);
    for format in FORMATS {
        let (code, out, _) = check(&path, &["--format", format, "--lang", "en"]);
        assert_eq!(code, 1);
        let bad: Vec<char> = out
            .chars()
            .filter(|c| clausecheck::text::is_unsafe_char(*c))
            .collect();
        assert!(bad.is_empty(), "{format}: {bad:?}");
        assert!(out.contains("RED"), "{format}: the value is still shown");
    }
    // Raw control bytes in a CSV cell reach the human report's source snippet as `?`.
    let tables = dir.path().join("tables");
    std::fs::create_dir(&tables).unwrap();
    std::fs::write(
        tables.join("cases.csv"),
        "kind,case_id,entered_on\ncase,c\u{1b}[2J,2025-02-30\n",
    )
    .unwrap();
    let (code, out, _) = check(tables.to_str().unwrap(), &["--lang", "en"]);
    assert_eq!(code, 1);
    assert!(!out.contains('\u{1b}'));
    assert!(out.contains("c?[2J"), "{out}");
}

/// Bytes and modification time of a file.
fn stamp(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    (
        std::fs::read(path).unwrap(),
        std::fs::metadata(path).unwrap().modified().unwrap(),
    )
}

#[test]
fn output_onto_an_input_is_refused_and_inputs_stay_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.jsonl");
    std::fs::copy(SAMPLE, &input).unwrap();
    let before = stamp(&input);
    let i = input.to_str().unwrap();
    for args in [
        vec!["check", i, "--as-of", AS_OF, "--output", i],
        vec!["convert", i, "--to", "jsonl", "--output", i],
        vec!["diff", i, i, "--output", i],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(err.contains("拒绝写入"), "{err}");
        assert_eq!(stamp(&input), before, "{args:?}");
    }
    // Inside a walked input folder the report would be read as an export next time.
    let inside = dir.path().join("findings.json");
    let (code, _, err) = run(&[
        "check",
        dir.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--output",
        inside.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("refusing to write"), "{err}");
    assert!(!inside.exists());
    // A waiver or rule file is an input too.
    let rules = dir.path().join("pack.yaml");
    std::fs::write(&rules, "x").unwrap();
    let (code, _, _) = run(&[
        "check",
        SAMPLE,
        "--rules",
        rules.to_str().unwrap(),
        "--output",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_to_string(&rules).unwrap(), "x");
}

#[test]
fn every_command_leaves_its_inputs_bytes_and_mtimes_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.jsonl");
    std::fs::copy(SAMPLE, &input).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("r.json");
    let i = input.to_str().unwrap();
    let r = report.to_str().unwrap();
    let (code, _, err) = run(&[
        "check", i, "--as-of", AS_OF, "--format", "json", "--output", r,
    ]);
    assert_eq!(code, 1, "{err}");
    let before = (stamp(&input), stamp(&report));
    for format in FORMATS {
        run(&["check", i, "--as-of", AS_OF, "--format", format]);
    }
    run(&["convert", i, "--to", "jsonl"]);
    run(&["diff", r, r]);
    run(&["check", i, "--as-of", AS_OF, "--baseline", r]);
    run(&[
        "explain",
        i,
        "--case",
        "2025-2-07",
        "--rule",
        "cas62.16.clue-feedback",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!((stamp(&input), stamp(&report)), before);
}

#[cfg(unix)]
#[test]
fn output_files_respect_the_umask_and_keep_an_existing_files_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("clausecheck");
    let fresh = dir.path().join("fresh.json");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 027; exec '{}' check '{SAMPLE}' --as-of {AS_OF} --format json --output '{}'",
            bin.display(),
            fresh.display()
        ))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&fresh), 0o640);
    let shared = dir.path().join("shared.json");
    std::fs::write(&shared, "old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
    let (code, _, _) = check(
        SAMPLE,
        &["--format", "json", "--output", shared.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert_eq!(mode(&shared), 0o664);
    assert!(std::fs::read_to_string(&shared).unwrap().starts_with('{'));
}

/// The sample check's stdout under some environment and arguments.
fn sample_output(env: &[(&str, &str)], extra: &[&str]) -> Vec<u8> {
    let mut cmd = Command::cargo_bin("clausecheck").unwrap();
    cmd.env_remove("LANG").env_remove("TZ").env_remove("LC_ALL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(["check", SAMPLE, "--as-of", AS_OF, "--lang", "zh"]);
    cmd.args(extra);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    out.stdout
}

#[test]
fn same_bytes_whatever_the_time_zone_locale_or_thread_count() {
    for format in ["json", "human"] {
        let reference = sample_output(&[], &["--format", format, "--threads", "1"]);
        assert!(reference.len() > 1000);
        for (env, threads) in [
            (vec![("TZ", "America/New_York")], "1"),
            (vec![("TZ", "Asia/Shanghai")], "4"),
            (vec![("TZ", "Pacific/Kiritimati"), ("LANG", "C")], "4"),
            (vec![("LANG", "C"), ("LC_ALL", "C")], "1"),
            (vec![("LANG", "en_US.UTF-8")], "4"),
        ] {
            let out = sample_output(&env, &["--format", format, "--threads", threads]);
            assert!(
                out == reference,
                "{format} differs under {env:?} --threads {threads}"
            );
        }
    }
}
