//! Errors in rule files, located at the offending line and shown in the user's language.

use std::path::Path as FsPath;

use crate::model::Span;
use crate::text::{Lang, Msg};

#[derive(Debug, Clone)]
pub struct PackError {
    pub file: String,
    /// The rule file's text, when the error has a place in it.
    pub source: Option<(String, Span)>,
    pub message: Msg,
}

impl PackError {
    pub fn io(path: &FsPath, err: &std::io::Error) -> PackError {
        let shown = path.display();
        PackError {
            file: shown.to_string(),
            source: None,
            message: Msg::new(
                format!("无法读取规则文件 {shown}：{err}"),
                format!("cannot read rule file {shown}: {err}"),
            ),
        }
    }

    pub fn at(file: &str, text: &str, span: Span, message: Msg) -> PackError {
        PackError {
            file: file.to_string(),
            source: Some((text.to_string(), span)),
            message,
        }
    }

    /// 1-based line and column of the error, when it has a place.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (text, span) = self.source.as_ref()?;
        let before = &text[..span.offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((line, col))
    }

    /// A miette report: the rule file's line with the mistake underlined.
    pub fn to_report(&self, lang: Lang) -> miette::Report {
        let title = match lang {
            Lang::Zh => "规则文件有误",
            Lang::En => "invalid rule file",
        };
        let message = self.message.get(lang).to_string();
        match &self.source {
            Some((text, span)) => {
                let diag = miette::MietteDiagnostic::new(format!("{title}: {}", self.file))
                    .with_code("clausecheck::rules")
                    .with_label(miette::LabeledSpan::at(
                        span.offset
                            ..span.offset
                                + span
                                    .len
                                    .max(1)
                                    .min(text.len().saturating_sub(span.offset).max(1)),
                        message,
                    ));
                miette::Report::new(diag)
                    .with_source_code(miette::NamedSource::new(&self.file, text.clone()))
            }
            None => {
                miette::Report::new(miette::MietteDiagnostic::new(format!("{title}: {message}")))
            }
        }
    }
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line_col() {
            Some((l, c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message.en),
            None => write!(f, "{}: {}", self.file, self.message.en),
        }
    }
}
