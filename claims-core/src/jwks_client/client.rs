//! [`JwksClient`]: lookups, the rate-limited and coalesced refresh, and
//! building the client from a JWKS URL or an issuer.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use reqwest::Url;

use super::cache::{Cache, Decision, Trigger};
use super::config::{Clock, Freshness, JwksClientBuilder, Limits};
use super::discovery;
use super::fetch::{Fetcher, checked_url};
use super::key_set::KeySet;
use crate::error::{Error, JwksError};
use crate::jws::validate_verifying_kid;
use crate::jws::{Algorithm, VerifyingKey};

/// Fetches an identity provider's JWK Set and keeps it current; see the
/// [module docs](super) for the rules. Cheap to clone: clones share one
/// cache and one HTTP connection pool.
#[derive(Clone)]
pub struct JwksClient {
    inner: Arc<Inner>,
}

struct Inner {
    url: Url,
    fetcher: Fetcher,
    freshness: Freshness,
    limits: Limits,
    clock: Clock,
    cache: Mutex<Cache>,
    /// Held while fetching: one fetch at a time; lookups that need one
    /// meanwhile wait for it and take its outcome.
    fetching: tokio::sync::Mutex<()>,
}

impl JwksClient {
    /// Starts a builder with the default bounds.
    pub fn builder() -> JwksClientBuilder {
        JwksClientBuilder::default()
    }

    /// The current key set: the cached one while fresh, else a fetch (or
    /// the last good set, within its stale window, while fetches fail).
    pub async fn key_set(&self) -> Result<KeySet, Error> {
        self.lookup(Trigger::Current).await
    }

    /// A token named a kid that `seen` (a set this client returned) lacks:
    /// fetches again, unless a newer set exists already or the last fetch
    /// was less than the refresh interval ago, and returns the set to look
    /// in again. Concurrent calls for the same `seen` share one fetch.
    pub async fn refresh_after_miss(&self, seen: &KeySet) -> Result<KeySet, Error> {
        self.lookup(Trigger::Miss {
            seen: seen.generation(),
        })
        .await
    }

    /// The key that verifies a token whose header names `kid` and `alg`:
    /// the integration point for decoding.
    ///
    /// Looks in the current set; on an unknown kid refreshes (see
    /// [`refresh_after_miss`](Self::refresh_after_miss)) and looks again.
    /// A token without a kid gets the set's only key, if it has exactly
    /// one, and never causes a fetch; nor does a kid that no set could
    /// hold (over 128 characters, or outside visible ASCII, or with `"` or
    /// `\`). Errors: [`Error::UnknownKey`], [`Error::MissingKeyId`] (no kid,
    /// and the set has several keys),
    /// [`Error::Algorithm`] when the key is for another algorithm (the
    /// header never chooses), [`Error::Jwks`] when there is no set to look in.
    pub async fn key_for(&self, kid: Option<&str>, alg: Algorithm) -> Result<VerifyingKey, Error> {
        let set = self.key_set().await?;
        match (set.find(kid, alg), kid) {
            (Err(Error::UnknownKey(_)), Some(kid)) if validate_verifying_kid(kid).is_ok() => {
                let set = self.refresh_after_miss(&set).await?;
                set.find(Some(kid), alg).cloned()
            }
            (found, _) => found.cloned(),
        }
    }

    async fn lookup(&self, trigger: Trigger) -> Result<KeySet, Error> {
        let inner = &*self.inner;
        let fetches_seen = {
            let cache = inner.cache();
            match cache.decide((inner.clock)(), trigger, &inner.freshness) {
                Decision::Fetch => cache.fetches(),
                Decision::Done(done) => return done.map_err(Error::Jwks),
            }
        };
        let _fetching = inner.fetching.lock().await;
        let generation = {
            let cache = inner.cache();
            let now = (inner.clock)();
            if cache.fetches() != fetches_seen
                && let Some(done) = cache.after_fetch_by_another(now, &inner.freshness)
            {
                return done.map_err(Error::Jwks);
            }
            match cache.decide(now, trigger, &inner.freshness) {
                Decision::Fetch => cache.next_generation(),
                Decision::Done(done) => return done.map_err(Error::Jwks),
            }
        };
        let outcome = self.fetch(generation).await;
        let now = (inner.clock)();
        inner
            .cache()
            .record(now, outcome, &inner.freshness)
            .map_err(Error::Jwks)
    }

    /// One GET of the JWK Set, parsed, with its lifetime.
    async fn fetch(&self, generation: u64) -> Result<(KeySet, std::time::Duration), JwksError> {
        let inner = &*self.inner;
        let body = inner.fetcher.get(&inner.url).await?;
        let set = KeySet::parse(&body.bytes, inner.limits.max_keys, generation)?;
        Ok((set, body.cache_control.ttl(&inner.freshness)))
    }
}

impl Inner {
    fn cache(&self) -> MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl JwksClientBuilder {
    /// A client for the JWK Set at `jwks_uri`: `https`, or `http` to a
    /// loopback address. Nothing is fetched until the first lookup; call
    /// [`JwksClient::key_set`] at startup to fail fast.
    pub fn build(self, jwks_uri: &str) -> Result<JwksClient, Error> {
        self.check()?;
        let fetcher = Fetcher::new(&self.limits, &self.root_certificates)?;
        Ok(self.client(checked_url(jwks_uri)?, fetcher))
    }

    /// A client for the JWK Set of `issuer`, found by OpenID Connect
    /// Discovery: fetches `<issuer>/.well-known/openid-configuration`
    /// (within the same bounds) and checks that its `issuer` is exactly
    /// this one. Discovery runs once, here; the set is fetched lazily.
    pub async fn discover(self, issuer: &str) -> Result<JwksClient, Error> {
        self.check()?;
        let fetcher = Fetcher::new(&self.limits, &self.root_certificates)?;
        let url = discovery::jwks_uri(&fetcher, issuer).await?;
        Ok(self.client(url, fetcher))
    }

    fn client(self, url: Url, fetcher: Fetcher) -> JwksClient {
        JwksClient {
            inner: Arc::new(Inner {
                url,
                fetcher,
                freshness: self.freshness,
                limits: self.limits,
                clock: self.clock,
                cache: Mutex::new(Cache::default()),
                fetching: tokio::sync::Mutex::new(()),
            }),
        }
    }
}

impl std::fmt::Debug for JwksClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = &self.inner.url;
        // No user info, query or fragment: they may hold credentials.
        let shown = format!(
            "{}://{}{}{}",
            url.scheme(),
            url.host_str().unwrap_or_default(),
            url.port().map(|p| format!(":{p}")).unwrap_or_default(),
            url.path()
        );
        f.debug_struct("JwksClient")
            .field("url", &shown)
            .field("freshness", &self.inner.freshness)
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}
