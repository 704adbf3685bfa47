//! The lexicon measured on field names of public schemas (`corpus/`, each
//! section naming its source): recall on names that hold personal data,
//! false positives on names that do not.
//!
//! Run with `cargo test -p claims-lexicon --test corpus -- --nocapture`
//! to see the misses, the false positives and the names the table of
//! ambiguous names settled.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use claims_lexicon::{Verdict, decision, lookup};

const PII: &str = include_str!("corpus/pii.txt");
const NOT_PII: &str = include_str!("corpus/not-pii.txt");

/// The figures this corpus gives today: (PII names, misses, non-PII
/// names, false positives). A change to the vocabulary, the table or the
/// corpus that moves them updates this pin and the README's figures.
const PINNED: (usize, usize, usize, usize) = (253, 6, 700, 11);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Pii,
    NotPii,
}

/// The names of a corpus file: one a line, `#` comments and blank lines
/// skipped.
fn names(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Each distinct name with the side it is expected on: the table of
/// ambiguous names' verdict if it settles the name, else its file's.
/// Also the names the table moved, and names found in both files that
/// the table does not settle.
struct Expected<'a> {
    sides: BTreeMap<&'a str, Side>,
    moved: Vec<String>,
    undecided: Vec<&'a str>,
}

fn expected() -> Expected<'static> {
    let mut found = Expected {
        sides: BTreeMap::new(),
        moved: Vec::new(),
        undecided: Vec::new(),
    };
    for (text, file_side) in [(PII, Side::Pii), (NOT_PII, Side::NotPii)] {
        for name in names(text) {
            let side = match decision(name).map(|decision| decision.verdict) {
                Some(Verdict::Personal(_)) => Side::Pii,
                Some(Verdict::NotPersonal) => Side::NotPii,
                None => file_side,
            };
            if side != file_side {
                found
                    .moved
                    .push(format!("{name} ({file_side:?} -> {side:?})"));
            }
            if let Some(&earlier) = found.sides.get(name)
                && earlier != side
            {
                found.undecided.push(name);
            }
            found.sides.insert(name, side);
        }
    }
    found.moved.sort();
    found.moved.dedup();
    found
}

#[test]
fn recall_and_false_positives_on_public_schemas() {
    let expected = expected();
    assert!(
        expected.undecided.is_empty(),
        "names on both sides, undecided: decide them in src/ambiguous.rs: {:?}",
        expected.undecided
    );
    let (mut pii, mut not_pii) = (0, 0);
    let (mut misses, mut false_positives) = (Vec::new(), Vec::new());
    for (&name, &side) in &expected.sides {
        let found = lookup(name);
        match side {
            Side::Pii => {
                pii += 1;
                if found.is_none() {
                    misses.push(name.to_owned());
                }
            }
            Side::NotPii => {
                not_pii += 1;
                if let Some(found) = found {
                    false_positives.push(format!("{name} ({}: `{}`)", found.category, found.term));
                }
            }
        }
    }
    let recall = 1.0 - ratio(misses.len(), pii);
    let false_positive_rate = ratio(false_positives.len(), not_pii);
    let mut report = String::new();
    let _ = writeln!(
        report,
        "PII side: {pii} names, {} matched, recall {:.1}%\n  misses: {}",
        pii - misses.len(),
        recall * 100.0,
        misses.join(", ")
    );
    let _ = writeln!(
        report,
        "non-PII side: {not_pii} names, {} matched, false positives {:.1}%\n  false positives: {}",
        false_positives.len(),
        false_positive_rate * 100.0,
        false_positives.join(", ")
    );
    let _ = writeln!(
        report,
        "moved by the table of ambiguous names: {}",
        expected.moved.join(", ")
    );
    println!("{report}");
    assert!(recall >= 0.97, "recall below 97%:\n{report}");
    assert!(
        false_positive_rate <= 0.02,
        "false positives above 2%:\n{report}"
    );
    assert_eq!(
        (pii, misses.len(), not_pii, false_positives.len()),
        PINNED,
        "the corpus figures moved: update PINNED and the README\n{report}"
    );
}

/// `part / whole` as a fraction (exact for corpus sizes).
fn ratio(part: usize, whole: usize) -> f64 {
    let part = u32::try_from(part).expect("corpus size");
    let whole = u32::try_from(whole).expect("corpus size");
    f64::from(part) / f64::from(whole.max(1))
}
