import { ApiScope } from './api-scope';
import { BucketLimit } from './rate-limit-policy';

/** A bucket as stored: its tokens at `updatedAt` (ms). */
export interface BucketState {
  tokens: number;
  updatedAt: number;
}

/** A request's answer from its buckets: allowed, or how long until it would be. */
export interface TakeResult {
  allowed: boolean;
  /** 0 when allowed; else the milliseconds until every bucket holds a token again. */
  retryAfterMs: number;
}

/** A bucket's tokens at `now`: refilled since `updatedAt`, up to capacity; a clock that went back refills nothing. */
export function refilled(state: BucketState | undefined, limit: BucketLimit, now: number): BucketState {
  if (state === undefined) return { tokens: limit.capacity, updatedAt: now };
  if (now <= state.updatedAt) return state;
  const tokens = Math.min(
    limit.capacity,
    state.tokens + ((now - state.updatedAt) * limit.refillPerSecond) / 1000,
  );
  return { tokens, updatedAt: now };
}

/** Milliseconds until a bucket with `tokens` holds one; 0 when it already does. */
export function msUntilToken(tokens: number, limit: BucketLimit): number {
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / limit.refillPerSecond);
}

/** How long a full bucket stays worth keeping: until it would be full again from empty, plus a second. */
export function bucketTtlMs(limit: BucketLimit): number {
  return Math.ceil((limit.capacity * 1000) / limit.refillPerSecond) + 1000;
}

/** A request costs one token of its key's bucket for each scope it is charged to. */
export interface ScopeCharge {
  scope: ApiScope;
  limit: BucketLimit;
}

/**
 * Token buckets in this process's memory: for a service without Redis, and while Redis is away. Takes one token
 * from every bucket of a request or from none (a request charged to two scopes passes only if both allow it), in
 * the same arithmetic as the Lua script (token-bucket.script.ts). Buckets are per configured key and scope, so
 * their number is bounded by the configuration; full ones are dropped when their TTL passes.
 */
export class InMemoryTokenBuckets {
  private readonly buckets = new Map<string, BucketState & { expiresAt: number }>();

  take(keyName: string, charges: readonly ScopeCharge[], now: number): TakeResult {
    const buckets = charges.map(({ scope }) => `${keyName}:${scope}`);
    const states = charges.map(({ limit }, i) => {
      const stored = this.buckets.get(buckets[i]);
      return refilled(stored && stored.expiresAt > now ? stored : undefined, limit, now);
    });
    const retryAfterMs = Math.max(
      0,
      ...states.map((state, i) => msUntilToken(state.tokens, charges[i].limit)),
    );
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    charges.forEach(({ limit }, i) => {
      this.buckets.set(buckets[i], {
        tokens: states[i].tokens - 1,
        updatedAt: states[i].updatedAt,
        expiresAt: now + bucketTtlMs(limit),
      });
    });
    return { allowed: true, retryAfterMs: 0 };
  }
}
