//! Evaluation of an export that arrives in chunks of records and is never held whole: a sweep
//! over a national export must run in memory bounded by a chunk, not by the file.
//!
//! Each chunk is checked as it comes: the data checks of every record, and every case rule that
//! reads only its case (and the case's round, when that round came earlier). What checks across
//! records need is kept: rounds and units whole, cases pruned to the fields cross-record rules
//! read and packed into bytes ([`frozen`]). [`Sweep::finish`] then runs the identity checks
//! across records, the cases whose round came later (read again through the caller), and the
//! late rules one group at a time — a round with its cases, a unit with its cases — so only one
//! group's cases are ever thawed at once. A recurrence rule's memo (what each unit flagged
//! first) is computed over every case beforehand and handed to each group's index. Findings are
//! sorted as [`super::evaluate`] sorts them, so both give the same findings in the same order.

use std::collections::BTreeMap;

use rayon::prelude::*;

use std::sync::Arc;

use super::frozen::{Frozen, Numbering, Part, Texts, freeze_part, thaw, thaw_part};
use super::{Options, Outcome, Partial, apply_all, data, settle};
use crate::calendar::Calendar;
use crate::finding::Finding;
use crate::load::LoadIssue;
use crate::model::{FileId, Kind, Record, Span};
use crate::pack::checks::recurrence::{self, Recurrence};
use crate::pack::index::{FirstFlagged, Index, NameSets, RoundIds, case_in_scope};
use crate::pack::{Check, Pack, Rule, Scope};
use crate::text::Lang;

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
    /// Rounds and units, whole, each in file order.
    rounds: Vec<Record>,
    /// The rounds' ids, as an index over `rounds` maps them.
    round_ids: RoundIds,
    /// The rounds' lists normalised for membership, built once for all chunks.
    name_sets: NameSets,
    units: Vec<Record>,
    /// Pruned, packed cases in file order.
    cases: Vec<KeptCase>,
    /// The texts the packed cases, their round ids and unit names, and the findings repeat.
    texts: Texts,
    /// Per pack: cases whose round came after them, to be read again at the end.
    deferred: Vec<Vec<(FileId, Span)>>,
    partial: Partial,
    records: usize,
    /// The only language the findings will be read in, when the caller knows it.
    language: Option<Lang>,
    /// Called once per record checked, from the workers (a bar on long runs).
    progress: &'p (dyn Fn() + Sync),
}

/// A case as the end of the sweep needs it.
struct KeptCase {
    frozen: Frozen,
    /// Its round id and unit name, as numbers in [`Sweep::texts`] (a few thousand distinct
    /// values for a hundred thousand cases).
    round_id: Option<u32>,
    unit: Option<u32>,
    /// Per pack: whether the case is in the pack's scope.
    in_scope: Vec<bool>,
}

/// Drops what findings need not keep (their other language, when only one is read) and shares
/// the texts they repeat.
fn slim<'f>(
    findings: impl Iterator<Item = &'f mut Finding>,
    language: Option<Lang>,
    texts: &mut Texts,
) {
    for f in findings {
        if let (Some(lang), Some(message)) = (language, Arc::get_mut(&mut f.message)) {
            message.keep_only(lang);
        }
        texts.share_message(&mut f.message);
        for text in [
            &mut f.round_id,
            &mut f.unit,
            &mut f.branch,
            &mut f.responsible,
            &mut f.field,
        ]
        .into_iter()
        .flatten()
        .chain(f.item.as_mut().map(|i| &mut i.collection))
        {
            texts.share(text);
        }
    }
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
            round_ids: RoundIds::default(),
            name_sets: NameSets::default(),
            units: Vec::new(),
            cases: Vec::new(),
            texts: Texts::default(),
            partial: Partial::default(),
            records: 0,
            language: None,
            progress: &|| {},
        }
    }

    /// Calls `progress` once per record checked, from the worker threads.
    pub fn on_progress(mut self, progress: &'p (dyn Fn() + Sync)) -> Self {
        self.progress = progress;
        self
    }

    /// Findings will be read in `lang` only: their messages keep that language alone (a
    /// national sweep holds ~1 KB per finding until the end; half of it is messages).
    pub fn read_in(mut self, lang: Lang) -> Self {
        self.language = Some(lang);
        self
    }

    /// How many findings the chunks have given so far.
    pub fn found(&self) -> usize {
        self.partial.findings.len()
    }

    /// The places of the findings given after the first `from`: a caller holding the chunk's
    /// text can place them while it is at hand.
    pub fn places_from(&self, from: usize) -> impl Iterator<Item = (FileId, Span)> + '_ {
        self.partial
            .findings
            .iter()
            .skip(from)
            .map(|f| (f.file, f.span))
    }

    /// Checks one chunk of records (in file order, after every earlier chunk) and keeps what
    /// the end of the sweep needs; the chunk's trees are then freed on the workers.
    pub fn add(&mut self, records: Vec<Record>, issues: &[LoadIssue]) {
        self.add_borrowed(&records, issues);
        records.into_par_iter().for_each(drop);
    }

    /// [`Sweep::add`] for records the caller keeps: an export read whole is one chunk.
    pub fn add_borrowed(&mut self, records: &[Record], issues: &[LoadIssue]) {
        self.records += records.len();
        let before = self.partial.findings.len();
        let findings = &mut self.partial.findings;
        findings.extend(
            issues
                .iter()
                .map(|i| data::load_issue(i.rule, i.file, i.span, &i.message)),
        );
        let as_of = self.opts.as_of;
        let checked = if self.opts.may_want_data() {
            records
        } else {
            &[]
        };
        findings.extend(
            checked
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
        for round in records.iter().filter(|r| r.kind == Some(Kind::Round)) {
            Index::note_round(&mut self.round_ids, round, self.rounds.len());
            self.rounds.push(round.clone());
        }
        // Each case's scope per pack, read once for the chunk's rules and for keeping it.
        let scopes: Vec<Vec<bool>> = records
            .par_iter()
            .map(|r| {
                (self.progress)();
                r
            })
            .map(|r| match r.kind {
                Some(Kind::Case) => self.plans.iter().map(|p| in_scope(r, p)).collect(),
                _ => Vec::new(),
            })
            .collect();
        for (p, plan) in self.plans.iter().enumerate() {
            let (partial, waiting) = self.local(plan, p, records, &scopes);
            self.partial = std::mem::take(&mut self.partial).merge(partial);
            if let Some(d) = self.deferred.get_mut(p) {
                d.extend(waiting);
            }
        }
        let (case_fields, texts) = (&self.case_fields, &self.texts);
        let kept: Vec<Result<Packed, Record>> = records
            .par_iter()
            .zip(scopes)
            .filter_map(|(r, in_scope)| match r.kind {
                Some(Kind::Case) => Some(Ok(pack(r, in_scope, case_fields, texts))),
                Some(Kind::Unit) => Some(Err(r.clone())),
                _ => None,
            })
            .collect();
        // The texts new to this chunk are numbered here, in file order, for the next chunks.
        for k in kept {
            match k {
                Ok(case) => {
                    for text in &case.new_texts {
                        self.texts.number(text);
                    }
                    self.cases.push(KeptCase {
                        frozen: case.frozen,
                        round_id: case.round_id.and_then(|t| self.texts.number(&t)),
                        unit: case.unit.and_then(|t| self.texts.number(&t)),
                        in_scope: case.in_scope,
                    });
                }
                Err(unit) => self.units.push(unit),
            }
        }
        slim(
            self.partial.findings.iter_mut().skip(before),
            self.language,
            &mut self.texts,
        );
    }

    /// The local rules of pack `p` over a chunk's cases in its scope (`scopes`, per record and
    /// pack); also the cases that must wait for a round not seen yet.
    fn local(
        &self,
        plan: &PackPlan,
        p: usize,
        records: &[Record],
        scopes: &[Vec<bool>],
    ) -> (Partial, Vec<(FileId, Span)>) {
        if plan.local.is_empty() {
            return (Partial::default(), Vec::new());
        }
        let pack = plan.pack;
        let ix = Index::of_rounds(&self.rounds, &self.round_ids, &self.name_sets);
        let (cal, opts) = (self.cal, self.opts);
        let results: Vec<Result<Partial, (FileId, Span)>> = records
            .par_iter()
            .zip(scopes)
            .filter(|(_, in_scope)| in_scope.get(p) == Some(&true))
            .map(|(r, _)| {
                let round_pending = plan.local_reads_round
                    && r.str_at_key(&crate::key::ROUND_ID)
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
        // The chunks' findings were slimmed as they came; only the end's are left to slim.
        let from = self.partial.findings.len();
        let mut partial = std::mem::take(&mut self.partial);
        if self.opts.may_want_data() {
            partial.findings.extend(self.identities());
        }
        for (p, plan) in self.plans.iter().enumerate() {
            partial = partial
                .merge(self.waited(
                    plan,
                    self.deferred.get(p).map_or(&[], Vec::as_slice),
                    reread,
                ))
                .merge(self.late(plan));
            outcome.not_applicable += self
                .cases
                .iter()
                .filter(|c| c.in_scope.get(p) == Some(&false))
                .count();
        }
        slim(
            partial.findings.iter_mut().skip(from),
            self.language,
            &mut self.texts,
        );
        outcome.findings = partial.findings;
        outcome.open = partial.notes.open;
        outcome.uncovered_years = partial.notes.uncovered_years;
        let counts = SweepCounts {
            records: self.records,
            cases: self.cases.len(),
        };
        // The kept records are done with; sorting the findings is the sweep's last peak.
        drop(self.cases);
        drop(self.rounds);
        drop(self.units);
        (settle(outcome, self.opts), counts)
    }

    /// Repeated identities and unknown rounds, over every kept record.
    fn identities(&self) -> Vec<Finding> {
        let mut ids = data::Identities::default();
        let mut out = Vec::new();
        for r in self.rounds.iter().chain(&self.units) {
            ids.see(r, &mut out);
        }
        // Thawed only as far as an identity finding reads (identities, the unit, the spans).
        let mut fields = Keep::default();
        for field in ["case_id", "round_id", "unit.name", "unit.branch"] {
            fields.add_dotted(field);
        }
        // Thawed on the workers a batch at a time, then seen in file order.
        for batch in self.cases.chunks(THAWED_AT_ONCE) {
            let cases: Vec<Record> = batch
                .par_iter()
                .filter_map(|c| thaw_part(&c.frozen, &fields, &self.texts))
                .collect();
            for case in &cases {
                ids.see(case, &mut out);
                ids.check_round(case, &mut out);
            }
        }
        out
    }

    /// The local rules on the cases that waited for their round.
    fn waited(
        &self,
        plan: &PackPlan,
        deferred: &[(FileId, Span)],
        reread: &(dyn Fn(FileId, Span) -> Option<Record> + Sync),
    ) -> Partial {
        let pack = plan.pack;
        let ix = Index::of_rounds(&self.rounds, &self.round_ids, &self.name_sets);
        deferred
            .par_iter()
            .filter_map(|&(file, span)| reread(file, span))
            .map(|r| apply_all(&ix, pack, &plan.local, &r, self.cal, self.opts))
            .reduce(Partial::default, Partial::merge)
    }

    /// The late rules of pack `p`: on each round with its cases (and the late case rules on
    /// those cases), and on each unit with its cases.
    fn late(&self, plan: &PackPlan) -> Partial {
        let memos = self.recurrence_memos(plan);
        let on = |kind: Kind| -> Vec<&Rule> {
            plan.late.iter().copied().filter(|r| r.on == kind).collect()
        };
        let (round_rules, case_rules, unit_rules) =
            (on(Kind::Round), on(Kind::Case), on(Kind::Unit));
        // A kind of group no rule judges is not thawed at all (a run of a few rules).
        let by_round = if round_rules.is_empty() && case_rules.is_empty() {
            Vec::new()
        } else {
            self.round_groups()
        };
        let by_unit = if unit_rules.is_empty() {
            Vec::new()
        } else {
            self.unit_groups(plan)
        };
        let rounds = by_round.par_iter().map(|group| {
            let records = self.thaw_group(&group.rounds, &group.cases, &[]);
            self.judge(plan, &records, &memos, |r| match r.kind {
                Some(Kind::Round) => &round_rules,
                _ => &case_rules,
            })
        });
        let units = by_unit.into_par_iter().map(|(unit, cases)| {
            let records = self.thaw_group(&[], &cases, &[unit]);
            self.judge(plan, &records, &memos, |r| match r.kind {
                Some(Kind::Unit) => &unit_rules,
                _ => &[][..],
            })
        });
        rounds.chain(units).reduce(Partial::default, Partial::merge)
    }

    /// `rules_for` each record of a group, with an index over the group alone.
    fn judge<'r>(
        &self,
        plan: &PackPlan,
        records: &[Record],
        memos: &[(String, Arc<FirstFlagged>)],
        rules_for: impl Fn(&Record) -> &'r [&'r Rule],
    ) -> Partial {
        let pack = plan.pack;
        let ix = Index::for_pack(records, pack);
        for (key, memo) in memos {
            ix.preset_first_flagged(key, memo.clone());
        }
        records
            .iter()
            .enumerate()
            .filter(|(i, _)| ix.in_scope(*i))
            .map(|(_, r)| apply_all(&ix, pack, rules_for(r), r, self.cal, self.opts))
            .fold(Partial::default(), Partial::merge)
    }

    /// The rounds (by index) and cases (by index, in file order) sharing a round id, as an
    /// index over the whole export relates them (cases naming a round id are its cases even
    /// when no round record has it); a round without an id stands alone; cases without a round
    /// id come in small groups, as no rule relates them.
    fn round_groups(&self) -> Vec<Group> {
        let mut by_id: BTreeMap<String, Group> = BTreeMap::new();
        let mut groups = Vec::new();
        for (i, r) in self.rounds.iter().enumerate() {
            match r.text_at("id") {
                Some(id) => by_id.entry(id).or_default().rounds.push(i),
                None => groups.push(Group {
                    rounds: vec![i],
                    cases: Vec::new(),
                }),
            }
        }
        let mut lone = Vec::new();
        for (i, c) in self.cases.iter().enumerate() {
            match c.round_id.and_then(|n| self.texts.text(n)) {
                Some(id) => by_id.entry(id.to_string()).or_default().cases.push(i),
                None => lone.push(i),
            }
        }
        groups.extend(by_id.into_values());
        groups.extend(lone.chunks(LONE_CASES).map(|cases| Group {
            rounds: Vec::new(),
            cases: cases.to_vec(),
        }));
        groups
    }

    /// Each unit record (by index) with the cases (by index) of the unit it names, as the
    /// pack's names normalise them.
    fn unit_groups(&self, plan: &PackPlan) -> Vec<(usize, Vec<usize>)> {
        let orgs = &plan.pack.orgs;
        let mut by_unit: crate::hashing::FastMap<String, Vec<usize>> = Default::default();
        for (i, c) in self.cases.iter().enumerate() {
            if let Some(unit) = c.unit.and_then(|n| self.texts.text(n)) {
                by_unit
                    .entry(orgs.normalize(unit).into_owned())
                    .or_default()
                    .push(i);
            }
        }
        self.units
            .iter()
            .enumerate()
            .map(|(j, u)| {
                let cases = u
                    .text_at("name")
                    .and_then(|n| by_unit.get(orgs.normalize(&n).as_ref()))
                    .cloned()
                    .unwrap_or_default();
                (j, cases)
            })
            .collect()
    }

    /// Rounds, units and thawed cases (each by index), in that order: an index over them
    /// relates them as an index over the whole export does.
    fn thaw_group(&self, rounds: &[usize], cases: &[usize], units: &[usize]) -> Vec<Record> {
        let rounds = rounds.iter().filter_map(|&i| self.rounds.get(i).cloned());
        let units = units.iter().filter_map(|&i| self.units.get(i).cloned());
        let cases = cases
            .iter()
            .filter_map(|&i| self.cases.get(i).and_then(|c| thaw(&c.frozen, &self.texts)));
        rounds.chain(units).chain(cases).collect()
    }

    /// Each recurrence rule's memo, over every case of the export.
    fn recurrence_memos(&self, plan: &PackPlan) -> Vec<(String, Arc<FirstFlagged>)> {
        let recurrences: Vec<&Recurrence> = plan
            .late
            .iter()
            .filter_map(|r| match &r.check {
                Check::Recurrence(recurrence) => Some(recurrence),
                _ => None,
            })
            .collect();
        if recurrences.is_empty() {
            return Vec::new();
        }
        let mut fields = Keep::default();
        for r in &recurrences {
            fields.add_declared(&r.reads().case_fields);
        }
        let empty = || vec![FirstFlagged::default(); recurrences.len()];
        // Each worker's part folds into a memo of its own: few large parts, so few memos.
        let memos = self
            .cases
            .par_iter()
            .with_min_len(THAWED_AT_ONCE)
            .fold(empty, |mut memos, kept| {
                let (Some(unit), Some(case)) = (
                    kept.unit.and_then(|n| self.texts.text(n)),
                    thaw_part(&kept.frozen, &fields, &self.texts),
                ) else {
                    return memos;
                };
                let unit = plan.pack.orgs.normalize(unit);
                for (r, memo) in recurrences.iter().zip(&mut memos) {
                    recurrence::note_flagged(&case, &unit, r, memo);
                }
                memos
            })
            .reduce(empty, merge_earliest);
        recurrences
            .iter()
            .map(|r| recurrence::memo_key(r))
            .zip(memos.into_iter().map(Arc::new))
            .collect()
    }
}

/// Memos of two parts of the cases, as one: a memo keeps the earliest date per key, so the
/// order the parts come in does not matter.
fn merge_earliest(mut all: Vec<FirstFlagged>, part: Vec<FirstFlagged>) -> Vec<FirstFlagged> {
    for (memo, more) in all.iter_mut().zip(part) {
        for (key, date) in more {
            memo.entry(key)
                .and_modify(|d| *d = (*d).min(date))
                .or_insert(date);
        }
    }
    all
}

/// How many packed cases a pass over all of them thaws at once: the thawed records of a batch
/// are all that pass holds besides the packed cases.
const THAWED_AT_ONCE: usize = 4096;

/// How many cases without a round id are judged together.
const LONE_CASES: usize = 1024;

/// Records judged together by the late rules: rounds and cases, by index.
#[derive(Default)]
struct Group {
    rounds: Vec<usize>,
    cases: Vec<usize>,
}

/// A case as a worker packed it: pruned to what cross-record checks read, with its scope per
/// pack, and the texts it holds inline that the sweep's table did not number yet.
struct Packed {
    frozen: Frozen,
    new_texts: Vec<String>,
    round_id: Option<String>,
    unit: Option<String>,
    in_scope: Vec<bool>,
}

/// Whether `case` is in the scope of the plan's pack.
fn in_scope(case: &Record, plan: &PackPlan) -> bool {
    let meta = &plan.pack.meta;
    case_in_scope(case, meta.window(), &meta.scope_field)
}

/// Packs `case` against the texts numbered so far (on the workers: packing and freeing a
/// chunk's trees were a sixth of a sweep, all of it on the sweep's one thread at first).
fn pack(case: &Record, in_scope: Vec<bool>, fields: &Keep, texts: &Texts) -> Packed {
    let mut numbering = Numbering::Known {
        texts,
        new: Vec::new(),
    };
    let frozen = freeze_part(case, fields, &mut numbering);
    Packed {
        frozen,
        new_texts: numbering.into_new(),
        // Read from the whole case: the plan keeps both fields whole, so they are what the
        // packed case holds.
        round_id: case.text_at("round_id"),
        unit: case.text_at("unit.name"),
        in_scope,
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

/// A rule that needs more than its case (and its round): rules on rounds and units, case rules
/// that read the round's other cases (`cases.`), and those whose kind reads across records.
fn is_late(rule: &Rule) -> bool {
    if rule.on != Kind::Case || rule.check.reads().across_records {
        return true;
    }
    let mut reads_cases = false;
    rule.visit_paths(&mut |p| reads_cases |= p.scope == Scope::Cases);
    reads_cases
}

/// The fields of a case that the end of the sweep reads: what the sweep itself reads (the
/// identities, the unit and the scope date: grouping, the index, the in-force test), and what
/// the late rules declare — every path of theirs into a case (`cases.` included), and every case
/// field their kinds read across records. Kept to the leaf: a case keeps `report.submitted_on`,
/// not its whole report, so what is held across a national sweep stays small.
fn case_fields(plans: &[PackPlan]) -> Keep {
    let mut keep = Keep::default();
    for fixed in ["kind", "case_id", "round_id", "unit"] {
        keep.add(&[fixed]);
    }
    for plan in plans {
        keep.add_dotted(&plan.pack.meta.scope_field);
        // A rule that reads `cases.` is late (see `is_late`), so the late rules name them all.
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
    // Only case rules have `case.` paths (the compiler sends a round's to `cases.`); a round
    // rule's items are the round's own. The findings name who must act from a field too.
    let mut keep_path = |p: &crate::pack::Path| match p.scope {
        Scope::Cases | Scope::Case => keep.add_path(&[], p),
        Scope::Item if case_rule => keep.add_path(&each, p),
        _ => {}
    };
    rule.visit_paths(&mut keep_path);
    if let Some(p) = rule.responsible.path() {
        keep_path(p);
    }
    if let Some(e) = rule.each.as_ref().filter(|_| case_rule) {
        keep.add_dotted(&format!("{}.id", e.collection));
        if let Some(by) = &e.latest_by {
            keep.add_dotted(&format!("{}.{by}", e.collection));
        }
    }
    keep.add_declared(&rule.check.reads().case_fields);
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

    /// The case fields a kind declares it reads across records.
    fn add_declared(&mut self, fields: &[String]) {
        for field in fields {
            self.add_dotted(field);
        }
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
}

/// Packing keeps the fields the plan lists, to the leaf; lists keep every item, packed alike.
impl Part for Keep {
    fn whole(&self) -> bool {
        self.whole
    }

    fn field(&self, key: &str) -> Option<&Self> {
        self.fields.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Value};
    use crate::pack::PackSource;

    impl Keep {
        /// Drops what no cross-record check reads; lists keep every item, pruned alike: what
        /// [`freeze_part`] packs, as a tree.
        fn prune(&self, node: &mut Node) {
            if self.whole {
                return;
            }
            match &mut node.value {
                Value::Map(entries) => {
                    entries.retain(|(k, _)| self.fields.contains_key(k.as_str()));
                    entries.shrink_to_fit();
                    for (k, v) in entries.iter_mut() {
                        if let Some(keep) = self.fields.get(k.as_str()) {
                            keep.prune(v);
                        }
                    }
                }
                Value::List(items) => items.iter_mut().for_each(|n| self.prune(n)),
                _ => {}
            }
        }
    }

    impl Keep {
        /// Whether packing by this plan keeps the field at `keys` (all of it, or what of it a
        /// longer key asks).
        fn keeps(&self, keys: &[&str]) -> bool {
            self.whole
                || keys.split_first().is_some_and(|(first, rest)| {
                    self.fields.get(*first).is_some_and(|k| k.keeps(rest))
                })
        }
    }

    fn every_rule() -> Options {
        Options {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            select: Vec::new(),
            ignore: Vec::new(),
            include_open: false,
            data_responsible: None,
        }
    }

    /// Whatever a late rule's kind declares it reads of a case — a path into the case, or a
    /// case field it reads across records — a sweep keeps; a kind that reads across records is
    /// always late. So a cross-record kind never judges pruned cases, the built-in pack's or
    /// any test pack's.
    #[test]
    fn a_sweep_keeps_every_case_field_a_late_rule_declares() {
        let packs = [
            PackSource::builtin().compile().ok().unwrap(),
            pack("tests/packs/cross-record"),
            pack("tests/packs/cross-kinds"),
            pack("tests/packs/check-kinds"),
            pack("tests/packs/matches"),
        ];
        let opts = every_rule();
        for pack in &packs {
            let keep = case_fields(&[plan(pack, &opts)]);
            for rule in &pack.rules {
                let reads = rule.check.reads();
                assert!(
                    !reads.across_records || is_late(rule),
                    "{} reads across records",
                    rule.id
                );
                if !is_late(rule) {
                    continue;
                }
                for field in &reads.case_fields {
                    let keys: Vec<&str> = field.split('.').collect();
                    assert!(keep.keeps(&keys), "{}: {field} not kept", rule.id);
                }
                let each: Vec<&str> = match &rule.each {
                    Some(e) if rule.on == Kind::Case => e.collection.split('.').collect(),
                    _ => Vec::new(),
                };
                rule.visit_paths(&mut |p| {
                    let prefix: &[&str] = match p.scope {
                        Scope::Case | Scope::Cases => &[],
                        Scope::Item if rule.on == Kind::Case => &each,
                        _ => return,
                    };
                    let mut keys = prefix.to_vec();
                    for segment in &p.segments {
                        keys.push(&segment.key);
                        if segment.filter.is_some() {
                            break;
                        }
                    }
                    assert!(keep.keeps(&keys), "{}: {p} not kept", rule.id);
                });
            }
        }
    }

    #[test]
    fn what_a_sweep_keeps_of_a_case_follows_the_kinds_declarations() {
        // `entered_on` is read by coverage and recurrence, not by the sweep itself: a pack
        // scoped by another date keeps it only for them.
        let cross = pack("tests/packs/cross-kinds");
        let opts = every_rule();
        assert!(case_fields(&[plan(&cross, &opts)]).keeps(&["entered_on"]));
        let mut only_coverage = every_rule();
        only_coverage.select = vec!["crosskinds.1".into()];
        let keep = case_fields(&[plan(&cross, &only_coverage)]);
        assert!(keep.keeps(&["entered_on"]));
        assert!(!keep.keeps(&["problems", "category"]));
        let mut neither = every_rule();
        neither.select = vec!["nothing".into()];
        assert!(!case_fields(&[plan(&cross, &neither)]).keeps(&["entered_on"]));
    }

    fn pack(dir: &str) -> Pack {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        PackSource::read(&dir)
            .and_then(|s| s.compile())
            .ok()
            .unwrap()
    }

    fn node(json: &str) -> Node {
        crate::load::parse_json_value(json, json).unwrap()
    }

    #[test]
    fn rules_that_read_other_cases_or_records_wait_for_the_end() {
        let cross = pack("tests/packs/cross-record");
        assert!(
            cross.rules.iter().all(is_late),
            "cases. makes a case rule late"
        );
        let builtin = PackSource::builtin().compile().ok().unwrap();
        let late = |id: &str| builtin.rules.iter().find(|r| *r.id == *id).map(is_late);
        assert_eq!(late("cas62.16.clue-feedback"), Some(false));
        assert_eq!(late("cas62.5.leader-approved"), Some(false));
        assert_eq!(late("cas62.26.repeat-accountability"), Some(true));
        assert_eq!(late("cas62.4.coverage"), Some(true));
        assert_eq!(late("cas62.12.assessment-meeting"), Some(true));
    }

    /// A plan keeping a report's submission date, each problem's id, and the unit whole.
    fn report_problem_ids_and_unit() -> Keep {
        let mut keep = Keep::default();
        keep.add_dotted("report.submitted_on");
        keep.add_dotted("problems.id");
        keep.add(&["unit"]);
        keep
    }

    #[test]
    fn pruning_keeps_the_listed_leaves_of_every_item() {
        let keep = report_problem_ids_and_unit();
        let mut case = node(
            r#"{"kind": "case", "unit": {"name": "x", "type": "研究所"},
                "report": {"submitted_on": "2025-01-02", "revised_on": "2025-01-03"},
                "problems": [{"id": "P1", "category": "c"}, {"id": "P2"}], "clues": []}"#,
        );
        keep.prune(&mut case);
        let want = node(
            r#"{"unit": {"name": "x", "type": "研究所"}, "report": {"submitted_on": "2025-01-02"},
                "problems": [{"id": "P1"}, {"id": "P2"}]}"#,
        );
        let shape = |n: &Node| format!("{:?}", strip_spans(n.clone()));
        assert_eq!(shape(&case), shape(&want));
    }

    #[test]
    fn packing_by_the_plan_packs_the_pruned_tree() {
        let keep = report_problem_ids_and_unit();
        let json = r#"{"kind": "case", "unit": {"name": "x", "type": "研究所"}, "x": 1,
            "report": {"submitted_on": "2025-01-02", "revised_on": null},
            "problems": [{"id": "P1", "category": "c"}, [{"id": "P3", "y": 2}], 7], "clues": []}"#;
        let case = Record {
            file: 2,
            root: node(json),
            kind: Some(Kind::Case),
        };
        let mut pruned = case.clone();
        keep.prune(&mut pruned.root);
        let mut texts = Texts::default();
        let packed = thaw(
            &freeze_part(&case, &keep, &mut Numbering::Adding(&mut texts)),
            &texts,
        )
        .unwrap();
        assert_eq!(packed.root, pruned.root);
        assert_ne!(packed.root, case.root);
        let whole = super::super::frozen::freeze(&case, &mut texts);
        let thawed = thaw_part(&whole, &keep, &texts).unwrap();
        assert_eq!(thawed.root, pruned.root);
    }

    fn strip_spans(mut n: Node) -> Node {
        n.span = Span::default();
        n.value = match n.value {
            Value::List(items) => Value::List(items.into_iter().map(strip_spans).collect()),
            Value::Map(e) => Value::Map(e.into_iter().map(|(k, v)| (k, strip_spans(v))).collect()),
            v => v,
        };
        n
    }
}
