//! Concurrent `GET /me` traffic during a fault, every request recorded: when
//! it started, how long it took, what it got.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Past this, a request counts as hung (`status: None`).
const HUNG: Duration = Duration::from_secs(5);

/// One request.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// Which of the tokens it sent (their index).
    pub token: usize,
    /// When it started, from the start of the traffic.
    pub start: Duration,
    pub latency: Duration,
    /// `None`: no answer (hung past 5 s, or a connection error).
    pub status: Option<u16>,
}

/// Workers sending `GET /me` in a loop, each going through the tokens in
/// turn, until stopped.
#[derive(Debug)]
pub struct Traffic {
    started: Instant,
    stop: Arc<AtomicBool>,
    workers: Vec<tokio::task::JoinHandle<Vec<Sample>>>,
}

impl Traffic {
    /// Starts `workers` concurrent request loops on `base` with `tokens`.
    pub fn start(base: &str, tokens: &[String], workers: usize) -> Self {
        let http = reqwest::Client::builder().timeout(HUNG).build().unwrap();
        let url = format!("{base}/me");
        let started = Instant::now();
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..workers)
            .map(|worker| {
                let (http, url, stop) = (http.clone(), url.clone(), stop.clone());
                let tokens = tokens.to_vec();
                tokio::spawn(async move {
                    let mut samples = Vec::new();
                    let mut next = worker % tokens.len();
                    while !stop.load(Ordering::Relaxed) {
                        let start = Instant::now();
                        let response = http.get(&url).bearer_auth(&tokens[next]).send().await;
                        samples.push(Sample {
                            token: next,
                            start: start - started,
                            latency: start.elapsed(),
                            status: response.ok().map(|r| r.status().as_u16()),
                        });
                        next = (next + 1) % tokens.len();
                    }
                    samples
                })
            })
            .collect();
        Self {
            started,
            stop,
            workers,
        }
    }

    /// Time since the traffic started: mark a fault with it.
    pub fn now(&self) -> Duration {
        self.started.elapsed()
    }

    /// Stops the workers; every request they made, by start time.
    pub async fn stop(self) -> Record {
        self.stop.store(true, Ordering::Relaxed);
        let mut samples = Vec::new();
        for worker in self.workers {
            samples.extend(worker.await.unwrap());
        }
        samples.sort_by_key(|s| s.start);
        Record { samples }
    }
}

/// The requests of a [`Traffic`] run.
#[derive(Debug)]
pub struct Record {
    pub samples: Vec<Sample>,
}

impl Record {
    /// The requests that started in `from..to`.
    pub fn between(&self, from: Duration, to: Duration) -> Vec<Sample> {
        self.samples
            .iter()
            .filter(|s| (from..to).contains(&s.start))
            .copied()
            .collect()
    }

    /// The requests that started at or after `from` and were answered (or
    /// given up) before `to`: those that saw only what happened in between.
    pub fn within(&self, from: Duration, to: Duration) -> Vec<Sample> {
        self.samples
            .iter()
            .filter(|s| s.start >= from && s.start + s.latency < to)
            .copied()
            .collect()
    }

    /// The first request with `token` started at or after `from` that got
    /// `status`.
    pub fn first(&self, token: usize, status: u16, from: Duration) -> Option<Sample> {
        self.samples
            .iter()
            .find(|s| s.token == token && s.start >= from && s.status == Some(status))
            .copied()
    }
}

/// The `q`-quantile (0.99: p99) of the samples' latencies; zero if none.
pub fn quantile(samples: &[Sample], q: f64) -> Duration {
    let mut latencies: Vec<Duration> = samples.iter().map(|s| s.latency).collect();
    latencies.sort();
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )] // an index into a short list
    let index = ((latencies.len() as f64 - 1.0) * q).round() as usize;
    latencies.get(index).copied().unwrap_or_default()
}

/// How many samples got each status (`None`: no answer), for a message.
pub fn statuses(samples: &[Sample]) -> std::collections::BTreeMap<Option<u16>, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for s in samples {
        *counts.entry(s.status).or_default() += 1;
    }
    counts
}
