//! `--format github`: workflow commands that GitHub Actions turns into annotations on the
//! files of a pull request (`::error file=…,line=…,col=…,title=…::message`).

use std::fmt::Write;

use super::RunReport;
use crate::pack::Severity;

/// A command's message: GitHub decodes `%`, CR and LF from these escapes.
pub fn escape_data(s: &str) -> String {
    crate::text::inert(s.to_string())
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`, which separate properties.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_text(out, &render(r))
}

pub fn render(r: &RunReport) -> String {
    let mut out = String::new();
    for f in r.findings {
        let p = r.place(f);
        let (end_line, end_column) = r.end_line_col(f);
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let title = format!("{} [{}]", f.rule, r.article_label(f.article));
        let message = r.headline(f);
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={end_line},endColumn={end_column},title={}::{}",
            escape_property(&p.file),
            p.line,
            p.column,
            escape_property(&title),
            escape_data(&message),
        );
    }
    for w in &r.warnings {
        let _ = writeln!(
            out,
            "::warning title=clausecheck::{}",
            escape_data(w.get(r.lang))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_decodes() {
        assert_eq!(escape_data("50% a\r\nb:c,d"), "50%25 a%0D%0Ab:c,d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
