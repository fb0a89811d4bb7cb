//! Argument parsing for the `rules`, `test`, `explain` and `schema` commands; the work is in
//! `clausecheck::commands`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use clausecheck::app::Failure;
use clausecheck::commands::{self, Output, explain::ExplainArgs};
use clausecheck::config::Config;
use clausecheck::text::Lang;

use crate::{parse_date, write_output};

#[derive(Subcommand)]
pub enum RulesCmd {
    /// Every rule: id, article, severity, title.
    List(RulesOpts),
    /// One rule: its check, its parameters and the article's full text.
    Show {
        id: String,
        #[command(flatten)]
        opts: RulesOpts,
    },
    /// Every article: the rules that encode it, or why it is not machine-checkable; exit 1 if neither.
    Coverage(RulesOpts),
}

#[derive(Args)]
pub struct RulesOpts {
    /// A pack folder or rule file (repeatable); default: clausecheck.toml's, else the built-in pack.
    #[arg(long)]
    rules: Vec<PathBuf>,
    /// Output format (list and coverage).
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Args)]
pub struct TestCli {
    /// A pack folder whose tests/*.yaml fixtures to run; default: the built-in pack.
    pack: Option<PathBuf>,
}

#[derive(Args)]
pub struct ExplainCli {
    /// Export files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The case (case_id); for a round or unit rule, the case's round or unit is explained.
    #[arg(long)]
    case: String,
    /// The rule id.
    #[arg(long)]
    rule: String,
    /// Only this item of the rule's list.
    #[arg(long)]
    item: Option<String>,
    /// Evaluation date (YYYY-MM-DD); default: today in China Standard Time.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// A pack folder or rule file (repeatable).
    #[arg(long)]
    rules: Vec<PathBuf>,
    /// Extra calendar data file.
    #[arg(long)]
    calendar: Option<PathBuf>,
}

pub(crate) fn print(out: Output) -> Result<u8, Failure> {
    write_output(None, &out.text)?;
    Ok(out.exit)
}

pub fn rules(cmd: RulesCmd, lang: Lang, cfg: Option<&Config>) -> Result<u8, Failure> {
    let (RulesCmd::List(opts) | RulesCmd::Coverage(opts) | RulesCmd::Show { opts, .. }) = &cmd;
    let packs = commands::configured_packs(&opts.rules, cfg)?;
    let json = opts.format == ListFormat::Json;
    print(match &cmd {
        RulesCmd::List(_) => commands::rules::list(&packs, lang, json),
        RulesCmd::Coverage(_) => commands::rules::coverage(&packs, lang, json),
        RulesCmd::Show { id, .. } => commands::rules::show(&packs, id, lang)?,
    })
}

pub fn test(c: TestCli, lang: Lang) -> Result<u8, Failure> {
    print(commands::selftest::run(c.pack.as_deref(), lang)?)
}

pub fn explain(c: ExplainCli, lang: Lang, cfg: Option<&Config>) -> Result<u8, Failure> {
    let args = ExplainArgs {
        paths: c.paths,
        case: c.case,
        rule: c.rule,
        item: c.item,
        as_of: c.as_of.unwrap_or_else(clausecheck::app::today_cst),
        rules: c.rules,
        calendar: c.calendar,
        lang,
    };
    print(commands::explain::run(&args, cfg)?)
}

pub fn schema() -> Result<u8, Failure> {
    print(Output::ok(commands::schema::render()))
}

/// `clausecheck parse-only PATHS`: loads as `check` does (JSON Lines in chunks, anything else
/// whole) and prints what was read: the floor `check`'s throughput is measured against.
pub fn parse_only(paths: &[std::path::PathBuf]) -> Result<u8, Failure> {
    use clausecheck::load::stream::{CHUNK_BYTES, Chunk, jsonl_files, read_ahead};
    let failure = Failure::from;
    if let Some(files) = jsonl_files(paths).map_err(failure)? {
        let (mut records, mut issues) = (0, 0);
        // Read ahead as `check` reads, so the floor and the check differ by the checking only.
        read_ahead(&files.files, CHUNK_BYTES, |chunk| {
            if let Chunk::Lines { parsed, .. } = chunk {
                records += parsed.records.len();
                issues += parsed.issues.len();
            }
            Ok::<bool, Failure>(true)
        })?;
        println!("{records} records, {issues} load issues");
        return Ok(0);
    }
    let export = clausecheck::load::Export::load_paths(paths).map_err(failure)?;
    println!(
        "{} records, {} load issues",
        export.records.len(),
        export.issues.len()
    );
    Ok(0)
}
