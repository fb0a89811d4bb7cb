//! Building findings from the evaluation context: identity, item, location, message.

use super::resolve::{Cx, Hit};
use crate::finding::{DeadlineFacts, Finding, ItemRef, Status};
use crate::model::{Kind, Record};
use crate::pack::{Path, Responsible, Severity};
use crate::schema;
use crate::text::Msg;

impl Cx<'_> {
    /// A finding of the current rule at `at`, about `field`, explained by `detail`.
    pub fn finding(&self, status: Status, at: Hit, field: Option<String>, detail: Msg) -> Finding {
        let severity = match status {
            Status::DueSoon => Severity::Warning,
            Status::Open => Severity::Info,
            _ => self.rule.severity,
        };
        let item = self.item.map(|i| ItemRef {
            collection: self
                .rule
                .each
                .as_ref()
                .map_or_else(|| "".into(), |e| e.collection.as_str().into()),
            id: i.id.map(str::to_owned),
        });
        let message = Msg::new(
            format!("{}：{}", self.rule.message.zh, detail.zh),
            format!("{}: {}", self.rule.message.en, detail.en),
        );
        let who = identity(self.record);
        Finding {
            rule: self.rule.id.clone(),
            article: Some(self.rule.article),
            severity,
            status,
            round_id: who.round_id.map(Into::into),
            case_id: who.case_id,
            unit: who.unit.map(Into::into),
            branch: who.branch.map(Into::into),
            responsible: Some(self.responsible()),
            item: item.map(Box::new),
            field: field.map(Into::into),
            deadline: None,
            message: std::sync::Arc::new(message),
            help: self.rule.help.clone(),
            file: at.file,
            span: at.node.span,
        }
    }

    pub fn deadline_finding(
        &self,
        status: Status,
        at: Hit,
        field: String,
        facts: DeadlineFacts,
        detail: Msg,
    ) -> Finding {
        let mut f = self.finding(status, at, Some(field), detail);
        f.deadline = Some(Box::new(facts));
        f
    }

    /// Who must act on the current rule's finding here, as the rule declares it.
    pub fn responsible(&self) -> std::sync::Arc<str> {
        match &self.rule.responsible {
            Responsible::Org(org) => org.clone(),
            Responsible::Field { path, otherwise } => self
                .text(path)
                .filter(|name| !name.trim().is_empty())
                .map_or_else(
                    || otherwise.clone(),
                    |name| self.pack.orgs.display_name(&name).into(),
                ),
            Responsible::FoundMissing { otherwise } => otherwise.clone(),
        }
    }
}

/// The round, case, unit and branch a finding on a record quotes.
#[derive(Debug, Default)]
pub struct RecordIdentity {
    pub round_id: Option<String>,
    pub case_id: Option<String>,
    pub unit: Option<String>,
    /// The 分院 the unit belongs to.
    pub branch: Option<String>,
}

/// The identity a finding on `record` quotes (each kind has its own).
pub fn identity(record: &Record) -> RecordIdentity {
    match record.kind {
        Some(Kind::Case) => RecordIdentity {
            round_id: record.text_at("round_id"),
            case_id: record.text_at("case_id"),
            unit: record.text_at("unit.name"),
            branch: record.text_at("unit.branch"),
        },
        Some(Kind::Round) => RecordIdentity {
            round_id: record.text_at("id"),
            ..RecordIdentity::default()
        },
        Some(Kind::Unit) => RecordIdentity {
            unit: record.text_at("name"),
            branch: record.text_at("branch"),
            ..RecordIdentity::default()
        },
        None => RecordIdentity::default(),
    }
}

/// How a field is named to a reader: its Chinese header with the path, or the path.
pub fn label(path: &Path) -> Msg {
    Msg::new(
        format!("{}（{}）", header(path), path.text),
        format!("`{}`", path.text),
    )
}

fn header(path: &Path) -> String {
    let kind = match path.scope {
        crate::pack::Scope::Round => Kind::Round,
        crate::pack::Scope::Unit => Kind::Unit,
        _ => Kind::Case,
    };
    let name = path.field_name();
    schema::FIELDS
        .iter()
        .find(|f| {
            // `f.path` is `name` or ends in `.name`; no allocation per field (hot on many findings).
            f.kind == kind
                && f.path
                    .strip_suffix(name.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
        })
        .map_or(name.clone(), |f| f.header.to_string())
}
