//! `cargo run -p orders-api [-- --redis redis://127.0.0.1:6379/] [--listen ADDR]`
//!
//! Environment: `ORDERS_API_REDIS` (a Redis URL), `ORDERS_API_LISTEN`
//! (default `127.0.0.1:3000`), `ORDERS_API_SIGNING_SEED` and
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
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--redis" => redis_url = args.next(),
            "--listen" => listen = args.next().expect("--listen ADDR"),
            other => panic!("unknown argument {other:?} (expected --redis URL, --listen ADDR)"),
        }
    }
    let config = Config {
        signing_seed: hex32("ORDERS_API_SIGNING_SEED", 7),
        pii_master: hex32("ORDERS_API_PII_KEY", 9),
        redis_url,
        access_lifetime: Duration::from_secs(300),
    };
    let state = state(&config).expect("start the service");
    let listener = tokio::net::TcpListener::bind(&listen).await.expect("bind");
    tracing::info!(
        addr = %listener.local_addr().expect("address"),
        store = if config.redis_url.is_some() { "redis" } else { "memory" },
        "orders-api listening"
    );
    axum::serve(listener, app(state)).await.expect("serve");
}
