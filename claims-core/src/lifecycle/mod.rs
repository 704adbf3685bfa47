//! Token lifecycle: access and refresh tokens, rotation with reuse detection,
//! revocation and a kill switch, on a shared [`RevocationStore`].
//!
//! [`Lifecycle`] wraps [`Keys`] and a store:
//!
//! - [`Lifecycle::login`] issues a [`TokenPair`]: a short-lived access token
//!   (header `typ: JWT`, the `Keys` lifetime) and a long-lived refresh token
//!   (header `typ: refresh+jwt`, default [`DEFAULT_REFRESH_LIFETIME`], 14
//!   days). Both carry the same claims struct, protected the same way, a
//!   random `jti` and the family id `fid` of the login. [`Keys::decode`]
//!   refuses a refresh token and the refresh path refuses an access token,
//!   both with [`Error::TokenType`] (RFC 8725 §3.11 explicit typing).
//! - [`Lifecycle::decode`] is [`Keys::decode`] plus one store round trip:
//!   the token's `jti` denylisted, its subject's cutoff, the kill switch's
//!   cutoff or its family revoked each reject it with [`Error::Revoked`].
//! - [`Lifecycle::refresh`] checks a refresh token (its own maximum
//!   lifetime), decodes its claims and re-issues the pair from them. Refresh
//!   tokens are single-use: the store keeps each family's current refresh
//!   `jti` and rotates it atomically; presenting one already rotated revokes
//!   the whole family, the newest refresh token and the family's access
//!   tokens included ([`Error::RefreshReused`], OAuth 2.0 Security BCP §4.14).
//!   Of two concurrent refreshes with one token, one rotates and the other
//!   is reuse: never two live refresh tokens in a family.
//! - [`Lifecycle::logout`] revokes a refresh token's family;
//!   [`Lifecycle::revoke_token`] one token by `jti` until its `exp`;
//!   [`Lifecycle::revoke_subject`] every token of a subject issued until now;
//!   [`Lifecycle::kill_switch`] every token issued until now. Logging in
//!   again afterwards works: cutoffs compare with `iat`, which has
//!   one-second resolution, and a token issued in the cutoff's second is
//!   rejected too (fail safe), so a client retries a second later.
//! - The subject is the `sub` claim's wire value ([`RegisteredClaims::sub`]):
//!   for a `hashed` `sub` the `h1.` pseudonym, from
//!   [`Keys::pseudonym`] or a verified token. After a PII key rotation a
//!   subject has one pseudonym per key: revoke each.
//!
//! Every store entry expires once no token it rejects can still be valid:
//! a `jti` at that token's `exp`, a cutoff after the longest lifetime
//! accepted, a family after its newest refresh token; all plus the leeway.
//!
//! When the store fails, decoding fails closed with
//! [`Error::StoreUnavailable`]. [`OnStoreError::AcceptAccessTokens`] is the
//! degraded mode: access tokens that verify are then accepted unchecked
//! (revocation is not enforced for up to the access lifetime); logging in,
//! refreshing and revoking still fail, as they must write.
//!
//! Claims structs used here must not declare a `fid` claim (refused with
//! [`Error::Config`]).
//!
//! With feature `axum`, [`Verified<T>`] is an extractor over the
//! `Lifecycle` in the router state; see `BearerRejection` for its responses.

#[cfg(feature = "axum")]
mod axum;
mod memory;
#[cfg(feature = "redis")]
mod redis;
mod store;

use std::sync::Arc;
use std::time::Duration;

use claims_lexicon::reserved;

use crate::contract::{Claims, EncodeClaims};
use crate::error::Error;
use crate::keys::Keys;
use crate::token::{Framing, Profile, RegisteredClaims, Typ, Verified, unix_now};

#[cfg(feature = "axum")]
pub use axum::BearerRejection;
pub use memory::MemoryStore;
#[cfg(feature = "redis")]
pub use redis::RedisStore;
pub use store::{RevocationStore, Rotation, TokenRef};

/// Default refresh token lifetime: 14 days.
pub const DEFAULT_REFRESH_LIFETIME: Duration = Duration::from_secs(14 * 24 * 3600);

/// What decoding does when the store fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OnStoreError {
    /// Fail closed: [`Error::StoreUnavailable`]. The default.
    #[default]
    Reject,
    /// Degraded mode: accept access tokens that verify, without the
    /// revocation check. Refresh, login and revocation still fail.
    AcceptAccessTokens,
}

/// An access token and its refresh token. `Debug` does not show them.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenPair {
    /// The access token (`typ: JWT`), for `Authorization: Bearer`.
    pub access_token: String,
    /// The refresh token (`typ: refresh+jwt`), single-use.
    pub refresh_token: String,
    /// The access token's lifetime in seconds.
    pub expires_in: u64,
    /// The refresh token's lifetime in seconds.
    pub refresh_expires_in: u64,
}

impl std::fmt::Debug for TokenPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenPair")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("refresh_expires_in", &self.refresh_expires_in)
            .finish()
    }
}

/// [`Keys`] plus a [`RevocationStore`]: issues, refreshes, decodes and
/// revokes tokens. Cheap to clone (shared), `Send + Sync`.
#[derive(Clone)]
pub struct Lifecycle {
    inner: Arc<Inner>,
}

struct Inner {
    keys: Keys,
    store: Box<dyn store::DynStore>,
    refresh_lifetime: u64,
    on_store_error: OnStoreError,
}

impl std::fmt::Debug for Lifecycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lifecycle")
            .field("keys", &self.inner.keys)
            .field("refresh_lifetime", &self.inner.refresh_lifetime)
            .field("on_store_error", &self.inner.on_store_error)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Lifecycle`]; see [`Lifecycle::builder`].
#[must_use]
pub struct LifecycleBuilder {
    keys: Keys,
    store: Option<Box<dyn store::DynStore>>,
    refresh_lifetime: Duration,
    on_store_error: OnStoreError,
}

impl std::fmt::Debug for LifecycleBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LifecycleBuilder")
            .field("refresh_lifetime", &self.refresh_lifetime)
            .field("on_store_error", &self.on_store_error)
            .finish_non_exhaustive()
    }
}

impl LifecycleBuilder {
    /// The revocation store (default: a new [`MemoryStore`]).
    pub fn store(mut self, store: impl RevocationStore) -> Self {
        self.store = Some(Box::new(store));
        self
    }

    /// How long refresh tokens live, and the most a refresh token may
    /// (`exp - iat`) to be accepted (default 14 days, at least the access lifetime).
    pub fn refresh_lifetime(mut self, lifetime: Duration) -> Self {
        self.refresh_lifetime = lifetime;
        self
    }

    /// What decoding does when the store fails (default: reject).
    pub fn on_store_error(mut self, on_error: OnStoreError) -> Self {
        self.on_store_error = on_error;
        self
    }

    /// Checks the configuration and builds the lifecycle.
    pub fn build(self) -> Result<Lifecycle, Error> {
        let refresh_lifetime = self.refresh_lifetime.as_secs();
        if refresh_lifetime < self.keys.codec().lifetime() {
            return Err(Error::Config(
                "the refresh lifetime must be at least the access token lifetime",
            ));
        }
        Ok(Lifecycle {
            inner: Arc::new(Inner {
                keys: self.keys,
                store: self.store.unwrap_or_else(|| Box::new(MemoryStore::new())),
                refresh_lifetime,
                on_store_error: self.on_store_error,
            }),
        })
    }
}

fn token_ref(registered: &RegisteredClaims) -> TokenRef<'_> {
    TokenRef {
        jti: &registered.jti,
        sub: registered.sub.as_deref(),
        fid: registered.fid.as_deref(),
        iat: registered.iat,
    }
}

impl Lifecycle {
    /// A lifecycle with the default settings over `store`.
    pub fn new(keys: Keys, store: impl RevocationStore) -> Self {
        Self {
            inner: Arc::new(Inner {
                refresh_lifetime: DEFAULT_REFRESH_LIFETIME
                    .as_secs()
                    .max(keys.codec().lifetime()),
                keys,
                store: Box::new(store),
                on_store_error: OnStoreError::Reject,
            }),
        }
    }

    /// Starts a builder over `keys`.
    pub fn builder(keys: Keys) -> LifecycleBuilder {
        LifecycleBuilder {
            keys,
            store: None,
            refresh_lifetime: DEFAULT_REFRESH_LIFETIME,
            on_store_error: OnStoreError::Reject,
        }
    }

    /// The keys tokens are signed and verified with.
    pub fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    /// The refresh token lifetime, in seconds.
    pub fn refresh_lifetime(&self) -> u64 {
        self.inner.refresh_lifetime
    }

    /// Logs in: a new token family, and its first access and refresh tokens.
    pub async fn login<T: EncodeClaims>(&self, claims: &T) -> Result<TokenPair, Error> {
        let fid = Framing::random_id(&mut rand::thread_rng());
        let (pair, refresh_jti) = self.issue(claims, &fid, unix_now())?;
        self.inner
            .store
            .start_family(&fid, &refresh_jti, self.family_ttl())
            .await?;
        Ok(pair)
    }

    /// Verifies an access token like [`Keys::decode`], then asks the store
    /// whether it is revoked ([`Error::Revoked`]). Refresh tokens are refused
    /// ([`Error::TokenType`]).
    pub async fn decode<T: Claims>(&self, token: &str) -> Result<Verified<T>, Error> {
        let verified = self.inner.keys.decode::<T>(token)?;
        match self
            .inner
            .store
            .is_revoked(token_ref(verified.registered()))
            .await
        {
            Ok(false) => Ok(verified),
            Ok(true) => Err(Error::Revoked),
            Err(Error::StoreUnavailable)
                if self.inner.on_store_error == OnStoreError::AcceptAccessTokens =>
            {
                Ok(verified)
            }
            Err(e) => Err(e),
        }
    }

    /// Exchanges a refresh token for a new pair carrying the same claims
    /// (decoded as `T`, re-encoded). The refresh token is spent: presenting
    /// it again revokes its family ([`Error::RefreshReused`]). Access tokens
    /// are refused ([`Error::TokenType`]). Never accepted unchecked, even in
    /// the degraded mode.
    pub async fn refresh<T: EncodeClaims>(&self, refresh_token: &str) -> Result<TokenPair, Error> {
        let now = unix_now();
        let (verified, fid) = self.verify_refresh::<T>(refresh_token, now)?;
        let (pair, new_jti) = self.issue(&*verified, &fid, now)?;
        let registered = verified.registered();
        match self
            .inner
            .store
            .rotate(token_ref(registered), &new_jti, self.family_ttl())
            .await?
        {
            Rotation::Rotated => Ok(pair),
            Rotation::Reused => Err(Error::RefreshReused),
            Rotation::Revoked => Err(Error::Revoked),
        }
    }

    /// Logs out: revokes the refresh token's family, so its refresh tokens
    /// and the access tokens issued with them are rejected. Idempotent.
    pub async fn logout(&self, refresh_token: &str) -> Result<(), Error> {
        let codec = self.inner.keys.codec();
        let fid = codec.decode(
            refresh_token,
            &self.refresh_profile(),
            unix_now(),
            Ok,
            |_, registered| family(&registered),
        )?;
        self.inner
            .store
            .revoke_family(&fid, self.family_ttl())
            .await
    }

    /// Revokes the session a verified token belongs to (its family, when it
    /// is a lifecycle token) and the token itself.
    pub async fn revoke_session(&self, registered: &RegisteredClaims) -> Result<(), Error> {
        if let Some(fid) = registered.fid.as_deref() {
            self.inner
                .store
                .revoke_family(fid, self.family_ttl())
                .await?;
        }
        self.revoke_token(registered).await
    }

    /// Revokes one token by its `jti`, until its `exp`.
    pub async fn revoke_token(&self, registered: &RegisteredClaims) -> Result<(), Error> {
        self.revoke_jti(&registered.jti, registered.exp).await
    }

    /// Revokes the token whose `jti` is given, which expires at `exp`.
    pub async fn revoke_jti(&self, jti: &str, exp: u64) -> Result<(), Error> {
        let ttl = exp
            .saturating_add(self.leeway())
            .saturating_sub(unix_now())
            .max(1);
        self.inner.store.revoke_jti(jti, ttl).await
    }

    /// Revokes every token of `sub` (the `sub` claim's wire value, see
    /// [`RegisteredClaims::sub`]) issued until now; returns the cutoff.
    pub async fn revoke_subject(&self, sub: &str) -> Result<u64, Error> {
        let now = unix_now();
        self.inner
            .store
            .revoke_subject(sub, now, self.cutoff_ttl())
            .await?;
        Ok(now)
    }

    /// The kill switch: rejects every token issued until now, system-wide;
    /// returns the cutoff. Users log in again afterwards (from the next second).
    pub async fn kill_switch(&self) -> Result<u64, Error> {
        let now = unix_now();
        self.inner.store.revoke_all(now, self.cutoff_ttl()).await?;
        Ok(now)
    }

    /// Verifies a refresh token and decodes its claims; its `fid`.
    fn verify_refresh<T: Claims>(
        &self,
        token: &str,
        now: u64,
    ) -> Result<(Verified<T>, String), Error> {
        let codec = self.inner.keys.codec();
        codec.decode(
            token,
            &self.refresh_profile(),
            now,
            Ok,
            |raw, registered| {
                let fid = family(&registered)?;
                Ok((codec.read_claims(raw, &[], registered)?, fid))
            },
        )
    }

    /// What a refresh token must satisfy: `typ: refresh+jwt`, and the
    /// refresh lifetime as the ceiling on `exp - iat`.
    fn refresh_profile(&self) -> Profile<'_> {
        Profile {
            max_lifetime: self.inner.refresh_lifetime,
            ..self.inner.keys.codec().profile(Typ::Refresh)
        }
    }

    /// A pair in family `fid`; the refresh token's `jti`.
    fn issue<T: EncodeClaims>(
        &self,
        claims: &T,
        fid: &str,
        now: u64,
    ) -> Result<(TokenPair, String), Error> {
        if T::POLICY
            .iter()
            .any(|f| reserved::LIFECYCLE.contains(&f.wire_name))
        {
            return Err(Error::Config(
                "a lifecycle claims struct cannot declare a `fid` claim",
            ));
        }
        let codec = self.inner.keys.codec();
        let rng = &mut rand::thread_rng();
        let access = Framing::new(codec.lifetime(), rng, Some(fid));
        let refresh = Framing::new(self.inner.refresh_lifetime, rng, Some(fid));
        let pair = TokenPair {
            access_token: codec.encode(claims, Typ::Jwt, &access, now, rng)?,
            refresh_token: codec.encode(claims, Typ::Refresh, &refresh, now, rng)?,
            expires_in: codec.lifetime(),
            refresh_expires_in: self.inner.refresh_lifetime,
        };
        Ok((pair, refresh.jti()))
    }

    fn leeway(&self) -> u64 {
        self.inner.keys.codec().leeway()
    }

    fn family_ttl(&self) -> u64 {
        self.inner.refresh_lifetime.saturating_add(self.leeway())
    }

    /// Long enough that every token issued before the cutoff has expired.
    fn cutoff_ttl(&self) -> u64 {
        self.inner
            .refresh_lifetime
            .max(self.inner.keys.codec().max_lifetime())
            .saturating_add(self.leeway())
    }
}

/// A lifecycle token's family id, which it must carry.
fn family(registered: &RegisteredClaims) -> Result<String, Error> {
    registered.fid.clone().ok_or(Error::MissingClaim {
        claim: reserved::FID,
    })
}

// Shared across request handlers.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Lifecycle>();
};
