//! Decoding with a revocation check: `Lifecycle::decode` on the memory store
//! and on a real Redis on loopback (one round trip per decode, and with the
//! near cache), against plain `Keys::decode`, same run, DESIGN.md's `Session`
//! at HS256. Each decode runs inside a tokio runtime's
//! `block_on`, the plain one too, so the ratio is the store's; the
//! runtime's one worker thread runs the near cache's background tasks.
//!
//! A second group measures a write, `Lifecycle::login` (one script), on
//! one Redis and on a Redis Cluster (3 masters, 3 replicas; the store's
//! slot on one master), against the memory store.
//!
//! Run: `cargo bench -p claims-core --bench lifecycle --features redis`
//! (starts redis-server on a free loopback port, and a cluster; without
//! redis-server, only the memory store is measured). Figures in
//! BENCHMARKS.md.

mod fixture;

use std::hint::black_box;
use std::time::Duration;

use claims_core::lifecycle::{MemoryStore, RedisStore};
use claims_core::{Keys, Lifecycle, SigningKey};
use claims_testkit::{RedisCluster, RedisOptions, RedisServer};
use criterion::{Criterion, criterion_group, criterion_main};
use fixture::{Session, session};

fn keys() -> Keys {
    fixture::keys(SigningKey::hs256("sig-1", &[7u8; 32]).unwrap(), &[9u8; 32])
}

fn bench(c: &mut Criterion) {
    // One worker runs the near cache's tasks (subscriber, heartbeat) while
    // the bench's thread drives each decode with `block_on`.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let plain_keys = keys();
    let plain = plain_keys.encode(&session()).unwrap();
    let memory = Lifecycle::new(keys(), MemoryStore::new()).unwrap();
    let memory_token = rt.block_on(memory.login(&session())).unwrap().access_token;

    let mut group = c.benchmark_group("lifecycle_decode_hs256");
    group.bench_function("keys_decode", |b| {
        b.iter(|| {
            rt.block_on(async { plain_keys.decode::<Session>(black_box(&plain)) })
                .unwrap()
        });
    });
    group.bench_function("memory_store", |b| {
        b.iter(|| {
            rt.block_on(memory.decode::<Session>(black_box(&memory_token)))
                .unwrap()
        });
    });
    match RedisServer::start(&RedisOptions::new()) {
        Ok(server) => {
            for (name, near_cache) in [("redis_round_trip", false), ("redis_near_cache", true)] {
                let lifecycle = rt.block_on(async {
                    let store = RedisStore::builder(&server.url())
                        .near_cache(near_cache)
                        .build()
                        .unwrap();
                    store.ready(Duration::from_secs(5)).await.unwrap();
                    let lifecycle = Lifecycle::new(keys(), store).unwrap();
                    // The epoch reaches the cache before the measurement.
                    lifecycle.login(&session()).await.unwrap();
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    lifecycle
                });
                let token = rt
                    .block_on(lifecycle.login(&session()))
                    .unwrap()
                    .access_token;
                group.bench_function(name, |b| {
                    b.iter(|| {
                        rt.block_on(lifecycle.decode::<Session>(black_box(&token)))
                            .unwrap()
                    });
                });
            }
        }
        Err(e) => eprintln!("redis-server did not start ({e}): Redis not measured"),
    }
    group.finish();
}

/// A lifecycle on the store `builder` builds, connected.
fn on_redis(
    rt: &tokio::runtime::Runtime,
    builder: claims_core::lifecycle::RedisStoreBuilder,
) -> Lifecycle {
    rt.block_on(async {
        let store = builder.build().unwrap();
        store.ready(Duration::from_secs(10)).await.unwrap();
        Lifecycle::new(keys(), store).unwrap()
    })
}

fn bench_login(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let memory = Lifecycle::new(keys(), MemoryStore::new()).unwrap();
    let mut group = c.benchmark_group("lifecycle_login_hs256");
    let mut login = |name: &str, lifecycle: &Lifecycle| {
        group.bench_function(name, |b| {
            b.iter(|| rt.block_on(lifecycle.login(black_box(&session()))).unwrap());
        });
    };
    login("memory_store", &memory);
    let (Ok(server), Ok(cluster)) = (
        RedisServer::start(&RedisOptions::new()),
        RedisCluster::start_or_skip("lifecycle bench", &RedisOptions::new()).ok_or(()),
    ) else {
        eprintln!("redis-server did not start: Redis not measured");
        return;
    };
    login(
        "redis_single",
        &on_redis(&rt, RedisStore::builder(&server.url())),
    );
    login(
        "redis_cluster",
        &on_redis(&rt, RedisStore::cluster(&cluster.urls())),
    );
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(4));
    targets = bench, bench_login
}
criterion_main!(benches);
