//! The `clausecheck` command line: argument parsing only; the work is in the library.
#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

mod cli;
mod cmds;

use clausecheck::app::{self, CheckArgs, FailOn, Failure, Format};
use clausecheck::config;
use clausecheck::load::EncodingChoice;
use clausecheck::report::GroupBy;
use clausecheck::text::{Lang, Msg};

use cli::BadValue;

/// The loader builds a tree of many small values and the engine many small strings; glibc's
/// malloc was a fifth of a large check's profile, mimalloc roughly halves that cost.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Checks inspection-management exports against the articles of a regulation
/// (built in: 科发党字〔2020〕62号), and says where a case broke which article and by how much.
#[derive(Parser)]
#[command(name = "clausecheck", version, about, long_about = None)]
struct Cli {
    /// Language of messages: zh (default) or en; default from LANG.
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
    /// Read this configuration file instead of the nearest clausecheck.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore every clausecheck.toml.
    #[arg(long, global = true, alias = "isolated", conflicts_with = "config")]
    no_config: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check exports: JSON, JSON Lines, YAML, CSV folders, XLSX workbooks, or folders of them; `-` reads JSON Lines from stdin.
    Check(CheckCli),
    /// Write any supported export (CSV folder, XLSX, JSON, YAML…) as canonical JSON Lines: exactly what the checker reads.
    Convert(ConvertCli),
    /// The working-day calendar and legal period arithmetic (民法典 第二百零一条至第二百零三条).
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// What a rule pack checks: list its rules, show one, or account for every article.
    #[command(subcommand)]
    Rules(cmds::RulesCmd),
    /// Run a pack's own fixtures (PACK/tests/*.yaml); default: the built-in pack.
    Test(cmds::TestCli),
    /// One rule on one case, step by step: article, facts with places, arithmetic, verdict.
    Explain(cmds::ExplainCli),
    /// Print the JSON Schema of the export format.
    Schema,
    /// Findings new, resolved and still open between two `--format json` outputs, matched by
    /// rule and record identity, not by line. Exit status 1 when there are new findings.
    Diff(DiffCli),
    /// Benchmarks only: read and parse the exports as `check` does, then stop (the baseline
    /// `check`'s throughput is compared with).
    #[command(hide = true)]
    ParseOnly {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
struct DiffCli {
    /// The older `check --format json` output.
    old: PathBuf,
    /// The newer `check --format json` output.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormatArg::Human)]
    format: DiffFormatArg,
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormatArg {
    Human,
    Json,
}

#[derive(clap::Args)]
struct CheckCli {
    /// Export files or folders; all inputs of one run form one export.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// A pack folder or rule file (repeatable); default: the built-in pack cas-2020-62.
    #[arg(long)]
    rules: Vec<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); default: today in China Standard Time (UTC+8).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Only these rule ids or prefixes (comma-separated), e.g. cas62.16,data.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rule ids or prefixes (comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Extra calendar data (years the built-in calendar lacks), in the format of rules/calendars/cn.yaml.
    #[arg(long)]
    calendar: Option<PathBuf>,
    /// Worker threads; default: all cores.
    #[arg(long)]
    threads: Option<usize>,
    /// Text encoding of the inputs: auto (BOM, else UTF-8 if valid, else GB18030), utf-8, gb18030 (or gbk).
    #[arg(long, default_value = "auto", value_parser = parse_encoding)]
    encoding: EncodingChoice,
    /// Waiver file (YAML): findings accepted, with a reason, by whom, until when.
    #[arg(long)]
    waivers: Option<PathBuf>,
    /// A previous `--format json` output: report only findings not in it.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Print counts per rule (count, rule id, title) instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Also list open deadlines (not yet due) as findings of status `open`, severity info:
    /// the whole 督办 calendar. They never fail a run.
    #[arg(long)]
    include_open: bool,
    /// After the findings, a summary per group (human, markdown).
    #[arg(long, value_enum)]
    group_by: Option<GroupBy>,
    /// Who maintains the export, named as the responsible party of `data.` findings
    /// (default: 数据导出方; also `data_responsible` in clausecheck.toml).
    #[arg(long, value_name = "NAME")]
    data_responsible: Option<String>,
    /// Read JSON Lines exports whole instead of in chunks (for comparing the two; same output).
    #[arg(long, hide = true)]
    no_stream: bool,
    /// How many bytes of JSON Lines to read and check at a time (tests use small chunks).
    #[arg(long, hide = true, default_value_t = clausecheck::load::stream::CHUNK_BYTES)]
    chunk_bytes: usize,
}

#[derive(clap::Args)]
struct ConvertCli {
    /// Export files or folders; all inputs form one export.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format (only jsonl).
    #[arg(long, value_enum, default_value_t = ConvertTo::Jsonl)]
    to: ConvertTo,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Text encoding of the inputs: auto, utf-8, gb18030 (or gbk).
    #[arg(long, default_value = "auto", value_parser = parse_encoding)]
    encoding: EncodingChoice,
}

#[derive(Clone, Copy, ValueEnum)]
enum ConvertTo {
    Jsonl,
}

#[derive(Subcommand)]
enum CalendarCmd {
    /// Print the last day of PERIOD counted from START, e.g. `due 2025-06-30 3个月`.
    Due {
        /// The first day, in any date form an export may use (2025-06-30, 2025/6/30, 2025年6月30日, …).
        #[arg(value_parser = parse_export_date)]
        start: NaiveDate,
        /// `3 months`, `30 days`, `15 workdays`, `1 year`, or 3个月, 30日, 15个工作日, 1年.
        #[arg(num_args = 1..=2, required = true)]
        period: Vec<String>,
        /// Do not move a last day that falls on a rest day to the next working day.
        #[arg(long)]
        no_extension: bool,
        /// Extra calendar data file; default: clausecheck.toml's `calendar`.
        #[arg(long)]
        calendar: Option<PathBuf>,
    },
    /// Print `workday` or `restday` for DATE.
    Day {
        /// The day, in any date form an export may use.
        #[arg(value_parser = parse_export_date)]
        date: NaiveDate,
        /// Extra calendar data file; default: clausecheck.toml's `calendar`.
        #[arg(long)]
        calendar: Option<PathBuf>,
    },
    /// Read a State Council holiday notice and write that year's calendar data.
    ///
    /// The notice (国务院办公厅关于YYYY年部分节假日安排的通知) as published: title, number, the
    /// numbered arrangements, date. The data (standard output or --output) is for `--calendar`
    /// or `calendar =` in clausecheck.toml; every day it sets is listed on standard error for
    /// review. See docs/calendar.md.
    Import {
        /// The notice's text (UTF-8 or GB18030): title, number, the numbered arrangements, date.
        notice: PathBuf,
        /// Write the data to FILE (atomically) instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The year arranged, when the text has no title naming it.
        #[arg(long)]
        year: Option<i32>,
    },
    /// The years the calendar covers and by which notice; with exports, the years their
    /// deadlines need that it lacks.
    Coverage {
        /// Exports whose deadlines to compute (as `check` reads them).
        exports: Vec<PathBuf>,
        /// A pack folder or rule file (repeatable); default: clausecheck.toml's, else the built-in pack.
        #[arg(long)]
        rules: Vec<PathBuf>,
        /// Extra calendar data file; default: clausecheck.toml's `calendar`.
        #[arg(long)]
        calendar: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CoverageFormatArg::Human)]
        format: CoverageFormatArg,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CoverageFormatArg {
    Human,
    Json,
}

fn parse_encoding(s: &str) -> Result<EncodingChoice, BadValue> {
    EncodingChoice::parse(s).ok_or_else(|| {
        BadValue(Msg::new(
            format!("“{s}”不是 auto、utf-8、gb18030、gbk 之一"),
            format!("`{s}` is not one of auto, utf-8, gb18030, gbk"),
        ))
    })
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, BadValue> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        BadValue(Msg::new(
            format!("“{s}”不是 YYYY-MM-DD 格式的日期"),
            format!("`{s}` is not a YYYY-MM-DD date"),
        ))
    })
}

/// A date in any form the export format accepts: a deadline is often checked by pasting a
/// date straight from an export.
fn parse_export_date(s: &str) -> Result<NaiveDate, BadValue> {
    clausecheck::dates::parse_date(s).ok_or_else(|| {
        BadValue(Msg::new(
            format!("“{s}”不是日期（YYYY-MM-DD、YYYY/M/D、YYYY.M.D 或 YYYY年M月D日，可带时刻）"),
            format!("`{s}` is not a date (YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, optionally with a time of day)"),
        ))
    })
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let help_lang = cli::language(&args);
    let cli: Cli = match cli::parse(args, help_lang) {
        Ok(cli) => cli,
        Err(status) => return status,
    };
    let flag = cli.lang;
    let choice = match (cli.no_config, cli.config) {
        (true, _) => config::Choice::Ignore,
        (false, Some(file)) => config::Choice::File(file),
        (false, None) => config::Choice::Discover,
    };
    let cfg = match config::load(&choice) {
        Ok(cfg) => cfg,
        Err(failure) => {
            report_failure(&failure, Lang::detect(flag));
            return ExitCode::from(2);
        }
    };
    let lang = Lang::detect(flag.or(cfg.as_ref().and_then(|c| c.lang)));
    let result = match cli.command {
        Command::Check(c) => run_check(c, lang, cfg.as_ref()),
        Command::Convert(c) => run_convert(c, lang),
        Command::Calendar(c) => run_calendar(c, lang, cfg.as_ref()),
        Command::Rules(c) => cmds::rules(c, lang, cfg.as_ref()),
        Command::Test(c) => cmds::test(c, lang),
        Command::Explain(c) => cmds::explain(c, lang, cfg.as_ref()),
        Command::Schema => cmds::schema(),
        Command::ParseOnly { paths } => cmds::parse_only(&paths),
        Command::Diff(d) => run_diff(d, lang),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            report_failure(&failure, lang);
            ExitCode::from(2)
        }
    }
}

fn run_check(c: CheckCli, lang: Lang, cfg: Option<&config::Config>) -> Result<u8, Failure> {
    if let Some(n) = c.threads {
        // Only fails if a pool was already built, which cannot happen before this point.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let format = c.format;
    refuse_binary_output(format, c.output.as_ref(), c.statistics)?;
    let mut args = CheckArgs {
        paths: c.paths,
        rules: c.rules,
        as_of: c.as_of,
        format,
        fail_on: c.fail_on,
        select: c.select,
        ignore: c.ignore,
        lang,
        calendar: c.calendar,
        encoding: c.encoding,
        color: format == Format::Human && c.output.is_none() && std::io::stdout().is_terminal(),
        parameters: Vec::new(),
        waivers: c.waivers,
        baseline: c.baseline,
        statistics: c.statistics,
        include_open: c.include_open,
        data_responsible: c.data_responsible,
        group_by: c.group_by,
        stream: (!c.no_stream).then_some(c.chunk_bytes),
        command_line: Some(command_line()),
    };
    if let Some(cfg) = cfg {
        cfg.fill(&mut args);
    }
    if let Some(output) = &c.output {
        let inputs: Vec<&std::path::Path> = args
            .paths
            .iter()
            .chain(&args.rules)
            .chain(&args.calendar)
            .chain(&args.waivers)
            .chain(&args.baseline)
            .map(PathBuf::as_path)
            .collect();
        app::guard_output(output, &inputs)?;
    }
    let exit = match &c.output {
        None => {
            let stdout = ClosedPipeIsFine::new(std::io::stdout().lock());
            app::check_to(&args, &mut std::io::BufWriter::new(stdout))?
        }
        Some(path) => {
            let mut file = app::AtomicFile::create(path).map_err(app::output_failure)?;
            let exit = app::check_to(&args, &mut std::io::BufWriter::new(&mut file))?;
            file.commit().map_err(app::output_failure)?;
            exit
        }
    };
    Ok(u8::try_from(exit).unwrap_or(2))
}

/// The workbook is binary: it goes to a file named by `--output`, never to standard output
/// (a terminal would show garbage, a pipe would rarely want it), and it is the workbook or
/// nothing (`--statistics` prints a text table).
fn refuse_binary_output(
    format: Format,
    output: Option<&PathBuf>,
    statistics: bool,
) -> Result<(), Failure> {
    if format != Format::Xlsx {
        return Ok(());
    }
    if output.is_none() {
        return Err(Failure::Message(Msg::new(
            "xlsx 格式输出的是二进制工作簿，不能写到标准输出：请用 --output 指定文件，例如 --output 督办台账.xlsx",
            "the xlsx format is a binary workbook and is never written to standard output: name a file with --output, e.g. --output ledger.xlsx",
        )));
    }
    if statistics {
        return Err(Failure::Message(Msg::new(
            "--statistics 输出文本统计表，不能与 --format xlsx 同用",
            "--statistics prints a text table; it cannot be combined with --format xlsx",
        )));
    }
    Ok(())
}

/// The command line as the user typed it, near enough: arguments joined by spaces, those
/// holding spaces or shell characters single-quoted (arguments that are not UTF-8 shown
/// lossily, control characters as escapes).
fn command_line() -> String {
    std::env::args_os()
        .map(|a| shell_quoted(&clausecheck::text::inert(a.to_string_lossy().into_owned())))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shell_quoted(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Standard output that takes a closed pipe (`| head`) as a reader that has seen enough: the
/// rest is discarded, which is not an error worth reporting.
struct ClosedPipeIsFine<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> ClosedPipeIsFine<W> {
    fn new(inner: W) -> ClosedPipeIsFine<W> {
        ClosedPipeIsFine {
            inner,
            closed: false,
        }
    }

    fn unless_closed<T>(&mut self, result: std::io::Result<T>, discarded: T) -> std::io::Result<T> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(discarded)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for ClosedPipeIsFine<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.unless_closed(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.unless_closed(result, ())
    }
}

/// Exit 0 when every input was read whole; 1 when some of it could not be (each problem on
/// standard error, the rest converted).
fn run_convert(c: ConvertCli, lang: Lang) -> Result<u8, Failure> {
    let ConvertTo::Jsonl = c.to;
    let load = clausecheck::load::LoadOptions {
        encoding: c.encoding,
    };
    if let Some(output) = &c.output {
        let inputs: Vec<&std::path::Path> = c.paths.iter().map(PathBuf::as_path).collect();
        app::guard_output(output, &inputs)?;
    }
    let out = app::convert(&c.paths, load, lang)?;
    write_output(c.output.as_ref(), &out.text)?;
    for s in &out.skipped {
        eprintln!(
            "{}: {s}",
            if lang == Lang::En {
                "warning"
            } else {
                "提示"
            }
        );
    }
    for p in &out.problems {
        eprintln!("{p}");
    }
    Ok(u8::from(!out.problems.is_empty()))
}

fn run_diff(d: DiffCli, lang: Lang) -> Result<u8, Failure> {
    if let Some(output) = &d.output {
        app::guard_output(output, &[d.old.as_path(), d.new.as_path()])?;
    }
    let (text, exit) = app::diff(&d.old, &d.new, d.format == DiffFormatArg::Json, lang)?;
    write_output(d.output.as_ref(), &text)?;
    Ok(exit)
}

pub(crate) fn write_output(path: Option<&PathBuf>, text: &str) -> Result<(), Failure> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout.write_all(text.as_bytes());
            Ok(())
        }
        Some(p) => app::write_atomically(p, text.as_bytes()).map_err(app::output_failure),
    }
}

fn run_calendar(c: CalendarCmd, lang: Lang, cfg: Option<&config::Config>) -> Result<u8, Failure> {
    use clausecheck::commands::calendar::{self, coverage};
    match c {
        CalendarCmd::Due {
            start,
            period,
            no_extension,
            calendar,
        } => {
            let period = period.join(" ");
            let answer = calendar::due(start, &period, !no_extension, calendar.as_ref(), cfg)?;
            print_answer(&answer, lang)
        }
        CalendarCmd::Day { date, calendar } => {
            print_answer(&calendar::day(date, calendar.as_ref(), cfg)?, lang)
        }
        CalendarCmd::Import {
            notice,
            output,
            year,
        } => run_import(notice, output, year, lang),
        CalendarCmd::Coverage {
            exports,
            rules,
            calendar,
            format,
        } => {
            let args = coverage::CoverageArgs {
                exports,
                rules,
                calendar,
                json: format == CoverageFormatArg::Json,
                lang,
            };
            cmds::print(coverage::coverage(&args, cfg)?)
        }
    }
}

/// The answer on standard output, its warnings on standard error.
fn print_answer(
    answer: &clausecheck::commands::calendar::Answer,
    lang: Lang,
) -> Result<u8, Failure> {
    write_output(None, &answer.text)?;
    let label = match lang {
        Lang::Zh => "警告",
        Lang::En => "warning",
    };
    for w in &answer.warnings {
        eprintln!("{label}: {}", w.get(lang));
    }
    Ok(0)
}

/// The data to standard output or `--output` (never over the notice itself), the review of
/// every day to standard error.
fn run_import(
    notice: PathBuf,
    output: Option<PathBuf>,
    year: Option<i32>,
    lang: Lang,
) -> Result<u8, Failure> {
    use clausecheck::commands::calendar::import;
    if let Some(out) = &output {
        app::guard_output(out, &[notice.as_path()])?;
    }
    let imported = import::import(&import::ImportArgs { notice, year, lang })?;
    write_output(output.as_ref(), &imported.data)?;
    eprint!("{}", imported.review);
    Ok(0)
}

fn report_failure(failure: &Failure, lang: Lang) {
    match failure {
        Failure::Message(m) => eprintln!("clausecheck: {}", m.get(lang)),
        Failure::Pack(e) => eprintln!("{:?}", e.to_report(lang)),
        Failure::Located(e) => eprintln!("{:?}", e.to_report(lang)),
    }
}
