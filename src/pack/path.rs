//! Field paths in rules: `item.vetted_on`, `case.report.submitted_on`, `round.training.held_on`,
//! `cases.report.party_approved_on` (the round's cases), with filters on item lists:
//! `case.rectification_reviews[outcome=通过].held_on`, `case.clues[id=@item.clue_id]`.

use std::fmt;

use crate::model::Kind;
use crate::schema::{self, FieldType};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The item of the rule's `each` list.
    Item,
    Case,
    /// The round the rule is on, or the round of the case.
    Round,
    Unit,
    /// Every case of the round (of the round the rule is on, or of the case's round).
    Cases,
}

impl Scope {
    fn parse(s: &str) -> Option<Scope> {
        match s {
            "item" => Some(Scope::Item),
            "case" => Some(Scope::Case),
            "round" => Some(Scope::Round),
            "unit" => Some(Scope::Unit),
            "cases" => Some(Scope::Cases),
            _ => None,
        }
    }

    /// How specific a scope is: an item's field is more specific than its case's.
    pub fn rank(self) -> u8 {
        match self {
            Scope::Item => 3,
            Scope::Case | Scope::Unit => 2,
            Scope::Round | Scope::Cases => 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    Literal(String),
    Path(Box<Path>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub key: crate::model::Key,
    pub filter: Option<(String, FilterValue)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub scope: Scope,
    pub segments: Vec<Segment>,
    /// Yields several values (passes through an item list, or over the round's cases).
    pub multi: bool,
    pub ty: FieldType,
    pub text: String,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Path {
    /// The dotted field name within its record or item, filters left out (`report.submitted_on`).
    pub fn field_name(&self) -> String {
        let keys: Vec<&str> = self.segments.iter().map(|s| s.key.as_str()).collect();
        keys.join(".")
    }
}

/// What a path may name, given the rule it is in.
#[derive(Debug, Clone)]
pub struct PathContext<'a> {
    pub on: Kind,
    /// The `each` collection, as a schema path of `on` (`clues`, `team.members`).
    pub each: Option<&'a str>,
    /// Extra fields the pack declares: (kind, schema path, type).
    pub extra: &'a [(Kind, String, FieldType)],
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathError {
    pub zh: String,
    pub en: String,
}

fn err(zh: String, en: String) -> PathError {
    PathError { zh, en }
}

pub fn parse(text: &str, ctx: &PathContext) -> Result<Path, PathError> {
    let parts = split_top(text);
    let (scope_text, rest) = parts
        .split_first()
        .ok_or_else(|| err("空路径".into(), "empty path".into()))?;
    let scope = Scope::parse(scope_text).ok_or_else(|| {
        err(
            format!("路径 `{text}` 须以 item.、case.、round.、unit. 或 cases. 开头"),
            format!("path `{text}` must start with item., case., round., unit. or cases."),
        )
    })?;
    let (kind, prefix) = scope_root(scope, ctx, text)?;
    let mut segments = Vec::new();
    for part in rest {
        segments.push(parse_segment(part, text, ctx)?);
    }
    let (ty, multi_inside) = check_fields(kind, prefix, &segments, ctx, text)?;
    Ok(Path {
        scope,
        segments,
        multi: multi_inside || scope == Scope::Cases,
        ty,
        text: text.to_string(),
    })
}

fn scope_root<'a>(
    scope: Scope,
    ctx: &PathContext<'a>,
    text: &str,
) -> Result<(Kind, Option<&'a str>), PathError> {
    match scope {
        Scope::Item => match ctx.each {
            Some(each) => Ok((ctx.on, Some(each))),
            None => Err(err(
                format!("路径 `{text}` 使用 item.，但规则没有 each"),
                format!("path `{text}` uses item. but the rule has no `each`"),
            )),
        },
        Scope::Case | Scope::Cases if ctx.on == Kind::Unit => Err(err(
            format!("单位规则不能使用 `{text}`"),
            format!("a rule on units cannot use `{text}`"),
        )),
        Scope::Case if ctx.on == Kind::Round => Err(err(
            format!("轮次规则请用 cases. 引用其案卷：`{text}`"),
            format!("a rule on rounds reaches its cases with cases., not `{text}`"),
        )),
        Scope::Round if ctx.on == Kind::Unit => Err(err(
            format!("单位规则不能使用 `{text}`"),
            format!("a rule on units cannot use `{text}`"),
        )),
        Scope::Unit if ctx.on != Kind::Unit => Err(err(
            format!("unit. 只用于单位规则；案卷的单位字段写作 case.unit.name：`{text}`"),
            format!("unit. is for rules on units; a case's unit is case.unit.name: `{text}`"),
        )),
        Scope::Case | Scope::Cases => Ok((Kind::Case, None)),
        Scope::Round => Ok((Kind::Round, None)),
        Scope::Unit => Ok((Kind::Unit, None)),
    }
}

/// Splits on dots outside brackets.
fn split_top(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn parse_segment(part: &str, text: &str, ctx: &PathContext) -> Result<Segment, PathError> {
    let bad = || {
        err(
            format!("路径 `{text}` 中的 `{part}` 写法有误"),
            format!("`{part}` in path `{text}` is malformed"),
        )
    };
    let Some((key, filter)) = part.split_once('[') else {
        return if is_key(part) {
            Ok(Segment {
                key: part.into(),
                filter: None,
            })
        } else {
            Err(bad())
        };
    };
    let filter = filter.strip_suffix(']').ok_or_else(bad)?;
    let (field, value) = filter.split_once('=').ok_or_else(bad)?;
    if !is_key(key) || !is_key(field.trim()) {
        return Err(bad());
    }
    let value = value.trim();
    let value = match value.strip_prefix('@') {
        Some(reference) => FilterValue::Path(Box::new(parse(reference, ctx)?)),
        None => FilterValue::Literal(value.to_string()),
    };
    Ok(Segment {
        key: key.into(),
        filter: Some((field.trim().into(), value)),
    })
}

fn is_key(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Checks every prefix of the path against the export format (or the pack's own fields) and
/// returns the type of the last field and whether an item list was passed through.
fn check_fields(
    kind: Kind,
    prefix: Option<&str>,
    segments: &[Segment],
    ctx: &PathContext,
    text: &str,
) -> Result<(FieldType, bool), PathError> {
    let mut schema_path = prefix.unwrap_or("").to_string();
    let mut ty = FieldType::Object;
    let mut multi = false;
    for (i, seg) in segments.iter().enumerate() {
        if ty == FieldType::Items {
            multi = true;
        }
        if !schema_path.is_empty() {
            schema_path.push('.');
        }
        schema_path.push_str(&seg.key);
        ty = lookup(kind, &schema_path, ctx).ok_or_else(|| unknown(text, &schema_path, kind))?;
        if let Some((field, _)) = &seg.filter {
            if ty != FieldType::Items {
                return Err(err(
                    format!("`{text}`：只有条目列表可以筛选"),
                    format!("`{text}`: only item lists can be filtered"),
                ));
            }
            let item_field = format!("{schema_path}.{field}");
            lookup(kind, &item_field, ctx).ok_or_else(|| unknown(text, &item_field, kind))?;
        }
        let last = i + 1 == segments.len();
        if last && ty == FieldType::Items && seg.filter.is_some() {
            multi = true;
        }
    }
    if segments.is_empty() && prefix.is_none() {
        return Err(err(
            format!("路径 `{text}` 未指明字段"),
            format!("path `{text}` names no field"),
        ));
    }
    Ok((ty, multi))
}

fn lookup(kind: Kind, path: &str, ctx: &PathContext) -> Option<FieldType> {
    schema::field(kind, path).map(|f| f.ty).or_else(|| {
        ctx.extra
            .iter()
            .find(|(k, p, _)| *k == kind && p == path)
            .map(|(_, _, t)| *t)
    })
}

fn unknown(text: &str, schema_path: &str, kind: Kind) -> PathError {
    err(
        format!(
            "路径 `{text}`：导出格式中 {} 记录没有字段 `{schema_path}`（可在规则包 fields 中声明自定义字段）",
            kind.as_str()
        ),
        format!(
            "path `{text}`: a {} record has no field `{schema_path}` in the export format (declare custom fields under `fields` in the pack)",
            kind.as_str()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(on: Kind, each: Option<&'static str>) -> PathContext<'static> {
        PathContext {
            on,
            each,
            extra: &[],
        }
    }

    #[test]
    fn parses_scoped_paths() {
        let p = parse("case.report.submitted_on", &ctx(Kind::Case, None)).unwrap();
        assert_eq!(p.scope, Scope::Case);
        assert_eq!(p.field_name(), "report.submitted_on");
        assert_eq!(p.ty, FieldType::Date);
        assert!(!p.multi);
        let p = parse("item.vetted_on", &ctx(Kind::Case, Some("team.members"))).unwrap();
        assert_eq!(p.ty, FieldType::Date);
    }

    #[test]
    fn filters_and_fan_out() {
        let p = parse(
            "case.rectification_reviews[outcome=通过].held_on",
            &ctx(Kind::Case, None),
        )
        .unwrap();
        assert!(p.multi);
        let p = parse(
            "case.clues[id=@item.clue_id].transferred_on",
            &ctx(Kind::Case, Some("petitions")),
        )
        .unwrap();
        assert!(matches!(
            p.segments[0].filter,
            Some((_, FilterValue::Path(_)))
        ));
        let p = parse("cases.report.party_approved_on", &ctx(Kind::Round, None)).unwrap();
        assert!(p.multi);
    }

    #[test]
    fn rejects_unknown_fields_and_scopes() {
        assert!(parse("case.report.submited_on", &ctx(Kind::Case, None)).is_err());
        assert!(parse("item.vetted_on", &ctx(Kind::Case, None)).is_err());
        assert!(parse("report.submitted_on", &ctx(Kind::Case, None)).is_err());
        assert!(parse("case.entered_on[x=1]", &ctx(Kind::Case, None)).is_err());
        assert!(parse("case.clues[nope=1].id", &ctx(Kind::Case, None)).is_err());
    }
}
