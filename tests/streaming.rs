//! JSON Lines exports are checked in chunks (never held whole); that must give exactly the bytes
//! and exit status of reading them whole (`--no-stream`), in every format, whatever the chunk
//! size, the order of the records (rounds after their cases), the number of files, bad lines,
//! the packs, waivers, baselines and selections.

mod common;
#[path = "../examples/gen.rs"]
mod generator;

use std::path::Path;

use common::{AS_OF, SAMPLE, run};

const FORMATS: [&str; 8] = [
    "human", "json", "jsonl", "sarif", "junit", "github", "markdown", "html",
];

/// One chunk per line, a few lines per chunk, and the default (the whole sample in one).
const CHUNK_SIZES: [&str; 3] = ["1", "3000", "4194304"];

fn check(paths: &[&str], extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["check"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["--as-of", AS_OF]);
    args.extend_from_slice(extra);
    run(&args)
}

/// Checks `paths` whole and in chunks of each size, and requires the same stdout and exit.
fn assert_streaming_agrees(paths: &[&str], extra: &[&str]) -> String {
    let mut whole_args = extra.to_vec();
    whole_args.push("--no-stream");
    let (whole_code, whole_out, whole_err) = check(paths, &whole_args);
    assert!(whole_code == 0 || whole_code == 1, "{whole_err}");
    for size in CHUNK_SIZES {
        let mut args = extra.to_vec();
        args.extend_from_slice(&["--chunk-bytes", size]);
        let (code, out, err) = check(paths, &args);
        assert_eq!(code, whole_code, "exit with chunks of {size}: {err}");
        assert!(
            out == whole_out,
            "{paths:?} {extra:?} with chunks of {size} bytes differs from the whole-file check"
        );
    }
    whole_out
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn the_sample_in_every_format_and_language() {
    for format in FORMATS {
        for lang in ["zh", "en"] {
            let out = assert_streaming_agrees(&[SAMPLE], &["--format", format, "--lang", lang]);
            assert!(!out.is_empty());
        }
    }
}

#[test]
fn rounds_after_their_cases_and_an_export_split_over_files() {
    let dir = tempfile::tempdir().unwrap();
    let g = generator::generate(120, 7);
    let export = String::from_utf8(g.export).unwrap();
    let reversed: Vec<&str> = export.lines().rev().collect();
    let reversed = write(dir.path(), "reversed.jsonl", &(reversed.join("\n") + "\n"));
    let lines: Vec<&str> = export.lines().collect();
    let (head, tail) = lines.split_at(lines.len() / 2);
    let first = write(dir.path(), "a.jsonl", &head.join("\n"));
    let second = write(dir.path(), "b.jsonl", &tail.join("\n"));
    for format in ["json", "human"] {
        let out = assert_streaming_agrees(&[&reversed], &["--format", format]);
        assert!(out.contains("cas62.16.clue-feedback"));
        assert_streaming_agrees(&[&first, &second], &["--format", format]);
    }
}

#[test]
fn a_case_whose_round_is_missing_or_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let (rounds, rest): (Vec<&str>, Vec<&str>) = text
        .lines()
        .partition(|l| l.contains("\"kind\": \"round\""));
    assert!(!rounds.is_empty(), "the sample has round records");
    let rounds_last: Vec<&str> = rest.iter().chain(&rounds).copied().collect();
    let rounds_last = write(dir.path(), "rounds-last.jsonl", &rounds_last.join("\n"));
    let out = assert_streaming_agrees(&[&rounds_last], &["--format", "json"]);
    // Rules that read the case's round fire here: the rounds' late arrival was waited for.
    for rule in ["cas62.5.", "cas62.12."] {
        assert!(out.contains(rule), "{rule} expected");
    }
    let without_rounds = write(dir.path(), "no-rounds.jsonl", &rest.join("\n"));
    assert_streaming_agrees(&[&without_rounds], &["--format", "json"]);
    let repeated: Vec<&str> = rounds.iter().chain(&rest).chain(&rounds).copied().collect();
    let repeated = write(dir.path(), "repeated.jsonl", &repeated.join("\n"));
    let out = assert_streaming_agrees(&[&repeated], &["--format", "json"]);
    assert!(out.contains("data.duplicate-id"));
}

#[test]
fn bad_lines_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.insert(3, "{\"kind\": \"case\", \"case_id\": ".to_string());
    lines.insert(5, format!("{}{}", "[".repeat(100), "]".repeat(100)));
    lines.insert(
        7,
        "{\"kind\":\"case\",\"case_id\":\"D-1\",\"case_id\":\"D-2\"}".to_string(),
    );
    lines.insert(9, "   ".to_string());
    lines.insert(11, "42".to_string());
    let crlf = write(dir.path(), "bad.jsonl", &(lines.join("\r\n") + "\r\n"));
    let out = assert_streaming_agrees(&[&crlf], &["--format", "json"]);
    for rule in ["data.syntax", "data.limit", "data.duplicate-key"] {
        assert!(out.contains(rule), "{rule} expected");
    }
    assert_streaming_agrees(&[&crlf], &["--format", "human"]);
}

/// A chunk's findings are placed while its lines are at hand; a line with a character made
/// inert for display (its column counted as the whole-file check counts it) must agree too.
#[test]
fn unsafe_characters_before_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    assert!(
        text.contains("\"case_id\": \""),
        "the sample writes case ids so"
    );
    let marked = text.replace("\"case_id\": \"", "\"case_id\": \"\u{202e}\u{7f}");
    let marked = write(dir.path(), "marked.jsonl", &marked);
    for format in ["json", "sarif", "github", "human"] {
        assert_streaming_agrees(&[&marked], &["--format", format]);
    }
}

#[test]
fn files_that_are_not_plain_utf8_are_decoded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let bom = write(dir.path(), "bom.jsonl", &format!("\u{feff}{text}"));
    let out = assert_streaming_agrees(&[&bom], &["--format", "json"]);
    let plain = assert_streaming_agrees(&[SAMPLE], &["--format", "json"]);
    assert_eq!(
        out.matches("\"rule\"").count(),
        plain.matches("\"rule\"").count()
    );
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let gbk_path = dir.path().join("gbk.jsonl");
    std::fs::write(&gbk_path, &gbk).unwrap();
    let gbk_path = gbk_path.display().to_string();
    // The first lines are ASCII and read as UTF-8; the sweep falls back when it meets GB18030.
    assert_streaming_agrees(&[&gbk_path], &["--format", "json"]);
}

/// A selection gives exactly the whole run's findings it names, read whole or in chunks. A
/// selection that can name no `data.` rule skips the data checks of records: that must change
/// nothing.
#[test]
fn a_selection_is_the_whole_run_filtered() {
    let findings = |select: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec!["--format", "json", "--fail-on", "never"];
        args.extend_from_slice(select);
        let out = assert_streaming_agrees(&[SAMPLE], &args);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        report["findings"].as_array().unwrap().clone()
    };
    let all = findings(&[]);
    let rule = |f: &serde_json::Value| f["rule"].as_str().unwrap().to_string();
    assert!(all.iter().any(|f| rule(f).starts_with("data.")));
    assert!(all.iter().any(|f| rule(f).starts_with("cas62.")));
    type Named = fn(&str) -> bool;
    let cases: [(&str, Named); 5] = [
        ("cas62.16.clue-feedback", |r| r == "cas62.16.clue-feedback"),
        ("cas62", |r| r.starts_with("cas62.")),
        ("data", |r| r.starts_with("data.")),
        ("data.kind", |r| r == "data.kind"),
        ("cas62.13,data.type", |r| {
            r.starts_with("cas62.13.") || r == "data.type"
        }),
    ];
    for (select, named) in cases {
        let expected: Vec<_> = all.iter().filter(|f| named(&rule(f))).cloned().collect();
        assert!(
            !expected.is_empty(),
            "{select} names no finding of the sample"
        );
        assert_eq!(
            findings(&["--select", select]),
            expected,
            "--select {select}"
        );
    }
}

#[test]
fn packs_waivers_baselines_and_selections() {
    let dir = tempfile::tempdir().unwrap();
    assert_streaming_agrees(&[SAMPLE], &["--rules", "rules/unit-internal"]);
    assert_streaming_agrees(
        &[SAMPLE],
        &[
            "--rules",
            "rules/cas-2020-62",
            "--rules",
            "rules/unit-internal",
            "--format",
            "json",
        ],
    );
    // Case rules that read the round's other cases are judged at the end, on pruned cases.
    let out = assert_streaming_agrees(
        &[SAMPLE],
        &["--rules", "tests/packs/cross-record", "--format", "json"],
    );
    for rule in ["cross.1.", "cross.2."] {
        assert!(out.contains(rule), "{rule} expected");
    }
    // Kinds that read across records, in a pack where only their declared reads keep the
    // fields they need on the pruned cases.
    let out = assert_streaming_agrees(
        &[SAMPLE],
        &["--rules", "tests/packs/cross-kinds", "--format", "json"],
    );
    for rule in ["crosskinds.1.", "crosskinds.2."] {
        assert!(out.contains(rule), "{rule} expected");
    }
    assert_streaming_agrees(&[SAMPLE], &["--select", "cas62.16,data", "--statistics"]);
    assert_streaming_agrees(&[SAMPLE], &["--ignore", "cas62.26", "--fail-on", "never"]);
    let (_, baseline, _) = check(&[SAMPLE], &["--format", "json", "--select", "cas62.16"]);
    let baseline = write(dir.path(), "baseline.json", &baseline);
    assert_streaming_agrees(&[SAMPLE], &["--baseline", &baseline, "--format", "sarif"]);
    let waivers = write(
        dir.path(),
        "waivers.yaml",
        "- rule: cas62.16.clue-feedback\n  case_id: 2025-2-07\n  reason: 线索仍在核查\n  approved_by: 巡视办\n",
    );
    assert_streaming_agrees(&[SAMPLE], &["--waivers", &waivers, "--format", "sarif"]);
}

mod differential {
    use clausecheck::app::{self, CheckArgs, Format};
    use clausecheck::text::Lang;
    use proptest::prelude::*;

    fn sample_lines() -> Vec<String> {
        std::fs::read_to_string(super::SAMPLE)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn checked(path: &std::path::Path, stream: Option<usize>, format: Format) -> (String, i32) {
        let args = CheckArgs {
            stream,
            ..CheckArgs::new(
                vec![path.to_path_buf()],
                super::AS_OF.parse().unwrap(),
                format,
                Lang::En,
            )
        };
        let out = app::check(&args).ok().expect("checks");
        (out.text, out.exit)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any mix of the sample's records, in any order, repeated, with bytes overwritten
        /// (broken lines, other encodings), checks to the same bytes in chunks as whole.
        #[test]
        fn chunked_and_whole_agree_on_any_mix_of_records(
            picks in prop::collection::vec((any::<prop::sample::Index>(), prop::option::of((any::<prop::sample::Index>(), any::<u8>()))), 1..60),
            chunk in prop::sample::select(vec![1usize, 1, 300, 300, 5000, 1 << 22]),
            format in prop::sample::select(vec![Format::Json, Format::Human, Format::Sarif]),
            rounds_last in any::<bool>(),
        ) {
            let lines = sample_lines();
            let mut picked: Vec<_> = picks.iter().map(|(line, edit)| (line.get(&lines), edit)).collect();
            if rounds_last {
                // Cases before their rounds: a sweep must wait for the rounds.
                picked.sort_by_key(|(line, _)| line.contains("\"kind\": \"round\""));
            }
            let mut bytes = Vec::new();
            for (line, edit) in picked {
                let mut line = line.clone().into_bytes();
                if let Some((at, byte)) = edit && !line.is_empty() {
                    let i = at.index(line.len());
                    line[i] = *byte;
                }
                bytes.extend_from_slice(&line);
                bytes.push(b'\n');
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("mix.jsonl");
            std::fs::write(&path, &bytes).unwrap();
            let whole = checked(&path, None, format);
            let chunked = checked(&path, Some(chunk), format);
            prop_assert_eq!(chunked.1, whole.1);
            prop_assert!(chunked.0 == whole.0, "chunks of {} differ", chunk);
        }
    }
}
