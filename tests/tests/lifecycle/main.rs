//! The token lifecycle against every revocation store: the shared
//! scenarios of `common/lifecycle.rs` run on the in-memory store
//! ([`memory_store`]) and on a real Redis ([`redis_store`]), each store's own cases
//! beside them; `RedisStore`'s near cache ([`near_cache`]) and a misbehaving
//! Redis under it ([`faults`]); a Redis Cluster and Sentinel
//! ([`cluster`]); the API's edges ([`api_edges`]); a PII key
//! rotation across live refresh families ([`pii_rotation`]). One test
//! binary, so the suites run side by side.

#[path = "../common/mod.rs"]
mod common;

mod api_edges;
mod cluster;
mod faults;
mod memory_store;
mod near_cache;
mod pii_rotation;
mod redis_store;
