//! The wire-value detector keeps its own copy of the v1 format's shape
//! (`h1.<kid>.<43 b64url>`, `e1.<kid>.<at least 38 b64url>`, kids of 1 to
//! 32 `[A-Za-z0-9_-]`), since this crate depends on nothing from
//! `claims-core`. This test holds that copy to the format's published test
//! vectors (`claims-core/tests/vectors/v1.json`): every wire value there is
//! found whole, in any context, and its near misses are not.

use claims_scrub::{Detector, Scrubber};
use serde_json::Value;

/// Every `wire` of the vectors' `hashed` and `encrypted` lists.
fn vectors() -> (Vec<String>, Vec<String>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../claims-core/tests/vectors/v1.json"
    );
    let text = std::fs::read_to_string(path).expect("the v1 test vectors");
    let json: Value = serde_json::from_str(&text).expect("vectors are JSON");
    let wires = |list: &str| -> Vec<String> {
        json[list]
            .as_array()
            .expect("a list of vectors")
            .iter()
            .map(|v| v["wire"].as_str().expect("a wire value").to_owned())
            .collect()
    };
    let (hashed, encrypted) = (wires("hashed"), wires("encrypted"));
    assert!(!hashed.is_empty() && !encrypted.is_empty());
    (hashed, encrypted)
}

/// `(detector, label, matched text)` of each finding in `text`.
fn found(text: &str) -> Vec<(Detector, &'static str, String)> {
    Scrubber::new()
        .findings(text.as_bytes())
        .into_iter()
        .map(|f| (f.detector, f.label(), text[f.range].to_owned()))
        .collect()
}

/// The parts of a wire value: prefix (`h1`/`e1`), kid, body.
fn parts(wire: &str) -> (&str, &str, &str) {
    let mut it = wire.splitn(3, '.');
    let (Some(prefix), Some(kid), Some(body)) = (it.next(), it.next(), it.next()) else {
        panic!("not a wire value: {wire}");
    };
    (prefix, kid, body)
}

#[test]
fn every_vector_is_found_whole() {
    let (hashed, encrypted) = vectors();
    for (label, wires) in [("h1", &hashed), ("e1", &encrypted)] {
        for wire in wires {
            for context in [
                wire.clone(),
                format!("sub={wire} ok"),
                format!(r#"{{"sub":"{wire}","n":1}}"#),
                format!("value {wire}."),
                format!("[{wire}]"),
            ] {
                assert_eq!(
                    found(&context),
                    [(Detector::WireValue, label, wire.clone())],
                    "{context}"
                );
            }
        }
    }
}

#[test]
fn near_misses_are_not_wire_values() {
    let (hashed, encrypted) = vectors();
    for wire in hashed.iter().chain(&encrypted) {
        let (prefix, kid, body) = parts(wire);
        let mut misses = vec![
            // Glued to a word or a dotted name on the left.
            format!("x{wire}"),
            format!("host.{wire}"),
            // Another format version.
            format!("{}2.{kid}.{body}", &prefix[..1]),
            // No kid, or a kid over 32 characters.
            format!("{prefix}..{body}"),
            format!("{prefix}.{}.{body}", "k".repeat(33)),
        ];
        if prefix == "h1" {
            // An HMAC tag is exactly 43 characters.
            misses.push(format!("{prefix}.{kid}.{}", &body[..42]));
            misses.push(format!("{prefix}.{kid}.{body}A"));
        } else {
            // Shorter than a nonce and a tag.
            misses.push(format!("{prefix}.{kid}.{}", &body[..37]));
        }
        for miss in misses {
            let got = found(&miss);
            assert!(
                got.iter().all(|(d, ..)| *d != Detector::WireValue),
                "{miss}: {got:?}"
            );
        }
    }
}
