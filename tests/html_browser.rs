//! The HTML report in a real browser (headless Chromium): it renders without console errors,
//! the totals its script counts equal `--format json`'s, and export text cannot run as script.
//!
//! These tests are `#[ignore]`d, so a `cargo test` without Chromium says "4 ignored" rather than
//! counting them as passed when they checked nothing. `cargo test -- --include-ignored` runs
//! them (`.ci/run` does, after installing Chromium); asked for, they fail if Chromium is missing.

mod common;

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
fn report_renders_with_the_json_totals() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        let page = html_page(dir.path(), SAMPLE, &["--lang", lang]);
        let (dom, stderr) = browse(&browser, &page, &["--dump-dom"]);
        assert_no_console_output(&stderr);
        assert_eq!(
            attribute(&dom, "<body", "data-ready").as_deref(),
            Some("yes")
        );
        assert_totals_match_json(&dom, &json_of(SAMPLE, &[]));
        assert!(dom.contains("<span id=\"shown-count\" aria-live=\"polite\">50 / 50</span>"));
    }
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
    let opening_tags: Vec<&str> = dom
        .match_indices("<article class=\"finding")
        .map(|(at, _)| &dom[at..at + dom[at..].find('>').unwrap()])
        .collect();
    assert_eq!(opening_tags.len(), 50);
    let visible = opening_tags
        .iter()
        .filter(|t| !t.contains("hidden"))
        .count();
    assert_eq!(visible, 1);
    assert_eq!(attribute_text(&dom, "<span id=\"shown-count\""), "1 / 50");
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
