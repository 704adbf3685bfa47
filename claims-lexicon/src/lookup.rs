//! Matching a name against the table of ambiguous names and the
//! vocabulary.

use crate::ambiguous::{self, Decision, Scope, Verdict};
use crate::category::Category;
use crate::vocabulary::VOCABULARY;
use crate::words::{spell, split};

/// A name that looks like personal data: the phrase it matched and what
/// that phrase holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Match {
    /// The lexicon's phrase, lowercase with `_` between words
    /// (`"credit_card"` for a field `creditCardNumber`).
    pub term: &'static str,
    /// What the phrase holds.
    pub category: Category,
}

/// The lexicon entry `name` matches, with its category, if `name` looks
/// like personal data.
///
/// `name` is split into words (any case style, digits apart, see the
/// crate docs). A decision of the table of ambiguous names that settles
/// the whole name decides it (see [`decision`]). Otherwise, from the
/// first word on, the longest phrase that spells whole words there wins:
/// a vocabulary phrase or a decision "personal" is the match; a decision
/// "not personal" (`pod_ip`) passes over its words. Cost: one small
/// allocation for the words, then time linear in the number of words.
pub fn lookup(name: &str) -> Option<Match> {
    let words = split(name);
    if let Some((decision, phrase)) = settle(&words) {
        return decided(phrase, decision.verdict);
    }
    let mut start = 0;
    while start < words.len() {
        let Some((len, phrase, verdict)) = longest(&words[start..]) else {
            start += 1;
            continue;
        };
        if let Some(found) = decided(phrase, verdict) {
            return Some(found);
        }
        start += len;
    }
    None
}

/// The decision of the table of ambiguous names that settles `name` as
/// a whole, if there is one: a decision with a phrase that is the whole
/// name (`"Name"` and `"names"` are settled by the row for `name`,
/// `"role_name"` by none), or, for [`Scope::Ending`], ends it.
pub fn decision(name: &str) -> Option<&'static Decision> {
    settle(&split(name)).map(|(decision, _)| decision)
}

/// The decision that settles the whole of `words`, with its phrase that
/// does.
fn settle(words: &[&str]) -> Option<(&'static Decision, &'static str)> {
    let spells_to_end =
        |start: usize, phrase: &str| spell(&words[start..], phrase) == Some(words.len() - start);
    ambiguous::decisions().iter().find_map(|decision| {
        let settles = |phrase: &&str| match decision.scope {
            Scope::Alone | Scope::Anywhere => spells_to_end(0, phrase),
            Scope::Ending => (0..words.len()).any(|start| spells_to_end(start, phrase)),
        };
        let phrase = decision.phrases.iter().copied().find(settles)?;
        Some((decision, phrase))
    })
}

fn decided(phrase: &'static str, verdict: Verdict) -> Option<Match> {
    match verdict {
        Verdict::Personal(category) => Some(Match {
            term: phrase,
            category,
        }),
        Verdict::NotPersonal => None,
    }
}

/// The longest phrase spelled from the first of `words`, as the number
/// of words it covers, the phrase and its verdict: the vocabulary's or a
/// [`Scope::Anywhere`] decision's. No two phrases spell the same letters
/// (a unit test checks), so the longest is unique.
fn longest(words: &[&str]) -> Option<(usize, &'static str, Verdict)> {
    let vocabulary = VOCABULARY.iter().flat_map(|group| {
        group
            .phrases
            .iter()
            .map(move |phrase| (*phrase, Verdict::Personal(group.category)))
    });
    let decisions = ambiguous::decisions()
        .iter()
        .filter(|decision| decision.scope == Scope::Anywhere)
        .flat_map(|decision| {
            decision
                .phrases
                .iter()
                .map(move |phrase| (*phrase, decision.verdict))
        });
    vocabulary
        .chain(decisions)
        .filter_map(|(phrase, verdict)| Some((spell(words, phrase)?, phrase, verdict)))
        .max_by_key(|&(len, phrase, _)| (len, phrase.len()))
}
