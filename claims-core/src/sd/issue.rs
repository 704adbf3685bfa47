//! The issuer's side: [`issue`] and its [`SdOptions`].

use claims_lexicon::reserved;
use rand::RngCore;
use serde_json::Value;
use zeroize::Zeroizing;

use super::conceal::conceal;
use super::disclosure::{self, Issued, SD_ALG};
use super::holder::SdJwt;
use super::path::{SdPath, Step};
use super::resolve::may_hold_digests;
use crate::contract::{Claims, Disclosures, EncodeSdClaims, RawClaims};
use crate::error::Error;
use crate::jws::VerifyingKey;
use crate::policy::Protection;
use crate::token::{Codec, Framing, Typ};

/// How [`Keys::issue_sd_with`](crate::Keys::issue_sd_with) issues: decoy
/// digests, the holder's key, nested disclosures, and the SD-JWT VC type.
#[derive(Debug, Clone, Default)]
pub struct SdOptions {
    decoys: usize,
    holder: Option<VerifyingKey>,
    vct: Option<String>,
    paths: Vec<SdPath>,
    /// A path given to [`SdOptions::disclosable`] that does not parse.
    invalid_path: bool,
}

impl SdOptions {
    /// No decoys, no holder key, top-level disclosures only, `typ: sd+jwt`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `count` decoy digests to every `_sd` issued (RFC 9901 §4.2.5),
    /// and `count` decoy elements to every array with disclosable
    /// elements, so the number of disclosable claims is hidden. Each is the
    /// digest of 128 random bits.
    /// An absent (`None`) disclosable claim always gets a decoy of its own,
    /// on top of these: which optional claims exist never shows.
    #[must_use]
    pub fn decoys(mut self, count: usize) -> Self {
        self.decoys = count;
        self
    }

    /// Binds the SD-JWT to the holder's public key, put in `cnf.jwk`
    /// (RFC 7800): presentations then carry a KB-JWT signed with it.
    #[must_use]
    pub fn holder_key(mut self, key: VerifyingKey) -> Self {
        self.holder = Some(key);
        self
    }

    /// Issues an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc) of credential type
    /// `vct` (a collision-resistant name, e.g. an HTTPS URL): header
    /// `typ: dc+sd-jwt` and the claim `vct` in the clear. The claims struct
    /// may not declare `vct`, nor make `vct#integrity`, `aka_vcts` or
    /// `status` disclosable. Without disclosures the payload has no `_sd`
    /// (the draft forbids an empty one), decoys or not.
    #[must_use]
    pub fn vct(mut self, vct: impl Into<String>) -> Self {
        self.vct = Some(vct.into());
        self
    }

    /// Makes the members or elements at `path`, inside a `disclosable`
    /// field's value, disclosable on their own (RFC 9901 §4.2.6, recursive
    /// disclosure): `"address.street"` (a member), `"nationalities[]"`
    /// (every element), `"nationalities[0]"` (one element),
    /// `"degrees[].type"` (a member of every element). The field itself
    /// stays disclosable: the holder can reveal the address with only some
    /// of its members ([`SdJwt::present`]).
    ///
    /// The path starts with the wire name of a `disclosable` field; a name
    /// that is empty or holds `.`, `[`, `]` or `"` is written `["a.b"]`.
    /// A member the value does not have is skipped; a `null` member is left
    /// out without a disclosure, as a `None` field makes none (read it back
    /// as an `Option`). A path that does not parse, does not start at a
    /// `disclosable` field, or meets a value of the other shape is
    /// [`Error::Config`] when issuing.
    #[must_use]
    pub fn disclosable(mut self, path: &str) -> Self {
        match SdPath::parse(path) {
            Some(path) => self.paths.push(path),
            None => self.invalid_path = true,
        }
        self
    }

    /// The options' own checks against the claims struct.
    fn check<T: Claims>(&self) -> Result<(), Error> {
        if self.invalid_path {
            return Err(Error::Config(
                "an `SdOptions::disclosable` path does not parse",
            ));
        }
        let disclosable = |name: &str| {
            T::POLICY
                .iter()
                .any(|f| f.wire_name == name && f.protection == Protection::Disclosable)
        };
        if self
            .paths
            .iter()
            .any(|p| p.steps().len() < 2 || !disclosable(p.claim_name()))
        {
            return Err(Error::Config(
                "an `SdOptions::disclosable` path must lead inside a `disclosable` field",
            ));
        }
        if let Some(vct) = &self.vct {
            if vct.is_empty() {
                return Err(Error::Config("`SdOptions::vct` must not be empty"));
            }
            if T::POLICY.iter().any(|f| {
                f.wire_name == reserved::VCT
                    || (f.protection == Protection::Disclosable
                        && reserved::SD_JWT_VC.contains(&f.wire_name))
            }) {
                return Err(Error::Config(
                    "an SD-JWT VC sets `vct` itself and never discloses `vct`, \
                     `vct#integrity`, `aka_vcts` or `status`",
                ));
            }
        }
        Ok(())
    }
}

/// Issues `claims` as an SD-JWT (RFC 9901): see
/// [`Keys::issue_sd`](crate::Keys::issue_sd). The issuer JWT is the payload
/// `Keys::encode` would write, with `_sd`, `_sd_alg`, `cnf` and `vct`
/// appended, signed with `typ: sd+jwt` (`dc+sd-jwt` with a `vct`).
pub(crate) fn issue<T: EncodeSdClaims>(
    codec: &Codec,
    claims: &T,
    options: &SdOptions,
    now: u64,
    rng: &mut dyn RngCore,
) -> Result<SdJwt, Error> {
    if T::POLICY
        .iter()
        .any(|field| reserved::SD_JWT.contains(&field.wire_name))
    {
        return Err(Error::Config(
            "`_sd`, `_sd_alg`, `...` and `cnf` are reserved claim names in an SD-JWT",
        ));
    }
    options.check::<T>()?;
    let holder_jwk = match &options.holder {
        Some(key) => {
            let jwk = key.to_jwk();
            if jwk.is_null() {
                return Err(Error::Config("a holder key must be a public key"));
            }
            Some(jwk)
        }
        None => None,
    };
    let framing = Framing::new(codec.lifetime(), rng, None);
    let mut values = Disclosures::default();
    let mut payload = codec.payload(&framing, now, rng, |writer| {
        claims.__encode_sd(writer, &mut values)
    })?;
    // Never issue what our own verification would refuse: a value in the
    // clear with an `_sd` or `...` member would read as digests.
    check_payload::<T>(&payload)?;

    let mut issued: Vec<Issued> = Vec::with_capacity(values.iter().count());
    let mut digests: Vec<String> = Vec::new();
    for (name, value) in values.iter() {
        if holds_digest_key(value) {
            return Err(Error::Encode { claim: name });
        }
        let start = issued.len();
        let nested: Vec<&[Step]> = options
            .paths
            .iter()
            .filter(|p| p.claim_name() == name)
            .map(|p| &p.steps()[1..])
            .collect();
        let top = if nested.is_empty() {
            Issued::new(SdPath::claim(name), Some(name), value, rng)
        } else {
            let mut parsed: Value =
                serde_json::from_slice(value).map_err(|_| Error::Encode { claim: name })?;
            conceal(
                &mut parsed,
                &nested,
                SdPath::claim(name),
                options.decoys,
                rng,
                &mut issued,
            )?;
            let json = Zeroizing::new(
                serde_json::to_vec(&parsed).map_err(|_| Error::Encode { claim: name })?,
            );
            Issued::new(SdPath::claim(name), Some(name), &json, rng)
        };
        digests.push(top.digest.clone());
        issued.insert(start, top);
    }
    // A decoy for each absent claim, so `_sd` is as long whichever optional
    // claims are set (RFC 9901 §4.2.5), then the decoys asked for.
    let decoys = values.absent().saturating_add(options.decoys);
    // An SD-JWT VC without disclosures or decoys has no `_sd` (draft §3.2.2.4).
    if !(options.vct.is_some() && issued.is_empty() && decoys == 0) {
        digests.extend((0..decoys).map(|_| disclosure::decoy(rng)));
        // The order must not reveal which digest is which claim (§4.2.4.1).
        digests.sort_unstable();
        payload.extend_from_slice(br#","_sd":["#);
        for (i, d) in digests.iter().enumerate() {
            if i > 0 {
                payload.push(b',');
            }
            // base64url: quoted without escaping.
            payload.push(b'"');
            payload.extend_from_slice(d.as_bytes());
            payload.push(b'"');
        }
        payload.extend_from_slice(br#"],"_sd_alg":""#);
        payload.extend_from_slice(SD_ALG.as_bytes());
        payload.push(b'"');
    }
    if let Some(jwk) = holder_jwk {
        payload.extend_from_slice(br#","cnf":{"jwk":"#);
        payload.extend_from_slice(jwk.to_string().as_bytes());
        payload.push(b'}');
    }
    if let Some(vct) = &options.vct {
        payload.extend_from_slice(br#","vct":"#);
        // Writing a &str to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut payload, vct);
    }
    payload.push(b'}');
    let typ = if options.vct.is_some() {
        Typ::DcSdJwt
    } else {
        Typ::SdJwt
    };
    let jwt = codec.sign(typ, &payload)?;
    let sd_jwt = SdJwt::from_issued(jwt, issued);
    // Never issue what our own verification would refuse.
    codec.check_size(sd_jwt.as_str().len())?;
    Ok(sd_jwt)
}

/// Refuses a payload (without its closing brace) with a claim in the clear
/// that holds an `_sd` or `...` member: verifiers would read it as digests
/// (RFC 9901 §7.1).
fn check_payload<T: Claims>(payload: &[u8]) -> Result<(), Error> {
    if !may_hold_digests(payload) {
        return Ok(());
    }
    let mut whole = payload.to_vec();
    whole.push(b'}');
    let raw = RawClaims::parse(&whole)?;
    for field in T::POLICY {
        if raw
            .get(field.wire_name)
            .is_some_and(|v| holds_digest_key(v.get().as_bytes()))
        {
            return Err(Error::Encode {
                claim: field.wire_name,
            });
        }
    }
    Ok(())
}

/// Whether JSON has an object member named `_sd` or `...` at any depth.
/// Such JSON is rare: the text is searched first, parsed only on a hit.
fn holds_digest_key(json: &[u8]) -> bool {
    fn walk(value: &Value) -> bool {
        match value {
            Value::Object(map) => {
                map.contains_key(reserved::SD)
                    || map.contains_key(reserved::ELLIPSIS)
                    || map.values().any(walk)
            }
            Value::Array(items) => items.iter().any(walk),
            _ => false,
        }
    }
    may_hold_digests(json) && serde_json::from_slice::<Value>(json).is_ok_and(|v| walk(&v))
}
