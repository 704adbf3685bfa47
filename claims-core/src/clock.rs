//! The clock every time check reads: [`Clock`], the system's
//! ([`SystemClock`], the default) and one a test sets by hand
//! ([`ManualClock`]).
//!
//! Tokens carry whole seconds since the Unix epoch (`iat`, `nbf`, `exp`), so
//! a clock is read in those seconds. Give a test's clock to
//! [`KeysBuilder::clock`](crate::KeysBuilder::clock): encoding, decoding and,
//! with feature `lifecycle`, every `Lifecycle` over those keys (its store
//! entries' expiry included) read it.
//!
//! ```
//! use std::time::Duration;
//! use claims_core::clock::ManualClock;
//! # use claims_core::{Claims, Error, Keys, SigningKey};
//! # #[derive(Claims)] struct Session { #[claim(public)] role: String }
//! # fn main() -> Result<(), Error> {
//! let clock = ManualClock::new(1_700_000_000);
//! let keys = Keys::builder()
//!     .issuer("https://auth.example.test")
//!     .audience("orders-api")
//!     .signing_key(SigningKey::hs256("sig-1", &[7u8; 32])?)
//!     .clock(clock.clone())
//!     .build()?;
//! let token = keys.encode(&Session { role: "admin".into() })?;
//! clock.advance(Duration::from_secs(300 + 30)); // the lifetime, then the leeway
//! assert_eq!(keys.decode::<Session>(&token).err(), Some(Error::Expired));
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of the current time, in whole seconds since the Unix epoch.
///
/// `Send + Sync` (keys are shared across threads) and `Debug` (keys print
/// their configuration).
pub trait Clock: Send + Sync + fmt::Debug {
    /// Seconds since the Unix epoch.
    fn now(&self) -> u64;
}

/// The system's wall clock ([`SystemTime::now`]); before 1970 reads as 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}

/// A clock that moves only when told to: for tests (expiry, clock skew
/// between instances, rotation timetables) without sleeping.
///
/// Clones share one time: keep a clone to move the clock of the keys built
/// with it.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    now: Arc<AtomicU64>,
}

impl ManualClock {
    /// A clock reading `now` (seconds since the Unix epoch).
    pub fn new(now: u64) -> Self {
        Self {
            now: Arc::new(AtomicU64::new(now)),
        }
    }

    /// A clock reading the system's time now, `offset` seconds ahead
    /// (negative: behind): a server whose clock is skewed.
    pub fn skewed(offset: i64) -> Self {
        Self::new(SystemClock.now().saturating_add_signed(offset))
    }

    /// Sets the time.
    pub fn set(&self, now: u64) {
        self.now.store(now, Ordering::Relaxed);
    }

    /// Moves the time forward by `by`, in whole seconds (saturating).
    pub fn advance(&self, by: Duration) {
        let by = by.as_secs();
        // `fetch_update` never fails with a closure that always returns `Some`.
        let _ = self
            .now
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |now| {
                Some(now.saturating_add(by))
            });
    }
}

impl Clock for ManualClock {
    fn now(&self) -> u64 {
        self.now.load(Ordering::Relaxed)
    }
}

/// The clock `Keys` hold: shared, the system's unless a test set one.
pub(crate) type SharedClock = Arc<dyn Clock>;

pub(crate) fn system() -> SharedClock {
    Arc::new(SystemClock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_its_clones_follow() {
        let clock = ManualClock::new(100);
        let clone = clock.clone();
        assert_eq!(clock.now(), 100);
        clock.advance(Duration::from_millis(2_500));
        assert_eq!(clone.now(), 102);
        clone.set(7);
        assert_eq!(clock.now(), 7);
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), u64::MAX);
    }

    #[test]
    fn a_skewed_clock_is_offset_from_the_system_clock() {
        let ahead = ManualClock::skewed(20).now();
        let system = SystemClock.now();
        assert!(
            (system + 19..=system + 21).contains(&ahead),
            "{ahead} vs {system}"
        );
        assert_eq!(ManualClock::skewed(i64::MIN).now(), 0);
    }
}
