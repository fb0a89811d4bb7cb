//! Data checks (`data.*`), for any pack: values the export format does not allow, identities
//! missing or repeated, references to nothing, dates after the evaluation date.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::dates::{DateField, read_date};
use crate::finding::{Finding, ItemRef};
use crate::hashing::FastSet;
use crate::model::{FileId, Key, Kind, Node, Record, Value};
use crate::schema::{self, Field, FieldType};
use crate::text::Msg;

/// Identity and place of the record being checked, for building findings.
struct At<'a> {
    record: &'a Record,
    item: Option<ItemAt<'a>>,
}

/// An item's place, made an [`ItemRef`] only for a finding: most items have none, and the
/// strings cost more than the checks.
#[derive(Clone, Copy)]
struct ItemAt<'a> {
    collection: &'a str,
    /// The item's `id` when recorded.
    id: Option<&'a Node>,
}

impl ItemAt<'_> {
    fn item_ref(&self) -> ItemRef {
        ItemRef {
            collection: self.collection.into(),
            id: self.id.and_then(Node::as_text),
        }
    }
}

impl At<'_> {
    fn finding(&self, rule: &str, node: &Node, field: Option<&str>, message: Msg) -> Finding {
        let r = self.record;
        let who = crate::pack::emit::identity(r);
        Finding {
            round_id: who.round_id.map(Into::into),
            case_id: who.case_id,
            unit: who.unit.map(Into::into),
            branch: who.branch.map(Into::into),
            item: self.item.as_ref().map(|i| Box::new(i.item_ref())),
            field: field.map(Into::into),
            ..Finding::data(rule, r.file, node.span, message)
        }
    }
}

/// A loader's problem as a finding.
pub(super) fn load_issue(
    rule: &str,
    file: FileId,
    span: crate::model::Span,
    message: &Msg,
) -> Finding {
    Finding::data(rule, file, span, message.clone())
}

pub(super) fn record(r: &Record, as_of: NaiveDate) -> Vec<Finding> {
    let at = At {
        record: r,
        item: None,
    };
    let mut out = Vec::new();
    let Some(kind) = r.kind else {
        let node = r.root.get("kind").unwrap_or(&r.root);
        let shown = node.as_text().unwrap_or_default();
        out.push(at.finding(
            "data.kind",
            node,
            Some("kind"),
            Msg::new(
                format!("记录类型 kind 缺失或无效（“{shown}”），应为 round、case 或 unit"),
                format!("`kind` is missing or invalid (\"{shown}\"); expected round, case or unit"),
            ),
        ));
        return out;
    };
    let id_field = match kind {
        Kind::Case => "case_id",
        Kind::Round => "id",
        Kind::Unit => "name",
    };
    if r.str_at(id_field).is_none() {
        // A blank id (an empty cell) is pointed at; an absent one, the record.
        out.push(at.finding(
            "data.missing-id",
            r.root.get(id_field).unwrap_or(&r.root),
            Some(id_field),
            Msg::new(
                format!("记录缺少标识 {id_field}"),
                format!("the record has no `{id_field}`"),
            ),
        ));
    }
    walk(&at, &r.root, top_fields(kind), as_of, &mut out);
    duplicate_item_ids(r, &mut out);
    out
}

/// Item ids are unique within their case (export-format.md), across all of its lists.
fn duplicate_item_ids(r: &Record, out: &mut Vec<Finding>) {
    let Some(kind) = r.kind else { return };
    let mut seen = FastSet::default();
    for list in schema::collections(kind) {
        let items = r
            .root
            .get_path(list.path)
            .and_then(Node::as_list)
            .unwrap_or(&[]);
        for (id, node) in items.iter().filter_map(|it| {
            it.get_key(&crate::key::ID)
                .and_then(|n| Some((n.text()?, n)))
        }) {
            if !seen.insert(id.clone()) {
                let at = At {
                    record: r,
                    item: Some(ItemAt {
                        collection: list.path,
                        id: Some(node),
                    }),
                };
                out.push(at.finding(
                    "data.duplicate-id",
                    node,
                    Some("id"),
                    Msg::new(
                        format!(
                            "{}（{}）中的 id “{id}”在本案卷中重复",
                            list.header, list.path
                        ),
                        format!("id \"{id}\" of {} is used twice in this case", list.path),
                    ),
                ));
            }
        }
    }
}

/// The schema's fields as a tree over key numbers, so that a record's maps are walked once,
/// each key looked up by its number, rather than every field's path searched for from the
/// root (that search, a scan of a map's keys per segment, was 8–10% of a whole check).
#[derive(Default)]
struct Level {
    /// Per key number ([`crate::key::KNOWN`]): the field there, and the fields below it.
    entries: Vec<LevelEntry>,
}

#[derive(Default)]
struct LevelEntry {
    /// The field at this key, with its path as a finding names it.
    field: Option<(&'static Field, &'static str)>,
    below: Option<Box<Level>>,
}

impl Level {
    /// The tree of `fields`, each with its path relative to where the walk starts. Every
    /// segment is a known key (`schema`'s tests check it); a path with another would never be
    /// found, as no record's key numbers to it.
    fn of(fields: impl Iterator<Item = (&'static Field, &'static str)>) -> Level {
        let mut root = Level::default();
        for (f, path) in fields {
            let mut level = &mut root;
            let mut segments = path.split('.').peekable();
            while let Some(segment) = segments.next() {
                let Some(entry) = level.entry_mut(segment) else {
                    break;
                };
                if segments.peek().is_none() {
                    entry.field = Some((f, path));
                    break;
                }
                level = entry.below.get_or_insert_with(Box::default);
            }
        }
        root
    }

    fn entry_mut(&mut self, segment: &str) -> Option<&mut LevelEntry> {
        if self.entries.is_empty() {
            self.entries
                .resize_with(crate::key::KNOWN.len(), LevelEntry::default);
        }
        self.entries.get_mut(usize::from(Key::number(segment)?))
    }
}

/// Checks every field of `level` found in the map `node` and, through objects, below it. A key
/// written twice counts once, as its first occurrence (as a path lookup finds it).
fn walk(at: &At, node: &Node, level: &Level, as_of: NaiveDate, out: &mut Vec<Finding>) {
    let Value::Map(entries) = &node.value else {
        return;
    };
    let mut seen = 0u128;
    for (key, child) in entries {
        let Key::Known(n) = key else { continue };
        let Some(entry) = level.entries.get(usize::from(*n)) else {
            continue;
        };
        let bit = 1u128 << n;
        if seen & bit != 0 {
            continue;
        }
        seen |= bit;
        if let Some((f, shown)) = entry.field {
            value(at, f, shown, child, as_of, out);
        }
        if let Some(below) = &entry.below {
            walk(at, child, below, as_of, out);
        }
    }
}

/// The fields of a kind reached through objects only. Computed once: working it out per
/// record scanned the schema for every prefix of every field.
fn top_fields(kind: Kind) -> &'static Level {
    static PLAN: OnceLock<[Level; 3]> = OnceLock::new();
    let plan = PLAN.get_or_init(|| {
        [Kind::Round, Kind::Case, Kind::Unit].map(|k| {
            Level::of(
                schema::FIELDS
                    .iter()
                    .filter(|f| f.kind == k && is_top_nested(f))
                    .map(|f| (f, f.path)),
            )
        })
    });
    match kind {
        Kind::Round => &plan[0],
        Kind::Case => &plan[1],
        Kind::Unit => &plan[2],
    }
}

/// The fields inside each item of the list field `list`, with their paths within the item;
/// computed once per list, for the same reason as [`top_fields`].
fn item_fields(list: &'static Field) -> Option<&'static Level> {
    type Plan = HashMap<(Kind, &'static str), Level>;
    static PLAN: OnceLock<Plan> = OnceLock::new();
    let plan = PLAN.get_or_init(|| {
        let mut plan = Plan::new();
        for l in schema::FIELDS.iter().filter(|f| f.ty == FieldType::Items) {
            let subs = schema::FIELDS
                .iter()
                .filter(|s| s.kind == l.kind)
                .filter_map(|s| {
                    s.path
                        .strip_prefix(l.path)?
                        .strip_prefix('.')
                        .map(|p| (s, p))
                });
            plan.insert((l.kind, l.path), Level::of(subs));
        }
        plan
    });
    plan.get(&(list.kind, list.path))
}

/// A field reached through objects only (not inside an item list).
fn is_top_nested(f: &Field) -> bool {
    let mut prefix = String::new();
    for seg in f.path.split('.').take(f.path.split('.').count() - 1) {
        if !prefix.is_empty() {
            prefix.push('.');
        }
        prefix.push_str(seg);
        if schema::field(f.kind, &prefix).is_some_and(|p| p.ty == FieldType::Items) {
            return false;
        }
    }
    true
}

fn value(
    at: &At,
    f: &'static Field,
    shown: &str,
    node: &Node,
    as_of: NaiveDate,
    out: &mut Vec<Finding>,
) {
    // Any text is a valid name or free text: nothing to check, and asking whether it is blank
    // would read the text itself (a cache miss per field, the largest cost of the data checks).
    if matches!(f.ty, FieldType::Text | FieldType::Org) || node.is_blank() {
        return;
    }
    // Written out only into a finding: this runs for every field of every record, and most
    // are fine.
    let text = Shown(node);
    match f.ty {
        FieldType::Date => match read_date(Some(node)) {
            DateField::Invalid => {
                out.push(at.finding("data.date", node, Some(shown), invalid_date(f, shown, node)))
            }
            DateField::Date(d) if d > as_of => out.push(at.finding(
                "data.future-date",
                node,
                Some(shown),
                Msg::new(
                    format!("{}（{shown}）{d} 晚于评估日 {as_of}", f.header),
                    format!("{shown} {d} is later than the evaluation date {as_of}"),
                ),
            )),
            _ => {}
        },
        FieldType::Enum(allowed) if !allowed.contains(&node.text().unwrap_or_default().trim()) => {
            out.push(at.finding(
                "data.enum",
                node,
                Some(shown),
                Msg::new(
                    format!(
                        "{}（{shown}）“{text}”不是允许的取值（{}）",
                        f.header,
                        allowed.join("、")
                    ),
                    format!("{shown} \"{text}\" is not one of: {}", allowed.join(", ")),
                ),
            ));
        }
        FieldType::IntRange(lo, hi) if !matches!(node.value, Value::Int(i) if (lo..=hi).contains(&i)) =>
        {
            out.push(at.finding(
                "data.enum",
                node,
                Some(shown),
                Msg::new(
                    format!("{}（{shown}）“{text}”应为 {lo} 至 {hi} 的整数", f.header),
                    format!("{shown} \"{text}\" must be an integer from {lo} to {hi}"),
                ),
            ));
        }
        FieldType::Bool if !matches!(node.value, Value::Bool(_)) => {
            out.push(at.finding(
                "data.enum",
                node,
                Some(shown),
                Msg::new(
                    format!("{}（{shown}）“{text}”应为 true 或 false", f.header),
                    format!("{shown} \"{text}\" must be true or false"),
                ),
            ));
        }
        FieldType::Integer if !matches!(node.value, Value::Int(_)) => {
            out.push(at.finding(
                "data.enum",
                node,
                Some(shown),
                Msg::new(
                    format!("{}（{shown}）“{text}”应为整数", f.header),
                    format!("{shown} \"{text}\" must be an integer"),
                ),
            ));
        }
        FieldType::Object if !matches!(node.value, Value::Map(_)) => {
            out.push(type_error(at, f, shown, node, "对象", "an object"))
        }
        FieldType::OrgList | FieldType::TextList if !matches!(node.value, Value::List(_)) => {
            out.push(type_error(at, f, shown, node, "列表", "a list"))
        }
        FieldType::Items => items(at, f, node, as_of, out),
        _ => {}
    }
}

/// The message of a `data.date` finding; a bare whole number (a date cell whose format was
/// lost on the way to CSV, as Excel and WPS write it) also gets the day it stands for.
fn invalid_date(f: &Field, shown: &str, node: &Node) -> Msg {
    let text = Shown(node);
    let mut msg = Msg::new(
        format!(
            "{}（{shown}）“{text}”不是有效日期（应为 YYYY-MM-DD、YYYY/M/D、YYYY.M.D 或 YYYY年M月D日，其后可带时刻）",
            f.header
        ),
        format!(
            "{shown} \"{text}\" is not a valid date (expected YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, optionally followed by a time)"
        ),
    );
    if let Some(day) = bare_number(node).and_then(crate::dates::excel_serial_day) {
        msg = Msg::new(
            format!(
                "{}；{text} 像是 Excel 日期序列号，对应 {day}：请把该列设为日期格式后再导出",
                msg.zh
            ),
            format!(
                "{}; {text} looks like an Excel serial number for {day}: format the column as dates before exporting",
                msg.en
            ),
        );
    }
    msg
}

/// A whole number, written as one (`45341`, `45341.0`) or as digits in text.
fn bare_number(node: &Node) -> Option<i64> {
    match &node.value {
        Value::Int(i) => Some(*i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
        Value::Text(s) => {
            let digits = s.trim();
            let digits = digits.strip_suffix(".0").unwrap_or(digits);
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        }
        _ => None,
    }
}

/// A scalar as a message quotes it (as [`Node::as_text`], or nothing).
struct Shown<'a>(&'a Node);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.text().unwrap_or_default())
    }
}

fn type_error(at: &At, f: &Field, shown: &str, node: &Node, zh: &str, en: &str) -> Finding {
    at.finding(
        "data.type",
        node,
        Some(shown),
        Msg::new(
            format!("{}（{shown}）应为{zh}", f.header),
            format!("{shown} must be {en}"),
        ),
    )
}

fn items(at: &At, f: &'static Field, node: &Node, as_of: NaiveDate, out: &mut Vec<Finding>) {
    let Some(list) = node.as_list() else {
        out.push(type_error(
            at,
            f,
            f.path,
            node,
            "条目列表",
            "a list of items",
        ));
        return;
    };
    // Looked up once per list: the plan is a hashed map, and lists are long.
    let subs = item_fields(f);
    for item in list {
        let id = item.get_key(&crate::key::ID).filter(|n| !n.is_blank());
        let item_at = At {
            record: at.record,
            item: Some(ItemAt {
                collection: f.path,
                id,
            }),
        };
        if !matches!(item.value, Value::Map(_)) {
            out.push(type_error(&item_at, f, f.path, item, "对象", "an object"));
            continue;
        }
        if id.and_then(Node::text).is_none() {
            out.push(item_at.finding(
                "data.missing-id",
                item.get_key(&crate::key::ID).unwrap_or(item),
                Some("id"),
                Msg::new(
                    format!("{}（{}）中的条目缺少 id", f.header, f.path),
                    format!("an item of {} has no `id`", f.path),
                ),
            ));
        }
        if let Some(subs) = subs {
            walk(&item_at, item, subs, as_of, out);
        }
    }
}

/// The identities seen so far, for records taken one at a time in file order.
#[derive(Default)]
pub(super) struct Identities {
    seen: FastSet<(Kind, String)>,
    rounds: FastSet<String>,
}

impl Identities {
    /// Notes `r`'s identity; a repeated one is a finding.
    pub(super) fn see(&mut self, r: &Record, out: &mut Vec<Finding>) {
        let Some(kind) = r.kind else { return };
        let Some(id) = r.identity() else { return };
        if kind == Kind::Round {
            self.rounds.insert(id.clone());
        }
        if self.seen.insert((kind, id.clone())) {
            return;
        }
        let field = match kind {
            Kind::Case => "case_id",
            Kind::Round => "id",
            Kind::Unit => "name",
        };
        let node = r.root.get(field).unwrap_or(&r.root);
        let at = At {
            record: r,
            item: None,
        };
        out.push(at.finding(
            "data.duplicate-id",
            node,
            Some(field),
            Msg::new(
                format!("{field} “{id}”重复"),
                format!("{field} \"{id}\" appears twice"),
            ),
        ));
    }

    /// A case naming a round none of the rounds seen has (call after every round was seen).
    pub(super) fn check_round(&self, r: &Record, out: &mut Vec<Finding>) {
        let at = At {
            record: r,
            item: None,
        };
        if let (Some(round), Some(node)) = (r.text_at("round_id"), r.root.get("round_id"))
            && !self.rounds.contains(&round)
        {
            out.push(at.finding(
                "data.unknown-reference",
                node,
                Some("round_id"),
                Msg::new(
                    format!("轮次编号（round_id）“{round}”没有对应的轮次记录"),
                    format!("round_id \"{round}\" names no round"),
                ),
            ));
        }
    }
}

/// Petitions naming a clue their case does not have: a check within one case.
pub(super) fn clue_refs(r: &Record, out: &mut Vec<Finding>) {
    let list = |k: &str| r.root.get(k).and_then(Node::as_list).unwrap_or(&[]);
    let clues: FastSet<std::borrow::Cow<str>> = list("clues")
        .iter()
        .filter_map(|c| c.get("id").and_then(Node::text))
        .collect();
    for p in list("petitions") {
        let Some(node) = p.get("clue_id").filter(|n| !n.is_blank()) else {
            continue;
        };
        let clue = node.text().unwrap_or_default();
        if !clues.contains(&clue) {
            let item = ItemAt {
                collection: "petitions",
                id: p.get("id"),
            };
            out.push(
                At {
                    record: r,
                    item: Some(item),
                }
                .finding(
                    "data.unknown-reference",
                    node,
                    Some("clue_id"),
                    Msg::new(
                        format!("所涉问题线索（clue_id）“{clue}”在本案卷中没有对应的问题线索"),
                        format!("clue_id \"{clue}\" names no clue of this case"),
                    ),
                ),
            );
        }
    }
}
