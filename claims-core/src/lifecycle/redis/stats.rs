//! [`StoreStats`]: what a `RedisStore` counts, for a service's metrics and
//! health checks.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of a `RedisStore`'s counters since it was built
/// ([`RedisStore::stats`](super::RedisStore::stats)). Counters only grow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoreStats {
    /// Requests sent to Redis (round trips and scripts; heartbeats and
    /// snapshots not included).
    pub requests: u64,
    /// Of those, how many failed (an error, a timeout, a closed connection).
    pub failures: u64,
    /// Of the failures, how many were timeouts.
    pub timeouts: u64,
    /// Requests refused at once because the circuit breaker was open.
    pub refused_open: u64,
    /// Times the circuit breaker opened.
    pub breaker_opened: u64,
    /// Whether the circuit breaker is open now.
    pub breaker_open: bool,
    /// Revocation checks the near cache answered in process.
    pub cache_hits: u64,
    /// Revocation checks the near cache could not answer (stale, or a
    /// token of an epoch it does not know), sent to Redis or refused.
    pub cache_misses: u64,
    /// Whether the near cache is fresh enough to answer now.
    pub cache_fresh: bool,
    /// Denylist entries the near cache holds.
    pub cache_entries: u64,
    /// Snapshots the near cache loaded (its first included).
    pub cache_resyncs: u64,
    /// Times the invalidation channel was lost or found a gap in the events,
    /// dropping the near cache until the next snapshot.
    pub channel_losses: u64,
    /// Times this store found Redis had lost its data (its epoch gone or
    /// gone back), and started a new epoch.
    pub data_losses: u64,
}

/// The counters behind [`StoreStats`].
#[derive(Debug, Default)]
pub(super) struct Counters {
    pub(super) requests: AtomicU64,
    pub(super) failures: AtomicU64,
    pub(super) timeouts: AtomicU64,
    pub(super) refused_open: AtomicU64,
    pub(super) breaker_opened: AtomicU64,
    pub(super) cache_hits: AtomicU64,
    pub(super) cache_misses: AtomicU64,
    pub(super) cache_resyncs: AtomicU64,
    pub(super) channel_losses: AtomicU64,
    pub(super) data_losses: AtomicU64,
}

impl Counters {
    pub(super) fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters' values; the rest of the snapshot is the caller's.
    pub(super) fn snapshot(&self) -> StoreStats {
        let read = |c: &AtomicU64| c.load(Ordering::Relaxed);
        StoreStats {
            requests: read(&self.requests),
            failures: read(&self.failures),
            timeouts: read(&self.timeouts),
            refused_open: read(&self.refused_open),
            breaker_opened: read(&self.breaker_opened),
            cache_hits: read(&self.cache_hits),
            cache_misses: read(&self.cache_misses),
            cache_resyncs: read(&self.cache_resyncs),
            channel_losses: read(&self.channel_losses),
            data_losses: read(&self.data_losses),
            ..StoreStats::default()
        }
    }
}
