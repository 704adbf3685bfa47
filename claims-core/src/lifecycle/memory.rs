//! [`MemoryStore`]: the in-process revocation store.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::store::{At, NewFamily, Renewal, RevocationStore, Rotation, TokenRef};
use crate::error::Error;

/// Sweep expired entries every this many writes.
const SWEEP_EVERY: u64 = 256;

/// The embedded [`RevocationStore`]: one process's memory, behind a mutex
/// (every operation is a few map look-ups; nothing is awaited while holding
/// it). Entries expire with the tokens they reject and are swept as writes
/// come in. Right for one instance; a fleet shares a `RedisStore` (feature
/// `redis`).
///
/// Its epoch is drawn when it is created, so a process restart revokes every
/// token issued before it (their families are gone with the memory, and so
/// are the revocations). `Debug` shows how many entries it holds, never a
/// `jti`, a family id or a subject.
pub struct MemoryStore {
    state: Mutex<State>,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("MemoryStore")
            .field("revoked_jtis", &state.denied_jti.len())
            .field("revoked_families", &state.denied_family.len())
            .field("families", &state.families.len())
            .field("subjects", &state.subjects.len())
            .finish_non_exhaustive()
    }
}

struct State {
    epoch: Epoch,
    /// jti → until.
    denied_jti: HashMap<String, u64>,
    /// fid → until: what decoding reads.
    denied_family: HashMap<String, u64>,
    /// fid → its record: what rotation reads.
    families: HashMap<String, Family>,
    /// subject handle → its families.
    subjects: HashMap<String, HashSet<String>>,
    writes: u64,
    /// The latest time a call brought: what [`MemoryStore::len`] sweeps at.
    latest: u64,
}

struct Epoch {
    id: String,
    cutoff: u64,
}

struct Family {
    /// The current refresh `jti`; `None` once revoked.
    current: Option<String>,
    /// The refresh `jti` rotated away from, and until when it may be retried.
    previous: Option<(String, u64)>,
    subject: Option<String>,
    until: u64,
}

impl MemoryStore {
    /// An empty store, in a new epoch.
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State {
                epoch: Epoch {
                    id: super::ids::random_id(8),
                    cutoff: 0,
                },
                denied_jti: HashMap::new(),
                denied_family: HashMap::new(),
                families: HashMap::new(),
                subjects: HashMap::new(),
                writes: 0,
                latest: 0,
            }),
        }
    }

    /// How many entries are live (unexpired at the latest time a call
    /// brought): denylisted jtis and families, and family records.
    pub fn len(&self) -> usize {
        let mut state = self.lock();
        let latest = state.latest;
        state.sweep(latest);
        state.denied_jti.len() + state.denied_family.len() + state.families.len()
    }

    /// Whether no entry is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave a map half-updated in
        // a way that matters more than losing the store: keep going.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn read<R>(&self, at: At, f: impl FnOnce(&State) -> R) -> R {
        let mut state = self.lock();
        state.latest = state.latest.max(at.now);
        f(&state)
    }

    fn write<R>(&self, at: At, f: impl FnOnce(&mut State) -> R) -> R {
        let mut state = self.lock();
        state.latest = state.latest.max(at.now);
        state.writes += 1;
        if state.writes.is_multiple_of(SWEEP_EVERY) {
            state.sweep(at.now);
        }
        f(&mut state)
    }
}

impl State {
    fn sweep(&mut self, now: u64) {
        self.denied_jti.retain(|_, until| *until > now);
        self.denied_family.retain(|_, until| *until > now);
        self.families.retain(|_, family| family.until > now);
        let families = &self.families;
        self.subjects.retain(|_, fids| {
            fids.retain(|fid| families.contains_key(fid));
            !fids.is_empty()
        });
    }

    fn revoked(&self, token: TokenRef<'_>, now: u64) -> bool {
        let live = |until: Option<&u64>| until.is_some_and(|&until| until > now);
        live(self.denied_jti.get(token.jti))
            || match token.family {
                Some(family) => {
                    family.epoch != self.epoch.id || live(self.denied_family.get(family.fid))
                }
                None => token.iat <= self.epoch.cutoff,
            }
    }

    fn revoke_family(&mut self, fid: &str, at: At) {
        if let Some(family) = self.families.get_mut(fid) {
            family.current = None;
            family.previous = None;
        }
        let until = at.after(at.deny_ttl);
        let slot = self.denied_family.entry(fid.to_owned()).or_insert(until);
        *slot = (*slot).max(until);
    }

    fn revoke_subject(&mut self, subject: &str, at: At) {
        let fids: Vec<String> = self
            .subjects
            .get(subject)
            .map(|fids| fids.iter().cloned().collect())
            .unwrap_or_default();
        for fid in fids {
            self.revoke_family(&fid, at);
        }
    }

    fn rotate(&mut self, renewal: Renewal<'_>, at: At) -> Rotation {
        let token = renewal.token;
        let Some(family_ref) = token.family else {
            return Rotation::Revoked;
        };
        if self.revoked(token, at.now) {
            return Rotation::Revoked;
        }
        let Some(family) = self
            .families
            .get_mut(family_ref.fid)
            .filter(|family| family.until > at.now)
        else {
            return Rotation::Revoked;
        };
        let Some(current) = &mut family.current else {
            return Rotation::Revoked;
        };
        if current == token.jti {
            let previous = std::mem::replace(current, renewal.new_jti.to_owned());
            family.previous = Some((previous, at.after(renewal.grace)));
            family.until = renewal.until;
            return Rotation::Rotated;
        }
        if let Some((previous, retry_until)) = &family.previous
            && previous == token.jti
            && at.now < *retry_until
        {
            return Rotation::Retried(current.clone());
        }
        self.revoke_family(family_ref.fid, at);
        Rotation::Reused
    }
}

impl RevocationStore for MemoryStore {
    async fn epoch(&self, at: At) -> Result<String, Error> {
        Ok(self.read(at, |s| s.epoch.id.clone()))
    }

    async fn is_revoked(&self, token: TokenRef<'_>, at: At) -> Result<bool, Error> {
        Ok(self.read(at, |s| s.revoked(token, at.now)))
    }

    fn is_revoked_locally(&self, token: TokenRef<'_>, at: At) -> Option<Result<bool, Error>> {
        Some(Ok(self.read(at, |s| s.revoked(token, at.now))))
    }

    async fn revoke_jti(&self, jti: &str, until: u64, at: At) -> Result<(), Error> {
        self.write(at, |s| {
            let slot = s.denied_jti.entry(jti.to_owned()).or_insert(until);
            *slot = (*slot).max(until);
        });
        Ok(())
    }

    async fn revoke_family(&self, fid: &str, at: At) -> Result<(), Error> {
        self.write(at, |s| s.revoke_family(fid, at));
        Ok(())
    }

    async fn revoke_subjects(&self, subjects: &[&str], at: At) -> Result<(), Error> {
        self.write(at, |s| {
            for subject in subjects {
                s.revoke_subject(subject, at);
            }
        });
        Ok(())
    }

    async fn revoke_subject_of(&self, fid: &str, at: At) -> Result<(), Error> {
        self.write(at, |s| {
            match s.families.get(fid).and_then(|f| f.subject.clone()) {
                Some(subject) => s.revoke_subject(&subject, at),
                None => s.revoke_family(fid, at),
            }
        });
        Ok(())
    }

    async fn kill_switch(&self, epoch: &str, at: At) -> Result<(), Error> {
        self.write(at, |s| {
            s.epoch = Epoch {
                id: epoch.to_owned(),
                cutoff: at.after(at.leeway),
            };
        });
        Ok(())
    }

    async fn start_family(&self, family: NewFamily<'_>, at: At) -> Result<String, Error> {
        Ok(self.write(at, |s| {
            s.families.insert(
                family.fid.to_owned(),
                Family {
                    current: Some(family.refresh_jti.to_owned()),
                    previous: None,
                    subject: family.subject.map(str::to_owned),
                    until: family.until,
                },
            );
            if let Some(subject) = family.subject {
                s.subjects
                    .entry(subject.to_owned())
                    .or_default()
                    .insert(family.fid.to_owned());
            }
            s.epoch.id.clone()
        }))
    }

    async fn rotate(&self, renewal: Renewal<'_>, at: At) -> Result<Rotation, Error> {
        Ok(self.write(at, |s| s.rotate(renewal, at)))
    }
}
