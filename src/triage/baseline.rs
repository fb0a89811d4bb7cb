//! `--baseline FILE`: a previous `--format json` output; only findings not in it are reported.
//!
//! Matching is by [`Identity`] with multiset semantics: a baseline that holds a finding twice
//! hides two current findings with that identity, not more.

use std::collections::HashMap;

use serde_json::Value;

use super::Identity;
use crate::finding::Finding;
use crate::text::Msg;

/// The finding objects of a `--format json` output; `name` is how messages name the file.
pub fn read_report(name: &str, text: &str) -> Result<Vec<Value>, Msg> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        Msg::new(
            format!("{name}:{}:{}：不是有效的 JSON：{e}", e.line(), e.column()),
            format!("{name}:{}:{}: not valid JSON: {e}", e.line(), e.column()),
        )
    })?;
    let Some(findings) = root.get("findings").and_then(Value::as_array) else {
        return Err(Msg::new(
            format!(
                "{name}：应为 `clausecheck check --format json` 的输出（缺少 `findings` 数组）"
            ),
            format!(
                "{name}: expected the output of `clausecheck check --format json` (no `findings` array)"
            ),
        ));
    };
    if let Some(i) = findings
        .iter()
        .position(|f| Identity::from_json(f).is_none())
    {
        return Err(Msg::new(
            format!("{name}：findings[{i}] 缺少文本型的 `rule`"),
            format!("{name}: findings[{i}] has no text `rule`"),
        ));
    }
    Ok(findings.clone())
}

/// The current findings that the baseline does not hold, and how many it did.
pub fn apply(baseline: &[Value], findings: Vec<Finding>) -> (Vec<Finding>, usize) {
    let mut known: HashMap<Identity, usize> = HashMap::new();
    for id in baseline.iter().filter_map(Identity::from_json) {
        *known.entry(id).or_default() += 1;
    }
    let before = findings.len();
    let fresh: Vec<Finding> = findings
        .into_iter()
        .filter(|f| match known.get_mut(&Identity::of(f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect();
    let hidden = before - fresh.len();
    (fresh, hidden)
}
