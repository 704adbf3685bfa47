//! The Lua scripts `RedisStore` writes with: each runs alone on the server,
//! so what it reads and writes is atomic. Times in `ARGV` are the
//! lifecycle's clock (seconds); the retry window alone is on the server's
//! clock (`TIME`), as a rotation may run long after it was sent (a Redis that
//! was paused).
//!
//! Key layout, under the prefix `p`:
//!
//! - `p epoch`: hash `id`, `cutoff`, `origin` (`new`, `kill`, `loss`).
//! - `p deny`: sorted set of `j:<jti>` and `f:<fid>`, scored by the time
//!   they stop mattering; what decoding reads.
//! - `p fam:<fid>`: hash `cur` (the current refresh `jti`, `!` once
//!   revoked), `prev` and `prev_until` (the retry window), `sub` (the
//!   family's subject key suffix).
//! - `p sub:<base64url(SHA-256(handle))>`: sorted set of the subject's
//!   families, scored by when each expires.

/// Shared helpers, prepended to the scripts that write the denylist.
const PRELUDE: &str = r"
local function extend(key, ttl)
  if redis.call('TTL', key) < tonumber(ttl) then redis.call('EXPIRE', key, ttl) end
end
local function deny(key, member, expiry, now, ttl)
  local score = redis.call('ZSCORE', key, member)
  if not score or tonumber(score) < tonumber(expiry) then
    redis.call('ZADD', key, expiry, member)
  end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  extend(key, ttl)
end
";

/// The current epoch, created if there is none.
/// KEYS: epoch. ARGV: id, cutoff, origin of a new one.
/// Returns {id, cutoff, origin, created (0/1)}.
pub(super) const EPOCH: &str = r"
local cur = redis.call('HMGET', KEYS[1], 'id', 'cutoff', 'origin')
if cur[1] then return {cur[1], cur[2], cur[3] or 'new', 0} end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'cutoff', ARGV[2], 'origin', ARGV[3])
return {ARGV[1], ARGV[2], ARGV[3], 1}
";

/// The kill switch: a new epoch, its cutoff never lower than the last one's.
/// KEYS: epoch. ARGV: id, cutoff.
pub(super) const KILL_SWITCH: &str = r"
local old = tonumber(redis.call('HGET', KEYS[1], 'cutoff') or '0')
local cutoff = math.max(old, tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'cutoff', string.format('%d', cutoff), 'origin', 'kill')
return 1
";

/// Records a family (and its subject's index entry), then returns the
/// current epoch's id (false if there is none).
/// KEYS: family, subject index (unused without a subject), epoch.
/// ARGV: refresh jti, ttl, until, fid, subject suffix or '', now.
pub(super) fn start_family() -> String {
    format!(
        "{PRELUDE}{}",
        r"
redis.call('HSET', KEYS[1], 'cur', ARGV[1], 'sub', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[6])
  extend(KEYS[2], ARGV[2])
end
return redis.call('HGET', KEYS[3], 'id')
"
    )
}

/// Denylists members and marks families revoked.
/// KEYS: deny, then the family hashes to mark. ARGV: until, now, ttl, then
/// the members (`j:<jti>`, `f:<fid>`).
pub(super) fn deny() -> String {
    format!(
        "{PRELUDE}{}",
        r"
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('HSET', KEYS[i], 'cur', '!')
    redis.call('HDEL', KEYS[i], 'prev', 'prev_until')
  end
end
for i = 4, #ARGV do deny(KEYS[1], ARGV[i], ARGV[1], ARGV[2], ARGV[3]) end
return #ARGV - 3
"
    )
}

/// Refresh rotation with reuse detection and the retry window.
/// KEYS: family, deny, epoch. ARGV: presented jti, its epoch, new jti,
/// family ttl, family until, grace (s), now, deny until, fid, prefix,
/// deny ttl. Returns {'ok'}, {'retry', current jti}, {'reused'} or
/// {'revoked'}.
pub(super) fn rotate() -> String {
    format!(
        "{PRELUDE}{}",
        r"
local now = tonumber(ARGV[7])
local function live(member)
  local score = redis.call('ZSCORE', KEYS[2], member)
  return score and tonumber(score) > now
end
if live('j:' .. ARGV[1]) or live('f:' .. ARGV[9]) then return {'revoked'} end
if redis.call('HGET', KEYS[3], 'id') ~= ARGV[2] then return {'revoked'} end
local fam = redis.call('HMGET', KEYS[1], 'cur', 'prev', 'prev_until', 'sub')
local cur = fam[1]
if not cur or cur == '!' then return {'revoked'} end
local server_now = tonumber(redis.call('TIME')[1])
if cur == ARGV[1] then
  redis.call('HSET', KEYS[1], 'cur', ARGV[3], 'prev', ARGV[1],
    'prev_until', server_now + tonumber(ARGV[6]))
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  if fam[4] and fam[4] ~= '' then
    local index = ARGV[10] .. 'sub:' .. fam[4]
    redis.call('ZADD', index, 'XX', ARGV[5], ARGV[9])
    extend(index, ARGV[4])
  end
  return {'ok'}
end
if fam[2] == ARGV[1] and server_now < tonumber(fam[3]) then return {'retry', cur} end
redis.call('HSET', KEYS[1], 'cur', '!')
redis.call('HDEL', KEYS[1], 'prev', 'prev_until')
deny(KEYS[2], 'f:' .. ARGV[9], ARGV[8], ARGV[7], ARGV[11])
return {'reused'}
"
    )
}
