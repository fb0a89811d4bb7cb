//! Helpers for the tests of tabular and office exports: their findings compared with the JSON
//! Lines export's, the location aside.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{AS_OF, run};

/// `check --format json` of `paths` (joined as one export) as of the sample's date.
pub fn check_json(paths: &[&str], extra: &[&str]) -> Value {
    let mut args = vec!["check"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["--as-of", AS_OF, "--format", "json"]);
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap()
}

pub fn findings(v: &Value) -> &Vec<Value> {
    v["findings"].as_array().unwrap()
}

/// A finding without its location, which names the file and its place: what must not depend on
/// the export's format.
pub fn essence(f: &Value) -> String {
    let mut f = f.clone();
    f.as_object_mut().unwrap().remove("location");
    f.to_string()
}

/// The findings' essences, each with how often it occurs.
pub fn multiset(v: &Value) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for f in findings(v) {
        *m.entry(essence(f)).or_insert(0) += 1;
    }
    m
}
