//! The near cache's state: this instance's copy of the whole denylist and
//! the epoch, and how fresh it is. What fills it (the snapshot, the events,
//! the heartbeats) is `listener.rs`; this module only keeps and answers.
//!
//! Freshness is a promise about order: a heartbeat this instance published
//! at `t` and received back on its subscription proves that every event
//! published before `t` has been applied (Redis delivers one subscriber's
//! messages in the order the server executed the `PUBLISH`es). The cache
//! answers only until `t + max_staleness`; after that, or before its first
//! snapshot, it answers nothing and decoding goes to Redis.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use super::super::store::TokenRef;

/// Epochs remembered after they were replaced: a token of one of them is
/// revoked without a round trip (an epoch, once replaced, never returns).
const PAST_EPOCHS: usize = 16;

/// The current epoch as the cache knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Epoch {
    pub(super) id: String,
    pub(super) cutoff: u64,
}

/// Entries of the denylist: `j:<jti>` or `f:<fid>`, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Denied {
    pub(super) member: String,
    pub(super) until: u64,
}

/// The denylist a snapshot installs (its epoch is given apart, as events
/// give it).
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    pub(super) denied: Vec<Denied>,
}

/// What the cache answers about one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Answer {
    /// Fresh and conclusive.
    Known(bool),
    /// Fresh, but this token's epoch is not one the cache knows: ask Redis.
    Unknown,
    /// Not fresh enough to answer.
    Stale,
}

#[derive(Default)]
struct State {
    epoch: Option<Epoch>,
    past_epochs: VecDeque<String>,
    jti: HashMap<Box<str>, u64>,
    family: HashMap<Box<str>, u64>,
}

impl State {
    fn deny(&mut self, member: &str, until: u64) {
        let (map, id) = if let Some(jti) = member.strip_prefix("j:") {
            (&mut self.jti, jti)
        } else if let Some(fid) = member.strip_prefix("f:") {
            (&mut self.family, fid)
        } else {
            return;
        };
        let slot = map.entry(id.into()).or_insert(until);
        *slot = (*slot).max(until);
    }

    fn set_epoch(&mut self, epoch: Epoch) {
        if let Some(old) = self.epoch.take()
            && old.id != epoch.id
        {
            self.remember_past(old.id);
        }
        self.past_epochs.retain(|id| *id != epoch.id);
        self.epoch = Some(epoch);
    }

    fn remember_past(&mut self, id: String) {
        if self.past_epochs.len() == PAST_EPOCHS {
            self.past_epochs.pop_front();
        }
        self.past_epochs.push_back(id);
    }
}

/// This instance's copy of the revocation state.
pub(super) struct NearCache {
    state: RwLock<State>,
    /// Every time below is nanoseconds since this.
    base: Instant,
    /// Answers are allowed while the monotonic clock is below this.
    fresh_until: AtomicU64,
    max_staleness: u64,
    /// The latest lifecycle time a question brought: what sweeping expires
    /// entries at (the lifecycle's clock, not this machine's).
    latest_now: AtomicU64,
}

impl NearCache {
    pub(super) fn new(max_staleness: Duration) -> Self {
        Self {
            state: RwLock::default(),
            base: Instant::now(),
            fresh_until: AtomicU64::new(0),
            max_staleness: nanos(max_staleness),
            latest_now: AtomicU64::new(0),
        }
    }

    /// Nanoseconds on this cache's monotonic clock: heartbeats carry it.
    pub(super) fn now_nanos(&self) -> u64 {
        nanos(self.base.elapsed())
    }

    /// Every event published before `sent` (a heartbeat's time) is applied.
    pub(super) fn fresh_as_of(&self, sent: u64) {
        self.fresh_until
            .fetch_max(sent.saturating_add(self.max_staleness), Ordering::Release);
    }

    /// Stops answering until the next heartbeat after a new snapshot.
    pub(super) fn invalidate(&self) {
        self.fresh_until.store(0, Ordering::Release);
    }

    /// Whether the cache may answer now.
    pub(super) fn is_fresh(&self) -> bool {
        self.now_nanos() < self.fresh_until.load(Ordering::Acquire)
    }

    /// Replaces the denylist with `snapshot`'s.
    pub(super) fn install(&self, snapshot: Snapshot) {
        let mut state = self.write();
        state.jti.clear();
        state.family.clear();
        for denied in snapshot.denied {
            state.deny(&denied.member, denied.until);
        }
    }

    pub(super) fn deny(&self, members: &[&str], until: u64) {
        let mut state = self.write();
        for member in members {
            state.deny(member, until);
        }
    }

    pub(super) fn set_epoch(&self, epoch: Epoch) {
        self.write().set_epoch(epoch);
    }

    /// The current epoch is dead, its successor not yet confirmed: tokens
    /// of the old one are revoked, every other question goes to Redis.
    pub(super) fn retire_epoch(&self) {
        let mut state = self.write();
        if let Some(old) = state.epoch.take() {
            state.remember_past(old.id);
        }
    }

    /// Whether `token` is revoked, at the lifecycle's time `now`.
    pub(super) fn check(&self, token: TokenRef<'_>, now: u64) -> Answer {
        // A plain load first: the time moves once a second, decodes do not
        // all need a read-modify-write.
        if now > self.latest_now.load(Ordering::Relaxed) {
            self.latest_now.fetch_max(now, Ordering::Relaxed);
        }
        if !self.is_fresh() {
            return Answer::Stale;
        }
        let state = self.read();
        let live = |until: Option<&u64>| until.is_some_and(|&until| until > now);
        if live(state.jti.get(token.jti)) {
            return Answer::Known(true);
        }
        let current = state.epoch.as_ref();
        match token.family {
            Some(family) => {
                if live(state.family.get(family.fid)) {
                    Answer::Known(true)
                } else if current.is_some_and(|e| e.id == family.epoch) {
                    Answer::Known(false)
                } else if state.past_epochs.iter().any(|e| e == family.epoch) {
                    Answer::Known(true)
                } else {
                    Answer::Unknown
                }
            }
            None => current.map_or(Answer::Unknown, |e| Answer::Known(token.iat <= e.cutoff)),
        }
    }

    /// The latest lifecycle time a question brought (0 before any).
    pub(super) fn latest_now(&self) -> u64 {
        self.latest_now.load(Ordering::Relaxed)
    }

    /// Drops the entries expired at the latest time a question brought.
    pub(super) fn sweep(&self) {
        let now = self.latest_now();
        let mut state = self.write();
        state.jti.retain(|_, until| *until > now);
        state.family.retain(|_, until| *until > now);
    }

    /// How many denylist entries the cache holds.
    pub(super) fn len(&self) -> usize {
        let state = self.read();
        state.jti.len() + state.family.len()
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::super::store::FamilyRef;
    use super::*;

    fn token<'a>(jti: &'a str, fid: Option<&'a str>, iat: u64) -> TokenRef<'a> {
        TokenRef {
            jti,
            family: fid.and_then(FamilyRef::parse),
            iat,
        }
    }

    fn fresh_cache() -> NearCache {
        let cache = NearCache::new(Duration::from_secs(60));
        cache.install(Snapshot {
            denied: vec![Denied {
                member: "j:gone".into(),
                until: 1_000,
            }],
        });
        cache.set_epoch(Epoch {
            id: "E1".into(),
            cutoff: 100,
        });
        cache.fresh_as_of(cache.now_nanos());
        cache
    }

    #[test]
    fn it_answers_nothing_before_a_heartbeat_or_after_invalidation() {
        let cache = NearCache::new(Duration::from_secs(60));
        assert_eq!(cache.check(token("j", None, 200), 500), Answer::Stale);
        cache.fresh_as_of(cache.now_nanos());
        assert_eq!(cache.check(token("j", None, 200), 500), Answer::Unknown);
        let cache = fresh_cache();
        assert_eq!(
            cache.check(token("j", None, 200), 500),
            Answer::Known(false)
        );
        cache.invalidate();
        assert_eq!(cache.check(token("j", None, 200), 500), Answer::Stale);
    }

    #[test]
    fn a_heartbeat_older_than_the_bound_does_not_make_it_fresh() {
        let cache = NearCache::new(Duration::from_millis(1));
        let sent = cache.now_nanos();
        std::thread::sleep(Duration::from_millis(5));
        cache.fresh_as_of(sent);
        assert!(!cache.is_fresh());
    }

    #[test]
    fn denylist_epochs_and_cutoffs() {
        let cache = fresh_cache();
        assert_eq!(
            cache.check(token("gone", None, 200), 500),
            Answer::Known(true)
        );
        // Expired entries no longer reject.
        assert_eq!(
            cache.check(token("gone", None, 200), 1_000),
            Answer::Known(false)
        );
        assert_eq!(cache.check(token("j", None, 100), 500), Answer::Known(true));
        assert_eq!(
            cache.check(token("j", Some("F.E1"), 1), 500),
            Answer::Known(false)
        );
        cache.deny(&["f:F.E1"], 900);
        assert_eq!(
            cache.check(token("j", Some("F.E1"), 1), 500),
            Answer::Known(true)
        );
        // A newer epoch: the old one is known revoked, an unknown one is asked.
        cache.set_epoch(Epoch {
            id: "E2".into(),
            cutoff: 300,
        });
        assert_eq!(
            cache.check(token("j", Some("G.E1"), 1), 500),
            Answer::Known(true)
        );
        assert_eq!(
            cache.check(token("j", Some("G.E2"), 1), 500),
            Answer::Known(false)
        );
        assert_eq!(
            cache.check(token("j", Some("G.E3"), 1), 500),
            Answer::Unknown
        );
        assert_eq!(cache.check(token("j", None, 300), 500), Answer::Known(true));
        // Retired: its tokens are revoked, the rest is asked.
        cache.retire_epoch();
        assert_eq!(
            cache.check(token("j", Some("G.E2"), 1), 500),
            Answer::Known(true)
        );
        assert_eq!(cache.check(token("j", None, 400), 500), Answer::Unknown);
    }

    #[test]
    fn sweeping_drops_what_expired_at_the_latest_time_asked() {
        let cache = fresh_cache();
        cache.deny(&["j:a", "f:b.E1"], 2_000);
        assert_eq!(cache.len(), 3);
        cache.check(token("x", None, 200), 1_500);
        cache.sweep();
        assert_eq!(cache.len(), 2);
    }
}
