//! The verifier's side: [`verify`].

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_lexicon::reserved;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::disclosure::{SD_ALG, digest};
use super::holder::KB_TYP;
use crate::contract::{Claims, Disclosed, RawClaims};
use crate::error::{DisclosureError, Error, KeyBindingError};
use crate::jws::{Header, VerifyingKey};
use crate::token::{Codec, Typ, Verified};

/// What [`Keys::verify_sd`](crate::Keys::verify_sd) requires of a
/// presentation's Key Binding JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyBinding<'a> {
    /// A KB-JWT is required, signed by the key in the issuer JWT's
    /// `cnf.jwk`, for exactly this audience and nonce, with `iat` within
    /// the leeway of now.
    Required {
        /// The verifier's own identifier, which `aud` must equal.
        audience: &'a str,
        /// The nonce the verifier gave the holder for this presentation.
        nonce: &'a str,
    },
    /// A KB-JWT is checked as [`KeyBinding::Required`] checks it when present;
    /// a presentation without one is accepted.
    Optional {
        /// As for `Required`.
        audience: &'a str,
        /// As for `Required`.
        nonce: &'a str,
    },
    /// No key binding: a presentation that carries a KB-JWT is refused
    /// ([`KeyBindingError::Unexpected`]), since it cannot be checked.
    None,
}

/// A presentation split at its `~`s.
struct Parts<'a> {
    jwt: &'a str,
    disclosures: Vec<&'a str>,
    kb: Option<&'a str>,
    /// Everything up to and including the last `~`: what `sd_hash` covers.
    prefix: &'a str,
}

impl<'a> Parts<'a> {
    fn split(presentation: &'a str) -> Result<Self, Error> {
        let malformed = Error::Disclosure(DisclosureError::Malformed);
        let (body, last) = presentation.rsplit_once('~').ok_or(malformed.clone())?;
        let mut parts = body.split('~');
        let jwt = parts.next().unwrap_or_default();
        let disclosures: Vec<&str> = parts.collect();
        if disclosures.iter().any(|d| d.is_empty()) {
            return Err(malformed);
        }
        Ok(Self {
            jwt,
            disclosures,
            kb: (!last.is_empty()).then_some(last),
            prefix: &presentation[..=body.len()],
        })
    }
}

/// Verifies an SD-JWT presentation and decodes its claims: see
/// [`Keys::verify_sd`](crate::Keys::verify_sd). The issuer JWT goes through
/// the decode pipeline with `typ: sd+jwt`, its nested digests removed before
/// its claims are read (RFC 9901 §7.1); the disclosures and the key binding
/// are checked before the fields are read.
pub(crate) fn verify<T: Claims>(
    codec: &Codec,
    presentation: &str,
    binding: &KeyBinding<'_>,
    now: u64,
) -> Result<Verified<T>, Error> {
    codec.check_size(presentation.len())?;
    let parts = Parts::split(presentation)?;
    codec.decode(
        parts.jwt,
        &codec.profile(Typ::SdJwt),
        now,
        strip_nested_payload,
        |raw, registered| {
            let disclosed = Disclosures::check(raw, &parts)?;
            check_key_binding(codec.leeway(), raw, &parts, binding, now)?;
            codec.read_claims(raw, &disclosed.claims(), registered)
        },
    )
}

/// The presented disclosures, decoded and checked against the issuer JWT's
/// `_sd`.
struct Disclosures {
    /// Each disclosure's claim name and value, nested digests removed.
    parsed: Vec<(String, Box<RawValue>)>,
}

impl Disclosures {
    /// `_sd_alg` (`sha-256`, or absent); `_sd` (an array of distinct
    /// strings); every disclosure (a JSON array `[salt, name, value]`, its
    /// digest in `_sd` and presented once, its name unique, not reserved and
    /// not also in the clear).
    fn check(raw: &RawClaims<'_>, parts: &Parts<'_>) -> Result<Self, Error> {
        if let Some(alg) = raw.get(reserved::SD_ALG)
            && serde_json::from_str::<&str>(alg.get()).ok() != Some(SD_ALG)
        {
            return Err(Error::Disclosure(DisclosureError::Algorithm));
        }
        let sd: Vec<Cow<'_, str>> = match raw.get(reserved::SD) {
            Some(sd) => serde_json::from_str::<Vec<Cow<'_, str>>>(sd.get())
                .map_err(|_| Error::Disclosure(DisclosureError::Malformed))?,
            None => Vec::new(),
        };
        let mut sorted: Vec<&str> = sd.iter().map(AsRef::as_ref).collect();
        sorted.sort_unstable();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::Disclosure(DisclosureError::RepeatedDigest));
        }

        let mut seen: Vec<String> = Vec::with_capacity(parts.disclosures.len());
        for disclosure in &parts.disclosures {
            let d = digest(disclosure);
            if seen.contains(&d) {
                return Err(Error::Disclosure(DisclosureError::Repeated));
            }
            if sorted.binary_search(&d.as_str()).is_err() {
                return Err(Error::Disclosure(DisclosureError::Unreferenced));
            }
            seen.push(d);
        }
        let decoded: Vec<zeroize::Zeroizing<Vec<u8>>> = parts
            .disclosures
            .iter()
            .map(|d| B64.decode(d).map(zeroize::Zeroizing::new))
            .collect::<Result<_, _>>()
            .map_err(|_| Error::Disclosure(DisclosureError::Malformed))?;
        let parsed: Vec<(String, Box<RawValue>)> = decoded
            .iter()
            .map(|json| {
                let (_salt, name, value): (String, String, &RawValue) =
                    serde_json::from_slice(json)
                        .map_err(|_| Error::Disclosure(DisclosureError::Malformed))?;
                Ok((name, strip_nested_value(value)?))
            })
            .collect::<Result<_, Error>>()?;
        for (i, (name, _)) in parsed.iter().enumerate() {
            if reserved::SD_JWT.contains(&name.as_str())
                || reserved::REGISTERED.contains(&name.as_str())
            {
                return Err(Error::Disclosure(DisclosureError::ReservedName));
            }
            if raw.get(name).is_some() {
                return Err(Error::Disclosure(DisclosureError::InClear));
            }
            if parsed[..i].iter().any(|(earlier, _)| earlier == name) {
                return Err(Error::Disclosure(DisclosureError::RepeatedName));
            }
        }
        Ok(Self { parsed })
    }

    fn claims(&self) -> Vec<Disclosed<'_>> {
        self.parsed
            .iter()
            .map(|(name, value)| Disclosed {
                name: Cow::Borrowed(name.as_str()),
                value,
            })
            .collect()
    }
}

/// Nested selective disclosure (RFC 9901 §4.2.4) is not supported: digests
/// below the top level are never matched (a disclosure only they reference
/// is `Unreferenced`), and, as §7.1 step 3 requires once no disclosure
/// matches them, their `_sd` members and `{"...": digest}` array elements are
/// removed before values reach the fields (the reference issuer, for one,
/// puts decoy digests in nested objects).
fn strip_nested_payload(payload: Vec<u8>) -> Result<Vec<u8>, Error> {
    // Most claims hold no nested `_sd` or `...`: then the payload stays as is.
    let nested = RawClaims::parse(&payload)?
        .iter()
        .any(|(name, value)| !reserved::SD_JWT.contains(&name) && has_sd_marker(value.get()));
    if !nested {
        return Ok(payload);
    }
    let mut value: serde_json::Value = serde_json::from_slice(&payload)
        .map_err(|_| Error::Malformed("the payload is not a JSON object"))?;
    let serde_json::Value::Object(claims) = &mut value else {
        return Err(Error::Malformed("the payload is not a JSON object"));
    };
    let mut changed = false;
    for (name, claim) in claims.iter_mut() {
        if !reserved::SD_JWT.contains(&name.as_str()) {
            changed |= strip(claim);
        }
    }
    if !changed {
        return Ok(payload);
    }
    serde_json::to_vec(&value).map_err(|_| Error::Malformed("the payload is not a JSON object"))
}

/// A disclosed value with its nested `_sd` members and `...` elements removed.
fn strip_nested_value(value: &RawValue) -> Result<Box<RawValue>, Error> {
    let text = value.get();
    if !has_sd_marker(text) {
        return Ok(value.to_owned());
    }
    let mut parsed: serde_json::Value =
        serde_json::from_str(text).map_err(|_| Error::Disclosure(DisclosureError::Malformed))?;
    strip(&mut parsed);
    serde_json::value::to_raw_value(&parsed)
        .map_err(|_| Error::Disclosure(DisclosureError::Malformed))
}

/// Whether JSON text may hold a `_sd` member or a `...` element.
fn has_sd_marker(json: &str) -> bool {
    json.contains("\"_sd\"") || json.contains("\"...\"")
}

/// Removes `_sd` members and `{"...": _}` array elements at any depth;
/// whether anything was removed.
fn strip(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => {
            let mut changed = map.remove("_sd").is_some();
            for item in map.values_mut() {
                changed |= strip(item);
            }
            changed
        }
        serde_json::Value::Array(items) => {
            let before = items.len();
            items.retain(|item| {
                !matches!(item, serde_json::Value::Object(m) if m.len() == 1 && m.contains_key("..."))
            });
            let mut changed = items.len() != before;
            for item in items.iter_mut() {
                changed |= strip(item);
            }
            changed
        }
        _ => false,
    }
}

#[derive(Deserialize)]
struct Cnf<'a> {
    #[serde(borrow)]
    jwk: &'a RawValue,
}

/// The KB-JWT claims checked (RFC 9901 §4.3); owned, as this path is not hot.
#[derive(Deserialize)]
struct KbClaims {
    sd_hash: Option<String>,
    nonce: Option<String>,
    aud: Option<String>,
    iat: Option<u64>,
}

fn check_key_binding(
    leeway: u64,
    raw: &RawClaims<'_>,
    parts: &Parts<'_>,
    binding: &KeyBinding<'_>,
    now: u64,
) -> Result<(), Error> {
    let kb_error = Error::KeyBinding;
    let (audience, nonce, kb) = match (binding, parts.kb) {
        (KeyBinding::None | KeyBinding::Optional { .. }, None) => return Ok(()),
        (KeyBinding::None, Some(_)) => return Err(kb_error(KeyBindingError::Unexpected)),
        (KeyBinding::Required { .. }, None) => return Err(kb_error(KeyBindingError::Missing)),
        (
            KeyBinding::Required { audience, nonce } | KeyBinding::Optional { audience, nonce },
            Some(kb),
        ) => (*audience, *nonce, kb),
    };

    let no_key = || kb_error(KeyBindingError::NoConfirmationKey);
    let cnf = raw.get(reserved::CNF).ok_or_else(no_key)?;
    let cnf: Cnf<'_> = serde_json::from_str(cnf.get()).map_err(|_| no_key())?;
    let key = VerifyingKey::from_confirmation_jwk(cnf.jwk.get()).map_err(|_| no_key())?;

    let payload = key.verify_compact(kb).map_err(|e| match e {
        Error::Signature | Error::Algorithm => kb_error(KeyBindingError::Signature),
        _ => kb_error(KeyBindingError::Malformed),
    })?;

    let header = kb
        .split('.')
        .next()
        .map(Header::decode)
        .and_then(Result::ok);
    let header = header.as_deref().map(Header::parse).and_then(Result::ok);
    if !header
        .as_ref()
        .and_then(Header::typ)
        .is_some_and(|t| t.eq_ignore_ascii_case(KB_TYP))
    {
        return Err(kb_error(KeyBindingError::TokenType));
    }

    if payload.iter().find(|b| !b" \t\n\r".contains(b)) != Some(&b'{') {
        return Err(kb_error(KeyBindingError::Malformed));
    }
    let claims: KbClaims =
        serde_json::from_slice(&payload).map_err(|_| kb_error(KeyBindingError::Malformed))?;
    if claims.sd_hash.as_deref() != Some(digest(parts.prefix).as_str()) {
        return Err(kb_error(KeyBindingError::SdHash));
    }
    if claims.nonce.as_deref() != Some(nonce) {
        return Err(kb_error(KeyBindingError::Nonce));
    }
    if claims.aud.as_deref() != Some(audience) {
        return Err(kb_error(KeyBindingError::Audience));
    }
    let fresh = claims
        .iat
        .is_some_and(|iat| iat <= now.saturating_add(leeway) && now <= iat.saturating_add(leeway));
    if !fresh {
        return Err(kb_error(KeyBindingError::Time));
    }
    Ok(())
}
