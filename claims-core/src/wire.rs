//! Wire format v1 of protected values, byte for byte as FORMAT.md §1 to §5
//! write it: the kid rule, the labels keys are derived and bound with, the
//! padding of encrypted plaintexts, `h1.<kid>.<b64u(tag)>` and
//! `e1.<kid>.<b64u(nonce || ciphertext || tag)>`, and their parser. The one module that knows these bytes; the
//! cryptography over them is [`PiiKey`](crate::PiiKey)'s.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use zeroize::{Zeroize, Zeroizing};

use crate::error::Error;

/// HKDF `info` of the AES-256-GCM key (§2).
pub(crate) const ENC_INFO: &[u8] = b"claims/v1/enc";
/// HKDF `info` of the HMAC key (§2).
pub(crate) const MAC_INFO: &[u8] = b"claims/v1/mac";
/// What a pseudonym's HMAC input starts with (§4): the exact value's
/// label, then those of the normalizations, each a domain of its own.
pub(crate) const HASH_LABEL: &[u8] = b"claims/v1/hash";
pub(crate) const HASH_LABEL_NFC: &[u8] = b"claims/v1/hash/nfc";
pub(crate) const HASH_LABEL_EMAIL: &[u8] = b"claims/v1/hash/email";
/// An HMAC-SHA256 tag (§4).
pub(crate) const HASH_TAG_LEN: usize = 32;
/// An AES-GCM nonce (§5).
pub(crate) const NONCE_LEN: usize = 12;
/// An AES-GCM authentication tag (§5).
pub(crate) const SEAL_TAG_LEN: usize = 16;
/// The longest kid (§1).
const MAX_KID_LEN: usize = 32;
/// The bucket an encrypted plaintext is padded to a multiple of, unless
/// the field declares a larger one (§3).
pub const DEFAULT_PAD: u16 = 16;
/// The padding byte: a JSON space, so the padded plaintext parses as the
/// value alone, by any JSON parser, including decoders from before padding.
const PAD_BYTE: u8 = b' ';

/// The two kinds of protected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `h1.`: a pseudonym (§4).
    Hashed,
    /// `e1.`: a sealed value (§5).
    Encrypted,
}

impl Kind {
    pub(crate) const fn prefix(self) -> &'static str {
        match self {
            Self::Hashed => "h1.",
            Self::Encrypted => "e1.",
        }
    }

    fn body_fits(self, len: usize) -> bool {
        match self {
            Self::Hashed => len == HASH_TAG_LEN,
            Self::Encrypted => len >= NONCE_LEN + SEAL_TAG_LEN,
        }
    }
}

/// A kid is 1–32 characters of `[A-Za-z0-9_-]` (§1): safe in a wire value,
/// a JWS header and a log line without escaping.
pub(crate) fn validate_kid(kid: &str) -> Result<(), Error> {
    let ok = (1..=MAX_KID_LEN).contains(&kid.len())
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::Key(
            "a kid must be 1 to 32 characters of [A-Za-z0-9_-]",
        ))
    }
}

/// A pseudonym's HMAC input, `label 0x00 domain 0x00 plaintext` (§4), as
/// the parts to feed in order; `label` is one of the `HASH_LABEL`s.
pub(crate) fn hash_input<'a>(
    label: &'static [u8],
    domain: &'a str,
    plaintext: &'a [u8],
) -> [&'a [u8]; 5] {
    [label, &[0], domain.as_bytes(), &[0], plaintext]
}

/// Pads an encrypted plaintext with spaces to the next multiple of
/// `bucket` bytes (§3); a bucket under [`DEFAULT_PAD`] counts as it. The
/// buffer grows, if it must, without leaving a copy of the plaintext in
/// freed memory.
pub(crate) fn pad(plaintext: &mut Vec<u8>, bucket: u16) {
    let bucket = usize::from(bucket.max(DEFAULT_PAD));
    let padded = plaintext.len().div_ceil(bucket).max(1) * bucket;
    if padded > plaintext.capacity() {
        let mut grown = Vec::with_capacity(padded);
        grown.extend_from_slice(plaintext);
        plaintext.zeroize();
        *plaintext = grown;
    }
    plaintext.resize(padded, PAD_BYTE);
}

/// `"claims/v1/enc" 0x00 kid 0x00`: a sealed value's AAD up to the claim
/// name, which completes it (§5).
pub(crate) fn aad_prefix(kid: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(ENC_INFO.len() + kid.len() + 2);
    aad.extend_from_slice(ENC_INFO);
    aad.push(0);
    aad.extend_from_slice(kid.as_bytes());
    aad.push(0);
    aad
}

/// Appends `h1.<kid>.<b64u(tag)>` to `out`.
pub(crate) fn write_hashed(kid: &str, tag: &[u8; HASH_TAG_LEN], out: &mut String) {
    out.push_str(Kind::Hashed.prefix());
    out.push_str(kid);
    out.push('.');
    B64.encode_string(tag, out);
}

/// Appends `e1.<kid>.<b64u(nonce || ciphertext || tag)>` to `out`.
pub(crate) fn write_encrypted(
    kid: &str,
    nonce: &[u8; NONCE_LEN],
    ciphertext: &[u8],
    tag: &[u8; SEAL_TAG_LEN],
    out: &mut String,
) {
    // Concatenated first, so the body is base64url'd in one pass.
    let mut sealed = Zeroizing::new(Vec::with_capacity(
        NONCE_LEN + ciphertext.len() + SEAL_TAG_LEN,
    ));
    sealed.extend_from_slice(nonce);
    sealed.extend_from_slice(ciphertext);
    sealed.extend_from_slice(tag);
    out.push_str(Kind::Encrypted.prefix());
    out.push_str(kid);
    out.push('.');
    B64.encode_string(&*sealed, out);
}

/// A protected wire value split into its parts.
#[derive(Debug)]
pub(crate) struct WireValue<'a> {
    pub(crate) kid: &'a str,
    /// The decoded body: the HMAC tag (`h1.`) or `nonce || ciphertext || tag` (`e1.`).
    pub(crate) body: Vec<u8>,
}

/// A sealed body split for opening: the ciphertext is left where it was
/// decoded, to be decrypted in place.
pub(crate) struct Sealed {
    pub(crate) nonce: [u8; NONCE_LEN],
    pub(crate) ciphertext: Zeroizing<Vec<u8>>,
    pub(crate) tag: [u8; SEAL_TAG_LEN],
}

impl WireValue<'_> {
    /// An `e1.` body as nonce, ciphertext and tag; `None` when it is too short.
    pub(crate) fn into_sealed(self) -> Option<Sealed> {
        let mut body = Zeroizing::new(self.body);
        let tag_at = body.len().checked_sub(SEAL_TAG_LEN)?;
        let tag = <[u8; SEAL_TAG_LEN]>::try_from(&body[tag_at..]).ok()?;
        let nonce = <[u8; NONCE_LEN]>::try_from(body.get(..NONCE_LEN)?).ok()?;
        body.truncate(tag_at);
        body.drain(..NONCE_LEN);
        Some(Sealed {
            nonce,
            ciphertext: body,
            tag,
        })
    }
}

/// Parses `<prefix><kid>.<base64url>` of the given kind. `None` when the
/// value is not of that form, including non-canonical base64url.
pub(crate) fn parse(value: &str, expected: Kind) -> Option<WireValue<'_>> {
    let rest = value.strip_prefix(expected.prefix())?;
    let (kid, body) = rest.split_once('.')?;
    validate_kid(kid).ok()?;
    let body = B64.decode(body).ok()?;
    expected
        .body_fits(body.len())
        .then_some(WireValue { kid, body })
}

/// The kid of a value [`parse`] accepted.
pub(crate) fn kid(value: &str) -> &str {
    value.split('.').nth(1).unwrap_or_default()
}

/// Whether `value` is a well-formed `h1.` or `e1.` wire value (the prefix
/// selects which; any other prefix is refused): the parser, for the fuzz
/// targets only.
#[cfg(feature = "fuzzing")]
pub fn is_wire_value(value: &str, prefix: &str) -> bool {
    let kind = match prefix {
        "h1." => Kind::Hashed,
        "e1." => Kind::Encrypted,
        _ => return false,
    };
    parse(value, kind).is_some()
}

#[cfg(test)]
mod tests {
    use super::{DEFAULT_PAD, pad};

    #[test]
    fn pads_with_spaces_to_the_next_multiple_of_the_bucket() {
        for (len, bucket, want) in [
            (4, 16, 16),
            (16, 16, 16),
            (17, 16, 32),
            (1, 64, 64),
            (65, 64, 128),
            (0, 16, 16),
            // Under the default, the default.
            (3, 1, 16),
            (3, 0, 16),
        ] {
            let mut plaintext = vec![b'1'; len];
            pad(&mut plaintext, bucket);
            assert_eq!(plaintext.len(), want, "{len} in {bucket}");
            assert!(plaintext[..len].iter().all(|&b| b == b'1'));
            assert!(plaintext[len..].iter().all(|&b| b == b' '));
        }
        assert_eq!(DEFAULT_PAD, 16);
    }

    #[test]
    fn a_padded_plaintext_reads_as_the_value() {
        let mut plaintext = b"true".to_vec();
        pad(&mut plaintext, DEFAULT_PAD);
        assert_eq!(serde_json::from_slice::<bool>(&plaintext).ok(), Some(true));
    }
}
