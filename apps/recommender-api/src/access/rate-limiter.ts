import { CircuitBreaker } from '../resilience/circuit-breaker';
import { ApiScope } from './api-scope';
import { RateLimitPolicy } from './rate-limit-policy';
import { RedisTokenBuckets } from './redis-token-buckets';
import { InMemoryTokenBuckets, TakeResult } from './token-bucket';

export interface RateLimiterOptions {
  /** Shared buckets; absent (no REDIS_URL): this process's memory only. */
  redis?: RedisTokenBuckets;
  /** Whether the Redis connection can take a command now (ioredis' status is `ready`). */
  redisReady?: () => boolean;
  /** Told when Redis failed and memory answered instead. */
  onRedisError?: (error: Error) => void;
  /** Opens after repeated Redis failures (a hung Redis): memory answers at once instead of after a timeout. */
  breaker?: CircuitBreaker;
  clock?: () => number;
}

/**
 * Per-key rate limits: a token bucket per key and scope, in Redis when the service has one (shared by all
 * instances), else in memory. While Redis is away the buckets of this process's memory answer instead: limits hold
 * per instance rather than not at all, and the feeds keep answering (a limiter must not turn a Redis outage into an
 * API outage).
 */
export class RateLimiter {
  private readonly memory = new InMemoryTokenBuckets();
  private readonly clock: () => number;

  constructor(
    private readonly policy: RateLimitPolicy,
    private readonly options: RateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Takes a token from the key's bucket of each scope, or from none. */
  async take(keyName: string, scopes: readonly ApiScope[]): Promise<TakeResult> {
    const charges = scopes.map((scope) => ({ scope, limit: this.policy[scope] }));
    const now = this.clock();
    const { redis, redisReady = () => true, breaker } = this.options;
    if (redis && redisReady() && (breaker?.tryAcquire() ?? true)) {
      try {
        const taken = await redis.take(keyName, charges, now);
        breaker?.succeeded();
        return taken;
      } catch (error) {
        breaker?.failed();
        this.options.onRedisError?.(error as Error);
      }
    }
    return this.memory.take(keyName, charges, now);
  }
}
