//! The service as its own process: the `orders-api` binary of this build
//! (release under `cargo test --release`), on a free loopback port.

use std::net::{Ipv4Addr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the binary may take to answer `/health`.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// Ports tried, when another process takes the free port picked before
/// the service binds it.
const PORT_ATTEMPTS: usize = 5;

/// A running `orders-api`; killed on drop.
#[derive(Debug)]
pub struct Service {
    child: Child,
    base: String,
}

impl Service {
    /// Starts the binary with `args` (`--redis URL`, `--near-cache off`...)
    /// and waits until `/health` answers; on another port if the one it
    /// picked was taken meanwhile (the binary then exits).
    pub async fn start(args: &[&str]) -> Self {
        for _ in 0..PORT_ATTEMPTS {
            if let Some(service) = Self::try_start(args).await {
                return service;
            }
        }
        panic!("orders-api exited at start {PORT_ATTEMPTS} times");
    }

    /// `None` if the binary exited before answering.
    async fn try_start(args: &[&str]) -> Option<Self> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_orders-api"))
            .args(["--listen", &listen])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn orders-api");
        let mut service = Self {
            child,
            base: format!("http://{listen}"),
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let health = http.get(service.url("/health")).send().await;
            if health.is_ok_and(|r| r.status().is_success()) {
                return Some(service);
            }
            if service.child.try_wait().unwrap().is_some() {
                return None;
            }
            assert!(Instant::now() < deadline, "orders-api did not answer");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The URL of `path` on it.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.base.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// Its resident memory now (`VmRSS` of `/proc/<pid>/status`), in KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/<pid>/status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in kB")
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
