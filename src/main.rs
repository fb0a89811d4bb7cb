//! The `clausecheck` command line: picks the language, parses, resolves the configuration once,
//! runs the command (`clausecheck::commands`) and maps its result to the exit status.
#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

use clausecheck::commands::{
    Settings, calendar, check, convert, diff, explain, parse_only, rules, schema, test,
};
use clausecheck::config;
use clausecheck::failure::Failure;
use clausecheck::text::Lang;

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
    Check(check::Args),
    /// Write any supported export (CSV folder, XLSX, JSON, YAML…) as canonical JSON Lines: exactly what the checker reads.
    Convert(convert::Args),
    /// The working-day calendar and legal period arithmetic (民法典 第二百零一条至第二百零三条).
    #[command(subcommand)]
    Calendar(calendar::Command),
    /// What a rule pack checks: list its rules, show one, or account for every article.
    #[command(subcommand)]
    Rules(rules::Command),
    /// Run a pack's own fixtures (PACK/tests/*.yaml); default: the built-in pack.
    Test(test::Args),
    /// One rule on one case, step by step: article, facts with places, arithmetic, verdict.
    Explain(explain::Args),
    /// Print the JSON Schema of the export format.
    Schema,
    /// Findings new, resolved and still open between two `--format json` outputs, matched by
    /// rule and record identity, not by line. Exit status 1 when there are new findings.
    Diff(diff::Args),
    /// Benchmarks only: read and parse the exports as `check` does, then stop (the baseline
    /// `check`'s throughput is compared with).
    #[command(hide = true)]
    ParseOnly(parse_only::Args),
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let help_lang = cli::language(&args);
    let cli: Cli = match cli::parse(args, help_lang) {
        Ok(cli) => cli,
        Err(status) => return status,
    };
    let choice = config::Choice::from_flags(cli.no_config, cli.config);
    let settings = match Settings::resolve(&choice, cli.lang) {
        Ok(settings) => settings,
        Err(failure) => return failed(&failure, Lang::detect(cli.lang)),
    };
    match run(cli.command, &settings) {
        Ok(status) => ExitCode::from(status),
        Err(failure) => failed(&failure, settings.lang),
    }
}

fn run(command: Command, settings: &Settings) -> Result<u8, Failure> {
    match command {
        Command::Check(args) => check::run(args, settings),
        Command::Convert(args) => convert::run(args, settings),
        Command::Calendar(command) => calendar::run(command, settings),
        Command::Rules(command) => rules::run(command, settings),
        Command::Test(args) => test::run(args, settings),
        Command::Explain(args) => explain::run(args, settings),
        Command::Schema => schema::run(),
        Command::Diff(args) => diff::run(args, settings),
        Command::ParseOnly(args) => parse_only::run(args),
    }
}

/// A run that could not be done as asked: the reason on standard error, exit status 2.
fn failed(failure: &Failure, lang: Lang) -> ExitCode {
    failure.report(lang);
    ExitCode::from(2)
}
