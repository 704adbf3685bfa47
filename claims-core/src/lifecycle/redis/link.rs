//! [`Link`]: what a `RedisStore`'s requests and background tasks share
//! (the connection, the names, the scripts, the near cache, the breaker,
//! the counters), and the requests they make through the breaker.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use redis::{RedisError, RedisResult, Script, ScriptInvocation};
use sha2::{Digest as _, Sha256};

use super::breaker::{Breaker, Change};
use super::cache::{Epoch, NearCache};
use super::config::RedisStoreBuilder;
use super::connection::Conn;
use super::stats::Counters;
use super::throttle::Throttle;
use crate::error::Error;
use crate::lifecycle::ids::random_id;
use crate::lifecycle::store::At;

/// The longest TTL written (about 100 years): Redis refuses an `EXPIRE`
/// whose deadline overflows its millisecond clock, and a `Duration::MAX`
/// lifetime must not turn every write into an error.
const MAX_TTL: u64 = 100 * 365 * 24 * 3600;

/// Everything the requests and the tasks share.
pub(super) struct Link {
    pub(super) conn: Conn,
    pub(super) names: Names,
    pub(super) scripts: Scripts,
    pub(super) config: RedisStoreBuilder,
    pub(super) cache: Option<NearCache>,
    pub(super) breaker: Breaker,
    pub(super) counters: Counters,
    /// `refused_open` when the breaker last opened, to report how many
    /// requests the outage cost.
    pub(super) refused_before_open: Mutex<u64>,
    /// The epoch id this store last saw.
    pub(super) seen_epoch: Mutex<Option<String>>,
    pub(super) errors_log: Throttle,
    pub(super) channel_log: Throttle,
}

pub(super) struct Scripts {
    pub(super) epoch: Script,
    pub(super) new_epoch: Script,
    pub(super) mark_loss: Script,
    pub(super) start_family: Script,
    pub(super) deny: Script,
    pub(super) rotate: Script,
    pub(super) snapshot: Script,
    pub(super) heartbeat: Script,
}

/// The store's key and channel names under its prefix.
pub(super) struct Names {
    /// The configured prefix with the store's hash tag: what every name
    /// starts with.
    pub(super) prefix: String,
    pub(super) epoch: String,
    pub(super) deny: String,
    pub(super) seq: String,
    /// The channel the write scripts publish to.
    pub(super) events: String,
    /// This store's own heartbeat channel.
    pub(super) heartbeat: String,
}

impl Names {
    /// The names under `prefix`, [`tagged`] (checked by the builder).
    pub(super) fn new(prefix: &str) -> Self {
        let prefix = tagged(prefix).unwrap_or_else(|| prefix.to_owned());
        Self {
            epoch: format!("{prefix}epoch"),
            deny: format!("{prefix}deny"),
            seq: format!("{prefix}seq"),
            events: format!("{prefix}events"),
            heartbeat: format!("{prefix}heartbeat:{}", random_id(12)),
            prefix,
        }
    }

    pub(super) fn family(&self, fid: &str) -> String {
        format!("{}fam:{fid}", self.prefix)
    }

    pub(super) fn subject(&self, suffix: &str) -> String {
        format!("{}sub:{suffix}", self.prefix)
    }
}

/// `prefix` with a hash tag, so that every key of the store is in one
/// Redis Cluster slot and every script stays on one node (atomic): the
/// prefix as it is if it carries a tag already (a `{...}` Redis would hash),
/// else `prefix{tag}:`, the tag being the prefix without its trailing `:`
/// (`claims:` gives `claims:{claims}:`), or `claims` if that is empty.
/// `None` for a prefix whose first `{` opens no tag (`a{}`, `a{b`): Redis
/// would hash each key whole.
pub(super) fn tagged(prefix: &str) -> Option<String> {
    if let Some((_, rest)) = prefix.split_once('{') {
        let (tag, _) = rest.split_once('}')?;
        return (!tag.is_empty()).then(|| prefix.to_owned());
    }
    let tag = prefix.trim_end_matches(':').replace('}', "");
    let tag = if tag.is_empty() { "claims" } else { &tag };
    Some(format!("{prefix}{{{tag}}}:"))
}

/// A subject handle's key suffix: hashed, so no handle sits in a key.
pub(super) fn subject_suffix(handle: &str) -> String {
    B64.encode(Sha256::digest(handle.as_bytes()))
}

pub(super) fn jti_member(jti: &str) -> String {
    format!("j:{jti}")
}

pub(super) fn family_member(fid: &str) -> String {
    format!("f:{fid}")
}

pub(super) fn ttl(at: At, until: u64) -> u64 {
    at.ttl_until(until).min(MAX_TTL)
}

/// The current epoch as Redis returned it.
pub(super) struct EpochReply {
    pub(super) id: String,
    pub(super) cutoff: u64,
}

impl Link {
    /// Runs one request through the breaker, counting and logging it.
    pub(super) async fn run<T>(
        self: &Arc<Self>,
        request: impl Future<Output = RedisResult<T>>,
    ) -> Result<T, Error> {
        if self.breaker.is_open() {
            Counters::add(&self.counters.refused_open);
            return Err(Error::StoreUnavailable);
        }
        Counters::add(&self.counters.requests);
        match request.await {
            Ok(value) => {
                if let Some(Change::Closed(since)) = self.breaker.success() {
                    self.closed(since);
                }
                Ok(value)
            }
            Err(error) => {
                self.failed(&error);
                Err(Error::StoreUnavailable)
            }
        }
    }

    fn failed(self: &Arc<Self>, error: &RedisError) {
        Counters::add(&self.counters.failures);
        if error.is_timeout() {
            Counters::add(&self.counters.timeouts);
        }
        if let Some(held_back) = self.errors_log.admit() {
            // The kind only: a server's error text may quote a key.
            tracing::warn!(
                kind = ?error.kind(),
                timeout = error.is_timeout(),
                held_back,
                "revocation store request failed"
            );
        }
        // Only a Redis that cannot be reached opens the breaker: an error
        // the server answered (a refused password, `LOADING`, an ACL denial)
        // says it is there, and a probe would close it again at once.
        if error.is_io_error() && self.breaker.failure() == Some(Change::Opened) {
            Counters::add(&self.counters.breaker_opened);
            *self
                .refused_before_open
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = self.counters.snapshot().refused_open;
            tracing::warn!(
                failures = self.config.breaker_threshold,
                probe_every_ms = millis(self.config.probe_interval),
                "revocation store unreachable: circuit breaker open, requests refused at once \
                 until a probe succeeds"
            );
            self.probe();
        }
    }

    fn closed(&self, since: Instant) {
        let refused_before = *self
            .refused_before_open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        tracing::info!(
            down_ms = millis(since.elapsed()),
            refused = self.counters.snapshot().refused_open - refused_before,
            "revocation store reachable again: circuit breaker closed"
        );
    }

    /// While the breaker is open: one probe at a time, every probe interval,
    /// until one succeeds.
    fn probe(self: &Arc<Self>) {
        let link = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                let Some(interval) = link.upgrade().map(|l| l.config.probe_interval) else {
                    return;
                };
                tokio::time::sleep(interval).await;
                let Some(link) = link.upgrade() else { return };
                if link.ping().await {
                    if let Some(Change::Closed(since)) = link.breaker.success() {
                        link.closed(since);
                    }
                    return;
                }
            }
        });
    }

    /// Gives the near cache an epoch Redis reported (in a snapshot or an
    /// event). One that another instance started in a store it found empty,
    /// while this one had seen an earlier epoch, is a data loss this
    /// instance must mark first (`observe_epoch`, on the next round trip):
    /// until then the cache answers nothing about the new epoch.
    pub(super) fn cache_epoch(&self, epoch: Epoch, origin: &str) {
        let Some(cache) = &self.cache else { return };
        let unconfirmed_loss =
            origin == "new" && self.seen_epoch().is_some_and(|seen| seen != epoch.id);
        if unconfirmed_loss {
            cache.retire_epoch();
        } else {
            cache.set_epoch(epoch);
        }
    }

    /// Whether Redis answers within the response timeout (outside the
    /// breaker: its probes use it). An `EXISTS` of a store key, not a
    /// `PING`: on a cluster it must reach the node that holds the keys.
    pub(super) async fn ping(&self) -> bool {
        let mut conn = self.conn.clone();
        let mut ping = redis::cmd("EXISTS");
        ping.arg(&self.names.seq);
        let reply = ping.query_async::<i64>(&mut conn);
        matches!(
            tokio::time::timeout(self.config.response_timeout, reply).await,
            Ok(Ok(_))
        )
    }

    /// The near cache was dropped: `why`.
    pub(super) fn lost_channel(&self, why: &str) {
        Counters::add(&self.counters.channel_losses);
        if let Some(held_back) = self.channel_log.admit() {
            tracing::warn!(
                why,
                held_back,
                "revocation near cache dropped: decoding asks Redis until it reloads"
            );
        }
    }

    /// The near cache loaded a snapshot.
    pub(super) fn resynced(&self) {
        Counters::add(&self.counters.cache_resyncs);
        tracing::info!("revocation near cache loaded: it follows Redis again");
    }

    /// Records `id` as the epoch seen last (this store started it).
    pub(super) fn saw_epoch(&self, id: &str) {
        *self
            .seen_epoch
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(id.to_owned());
    }

    fn seen_epoch(&self) -> Option<String> {
        self.seen_epoch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Records the epoch Redis reported (`id`, `cutoff`, `origin`) and
    /// returns its cutoff. If another instance started it in a store it
    /// found empty while this one had seen an earlier epoch, the store lost
    /// its data: marks the epoch so, raising its cutoff to `now + leeway`
    /// (every token without a family issued before is refused), and returns
    /// that.
    pub(super) async fn observe_epoch(
        self: &Arc<Self>,
        id: &str,
        cutoff: u64,
        origin: &str,
        at: At,
    ) -> Result<u64, Error> {
        let previous = self
            .seen_epoch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(id.to_owned());
        if origin != "new" || previous.is_none_or(|previous| previous == id) {
            return Ok(cutoff);
        }
        let loss_cutoff = at.after(at.leeway);
        let invocation = self.epoch_script(&self.scripts.mark_loss, id, loss_cutoff);
        let marked: i64 = self
            .run(invocation.invoke_async(&mut self.conn.clone()))
            .await?;
        if marked == 1 {
            self.data_loss();
        }
        // Marked by this call or by another instance's a moment ago.
        Ok(cutoff.max(loss_cutoff))
    }

    fn data_loss(&self) {
        Counters::add(&self.counters.data_losses);
        tracing::error!(
            "revocation store lost its data (its epoch was gone): a new epoch started, every \
             token issued before it is refused; run Redis with persistence (AOF)"
        );
    }

    /// The current epoch, created if there is none: with cutoff 0 in a new
    /// store, or, when this store had seen an epoch before, as a store that
    /// lost its data (cutoff `now + leeway`).
    pub(super) async fn current_epoch(self: &Arc<Self>, at: At) -> Result<EpochReply, Error> {
        let (cutoff, origin) = match self.seen_epoch() {
            Some(_) => (at.after(at.leeway), "loss"),
            None => (0, "new"),
        };
        let mut invocation = self.epoch_script(&self.scripts.epoch, &random_id(8), cutoff);
        invocation.arg(origin);
        let (id, cutoff, origin, created): (String, String, String, i64) = self
            .run(invocation.invoke_async(&mut self.conn.clone()))
            .await?;
        if created == 1 && origin == "loss" {
            self.data_loss();
        }
        let cutoff = cutoff.parse().map_err(|_| Error::StoreUnavailable)?;
        let cutoff = self.observe_epoch(&id, cutoff, &origin, at).await?;
        Ok(EpochReply { id, cutoff })
    }

    /// `script` (one of those that write the epoch) with its keys, the
    /// channel, the epoch `id` and `cutoff`; more arguments may follow.
    pub(super) fn epoch_script<'a>(
        &'a self,
        script: &'a Script,
        id: &str,
        cutoff: u64,
    ) -> ScriptInvocation<'a> {
        let mut invocation = script.prepare_invoke();
        invocation
            .key(&self.names.seq)
            .key(&self.names.epoch)
            .arg(&self.names.events)
            .arg(id)
            .arg(cutoff);
        invocation
    }

    /// Denylists `members` until `until` and marks `families` revoked.
    pub(super) async fn deny(
        self: &Arc<Self>,
        families: &[String],
        members: &[String],
        until: u64,
        at: At,
    ) -> Result<(), Error> {
        let mut invocation = self.scripts.deny.prepare_invoke();
        invocation.key(&self.names.seq).key(&self.names.deny);
        for family in families {
            invocation.key(family);
        }
        invocation
            .arg(&self.names.events)
            .arg(until)
            .arg(at.now)
            .arg(ttl(at, until.max(at.after(at.deny_ttl))));
        for member in members {
            invocation.arg(member);
        }
        self.run(invocation.invoke_async::<i64>(&mut self.conn.clone()))
            .await?;
        // Read your writes: this instance refuses at once what it revoked
        // (the event, when it arrives, changes nothing).
        if let Some(cache) = &self.cache {
            let members: Vec<&str> = members.iter().map(String::as_str).collect();
            cache.deny(&members, until);
        }
        Ok(())
    }

    /// Revokes the families `fids` (refresh records and denylist).
    pub(super) async fn deny_families(
        self: &Arc<Self>,
        fids: &[String],
        at: At,
    ) -> Result<(), Error> {
        if fids.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = fids.iter().map(|fid| self.names.family(fid)).collect();
        let members: Vec<String> = fids.iter().map(|fid| family_member(fid)).collect();
        self.deny(&keys, &members, at.after(at.deny_ttl), at).await
    }

    /// The live families of each subject key suffix, in one round trip.
    pub(super) async fn families_of(
        self: &Arc<Self>,
        suffixes: &[String],
        at: At,
    ) -> Result<Vec<String>, Error> {
        let mut pipe = redis::pipe();
        for suffix in suffixes {
            pipe.cmd("ZRANGEBYSCORE")
                .arg(self.names.subject(suffix))
                .arg(format!("({}", at.now))
                .arg("+inf");
        }
        let lists: Vec<Vec<String>> = self.run(pipe.query_async(&mut self.conn.clone())).await?;
        Ok(lists.into_iter().flatten().collect())
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::tagged;

    #[test]
    fn every_key_of_a_store_shares_one_hash_tag() {
        let tag = |prefix| tagged(prefix).expect("taggable");
        assert_eq!(tag("claims:"), "claims:{claims}:");
        assert_eq!(tag("orders"), "orders{orders}:");
        assert_eq!(tag(""), "{claims}:");
        assert_eq!(tag(":"), ":{claims}:");
        assert_eq!(tag("a}b:"), "a}b:{ab}:");
        // A tag of the user's own is kept.
        assert_eq!(tag("app:{eu}:"), "app:{eu}:");
        // Redis would hash these keys whole: the builder refuses them.
        assert_eq!(tagged("a{}:"), None);
        assert_eq!(tagged("a{b:"), None);
    }
}
