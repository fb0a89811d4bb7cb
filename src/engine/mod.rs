//! The engine: evaluates compiled rules over records in parallel. It knows nothing of output
//! formats; it returns findings as values, in the contract's order.

mod data;
mod frozen;
mod sweep;
mod texts;
mod trace;

pub use self::sweep::Sweep;
pub use self::trace::{Context, Fact, Trace, trace};

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::finding::Finding;
use crate::hashing::FastMap;
use crate::load::Export;
use crate::model::{FileId, Kind, Node, Record, Span};
use crate::pack::checks::deadline::DeadlineNotes;
use crate::pack::index::{self, Index};
use crate::pack::resolve::{Cx, Item};
use crate::pack::{Pack, Rule};

pub struct Options {
    pub as_of: NaiveDate,
    /// Rule ids or prefixes to run; empty means all.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// List open deadlines as findings of status `open` (`--include-open`).
    pub include_open: bool,
    /// Who maintains the export: named on the findings no rule names anybody for (`data.`);
    /// `None` is [`DATA_RESPONSIBLE_DEFAULT`].
    pub data_responsible: Option<String>,
}

/// Who acts on a `data.` finding unless the user names the export's maintainer.
pub const DATA_RESPONSIBLE_DEFAULT: &str = "数据导出方";

impl Options {
    pub fn wants(&self, rule: &str) -> bool {
        let matches = |p: &String| crate::selectors::matches(p, rule);
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
    }

    /// Whether some `data.` rule may be wanted: only a selection named `data` or starting
    /// `data.` matches one (see [`Options::wants`]). When none can be, the data checks of
    /// records are skipped: every finding they made would be left out.
    pub fn may_want_data(&self) -> bool {
        self.select.is_empty()
            || self
                .select
                .iter()
                .any(|p| p == "data" || p.starts_with("data."))
    }
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Cases outside the pack's scope (entered before it took effect).
    pub not_applicable: usize,
    /// Deadlines not yet due and not yet due soon.
    pub open: usize,
    /// Years a due date touched that the calendar does not cover (judged by weekends alone).
    pub uncovered_years: Vec<i32>,
}

#[derive(Default)]
struct Partial {
    findings: Vec<Finding>,
    notes: DeadlineNotes,
}

impl Partial {
    fn merge(mut self, other: Partial) -> Partial {
        self.findings.extend(other.findings);
        self.notes.open += other.notes.open;
        self.notes
            .uncovered_years
            .extend(other.notes.uncovered_years);
        self
    }
}

pub fn evaluate(export: &Export, packs: &[Pack], cal: &Calendar, opts: &Options) -> Outcome {
    evaluate_with(export, packs, cal, opts, &|| {})
}

/// [`evaluate`], calling `progress` once per record checked (for a bar on long runs; it is
/// called from worker threads in no particular order).
///
/// An export read whole is one chunk of a [`Sweep`]: rule fixtures, `clausecheck test`,
/// `explain` and `check` of every input format take the one path a streamed check takes.
pub fn evaluate_with(
    export: &Export,
    packs: &[Pack],
    cal: &Calendar,
    opts: &Options,
    progress: &(dyn Fn() + Sync),
) -> Outcome {
    let mut sweep = Sweep::new(packs, cal, opts).on_progress(progress);
    sweep.add_borrowed(&export.records, &export.issues);
    // Within one chunk every round is seen before any case is judged, so only a case naming a
    // round the export lacks is asked for again: looked up by its place.
    let by_place = std::sync::OnceLock::new();
    let reread = |file: FileId, span: Span| {
        let by_place: &FastMap<(FileId, Span), usize> = by_place.get_or_init(|| {
            (0..)
                .zip(&export.records)
                .map(|(i, r)| ((r.file, r.root.span), i))
                .collect()
        });
        by_place
            .get(&(file, span))
            .and_then(|&i| export.records.get(i))
            .cloned()
    };
    sweep.finish(&reread).0
}

/// The findings `opts` selects, in the order every output uses; each uncovered year once.
fn settle(mut outcome: Outcome, opts: &Options) -> Outcome {
    outcome.findings.retain(|f| opts.wants(&f.rule));
    name_data_responsible(&mut outcome.findings, opts.data_responsible.as_deref());
    sort_in_place(&mut outcome.findings, |a, b| {
        a.sort_key().cmp(&b.sort_key())
    });
    outcome.uncovered_years.sort_unstable();
    outcome.uncovered_years.dedup();
    outcome
}

/// Every finding has someone to act on it: a `data.` finding names whoever maintains the export.
fn name_data_responsible(findings: &mut [Finding], maintainer: Option<&str>) {
    let name: std::sync::Arc<str> = maintainer.unwrap_or(DATA_RESPONSIBLE_DEFAULT).into();
    for f in findings.iter_mut().filter(|f| f.responsible.is_none()) {
        f.responsible = Some(name.clone());
    }
}

/// A stable sort without the scratch copy of half the list that `sort_by` allocates: a
/// national sweep's findings are tens of megabytes. A list of positions is sorted instead,
/// then followed cycle by cycle.
fn sort_in_place<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => std::cmp::Ordering::Equal,
    });
    // `order[i]` is where the item that belongs at `i` is now. Each cycle of that permutation
    // is closed by swaps along it, its places marked done (pointing at themselves) on the way.
    for start in 0..order.len() {
        let mut here = start;
        while let Some(slot) = order.get_mut(here) {
            let from = std::mem::replace(slot, here);
            if from == start || from == here {
                break;
            }
            items.swap(here, from);
            here = from;
        }
    }
}

/// Every rule of `rules` (all of one pack) applied to one record. What every rule on the record
/// would look up alike (its round, its scope date) is looked up once.
fn apply_all(
    ix: &Index,
    pack: &Pack,
    rules: &[&Rule],
    record: &Record,
    cal: &Calendar,
    opts: &Options,
) -> Partial {
    let mut out = Partial::default();
    let round = round_of(ix, record);
    let mut scope_date = ScopeDateMemo::default();
    for rule in rules.iter().filter(|r| record.kind == Some(r.on)) {
        if !scope_date.in_force(ix, pack, rule, record) {
            continue;
        }
        each_context(ix, pack, rule, record, round, Moment::of(opts), |cx| {
            run(&cx, cal, &mut out)
        });
    }
    out
}

/// A case's scope date, read once for all the rules of the case.
#[derive(Default)]
struct ScopeDateMemo {
    scope_date: Option<crate::dates::DateField>,
}

impl ScopeDateMemo {
    /// [`in_force`], reading a case's scope date only the first time.
    fn in_force(&mut self, ix: &Index, pack: &Pack, rule: &Rule, record: &Record) -> bool {
        if rule.effective.is_unbounded() {
            return true;
        }
        if record.kind != Some(Kind::Case) {
            return in_force(ix, pack, rule, record);
        }
        let date = *self
            .scope_date
            .get_or_insert_with(|| index::scope_date(record, &pack.meta.scope_field));
        index::dated_within(date, rule.effective)
    }
}

/// The round a record belongs to: a case's by its `round_id`, a round itself.
fn round_of<'a>(ix: &Index<'a>, record: &Record) -> Option<&'a Record> {
    // Borrowed, not `text_at`'s owned copy: this runs for every record.
    let round_id = match record.kind? {
        Kind::Case => record.str_at_key(&crate::key::ROUND_ID),
        Kind::Round => record.str_at_key(&crate::key::ID),
        Kind::Unit => None,
    };
    ix.round(&round_id?)
}

/// What the rule looks at in `record`: the record itself, or each chosen item of its `each`
/// list. None when the rule is on another kind, or needs a round the case does not name.
fn contexts<'a>(
    ix: &'a Index<'a>,
    pack: &'a Pack,
    rule: &'a Rule,
    record: &'a Record,
    as_of: NaiveDate,
) -> Vec<Cx<'a>> {
    let mut out = Vec::new();
    let round = round_of(ix, record);
    let moment = Moment {
        as_of,
        include_open: false,
    };
    each_context(ix, pack, rule, record, round, moment, |cx| out.push(cx));
    out
}

/// The evaluation date, and whether deadlines open on it are findings.
#[derive(Clone, Copy)]
pub struct Moment {
    pub as_of: NaiveDate,
    pub include_open: bool,
}

impl Moment {
    pub fn of(opts: &Options) -> Moment {
        Moment {
            as_of: opts.as_of,
            include_open: opts.include_open,
        }
    }
}

/// Calls `visit` with each context of [`contexts`], `round` being the record's round.
fn each_context<'a>(
    ix: &'a Index<'a>,
    pack: &'a Pack,
    rule: &'a Rule,
    record: &'a Record,
    round: Option<&'a Record>,
    moment: Moment,
    mut visit: impl FnMut(Cx<'a>),
) {
    if record.kind != Some(rule.on) {
        return;
    }
    if rule.on == Kind::Case && round.is_none() && rule.reads_round {
        return;
    }
    let base = Cx {
        ix,
        pack,
        rule,
        record,
        case: (rule.on == Kind::Case).then_some(record),
        round,
        item: None,
        as_of: moment.as_of,
        include_open: moment.include_open,
    };
    let Some(each) = &rule.each else {
        return visit(base);
    };
    let items = record
        .root
        .get_keys(&each.collection_keys)
        .and_then(Node::as_list)
        .unwrap_or(&[]);
    let item = |node: &'a Node| {
        let id = node.get_key(&crate::key::ID).and_then(|n| match &n.value {
            crate::model::Value::Text(s) => Some(s.as_str()),
            _ => None,
        });
        Cx {
            item: Some(Item {
                node,
                id,
                siblings: items,
            }),
            ..base
        }
    };
    match &each.latest_by {
        Some(by) => latest(items, by).into_iter().for_each(|n| visit(item(n))),
        None => items.iter().for_each(|n| visit(item(n))),
    }
}

/// Whether `rule` judges `record`: a case by its scope date (a case without one is judged, as
/// for the pack's own scope); a round when one of its cases is judged, or it has none yet.
fn in_force(ix: &Index, pack: &Pack, rule: &Rule, record: &Record) -> bool {
    if rule.effective.is_unbounded() {
        return true;
    }
    let case_in_force =
        |case: &Record| index::case_in_scope(case, rule.effective, &pack.meta.scope_field);
    match record.kind {
        Some(Kind::Case) => case_in_force(record),
        Some(Kind::Round) => {
            let cases = record
                .text_at("id")
                .map(|id| ix.cases_of_round(&id))
                .unwrap_or_default();
            cases.is_empty() || cases.into_iter().any(case_in_force)
        }
        _ => true,
    }
}

/// The item with the latest date in `by` (ties: the later in the list).
fn latest<'a>(items: &'a [Node], by: &str) -> Option<&'a Node> {
    items
        .iter()
        .filter_map(|n| match crate::dates::read_date(n.get(by)) {
            crate::dates::DateField::Date(d) => Some((d, n)),
            _ => None,
        })
        .fold(
            None,
            |best: Option<(NaiveDate, &Node)>, (d, n)| match best {
                Some((b, _)) if d < b => best,
                _ => Some((d, n)),
            },
        )
        .map(|(_, n)| n)
}

/// Runs the rule of `cx` on it, adding what it finds to `p`.
fn run(cx: &Cx, cal: &Calendar, p: &mut Partial) {
    if cx.rule.when.as_ref().is_some_and(|w| !cx.holds(w)) {
        return;
    }
    let found = cx.rule.check.run(cx, cal, &mut p.notes);
    p.findings.extend(found);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Equal keys (the first of each pair) keep their order, as `sort_by` keeps it.
        #[test]
        fn sorting_in_place_is_a_stable_sort(mut items in prop::collection::vec((0u8..4, any::<u32>()), 0..200)) {
            let mut expected = items.clone();
            expected.sort_by_key(|p| p.0);
            super::sort_in_place(&mut items, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(items, expected);
        }
    }
}
