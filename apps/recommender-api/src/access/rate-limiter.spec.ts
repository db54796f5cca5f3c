import { Redis } from 'ioredis';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { rateLimitPolicy } from './rate-limit-policy';
import { RateLimiter } from './rate-limiter';
import { RedisTokenBuckets } from './redis-token-buckets';

const TWO_A_SECOND = rateLimitPolicy(
  { capacity: 2, refillPerSecond: 1 },
  { admin: { capacity: 1, refillPerSecond: 1 } },
);

describe('RateLimiter', () => {
  const prefix = `test:rate-limiter:${process.pid}:${Date.now().toString(36)}:`;
  let now = 1_700_000_000_000;
  const clock = () => now;

  it('limits each scope with its own limit, in memory without Redis', async () => {
    const limiter = new RateLimiter(TWO_A_SECOND, { clock });
    expect((await limiter.take('app', ['travel'])).allowed).toBe(true);
    expect((await limiter.take('app', ['travel'])).allowed).toBe(true);
    expect(await limiter.take('app', ['travel'])).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect((await limiter.take('app', ['admin'])).allowed).toBe(true);
    expect((await limiter.take('app', ['admin'])).allowed).toBe(false);
    now += 1_000;
    expect((await limiter.take('app', ['travel'])).allowed).toBe(true);
  });

  it('shares the buckets of instances through Redis', async () => {
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const one = new RateLimiter(TWO_A_SECOND, { redis: new RedisTokenBuckets(redis, prefix), clock });
      const other = new RateLimiter(TWO_A_SECOND, { redis: new RedisTokenBuckets(redis, prefix), clock });
      expect((await one.take('shared', ['travel'])).allowed).toBe(true);
      expect((await other.take('shared', ['travel'])).allowed).toBe(true);
      expect((await one.take('shared', ['travel'])).allowed).toBe(false);
      expect((await other.take('shared', ['travel'])).allowed).toBe(false);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('limits in memory while Redis cannot be reached, and says so', async () => {
    // Nothing listens on port 1: every command fails at once (no offline queue, as AccessModule connects).
    const away = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    away.on('error', () => undefined);
    const failures: string[] = [];
    try {
      const limiter = new RateLimiter(TWO_A_SECOND, {
        redis: new RedisTokenBuckets(away, prefix),
        onRedisError: (error) => failures.push(error.message),
        clock,
      });
      expect((await limiter.take('app', ['catalog'])).allowed).toBe(true);
      expect((await limiter.take('app', ['catalog'])).allowed).toBe(true);
      expect(await limiter.take('app', ['catalog'])).toEqual({ allowed: false, retryAfterMs: 1_000 });
      expect(failures).toHaveLength(3);
    } finally {
      away.disconnect();
    }
  });

  it('does not ask a Redis that is not ready', async () => {
    const failures: Error[] = [];
    const never = new Redis('redis://127.0.0.1:1', { lazyConnect: true });
    const limiter = new RateLimiter(TWO_A_SECOND, {
      redis: new RedisTokenBuckets(never, prefix),
      redisReady: () => false,
      onRedisError: (error) => failures.push(error),
      clock,
    });
    expect((await limiter.take('app', ['networking'])).allowed).toBe(true);
    expect(failures).toEqual([]);
    expect(never.status).toBe('wait');
    never.disconnect();
  });

  it('stops asking a Redis that keeps failing once its circuit opens, and asks again after the cool-down', async () => {
    let asked = 0;
    const failing = {
      take: async () => {
        asked++;
        throw new Error('Command timed out');
      },
    } as unknown as RedisTokenBuckets;
    const breakerClock = { now: 0 };
    const limiter = new RateLimiter(TWO_A_SECOND, {
      redis: failing,
      clock,
      breaker: new CircuitBreaker({
        failureThreshold: 2,
        windowMs: 10_000,
        coolDownMs: 500,
        clock: () => breakerClock.now,
      }),
    });
    for (let i = 0; i < 4; i++) expect((await limiter.take(`app-${i}`, ['travel'])).allowed).toBe(true);
    // Two failures opened the circuit: the two later takes went to memory at once.
    expect(asked).toBe(2);
    breakerClock.now += 500;
    await limiter.take('app-4', ['travel']);
    expect(asked).toBe(3);
  });
});
