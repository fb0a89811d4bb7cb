//! `clausecheck.toml`: project settings found from the working directory upward (as ruff finds
//! its configuration), so a team records its packs, parameters and choices once. Flags given on
//! the command line win over the file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::calendar::Period;
use crate::failure::Failure;
use crate::pack::{Pack, ParamValue};
use crate::text::{Lang, Msg};

pub const FILE_NAME: &str = "clausecheck.toml";

/// Which configuration file a run reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The nearest `clausecheck.toml` in the working directory or above it.
    Discover,
    /// `--config FILE`.
    File(PathBuf),
    /// `--no-config` / `--isolated`.
    Ignore,
}

impl Choice {
    /// The choice the global options make: `--no-config` wins (clap refuses it with
    /// `--config`), then `--config FILE`, else the nearest file.
    pub fn from_flags(no_config: bool, file: Option<PathBuf>) -> Choice {
        match (no_config, file) {
            (true, _) => Choice::Ignore,
            (false, Some(file)) => Choice::File(file),
            (false, None) => Choice::Discover,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: PathBuf,
    /// Default packs, resolved against the configuration file's folder.
    pub rules: Vec<PathBuf>,
    pub parameters: Vec<ParamOverride>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// The waivers file, resolved against the configuration file's folder.
    pub waivers: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub calendar: Option<PathBuf>,
    /// Who maintains the export: the responsible party of `data.` findings.
    pub data_responsible: Option<String>,
}

/// `[parameters] name = value`, remembered with its place for error messages.
#[derive(Debug, Clone)]
pub struct ParamOverride {
    pub name: String,
    pub value: OverrideValue,
    origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OverrideValue {
    Number(i64),
    Text(String),
    Other,
}

#[derive(Debug, Clone)]
struct Origin {
    file: String,
    text: Arc<str>,
    span: Range<usize>,
}

impl Origin {
    /// `file:line:col: message`, in the user's language.
    fn error(&self, zh: String, en: String) -> Failure {
        let (line, col) = line_col(&self.text, self.span.start);
        let at = format!("{}:{line}:{col}", self.file);
        Failure::Message(Msg::new(format!("{at}: {zh}"), format!("{at}: {en}")))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    parameters: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    waivers: Option<String>,
    lang: Option<Spanned<String>>,
    calendar: Option<String>,
    data_responsible: Option<String>,
}

/// The configuration a run uses, if any. Errors name the file, line and column.
pub fn load(choice: &Choice) -> Result<Option<Config>, Failure> {
    let file = match choice {
        Choice::Ignore => return Ok(None),
        Choice::File(f) => f.clone(),
        Choice::Discover => {
            let Ok(cwd) = std::env::current_dir() else {
                return Ok(None);
            };
            match discover(&cwd) {
                Some(f) => f,
                None => return Ok(None),
            }
        }
    };
    let text = std::fs::read_to_string(&file).map_err(|e| {
        Failure::Message(Msg::new(
            format!("无法读取配置文件 {}：{e}", file.display()),
            format!("cannot read configuration file {}: {e}", file.display()),
        ))
    })?;
    parse(&file, &text).map(Some)
}

/// The nearest `clausecheck.toml` in `start` or a folder above it, up to the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|f| f.is_file())
}

pub fn parse(file: &Path, text: &str) -> Result<Config, Failure> {
    let shown = file.display().to_string();
    let text: Arc<str> = Arc::from(text);
    let origin = |span: Range<usize>| Origin {
        file: shown.clone(),
        text: text.clone(),
        span,
    };
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let detail = e.message().trim().to_string();
        origin(e.span().unwrap_or(0..0)).error(
            format!("配置文件有误：{detail}"),
            format!("invalid configuration: {detail}"),
        )
    })?;
    let dir = file.parent().unwrap_or(Path::new(""));
    let lang = raw
        .lang
        .map(|l| match l.get_ref().as_str() {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(origin(l.span()).error(
                format!("lang 应为 zh 或 en，而非 `{other}`"),
                format!("lang must be zh or en, not `{other}`"),
            )),
        })
        .transpose()?;
    Ok(Config {
        file: file.to_path_buf(),
        rules: raw.rules.iter().map(|r| dir.join(r)).collect(),
        parameters: raw
            .parameters
            .into_iter()
            .map(|(name, value)| ParamOverride {
                origin: origin(value.span()),
                name: name.into_inner(),
                value: match value.into_inner() {
                    toml::Value::Integer(n) => OverrideValue::Number(n),
                    toml::Value::String(s) => OverrideValue::Text(s),
                    _ => OverrideValue::Other,
                },
            })
            .collect(),
        select: raw.select,
        ignore: raw.ignore,
        waivers: raw.waivers.map(|w| dir.join(w)),
        lang,
        calendar: raw.calendar.map(|c| dir.join(c)),
        data_responsible: raw.data_responsible,
    })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Sets each overridden parameter in every pack that declares it. A parameter no pack declares,
/// or a value of the wrong kind, is an error at its place in the configuration file.
pub fn apply_parameters(packs: &mut [Pack], overrides: &[ParamOverride]) -> Result<(), Failure> {
    for o in overrides {
        let mut declared = false;
        for pack in packs.iter_mut() {
            if let Some(param) = pack.params.get_mut(&o.name) {
                declared = true;
                param.value = converted(o, &param.value)?;
            }
        }
        if !declared {
            let known: Vec<&str> = packs
                .iter()
                .flat_map(|p| p.params.keys().map(String::as_str))
                .collect();
            return Err(o.origin.error(
                format!(
                    "规则包未声明参数 `{}`（可用：{}）",
                    o.name,
                    known.join("、")
                ),
                format!(
                    "no pack declares the parameter `{}` (declared: {})",
                    o.name,
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn converted(o: &ParamOverride, current: &ParamValue) -> Result<ParamValue, Failure> {
    match (current, &o.value) {
        (ParamValue::Number(_), OverrideValue::Number(n)) if *n >= 0 => Ok(ParamValue::Number(*n)),
        (ParamValue::Number(_), _) => Err(o.origin.error(
            format!("参数 `{}` 应为非负整数", o.name),
            format!("parameter `{}` must be a non-negative integer", o.name),
        )),
        (ParamValue::Period(_), OverrideValue::Text(t)) => {
            t.parse::<Period>().map(ParamValue::Period).map_err(|_| {
                o.origin.error(
                    format!("参数 `{}`：无法识别的期限 `{t}`（例：3个月、30日、15个工作日）", o.name),
                    format!(
                        "parameter `{}`: unrecognised period `{t}` (e.g. \"3个月\", \"30 days\", \"15 workdays\")",
                        o.name
                    ),
                )
            })
        }
        (ParamValue::Period(_), _) => Err(o.origin.error(
            format!("参数 `{}` 应为期限文本，如 \"20日\"", o.name),
            format!("parameter `{}` must be a period in quotes, e.g. \"20日\"", o.name),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config, String> {
        parse(Path::new("/p/clausecheck.toml"), text).map_err(|e| match e {
            Failure::Message(m) => m.en,
            Failure::Pack(p) => p.to_string(),
            Failure::Located(l) => l.to_string(),
        })
    }

    #[test]
    fn paths_are_relative_to_the_file() {
        let c =
            parsed("rules = [\"packs/a\"]\nwaivers = \"w.yaml\"\ncalendar = \"c.yaml\"\n").unwrap();
        assert_eq!(c.rules, vec![PathBuf::from("/p/packs/a")]);
        assert_eq!(c.waivers, Some(PathBuf::from("/p/w.yaml")));
        assert_eq!(c.calendar, Some(PathBuf::from("/p/c.yaml")));
    }

    #[test]
    fn unknown_key_is_located() {
        let e = parsed("lang = \"en\"\n\nrulez = []\n").unwrap_err();
        assert!(e.starts_with("/p/clausecheck.toml:3:1:"), "{e}");
        assert!(e.contains("rulez"), "{e}");
    }

    #[test]
    fn bad_lang_is_located() {
        let e = parsed("lang = \"fr\"\n").unwrap_err();
        assert!(e.starts_with("/p/clausecheck.toml:1:8:"), "{e}");
    }

    #[test]
    fn overrides_are_checked_against_the_pack() {
        let mut packs = vec![Pack::builtin()];
        let c =
            parsed("[parameters]\ndue_soon_days = 10\npetition_forward_days = \"20日\"\n").unwrap();
        apply_parameters(&mut packs, &c.parameters).unwrap_or_else(|_| panic!("valid"));
        assert_eq!(packs[0].param_number("due_soon_days"), Some(10));
        assert_eq!(
            packs[0].params["petition_forward_days"].value,
            ParamValue::Period("20日".parse().unwrap())
        );
        for (text, at) in [
            ("[parameters]\nno_such = 1\n", ":2:11:"),
            ("[parameters]\ndue_soon_days = \"ten\"\n", ":2:17:"),
            ("[parameters]\nurgent_days = \"soon\"\n", ":2:15:"),
        ] {
            let c = parsed(text).unwrap();
            let Err(Failure::Message(m)) = apply_parameters(&mut packs, &c.parameters) else {
                panic!("{text} should fail");
            };
            assert!(m.en.contains(at), "{text}: {}", m.en);
        }
    }

    #[test]
    fn discovery_walks_upward() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join(FILE_NAME)));
    }
}
