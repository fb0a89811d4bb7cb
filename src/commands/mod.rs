//! The commands beyond `check`: the calendar (`calendar`), rule-pack inspection (`rules`), pack
//! self-tests (`test`), one finding explained (`explain`) and the export format's JSON Schema
//! (`schema`).
//! Each takes plain options and returns the text to print with its exit status.

pub mod calendar;
pub mod explain;
pub mod rules;
pub mod schema;
pub mod selftest;

use std::path::PathBuf;

use crate::app::{self, Failure};
use crate::calendar::Calendar;
use crate::config::{self, Config};
use crate::pack::Pack;

/// What a command prints on standard output, and its exit status.
pub struct Output {
    pub text: String,
    pub exit: u8,
}

impl Output {
    pub fn ok(text: String) -> Output {
        Output { text, exit: 0 }
    }
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
