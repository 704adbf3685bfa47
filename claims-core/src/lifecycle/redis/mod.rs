//! [`RedisStore`]: the revocation store shared by a fleet, on Redis, with a
//! near cache, a circuit breaker and data-loss detection.

mod breaker;
mod cache;
mod config;
mod connection;
mod link;
mod listener;
mod scripts;
mod stats;
mod throttle;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::Script;
use redis::Value;

use self::breaker::Breaker;
use self::cache::{Answer, NearCache};
use self::config::Target;
pub use self::config::{OnStale, RedisStoreBuilder};
use self::connection::Conn;
use self::link::{
    EpochReply, Link, Names, Scripts, family_member, jti_member, subject_suffix, tagged, ttl,
};
use self::stats::Counters;
pub use self::stats::StoreStats;
use self::throttle::Throttle;
use super::store::{At, NewFamily, Renewal, RevocationStore, Rotation, TokenRef};
use crate::error::Error;

/// At most one line per this period for each kind of repeated trouble.
const LOG_EVERY: Duration = Duration::from_secs(5);

/// The [`RevocationStore`] on Redis (feature `redis`), shared by every
/// instance of a service. Cheap to clone (shared); must be built within a
/// tokio runtime, and runs three small tasks on it (the near cache's
/// subscriber, heartbeat and sweep) until the last clone is dropped.
///
/// - **Layout.** Keys live under a prefix (default `claims:`) with a hash
///   tag made from it (`claims:{claims}:deny`, `claims:{claims}:fam:<fid>`;
///   a prefix with a `{tag}` of its own keeps it); every key but the epoch
///   and the event counter has a TTL, and a subject's key is the SHA-256 of
///   its handle, so no pseudonym or public id sits in Redis keys. Rotation,
///   family starts, revocations and the kill switch are Lua scripts, atomic
///   on the server.
/// - **Redis Cluster** ([`RedisStore::cluster`]). The hash tag puts every
///   key of one store in one slot: each script runs on one node, atomically,
///   and the near cache proves freshness from one event sequence, as on one
///   Redis. The cluster brings replication and failover, not write scaling:
///   one store's writes (logins, refreshes, revocations; decodes are the
///   near cache's) all go to the master of its slot. Services that need
///   more use one prefix each (one slot each). (The tag changed the key
///   names on one Redis too; no deployed store predates it.) While the
///   store's slot is being moved to another node (a resharding), decodes
///   follow `ASK` and `MOVED`, but a script whose keys are split between the
///   two nodes gets `TRYAGAIN`: logins and refreshes are refused
///   ([`Error::StoreUnavailable`]) until the slot has moved, a time
///   proportional to the store's keys.
/// - **Sentinel** ([`RedisStore::sentinel`]). The store asks the sentinels
///   for the master, and asks again after an I/O error or a `READONLY`
///   reply (a master that was demoted), so it follows a failover once the
///   sentinels have promoted a replica.
/// - **What a failover loses.** Redis replicates asynchronously: a write
///   the master acknowledged but had not yet sent to its replica when it
///   died is lost, a revocation included (the tokens it revoked work again
///   until they expire). The window is the replication lag, usually under a
///   millisecond. To bound it, set `min-replicas-to-write 1` and
///   `min-replicas-max-lag` on the masters (writes are refused, and the
///   store fails closed, when no replica is close enough behind), or run
///   `WAIT` from an administrative tool after a critical revocation.
///   During the failover itself (the cluster's `cluster-node-timeout` or
///   Sentinel's `down-after-milliseconds`, plus an election) requests fail
///   closed.
/// - **Near cache** (on by default). The whole denylist and the epoch are
///   replicated in process and kept fresh through Redis pub/sub, so decoding
///   a valid token, even the first decode of a new one, needs no round trip;
///   the cache answers only while it has provably applied every change up to
///   [`max_staleness`](RedisStoreBuilder::max_staleness) ago (100 ms), and
///   falls back to one round trip per decode (or refuses, [`OnStale`])
///   otherwise. Its memory is the denylist's: entries expire with the
///   tokens they reject. Refreshes always go to Redis. Why pub/sub and how
///   freshness is proved: the `listener` module.
/// - **Connection.** One multiplexed connection (commands are pipelined
///   on it, replies matched in order, so concurrent requests share it
///   without a pool), opened in the background and reopened after a
///   failure; a second one for the near cache's subscription (on a cluster,
///   to the seed nodes in turn: a `PUBLISH` reaches every node's
///   subscribers; behind Sentinel, to the master). Timeouts for connecting
///   (1 s) and for each reply (500 ms). URLs:
///   `redis://[user:password@]host:port/db` (ACL users or `requirepass`),
///   `rediss://` for TLS (feature `redis-tls`, rustls, the Mozilla roots or
///   `RedisStoreBuilder::root_certificate_pem`). A cluster's nodes take the
///   first seed URL's credentials and TLS (a cluster has no databases but
///   0); a Sentinel's master takes the first sentinel URL's credentials,
///   database and TLS (with the Mozilla roots: `root_certificate_pem`
///   applies to one node and to a cluster, not behind Sentinel).
/// - **Failures.** Every Redis error is [`Error::StoreUnavailable`]. After
///   3 failures in a row to reach Redis (I/O errors and timeouts; not the
///   errors Redis answers, such as a refused password) the circuit breaker
///   opens: requests are refused at once, and a probe every 250 ms closes
///   it when Redis answers again.
///   Errors, breaker changes and recoveries are logged through `tracing`
///   (at most one line per kind every 5 s during an outage, with the count
///   held back; never a key, a token or the URL) and counted
///   ([`RedisStore::stats`]).
/// - **Data loss.** For revocations to survive a restart, run Redis with
///   persistence (AOF). A Redis that comes back empty has no epoch: the
///   first instance that finds it so after seeing the old one starts a new
///   epoch whose cutoff rejects every token issued before (a kill switch),
///   logs it at `error` level and counts it (`data_losses`). Families of the
///   old epoch are rejected by any instance.
#[derive(Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

/// Owns the tasks: dropping the last store stops them.
struct Inner {
    link: Arc<Link>,
    tasks: Vec<tokio::task::AbortHandle>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.inner.link.names.prefix)
            .field("near_cache", &self.inner.link.cache.is_some())
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// A store on `url` with the default settings; see [`RedisStore::builder`].
    pub fn new(url: &str) -> Result<Self, Error> {
        Self::builder(url).build()
    }

    /// Starts a builder for one Redis at `url`
    /// (`redis://[user:password@]host:port/db`, `rediss://` with feature
    /// `redis-tls`).
    pub fn builder(url: &str) -> RedisStoreBuilder {
        RedisStoreBuilder::new(Target::Single(url.to_owned()))
    }

    /// Starts a builder for a Redis Cluster, given the URLs of some of its
    /// nodes (`redis://[user:password@]host:port`, `rediss://`): the client
    /// learns the others from them. The credentials and TLS of the first
    /// URL apply to every node. List several: the near cache subscribes to
    /// them in turn.
    pub fn cluster<S: AsRef<str>>(seeds: &[S]) -> RedisStoreBuilder {
        let seeds = seeds.iter().map(|s| s.as_ref().to_owned()).collect();
        RedisStoreBuilder::new(Target::Cluster(seeds))
    }

    /// Starts a builder for the master that the Redis Sentinels at
    /// `sentinels` (`redis://[user:password@]host:port/db`) name `master`,
    /// following its failovers. The credentials, database and TLS of the
    /// first URL apply to the sentinels and to the master alike.
    pub fn sentinel<S: AsRef<str>>(sentinels: &[S], master: &str) -> RedisStoreBuilder {
        let sentinels = sentinels.iter().map(|s| s.as_ref().to_owned()).collect();
        RedisStoreBuilder::new(Target::Sentinel {
            sentinels,
            master: master.to_owned(),
        })
    }

    fn from_builder(config: RedisStoreBuilder) -> Result<Self, Error> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::Config("a RedisStore must be built within a tokio runtime"))?;
        let link = Arc::new(Link {
            conn: Conn::new(&config)?,
            names: Names::new(&config.prefix),
            scripts: Scripts {
                epoch: Script::new(&scripts::epoch()),
                new_epoch: Script::new(&scripts::new_epoch()),
                mark_loss: Script::new(&scripts::mark_loss()),
                start_family: Script::new(scripts::START_FAMILY),
                deny: Script::new(&scripts::deny()),
                rotate: Script::new(&scripts::rotate()),
                snapshot: Script::new(scripts::SNAPSHOT),
                heartbeat: Script::new(scripts::HEARTBEAT),
            },
            cache: config
                .near_cache
                .then(|| NearCache::new(config.max_staleness)),
            breaker: Breaker::new(config.breaker_threshold),
            counters: Counters::default(),
            refused_before_open: Mutex::new(0),
            seen_epoch: Mutex::new(None),
            errors_log: Throttle::new(LOG_EVERY),
            channel_log: Throttle::new(LOG_EVERY),
            config,
        });
        let tasks = if link.cache.is_some() {
            vec![
                runtime
                    .spawn(listener::subscribe(link.clone()))
                    .abort_handle(),
                runtime
                    .spawn(listener::heartbeat(link.clone()))
                    .abort_handle(),
                runtime.spawn(listener::sweep(link.clone())).abort_handle(),
            ]
        } else {
            Vec::new()
        };
        Ok(Self {
            inner: Arc::new(Inner { link, tasks }),
        })
    }

    /// Waits until Redis answers and, with the near cache, until the cache is
    /// fresh; [`Error::StoreUnavailable`] if that takes longer than
    /// `timeout`. For a readiness probe, or a test.
    pub async fn ready(&self, timeout: Duration) -> Result<(), Error> {
        let link = &self.inner.link;
        let wait = async {
            loop {
                let cache_ready = link.cache.as_ref().is_none_or(NearCache::is_fresh);
                if link.ping().await && cache_ready {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        tokio::time::timeout(timeout, wait)
            .await
            .map_err(|_| Error::StoreUnavailable)
    }

    /// The store's counters and state now.
    pub fn stats(&self) -> StoreStats {
        let link = &self.inner.link;
        let mut stats = link.counters.snapshot();
        stats.breaker_open = link.breaker.is_open();
        if let Some(cache) = &link.cache {
            stats.cache_fresh = cache.is_fresh();
            stats.cache_entries = u64::try_from(cache.len()).unwrap_or(u64::MAX);
        }
        stats
    }

    fn link(&self) -> &Arc<Link> {
        &self.inner.link
    }
}

impl RedisStoreBuilder {
    /// Checks the settings and builds the store. Connects in the
    /// background: a Redis that is down makes requests fail (fast, once the
    /// breaker is open) until it is back, never this call. Must be called
    /// within a tokio runtime.
    pub fn build(self) -> Result<RedisStore, Error> {
        if self.heartbeat_interval.is_zero() || self.heartbeat_interval >= self.max_staleness {
            return Err(Error::Config(
                "the heartbeat interval must be positive and shorter than the maximum staleness",
            ));
        }
        if self.connect_timeout.is_zero() || self.response_timeout.is_zero() {
            return Err(Error::Config("Redis timeouts must be positive"));
        }
        if tagged(&self.prefix).is_none() {
            return Err(Error::Config(
                "a key prefix with `{` must carry a non-empty hash tag `{...}`",
            ));
        }
        RedisStore::from_builder(self)
    }
}

fn denied(score: Option<f64>, now: u64) -> bool {
    // Scores are whole seconds well within f64's exact integers.
    #[allow(clippy::cast_precision_loss)]
    score.is_some_and(|until| until > now as f64)
}

/// The denylist scores and the epoch (`id`, `cutoff`, `origin`) of one decode.
type Standing = (
    Vec<Option<f64>>,
    (Option<String>, Option<String>, Option<String>),
);

impl RevocationStore for RedisStore {
    async fn epoch(&self, at: At) -> Result<String, Error> {
        Ok(self.link().current_epoch(at).await?.id)
    }

    async fn is_revoked(&self, token: TokenRef<'_>, at: At) -> Result<bool, Error> {
        let link = self.link();
        let mut members = vec![jti_member(token.jti)];
        if let Some(family) = token.family {
            members.push(family_member(family.fid));
        }
        let (scores, epoch): Standing = link
            .run(
                redis::pipe()
                    .cmd("ZMSCORE")
                    .arg(&link.names.deny)
                    .arg(&members)
                    .cmd("HMGET")
                    .arg(&link.names.epoch)
                    .arg("id")
                    .arg("cutoff")
                    .arg("origin")
                    .query_async(&mut link.conn.clone()),
            )
            .await?;
        if scores.len() != members.len() {
            return Err(Error::StoreUnavailable);
        }
        if scores.iter().any(|&score| denied(score, at.now)) {
            return Ok(true);
        }
        let epoch = match epoch {
            (Some(id), Some(cutoff), origin) => {
                let cutoff = cutoff.parse().map_err(|_| Error::StoreUnavailable)?;
                let origin = origin.unwrap_or_default();
                let cutoff = link.observe_epoch(&id, cutoff, &origin, at).await?;
                EpochReply { id, cutoff }
            }
            _ => link.current_epoch(at).await?,
        };
        Ok(match token.family {
            Some(family) => family.epoch != epoch.id,
            None => token.iat <= epoch.cutoff,
        })
    }

    fn is_revoked_locally(&self, token: TokenRef<'_>, at: At) -> Option<Result<bool, Error>> {
        let link = self.link();
        let cache = link.cache.as_ref()?;
        match cache.check(token, at.now) {
            Answer::Known(revoked) => {
                Counters::add(&link.counters.cache_hits);
                Some(Ok(revoked))
            }
            Answer::Unknown => {
                Counters::add(&link.counters.cache_misses);
                None
            }
            Answer::Stale => {
                Counters::add(&link.counters.cache_misses);
                match link.config.on_stale {
                    OnStale::RoundTrip => None,
                    OnStale::Refuse => Some(Err(Error::StoreUnavailable)),
                }
            }
        }
    }

    async fn revoke_jti(&self, jti: &str, until: u64, at: At) -> Result<(), Error> {
        self.link().deny(&[], &[jti_member(jti)], until, at).await
    }

    async fn revoke_family(&self, fid: &str, at: At) -> Result<(), Error> {
        self.link().deny_families(&[fid.to_owned()], at).await
    }

    async fn revoke_subjects(&self, subjects: &[&str], at: At) -> Result<(), Error> {
        let suffixes: Vec<String> = subjects.iter().map(|s| subject_suffix(s)).collect();
        // Two round trips, not one script: a login between them starts a
        // family after the revocation, as if it came a moment later.
        let fids = self.link().families_of(&suffixes, at).await?;
        self.link().deny_families(&fids, at).await
    }

    async fn revoke_subject_of(&self, fid: &str, at: At) -> Result<(), Error> {
        let link = self.link();
        let suffix: Option<String> = link
            .run(
                redis::cmd("HGET")
                    .arg(link.names.family(fid))
                    .arg("sub")
                    .query_async(&mut link.conn.clone()),
            )
            .await?;
        let mut fids = match suffix.filter(|s| !s.is_empty()) {
            Some(suffix) => link.families_of(&[suffix], at).await?,
            None => Vec::new(),
        };
        if !fids.iter().any(|f| f == fid) {
            fids.push(fid.to_owned());
        }
        link.deny_families(&fids, at).await
    }

    async fn kill_switch(&self, epoch: &str, at: At) -> Result<(), Error> {
        let link = self.link();
        let mut invocation = link.epoch_script(&link.scripts.new_epoch, epoch, at.after(at.leeway));
        invocation.arg("kill");
        link.run(invocation.invoke_async::<i64>(&mut link.conn.clone()))
            .await?;
        link.saw_epoch(epoch);
        if let Some(cache) = &link.cache {
            cache.set_epoch(cache::Epoch {
                id: epoch.to_owned(),
                cutoff: at.after(at.leeway),
            });
        }
        Ok(())
    }

    async fn start_family(&self, family: NewFamily<'_>, at: At) -> Result<String, Error> {
        let link = self.link();
        let suffix = family.subject.map(subject_suffix).unwrap_or_default();
        let epoch: Option<(String, String)> = link
            .run(
                link.scripts
                    .start_family
                    .key(link.names.family(family.fid))
                    .key(link.names.subject(&suffix))
                    .key(&link.names.epoch)
                    .arg(family.refresh_jti)
                    .arg(ttl(at, family.until))
                    .arg(family.until)
                    .arg(family.fid)
                    .arg(&suffix)
                    .arg(at.now)
                    .invoke_async(&mut link.conn.clone()),
            )
            .await?;
        match epoch {
            Some((id, origin)) => {
                // Its cutoff does not matter here, only that a loss is marked.
                link.observe_epoch(&id, 0, &origin, at).await?;
                Ok(id)
            }
            // The store lost its epoch: start one; the family is of the old.
            None => Ok(link.current_epoch(at).await?.id),
        }
    }

    async fn rotate(&self, renewal: Renewal<'_>, at: At) -> Result<Rotation, Error> {
        let link = self.link();
        let Some(family) = renewal.token.family else {
            return Ok(Rotation::Revoked);
        };
        let deny_until = at.after(at.deny_ttl);
        let reply: Vec<Value> = link
            .run(
                link.scripts
                    .rotate
                    .key(&link.names.seq)
                    .key(link.names.family(family.fid))
                    .key(&link.names.deny)
                    .key(&link.names.epoch)
                    .arg(&link.names.events)
                    .arg(renewal.token.jti)
                    .arg(family.epoch)
                    .arg(renewal.new_jti)
                    .arg(ttl(at, renewal.until))
                    .arg(renewal.until)
                    .arg(renewal.grace)
                    .arg(at.now)
                    .arg(deny_until)
                    .arg(family.fid)
                    .arg(&link.names.prefix)
                    .arg(ttl(at, deny_until))
                    .invoke_async(&mut link.conn.clone()),
            )
            .await?;
        let text = |i: usize| -> Option<String> {
            reply
                .get(i)
                .and_then(|v| redis::from_redis_value_ref(v).ok())
        };
        match text(0).as_deref() {
            Some("ok") => Ok(Rotation::Rotated),
            Some("retry") => text(1)
                .map(Rotation::Retried)
                .ok_or(Error::StoreUnavailable),
            Some("reused") => {
                if let Some(cache) = &link.cache {
                    cache.deny(&[&family_member(family.fid)], deny_until);
                }
                Ok(Rotation::Reused)
            }
            Some("revoked") => Ok(Rotation::Revoked),
            _ => Err(Error::StoreUnavailable),
        }
    }
}
