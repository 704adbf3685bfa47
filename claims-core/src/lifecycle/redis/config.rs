//! [`RedisStoreBuilder`]: how a `RedisStore` connects, times out, breaks
//! the circuit and keeps its near cache.

use std::time::Duration;

/// What decoding does when the near cache is not fresh enough to answer
/// (the invalidation channel is lost or lags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OnStale {
    /// Ask Redis (one round trip per decode) until the cache is fresh
    /// again. The default.
    #[default]
    RoundTrip,
    /// Refuse with [`Error::StoreUnavailable`](crate::Error::StoreUnavailable) until the cache is fresh
    /// again: Redis sees no extra load when the channel is lost.
    Refuse,
}

/// Builds a [`RedisStore`](super::RedisStore); see
/// [`RedisStore::builder`](super::RedisStore::builder).
#[derive(Clone)]
#[must_use]
pub struct RedisStoreBuilder {
    pub(super) target: Target,
    pub(super) prefix: String,
    pub(super) connect_timeout: Duration,
    pub(super) response_timeout: Duration,
    pub(super) breaker_threshold: u32,
    pub(super) probe_interval: Duration,
    pub(super) near_cache: bool,
    pub(super) max_staleness: Duration,
    pub(super) heartbeat_interval: Duration,
    pub(super) on_stale: OnStale,
    #[cfg(feature = "redis-tls")]
    pub(super) root_certificate: Option<Vec<u8>>,
}

/// Where the store's keys live.
#[derive(Clone)]
pub(super) enum Target {
    /// One Redis (or a primary), by URL.
    Single(String),
    /// A Redis Cluster, by the URLs of some of its nodes.
    Cluster(Vec<String>),
    /// The master the sentinels at these URLs name `master`.
    Sentinel {
        sentinels: Vec<String>,
        master: String,
    },
}

/// Shows no URL: it may carry a password.
impl std::fmt::Debug for RedisStoreBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStoreBuilder")
            .field("prefix", &self.prefix)
            .field(
                "target",
                &match self.target {
                    Target::Single(_) => "single",
                    Target::Cluster(_) => "cluster",
                    Target::Sentinel { .. } => "sentinel",
                },
            )
            .field("connect_timeout", &self.connect_timeout)
            .field("response_timeout", &self.response_timeout)
            .field("breaker_threshold", &self.breaker_threshold)
            .field("probe_interval", &self.probe_interval)
            .field("near_cache", &self.near_cache)
            .field("max_staleness", &self.max_staleness)
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("on_stale", &self.on_stale)
            .finish_non_exhaustive()
    }
}

impl RedisStoreBuilder {
    pub(super) fn new(target: Target) -> Self {
        Self {
            target,
            prefix: "claims:".to_owned(),
            connect_timeout: Duration::from_secs(1),
            response_timeout: Duration::from_millis(500),
            breaker_threshold: 3,
            probe_interval: Duration::from_millis(250),
            near_cache: true,
            max_staleness: Duration::from_millis(100),
            heartbeat_interval: Duration::from_millis(20),
            on_stale: OnStale::RoundTrip,
            #[cfg(feature = "redis-tls")]
            root_certificate: None,
        }
    }

    /// The prefix of every key and channel (default `claims:`): services
    /// sharing a Redis use one each. A hash tag made from it follows it
    /// (`claims:{claims}:`), so that the store is one cluster slot; a prefix
    /// with a `{tag}` of its own keeps it (one whose first `{` opens no tag,
    /// as in `a{}`, is refused by `build`).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long connecting (TCP, TLS, `AUTH`) may take (default 1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a reply may take (default 500 ms): past it, the request
    /// fails with [`Error::StoreUnavailable`](crate::Error::StoreUnavailable).
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// Failures in a row that open the circuit breaker (default 3): while
    /// it is open, requests fail at once and one probe every
    /// [`probe_interval`](Self::probe_interval) checks whether Redis is back.
    pub fn breaker_threshold(mut self, failures: u32) -> Self {
        self.breaker_threshold = failures;
        self
    }

    /// How often the open circuit breaker probes Redis (default 250 ms).
    pub fn probe_interval(mut self, interval: Duration) -> Self {
        self.probe_interval = interval;
        self
    }

    /// Whether to keep the near cache (default on): the whole denylist and
    /// the epoch replicated in process, kept fresh through Redis pub/sub, so
    /// decoding a valid token needs no round trip. Off: one round trip per
    /// decode.
    pub fn near_cache(mut self, on: bool) -> Self {
        self.near_cache = on;
        self
    }

    /// The oldest state the near cache may answer from (default 100 ms): it
    /// answers only while it has applied every change made up to this long
    /// ago, as its heartbeats prove.
    pub fn max_staleness(mut self, bound: Duration) -> Self {
        self.max_staleness = bound;
        self
    }

    /// How often the near cache sends itself a heartbeat through Redis
    /// (default 20 ms); less than [`max_staleness`](Self::max_staleness).
    pub fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.heartbeat_interval = interval;
        self
    }

    /// What decoding does while the near cache is stale (default: ask Redis).
    pub fn on_stale(mut self, on_stale: OnStale) -> Self {
        self.on_stale = on_stale;
        self
    }

    /// For `rediss://` URLs (feature `redis-tls`): trust this root
    /// certificate (PEM) instead of the Mozilla roots.
    #[cfg(feature = "redis-tls")]
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificate = Some(pem.into());
        self
    }
}
