//! `wrk`, the HTTP load generator (Debian package `wrk`), with the Lua
//! report of `report.lua`.

use std::process::Command;
use std::time::Duration;

const REPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/report.lua");

/// How a run loads the service.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub duration: Duration,
    pub threads: u32,
    pub connections: u32,
}

/// What `wrk` reported.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub requests: u64,
    pub elapsed: Duration,
    /// Socket errors: connect, read, write, timeout.
    pub errors: u64,
    /// Answers other than 2xx and 3xx.
    pub non_2xx: u64,
    pub p50: Duration,
    pub p99: Duration,
    pub p999: Duration,
}

impl Run {
    #[allow(clippy::cast_precision_loss)] // counts far under 2^52
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// Whether `wrk` runs here; if not, [`claims_testkit::skip`] says so for
/// `suite` (and fails under CI).
pub fn installed_or_skip(suite: &str) -> bool {
    let installed = Command::new("wrk")
        .arg("--version")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("wrk"));
    if !installed {
        claims_testkit::skip(
            suite,
            "wrk is not installed",
            "install it (`apt-get install wrk`) or put it on PATH",
        );
    }
    installed
}

/// Runs `wrk` against `url` with the extra `headers` (`"Name: value"`).
pub async fn run(url: &str, headers: &[String], load: Load) -> Run {
    let mut command = Command::new("wrk");
    command
        .arg(format!("--duration={}s", load.duration.as_secs().max(1)))
        .arg(format!("--threads={}", load.threads))
        .arg(format!("--connections={}", load.connections))
        .arg(format!("--script={REPORT}"));
    for header in headers {
        command.arg("--header").arg(header);
    }
    command.arg(url);
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("run wrk");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "wrk failed: {stdout}");
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("claims-load "))
        .unwrap_or_else(|| panic!("no report from wrk: {stdout}"));
    let field = |name: &str| -> u64 {
        line.split(' ')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {line}"))
    };
    Run {
        requests: field("requests"),
        elapsed: Duration::from_micros(field("duration_us")),
        errors: field("connect") + field("read") + field("write") + field("timeout"),
        non_2xx: field("status"),
        p50: Duration::from_micros(field("p50_us")),
        p99: Duration::from_micros(field("p99_us")),
        p999: Duration::from_micros(field("p999_us")),
    }
}
