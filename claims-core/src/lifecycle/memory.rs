//! [`MemoryStore`]: the in-process revocation store.

use std::collections::HashMap;
use std::future::{Future, ready};
use std::sync::{Mutex, MutexGuard};

use super::store::{RevocationStore, Rotation, TokenRef};
use crate::error::Error;
use crate::token::unix_now;

/// Sweep expired entries every this many writes.
const SWEEP_EVERY: u64 = 256;

/// The embedded [`RevocationStore`]: one process's memory, behind a mutex
/// (every operation is a few map look-ups; nothing is awaited while holding
/// it). Entries expire with the tokens they reject and are swept as writes
/// come in. Right for one instance; a fleet shares a
/// `RedisStore` (feature `redis`). Lost on restart.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// jti → expiry.
    jti: HashMap<String, u64>,
    /// sub → (cutoff, expiry).
    sub: HashMap<String, (u64, u64)>,
    /// The kill switch's (cutoff, expiry).
    all: Option<(u64, u64)>,
    /// fid → (current refresh jti, or `None` once revoked; expiry).
    family: HashMap<String, (Option<String>, u64)>,
    writes: u64,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entries are live (unexpired): jtis, subjects, families and
    /// the kill switch.
    pub fn len(&self) -> usize {
        let mut state = self.lock();
        state.sweep(unix_now());
        state.jti.len() + state.sub.len() + state.family.len() + usize::from(state.all.is_some())
    }

    /// Whether no entry is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave a map half-updated in
        // a way that matters more than losing the store: keep going.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write<R>(&self, f: impl FnOnce(&mut State, u64) -> R) -> R {
        let now = unix_now();
        let mut state = self.lock();
        state.writes += 1;
        if state.writes.is_multiple_of(SWEEP_EVERY) {
            state.sweep(now);
        }
        f(&mut state, now)
    }
}

impl State {
    fn sweep(&mut self, now: u64) {
        self.jti.retain(|_, exp| *exp > now);
        self.sub.retain(|_, (_, exp)| *exp > now);
        self.family.retain(|_, (_, exp)| *exp > now);
        if self.all.is_some_and(|(_, exp)| exp <= now) {
            self.all = None;
        }
    }

    fn revoked(&self, token: TokenRef<'_>, now: u64) -> bool {
        let live = |exp: u64| exp > now;
        self.jti.get(token.jti).is_some_and(|&exp| live(exp))
            || self
                .all
                .is_some_and(|(cutoff, exp)| live(exp) && token.iat <= cutoff)
            || token.sub.is_some_and(|sub| {
                self.sub
                    .get(sub)
                    .is_some_and(|&(cutoff, exp)| live(exp) && token.iat <= cutoff)
            })
            || token.fid.is_some_and(|fid| {
                self.family
                    .get(fid)
                    .is_some_and(|(current, exp)| live(*exp) && current.is_none())
            })
    }
}

fn raise_cutoff(slot: &mut (u64, u64), before: u64, expiry: u64, now: u64) {
    if slot.1 <= now || slot.0 < before {
        *slot = (before, expiry);
    }
}

impl RevocationStore for MemoryStore {
    fn is_revoked(&self, token: TokenRef<'_>) -> impl Future<Output = Result<bool, Error>> + Send {
        let now = unix_now();
        ready(Ok(self.lock().revoked(token, now)))
    }

    fn revoke_jti(
        &self,
        jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.write(|s, now| s.jti.insert(jti.to_owned(), now + ttl_secs));
        ready(Ok(()))
    }

    fn revoke_subject(
        &self,
        sub: &str,
        before: u64,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.write(|s, now| {
            let slot = s.sub.entry(sub.to_owned()).or_insert((0, 0));
            raise_cutoff(slot, before, now + ttl_secs, now);
        });
        ready(Ok(()))
    }

    fn revoke_all(
        &self,
        before: u64,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.write(|s, now| {
            let slot = s.all.get_or_insert((0, 0));
            raise_cutoff(slot, before, now + ttl_secs, now);
        });
        ready(Ok(()))
    }

    fn start_family(
        &self,
        fid: &str,
        jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.write(|s, now| {
            s.family
                .insert(fid.to_owned(), (Some(jti.to_owned()), now + ttl_secs))
        });
        ready(Ok(()))
    }

    fn rotate(
        &self,
        token: TokenRef<'_>,
        new_jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<Rotation, Error>> + Send {
        let outcome = self.write(|s, now| {
            if s.revoked(token, now) {
                return Rotation::Revoked;
            }
            let Some(fid) = token.fid else {
                return Rotation::Revoked;
            };
            match s.family.get_mut(fid) {
                Some((Some(current), exp)) if *exp > now => {
                    if current == token.jti {
                        new_jti.clone_into(current);
                        *exp = now + ttl_secs;
                        Rotation::Rotated
                    } else {
                        s.family.insert(fid.to_owned(), (None, now + ttl_secs));
                        Rotation::Reused
                    }
                }
                _ => Rotation::Revoked,
            }
        });
        ready(Ok(outcome))
    }

    fn revoke_family(
        &self,
        fid: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.write(|s, now| s.family.insert(fid.to_owned(), (None, now + ttl_secs)));
        ready(Ok(()))
    }
}
