//! `clausecheck diff OLD NEW`: findings new, resolved and still open between two
//! `check --format json` outputs, matched by rule and record identity, not by line.

use std::path::PathBuf;

use clap::ValueEnum;

use super::Settings;
use crate::app::read_report;
use crate::failure::Failure;
use crate::output::{guard_output, write_output};
use crate::triage;

// No doc comment on the struct: clap would take it for the command's description.
#[derive(clap::Args)]
pub struct Args {
    /// The older `check --format json` output.
    old: PathBuf,
    /// The newer `check --format json` output.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Human,
    Json,
}

/// Exit 1 when the newer output has findings the older one lacks.
pub fn run(args: Args, settings: &Settings) -> Result<u8, Failure> {
    if let Some(output) = &args.output {
        guard_output(output, &[args.old.as_path(), args.new.as_path()])?;
    }
    let diff = triage::diff::diff(&read_report(&args.old)?, &read_report(&args.new)?);
    let text = match args.format {
        DiffFormat::Json => diff.to_json(),
        DiffFormat::Human => diff.to_human(settings.lang),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(diff.exit_status())
}
