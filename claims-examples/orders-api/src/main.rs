//! `cargo run -p orders-api [-- --redis redis://127.0.0.1:6379/] [--listen ADDR]
//! [--near-cache on|off] [--redis-timeout-ms MS]`
//!
//! Environment: `ORDERS_API_REDIS` (a Redis URL), `ORDERS_API_LISTEN`
//! (default `127.0.0.1:3000`), `ORDERS_API_NEAR_CACHE` (`on`, the default,
//! or `off`), `ORDERS_API_REDIS_TIMEOUT_MS` (default 500),
//! `ORDERS_API_SIGNING_SEED` and
//! `ORDERS_API_PII_KEY` (64 hex digits each; without them, fixed demo keys,
//! which only a demo may use). Logs go through the scrubber.

use std::time::Duration;

use claims_scrub::Scrubber;
use claims_scrub::tracing::ScrubbingWriter;
use orders_api::{Config, app, state};

fn hex32(name: &str, demo: u8) -> [u8; 32] {
    let Ok(text) = std::env::var(name) else {
        tracing::warn!("{name} is not set: using a fixed demo key");
        return [demo; 32];
    };
    let bytes: Vec<u8> = (0..text.len())
        .step_by(2)
        .filter_map(|i| {
            text.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    bytes
        .try_into()
        .unwrap_or_else(|_| panic!("{name} must be 64 hex digits"))
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(ScrubbingWriter::text(Scrubber::new(), std::io::stderr))
        .init();
    let mut args = std::env::args().skip(1);
    let mut redis_url = std::env::var("ORDERS_API_REDIS").ok();
    let mut listen = std::env::var("ORDERS_API_LISTEN").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let mut near_cache = std::env::var("ORDERS_API_NEAR_CACHE").ok();
    let mut timeout_ms = std::env::var("ORDERS_API_REDIS_TIMEOUT_MS").ok();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--redis" => redis_url = args.next(),
            "--listen" => listen = args.next().expect("--listen ADDR"),
            "--near-cache" => near_cache = args.next(),
            "--redis-timeout-ms" => timeout_ms = args.next(),
            other => panic!(
                "unknown argument {other:?} (expected --redis URL, --listen ADDR, \
                 --near-cache on|off, --redis-timeout-ms MS)"
            ),
        }
    }
    let mut config = Config::new(
        hex32("ORDERS_API_SIGNING_SEED", 7),
        hex32("ORDERS_API_PII_KEY", 9),
    );
    config.redis_url = redis_url;
    config.near_cache = match near_cache.as_deref() {
        None | Some("on") => true,
        Some("off") => false,
        Some(other) => panic!("--near-cache must be on or off, not {other:?}"),
    };
    if let Some(ms) = timeout_ms {
        let ms = ms.parse().expect("--redis-timeout-ms takes milliseconds");
        config.redis_timeout = Duration::from_millis(ms);
    }
    let state = state(&config).expect("start the service");
    let listener = tokio::net::TcpListener::bind(&listen).await.expect("bind");
    tracing::info!(
        addr = %listener.local_addr().expect("address"),
        store = if config.redis_url.is_some() { "redis" } else { "memory" },
        "orders-api listening"
    );
    axum::serve(listener, app(state)).await.expect("serve");
}
