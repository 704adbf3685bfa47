//! `RedisStore` on a real Redis Cluster (3 masters, 3 replicas) and behind a
//! real Sentinel setup: the shared scenarios, the near cache between two
//! instances, a slot moved during traffic, a master killed during traffic.
//!
//! Each test starts its own cluster or setup (`claims_testkit::RedisCluster`,
//! `RedisSentinel`; a few seconds each) and stops it on drop. Without
//! redis-server they fail under CI and skip otherwise.
//!
//! During a failover no revoked token is ever accepted (a request is
//! refused, `StoreUnavailable`, or answered right); what was revoked and
//! replicated before the kill is still revoked after it.

use std::time::{Duration, Instant};

use claims_core::lifecycle::{RedisStore, RedisStoreBuilder};
use claims_core::{Error, Lifecycle, TokenPair};
use claims_testkit::{MASTER_NAME, RedisCluster, RedisOptions, RedisSentinel};

use crate::common::Session;
use crate::common::lifecycle::{self as scenario, session_of, settle};

const SUITE: &str = "lifecycle::cluster";
/// How long the store may take to answer again after a failover completed.
const RECOVERY: Duration = Duration::from_secs(5);

fn cluster() -> Option<RedisCluster> {
    RedisCluster::start_or_skip(SUITE, &RedisOptions::new())
}

/// A lifecycle on a store built by `builder`, connected and its cache loaded.
async fn lifecycle(builder: RedisStoreBuilder) -> (Lifecycle, RedisStore) {
    let store = builder.build().unwrap();
    store.ready(Duration::from_secs(10)).await.unwrap();
    (scenario::lifecycle(store.clone()), store)
}

/// A store on `cluster`, its keys under `prefix` (one slot per prefix).
async fn store(cluster: &RedisCluster, prefix: &str) -> RedisStore {
    let store = RedisStore::cluster(&cluster.urls())
        .prefix(prefix)
        .build()
        .unwrap();
    store.ready(Duration::from_secs(10)).await.unwrap();
    store
}

async fn on(cluster: &RedisCluster, prefix: &str) -> Lifecycle {
    scenario::lifecycle(store(cluster, prefix).await)
}

/// The slot of every key under `prefix` (its hash tag: `p:` gives `{p}`).
fn slot(cluster: &RedisCluster, prefix: &str) -> u16 {
    let tag = prefix.trim_end_matches(':');
    cluster.slot_of(&format!("{{{tag}}}")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lifecycle_and_the_near_cache_on_a_cluster() {
    let Some(cluster) = cluster() else { return };
    // One prefix each: the stores' keys land in different slots and nodes.
    scenario::refresh_and_reuse(&on(&cluster, "reuse:").await).await;
    scenario::logout(&on(&cluster, "logout:").await).await;
    scenario::revoke_jti(&on(&cluster, "jti:").await).await;
    scenario::revoke_subject(&on(&cluster, "subject:").await).await;
    scenario::revoke_subject_of_a_token(&on(&cluster, "subject-of:").await).await;
    scenario::concurrent_refresh(&scenario::lifecycle_without_grace(
        store(&cluster, "concurrent:").await,
    ))
    .await;
    scenario::retry_within_grace(&on(&cluster, "grace:").await).await;
    scenario::kill_switch(&on(&cluster, "kill:").await).await;

    // Two instances: what one revokes, the other's near cache refuses.
    let builder = RedisStore::cluster(&cluster.urls()).prefix("shared:");
    let (a, _) = lifecycle(builder.clone()).await;
    let (b, b_store) = lifecycle(builder).await;
    let pair = a.login(&session_of("u-shared")).await.unwrap();
    b.decode::<Session>(&pair.access_token).await.unwrap();
    let since = Instant::now();
    a.logout(&pair.refresh_token).await.unwrap();
    refused_within(&b, &pair.access_token, since, Duration::from_secs(1)).await;
    let stats = b_store.stats();
    assert!(stats.cache_fresh && stats.cache_hits > 0, "{stats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_answered_right_while_the_slot_moves() {
    let Some(cluster) = cluster() else { return };
    let prefix = "moving:";
    // Without the near cache every decode reads the moving keys.
    let builder = RedisStore::cluster(&cluster.urls())
        .prefix(prefix)
        .near_cache(false);
    let (lc, _) = lifecycle(builder).await;
    let traffic = Traffic::start(&lc).await;
    // A few hundred keys, so the move takes a while.
    for user in 0..100 {
        lc.login(&session_of(&format!("u-fill-{user}")))
            .await
            .unwrap();
    }
    let slot = slot(&cluster, prefix);
    let from = cluster.master_of(slot).unwrap();
    let moving = tokio::task::spawn_blocking(move || {
        let to = cluster.move_slot(slot, Duration::from_millis(5)).unwrap();
        (cluster, to)
    });
    let tally = traffic.run_until(&lc, &moving).await;
    let (cluster, to) = moving.await.unwrap();
    assert_ne!(to, from);
    assert_eq!(cluster.master_of(slot).unwrap(), to);
    // ASK and MOVED were followed: (nearly) every request was answered.
    // ASK and MOVED were followed: decodes were answered (a few refused:
    // the epoch script may meet TRYAGAIN). Logins, whose scripts create
    // keys, are refused while the slot is split between two nodes: Redis
    // answers TRYAGAIN to a multi-key command whose keys are not all on
    // one node.
    assert!(tally.answered >= 10, "{tally:?}");
    assert!(tally.refused * 5 <= tally.answered, "{tally:?}");
    traffic.check_after(&lc).await;
    lc.login(&session_of("u-after")).await.unwrap();
    eprintln!("slot moved during traffic: {tally:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_master_failover_keeps_what_was_revoked() {
    let Some(mut cluster) = cluster() else { return };
    let prefix = "failover:";
    let slot = slot(&cluster, prefix);
    // The master to be killed first: the near cache subscribes to it, and
    // must move to another node.
    let master = cluster.master_of(slot).unwrap();
    let mut urls = cluster.urls();
    urls.sort_by_key(|url| !url.contains(&format!(":{master}/")));
    let builder = RedisStore::cluster(&urls).prefix(prefix);
    let (cached, cached_store) = lifecycle(builder.clone()).await;
    let (direct, _) = lifecycle(builder.near_cache(false)).await;
    let traffic = Traffic::start(&direct).await;
    // Replication is asynchronous: a write acknowledged by the master but
    // not yet on its replica is lost by a failover. Wait it out.
    cluster.wait_replicated(slot).unwrap();
    let killing = tokio::task::spawn_blocking(move || {
        let took = cluster.kill_master_of(slot).unwrap();
        (cluster, took)
    });
    let tally = traffic.run_until(&direct, &killing).await;
    let (_cluster, took) = killing.await.unwrap();
    assert!(took < Duration::from_secs(15), "failover took {took:?}");
    let recovered = traffic.recovery(&direct).await;
    assert!(recovered < RECOVERY, "answered again after {recovered:?}");
    traffic.check_after(&direct).await;
    // The near cache lost its node, subscribed to another and reloaded.
    settle().await;
    cached_store.ready(RECOVERY).await.unwrap();
    let stats = cached_store.stats();
    assert!(
        stats.channel_losses >= 1 && stats.cache_resyncs >= 2,
        "{stats:?}"
    );
    traffic.check_after(&cached).await;
    eprintln!("cluster failover: {took:?}, then answered after {recovered:?}; {tally:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sentinel_failover_is_followed_and_keeps_what_was_revoked() {
    let Some(mut setup) = RedisSentinel::start_or_skip(SUITE, &RedisOptions::new()) else {
        return;
    };
    let builder = RedisStore::sentinel(&setup.sentinel_urls(), MASTER_NAME);
    let (cached, cached_store) = lifecycle(builder.clone()).await;
    let (direct, _) = lifecycle(builder.near_cache(false)).await;
    let traffic = Traffic::start(&direct).await;
    setup.wait_replicated().unwrap();
    let old = setup.master_port().unwrap();
    let killing = tokio::task::spawn_blocking(move || {
        let took = setup.kill_master().unwrap();
        (setup, took)
    });
    let tally = traffic.run_until(&direct, &killing).await;
    let (setup, took) = killing.await.unwrap();
    assert_ne!(setup.master_port().unwrap(), old);
    let recovered = traffic.recovery(&direct).await;
    assert!(recovered < RECOVERY, "answered again after {recovered:?}");
    traffic.check_after(&direct).await;
    cached_store.ready(RECOVERY).await.unwrap();
    traffic.check_after(&cached).await;
    eprintln!("sentinel failover: {took:?}, then answered after {recovered:?}; {tally:?}");
}

/// A master demoted to a replica (a failover the operator asked for) keeps
/// running and answers writes with `READONLY`: the store asks the sentinels
/// again and writes to the new master.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sentinel_switchover_moves_writes_off_the_demoted_master() {
    let Some(setup) = RedisSentinel::start_or_skip(SUITE, &RedisOptions::new()) else {
        return;
    };
    let builder = RedisStore::sentinel(&setup.sentinel_urls(), MASTER_NAME);
    let (lc, _) = lifecycle(builder.near_cache(false)).await;
    let traffic = Traffic::start(&lc).await;
    setup.wait_replicated().unwrap();
    let old = setup.master_port().unwrap();
    let switching = tokio::task::spawn_blocking(move || {
        setup.demote_master().unwrap();
        setup
    });
    traffic.run_until(&lc, &switching).await;
    let setup = switching.await.unwrap();
    assert_ne!(setup.master_port().unwrap(), old);
    let recovered = traffic.recovery(&lc).await;
    assert!(recovered < RECOVERY, "answered again after {recovered:?}");
    traffic.check_after(&lc).await;
    // Writes land on the new master: a logout made now holds.
    let pair = lc.login(&session_of("u-switched")).await.unwrap();
    lc.logout(&pair.refresh_token).await.unwrap();
    assert_eq!(
        lc.decode::<Session>(&pair.access_token).await.err(),
        Some(Error::Revoked)
    );
}

/// Waits until `lc` refuses `token` as revoked, at most `bound` after `since`.
async fn refused_within(lc: &Lifecycle, token: &str, since: Instant, bound: Duration) {
    loop {
        match lc.decode::<Session>(token).await {
            Err(Error::Revoked) => return,
            Ok(_) => {
                assert!(since.elapsed() < bound, "still accepted after {bound:?}");
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
}

/// What a store held before a fault, and the requests made during it.
struct Traffic {
    /// Logged out: must never be accepted again.
    revoked: TokenPair,
    /// Live: accepted whenever the store answers.
    live: TokenPair,
}

/// Requests made during a fault, by outcome. A wrong answer panics.
#[derive(Debug, Default)]
struct Tally {
    /// Decodes answered right, and refused (`StoreUnavailable`).
    answered: u64,
    refused: u64,
    /// Logins done, and refused.
    logins: u64,
    logins_refused: u64,
}

impl Traffic {
    /// Logs two sessions in on `lc` and logs one out.
    async fn start(lc: &Lifecycle) -> Self {
        let revoked = lc.login(&session_of("u-revoked")).await.unwrap();
        let live = lc.login(&session_of("u-live")).await.unwrap();
        lc.logout(&revoked.refresh_token).await.unwrap();
        Self { revoked, live }
    }

    /// Decodes both access tokens and logs in, over and over, until `done`:
    /// the revoked token is never accepted, the live one never refused as
    /// revoked, and an error is only ever `StoreUnavailable`.
    async fn run_until<T>(&self, lc: &Lifecycle, done: &tokio::task::JoinHandle<T>) -> Tally {
        let mut tally = Tally::default();
        while !done.is_finished() {
            match lc.decode::<Session>(&self.revoked.access_token).await {
                Err(Error::Revoked) => tally.answered += 1,
                Err(Error::StoreUnavailable) => tally.refused += 1,
                other => panic!("a revoked token: {:?}", other.map(|_| "accepted")),
            }
            match lc.decode::<Session>(&self.live.access_token).await {
                Ok(_) => tally.answered += 1,
                Err(Error::StoreUnavailable) => tally.refused += 1,
                Err(e) => panic!("a live token refused: {e:?}"),
            }
            match lc.login(&session_of("u-during")).await {
                Ok(_) => tally.logins += 1,
                Err(Error::StoreUnavailable) => tally.logins_refused += 1,
                Err(e) => panic!("a login failed: {e:?}"),
            }
            // Requests refused by the open breaker come back at once.
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tally
    }

    /// How long until `lc` answers a refresh of a new session again.
    async fn recovery(&self, lc: &Lifecycle) -> Duration {
        let start = Instant::now();
        while start.elapsed() < RECOVERY * 2 {
            if let Ok(pair) = lc.login(&session_of("u-after")).await
                && lc.refresh::<Session>(&pair.refresh_token).await.is_ok()
            {
                return start.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        start.elapsed()
    }

    /// After the fault: the revoked session is still revoked, the live one
    /// still works, on `lc`.
    async fn check_after(&self, lc: &Lifecycle) {
        assert_eq!(
            lc.decode::<Session>(&self.revoked.access_token).await.err(),
            Some(Error::Revoked)
        );
        assert_eq!(
            lc.refresh::<Session>(&self.revoked.refresh_token).await,
            Err(Error::Revoked)
        );
        lc.decode::<Session>(&self.live.access_token).await.unwrap();
    }
}
