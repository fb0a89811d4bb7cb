//! `equal`: a value equals the first expected alternative whose condition holds. A date
//! template compares as dates; anything else as normalised names. A missing side counts as
//! different.

use super::contains::org_spec_paths;
use super::{Check, Reads};
use crate::dates::{DateField, read_date};
use crate::finding::{Finding, Status};
use crate::model::Node;
use crate::pack::emit::label;
use crate::pack::resolve::Cx;
use crate::pack::{OrgSpec, PackError, Path, RuleCx, TemplatePart};
use crate::schema::FieldType;
use crate::text::Msg;

#[derive(Debug, Clone)]
pub struct Equal {
    pub value: Path,
    /// The first alternative whose condition holds gives the expected value.
    pub expected: Vec<OrgSpec>,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let f = rc.cx.map(node, "equal", &["value", "expected"])?;
    let value = rc.path(f.req(rc.cx, "value", "equal")?)?;
    let expected = rc.org_specs(f.req(rc.cx, "expected", "equal")?, "expected")?;
    Ok(Check::Equal(Equal { value, expected }))
}

impl Equal {
    pub fn reads(&self) -> Reads<'_> {
        let mut paths = vec![&self.value];
        org_spec_paths(&self.expected, &mut paths);
        Reads::paths(paths)
    }

    pub fn describe(&self) -> Msg {
        let value = &self.value;
        Msg::new(
            format!("等于：{value} 须为指定组织"),
            format!("equal: {value}"),
        )
    }

    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        let value = &self.value;
        let Some(spec) = self
            .expected
            .iter()
            .find(|s| s.when.as_ref().is_none_or(|w| cx.holds(w)))
        else {
            return Vec::new();
        };
        let want = cx.render(&spec.parts);
        let r = cx.resolve(value);
        let got = r.first();
        let at = got.unwrap_or(r.anchor);
        let shown = |t: Option<String>| t.unwrap_or_else(|| "—".into());
        let (g, w) = match (got, &want) {
            (None, None) => return Vec::new(),
            (Some(g), Some(w)) if is_date_template(&spec.parts) => {
                match (read_date(Some(g.node)), read_date_text(w)) {
                    (DateField::Date(a), DateField::Date(b)) if a == b => return Vec::new(),
                    // Shown as dates, however each was written (`2023/7/18 0:00`, a date cell).
                    (DateField::Date(a), DateField::Date(b)) => (a.to_string(), b.to_string()),
                    _ => return Vec::new(),
                }
            }
            (Some(g), Some(w)) if g.node.text().is_some_and(|t| cx.pack.orgs.same(&t, w)) => {
                return Vec::new();
            }
            _ => (shown(got.and_then(|g| g.node.as_text())), shown(want)),
        };
        // Labelled only for a finding: the header lookup and its strings are dear per case.
        let l = label(value);
        let detail = Msg::new(
            format!("{} 为 {g}，应为 {w}", l.zh),
            format!("{} is {g}, expected {w}", l.en),
        );
        vec![cx.finding(Status::Violation, at, Some(value.field_name()), detail)]
    }
}

fn is_date_template(parts: &[TemplatePart]) -> bool {
    matches!(parts, [TemplatePart::Field(p)] if p.ty == FieldType::Date)
}

fn read_date_text(s: &str) -> DateField {
    crate::dates::parse_date(s).map_or(DateField::Invalid, DateField::Date)
}
