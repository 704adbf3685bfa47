//! [`JwksClientBuilder`]: the client's bounds, each with a safe default.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::Error;

/// The time source: [`Instant::now`] unless a test injects another.
pub(super) type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// How long a fetched set is fresh, and what happens around it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Freshness {
    /// Floor on a set's lifetime: `no-cache`, `no-store` and tiny `max-age`s land here.
    pub(super) min_ttl: Duration,
    /// Ceiling on a set's lifetime, whatever `max-age` says.
    pub(super) max_ttl: Duration,
    /// The lifetime when the response has no usable `max-age`.
    pub(super) default_ttl: Duration,
    /// Least time between two fetches for an unknown kid, and between a
    /// failed fetch and the next try.
    pub(super) refresh_interval: Duration,
    /// How long past its lifetime the last good set is served while fetches fail.
    pub(super) max_stale: Duration,
}

/// What a response may cost.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub(super) timeout: Duration,
    pub(super) max_response_size: usize,
    pub(super) max_keys: usize,
}

/// Builds a [`JwksClient`](super::JwksClient); see
/// [`JwksClient::builder`](super::JwksClient::builder). Every bound has a
/// default fit for a service verifying an identity provider's tokens.
#[derive(Clone)]
pub struct JwksClientBuilder {
    pub(super) freshness: Freshness,
    pub(super) limits: Limits,
    pub(super) root_certificates: Vec<Vec<u8>>,
    pub(super) clock: Clock,
}

impl Default for JwksClientBuilder {
    fn default() -> Self {
        Self {
            freshness: Freshness {
                min_ttl: Duration::from_secs(5 * 60),
                max_ttl: Duration::from_secs(24 * 3600),
                default_ttl: Duration::from_secs(3600),
                refresh_interval: Duration::from_secs(30),
                max_stale: Duration::from_secs(3600),
            },
            limits: Limits {
                timeout: Duration::from_secs(5),
                max_response_size: 64 * 1024,
                max_keys: 64,
            },
            root_certificates: Vec::new(),
            clock: Arc::new(Instant::now),
        }
    }
}

impl JwksClientBuilder {
    /// Bounds on how long a fetched set is fresh (default 5 minutes to 24
    /// hours): the response's `Cache-Control: max-age` (less its `Age`) is
    /// clamped into them, and `no-cache` or `no-store` mean the minimum. So
    /// a broken or hostile header can neither make the client fetch on every
    /// request nor keep a key for a year.
    #[must_use]
    pub fn ttl_bounds(mut self, min: Duration, max: Duration) -> Self {
        self.freshness.min_ttl = min;
        self.freshness.max_ttl = max;
        self
    }

    /// How long a set is fresh when the response has no usable
    /// `Cache-Control: max-age` (default 1 hour; kept within
    /// [`ttl_bounds`](Self::ttl_bounds)).
    #[must_use]
    pub fn default_ttl(mut self, ttl: Duration) -> Self {
        self.freshness.default_ttl = ttl;
        self
    }

    /// The least time between two fetches caused by a token naming an
    /// unknown kid, and between a failed fetch and the next try (default 30
    /// seconds). A flood of made-up kids costs the identity provider one
    /// request per interval.
    #[must_use]
    pub fn refresh_interval(mut self, interval: Duration) -> Self {
        self.freshness.refresh_interval = interval;
        self
    }

    /// How long past its freshness the last good set is still served while
    /// the endpoint fails (default 1 hour). After that, lookups fail closed
    /// with [`Error::Jwks`] until a fetch succeeds.
    #[must_use]
    pub fn max_stale(mut self, max_stale: Duration) -> Self {
        self.freshness.max_stale = max_stale;
        self
    }

    /// Time allowed for one request, from connecting to the last byte of
    /// the body (default 5 seconds).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.limits.timeout = timeout;
        self
    }

    /// The largest response body accepted (default 64 KiB). The body is read
    /// as a stream and the request dropped as soon as it passes the cap.
    #[must_use]
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.limits.max_response_size = bytes;
        self
    }

    /// The most entries a JWK Set may list, usable or not (default 64).
    #[must_use]
    pub fn max_keys(mut self, keys: usize) -> Self {
        self.limits.max_keys = keys;
        self
    }

    /// Trusts the CA certificates of a PEM bundle besides the built-in
    /// Mozilla roots, for an identity provider behind a private CA.
    #[must_use]
    pub fn root_certificate_pem(mut self, pem: &[u8]) -> Self {
        self.root_certificates.push(pem.to_vec());
        self
    }

    /// A time source instead of [`Instant::now`], so tests can move the
    /// clock. Not a stable API.
    #[doc(hidden)]
    #[must_use]
    pub fn clock(mut self, now: impl Fn() -> Instant + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// The bounds must make sense together.
    pub(super) fn check(&self) -> Result<(), Error> {
        let f = &self.freshness;
        if f.min_ttl.is_zero() || f.min_ttl > f.max_ttl {
            return Err(Error::Config(
                "the TTL bounds must be positive, the minimum at most the maximum",
            ));
        }
        if f.default_ttl < f.min_ttl || f.default_ttl > f.max_ttl {
            return Err(Error::Config(
                "the default TTL must be within the TTL bounds",
            ));
        }
        let l = &self.limits;
        if l.timeout.is_zero() || l.max_response_size == 0 || l.max_keys == 0 {
            return Err(Error::Config(
                "the timeout, response size and key count limits must be positive",
            ));
        }
        Ok(())
    }
}

impl std::fmt::Debug for JwksClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwksClientBuilder")
            .field("freshness", &self.freshness)
            .field("limits", &self.limits)
            .field("root_certificates", &self.root_certificates.len())
            .finish_non_exhaustive()
    }
}
