//! The verifier's side: [`Keys::verify_sd`].

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{REGISTERED, SD_ALG, SD_RESERVED, digest};
use crate::error::{DisclosureError, Error, KeyBindingError};
use crate::jws::VerifyingKey;
use crate::keys::Keys;
use crate::policy::Claims;
use crate::token::{Disclosed, RawClaims, Typ, Verified, registered};

/// What [`Keys::verify_sd`] requires of a presentation's Key Binding JWT.
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

impl Keys {
    /// Verifies an SD-JWT presentation (`<issuer-jwt>~<disclosure>~…~[<kb-jwt>]`)
    /// and decodes its claims; undisclosed `disclosable` fields come back
    /// absent (`None`, or an absent [`Disclosable`](crate::Disclosable)).
    ///
    /// In order: the size cap on the whole presentation; the issuer JWT as
    /// [`Keys::decode`] checks a token (header, signature, registered
    /// claims), except that its `typ` must be `sd+jwt`; `_sd_alg`
    /// (`sha-256`, or absent); `_sd` (an array of distinct strings); every
    /// disclosure (a JSON array `[salt, name, value]`, its digest in `_sd`
    /// and presented once, its name unique, not reserved and not also in the
    /// clear); the key binding as `binding` says; then the fields as
    /// `decode` reads them, a claim the struct does not declare `disclosable`
    /// being refused as a disclosure.
    pub fn verify_sd<T: Claims>(
        &self,
        presentation: &str,
        binding: &KeyBinding<'_>,
    ) -> Result<Verified<T>, Error> {
        self.verify_sd_at(presentation, binding, crate::token::unix_now())
    }

    pub(crate) fn verify_sd_at<T: Claims>(
        &self,
        presentation: &str,
        binding: &KeyBinding<'_>,
        now: u64,
    ) -> Result<Verified<T>, Error> {
        self.check_size(presentation.len())?;
        let parts = Parts::split(presentation)?;
        let payload = self.verified_payload(parts.jwt, Typ::SdJwt)?;
        let raw = RawClaims::parse(&payload)?;
        let registered = registered::check(self, &raw, now)?;

        if let Some(alg) = raw.get("_sd_alg")
            && serde_json::from_str::<&str>(alg.get()).ok() != Some(SD_ALG)
        {
            return Err(Error::Disclosure(DisclosureError::Algorithm));
        }
        let sd: Vec<Cow<'_, str>> = match raw.get("_sd") {
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
        let mut disclosed: Vec<Disclosed<'_>> = Vec::with_capacity(decoded.len());
        for json in &decoded {
            let (_salt, name, value): (String, String, &RawValue) = serde_json::from_slice(json)
                .map_err(|_| Error::Disclosure(DisclosureError::Malformed))?;
            if SD_RESERVED.contains(&name.as_str()) || REGISTERED.contains(&name.as_str()) {
                return Err(Error::Disclosure(DisclosureError::ReservedName));
            }
            if raw.get(&name).is_some() {
                return Err(Error::Disclosure(DisclosureError::InClear));
            }
            if disclosed.iter().any(|d| d.name == name) {
                return Err(Error::Disclosure(DisclosureError::RepeatedName));
            }
            disclosed.push(Disclosed {
                name: Cow::Owned(name),
                value,
            });
        }

        check_key_binding(self, &raw, &parts, binding, now)?;
        self.read_claims(&raw, &disclosed, registered)
    }
}

#[derive(Deserialize)]
struct Cnf<'a> {
    #[serde(borrow)]
    jwk: &'a RawValue,
}

#[derive(Deserialize)]
struct Header<'a> {
    #[serde(borrow)]
    typ: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct KbClaims<'a> {
    #[serde(borrow)]
    sd_hash: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nonce: Option<Cow<'a, str>>,
    #[serde(borrow)]
    aud: Option<Cow<'a, str>>,
    iat: Option<u64>,
}

fn check_key_binding(
    keys: &Keys,
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
    let cnf = raw.get("cnf").ok_or_else(no_key)?;
    let cnf: Cnf<'_> = serde_json::from_str(cnf.get()).map_err(|_| no_key())?;
    let key = VerifyingKey::from_confirmation_jwk(cnf.jwk.get()).map_err(|_| no_key())?;

    let payload = key.verify_compact(kb).map_err(|e| match e {
        Error::Signature | Error::Algorithm => kb_error(KeyBindingError::Signature),
        _ => kb_error(KeyBindingError::Malformed),
    })?;

    let header = kb.split('.').next().and_then(|h| B64.decode(h).ok());
    let typ = header
        .as_deref()
        .and_then(|h| serde_json::from_slice::<Header<'_>>(h).ok())
        .and_then(|h| h.typ);
    if !typ.is_some_and(|t| t.eq_ignore_ascii_case("kb+jwt")) {
        return Err(kb_error(KeyBindingError::TokenType));
    }

    if payload.iter().find(|b| !b" \t\n\r".contains(b)) != Some(&b'{') {
        return Err(kb_error(KeyBindingError::Malformed));
    }
    let claims: KbClaims<'_> =
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
    let fresh = claims.iat.is_some_and(|iat| {
        iat <= now.saturating_add(keys.leeway) && now <= iat.saturating_add(keys.leeway)
    });
    if !fresh {
        return Err(kb_error(KeyBindingError::Time));
    }
    Ok(())
}
