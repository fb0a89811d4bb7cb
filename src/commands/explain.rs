//! `clausecheck explain`: one rule on one case, step by step — the article, the facts read from
//! the record with their places, the deadline arithmetic, and the verdict. Built from what the
//! engine produces, so it says "did not fire" when it did not, and still shows the facts.

use std::fmt::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::rules::find_rule;
use super::{Output, Settings, article_label, calendar_for, values};
use crate::app::today_cst;
use crate::calendar::{Calendar, checked_due_date};
use crate::engine::{self, Context, Fact, Options, Trace};
use crate::failure::Failure;
use crate::finding::{DeadlineFacts, Finding};
use crate::load::Export;
use crate::model::Span;
use crate::model::{Kind, Record};
use crate::pack::{Check, DeadlineEnd, Pack, Rule, Severity};
use crate::report::{self, source::IndexedSource};
use crate::text::{Lang, Msg};

// No doc comment on the struct: clap would take it for the command's description.
#[derive(clap::Args)]
pub struct Args {
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
    #[arg(long, value_parser = values::iso_date)]
    as_of: Option<NaiveDate>,
    /// A pack folder or rule file (repeatable).
    #[arg(long)]
    rules: Vec<PathBuf>,
    /// Extra calendar data file.
    #[arg(long)]
    calendar: Option<PathBuf>,
}

/// Exit 0 with the explanation; a case, rule or item that is not there is a [`Failure`].
pub fn run(args: Args, settings: &Settings) -> Result<u8, Failure> {
    super::print(explain(&args, settings)?)
}

fn explain(args: &Args, settings: &Settings) -> Result<Output, Failure> {
    let cfg = settings.config();
    let as_of = args.as_of.unwrap_or_else(today_cst);
    let packs = super::configured_packs(&args.rules, cfg)?;
    let (pack, rule) = find_rule(&packs, &args.rule)?;
    let calendar = args
        .calendar
        .clone()
        .or_else(|| cfg.and_then(|c| c.calendar.clone()));
    let cal = calendar_for(std::slice::from_ref(pack), calendar.as_ref())?;
    let export =
        Export::load_paths(&args.paths).map_err(|e| Failure::Message(e.message().clone()))?;
    let index = record_index(&export.records, rule.on, &args.case)?;
    let Some(record) = export.records.get(index) else {
        return Err(Failure::Message(Msg::new("未找到记录", "record not found")));
    };
    let opts = Options {
        as_of,
        select: vec![rule.id.to_string()],
        ignore: Vec::new(),
        include_open: false,
        data_responsible: None,
    };
    let findings: Vec<Finding> = engine::evaluate(&export, std::slice::from_ref(pack), &cal, &opts)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule.id && about(f, record, args.item.as_deref()))
        .collect();
    let mut trace = engine::trace(&export.records, pack, rule, index, as_of);
    if let Some(item) = &args.item {
        trace.contexts.retain(|c| c.item.as_deref() == Some(item));
        if trace.contexts.is_empty() && rule.each.is_some() {
            return Err(Failure::Message(Msg::new(
                format!(
                    "案卷 {} 的 {} 中没有条目 {item}",
                    args.case,
                    collection(rule)
                ),
                format!(
                    "case {} has no item {item} in {}",
                    args.case,
                    collection(rule)
                ),
            )));
        }
    }
    let writer = Writer {
        lang: settings.lang,
        export: &export,
        pack,
        rule,
        cal: &cal,
        as_of,
        sources: report::index_sources(&export.files),
    };
    Ok(Output::ok(writer.render(record, &trace, &findings)))
}

fn collection(rule: &Rule) -> &str {
    rule.each.as_ref().map_or("", |e| e.collection.as_str())
}

/// The record the rule is on for `case`: the case, its round, or its unit.
fn record_index(records: &[Record], on: Kind, case: &str) -> Result<usize, Failure> {
    let find = |kind: Kind, field: &str, value: &str| {
        records
            .iter()
            .position(|r| r.kind == Some(kind) && r.text_at(field).as_deref() == Some(value))
    };
    let case_at = find(Kind::Case, "case_id", case);
    let found = match on {
        Kind::Case => case_at,
        Kind::Round => case_at
            .and_then(|i| records.get(i)?.text_at("round_id"))
            .and_then(|id| find(Kind::Round, "id", &id))
            .or_else(|| find(Kind::Round, "id", case)),
        Kind::Unit => case_at
            .and_then(|i| records.get(i)?.text_at("unit.name"))
            .and_then(|name| find(Kind::Unit, "name", &name))
            .or_else(|| find(Kind::Unit, "name", case)),
    };
    found.ok_or_else(|| {
        Failure::Message(Msg::new(
            format!("导出中没有案卷 {case}（或其{}记录）", on.as_str()),
            format!(
                "the export has no case {case} (or its {} record)",
                on.as_str()
            ),
        ))
    })
}

/// Whether a finding concerns this record (and item, when one is asked for).
fn about(f: &Finding, record: &Record, item: Option<&str>) -> bool {
    let same = match record.kind {
        Some(Kind::Case) => f.case_id == record.text_at("case_id"),
        Some(Kind::Round) => {
            f.case_id.is_none() && f.round_id.as_deref() == record.text_at("id").as_deref()
        }
        _ => f.unit.as_deref() == record.text_at("name").as_deref(),
    };
    same && item.is_none_or(|i| f.item.as_ref().and_then(|x| x.id.as_deref()) == Some(i))
}

struct Writer<'a> {
    lang: Lang,
    export: &'a Export,
    pack: &'a Pack,
    rule: &'a Rule,
    cal: &'a Calendar,
    as_of: NaiveDate,
    sources: Vec<IndexedSource<'a>>,
}

impl Writer<'_> {
    fn say(&self, zh: String, en: String) -> String {
        Msg::new(zh, en).get(self.lang).to_string()
    }

    fn place(&self, file: usize, offset: usize) -> String {
        report::locate(
            &self.export.files,
            &self.sources,
            file,
            Span::new(offset, 0),
        )
        .reference()
    }

    fn render(&self, record: &Record, trace: &Trace, findings: &[Finding]) -> String {
        let (rule, lang) = (self.rule, self.lang);
        let mut out = String::new();
        let _ = writeln!(out, "1. {}", self.say("规则".into(), "Rule".into()));
        let _ = writeln!(
            out,
            "   {} [{}] {}",
            rule.id,
            severity_label(rule.severity, lang),
            rule.title.get(lang)
        );
        let _ = writeln!(out, "   {}", rule.check.describe(self.pack).get(lang));
        if let Some(w) = &rule.when {
            let _ = writeln!(
                out,
                "   {}{}",
                when_label(lang),
                super::rules::describe_cond(w, lang)
            );
        }
        let _ = writeln!(out, "\n2. {}", article_label(rule.article, lang));
        if let Some(a) = self.pack.article(rule.article) {
            let _ = writeln!(out, "   {}", a.text);
        }
        let _ = writeln!(
            out,
            "\n3. {} {} ({})",
            self.say("记录".into(), "Record".into()),
            record.identity().unwrap_or_default(),
            self.place(record.file, record.root.span.offset)
        );
        self.scope(&mut out, record, trace);
        for (n, cx) in trace.contexts.iter().enumerate() {
            self.context(&mut out, n + 4, cx, findings);
        }
        if trace.contexts.is_empty() {
            let _ = writeln!(
                out,
                "\n4. {}",
                self.say(
                    "规则在此记录上没有可检查的对象（无条目，或缺少所需的轮次）".into(),
                    "the rule has nothing to look at in this record (no items, or the round it needs is unknown)".into()
                )
            );
        }
        self.verdict(&mut out, trace, findings);
        out
    }

    fn scope(&self, out: &mut String, record: &Record, trace: &Trace) {
        let field = &self.pack.meta.scope_field;
        let value = record.text_at(field).unwrap_or_else(|| "—".into());
        let w = self.pack.meta.window();
        let until = w.until.map(|u| u.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "   {field} = {value}{}",
            self.say(
                format!(
                    "；规则包施行期 {}–{until}：{}；本规则{}",
                    self.pack.meta.effective_from,
                    if trace.in_pack_scope {
                        "在内"
                    } else {
                        "不在内（不适用）"
                    },
                    if trace.in_force {
                        "适用"
                    } else {
                        "在该日期不适用（effective_from/effective_until）"
                    }
                ),
                format!(
                    "; pack in force {}–{until}: {}; this rule {}",
                    self.pack.meta.effective_from,
                    if trace.in_pack_scope {
                        "inside"
                    } else {
                        "outside (not applicable)"
                    },
                    if trace.in_force {
                        "applies"
                    } else {
                        "is not in force on that date (effective_from/effective_until)"
                    }
                ),
            )
        );
    }

    fn context(&self, out: &mut String, step: usize, cx: &Context, findings: &[Finding]) {
        let title = match &cx.item {
            Some(id) => self.say(format!("事实（条目 {id}）"), format!("Facts (item {id})")),
            None => self.say("事实".into(), "Facts".into()),
        };
        let _ = writeln!(out, "\n{step}. {title}");
        for fact in &cx.facts {
            let _ = writeln!(out, "   {}", self.fact(fact));
        }
        if self.rule.when.is_some() {
            let _ = writeln!(
                out,
                "   {}{}",
                when_label(self.lang),
                if cx.applies {
                    self.say("成立，规则适用".into(), "holds: the rule applies".into())
                } else {
                    self.say(
                        "不成立，规则不检查此处".into(),
                        "does not hold: the rule does not judge this".into(),
                    )
                }
            );
        }
        self.arithmetic(out, cx, findings);
    }

    fn fact(&self, fact: &Fact) -> String {
        let value = fact
            .value
            .clone()
            .unwrap_or_else(|| self.say("（未记录）".into(), "(not recorded)".into()));
        format!(
            "{} = {value}    {}",
            fact.path,
            self.place(fact.file, fact.span.offset)
        )
    }

    /// For a deadline: start, period, nominal end, rest-day extension with its reason, due date.
    fn arithmetic(&self, out: &mut String, cx: &Context, findings: &[Finding]) {
        let Check::Deadline {
            start,
            end,
            period,
            extension,
            ..
        } = &self.rule.check
        else {
            return;
        };
        let from_finding = findings
            .iter()
            .find(|f| f.item.as_ref().and_then(|i| i.id.as_ref()) == cx.item.as_ref())
            .and_then(|f| f.deadline.as_ref())
            .map(|d| d.start);
        let from_facts = || {
            start.iter().find_map(|p| {
                cx.facts
                    .iter()
                    .filter(|f| f.path == p.to_string())
                    .find_map(|f| crate::dates::parse_date(f.value.as_deref()?))
            })
        };
        let (Some(begin), Some(period)) =
            (from_finding.or_else(from_facts), self.pack.period(period))
        else {
            let _ = writeln!(
                out,
                "   {}",
                self.say(
                    "起算日未记录：无从计算期限".into(),
                    "no start date recorded: nothing to count".into()
                )
            );
            return;
        };
        if let Some(due) = checked_due_date(self.cal, begin, period, *extension) {
            let text = match self.lang {
                Lang::Zh => due.explain_zh(),
                Lang::En => due.explain_en(),
            };
            let _ = writeln!(out, "   {}{text}", say(self.lang, "计算：", "Arithmetic: "));
            if let Some(line) = self.comparison(cx, end, due.due) {
                let _ = writeln!(out, "   {line}");
            }
        }
    }

    /// The recorded end against the due date, or the days left or over as of the evaluation date.
    fn comparison(&self, cx: &Context, end: &DeadlineEnd, due: NaiveDate) -> Option<String> {
        let DeadlineEnd::Field(path) = end else {
            return None;
        };
        let done = cx
            .facts
            .iter()
            .find(|f| f.path == path.to_string())
            .and_then(|f| crate::dates::parse_date(f.value.as_deref()?));
        let soon = self.pack.param_number("due_soon_days").unwrap_or(15);
        Some(match done {
            Some(d) if d > due => self.say(
                format!("{path} {d} 晚于截止日 {due}：逾期 {} 日", (d - due).num_days()),
                format!("{path} {d} is after the due date {due}: {} day(s) late", (d - due).num_days()),
            ),
            Some(d) => self.say(
                format!("{path} {d} 不晚于截止日 {due}：按期"),
                format!("{path} {d} is on or before the due date {due}: in time"),
            ),
            None if self.as_of > due => self.say(
                format!("截至 {} 未完成，已超过截止日 {} 日", self.as_of, (self.as_of - due).num_days()),
                format!("not done as of {}: {} day(s) past the due date", self.as_of, (self.as_of - due).num_days()),
            ),
            None => self.say(
                format!("截至 {} 未完成，距截止日 {} 日（不超过 due_soon_days = {soon} 日时提示即将到期）", self.as_of, (due - self.as_of).num_days()),
                format!("not done as of {}: {} day(s) left (due soon within due_soon_days = {soon})", self.as_of, (due - self.as_of).num_days()),
            ),
        })
    }

    fn verdict(&self, out: &mut String, trace: &Trace, findings: &[Finding]) {
        let _ = writeln!(out, "\n{}", self.say("结论".into(), "Verdict".into()));
        if findings.is_empty() {
            let why = if !trace.in_pack_scope {
                self.say(
                    "案卷不在规则包施行期内".into(),
                    "the case is outside the pack's period".into(),
                )
            } else if !trace.in_force {
                self.say(
                    "规则在案卷日期不适用".into(),
                    "the rule is not in force on the case's date".into(),
                )
            } else {
                self.say(
                    "记录符合本规则，或所需事实未记录".into(),
                    "the record complies, or the facts it needs are not recorded".into(),
                )
            };
            let _ = writeln!(
                out,
                "   {}{why}",
                say(
                    self.lang,
                    "本规则对此记录未触发：",
                    "the rule did not fire for this record: "
                )
            );
            return;
        }
        for f in findings {
            let item = f
                .item
                .as_ref()
                .and_then(|i| i.id.clone())
                .map(|i| format!(" [{i}]"))
                .unwrap_or_default();
            let deadline = f
                .deadline
                .as_ref()
                .map(|d| deadline_note(d, self.lang))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "   ✗ {}{item}{deadline}{}{}    {}",
                report::status_word(f.status, self.lang),
                say(self.lang, "：", ": "),
                f.message.get(self.lang),
                self.place(f.file, f.span.offset)
            );
        }
    }
}

/// What picks the things a rule judges, as the `when:` of its rule file says it.
fn when_label(lang: Lang) -> &'static str {
    say(lang, "适用条件：", "when: ")
}

fn say(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The words the reports use for a rule's severity.
fn severity_label(severity: Severity, lang: Lang) -> &'static str {
    match lang {
        Lang::En => severity.as_str(),
        Lang::Zh => match severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        },
    }
}

/// The due date and the days over it (or, not yet due, the days left).
fn deadline_note(d: &DeadlineFacts, lang: Lang) -> String {
    let (due, over) = (d.due, d.days_over);
    match lang {
        Lang::Zh if over > 0 => format!("（截止 {due}，逾期 {over} 日）"),
        Lang::Zh => format!("（截止 {due}，剩余 {} 日）", -over),
        Lang::En if over > 0 => format!(" (due {due}, {over} day(s) over)"),
        Lang::En => format!(" (due {due}, {} day(s) left)", -over),
    }
}
