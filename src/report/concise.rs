//! `--format concise`: one line per finding, `path:line:col: rule [第N条] message`, as ruff's
//! concise output, so an editor's quickfix list or `grep` can take it; a count line ends it.

use std::fmt::Write;

use super::RunReport;

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_text(out, &render(r))
}

pub fn render(r: &RunReport) -> String {
    let mut out = String::new();
    for f in r.findings {
        let p = r.place(f);
        // Line breaks in export text would split a finding over lines a reader takes as two.
        let headline = r
            .headline(f)
            .replace(['\r', '\n', '\u{2028}', '\u{2029}'], " ");
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            crate::text::inert(p.file.clone()),
            p.line,
            p.column,
            f.rule,
            r.article_label(f.article),
            crate::text::inert(headline),
        );
    }
    let n = r.findings.len();
    let _ = writeln!(
        out,
        "{}",
        r.t(
            &format!("共 {n} 项发现。"),
            &format!("Found {n} finding(s).")
        )
    );
    out
}
