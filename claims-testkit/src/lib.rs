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
//! - [`RedisCluster`]: 3 masters and 3 replicas, able to lose a master and
//!   to move a slot; [`RedisSentinel`]: a master, a replica and three
//!   sentinels, able to lose the master. Both are made of [`RedisServer`]s.
//!
//! Nothing here depends on `claims-core`.

mod cluster;
mod proxy;
mod redis;
mod resp;
mod scratch;
mod sentinel;
mod skip;

pub use cluster::RedisCluster;
pub use proxy::TcpProxy;
pub use redis::{RedisOptions, RedisServer};
pub use sentinel::{MASTER_NAME, RedisSentinel};
pub use skip::{in_ci, skip};
