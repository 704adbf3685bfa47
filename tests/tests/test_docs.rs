//! The docs a user reads: links that work on GitHub and on docs.rs (where the
//! README is `claims-core`'s crate page), paths that exist, and docs.rs
//! builds that show every feature's API.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The targets of `[text](target)` links.
fn link_targets(markdown: &str) -> Vec<&str> {
    markdown
        .match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &markdown[at + 2..];
            rest.find(')').map(|end| &rest[..end])
        })
        .collect()
}

/// A relative link works on GitHub and breaks on docs.rs, which shows the
/// README as `claims-core`'s documentation.
#[test]
fn readme_links_are_absolute_or_anchors() {
    let readme = read("README.md");
    let targets = link_targets(&readme);
    assert!(targets.len() >= 4, "the README links FORMAT.md and others");
    for target in targets {
        assert!(
            target.starts_with("https://") || target.starts_with('#'),
            "README link `{target}` is relative: use the repository URL"
        );
    }
}

/// Every repository path a doc names in backticks exists: docs that name
/// moved files (`claims-scrub`, `tests/tests/bad_tokens/`, ...) go stale.
#[test]
fn paths_named_in_the_docs_exist() {
    let top: Vec<String> = fs::read_dir(root())
        .expect("the workspace root")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "target")
        .collect();
    let mut checked = 0;
    for doc in [
        "README.md",
        "BENCHMARKS.md",
        "FORMAT.md",
        "tests/interop/README.md",
        "fuzz/README.md",
    ] {
        let text = read(doc);
        for (i, quoted) in text.split('`').enumerate() {
            let first = quoted.split('/').next().unwrap_or_default();
            let is_path = i % 2 == 1
                && quoted.contains('/')
                && !quoted.contains(char::is_whitespace)
                && top.iter().any(|name| name == first);
            if is_path {
                checked += 1;
                assert!(
                    root().join(quoted).exists(),
                    "{doc} names `{quoted}`, which does not exist"
                );
            }
        }
    }
    assert!(
        checked >= 15,
        "only {checked} paths found: is the scan still right?"
    );
}

/// docs.rs builds each library with every feature and `--cfg docsrs`, so
/// feature-gated items (the lifecycle, `RedisStore`, the axum extractor, the
/// JWKS client, the scrubber's tracing writer) are shown and labelled.
#[test]
fn published_libraries_document_every_feature_on_docs_rs() {
    let members = [
        "claims-core",
        "claims-derive",
        "claims-lexicon",
        "claims-scrub",
    ];
    for member in members {
        let manifest = read(&format!("{member}/Cargo.toml"));
        assert!(
            !manifest.contains("publish = false"),
            "{member} is published"
        );
        let metadata = manifest
            .split("[package.metadata.docs.rs]")
            .nth(1)
            .unwrap_or_else(|| panic!("{member}: no [package.metadata.docs.rs]"));
        let metadata = metadata.split("\n[").next().unwrap_or_default();
        assert!(metadata.contains("all-features = true"), "{member}");
        assert!(
            metadata.contains(r#"rustdoc-args = ["--cfg", "docsrs"]"#),
            "{member}"
        );
    }
    for lib in ["claims-core/src/lib.rs", "claims-scrub/src/lib.rs"] {
        let source = read(lib);
        assert!(
            source.contains("#![cfg_attr(docsrs, feature(doc_cfg))]"),
            "{lib}"
        );
        // Each feature-gated public item carries its label.
        let lines: Vec<&str> = source.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            let Some(feature) = line
                .trim()
                .strip_prefix("#[cfg(feature = ")
                .and_then(|rest| rest.strip_suffix(")]"))
            else {
                continue;
            };
            // The attributes after the `cfg`, then the item they are on.
            let after = &lines[at + 1..];
            let item_at = after
                .iter()
                .position(|l| {
                    !l.trim_start().starts_with("#[") && !l.trim_start().starts_with("//")
                })
                .expect("an item");
            let (attributes, item) = (&after[..item_at], after[item_at]);
            let hidden = attributes.iter().any(|l| l.contains("doc(hidden)"));
            if item.starts_with("pub ") && !hidden {
                let label = format!("#[cfg_attr(docsrs, doc(cfg(feature = {feature})))]");
                assert!(
                    attributes.iter().any(|l| l.contains(&label)),
                    "{lib}: `{item}` has no docs.rs feature label"
                );
            }
        }
    }
}
