//! Rule packs: YAML files compiled into validated, typed rules. Errors point into the rule file.

pub mod checks;
mod compile;
pub(crate) mod emit;
mod error;
pub(crate) mod index;
pub mod path;
mod reader;
pub(crate) mod resolve;

use std::collections::BTreeMap;
use std::path::Path as FsPath;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::calendar::Period;
use crate::model::Kind;
use crate::org::OrgNames;
use crate::text::Msg;

pub use self::checks::Check;
pub use self::checks::deadline::DeadlineEnd;
/// Severity belongs to findings; rules set it, so it is re-exported here.
pub use crate::finding::Severity;
pub(crate) use compile::RuleCx;
pub use error::PackError;
pub use path::{Path, Scope};

static BUILTIN: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/rules/cas-2020-62");

#[derive(Debug, Clone)]
pub struct Pack {
    pub meta: PackMeta,
    pub articles: Vec<Article>,
    pub params: BTreeMap<String, Param>,
    pub orgs: OrgNames,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
pub struct PackMeta {
    pub id: String,
    pub title: Msg,
    pub document_number: String,
    pub issued_on: NaiveDate,
    pub effective_from: NaiveDate,
    /// The last day the regulation was in force, when it was repealed or replaced.
    pub effective_until: Option<NaiveDate>,
    /// Cases whose `entered_on` lies outside `effective_from..=effective_until` are out of scope.
    pub scope_field: String,
    /// How many articles the regulation has, so `rules coverage` can name the ones a pack omits.
    pub article_count: Option<u32>,
    /// Extra calendar data (years the built-in calendar lacks), relative to the pack folder.
    pub calendar: Option<std::path::PathBuf>,
    /// Who must act on a rule that names nobody itself.
    pub responsible: Option<Arc<str>>,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub number: u32,
    pub chapter: Option<String>,
    pub text: String,
    /// Why no fact in an export shows compliance, for articles without rules.
    pub not_checkable: Option<Msg>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    Number(i64),
    Period(Period),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub value: ParamValue,
    pub description: Msg,
}

/// Who must act on a rule's findings (督办: the party the office presses).
#[derive(Debug, Clone)]
pub enum Responsible {
    /// A fixed organisation, in canonical form.
    Org(Arc<str>),
    /// The organisation a field of the record names (normalised as it is read), else
    /// `otherwise` when the field is blank.
    Field { path: Path, otherwise: Arc<str> },
    /// The organisation a `contains` check found missing (or dated wrongly).
    FoundMissing { otherwise: Arc<str> },
}

impl Responsible {
    /// The field it reads, if any: a sweep keeps it for the rules judged at the end.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Responsible::Field { path, .. } => Some(path),
            _ => None,
        }
    }

    /// As `rules show` and the docs describe it.
    pub fn describe(&self) -> Msg {
        match self {
            Responsible::Org(org) => Msg::new(org.to_string(), org.to_string()),
            Responsible::Field { path, otherwise } => Msg::new(
                format!("{} 所记载的单位（未记载时：{otherwise}）", path.text),
                format!(
                    "the organisation named in {} (when blank: {otherwise})",
                    path.text
                ),
            ),
            Responsible::FoundMissing { otherwise } => Msg::new(
                format!("检查发现缺少的单位（无从确定时：{otherwise}）"),
                format!("the organisation found missing (when none: {otherwise})"),
            ),
        }
    }
}

/// The 三色 thresholds: a deadline due within `green` of the evaluation date is green, within
/// `yellow` yellow (pack parameters `light_green`, `light_yellow`).
pub const LIGHT_GREEN_DEFAULT: Period = Period::Days(20);
pub const LIGHT_YELLOW_DEFAULT: Period = Period::Days(10);

#[derive(Debug, Clone)]
pub struct Rule {
    /// Shared with every finding of the rule: a sweep may hold a hundred thousand.
    pub id: Arc<str>,
    pub article: u32,
    pub severity: Severity,
    pub title: Msg,
    pub message: Msg,
    /// Shared with every finding of the rule, as `id` is.
    pub help: Option<Arc<Msg>>,
    pub responsible: Responsible,
    pub on: Kind,
    pub each: Option<Each>,
    pub when: Option<Cond>,
    pub check: Check,
    /// The pack parameters this rule reads.
    pub params: Vec<String>,
    /// Reads the round or its cases: a case whose round is unknown cannot be judged by it.
    pub reads_round: bool,
    /// The days (by the pack's scope field) a case must fall in to be judged by this rule.
    pub effective: Window,
}

/// A period of validity, both ends included; an open end is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Window {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }

    pub fn is_unbounded(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

impl PackMeta {
    pub fn window(&self) -> Window {
        Window {
            from: Some(self.effective_from),
            until: self.effective_until,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Each {
    /// The item list, as a dotted path from the record (`clues`, `team.members`).
    pub collection: String,
    /// `collection`'s keys, looked up once.
    pub collection_keys: Vec<crate::key::Key>,
    /// Only the latest item by this date field (ties: the later in the list).
    pub latest_by: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Cond {
    Recorded(Path),
    Missing(Path),
    OneOf {
        path: Path,
        values: Vec<String>,
    },
    /// Both dates recorded and the first on or before the second.
    OnOrBefore(Path, Path),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

#[derive(Debug, Clone)]
pub enum PeriodRef {
    Fixed(Period),
    Param(String),
}

#[derive(Debug, Clone)]
pub enum NumberRef {
    Fixed(i64),
    Param(String),
}

/// A required organisation, possibly templated (`{case.unit.branch}分党组`) and conditional.
#[derive(Debug, Clone)]
pub struct OrgSpec {
    pub parts: Vec<TemplatePart>,
    pub when: Option<Cond>,
}

#[derive(Debug, Clone)]
pub enum TemplatePart {
    Text(String),
    Field(Path),
}

/// A pack's source files, as (display path, text), for compiling and for error reports.
#[derive(Debug, Clone, Default)]
pub struct PackSource {
    pub files: Vec<(String, String)>,
    /// The folder relative paths in the pack (its `calendar`) are resolved against.
    pub dir: Option<std::path::PathBuf>,
}

/// The `.yaml` files directly in a folder of the built-in pack, as (display path, text), sorted.
fn builtin_yaml(dir: Option<&include_dir::Dir<'static>>) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = dir
        .into_iter()
        .flat_map(|d| d.files())
        .filter(|f| f.path().extension().is_some_and(|e| e == "yaml"))
        .filter_map(|f| {
            Some((
                format!("rules/cas-2020-62/{}", f.path().display()),
                f.contents_utf8()?.to_string(),
            ))
        })
        .collect();
    files.sort();
    files
}

impl PackSource {
    pub fn builtin() -> PackSource {
        PackSource {
            files: builtin_yaml(Some(&BUILTIN)),
            dir: None,
        }
    }

    /// The built-in pack's fixtures (`tests/*.yaml`), as (display path, text), sorted.
    pub fn builtin_fixtures() -> Vec<(String, String)> {
        builtin_yaml(BUILTIN.get_dir("tests"))
    }

    /// A pack folder (every `.yaml` directly inside it) or one rule file.
    pub fn read(path: &FsPath) -> Result<PackSource, PackError> {
        let io = |e: std::io::Error| PackError::io(path, &e);
        let mut files = Vec::new();
        if path.is_dir() {
            for entry in std::fs::read_dir(path).map_err(io)? {
                let p = entry.map_err(io)?.path();
                if p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    let text = std::fs::read_to_string(&p).map_err(|e| PackError::io(&p, &e))?;
                    files.push((p.display().to_string(), text));
                }
            }
        } else {
            files.push((
                path.display().to_string(),
                std::fs::read_to_string(path).map_err(io)?,
            ));
        }
        files.sort();
        let dir = if path.is_dir() {
            Some(path.to_path_buf())
        } else {
            path.parent().map(FsPath::to_path_buf)
        };
        Ok(PackSource { files, dir })
    }

    pub fn compile(&self) -> Result<Pack, PackError> {
        compile::compile(self)
    }
}

impl Pack {
    pub fn builtin() -> Pack {
        // The built-in pack is checked by the test suite; failing here is a build defect.
        PackSource::builtin()
            .compile()
            .unwrap_or_else(|e| panic!("built-in pack: {e:?}"))
    }

    pub fn param_number(&self, name: &str) -> Option<i64> {
        match self.params.get(name)?.value {
            ParamValue::Number(n) => Some(n),
            ParamValue::Period(_) => None,
        }
    }

    pub fn period(&self, p: &PeriodRef) -> Option<Period> {
        match p {
            PeriodRef::Fixed(p) => Some(*p),
            PeriodRef::Param(name) => match self.params.get(name)?.value {
                ParamValue::Period(p) => Some(p),
                ParamValue::Number(_) => None,
            },
        }
    }

    pub fn number(&self, n: &NumberRef) -> Option<i64> {
        match n {
            NumberRef::Fixed(v) => Some(*v),
            NumberRef::Param(name) => self.param_number(name),
        }
    }

    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == number)
    }
}

impl Rule {
    /// Calls `f` on every field path the rule reads in its own context: its `when`, then what
    /// its check's kind declares.
    pub fn visit_paths<'r>(&'r self, f: &mut dyn FnMut(&'r Path)) {
        if let Some(w) = &self.when {
            w.visit_paths(f);
        }
        for p in self.check.reads().paths {
            f(p);
        }
    }
}

impl Cond {
    pub fn visit_paths<'c>(&'c self, f: &mut dyn FnMut(&'c Path)) {
        match self {
            Cond::Recorded(p) | Cond::Missing(p) | Cond::OneOf { path: p, .. } => f(p),
            Cond::OnOrBefore(a, b) => {
                f(a);
                f(b);
            }
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.visit_paths(f)),
            Cond::Not(c) => c.visit_paths(f),
        }
    }
}
