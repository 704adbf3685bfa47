//! A real Redis Sentinel setup for a test: a master, its replica and three
//! sentinels, each a [`RedisServer`], able to lose the master.

use std::io;
use std::time::{Duration, Instant};

use crate::redis::{RedisOptions, RedisServer, wait_replicated, wait_until};
use crate::resp::{self, Reply};

/// The name the sentinels know the master by.
pub const MASTER_NAME: &str = "claims";
const SENTINELS: usize = 3;
/// How long the master may stay silent before the sentinels fail it over.
const DOWN_AFTER_MS: u32 = 500;
const FAILOVER_TIMEOUT_MS: u32 = 2000;
/// How long the sentinels may take to find each other, or to fail over.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(20);
const BRIEF: Duration = Duration::from_secs(1);

/// A master, one replica, three sentinels (quorum 2) on loopback.
/// Dropping it kills every process and removes their directories.
#[derive(Debug)]
pub struct RedisSentinel {
    /// The master first, then the replica.
    servers: Vec<RedisServer>,
    sentinels: Vec<RedisServer>,
}

impl RedisSentinel {
    /// The setup for the test suite `suite`, or `None` when `redis-server`
    /// is not installed (see [`RedisServer::start_or_skip`]). `options`
    /// apply to the master and the replica.
    ///
    /// # Panics
    ///
    /// If the servers are installed but the setup does not come up, and
    /// under CI if they are not installed.
    #[track_caller]
    pub fn start_or_skip(suite: &str, options: &RedisOptions) -> Option<Self> {
        let master = RedisServer::start_or_skip(suite, options)?;
        match Self::start_with(master, options) {
            Ok(setup) => Some(setup),
            Err(e) => panic!("{suite}: the Sentinel setup did not come up: {e}"),
        }
    }

    fn start_with(master: RedisServer, options: &RedisOptions) -> io::Result<Self> {
        let master_port = master.port();
        let replica = options
            .clone()
            .config(format!("replicaof 127.0.0.1 {master_port}"));
        let servers = vec![master, RedisServer::start(&replica)?];
        let sentinel = RedisOptions::new()
            .sentinel(true)
            .config(format!(
                "sentinel monitor {MASTER_NAME} 127.0.0.1 {master_port} 2"
            ))
            .config(format!(
                "sentinel down-after-milliseconds {MASTER_NAME} {DOWN_AFTER_MS}"
            ))
            .config(format!(
                "sentinel failover-timeout {MASTER_NAME} {FAILOVER_TIMEOUT_MS}"
            ));
        let sentinels = (0..SENTINELS)
            .map(|_| RedisServer::start(&sentinel))
            .collect::<io::Result<_>>()?;
        let setup = Self { servers, sentinels };
        setup.wait_until("the sentinels know each other and the replica", |s| {
            s.sentinels.iter().all(|sentinel| {
                let info = master_info(sentinel.port());
                info.field("num-other-sentinels") == Some(SENTINELS - 1)
                    && info.field("num-slaves") == Some(1)
            })
        })?;
        Ok(setup)
    }

    /// The sentinels' URLs.
    pub fn sentinel_urls(&self) -> Vec<String> {
        self.sentinels.iter().map(RedisServer::url).collect()
    }

    /// The port of the master, as the sentinels see it.
    pub fn master_port(&self) -> io::Result<u16> {
        for sentinel in &self.sentinels {
            let reply = resp::command(
                sentinel.port(),
                &["SENTINEL", "get-master-addr-by-name", MASTER_NAME],
                BRIEF,
            );
            if let Ok(Reply::Array(address)) = reply
                && let Some(Reply::Text(port)) = address.get(1)
            {
                return port.parse().map_err(io::Error::other);
            }
        }
        Err(io::Error::other("no sentinel names a master"))
    }

    /// Waits until the replica has every write the master acknowledged
    /// (`WAIT 1`): replication is asynchronous, and a failover loses what
    /// the replica had not received.
    pub fn wait_replicated(&self) -> io::Result<()> {
        wait_replicated(self.master_port()?)
    }

    /// Kills (SIGKILL) the master and waits until the sentinels have
    /// promoted the replica and it takes writes; returns how long that took.
    pub fn kill_master(&mut self) -> io::Result<Duration> {
        let old = self.master_port()?;
        let start = Instant::now();
        self.servers
            .iter_mut()
            .find(|s| s.port() == old)
            .ok_or_else(|| io::Error::other("the master is not one of ours"))?
            .kill();
        self.promoted(old)?;
        Ok(start.elapsed())
    }

    /// A failover the operator asks for (`SENTINEL FAILOVER`): the replica
    /// is promoted and the master, still running, becomes its replica
    /// (it answers writes with `READONLY`). Returns how long that took.
    pub fn demote_master(&self) -> io::Result<Duration> {
        let old = self.master_port()?;
        let start = Instant::now();
        let sentinel = self.sentinels[0].port();
        match resp::command(sentinel, &["SENTINEL", "FAILOVER", MASTER_NAME], BRIEF)? {
            Reply::Text(ok) if ok == "OK" => {}
            other => return Err(io::Error::other(format!("SENTINEL FAILOVER: {other:?}"))),
        }
        self.promoted(old)?;
        wait_until("the old master is a replica", SETTLE_TIMEOUT, || {
            matches!(
                resp::command(old, &["INFO", "replication"], BRIEF),
                Ok(Reply::Text(info)) if info.contains("role:slave")
            )
        })?;
        Ok(start.elapsed())
    }

    /// Waits until the sentinels name a master other than `old` that takes
    /// writes.
    fn promoted(&self, old: u16) -> io::Result<()> {
        self.wait_until("the replica was promoted", |s| {
            s.master_port().is_ok_and(|port| {
                port != old
                    && matches!(
                        resp::command(port, &["INFO", "replication"], BRIEF),
                        Ok(Reply::Text(info)) if info.contains("role:master")
                    )
            })
        })
    }

    fn wait_until(&self, what: &str, done: impl Fn(&Self) -> bool) -> io::Result<()> {
        wait_until(what, SETTLE_TIMEOUT, || done(self))
    }
}

/// `SENTINEL master <name>`: a flat list of field names and values.
struct MasterInfo(Vec<Reply>);

impl MasterInfo {
    fn field(&self, name: &str) -> Option<usize> {
        self.0.chunks_exact(2).find_map(|pair| match pair {
            [Reply::Text(key), Reply::Text(value)] if key == name => value.parse().ok(),
            _ => None,
        })
    }
}

fn master_info(sentinel: u16) -> MasterInfo {
    match resp::command(sentinel, &["SENTINEL", "master", MASTER_NAME], BRIEF) {
        Ok(Reply::Array(fields)) => MasterInfo(fields),
        _ => MasterInfo(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUITE: &str = "claims-testkit redis sentinel";

    #[test]
    fn the_sentinels_promote_the_replica_when_the_master_dies() {
        let Some(mut setup) = RedisSentinel::start_or_skip(SUITE, &RedisOptions::new()) else {
            return;
        };
        assert_eq!(setup.sentinel_urls().len(), SENTINELS);
        let master = setup.master_port().unwrap();
        assert_eq!(
            resp::command(master, &["SET", "k", "v"], BRIEF).unwrap(),
            Reply::Text("OK".into())
        );
        setup.wait_replicated().unwrap();
        setup.kill_master().unwrap();
        let promoted = setup.master_port().unwrap();
        assert_ne!(promoted, master);
        assert_eq!(
            resp::command(promoted, &["GET", "k"], BRIEF).unwrap(),
            Reply::Text("v".into())
        );
    }
}
