//! `clausecheck rules list | show ID | coverage`: the subcommands' options and the choice of
//! packs. What each prints is in `rules.rs`; these lines join it there once that file is free
//! (it is being changed on another branch).

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::{Settings, configured_packs, print, rules};
use crate::failure::Failure;

#[derive(Subcommand)]
pub enum Command {
    /// Every rule: id, article, severity, title.
    List(Options),
    /// One rule: its check, its parameters and the article's full text.
    Show {
        id: String,
        #[command(flatten)]
        opts: Options,
    },
    /// Every article: the rules that encode it, or why it is not machine-checkable; exit 1 if neither.
    Coverage(Options),
}

// No doc comment on the struct: clap would take it for the subcommands' description.
#[derive(clap::Args)]
pub struct Options {
    /// A pack folder or rule file (repeatable); default: clausecheck.toml's, else the built-in pack.
    #[arg(long)]
    rules: Vec<PathBuf>,
    /// Output format (list and coverage).
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

/// Exit 0, or 1 from `coverage` when an article is neither encoded nor explained.
pub fn run(command: Command, settings: &Settings) -> Result<u8, Failure> {
    let (Command::List(opts) | Command::Coverage(opts) | Command::Show { opts, .. }) = &command;
    let packs = configured_packs(&opts.rules, settings.config())?;
    let json = opts.format == ListFormat::Json;
    let lang = settings.lang;
    print(match &command {
        Command::List(_) => rules::list(&packs, lang, json),
        Command::Coverage(_) => rules::coverage(&packs, lang, json),
        Command::Show { id, .. } => rules::show(&packs, id, lang)?,
    })
}
