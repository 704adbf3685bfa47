//! [`RedisStore`]: the revocation store shared by a fleet, on Redis.

use std::future::Future;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands as _, Script};
use sha2::{Digest as _, Sha256};

use super::store::{RevocationStore, Rotation, TokenRef};
use crate::error::Error;

/// Default timeout for connecting and for each reply: 1 second.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);

/// Keeps the later of two cutoffs. KEYS[1] = the cutoff key; ARGV = cutoff, ttl.
const RAISE_CUTOFF: &str = r"
local cur = redis.call('GET', KEYS[1])
if cur and tonumber(cur) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
";

/// Refresh rotation, atomic (a script runs alone). KEYS = family, jti,
/// kill switch[, subject]; ARGV = presented jti, iat, new jti, ttl.
const ROTATE: &str = r"
local iat = tonumber(ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 1 then return 'revoked' end
local all = redis.call('GET', KEYS[3])
if all and tonumber(all) >= iat then return 'revoked' end
if KEYS[4] then
  local sub = redis.call('GET', KEYS[4])
  if sub and tonumber(sub) >= iat then return 'revoked' end
end
local fam = redis.call('GET', KEYS[1])
if not fam or fam == '!' then return 'revoked' end
if fam ~= ARGV[1] then
  redis.call('SET', KEYS[1], '!', 'EX', ARGV[4])
  return 'reused'
end
redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[4])
return 'ok'
";

/// A family's value once revoked (a current one holds a `jti`, never `!`).
const REVOKED: &str = "!";

/// The [`RevocationStore`] on Redis (feature `redis`), shared by every
/// instance of a service.
///
/// Keys, under a prefix (default `claims:`), each with a TTL (`SET … EX`):
/// `jti:<jti>`, `sub:<base64url(SHA-256(sub))>` (the subject's wire value
/// is hashed, so no pseudonym or public id sits in Redis keys), `all` (the
/// kill switch), `fam:<fid>` (the family's current refresh `jti`, or `!`).
/// Decoding reads them in one `MGET`; rotation and cutoffs are Lua
/// scripts, atomic on the server. One Redis (or a primary): the keys of one
/// call are not in one cluster hash slot.
///
/// The connection is a [`ConnectionManager`]: multiplexed, reconnecting
/// after a failure. Requests time out (default 1 s) and every Redis error
/// is [`Error::StoreUnavailable`]. For tokens to survive a Redis restart,
/// run Redis with persistence (AOF or RDB).
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    prefix: String,
    rotate: Script,
    raise_cutoff: Script,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

fn unavailable<E>(_: E) -> Error {
    Error::StoreUnavailable
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
            conn,
            prefix: prefix.to_owned(),
            rotate: Script::new(ROTATE),
            raise_cutoff: Script::new(RAISE_CUTOFF),
        })
    }

    fn key(&self, kind: &str, id: &str) -> String {
        format!("{}{kind}:{id}", self.prefix)
    }

    fn sub_key(&self, sub: &str) -> String {
        self.key("sub", &B64.encode(Sha256::digest(sub.as_bytes())))
    }

    fn all_key(&self) -> String {
        format!("{}all", self.prefix)
    }

    async fn set(&self, key: String, value: &str, ttl: u64) -> Result<(), Error> {
        let mut conn = self.conn.clone();
        conn.set_ex::<_, _, ()>(key, value, ttl)
            .await
            .map_err(unavailable)
    }

    async fn cutoff(&self, key: String, before: u64, ttl: u64) -> Result<(), Error> {
        let mut conn = self.conn.clone();
        self.raise_cutoff
            .key(key)
            .arg(before)
            .arg(ttl)
            .invoke_async::<i64>(&mut conn)
            .await
            .map(drop)
            .map_err(unavailable)
    }
}

fn at_or_after(cutoff: Option<&String>, iat: u64) -> bool {
    cutoff
        .and_then(|c| c.parse::<u64>().ok())
        .is_some_and(|c| c >= iat)
}

impl RevocationStore for RedisStore {
    fn is_revoked(&self, token: TokenRef<'_>) -> impl Future<Output = Result<bool, Error>> + Send {
        // jti, all, then sub and fam when the token has them.
        let mut keys = vec![self.key("jti", token.jti), self.all_key()];
        let sub_at = token.sub.map(|sub| {
            keys.push(self.sub_key(sub));
            keys.len() - 1
        });
        let fam_at = token.fid.map(|fid| {
            keys.push(self.key("fam", fid));
            keys.len() - 1
        });
        let mut conn = self.conn.clone();
        let iat = token.iat;
        async move {
            let values: Vec<Option<String>> = redis::cmd("MGET")
                .arg(&keys)
                .query_async(&mut conn)
                .await
                .map_err(unavailable)?;
            if values.len() != keys.len() {
                return Err(Error::StoreUnavailable);
            }
            Ok(values[0].is_some()
                || at_or_after(values[1].as_ref(), iat)
                || sub_at.is_some_and(|i| at_or_after(values[i].as_ref(), iat))
                || fam_at.is_some_and(|i| values[i].as_deref() == Some(REVOKED)))
        }
    }

    fn revoke_jti(
        &self,
        jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.set(self.key("jti", jti), "1", ttl_secs)
    }

    fn revoke_subject(
        &self,
        sub: &str,
        before: u64,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.cutoff(self.sub_key(sub), before, ttl_secs)
    }

    fn revoke_all(
        &self,
        before: u64,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.cutoff(self.all_key(), before, ttl_secs)
    }

    fn start_family(
        &self,
        fid: &str,
        jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.set(self.key("fam", fid), jti, ttl_secs)
    }

    fn rotate(
        &self,
        token: TokenRef<'_>,
        new_jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<Rotation, Error>> + Send {
        let fid = token.fid.map(|fid| self.key("fam", fid));
        let mut keys = vec![
            fid.clone().unwrap_or_default(),
            self.key("jti", token.jti),
            self.all_key(),
        ];
        if let Some(sub) = token.sub {
            keys.push(self.sub_key(sub));
        }
        let args = (
            token.jti.to_owned(),
            token.iat,
            new_jti.to_owned(),
            ttl_secs,
        );
        let mut conn = self.conn.clone();
        let script = self.rotate.clone();
        async move {
            if fid.is_none() {
                return Ok(Rotation::Revoked);
            }
            let mut invocation = script.prepare_invoke();
            for key in &keys {
                invocation.key(key);
            }
            invocation.arg(args.0).arg(args.1).arg(args.2).arg(args.3);
            let outcome: String = invocation
                .invoke_async(&mut conn)
                .await
                .map_err(unavailable)?;
            match outcome.as_str() {
                "ok" => Ok(Rotation::Rotated),
                "reused" => Ok(Rotation::Reused),
                "revoked" => Ok(Rotation::Revoked),
                _ => Err(Error::StoreUnavailable),
            }
        }
    }

    fn revoke_family(
        &self,
        fid: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        self.set(self.key("fam", fid), REVOKED, ttl_secs)
    }
}
