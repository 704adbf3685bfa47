//! [`PayloadWriter`]: what the derived `__encode` writes each field through,
//! applying its protection.

use rand::RngCore;
use zeroize::Zeroize;

use super::guard;
use crate::error::{Error, KeyKind};
use crate::policy::HashDomain;
use crate::protect::{EncryptedField, HashedField, PiiKeyRing, PublicField, normalize_plaintext};
use crate::wire::{self, NONCE_LEN};

/// The scratch buffer's first capacity: room for usual plaintexts, so that
/// `serde_json` seldom regrows it (a regrown buffer leaves a copy of the
/// plaintext in freed memory, which zeroizing the buffer cannot reach).
const SCRATCH_CAPACITY: usize = 256;

/// Handed to the derived `__encode`: one call per field, in declaration
/// order, each appending `,"name":value` to the payload.
pub struct PayloadWriter<'a> {
    pii: &'a PiiKeyRing,
    out: &'a mut Vec<u8>,
    rng: &'a mut dyn RngCore,
    /// A field's plaintext JSON; zeroized after every use.
    scratch: Vec<u8>,
    /// A field's wire value.
    wire: String,
}

impl<'a> PayloadWriter<'a> {
    /// Appends to `out`; nonces come from `rng`. `disclosable` fields are
    /// not written here but to the `Disclosures` of an SD-JWT's issuance.
    pub(crate) fn new(pii: &'a PiiKeyRing, out: &'a mut Vec<u8>, rng: &'a mut dyn RngCore) -> Self {
        Self {
            pii,
            out,
            rng,
            scratch: Vec::with_capacity(SCRATCH_CAPACITY),
            wire: String::new(),
        }
    }

    fn key(&mut self, claim: &str) {
        self.out.push(b',');
        // Writing a &str to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *self.out, claim);
        self.out.push(b':');
    }

    /// A `public` field, in the clear; `null` (e.g. `None`) is left out.
    /// Every string it carries is checked by the value guard first: one
    /// that looks like personal data is [`Error::PiiInPublicClaim`].
    pub fn public<F: PublicField>(&mut self, claim: &'static str, value: &F) -> Result<(), Error> {
        self.write_public(claim, value, true)
    }

    /// A `public(unguarded = "...")` field: as [`public`](Self::public),
    /// without the value guard.
    pub fn public_unguarded<F: PublicField>(
        &mut self,
        claim: &'static str,
        value: &F,
    ) -> Result<(), Error> {
        self.write_public(claim, value, false)
    }

    fn write_public<F: PublicField>(
        &mut self,
        claim: &'static str,
        value: &F,
        guarded: bool,
    ) -> Result<(), Error> {
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
        } else if guarded && let Some(kind) = guard::first_finding(&self.out[start..]) {
            self.out.truncate(mark);
            return Err(Error::PiiInPublicClaim { claim, kind });
        }
        Ok(())
    }

    /// A `hashed` field, as `h1.<kid>.<tag>` in the given domain (its
    /// normalization applied to the value first).
    pub fn hashed<F: HashedField>(
        &mut self,
        claim: &'static str,
        domain: HashDomain<'static>,
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
                } else if !self.pii.admits(pseudonym.kid()) {
                    Err(Error::UnknownKey(KeyKind::Pii))
                } else {
                    self.wire.push_str(pseudonym.as_str());
                    Ok(())
                }
            }
            Ok(None) => match self.pii.current() {
                Some(key) => normalize_plaintext(domain.normalize(), &mut self.scratch)
                    .map(|()| {
                        let tag = key.tag(domain, &self.scratch);
                        wire::write_hashed(key.kid(), &tag, &mut self.wire);
                    })
                    .map_err(|()| Error::Encode { claim }),
                None => Err(Error::MissingPiiKey { claim }),
            },
            Err(e) => Err(e),
        };
        self.scratch.zeroize();
        result?;
        self.write_wire(claim);
        Ok(())
    }

    /// An `encrypted` field, as `e1.<kid>.<nonce‖ciphertext‖tag>`, its
    /// plaintext padded to a multiple of `pad` bytes (`encrypted(pad = N)`,
    /// else [`DEFAULT_PAD`](crate::__private::DEFAULT_PAD)).
    pub fn encrypted<F: EncryptedField>(
        &mut self,
        claim: &'static str,
        pad: u16,
        value: &F,
    ) -> Result<(), Error> {
        let key = self.pii.current().ok_or(Error::MissingPiiKey { claim })?;
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
                wire::pad(&mut self.scratch, pad);
                let tag = key
                    .seal(claim, &nonce, &mut self.scratch)
                    .ok_or(Error::Encode { claim })?;
                wire::write_encrypted(key.kid(), &nonce, &self.scratch, &tag, &mut self.wire);
                Ok(())
            });
        self.scratch.zeroize();
        result?;
        self.write_wire(claim);
        Ok(())
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
