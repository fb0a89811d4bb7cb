//! Criterion benches of each hot path on a generated export of moderate size (2,000 cases,
//! ≈19 MB, from `examples/gen.rs`): loading whole (decode + parse JSON Lines), parsing in
//! chunks (the `parse-only` floor), a whole streaming `check` (chunks parsed and evaluated,
//! findings placed, cases packed, late rules, JSON written), the sweep alone over parsed chunks
//! (rules, data checks, packing, the end of the sweep), evaluate, placing findings in a whole
//! text, the JSON report, the human report; due dates on the legal calendar; and a whole
//! `check` of a one-case export.
//! Run with `cargo bench --bench check`; the 1 GB end-to-end runs are `bench/scale.sh`.

#[path = "../examples/gen.rs"]
#[allow(dead_code)]
mod generator;

use std::path::PathBuf;

use chrono::NaiveDate;
use clausecheck::app::{self, CheckArgs, FailOn, Format};
use clausecheck::calendar::{Calendar, Period, checked_due_date};
use clausecheck::engine::{self, Options};
use clausecheck::load::Export;
use clausecheck::report::{self, RuleInfo, RunReport};
use clausecheck::text::Lang;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

const CASES: usize = 2000;

fn as_of() -> NaiveDate {
    generator::AS_OF.parse().expect("valid date")
}

fn export_file(dir: &std::path::Path, cases: usize) -> PathBuf {
    let path = dir.join(format!("export-{cases}.jsonl"));
    std::fs::write(&path, generator::generate(cases, 62).export).expect("write export");
    path
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = export_file(dir.path(), CASES);
    let bytes = std::fs::metadata(&path).expect("export").len();
    let packs = app::load_packs(&[]).ok().expect("built-in pack compiles");
    let cal = Calendar::builtin();
    let opts = Options {
        as_of: as_of(),
        select: vec![],
        ignore: vec![],
        include_open: false,
        data_responsible: None,
    };
    let mut g = c.benchmark_group("hot_paths");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    let paths = [path.clone()];
    g.bench_function("load_jsonl", |b| {
        b.iter(|| Export::load_paths(&paths).expect("loads"))
    });
    g.bench_function("parse_jsonl_chunks", |b| {
        b.iter(|| parse_in_chunks(&path));
    });
    let streamed = CheckArgs {
        fail_on: FailOn::Never,
        ..CheckArgs::new(paths.to_vec(), as_of(), Format::Json, Lang::Zh)
    };
    g.bench_function("check_streaming_json", |b| {
        b.iter(|| app::check(&streamed).ok().expect("checks"))
    });
    let export = Export::load_paths(&paths).expect("loads");
    g.bench_function("evaluate", |b| {
        b.iter(|| engine::evaluate(&export, &packs, &cal, &opts))
    });
    let chunks = parsed_chunks(&path);
    g.bench_function("sweep_parsed_chunks", |b| {
        b.iter_batched(
            || chunks.clone(),
            |chunks| {
                let mut sweep = engine::Sweep::new(&packs, &cal, &opts);
                for (records, issues) in chunks {
                    sweep.add(records, &issues);
                }
                sweep.finish(&|_, _| None)
            },
            BatchSize::LargeInput,
        )
    });
    let outcome = engine::evaluate(&export, &packs, &cal, &opts);
    g.bench_function("locate_all", |b| {
        b.iter(|| clausecheck::report::locate::locate_all(&export.files, &outcome.findings, false))
    });
    let locations = clausecheck::report::locate::locate_all(&export.files, &outcome.findings, true);
    let report = RunReport {
        pack_id: packs[0].meta.id.clone(),
        pack_title: packs[0].meta.title.clone(),
        effective_from: packs[0].meta.effective_from,
        as_of: as_of(),
        file_paths: export.files.iter().map(|f| f.path.clone()).collect(),
        locations: &locations,
        records: export.records.len(),
        cases: CASES,
        not_applicable: outcome.not_applicable,
        open: outcome.open,
        findings: &outcome.findings,
        warnings: vec![],
        lang: Lang::Zh,
        color: false,
        width: clausecheck::report::DEFAULT_WIDTH,
        articles: packs[0]
            .articles
            .iter()
            .map(|a| (a.number, a.text.clone()))
            .collect(),
        rules: packs[0].rules.iter().map(RuleInfo::of).collect(),
        waived_by: &[],
        waived: None,
        baselined: None,
        group_by: None,
        context: Default::default(),
    };
    g.bench_function("report_json", |b| b.iter(|| report::json::render(&report)));
    g.bench_function("report_human", |b| {
        b.iter(|| report::human::render(&report))
    });
    g.finish();

    let starts: Vec<NaiveDate> = as_of().iter_days().rev().take(3650).collect();
    let periods = ["3个月", "15个工作日", "30日", "1年"].map(|p| Period::parse(p).expect("period"));
    c.bench_function("due_dates_3650_days_4_periods", |b| {
        b.iter(|| {
            starts
                .iter()
                .flat_map(|s| periods.iter().map(|p| checked_due_date(&cal, *s, *p, true)))
                .filter(Option::is_some)
                .count()
        })
    });

    let one = export_file(dir.path(), 1);
    let args = CheckArgs {
        fail_on: FailOn::Never,
        ..CheckArgs::new(vec![one], as_of(), Format::Json, Lang::Zh)
    };
    c.bench_function("check_one_case_end_to_end", |b| {
        b.iter(|| app::check(&args).ok().expect("checks"))
    });
}

/// The records and load problems of each chunk, as a sweep is given them.
fn parsed_chunks(
    path: &std::path::Path,
) -> Vec<(
    Vec<clausecheck::model::Record>,
    Vec<clausecheck::load::LoadIssue>,
)> {
    use clausecheck::load::stream::{CHUNK_BYTES, Chunk, JsonlChunks};
    let mut chunks = JsonlChunks::open(path, 0, CHUNK_BYTES).expect("opens");
    let mut out = Vec::new();
    while let Some(chunk) = chunks.next_chunk().expect("reads") {
        if let Chunk::Lines { parsed, .. } = chunk {
            out.push((parsed.records, parsed.issues));
        }
    }
    out
}

/// What `parse-only` does: the chunked JSON Lines reader and parser, records dropped.
fn parse_in_chunks(path: &std::path::Path) -> usize {
    use clausecheck::load::stream::{CHUNK_BYTES, Chunk, JsonlChunks};
    let mut chunks = JsonlChunks::open(path, 0, CHUNK_BYTES).expect("opens");
    let mut records = 0;
    while let Some(chunk) = chunks.next_chunk().expect("reads") {
        if let Chunk::Lines { parsed, .. } = chunk {
            records += parsed.records.len();
        }
    }
    records
}

criterion_group!(hot, benches);
criterion_main!(hot);
