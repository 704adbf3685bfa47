//! `orders-api` under load from `wrk`, on loopback: `GET /me` on the memory
//! store, on Redis with a round trip per request (near cache off), on Redis
//! with the near cache, and `GET /health` (no token, no store) as the floor.
//!
//! - In CI, `load_smoke`: one second per configuration, checking only that
//!   every answer is a 200 and no socket error occurred.
//! - The benchmark of BENCHMARKS.md ("orders-api under load"), ten seconds
//!   per configuration, printing a markdown table:
//!   `cargo test --release -p orders-api --test load -- --ignored --nocapture`
//!   (`ORDERS_API_LOAD_SECONDS=N` for another duration).
//!
//! Needs `redis-server` and `wrk`: without them it skips, saying so, and
//! fails under `CI=true`.

mod support;

use std::fmt::Write as _;
use std::time::Duration;

use claims_testkit::{RedisOptions, RedisServer};
use support::client::Client;
use support::service::Service;
use support::wrk::{self, Load, Run};

const SUITE: &str = "orders-api load";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_smoke() {
    let load = Load {
        duration: Duration::from_secs(1),
        threads: 2,
        connections: 16,
    };
    let Some(rows) = measure(load).await else {
        return;
    };
    for (name, run) in &rows {
        assert!(run.requests > 0, "{name}: {run:?}");
        assert_eq!(run.non_2xx, 0, "{name}: every answer a 200: {run:?}");
        assert_eq!(run.errors, 0, "{name}: no socket error: {run:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "ten seconds per configuration, in a release build: see the module doc"]
async fn load_benchmark() {
    let seconds = std::env::var("ORDERS_API_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let load = Load {
        duration: Duration::from_secs(seconds),
        threads: 2,
        connections: 64,
    };
    let Some(rows) = measure(load).await else {
        return;
    };
    println!("{}", table(&rows, load));
    for (name, run) in &rows {
        assert_eq!((run.non_2xx, run.errors), (0, 0), "{name}: {run:?}");
    }
}

/// Runs every configuration, one after the other; `None` when a tool is
/// missing.
async fn measure(load: Load) -> Option<Vec<(&'static str, Run)>> {
    if !wrk::installed_or_skip(SUITE) {
        return None;
    }
    let redis = RedisServer::start_or_skip(SUITE, &RedisOptions::new())?;
    let _serial = support::SERIAL.lock().await;
    let url = redis.url();
    let configurations: [(&str, &str, &[&str]); 4] = [
        ("`GET /health` (floor)", "/health", &[]),
        ("`GET /me`, memory store", "/me", &[]),
        (
            "`GET /me`, Redis, round trips",
            "/me",
            &["--redis", &url, "--near-cache", "off"],
        ),
        (
            "`GET /me`, Redis, near cache",
            "/me",
            &["--redis", &url, "--near-cache", "on"],
        ),
    ];
    let mut rows = Vec::new();
    for (name, path, args) in configurations {
        let service = Service::start(args).await;
        let token = Client::new(service.base()).login("alice").await.access;
        // The near cache answers once it is fresh; a short warm-up also
        // opens the store's connection.
        let warm = Load {
            duration: Duration::from_secs(1),
            ..load
        };
        let header = [format!("Authorization: Bearer {token}")];
        wrk::run(&service.url(path), &header, warm).await;
        rows.push((name, wrk::run(&service.url(path), &header, load).await));
    }
    Some(rows)
}

/// The markdown table of BENCHMARKS.md, ratios against the first row.
fn table(rows: &[(&str, Run)], load: Load) -> String {
    let floor = rows[0].1;
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    let mut out = format!(
        "{} s per configuration, wrk {} threads, {} connections\n\n\
         | configuration | requests/s | p50 | p99 | p99.9 | requests/s vs floor | p50 vs floor | p99 vs floor |\n\
         |---|---|---|---|---|---|---|---|\n",
        load.duration.as_secs(),
        load.threads,
        load.connections
    );
    for (name, run) in rows {
        let _ = writeln!(
            out,
            "| {name} | {:.0} | {} | {} | {} | **{:.2}x** | {:.2}x | {:.2}x |",
            run.per_second(),
            ms(run.p50),
            ms(run.p99),
            ms(run.p999),
            run.per_second() / floor.per_second(),
            ratio(run.p50, floor.p50),
            ratio(run.p99, floor.p99),
        );
    }
    out
}
