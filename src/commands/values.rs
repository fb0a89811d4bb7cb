//! The parsers of option values several commands share. A value they refuse is a [`BadValue`],
//! said in both languages: the command line's Chinese usage error takes its Chinese.

use std::fmt;

use chrono::NaiveDate;

use crate::load::EncodingChoice;
use crate::text::Msg;

/// A value the command line cannot use, said in both languages. clap keeps it as the source
/// of its error (and shows the English); the Chinese error message takes the Chinese.
#[derive(Debug)]
pub struct BadValue(pub Msg);

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for BadValue {}

/// `--encoding`: auto, utf-8, gb18030 or gbk.
pub fn encoding(s: &str) -> Result<EncodingChoice, BadValue> {
    EncodingChoice::parse(s).ok_or_else(|| {
        BadValue(Msg::new(
            format!("“{s}”不是 auto、utf-8、gb18030、gbk 之一"),
            format!("`{s}` is not one of auto, utf-8, gb18030, gbk"),
        ))
    })
}

/// `--as-of`: strictly YYYY-MM-DD, the one form a reader of the report cannot misread.
pub fn iso_date(s: &str) -> Result<NaiveDate, BadValue> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        BadValue(Msg::new(
            format!("“{s}”不是 YYYY-MM-DD 格式的日期"),
            format!("`{s}` is not a YYYY-MM-DD date"),
        ))
    })
}

/// A date in any form the export format accepts: a deadline is often checked by pasting a
/// date straight from an export.
pub fn export_date(s: &str) -> Result<NaiveDate, BadValue> {
    crate::dates::parse_date(s).ok_or_else(|| {
        BadValue(Msg::new(
            format!("“{s}”不是日期（YYYY-MM-DD、YYYY/M/D、YYYY.M.D 或 YYYY年M月D日，可带时刻）"),
            format!("`{s}` is not a date (YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, optionally with a time of day)"),
        ))
    })
}
