//! Triage between sweeps: waivers, baselines and diffs. All three match findings by rule and
//! record identity, never by line, so a finding keeps its identity when an export shifts.

pub mod baseline;
pub mod diff;
pub mod waivers;

use serde_json::Value;

use crate::finding::Finding;
use crate::text::Msg;

/// What makes two findings "the same" across exports: the rule, the record, the item and the field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identity {
    pub rule: String,
    pub round_id: Option<String>,
    pub case_id: Option<String>,
    pub unit: Option<String>,
    pub collection: Option<String>,
    pub item_id: Option<String>,
    pub field: Option<String>,
}

impl Identity {
    pub fn of(f: &Finding) -> Identity {
        Identity {
            rule: f.rule.to_string(),
            round_id: f.round_id.as_deref().map(str::to_owned),
            case_id: f.case_id.clone(),
            unit: f.unit.as_deref().map(str::to_owned),
            collection: f.item.as_ref().map(|i| i.collection.to_string()),
            item_id: f.item.as_ref().and_then(|i| i.id.clone()),
            field: f.field.as_deref().map(str::to_owned),
        }
    }

    /// From a finding object of `--format json`; `None` if it has no `rule`.
    pub fn from_json(f: &Value) -> Option<Identity> {
        let text = |v: &Value| v.as_str().map(str::to_owned);
        Some(Identity {
            rule: f.get("rule")?.as_str()?.to_owned(),
            round_id: f.get("round_id").and_then(text),
            case_id: f.get("case_id").and_then(text),
            unit: f.get("unit").and_then(text),
            collection: f.pointer("/item/collection").and_then(text),
            item_id: f.pointer("/item/id").and_then(text),
            field: f.get("field").and_then(text),
        })
    }

    /// A stable hex digest (64-bit FNV-1a over the parts), for SARIF's `partialFingerprints`.
    /// FNV is fixed by its definition, unlike std's hasher, so the digest never changes
    /// between builds.
    pub fn fingerprint(&self) -> String {
        let parts = [
            Some(self.rule.as_str()),
            self.round_id.as_deref(),
            self.case_id.as_deref(),
            self.unit.as_deref(),
            self.collection.as_deref(),
            self.item_id.as_deref(),
            self.field.as_deref(),
        ];
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in parts {
            // A marker per part keeps `None` apart from `Some("")` and parts apart from each other.
            let bytes = part.map_or(&[0xff_u8][..], str::as_bytes);
            for &b in bytes.iter().chain(&[0x1f]) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }

    /// A short human name for the record: case / item, or the round, or the unit.
    pub fn record_name(&self) -> String {
        let who: Vec<&str> = [self.case_id.as_deref(), self.item_id.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !who.is_empty() {
            return who.join(" / ");
        }
        self.round_id
            .clone()
            .or_else(|| self.unit.clone())
            .unwrap_or_default()
    }
}

/// A rule id or prefix, with the same meaning as in `--select`.
pub fn rule_matches(pattern: &str, rule: &str) -> bool {
    crate::selectors::matches(pattern, rule)
}

/// The findings after waivers and the baseline: what is reported, what was set aside, and
/// what the user should hear about the waivers themselves.
#[derive(Debug, Default)]
pub struct Triaged {
    pub reported: Vec<Finding>,
    pub waived: Vec<Finding>,
    /// The waiver that set each of `waived` aside, in the same order.
    pub waived_by: Vec<waivers::Waiver>,
    /// Findings dropped because the baseline already had them (`None` without `--baseline`).
    pub baselined: Option<usize>,
    pub warnings: Vec<Msg>,
}

/// 1-based line and column of a byte offset, counting characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable_and_tells_parts_apart() {
        let a = Identity {
            rule: "cas62.16.x".into(),
            round_id: Some("2025-2".into()),
            case_id: Some("2025-2-07".into()),
            unit: None,
            collection: Some("clues".into()),
            item_id: Some("XS-1".into()),
            field: Some("result_fed_back_on".into()),
        };
        let mut b = a.clone();
        b.item_id = Some("XS-2".into());
        let mut c = a.clone();
        c.unit = Some(String::new());
        assert_eq!(a.fingerprint(), a.clone().fingerprint());
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), c.fingerprint());
        assert_eq!(a.fingerprint().len(), 16);
    }

    #[test]
    fn rule_prefixes_match_whole_segments() {
        assert!(rule_matches("cas62.16", "cas62.16.clue-feedback"));
        assert!(rule_matches(
            "cas62.16.clue-feedback",
            "cas62.16.clue-feedback"
        ));
        assert!(!rule_matches("cas62.1", "cas62.16.clue-feedback"));
        assert!(rule_matches("data.", "data.date"));
    }
}
