//! `--format junit`: a test suite per article, a test case per rule. A rule with no finding is
//! one passing case; a rule with findings has one failing case per finding (JUnit allows one
//! failure per case), named by the record, so CI lists each finding on its own.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{RuleInfo, RunReport};
use crate::finding::Finding;

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_text(out, &render(r))
}

pub fn render(r: &RunReport) -> String {
    let catalog = r.rule_catalog();
    let mut report = Report::new("clausecheck");
    for (article, rules) in by_article(&catalog) {
        let mut suite = TestSuite::new(suite_name(r, article));
        for rule in rules {
            let findings: Vec<&Finding> =
                r.findings.iter().filter(|f| *f.rule == *rule.id).collect();
            if findings.is_empty() {
                suite.add_test_case(case(
                    rule,
                    rule.title.get(r.lang),
                    TestCaseStatus::success(),
                ));
            }
            for f in findings {
                let name = format!("{} — {}", rule.title.get(r.lang), RunReport::record_name(f));
                suite.add_test_case(case(rule, &name, failure(r, f)));
            }
        }
        report.add_test_suite(suite);
    }
    let mut xml = report.to_string().unwrap_or_default();
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    xml
}

/// Articles in number order, the `data` suite last.
fn by_article(catalog: &[RuleInfo]) -> Vec<(Option<u32>, Vec<&RuleInfo>)> {
    let mut keys: Vec<Option<u32>> = catalog.iter().map(|r| r.article).collect();
    keys.sort_by_key(|a| a.unwrap_or(u32::MAX));
    keys.dedup();
    keys.into_iter()
        .map(|a| (a, catalog.iter().filter(|r| r.article == a).collect()))
        .collect()
}

fn suite_name(r: &RunReport, article: Option<u32>) -> String {
    let label = r.article_label(article);
    match article.and_then(|a| r.articles.get(&a)) {
        Some(text) => {
            let head: String = text.chars().take(40).collect();
            let more = if text.chars().count() > 40 { "…" } else { "" };
            format!("{label} {head}{more}")
        }
        None => label,
    }
}

fn case(rule: &RuleInfo, name: &str, status: TestCaseStatus) -> TestCase {
    let mut c = TestCase::new(name, status);
    c.set_classname(rule.id.as_str());
    c
}

fn failure(r: &RunReport, f: &Finding) -> TestCaseStatus {
    let p = r.place(f);
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status.set_type(format!("{}/{}", f.severity.as_str(), f.status.as_str()));
    // XML reads line breaks in an attribute as spaces anyway; writing spaces keeps each
    // attribute on one line, so no export text can start a line of the file.
    status.set_message(f.message.get(r.lang).replace(['\r', '\n'], " "));
    let mut lines = vec![format!("{}:{}:{}", p.file, p.line, p.column)];
    if let Some(c) = &p.cell {
        lines.push(format!("{} {}", c.sheet, c.cell));
    }
    lines.push(RunReport::record_name(f));
    lines.extend(f.field.as_deref().map(str::to_owned));
    lines.extend(r.deadline_text(f));
    lines.push(r.duty_text(f));
    status.set_description(lines.join("\n"));
    status
}
