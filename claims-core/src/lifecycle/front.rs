//! [`Lifecycle`], the front door of the lifecycle: issues, refreshes,
//! decodes and revokes tokens over [`Keys`] and a revocation store.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_lexicon::reserved;
use serde::Serialize;

use super::ids::random_id;
use super::memory::MemoryStore;
use super::pair::{LoginOptions, TokenPair};
use super::store::{
    At, DynStore, FamilyRef, NewFamily, Renewal, RevocationStore, Rotation, TokenRef,
};
use super::subject;
use crate::contract::{Claims, EncodeClaims};
use crate::error::Error;
use crate::keys::Keys;
use crate::policy::HashDomain;
use crate::token::{Framing, Profile, RegisteredClaims, Typ, Verified};

/// Default refresh token lifetime: 14 days.
pub const DEFAULT_REFRESH_LIFETIME: Duration = Duration::from_secs(14 * 24 * 3600);

/// Default window in which a refresh may be retried: 10 seconds.
pub const DEFAULT_REFRESH_GRACE: Duration = Duration::from_secs(10);

/// The default subject domain: `sub`, the domain of a `hashed` `sub` that
/// declares none.
pub const DEFAULT_SUBJECT_DOMAIN: &str = "sub";

/// Logins that find a new epoch started meanwhile try again this many times.
const LOGIN_ATTEMPTS: usize = 3;

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

/// [`Keys`] plus a [`RevocationStore`]: issues, refreshes, decodes and
/// revokes tokens. Cheap to clone (shared), `Send + Sync`.
#[derive(Clone)]
pub struct Lifecycle {
    inner: Arc<Inner>,
}

struct Inner {
    keys: Keys,
    store: Box<dyn DynStore>,
    refresh_lifetime: u64,
    refresh_grace: u64,
    subject_domain: HashDomain<'static>,
    on_store_error: OnStoreError,
    /// The store epoch this instance last saw: new families start in it.
    epoch: Mutex<Option<Arc<str>>>,
}

impl std::fmt::Debug for Lifecycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lifecycle")
            .field("keys", &self.inner.keys)
            .field("refresh_lifetime", &self.inner.refresh_lifetime)
            .field("refresh_grace", &self.inner.refresh_grace)
            .field("subject_domain", &self.inner.subject_domain)
            .field("on_store_error", &self.inner.on_store_error)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Lifecycle`]; see [`Lifecycle::builder`].
#[must_use]
pub struct LifecycleBuilder {
    keys: Keys,
    store: Option<Box<dyn DynStore>>,
    refresh_lifetime: Duration,
    refresh_grace: Duration,
    subject_domain: HashDomain<'static>,
    on_store_error: OnStoreError,
}

impl std::fmt::Debug for LifecycleBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LifecycleBuilder")
            .field("refresh_lifetime", &self.refresh_lifetime)
            .field("refresh_grace", &self.refresh_grace)
            .field("subject_domain", &self.subject_domain)
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

    /// How long after a rotation the refresh token rotated away from may be
    /// presented again as a retry (default [`DEFAULT_REFRESH_GRACE`]; zero
    /// turns retries off). See the module docs for the rule.
    pub fn refresh_grace(mut self, grace: Duration) -> Self {
        self.refresh_grace = grace;
        self
    }

    /// The hashing domain of subject handles (default `sub`, exact): set it
    /// to the domain of a `#[claim(hashed(domain = "...", normalize = "..."))]
    /// sub` (`"user"`, or `HashDomain::new("user").normalized(Normalize::Email)`),
    /// so that the handle is the `sub`'s own pseudonym.
    pub fn subject_domain(mut self, domain: impl Into<HashDomain<'static>>) -> Self {
        self.subject_domain = domain.into();
        self
    }

    /// What decoding does when the store fails (default: reject).
    pub fn on_store_error(mut self, on_error: OnStoreError) -> Self {
        self.on_store_error = on_error;
        self
    }

    /// Checks the configuration and builds the lifecycle: the refresh
    /// lifetime is at least the access lifetime, and keys that sign have a
    /// PII key (subject handles are keyed pseudonyms).
    pub fn build(self) -> Result<Lifecycle, Error> {
        let codec = self.keys.codec();
        let refresh_lifetime = self.refresh_lifetime.as_secs();
        if refresh_lifetime < codec.lifetime() {
            return Err(Error::Config(
                "the refresh lifetime must be at least the access token lifetime",
            ));
        }
        if codec.signing_key().is_some() && codec.pii().current().is_none() {
            return Err(subject::no_pii_key());
        }
        if self.subject_domain.name().is_empty() {
            return Err(Error::Config("the subject domain must not be empty"));
        }
        Ok(Lifecycle {
            inner: Arc::new(Inner {
                keys: self.keys,
                store: self.store.unwrap_or_else(|| Box::new(MemoryStore::new())),
                refresh_lifetime,
                refresh_grace: self.refresh_grace.as_secs(),
                subject_domain: self.subject_domain,
                on_store_error: self.on_store_error,
                epoch: Mutex::new(None),
            }),
        })
    }
}

/// A pair just issued, and what the store records of it.
struct Issued {
    pair: TokenPair,
    refresh_jti: String,
    subject: Option<String>,
}

/// What the store is asked about a verified token; a family id that names
/// no epoch (not one this lifecycle issued) is revoked outright.
fn token_ref(registered: &RegisteredClaims) -> Result<TokenRef<'_>, Error> {
    let family = match registered.fid.as_deref() {
        Some(fid) => Some(FamilyRef::parse(fid).ok_or(Error::Revoked)?),
        None => None,
    };
    Ok(TokenRef {
        jti: &registered.jti,
        family,
        iat: registered.iat,
    })
}

impl Lifecycle {
    /// A lifecycle with the default settings over `store`; see
    /// [`LifecycleBuilder::build`] for what it checks.
    pub fn new(keys: Keys, store: impl RevocationStore) -> Result<Self, Error> {
        let refresh_lifetime =
            DEFAULT_REFRESH_LIFETIME.max(Duration::from_secs(keys.codec().lifetime()));
        Self::builder(keys)
            .store(store)
            .refresh_lifetime(refresh_lifetime)
            .build()
    }

    /// Starts a builder over `keys`.
    pub fn builder(keys: Keys) -> LifecycleBuilder {
        LifecycleBuilder {
            keys,
            store: None,
            refresh_lifetime: DEFAULT_REFRESH_LIFETIME,
            refresh_grace: DEFAULT_REFRESH_GRACE,
            subject_domain: HashDomain::new(DEFAULT_SUBJECT_DOMAIN),
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

    /// How long a PII key must stay loaded after it stops being the current
    /// one: the refresh lifetime plus the leeway. Refreshing keeps a hashed
    /// value's pseudonym, made under the key of the login, so a family
    /// started before a PII key rotation names the old key for as long as
    /// it is refreshed; see the README's "Key rotation".
    pub fn pii_key_retention(&self) -> Duration {
        Duration::from_secs(self.inner.refresh_lifetime.saturating_add(self.leeway()))
    }

    /// Logs in: a new token family, and its first access and refresh tokens.
    pub async fn login<T: EncodeClaims>(&self, claims: &T) -> Result<TokenPair, Error> {
        self.login_with(claims, &LoginOptions::new()).await
    }

    /// [`Lifecycle::login`] with per-login settings below the configured
    /// ones (a shorter refresh lifetime for a "remember me" left unchecked);
    /// a setting above them, or a refresh lifetime shorter than the access
    /// lifetime, is refused with [`Error::Config`].
    pub async fn login_with<T: EncodeClaims>(
        &self,
        claims: &T,
        options: &LoginOptions,
    ) -> Result<TokenPair, Error> {
        let refresh_lifetime = match options.refresh_lifetime {
            None => self.inner.refresh_lifetime,
            Some(lifetime) => {
                let lifetime = lifetime.as_secs();
                if lifetime > self.inner.refresh_lifetime {
                    return Err(Error::Config(
                        "a login's refresh lifetime cannot exceed the lifecycle's",
                    ));
                }
                if lifetime < self.inner.keys.codec().lifetime() {
                    return Err(Error::Config(
                        "a login's refresh lifetime must be at least the access token lifetime",
                    ));
                }
                lifetime
            }
        };
        let at = self.at();
        let mut epoch = match self.known_epoch() {
            Some(epoch) => epoch,
            None => self.inner.store.epoch(at).await?.into(),
        };
        for _ in 0..LOGIN_ATTEMPTS {
            let fid = format!("{}.{epoch}", random_id(16));
            let issued = self.issue(claims, &fid, at.now, refresh_lifetime, None)?;
            let family = NewFamily {
                fid: &fid,
                refresh_jti: &issued.refresh_jti,
                subject: issued.subject.as_deref(),
                until: self.family_until(at.now, refresh_lifetime),
            };
            let current = self.inner.store.start_family(family, at).await?;
            let started_in_current = *current == *epoch;
            epoch = current.into();
            self.remember_epoch(&epoch);
            if started_in_current {
                return Ok(issued.pair);
            }
        }
        // Epochs changing under every attempt: kill switches in a loop.
        Err(Error::StoreUnavailable)
    }

    /// Verifies an access token like [`Keys::decode`], then checks that it
    /// is not revoked ([`Error::Revoked`]): in process when the store can
    /// answer there, else one round trip. Refresh tokens are refused
    /// ([`Error::TokenType`]).
    pub async fn decode<T: Claims>(&self, token: &str) -> Result<Verified<T>, Error> {
        let at = self.at();
        let verified = self.inner.keys.decode_at::<T>(token, at.now)?;
        let token = token_ref(verified.registered())?;
        let revoked = match self.inner.store.is_revoked_locally(token, at) {
            Some(answer) => answer,
            None => self.inner.store.is_revoked(token, at).await,
        };
        match revoked {
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
    /// (decoded as `T`, re-encoded; the new refresh token lives as long as
    /// the presented one did). The refresh token is spent: presenting it
    /// again revokes its family ([`Error::RefreshReused`]), unless it is a
    /// retry (see the module docs). Access tokens are refused
    /// ([`Error::TokenType`]). Never accepted unchecked, even in the
    /// degraded mode.
    pub async fn refresh<T: EncodeClaims>(&self, refresh_token: &str) -> Result<TokenPair, Error> {
        let at = self.at();
        let (verified, fid) = self.verify_refresh::<T>(refresh_token, at.now)?;
        let registered = verified.registered();
        let lifetime = registered.exp.saturating_sub(registered.iat);
        let issued = self.issue(&*verified, &fid, at.now, lifetime, None)?;
        let rotation = self
            .inner
            .store
            .rotate(
                Renewal {
                    token: token_ref(registered)?,
                    new_jti: &issued.refresh_jti,
                    until: self.family_until(at.now, lifetime),
                    grace: self.inner.refresh_grace,
                },
                at,
            )
            .await?;
        match rotation {
            Rotation::Rotated => Ok(issued.pair),
            Rotation::Retried(jti) => {
                let jti = decode_jti(&jti)?;
                let again = self.issue(&*verified, &fid, at.now, lifetime, Some(jti))?;
                Ok(again.pair)
            }
            Rotation::Reused => Err(Error::RefreshReused),
            Rotation::Revoked => Err(Error::Revoked),
        }
    }

    /// Logs out: revokes the refresh token's family, so its refresh tokens
    /// and the access tokens issued with them are rejected. Idempotent.
    pub async fn logout(&self, refresh_token: &str) -> Result<(), Error> {
        let at = self.at();
        let codec = self.inner.keys.codec();
        let fid = codec.decode(
            refresh_token,
            &self.refresh_profile(),
            at.now,
            |_, registered| family(&registered),
        )?;
        self.inner.store.revoke_family(&fid, at).await
    }

    /// Revokes the session a verified token belongs to (its family, when it
    /// is a lifecycle token) and the token itself.
    pub async fn revoke_session(&self, registered: &RegisteredClaims) -> Result<(), Error> {
        if let Some(fid) = registered.fid.as_deref() {
            self.inner.store.revoke_family(fid, self.at()).await?;
        }
        self.revoke_token(registered).await
    }

    /// Revokes one token by its `jti`, until its `exp`.
    pub async fn revoke_token(&self, registered: &RegisteredClaims) -> Result<(), Error> {
        self.revoke_jti(&registered.jti, registered.exp).await
    }

    /// Revokes the token whose `jti` is given, which expires at `exp`.
    pub async fn revoke_jti(&self, jti: &str, exp: u64) -> Result<(), Error> {
        let at = self.at();
        let until = exp.saturating_add(at.leeway);
        self.inner.store.revoke_jti(jti, until, at).await
    }

    /// Revokes every session of a person: every family whose tokens carry
    /// `sub` (the clear value, as the claims struct's `sub` field holds it:
    /// `&"u-123".to_string()`, `&42`), their access and refresh tokens, on
    /// every instance. Families started under any loaded PII key are found.
    /// The person logs in again at once.
    pub async fn revoke_subject<S: Serialize + ?Sized>(&self, sub: &S) -> Result<(), Error> {
        let handles = subject::of_value(
            self.inner.keys.codec().pii(),
            self.inner.subject_domain,
            sub,
        )?;
        let handles: Vec<&str> = handles.iter().map(String::as_str).collect();
        self.inner.store.revoke_subjects(&handles, self.at()).await
    }

    /// Revokes every session of the person a verified lifecycle token
    /// belongs to (the person its family was recorded with), as
    /// [`Lifecycle::revoke_subject`] does. A token without a family
    /// ([`Keys::encode`]) is refused with [`Error::MissingClaim`].
    pub async fn revoke_subject_of(&self, registered: &RegisteredClaims) -> Result<(), Error> {
        let fid = family(registered)?;
        self.inner.store.revoke_subject_of(&fid, self.at()).await
    }

    /// The kill switch: rejects every token issued until now, system-wide,
    /// whatever the clocks of the instances that issued them (see the module
    /// docs). Users log in again at once.
    pub async fn kill_switch(&self) -> Result<(), Error> {
        let epoch: Arc<str> = random_id(8).into();
        self.inner.store.kill_switch(&epoch, self.at()).await?;
        self.remember_epoch(&epoch);
        Ok(())
    }

    /// Verifies a refresh token and decodes its claims; its `fid`.
    fn verify_refresh<T: Claims>(
        &self,
        token: &str,
        now: u64,
    ) -> Result<(Verified<T>, String), Error> {
        let codec = self.inner.keys.codec();
        codec.decode(token, &self.refresh_profile(), now, |raw, registered| {
            let fid = family(&registered)?;
            Ok((codec.read_claims(raw, &[], registered)?, fid))
        })
    }

    /// What a refresh token must satisfy: `typ: refresh+jwt`, and the
    /// refresh lifetime as the ceiling on `exp - iat`.
    fn refresh_profile(&self) -> Profile<'_> {
        Profile {
            max_lifetime: self.inner.refresh_lifetime,
            ..self.inner.keys.codec().profile(Typ::Refresh)
        }
    }

    /// A pair in family `fid`, its refresh token living `refresh_lifetime`
    /// seconds (under `refresh_jti` if given, else a random one), and the
    /// subject handle of its claims.
    fn issue<T: EncodeClaims>(
        &self,
        claims: &T,
        fid: &str,
        now: u64,
        refresh_lifetime: u64,
        refresh_jti: Option<[u8; 16]>,
    ) -> Result<Issued, Error> {
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
        let refresh = match refresh_jti {
            Some(jti) => Framing::with_jti(refresh_lifetime, jti, Some(fid)),
            None => Framing::new(refresh_lifetime, rng, Some(fid)),
        };
        // The access token's payload is written here rather than by
        // `Codec::encode`, to read its `sub` back for the subject handle.
        let mut payload = codec.payload(&access, now, rng, |writer| claims.__encode(writer))?;
        payload.push(b'}');
        let subject = subject::of_payload::<T>(codec.pii(), self.inner.subject_domain, &payload)?;
        let access_token = codec.sign(Typ::Jwt, &payload)?;
        codec.check_size(access_token.len())?;
        Ok(Issued {
            pair: TokenPair {
                access_token,
                refresh_token: codec.encode(claims, Typ::Refresh, &refresh, now, rng)?,
                expires_in: codec.lifetime(),
                refresh_expires_in: refresh_lifetime,
            },
            refresh_jti: refresh.jti(),
            subject,
        })
    }

    /// The moment of a store call, on the keys' clock.
    fn at(&self) -> At {
        let codec = self.inner.keys.codec();
        let leeway = codec.leeway();
        At::new(
            self.inner.keys.now(),
            leeway,
            codec.max_lifetime().saturating_add(leeway),
        )
    }

    fn leeway(&self) -> u64 {
        self.inner.keys.codec().leeway()
    }

    /// When a family whose refresh token lives `lifetime` from `now` expires.
    fn family_until(&self, now: u64, lifetime: u64) -> u64 {
        now.saturating_add(lifetime).saturating_add(self.leeway())
    }

    fn known_epoch(&self) -> Option<Arc<str>> {
        self.inner
            .epoch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn remember_epoch(&self, epoch: &Arc<str>) {
        *self
            .inner
            .epoch
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(epoch.clone());
    }
}

/// A lifecycle token's family id, which it must carry.
fn family(registered: &RegisteredClaims) -> Result<String, Error> {
    registered.fid.clone().ok_or(Error::MissingClaim {
        claim: reserved::FID,
    })
}

/// A `jti` as the store keeps it (base64url of 16 bytes), as bytes.
fn decode_jti(jti: &str) -> Result<[u8; 16], Error> {
    B64.decode(jti)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        // Not a jti this lifecycle issued: the store's answer is unusable.
        .ok_or(Error::StoreUnavailable)
}

// Shared across request handlers.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Lifecycle>();
};
