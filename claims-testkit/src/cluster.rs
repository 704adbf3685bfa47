//! A real Redis Cluster for a test: 3 masters and 3 replicas, each a
//! [`RedisServer`] (own port and directory), joined by
//! `redis-cli --cluster create`, able to lose a master and to move a slot.

use std::io;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::redis::{RedisOptions, RedisServer, wait_replicated, wait_until};
use crate::resp::{self, Reply};

const MASTERS: usize = 3;
/// How long a node may stay silent before its replica takes over: short,
/// so a test's failover takes a second or two.
const NODE_TIMEOUT_MS: u32 = 1000;
/// How long forming the cluster, or a failover, may take.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(20);
const BRIEF: Duration = Duration::from_secs(1);

/// A Redis Cluster on loopback: 3 masters, each with one replica.
/// Dropping it kills every node and removes their directories.
#[derive(Debug)]
pub struct RedisCluster {
    nodes: Vec<RedisServer>,
}

/// One line of `CLUSTER NODES`.
struct Node {
    id: String,
    port: u16,
    master: bool,
    failed: bool,
    slots: Vec<(u16, u16)>,
}

impl RedisCluster {
    /// A cluster for the test suite `suite`, or `None` when `redis-server`
    /// is not installed (see [`RedisServer::start_or_skip`]).
    ///
    /// # Panics
    ///
    /// If the servers are installed but the cluster does not form, and under
    /// CI if they are not installed.
    #[track_caller]
    pub fn start_or_skip(suite: &str, options: &RedisOptions) -> Option<Self> {
        let cli = Command::new("redis-cli")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if !cli.is_ok_and(|status| status.success()) {
            crate::skip(
                suite,
                "redis-cli is not installed",
                "install it (`apt-get install redis-tools`) or put it on PATH",
            );
            return None;
        }
        // The same check and notice for redis-server as for one server.
        let first = RedisServer::start_or_skip(suite, &cluster_options(options))?;
        match Self::start_with(first, options) {
            Ok(cluster) => Some(cluster),
            Err(e) => panic!("{suite}: the Redis Cluster did not form: {e}"),
        }
    }

    fn start_with(first: RedisServer, options: &RedisOptions) -> io::Result<Self> {
        let options = cluster_options(options);
        let mut nodes = vec![first];
        for _ in 1..MASTERS * 2 {
            nodes.push(RedisServer::start(&options)?);
        }
        let addresses: Vec<String> = nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port()))
            .collect();
        let output = Command::new("redis-cli")
            .args(["--cluster", "create"])
            .args(&addresses)
            .args(["--cluster-replicas", "1", "--cluster-yes"])
            .stdin(Stdio::null())
            .output()?;
        if !output.status.success() {
            return Err(io::Error::other(format!(
                "redis-cli --cluster create failed: {}",
                String::from_utf8_lossy(&output.stdout)
            )));
        }
        let cluster = Self { nodes };
        cluster.wait_until("every node sees the cluster ok", |c| {
            c.nodes.iter().all(|n| cluster_ok(n.port()))
                && c.nodes.iter().all(|n| replicas_known(n.port()))
        })?;
        Ok(cluster)
    }

    /// The URLs of every node (those killed included).
    pub fn urls(&self) -> Vec<String> {
        self.nodes.iter().map(RedisServer::url).collect()
    }

    /// The slot of `key` (`CLUSTER KEYSLOT`).
    pub fn slot_of(&self, key: &str) -> io::Result<u16> {
        match self.reply(&["CLUSTER", "KEYSLOT", key])? {
            Reply::Integer(slot) => u16::try_from(slot).map_err(io::Error::other),
            other => Err(io::Error::other(format!("CLUSTER KEYSLOT: {other:?}"))),
        }
    }

    /// Waits until the replica of `slot`'s master has every write the
    /// master acknowledged (`WAIT 1`): replication is asynchronous, and a
    /// failover loses what the replica had not received.
    pub fn wait_replicated(&self, slot: u16) -> io::Result<()> {
        wait_replicated(self.master_of(slot)?)
    }

    /// The port of the master that serves `slot`, as a live node sees it.
    pub fn master_of(&self, slot: u16) -> io::Result<u16> {
        self.topology()?
            .into_iter()
            .find(|n| n.master && !n.failed && n.serves(slot))
            .map(|n| n.port)
            .ok_or_else(|| io::Error::other(format!("no live master serves slot {slot}")))
    }

    /// Kills (SIGKILL) the master that serves `slot` and waits until its
    /// replica has taken over and the cluster is ok again; returns how long
    /// that took.
    pub fn kill_master_of(&mut self, slot: u16) -> io::Result<Duration> {
        let port = self.master_of(slot)?;
        let start = Instant::now();
        self.node_mut(port)?.kill();
        self.wait_until("a replica took over the slot", |c| {
            c.master_of(slot).is_ok_and(|p| p != port) && c.live().all(|n| cluster_ok(n.port()))
        })?;
        Ok(start.elapsed())
    }

    /// Moves `slot` to another master the way `redis-cli --cluster reshard`
    /// does (`SETSLOT IMPORTING`/`MIGRATING`, `MIGRATE` key by key, then
    /// `SETSLOT NODE`), waiting `pause` after each key, so that clients meet
    /// `ASK` and `MOVED` redirections meanwhile. Returns the new master's port.
    pub fn move_slot(&self, slot: u16, pause: Duration) -> io::Result<u16> {
        let nodes = self.topology()?;
        let source = nodes
            .iter()
            .find(|n| n.master && !n.failed && n.serves(slot))
            .ok_or_else(|| io::Error::other("no master serves the slot"))?;
        let target = nodes
            .iter()
            .find(|n| n.master && !n.failed && n.id != source.id)
            .ok_or_else(|| io::Error::other("no other master"))?;
        let slot = slot.to_string();
        let (from, to) = (source.port, target.port);
        expect_ok(to, &["CLUSTER", "SETSLOT", &slot, "IMPORTING", &source.id])?;
        expect_ok(
            from,
            &["CLUSTER", "SETSLOT", &slot, "MIGRATING", &target.id],
        )?;
        let to_port = to.to_string();
        loop {
            let keys = match resp::command(from, &["CLUSTER", "GETKEYSINSLOT", &slot, "1"], BRIEF)?
            {
                Reply::Array(keys) => keys,
                other => return Err(io::Error::other(format!("GETKEYSINSLOT: {other:?}"))),
            };
            let Some(Reply::Text(key)) = keys.first() else {
                break;
            };
            let args = [
                "MIGRATE",
                "127.0.0.1",
                &to_port,
                "",
                "0",
                "5000",
                "KEYS",
                key,
            ];
            expect_ok(from, &args)?;
            std::thread::sleep(pause);
        }
        for node in nodes.iter().filter(|n| n.master && !n.failed) {
            expect_ok(
                node.port,
                &["CLUSTER", "SETSLOT", &slot, "NODE", &target.id],
            )?;
        }
        Ok(to)
    }

    fn live(&self) -> impl Iterator<Item = &RedisServer> {
        self.nodes
            .iter()
            .filter(|n| resp::command(n.port(), &["PING"], BRIEF).is_ok())
    }

    fn node_mut(&mut self, port: u16) -> io::Result<&mut RedisServer> {
        self.nodes
            .iter_mut()
            .find(|n| n.port() == port)
            .ok_or_else(|| io::Error::other(format!("no node on port {port}")))
    }

    fn reply(&self, args: &[&str]) -> io::Result<Reply> {
        let mut last = io::Error::other("no node");
        for node in &self.nodes {
            match resp::command(node.port(), args, BRIEF) {
                Ok(reply) => return Ok(reply),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn topology(&self) -> io::Result<Vec<Node>> {
        match self.reply(&["CLUSTER", "NODES"])? {
            Reply::Text(text) => Ok(text.lines().filter_map(Node::parse).collect()),
            other => Err(io::Error::other(format!("CLUSTER NODES: {other:?}"))),
        }
    }

    fn wait_until(&self, what: &str, done: impl Fn(&Self) -> bool) -> io::Result<()> {
        wait_until(what, SETTLE_TIMEOUT, || done(self))
    }
}

impl Node {
    /// `<id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot>...`
    fn parse(line: &str) -> Option<Self> {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let port = fields
            .get(1)?
            .split(['@', ','])
            .next()?
            .rsplit(':')
            .next()?;
        let flags = fields.get(2)?;
        let slots = fields
            .iter()
            .skip(8)
            .filter(|s| !s.starts_with('['))
            .filter_map(|s| {
                let (a, b) = s.split_once('-').unwrap_or((s, s));
                Some((a.parse().ok()?, b.parse().ok()?))
            })
            .collect();
        Some(Self {
            id: (*fields.first()?).to_owned(),
            port: port.parse().ok()?,
            master: flags.contains("master"),
            failed: flags.contains("fail") && !flags.contains("fail?"),
            slots,
        })
    }

    fn serves(&self, slot: u16) -> bool {
        self.slots.iter().any(|&(a, b)| (a..=b).contains(&slot))
    }
}

fn cluster_options(options: &RedisOptions) -> RedisOptions {
    options
        .clone()
        .config("cluster-enabled yes")
        .config("cluster-config-file nodes.conf")
        .config(format!("cluster-node-timeout {NODE_TIMEOUT_MS}"))
}

fn cluster_ok(port: u16) -> bool {
    matches!(
        resp::command(port, &["CLUSTER", "INFO"], BRIEF),
        Ok(Reply::Text(info)) if info.contains("cluster_state:ok")
    )
}

/// Whether the node at `port` knows all six nodes, three of them replicas.
fn replicas_known(port: u16) -> bool {
    let Ok(Reply::Text(nodes)) = resp::command(port, &["CLUSTER", "NODES"], BRIEF) else {
        return false;
    };
    nodes.lines().filter(|l| l.contains("slave")).count() == MASTERS
}

fn expect_ok(port: u16, args: &[&str]) -> io::Result<()> {
    match resp::command(port, args, Duration::from_secs(5))? {
        Reply::Text(ok) if ok == "OK" => Ok(()),
        other => Err(io::Error::other(format!("{}: {other:?}", args[0]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUITE: &str = "claims-testkit redis cluster";

    #[test]
    fn a_cluster_forms_moves_a_slot_and_survives_a_master() {
        let Some(mut cluster) = RedisCluster::start_or_skip(SUITE, &RedisOptions::new()) else {
            return;
        };
        assert_eq!(cluster.urls().len(), 6);
        let slot = cluster.slot_of("{t}k").unwrap();
        let master = cluster.master_of(slot).unwrap();
        assert_eq!(
            resp::command(master, &["SET", "{t}k", "v"], BRIEF).unwrap(),
            Reply::Text("OK".into())
        );
        let moved_to = cluster.move_slot(slot, Duration::ZERO).unwrap();
        assert_ne!(moved_to, master);
        assert_eq!(cluster.master_of(slot).unwrap(), moved_to);
        assert_eq!(
            resp::command(moved_to, &["GET", "{t}k"], BRIEF).unwrap(),
            Reply::Text("v".into()),
            "the key moved with its slot"
        );
        cluster.wait_replicated(slot).unwrap();
        let took = cluster.kill_master_of(slot).unwrap();
        let promoted = cluster.master_of(slot).unwrap();
        assert_ne!(promoted, moved_to);
        assert!(took < SETTLE_TIMEOUT);
        assert_eq!(
            resp::command(promoted, &["GET", "{t}k"], BRIEF).unwrap(),
            Reply::Text("v".into())
        );
    }
}
