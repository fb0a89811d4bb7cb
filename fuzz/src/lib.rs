//! Shared by the fuzz targets: the whole pipeline (evaluate, triage, every report format) over
//! an export loaded from fuzzed bytes, with the built-in pack compiled once.

use std::sync::OnceLock;

use chrono::NaiveDate;
use clausecheck::app::{CheckArgs, Format, check_export};
use clausecheck::calendar::Calendar;
use clausecheck::load::Export;
use clausecheck::pack::{Pack, PackSource};
use clausecheck::text::Lang;

fn packs() -> &'static (Vec<Pack>, Calendar) {
    static PACKS: OnceLock<(Vec<Pack>, Calendar)> = OnceLock::new();
    PACKS.get_or_init(|| {
        let pack = PackSource::builtin().compile().ok().into_iter().collect();
        (pack, Calendar::builtin())
    })
}

/// Evaluates `export` and renders it in one format chosen by `pick` (rendering all eight per
/// input made fuzzing eight times slower); panics only if the code under test does.
pub fn check_everything(export: &Export, pick: usize) {
    let (packs, cal) = packs();
    if let Some(&format) = Format::ALL.get(pick % Format::ALL.len()) {
        let args = CheckArgs::new(Vec::new(), as_of(), format, Lang::En);
        let _ = check_export(&args, packs, cal, export);
    }
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
}
