//! `deadline`: once the start is recorded, the end is due within the period, counted as the
//! law counts it. Outcomes: compliant, `late`, `overdue`, `due_soon`, or open (summary only).

use chrono::NaiveDate;

use super::{Check, Reads};
use crate::calendar::{Calendar, Due, Period, checked_due_date};
use crate::dates::{DateField, read_date};
use crate::finding::{DeadlineFacts, Finding, Light, Status};
use crate::model::{Node, Value};
use crate::pack::emit::label;
use crate::pack::resolve::{Cx, DateHit, Hit};
use crate::pack::{
    LIGHT_GREEN_DEFAULT, LIGHT_YELLOW_DEFAULT, Pack, PackError, Path, PeriodRef, RuleCx,
};
use crate::text::Msg;

/// Where a deadline ends.
#[derive(Debug, Clone)]
pub enum DeadlineEnd {
    Field(Path),
    /// The earliest later value of this date field among the other items of the same list.
    NextItem(String),
}

/// The due-soon window: every deadline reads it, whatever its rule says.
pub const IMPLIED_PARAMS: &[&str] = &["due_soon_days"];

/// A deadline rule's fields, borrowed from [`Check::Deadline`] (which keeps them in the variant
/// for `commands::explain`).
pub struct Deadline<'p> {
    pub start: &'p [Path],
    pub end: &'p DeadlineEnd,
    pub period: &'p PeriodRef,
    pub extension: bool,
    pub not_before_start: bool,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let f = rc.cx.map(
        node,
        "deadline",
        &["start", "end", "period", "extension", "not_before_start"],
    )?;
    let start_node = f.req(rc.cx, "start", "deadline")?;
    let start = match &start_node.value {
        Value::List(items) => items
            .iter()
            .map(|n| rc.single_date(n))
            .collect::<Result<Vec<_>, _>>()?,
        _ => vec![rc.single_date(start_node)?],
    };
    let end_node = f.req(rc.cx, "end", "deadline")?;
    let end = match &end_node.value {
        Value::Map(_) => {
            let e = rc.cx.map(end_node, "end", &["next_item"])?;
            if rc.paths.each.is_none() {
                return Err(rc.cx.error(
                    end_node.span,
                    "next_item 需要规则有 each",
                    "next_item needs the rule to have `each`",
                ));
            }
            DeadlineEnd::NextItem(rc.cx.text(e.req(rc.cx, "next_item", "end")?, "next_item")?)
        }
        _ => DeadlineEnd::Field(rc.single_date(end_node)?),
    };
    Ok(Check::Deadline {
        start,
        end,
        period: rc.period_ref(f.req(rc.cx, "period", "deadline")?)?,
        extension: f
            .opt("extension")
            .map(|n| rc.cx.bool(n, "extension"))
            .transpose()?
            .unwrap_or(true),
        not_before_start: f
            .opt("not_before_start")
            .map(|n| rc.cx.bool(n, "not_before_start"))
            .transpose()?
            .unwrap_or(false),
    })
}

impl<'p> Deadline<'p> {
    /// The deadline a check is, if it is one.
    pub fn of(check: &'p Check) -> Option<Deadline<'p>> {
        match check {
            Check::Deadline {
                start,
                end,
                period,
                extension,
                not_before_start,
            } => Some(Deadline {
                start,
                end,
                period,
                extension: *extension,
                not_before_start: *not_before_start,
            }),
            _ => None,
        }
    }

    pub fn reads(&self) -> Reads<'p> {
        let mut paths: Vec<&Path> = self.start.iter().collect();
        if let DeadlineEnd::Field(p) = self.end {
            paths.push(p);
        }
        Reads::paths(paths)
    }

    pub fn describe(&self, pack: &Pack) -> Msg {
        let starts: Vec<String> = self.start.iter().map(ToString::to_string).collect();
        let starts = starts.join(", ");
        let (end_zh, end_en) = match self.end {
            DeadlineEnd::Field(p) => (p.to_string(), p.to_string()),
            DeadlineEnd::NextItem(f) => (format!("下一条目的 {f}"), format!("next item's {f}")),
        };
        let (period_zh, period_en) = (
            period_text(pack, self.period, Period::to_string),
            period_text(pack, self.period, Period::to_english),
        );
        let (extended_zh, extended_en) = if self.extension {
            ("，遇休息日顺延", ", extended over rest days")
        } else {
            ("", "")
        };
        Msg::new(
            format!("期限：{starts} → {end_zh}，{period_zh}内{extended_zh}"),
            format!("deadline: {starts} → {end_en} within {period_en}{extended_en}"),
        )
    }

    pub(crate) fn check(&self, cx: &Cx, cal: &Calendar, notes: &mut DeadlineNotes) -> Vec<Finding> {
        check(cx, cal, self, notes)
    }
}

/// The period in `words`, and the pack parameter it comes from when it has one.
fn period_text(pack: &Pack, p: &PeriodRef, words: fn(&Period) -> String) -> String {
    match p {
        PeriodRef::Fixed(p) => words(p),
        PeriodRef::Param(name) => format!(
            "{} (= {})",
            name,
            pack.period(p).as_ref().map_or("?".into(), words)
        ),
    }
}

/// What one deadline evaluation gives beyond findings: an open count and calendar gaps.
#[derive(Default)]
pub struct DeadlineNotes {
    pub open: usize,
    pub uncovered_years: Vec<i32>,
}

fn check(cx: &Cx, cal: &Calendar, d: &Deadline, notes: &mut DeadlineNotes) -> Vec<Finding> {
    let Some((start, start_path)) = first_start(cx, d.start) else {
        return Vec::new();
    };
    let Some(period) = cx.pack.period(d.period) else {
        return Vec::new();
    };
    let Some(due) = checked_due_date(cal, start, period, d.extension) else {
        return Vec::new();
    };
    notes
        .uncovered_years
        .extend(due.uncovered_years.iter().copied());
    let end = end_date(cx, d.end, start);
    let uncovered = depends_on(&due, period, d.extension);
    let facts = |days_over: i64| DeadlineFacts {
        start,
        due: due.due,
        days_over,
        light: Some(Light::Red),
        uncovered_years: uncovered.clone(),
    };
    // Explained only for a finding: most deadlines are met, and the text is dear to build.
    let how = || explain(cx, &due, start_path, d.period, period);
    match end.value {
        DateField::Invalid => Vec::new(),
        DateField::Date(b) if d.not_before_start && b < start => {
            let (end_field, named) = (end_name(d.end), end_label(d.end));
            let detail = Msg::new(
                format!(
                    "{} {b} 早于起算日 {start}（{}）",
                    named.zh,
                    label(start_path).zh
                ),
                format!(
                    "{} {b} is before the start {start} ({})",
                    named.en,
                    label(start_path).en
                ),
            );
            // Before the start is an ordering violation, not a deadline outcome: no due date.
            vec![cx.finding(Status::Violation, end.at, Some(end_field), detail)]
        }
        DateField::Date(b) if b > due.due => {
            let (end_field, named) = (end_name(d.end), end_label(d.end));
            let over = (b - due.due).num_days();
            let how = how();
            let detail = Msg::new(
                format!("{} 于 {b} 完成，逾期 {over} 日。{}", named.zh, how.zh),
                format!("{} on {b}, {over} day(s) late. {}", named.en, how.en),
            );
            vec![cx.deadline_finding(Status::Late, end.at, end_field, facts(over), detail)]
        }
        DateField::Date(_) => Vec::new(),
        DateField::Missing => {
            let missing = Missing {
                due: &due,
                uncovered: &uncovered,
                at: end.at,
            };
            missing_end(cx, cal, &missing, d.end, how, notes)
        }
    }
}

/// The uncovered years a verdict on `due` depends on: every one its computation looked at,
/// unless the period counts calendar days, months or years and no rest-day extension applies
/// (then the calendar decides nothing).
fn depends_on(due: &Due, period: Period, extension: bool) -> Vec<i32> {
    if extension || matches!(period, Period::Workdays(_)) {
        due.uncovered_years.clone()
    } else {
        Vec::new()
    }
}

/// A due date whose end step is not recorded.
struct Missing<'a, 'h> {
    due: &'a Due,
    uncovered: &'a [i32],
    at: Hit<'h>,
}

/// The light of a deadline still open on `as_of`: green or yellow once its due date is within
/// the pack's thresholds (`light_green`, `light_yellow`: days or working days after `as_of`).
fn light(cx: &Cx, cal: &Calendar, due: NaiveDate) -> Option<Light> {
    if due < cx.as_of {
        return Some(Light::Red);
    }
    let within = |param: &str, default: Period| {
        let period = cx
            .pack
            .period(&PeriodRef::Param(param.to_string()))
            .unwrap_or(default);
        checked_due_date(cal, cx.as_of, period, false).is_some_and(|limit| due <= limit.due)
    };
    if within("light_yellow", LIGHT_YELLOW_DEFAULT) {
        Some(Light::Yellow)
    } else if within("light_green", LIGHT_GREEN_DEFAULT) {
        Some(Light::Green)
    } else {
        None
    }
}

fn missing_end(
    cx: &Cx,
    cal: &Calendar,
    missing: &Missing,
    end: &DeadlineEnd,
    how: impl Fn() -> Msg,
    notes: &mut DeadlineNotes,
) -> Vec<Finding> {
    let (due, at) = (missing.due, missing.at);
    let facts = |days_over: i64| DeadlineFacts {
        start: due.start,
        due: due.due,
        days_over,
        light: light(cx, cal, due.due),
        uncovered_years: missing.uncovered.to_vec(),
    };
    let left = (due.due - cx.as_of).num_days();
    let soon = cx.pack.param_number("due_soon_days").unwrap_or(15);
    if left < 0 {
        let over = -left;
        let (how, field, named) = (how(), end_name(end), end_label(end));
        let detail = Msg::new(
            format!(
                "截至 {} 未记录 {}，已逾期 {over} 日。{}",
                cx.as_of, named.zh, how.zh
            ),
            format!(
                "{} not recorded as of {}, {over} day(s) overdue. {}",
                named.en, cx.as_of, how.en
            ),
        );
        vec![cx.deadline_finding(Status::Overdue, at, field, facts(over), detail)]
    } else {
        let status = if left <= soon {
            Status::DueSoon
        } else {
            notes.open += 1;
            if !cx.include_open {
                return Vec::new();
            }
            Status::Open
        };
        let (how, field, named) = (how(), end_name(end), end_label(end));
        let detail = Msg::new(
            format!("尚未记录 {}，距截止日还有 {left} 日。{}", named.zh, how.zh),
            format!(
                "{} not yet recorded; {left} day(s) left. {}",
                named.en, how.en
            ),
        );
        vec![cx.deadline_finding(status, at, field, facts(-left), detail)]
    }
}

/// The first recorded start field; `None` when none is (or the first recorded is invalid).
fn first_start<'p>(cx: &Cx, starts: &'p [Path]) -> Option<(NaiveDate, &'p Path)> {
    for p in starts {
        match cx.date(p).value {
            DateField::Date(d) => return Some((d, p)),
            DateField::Invalid => return None,
            DateField::Missing => {}
        }
    }
    None
}

fn end_date<'a>(cx: &Cx<'a>, end: &DeadlineEnd, start: NaiveDate) -> DateHit<'a> {
    match end {
        DeadlineEnd::Field(p) => cx.date(p),
        DeadlineEnd::NextItem(field) => next_item(cx, field, start),
    }
}

/// The end field as findings name it; built only for a finding.
fn end_name(end: &DeadlineEnd) -> String {
    match end {
        DeadlineEnd::Field(p) => p.field_name(),
        DeadlineEnd::NextItem(field) => field.clone(),
    }
}

/// The end field as messages name it: its Chinese header with the path, or the path.
fn end_label(end: &DeadlineEnd) -> Msg {
    match end {
        DeadlineEnd::Field(p) => label(p),
        DeadlineEnd::NextItem(field) => Msg::new(
            format!("下一条目的 {field}"),
            format!("the next item's `{field}`"),
        ),
    }
}

/// The earliest later date among the other items of the list: "a later review".
fn next_item<'a>(cx: &Cx<'a>, field: &str, after: NaiveDate) -> DateHit<'a> {
    let here = cx.here();
    let Some(item) = cx.item else {
        return DateHit::chosen_or_missing(None, here);
    };
    let mut best: Option<(NaiveDate, Hit<'a>)> = None;
    for sib in item
        .siblings
        .iter()
        .filter(|s| !std::ptr::eq(*s, item.node))
    {
        if let Some(n) = sib.get(field)
            && let DateField::Date(d) = read_date(Some(n))
            && d > after
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((
                d,
                Hit {
                    node: n,
                    file: here.file,
                },
            ));
        }
    }
    DateHit::chosen_or_missing(best, here)
}

/// "自 … 起算 3个月（第十六条） … 截止 …", naming where the period comes from.
fn explain(cx: &Cx, due: &Due, start_path: &Path, source: &PeriodRef, period: Period) -> Msg {
    let start = label(start_path);
    let (src_zh, src_en) = match source {
        PeriodRef::Fixed(_) => (
            format!("期限 {period} 依第{}条条文", cx.rule.article),
            format!(
                "period {} from the text of Art. {}",
                period.to_english(),
                cx.rule.article
            ),
        ),
        PeriodRef::Param(name) => (
            format!("期限 {period} 为规则包参数 {name}（条文未规定具体期限）"),
            format!(
                "period {} is the pack parameter {name} (the article states none)",
                period.to_english()
            ),
        ),
    };
    Msg::new(
        format!("起算：{}；{src_zh}；{}", start.zh, due.explain_zh()),
        format!("Start: {}; {src_en}; {}", start.en, due.explain_en()),
    )
}
