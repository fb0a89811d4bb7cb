//! `calendar import NOTICE.txt`: a State Council holiday notice, as published, to calendar data
//! for `--calendar`. The data goes to standard output (or `--output`) and nothing else does;
//! every day the notice sets is listed on standard error for the user to check against the
//! notice before using the file.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::calendar::notice::{NoticeError, ReadNotice, read_notice, weekday_zh};
use crate::calendar::{Calendar, DayKind};
use crate::commands::Settings;
use crate::failure::{Failure, LocatedError};
use crate::load::{EncodingChoice, decode};
use crate::output::{guard_output, write_output};
use crate::text::{Lang, Msg};

// No doc comment on the struct: clap would take it for the command's description.
#[derive(clap::Args)]
pub struct Args {
    /// The notice's text (UTF-8 or GB18030): title, number, the numbered arrangements, date.
    notice: PathBuf,
    /// Write the data to FILE (atomically) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// The year arranged, when the text has no title naming it.
    #[arg(long)]
    year: Option<i32>,
}

/// The data to standard output or `--output` (never over the notice itself), the review of
/// every day to standard error.
pub fn run(args: Args, settings: &Settings) -> Result<u8, Failure> {
    if let Some(out) = &args.output {
        guard_output(out, &[args.notice.as_path()])?;
    }
    let imported = import(&args.notice, args.year, settings.lang)?;
    write_output(args.output.as_deref(), &imported.data)?;
    eprint!("{}", imported.review);
    Ok(0)
}

/// The calendar data, and the review of every day set (for standard error).
pub struct Imported {
    pub data: String,
    pub review: String,
}

/// `year`: the year arranged, for a text without a title naming it.
pub fn import(notice: &Path, year: Option<i32>, lang: Lang) -> Result<Imported, Failure> {
    let shown = notice.display().to_string();
    let text = notice_text(notice, &shown)?;
    let notice = read_notice(&text, year).map_err(|e| located(&shown, &text, &e))?;
    let data = notice.to_calendar_yaml(&shown);
    // The file must work with --calendar: a failure here is this program's fault.
    Calendar::from_yaml(&data).map_err(|e| {
        Failure::Message(Msg::new(
            format!("内部错误：生成的日历数据无效：{e}"),
            format!("internal error: the calendar data written is invalid: {e}"),
        ))
    })?;
    Ok(Imported {
        review: review(&notice, &shown, lang),
        data,
    })
}

/// The notice's text: UTF-8 or (from Windows) GB18030, detected as exports are.
fn notice_text(notice: &Path, shown: &str) -> Result<String, Failure> {
    let bytes = std::fs::read(notice).map_err(|e| {
        Failure::Message(Msg::new(
            format!("无法读取通知文件 {shown}：{e}"),
            format!("cannot read notice file {shown}: {e}"),
        ))
    })?;
    let decoded = decode(&bytes, EncodingChoice::Auto);
    if let Some(bad) = decoded.bad.first() {
        let start = bad.span.offset;
        return Err(Failure::Located(Box::new(LocatedError {
            title: title(),
            code: "clausecheck::notice",
            file: shown.to_string(),
            span: start..start + bad.span.len,
            text: decoded.text,
            message: Msg::new(
                "此处字节既不是 UTF-8 也不是 GB18030 编码",
                "these bytes are neither UTF-8 nor GB18030",
            ),
            help: None,
        })));
    }
    Ok(decoded.text)
}

fn title() -> Msg {
    Msg::new("无法读取节假日通知", "cannot read the holiday notice")
}

/// The notice error at its place, quoting the sentence.
fn located(file: &str, text: &str, e: &NoticeError) -> Failure {
    let sentence = e.sentence_in(text);
    Failure::Located(Box::new(LocatedError {
        title: title(),
        code: "clausecheck::notice",
        file: file.to_string(),
        text: text.to_string(),
        span: e.focus.clone(),
        message: Msg::new(e.zh(), e.en()),
        help: (!sentence.is_empty())
            .then(|| Msg::new(format!("句子：{sentence}"), format!("sentence: {sentence}"))),
    }))
}

/// Every day set, by arrangement, then what was set aside and the totals.
fn review(notice: &ReadNotice, file: &str, lang: Lang) -> String {
    let say = |zh: String, en: String| Msg::new(zh, en).get(lang).to_string();
    let mut out = say(
        format!("已读取 {file}：{} 年的节假日安排\n", notice.year),
        format!("Read {file}: the holiday arrangement for {}\n", notice.year),
    );
    let unknown = say("（通知中未找到）".into(), "(not in the text)".into());
    let fields = [
        (("标题", "title"), notice.title.clone()),
        (("文号", "number"), notice.number.clone()),
        (
            ("成文日期", "signed"),
            notice.published.map(|d| d.to_string()),
        ),
    ];
    for ((zh, en), value) in fields {
        let value = value.unwrap_or_else(|| unknown.clone());
        out += &say(format!("  {zh}：{value}\n"), format!("  {en}: {value}\n"));
    }
    for a in &notice.arrangements {
        out += &say(
            format!("第 {} 行 {}\n", a.line, a.festival),
            format!("line {} {}\n", a.line, a.festival),
        );
        for d in &a.days {
            let _ = writeln!(out, "  {}", day_line(d.date, d.kind, lang));
        }
    }
    out += &set_aside(notice, lang);
    out + &totals(notice, lang)
}

/// `2027-02-14 星期日 上班（调休）` / `2027-02-14 Sun  work (adjusted working day)`.
fn day_line(date: chrono::NaiveDate, kind: DayKind, lang: Lang) -> String {
    match (lang, kind) {
        (Lang::Zh, DayKind::Restday) => format!("{date} {} 放假", weekday_zh(date.weekday())),
        (Lang::Zh, DayKind::Workday) => {
            format!("{date} {} 上班（调休）", weekday_zh(date.weekday()))
        }
        (Lang::En, DayKind::Restday) => format!("{date} {}  rest", date.weekday()),
        (Lang::En, DayKind::Workday) => {
            format!("{date} {}  work (adjusted working day)", date.weekday())
        }
    }
}

fn set_aside(notice: &ReadNotice, lang: Lang) -> String {
    if notice.set_aside.is_empty() {
        return String::new();
    }
    let mut out = Msg::new(
        "以下句子没有设定日期，未写入（请核对）：\n",
        "These sentences set no day and were not written (check them):\n",
    )
    .get(lang)
    .to_string();
    for (line, sentence) in &notice.set_aside {
        out += Msg::new(
            format!("  第 {line} 行：{sentence}\n"),
            format!("  line {line}: {sentence}\n"),
        )
        .get(lang);
    }
    out
}

fn totals(notice: &ReadNotice, lang: Lang) -> String {
    let days = notice.days();
    let rest = days
        .iter()
        .filter(|(d, _)| d.kind == DayKind::Restday)
        .count();
    let work = days.len() - rest;
    Msg::new(
        format!("合计：放假 {rest} 天，调休上班 {work} 天。请逐日对照通知原文核对后再使用。\n"),
        format!(
            "In all: {rest} rest days, {work} adjusted working days. Check every day against the notice before use.\n"
        ),
    )
    .get(lang)
    .to_string()
}
