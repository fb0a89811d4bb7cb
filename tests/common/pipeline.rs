//! The whole pipeline in memory, after any loader: evaluation, triage and every output format.
//! Shared by the never-panics properties and the fuzz-corpus replay.

use std::sync::OnceLock;

use chrono::NaiveDate;
use clausecheck::app::{CheckArgs, CheckOutput, Format, check_export};
use clausecheck::calendar::Calendar;
use clausecheck::load::Export;
use clausecheck::pack::Pack;
use clausecheck::text::Lang;

fn packs() -> &'static (Vec<Pack>, Calendar) {
    static P: OnceLock<(Vec<Pack>, Calendar)> = OnceLock::new();
    P.get_or_init(|| (vec![Pack::builtin()], Calendar::builtin()))
}

/// `export` checked with the built-in pack and rendered in every format; a run that cannot be
/// done (a pack failure) is a test failure.
pub fn check_in_every_format(export: &Export) -> Vec<(Format, CheckOutput)> {
    let (packs, cal) = packs();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    Format::ALL
        .into_iter()
        .map(|format| {
            let args = CheckArgs::new(Vec::new(), as_of, format, Lang::En);
            let Ok(out) = check_export(&args, packs, cal, export) else {
                panic!("no pack failure expected");
            };
            (format, out)
        })
        .collect()
}
