//! Pack YAML → [`Pack`]. Every check is validated here so evaluation never meets a bad rule.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::path::{self, PathContext};
use super::reader::{Fields, FileCx};
use super::*;
use crate::calendar::Period;
use crate::load::yaml_documents;
use crate::model::{Kind, Node, Value};
use crate::org::{OrgClass, OrgNames};
use crate::schema::FieldType;

const FILE_KEYS: &[&str] = &[
    "pack",
    "parameters",
    "organisations",
    "fields",
    "chapter",
    "articles",
];
const RULE_KEYS: &[&str] = &[
    "id",
    "severity",
    "title",
    "message",
    "help",
    "responsible",
    "on",
    "each",
    "when",
    "check",
    "effective_from",
    "effective_until",
];
/// Synonyms, prefixes to strip and classes, as the pack's files declare them.
type OrgParts = (
    Vec<(String, Vec<String>)>,
    Vec<String>,
    HashMap<String, OrgClass>,
);

/// What the files of one pack declare, gathered before rules are compiled (rules need the
/// parameters and custom fields, which may sit in another file).
#[derive(Default)]
struct Gathered {
    meta: Option<PackMeta>,
    params: BTreeMap<String, Param>,
    orgs: OrgParts,
    extra_fields: Vec<(Kind, String, FieldType)>,
}

pub fn compile(source: &PackSource) -> Result<Pack, PackError> {
    let mut docs = Vec::new();
    for (file, text) in &source.files {
        let nodes = yaml_documents(text).map_err(|e| {
            let span = crate::load::yaml_error_span(text, &e);
            let msg = e.to_string();
            let first = msg.lines().next().unwrap_or(&msg).to_string();
            PackError::at(
                file,
                text,
                span,
                Msg::new(
                    format!("YAML 语法错误：{first}"),
                    format!("YAML syntax error: {first}"),
                ),
            )
        })?;
        docs.push((file.as_str(), text.as_str(), nodes));
    }
    let mut gathered = Gathered::default();
    for (file, text, nodes) in &docs {
        let cx = FileCx { file, text };
        for node in nodes {
            gather(&cx, node, &mut gathered, source.dir.as_deref())?;
        }
    }
    let Some(meta) = gathered.meta.take() else {
        let file = source.files.first().map_or("<pack>", |(f, _)| f.as_str());
        return Err(PackError {
            file: file.to_string(),
            source: None,
            message: Msg::new(
                "规则包缺少 `pack:` 元数据（id、title、effective_from……）",
                "the pack has no `pack:` metadata (id, title, effective_from, …)",
            ),
        });
    };
    let mut pack = Pack {
        meta,
        articles: Vec::new(),
        params: std::mem::take(&mut gathered.params),
        orgs: OrgNames::default(),
        rules: Vec::new(),
    };
    let (synonyms, prefixes, classes) = std::mem::take(&mut gathered.orgs);
    pack.orgs = OrgNames::new(synonyms, prefixes, classes);
    let mut ids = HashSet::new();
    for (file, text, nodes) in &docs {
        let cx = FileCx { file, text };
        for node in nodes {
            articles(&cx, node, &gathered, &mut pack, &mut ids)?;
        }
    }
    pack.articles.sort_by_key(|a| a.number);
    Ok(pack)
}

fn gather(
    cx: &FileCx,
    node: &Node,
    g: &mut Gathered,
    dir: Option<&std::path::Path>,
) -> Result<(), PackError> {
    if node.value == Value::Null {
        return Ok(());
    }
    let f = cx.map(node, "规则文件顶层 / rule file", FILE_KEYS)?;
    if let Some(n) = f.opt("pack") {
        if g.meta.is_some() {
            return Err(cx.error(n.span, "`pack:` 元数据重复", "`pack:` metadata given twice"));
        }
        g.meta = Some(meta(cx, n, dir)?);
    }
    if let Some(n) = f.opt("parameters") {
        params(cx, n, &mut g.params)?;
    }
    if let Some(n) = f.opt("organisations") {
        organisations(cx, n, &mut g.orgs)?;
    }
    if let Some(n) = f.opt("fields") {
        for item in cx.list(n, "fields")? {
            let fi = cx.map(item, "fields[]", &["on", "path", "type"])?;
            let kind = kind(cx, fi.req(cx, "on", "fields[]")?)?;
            let path = cx.text(fi.req(cx, "path", "fields[]")?, "path")?;
            let ty = field_type(cx, fi.req(cx, "type", "fields[]")?)?;
            g.extra_fields.push((kind, path, ty));
        }
    }
    Ok(())
}

fn meta(cx: &FileCx, node: &Node, dir: Option<&std::path::Path>) -> Result<PackMeta, PackError> {
    let f = cx.map(
        node,
        "pack",
        &[
            "id",
            "title",
            "document_number",
            "issued_on",
            "effective_from",
            "effective_until",
            "scope_field",
            "calendar",
            "articles",
            "responsible",
        ],
    )?;
    let effective_from = cx.date(f.req(cx, "effective_from", "pack")?, "effective_from")?;
    let effective_until = window_end(cx, f.opt("effective_until"), Some(effective_from))?;
    Ok(PackMeta {
        id: cx.text(f.req(cx, "id", "pack")?, "id")?,
        title: cx.msg(f.req(cx, "title", "pack")?, "title")?,
        document_number: f
            .opt("document_number")
            .map(|n| cx.text(n, "document_number"))
            .transpose()?
            .unwrap_or_default(),
        issued_on: cx.date(f.req(cx, "issued_on", "pack")?, "issued_on")?,
        effective_from,
        effective_until,
        article_count: f
            .opt("articles")
            .map(|n| article_number(cx, n))
            .transpose()?,
        scope_field: f
            .opt("scope_field")
            .map(|n| cx.text(n, "scope_field"))
            .transpose()?
            .unwrap_or_else(|| "entered_on".into()),
        calendar: f
            .opt("calendar")
            .map(|n| cx.text(n, "calendar"))
            .transpose()?
            .map(|name| dir.map_or_else(|| name.clone().into(), |d| d.join(&name))),
        responsible: f
            .opt("responsible")
            .map(|n| cx.text(n, "responsible"))
            .transpose()?
            .map(Into::into),
    })
}

fn params(cx: &FileCx, node: &Node, out: &mut BTreeMap<String, Param>) -> Result<(), PackError> {
    let Value::Map(entries) = &node.value else {
        return Err(cx.error(
            node.span,
            "parameters 应为键值映射",
            "parameters must be a map",
        ));
    };
    for (name, p) in entries {
        let f = cx.map(
            p,
            &format!("parameters.{name}"),
            &["default", "description"],
        )?;
        let default = f.req(cx, "default", name)?;
        let value = match &default.value {
            Value::Int(n) => ParamValue::Number(*n),
            _ => ParamValue::Period(period(cx, default)?),
        };
        let description = cx.msg(f.req(cx, "description", name)?, "description")?;
        out.insert(name.to_string(), Param { value, description });
    }
    Ok(())
}

fn organisations(cx: &FileCx, node: &Node, out: &mut OrgParts) -> Result<(), PackError> {
    let f = cx.map(
        node,
        "organisations",
        &["strip_prefixes", "synonyms", "classes"],
    )?;
    if let Some(n) = f.opt("strip_prefixes") {
        out.1.extend(cx.texts(n, "strip_prefixes")?);
    }
    if let Some(Node {
        value: Value::Map(entries),
        ..
    }) = f.opt("synonyms")
    {
        for (canonical, names) in entries {
            out.0
                .push((canonical.to_string(), cx.texts(names, "synonyms")?));
        }
    }
    if let Some(Node {
        value: Value::Map(entries),
        ..
    }) = f.opt("classes")
    {
        for (name, class) in entries {
            let c = cx.map(class, &format!("classes.{name}"), &["names", "suffixes"])?;
            let names = c
                .opt("names")
                .map(|n| cx.texts(n, "names"))
                .transpose()?
                .unwrap_or_default();
            let suffixes = c
                .opt("suffixes")
                .map(|n| cx.texts(n, "suffixes"))
                .transpose()?
                .unwrap_or_default();
            out.2.insert(name.to_string(), OrgClass { names, suffixes });
        }
    }
    Ok(())
}

fn articles(
    cx: &FileCx,
    node: &Node,
    g: &Gathered,
    pack: &mut Pack,
    ids: &mut HashSet<String>,
) -> Result<(), PackError> {
    if node.value == Value::Null {
        return Ok(());
    }
    let f = cx.map(node, "rule file", FILE_KEYS)?;
    let chapter = f
        .opt("chapter")
        .map(|n| cx.text(n, "chapter"))
        .transpose()?;
    let Some(list) = f.opt("articles") else {
        return Ok(());
    };
    for a in cx.list(list, "articles")? {
        let af = cx.map(
            a,
            "articles[]",
            &["article", "text", "not_checkable", "rules"],
        )?;
        let number_node = af.req(cx, "article", "articles[]")?;
        let number = article_number(cx, number_node)?;
        if pack.article(number).is_some() {
            return Err(cx.error(
                number_node.span,
                format!("第{number}条重复出现"),
                format!("article {number} appears twice"),
            ));
        }
        let not_checkable = af
            .opt("not_checkable")
            .map(|n| cx.msg(n, "not_checkable"))
            .transpose()?;
        let rules = af
            .opt("rules")
            .map(|n| cx.list(n, "rules"))
            .transpose()?
            .unwrap_or(&[]);
        if rules.is_empty() && not_checkable.is_none() {
            return Err(cx.error(
                number_node.span,
                format!("第{number}条既无规则，也未说明为何不可机器检查（not_checkable）"),
                format!("article {number} has neither rules nor a `not_checkable` reason"),
            ));
        }
        for r in rules {
            let rule = rule(cx, r, number, g, pack)?;
            if !ids.insert(rule.id.to_string()) {
                return Err(cx.error(
                    r.span,
                    format!("规则编号 {} 重复", rule.id),
                    format!("rule id {} is used twice", rule.id),
                ));
            }
            pack.rules.push(rule);
        }
        pack.articles.push(Article {
            number,
            chapter: chapter.clone(),
            text: cx.text(af.req(cx, "text", "articles[]")?, "text")?,
            not_checkable,
        });
    }
    Ok(())
}

fn article_number(cx: &FileCx, node: &Node) -> Result<u32, PackError> {
    u32::try_from(cx.int(node, "article")?)
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            cx.error(
                node.span,
                "条号应为正整数",
                "article must be a positive number",
            )
        })
}

/// An optional `effective_until`, which must not precede `from`.
fn window_end(
    cx: &FileCx,
    node: Option<&Node>,
    from: Option<NaiveDate>,
) -> Result<Option<NaiveDate>, PackError> {
    let Some(node) = node else { return Ok(None) };
    let until = cx.date(node, "effective_until")?;
    if from.is_some_and(|f| until < f) {
        return Err(cx.error(
            node.span,
            format!("effective_until {until} 早于 effective_from"),
            format!("effective_until {until} is before effective_from"),
        ));
    }
    Ok(Some(until))
}

fn rule_window(cx: &FileCx, f: &Fields) -> Result<Window, PackError> {
    let from = f
        .opt("effective_from")
        .map(|n| cx.date(n, "effective_from"))
        .transpose()?;
    Ok(Window {
        from,
        until: window_end(cx, f.opt("effective_until"), from)?,
    })
}

/// Compiling one rule: its context decides which paths are valid. The check kinds
/// (`pack::checks`) compile their bodies with its helpers.
pub struct RuleCx<'a> {
    pub cx: &'a FileCx<'a>,
    pub paths: PathContext<'a>,
    pub pack: &'a Pack,
    /// The pack parameters the rule names, in the order it names them.
    pub params: Vec<String>,
}

fn rule(
    cx: &FileCx,
    node: &Node,
    article: u32,
    g: &Gathered,
    pack: &Pack,
) -> Result<Rule, PackError> {
    let f = cx.map(node, "rule", RULE_KEYS)?;
    let id_node = f.req(cx, "id", "rule")?;
    let id = cx.text(id_node, "id")?;
    let on = kind(cx, f.req(cx, "on", &id)?)?;
    let each = f.opt("each").map(|n| each(cx, n, on)).transpose()?;
    let mut rc = RuleCx {
        cx,
        paths: PathContext {
            on,
            each: None,
            extra: &g.extra_fields,
        },
        pack,
        params: Vec::new(),
    };
    rc.paths.each = each.as_ref().map(|e| e.collection.as_str());
    let when = f.opt("when").map(|n| rc.cond(n)).transpose()?;
    let check = crate::pack::checks::compile(&mut rc, f.req(cx, "check", &id)?)?;
    let responsible = rc.responsible(f.opt("responsible"), node, &check)?;
    let params = std::mem::take(&mut rc.params);
    let mut rule = Rule {
        severity: severity(cx, f.req(cx, "severity", &id)?)?,
        title: cx.msg(f.req(cx, "title", &id)?, "title")?,
        message: cx.msg(f.req(cx, "message", &id)?, "message")?,
        help: f
            .opt("help")
            .map(|n| cx.msg(n, "help"))
            .transpose()?
            .map(Arc::new),
        responsible,
        id: id.into(),
        article,
        on,
        each,
        when,
        check,
        params,
        reads_round: false,
        effective: rule_window(cx, &f)?,
    };
    let mut reads_round = false;
    rule.visit_paths(&mut |p| reads_round |= matches!(p.scope, Scope::Round | Scope::Cases));
    rule.reads_round = reads_round;
    Ok(rule)
}

fn kind(cx: &FileCx, node: &Node) -> Result<Kind, PackError> {
    let t = cx.text(node, "on")?;
    Kind::parse(&t).ok_or_else(|| {
        cx.error(
            node.span,
            format!("未知的记录类型 `{t}`（可用：case、round、unit）"),
            format!("unknown record kind `{t}` (expected case, round or unit)"),
        )
    })
}

fn severity(cx: &FileCx, node: &Node) -> Result<Severity, PackError> {
    match cx.text(node, "severity")?.as_str() {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        other => Err(cx.error(
            node.span,
            format!("未知的严重程度 `{other}`（可用：error、warning）"),
            format!("unknown severity `{other}` (expected error or warning)"),
        )),
    }
}

fn field_type(cx: &FileCx, node: &Node) -> Result<FieldType, PackError> {
    let t = cx.text(node, "type")?;
    Ok(match t.as_str() {
        "text" => FieldType::Text,
        "integer" => FieldType::Integer,
        "bool" => FieldType::Bool,
        "date" => FieldType::Date,
        "org" => FieldType::Org,
        "org_list" => FieldType::OrgList,
        "text_list" => FieldType::TextList,
        "items" => FieldType::Items,
        "object" => FieldType::Object,
        _ => return Err(cx.error(node.span, format!("未知的字段类型 `{t}`"), format!("unknown field type `{t}` (text, integer, bool, date, org, org_list, text_list, items, object)"))),
    })
}

fn each(cx: &FileCx, node: &Node, on: Kind) -> Result<Each, PackError> {
    let (collection, latest_by, span) = match &node.value {
        Value::Text(_) => (cx.text(node, "each")?, None, node.span),
        _ => {
            let f = cx.map(node, "each", &["list", "latest_by"])?;
            let list = f.req(cx, "list", "each")?;
            (
                cx.text(list, "list")?,
                f.opt("latest_by")
                    .map(|n| cx.text(n, "latest_by"))
                    .transpose()?,
                list.span,
            )
        }
    };
    let is_items = crate::schema::field(on, &collection).is_some_and(|f| f.ty == FieldType::Items);
    if !is_items {
        return Err(cx.error(
            span,
            format!("`{collection}` 不是 {} 记录的条目列表", on.as_str()),
            format!(
                "`{collection}` is not an item list of a {} record",
                on.as_str()
            ),
        ));
    }
    Ok(Each {
        collection_keys: crate::key::Key::path(&collection),
        collection,
        latest_by,
    })
}

pub(super) fn period(cx: &FileCx, node: &Node) -> Result<Period, PackError> {
    let t = cx.text(node, "period")?;
    t.parse::<Period>().map_err(|_| {
        cx.error(
            node.span,
            format!("无法识别的期限 `{t}`（例：3个月、30日、15个工作日、1年）"),
            format!("unrecognised period `{t}` (e.g. 3 months, 30 days, 15 workdays, 1 year)"),
        )
    })
}

impl RuleCx<'_> {
    /// The rule's `responsible`, else the pack's: one of them must name who acts.
    fn responsible(
        &self,
        node: Option<&Node>,
        rule: &Node,
        check: &Check,
    ) -> Result<Responsible, PackError> {
        let cx = self.cx;
        let canonical = |name: &str| -> Arc<str> { self.pack.orgs.display_name(name).into() };
        let fallback = self.pack.meta.responsible.as_deref().map(canonical);
        let Some(node) = node else {
            return fallback.map(Responsible::Org).ok_or_else(|| {
                cx.error(
                    rule.span,
                    "规则未声明 responsible（须督办的责任方），规则包也未声明默认的 pack.responsible",
                    "the rule declares no `responsible` (who must act) and the pack has no default `pack.responsible`",
                )
            });
        };
        if let Value::Text(_) = node.value {
            return Ok(Responsible::Org(canonical(&cx.text(node, "responsible")?)));
        }
        let f = cx.map(
            node,
            "responsible",
            &["org", "field", "found_missing", "otherwise"],
        )?;
        let otherwise = match f.opt("otherwise") {
            Some(n) => Some(canonical(&cx.text(n, "responsible.otherwise")?)),
            None => fallback,
        };
        let need_otherwise = |otherwise: Option<Arc<str>>| {
            otherwise.ok_or_else(|| {
                cx.error(
                    node.span,
                    "responsible 须有 otherwise（字段为空时的责任方），或规则包声明 pack.responsible",
                    "responsible needs `otherwise` (who acts when the field is blank), or a pack-level `pack.responsible`",
                )
            })
        };
        match (f.opt("org"), f.opt("field"), f.opt("found_missing")) {
            (Some(org), None, None) => Ok(Responsible::Org(canonical(&cx.text(org, "responsible.org")?))),
            (None, Some(path), None) => Ok(Responsible::Field {
                path: self.path(path)?,
                otherwise: need_otherwise(otherwise)?,
            }),
            (None, None, Some(flag)) if cx.bool(flag, "responsible.found_missing")? => {
                if !matches!(check, Check::Contains(_)) {
                    return Err(cx.error(
                        flag.span,
                        "found_missing 只适用于 contains 检查",
                        "found_missing applies only to a `contains` check",
                    ));
                }
                Ok(Responsible::FoundMissing {
                    otherwise: need_otherwise(otherwise)?,
                })
            }
            _ => Err(cx.error(
                node.span,
                "responsible 须为单位名称，或恰有 org、field、found_missing: true 之一",
                "responsible must be an organisation name, or exactly one of org, field, found_missing: true",
            )),
        }
    }

    pub fn path(&self, node: &Node) -> Result<Path, PackError> {
        let text = self.cx.text(node, "path")?;
        path::parse(&text, &self.paths).map_err(|e| self.cx.error(node.span, e.zh, e.en))
    }

    pub fn date_path(&self, node: &Node) -> Result<Path, PackError> {
        let p = self.path(node)?;
        if p.ty != FieldType::Date {
            return Err(self.cx.error(
                node.span,
                format!("`{p}` 不是日期字段"),
                format!("`{p}` is not a date field"),
            ));
        }
        Ok(p)
    }

    pub fn single_date(&self, node: &Node) -> Result<Path, PackError> {
        let p = self.date_path(node)?;
        if p.multi {
            return Err(self.cx.error(
                node.span,
                format!("`{p}` 可能有多个值，请用 earliest 取最早者"),
                format!("`{p}` may have several values: use `earliest`"),
            ));
        }
        Ok(p)
    }

    fn one_key<'n>(
        &self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Result<(&'n str, &'n Node), PackError> {
        let f = self.cx.map(node, what, allowed)?;
        let mut keys = f.keys();
        match (keys.next(), keys.next()) {
            (Some(kv), None) => Ok(kv),
            _ => Err(self.cx.error(
                node.span,
                format!("{what} 应恰有一个键（{}）", allowed.join("、")),
                format!("{what} must have exactly one key ({})", allowed.join(", ")),
            )),
        }
    }

    pub fn cond(&mut self, node: &Node) -> Result<Cond, PackError> {
        let (key, value) = self.one_key(
            node,
            "when",
            &[
                "recorded",
                "missing",
                "one_of",
                "on_or_before",
                "all",
                "any",
                "not",
            ],
        )?;
        Ok(match key {
            "recorded" => Cond::Recorded(self.path(value)?),
            "missing" => Cond::Missing(self.path(value)?),
            "one_of" => {
                let f = self.cx.map(value, "one_of", &["field", "values"])?;
                Cond::OneOf {
                    path: self.path(f.req(self.cx, "field", "one_of")?)?,
                    values: self
                        .cx
                        .texts(f.req(self.cx, "values", "one_of")?, "values")?,
                }
            }
            "on_or_before" => match self.cx.list(value, "on_or_before")? {
                [a, b] => Cond::OnOrBefore(self.single_date(a)?, self.single_date(b)?),
                _ => {
                    return Err(self.cx.error(
                        value.span,
                        "on_or_before 应为两个日期字段",
                        "on_or_before takes two date fields",
                    ));
                }
            },
            "all" => Cond::All(
                self.cx
                    .list(value, "all")?
                    .iter()
                    .map(|n| self.cond(n))
                    .collect::<Result<_, _>>()?,
            ),
            "any" => Cond::Any(
                self.cx
                    .list(value, "any")?
                    .iter()
                    .map(|n| self.cond(n))
                    .collect::<Result<_, _>>()?,
            ),
            _ => Cond::Not(Box::new(self.cond(value)?)),
        })
    }

    pub fn period_ref(&mut self, node: &Node) -> Result<PeriodRef, PackError> {
        if let Value::Map(_) = node.value {
            let f = self.cx.map(node, "period", &["param"])?;
            let pn = f.req(self.cx, "param", "period")?;
            let name = self.cx.text(pn, "param")?;
            match self.pack.params.get(&name).map(|p| &p.value) {
                Some(ParamValue::Period(_)) => {}
                Some(ParamValue::Number(_)) => {
                    return Err(self.cx.error(
                        pn.span,
                        format!("参数 `{name}` 不是期限"),
                        format!("parameter `{name}` is not a period"),
                    ));
                }
                None => {
                    return Err(self.cx.error(
                        pn.span,
                        format!("未定义的参数 `{name}`"),
                        format!("undefined parameter `{name}`"),
                    ));
                }
            }
            self.params.push(name.clone());
            return Ok(PeriodRef::Param(name));
        }
        Ok(PeriodRef::Fixed(period(self.cx, node)?))
    }

    pub fn org_specs(&mut self, node: &Node, what: &str) -> Result<Vec<OrgSpec>, PackError> {
        let items: &[Node] = match &node.value {
            Value::List(items) => items,
            _ => std::slice::from_ref(node),
        };
        items.iter().map(|n| self.org_spec(n, what)).collect()
    }

    fn org_spec(&mut self, node: &Node, what: &str) -> Result<OrgSpec, PackError> {
        match &node.value {
            Value::Map(_) => {
                let f = self.cx.map(node, what, &["org", "when"])?;
                let org = f.req(self.cx, "org", what)?;
                Ok(OrgSpec {
                    parts: self.template(org)?,
                    when: f.opt("when").map(|n| self.cond(n)).transpose()?,
                })
            }
            _ => Ok(OrgSpec {
                parts: self.template(node)?,
                when: None,
            }),
        }
    }

    /// `{case.unit.branch}分党组` → a field part and a text part.
    fn template(&mut self, node: &Node) -> Result<Vec<TemplatePart>, PackError> {
        let text = self.cx.text(node, "org")?;
        let mut parts = Vec::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(TemplatePart::Text(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or_else(|| {
                self.cx
                    .error(node.span, "模板缺少 }", "template lacks a closing }")
            })? + open;
            let inner = &rest[open + 1..close];
            let p = path::parse(inner, &self.paths)
                .map_err(|e| self.cx.error(node.span, e.zh, e.en))?;
            parts.push(TemplatePart::Field(p));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(TemplatePart::Text(rest.to_string()));
        }
        Ok(parts)
    }

    /// `{param: NAME}` naming a numeric pack parameter.
    pub fn number_param(&mut self, node: &Node, what: &str) -> Result<NumberRef, PackError> {
        let f = self.cx.map(node, what, &["param"])?;
        let pn = f.req(self.cx, "param", what)?;
        let name = self.cx.text(pn, "param")?;
        if self.pack.param_number(&name).is_none() {
            return Err(self.cx.error(
                pn.span,
                format!("参数 `{name}` 未定义或不是整数"),
                format!("parameter `{name}` is undefined or not a number"),
            ));
        }
        self.params.push(name.clone());
        Ok(NumberRef::Param(name))
    }
}
