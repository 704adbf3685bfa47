//! [`KeySet`]: the verifying keys of one fetched JWK Set.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{Error, JwksError, KeyKind};
use crate::jws::{Algorithm, DEFAULT_UNNAMED_KEY_ALGORITHMS, JwkSet, SkippedKey, VerifyingKey};

/// The keys of one fetched JWK Set: cheap to clone, never changes.
///
/// Each fetch makes a new set with a higher [`generation`](Self::generation),
/// so a service that builds something from a set (a [`Keys`](crate::Keys))
/// can tell when to rebuild. `Debug` shows kids and algorithms only.
#[derive(Clone)]
pub struct KeySet {
    inner: Arc<Inner>,
}

struct Inner {
    set: JwkSet,
    generation: u64,
}

impl KeySet {
    /// Reads a JWK Set leniently ([`VerifyingKey::from_jwks`]): a key that
    /// cannot be used here is skipped, never fatal to the others. A set with
    /// no usable key at all is an error, so a broken endpoint cannot replace
    /// good keys with none.
    pub(super) fn parse(json: &[u8], max_keys: usize, generation: u64) -> Result<Self, JwksError> {
        #[derive(Deserialize)]
        struct Entries<'a> {
            #[serde(borrow)]
            keys: Vec<&'a RawValue>,
        }
        // Counted before any key is parsed.
        let entries: Entries<'_> =
            serde_json::from_slice(json).map_err(|_| JwksError::Malformed)?;
        if entries.keys.len() > max_keys {
            return Err(JwksError::TooManyKeys);
        }
        let set = VerifyingKey::from_jwks(json).map_err(|_| JwksError::Malformed)?;
        if set.keys().is_empty() {
            return Err(JwksError::NoUsableKey);
        }
        Ok(Self {
            inner: Arc::new(Inner { set, generation }),
        })
    }

    /// The usable keys, in the set's order.
    pub fn keys(&self) -> &[VerifyingKey] {
        self.inner.set.keys()
    }

    /// The key with this kid, if the set has one.
    pub fn get(&self, kid: &str) -> Option<&VerifyingKey> {
        self.keys().iter().find(|key| key.kid() == kid)
    }

    /// The entries of the fetched set that were skipped as unusable, and
    /// why (no key material: safe to log).
    pub fn skipped(&self) -> &[SkippedKey] {
        self.inner.set.skipped()
    }

    /// Which fetch made this set: higher is newer.
    pub fn generation(&self) -> u64 {
        self.inner.generation
    }

    /// The key a token with this `kid` and `alg` verifies under: the kid's
    /// key, or without a kid the set's only key ([`Error::MissingKeyId`]
    /// when it has several). The algorithm is the key's, never the token's
    /// choice: a mismatch is [`Error::Algorithm`].
    pub(super) fn find(&self, kid: Option<&str>, alg: Algorithm) -> Result<&VerifyingKey, Error> {
        let key = match (kid, self.keys()) {
            (Some(kid), _) => self.get(kid).ok_or(Error::UnknownKey(KeyKind::Signing))?,
            (None, [only]) => only,
            (None, _) => return Err(Error::MissingKeyId),
        };
        key.accepted_algorithm(alg.as_str(), &DEFAULT_UNNAMED_KEY_ALGORITHMS)?;
        Ok(key)
    }
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field("generation", &self.inner.generation)
            .field("keys", &self.keys())
            .field("skipped", &self.skipped())
            .finish()
    }
}
