//! A clone tests itself: no test, source file or CI step reads the shared folder beside the clone
//! (the reference data the tests need is vendored under `tests/data/`, with its source).

use std::path::{Path, PathBuf};

/// The path prefix a clone cannot count on, built so this file does not hold it.
fn outside() -> String {
    ["..", "shared"].join("/")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn nothing_reads_the_shared_folder_beside_the_clone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "examples", ".ci", "tools"] {
        files_under(&root.join(dir), &mut files);
    }
    let needle = outside();
    let readers: Vec<&PathBuf> = files
        .iter()
        .filter(|p| !p.starts_with(root.join("tests/data")))
        .filter(|p| {
            std::fs::read(p).is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(&needle))
        })
        .collect();
    assert!(readers.is_empty(), "these read {needle}: {readers:?}");
}

#[test]
fn the_vendored_reference_data_carries_its_licence_and_source() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let licence = std::fs::read_to_string(data.join("holiday-cn/LICENSE")).unwrap();
    assert!(licence.contains("MIT License") && licence.contains("NateScarlet"));
    let source = std::fs::read_to_string(data.join("holiday-cn/SOURCE.md")).unwrap();
    assert!(source.contains("holiday-cn by NateScarlet"));
    for year in 2007..=2026 {
        assert!(
            data.join(format!("holiday-cn/{year}.json")).is_file(),
            "{year}"
        );
    }
    let sarif = std::fs::read_to_string(data.join("sarif/SOURCE.md")).unwrap();
    assert!(sarif.contains("OASIS"));
    assert!(data.join("sarif/sarif-schema-2.1.0.json").is_file());
}
