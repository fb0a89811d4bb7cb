//! An input that could not be read, shown at its place: the file's line with the words
//! underlined, as rule-file errors are (miette), in the user's language.

use std::fmt;
use std::ops::Range;

use crate::text::{Lang, Msg};

#[derive(Debug, Clone)]
pub struct LocatedError {
    /// What could not be done, e.g. "无法读取节假日通知" / "cannot read the holiday notice".
    pub title: Msg,
    /// The diagnostic code shown above the report, e.g. `clausecheck::notice`.
    pub code: &'static str,
    pub file: String,
    pub text: String,
    /// Byte range of the words at fault in `text`.
    pub span: Range<usize>,
    pub message: Msg,
    /// Said under the excerpt, e.g. the whole sentence at fault.
    pub help: Option<Msg>,
}

impl LocatedError {
    /// 1-based line and column (in characters) of the words at fault.
    pub fn line_col(&self) -> (usize, usize) {
        let before = self
            .text
            .get(..self.span.start.min(self.text.len()))
            .unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    /// The miette report: the line with the words underlined and the message under them.
    pub fn to_report(&self, lang: Lang) -> miette::Report {
        let start = self.span.start.min(self.text.len());
        let end = self.span.end.clamp(start, self.text.len());
        let mut diag =
            miette::MietteDiagnostic::new(format!("{}: {}", self.title.get(lang), self.file))
                .with_code(self.code)
                .with_label(miette::LabeledSpan::at(
                    start..end.max(start),
                    self.message.get(lang),
                ));
        if let Some(help) = &self.help {
            diag = diag.with_help(help.get(lang));
        }
        miette::Report::new(diag).with_source_code(CharColumns {
            name: self.file.clone(),
            text: self.text.clone(),
        })
    }
}

/// The source text for miette, with the column in the `[file:line:column]` header counted in
/// characters, as [`LocatedError`]'s `Display` and editors count it: miette counts bytes, three
/// times too far along a line of Chinese.
struct CharColumns {
    name: String,
    text: String,
}

impl miette::SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        // With context lines miette reports column 0 and counts along the lines itself.
        let column = if context_lines_before == 0 {
            let before = self.text.get(..span.offset()).unwrap_or_default();
            before.rsplit('\n').next().map_or(0, |l| l.chars().count())
        } else {
            inner.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// `file:line:column: message` in English, for logs and tests.
impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, column) = self.line_col();
        write!(f, "{}:{line}:{column}: {}", self.file, self.message.en)
    }
}
