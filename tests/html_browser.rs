//! The HTML report in a real browser (headless Chromium): it renders without console errors,
//! the totals its script counts equal `--format json`'s, export text cannot run as script,
//! Chinese is drawn with real glyphs, filters in the address filter every part of the page,
//! only a page of findings is in the DOM, and a finding's link opens its page.
//!
//! These tests are `#[ignore]`d, so a `cargo test` without Chromium says "6 ignored" rather than
//! counting them as passed when they checked nothing. `cargo test -- --include-ignored` runs
//! them (`.ci/run` does, after installing Chromium); asked for, they fail if Chromium is missing.

mod common;

#[path = "../examples/gen.rs"]
#[allow(dead_code)]
mod generator;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{HOSTILE, SAMPLE, check, json_of, sample_with_unit_named};
use serde_json::Value;

/// Why the browser tests are ignored unless asked for.
const NEEDS_CHROMIUM: &str =
    "needs Chromium (apt-get install chromium): cargo test -- --include-ignored";

/// The browser on `PATH`; a test that runs was asked for, so a missing browser is a failure.
fn chromium() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("Chromium is not installed; this test {NEEDS_CHROMIUM}"))
}

/// Runs headless Chromium on `page` with extra flags; returns (stdout, stderr).
fn browse(browser: &Path, page: &Path, extra: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn html_page(dir: &Path, export: &str, extra: &[&str]) -> PathBuf {
    let page = dir.join("report.html");
    let mut args = vec!["--format", "html", "--output", page.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, _, err) = check(export, &args);
    assert_eq!(code, 1, "{err}");
    page.canonicalize().unwrap()
}

/// The value of `name="…"` on the first tag that opens with `tag_start`.
fn attribute(dom: &str, tag_start: &str, name: &str) -> Option<String> {
    let tag = &dom[dom.find(tag_start)?..];
    let tag = &tag[..tag.find('>')?];
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[at..at + tag[at..].find('"')?].to_string())
}

fn assert_totals_match_json(dom: &str, json: &Value) {
    let computed = "<output id=\"computed-totals\"";
    let shown = |key: &str| -> u64 {
        attribute(dom, computed, &format!("data-{key}"))
            .unwrap_or_else(|| panic!("no data-{key} on #computed-totals: the script did not run"))
            .parse()
            .unwrap()
    };
    let summary = &json["summary"];
    let count = |v: &Value| v.as_u64().unwrap_or(0);
    assert_eq!(shown("findings"), count(&summary["findings"]));
    for severity in ["error", "warning"] {
        assert_eq!(
            shown(severity),
            count(&summary["by_severity"][severity]),
            "{severity}"
        );
    }
    for status in ["overdue", "due_soon", "late", "violation"] {
        assert_eq!(
            shown(status),
            count(&summary["by_status"][status]),
            "{status}"
        );
    }
    assert_eq!(
        attribute(dom, computed, "data-consistent").as_deref(),
        Some("yes")
    );
}

fn assert_no_console_output(stderr: &str) {
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
}

#[test]
#[ignore = "needs Chromium (apt-get install chromium): cargo test -- --include-ignored"]
fn report_renders_with_the_json_totals_and_chinese_glyphs() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        let page = html_page(dir.path(), SAMPLE, &["--lang", lang]);
        let (dom, stderr) = browse(&browser, &page, &["--dump-dom"]);
        assert_no_console_output(&stderr);
        assert_eq!(body_attribute(&dom, "data-ready").as_deref(), Some("yes"));
        assert_totals_match_json(&dom, &json_of(SAMPLE, &[]));
        assert_eq!(attribute_text(&dom, "<span id=\"shown-count\""), "50 / 50");
        // The page's script draws Chinese with the page's fonts and compares it with tofu.
        assert_eq!(
            body_attribute(&dom, "data-cjk").as_deref(),
            Some("drawn"),
            "Chinese is drawn as tofu: install fonts-noto-cjk"
        );
    }
}

fn body_attribute(dom: &str, name: &str) -> Option<String> {
    attribute(dom, "<body", name)
}

/// The opening tags of the finding cards in the DOM.
fn finding_tags(dom: &str) -> Vec<&str> {
    dom.match_indices("<article class=\"finding")
        .map(|(at, _)| &dom[at..at + dom[at..].find('>').unwrap()])
        .collect()
}

/// The number a card states: `<a class="card …" data-total="findings" data-value="N">`.
fn card_value(dom: &str, key: &str) -> u64 {
    attribute(dom, &format!("data-total=\"{key}\""), "data-value")
        .unwrap_or_else(|| panic!("no {key} card"))
        .parse()
        .unwrap()
}

/// The inner HTML of `<section id="{id}" …>…</section>`.
fn section<'d>(dom: &'d str, id: &str) -> &'d str {
    let at = dom
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &dom[at..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
#[ignore = "needs Chromium (apt-get install chromium): cargo test -- --include-ignored"]
fn search_from_the_address_filters_the_list() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let page = html_page(dir.path(), SAMPLE, &[]);
    let searched = PathBuf::from(format!("{}#q=XS-2024-0003", page.display()));
    let (dom, stderr) = browse(&browser, &searched, &["--dump-dom"]);
    assert_no_console_output(&stderr);
    assert_eq!(finding_tags(&dom).len(), 1, "only the match is rendered");
    assert_eq!(attribute_text(&dom, "<span id=\"shown-count\""), "1 / 50");
    assert_eq!(card_value(&dom, "findings"), 1);
}

#[test]
#[ignore = "needs Chromium (apt-get install chromium): cargo test -- --include-ignored"]
fn filters_in_the_address_filter_cards_charts_tables_and_list() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let json = json_of(SAMPLE, &[]);
    let findings = json["findings"].as_array().unwrap();
    let unit = findings
        .iter()
        .filter(|f| f["status"] == "overdue")
        .find_map(|f| f["unit"].as_str())
        .expect("an overdue finding with a unit")
        .to_string();
    let wanted: Vec<&Value> = findings
        .iter()
        .filter(|f| f["unit"] == unit.as_str() && f["status"] == "overdue")
        .collect();
    let page = html_page(dir.path(), SAMPLE, &[]);
    let filtered = format!(
        "{}#unit={}&status=overdue",
        page.display(),
        utf8_percent_encoded(&unit)
    );
    let (dom, stderr) = browse(&browser, Path::new(&filtered), &["--dump-dom"]);
    assert_no_console_output(&stderr);
    let n = wanted.len();
    assert_eq!(
        attribute_text(&dom, "<span id=\"shown-count\""),
        format!("{n} / {}", findings.len())
    );
    assert_eq!(card_value(&dom, "findings"), n as u64);
    assert_eq!(card_value(&dom, "overdue"), n as u64);
    assert_eq!(card_value(&dom, "late"), 0);
    assert_eq!(finding_tags(&dom).len(), n);
    let status_chart = section(&dom, "chart-status");
    assert_eq!(status_chart.matches("class=\"bar-row\"").count(), 1);
    assert!(status_chart.contains("data-key=\"overdue\""));
    let by_unit = section(&dom, "by-unit");
    assert_eq!(by_unit.matches("<tr>").count(), 2, "a heading and one unit");
    assert!(by_unit.contains(&format!(">{unit}</a>")));
    assert!(section(&dom, "overdue").contains(&format!("({n})")));
    assert!(section(&dom, "due-soon").contains("(0)"));
}

/// `s` with every byte outside ASCII letters and digits percent-encoded, for a URL's fragment.
fn utf8_percent_encoded(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
#[ignore = "needs Chromium (apt-get install chromium): cargo test -- --include-ignored"]
fn only_a_page_of_findings_is_rendered_and_a_finding_link_opens_its_page() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let generated = generator::generate(1500, 62);
    let export = dir.path().join("export.jsonl");
    std::fs::write(&export, &generated.export).unwrap();
    let page = dir.path().join("report.html");
    let (code, _, err) = common::run(&[
        "check",
        export.to_str().unwrap(),
        "--as-of",
        generator::AS_OF,
        "--format",
        "html",
        "--output",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    let page = page.canonicalize().unwrap();
    let (dom, stderr) = browse(&browser, &page, &["--dump-dom"]);
    assert_no_console_output(&stderr);
    let total = card_value(&dom, "findings");
    assert!(total > 200, "{total} findings: too few to page");
    assert_eq!(finding_tags(&dom).len(), 50, "one page of findings");
    let target = total - 3;
    let linked = PathBuf::from(format!("{}#f-{target}", page.display()));
    let (dom, stderr) = browse(&browser, &linked, &["--dump-dom"]);
    assert_no_console_output(&stderr);
    let tags = finding_tags(&dom);
    assert!(tags.len() <= 50);
    let card = tags
        .iter()
        .find(|t| t.contains(&format!(" id=\"f-{target}\"")))
        .unwrap_or_else(|| panic!("finding {target} is not shown: {tags:#?}"));
    assert!(card.contains(" target"), "{card}");
}

fn attribute_text(dom: &str, tag_start: &str) -> String {
    let rest = &dom[dom.find(tag_start).unwrap()..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    rest[..rest.find('<').unwrap()].to_string()
}

#[test]
#[ignore = "needs Chromium (apt-get install chromium): cargo test -- --include-ignored"]
fn export_text_does_not_run_as_script() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let hostile = sample_with_unit_named(dir.path(), HOSTILE);
    let page = html_page(dir.path(), &hostile, &[]);
    let (dom, stderr) = browse(&browser, &page, &["--dump-dom"]);
    assert_no_console_output(&stderr);
    assert!(!dom.contains("pwned</title>"), "the injected script ran");
    assert!(dom.contains("<title>clausecheck — "));
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(!dom.contains("<img"));
    assert_totals_match_json(&dom, &json_of(&hostile, &[]));
}

#[test]
#[ignore = "needs Chromium (apt-get install chromium): cargo test -- --include-ignored"]
fn screenshot_is_produced() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let page = html_page(dir.path(), SAMPLE, &[]);
    let shot = dir.path().join("report.png");
    browse(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        png.len() > 20_000,
        "an almost empty picture: {} bytes",
        png.len()
    );
    if let Some(keep) = std::env::var_os("CLAUSECHECK_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

#[test]
#[ignore = "needs Chromium (apt-get install chromium): cargo test -- --include-ignored"]
fn waived_findings_show_their_reason_approver_and_expiry() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("waivers.yaml");
    std::fs::write(
        &waivers,
        "- rule: cas62.16\n  case_id: 2023-1-03\n  item: XS-2024-0003\n  reason: 仍在办理\n  approved_by: 巡视办主任\n  expires: 2026-12-31\n",
    )
    .unwrap();
    let page = html_page(
        dir.path(),
        SAMPLE,
        &["--waivers", waivers.to_str().unwrap()],
    );
    let (dom, stderr) = browse(&browser, &page, &["--dump-dom"]);
    assert_no_console_output(&stderr);
    let waived = section(&dom, "waived");
    for shown in [
        "XS-2024-0003",
        "仍在办理",
        "巡视办主任",
        "2026-12-31",
        "豁免理由",
        "批准人",
    ] {
        assert!(waived.contains(shown), "{shown} missing from {waived}");
    }
}
