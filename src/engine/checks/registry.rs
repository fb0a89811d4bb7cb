//! Checks across records: `coverage` over the unit registry, `recurrence` of a flagged problem
//! across a unit's cases.

use chrono::Months;

use crate::dates::{DateField, read_date};
use crate::engine::index::{FirstFlagged, Index};
use crate::engine::resolve::{Cx, Hit};
use crate::finding::{Finding, ItemRef, Status};
use crate::model::{Node, Record, Value};
use crate::org::fold;
use crate::text::Msg;

/// A registered unit (other than the excluded types) has a case entered within the last
/// `years` years before as_of, both ends included.
pub fn coverage(cx: &Cx, exclude_types: &[String], years: i64) -> Vec<Finding> {
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

pub struct Recurrence<'p> {
    pub items: &'p str,
    pub key: &'p str,
    pub flag: &'p str,
    pub remedy: &'p str,
    pub remedy_refs: &'p str,
}

impl<'p> Recurrence<'p> {
    /// The recurrence a rule's check asks for, if it is one.
    pub fn of(check: &'p crate::pack::Check) -> Option<Recurrence<'p>> {
        match check {
            crate::pack::Check::Recurrence {
                items,
                key,
                flag,
                remedy,
                remedy_refs,
            } => Some(Recurrence {
                items,
                key,
                flag,
                remedy,
                remedy_refs,
            }),
            _ => None,
        }
    }
}

/// A flagged problem whose key also appeared, flagged, in an earlier case of the same unit must
/// be named by a remedy item (an accountability decision) of this case.
pub fn recurrence(cx: &Cx, r: &Recurrence) -> Vec<Finding> {
    let case = cx.record;
    let (Some(unit), DateField::Date(entered)) = (
        case.text_at("unit.name"),
        read_date(case.root.get("entered_on")),
    ) else {
        return Vec::new();
    };
    let first = cx.ix.first_flagged(&memo_key(r), |ix| first_flagged(ix, r));
    let unit = cx.pack.orgs.normalize(&unit).into_owned();
    let remedied: Vec<String> = list(&case.root, r.remedy)
        .iter()
        .flat_map(|a| {
            list(a, r.remedy_refs)
                .iter()
                .filter_map(|n| n.as_text().map(|t| fold(&t)))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    for problem in flagged(&case.root, r) {
        let Some(key) = problem.get(r.key).and_then(Node::as_text) else {
            continue;
        };
        // Flagged in an earlier case of the unit: its first flagging predates this entry.
        let repeated = first
            .get(&(unit.clone(), fold(&key)))
            .is_some_and(|&d| d < entered);
        let id = problem.get("id").and_then(Node::as_text);
        if !repeated || id.as_ref().is_some_and(|i| remedied.contains(&fold(i))) {
            continue;
        }
        let detail = Msg::new(
            format!(
                "问题类别“{key}”此前已在该单位出现，本案卷无问责记录指向问题 {}",
                id.clone().unwrap_or_default()
            ),
            format!(
                "category \"{key}\" recurred in this unit; no accountability item names problem {}",
                id.clone().unwrap_or_default()
            ),
        );
        let mut f = cx.finding(
            Status::Violation,
            Hit {
                node: problem,
                file: case.file,
            },
            None,
            detail,
        );
        f.item = Some(ItemRef {
            collection: r.items.into(),
            id,
        });
        out.push(f);
    }
    out
}

/// The name a recurrence's memo goes by in the index: rules alike share one.
pub fn memo_key(r: &Recurrence) -> String {
    format!("{}|{}|{}", r.items, r.key, r.flag)
}

/// For each (unit, folded key), the earliest entry date of a case of the unit flagging it.
fn first_flagged(ix: &Index, r: &Recurrence) -> FirstFlagged {
    let mut out = FirstFlagged::default();
    for (unit, cases) in ix.units() {
        for case in cases {
            note_flagged(case, unit, r, &mut out);
        }
    }
    out
}

/// Adds what one case of `unit` (normalised) flagged to the memo.
pub fn note_flagged(case: &Record, unit: &str, r: &Recurrence, memo: &mut FirstFlagged) {
    let DateField::Date(d) = read_date(case.root.get("entered_on")) else {
        return;
    };
    for p in flagged(&case.root, r) {
        if let Some(key) = p.get(r.key).and_then(Node::as_text) {
            memo.entry((unit.to_string(), fold(&key)))
                .and_modify(|e| *e = (*e).min(d))
                .or_insert(d);
        }
    }
}

fn list<'a>(node: &'a Node, key: &str) -> &'a [Node] {
    node.get_path(key).and_then(Node::as_list).unwrap_or(&[])
}

fn flagged<'a>(case: &'a Node, r: &Recurrence) -> Vec<&'a Node> {
    list(case, r.items)
        .iter()
        .filter(|p| matches!(p.get(r.flag).map(|f| &f.value), Some(Value::Bool(true))))
        .collect()
}
