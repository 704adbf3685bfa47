//! How a token is framed: the registered claims that open every payload
//! (FORMAT.md §6), and the lifecycle's family id after them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore;

/// A token's lifetime, `jti` and, for the lifecycle's tokens, family id.
pub(crate) struct Framing<'a> {
    lifetime: u64,
    jti: [u8; 16],
    fid: Option<&'a str>,
}

impl<'a> Framing<'a> {
    /// A new token's framing, its `jti` 128 bits from `rng`; `fid` is one
    /// [`Framing::random_id`] made.
    pub(crate) fn new(lifetime: u64, rng: &mut dyn RngCore, fid: Option<&'a str>) -> Self {
        let mut jti = [0u8; 16];
        rng.fill_bytes(&mut jti);
        Self { lifetime, jti, fid }
    }

    /// A token's framing with a `jti` already chosen: the lifecycle issues a
    /// refresh token again under the `jti` its store kept (a retried refresh).
    #[cfg(feature = "lifecycle")]
    pub(crate) fn with_jti(lifetime: u64, jti: [u8; 16], fid: Option<&'a str>) -> Self {
        Self { lifetime, jti, fid }
    }

    /// The `jti` as issued.
    #[cfg(feature = "lifecycle")]
    pub(crate) fn jti(&self) -> String {
        B64.encode(self.jti)
    }

    /// Writes `{"iss":…,"aud":…` (the given `prefix`), then
    /// `,"iat":…,"nbf":…,"exp":…,"jti":…` and, for a lifecycle token,
    /// `,"fid":…` (no closing brace).
    pub(crate) fn write(&self, prefix: &str, now: u64, out: &mut Vec<u8>) {
        let mut num = itoa::Buffer::new();
        out.extend_from_slice(prefix.as_bytes());
        for (name, value) in [
            (&br#","iat":"#[..], now),
            (br#","nbf":"#, now),
            (br#","exp":"#, now.saturating_add(self.lifetime)),
        ] {
            out.extend_from_slice(name);
            out.extend_from_slice(num.format(value).as_bytes());
        }
        out.extend_from_slice(br#","jti":""#);
        let mut jti_b64 = [0u8; 22];
        let written = B64.encode_slice(self.jti, &mut jti_b64).unwrap_or_default();
        out.extend_from_slice(&jti_b64[..written]);
        out.push(b'"');
        if let Some(fid) = self.fid {
            // Ours: base64url, no escaping needed.
            out.extend_from_slice(br#","fid":""#);
            out.extend_from_slice(fid.as_bytes());
            out.push(b'"');
        }
    }
}
