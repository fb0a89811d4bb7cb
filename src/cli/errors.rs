//! clap's usage errors in the user's language: English as clap writes them, Chinese written
//! here from the error's kind and context (the argument, the value, the valid values, the
//! suggestion), ending as clap's do with the usage and where to read more.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use clausecheck::text::Lang;

use clausecheck::commands::values::BadValue;

/// Prints `err` as the user should read it and gives clap's exit status: 0 for `--help` and
/// `--version` (on standard output), 2 for usage errors.
pub(super) fn report(err: &clap::Error, lang: Lang) -> ExitCode {
    let status = u8::try_from(err.exit_code()).unwrap_or(2);
    let is_message = !matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::Zh && is_message {
        eprint!("{}", in_chinese(err));
    } else {
        // Help was written in the user's language already; only a closed stream fails this.
        let _ = err.print();
    }
    ExitCode::from(status)
}

/// The whole Chinese message: what is wrong, the suggestions, the usage, where to read more.
fn in_chinese(err: &clap::Error) -> String {
    let mut text = format!("错误：{}\n", what_is_wrong(err));
    let tips = suggestions(err);
    if !tips.is_empty() {
        text.push('\n');
        for tip in tips {
            text.push_str(&format!("  提示：{tip}\n"));
        }
    }
    if let Some(usage) = string(err, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").map_or(usage, str::trim_start);
        text.push_str(&format!("\n用法：{usage}\n"));
    }
    text.push_str("\n更多信息请使用 '--help'。\n");
    text
}

fn what_is_wrong(err: &clap::Error) -> String {
    let arg = string(err, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(err, ContextKind::InvalidValue).unwrap_or_default();
    match err.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            let name = string(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("无法识别的子命令 '{name}'")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("'{arg}' 需要一个值，但未提供"),
        ErrorKind::InvalidValue => {
            let valid = strings(err, ContextKind::ValidValue);
            let mut text = format!("'{value}' 不是 '{arg}' 的有效值");
            if !valid.is_empty() {
                text.push_str(&format!("\n  [可选值：{}]", valid.join(", ")));
            }
            text
        }
        ErrorKind::ValueValidation => {
            format!("'{arg}' 的值 '{value}' 无效：{}", why_invalid(err))
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(err, ContextKind::InvalidArg);
            format!("缺少必需的参数：\n  {}", missing.join("\n  "))
        }
        ErrorKind::MissingSubcommand => {
            let name = string(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            let valid = strings(err, ContextKind::ValidSubcommand);
            format!("'{name}' 需要子命令\n  [可选子命令：{}]", valid.join(", "))
        }
        ErrorKind::ArgumentConflict => conflict(err, &arg),
        ErrorKind::TooManyValues => format!("'{arg}' 不接受更多的值 '{value}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("'{arg}' 的值个数不对")
        }
        ErrorKind::NoEquals => format!("'{arg}' 的值须用 '=' 连接"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => format!("命令行参数有误（{}）", err.kind()),
    }
}

fn conflict(err: &clap::Error, arg: &str) -> String {
    match string(err, ContextKind::PriorArg) {
        Some(prior) if prior == arg => format!("参数 '{arg}' 不能重复使用"),
        Some(prior) => format!("参数 '{arg}' 不能与 '{prior}' 同用"),
        None => {
            let others = strings(err, ContextKind::PriorArg);
            format!("参数 '{arg}' 不能与 '{}' 同用", others.join("'、'"))
        }
    }
}

/// Why a value parser refused the value: our own parsers say it in both languages; numbers
/// are said here; anything else as the parser said it.
fn why_invalid(err: &clap::Error) -> String {
    let Some(source) = std::error::Error::source(err) else {
        return String::new();
    };
    if let Some(bad) = source.downcast_ref::<BadValue>() {
        return bad.0.zh.clone();
    }
    if source.downcast_ref::<std::num::ParseIntError>().is_some() {
        return "须为非负整数".to_string();
    }
    source.to_string()
}

/// clap's "did you mean" and its tips, in Chinese.
fn suggestions(err: &clap::Error) -> Vec<String> {
    let mut tips: Vec<String> = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(|kind| strings(err, kind))
    .filter(|similar| !similar.is_empty())
    .map(|similar| format!("是否要用 '{}'？", similar.join("' 或 '")))
    .collect();
    tips.extend(
        strings(err, ContextKind::Suggested)
            .iter()
            .map(|tip| tip_in_chinese(tip)),
    );
    tips
}

/// clap's tips are sentences; the one a user meets (a value that looks like an option) is
/// said in Chinese, others as clap says them.
fn tip_in_chinese(tip: &str) -> String {
    let quoted: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
    match (tip.starts_with("to pass '"), quoted.as_slice()) {
        (true, [value, way]) => format!("若要把 '{value}' 作为值传入，请写成 '{way}'"),
        _ => tip.to_string(),
    }
}

fn string(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStrs(v) => v.first().map(ToString::to_string),
        _ => None,
    }
}

fn strings(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}
