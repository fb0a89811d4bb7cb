//! `clausecheck parse-only PATHS` (hidden, for benchmarks): loads as `check` does (JSON Lines
//! in chunks, anything else whole) and prints what was read: the floor `check`'s throughput is
//! measured against.

use std::path::PathBuf;

use crate::failure::Failure;
use crate::load::Export;
use crate::load::stream::{CHUNK_BYTES, Chunk, jsonl_files, read_ahead};

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let (records, issues) = match jsonl_files(&args.paths)? {
        Some(files) => count_streamed(&files.files)?,
        None => {
            let export = Export::load_paths(&args.paths)?;
            (export.records.len(), export.issues.len())
        }
    };
    println!("{records} records, {issues} load issues");
    Ok(0)
}

/// Records and load issues of JSON Lines files, read ahead as `check` reads them, so the floor
/// and the check differ by the checking only.
fn count_streamed(files: &[PathBuf]) -> Result<(usize, usize), Failure> {
    let (mut records, mut issues) = (0, 0);
    read_ahead(files, CHUNK_BYTES, |chunk| {
        if let Chunk::Lines { parsed, .. } = chunk {
            records += parsed.records.len();
            issues += parsed.issues.len();
        }
        Ok::<bool, Failure>(true)
    })?;
    Ok((records, issues))
}
