//! Compile-time policy: every rule has a failing case under `ui/` with its
//! expected `.stderr` (pinned to this toolchain's rustc), and the structs
//! that must compile have passing cases under `ui/pass/`.
//!
//! Regenerate the `.stderr` files after a deliberate change with
//! `TRYBUILD=overwrite cargo test -p claims-tests --test compiletest`.

use std::path::Path;

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
        let cases = std::fs::read_dir(&dir)
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
