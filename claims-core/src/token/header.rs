//! The JWS header of a token: written once per key and token type, read and
//! checked before the signature.

use crate::error::{Error, KeyKind};
use crate::jws::{Algorithm, Header, SigningKey, VerifyingKey, header_b64};

/// The explicit type (RFC 8725 §3.11) a token kind carries and requires, so
/// one kind of token is never accepted as another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Typ {
    /// `JWT`: what [`Keys::encode`](crate::Keys::encode) issues and
    /// [`Keys::decode`](crate::Keys::decode) accepts.
    Jwt,
    /// `sd+jwt`: the issuer-signed JWT of an SD-JWT (RFC 9901 §9.11).
    SdJwt,
    /// `dc+sd-jwt`: the issuer-signed JWT of an SD-JWT VC
    /// (draft-ietf-oauth-sd-jwt-vc §3.2.1).
    DcSdJwt,
    /// `vc+sd-jwt`: the drafts' earlier name for `dc+sd-jwt`, accepted only
    /// where a verifier asks for it, never issued.
    VcSdJwt,
    /// `refresh+jwt`: a lifecycle refresh token, never accepted as an access
    /// token nor the other way round.
    Refresh,
}

impl Typ {
    const ALL: [Self; 5] = [
        Self::Jwt,
        Self::SdJwt,
        Self::DcSdJwt,
        Self::VcSdJwt,
        Self::Refresh,
    ];

    /// The `typ` value issued.
    fn as_str(self) -> &'static str {
        match self {
            Self::Jwt => "JWT",
            Self::SdJwt => "sd+jwt",
            Self::DcSdJwt => "dc+sd-jwt",
            Self::VcSdJwt => "vc+sd-jwt",
            Self::Refresh => "refresh+jwt",
        }
    }

    /// ASCII case-insensitive, with or without the `application/` prefix
    /// (RFC 7515 §4.1.9).
    pub(crate) fn accepts(self, typ: &str) -> bool {
        let bare = match typ.get(..12) {
            Some(prefix) if prefix.eq_ignore_ascii_case("application/") => &typ[12..],
            _ => typ,
        };
        match self {
            // Unchanged from before SD-JWT: only the bare `JWT`.
            Self::Jwt => typ.eq_ignore_ascii_case("JWT"),
            Self::SdJwt | Self::DcSdJwt | Self::VcSdJwt | Self::Refresh => {
                bare.eq_ignore_ascii_case(self.as_str())
            }
        }
    }
}

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

/// The loaded key the header names, after checking `alg`, `typ` and `crit`.
pub(crate) fn key_for<'k>(
    verifiers: &'k [TokenVerifier],
    header_b64: &str,
    typ: Typ,
) -> Result<&'k VerifyingKey, Error> {
    // Fast path: the exact header we issue for one of our keys.
    if let Some(known) = verifiers.iter().find(|v| v.headers.get(typ) == header_b64) {
        return Ok(&known.key);
    }
    let bytes = Header::decode(header_b64)?;
    let header = Header::parse(&bytes)?;
    if !header.typ().is_some_and(|t| typ.accepts(t)) {
        return Err(Error::TokenType);
    }
    let kid = header.kid().ok_or(Error::UnknownKey(KeyKind::Signing))?;
    let key = verifiers
        .iter()
        .map(TokenVerifier::key)
        .find(|k| k.kid() == kid)
        .ok_or(Error::UnknownKey(KeyKind::Signing))?;
    header.check_alg(key.algorithm())?;
    Ok(key)
}
