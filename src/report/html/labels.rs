//! The page's words in the run's language, handed to the script as one JSON object so the
//! script holds no language of its own.

use super::data::{STATUSES, json_string};
use crate::finding::Light;
use crate::report::{GroupBy, RunReport, groups};

/// `{"key": "text", …, "status": [...], "light": [...], "severity": [...], "heads": [...]}`.
pub fn labels(r: &RunReport) -> String {
    let words = words(r);
    let mut items: Vec<String> = words
        .iter()
        .map(|(k, v)| format!("\"{k}\":{}", json_string(v)))
        .collect();
    let status: Vec<&str> = STATUSES.iter().map(|s| r.status_label(*s)).collect();
    let light: Vec<&str> = [Light::Red, Light::Yellow, Light::Green]
        .iter()
        .map(|l| r.light_label(*l))
        .collect();
    let heads = groups::headings(r, GroupBy::Article);
    items.push(format!("\"status\":{}", list(&status)));
    items.push(format!(
        "\"light\":{}",
        list(&[&[r.t("无灯", "no light")], light.as_slice()].concat())
    ));
    items.push(format!(
        "\"severity\":{}",
        list(&[
            r.t("错误", "error"),
            r.t("警告", "warning"),
            r.t("提示", "info")
        ])
    ));
    items.push(format!("\"heads\":{}", list(&heads[1..])));
    format!("{{{}}}", items.join(","))
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| json_string(s)).collect();
    format!("[{}]", quoted.join(","))
}

fn words(r: &RunReport) -> Vec<(&'static str, &'static str)> {
    let group_heads = |by| groups::headings(r, by)[0];
    vec![
        ("findings", r.t("发现", "findings")),
        ("byLight", r.t("按灯色", "By light")),
        ("byStatus", r.t("按状态", "By status")),
        ("byArticle", r.t("按条款", "By article")),
        ("byResponsible", r.t("按责任方", "By responsible party")),
        ("byBranch", r.t("按分院", "By branch")),
        ("byUnit", r.t("按被巡视单位", "By unit")),
        ("byRound", r.t("按轮次", "By round")),
        ("responsible", group_heads(GroupBy::Responsible)),
        ("branch", group_heads(GroupBy::Branch)),
        ("unit", group_heads(GroupBy::Unit)),
        ("article", group_heads(GroupBy::Article)),
        ("round", r.t("轮次", "round")),
        ("case", r.t("案卷", "case")),
        ("cases", r.t("案卷数", "cases")),
        ("item", r.t("事项", "item")),
        ("field", r.t("字段", "field")),
        ("deadline", r.t("期限", "deadline")),
        ("duty", r.t("督办", "who acts")),
        ("location", r.t("位置", "location")),
        ("rule", r.t("规则", "rule")),
        ("message", r.t("说明", "message")),
        ("due", r.t("截止", "due")),
        ("daysOver", r.days_heading(false)),
        ("daysLeft", r.days_heading(true)),
        ("record", r.t("案卷 / 事项", "case / item")),
        ("none", r.t("（无）", "(none)")),
        ("data", r.t("数据", "data")),
        ("articleText", r.t("原文", "text")),
        ("help", r.t("如何处理", "what to do")),
        ("provisional", r.t("待定", "provisional")),
        ("showAll", r.t("显示全部", "show all")),
        ("showTop", r.t("只显示前 10 项", "show top 10")),
        ("prev", r.t("上一页", "previous")),
        ("next", r.t("下一页", "next")),
        ("page", r.t("页", "page")),
        ("noFindings", r.t("无。", "None.")),
        ("pieces", r.t("件", "")),
        ("repeated", r.t("重复的数据问题", "Repeated data problems")),
        (
            "repeatedNote",
            r.t(
                "另有重复的数据问题，见“重复的数据问题”，不计入本图：",
                "Not counted in this chart, see Repeated data problems: ",
            ),
        ),
        ("first", r.t("首条", "first")),
        (
            "overdue",
            r.t("已逾期（按逾期日数）", "Overdue (most days over first)"),
        ),
        ("dueSoon", r.t("即将到期", "Due soon")),
        ("waived", r.t("已豁免的发现", "Waived findings")),
        ("reason", r.t("豁免理由", "reason")),
        ("approvedBy", r.t("批准人", "approved by")),
        ("expires", r.t("有效至", "expires")),
        ("noExpiry", r.t("长期", "no expiry")),
        ("linkTitle", r.t("本条发现的链接", "link to this finding")),
        ("filtered", r.t("已筛选", "filtered")),
        ("clear", r.t("清除筛选", "clear filters")),
        ("problem", r.t("数据问题", "data problem")),
        (
            "notRepeated",
            r.t("不含重复的数据问题", "without repeated data problems"),
        ),
        ("articleN", r.t("第{n}条", "Art. {n}")),
        (
            "more",
            r.t(
                "另有 {n} 项，请在下方发现列表中查看",
                "{n} more: see the findings list below",
            ),
        ),
        ("cjkProbe", r.t("中文字形", "中文字形")),
    ]
}
