//! `order`: once a later step is recorded, every earlier step is recorded, on the same day or
//! before. A missing later step is not a finding.

use crate::dates::DateField;
use crate::engine::emit::label;
use crate::engine::resolve::{Cx, DateHit};
use crate::finding::{Finding, Status};
use crate::pack::{DateRef, Step};
use crate::text::Msg;

struct Entry<'a, 'p> {
    date: DateHit<'a>,
    rf: &'p DateRef,
    step: usize,
    required: bool,
}

pub fn check(cx: &Cx, steps: &[Step]) -> Vec<Finding> {
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
