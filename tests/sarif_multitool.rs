//! SARIF as its real consumer reads it: Microsoft's SARIF multitool with GitHub's rule set
//! (`validate --rule-kind Gh`, what code scanning requires: every rule with `help`, a `name`, a
//! `fullDescription`; the driver's `fullName`). `.ci/run` installs the multitool from npm and
//! names it in `SARIF_MULTITOOL`; elsewhere the test says it was skipped, and under CI fails.

mod common;

use std::path::PathBuf;

use common::{AS_OF, SAMPLE, run};
use serde_json::Value;

fn multitool() -> Option<PathBuf> {
    let tool = std::env::var_os("SARIF_MULTITOOL").map(PathBuf::from);
    match tool {
        Some(t) if t.exists() => Some(t),
        _ if std::env::var_os("CI").is_some() => {
            panic!("SARIF_MULTITOOL must name the SARIF multitool under CI (.ci/run installs it)")
        }
        _ => {
            eprintln!(
                "skipped: set SARIF_MULTITOOL to the sarif-multitool binary to run this test"
            );
            None
        }
    }
}

/// The results of `sarif-multitool validate` on `sarif` with the given rule kinds, as rule ids.
fn validate(tool: &PathBuf, sarif: &std::path::Path, extra: &[&str]) -> Vec<String> {
    // The multitool will not write over an earlier output: one file per rule set.
    let out = sarif.with_extension(format!("{}.validation.sarif", extra.len()));
    let status = std::process::Command::new(tool)
        .arg("validate")
        .args(extra)
        .arg("--output")
        .arg(&out)
        .arg(sarif)
        .status()
        .expect("the multitool runs");
    assert!(status.success(), "multitool exit {status}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["results"].as_array().cloned().unwrap_or_default())
        .filter(|r| r["level"] == "error")
        .map(|r| format!("{} {}", r["ruleId"], r["message"]))
        .collect()
}

#[test]
fn sarif_passes_githubs_rules_in_the_multitool() {
    let Some(tool) = multitool() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (name, extra) in [
        ("sample.sarif", vec![]),
        ("open.sarif", vec!["--include-open", "--lang", "en"]),
    ] {
        let path = dir.path().join(name);
        let mut args = vec![
            "check", SAMPLE, "--as-of", AS_OF, "--format", "sarif", "--output",
        ];
        args.push(path.to_str().unwrap());
        args.extend(extra);
        let (code, _, err) = run(&args);
        assert_eq!(code, 1, "{err}");
        assert_eq!(
            validate(&tool, &path, &["--rule-kind", "Gh"]),
            Vec::<String>::new()
        );
        assert_eq!(validate(&tool, &path, &[]), Vec::<String>::new());
    }
}

#[test]
fn every_rule_of_both_packs_says_what_to_do_in_both_languages() {
    for pack in ["rules/cas-2020-62", "rules/unit-internal"] {
        let (code, out, err) = run(&["rules", "list", "--rules", pack, "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let rules: Vec<Value> = serde_json::from_str(&out).unwrap();
        assert!(rules.len() > 5);
        for r in rules {
            let id = r["id"].as_str().unwrap();
            for lang in ["zh", "en"] {
                let (_, shown, _) = run(&["rules", "show", id, "--rules", pack, "--lang", lang]);
                let message = shown.split("\n\n").nth(1).unwrap_or_default();
                assert!(
                    message.lines().count() >= 3,
                    "{id} has no help in {lang}:\n{shown}"
                );
            }
        }
    }
}
