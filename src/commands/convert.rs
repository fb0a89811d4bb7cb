//! `clausecheck convert`: any supported export as canonical JSON Lines, so a data team sees
//! exactly what the checker read: one record per line, `kind` first, then the fields in the
//! order of export-format.md (unknown keys after, as found); real date cells as `YYYY-MM-DD`;
//! text exactly as read (a text date stays as typed); unrecorded (empty) values left out.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde_json::{Map, Value as Json, json};

use super::{Settings, values};
use crate::failure::Failure;
use crate::load::{EncodingChoice, Export, LoadOptions};
use crate::model::{Key, Kind, Node, Record, Value};
use crate::output::{guard_output, write_output};
use crate::report;
use crate::schema;
use crate::text::Lang;

// No doc comment on the struct: clap would take it for the command's description.
#[derive(clap::Args)]
pub struct Args {
    /// Export files or folders; all inputs form one export.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format (only jsonl).
    #[arg(long, value_enum, default_value_t = ConvertTo::Jsonl)]
    to: ConvertTo,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Text encoding of the inputs: auto, utf-8, gb18030 (or gbk).
    #[arg(long, default_value = "auto", value_parser = values::encoding)]
    encoding: EncodingChoice,
}

#[derive(Clone, Copy, ValueEnum)]
enum ConvertTo {
    Jsonl,
}

/// Exit 0 when every input was read whole; 1 when some of it could not be (each problem on
/// standard error, the rest converted).
pub fn run(args: Args, settings: &Settings) -> Result<u8, Failure> {
    let ConvertTo::Jsonl = args.to;
    let load = LoadOptions {
        encoding: args.encoding,
    };
    if let Some(output) = &args.output {
        let inputs: Vec<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
        guard_output(output, &inputs)?;
    }
    let lang = settings.lang;
    let out = convert(&args.paths, load, lang)?;
    write_output(args.output.as_deref(), &out.text)?;
    for s in &out.skipped {
        eprintln!(
            "{}: {s}",
            if lang == Lang::En {
                "warning"
            } else {
                "提示"
            }
        );
    }
    for p in &out.problems {
        eprintln!("{p}");
    }
    Ok(u8::from(!out.problems.is_empty()))
}

/// What `convert` read: the canonical JSON Lines, and each problem that kept input from being
/// read (`file:line:col: rule: message`).
pub struct ConvertOutput {
    pub text: String,
    pub problems: Vec<String>,
    /// What a folder walk passed over, and why.
    pub skipped: Vec<String>,
}

pub fn convert(paths: &[PathBuf], load: LoadOptions, lang: Lang) -> Result<ConvertOutput, Failure> {
    let export = Export::load_paths_with(paths, load).map_err(Failure::from)?;
    let sources = report::index_sources(&export.files);
    let problems = export
        .issues
        .iter()
        .map(|i| {
            let at = report::locate(&export.files, &sources, i.file, i.span).reference();
            format!("{at}: {}: {}", i.rule, i.message.get(lang))
        })
        .collect();
    Ok(ConvertOutput {
        text: to_jsonl(&export),
        problems,
        skipped: export
            .warnings()
            .iter()
            .map(|w| w.get(lang).to_string())
            .collect(),
    })
}

/// The export's records as JSON Lines, in the order they were read.
pub fn to_jsonl(export: &Export) -> String {
    let mut out = String::new();
    for record in &export.records {
        out.push_str(&record_json(record).to_string());
        out.push('\n');
    }
    out
}

fn record_json(record: &Record) -> Json {
    match (&record.root.value, record.kind) {
        (Value::Map(entries), Some(kind)) => map_json(entries, kind, ""),
        _ => node_json(&record.root, None, ""),
    }
}

fn map_json(entries: &[(Key, Node)], kind: Kind, prefix: &str) -> Json {
    let path_of = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    };
    let rank = |key: &str| {
        if prefix.is_empty() && key == "kind" {
            return 0;
        }
        let path = path_of(key);
        schema::FIELDS
            .iter()
            .position(|f| f.kind == kind && f.path == path)
            .map_or(usize::MAX, |i| i + 1)
    };
    let mut sorted: Vec<(usize, &(Key, Node))> = entries
        .iter()
        .filter(|(_, n)| !matches!(n.value, Value::Null))
        .enumerate()
        .collect();
    // Stable: unknown keys keep the order they were found in.
    sorted.sort_by_key(|(i, (k, _))| (rank(k), *i));
    let mut out = Map::new();
    for (_, (key, node)) in sorted {
        out.insert(key.to_string(), node_json(node, Some(kind), &path_of(key)));
    }
    Json::Object(out)
}

/// Items of a list sit at the list's path: `clues` items have fields `clues.id`, ….
fn node_json(node: &Node, kind: Option<Kind>, path: &str) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Text(s) => json!(s),
        Value::Date(d) => json!(d.to_string()),
        Value::List(items) => Json::Array(items.iter().map(|n| node_json(n, kind, path)).collect()),
        Value::Map(entries) => match kind {
            Some(kind) => map_json(entries, kind, path),
            None => Json::Object(
                entries
                    .iter()
                    .map(|(k, n)| (k.to_string(), node_json(n, None, "")))
                    .collect(),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Format;

    #[test]
    fn canonical_order_and_values() {
        let mut export = Export::default();
        let line = r#"{"case_id":"c1","zz":1,"kind":"case","clues":[{"received_on":"2025/1/2","id":"X"}],"report":{"submitted_on":null}}"#;
        export.add_bytes(
            "a.jsonl".into(),
            line.as_bytes(),
            Format::JsonLines,
            LoadOptions::default(),
        );
        assert_eq!(
            to_jsonl(&export),
            "{\"kind\":\"case\",\"case_id\":\"c1\",\"report\":{},\"clues\":[{\"id\":\"X\",\"received_on\":\"2025/1/2\"}],\"zz\":1}\n"
        );
    }
}
