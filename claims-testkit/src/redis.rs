//! A real `redis-server` for a test: its own process, port and data
//! directory, stopped and cleaned up on drop.

use std::fs::OpenOptions;
use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::resp::{self, Reply};
use crate::scratch::ScratchDir;

/// How long a server may take to answer after it is spawned (an AOF replay
/// included).
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// Ports tried before giving up, when another process binds the free port
/// this launcher picked before its server could.
const PORT_ATTEMPTS: usize = 5;
/// The server's stdout and stderr, kept in its data directory so a failed
/// start can say why.
const LOG_FILE: &str = "redis.log";
const CONFIG_FILE: &str = "redis.conf";

/// How to run a [`RedisServer`]. The default persists nothing.
#[derive(Clone, Debug, Default)]
pub struct RedisOptions {
    append_only: bool,
    sentinel: bool,
    config: Vec<String>,
}

impl RedisOptions {
    /// No persistence, no extra configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// With `true`, every write goes to the append-only file and is fsynced
    /// before the server replies (`appendfsync always`): whatever a client
    /// saw acknowledged survives a SIGKILL and a [`RedisServer::restart`].
    #[must_use]
    pub fn append_only(mut self, on: bool) -> Self {
        self.append_only = on;
        self
    }

    /// With `true`, the server runs as a Redis Sentinel (`--sentinel`); its
    /// `sentinel ...` lines go in [`config`](Self::config).
    #[must_use]
    pub fn sentinel(mut self, on: bool) -> Self {
        self.sentinel = on;
        self
    }

    /// A line of `redis.conf` (`"maxmemory 1mb"`), written after the
    /// launcher's own lines, so it overrides them.
    #[must_use]
    pub fn config(mut self, line: impl Into<String>) -> Self {
        self.config.push(line.into());
        self
    }

    fn file(&self, dir: &Path) -> String {
        let appendonly = if self.append_only { "yes" } else { "no" };
        let mut text = format!(
            "bind 127.0.0.1\n\
             dir \"{}\"\n\
             save \"\"\n\
             appendonly {appendonly}\n\
             appendfsync always\n",
            dir.display()
        );
        for line in &self.config {
            text.push_str(line);
            text.push('\n');
        }
        text
    }
}

/// A `redis-server` child process on `127.0.0.1`, on a port that was free
/// when it started, with a data directory of its own.
///
/// Dropping it kills the server (SIGKILL) and removes the directory.
#[derive(Debug)]
pub struct RedisServer {
    /// `None` once killed.
    child: Option<Child>,
    port: u16,
    sentinel: bool,
    dir: ScratchDir,
}

impl RedisServer {
    /// Whether `redis-server` can be run from `PATH` (checked once).
    pub fn installed() -> bool {
        static INSTALLED: OnceLock<bool> = OnceLock::new();
        *INSTALLED.get_or_init(|| {
            Command::new("redis-server")
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        })
    }

    /// A server for the test suite `suite`, or `None` when `redis-server` is
    /// not installed: then [`skip`](crate::skip) tells the person running
    /// the tests (once per suite), or fails the test under CI.
    ///
    /// # Panics
    ///
    /// If the server is installed but does not start, and under CI if it is
    /// not installed.
    #[track_caller]
    pub fn start_or_skip(suite: &str, options: &RedisOptions) -> Option<Self> {
        if !Self::installed() {
            crate::skip(
                suite,
                "redis-server is not installed",
                "install it (`apt-get install redis-server`) or put it on PATH",
            );
            return None;
        }
        match Self::start(options) {
            Ok(server) => Some(server),
            Err(e) => panic!("{suite}: redis-server did not start: {e}"),
        }
    }

    /// Starts a server on a free loopback port and waits until it answers.
    pub fn start(options: &RedisOptions) -> io::Result<Self> {
        let dir = ScratchDir::new("claims-redis")?;
        std::fs::write(dir.path().join(CONFIG_FILE), options.file(dir.path()))?;
        let mut last = None;
        for _ in 0..PORT_ATTEMPTS {
            let port = free_port()?;
            match spawn(port, dir.path(), options.sentinel) {
                Ok(child) => {
                    return Ok(Self {
                        child: Some(child),
                        port,
                        sentinel: options.sentinel,
                        dir,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AddrInUse => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no port attempted")))
    }

    /// The port it listens on, on `127.0.0.1`.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Its data directory (the append-only file, its log, its config).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Kills the server with SIGKILL and waits for it to exit: only what was
    /// fsynced survives. Does nothing if it is not running.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Fails only if the child has exited already, which is the goal.
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Freezes the server (SIGSTOP): connections stay open and requests
    /// hang, as under a long GC pause or a partitioned network.
    #[cfg(unix)]
    pub fn pause(&self) -> io::Result<()> {
        self.signal(rustix::process::Signal::STOP)
    }

    /// Lets a [paused](Self::pause) server run again (SIGCONT).
    #[cfg(unix)]
    pub fn resume(&self) -> io::Result<()> {
        self.signal(rustix::process::Signal::CONT)
    }

    /// Kills the server if it runs, then starts it again on the same port
    /// and data directory, and waits until it answers (the append-only file
    /// replayed).
    ///
    /// Fails if another process took the port meanwhile.
    pub fn restart(&mut self) -> io::Result<()> {
        self.kill();
        self.child = Some(spawn(self.port, self.dir.path(), self.sentinel)?);
        Ok(())
    }

    #[cfg(unix)]
    fn signal(&self, signal: rustix::process::Signal) -> io::Result<()> {
        let child = self
            .child
            .as_ref()
            .ok_or_else(|| io::Error::other("redis-server is not running"))?;
        rustix::process::kill_process(rustix::process::Pid::from_child(child), signal)?;
        Ok(())
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Spawns `redis-server` on `port` with the configuration in `dir` (as a
/// Sentinel if `sentinel`), and waits until this very process answers (not
/// another server that holds the port). Its output is appended to the log
/// in `dir`.
fn spawn(port: u16, dir: &Path, sentinel: bool) -> io::Result<Child> {
    let log = dir.join(LOG_FILE);
    let out = OpenOptions::new().create(true).append(true).open(&log)?;
    let err = out.try_clone()?;
    let mut child = Command::new("redis-server")
        .arg(dir.join(CONFIG_FILE))
        .args(["--port", &port.to_string()])
        .args(sentinel.then_some("--sentinel"))
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()?;
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Some(status) = child.try_wait()? {
            return Err(exited(port, status, &log));
        }
        if answering_pid(port) == Some(child.id()) {
            return Ok(child);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "redis-server did not answer on port {port} within {START_TIMEOUT:?}; {}",
                    tail(&log)
                ),
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The `process_id` of the server that answers on `port`, once it has
/// loaded its data. (`INFO` answers while the append-only file is still
/// being replayed, when every data command gets `-LOADING`: hence
/// `loading:0`; a Sentinel, which loads no data, has no such field.)
pub(crate) fn answering_pid(port: u16) -> Option<u32> {
    let Reply::Text(info) = resp::command(port, &["INFO"], Duration::from_secs(1)).ok()? else {
        return None;
    };
    let field = |name: &str| {
        info.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
            .map(str::trim)
    };
    if field("loading").is_some_and(|loading| loading != "0") {
        return None;
    }
    field("process_id")?.parse().ok()
}

/// Why a server exited while starting: `AddrInUse` when its port was
/// taken, so [`RedisServer::start`] tries another.
fn exited(port: u16, status: std::process::ExitStatus, log: &Path) -> io::Error {
    let tail = tail(log);
    let kind = if tail.contains("Address already in use") {
        io::ErrorKind::AddrInUse
    } else {
        io::ErrorKind::Other
    };
    io::Error::new(
        kind,
        format!("redis-server on port {port} exited ({status}); {tail}"),
    )
}

/// Polls `done` every 50 ms until it holds; `TimedOut`, saying `what` was
/// awaited, after `timeout`. For the cluster and sentinel launchers.
pub(crate) fn wait_until(what: &str, timeout: Duration, done: impl Fn() -> bool) -> io::Result<()> {
    let deadline = Instant::now() + timeout;
    while !done() {
        if Instant::now() > deadline {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("not within {timeout:?}: {what}"),
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// Waits until a replica of the master on `port` has every write the
/// master acknowledged (`WAIT 1`, at most 5 s).
pub(crate) fn wait_replicated(port: u16) -> io::Result<()> {
    match resp::command(port, &["WAIT", "1", "5000"], Duration::from_secs(6))? {
        Reply::Integer(1..) => Ok(()),
        other => Err(io::Error::other(format!("WAIT: {other:?}"))),
    }
}

/// A port no one listened on a moment ago.
fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// The last lines of the server's log, for an error message.
fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let last = lines[lines.len().saturating_sub(5)..].join("\n");
    if last.is_empty() {
        "its log is empty".to_owned()
    } else {
        format!("its log ends:\n{last}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUITE: &str = "claims-testkit redis launcher";
    const BRIEF: Duration = Duration::from_millis(300);

    fn send(server: &RedisServer, args: &[&str]) -> io::Result<Reply> {
        resp::command(server.port(), args, BRIEF)
    }

    fn reply(server: &RedisServer, args: &[&str]) -> Reply {
        send(server, args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    fn text(value: &str) -> Reply {
        Reply::Text(value.to_owned())
    }

    #[test]
    fn a_server_answers_on_its_port_and_is_gone_after_drop() {
        let Some(server) = RedisServer::start_or_skip(SUITE, &RedisOptions::new()) else {
            return;
        };
        assert_eq!(reply(&server, &["PING"]), text("PONG"));
        assert_eq!(
            server.url(),
            format!("redis://127.0.0.1:{}/", server.port())
        );
        let (port, dir) = (server.port(), server.dir().to_owned());
        assert!(dir.join(CONFIG_FILE).is_file());
        drop(server);
        assert!(resp::command(port, &["PING"], BRIEF).is_err(), "killed");
        assert!(!dir.exists(), "the data directory is removed");
    }

    #[test]
    fn two_servers_get_two_ports_and_two_directories() {
        let options = RedisOptions::new();
        let (Some(a), Some(b)) = (
            RedisServer::start_or_skip(SUITE, &options),
            RedisServer::start_or_skip(SUITE, &options),
        ) else {
            return;
        };
        assert_ne!(a.port(), b.port());
        assert_ne!(a.dir(), b.dir());
        assert_eq!(reply(&a, &["SET", "k", "a"]), text("OK"));
        assert_eq!(reply(&b, &["GET", "k"]), Reply::Nil);
    }

    #[test]
    fn config_lines_reach_the_server_and_a_bad_one_is_reported() {
        let options = RedisOptions::new().config("maxmemory 7mb");
        let Some(server) = RedisServer::start_or_skip(SUITE, &options) else {
            return;
        };
        let Reply::Text(info) = reply(&server, &["INFO", "memory"]) else {
            panic!("INFO is a bulk string");
        };
        assert!(info.contains("maxmemory:7340032"), "{info}");
        let err = RedisServer::start(&RedisOptions::new().config("no-such-directive 1"))
            .expect_err("redis-server refuses an unknown directive");
        assert_eq!(err.kind(), io::ErrorKind::Other);
        assert!(err.to_string().contains("no-such-directive"), "{err}");
    }

    #[test]
    fn with_append_only_a_killed_server_restarts_with_its_data() {
        let options = RedisOptions::new().append_only(true);
        let Some(mut server) = RedisServer::start_or_skip(SUITE, &options) else {
            return;
        };
        let port = server.port();
        assert_eq!(reply(&server, &["SET", "k", "kept"]), text("OK"));
        // Enough keys that replaying the append-only file takes a while:
        // `restart` returns only once it is done.
        let fill = "for i = 1, 100000 do redis.call('SET', 'fill:' .. i, i) end return 1";
        let filled = resp::command(port, &["EVAL", fill, "0"], START_TIMEOUT).expect("EVAL");
        assert_eq!(filled, Reply::Integer(1));
        server.kill();
        assert!(send(&server, &["PING"]).is_err(), "killed");
        server.kill(); // idempotent
        server.restart().expect("restarts");
        assert_eq!(server.port(), port);
        assert_eq!(reply(&server, &["GET", "k"]), text("kept"));
        assert_eq!(reply(&server, &["DBSIZE"]), Reply::Integer(100_001));
    }

    #[test]
    fn without_append_only_a_restart_starts_empty() {
        let Some(mut server) = RedisServer::start_or_skip(SUITE, &RedisOptions::new()) else {
            return;
        };
        assert_eq!(reply(&server, &["SET", "k", "lost"]), text("OK"));
        assert_eq!(reply(&server, &["DBSIZE"]), Reply::Integer(1));
        server.restart().expect("restarts");
        assert_eq!(reply(&server, &["DBSIZE"]), Reply::Integer(0));
    }

    #[cfg(unix)]
    #[test]
    fn a_paused_server_hangs_until_resumed() {
        let Some(server) = RedisServer::start_or_skip(SUITE, &RedisOptions::new()) else {
            return;
        };
        server.pause().expect("SIGSTOP");
        let hung = send(&server, &["PING"]).expect_err("no reply while paused");
        assert!(
            matches!(
                hung.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ),
            "{hung}"
        );
        server.resume().expect("SIGCONT");
        assert_eq!(reply(&server, &["PING"]), text("PONG"));
    }
}
