//! `coverage` (`on: unit`): every registered unit, except the excluded types, has a case
//! entered within the last `years` years. Reads across records: the unit's cases.

use chrono::Months;

use super::{Check, Reads};
use crate::dates::{DateField, read_date};
use crate::finding::{Finding, Status};
use crate::model::{Kind, Node, Value};
use crate::org::fold;
use crate::pack::resolve::{Cx, Hit};
use crate::pack::{NumberRef, Pack, PackError, RuleCx};
use crate::text::Msg;

#[derive(Debug, Clone)]
pub struct Coverage {
    pub exclude_types: Vec<String>,
    pub years: NumberRef,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    if rc.paths.on != Kind::Unit {
        return Err(rc.cx.error(
            node.span,
            "coverage 检查须用于 on: unit",
            "a coverage check needs `on: unit`",
        ));
    }
    let f = rc.cx.map(node, "coverage", &["exclude_types", "years"])?;
    let years_node = f.req(rc.cx, "years", "coverage")?;
    let years = match &years_node.value {
        Value::Int(n) => NumberRef::Fixed(*n),
        _ => rc.number_param(years_node, "years")?,
    };
    let exclude_types = f
        .opt("exclude_types")
        .map(|n| rc.cx.texts(n, "exclude_types"))
        .transpose()?
        .unwrap_or_default();
    Ok(Check::Coverage(Coverage {
        exclude_types,
        years,
    }))
}

impl Coverage {
    /// Reads the unit's cases through the index (their unit and entry date), through no path.
    pub fn reads(&self) -> Reads<'_> {
        Reads {
            paths: Vec::new(),
            case_fields: vec!["entered_on".into(), "unit.name".into()],
            across_records: true,
        }
    }

    pub fn describe(&self, pack: &Pack) -> Msg {
        let years = pack.number(&self.years).unwrap_or_default();
        Msg::new(
            format!("覆盖：每个单位 {years} 年内均须接受巡视"),
            format!("coverage: every unit inspected within {years} year(s)"),
        )
    }

    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        match cx.pack.number(&self.years) {
            Some(years) => coverage(cx, &self.exclude_types, years),
            None => Vec::new(),
        }
    }
}

/// A registered unit (other than the excluded types) has a case entered within the last
/// `years` years before as_of, both ends included.
fn coverage(cx: &Cx, exclude_types: &[String], years: i64) -> Vec<Finding> {
    let unit = cx.record;
    if unit
        .text_at("type")
        .is_some_and(|t| exclude_types.iter().any(|x| fold(x) == fold(&t)))
    {
        return Vec::new();
    }
    let Some(name) = unit.text_at("name") else {
        return Vec::new();
    };
    let Some(from) = u32::try_from(years * 12)
        .ok()
        .and_then(|m| cx.as_of.checked_sub_months(Months::new(m)))
    else {
        return Vec::new();
    };
    let covered = cx.ix.cases_of_unit(&cx.pack.orgs.normalize(&name)).iter().any(|c| {
        matches!(read_date(c.root.get("entered_on")), DateField::Date(d) if d >= from && d <= cx.as_of)
    });
    if covered {
        return Vec::new();
    }
    let detail = Msg::new(
        format!(
            "“{name}”在 {from} 至 {} 期间（{years}年）没有进驻记录",
            cx.as_of
        ),
        format!(
            "\"{name}\" has no inspection entered between {from} and {} ({years} years)",
            cx.as_of
        ),
    );
    vec![cx.finding(
        Status::Violation,
        Hit {
            node: &unit.root,
            file: unit.file,
        },
        None,
        detail,
    )]
}
