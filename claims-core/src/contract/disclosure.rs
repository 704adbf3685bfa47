//! The two sides of a `disclosable` field at the contract: the values the
//! writer collects while a payload is written (which `sd` makes into salted
//! disclosures), and the values a verified presentation disclosed (which the
//! reader hands back).

use std::borrow::Cow;

use serde_json::value::RawValue;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::protect::DisclosableField;

/// The `disclosable` values of one payload, in field order: handed to the
/// derived `__encode_sd` next to the `PayloadWriter`, so only an SD-JWT's
/// issuance can write a disclosable field. Absent values are counted: the
/// issuer puts a decoy digest in place of each.
#[derive(Default)]
pub struct Disclosures {
    values: Vec<(&'static str, Zeroizing<Vec<u8>>)>,
    absent: usize,
}

impl Disclosures {
    /// A `disclosable` field: not in the payload; its value is kept here,
    /// from which the SD-JWT's `_sd` digests are made (RFC 9901 §4.2).
    /// An absent value (`None`) makes no disclosure but is counted: the
    /// issuer puts a decoy digest in its place, so `_sd`'s length does not
    /// tell which optional claims exist.
    pub fn disclosable<F: DisclosableField>(
        &mut self,
        claim: &'static str,
        value: &F,
    ) -> Result<(), Error> {
        let mut json = Zeroizing::new(Vec::new());
        match value.__value(&mut json) {
            None => {
                self.absent += 1;
                Ok(())
            }
            Some(Err(_)) => Err(Error::Encode { claim }),
            // As for public fields: a `null` that would not read back.
            Some(Ok(())) if *json == b"null" && F::__from_disclosed(Some("null")).is_err() => {
                Err(Error::Encode { claim })
            }
            Some(Ok(())) => {
                self.values.push((claim, json));
                Ok(())
            }
        }
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

impl std::fmt::Debug for Disclosures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Disclosures")
    }
}

/// A disclosed claim, after its digest was matched: name and raw JSON value.
pub(crate) struct Disclosed<'a> {
    pub(crate) name: Cow<'a, str>,
    pub(crate) value: &'a RawValue,
}
