/**
 * The Lua scripts a Redis state store runs: each reads and writes one store's keys in one step,
 * which Redis runs with no other command in between. A store is five keys:
 *
 *   KEYS[1] values     hash   key → the value as JSON
 *   KEYS[2] recency    zset   key → a sequence number, the least recently used lowest
 *   KEYS[3] deadlines  zset   key → the clock time it expires at (only entries with a TTL)
 *   KEYS[4] sizes      hash   key → its approximate bytes
 *   KEYS[5] meta       hash   seq (the last sequence number), bytes (the sum of sizes)
 *
 * The caller passes its clock's `now`: deadlines are on the shared simulated clock, which
 * `POST /__pixmock/clock` moves and Redis' own expiry would not see. Every write also drops a few
 * expired entries, and the least recently used beyond the store's entries or bytes.
 */
import { scriptOf, type RedisScript } from './redis-connection.js';

/** Expired entries one write drops besides its own, so the sweep never makes one write slow. */
const SWEEP_PER_WRITE = 32;

const COMMON = `
local values, recency, deadlines, sizes, meta = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local function drop(key)
  local size = redis.call('HGET', sizes, key)
  if not size then return false end
  redis.call('HDEL', values, key)
  redis.call('HDEL', sizes, key)
  redis.call('ZREM', recency, key)
  redis.call('ZREM', deadlines, key)
  redis.call('HINCRBY', meta, 'bytes', -tonumber(size))
  return true
end
local function sweep(now, limit)
  local expired
  if limit then expired = redis.call('ZRANGEBYSCORE', deadlines, '-inf', '(' .. now, 'LIMIT', 0, limit)
  else expired = redis.call('ZRANGEBYSCORE', deadlines, '-inf', '(' .. now) end
  for _, key in ipairs(expired) do drop(key) end
end
local function live(key, now)
  local deadline = redis.call('ZSCORE', deadlines, key)
  if deadline and tonumber(deadline) < tonumber(now) then
    drop(key)
    return false
  end
  return redis.call('HGET', values, key)
end
local function touch(key)
  redis.call('ZADD', recency, redis.call('HINCRBY', meta, 'seq', 1), key)
end
-- ARGV from index i: value, size, deadline ('' for none), now, max entries, max bytes
local function write(key, i)
  local value, size, deadline, now = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  local max, maxBytes = tonumber(ARGV[i + 4]), tonumber(ARGV[i + 5])
  drop(key)
  if size > maxBytes then return end
  redis.call('HSET', values, key, value)
  redis.call('HSET', sizes, key, size)
  redis.call('HINCRBY', meta, 'bytes', size)
  touch(key)
  if deadline ~= '' then redis.call('ZADD', deadlines, deadline, key) end
  sweep(now, ${SWEEP_PER_WRITE})
  while redis.call('ZCARD', recency) > max or tonumber(redis.call('HGET', meta, 'bytes') or 0) > maxBytes do
    drop(redis.call('ZRANGE', recency, 0, 0)[1])
  end
end
`;

/** ARGV: key, now → the value's JSON, or nil; a hit counts as a use. */
export const GET = script(`
local value = live(ARGV[1], ARGV[2])
if value then touch(ARGV[1]) end
return value
`);

/** ARGV: key, value, size, deadline, now, max, maxBytes. */
export const SET = script(`
write(ARGV[1], 2)
return 1
`);

/** ARGV: key, now → 1 when a live entry was there (and is now gone), else 0. */
export const DELETE = script(`
local value = live(ARGV[1], ARGV[2])
drop(ARGV[1])
if value then return 1 end
return 0
`);

/**
 * Compare and set, for `update`: writes (or, with an empty value, deletes) only while the entry is
 * still the JSON the caller read ('' for none). ARGV: key, expected, value, size, deadline, now,
 * max, maxBytes → 1 when written, 0 when another write came first.
 */
export const REPLACE = script(`
local key = ARGV[1]
if (live(key, ARGV[6]) or '') ~= ARGV[2] then return 0 end
if ARGV[3] == '' then drop(key) else write(key, 3) end
return 1
`);

/** ARGV: now → { entries, bytes } of the live entries. */
export const MEASURE = script(`
sweep(ARGV[1])
return { redis.call('ZCARD', recency), tonumber(redis.call('HGET', meta, 'bytes') or 0) }
`);

/** ARGV: now → the JSON of every live entry. */
export const VALUES = script(`
sweep(ARGV[1])
return redis.call('HVALS', values)
`);

function script(body: string): RedisScript {
  return scriptOf(`${COMMON}${body}`);
}
