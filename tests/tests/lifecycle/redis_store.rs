//! Token lifecycle on a real Redis: the shared scenarios, keys with TTLs,
//! concurrent refreshes from separate connections (two service instances),
//! failing closed while Redis is down and nothing lost across a restart.
//!
//! Each test starts its own redis-server on a free loopback port and stops
//! it on drop (`claims_testkit::RedisServer`). Without redis-server these
//! tests fail under CI and skip otherwise, saying so on the terminal
//! (`.ci/run` installs it).

use std::time::{Duration, Instant};

use crate::common::lifecycle as scenario;
use crate::common::{Session, keys, keys_with_clock};
use claims_core::clock::ManualClock;
use claims_core::lifecycle::RedisStore;
use claims_core::{Error, Lifecycle};
use claims_testkit::{RedisOptions, RedisServer};

/// A server started with `options`, or `None` (the suite skips) when
/// redis-server is not installed.
fn redis(options: &RedisOptions) -> Option<RedisServer> {
    RedisServer::start_or_skip("lifecycle::redis_store", options)
}

/// A store on `redis`, connected and its near cache loaded.
async fn store(redis: &RedisServer) -> RedisStore {
    let store = RedisStore::new(&redis.url()).unwrap();
    store.ready(Duration::from_secs(5)).await.unwrap();
    store
}

async fn lifecycle(redis: &RedisServer) -> Lifecycle {
    scenario::lifecycle(store(redis).await)
}

macro_rules! redis_test {
    ($name:ident, $scenario:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let Some(redis) = redis(&RedisOptions::new()) else {
                return;
            };
            $scenario(&lifecycle(&redis).await).await;
        }
    };
}

redis_test!(
    login_use_refresh_and_reuse_detection,
    scenario::refresh_and_reuse
);
redis_test!(
    refresh_and_access_tokens_are_not_interchangeable,
    scenario::token_types
);
redis_test!(logout_revokes_the_family, scenario::logout);
redis_test!(revoke_one_token_by_jti, scenario::revoke_jti);
redis_test!(
    revoke_every_session_of_a_person_hashed_sub,
    scenario::revoke_subject
);
redis_test!(
    revoke_every_session_of_a_person_encrypted_sub,
    scenario::revoke_subject_encrypted
);
redis_test!(
    revoke_every_session_of_a_person_public_sub,
    scenario::revoke_subject_public
);
redis_test!(
    revoke_every_session_of_a_person_numeric_sub,
    scenario::revoke_subject_numeric
);
redis_test!(
    revoke_every_session_of_the_person_a_token_names,
    scenario::revoke_subject_of_a_token
);
redis_test!(kill_switch_then_log_in_again, scenario::kill_switch);
redis_test!(
    a_refresh_retried_within_the_grace_window_gets_the_same_successor,
    scenario::retry_within_grace
);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_leave_no_two_live_tokens() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let lc = scenario::lifecycle_without_grace(store(&redis).await);
    for _ in 0..5 {
        scenario::concurrent_refresh(&lc).await;
    }
}

/// Two instances over one Redis, one clock 20 s ahead (within the leeway).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revocations_hold_against_an_instance_whose_clock_runs_ahead() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let ahead = Lifecycle::new(
        keys_with_clock(ManualClock::skewed(20)),
        store(&redis).await,
    )
    .unwrap();
    let on_time = lifecycle(&redis).await;
    scenario::skewed_instances(&ahead, &on_time).await;
}

/// On Redis the retry window runs on the server's clock, in whole seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_retried_after_the_grace_window_is_reuse() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let lc = Lifecycle::builder(keys())
        .store(store(&redis).await)
        .refresh_grace(Duration::from_secs(1))
        .build()
        .unwrap();
    let first = lc.login(&scenario::session_of("u-late")).await.unwrap();
    let second = lc.refresh::<Session>(&first.refresh_token).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        lc.refresh::<Session>(&first.refresh_token).await,
        Err(Error::RefreshReused)
    );
    assert_eq!(
        lc.decode::<Session>(&second.access_token).await.err(),
        Some(Error::Revoked)
    );
}

/// Two service instances (separate connections) race the same refresh token.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_from_two_instances() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let a = scenario::lifecycle_without_grace(store(&redis).await);
    let b = scenario::lifecycle_without_grace(store(&redis).await);
    for round in 0..10 {
        let pair = a.login(&scenario::session_of("u-two")).await.unwrap();
        let (ra, rb) = tokio::join!(
            tokio::spawn({
                let a = a.clone();
                let t = pair.refresh_token.clone();
                async move { a.refresh::<Session>(&t).await }
            }),
            tokio::spawn({
                let b = b.clone();
                let t = pair.refresh_token.clone();
                async move { b.refresh::<Session>(&t).await }
            }),
        );
        let results = [ra.unwrap(), rb.unwrap()];
        let won: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(won.len(), 1, "round {round}: {results:?}");
        assert!(
            results
                .iter()
                .any(|r| r.as_ref().err() == Some(&Error::RefreshReused))
        );
        // Reuse revoked the family: the winner's token is dead too.
        assert_eq!(
            b.refresh::<Session>(&won[0].refresh_token).await,
            Err(Error::Revoked)
        );
    }
}

/// Every key but the epoch has a TTL no longer than the tokens it rejects,
/// and subjects are not stored in the clear.
#[tokio::test]
async fn every_key_expires_and_subjects_are_hashed() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let lc = lifecycle(&redis).await;
    let pair = lc.login(&scenario::session_of("u-ttl")).await.unwrap();
    let v = lc.decode::<Session>(&pair.access_token).await.unwrap();
    lc.revoke_token(v.registered()).await.unwrap();
    let sub = v.registered().sub.clone().unwrap();
    lc.revoke_subject(&"u-ttl".to_string()).await.unwrap();
    lc.kill_switch().await.unwrap();

    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let mut keys: Vec<String> = redis::cmd("KEYS")
        .arg("claims:*")
        .query_async(&mut conn)
        .await
        .unwrap();
    keys.sort();
    // The denylist, the epoch, the event counter, the family and the
    // subject's index.
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert!(
        keys.contains(&"claims:{claims}:epoch".to_owned()),
        "{keys:?}"
    );
    assert!(keys.contains(&"claims:{claims}:seq".to_owned()), "{keys:?}");
    let longest = lc.refresh_lifetime() + 30;
    for key in &keys {
        assert!(!key.contains(&sub), "a subject in the clear: {key}");
        assert!(!key.contains("u-ttl"), "a subject in the clear: {key}");
        let ttl: i64 = redis::cmd("TTL")
            .arg(key)
            .query_async(&mut conn)
            .await
            .unwrap();
        if key == "claims:{claims}:epoch" || key == "claims:{claims}:seq" {
            // The epoch and the event counter must outlive every token (and
            // every cache following the events): they never expire.
            assert_eq!(ttl, -1, "{key}");
        } else {
            assert!(
                ttl > 0 && ttl <= i64::try_from(longest).unwrap(),
                "{key}: {ttl}"
            );
        }
    }
    let deny_ttl: i64 = redis::cmd("TTL")
        .arg("claims:{claims}:deny")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(
        deny_ttl <= 3600 + 30,
        "the denylist lives as long as the longest access token: {deny_ttl}"
    );
    let jti_until: u64 = redis::cmd("ZSCORE")
        .arg("claims:{claims}:deny")
        .arg(format!("j:{}", v.registered().jti))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        jti_until,
        v.registered().exp + 30,
        "a jti lives as long as its token"
    );
}

/// Redis down: decoding fails closed (once the near cache's staleness
/// bound has passed); back up (restarted, persistent): nothing lost, the
/// same connection recovers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fails_closed_while_down_and_loses_nothing_across_a_restart() {
    let Some(mut redis) = redis(&RedisOptions::new().append_only(true)) else {
        return;
    };
    let lc = scenario::lifecycle_without_grace(store(&redis).await);
    let live = lc.login(&scenario::session_of("u-live")).await.unwrap();
    let spent = lc.login(&scenario::session_of("u-spent")).await.unwrap();
    let rotated = lc.refresh::<Session>(&spent.refresh_token).await.unwrap();
    let gone = lc.login(&scenario::session_of("u-gone")).await.unwrap();
    lc.logout(&gone.refresh_token).await.unwrap();

    redis.kill();
    // The near cache may answer for up to its staleness bound (100 ms).
    scenario::settle().await;
    assert_eq!(
        lc.decode::<Session>(&live.access_token).await.err(),
        Some(Error::StoreUnavailable)
    );
    assert_eq!(
        lc.refresh::<Session>(&live.refresh_token).await,
        Err(Error::StoreUnavailable)
    );

    redis.restart().expect("redis-server restarts");
    // The connection manager reconnects; allow it a few tries.
    let deadline = Instant::now() + Duration::from_secs(10);
    let v = loop {
        match lc.decode::<Session>(&live.access_token).await {
            Err(Error::StoreUnavailable) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => break other,
        }
    };
    assert!(v.is_ok(), "{v:?}");
    // Revocations and rotations survived.
    assert_eq!(
        lc.decode::<Session>(&gone.access_token).await.err(),
        Some(Error::Revoked)
    );
    // A fresh instance sees the same state.
    let other = scenario::lifecycle_without_grace(store(&redis).await);
    assert_eq!(
        other.refresh::<Session>(&spent.refresh_token).await,
        Err(Error::RefreshReused)
    );
    assert_eq!(
        other.refresh::<Session>(&rotated.refresh_token).await,
        Err(Error::Revoked)
    );
    other.refresh::<Session>(&live.refresh_token).await.unwrap();
}
