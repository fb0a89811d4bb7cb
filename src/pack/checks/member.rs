//! `member`: a value is one of a list's names, `unless` a condition holds.

use super::{Check, Reads};
use crate::finding::{Finding, Status};
use crate::model::Node;
use crate::pack::emit::label;
use crate::pack::resolve::Cx;
use crate::pack::{Cond, PackError, Path, RuleCx, Scope};
use crate::text::Msg;

#[derive(Debug, Clone)]
pub struct Member {
    pub value: Path,
    pub list: Path,
    pub unless: Option<Cond>,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let f = rc.cx.map(node, "member", &["value", "list", "unless"])?;
    Ok(Check::Member(Member {
        value: rc.path(f.req(rc.cx, "value", "member")?)?,
        list: rc.path(f.req(rc.cx, "list", "member")?)?,
        unless: f.opt("unless").map(|n| rc.cond(n)).transpose()?,
    }))
}

impl Member {
    pub fn reads(&self) -> Reads<'_> {
        let mut paths = vec![&self.value, &self.list];
        if let Some(c) = &self.unless {
            c.visit_paths(&mut |p| paths.push(p));
        }
        Reads::paths(paths)
    }

    pub fn describe(&self) -> Msg {
        let (value, list) = (&self.value, &self.list);
        Msg::new(
            format!("属于：{value} ∈ {list}"),
            format!("member: {value} ∈ {list}"),
        )
    }

    /// Skipped when either the value or the list is not recorded.
    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        if self.unless.as_ref().is_some_and(|c| cx.holds(c)) {
            return Vec::new();
        }
        let (Some(v), Some(list_hit)) = (
            cx.resolve(&self.value).first(),
            cx.resolve(&self.list).first(),
        ) else {
            return Vec::new();
        };
        let Some(text) = v.node.text() else {
            return Vec::new();
        };
        if self.listed(cx, &text, list_hit.node) {
            return Vec::new();
        }
        let l = label(&self.list);
        let detail = Msg::new(
            format!("“{text}”不在 {} 中", l.zh),
            format!("\"{text}\" is not in {}", l.en),
        );
        vec![cx.finding(Status::Violation, v, Some(self.value.field_name()), detail)]
    }

    /// Whether `text` names one of `list`'s items. A round's list is the same for each of its
    /// cases: its names are normalised once into a set the index keeps, so a case costs one
    /// lookup however long the list (5,000 target units); any other list is scanned.
    fn listed(&self, cx: &Cx, text: &str, list: &Node) -> bool {
        let want = cx.pack.orgs.normalize(text);
        let set = match (self.list.scope, cx.round) {
            (Scope::Round, Some(round)) => cx.ix.name_set(round, list, &cx.pack.orgs),
            _ => None,
        };
        match set {
            Some(set) => set.contains(want.as_ref()),
            None => listed_by_scan(cx, &want, list),
        }
    }
}

/// Whether a list item normalises to `want`, item by item.
fn listed_by_scan(cx: &Cx, want: &str, list: &Node) -> bool {
    list.as_list()
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::text)
        .any(|n| cx.pack.orgs.normalize(&n) == want)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::NaiveDate;

    use crate::model::{Kind, Record};
    use crate::pack::index::Index;
    use crate::pack::resolve::Cx;
    use crate::pack::{Check, Pack, PackSource};

    /// A pack of one `member` rule on a round's target list, with naming rules to normalise by.
    fn pack() -> Pack {
        let text = "pack: {id: t, title: {zh: 测试, en: Test}, issued_on: 2020-01-01, effective_from: 2020-01-01, responsible: 巡视办}
organisations:
  strip_prefixes: [中国科学院]
  synonyms:
    人事局: [院人事局]
articles:
  - article: 1
    text: 测试
    rules:
      - id: t.1
        severity: error
        title: {zh: 名单, en: Listed}
        message: {zh: 不在名单内, en: Not listed}
        on: case
        check:
          member: {value: case.unit.name, list: round.targets.units}
";
        PackSource {
            files: vec![("rules.yaml".into(), text.into())],
            dir: None,
        }
        .compile()
        .expect("the pack compiles")
    }

    fn record(json: &str, kind: Kind) -> Record {
        Record {
            file: 0,
            root: crate::load::parse_json_value_shifted(json, json, 0).expect("valid JSON"),
            kind: Some(kind),
        }
    }

    const ROUND: &str = r#"{"kind": "round", "id": "R1", "targets": {"units": ["中国科学院渤海研究所", "院人事局", " 京西所 ", "", null, 3]}}"#;

    /// The verdicts through the index's set (the round is one of its records) and through the
    /// scan (a copy of the round the index does not hold) agree, normalisation included.
    #[test]
    fn the_cached_set_gives_the_scans_verdicts() {
        let pack = pack();
        let rule = &pack.rules[0];
        let Check::Member(member) = &rule.check else {
            panic!("a member check");
        };
        let records = vec![record(ROUND, Kind::Round)];
        let ix = Index::for_pack(&records, &pack);
        let outside = record(ROUND, Kind::Round);
        let cases = [
            ("渤海研究所", true),
            ("中国科学院渤海研究所", true),
            ("中国科学院\u{3000}渤 海研究所", true),
            ("人事局", true),
            ("中国科学院人事局", true),
            ("院人事局", true),
            ("京西所", true),
            ("３", true),
            ("中科院渤海研究所", false),
            ("东海研究所", false),
            ("   ", false),
        ];
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for (name, listed) in cases {
            let json =
                serde_json::json!({"kind": "case", "round_id": "R1", "unit": {"name": name}});
            let case = record(&json.to_string(), Kind::Case);
            let cx = |round| Cx {
                ix: &ix,
                pack: &pack,
                rule,
                record: &case,
                case: Some(&case),
                round: Some(round),
                item: None,
                as_of,
                include_open: false,
            };
            let cached = member.check(&cx(&records[0]));
            let scanned = member.check(&cx(&outside));
            assert_eq!(
                cached.len(),
                scanned.len(),
                "{name}: same verdict both ways"
            );
            let blank = name.trim().is_empty();
            assert_eq!(cached.is_empty(), listed || blank, "{name}");
        }
        let orgs = &pack.orgs;
        let list = records[0].root.get_path("targets.units").unwrap();
        let once = ix
            .name_set(&records[0], list, orgs)
            .expect("held by the index");
        let again = ix
            .name_set(&records[0], list, orgs)
            .expect("held by the index");
        assert!(Arc::ptr_eq(&once, &again), "built once per list");
        assert!(
            ix.name_set(&outside, list, orgs).is_none(),
            "not the index's record"
        );
    }

    /// A sweep makes an index per chunk over the same rounds: the sets it keeps outlive each
    /// index, so a round's list is normalised once per sweep, and more rounds arriving (the
    /// rounds moving in memory) neither loses them nor mixes one round's list with another's.
    #[test]
    fn a_sweeps_sets_outlive_each_chunks_index() {
        let pack = pack();
        let orgs = &pack.orgs;
        let sets = crate::pack::index::NameSets::default();
        let mut rounds = vec![record(ROUND, Kind::Round)];
        let ids = crate::pack::index::RoundIds::default();
        let first = {
            let ix = Index::of_rounds(&rounds, &ids, &sets);
            let list = rounds[0].root.get_path("targets.units").unwrap();
            ix.name_set(&rounds[0], list, orgs).unwrap()
        };
        let other = r#"{"kind": "round", "id": "R2", "targets": {"units": ["东海研究所"]}}"#;
        for _ in 0..64 {
            rounds.push(record(other, Kind::Round));
        }
        let ix = Index::of_rounds(&rounds, &ids, &sets);
        let list = rounds[0].root.get_path("targets.units").unwrap();
        let again = ix.name_set(&rounds[0], list, orgs).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "kept across chunks");
        let last = rounds.last().unwrap();
        let last_set = ix
            .name_set(last, last.root.get_path("targets.units").unwrap(), orgs)
            .unwrap();
        assert!(last_set.contains("东海研究所") && !last_set.contains("渤海研究所"));
    }
}
