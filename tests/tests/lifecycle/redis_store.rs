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
use crate::common::{Session, keys};
use claims_core::lifecycle::RedisStore;
use claims_core::{Error, Lifecycle};
use claims_testkit::{RedisOptions, RedisServer};

/// A server started with `options`, or `None` (the suite skips) when
/// redis-server is not installed.
fn redis(options: &RedisOptions) -> Option<RedisServer> {
    RedisServer::start_or_skip("lifecycle::redis_store", options)
}

async fn lifecycle(redis: &RedisServer) -> Lifecycle {
    Lifecycle::new(keys(), RedisStore::connect(&redis.url()).await.unwrap())
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
redis_test!(revoke_every_token_of_a_subject, scenario::revoke_subject);
redis_test!(kill_switch_then_log_in_again, scenario::kill_switch);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_leave_no_two_live_tokens() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let lc = lifecycle(&redis).await;
    for _ in 0..5 {
        scenario::concurrent_refresh(&lc).await;
    }
}

/// Two service instances (separate connections) race the same refresh token.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_from_two_instances() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let a = lifecycle(&redis).await;
    let b = lifecycle(&redis).await;
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

/// Every key has a TTL no longer than the tokens it rejects, and subjects
/// are not stored in the clear.
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
    lc.revoke_subject(&sub).await.unwrap();
    lc.kill_switch().await.unwrap();

    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("claims:*")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(keys.len(), 4, "{keys:?}"); // jti, sub, all, fam
    let longest = lc.refresh_lifetime() + 30;
    for key in &keys {
        assert!(!key.contains(&sub), "a subject in the clear: {key}");
        let ttl: i64 = redis::cmd("TTL")
            .arg(key)
            .query_async(&mut conn)
            .await
            .unwrap();
        assert!(
            ttl > 0 && ttl <= i64::try_from(longest).unwrap(),
            "{key}: {ttl}"
        );
    }
    let jti_ttl: i64 = redis::cmd("TTL")
        .arg(format!("claims:jti:{}", v.registered().jti))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(
        jti_ttl <= 300 + 30,
        "a jti lives as long as its token: {jti_ttl}"
    );
}

/// Redis down: decoding fails closed; back up (restarted, persistent):
/// nothing lost, the same connection recovers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fails_closed_while_down_and_loses_nothing_across_a_restart() {
    let Some(mut redis) = redis(&RedisOptions::new().append_only(true)) else {
        return;
    };
    let lc = lifecycle(&redis).await;
    let live = lc.login(&scenario::session_of("u-live")).await.unwrap();
    let spent = lc.login(&scenario::session_of("u-spent")).await.unwrap();
    let rotated = lc.refresh::<Session>(&spent.refresh_token).await.unwrap();
    let gone = lc.login(&scenario::session_of("u-gone")).await.unwrap();
    lc.logout(&gone.refresh_token).await.unwrap();

    redis.kill();
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
    let other = lifecycle(&redis).await;
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
