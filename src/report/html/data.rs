//! The findings as one compact JSON blob for the page's script: every text (units, rules,
//! messages, dates) is stored once and findings refer to it by number, in the code of
//! [`super::packed`], so 150,000 findings stay around ten megabytes. The script renders from
//! this blob only; no export value reaches the page as markup.

use std::collections::HashMap;
use std::fmt::Write;

use crate::finding::{Finding, Light, Status};
use crate::pack::Severity;
use crate::report::{RunReport, groups};

use super::packed::{Texts, push_number, zigzag};

/// A rule as findings use it: id, article and severity (a finding points at one by index).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Kind {
    rule: String,
    article: Option<u32>,
    severity: Severity,
}

/// Numbers per finding: kind, days over, then the 19 of [`Encoder::row`]'s `cols`.
const WIDTH: usize = 21;
/// The column of the days over (or left, negative), which may be below zero.
const DAYS: usize = 1;
/// Columns stored as the difference from the previous finding's: findings come in file order,
/// so lines climb slowly and a case's texts were mostly met just before.
const DELTA: [usize; 7] = [4, 8, 9, 11, 12, 16, 18];

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
    strings: Texts,
    /// The previous row's values, for the columns stored as differences.
    previous: [i64; WIDTH],
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

    /// One finding as `WIDTH` numbers; the order is the script's field table (`KIND`, `DAYS`…).
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
        let kind = self.kind(f);
        let values = [kind, 0]
            .into_iter()
            .chain(cols)
            .map(|v| i64::try_from(v).unwrap_or(i64::MAX));
        for (column, value) in values.enumerate() {
            let value = if column == DAYS { days } else { value };
            let code = if DELTA.contains(&column) {
                zigzag(
                    value.wrapping_sub(
                        self.previous
                            .get_mut(column)
                            .map_or(0, |before| std::mem::replace(before, value)),
                    ),
                )
            } else if column == DAYS {
                zigzag(value)
            } else {
                value.unsigned_abs()
            };
            push_number(out, code);
        }
    }

    /// The rows of `findings` as one string of numbers, `WIDTH` per finding.
    fn rows(&mut self, findings: &[Finding]) -> String {
        self.previous = [0; WIDTH];
        let mut out = String::new();
        for f in findings {
            self.row(f, &mut out);
        }
        json_string(&out)
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
        strings: Texts::new(),
        previous: [0; WIDTH],
        kinds: Vec::new(),
        kind_index: HashMap::new(),
    };
    let findings = enc.rows(r.findings);
    let waived = r.waived.map_or_else(|| "null".to_string(), |w| enc.rows(w));
    let waived_by = waiver_notes(r);
    let units = unit_cases(r, &mut enc.strings);
    let repeated = repeated(r, &mut enc.strings);
    let kinds = kinds(r, &enc.kinds);
    let mut out = String::with_capacity(findings.len() * 2);
    let _ = write!(
        out,
        "{{\"width\":{WIDTH},\"delta\":{DELTA:?},\"f\":{findings},\"w\":{waived},\"wby\":{waived_by},\"kinds\":{kinds},\"unitCases\":{units},\"repeated\":{repeated},\
         \"articles\":{},\"labels\":{},\"repeatThreshold\":{},\"totals\":{},\"t\":{},\"s\":{}}}",
        articles(r),
        super::labels::labels(r),
        groups::REPEAT_THRESHOLD,
        totals(r),
        json_string(&enc.strings.table),
        string_list(enc.strings.fragment_list.iter().map(String::as_str)),
    );
    out
}

/// `[[reason, approver, last day or ""], …]`: the waiver behind each waived finding.
fn waiver_notes(r: &RunReport) -> String {
    let notes: Vec<String> = r
        .waived_by
        .iter()
        .map(|w| {
            let expires = w.expires.map(|d| d.to_string()).unwrap_or_default();
            string_list([w.reason.as_str(), w.approved_by.as_str(), expires.as_str()])
        })
        .collect();
    format!("[{}]", notes.join(","))
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
fn unit_cases(r: &RunReport, strings: &mut Texts) -> String {
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
fn repeated(r: &RunReport, strings: &mut Texts) -> String {
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
}
