//! Lookups across records: a case's round, a round's cases, a unit's cases.

use crate::hashing::{FastMap, FastSet};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::dates::{DateField, read_date};
use crate::model::{Kind, Node, Record};
use crate::org::OrgNames;
use crate::pack::Window;

pub struct Index<'a> {
    pub records: &'a [Record],
    rounds: std::borrow::Cow<'a, RoundIds>,
    cases_by_round: FastMap<String, Vec<usize>>,
    cases_by_unit: FastMap<String, Vec<usize>>,
    /// Per record: false for a case (or a round of only such cases) outside the pack's scope.
    pub in_scope: Vec<bool>,
    /// Per recurrence rule: the earliest entry date at which each (unit, problem key) was
    /// flagged, built once on first use so each case's lookup is O(1), not a scan of its unit.
    first_flagged: Mutex<FastMap<String, Arc<FirstFlagged>>>,
    /// The rounds' lists, normalised: a sweep's, kept across its chunks, or else the index's own.
    shared_name_sets: Option<&'a NameSets>,
    own_name_sets: NameSets,
}

/// Per list of a round: its names, normalised, built once on first use. A `member` check on
/// every case of a round that lists 5,000 units would otherwise normalise all 5,000 for each
/// case (issue 19); a sweep keeps one for all its chunks, since each chunk has its own index.
#[derive(Default)]
pub struct NameSets(Mutex<FastMap<ListKey, Arc<NameSet>>>);

/// Which list a set was built from, under which naming rules: the round's position among the
/// index's records, the list node's span and address, the naming rules' address. Positions
/// are stable because records are only ever appended; the span names the node within its
/// round; the address tells apart nodes that share a span (lists built from one table cell).
type ListKey = (usize, usize, usize, usize, usize);

/// The normalised text items of a list, for membership in O(1).
pub type NameSet = FastSet<String>;

/// Each round id → the index of the first round record with it.
pub type RoundIds = FastMap<String, usize>;

/// (normalised unit, folded key) → earliest `entered_on` of a case that flagged that key.
pub type FirstFlagged = FastMap<(String, String), NaiveDate>;

/// Whether a case is in the pack's scope by its scope date; a case without one is judged.
pub fn case_in_scope(case: &Record, window: Window, scope_field: &str) -> bool {
    dated_within(scope_date(case, scope_field), window)
}

/// A case's scope date (the pack names the field).
pub fn scope_date(case: &Record, scope_field: &str) -> DateField {
    read_date(case.root.get_path(scope_field))
}

/// Whether a case with scope date `date` falls in `window`; a case without a (valid) one is
/// judged, as for the pack's own scope.
pub fn dated_within(date: DateField, window: Window) -> bool {
    match date {
        DateField::Date(d) => window.contains(d),
        _ => true,
    }
}

impl<'a> Index<'a> {
    /// The index of `records` under `pack`'s names and scope.
    pub fn for_pack(records: &'a [Record], pack: &crate::pack::Pack) -> Index<'a> {
        Index::build(
            records,
            &pack.orgs,
            pack.meta.window(),
            &pack.meta.scope_field,
        )
    }

    /// An index of rounds only, whose ids the caller keeps (`ids` over `rounds`, as
    /// [`Index::build`] would map them): what a case rule needs to find its round, without
    /// going over every round again for each chunk of cases.
    pub fn of_rounds(
        rounds: &'a [Record],
        ids: &'a RoundIds,
        name_sets: &'a NameSets,
    ) -> Index<'a> {
        Index {
            records: rounds,
            rounds: std::borrow::Cow::Borrowed(ids),
            cases_by_round: FastMap::default(),
            cases_by_unit: FastMap::default(),
            in_scope: vec![true; rounds.len()],
            first_flagged: Mutex::default(),
            shared_name_sets: Some(name_sets),
            own_name_sets: NameSets::default(),
        }
    }

    /// Notes the round id of `round`, the record at `index`, if it is the first with it.
    pub fn note_round(ids: &mut RoundIds, round: &Record, index: usize) {
        if let Some(id) = round.text_at("id") {
            ids.entry(id).or_insert(index);
        }
    }

    pub fn build(
        records: &'a [Record],
        orgs: &OrgNames,
        window: Window,
        scope_field: &str,
    ) -> Index<'a> {
        let mut rounds = FastMap::default();
        let mut cases_by_round: FastMap<String, Vec<usize>> = FastMap::default();
        let mut cases_by_unit: FastMap<String, Vec<usize>> = FastMap::default();
        let mut in_scope = vec![true; records.len()];
        for (i, r) in records.iter().enumerate() {
            match r.kind {
                Some(Kind::Round) => Index::note_round(&mut rounds, r, i),
                Some(Kind::Case) => {
                    if let Some(s) = in_scope.get_mut(i) {
                        *s = case_in_scope(r, window, scope_field);
                    }
                    if let Some(round) = r.text_at("round_id") {
                        cases_by_round.entry(round).or_default().push(i);
                    }
                    if let Some(unit) = r.text_at("unit.name") {
                        cases_by_unit
                            .entry(orgs.normalize(&unit).into_owned())
                            .or_default()
                            .push(i);
                    }
                }
                _ => {}
            }
        }
        for (id, &round) in &rounds {
            let cases = cases_by_round.get(id).map(Vec::as_slice).unwrap_or(&[]);
            if !cases.is_empty()
                && cases.iter().all(|&c| in_scope.get(c) == Some(&false))
                && let Some(s) = in_scope.get_mut(round)
            {
                *s = false;
            }
        }
        Index {
            records,
            rounds: std::borrow::Cow::Owned(rounds),
            cases_by_round,
            cases_by_unit,
            in_scope,
            first_flagged: Mutex::default(),
            shared_name_sets: None,
            own_name_sets: NameSets::default(),
        }
    }

    /// The memo of one recurrence rule (named by `memo_key`), built by `build` on first use.
    pub fn first_flagged(
        &self,
        memo_key: &str,
        build: impl FnOnce(&Self) -> FirstFlagged,
    ) -> Arc<FirstFlagged> {
        let mut memo = self.first_flagged.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(m) = memo.get(memo_key) {
            return m.clone();
        }
        let built = Arc::new(build(self));
        memo.insert(memo_key.to_string(), built.clone());
        built
    }

    /// Sets the memo of one recurrence rule, computed beforehand over cases this index does
    /// not hold (a sweep indexes one round's cases at a time).
    pub fn preset_first_flagged(&self, memo_key: &str, memo: Arc<FirstFlagged>) {
        let mut memos = self.first_flagged.lock().unwrap_or_else(|e| e.into_inner());
        memos.insert(memo_key.to_string(), memo);
    }

    /// The normalised text items of `list`, a node inside `round`, built on first use and shared
    /// by every case of the round. `None` when `round` is not one of this index's records: the
    /// cache is keyed by address, which names one list only while the record is borrowed by the
    /// index (alive and unchanged); the caller then scans the list itself.
    pub fn name_set(&self, round: &Record, list: &Node, orgs: &OrgNames) -> Option<Arc<NameSet>> {
        let address = std::ptr::from_ref(round);
        if !self.records.as_ptr_range().contains(&address) {
            return None;
        }
        let position =
            (address as usize - self.records.as_ptr() as usize) / std::mem::size_of::<Record>();
        // The naming rules are part of the key: one index is evaluated under one pack, but a set
        // normalised under another pack's names must never answer for it.
        let key = (
            position,
            list.span.offset,
            list.span.len,
            std::ptr::from_ref(list) as usize,
            std::ptr::from_ref(orgs) as usize,
        );
        let sets = self.shared_name_sets.unwrap_or(&self.own_name_sets);
        let mut sets = sets.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(set) = sets.get(&key) {
            return Some(set.clone());
        }
        let set: NameSet = list
            .as_list()
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::text)
            .map(|n| orgs.normalize(&n).into_owned())
            .collect();
        let set = Arc::new(set);
        sets.insert(key, set.clone());
        Some(set)
    }

    /// Each unit (normalised name) with its cases.
    pub fn units(&self) -> impl Iterator<Item = (&str, impl Iterator<Item = &'a Record>)> {
        self.cases_by_unit
            .iter()
            .map(|(u, v)| (u.as_str(), v.iter().filter_map(|&i| self.records.get(i))))
    }

    /// Whether the record at `i` is in the pack's scope.
    pub fn in_scope(&self, i: usize) -> bool {
        self.in_scope.get(i).copied().unwrap_or(false)
    }

    pub fn round(&self, id: &str) -> Option<&'a Record> {
        self.rounds.get(id).and_then(|&i| self.records.get(i))
    }

    /// The in-scope cases of a round.
    pub fn cases_of_round(&self, id: &str) -> Vec<&'a Record> {
        self.cases_by_round
            .get(id)
            .map(|v| {
                v.iter()
                    .filter(|&&i| self.in_scope(i))
                    .filter_map(|&i| self.records.get(i))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every case of a unit, by normalised name.
    pub fn cases_of_unit(&self, normalized_name: &str) -> Vec<&'a Record> {
        self.cases_by_unit
            .get(normalized_name)
            .map(|v| v.iter().filter_map(|&i| self.records.get(i)).collect())
            .unwrap_or_default()
    }
}
