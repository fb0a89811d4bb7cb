//! `present`: a field is recorded.

use super::{Check, Reads};
use crate::finding::{Finding, Status};
use crate::model::Node;
use crate::pack::emit::label;
use crate::pack::resolve::Cx;
use crate::pack::{PackError, Path, RuleCx};
use crate::text::Msg;

/// `present: case.life_meeting.supervisor`.
#[derive(Debug, Clone)]
pub struct Present {
    pub value: Path,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    Ok(Check::Present(Present {
        value: rc.path(node)?,
    }))
}

impl Present {
    pub fn reads(&self) -> Reads<'_> {
        Reads::paths(vec![&self.value])
    }

    pub fn describe(&self) -> Msg {
        let value = &self.value;
        Msg::new(format!("须填写：{value}"), format!("present: {value}"))
    }

    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        let r = cx.resolve(&self.value);
        if r.is_recorded() {
            return Vec::new();
        }
        vec![cx.finding(
            Status::Violation,
            r.anchor,
            Some(self.value.field_name()),
            not_recorded(&self.value),
        )]
    }
}

/// "未记录 …": what a kind says of a field it needs and does not find.
pub(super) fn not_recorded(path: &Path) -> Msg {
    let l = label(path);
    Msg::new(
        format!("未记录 {}", l.zh),
        format!("{} is not recorded", l.en),
    )
}
