//! `clausecheck check`: the exports against the packs' rules, the report to standard output or
//! `--output`. The checking itself is [`crate::app`]'s pipeline; this is the command around it:
//! its options, the configuration's defaults, and where the report goes.

use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Settings, values};
use crate::app::{self, CheckArgs, FailOn, Format};
use crate::config::Config;
use crate::failure::Failure;
use crate::load::EncodingChoice;
use crate::output::{AtomicFile, ClosedPipeIsFine, guard_output, output_failure};
use crate::report::GroupBy;
use crate::text::Msg;

// No doc comment on the struct: clap would take it for the command's description, which is
// the `Command::Check` variant's.
#[derive(clap::Args)]
pub struct Args {
    /// Export files or folders; all inputs of one run form one export.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// A pack folder or rule file (repeatable); default: the built-in pack cas-2020-62.
    #[arg(long)]
    rules: Vec<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); default: today in China Standard Time (UTC+8).
    #[arg(long, value_parser = values::iso_date)]
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
    #[arg(long, default_value = "auto", value_parser = values::encoding)]
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
    #[arg(long, hide = true, default_value_t = crate::load::stream::CHUNK_BYTES)]
    chunk_bytes: usize,
}

/// Exit 0 when no finding reaches `--fail-on`, 1 when one does.
pub fn run(args: Args, settings: &Settings) -> Result<u8, Failure> {
    if let Some(n) = args.threads {
        // Only fails if a pool was already built, which cannot happen before this point.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    refuse_binary_output(args.format, args.output.as_deref(), args.statistics)?;
    let output = args.output.clone();
    let mut check = pipeline_options(args, settings);
    if let Some(config) = settings.config() {
        apply_defaults(config, &mut check);
    }
    let exit = match &output {
        None => {
            let stdout = ClosedPipeIsFine::new(std::io::stdout().lock());
            app::check_to(&check, &mut BufWriter::new(stdout))?
        }
        Some(path) => check_into_file(&check, path)?,
    };
    Ok(u8::try_from(exit).unwrap_or(2))
}

/// The pipeline's options from the command line alone.
fn pipeline_options(args: Args, settings: &Settings) -> CheckArgs {
    let color =
        args.format == Format::Human && args.output.is_none() && std::io::stdout().is_terminal();
    CheckArgs {
        paths: args.paths,
        rules: args.rules,
        as_of: args.as_of,
        format: args.format,
        fail_on: args.fail_on,
        select: args.select,
        ignore: args.ignore,
        lang: settings.lang,
        calendar: args.calendar,
        encoding: args.encoding,
        color,
        parameters: Vec::new(),
        waivers: args.waivers,
        baseline: args.baseline,
        statistics: args.statistics,
        include_open: args.include_open,
        data_responsible: args.data_responsible,
        group_by: args.group_by,
        stream: (!args.no_stream).then_some(args.chunk_bytes),
        command_line: Some(command_line()),
    }
}

/// What the command line left unsaid, from clausecheck.toml; its `[parameters]` always apply.
fn apply_defaults(config: &Config, check: &mut CheckArgs) {
    if check.rules.is_empty() {
        check.rules.clone_from(&config.rules);
    }
    if check.select.is_empty() {
        check.select.clone_from(&config.select);
    }
    if check.ignore.is_empty() {
        check.ignore.clone_from(&config.ignore);
    }
    if check.calendar.is_none() {
        check.calendar.clone_from(&config.calendar);
    }
    if check.waivers.is_none() {
        check.waivers.clone_from(&config.waivers);
    }
    if check.data_responsible.is_none() {
        check.data_responsible.clone_from(&config.data_responsible);
    }
    check.parameters.clone_from(&config.parameters);
}

/// The report into `path`, committed only when the check could be done, and never over one
/// of the files the check reads (those the configuration named included).
fn check_into_file(check: &CheckArgs, path: &Path) -> Result<i32, Failure> {
    let inputs: Vec<&Path> = check
        .paths
        .iter()
        .chain(&check.rules)
        .chain(&check.calendar)
        .chain(&check.waivers)
        .chain(&check.baseline)
        .map(PathBuf::as_path)
        .collect();
    guard_output(path, &inputs)?;
    let mut file = AtomicFile::create(path).map_err(output_failure)?;
    let exit = app::check_to(check, &mut BufWriter::new(&mut file))?;
    file.commit().map_err(output_failure)?;
    Ok(exit)
}

/// The workbook is binary: it goes to a file named by `--output`, never to standard output
/// (a terminal would show garbage, a pipe would rarely want it), and it is the workbook or
/// nothing (`--statistics` prints a text table).
fn refuse_binary_output(
    format: Format,
    output: Option<&Path>,
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
/// lossily, control characters as escapes). The xlsx workbook records it.
fn command_line() -> String {
    std::env::args_os()
        .map(|a| shell_quoted(&crate::text::inert(a.to_string_lossy().into_owned())))
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
