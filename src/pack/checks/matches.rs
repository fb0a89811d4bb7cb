//! `matches`: a field's text has a required form — a case id, a document number such as
//! `科发党字〔2020〕62号`. The whole value (trimmed) must match the pattern; a value not recorded
//! is not judged (that is `present`'s question). Each value of a list field is judged alone.

use regex::Regex;

use super::{Check, Reads};
use crate::finding::{Finding, Status};
use crate::model::{Node, Value};
use crate::pack::emit::label;
use crate::pack::resolve::{Cx, Hit};
use crate::pack::{PackError, Path, RuleCx};
use crate::schema::FieldType;
use crate::text::Msg;

/// `matches: {value: case.case_id, pattern: 'XS-\d{4}-\d{3}'}`.
#[derive(Debug, Clone)]
pub struct Matches {
    pub value: Path,
    /// The pattern as the rule file writes it, for messages and `rules show`.
    pub pattern: String,
    /// `pattern` anchored at both ends: a value matches only as a whole.
    whole: Regex,
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let f = rc.cx.map(node, "matches", &["value", "pattern"])?;
    let value_node = f.req(rc.cx, "value", "matches")?;
    let value = rc.path(value_node)?;
    if !is_text(value.ty) {
        return Err(rc.cx.error(
            value_node.span,
            format!("`{value}` 不是文本字段，无法按格式检查"),
            format!("`{value}` is not a text field; only text can match a pattern"),
        ));
    }
    let pattern_node = f.req(rc.cx, "pattern", "matches")?;
    let pattern = pattern_text(rc, pattern_node)?;
    let whole = anchored(&pattern).map_err(|reason| {
        rc.cx.error(
            pattern_node.span,
            format!("正则表达式 `{pattern}` 无效：{reason}"),
            format!("invalid regular expression `{pattern}`: {reason}"),
        )
    })?;
    Ok(Check::Matches(Matches {
        value,
        pattern,
        whole,
    }))
}

/// The pattern exactly as written: unlike other texts it is not trimmed, as a space in a
/// pattern means a space.
fn pattern_text(rc: &RuleCx, node: &Node) -> Result<String, PackError> {
    match &node.value {
        Value::Text(s) if !s.is_empty() => Ok(s.clone()),
        _ => Err(rc.cx.error(
            node.span,
            "pattern 应为非空的正则表达式",
            "pattern must be a non-empty regular expression",
        )),
    }
}

/// `pattern` matching whole values only. It is first compiled alone: wrapped, a pattern such
/// as `a)(b` would compile though it is not one.
fn anchored(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern)
        .and_then(|_| Regex::new(&format!("^(?:{pattern})$")))
        .map_err(|e| reason(&e))
}

/// The one line of a regex error that says what is wrong (its syntax errors draw the pattern
/// with a caret over several lines, which a located pack error already does better).
fn reason(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(text) => text
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("error: "))
            .unwrap_or(text)
            .trim()
            .to_string(),
        other => other.to_string(),
    }
}

fn is_text(ty: FieldType) -> bool {
    matches!(
        ty,
        FieldType::Text
            | FieldType::Org
            | FieldType::TextList
            | FieldType::OrgList
            | FieldType::Integer
            | FieldType::Enum(_)
    )
}

impl Matches {
    pub fn reads(&self) -> Reads<'_> {
        Reads::paths(vec![&self.value])
    }

    pub fn describe(&self) -> Msg {
        let (value, pattern) = (&self.value, &self.pattern);
        Msg::new(
            format!("格式：{value} 须符合 {pattern}"),
            format!("matches: {value} ~ {pattern}"),
        )
    }

    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        let resolved = cx.resolve(&self.value);
        let mut out = Vec::new();
        for hit in resolved.recorded() {
            match hit.node.as_list() {
                Some(items) => {
                    for item in items.iter().filter(|n| !n.is_blank()) {
                        let at = Hit {
                            node: item,
                            file: hit.file,
                        };
                        out.extend(self.judge(cx, at));
                    }
                }
                None => out.extend(self.judge(cx, *hit)),
            }
        }
        out
    }

    /// A finding when the value at `at` does not have the form.
    fn judge(&self, cx: &Cx, at: Hit) -> Option<Finding> {
        let text = at.node.text()?;
        let value = text.trim();
        if self.whole.is_match(value) {
            return None;
        }
        let l = label(&self.value);
        let detail = Msg::new(
            format!("{} 为“{value}”，不符合格式 {}", l.zh, self.pattern),
            format!(
                "{} is \"{value}\", which does not match {}",
                l.en, self.pattern
            ),
        );
        Some(cx.finding(Status::Violation, at, Some(self.value.field_name()), detail))
    }
}

#[cfg(test)]
mod tests {
    use crate::pack::{Check, Pack, PackError, PackSource};

    /// A one-rule pack whose check is `check` (YAML flow, on line 12 of the file).
    fn compiled(check: &str) -> Result<Pack, PackError> {
        let text = format!(
            "pack: {{id: t, title: {{zh: 测试, en: Test}}, issued_on: 2020-01-01, effective_from: 2020-01-01, responsible: 巡视办}}
articles:
  - article: 1
    text: 测试
    rules:
      - id: t.1
        severity: warning
        title: {{zh: 格式, en: Form}}
        message: {{zh: 不合格式, en: Out of form}}
        on: case
        check:
          {check}
"
        );
        PackSource {
            files: vec![("rules.yaml".into(), text)],
            dir: None,
        }
        .compile()
    }

    fn error(check: &str) -> PackError {
        compiled(check).expect_err("a pack error")
    }

    #[test]
    fn a_pattern_compiles_and_shows_as_written() {
        let pack = compiled(r"matches: {value: case.case_id, pattern: 'XS-\d{4}'}").unwrap();
        let check = &pack.rules[0].check;
        let Check::Matches(m) = check else {
            panic!("a matches check: {check:?}");
        };
        assert!(m.whole.is_match("XS-2025"));
        assert!(!m.whole.is_match("XS-2025-1"), "anchored at the end");
        assert!(!m.whole.is_match("AXS-2025"), "anchored at the start");
        let describe = check.describe(&pack);
        assert_eq!(describe.en, r"matches: case.case_id ~ XS-\d{4}");
        assert_eq!(describe.zh, r"格式：case.case_id 须符合 XS-\d{4}");
        let reads = check.reads();
        assert_eq!(reads.paths.len(), 1);
        assert!(!reads.across_records && reads.case_fields.is_empty());
    }

    #[test]
    fn an_alternation_matches_only_whole_values() {
        let pack = compiled("matches: {value: case.case_id, pattern: 'a|ab'}").unwrap();
        let Check::Matches(m) = &pack.rules[0].check else {
            panic!("a matches check");
        };
        assert!(m.whole.is_match("ab"));
        assert!(!m.whole.is_match("abc"));
    }

    #[test]
    fn an_invalid_pattern_is_an_error_at_its_line_in_both_languages() {
        let e = error(r"matches: {value: case.case_id, pattern: 'XS-(\d{4}'}");
        assert_eq!(e.line_col().map(|(line, _)| line), Some(12));
        assert_eq!(e.message.zh, r"正则表达式 `XS-(\d{4}` 无效：unclosed group");
        assert_eq!(
            e.message.en,
            r"invalid regular expression `XS-(\d{4}`: unclosed group"
        );
    }

    #[test]
    fn a_pattern_that_only_compiles_once_wrapped_is_still_invalid() {
        let e = error("matches: {value: case.case_id, pattern: 'a)(b'}");
        assert!(
            e.message
                .en
                .starts_with("invalid regular expression `a)(b`"),
            "{}",
            e.message.en
        );
    }

    #[test]
    fn only_text_fields_and_non_empty_patterns_are_accepted() {
        let date = error("matches: {value: case.entered_on, pattern: '2025.*'}");
        assert!(
            date.message.en.contains("not a text field"),
            "{}",
            date.message.en
        );
        let empty = error("matches: {value: case.case_id, pattern: ''}");
        assert!(
            empty.message.en.contains("non-empty"),
            "{}",
            empty.message.en
        );
        let typo = error("matches: {value: case.case_id, patern: 'x'}");
        assert!(
            typo.message.en.contains("did you mean `pattern`"),
            "{}",
            typo.message.en
        );
    }

    #[test]
    fn an_unknown_kind_lists_matches_among_the_kinds() {
        let e = error("match: {value: case.case_id, pattern: 'x'}");
        assert!(
            e.message.en.contains("coverage, recurrence, matches"),
            "{}",
            e.message.en
        );
        assert!(e.message.zh.contains("、matches"), "{}", e.message.zh);
    }
}
