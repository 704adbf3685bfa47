//! The JWS header of a token: written once per key and token type, read and
//! checked before the signature.

use super::profile::Profile;
use super::typ::Typ;
use crate::error::{Error, KeyKind};
use crate::jws::{Algorithm, Header, SigningKey, VerifyingKey, header_b64};

/// The headers issued under one key, `{"alg":…,"typ":…,"kid":…}` base64url'd
/// for each token type (FORMAT.md §6).
#[derive(Clone)]
struct Headers([Box<str>; Typ::ALL.len()]);

impl Headers {
    fn new(alg: Algorithm, kid: &str) -> Self {
        Self(Typ::ALL.map(|typ| header_b64(alg, typ.as_str(), Some(kid)).into()))
    }

    fn get(&self, typ: Typ) -> &str {
        &self.0[typ as usize]
    }
}

/// The key that signs, with its headers.
#[derive(Clone)]
pub(crate) struct TokenSigner {
    key: SigningKey,
    headers: Headers,
}

impl TokenSigner {
    pub(crate) fn new(key: SigningKey) -> Self {
        let headers = Headers::new(key.algorithm(), key.kid());
        Self { key, headers }
    }

    pub(crate) fn key(&self) -> &SigningKey {
        &self.key
    }

    /// The header segment a token of type `typ` is signed under.
    pub(crate) fn header(&self, typ: Typ) -> &str {
        self.headers.get(typ)
    }
}

/// A key tokens may be signed with, with the headers we issue under it: a
/// token whose header is one of them skips parsing it.
#[derive(Clone)]
pub(crate) struct TokenVerifier {
    key: VerifyingKey,
    headers: Headers,
}

impl TokenVerifier {
    pub(crate) fn new(key: VerifyingKey) -> Self {
        let headers = Headers::new(key.algorithm(), key.kid());
        Self { key, headers }
    }

    pub(crate) fn key(&self) -> &VerifyingKey {
        &self.key
    }
}

/// The key a token verifies under and the algorithm it verifies with, after
/// checking `alg`, `crit`, `typ` and `kid` as `profile` says. `loaded` are
/// a `Keys`' own keys, `fetched` those a JWKS client supplied.
///
/// The key is the one the header's `kid` names; a token without a kid gets
/// the only key there is, when the rules do not require a kid and exactly
/// one key is held. The algorithm is the key's (or, for a key whose JWK
/// named none, one the rules allow for its type): the header never chooses.
pub(crate) fn key_for<'k>(
    loaded: &'k [TokenVerifier],
    fetched: &'k [VerifyingKey],
    header_b64: &str,
    profile: &Profile<'_>,
) -> Result<(&'k VerifyingKey, Algorithm), Error> {
    // Fast path: the exact header we issue for one of our keys.
    if let Some(typ) = profile.issued
        && let Some(known) = loaded.iter().find(|v| v.headers.get(typ) == header_b64)
    {
        return Ok((&known.key, known.key.algorithm()));
    }
    let bytes = Header::decode(header_b64)?;
    let header = Header::parse(&bytes)?;
    if !profile.typ.accepts(header.typ()) {
        return Err(Error::TokenType);
    }
    let mut keys = loaded.iter().map(TokenVerifier::key).chain(fetched);
    // A token without a kid verifies only where the profile allows it and
    // exactly one key could have signed it.
    let key = match header.kid() {
        Some(kid) => keys
            .find(|k| k.kid() == kid)
            .ok_or(Error::UnknownKey(KeyKind::Signing))?,
        None if !profile.rules.required.kid => match (keys.next(), keys.next()) {
            (Some(only), None) => only,
            _ => return Err(Error::MissingKeyId),
        },
        None => return Err(Error::MissingKeyId),
    };
    let alg = key.accepted_algorithm(header.alg(), &profile.rules.unnamed_key_algorithms)?;
    Ok((key, alg))
}

/// Whether `token`'s header names a kid that a JWK Set could hold (so
/// that fetching the set again could find it).
#[cfg(feature = "jwks-client")]
pub(crate) fn names_fetchable_kid(token: &str) -> bool {
    let named = || {
        let segment = token.split('.').next()?;
        let bytes = Header::decode(segment).ok()?;
        Header::parse(&bytes).ok()?.kid().map(str::to_owned)
    };
    named().is_some_and(|kid| crate::jws::validate_verifying_kid(&kid).is_ok())
}
