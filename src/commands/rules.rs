//! `rules list | show ID | coverage`: what a pack checks, so a supervisor can trust that every
//! article is accounted for and see exactly what a rule reads.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use serde_json::{Value, json};

use super::{Output, Settings, article_label, configured_packs, print};
use crate::app::Failure;
use crate::pack::{Cond, Pack, ParamValue, Rule, Window};
use crate::text::{Lang, Msg};

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
        Command::List(_) => list(&packs, lang, json),
        Command::Coverage(_) => coverage(&packs, lang, json),
        Command::Show { id, .. } => show(&packs, id, lang)?,
    })
}

/// Every rule: id, article, severity, title.
pub fn list(packs: &[Pack], lang: Lang, json: bool) -> Output {
    if json {
        let rules: Vec<Value> = packs
            .iter()
            .flat_map(|p| p.rules.iter().map(move |r| rule_json(p, r, lang)))
            .collect();
        return Output::ok(pretty(&Value::Array(rules)));
    }
    let mut out = String::new();
    for pack in packs {
        let width = pack.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
        let _ = writeln!(out, "{} ({})", pack.meta.title.get(lang), pack.meta.id);
        for r in &pack.rules {
            let _ = writeln!(
                out,
                "  {:<width$}  {:<7}  {:<7}  {}{}",
                r.id,
                article_label(r.article, lang),
                r.severity.as_str(),
                r.title.get(lang),
                window_note(&r.effective, lang),
            );
        }
    }
    Output::ok(out)
}

fn rule_json(pack: &Pack, r: &Rule, lang: Lang) -> Value {
    json!({
        "pack": pack.meta.id,
        "id": &*r.id,
        "article": r.article,
        "severity": r.severity.as_str(),
        "title": r.title.get(lang),
        "responsible": r.responsible.describe().get(lang),
        "effective_from": r.effective.from.map(|d| d.to_string()),
        "effective_until": r.effective.until.map(|d| d.to_string()),
    })
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn window_note(w: &Window, lang: Lang) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "…".to_string(), |d| d.to_string());
    if w.is_unbounded() {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("（适用于 {}–{}）", day(w.from), day(w.until)),
        Lang::En => format!(" (in force {}–{})", day(w.from), day(w.until)),
    }
}

/// The rule, the parameters it reads with their values, and the article's full text.
pub fn show(packs: &[Pack], id: &str, lang: Lang) -> Result<Output, Failure> {
    let (pack, rule) = find_rule(packs, id)?;
    let mut out = String::new();
    let _ = writeln!(out, "{}  [{}]", rule.id, rule.severity.as_str());
    let _ = writeln!(out, "{}", rule.title.get(lang));
    let _ = writeln!(out, "\n{}", label(lang, "提示语", "Message"));
    let _ = writeln!(out, "  {}", rule.message.get(lang));
    if let Some(help) = &rule.help {
        let _ = writeln!(out, "  {}", help.get(lang));
    }
    let _ = writeln!(
        out,
        "\n{}",
        label(lang, "责任方（督办对象）", "Who must act")
    );
    let _ = writeln!(out, "  {}", rule.responsible.describe().get(lang));
    let _ = writeln!(out, "\n{}", label(lang, "检查", "Check"));
    let each = rule.each.as_ref().map(|e| &e.collection);
    let _ = match (each, lang) {
        (None, Lang::Zh) => writeln!(out, "  对象：{}", rule.on.as_str()),
        (None, Lang::En) => writeln!(out, "  on: {}", rule.on.as_str()),
        (Some(each), Lang::Zh) => writeln!(out, "  对象：{}，逐条 {each}", rule.on.as_str()),
        (Some(each), Lang::En) => writeln!(out, "  on: {}, each: {each}", rule.on.as_str()),
    };
    if let Some(when) = &rule.when {
        let when_label = label(lang, "适用条件：", "when: ");
        let _ = writeln!(out, "  {when_label}{}", describe_cond(when, lang));
    }
    let _ = writeln!(out, "  {}", rule.check.describe(pack).get(lang));
    let note = window_note(&rule.effective, lang);
    if !note.is_empty() {
        let _ = writeln!(out, " {note}");
    }
    let params = rule_params(rule);
    if !params.is_empty() {
        let _ = writeln!(out, "\n{}", label(lang, "参数", "Parameters"));
        for name in params {
            if let Some(p) = pack.params.get(&name) {
                let _ = writeln!(
                    out,
                    "  {name} = {}  — {}",
                    param_value(&p.value),
                    p.description.get(lang)
                );
            }
        }
    }
    let _ = writeln!(out, "\n{}", article_label(rule.article, lang));
    if let Some(a) = pack.article(rule.article) {
        if let Some(ch) = &a.chapter {
            let _ = writeln!(out, "  {ch}");
        }
        let _ = writeln!(out, "  {}", a.text);
    }
    Ok(Output::ok(out))
}

fn label<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn find_rule<'p>(packs: &'p [Pack], id: &str) -> Result<(&'p Pack, &'p Rule), Failure> {
    packs
        .iter()
        .find_map(|p| p.rules.iter().find(|r| *r.id == *id).map(|r| (p, r)))
        .ok_or_else(|| {
            let near: Vec<&str> = packs
                .iter()
                .flat_map(|p| &p.rules)
                .map(|r| &*r.id)
                .filter(|r| {
                    r.starts_with(id) || id.starts_with(r.rsplit_once('.').map_or(*r, |x| x.0))
                })
                .take(8)
                .collect();
            let hint = if near.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("（相近：{}）", near.join("、")),
                    format!(" (similar: {})", near.join(", ")),
                )
            };
            Failure::Message(Msg::new(
                format!(
                    "规则包中没有规则 `{id}`{}；`rules list` 列出全部规则",
                    hint.0
                ),
                format!(
                    "no rule `{id}` in the pack{}; `rules list` shows them all",
                    hint.1
                ),
            ))
        })
}

/// The parameters a rule reads: those it names, and those its kind always reads (a deadline's
/// due-soon window).
pub fn rule_params(rule: &Rule) -> Vec<String> {
    let mut names: BTreeSet<String> = rule.params.iter().cloned().collect();
    names.extend(rule.check.implied_params().iter().map(|p| p.to_string()));
    names.into_iter().collect()
}

fn param_value(v: &ParamValue) -> String {
    match v {
        ParamValue::Number(n) => n.to_string(),
        ParamValue::Period(p) => p.to_string(),
    }
}

/// A rule's condition in words; the paths stay as the rule file names them (`rules show`,
/// `explain`).
pub fn describe_cond(c: &Cond, lang: Lang) -> String {
    let many = |cs: &[Cond], sep: &str| {
        let parts: Vec<String> = cs.iter().map(|c| describe_cond(c, lang)).collect();
        format!("({})", parts.join(sep))
    };
    match (c, lang) {
        (Cond::Recorded(p), Lang::Zh) => format!("已填写 {p}"),
        (Cond::Recorded(p), Lang::En) => format!("recorded {p}"),
        (Cond::Missing(p), Lang::Zh) => format!("未填写 {p}"),
        (Cond::Missing(p), Lang::En) => format!("missing {p}"),
        (Cond::OneOf { path, values }, Lang::Zh) => {
            format!("{path} 为 [{}] 之一", values.join("、"))
        }
        (Cond::OneOf { path, values }, Lang::En) => {
            format!("{path} one of [{}]", values.join(", "))
        }
        (Cond::OnOrBefore(a, b), _) => format!("{a} ≤ {b}"),
        (Cond::All(cs), _) => many(cs, label(lang, " 且 ", " and ")),
        (Cond::Any(cs), _) => many(cs, label(lang, " 或 ", " or ")),
        (Cond::Not(c), _) => format!("{}{}", label(lang, "非 ", "not "), describe_cond(c, lang)),
    }
}

/// Every article of each pack's regulation: the rules that encode it, or why it cannot be
/// checked by machine. Exit 1 when an article is neither (the pack omits it).
pub fn coverage(packs: &[Pack], lang: Lang, json: bool) -> Output {
    let mut gaps = 0;
    let mut out = String::new();
    let mut rows = Vec::new();
    for pack in packs {
        let last = pack
            .meta
            .article_count
            .unwrap_or(0)
            .max(pack.articles.last().map_or(0, |a| a.number));
        let (mut ruled, mut unchecked) = (0, 0);
        let _ = writeln!(out, "{} ({})", pack.meta.title.get(lang), pack.meta.id);
        for number in 1..=last {
            let rules: Vec<&str> = pack
                .rules
                .iter()
                .filter(|r| r.article == number)
                .map(|r| &*r.id)
                .collect();
            let reason = pack.article(number).and_then(|a| a.not_checkable.as_ref());
            let what = if !rules.is_empty() {
                ruled += 1;
                rules.join(", ")
            } else if let Some(r) = reason {
                unchecked += 1;
                format!(
                    "{}: {}",
                    label(lang, "不可机器检查", "not checkable"),
                    r.get(lang)
                )
            } else {
                gaps += 1;
                label(
                    lang,
                    "✗ 缺失：既无规则，也无不可检查的理由",
                    "✗ MISSING: neither rules nor a not-checkable reason",
                )
                .to_string()
            };
            let _ = writeln!(out, "  {:<7} {what}", article_label(number, lang));
            rows.push(json!({
                "pack": pack.meta.id,
                "article": number,
                "rules": rules,
                "not_checkable": reason.filter(|_| rules.is_empty()).map(|r| r.get(lang)),
                "covered": !rules.is_empty() || reason.is_some(),
            }));
        }
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "{last} 条：{ruled} 条有规则，{unchecked} 条不可机器检查，{} 条缺失",
                    last - ruled - unchecked
                ),
                Lang::En => format!(
                    "{last} articles: {ruled} with rules, {unchecked} not machine-checkable, {} missing",
                    last - ruled - unchecked
                ),
            }
        );
    }
    Output {
        text: if json {
            pretty(&Value::Array(rows))
        } else {
            out
        },
        exit: u8::from(gaps > 0),
    }
}
