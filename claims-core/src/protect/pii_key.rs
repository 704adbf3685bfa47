use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::keys::validate_kid;

pub(crate) const NONCE_LEN: usize = 12;
pub(crate) const TAG_LEN: usize = 16;
const HMAC_LEN: usize = 32;
const ENC_INFO: &[u8] = b"claims/v1/enc";
const MAC_INFO: &[u8] = b"claims/v1/mac";
const HASH_LABEL: &[u8] = b"claims/v1/hash";

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
    /// `"claims/v1/enc" 0x00 kid 0x00`: the AAD before the wire name.
    aad_prefix: Box<[u8]>,
}

impl PiiKey {
    /// Builds a PII key from its id (1–32 of `[A-Za-z0-9_-]`) and 32-byte master secret.
    pub fn new(kid: &str, master: &[u8]) -> Result<Self, Error> {
        validate_kid(kid)?;
        if master.len() != 32 {
            return Err(Error::Key("a PII master key must be exactly 32 bytes"));
        }
        let hkdf = hkdf::Hkdf::<Sha256>::new(None, master);
        let mut enc_key = Zeroizing::new([0u8; 32]);
        let mut mac_key = Zeroizing::new([0u8; 32]);
        hkdf.expand(ENC_INFO, enc_key.as_mut())
            .and_then(|()| hkdf.expand(MAC_INFO, mac_key.as_mut()))
            .map_err(|_| Error::Key("HKDF expansion failed"))?;
        let cipher = Aes256Gcm::new(enc_key.as_ref().into());
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(mac_key.as_ref())
            .map_err(|_| Error::Key("invalid HMAC key"))?;
        let mut aad_prefix = Vec::with_capacity(ENC_INFO.len() + kid.len() + 2);
        aad_prefix.extend_from_slice(ENC_INFO);
        aad_prefix.push(0);
        aad_prefix.extend_from_slice(kid.as_bytes());
        aad_prefix.push(0);
        Ok(Self {
            kid: kid.into(),
            cipher,
            mac,
            aad_prefix: aad_prefix.into(),
        })
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// `HMAC-SHA256(mac_key, "claims/v1/hash" 0x00 domain 0x00 plaintext)`.
    fn tag(&self, domain: &str, plaintext: &[u8]) -> [u8; HMAC_LEN] {
        let mut mac = self.mac.clone();
        mac.update(HASH_LABEL);
        mac.update(&[0]);
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(plaintext);
        mac.finalize().into_bytes().into()
    }

    /// Appends `h1.<kid>.<base64url(tag)>` to `out`.
    pub(crate) fn write_pseudonym(&self, domain: &str, plaintext: &[u8], out: &mut String) {
        out.push_str("h1.");
        out.push_str(&self.kid);
        out.push('.');
        B64.encode_string(self.tag(domain, plaintext), out);
    }

    pub(crate) fn pseudonym_wire(&self, domain: &str, plaintext: &[u8]) -> String {
        let mut out = String::with_capacity(52 + self.kid.len());
        self.write_pseudonym(domain, plaintext, &mut out);
        out
    }

    /// Encrypts `plaintext` in place (it becomes the ciphertext) and appends
    /// `e1.<kid>.<base64url(nonce || ciphertext || tag)>` to `out`.
    pub(crate) fn write_encrypted(
        &self,
        field: &str,
        nonce: [u8; NONCE_LEN],
        plaintext: &mut [u8],
        out: &mut String,
    ) -> Result<(), Error> {
        let aad = self.aad(field);
        let tag = self
            .cipher
            .encrypt_in_place_detached(&Nonce::from(nonce), &aad, plaintext)
            .map_err(|_| Error::Encode {
                claim: "<encrypted>",
            })?;
        // nonce || ciphertext || tag, base64url'd in one pass.
        let mut sealed = Zeroizing::new(Vec::with_capacity(NONCE_LEN + plaintext.len() + TAG_LEN));
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(plaintext);
        sealed.extend_from_slice(&tag);
        out.push_str("e1.");
        out.push_str(&self.kid);
        out.push('.');
        B64.encode_string(&*sealed, out);
        Ok(())
    }

    /// Decrypts a sealed `nonce || ciphertext || tag` bound to `field`, in
    /// place. `None` when authentication fails.
    pub(crate) fn decrypt(&self, field: &str, sealed: Vec<u8>) -> Option<Zeroizing<Vec<u8>>> {
        let mut buf = Zeroizing::new(sealed);
        if buf.len() < NONCE_LEN + TAG_LEN {
            return None;
        }
        let tag = Tag::from(<[u8; TAG_LEN]>::try_from(&buf[buf.len() - TAG_LEN..]).ok()?);
        let nonce = Nonce::from(<[u8; NONCE_LEN]>::try_from(&buf[..NONCE_LEN]).ok()?);
        let ciphertext_end = buf.len() - TAG_LEN;
        buf.truncate(ciphertext_end);
        buf.drain(..NONCE_LEN);
        self.cipher
            .decrypt_in_place_detached(&nonce, &self.aad(field), &mut buf, &tag)
            .ok()?;
        Some(buf)
    }

    /// `"claims/v1/enc" 0x00 kid 0x00 wire_name`.
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

/// A protected wire value split into its parts.
#[derive(Debug)]
pub(crate) struct WireValue<'a> {
    pub(crate) kid: &'a str,
    /// The decoded body: the HMAC tag (`h1.`) or `nonce || ciphertext || tag` (`e1.`).
    pub(crate) body: Vec<u8>,
}

/// Parses `<prefix><kid>.<base64url>` where prefix is `h1.` or `e1.`.
/// `None` when the value is not of that form (including non-canonical base64url).
pub(crate) fn parse_wire<'a>(value: &'a str, prefix: &str) -> Option<WireValue<'a>> {
    let rest = value.strip_prefix(prefix)?;
    let (kid, body) = rest.split_once('.')?;
    validate_kid(kid).ok()?;
    let body = B64.decode(body).ok()?;
    let ok = match prefix {
        "h1." => body.len() == HMAC_LEN,
        _ => body.len() >= NONCE_LEN + TAG_LEN,
    };
    ok.then_some(WireValue { kid, body })
}
