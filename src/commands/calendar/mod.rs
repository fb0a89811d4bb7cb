//! `clausecheck calendar …`: a day's kind, a period's end, importing a State Council holiday
//! notice, and which years the calendar covers.
//!
//! Every subcommand uses the calendar `check` uses: the built-in data, then the calendar files
//! of the configured packs, then `--calendar FILE` or else `calendar =` in `clausecheck.toml`
//! (a later file replaces the years it holds).

pub mod coverage;
pub mod import;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use clap::Subcommand;

use super::{Settings, values};
use crate::app;
use crate::calendar::{Calendar, DayKind, MissingNotice, Period, checked_due_date};
use crate::config::Config;
use crate::failure::Failure;
use crate::output::write_output;
use crate::pack::Pack;
use crate::text::{Lang, Msg};

#[derive(Subcommand)]
pub enum Command {
    /// Print the last day of PERIOD counted from START, e.g. `due 2025-06-30 3个月`.
    Due {
        /// The first day, in any date form an export may use (2025-06-30, 2025/6/30, 2025年6月30日, …).
        #[arg(value_parser = values::export_date)]
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
        #[arg(value_parser = values::export_date)]
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
    Import(import::Args),
    /// The years the calendar covers and by which notice; with exports, the years their
    /// deadlines need that it lacks.
    Coverage(coverage::Args),
}

/// Exit 0 with the answer; an unreadable calendar file or period is a [`Failure`].
pub fn run(command: Command, settings: &Settings) -> Result<u8, Failure> {
    let cfg = settings.config();
    match command {
        Command::Due {
            start,
            period,
            no_extension,
            calendar,
        } => {
            let period = period.join(" ");
            let answer = due(start, &period, !no_extension, calendar.as_ref(), cfg)?;
            print_answer(&answer, settings.lang)
        }
        Command::Day { date, calendar } => {
            print_answer(&day(date, calendar.as_ref(), cfg)?, settings.lang)
        }
        Command::Import(args) => import::run(args, settings),
        Command::Coverage(args) => coverage::run(args, settings),
    }
}

/// The answer on standard output, its warnings on standard error.
fn print_answer(answer: &Answer, lang: Lang) -> Result<u8, Failure> {
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

/// What a calendar subcommand prints: the answer on standard output, warnings on standard error.
pub struct Answer {
    pub text: String,
    pub warnings: Vec<Msg>,
}

/// The calendar as layered from its files, remembering which file gave each year.
pub struct Layered {
    pub calendar: Calendar,
    /// The file each year was last taken from; years not here are the built-in data's.
    pub origin: BTreeMap<i32, PathBuf>,
}

/// The built-in calendar, then each pack's calendar file, then `extra` (or the configuration's
/// `calendar =`), later files replacing whole years.
pub fn layered(
    packs: &[Pack],
    extra: Option<&PathBuf>,
    cfg: Option<&Config>,
) -> Result<Layered, Failure> {
    let extra = extra.or_else(|| cfg.and_then(|c| c.calendar.as_ref()));
    let mut layered = Layered {
        calendar: Calendar::builtin(),
        origin: BTreeMap::new(),
    };
    for file in packs
        .iter()
        .filter_map(|p| p.meta.calendar.as_ref())
        .chain(extra)
    {
        layered.add(file)?;
    }
    Ok(layered)
}

impl Layered {
    fn add(&mut self, file: &Path) -> Result<(), Failure> {
        let more = app::read_calendar(file)?;
        for year in more.years() {
            self.origin.insert(year, file.to_path_buf());
        }
        self.calendar.merge(more);
        Ok(())
    }
}

/// The calendar for `day` and `due`: the packs only matter for their calendar files, so the
/// built-in pack (which has none) is not compiled when the configuration names no packs.
fn calendar_for_commands(
    extra: Option<&PathBuf>,
    cfg: Option<&Config>,
) -> Result<Calendar, Failure> {
    let packs = match cfg {
        Some(c) if !c.rules.is_empty() => super::configured_packs(&[], cfg)?,
        _ => Vec::new(),
    };
    Ok(layered(&packs, extra, cfg)?.calendar)
}

/// `calendar day DATE`: `workday` or `restday`, with a warning naming any notice the calendar
/// lacks that could decide the day.
pub fn day(
    date: NaiveDate,
    extra: Option<&PathBuf>,
    cfg: Option<&Config>,
) -> Result<Answer, Failure> {
    let cal = calendar_for_commands(extra, cfg)?;
    let kind = match cal.day(date).kind {
        DayKind::Workday => "workday",
        DayKind::Restday => "restday",
    };
    Ok(Answer {
        text: format!("{kind}\n"),
        warnings: warnings(&cal.missing_notices(date)),
    })
}

/// `calendar due START PERIOD`: the period's last day.
pub fn due(
    start: NaiveDate,
    period_text: &str,
    extend_over_rest_days: bool,
    extra: Option<&PathBuf>,
    cfg: Option<&Config>,
) -> Result<Answer, Failure> {
    let period: Period = period_text.parse().map_err(|e| {
        Failure::Message(Msg::new(
            format!("无法识别的期限 `{period_text}`：{e}"),
            format!("unrecognised period `{period_text}`: {e}"),
        ))
    })?;
    let cal = calendar_for_commands(extra, cfg)?;
    let due = checked_due_date(&cal, start, period, extend_over_rest_days).ok_or_else(|| {
        Failure::Message(Msg::new(
            format!("期限末日超出可表示的日期范围：{start} 起 {period_text}"),
            format!(
                "the period's end is beyond the last representable date: {period_text} from {start}"
            ),
        ))
    })?;
    Ok(Answer {
        text: format!("{}\n", due.due),
        warnings: warnings(&due.missing_notices()),
    })
}

fn warnings(missing: &[MissingNotice]) -> Vec<Msg> {
    missing.iter().map(|m| Msg::new(m.zh(), m.en())).collect()
}
