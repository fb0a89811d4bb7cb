//! `recurrence` (`on: case`): a flagged problem whose key also appeared, flagged, in an earlier
//! case of the same unit needs a remedy item (an accountability decision) referring to it.
//! Reads across records: what each unit flagged first is a memo over every case.

use super::{Check, Reads};
use crate::dates::{DateField, read_date};
use crate::finding::{Finding, ItemRef, Status};
use crate::model::{Kind, Node, Record, Value};
use crate::org::fold;
use crate::pack::index::{FirstFlagged, Index};
use crate::pack::resolve::{Cx, Hit};
use crate::pack::{PackError, RuleCx};
use crate::schema::FieldType;
use crate::text::Msg;

/// `recurrence: {items: problems, key: category, flag: eight_rules, remedy: accountability,
/// refs: problem_ids}`: each a field of a case (`key`, `flag` of an item, `refs` of a remedy).
#[derive(Debug, Clone)]
pub struct Recurrence {
    pub items: String,
    pub key: String,
    pub flag: String,
    pub remedy: String,
    pub remedy_refs: String,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    if rc.paths.on != Kind::Case {
        return Err(rc.cx.error(
            node.span,
            "recurrence 检查须用于 on: case",
            "a recurrence check needs `on: case`",
        ));
    }
    let f = rc.cx.map(
        node,
        "recurrence",
        &["items", "key", "flag", "remedy", "refs"],
    )?;
    let field = |k: &str, prefix: &str, want: Option<FieldType>| -> Result<String, PackError> {
        let n = f.req(rc.cx, k, "recurrence")?;
        let name = rc.cx.text(n, k)?;
        let full = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match crate::schema::field(Kind::Case, &full) {
            Some(fd) if want.is_none_or(|w| w == fd.ty) => Ok(name),
            _ => Err(rc.cx.error(
                n.span,
                format!("案卷记录没有合适的字段 `{full}`"),
                format!("a case record has no suitable field `{full}`"),
            )),
        }
    };
    let items = field("items", "", Some(FieldType::Items))?;
    let remedy = field("remedy", "", Some(FieldType::Items))?;
    Ok(Check::Recurrence(Recurrence {
        key: field("key", &items, None)?,
        flag: field("flag", &items, Some(FieldType::Bool))?,
        remedy_refs: field("refs", &remedy, Some(FieldType::TextList))?,
        items,
        remedy,
    }))
}

impl Recurrence {
    /// Reads every case of the export (what each unit flagged first), through no path.
    pub fn reads(&self) -> Reads<'_> {
        let items = &self.items;
        Reads {
            paths: Vec::new(),
            case_fields: vec![
                "entered_on".into(),
                "unit.name".into(),
                format!("{items}.{}", self.key),
                format!("{items}.{}", self.flag),
                format!("{items}.id"),
                format!("{}.{}", self.remedy, self.remedy_refs),
            ],
            across_records: true,
        }
    }

    pub fn describe(&self) -> Msg {
        let (items, remedy) = (&self.items, &self.remedy);
        Msg::new(
            format!("重复：{items} 重复出现时须有 {remedy}"),
            format!("recurrence: repeated {items} need {remedy}"),
        )
    }

    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        recurrence(cx, self)
    }
}

/// A flagged problem whose key also appeared, flagged, in an earlier case of the same unit must
/// be named by a remedy item (an accountability decision) of this case.
fn recurrence(cx: &Cx, r: &Recurrence) -> Vec<Finding> {
    let case = cx.record;
    let (Some(unit), DateField::Date(entered)) = (
        case.text_at("unit.name"),
        read_date(case.root.get("entered_on")),
    ) else {
        return Vec::new();
    };
    let first = cx.ix.first_flagged(&memo_key(r), |ix| first_flagged(ix, r));
    let unit = cx.pack.orgs.normalize(&unit).into_owned();
    let remedied: Vec<String> = list(&case.root, &r.remedy)
        .iter()
        .flat_map(|a| {
            list(a, &r.remedy_refs)
                .iter()
                .filter_map(|n| n.as_text().map(|t| fold(&t)))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    for problem in flagged(&case.root, r) {
        let Some(key) = problem.get(&r.key).and_then(Node::as_text) else {
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
        f.item = Some(Box::new(ItemRef {
            collection: r.items.as_str().into(),
            id,
        }));
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
        if let Some(key) = p.get(&r.key).and_then(Node::as_text) {
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
    list(case, &r.items)
        .iter()
        .filter(|p| matches!(p.get(&r.flag).map(|f| &f.value), Some(Value::Bool(true))))
        .collect()
}
