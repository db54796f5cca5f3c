/**
 * Takes one token from each of the request's buckets, or from none: Redis runs a script without interleaving other
 * commands, so instances sharing a Redis never both spend the last token. The arithmetic is token-bucket.ts's
 * (refilled, msUntilToken, bucketTtlMs); the time comes from the caller, so that tests set it.
 *
 * KEYS: one hash per bucket (`tokens`, `updatedAt`).
 * ARGV: now (ms), then per bucket its capacity and refill per second.
 * Returns { 1, 0 } when allowed, { 0, ms until every bucket holds a token } when not (nothing is written then).
 */
export const TAKE_TOKENS_LUA = `
local now = tonumber(ARGV[1])
local states = {}
local wait = 0
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local refill = tonumber(ARGV[2 * i + 1])
  local stored = redis.call('HMGET', KEYS[i], 'tokens', 'updatedAt')
  local tokens = tonumber(stored[1])
  local updatedAt = tonumber(stored[2])
  if tokens == nil or updatedAt == nil then
    tokens = capacity
    updatedAt = now
  elseif now > updatedAt then
    tokens = math.min(capacity, tokens + (now - updatedAt) * refill / 1000)
    updatedAt = now
  end
  states[i] = { tokens, updatedAt, math.ceil(capacity * 1000 / refill) + 1000 }
  if tokens < 1 then
    local ms = math.ceil((1 - tokens) * 1000 / refill)
    if ms > wait then wait = ms end
  end
end
if wait > 0 then
  return { 0, wait }
end
for i = 1, #KEYS do
  -- %.17g keeps every bit of a double; Lua's default conversion keeps only 14 digits.
  redis.call('HSET', KEYS[i], 'tokens', string.format('%.17g', states[i][1] - 1),
    'updatedAt', string.format('%.17g', states[i][2]))
  redis.call('PEXPIRE', KEYS[i], states[i][3])
end
return { 1, 0 }
`;
