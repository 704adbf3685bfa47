//! A misbehaving Redis under `RedisStore`: down at start, killed, hung
//! (SIGSTOP), slow (latency injected by a proxy), restarted without its
//! data; a refresh whose answer was lost; TLS and ACL credentials. Each
//! fault is short (seconds). Failing closed, fast refusals once the breaker
//! is open, recovery, and logs that are written, counted and not flooded.
//!
//! The long versions (under load, minutes) are the harness's load tests.

use std::time::{Duration, Instant};

use claims_core::lifecycle::{RedisStore, RedisStoreBuilder};
use claims_core::{Error, Lifecycle};
use claims_testkit::{RedisOptions, RedisServer, TcpProxy};

use crate::common::lifecycle::{self as scenario, jti, session_of, settle};
use crate::common::{Session, logs};

/// What a refusal may take once the breaker is open.
const FAST: Duration = Duration::from_millis(10);
/// What recovery may take once Redis is back.
const RECOVERY: Duration = Duration::from_secs(2);

fn redis(options: &RedisOptions) -> Option<RedisServer> {
    RedisServer::start_or_skip("lifecycle::faults", options)
}

/// Timeouts short enough for a test; the breaker's defaults.
fn builder(url: &str) -> RedisStoreBuilder {
    RedisStore::builder(url)
        .connect_timeout(Duration::from_millis(200))
        .response_timeout(Duration::from_millis(200))
}

async fn time<T>(f: impl Future<Output = T>) -> (T, Duration) {
    let start = Instant::now();
    let out = f.await;
    (out, start.elapsed())
}

/// Decodes `token` until the store answers (not `StoreUnavailable`);
/// how long that took.
async fn until_answered(lc: &Lifecycle, token: &str) -> (Result<(), Error>, Duration) {
    let start = Instant::now();
    loop {
        match lc.decode::<Session>(token).await {
            Err(Error::StoreUnavailable) if start.elapsed() < Duration::from_secs(10) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            other => return (other.map(drop), start.elapsed()),
        }
    }
}

/// Fails closed while the breaker closes, then refuses at once: the
/// refusals after the breaker opened each took under [`FAST`].
async fn opens_and_refuses_fast(lc: &Lifecycle, store: &RedisStore, token: &str) {
    for _ in 0..3 {
        assert_eq!(
            lc.decode::<Session>(token).await.err(),
            Some(Error::StoreUnavailable)
        );
    }
    assert!(store.stats().breaker_open, "{:?}", store.stats());
    for _ in 0..50 {
        let (answer, took) = time(lc.decode::<Session>(token)).await;
        assert_eq!(answer.err(), Some(Error::StoreUnavailable));
        assert!(took < FAST, "{took:?}");
    }
    assert!(store.stats().refused_open >= 50);
}

/// The service starts while Redis is down (nothing to wait for, nothing to
/// panic about), answers `StoreUnavailable` until Redis is up, and works
/// within [`RECOVERY`] after.
#[tokio::test]
async fn starts_while_redis_is_down_and_recovers_when_it_is_up() {
    let Some(mut redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let token = scenario::lifecycle(RedisStore::new(&redis.url()).unwrap())
        .keys()
        .encode(&session_of("u-down"))
        .unwrap();
    redis.kill();
    let (logs, _guard) = logs::capture();
    let store = builder(&redis.url()).build().unwrap();
    let lc = scenario::lifecycle(store.clone());
    assert_eq!(
        lc.login(&session_of("u-down")).await.err(),
        Some(Error::StoreUnavailable)
    );
    opens_and_refuses_fast(&lc, &store, &token).await;
    for _ in 0..1000 {
        let _ = lc.decode::<Session>(&token).await;
    }

    redis.restart().unwrap();
    let (answer, took) = until_answered(&lc, &token).await;
    assert_eq!(answer, Ok(()));
    assert!(took < RECOVERY, "{took:?}");
    lc.login(&session_of("u-down")).await.unwrap();
    let stats = store.stats();
    assert!(!stats.breaker_open);
    assert_eq!(stats.breaker_opened, 1);
    assert!(stats.refused_open >= 1000);
    // An outage of a thousand refusals: a few lines, each kind said once,
    // the recovery too; never a token.
    assert_eq!(
        logs.lines_with("circuit breaker open"),
        1,
        "{}",
        logs.text()
    );
    assert_eq!(
        logs.lines_with("circuit breaker closed"),
        1,
        "{}",
        logs.text()
    );
    assert!(logs.lines_with("request failed") >= 1);
    assert!(logs.text().lines().count() < 20, "{}", logs.text());
    assert!(!logs.text().contains(&token[..30]));
    assert!(!logs.text().contains(&redis.url()));
}

/// A hung Redis (SIGSTOP): a request costs one response timeout until the
/// breaker opens, then refusals are immediate; resumed, it serves again.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_redis_costs_one_timeout_then_fails_fast() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let store = builder(&redis.url()).build().unwrap();
    store.ready(Duration::from_secs(5)).await.unwrap();
    let lc = scenario::lifecycle(store.clone());
    let pair = lc.login(&session_of("u-hung")).await.unwrap();

    redis.pause().unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await; // the cache goes stale
    let (answer, took) = time(lc.decode::<Session>(&pair.access_token)).await;
    assert_eq!(answer.err(), Some(Error::StoreUnavailable));
    assert!(took < Duration::from_millis(400), "one timeout: {took:?}");
    opens_and_refuses_fast(&lc, &store, &pair.access_token).await;

    redis.resume().unwrap();
    let (answer, took) = until_answered(&lc, &pair.access_token).await;
    assert_eq!(answer, Ok(()));
    assert!(took < RECOVERY, "{took:?}");
}

/// Latency injected between the service and Redis: no request is held
/// past the response timeout, however slow Redis is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_redis_holds_no_request_past_the_timeout() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let proxy = TcpProxy::start(redis.port()).unwrap();
    let url = format!("redis://127.0.0.1:{}/", proxy.port());
    let store = builder(&url)
        .near_cache(false)
        .breaker_threshold(100)
        .build()
        .unwrap();
    store.ready(Duration::from_secs(5)).await.unwrap();
    let lc = scenario::lifecycle(store.clone());
    let pair = lc.login(&session_of("u-slow")).await.unwrap();

    proxy.set_latency(Duration::from_millis(500));
    for _ in 0..5 {
        let (answer, took) = time(lc.decode::<Session>(&pair.access_token)).await;
        assert_eq!(answer.err(), Some(Error::StoreUnavailable));
        assert!(took < Duration::from_millis(350), "{took:?}");
    }
    assert!(store.stats().timeouts >= 5);
    proxy.set_latency(Duration::ZERO);
    let (answer, _) = until_answered(&lc, &pair.access_token).await;
    assert_eq!(answer, Ok(()));
}

/// A refresh sent to a hung Redis times out (the client sees a 503), and is
/// applied when Redis resumes; the client's retry within the grace window
/// gets the successor Redis kept, not a reuse verdict.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_answered_too_late_is_retried_not_reused() {
    let Some(redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let store = builder(&redis.url()).build().unwrap();
    store.ready(Duration::from_secs(5)).await.unwrap();
    let lc = scenario::lifecycle(store.clone());
    let pair = lc.login(&session_of("u-late")).await.unwrap();
    // A service that has refreshed before: Redis has the script cached (a
    // first `EVALSHA` would come back `NOSCRIPT`, too late to load it).
    let pair = lc.refresh::<Session>(&pair.refresh_token).await.unwrap();
    let fid = crate::common::payload(&pair.refresh_token)["fid"]
        .as_str()
        .unwrap()
        .to_owned();

    redis.pause().unwrap();
    assert_eq!(
        lc.refresh::<Session>(&pair.refresh_token).await,
        Err(Error::StoreUnavailable)
    );
    redis.resume().unwrap();
    store.ready(RECOVERY).await.unwrap();
    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let current: String = redis::cmd("HGET")
        .arg(format!("claims:{{claims}}:fam:{fid}"))
        .arg("cur")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_ne!(
        current,
        jti(&pair.refresh_token),
        "the late refresh was applied"
    );

    let retried = lc.refresh::<Session>(&pair.refresh_token).await.unwrap();
    assert_eq!(jti(&retried.refresh_token), current);
    lc.decode::<Session>(&retried.access_token).await.unwrap();
    let next = lc.refresh::<Session>(&retried.refresh_token).await.unwrap();
    lc.decode::<Session>(&next.access_token).await.unwrap();
}

/// Redis restarted without persistence forgets every revocation; the
/// instance that saw the old epoch notices, logs it and starts a new one
/// whose cutoff refuses every token issued before, revoked or not.
#[tokio::test]
async fn redis_restarted_without_its_data_is_a_kill_switch() {
    let Some(mut redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let store = RedisStore::new(&redis.url()).unwrap();
    store.ready(Duration::from_secs(5)).await.unwrap();
    let lc = scenario::lifecycle(store.clone());
    let live = lc.login(&session_of("u-live")).await.unwrap();
    let gone = lc.login(&session_of("u-gone")).await.unwrap();
    lc.logout(&gone.refresh_token).await.unwrap();
    let plain = lc.keys().encode(&session_of("u-plain")).unwrap();
    let revoked_plain = lc.keys().encode(&session_of("u-plain-gone")).unwrap();
    let v = lc.decode::<Session>(&revoked_plain).await.unwrap();
    lc.revoke_token(v.registered()).await.unwrap();

    let (logs, _guard) = logs::capture();
    redis.restart().unwrap();
    store.ready(Duration::from_secs(5)).await.unwrap();
    for token in [
        &live.access_token,
        &gone.access_token,
        &plain,
        &revoked_plain,
    ] {
        let (answer, _) = until_answered(&lc, token).await;
        assert_eq!(answer, Err(Error::Revoked));
    }
    assert_eq!(
        lc.refresh::<Session>(&live.refresh_token).await,
        Err(Error::Revoked)
    );
    assert_eq!(store.stats().data_losses, 1);
    assert_eq!(logs.lines_with("lost its data"), 1, "{}", logs.text());
    // Users log in again.
    let again = lc.login(&session_of("u-live")).await.unwrap();
    settle().await;
    lc.decode::<Session>(&again.access_token).await.unwrap();
}

/// Another instance, which never saw the old epoch, starts the new one:
/// the instance that did still marks it as a loss.
#[tokio::test]
async fn a_loss_found_by_an_unaware_instance_is_still_a_kill_switch() {
    let Some(mut redis) = redis(&RedisOptions::new()) else {
        return;
    };
    let aware = scenario::lifecycle(RedisStore::new(&redis.url()).unwrap());
    aware.login(&session_of("u-aware")).await.unwrap();
    let plain = aware.keys().encode(&session_of("u-plain")).unwrap();
    aware.decode::<Session>(&plain).await.unwrap();
    redis.restart().unwrap();
    let unaware_store = RedisStore::new(&redis.url()).unwrap();
    unaware_store.ready(Duration::from_secs(5)).await.unwrap();
    let unaware = scenario::lifecycle(unaware_store);
    unaware.login(&session_of("u-new")).await.unwrap();
    // The unaware instance started a fresh epoch (cutoff 0): the plain token
    // looks valid to it, until the aware one reports the loss.
    let (answer, _) = until_answered(&aware, &plain).await;
    assert_eq!(answer, Err(Error::Revoked));
    settle().await;
    assert_eq!(
        unaware.decode::<Session>(&plain).await.err(),
        Some(Error::Revoked)
    );
}

/// `user:password@` in the URL (an ACL user): right credentials work, wrong
/// ones fail closed and never show in `Debug`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acl_credentials() {
    let options = RedisOptions::new()
        .config("user claims-app on >app-test-password ~claims:* &claims:* +@all");
    let Some(redis) = redis(&options) else {
        return;
    };
    let port = redis.port();
    let good = format!("redis://claims-app:app-test-password@127.0.0.1:{port}/");
    let store = RedisStore::new(&good).unwrap();
    store.ready(Duration::from_secs(5)).await.unwrap();
    let lc = scenario::lifecycle(store.clone());
    let pair = lc.login(&session_of("u-acl")).await.unwrap();
    lc.decode::<Session>(&pair.access_token).await.unwrap();
    assert!(!format!("{store:?}").contains("app-test-password"));

    let bad = format!("redis://claims-app:not-the-password@127.0.0.1:{port}/");
    let builder = builder(&bad);
    assert!(!format!("{builder:?}").contains("not-the-password"));
    let lc = scenario::lifecycle(builder.build().unwrap());
    assert_eq!(
        lc.decode::<Session>(&pair.access_token).await.err(),
        Some(Error::StoreUnavailable)
    );
    // Outside its keys, the user can do nothing: another prefix fails.
    let other = scenario::lifecycle(
        RedisStore::builder(&good)
            .prefix("other:")
            .near_cache(false)
            .build()
            .unwrap(),
    );
    assert_eq!(
        other.login(&session_of("u-acl")).await.err(),
        Some(Error::StoreUnavailable)
    );
}

/// `rediss://` against a redis-server with `tls-port` and a certificate
/// made for the test: trusted through `root_certificate_pem`, it works;
/// without it (the Mozilla roots), the handshake fails and the store fails
/// closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_a_configured_root() {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let cert_pem = certified.cert.pem();
    let dir = std::env::temp_dir().join(format!(
        "claims-redis-tls-{}-{}",
        std::process::id(),
        u32::from_le_bytes(crate::common::random_bytes())
    ));
    std::fs::create_dir(&dir).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, &cert_pem).unwrap();
    std::fs::write(&key, certified.key_pair.serialize_pem()).unwrap();
    let tls_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let options = RedisOptions::new()
        .config(format!("tls-port {tls_port}"))
        .config(format!("tls-cert-file \"{}\"", cert.display()))
        .config(format!("tls-key-file \"{}\"", key.display()))
        .config(format!("tls-ca-cert-file \"{}\"", cert.display()))
        .config("tls-auth-clients no");
    let redis = redis(&options);
    if let Some(_redis) = &redis {
        let url = format!("rediss://127.0.0.1:{tls_port}/");
        let store = RedisStore::builder(&url)
            .root_certificate_pem(cert_pem.as_bytes())
            .build()
            .unwrap();
        store.ready(Duration::from_secs(5)).await.unwrap();
        let lc = scenario::lifecycle(store);
        let pair = lc.login(&session_of("u-tls")).await.unwrap();
        lc.decode::<Session>(&pair.access_token).await.unwrap();

        let untrusted = builder(&url).build().unwrap();
        assert_eq!(
            untrusted.ready(Duration::from_millis(500)).await,
            Err(Error::StoreUnavailable)
        );
        let lc = scenario::lifecycle(untrusted);
        assert_eq!(
            lc.decode::<Session>(&pair.access_token).await.err(),
            Some(Error::StoreUnavailable)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
