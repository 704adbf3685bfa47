//! The holder's side: an issued SD-JWT, and presentations made from it.

use std::fmt;
use std::ops::Range;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde::Serialize;

use super::disclosure::digest;
use crate::error::{DisclosureError, Error};
use crate::jws::{SigningKey, header_b64};

/// A KB-JWT's `typ` (RFC 9901 §4.3).
pub(super) const KB_TYP: &str = "kb+jwt";

/// An issued SD-JWT: the issuer JWT and every disclosure,
/// `<issuer-jwt>~<disclosure>~…~` (RFC 9901 §4).
///
/// The holder keeps it and makes presentations from it with
/// [`SdJwt::present`] or [`SdJwt::present_with_key_binding`]. Its disclosures
/// carry the values in base64url, so it has no `Display` and its `Debug`
/// lists claim names only; [`SdJwt::as_str`] is the serialization.
#[derive(Clone)]
pub struct SdJwt {
    serialized: String,
    /// `serialized[..jwt_end]` is the issuer JWT.
    jwt_end: usize,
    disclosures: Vec<Held>,
}

#[derive(Clone)]
struct Held {
    range: Range<usize>,
    name: String,
}

impl SdJwt {
    /// The issuer JWT and each disclosure with its claim name, as issued.
    pub(super) fn from_issued<'a>(
        jwt: String,
        issued: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let jwt_end = jwt.len();
        let mut serialized = jwt;
        serialized.push('~');
        let disclosures = issued
            .map(|(name, disclosure)| {
                let start = serialized.len();
                serialized.push_str(disclosure);
                let range = start..serialized.len();
                serialized.push('~');
                Held {
                    range,
                    name: name.to_owned(),
                }
            })
            .collect();
        Self {
            serialized,
            jwt_end,
            disclosures,
        }
    }

    /// Reads an SD-JWT as issued (`<issuer-jwt>~<disclosure>~…~`, no
    /// KB-JWT). The holder does not verify the issuer's signature here (it
    /// may not have the issuer's keys); verifiers do.
    pub fn parse(sd_jwt: &str) -> Result<Self, Error> {
        let malformed = Error::Disclosure(DisclosureError::Malformed);
        let body = sd_jwt.strip_suffix('~').ok_or(malformed.clone())?;
        let mut parts = body.split('~');
        let jwt = parts.next().unwrap_or_default();
        if jwt.split('.').count() != 3 {
            return Err(Error::Malformed("a token has three segments"));
        }
        let mut disclosures = Vec::new();
        let mut start = jwt.len() + 1;
        for part in parts {
            let name = disclosure_name(part).ok_or(malformed.clone())?;
            disclosures.push(Held {
                range: start..start + part.len(),
                name,
            });
            start += part.len() + 1;
        }
        Ok(Self {
            serialized: sd_jwt.to_owned(),
            jwt_end: jwt.len(),
            disclosures,
        })
    }

    /// The claim names that can be disclosed, in issuance order.
    pub fn disclosures(&self) -> Vec<&str> {
        self.disclosures.iter().map(|d| d.name.as_str()).collect()
    }

    /// The issuer-signed JWT alone.
    pub fn issuer_jwt(&self) -> &str {
        &self.serialized[..self.jwt_end]
    }

    /// The whole SD-JWT, every disclosure included: give it only to its holder.
    pub fn as_str(&self) -> &str {
        &self.serialized
    }

    /// [`SdJwt::as_str`], owned.
    pub fn into_string(self) -> String {
        self.serialized
    }

    /// A presentation without key binding: the issuer JWT and the
    /// disclosures of the named claims, `<issuer-jwt>~<d1>~…~`. A name
    /// without a disclosure is [`DisclosureError::Unknown`].
    pub fn present(&self, names: &[&str]) -> Result<String, Error> {
        if names
            .iter()
            .any(|n| !self.disclosures.iter().any(|d| d.name == *n))
        {
            return Err(Error::Disclosure(DisclosureError::Unknown));
        }
        let mut out = String::with_capacity(self.serialized.len());
        out.push_str(self.issuer_jwt());
        out.push('~');
        for held in self
            .disclosures
            .iter()
            .filter(|d| names.contains(&d.name.as_str()))
        {
            out.push_str(&self.serialized[held.range.clone()]);
            out.push('~');
        }
        Ok(out)
    }

    /// A presentation with a Key Binding JWT (RFC 9901 §4.3) signed by
    /// `holder`, the private half of the key the issuer put in `cnf`:
    /// header `{"alg", "typ":"kb+jwt"}`, payload `iat` (seconds since the
    /// Unix epoch), `aud`, `nonce` and `sd_hash`, the digest of the
    /// presentation up to and including its last `~`.
    pub fn present_with_key_binding(
        &self,
        names: &[&str],
        holder: &SigningKey,
        audience: &str,
        nonce: &str,
        iat: u64,
    ) -> Result<String, Error> {
        if holder.algorithm().is_symmetric() {
            return Err(Error::Config("key binding needs an asymmetric holder key"));
        }
        let mut presentation = self.present(names)?;
        let claims = KbClaims {
            iat,
            aud: audience,
            nonce,
            sd_hash: digest(&presentation),
        };
        let payload = serde_json::to_vec(&claims).map_err(|_| Error::Encode { claim: KB_TYP })?;
        let header = header_b64(holder.algorithm(), KB_TYP, None);
        holder.sign_compact(&header, &payload, &mut presentation);
        Ok(presentation)
    }
}

/// A KB-JWT's claims (RFC 9901 §4.3), in this order.
#[derive(Serialize)]
struct KbClaims<'a> {
    iat: u64,
    aud: &'a str,
    nonce: &'a str,
    sd_hash: String,
}
/// The claim name of a top-level disclosure `base64url([salt, name, value])`.
fn disclosure_name(disclosure: &str) -> Option<String> {
    let json = zeroize::Zeroizing::new(B64.decode(disclosure).ok()?);
    let (_salt, name, _value): (String, String, &serde_json::value::RawValue) =
        serde_json::from_slice(&json).ok()?;
    Some(name)
}

impl fmt::Debug for SdJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SdJwt")
            .field("disclosures", &self.disclosures())
            .finish_non_exhaustive()
    }
}
