//! The circuit breaker in front of Redis: after `threshold` failures in a
//! row it opens, and requests are refused at once (no reconnect backoff, no
//! timeout to wait out) while one probe at a time checks whether Redis is
//! back; the first probe that succeeds closes it.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// What a call changed, for the caller to log and count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// It opened: probing should start.
    Opened,
    /// It closed after being open since this instant.
    Closed(Instant),
}

pub(super) struct Breaker {
    threshold: u32,
    /// Failures in a row while closed.
    failures: AtomicU32,
    open: AtomicBool,
    /// When it opened, while it is open.
    since: Mutex<Option<Instant>>,
}

impl Breaker {
    /// A closed breaker opening after `threshold` failures in a row (at
    /// least 1).
    pub(super) fn new(threshold: u32) -> Self {
        Self {
            threshold: threshold.max(1),
            failures: AtomicU32::new(0),
            open: AtomicBool::new(false),
            since: Mutex::new(None),
        }
    }

    pub(super) fn is_open(&self) -> bool {
        self.open.load(Ordering::Acquire)
    }

    /// A request (or a probe) succeeded.
    pub(super) fn success(&self) -> Option<Change> {
        self.failures.store(0, Ordering::Relaxed);
        if !self.is_open() {
            return None;
        }
        let since = self
            .since
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()?;
        self.open.store(false, Ordering::Release);
        Some(Change::Closed(since))
    }

    /// A request failed.
    pub(super) fn failure(&self) -> Option<Change> {
        let failures = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
        if failures < self.threshold {
            return None;
        }
        let mut since = self.since.lock().unwrap_or_else(PoisonError::into_inner);
        if since.is_some() {
            return None;
        }
        *since = Some(Instant::now());
        self.open.store(true, Ordering::Release);
        Some(Change::Opened)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_the_threshold_once_and_closes_on_success() {
        let breaker = Breaker::new(3);
        assert_eq!(breaker.failure(), None);
        assert_eq!(breaker.success(), None);
        assert_eq!(breaker.failure(), None);
        assert_eq!(breaker.failure(), None);
        assert!(!breaker.is_open());
        assert_eq!(breaker.failure(), Some(Change::Opened));
        assert!(breaker.is_open());
        assert_eq!(breaker.failure(), None, "opens once");
        assert!(matches!(breaker.success(), Some(Change::Closed(_))));
        assert!(!breaker.is_open());
        assert_eq!(breaker.success(), None);
    }
}
