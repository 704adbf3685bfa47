//! The holder's side: an issued SD-JWT, and presentations made from it.

use std::fmt;
use std::ops::Range;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde::Serialize;

use super::disclosure::{Issued, digest};
use super::path::SdPath;
use super::resolve::{Rules, resolve};
use crate::contract::RawClaims;
use crate::error::{DisclosureError, Error};
use crate::jws::{Header, Segments, SigningKey, header_b64};
use crate::token::Typ;

/// A KB-JWT's `typ` (RFC 9901 §4.3).
pub(super) const KB_TYP: &str = "kb+jwt";

/// An issued SD-JWT: the issuer JWT and every disclosure,
/// `<issuer-jwt>~<disclosure>~…~` (RFC 9901 §4).
///
/// The holder keeps it and makes presentations from it with
/// [`SdJwt::present`] or [`SdJwt::present_with_key_binding`], choosing
/// disclosures by path: `email`, `address.street`, `nationalities[1]` (see
/// [`SdJwt::disclosures`]). Its disclosures carry the values in base64url,
/// so it has no `Display` and its `Debug` lists paths only;
/// [`SdJwt::as_str`] is the serialization.
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
    path: SdPath,
    /// `path` as text, as [`SdJwt::disclosures`] lists it.
    label: String,
    /// The disclosure whose value holds this one's digest.
    parent: Option<usize>,
}

impl SdJwt {
    /// The issuer JWT and each disclosure with its path, as issued.
    pub(super) fn from_issued(jwt: String, issued: Vec<Issued>) -> Self {
        let jwt_end = jwt.len();
        let mut serialized = jwt;
        serialized.push('~');
        let mut held = Vec::with_capacity(issued.len());
        for Issued {
            disclosure, path, ..
        } in issued
        {
            let start = serialized.len();
            serialized.push_str(&disclosure);
            held.push((start..serialized.len(), path));
            serialized.push('~');
        }
        Self {
            serialized,
            jwt_end,
            disclosures: link(held),
        }
    }

    /// Reads an SD-JWT as issued (`<issuer-jwt>~<disclosure>~…~`, no
    /// KB-JWT) and processes its disclosures as a verifier would (RFC 9901
    /// §7.2), at any depth, to learn each one's path. The holder does not
    /// verify the issuer's signature here (it may not have the issuer's
    /// keys); verifiers do.
    pub fn parse(sd_jwt: &str) -> Result<Self, Error> {
        let malformed = Error::Disclosure(DisclosureError::Malformed);
        let body = sd_jwt.strip_suffix('~').ok_or(malformed.clone())?;
        let mut parts = body.split('~');
        let jwt = parts.next().unwrap_or_default();
        let disclosures: Vec<&str> = parts.collect();
        if disclosures.iter().any(|d| d.is_empty()) {
            return Err(malformed);
        }
        let segments = Segments::split(jwt)?;
        let header = Header::decode(segments.header)?;
        let vc = Header::parse(&header)?
            .typ()
            .is_some_and(|typ| [Typ::DcSdJwt, Typ::VcSdJwt].iter().any(|t| t.accepts(typ)));
        let payload = B64
            .decode(segments.payload)
            .map_err(|_| Error::Malformed("the payload is not base64url"))?;
        let raw = RawClaims::parse(&payload)?;
        let paths = resolve(&raw, &disclosures, Rules { vc }, true)?.paths;
        let mut start = jwt.len() + 1;
        let mut held = Vec::with_capacity(disclosures.len());
        for (part, path) in disclosures.iter().zip(paths) {
            held.push((start..start + part.len(), path));
            start += part.len() + 1;
        }
        Ok(Self {
            serialized: sd_jwt.to_owned(),
            jwt_end: jwt.len(),
            disclosures: link(held),
        })
    }

    /// The path of every disclosure, in issuance order: `email`,
    /// `address`, `address.street`, `nationalities[0]`, ... (the syntax is
    /// [`SdOptions::disclosable`](super::SdOptions::disclosable)'s; indices
    /// count the elements as issued).
    pub fn disclosures(&self) -> Vec<&str> {
        self.disclosures.iter().map(|d| d.label.as_str()).collect()
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
    /// disclosures the paths select, `<issuer-jwt>~<d1>~…~`.
    ///
    /// A path selects the disclosure at that path and every disclosure
    /// inside it (`address` discloses the whole address as issued;
    /// `nationalities[]` every element), plus the disclosures that contain
    /// them, which the verifier needs to place them (`address.street` also
    /// discloses `address`, showing its other members only as digests). A
    /// path that selects nothing, or does not parse, is
    /// [`DisclosureError::Unknown`].
    pub fn present(&self, paths: &[&str]) -> Result<String, Error> {
        let mut chosen = vec![false; self.disclosures.len()];
        for text in paths {
            let path = SdPath::parse(text).ok_or(Error::Disclosure(DisclosureError::Unknown))?;
            let mut found = false;
            for (i, held) in self.disclosures.iter().enumerate() {
                if held.path.is_within(&path) {
                    found = true;
                    let mut at = Some(i);
                    while let Some(j) = at.filter(|&j| !chosen[j]) {
                        chosen[j] = true;
                        at = self.disclosures[j].parent;
                    }
                }
            }
            if !found {
                return Err(Error::Disclosure(DisclosureError::Unknown));
            }
        }
        let mut out = String::with_capacity(self.serialized.len());
        out.push_str(self.issuer_jwt());
        out.push('~');
        for (held, _) in self.disclosures.iter().zip(&chosen).filter(|(_, c)| **c) {
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
/// Each disclosure's parent: the one with the longest path that holds its
/// path (the innermost disclosure around it).
fn link(held: Vec<(Range<usize>, SdPath)>) -> Vec<Held> {
    let flat = held.iter().all(|(_, path)| path.steps().len() == 1);
    let parents: Vec<Option<usize>> = held
        .iter()
        .map(|(_, path)| {
            if flat {
                return None;
            }
            held.iter()
                .enumerate()
                .filter(|(_, (_, other))| other != path && path.is_within(other))
                .max_by_key(|(_, (_, other))| other.steps().len())
                .map(|(j, _)| j)
        })
        .collect();
    held.into_iter()
        .zip(parents)
        .map(|((range, path), parent)| Held {
            range,
            label: path.to_string(),
            path,
            parent,
        })
        .collect()
}

impl fmt::Debug for SdJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SdJwt")
            .field("disclosures", &self.disclosures())
            .finish_non_exhaustive()
    }
}
