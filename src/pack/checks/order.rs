//! `order`: once a later step is recorded, every earlier step is recorded, on the same day or
//! before. A missing later step is not a finding.

use super::{Check, Reads};
use crate::dates::DateField;
use crate::finding::{Finding, Status};
use crate::model::{Node, Value};
use crate::pack::emit::label;
use crate::pack::resolve::{Cx, DateHit};
use crate::pack::{PackError, Path, RuleCx};
use crate::text::Msg;

/// `order: [a, [b, c], {earliest: d}, {field: e, required: true}]`: steps in sequence.
#[derive(Debug, Clone)]
pub struct Order {
    pub steps: Vec<Step>,
}

/// One step of an order: one or several dates that must all come before the next step.
#[derive(Debug, Clone)]
pub struct Step {
    pub dates: Vec<DateRef>,
    /// Must be recorded whenever the rule applies, even with no later step recorded.
    pub required: bool,
}

/// A date an order reads.
#[derive(Debug, Clone)]
pub enum DateRef {
    Field(Path),
    /// The earliest recorded value of a multi-valued path.
    Earliest(Path),
}

impl DateRef {
    pub fn path(&self) -> &Path {
        match self {
            DateRef::Field(p) | DateRef::Earliest(p) => p,
        }
    }
}

pub(crate) fn compile(rc: &mut RuleCx, node: &Node) -> Result<Check, PackError> {
    let steps = rc.cx.list(node, "order")?;
    if steps.len() < 2 {
        return Err(rc.cx.error(
            node.span,
            "order 至少需要两个步骤",
            "order needs at least two steps",
        ));
    }
    let steps = steps
        .iter()
        .map(|s| step(rc, s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Check::Order(Order { steps }))
}

fn step(rc: &RuleCx, node: &Node) -> Result<Step, PackError> {
    match &node.value {
        Value::Text(_) => Ok(Step {
            dates: vec![DateRef::Field(rc.single_date(node)?)],
            required: false,
        }),
        Value::List(items) => Ok(Step {
            dates: items
                .iter()
                .map(|n| rc.single_date(n).map(DateRef::Field))
                .collect::<Result<_, _>>()?,
            required: false,
        }),
        _ => {
            let f = rc
                .cx
                .map(node, "order step", &["field", "earliest", "required"])?;
            let required = f
                .opt("required")
                .map(|n| rc.cx.bool(n, "required"))
                .transpose()?
                .unwrap_or(false);
            let date = match (f.opt("field"), f.opt("earliest")) {
                (Some(n), None) => DateRef::Field(rc.single_date(n)?),
                (None, Some(n)) => DateRef::Earliest(rc.date_path(n)?),
                _ => {
                    return Err(rc.cx.error(
                        node.span,
                        "步骤应有 field 或 earliest 之一",
                        "a step needs one of `field` or `earliest`",
                    ));
                }
            };
            Ok(Step {
                dates: vec![date],
                required,
            })
        }
    }
}

impl Order {
    pub fn reads(&self) -> Reads<'_> {
        Reads::paths(
            self.steps
                .iter()
                .flat_map(|s| &s.dates)
                .map(DateRef::path)
                .collect(),
        )
    }

    pub fn describe(&self) -> Msg {
        let steps: Vec<String> = self
            .steps
            .iter()
            .map(|s| {
                let dates: Vec<String> = s.dates.iter().map(|d| d.path().to_string()).collect();
                dates.join(", ")
            })
            .collect();
        let order = steps.join(" ≤ ");
        Msg::new(format!("先后顺序：{order}"), format!("order: {order}"))
    }

    pub(crate) fn check(&self, cx: &Cx) -> Vec<Finding> {
        check(cx, &self.steps)
    }
}

struct Entry<'a, 'p> {
    date: DateHit<'a>,
    rf: &'p DateRef,
    step: usize,
    required: bool,
}

fn check(cx: &Cx, steps: &[Step]) -> Vec<Finding> {
    let mut entries = Vec::with_capacity(steps.iter().map(|s| s.dates.len()).sum());
    for (i, step) in steps.iter().enumerate() {
        for rf in &step.dates {
            let date = match rf {
                DateRef::Field(p) => cx.date(p),
                DateRef::Earliest(p) => cx.earliest(p),
            };
            if date.value == DateField::Invalid {
                return Vec::new();
            }
            entries.push(Entry {
                date,
                rf,
                step: i,
                required: step.required,
            });
        }
    }
    let mut out = Vec::new();
    let last_recorded_step = entries.iter().filter(|e| recorded(e)).map(|e| e.step).max();
    for e in entries.iter().filter(|e| !recorded(e)) {
        let later = last_recorded_step
            .filter(|&l| l > e.step)
            .and_then(|l| entries.iter().find(|x| x.step == l && recorded(x)));
        if later.is_some() || e.required {
            out.push(missing(cx, e, later));
        }
    }
    for e in entries.iter().filter(|e| recorded(e)) {
        let Some(next_step) = entries
            .iter()
            .filter(|x| x.step > e.step && recorded(x))
            .map(|x| x.step)
            .min()
        else {
            continue;
        };
        for later in entries
            .iter()
            .filter(|x| x.step == next_step && recorded(x))
        {
            if let (DateField::Date(a), DateField::Date(b)) = (e.date.value, later.date.value)
                && a > b
            {
                out.push(out_of_order(cx, e, later, a, b));
            }
        }
    }
    out
}

fn recorded(e: &Entry) -> bool {
    matches!(e.date.value, DateField::Date(_))
}

fn missing(cx: &Cx, e: &Entry, later: Option<&Entry>) -> Finding {
    let this = label(e.rf.path());
    let detail = match later {
        Some(l) => {
            let (that, d) = (label(l.rf.path()), show(l));
            Msg::new(
                format!("已记录 {}（{d}），但未记录 {}", that.zh, this.zh),
                format!("{} is recorded ({d}) but {} is not", that.en, this.en),
            )
        }
        None => Msg::new(
            format!("未记录 {}", this.zh),
            format!("{} is not recorded", this.en),
        ),
    };
    cx.finding(
        Status::Violation,
        e.date.at,
        Some(e.rf.path().field_name()),
        detail,
    )
}

fn out_of_order(
    cx: &Cx,
    earlier: &Entry,
    later: &Entry,
    a: chrono::NaiveDate,
    b: chrono::NaiveDate,
) -> Finding {
    // Point at the most specific field of the pair; between equals, at the later step.
    let blame = if earlier.rf.path().scope.rank() > later.rf.path().scope.rank() {
        earlier
    } else {
        later
    };
    let (x, y) = (label(earlier.rf.path()), label(later.rf.path()));
    let detail = Msg::new(
        format!("{}（{a}）晚于 {}（{b}），应在其当日或之前", x.zh, y.zh),
        format!(
            "{} ({a}) is after {} ({b}); it must be on or before it",
            x.en, y.en
        ),
    );
    cx.finding(
        Status::Violation,
        blame.date.at,
        Some(blame.rf.path().field_name()),
        detail,
    )
}

fn show(e: &Entry) -> String {
    match e.date.value {
        DateField::Date(d) => d.to_string(),
        _ => String::new(),
    }
}
