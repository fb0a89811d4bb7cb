//! Evaluation context: the record, item, case and round a rule is looking at, and how paths,
//! conditions and templates read them.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::index::Index;
use crate::dates::{DateField, read_date};
use crate::model::{FileId, Node, Record, Value};
use crate::org::{fold, folded};
use crate::pack::path::{FilterValue, Scope, Segment};
use crate::pack::{Cond, Pack, Path, Rule, TemplatePart};

#[derive(Clone, Copy)]
pub struct Item<'a> {
    pub node: &'a Node,
    pub id: Option<&'a str>,
    pub siblings: &'a [Node],
}

#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub ix: &'a Index<'a>,
    pub pack: &'a Pack,
    pub rule: &'a Rule,
    pub record: &'a Record,
    pub case: Option<&'a Record>,
    pub round: Option<&'a Record>,
    pub item: Option<Item<'a>>,
    pub as_of: NaiveDate,
    /// Open deadlines become findings of status `open` (`--include-open`).
    pub include_open: bool,
}

/// A node found by a path, with the file it lives in.
#[derive(Clone, Copy)]
pub struct Hit<'a> {
    pub node: &'a Node,
    pub file: FileId,
}

/// All the values a path reaches, or, when it reaches none, the deepest node on its way
/// (the record or list that lacks the field), for locating a "missing" finding.
pub struct Resolved<'a> {
    hits: Hits<'a>,
    pub anchor: Hit<'a>,
}

/// The values reached, in order. Most paths pass through no list and reach one value or none:
/// they are resolved for every rule on every case, so those take no allocation.
enum Hits<'a> {
    None,
    One(Hit<'a>),
    Many(Vec<Hit<'a>>),
}

impl<'a> Resolved<'a> {
    fn hits(&self) -> &[Hit<'a>] {
        match &self.hits {
            Hits::None => &[],
            Hits::One(hit) => std::slice::from_ref(hit),
            Hits::Many(hits) => hits,
        }
    }

    pub fn recorded(&self) -> impl Iterator<Item = &Hit<'a>> {
        self.hits().iter().filter(|h| !h.node.is_blank())
    }

    pub fn first(&self) -> Option<Hit<'a>> {
        self.recorded().next().copied()
    }

    pub fn is_recorded(&self) -> bool {
        self.first().is_some()
    }
}

/// A date read through a path.
#[derive(Clone, Copy)]
pub struct DateHit<'a> {
    pub value: DateField,
    pub at: Hit<'a>,
}

impl<'a> DateHit<'a> {
    /// The date chosen among several (`best`, with where it was), or none recorded: missing,
    /// pointed at `anchor`.
    pub fn chosen_or_missing(best: Option<(NaiveDate, Hit<'a>)>, anchor: Hit<'a>) -> DateHit<'a> {
        match best {
            Some((d, at)) => DateHit {
                value: DateField::Date(d),
                at,
            },
            None => DateHit {
                value: DateField::Missing,
                at: anchor,
            },
        }
    }
}

fn root_of(r: &Record) -> Hit<'_> {
    Hit {
        node: &r.root,
        file: r.file,
    }
}

impl<'a> Cx<'a> {
    /// Where a path starts: one place, or every case of the round for `cases.`.
    fn starts(&self, scope: Scope) -> Result<Option<Hit<'a>>, Vec<Hit<'a>>> {
        match scope {
            Scope::Item => Ok(self.item.map(|i| Hit {
                node: i.node,
                file: self.record.file,
            })),
            Scope::Case => Ok(self.case.map(root_of)),
            Scope::Round => Ok(self.round.map(root_of)),
            Scope::Unit => Ok(Some(root_of(self.record))),
            Scope::Cases => {
                let id = self.round.and_then(|r| r.text_at("id"));
                Err(id
                    .map(|id| {
                        self.ix
                            .cases_of_round(&id)
                            .into_iter()
                            .map(root_of)
                            .collect()
                    })
                    .unwrap_or_default())
            }
        }
    }

    /// Follows the path from its one start while no list branches it, then as [`Cx::walk`].
    pub fn resolve(&self, path: &Path) -> Resolved<'a> {
        let fallback = root_of(self.record);
        let mut hit = match self.starts(path.scope) {
            Ok(Some(hit)) => hit,
            Ok(None) => return self.walk(Vec::new(), &path.segments, fallback),
            Err(starts) => {
                let anchor = starts.first().copied().unwrap_or(fallback);
                return self.walk(starts, &path.segments, anchor);
            }
        };
        let segments = &path.segments;
        for (i, seg) in segments.iter().enumerate() {
            let Some(child) = hit.node.get_key(&seg.key) else {
                return Resolved {
                    hits: Hits::None,
                    anchor: hit,
                };
            };
            let branches = seg.filter.is_some() || i + 1 < segments.len();
            if branches && matches!(child.value, Value::List(_)) {
                return self.walk(vec![hit], segments.get(i..).unwrap_or(&[]), hit);
            }
            hit = Hit {
                node: child,
                file: hit.file,
            };
        }
        Resolved {
            hits: Hits::One(hit),
            anchor: hit,
        }
    }

    /// Follows `segments` from every hit of `starts`, each list item a hit of its own.
    fn walk(
        &self,
        starts: Vec<Hit<'a>>,
        segments: &[Segment],
        mut anchor: Hit<'a>,
    ) -> Resolved<'a> {
        let mut current = starts;
        for (i, seg) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let mut next = Vec::new();
            for hit in &current {
                let Some(child) = hit.node.get_key(&seg.key) else {
                    continue;
                };
                let at = Hit {
                    node: child,
                    file: hit.file,
                };
                match (&child.value, &seg.filter, last) {
                    (Value::List(items), Some((field, want)), _) => {
                        let want = self.filter_value(want);
                        next.extend(
                            items
                                .iter()
                                .filter(|it| matches_filter(it, field, want.as_deref()))
                                .map(|n| Hit {
                                    node: n,
                                    file: hit.file,
                                }),
                        );
                    }
                    (Value::List(items), None, false) => next.extend(items.iter().map(|n| Hit {
                        node: n,
                        file: hit.file,
                    })),
                    _ => next.push(at),
                }
                // A blank child (`null`, `""`) is itself the place that lacks the value.
                anchor = at;
            }
            if next.is_empty() {
                return Resolved {
                    hits: Hits::None,
                    anchor,
                };
            }
            current = next;
        }
        Resolved {
            hits: Hits::Many(current),
            anchor,
        }
    }

    fn filter_value<'w>(&self, want: &'w FilterValue) -> Option<Cow<'w, str>> {
        match want {
            FilterValue::Literal(s) => Some(folded(s)),
            FilterValue::Path(p) => self
                .resolve(p)
                .first()
                .and_then(|h| h.node.text())
                .map(|s| Cow::Owned(fold(&s))),
        }
    }

    /// A single date; the first recorded value of the path.
    pub fn date(&self, path: &Path) -> DateHit<'a> {
        let r = self.resolve(path);
        match r.first() {
            Some(hit) => DateHit {
                value: read_date(Some(hit.node)),
                at: hit,
            },
            None => DateHit {
                value: DateField::Missing,
                at: r.anchor,
            },
        }
    }

    /// The earliest of a multi-valued date path; invalid when any recorded value is.
    pub fn earliest(&self, path: &Path) -> DateHit<'a> {
        let r = self.resolve(path);
        let mut best: Option<(NaiveDate, Hit<'a>)> = None;
        for hit in r.recorded() {
            match read_date(Some(hit.node)) {
                DateField::Date(d) if best.is_none_or(|(b, _)| d < b) => best = Some((d, *hit)),
                DateField::Invalid => {
                    return DateHit {
                        value: DateField::Invalid,
                        at: *hit,
                    };
                }
                _ => {}
            }
        }
        DateHit::chosen_or_missing(best, r.anchor)
    }

    pub fn text(&self, path: &Path) -> Option<Cow<'a, str>> {
        self.resolve(path).first().and_then(|h| h.node.text())
    }

    pub fn holds(&self, cond: &Cond) -> bool {
        match cond {
            Cond::Recorded(p) => self.resolve(p).is_recorded(),
            Cond::Missing(p) => !self.resolve(p).is_recorded(),
            Cond::OneOf { path, values } => self
                .text(path)
                .is_some_and(|v| values.iter().any(|w| self.pack.orgs.same(&v, w))),
            Cond::OnOrBefore(a, b) => match (self.date(a).value, self.date(b).value) {
                (DateField::Date(a), DateField::Date(b)) => a <= b,
                _ => false,
            },
            Cond::All(cs) => cs.iter().all(|c| self.holds(c)),
            Cond::Any(cs) => cs.iter().any(|c| self.holds(c)),
            Cond::Not(c) => !self.holds(c),
        }
    }

    /// Renders `{case.unit.branch}分党组`; `None` when a field it needs is not recorded.
    pub fn render(&self, parts: &[TemplatePart]) -> Option<String> {
        let mut out = String::new();
        for part in parts {
            match part {
                TemplatePart::Text(t) => out.push_str(t),
                TemplatePart::Field(p) => out.push_str(&self.text(p)?),
            }
        }
        Some(out)
    }

    /// Where a finding about the whole rule context points: the item, else the record.
    pub fn here(&self) -> Hit<'a> {
        match self.item {
            Some(i) => Hit {
                node: i.node,
                file: self.record.file,
            },
            None => Hit {
                node: &self.record.root,
                file: self.record.file,
            },
        }
    }
}

fn matches_filter(item: &Node, field: &str, want: Option<&str>) -> bool {
    let Some(want) = want else { return false };
    item.get(field)
        .and_then(Node::text)
        .is_some_and(|v| folded(&v) == want)
}
