//! Test support for the `claims` workspace, shared by the integration tests
//! of several crates and by the benches: real servers to test against, and
//! the notice a suite prints when it cannot run here.
//!
//! - [`RedisServer`]: a `redis-server` child process on a free loopback
//!   port, with its own data directory, that fault tests can kill, pause and
//!   restart.
//! - [`TcpProxy`]: a loopback proxy in front of a server that a fault test
//!   can pause, slow down and cut, while the server runs on.
//! - [`skip`]: a suite whose tool is missing says so where a person sees it
//!   (outside CI), or fails (under CI).
//!
//! Nothing here depends on `claims-core`. Launchers for a Redis Cluster and
//! for Sentinel belong next to [`RedisServer`], as siblings of `redis.rs`
//! built on the same RESP client (`resp.rs`).

mod proxy;
mod redis;
mod resp;
mod scratch;
mod skip;

pub use proxy::TcpProxy;
pub use redis::{RedisOptions, RedisServer};
pub use skip::{in_ci, skip};
