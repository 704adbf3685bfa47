//! The cached set and the one decision every lookup makes: serve what is
//! held, fail, or fetch. Pure: the caller passes the time.

use std::time::{Duration, Instant};

use super::config::Freshness;
use super::key_set::KeySet;
use crate::error::JwksError;

/// Why a lookup reached the cache.
#[derive(Debug, Clone, Copy)]
pub(super) enum Trigger {
    /// The caller wants the current set.
    Current,
    /// A token named a kid that the set of this generation lacks.
    Miss { seen: u64 },
}

/// What a lookup does next: answer now, or fetch.
pub(super) enum Decision {
    Done(Result<KeySet, JwksError>),
    Fetch,
}

/// A successfully fetched set and how long it is fresh.
struct Held {
    set: KeySet,
    fetched_at: Instant,
    ttl: Duration,
}

/// Everything the client remembers between lookups.
#[derive(Default)]
pub(super) struct Cache {
    held: Option<Held>,
    /// Fetches completed, successful or not: how a lookup that waited for
    /// another's fetch knows it happened. Fetches run one at a time, so the
    /// next set's generation is this plus one.
    fetches: u64,
    last_attempt: Option<Instant>,
    /// The last fetch's error, until a fetch succeeds.
    failure: Option<(Instant, JwksError)>,
}

impl Cache {
    pub(super) fn fetches(&self) -> u64 {
        self.fetches
    }

    /// The generation of the set the next fetch makes.
    pub(super) fn next_generation(&self) -> u64 {
        self.fetches + 1
    }

    pub(super) fn decide(&self, now: Instant, trigger: Trigger, rules: &Freshness) -> Decision {
        let recent = |at: Instant| now.saturating_duration_since(at) < rules.refresh_interval;
        if let Some(set) = self.fresh(now) {
            return match trigger {
                Trigger::Current => Decision::Done(Ok(set)),
                // Another lookup fetched since the caller looked, or one
                // fetched too recently: the caller gets this set.
                Trigger::Miss { seen } if set.generation() != seen => Decision::Done(Ok(set)),
                Trigger::Miss { .. } if self.last_attempt.is_some_and(recent) => {
                    Decision::Done(Ok(set))
                }
                Trigger::Miss { .. } => Decision::Fetch,
            };
        }
        // Expired or never fetched: fetch, unless the last fetch failed
        // recently; then the stale set if it is within its window.
        match self.failure {
            Some((at, error)) if recent(at) => Decision::Done(self.stale_or(now, error, rules)),
            _ => Decision::Fetch,
        }
    }

    /// After waiting for another lookup's fetch: its outcome, if it still holds.
    pub(super) fn after_fetch_by_another(
        &self,
        now: Instant,
        rules: &Freshness,
    ) -> Option<Result<KeySet, JwksError>> {
        match (self.servable(now, rules), self.failure) {
            (Some(set), _) => Some(Ok(set)),
            (None, Some((_, error))) => Some(Err(error)),
            (None, None) => None,
        }
    }

    /// Records a fetch's outcome; what the fetching lookup gets.
    pub(super) fn record(
        &mut self,
        now: Instant,
        outcome: Result<(KeySet, Duration), JwksError>,
        rules: &Freshness,
    ) -> Result<KeySet, JwksError> {
        self.fetches += 1;
        self.last_attempt = Some(now);
        match outcome {
            Ok((set, ttl)) => {
                self.failure = None;
                self.held = Some(Held {
                    set: set.clone(),
                    fetched_at: now,
                    ttl,
                });
                Ok(set)
            }
            Err(error) => {
                self.failure = Some((now, error));
                self.stale_or(now, error, rules)
            }
        }
    }

    fn fresh(&self, now: Instant) -> Option<KeySet> {
        self.held
            .as_ref()
            .filter(|held| now.saturating_duration_since(held.fetched_at) < held.ttl)
            .map(|held| held.set.clone())
    }

    /// The held set if it is fresh or within its stale window.
    fn servable(&self, now: Instant, rules: &Freshness) -> Option<KeySet> {
        self.held
            .as_ref()
            .filter(|held| {
                now.saturating_duration_since(held.fetched_at)
                    < held.ttl.saturating_add(rules.max_stale)
            })
            .map(|held| held.set.clone())
    }

    /// The held set while it is servable, else the failure.
    fn stale_or(
        &self,
        now: Instant,
        error: JwksError,
        rules: &Freshness,
    ) -> Result<KeySet, JwksError> {
        self.servable(now, rules).ok_or(error)
    }
}
