//! The check pipeline as a library function over plain options (load, evaluate, triage,
//! report): what `clausecheck check` runs, and what tests, benches and fuzz targets drive.

mod places;

use std::io::Write;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};

use crate::calendar::Calendar;
use crate::engine::{self, Options};
use crate::finding::Finding;
use crate::load::{EncodingChoice, Export, LoadOptions};
use crate::model::Kind;
use crate::pack::{Pack, PackSource, Severity};
use crate::report::locate::Locations;
use crate::report::{self, RuleInfo, RunReport};
use crate::text::{Lang, Msg};
use crate::triage::{self, Triaged};

pub use crate::report::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    /// As `Error`, but a provisional finding (its verdict rests on a year the calendar lacks)
    /// does not fail the run.
    #[value(
        help = "error, but findings whose verdict rests on a year the calendar lacks (provisional) do not fail"
    )]
    SettledError,
    /// As `Warning`, provisional findings aside.
    #[value(help = "warning, provisional findings aside")]
    SettledWarning,
    Never,
}

pub struct CheckArgs {
    pub paths: Vec<PathBuf>,
    pub rules: Vec<PathBuf>,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub fail_on: FailOn,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub lang: Lang,
    pub calendar: Option<PathBuf>,
    pub color: bool,
    pub encoding: EncodingChoice,
    /// `[parameters]` of `clausecheck.toml`.
    pub parameters: Vec<crate::config::ParamOverride>,
    pub waivers: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    /// Counts per rule instead of the findings.
    pub statistics: bool,
    /// List open deadlines as findings of status `open` (`--include-open`).
    pub include_open: bool,
    /// Who maintains the export: the responsible party of `data.` findings.
    pub data_responsible: Option<String>,
    /// Print a summary per group after the findings (human, markdown).
    pub group_by: Option<report::GroupBy>,
    /// Read JSON Lines exports in chunks of about this many bytes rather than whole (same
    /// findings, memory bounded by a chunk); `None` reads them whole.
    pub stream: Option<usize>,
    /// The command line that asked for the check, as the xlsx workbook records it.
    pub command_line: Option<String>,
}

impl CheckArgs {
    /// A check of `paths` with the built-in pack and every default of the command line:
    /// for callers that are not the command line (tests, benches, fuzz targets).
    pub fn new(paths: Vec<PathBuf>, as_of: NaiveDate, format: Format, lang: Lang) -> CheckArgs {
        CheckArgs {
            paths,
            rules: Vec::new(),
            as_of: Some(as_of),
            format,
            fail_on: FailOn::Error,
            select: Vec::new(),
            ignore: Vec::new(),
            lang,
            calendar: None,
            color: false,
            encoding: EncodingChoice::Auto,
            parameters: Vec::new(),
            waivers: None,
            baseline: None,
            statistics: false,
            include_open: false,
            data_responsible: None,
            group_by: None,
            stream: Some(crate::load::stream::CHUNK_BYTES),
            command_line: None,
        }
    }
}

// Re-exported: tests and the fuzz targets name them through `app`.
pub use crate::failure::{Failure, LocatedError};

pub struct CheckOutput {
    pub text: String,
    pub exit: i32,
}

/// Today in China Standard Time, whatever the machine's time zone.
pub fn today_cst() -> NaiveDate {
    // UTC+8 has no daylight saving: today there is the UTC instant eight hours on.
    (Utc::now() + chrono::TimeDelta::hours(8)).date_naive()
}

pub fn load_packs(rules: &[PathBuf]) -> Result<Vec<Pack>, Failure> {
    if rules.is_empty() {
        return PackSource::builtin()
            .compile()
            .map(|p| vec![p])
            .map_err(Failure::Pack);
    }
    rules
        .iter()
        .map(|p| {
            PackSource::read(p)
                .and_then(|s| s.compile())
                .map_err(Failure::Pack)
        })
        .collect()
}

pub fn load_calendar(file: Option<&PathBuf>) -> Result<Calendar, Failure> {
    let mut cal = Calendar::builtin();
    if let Some(path) = file {
        cal.merge(read_calendar(path)?);
    }
    Ok(cal)
}

/// One calendar data file alone (without the built-in calendar).
pub fn read_calendar(path: &std::path::Path) -> Result<Calendar, Failure> {
    let text = read_input(path, "日历文件", "calendar file")?;
    let extra = Calendar::from_yaml(&text).map_err(|e| {
        Failure::Message(Msg::new(
            format!("日历文件 {} 有误：{e}", path.display()),
            format!("invalid calendar file {}: {e}", path.display()),
        ))
    })?;
    Ok(extra)
}

/// [`check_to`] into memory: the report as one String.
pub fn check(args: &CheckArgs) -> Result<CheckOutput, Failure> {
    in_memory(|out| check_to(args, out))
}

/// Checks the exports `args` names and writes the report to `out` as it is made (flushed at
/// the end); returns the exit status.
pub fn check_to(args: &CheckArgs, out: &mut dyn Write) -> Result<i32, Failure> {
    let mut packs = load_packs(&args.rules)?;
    crate::config::apply_parameters(&mut packs, &args.parameters)?;
    check_selectors(args, &packs)?;
    let mut cal = Calendar::builtin();
    // A pack's own calendar file first, so `--calendar` can still override a year.
    for file in packs
        .iter()
        .filter_map(|p| p.meta.calendar.as_ref())
        .chain(args.calendar.as_ref())
    {
        cal.merge(read_calendar(file)?);
    }
    let load = LoadOptions {
        encoding: args.encoding,
    };
    if let Some(chunk_bytes) = args.stream
        && args.encoding != EncodingChoice::Gb18030
    {
        let inputs = crate::load::stream::jsonl_files(&args.paths).map_err(Failure::from)?;
        if let Some(inputs) = inputs
            && let Some(exit) = check_streaming(args, &packs, &cal, &inputs, chunk_bytes, out)?
        {
            return Ok(exit);
        }
    }
    let export = Export::load_paths_with(&args.paths, load).map_err(Failure::from)?;
    check_export_to(args, &packs, &cal, &export, out)
}

/// The report `write` makes, collected in memory.
fn in_memory(
    write: impl FnOnce(&mut dyn Write) -> Result<i32, Failure>,
) -> Result<CheckOutput, Failure> {
    let mut bytes = Vec::new();
    let exit = write(&mut bytes)?;
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok(CheckOutput { text, exit })
}

/// [`check_to`] over JSON Lines files read in chunks, never whole; `None` (nothing written)
/// when a file turns out not to be plain UTF-8 (it is then read whole and decoded, as every
/// other input is).
fn check_streaming(
    args: &CheckArgs,
    packs: &[Pack],
    cal: &Calendar,
    inputs: &crate::load::stream::JsonlInputs,
    chunk_bytes: usize,
    out: &mut dyn Write,
) -> Result<Option<i32>, Failure> {
    use crate::load::stream::{Chunk, read_ahead, reread};
    let files = inputs.files.as_slice();
    let opts = options(args);
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let bar = crate::progress::Progress::bytes(total, Msg::new("检查", "checking").get(args.lang));
    let mut sweep = engine::Sweep::new(packs, cal, &opts).read_in(args.lang);
    let file_paths: Vec<String> = files
        .iter()
        .map(|f| crate::text::inert(f.display().to_string()))
        .collect();
    // Placed while their lines are at hand, unless the report places nothing or reads only
    // excerpts (the human report's are read as it writes).
    let place_early = !args.statistics && args.format != Format::Human;
    let mut placed = places::Placed::new();
    let mut context = report::RunContext::default();
    // The next chunk is read and parsed while this one is checked.
    let read_all = read_ahead(files, chunk_bytes, |chunk| match chunk {
        Chunk::Lines { parsed, text } => {
            let before = sweep.found();
            count_cases(&mut context, &parsed.records);
            sweep.add(parsed.records, &parsed.issues);
            if place_early && let Some(name) = file_paths.get(text.file) {
                places::locate_in_chunk(&text, name, sweep.places_from(before), &mut placed);
            }
            bar.add(text.text.len() as u64);
            Ok::<bool, Failure>(true)
        }
        Chunk::NotPlainUtf8 => Ok(false),
    });
    if !read_all? {
        bar.finish();
        return Ok(None);
    }
    let (outcome, counts) = sweep.finish(&|file, span| reread(files.get(file)?, file, span));
    bar.finish();
    let evaluated = Evaluated {
        outcome,
        records: counts.records,
        cases: counts.cases,
        file_paths: file_paths.clone(),
        context,
        load_warnings: inputs.skipped.iter().map(|s| s.message()).collect(),
    };
    placed.sort_unstable_by_key(|(key, _)| *key);
    conclude(args, packs, &opts, evaluated, out, |shown, excerpts| {
        places::locate_shown(files, &file_paths, &placed, shown, excerpts)
    })
    .map(Some)
}

fn options(args: &CheckArgs) -> Options {
    Options {
        as_of: args.as_of.unwrap_or_else(today_cst),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        include_open: args.include_open,
        data_responsible: args.data_responsible.clone(),
    }
}

/// [`check_export_to`] into memory: the report as one String.
pub fn check_export(
    args: &CheckArgs,
    packs: &[Pack],
    cal: &Calendar,
    export: &Export,
) -> Result<CheckOutput, Failure> {
    in_memory(|out| check_export_to(args, packs, cal, export, out))
}

/// Evaluates an export already loaded and writes its report to `out`: the part of
/// [`check_to`] after the reading, also what the fuzz targets drive with in-memory inputs.
pub fn check_export_to(
    args: &CheckArgs,
    packs: &[Pack],
    cal: &Calendar,
    export: &Export,
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    let opts = options(args);
    let bar = crate::progress::Progress::new(
        (export.records.len() * packs.len()) as u64,
        crate::text::Msg::new("检查", "checking").get(args.lang),
    );
    let outcome = engine::evaluate_with(export, packs, cal, &opts, &|| bar.inc());
    bar.finish();
    let cases = export
        .records
        .iter()
        .filter(|r| r.kind == Some(Kind::Case))
        .count();
    let mut context = report::RunContext::default();
    count_cases(&mut context, &export.records);
    let evaluated = Evaluated {
        outcome,
        records: export.records.len(),
        cases,
        file_paths: input_paths(export),
        context,
        load_warnings: export.warnings(),
    };
    conclude(args, packs, &opts, evaluated, out, |shown, excerpts| {
        Ok(report::locate::locate_all(
            &export.files,
            shown.iter().copied(),
            excerpts,
        ))
    })
}

/// What evaluating an export gave, whichever way it was read.
struct Evaluated {
    outcome: engine::Outcome,
    records: usize,
    cases: usize,
    /// Each input's name as reports show it.
    file_paths: Vec<String>,
    /// Cases per unit, counted as the records went by.
    context: report::RunContext,
    /// What reading the inputs passed over (files a folder walk skipped).
    load_warnings: Vec<Msg>,
}

/// Counts the cases among `records` per unit, as the findings name units (`unit.name`).
fn count_cases(context: &mut report::RunContext, records: &[crate::model::Record]) {
    for case in records.iter().filter(|r| r.kind == Some(Kind::Case)) {
        context.count_case(case.text_at("unit.name"), case.text_at("unit.branch"));
    }
}

/// The inputs an export was read from, as reports list them: each file, CSV folder and
/// workbook (the tables of a run share one source, which lists the inputs it joined).
fn input_paths(export: &Export) -> Vec<String> {
    export
        .files
        .iter()
        .flat_map(|f| {
            if f.inputs.is_empty() {
                std::slice::from_ref(&f.path)
            } else {
                f.inputs.as_slice()
            }
        })
        .cloned()
        .collect()
}

/// Triage, report (written to `out`) and exit status of an evaluated export; `locate` places
/// the findings shown (with the human report's excerpts when asked).
/// Whether `f` fails a run under `--fail-on`. Open deadlines (info) are reminders: they never do.
fn fails(fail_on: FailOn, f: &Finding) -> bool {
    let provisional = f.is_provisional();
    match fail_on {
        FailOn::Error => f.severity == Severity::Error,
        FailOn::Warning => f.severity >= Severity::Warning,
        FailOn::SettledError => f.severity == Severity::Error && !provisional,
        FailOn::SettledWarning => f.severity >= Severity::Warning && !provisional,
        FailOn::Never => false,
    }
}

fn conclude(
    args: &CheckArgs,
    packs: &[Pack],
    opts: &Options,
    evaluated: Evaluated,
    out: &mut dyn Write,
    locate: impl FnOnce(&[&Finding], bool) -> Result<Locations, Failure>,
) -> Result<i32, Failure> {
    let Evaluated {
        outcome,
        records,
        cases,
        file_paths,
        mut context,
        load_warnings,
    } = evaluated;
    let as_of = opts.as_of;
    let triaged = triage(args, outcome.findings, as_of, &known_rules(packs))?;
    let Some(pack) = packs.first() else {
        return Err(Failure::Message(Msg::new("没有规则包", "no rule pack")));
    };
    let mut warnings = load_warnings;
    warnings.extend(outcome
        .uncovered_years
        .iter()
        .map(|y| {
            Msg::new(
                format!("日历数据未收录 {y} 年的国务院节假日安排，该年仅按周末判断休息日（可用 --calendar 补充）"),
                format!("the calendar has no State Council holiday notice for {y}; that year is judged by weekends alone (add it with --calendar)"),
            )
        }));
    warnings.extend(triaged.warnings.iter().cloned());
    // Placed now, so rendering reads no source text but the human format's snippets (read as
    // it writes them, in a streaming check); counts per rule need no places at all.
    let shown: Vec<&Finding> = if args.statistics {
        Vec::new()
    } else {
        triaged.reported.iter().chain(&triaged.waived).collect()
    };
    let locations = locate(&shown, args.format == Format::Human)?;
    context.command_line.clone_from(&args.command_line);
    context
        .document_number
        .clone_from(&pack.meta.document_number);
    let report = RunReport {
        pack_id: pack.meta.id.clone(),
        pack_title: pack.meta.title.clone(),
        effective_from: pack.meta.effective_from,
        as_of,
        file_paths,
        locations: &locations,
        records,
        cases,
        not_applicable: outcome.not_applicable,
        open: outcome.open,
        findings: &triaged.reported,
        warnings,
        lang: args.lang,
        color: args.color,
        // `color` is set exactly when the human report goes to a terminal.
        width: if args.color {
            terminal_width().unwrap_or(report::DEFAULT_WIDTH)
        } else {
            report::DEFAULT_WIDTH
        },
        articles: packs
            .iter()
            .flat_map(|p| p.articles.iter().map(|a| (a.number, a.text.clone())))
            .collect(),
        rules: applied_rules(packs, opts),
        waived: args.waivers.as_ref().map(|_| triaged.waived.as_slice()),
        waived_by: &triaged.waived_by,
        baselined: triaged.baselined,
        group_by: args.group_by,
        context,
    };
    write_report(&report, args, out).map_err(write_failure)?;
    Ok(i32::from(
        triaged.reported.iter().any(|f| fails(args.fail_on, f)),
    ))
}

/// The run cannot be done as asked when its report cannot be written.
/// A report that could not be written: a file the human report reads again for its snippets,
/// or the output itself.
fn write_failure(e: std::io::Error) -> Failure {
    let read = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<crate::load::LoadError>());
    match read {
        Some(load) => Failure::Message(load.message().clone()),
        None => crate::output::output_failure(e),
    }
}

/// Standard output's width in columns, when it is a terminal.
fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
}

/// Writes the report in the format asked and flushes `out`.
fn write_report(report: &RunReport, args: &CheckArgs, out: &mut dyn Write) -> std::io::Result<()> {
    report::write(report, args.format, args.statistics, out)
}

fn applied_rules(packs: &[Pack], opts: &Options) -> Vec<RuleInfo> {
    packs
        .iter()
        .flat_map(|p| &p.rules)
        .filter(|r| opts.wants(&r.id))
        .map(RuleInfo::of)
        .collect()
}

/// Applies `--waivers`, then `--baseline`: a waiver is counted as used even when the baseline
/// would also have hidden its finding.
/// Every rule id of the packs, then the `data.` rules.
pub fn known_rules(packs: &[Pack]) -> Vec<&str> {
    packs
        .iter()
        .flat_map(|p| p.rules.iter().map(|r| &*r.id))
        .chain(crate::selectors::DATA_RULES.iter().copied())
        .collect()
}

/// `--select` and `--ignore` (or their `clausecheck.toml` keys) must each name some rule.
fn check_selectors(args: &CheckArgs, packs: &[Pack]) -> Result<(), Failure> {
    let rules = known_rules(packs);
    for (list, origin) in [(&args.select, "--select"), (&args.ignore, "--ignore")] {
        if let Some(m) = crate::selectors::unknown(list, &rules, &Msg::new(origin, origin)) {
            return Err(Failure::Message(m));
        }
    }
    Ok(())
}

fn triage(
    args: &CheckArgs,
    findings: Vec<crate::finding::Finding>,
    as_of: NaiveDate,
    rules: &[&str],
) -> Result<Triaged, Failure> {
    let mut out = Triaged {
        reported: findings,
        ..Triaged::default()
    };
    if let Some(path) = &args.waivers {
        let text = read_input(path, "豁免文件", "waiver file")?;
        let waivers =
            triage::waivers::parse(&path.display().to_string(), &text).map_err(Failure::Message)?;
        for w in &waivers {
            let origin = Msg::new(
                format!("豁免 {}", w.place),
                format!("the waiver at {}", w.place),
            );
            if let Some(m) =
                crate::selectors::unknown(std::slice::from_ref(&w.rule), rules, &origin)
            {
                return Err(Failure::Message(m));
            }
        }
        let (reported, waived, warnings) =
            triage::waivers::apply(&waivers, std::mem::take(&mut out.reported), as_of);
        out.waived_by = waived
            .iter()
            .filter_map(|f| triage::waivers::waiver_of(&waivers, f, as_of).cloned())
            .collect();
        (out.reported, out.waived, out.warnings) = (reported, waived, warnings);
    }
    if let Some(path) = &args.baseline {
        let baseline = read_report(path)?;
        let (reported, hidden) =
            triage::baseline::apply(&baseline, std::mem::take(&mut out.reported));
        (out.reported, out.baselined) = (reported, Some(hidden));
    }
    Ok(out)
}

/// The finding objects of a `--format json` output (a baseline, or one side of a diff).
pub fn read_report(path: &std::path::Path) -> Result<Vec<serde_json::Value>, Failure> {
    let text = read_input(path, "JSON 报告", "JSON report")?;
    triage::baseline::read_report(&path.display().to_string(), &text).map_err(Failure::Message)
}

fn read_input(path: &std::path::Path, zh: &str, en: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        Failure::Message(Msg::new(
            format!("无法读取{zh} {}：{e}", path.display()),
            format!("cannot read {en} {}: {e}", path.display()),
        ))
    })
}
