//! The Lua scripts `RedisStore` writes with: each runs alone on the server,
//! so what it reads and writes is atomic, and what it changes in the
//! denylist or the epoch it publishes in the same step (with the next event
//! sequence number) for the near caches. Times in `ARGV` are the
//! lifecycle's clock (seconds); the retry window alone is on the server's
//! clock (`TIME`), as a rotation may run long after it was sent (a Redis that
//! was paused).
//!
//! Key layout, under the prefix `p` (the configured prefix with its hash
//! tag, `claims:{claims}:` by default: every key of a store in one cluster
//! slot, so each script runs on one node):
//!
//! - `p epoch`: hash `id`, `cutoff`, `origin` (`new`, `kill`, `loss`).
//! - `p deny`: sorted set of `j:<jti>` and `f:<fid>`, scored by the time
//!   they stop mattering; what decoding reads.
//! - `p fam:<fid>`: hash `cur` (the current refresh `jti`, `!` once
//!   revoked), `prev` and `prev_until` (the retry window), `sub` (the
//!   family's subject key suffix).
//! - `p sub:<base64url(SHA-256(handle))>`: sorted set of the subject's
//!   families, scored by when each expires.
//! - `p seq`: the last event's sequence number; events go to the channel
//!   `p events` as JSON: `{"s":seq,"k":"d","u":until,"m":[members]}` (denied)
//!   or `{"s":seq,"k":"e","id":epoch,"c":cutoff,"o":origin}` (an epoch
//!   started or marked).
//!
//! Every script that publishes takes the sequence key as `KEYS[1]` and the
//! channel as `ARGV[1]`.

/// Shared helpers, prepended to every script.
const PRELUDE: &str = r"
local function extend(key, ttl)
  if redis.call('TTL', key) < tonumber(ttl) then redis.call('EXPIRE', key, ttl) end
end
local function publish(event)
  event.s = redis.call('INCR', KEYS[1])
  redis.call('PUBLISH', ARGV[1], cjson.encode(event))
end
local function deny(key, members, expiry, now, ttl)
  for _, member in ipairs(members) do
    local score = redis.call('ZSCORE', key, member)
    if not score or tonumber(score) < tonumber(expiry) then
      redis.call('ZADD', key, expiry, member)
    end
  end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  extend(key, ttl)
  publish({k = 'd', u = expiry, m = members})
end
";

fn with_prelude(body: &str) -> String {
    format!("{PRELUDE}{body}")
}

/// The current epoch, created (and published) if there is none.
/// KEYS: seq, epoch. ARGV: channel, id, cutoff, origin of a new one.
/// Returns {id, cutoff, origin, created (0/1)}.
pub(super) fn epoch() -> String {
    with_prelude(
        r"
local cur = redis.call('HMGET', KEYS[2], 'id', 'cutoff', 'origin')
if cur[1] then return {cur[1], cur[2], cur[3] or 'new', 0} end
redis.call('HSET', KEYS[2], 'id', ARGV[2], 'cutoff', ARGV[3], 'origin', ARGV[4])
publish({k = 'e', id = ARGV[2], c = ARGV[3], o = ARGV[4]})
return {ARGV[2], ARGV[3], ARGV[4], 1}
",
    )
}

/// A new epoch, its cutoff never lower than the last one's: the kill switch
/// (origin `kill`), or a store found to have lost its data (`loss`).
/// KEYS: seq, epoch. ARGV: channel, id, cutoff, origin.
pub(super) fn new_epoch() -> String {
    with_prelude(
        r"
local old = tonumber(redis.call('HGET', KEYS[2], 'cutoff') or '0')
local cutoff = string.format('%d', math.max(old, tonumber(ARGV[3])))
redis.call('HSET', KEYS[2], 'id', ARGV[2], 'cutoff', cutoff, 'origin', ARGV[4])
publish({k = 'e', id = ARGV[2], c = cutoff, o = ARGV[4]})
return 1
",
    )
}

/// Marks the current epoch as one started in a store that lost its data,
/// when another instance started it unaware: raises its cutoff (tokens
/// without a family issued before are refused) without replacing it (the
/// families started in it are valid).
/// KEYS: seq, epoch. ARGV: channel, id, cutoff. Returns 1 if it changed.
pub(super) fn mark_loss() -> String {
    with_prelude(
        r"
local cur = redis.call('HMGET', KEYS[2], 'id', 'cutoff', 'origin')
if cur[1] ~= ARGV[2] or cur[3] ~= 'new' then return 0 end
local cutoff = string.format('%d', math.max(tonumber(cur[2] or '0'), tonumber(ARGV[3])))
redis.call('HSET', KEYS[2], 'cutoff', cutoff, 'origin', 'loss')
publish({k = 'e', id = ARGV[2], c = cutoff, o = 'loss'})
return 1
",
    )
}

/// Records a family (and its subject's index entry), then returns the
/// current epoch's id and origin (false if there is none). Publishes
/// nothing: a family is not on the denylist.
/// KEYS: family, subject index (unused without a subject), epoch.
/// ARGV: refresh jti, ttl, until, fid, subject suffix or '', now.
pub(super) const START_FAMILY: &str = r"
redis.call('HSET', KEYS[1], 'cur', ARGV[1], 'sub', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[6])
  if redis.call('TTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
end
local e = redis.call('HMGET', KEYS[3], 'id', 'origin')
if not e[1] then return false end
return {e[1], e[2] or 'new'}
";

/// Denylists members and marks families revoked.
/// KEYS: seq, deny, then the family hashes to mark. ARGV: channel, until,
/// now, ttl, then the members (`j:<jti>`, `f:<fid>`).
pub(super) fn deny() -> String {
    with_prelude(
        r"
for i = 3, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('HSET', KEYS[i], 'cur', '!')
    redis.call('HDEL', KEYS[i], 'prev', 'prev_until')
  end
end
deny(KEYS[2], {unpack(ARGV, 5)}, ARGV[2], ARGV[3], ARGV[4])
return #ARGV - 4
",
    )
}

/// Refresh rotation with reuse detection and the retry window.
/// KEYS: seq, family, deny, epoch. ARGV: channel, presented jti, its epoch,
/// new jti, family ttl, family until, grace (s), now, deny until, fid,
/// prefix, deny ttl. Returns {'ok'}, {'retry', current jti}, {'reused'} or
/// {'revoked'}. (It also moves the subject index entry, a key it finds in
/// the family and builds from the prefix: the prefix's hash tag keeps it in
/// the slot of the declared keys, as a cluster requires.)
pub(super) fn rotate() -> String {
    with_prelude(
        r"
local now = tonumber(ARGV[8])
local function live(member)
  local score = redis.call('ZSCORE', KEYS[3], member)
  return score and tonumber(score) > now
end
if live('j:' .. ARGV[2]) or live('f:' .. ARGV[10]) then return {'revoked'} end
if redis.call('HGET', KEYS[4], 'id') ~= ARGV[3] then return {'revoked'} end
local fam = redis.call('HMGET', KEYS[2], 'cur', 'prev', 'prev_until', 'sub')
local cur = fam[1]
if not cur or cur == '!' then return {'revoked'} end
local server_now = tonumber(redis.call('TIME')[1])
if cur == ARGV[2] then
  redis.call('HSET', KEYS[2], 'cur', ARGV[4], 'prev', ARGV[2],
    'prev_until', server_now + tonumber(ARGV[7]))
  redis.call('EXPIRE', KEYS[2], ARGV[5])
  if fam[4] and fam[4] ~= '' then
    local index = ARGV[11] .. 'sub:' .. fam[4]
    redis.call('ZADD', index, 'XX', ARGV[6], ARGV[10])
    extend(index, ARGV[5])
  end
  return {'ok'}
end
if fam[2] == ARGV[2] and server_now < tonumber(fam[3]) then return {'retry', cur} end
redis.call('HSET', KEYS[2], 'cur', '!')
redis.call('HDEL', KEYS[2], 'prev', 'prev_until')
deny(KEYS[3], {'f:' .. ARGV[10]}, ARGV[9], ARGV[8], ARGV[12])
return {'reused'}
",
    )
}

/// What a near cache loads before it follows the events: the sequence
/// number, the epoch and the live denylist, read in one step.
/// KEYS: seq, epoch, deny. ARGV: now.
/// Returns {seq, epoch id or '', cutoff, origin, {member, score, ...}}.
pub(super) const SNAPSHOT: &str = r"
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local e = redis.call('HMGET', KEYS[2], 'id', 'cutoff', 'origin')
local denied = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. ARGV[1], '+inf', 'WITHSCORES')
return {seq, e[1] or '', e[2] or '0', e[3] or 'new', denied}
";

/// A near cache's heartbeat, published by a script so that it goes out
/// from the node that holds the store's keys (a cluster routes a script by
/// its keys), as the events do: pub/sub keeps the order of the messages of
/// one node, not across nodes.
/// KEYS: seq (for routing only). ARGV: the heartbeat channel, the payload.
pub(super) const HEARTBEAT: &str = r"
return redis.call('PUBLISH', ARGV[1], ARGV[2])
";
