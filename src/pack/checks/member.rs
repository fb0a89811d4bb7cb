//! `member`: a value is one of a list's names, `unless` a condition holds.

use super::{Check, Reads};
use crate::finding::{Finding, Status};
use crate::model::Node;
use crate::pack::emit::label;
use crate::pack::resolve::Cx;
use crate::pack::{Cond, PackError, Path, RuleCx};
use crate::text::Msg;

#[derive(Debug, Clone)]
pub struct Member {
    pub value: Path,
    pub list: Path,
    pub unless: Option<Cond>,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let f = rc.cx.map(node, "member", &["value", "list", "unless"])?;
    Ok(Check::Member(Member {
        value: rc.path(f.req(rc.cx, "value", "member")?)?,
        list: rc.path(f.req(rc.cx, "list", "member")?)?,
        unless: f.opt("unless").map(|n| rc.cond(n)).transpose()?,
    }))
}

impl Member {
    pub fn reads(&self) -> Reads<'_> {
        let mut paths = vec![&self.value, &self.list];
        if let Some(c) = &self.unless {
            c.visit_paths(&mut |p| paths.push(p));
        }
        Reads::paths(paths)
    }

    pub fn describe(&self) -> Msg {
        let (value, list) = (&self.value, &self.list);
        Msg::new(
            format!("属于：{value} ∈ {list}"),
            format!("member: {value} ∈ {list}"),
        )
    }

    /// Skipped when either the value or the list is not recorded.
    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        if self.unless.as_ref().is_some_and(|c| cx.holds(c)) {
            return Vec::new();
        }
        let (Some(v), Some(list_hit)) = (
            cx.resolve(&self.value).first(),
            cx.resolve(&self.list).first(),
        ) else {
            return Vec::new();
        };
        let Some(text) = v.node.text() else {
            return Vec::new();
        };
        let want = cx.pack.orgs.normalize(&text);
        let names = list_hit.node.as_list().unwrap_or(&[]);
        if names
            .iter()
            .filter_map(|n| n.text())
            .any(|n| cx.pack.orgs.normalize(&n) == want)
        {
            return Vec::new();
        }
        let l = label(&self.list);
        let detail = Msg::new(
            format!("“{text}”不在 {} 中", l.zh),
            format!("\"{text}\" is not in {}", l.en),
        );
        vec![cx.finding(Status::Violation, v, Some(self.value.field_name()), detail)]
    }
}
