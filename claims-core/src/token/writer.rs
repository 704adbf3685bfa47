//! Writes the payload JSON, applying each field's protection.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore;
use zeroize::Zeroize;

use super::Framing;
use crate::error::Error;
use crate::keys::Keys;
use crate::protect::{DisclosableField, EncryptedField, HashedField, NONCE_LEN, PublicField};

/// Writes `{"iss":…,"aud":…,"iat":…,"nbf":…,"exp":…,"jti":…` and, for a
/// lifecycle token, `,"fid":…` (no closing brace).
pub(super) fn write_registered(keys: &Keys, now: u64, framing: &Framing<'_>, out: &mut Vec<u8>) {
    let mut num = itoa_buf();
    out.extend_from_slice(keys.payload_prefix.as_bytes());
    for (name, value) in [
        (&br#","iat":"#[..], now),
        (br#","nbf":"#, now),
        (br#","exp":"#, now.saturating_add(framing.lifetime)),
    ] {
        out.extend_from_slice(name);
        out.extend_from_slice(num.format(value).as_bytes());
    }
    out.extend_from_slice(br#","jti":""#);
    let mut jti_b64 = [0u8; 22];
    let written = B64
        .encode_slice(framing.jti, &mut jti_b64)
        .unwrap_or_default();
    out.extend_from_slice(&jti_b64[..written]);
    out.push(b'"');
    if let Some(fid) = framing.fid {
        // Ours: base64url, no escaping needed.
        out.extend_from_slice(br#","fid":""#);
        out.extend_from_slice(fid.as_bytes());
        out.push(b'"');
    }
}

fn itoa_buf() -> itoa::Buffer {
    itoa::Buffer::new()
}

/// Handed to the derived `__encode`: one call per field, in declaration order.
pub struct PayloadWriter<'a> {
    keys: &'a Keys,
    out: &'a mut Vec<u8>,
    rng: &'a mut dyn RngCore,
    /// A field's plaintext JSON; zeroized after every use.
    scratch: Vec<u8>,
    /// A field's wire value.
    wire: String,
    /// The disclosures of `disclosable` fields, when issuing an SD-JWT.
    sd: Option<&'a mut Vec<crate::sd::Issued>>,
}

impl<'a> PayloadWriter<'a> {
    pub(super) fn new(
        keys: &'a Keys,
        out: &'a mut Vec<u8>,
        rng: &'a mut dyn RngCore,
        sd: Option<&'a mut Vec<crate::sd::Issued>>,
    ) -> Self {
        Self {
            keys,
            out,
            rng,
            scratch: Vec::new(),
            wire: String::new(),
            sd,
        }
    }

    fn key(&mut self, claim: &str) {
        self.out.push(b',');
        // Writing a &str to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *self.out, claim);
        self.out.push(b':');
    }

    /// A `public` field, in the clear; `null` (e.g. `None`) is left out.
    pub fn public<F: PublicField>(&mut self, claim: &'static str, value: &F) -> Result<(), Error> {
        let mark = self.out.len();
        self.key(claim);
        let start = self.out.len();
        serde_json::to_writer(&mut *self.out, value).map_err(|_| Error::Encode { claim })?;
        if self.out[start..] == *b"null" {
            // serde_json also writes non-finite floats as `null`: refuse a
            // value that would not read back, rather than issue a token that
            // fails to decode.
            serde_json::from_str::<F>("null").map_err(|_| Error::Encode { claim })?;
            self.out.truncate(mark);
        }
        Ok(())
    }

    /// A `hashed` field, as `h1.<kid>.<tag>` with the given domain.
    pub fn hashed<F: HashedField>(
        &mut self,
        claim: &'static str,
        domain: &'static str,
        value: &F,
    ) -> Result<(), Error> {
        self.wire.clear();
        let held = value
            .__hash_input(&mut self.scratch)
            .map_err(|_| Error::Encode { claim });
        let result = match held {
            // Re-encoding a decoded value carries its pseudonym over as is,
            // but only into its own domain and under a loaded PII key.
            Ok(Some((pseudonym, from_domain))) => {
                if from_domain != domain {
                    Err(Error::Encode { claim })
                } else if self.keys.current_pii().is_some()
                    && self.keys.pii_key_by_kid(pseudonym.kid()).is_err()
                {
                    Err(Error::UnknownKey(crate::KeyKind::Pii))
                } else {
                    self.wire.push_str(pseudonym.as_str());
                    Ok(())
                }
            }
            Ok(None) => match self.keys.current_pii() {
                Some(key) => {
                    key.write_pseudonym(domain, &self.scratch, &mut self.wire);
                    Ok(())
                }
                None => Err(Error::MissingPiiKey { claim }),
            },
            Err(e) => Err(e),
        };
        self.scratch.zeroize();
        result?;
        self.write_wire(claim);
        Ok(())
    }

    /// An `encrypted` field, as `e1.<kid>.<nonce‖ciphertext‖tag>`.
    pub fn encrypted<F: EncryptedField>(
        &mut self,
        claim: &'static str,
        value: &F,
    ) -> Result<(), Error> {
        let key = self
            .keys
            .current_pii()
            .ok_or(Error::MissingPiiKey { claim })?;
        self.wire.clear();
        let mut nonce = [0u8; NONCE_LEN];
        self.rng.fill_bytes(&mut nonce);
        let result = value
            .__plaintext(&mut self.scratch)
            .map_err(|_| Error::Encode { claim })
            .and_then(|()| {
                // As for public fields: a `null` that would not read back.
                if self.scratch == b"null" && F::__from_plaintext(b"null").is_err() {
                    return Err(Error::Encode { claim });
                }
                key.write_encrypted(claim, nonce, &mut self.scratch, &mut self.wire)
            });
        self.scratch.zeroize();
        result?;
        self.write_wire(claim);
        Ok(())
    }

    /// A `disclosable` field: not in the payload; a salted disclosure whose
    /// digest goes in `_sd` (RFC 9901 §4.2). Absent values (`None`) make no
    /// disclosure. Refused outside [`Keys::issue_sd`](crate::Keys::issue_sd).
    pub fn disclosable<F: DisclosableField>(
        &mut self,
        claim: &'static str,
        value: &F,
    ) -> Result<(), Error> {
        let Some(sd) = self.sd.as_deref_mut() else {
            return Err(Error::Config(
                "the claims have `disclosable` fields: issue them with `Keys::issue_sd`",
            ));
        };
        let result = match value.__value(&mut self.scratch) {
            None => Ok(()),
            Some(Err(_)) => Err(Error::Encode { claim }),
            Some(Ok(())) => {
                if self.scratch == b"null" && F::__from_disclosed(Some("null")).is_err() {
                    Err(Error::Encode { claim })
                } else {
                    sd.push(crate::sd::Issued::new(claim, &self.scratch, &mut *self.rng));
                    Ok(())
                }
            }
        };
        self.scratch.zeroize();
        result
    }

    /// Wire values are `[A-Za-z0-9_.-]` only: quoted without escaping.
    fn write_wire(&mut self, claim: &str) {
        self.key(claim);
        self.out.push(b'"');
        self.out.extend_from_slice(self.wire.as_bytes());
        self.out.push(b'"');
    }
}

impl std::fmt::Debug for PayloadWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PayloadWriter")
    }
}
