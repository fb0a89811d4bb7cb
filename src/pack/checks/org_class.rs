//! `org_class`: an organisation belongs to a class the pack declares under
//! `organisations.classes`.

use super::present::not_recorded;
use super::{Check, Reads};
use crate::finding::{Finding, Status};
use crate::model::Node;
use crate::pack::emit::label;
use crate::pack::resolve::Cx;
use crate::pack::{PackError, Path, RuleCx};
use crate::text::Msg;

#[derive(Debug, Clone)]
pub struct OrgClass {
    pub value: Path,
    pub class: String,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let f = rc.cx.map(node, "org_class", &["value", "class"])?;
    let class_node = f.req(rc.cx, "class", "org_class")?;
    let class = rc.cx.text(class_node, "class")?;
    if !rc.pack.orgs.has_class(&class) {
        return Err(rc.cx.error(
            class_node.span,
            format!("规则包未定义机构类别 `{class}`"),
            format!("the pack defines no organisation class `{class}`"),
        ));
    }
    Ok(Check::OrgClass(OrgClass {
        value: rc.path(f.req(rc.cx, "value", "org_class")?)?,
        class,
    }))
}

impl OrgClass {
    pub fn reads(&self) -> Reads<'_> {
        Reads::paths(vec![&self.value])
    }

    pub fn describe(&self) -> Msg {
        let (value, class) = (&self.value, &self.class);
        Msg::new(
            format!("组织类别：{value} 须为 {class}"),
            format!("org_class: {value} is a {class}"),
        )
    }

    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        let value = &self.value;
        let r = cx.resolve(value);
        let Some(hit) = r.first() else {
            return vec![cx.finding(
                Status::Violation,
                r.anchor,
                Some(value.field_name()),
                not_recorded(value),
            )];
        };
        let name = hit.node.text().unwrap_or_default();
        if cx.pack.orgs.in_class(&name, &self.class) {
            return Vec::new();
        }
        let l = label(value);
        let detail = Msg::new(
            format!("{} 为“{name}”，不属于 {}", l.zh, self.class),
            format!("{} is \"{name}\", not a {}", l.en, self.class),
        );
        vec![cx.finding(Status::Violation, hit, Some(value.field_name()), detail)]
    }
}
