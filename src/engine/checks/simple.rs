//! Checks on single fields: `present`, `member`, `equal`, `org_class`.

use crate::dates::{DateField, read_date};
use crate::engine::emit::label;
use crate::engine::resolve::Cx;
use crate::finding::{Finding, Status};
use crate::pack::{Cond, OrgSpec, Path, TemplatePart};
use crate::schema::FieldType;
use crate::text::Msg;

pub fn present(cx: &Cx, path: &Path) -> Vec<Finding> {
    let r = cx.resolve(path);
    if r.is_recorded() {
        return Vec::new();
    }
    vec![cx.finding(
        Status::Violation,
        r.anchor,
        Some(path.field_name()),
        not_recorded(path),
    )]
}

fn not_recorded(path: &Path) -> Msg {
    let l = label(path);
    Msg::new(
        format!("未记录 {}", l.zh),
        format!("{} is not recorded", l.en),
    )
}

/// The value is one of the list's names; skipped when either is not recorded.
pub fn member(cx: &Cx, value: &Path, list: &Path, unless: Option<&Cond>) -> Vec<Finding> {
    if unless.is_some_and(|c| cx.holds(c)) {
        return Vec::new();
    }
    let (Some(v), Some(list_hit)) = (cx.resolve(value).first(), cx.resolve(list).first()) else {
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
    let l = label(list);
    let detail = Msg::new(
        format!("“{text}”不在 {} 中", l.zh),
        format!("\"{text}\" is not in {}", l.en),
    );
    vec![cx.finding(Status::Violation, v, Some(value.field_name()), detail)]
}

/// The value equals the first expected alternative whose condition holds. A date template
/// compares as dates; anything else as normalised names. A missing side counts as different.
pub fn equal(cx: &Cx, value: &Path, expected: &[OrgSpec]) -> Vec<Finding> {
    let Some(spec) = expected
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

fn is_date_template(parts: &[TemplatePart]) -> bool {
    matches!(parts, [TemplatePart::Field(p)] if p.ty == FieldType::Date)
}

fn read_date_text(s: &str) -> DateField {
    crate::dates::parse_date(s).map_or(DateField::Invalid, DateField::Date)
}

pub fn org_class(cx: &Cx, value: &Path, class: &str) -> Vec<Finding> {
    let r = cx.resolve(value);
    match r.first() {
        None => vec![cx.finding(
            Status::Violation,
            r.anchor,
            Some(value.field_name()),
            not_recorded(value),
        )],
        Some(hit) => {
            let name = hit.node.text().unwrap_or_default();
            if cx.pack.orgs.in_class(&name, class) {
                return Vec::new();
            }
            let l = label(value);
            let detail = Msg::new(
                format!("{} 为“{name}”，不属于 {class}", l.zh),
                format!("{} is \"{name}\", not a {class}", l.en),
            );
            vec![cx.finding(Status::Violation, hit, Some(value.field_name()), detail)]
        }
    }
}
