//! Tables (CSV files, workbook sheets) to records: one table per record kind and one per item
//! list of a case, joined on `case_id` ("Tables" in export-format.md). Every value keeps the span
//! of its cell, so findings on tabular input point at the cell.

use chrono::NaiveDate;

use super::Parsed;
use crate::model::{FileId, Grid, GridRow, Key, Kind, Node, Record, Span, Value};
use crate::schema::{self, FieldType};
use crate::text::Msg;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    #[default]
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub value: CellValue,
    /// The cell in the source text.
    pub span: Span,
    /// A CSV cell in quotes (its content is offset by the quote and doubled quotes).
    pub quoted: bool,
}

impl RawCell {
    /// Where byte `at` of the cell's unescaped content sits in the file: a quoted CSV cell
    /// carries an opening quote and writes each `"` as `""`. The cell answers it (rather than
    /// the CSV reader) because it alone holds what the answer needs, and so the table reader,
    /// which places list items inside a cell, does not depend on the CSV reader.
    pub fn content_offset(&self, text: &str, at: usize) -> usize {
        if !self.quoted {
            return self.span.offset + at;
        }
        let raw = text
            .as_bytes()
            .get(self.span.offset + 1..self.span.offset + self.span.len)
            .unwrap_or_default();
        let (mut raw_i, mut content_i) = (0, 0);
        while content_i < at && raw_i < raw.len() {
            raw_i += if raw.get(raw_i) == Some(&b'"') { 2 } else { 1 };
            content_i += 1;
        }
        self.span.offset + 1 + raw_i
    }
}

#[derive(Debug, Clone, Default)]
pub struct RawRow {
    /// The row as a spreadsheet numbers it.
    pub number: usize,
    pub start: usize,
    pub cells: Vec<RawCell>,
}

impl RawRow {
    fn span(&self) -> Span {
        let end = self
            .cells
            .last()
            .map_or(self.start, |c| c.span.offset + c.span.len);
        Span::new(self.start, end - self.start)
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.value == CellValue::Empty)
    }
}

/// One table as read: the header is the first row.
#[derive(Debug, Clone, Default)]
pub struct RawTable {
    /// The CSV file's stem or the sheet's name: it says which table this is.
    pub name: String,
    pub grid: Grid,
    pub rows: Vec<RawRow>,
}

impl RawTable {
    /// The layout findings are located by.
    pub fn layout(&self) -> Grid {
        let mut grid = self.grid.clone();
        grid.columns = self
            .rows
            .first()
            .map(|h| h.cells.iter().map(|c| cell_text(&c.value)).collect())
            .unwrap_or_default();
        grid.rows = self
            .rows
            .iter()
            .map(|r| GridRow {
                number: r.number,
                start: r.start,
                cells: r.cells.iter().map(|c| c.span).collect(),
            })
            .collect();
        grid
    }
}

/// What a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Records(Kind),
    /// The items of a case list, at this path (`team.members`).
    Items(&'static str),
}

pub struct TableDef {
    pub name: &'static str,
    pub chinese: &'static str,
    pub target: Target,
}

/// In the order tables are read, so records come before the items joined to them.
pub const TABLES: &[TableDef] = &[
    table("rounds", "轮次", Target::Records(Kind::Round)),
    table("units", "单位名录", Target::Records(Kind::Unit)),
    table("cases", "案卷", Target::Records(Kind::Case)),
    table("team_members", "巡视干部", Target::Items("team.members")),
    table(
        "intake_briefings",
        "巡前通报",
        Target::Items("intake_briefings"),
    ),
    table("assessments", "问题研判", Target::Items("assessments")),
    table("clues", "问题线索", Target::Items("clues")),
    table("petitions", "信访件", Target::Items("petitions")),
    table(
        "ledger_submissions",
        "整改台账",
        Target::Items("ledger_submissions"),
    ),
    table(
        "secretary_points",
        "点人点事",
        Target::Items("secretary_points"),
    ),
    table(
        "urgent_matters",
        "紧急问题",
        Target::Items("urgent_matters"),
    ),
    table(
        "rectification_reviews",
        "整改审核会",
        Target::Items("rectification_reviews"),
    ),
    table("problems", "发现问题", Target::Items("problems")),
    table("accountability", "问责", Target::Items("accountability")),
];

const fn table(name: &'static str, chinese: &'static str, target: Target) -> TableDef {
    TableDef {
        name,
        chinese,
        target,
    }
}

/// The table a file or sheet name denotes (`clues`, `问题线索`, `Clues`).
pub fn table_def(name: &str) -> Option<&'static TableDef> {
    let name = name.trim();
    TABLES
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name) || t.chinese == name)
}

/// Where in the table order a name falls; unknown names last.
pub fn table_rank(name: &str) -> usize {
    table_def(name).map_or(TABLES.len(), |d| {
        TABLES.iter().position(|t| t.name == d.name).unwrap_or(0)
    })
}

/// A column: which field it fills.
#[derive(Debug, Clone)]
enum Column {
    /// A field of the record or item, by its path below it, with its type.
    Field(String, FieldType),
    /// `case_id` of an item table: the join key.
    Join,
    /// A header we do not know: kept under its own name, and reported.
    Unknown(String),
    /// A repeated header or one to skip (`kind`).
    Ignored,
}

const JOIN_HEADERS: &[&str] = &["case_id", "案卷编号"];

fn column_for(target: Target, header: &str) -> Column {
    let h = header.trim();
    if h == "kind" {
        return Column::Ignored;
    }
    let found = match target {
        Target::Items(_) if JOIN_HEADERS.contains(&h) => return Column::Join,
        Target::Records(kind) => schema::FIELDS
            .iter()
            .filter(|f| f.kind == kind && !is_container(f.ty) && !in_items(kind, f.path))
            .find(|f| f.path == h || f.header == h)
            .map(|f| (f.path.to_string(), f.ty)),
        Target::Items(list) => schema::FIELDS
            .iter()
            .filter(|f| f.kind == Kind::Case && !is_container(f.ty))
            .filter_map(|f| Some((f, f.path.strip_prefix(list)?.strip_prefix('.')?)))
            .find(|(f, rest)| *rest == h || f.path == h || f.header == h)
            .map(|(f, rest)| (rest.to_string(), f.ty)),
    };
    match found {
        Some((path, ty)) => Column::Field(path, ty),
        None => Column::Unknown(h.to_string()),
    }
}

fn is_container(ty: FieldType) -> bool {
    matches!(ty, FieldType::Object | FieldType::Items)
}

fn in_items(kind: Kind, path: &str) -> bool {
    schema::collections(kind).any(|c| {
        path.strip_prefix(c.path)
            .is_some_and(|rest| rest.starts_with('.'))
    })
}

fn required_column(target: Target) -> &'static str {
    match target {
        Target::Records(Kind::Round) => "id",
        Target::Records(Kind::Unit) => "name",
        Target::Records(Kind::Case) | Target::Items(_) => "case_id",
    }
}

/// The tables of one CSV folder or workbook, turned into records in `parsed`.
pub fn load(tables: &[RawTable], text: &str, file: FileId, parsed: &mut Parsed) {
    let mut cases: Vec<(String, Node)> = Vec::new();
    let mut others: Vec<(Kind, Node)> = Vec::new();
    let mut items: Vec<(&'static str, &RawTable)> = Vec::new();
    // A sheet without rows stands for one that was not read (too large): its finding is made.
    for t in tables
        .iter()
        .filter(|t| !(t.grid.is_sheet && t.rows.is_empty()))
    {
        let Some(def) = table_def(&t.name) else {
            unknown_table(t, file, parsed);
            continue;
        };
        match def.target {
            Target::Records(kind) => {
                for node in records(t, def.target, text, file, parsed) {
                    if kind == Kind::Case {
                        let id = node.get("case_id").and_then(Node::as_text);
                        cases.push((id.unwrap_or_default().trim().to_string(), node));
                    } else {
                        others.push((kind, node));
                    }
                }
            }
            Target::Items(list) => items.push((list, t)),
        }
    }
    let looked = looked_in(tables);
    for (list, t) in items {
        join_items(t, list, text, file, &mut cases, &looked, parsed);
    }
    for (kind, root) in others
        .into_iter()
        .chain(cases.into_iter().map(|(_, n)| (Kind::Case, n)))
    {
        parsed.records.push(Record {
            file,
            root,
            kind: Some(kind),
        });
    }
}

fn unknown_table(t: &RawTable, file: FileId, parsed: &mut Parsed) {
    let names: Vec<String> = TABLES
        .iter()
        .map(|d| format!("{}/{}", d.name, d.chinese))
        .collect();
    parsed.issues.push(super::LoadIssue {
        rule: "data.table",
        file,
        span: t
            .rows
            .first()
            .map_or(Span::new(t.grid.start, 0), RawRow::span),
        message: Msg::new(
            format!(
                "未知的表“{}”，未读取；表名应为：{}",
                t.name,
                names.join("、")
            ),
            format!(
                "unknown table \"{}\", not read; table names are: {}",
                t.name,
                names.join(", ")
            ),
        ),
    });
}

/// The columns of a table, with findings for unknown, repeated and missing ones.
fn columns(t: &RawTable, target: Target, file: FileId, parsed: &mut Parsed) -> Vec<Column> {
    let Some(header) = t.rows.first() else {
        return Vec::new();
    };
    let mut cols: Vec<Column> = Vec::new();
    for cell in &header.cells {
        let title = cell_text(&cell.value);
        let mut col = column_for(target, &title);
        let repeated = match &col {
            Column::Field(path, _) => cols
                .iter()
                .any(|c| matches!(c, Column::Field(p, _) if p == path)),
            Column::Join => cols.iter().any(|c| matches!(c, Column::Join)),
            _ => false,
        };
        if repeated {
            column_issue(
                parsed,
                file,
                cell.span,
                Msg::new(
                    format!("{}：列“{title}”与前面的列重复，本列未读取", t.grid.sheet),
                    format!(
                        "{}: column \"{title}\" repeats an earlier column; this one is not read",
                        t.grid.sheet
                    ),
                ),
            );
            col = Column::Ignored;
        } else if let Column::Unknown(name) = &col {
            column_issue(
                parsed,
                file,
                cell.span,
                Msg::new(
                    format!(
                        "{}：未知的列“{name}”（不是导出格式中的字段名或中文表头），规则不会读取它",
                        t.grid.sheet
                    ),
                    format!(
                        "{}: unknown column \"{name}\" (neither a field name nor a Chinese header of the export format); no rule reads it",
                        t.grid.sheet
                    ),
                ),
            );
        }
        cols.push(col);
    }
    let required = required_column(target);
    let has_required = cols.iter().any(|c| match c {
        Column::Join => true,
        Column::Field(p, _) => p == required,
        _ => false,
    });
    if !has_required {
        column_issue(
            parsed,
            file,
            header.span(),
            Msg::new(
                format!("{}：缺少必需的列 {required}", t.grid.sheet),
                format!(
                    "{}: the required column {required} is missing",
                    t.grid.sheet
                ),
            ),
        );
    }
    cols
}

fn column_issue(parsed: &mut Parsed, file: FileId, span: Span, message: Msg) {
    parsed.issues.push(super::LoadIssue {
        rule: "data.column",
        file,
        span,
        message,
    });
}

/// The records of a round, unit or case table, one per non-blank row.
fn records(
    t: &RawTable,
    target: Target,
    text: &str,
    file: FileId,
    parsed: &mut Parsed,
) -> Vec<Node> {
    let cols = columns(t, target, file, parsed);
    let Target::Records(kind) = target else {
        return Vec::new();
    };
    t.rows
        .iter()
        .skip(1)
        .filter(|r| !r.is_blank())
        .map(|row| {
            let mut root = row_node(row, &cols, text);
            if let Value::Map(entries) = &mut root.value {
                let at = Span::new(row.start, 0);
                entries.insert(
                    0,
                    (
                        "kind".into(),
                        Node::new(Value::Text(kind.as_str().into()), at),
                    ),
                );
            }
            root
        })
        .collect()
}

/// How many cases tables a message names before it counts the rest.
const NAMED_TABLES: usize = 5;

/// Where item rows look for their case, as a finding says it: the cases tables read (a CSV
/// file, or `book.xlsx[sheet]`), in the set's order.
fn looked_in(tables: &[RawTable]) -> Msg {
    let names: Vec<String> = tables
        .iter()
        .filter(|t| table_def(&t.name).is_some_and(|d| d.target == Target::Records(Kind::Case)))
        .map(|t| {
            if t.grid.is_sheet {
                format!("{}[{}]", t.grid.file, t.grid.sheet)
            } else {
                t.grid.file.clone()
            }
        })
        .collect();
    if names.is_empty() {
        return Msg::new(
            "本次读取的输入中没有案卷表（cases/案卷）",
            "no cases table (cases/案卷) was among the inputs read",
        );
    }
    let shown = names.iter().take(NAMED_TABLES).cloned().collect::<Vec<_>>();
    let more = names.len().saturating_sub(NAMED_TABLES);
    let (zh_more, en_more) = match more {
        0 => (String::new(), String::new()),
        n => (
            format!(" 等 {} 个", n + NAMED_TABLES),
            format!(" and {n} more"),
        ),
    };
    Msg::new(
        format!("查找了：{}{zh_more}", shown.join("、")),
        format!("looked in: {}{en_more}", shown.join(", ")),
    )
}

/// Appends each item row to the list of the case its `case_id` names.
fn join_items(
    t: &RawTable,
    list: &'static str,
    text: &str,
    file: FileId,
    cases: &mut [(String, Node)],
    looked: &Msg,
    parsed: &mut Parsed,
) {
    let cols = columns(t, Target::Items(list), file, parsed);
    let Some(join) = cols.iter().position(|c| matches!(c, Column::Join)) else {
        return;
    };
    for row in t.rows.iter().skip(1).filter(|r| !r.is_blank()) {
        let key_cell = row.cells.get(join);
        let key = key_cell.map(|c| cell_text(&c.value)).unwrap_or_default();
        let key = key.trim();
        let Some((_, case)) = cases
            .iter_mut()
            .find(|(id, _)| !key.is_empty() && id == key)
        else {
            parsed.issues.push(super::LoadIssue {
                rule: "data.unknown-reference",
                file,
                span: key_cell.map_or(row.span(), |c| c.span),
                message: Msg::new(
                    format!("{}第 {} 行：案卷编号“{key}”在案卷表中不存在（{}），本行未读取", t.grid.sheet, row.number, looked.zh),
                    format!("{} row {}: case_id \"{key}\" names no case in the cases tables ({}); the row is not read", t.grid.sheet, row.number, looked.en),
                ),
            });
            continue;
        };
        let item = row_node(row, &cols, text);
        append_item(case, list, item);
    }
}

fn append_item(case: &mut Node, list: &str, item: Node) {
    let (parent, key) = match list.rsplit_once('.') {
        Some((parent, key)) => (Some(parent), key),
        None => (None, list),
    };
    let holder = match parent {
        Some(p) => map_at(case, p, item.span),
        None => case,
    };
    let list_node = map_at(holder, key, item.span);
    if !matches!(list_node.value, Value::List(_)) {
        *list_node = Node::new(Value::List(Vec::new()), item.span);
    }
    let end = item.span.offset + item.span.len;
    if let Value::List(items) = &mut list_node.value {
        items.push(item);
    }
    if end > list_node.span.offset {
        list_node.span.len = end - list_node.span.offset;
    }
}

/// The map node at a dotted path below `node`, created (with `span`) where absent.
fn map_at<'n>(node: &'n mut Node, dotted: &str, span: Span) -> &'n mut Node {
    dotted.split('.').fold(node, |n, key| {
        if !matches!(n.value, Value::Map(_)) {
            *n = Node::new(Value::Map(Vec::new()), span);
        }
        let Value::Map(entries) = &mut n.value else {
            unreachable!("made a map just above")
        };
        let at = match entries.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                entries.push((Key::new(key), Node::new(Value::Null, span)));
                entries.len() - 1
            }
        };
        #[allow(clippy::indexing_slicing)] // `at` was found in, or just pushed onto, `entries`
        &mut entries[at].1
    })
}

/// One row as a map: each known column's cell under its (nested) path.
fn row_node(row: &RawRow, cols: &[Column], text: &str) -> Node {
    let span = row.span();
    let mut node = Node::new(Value::Map(Vec::new()), span);
    for (cell, col) in row.cells.iter().zip(cols) {
        let (path, ty) = match col {
            Column::Field(path, ty) => (path.as_str(), Some(*ty)),
            Column::Join => ("case_id", Some(FieldType::Text)),
            Column::Unknown(name) if cell.value != CellValue::Empty => (name.as_str(), None),
            _ => continue,
        };
        let value = typed(cell, ty, text);
        *map_at(&mut node, path, span) = value;
    }
    node
}

/// A cell's value as the field's type reads it; what does not fit stays text, for the data
/// checks to report at the cell.
fn typed(cell: &RawCell, ty: Option<FieldType>, text: &str) -> Node {
    let value = match (&cell.value, ty) {
        (CellValue::Empty, _) => Value::Null,
        (v, Some(FieldType::OrgList | FieldType::TextList)) => {
            return list_node(cell, &cell_text(v), text);
        }
        (CellValue::Date(d), Some(FieldType::Date)) => Value::Date(*d),
        (v, Some(FieldType::Integer | FieldType::IntRange(..))) => integer(v),
        (v, Some(FieldType::Bool)) => boolean(v),
        (CellValue::Int(i), None) => Value::Int(*i),
        (CellValue::Float(f), None) => Value::Float(*f),
        (CellValue::Bool(b), None) => Value::Bool(*b),
        (v, _) => Value::Text(cell_text(v)),
    };
    Node::new(value, cell.span)
}

fn integer(v: &CellValue) -> Value {
    match v {
        CellValue::Int(i) => Value::Int(*i),
        CellValue::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Value::Int(*f as i64),
        CellValue::Text(s) => s
            .trim()
            .parse::<i64>()
            .map_or_else(|_| Value::Text(s.clone()), Value::Int),
        other => Value::Text(cell_text(other)),
    }
}

fn boolean(v: &CellValue) -> Value {
    match v {
        CellValue::Bool(b) => Value::Bool(*b),
        CellValue::Int(1) => Value::Bool(true),
        CellValue::Int(0) => Value::Bool(false),
        // LibreOffice keeps a boolean as the number 1 or 0 shown as TRUE/FALSE (in .ods, and
        // in what it saves from a workbook).
        CellValue::Float(f) if *f == 1.0 => Value::Bool(true),
        CellValue::Float(f) if *f == 0.0 => Value::Bool(false),
        CellValue::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "是" | "1" | "y" | "yes" => Value::Bool(true),
            "false" | "否" | "0" | "n" | "no" => Value::Bool(false),
            _ => Value::Text(s.clone()),
        },
        other => Value::Text(cell_text(other)),
    }
}

/// List separators in a cell: 、 ， , ; ；
const SEPARATORS: &[char] = &['、', '，', ',', ';', '；'];

fn list_node(cell: &RawCell, content: &str, text: &str) -> Node {
    let mut items = Vec::new();
    let mut at = 0;
    for piece in content.split(SEPARATORS) {
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            let start = cell.content_offset(text, at + lead);
            let end = cell.content_offset(text, at + lead + trimmed.len());
            items.push(Node::new(
                Value::Text(trimmed.to_string()),
                Span::new(start, end - start),
            ));
        }
        at += piece.len()
            + content[at + piece.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
    }
    Node::new(Value::List(items), cell.span)
}

/// A cell as a user would read it.
pub fn cell_text(v: &CellValue) -> String {
    match v {
        CellValue::Empty => String::new(),
        CellValue::Text(s) => s.clone(),
        CellValue::Int(i) => i.to_string(),
        CellValue::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        CellValue::Float(f) => f.to_string(),
        CellValue::Bool(true) => "TRUE".into(),
        CellValue::Bool(false) => "FALSE".into(),
        CellValue::Date(d) => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(files: &[(&str, &str)]) -> (String, Parsed) {
        let mut text = String::new();
        let mut tables = Vec::new();
        for (name, csv) in files {
            let start = text.len();
            text.push_str(csv);
            let mut rows = super::super::csv::rows(csv);
            for r in &mut rows {
                r.start += start;
                r.cells.iter_mut().for_each(|c| c.span.offset += start);
            }
            tables.push(RawTable {
                name: (*name).into(),
                grid: Grid {
                    start,
                    end: text.len(),
                    sheet: (*name).into(),
                    ..Grid::default()
                },
                rows,
            });
        }
        let mut parsed = Parsed::default();
        load(&tables, &text, 0, &mut parsed);
        (text, parsed)
    }

    #[test]
    fn list_cells_split_with_each_name_at_its_place() {
        let csv = "case_id,feedback.cc\nC1,\"人事局, 直属机关党委；\"\"上海分院\"\"\"\n";
        let (text, parsed) = parse(&[("cases", csv)]);
        let cc = parsed.records[0].root.get_path("feedback.cc").unwrap();
        let names: Vec<(&str, &str)> = cc
            .as_list()
            .unwrap()
            .iter()
            .map(|n| match &n.value {
                Value::Text(s) => (s.as_str(), &text[n.span.offset..n.span.offset + n.span.len]),
                _ => panic!("not text"),
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("人事局", "人事局"),
                ("直属机关党委", "直属机关党委"),
                ("\"上海分院\"", "\"\"上海分院\"\"")
            ]
        );
    }

    #[test]
    fn typed_cells_and_nested_paths() {
        let csv = "case_id,problems.x,kind\nC1,,case\n";
        let problems = "案卷编号,编号,违反中央八项规定精神\nC1,P1,是\nC1,P2,FALSE\nC1,P3,也许\n";
        let (_, parsed) = parse(&[("案卷", csv), ("发现问题", problems)]);
        let case = &parsed.records[0];
        assert_eq!(case.kind, Some(Kind::Case));
        let items = case.root.get("problems").unwrap().as_list().unwrap();
        let flags: Vec<&Value> = items
            .iter()
            .map(|i| &i.get("eight_rules").unwrap().value)
            .collect();
        assert_eq!(
            flags,
            vec![
                &Value::Bool(true),
                &Value::Bool(false),
                &Value::Text("也许".into())
            ]
        );
        // `problems.x` is no field of a case row: an unknown column, reported.
        assert_eq!(parsed.issues.len(), 1);
        assert_eq!(parsed.issues[0].rule, "data.column");
    }
}
