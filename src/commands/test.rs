//! `clausecheck test [PACK]`: runs a pack's own fixtures (`PACK/tests/*.yaml`), in the manner of
//! `semgrep --test`, and shows for each failing fixture what was expected and what came out.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::{Output, Settings, calendar_for};
use crate::failure::Failure;
use crate::pack::{Pack, PackSource};
use crate::selftest::{FixtureResult, fixture_files, run_fixture_text};
use crate::text::{Lang, Msg};

// No doc comment on the struct: clap would take it for the command's description.
#[derive(clap::Args)]
pub struct Args {
    /// A pack folder whose tests/*.yaml fixtures to run; default: the built-in pack.
    pack: Option<PathBuf>,
}

/// Exit 0 when every fixture passes, 1 when one fails or there are none; an invalid pack is a
/// [`Failure`] (exit 2).
pub fn run(args: Args, settings: &Settings) -> Result<u8, Failure> {
    super::print(run_fixtures(args.pack.as_deref(), settings.lang)?)
}

/// The fixtures' report; without `pack`, the built-in pack and its compiled-in fixtures.
fn run_fixtures(pack: Option<&Path>, lang: Lang) -> Result<Output, Failure> {
    let (source, fixtures) = match pack {
        Some(dir) => (
            PackSource::read(dir).map_err(Failure::Pack)?,
            read_fixtures(dir)?,
        ),
        None => (PackSource::builtin(), PackSource::builtin_fixtures()),
    };
    let packs = vec![source.compile().map_err(Failure::Pack)?];
    let cal = calendar_for(&packs, None)?;
    let results: Vec<FixtureResult> = fixtures
        .iter()
        .map(|(file, text)| run_fixture_text(Path::new(file), text, &packs, &cal))
        .collect();
    let Some(pack) = packs.first() else {
        return Err(Failure::Message(Msg::new("没有规则包", "no rule pack")));
    };
    Ok(report(pack, &results, lang))
}

fn read_fixtures(pack: &Path) -> Result<Vec<(String, String)>, Failure> {
    let dir = if pack.is_dir() {
        pack.join("tests")
    } else {
        pack.parent().unwrap_or(Path::new(".")).join("tests")
    };
    fixture_files(&dir)
        .into_iter()
        .map(|f: PathBuf| {
            std::fs::read_to_string(&f)
                .map(|t| (f.display().to_string(), t))
                .map_err(|e| {
                    Failure::Message(Msg::new(
                        format!("无法读取测试文件 {}：{e}", f.display()),
                        format!("cannot read fixture {}: {e}", f.display()),
                    ))
                })
        })
        .collect()
}

fn report(pack: &Pack, results: &[FixtureResult], lang: Lang) -> Output {
    let mut out = String::new();
    let failed: Vec<&FixtureResult> = results.iter().filter(|r| !r.passed()).collect();
    for r in &failed {
        let _ = writeln!(out, "FAIL {}", r.file.display());
        if let Some(e) = &r.error {
            let _ = writeln!(out, "  ! {e}");
        }
        for m in &r.missing {
            let _ = writeln!(
                out,
                "  - {m}    # {}",
                say(lang, "应有而未出", "expected, not produced")
            );
        }
        for x in &r.extra {
            let _ = writeln!(
                out,
                "  + {x}    # {}",
                say(lang, "不应有而出现", "produced, not expected")
            );
        }
    }
    if results.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            say(
                lang,
                &format!("规则包 {} 没有测试文件（tests/*.yaml）", pack.meta.id),
                &format!("the pack {} has no fixtures (tests/*.yaml)", pack.meta.id),
            )
        );
    }
    let _ = writeln!(
        out,
        "{} passed, {} failed",
        results.len() - failed.len(),
        failed.len()
    );
    Output {
        text: out,
        exit: u8::from(!failed.is_empty() || results.is_empty()),
    }
}

fn say<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
