//! The JWS header: which loaded key a token claims, checked before the signature.

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde::Deserialize;

use crate::error::{Error, KeyKind};
use crate::jws::VerifyingKey;
use crate::keys::Keys;

/// The header fields we read. Others (`jku`, `x5u`, `jwk`, `x5c`, ...) are
/// ignored: keys come only from [`Keys`], never from the token.
#[derive(Deserialize)]
struct Header<'a> {
    #[serde(borrow)]
    alg: Option<Cow<'a, str>>,
    #[serde(borrow)]
    typ: Option<Cow<'a, str>>,
    #[serde(borrow)]
    kid: Option<Cow<'a, str>>,
    /// Whether `crit` is present, whatever its value (`null` included).
    #[serde(default, deserialize_with = "present")]
    crit: bool,
}

fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(deserializer).map(|_| true)
}

/// The loaded key the header names, after checking `alg`, `typ` and `crit`.
pub(super) fn key_for<'k>(
    keys: &'k Keys,
    header_b64: &str,
    typ: Typ,
) -> Result<&'k VerifyingKey, Error> {
    // Fast path: the exact header we issue for one of our keys.
    if typ == Typ::Jwt
        && let Some(key) = keys.verifiers.iter().find(|k| k.header_b64() == header_b64)
    {
        return Ok(key);
    }
    let bytes = decode(header_b64)?;
    let header = parse(&bytes)?;
    if !header.typ.as_deref().is_some_and(|t| typ.accepts(t)) {
        return Err(Error::TokenType);
    }
    let kid = header
        .kid
        .as_deref()
        .ok_or(Error::UnknownKey(KeyKind::Signing))?;
    let key = keys
        .verifiers
        .iter()
        .find(|k| k.kid() == kid)
        .ok_or(Error::UnknownKey(KeyKind::Signing))?;
    check_alg(key, &header)?;
    Ok(key)
}

/// The explicit type (RFC 8725 §3.11) a framing requires, so one kind of
/// token is never accepted as another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Typ {
    /// `JWT`: what [`Keys::encode`] issues and [`Keys::decode`] accepts.
    Jwt,
    /// `sd+jwt`: the issuer-signed JWT of an SD-JWT (RFC 9901 §9.11).
    SdJwt,
    /// `refresh+jwt`: a refresh token of [`Lifecycle`](crate::Lifecycle),
    /// never accepted as an access token nor the other way round.
    Refresh,
}

impl Typ {
    /// The `typ` value issued.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Jwt => "JWT",
            Self::SdJwt => "sd+jwt",
            Self::Refresh => "refresh+jwt",
        }
    }

    /// ASCII case-insensitive, with or without the `application/` prefix
    /// (RFC 7515 §4.1.9).
    fn accepts(self, typ: &str) -> bool {
        let bare = match typ.get(..12) {
            Some(prefix) if prefix.eq_ignore_ascii_case("application/") => &typ[12..],
            _ => typ,
        };
        match self {
            // Unchanged from before SD-JWT: only the bare `JWT`.
            Self::Jwt => typ.eq_ignore_ascii_case("JWT"),
            Self::SdJwt => bare.eq_ignore_ascii_case("sd+jwt"),
            Self::Refresh => bare.eq_ignore_ascii_case("refresh+jwt"),
        }
    }
}

/// For a bare JWS verified with one given key: only `alg` and `crit` matter.
pub(crate) fn check_for_key(key: &VerifyingKey, header_b64: &str) -> Result<(), Error> {
    check_alg(key, &parse(&decode(header_b64)?)?)
}

fn decode(header_b64: &str) -> Result<Vec<u8>, Error> {
    B64.decode(header_b64)
        .map_err(|_| Error::Malformed("the header is not base64url"))
}

/// Parses the header and refuses `alg: none` (any case) and any `crit`.
fn parse(bytes: &[u8]) -> Result<Header<'_>, Error> {
    // serde_json fills a struct from a JSON array as well: the JOSE header
    // must be an object (RFC 7515 §4).
    if bytes.iter().find(|b| !b" \t\n\r".contains(b)) != Some(&b'{') {
        return Err(Error::Malformed("the header is not a JSON object"));
    }
    let header: Header<'_> = serde_json::from_slice(bytes)
        .map_err(|_| Error::Malformed("the header is not a JSON object of the expected shape"))?;
    if header
        .alg
        .as_ref()
        .is_none_or(|alg| alg.eq_ignore_ascii_case("none"))
    {
        return Err(Error::Algorithm);
    }
    if header.crit {
        return Err(Error::CriticalHeader);
    }
    Ok(header)
}

/// The header never chooses the algorithm: it must name the key's own.
fn check_alg(key: &VerifyingKey, header: &Header<'_>) -> Result<(), Error> {
    if header.alg.as_deref() == Some(key.algorithm().as_str()) {
        Ok(())
    } else {
        Err(Error::Algorithm)
    }
}
