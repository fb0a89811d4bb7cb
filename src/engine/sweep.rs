//! Evaluation of an export that arrives in chunks of records and is never held whole: a sweep
//! over a national export must run in memory bounded by a chunk, not by the file.
//!
//! Each chunk is checked as it comes: the data checks of every record, and every case rule that
//! reads only its case (and the case's round, when that round came earlier). What checks across
//! records need is kept: rounds and units whole, cases pruned to the fields cross-record rules
//! read. [`Sweep::finish`] then runs the rules on rounds and units, the rules that read other
//! cases, the identity checks across records, and the cases whose round came later (read again
//! through the caller). Findings are sorted as [`super::evaluate`] sorts them, so both give the
//! same findings in the same order.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::index::{Index, case_in_scope};
use super::{Options, Outcome, Partial, apply_all, data};
use crate::calendar::Calendar;
use crate::load::LoadIssue;
use crate::model::{FileId, Kind, Node, Record, Span, Value};
use crate::pack::{Check, Pack, Rule, Scope};

/// How one pack's rules split between the chunks and the end of the sweep.
struct PackPlan<'p> {
    pack: &'p Pack,
    /// Case rules that read only their case and its round: run as each chunk comes.
    local: Vec<&'p Rule>,
    /// Rules on rounds and units, and case rules that read other cases: run at the end.
    late: Vec<&'p Rule>,
    /// Some local rule reads the round: a case whose round has not come yet waits for it.
    local_reads_round: bool,
}

pub struct Sweep<'p> {
    cal: &'p Calendar,
    opts: &'p Options,
    plans: Vec<PackPlan<'p>>,
    /// The fields of a case that cross-record checks read; the rest is dropped.
    case_fields: Keep,
    /// Rounds seen so far, in file order, for case rules that read their round.
    rounds: Vec<Record>,
    /// Rounds, units and pruned cases, in file order.
    kept: Vec<Record>,
    /// Cases whose round came after them (per pack), to be read again at the end.
    deferred: Vec<Vec<(FileId, Span)>>,
    partial: Partial,
    records: usize,
    cases: usize,
}

/// What a sweep counted besides its findings.
pub struct SweepCounts {
    pub records: usize,
    pub cases: usize,
}

impl<'p> Sweep<'p> {
    pub fn new(packs: &'p [Pack], cal: &'p Calendar, opts: &'p Options) -> Sweep<'p> {
        let plans: Vec<PackPlan> = packs.iter().map(|p| plan(p, opts)).collect();
        let case_fields = case_fields(&plans);
        Sweep {
            cal,
            opts,
            deferred: vec![Vec::new(); plans.len()],
            plans,
            case_fields,
            rounds: Vec::new(),
            kept: Vec::new(),
            partial: Partial::default(),
            records: 0,
            cases: 0,
        }
    }

    /// Checks one chunk of records (in file order, after every earlier chunk) and keeps what
    /// the end of the sweep needs.
    pub fn add(&mut self, records: Vec<Record>, issues: &[LoadIssue]) {
        self.records += records.len();
        self.cases += records
            .iter()
            .filter(|r| r.kind == Some(Kind::Case))
            .count();
        let findings = &mut self.partial.findings;
        findings.extend(
            issues
                .iter()
                .map(|i| data::load_issue(i.rule, i.file, i.span, &i.message)),
        );
        let as_of = self.opts.as_of;
        findings.extend(
            records
                .par_iter()
                .flat_map_iter(|r| {
                    let mut out = data::record(r, as_of);
                    if r.kind == Some(Kind::Case) {
                        data::clue_refs(r, &mut out);
                    }
                    out
                })
                .collect::<Vec<_>>(),
        );
        self.rounds.extend(
            records
                .iter()
                .filter(|r| r.kind == Some(Kind::Round))
                .cloned(),
        );
        for (p, plan) in self.plans.iter().enumerate() {
            let (partial, waiting) = self.local(plan, &records);
            self.partial = std::mem::take(&mut self.partial).merge(partial);
            if let Some(d) = self.deferred.get_mut(p) {
                d.extend(waiting);
            }
        }
        for mut r in records {
            match r.kind {
                Some(Kind::Case) => {
                    self.case_fields.prune(&mut r.root);
                    self.kept.push(r);
                }
                Some(_) => self.kept.push(r),
                None => {}
            }
        }
    }

    /// The local rules of one pack over a chunk's cases; also the cases that must wait for a
    /// round not seen yet.
    fn local(&self, plan: &PackPlan, records: &[Record]) -> (Partial, Vec<(FileId, Span)>) {
        let pack = plan.pack;
        let ix = Index::build(
            &self.rounds,
            &pack.orgs,
            pack.meta.window(),
            &pack.meta.scope_field,
        );
        let window = pack.meta.window();
        let (cal, opts) = (self.cal, self.opts);
        let results: Vec<Result<Partial, (FileId, Span)>> = records
            .par_iter()
            .filter(|r| r.kind == Some(Kind::Case))
            .filter(|r| case_in_scope(r, window, &pack.meta.scope_field))
            .map(|r| {
                let round_pending = plan.local_reads_round
                    && r.str_at("round_id")
                        .is_some_and(|id| ix.round(&id).is_none());
                if round_pending {
                    Err((r.file, r.root.span))
                } else {
                    Ok(apply_all(&ix, pack, &plan.local, r, cal, opts))
                }
            })
            .collect();
        let mut partial = Partial::default();
        let mut waiting = Vec::new();
        for result in results {
            match result {
                Ok(p) => partial = partial.merge(p),
                Err(at) => waiting.push(at),
            }
        }
        (partial, waiting)
    }

    /// Runs what needed the whole export, and returns every finding sorted as
    /// [`super::evaluate`] sorts them. `reread` gives back the record at a place (a case whose
    /// round came after it); a record it cannot give is left unjudged by the local rules.
    pub fn finish(
        mut self,
        reread: &(dyn Fn(FileId, Span) -> Option<Record> + Sync),
    ) -> (Outcome, SweepCounts) {
        let mut outcome = Outcome::default();
        let mut partial = std::mem::take(&mut self.partial);
        partial
            .findings
            .extend(data::repeated_or_unknown_ids(&self.kept));
        for (plan, deferred) in self.plans.iter().zip(&self.deferred) {
            let pack = plan.pack;
            let ix = Index::build(
                &self.kept,
                &pack.orgs,
                pack.meta.window(),
                &pack.meta.scope_field,
            );
            let (cal, opts) = (self.cal, self.opts);
            let waited = deferred
                .par_iter()
                .filter_map(|&(file, span)| reread(file, span))
                .map(|r| apply_all(&ix, pack, &plan.local, &r, cal, opts))
                .reduce(Partial::default, Partial::merge);
            let late = self
                .kept
                .par_iter()
                .enumerate()
                .filter(|(i, _)| ix.in_scope(*i))
                .map(|(_, r)| apply_all(&ix, pack, &plan.late, r, cal, opts))
                .reduce(Partial::default, Partial::merge);
            partial = partial.merge(waited).merge(late);
            outcome.not_applicable += ix
                .in_scope
                .iter()
                .zip(&self.kept)
                .filter(|(s, r)| !**s && r.kind == Some(Kind::Case))
                .count();
        }
        let mut all = partial.findings;
        all.retain(|f| self.opts.wants(&f.rule));
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        outcome.findings = all;
        outcome.open = partial.notes.open;
        outcome.uncovered_years = partial.notes.uncovered_years;
        outcome.uncovered_years.sort_unstable();
        outcome.uncovered_years.dedup();
        let counts = SweepCounts {
            records: self.records,
            cases: self.cases,
        };
        (outcome, counts)
    }
}

fn plan<'p>(pack: &'p Pack, opts: &Options) -> PackPlan<'p> {
    let (late, local): (Vec<&Rule>, Vec<&Rule>) = pack
        .rules
        .iter()
        .filter(|r| opts.wants(&r.id))
        .partition(|r| is_late(r));
    PackPlan {
        pack,
        local_reads_round: local.iter().any(|r| r.reads_round),
        local,
        late,
    }
}

/// A rule that needs more than its case (and its round): rules on rounds and units, and case
/// rules that read the round's other cases or compare the case with the unit's other cases.
fn is_late(rule: &Rule) -> bool {
    if rule.on != Kind::Case || matches!(rule.check, Check::Recurrence { .. }) {
        return true;
    }
    let mut reads_cases = false;
    rule.visit_paths(&mut |p| reads_cases |= p.scope == Scope::Cases);
    reads_cases
}

/// The fields of a case that the end of the sweep reads: identities, unit and dates (the index,
/// the in-force test, coverage and recurrence), every field a rule reads through `cases.`, and
/// every field a late case rule reads. Kept to the leaf: a case keeps `report.submitted_on`,
/// not its whole report, so what is held across a national sweep stays small.
fn case_fields(plans: &[PackPlan]) -> Keep {
    let mut keep = Keep::default();
    for fixed in ["kind", "case_id", "round_id", "unit", "entered_on"] {
        keep.add(&[fixed]);
    }
    for plan in plans {
        keep.add_dotted(&plan.pack.meta.scope_field);
        for rule in &plan.local {
            rule.visit_paths(&mut |p| {
                if p.scope == Scope::Cases {
                    keep.add_path(&[], p);
                }
            });
        }
        for rule in &plan.late {
            late_rule_fields(rule, &mut keep);
        }
    }
    keep
}

fn late_rule_fields(rule: &Rule, keep: &mut Keep) {
    let case_rule = rule.on == Kind::Case;
    let each: Vec<&str> = match &rule.each {
        Some(e) if case_rule => e.collection.split('.').collect(),
        _ => Vec::new(),
    };
    rule.visit_paths(&mut |p| match p.scope {
        Scope::Cases => keep.add_path(&[], p),
        Scope::Case if case_rule => keep.add_path(&[], p),
        Scope::Item if case_rule => keep.add_path(&each, p),
        _ => {}
    });
    if let Some(e) = rule.each.as_ref().filter(|_| case_rule) {
        keep.add_dotted(&format!("{}.id", e.collection));
        if let Some(by) = &e.latest_by {
            keep.add_dotted(&format!("{}.{by}", e.collection));
        }
    }
    if let Check::Recurrence {
        items,
        key,
        flag,
        remedy,
        remedy_refs,
    } = &rule.check
    {
        for field in [key.as_str(), flag, "id"] {
            keep.add_dotted(&format!("{items}.{field}"));
        }
        keep.add_dotted(&format!("{remedy}.{remedy_refs}"));
    }
}

/// A tree of the fields to keep; a node marked `whole` keeps everything below it.
#[derive(Debug, Default)]
struct Keep {
    whole: bool,
    fields: BTreeMap<String, Keep>,
}

impl Keep {
    fn add(&mut self, keys: &[&str]) {
        match keys.split_first() {
            None => self.whole = true,
            Some((first, rest)) => self
                .fields
                .entry((*first).to_string())
                .or_default()
                .add(rest),
        }
    }

    fn add_dotted(&mut self, dotted: &str) {
        let keys: Vec<&str> = dotted.split('.').collect();
        self.add(&keys);
    }

    /// A path's fields below `prefix`; a filtered segment keeps its whole list, since the
    /// filter reads fields of the items besides the path's own.
    fn add_path(&mut self, prefix: &[&str], path: &crate::pack::Path) {
        let mut keys = prefix.to_vec();
        for segment in &path.segments {
            keys.push(&segment.key);
            if segment.filter.is_some() {
                break;
            }
        }
        self.add(&keys);
    }

    /// Drops what no cross-record check reads; lists keep every item, pruned alike.
    fn prune(&self, node: &mut Node) {
        if self.whole {
            return;
        }
        match &mut node.value {
            Value::Map(entries) => {
                entries.retain(|(k, _)| self.fields.contains_key(k));
                entries.shrink_to_fit();
                for (k, v) in entries.iter_mut() {
                    if let Some(keep) = self.fields.get(k) {
                        keep.prune(v);
                    }
                }
            }
            Value::List(items) => items.iter_mut().for_each(|n| self.prune(n)),
            _ => {}
        }
    }
}
