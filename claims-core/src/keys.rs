//! [`Keys`], the front door: everything a service needs to encode and decode
//! tokens, built once. Each method is a short delegation to the layer that
//! does the work (`token`, `sd`, `protect`).

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::clock::{self, Clock, SharedClock};
use crate::contract::{Claims, EncodeClaims, EncodeSdClaims};
use crate::error::Error;
#[cfg(feature = "jwks-client")]
use crate::error::KeyKind;
#[cfg(feature = "jwks-client")]
use crate::jwks_client::JwksClient;
use crate::jws::{SigningKey, VerifyingKey};
use crate::policy::HashDomain;
use crate::protect::{Hashed, PiiKey, Pseudonym};
use crate::sd::{self, KeyBinding, SdJwt, SdOptions, SdVerification};
#[cfg(feature = "jwks-client")]
use crate::token::names_fetchable_kid;
use crate::token::{Codec, Config, Framing, Typ, Validation, Verified};

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
    codec: Codec,
    /// Where verifying keys are fetched from, besides the loaded ones.
    #[cfg(feature = "jwks-client")]
    jwks: Option<JwksClient>,
    clock: SharedClock,
}

impl Keys {
    /// Starts a builder; `issuer`, `audience` and at least one signing or
    /// verifying key are required.
    pub fn builder() -> KeysBuilder {
        KeysBuilder::default()
    }

    /// Encodes `claims` as a signed token: applies each field's protection and
    /// sets `iss`, `aud`, `iat`, `nbf`, `exp` and a random `jti`.
    ///
    /// A struct with `disclosable` fields does not compile here (it is not
    /// [`EncodeClaims`]): issue it as an SD-JWT with [`Keys::issue_sd`].
    pub fn encode<T: EncodeClaims>(&self, claims: &T) -> Result<String, Error> {
        self.encode_at(claims, self.now(), &mut rand::thread_rng())
    }

    /// [`Keys::encode`] with the clock and randomness given: the test-vector
    /// hook, never public.
    pub(crate) fn encode_at<T: EncodeClaims>(
        &self,
        claims: &T,
        now: u64,
        rng: &mut dyn rand::RngCore,
    ) -> Result<String, Error> {
        let framing = Framing::new(self.codec.lifetime(), rng, None);
        self.codec.encode(claims, Typ::Jwt, &framing, now, rng)
    }

    /// Verifies `token` and decodes its claims, failing closed: see the crate
    /// docs' "Decoding" section for every check and its error. Under a
    /// [`Validation`] (see [`KeysBuilder::validation`]), its rules apply
    /// instead of `claims`' own.
    ///
    /// Keys that fetch their verifying keys ([`KeysBuilder::jwks`]) decode
    /// with [`Keys::decode_async`]; here they are [`Error::Config`].
    pub fn decode<T: Claims>(&self, token: &str) -> Result<Verified<T>, Error> {
        #[cfg(feature = "jwks-client")]
        if self.jwks.is_some() {
            return Err(Error::Config(
                "these keys fetch verifying keys from a JWKS endpoint: use decode_async",
            ));
        }
        self.decode_at(token, self.now())
    }

    /// [`Keys::decode`] at the given time.
    pub(crate) fn decode_at<T: Claims>(&self, token: &str, now: u64) -> Result<Verified<T>, Error> {
        self.decode_among(token, &[], now)
    }

    /// [`Keys::decode`] with `fetched` keys besides the loaded ones.
    fn decode_among<T: Claims>(
        &self,
        token: &str,
        fetched: &[VerifyingKey],
        now: u64,
    ) -> Result<Verified<T>, Error> {
        let codec = &self.codec;
        codec.decode_among(
            token,
            fetched,
            &codec.profile(Typ::Jwt),
            now,
            |raw, registered| codec.read_claims(raw, &[], registered),
        )
    }

    /// [`Keys::decode`] for keys built with a [`JwksClient`]
    /// ([`KeysBuilder::jwks`]; feature `jwks-client`): a token whose kid no
    /// loaded key has is verified under the client's current JWK Set, and
    /// when the set lacks it too, under the set fetched again (at most once
    /// per the client's refresh interval, concurrent callers sharing one
    /// fetch). A token without a kid, or with a kid no set could hold,
    /// never causes a fetch. With no set to be had, [`Error::Jwks`].
    ///
    /// Keys without a client decode here as [`Keys::decode`] does.
    #[cfg(feature = "jwks-client")]
    pub async fn decode_async<T: Claims>(&self, token: &str) -> Result<Verified<T>, Error> {
        let Some(jwks) = &self.jwks else {
            return self.decode_at(token, self.now());
        };
        let unknown = |result: &Result<Verified<T>, Error>| {
            matches!(result, Err(Error::UnknownKey(KeyKind::Signing)))
        };
        {
            let loaded = self.decode_among(token, &[], self.now());
            if !unknown(&loaded) {
                return loaded;
            }
        }
        let set = jwks.key_set().await?;
        {
            let cached = self.decode_among(token, set.keys(), self.now());
            if !unknown(&cached) || !names_fetchable_kid(token) {
                return cached;
            }
        }
        let set = jwks.refresh_after_miss(&set).await?;
        self.decode_among(token, set.keys(), self.now())
    }

    /// Issues `claims` as an SD-JWT (RFC 9901): `disclosable` fields become
    /// salted disclosures whose digests the issuer JWT carries in `_sd`;
    /// every other field is encoded as [`Keys::encode`] encodes it, and the
    /// registered claims are set the same way. The issuer JWT's header has
    /// `typ: sd+jwt`, so it is never accepted by [`Keys::decode`].
    ///
    /// The whole SD-JWT, disclosures included, must fit the size cap.
    pub fn issue_sd<T: EncodeSdClaims>(&self, claims: &T) -> Result<SdJwt, Error> {
        self.issue_sd_with(claims, &SdOptions::new())
    }

    /// [`Keys::issue_sd`] with decoy digests and/or a holder key.
    pub fn issue_sd_with<T: EncodeSdClaims>(
        &self,
        claims: &T,
        options: &SdOptions,
    ) -> Result<SdJwt, Error> {
        sd::issue(
            &self.codec,
            claims,
            options,
            self.now(),
            &mut rand::thread_rng(),
        )
    }

    /// Verifies an SD-JWT presentation (`<issuer-jwt>~<disclosure>~…~[<kb-jwt>]`)
    /// whose issuer JWT has `typ: sd+jwt`, and decodes its claims:
    /// [`Keys::verify_sd_with`] under [`SdVerification::sd_jwt`]`(binding)`.
    pub fn verify_sd<T: Claims>(
        &self,
        presentation: &str,
        binding: &KeyBinding<'_>,
    ) -> Result<Verified<T>, Error> {
        self.verify_sd_with(presentation, &SdVerification::sd_jwt(*binding))
    }

    /// Verifies an SD-JWT or SD-JWT VC presentation as `check` says and
    /// decodes its claims; undisclosed `disclosable` fields come back absent
    /// (`None`, or an absent [`Disclosable`](crate::Disclosable)), and so do
    /// undisclosed nested members and array elements.
    ///
    /// In order: the size cap on the whole presentation; the issuer JWT as
    /// [`Keys::decode`] checks a token (header, signature, registered
    /// claims), except that its `typ` must be one `check` accepts; for an
    /// SD-JWT VC, `vct`; `_sd_alg` (`sha-256`, or absent); the disclosures
    /// at any depth (RFC 9901 §7.1: every digest once in the whole payload,
    /// every disclosure referenced once, of the kind its place needs, its
    /// name not reserved and not already in its object); the key binding;
    /// then the fields as `decode` reads them, a claim the struct does not
    /// declare `disclosable` being refused as a top-level disclosure.
    pub fn verify_sd_with<T: Claims>(
        &self,
        presentation: &str,
        check: &SdVerification<'_>,
    ) -> Result<Verified<T>, Error> {
        sd::verify(&self.codec, presentation, check, self.now())
    }

    /// The pseudonym a token carries for `value` in `domain`, under the
    /// current PII key. A `&str` is the domain of that name, exact: a hashed
    /// claim's wire name unless it declares `hashed(domain = "...")`. A field
    /// declared `hashed(normalize = "...")` hashes in a normalized domain:
    /// pass its [`FieldPolicy::hash_domain`](crate::FieldPolicy::hash_domain),
    /// or `HashDomain::new("email").normalized(Normalize::Email)`.
    ///
    /// ```
    /// # use claims_core::*;
    /// # let keys = Keys::builder().issuer("i").audience("a")
    /// #     .signing_key(SigningKey::hs256("s", &[7; 32])?)
    /// #     .pii_key(PiiKey::new("p", &[9; 32])?).build()?;
    /// let email = HashDomain::new("email").normalized(Normalize::Email);
    /// assert_eq!(
    ///     keys.pseudonym(email, "Alice@Example.com")?,
    ///     keys.pseudonym(email, "alice@example.com")?,
    /// );
    /// assert_ne!(keys.pseudonym(email, "alice@example.com")?, keys.pseudonym("email", "alice@example.com")?);
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// After a PII key rotation, tokens made under the old key carry other
    /// pseudonyms: compare those with [`Hashed::matches`],
    /// which uses the key the token names. Hash maps serialize in iteration
    /// order: hash a `BTreeMap`, not a `HashMap`, for stable pseudonyms.
    /// A normalization applies to text only: another value is
    /// [`Error::Encode`].
    pub fn pseudonym<'d, T: Serialize + ?Sized>(
        &self,
        domain: impl Into<HashDomain<'d>>,
        value: &T,
    ) -> Result<Pseudonym, Error> {
        self.codec.pii().pseudonym(domain.into(), value)
    }

    /// The issuer tokens are issued by and must carry.
    pub fn issuer(&self) -> &str {
        self.codec.issuer()
    }

    /// The audience tokens are issued for and must carry.
    pub fn audience(&self) -> &str {
        self.codec.audience()
    }

    /// The public keys as a JWK Set (RFC 7517 §5), to serve at a JWKS
    /// endpoint. HMAC secrets are never included.
    pub fn jwks(&self) -> String {
        let keys: Vec<serde_json::Value> = self
            .codec
            .verifying_keys()
            .map(VerifyingKey::to_jwk)
            .filter(|jwk| !jwk.is_null())
            .collect();
        serde_json::json!({ "keys": keys }).to_string()
    }

    /// The time on these keys' clock ([`KeysBuilder::clock`]), in seconds
    /// since the Unix epoch.
    pub(crate) fn now(&self) -> u64 {
        self.clock.now()
    }

    /// The token layer's view of these keys, for the lifecycle.
    #[cfg(feature = "lifecycle")]
    pub(crate) fn codec(&self) -> &Codec {
        &self.codec
    }
}

impl<T: Serialize> Hashed<T> {
    /// Whether `candidate` is the value behind this one, compared in constant time.
    ///
    /// A decoded value recomputes the pseudonym of `candidate` with the PII key
    /// the token used and its field's domain, normalization included (so
    /// `"Alice@Example.com"` matches a `hashed(normalize = "email")` value of
    /// `"alice@example.com"`). A clear value, which does not know its field,
    /// compares serialized bytes exactly.
    // Here rather than with `Hashed`: it takes the `Keys`, which sit above it.
    pub fn matches(&self, keys: &Keys, candidate: &T) -> Result<bool, Error> {
        keys.codec.pii().matches(self, candidate)
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codec = &self.codec;
        f.debug_struct("Keys")
            .field("issuer", &codec.issuer())
            .field("audience", &codec.audience())
            .field("lifetime", &codec.lifetime())
            .field("signer", &codec.signing_key())
            .field("verifiers", &codec.verifying_keys().collect::<Vec<_>>())
            .field("pii", codec.pii())
            .field("clock", &self.clock)
            .finish_non_exhaustive()?;
        #[cfg(feature = "jwks-client")]
        if let Some(jwks) = &self.jwks {
            write!(f, " with {jwks:?}")?;
        }
        Ok(())
    }
}

// `Keys` is shared across request handlers.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Keys>();
};

/// Builds [`Keys`]; see [`Keys::builder`].
#[derive(Debug, Default)]
pub struct KeysBuilder {
    config: Config,
    #[cfg(feature = "jwks-client")]
    jwks: Option<JwksClient>,
    clock: Option<SharedClock>,
}

impl KeysBuilder {
    /// The `iss` to issue and to require (exact string match). Required.
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.config.issuer = Some(issuer.into());
        self
    }

    /// The `aud` to issue and to require. Required.
    #[must_use]
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.config.audience = Some(audience.into());
        self
    }

    /// How long issued tokens live (default 5 minutes, at most `max_lifetime`).
    #[must_use]
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.config.lifetime = Some(lifetime);
        self
    }

    /// The ceiling on `exp - iat` for tokens issued and accepted (default 1 hour).
    #[must_use]
    pub fn max_lifetime(mut self, max_lifetime: Duration) -> Self {
        self.config.max_lifetime = Some(max_lifetime);
        self
    }

    /// Clock skew tolerated on `exp`, `nbf` and `iat` (default 30 seconds).
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.config.leeway = Some(leeway);
        self
    }

    /// The longest token issued or accepted, in bytes (default 8 KiB).
    #[must_use]
    pub fn max_token_size(mut self, bytes: usize) -> Self {
        self.config.max_token_size = Some(bytes);
        self
    }

    /// Decodes tokens from another issuer, an identity provider, under
    /// `validation` instead of `claims`' own rules: these keys then only
    /// verify (no signing key), and take their issuers, audiences, leeway
    /// and time limits from the validation (setting them here too is an
    /// error). See [`Validation`] for the presets.
    #[must_use]
    pub fn validation(mut self, validation: Validation) -> Self {
        self.config.validation = Some(validation);
        self
    }

    /// Adds a signing key: the first one added signs, all verify (a retired
    /// key stays here, or as a verifying key, until its last token expires).
    #[must_use]
    pub fn signing_key(mut self, key: SigningKey) -> Self {
        self.config.signing.push(key);
        self
    }

    /// Adds a key that only verifies: another issuer's, or a retired one's.
    #[must_use]
    pub fn verifying_key(mut self, key: VerifyingKey) -> Self {
        self.config.verifying.push(key);
        self
    }

    /// Adds keys that only verify, e.g. from [`VerifyingKey::from_jwks`].
    #[must_use]
    pub fn verifying_keys(mut self, keys: impl IntoIterator<Item = VerifyingKey>) -> Self {
        self.config.verifying.extend(keys);
        self
    }

    /// Verifies with the keys of an identity provider's JWK Set as `client`
    /// fetches them, besides any loaded key (feature `jwks-client`): such
    /// keys decode with [`Keys::decode_async`]. No loaded key is then needed.
    #[cfg(feature = "jwks-client")]
    #[must_use]
    pub fn jwks(mut self, client: JwksClient) -> Self {
        self.config.fetches_keys = true;
        self.jwks = Some(client);
        self
    }

    /// Adds a PII key: the first one added protects new values, all decode.
    #[must_use]
    pub fn pii_key(mut self, key: PiiKey) -> Self {
        self.config.pii.push(key);
        self
    }

    /// The clock every time check reads (default: [`SystemClock`](crate::clock::SystemClock)).
    /// For tests: a [`ManualClock`](crate::clock::ManualClock) moves only
    /// when told to, and a `Lifecycle` over these keys follows it too; see
    /// the [`clock`](crate::clock) module.
    #[must_use]
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(std::sync::Arc::new(clock));
        self
    }

    /// Checks the configuration and builds the keys.
    pub fn build(self) -> Result<Keys, Error> {
        Codec::new(self.config).map(|codec| Keys {
            codec,
            #[cfg(feature = "jwks-client")]
            jwks: self.jwks,
            clock: self.clock.unwrap_or_else(clock::system),
        })
    }
}
