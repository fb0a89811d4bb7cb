use clap::{Command, CommandFactory};

use super::{localised, zh};
use crate::Cli;
use clausecheck::text::Lang;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// Every command a user can reach, with its path (`calendar due`); hidden ones and the `help`
/// command's copies of the others left out.
fn visible_commands(command: &Command, path: &str) -> Vec<(String, Command)> {
    let mut all = vec![(path.to_string(), command.clone())];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub_path = [path, sub.get_name()].join(" ").trim_start().to_string();
        if path.is_empty() && sub.get_name() == "help" {
            all.push((sub_path, sub.clone()));
        } else {
            all.extend(visible_commands(sub, &sub_path));
        }
    }
    all
}

#[test]
fn every_visible_text_is_chinese() {
    let command = localised(Cli::command(), Lang::Zh);
    for (path, mut cmd) in visible_commands(&command, "") {
        let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
        assert!(
            has_cjk(&about),
            "`{path}` has no Chinese description: {about:?}"
        );
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            assert!(
                has_cjk(&help),
                "`{path}` argument `{}` has no Chinese help: {help:?}",
                arg.get_id()
            );
        }
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            assert!(has_cjk(&about), "`{path} {}`: {about:?}", sub.get_name());
        }
        let help = cmd.render_long_help().to_string();
        for english in [
            "Usage:",
            "Commands:",
            "Arguments:",
            "Options:",
            "Print help",
            "Print version",
            "[default:",
            "possible values",
            "Possible values",
            "Examples:",
        ] {
            assert!(
                !help.contains(english),
                "`{path}` help says {english:?}:\n{help}"
            );
        }
        assert!(help.contains("用法："), "`{path}`:\n{help}");
    }
}

#[test]
fn chinese_help_keeps_defaults_possible_values_and_examples() {
    let mut command = localised(Cli::command(), Lang::Zh);
    let top = command.render_help().to_string();
    assert!(top.contains("示例：\n  clausecheck check"), "{top}");
    assert!(top.contains("命令：") && top.contains("选项："), "{top}");
    let check = command.find_subcommand_mut("check").expect("check exists");
    let short = check.render_help().to_string();
    assert!(short.contains("[默认：human]"), "{short}");
    assert!(short.contains("[可选值：human, concise, json"), "{short}");
    assert!(short.contains("参数："), "{short}");
    let long = check.render_long_help().to_string();
    assert!(long.contains("可选值：\n"), "{long}");
    assert!(long.contains("- concise：每条发现一行"), "{long}");
    assert!(long.contains("- settled-error：同 error"), "{long}");
}

#[test]
fn every_translation_names_a_command_or_argument() {
    let command = localised(Cli::command(), Lang::En);
    let commands = visible_commands(&command, "");
    let has_arg = |cmd: &Command, id: &str| cmd.get_arguments().any(|a| a.get_id() == id);
    for (path, id, _) in zh::HELP {
        let found = match *path {
            "*" => commands.iter().any(|(_, cmd)| has_arg(cmd, id)),
            path => commands
                .iter()
                .find(|(p, _)| p == path)
                .is_some_and(|(_, cmd)| id.is_empty() || has_arg(cmd, id)),
        };
        assert!(found, "no `{id}` in `{path}` for its translation");
    }
    for (id, value, _) in zh::VALUES {
        let found = commands.iter().any(|(_, cmd)| {
            cmd.get_arguments().filter(|a| a.get_id() == id).any(|a| {
                a.get_possible_values()
                    .iter()
                    .any(|v| v.get_name() == *value)
            })
        });
        assert!(found, "no value `{value}` of `{id}` for its translation");
    }
}

/// English help is clap's own: the doc comments, clap's headings and notes. Some help names a
/// Chinese term (科发党字〔2020〕62号, 3个月, 督办), but none is mostly Chinese.
#[test]
fn english_help_stays_english() {
    let command = localised(Cli::command(), Lang::En);
    for (path, mut cmd) in visible_commands(&command, "") {
        let texts = cmd.get_about().map(ToString::to_string).into_iter().chain(
            cmd.get_arguments()
                .filter(|a| !a.is_hide_set())
                .filter_map(|a| a.get_help().map(ToString::to_string)),
        );
        for text in texts {
            let latin = text.chars().filter(char::is_ascii_alphabetic).count();
            let cjk = text.chars().filter(|c| is_cjk(*c)).count();
            assert!(latin > cjk, "`{path}`: {text:?}");
        }
        let help = cmd.render_long_help().to_string();
        assert!(
            help.contains("Usage:") && !help.contains("用法"),
            "`{path}`:\n{help}"
        );
    }
    let mut command = command;
    assert!(
        command
            .render_help()
            .to_string()
            .contains("Examples:\n  clausecheck check")
    );
}
