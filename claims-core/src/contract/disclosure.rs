//! The two sides of a `disclosable` field at the contract: the values the
//! writer collects while a payload is written (which `sd` makes into salted
//! disclosures), and the values a verified presentation disclosed (which the
//! reader hands back).

use std::borrow::Cow;

use serde_json::value::RawValue;
use zeroize::Zeroizing;

/// The `disclosable` values of one payload, in field order, and how many
/// were absent.
#[derive(Default)]
pub(crate) struct Disclosures {
    values: Vec<(&'static str, Zeroizing<Vec<u8>>)>,
    absent: usize,
}

impl Disclosures {
    pub(crate) fn push(&mut self, claim: &'static str, json: &[u8]) {
        self.values.push((claim, Zeroizing::new(json.to_vec())));
    }

    /// A `disclosable` field with no value (`None`): it gets a decoy digest,
    /// so `_sd`'s length does not tell which optional claims exist.
    pub(crate) fn push_absent(&mut self) {
        self.absent += 1;
    }

    /// How many `disclosable` fields had no value.
    pub(crate) fn absent(&self) -> usize {
        self.absent
    }

    /// Each claim name with its value's compact JSON.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &[u8])> {
        self.values
            .iter()
            .map(|(claim, json)| (*claim, json.as_slice()))
    }
}

/// A disclosed claim, after its digest was matched: name and raw JSON value.
pub(crate) struct Disclosed<'a> {
    pub(crate) name: Cow<'a, str>,
    pub(crate) value: &'a RawValue,
}
