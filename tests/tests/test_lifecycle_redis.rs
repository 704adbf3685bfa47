//! Token lifecycle on a real Redis: the shared scenarios, keys with TTLs,
//! concurrent refreshes from separate connections (two service instances),
//! failing closed while Redis is down and nothing lost across a restart.
//!
//! Each test starts its own redis-server on a free loopback port and stops
//! it on drop. Without redis-server these tests fail under `CI=true` and
//! skip with a message otherwise (`.ci/run` installs it).

mod common;
mod lifecycle_scenarios;

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use claims_core::lifecycle::RedisStore;
use claims_core::{Error, Lifecycle};
use common::{Session, keys};
use lifecycle_scenarios as scenario;

/// A redis-server child process on 127.0.0.1, killed on drop.
struct Redis {
    child: Child,
    port: u16,
    dir: Option<PathBuf>,
}

fn redis_available() -> bool {
    let found = Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "redis-server is not installed (CI=true): .ci/run installs it with apt-get"
        );
        eprintln!("SKIPPED: redis-server is not installed; these tests need a real Redis");
    }
    found
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

impl Redis {
    /// A server without persistence.
    fn start() -> Option<Self> {
        if !redis_available() {
            return None;
        }
        Some(Self::spawn_anywhere(None))
    }

    /// Spawns on a free port, again on another if the port was taken
    /// between picking and binding it (another test's server).
    fn spawn_anywhere(dir: Option<&PathBuf>) -> Self {
        for _ in 0..5 {
            let mut redis = Self::spawn(free_port(), dir.cloned());
            std::thread::sleep(Duration::from_millis(50));
            if redis.child.try_wait().unwrap().is_none() {
                return redis;
            }
            redis.dir = None; // keep the directory for the next try
        }
        panic!("redis-server did not stay up on any free port");
    }

    /// A server persisting every write (AOF, fsync always) in a temp dir.
    fn start_persistent() -> Option<Self> {
        if !redis_available() {
            return None;
        }
        let dir = std::env::temp_dir().join(format!(
            "claims-redis-{}-{}",
            std::process::id(),
            common::b64(common::random_bytes::<6>())
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Some(Self::spawn_anywhere(Some(&dir)))
    }

    fn spawn(port: u16, dir: Option<PathBuf>) -> Self {
        let mut cmd = Command::new("redis-server");
        cmd.args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", ""])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        match &dir {
            Some(dir) => {
                cmd.arg("--dir").arg(dir);
                cmd.args(["--appendonly", "yes", "--appendfsync", "always"]);
            }
            None => {
                cmd.args(["--appendonly", "no"]);
            }
        }
        let child = cmd.spawn().expect("start redis-server");
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { child, port, dir }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Kills the server (SIGKILL: only what was fsynced survives) and starts
    /// it again on the same port and directory.
    fn restart(&mut self) {
        self.stop();
        let dir = self.dir.take();
        let port = self.port;
        // Forget the old child without re-killing it.
        let fresh = Self::spawn(port, dir);
        let old = std::mem::replace(self, fresh);
        std::mem::forget(old);
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

async fn lifecycle(redis: &Redis) -> Lifecycle {
    Lifecycle::new(keys(), RedisStore::connect(&redis.url()).await.unwrap())
}

macro_rules! redis_test {
    ($name:ident, $scenario:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let Some(redis) = Redis::start() else { return };
            $scenario(&lifecycle(&redis).await).await;
        }
    };
}

redis_test!(
    login_use_refresh_and_reuse_detection,
    scenario::refresh_and_reuse
);
redis_test!(
    refresh_and_access_tokens_are_not_interchangeable,
    scenario::token_types
);
redis_test!(logout_revokes_the_family, scenario::logout);
redis_test!(revoke_one_token_by_jti, scenario::revoke_jti);
redis_test!(revoke_every_token_of_a_subject, scenario::revoke_subject);
redis_test!(kill_switch_then_log_in_again, scenario::kill_switch);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_leave_no_two_live_tokens() {
    let Some(redis) = Redis::start() else { return };
    let lc = lifecycle(&redis).await;
    for _ in 0..5 {
        scenario::concurrent_refresh(&lc).await;
    }
}

/// Two service instances (separate connections) race the same refresh token.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_from_two_instances() {
    let Some(redis) = Redis::start() else { return };
    let a = lifecycle(&redis).await;
    let b = lifecycle(&redis).await;
    for round in 0..10 {
        let pair = a.login(&scenario::session_of("u-two")).await.unwrap();
        let (ra, rb) = tokio::join!(
            tokio::spawn({
                let a = a.clone();
                let t = pair.refresh_token.clone();
                async move { a.refresh::<Session>(&t).await }
            }),
            tokio::spawn({
                let b = b.clone();
                let t = pair.refresh_token.clone();
                async move { b.refresh::<Session>(&t).await }
            }),
        );
        let results = [ra.unwrap(), rb.unwrap()];
        let won: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(won.len(), 1, "round {round}: {results:?}");
        assert!(
            results
                .iter()
                .any(|r| r.as_ref().err() == Some(&Error::RefreshReused))
        );
        // Reuse revoked the family: the winner's token is dead too.
        assert_eq!(
            b.refresh::<Session>(&won[0].refresh_token).await,
            Err(Error::Revoked)
        );
    }
}

/// Every key has a TTL no longer than the tokens it rejects, and subjects
/// are not stored in the clear.
#[tokio::test]
async fn every_key_expires_and_subjects_are_hashed() {
    let Some(redis) = Redis::start() else { return };
    let lc = lifecycle(&redis).await;
    let pair = lc.login(&scenario::session_of("u-ttl")).await.unwrap();
    let v = lc.decode::<Session>(&pair.access_token).await.unwrap();
    lc.revoke_token(v.registered()).await.unwrap();
    let sub = v.registered().sub.clone().unwrap();
    lc.revoke_subject(&sub).await.unwrap();
    lc.kill_switch().await.unwrap();

    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("claims:*")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(keys.len(), 4, "{keys:?}"); // jti, sub, all, fam
    let longest = lc.refresh_lifetime() + 30;
    for key in &keys {
        assert!(!key.contains(&sub), "a subject in the clear: {key}");
        let ttl: i64 = redis::cmd("TTL")
            .arg(key)
            .query_async(&mut conn)
            .await
            .unwrap();
        assert!(
            ttl > 0 && ttl <= i64::try_from(longest).unwrap(),
            "{key}: {ttl}"
        );
    }
    let jti_ttl: i64 = redis::cmd("TTL")
        .arg(format!("claims:jti:{}", v.registered().jti))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(
        jti_ttl <= 300 + 30,
        "a jti lives as long as its token: {jti_ttl}"
    );
}

/// Redis down: decoding fails closed; back up (restarted, persistent):
/// nothing lost, the same connection recovers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fails_closed_while_down_and_loses_nothing_across_a_restart() {
    let Some(mut redis) = Redis::start_persistent() else {
        return;
    };
    let lc = lifecycle(&redis).await;
    let live = lc.login(&scenario::session_of("u-live")).await.unwrap();
    let spent = lc.login(&scenario::session_of("u-spent")).await.unwrap();
    let rotated = lc.refresh::<Session>(&spent.refresh_token).await.unwrap();
    let gone = lc.login(&scenario::session_of("u-gone")).await.unwrap();
    lc.logout(&gone.refresh_token).await.unwrap();

    redis.stop();
    assert_eq!(
        lc.decode::<Session>(&live.access_token).await.err(),
        Some(Error::StoreUnavailable)
    );
    assert_eq!(
        lc.refresh::<Session>(&live.refresh_token).await,
        Err(Error::StoreUnavailable)
    );

    redis.restart();
    // The connection manager reconnects; allow it a few tries.
    let deadline = Instant::now() + Duration::from_secs(10);
    let v = loop {
        match lc.decode::<Session>(&live.access_token).await {
            Err(Error::StoreUnavailable) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => break other,
        }
    };
    assert!(v.is_ok(), "{v:?}");
    // Revocations and rotations survived.
    assert_eq!(
        lc.decode::<Session>(&gone.access_token).await.err(),
        Some(Error::Revoked)
    );
    // A fresh instance sees the same state.
    let other = lifecycle(&redis).await;
    assert_eq!(
        other.refresh::<Session>(&spent.refresh_token).await,
        Err(Error::RefreshReused)
    );
    assert_eq!(
        other.refresh::<Session>(&rotated.refresh_token).await,
        Err(Error::Revoked)
    );
    other.refresh::<Session>(&live.refresh_token).await.unwrap();
}
