//! Outputs: one module per format. Each renders the same [`RunReport`]; none reaches back into
//! the loaders.

pub mod concise;
pub mod github;
pub mod groups;
pub mod html;
pub mod human;
pub mod ics;
pub mod json;
pub mod junit;
pub mod locate;
pub mod markdown;
pub mod sarif;
pub mod source;
pub mod statistics;
pub mod xlsx;

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};

use crate::finding::{Finding, Status};
use crate::model::{CellPlace, FileId, SourceFile, Span};
use crate::pack::Severity;
use crate::text::{Lang, Msg};
use locate::{Location, Locations, location_in};
use source::IndexedSource;

/// How a finding's status is named to a reader, in every output and in `explain`.
pub fn status_word(s: Status, lang: Lang) -> &'static str {
    match (s, lang) {
        (Status::Late, Lang::Zh) => "逾期完成",
        (Status::Overdue, Lang::Zh) => "已逾期",
        (Status::DueSoon, Lang::Zh) => "即将到期",
        (Status::Violation, Lang::Zh) => "不符合",
        (Status::Open, Lang::Zh) => "未到期",
        (Status::Open, Lang::En) => "open",
        (Status::Late, Lang::En) => "late",
        (Status::Overdue, Lang::En) => "overdue",
        (Status::DueSoon, Lang::En) => "due soon",
        (Status::Violation, Lang::En) => "violation",
    }
}

/// An output format. Each is one module of this folder writing a [`RunReport`] through a
/// [`Writer`]; adding a format is one module, one variant here and its arm in
/// [`Format::writer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    /// One line per finding: `path:line:col: rule [第N条] message`.
    Concise,
    Json,
    Jsonl,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
    /// The 督办台账 workbook: binary, so the command line writes it only to `--output`.
    Xlsx,
    /// iCalendar reminders of the deadlines still to be met.
    Ics,
}

/// How every format is written: the whole report into `out`. Excerpts and places come in the
/// report ([`RunReport::locations`]); no format reads the export's files.
pub type Writer = fn(&RunReport, &mut dyn Write) -> io::Result<()>;

impl Format {
    /// Every format. Xlsx is binary: callers that read the output as text skip it (see
    /// [`Format::is_text`]).
    pub const ALL: [Format; 11] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Jsonl,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Markdown,
        Format::Html,
        Format::Xlsx,
        Format::Ics,
    ];

    /// Whether the output is text (UTF-8); only the xlsx workbook is not.
    pub fn is_text(self) -> bool {
        self != Format::Xlsx
    }

    /// The function that writes this format.
    pub fn writer(self) -> Writer {
        match self {
            Format::Human => human::write,
            Format::Concise => concise::write,
            Format::Json => json::write_document,
            Format::Jsonl => json::write_document_lines,
            Format::Sarif => sarif::write,
            Format::Junit => junit::write,
            Format::Github => github::write,
            Format::Markdown => markdown::write,
            Format::Html => html::write,
            Format::Xlsx => xlsx::write,
            Format::Ics => ics::write,
        }
    }
}

/// Writes `report` as `format` (or, with `statistics`, its counts per rule) and flushes `out`.
pub fn write(
    report: &RunReport,
    format: Format,
    statistics: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    if statistics {
        statistics::write(report, format == Format::Json, out)?;
    } else {
        (format.writer())(report, out)?;
    }
    out.flush()
}

/// Writes text made whole: for the formats that are small whatever the run's size.
fn write_text(out: &mut dyn Write, text: &str) -> io::Result<()> {
    out.write_all(text.as_bytes())
}

/// JSON text that `write` makes, escaped as [`crate::text::json_inert`] does on its way to
/// `out`: export text cannot carry terminal controls or bidi overrides into a JSON consumer.
fn write_json_inert(
    out: &mut dyn Write,
    write: impl FnOnce(
        &mut io::BufWriter<crate::text::JsonInertWriter<&mut dyn Write>>,
    ) -> io::Result<()>,
) -> io::Result<()> {
    // serde_json writes a token at a time; the escaper scans whole blocks far faster.
    let mut buffered =
        io::BufWriter::with_capacity(64 << 10, crate::text::JsonInertWriter::new(out));
    write(&mut buffered)?;
    buffered
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?
        .finish()
        .map(drop)
}

/// The human report's width when it is not drawn on a terminal (a file, a pipe, a CI log).
pub const DEFAULT_WIDTH: usize = 100;

/// Everything an output needs about one run.
pub struct RunReport<'a> {
    pub pack_id: String,
    pub pack_title: Msg,
    pub effective_from: NaiveDate,
    pub as_of: NaiveDate,
    /// The export's file paths; reports never read the files' text.
    pub file_paths: Vec<String>,
    /// Where each finding and waived finding is. The human format draws only findings whose
    /// location has an excerpt.
    pub locations: &'a Locations,
    pub records: usize,
    pub cases: usize,
    pub not_applicable: usize,
    pub open: usize,
    pub findings: &'a [Finding],
    pub warnings: Vec<Msg>,
    pub lang: Lang,
    /// Whether the human report may colour its text (a terminal that wants it).
    pub color: bool,
    /// The human report's width in columns: the terminal's, else [`DEFAULT_WIDTH`].
    pub width: usize,
    /// Article texts by number, for outputs that quote the law.
    pub articles: BTreeMap<u32, String>,
    /// The pack rules this run applied (after `--select`/`--ignore`), in pack order.
    pub rules: Vec<RuleInfo>,
    /// Findings a waiver set aside; `None` when no `--waivers` was given.
    pub waived: Option<&'a [Finding]>,
    /// The waiver behind each waived finding (reason, approver, expiry), in `waived`'s order.
    pub waived_by: &'a [crate::triage::waivers::Waiver],
    /// Findings hidden because the baseline had them; `None` when no `--baseline` was given.
    pub baselined: Option<usize>,
    /// `--group-by`: a summary per group after the findings (human, markdown).
    pub group_by: Option<GroupBy>,
    /// What outputs that describe the run itself need besides its findings.
    pub context: RunContext,
}

/// Facts about a run beyond its findings, for the outputs that describe the run itself (the
/// xlsx workbook's 说明 and 按单位 sheets).
#[derive(Debug, Clone, Default)]
pub struct RunContext {
    /// The command line that made the report; `None` when no command line did.
    pub command_line: Option<String>,
    /// The regulation's document number (`科发党字〔2020〕62号`); empty when unknown.
    pub document_number: String,
    /// The export's cases per unit (`unit.name`), for findings per case.
    pub cases_by_unit: BTreeMap<String, UnitCases>,
}

/// One unit's cases in the export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitCases {
    /// The 分院 its first case names (`unit.branch`).
    pub branch: Option<String>,
    pub cases: usize,
}

impl RunContext {
    /// Counts a case of `unit` (cases naming no unit are counted in no unit's row).
    pub fn count_case(&mut self, unit: Option<String>, branch: Option<String>) {
        if let Some(unit) = unit {
            let tally = self.cases_by_unit.entry(unit).or_default();
            tally.cases += 1;
            if tally.branch.is_none() {
                tally.branch = branch;
            }
        }
    }
}

/// Why a deadline's verdict may change: the years its due date depends on that the calendar
/// lacks. `None` when the calendar covers them all.
pub fn provisional_reason(d: &crate::finding::DeadlineFacts, lang: Lang) -> Option<String> {
    if !d.provisional() {
        return None;
    }
    let years: Vec<String> = d.uncovered_years.iter().map(i32::to_string).collect();
    Some(match lang {
        Lang::Zh => format!(
            "日历缺少 {} 年的国务院节假日安排，截止日按周末推算，公布后可能变化",
            years.join("、")
        ),
        Lang::En => format!(
            "the calendar lacks the State Council holiday notice for {}; the due date was judged by weekends alone and may change",
            years.join(", ")
        ),
    })
}

/// What `--group-by` groups findings by, for a summary per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    Responsible,
    Unit,
    Branch,
    Article,
}

/// A rule as outputs describe it.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    /// `None` for `data.` rules.
    pub article: Option<u32>,
    pub severity: Severity,
    pub title: Msg,
    pub help: Option<Msg>,
}

impl RuleInfo {
    /// A pack rule as outputs describe it.
    pub fn of(rule: &crate::pack::Rule) -> RuleInfo {
        RuleInfo {
            id: rule.id.to_string(),
            article: Some(rule.article),
            severity: rule.severity,
            title: rule.title.clone(),
            help: rule.help.as_deref().cloned(),
        }
    }
}

/// A finding's place as a reader needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub length: usize,
    /// For tabular input: sheet (or CSV file), row, column name and cell.
    /// Boxed: most places are in JSON Lines, and a run may hold a place per finding.
    pub cell: Option<Box<CellPlace>>,
}

impl Place {
    /// `file:line:col`, and for tables the cell: `问题线索.csv:5:75 (问题线索!G5)`.
    pub fn reference(&self) -> String {
        let cell = self
            .cell
            .as_ref()
            .map(|c| format!(" ({}!{})", c.sheet, c.cell))
            .unwrap_or_default();
        format!("{}:{}:{}{cell}", self.file, self.line, self.column)
    }
}

impl RunReport<'_> {
    /// The finding's location (line 1, column 1 of no file if the run has none for it).
    pub fn location(&self, f: &Finding) -> std::borrow::Cow<'_, Location> {
        self.locations.of(f).map_or_else(
            || std::borrow::Cow::Owned(Location::unknown(f.span)),
            std::borrow::Cow::Borrowed,
        )
    }

    pub fn place(&self, f: &Finding) -> Place {
        self.location(f).place.clone()
    }

    /// The applied rules, then the `data.` rules that produced a finding (they live in the
    /// loaders and the engine, not in a pack), sorted by id.
    pub fn rule_catalog(&self) -> Vec<RuleInfo> {
        let mut rules = self.rules.clone();
        let mut extra: Vec<&Finding> = self
            .findings
            .iter()
            .chain(self.waived.unwrap_or_default())
            .filter(|f| !self.rules.iter().any(|r| *r.id == *f.rule))
            .collect();
        extra.sort_by(|a, b| a.rule.cmp(&b.rule));
        extra.dedup_by(|a, b| a.rule == b.rule);
        rules.extend(extra.into_iter().map(|f| RuleInfo {
            id: f.rule.to_string(),
            article: f.article,
            severity: f.severity,
            title: Msg::new("导出数据问题", "export data problem"),
            help: Some(crate::selectors::data_rule_help(&f.rule)),
        }));
        rules
    }

    /// Each applied rule's title in the run's language, by rule id: what a finding asks for.
    pub fn rule_titles(&self) -> std::collections::HashMap<&str, &str> {
        self.rules
            .iter()
            .map(|r| (r.id.as_str(), r.title.get(self.lang)))
            .collect()
    }

    /// The item a finding is about: its collection as the reader's language names it, then its
    /// id (`问题线索 XS-0193`); `None` for a finding on the case or round itself.
    pub fn item_label(&self, f: &Finding) -> Option<String> {
        let item = f.item.as_ref()?;
        let collection = match self.lang {
            Lang::Zh => crate::load::collection_name_zh(&item.collection)
                .map_or_else(|| item.collection.to_string(), str::to_string),
            Lang::En => item.collection.to_string(),
        };
        Some(match &item.id {
            Some(id) => format!("{collection} {id}"),
            None => collection,
        })
    }

    /// The article a finding's rule encodes, as the reader's language names it.
    pub fn article_label(&self, article: Option<u32>) -> String {
        match (article, self.lang) {
            (Some(a), Lang::Zh) => format!("第{a}条"),
            (Some(a), Lang::En) => format!("Art. {a}"),
            (None, Lang::Zh) => "数据".to_string(),
            (None, Lang::En) => "data".to_string(),
        }
    }

    /// Who the finding is about: case / item, else the round, else the unit.
    pub fn record_name(f: &Finding) -> String {
        crate::triage::Identity::of(f).record_name()
    }

    /// The finding's message, led by its record when it has one, with its deadline facts.
    pub fn headline(&self, f: &Finding) -> String {
        let who = Self::record_name(f);
        let mut text = if who.is_empty() {
            f.message.get(self.lang).to_string()
        } else {
            format!("{who}: {}", f.message.get(self.lang))
        };
        if let Some(d) = self.deadline_text(f) {
            text.push_str(&format!(" ({d})"));
        }
        text.push_str(&format!(" [{}]", self.duty_text(f)));
        text
    }

    /// Who must act, the unit's branch, the light and whether the verdict may change:
    /// `责任方 驻院纪检监察组；沈阳分院；红灯；待定（…）`.
    pub fn duty_text(&self, f: &Finding) -> String {
        let mut parts = Vec::new();
        if let Some(who) = &f.responsible {
            parts.push(match self.lang {
                Lang::Zh => format!("责任方 {who}"),
                Lang::En => format!("responsible: {who}"),
            });
        }
        if let Some(branch) = &f.branch {
            parts.push(branch.to_string());
        }
        if let Some(light) = f.deadline.as_ref().and_then(|d| d.light) {
            parts.push(self.light_label(light).to_string());
        }
        if let Some(reason) = f
            .deadline
            .as_ref()
            .and_then(|d| provisional_reason(d, self.lang))
        {
            parts.push(match self.lang {
                Lang::Zh => format!("待定：{reason}"),
                Lang::En => format!("provisional: {reason}"),
            });
        }
        parts.join(self.t("；", "; "))
    }

    pub fn light_label(&self, light: crate::finding::Light) -> &'static str {
        use crate::finding::Light;
        match (light, self.lang) {
            (Light::Red, Lang::Zh) => "红灯",
            (Light::Yellow, Lang::Zh) => "黄灯",
            (Light::Green, Lang::Zh) => "绿灯",
            (Light::Red, Lang::En) => "red light",
            (Light::Yellow, Lang::En) => "yellow light",
            (Light::Green, Lang::En) => "green light",
        }
    }

    /// 1-based line and column just past the finding's span.
    pub fn end_line_col(&self, f: &Finding) -> (usize, usize) {
        self.location(f).end
    }

    /// Deadline facts as a reader wants them: "due D (start S), N day(s) over".
    pub fn deadline_text(&self, f: &Finding) -> Option<String> {
        let d = f.deadline.as_ref()?;
        let over = match (d.days_over, self.lang) {
            (n, Lang::Zh) if n > 0 => format!("，逾期 {n} 日"),
            (n, Lang::Zh) => format!("，剩余 {} 日", -n),
            (n, Lang::En) if n > 0 => format!(", {n} day(s) over"),
            (n, Lang::En) => format!(", {} day(s) left", -n),
        };
        Some(match self.lang {
            Lang::Zh => format!("截止 {}（起算 {}）{over}", d.due, d.start),
            Lang::En => format!("due {} (start {}){over}", d.due, d.start),
        })
    }

    /// The heading of a deadline list's day column.
    pub fn days_heading(&self, days_left: bool) -> &'static str {
        if days_left {
            self.t("剩余日数", "days left")
        } else {
            self.t("逾期日数", "days over")
        }
    }

    /// A deadline list's day count (days left, or days over) and due date.
    pub fn days_and_due(f: &Finding, days_left: bool) -> Option<(i64, NaiveDate)> {
        let d = f.deadline.as_ref()?;
        Some((if days_left { -d.days_over } else { d.days_over }, d.due))
    }

    /// Overdue findings, most days over first.
    pub fn overdue(&self) -> Vec<&Finding> {
        let mut list: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.status == Status::Overdue)
            .collect();
        list.sort_by_key(|f| std::cmp::Reverse(f.deadline.as_ref().map_or(0, |d| d.days_over)));
        list
    }

    /// Findings due soon, fewest days left first.
    pub fn due_soon(&self) -> Vec<&Finding> {
        let mut list: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.status == Status::DueSoon)
            .collect();
        list.sort_by_key(|f| {
            f.deadline
                .as_ref()
                .map_or(i64::MAX, |d| d.due.num_days_from_ce().into())
        });
        list
    }

    pub fn status_label(&self, s: Status) -> &'static str {
        status_word(s, self.lang)
    }

    /// `zh` or `en`, whichever the run speaks.
    pub fn t<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The headline counts every summary shows, labelled in the run's language.
    pub fn totals(&self) -> Vec<(&'static str, String, usize)> {
        let status = |s: Status| self.findings.iter().filter(|f| f.status == s).count();
        let severity = |s: Severity| self.findings.iter().filter(|f| f.severity == s).count();
        let mut rows = vec![
            (
                "findings",
                self.t("发现", "findings").to_string(),
                self.findings.len(),
            ),
            (
                "error",
                self.t("错误", "errors").to_string(),
                severity(Severity::Error),
            ),
            (
                "warning",
                self.t("警告", "warnings").to_string(),
                severity(Severity::Warning),
            ),
            (
                "overdue",
                self.status_label(Status::Overdue).to_string(),
                status(Status::Overdue),
            ),
            (
                "due_soon",
                self.status_label(Status::DueSoon).to_string(),
                status(Status::DueSoon),
            ),
            (
                "late",
                self.status_label(Status::Late).to_string(),
                status(Status::Late),
            ),
            (
                "violation",
                self.status_label(Status::Violation).to_string(),
                status(Status::Violation),
            ),
        ];
        if let Some(w) = self.waived {
            rows.push(("waived", self.t("已豁免", "waived").to_string(), w.len()));
        }
        if let Some(n) = self.baselined {
            rows.push((
                "baselined",
                self.t("基线已有", "in baseline").to_string(),
                n,
            ));
        }
        rows.push((
            "records",
            self.t("记录", "records").to_string(),
            self.records,
        ));
        rows.push(("cases", self.t("案卷", "cases").to_string(), self.cases));
        rows
    }

    pub fn count_by<K: Ord>(&self, key: impl Fn(&Finding) -> K) -> BTreeMap<K, usize> {
        let mut m = BTreeMap::new();
        for f in self.findings {
            *m.entry(key(f)).or_insert(0) += 1;
        }
        m
    }
}

/// Where a span of a source file is, as a reader needs it. `sources` are the files' indexes
/// (from [`index_sources`]), built once per caller.
pub fn locate(files: &[SourceFile], sources: &[IndexedSource], file: FileId, span: Span) -> Place {
    match sources.get(file) {
        Some(source) => {
            let grid = files.get(file).and_then(|f| f.table_at(span.offset));
            location_in(source, grid, span, false).place
        }
        None => Location::unknown(span).place,
    }
}

/// One line index per source file, tables as segments of their own.
pub fn index_sources(files: &[SourceFile]) -> Vec<IndexedSource<'_>> {
    files
        .iter()
        .map(|f| {
            IndexedSource::new(f.path.clone(), &f.text)
                .with_segments(f.tables.iter().map(|t| (t.start, table_name(t))))
        })
        .collect()
}

/// How a table's lines are titled in snippets: the CSV file, or `book.xlsx[sheet]`.
fn table_name(t: &crate::model::Grid) -> String {
    if t.is_sheet {
        format!("{}[{}]", t.file, t.sheet)
    } else {
        t.file.clone()
    }
}
