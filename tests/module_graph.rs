//! The library's modules import one another one way only: no cycle between the top-level
//! modules of `src/`, nor between the readers in `src/load/`. A cycle makes two modules one in
//! all but name (neither can be understood, tested or moved without the other), so it fails
//! here rather than in a review.
//!
//! The graph is read from the source text, not the compiler: a module depends on another when
//! its code (comments and `#[cfg(test)] mod tests` left out) names `crate::other`, or, inside
//! `load/`, `super::sibling`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Cycles known and owned elsewhere, each as its two modules: a new one still fails the test.
/// `load/workbook` measures a legacy workbook through `load/biff`, which returns workbook areas.
const KNOWN_CYCLES: &[(&str, &str)] = &[("load/biff", "load/workbook")];

#[test]
fn top_level_modules_form_no_cycle() {
    let (top, _) = module_graphs();
    assert_no_cycle(&top);
}

#[test]
fn the_load_readers_form_no_cycle() {
    let (_, mut load) = module_graphs();
    for (a, b) in KNOWN_CYCLES {
        if let Some(targets) = load.get_mut(*b) {
            targets.remove(*a);
        }
    }
    assert_no_cycle(&load);
}

/// A graph with a cycle is caught, so the two tests above cannot pass by reading nothing.
#[test]
fn a_cycle_is_found() {
    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("a".into());
    assert!(cycle(&graph).is_some());
    let (top, load) = module_graphs();
    assert!(top["app"].contains("config"), "{top:?}");
    assert!(load["load/csv"].contains("load/table"), "{load:?}");
}

fn assert_no_cycle(graph: &Graph) {
    if let Some(path) = cycle(graph) {
        panic!("import cycle: {}", path.join(" -> "));
    }
}

/// The top-level graph (`load/x` counted as `load`) and the graph among `load/`'s files.
fn module_graphs() -> (Graph, Graph) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = top_level_modules(&src);
    let loaders = load_files(&src);
    let (mut top, mut load) = (Graph::new(), Graph::new());
    for file in library_files(&src) {
        let Some(unit) = unit_of(&src, &file) else {
            continue;
        };
        let text = code_only(&std::fs::read_to_string(&file).unwrap_or_default());
        let owner = unit.split('/').next().unwrap_or_default().to_string();
        for target in crate_paths(&text) {
            let Some(first) = target.first().filter(|m| modules.contains(*m)) else {
                continue;
            };
            if *first != owner {
                top.entry(owner.clone()).or_default().insert(first.clone());
            }
            if unit.starts_with("load/")
                && first == "load"
                && let Some(second) = target.get(1).filter(|s| loaders.contains(*s))
            {
                add_sibling(&mut load, &unit, second);
            }
        }
        if unit.starts_with("load/") {
            for sibling in super_paths(&text).filter(|s| loaders.contains(s)) {
                add_sibling(&mut load, &unit, &sibling);
            }
        }
    }
    (top, load)
}

fn add_sibling(load: &mut Graph, unit: &str, sibling: &str) {
    let target = format!("load/{sibling}");
    if target != unit {
        load.entry(unit.to_string()).or_default().insert(target);
    }
}

/// `src/x.rs` and `src/x/` for every x but the crate roots.
fn top_level_modules(src: &Path) -> BTreeSet<String> {
    entries(src)
        .iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?;
            match name.strip_suffix(".rs") {
                Some(stem) => Some(stem.to_string()),
                None => p.is_dir().then(|| name.to_string()),
            }
        })
        .filter(|m| m != "main" && m != "lib")
        .collect()
}

/// The readers in `src/load/` by name (`csv`, `table`, …).
fn load_files(src: &Path) -> BTreeSet<String> {
    entries(&src.join("load"))
        .iter()
        .filter_map(|p| {
            p.file_name()?
                .to_str()?
                .strip_suffix(".rs")
                .map(String::from)
        })
        .filter(|m| m != "mod")
        .collect()
}

/// Every `.rs` file under `src`, but the binary's own (`main.rs`, `cli/`) and separate test
/// files.
fn library_files(src: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for path in entries(&folder) {
            if path.is_dir() {
                if path != src.join("cli") {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_stem().is_some_and(|s| s != "tests")
                && path != src.join("main.rs")
            {
                files.push(path);
            }
        }
    }
    files
}

fn entries(folder: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// `app` for `src/app/places.rs`, `load/csv` for `src/load/csv.rs`, `load` for
/// `src/load/mod.rs`; none for the crate roots.
fn unit_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?.with_extension("");
    let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["lib"] | ["main"] => None,
        ["load", reader] if *reader != "mod" => Some(format!("load/{reader}")),
        [first, ..] => Some((*first).to_string()),
        [] => None,
    }
}

/// The text without comments and without `#[cfg(test)] mod tests { … }`: tests may import
/// what the code itself must not.
fn code_only(text: &str) -> String {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    match code.find("#[cfg(test)]\nmod tests {") {
        Some(start) => {
            let end = block_end(&code, start).unwrap_or(code.len());
            format!("{}{}", &code[..start], &code[end..])
        }
        None => code,
    }
}

/// The byte after the `}` closing the first block that opens at or after `start`.
fn block_end(code: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in code[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => return Some(start + i + 1),
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The paths after each `crate::`, as segments; `crate::{a, b::c}` gives `[a]` and `[b, c]`.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or_default();
            paths.extend(inner.split(',').map(segments));
        } else {
            paths.push(segments(rest));
        }
    }
    paths
}

fn segments(path: &str) -> Vec<String> {
    path.trim_start()
        .split("::")
        .map(|s| {
            s.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .take_while(|s| !s.is_empty())
        .collect()
}

/// The first segment after each `super::` (a sibling, for a file directly in `load/`).
fn super_paths(code: &str) -> impl Iterator<Item = String> + '_ {
    code.match_indices("super::").filter_map(|(at, _)| {
        let rest = &code[at + "super::".len()..];
        // `super::super::` climbs out of `load/`: not a sibling.
        (!rest.starts_with("super::")).then(|| segments(rest).into_iter().next())?
    })
}

/// A cycle in `graph`, as the modules around it (first repeated last), if there is one.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        let mut path = Vec::new();
        if let Some(found) = visit(graph, start, &mut path, &mut done) {
            return Some(found);
        }
    }
    None
}

/// Depth first from `node`; `path` holds the modules being visited.
fn visit(
    graph: &Graph,
    node: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|p| p == node) {
        let mut found = path[at..].to_vec();
        found.push(node.to_string());
        return Some(found);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_string());
    for next in graph.get(node).into_iter().flatten() {
        if let Some(found) = visit(graph, next, path, done) {
            return Some(found);
        }
    }
    path.pop();
    done.insert(node.to_string());
    None
}
