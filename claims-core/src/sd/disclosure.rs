//! The disclosure format (RFC 9901 §4.2): salted disclosures and digests.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore;
use serde_json::value::RawValue;
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use super::path::SdPath;
use crate::error::{DisclosureError, Error};

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
/// for an object property, `base64url(JSON [salt, value])` for an array
/// element, its digest and where it sits.
pub(super) struct Issued {
    pub(super) disclosure: String,
    pub(super) digest: String,
    pub(super) path: SdPath,
}

impl Issued {
    /// `value` is the value's compact JSON; `name` is the property's name,
    /// `None` for an array element. The salt is 128 bits from `rng`
    /// (`ThreadRng`, a CSPRNG seeded from the OS, when issuing).
    pub(super) fn new(
        path: SdPath,
        name: Option<&str>,
        value: &[u8],
        rng: &mut dyn RngCore,
    ) -> Self {
        let mut salt = [0u8; SALT_LEN];
        rng.fill_bytes(&mut salt);
        let name_len = name.map_or(0, str::len);
        let mut json = Zeroizing::new(Vec::with_capacity(value.len() + name_len + 32));
        json.extend_from_slice(b"[\"");
        json.extend_from_slice(B64.encode(salt).as_bytes());
        json.extend_from_slice(b"\",");
        if let Some(name) = name {
            // Writing a &str to a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *json, name);
            json.push(b',');
        }
        json.extend_from_slice(value);
        json.push(b']');
        let disclosure = B64.encode(&*json);
        let digest = digest(&disclosure);
        Self {
            disclosure,
            digest,
            path,
        }
    }
}

/// A presented disclosure, decoded: `[salt, name, value]` or `[salt, value]`.
pub(super) struct Opened<'a> {
    /// The property's name; `None` for an array element.
    pub(super) name: Option<String>,
    pub(super) value: &'a RawValue,
}

impl<'a> Opened<'a> {
    /// `json` is the base64url-decoded disclosure. Anything but a JSON array
    /// of a string salt, then a string name and a value or a value alone, is
    /// [`DisclosureError::Malformed`].
    pub(super) fn parse(json: &'a [u8]) -> Result<Self, Error> {
        let malformed = || Error::Disclosure(DisclosureError::Malformed);
        let items: Vec<&RawValue> = serde_json::from_slice(json).map_err(|_| malformed())?;
        let is_string = |v: &RawValue| v.get().starts_with('"');
        match items[..] {
            [salt, value] if is_string(salt) => Ok(Self { name: None, value }),
            [salt, name, value] if is_string(salt) => Ok(Self {
                name: Some(serde_json::from_str(name.get()).map_err(|_| malformed())?),
                value,
            }),
            _ => Err(malformed()),
        }
    }
}
