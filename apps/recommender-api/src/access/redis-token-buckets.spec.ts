import { Redis } from 'ioredis';
import { RedisTokenBuckets } from './redis-token-buckets';
import { InMemoryTokenBuckets, ScopeCharge } from './token-bucket';

const REDIS_URL = 'redis://127.0.0.1:6379';
const FIVE_A_SECOND: ScopeCharge = { scope: 'travel', limit: { capacity: 5, refillPerSecond: 1 } };

/** The Lua bucket on a real Redis; time is passed to the script, so nothing here depends on how fast it runs. */
describe('RedisTokenBuckets', () => {
  const prefix = `test:access:${process.pid}:${Date.now().toString(36)}:`;
  let redis: Redis;
  let buckets: RedisTokenBuckets;
  let run = 0;
  /** A key name of each test's own. */
  let app: string;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    buckets = new RedisTokenBuckets(redis, prefix);
  });
  beforeEach(() => {
    app = `app-${++run}`;
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('lets 5 requests through at once, answers the 6th with a wait of 1 s, and refills after', async () => {
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) {
      expect(await buckets.take(app, [FIVE_A_SECOND], t0)).toEqual({ allowed: true, retryAfterMs: 0 });
    }
    expect(await buckets.take(app, [FIVE_A_SECOND], t0)).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect(await buckets.take(app, [FIVE_A_SECOND], t0 + 250)).toEqual({ allowed: false, retryAfterMs: 750 });
    expect(await buckets.take(app, [FIVE_A_SECOND], t0 + 1_000)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await buckets.take(app, [FIVE_A_SECOND], t0 + 1_000)).toEqual({
      allowed: false,
      retryAfterMs: 1_000,
    });
    // 2.5 s later: 2.5 tokens, so 2 pass and the 3rd waits for the missing half token.
    expect((await buckets.take(app, [FIVE_A_SECOND], t0 + 3_500)).allowed).toBe(true);
    expect((await buckets.take(app, [FIVE_A_SECOND], t0 + 3_500)).allowed).toBe(true);
    expect(await buckets.take(app, [FIVE_A_SECOND], t0 + 3_500)).toEqual({
      allowed: false,
      retryAfterMs: 500,
    });
    // Long idle: full again, never more than the capacity.
    for (let i = 0; i < 5; i++)
      expect((await buckets.take(app, [FIVE_A_SECOND], t0 + 60_000)).allowed).toBe(true);
    expect((await buckets.take(app, [FIVE_A_SECOND], t0 + 60_000)).allowed).toBe(false);
  });

  it('stores the bucket as tokens and time, expiring when it would be full again', async () => {
    const t0 = 1_700_000_000_000;
    await buckets.take(app, [FIVE_A_SECOND], t0);
    const key = buckets.bucketKey(app, 'travel');
    expect(key).toBe(`${prefix}ratelimit:{${app}}:travel`);
    expect(await redis.hgetall(key)).toEqual({ tokens: '4', updatedAt: String(t0) });
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(5_000);
    expect(ttl).toBeLessThanOrEqual(6_000);
  });

  it('does not refill when a clock is behind the last request', async () => {
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) await buckets.take(app, [FIVE_A_SECOND], t0);
    expect(await buckets.take(app, [FIVE_A_SECOND], t0 - 10_000)).toEqual({
      allowed: false,
      retryAfterMs: 1_000,
    });
    expect((await buckets.take(app, [FIVE_A_SECOND], t0 + 1_000)).allowed).toBe(true);
  });

  it('takes from every charged bucket or from none, atomically', async () => {
    const travelOne: ScopeCharge = { scope: 'travel', limit: { capacity: 1, refillPerSecond: 1 } };
    const networkingTwo: ScopeCharge = { scope: 'networking', limit: { capacity: 2, refillPerSecond: 4 } };
    expect((await buckets.take(app, [travelOne, networkingTwo], 0)).allowed).toBe(true);
    expect(await buckets.take(app, [travelOne, networkingTwo], 0)).toEqual({
      allowed: false,
      retryAfterMs: 1_000,
    });
    expect((await buckets.take(app, [networkingTwo], 0)).allowed).toBe(true);
    expect(await buckets.take(app, [networkingTwo], 0)).toEqual({ allowed: false, retryAfterMs: 250 });
  });

  it('never lets more than the capacity through to concurrent callers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => buckets.take(app, [FIVE_A_SECOND], 1_700_000_000_000)),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(5);
  });

  it('answers as the in-memory buckets do, for the same requests at the same times', async () => {
    const memory = new InMemoryTokenBuckets();
    const limit = { capacity: 3, refillPerSecond: 2.5 };
    const charges: ScopeCharge[] = [{ scope: 'catalog', limit }];
    let now = 1_700_000_000_000;
    for (const step of [0, 0, 0, 0, 130, 270, 400, 0, 0, 1_999, 7, 5_000, 0, 0, 0, 0, 333]) {
      now += step;
      expect(await buckets.take(app, charges, now)).toEqual(memory.take(app, charges, now));
    }
  });
});
