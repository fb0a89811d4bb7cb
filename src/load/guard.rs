//! Limits and checks that keep hostile or broken exports from crashing the run or hiding
//! findings: nesting depth, YAML expansion budgets, undecodable-byte reports, repeated keys.
//! Each limit, when reached, is a located `data.limit` finding; the rest of the input is read.

use super::{LoadIssue, Parsed};
use crate::model::{FileId, Key, Node, Span, Value};
use crate::text::Msg;

/// Deepest nesting of arrays and objects (JSON) or sequences and mappings (YAML) read.
/// Exports nest about five levels; the limit keeps recursion far from the stack's end.
pub const MAX_DEPTH: usize = 64;

/// Undecodable byte sequences reported one by one per file; the rest are counted in one
/// `data.limit` finding.
pub const MAX_ENCODING_FINDINGS: usize = 100;

/// Where `text` (JSON) first opens a container deeper than [`MAX_DEPTH`], as a byte offset.
/// Strings are skipped, so brackets inside them do not count. Linear, no recursion.
pub fn json_too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The `data.limit` finding for nesting deeper than [`MAX_DEPTH`] at `offset`.
pub fn too_deep(parsed: &mut Parsed, file: FileId, offset: usize) {
    parsed.issues.push(LoadIssue {
        rule: "data.limit",
        file,
        span: Span::new(offset, 1),
        message: Msg::new(
            format!("嵌套超过 {MAX_DEPTH} 层，此处起的内容未读取（导出数据通常不超过 5 层）"),
            format!(
                "nesting deeper than {MAX_DEPTH} levels; the content from here was not read (exports nest about 5 levels)"
            ),
        ),
    });
}

/// Whether a YAML parse error is a resource limit (nesting, node or alias-expansion budget)
/// rather than a syntax error.
pub fn is_yaml_limit(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "budget",
        "recursion limit",
        "limit exceeded",
        "depth exceeded",
    ]
    .iter()
    .any(|k| m.contains(k))
}

/// The `data.limit` finding for a YAML document that exceeds the parser's budget.
pub fn yaml_limit(parsed: &mut Parsed, file: FileId, span: Span, detail: &str) {
    parsed.issues.push(LoadIssue {
        rule: "data.limit",
        file,
        span,
        message: Msg::new(
            format!(
                "YAML 超出读取限制（嵌套不超过 {MAX_DEPTH} 层；别名展开有上限，以防“十亿笑声”式炸弹），文件未读取：{detail}"
            ),
            format!(
                "the YAML exceeds a reading limit (at most {MAX_DEPTH} levels of nesting; alias expansion is capped against \"billion laughs\" bombs); the file was not read: {detail}"
            ),
        ),
    });
}

/// The `data.limit` finding that counts undecodable sequences beyond the first
/// [`MAX_ENCODING_FINDINGS`], placed at the first one not listed.
pub fn encoding_overflow(file: FileId, span: Span, more: usize) -> LoadIssue {
    LoadIssue {
        rule: "data.limit",
        file,
        span,
        message: Msg::new(
            format!(
                "另有 {more} 处字节无法解码，未逐一列出（每个文件最多列出 {MAX_ENCODING_FINDINGS} 处）；文件编码很可能不对，可用 --encoding 指定"
            ),
            format!(
                "{more} more undecodable byte sequences are not listed one by one (at most {MAX_ENCODING_FINDINGS} per file); the file's encoding is probably wrong (--encoding chooses one)"
            ),
        ),
    }
}

/// The `data.limit` finding for a worksheet whose used area exceeds
/// [`super::xlsx::MAX_SHEET_CELLS`]; the workbook's other sheets are read.
pub fn sheet_too_large(file: FileId, span: Span, sheet: &str, cells: u64) -> LoadIssue {
    let max = super::workbook::MAX_SHEET_CELLS;
    LoadIssue {
        rule: "data.limit",
        file,
        span,
        message: Msg::new(
            format!(
                "工作表“{sheet}”的使用区域有 {cells} 个单元格，超过上限 {max}，未读取（常见原因：远处有一个孤立的单元格）"
            ),
            format!(
                "sheet `{sheet}` spans {cells} cells, more than the limit of {max}, and was not read (often a stray cell far from the data)"
            ),
        ),
    }
}

/// A `data.duplicate-key` finding for every key repeated within one object or mapping, at the
/// repeated value. Lookups take the first occurrence (as in the file's reading order), so the
/// finding says which value was ignored.
/// Up to this many keys, an object's keys are compared pairwise rather than hashed.
const SMALL_MAP: usize = 24;

pub fn duplicate_keys(parsed: &mut Parsed, file: FileId, node: &Node) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                // Records' objects are small: comparing with the keys before is cheaper than
                // hashing each one (this ran on every object of every record).
                let mut seen = (entries.len() > SMALL_MAP).then(|| {
                    crate::hashing::FastSet::with_capacity_and_hasher(
                        entries.len(),
                        Default::default(),
                    )
                });
                // A field name of the export format is a number: a bit says whether it came before.
                let mut known_seen = 0u128;
                for (i, (key, value)) in entries.iter().enumerate() {
                    let repeated = match (key, &mut seen) {
                        (Key::Known(n), _) => {
                            let bit = 1u128 << n;
                            let before = known_seen & bit != 0;
                            known_seen |= bit;
                            before
                        }
                        (Key::Other(_), Some(seen)) => !seen.insert(key.as_str()),
                        (Key::Other(_), None) => entries.iter().take(i).any(|(k, _)| k == key),
                    };
                    if repeated {
                        parsed.issues.push(LoadIssue {
                            rule: "data.duplicate-key",
                            file,
                            span: value.span,
                            message: Msg::new(
                                format!("键 `{key}` 重复出现；以第一次出现的值为准，此值被忽略"),
                                format!(
                                    "key `{key}` appears more than once; the first value counts and this one is ignored"
                                ),
                            ),
                        });
                    }
                    stack.push(value);
                }
            }
            Value::List(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_found_in_small_and_large_objects() {
        for size in [3, SMALL_MAP, SMALL_MAP + 1, 40] {
            let mut keys: Vec<String> = (0..size).map(|i| format!("\"k{i}\": {i}")).collect();
            keys.push("\"k1\": \"again\"".to_string());
            keys.push(format!("\"k{}\": null", size - 1));
            let json = format!("{{{}}}", keys.join(", "));
            let node = crate::load::parse_json_value(&json, &json).unwrap();
            let mut parsed = Parsed::default();
            duplicate_keys(&mut parsed, 0, &node);
            let at: Vec<&str> = parsed
                .issues
                .iter()
                .map(|i| &json[i.span.offset..i.span.offset + i.span.len])
                .collect();
            assert_eq!(at, ["\"again\"", "null"], "{size} keys");
        }
    }

    #[test]
    fn depth_counts_containers_outside_strings() {
        let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(json_too_deep(&at_limit), None);
        let over = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(json_too_deep(&over), Some(MAX_DEPTH));
        let quoted = format!("[\"{}\\\"{}\"]", "[".repeat(200), "{".repeat(200));
        assert_eq!(json_too_deep(&quoted), None);
        // Closing brackets bring the depth down again.
        let siblings = "[[]]".repeat(MAX_DEPTH * 2);
        assert_eq!(json_too_deep(&siblings), None);
    }

    #[test]
    fn yaml_limits_are_told_from_syntax_errors() {
        assert!(is_yaml_limit("budget breached: RecordedAnchorEvents"));
        assert!(is_yaml_limit("line 1 column 256: recursion limit exceeded"));
        assert!(!is_yaml_limit("duplicate mapping key: case_id"));
    }
}
