//! One module per command, in the manner of ruff's `commands/`: each holds the command's
//! options (clap's `Args`, parsed by the binary) and its `run`, which takes them and the
//! [`Settings`] every command shares and returns the exit status; a run that cannot be done is a
//! [`Failure`] (exit 2). Shared here: the settings, the packs and calendar a command works on,
//! and printing.

pub mod calendar;
pub mod check;
pub mod convert;
pub mod diff;
pub mod explain;
pub mod parse_only;
pub mod rules;
pub mod schema;
pub mod test;
pub mod values;

use std::path::PathBuf;

use crate::app;
use crate::calendar::Calendar;
use crate::config::{self, Config};
use crate::failure::Failure;
use crate::output::write_output;
use crate::pack::Pack;
use crate::text::Lang;

/// What every command is given besides its own options, resolved once before any runs.
pub struct Settings {
    /// The language of messages: `--lang`, else the configuration's `lang`, else `LANG`.
    pub lang: Lang,
    /// The clausecheck.toml in force: `--config FILE`, else the nearest one; none under
    /// `--no-config` or when there is none. Options given on the command line win over it.
    pub config: Option<Config>,
}

impl Settings {
    /// The configuration file's settings, resolved once: `--config`, `--no-config` or the
    /// nearest clausecheck.toml. The language: `flag`, else the file's, else `LANG`.
    pub fn resolve(choice: &config::Choice, flag: Option<Lang>) -> Result<Settings, Failure> {
        let config = config::load(choice)?;
        let lang = Lang::detect(flag.or(config.as_ref().and_then(|c| c.lang)));
        Ok(Settings { lang, config })
    }

    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }
}

pub struct Output {
    pub text: String,
    pub exit: u8,
}

impl Output {
    pub fn ok(text: String) -> Output {
        Output { text, exit: 0 }
    }
}

/// `out`'s text on standard output; its exit status.
pub fn print(out: Output) -> Result<u8, Failure> {
    write_output(None, &out.text)?;
    Ok(out.exit)
}

/// The packs a command works on: `--rules`, else the configuration's, else the built-in pack;
/// with the configuration's parameter overrides applied.
pub fn configured_packs(rules: &[PathBuf], cfg: Option<&Config>) -> Result<Vec<Pack>, Failure> {
    let rules = match cfg {
        Some(c) if rules.is_empty() => c.rules.clone(),
        _ => rules.to_vec(),
    };
    let mut packs = app::load_packs(&rules)?;
    if let Some(c) = cfg {
        config::apply_parameters(&mut packs, &c.parameters)?;
    }
    Ok(packs)
}

/// The built-in calendar, then the packs' own calendar files, then `extra` (which wins).
pub fn calendar_for(packs: &[Pack], extra: Option<&PathBuf>) -> Result<Calendar, Failure> {
    let mut cal = Calendar::builtin();
    for file in packs
        .iter()
        .filter_map(|p| p.meta.calendar.as_ref())
        .chain(extra)
    {
        cal.merge(app::load_calendar(Some(file))?);
    }
    Ok(cal)
}

/// `第16条` / `Art. 16`.
pub fn article_label(number: u32, lang: crate::text::Lang) -> String {
    match lang {
        crate::text::Lang::Zh => format!("第{number}条"),
        crate::text::Lang::En => format!("Art. {number}"),
    }
}
