//! [`PiiKeyRing`]: the PII keys of one `Keys`, what they compute over values
//! outside a payload (pseudonyms, matches), and the rules for reading a
//! protected value under them (FORMAT.md §7, rows `h1.` and `e1.`).

use serde::Serialize;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::hashed::{Hashed, Pseudonym};
use super::normalize::normalize_plaintext;
use super::pii_key::PiiKey;
use crate::error::{Error, KeyKind};
use crate::placeholder::Placeholder;
use crate::policy::HashDomain;
use crate::wire::{self, Kind};

/// The first key added protects new values; every key reads the values that
/// name its kid (looked up, never tried in turn).
#[derive(Clone, Default)]
pub(crate) struct PiiKeyRing {
    keys: Vec<PiiKey>,
}

impl std::fmt::Debug for PiiKeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.keys).finish()
    }
}

impl PiiKeyRing {
    pub(crate) fn new(keys: Vec<PiiKey>) -> Self {
        Self { keys }
    }

    pub(crate) fn kids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(PiiKey::kid)
    }

    /// The key that protects new values.
    pub(crate) fn current(&self) -> Option<&PiiKey> {
        self.keys.first()
    }

    /// The key `kid` names.
    pub(crate) fn get(&self, kid: &str) -> Result<&PiiKey, Error> {
        self.keys
            .iter()
            .find(|key| key.kid() == kid)
            .ok_or(Error::UnknownKey(KeyKind::Pii))
    }

    /// Whether a value under `kid` may be carried: its key is loaded, or no
    /// PII key is (a verify-only service cannot check kids).
    pub(crate) fn admits(&self, kid: &str) -> bool {
        self.keys.is_empty() || self.get(kid).is_ok()
    }

    /// Checks claim `claim`'s `h1.` value: well-formed, its kid admitted.
    pub(crate) fn check_hashed(&self, claim: &'static str, value: &str) -> Result<(), Error> {
        let parsed = wire::parse(value, Kind::Hashed).ok_or(Error::InvalidClaim { claim })?;
        if self.admits(parsed.kid) {
            Ok(())
        } else {
            Err(Error::UnknownKey(KeyKind::Pii))
        }
    }

    /// Claim `claim`'s `e1.` value, decrypted under the key its kid names
    /// and bound to the claim name.
    pub(crate) fn read_encrypted(
        &self,
        claim: &'static str,
        value: &str,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let parsed = wire::parse(value, Kind::Encrypted).ok_or(Error::InvalidClaim { claim })?;
        if self.keys.is_empty() {
            return Err(Error::MissingPiiKey { claim });
        }
        let key = self.get(parsed.kid)?;
        parsed
            .into_sealed()
            .and_then(|sealed| key.open(claim, sealed))
            .ok_or(Error::Decrypt { claim })
    }

    /// The pseudonym of `value` in `domain` under the current key
    /// ([`Keys::pseudonym`](crate::Keys::pseudonym)).
    pub(crate) fn pseudonym<T: Serialize + ?Sized>(
        &self,
        domain: HashDomain<'_>,
        value: &T,
    ) -> Result<Pseudonym, Error> {
        let key = self
            .current()
            .ok_or(Error::Config("no PII key is loaded"))?;
        let plaintext = hash_plaintext(domain, value, Placeholder::Pseudonym)?;
        Ok(pseudonym(key, domain, &plaintext))
    }

    /// The pseudonyms of `value` in `domain` under every loaded key, the
    /// current one first: what tokens made under any of them carry.
    #[cfg(feature = "lifecycle")]
    pub(crate) fn pseudonyms<T: Serialize + ?Sized>(
        &self,
        domain: HashDomain<'_>,
        value: &T,
    ) -> Result<Vec<Pseudonym>, Error> {
        let plaintext = hash_plaintext(domain, value, Placeholder::Pseudonym)?;
        Ok(self
            .keys
            .iter()
            .map(|key| pseudonym(key, domain, &plaintext))
            .collect())
    }

    /// Whether `candidate` is the value behind `hashed`, compared in
    /// constant time ([`Hashed::matches`](crate::Hashed::matches)).
    pub(crate) fn matches<T: Serialize>(
        &self,
        hashed: &Hashed<T>,
        candidate: &T,
    ) -> Result<bool, Error> {
        match hashed.state() {
            Ok(value) => {
                let a = to_json(value, Placeholder::Hashed)?;
                let b = to_json(candidate, Placeholder::Hashed)?;
                Ok(a.len() == b.len() && bool::from(a.ct_eq(&b)))
            }
            Err((held, domain)) => {
                let key = self.get(held.kid())?;
                let plaintext = hash_plaintext(domain, candidate, Placeholder::Hashed)?;
                let computed = pseudonym(key, domain, &plaintext);
                Ok(bool::from(
                    computed.as_str().as_bytes().ct_eq(held.as_str().as_bytes()),
                ))
            }
        }
    }
}

/// `h1.` of `plaintext` in `domain` under `key`.
fn pseudonym(key: &PiiKey, domain: HashDomain<'_>, plaintext: &[u8]) -> Pseudonym {
    let mut wire = String::with_capacity(52 + key.kid().len());
    wire::write_hashed(key.kid(), &key.tag(domain, plaintext), &mut wire);
    Pseudonym::from_wire(&wire)
}

/// A value's JSON normalized as `domain` says, zeroized on drop; an error
/// about it (a value that is not text, for a normalization) names `what`.
fn hash_plaintext<T: Serialize + ?Sized>(
    domain: HashDomain<'_>,
    value: &T,
    what: Placeholder,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut plaintext = to_json(value, what)?;
    normalize_plaintext(domain.normalize(), &mut plaintext).map_err(|()| Error::Encode {
        claim: what.as_str(),
    })?;
    Ok(plaintext)
}

/// A value's JSON, zeroized on drop; an error about it names `what`.
fn to_json<T: Serialize + ?Sized>(
    value: &T,
    what: Placeholder,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    serde_json::to_vec(value)
        .map(Zeroizing::new)
        .map_err(|_| Error::Encode {
            claim: what.as_str(),
        })
}
