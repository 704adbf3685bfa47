//! [`Keys`]: everything a service needs to encode and decode tokens, built once.

use std::time::Duration;

use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::jws::{SigningKey, VerifyingKey};
use crate::protect::{PiiKey, Pseudonym};

/// Default token lifetime: 5 minutes.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// Default ceiling on `exp - iat`, for issuing and accepting: 1 hour.
pub const DEFAULT_MAX_LIFETIME: Duration = Duration::from_secs(3600);
/// Default clock leeway on `exp`, `nbf` and `iat`: 30 seconds.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(30);
/// Default cap on a token's length, checked before any parsing: 8 KiB.
pub const DEFAULT_MAX_TOKEN_SIZE: usize = 8 * 1024;

/// Keys and policy for one issuer and audience: encodes and decodes tokens.
///
/// Built once with [`Keys::builder`] and shared (it is `Send + Sync`); every
/// keyed state (HMAC, AES key schedule, Ed25519 expansion) is computed at build
/// time, never per token.
///
/// Key rings: the first signing key added is the one that signs; every
/// signing and verifying key verifies, by the kid a token names. Likewise the
/// first PII key added pseudonymizes and encrypts, and every PII key decodes
/// the values that name its kid (looked up, never tried in turn). See the
/// README's "Key rotation" for the procedure.
#[derive(Clone)]
pub struct Keys {
    pub(crate) issuer: Box<str>,
    pub(crate) audience: Box<str>,
    pub(crate) lifetime: u64,
    pub(crate) max_lifetime: u64,
    pub(crate) leeway: u64,
    pub(crate) max_token_size: usize,
    /// The current signer; `None` for a verify-only service.
    pub(crate) signer: Option<SigningKey>,
    /// Every key tokens may be signed with, the signer's own included.
    pub(crate) verifiers: Vec<VerifyingKey>,
    pub(crate) pii: Vec<PiiKey>,
    /// `{"iss":…,"aud":…`: the fixed start of every payload.
    pub(crate) payload_prefix: Box<str>,
}

impl Keys {
    /// Starts a builder; `issuer`, `audience` and at least one signing or
    /// verifying key are required.
    pub fn builder() -> KeysBuilder {
        KeysBuilder::default()
    }

    /// The pseudonym a token carries for `value` in `domain` (a hashed claim's
    /// wire name unless it declares `hashed(domain = "...")`), under the current PII key.
    ///
    /// After a PII key rotation, tokens made under the old key carry other
    /// pseudonyms: compare those with [`Hashed::matches`](crate::Hashed::matches),
    /// which uses the key the token names. Hash maps serialize in iteration
    /// order: hash a `BTreeMap`, not a `HashMap`, for stable pseudonyms.
    pub fn pseudonym<T: Serialize + ?Sized>(
        &self,
        domain: &str,
        value: &T,
    ) -> Result<Pseudonym, Error> {
        let key = self
            .pii
            .first()
            .ok_or(Error::Config("no PII key is loaded"))?;
        let plaintext = Zeroizing::new(serde_json::to_vec(value).map_err(|_| Error::Encode {
            claim: "<pseudonym>",
        })?);
        Ok(Pseudonym::from_wire(
            &key.pseudonym_wire(domain, &plaintext),
        ))
    }

    /// The issuer tokens are issued by and must carry.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The audience tokens are issued for and must carry.
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// The public keys as a JWK Set (RFC 7517 §5), to serve at a JWKS
    /// endpoint. HMAC secrets are never included.
    pub fn jwks(&self) -> String {
        let keys: Vec<serde_json::Value> = self
            .verifiers
            .iter()
            .map(VerifyingKey::to_jwk)
            .filter(|jwk| !jwk.is_null())
            .collect();
        serde_json::json!({ "keys": keys }).to_string()
    }

    pub(crate) fn signer(&self) -> Result<&SigningKey, Error> {
        self.signer
            .as_ref()
            .ok_or(Error::Config("no signing key: these keys only verify"))
    }

    pub(crate) fn current_pii(&self) -> Option<&PiiKey> {
        self.pii.first()
    }

    pub(crate) fn pii_key_by_kid(&self, kid: &str) -> Result<&PiiKey, Error> {
        self.pii
            .iter()
            .find(|key| key.kid() == kid)
            .ok_or(Error::UnknownKey(crate::KeyKind::Pii))
    }
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("lifetime", &self.lifetime)
            .field("signer", &self.signer)
            .field("verifiers", &self.verifiers)
            .field("pii", &self.pii)
            .finish_non_exhaustive()
    }
}

// `Keys` is shared across request handlers.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Keys>();
};

/// Builds [`Keys`]; see [`Keys::builder`].
#[derive(Debug)]
pub struct KeysBuilder {
    issuer: Option<String>,
    audience: Option<String>,
    lifetime: Duration,
    max_lifetime: Duration,
    leeway: Duration,
    max_token_size: usize,
    signing: Vec<SigningKey>,
    verifying: Vec<VerifyingKey>,
    pii: Vec<PiiKey>,
}

impl Default for KeysBuilder {
    fn default() -> Self {
        Self {
            issuer: None,
            audience: None,
            lifetime: DEFAULT_LIFETIME,
            max_lifetime: DEFAULT_MAX_LIFETIME,
            leeway: DEFAULT_LEEWAY,
            max_token_size: DEFAULT_MAX_TOKEN_SIZE,
            signing: Vec::new(),
            verifying: Vec::new(),
            pii: Vec::new(),
        }
    }
}

impl KeysBuilder {
    /// The `iss` to issue and to require (exact string match). Required.
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// The `aud` to issue and to require. Required.
    #[must_use]
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// How long issued tokens live (default 5 minutes, at most `max_lifetime`).
    #[must_use]
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The ceiling on `exp - iat` for tokens issued and accepted (default 1 hour).
    #[must_use]
    pub fn max_lifetime(mut self, max_lifetime: Duration) -> Self {
        self.max_lifetime = max_lifetime;
        self
    }

    /// Clock skew tolerated on `exp`, `nbf` and `iat` (default 30 seconds).
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// The longest token issued or accepted, in bytes (default 8 KiB).
    #[must_use]
    pub fn max_token_size(mut self, bytes: usize) -> Self {
        self.max_token_size = bytes;
        self
    }

    /// Adds a signing key: the first one added signs, all verify (a retired
    /// key stays here, or as a verifying key, until its last token expires).
    #[must_use]
    pub fn signing_key(mut self, key: SigningKey) -> Self {
        self.signing.push(key);
        self
    }

    /// Adds a key that only verifies: another issuer's, or a retired one's.
    #[must_use]
    pub fn verifying_key(mut self, key: VerifyingKey) -> Self {
        self.verifying.push(key);
        self
    }

    /// Adds keys that only verify, e.g. from [`VerifyingKey::from_jwks`].
    #[must_use]
    pub fn verifying_keys(mut self, keys: impl IntoIterator<Item = VerifyingKey>) -> Self {
        self.verifying.extend(keys);
        self
    }

    /// Adds a PII key: the first one added protects new values, all decode.
    #[must_use]
    pub fn pii_key(mut self, key: PiiKey) -> Self {
        self.pii.push(key);
        self
    }

    /// Checks the configuration and builds the keys.
    pub fn build(self) -> Result<Keys, Error> {
        let issuer = self
            .issuer
            .filter(|s| !s.is_empty())
            .ok_or(Error::Config("an issuer is required"))?;
        let audience = self
            .audience
            .filter(|s| !s.is_empty())
            .ok_or(Error::Config("an audience is required"))?;
        let verifiers: Vec<VerifyingKey> = self
            .signing
            .iter()
            .map(SigningKey::verifier)
            .chain(self.verifying)
            .collect();
        if verifiers.is_empty() {
            return Err(Error::Config("a signing or verifying key is required"));
        }
        if has_duplicate(verifiers.iter().map(VerifyingKey::kid))
            || has_duplicate(self.pii.iter().map(PiiKey::kid))
        {
            return Err(Error::Config("two keys share a kid"));
        }
        let lifetime = self.lifetime.as_secs();
        let max_lifetime = self.max_lifetime.as_secs();
        if lifetime == 0 || lifetime > max_lifetime {
            return Err(Error::Config(
                "the lifetime must be positive and at most the maximum lifetime",
            ));
        }
        if self.max_token_size == 0 {
            return Err(Error::Config("the maximum token size must be positive"));
        }
        let payload_prefix = format!(
            r#"{{"iss":{},"aud":{}"#,
            serde_json::Value::from(issuer.as_str()),
            serde_json::Value::from(audience.as_str()),
        );
        Ok(Keys {
            issuer: issuer.into(),
            audience: audience.into(),
            lifetime,
            max_lifetime,
            leeway: self.leeway.as_secs(),
            max_token_size: self.max_token_size,
            signer: self.signing.into_iter().next(),
            verifiers,
            pii: self.pii,
            payload_prefix: payload_prefix.into(),
        })
    }
}

fn has_duplicate<'a>(kids: impl Iterator<Item = &'a str>) -> bool {
    let mut seen: Vec<&str> = kids.collect();
    let len = seen.len();
    seen.sort_unstable();
    seen.dedup();
    seen.len() != len
}

/// A kid is 1–32 characters of `[A-Za-z0-9_-]`: safe in a wire value, a
/// header and a log line without escaping.
pub(crate) fn validate_kid(kid: &str) -> Result<(), Error> {
    let ok = (1..=32).contains(&kid.len())
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
