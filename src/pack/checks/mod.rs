//! The check kinds. Each kind is one file here holding everything about it: its typed form in a
//! compiled rule, how it compiles from a rule file, what it reads (and whether it reads other
//! records than the one it judges), how it judges, and how `rules show` describes it.
//!
//! Everything else reaches a kind through [`Check`]: one variant per kind, and one match arm
//! per kind in each of the few methods below, each arm a call into the kind's file. Plain data
//! and functions, not trait objects: `explain` and the streaming sweep still ask for particular
//! kinds (a deadline's arithmetic, a recurrence's memo over every case), which an enum answers
//! by a match and a `dyn` kind only by downcasting. The one table is [`KINDS`]: a kind's name
//! in a rule file and the function compiling it.
//!
//! A kind is where the rule format and the evaluation meet, so [`crate::pack`] names this module
//! (a compiled rule holds a [`Check`]) and this module reads the pack's compile helpers and the
//! engine's context. The engine plans from [`Reads`] alone: adding a kind never touches the
//! sweep.
//!
//! To add a kind: a file here, a variant and its arms in this file, a row in [`KINDS`].

pub mod contains;
pub mod coverage;
pub mod deadline;
pub mod equal;
pub mod matches;
pub mod member;
pub mod order;
pub mod org_class;
pub mod present;
pub mod recurrence;

use crate::calendar::Calendar;
use crate::finding::Finding;
use crate::model::{Node, Value};
use crate::pack::resolve::Cx;
use crate::pack::{Pack, PackError, Path, PeriodRef, RuleCx};
use crate::text::Msg;

use self::deadline::{DeadlineEnd, DeadlineNotes};

/// A compiled check: one variant per kind, its typed form defined in the kind's file.
#[derive(Debug, Clone)]
pub enum Check {
    Order(order::Order),
    /// The one kind whose fields sit in the variant rather than in a struct of its file:
    /// `commands::explain` destructures them by name. [`deadline::Deadline::of`] views them.
    Deadline {
        start: Vec<Path>,
        end: DeadlineEnd,
        period: PeriodRef,
        extension: bool,
        not_before_start: bool,
    },
    Contains(contains::Contains),
    Present(present::Present),
    Member(member::Member),
    Equal(equal::Equal),
    OrgClass(org_class::OrgClass),
    Coverage(coverage::Coverage),
    Recurrence(recurrence::Recurrence),
    Matches(matches::Matches),
}

/// How a kind compiles from the body of `check: {<kind>: <body>}`.
type Compile = fn(&mut RuleCx, &Node) -> Result<Check, PackError>;

/// Every kind by the name a rule file gives it, in the order error messages list them.
pub(crate) const KINDS: &[(&str, Compile)] = &[
    ("order", order::compile),
    ("deadline", deadline::compile),
    ("contains", contains::compile),
    ("present", present::compile),
    ("member", member::compile),
    ("equal", equal::compile),
    ("org_class", org_class::compile),
    ("coverage", coverage::compile),
    ("recurrence", recurrence::compile),
    ("matches", matches::compile),
];

/// What a check reads, as its kind declares it. The engine decides from this alone which rules
/// wait for the whole export and which fields a streaming sweep keeps of each case, and
/// `explain` lists the paths.
#[derive(Debug, Default)]
pub struct Reads<'r> {
    /// Paths read in the rule's own context, in the order `explain` lists what they reach.
    pub paths: Vec<&'r Path>,
    /// Fields of the export's cases (dotted, from a case's root) that the check reads by itself
    /// rather than through a path: a streaming sweep keeps them on every case it holds.
    pub case_fields: Vec<String>,
    /// Judges its record together with other records (a unit's cases, every case of the
    /// export): it can only run once the whole export has been read.
    pub across_records: bool,
}

impl<'r> Reads<'r> {
    /// A check on its own context only.
    pub fn paths(paths: Vec<&'r Path>) -> Reads<'r> {
        Reads {
            paths,
            ..Reads::default()
        }
    }
}

/// The body of `check:` compiled by its kind; exactly one kind, named in [`KINDS`].
pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let Value::Map(entries) = &node.value else {
        return Err(rc.cx.error(
            node.span,
            "check 应为键值映射，如 {order: [...]}",
            "check must be a map such as {order: [...]}",
        ));
    };
    let [(kind, body)] = entries.as_slice() else {
        return Err(rc.cx.error(
            node.span,
            "check 应恰有一种检查",
            "check must name exactly one check kind",
        ));
    };
    match KINDS.iter().find(|(name, _)| *kind == **name) {
        Some((_, compile)) => compile(rc, body),
        None => {
            let names: Vec<&str> = KINDS.iter().map(|(name, _)| *name).collect();
            Err(rc.cx.error(
                rc.cx.key_span(kind, body),
                format!("未知的检查类型 `{kind}`（可用：{}）", names.join("、")),
                format!(
                    "unknown check kind `{kind}` (expected one of: {})",
                    names.join(", ")
                ),
            ))
        }
    }
}

impl Check {
    /// What the check reads, as its kind declares it.
    pub fn reads(&self) -> Reads<'_> {
        match self {
            Check::Order(c) => c.reads(),
            Check::Deadline { .. } => {
                deadline::Deadline::of(self).map_or_else(Reads::default, |d| d.reads())
            }
            Check::Contains(c) => c.reads(),
            Check::Present(c) => c.reads(),
            Check::Member(c) => c.reads(),
            Check::Equal(c) => c.reads(),
            Check::OrgClass(c) => c.reads(),
            Check::Coverage(c) => c.reads(),
            Check::Recurrence(c) => c.reads(),
            Check::Matches(c) => c.reads(),
        }
    }

    /// One line saying what the check compares, in the rule file's own terms (`rules show`).
    pub fn describe(&self, pack: &Pack) -> Msg {
        match self {
            Check::Order(c) => c.describe(),
            Check::Deadline { .. } => {
                deadline::Deadline::of(self).map_or_else(|| Msg::new("", ""), |d| d.describe(pack))
            }
            Check::Contains(c) => c.describe(),
            Check::Present(c) => c.describe(),
            Check::Member(c) => c.describe(),
            Check::Equal(c) => c.describe(),
            Check::OrgClass(c) => c.describe(),
            Check::Coverage(c) => c.describe(pack),
            Check::Recurrence(c) => c.describe(),
            Check::Matches(c) => c.describe(),
        }
    }

    /// Pack parameters the kind reads whatever the rule says (`rules show` lists them).
    pub fn implied_params(&self) -> &'static [&'static str] {
        match self {
            Check::Deadline { .. } => deadline::IMPLIED_PARAMS,
            _ => &[],
        }
    }

    /// Judges the context `cx` (its `when` already holding); a deadline also notes what the
    /// summary counts besides findings.
    pub(crate) fn run(&self, cx: &Cx, cal: &Calendar, notes: &mut DeadlineNotes) -> Vec<Finding> {
        match self {
            Check::Order(c) => c.check(cx),
            Check::Deadline { .. } => {
                deadline::Deadline::of(self).map_or_else(Vec::new, |d| d.check(cx, cal, notes))
            }
            Check::Contains(c) => c.check(cx),
            Check::Present(c) => c.check(cx),
            Check::Member(c) => c.check(cx),
            Check::Equal(c) => c.check(cx),
            Check::OrgClass(c) => c.check(cx),
            Check::Coverage(c) => c.check(cx),
            Check::Recurrence(c) => c.check(cx),
            Check::Matches(c) => c.check(cx),
        }
    }
}
