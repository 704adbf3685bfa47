//! [`PayloadReader`]: what the derived `__decode` reads each field through,
//! reversing its protection.

use serde_json::value::RawValue;

use super::disclosure::Disclosed;
use super::payload::RawClaims;
use crate::error::Error;
use crate::policy::HashDomain;
use crate::protect::{
    DisclosableField, EncryptedField, HashedField, PiiKeyRing, Pseudonym, PublicField,
    SensitiveField,
};

/// Handed to the derived `__decode`: one call per field.
pub struct PayloadReader<'a> {
    pii: &'a PiiKeyRing,
    raw: &'a RawClaims<'a>,
    /// The verified disclosures of an SD-JWT presentation; empty otherwise.
    disclosed: &'a [Disclosed<'a>],
}

impl<'a> PayloadReader<'a> {
    /// Reads `raw`, and `disclosed` for `disclosable` fields.
    pub(crate) fn new(
        pii: &'a PiiKeyRing,
        raw: &'a RawClaims<'a>,
        disclosed: &'a [Disclosed<'a>],
    ) -> Self {
        Self {
            pii,
            raw,
            disclosed,
        }
    }

    /// A `disclosable` field: its disclosed value, or absent when the
    /// presentation did not disclose it. The claim in the clear is refused:
    /// the struct says it travels only as a disclosure.
    pub fn disclosable<F: DisclosableField>(&self, claim: &'static str) -> Result<F, Error> {
        if self.raw.get(claim).is_some() {
            return Err(Error::InvalidClaim { claim });
        }
        let value = self
            .disclosed
            .iter()
            .find(|d| d.name == claim)
            .map(|d| d.value.get());
        F::__from_disclosed(value).map_err(|_| Error::InvalidClaim { claim })
    }

    /// A `public` field. An absent claim reads as JSON `null`, so `Option`
    /// fields come back `None` and other types report it missing.
    pub fn public<F: PublicField>(&self, claim: &'static str) -> Result<F, Error> {
        self.clear(claim, |json| serde_json::from_str(json))
    }

    /// A `sensitive` field: personal data in the clear, read into a `Pii<T>`
    /// (absent as for `public`).
    pub fn sensitive<F: SensitiveField>(&self, claim: &'static str) -> Result<F, Error> {
        self.clear(claim, F::__from_clear)
    }

    /// A claim in the clear, parsed by `parse`; an absent one as `null`.
    fn clear<F>(
        &self,
        claim: &'static str,
        parse: impl FnOnce(&str) -> Result<F, serde_json::Error>,
    ) -> Result<F, Error> {
        match self.raw.get(claim) {
            Some(value) => parse(value.get()).map_err(|_| Error::InvalidClaim { claim }),
            None => parse("null").map_err(|_| Error::MissingClaim { claim }),
        }
    }

    /// A `hashed` field: an `h1.` value whose kid is loaded. A `Keys` with no
    /// PII key at all (a verify-only service) accepts any well-formed kid, as it
    /// cannot check one.
    pub fn hashed<F: HashedField>(
        &self,
        claim: &'static str,
        domain: HashDomain<'static>,
    ) -> Result<F, Error> {
        let wire = self.wire_str(claim)?;
        self.pii.check_hashed(claim, wire)?;
        Ok(F::__from_pseudonym(Pseudonym::from_wire(wire), domain))
    }

    /// An `encrypted` field: an `e1.` value that decrypts under its kid's key,
    /// bound to this claim name.
    pub fn encrypted<F: EncryptedField>(&self, claim: &'static str) -> Result<F, Error> {
        let plaintext = self.pii.read_encrypted(claim, self.wire_str(claim)?)?;
        F::__from_plaintext(&plaintext).map_err(|_| Error::InvalidClaim { claim })
    }

    /// A protected value: a JSON string without escapes (wire values need none).
    fn wire_str(&self, claim: &'static str) -> Result<&'a str, Error> {
        let value: &RawValue = self.raw.get(claim).ok_or(Error::MissingClaim { claim })?;
        serde_json::from_str::<&str>(value.get()).map_err(|_| Error::InvalidClaim { claim })
    }
}

impl std::fmt::Debug for PayloadReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PayloadReader")
    }
}
