/**
 * Appends an exposure record once per request id: the id is claimed (SET NX with a TTL) and the record appended to
 * the exposure stream in one script, so a replayed or retried record is refused before anything is written.
 * KEYS[1] the request id's claim, KEYS[2] the exposure stream; ARGV[1] the claim's TTL (ms), ARGV[2] the stream's
 * approximate maximum length, ARGV[3] the record's JSON. Answers 1 when appended, 0 for a replay.
 */
export const LOG_EXPOSURE_LUA = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
  return 0
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'exposure', ARGV[3])
return 1
`;

export const LOG_EXPOSURE_COMMAND = 'logExposure';
