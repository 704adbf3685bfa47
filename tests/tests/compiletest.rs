//! Compile-time policy: every rule has a failing case under `ui/` with its
//! expected `.stderr` (pinned to this toolchain's rustc), and the structs
//! that must compile have passing cases under `ui/pass/`. The rule table in
//! `claims-derive/src/lib.rs` stays true: every function, trait and folder
//! it names exists.
//!
//! Regenerate the `.stderr` files after a deliberate change with
//! `TRYBUILD=overwrite cargo test -p claims-tests --test compiletest`.

use std::fs;
use std::path::{Path, PathBuf};

const COMPILE_FAIL: &[&str] = &[
    "unprotected",
    "conflict",
    "unsupported",
    "types",
    "reserved",
    "attr",
    "shape",
    "value",
    "encode",
];

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    for group in COMPILE_FAIL.iter().copied().chain(["pass"]) {
        // A glob that matches nothing passes silently: make a moved or
        // misspelled folder fail instead.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui").join(group);
        let cases = fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
            .filter_map(Result::ok)
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "rs"))
            .count();
        assert!(cases > 0, "no cases in {}", dir.display());
        let glob = format!("ui/{group}/*.rs");
        if group == "pass" {
            t.pass(glob);
        } else {
            t.compile_fail(glob);
        }
    }
}

/// The rows of the rule table in the derive's crate docs: (enforced by,
/// cases), each a list of the backquoted names in that column.
fn rule_table() -> Vec<(Vec<String>, Vec<String>)> {
    let docs = fs::read_to_string(workspace().join("claims-derive/src/lib.rs")).expect("lib.rs");
    let rows: Vec<_> = docs
        .lines()
        .skip_while(|line| *line != "//! # Rules")
        .take_while(|line| !line.starts_with("//! # Nested"))
        .filter_map(|line| line.strip_prefix("//! | "))
        .filter(|row| !row.starts_with("rule |") && !row.starts_with("---"))
        .map(|row| {
            let cells: Vec<&str> = row.trim_end_matches('|').split('|').collect();
            assert_eq!(cells.len(), 3, "a row of three cells: {row}");
            (quoted(cells[1]), quoted(cells[2]))
        })
        .collect();
    assert!(rows.len() > 10, "the rule table was not found");
    rows
}

/// The `backquoted` names in `cell`.
fn quoted(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_owned()
}

/// `check::claim::check_one_protection` names a `fn` of the derive's module
/// `check/claim.rs`; `attr::FieldAttrs::from_attrs` a `fn` of `attr.rs`.
fn derive_item_exists(path: &str) -> bool {
    let segments: Vec<&str> = path.split("::").collect();
    let Some((item, modules)) = segments.split_last() else {
        return false;
    };
    let src = workspace().join("claims-derive/src");
    (1..=modules.len()).rev().any(|n| {
        let module = modules[..n].join("/");
        [format!("{module}.rs"), format!("{module}/mod.rs")]
            .iter()
            .filter_map(|file| fs::read_to_string(src.join(file)).ok())
            .any(|text| text.contains(&format!("fn {item}")))
    })
}

/// A trait `claims-core` declares, in any of its modules.
fn core_trait_exists(name: &str) -> bool {
    fn walk(dir: &Path, needle: &str) -> bool {
        fs::read_dir(dir).expect("claims-core/src").any(|entry| {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, needle)
            } else {
                fs::read_to_string(&path).is_ok_and(|text| text.contains(needle))
            }
        })
    }
    walk(
        &workspace().join("claims-core/src"),
        &format!("pub trait {name}"),
    )
}

#[test]
fn the_rule_table_names_what_exists() {
    let rows = rule_table();
    for (enforced_by, cases) in &rows {
        for name in enforced_by {
            let exists = if name.contains("::") {
                derive_item_exists(name)
            } else {
                core_trait_exists(name)
            };
            assert!(
                exists,
                "the rule table names `{name}`, which does not exist"
            );
        }
        assert!(!cases.is_empty(), "a rule without trybuild cases");
        for case in cases {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(case);
            assert!(
                dir.is_dir(),
                "the rule table names {case}, which does not exist"
            );
        }
    }
    let listed: Vec<&str> = rows
        .iter()
        .flat_map(|(_, cases)| cases)
        .filter_map(|case| case.strip_prefix("ui/"))
        .collect();
    for group in COMPILE_FAIL.iter().copied().chain(["pass"]) {
        assert!(
            listed.contains(&group),
            "ui/{group} is in no row of the rule table"
        );
    }
}
