//! Redis misbehaving while `orders-api` serves `GET /me` to concurrent
//! clients, seen as the clients see it, in HTTP status codes: Redis killed
//! and restarted (with AOF), hung (SIGSTOP) and resumed, restarted without
//! its data, and slowed by a proxy. Each test runs about five seconds of
//! traffic (4 request loops) on a valid token and a revoked one.
//!
//! Needs `redis-server`: without it the suite skips, saying so, and fails
//! under `CI=true`. `tests/lifecycle/faults.rs` of `claims-tests` tries the
//! same faults on the store alone, one request at a time.

mod support;

use std::time::Duration;

use claims_testkit::{RedisOptions, RedisServer, TcpProxy};
use reqwest::StatusCode;
use support::client::{Client, Pair};
use support::service::Service;
use support::traffic::{Record, Sample, Traffic, quantile, statuses};

const SUITE: &str = "orders-api faults under load";
/// The service's Redis timeout (connect and reply), in milliseconds.
const TIMEOUT_MS: &str = "200";
const TIMEOUT: Duration = Duration::from_millis(200);
/// What a request may take beyond the timeout on a busy two-core machine.
const MARGIN: Duration = Duration::from_millis(300);
/// What a refusal may take once the breaker is open: the median request,
/// and (a margin for a busy two-core machine, where the client loops and
/// the service share the cores and p99 is mostly queueing) the p99. Both
/// far under what the breaker avoids: a reconnect backoff (about 130 ms)
/// or a timeout per request.
const FAST: Duration = Duration::from_millis(10);
const FAST_P99: Duration = Duration::from_millis(50);
/// From the fault until the breaker is surely open.
const OPENING: Duration = Duration::from_millis(500);
/// From the fault until the near cache surely stopped answering (its
/// bound is 100 ms).
const STALE: Duration = Duration::from_millis(300);
/// What recovery may take once Redis is back.
const RECOVERY: Duration = Duration::from_secs(2);
/// How long each phase (before, during, after the fault) lasts.
const PHASE: Duration = Duration::from_millis(1500);
const WORKERS: usize = 4;

/// The tokens the traffic sends, by index.
const VALID: usize = 0;
const REVOKED: usize = 1;

/// A service on `redis_url`, a valid token and a revoked one, and traffic
/// on both.
struct Scene {
    service: Service,
    client: Client,
    traffic: Traffic,
}

impl Scene {
    async fn start(redis_url: &str, args: &[&str]) -> Self {
        let mut all = vec!["--redis", redis_url, "--redis-timeout-ms", TIMEOUT_MS];
        all.extend(args);
        let service = Service::start(&all).await;
        let client = Client::new(service.base());
        let valid = until_logged_in(&client, "alice").await;
        let revoked = client.login("bob").await;
        client.logout(&revoked).await;
        // Until the near cache is fresh, the service asks Redis.
        let deadline = std::time::Instant::now() + RECOVERY;
        while (
            client.me(&valid.access).await,
            client.me(&revoked.access).await,
        ) != (StatusCode::OK, StatusCode::UNAUTHORIZED)
        {
            assert!(std::time::Instant::now() < deadline, "no steady state");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let tokens = [valid.access, revoked.access];
        let traffic = Traffic::start(service.base(), &tokens, WORKERS);
        tokio::time::sleep(PHASE).await;
        Self {
            service,
            client,
            traffic,
        }
    }
}

/// When a fault began, when its repair began, and when the repair was done.
struct Times {
    fault: Duration,
    repairing: Duration,
    repaired: Duration,
}

impl Scene {
    /// Applies `fault` to `target`, lets the traffic run a phase, then
    /// `repair`, and another phase: every request, and when each step was.
    async fn through<T>(
        self,
        target: &mut T,
        fault: impl FnOnce(&mut T),
        repair: impl FnOnce(&mut T),
    ) -> (Record, Times) {
        let fault_at = self.traffic.now();
        fault(target);
        tokio::time::sleep(PHASE).await;
        let repairing = self.traffic.now();
        repair(target);
        let repaired = self.traffic.now();
        tokio::time::sleep(PHASE).await;
        let times = Times {
            fault: fault_at,
            repairing,
            repaired,
        };
        (self.traffic.stop().await, times)
    }
}

/// Logs `user` in, retrying while the store is not up yet.
async fn until_logged_in(client: &Client, user: &str) -> Pair {
    let deadline = std::time::Instant::now() + RECOVERY;
    loop {
        match client.try_login(user).await {
            (_, Some(pair)) => return pair,
            (status, None) => {
                assert_eq!(status.as_u16(), 503, "login {user}");
                assert!(std::time::Instant::now() < deadline, "no login");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

fn only(samples: &[Sample], token: usize) -> Vec<Sample> {
    samples
        .iter()
        .filter(|s| s.token == token)
        .copied()
        .collect()
}

/// Before `fault` (requests answered by then): the valid token served,
/// the revoked one refused; the revoked token never served at all.
fn assert_steady_before(record: &Record, fault: Duration) {
    let before = record.within(Duration::ZERO, fault);
    let valid = only(&before, VALID);
    let revoked = only(&before, REVOKED);
    assert!(!valid.is_empty() && !revoked.is_empty());
    assert!(
        valid.iter().all(|s| s.status == Some(200)),
        "{:?}",
        statuses(&valid)
    );
    assert!(
        revoked.iter().all(|s| s.status == Some(401)),
        "{:?}",
        statuses(&revoked)
    );
    let all_revoked = only(&record.samples, REVOKED);
    assert!(
        all_revoked.iter().all(|s| s.status != Some(200)),
        "a revoked token was served: {:?}",
        statuses(&all_revoked)
    );
}

/// From [`STALE`] after `fault` until `end` (requests answered by then),
/// every request is answered and none is served: the valid token gets 503s
/// (its state is unknown), the revoked one 503s or, from a denylist entry
/// the near cache holds, 401s.
fn assert_closed(record: &Record, fault: Duration, end: Duration) {
    let down = record.within(fault + STALE, end);
    let valid = only(&down, VALID);
    let revoked = only(&down, REVOKED);
    assert!(!valid.is_empty() && !revoked.is_empty());
    assert!(
        valid.iter().all(|s| s.status == Some(503)),
        "while Redis is out, the valid token: {:?}",
        statuses(&valid)
    );
    assert!(
        revoked.iter().all(|s| matches!(s.status, Some(401 | 503))),
        "while Redis is out, the revoked token: {:?}",
        statuses(&revoked)
    );
}

/// Served before the fault, closed during it, recovered after.
fn assert_fails_closed_and_recovers(record: &Record, t: &Times) {
    assert_steady_before(record, t.fault);
    assert_closed(record, t.fault, t.repairing);
    assert_recovers(record, t.repaired);
}

/// Every request started in `from..to` was answered within the timeout
/// (and a margin): none hung on Redis.
fn assert_bounded(record: &Record, from: Duration, to: Duration, fault: &str) {
    let during = record.between(from, to);
    assert!(
        during.iter().all(|s| s.status.is_some()),
        "{fault}: {:?}",
        statuses(&during)
    );
    let slowest = during.iter().map(|s| s.latency).max().unwrap();
    assert!(
        slowest < TIMEOUT + MARGIN,
        "{fault}: a request took {slowest:?}"
    );
    eprintln!("{fault}: the slowest request took {slowest:?}");
}

/// The valid token is served again within [`RECOVERY`] of `back`, and the
/// revoked one is refused from then on.
fn assert_recovers(record: &Record, back: Duration) {
    let first = record
        .first(VALID, 200, back)
        .unwrap_or_else(|| panic!("never served again: {:?}", statuses(&record.samples)));
    let took = (first.start + first.latency).saturating_sub(back);
    assert!(took < RECOVERY, "recovery took {took:?}");
    eprintln!("recovered {took:?} after Redis was back");
    let after = only(
        &record.between(first.start + first.latency, Duration::MAX),
        REVOKED,
    );
    assert!(!after.is_empty());
    assert!(
        after.iter().all(|s| s.status == Some(401)),
        "the revoked token after recovery: {:?}",
        statuses(&after)
    );
}

/// Killed (SIGKILL) and restarted with AOF: fail closed, fast 503s once the
/// breaker is open, recovery within 2 s, revocations kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_and_restarted() {
    let Some(mut redis) = RedisServer::start_or_skip(SUITE, &RedisOptions::new().append_only(true))
    else {
        return;
    };
    let _serial = support::SERIAL.lock().await;
    let scene = Scene::start(&redis.url(), &[]).await;
    let (record, t) = scene
        .through(&mut redis, RedisServer::kill, |r| r.restart().unwrap())
        .await;

    assert_fails_closed_and_recovers(&record, &t);
    let open = record.within(t.fault + OPENING, t.repairing);
    let p99 = quantile(&open, 0.99);
    let p50 = quantile(&open, 0.5);
    eprintln!(
        "503s with the breaker open: {} requests, p50 {p50:?}, p99 {p99:?}",
        open.len()
    );
    assert!(
        p50 < FAST && p99 < FAST_P99,
        "503s with the breaker open: p50 {p50:?}, p99 {p99:?}"
    );
}

/// Hung (SIGSTOP) and resumed: no request waits past the timeout, then
/// recovery.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_hung_and_resumed() {
    let Some(mut redis) = RedisServer::start_or_skip(SUITE, &RedisOptions::new()) else {
        return;
    };
    let _serial = support::SERIAL.lock().await;
    let scene = Scene::start(&redis.url(), &[]).await;
    let (record, t) = scene
        .through(&mut redis, |r| r.pause().unwrap(), |r| r.resume().unwrap())
        .await;

    assert_fails_closed_and_recovers(&record, &t);
    assert_bounded(&record, t.fault, t.repairing, "Redis hung");
}

/// Every byte to and from Redis delayed by 500 ms (a proxy), near cache
/// off so every request needs Redis: none is held past the timeout; once
/// the delay is gone, recovery.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_redis_holds_no_request_past_the_timeout() {
    let Some(redis) = RedisServer::start_or_skip(SUITE, &RedisOptions::new()) else {
        return;
    };
    let _serial = support::SERIAL.lock().await;
    let mut proxy = TcpProxy::start(redis.port()).unwrap();
    let url = format!("redis://127.0.0.1:{}/", proxy.port());
    let scene = Scene::start(&url, &["--near-cache", "off"]).await;
    let (record, t) = scene
        .through(
            &mut proxy,
            |p| p.set_latency(Duration::from_millis(500)),
            |p| p.set_latency(Duration::ZERO),
        )
        .await;

    assert_fails_closed_and_recovers(&record, &t);
    assert_bounded(&record, t.fault, t.repairing, "Redis slow");
}

/// Restarted without persistence: Redis forgot every revocation, and the
/// service refuses every token issued before (the data-loss epoch), never
/// serving the revoked one; new logins work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_restarted_without_its_data() {
    let Some(mut redis) = RedisServer::start_or_skip(SUITE, &RedisOptions::new()) else {
        return;
    };
    let _serial = support::SERIAL.lock().await;
    let scene = Scene::start(&redis.url(), &[]).await;
    let lost = scene.traffic.now();
    redis.restart().unwrap();
    let back = scene.traffic.now();
    let fresh = until_logged_in(&scene.client, "alice").await;
    let login_took = scene.traffic.now().saturating_sub(back);
    tokio::time::sleep((RECOVERY + PHASE).saturating_sub(login_took)).await;
    let record = scene.traffic.stop().await;

    assert_steady_before(&record, lost);
    let after = only(&record.between(back, Duration::MAX), VALID);
    assert!(
        after.iter().all(|s| s.status != Some(200)),
        "a token issued before the loss was served: {:?}",
        statuses(&after)
    );
    let settled = only(&record.between(back + RECOVERY, Duration::MAX), VALID);
    assert!(!settled.is_empty());
    assert!(
        settled.iter().all(|s| s.status == Some(401)),
        "{:?}",
        statuses(&settled)
    );
    assert!(login_took < RECOVERY, "login again took {login_took:?}");
    assert_eq!(scene.client.me(&fresh.access).await.as_u16(), 200);
    drop(scene.service);
}
