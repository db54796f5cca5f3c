import { Redis } from 'ioredis';
import { TAKE_TOKENS_LUA } from './token-bucket.script';
import { ScopeCharge, TakeResult } from './token-bucket';

/** ioredis adds a method per defined script to the client; this names ours. */
const TAKE_TOKENS_COMMAND = 'accessTakeTokens';
interface TakeTokensCommand {
  [TAKE_TOKENS_COMMAND](keyCount: number, ...keysThenArgs: (string | number)[]): Promise<[number, number]>;
}

/**
 * Token buckets in Redis, shared by every instance: one script call per request (token-bucket.script.ts), sent as
 * EVALSHA once loaded. Buckets are hashes under `<prefix>ratelimit:{<key name>}:<scope>`: the hash tag keeps a key's
 * buckets in one cluster slot, so a request charged to two scopes is one single-slot script call.
 */
export class RedisTokenBuckets {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string = '',
  ) {
    redis.defineCommand(TAKE_TOKENS_COMMAND, { lua: TAKE_TOKENS_LUA });
  }

  /** The Redis key of a bucket; key names are [A-Za-z0-9_.-] (api-key-list.ts), so they cannot move the hash tag. */
  bucketKey(keyName: string, scope: string): string {
    return `${this.keyPrefix}ratelimit:{${keyName}}:${scope}`;
  }

  /** Takes a token from the key's bucket of each charged scope, or from none; `now` in ms. */
  async take(keyName: string, charges: readonly ScopeCharge[], now: number): Promise<TakeResult> {
    const keys = charges.map((c) => this.bucketKey(keyName, c.scope));
    const args = charges.flatMap((c) => [c.limit.capacity, c.limit.refillPerSecond]);
    const [allowed, retryAfterMs] = await (this.redis as unknown as TakeTokensCommand)[TAKE_TOKENS_COMMAND](
      keys.length,
      ...keys,
      now,
      ...args,
    );
    return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMs) };
  }
}
