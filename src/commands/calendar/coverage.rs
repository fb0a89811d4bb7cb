//! `calendar coverage [EXPORT…]`: the years the calendar covers and by which notice; with
//! exports, the years their deadlines need that it lacks. Always exit 0: a gap is news, not a
//! failure (`check` marks the findings it touches provisional).

use std::path::PathBuf;

use serde_json::{Value, json};

use clap::ValueEnum;

use super::{Layered, layered};
use crate::app::today_cst;
use crate::calendar::{Calendar, Notice};
use crate::commands::{Settings, configured_packs};
use crate::engine::{self, Options};
use crate::failure::Failure;
use crate::load::Export;
use crate::pack::{Check, Pack};
use crate::text::{Lang, Msg};

// No doc comment on the struct: clap would take it for the command's description.
#[derive(clap::Args)]
pub struct Args {
    /// Exports whose deadlines to compute (as `check` reads them).
    exports: Vec<PathBuf>,
    /// A pack folder or rule file (repeatable); default: clausecheck.toml's, else the built-in pack.
    #[arg(long)]
    rules: Vec<PathBuf>,
    /// Extra calendar data file; default: clausecheck.toml's `calendar`.
    #[arg(long)]
    calendar: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Human)]
    format: CoverageFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CoverageFormat {
    Human,
    Json,
}

/// What `coverage` found, before it is written out.
struct Found<'a> {
    layered: &'a Layered,
    /// Covered years missing between the first and the last.
    gaps: Vec<i32>,
    /// With exports: the years their deadlines need that the calendar lacks.
    needed: Option<Vec<i32>>,
}

/// Exit 0 with the years covered (and, with exports, those they need that it lacks).
pub fn run(args: Args, settings: &Settings) -> Result<u8, Failure> {
    let cfg = settings.config();
    let packs = configured_packs(&args.rules, cfg)?;
    let layered = layered(&packs, args.calendar.as_ref(), cfg)?;
    let needed = if args.exports.is_empty() {
        None
    } else {
        Some(years_needed(&args.exports, &packs, &layered.calendar)?)
    };
    let found = Found {
        gaps: gaps(&layered.calendar),
        layered: &layered,
        needed,
    };
    let text = match args.format {
        CoverageFormat::Json => to_json(&found, &args.exports),
        CoverageFormat::Human => to_human(&found, settings.lang),
    };
    crate::commands::print(crate::commands::Output::ok(text))
}

/// The years the exports' deadlines touch that the calendar does not cover, as `check`
/// computes them (only the deadline rules are run: nothing else asks the calendar).
fn years_needed(exports: &[PathBuf], packs: &[Pack], cal: &Calendar) -> Result<Vec<i32>, Failure> {
    let select: Vec<String> = packs
        .iter()
        .flat_map(|p| &p.rules)
        .filter(|r| matches!(r.check, Check::Deadline { .. }))
        .map(|r| r.id.to_string())
        .collect();
    if select.is_empty() {
        return Ok(Vec::new());
    }
    let export = Export::load_paths(exports).map_err(Failure::from)?;
    let opts = Options {
        as_of: today_cst(),
        select,
        ignore: Vec::new(),
        include_open: false,
        data_responsible: None,
    };
    Ok(engine::evaluate(&export, packs, cal, &opts).uncovered_years)
}

fn gaps(cal: &Calendar) -> Vec<i32> {
    let years: Vec<i32> = cal.years().collect();
    match (years.first(), years.last()) {
        (Some(first), Some(last)) => (*first..=*last).filter(|y| !cal.covers(*y)).collect(),
        _ => Vec::new(),
    }
}

fn to_json(found: &Found, exports: &[PathBuf]) -> String {
    let cal = &found.layered.calendar;
    let years: Vec<Value> = cal.years().map(|y| year_json(found.layered, y)).collect();
    let last = cal.years().last();
    let value = json!({
        "first": cal.years().next(),
        "last": last,
        "years": years,
        "gaps": found.gaps,
        "pending": last.map(|y| json!({
            "notice_year": y + 1,
            "from": format!("{y}-12-25"),
            "to": format!("{y}-12-31"),
        })),
        "exports": found.needed.as_ref().map(|needed| json!({
            "paths": exports.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "uncovered_years": needed,
        })),
    });
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    crate::text::json_inert(text) + "\n"
}

fn year_json(layered: &Layered, year: i32) -> Value {
    let notices: Vec<Value> = layered
        .calendar
        .notices(year)
        .iter()
        .map(|n| {
            json!({
                "title": n.title,
                "number": n.number,
                "published": n.published.map(|p| p.to_string()),
                "url": n.url,
            })
        })
        .collect();
    json!({
        "year": year,
        "file": layered.origin.get(&year).map(|f| f.display().to_string()),
        "source": layered.calendar.source(year),
        "notices": notices,
    })
}

fn to_human(found: &Found, lang: Lang) -> String {
    let say = |zh: String, en: String| Msg::new(zh, en).get(lang).to_string();
    let cal = &found.layered.calendar;
    let years: Vec<i32> = cal.years().collect();
    let (Some(first), Some(last)) = (years.first().copied(), years.last().copied()) else {
        return say(
            "日历未收录任何年份：休息日仅按周末判断。\n".into(),
            "The calendar covers no year: rest days are judged by weekends alone.\n".into(),
        ) + &exports_human(found, lang);
    };
    let mut out = say(
        format!("日历收录 {first}–{last} 年中的 {} 年：\n", years.len()),
        format!(
            "The calendar covers {} years of {first}–{last}:\n",
            years.len()
        ),
    );
    for year in &years {
        out += &year_human(found.layered, *year, lang);
    }
    if !found.gaps.is_empty() {
        let list = join(&found.gaps);
        out += &say(
            format!("缺少的年份：{list}（仅按周末判断）\n"),
            format!("Missing years: {list} (judged by weekends alone)\n"),
        );
    }
    out += &say(
        format!(
            "{last}-12-25 至 {last}-12-31 待 {} 年的通知确定（元旦安排可能调整这几天）。\n",
            last + 1
        ),
        format!(
            "{last}-12-25..{last}-12-31 wait for the {} notice (its New Year arrangement may move them).\n",
            last + 1
        ),
    );
    out + &exports_human(found, lang)
}

/// `2021  title（number，date）` and where its days came from.
fn year_human(layered: &Layered, year: i32, lang: Lang) -> String {
    let cal = &layered.calendar;
    let mut out = String::new();
    let notices = cal.notices(year);
    if notices.is_empty() {
        out += &format!(
            "{year}  {}\n",
            Msg::new("（未记录通知）", "(no notice recorded)").get(lang)
        );
    }
    for (i, notice) in notices.iter().enumerate() {
        let label = if i == 0 {
            year.to_string()
        } else {
            "    ".into()
        };
        out += &format!("{label}  {}\n", notice_human(notice, lang));
    }
    let source = cal.source(year).unwrap_or("-");
    let file = layered.origin.get(&year).map_or_else(
        || Msg::new("内置", "built-in").get(lang).to_string(),
        |f| f.display().to_string(),
    );
    let urls: Vec<&str> = notices.iter().filter_map(|n| n.url.as_deref()).collect();
    out += Msg::new(
        format!("      数据来源：{source}；文件：{file}\n"),
        format!("      data: {source}; file: {file}\n"),
    )
    .get(lang);
    for url in urls {
        out += &format!("      {url}\n");
    }
    out
}

fn notice_human(notice: &Notice, lang: Lang) -> String {
    let details: Vec<String> = notice
        .number
        .iter()
        .cloned()
        .chain(notice.published.map(|p| p.to_string()))
        .collect();
    match (details.is_empty(), lang) {
        (true, _) => notice.title.clone(),
        (false, Lang::Zh) => format!("{}（{}）", notice.title, details.join("，")),
        (false, Lang::En) => format!("{} ({})", notice.title, details.join(", ")),
    }
}

fn exports_human(found: &Found, lang: Lang) -> String {
    let Some(needed) = &found.needed else {
        return String::new();
    };
    let say = |zh: String, en: String| Msg::new(zh, en).get(lang).to_string();
    if needed.is_empty() {
        return say(
            "导出中期限所需的年份，日历均已收录。\n".into(),
            "Every year the exports' deadlines need is covered.\n".into(),
        );
    }
    let list = join(needed);
    say(
        format!(
            "导出中的期限需要日历未收录的年份：{list}。这些年份的期限仅按周末计算，相关结论为暂定；\
             通知发布后用 clausecheck calendar import 导入，再以 --calendar 或 clausecheck.toml 的 calendar = 使用。\n"
        ),
        format!(
            "The exports' deadlines need years the calendar lacks: {list}. Their deadlines are counted by weekends alone and the findings are provisional; \
             once the notice is out, import it with `clausecheck calendar import` and use it with --calendar or `calendar =` in clausecheck.toml.\n"
        ),
    )
}

fn join(years: &[i32]) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
