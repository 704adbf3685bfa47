//! [`RedisStore`]: the revocation store shared by a fleet, on Redis.

mod scripts;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Script, Value};
use sha2::{Digest as _, Sha256};

use super::store::{At, NewFamily, Renewal, RevocationStore, Rotation, TokenRef};
use crate::error::Error;

/// Default timeout for connecting and for each reply: 1 second.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);

/// The longest TTL written (about 100 years): Redis refuses an `EXPIRE`
/// whose deadline overflows its millisecond clock, and a `Duration::MAX`
/// lifetime must not turn every write into an error.
const MAX_TTL: u64 = 100 * 365 * 24 * 3600;

/// The [`RevocationStore`] on Redis (feature `redis`), shared by every
/// instance of a service.
///
/// Keys live under a prefix (default `claims:`); every key but the epoch
/// has a TTL, and a subject's key is the SHA-256 of its handle, so no
/// pseudonym or public id sits in Redis keys (layout in the `scripts`
/// module). Decoding reads the denylist and the epoch in one pipelined round
/// trip; rotation, family starts, revocations and the kill switch are Lua
/// scripts, atomic on the server. One Redis (or a primary): the keys of one
/// call are not in one cluster hash slot.
///
/// The connection is a [`ConnectionManager`]: multiplexed, reconnecting
/// after a failure. Requests time out (default 1 s) and every Redis error
/// is [`Error::StoreUnavailable`]. For revocations to survive a Redis
/// restart, run Redis with persistence (AOF or RDB).
#[derive(Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

struct Inner {
    conn: ConnectionManager,
    keys: KeyNames,
    scripts: Scripts,
    /// The epoch id this store last saw.
    seen_epoch: Mutex<Option<String>>,
}

struct Scripts {
    epoch: Script,
    kill_switch: Script,
    start_family: Script,
    deny: Script,
    rotate: Script,
}

/// The store's key names under its prefix.
struct KeyNames {
    prefix: String,
    epoch: String,
    deny: String,
}

impl KeyNames {
    fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
            epoch: format!("{prefix}epoch"),
            deny: format!("{prefix}deny"),
        }
    }

    fn family(&self, fid: &str) -> String {
        format!("{}fam:{fid}", self.prefix)
    }

    fn subject(&self, suffix: &str) -> String {
        format!("{}sub:{suffix}", self.prefix)
    }
}

/// A subject handle's key suffix: hashed, so no handle sits in a key.
fn subject_suffix(handle: &str) -> String {
    B64.encode(Sha256::digest(handle.as_bytes()))
}

fn jti_member(jti: &str) -> String {
    format!("j:{jti}")
}

fn family_member(fid: &str) -> String {
    format!("f:{fid}")
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.inner.keys.prefix)
            .finish_non_exhaustive()
    }
}

fn unavailable<E>(_: E) -> Error {
    Error::StoreUnavailable
}

fn ttl(at: At, until: u64) -> u64 {
    at.ttl_until(until).min(MAX_TTL)
}

/// The current epoch as the `EPOCH` script returns it.
struct EpochReply {
    id: String,
    cutoff: u64,
}

impl RedisStore {
    /// Connects to `url` (`redis://host:port/db`, the `redis` crate's
    /// syntax) with the default timeout. Must be called within a tokio runtime.
    pub async fn connect(url: &str) -> Result<Self, Error> {
        Self::connect_with(url, "claims:", DEFAULT_TIMEOUT).await
    }

    /// [`RedisStore::connect`] with the key prefix and the timeout given.
    pub async fn connect_with(url: &str, prefix: &str, timeout: Duration) -> Result<Self, Error> {
        let client = redis::Client::open(url).map_err(|_| Error::Config("invalid Redis URL"))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(200));
        let conn = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(unavailable)?;
        Ok(Self {
            inner: Arc::new(Inner {
                conn,
                keys: KeyNames::new(prefix),
                scripts: Scripts {
                    epoch: Script::new(scripts::EPOCH),
                    kill_switch: Script::new(scripts::KILL_SWITCH),
                    start_family: Script::new(&scripts::start_family()),
                    deny: Script::new(&scripts::deny()),
                    rotate: Script::new(&scripts::rotate()),
                },
                seen_epoch: Mutex::new(None),
            }),
        })
    }

    fn conn(&self) -> ConnectionManager {
        self.inner.conn.clone()
    }

    /// The current epoch, created if there is none: with cutoff 0 in a new
    /// store, or, when this store had seen an epoch before, as a store that
    /// lost its data (cutoff `now + leeway`).
    async fn current_epoch(&self, at: At) -> Result<EpochReply, Error> {
        let seen = self.seen_epoch();
        let (cutoff, origin) = match seen {
            Some(_) => (at.after(at.leeway), "loss"),
            None => (0, "new"),
        };
        let reply: (String, String, String, i64) = self
            .inner
            .scripts
            .epoch
            .key(&self.inner.keys.epoch)
            .arg(super::ids::random_id(8))
            .arg(cutoff)
            .arg(origin)
            .invoke_async(&mut self.conn())
            .await
            .map_err(unavailable)?;
        let epoch = EpochReply {
            cutoff: reply.1.parse().map_err(unavailable)?,
            id: reply.0,
        };
        self.see_epoch(&epoch.id);
        Ok(epoch)
    }

    fn seen_epoch(&self) -> Option<String> {
        self.inner
            .seen_epoch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn see_epoch(&self, id: &str) {
        let mut seen = self
            .inner
            .seen_epoch
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if seen.as_deref() != Some(id) {
            *seen = Some(id.to_owned());
        }
    }

    /// Denylists `members` until `until` and marks `families` revoked.
    async fn deny(
        &self,
        families: &[String],
        members: &[String],
        until: u64,
        at: At,
    ) -> Result<(), Error> {
        let mut invocation = self.inner.scripts.deny.prepare_invoke();
        invocation.key(&self.inner.keys.deny);
        for family in families {
            invocation.key(family);
        }
        invocation
            .arg(until)
            .arg(at.now)
            .arg(ttl(at, until.max(at.after(at.deny_ttl))));
        for member in members {
            invocation.arg(member);
        }
        invocation
            .invoke_async::<i64>(&mut self.conn())
            .await
            .map(drop)
            .map_err(unavailable)
    }

    /// Revokes the families `fids` (refresh records and denylist).
    async fn deny_families(&self, fids: &[String], at: At) -> Result<(), Error> {
        if fids.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = fids.iter().map(|fid| self.inner.keys.family(fid)).collect();
        let members: Vec<String> = fids.iter().map(|fid| family_member(fid)).collect();
        self.deny(&keys, &members, at.after(at.deny_ttl), at).await
    }

    /// The live families of each subject key suffix, in one round trip.
    async fn families_of(&self, suffixes: &[String], at: At) -> Result<Vec<String>, Error> {
        let mut pipe = redis::pipe();
        for suffix in suffixes {
            pipe.cmd("ZRANGEBYSCORE")
                .arg(self.inner.keys.subject(suffix))
                .arg(format!("({}", at.now))
                .arg("+inf");
        }
        let lists: Vec<Vec<String>> = pipe
            .query_async(&mut self.conn())
            .await
            .map_err(unavailable)?;
        Ok(lists.into_iter().flatten().collect())
    }
}

fn denied(score: Option<f64>, now: u64) -> bool {
    // Scores are whole seconds well within f64's exact integers.
    #[allow(clippy::cast_precision_loss)]
    score.is_some_and(|until| until > now as f64)
}

/// The denylist scores and the epoch (`id`, `cutoff`) of one decode.
type Standing = (Vec<Option<f64>>, (Option<String>, Option<String>));

impl RevocationStore for RedisStore {
    async fn epoch(&self, at: At) -> Result<String, Error> {
        Ok(self.current_epoch(at).await?.id)
    }

    async fn is_revoked(&self, token: TokenRef<'_>, at: At) -> Result<bool, Error> {
        let mut members = vec![jti_member(token.jti)];
        if let Some(family) = token.family {
            members.push(family_member(family.fid));
        }
        let (scores, epoch): Standing = redis::pipe()
            .cmd("ZMSCORE")
            .arg(&self.inner.keys.deny)
            .arg(&members)
            .cmd("HMGET")
            .arg(&self.inner.keys.epoch)
            .arg("id")
            .arg("cutoff")
            .query_async(&mut self.conn())
            .await
            .map_err(unavailable)?;
        if scores.len() != members.len() {
            return Err(Error::StoreUnavailable);
        }
        if scores.iter().any(|&score| denied(score, at.now)) {
            return Ok(true);
        }
        let epoch = match epoch {
            (Some(id), Some(cutoff)) => {
                self.see_epoch(&id);
                EpochReply {
                    id,
                    cutoff: cutoff.parse().map_err(unavailable)?,
                }
            }
            _ => self.current_epoch(at).await?,
        };
        Ok(match token.family {
            Some(family) => family.epoch != epoch.id,
            None => token.iat <= epoch.cutoff,
        })
    }

    async fn revoke_jti(&self, jti: &str, until: u64, at: At) -> Result<(), Error> {
        self.deny(&[], &[jti_member(jti)], until, at).await
    }

    async fn revoke_family(&self, fid: &str, at: At) -> Result<(), Error> {
        self.deny_families(&[fid.to_owned()], at).await
    }

    async fn revoke_subjects(&self, subjects: &[&str], at: At) -> Result<(), Error> {
        let suffixes: Vec<String> = subjects.iter().map(|s| subject_suffix(s)).collect();
        // Two round trips, not one script: a login between them starts a
        // family after the revocation, as if it came a moment later.
        let fids = self.families_of(&suffixes, at).await?;
        self.deny_families(&fids, at).await
    }

    async fn revoke_subject_of(&self, fid: &str, at: At) -> Result<(), Error> {
        let suffix: Option<String> = redis::cmd("HGET")
            .arg(self.inner.keys.family(fid))
            .arg("sub")
            .query_async(&mut self.conn())
            .await
            .map_err(unavailable)?;
        let mut fids = match suffix.filter(|s| !s.is_empty()) {
            Some(suffix) => self.families_of(&[suffix], at).await?,
            None => Vec::new(),
        };
        if !fids.iter().any(|f| f == fid) {
            fids.push(fid.to_owned());
        }
        self.deny_families(&fids, at).await
    }

    async fn kill_switch(&self, epoch: &str, at: At) -> Result<(), Error> {
        self.inner
            .scripts
            .kill_switch
            .key(&self.inner.keys.epoch)
            .arg(epoch)
            .arg(at.after(at.leeway))
            .invoke_async::<i64>(&mut self.conn())
            .await
            .map_err(unavailable)?;
        self.see_epoch(epoch);
        Ok(())
    }

    async fn start_family(&self, family: NewFamily<'_>, at: At) -> Result<String, Error> {
        let suffix = family.subject.map(subject_suffix).unwrap_or_default();
        let epoch: Option<String> = self
            .inner
            .scripts
            .start_family
            .key(self.inner.keys.family(family.fid))
            .key(self.inner.keys.subject(&suffix))
            .key(&self.inner.keys.epoch)
            .arg(family.refresh_jti)
            .arg(ttl(at, family.until))
            .arg(family.until)
            .arg(family.fid)
            .arg(&suffix)
            .arg(at.now)
            .invoke_async(&mut self.conn())
            .await
            .map_err(unavailable)?;
        match epoch {
            Some(id) => {
                self.see_epoch(&id);
                Ok(id)
            }
            // The store lost its epoch: start one; the family is of the old.
            None => Ok(self.current_epoch(at).await?.id),
        }
    }

    async fn rotate(&self, renewal: Renewal<'_>, at: At) -> Result<Rotation, Error> {
        let Renewal { token, new_jti, .. } = renewal;
        let Some(family) = token.family else {
            return Ok(Rotation::Revoked);
        };
        let deny_until = at.after(at.deny_ttl);
        let reply: Vec<Value> = self
            .inner
            .scripts
            .rotate
            .key(self.inner.keys.family(family.fid))
            .key(&self.inner.keys.deny)
            .key(&self.inner.keys.epoch)
            .arg(token.jti)
            .arg(family.epoch)
            .arg(new_jti)
            .arg(ttl(at, renewal.until))
            .arg(renewal.until)
            .arg(renewal.grace)
            .arg(at.now)
            .arg(deny_until)
            .arg(family.fid)
            .arg(&self.inner.keys.prefix)
            .arg(ttl(at, deny_until))
            .invoke_async(&mut self.conn())
            .await
            .map_err(unavailable)?;
        let text = |i: usize| -> Option<String> {
            reply
                .get(i)
                .and_then(|v| redis::from_redis_value_ref(v).ok())
        };
        match text(0).as_deref() {
            Some("ok") => Ok(Rotation::Rotated),
            Some("retry") => text(1)
                .map(Rotation::Retried)
                .ok_or(Error::StoreUnavailable),
            Some("reused") => Ok(Rotation::Reused),
            Some("revoked") => Ok(Rotation::Revoked),
            _ => Err(Error::StoreUnavailable),
        }
    }
}
