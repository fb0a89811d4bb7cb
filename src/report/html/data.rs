//! The findings as one compact JSON blob for the page's script: every repeated string (units,
//! rules, messages, dates) is stored once in a string table and findings refer to it by number,
//! so 50,000 findings stay a few megabytes. The script renders from this blob only; no export
//! value reaches the page as markup.

use std::collections::HashMap;
use std::fmt::Write;

use crate::finding::{Finding, Light, Status};
use crate::pack::Severity;
use crate::report::{RunReport, groups};

/// Strings stored once, referred to by index; index 0 is the empty string ("none").
struct Strings {
    index: HashMap<String, usize>,
    list: Vec<String>,
}

impl Strings {
    fn new() -> Strings {
        Strings {
            index: HashMap::from([(String::new(), 0)]),
            list: vec![String::new()],
        }
    }

    /// The index of `s`, made inert first: bidi overrides and control characters from an
    /// export are shown as `\u{…}`, as in every other output.
    fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.list.len();
        self.list.push(crate::text::inert(s.to_string()));
        self.index.insert(s.to_string(), i);
        i
    }

    fn opt(&mut self, s: Option<&str>) -> usize {
        s.map_or(0, |s| self.id(s))
    }
}

/// A rule as findings use it: id, article and severity (a finding points at one by index).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Kind {
    rule: String,
    article: Option<u32>,
    severity: Severity,
}

/// The codes the script decodes; their order is the script's `STATUS`, `LIGHT` and `SEVERITY`.
pub const STATUSES: [Status; 5] = [
    Status::Late,
    Status::Overdue,
    Status::DueSoon,
    Status::Violation,
    Status::Open,
];
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

fn status_code(s: Status) -> usize {
    STATUSES.iter().position(|x| *x == s).unwrap_or(0)
}

fn severity_code(s: Severity) -> usize {
    SEVERITIES.iter().position(|x| *x == s).unwrap_or(0)
}

fn light_code(f: &Finding) -> usize {
    match f.deadline.as_ref().and_then(|d| d.light) {
        None => 0,
        Some(Light::Red) => 1,
        Some(Light::Yellow) => 2,
        Some(Light::Green) => 3,
    }
}

/// Builds the blob: strings, kinds and findings encoded as arrays of numbers.
struct Encoder<'r, 'a> {
    r: &'r RunReport<'a>,
    strings: Strings,
    kinds: Vec<Kind>,
    kind_index: HashMap<Kind, usize>,
}

impl<'r, 'a> Encoder<'r, 'a> {
    fn kind(&mut self, f: &Finding) -> usize {
        let kind = Kind {
            rule: f.rule.to_string(),
            article: f.article,
            severity: f.severity,
        };
        if let Some(&i) = self.kind_index.get(&kind) {
            return i;
        }
        self.kinds.push(kind.clone());
        self.kind_index.insert(kind, self.kinds.len() - 1);
        self.kinds.len() - 1
    }

    /// One finding as a row; the field order is the script's `F` table.
    fn row(&mut self, f: &Finding, out: &mut String) {
        let r = self.r;
        let s = &mut self.strings;
        let place = r.place(f);
        let cell = place
            .cell
            .as_ref()
            .map(|c| format!("{}!{}", c.sheet, c.cell));
        let provisional = f
            .deadline
            .as_ref()
            .and_then(|d| super::super::provisional_reason(d, r.lang));
        let due = f.deadline.as_ref().map(|d| d.due.to_string());
        let cols = [
            status_code(f.status),
            s.opt(f.round_id.as_deref()),
            s.opt(f.case_id.as_deref()),
            s.opt(f.unit.as_deref()),
            s.opt(f.branch.as_deref()),
            s.opt(f.responsible.as_deref()),
            s.id(&RunReport::record_name(f)),
            s.opt(r.item_label(f).as_deref()),
            s.opt(f.field.as_deref()),
            s.id(f.message.get(r.lang)),
            s.opt(r.deadline_text(f).as_deref()),
            s.id(&r.duty_text(f)),
            light_code(f),
            s.opt(provisional.as_deref()),
            s.opt(due.as_deref()),
            s.id(&place.file),
            place.line,
            place.column,
            s.opt(cell.as_deref()),
        ];
        let days = f.deadline.as_ref().map_or(0, |d| d.days_over);
        let _ = write!(out, "[{},{days}", self.kind(f));
        for c in cols {
            let _ = write!(out, ",{c}");
        }
        out.push(']');
    }

    fn rows(&mut self, findings: &[Finding], out: &mut String) {
        out.push('[');
        for (i, f) in findings.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            self.row(f, out);
        }
        out.push(']');
    }
}

/// JSON text of `s`, with `<` written as `\u003c`: inside `<script>` no export text can then
/// close the element (`</script>`) or open a comment (`<!--`).
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".to_string())
        .replace('<', "\\u003c")
}

fn string_list<'s>(list: impl IntoIterator<Item = &'s str>) -> String {
    let items: Vec<String> = list.into_iter().map(json_string).collect();
    format!("[{}]", items.join(","))
}

/// The page's data: findings, waived findings and what the script needs to label them.
pub fn blob(r: &RunReport) -> String {
    let mut enc = Encoder {
        r,
        strings: Strings::new(),
        kinds: Vec::new(),
        kind_index: HashMap::new(),
    };
    let mut findings = String::new();
    enc.rows(r.findings, &mut findings);
    let mut waived = String::from("null");
    if let Some(w) = r.waived {
        waived.clear();
        enc.rows(w, &mut waived);
    }
    let units = unit_cases(r, &mut enc.strings);
    let repeated = repeated(r, &mut enc.strings);
    let kinds = kinds(r, &enc.kinds);
    let mut out = String::with_capacity(findings.len() * 2);
    let _ = write!(
        out,
        "{{\"f\":{findings},\"w\":{waived},\"kinds\":{kinds},\"unitCases\":{units},\"repeated\":{repeated},\
         \"articles\":{},\"labels\":{},\"repeatThreshold\":{},\"totals\":{},\"s\":{}}}",
        articles(r),
        super::labels::labels(r),
        groups::REPEAT_THRESHOLD,
        totals(r),
        string_list(enc.strings.list.iter().map(String::as_str)),
    );
    out
}

/// `[[rule, article or null, severity code, title, help], …]` in kind order.
fn kinds(r: &RunReport, kinds: &[Kind]) -> String {
    let catalog = r.rule_catalog();
    let items: Vec<String> = kinds
        .iter()
        .map(|k| {
            let rule = catalog.iter().find(|c| c.id == k.rule);
            let title = rule.map_or("", |c| c.title.get(r.lang));
            let help = rule
                .and_then(|c| c.help.as_ref())
                .map_or("", |h| h.get(r.lang));
            format!(
                "[{},{},{},{},{}]",
                json_string(&k.rule),
                k.article
                    .map_or_else(|| "null".to_string(), |a| a.to_string()),
                severity_code(k.severity),
                json_string(title),
                json_string(help)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// `[[unit string, cases], …]`: the export's cases per unit, for findings per case.
fn unit_cases(r: &RunReport, strings: &mut Strings) -> String {
    let items: Vec<String> = r
        .context
        .cases_by_unit
        .iter()
        .map(|(unit, c)| format!("[{},{}]", strings.id(unit), c.cases))
        .collect();
    format!("[{}]", items.join(","))
}

/// `[[rule, message string, count], …]`: the data problems many findings share
/// ([`groups::repeated_data_problems`]), which the overview shows once each.
fn repeated(r: &RunReport, strings: &mut Strings) -> String {
    let items: Vec<String> = groups::repeated_data_problems(r)
        .iter()
        .map(|p| {
            format!(
                "[{},{},{}]",
                json_string(p.rule),
                strings.id(p.message),
                p.count
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn articles(r: &RunReport) -> String {
    let items: Vec<String> = r
        .articles
        .iter()
        .map(|(n, text)| format!("\"{n}\":{}", json_string(text)))
        .collect();
    format!("{{{}}}", items.join(","))
}

/// The totals the other outputs state, for the script to check its own counts against.
fn totals(r: &RunReport) -> String {
    let items: Vec<String> = r
        .totals()
        .iter()
        .map(|(key, _, n)| format!("\"{key}\":{n}"))
        .collect();
    format!("{{{}}}", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_cannot_close_the_script_element() {
        let s = json_string("</script><!-- \u{2028}");
        assert!(!s.contains('<'), "{s}");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- \u{2028}");
    }

    #[test]
    fn strings_are_stored_once_and_made_inert() {
        let mut s = Strings::new();
        assert_eq!(s.id("所"), 1);
        assert_eq!(s.id("所"), 1);
        assert_eq!(s.opt(None), 0);
        s.id("a\u{202e}b");
        assert_eq!(s.list[2], "a\\u{202e}b");
    }
}
