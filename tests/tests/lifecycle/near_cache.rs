//! `RedisStore`'s near cache against a real Redis: a valid token decodes
//! with no round trip; a revocation on one instance reaches the others
//! within the staleness bound (measured over 200 revocations on three
//! instances); when the invalidation channel is cut, lags or carries a gap,
//! the cache stops answering within the bound and decoding falls back to
//! Redis (or refuses), then reloads.
//!
//! Run with `--nocapture` to see the propagation figures BENCHMARKS.md
//! quotes.

use std::time::{Duration, Instant};

use claims_core::lifecycle::{OnStale, RedisStore, RedisStoreBuilder};
use claims_core::{Error, Lifecycle};
use claims_testkit::{RedisOptions, RedisServer, TcpProxy};

use crate::common::Session;
use crate::common::lifecycle::{self as scenario, session_of, settle};

/// The staleness bound the stores are built with (the default).
const BOUND: Duration = Duration::from_millis(100);

fn redis() -> Option<RedisServer> {
    RedisServer::start_or_skip("lifecycle::near_cache", &RedisOptions::new())
}

/// A store built by `builder`, connected and its cache loaded.
async fn ready(builder: RedisStoreBuilder) -> RedisStore {
    let store = builder.build().unwrap();
    store.ready(Duration::from_secs(5)).await.unwrap();
    store
}

async fn redis_command(redis: &RedisServer, args: &[&str]) {
    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let mut cmd = redis::cmd(args[0]);
    for arg in &args[1..] {
        cmd.arg(*arg);
    }
    cmd.query_async::<redis::Value>(&mut conn).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_token_decodes_without_a_round_trip() {
    let Some(redis) = redis() else { return };
    let store = ready(RedisStore::builder(&redis.url())).await;
    let lc = scenario::lifecycle(store.clone());
    lc.login(&session_of("u-warm")).await.unwrap();
    settle().await;

    // A token this instance has never seen: its first decode is local too.
    let pair = lc.login(&session_of("u-hit")).await.unwrap();
    let plain = lc.keys().encode(&session_of("u-plain")).unwrap();
    let before = store.stats();
    for _ in 0..100 {
        lc.decode::<Session>(&pair.access_token).await.unwrap();
    }
    lc.decode::<Session>(&plain).await.unwrap();
    let after = store.stats();
    assert_eq!(after.requests, before.requests, "no round trip");
    assert_eq!(after.cache_hits, before.cache_hits + 101);
    assert!(after.cache_fresh);

    // What this instance revokes it refuses at once, still locally.
    let v = lc.decode::<Session>(&pair.access_token).await.unwrap();
    lc.revoke_token(v.registered()).await.unwrap();
    let revoked = store.stats().requests;
    assert_eq!(
        lc.decode::<Session>(&pair.access_token).await.err(),
        Some(Error::Revoked)
    );
    assert_eq!(store.stats().requests, revoked);
    // A refresh is never the cache's to decide.
    lc.refresh::<Session>(&pair.refresh_token).await.unwrap();
    assert!(store.stats().requests > revoked);
}

/// How many revocations the propagation test makes: 200, or
/// `CLAIMS_NEAR_CACHE_REVOCATIONS` (the long run: `CLAIMS_NEAR_CACHE_REVOCATIONS=10000
/// cargo test -p claims-tests --test lifecycle near_cache::revocations -- --nocapture`).
fn revocations() -> usize {
    std::env::var("CLAIMS_NEAR_CACHE_REVOCATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

/// Three instances, 200 revocations of every kind, each made on one
/// instance and awaited on the two others: p99 under the 100 ms bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revocations_reach_every_instance_within_the_bound() {
    let Some(redis) = redis() else { return };
    let mut instances = Vec::new();
    for _ in 0..3 {
        instances.push(scenario::lifecycle(
            ready(RedisStore::builder(&redis.url())).await,
        ));
    }
    let mut latencies = Vec::new();
    let count = revocations();
    for i in 0..count {
        let origin = &instances[i % 3];
        let others = [&instances[(i + 1) % 3], &instances[(i + 2) % 3]];
        let user = format!("u-spread-{i}");
        let pair = origin.login(&session_of(&user)).await.unwrap();
        for lc in others {
            accepted_soon(lc, &pair.access_token).await;
        }
        match i % 4 {
            0 => {
                let v = origin.decode::<Session>(&pair.access_token).await.unwrap();
                origin.revoke_token(v.registered()).await.unwrap();
            }
            1 => origin.logout(&pair.refresh_token).await.unwrap(),
            2 => origin.revoke_subject(&user).await.unwrap(),
            _ if i % 20 == 3 => origin.kill_switch().await.unwrap(),
            _ => {
                let v = origin.decode::<Session>(&pair.access_token).await.unwrap();
                origin.revoke_session(v.registered()).await.unwrap();
            }
        }
        let revoked_at = Instant::now();
        for lc in others {
            latencies.push(refused_after(lc, &pair.access_token, revoked_at).await);
        }
    }
    latencies.sort();
    let at = |percent: usize| latencies[(latencies.len() * percent / 100).min(latencies.len() - 1)];
    let (p50, p99, max) = (at(50), at(99), latencies[latencies.len() - 1]);
    eprintln!(
        "near cache propagation, {} observations ({count} revocations x 2 other instances): \
         p50 {p50:?}, p99 {p99:?}, max {max:?}",
        latencies.len()
    );
    assert!(p99 < BOUND, "p99 {p99:?}");
}

/// Waits until `lc` accepts `token` (a new epoch may still be on its way).
async fn accepted_soon(lc: &Lifecycle, token: &str) {
    let deadline = Instant::now() + Duration::from_secs(2);
    while lc.decode::<Session>(token).await.is_err() {
        assert!(Instant::now() < deadline, "never accepted");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// How long after `since` `lc` refuses `token` as revoked.
async fn refused_after(lc: &Lifecycle, token: &str, since: Instant) -> Duration {
    loop {
        match lc.decode::<Session>(token).await {
            Err(Error::Revoked) => return since.elapsed(),
            Ok(_) => {
                assert!(since.elapsed() < Duration::from_secs(2), "never refused");
                tokio::task::yield_now().await;
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
}

/// The subscriber connections killed by Redis (`CLIENT KILL TYPE pubsub`):
/// the cache is dropped, revocations made meanwhile are refused once the
/// bound has passed, and the cache reloads and answers again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_channel_drops_the_cache_until_it_reloads() {
    let Some(redis) = redis() else { return };
    let store = ready(RedisStore::builder(&redis.url())).await;
    let lc = scenario::lifecycle(store.clone());
    let other = scenario::lifecycle(ready(RedisStore::builder(&redis.url())).await);
    for round in 0..3 {
        let pair = lc.login(&session_of("u-cut")).await.unwrap();
        settle().await;
        let losses = store.stats().channel_losses;
        redis_command(&redis, &["CLIENT", "KILL", "TYPE", "pubsub"]).await;
        other.logout(&pair.refresh_token).await.unwrap();
        tokio::time::sleep(BOUND).await;
        assert_eq!(
            lc.decode::<Session>(&pair.access_token).await.err(),
            Some(Error::Revoked),
            "round {round}"
        );
        assert!(store.stats().channel_losses > losses, "round {round}");
        store.ready(Duration::from_secs(5)).await.unwrap();
        let hits = store.stats().cache_hits;
        let fresh = lc.login(&session_of("u-cut")).await.unwrap();
        settle().await;
        lc.decode::<Session>(&fresh.access_token).await.unwrap();
        assert!(store.stats().cache_hits > hits, "answers again");
    }
    assert!(store.stats().cache_resyncs >= 4);
}

/// An event with a sequence number out of order (one missed): the cache is
/// dropped and reloaded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gap_in_the_events_reloads_the_cache() {
    let Some(redis) = redis() else { return };
    let store = ready(RedisStore::builder(&redis.url())).await;
    let resyncs = store.stats().cache_resyncs;
    redis_command(
        &redis,
        &[
            "PUBLISH",
            "claims:{claims}:events",
            r#"{"s":999999,"k":"d","u":"1","m":["j:x"]}"#,
        ],
    )
    .await;
    store.ready(Duration::from_secs(5)).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while store.stats().cache_resyncs == resyncs {
        assert!(Instant::now() < deadline, "never reloaded");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(store.stats().channel_losses >= 1);
}

/// Every byte between an instance and Redis held (a partition): once the
/// bound has passed, the instance never accepts a token revoked meanwhile;
/// it asks Redis and fails closed (or, with `OnStale::Refuse`, refuses at
/// once), and it recovers when the bytes flow again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_channel_stops_the_cache_within_the_bound() {
    let Some(redis) = redis() else { return };
    for on_stale in [OnStale::RoundTrip, OnStale::Refuse] {
        let proxy = TcpProxy::start(redis.port()).unwrap();
        let url = format!("redis://127.0.0.1:{}/", proxy.port());
        let store = ready(
            RedisStore::builder(&url)
                .on_stale(on_stale)
                .response_timeout(Duration::from_millis(200)),
        )
        .await;
        let lc = scenario::lifecycle(store.clone());
        let other = scenario::lifecycle(ready(RedisStore::builder(&redis.url())).await);
        let pair = lc.login(&session_of("u-silent")).await.unwrap();
        settle().await;
        lc.decode::<Session>(&pair.access_token).await.unwrap();

        proxy.pause();
        other.logout(&pair.refresh_token).await.unwrap();
        let revoked_at = Instant::now();
        tokio::time::sleep(BOUND).await;
        let asked = Instant::now();
        let answer = lc.decode::<Session>(&pair.access_token).await;
        assert_eq!(answer.err(), Some(Error::StoreUnavailable), "{on_stale:?}");
        if on_stale == OnStale::Refuse {
            assert!(
                asked.elapsed() < Duration::from_millis(10),
                "refused at once"
            );
        }
        assert!(!store.stats().cache_fresh);
        assert!(revoked_at.elapsed() >= BOUND);

        proxy.resume();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match lc.decode::<Session>(&pair.access_token).await {
                Err(Error::Revoked) => break,
                Err(Error::StoreUnavailable) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                other => panic!("{on_stale:?}: {other:?}"),
            }
        }
        store.ready(Duration::from_secs(5)).await.unwrap();
    }
}
