//! [`JwkSet`]: the signing keys of a JWK Set (RFC 7517 §5), read leniently:
//! a key that cannot be used is skipped and reported, never fatal to the
//! others.

use std::fmt;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::jwk::Jwk;
use super::verifying::{VerifyingKey, validate_verifying_kid};
use crate::error::Error;

/// Longest JWK Set accepted, in bytes: no allocation grows with hostile input.
const MAX_JWKS_LEN: usize = 1 << 20;

/// The usable signing keys of a JWK Set and the entries skipped; see
/// [`VerifyingKey::from_jwks`]. Iterates over (and derefs to) the keys, so
/// it goes straight into
/// [`KeysBuilder::verifying_keys`](crate::KeysBuilder::verifying_keys).
#[derive(Debug, Clone, Default)]
pub struct JwkSet {
    keys: Vec<VerifyingKey>,
    skipped: Vec<SkippedKey>,
}

/// An entry of a JWK Set that was not loaded, and why: what a service logs.
/// It holds no key material, and the kid only when it is one `claims` could
/// load (visible ASCII, no quote or backslash), so it is safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedKey {
    /// The entry's position in the set's `keys` array, from 0.
    pub index: usize,
    /// The entry's kid, when it has one `claims` could load.
    pub kid: Option<String>,
    /// Why it was skipped: an [`Error::Key`] message, such as "unsupported
    /// JWK key type".
    pub reason: &'static str,
}

impl fmt::Display for SkippedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JWK #{}", self.index)?;
        if let Some(kid) = &self.kid {
            write!(f, " (kid {kid})")?;
        }
        write!(f, " skipped: {}", self.reason)
    }
}

/// An entry's kid, if it has one `claims` could load (so safe to log).
fn loadable_kid(entry: &RawValue) -> Option<String> {
    #[derive(Deserialize)]
    struct Named {
        kid: Option<String>,
    }
    serde_json::from_str::<Named>(entry.get())
        .ok()?
        .kid
        .filter(|kid| validate_verifying_kid(kid).is_ok())
}

// Here rather than with `VerifyingKey`: it builds a `JwkSet`, which sits above it.
impl VerifyingKey {
    /// The signing keys of a JWK Set (`{"keys":[...]}`), leniently: a key
    /// that cannot be used here (marked for another `use`, of an unsupported
    /// type or algorithm, malformed, without a kid, or under a kid an
    /// earlier key took) is skipped and reported in [`JwkSet::skipped`],
    /// never fatal to the others. Only a document that is not a JWK Set
    /// (or is over 1 MiB) is an error.
    pub fn from_jwks(jwks: &[u8]) -> Result<JwkSet, Error> {
        JwkSet::parse(jwks)
    }
}

impl JwkSet {
    /// Reads `{"keys":[...]}`: each entry a key, or a [`SkippedKey`]. A
    /// later key under a kid an earlier one took is skipped, so a kid names
    /// one key.
    fn parse(json: &[u8]) -> Result<Self, Error> {
        #[derive(Deserialize)]
        struct Set<'a> {
            #[serde(borrow)]
            keys: Vec<&'a RawValue>,
        }
        if json.len() > MAX_JWKS_LEN {
            return Err(Error::Key("a JWK Set over 1 MiB"));
        }
        let set: Set<'_> = serde_json::from_slice(json).map_err(|_| Error::Key("not a JWK Set"))?;
        let mut parsed = Self::default();
        for (index, entry) in set.keys.iter().enumerate() {
            let key = Jwk::parse(entry.get())
                .and_then(|jwk| {
                    let (kid, verifier, alg) = jwk.into_verifier()?;
                    VerifyingKey::new(&kid, verifier, alg)
                })
                .and_then(|key| {
                    if parsed.keys.iter().any(|k| k.kid() == key.kid()) {
                        Err(Error::Key("a kid an earlier key of the set took"))
                    } else {
                        Ok(key)
                    }
                });
            match key {
                Ok(key) => parsed.keys.push(key),
                Err(error) => parsed.skipped.push(SkippedKey {
                    index,
                    kid: loadable_kid(entry),
                    reason: match error {
                        Error::Key(reason) => reason,
                        _ => "not a usable signing key",
                    },
                }),
            }
        }
        Ok(parsed)
    }

    /// The usable keys, in the set's order.
    pub fn keys(&self) -> &[VerifyingKey] {
        &self.keys
    }

    /// The entries that were not loaded, in the set's order.
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }

    /// The usable keys.
    pub fn into_keys(self) -> Vec<VerifyingKey> {
        self.keys
    }
}

impl std::ops::Deref for JwkSet {
    type Target = [VerifyingKey];

    fn deref(&self) -> &[VerifyingKey] {
        &self.keys
    }
}

impl IntoIterator for JwkSet {
    type Item = VerifyingKey;
    type IntoIter = std::vec::IntoIter<VerifyingKey>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter()
    }
}
