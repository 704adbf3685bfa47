//! The JWS compact serialization (RFC 7515 §7.1),
//! `b64u(header) "." b64u(payload) "." b64u(signature)`: writing a header and
//! signing, splitting, reading the header's `alg` and `crit`, verifying.
//! What a JWT's header must say beyond that (`typ`, `kid`) is the token
//! layer's.

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde::Deserialize;

use super::algorithm::Algorithm;
use super::material::{Signer, Verifier};
use crate::error::Error;

/// Default cap on a token's length, checked before any parsing: 8 KiB.
pub const DEFAULT_MAX_TOKEN_SIZE: usize = 8 * 1024;

/// base64url of the header `{"alg":…,"typ":…,"kid":…}`, in that order
/// (`kid` left out when `None`). `typ` and the kid (`[A-Za-z0-9_-]`) need
/// no JSON escaping.
pub(crate) fn header_b64(alg: Algorithm, typ: &str, kid: Option<&str>) -> String {
    let alg = alg.as_str();
    B64.encode(match kid {
        Some(kid) => format!(r#"{{"alg":"{alg}","typ":"{typ}","kid":"{kid}"}}"#),
        None => format!(r#"{{"alg":"{alg}","typ":"{typ}"}}"#),
    })
}

/// Appends `header_b64 "." b64u(payload) "." b64u(signature)` to `out`,
/// signed by `signer` under `alg`.
pub(crate) fn sign(
    signer: &Signer,
    alg: Algorithm,
    header_b64: &str,
    payload: &[u8],
    out: &mut String,
) {
    let start = out.len();
    out.reserve(header_b64.len() + payload.len() * 4 / 3 + 92);
    out.push_str(header_b64);
    out.push('.');
    B64.encode_string(payload, out);
    let signing_input_end = out.len();
    let mut signature = String::with_capacity(88);
    signer.sign_into(
        alg,
        &out.as_bytes()[start..signing_input_end],
        &mut signature,
    );
    out.push('.');
    out.push_str(&signature);
}

/// Verifies a bare compact JWS under one key: the size cap
/// ([`DEFAULT_MAX_TOKEN_SIZE`]), the shape, `alg` (`accept` says which
/// algorithm the key verifies a header's `alg` with, never `none`), `crit`
/// (refused) and the signature; its payload bytes.
pub(crate) fn verify(
    verifier: &Verifier,
    accept: impl FnOnce(&str) -> Result<Algorithm, Error>,
    jws: &str,
) -> Result<Vec<u8>, Error> {
    let max = DEFAULT_MAX_TOKEN_SIZE;
    if jws.len() > max {
        return Err(Error::TooLarge {
            len: jws.len(),
            max,
        });
    }
    let segments = Segments::split(jws)?;
    let alg = accept(Header::parse(&Header::decode(segments.header)?)?.alg())?;
    segments.verify(verifier, alg)
}

/// A compact JWS split at its dots, before any decoding.
pub(crate) struct Segments<'a> {
    pub(crate) header: &'a str,
    signing_input: &'a str,
    pub(crate) payload: &'a str,
    signature: &'a str,
}

impl<'a> Segments<'a> {
    pub(crate) fn split(jws: &'a str) -> Result<Self, Error> {
        let three = Error::Malformed("a token has three segments");
        let (signing_input, signature) = jws.rsplit_once('.').ok_or(three.clone())?;
        let (header, payload) = signing_input.split_once('.').ok_or(three.clone())?;
        if payload.contains('.') {
            return Err(three);
        }
        Ok(Self {
            header,
            signing_input,
            payload,
            signature,
        })
    }

    /// Checks the signature under `verifier` and `alg`; the decoded payload
    /// bytes if it holds.
    pub(crate) fn verify(&self, verifier: &Verifier, alg: Algorithm) -> Result<Vec<u8>, Error> {
        let signature = B64
            .decode(self.signature)
            .map_err(|_| Error::Malformed("the signature is not base64url"))?;
        if !verifier.verify(alg, self.signing_input.as_bytes(), &signature) {
            return Err(Error::Signature);
        }
        B64.decode(self.payload)
            .map_err(|_| Error::Malformed("the payload is not base64url"))
    }
}

/// The header fields read. Others (`jku`, `x5u`, `jwk`, `x5c`, ...) are
/// ignored: keys come only from the caller, never from the token.
#[derive(Deserialize)]
pub(crate) struct Header<'a> {
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

impl<'a> Header<'a> {
    /// A header segment's bytes.
    pub(crate) fn decode(segment: &str) -> Result<Vec<u8>, Error> {
        B64.decode(segment)
            .map_err(|_| Error::Malformed("the header is not base64url"))
    }

    /// Parses a header and refuses `alg: none` (any case) and any `crit`.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self, Error> {
        // serde_json fills a struct from a JSON array as well: the JOSE header
        // must be an object (RFC 7515 §4).
        if bytes.iter().find(|b| !b" \t\n\r".contains(b)) != Some(&b'{') {
            return Err(Error::Malformed("the header is not a JSON object"));
        }
        let header: Self = serde_json::from_slice(bytes).map_err(|_| {
            Error::Malformed("the header is not a JSON object of the expected shape")
        })?;
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

    /// The `alg` named (present: [`Header::parse`] refuses a header without).
    pub(crate) fn alg(&self) -> &str {
        self.alg.as_deref().unwrap_or_default()
    }

    pub(crate) fn typ(&self) -> Option<&str> {
        self.typ.as_deref()
    }

    pub(crate) fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }
}
