//! The export format, version 1 (`export-format.md`), as data: every field a record may carry,
//! its type and its Chinese header. Data checks, the rule compiler and the tabular loaders read it.

use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Integer,
    Bool,
    Date,
    Org,
    OrgList,
    /// Names of people or roles: compared after folding, without organisation synonyms.
    TextList,
    Enum(&'static [&'static str]),
    /// An integer from a closed range (the 四种形态: 1–4).
    IntRange(i64, i64),
    /// A list of items, each an object with an `id`.
    Items,
    Object,
}

impl FieldType {
    pub fn is_list(self) -> bool {
        matches!(
            self,
            FieldType::OrgList | FieldType::TextList | FieldType::Items
        )
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub kind: Kind,
    /// Dotted path from the record; an item field is `collection.field` (`clues.received_on`).
    pub path: &'static str,
    pub ty: FieldType,
    pub header: &'static str,
}

pub const UNIT_TYPES: &[&str] = &[
    "研究所",
    "分院",
    "国科控股",
    "院属高校",
    "院机关部门",
    "其他",
];
pub const REVIEW_OUTCOMES: &[&str] = &["通过", "未通过"];

macro_rules! fields {
    ($($kind:ident $path:literal $ty:expr, $header:literal;)*) => {
        &[$(Field { kind: Kind::$kind, path: $path, ty: $ty, header: $header },)*]
    };
}

use FieldType::*;

pub const FIELDS: &[Field] = fields! {
    Round "id" Text, "轮次编号";
    Round "year" Integer, "年度";
    Round "targets" Object, "巡视对象";
    Round "targets.units" TextList, "巡视对象名单";
    Round "targets.proposed_on" Date, "名单建议提出日期";
    Round "targets.reviewed_on" Date, "领导小组审议日期";
    Round "targets.approved_on" Date, "院党组审定日期";
    Round "leaders" Object, "组长";
    Round "leaders.names" TextList, "组长名单";
    Round "leaders.proposed_on" Date, "组长建议提出日期";
    Round "leaders.consulted_on" Date, "征求意见日期";
    Round "leaders.reviewed_on" Date, "组长领导小组审议日期";
    Round "leaders.approved_on" Date, "组长院党组审定日期";
    Round "training" Object, "集中培训";
    Round "training.held_on" Date, "集中培训日期";
    Round "assessment_meeting" Object, "研判会";
    Round "assessment_meeting.held_on" Date, "研判会日期";
    Round "assessment_meeting.organizers" OrgList, "研判会组织部门";
    Round "circular" Object, "共性问题通报";
    Round "circular.issued_on" Date, "共性问题通报日期";

    Unit "name" Text, "单位名称";
    Unit "type" Enum(UNIT_TYPES), "单位类型";
    Unit "branch" Org, "所在分院";

    Case "case_id" Text, "案卷编号";
    Case "round_id" Text, "轮次编号";
    Case "unit" Object, "被巡视单位";
    Case "unit.name" Text, "被巡视单位";
    Case "unit.type" Enum(UNIT_TYPES), "单位类型";
    Case "unit.branch" Org, "所在分院";
    Case "adjustment" Object, "调整";
    Case "adjustment.approved_on" Date, "调整批准日期";
    Case "adjustment.approved_by" Text, "批准人";
    Case "team" Object, "巡视组";
    Case "team.leader" Text, "巡视组组长";
    Case "team.leader_added" Object, "增选组长";
    Case "team.leader_added.approved_on" Date, "增选组长批准日期";
    Case "team.leader_added.approved_by" Text, "增选组长批准人";
    Case "team.members" Items, "巡视干部";
    Case "team.members.id" Text, "编号";
    Case "team.members.name" Text, "巡视干部";
    Case "team.members.vetted_on" Date, "审核日期";
    Case "entered_on" Date, "进驻日期";
    Case "intake_briefings" Items, "巡前通报";
    Case "intake_briefings.id" Text, "编号";
    Case "intake_briefings.from" Org, "通报单位";
    Case "intake_briefings.on" Date, "通报日期";
    Case "preparation" Object, "巡前准备";
    Case "preparation.materials_on" Date, "材料准备";
    Case "preparation.logistics_on" Date, "条件保障";
    Case "preparation.contingency_plan_on" Date, "应急预案";
    Case "assessments" Items, "问题研判";
    Case "assessments.id" Text, "编号";
    Case "assessments.submitted_on" Date, "书面材料提交日期";
    Case "assessments.opinion_on" Date, "研判意见日期";
    Case "assessments.departments" OrgList, "研判部门";
    Case "personal_matters_check" Object, "个人有关事项抽查";
    Case "personal_matters_check.requested_on" Date, "抽查提出日期";
    Case "personal_matters_check.completed_on" Date, "抽查完成日期";
    Case "report" Object, "巡视报告";
    Case "report.submitted_on" Date, "巡视报告报送日期";
    Case "report.revised_on" Date, "报告修改完善日期";
    Case "report.group_reviewed_on" Date, "领导小组审议日期";
    Case "report.party_approved_on" Date, "党组会审定日期";
    Case "report.distributed_on" Date, "印发日期";
    Case "report.distributed_to" OrgList, "印发范围";
    Case "feedback" Object, "巡视反馈";
    Case "feedback.delivered_on" Date, "反馈日期";
    Case "feedback.cc" OrgList, "抄送";
    Case "clues" Items, "问题线索";
    Case "clues.id" Text, "编号";
    Case "clues.group_approved_on" Date, "领导小组审定日期";
    Case "clues.transferred_on" Date, "移交日期";
    Case "clues.transferred_to" Org, "移交单位";
    Case "clues.received_on" Date, "收到日期";
    Case "clues.result_fed_back_on" Date, "办理结果反馈日期";
    Case "petitions" Items, "信访件";
    Case "petitions.id" Text, "编号";
    Case "petitions.received_on" Date, "收到日期";
    Case "petitions.forwarded_on" Date, "转送日期";
    Case "petitions.forwarded_to" Org, "转送单位";
    Case "petitions.clue_id" Text, "线索编号";
    Case "ledger_submissions" Items, "整改台账报送";
    Case "ledger_submissions.id" Text, "编号";
    Case "ledger_submissions.to" Org, "报送单位";
    Case "ledger_submissions.submitted_on" Date, "报送日期";
    Case "secretary_points" Items, "院党组书记点人点事问题";
    Case "secretary_points.id" Text, "编号";
    Case "secretary_points.disposal_form" IntRange(1, 4), "四种形态";
    Case "secretary_points.consulted_on" Date, "征求驻院纪检监察组意见日期";
    Case "secretary_points.decided_on" Date, "处理决定日期";
    Case "urgent_matters" Items, "紧急问题";
    Case "urgent_matters.id" Text, "编号";
    Case "urgent_matters.raised_on" Date, "提出日期";
    Case "urgent_matters.assigned_to" Org, "承办部门";
    Case "urgent_matters.handled_on" Date, "办理日期";
    Case "rectification_reviews" Items, "整改审核会";
    Case "rectification_reviews.id" Text, "编号";
    Case "rectification_reviews.held_on" Date, "审核会日期";
    Case "rectification_reviews.attendees" OrgList, "参会单位";
    Case "rectification_reviews.reported_by" TextList, "报告人";
    Case "rectification_reviews.outcome" Enum(REVIEW_OUTCOMES), "审核结果";
    Case "rectification_reviews.group_decided_on" Date, "领导小组审定日期";
    Case "life_meeting" Object, "巡视整改专题民主生活会";
    Case "life_meeting.held_on" Date, "巡视整改专题民主生活会";
    Case "life_meeting.supervisor_org" Org, "督导单位";
    Case "life_meeting.supervisor" Text, "督导人";
    Case "rectification_briefing" Object, "整改情况通报会";
    Case "rectification_briefing.held_on" Date, "整改情况通报会";
    Case "rectification_briefing.attendees" OrgList, "参会单位";
    Case "rectification_briefing.survey" Object, "满意度测评";
    Case "rectification_briefing.survey.conducted_by" Org, "测评单位";
    Case "rectification_briefing.survey.conducted_on" Date, "测评日期";
    Case "problems" Items, "发现问题";
    Case "problems.id" Text, "编号";
    Case "problems.category" Text, "问题类别";
    Case "problems.eight_rules" Bool, "违反中央八项规定精神";
    Case "accountability" Items, "问责";
    Case "accountability.id" Text, "编号";
    Case "accountability.decided_on" Date, "问责决定日期";
    Case "accountability.problem_ids" TextList, "问题编号";
};

pub fn field(kind: Kind, path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.kind == kind && f.path == path)
}

/// The item collections of a record kind (`clues`, `team.members`, …).
pub fn collections(kind: Kind) -> impl Iterator<Item = &'static Field> {
    FIELDS
        .iter()
        .filter(move |f| f.kind == kind && f.ty == Items)
}

#[cfg(test)]
mod tests {
    /// Every field name of the format is numbered when read ([`crate::key::KNOWN`]): a name
    /// left out would still work, as text, but cost what numbering saves.
    #[test]
    fn every_field_name_of_the_format_is_a_known_key() {
        for field in super::FIELDS {
            for name in field.path.split('.') {
                assert!(
                    crate::key::Key::number(name).is_some(),
                    "{name} ({})",
                    field.path
                );
            }
        }
        for name in ["kind", "id"] {
            assert!(crate::key::Key::number(name).is_some());
        }
    }

    /// The readers keep a date field's `YYYY-MM-DD` text as the date by the field's name alone
    /// (`Key::is_date`): so every date field must be named so, and no other.
    #[test]
    fn date_fields_and_only_they_are_named_as_dates() {
        for field in super::FIELDS {
            let last = field.path.rsplit('.').next().unwrap_or_default();
            assert_eq!(
                crate::key::Key::new(last).is_date(),
                field.ty == super::FieldType::Date,
                "{}",
                field.path
            );
        }
    }
}
