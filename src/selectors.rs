//! Rule selectors — `--select`, `--ignore`, waivers, `clausecheck.toml` — and the rules they can
//! name. A selector that names no rule is a mistake worth stopping for (exit 2), as ruff does:
//! `--select cas62.99` would otherwise check nothing and pass.

use crate::text::Msg;

/// The rules the loaders and the engine's data checks report under: no pack declares them.
pub const DATA_RULES: &[&str] = &[
    "data.column",
    "data.date",
    "data.duplicate-id",
    "data.duplicate-key",
    "data.encoding",
    "data.enum",
    "data.future-date",
    "data.kind",
    "data.limit",
    "data.missing-id",
    "data.syntax",
    "data.table",
    "data.type",
    "data.unknown-reference",
];

/// What whoever maintains the export does to cure a `data.` finding.
pub fn data_rule_help(id: &str) -> Msg {
    let (zh, en) = match id {
        "data.syntax" => (
            "修正该处的语法错误（JSON、YAML 或 CSV）后重新导出",
            "fix the syntax error at this place (JSON, YAML or CSV) and export again",
        ),
        "data.encoding" => (
            "以 UTF-8 或 GB18030 重新导出，或用 --encoding 指定文件的编码",
            "export again as UTF-8 or GB18030, or name the file's encoding with --encoding",
        ),
        "data.limit" => (
            "拆分或精简超出限制的部分后重新导出",
            "split or trim the part beyond the limit and export again",
        ),
        "data.duplicate-key" => (
            "删除重复的键，只保留一个值",
            "remove the repeated key, keeping one value",
        ),
        "data.kind" => (
            "将记录的 kind 设为 round、case 或 unit",
            "set the record's kind to round, case or unit",
        ),
        "data.missing-id" => (
            "补录该记录的标识（轮次 id、案卷 case_id 或事项 id）",
            "add the record's identifier (round id, case_id or item id)",
        ),
        "data.duplicate-id" => (
            "合并重复的记录，或更正其中一个标识",
            "merge the repeated records or correct one identifier",
        ),
        "data.unknown-reference" => (
            "补录所引用的轮次或单位记录，或更正引用",
            "add the round or unit record referred to, or correct the reference",
        ),
        "data.date" => ("以 YYYY-MM-DD 记录该日期", "record the date as YYYY-MM-DD"),
        "data.future-date" => (
            "更正晚于评估日的日期",
            "correct the date that lies after the evaluation date",
        ),
        "data.type" => (
            "按导出格式规定的类型记录该字段",
            "record the field with the type the export format gives it",
        ),
        "data.enum" => (
            "改为导出格式允许的取值",
            "use one of the values the export format allows",
        ),
        "data.table" => (
            "将表名改为导出格式的表名（中文或英文）",
            "name the table as the export format does (Chinese or English)",
        ),
        "data.column" => (
            "将列名改为导出格式的列名（中文或英文）",
            "name the column as the export format does (Chinese or English)",
        ),
        _ => (
            "按导出格式更正该处数据后重新导出",
            "correct the data here as the export format says and export again",
        ),
    };
    Msg::new(
        format!("导出数据的维护方：{zh}"),
        format!("Whoever maintains the export: {en}"),
    )
}

/// Whether `selector` (a rule id, a dotted prefix of one, or a prefix ending in `.`) takes in
/// `rule`.
pub fn matches(selector: &str, rule: &str) -> bool {
    rule == selector
        || rule
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('.'))
        || (selector.ends_with('.') && rule.starts_with(selector))
}

/// The selectors of `selectors` that take in none of `rules`, each with the closest ids and
/// prefixes, as a message naming `origin` (`--select`, a waiver's place, …).
pub fn unknown(selectors: &[String], rules: &[&str], origin: &Msg) -> Option<Msg> {
    let bad: Vec<String> = selectors
        .iter()
        .filter(|s| !rules.iter().any(|r| matches(s, r)))
        .map(|s| describe(s, rules))
        .collect();
    if bad.is_empty() {
        return None;
    }
    Some(Msg::new(
        format!(
            "{} 中的规则选择不对应任何规则：{}",
            origin.zh,
            bad.join("；")
        ),
        format!("{} names no rule: {}", origin.en, bad.join("; ")),
    ))
}

/// `` `cas62.99` (cas62.9?, cas62.19?) ``: the selector and up to three near names.
fn describe(selector: &str, rules: &[&str]) -> String {
    let near = closest(selector, rules);
    if near.is_empty() {
        format!("`{selector}`")
    } else {
        format!("`{selector}` ({}?)", near.join("?, "))
    }
}

/// Up to three rule ids or dotted prefixes of them closest to `selector` by edit distance,
/// within a third of its length (at least 2).
pub fn closest(selector: &str, rules: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = rules
        .iter()
        .flat_map(|r| {
            r.match_indices('.')
                .map(|(i, _)| r[..i].to_string())
                .chain(std::iter::once(r.to_string()))
        })
        .collect();
    names.sort();
    names.dedup();
    let limit = (selector.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, String)> = names
        .into_iter()
        .map(|n| (strsim::levenshtein(selector, &n), n))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &[
        "cas62.9.preparation",
        "cas62.19.urgent-matters",
        "cas62.16.clue-feedback",
        "data.date",
    ];

    fn flag(name: &str) -> Msg {
        Msg::new(name, name)
    }

    #[test]
    fn selectors_take_in_ids_and_dotted_prefixes_only() {
        assert!(matches("cas62.", "cas62.16.clue-feedback"));
        assert!(!matches("cas62.1.", "cas62.16.clue-feedback"));
        assert!(matches("cas62.16.clue-feedback", "cas62.16.clue-feedback"));
        assert!(matches("cas62.", "cas62.16.clue-feedback"));
        assert!(!matches("cas62.1.", "cas62.16.clue-feedback"));
        assert!(!matches("cas62.1", "cas62.16.clue-feedback"));
        assert!(matches("data", "data.date"));
        assert!(!matches("dat", "data.date"));
    }

    #[test]
    fn unknown_selectors_are_named_with_the_closest_rules() {
        assert!(unknown(&["cas62".into(), "data.".into()], RULES, &flag("--select")).is_none());
        let m = unknown(
            &["cas62.99".into(), "cas62.16".into()],
            RULES,
            &flag("--select"),
        )
        .unwrap();
        assert_eq!(
            m.en,
            "--select names no rule: `cas62.99` (cas62.19?, cas62.9?, cas62.16?)"
        );
        let m = unknown(&["zzz.unrelated.thing".into()], RULES, &flag("--ignore")).unwrap();
        assert_eq!(m.en, "--ignore names no rule: `zzz.unrelated.thing`");
    }

    #[test]
    fn every_data_rule_the_code_reports_is_listed() {
        let mut found = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (i, _) in text.match_indices("\"data.") {
                        let id: String = text[i + 1..].chars().take_while(|c| *c != '"').collect();
                        if id.len() > 5 && !id.ends_with('.') {
                            found.push(id);
                        }
                    }
                }
            }
        }
        assert!(found.len() > 10);
        for id in found {
            assert!(
                DATA_RULES.contains(&id.as_str()),
                "{id} is not in DATA_RULES"
            );
        }
    }
}
