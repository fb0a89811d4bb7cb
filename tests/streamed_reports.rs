//! `--format json` and `--format jsonl` are written as they are made, one finding at a time
//! (issue 6: a 1 GB export's report is never held whole). They must be, byte for byte, the
//! documents rendered whole and escaped by `json_inert`; `--output` must stay atomic.

mod common;

use std::path::PathBuf;

use chrono::NaiveDate;
use clausecheck::app::{self, CheckArgs, Failure, Format};
use clausecheck::calendar::Calendar;
use clausecheck::engine::{self, Options};
use clausecheck::load::Export;
use clausecheck::model::Kind;
use clausecheck::pack::Pack;
use clausecheck::report::{RuleInfo, RunReport, json, locate};
use clausecheck::text::{JsonInertWriter, Lang, json_inert};
use common::{AS_OF, HOSTILE, SAMPLE, run, sample_with_unit_named};

/// Characters a terminal or a text renderer would act on: a right-to-left override, a C1
/// control (NEL) and an escape sequence.
const TERMINAL: &str = "\u{202e}gpj.exe \u{85}next \u{1b}[31m";

fn as_of() -> NaiveDate {
    AS_OF.parse().unwrap()
}

/// The report `check` would make of `path` with the built-in pack; with `waive`, the first
/// three findings are reported as waived.
fn with_report(path: &str, lang: Lang, waive: bool, use_report: impl FnOnce(&RunReport)) {
    let export = Export::load_paths(&[PathBuf::from(path)]).unwrap();
    let pack = Pack::builtin();
    let opts = Options {
        as_of: as_of(),
        select: vec![],
        ignore: vec![],
        include_open: false,
        data_responsible: None,
    };
    let outcome = engine::evaluate(
        &export,
        std::slice::from_ref(&pack),
        &Calendar::builtin(),
        &opts,
    );
    let (waived, findings) = outcome.findings.split_at(if waive { 3 } else { 0 });
    let locations = locate::locate_all(&export.files, &outcome.findings, false);
    let report = RunReport {
        pack_id: pack.meta.id.clone(),
        pack_title: pack.meta.title.clone(),
        effective_from: pack.meta.effective_from,
        as_of: as_of(),
        file_paths: export.files.iter().map(|f| f.path.clone()).collect(),
        locations: &locations,
        records: export.records.len(),
        cases: export
            .records
            .iter()
            .filter(|r| r.kind == Some(Kind::Case))
            .count(),
        not_applicable: outcome.not_applicable,
        open: outcome.open,
        findings,
        warnings: vec![],
        lang,
        color: false,
        width: clausecheck::report::DEFAULT_WIDTH,
        articles: pack
            .articles
            .iter()
            .map(|a| (a.number, a.text.clone()))
            .collect(),
        rules: pack.rules.iter().map(RuleInfo::of).collect(),
        waived_by: &[],
        waived: waive.then_some(waived),
        baselined: None,
        group_by: None,
        context: Default::default(),
    };
    use_report(&report);
}

/// What `write` makes of the report, through the inert writer.
fn streamed(
    write: impl FnOnce(&mut JsonInertWriter<&mut Vec<u8>>) -> std::io::Result<()>,
) -> String {
    let mut bytes = Vec::new();
    let mut inert = JsonInertWriter::new(&mut bytes);
    write(&mut inert).unwrap();
    inert.finish().unwrap();
    String::from_utf8(bytes).unwrap()
}

fn hostile_sample(dir: &std::path::Path) -> String {
    sample_with_unit_named(dir, &format!("{HOSTILE}{TERMINAL}"))
}

#[test]
fn streamed_json_and_jsonl_equal_the_whole_rendering() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_sample(dir.path());
    for path in [SAMPLE, hostile.as_str()] {
        for lang in [Lang::Zh, Lang::En] {
            for waive in [false, true] {
                with_report(path, lang, waive, |r| {
                    let json_text = streamed(|w| json::write(r, w));
                    assert_eq!(
                        json_text,
                        json_inert(json::render(r)),
                        "{path} {lang:?} {waive}"
                    );
                    let lines = streamed(|w| json::write_lines(r, w));
                    assert_eq!(lines, json_inert(json::render_lines(r)), "{path} {lang:?}");
                });
            }
        }
    }
}

#[test]
fn hostile_characters_are_escaped_in_the_streamed_reports() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_sample(dir.path());
    for format in [Format::Json, Format::Jsonl] {
        let args = CheckArgs::new(vec![PathBuf::from(&hostile)], as_of(), format, Lang::En);
        let Ok(out) = app::check(&args) else {
            panic!("{format:?} checks");
        };
        for raw in ['\u{202e}', '\u{85}', '\u{1b}'] {
            assert!(!out.text.contains(raw), "{format:?} holds {raw:?}");
        }
        assert!(
            out.text.contains(r"\u202egpj.exe \u0085next \u001b[31m"),
            "{format:?}"
        );
    }
}

#[test]
fn check_writes_what_the_whole_rendering_gives() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_sample(dir.path());
    for path in [SAMPLE, hostile.as_str()] {
        with_report(path, Lang::En, false, |r| {
            for (format, whole) in [
                (Format::Json, json::render(r)),
                (Format::Jsonl, json::render_lines(r)),
            ] {
                let args = CheckArgs::new(vec![PathBuf::from(path)], as_of(), format, Lang::En);
                let mut bytes = Vec::new();
                let Ok(exit) = app::check_to(&args, &mut bytes) else {
                    panic!("{format:?} checks");
                };
                assert_eq!(exit, 1);
                assert_eq!(
                    String::from_utf8(bytes).unwrap(),
                    json_inert(whole),
                    "{path}"
                );
            }
        });
    }
}

/// A writer that takes `room` bytes, then fails as a full disk does.
struct FullAfter {
    room: usize,
}

impl std::io::Write for FullAfter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_report_that_cannot_be_written_is_a_failure_in_both_languages() {
    for format in Format::ALL {
        let args = CheckArgs::new(vec![PathBuf::from(SAMPLE)], as_of(), format, Lang::En);
        match app::check_to(&args, &mut FullAfter { room: 100 }) {
            Err(Failure::Message(m)) => {
                assert!(m.en.starts_with("cannot write output"), "{}", m.en);
                assert!(m.zh.starts_with("无法写入输出"), "{}", m.zh);
            }
            _ => panic!("{format:?}: a full disk must fail the run"),
        }
    }
}

#[test]
fn output_file_holds_the_bytes_of_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["json", "jsonl", "human"] {
        let out = dir.path().join(format!("report.{format}"));
        let out = out.to_str().unwrap();
        let (code, stdout, err) = run(&["check", SAMPLE, "--as-of", AS_OF, "--format", format]);
        assert_eq!(code, 1, "{err}");
        let (code, _, err) = run(&[
            "check", SAMPLE, "--as-of", AS_OF, "--format", format, "--output", out,
        ]);
        assert_eq!(code, 1, "{err}");
        assert_eq!(std::fs::read_to_string(out).unwrap(), stdout, "{format}");
    }
}

#[test]
fn a_failed_check_leaves_the_old_output_whole_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    std::fs::write(&out, "old report\n").unwrap();
    let (code, _, err) = run(&[
        "check",
        SAMPLE,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--rules",
        "no/such/pack",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old report\n");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["report.json"]);
}

#[test]
fn markdown_fits_its_size_limit_by_showing_fewer_rows_then_cutting() {
    with_report(SAMPLE, Lang::En, true, |r| {
        let whole = clausecheck::report::markdown::render(r);
        assert!(!whole.contains("more\n"), "the sample fits whole");
        assert!(whole.contains("## Waived (3)"), "{whole}");
        let fewer = clausecheck::report::markdown::render_within(r, 12_000);
        assert!(fewer.len() <= 12_000 && fewer.len() < whole.len());
        assert!(fewer.contains("… and "), "{fewer}");
        assert!(fewer.contains("### Art. 16 ("));
        let cut = clausecheck::report::markdown::render_within(r, 1_000);
        assert!(cut.len() <= 1_000, "{}", cut.len());
        assert!(cut.ends_with("(the summary reached its size limit; the rest is left out)\n"));
    });
}
