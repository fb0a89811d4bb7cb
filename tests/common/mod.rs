//! Helpers shared by the report and triage tests: running the binary on the sample export.
#![allow(dead_code)]

pub mod pipeline;
pub mod tables;

use assert_cmd::Command;
use serde_json::Value;

pub const SAMPLE: &str = "fixtures/sample/export.jsonl";
pub const AS_OF: &str = "2026-11-25";

pub fn run(args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("clausecheck").expect("binary builds");
    cmd.env_remove("LANG");
    let out = cmd.args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Checks `path` as of 2026-11-25 with extra arguments.
pub fn check(path: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["check", path, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    run(&args)
}

pub fn json_of(path: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = check(path, &args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).expect("valid JSON")
}

/// The sample export with every line moved down by `blank_lines`: same records, other lines.
pub fn shifted_sample(dir: &std::path::Path, blank_lines: usize) -> String {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let path = dir.join("shifted.jsonl");
    std::fs::write(&path, format!("{}{text}", "\n".repeat(blank_lines))).unwrap();
    path.display().to_string()
}

/// The sample export with one unit's name replaced everywhere by `name` (JSON-escaped), so
/// findings carry hostile text into the outputs.
pub fn sample_with_unit_named(dir: &std::path::Path, name: &str) -> String {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let quoted = serde_json::to_string(name).unwrap();
    let text = text.replace("中国科学院辽东湾海岸带研究所", &quoted[1..quoted.len() - 1]);
    let path = dir.join("hostile.jsonl");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

pub const HOSTILE: &str = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">|*x*_y_`z`[l](u)\n::error ,a:b%";
