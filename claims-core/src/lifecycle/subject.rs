//! The stable handle of the person a token family belongs to, whatever the
//! protection of its `sub`: what subject revocation keys on.
//!
//! The handle is the keyed pseudonym (`h1.`, FORMAT.md §4) of the clear
//! `sub` value in the lifecycle's subject domain (`sub` unless configured):
//! exactly the wire value of a `hashed` `sub`, and for an `encrypted` or a
//! `public` one (string or number) the pseudonym that a hashed `sub` would
//! carry. Every token encrypts `sub` under a fresh nonce and a public `sub`
//! may be a number, so neither can key revocation itself.
//!
//! Login computes it from the payload it has just written, where the clear
//! value is in hand (an encrypted `sub` is opened again under the current PII
//! key), and the store records it with the family. Revocation computes it
//! from the clear value under every loaded PII key, so families started
//! before a PII key rotation are found too.

use serde_json::value::RawValue;

use crate::contract::{Claims, RawClaims};
use crate::error::Error;
use crate::policy::{HashDomain, Protection};
use crate::protect::PiiKeyRing;

/// The claim subject revocation reads.
const SUB: &str = "sub";

/// The handle of the `sub` in `payload` (a complete JSON object written for
/// `T`), in `domain`; `None` when `T` has no `sub` or this token carries none.
pub(super) fn of_payload<T: Claims>(
    ring: &PiiKeyRing,
    domain: HashDomain<'_>,
    payload: &[u8],
) -> Result<Option<String>, Error> {
    let Some(field) = T::POLICY.iter().find(|f| f.wire_name == SUB) else {
        return Ok(None);
    };
    let raw = RawClaims::parse(payload)?;
    let Some(value) = raw.get(SUB) else {
        return Ok(None);
    };
    let handle = match field.protection {
        Protection::Hashed { .. } => {
            if field.hash_domain() != Some(domain) {
                return Err(Error::Config(
                    "the claims struct hashes `sub` in another domain (or normalization) than \
                     the lifecycle's subject domain: set `LifecycleBuilder::subject_domain` to it",
                ));
            }
            wire_string(value)?
        }
        Protection::Encrypted => {
            let plaintext = ring.read_encrypted(SUB, &wire_string(value)?)?;
            // Padding, if any, is JSON whitespace around the value.
            let clear: &RawValue = serde_json::from_slice(&plaintext)
                .map_err(|_| Error::InvalidClaim { claim: SUB })?;
            pseudonym(ring, domain, clear)?
        }
        Protection::Public => pseudonym(ring, domain, value)?,
        // Never in a token's payload as itself.
        _ => return Ok(None),
    };
    Ok(Some(handle))
}

/// The handles of the clear `sub` value `sub` in `domain`, one per loaded
/// PII key.
pub(super) fn of_value<S: serde::Serialize + ?Sized>(
    ring: &PiiKeyRing,
    domain: HashDomain<'_>,
    sub: &S,
) -> Result<Vec<String>, Error> {
    if ring.current().is_none() {
        return Err(no_pii_key());
    }
    Ok(ring
        .pseudonyms(domain, sub)?
        .into_iter()
        .map(|p| p.as_str().to_owned())
        .collect())
}

/// Why a lifecycle that issues tokens needs a PII key.
pub(super) fn no_pii_key() -> Error {
    Error::Config(
        "a Lifecycle needs a PII key: subject revocation keys on a keyed pseudonym of `sub`",
    )
}

fn pseudonym(ring: &PiiKeyRing, domain: HashDomain<'_>, clear: &RawValue) -> Result<String, Error> {
    ring.pseudonym(domain, clear).map(|p| p.as_str().to_owned())
}

fn wire_string(value: &RawValue) -> Result<String, Error> {
    serde_json::from_str(value.get()).map_err(|_| Error::InvalidClaim { claim: SUB })
}
