//! The disclosure format (RFC 9901 §4.2): salted disclosures and digests.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore;
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

/// The only `_sd_alg` issued and accepted.
pub(super) const SD_ALG: &str = "sha-256";

/// Salt length in bytes: 128 bits (RFC 9901 §9.3).
const SALT_LEN: usize = 16;

/// `base64url(SHA-256(ascii(s)))`: a disclosure's digest (RFC 9901 §4.2.3),
/// and a KB-JWT's `sd_hash` (§4.3.1).
pub(super) fn digest(s: &str) -> String {
    B64.encode(Sha256::digest(s.as_bytes()))
}

/// A decoy digest (§4.2.5): the digest of 128 random bits.
pub(super) fn decoy(rng: &mut dyn RngCore) -> String {
    let mut salt = [0u8; SALT_LEN];
    rng.fill_bytes(&mut salt);
    digest(&B64.encode(salt))
}

/// One disclosure made while issuing: `base64url(JSON [salt, name, value])`
/// and its digest.
pub(super) struct Issued {
    pub(super) disclosure: String,
    pub(super) digest: String,
    pub(super) name: &'static str,
}

impl Issued {
    /// `value` is the value's compact JSON; the salt is 128 bits from `rng`
    /// (`ThreadRng`, a CSPRNG seeded from the OS, when issuing).
    pub(super) fn new(name: &'static str, value: &[u8], rng: &mut dyn RngCore) -> Self {
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
