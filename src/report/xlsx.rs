//! `--format xlsx`: the 督办台账 workbook the inspection office works from. Five sheets:
//! 概览 (totals by light, article, branch and responsible party, each with a chart), 督办清单
//! (what each party must do, by party then due date), 按单位 (a scorecard per unit), 全部发现
//! (every field of `--format json`, a row per finding) and 说明 (how the run was made).
//!
//! Dates are real Excel dates, every list has a frozen header row, an autofilter, columns as
//! wide as their text (a CJK character counts twice) and prints landscape, one page wide, its
//! header on every page. Export values are written as strings, never formulas. The bytes
//! depend on nothing but the run's inputs (the document's creation date is `--as-of`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, Color, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{Place, RunReport};
use crate::finding::{Finding, Light, Status};
use crate::text::Lang;

/// Rows a worksheet holds below its header (Excel's 1,048,576 less one).
const MAX_DATA_ROWS: usize = 1_048_575;

/// Excel's limit on one cell's text, in UTF-16 code units.
const MAX_CELL_UTF16: usize = 32_767;

/// Columns wider than this (in Excel's character units) would push the rest off the page.
const MAX_COLUMN_WIDTH: usize = 60;

/// How many categories a chart shows at most (the table beside it lists them all).
const MAX_CHART_CATEGORIES: usize = 20;

/// Paper size 9 is A4 in Excel's numbering.
const A4: u8 = 9;

/// Writes the workbook to `out` (it is made whole in memory first: a zip's directory comes
/// last) and flushes it.
pub fn write(r: &RunReport, out: &mut dyn Write) -> std::io::Result<()> {
    let bytes = workbook(r)
        .and_then(|mut book| book.save_to_buffer())
        .map_err(std::io::Error::other)?;
    out.write_all(&bytes)?;
    out.flush()
}

/// The sheets' names, in order.
pub fn sheet_names(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["概览", "督办清单", "按单位", "全部发现", "说明"],
        Lang::En => [
            "Overview",
            "Action list",
            "By unit",
            "All findings",
            "About",
        ],
    }
}

fn workbook(r: &RunReport) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&properties(r));
    let styles = Styles::new(r.lang);
    let [
        overview_name,
        actions_name,
        units_name,
        all_name,
        about_name,
    ] = sheet_names(r.lang);
    let mut truncated = Vec::new();
    overview(named(book.add_worksheet(), overview_name)?, r, &styles)?;
    // The lists hold a row per finding (or unit): written in low-memory mode, each row goes
    // to a temporary file once the next begins, and the strings they share are kept once.
    let listed = actions(
        named(book.add_worksheet_with_low_memory()?, actions_name)?,
        r,
        &styles,
    )?;
    truncated.extend(listed.truncated_note(r, actions_name));
    units(
        named(book.add_worksheet_with_low_memory()?, units_name)?,
        r,
        &styles,
    )?;
    let listed = all_findings(
        named(book.add_worksheet_with_low_memory()?, all_name)?,
        r,
        &styles,
    )?;
    truncated.extend(listed.truncated_note(r, all_name));
    about(
        named(book.add_worksheet(), about_name)?,
        r,
        &styles,
        &truncated,
    )?;
    Ok(book)
}

fn named<'w>(sheet: &'w mut Worksheet, name: &str) -> Result<&'w mut Worksheet, XlsxError> {
    sheet.set_name(name)
}

/// Title and creation date: the creation date is `--as-of`, so the bytes do not change with
/// the clock.
fn properties(r: &RunReport) -> DocProperties {
    let props = DocProperties::new()
        .set_title(r.t("巡视督办台账", "Inspection follow-up ledger"))
        .set_author("clausecheck");
    // Never the clock: an as-of date Excel cannot hold gives a fixed date instead.
    match excel_date(r.as_of).or_else(|| ExcelDateTime::from_ymd(1900, 1, 1).ok()) {
        Some(day) => props.set_creation_datetime(&day),
        None => props,
    }
}

/// The cell formats the sheets share.
struct Styles {
    title: Format,
    header: Format,
    /// 说明's labels: a header's look, at the top of a tall row.
    label: Format,
    plain: Format,
    date: Format,
    days: Format,
    ratio: Format,
    wrap: Format,
    /// Dates and numbers among text (说明): aligned left as the text is.
    left_date: Format,
    left_number: Format,
    red: Format,
    yellow: Format,
    green: Format,
}

impl Styles {
    fn new(lang: Lang) -> Styles {
        // One number, three readings: days over, days left, due today. The cell stays a
        // number (it sorts and filters as one).
        let days = match lang {
            Lang::Zh => r#""逾期 "0" 日";"剩余 "0" 日";"今日到期""#,
            Lang::En => r#"0" day(s) over";0" day(s) left";"due today""#,
        };
        // Top-aligned, so a row made taller by wrapped text reads from its top line.
        let base = || Format::new().set_align(FormatAlign::Top);
        let fill = |rgb: u32, font: u32| {
            base()
                .set_background_color(Color::RGB(rgb))
                .set_font_color(Color::RGB(font))
                .set_bold()
                .set_align(FormatAlign::Center)
        };
        let header = || {
            Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin)
        };
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: header(),
            label: header().set_align(FormatAlign::Top),
            plain: base(),
            date: base().set_num_format("yyyy-mm-dd"),
            days: base().set_num_format(days),
            ratio: base().set_num_format("0.00"),
            wrap: base().set_text_wrap(),
            left_date: base()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            left_number: base().set_align(FormatAlign::Left),
            red: fill(0xE53935, 0xFFFFFF),
            yellow: fill(0xFFD54F, 0x000000),
            green: fill(0x43A047, 0xFFFFFF),
        }
    }

    fn light(&self, light: Light) -> &Format {
        match light {
            Light::Red => &self.red,
            Light::Yellow => &self.yellow,
            Light::Green => &self.green,
        }
    }
}

/// One cell's content, as the sheets write it.
enum Cell<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    Ratio(f64),
    Date(NaiveDate),
    /// Days over (negative: days left), read through the days format.
    Days(i64),
    Bool(bool),
    /// A light's name on its colour.
    Light(Light, Cow<'a, str>),
    Empty,
}

impl<'a> Cell<'a> {
    fn text(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(s.into())
    }

    fn opt(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Empty, |s| Cell::Text(Cow::Borrowed(s)))
    }

    fn count(n: usize) -> Cell<'a> {
        Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// How many character widths the cell shows, for its column's width.
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) | Cell::Light(_, s) => display_width(s),
            Cell::Int(n) => n.to_string().len(),
            Cell::Ratio(_) | Cell::Bool(_) => 6,
            Cell::Date(_) => 10,
            // As the days format shows it: `逾期 190 日`, `12 day(s) left`.
            Cell::Days(_) => 14,
            Cell::Empty => 0,
        }
    }
}

/// How a list's column is sized.
#[derive(Clone, Copy)]
enum Width {
    /// As wide as its widest cell.
    Fit,
    /// This wide, longer text wrapped onto more lines (the row made as tall as they need).
    Wrap(usize),
}

/// A list's column: its header and how it is sized.
#[derive(Clone, Copy)]
struct Column {
    header: &'static str,
    width: Width,
}

const fn fit(header: &'static str) -> Column {
    Column {
        header,
        width: Width::Fit,
    }
}

const fn wrap(header: &'static str, width: usize) -> Column {
    Column {
        header,
        width: Width::Wrap(width),
    }
}

/// The height of one line of text in a row, in points (Excel's default row height).
const LINE_HEIGHT: f64 = 15.0;

/// A list written row by row from the top (as a low-memory worksheet must be), remembering
/// how wide each fitted column must be.
struct Table<'w, 's> {
    sheet: &'w mut Worksheet,
    styles: &'s Styles,
    columns: Vec<Column>,
    next_row: u32,
    widths: Vec<usize>,
}

impl<'w, 's> Table<'w, 's> {
    /// A list with its header in the sheet's first row.
    fn new(
        sheet: &'w mut Worksheet,
        columns: &[Column],
        styles: &'s Styles,
    ) -> Result<Table<'w, 's>, XlsxError> {
        let mut table = Table {
            sheet,
            styles,
            columns: columns.to_vec(),
            next_row: 0,
            widths: vec![0; columns.len()],
        };
        let headers: Vec<Cell> = columns.iter().map(|c| Cell::text(c.header)).collect();
        table.write(&headers, Some(&styles.header))?;
        Ok(table)
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        self.write(cells, None)
    }

    fn write(&mut self, cells: &[Cell], format: Option<&Format>) -> Result<(), XlsxError> {
        let row = self.next_row;
        let mut lines = 1;
        let columns = self.columns.iter().zip(self.widths.iter_mut());
        for ((col, cell), (column, width)) in (0u16..).zip(cells).zip(columns) {
            let wrapped = match (column.width, cell) {
                (Width::Wrap(w), Cell::Text(text)) => {
                    lines = lines.max(wrapped_lines(text, w));
                    Some(&self.styles.wrap)
                }
                _ => None,
            };
            write_cell(self.sheet, row, col, cell, self.styles, format.or(wrapped))?;
            *width = (*width).max(cell.width());
        }
        // Neither Excel nor LibreOffice grows a row for wrapped text it did not lay out
        // itself: the row is given the height its lines need.
        if lines > 1 {
            self.sheet
                .set_row_height(row, LINE_HEIGHT * f64::from(lines))?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// Frozen header, autofilter, sized columns and print setup: what every list sheet has.
    fn finish(self) -> Result<(), XlsxError> {
        let last_row = self.next_row.saturating_sub(1);
        let last_col = u16::try_from(self.columns.len().saturating_sub(1)).unwrap_or(0);
        for ((col, column), width) in (0u16..).zip(&self.columns).zip(&self.widths) {
            let width = match column.width {
                Width::Fit => (*width + 2).clamp(6, MAX_COLUMN_WIDTH),
                Width::Wrap(w) => w,
            };
            self.sheet.set_column_width(col, width as f64)?;
        }
        self.sheet.set_freeze_panes(1, 0)?;
        self.sheet.autofilter(0, 0, last_row, last_col)?;
        self.sheet.set_repeat_rows(0, 0)?;
        print_setup(self.sheet);
        Ok(())
    }
}

/// How many lines `text` takes wrapped in a column `column` characters wide (a little less
/// is usable: cells have margins); at most 20, a row's height being limited.
fn wrapped_lines(text: &str, column: usize) -> u32 {
    let usable = column.saturating_sub(1).max(1);
    let lines: usize = text
        .lines()
        .map(|line| display_width(line).div_ceil(usable).max(1))
        .sum();
    u32::try_from(lines.clamp(1, 20)).unwrap_or(1)
}

fn print_setup(sheet: &mut Worksheet) {
    sheet
        .set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_footer("&C&A — &P / &N");
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    styles: &Styles,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let format = format.unwrap_or(&styles.plain);
    match cell {
        Cell::Text(s) => {
            sheet.write_string_with_format(row, col, cell_text(s), format)?;
        }
        Cell::Int(n) => {
            sheet.write_number_with_format(row, col, *n as f64, format)?;
        }
        Cell::Ratio(x) => {
            sheet.write_number_with_format(row, col, *x, &styles.ratio)?;
        }
        Cell::Date(day) => match excel_date(*day) {
            Some(date) => {
                sheet.write_datetime_with_format(row, col, &date, &styles.date)?;
            }
            // Outside Excel's years (1900–9999): the ISO text instead.
            None => {
                sheet.write_string(row, col, day.to_string())?;
            }
        },
        Cell::Days(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &styles.days)?;
        }
        Cell::Bool(b) => {
            sheet.write_boolean_with_format(row, col, *b, format)?;
        }
        Cell::Light(light, name) => {
            sheet.write_string_with_format(row, col, cell_text(name), styles.light(*light))?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

/// `day` as an Excel date, when Excel can hold it.
fn excel_date(day: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(day.year()).ok()?;
    let month = u8::try_from(day.month()).ok()?;
    let date = u8::try_from(day.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, date).ok()
}

/// Text a cell can hold: control characters shown as escapes (as every report shows them),
/// cut to Excel's limit with `…`.
fn cell_text(s: &str) -> String {
    let s = crate::text::inert(s.to_string());
    if s.len() < MAX_CELL_UTF16 / 3 || s.encode_utf16().count() <= MAX_CELL_UTF16 {
        return s;
    }
    let mut out = String::new();
    let mut units = 0;
    for c in s.chars() {
        units += c.len_utf16();
        if units >= MAX_CELL_UTF16 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Columns a text takes on screen: two for each wide (CJK, fullwidth) character, one for any
/// other; the longest line of a multi-line text.
pub fn display_width(s: &str) -> usize {
    s.lines()
        .map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum())
        .max()
        .unwrap_or(0)
}

/// East Asian wide and fullwidth characters (the ranges that matter for Chinese text).
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

fn light_name(r: &RunReport, light: Light) -> &'static str {
    match light {
        Light::Red => r.t("红", "red"),
        Light::Yellow => r.t("黄", "yellow"),
        Light::Green => r.t("绿", "green"),
    }
}

// ---- 概览 ----

fn overview(sheet: &mut Worksheet, r: &RunReport, styles: &Styles) -> Result<(), XlsxError> {
    let name = sheet.name();
    let title = r.t("巡视督办台账", "Inspection follow-up ledger");
    sheet.write_string_with_format(0, 0, title, &styles.title)?;
    sheet.write_string(1, 0, r.t("评估日期", "As of"))?;
    if let Some(day) = excel_date(r.as_of) {
        sheet.write_datetime_with_format(1, 1, &day, &styles.left_date)?;
    }
    sheet.write_string(2, 0, r.t("规则包", "Rule pack"))?;
    let pack = format!("{} {}", r.pack_id, r.pack_title.get(r.lang));
    sheet.write_string(2, 1, cell_text(&pack))?;
    let totals = Section {
        title: r.t("合计", "Totals"),
        label: r.t("项目", "Item"),
        rows: totals(r),
        chart: None,
    };
    let mut blocks = Blocks {
        sheet,
        sheet_name: &name,
        count_header: r.t("数量", "Count"),
        styles,
        top: 4,
        label_width: 0,
    };
    blocks.add(&totals)?;
    let mut page_breaks = Vec::new();
    for (n, section) in overview_sections(r).iter().enumerate() {
        // The lights share the first page with the totals; every other chart gets a page of
        // its own, so no page break cuts through one.
        if n > 0 {
            page_breaks.push(blocks.top);
        }
        blocks.add(section)?;
    }
    let width = (blocks.label_width + 2).clamp(12, MAX_COLUMN_WIDTH);
    sheet.set_page_breaks(&page_breaks)?;
    sheet.set_column_width(0, width as f64)?;
    sheet.set_column_width(1, 10)?;
    print_setup(sheet);
    Ok(())
}

/// The counts every summary shows, and the open deadlines when the run lists them.
fn totals(r: &RunReport) -> Vec<(String, usize)> {
    let totals = r.totals();
    // Open deadlines go with the other statuses, before the waived/baseline/record counts.
    let after_statuses = totals
        .iter()
        .position(|(key, ..)| *key == "violation")
        .map_or(totals.len(), |i| i + 1);
    let mut rows: Vec<(String, usize)> =
        totals.into_iter().map(|(_, label, n)| (label, n)).collect();
    let open = r
        .findings
        .iter()
        .filter(|f| f.status == Status::Open)
        .count();
    if open > 0 {
        rows.insert(
            after_statuses,
            (r.status_label(Status::Open).to_string(), open),
        );
    }
    rows
}

/// A chart's kind and, for the lights, its bars' colours.
#[derive(Clone, Copy)]
enum ChartKind {
    Column,
    Bar,
    Lights,
}

/// A titled table of counts on the overview, with its chart.
struct Section {
    title: &'static str,
    /// The header over the labels.
    label: &'static str,
    rows: Vec<(String, usize)>,
    chart: Option<ChartKind>,
}

/// The overview's tables: findings by light, article, branch and responsible party.
fn overview_sections(r: &RunReport) -> Vec<Section> {
    let lights = [Light::Red, Light::Yellow, Light::Green]
        .into_iter()
        .map(|l| {
            let n = r
                .findings
                .iter()
                .filter(|f| f.deadline.as_ref().and_then(|d| d.light) == Some(l))
                .count();
            (light_name(r, l).to_string(), n)
        })
        .collect();
    // Articles in their order, data findings (no article) last.
    let by_article: Vec<(String, usize)> = r
        .count_by(|f| f.article.map_or(u32::MAX, |a| a))
        .into_iter()
        .map(|(a, n)| (r.article_label((a != u32::MAX).then_some(a)), n))
        .collect();
    let unnamed = r.t("（未注明）", "(none)");
    let by_branch = most_first(r.count_by(|f| f.branch.as_deref().unwrap_or(unnamed).to_string()));
    let by_responsible =
        most_first(r.count_by(|f| f.responsible.as_deref().unwrap_or(unnamed).to_string()));
    let mut sections = vec![
        Section {
            title: r.t("按三色", "By light"),
            label: r.t("三色", "Light"),
            rows: lights,
            chart: Some(ChartKind::Lights),
        },
        Section {
            title: r.t("按条款", "By article"),
            label: r.t("条款", "Article"),
            rows: by_article,
            chart: Some(ChartKind::Column),
        },
        Section {
            title: r.t("按分院", "By branch"),
            label: r.t("分院", "Branch"),
            rows: by_branch,
            chart: Some(ChartKind::Bar),
        },
        Section {
            title: r.t("按责任方", "By responsible party"),
            label: r.t("责任方", "Responsible"),
            rows: by_responsible,
            chart: Some(ChartKind::Bar),
        },
    ];
    sections.extend(repeated_problems(r));
    sections
}

/// One data problem shared by many records (a round id naming no round, in every case of it),
/// counted once so it does not read as many separate failings; each finding is still listed.
fn repeated_problems(r: &RunReport) -> Option<Section> {
    let rows: Vec<(String, usize)> = crate::report::groups::repeated_data_problems(r)
        .into_iter()
        .map(|p| (format!("{} ({})", p.message, p.rule), p.count))
        .collect();
    (!rows.is_empty()).then_some(Section {
        title: r.t("重复的数据问题", "Repeated data problems"),
        label: r.t("问题（规则）", "Problem (rule)"),
        rows,
        chart: None,
    })
}

/// Counts, most first (ties by name).
fn most_first(counts: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut rows: Vec<(String, usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// The overview's sections, one below the other, each table with its chart to its right.
struct Blocks<'w, 'n, 's> {
    sheet: &'w mut Worksheet,
    sheet_name: &'n str,
    count_header: &'static str,
    styles: &'s Styles,
    /// The row where the next section starts.
    top: u32,
    /// The widest label so far.
    label_width: usize,
}

impl Blocks<'_, '_, '_> {
    fn add(&mut self, section: &Section) -> Result<(), XlsxError> {
        let (sheet, styles, top) = (&mut *self.sheet, self.styles, self.top);
        sheet.write_string_with_format(top, 0, section.title, &styles.title)?;
        let header = top + 1;
        sheet.write_string_with_format(header, 0, section.label, &styles.header)?;
        sheet.write_string_with_format(header, 1, self.count_header, &styles.header)?;
        for (row, (label, n)) in (header + 1..).zip(&section.rows) {
            sheet.write_string(row, 0, cell_text(label))?;
            write_cell(sheet, row, 1, &Cell::count(*n), styles, None)?;
            self.label_width = self.label_width.max(display_width(label));
        }
        let rows = u32::try_from(section.rows.len()).unwrap_or(u32::MAX);
        let mut bottom = header.saturating_add(rows);
        let shown = section.rows.len().min(MAX_CHART_CATEGORIES);
        if let Some(kind) = section.chart.filter(|_| shown > 0) {
            let last = header + u32::try_from(shown).unwrap_or(0);
            let chart = chart_of(
                kind,
                self.sheet_name,
                section.title,
                header + 1,
                last,
                shown,
            );
            sheet.insert_chart(top, 3, &chart)?;
            // Rows are 20 pixels high by default.
            bottom = bottom.max(top + chart_height(kind, shown) / 20);
        }
        self.top = bottom.saturating_add(3);
        Ok(())
    }
}

/// Wide enough for each category's label under its column (a bar chart's labels are beside
/// its bars).
fn chart_width(kind: ChartKind, categories: usize) -> u32 {
    match kind {
        ChartKind::Column => (40 * u32::try_from(categories).unwrap_or(0)).clamp(560, 900),
        ChartKind::Bar | ChartKind::Lights => 560,
    }
}

fn chart_height(kind: ChartKind, categories: usize) -> u32 {
    match kind {
        ChartKind::Bar => (80 + 22 * u32::try_from(categories).unwrap_or(0)).max(240),
        ChartKind::Column | ChartKind::Lights => 288,
    }
}

fn chart_of(
    kind: ChartKind,
    sheet: &str,
    title: &str,
    first: u32,
    last: u32,
    categories: usize,
) -> Chart {
    let mut chart = match kind {
        ChartKind::Bar => Chart::new_bar(),
        ChartKind::Column | ChartKind::Lights => Chart::new_column(),
    };
    let mut label = ChartDataLabel::new();
    label.show_value();
    let series = chart.add_series();
    series
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, 1, last, 1))
        .set_name(title)
        .set_data_label(&label);
    if let ChartKind::Lights = kind {
        series.set_point_colors(&[
            Color::RGB(0xE53935),
            Color::RGB(0xFFD54F),
            Color::RGB(0x43A047),
        ]);
    }
    match kind {
        ChartKind::Bar => {
            // Bars read top-down in the table's order, the value axis below them, from 0.
            chart
                .y_axis()
                .set_reverse()
                .set_crossing(ChartAxisCrossing::Max);
            chart.x_axis().set_min(0);
        }
        ChartKind::Column | ChartKind::Lights => {
            chart.y_axis().set_min(0);
        }
    }
    chart.title().set_name(title);
    chart.legend().set_hidden();
    chart
        .set_width(chart_width(kind, categories))
        .set_height(chart_height(kind, categories));
    chart
}

// ---- 督办清单 ----

/// How many of a list's findings a sheet could hold; a note for 说明 when not all.
struct Listed {
    total: usize,
    written: usize,
}

impl Listed {
    fn truncated_note(&self, r: &RunReport, sheet: &str) -> Option<String> {
        (self.written < self.total).then(|| {
            let (total, written) = (self.total, self.written);
            match r.lang {
                Lang::Zh => format!("{sheet}：共 {total} 项，工作表行数所限仅列出前 {written} 项（完整结果见 --format json）"),
                Lang::En => format!("{sheet}: {total} findings, only the first {written} fit a worksheet (see --format json for all)"),
            }
        })
    }
}

/// The findings to act on, by responsible party, then due date (those without one last), then
/// report order.
pub fn action_order(findings: &[Finding]) -> Vec<&Finding> {
    let mut list: Vec<&Finding> = findings.iter().collect();
    list.sort_by(|a, b| {
        a.responsible
            .cmp(&b.responsible)
            .then_with(|| due_last(a).cmp(&due_last(b)))
    });
    list
}

/// Sorts by due date with the findings that have none after all the others.
fn due_last(f: &Finding) -> (bool, Option<NaiveDate>) {
    let due = f.deadline.as_ref().map(|d| d.due);
    (due.is_none(), due)
}

fn actions(sheet: &mut Worksheet, r: &RunReport, styles: &Styles) -> Result<Listed, XlsxError> {
    let columns = match r.lang {
        Lang::Zh => [
            wrap("责任方", 24),
            wrap("被巡视单位", 30),
            fit("所在分院"),
            fit("轮次"),
            fit("案卷"),
            wrap("事项", 22),
            fit("条款"),
            wrap("应办事项", 34),
            fit("起算日"),
            fit("截止日"),
            fit("逾期/剩余天数"),
            fit("三色"),
            fit("状态"),
            fit("待定"),
            wrap("位置", 36),
        ],
        Lang::En => [
            wrap("Responsible", 24),
            wrap("Unit", 30),
            fit("Branch"),
            fit("Round"),
            fit("Case"),
            wrap("Item", 22),
            fit("Article"),
            wrap("Action owed", 34),
            fit("Start"),
            fit("Due"),
            fit("Days over/left"),
            fit("Light"),
            fit("Status"),
            fit("Provisional"),
            wrap("Location", 36),
        ],
    };
    let mut table = Table::new(sheet, &columns, styles)?;
    let titles = r.rule_titles();
    let list = action_order(r.findings);
    let written = list.len().min(MAX_DATA_ROWS);
    for f in list.iter().take(written) {
        // Data findings' titles say only "export data problem": their message says which.
        let owed = titles
            .get(&*f.rule)
            .copied()
            .filter(|_| f.article.is_some())
            .unwrap_or_else(|| f.message.get(r.lang));
        let d = f.deadline.as_ref();
        let cells = [
            Cell::opt(f.responsible.as_deref()),
            Cell::opt(f.unit.as_deref()),
            Cell::opt(f.branch.as_deref()),
            Cell::opt(f.round_id.as_deref()),
            Cell::opt(f.case_id.as_deref()),
            r.item_label(f).map_or(Cell::Empty, Cell::text),
            Cell::text(r.article_label(f.article)),
            Cell::text(owed),
            d.map_or(Cell::Empty, |d| Cell::Date(d.start)),
            d.map_or(Cell::Empty, |d| Cell::Date(d.due)),
            d.map_or(Cell::Empty, |d| Cell::Days(d.days_over)),
            light_cell(r, f),
            Cell::text(r.status_label(f.status)),
            if d.is_some_and(|d| d.provisional()) {
                Cell::text(r.t("待定", "provisional"))
            } else {
                Cell::Empty
            },
            Cell::text(place_text(&r.place(f))),
        ];
        table.row(&cells)?;
    }
    table.finish()?;
    Ok(Listed {
        total: list.len(),
        written,
    })
}

fn light_cell<'a>(r: &RunReport, f: &Finding) -> Cell<'a> {
    match f.deadline.as_ref().and_then(|d| d.light) {
        Some(light) => Cell::Light(light, Cow::Borrowed(light_name(r, light))),
        None => Cell::Empty,
    }
}

/// `file:line:col`, or `sheet!cell` for a finding in a table.
fn place_text(p: &Place) -> String {
    match &p.cell {
        Some(c) => format!("{}!{}", c.sheet, c.cell),
        None => format!("{}:{}:{}", p.file, p.line, p.column),
    }
}

// ---- 按单位 ----

/// One unit's line of the scorecard.
#[derive(Default)]
struct UnitScore {
    branch: Option<String>,
    cases: Option<usize>,
    findings: usize,
    red: usize,
    yellow: usize,
}

/// Per unit: its cases in the export, its findings, and its red and yellow lights; units
/// with the most red lights first, then the most findings.
fn unit_scores(r: &RunReport) -> Vec<(String, UnitScore)> {
    let mut scores: HashMap<String, UnitScore> = HashMap::new();
    for (unit, tally) in &r.context.cases_by_unit {
        let score = scores.entry(unit.clone()).or_default();
        score.cases = Some(tally.cases);
        score.branch.clone_from(&tally.branch);
    }
    for f in r.findings {
        let Some(unit) = &f.unit else { continue };
        let score = scores.entry(unit.to_string()).or_default();
        score.findings += 1;
        if score.branch.is_none() {
            score.branch = f.branch.as_deref().map(str::to_string);
        }
        match f.deadline.as_ref().and_then(|d| d.light) {
            Some(Light::Red) => score.red += 1,
            Some(Light::Yellow) => score.yellow += 1,
            _ => {}
        }
    }
    let mut rows: Vec<(String, UnitScore)> = scores.into_iter().collect();
    rows.sort_by(|(a, x), (b, y)| {
        y.red
            .cmp(&x.red)
            .then_with(|| y.findings.cmp(&x.findings))
            .then_with(|| a.cmp(b))
    });
    rows
}

fn units(sheet: &mut Worksheet, r: &RunReport, styles: &Styles) -> Result<(), XlsxError> {
    let headers = match r.lang {
        Lang::Zh => [
            "被巡视单位",
            "所在分院",
            "案卷数",
            "发现数",
            "每案卷发现数",
            "红灯",
            "黄灯",
        ],
        Lang::En => [
            "Unit",
            "Branch",
            "Cases",
            "Findings",
            "Findings per case",
            "Red",
            "Yellow",
        ],
    };
    let columns: Vec<Column> = headers.into_iter().map(fit).collect();
    let mut table = Table::new(sheet, &columns, styles)?;
    for (unit, score) in unit_scores(r).iter().take(MAX_DATA_ROWS) {
        let per_case = score.cases.filter(|n| *n > 0).map_or(Cell::Empty, |n| {
            Cell::Ratio(score.findings as f64 / n as f64)
        });
        table.row(&[
            Cell::text(unit.as_str()),
            Cell::opt(score.branch.as_deref()),
            score.cases.map_or(Cell::Empty, Cell::count),
            Cell::count(score.findings),
            per_case,
            Cell::count(score.red),
            Cell::count(score.yellow),
        ])?;
    }
    // Findings on no unit (a round, the export itself) are not a unit's score; their count
    // closes the sheet so its findings add up to the run's.
    let elsewhere = r.findings.iter().filter(|f| f.unit.is_none()).count();
    if elsewhere > 0 {
        table.row(&[
            Cell::text(r.t("（不属任何单位）", "(no unit)")),
            Cell::Empty,
            Cell::Empty,
            Cell::count(elsewhere),
        ])?;
    }
    table.finish()
}

// ---- 全部发现 ----

/// A column of 全部发现: a field of `--format json` (`item` and `location` flattened), its
/// header in each language, and how it is sized.
struct FieldColumn {
    field: &'static str,
    zh: &'static str,
    en: &'static str,
    width: Width,
}

const ALL_FINDINGS_COLUMNS: [FieldColumn; 28] = [
    FieldColumn {
        field: "rule",
        zh: "规则",
        en: "Rule",
        width: Width::Fit,
    },
    FieldColumn {
        field: "article",
        zh: "条款",
        en: "Article",
        width: Width::Fit,
    },
    FieldColumn {
        field: "severity",
        zh: "严重程度",
        en: "Severity",
        width: Width::Fit,
    },
    FieldColumn {
        field: "status",
        zh: "状态",
        en: "Status",
        width: Width::Fit,
    },
    FieldColumn {
        field: "round_id",
        zh: "轮次",
        en: "Round",
        width: Width::Fit,
    },
    FieldColumn {
        field: "case_id",
        zh: "案卷",
        en: "Case",
        width: Width::Fit,
    },
    FieldColumn {
        field: "unit",
        zh: "被巡视单位",
        en: "Unit",
        width: Width::Wrap(26),
    },
    FieldColumn {
        field: "branch",
        zh: "所在分院",
        en: "Branch",
        width: Width::Fit,
    },
    FieldColumn {
        field: "responsible",
        zh: "责任方",
        en: "Responsible",
        width: Width::Wrap(20),
    },
    FieldColumn {
        field: "light",
        zh: "三色",
        en: "Light",
        width: Width::Fit,
    },
    FieldColumn {
        field: "provisional",
        zh: "待定",
        en: "Provisional",
        width: Width::Fit,
    },
    FieldColumn {
        field: "provisional_reason",
        zh: "待定原因",
        en: "Provisional reason",
        width: Width::Wrap(40),
    },
    FieldColumn {
        field: "item.collection",
        zh: "事项类别",
        en: "Item collection",
        width: Width::Fit,
    },
    FieldColumn {
        field: "item.id",
        zh: "事项编号",
        en: "Item id",
        width: Width::Fit,
    },
    FieldColumn {
        field: "field",
        zh: "字段",
        en: "Field",
        width: Width::Fit,
    },
    FieldColumn {
        field: "start",
        zh: "起算日",
        en: "Start",
        width: Width::Fit,
    },
    FieldColumn {
        field: "due",
        zh: "截止日",
        en: "Due",
        width: Width::Fit,
    },
    FieldColumn {
        field: "days_over",
        zh: "逾期天数",
        en: "Days over",
        width: Width::Fit,
    },
    FieldColumn {
        field: "message",
        zh: "说明",
        en: "Message",
        width: Width::Wrap(60),
    },
    FieldColumn {
        field: "location.file",
        zh: "文件",
        en: "File",
        width: Width::Fit,
    },
    FieldColumn {
        field: "location.line",
        zh: "行",
        en: "Line",
        width: Width::Fit,
    },
    FieldColumn {
        field: "location.column",
        zh: "列",
        en: "Column",
        width: Width::Fit,
    },
    FieldColumn {
        field: "location.offset",
        zh: "偏移",
        en: "Offset",
        width: Width::Fit,
    },
    FieldColumn {
        field: "location.length",
        zh: "长度",
        en: "Length",
        width: Width::Fit,
    },
    FieldColumn {
        field: "location.sheet",
        zh: "工作表",
        en: "Sheet",
        width: Width::Fit,
    },
    FieldColumn {
        field: "location.row",
        zh: "表行",
        en: "Row",
        width: Width::Fit,
    },
    FieldColumn {
        field: "location.column_name",
        zh: "列名",
        en: "Column name",
        width: Width::Fit,
    },
    FieldColumn {
        field: "location.cell",
        zh: "单元格",
        en: "Cell",
        width: Width::Fit,
    },
];

/// The JSON fields the columns of 全部发现 hold, in order (`location.line`: `line` of
/// `location`).
pub fn all_findings_fields() -> impl Iterator<Item = &'static str> {
    ALL_FINDINGS_COLUMNS.iter().map(|c| c.field)
}

fn all_findings(
    sheet: &mut Worksheet,
    r: &RunReport,
    styles: &Styles,
) -> Result<Listed, XlsxError> {
    let columns: Vec<Column> = ALL_FINDINGS_COLUMNS
        .iter()
        .map(|c| Column {
            header: match r.lang {
                Lang::Zh => c.zh,
                Lang::En => c.en,
            },
            width: c.width,
        })
        .collect();
    let mut table = Table::new(sheet, &columns, styles)?;
    let written = r.findings.len().min(MAX_DATA_ROWS);
    for f in r.findings.iter().take(written) {
        table.row(&finding_cells(r, f))?;
    }
    table.finish()?;
    Ok(Listed {
        total: r.findings.len(),
        written,
    })
}

/// A finding's JSON fields as cells: codes as `--format json` writes them (`overdue`, `red`),
/// dates as dates, numbers as numbers, null as an empty cell.
fn finding_cells<'a>(r: &RunReport, f: &'a Finding) -> Vec<Cell<'a>> {
    let d = f.deadline.as_ref();
    let p = r.place(f);
    let cell = p.cell.as_deref();
    vec![
        Cell::text(&*f.rule),
        f.article.map_or(Cell::Empty, |a| Cell::Int(a.into())),
        Cell::text(f.severity.as_str()),
        Cell::text(f.status.as_str()),
        Cell::opt(f.round_id.as_deref()),
        Cell::opt(f.case_id.as_deref()),
        Cell::opt(f.unit.as_deref()),
        Cell::opt(f.branch.as_deref()),
        Cell::opt(f.responsible.as_deref()),
        d.and_then(|d| d.light)
            .map_or(Cell::Empty, |l| Cell::Light(l, Cow::Borrowed(l.as_str()))),
        Cell::Bool(d.is_some_and(|d| d.provisional())),
        d.and_then(|d| super::provisional_reason(d, r.lang))
            .map_or(Cell::Empty, Cell::text),
        f.item
            .as_ref()
            .map_or(Cell::Empty, |i| Cell::text(&*i.collection)),
        Cell::opt(f.item.as_ref().and_then(|i| i.id.as_deref())),
        Cell::opt(f.field.as_deref()),
        d.map_or(Cell::Empty, |d| Cell::Date(d.start)),
        d.map_or(Cell::Empty, |d| Cell::Date(d.due)),
        d.map_or(Cell::Empty, |d| Cell::Int(d.days_over)),
        Cell::text(f.message.get(r.lang)),
        Cell::text(p.file.clone()),
        Cell::count(p.line),
        Cell::count(p.column),
        Cell::count(p.offset),
        Cell::count(p.length),
        cell.map_or(Cell::Empty, |c| Cell::text(c.sheet.clone())),
        cell.map_or(Cell::Empty, |c| Cell::count(c.row)),
        cell.map_or(Cell::Empty, |c| Cell::text(c.column_name.clone())),
        cell.map_or(Cell::Empty, |c| Cell::text(c.cell.clone())),
    ]
}

// ---- 说明 ----

fn about(
    sheet: &mut Worksheet,
    r: &RunReport,
    styles: &Styles,
    truncated: &[String],
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, r.t("说明", "About this workbook"), &styles.title)?;
    let mut rows = AboutRows {
        sheet,
        styles,
        row: 2,
        label_width: 0,
    };
    rows.date(r.t("评估日期", "As of"), r.as_of)?;
    rows.text(r.t("规则包", "Rule pack"), &r.pack_id)?;
    rows.text(r.t("规则包名称", "Pack title"), r.pack_title.get(r.lang))?;
    if !r.context.document_number.is_empty() {
        rows.text(r.t("文号", "Document number"), &r.context.document_number)?;
    }
    rows.date(r.t("施行日期", "In force from"), r.effective_from)?;
    rows.text(
        r.t("版本", "Version"),
        &format!("clausecheck {}", env!("CARGO_PKG_VERSION")),
    )?;
    rows.text(r.t("输入文件", "Inputs"), &r.file_paths.join("\n"))?;
    rows.count(r.t("记录数", "Records"), r.records)?;
    rows.count(r.t("案卷数", "Cases"), r.cases)?;
    rows.count(r.t("发现数", "Findings"), r.findings.len())?;
    let calendar = if r.warnings.is_empty() {
        r.t(
            "日历覆盖本次所有期限涉及的年份；无其他提示",
            "the calendar covers every year the deadlines need; no other warnings",
        )
        .to_string()
    } else {
        r.warnings
            .iter()
            .map(|w| w.get(r.lang))
            .collect::<Vec<_>>()
            .join("\n")
    };
    rows.text(r.t("日历与提示", "Calendar and warnings"), &calendar)?;
    rows.text(
        r.t("三色", "Lights"),
        r.t(
            "红：已逾期或逾期完成；黄、绿：截止日临近（阈值见规则包参数 light_yellow、light_green）",
            "red: overdue or done late; yellow, green: due soon (thresholds: pack parameters light_yellow, light_green)",
        ),
    )?;
    if let Some(n) = r.baselined {
        rows.count(r.t("基线已有（未列出）", "In the baseline (not listed)"), n)?;
    }
    for note in truncated {
        rows.text(r.t("未列全", "Not all listed"), note)?;
    }
    rows.text(
        r.t("命令行", "Command line"),
        r.context
            .command_line
            .as_deref()
            .unwrap_or(r.t("（未记录）", "(not recorded)")),
    )?;
    waivers(&mut rows, r)?;
    rows.finish()
}

/// How wide 说明's values are: longer ones wrap.
const ABOUT_VALUE_WIDTH: usize = 90;

/// The label/value rows of 说明.
struct AboutRows<'w, 's> {
    sheet: &'w mut Worksheet,
    styles: &'s Styles,
    row: u32,
    label_width: usize,
}

impl AboutRows<'_, '_> {
    fn label(&mut self, label: &str) -> Result<(), XlsxError> {
        self.sheet
            .write_string_with_format(self.row, 0, label, &self.styles.label)?;
        self.label_width = self.label_width.max(display_width(label));
        Ok(())
    }

    fn text(&mut self, label: &str, value: &str) -> Result<(), XlsxError> {
        self.label(label)?;
        let value = cell_text(value);
        self.sheet
            .write_string_with_format(self.row, 1, &value, &self.styles.wrap)?;
        let lines = wrapped_lines(&value, ABOUT_VALUE_WIDTH);
        if lines > 1 {
            self.sheet
                .set_row_height(self.row, LINE_HEIGHT * f64::from(lines))?;
        }
        self.row += 1;
        Ok(())
    }

    fn date(&mut self, label: &str, day: NaiveDate) -> Result<(), XlsxError> {
        self.label(label)?;
        match excel_date(day) {
            Some(date) => {
                let format = &self.styles.left_date;
                self.sheet
                    .write_datetime_with_format(self.row, 1, &date, format)?;
            }
            None => {
                self.sheet.write_string(self.row, 1, day.to_string())?;
            }
        }
        self.row += 1;
        Ok(())
    }

    fn count(&mut self, label: &str, n: usize) -> Result<(), XlsxError> {
        self.label(label)?;
        let format = &self.styles.left_number;
        self.sheet
            .write_number_with_format(self.row, 1, n as f64, format)?;
        self.row += 1;
        Ok(())
    }

    fn finish(self) -> Result<(), XlsxError> {
        let labels = (self.label_width + 2).clamp(10, MAX_COLUMN_WIDTH);
        self.sheet.set_column_width(0, labels as f64)?;
        self.sheet.set_column_width(1, ABOUT_VALUE_WIDTH as f64)?;
        print_setup(self.sheet);
        Ok(())
    }
}

/// How many findings waivers set aside, and which (when `--waivers` was given).
fn waivers(rows: &mut AboutRows, r: &RunReport) -> Result<(), XlsxError> {
    let Some(waived) = r.waived else {
        return rows.text(
            r.t("豁免", "Waivers"),
            r.t("未使用豁免文件", "no waiver file given"),
        );
    };
    rows.count(r.t("已豁免发现", "Waived findings"), waived.len())?;
    for f in waived.iter().take(MAX_DATA_ROWS / 2) {
        let who = RunReport::record_name(f);
        let text = format!(
            "{} {} {}: {}",
            f.rule,
            r.article_label(f.article),
            who,
            f.message.get(r.lang)
        );
        rows.text(r.t("豁免", "Waived"), &text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_characters_count_twice_in_a_column_width() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("驻院纪检监察组"), 14);
        assert_eq!(display_width("第16条"), 6);
        assert_eq!(display_width("（未注明）"), 10);
        assert_eq!(display_width("short\n更长的一行"), 10);
    }

    #[test]
    fn cell_text_is_cut_to_excels_limit() {
        let long = "案".repeat(40_000);
        let cut = cell_text(&long);
        assert!(cut.encode_utf16().count() <= MAX_CELL_UTF16);
        assert!(cut.ends_with('…'));
        assert_eq!(cell_text("short"), "short");
    }

    #[test]
    fn dates_outside_excels_years_are_not_dates() {
        let day = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
        assert!(excel_date(day(2026)).is_some());
        assert!(excel_date(day(1899)).is_none());
        assert!(excel_date(day(10_000)).is_none());
    }
}
