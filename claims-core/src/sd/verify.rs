//! The verifier's side: [`verify`].

use std::borrow::Cow;

use claims_lexicon::reserved;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::disclosure::digest;
use super::holder::KB_TYP;
use super::resolve::{Resolved, Rules, resolve};
use crate::contract::{Claims, Disclosed, RawClaims};
use crate::error::{DisclosureError, Error, KeyBindingError};
use crate::jws::{Header, VerifyingKey};
use crate::token::{Codec, RegisteredClaims, Typ, Verified};

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

/// The `typ` of an SD-JWT's issuer-signed JWT (RFC 8725 §3.11 explicit
/// typing), as [`SdVerification::accept`] names it. Each is compared ASCII
/// case-insensitively, with or without `application/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SdMediaType {
    /// `sd+jwt` (RFC 9901 §9.11): what [`Keys::issue_sd`](crate::Keys::issue_sd)
    /// issues without [`SdOptions::vct`](super::SdOptions::vct).
    SdJwt,
    /// `dc+sd-jwt`: an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3.1), what
    /// `issue_sd` issues with a `vct`. Its `vct` claim is required and
    /// checked.
    DcSdJwt,
    /// `vc+sd-jwt`: the name the SD-JWT VC drafts used until November 2024
    /// (it clashed with the W3C's `vc` media type). Never issued; accepted
    /// only when a verifier names it, for wallets not yet moved on; checked
    /// as `dc+sd-jwt` is.
    VcSdJwt,
}

impl SdMediaType {
    fn typ(self) -> Typ {
        match self {
            Self::SdJwt => Typ::SdJwt,
            Self::DcSdJwt => Typ::DcSdJwt,
            Self::VcSdJwt => Typ::VcSdJwt,
        }
    }

    fn is_vc(self) -> bool {
        self != Self::SdJwt
    }
}

/// What [`Keys::verify_sd_with`](crate::Keys::verify_sd_with) requires of a
/// presentation beyond RFC 9901's checks: the issuer JWT's `typ`, for an
/// SD-JWT VC its credential type (`vct`), and the key binding.
///
/// ```
/// # use claims_core::{KeyBinding, SdMediaType, SdVerification};
/// // A plain SD-JWT (`typ: sd+jwt`), what `Keys::verify_sd` checks:
/// let plain = SdVerification::sd_jwt(KeyBinding::None);
/// // An SD-JWT VC (`typ: dc+sd-jwt`) of one of two credential types,
/// // also under the drafts' older `typ`:
/// let pid = SdVerification::vc("https://pid.example/v1", KeyBinding::None)
///     .or_vct("https://pid.example/v2")
///     .accept(SdMediaType::VcSdJwt);
/// ```
#[derive(Debug, Clone)]
pub struct SdVerification<'a> {
    binding: KeyBinding<'a>,
    types: Vec<SdMediaType>,
    vcts: Vec<&'a str>,
}

impl<'a> SdVerification<'a> {
    /// An SD-JWT with `typ: sd+jwt`, key binding as `binding` says.
    pub fn sd_jwt(binding: KeyBinding<'a>) -> Self {
        Self {
            binding,
            types: vec![SdMediaType::SdJwt],
            vcts: Vec::new(),
        }
    }

    /// An SD-JWT VC with `typ: dc+sd-jwt` whose `vct` claim is `vct`, or
    /// whose `aka_vcts` array lists it (draft §3.2.2.2), key binding as
    /// `binding` says. A missing `vct` is [`Error::MissingClaim`], another
    /// one [`Error::InvalidClaim`].
    pub fn vc(vct: &'a str, binding: KeyBinding<'a>) -> Self {
        Self {
            binding,
            types: vec![SdMediaType::DcSdJwt],
            vcts: vec![vct],
        }
    }

    /// Also accepts credentials of type `vct`.
    #[must_use]
    pub fn or_vct(mut self, vct: &'a str) -> Self {
        self.vcts.push(vct);
        self
    }

    /// Also accepts issuer JWTs of type `media`. Accepting `dc+sd-jwt` or
    /// `vc+sd-jwt` needs the credential types ([`SdVerification::vc`]):
    /// without them verifying is [`Error::Config`].
    #[must_use]
    pub fn accept(mut self, media: SdMediaType) -> Self {
        if !self.types.contains(&media) {
            self.types.push(media);
        }
        self
    }
}

/// Verifies an SD-JWT presentation and decodes its claims: see
/// [`Keys::verify_sd_with`](crate::Keys::verify_sd_with). The issuer JWT
/// goes through the decode pipeline under each accepted `typ`; its
/// disclosures are processed at any depth (RFC 9901 §7.1) and the key
/// binding checked before the fields are read.
pub(crate) fn verify<T: Claims>(
    codec: &Codec,
    presentation: &str,
    check: &SdVerification<'_>,
    now: u64,
) -> Result<Verified<T>, Error> {
    if check.vcts.is_empty() && check.types.iter().any(|t| t.is_vc()) {
        return Err(Error::Config(
            "accepting SD-JWT VCs needs their credential types: use `SdVerification::vc`",
        ));
    }
    codec.check_size(presentation.len())?;
    let parts = Parts::split(presentation)?;
    // Each accepted `typ` in turn: a header of another type is refused
    // before the signature, so a miss costs one header parse.
    for media in &check.types {
        let result = codec.decode(
            parts.jwt,
            &codec.profile(media.typ()),
            now,
            |raw, registered| {
                if media.is_vc() {
                    check_vct(raw, &check.vcts)?;
                }
                let rules = Rules { vc: media.is_vc() };
                let resolved = resolve(raw, &parts.disclosures, rules, false)?;
                check_key_binding(codec.leeway(), raw, &parts, &check.binding, now)?;
                read(codec, raw, &resolved, registered)
            },
        );
        if !matches!(result, Err(Error::TokenType)) {
            return result;
        }
    }
    Err(Error::TokenType)
}

/// `vct` is a string the verifier accepts, or `aka_vcts` lists one.
fn check_vct(raw: &RawClaims<'_>, accepted: &[&str]) -> Result<(), Error> {
    let vct = raw.get(reserved::VCT).ok_or(Error::MissingClaim {
        claim: reserved::VCT,
    })?;
    let vct: Cow<'_, str> = serde_json::from_str(vct.get()).map_err(|_| Error::InvalidClaim {
        claim: reserved::VCT,
    })?;
    let aka: Vec<Cow<'_, str>> = raw
        .get("aka_vcts")
        .and_then(|a| serde_json::from_str(a.get()).ok())
        .unwrap_or_default();
    if accepted.contains(&vct.as_ref()) || aka.iter().any(|a| accepted.contains(&a.as_ref())) {
        Ok(())
    } else {
        Err(Error::InvalidClaim {
            claim: reserved::VCT,
        })
    }
}

/// The fields read from the processed payload: the claims in the clear
/// (rebuilt without `_sd` and `_sd_alg` when a value held digests) and the
/// top-level disclosures.
fn read<T: Claims>(
    codec: &Codec,
    raw: &RawClaims<'_>,
    resolved: &Resolved,
    registered: RegisteredClaims,
) -> Result<Verified<T>, Error> {
    let disclosed: Vec<Disclosed<'_>> = resolved
        .disclosed
        .iter()
        .map(|(name, value)| Disclosed {
            name: Cow::Borrowed(name.as_str()),
            value,
        })
        .collect();
    if resolved.rewritten.is_empty() {
        return codec.read_claims(raw, &disclosed, registered);
    }
    let mut payload = Vec::with_capacity(512);
    payload.push(b'{');
    for (name, value) in raw.iter() {
        if name == reserved::SD || name == reserved::SD_ALG {
            continue;
        }
        let value = resolved
            .rewritten
            .iter()
            .find(|(n, _)| n == name)
            .map_or(value, |(_, v)| &**v);
        if payload.len() > 1 {
            payload.push(b',');
        }
        // Writing a &str to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut payload, name);
        payload.push(b':');
        payload.extend_from_slice(value.get().as_bytes());
    }
    payload.push(b'}');
    let processed = RawClaims::parse(&payload)?;
    codec.read_claims(&processed, &disclosed, registered)
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
