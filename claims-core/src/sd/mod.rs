//! Selective disclosure: RFC 9901 SD-JWTs from `#[claim(disclosable)]` fields.
//!
//! - Issuer: [`Keys::issue_sd`] / [`Keys::issue_sd_with`] sign the issuer JWT
//!   (`typ: sd+jwt`) carrying the salted digests (`_sd`, `_sd_alg`) and
//!   return an [`SdJwt`] holding every disclosure.
//! - Holder: [`SdJwt::parse`], [`SdJwt::present`] and
//!   [`SdJwt::present_with_key_binding`] choose which disclosures to reveal,
//!   optionally with a Key Binding JWT signed by the key named in `cnf`.
//! - Verifier: [`Keys::verify_sd`] checks the issuer JWT exactly like
//!   [`Keys::decode`] checks a token, then every disclosure and the key
//!   binding; undisclosed fields come back absent.
//!
//! Only top-level claims are disclosable: nested objects' `_sd` and array
//! elements (`{"...": digest}`) are not produced, and a presentation whose
//! disclosures they would reference is refused as unreferenced.

mod holder;
mod verify;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore;
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::jws::VerifyingKey;
use crate::keys::Keys;
use crate::policy::Claims;
use crate::token::Typ;

pub use holder::SdJwt;
pub use verify::KeyBinding;

/// The only `_sd_alg` issued and accepted.
pub(crate) const SD_ALG: &str = "sha-256";

/// Claim names a disclosure may not carry, besides the registered claims:
/// the SD-JWT's own (RFC 9901 §4.2.1, §7.1) and the confirmation key.
pub(crate) const SD_RESERVED: &[&str] = &["_sd", "...", "_sd_alg", "cnf"];

/// The registered claims `Keys` manages, which never travel as disclosures.
pub(crate) const REGISTERED: &[&str] = &["iss", "aud", "exp", "nbf", "iat", "jti"];

/// Salt length in bytes: 128 bits (RFC 9901 §9.3).
const SALT_LEN: usize = 16;

/// `base64url(SHA-256(ascii(s)))`: a disclosure's digest (RFC 9901 §4.2.3),
/// and a KB-JWT's `sd_hash` (§4.3.1).
pub(crate) fn digest(s: &str) -> String {
    B64.encode(Sha256::digest(s.as_bytes()))
}

/// How [`Keys::issue_sd_with`] issues: decoy digests and the holder's key.
#[derive(Debug, Clone, Default)]
pub struct SdOptions {
    decoys: usize,
    holder: Option<VerifyingKey>,
}

impl SdOptions {
    /// No decoys, no holder key.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `count` decoy digests to `_sd` (RFC 9901 §4.2.5), so the number
    /// of disclosable claims is hidden. Each is the digest of 128 random bits.
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
}

/// One disclosure made while issuing: `base64url(JSON [salt, name, value])`
/// and its digest.
pub(crate) struct Issued {
    pub(crate) disclosure: String,
    pub(crate) digest: String,
    pub(crate) name: &'static str,
}

impl Issued {
    /// `value` is the value's compact JSON; the salt is 128 bits from `rng`
    /// (`ThreadRng`, a CSPRNG seeded from the OS, when issuing).
    pub(crate) fn new(name: &'static str, value: &[u8], rng: &mut dyn RngCore) -> Self {
        let mut salt = [0u8; SALT_LEN];
        rng.fill_bytes(&mut salt);
        let mut json = Zeroizing::new(Vec::with_capacity(value.len() + name.len() + 32));
        json.extend_from_slice(b"[\"");
        json.extend_from_slice(B64.encode(salt).as_bytes());
        json.extend_from_slice(b"\",");
        // Writing a &str to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *json, name);
        json.push(b',');
        json.extend_from_slice(value);
        json.push(b']');
        let disclosure = B64.encode(&*json);
        let digest = digest(&disclosure);
        Self {
            disclosure,
            digest,
            name,
        }
    }
}

impl Keys {
    /// Issues `claims` as an SD-JWT (RFC 9901): `disclosable` fields become
    /// salted disclosures whose digests the issuer JWT carries in `_sd`;
    /// every other field is encoded as [`Keys::encode`] encodes it, and the
    /// registered claims are set the same way. The issuer JWT's header has
    /// `typ: sd+jwt`, so it is never accepted by [`Keys::decode`].
    ///
    /// The whole SD-JWT, disclosures included, must fit the size cap.
    pub fn issue_sd<T: Claims>(&self, claims: &T) -> Result<SdJwt, Error> {
        self.issue_sd_with(claims, &SdOptions::new())
    }

    /// [`Keys::issue_sd`] with decoy digests and/or a holder key.
    pub fn issue_sd_with<T: Claims>(
        &self,
        claims: &T,
        options: &SdOptions,
    ) -> Result<SdJwt, Error> {
        self.issue_sd_at(
            claims,
            options,
            crate::token::unix_now(),
            &mut rand::thread_rng(),
        )
    }

    pub(crate) fn issue_sd_at<T: Claims>(
        &self,
        claims: &T,
        options: &SdOptions,
        now: u64,
        rng: &mut dyn RngCore,
    ) -> Result<SdJwt, Error> {
        if T::POLICY
            .iter()
            .any(|field| SD_RESERVED.contains(&field.wire_name))
        {
            return Err(Error::Config(
                "`_sd`, `_sd_alg`, `...` and `cnf` are reserved claim names in an SD-JWT",
            ));
        }
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
        let mut issued = Vec::new();
        let mut payload = self.write_payload(claims, now, rng, Some(&mut issued))?;
        let mut digests: Vec<String> = issued.iter().map(|i| i.digest.clone()).collect();
        for _ in 0..options.decoys {
            let mut salt = [0u8; SALT_LEN];
            rng.fill_bytes(&mut salt);
            digests.push(digest(&B64.encode(salt)));
        }
        // The order must not reveal which digest is which claim (§4.2.4.1).
        digests.sort_unstable();
        payload.extend_from_slice(br#","_sd":["#);
        for (i, d) in digests.iter().enumerate() {
            if i > 0 {
                payload.push(b',');
            }
            payload.push(b'"');
            payload.extend_from_slice(d.as_bytes());
            payload.push(b'"');
        }
        payload.extend_from_slice(br#"],"_sd_alg":"sha-256""#);
        if let Some(jwk) = holder_jwk {
            payload.extend_from_slice(br#","cnf":{"jwk":"#);
            payload.extend_from_slice(jwk.to_string().as_bytes());
            payload.push(b'}');
        }
        payload.push(b'}');
        let jwt = self.sign_payload(Typ::SdJwt, &payload)?;
        let sd_jwt = SdJwt::from_issued(jwt, issued);
        // Never issue what our own verification would refuse.
        self.check_size(sd_jwt.as_str().len())?;
        Ok(sd_jwt)
    }
}
