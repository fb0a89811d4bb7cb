//! `contains`: a list holds each required organisation (after name normalisation); for lists
//! of items, optionally an item dated on or before / on or after a bound.

use std::borrow::Cow;

use super::{Check, Reads};
use crate::dates::{DateField, read_date};
use crate::finding::{Finding, ItemRef, Status};
use crate::model::Node;
use crate::pack::emit::label;
use crate::pack::resolve::{Cx, Hit};
use crate::pack::{OrgSpec, PackError, Path, RuleCx, TemplatePart};
use crate::schema::FieldType;
use crate::text::Msg;

#[derive(Debug, Clone)]
pub struct Contains {
    pub list: Path,
    /// For lists of items: the field naming the organisation.
    pub key: Option<String>,
    /// For lists of items: each required organisation needs an item dated within `bound`.
    pub dated: Option<(String, Bound, Path)>,
    pub require: Vec<OrgSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    OnOrBefore,
    OnOrAfter,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let f = rc.cx.map(
        node,
        "contains",
        &[
            "list",
            "key",
            "date",
            "on_or_before",
            "on_or_after",
            "require",
        ],
    )?;
    let list_node = f.req(rc.cx, "list", "contains")?;
    let list = rc.path(list_node)?;
    let key = f.opt("key").map(|n| rc.cx.text(n, "key")).transpose()?;
    match (list.ty, &key) {
        (FieldType::Items, Some(_)) | (FieldType::OrgList | FieldType::TextList, None) => {}
        _ => {
            return Err(rc.cx.error(
                list_node.span,
                format!("`{list}` 应为机构名单，或为条目列表并给出 key"),
                format!("`{list}` must be a list of names, or a list of items with `key`"),
            ));
        }
    }
    let bound = match (f.opt("on_or_before"), f.opt("on_or_after")) {
        (Some(n), None) => Some((Bound::OnOrBefore, rc.single_date(n)?)),
        (None, Some(n)) => Some((Bound::OnOrAfter, rc.single_date(n)?)),
        (None, None) => None,
        _ => {
            return Err(rc.cx.error(
                node.span,
                "on_or_before 与 on_or_after 只能取其一",
                "give on_or_before or on_or_after, not both",
            ));
        }
    };
    let date = f.opt("date").map(|n| rc.cx.text(n, "date")).transpose()?;
    let dated = match (date, bound) {
        (Some(d), Some((b, p))) => Some((d, b, p)),
        (None, None) => None,
        _ => {
            return Err(rc.cx.error(
                node.span,
                "date 须与 on_or_before/on_or_after 同时给出",
                "`date` goes together with on_or_before or on_or_after",
            ));
        }
    };
    let require = rc.org_specs(f.req(rc.cx, "require", "contains")?, "require")?;
    Ok(Check::Contains(Contains {
        list,
        key,
        dated,
        require,
    }))
}

impl Contains {
    pub fn reads(&self) -> Reads<'_> {
        let mut paths = vec![&self.list];
        if let Some((_, _, p)) = &self.dated {
            paths.push(p);
        }
        org_spec_paths(&self.require, &mut paths);
        Reads::paths(paths)
    }

    pub fn describe(&self) -> Msg {
        let (list, n) = (&self.list, self.require.len());
        Msg::new(
            format!("包含：{list} 须含 {n} 个指定组织"),
            format!("contains: {list} ⊇ {n} organisation(s)"),
        )
    }

    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        let resolved = cx.resolve(&self.list);
        let list_at = resolved.first().unwrap_or(resolved.anchor);
        let nodes: &[Node] = list_at.node.as_list().unwrap_or(&[]);
        // Normalised once, not once per required organisation.
        let named: Vec<Option<Cow<str>>> = nodes
            .iter()
            .map(|n| names(n, self.key.as_deref()).map(|name| normalized(cx, name)))
            .collect();
        let mut out = Vec::new();
        for spec in &self.require {
            if spec.when.as_ref().is_some_and(|w| !cx.holds(w)) {
                continue;
            }
            let Some(org) = cx.render(&spec.parts) else {
                continue;
            };
            let want = cx.pack.orgs.normalize(&org);
            let matching: Vec<&Node> = nodes
                .iter()
                .zip(&named)
                .filter(|(_, name)| name.as_ref().is_some_and(|v| *v == want))
                .map(|(n, _)| n)
                .collect();
            if matching.is_empty() {
                out.push(missing_org(cx, &self.list, list_at, &org));
            } else if let Some((date_field, bound, bound_path)) = &self.dated
                && let Some(f) = dated_check(
                    cx, &matching, date_field, *bound, bound_path, &org, &self.list, list_at,
                )
            {
                out.push(f);
            }
        }
        out
    }
}

/// The paths organisation templates and their conditions read (`contains`, `equal`).
pub(super) fn org_spec_paths<'r>(specs: &'r [OrgSpec], paths: &mut Vec<&'r Path>) {
    for s in specs {
        for part in &s.parts {
            if let TemplatePart::Field(p) = part {
                paths.push(p);
            }
        }
        if let Some(w) = &s.when {
            w.visit_paths(&mut |p| paths.push(p));
        }
    }
}

/// A name in canonical form, borrowed when the name was.
fn normalized<'n>(cx: &Cx<'n>, name: Cow<'n, str>) -> Cow<'n, str> {
    match name {
        Cow::Borrowed(name) => cx.pack.orgs.normalize(name),
        Cow::Owned(name) => Cow::Owned(cx.pack.orgs.normalize(&name).into_owned()),
    }
}

/// The organisation an element names: the element itself, or its `key` field.
fn names<'n>(node: &'n Node, key: Option<&str>) -> Option<Cow<'n, str>> {
    match key {
        Some(k) => node.get(k).and_then(Node::text),
        None => node.text(),
    }
}

fn missing_org(cx: &Cx, list: &Path, at: Hit, org: &str) -> Finding {
    let l = label(list);
    let detail = Msg::new(
        format!("{} 中缺少 {org}", l.zh),
        format!("{} lacks {org}", l.en),
    );
    let mut f = cx.finding(Status::Violation, at, Some(list.field_name()), detail);
    found_missing(cx, &mut f, org);
    f
}

/// A rule whose responsible party is the organisation it found missing names that one.
fn found_missing(cx: &Cx, f: &mut Finding, org: &str) {
    if let crate::pack::Responsible::FoundMissing { .. } = cx.rule.responsible {
        f.responsible = Some(cx.pack.orgs.display_name(org).into());
    }
}

#[allow(clippy::too_many_arguments)]
fn dated_check(
    cx: &Cx,
    matching: &[&Node],
    date_field: &str,
    bound: Bound,
    bound_path: &Path,
    org: &str,
    list: &Path,
    list_at: Hit,
) -> Option<Finding> {
    let DateField::Date(limit) = cx.date(bound_path).value else {
        return None;
    };
    let mut first_bad: Option<(&Node, DateField)> = None;
    for item in matching {
        let value = read_date(item.get(date_field));
        match value {
            DateField::Date(d) if within(d, bound, limit) => return None,
            DateField::Invalid => return None,
            _ => {
                first_bad.get_or_insert((item, value));
            }
        }
    }
    let (item, value) = first_bad?;
    let at_node = item
        .get(date_field)
        .filter(|n| !n.is_blank())
        .unwrap_or(item);
    let at = Hit {
        node: at_node,
        file: list_at.file,
    };
    let b = label(bound_path);
    let (rel_zh, rel_en) = match bound {
        Bound::OnOrBefore => ("当日或之前", "on or before"),
        Bound::OnOrAfter => ("当日或之后", "on or after"),
    };
    let detail = match value {
        DateField::Date(d) => Msg::new(
            format!("{org} 的记录日期 {d} 不在 {}（{limit}）{rel_zh}", b.zh),
            format!(
                "{org}'s entry is dated {d}, not {rel_en} {} ({limit})",
                b.en
            ),
        ),
        _ => Msg::new(
            format!("{org} 的记录未记录日期 {date_field}"),
            format!("{org}'s entry has no {date_field}"),
        ),
    };
    let mut f = cx.finding(Status::Violation, at, Some(date_field.to_string()), detail);
    found_missing(cx, &mut f, org);
    f.item = Some(Box::new(ItemRef {
        collection: list.field_name().into(),
        id: item.get("id").and_then(Node::as_text),
    }));
    Some(f)
}

fn within(d: chrono::NaiveDate, bound: Bound, limit: chrono::NaiveDate) -> bool {
    match bound {
        Bound::OnOrBefore => d <= limit,
        Bound::OnOrAfter => d >= limit,
    }
}
