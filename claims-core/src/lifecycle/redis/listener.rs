//! What keeps the near cache fresh: a subscriber that loads a snapshot and
//! then follows the events the write scripts publish, a heartbeat this
//! instance sends itself through Redis every few milliseconds, and a sweep
//! of expired entries. Each runs as a tokio task for as long as the store.
//!
//! **Why pub/sub published by the write scripts.** Every change to the
//! denylist or the epoch is made by one of our Lua scripts, and the script
//! publishes it in the same atomic step, with the next sequence number: no
//! server configuration (keyspace notifications need
//! `notify-keyspace-events`), no change can be made without its event, and
//! the event carries the value, so applying it needs no read.
//! `CLIENT TRACKING` (RESP3 client-side caching) sends only "this key
//! changed", for keys this client has read, so the first decode of a new
//! token would still cost a round trip, and every invalidation a read.
//! Streams would allow catching up after a disconnection, but need polling
//! and trimming; here a lost connection or a gap in the sequence numbers
//! simply drops the cache and loads a new snapshot, which the denylist's
//! small size (entries live as long as the longest access token) makes
//! cheap.
//!
//! **Freshness.** Pub/sub delivers what was published while connected, in
//! order, and nothing else: a heartbeat sent at `t` and received back proves
//! every earlier event was received. A silence, a lost connection or a gap
//! in the sequence numbers leaves the cache stale within `max_staleness`,
//! and decoding falls back to Redis (or refuses) until a new snapshot and a
//! new heartbeat.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt as _;
use redis::Value;
use serde_json::Value as Json;

use super::cache::{Denied, Epoch, Snapshot};
use super::link::Link;

/// The first wait before a new subscription, doubled after each failure.
const MIN_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(1);
/// How often expired entries are swept.
const SWEEP_EVERY: Duration = Duration::from_secs(10);

/// Why a subscription ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lost {
    /// Connecting, subscribing or loading the snapshot failed.
    Connect,
    /// The connection closed.
    Closed,
    /// An event is missing (or one could not be read).
    Gap,
}

impl Lost {
    fn as_str(self) -> &'static str {
        match self {
            Lost::Connect => "cannot subscribe",
            Lost::Closed => "connection closed",
            Lost::Gap => "an event is missing",
        }
    }
}

/// Follows the events for as long as the store lives.
pub(super) async fn subscribe(link: Arc<Link>) {
    let mut backoff = MIN_BACKOFF;
    loop {
        let lost = follow(&link).await;
        let Some(cache) = &link.cache else { return };
        cache.invalidate();
        link.lost_channel(lost.as_str());
        if lost != Lost::Connect {
            backoff = MIN_BACKOFF;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// One subscription: subscribe, load a snapshot, then apply events and
/// heartbeats until something breaks.
async fn follow(link: &Link) -> Lost {
    let Some(cache) = &link.cache else {
        return Lost::Closed;
    };
    let timeout = link.config.connect_timeout;
    let pubsub = async {
        let mut pubsub = link.conn.pubsub().await?;
        pubsub.subscribe(&link.names.events).await?;
        pubsub.subscribe(&link.names.heartbeat).await?;
        Ok::<_, redis::RedisError>(pubsub)
    };
    let Ok(Ok(pubsub)) = tokio::time::timeout(timeout, pubsub).await else {
        return Lost::Connect;
    };
    let mut messages = pubsub.into_on_message();
    // Heartbeats sent before the snapshot was asked for prove nothing about it.
    let asked = cache.now_nanos();
    let Some((snapshot_seq, epoch, snapshot)) = load_snapshot(link).await else {
        return Lost::Connect;
    };
    cache.install(snapshot);
    match epoch {
        Some((epoch, origin)) => link.cache_epoch(epoch, &origin),
        None => cache.retire_epoch(),
    }
    link.resynced();
    let mut expected = snapshot_seq + 1;
    let mut draining = true;
    while let Some(message) = messages.next().await {
        if message.get_channel_name() == link.names.heartbeat {
            if let Some(sent) = std::str::from_utf8(message.get_payload_bytes())
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
                .filter(|&sent| sent >= asked)
            {
                cache.fresh_as_of(sent);
            }
            continue;
        }
        let Some(event) = serde_json::from_slice::<Json>(message.get_payload_bytes()).ok() else {
            return Lost::Gap;
        };
        let Some(seq) = event.get("s").and_then(Json::as_u64) else {
            return Lost::Gap;
        };
        // Events published between the subscription and the snapshot are
        // in the snapshot already.
        if draining && seq <= snapshot_seq {
            continue;
        }
        draining = false;
        if seq != expected || !apply(link, &event) {
            return Lost::Gap;
        }
        expected += 1;
    }
    Lost::Closed
}

/// Applies one event to the cache; false if it cannot be read.
fn apply(link: &Link, event: &Json) -> bool {
    let Some(cache) = &link.cache else {
        return false;
    };
    match event.get("k").and_then(Json::as_str) {
        Some("d") => {
            let (Some(until), Some(members)) = (
                event.get("u").and_then(number),
                event.get("m").and_then(Json::as_array),
            ) else {
                return false;
            };
            let members: Vec<&str> = members.iter().filter_map(Json::as_str).collect();
            cache.deny(&members, until);
            true
        }
        Some("e") => {
            let (Some(id), Some(cutoff), Some(origin)) = (
                event.get("id").and_then(Json::as_str),
                event.get("c").and_then(number),
                event.get("o").and_then(Json::as_str),
            ) else {
                return false;
            };
            let epoch = Epoch {
                id: id.to_owned(),
                cutoff,
            };
            link.cache_epoch(epoch, origin);
            true
        }
        _ => false,
    }
}

/// A time the scripts wrote: a string of digits (from `ARGV`) or a number.
fn number(value: &Json) -> Option<u64> {
    match value {
        Json::String(s) => s.parse().ok(),
        other => other.as_u64(),
    }
}

/// The sequence number, the epoch (and its origin) and the live denylist,
/// read atomically.
async fn load_snapshot(link: &Link) -> Option<(u64, Option<(Epoch, String)>, Snapshot)> {
    let cache = link.cache.as_ref()?;
    let names = &link.names;
    let mut conn = link.conn.clone();
    let mut invocation = link.scripts.snapshot.prepare_invoke();
    invocation
        .key(&names.seq)
        .key(&names.epoch)
        .key(&names.deny)
        .arg(cache.latest_now());
    let call = invocation.invoke_async::<(u64, String, String, String, Vec<Value>)>(&mut conn);
    let (seq, id, cutoff, origin, denied) =
        tokio::time::timeout(link.config.response_timeout, call)
            .await
            .ok()?
            .ok()?;
    let epoch = if id.is_empty() {
        None
    } else {
        let cutoff = cutoff.parse().ok()?;
        Some((Epoch { id, cutoff }, origin))
    };
    let mut entries = Vec::with_capacity(denied.len() / 2);
    for pair in denied.chunks_exact(2) {
        let member: String = redis::from_redis_value_ref(&pair[0]).ok()?;
        let score: f64 = redis::from_redis_value_ref(&pair[1]).ok()?;
        entries.push(Denied {
            member,
            until: score_to_secs(score),
        });
    }
    Some((seq, epoch, Snapshot { denied: entries }))
}

/// A sorted-set score (whole seconds, possibly saturated) as seconds.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn score_to_secs(score: f64) -> u64 {
    // `as` saturates: negative and NaN become 0, huge values u64::MAX.
    score as u64
}

/// Sends this instance's heartbeat through Redis, for as long as the store
/// lives: the message carries the cache's monotonic time when it was sent.
pub(super) async fn heartbeat(link: Arc<Link>) {
    let Some(cache) = &link.cache else { return };
    let mut ticks = tokio::time::interval(link.config.heartbeat_interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        // While the breaker is open, requests are refused anyway and the
        // cache must go stale: heartbeats would only wait on timeouts.
        if link.breaker.is_open() {
            continue;
        }
        let mut conn = link.conn.clone();
        let mut publish = link.scripts.heartbeat.prepare_invoke();
        publish
            .key(&link.names.seq)
            .arg(&link.names.heartbeat)
            .arg(cache.now_nanos());
        let publish = publish.invoke_async::<i64>(&mut conn);
        // A lost heartbeat only leaves the cache to go stale.
        let _ = tokio::time::timeout(link.config.response_timeout, publish).await;
    }
}

/// Drops expired entries now and then.
pub(super) async fn sweep(link: Arc<Link>) {
    let Some(cache) = &link.cache else { return };
    let mut ticks = tokio::time::interval(SWEEP_EVERY);
    loop {
        ticks.tick().await;
        cache.sweep();
    }
}
