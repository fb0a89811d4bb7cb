//! The command line in the user's language. clap's derive fixes the help text at compile time
//! and clap speaks English only, so the language is found before parsing (`--lang`, then the
//! configuration's `lang`, then `LANG`), the command is rewritten in it, and clap's errors are
//! said again in Chinese.

mod errors;
mod zh;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, Command, CommandFactory, FromArgMatches};

use clausecheck::config;
use clausecheck::text::Lang;

/// The command lines of the examples below the top-level help.
const EXAMPLES: &str = "
  clausecheck check fixtures/sample/export.jsonl --as-of 2026-11-25
  clausecheck check exports/ --format json --output findings.json
  clausecheck calendar due 2025-06-30 3个月
  clausecheck calendar day 2026-10-03
  clausecheck calendar import notice-2027.txt --output cn-2027.yaml
  clausecheck calendar coverage exports/
  clausecheck rules coverage
  clausecheck test rules/cas-2020-62
  clausecheck explain fixtures/sample/export.jsonl --case 2025-2-07 --rule cas62.16.clue-feedback --as-of 2026-11-25";

/// Parses `args` into `T` in `lang`: on `--help`, `--version` or a usage error, prints what
/// clap would (help in `lang`, errors in `lang`) and gives the exit status clap would.
pub fn parse<T: CommandFactory + FromArgMatches>(
    args: Vec<OsString>,
    lang: Lang,
) -> Result<T, ExitCode> {
    let mut command = localised(T::command(), lang);
    command
        .try_get_matches_from_mut(args)
        .and_then(|matches| T::from_arg_matches(&matches))
        .map_err(|err| errors::report(&err.format(&mut command), lang))
}

/// The language of help and usage errors, decided before the arguments are parsed as `main`
/// decides it after: `--lang`, else the configuration's `lang`, else the environment.
pub fn language(args: &[OsString]) -> Lang {
    let args: Vec<&str> = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .take_while(|a| *a != "--")
        .collect();
    let flag = option_value(&args, "--lang").and_then(|v| match v {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    });
    let configured = || {
        let choice = config::Choice::from_flags(
            args.iter()
                .any(|a| matches!(*a, "--no-config" | "--isolated")),
            option_value(&args, "--config").map(PathBuf::from),
        );
        // A configuration that does not load is reported once the arguments are parsed.
        config::load(&choice).ok().flatten().and_then(|c| c.lang)
    };
    Lang::detect(flag.or_else(configured))
}

/// The last value given to the long option `name`, as `name VALUE` or `name=VALUE`.
fn option_value<'a>(args: &[&'a str], name: &str) -> Option<&'a str> {
    args.iter()
        .enumerate()
        .rev()
        .find_map(|(i, a)| match a.strip_prefix(name)? {
            "" => args.get(i + 1).copied(),
            rest => rest.strip_prefix('='),
        })
}

/// `command` with its help in `lang`: built (so clap's own `--help`, `--version` and `help`
/// exist to be translated), and for Chinese every description, heading and note rewritten.
pub fn localised(command: Command, lang: Lang) -> Command {
    let heading = match lang {
        Lang::Zh => zh::EXAMPLES_HEADING,
        Lang::En => "Examples:",
    };
    let mut command = command.after_help(format!("{heading}{EXAMPLES}"));
    command.build();
    match lang {
        Lang::Zh => in_chinese(command, ""),
        Lang::En => command,
    }
}

fn in_chinese(mut command: Command, path: &str) -> Command {
    if let Some(about) = chinese_help(path, "") {
        let long_about = zh::LONG_ABOUT
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| *text);
        command = command.about(about).long_about(long_about);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(id, |arg| arg_in_chinese(arg, path));
    }
    command = command.mut_subcommands(|sub| {
        let sub_path = [path, sub.get_name()].join(" ");
        in_chinese(sub, sub_path.trim_start())
    });
    let template = chinese_template(&command);
    command.help_template(template)
}

/// The Chinese help of argument `id` (`""`: the description) of the command at `path`.
fn chinese_help(path: &str, id: &str) -> Option<&'static str> {
    let lookup = |path: &str| {
        zh::HELP
            .iter()
            .find(|(p, i, _)| *p == path && *i == id)
            .map(|(_, _, text)| *text)
    };
    let described = described_command(path);
    lookup(&described).or_else(|| if id.is_empty() { None } else { lookup("*") })
}

/// The command whose words the command at `path` takes. Every command with subcommands has
/// a `help` command (`calendar help`), described as `help`, holding copies of its siblings
/// (`calendar help day`), described as they are (`calendar day`).
fn described_command(path: &str) -> String {
    let segments: Vec<&str> = path.split(' ').collect();
    match segments.iter().position(|s| *s == "help") {
        Some(at) if at + 1 == segments.len() => "help".to_string(),
        Some(at) => {
            let without_help: Vec<&str> = segments
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, s)| *s)
                .collect();
            described_command(&without_help.join(" "))
        }
        None => path.to_string(),
    }
}

/// clap writes `[default: …]`, `[possible values: …]` and `Possible values:` itself, in
/// English: they are hidden and written here into the help instead.
fn arg_in_chinese(arg: Arg, path: &str) -> Arg {
    let id = arg.get_id().to_string();
    if id == "help" && arg.get_long_help().is_some() {
        return summary_or_more(arg);
    }
    let Some(help) = chinese_help(path, &id) else {
        return arg;
    };
    let values: Vec<(String, Option<&str>)> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| (v.get_name().to_string(), value_help(&id, v.get_name())))
        .collect();
    let default = default_note(&arg);
    let listed = (!values.is_empty()).then(|| {
        let names: Vec<&str> = values.iter().map(|(name, _)| name.as_str()).collect();
        format!("[可选值：{}]", names.join(", "))
    });
    let short = [Some(help.to_string()), default.clone(), listed];
    let arg = arg
        .help(joined(short, " "))
        .long_help(None::<&'static str>)
        .hide_default_value(true)
        .hide_possible_values(true);
    // As clap does: when a value has help of its own, `--help` lists the values one a line.
    if values.iter().all(|(_, help)| help.is_none()) {
        return arg;
    }
    let list: Vec<String> = values
        .iter()
        .map(|(name, help)| match help {
            Some(help) => format!("- {name}：{help}"),
            None => format!("- {name}"),
        })
        .collect();
    let listed = format!("可选值：\n{}", list.join("\n"));
    arg.long_help(joined(
        [Some(help.to_string()), Some(listed), default],
        "\n\n",
    ))
}

/// clap's `-h` of a command whose `--help` says more points from each to the other.
fn summary_or_more(help_flag: Arg) -> Arg {
    help_flag
        .help("显示帮助（'--help' 显示详细说明）")
        .long_help("显示帮助（'-h' 显示摘要）")
}

fn joined<const N: usize>(parts: [Option<String>; N], separator: &str) -> String {
    parts
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(separator)
}

/// `[默认：…]` for an argument that takes a value and has a default.
fn default_note(arg: &Arg) -> Option<String> {
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    (arg.get_action().takes_values() && !defaults.is_empty())
        .then(|| format!("[默认：{}]", defaults.join(" ")))
}

fn value_help(id: &str, value: &str) -> Option<&'static str> {
    zh::VALUES
        .iter()
        .find(|(i, v, _)| *i == id && *v == value)
        .map(|(_, _, text)| *text)
}

/// clap's default layout with Chinese headings; a heading only over a section that has lines.
fn chinese_template(command: &Command) -> String {
    let shown = |a: &Arg| !a.is_hide_set();
    let mut template = String::from("{before-help}{about-with-newline}\n用法：{usage}");
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        template.push_str("\n\n命令：\n{subcommands}");
    }
    if command.get_positionals().any(shown) {
        template.push_str("\n\n参数：\n{positionals}");
    }
    if command
        .get_arguments()
        .any(|a| !a.is_positional() && shown(a))
    {
        template.push_str("\n\n选项：\n{options}");
    }
    template.push_str("{after-help}");
    template
}

#[cfg(test)]
mod tests;
