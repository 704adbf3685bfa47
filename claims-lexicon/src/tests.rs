//! The tables are well formed: one spelling per phrase, one home per
//! phrase, a reason per decision.

use std::collections::HashMap;

use crate::ambiguous::{Scope, decisions};
use crate::category::Category;
use crate::lookup::lookup;
use crate::vocabulary::VOCABULARY;

/// Every phrase of both tables, with where it comes from.
fn phrases() -> Vec<(&'static str, String)> {
    let vocabulary = VOCABULARY.iter().flat_map(|group| {
        group
            .phrases
            .iter()
            .map(move |phrase| (*phrase, format!("vocabulary ({})", group.category)))
    });
    let table = decisions().iter().flat_map(|decision| {
        decision
            .phrases
            .iter()
            .map(|phrase| (*phrase, "ambiguous names".to_owned()))
    });
    vocabulary.chain(table).collect()
}

#[test]
fn phrases_are_lowercase_words_joined_by_underscores() {
    for (phrase, home) in phrases() {
        assert!(
            !phrase.is_empty()
                && !phrase.starts_with('_')
                && !phrase.ends_with('_')
                && !phrase.contains("__")
                && phrase
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{home}: `{phrase}` is not lowercase ASCII words joined by `_`"
        );
    }
}

/// Phrases match on their letters alone (`zip_code` also matches
/// `zipcode`), so two phrases with the same letters would be one phrase
/// listed twice, possibly under two categories.
#[test]
fn each_phrase_is_listed_once() {
    let mut seen: HashMap<String, (&str, String)> = HashMap::new();
    for (phrase, home) in phrases() {
        let letters = phrase.replace('_', "");
        if let Some((first, first_home)) = seen.get(&letters) {
            panic!("`{phrase}` ({home}) spells the same as `{first}` ({first_home})");
        }
        seen.insert(letters, (phrase, home));
    }
}

#[test]
fn every_decision_says_why() {
    for decision in decisions() {
        assert!(
            decision.reason.len() > 10 && !decision.phrases.is_empty(),
            "decision on {:?} has no reason or no phrase",
            decision.phrases
        );
    }
}

#[test]
fn every_category_has_phrases() {
    for category in Category::ALL {
        assert!(
            VOCABULARY
                .iter()
                .any(|group| group.category == category && !group.phrases.is_empty()),
            "no phrase for {category}"
        );
    }
    assert_eq!(
        VOCABULARY.len(),
        Category::ALL.len(),
        "one group per category"
    );
}

#[test]
fn every_phrase_matches_itself_in_its_category() {
    for group in VOCABULARY {
        for phrase in group.phrases {
            let found = lookup(phrase).unwrap_or_else(|| panic!("`{phrase}` does not match"));
            assert_eq!(
                (found.term, found.category),
                (*phrase, group.category),
                "`{phrase}` is shadowed"
            );
        }
    }
    for decision in decisions() {
        for phrase in decision.phrases {
            let expected = match decision.verdict {
                crate::ambiguous::Verdict::Personal(category) => Some((*phrase, category)),
                crate::ambiguous::Verdict::NotPersonal => None,
            };
            let found = lookup(phrase).map(|found| (found.term, found.category));
            assert_eq!(found, expected, "decision on `{phrase}`");
            let longer = match decision.scope {
                Scope::Alone => continue,
                Scope::Ending => format!("x_{phrase}"),
                Scope::Anywhere => format!("x_{phrase}_y"),
            };
            let found = lookup(&longer).map(|found| (found.term, found.category));
            assert_eq!(found, expected, "decision on `{phrase}` in `{longer}`");
        }
    }
}

#[test]
fn category_names_are_distinct_lowercase() {
    let mut seen = std::collections::HashSet::new();
    for category in Category::ALL {
        let name = category.as_str();
        assert_eq!(name, name.to_lowercase());
        assert_eq!(name, category.to_string());
        assert!(seen.insert(name), "{name} twice");
    }
}
