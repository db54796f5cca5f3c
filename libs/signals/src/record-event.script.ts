import { EventEffects } from './event-effects';
import { ResolvedSignalStoreOptions } from './options';

/** What the script reads from ARGV[1]: the planned effects plus the settings it applies them with. */
export type RecordEventPlan = EventEffects &
  Pick<
    ResolvedSignalStoreOptions,
    | 'eventIdTtlMs'
    | 'recentPositivesCap'
    | 'negativeWindowMs'
    | 'seenWindowMs'
    | 'seenCap'
    | 'likedByCap'
    | 'retentionMs'
    | 'counterTtlMs'
    | 'affinityHalfLifeMs'
    | 'streamMaxLength'
  > & {
    /** The store's clock at write time; windows are trimmed relative to it. */
    now: number;
  };

export const RECORD_EVENT_KEY_COUNT = 10;

/**
 * Records one event atomically with its idempotency check: Redis runs a script without interleaving
 * other commands, so a duplicate is refused before anything is written and never half-applied.
 * The effects are planned in TypeScript (event-effects.ts); the in-memory store applies them in the same
 * order (in-memory-signal.store.ts), so the two stay alike.
 */
export const RECORD_EVENT_LUA = `
-- KEYS: 1 event id, 2 recent positives, 3 negatives, 4 seen, 5 seen counts, 6 affinities,
--       7 the target member's liked-by, 8 target impressions on the day, 9 target likes on the day,
--       10 event stream. Keys an event does not need are declared but left alone.
-- ARGV: 1 the plan (JSON), 2 the event (JSON, for the stream).
-- Returns 1 when recorded, 0 for a duplicate.
local plan = cjson.decode(ARGV[1])

if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', plan.eventIdTtlMs) then
  return 0
end

-- A seen target and its count leave together.
local function forgetSeen(targets)
  for _, target in ipairs(targets) do
    redis.call('ZREM', KEYS[4], target)
    redis.call('HDEL', KEYS[5], target)
  end
end

if plan.positive then
  -- GT: an older event arriving late never moves an entry back in time.
  redis.call('ZADD', KEYS[2], 'GT', plan.at, plan.positive)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(plan.recentPositivesCap + 1))
  redis.call('PEXPIRE', KEYS[2], plan.retentionMs)
end

if plan.negative then
  redis.call('ZADD', KEYS[3], 'GT', plan.at, plan.negative)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', plan.now - plan.negativeWindowMs)
  redis.call('PEXPIRE', KEYS[3], plan.negativeWindowMs)
end

if plan.seen then
  -- Forget what went a whole window unseen before counting, so its count starts again from one.
  forgetSeen(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', plan.now - plan.seenWindowMs))
  redis.call('ZADD', KEYS[4], 'GT', plan.at, plan.seen)
  redis.call('HINCRBY', KEYS[5], plan.seen, 1)
  forgetSeen(redis.call('ZRANGE', KEYS[4], 0, -(plan.seenCap + 1)))
  redis.call('PEXPIRE', KEYS[4], plan.seenWindowMs)
  redis.call('PEXPIRE', KEYS[5], plan.seenWindowMs)
end

if #plan.categories > 0 then
  -- The formula of addToAffinity in affinity.ts: decay to the newer of the two times, then add.
  for _, category in ipairs(plan.categories) do
    local score, updatedAt = plan.affinityWeight, plan.at
    local stored = redis.call('HGET', KEYS[6], category)
    if stored then
      local separator = string.find(stored, ':', 1, true)
      local storedScore = tonumber(string.sub(stored, 1, separator - 1))
      local storedAt = tonumber(string.sub(stored, separator + 1))
      if plan.at >= storedAt then
        score = storedScore * 0.5 ^ ((plan.at - storedAt) / plan.affinityHalfLifeMs) + plan.affinityWeight
      else
        score = storedScore + plan.affinityWeight * 0.5 ^ ((storedAt - plan.at) / plan.affinityHalfLifeMs)
        updatedAt = storedAt
      end
    end
    -- %.17g keeps every bit of a double; Lua's default conversion keeps only 14 digits.
    redis.call('HSET', KEYS[6], category, string.format('%.17g:%.17g', score, updatedAt))
  end
  redis.call('PEXPIRE', KEYS[6], plan.retentionMs)
end

if plan.likedBy then
  redis.call('ZADD', KEYS[7], 'GT', plan.at, plan.likedBy)
  redis.call('ZREMRANGEBYRANK', KEYS[7], 0, -(plan.likedByCap + 1))
  redis.call('PEXPIRE', KEYS[7], plan.retentionMs)
end

if plan.countImpression then
  redis.call('INCR', KEYS[8])
  redis.call('PEXPIRE', KEYS[8], plan.counterTtlMs)
end

if plan.countLike then
  redis.call('INCR', KEYS[9])
  redis.call('PEXPIRE', KEYS[9], plan.counterTtlMs)
end

redis.call('XADD', KEYS[10], 'MAXLEN', '~', plan.streamMaxLength, '*', 'event', ARGV[2])
return 1
`;
