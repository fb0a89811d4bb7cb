//! The `clausecheck` command line: argument parsing only; the work is in the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use clausecheck::app::{self, CheckArgs, FailOn, Failure, Format};
use clausecheck::calendar::{DayKind, Period, due_date};
use clausecheck::text::Lang;

/// Checks inspection-management exports against the articles of a regulation
/// (built in: 科发党字〔2020〕62号), and says where a case broke which article and by how much.
#[derive(Parser)]
#[command(name = "clausecheck", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    /// Language of messages: zh (default) or en; default from LANG.
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  clausecheck check fixtures/sample/export.jsonl --as-of 2026-11-25
  clausecheck check exports/ --format json --output findings.json
  clausecheck calendar due 2025-06-30 3个月
  clausecheck calendar day 2026-10-03";

#[derive(Subcommand)]
enum Command {
    /// Check exports (JSON, JSON Lines, YAML files, or folders of them; `-` reads JSON Lines from stdin).
    Check(CheckCli),
    /// The working-day calendar and legal period arithmetic (民法典 第二百零一条至第二百零三条).
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// Findings new, resolved and still open between two `--format json` outputs, matched by
    /// rule and record identity, not by line. Exit status 1 when there are new findings.
    Diff(DiffCli),
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
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    fail_on: FailOnArg,
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
    /// Waiver file (YAML): findings accepted, with a reason, by whom, until when.
    #[arg(long)]
    waivers: Option<PathBuf>,
    /// A previous `--format json` output: report only findings not in it.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Print counts per rule (count, rule id, title) instead of the findings.
    #[arg(long)]
    statistics: bool,
}

#[derive(Subcommand)]
enum CalendarCmd {
    /// Print the last day of PERIOD counted from START, e.g. `due 2025-06-30 3个月`.
    Due {
        #[arg(value_parser = parse_date)]
        start: NaiveDate,
        /// `3 months`, `30 days`, `15 workdays`, `1 year`, or 3个月, 30日, 15个工作日, 1年.
        #[arg(num_args = 1..=2, required = true)]
        period: Vec<String>,
        /// Do not move a last day that falls on a rest day to the next working day.
        #[arg(long)]
        no_extension: bool,
        /// Extra calendar data file.
        #[arg(long)]
        calendar: Option<PathBuf>,
    },
    /// Print `workday` or `restday` for DATE.
    Day {
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
        /// Extra calendar data file.
        #[arg(long)]
        calendar: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Jsonl,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOnArg {
    Error,
    Warning,
    Never,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a YYYY-MM-DD date"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = Lang::detect(cli.lang.map(|l| match l {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    }));
    let result = match cli.command {
        Command::Check(c) => run_check(c, lang),
        Command::Calendar(c) => run_calendar(c),
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

fn run_check(c: CheckCli, lang: Lang) -> Result<u8, Failure> {
    if let Some(n) = c.threads {
        // Only fails if a pool was already built, which cannot happen before this point.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let format = format_of(c.format);
    let args = CheckArgs {
        paths: c.paths,
        rules: c.rules,
        as_of: c.as_of,
        format,
        fail_on: match c.fail_on {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Never => FailOn::Never,
        },
        select: c.select,
        ignore: c.ignore,
        lang,
        calendar: c.calendar,
        color: format == Format::Human && c.output.is_none() && std::io::stdout().is_terminal(),
        waivers: c.waivers,
        baseline: c.baseline,
        statistics: c.statistics,
    };
    let out = app::check(&args)?;
    write_output(c.output.as_ref(), &out.text)?;
    Ok(u8::try_from(out.exit).unwrap_or(2))
}

fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Junit => Format::Junit,
        FormatArg::Github => Format::Github,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    }
}

fn run_diff(d: DiffCli, lang: Lang) -> Result<u8, Failure> {
    let (text, exit) = app::diff(&d.old, &d.new, d.format == DiffFormatArg::Json, lang)?;
    write_output(d.output.as_ref(), &text)?;
    Ok(exit)
}

fn write_output(path: Option<&PathBuf>, text: &str) -> Result<(), Failure> {
    let fail = |e: std::io::Error| {
        Failure::Message(clausecheck::text::Msg::new(
            format!("无法写入输出：{e}"),
            format!("cannot write output: {e}"),
        ))
    };
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout.write_all(text.as_bytes());
            Ok(())
        }
        Some(p) => app::write_atomically(p, text.as_bytes()).map_err(fail),
    }
}

fn run_calendar(c: CalendarCmd) -> Result<u8, Failure> {
    match c {
        CalendarCmd::Due {
            start,
            period,
            no_extension,
            calendar,
        } => {
            let cal = app::load_calendar(calendar.as_ref())?;
            let text = period.join(" ");
            let period: Period = text.parse().map_err(|e| {
                Failure::Message(clausecheck::text::Msg::new(
                    format!("无法识别的期限 `{text}`：{e}"),
                    format!("unrecognised period `{text}`: {e}"),
                ))
            })?;
            let due = due_date(&cal, start, period, !no_extension);
            println!("{}", due.due);
            warn_uncovered(&due.uncovered_years);
            Ok(0)
        }
        CalendarCmd::Day { date, calendar } => {
            let cal = app::load_calendar(calendar.as_ref())?;
            let info = cal.day(date);
            println!(
                "{}",
                if info.kind == DayKind::Workday {
                    "workday"
                } else {
                    "restday"
                }
            );
            if !info.covered {
                warn_uncovered(&[chrono::Datelike::year(&date)]);
            }
            Ok(0)
        }
    }
}

fn warn_uncovered(years: &[i32]) {
    for y in years {
        eprintln!("warning: the calendar has no holiday notice for {y}; judged by weekends alone");
    }
}

fn report_failure(failure: &Failure, lang: Lang) {
    match failure {
        Failure::Message(m) => eprintln!("clausecheck: {}", m.get(lang)),
        Failure::Pack(e) => eprintln!("{:?}", e.to_report(lang)),
    }
}
