//! [`PiiKey`]: the cryptography of protected values. The bytes it reads and
//! writes are laid out by `crate::wire`.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::normalize;
use crate::error::Error;
use crate::policy::HashDomain;
use crate::wire::{self, HASH_TAG_LEN, NONCE_LEN, SEAL_TAG_LEN, Sealed};

/// A PII key: a kid and a 32-byte master secret, from which the HMAC key for
/// pseudonyms and the AES-256-GCM key for encrypted claims are derived (HKDF-SHA256).
///
/// Both derived states are built once here, never per token. The master and
/// derived key bytes are zeroized as soon as the states are built; the AES key
/// schedule is zeroized on drop (aes-gcm's `zeroize` feature).
#[derive(Clone)]
pub struct PiiKey {
    kid: Box<str>,
    cipher: Aes256Gcm,
    /// HMAC state keyed with `mac_key`, cloned per pseudonym.
    mac: Hmac<Sha256>,
    /// The AAD before the claim name.
    aad_prefix: Box<[u8]>,
}

impl PiiKey {
    /// Builds a PII key from its id (1–32 of `[A-Za-z0-9_-]`) and 32-byte master secret.
    pub fn new(kid: &str, master: &[u8]) -> Result<Self, Error> {
        wire::validate_kid(kid)?;
        if master.len() != 32 {
            return Err(Error::Key("a PII master key must be exactly 32 bytes"));
        }
        let hkdf = hkdf::Hkdf::<Sha256>::new(None, master);
        let mut enc_key = Zeroizing::new([0u8; 32]);
        let mut mac_key = Zeroizing::new([0u8; 32]);
        hkdf.expand(wire::ENC_INFO, enc_key.as_mut())
            .and_then(|()| hkdf.expand(wire::MAC_INFO, mac_key.as_mut()))
            .map_err(|_| Error::Key("HKDF expansion failed"))?;
        let cipher = Aes256Gcm::new(enc_key.as_ref().into());
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(mac_key.as_ref())
            .map_err(|_| Error::Key("invalid HMAC key"))?;
        Ok(Self {
            kid: kid.into(),
            cipher,
            mac,
            aad_prefix: wire::aad_prefix(kid).into(),
        })
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// A pseudonym's tag: HMAC-SHA256 under `mac_key` of `plaintext` in
    /// `domain`, the plaintext already normalized as the domain says.
    pub(crate) fn tag(&self, domain: HashDomain<'_>, plaintext: &[u8]) -> [u8; HASH_TAG_LEN] {
        let mut mac = self.mac.clone();
        let label = normalize::label(domain.normalize());
        for part in wire::hash_input(label, domain.name(), plaintext) {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// Encrypts `plaintext` in place (it becomes the ciphertext) bound to
    /// claim `field`; the authentication tag. `None` only for an input
    /// beyond AES-GCM's limit.
    pub(crate) fn seal(
        &self,
        field: &str,
        nonce: &[u8; NONCE_LEN],
        plaintext: &mut [u8],
    ) -> Option<[u8; SEAL_TAG_LEN]> {
        self.cipher
            .encrypt_in_place_detached(&Nonce::from(*nonce), &self.aad(field), plaintext)
            .ok()
            .map(Into::into)
    }

    /// Decrypts a sealed value bound to claim `field`, in place; `None` when
    /// authentication fails.
    pub(crate) fn open(&self, field: &str, sealed: Sealed) -> Option<Zeroizing<Vec<u8>>> {
        let Sealed {
            nonce,
            mut ciphertext,
            tag,
        } = sealed;
        self.cipher
            .decrypt_in_place_detached(
                &Nonce::from(nonce),
                &self.aad(field),
                &mut ciphertext,
                &Tag::from(tag),
            )
            .ok()?;
        Some(ciphertext)
    }

    fn aad(&self, field: &str) -> Vec<u8> {
        let mut aad = Vec::with_capacity(self.aad_prefix.len() + field.len());
        aad.extend_from_slice(&self.aad_prefix);
        aad.extend_from_slice(field.as_bytes());
        aad
    }
}

impl std::fmt::Debug for PiiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PiiKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}
